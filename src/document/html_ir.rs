//! Sanitized HTML (`html::Node`s) → IR blocks and inlines. Whatever the IR can say is said in
//! the IR: `<em>` is emphasis, `<p>` a paragraph, `<table>` a table, so that both writers
//! show it without knowing HTML. Only elements the IR has no word for and whose content is
//! plain text (`<sup>2</sup>`, `<abbr title="…">NATO</abbr>`) stay HTML, as an
//! `Inline::Html` holding sanitized, well-formed XHTML; writers that draw text use
//! [`super::html::text_content`] on it.

use std::path::Path;

use super::html::{Element, Node, push_text, to_xhtml};
use super::ids::{Anchors, Ids, unique_id};
use super::url::{normalize, percent_decode, scheme};
use super::{Align, Block, Image, Inline, Length, Link, Span, SpanKind, Table, plain_text};

/// What converting needs from the chapter being parsed.
pub struct Convert<'a> {
    pub used_ids: &'a mut Ids,
    /// The chapter's anchors (`id`s of other elements than headings).
    pub anchors: &'a mut Anchors,
    /// The book's folder and the chapter's folder within it (images must exist there).
    pub book_dir: &'a Path,
    pub rel_dir: &'a Path,
    /// Line and column in the chapter of a byte offset in the fragment.
    pub locate: &'a mut dyn FnMut(usize) -> (usize, usize),
    /// Block nesting (quotes, lists) and inline nesting still allowed.
    pub depth_left: usize,
    pub inline_depth_left: usize,
    /// Warnings: fragment offset, message, help.
    pub notes: Vec<(usize, String, &'static str)>,
}

/// Elements that are blocks in the IR's eyes.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "pre"
            | "blockquote"
            | "ul"
            | "ol"
            | "li"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "center"
            | "address"
            | "hgroup"
            | "dl"
            | "dt"
            | "dd"
    )
}

