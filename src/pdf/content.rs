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

use std::sync::Arc;

use crate::fonts::Face;
use crate::typeset::tags::Tag;
use crate::typeset::{Page, PageItem, Target};

use super::fonts::Fonts;
use super::writer::{int, num};

/// Gaps narrower than this (points) are not word spaces (kerning, a footnote mark after a word).
const MIN_GAP: f32 = 0.5;

/// What drawing a page needs from the document being written.
pub struct Context<'a> {
    /// The height of the trimmed page, the bleed around it, and the leading of the text (a
    /// link's destination shows a line above its target).
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
    pub annots: Vec<(usize, LinkAnnot)>,
    pub marks: Vec<Marked>,
}

/// A marked-content sequence of a page's content (its MCID is its place among the page's):
/// what the structure tree makes of it (see `structure`).
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// The structure element it belongs to.
    pub tag: Tag,
    /// The text of a link: the index of the page's link item it is the text of.
    pub link: Option<usize>,
    /// The language of a span in another language.
    pub lang: Option<Arc<str>>,
    /// A figure's box, in the coordinates of the stream it is drawn in.
    pub bbox: Option<[f32; 4]>,
    /// The text it stands for, when not its glyphs' (a part of a word hyphenated at a line
    /// end: the first the whole word, the second nothing): the structure tree gives it as the
    /// ActualText of a span around it, so that screen readers and the structure's text read
    /// whole words while the page's text keeps the hyphen that is printed.
    pub actual: Option<Arc<str>>,
}

/// The marked content of the stream being drawn: what the sequences are, from the MCID the
/// stream starts at, and how many link items come before the stream's own.
struct Marks<'m> {
    list: &'m mut Vec<Marked>,
    first: usize,
    link_base: usize,
}

impl Marks<'_> {
    /// Begin a marked-content sequence for `mark`: text of a structure element, an image of
    /// one, or an artifact (anything not tagged: page furniture, rules, decorations).
    fn begin(&mut self, out: &mut Vec<u8>, mark: Marked) {
        if mark.tag == Tag::ARTIFACT || mark.tag.is_none() {
            out.extend_from_slice(b"/Artifact BMC\n");
            return;
        }
        out.extend_from_slice(b"/Span<</MCID ");
        int(out, (self.first + self.list.len()) as i64);
        if let Some(lang) = &mark.lang {
            out.extend_from_slice(b"/Lang");
            super::writer::text(out, lang);
        }
        out.extend_from_slice(b">>BDC\n");
        self.list.push(mark);
    }
}

/// Where items are drawn: an item at (x, y), y downwards from the top, goes to PDF's
/// (`x + x`, `top - y`), y upwards from the sheet's bottom.
#[derive(Clone, Copy)]
struct Origin {
    x: f32,
    top: f32,
}

/// The page's own content stream — what is placed on the page: running head, folio, the front
/// matter — and all its link annotations. A page with a body ends its stream by moving the
/// origin to where its body goes; the body's stream ([`draw_body`]) follows.
pub fn draw_page(cx: &Context, page: &Page, first_mcid: usize) -> Drawn {
    // Items are placed relative to the trimmed page; the sheet is the trimmed page plus the
    // bleed on every side.
    let b = cx.bleed;
    let sheet = Origin {
        x: b,
        top: cx.page_height + b,
    };
    let (body, own) = page.items.split_at(page.body_items);
    let mut out = Vec::with_capacity(512);
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
        links(cx, body, body_at, 0, &mut annots);
        links(cx, own, sheet, body_links, &mut annots);
    }
    if page.body.is_some() {
        out.extend_from_slice(b"1 0 0 1 ");
        num(&mut out, b + page.shift);
        out.push(b' ');
        num(&mut out, b);
        out.extend_from_slice(b" cm\n");
    }
    Drawn {
        content: out,
        annots,
        marks: list,
    }
}

/// The page's body as it was placed in its flow's geometry, on an unbled page: the same stream
/// for this body page in every edition cut from that flow.
pub fn draw_body(cx: &Context, page: &Page) -> (Vec<u8>, Vec<Marked>) {
    let mut out = Vec::with_capacity(8192);
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
    (out, list)
}

