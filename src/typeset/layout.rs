//! The flow of a book's blocks into one vertical list: every line of every chapter as a box of
//! known height, with the spaces between them and where a page may break. Pagination then only
//! has to cut this list into pages.

use crate::document::{Align as CellAlign, Block, Book, Chapter, Inline, Table, plain_text};
use crate::fonts::Face;

use super::Geometry;
use super::paragraph::{Align, Line, ParaStyle, Piece, Setter};

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
}

/// Something pagination records about where a box landed.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// A heading: an outline entry (and, for level 1, a table-of-contents entry).
    Heading { title: String, level: u8 },
    /// A link target: footnote `n` of the box's chapter.
    Note(usize),
}

/// Lay out every chapter of `book`.
pub fn flow_book(book: &Book, setter: &mut Setter, geo: &Geometry) -> Vec<V> {
    let mut flow = Flow {
        setter,
        geo: *geo,
        out: Vec::new(),
        chapter: 0,
    };
    for (i, chapter) in book.chapters.iter().enumerate() {
        flow.chapter = i;
        flow.chapter(chapter);
    }
    flow.out
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

struct Flow<'a> {
    setter: &'a mut Setter,
    geo: Geometry,
    out: Vec<V>,
    chapter: usize,
}

impl Flow<'_> {
    fn chapter(&mut self, chapter: &Chapter) {
        self.out.push(V::NewPage);
        // Chapter openings sink a fifth of the page.
        self.out.push(V::Space(
            (self.geo.height * 0.2 / self.geo.leading).round() * self.geo.leading,
        ));
        let ctx = self.body_ctx();
        let mut blocks = chapter.blocks.as_slice();
        // The chapter's first level-1 heading is its title, set as the chapter head.
        if let Some(Block::Heading {
            level: 1, content, ..
        }) = blocks.first()
        {
            self.chapter_title(content);
            blocks = &blocks[1..];
        } else {
            self.chapter_title(&[Inline::Text(chapter.title.clone())]);
        }
        self.blocks(blocks, ctx);
        if !chapter.footnotes.is_empty() {
            self.notes(chapter);
        }
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

    fn chapter_title(&mut self, content: &[Inline]) {
        let size = (self.geo.size * 1.75).round();
        let style = ParaStyle {
            face: Face::Bold,
            size,
            measure: self.geo.measure,
            indent: 0.0,
            align: Align::Center,
            hyphenate: false,
        };
        let lines = self.setter.set(content, &style);
        let leading = size * 1.2;
        let title = plain_text(content);
        for (i, line) in lines.into_iter().enumerate() {
            let marks = if i == 0 {
                vec![Mark::Heading {
                    title: title.clone(),
                    level: 1,
                }]
            } else {
                vec![]
            };
            self.push_line(line, 0.0, leading, size, false, marks);
        }
        self.out.push(V::Space(self.geo.leading * 2.0));
    }

    fn blocks(&mut self, blocks: &[Block], ctx: Ctx) {
        let mut prev_para = false;
        let mut keep_next = false;
        for (i, block) in blocks.iter().enumerate() {
            let first = i == 0;
            match block {
                Block::Paragraph(inlines) => {
                    let indent = if prev_para { ctx.size } else { 0.0 };
                    self.paragraph(inlines, ctx, indent, !keep_next);
                    prev_para = true;
                    keep_next = false;
                    continue;
                }
                Block::Heading { level, content, .. } => {
                    if !first {
                        self.out.push(V::Space(ctx.leading));
                    }
                    let (face, size) = match level {
                        1 | 2 => (Face::Bold, (ctx.size * 1.2).round()),
                        3 => (Face::Bold, ctx.size),
                        _ => (Face::Italic, ctx.size),
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
                    let lines = self.setter.set(content, &style);
                    for (n, line) in lines.into_iter().enumerate() {
                        let marks = if n == 0 {
                            vec![Mark::Heading {
                                title: title.clone(),
                                level: (*level).max(2),
                            }]
                        } else {
                            vec![]
                        };
                        self.push_line(line, ctx.left, ctx.leading, size, n == 0, marks);
                    }
                    self.out.push(V::Space(ctx.leading * 0.5));
                    keep_next = true;
                    prev_para = false;
                    continue;
                }
                Block::List { start, items } => {
                    self.space_between(first, ctx);
                    self.list(*start, items, ctx);
                }
                Block::BlockQuote(inner) => {
                    self.space_between(first, ctx);
                    let size = ctx.size * 0.95;
                    let quote = Ctx {
                        left: ctx.left + ctx.size * 1.5,
                        right: ctx.right + ctx.size * 1.5,
                        size,
                        ..ctx
                    };
                    self.blocks(inner, quote);
                }
                Block::CodeBlock { text, .. } => {
                    self.space_between(first, ctx);
                    self.code(text, ctx);
                }
                Block::Table(table) => {
                    self.space_between(first, ctx);
                    self.table(table, ctx);
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
                    self.out.push(V::Box(vbox));
                }
                Block::Html(html) => {
                    self.space_between(first, ctx);
                    let code_ctx = ctx;
                    self.code(html, code_ctx);
                }
            }
            // After a displayed block, space; the next paragraph is not indented.
            self.out.push(V::Space(ctx.leading * 0.5));
            prev_para = false;
            keep_next = false;
        }
    }

    fn space_between(&mut self, first: bool, ctx: Ctx) {
        if !first && !matches!(self.out.last(), Some(V::Space(_))) {
            self.out.push(V::Space(ctx.leading * 0.5));
        }
    }

    /// A justified paragraph; widows and orphans are prevented by allowing a page break only
    /// where at least two lines stay on each side.
    fn paragraph(&mut self, inlines: &[Inline], ctx: Ctx, indent: f32, breakable_first: bool) {
        let style = ParaStyle {
            face: ctx.face,
            size: ctx.size,
            measure: self.geo.measure - ctx.left - ctx.right,
            indent,
            align: Align::Justify,
            hyphenate: true,
        };
        let lines = self.setter.set(inlines, &style);
        self.push_paragraph_lines(lines, ctx, breakable_first);
    }

    fn push_paragraph_lines(&mut self, lines: Vec<Line>, ctx: Ctx, breakable_first: bool) {
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let breakable = if i == 0 {
                breakable_first
            } else {
                i >= 2 && i + 2 <= n
            };
            self.push_line(line, ctx.left, ctx.leading, ctx.size, breakable, vec![]);
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
        let baseline = leading - 0.25 * size;
        let texts = line
            .pieces
            .into_iter()
            .map(|p| (x + p.x, baseline - p.piece.rise, p.piece))
            .collect();
        self.out.push(V::Box(VBox {
            height: leading,
            texts,
            rules: vec![],
            breakable,
            marks,
            chapter: self.chapter,
        }));
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], ctx: Ctx) {
        let indent = ctx.size * 1.6;
        for (i, item) in items.iter().enumerate() {
            let marker = match start {
                Some(n) => format!("{}.", n + i as u64),
                None => "•".to_string(),
            };
            let inner = Ctx {
                left: ctx.left + indent,
                ..ctx
            };
            let first_box = self.out.len();
            self.blocks(item, inner);
            // Hang the marker left of the item's first line.
            let glyphs = self.setter.shaper.shape(&marker, ctx.face, ctx.size);
            let width: f32 = glyphs.iter().map(|g| g.advance).sum();
            let piece = Piece {
                face: ctx.face,
                size: ctx.size,
                glyphs,
                rise: 0.0,
                link: None,
                hscale: 1.0,
            };
            if let Some(V::Box(b)) = self.out[first_box..]
                .iter_mut()
                .find(|v| matches!(v, V::Box(_)))
            {
                let baseline = ctx.leading - 0.25 * ctx.size;
                // First in the box, so that text extraction reads the marker before the item.
                b.texts
                    .insert(0, (inner.left - width - ctx.size * 0.5, baseline, piece));
            }
            // Items of a list are not separated by extra space.
            if matches!(self.out.last(), Some(V::Space(_))) {
                self.out.pop();
            }
        }
    }

    /// Code: monospace, not justified, whitespace kept; lines too long for the measure wrap.
    fn code(&mut self, text: &str, ctx: Ctx) {
        let size = ctx.size * 0.85;
        let leading = ctx.leading * 0.9;
        let measure = self.geo.measure - ctx.left - ctx.right;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let lines: Vec<&str> = text.split('\n').collect();
        let n = lines.len();
        for (i, src) in lines.into_iter().enumerate() {
            let src = src.replace('\t', "    ");
            let glyphs = self.setter.shaper.shape(&src, Face::Mono, size);
            let mut rows: Vec<Vec<super::shape::Glyph>> = vec![vec![]];
            let mut width = 0.0;
            for g in glyphs {
                if width + g.advance > measure && !rows.last().is_some_and(|r| r.is_empty()) {
                    rows.push(vec![]);
                    width = 0.0;
                }
                width += g.advance;
                rows.last_mut().expect("at least one row").push(g);
            }
            for (r, glyphs) in rows.into_iter().enumerate() {
                let baseline = leading - 0.25 * size;
                let texts = if glyphs.is_empty() {
                    vec![]
                } else {
                    vec![(
                        ctx.left,
                        baseline,
                        Piece {
                            face: Face::Mono,
                            size,
                            glyphs,
                            rise: 0.0,
                            link: None,
                            hscale: 1.0,
                        },
                    )]
                };
                let breakable = (i > 0 || r > 0) && i + 1 < n;
                self.out.push(V::Box(VBox {
                    height: leading,
                    texts,
                    breakable,
                    chapter: self.chapter,
                    ..VBox::default()
                }));
            }
        }
    }

    /// A table: columns sized to their content (shrunk proportionally to fit the measure),
    /// cells set ragged; a row never breaks across pages.
    fn table(&mut self, table: &Table, ctx: Ctx) {
        let size = ctx.size * 0.9;
        let leading = ctx.leading * 0.9;
        let gap = size;
        let measure = self.geo.measure - ctx.left - ctx.right;
        let columns = table
            .align
            .len()
            .max(table.head.len())
            .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let mut natural = vec![0.0f32; columns];
        let rows: Vec<(bool, &Vec<Vec<Inline>>)> = std::iter::once((true, &table.head))
            .chain(table.rows.iter().map(|r| (false, r)))
            .collect();
        for (head, row) in &rows {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let face = if *head { Face::Bold } else { Face::Regular };
                let style = ParaStyle {
                    face,
                    size,
                    measure: 1e6,
                    indent: 0.0,
                    align: Align::Left,
                    hyphenate: false,
                };
                let w = self
                    .setter
                    .set(cell, &style)
                    .iter()
                    .map(|l| l.width)
                    .fold(0.0, f32::max);
                natural[c] = natural[c].max(w);
            }
        }
        let available = measure - gap * (columns as f32 - 1.0);
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= available {
            natural.clone()
        } else {
            natural
                .iter()
                .map(|w| (w / total * available).max(size))
                .collect()
        };
        let table_width: f32 = widths.iter().sum::<f32>() + gap * (columns as f32 - 1.0);
        for (r, (head, row)) in rows.iter().enumerate() {
            if *head && row.is_empty() {
                continue;
            }
            let mut vbox = VBox {
                breakable: r > 1,
                chapter: self.chapter,
                ..VBox::default()
            };
            let mut x = ctx.left;
            let mut height: f32 = leading;
            for (c, width) in widths.iter().enumerate() {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let align = match table.align.get(c) {
                    Some(CellAlign::Right) => Align::Right,
                    Some(CellAlign::Center) => Align::Center,
                    _ => Align::Left,
                };
                let face = if *head { Face::Bold } else { Face::Regular };
                let style = ParaStyle {
                    face,
                    size,
                    measure: *width,
                    indent: 0.0,
                    align,
                    hyphenate: true,
                };
                let lines = self.setter.set(cell, &style);
                for (n, line) in lines.iter().enumerate() {
                    let baseline = leading * (n as f32 + 1.0) - 0.25 * size + leading * 0.2;
                    for p in &line.pieces {
                        vbox.texts
                            .push((x + p.x, baseline - p.piece.rise, p.piece.clone()));
                    }
                }
                height = height.max(leading * lines.len() as f32 + leading * 0.4);
                x += width + gap;
            }
            vbox.height = height;
            if r == 0 {
                vbox.rules.push((ctx.left, 0.0, table_width, 0.8));
            }
            if *head {
                vbox.rules.push((ctx.left, height, table_width, 0.4));
            }
            if r + 1 == rows.len() {
                vbox.rules.push((ctx.left, height, table_width, 0.8));
            }
            self.out.push(V::Box(vbox));
        }
    }

    /// The chapter's notes, after its text: a short rule, then each note, its number first.
    fn notes(&mut self, chapter: &Chapter) {
        let ctx = Ctx {
            size: self.geo.size * 0.85,
            leading: self.geo.leading * 0.85,
            ..self.body_ctx()
        };
        self.out.push(V::Space(self.geo.leading));
        self.out.push(V::Box(VBox {
            height: ctx.leading,
            rules: vec![(0.0, ctx.leading * 0.5, self.geo.measure / 4.0, 0.4)],
            breakable: true,
            chapter: self.chapter,
            ..VBox::default()
        }));
        for note in &chapter.footnotes {
            let mut blocks = note.blocks.clone();
            let number = Inline::Text(format!("{}. ", note.number));
            match blocks.first_mut() {
                Some(Block::Paragraph(inlines)) => inlines.insert(0, number),
                _ => blocks.insert(0, Block::Paragraph(vec![number])),
            }
            let first_box = self.out.len();
            self.blocks(&blocks, ctx);
            if let Some(V::Box(b)) = self.out[first_box..]
                .iter_mut()
                .find(|v| matches!(v, V::Box(_)))
            {
                b.marks.push(Mark::Note(note.number));
                b.breakable = true;
            }
        }
    }
}
