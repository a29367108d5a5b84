//! What serde-saphyr says about a `book.yaml` it cannot read, in an author's words and at its
//! place: the limits a file is read under (`yaml_options`), which of them a file ran into and
//! why (`limit_reached`: a large plain file, a second document and an alias bomb each say what
//! is really wrong), and serde's messages about keys and values (`plain_words`).

use serde::Deserialize;
use serde_saphyr::Spanned;
use serde_saphyr::budget::BudgetBreach;
use std::path::Path;

use crate::error::Diagnostic;

/// How messages name the file.
const BOOK_YAML: &str = "book.yaml";

/// The limits a `book.yaml` is read under, named here for the messages that quote them. A
/// book's metadata is a few dozen keys, so these are far above any real file and far below
/// what would take time or memory: an alias bomb ("billion laughs") stops at the first limit it
/// reaches instead of being expanded.
pub(crate) const MAX_VALUES: usize = 50_000;
const MAX_EVENTS: usize = 100_000;
const MAX_ALIASES: usize = 1_000;
const MAX_ANCHORS: usize = 1_000;
const MAX_DEPTH: usize = 16;
const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;
const MAX_MERGE_KEYS: usize = 100;

pub(crate) fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: MAX_EVENTS,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ANCHORS,
            max_recorded_anchor_events: 100_000,
            max_recorded_anchor_bytes: 1024 * 1024,
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_nodes: MAX_VALUES,
            max_total_scalar_bytes: MAX_TEXT_BYTES,
            max_merge_keys: MAX_MERGE_KEYS,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
    }
}

/// Turn a serde-saphyr error into our diagnostic: its first line, without its own location prefix.
pub(crate) fn yaml_error(path: &Path, text: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = e
        .location()
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    if let Some(Limit {
        message,
        help,
        line: own_line,
    }) = limit_reached(BOOK_YAML, text, e)
    {
        let (line, column) = own_line.map_or((line, column), |l| (l, 1));
        return Diagnostic::at(path, line.max(1), column.max(1), message)
            .with_help(help)
            .with_source(text);
    }
    let shown = e.to_string();
    let first = shown.lines().next().unwrap_or("invalid YAML");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // serde-saphyr says "line L column C: message"; we put the place in front ourselves.
    let message = match first.split_once(": ") {
        Some((place, rest)) if place.starts_with("line ") => rest,
        _ => first,
    };
    let (mut message, help) = plain_words(message, text.trim().is_empty());
    // A value of the wrong type: serde-saphyr says where, not of which key.
    if message.starts_with("expected ")
        && let Some(key) = e.location().and_then(|at| key_of_value_at(text, &at))
    {
        message = format!("`{key}`: {message}");
    }
    // A required key missing from the top is missing from the whole file: point at its start
    // (serde-saphyr points at wherever the mapping ended).
    let (line, column) = if message.starts_with("missing key `title`")
        || message.starts_with("missing key `language`")
    {
        (1, 1)
    } else {
        (line, column)
    };
    Diagnostic::at(path, line.max(1), column.max(1), message)
        .with_help(help)
        .with_source(text)
}

/// The key whose value starts at `at` in the YAML `text` (the nearest key above it when that
/// value is an item of a list), found by reading `text` again as plain YAML with places.
fn key_of_value_at(text: &str, at: &serde_saphyr::Location) -> Option<String> {
    let root: Node = serde_saphyr::from_str_with_options(text, yaml_options()).ok()?;
    root.key_at(None, (at.line(), at.column()))
}

/// A YAML value reduced to the places of what it holds: map entries with their key, list
/// items with none. Only for naming the key of a misplaced value.
#[derive(Default)]
struct Node(Vec<(Option<String>, Spanned<Node>)>);