/// The link annotations of `items`, each with its link item's index among the page's (the
/// first of `items` being number `base`).
fn links(
    cx: &Context,
    items: &[PageItem],
    o: Origin,
    base: usize,
    annots: &mut Vec<(usize, LinkAnnot)>,
) {
    let found = items
        .iter()
        .filter(|item| matches!(item, PageItem::Link { .. }));
    for (k, item) in found.enumerate() {
        if let PageItem::Link {
            x,
            y,
            width,
            height,
            target,
            text,
        } = item
            && !matches!(target, Target::Place(_))
        {
            annots.push((
                base + k,
                link(
                    cx,
                    o.x + x,
                    o.top - y - height,
                    *width,
                    *height,
                    target,
                    o.top,
                    text,
                ),
            ));
        }
    }
}

/// Draw `items` into `out`.
fn draw_items(cx: &Context, items: &[PageItem], o: Origin, out: &mut Vec<u8>, marks: &mut Marks) {
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
                // character spacing back out, and sees gaps): their text is given whole. (A
                // word hyphenated at a line end is given whole in the structure tree instead,
                // see `Marked::actual`: the page's text keeps its hyphen.)
                let spaced = piece.tracking != 0.0;
                if spaced {
                    text.enter(out);
                    let mut whole: String = piece.glyphs.iter().map(|g| g.text.as_str()).collect();
                    // The word space drawn in the span is part of its text.
                    if space.is_some() {
                        whole.push(' ');
                    }
                    out.extend_from_slice(b"/Span<</ActualText");
                    super::writer::text(out, &whole);
                    out.extend_from_slice(b">>BDC\n");
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
                    run.offset_if_due(out);
                    if !run.string_open {
                        out.push(b'(');
                        run.string_open = true;
                    }
                    glyph_code(out, font.glyph(gid));
                    advance_sum += advance;
                    // Character spacing (Tc) moves after every glyph.
                    run.carry += font.width(gid) - (advance - piece.tracking) * 1000.0 / piece.size;
                }
                run.end = *x + advance_sum * piece.hscale;
                if spaced {
                    text.end_run(out);
                    out.extend_from_slice(b"EMC\n");
                }
            }
            PageItem::Rule {
                x,
                y,
                length,
                thickness,
            } => {
                text.leave(out);
                out.extend_from_slice(b"/Artifact BMC\n");
                num(out, *thickness);
                out.extend_from_slice(b" w\n");
                num(out, o.x + x);
                out.push(b' ');
                num(out, o.top - y);
                out.extend_from_slice(b" m ");
                num(out, o.x + x + length);
                out.push(b' ');
                num(out, o.top - y);
                out.extend_from_slice(b" l S\nEMC\n");
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
                out.extend_from_slice(b"/Artifact BMC\n");
                components(out, colour);
                out.extend_from_slice(if stroke.is_some() { b"RG " } else { b"rg " });
                if let Some(w) = stroke {
                    num(out, *w);
                    out.extend_from_slice(b" w ");
                }
                num(out, o.x + x);
                out.push(b' ');
                num(out, o.top - y - height);
                out.push(b' ');
                num(out, *width);
                out.push(b' ');
                num(out, *height);
                out.extend_from_slice(if stroke.is_some() {
                    b" re S\nEMC\n"
                } else {
                    b" re f\nEMC\n"
                });
            }
            PageItem::Colour(colour) => {
                text.end_run(out);
                components(out, colour);
                out.extend_from_slice(b"rg\n");
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
                out.extend_from_slice(b"q ");
                num(out, *width);
                out.extend_from_slice(b" 0 0 ");
                num(out, *height);
                out.push(b' ');
                num(out, o.x + x);
                out.push(b' ');
                num(out, o.top - y - height);
                out.extend_from_slice(b" cm /Im");
                int(out, index as i64);
                out.extend_from_slice(b" Do Q\nEMC\n");
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
    /// Whether a literal string is open in the array.
    string_open: bool,
}

impl Run {
    /// Write the carried offset, before the next glyph, once it reaches a thousandth of an em.
    /// (Only ever after a string: two numbers in a row would need a space between them.)
    fn offset_if_due(&mut self, out: &mut Vec<u8>) {
        if self.carry.abs() >= 1.0 {
            let offset = self.carry.round();
            self.carry -= offset;
            if self.string_open {
                out.push(b')');
                self.string_open = false;
            }
            int(out, offset as i64);
        }
    }

