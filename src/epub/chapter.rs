//! A chapter's IR → its XHTML body. HTML the IR keeps (`Inline::Html`: sanitized markup the
//! IR has no words for, such as `<sup>`) is parsed again by the same sanitizer and written
//! element by element through the escaping writer: only inline elements of the whitelist get
//! through, so the chapter stays valid XHTML whoever made the IR.
//!
//! Rendering runs on an explicit task stack rather than recursion, and stops emitting wrapper
//! elements (quotes, lists, emphasis) beyond a nesting depth: XML parsers in reading systems
//! refuse documents nested more than a few hundred levels (libxml2: 256), and a hostile
//! `>>>>…` must neither overflow our stack nor make an unreadable chapter.

use std::collections::{HashMap, HashSet};

use super::links::{heading_id, href};
use super::xhtml::Xhtml;
use crate::document::walk::{Node, walk_chapter};
use crate::document::{Align, Block, Book, Chapter, Image, Inline, SpanKind};
use crate::error::{Error, Result};
use crate::fonts::Face;

/// Nesting depths beyond which wrapper elements are left out (their content is kept): block
/// containers (quotes, lists) and inline styles (emphasis, strong, strikethrough) are counted
/// apart, so deep quotes do not strip the emphasis inside them.
const MAX_DEPTH: usize = 48;
const MAX_INLINE_DEPTH: usize = 16;

/// What a chapter needs from the rest of the book.
pub struct ChapterContext<'a> {
    pub chapter: &'a Chapter,
    /// The chapter's position in the book (0-based), for link resolution.
    pub index: usize,
    /// Image URL as written in this chapter → its path in the EPUB.
    pub images: &'a HashMap<String, String>,
    /// The book (for the files of the chapters links lead to).
    pub book: &'a Book,
    /// Accessible name of the notes section, in the book's language.
    pub notes_label: &'a str,
}

/// The `<body>` content of a chapter: its text, then its footnotes.
pub fn chapter_body(ctx: &ChapterContext, w: &mut Xhtml) -> Result<()> {
    let chapter = ctx.chapter;
    // Numbers referenced anywhere (also from other notes): those notes get a back link, whose
    // target `fnref-N` is written at the first reference.
    let mut referenced = HashSet::new();
    walk_chapter(chapter, |n| {
        if let Node::Inline(Inline::FootnoteRef { number }) = n {
            referenced.insert(*number);
        }
    });
    let label = crate::document::top_level(&chapter.blocks)
        .into_iter()
        .find_map(|b| match b {
            Block::Heading { id, .. } => Some(heading_id(id).into_owned()),
            _ => None,
        });
    match &label {
        Some(id) => w.tag(
            "section",
            &[
                ("epub:type", "chapter"),
                ("role", "doc-chapter"),
                ("aria-labelledby", id),
            ],
            false,
        ),
        None => w.tag(
            "section",
            &[("epub:type", "chapter"), ("role", "doc-chapter")],
            false,
        ),
    }
    w.markup("\n");
    let mut r = Renderer {
        ctx,
        w,
        depth: 0,
        inline_depth: 0,
        in_link: 0,
        refs_seen: HashMap::new(),
        notes: chapter.footnotes.iter().map(|f| f.number).collect(),
        heading: 0,
    };
    r.run(chapter.blocks.iter().map(Task::Block).collect())?;

    if !chapter.footnotes.is_empty() {
        r.w.tag(
            "section",
            &[
                ("class", "footnotes"),
                ("epub:type", "footnotes"),
                ("aria-label", ctx.notes_label),
            ],
            false,
        );
        r.w.markup("\n");
        for note in &chapter.footnotes {
            let n = note.number;
            r.w.markup(&format!(
                "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-{n}\">"
            ));
            let number = format!("{n}.");
            let mark = |w: &mut Xhtml| {
                if referenced.contains(&n) {
                    let href = format!("#fnref-{n}");
                    w.element(
                        "a",
                        &[
                            ("class", "backlink"),
                            ("href", &href),
                            ("role", "doc-backlink"),
                        ],
                        w.face(),
                        &number,
                    );
                } else {
                    w.element("span", &[("class", "fn-number")], w.face(), &number);
                }
            };
            match note.blocks.split_first() {
                Some((Block::Paragraph(first), rest)) => {
                    r.w.markup("<p>");
                    mark(r.w);
                    r.w.text(" ");
                    r.run(first.iter().map(Task::Inline).collect())?;
                    r.w.markup("</p>");
                    r.run(rest.iter().map(Task::Block).collect())?;
                }
                _ => {
                    r.w.markup("<p class=\"fn-label\">");
                    mark(r.w);
                    r.w.markup("</p>");
                    r.run(note.blocks.iter().map(Task::Block).collect())?;
                }
            }
            r.w.markup("</aside>\n");
        }
        r.w.markup("</section>\n");
    }
    r.w.markup("</section>");
    Ok(())
}

