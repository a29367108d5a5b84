//! pandoc's fenced divs, `::: {.note}` … `:::` (or `::: warning`, `:::: {lang=tr}` with more
//! colons), read before parsing. CommonMark would print the fences; each is replaced by a
//! one-line marker, an HTML comment the parser turns into the start or the end of a
//! [`Block::Div`](crate::document::Block::Div) (so every line keeps its number, and the
//! content starts a paragraph of its own, as in pandoc). The marker's format lives here alone:
//! [`rewrite`] writes it, [`marker`] reads it.

use std::borrow::Cow;

use crate::document::Div;
use crate::manuscript::config::is_bcp47;

const OPEN: &str = "<!--terbit:div";
const CLOSE: &str = "<!--terbit:/div-->";

/// What a fence line is: `Some(Some(attributes))` opens (the text after the colons),
/// `Some(None)` closes.
fn fence(line: &str) -> Option<Option<&str>> {
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
        return Some(None);
    }
    // `{…}` attributes, or a class name, optionally followed by more colons.
    let rest = rest.trim_end_matches(':').trim_end();
    let opens = (rest.starts_with('{') && rest.ends_with('}'))
        || (!rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_')));
    opens.then_some(Some(rest))
}

/// The division a fence's attributes (`{#id .note lang=tr}` or a bare class) describe; what
/// cannot be used (a malformed language tag, a class with a space) is left out.
fn attributes(rest: &str) -> Div {
    let mut div = Div::default();
    let inner = match rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        Some(inner) => inner,
        None => {
            div.classes.push(rest.to_string());
            return div;
        }
    };
    let is_class = |c: &str| {
        !c.is_empty()
            && c.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
    };
    for word in words(inner) {
        let word = word.as_str();
        if let Some(class) = word.strip_prefix('.') {
            if is_class(class) {
                div.classes.push(class.to_string());
            }
        } else if let Some((key, value)) = word.split_once('=') {
            match key {
                "lang" if is_bcp47(value) => div.lang = Some(value.to_string()),
                "class" => div.classes.extend(
                    value
                        .split([',', ' '])
                        .filter(|c| is_class(c))
                        .map(String::from),
                ),
                _ => {}
            }
        }
        // `#refs` says where the reference list goes; other ids are anchors only where
        // terbit has no heading to stand for, and are left out.
        if word == "#refs" {
            div.id = Some("refs".to_string());
        }
    }
    div
}

/// The words of attributes, a quoted value (`title="two words"`) one word, its quotes gone.
pub(super) fn words(attrs: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in attrs.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// The marker of an opening fence: every value in it is a tag or a class name, which hold no
/// `-->` and no space.
fn open_marker(div: &Div) -> String {
    let mut out = String::from(OPEN);
    if let Some(lang) = &div.lang {
        out.push_str(" lang=");
        out.push_str(lang);
    }
    for class in &div.classes {
        out.push_str(" class=");
        out.push_str(class);
    }
    if let Some(id) = &div.id {
        out.push_str(" id=");
        out.push_str(id);
    }
    out.push_str("-->");
    out
}

/// What an HTML block that is a marker says: `Some(Some(div))` opens a division (without its
/// blocks yet), `Some(None)` closes the innermost; `None` for any other HTML.
pub fn marker(html: &str) -> Option<Option<Div>> {
    let t = html.trim();
    if t == CLOSE {
        return Some(None);
    }
    let body = t.strip_prefix(OPEN)?.strip_suffix("-->")?;
    let mut div = Div::default();
    for word in body.split_whitespace() {
        match word.split_once('=') {
            Some(("lang", v)) if is_bcp47(v) => div.lang = Some(v.to_string()),
            Some(("class", v)) => div.classes.push(v.to_string()),
            Some(("id", v)) => div.id = Some(v.to_string()),
            _ => {}
        }
    }
    Some(Some(div))
}

/// `text` with its fenced divs' fences replaced by markers; borrowed as it is when it has
/// none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
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
        let indent = &body[..body.len() - body.trim_start().len()];
        match is_fence {
            Some(Some(attrs)) => {
                open += 1;
                changed = true;
                out.push_str(indent);
                out.push_str(&open_marker(&attributes(attrs)));
                out.push_str(&line[body.len()..]);
            }
            Some(None) if open > 0 => {
                open -= 1;
                changed = true;
                out.push_str(indent);
                out.push_str(CLOSE);
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
    fn fences_become_markers_lines_kept() {
        let text =
            "Awal.\n\n::: {.note lang=tr}\nBir not.\n:::\n\n:::: uyarı ::::\nDikkat.\n::::\n";
        let out = rewrite(text);
        assert_eq!(
            out,
            "Awal.\n\n<!--terbit:div lang=tr class=note-->\nBir not.\n<!--terbit:/div-->\n\n\
             <!--terbit:div class=uyarı-->\nDikkat.\n<!--terbit:/div-->\n"
        );
        assert_eq!(out.lines().count(), text.lines().count());
        let div = marker("<!--terbit:div lang=tr class=note-->\n")
            .unwrap()
            .unwrap();
        assert_eq!(div.lang.as_deref(), Some("tr"));
        assert_eq!(div.classes, ["note"]);
        assert_eq!(marker(CLOSE), Some(None));
        assert_eq!(marker("<!-- a comment -->"), None);
    }

    #[test]
    fn unusable_attributes_are_left_out() {
        let div = attributes("{#x .ok lang=\"not a tag\" .also-ok key=v}");
        assert_eq!(div.lang, None);
        assert_eq!(div.classes, ["ok", "also-ok"]);
        let div = attributes("{lang=\"de-CH\"}");
        assert_eq!(div.lang.as_deref(), Some("de-CH"));
    }

    #[test]
    fn colons_elsewhere_are_text() {
        for text in [
            "Rasio 3:::4 dan ::: saja\n",
            "```\n::: {.x}\n:::\n```\n",
            "::: bukan kelas karena ada spasi\n",
        ] {
            assert_eq!(rewrite(text), text, "{text}");
        }
    }
}
