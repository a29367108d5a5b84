//! Page-break markers: where each page of the print edition begins, marked in the XHTML that
//! holds its text (EPUB Accessibility 1.1: page navigation; DPUB-ARIA `doc-pagebreak`), and the
//! page list of the navigation document that leads to them.
//!
//! The typesetter tells each page's first words ([`PageStart`]); they are looked for in the
//! document's text as terbit wrote it (its own well-formed XHTML, before it is zipped), after
//! the marker before and from the heading the page's text follows, comparing letters without
//! case or white space. The marker goes just before the first of those words:
//! - at the start of a word: a page that begins with the end of a word broken across the page
//!   turn is marked before the whole word, so that no word is split for a screen reader;
//! - before the element the words begin (a paragraph, a heading, an emphasis), where they begin
//!   one, so that a heading's accessible name does not take in the page number; never where a
//!   `<span>` may not stand (directly in a list, a table row);
//! - before a figure whose caption the words are (the caption is hidden from screen readers).
//!
//! A page whose words are not found (it begins with an image, or with text the EPUB does not
//! have) is marked just before the next page that is, so that no page is lost and the list
//! stays in order.

use std::collections::{HashMap, HashSet};

use crate::document::page_list::{PageStart, comparable, push_comparable};

/// How far past the marker before a page's words are looked for, in compared characters:
/// many pages' worth (a page holds about 2,500), not the whole of a long chapter for each
/// page not found.
const WINDOW: usize = 200_000;

/// The most characters of a page's first words that are compared.
const KEY: usize = 64;

/// When a page's words are not found, the fewer characters of them looked for (after its
/// first line's), and how far: about a page, where fewer characters could be found by chance.
const PREFIXES: [usize; 2] = [24, 12];
const NEAR: usize = 5_000;

/// How a page's marker was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Just before the page's first words.
    Exact,
    /// Just before the page's first line, or its first few words: the words after differ (a
    /// chapter's title that the print edition sets twice, say).
    Prefix,
    /// Before the word the page's text begins inside (a word broken across the page turn).
    WordStart,
    /// The words were not found: before the next page's marker (or at the end of the text).
    Near,
}

/// A marker placed in a document: its page's label, its id and how it was placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub label: String,
    pub id: String,
    pub placed: Placed,
}

/// `xhtml` (a content document terbit wrote) with a marker for each of `starts`, the pages
/// whose text it holds, in page order; and the markers in the same order.
pub fn place(xhtml: &str, starts: &[&PageStart]) -> (String, Vec<Marker>) {
    if starts.is_empty() {
        return (xhtml.to_string(), Vec::new());
    }
    let text = Text::scan(xhtml);
    let mut used: HashSet<String> = text.ids.keys().cloned().collect();
    let mut found: Vec<Option<(usize, Placed)>> = Vec::with_capacity(starts.len());
    // The least character the next page's words may begin at.
    let mut from = 0;
    for start in starts {
        let section = super::links::heading_id(&start.section);
        let section = text.ids.get(section.as_ref()).copied().unwrap_or(0);
        let at = text.find(start, from.max(section));
        if let Some((i, _)) = at {
            from = i + 1;
        }
        found.push(at);
    }
    // Offsets in the document, in page order: a page not found where the next one found is.
    let mut offsets = vec![text.tail; starts.len()];
    let mut next = text.tail;
    for (k, at) in found.iter().enumerate().rev() {
        if let Some((i, _)) = at {
            next = text.at[*i] as usize;
        }
        offsets[k] = next;
    }
    for k in 1..offsets.len() {
        offsets[k] = offsets[k].max(offsets[k - 1]);
    }
    let mut markers = Vec::with_capacity(starts.len());
    let mut out = String::with_capacity(xhtml.len() + starts.len() * 100);
    let mut copied = 0;
    for ((start, at), &offset) in starts.iter().zip(&found).zip(&offsets) {
        let id = unique_id(&start.label, &mut used);
        out.push_str(&xhtml[copied..offset]);
        copied = offset;
        out.push_str(&marker(&id, &start.label));
        markers.push(Marker {
            label: start.label.clone(),
            id,
            placed: at.map_or(Placed::Near, |(_, p)| p),
        });
    }
    out.push_str(&xhtml[copied..]);
    (out, markers)
}

