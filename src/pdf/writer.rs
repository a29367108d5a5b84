//! The PDF file: objects made with pdf-writer's typed writers, in chunks, are written as they
//! come, straight into the output, and the cross-reference is made from their places at the
//! end. Nothing of the document is kept as an object tree, and the output goes to its file a
//! megabyte at a time: a PDF of any size takes little memory of its own (pdf-writer's own
//! `Pdf` holds the whole file in memory until it is finished). Content streams are made with
//! pdf-writer's `Content` (see `content`).
//!
//! Objects that are not streams (pages, annotations, the structure tree's thousands of
//! elements, the outline) are gathered into object streams, deflated a hundred or so at a
//! time, and the cross-reference is a stream too (PDF 1.5, ISO 32000-1 7.5.7–8): a tagged
//! book's structure elements written one by one, each with a 20-byte line in a plain xref
//! table, had made its PDF 70 % larger.

use std::io::Write as _;

/// Where an object is.
#[derive(Clone, Copy)]
enum Slot {
    /// Handed out, never written.
    Free,
    /// At this byte offset in the file.
    At(usize),
    /// The `index`-th object of the object stream numbered `stream`.
    In { stream: u32, index: u32 },
}

/// A PDF file being written. Object numbers are handed out by [`Writer::alloc`] and the objects
/// may then be written in any order.
pub struct Writer<'a> {
    /// Bytes not yet handed to `sink`.
    out: Vec<u8>,
    sink: &'a mut dyn std::io::Write,
    /// Bytes handed to `sink` so far.
    flushed: usize,
    /// The first error writing to `sink`; nothing more is written after it.
    error: Option<std::io::Error>,
    /// Where each object is, by number (index 0 is the free list head).
    slots: Vec<Slot>,
    /// The object stream being gathered.
    packed: Packed,
}

/// Objects gathered for the next object stream: their numbers with their offsets in `data`.
#[derive(Default)]
struct Packed {
    objects: Vec<(u32, usize)>,
    data: Vec<u8>,
}

/// Objects in one object stream at most, and the bytes after which one is closed: enough to
/// compress well, few enough that a reader looking for one object inflates little.
const PACK_OBJECTS: usize = 200;
const PACK_BYTES: usize = 64 << 10;

/// Bytes gathered before they are handed to the sink.
const FLUSH: usize = 1 << 20;

/// Deflate level for streams: a fast one, since content streams are mostly glyph codes and
/// numbers that compress well at any level.
pub const LEVEL: u32 = 2;

