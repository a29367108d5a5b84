//! The PDF file: objects made with pdf-writer's typed writers, in chunks, are written as they
//! come, straight into the output, and the cross-reference table is made from their offsets at
//! the end. Nothing of the document is kept as an object tree, and the output goes to its file
//! a megabyte at a time: a PDF of any size takes little memory of its own (pdf-writer's own
//! `Pdf` holds the whole file in memory until it is finished). Content streams are made with
//! pdf-writer's `Content` (see `content`).

use std::io::Write as _;

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
    /// Byte offset of each object, by number (index 0 is the free list head).
    offsets: Vec<Option<usize>>,
}

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
            offsets: vec![None],
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
        self.offsets.push(None);
        (self.offsets.len() - 1) as u32
    }

    /// `n` consecutive object numbers; returns the first.
    pub fn alloc_many(&mut self, n: usize) -> u32 {
        let first = self.offsets.len() as u32;
        self.offsets.resize(self.offsets.len() + n, None);
        first
    }

    /// Write the objects of `chunk`, made with pdf-writer's typed writers, their numbers
    /// handed out by [`Writer::alloc`]. Each object begins where the chunk's bytes after the
    /// previous one say "`N` 0 obj" (pdf-writer writes nothing between objects but their
    /// ends), so the chunk is copied once and its objects found in it in order.
    pub fn chunk(&mut self, chunk: &pdf_writer::Chunk) {
        let bytes = chunk.as_bytes();
        let base = self.position();
        let mut from = 0;
        for r in chunk.refs() {
            let id = r.get();
            let header = format!("{id} 0 obj");
            let at = bytes[from..]
                .windows(header.len())
                .position(|w| w == header.as_bytes())
                .map_or(from, |k| from + k);
            if let Some(slot) = self.offsets.get_mut(id as usize) {
                *slot = Some(base + at);
            }
            from = at + header.len();
        }
        if bytes.len() >= FLUSH {
            // A big object (an image) goes to the sink as it is, not copied first.
            self.flush(true);
            if self.error.is_none()
                && let Err(e) = self.sink.write_all(bytes)
            {
                self.error = Some(e);
            }
            self.flushed += bytes.len();
        } else {
            self.out.extend_from_slice(bytes);
            self.flush(false);
        }
    }

    /// A new object number, as pdf-writer's reference.
    pub fn alloc_ref(&mut self) -> pdf_writer::Ref {
        pdf_writer::Ref::new(self.alloc() as i32)
    }

    /// Write the objects `f` makes in a chunk of their own (a stream's object alone: see
    /// [`Writer::chunk`]).
    pub fn with_chunk(&mut self, f: impl FnOnce(&mut pdf_writer::Chunk)) {
        let mut chunk = new_chunk();
        f(&mut chunk);
        self.chunk(&chunk);
    }

    /// Finish the file: cross-reference table and trailer, with `id` as the file identifier.
    /// Returns its size, or the first error writing it.
    pub fn finish(mut self, root: u32, info: u32, id: &[u8; 16]) -> std::io::Result<usize> {
        let xref = self.position();
        let _ = write!(self.out, "xref\n0 {}\n", self.offsets.len());
        self.out.extend_from_slice(b"0000000000 65535 f \n");
        for off in &self.offsets[1..] {
            match off {
                Some(o) => {
                    let _ = writeln!(self.out, "{o:010} 00000 n ");
                }
                // A number handed out but never written: a free entry.
                None => self.out.extend_from_slice(b"0000000000 65535 f \n"),
            }
        }
        let hex: String = id.iter().map(|b| format!("{b:02X}")).collect();
        let _ = write!(
            self.out,
            "trailer\n<</Size {}/Root {root} 0 R/Info {info} 0 R/ID[<{hex}><{hex}>]>>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len()
        );
        self.flush(true);
        match self.error.take() {
            Some(e) => Err(e),
            None => self.sink.flush().map(|()| self.flushed),
        }
    }
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
    fn a_written_file_has_a_matching_cross_reference_table() {
        // Enough objects, and a stream big enough, that the file is handed to its sink in
        // several pieces: every offset still points at its object.
        let mut bytes = Vec::new();
        let mut w = Writer::new(&mut bytes);
        let root = w.alloc_ref();
        let info = w.alloc_ref();
        w.with_chunk(|c| {
            c.indirect(root).start::<pdf_writer::writers::Catalog>();
        });
        let big = w.alloc_ref();
        let data = vec![b'x'; 3 * FLUSH];
        w.with_chunk(|c| {
            c.stream(big, &data);
        });
        let many: Vec<pdf_writer::Ref> = (0..20_000).map(|_| w.alloc_ref()).collect();
        // Many objects in one chunk, each found where it begins.
        let mut chunk = new_chunk();
        for id in &many {
            chunk.indirect(*id).primitive(pdf_writer::Str(&[b' '; 100]));
        }
        w.chunk(&chunk);
        w.with_chunk(|c| {
            c.indirect(info).dict();
        });
        let size = w
            .finish(root.get() as u32, info.get() as u32, &[0; 16])
            .unwrap();
        assert_eq!(size, bytes.len());
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.ends_with("%%EOF\n"));
        let xref = text.rfind("xref\n").unwrap();
        let entries: Vec<&str> = text[xref..].lines().skip(3).take(many.len() + 3).collect();
        for (k, entry) in entries.iter().enumerate() {
            let at: usize = entry[..10].parse().unwrap();
            let id = k + 1;
            assert!(
                bytes[at..].starts_with(format!("{id} 0 obj").as_bytes()),
                "object {id} is not at {at}"
            );
        }
    }
}