/// The marker of page `label` (EPUB Accessibility Techniques; DAISY Ace checks its label).
fn marker(id: &str, label: &str) -> String {
    let label = super::xhtml::escape(label);
    format!(
        "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" aria-label=\"{label}\"/>"
    )
}

/// `page-LABEL`, made a valid id (letters, digits, `-`, `.`, `_` kept) unique among `used`.
fn unique_id(label: &str, used: &mut HashSet<String>) -> String {
    let clean: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let base = format!("page-{clean}");
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.insert(id.clone());
    id
}

/// The `<nav epub:type="page-list">` of the navigation document: each marker of each document
/// (`href`, markers), in reading order. Hidden: reading systems offer it as "go to page".
pub fn nav(documents: &[(&str, &[Marker])]) -> String {
    let mut out = String::from("<nav epub:type=\"page-list\" hidden=\"hidden\">\n<ol>\n");
    for (href, markers) in documents {
        for m in *markers {
            out.push_str(&format!(
                "<li><a href=\"{href}#{}\">{}</a></li>\n",
                m.id,
                super::xhtml::escape(&m.label)
            ));
        }
    }
    out.push_str("</ol>\n</nav>\n");
    out
}

/// A document's text as compared with a page's words: each character (see [`comparable`])
/// with where a marker before it goes.
struct Text {
    chars: Vec<char>,
    /// For each character, the offset in the document where a marker before it goes (a
    /// chapter is far below 4 GiB).
    at: Vec<u32>,
    /// Whether each character begins a word.
    word: Vec<bool>,
    /// The document's ids, each with the index of the first character after its start tag.
    ids: HashMap<String, usize>,
    /// Where markers go whose page is not found before the end: the end of the main text
    /// (before the footnotes).
    tail: usize,
}

/// What an element is to the markers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Inline (it does not part words), and a marker may move out of it when its text begins
    /// with the page's words: its parent holds phrasing content.
    Inline,
    /// A paragraph, a heading, a listing: it parts words, and a marker may move out of it.
    Block,
    /// Text no marker may go into (a `<span>` is not allowed there).
    NoMarker,
    /// Anything else: it parts words, and a marker stays inside it (an item, a cell).
    Other,
}

fn kind(name: &str) -> Kind {
    match name {
        "a" | "em" | "strong" | "code" | "span" | "sup" | "sub" | "del" | "ins" | "u" | "s"
        | "mark" | "kbd" | "samp" | "var" | "abbr" | "cite" | "q" | "dfn" | "bdi" | "small"
        | "i" | "b" | "wbr" => Kind::Inline,
        "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" => Kind::Block,
        "rp" | "math" | "svg" | "script" | "style" | "textarea" | "option" => Kind::NoMarker,
        _ => Kind::Other,
    }
}

/// An open element while scanning.
struct Open {
    /// A region no marker goes into starts here: markers for its text go to this offset.
    region: Option<usize>,
    /// Its text is not the book's text (footnotes, kept apart in the EPUB).
    skip: bool,
    /// A figure: where it starts.
    figure: Option<usize>,
}

