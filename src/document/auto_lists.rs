//! pandoc's list markers CommonMark lacks, read before parsing: auto-numbered items, `#. item`
//! (`#.` becomes `1.`, which CommonMark reads as an ordered list numbered from 1 on, each item
//! taking the next number, as pandoc numbers them), definitions marked with `~` (as `:`), and
//! example lists, `(@)` and `(@label)`, numbered on through the chapter however much text
//! comes between them, a `(@label)` in the text becoming its example's number. Each marker
//! keeps its width where it can, so columns stay in place. Fenced code is never touched.

use std::borrow::Cow;
use std::collections::HashMap;

/// The example marker `t` (a line without its indent) starts with, `(@)` or `(@label)`, and
/// its label; only when a space or a tab follows it.
fn example_marker(t: &str) -> Option<(&str, &str)> {
    let rest = t.strip_prefix("(@")?;
    let end = rest.find(')')?;
    let label = &rest[..end];
    let usable = label
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    let after = rest[end + 1..].chars().next();
    (usable && matches!(after, Some(' ' | '\t'))).then(|| (&t[..end + 3], label))
}

/// `text` with its pandoc list markers as CommonMark's; borrowed as it is when it has none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains("#. ") && !text.contains("~ ") && !text.contains("(@") {
        return Cow::Borrowed(text);
    }
    // The examples' numbers, by label, in order (`(@)` has none).
    let mut labels: HashMap<&str, usize> = HashMap::new();
    let mut examples = 0;
    let mut fences = super::fences::Fences::default();
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        if fences.is_code(line) || line.len() - t.len() > 3 {
            continue;
        }
        if let Some((_, label)) = example_marker(t) {
            examples += 1;
            if !label.is_empty() {
                labels.entry(label).or_insert(examples);
            }
        }
    }
    let mut example = 0;
    let mut out = String::with_capacity(text.len());
    let mut fences = super::fences::Fences::default();
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        let indent = line.len() - t.len();
        let code = fences.is_code(line);
        let marker = (!code && indent <= 3).then(|| example_marker(t)).flatten();
        if let Some((marker, _)) = marker {
            example += 1;
            let number = format!("{example}.");
            out.push_str(&line[..indent]);
            out.push_str(&format!(
                "{number:<width$}",
                width = marker.len().min(number.len() + 1)
            ));
            out.push_str(&with_references(&t[marker.len()..], &labels));
            changed = true;
        } else if !code && !labels.is_empty() && t.contains("(@") {
            out.push_str(&with_references(line, &labels));
            changed = true;
        } else if !code && (t.starts_with("#. ") || t.starts_with("#.\t")) {
            out.push_str(&line[..indent]);
            out.push_str("1.");
            out.push_str(&t[2..]);
            changed = true;
        } else if !code && indent <= 2 && (t.starts_with("~ ") || t.starts_with("~\t")) {
            // A definition: `Term`, then `~ definition` (a blank line between, or none).
            out.push_str(&line[..indent]);
            out.push(':');
            out.push_str(&t[1..]);
            changed = true;
        } else {
            out.push_str(line);
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` with each `(@label)` of a known example as its number, `(3)`.
fn with_references(text: &str, labels: &HashMap<&str, usize>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("(@") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after
            .find(')')
            .and_then(|end| Some((end, labels.get(&after[..end])?)))
        {
            Some((end, n)) => {
                out.push_str(&format!("({n})"));
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("(@");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_numbered_items_are_numbered_items() {
        assert_eq!(
            rewrite("#. satu\n#. dua\n   #. tiga\n"),
            "1. satu\n1. dua\n   1. tiga\n"
        );
        assert_eq!(rewrite("Istilah\n  ~ Arti.\n"), "Istilah\n  : Arti.\n");
        assert_eq!(
            rewrite("(@) Satu.\n\nTeks (@baik) dan (@lain).\n\n(@baik) Dua.\n(@)  Tiga.\n"),
            "1.  Satu.\n\nTeks (2) dan (@lain).\n\n2.  Dua.\n3.   Tiga.\n"
        );
        for text in [
            "```\n#. kode\n```\n",
            "Kode:\n```\n(@x) y\n```\n",
            "# Judul. Ini\n",
            "Kata #. tengah\n",
            "a ~ b\n",
        ] {
            assert_eq!(rewrite(text), text, "{text}");
        }
    }
}
