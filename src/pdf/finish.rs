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
    let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
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
