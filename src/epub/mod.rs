//! IR → EPUB 3.
//!
//! The book becomes: a cover page (book.yaml's cover, or the one `crate::cover` draws), a title
//! page, a contents page, one XHTML file per chapter, a stylesheet, the fonts cut down to the
//! characters the book uses, and the images. epub-builder writes the package document, the navigation document and the
//! NCX from what we give it; `archive` then fixes the archive's times and the navigation
//! document's language.
//!
//! Layout inside the EPUB (`OEBPS/`): `cover.xhtml`, `title.xhtml`, `contents.xhtml`,
//! `ch01.xhtml`…, `stylesheet.css`, `fonts/*.ttf`, `images/*`.

mod archive;
mod chapter;
mod css;
mod font_subset;
pub mod links;
mod package;
mod page_marks;
mod pages;
mod xhtml;

use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, PageDirection, ReferenceType, TocElement, ZipLibrary,
};

use std::sync::Arc;

use crate::document::page_list::PageStart;
use crate::document::{Book, assets};
use crate::error::{Error, Result};
use crate::fonts::Face;

use font_subset::{GlyphUse, subset};
use xhtml::xml_chars;

/// The EPUB of `book`, as bytes (with no page list: see [`Draft::finish`]).
pub fn write(book: &Book) -> Result<Vec<u8>> {
    let (draft, cover) = rayon::join(
        || draft(book),
        || crate::cover::generated(&book.meta, &crate::fonts::FontSet::bundled()),
    );
    draft?.finish(cover?, &[])
}

/// An EPUB made but for the pixels of the cover terbit draws when book.yaml names none (the
/// slowest part of a short book's EPUB, so it is drawn beside the rest: [`write`]; the build
/// starts it before it reads the chapters) and for the print edition's page breaks, which are
/// known only once the print edition is typeset (the draft is made beside it): both are put
/// in last.
pub struct Draft {
    zipped: Vec<u8>,
    /// The contents page and the chapters, which get the page-break markers: zipped last.
    documents: Vec<Document>,
    lang: String,
    /// The book's unique identifier as the package document gives it (`urn:uuid:…`).
    uid: String,
    modified: i64,
    metadata: String,
    /// The same with what a page list adds (see [`package::ContentFacts::page_list`]).
    metadata_pages: String,
    /// The images `archive` puts in stored: (path in the archive, data shared with the other
    /// outputs).
    stored: Vec<(String, Arc<Vec<u8>>)>,
    /// Whether the cover is drawn (its data is not in `stored` yet).
    drawn_cover: bool,
}

/// A content document that waits for its page-break markers.
struct Document {
    /// Its name in the navigation document (`ch01.xhtml`).
    href: String,
    /// The chapter it holds (`None`: the contents page).
    chapter: Option<usize>,
    xhtml: String,
}

impl Draft {
    /// The EPUB, with `cover` (the PNG [`crate::cover::generated`] made) as its cover image
    /// if it has no other, and a page-break marker where each of `pages` (the print edition's,
    /// in order) begins, listed in the navigation document's page list (none when `pages` is
    /// empty).
    pub fn finish(self, cover: Option<Vec<u8>>, pages: &[PageStart]) -> Result<Vec<u8>> {
        self.mark(pages)?.finish(cover)
    }

    /// The bytes of the largest document: what marking it holds at once is a few times this
    /// (see `page_marks`).
    pub fn largest_document(&self) -> usize {
        self.documents
            .iter()
            .map(|d| d.xhtml.len())
            .max()
            .unwrap_or(0)
    }