impl Text {
    fn scan(xhtml: &str) -> Text {
        // About one compared character for every byte and a half of a chapter.
        let capacity = xhtml.len() * 2 / 3;
        let mut text = Text {
            chars: Vec::with_capacity(capacity),
            at: Vec::with_capacity(capacity),
            word: Vec::with_capacity(capacity),
            ids: HashMap::new(),
            tail: xhtml.len(),
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut in_body = false;
        // Where a marker before the next character goes if an element begins there.
        let mut hoist: Option<usize> = None;
        // Whether the next character begins a word.
        let mut boundary = true;
        let mut buf = Vec::new();
        let bytes = xhtml.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'<' {
                let end = xhtml[i..].find('>').map_or(xhtml.len(), |e| i + e + 1);
                let tag = &xhtml[i..end];
                let offset = i;
                i = end;
                let Some(tag) = Tag::parse(tag) else { continue };
                if !in_body {
                    in_body = tag.name == "body" && !tag.end;
                    continue;
                }
                if tag.end {
                    if tag.name == "body" {
                        text.tail = text.tail.min(offset);
                        break;
                    }
                    stack.pop();
                    hoist = None;
                    if kind(tag.name) != Kind::Inline {
                        boundary = true;
                    }
                    continue;
                }
                if let Some(id) = tag.attr("id") {
                    text.ids.insert(id.to_string(), text.chars.len());
                }
                let kind = kind(tag.name);
                if kind != Kind::Inline {
                    boundary = true;
                }
                if matches!(kind, Kind::Inline | Kind::Block) && tag.name != "wbr" {
                    hoist = hoist.or(Some(offset));
                } else if tag.name != "br" && tag.name != "wbr" {
                    hoist = None;
                }
                if tag.empty {
                    continue;
                }
                let parent_region = stack.iter().rev().find_map(|o| o.region);
                let figure = stack.iter().rev().find_map(|o| o.figure);
                let hidden = tag.attr("aria-hidden") == Some("true");
                let region = parent_region.or_else(|| {
                    (hidden || kind == Kind::NoMarker).then(|| figure.or(hoist).unwrap_or(offset))
                });
                let notes = tag
                    .attr("epub:type")
                    .is_some_and(|t| t.split_whitespace().any(|t| t == "footnotes"));
                if notes {
                    text.tail = text.tail.min(offset);
                }
                let skip = notes
                    || stack.last().is_some_and(|o| o.skip)
                    || tag
                        .attr("epub:type")
                        .is_some_and(|t| t.split_whitespace().any(|t| t == "footnote"));
                stack.push(Open {
                    region,
                    skip,
                    figure: (tag.name == "figure").then_some(hoist.unwrap_or(offset)),
                });
                continue;
            }
            // Text up to the next tag.
            let end = xhtml[i..].find('<').map_or(xhtml.len(), |e| i + e);
            if !in_body || stack.last().is_some_and(|o| o.skip) {
                i = end;
                continue;
            }
            let region = stack.iter().rev().find_map(|o| o.region);
            let mut k = i;
            while k < end {
                let here = k;
                // Plain ASCII, most of a book's text, without decoding.
                let b = bytes[k];
                if b.is_ascii() && b != b'&' {
                    k += 1;
                    if b.is_ascii_whitespace() {
                        boundary = true;
                        continue;
                    }
                    text.chars.push(char::from(b.to_ascii_lowercase()));
                    text.at
                        .push(region.unwrap_or_else(|| hoist.unwrap_or(here)) as u32);
                    text.word.push(boundary);
                    hoist = None;
                    boundary = false;
                    continue;
                }
                let (c, len) = decode(&xhtml[k..end]);
                k += len;
                if c.is_whitespace() {
                    boundary = true;
                    continue;
                }
                buf.clear();
                push_comparable(c, &mut buf);
                if buf.is_empty() {
                    continue;
                }
                let at = region.unwrap_or_else(|| hoist.unwrap_or(here));
                hoist = None;
                for (n, &ch) in buf.iter().enumerate() {
                    text.chars.push(ch);
                    text.at.push(at as u32);
                    text.word.push(n == 0 && boundary);
                }
                boundary = false;
            }
            i = end;
        }
        text
    }