impl Node {
    /// The key of the value at `place` (line, column) below this node, whose own key is `key`.
    fn key_at(&self, key: Option<&str>, place: (u64, u64)) -> Option<String> {
        self.0.iter().find_map(|(own, child)| {
            let key = own.as_deref().or(key);
            let starts = [&child.referenced, &child.defined]
                .iter()
                .any(|l| (l.line(), l.column()) == place);
            if starts {
                key.map(str::to_string)
            } else {
                child.value.key_at(key, place)
            }
        })
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Node, D::Error> {
        use serde::de::{MapAccess, SeqAccess, Visitor};
        /// A key: any scalar, as text.
        struct Key(String);
        impl<'de> Deserialize<'de> for Key {
            fn deserialize<D: serde::Deserializer<'de>>(
                d: D,
            ) -> std::result::Result<Key, D::Error> {
                struct Text;
                impl Visitor<'_> for Text {
                    type Value = Key;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str("a key")
                    }
                    fn visit_str<E>(self, v: &str) -> std::result::Result<Key, E> {
                        Ok(Key(v.to_string()))
                    }
                    fn visit_bool<E>(self, v: bool) -> std::result::Result<Key, E> {
                        Ok(Key(v.to_string()))
                    }
                    fn visit_i64<E>(self, v: i64) -> std::result::Result<Key, E> {
                        Ok(Key(v.to_string()))
                    }
                    fn visit_u64<E>(self, v: u64) -> std::result::Result<Key, E> {
                        Ok(Key(v.to_string()))
                    }
                    fn visit_f64<E>(self, v: f64) -> std::result::Result<Key, E> {
                        Ok(Key(v.to_string()))
                    }
                }
                d.deserialize_any(Text)
            }
        }
        struct Any;
        impl<'de> Visitor<'de> for Any {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_i64<E>(self, _: i64) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_u64<E>(self, _: u64) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_f64<E>(self, _: f64) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_str<E>(self, _: &str) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_bytes<E>(self, _: &[u8]) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_unit<E>(self) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_none<E>(self) -> std::result::Result<Node, E> {
                Ok(Node::default())
            }
            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<Node, D::Error> {
                Node::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<Node>>()? {
                    out.push((None, item));
                }
                Ok(Node(out))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Node, A::Error> {
                let mut out = Vec::new();
                while let Some(Key(key)) = map.next_key()? {
                    out.push((Some(key), map.next_value::<Spanned<Node>>()?));
                }
                Ok(Node(out))
            }
        }
        d.deserialize_any(Any)
    }
}

/// serde-saphyr's message in an author's words, and how to fix it.
fn plain_words(message: &str, empty: bool) -> (String, String) {
    const REFERENCE: &str = "see the book.yaml reference in README";
    if empty {
        let help = "write at least `title: …` and `language: …`";
        return ("book.yaml is empty".into(), help.into());
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key);
        return (
            format!("key `{key}` is given twice"),
            "keep one of them".into(),
        );
    }
    if message.contains("unknown field") {
        let msg = message.replace("unknown field", "unknown key");
        return (
            msg,
            "check the spelling; README lists every key of book.yaml".into(),
        );
    }
    if message.contains("missing field") {
        let msg = message.replace("missing field", "missing key");
        return (
            msg,
            "add it to book.yaml; `title` and `language` are required".into(),
        );
    }
    let plain = [
        ("expected string scalar", "expected text here", REFERENCE),
        (
            "expected sequence start",
            "expected a list here",
            "write `- item` lines, or `[a, b]`",
        ),
        (
            "invalid floating point",
            "expected a number here",
            REFERENCE,
        ),
        ("invalid u32", "expected a whole number here", REFERENCE),
        (
            "cannot deserialize null",
            "a value is missing here",
            "write it after the colon, or remove the key",
        ),
        (
            "untagged enum Author",
            "an author is a name, or a map with `name`, `affiliation` and `role`",
            "check the keys of this author",
        ),
    ];
    for (theirs, ours, help) in plain {
        if message.contains(theirs) {
            return (ours.into(), help.into());
        }
    }
    (message.to_string(), REFERENCE.into())
}

/// A limit of `yaml_options` a file ran into: what is wrong, how to fix it, and the line to
/// point at when serde-saphyr's own place is not the one to show.
pub(crate) struct Limit {
    pub message: String,
    pub help: String,
    pub line: Option<usize>,
}