    /// The draft with a page-break marker where each of `pages` (the print edition's, in
    /// order) begins, its documents zipped: all but the cover's pixels.
    pub fn mark(self, pages: &[PageStart]) -> Result<Marked> {
        use rayon::prelude::*;
        let t = std::time::Instant::now();
        // Each document's pages, in order.
        let mut by_document: std::collections::HashMap<Option<usize>, Vec<&PageStart>> =
            std::collections::HashMap::new();
        for page in pages {
            by_document.entry(page.chapter).or_default().push(page);
        }
        // Each document marked and deflated side by side.
        let marked: Vec<(Vec<u8>, Vec<page_marks::Marker>)> = self
            .documents
            .par_iter()
            .map(|d| {
                let starts = by_document.get(&d.chapter).map_or(&[][..], Vec::as_slice);
                let (xhtml, markers) = page_marks::place(&d.xhtml, starts);
                let name = format!("OEBPS/{}", d.href);
                Ok((
                    archive::deflated(&name, xhtml.as_bytes(), self.modified)?,
                    markers,
                ))
            })
            .collect::<Result<_>>()?;
        crate::pipeline::trace("epub marked", t);
        let listed: Vec<(&str, &[page_marks::Marker])> = self
            .documents
            .iter()
            .zip(&marked)
            .map(|(d, (_, markers))| (d.href.as_str(), markers.as_slice()))
            .collect();
        let count: usize = listed.iter().map(|(_, m)| m.len()).sum();
        trace_markers(&listed);
        let page_list = (count > 0).then(|| page_marks::nav(&listed));
        let documents: Vec<(String, Vec<u8>)> = self
            .documents
            .iter()
            .zip(marked)
            .map(|(d, (zipped, _))| (format!("OEBPS/{}", d.href), zipped))
            .collect();
        let Draft {
            zipped,
            lang,
            uid,
            modified,
            metadata,
            metadata_pages,
            stored,
            drawn_cover,
            ..
        } = self;
        Ok(Marked {
            zipped,
            documents,
            lang,
            uid,
            modified,
            metadata: if count > 0 { metadata_pages } else { metadata },
            page_list,
            stored,
            drawn_cover,
        })
    }
}

/// An EPUB made but for the pixels of the cover terbit draws (see [`Draft`]).
pub struct Marked {
    zipped: Vec<u8>,
    /// The contents page and the chapters with their markers, each an archive entry.
    documents: Vec<(String, Vec<u8>)>,
    lang: String,
    uid: String,
    modified: i64,
    metadata: String,
    /// The navigation document's page list, if there are pages.
    page_list: Option<String>,
    stored: Vec<(String, Arc<Vec<u8>>)>,
    drawn_cover: bool,
}

impl Marked {
    /// The EPUB, with `cover` (the PNG [`crate::cover::generated`] made) as its cover image
    /// if it has no other.
    pub fn finish(mut self, cover: Option<Vec<u8>>) -> Result<Vec<u8>> {
        if self.drawn_cover {
            let png = cover.ok_or_else(|| Error::Other("internal error: no cover drawn".into()))?;
            self.stored
                .push((format!("OEBPS/{}", crate::cover::HREF), Arc::new(png)));
        }
        let stored: Vec<(&str, &[u8])> = self
            .stored
            .iter()
            .map(|(name, data)| (name.as_str(), data.as_slice()))
            .collect();
        let deflated: Vec<(&str, &[u8])> = self
            .documents
            .iter()
            .map(|(name, data)| (name.as_str(), data.as_slice()))
            .collect();
        archive::finish(
            &self.zipped,
            &archive::Completion {
                lang: &self.lang,
                uid: &self.uid,
                time: self.modified,
                metadata: &self.metadata,
                page_list: self.page_list.as_deref(),
            },
            &stored,
            &deflated,
        )
    }
}

/// With `TERBIT_TRACE` set, how the page-break markers were placed.
fn trace_markers(listed: &[(&str, &[page_marks::Marker])]) {
    if std::env::var_os("TERBIT_TRACE").is_none() {
        return;
    }
    let all = || listed.iter().flat_map(|(_, m)| m.iter());
    let count = |p: page_marks::Placed| all().filter(|m| m.placed == p).count();
    eprintln!(
        "trace: page-break markers: {} before the page's first words, {} before its first few \
         words only, {} before the word it begins inside, {} not found (before the next page's)",
        count(page_marks::Placed::Exact),
        count(page_marks::Placed::Prefix),
        count(page_marks::Placed::WordStart),
        count(page_marks::Placed::Near)
    );
    if std::env::var_os("TERBIT_TRACE_PAGES").is_some() {
        for (href, markers) in listed {
            for m in markers
                .iter()
                .filter(|m| m.placed != page_marks::Placed::Exact)
            {
                eprintln!("trace: page {} in {href}: {:?}", m.label, m.placed);
            }
        }
    }
}

