//! pandoc's list markers CommonMark lacks, read before parsing: auto-numbered items, `#. item`
//! (`#.` becomes `1.`, which CommonMark reads as an ordered list numbered from 1 on, each item
//! taking the next number, as pandoc numbers them), and definitions marked with `~` (as `:`).
//! Each marker keeps its width, so every column stays in place. Fenced code is never touched.

use std::borrow::Cow;

/// `text` with its `#.` list markers as `1.`; borrowed as it is when it has none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains("#. ") && !text.contains("~ ") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut fences = super::fences::Fences::default();
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        let indent = line.len() - t.len();
        let code = fences.is_code(line);
        if !code && (t.starts_with("#. ") || t.starts_with("#.\t")) {
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
        for text in [
            "```\n#. kode\n```\n",
            "# Judul. Ini\n",
            "Kata #. tengah\n",
            "a ~ b\n",
        ] {
            assert_eq!(rewrite(text), text, "{text}");
        }
    }
}