impl<'a> Writer<'a> {
    /// A PDF written to `sink`.
    pub fn new(sink: &'a mut dyn std::io::Write) -> Writer<'a> {
        let mut out = Vec::with_capacity(FLUSH + (FLUSH >> 2));
        // A comment with high bytes marks the file as binary for transfer programs.
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        Writer {
            out,
            sink,
            flushed: 0,
            error: None,
            slots: vec![Slot::Free],
            packed: Packed::default(),
        }
    }

    /// Where the next byte goes in the file.
    fn position(&self) -> usize {
        self.flushed + self.out.len()
    }

    /// Hand what is gathered to the sink (with `all`, even when it is little).
    fn flush(&mut self, all: bool) {
        if self.out.len() < FLUSH && !all {
            return;
        }
        if self.error.is_none()
            && let Err(e) = self.sink.write_all(&self.out)
        {
            self.error = Some(e);
        }
        self.flushed += self.out.len();
        self.out.clear();
    }

    /// A new object number.
    pub fn alloc(&mut self) -> u32 {
        self.slots.push(Slot::Free);
        (self.slots.len() - 1) as u32
    }

    /// `n` consecutive object numbers; returns the first.
    pub fn alloc_many(&mut self, n: usize) -> u32 {
        let first = self.slots.len() as u32;
        self.slots.resize(self.slots.len() + n, Slot::Free);
        first
    }

    /// A new object number, as pdf-writer's reference.
    pub fn alloc_ref(&mut self) -> pdf_writer::Ref {
        pdf_writer::Ref::new(self.alloc() as i32)
    }

    /// Write the objects of `chunk`, made with pdf-writer's typed writers, their numbers
    /// handed out by [`Writer::alloc`]: streams into the file as they are, the others into
    /// the object stream being gathered.
    pub fn chunk(&mut self, chunk: &pdf_writer::Chunk) {
        let bytes = chunk.as_bytes();
        let ids: Vec<u32> = chunk.refs().map(|r| r.get() as u32).collect();
        for (k, object) in split(bytes, &ids).into_iter().enumerate() {
            let id = ids[k];
            match object {
                Object::Stream(whole) => self.direct(id, whole),
                Object::Plain(body) => self.pack(id, body),
            }
        }
    }

    /// Write the objects `f` makes in a chunk of their own.
    pub fn with_chunk(&mut self, f: impl FnOnce(&mut pdf_writer::Chunk)) {
        let mut chunk = new_chunk();
        f(&mut chunk);
        self.chunk(&chunk);
    }

    /// Object `id`, written whole (`N 0 obj … endobj\n`), into the file.
    fn direct(&mut self, id: u32, whole: &[u8]) {
        let at = self.position();
        if let Some(slot) = self.slots.get_mut(id as usize) {
            *slot = Slot::At(at);
        }
        if whole.len() >= FLUSH {
            // A big object (an image) goes to the sink as it is, not copied first.
            self.flush(true);
            if self.error.is_none()
                && let Err(e) = self.sink.write_all(whole)
            {
                self.error = Some(e);
            }
            self.flushed += whole.len();
        } else {
            self.out.extend_from_slice(whole);
            self.flush(false);
        }
    }

    /// Object `id`'s `body` (what is between `obj` and `endobj`) into the object stream being
    /// gathered; the stream is written when it is full.
    fn pack(&mut self, id: u32, body: &[u8]) {
        let p = &mut self.packed;
        p.objects.push((id, p.data.len()));
        p.data.extend_from_slice(body);
        p.data.push(b'\n');
        if p.objects.len() >= PACK_OBJECTS || p.data.len() >= PACK_BYTES {
            self.write_packed();
        }
    }

    /// The gathered objects as an object stream.
    fn write_packed(&mut self) {
        let Packed { objects, data } = std::mem::take(&mut self.packed);
        if objects.is_empty() {
            return;
        }
        let stream = self.alloc();
        let mut head = Vec::with_capacity(objects.len() * 12);
        for (index, (id, at)) in objects.iter().enumerate() {
            let _ = write!(head, "{id} {at} ");
            if let Some(slot) = self.slots.get_mut(*id as usize) {
                *slot = Slot::In {
                    stream,
                    index: index as u32,
                };
            }
        }
        let first = head.len();
        head.extend_from_slice(&data);
        let packed = deflate(&head);
        let mut chunk = new_chunk();
        chunk
            .stream(pdf_writer::Ref::new(stream as i32), &packed)
            .filter(pdf_writer::Filter::FlateDecode)
            .pair(pdf_writer::Name(b"Type"), pdf_writer::Name(b"ObjStm"))
            .pair(pdf_writer::Name(b"N"), objects.len() as i32)
            .pair(pdf_writer::Name(b"First"), first as i32);
        self.direct(stream, chunk.as_bytes());
    }

    /// Finish the file: the last object stream, the cross-reference stream with `id` as the
    /// file identifier. Returns the file's size, or the first error writing it.
    pub fn finish(mut self, root: u32, info: u32, id: &[u8; 16]) -> std::io::Result<usize> {
        self.write_packed();
        let xref = self.alloc();
        let at = self.position();
        self.slots[xref as usize] = Slot::At(at);
        // Each entry: its type (0 free, 1 at an offset, 2 in an object stream), the offset or
        // the stream's number in as few bytes as the file needs, the generation or index in 2.
        let wide = (usize::BITS - at.leading_zeros()).div_ceil(8).max(1) as usize;
        let mut table = Vec::with_capacity(self.slots.len() * (3 + wide));
        for (n, slot) in self.slots.iter().enumerate() {
            let (kind, field, last) = match *slot {
                Slot::Free if n == 0 => (0u8, 0usize, 0xFFFFu32),
                Slot::Free => (0, 0, 0),
                Slot::At(offset) => (1, offset, 0),
                Slot::In { stream, index } => (2, stream as usize, index),
            };
            table.push(kind);
            table.extend_from_slice(&field.to_be_bytes()[size_of::<usize>() - wide..]);
            table.extend_from_slice(&(last as u16).to_be_bytes());
        }
        let packed = deflate(&table);
        let r = |n: u32| pdf_writer::Ref::new(n as i32);
        let mut chunk = new_chunk();
        {
            let mut s = chunk.stream(r(xref), &packed);
            s.filter(pdf_writer::Filter::FlateDecode)
                .pair(pdf_writer::Name(b"Type"), pdf_writer::Name(b"XRef"))
                .pair(pdf_writer::Name(b"Size"), self.slots.len() as i32)
                .pair(pdf_writer::Name(b"Root"), r(root))
                .pair(pdf_writer::Name(b"Info"), r(info));
            s.insert(pdf_writer::Name(b"W"))
                .array()
                .items([1, wide as i32, 2]);
            s.insert(pdf_writer::Name(b"ID"))
                .array()
                .items([pdf_writer::Str(id), pdf_writer::Str(id)]);
        }
        self.out.extend_from_slice(chunk.as_bytes());
        let _ = write!(self.out, "startxref\n{at}\n%%EOF\n");
        self.flush(true);
        match self.error.take() {
            Some(e) => Err(e),
            None => self.sink.flush().map(|()| self.flushed),
        }
    }
}

/// One object of a chunk.
enum Object<'c> {
    /// A stream: `N 0 obj … endobj\n` as it is.
    Stream(&'c [u8]),
    /// Anything else: what is between `obj` and `endobj`.
    Plain(&'c [u8]),
}

/// The objects of a chunk's `bytes`, numbered `ids` in order. pdf-writer writes each as
/// `N 0 obj\n…\nendobj\n` with nothing between them, and a stream's dictionary begins with its
/// `/Length`, so a stream's data is stepped over, never searched in.
fn split<'c>(bytes: &'c [u8], ids: &[u32]) -> Vec<Object<'c>> {
    const END: &[u8] = b"\nendobj\n";
    let mut objects = Vec::with_capacity(ids.len());
    let mut at = 0;
    for (k, id) in ids.iter().enumerate() {
        let header = format!("{id} 0 obj\n");
        debug_assert!(bytes[at..].starts_with(header.as_bytes()));
        let body = at + header.len();
        // Where the next object begins: after a stream's data, else at the next header.
        let object = if let Some(len) = stream_length(&bytes[body..]) {
            let data = find(&bytes[body..], b">>\nstream\n").map_or(body, |s| body + s + 10);
            let end = (data + len + b"\nendstream".len() + END.len()).min(bytes.len());
            (end, Object::Stream(&bytes[at..end]))
        } else {
            let end = match ids.get(k + 1) {
                Some(next) => {
                    let marker = format!("\nendobj\n{next} 0 obj\n");
                    find(&bytes[body..], marker.as_bytes())
                        .map_or(bytes.len(), |m| body + m + END.len())
                }
                None => bytes.len(),
            };
            let inner = &bytes[body..end];
            (end, Object::Plain(inner.strip_suffix(END).unwrap_or(inner)))
        };
        let (end, object) = object;
        objects.push(object);
        at = end;
    }
    objects
}

