//! Name lists (`author`, `editor`, …) split into CSL names the way pandoc does it: names are
//! separated by a free-standing `and`; a name is `First von Last`, `von Last, First` or
//! `von Last, Jr, First`; a word of `First von Last` or `von Last` is a particle when its first
//! letter outside braces is not a capital, and the lower-case words ending `First` are one too
//! ("Doe, John smith"); a name that is one brace group (`{World Health Organization}`) is kept
//! whole, as a literal; a family name starting with lower-case words ("{van Gennep}") is kept
//! whole, as pandoc sets and sorts it.

use hayagriva::citationberg::json::{LiteralName, NameItem, NameValue};

use super::inline::{Inline, stringify};

/// The names of a (trimmed) name-list field. With `useprefix` (a biblatex option), the "von"
/// part is a non-dropping particle.
pub(super) fn names(inlines: &[Inline], useprefix: bool) -> Vec<NameValue> {
    split_names(inlines)
        .into_iter()
        .filter_map(|n| name(n, useprefix))
        .collect()
}

/// Splits at each ` and ` (a space, `and`, a space) outside braces.
fn split_names(inlines: &[Inline]) -> Vec<&[Inline]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 1;
    while i + 1 < inlines.len() {
        if inlines[i - 1] == Inline::Space
            && matches!(&inlines[i], Inline::Str(s) if s == "and")
            && inlines[i + 1] == Inline::Space
            && i > start
        {
            out.push(&inlines[start..i - 1]);
            start = i + 2;
            i += 3;
        } else {
            i += 1;
        }
    }
    out.push(&inlines[start..]);
    out
}

fn is_space(i: &Inline) -> bool {
    matches!(i, Inline::Space | Inline::LineBreak)
}

/// A word: the inlines between spaces.
type Word = Vec<Inline>;

/// Splits a name at top-level commas, each part into words.
fn parts(inlines: &[Inline]) -> Vec<Vec<Word>> {
    let mut parts: Vec<Vec<Word>> = vec![Vec::new()];
    let mut word: Word = Vec::new();
    let flush = |word: &mut Word, parts: &mut Vec<Vec<Word>>| {
        if !word.is_empty() {
            parts.last_mut().expect("a part").push(std::mem::take(word));
        }
    };
    for inline in inlines {
        match inline {
            i if is_space(i) => flush(&mut word, &mut parts),
            Inline::Str(s) if s.contains([',', '\u{a0}']) => {
                // Commas end parts; a no-break space (`~`) separates words.
                for (i, piece) in s.split(',').enumerate() {
                    if i > 0 {
                        flush(&mut word, &mut parts);
                        parts.push(Vec::new());
                    }
                    for (j, w) in piece.split('\u{a0}').enumerate() {
                        if j > 0 {
                            flush(&mut word, &mut parts);
                        }
                        if !w.is_empty() {
                            word.push(Inline::Str(w.to_string()));
                        }
                    }
                }
            }
            other => word.push(other.clone()),
        }
    }
    flush(&mut word, &mut parts);
    parts
}

/// A word of `von Last` is a particle ("von", "de la") when its first letter outside braces and
/// formatting is lower-case ("{v}an", "{\'E}mile" and "3rd" are; "{van}" and "3Rd" are not).
fn is_lower(word: &Word) -> bool {
    first_plain_letter(word).is_some_and(char::is_lowercase)
}

/// A word with no letter outside braces and formatting, and no capitals ("{van}", "\emph{von}").
fn is_caseless_lower(word: &Word) -> bool {
    if first_plain_letter(word).is_some() {
        return false;
    }
    let text = stringify(word);
    text.chars().any(char::is_lowercase) && !text.chars().any(char::is_uppercase)
}

fn first_plain_letter(word: &Word) -> Option<char> {
    word.iter().find_map(|inline| match inline {
        Inline::Str(s) => s.chars().find(|c| c.is_alphabetic()),
        _ => None,
    })
}

/// A word at the end of `First` is a particle when its text starts lower-case ("smith").
fn is_lower_text(word: &Word) -> bool {
    stringify(word)
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_lowercase)
}

