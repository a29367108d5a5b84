//! The flow of a book's blocks into one vertical list: every line of every chapter as a box of
//! known height, with the spaces between them and where a page may break. Pagination then only
//! has to cut this list into pages.

use std::collections::HashMap;

use crate::document::{Align as CellAlign, Block, Chapter, Footnote, Inline, Table, plain_text};
use crate::fonts::Face;

use super::Geometry;
use super::fit;
use super::paginate::PART;
use super::paragraph::{Align, Line, Link, ParaStyle, Piece, Setter};
use super::tags::{Role, Tag, Tags};

/// One entry of the vertical list.
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Box(VBox),
    /// Vertical space; dropped at the top of a page.
    Space(f32),
    /// The next box starts a new page (chapter openings).
    NewPage,
}

/// Material that stays together on one page: a line, a table row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VBox {
    pub height: f32,
    /// Text: x from the text block's left edge, baseline from the box's top.
    pub texts: Vec<(f32, f32, Piece)>,
    /// Rules: x, y from the box's top, length, thickness.
    pub rules: Vec<(f32, f32, f32, f32)>,
    /// Whether a page may break just before this box.
    pub breakable: bool,
    pub marks: Vec<Mark>,
    /// Index of the chapter the box belongs to (footnote links resolve within it).
    pub chapter: usize,
    /// Footnotes referenced on this line (numbers within the chapter): they go to the foot of
    /// the page the line lands on.
    pub notes: Vec<usize>,
    /// For a table's body row: the header row, repeated when the row starts a page.
    pub table_head: Option<std::sync::Arc<VBox>>,
    /// Whether the line ends in a hyphen (added or explicit): a page should not end with it,
    /// so that no word is split across a page turn.
    pub ends_in_hyphen: bool,
    pub images: Vec<BoxImage>,
}

/// An image in a box: x from the text block's left edge, y (its top) from the box's top, its
/// size, its key in the book's assets, and the structure element it is.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxImage {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub key: String,
    pub tag: super::tags::Tag,
    /// The alternative text of an image set in a line, until the box is added to the flow
    /// and the image made a figure of its own (see `Flow::emit`).
    pub alt: Option<std::sync::Arc<str>>,
}

/// The images a book shows, by chapter index and URL as written: the asset key and the size in
/// pixels.
pub type Figures = HashMap<(usize, String), (String, u32, u32)>;

/// Something pagination records about where a box landed.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A heading: an outline entry (and, for level 1, a table-of-contents entry).
    Heading { title: String, level: u8 },
    /// A link target: footnote `n` of the box's chapter.
    Note(usize),
    /// A link target: the heading of this id in the box's chapter (empty: the chapter's
    /// title).
    Anchor(String),
    /// A link target that is no heading (an entry of the reference list): the element of this
    /// id in the box's chapter.
    Target(String),
}

/// The book as one vertical list, and its footnotes set for the foot of the page.
#[derive(Debug, Clone, Default)]
pub struct Flowed {
    pub list: Vec<V>,
    /// The lines of each footnote, by (chapter index, note number).
    pub notes: HashMap<(usize, usize), Vec<VBox>>,
}

/// Horizontal context of a block: its indents and text style.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    left: f32,
    right: f32,
    face: Face,
    size: f32,
    leading: f32,
}

impl Ctx {
    /// The context of a quote (or an aside) in this one: indented on the left (by less the
    /// deeper it is, see `fit`), its type a little smaller, down to three quarters of the
    /// text's. With whether its indent was squeezed. Its lines end where the text's do: a
    /// page keeps one right edge, which a page of notes in quotes (the Rust book's) had
    /// made two, 12 pt apart.
    fn quote(self, geo: &Geometry) -> (Ctx, bool) {
        let taken = self.left + self.right;
        let (step, squeezed) = fit::indent_step(self.size * 1.5, taken, 1.0, geo.measure, geo.size);
        let quote = Ctx {
            left: self.left + step,
            size: (self.size * 0.95).max(geo.size * 0.75),
            ..self
        };
        (quote, squeezed)
    }