/// The EPUB of `book` but for the cover terbit draws (see [`Draft`]).
pub fn draft(book: &Book) -> Result<Draft> {
    draft_with(book, &assets::collect(book)?)
}

/// [`draft`] with the images `assets` already read (a build reads them once for every output).
pub fn draft_with(book: &Book, assets: &assets::Assets) -> Result<Draft> {
    let lang = book.meta.language.value.as_str();
    let labels = pages::labels(lang);
    // A copy of the list that shares the files' bytes: the drawn cover is added to it.
    let mut assets = assets.clone();
    let drawn_cover = assets.cover.is_none();
    if drawn_cover {
        assets.cover = Some(crate::cover::HREF.to_string());
        assets.files.push(crate::cover::asset(book, Vec::new()));
    }
    let entries = pages::toc_entries(book);
    let documents = documents(book, &assets, &entries, &labels);
    let Documents {
        cover,
        title,
        contents,
        chapters,
        mut usage,
    } = documents?;
    // epub-builder's navigation document shows the same titles (links in the regular face)
    // under a bold heading, plus the landmark titles.
    usage.record(Face::HeadingBold, labels.contents);
    for e in &entries {
        usage.record(Face::Regular, &e.title);
        e.children
            .iter()
            .for_each(|(_, t)| usage.record(Face::Regular, t));
    }
    for t in [labels.cover, labels.contents, book.meta.title.as_str()] {
        usage.record(Face::Regular, t);
    }

    let set = usage.set().clone();
    let files = css::font_files(&set, &usage.used_fonts());
    let stylesheet = css::stylesheet(&set, &files, lang);

    let e = |e: epub_builder::Error| Error::Other(format!("EPUB assembly failed: {e}"));
    let mut b = EpubBuilder::new(ZipLibrary::new().map_err(e)?).map_err(e)?;
    b.epub_version(EpubVersion::V30);
    b.epub_direction(direction(lang));
    b.set_uuid(book.meta.uuid());
    b.set_title(xml_chars(&book.meta.title));
    b.add_language(lang);
    b.set_generator("terbit");
    b.set_toc_name(labels.contents);
    let sources: Vec<std::path::PathBuf> = assets.files.iter().map(|a| a.source.clone()).collect();
    let modified = crate::reproducible::build_time(book, &sources);
    b.set_modified_date(chrono::DateTime::from_timestamp(modified, 0).unwrap_or_default());
    let facts = package::ContentFacts {
        has_images: assets.has_images,
        all_alt: assets.all_alt,
        page_list: false,
    };
    b.stylesheet(stylesheet.as_bytes()).map_err(e)?;

    for (i, href) in &files {
        let font = subset(&set.fonts()[*i], &usage.chars_of(*i))?;
        b.add_resource(href, font.as_slice(), css::font_media_type(&set, *i))
            .map_err(e)?;
    }
    // Compressed images go in empty, and `archive` puts them in stored: epub-builder would
    // deflate them again. (SVG is text, and deflates well.)
    let mut stored = Vec::with_capacity(assets.files.len());
    for a in &assets.files {
        let data: &[u8] = if a.media_type == "image/svg+xml" {
            &a.data
        } else {
            if !(drawn_cover && a.is_cover) {
                stored.push((format!("OEBPS/{}", a.href), Arc::clone(&a.data)));
            }
            &[]
        };
        if a.is_cover {
            b.add_cover_image(&a.href, data, a.media_type).map_err(e)?;
        } else {
            b.add_resource(&a.href, data, a.media_type).map_err(e)?;
        }
    }

    // Every generated page has a title and a type, so that the navigation document gets its
    // landmarks (cover, title page, contents, start of the text).
    if let Some(cover) = &cover {
        let page = EpubContent::new("cover.xhtml", cover.as_bytes())
            .title(labels.cover)
            .reftype(ReferenceType::Cover);
        b.add_content(page).map_err(e)?;
    }
    let page = EpubContent::new("title.xhtml", title.as_bytes())
        .title(xml_chars(&book.meta.title))
        .reftype(ReferenceType::TitlePage);
    b.add_content(page).map_err(e)?;
    // The contents page and the chapters go in empty, and `archive` puts them in with their
    // page-break markers (see `Draft::finish`).
    let page = EpubContent::new("contents.xhtml", &b""[..])
        .title(labels.contents)
        .reftype(ReferenceType::Toc);
    b.add_content(page).map_err(e)?;
    for (i, entry) in entries.iter().enumerate() {
        let mut page = EpubContent::new(entry.href.as_str(), &b""[..])
            .title(xml_chars(&entry.title))
            .level(1 + i32::from(entry.depth));
        for (href, title) in &entry.children {
            page = page.child(TocElement::new(href.as_str(), xml_chars(title)));
        }
        if i == 0 {
            page = page.reftype(ReferenceType::Text);
        }
        b.add_content(page).map_err(e)?;
    }

    let mut zipped = Vec::new();
    b.generate(&mut zipped).map_err(e)?;
    let mut documents = vec![Document {
        href: "contents.xhtml".to_string(),
        chapter: None,
        xhtml: contents,
    }];
    documents.extend(
        entries
            .iter()
            .zip(chapters)
            .enumerate()
            .map(|(i, (entry, xhtml))| Document {
                href: entry.href.clone(),
                chapter: Some(i),
                xhtml,
            }),
    );
    Ok(Draft {
        zipped,
        documents,
        lang: lang.to_string(),
        uid: format!("urn:uuid:{}", book.meta.uuid()),
        modified,
        metadata: package::metadata(book, facts),
        metadata_pages: package::metadata(
            book,
            package::ContentFacts {
                page_list: true,
                ..facts
            },
        ),
        stored,
        drawn_cover,
    })
}

