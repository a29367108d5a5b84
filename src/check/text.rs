//! The checks that read a chapter's own characters: repeated words ("yang yang"), unbalanced
//! brackets and quotation marks, straight quotes where the language writes curly ones — and
//! where each internal link is written, for the link check. pulldown-cmark parses the chapter
//! *without* smart punctuation, so the text events are the characters the author typed, at
//! their byte offsets; code, raw HTML and link destinations are not prose and are skipped.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Finding, Kind};
use crate::error::{Diagnostic, Locator};
use crate::lang::Language;

/// A link as written in a chapter: its destination and where it starts.
#[derive(Debug, Clone)]
pub struct WrittenLink {
    pub url: String,
    pub line: usize,
    pub column: usize,
}

/// What scanning one chapter found.
#[derive(Debug, Default)]
pub struct Scanned {
    pub findings: Vec<Finding>,
    pub links: Vec<WrittenLink>,
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
        locator: Locator::new(text),
        out: Scanned::default(),
        prev_word: None,
        stack: Vec::new(),
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
    s.out
}

struct Scanner<'a> {
    path: &'a Path,
    text: &'a str,
    lang: Language,
    locator: Locator<'a>,
    out: Scanned,
    /// The last word seen and its end, while only spaces have followed it.
    prev_word: Option<(String, usize)>,
    /// Open brackets and curly quotes of the current block, with their offsets.
    stack: Vec<(char, usize)>,
    /// The last unpaired straight double quote of the block.
    straight: Option<usize>,
    /// An opening quote left open at the end of a paragraph: fine when the next paragraph opens
    /// with a quote too (a quotation running over paragraphs), reported otherwise.
    pending_quote: Option<Finding>,
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
                Tag::Link { dest_url, .. } => {
                    let (line, column) = self.locator.locate(range.start);
                    self.out.links.push(WrittenLink {
                        url: dest_url.to_string(),
                        line,
                        column,
                    });
                    self.prev_word = None;
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
            let msg = format!("the word `{word}` is repeated");
            self.push(Kind::RepeatedWord, start, msg, "delete one of them");
        }
        self.prev_word = is_word.then_some((lower, end));
    }

    /// Brackets, quotation marks and straight quotes.
    fn mark(&mut self, c: char, at: usize, t: &str, off: usize) {
        match c {
            '(' | '[' | '{' | '“' | '‘' => self.stack.push((c, at)),
            ')' | ']' | '}' | '”' => {
                let open = opener(c);
                if self.stack.last().is_some_and(|&(o, _)| o == open) {
                    self.stack.pop();
                } else if let Some(pos) = self.stack.iter().rposition(|&(o, _)| o == open) {
                    // Something opened after it is left open: report that one.
                    let (inner, inner_at) = self.stack[pos + 1];
                    self.stack.truncate(pos);
                    self.unclosed(inner, inner_at);
                } else if !(c == ')' && is_enumerator(t, off)) {
                    let msg = format!("`{c}` closes nothing in this paragraph");
                    let help = format!("add the `{open}` it closes, or remove it");
                    self.push(Kind::Unbalanced, at, msg, &help);
                }
            }
            // ’ is also the apostrophe: it closes a ‘ when one is open, and is fine otherwise.
            '’' if self.stack.last().is_some_and(|&(o, _)| o == '‘') => {
                self.stack.pop();
            }
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

    fn straight_quote(&mut self, c: char, at: usize, t: &str, off: usize) {
        if !self.lang.uses_curly_quotes() {
            return;
        }
        let ((o1, c1), (o2, c2)) = self.lang.quotes();
        let before = t[..off].chars().next_back();
        let after = t[off + 1..].chars().next();
        let (msg, help) = match c {
            '\'' if before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric) =>
            {
                (
                    "straight apostrophe `'`".to_string(),
                    "write the typographic apostrophe ’".to_string(),
                )
            }
            '\'' => (
                "straight single quote `'`".to_string(),
                format!("write {o2} to open and {c2} to close (the build guesses which)"),
            ),
            _ => (
                "straight double quote `\"`".to_string(),
                format!("write {o1} to open and {c1} to close (the build guesses which)"),
            ),
        };
        self.push(Kind::StraightQuote, at, msg, &help);
    }

    fn unclosed(&mut self, c: char, at: usize) {
        let msg = format!("`{c}` is not closed in this paragraph");
        let help = format!("add the `{}` that closes it, or remove it", closer(c));
        self.push(Kind::Unbalanced, at, msg, &help);
    }

    /// The end of a block: what is still open there is unbalanced.
    fn end_block(&mut self) {
        self.prev_word = None;
        let open = std::mem::take(&mut self.stack);
        for (c, at) in open {
            if c == '“' && self.pending_quote.is_none() {
                // Perhaps a quotation going on in the next paragraph: decided there.
                let msg = format!("`{c}` is not closed in this paragraph");
                let help = "add the ” that closes it (a quotation running over paragraphs \
                            opens each of them with “)";
                self.pending_quote = Some(self.finding(Kind::Unbalanced, at, msg, help));
            } else {
                self.unclosed(c, at);
            }
        }
        if let Some(at) = self.straight.take() {
            let msg = "straight double quote `\"` is not closed in this paragraph".to_string();
            self.push(Kind::Unbalanced, at, msg, "add the quote that closes it");
        }
        self.block_start = true;
    }

    fn flush_pending(&mut self) {
        if let Some(f) = self.pending_quote.take() {
            self.out.findings.push(f);
        }
    }

    fn finding(&mut self, kind: Kind, at: usize, msg: String, help: &str) -> Finding {
        let (line, column) = self.locator.locate(at);
        let d = Diagnostic::at(self.path, line, column, msg)
            .with_help(help)
            .with_source(self.text);
        Finding::new(kind, d)
    }

    fn push(&mut self, kind: Kind, at: usize, msg: String, help: &str) {
        let f = self.finding(kind, at, msg, help);
        self.out.findings.push(f);
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
/// to three letters or digits after a space or the start.
fn is_enumerator(t: &str, off: usize) -> bool {
    let before = &t[..off];
    let token: &str = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or(before);
    (1..=3).contains(&token.chars().count()) && token.chars().all(char::is_alphanumeric)
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
