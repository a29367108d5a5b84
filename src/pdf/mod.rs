//! Typeset pages → PDF, written object by object (`writer`): the fonts subset and embedded
//! (`fonts`), the images (`images`), each page's content stream and links (`content`, drawn and
//! deflated in parallel, a batch of pages at a time), then the outline, metadata and catalog
//! (`meta`).

mod content;
mod fonts;
mod images;
mod meta;
mod writer;

use std::io::Write as _;

use rayon::prelude::*;

use crate::document::Book;
use crate::document::assets::{self, Assets};
use crate::error::Result;
use crate::typeset::{self, Typeset};

pub use crate::typeset::Edition;

/// Pages drawn and deflated at a time: enough to keep both cores busy, few enough that their
/// uncompressed streams are never all in memory.
const BATCH: usize = 64;

/// The PDF of `book`, as bytes.
pub fn write(book: &Book, edition: Edition) -> Result<Vec<u8>> {
    Ok(write_editions(book, &[edition], &crate::pipeline::Silent)?.remove(0))
}

/// The PDF of `book` in each of `editions`, in order, telling `obs` when each is made. The
/// screen edition is set first when both are asked for: its page count tells the print edition
/// where to start looking for its gutter. Each edition's pages are freed before the next is set.
pub fn write_editions(
    book: &Book,
    editions: &[Edition],
    obs: &dyn crate::pipeline::Observer,
) -> Result<Vec<Vec<u8>>> {
    let assets = assets::collect(book)?;
    let mut order: Vec<usize> = (0..editions.len()).collect();
    order.sort_by_key(|&i| editions[i] != Edition::Screen);
    let mut out: Vec<Vec<u8>> = vec![Vec::new(); editions.len()];
    let mut screen_pages = None;
    for i in order {
        let phase = crate::pipeline::Phase::Make(match editions[i] {
            Edition::Screen => crate::pipeline::Format::Pdf,
            Edition::Print => crate::pipeline::Format::Print,
        });
        obs.start(phase);
        let t = std::time::Instant::now();
        let mut ts = typeset::typeset_with_hint(book, &assets, editions[i], screen_pages);
        if editions[i] == Edition::Screen {
            screen_pages = Some(ts.pages.len());
            // The screen edition opens with the cover (the print edition's cover is a file of
            // its own).
            crate::cover::prepend_page(book, &mut ts, &assets);
        }
        crate::pipeline::trace("typeset", t);
        out[i] = render_pdf(book, &ts, &assets, editions[i])?;
        obs.done(phase, t.elapsed());
    }
    Ok(out)
}