impl Convert<'_> {
    /// `nodes` as blocks: block elements become blocks, runs of inline content paragraphs.
    pub fn blocks(&mut self, nodes: Vec<Node>) -> Vec<Block> {
        let mut out = Vec::new();
        let mut run: Vec<Node> = Vec::new();
        for node in nodes {
            match node {
                Node::Element(e) if is_block(e.name) => {
                    self.flush(&mut run, &mut out);
                    self.block(e, &mut out);
                }
                node => run.push(node),
            }
        }
        self.flush(&mut run, &mut out);
        out
    }

    /// Inline content between blocks becomes a paragraph, unless it is only white space.
    fn flush(&mut self, run: &mut Vec<Node>, out: &mut Vec<Block>) {
        let inlines = self.inlines(std::mem::take(run));
        if !is_blank(&inlines) {
            out.push(Block::Paragraph(trim(inlines)));
        }
    }

    fn block(&mut self, e: Element, out: &mut Vec<Block>) {
        if !e.name.starts_with('h')
            && let Some(id) = e.attr("id")
        {
            self.anchors.anchor(id);
        }
        match e.name {
            "p" => {
                let inlines = self.inlines(e.children);
                if !is_blank(&inlines) {
                    out.push(Block::Paragraph(trim(inlines)));
                }
            }
            "figcaption" | "caption" => {
                let inlines = self.inlines(e.children);
                if !is_blank(&inlines) {
                    out.push(Block::Caption(trim(inlines)));
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = e.name.as_bytes()[1] - b'0';
                let given = e.attr("id").map(str::to_string);
                let content = trim(self.inlines(e.children));
                let id = unique_id(given.as_deref(), &content, self.used_ids);
                self.anchors.heading(&id);
                out.push(Block::Heading { level, id, content });
            }
            "hr" => out.push(Block::ThematicBreak),
            "pre" => {
                // `<pre><code class="language-x">` is how HTML writes a code block's language.
                let lang = match e.children.as_slice() {
                    [Node::Element(code)] if code.name == "code" => code
                        .attr("class")
                        .and_then(|c| c.split(' ').find_map(|c| c.strip_prefix("language-")))
                        .map(str::to_string),
                    _ => None,
                };
                let mut text = String::new();
                push_text(&e.children, &mut text);
                let text = text.strip_prefix('\n').unwrap_or(&text).to_string();
                out.push(Block::CodeBlock { lang, text });
            }
            "blockquote" if self.depth_left > 0 => {
                let inner = self.nested(|c| c.blocks(e.children));
                out.push(Block::BlockQuote(inner));
            }
            "ul" | "ol" if self.depth_left > 0 => {
                let start = (e.name == "ol")
                    .then(|| e.attr("start").and_then(|s| s.parse().ok()).unwrap_or(1));
                let items = self.nested(|c| c.items(e.children));
                if !items.is_empty() {
                    let (line, column) = (self.locate)(e.offset);
                    out.push(Block::List {
                        start,
                        items,
                        line,
                        column,
                    });
                }
            }
            "table" => self.table(e, out),
            // `<details>`' title: set as a paragraph in bold, its content after it.
            "summary" => {
                let inlines = self.inlines(e.children);
                if !is_blank(&inlines) {
                    out.push(Block::Paragraph(vec![Inline::Strong(trim(inlines))]));
                }
            }
            "aside" if self.depth_left > 0 => {
                let blocks = self.nested(|c| c.blocks(e.children));
                out.push(Block::Div(Box::new(crate::document::Div {
                    id: None,
                    lang: None,
                    classes: vec!["aside".into()],
                    blocks,
                })));
            }
            "dl" if self.depth_left > 0 => {
                let items = self.nested(|c| c.definitions(e.children));
                if !items.is_empty() {
                    out.push(Block::Definitions(items));
                }
            }
            // Containers the IR does not keep (or nested beyond the cap): their content.
            _ => out.extend(self.blocks(e.children)),
        }
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        self.depth_left -= 1;
        let out = f(self);
        self.depth_left += 1;
        out
    }

    /// The terms and definitions of a `<dl>`: each `<dt>` a term, each `<dd>` a definition of
    /// the term before it.
    fn definitions(&mut self, children: Vec<Node>) -> Vec<crate::document::Definition> {
        let mut items: Vec<crate::document::Definition> = Vec::new();
        for child in children {
            match child {
                Node::Element(dt) if dt.name == "dt" => {
                    items.push(crate::document::Definition {
                        term: trim(self.inlines(dt.children)),
                        details: vec![],
                    });
                }
                Node::Element(dd) if dd.name == "dd" => {
                    let blocks = self.blocks(dd.children);
                    match items.last_mut() {
                        Some(last) => last.details.push(blocks),
                        None => items.push(crate::document::Definition {
                            term: vec![],
                            details: vec![blocks],
                        }),
                    }
                }
                Node::Text(t) if t.trim().is_empty() => {}
                other => {
                    let blocks = self.blocks(vec![other]);
                    if let Some(last) = items.last_mut() {
                        last.details.push(blocks);
                    }
                }
            }
        }
        items
    }

    /// The items of a list: each `<li>` one item; other content an item of its own.
    fn items(&mut self, children: Vec<Node>) -> Vec<Vec<Block>> {
        let mut items = Vec::new();
        for child in children {
            let blocks = match child {
                Node::Element(li) if li.name == "li" => self.blocks(li.children),
                Node::Text(t) if t.trim().is_empty() => continue,
                other => self.blocks(vec![other]),
            };
            items.push(blocks);
        }
        items
    }

    fn table(&mut self, e: Element, out: &mut Vec<Block>) {
        let mut head: Vec<Vec<Inline>> = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut pending: Vec<(bool, Element)> = Vec::new();
        for child in e.children {
            let Node::Element(c) = child else { continue };
            match c.name {
                "caption" => self.block(c, out),
                "thead" | "tbody" | "tfoot" => {
                    for row in c.children {
                        if let Node::Element(r) = row
                            && r.name == "tr"
                        {
                            pending.push((c.name == "thead", r));
                        }
                    }
                }
                "tr" => pending.push((false, c)),
                _ => {}
            }
        }
        for (in_head, row) in pending {
            let all_th = row
                .children
                .iter()
                .all(|n| matches!(n, Node::Element(c) if c.name == "th") || is_blank_node(n));
            let cells: Vec<Vec<Inline>> = row
                .children
                .into_iter()
                .filter_map(|n| match n {
                    Node::Element(c) if matches!(c.name, "td" | "th") => {
                        Some(trim(self.inlines(c.children)))
                    }
                    _ => None,
                })
                .collect();
            if head.is_empty() && rows.is_empty() && (in_head || all_th) && !cells.is_empty() {
                head = cells;
            } else if !cells.is_empty() {
                rows.push(cells);
            }
        }
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain([head.len()])
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        for row in rows.iter_mut() {
            row.resize(columns, Vec::new());
        }
        if !head.is_empty() {
            head.resize(columns, Vec::new());
        }
        let (line, column) = (self.locate)(e.offset);
        out.push(Block::Table(Box::new(Table {
            align: vec![Align::None; columns],
            head,
            rows,
            line,
            column,
        })));
    }

    /// `nodes` as inline content.
    pub fn inlines(&mut self, nodes: Vec<Node>) -> Vec<Inline> {
        let mut out = Vec::new();
        for node in nodes {
            match node {
                Node::Text(t) => push_text_inlines(&mut out, &t),
                Node::Element(e) => self.inline(e, &mut out),
            }
        }
        out
    }

    fn inline(&mut self, e: Element, out: &mut Vec<Inline>) {
        if let Some(id) = e.attr("id") {
            self.anchors.anchor(id);
        }
        match e.name {
            "br" => out.push(Inline::HardBreak),
            "img" => {
                if let Some(img) = self.image(&e) {
                    out.push(Inline::Image(Box::new(img)));
                }
            }
            "wbr" | "hr" => {}
            "code" | "kbd" | "samp" | "tt" => {
                let mut text = String::new();
                push_text(&e.children, &mut text);
                out.push(if e.name == "kbd" {
                    Span::inline(SpanKind::Keyboard, vec![Inline::Text(text)])
                } else {
                    Inline::Code(text)
                });
            }
            _ if is_block(e.name) => {
                // A block inside inline content: its text, set apart by a space.
                let inner = self.inlines(e.children);
                if !is_blank(&inner) {
                    push_text_inlines(out, " ");
                    out.extend(inner);
                    push_text_inlines(out, " ");
                }
            }
            _ => {
                let mut e = e;
                let styled = self.inline_depth_left > 0;
                if styled {
                    self.inline_depth_left -= 1;
                }
                let children = self.inlines(std::mem::take(&mut e.children));
                if styled {
                    self.inline_depth_left += 1;
                    let place = (self.locate)(e.offset);
                    out.extend(wrap(&e, children, place));
                } else {
                    out.extend(children);
                }
            }
        }
    }

    /// The image of an `<img>` whose `src` is a file in the book; otherwise `None`, noted.
    fn image(&mut self, e: &Element) -> Option<Image> {
        let src = e.attr("src").unwrap_or("").trim();
        let alt = e.attr("alt").unwrap_or("").to_string();
        if src.is_empty() {
            return None;
        }
        let remote = scheme(src).is_some() || src.starts_with("//");
        let found = !remote
            && normalize(&self.rel_dir.join(percent_decode(src)))
                .is_some_and(|p| self.book_dir.join(p).is_file());
        if !found {
            let (msg, help) = if remote {
                (
                    format!("<img> of remote `{src}` removed: terbit does not fetch files"),
                    "download the image into the book's folder and give its relative path",
                )
            } else {
                (
                    format!("<img> of `{src}` removed: no such file in the book's folder"),
                    "check the file name; paths are relative to the chapter",
                )
            };
            self.notes.push((e.offset, msg, help));
            return None;
        }
        let (line, column) = (self.locate)(e.offset);
        Some(Image {
            url: src.to_string(),
            alt,
            title: e.attr("title").unwrap_or("").to_string(),
            width: e.attr("width").and_then(Length::parse),
            height: e.attr("height").and_then(Length::parse),
            alt_is_caption: false,
            decorative: e.attr("alt").is_some_and(|a| a.trim().is_empty()),
            line,
            column,
            id: e.attr("id").map(str::to_string),
            caption: Vec::new(),
        })
    }
}

