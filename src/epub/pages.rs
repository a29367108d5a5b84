//! The pages terbit adds around the chapters: cover, title page and table of contents, and the
//! few words they need in the book's language.

use super::font_subset::GlyphUse;
use super::links::{chapter_file, heading_id};
use super::xhtml::{Xhtml, document};
use crate::document::{Block, Book};
use crate::fonts::Face;

/// Words of the generated pages, in the book's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub contents: &'static str,
    pub cover: &'static str,
    pub notes: &'static str,
}

/// The labels for BCP 47 tag `lang` (English when we do not know the language).
pub fn labels(lang: &str) -> Labels {
    let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
    let (contents, cover, notes) = match primary.as_str() {
        "id" | "ms" => ("Daftar Isi", "Sampul", "Catatan"),
        "tr" => ("İçindekiler", "Kapak", "Notlar"),
        "de" => ("Inhalt", "Umschlag", "Anmerkungen"),
        "fr" => ("Table des matières", "Couverture", "Notes"),
        "nl" => ("Inhoud", "Omslag", "Noten"),
        "es" => ("Índice", "Cubierta", "Notas"),
        "pt" => ("Sumário", "Capa", "Notas"),
        _ => ("Contents", "Cover", "Notes"),
    };
    Labels {
        contents,
        cover,
        notes,
    }
}

/// One chapter in the table of contents, with its level-2 headings.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub href: String,
    pub title: String,
    pub children: Vec<(String, String)>,
    /// The chapter's level under others (0: top; mdBook's parts and nested chapters).
    pub depth: u8,
}

/// The table of contents: every chapter and the level-2 headings at its top level.
pub fn toc_entries(book: &Book) -> Vec<TocEntry> {
    let sections = crate::document::lists_sections(book);
    // A chapter sits at most one level under the one before it.
    let mut last_depth: Option<u8> = None;
    book.chapters
        .iter()
        .enumerate()
        .map(|(i, ch)| {
            let wanted = book.meta.chapter_depths.get(i).copied().unwrap_or(0);
            let depth = wanted.min(last_depth.map_or(0, |d| d.saturating_add(1)));
            last_depth = Some(depth);
            let file = chapter_file(&ch.id);
            let children = crate::document::top_level(&ch.blocks)
                .into_iter()
                .filter_map(|b| match b {
                    Block::Heading {
                        level: 2,
                        id,
                        content,
                    } if sections => {
                        let title = crate::document::plain_text(content).trim().to_string();
                        (!title.is_empty()).then(|| (format!("{file}#{}", heading_id(id)), title))
                    }
                    _ => None,
                })
                .collect();
            // An empty title would drop the chapter from the navigation; fall back to its id.
            let title = if ch.title.trim().is_empty() {
                ch.id.clone()
            } else {
                ch.title.trim().to_string()
            };
            TocEntry {
                href: file,
                title,
                children,
                depth,
            }
        })
        .collect()
}

/// The cover page: the cover image, full page.
pub fn cover_page(book: &Book, image_href: &str, labels: &Labels, usage: &mut GlyphUse) -> String {
    let mut w = Xhtml::new(usage);
    w.markup("<section class=\"cover\" epub:type=\"cover\">\n");
    w.tag(
        "img",
        &[
            ("src", image_href),
            ("alt", &book.meta.title),
            ("role", "doc-cover"),
        ],
        true,
    );
    w.markup("\n</section>");
    let body = w.finish();
    usage.record(Face::Regular, &book.meta.title);
    document(&book.meta.language.value, labels.cover, "cover", &body)
}