/// Draw `ts` into a PDF; `assets` hold the images it shows.
pub fn render_pdf(book: &Book, ts: &Typeset, assets: &Assets, edition: Edition) -> Result<Vec<u8>> {
    let t = std::time::Instant::now();
    let mut w = writer::Writer::new();
    let catalog = w.alloc();
    let pages_root = w.alloc();
    let info = w.alloc();
    let resources = w.alloc();
    // Every page's object and its content stream's: pages are known before they are written, so
    // that links can point forward.
    let first = w.alloc_many(2 * ts.pages.len());
    let page_ids: Vec<u32> = (0..ts.pages.len() as u32).map(|i| first + 2 * i).collect();

    let fonts = fonts::collect(ts);
    let (images, image_ids) = images::write(&mut w, ts, assets)?;
    let cx = content::Context {
        ts,
        fonts: &fonts,
        images: &images,
        links: edition == Edition::Screen,
        page_ids: &page_ids,
    };
    let b = ts.bleed;
    let (pw, ph) = (ts.geometry.page.width, ts.geometry.page.height);
    let mut boxes = Vec::new();
    let rect = |out: &mut Vec<u8>, key: &str, r: [f32; 4]| {
        let _ = write!(out, "/{key}[");
        for (k, v) in r.into_iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            writer::num(out, v);
        }
        out.push(b']');
    };
    // The media, crop and bleed box are the whole sheet, the trim box the page as cut.
    let sheet = [0.0, 0.0, pw + 2.0 * b, ph + 2.0 * b];
    rect(&mut boxes, "MediaBox", sheet);
    rect(&mut boxes, "CropBox", sheet);
    rect(&mut boxes, "BleedBox", sheet);
    rect(&mut boxes, "TrimBox", [b, b, pw + b, ph + b]);

    for (batch_no, batch) in ts.pages.chunks(BATCH).enumerate() {
        let drawn: Vec<(Vec<u8>, Vec<Vec<u8>>)> = batch
            .par_iter()
            .map(|page| {
                let d = content::draw(&cx, page);
                (writer::deflate(&d.content), d.annots)
            })
            .collect();
        for (k, (stream, annots)) in drawn.into_iter().enumerate() {
            let id = page_ids[batch_no * BATCH + k];
            w.stream(id + 1, b"/Filter/FlateDecode", &stream);
            let annot_ids: Vec<u32> = annots
                .iter()
                .map(|a| {
                    let aid = w.alloc();
                    w.object(aid, a);
                    aid
                })
                .collect();
            let mut d = Vec::with_capacity(256);
            let _ = write!(d, "<</Type/Page/Parent {pages_root} 0 R");
            d.extend_from_slice(&boxes);
            let _ = write!(d, "/Resources {resources} 0 R/Contents {} 0 R", id + 1);
            if !annot_ids.is_empty() {
                d.extend_from_slice(b"/Annots[");
                for a in annot_ids {
                    let _ = write!(d, "{a} 0 R ");
                }
                d.push(b']');
            }
            d.extend_from_slice(b">>");
            w.object(id, &d);
        }
    }
    crate::pipeline::trace("pdf pages", t);

    let font_ids = fonts::write(&mut w, &fonts)?;
    let mut d = Vec::new();
    d.extend_from_slice(b"<</ProcSet[/PDF/Text/ImageB/ImageC/ImageI]/Font<<");
    for (resource, id) in font_ids {
        let _ = write!(d, "/F{resource} {id} 0 R");
    }
    d.extend_from_slice(b">>");
    if !image_ids.is_empty() {
        d.extend_from_slice(b"/XObject<<");
        for (k, id) in image_ids.iter().enumerate() {
            let _ = write!(d, "/Im{k} {id} 0 R");
        }
        d.extend_from_slice(b">>");
    }
    d.extend_from_slice(b">>");
    w.object(resources, &d);

    let mut d = Vec::with_capacity(16 + 9 * page_ids.len());
    d.extend_from_slice(b"<</Type/Pages/Kids[");
    for id in &page_ids {
        let _ = write!(d, "{id} 0 R ");
    }
    let _ = write!(d, "]/Count {}>>", page_ids.len());
    w.object(pages_root, &d);

    let xmp = w.alloc();
    w.stream(xmp, b"/Type/Metadata/Subtype/XML", &meta::xmp(book));
    let outline = (edition == Edition::Screen && !ts.outline.is_empty())
        .then(|| meta::outline(&mut w, &ts.outline, &page_ids, ph));
    // One time for every date, the same on every build (see `reproducible`).
    let sources: Vec<std::path::PathBuf> = assets.files.iter().map(|a| a.source.clone()).collect();
    let now = crate::reproducible::build_time(book, &sources);
    w.object(info, &meta::info(book, now));

    let mut d = Vec::new();
    let _ = write!(d, "<</Type/Catalog/Pages {pages_root} 0 R/Lang");
    writer::literal(&mut d, book.meta.language.value.as_bytes());
    let _ = write!(
        d,
        "/ViewerPreferences<</DisplayDocTitle true>>/Metadata {xmp} 0 R"
    );
    match outline {
        Some(id) => {
            let _ = write!(d, "/Outlines {id} 0 R/PageMode/UseOutlines");
        }
        None => d.extend_from_slice(b"/PageMode/UseNone"),
    }
    d.extend_from_slice(b">>");
    w.object(catalog, &d);
    // The file identifier, derived from the book and the edition: two builds of one book are
    // the same bytes (ISO 32000-1, 14.4).
    let id = crate::reproducible::derived_id(book, &format!("pdf:{edition:?}"));
    let bytes = w.finish(catalog, info, &id);
    crate::pipeline::trace("pdf written", t);
    Ok(bytes)
}
