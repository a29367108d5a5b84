//! Typeset pages → PDF, its objects made with pdf-writer and written as they come (`writer`):
//! the fonts subset and embedded (`fonts`), the images (`images`), each page's content stream
//! and links (`content`, drawn and deflated in parallel, a batch of pages at a time), the
//! structure tree of the tagged PDF (`structure`), then the outline, metadata and catalog
//! (`meta`).

mod content;
mod fonts;
mod images;
mod links;
mod marks;
mod meta;
mod raster;
mod stream;
mod structure;
mod vector;
mod writer;

use rayon::prelude::*;

use std::collections::HashMap;
use std::sync::Mutex;

use crate::document::Book;
use crate::document::assets::Assets;
use crate::error::{Error, Result};
use crate::typeset::{self, PageItem, Typeset};

pub use crate::typeset::Edition;

/// Pages drawn and deflated at a time: enough to keep both cores busy, few enough that their
/// uncompressed streams are never all in memory.
const BATCH: usize = 64;

/// What every edition of one build is drawn with, made once the editions are typeset (their
/// body pages drawn by a [`Drawer`]): the glyphs of all of them, the images they show, the
/// drawn bodies, the build time. The pipeline runs the stages (see `pipeline::make_pdfs`); this
/// renders each typeset edition.
pub struct Build<'a> {
    book: &'a Book,
    /// The images the pages show, ready to be written.
    images: images::Images,
    /// Image key → resource index.
    image_index: HashMap<String, usize>,
    /// The glyphs of every edition.
    fonts: fonts::Fonts,
    /// The body pages, drawn.
    drawn: Drawn,
    /// The build time, seconds since 1970 (see `reproducible`).
    time: i64,
}

impl<'a> Build<'a> {
    /// Ready to render `sets`, typeset from `book` (its images `assets`) with `drawer` as
    /// their sealer, dated `time`.
    pub fn new(
        book: &'a Book,
        assets: &Assets,
        drawer: Drawer,
        sets: &[Typeset],
        time: i64,
    ) -> Result<Build<'a>> {
        let t = std::time::Instant::now();
        let Drawer {
            fonts,
            images: image_index,
            drawn,
        } = drawer;
        let mut drawn = drawn.into_inner().unwrap_or_else(|p| p.into_inner());
        if let Some(e) = drawn.store.error.take() {
            return Err(Error::Other(format!(
                "cannot keep the drawn pages in the output folder: {}",
                crate::error::plain_io(&e, true)
            )));
        }
        // Bodies of a flow no edition kept (a print measure tried and given up) are let go.
        drawn
            .bodies
            .retain(|(flow, _), _| sets.iter().any(|ts| ts.flow == *flow));
        // The glyphs of what is placed on the pages, after the bodies', in page order.
        for ts in sets {
            for page in &ts.pages {
                fonts.add(&page.items[page.body_items..]);
            }
        }
        // Every image decoded (or a JPEG taken as it is) once for all editions, at the size
        // the largest placement in any of them needs.
        let placed = drawn
            .images
            .iter()
            .filter(|(flow, ..)| sets.iter().any(|ts| ts.flow == *flow))
            .map(|(_, key, w, h)| (key.as_str(), *w, *h))
            .chain(sets.iter().flat_map(own_images));
        let images = images::prepare(placed, assets)?;
        crate::pipeline::trace("images", t);
        Ok(Build {
            book,
            images,
            image_index,
            fonts,
            drawn,
            time,
        })
    }

    /// Write `ts`, typeset as `edition`, to `sink`.
    pub fn render(
        &self,
        ts: &Typeset,
        edition: Edition,
        sink: &mut (dyn std::io::Write + Send),
    ) -> Result<()> {
        render_pdf(self, ts, edition, sink)
    }
}

/// The images placed on `ts`'s pages themselves (not in their drawn bodies): key, width and
/// height in points.
fn own_images(ts: &Typeset) -> impl Iterator<Item = (&str, f32, f32)> {
    ts.pages.iter().flat_map(|page| {
        page.items.iter().filter_map(|item| match item {
            PageItem::Image {
                key, width, height, ..
            } => Some((key.as_str(), *width, *height)),
            _ => None,
        })
    })
}

