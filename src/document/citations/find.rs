//! The first pass: every citation of the book found and replaced by an empty, numbered
//! [`SpanKind::Citation`] span. A bracketed citation reaches here as the link pulldown-cmark
//! made of `[…]` naming no link (see `Link::implicit`); an in-text one (`@key`) as text.

use std::collections::HashMap;

use hayagriva::citationberg::taxonomy::Locator;

use super::style::CitationStyle;
use super::syntax::{self, CiteItem};
use crate::document::walk::for_each_inline_list_mut;
use crate::document::{Book, Inline, LinkTarget, Span, SpanKind};
use crate::error::{Diagnostic, Result, Warnings};
use crate::manuscript::Manuscript;

/// Prefixes of pandoc-crossref's keys (`@fig:map`): references to the book's own figures,
/// tables and sections, not to works.
pub const CROSSREF_PREFIXES: &[&str] = &["fig:", "tbl:", "sec:", "eq:", "lst:"];

/// One citation found.
#[derive(Debug, Clone)]
pub struct Found {
    /// Index of its chapter.
    pub chapter: usize,
    /// Whether it is in a footnote (a note style then sets it there, in no note of its own).
    pub in_note: bool,
    /// `@key` in the sentence (the author's name in the text, the rest in brackets).
    pub in_text: bool,
    pub items: Vec<FoundItem>,
}

/// One work of a citation.
#[derive(Debug, Clone)]
pub struct FoundItem {
    pub key: String,
    pub prefix: String,
    /// The locator's kind and value (`Page`, `33`), when the suffix starts with one.
    pub locator: Option<(Locator, String)>,
    /// What follows the key and its locator, as written (`, and passim`).
    pub suffix_rest: String,
    pub suppress_author: bool,
}

/// Find the citations of `book`, replacing each by an empty span numbered in the returned
/// list, which is in reading order. `index` holds the bibliography's keys.
pub fn citations(
    book: &mut Book,
    m: &Manuscript,
    index: &HashMap<&str, usize>,
    style: &CitationStyle,
    warnings: &mut Warnings,
) -> Result<Vec<Found>> {
    let labels: HashMap<String, Locator> = super::locator_labels(style)
        .into_iter()
        .map(|(k, v)| (k.to_lowercase(), v))
        .collect();
    let texts: HashMap<&std::path::Path, &str> = m
        .chapters
        .iter()
        .map(|c| (c.path.as_path(), c.text.as_str()))
        .collect();
    let mut found: Vec<Found> = Vec::new();
    let mut error: Option<crate::error::Error> = None;
    for (c, chapter) in book.chapters.iter_mut().enumerate() {
        let source = chapter.source.clone();
        let text = texts.get(source.as_path()).copied().unwrap_or("");
        let mut finder = Finder {
            chapter: c,
            in_note: false,
            index,
            labels: &labels,
            found: &mut found,
            path: &source,
            text,
            error: &mut error,
            warnings,
        };
        for_each_inline_list_mut(&mut chapter.blocks, &mut |list| finder.list(list));
        finder.in_note = true;
        for note in &mut chapter.footnotes {
            for_each_inline_list_mut(&mut note.blocks, &mut |list| finder.list(list));
        }
        if let Some(e) = error.take() {
            return Err(e);
        }
    }
    Ok(in_reading_order(book, found))
}

/// `found` renumbered in reading order (a citation in emphasis comes where the emphasis is,
/// notes after their chapter's text), the spans' numbers changed to match.
fn in_reading_order(book: &mut Book, found: Vec<Found>) -> Vec<Found> {
    let mut order: Vec<usize> = Vec::with_capacity(found.len());
    let mut collect = |inline: &mut Inline| {
        if let Inline::Span(span) = inline
            && let SpanKind::Citation(n) = span.kind
        {
            span.kind = SpanKind::Citation(order.len());
            order.push(n);
        }
    };
    for chapter in &mut book.chapters {
        crate::document::walk::for_each_inline_mut(&mut chapter.blocks, &mut collect);
        for note in &mut chapter.footnotes {
            crate::document::walk::for_each_inline_mut(&mut note.blocks, &mut collect);
        }
    }
    let mut slots: Vec<Option<Found>> = found.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|n| slots.get_mut(n).and_then(Option::take))
        .collect()
}

struct Finder<'a, 'w> {
    chapter: usize,
    in_note: bool,
    index: &'a HashMap<&'a str, usize>,
    labels: &'a HashMap<String, Locator>,
    found: &'a mut Vec<Found>,
    path: &'a std::path::Path,
    /// The chapter's text, for the places of messages.
    text: &'a str,
    error: &'a mut Option<crate::error::Error>,
    warnings: &'w mut Warnings,
}

impl Finder<'_, '_> {
    /// The citations of one list of inlines (not those nested in its emphasis, links…).
    fn list(&mut self, list: &mut Vec<Inline>) {
        if self.error.is_some() {
            return;
        }
        let mut i = 0;
        while i < list.len() {
            let replaced = match &list[i] {
                Inline::Link(link)
                    if link.implicit.as_deref() == Some("")
                        && matches!(link.target, LinkTarget::Nowhere) =>
                {
                    self.bracketed(&link.url, (link.line as usize, link.column as usize))
                }
                Inline::Text(t) if t.contains('@') => {
                    let t = t.clone();
                    let n = self.in_text(list, i, &t);
                    i += n.max(1);
                    continue;
                }
                _ => None,
            };
            if let Some(span) = replaced {
                list[i] = span;
            }
            i += 1;
        }
    }

