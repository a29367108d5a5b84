//! The checks that read a chapter's own characters: repeated words ("yang yang"), unbalanced
//! brackets and quotation marks, straight quotes where the language writes curly ones — and
//! where each internal link is written, for the link check. pulldown-cmark parses the chapter
//! *without* smart punctuation, so the text events are the characters the author typed, at
//! their byte offsets; code, raw HTML and link destinations are not prose and are skipped.
//!
//! Work is linear in the chapter: each character is looked at a bounded number of times, and a
//! finding costs the same wherever it is. Findings are kept as byte offsets while scanning —
//! only the first [`SHOWN_PER_CHECK`] of each check, by place, the rest counted — and are given
//! their line, column and source line at the end, in one pass in the order of the text.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::source::with_excerpt;
use super::{Finding, Kind, SHOWN_PER_CHECK, step};
use crate::error::{Diagnostic, Locator};
use crate::lang::Language;

/// What scanning one chapter found.
#[derive(Debug, Default)]
pub struct Scanned {
    pub findings: Vec<Finding>,
}

/// Scan chapter `path` (its text `text`) written in `lang`.
pub fn scan(path: &Path, text: &str, lang: Language) -> Scanned {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut s = Scanner {
        path,
        text,
        lang,
        kept: Default::default(),
        seq: 0,
        prev_word: None,
        stack: Vec::new(),
        open: Default::default(),
        straight: None,
        pending_quote: None,
        block_start: true,
        code: 0,
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        s.event(event, range);
    }
    s.end_block();
    s.flush_pending();
    s.finish()
}

/// A finding while scanning: where, and what to say there.
#[derive(Debug)]
struct Raw {
    offset: usize,
    /// The order it was found in, which orders findings at the same offset.
    seq: usize,
    what: What,
}

#[derive(Debug)]
enum What {
    Repeated(String),
    Unclosed(char),
    /// A “ left open at the end of a paragraph that the next one does not continue.
    OpenQuotation,
    ClosesNothing(char),
    StraightUnclosed,
    Apostrophe,
    SingleQuote,
    DoubleQuote,
}

impl What {
    fn kind(&self) -> Kind {
        match self {
            What::Repeated(_) => Kind::RepeatedWord,
            What::Apostrophe | What::SingleQuote | What::DoubleQuote => Kind::StraightQuote,
            _ => Kind::Unbalanced,
        }
    }
}

impl PartialEq for Raw {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Raw {}
impl PartialOrd for Raw {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Raw {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.offset, self.seq).cmp(&(other.offset, other.seq))
    }
}

/// The findings of one check: the first [`SHOWN_PER_CHECK`] by place (a max-heap, so that a
/// later but earlier-placed finding can displace the last kept), and how many were not kept.
#[derive(Debug, Default)]
struct Kept {
    first: BinaryHeap<Raw>,
    hidden: usize,
    /// Offset and order of the first finding not kept.
    first_hidden: Option<(usize, usize)>,
}

/// The checks a scan reports, each with its [`Kept`].
const SCAN_KINDS: [Kind; 3] = [Kind::RepeatedWord, Kind::Unbalanced, Kind::StraightQuote];

struct Scanner<'a> {
    path: &'a Path,
    text: &'a str,
    lang: Language,
    /// Per check of [`SCAN_KINDS`].
    kept: [Kept; 3],
    /// Findings so far.
    seq: usize,
    /// The last word seen and its end, while only spaces have followed it.
    prev_word: Option<(String, usize)>,
    /// Open brackets and curly quotes of the current block, with their offsets.
    stack: Vec<(char, usize)>,
    /// For each closable opener ( [ { “, the indexes in `stack` where one is open, so that a
    /// closer finds its opener at once (searching the stack was quadratic on `((((…]]]]`).
    open: [Vec<usize>; 4],
    /// The last unpaired straight double quote of the block.
    straight: Option<usize>,
    /// An opening quote left open at the end of a paragraph: fine when the next paragraph opens
    /// with a quote too (a quotation running over paragraphs), reported otherwise.
    pending_quote: Option<usize>,
    /// Whether no text has been seen yet in the current block.
    block_start: bool,
    /// Depth of code blocks, HTML blocks and similar non-prose containers.
    code: usize,
}

