//! A note's reference followed at once by a bracket, `passes[^a][@key, p. 141]`: pandoc reads
//! the note, then the citation. CommonMark (pulldown-cmark) reads `[^a][…]` as a link whose
//! label is not defined and prints both as written, the note lost. An empty HTML comment put
//! between them, `[^a]<!---->[@key, p. 141]`, gives pulldown-cmark pandoc's reading (the
//! parser drops comments). Code (fenced, indented, in backticks) is never touched.

use std::borrow::Cow;

/// What goes between a note's reference and the bracket after it.
const SEPARATOR: &str = "<!---->";

/// `text` with a separator after each note reference a bracket follows; borrowed as it is
/// when there is none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    if !text.contains("][") {
        return Cow::Borrowed(text);
    }
    let code = super::inline_notes::fenced(text);
    let in_code = |i: usize| code.iter().any(|&(s, e)| s <= i && i < e);
    let bytes = text.as_bytes();
    crate::work::step(bytes.len());
    let mut at: Vec<usize> = Vec::new();
    let mut ticks = 0usize;
    let mut line_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                let run = bytes[i..].iter().take_while(|&&x| x == b'`').count();
                ticks = match ticks {
                    0 => run,
                    t if t == run => 0,
                    t => t,
                };
                i += run;
                continue;
            }
            b'\n' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    ticks = 0;
                }
                line_start = i + 1;
            }
            b'[' if bytes.get(i + 1) == Some(&b'^')
                && ticks == 0
                && !text[line_start..i].starts_with("    ") =>
            {
                // The label: up to `]`, no spaces or brackets in it.
                let label_end = bytes[i + 2..]
                    .iter()
                    .position(|&b| b == b']' || b == b'[' || b.is_ascii_whitespace())
                    .map(|p| i + 2 + p);
                if let Some(end) = label_end
                    && end > i + 2
                    && bytes[end] == b']'
                    && bytes.get(end + 1) == Some(&b'[')
                    && bytes.get(end + 2) != Some(&b'^')
                    && !in_code(i)
                {
                    at.push(end + 1);
                    i = end + 1;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if at.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + at.len() * SEPARATOR.len());
    let mut copied = 0;
    for p in at {
        out.push_str(&text[copied..p]);
        out.push_str(SEPARATOR);
        copied = p;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    #[test]
    fn a_bracket_right_after_a_note_reference_is_set_apart() {
        assert_eq!(
            rewrite("passes[^a][@gcc, p. 141] and [^b][c]."),
            "passes[^a]<!---->[@gcc, p. 141] and [^b]<!---->[c]."
        );
    }

    #[test]
    fn links_notes_alone_and_code_are_left_alone() {
        for text in [
            "[text][label] and [^a] and [^a][^b]",
            "`[^a][@x]` in code",
            "```\n[^a][@x]\n```\n",
            "    [^a][@x] indented\n",
        ] {
            assert_eq!(rewrite(text), text);
        }
    }
}
