//! XHTML writing. All text and attribute values go through one escaping writer, which also notes
//! which font face draws each character (for font subsetting), so that the markup and the glyph
//! accounting cannot drift apart.

use super::font_subset::GlyphUse;
use crate::fonts::Face;

/// Append `s` to `out`, escaped for XML text and attribute values (the document's own
/// escaper, which the HTML sanitizer uses too).
pub use crate::document::html::escape_into as push_escaped;

/// `s` escaped for XML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// `s` without the characters XML 1.0 forbids (C0 controls other than tab and line ends,
/// U+FFFE, U+FFFF), for text epub-builder escapes and writes itself (titles in the package,
/// the navigation document and the NCX): a heading with a stray control character must not
/// make them ill-formed.
pub fn xml_chars(s: &str) -> String {
    s.chars()
        .filter(|&c| crate::document::html::is_xml_char(c))
        .collect()
}

/// An XHTML fragment being written, with the face the text is currently drawn in.
pub struct Xhtml<'u> {
    out: String,
    face: Face,
    usage: &'u mut GlyphUse,
}

impl<'u> Xhtml<'u> {
    pub fn new(usage: &'u mut GlyphUse) -> Self {
        Xhtml {
            out: String::new(),
            face: Face::Regular,
            usage,
        }
    }

    /// Trusted markup, written as is.
    pub fn markup(&mut self, m: &str) {
        self.out.push_str(m);
    }

    /// Text, escaped, drawn in the current face.
    pub fn text(&mut self, t: &str) {
        self.usage.record(self.face, t);
        push_escaped(&mut self.out, t);
    }

    /// A start tag (`empty`: a self-closing one); attribute values are escaped.
    pub fn tag(&mut self, name: &str, attrs: &[(&str, &str)], empty: bool) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push_str(&format!(" {k}=\""));
            push_escaped(&mut self.out, v);
            self.out.push('"');
        }
        self.out.push_str(if empty { "/>" } else { ">" });
    }

    /// `<name attrs>text</name>` with the text drawn in `face`.
    pub fn element(&mut self, name: &str, attrs: &[(&str, &str)], face: Face, text: &str) {
        self.tag(name, attrs, false);
        let prev = std::mem::replace(&mut self.face, face);
        self.text(text);
        self.face = prev;
        self.out.push_str(&format!("</{name}>"));
    }

    /// Note characters drawn in the current face without writing them (alt text).
    pub fn record(&mut self, text: &str) {
        self.usage.record(self.face, text);
    }

    pub fn face(&self) -> Face {
        self.face
    }

    pub fn set_face(&mut self, face: Face) {
        self.face = face;
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// A complete XHTML content document. `lang` goes on `<html>` as both `lang` and `xml:lang`
/// (EPUB reading systems read the one, accessibility checkers the other).
pub fn document(lang: &str, title: &str, body_type: &str, body: &str) -> String {
    let mut out = document_head(lang, title, body_type);
    out.push_str(body);
    out.push_str(DOCUMENT_TAIL);
    out
}

/// What a content document has before its body's content (see [`document`]): a chapter is
/// written after it into the same string, not copied into a second one.
pub fn document_head(lang: &str, title: &str, body_type: &str) -> String {
    let (lang, title) = (escape(lang), escape(title));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
         <body epub:type=\"{body_type}\">\n"
    )
}

/// What a content document has after its body's content.
pub const DOCUMENT_TAIL: &str = "\n</body>\n</html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_are_escaped() {
        let mut usage = GlyphUse::default();
        let mut w = Xhtml::new(&mut usage);
        w.tag("a", &[("title", "\"x\" & <y>")], false);
        w.text("1 < 2 & 3 > 2");
        w.markup("</a>");
        assert_eq!(
            w.finish(),
            "<a title=\"&quot;x&quot; &amp; &lt;y&gt;\">1 &lt; 2 &amp; 3 &gt; 2</a>"
        );
        assert!(usage.chars(Face::Regular).contains(&'<'));
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(escape("a\u{1}b\u{b}c\td\u{fffe}"), "abc\td");
    }
}