impl Scanner<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_) => self.end_block(),
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                    self.end_block();
                    self.code += 1;
                }
                _ => self.prev_word = None,
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition => self.end_block(),
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                    self.code = self.code.saturating_sub(1);
                    self.block_start = true;
                }
                _ => self.prev_word = None,
            },
            Event::Text(t) if self.code == 0 => {
                // Text events are the source's bytes unless an escape or entity was decoded;
                // then the places are those of the event's start.
                let exact = self.text.get(range.clone()) == Some(&*t);
                let base = range.start;
                self.prose(&t, |i| if exact { base + i } else { base });
            }
            Event::SoftBreak => {}
            Event::HardBreak => self.prev_word = None,
            _ => self.prev_word = None,
        }
    }

    /// Check a run of prose; `at` maps an offset in `t` to one in the chapter.
    fn prose(&mut self, t: &str, at: impl Fn(usize) -> usize) {
        let chars: Vec<(usize, char)> = t.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            step(1);
            let (off, c) = chars[i];
            if self.block_start && !c.is_whitespace() {
                self.block_start = false;
                if c == '“' || c == '"' {
                    self.pending_quote = None;
                }
                self.flush_pending();
            }
            if is_word_char(c) {
                while i < chars.len() && is_word_part(&chars, i) {
                    step(1);
                    i += 1;
                }
                let end = chars.get(i).map_or(t.len(), |&(o, _)| o);
                self.word(&t[off..end], at(off), at(end));
                for (o, _) in t[off..end].match_indices('\'') {
                    self.straight_quote('\'', at(off + o), t, off + o);
                }
                continue;
            }
            if !c.is_whitespace() {
                self.prev_word = None;
            }
            self.mark(c, at(off), t, off);
            i += 1;
        }
    }

    fn word(&mut self, word: &str, start: usize, end: usize) {
        step(2 * word.len());
        let lower = self.lang.to_lower(word);
        let is_word = word.chars().any(char::is_alphabetic);
        if let Some((prev, prev_end)) = &self.prev_word
            && is_word
            && *prev == lower
            && self
                .text
                .get(*prev_end..start)
                .is_some_and(|gap| !gap.is_empty() && gap.chars().all(char::is_whitespace))
        {
            self.push(start, What::Repeated(word.to_string()));
        }
        self.prev_word = is_word.then_some((lower, end));
    }

    /// Brackets, quotation marks and straight quotes.
    fn mark(&mut self, c: char, at: usize, t: &str, off: usize) {
        match c {
            '(' | '[' | '{' | '“' | '‘' => {
                if let Some(k) = open_index(c) {
                    self.open[k].push(self.stack.len());
                }
                self.stack.push((c, at));
            }
            ')' | ']' | '}' | '”' => {
                let open = opener(c);
                if self.stack.last().is_some_and(|&(o, _)| o == open) {
                    self.pop();
                } else if let Some(pos) =
                    open_index(open).and_then(|k| self.open[k].last().copied())
                {
                    // Something opened after it is left open: report that one.
                    let (inner, inner_at) = self.stack[pos + 1];
                    self.stack.truncate(pos);
                    for list in &mut self.open {
                        while list.last().is_some_and(|&i| i >= pos) {
                            step(1);
                            list.pop();
                        }
                    }
                    self.unclosed(inner, inner_at);
                } else if !(c == ')' && is_enumerator(t, off)) {
                    self.push(at, What::ClosesNothing(c));
                }
            }
            // ’ is also the apostrophe: it closes a ‘ when one is open, and is fine otherwise.
            '’' if self.stack.last().is_some_and(|&(o, _)| o == '‘') => self.pop(),
            '"' => {
                self.straight = match self.straight {
                    Some(_) => None,
                    None => Some(at),
                };
                self.straight_quote('"', at, t, off);
            }
            '\'' => self.straight_quote('\'', at, t, off),
            _ => {}
        }
    }

    /// Close the innermost bracket or quote.
    fn pop(&mut self) {
        if let Some((c, _)) = self.stack.pop()
            && let Some(k) = open_index(c)
        {
            self.open[k].pop();
        }
    }

    fn straight_quote(&mut self, c: char, at: usize, t: &str, off: usize) {
        if !self.lang.uses_curly_quotes() {
            return;
        }
        let before = t[..off].chars().next_back();
        let after = t[off + 1..].chars().next();
        let what = match c {
            '\'' if before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric) =>
            {
                What::Apostrophe
            }
            '\'' => What::SingleQuote,
            _ => What::DoubleQuote,
        };
        self.push(at, what);
    }

    fn unclosed(&mut self, c: char, at: usize) {
        self.push(at, What::Unclosed(c));
    }

    /// The end of a block: what is still open there is unbalanced.
    fn end_block(&mut self) {
        self.prev_word = None;
        let open = std::mem::take(&mut self.stack);
        step(open.len());
        self.open.iter_mut().for_each(Vec::clear);
        for (c, at) in open {
            if c == '“' && self.pending_quote.is_none() {
                // Perhaps a quotation going on in the next paragraph: decided there.
                self.pending_quote = Some(at);
            } else {
                self.unclosed(c, at);
            }
        }
        if let Some(at) = self.straight.take() {
            self.push(at, What::StraightUnclosed);
        }
        self.block_start = true;
    }

    fn flush_pending(&mut self) {
        if let Some(at) = self.pending_quote.take() {
            self.push(at, What::OpenQuotation);
        }
    }

    /// Note a finding at byte `at`: kept if among the first of its check by place, else counted.
    fn push(&mut self, at: usize, what: What) {
        step(1);
        let raw = Raw {
            offset: at,
            seq: self.seq,
            what,
        };
        self.seq += 1;
        let Some(k) = SCAN_KINDS.iter().position(|&k| k == raw.what.kind()) else {
            return;
        };
        let kept = &mut self.kept[k];
        if kept.first.len() < SHOWN_PER_CHECK {
            kept.first.push(raw);
            return;
        }
        let dropped = match kept.first.peek_mut() {
            Some(mut last) if raw < *last => std::mem::replace(&mut *last, raw),
            _ => raw,
        };
        kept.hidden += 1;
        let place = (dropped.offset, dropped.seq);
        kept.first_hidden = Some(kept.first_hidden.map_or(place, |p| p.min(place)));
    }

    /// The findings with their places, in the order of the text.
    fn finish(self) -> Scanned {
        let mut raws: Vec<Raw> = Vec::new();
        let mut hidden = Vec::new();
        for (kept, kind) in self.kept.into_iter().zip(SCAN_KINDS) {
            raws.extend(kept.first);
            if let Some((offset, seq)) = kept.first_hidden {
                hidden.push((offset, seq, kind, kept.hidden));
            }
        }
        raws.sort_unstable();
        hidden.sort_unstable_by_key(|h| (h.0, h.1));
        // One forward pass of the locator over the text.
        let mut locator = Locator::new(self.text);
        // The locator's work: the distance it walks forward (back, it counts from the start).
        let mut walked = 0;
        let mut locate = |offset: usize| {
            step(offset.checked_sub(walked).unwrap_or(offset));
            walked = offset;
            locator.locate(offset)
        };
        let mut findings = Vec::with_capacity(raws.len() + hidden.len());
        let mut hidden = hidden.into_iter().peekable();
        for raw in raws {
            while let Some((offset, _, kind, n)) =
                hidden.next_if(|h| (h.0, h.1) < (raw.offset, raw.seq))
            {
                let (line, column) = locate(offset);
                findings.push(Finding::not_shown(kind, self.path, line, column, n));
            }
            let (line, column) = locate(raw.offset);
            let (msg, help) = words(&raw.what, self.lang);
            let d = Diagnostic::at(self.path, line, column, msg).with_help(help);
            let d = with_excerpt(d, self.text, raw.offset);
            findings.push(Finding::new(raw.what.kind(), d));
        }
        for (offset, _, kind, n) in hidden {
            let (line, column) = locate(offset);
            findings.push(Finding::not_shown(kind, self.path, line, column, n));
        }
        Scanned { findings }
    }
}