    /// The context of a list's items in this one: indented on the left (by less the deeper
    /// it is, see `fit`), with whether the indent was squeezed.
    fn item(self, geo: &Geometry) -> (Ctx, bool) {
        let taken = self.left + self.right;
        let (step, squeezed) = fit::indent_step(self.size * 1.6, taken, 1.0, geo.measure, geo.size);
        let item = Ctx {
            left: self.left + step,
            ..self
        };
        (item, squeezed)
    }
}

/// Takes the list to cut pages from it (see `Flow::spill`).
type Spill<'a> = &'a mut dyn FnMut(&mut Vec<V>) -> bool;

struct Flow<'a> {
    setter: &'a mut Setter,
    /// Where the list goes to be cut into pages when it has grown long (a long chapter):
    /// returns whether pages were cut.
    spill: Option<Spill<'a>>,
    /// The list's length at which it is next handed to `spill`: doubled when no page was cut,
    /// so that a list no page break can be found in is not cut again and again.
    spill_at: usize,
    /// The least list length at which it is handed to `spill`.
    part: usize,
    /// List markers waiting for the first line of their item (innermost last).
    markers: Vec<(f32, f32, Piece)>,
    geo: Geometry,
    out: Vec<V>,
    chapter: usize,
    figures: &'a Figures,
    /// How many of the next boxes must stay with what precedes them (after a heading: its
    /// first two lines of text, whatever block they belong to).
    keep: u8,
    /// The id of the level-1 heading that titles the chapter when text comes before it: set
    /// as the chapter's title where it stands, not a second time above that text.
    title_heading: Option<String>,
    /// The chapter's structure elements, for the tagged PDF: every box's text and images
    /// belong to the innermost one open when the box is added.
    tags: Tags,
    /// The level the last heading was tagged with (the chapter's title: 1).
    heading_level: u8,
}

impl<'a> Flow<'a> {
    fn new(setter: &'a mut Setter, geo: &Geometry, chapter: usize, figures: &'a Figures) -> Self {
        // A chapter opens a page: no run of hyphens goes on from the chapter this thread set
        // before (which one that was depends on scheduling).
        setter.start_column();
        Flow {
            setter,
            spill: None,
            spill_at: PART,
            part: PART,
            markers: Vec::new(),
            geo: *geo,
            out: Vec::new(),
            chapter,
            figures,
            keep: 0,
            title_heading: None,
            tags: Tags::new(chapter as u32),
            heading_level: 1,
        }
    }

    /// Open a structure element of `role` in the current one, in the language text is set
    /// in when that is not the chapter's.
    fn open(&mut self, role: Role) -> Tag {
        let tag = self.tags.open(role);
        if let (Some(lang), Some(node)) = (self.setter.lang.clone(), self.tags.node_mut(tag)) {
            node.lang = Some(lang);
        }
        tag
    }

    /// The chapter's footnotes, set for the foot of the page before its text (pagination
    /// needs their height where they are referred to).
    fn notes(&mut self, chapter: &Chapter) -> Vec<((usize, usize), Vec<VBox>)> {
        let notes = chapter
            .footnotes
            .iter()
            .map(|note| ((self.chapter, note.number), self.note(note)))
            .collect();
        self.setter.start_column();
        self.keep = 0;
        notes
    }

    fn chapter(&mut self, chapter: &Chapter) {
        self.out.push(V::NewPage);
        // Chapter openings sink a fifth of the page.
        self.out.push(V::Space(
            (self.geo.height * 0.2 / self.geo.leading).round() * self.geo.leading,
        ));
        let ctx = self.body_ctx();
        // A chapter written in a division of its own (`::: {lang=en}`), its title first in
        // it: the title set as any chapter's, the rest as it stands.
        if let Some((title, rest)) = title_in_division(&chapter.blocks) {
            if let Block::Heading { content, id, .. } = title {
                self.chapter_title(content, Some(id));
            }
            self.blocks(&rest, ctx);
            return;
        }
        let mut blocks = chapter.blocks.as_slice();
        // The chapter's first level-1 heading is its title, set as the chapter head.
        if let Some(Block::Heading {
            level: 1,
            content,
            id,
        }) = blocks.first()
        {
            self.chapter_title(content, Some(id));
            blocks = &blocks[1..];
        } else if let Some((_, id)) = chapter.title_heading() {
            // Text before the chapter's first heading (an epigraph, a note): the heading is
            // the chapter's title where it stands, set once.
            self.title_heading = Some(id.to_string());
        } else {
            self.chapter_title(&[Inline::Text(chapter.title.clone())], None);
        }
        self.blocks(blocks, ctx);
    }

