//! A page's content stream, written straight as PDF operators: text as glyph ids of the subset
//! fonts (kerning from the shaper kept as TJ offsets), rules as stroked lines, images as
//! XObjects; and the page's link annotations (screen edition only).
//!
//! A line of text is one `Td` and one TJ array per font: the words justification placed are
//! strung together, each gap written as an offset from where the previous word ended, so a
//! stream holds little besides glyph codes (a text matrix and a scaling for each word made
//! streams twice as long, to draw, deflate and read).
//!
//! Word spaces: the typesetter places each word where justification puts it, so the page needs
//! no space glyphs to look right; but text extraction (copy, search, screen readers,
//! `pdftotext`) then has to guess word boundaries from gaps, and guesses wrong on a tight line.
//! So a space glyph ends every word that another follows on the same line; the offset after it
//! still puts the next word where the layout did, so the space's own width changes nothing.

use std::collections::HashMap;

use crate::fonts::Face;
use crate::typeset::{Page, PageItem};

use super::fonts::Fonts;
use pdf_writer::types::TextRenderingMode;
use std::io::Write as _;

use pdf_writer::{Name, TextStr};

use super::marks::{Marked, Marks};
use super::stream::{Out, glyph_code, r3};

/// Gaps narrower than this (points) are not word spaces (kerning, a footnote mark after a word).
const MIN_GAP: f32 = 0.5;

/// What drawing a page needs from the document being written.
pub struct Context<'a> {
    /// The height of the trimmed page, the bleed above and below it, and the leading of the
    /// text (a link's destination shows a line above its target).
    pub page_height: f32,
    pub bleed: f32,
    pub leading: f32,
    pub fonts: &'a Fonts,
    /// Image key → resource index (its place among the book's assets).
    pub images: &'a HashMap<String, usize>,
    /// Whether to make link annotations.
    pub links: bool,
    /// Object number of every page, for link destinations.
    pub page_ids: &'a [u32],
}

/// A drawn page: its content stream, its annotations (dictionaries, each to be written as an
/// object of its own, with the index of the page's link item each is made from) and its marked
/// content.
pub struct Drawn {
    pub content: Vec<u8>,
    pub annots: Vec<(usize, super::links::LinkAnnot)>,
    pub marks: Vec<Marked>,
}

/// Where items are drawn: an item at (x, y), y downwards from the top, goes to PDF's
/// (`x + x`, `top - y`), y upwards from the sheet's bottom.
#[derive(Clone, Copy)]
pub(super) struct Origin {
    pub x: f32,
    pub top: f32,
}

/// The page's own content stream — what is placed on the page: running head, folio, the front
/// matter — and all its link annotations. A page with a body ends its stream by moving the
/// origin to where its body goes; the body's stream ([`draw_body`]) follows.
pub fn draw_page(cx: &Context, page: &Page, first_mcid: usize, left: f32) -> Drawn {
    // Items are placed relative to the trimmed page; the sheet is the trimmed page plus the
    // bleed, the trimmed page `left` from the sheet's left edge.
    let b = cx.bleed;
    let sheet = Origin {
        x: left,
        top: cx.page_height + b,
    };
    let (body, own) = page.items.split_at(page.body_items);
    let mut out = Out::new(512);
    let body_links = body
        .iter()
        .filter(|item| matches!(item, PageItem::Link { .. }))
        .count();
    let mut list = Vec::new();
    let mut marks = Marks {
        list: &mut list,
        first: first_mcid,
        link_base: body_links,
    };
    draw_items(cx, own, sheet, &mut out, &mut marks);
    let mut annots = Vec::new();
    if cx.links {
        let body_at = Origin {
            x: b + page.shift,
            ..sheet
        };
        super::links::links(cx, body, body_at, 0, &mut annots);
        super::links::links(cx, own, sheet, body_links, &mut annots);
    }
    if page.body.is_some() {
        out.transform([1.0, 0.0, 0.0, 1.0, r3(left + page.shift), r3(b)]);
    }
    Drawn {
        content: out.finish(),
        annots,
        marks: list,
    }
}