/// One step of rendering.
enum Task<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
    Markup(&'static str),
    /// Switch the current face (to restore it after a styled span).
    Face(Face),
    /// Leave a block wrapper element.
    Leave,
    /// Leave an inline wrapper element.
    LeaveInline,
    LeaveLink,
    /// A list's items from the first of these on, one at a time (with their `<li>` when the
    /// list element was opened): a list of a million items does not put all their tasks on the
    /// stack at once.
    Items(&'a [Vec<Block>], bool),
    /// A table's body rows from this one on, one at a time.
    Rows(&'a crate::document::Table, usize),
    /// A reference list's entries from this one on, one at a time.
    Entries(&'a crate::document::ReferenceList, usize),
}

struct Renderer<'c, 'w, 'u> {
    ctx: &'c ChapterContext<'c>,
    w: &'w mut Xhtml<'u>,
    depth: usize,
    inline_depth: usize,
    /// Inside an `<a>` (links cannot nest, so note references there get no link).
    in_link: usize,
    /// How often each note has been referenced so far (for unique `fnref-N-K` ids).
    refs_seen: HashMap<usize, usize>,
    /// The numbers of the chapter's notes (looked up per reference: a set, so that a chapter
    /// of a million references is not quadratic).
    notes: HashSet<usize>,
    /// The level of the last heading written (see `Block::Heading`).
    heading: u8,
}

/// A body cell's start tag, by its column's alignment (see [`cell_align`]).
const TD: [&str; 4] = [
    "<td>",
    "<td class=\"left\">",
    "<td class=\"center\">",
    "<td class=\"right\">",
];

/// Column `i`'s alignment as an index into the cells' start tags.
fn cell_align(table: &crate::document::Table, i: usize) -> usize {
    match table.align.get(i).copied().unwrap_or(Align::None) {
        Align::None => 0,
        Align::Left => 1,
        Align::Center => 2,
        Align::Right => 3,
    }
}

const HEADINGS: [(&str, &str); 6] = [
    ("h1", "</h1>"),
    ("h2", "</h2>"),
    ("h3", "</h3>"),
    ("h4", "</h4>"),
    ("h5", "</h5>"),
    ("h6", "</h6>"),
];

impl<'c> Renderer<'c, '_, '_> {
    fn run(&mut self, tasks: Vec<Task<'c>>) -> Result<()> {
        let mut stack: Vec<Task<'c>> = tasks.into_iter().rev().collect();
        let mut next = Vec::new();
        while let Some(task) = stack.pop() {
            match task {
                Task::Block(b) => self.block(b, &mut next)?,
                Task::Inline(i) => self.inline(i, &mut next)?,
                Task::Markup(m) => self.w.markup(m),
                Task::Face(f) => self.w.set_face(f),
                Task::Leave => self.depth -= 1,
                Task::LeaveInline => self.inline_depth -= 1,
                Task::LeaveLink => self.in_link -= 1,
                Task::Items(items, opened) => {
                    if let Some((item, rest)) = items.split_first() {
                        if opened {
                            next.push(Task::Markup("<li>"));
                        }
                        next.extend(item.iter().map(Task::Block));
                        if opened {
                            next.push(Task::Markup("</li>\n"));
                        }
                        next.push(Task::Items(rest, opened));
                    }
                }
                Task::Rows(table, k) => {
                    if let Some(row) = table.rows.get(k) {
                        next.push(Task::Markup("<tr>"));
                        for (i, cell) in row.iter().enumerate() {
                            next.push(Task::Markup(TD[cell_align(table, i)]));
                            next.extend(cell.iter().map(Task::Inline));
                            next.push(Task::Markup("</td>"));
                        }
                        next.push(Task::Markup("</tr>\n"));
                        next.push(Task::Rows(table, k + 1));
                    }
                }
                Task::Entries(list, k) => {
                    if let Some(entry) = list.entries.get(k) {
                        let id = super::xhtml::escape(&entry.id);
                        self.w.markup(&format!("<li id=\"{id}\">"));
                        if !entry.label.is_empty() {
                            next.push(Task::Markup("<span class=\"csl-left-margin\">"));
                            next.extend(entry.label.iter().map(Task::Inline));
                            next.push(Task::Markup("</span> "));
                        }
                        next.extend(entry.content.iter().map(Task::Inline));
                        next.push(Task::Markup("</li>\n"));
                        next.push(Task::Entries(list, k + 1));
                    }
                }
            }
            // `next` holds what follows, in document order.
            stack.extend(next.drain(..).rev());
        }
        Ok(())
    }

    /// Open a wrapper element unless nested too deep; returns whether it was opened (the caller
    /// then ends it with `close`).
    fn open(&mut self, start: &str) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        self.w.markup(start);
        self.depth += 1;
        true
    }

    /// The closing tasks of a wrapper `open` opened, after its content in `next`.
    fn close(next: &mut Vec<Task<'c>>, end: &'static str) {
        next.push(Task::Markup(end));
        next.push(Task::Leave);
    }

    fn block(&mut self, block: &'c Block, next: &mut Vec<Task<'c>>) -> Result<()> {
        match block {
            Block::Heading { level, id, content } => {
                // A level the source skips (`#` then `####`) is written one below the heading
                // before: screen readers navigate by levels, and a gap reads as a lost section.
                let level = (*level).clamp(1, 6).min(self.heading + 1);
                self.heading = level;
                let (name, end) = HEADINGS[usize::from(level) - 1];
                self.w.tag(name, &[("id", &heading_id(id))], false);
                let face = self.w.face();
                self.w.set_face(face.in_heading().with_bold());
                next.extend(content.iter().map(Task::Inline));
                next.push(Task::Face(face));
                next.push(Task::Markup(end));
                next.push(Task::Markup("\n"));
            }
            Block::Paragraph(content) => {
                // (An image not in the book, remote, is its alt text in a paragraph.)
                if let Some(img) = crate::document::lone_image(content)
                    && self.ctx.images.contains_key(&img.url)
                {
                    // Set apart as a figure, its alt text shown as the caption (as pandoc does);
                    // hidden from screen readers, which read the alt text already.
                    match &img.id {
                        Some(id) => self.w.markup(&format!(
                            "<figure class=\"figure\" id=\"{}\">",
                            super::xhtml::escape(id)
                        )),
                        None => self.w.markup("<figure class=\"figure\">"),
                    }
                    self.image(img)?;
                    if img.alt_is_caption && !img.alt.trim().is_empty() {
                        // Its words as inlines (a citation's link, emphasis). Hidden from
                        // screen readers unless it holds a link, which must stay reachable
                        // (a link in an aria-hidden element is an accessibility violation).
                        if img.caption.is_empty() {
                            self.w.markup("<figcaption aria-hidden=\"true\">");
                            self.w.text(&img.alt);
                            self.w.markup("</figcaption>");
                        } else {
                            self.w
                                .markup(if crate::document::walk::has_link(&img.caption) {
                                    "<figcaption>"
                                } else {
                                    "<figcaption aria-hidden=\"true\">"
                                });
                            next.extend(img.caption.iter().map(Task::Inline));
                            next.push(Task::Markup("</figcaption>"));
                        }
                    }
                    next.push(Task::Markup("</figure>\n"));
                    return Ok(());
                }
                self.w.markup("<p>");
                next.extend(content.iter().map(Task::Inline));
                next.push(Task::Markup("</p>\n"));
            }
            Block::List { start, items, .. } => {
                let (start_tag, end) = match start {
                    None => ("<ul>\n".to_string(), "</ul>\n"),
                    Some(1) => ("<ol>\n".to_string(), "</ol>\n"),
                    Some(n) => (format!("<ol start=\"{n}\">\n"), "</ol>\n"),
                };
                let opened = self.open(&start_tag);
                next.push(Task::Items(items, opened));
                if opened {
                    Self::close(next, end);
                }
            }
            Block::Definitions(items) => {
                let opened = self.open("<dl>\n");
                let (dt, dt_end, dd, dd_end) = if opened {
                    ("<dt>", "</dt>\n", "<dd>\n", "</dd>\n")
                } else {
                    ("<p>", "</p>\n", "", "")
                };
                let face = self.w.face();
                for d in items {
                    next.push(Task::Markup(dt));
                    next.push(Task::Face(face.with_bold()));
                    next.extend(d.term.iter().map(Task::Inline));
                    next.push(Task::Face(face));
                    next.push(Task::Markup(dt_end));
                    for detail in &d.details {
                        next.push(Task::Markup(dd));
                        next.extend(detail.iter().map(Task::Block));
                        next.push(Task::Markup(dd_end));
                    }
                }
                if opened {
                    Self::close(next, "</dl>\n");
                }
            }
            Block::Div(div) => {
                // Its language for the reading system (hyphenation, voice); an aside's class
                // for the stylesheet, which sets it apart.
                let mut start = String::from("<div");
                let mut classes = div.classes.join(" ");
                if div.is_aside() && !div.classes.iter().any(|c| c == "aside") {
                    classes.insert_str(0, "aside ");
                }
                if !classes.is_empty() {
                    start.push_str(&format!(" class=\"{}\"", super::xhtml::escape(&classes)));
                }
                if let Some(tag) = &div.lang {
                    let tag = super::xhtml::escape(tag);
                    start.push_str(&format!(" lang=\"{tag}\" xml:lang=\"{tag}\""));
                }
                start.push_str(">\n");
                let opened = self.open(&start);
                next.extend(div.blocks.iter().map(Task::Block));
                if opened {
                    Self::close(next, "</div>\n");
                }
            }
            Block::BlockQuote(children) => {
                let opened = self.open("<blockquote>\n");
                next.extend(children.iter().map(Task::Block));
                if opened {
                    Self::close(next, "</blockquote>\n");
                }
            }
            Block::CodeBlock { lang, text } => {
                let class = lang.as_ref().map(|l| format!("language-{l}"));
                self.w.markup("<pre>");
                match &class {
                    Some(c) => self.w.tag("code", &[("class", c)], false),
                    None => self.w.markup("<code>"),
                }
                self.mono(text.strip_suffix('\n').unwrap_or(text));
                self.w.markup("</code></pre>\n");
            }
            Block::Table(table) => {
                const TH: [&str; 4] = [
                    "<th>",
                    "<th class=\"left\">",
                    "<th class=\"center\">",
                    "<th class=\"right\">",
                ];
                let align = |i: usize| cell_align(table, i);
                self.w.markup("<table>\n");
                let face = self.w.face();
                if !table.head.is_empty() {
                    next.push(Task::Markup("<thead>\n<tr>"));
                    for (i, cell) in table.head.iter().enumerate() {
                        // An empty header cell heads nothing: a plain cell (a screen reader
                        // would announce a header without a name).
                        if crate::document::plain_text(cell).trim().is_empty() {
                            next.push(Task::Markup("<td></td>"));
                            continue;
                        }
                        next.push(Task::Markup(TH[align(i)]));
                        next.push(Task::Face(face.with_bold()));
                        next.extend(cell.iter().map(Task::Inline));
                        next.push(Task::Face(face));
                        next.push(Task::Markup("</th>"));
                    }
                    next.push(Task::Markup("</tr>\n</thead>\n"));
                }
                if !table.rows.is_empty() {
                    next.push(Task::Markup("<tbody>\n"));
                    next.push(Task::Rows(table, 0));
                    next.push(Task::Markup("</tbody>\n"));
                }
                next.push(Task::Markup("</table>\n"));
            }
            Block::ThematicBreak => self.w.markup("<hr/>\n"),
            Block::References(list) => {
                // DPUB-ARIA's role: reading systems and assistive technology announce the
                // bibliography. Its entries are plain list items: DPUB-ARIA 1.1 deprecates
                // `doc-biblioentry` (EPUBCheck warns of it, Ace counts it a violation) and
                // asks for the list's own items instead.
                let class = if list.hanging_indent {
                    "references hanging-indent"
                } else {
                    "references"
                };
                self.w.markup(&format!(
                    "<section class=\"{class}\" role=\"doc-bibliography\">\n<ul>\n"
                ));
                next.push(Task::Entries(list, 0));
                next.push(Task::Markup("</ul>\n</section>\n"));
            }
            Block::Caption(content) => {
                self.w.markup("<p class=\"caption\">");
                next.extend(content.iter().map(Task::Inline));
                next.push(Task::Markup("</p>\n"));
            }
            Block::Html(html) => {
                // The parser turns HTML blocks into IR blocks; what others put here is shown
                // as a paragraph of its inline markup.
                self.w.markup("<p>");
                self.html(html);
                self.w.markup("</p>\n");
            }
        }
        Ok(())
    }

    fn inline(&mut self, inline: &'c Inline, next: &mut Vec<Task<'c>>) -> Result<()> {
        let face = self.w.face();
        match inline {
            Inline::Text(t) => self.w.text(t),
            Inline::Emphasis(c) => self.styled("<em>", "</em>", face.with_italic(true), c, next),
            Inline::Strong(c) => self.styled("<strong>", "</strong>", face.with_bold(), c, next),
            Inline::Strikethrough(c) => self.styled("<del>", "</del>", face, c, next),
            Inline::Span(span) => {
                let c = &span.content;
                match &span.kind {
                    SpanKind::Superscript => self.styled("<sup>", "</sup>", face, c, next),
                    SpanKind::Subscript => self.styled("<sub>", "</sub>", face, c, next),
                    SpanKind::SmallCaps => {
                        self.styled("<span class=\"smallcaps\">", "</span>", face, c, next)
                    }
                    SpanKind::Mark => self.styled("<mark>", "</mark>", face, c, next),
                    SpanKind::Keyboard => self.styled("<kbd>", "</kbd>", face.code_in(), c, next),
                    SpanKind::Math { display } => {
                        let start = if *display {
                            "<span class=\"math display\">"
                        } else {
                            "<span class=\"math\">"
                        };
                        self.styled(start, "</span>", face, c, next)
                    }
                    SpanKind::Underline => self.styled("<u>", "</u>", face, c, next),
                    SpanKind::Abbr(title) => {
                        let start = format!("<abbr title=\"{}\">", super::xhtml::escape(title));
                        self.styled(&start, "</abbr>", face, c, next)
                    }
                    // Links to it lead to its section's heading (see `document::links`).
                    SpanKind::Anchor(_) => next.extend(c.iter().map(Task::Inline)),
                    SpanKind::Citation(_) => {
                        self.styled("<span class=\"citation\">", "</span>", face, c, next)
                    }
                    SpanKind::Target(id) => {
                        let start = format!("<span id=\"{}\">", super::xhtml::escape(id));
                        self.styled(&start, "</span>", face, c, next)
                    }
                    SpanKind::Lang(tag) => {
                        let tag = super::xhtml::escape(tag);
                        let start = format!("<span lang=\"{tag}\" xml:lang=\"{tag}\">");
                        self.styled(&start, "</span>", face, c, next)
                    }
                }
            }
            Inline::Code(t) => {
                self.w.markup("<code>");
                self.mono(t);
                self.w.markup("</code>");
            }
            Inline::Link(link) => {
                let (title, content) = (&link.title, &link.content);
                match href(self.ctx.book, self.ctx.index, &link.target)
                    .filter(|_| self.in_link == 0)
                {
                    Some(href) => {
                        let mut attrs = vec![("href", href.as_str())];
                        if !title.is_empty() {
                            attrs.push(("title", title));
                        }
                        self.w.tag("a", &attrs, false);
                        self.in_link += 1;
                        next.extend(content.iter().map(Task::Inline));
                        next.push(Task::Markup("</a>"));
                        next.push(Task::LeaveLink);
                    }
                    None => next.extend(content.iter().map(Task::Inline)),
                }
            }
            Inline::Image(img) => self.image(img)?,
            Inline::FootnoteRef { number } => {
                let n = *number;
                let seen = self.refs_seen.entry(n).or_insert(0);
                *seen += 1;
                let id = if *seen == 1 {
                    format!("fnref-{n}")
                } else {
                    format!("fnref-{n}-{seen}")
                };
                let exists = self.notes.contains(&n);
                if exists && self.in_link == 0 {
                    let href = format!("#fn-{n}");
                    let attrs = [
                        ("class", "noteref"),
                        ("epub:type", "noteref"),
                        ("role", "doc-noteref"),
                        ("href", &href),
                        ("id", &id),
                    ];
                    self.w.tag("a", &attrs, false);
                    self.w.element("sup", &[], face, &n.to_string());
                    self.w.markup("</a>");
                } else {
                    self.w.element("sup", &[("id", &id)], face, &n.to_string());
                }
            }
            Inline::SoftBreak => self.w.text("\n"),
            Inline::HardBreak => self.w.markup("<br/>\n"),
            Inline::Html(html) => self.html(html),
        }
        Ok(())
    }

    fn styled(
        &mut self,
        start: &str,
        end: &'static str,
        face: Face,
        c: &'c [Inline],
        next: &mut Vec<Task<'c>>,
    ) {
        if self.inline_depth < MAX_INLINE_DEPTH {
            self.w.markup(start);
            self.inline_depth += 1;
            let prev = self.w.face();
            self.w.set_face(face);
            next.extend(c.iter().map(Task::Inline));
            next.push(Task::Face(prev));
            next.push(Task::Markup(end));
            next.push(Task::LeaveInline);
        } else {
            next.extend(c.iter().map(Task::Inline));
        }
    }

    fn image(&mut self, img: &Image) -> Result<()> {
        let Some(src) = self.ctx.images.get(&img.url) else {
            // Not in the book (a remote image, warned of): its alt text where it stood.
            if crate::document::assets::is_remote(&img.url) {
                self.w.text(&img.alt);
                return Ok(());
            }
            return Err(Error::Other(format!(
                "internal error: image `{}` was not collected",
                img.url
            )));
        };
        let mut attrs = vec![("src", src.as_str()), ("alt", img.alt.as_str())];
        if !img.title.is_empty() {
            attrs.push(("title", &img.title));
        }
        // The size the author gave, as CSS (a reader scales it to its screen; max-width keeps
        // it inside).
        let style: String = [("width", img.width), ("height", img.height)]
            .iter()
            .filter_map(|(p, l)| l.map(|l| format!("{p}: {};", l.css())))
            .collect::<Vec<_>>()
            .join(" ");
        if !style.is_empty() {
            attrs.push(("style", &style));
        }
        self.w.tag("img", &attrs, true);
        // Readers draw the alt text when they cannot show the image.
        self.w.record(&img.alt);
        Ok(())
    }

    /// Text in the monospaced face.
    fn mono(&mut self, text: &str) {
        let prev = self.w.face();
        self.w.set_face(prev.code_in());
        self.w.text(text);
        self.w.set_face(prev);
    }
}

/// Kept HTML written through the whitelist.
#[path = "chapter_html.rs"]
mod chapter_html;

#[cfg(test)]
#[path = "chapter_tests.rs"]
mod tests;
