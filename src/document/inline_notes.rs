//! pandoc's inline footnotes, `text.^[The note's own text.]`, read before parsing: each becomes
//! a reference to a note whose definition is added at the chapter's end, as if the author had
//! written `[^n]` and `[^n]: …`. Code (fenced, indented, or in backticks) is never touched.
//! A note written over several lines is joined into one; as many empty lines are added after
//! its paragraph, so that the lines after the paragraph keep their numbers.

use std::borrow::Cow;

/// The label of the `n`th inline note (a label authors do not write).
fn label(n: usize) -> String {
    format!("terbit-inline-note-{n}")
}

/// Byte ranges of `text` inside fenced code blocks (fences included).
pub(super) fn fenced(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut fences = super::fences::Fences::default();
    let mut start: Option<usize> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        match (fences.is_code(line), start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                out.push((s, at));
                start = None;
            }
            _ => {}
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// `text` with its inline notes as references and definitions; borrowed as it is when it has
/// none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains("^[") {
        return Cow::Borrowed(text);
    }
    let code = fenced(text);
    let in_code = |i: usize| code.iter().any(|&(s, e)| s <= i && i < e);
    let bytes = text.as_bytes();
    let closings = closings(bytes);
    let mut out = String::with_capacity(text.len() + 64);
    let mut notes: Vec<String> = Vec::new();
    // Empty lines owed, to add at the end of the paragraph being read.
    let mut owed = 0;
    let mut i = 0;
    let mut copied = 0;
    let mut ticks = 0usize;
    let mut line_start = 0;
    crate::work::step(bytes.len());
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'`' {
            let run = bytes[i..].iter().take_while(|&&x| x == b'`').count();
            // A code span opens with a run of backticks and closes with one as long.
            ticks = if ticks == 0 {
                run
            } else if ticks == run {
                0
            } else {
                ticks
            };
            i += run;
            continue;
        }
        if b == b'\n' {
            // A blank line ends the paragraph: pay the empty lines owed there.
            if owed > 0 && bytes.get(i + 1) == Some(&b'\n') {
                out.push_str(&text[copied..=i]);
                out.push_str(&"\n".repeat(owed));
                copied = i + 1;
                owed = 0;
            }
            if bytes.get(i + 1) == Some(&b'\n') {
                ticks = 0;
            }
            line_start = i + 1;
        }
        if b == b'^'
            && bytes.get(i + 1) == Some(&b'[')
            && ticks == 0
            && !text[line_start..i].starts_with("    ")
            && !in_code(i)
            && let Some(&end) = closings.get(&(i + 1))
        {
            let inside = &text[i + 2..end];
            out.push_str(&text[copied..i]);
            notes.push(inside.split_whitespace().collect::<Vec<_>>().join(" "));
            out.push_str(&format!("[^{}]", label(notes.len())));
            owed += inside.matches('\n').count();
            i = end + 1;
            copied = i;
            continue;
        }
        i += 1;
    }
    if notes.is_empty() {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    if owed > 0 {
        out.push_str(&"\n".repeat(owed));
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    for (n, note) in notes.iter().enumerate() {
        out.push_str(&format!("\n[^{}]: {note}\n", label(n + 1)));
    }
    Cow::Owned(out)
}

/// The `]` closing each `[` that follows a `^`, brackets inside balanced, a backslash escaping
/// the next character, never past a blank line (a note does not run over paragraphs): found in
/// one pass, so a chapter of `^[^[^[…` costs no more than its length.
fn closings(bytes: &[u8]) -> std::collections::HashMap<usize, usize> {
    crate::work::step(bytes.len());
    let mut found = std::collections::HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => open.push(i),
            b']' => {
                if let Some(o) = open.pop()
                    && o > 0
                    && bytes[o - 1] == b'^'
                {
                    found.insert(o, i);
                }
            }
            b'\n' if bytes.get(i + 1) == Some(&b'\n') => open.clear(),
            _ => {}
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_notes_become_references_and_definitions() {
        let text = "Satu.^[Catatan *pertama* [dengan kurung].] Dua.^[Catatan\nkedua.]\nLanjut.\n\nSesudah.\n";
        let out = rewrite(text);
        assert_eq!(
            out,
            "Satu.[^terbit-inline-note-1] Dua.[^terbit-inline-note-2]\nLanjut.\n\n\nSesudah.\n\n\
             [^terbit-inline-note-1]: Catatan *pertama* [dengan kurung].\n\n\
             [^terbit-inline-note-2]: Catatan kedua.\n"
        );
        let line_of = |s: &str, w: &str| s[..s.find(w).unwrap()].matches('\n').count();
        assert_eq!(
            line_of(&out, "Sesudah"),
            line_of(text, "Sesudah"),
            "later lines keep their numbers"
        );
    }

    #[test]
    fn code_and_unclosed_brackets_are_left_alone() {
        for text in [
            "Kode `x^[0]` dan\n\n```\ny = a^[1]\n```\n",
            "    indented ^[x]\n",
            "Tanpa tutup ^[ini\n\nparagraf lain].\n",
            "Pangkat 2^3^ saja.\n",
        ] {
            assert_eq!(rewrite(text), text, "{text}");
        }
    }
}