/// The page's body as it was placed in its flow's geometry, on an unbled page: the same stream
/// for this body page in every edition cut from that flow.
pub fn draw_body(cx: &Context, page: &Page) -> (Vec<u8>, Vec<Marked>) {
    let mut out = Out::new(8192);
    let origin = Origin {
        x: 0.0,
        top: cx.page_height,
    };
    let mut list = Vec::new();
    let mut marks = Marks {
        list: &mut list,
        first: 0,
        link_base: 0,
    };
    draw_items(
        cx,
        &page.items[..page.body_items],
        origin,
        &mut out,
        &mut marks,
    );
    (out.finish(), list)
}

/// Draw `items` into `out`.
fn draw_items(cx: &Context, items: &[PageItem], o: Origin, out: &mut Out, marks: &mut Marks) {
    let mut text = TextMode::default();
    // The link rectangles: text inside one is the link's text (a body link's rectangle covers
    // its words on one line, a contents entry's its lines).
    let rects: Vec<(f32, f32, f32, f32)> = items
        .iter()
        .filter_map(|item| match item {
            PageItem::Link {
                x,
                y,
                width,
                height,
                ..
            } => Some((*x, *y, *width, *height)),
            _ => None,
        })
        .collect();
    let link_at = |x: f32, y: f32| {
        rects.iter().position(|&(lx, ly, w, h)| {
            x >= lx - 0.01 && x < lx + w - 0.01 && y >= ly && y <= ly + h
        })
    };
    for (i, item) in items.iter().enumerate() {
        match item {
            PageItem::Text { x, y, piece } => {
                let Some(font) = cx.fonts.get(piece.face) else {
                    continue;
                };
                let mark = Marked {
                    tag: piece.tag,
                    link: link_at(*x, *y).map(|k| marks.link_base + k),
                    lang: piece.lang.clone(),
                    bbox: None,
                    actual: piece.actual.clone(),
                };
                text.mark(out, mark, marks);
                let space = if piece.rise == 0.0 && followed(items, i, *x + piece.width(), *y) {
                    font.space
                } else {
                    None
                };
                // Spaced letters read as single letters to text extraction (poppler takes the
                // character spacing back out, and sees gaps): their text is given whole. So is
                // a piece with a cluster of several glyphs (a Bengali or Devanagari conjunct),
                // whose glyphs after the first stand for no text of their own (their Unicode
                // map gives them an invisible space, see `fonts::write`). (A word hyphenated at
                // a line end is given whole in the structure tree instead, see
                // `Marked::actual`: the page's text keeps its hyphen.)
                let spaced = piece.tracking != 0.0
                    || piece.glyphs.iter().any(|g| g.text.is_empty() && g.id != 0);
                if spaced {
                    text.enter(out);
                    let mut whole: String = piece.glyphs.iter().map(|g| g.text.as_str()).collect();
                    // The word space drawn in the span is part of its text.
                    if space.is_some() {
                        whole.push(' ');
                    }
                    out.begin_marked_content_with_properties(Name(b"Span"))
                        .properties()
                        .actual_text(TextStr(&whole));
                }
                let (slant, embolden) = cx.fonts.made_styles(piece.face);
                let drawn = FontUse {
                    resource: font.resource,
                    slant,
                    embolden,
                };
                text.start_or_continue(out, o, *x, *y, piece, drawn);
                let Some(run) = text.run.as_mut() else {
                    continue;
                };
                // The PDF advances by the font's own width (/W); the TJ offset (in thousandths
                // of an em, positive moves left) makes up the difference to the shaper's
                // advance — the kerning — and, between words, the gap justification gave.
                // Offsets under a thousandth of an em are carried to the next glyph instead of
                // written, so that rounding never drifts and the stream stays small.
                let glyphs = piece
                    .glyphs
                    .iter()
                    .map(|g| (g.id, g.advance))
                    .chain(space.map(|(gid, em)| (gid, em * piece.size)));
                let mut advance_sum = 0.0f32;
                for (gid, advance) in glyphs {
                    run.offset_if_due();
                    run.glyph(font.glyph(gid));
                    advance_sum += advance;
                    // Character spacing (Tc) moves after every glyph.
                    run.carry += font.width(gid) - (advance - piece.tracking) * 1000.0 / piece.size;
                }
                run.end = *x + advance_sum * piece.hscale;
                if spaced {
                    text.end_run(out);
                    out.end_marked_content();
                }
            }
            PageItem::Rule {
                x,
                y,
                length,
                thickness,
            } => {
                text.leave(out);
                out.begin_marked_content(Name(b"Artifact"))
                    .set_line_width(r3(*thickness))
                    .move_to(r3(o.x + x), r3(o.top - y))
                    .line_to(r3(o.x + x + length), r3(o.top - y))
                    .stroke()
                    .end_marked_content();
            }
            PageItem::Rect {
                x,
                y,
                width,
                height,
                colour,
                stroke,
            } => {
                text.leave(out);
                out.begin_marked_content(Name(b"Artifact"));
                let [r, g, b] = *colour;
                match stroke {
                    Some(w) => {
                        out.set_stroke_rgb(r, g, b).set_line_width(r3(*w));
                    }
                    // Black as black ink alone (a barcode's bars: printers refuse RGB black,
                    // which becomes four inks).
                    None if *colour == [0.0; 3] => {
                        out.set_fill_gray(0.0);
                    }
                    None => {
                        out.set_fill_rgb(r, g, b);
                    }
                }
                out.rect(r3(o.x + x), r3(o.top - y - height), r3(*width), r3(*height));
                if stroke.is_some() {
                    out.stroke();
                } else {
                    out.fill_nonzero();
                }
                out.end_marked_content();
            }
            PageItem::Colour([r, g, b]) => {
                text.end_run(out);
                out.set_fill_rgb(*r, *g, *b);
            }
            PageItem::Image {
                x,
                y,
                width,
                height,
                key,
                tag,
            } => {
                let Some(&index) = cx.images.get(key) else {
                    continue;
                };
                text.leave(out);
                let (left, bottom) = (o.x + x, o.top - y - height);
                marks.begin(
                    out,
                    Marked {
                        tag: *tag,
                        link: None,
                        lang: None,
                        bbox: Some([left, bottom, left + width, bottom + height]),
                        actual: None,
                    },
                );
                // The image's unit square scaled to the size the layout gave, its bottom-left
                // corner at (x, y + height).
                let name = format!("Im{index}");
                out.save_state()
                    .transform([r3(*width), 0.0, 0.0, r3(*height), r3(left), r3(bottom)])
                    .x_object(Name(name.as_bytes()))
                    .restore_state()
                    .end_marked_content();
            }
            PageItem::Turned { x, y, down, items } => {
                // The items drawn as on a page of their own whose top-left corner is at
                // (x, y), turned a quarter clockwise (down) or anticlockwise: their own text
                // state, ended inside the saved graphics state (this one's set back first,
                // as theirs starts from the defaults).
                text.finish(out);
                let (px, py) = (r3(o.x + x), r3(o.top - y));
                let turn = if *down {
                    [0.0, -1.0, 1.0, 0.0, px, py]
                } else {
                    [0.0, 1.0, -1.0, 0.0, px, py]
                };
                out.save_state().transform(turn);
                draw_items(cx, items, Origin { x: 0.0, top: 0.0 }, out, marks);
                out.restore_state();
            }
            PageItem::Link { .. } => {}
        }
    }
    text.finish(out);
}

