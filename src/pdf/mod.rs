//! Typeset pages → PDF, written object by object (`writer`): the fonts subset and embedded
//! (`fonts`), the images (`images`), each page's content stream and links (`content`, drawn and
//! deflated in parallel, a batch of pages at a time), then the outline, metadata and catalog
//! (`meta`).

mod content;
mod fonts;
mod images;
mod meta;
mod raster;
mod writer;

use std::io::Write as _;

use rayon::prelude::*;

use std::collections::HashMap;
use std::sync::Mutex;

use crate::document::Book;
use crate::document::assets::{self, Assets};
use crate::error::{Error, Result};
use crate::typeset::{self, PageItem, Typeset};

pub use crate::typeset::Edition;

/// Pages drawn and deflated at a time: enough to keep both cores busy, few enough that their
/// uncompressed streams are never all in memory.
const BATCH: usize = 64;

/// The PDF of `book`, as bytes.
pub fn write(book: &Book, edition: Edition) -> Result<Vec<u8>> {
    Ok(write_editions(book, &[edition], &crate::pipeline::Silent)?.remove(0))
}

/// The PDF of `book` in each of `editions`, in order, telling `obs` when each is made. Both
/// editions are typeset together (one flow of lines, see [`typeset::typeset_editions`]); that
/// work is counted in the first edition's phase. Each edition's pages are freed once drawn, in
/// the background.
pub fn write_editions(
    book: &Book,
    editions: &[Edition],
    obs: &dyn crate::pipeline::Observer,
) -> Result<Vec<Vec<u8>>> {
    let mut made: Vec<Vec<u8>> = vec![Vec::new(); editions.len()];
    let mut sinks: Vec<&mut dyn std::io::Write> = made
        .iter_mut()
        .map(|m| m as &mut dyn std::io::Write)
        .collect();
    write_editions_with(
        book,
        &assets::collect(book)?,
        editions,
        obs,
        &mut sinks,
        None,
    )?;
    Ok(made)
}