/// Body pages drawn as typesetting cuts them (see [`typeset::Sealer`]): each is drawn and
/// deflated there and then, and only its links are left on the page. So a book's shaped lines
/// are held a part at a time, and each body page is drawn once for every edition cut from its
/// flow.
pub struct Drawer {
    /// The subsets, growing as pages are drawn.
    fonts: fonts::Fonts,
    /// Image key → resource index (its place among the book's assets).
    images: HashMap<String, usize>,
    drawn: Mutex<Drawn>,
}

/// A drawn body page: where its deflated stream is in the store, and its marked content.
type DrawnBody = ((u64, usize), Vec<marks::Marked>);

/// What the [`Drawer`] made.
struct Drawn {
    /// Where each deflated body stream is in `store`, and its marked content, by flow and
    /// body page.
    bodies: HashMap<(u32, usize), DrawnBody>,
    store: BodyStore,
    /// Every image a body shows: flow, key, width and height in points, in page order.
    images: Vec<(u32, String, f32, f32)>,
}

impl Drawer {
    /// A drawer for the images of `assets`, keeping drawn bodies in `scratch` (else in
    /// memory).
    pub fn new(assets: &Assets, scratch: Option<std::fs::File>) -> Drawer {
        let images = assets
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.href.clone(), i))
            .collect();
        Drawer {
            fonts: fonts::Fonts::new(assets.fonts.clone()),
            images,
            drawn: Mutex::new(Drawn {
                bodies: HashMap::new(),
                store: BodyStore::new(scratch),
                images: Vec::new(),
            }),
        }
    }
}

impl typeset::Sealer for Drawer {
    fn seal(&self, flow: u32, geo: &typeset::Geometry, pages: &mut [typeset::Page]) {
        // Glyphs are numbered in page order, before any page is drawn in parallel.
        for page in pages.iter() {
            self.fonts.add(&page.items[..page.body_items]);
        }
        let cx = content::Context {
            page_height: geo.page.height,
            bleed: 0.0,
            leading: geo.leading,
            fonts: &self.fonts,
            images: &self.images,
            links: false,
            page_ids: &[],
        };
        // Each page drawn and deflated, the images it shows noted, and then (a body page)
        // its pieces let go but for its links, side by side: letting go of a page's shaped
        // text is a fair part of the work.
        #[allow(clippy::type_complexity)]
        let streams: Vec<(Vec<u8>, Vec<marks::Marked>, Vec<(String, f32, f32)>)> = pages
            .par_iter_mut()
            .map(|page| {
                let (stream, marks) = content::draw_body(&cx, page);
                let images = page
                    .items
                    .iter()
                    .filter_map(|item| match item {
                        PageItem::Image {
                            key, width, height, ..
                        } => Some((key.clone(), *width, *height)),
                        _ => None,
                    })
                    .collect();
                if page.body.is_some() {
                    // A drawn page keeps only its links, and not the room its text took.
                    page.items
                        .retain(|item| matches!(item, PageItem::Link { .. }));
                    page.items.shrink_to_fit();
                    page.body_items = page.items.len();
                }
                (writer::deflate(&stream), marks, images)
            })
            .collect();
        let mut drawn = self.drawn.lock().unwrap_or_else(|p| p.into_inner());
        for (page, (stream, marks, images)) in pages.iter().zip(streams) {
            let Some(k) = page.body else {
                continue;
            };
            for (key, width, height) in images {
                drawn.images.push((flow, key, width, height));
            }
            match drawn.store.put(&stream) {
                Ok(at) => {
                    drawn.bodies.insert((flow, k), (at, marks));
                }
                Err(e) => {
                    drawn.store.error.get_or_insert(e);
                }
            }
        }
    }
}

/// Where drawn bodies wait for the editions that show them: a scratch file the build gives
/// (a long book's bodies are as large as its PDF, and would be held in memory from the first
/// page set to the last page written), or memory.
struct BodyStore {
    file: Option<std::fs::File>,
    memory: Vec<u8>,
    /// Bytes in the file.
    len: u64,
    /// The first error writing the file.
    error: Option<std::io::Error>,
}