    /// `[…]` as a citation: its span, or `None` when it is no citation (or one of the book's
    /// figures and tables, left for cross-references).
    fn bracketed(&mut self, content: &str, place: (usize, usize)) -> Option<Inline> {
        let items = syntax::parse_bracketed(content)?;
        if items.iter().any(|i| is_crossref(&i.key)) {
            return None;
        }
        if let Some(unknown) = items
            .iter()
            .find(|i| !self.index.contains_key(i.key.as_str()))
        {
            let (line, column) = if place.0 > 0 {
                place
            } else {
                self.place_of(&format!("@{}", unknown.key))
            };
            *self.error = Some(self.unknown_key(&unknown.key, line, column).into());
            return None;
        }
        let items = items.into_iter().map(|i| self.item(i)).collect();
        Some(self.push(items, false))
    }

    /// The in-text citations in the text at `list[i]`: the text split around each, the
    /// citation a span; a `[p. 33]` right after one is its locator. Returns how many inlines
    /// now stand where the text stood.
    fn in_text(&mut self, list: &mut Vec<Inline>, i: usize, text: &str) -> usize {
        let mut pieces: Vec<Inline> = Vec::new();
        let mut from = 0;
        let mut took_next = false;
        let hits = syntax::in_text(text);
        let last_hit = hits.len().saturating_sub(1);
        for (k, (range, key)) in hits.into_iter().enumerate() {
            if is_crossref(key) {
                continue;
            }
            if !self.index.contains_key(key) {
                let (line, column) = self.place_of(&format!("@{key}"));
                if self.warnings.has_room(self.path) {
                    let d = self.unknown_key(key, line, column);
                    let d = Diagnostic {
                        message: format!("{}; `@{key}` is left as written", d.message),
                        ..d
                    };
                    self.warnings.push(d);
                } else {
                    self.warnings.count(self.path);
                }
                continue;
            }
            let mut suppress = false;
            let mut start = range.start;
            if text[..start].ends_with('-')
                && text[..start - 1]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '(')
            {
                suppress = true;
                start -= 1;
            }
            if start > from {
                pieces.push(Inline::Text(text[from..start].to_string()));
            }
            // `@key [p. 33]`: the bracket after the key is its locator and suffix.
            let mut suffix = String::new();
            if k == last_hit
                && text[range.end..].trim().is_empty()
                && let Some(Inline::Link(next)) = list.get(i + 1)
                && next.implicit.as_deref() == Some("")
                && !next.url.contains('@')
            {
                suffix = format!(", {}", next.url.trim());
                took_next = true;
            }
            let item = self.item(CiteItem {
                key: key.to_string(),
                prefix: String::new(),
                suffix,
                suppress_author: suppress,
            });
            pieces.push(self.push(vec![item], !suppress));
            from = if took_next { text.len() } else { range.end };
        }
        if pieces.is_empty() {
            return 1;
        }
        if from < text.len() {
            pieces.push(Inline::Text(text[from..].to_string()));
        }
        let n = pieces.len();
        let end = if took_next { i + 2 } else { i + 1 };
        list.splice(i..end, pieces);
        n
    }

    /// A work of a citation, its locator taken from its suffix.
    fn item(&self, item: CiteItem) -> super::find::FoundItem {
        let raw = item.suffix.as_str();
        let (locator, rest) = match raw.trim_start().strip_prefix(',') {
            Some(after) => {
                let known = |label: &str| self.labels.contains_key(&label.to_lowercase());
                match syntax::split_locator(after, known) {
                    Some((label, value, rest)) => {
                        let kind = if label.is_empty() {
                            Locator::Page
                        } else {
                            self.labels[&label.to_lowercase()]
                        };
                        (Some((kind, value)), rest.to_string())
                    }
                    None => (None, raw.to_string()),
                }
            }
            None if raw.trim().is_empty() => (None, String::new()),
            None => (None, format!(" {}", raw.trim())),
        };
        FoundItem {
            key: item.key,
            prefix: item.prefix,
            locator,
            suffix_rest: rest,
            suppress_author: item.suppress_author,
        }
    }

    fn push(&mut self, items: Vec<FoundItem>, in_text: bool) -> Inline {
        let n = self.found.len();
        self.found.push(Found {
            chapter: self.chapter,
            in_note: self.in_note,
            in_text,
            items,
        });
        Span::inline(SpanKind::Citation(n), Vec::new())
    }

    /// Where `written` first is in the chapter's text (1:1 when not found).
    fn place_of(&self, written: &str) -> (usize, usize) {
        self.text
            .find(written)
            .map_or((1, 1), |at| crate::error::line_col(self.text, at))
    }

    fn unknown_key(&self, key: &str, line: usize, column: usize) -> Diagnostic {
        let help = match closest(key, self.index.keys().copied()) {
            Some(near) => format!(
                "did you mean `{near}`? (keys are the names of the \
                                   bibliography's entries)"
            ),
            None => "add the work to the bibliography, or correct the key".to_string(),
        };
        let d = Diagnostic::at(
            self.path,
            line.max(1),
            column.max(1),
            format!("no work has the key `{key}` in the bibliography"),
        )
        .with_help(&help);
        if self.text.is_empty() {
            d
        } else {
            d.with_source(self.text)
        }
    }
}

fn is_crossref(key: &str) -> bool {
    CROSSREF_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// The key nearest `key` (by edit distance, at most a third of its length), for "did you
/// mean".
pub(crate) fn closest<'k>(key: &str, keys: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let limit = (key.chars().count() / 3).max(1);
    keys.map(|k| (distance(key, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// Levenshtein distance of two short strings (keys), bounded in the work it does: keys over
/// 64 characters are not compared.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}