/// Whether `e` asks for small capitals: the class pandoc and authors give them, or the CSS.
fn is_small_caps(e: &Element) -> bool {
    e.attr("class")
        .is_some_and(|c| c.split(' ').any(|c| c == "smallcaps" || c == "small-caps"))
}

/// The IR for inline element `e` around `children` (already IR): a style the IR has, or for
/// elements it lacks, sanitized HTML when the content is plain text, else the content alone.
/// `place` is the element's line and column in the chapter.
pub fn wrap(e: &Element, children: Vec<Inline>, place: (usize, usize)) -> Vec<Inline> {
    match e.name {
        "em" | "i" | "cite" | "dfn" | "var" => vec![Inline::Emphasis(children)],
        "strong" | "b" => vec![Inline::Strong(children)],
        "s" | "del" | "strike" => vec![Inline::Strikethrough(children)],
        "kbd" => vec![Span::inline(
            SpanKind::Keyboard,
            vec![Inline::Text(plain_text(&children))],
        )],
        "code" | "samp" | "tt" => vec![Inline::Code(plain_text(&children))],
        "a" => match e.attr("href") {
            Some(url) if !url.trim().is_empty() => {
                let title = e.attr("title").unwrap_or("").to_string();
                let link = Link::new(url.to_string(), title, children, place);
                vec![Inline::Link(Box::new(link))]
            }
            _ => children,
        },
        "q" => {
            let mut out = vec![Inline::Text("“".into())];
            out.extend(children);
            push_text_inlines(&mut out, "”");
            out
        }
        "sup" => vec![Span::inline(SpanKind::Superscript, children)],
        "sub" => vec![Span::inline(SpanKind::Subscript, children)],
        "mark" => vec![Span::inline(SpanKind::Mark, children)],
        "u" | "ins" => vec![Span::inline(SpanKind::Underline, children)],
        "abbr" => match e.attr("title") {
            Some(t) if !t.trim().is_empty() => {
                vec![Span::inline(SpanKind::Abbr(t.into()), children)]
            }
            _ => children,
        },
        // A span says something when it names a language, small capitals or a direction (the
        // book's stylesheet knows no other author classes); a time is its text.
        "span" if e.attr("lang").is_some() || is_small_caps(e) => {
            let mut out = children;
            if is_small_caps(e) {
                out = vec![Span::inline(SpanKind::SmallCaps, out)];
            }
            if let Some(lang) = e.attr("lang") {
                out = vec![Span::inline(SpanKind::Lang(lang.into()), out)];
            }
            out
        }
        "span" if e.attr("dir").is_none() => children,
        "time" => children,
        "span" | "small" | "bdi" if children.iter().all(|i| matches!(i, Inline::Text(_))) => {
            let text = plain_text(&children);
            let element = Element {
                name: e.name,
                attrs: e.attrs.clone(),
                children: vec![Node::Text(text)],
                offset: e.offset,
            };
            vec![Inline::Html(to_xhtml(&[Node::Element(element)]))]
        }
        _ => children,
    }
}

/// Push text, line breaks as soft breaks (as Markdown text has them), joined to a preceding
/// text.
pub fn push_text_inlines(out: &mut Vec<Inline>, text: &str) {
    for (i, part) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(Inline::SoftBreak);
        }
        if part.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(Inline::Text(prev)) => prev.push_str(part),
            _ => out.push(Inline::Text(part.to_string())),
        }
    }
}

fn is_blank_node(n: &Node) -> bool {
    matches!(n, Node::Text(t) if t.trim().is_empty())
}

fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::SoftBreak => true,
        _ => false,
    })
}

/// Inline content without white space and breaks at its ends.
fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    let lead = inlines
        .iter()
        .take_while(|i| matches!(i, Inline::SoftBreak))
        .count();
    inlines.drain(..lead);
    while matches!(inlines.last(), Some(Inline::SoftBreak | Inline::HardBreak)) {
        inlines.pop();
    }
    if let Some(Inline::Text(t)) = inlines.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = inlines.last_mut() {
        *t = t.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inlines
}