fn text(words: &[Word]) -> String {
    words
        .iter()
        .map(|w| stringify(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn name(inlines: &[Inline], useprefix: bool) -> Option<NameValue> {
    let inlines = trim(inlines);
    if inlines.is_empty() {
        return None;
    }
    // `{World Health Organization}`, `others`: kept whole.
    match inlines {
        [Inline::Span(inner)] => {
            return Some(literal(stringify(inner)));
        }
        [Inline::Str(s)] if s == "others" => return Some(literal(s.clone())),
        _ => {}
    }
    // Initials are spaced before the name is split at commas: "Doe, J.R." is "J. R." but in
    // "Doe,J.R." the J is not an initial (it follows a comma) and stays "J.R.".
    let spaced: Vec<Inline> = inlines
        .iter()
        .map(|i| match i {
            Inline::Str(s) => Inline::Str(spaced_initials(s)),
            other => other.clone(),
        })
        .collect();
    let parts = parts(&spaced);
    let (first, von_last, jr): (&[Word], &[Word], &[Word]) = match parts.len() {
        1 => {
            // First von Last: the last word is always (part of) the family name; the "von" is
            // the first run of lower-case words before it.
            let words = &parts[0];
            let n = words.len();
            let (given_end, von_end) = match words[..n - 1].iter().position(is_lower) {
                Some(start) => (
                    start,
                    start
                        + words[start..n - 1]
                            .iter()
                            .take_while(|w| is_lower(w))
                            .count(),
                ),
                None => {
                    // No such word: brace groups without capitals just before the last word
                    // ("John {van} Doe") are the "von", unless nothing is left for the given name.
                    let run = words[..n - 1]
                        .iter()
                        .rev()
                        .take_while(|w| is_caseless_lower(w))
                        .count();
                    if run == n - 1 {
                        (n - 1, n - 1)
                    } else {
                        (n - 1 - run, n - 1)
                    }
                }
            };
            return Some(person(
                &words[..given_end],
                &words[given_end..von_end],
                &words[von_end..],
                &[],
                useprefix,
                false,
            ));
        }
        2 => (&parts[1], &parts[0], &[]),
        _ => (&parts[2], &parts[0], &parts[1]),
    };
    let n = von_last.len();
    let von_end = if n == 0 {
        0
    } else {
        von_last[..n - 1].iter().take_while(|w| is_lower(w)).count()
    };
    Some(person(
        first,
        &von_last[..von_end],
        &von_last[von_end..],
        jr,
        useprefix,
        true,
    ))
}

fn trim(mut inlines: &[Inline]) -> &[Inline] {
    while let [first, rest @ ..] = inlines
        && is_space(first)
    {
        inlines = rest;
    }
    while let [rest @ .., last] = inlines
        && is_space(last)
    {
        inlines = rest;
    }
    inlines
}

fn literal(s: String) -> NameValue {
    NameValue::Literal(LiteralName { literal: s })
}

/// `given_particles`: in `Last, First`, when the "von" is not a dropping particle, the lower-case
/// words ending `First` are ("Doe, John smith"), unless all of them are lower-case.
fn person(
    first: &[Word],
    von: &[Word],
    last: &[Word],
    jr: &[Word],
    useprefix: bool,
    given_particles: bool,
) -> NameValue {
    let von = non_empty(text(von));
    let (mut dropping, non_dropping) = if useprefix { (None, von) } else { (von, None) };
    let lower_tail = if given_particles && dropping.is_none() {
        first.iter().rev().take_while(|w| is_lower_text(w)).count()
    } else {
        0
    };
    let split = if lower_tail == first.len() {
        first.len()
    } else {
        first.len() - lower_tail
    };
    let given = non_empty(given_text(&first[..split]));
    if split < first.len() {
        dropping = non_empty(text(&first[split..]));
    }
    // A family name is kept whole ("{van Gennep}", "d'Angelo"): pandoc sets and sorts it so,
    // though its CSL-JSON output splits such a name's particle off.
    let family = text(last);
    NameValue::Item(NameItem {
        family,
        given,
        non_dropping_particle: non_dropping,
        dropping_particle: dropping,
        suffix: non_empty(text(jr)),
        comma_suffix: None,
    })
}

/// Given names.
fn given_text(words: &[Word]) -> String {
    text(words)
}

/// "J.R.R." is written "J. R. R.": a space after each initial's full stop when another initial
/// follows.
fn spaced_initials(given: &str) -> String {
    let chars: Vec<char> = given.chars().collect();
    let mut out = String::with_capacity(given.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if c != '.' || i == 0 {
            continue;
        }
        let single_before = chars[i - 1].is_uppercase()
            && (i == 1 || matches!(chars[i - 2], '.' | ' ' | '-' | '\u{a0}'));
        let next_initial = chars.get(i + 1).is_some_and(|c| c.is_uppercase())
            && chars.get(i + 2).is_none_or(|c| matches!(c, '.' | ' '));
        if single_before && next_initial {
            out.push(' ');
        }
    }
    out
}
