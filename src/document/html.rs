//! Raw HTML in Markdown: a small, tolerant tokenizer and a sanitizer that keeps a whitelist of
//! safe elements and attributes, as a tree the IR is built from (`html_ir`).
//!
//! What it guarantees: the tree holds only whitelisted elements, nested at most [`MAX_DEPTH`]
//! deep, with whitelisted attributes whose values are decoded text; scripts, styles, embedded
//! objects, event-handler attributes and `javascript:` URLs are removed (each reported, for a
//! warning); markup not known is kept as its source text (`Vec<T>` in prose), so the author
//! sees it rather than losing words; a known element left open, or an end tag closing nothing,
//! loses its tag and keeps its content, as a browser shows it. Work is linear in the input.

use std::ops::Range;

use super::url::is_dangerous;

#[path = "html_tokens.rs"]
mod tokens;
pub use tokens::{Kind, Token, decode_entities, kind, tokenize};

/// Deepest element nesting kept in a tree; deeper elements are merged into their parent.
pub const MAX_DEPTH: usize = 32;
/// Most elements open at once (kept or merged); beyond it, start tags are kept as text.
const MAX_OPEN: usize = 1024;
/// How far up an end tag looks for its start tag (unclosed elements in between become text).
const END_TAG_REACH: usize = 16;

/// A node of a sanitized fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Canonical (whitelisted) name.
    pub name: &'static str,
    /// Whitelisted attributes with their decoded values.
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
    /// Byte offset of its start tag in the fragment.
    pub offset: usize,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Something the sanitizer removed, for a warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    /// Byte offset in the fragment.
    pub offset: usize,
    pub what: String,
}

/// A fragment, sanitized.
#[derive(Debug, Default)]
pub struct Fragment {
    pub nodes: Vec<Node>,
    pub removed: Vec<Removed>,
    /// Whether every tag was balanced and known (nothing kept as text, nothing merged).
    pub clean: bool,
}

/// An element being built.
struct Open {
    name: &'static str,
    /// `None` when nested beyond [`MAX_DEPTH`]: its content goes to the nearest kept ancestor,
    /// and `placeholder` is the index there of its start tag's text, emptied when it closes.
    element: Option<Element>,
    placeholder: usize,
}

/// Sanitize fragment `src` into a tree.
pub fn parse(src: &str) -> Fragment {
    let mut b = TreeBuilder {
        src,
        root: Vec::new(),
        open: Vec::new(),
        kept: 0,
        removed: Vec::new(),
        clean: true,
    };
    let mut removing: Option<(&'static str, usize)> = None;
    for (token, range) in tokenize(src) {
        if let Some((name, depth)) = &mut removing {
            match &token {
                Token::Start {
                    name: n,
                    self_closing: false,
                    ..
                } if n == name => *depth += 1,
                Token::End { name: n } if n == name => {
                    if *depth == 0 {
                        removing = None;
                    } else {
                        *depth -= 1;
                    }
                }
                _ => {}
            }
            continue;
        }
        match token {
            Token::Text(t) => b.text(t),
            Token::RawText | Token::Comment => {}
            Token::Other => {
                let raw = src[range].to_string();
                b.text(raw);
                b.clean = false;
            }
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                let (canonical, k) = kind(&name);
                match k {
                    Kind::Removed | Kind::RemovedVoid => {
                        b.removed.push(Removed {
                            offset: range.start,
                            what: format!("<{name}> element"),
                        });
                        if k == Kind::Removed && !self_closing {
                            removing = Some((canonical, 0));
                        }
                    }
                    Kind::Unknown => b.as_text(range),
                    Kind::Void => {
                        let attrs = clean_attrs(canonical, &attrs, range.start, &mut b.removed);
                        b.append(Node::Element(Element {
                            name: canonical,
                            attrs,
                            children: vec![],
                            offset: range.start,
                        }));
                    }
                    Kind::Normal => {
                        let attrs = clean_attrs(canonical, &attrs, range.start, &mut b.removed);
                        b.implicit_end(canonical);
                        if self_closing {
                            b.append(Node::Element(Element {
                                name: canonical,
                                attrs,
                                children: vec![],
                                offset: range.start,
                            }));
                        } else {
                            b.start(canonical, attrs, range);
                        }
                    }
                }
            }
            Token::End { name } => b.end(&name, range),
        }
    }
    while !b.open.is_empty() {
        b.end_implied_or_unwind();
    }
    Fragment {
        nodes: b.root,
        removed: b.removed,
        clean: b.clean,
    }
}

struct TreeBuilder<'a> {
    src: &'a str,
    root: Vec<Node>,
    open: Vec<Open>,
    /// How many of `open` are kept (not merged).
    kept: usize,
    removed: Vec<Removed>,
    clean: bool,
}