    fn body_ctx(&self) -> Ctx {
        Ctx {
            left: 0.0,
            right: 0.0,
            face: Face::Regular,
            size: self.geo.size,
            leading: self.geo.leading,
        }
    }

    /// The chapter's title, `id` the heading's it is set from.
    fn chapter_title(&mut self, content: &[Inline], id: Option<&str>) {
        let size = (self.geo.size * 1.75).round();
        let style = ParaStyle {
            face: Face::HeadingBold,
            size,
            measure: self.geo.measure,
            indent: 0.0,
            align: Align::Center,
            hyphenate: false,
        };
        let lines = self.setter.set_balanced(content, &style);
        let leading = size * 1.2;
        let title = plain_text(content);
        let depth = self.tags.depth();
        self.open(Role::H(1));
        self.heading_level = 1;
        for (i, line) in lines.into_iter().enumerate() {
            let marks = if i == 0 {
                let mut marks = vec![
                    Mark::Heading {
                        title: title.clone(),
                        level: 1,
                    },
                    Mark::Anchor(String::new()),
                ];
                marks.extend(id.map(|id| Mark::Anchor(id.to_string())));
                marks
            } else {
                vec![]
            };
            self.push_line(line, 0.0, leading, size, false, marks);
        }
        self.tags.close_to(depth);
        self.out.push(V::Space(self.geo.leading * 2.0));
        self.keep = 2;
    }

