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
    /// The book has the print edition's page-break markers and page list.
    pub page_list: bool,
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
    if let Some(urn) = isbn_urn(m.isbn.as_ref().and_then(|i| i.epub())) {
        push(format!("<dc:identifier id=\"isbn\">{urn}</dc:identifier>"));
    }
    // The print edition this EPUB was made from (EPUB Accessibility 1.1 names it so that a
    // reader can tell which printed pages the book's page numbers are).
    if let Some(urn) = isbn_urn(m.isbn.as_ref().and_then(|i| i.print())) {
        push(format!("<dc:source>{urn}</dc:source>"));
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
    if facts.page_list {
        // The schema.org vocabulary's current terms, and the older one reading systems and
        // catalogues still look for.
        features.extend(["pageBreakMarkers", "pageNavigation", "printPageNumbers"]);
    }
    for f in features {
        push(format!(
            "<meta property=\"schema:accessibilityFeature\">{f}</meta>"
        ));
    }
    if facts.page_list {
        // Which edition's pages the page list gives (Page Source Identification, as EPUB
        // Accessibility 1.1's techniques recommend): the print ISBN, else the print edition
        // named by its title, authors and trim size.
        let source = isbn_urn(m.isbn.as_ref().and_then(|i| i.print()))
            .unwrap_or_else(|| escape(&print_edition(book)));
        push(format!(
            "<meta property=\"pageBreakSource\">{source}</meta>"
        ));
    }
    push("<meta property=\"schema:accessibilityHazard\">none</meta>".into());
    let conformant = !facts.has_images || facts.all_alt;
    let (summary_lang, summary) = accessibility_summary(&m.language.value, conformant);
    push(format!(
        "<meta property=\"schema:accessibilitySummary\" xml:lang=\"{summary_lang}\">{summary}</meta>"
    ));
    // EPUB Accessibility 1.1 wants a claim of conformance to say who made it: the publisher,
    // else the authors, who answer for the book (terbit's checks are what they rely on).
    let certifier = m
        .publisher
        .clone()
        .filter(|p| !p.trim().is_empty())
        .or_else(|| {
            let names: Vec<&str> = m.authors.iter().map(|a| a.name()).collect();
            (!names.is_empty()).then(|| names.join(", "))
        });
    if let Some(certifier) = certifier.filter(|_| conformant) {
        push("<meta property=\"dcterms:conformsTo\" id=\"conformance\">EPUB Accessibility 1.1 - WCAG 2.1 Level AA</meta>".into());
        push(format!(
            "<meta property=\"a11y:certifiedBy\" refines=\"#conformance\">{}</meta>",
            escape(&certifier)
        ));
    }
    out.join("\n")
}

/// The accessibility summary in the book's language (`tag`, BCP 47) where terbit has it
/// (Indonesian, Turkish), else in English: its language tag and text. `conformant`: every
/// image has a text alternative.
fn accessibility_summary(tag: &str, conformant: bool) -> (&'static str, &'static str) {
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    match (primary.as_str(), conformant) {
        ("id" | "ms", true) => (
            "id",
            "Publikasi ini memenuhi WCAG 2.1 Level AA: memiliki daftar isi, judul yang \
             terstruktur, teks yang dapat diubah ukuran dan gayanya, serta teks alternatif untuk \
             gambar-gambarnya.",
        ),
        ("id" | "ms", false) => (
            "id",
            "Publikasi ini memiliki daftar isi, judul yang terstruktur, dan teks yang dapat diubah \
             ukuran dan gayanya; beberapa gambar tidak memiliki teks alternatif.",
        ),
        ("tr", true) => (
            "tr",
            "Bu yayın WCAG 2.1 AA düzeyini karşılar: içindekiler tablosu, yapılandırılmış \
             başlıklar, boyutu ve biçimi değiştirilebilen metin ve görseller için metin \
             alternatifleri içerir.",
        ),
        ("tr", false) => (
            "tr",
            "Bu yayında içindekiler tablosu, yapılandırılmış başlıklar ve boyutu ve biçimi \
             değiştirilebilen metin vardır; bazı görsellerin metin alternatifi yoktur.",
        ),
        (_, true) => (
            "en",
            "This publication meets WCAG 2.1 Level AA: it has a table of contents, structured \
             headings, text that can be resized and restyled, and text alternatives for its \
             images.",
        ),
        (_, false) => (
            "en",
            "This publication has a table of contents, structured headings and text that can be \
             resized and restyled; some images lack text alternatives.",
        ),
    }
}

/// The print edition named for a reader: "TITLE, AUTHORS, print edition (A5)".
fn print_edition(book: &Book) -> String {
    let m = &book.meta;
    let names: Vec<&str> = m.authors.iter().map(|a| a.name()).collect();
    let mut out = m.title.trim().to_string();
    if !names.is_empty() {
        out.push_str(", ");
        out.push_str(&names.join(", "));
    }
    out.push_str(&format!(
        ", print edition ({})",
        m.pdf.page_size.value.trim()
    ));
    out
}

/// `urn:isbn:` and the digits of `isbn` as written (hyphens and spaces dropped, a check `x`
/// upper-cased), or None when it has none.
fn isbn_urn(isbn: Option<&str>) -> Option<String> {
    let digits: String = isbn?
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'X' || *c == 'x')
        .collect();
    (!digits.is_empty()).then(|| format!("urn:isbn:{}", digits.to_ascii_uppercase()))
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
                page_list: false,
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
        // Who claims it: the authors when there is no publisher.
        assert!(
            m.contains(
                "<meta property=\"a11y:certifiedBy\" refines=\"#conformance\">A, B, C</meta>"
            ),
            "{m}"
        );
        // Said in the book's language.
        assert!(
            m.contains("schema:accessibilitySummary\" xml:lang=\"id\">Publikasi ini memenuhi"),
            "{m}"
        );
    }

    #[test]
    fn the_summary_is_in_turkish_or_english_and_the_publisher_certifies() {
        let facts = ContentFacts {
            has_images: false,
            all_alt: true,
            page_list: false,
        };
        let tr = metadata(
            &book(
                "title: T\nlanguage: tr\npublisher: Yayınevi\nisbn: {print: 978-605-0000-00-9}\n",
            ),
            facts,
        );
        assert!(
            tr.contains("<dc:source>urn:isbn:9786050000009</dc:source>"),
            "{tr}"
        );
        assert!(tr.contains("xml:lang=\"tr\">Bu yayın WCAG 2.1 AA"), "{tr}");
        assert!(
            tr.contains("refines=\"#conformance\">Yayınevi</meta>"),
            "{tr}"
        );
        let de = metadata(&book("title: T\nlanguage: de\n"), facts);
        assert!(
            de.contains("xml:lang=\"en\">This publication meets"),
            "{de}"
        );
        // No one to answer for a claim: none is made.
        assert!(
            !de.contains("conformsTo") && !de.contains("certifiedBy"),
            "{de}"
        );
    }

    #[test]
    fn no_conformance_claim_when_an_image_lacks_alt_text() {
        let m = metadata(
            &book("title: T\nlanguage: id\n"),
            ContentFacts {
                has_images: true,
                all_alt: false,
                page_list: false,
            },
        );
        assert!(m.contains("<meta property=\"schema:accessMode\">visual</meta>"));
        assert!(
            !m.contains("conformsTo") && !m.contains("alternativeText"),
            "{m}"
        );
    }
}
