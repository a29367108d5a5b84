//! The book's stylesheet. Its rules decide which face draws what, and `xhtml` notes glyph use by
//! the same rules (headings, `strong`, `th`: bold; `em`, subtitle, affiliation: italic; `code`,
//! `pre`: mono), so the two must change together.

use crate::fonts::Face;

/// Where the fonts live in the EPUB, relative to the stylesheet.
pub fn font_href(face: Face) -> String {
    format!("fonts/{}", face.file_name())
}

/// The stylesheet for a book in language `lang` embedding `faces`.
pub fn stylesheet(faces: &[Face], lang: &str) -> String {
    let mut css = String::from("@charset \"utf-8\";\n\n");
    for &face in faces {
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-style: {};\n  font-weight: {};\n  src: url(\"{}\") format(\"truetype\");\n}}\n\n",
            face.family(),
            if face.is_italic() { "italic" } else { "normal" },
            if face.is_bold() { "bold" } else { "normal" },
            font_href(face),
        ));
    }
    css.push_str(BASE);
    // The fallback faces the book uses, after the text's and the code's own in each stack, so
    // that a reader draws the emoji and signs as the PDFs do (and falls back to its own fonts
    // for what none of them has).
    let fallbacks: String = faces
        .iter()
        .filter(|f| f.is_fallback())
        .map(|f| format!("\"{}\", ", f.family()))
        .collect();
    if !fallbacks.is_empty() {
        css.push_str(&format!(
            "\nbody {{ font-family: \"Gentium Book Plus\", {fallbacks}serif; }}\n\
             code, pre {{ font-family: \"DejaVu Sans Mono\", {fallbacks}monospace; }}\n"
        ));
    }
    if is_turkish(lang) {
        // Gentium's fi/fl ligatures draw the i without its dot, which Turkish needs (fi ≠ fı).
        css.push_str(
            "\nbody {\n  font-variant-ligatures: no-common-ligatures;\n  font-feature-settings: \"liga\" 0, \"clig\" 0;\n}\n",
        );
    }
    css
}

fn is_turkish(lang: &str) -> bool {
    let primary = lang.split('-').next().unwrap_or("");
    primary.eq_ignore_ascii_case("tr")
}

/// Rules that do not depend on the book. Body text is justified and hyphenated (by the reader,
/// in the language on `<html>`); paragraphs after the first are indented instead of spaced.
const BASE: &str = r#"body {
  font-family: "Gentium Book Plus", serif;
  line-height: 1.4;
  widows: 2;
  orphans: 2;
}

p {
  margin: 0;
  text-align: justify;
  -webkit-hyphens: auto;
  hyphens: auto;
}

p + p {
  text-indent: 1.5em;
}

h1, h2, h3, h4, h5, h6 {
  font-weight: bold;
  font-style: normal;
  text-align: left;
  -webkit-hyphens: manual;
  hyphens: manual;
  line-height: 1.2;
  page-break-after: avoid;
  break-after: avoid;
}

h1 { font-size: 1.6em; margin: 2em 0 1em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.6em; }
h3 { font-size: 1.1em; margin: 1.4em 0 0.5em; }
h4, h5, h6 { font-size: 1em; margin: 1.2em 0 0.4em; }

em { font-style: italic; }
strong, th { font-weight: bold; }
del { text-decoration: line-through; }
sup { font-size: 0.75em; line-height: 0; vertical-align: super; }

code, pre {
  font-family: "DejaVu Sans Mono", monospace;
  -webkit-hyphens: none;
  hyphens: none;
}

code { font-size: 0.85em; }

pre {
  font-size: 0.8em;
  line-height: 1.35;
  margin: 1em 0;
  white-space: pre-wrap;
  text-align: left;
}

pre code { font-size: 1em; }

blockquote {
  margin: 1em 1.5em;
}

ul, ol {
  margin: 0.6em 0;
  padding-left: 1.8em;
}

li > p { text-align: left; }
li > p + p { text-indent: 0; margin-top: 0.4em; }

table {
  border-collapse: collapse;
  margin: 1em auto;
}

th, td {
  padding: 0.2em 0.6em;
  border-bottom: 1px solid #888;
  vertical-align: top;
}

thead th { border-bottom: 2px solid #444; }

.left { text-align: left; }
.center { text-align: center; }
.right { text-align: right; }

hr {
  border: 0;
  border-top: 1px solid #888;
  width: 30%;
  margin: 1.5em auto;
}

img { max-width: 100%; }

figure.figure {
  text-align: center;
  margin: 1em 0;
}

figcaption {
  font-size: 0.9em;
  margin-top: 0.3em;
  text-align: center;
}

a.noteref { text-decoration: none; }

section.footnotes {
  margin-top: 2em;
  border-top: 1px solid #888;
  padding-top: 0.5em;
  font-size: 0.85em;
}

aside p { text-indent: 0; }

section.cover { text-align: center; }
section.cover img { max-height: 100%; }

section.titlepage {
  text-align: center;
  margin-top: 20%;
}

section.titlepage p { text-align: center; text-indent: 0; }
section.titlepage h1.title { font-size: 2em; margin: 0 0 0.4em; text-align: center; }
p.subtitle { font-style: italic; font-size: 1.2em; margin-bottom: 2em; }
.affiliation { font-style: italic; }
div.authors { margin: 2em 0; }
p.author { margin: 0.6em 0; }
p.series, p.publisher { margin-top: 1.5em; }
p.rights { margin-top: 3em; font-size: 0.85em; }

ol.toc, ol.toc ol {
  list-style-type: none;
  padding-left: 0;
}

ol.toc ol { margin: 0.2em 0 0.6em 1.5em; }
ol.toc li { margin: 0.3em 0; }
ol.toc a { text-decoration: none; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_faces_only_for_embedded_faces() {
        let css = stylesheet(&[Face::Regular, Face::Mono], "id");
        assert_eq!(css.matches("@font-face").count(), 2);
        assert!(css.contains("url(\"fonts/GentiumBookPlus-Regular.ttf\")"));
        assert!(css.contains("url(\"fonts/DejaVuSansMono.ttf\")"));
        assert!(!css.contains("Bold.ttf"));
        assert!(css.contains("font-family: \"Gentium Book Plus\", serif"));
        assert!(css.contains("font-family: \"DejaVu Sans Mono\", monospace"));
        assert!(!css.contains("no-common-ligatures"));
    }

    #[test]
    fn turkish_turns_off_common_ligatures() {
        assert!(
            stylesheet(&[Face::Regular], "tr")
                .contains("font-variant-ligatures: no-common-ligatures")
        );
        assert!(stylesheet(&[Face::Regular], "TR-tr").contains("no-common-ligatures"));
        assert!(!stylesheet(&[Face::Regular], "trv").contains("no-common-ligatures"));
    }
}