/// The text state a content stream has reached: whether a text object is open, the font, size
/// and horizontal scaling set, where the text line starts, and the TJ array being written.
/// How a piece's font is drawn: its resource number, and whether it is slanted and
/// emboldened (see `Fonts::made_styles`).
#[derive(Clone, Copy)]
struct FontUse {
    resource: usize,
    slant: bool,
    embolden: bool,
}

struct TextMode {
    open: bool,
    font: Option<(Face, f32)>,
    /// Horizontal scaling (Tz ÷ 100) and character spacing (Tc, points). Part of the graphics
    /// state, so they outlive the text object; [`draw_items`] sets them back to 1 and 0
    /// before it returns.
    hscale: f32,
    tracking: f32,
    /// Where the current text line starts (PDF coordinates, as written), for relative `Td`.
    line: (f64, f64),
    /// Whether the text matrix is slanted (an italic made from an upright font), and whether
    /// glyphs are stroked as well as filled (a bold made from a regular font).
    slanted: bool,
    emboldened: bool,
    run: Option<Run>,
    /// The marked-content sequence open in the text object, if any (sequences never cross a
    /// text object's bounds).
    marked: Option<Marked>,
}

impl Default for TextMode {
    fn default() -> Self {
        TextMode {
            open: false,
            font: None,
            hscale: 1.0,
            tracking: 0.0,
            line: (0.0, 0.0),
            slanted: false,
            emboldened: false,
            run: None,
            marked: None,
        }
    }
}

