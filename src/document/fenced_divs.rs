//! pandoc's fenced divs, `::: {.note}` … `:::` (or `::: warning`, `:::: {lang=tr}` with more
//! colons), read before parsing. Their content is the book's text; the fences are not, and
//! CommonMark would print them. The fences' lines are left empty (so every line keeps its
//! number, and the content starts a paragraph of its own, as in pandoc); a `lang` or a class
//! the book knows has no effect yet.

use std::borrow::Cow;

/// Whether `line` is a fence: three or more colons, then (opening) attributes or a word, or
/// (closing) nothing.
fn fence(line: &str) -> Option<bool> {
    let t = line.trim_end();
    let indent = t.len() - t.trim_start().len();
    if indent > 3 {
        return None;
    }
    let t = t.trim_start();
    let colons = t.bytes().take_while(|&b| b == b':').count();
    if colons < 3 {
        return None;
    }
    let rest = t[colons..].trim();
    if rest.is_empty() {
        return Some(false);
    }
    // `{…}` attributes, or a class name, optionally followed by more colons.
    let rest = rest.trim_end_matches(':').trim_end();
    let opens = (rest.starts_with('{') && rest.ends_with('}'))
        || (!rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_')));
    opens.then_some(true)
}

/// `text` without the fences of its fenced divs; borrowed as it is when it has none.
pub fn strip(text: &str) -> Cow<'_, str> {
    if !text.contains(":::") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut open = 0usize;
    let mut code = super::fences::Fences::default();
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let is_fence = if code.is_code(body) {
            None
        } else {
            fence(body)
        };
        match is_fence {
            Some(true) => {
                open += 1;
                changed = true;
                out.push_str(&line[body.len()..]);
            }
            Some(false) if open > 0 => {
                open -= 1;
                changed = true;
                out.push_str(&line[body.len()..]);
            }
            _ => out.push_str(line),
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
    fn fences_are_left_out_lines_kept() {
        let text =
            "Awal.\n\n::: {.note lang=tr}\nBir not.\n:::\n\n:::: uyarı ::::\nDikkat.\n::::\n";
        let out = strip(text);
        assert_eq!(out, "Awal.\n\n\nBir not.\n\n\n\nDikkat.\n\n");
        assert_eq!(out.lines().count(), text.lines().count());
    }

    #[test]
    fn colons_elsewhere_are_text() {
        for text in [
            "Rasio 3:::4 dan ::: saja\n",
            "```\n::: {.x}\n:::\n```\n",
            "::: bukan kelas karena ada spasi\n",
        ] {
            assert_eq!(strip(text), text, "{text}");
        }
    }
}