/// A stream's data length, when `body` is a stream object's (its dictionary starts with
/// `/Length`, as pdf-writer writes it).
fn stream_length(body: &[u8]) -> Option<usize> {
    let rest = body.strip_prefix(b"<</Length ")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&rest[..digits]).ok()?.parse().ok()
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A chunk for pdf-writer's typed writers, written compactly (no indentation: the bytes are
/// the file's).
pub fn new_chunk() -> pdf_writer::Chunk {
    pdf_writer::Chunk::with_settings(pdf_writer::Settings { pretty: false })
}

/// `data` deflated (zlib format, as /FlateDecode wants).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4 + 64),
        flate2::Compression::new(LEVEL),
    );
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_object_is_found_where_the_cross_reference_says() {
        // Enough objects that several object streams are made, a stream big enough that the
        // file is handed to its sink in pieces, and a stream whose data looks like the next
        // object's header: a reader finds each object with its own content.
        let mut bytes = Vec::new();
        let mut w = Writer::new(&mut bytes);
        let root = w.alloc_ref();
        let info = w.alloc_ref();
        let pages = w.alloc_ref();
        w.with_chunk(|c| {
            c.indirect(root)
                .start::<pdf_writer::writers::Catalog>()
                .pages(pages);
            c.pages(pages).count(0);
        });
        let big = w.alloc_ref();
        let data = vec![b'x'; 3 * FLUSH];
        w.with_chunk(|c| {
            c.stream(big, &data);
        });
        let tricky = w.alloc_ref();
        let many: Vec<pdf_writer::Ref> = (0..20_000).map(|_| w.alloc_ref()).collect();
        let lie = format!("\nendobj\n{} 0 obj\n(no)", many[0].get());
        let mut chunk = new_chunk();
        chunk.stream(tricky, lie.as_bytes());
        for (k, id) in many.iter().enumerate() {
            chunk
                .indirect(*id)
                .primitive(pdf_writer::Str(format!("object {k}").as_bytes()));
        }
        w.chunk(&chunk);
        w.with_chunk(|c| {
            c.indirect(info).dict();
        });
        let size = w
            .finish(root.get() as u32, info.get() as u32, &[7; 16])
            .unwrap();
        assert_eq!(size, bytes.len());
        assert!(bytes.ends_with(b"%%EOF\n"));
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let id = |r: pdf_writer::Ref| (r.get() as u32, 0u16);
        assert_eq!(
            doc.get_object(id(big))
                .unwrap()
                .as_stream()
                .unwrap()
                .content
                .len(),
            data.len()
        );
        assert_eq!(
            doc.get_object(id(tricky))
                .unwrap()
                .as_stream()
                .unwrap()
                .content,
            lie.as_bytes()
        );
        for (k, r) in many.iter().enumerate() {
            let object = doc.get_object(id(*r)).unwrap();
            assert_eq!(
                object.as_str().unwrap(),
                format!("object {k}").as_bytes(),
                "object {}",
                r.get()
            );
        }
        assert!(doc.catalog().unwrap().get(b"Pages").is_ok());
        assert!(
            doc.trailer.get(b"ID").is_ok() && doc.trailer.get(b"Info").is_ok(),
            "{:?}",
            doc.trailer
        );
        // The 20,000 small objects take a fraction of what they did one by one with a
        // 20-byte cross-reference line each.
        assert!(bytes.len() < data.len() + 200_000, "{}", bytes.len());
    }
}
