//! The back cover: the barcode's box where the service looks for it, and the title, the
//! description, the authors and the publisher around it.

use crate::barcode::{Ean13, MODULES, QUIET_LEFT, QUIET_RIGHT};
use crate::document::Book;
use crate::error::{Error, Result};
use crate::fonts::Face;

use super::super::paragraph::{Align, ParaStyle, Setter};
use super::super::tags::{Role, Tag, Tags};
use super::super::{PageItem, Piece};
use super::{BLACK, IN, WHITE, at_value, centred_line};

/// The back cover's margin: inside every service's safe zone (Lulu's, the widest, is 0.5 in),
/// with room for the hyphens and stops a justified line hangs into the margin.
const BACK_MARGIN: f32 = 0.55 * IN;

/// A paragraph of the back cover: its lines (pieces with their x), leading, the space before
/// it, its colour, and whether it is the description (whose last lines go when the back is
/// full).
struct Block {
    lines: Vec<Vec<(f32, Piece)>>,
    leading: f32,
    before: f32,
    colour: [f32; 3],
    description: bool,
}
/// The width of an EAN-13 module at 100 % (ISO/IEC 15420: 0.33 mm).
const MODULE: f32 = 0.33 / 25.4 * IN;

/// The barcode's box on the back cover of a `w`×`h` trim: its top-left corner, and its items
/// from that corner: a white box with the ISBN above the bars and its digits below (the bars
/// 100 % black, at 100 % magnification or the largest that fits), or, without an ISBN, the
/// white box alone (KDP prints its barcode there).
pub(super) fn barcode(
    setter: &mut Setter,
    book: &Book,
    (w, h): (f32, f32),
    tag: Tag,
) -> Result<((f32, f32), Vec<PageItem>)> {
    let b = book.meta.print.service.barcode_box();
    let corner = (w - b.from_spine - b.width, h - b.from_bottom - b.height);
    let mut items = vec![PageItem::Rect {
        x: 0.0,
        y: 0.0,
        width: b.width,
        height: b.height,
        colour: WHITE,
        stroke: None,
    }];
    let Some(isbn) = book.meta.isbn.as_ref().and_then(|i| i.print.as_ref()) else {
        return Ok((corner, items));
    };
    let code = Ean13::from_isbn(&isbn.value).map_err(|why| {
        Error::from(at_value(
            book,
            &isbn.referenced,
            format!("`{}` cannot be printed as a barcode: {why}", isbn.value),
            "copy the ISBN again from its registration",
        ))
    })?;
    // The symbol with its quiet zones across the box at 100 % (0.33 mm modules) or less.
    let symbol = (QUIET_LEFT + MODULES + QUIET_RIGHT) as f32;
    let module = MODULE.min(b.width * 0.95 / symbol);
    let pad = 0.06 * IN;
    let size = 8.0;
    let x0 = (b.width - symbol * module) / 2.0 + QUIET_LEFT as f32 * module;
    let bars_top = pad + size * 1.25;
    let guard = 5.0 * module;
    let bars = b.height - bars_top - pad - size;
    for bar in code.bars() {
        items.push(PageItem::Rect {
            x: x0 + bar.x as f32 * module,
            y: bars_top,
            width: bar.width as f32 * module,
            height: bars + if bar.guard { guard } else { 0.0 },
            colour: BLACK,
            stroke: None,
        });
    }
    // The ISBN as written above (hyphenated, as the standard asks), the digits below: the
    // first left of the bars, then six under each half.
    items.push(PageItem::Colour(BLACK));
    let written = format!(
        "ISBN {}",
        isbn13(&isbn.value, &code).unwrap_or_else(|| isbn.value.trim().to_string())
    );
    let mid = x0 + MODULES as f32 * module / 2.0;
    items.extend(centred_line(
        setter,
        (&written, Face::Regular, size),
        mid,
        pad + size,
        tag,
    ));
    let digits = code.digits();
    let below = bars_top + bars + size * 0.95;
    let half = |k: f32| x0 + k * MODULES as f32 * module;
    let groups = [
        (&digits[..1], x0 - 4.5 * module),
        (&digits[1..7], (half(0.0) + 3.0 * module + half(0.5)) / 2.0),
        (&digits[7..], (half(0.5) + half(1.0) - 3.0 * module) / 2.0),
    ];
    for (text, centre) in groups {
        items.extend(centred_line(
            setter,
            (text, Face::Regular, size),
            centre,
            below,
            tag,
        ));
    }
    Ok((corner, items))
}