    /// Where the words `start` gives begin, at or after character `from`: the index of the
    /// character a marker goes before, and how it was found.
    fn find(&self, start: &PageStart, from: usize) -> Option<(usize, Placed)> {
        let mut key = start.key();
        key.truncate(KEY);
        if key.is_empty() || from >= self.chars.len() {
            return None;
        }
        let mut placed = Placed::Exact;
        let mut i = match self.search(&key, from, WINDOW) {
            Some(i) => i,
            None => {
                placed = Placed::Prefix;
                std::iter::once(start.first_line())
                    .chain(PREFIXES)
                    .filter(|&n| n > 0 && n < key.len())
                    .find_map(|n| self.search(&key[..n], from, NEAR))?
            }
        };
        // Text the print edition set before the words that is text here too (a paragraph that
        // begins "1."): the marker goes before it.
        let mut lead = Vec::new();
        comparable(&start.lead, &mut lead);
        if !lead.is_empty() && i >= from + lead.len() && self.chars[i - lead.len()..i] == lead[..] {
            i -= lead.len();
        }
        // Inside a word (of a script that spaces its words): before the word.
        let found = placed;
        let mut back = 0;
        while i > from && !self.word[i] && in_word(self.chars[i - 1]) && back < 40 {
            i -= 1;
            back += 1;
            placed = Placed::WordStart;
        }
        if !self.word[i] && placed == Placed::WordStart {
            // Not a word after all (a long run of letters): where the words begin.
            i += back;
            placed = found;
        }
        Some((i, placed))
    }

    /// Where `key` first occurs at or after character `from`, within `window` characters.
    fn search(&self, key: &[char], from: usize, window: usize) -> Option<usize> {
        let end = self
            .chars
            .len()
            .min(from.saturating_add(window).saturating_add(key.len()));
        let hay = self.chars.get(from..end)?;
        let first = *key.first()?;
        (0..hay.len().saturating_sub(key.len() - 1))
            .find(|&i| hay[i] == first && hay[i..].starts_with(key))
            .map(|i| i + from)
    }
}

/// Whether `c` is part of a word in a script that separates its words with spaces (Chinese and
/// Japanese do not: their characters are not taken as one word).
fn in_word(c: char) -> bool {
    c.is_alphanumeric() && (c as u32) < 0x2e80
}

/// A tag as terbit writes them: its name, whether it is an end tag or an empty one, and its
/// attributes (values escaped as written).
struct Tag<'a> {
    name: &'a str,
    end: bool,
    empty: bool,
    attrs: &'a str,
}

impl<'a> Tag<'a> {
    fn parse(tag: &'a str) -> Option<Tag<'a>> {
        let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
        if inner.starts_with(['!', '?']) {
            return None;
        }
        let (end, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let (empty, inner) = match inner.strip_suffix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let name_end = inner
            .find(|c: char| c.is_whitespace())
            .unwrap_or(inner.len());
        Some(Tag {
            name: &inner[..name_end],
            end,
            empty,
            attrs: &inner[name_end..],
        })
    }

    /// The value of attribute `name`, as written (escaped).
    fn attr(&self, name: &str) -> Option<&'a str> {
        let mut rest = self.attrs;
        loop {
            rest = rest.trim_start();
            let eq = rest.find('=')?;
            let key = rest[..eq].trim();
            let after = rest[eq + 1..].trim_start();
            let quote = after.chars().next()?;
            let close = after[1..].find(quote)? + 1;
            if key == name {
                return Some(&after[1..close]);
            }
            rest = &after[close + 1..];
        }
    }
}

/// The character that `s` begins with, an entity decoded, and its length in `s`.
fn decode(s: &str) -> (char, usize) {
    if s.starts_with('&')
        && let Some(semi) = s.bytes().take(12).position(|b| b == b';')
    {
        let name = &s[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        if let Some(c) = c {
            return (c, semi + 1);
        }
    }
    let c = s.chars().next().unwrap_or(' ');
    (c, c.len_utf8())
}

#[cfg(test)]
#[path = "page_marks_tests.rs"]
mod tests;