    fn blocks(&mut self, blocks: &[Block], ctx: Ctx) {
        let outer = self.setter.lang.clone();
        // A division that is no aside is part of the text around it (its first paragraph
        // indented as any other), only in its language.
        let blocks = in_divisions(blocks, &outer);
        let mut prev_para = false;
        // Each block's structure element is closed when the next block begins.
        let depth = self.tags.depth();
        for (i, (block, lang)) in blocks.iter().enumerate() {
            self.tags.close_to(depth);
            let block = *block;
            self.setter.lang = lang.clone();
            let first = i == 0;
            match block {
                Block::Paragraph(inlines) if self.figure(inlines, ctx, first) => {}
                // A displayed formula: set apart by half a line above and below, as TeX
                // displays one; the paragraph after it is not indented.
                Block::Paragraph(inlines) if paragraphs::is_display_math(inlines) => {
                    self.space_between(first, ctx);
                    self.open(Role::P);
                    self.paragraph(inlines, ctx, 0.0);
                }
                Block::Paragraph(inlines) => {
                    let indent = if prev_para { ctx.size } else { 0.0 };
                    self.open(Role::P);
                    self.paragraph(inlines, ctx, indent);
                    prev_para = true;
                    continue;
                }
                Block::Heading { content, id, .. } if self.title_heading.as_ref() == Some(id) => {
                    self.title_heading = None;
                    if !first {
                        self.out.push(V::Space(ctx.leading * 2.0));
                    }
                    self.chapter_title(content, Some(id));
                }
                Block::Heading { level, content, id } => {
                    if !first {
                        self.out.push(V::Space(ctx.leading));
                    }
                    let (face, size) = match level {
                        1 | 2 => (Face::HeadingBold, (ctx.size * 1.2).round()),
                        3 => (Face::HeadingBold, ctx.size),
                        _ => (Face::HeadingItalic, ctx.size),
                    };
                    let style = ParaStyle {
                        face,
                        size,
                        measure: self.geo.measure - ctx.left - ctx.right,
                        indent: 0.0,
                        align: Align::Left,
                        hyphenate: false,
                    };
                    let title = plain_text(content);
                    let lines = self.setter.set_balanced(content, &style);
                    // Tagged one level below the heading before it at most (a chapter's title
                    // is H1): a reader's tools take a skipped level for a missing heading.
                    let tagged = (*level).clamp(2, 6).min(self.heading_level + 1);
                    self.heading_level = tagged;
                    self.open(Role::H(tagged));
                    for (n, line) in lines.into_iter().enumerate() {
                        let marks = if n == 0 {
                            vec![
                                Mark::Heading {
                                    title: title.clone(),
                                    level: (*level).max(2),
                                },
                                Mark::Anchor(id.clone()),
                            ]
                        } else {
                            vec![]
                        };
                        self.push_line(line, ctx.left, ctx.leading, size, n == 0, marks);
                    }
                    self.out.push(V::Space(ctx.leading * 0.5));
                    self.keep = 2;
                    prev_para = false;
                    continue;
                }
                Block::List { start, items, .. } => {
                    self.space_between(first, ctx);
                    self.open(Role::L);
                    self.list(*start, items, ctx);
                }
                Block::BlockQuote(inner) => {
                    self.space_between(first, ctx);
                    self.open(Role::BlockQuote);
                    self.blocks(inner, ctx.quote(&self.geo).0);
                }
                // An aside (the others are taken apart by `in_divisions`): indented as a
                // quotation is, apart from the text around it, in its language.
                Block::Div(div) => {
                    self.space_between(first, ctx);
                    self.open(Role::Div);
                    self.blocks(&div.blocks, ctx.quote(&self.geo).0);
                }
                Block::Definitions(items) => {
                    self.space_between(first, ctx);
                    // Each term in bold, kept with its definitions, which are indented as a
                    // list's items are.
                    let term_ctx = Ctx {
                        face: ctx.face.with_bold(),
                        ..ctx
                    };
                    let inner = ctx.item(&self.geo).0;
                    // A list whose items' labels are the terms.
                    self.open(Role::L);
                    let list = self.tags.depth();
                    for (k, d) in items.iter().enumerate() {
                        self.tags.close_to(list);
                        if k > 0 {
                            self.out.push(V::Space(ctx.leading * 0.25));
                        }
                        self.open(Role::LI);
                        self.open(Role::Lbl);
                        self.paragraph(&d.term, term_ctx, 0.0);
                        self.tags.close();
                        self.keep = 2;
                        self.open(Role::LBody);
                        for detail in &d.details {
                            self.blocks(detail, inner);
                        }
                    }
                }
                Block::CodeBlock { text, .. } => {
                    self.space_between(first, ctx);
                    self.open(Role::Code);
                    self.code(text, ctx);
                }
                Block::Table(table) => {
                    self.space_between(first, ctx);
                    self.table(table, ctx);
                }
                Block::References(list) => {
                    self.space_between(first, ctx);
                    self.references(list, ctx);
                }
                Block::ThematicBreak => {
                    self.space_between(first, ctx);
                    let len = self.geo.measure / 5.0;
                    let x = ctx.left + (self.geo.measure - ctx.left - ctx.right - len) / 2.0;
                    let vbox = VBox {
                        height: ctx.leading,
                        rules: vec![(x, ctx.leading * 0.5, len, 0.5)],
                        breakable: true,
                        chapter: self.chapter,
                        ..VBox::default()
                    };
                    self.emit(vbox);
                }
                Block::Caption(content) => {
                    // Below a displayed block (a listing's caption) it stays on its page;
                    // above one (a file name), the block's first lines stay with it.
                    let after_figure = i > 0
                        && matches!(&blocks[i - 1].0, Block::Paragraph(p) if crate::document::lone_image(p).is_some());
                    let below = after_figure
                        || i > 0
                            && !matches!(
                                blocks[i - 1].0,
                                Block::Paragraph(_) | Block::Heading { .. } | Block::Caption(_)
                            );
                    if below {
                        if matches!(self.out.last(), Some(V::Space(_))) {
                            self.out.pop();
                        }
                    } else {
                        self.space_between(first, ctx);
                    }
                    self.open(Role::Caption);
                    self.caption(content, ctx, below, after_figure);
                    if !below {
                        self.out.push(V::Space(ctx.leading * 0.25));
                        self.keep = 2;
                        prev_para = false;
                        continue;
                    }
                }
                Block::Html(html) => {
                    self.space_between(first, ctx);
                    self.open(Role::Code);
                    let code_ctx = ctx;
                    self.code(html, code_ctx);
                }
            }
            // After a displayed block, space; the next paragraph is not indented.
            self.out.push(V::Space(ctx.leading * 0.5));
            prev_para = false;
        }
        self.tags.close_to(depth);
        self.setter.lang = outer;
    }