/// An open TJ array: the pieces of one line in one font, size and scaling, each placed by an
/// offset from where the previous one ended rather than by a text matrix of its own — a line
/// costs one `Td` and one array, not a `Tm` (and `Tz`) per word.
struct Run {
    y: f32,
    face: Face,
    size: f32,
    hscale: f32,
    /// Where, in the layout, the last piece drawn ended (after its word space, if any).
    end: f32,
    /// How far the PDF's text position is ahead of the layout's, in thousandths of an em.
    carry: f32,
    /// The TJ array's glyph strings and offsets so far, written when the array ends.
    items: Vec<TjItem>,
}

/// An element of a TJ array: glyph ids, or an offset in thousandths of an em.
enum TjItem {
    Show(Vec<u16>),
    Adjust(i32),
}

impl Run {
    /// Add the carried offset, before the next glyph, once it reaches a thousandth of an em.
    fn offset_if_due(&mut self) {
        if self.carry.abs() >= 1.0 {
            let offset = self.carry.round();
            self.carry -= offset;
            self.items.push(TjItem::Adjust(offset as i32));
        }
    }

    /// Add a glyph (Identity-H: its code is the subset's glyph id).
    fn glyph(&mut self, gid: u16) {
        match self.items.last_mut() {
            Some(TjItem::Show(ids)) => ids.push(gid),
            _ => self.items.push(TjItem::Show(vec![gid])),
        }
    }

    /// Write the TJ array: glyph codes in literal strings, two bytes each (see [`Out`]).
    fn close(self, out: &mut Out) {
        out.raw(|bytes| {
            bytes.push(b'[');
            for item in &self.items {
                match item {
                    TjItem::Show(ids) => {
                        bytes.push(b'(');
                        for &gid in ids {
                            glyph_code(bytes, gid);
                        }
                        bytes.push(b')');
                    }
                    TjItem::Adjust(offset) => {
                        let _ = write!(bytes, "{offset}");
                    }
                }
            }
            bytes.extend_from_slice(b"]TJ\n");
        });
    }
}

impl TextMode {
    /// Make the TJ array ready for `piece` at (x, y): the open one, when `piece` continues its
    /// line in the same font, size and scaling; else a new one at `piece`'s position.
    fn start_or_continue(
        &mut self,
        out: &mut Out,
        o: Origin,
        x: f32,
        y: f32,
        piece: &crate::typeset::Piece,
        drawn: FontUse,
    ) {
        let FontUse {
            resource,
            slant,
            embolden,
        } = drawn;
        if let Some(run) = self.run.as_mut()
            && run.y == y
            && run.face == piece.face
            && run.size == piece.size
            && run.hscale == piece.hscale
            && self.tracking == piece.tracking
            && piece.rise == 0.0
        {
            // Tz scales offsets as it scales glyphs: the gap in unscaled thousandths, written
            // with the last glyph's remainder before the piece's first glyph.
            run.carry += (run.end - x) * 1000.0 / (piece.size * piece.hscale);
            return;
        }
        self.enter(out);
        if self.font != Some((piece.face, piece.size)) {
            let name = format!("F{resource}");
            out.set_font(Name(name.as_bytes()), r3(piece.size));
            self.font = Some((piece.face, piece.size));
        }
        // Font expansion: Tz scales the glyphs and the TJ offsets alike, so a scaled piece
        // ends where the layout put it.
        if self.hscale != piece.hscale {
            out.set_horizontal_scaling(r3(piece.hscale * 100.0));
            self.hscale = piece.hscale;
        }
        if self.tracking != piece.tracking {
            out.set_char_spacing(r3(piece.tracking));
            self.tracking = piece.tracking;
        }
        if self.emboldened != embolden {
            // Stroked as well as filled, with a line of 1/40 em: the weight of a bold.
            if embolden {
                out.set_line_width(r3(piece.size / 40.0))
                    .set_text_rendering_mode(TextRenderingMode::FillStroke);
            } else {
                out.set_text_rendering_mode(TextRenderingMode::Fill);
            }
            self.emboldened = embolden;
        }
        let (px, py) = (f64::from(o.x + x), f64::from(o.top - y));
        if slant || self.slanted {
            // A slanted (or, after one, an upright again) text matrix, set absolutely: 12°,
            // the slant of most italics.
            let (rx, ry) = (
                (px * 1000.0).round() / 1000.0,
                (py * 1000.0).round() / 1000.0,
            );
            let skew = if slant { 0.2126 } else { 0.0 };
            out.set_text_matrix([1.0, 0.0, skew, 1.0, rx as f32, ry as f32]);
            self.line = (rx, ry);
            self.slanted = slant;
        } else {
            // Move by the difference from the line start as written (rounded as `num`
            // rounds), so that rounding never accumulates from line to line.
            let dx = ((px - self.line.0) * 1000.0).round() / 1000.0;
            let dy = ((py - self.line.1) * 1000.0).round() / 1000.0;
            out.next_line(dx as f32, dy as f32);
            self.line = (self.line.0 + dx, self.line.1 + dy);
        }
        let mut run = Run {
            y,
            face: piece.face,
            size: piece.size,
            hscale: piece.hscale,
            end: x,
            carry: 0.0,
            items: Vec::with_capacity(8),
        };
        // What rounding the move left over, carried like any other.
        run.carry = ((self.line.0 - px) * 1000.0 / f64::from(piece.size * piece.hscale)) as f32;
        self.run = Some(run);
    }