impl TreeBuilder<'_> {
    /// The children of the innermost kept element (or the root). Kept elements are the
    /// bottom of the stack (merged ones are only opened above [`MAX_DEPTH`] kept ones).
    fn target(&mut self) -> &mut Vec<Node> {
        match self
            .kept
            .checked_sub(1)
            .and_then(|i| self.open[i].element.as_mut())
        {
            Some(e) => &mut e.children,
            None => &mut self.root,
        }
    }

    fn append(&mut self, node: Node) {
        let target = self.target();
        match (target.last_mut(), node) {
            (Some(Node::Text(prev)), Node::Text(t)) if !prev.is_empty() => prev.push_str(&t),
            (_, node) => target.push(node),
        }
    }

    fn text(&mut self, t: String) {
        self.append(Node::Text(t));
    }

    /// Markup kept as its source text.
    fn as_text(&mut self, range: Range<usize>) {
        let raw = self.src[range].to_string();
        self.text(raw);
        self.clean = false;
    }

    fn start(&mut self, name: &'static str, attrs: Vec<(&'static str, String)>, r: Range<usize>) {
        if self.open.len() >= MAX_OPEN {
            return self.as_text(r);
        }
        if self.kept >= MAX_DEPTH {
            self.clean = false;
            let raw = self.src[r.clone()].to_string();
            let target = self.target();
            target.push(Node::Text(raw));
            let placeholder = target.len() - 1;
            // An empty text after it, so that following text is not joined to the placeholder.
            target.push(Node::Text(String::new()));
            self.open.push(Open {
                name,
                element: None,
                placeholder,
            });
            return;
        }
        self.kept += 1;
        self.open.push(Open {
            name,
            element: Some(Element {
                name,
                attrs,
                children: vec![],
                offset: r.start,
            }),
            placeholder: 0,
        });
    }

    /// End tags HTML lets authors leave out: a new item ends the open one, a new cell or row
    /// the open cell, a block the open paragraph.
    fn implicit_end(&mut self, starting: &str) {
        let Some(top) = self.open.last().map(|o| o.name) else {
            return;
        };
        let ends = match top {
            "li" => starting == "li",
            "td" | "th" => matches!(starting, "td" | "th" | "tr"),
            "p" => matches!(
                starting,
                "p" | "div"
                    | "ul"
                    | "ol"
                    | "table"
                    | "blockquote"
                    | "pre"
                    | "figure"
                    | "h1"
                    | "h2"
                    | "h3"
                    | "h4"
                    | "h5"
                    | "h6"
            ),
            _ => false,
        };
        if ends {
            self.close_top();
            if starting == "tr" && self.open.last().is_some_and(|o| o.name == "tr") {
                self.close_top();
            }
        }
    }

    fn end(&mut self, name: &str, range: Range<usize>) {
        let reach = self.open.len().saturating_sub(END_TAG_REACH);
        let Some(at) = self.open[reach..]
            .iter()
            .rposition(|o| o.name == name)
            .map(|i| reach + i)
        else {
            // The end tag of an element known but not open (`</a>` with its `<a …>` in a block
            // of its own): left out, as a browser leaves it; an unknown one is text (`</T>`).
            if kind(name).1 == Kind::Unknown {
                self.as_text(range);
            }
            return;
        };
        while self.open.len() > at + 1 {
            self.end_implied_or_unwind();
        }
        self.close_top();
    }

    /// The element on top is left open where its parent ends: closed if HTML lets its end tag
    /// be left out (`<li>`, `<p>`, `<td>`, …), else unbalanced.
    fn end_implied_or_unwind(&mut self) {
        let optional = self.open.last().is_some_and(|o| {
            matches!(
                o.name,
                "li" | "p" | "td" | "th" | "tr" | "thead" | "tbody" | "tfoot" | "caption"
            )
        });
        if optional {
            self.close_top();
        } else {
            self.unwind_top();
        }
    }

    /// Close the element on top: it joins its parent.
    fn close_top(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        match open.element {
            Some(e) => {
                self.kept -= 1;
                self.target().push(Node::Element(e));
            }
            None => {
                let at = open.placeholder;
                if let Some(Node::Text(t)) = self.target().get_mut(at) {
                    t.clear();
                }
            }
        }
    }

    /// The element on top was never closed: its content stays, its start tag is left out (a
    /// browser closes it where its parent ends; a reader would see `<a href=…>` as text).
    fn unwind_top(&mut self) {
        let Some(open) = self.open.pop() else {
            return;
        };
        self.clean = false;
        if let Some(e) = open.element {
            self.kept -= 1;
            for child in e.children {
                self.append(child);
            }
        }
        // A merged element's start tag is already in place as text.
    }
}