/// Which limit of `yaml_options` the YAML `text` (named `name` in messages) ran into, said as
/// its true cause: a second document, a file too large, nesting too deep, or anchors and
/// aliases that repeat too much (only then is the help about anchors). `None`: no limit.
pub(crate) fn limit_reached(name: &str, text: &str, e: &serde_saphyr::Error) -> Option<Limit> {
    use serde_saphyr::Error as E;
    // serde-saphyr wraps an error met while replaying an alias in `AliasError`: the limit was
    // reached by what anchors repeat, not by what the file writes out.
    let mut inner = e;
    let mut replaying = false;
    loop {
        match inner {
            E::WithSnippet { error, .. } => inner = error,
            E::AliasError { error, .. } => {
                replaying = true;
                inner = error;
            }
            _ => break,
        }
    }
    let repeats =
        || format!("{name} needs no anchors (`&name`) or aliases (`*name`): write the values out");
    let limit = |message: String, help: String| {
        Some(Limit {
            message,
            help,
            line: None,
        })
    };
    let breach = match inner {
        E::Budget { breach, .. } => breach,
        E::MultipleDocuments { .. } => return second_document(name, text, e),
        E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => {
            return limit(format!("{name}'s aliases expand too much"), repeats());
        }
        _ => return None,
    };
    let replaying = replaying || has_alias(text);
    match breach {
        BudgetBreach::Documents { .. } => second_document(name, text, e),
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } if replaying => limit(
            format!(
                "{name} expands to too many values (anchors and aliases repeat too much): \
                 more than {}",
                thousands(MAX_VALUES)
            ),
            repeats(),
        ),
        BudgetBreach::Nodes { .. } => limit(
            format!(
                "{name} is too large: it holds more than {} values",
                thousands(MAX_VALUES)
            ),
            format!(
                "a {name} holds a book's metadata and chapter list, at most {} values: remove \
                 what is not that",
                thousands(MAX_VALUES)
            ),
        ),
        BudgetBreach::Events { .. } => limit(
            format!(
                "{name} is too large: it holds more than {} values, lists and maps",
                thousands(MAX_EVENTS)
            ),
            format!("a {name} holds a book's metadata and chapter list: remove what is not that"),
        ),
        BudgetBreach::ScalarBytes { .. } if replaying => limit(
            format!("{name}'s aliases repeat more than 4 MiB of text"),
            repeats(),
        ),
        BudgetBreach::ScalarBytes { .. } => limit(
            format!("{name} is too large: its values hold more than 4 MiB of text"),
            format!("a {name} holds a book's metadata: keep long texts in the chapters"),
        ),
        BudgetBreach::Depth { .. } => limit(
            format!("{name} nests lists and maps more than {MAX_DEPTH} deep"),
            "book.yaml's keys nest at most three deep: see the book.yaml reference in README"
                .into(),
        ),
        BudgetBreach::Aliases { .. } => limit(
            format!(
                "{name} uses more than {} aliases (`*name`)",
                thousands(MAX_ALIASES)
            ),
            repeats(),
        ),
        BudgetBreach::Anchors { .. } => limit(
            format!(
                "{name} defines more than {} anchors (`&name`)",
                thousands(MAX_ANCHORS)
            ),
            repeats(),
        ),
        BudgetBreach::AliasAnchorRatio { .. } => limit(
            format!("{name} uses aliases (`*name`) far more often than it defines anchors"),
            repeats(),
        ),
        BudgetBreach::RecordedAnchorEvents { .. } | BudgetBreach::RecordedAnchorBytes { .. } => {
            limit(
                format!("{name}'s anchors (`&name`) hold too much to repeat"),
                repeats(),
            )
        }
        BudgetBreach::MergeKeys { .. } => limit(
            format!("{name} uses more than {MAX_MERGE_KEYS} merge keys (`<<`)"),
            "write the keys out instead of merging them in".into(),
        ),
        BudgetBreach::SequenceUnbalanced => limit(
            format!("{name}'s lists and maps do not close as they open"),
            "see the book.yaml reference in README".into(),
        ),
        _ => limit(
            format!("{name} is too large or too complex to read"),
            format!("a {name} holds a book's metadata and chapter list: remove what is not that"),
        ),
    }
}

/// A second YAML document in `text`: said with the line that starts it.
fn second_document(name: &str, text: &str, e: &serde_saphyr::Error) -> Option<Limit> {
    let line = second_document_line(text)
        .or_else(|| e.location().map(|l| l.line() as usize))
        .filter(|&l| l > 0);
    let at = line.map_or(String::new(), |l| format!(" at line {l}"));
    Some(Limit {
        message: format!("{name} holds a second YAML document{at}: a {name} is one document"),
        help: "remove the `---` line, or the rest of the file after it".into(),
        line,
    })
}

/// The line that starts a second YAML document in `text`: a `---` marker after content or
/// after another `---`, or content after a `...` end marker. Markers are at the start of a
/// line, never inside a value (YAML forbids them there), so lines are enough.
fn second_document_line(text: &str) -> Option<usize> {
    let mut started = false;
    let mut ended = false;
    for (i, line) in text.lines().enumerate() {
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if marker("---") {
            if started || ended {
                return Some(i + 1);
            }
            started = true;
        } else if marker("...") {
            ended = true;
        } else if !blank && !line.starts_with('%') {
            if ended {
                return Some(i + 1);
            }
            started = true;
        }
    }
    None
}

/// Whether `text` uses an alias (`*name`), read as YAML events.
fn has_alias(text: &str) -> bool {
    serde_saphyr::granit_parser::Parser::new_from_str(text)
        .map_while(|ev| ev.ok())
        .any(|(ev, _)| matches!(ev, serde_saphyr::granit_parser::Event::Alias(_)))
}

/// `n` with a comma every three digits (50,000).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_document_starts_at_its_marker() {
        assert_eq!(second_document_line("title: T\n---\n"), Some(2));
        assert_eq!(
            second_document_line("# c\n---\ntitle: T\n---\nx: 1\n"),
            Some(4)
        );
        assert_eq!(second_document_line("---\n---\n"), Some(2));
        assert_eq!(second_document_line("title: T\n...\n\nx: 1\n"), Some(4));
        assert_eq!(second_document_line("---\ntitle: T\n...\n"), None);
        assert_eq!(second_document_line("title: \"a\n  ---b\"\n"), None);
    }

    #[test]
    fn numbers_are_written_with_thousands() {
        assert_eq!(thousands(50_000), "50,000");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(100), "100");
    }
}