    /// Make `mark` the marked-content sequence the next text is drawn in: the open one if it
    /// is the same, else a new one (in the text object, which is opened if need be).
    fn mark(&mut self, out: &mut Out, mark: Marked, marks: &mut Marks) {
        if self.open && self.marked.as_ref() == Some(&mark) {
            return;
        }
        self.enter(out);
        self.close_mark(out);
        marks.begin(out, mark.clone());
        self.marked = Some(mark);
    }

    /// End the open marked-content sequence, if any.
    fn close_mark(&mut self, out: &mut Out) {
        self.end_run(out);
        if self.marked.take().is_some() {
            out.end_marked_content();
        }
    }

    /// Close the TJ array, if one is open, and open a text object, if none is.
    fn enter(&mut self, out: &mut Out) {
        self.end_run(out);
        if !self.open {
            out.begin_text();
            self.open = true;
            self.line = (0.0, 0.0);
            self.slanted = false;
        }
    }

    /// Close the TJ array, if one is open.
    fn end_run(&mut self, out: &mut Out) {
        if let Some(run) = self.run.take() {
            run.close(out);
        }
    }

    /// Close the text object, if one is open: rules, rectangles and images are drawn outside.
    fn leave(&mut self, out: &mut Out) {
        self.close_mark(out);
        if self.open {
            out.end_text();
        }
        self.open = false;
        self.font = None;
    }

    /// Leave text, and set horizontal scaling back to 100 %, as the next stream expects.
    fn finish(&mut self, out: &mut Out) {
        self.leave(out);
        // The render mode is graphics state too.
        if self.emboldened {
            out.set_text_rendering_mode(TextRenderingMode::Fill);
            self.emboldened = false;
        }
        if self.hscale != 1.0 {
            out.set_horizontal_scaling(100.0);
            self.hscale = 1.0;
        }
        if self.tracking != 0.0 {
            out.set_char_spacing(0.0);
            self.tracking = 0.0;
        }
    }
}

/// Whether a word space follows the text item `i` ending at `end` on baseline `y`: another
/// text item on the same baseline starts at least [`MIN_GAP`] after it, or the next text item
/// is on another line (the line's last word: a space keeps it apart from the next line's
/// first in extracted text and in the structure's, which join lines without one) unless the
/// item ends in a hyphen.
fn followed(items: &[PageItem], i: usize, end: f32, y: f32) -> bool {
    let next = items[i + 1..].iter().find_map(|it| match it {
        PageItem::Text { x, y, .. } => Some((*x, *y)),
        _ => None,
    });
    let ends_in_hyphen = match &items[i] {
        PageItem::Text { piece, .. } => piece
            .glyphs
            .last()
            .is_some_and(|g| g.text.ends_with(['-', '\u{2010}', '/'])),
        _ => true,
    };
    next.is_some_and(|(nx, ny)| {
        if (ny - y).abs() <= 0.01 {
            nx - end >= MIN_GAP
        } else {
            !ends_in_hyphen
        }
    })
}