/// The attributes of `element` that are safe and meaningful in a book, values checked;
/// event handlers and script URLs are reported in `removed`.
pub fn clean_attrs(
    element: &str,
    attrs: &[(String, String)],
    offset: usize,
    removed: &mut Vec<Removed>,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (name, value) in attrs {
        if name.starts_with("on") {
            removed.push(Removed {
                offset,
                what: format!("`{name}` attribute"),
            });
            continue;
        }
        if element == "img" && name == "style" {
            // Only the size an author gives an image is read from its style.
            for (property, v) in style_size(value) {
                if !out.iter().any(|(k, _)| *k == property) {
                    out.push((property, v));
                }
            }
            continue;
        }
        let kept: Option<(&'static str, String)> = match (element, name.as_str()) {
            (_, "class") => {
                let v: String = value
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
                    .collect();
                Some(("class", v.split_whitespace().collect::<Vec<_>>().join(" ")))
            }
            (_, "title") => Some(("title", value.clone())),
            (_, "lang" | "xml:lang") => {
                crate::manuscript::config::is_bcp47(value).then(|| ("lang", value.clone()))
            }
            (_, "dir") => {
                matches!(value.as_str(), "ltr" | "rtl" | "auto").then(|| ("dir", value.clone()))
            }
            ("a", "href") | ("img", "src") => {
                if value.len() > super::parse::MAX_URL_BYTES {
                    removed.push(Removed {
                        offset,
                        what: format!("link target of {} bytes", value.len()),
                    });
                    None
                } else if let Some(scheme) = is_dangerous(value) {
                    removed.push(Removed {
                        offset,
                        what: format!("`{scheme}:` URL"),
                    });
                    None
                } else {
                    Some((if element == "a" { "href" } else { "src" }, value.clone()))
                }
            }
            ("img", "alt") => Some(("alt", value.clone())),
            ("img", "width" | "height") => super::Length::parse(value).map(|_| {
                (
                    if name == "width" { "width" } else { "height" },
                    value.trim().into(),
                )
            }),
            ("ol", "start") | ("td" | "th", "colspan" | "rowspan") => {
                let ok = !value.is_empty()
                    && value.len() <= 4
                    && value.bytes().all(|b| b.is_ascii_digit());
                let canonical = ["start", "colspan", "rowspan"]
                    .into_iter()
                    .find(|n| *n == name.as_str());
                canonical.filter(|_| ok).map(|n| (n, value.clone()))
            }
            ("time", "datetime") => Some(("datetime", value.clone())),
            // Kept to be known as link targets (`html_ir`), never written out again: the book
            // makes its own ids.
            (_, "id") | ("a", "name") => {
                super::ids::is_usable_id(value).then(|| ("id", value.clone()))
            }
            _ => None,
        };
        if let Some((n, v)) = kept
            && !out.iter().any(|(k, _)| *k == n)
        {
            out.push((n, v));
        }
    }
    out
}

/// The `width` and `height` declarations of a `style` attribute whose values are lengths
/// terbit reads (`width: 50%`, `height:120px`).
fn style_size(style: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for declaration in style.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = match property.trim().to_ascii_lowercase().as_str() {
            "width" => "width",
            "height" => "height",
            _ => continue,
        };
        let value = value.trim().trim_end_matches("!important").trim();
        if super::Length::parse(value).is_some() {
            out.push((property, value.to_string()));
        }
    }
    out
}

/// The text an HTML fragment shows (what a reader of the page would read), for writers that
/// draw text rather than markup, titles and searches.
pub fn text_content(src: &str) -> String {
    let mut out = String::new();
    push_text(&parse(src).nodes, &mut out);
    out
}

/// Append the text of `nodes` to `out` (trees are at most [`MAX_DEPTH`] deep).
pub fn push_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) if e.name == "br" => out.push('\n'),
            Node::Element(e) if e.name == "img" => out.push_str(e.attr("alt").unwrap_or("")),
            Node::Element(e) => push_text(&e.children, out),
        }
    }
}

/// `nodes` as well-formed XHTML (void elements closed, text and values escaped).
pub fn to_xhtml(nodes: &[Node]) -> String {
    let mut out = String::new();
    write_xhtml(nodes, &mut out);
    out
}

fn write_xhtml(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => escape_into(out, t),
            Node::Element(e) => {
                out.push('<');
                out.push_str(e.name);
                // (Ids are the book's to give: see `clean_attrs`.)
                for (k, v) in e.attrs.iter().filter(|(k, _)| *k != "id") {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape_into(out, v);
                    out.push('"');
                }
                if kind(e.name).1 == Kind::Void {
                    out.push_str("/>");
                } else {
                    out.push('>');
                    write_xhtml(&e.children, out);
                    out.push_str("</");
                    out.push_str(e.name);
                    out.push('>');
                }
            }
        }
    }
}

/// Whether XML 1.0 allows `c` in a document: not the C0 controls other than tab and line ends,
/// nor U+FFFE and U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || !((c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}')
}

/// `s` escaped for XML text and attribute values; characters XML 1.0 forbids (C0 controls
/// other than tab and line ends, U+FFFE, U+FFFF) are dropped. The EPUB writer escapes with it
/// too (`epub::xhtml::push_escaped`).
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if !is_xml_char(c) => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