/// The message and help of a finding.
fn words(what: &What, lang: Language) -> (String, String) {
    let ((o1, c1), (o2, c2)) = lang.quotes();
    match what {
        What::Repeated(word) => (
            format!("the word `{word}` is repeated"),
            "delete one of them".into(),
        ),
        What::Unclosed(c) => (
            format!("`{c}` is not closed in this paragraph"),
            format!("add the `{}` that closes it, or remove it", closer(*c)),
        ),
        What::OpenQuotation => (
            "`“` is not closed in this paragraph".into(),
            "add the ” that closes it (a quotation running over paragraphs opens each of them \
             with “)"
                .into(),
        ),
        What::ClosesNothing(c) => (
            format!("`{c}` closes nothing in this paragraph"),
            format!("add the `{}` it closes, or remove it", opener(*c)),
        ),
        What::StraightUnclosed => (
            "straight double quote `\"` is not closed in this paragraph".into(),
            "add the quote that closes it".into(),
        ),
        What::Apostrophe => (
            "straight apostrophe `'`".into(),
            "write the typographic apostrophe ’".into(),
        ),
        What::SingleQuote => (
            "straight single quote `'`".into(),
            format!("write {o2} to open and {c2} to close (the build guesses which)"),
        ),
        What::DoubleQuote => (
            "straight double quote `\"`".into(),
            format!("write {o1} to open and {c1} to close (the build guesses which)"),
        ),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `chars[i]` continues a word: a letter or digit, or a hyphen or apostrophe between
/// two of them (`anak-anak`, `İstanbul’da` are one word each).
fn is_word_part(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    if is_word_char(c) {
        return true;
    }
    matches!(c, '-' | '’' | '\'' | '\u{2011}')
        && i > 0
        && is_word_char(chars[i - 1].1)
        && chars.get(i + 1).is_some_and(|&(_, n)| is_word_char(n))
}

/// The index in `Scanner::open` of an opener a closer looks for.
fn open_index(c: char) -> Option<usize> {
    ['(', '[', '{', '“'].iter().position(|&o| o == c)
}

fn opener(c: char) -> char {
    match c {
        ')' => '(',
        ']' => '[',
        '}' => '{',
        _ => '“',
    }
}

fn closer(c: char) -> char {
    match c {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '‘' => '’',
        _ => '”',
    }
}

/// Whether the `)` at `off` ends a list enumerator written in the text (`a)`, `2)`, `iv)`): one
/// to three letters or digits after a space or the start. Looks back at most four characters
/// (the whole word before it was quadratic on `a)a)a)…`).
fn is_enumerator(t: &str, off: usize) -> bool {
    let mut letters = 0;
    for c in t[..off].chars().rev() {
        step(1);
        if c.is_whitespace() {
            break;
        }
        if letters == 3 || !c.is_alphanumeric() {
            return false;
        }
        letters += 1;
    }
    letters > 0
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
