//! The book's stylesheet. Its rules decide which font draws what, and `xhtml` notes glyph use
//! by the same rules (headings, title, subtitle: the heading typeface; `strong`, `th`: bold;
//! `em`, subtitle, affiliation: italic; `code`, `pre`: the code typeface), so the two must
//! change together.
//!
//! Each typeface (body, headings, code, and each fallback used) is one CSS family, its styles
//! `@font-face` rules over the embedded subsets. A style the book has no font of its own for
//! (a body named by one file) gets no rule, so that readers slant or embolden the regular
//! face, as the author would expect, rather than draw it upright.

use crate::fonts::{Face, FontSet, Outlines};

/// The embedded font files: for each font used (by its place in the set), its path in the
/// EPUB relative to the stylesheet, unique.
pub fn font_files(set: &FontSet, used: &[usize]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for &i in used {
        let name = set.fonts()[i].file_name();
        let mut href = format!("fonts/{name}");
        let mut n = 2;
        while out.iter().any(|(_, h)| *h == href) {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, "ttf"));
            href = format!("fonts/{stem}-{n}.{ext}");
            n += 1;
        }
        out.push((i, href));
    }
    out
}

/// The media type of an embedded font file.
pub fn font_media_type(set: &FontSet, font: usize) -> &'static str {
    match set.fonts()[font].outlines {
        Outlines::TrueType => "font/ttf",
        Outlines::Cff => "font/otf",
    }
}

/// A typeface of the stylesheet: its CSS family and the faces of its styles.
struct Typeface {
    family: String,
    /// (face, bold, italic), the regular first.
    styles: Vec<(Face, bool, bool)>,
}