    fn close(self, out: &mut Vec<u8>) {
        if self.string_open {
            out.push(b')');
        }
        out.extend_from_slice(b"] TJ\n");
    }
}

impl TextMode {
    /// Make the TJ array ready for `piece` at (x, y): the open one, when `piece` continues its
    /// line in the same font, size and scaling; else a new one at `piece`'s position.
    fn start_or_continue(
        &mut self,
        out: &mut Vec<u8>,
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
            out.extend_from_slice(b"/F");
            int(out, resource as i64);
            out.push(b' ');
            num(out, piece.size);
            out.extend_from_slice(b" Tf\n");
            self.font = Some((piece.face, piece.size));
        }
        // Font expansion: Tz scales the glyphs and the TJ offsets alike, so a scaled piece
        // ends where the layout put it.
        if self.hscale != piece.hscale {
            num(out, piece.hscale * 100.0);
            out.extend_from_slice(b" Tz\n");
            self.hscale = piece.hscale;
        }
        if self.tracking != piece.tracking {
            num(out, piece.tracking);
            out.extend_from_slice(b" Tc\n");
            self.tracking = piece.tracking;
        }
        if self.emboldened != embolden {
            // Stroked as well as filled, with a line of 1/40 em: the weight of a bold.
            if embolden {
                num(out, piece.size / 40.0);
                out.extend_from_slice(b" w 2 Tr\n");
            } else {
                out.extend_from_slice(b"0 Tr\n");
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
            out.extend_from_slice(if slant { b"1 0 0.2126 1 " } else { b"1 0 0 1 " });
            num(out, rx as f32);
            out.push(b' ');
            num(out, ry as f32);
            out.extend_from_slice(b" Tm\n[");
            self.line = (rx, ry);
            self.slanted = slant;
        } else {
            // Move by the difference from the line start as written (rounded as `num`
            // rounds), so that rounding never accumulates from line to line.
            let dx = ((px - self.line.0) * 1000.0).round() / 1000.0;
            let dy = ((py - self.line.1) * 1000.0).round() / 1000.0;
            num(out, dx as f32);
            out.push(b' ');
            num(out, dy as f32);
            out.extend_from_slice(b" Td\n[");
            self.line = (self.line.0 + dx, self.line.1 + dy);
        }
        let mut run = Run {
            y,
            face: piece.face,
            size: piece.size,
            hscale: piece.hscale,
            end: x,
            carry: 0.0,
            string_open: false,
        };
        // What rounding the move left over, carried like any other.
        run.carry = ((self.line.0 - px) * 1000.0 / f64::from(piece.size * piece.hscale)) as f32;
        self.run = Some(run);
    }

    /// Make `mark` the marked-content sequence the next text is drawn in: the open one if it
    /// is the same, else a new one (in the text object, which is opened if need be).
    fn mark(&mut self, out: &mut Vec<u8>, mark: Marked, marks: &mut Marks) {
        if self.open && self.marked.as_ref() == Some(&mark) {
            return;
        }
        self.enter(out);
        self.close_mark(out);
        marks.begin(out, mark.clone());
        self.marked = Some(mark);
    }

    /// End the open marked-content sequence, if any.
    fn close_mark(&mut self, out: &mut Vec<u8>) {
        self.end_run(out);
        if self.marked.take().is_some() {
            out.extend_from_slice(b"EMC\n");
        }
    }

    /// Close the TJ array, if one is open, and open a text object, if none is.
    fn enter(&mut self, out: &mut Vec<u8>) {
        self.end_run(out);
        if !self.open {
            out.extend_from_slice(b"BT\n");
            self.open = true;
            self.line = (0.0, 0.0);
            self.slanted = false;
        }
    }

    /// Close the TJ array, if one is open.
    fn end_run(&mut self, out: &mut Vec<u8>) {
        if let Some(run) = self.run.take() {
            run.close(out);
        }
    }

