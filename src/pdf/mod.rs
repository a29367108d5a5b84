//! Typeset pages → PDF. printpdf draws the pages and embeds the fonts (`render`, `fonts`); the
//! document printpdf makes is then finished through lopdf (`finish`) with what printpdf does not
//! write: the language, the nested outline, the initial view.

mod finish;
mod fonts;
mod render;

use printpdf::{PdfDocument, PdfSaveOptions};

use crate::document::Book;
use crate::error::{Error, Result};
use crate::fonts::Face;
use crate::typeset::{self, Typeset};

pub use crate::typeset::Edition;

/// The PDF of `book`, as bytes.
pub fn write(book: &Book, edition: Edition) -> Result<Vec<u8>> {
    let ts = typeset::typeset(book, edition);
    render_pdf(book, &ts, edition)
}

/// Draw `ts` into a PDF.
pub fn render_pdf(book: &Book, ts: &Typeset, edition: Edition) -> Result<Vec<u8>> {
    let meta = &book.meta;
    let mut doc = PdfDocument::new(&meta.title);
    let embedded = fonts::embed(&mut doc, ts)?;
    let parsed: Vec<(Face, rustybuzz::ttf_parser::Face<'static>)> = Face::ALL
        .iter()
        .filter_map(|&f| {
            rustybuzz::ttf_parser::Face::parse(f.data(), 0)
                .ok()
                .map(|p| (f, p))
        })
        .collect();
    // The width printpdf writes into /W for a glyph: its advance in thousandths of an em, truncated.
    let widths = |face: Face, gid: u16| -> f32 {
        parsed
            .iter()
            .find(|(f, _)| *f == face)
            .and_then(|(_, p)| {
                let adv = p.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(gid))?;
                Some((f32::from(adv) * 1000.0 / f32::from(p.units_per_em())).trunc())
            })
            .unwrap_or(0.0)
    };
    let pages = render::pages(ts, &embedded, edition == Edition::Screen, &widths);
    doc.with_pages(pages);

    let info = &mut doc.metadata.info;
    info.document_title = match &meta.subtitle {
        Some(s) => format!("{}: {s}", meta.title),
        None => meta.title.clone(),
    };
    info.author = meta
        .authors
        .iter()
        .map(|a| a.name())
        .collect::<Vec<_>>()
        .join(", ");
    info.subject = meta.description.clone().unwrap_or_default();
    info.keywords = meta.subjects.clone();
    info.creator = "terbit".into();
    info.producer = format!("terbit {}", env!("CARGO_PKG_VERSION"));
    info.identifier = format!("urn:uuid:{}", meta.uuid());
    // The build time, or SOURCE_DATE_EPOCH when set (reproducible builds).
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|t| printpdf::OffsetDateTime::from_unix_timestamp(t).ok())
        .unwrap_or_else(printpdf::OffsetDateTime::now_utc);
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;

    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(
        &PdfSaveOptions {
            optimize: true,
            ..PdfSaveOptions::default()
        },
        &mut warnings,
    );
    finish::finish(&mut lo, book, ts, edition)?;
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| Error::Other(format!("cannot write the PDF: {e}")))?;
    Ok(bytes)
}
