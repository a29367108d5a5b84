//! Titles of English entries are put in sentence case, as pandoc does for BibTeX (a CSL style
//! can title-case a sentence-case title, not the other way round). Learnt by experiment:
//!
//! * Words are runs of letters and digits. A capitalised word ("Word", "I", the "U" and "S" of
//!   "U.S."; not "P1", "iPhone", "DNA", "McDonald") is lower-cased, except the first word and a
//!   word starting a sentence (after `.`, `?`, `!` or `:` and a space), which are capitalised.
//!   Opening marks ("(", "“", "¿", "&", …) before such a word do not change that; a dash, slash
//!   or other mark does.
//! * Everything in braces, in small capitals or in math is left alone.
//! * When the title ends in a space and a plain word (no dash, slash or quotation mark in it),
//!   that word never starts a sentence: "Part one. Two" becomes "Part one. two".

use super::inline::{Inline, stringify};

#[derive(Clone, Copy, PartialEq, Debug)]
enum State {
    /// The first word.
    Start,
    /// After a sentence-ending mark and a space.
    StartSentence,
    /// After a sentence-ending mark, before a space.
    AfterMark,
    Other,
}

struct Caser {
    state: State,
    /// Something other than a word was written since the first word's (or a sentence's) chance
    /// began: a space now ends it ("& Title" is "& title", "&Title" stays).
    started: bool,
}

/// Puts a title in sentence case, in place.
pub(super) fn sentence_case(inlines: &mut [Inline]) {
    let n = inlines.len();
    let last = n >= 2
        && matches!(inlines[n - 2], Inline::Space | Inline::Raw)
        && matches!(&inlines[n - 1], Inline::Str(s) if !s.contains(splits_word));
    let mut c = Caser {
        state: State::Start,
        started: false,
    };
    for (i, inline) in inlines.iter_mut().enumerate() {
        c.walk_one(inline, last && i == n - 1);
    }
}

/// Marks that make what follows them a word of its own for the last-word rule.
fn splits_word(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2013}' | '\u{2014}' | '/' | '\u{a0}' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '"'
    )
}

impl Caser {
    fn walk(&mut self, inlines: &mut [Inline]) {
        for inline in inlines {
            self.walk_one(inline, false);
        }
    }

    fn walk_one(&mut self, inline: &mut Inline, is_last: bool) {
        match inline {
            Inline::Str(s) => *s = self.case_str(s, is_last),
            Inline::Space => self.space(),
            Inline::LineBreak => self.state = State::Other,
            Inline::Raw => self.started = true,
            Inline::Span(c) | Inline::Group(c) | Inline::SmallCaps(c) => {
                // Left alone, but "{Part one.} Two" still ends a sentence.
                let text = stringify(c);
                let text =
                    text.trim_end_matches(['\u{201d}', '\u{2019}', '"', '\'', ')', ']', '»']);
                self.state = if text.ends_with(['.', '?', '!', ':']) {
                    State::AfterMark
                } else {
                    State::Other
                };
                self.started = true;
            }
            Inline::Math { .. } => {
                self.state = State::Other;
                self.started = true;
            }
            other => {
                if let Some(children) = other.children_mut() {
                    self.walk(children);
                }
            }
        }
    }

    fn space(&mut self) {
        self.state = match self.state {
            State::Start | State::StartSentence if self.started => State::Other,
            State::AfterMark => {
                self.started = false;
                State::StartSentence
            }
            state => state,
        };
    }

    fn case_str(&mut self, s: &str, is_last: bool) -> String {
        let mut out = String::with_capacity(s.len());
        let mut pos = 0;
        while pos < s.len() {
            let rest = &s[pos..];
            let word_len: usize = rest
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .map(char::len_utf8)
                .sum();
            if word_len > 0 {
                out.push_str(&case_word(&rest[..word_len], self.state, is_last));
                self.state = State::Other;
                pos += word_len;
                continue;
            }
            let c = rest.chars().next().expect("non-empty");
            out.push(c);
            pos += c.len_utf8();
            if c == ' ' {
                self.space();
                continue;
            }
            self.started = true;
            self.state = match c {
                '.' | '?' | '!' | ':' => State::AfterMark,
                // Closing marks after a sentence's end: "(Part one.) Two".
                '\u{201d}' | '\u{2019}' | '"' | '\'' | ')' | ']' | '»'
                    if self.state == State::AfterMark =>
                {
                    State::AfterMark
                }
                // Other marks before a first word keep it first; these do not.
                '-' | '\u{2013}' | '\u{2014}' | '/' | '\u{a0}' | '\u{ad}' => State::Other,
                _ if matches!(self.state, State::Start | State::StartSentence) => self.state,
                _ => State::Other,
            };
        }
        out
    }
}

fn case_word(word: &str, state: State, last: bool) -> String {
    match state {
        State::Start | State::StartSentence if !last => start_word(word),
        _ if is_capitalized(word) => word.to_lowercase(),
        _ => word.to_string(),
    }
}

/// The first word of a sentence is capitalised; words with capitals inside are kept.
fn start_word(word: &str) -> String {
    if !word.chars().any(char::is_uppercase) {
        capitalize(word)
    } else if is_capitalized(word) {
        // As pandoc does it: lower-cased, then capitalised ("İstanbul" comes out as "I\u{307}stanbul").
        capitalize(&word.to_lowercase())
    } else {
        word.to_string()
    }
}

/// "Word", "I", "Über": a capital, then only lower-case letters.
fn is_capitalized(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