    /// Close the text object, if one is open: rules, rectangles and images are drawn outside.
    fn leave(&mut self, out: &mut Vec<u8>) {
        self.close_mark(out);
        if self.open {
            out.extend_from_slice(b"ET\n");
        }
        self.open = false;
        self.font = None;
    }

    /// Leave text, and set horizontal scaling back to 100 %, as the next stream expects.
    fn finish(&mut self, out: &mut Vec<u8>) {
        self.leave(out);
        // The render mode is graphics state too.
        if self.emboldened {
            out.extend_from_slice(b"0 Tr\n");
            self.emboldened = false;
        }
        if self.hscale != 1.0 {
            out.extend_from_slice(b"100 Tz\n");
            self.hscale = 1.0;
        }
        if self.tracking != 0.0 {
            out.extend_from_slice(b"0 Tc\n");
            self.tracking = 0.0;
        }
    }
}

/// A colour's components, each followed by a space, for `rg` or `RG`.
fn components(out: &mut Vec<u8>, colour: &[f32; 3]) {
    for c in colour {
        num(out, *c);
        out.push(b' ');
    }
}

/// A glyph's two-byte code (Identity-H: the subset's glyph id) in a literal string: two bytes,
/// where hexadecimal takes four, so content streams are a third smaller to draw and deflate.
/// The string's delimiters and its escape character are escaped; a carriage return too, which
/// a reader would take for a line end.
fn glyph_code(out: &mut Vec<u8>, gid: u16) {
    for b in gid.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
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

/// A link annotation, ready to be written (see [`LinkAnnot::write`]).
pub struct LinkAnnot {
    /// Its rectangle, PDF coordinates.
    rect: [f32; 4],
    /// Its description: the link's text, else its address.
    contents: String,
    action: LinkAction,
}

enum LinkAction {
    Uri(Arc<str>),
    /// A page's object (None: not in this edition) and the top of the view.
    GoTo(Option<u32>, f32),
}

impl LinkAnnot {
    /// Write it as object `id` into `chunk`, its key in the parent tree `key`.
    pub fn write(&self, chunk: &mut pdf_writer::Chunk, id: pdf_writer::Ref, key: i32) {
        use pdf_writer::types::{ActionType, AnnotationFlags, AnnotationType};
        let [x0, y0, x1, y1] = self.rect;
        let mut a = chunk.annotation(id);
        a.subtype(AnnotationType::Link)
            .contents(pdf_writer::TextStr(&self.contents))
            // Printed as shown: PDF/UA wants annotations the same for every reader.
            .flags(AnnotationFlags::PRINT)
            .rect(pdf_writer::Rect::new(x0, y0, x1, y1))
            .border(0.0, 0.0, 0.0, None)
            .struct_parent(key);
        let mut action = a.action();
        match &self.action {
            LinkAction::Uri(uri) => {
                action
                    .action_type(ActionType::Uri)
                    .uri(pdf_writer::Str(uri.as_bytes()));
            }
            LinkAction::GoTo(page, top) => {
                action.action_type(ActionType::GoTo);
                let dest = action.destination();
                match page {
                    Some(page) => dest
                        .page(pdf_writer::Ref::new(*page as i32))
                        .xyz(0.0, *top, None),
                    None => dest.fit(),
                }
            }
        }
    }
}

/// The link annotation for a rectangle at (x, y), `w` × `h` (PDF coordinates), leading to
/// `target`, on a page whose top is `top`; `text` is the link's.
#[allow(clippy::too_many_arguments)]
fn link(
    cx: &Context,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    target: &Target,
    top: f32,
    text: &str,
) -> LinkAnnot {
    let contents = if text.trim().is_empty() {
        match target {
            Target::Uri(uri) => uri.to_string(),
            _ => String::new(),
        }
    } else {
        text.trim().to_string()
    };
    let action = match target {
        Target::Uri(uri) => LinkAction::Uri(uri.clone()),
        Target::Page { page, y } => {
            LinkAction::GoTo(cx.page_ids.get(*page).copied(), top - y + cx.leading)
        }
        // Pagination points every place at its page; `links` skips any left.
        Target::Place(_) => LinkAction::GoTo(None, 0.0),
    };
    LinkAnnot {
        rect: [x, y, x + w, y + h],
        contents,
        action,
    }
}
