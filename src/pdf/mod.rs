//! Typeset pages → PDF. printpdf draws the pages and embeds the fonts (`render`, `fonts`); the
//! document printpdf makes is then finished through lopdf (`finish`) with what printpdf does not
//! write: the language, the nested outline, the initial view.

mod finish;
mod fonts;
mod render;
mod spaces;

use std::collections::HashMap;

use printpdf::{PdfDocument, PdfSaveOptions, RawImage, XObjectId};

use crate::document::Book;
use crate::document::assets::{self, Assets};
use crate::error::{Error, Result};
use crate::fonts::Face;
use crate::typeset::{self, PageItem, Typeset};

pub use crate::typeset::Edition;

/// The PDF of `book`, as bytes.
pub fn write(book: &Book, edition: Edition) -> Result<Vec<u8>> {
    let t = std::time::Instant::now();
    let mut assets = assets::collect(book)?;
    let mut ts = typeset::typeset(book, &assets, edition);
    crate::import::nest_outline(&mut ts, &book.meta.chapter_depths);
    // The screen edition opens with the cover (the print edition's cover is a file of its own).
    if edition == Edition::Screen {
        crate::cover::prepend_page(book, &mut ts, &mut assets)?;
    }
    crate::pipeline::trace("typeset", t);
    render_pdf(book, &ts, &assets, edition)
}

/// Draw `ts` into a PDF; `assets` hold the images it shows.
pub fn render_pdf(book: &Book, ts: &Typeset, assets: &Assets, edition: Edition) -> Result<Vec<u8>> {
    let t = std::time::Instant::now();
    let meta = &book.meta;
    let ts = &spaces::with_word_spaces(ts);
    let mut doc = PdfDocument::new(&meta.title);
    let embedded = fonts::embed(&mut doc, ts)?;
    let images = embed_images(&mut doc, ts, assets)?;
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
    let pages = render::pages(ts, &embedded, &images, edition == Edition::Screen, &widths);
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
    // One time for every date, the same on every build (see `reproducible`).
    let sources: Vec<std::path::PathBuf> = assets.files.iter().map(|a| a.source.clone()).collect();
    let now = crate::reproducible::build_time(book, &sources);
    let now = printpdf::OffsetDateTime::from_unix_timestamp(now)
        .unwrap_or_else(|_| printpdf::OffsetDateTime::now_utc());
    info.creation_date = now;
    info.modification_date = now;
    info.metadata_date = now;

    crate::pipeline::trace("pdf pages", t);
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(
        &PdfSaveOptions {
            optimize: true,
            ..PdfSaveOptions::default()
        },
        &mut warnings,
    );
    crate::pipeline::trace("printpdf serialize", t);
    finish::finish(&mut lo, book, ts, edition)?;
    // printpdf leaves content streams and fonts uncompressed.
    lo.compress();
    crate::pipeline::trace("compress", t);
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| Error::Other(format!("cannot write the PDF: {e}")))?;
    Ok(bytes)
}

/// Decode each image the pages show, once, and add it to the document: key → (XObject, pixel
/// width, pixel height).
fn embed_images(
    doc: &mut PdfDocument,
    ts: &Typeset,
    assets: &Assets,
) -> Result<HashMap<String, (XObjectId, f32, f32)>> {
    let mut out = HashMap::new();
    for page in &ts.pages {
        for item in &page.items {
            let PageItem::Image { key, .. } = item else {
                continue;
            };
            if out.contains_key(key) {
                continue;
            }
            let Some(file) = assets.files.iter().find(|f| &f.href == key) else {
                continue;
            };
            let mut warnings = Vec::new();
            // An SVG is drawn into pixels first, 300 dpi at its natural size.
            let drawn;
            let data = if file.media_type == "image/svg+xml" {
                drawn = crate::svg::to_png(&file.data, crate::svg::RASTER_SCALE)
                    .map_err(|e| Error::Other(format!("{}: {e}", file.source.display())))?;
                &drawn
            } else {
                &file.data
            };
            let image = RawImage::decode_from_bytes(data, &mut warnings).map_err(|e| {
                Error::Other(format!(
                    "{}: cannot draw this image in the PDF ({e}) — save it as PNG or JPEG",
                    file.source.display()
                ))
            })?;
            let (w, h) = (image.width as f32, image.height as f32);
            // Named by its place in the book, not by printpdf's random name: same bytes on
            // every build.
            let id = XObjectId(format!("Im{}", out.len() + 1));
            doc.resources
                .xobjects
                .map
                .insert(id.clone(), printpdf::XObject::Image(image));
            out.insert(key.clone(), (id, w, h));
        }
    }
    Ok(out)
}