impl BodyStore {
    fn new(file: Option<std::fs::File>) -> BodyStore {
        BodyStore {
            file,
            memory: Vec::new(),
            len: 0,
            error: None,
        }
    }

    /// Keep `bytes`; returns where they are and how many.
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<(u64, usize)> {
        use std::io::Write as _;
        match &mut self.file {
            Some(file) => {
                file.write_all(bytes)?;
                let at = self.len;
                self.len += bytes.len() as u64;
                Ok((at, bytes.len()))
            }
            None => {
                let at = self.memory.len() as u64;
                self.memory.extend_from_slice(bytes);
                Ok((at, bytes.len()))
            }
        }
    }

    /// The bytes kept at `(at, len)`, into `out`. Read at their place, without moving the
    /// file's cursor: editions rendered side by side read from it at once.
    fn get(&self, (at, len): (u64, usize), out: &mut Vec<u8>) -> std::io::Result<()> {
        match &self.file {
            Some(file) => {
                out.resize(len, 0);
                read_at(file, out, at)
            }
            None => {
                let at = at as usize;
                out.extend_from_slice(self.memory.get(at..at + len).unwrap_or_default());
                Ok(())
            }
        }
    }
}

/// Fill `out` from `file` at `at`.
#[cfg(unix)]
fn read_at(file: &std::fs::File, out: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, out, at)
}

/// Fill `out` from `file` at `at`.
#[cfg(windows)]
fn read_at(file: &std::fs::File, out: &mut [u8], at: u64) -> std::io::Result<()> {
    let mut done = 0;
    while done < out.len() {
        let n = std::os::windows::fs::FileExt::seek_read(file, &mut out[done..], at + done as u64)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        done += n;
    }
    Ok(())
}

/// Own content streams shorter than this are written as they are: a running head and a folio
/// compress to little, and each deflate stream costs its set-up.
const SMALL_STREAM: usize = 600;

