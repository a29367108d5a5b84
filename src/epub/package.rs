//! The package metadata (`content.opf`) beyond what epub-builder writes itself.
//!
//! epub-builder's template writes `dc:identifier`, `dc:title`, `dc:language` and
//! `dcterms:modified`. Everything else is serialized here and inserted into `content.opf` by
//! `archive`: epub-builder 0.8.3 gives its creators the same ids as its languages (a duplicate
//! id when both are present), has no publisher, subtitle or date-as-written, does not export its
//! `MetadataRenderer` trait, and `MetadataOpfV3` neither escapes its content nor (through
//! `add_refines`) sets `refines`.

use super::xhtml::escape;
use crate::document::Book;

/// What the metadata needs to know about the content.
#[derive(Debug, Clone, Copy)]
pub struct ContentFacts {
    pub has_images: bool,
    /// Every image has alt text.
    pub all_alt: bool,
}

/// The metadata elements for `book`, serialized and escaped, one per line.
pub fn metadata(book: &Book, facts: ContentFacts) -> String {
    let m = &book.meta;
    let mut out: Vec<String> = vec![];
    let mut push = |s: String| out.push(s);

    if let Some(sub) = m.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        push(format!(
            "<dc:title id=\"subtitle\">{}</dc:title>",
            escape(sub)
        ));
        push("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".into());
    }
    for (i, a) in m.authors.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        push(format!(
            "<dc:creator id=\"{id}\">{}</dc:creator>",
            escape(a.name())
        ));
        push(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">{}</meta>",
            escape(&relator(a.role()))
        ));
    }
    if let Some(p) = m.publisher.as_deref().filter(|s| !s.trim().is_empty()) {
        push(format!("<dc:publisher>{}</dc:publisher>", escape(p)));
    }
    if let Some(d) = &m.date {
        push(format!("<dc:date>{}</dc:date>", escape(&d.value)));
    }
    if let Some(r) = m.rights.as_deref().filter(|s| !s.trim().is_empty()) {
        push(format!("<dc:rights>{}</dc:rights>", escape(r)));
    }
    if let Some(d) = m.description.as_deref().filter(|s| !s.trim().is_empty()) {
        push(format!(
            "<dc:description>{}</dc:description>",
            escape(d.trim())
        ));
    }
    for s in m.subjects.iter().filter(|s| !s.trim().is_empty()) {
        push(format!("<dc:subject>{}</dc:subject>", escape(s)));
    }
    if let Some(isbn) = m.isbn.as_ref().and_then(|i| i.epub.as_deref()) {
        let digits: String = isbn
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
            .collect();
        if !digits.is_empty() {
            push(format!(
                "<dc:identifier id=\"isbn\">urn:isbn:{}</dc:identifier>",
                digits.to_ascii_uppercase()
            ));
        }
    }
    if let Some(series) = &m.series {
        push(format!(
            "<meta property=\"belongs-to-collection\" id=\"c1\">{}</meta>",
            escape(&series.name)
        ));
        push("<meta refines=\"#c1\" property=\"collection-type\">series</meta>".into());
        if let Some(n) = series.number {
            push(format!(
                "<meta refines=\"#c1\" property=\"group-position\">{n}</meta>"
            ));
        }
    }

    // Accessibility (EPUB Accessibility 1.1 / schema.org). Conformance is claimed only when
    // every image has a text alternative; otherwise the book does not meet WCAG 1.1.1.
    push("<meta property=\"schema:accessMode\">textual</meta>".into());
    if facts.has_images {
        push("<meta property=\"schema:accessMode\">visual</meta>".into());
    }
    push("<meta property=\"schema:accessModeSufficient\">textual</meta>".into());
    let mut features = vec![
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ];
    if facts.has_images && facts.all_alt {
        features.push("alternativeText");
    }
    for f in features {
        push(format!(
            "<meta property=\"schema:accessibilityFeature\">{f}</meta>"
        ));
    }
    push("<meta property=\"schema:accessibilityHazard\">none</meta>".into());
    let summary = if !facts.has_images || facts.all_alt {
        "This publication meets WCAG 2.1 Level AA: it has a table of contents, structured headings, \
         text that can be resized and restyled, and text alternatives for its images."
    } else {
        "This publication has a table of contents, structured headings and text that can be resized \
         and restyled; some images lack text alternatives."
    };
    push(format!(
        "<meta property=\"schema:accessibilitySummary\" xml:lang=\"en\">{summary}</meta>"
    ));
    if !facts.has_images || facts.all_alt {
        push("<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>".into());
    }
    out.join("\n")
}

/// A MARC relator code: three lowercase letters; anything else is taken to mean author.
fn relator(role: &str) -> String {
    let r = role.trim().to_ascii_lowercase();
    if r.len() == 3 && r.chars().all(|c| c.is_ascii_lowercase()) {
        r
    } else {
        "aut".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn book(yaml: &str) -> Book {
        let meta = crate::manuscript::config::parse(Path::new("book.yaml"), yaml).unwrap();
        Book {
            meta,
            dir: PathBuf::from("."),
            chapters: vec![],
        }
    }

    #[test]
    fn creators_series_and_subtitle_are_refined_by_id() {
        let b = book(
            "title: T\nsubtitle: S & s\nlanguage: id\nauthors: [A, {name: B, role: edt}, {name: C, role: \
             Penulis}]\nseries: {name: Seri, number: 50}\n",
        );
        let m = metadata(
            &b,
            ContentFacts {
                has_images: false,
                all_alt: true,
            },
        );
        assert!(
            m.contains("<dc:creator id=\"creator-2\">B</dc:creator>"),
            "{m}"
        );
        assert!(m.contains(
            "<meta refines=\"#creator-2\" property=\"role\" scheme=\"marc:relators\">edt</meta>"
        ));
        assert!(m.contains(
            "<meta refines=\"#creator-3\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
        ));
        assert!(m.contains("<dc:title id=\"subtitle\">S &amp; s</dc:title>"));
        assert!(m.contains("<meta property=\"belongs-to-collection\" id=\"c1\">Seri</meta>"));
        assert!(m.contains("<meta refines=\"#c1\" property=\"group-position\">50</meta>"));
        assert!(m.contains("EPUB Accessibility 1.1 - WCAG 2.1 Level AA"));
    }

    #[test]
    fn no_conformance_claim_when_an_image_lacks_alt_text() {
        let m = metadata(
            &book("title: T\nlanguage: id\n"),
            ContentFacts {
                has_images: true,
                all_alt: false,
            },
        );
        assert!(m.contains("<meta property=\"schema:accessMode\">visual</meta>"));
        assert!(
            !m.contains("conformsTo") && !m.contains("alternativeText"),
            "{m}"
        );
    }
}
