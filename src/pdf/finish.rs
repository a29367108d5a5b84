//! Finishing the PDF after printpdf: the document language (`/Lang`, which screen readers and
//! `pdfinfo` read), a nested outline (bookmarks by heading level) that the viewer opens with,
//! and the title shown in the window instead of the file name.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::document::Book;
use crate::error::{Error, Result};
use crate::typeset::{OutlineEntry, Typeset};

use super::Edition;

pub fn finish(doc: &mut Document, book: &Book, ts: &Typeset, edition: Edition) -> Result<()> {
    // printpdf inserts its objects without advancing lopdf's id counter; new objects must not
    // reuse their numbers.
    doc.max_id = doc.objects.keys().map(|(n, _)| *n).max().unwrap_or(0);
    doc.version = "1.7".to_string();
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference)
        && let Ok(Object::Dictionary(info)) = doc.get_object_mut(info)
    {
        // printpdf always writes an (empty) PDF/X version key; this is not a PDF/X file.
        info.remove(b"GTS_PDFXVersion");
    }
    // The file identifier printpdf draws at random, derived from the book and the edition
    // instead: two builds of one book are the same bytes (ISO 32000-1, 14.4).
    let id = crate::reproducible::derived_id(book, &format!("pdf:{edition:?}")).to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
    set_boxes(doc, &page_ids, ts);
    for &id in &page_ids {
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(id) {
            // printpdf writes an /Annots array on every page, empty or not; print-on-demand
            // services reject annotations in print files.
            let empty = page
                .get(b"Annots")
                .ok()
                .and_then(|a| a.as_array().ok())
                .is_some_and(|a| a.is_empty());
            if empty || edition == Edition::Print {
                page.remove(b"Annots");
            }
        }
    }
    let xmp = doc.add_object(Object::Stream(xmp_stream(book)));
    let outline = if edition == Edition::Screen && !ts.outline.is_empty() {
        Some(build_outline(
            doc,
            &ts.outline,
            &page_ids,
            ts.geometry.page.height,
        ))
    } else {
        None
    };
    let catalog = doc
        .catalog_mut()
        .map_err(|e| Error::Other(format!("PDF without catalog: {e}")))?;
    catalog.set(
        "Lang",
        Object::String(
            book.meta.language.value.clone().into_bytes(),
            StringFormat::Literal,
        ),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    catalog.set("Metadata", Object::Reference(xmp));
    match outline {
        Some(id) => {
            catalog.set("Outlines", Object::Reference(id));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
        None => {
            catalog.remove(b"Outlines");
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    Ok(())
}

/// Every page's boxes, written as `[llx lly urx ury]` (printpdf writes its TrimBox as
/// `[x y w h]`): the media and bleed box are the whole sheet, the trim box the page as cut.
fn set_boxes(doc: &mut Document, pages: &[ObjectId], ts: &Typeset) {
    let b = ts.bleed;
    let (w, h) = (ts.geometry.page.width, ts.geometry.page.height);
    let rect = |a: f32, c: f32, d: f32, e: f32| {
        Object::Array(vec![a.into(), c.into(), d.into(), e.into()])
    };
    for &id in pages {
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(id) {
            page.set("MediaBox", rect(0.0, 0.0, w + 2.0 * b, h + 2.0 * b));
            page.set("CropBox", rect(0.0, 0.0, w + 2.0 * b, h + 2.0 * b));
            page.set("BleedBox", rect(0.0, 0.0, w + 2.0 * b, h + 2.0 * b));
            page.set("TrimBox", rect(b, b, w + b, h + b));
            page.remove(b"ArtBox");
        }
    }
}

/// XMP metadata (title, authors, language, description, subjects, identifier, producer), which
/// archives and catalogues read instead of the Info dictionary.
fn xmp_stream(book: &Book) -> lopdf::Stream {
    let m = &book.meta;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let lang = esc(&m.language.value);
    let title = match &m.subtitle {
        Some(sub) => format!("{}: {sub}", m.title),
        None => m.title.clone(),
    };
    let creators: String = m
        .authors
        .iter()
        .map(|a| format!("<rdf:li>{}</rdf:li>", esc(a.name())))
        .collect();
    let subjects: String = m
        .subjects
        .iter()
        .map(|s| format!("<rdf:li>{}</rdf:li>", esc(s)))
        .collect();
    let description = m
        .description
        .as_deref()
        .map(|d| format!("<dc:description><rdf:Alt><rdf:li xml:lang=\"{lang}\">{}</rdf:li></rdf:Alt></dc:description>", esc(d)))
        .unwrap_or_default();
    let rights = m
        .rights
        .as_deref()
        .map(|r| format!("<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:rights>", esc(r)))
        .unwrap_or_default();
    let xml = format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li><rdf:li xml:lang=\"{lang}\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>\n\
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>\n\
{description}{rights}<dc:identifier>urn:uuid:{uuid}</dc:identifier>\n\
<pdf:Producer>terbit {version}</pdf:Producer>\n\
<pdf:Keywords>{keywords}</pdf:Keywords>\n\
<xmp:CreatorTool>terbit</xmp:CreatorTool>\n\
</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>",
        title = esc(&title),
        uuid = m.uuid(),
        version = env!("CARGO_PKG_VERSION"),
        keywords = esc(&m.subjects.join(", ")),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Uncompressed, so that tools scanning for the packet find it.
    lopdf::Stream::new(dict, xml.into_bytes()).with_compression(false)
}

/// Text for PDF strings outside content streams: UTF-16BE with a byte-order mark.
pub fn text_string(s: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Write the outline tree (entries nested by level) and return the id of its root.
fn build_outline(
    doc: &mut Document,
    entries: &[OutlineEntry],
    pages: &[ObjectId],
    page_height: f32,
) -> ObjectId {
    let root = doc.new_object_id();
    // Each entry's id and its parent's index (None: the root).
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    // Descendant counts (all open).
    let mut count = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        if let Some(p) = parent[i] {
            count[p] += 1 + count[i];
        }
    }
    for (i, e) in entries.iter().enumerate() {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&e.title));
        d.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        let siblings = children(parent[i]);
        let at = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if at > 0 {
            d.set("Prev", Object::Reference(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            d.set("Count", Object::Integer(count[i]));
        }
        if let Some(&page) = pages.get(e.page) {
            d.set(
                "Dest",
                Object::Array(vec![
                    Object::Reference(page),
                    Object::Name(b"XYZ".to_vec()),
                    Object::Null,
                    Object::Real(page_height - e.y + 12.0),
                    Object::Null,
                ]),
            );
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        r.set("First", Object::Reference(ids[first]));
        r.set("Last", Object::Reference(ids[last]));
    }
    r.set("Count", Object::Integer(entries.len() as i64));
    doc.objects.insert(root, Object::Dictionary(r));
    root
}