    /// Add a box to the list; right after a heading a page may not break before it.
    fn emit(&mut self, mut vbox: VBox) {
        // What no element claimed belongs to the innermost open one; an image set in a line
        // is a figure of its own in it, or, marked as decoration, an artifact.
        let current = self.tags.current();
        for (_, _, piece) in &mut vbox.texts {
            if piece.tag.is_none() {
                piece.tag = current;
            }
        }
        for image in &mut vbox.images {
            if image.tag.is_none() {
                image.tag = match image.alt.take() {
                    Some(alt) => {
                        let tag = self.tags.open(Role::Figure);
                        self.tags.close();
                        if let Some(node) = self.tags.node_mut(tag) {
                            node.alt = Some(alt);
                        }
                        tag
                    }
                    None => Tag::ARTIFACT,
                };
            }
        }
        if self.keep > 0 {
            vbox.breakable = false;
            self.keep -= 1;
        }
        // First in the box, so that text extraction reads a list's marker before its item.
        if !self.markers.is_empty() {
            let markers = std::mem::take(&mut self.markers);
            vbox.texts.splice(0..0, markers);
        }
        self.out.push(V::Box(vbox));
        if self.out.len() >= self.spill_at
            && let Some(spill) = &mut self.spill
        {
            let cut = spill(&mut self.out);
            self.spill_at = if cut {
                self.part.max(self.out.len() * 2)
            } else {
                self.spill_at * 2
            };
        }
    }

    fn space_between(&mut self, first: bool, ctx: Ctx) {
        if !first && !matches!(self.out.last(), Some(V::Space(_))) {
            self.out.push(V::Space(ctx.leading * 0.5));
        }
    }