/// The stylesheet for a book in language `lang` in `set`, embedding `files` (see
/// [`font_files`]).
pub fn stylesheet(set: &FontSet, files: &[(usize, String)], lang: &str) -> String {
    let href = |face: Face| {
        files
            .iter()
            .find(|(i, _)| *i == set.index(face))
            .map(|(_, h)| h.as_str())
    };
    let styles = |faces: [Face; 4]| {
        vec![
            (faces[0], false, false),
            (faces[1], false, true),
            (faces[2], true, false),
            (faces[3], true, true),
        ]
    };
    let same =
        |a: &[Face], b: &[Face]| a.iter().zip(b).all(|(x, y)| set.index(*x) == set.index(*y));
    let body_faces = [Face::Regular, Face::Italic, Face::Bold, Face::BoldItalic];
    let heading_faces = [
        Face::Heading,
        Face::HeadingItalic,
        Face::HeadingBold,
        Face::HeadingBoldItalic,
    ];
    let mut names: Vec<String> = Vec::new();
    let mut family = |face: Face, suffix: &str| {
        let mut name = set.font(face).family.replace(['"', '\\'], "");
        if names.contains(&name) {
            name = format!("{name} {suffix}");
        }
        names.push(name.clone());
        name
    };
    let body = Typeface {
        family: family(Face::Regular, "Text"),
        styles: styles(body_faces),
    };
    let heading = (!same(&heading_faces, &body_faces)).then(|| Typeface {
        family: family(Face::Heading, "Headings"),
        styles: styles(heading_faces),
    });
    let code = Typeface {
        family: family(Face::Mono, "Code"),
        styles: vec![(Face::Mono, false, false), (Face::MonoBold, true, false)],
    };
    let mut fallbacks: Vec<Typeface> = Vec::new();
    let mut fallback_names: Vec<String> = Vec::new();
    for face in set.fallbacks() {
        if href(face).is_none() {
            continue;
        }
        // A fallback that is also one of the book's typefaces is named as that.
        let known = [Some(&body), heading.as_ref(), Some(&code)]
            .into_iter()
            .flatten()
            .chain(&fallbacks)
            .find(|t| {
                t.styles
                    .iter()
                    .any(|(f, _, _)| set.index(*f) == set.index(face))
            })
            .map(|t| t.family.clone());
        match known {
            Some(name) => fallback_names.push(name),
            None => {
                let t = Typeface {
                    family: family(face, "Fallback"),
                    styles: vec![(face, false, false)],
                };
                fallback_names.push(t.family.clone());
                fallbacks.push(t);
            }
        }
    }

    let mut css = String::from("@charset \"utf-8\";\n\n");
    for t in [Some(&body), heading.as_ref(), Some(&code)]
        .into_iter()
        .flatten()
        .chain(&fallbacks)
    {
        let regular = t.styles[0].0;
        for &(face, bold, italic) in &t.styles {
            // A style whose font is the regular one's is left to the reader to make.
            if face != regular && set.index(face) == set.index(regular) {
                continue;
            }
            // Nor is bold italic drawn from the bold font alone.
            if bold && italic && set.index(face) == set.index(t.styles[2].0) {
                continue;
            }
            let Some(url) = href(face) else { continue };
            let format = match set.font(face).outlines {
                Outlines::TrueType => "truetype",
                Outlines::Cff => "opentype",
            };
            css.push_str(&format!(
                "@font-face {{\n  font-family: \"{}\";\n  font-style: {};\n  font-weight: {};\n  src: url(\"{url}\") format(\"{format}\");\n}}\n\n",
                t.family,
                if italic { "italic" } else { "normal" },
                if bold { "bold" } else { "normal" },
            ));
        }
    }
    css.push_str(BASE);
    // Each typeface's stack: its own family, the fallbacks the book uses (so that a reader
    // draws the emoji and signs as the PDFs do), then the reader's own.
    let stack = |first: &str, generic: &str| {
        let mut parts = vec![format!("\"{first}\"")];
        parts.extend(
            fallback_names
                .iter()
                .filter(|n| n.as_str() != first)
                .map(|n| format!("\"{n}\"")),
        );
        parts.push(generic.to_string());
        parts.join(", ")
    };
    css.push_str(&format!(
        "\nbody {{ font-family: {}; }}\n",
        stack(&body.family, "serif")
    ));
    if let Some(h) = &heading {
        css.push_str(&format!(
            "h1, h2, h3, h4, h5, h6, p.subtitle {{ font-family: {}; }}\n",
            stack(&h.family, "serif")
        ));
    }
    css.push_str(&format!(
        "code, pre, kbd, samp {{ font-family: {}; }}\n",
        stack(&code.family, "monospace")
    ));
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
/// The body's size and line height are the reader's (KDP's reflowable guidelines ask so: a
/// reader's setting for them must not be overridden).
const BASE: &str = r#"body {
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

div.aside {
  margin: 1em 1.5em;
  padding-left: 0.6em;
  border-left: 2px solid #999;
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

p.caption {
  font-size: 0.9em;
  font-style: italic;
  text-indent: 0;
  text-align: left;
  margin: 0.3em 0;
}

p.caption + p { text-indent: 0; }

span.smallcaps { font-variant: small-caps; }

section.references ul { list-style: none; margin: 0.5em 0; padding: 0; }
section.references li { margin: 0 0 0.4em 0; text-align: left; }
section.references.hanging-indent li { padding-left: 1.5em; text-indent: -1.5em; }
span.csl-left-margin { display: inline-block; min-width: 2.2em; }
span.math.display { display: block; text-align: center; margin: 0.6em 0; text-indent: 0; }

dl { margin: 0.5em 0; }
dt { font-weight: bold; margin-top: 0.4em; }
dd { margin: 0 0 0 1.5em; }
dd > p { text-indent: 0; }

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

    fn css_of(faces: &[Face], lang: &str) -> String {
        let set = FontSet::bundled();
        let used: Vec<usize> = faces.iter().map(|f| set.index(*f)).collect();
        stylesheet(&set, &font_files(&set, &used), lang)
    }

    #[test]
    fn font_faces_only_for_embedded_faces() {
        let css = css_of(&[Face::Regular, Face::Mono], "id");
        assert_eq!(css.matches("@font-face").count(), 2);
        assert!(css.contains("url(\"fonts/GentiumBookPlus.ttf\")"));
        assert!(css.contains("url(\"fonts/DejaVuSansMono.ttf\")"));
        assert!(!css.contains("Bold.ttf"));
        assert!(css.contains("body { font-family: \"Gentium Book Plus\", serif; }"));
        assert!(css.contains("font-family: \"DejaVu Sans Mono\", monospace"));
        assert!(!css.contains("no-common-ligatures"));
        // The headings are the body's: no rule of their own.
        assert!(!css.contains("h1, h2, h3, h4, h5, h6, p.subtitle {"));
    }

    #[test]
    fn fallbacks_join_every_stack() {
        let set = FontSet::bundled();
        let emoji = set.for_char(Face::Regular, '😻');
        let css = css_of(&[Face::Regular, Face::Mono, emoji], "en");
        assert!(
            css.contains("body { font-family: \"Gentium Book Plus\", \"Noto Emoji\", serif; }")
        );
        assert!(css.contains(
            "code, pre, kbd, samp { font-family: \"DejaVu Sans Mono\", \"Noto Emoji\", monospace; }"
        ));
    }

    #[test]
    fn turkish_turns_off_common_ligatures() {
        assert!(
            css_of(&[Face::Regular], "tr").contains("font-variant-ligatures: no-common-ligatures")
        );
        assert!(css_of(&[Face::Regular], "TR-tr").contains("no-common-ligatures"));
        assert!(!css_of(&[Face::Regular], "trv").contains("no-common-ligatures"));
    }
}
