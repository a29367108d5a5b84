//! pandoc's line blocks, read before parsing: lines that begin with `| ` (verse, addresses),
//! each kept a line of its own, its leading spaces kept as it is indented.
//!
//! ```text
//! | The limerick packs laughs anatomical
//! |    In space that is quite economical.
//! ```
//!
//! Each `| ` is taken off, and every line but the block's last ends in a hard break (`\`); a
//! leading space becomes a no-break space, which Markdown keeps. A line that begins with a
//! space continues the line above (pandoc's rule). Lines keep their numbers. A block with a
//! pipe table's delimiter row (`|---|---|`) is a table, and stays as it is; so does fenced code.

use std::borrow::Cow;

/// Whether `line` is a line of a line block: `|` then a space, or `|` alone.
fn is_block_line(line: &str) -> bool {
    line == "|" || line.starts_with("| ")
}

/// Whether `line` is a pipe table's delimiter row (`| --- | :-: |`).
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// `text` with its line blocks as lines with hard breaks; borrowed as it is when it has none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains("| ") && !text.contains("\n|\n") {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let body = |i: usize| lines[i].trim_end_matches(['\n', '\r']);
    let mut code = vec![false; lines.len()];
    let mut fences = super::fences::Fences::default();
    for (i, line) in lines.iter().enumerate() {
        code[i] = fences.is_code(line);
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    let mut i = 0;
    while i < lines.len() {
        let starts_block =
            !code[i] && is_block_line(body(i)) && (i == 0 || body(i - 1).trim().is_empty());
        if !starts_block {
            out.push_str(lines[i]);
            i += 1;
            continue;
        }
        // The block: lines that begin with `|`, and their continuations.
        let mut end = i + 1;
        while end < lines.len()
            && !code[end]
            && (is_block_line(body(end))
                || (body(end).starts_with(' ') && !body(end).trim().is_empty()))
        {
            end += 1;
        }
        // (A table's delimiter row is its second line, which is no line of a block.)
        if (i..(end + 1).min(lines.len())).any(|k| is_delimiter_row(body(k))) {
            lines[i..end].iter().for_each(|l| out.push_str(l));
            i = end;
            continue;
        }
        changed = true;
        for (k, full) in lines.iter().enumerate().take(end).skip(i) {
            let line = body(k);
            let newline = &full[line.len()..];
            let continues = k + 1 < end && !is_block_line(body(k + 1));
            if let Some(rest) = line.strip_prefix('|') {
                let rest = rest.strip_prefix(' ').unwrap_or(rest);
                let text = rest.trim_start_matches(' ');
                out.extend(std::iter::repeat_n('\u{A0}', rest.len() - text.len()));
                // An empty line of the block is kept as one (a no-break space holds it).
                out.push_str(if text.is_empty() { "\u{A0}" } else { text });
            } else {
                out.push_str(line);
            }
            if k + 1 < end && !continues {
                out.push('\\');
            }
            out.push_str(newline);
        }
        i = end;
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
    fn lines_keep_their_breaks_and_indents() {
        let text = "Puisi:\n\n| Aku ini\n|    binatang jalang\n| dari kumpulannya\n  terbuang\n|\n| Akhir.\n\nTeks.\n";
        let out = rewrite(text);
        assert_eq!(
            out,
            "Puisi:\n\nAku ini\\\n\u{A0}\u{A0}\u{A0}binatang jalang\\\ndari kumpulannya\n  terbuang\\\n\u{A0}\\\nAkhir.\n\nTeks.\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn tables_code_and_bars_in_text_stay() {
        for text in [
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
            "```\n| not a block\n```\n",
            "Text\n| after text\n",
            "a | b\n",
        ] {
            assert_eq!(rewrite(text), text, "{text}");
        }
    }
}