/// [`write_editions`] with the images `assets` already read (a build reads them once for
/// every output), each edition written to its sink in `sinks` as it is made (a build's sinks
/// are the files, so that a long book's PDFs are never in memory). Returns where the print
/// edition's pages begin ([`typeset::page_list`]; none without it), for the EPUB.
pub fn write_editions_with(
    book: &Book,
    assets: &Assets,
    editions: &[Edition],
    obs: &dyn crate::pipeline::Observer,
    sinks: &mut [&mut dyn std::io::Write],
    scratch: Option<std::fs::File>,
) -> Result<Vec<crate::document::page_list::PageStart>> {
    let phase = |edition: &Edition| {
        crate::pipeline::Phase::Make(match edition {
            Edition::Screen => crate::pipeline::Format::Pdf,
            Edition::Print => crate::pipeline::Format::Print,
        })
    };
    let mut t = std::time::Instant::now();
    if let Some(first) = editions.first() {
        obs.start(phase(first));
    }
    // Body pages are drawn as they are cut; what typesetting returns holds only the pages'
    // own items (running heads, folios, the front matter) and links.
    let drawer = Drawer::new(assets, scratch);
    let mut sets = typeset::typeset_sealed(book, assets, editions, &drawer);
    crate::pipeline::trace("typeset", t);
    let page_list = typeset::print_page_list_of(editions, &sets);
    for (edition, ts) in editions.iter().zip(&mut sets) {
        if *edition == Edition::Screen {
            // The screen edition opens with the cover (the print edition's cover is a file of
            // its own).
            crate::cover::prepend_page(book, ts, assets);
        }
    }
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
    for ts in &sets {
        for page in &ts.pages {
            fonts.add(&page.items[page.body_items..]);
        }
    }
    // Every image decoded (or a JPEG taken as it is) once for all editions, at the size the
    // largest placement in any of them needs.
    let placed = drawn
        .images
        .iter()
        .filter(|(flow, ..)| sets.iter().any(|ts| ts.flow == *flow))
        .map(|(_, key, w, h)| (key.as_str(), *w, *h))
        .chain(sets.iter().flat_map(own_images));
    let images = images::prepare(placed, assets)?;
    crate::pipeline::trace("images", t);
    // One time for every date of every edition, the same on every build (see `reproducible`).
    let sources: Vec<std::path::PathBuf> = assets.files.iter().map(|a| a.source.clone()).collect();
    let build = Build {
        book,
        images,
        image_index,
        fonts,
        drawn,
        time: crate::reproducible::build_time(book, &sources),
    };
    for (i, ((edition, ts), sink)) in editions.iter().zip(sets).zip(sinks).enumerate() {
        if i > 0 {
            t = std::time::Instant::now();
            obs.start(phase(edition));
        }
        render_pdf(&build, &ts, *edition, &mut **sink)?;
        // Freeing an edition's pages takes a little while for a long book: done by a thread of
        // its own, beside the next edition and the writing of the files. (Not a task of the
        // thread pool: a thread waiting for a join may take up such a task, and keep the build
        // waiting until it is done.)
        std::thread::spawn(move || drop(ts));
        obs.done(phase(edition), t.elapsed());
    }
    Ok(page_list)
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
struct Drawer {
    /// The subsets, growing as pages are drawn.
    fonts: fonts::Fonts,
    /// Image key → resource index (its place among the book's assets).
    images: HashMap<String, usize>,
    drawn: Mutex<Drawn>,
}

/// What the [`Drawer`] made.
struct Drawn {
    /// Where each deflated body stream is in `store`, by flow and body page.
    bodies: HashMap<(u32, usize), (u64, usize)>,
    store: BodyStore,
    /// Every image a body shows: flow, key, width and height in points, in page order.
    images: Vec<(u32, String, f32, f32)>,
}

impl Drawer {
    fn new(assets: &Assets, scratch: Option<std::fs::File>) -> Drawer {
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
        let streams: Vec<Vec<u8>> = pages
            .par_iter()
            .map(|page| writer::deflate(&content::draw_body(&cx, page)))
            .collect();
        let mut drawn = self.drawn.lock().unwrap_or_else(|p| p.into_inner());
        for (page, stream) in pages.iter_mut().zip(streams) {
            let Some(k) = page.body else {
                continue;
            };
            for item in &page.items {
                if let PageItem::Image {
                    key, width, height, ..
                } = item
                {
                    drawn.images.push((flow, key.clone(), *width, *height));
                }
            }
            match drawn.store.put(&stream) {
                Ok(at) => {
                    drawn.bodies.insert((flow, k), at);
                }
                Err(e) => {
                    drawn.store.error.get_or_insert(e);
                }
            }
            // A drawn page keeps only its links, and not the room its text took.
            page.items
                .retain(|item| matches!(item, PageItem::Link { .. }));
            page.items.shrink_to_fit();
            page.body_items = page.items.len();
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

    /// The bytes kept at `(at, len)`, into `out`.
    fn get(&self, (at, len): (u64, usize), out: &mut Vec<u8>) -> std::io::Result<()> {
        use std::io::{Read as _, Seek as _};
        match &self.file {
            Some(file) => {
                let mut file = file;
                file.seek(std::io::SeekFrom::Start(at))?;
                out.resize(len, 0);
                file.read_exact(out)
            }
            None => {
                let at = at as usize;
                out.extend_from_slice(self.memory.get(at..at + len).unwrap_or_default());
                Ok(())
            }
        }
    }
}

/// A page drawn: its own stream and its links.
type DrawnPage = (Vec<u8>, Vec<Vec<u8>>);

/// Own content streams shorter than this are written as they are: a running head and a folio
/// compress to little, and each deflate stream costs its set-up.
const SMALL_STREAM: usize = 600;

/// What every edition of one build is drawn with.
struct Build<'a> {
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
        bleed: ts.bleed,
        leading: ts.geometry.leading,
        fonts,
        images: &build.image_index,
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

    let mut buffer = Vec::new();
    for (batch_no, batch) in ts.pages.chunks(BATCH).enumerate() {
        let drawn: Vec<DrawnPage> = batch
            .par_iter()
            .map(|page| {
                let d = content::draw_page(&cx, page);
                (d.content, d.annots)
            })
            .collect();
        for (k, (own, annots)) in drawn.into_iter().enumerate() {
            let index = batch_no * BATCH + k;
            let id = page_ids[index];
            if own.len() < SMALL_STREAM {
                w.stream(id + 1, b"", &own);
            } else {
                w.stream(id + 1, b"/Filter/FlateDecode", &writer::deflate(&own));
            }
            let body = ts.pages[index].body;
            let has_body = body.is_some();
            if let Some(k) = body {
                buffer.clear();
                if let Some(&at) = build.drawn.bodies.get(&(ts.flow, k)) {
                    build
                        .drawn
                        .store
                        .get(at, &mut buffer)
                        .map_err(|e| Error::Other(format!("cannot read a drawn page back: {e}")))?;
                }
                w.stream(id + 2, b"/Filter/FlateDecode", &buffer);
            }
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
            if has_body {
                let _ = write!(
                    d,
                    "/Resources {resources} 0 R/Contents[{} 0 R {} 0 R]",
                    id + 1,
                    id + 2
                );
            } else {
                let _ = write!(d, "/Resources {resources} 0 R/Contents {} 0 R", id + 1);
            }
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

    let font_ids = fonts::write(&mut w, fonts)?;
    let mut d = Vec::new();
    d.extend_from_slice(b"<</ProcSet[/PDF/Text/ImageB/ImageC/ImageI]/Font<<");
    for (resource, id) in font_ids {
        let _ = write!(d, "/F{resource} {id} 0 R");
    }
    d.extend_from_slice(b">>");
    if !image_ids.is_empty() {
        d.extend_from_slice(b"/XObject<<");
        for (k, id) in &image_ids {
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
    w.object(info, &meta::info(book, build.time));

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
    let labels: Vec<&str> = ts.pages.iter().map(|p| p.label.as_str()).collect();
    d.extend_from_slice(&meta::page_labels(&labels));
    d.extend_from_slice(b">>");
    w.object(catalog, &d);
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