/// The XHTML documents of a book, in reading order, and the glyphs each face must draw.
struct Documents {
    cover: Option<String>,
    title: String,
    contents: String,
    chapters: Vec<String>,
    usage: GlyphUse,
}

fn documents(
    book: &Book,
    assets: &assets::Assets,
    entries: &[pages::TocEntry],
    labels: &pages::Labels,
) -> Result<Documents> {
    let lang = book.meta.language.value.as_str();
    let mut usage = GlyphUse::new(assets.fonts.clone());
    let cover = assets
        .cover
        .as_ref()
        .map(|href| pages::cover_page(book, href, labels, &mut usage));
    let title = pages::title_page(book, &mut usage);
    let contents = pages::contents_page(book, entries, labels, &mut usage);
    let mut chapters = Vec::with_capacity(book.chapters.len());
    for (index, chapter) in book.chapters.iter().enumerate() {
        let images = assets
            .images
            .get(index)
            .ok_or_else(|| Error::Other("internal error: images per chapter".into()))?;
        let ctx = chapter::ChapterContext {
            chapter,
            index,
            images,
            book,
            notes_label: labels.notes,
        };
        let mut w = xhtml::Xhtml::new(&mut usage);
        w.markup(&xhtml::document_head(lang, &chapter.title, "bodymatter"));
        chapter::chapter_body(&ctx, &mut w)?;
        w.markup(xhtml::DOCUMENT_TAIL);
        chapters.push(w.finish());
    }
    Ok(Documents {
        cover,
        title,
        contents,
        chapters,
        usage,
    })
}

/// Page progression for scripts written right to left.
fn direction(lang: &str) -> PageDirection {
    let primary = lang.split('-').next().unwrap_or("").to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "he" | "fa" | "ur" | "yi" | "ps" | "sd" | "ug" | "dv" => PageDirection::Rtl,
        _ => PageDirection::Ltr,
    }
}