/// The back cover's text on a `w`-wide trim, from the top margin to `bottom`: the title, the
/// description, the authors with their affiliations; and at the foot, left of the barcode
/// (whose left edge is `barcode_left`), the publisher. The type is 11 pt, or smaller down to
/// 7 pt when the description needs the room; returns the items and how many lines of the
/// description still had none.
pub(super) fn items(
    setter: &mut Setter,
    book: &Book,
    tags: &mut Tags,
    (w, h): (f32, f32),
    (bottom, barcode_left): (f32, f32),
    colours: super::Colours,
) -> (Vec<PageItem>, usize) {
    let meta = &book.meta;
    let measure = w - 2.0 * BACK_MARGIN;
    let room = bottom - 0.25 * IN - BACK_MARGIN;
    let mut set_blocks = |size: f32| -> Vec<Block> {
        let leading = size * 1.35;
        let mut blocks: Vec<Block> = Vec::new();
        let mut block = |text: &str, (face, size, align): (Face, f32, Align), leading, before| {
            let style = ParaStyle {
                face,
                size,
                measure,
                indent: 0.0,
                align,
                hyphenate: align == Align::Justify,
            };
            let lines = setter
                .set_text(text, &style)
                .into_iter()
                .map(|l| l.pieces.into_iter().map(|p| (p.x, p.piece)).collect())
                .collect();
            Block {
                lines,
                leading,
                before,
                colour: colours.text,
                description: false,
            }
        };
        let title = (size * 1.6).round();
        let style = (Face::HeadingBold, title, Align::Left);
        blocks.push(block(&meta.title, style, title * 1.2, 0.0));
        if let Some(sub) = &meta.subtitle {
            let s = (size * 1.15).round();
            blocks.push(block(
                sub,
                (Face::HeadingItalic, s, Align::Left),
                s * 1.3,
                0.0,
            ));
        }
        for para in meta
            .description
            .iter()
            .flat_map(|d| d.split('\n'))
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let style = (Face::Regular, size, Align::Justify);
            blocks.push(Block {
                description: true,
                ..block(para, style, leading, 0.5 * leading)
            });
        }
        for (k, a) in meta.authors.iter().enumerate() {
            let gap = if k == 0 { 1.2 * leading } else { 0.4 * leading };
            let style = (Face::Bold, size, Align::Left);
            blocks.push(Block {
                colour: colours.accent,
                ..block(a.name(), style, leading, gap)
            });
            if let Some(aff) = a.affiliation() {
                let style = (Face::Italic, size, Align::Left);
                blocks.push(block(aff, style, leading, 0.0));
            }
        }
        blocks
    };
    let height = |blocks: &[Block]| -> f32 {
        blocks
            .iter()
            .filter(|b| !b.lines.is_empty())
            .map(|b| b.before + b.leading * b.lines.len() as f32)
            .sum()
    };
    let mut size = 11.0;
    let mut blocks = set_blocks(size);
    while height(&blocks) > room && size > 7.0 {
        size -= 0.5;
        blocks = set_blocks(size);
    }
    // Still too long: the description's last lines go, the title and the authors stay.
    let mut cut = 0;
    let mut excess = height(&blocks) - room;
    for block in blocks.iter_mut().rev().filter(|b| b.description) {
        while excess > 0.0 && !block.lines.is_empty() {
            block.lines.pop();
            excess -= block.leading;
            cut += 1;
            if block.lines.is_empty() {
                excess -= block.before;
            }
        }
    }
    let mut items = Vec::new();
    let mut y = BACK_MARGIN;
    for block in blocks.into_iter().filter(|b| !b.lines.is_empty()) {
        let tag = tags.open(Role::P);
        tags.close();
        items.push(PageItem::Colour(block.colour));
        y += block.before;
        for line in block.lines {
            // Authors beyond the room (a list of dozens) are left off too, and counted.
            if y + block.leading > BACK_MARGIN + room {
                cut += 1;
                continue;
            }
            y += block.leading;
            for (x, mut piece) in line {
                piece.tag = tag;
                items.push(PageItem::Text {
                    x: BACK_MARGIN + x,
                    y: y - block.leading * 0.25,
                    piece,
                });
            }
        }
    }
    // The publisher at the foot, left of the barcode.
    if let Some(p) = &meta.publisher {
        let tag = tags.open(Role::P);
        tags.close();
        items.push(PageItem::Colour(colours.accent));
        let style = ParaStyle {
            face: Face::Bold,
            size: 10.0,
            measure: (barcode_left - BACK_MARGIN - 0.25 * IN).max(IN),
            indent: 0.0,
            align: Align::Left,
            hyphenate: false,
        };
        let lines = setter.set_text(p, &style);
        let n = lines.len() as f32;
        for (k, line) in lines.into_iter().enumerate() {
            let y = h - BACK_MARGIN - (n - 1.0 - k as f32) * 13.0;
            for placed in line.pieces {
                let mut piece = placed.piece;
                piece.tag = tag;
                items.push(PageItem::Text {
                    x: BACK_MARGIN + placed.x,
                    y,
                    piece,
                });
            }
        }
    }
    (items, cut)
}

/// The ISBN-13 of an ISBN-10 written as `written` (its hyphens kept, 978 put before it, its
/// check digit the EAN's), for the line above the bars; None when it is an ISBN-13 already.
pub(super) fn isbn13(written: &str, code: &Ean13) -> Option<String> {
    let written = written.trim();
    let digits = written.chars().filter(char::is_ascii_alphanumeric).count();
    if digits != 10 {
        return None;
    }
    // The check digit (a digit or X) is the last character.
    let body = &written[..written.len() - 1];
    let check = code.digits().chars().last()?;
    let joint = if body.contains('-') { "-" } else { "" };
    Some(format!("978{joint}{body}{check}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_isbn_10_is_shown_as_its_isbn_13() {
        let code = Ean13::from_isbn("0-306-40615-2").unwrap();
        assert_eq!(isbn13("0-306-40615-2", &code).unwrap(), "978-0-306-40615-7");
        assert_eq!(isbn13("0306406152", &code).unwrap(), "9780306406157");
        let code = Ean13::from_isbn("978-602-03-3295-6").unwrap();
        assert_eq!(isbn13("978-602-03-3295-6", &code), None);
    }
}
