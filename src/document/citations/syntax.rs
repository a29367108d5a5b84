//! pandoc's citation syntax: `[@key]`, `[@key, p. 33]`, `[see @a; @b, ch. 2]`, `[-@key]`, and
//! `@key` in a sentence (with `@key [p. 33]`). Only the syntax lives here: which keys exist,
//! and what a locator's label means in the book's language, are decided by the caller.

/// One work cited, with what the author wrote around it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CiteItem {
    pub key: String,
    /// Text before the key (`see `), trimmed.
    pub prefix: String,
    /// Text after the key as written, its comma included (`, p. 33`, `, ch. 2 and
    /// passim`): the caller takes a locator from its start (see [`split_locator`]).
    pub suffix: String,
    /// `-@key`: the author's name left out (it is in the sentence already).
    pub suppress_author: bool,
}

/// The first citation key at the start of `s` (after its `@`): pandoc's rule, a letter, digit
/// or `_` first, then those and punctuation from `:.#$%&-+?<>~/` that is followed by one of
/// them; or anything in braces, `@{…}`. Returns the key and the bytes it takes (braces
/// included).
pub fn key_at(s: &str) -> Option<(&str, usize)> {
    if let Some(rest) = s.strip_prefix('{') {
        let end = rest.find('}')?;
        let key = &rest[..end];
        return (!key.is_empty() && !key.contains(['{', '\n'])).then_some((key, end + 2));
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut chars = s.char_indices().peekable();
    let (_, first) = chars.next()?;
    if !word(first) {
        return None;
    }
    let mut end = first.len_utf8();
    while let Some((i, c)) = chars.next() {
        if word(c) {
            end = i + c.len_utf8();
        } else if ":.#$%&-+?<>~/".contains(c) && chars.peek().is_some_and(|&(_, next)| word(next)) {
            // Punctuation inside the key: kept with the character after it.
            let (j, next) = chars.next().expect("peeked");
            end = j + next.len_utf8();
        } else {
            break;
        }
    }
    Some((&s[..end], end))
}

/// The items of a bracketed citation, its brackets' content given (`see @a; @b, ch. 2`);
/// `None` when it is no citation (a part without a key, or text after a key that pandoc
/// would not take for a suffix).
pub fn parse_bracketed(content: &str) -> Option<Vec<CiteItem>> {
    let mut items = Vec::new();
    for part in split_items(content) {
        items.push(parse_item(part)?);
    }
    (!items.is_empty()).then_some(items)
}

/// The `;`-separated parts of a bracketed citation (a `;` in braces is kept).
fn split_items(content: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in content.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                parts.push(&content[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&content[start..]);
    parts
}

fn parse_item(part: &str) -> Option<CiteItem> {
    // The key's `@`: at the start or after a space (or a `-`), never inside a word (an
    // address such as `ali@example.com` in a prefix is no key).
    let bytes = part.as_bytes();
    let at = (0..bytes.len()).find(|&i| {
        bytes[i] == b'@'
            && (i == 0
                || bytes[i - 1].is_ascii_whitespace()
                || (bytes[i - 1] == b'-' && (i == 1 || bytes[i - 2].is_ascii_whitespace())))
    })?;
    let (key, len) = key_at(&part[at + 1..])?;
    let suppress_author = at > 0 && bytes[at - 1] == b'-';
    let prefix_end = if suppress_author { at - 1 } else { at };
    let rest = &part[at + 1 + len..];
    // After the key: nothing, or a comma and the suffix, or a space and the suffix.
    if !(rest.is_empty() || rest.starts_with(',') || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(CiteItem {
        key: key.to_string(),
        prefix: part[..prefix_end].trim().to_string(),
        suffix: rest.trim_end().to_string(),
        suppress_author,
    })
}

/// The in-text citations of a run of text: `@key` where the `@` starts a word (after a space,
/// an opening bracket or punctuation, never inside a word: `ali@example.com` is an address).
/// Returns each one's byte range (from its `@`, or the `-` of `-@key`) and its key.
pub fn in_text(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find('@') {
        let at = from + found;
        from = at + 1;
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '@' | '\\' | '/')) {
            continue;
        }
        if let Some((key, len)) = key_at(&text[at + 1..]) {
            // A key that ends in a sentence's full stop keeps it out (`… as @smith04.`).
            let (key, len) = trim_final_punctuation(key, len);
            if key.is_empty() {
                continue;
            }
            out.push((at..at + 1 + len, key));
            from = at + 1 + len;
        }
    }
    out
}

/// A key found in running text without its sentence's last punctuation.
fn trim_final_punctuation(key: &str, len: usize) -> (&str, usize) {
    let trimmed = key.trim_end_matches(['.', ':', '?', '#', '$', '%', '&', '-', '+', '~', '/']);
    (trimmed, len - (key.len() - trimmed.len()))
}

/// A locator at the start of a suffix: its label as written (`p.`, `hlm.`, `ch.`; empty when
/// the suffix starts with a number, which is a page), its value (`33`, `4-5`, `iv, vi-xi`), and
/// the rest of the suffix. `label_known` says whether a word is a locator's label in the
/// book's language. `{…}` around the locator's value keeps it whole, as pandoc reads it.
pub fn split_locator(
    suffix: &str,
    label_known: impl Fn(&str) -> bool,
) -> Option<(&str, String, &str)> {
    let s = suffix.trim_start();
    // The label: the longest run of words (one or two) the language knows as one.
    let mut label = "";
    let mut after_label = s;
    let words: Vec<(usize, &str)> = word_spans(s).into_iter().take(2).collect();
    for n in (1..=words.len()).rev() {
        let (start, last) = words[n - 1];
        let end = start + last.len();
        if label_known(&s[..end]) {
            label = &s[..end];
            after_label = &s[end..];
            break;
        }
    }
    let value_text = after_label.trim_start();
    if let Some(inner) = value_text.strip_prefix('{')
        && let Some(close) = inner.find('}')
    {
        return Some((label, inner[..close].to_string(), &inner[close + 1..]));
    }
    let (value, rest) = locator_value(value_text);
    if value.is_empty() {
        return None;
    }
    Some((label, value.to_string(), rest))
}

/// Each word of `s` (split at white space) with its byte offset.
fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(b)) => {
                out.push((b, &s[b..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// A locator's value at the start of `s`: numbers (Arabic or Roman, with letters after them,
/// `33a`) joined by `-`, `–`, `,` and `&`; and the rest.
fn locator_value(s: &str) -> (&str, &str) {
    let is_part = |w: &str| {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')'));
        !w.is_empty()
            && (w.chars().next().is_some_and(|c| c.is_ascii_digit())
                || w.chars().all(|c| "ivxlcdmIVXLCDM".contains(c)))
    };
    let mut end = 0;
    let mut i = 0;
    let bytes = s.as_bytes();
    loop {
        // A part: up to the next separator.
        let part_end = s[i..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '&'))
            .map_or(s.len(), |n| i + n);
        if !is_part(&s[i..part_end]) {
            break;
        }
        end = part_end;
        // A separator, then another part.
        let mut j = part_end;
        while j < s.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let sep = s[j..].chars().next();
        match sep {
            Some(c @ (',' | '-' | '–' | '&')) => j += c.len_utf8(),
            _ => break,
        }
        while j < s.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        i = j;
        if i >= s.len() {
            break;
        }
    }
    (&s[..end], &s[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_pandocs_rule() {
        assert_eq!(key_at("smith04, p. 3"), Some(("smith04", 7)));
        assert_eq!(key_at("doe:2010.b]"), Some(("doe:2010.b", 10)));
        assert_eq!(key_at("smith04."), Some(("smith04", 7)));
        assert_eq!(key_at("{Ipek 2020}x"), Some(("Ipek 2020", 11)));
        assert_eq!(
            key_at("ığdır_2020"),
            Some(("ığdır_2020", "ığdır_2020".len()))
        );
        assert_eq!(key_at(" x"), None);
    }

    #[test]
    fn bracketed_citations_split_into_items_with_prefixes_and_suffixes() {
        let items = parse_bracketed("see @a; -@b, ch. 2 and passim").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].prefix, "see");
        assert_eq!(items[0].key, "a");
        assert_eq!(items[1].key, "b");
        assert!(items[1].suppress_author);
        assert_eq!(items[1].suffix, ", ch. 2 and passim");
        assert_eq!(parse_bracketed("write to ali@example.com"), None);
        assert_eq!(parse_bracketed("a footnote"), None);
    }

    #[test]
    fn in_text_keys_start_words_and_leave_addresses_and_full_stops() {
        let found = in_text("As @smith04 says, and ali@example.com (@doe.)");
        let keys: Vec<&str> = found.iter().map(|(_, k)| *k).collect();
        assert_eq!(keys, ["smith04", "doe"]);
        assert_eq!(found[0].0, 3..11);
    }

    #[test]
    fn locators_are_taken_from_the_suffix_when_the_language_knows_their_label() {
        let known = |l: &str| matches!(l, "p." | "pp." | "hlm." | "ch.");
        assert_eq!(
            split_locator("pp. 4-5 and passim", known),
            Some(("pp.", "4-5".to_string(), " and passim"))
        );
        assert_eq!(split_locator("33", known), Some(("", "33".into(), "")));
        assert_eq!(
            split_locator("iv, vi-xi, and so on", known),
            Some(("", "iv, vi-xi".into(), ", and so on"))
        );
        assert_eq!(
            split_locator("{pp. iv, vi}", known),
            Some(("", "pp. iv, vi".into(), ""))
        );
        assert_eq!(split_locator("and elsewhere", known), None);
    }
}