    fn push_line(
        &mut self,
        line: Line,
        x: f32,
        leading: f32,
        size: f32,
        breakable: bool,
        marks: Vec<Mark>,
    ) {
        let parts = line_parts(&line, x, leading, size);
        let notes = line
            .pieces
            .iter()
            .filter_map(|p| match p.piece.link {
                Some(Link::Note(n)) => Some(n),
                _ => None,
            })
            .collect();
        let ends_in_hyphen = line.hyphenated
            || line
                .pieces
                .last()
                .and_then(|p| p.piece.glyphs.last())
                .is_some_and(|g| g.text.ends_with('-'));
        let chapter = self.chapter;
        self.emit(VBox {
            height: parts.height,
            texts: parts.texts,
            images: parts.images,
            breakable,
            marks,
            chapter,
            notes,
            ends_in_hyphen,
            ..VBox::default()
        });
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], ctx: Ctx) {
        let inner = ctx.item(&self.geo).0;
        for (i, item) in items.iter().enumerate() {
            let marker = match start {
                Some(n) => format!("{}.", n + i as u64),
                None => "•".to_string(),
            };
            // Hang the marker left of the item's first line (the next box made: see `emit`);
            // an item with no line has none.
            let glyphs = self.setter.shaper.shape(&marker, ctx.face, ctx.size);
            let width: f32 = glyphs.iter().map(|g| g.advance).sum();
            let list = self.tags.depth();
            self.open(Role::LI);
            let label = self.open(Role::Lbl);
            self.tags.close();
            self.open(Role::LBody);
            let piece = Piece {
                tag: label,
                ..Piece::plain(ctx.face, ctx.size, glyphs)
            };
            let baseline = ctx.leading - 0.25 * ctx.size;
            let waiting = self.markers.len();
            // An outer item's marker comes before this one's, in the same box. Its gap to the
            // text, 0.4 em, is a little under TeX's 0.5 em label separation: a bullet set
            // that far reads as detached from its item (and, to a justification measure, as
            // a word space of twice the normal).
            self.markers
                .push((inner.left - width - ctx.size * MARKER_GAP, baseline, piece));
            self.blocks(item, inner);
            self.tags.close_to(list);
            self.markers.truncate(waiting);
            // Items of a list are not separated by extra space.
            if matches!(self.out.last(), Some(V::Space(_))) {
                self.out.pop();
            }
        }
    }

    /// One footnote set for the foot of the page: smaller type, its number first, the first
    /// line marked as the target of the note's links.
    fn note(&mut self, note: &Footnote) -> Vec<VBox> {
        let ctx = Ctx {
            size: self.geo.size * 0.85,
            leading: (self.geo.leading * 0.85 * 4.0).round() / 4.0,
            ..self.body_ctx()
        };
        let mut blocks = note.blocks.clone();
        let number = Inline::Text(format!("{}.\u{a0}", note.number));
        match blocks.first_mut() {
            Some(Block::Paragraph(inlines)) => inlines.insert(0, number),
            _ => blocks.insert(0, Block::Paragraph(vec![number])),
        }
        let saved = std::mem::take(&mut self.out);
        let depth = self.tags.depth();
        let tag = self.open(Role::Note);
        if let Some(node) = self.tags.node_mut(tag) {
            node.id = Some(format!("note-{}-{}", self.chapter + 1, note.number));
        }
        self.blocks(&blocks, ctx);
        self.tags.close_to(depth);
        let laid = std::mem::replace(&mut self.out, saved);
        let mut boxes: Vec<VBox> = laid
            .into_iter()
            .filter_map(|v| match v {
                V::Box(b) => Some(b),
                V::Space(h) => Some(VBox {
                    height: h,
                    chapter: self.chapter,
                    ..VBox::default()
                }),
                V::NewPage => None,
            })
            .collect();
        while boxes
            .last()
            .is_some_and(|b| b.texts.is_empty() && b.rules.is_empty())
        {
            boxes.pop();
        }
        if let Some(first) = boxes.first_mut() {
            first.marks.push(Mark::Note(note.number));
        }
        boxes
    }
}

/// Code's type size, as a share of the text's (the monospaced face looks larger).
pub const CODE_SCALE: f32 = 0.85;

/// The gap between a list item's marker and its text, in ems (see `Flow::list`).
const MARKER_GAP: f32 = 0.4;

/// A set line as a box's content (text and images).
#[path = "layout_line.rs"]
mod line;
use line::line_parts;

/// Figures and captions.
#[path = "layout_figure.rs"]
mod figure;
pub use figure::figure_size;

/// Tables, a block of their own making.
#[path = "layout_table.rs"]
mod table;

/// What the layout squeezes, for warnings.
#[path = "layout_squeeze.rs"]
mod squeeze;
pub use squeeze::squeezes;

/// Code listings: whole lines, or broken where code breaks.
#[path = "layout_code.rs"]
mod code;

/// Divisions in the flow: in their language, a chapter's title inside one.
#[path = "layout_divisions.rs"]
mod divisions;
use divisions::{in_divisions, title_in_division};

/// The reference list: entries with a hanging indent or a column of labels.
#[path = "layout_references.rs"]
mod references;

/// Paragraphs, set whole or, when very long, a part at a time.
#[path = "layout_paragraph.rs"]
mod paragraphs;

/// The book's chapters flowed in runs, and the pages cut from them as they go.
#[path = "layout_runs.rs"]
mod runs;
pub use runs::{flow_book, flow_pages};

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