/// Draw `ts` into a PDF written to `sink`, its body pages taken as drawn.
fn render_pdf(
    build: &Build,
    ts: &Typeset,
    edition: Edition,
    sink: &mut dyn std::io::Write,
) -> Result<()> {
    let (book, fonts) = (build.book, &build.fonts);
    let t = std::time::Instant::now();
    let mut w = writer::Writer::new(sink);
    let catalog = w.alloc();
    let pages_root = w.alloc();
    let info = w.alloc();
    let resources = w.alloc();
    // Every page's object and its content streams' (its own, and its body's if it has one):
    // no number is handed out unwritten (a free entry in the xref). Pages are known
    // before they are written, so that links can point forward.
    let objects = |page: &typeset::Page| if page.body.is_some() { 3 } else { 2 };
    let mut next = w.alloc_many(ts.pages.iter().map(objects).sum::<u32>() as usize);
    let page_ids: Vec<u32> = ts
        .pages
        .iter()
        .map(|page| {
            let id = next;
            next += objects(page);
            id
        })
        .collect();

    let body_images = build
        .drawn
        .images
        .iter()
        .filter(|(flow, ..)| *flow == ts.flow)
        .map(|(_, key, ..)| key.as_str());
    let image_ids = images::write(
        &mut w,
        body_images.chain(own_images(ts).map(|(key, ..)| key)),
        &build.images,
    );
    let cx = content::Context {
        page_height: ts.geometry.page.height,
        bleed: ts.bleed.size,
        leading: ts.geometry.leading,
        fonts,
        images: &build.image_index,
        links: edition == Edition::Screen,
        page_ids: &page_ids,
    };
    let b = ts.bleed.size;
    let (pw, ph) = (ts.geometry.page.width, ts.geometry.page.height);
    // The media, crop and bleed box are the whole sheet, the trim box the page as cut (see
    // `typeset::Bleed`: a page bound at its spine bleeds at its other three edges).
    let (sw, sh) = ts.bleed.sheet(ts.geometry.page);
    let sheet = pdf_writer::Rect::new(0.0, 0.0, sw, sh);
    let trim = |left: f32| pdf_writer::Rect::new(left, b, pw + left, ph + b);
    let r = |id: u32| pdf_writer::Ref::new(id as i32);
    let mut buffer = Vec::new();
    // What each page's content is, for the structure tree; and the keys of the annotations
    // in its parent tree, after the pages'.
    let mut marked: Vec<structure::PageMarks> = Vec::with_capacity(ts.pages.len());
    let mut next_key = ts.pages.len() as i32;
    let body_of = |page: &typeset::Page| {
        page.body
            .and_then(|k| build.drawn.bodies.get(&(ts.flow, k)))
    };
    for (batch_no, batch) in ts.pages.chunks(BATCH).enumerate() {
        let drawn: Vec<content::Drawn> = batch
            .par_iter()
            .enumerate()
            .map(|(k, page)| {
                let first = body_of(page).map_or(0, |(_, marks)| marks.len());
                let left = ts.bleed.left(batch_no * BATCH + k);
                content::draw_page(&cx, page, first, left)
            })
            .collect();
        for (k, d) in drawn.into_iter().enumerate() {
            let (own, annots) = (d.content, d.annots);
            let index = batch_no * BATCH + k;
            let id = page_ids[index];
            let page = &ts.pages[index];
            // The body's marks on this page (a figure's box moved as the body is), then the
            // page's own.
            let mut marks: Vec<marks::Marked> = body_of(page)
                .map(|(_, marks)| {
                    let (dx, dy) = (ts.bleed.left(index) + page.shift, b);
                    marks
                        .iter()
                        .map(|m| marks::Marked {
                            bbox: m
                                .bbox
                                .map(|[x0, y0, x1, y1]| [x0 + dx, y0 + dy, x1 + dx, y1 + dy]),
                            ..m.clone()
                        })
                        .collect()
                })
                .unwrap_or_default();
            marks.extend(d.marks);
            if own.len() < SMALL_STREAM {
                w.with_chunk(|c| {
                    c.stream(r(id + 1), &own);
                });
            } else {
                let packed = writer::deflate(&own);
                w.with_chunk(|c| {
                    c.stream(r(id + 1), &packed)
                        .filter(pdf_writer::Filter::FlateDecode);
                });
            }
            let body = ts.pages[index].body;
            let has_body = body.is_some();
            if let Some(k) = body {
                buffer.clear();
                if let Some((at, _)) = build.drawn.bodies.get(&(ts.flow, k)) {
                    let at = *at;
                    build
                        .drawn
                        .store
                        .get(at, &mut buffer)
                        .map_err(|e| Error::Other(format!("cannot read a drawn page back: {e}")))?;
                }
                w.with_chunk(|c| {
                    c.stream(r(id + 2), &buffer)
                        .filter(pdf_writer::Filter::FlateDecode);
                });
            }
            // Each annotation with its key in the parent tree (its link element).
            let mut chunk = writer::new_chunk();
            let mut page_annots = Vec::with_capacity(annots.len());
            for (item, annot) in &annots {
                let aid = w.alloc_ref();
                annot.write(&mut chunk, aid, next_key);
                page_annots.push((*item, aid, next_key));
                next_key += 1;
            }
            {
                let mut p = chunk.page(r(id));
                p.parent(r(pages_root))
                    .media_box(sheet)
                    .crop_box(sheet)
                    .bleed_box(sheet)
                    .trim_box(trim(ts.bleed.left(index)))
                    // Its key in the parent tree is its index; links are visited in the
                    // structure's order.
                    .struct_parents(index as i32)
                    .tab_order(pdf_writer::types::TabOrder::StructureOrder)
                    .pair(pdf_writer::Name(b"Resources"), r(resources));
                if has_body {
                    p.contents_array([r(id + 1), r(id + 2)]);
                } else {
                    p.contents(r(id + 1));
                }
                if !page_annots.is_empty() {
                    p.annotations(page_annots.iter().map(|(_, a, _)| *a));
                }
            }
            w.chunk(&chunk);
            marked.push(structure::PageMarks {
                page: r(id),
                marks,
                annots: page_annots,
            });
        }
    }
    crate::pipeline::trace("pdf pages", t);

    let font_ids = fonts::write(&mut w, fonts)?;
    crate::pipeline::trace("pdf fonts", t);
    let xmp = w.alloc_ref();
    let outline = (edition == Edition::Screen && !ts.outline.is_empty())
        .then(|| meta::outline(&mut w, &ts.outline, &page_ids, ph));
    meta::info(&mut w, info, book, build.time);
    let tree = structure::write(&mut w, ts, &marked);
    crate::pipeline::trace("pdf structure", t);
    let labels: Vec<&str> = ts.pages.iter().map(|p| p.label.as_str()).collect();
    let label_ranges = meta::page_labels(&labels);
    let metadata = meta::xmp(book, build.time);
    let mut chunk = writer::new_chunk();
    {
        let mut res = chunk
            .indirect(r(resources))
            .start::<pdf_writer::writers::Resources>();
        res.proc_sets([
            pdf_writer::types::ProcSet::Pdf,
            pdf_writer::types::ProcSet::Text,
            pdf_writer::types::ProcSet::ImageGrayscale,
            pdf_writer::types::ProcSet::ImageColor,
            pdf_writer::types::ProcSet::ImageIndexed,
        ]);
        let mut fonts_dict = res.fonts();
        for (resource, id) in &font_ids {
            let name = format!("F{resource}");
            fonts_dict.pair(pdf_writer::Name(name.as_bytes()), r(*id));
        }
        drop(fonts_dict);
        if !image_ids.is_empty() {
            let mut x = res.x_objects();
            for (k, id) in &image_ids {
                let name = format!("Im{k}");
                x.pair(pdf_writer::Name(name.as_bytes()), r(*id));
            }
        }
    }
    chunk
        .pages(r(pages_root))
        .kids(page_ids.iter().map(|&id| r(id)))
        .count(page_ids.len() as i32);
    {
        let mut cat = chunk
            .indirect(r(catalog))
            .start::<pdf_writer::writers::Catalog>();
        cat.pages(r(pages_root))
            .lang(pdf_writer::TextStr(&book.meta.language.value))
            .metadata(xmp);
        cat.viewer_preferences().display_doc_title(true);
        match outline {
            Some(id) => {
                cat.outlines(r(id))
                    .page_mode(pdf_writer::types::PageMode::UseOutlines);
            }
            None => {
                cat.page_mode(pdf_writer::types::PageMode::UseNone);
            }
        }
        {
            // The labels' dictionaries in place, without /Type (MuPDF read a /Type/PageLabel
            // entry as the labels' prefix: "ageLabeliii").
            let mut labels = cat.insert(pdf_writer::Name(b"PageLabels")).dict();
            let mut nums = labels.insert(pdf_writer::Name(b"Nums")).array();
            for (page, style) in &label_ranges {
                nums.item(*page);
                let mut label = nums.push().dict();
                if let Some((style, start)) = style {
                    let name: &[u8] = match style {
                        pdf_writer::types::NumberingStyle::LowerRoman => b"r",
                        pdf_writer::types::NumberingStyle::UpperRoman => b"R",
                        pdf_writer::types::NumberingStyle::LowerAlpha => b"a",
                        pdf_writer::types::NumberingStyle::UpperAlpha => b"A",
                        pdf_writer::types::NumberingStyle::Arabic => b"D",
                    };
                    label
                        .pair(pdf_writer::Name(b"S"), pdf_writer::Name(name))
                        .pair(pdf_writer::Name(b"St"), *start);
                }
            }
        }
        cat.pair(pdf_writer::Name(b"StructTreeRoot"), tree);
        cat.mark_info().marked(true);
    }
    w.chunk(&chunk);
    // The XMP packet uncompressed, so that tools scanning for it find it.
    w.with_chunk(|c| {
        c.metadata(xmp, &metadata);
    });
    // The file identifier, derived from the book and the edition: two builds of one book are
    // the same bytes (ISO 32000-1, 14.4).
    let id = crate::reproducible::derived_id(book, &format!("pdf:{edition:?}"));
    w.finish(catalog, info, &id).map_err(|e| {
        let said = crate::error::plain_io(&e, true);
        crate::error::Error::Other(format!("cannot write the PDF: {said}"))
    })?;
    crate::pipeline::trace("pdf written", t);
    Ok(())
}