/// The title page: title, subtitle, authors with affiliations, series, publisher and date.
pub fn title_page(book: &Book, usage: &mut GlyphUse) -> String {
    let m = &book.meta;
    let mut w = Xhtml::new(usage);
    w.markup("<section class=\"titlepage\" epub:type=\"titlepage\">\n");
    w.element("h1", &[("class", "title")], Face::HeadingBold, &m.title);
    w.markup("\n");
    if let Some(sub) = m.subtitle.as_deref().filter(|s| !s.trim().is_empty()) {
        w.element("p", &[("class", "subtitle")], Face::HeadingItalic, sub);
        w.markup("\n");
    }
    if !m.authors.is_empty() {
        w.markup("<div class=\"authors\">\n");
        for a in &m.authors {
            w.markup("<p class=\"author\">");
            w.text(a.name());
            if let Some(aff) = a.affiliation().filter(|s| !s.trim().is_empty()) {
                w.markup("<br/>");
                w.element("span", &[("class", "affiliation")], Face::Italic, aff);
            }
            w.markup("</p>\n");
        }
        w.markup("</div>\n");
    }
    if let Some(series) = &m.series {
        let text = match series.number {
            Some(n) => format!("{} (no. {n})", series.name),
            None => series.name.clone(),
        };
        w.element("p", &[("class", "series")], Face::Regular, &text);
        w.markup("\n");
    }
    let imprint: Vec<&str> = [
        m.publisher.as_deref(),
        m.date.as_ref().map(|d| d.value.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !imprint.is_empty() {
        w.element(
            "p",
            &[("class", "publisher")],
            Face::Regular,
            &imprint.join(", "),
        );
        w.markup("\n");
    }
    if let Some(rights) = m.rights.as_deref().filter(|s| !s.trim().is_empty()) {
        w.element("p", &[("class", "rights")], Face::Regular, rights);
        w.markup("\n");
    }
    w.markup("</section>");
    let body = w.finish();
    document(&m.language.value, &m.title, "frontmatter", &body)
}

/// The table of contents as a page of the book (the navigation document is separate).
pub fn contents_page(
    book: &Book,
    entries: &[TocEntry],
    labels: &Labels,
    usage: &mut GlyphUse,
) -> String {
    let mut w = Xhtml::new(usage);
    w.markup("<nav class=\"contents\" epub:type=\"toc\" role=\"doc-toc\" aria-labelledby=\"contents-title\">\n");
    w.element(
        "h1",
        &[("id", "contents-title")],
        Face::HeadingBold,
        labels.contents,
    );
    w.markup("\n<ol class=\"toc\">\n");
    // Nested chapters go into an <ol> inside their parent's <li>, which stays open until an
    // entry at its level or above comes (`toc_entries` never skips a level).
    let mut open: Option<u8> = None;
    for e in entries {
        match open {
            Some(d) if e.depth > d => w.markup("<ol>\n"),
            Some(d) => {
                w.markup("</li>\n");
                for _ in e.depth..d {
                    w.markup("</ol>\n</li>\n");
                }
            }
            None => {}
        }
        open = Some(e.depth);
        w.markup("<li>");
        w.element("a", &[("href", &e.href)], Face::Regular, &e.title);
        if !e.children.is_empty() {
            w.markup("\n<ol>\n");
            for (href, title) in &e.children {
                w.markup("<li>");
                w.element("a", &[("href", href)], Face::Regular, title);
                w.markup("</li>\n");
            }
            w.markup("</ol>\n");
        }
    }
    if let Some(d) = open {
        w.markup("</li>\n");
        for _ in 0..d {
            w.markup("</ol>\n</li>\n");
        }
    }
    w.markup("</ol>\n</nav>");
    let body = w.finish();
    document(
        &book.meta.language.value,
        labels.contents,
        "frontmatter",
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `xml` is well-formed (XHTML5 documents start with `<!DOCTYPE html>`).
    fn well_formed(xml: &str) -> Result<(), roxmltree::Error> {
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        roxmltree::Document::parse_with_options(xml, options).map(|_| ())
    }
    use std::path::{Path, PathBuf};

    fn book(yaml: &str) -> Book {
        let meta = crate::manuscript::config::parse(Path::new("book.yaml"), yaml).unwrap();
        Book {
            meta,
            dir: PathBuf::from("."),
            chapters: vec![],
        }
    }

    /// A book of a few sections lists them under their chapters; one of thousands (a contents
    /// of hundreds of pages) lists its chapters only, in the navigation as in the PDF.
    #[test]
    fn the_contents_list_sections_unless_there_are_thousands() {
        for (sections, listed) in [(3, 3), (crate::document::MAX_LISTED_SECTIONS + 1, 0)] {
            let text: String = (0..sections)
                .map(|i| format!("## Bagian {i}\n\nTeks.\n\n"))
                .collect();
            let src = crate::manuscript::ChapterSource {
                path: "a.md".into(),
                text: format!("# Bab\n\n{text}"),
            };
            let mut b = book("title: T\nlanguage: id\n");
            b.chapters
                .push(crate::document::parse_chapter(&src, "ch01").unwrap());
            let entries = toc_entries(&b);
            assert_eq!(entries.len(), 1);
            assert_eq!(entries[0].children.len(), listed, "{sections} sections");
            assert_eq!(crate::document::lists_sections(&b), listed > 0);
        }
    }

    #[test]
    fn title_page_escapes_and_lists_everything() {
        let b = book(
            "title: Kopi & <Teh>\nsubtitle: Sebuah \"kisah\"\nlanguage: id\nauthors:\n  - name: Ayşe\n    affiliation: \
             ITB\nseries: {name: Seri Kita, number: 3}\npublisher: Penerbit\ndate: 2024-05-01\n",
        );
        let mut usage = GlyphUse::default();
        let page = title_page(&b, &mut usage);
        well_formed(&page).expect("well-formed");
        assert!(page.contains("Kopi &amp; &lt;Teh&gt;"), "{page}");
        assert!(page.contains("Sebuah &quot;kisah&quot;"), "{page}");
        assert!(
            page.contains("Seri Kita (no. 3)") && page.contains("Penerbit, 2024-05-01"),
            "{page}"
        );
        assert!(
            page.contains("<span class=\"affiliation\">ITB</span>"),
            "{page}"
        );
        assert!(page.contains("lang=\"id\" xml:lang=\"id\""));
        assert!(usage.chars(Face::Bold).contains(&'&'), "title drawn bold");
        assert!(
            usage.chars(Face::Italic).contains(&'T'),
            "affiliation drawn italic"
        );
        assert!(usage.chars(Face::Regular).contains(&'ş'));
    }

    #[test]
    fn labels_follow_the_language() {
        assert_eq!(labels("tr-TR").contents, "İçindekiler");
        assert_eq!(labels("id").contents, "Daftar Isi");
        assert_eq!(labels("sw").contents, "Contents");
    }
}
