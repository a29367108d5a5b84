//! Writing a PDF file object by object: each object is serialized once, straight into the
//! output, and the cross-reference table is made from their offsets at the end. Nothing of the
//! document is kept as an object tree, and the output goes to its file a megabyte at a time:
//! a PDF of any size takes little memory of its own.

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

    fn begin(&mut self, id: u32) {
        self.offsets[id as usize] = Some(self.position());
        let _ = writeln!(self.out, "{id} 0 obj");
    }

    /// Write object `id` whose body (a dictionary, an array …) is `body`.
    pub fn object(&mut self, id: u32, body: &[u8]) {
        self.begin(id);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
        self.flush(false);
    }

    /// Write stream object `id`: `dict` holds the dictionary's entries without `/Length` (and
    /// without the `<<` `>>`); `data` is written as it is (already compressed when `dict` says
    /// so).
    pub fn stream(&mut self, id: u32, dict: &[u8], data: &[u8]) {
        self.begin(id);
        self.out.extend_from_slice(b"<<");
        self.out.extend_from_slice(dict);
        let _ = write!(self.out, "/Length {}>>\nstream\n", data.len());
        if data.len() >= FLUSH {
            // A big stream (an image) goes to the sink as it is, not copied first.
            self.flush(true);
            if self.error.is_none()
                && let Err(e) = self.sink.write_all(data)
            {
                self.error = Some(e);
            }
            self.flushed += data.len();
        } else {
            self.out.extend_from_slice(data);
        }
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        self.flush(false);
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
        self.out.extend_from_slice(bytes);
        self.flush(false);
    }

    /// Write `data` deflated as stream object `id`.
    pub fn deflated(&mut self, id: u32, dict: &[u8], data: &[u8]) {
        let packed = deflate(data);
        let mut d = dict.to_vec();
        d.extend_from_slice(b"/Filter/FlateDecode");
        self.stream(id, &d, &packed);
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

/// `data` deflated (zlib format, as /FlateDecode wants).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 4 + 64),
        flate2::Compression::new(LEVEL),
    );
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// Append `v` to `out` as a PDF number with at most three decimals ("12", "-3.5", "0.125").
pub fn num(out: &mut Vec<u8>, v: f32) {
    let mut m = (f64::from(v) * 1000.0).round() as i64;
    if m == 0 {
        out.push(b'0');
        return;
    }
    if m < 0 {
        out.push(b'-');
        m = -m;
    }
    let (whole, mut frac) = (m / 1000, m % 1000);
    digits(out, whole as u64);
    if frac != 0 {
        out.push(b'.');
        let mut len = 3;
        while frac % 10 == 0 {
            frac /= 10;
            len -= 1;
        }
        let mut b = [b'0'; 3];
        for k in (0..len).rev() {
            b[k] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&b[..len]);
    }
}

fn digits(out: &mut Vec<u8>, mut n: u64) {
    let mut b = [0u8; 20];
    let mut i = b.len();
    loop {
        i -= 1;
        b[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&b[i..]);
}

/// Append `n` in decimal.
pub fn int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    digits(out, n.unsigned_abs());
}

/// A PDF literal string `(…)` of `bytes`, with `\`, `(`, `)` and line ends escaped.
pub fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'\\' | b'(' | b')' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// A PDF text string: UTF-16BE with a byte-order mark, as hex (`<FEFF…>`).
pub fn text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in s.encode_utf16() {
        hex16(out, unit);
    }
    out.push(b'>');
}

/// Four upper-case hex digits of `v`.
pub fn hex16(out: &mut Vec<u8>, v: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        HEX[(v >> 12) as usize],
        HEX[((v >> 8) & 15) as usize],
        HEX[((v >> 4) & 15) as usize],
        HEX[(v & 15) as usize],
    ]);
}

/// A PDF name `/…` of `s`, with bytes outside the regular characters written as `#XX`.
pub fn name(out: &mut Vec<u8>, s: &str) {
    out.push(b'/');
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-+_.".contains(&b) {
            out.push(b);
        } else {
            let _ = write!(out, "#{b:02X}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f32) -> String {
        let mut o = Vec::new();
        num(&mut o, v);
        String::from_utf8(o).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_to_a_thousandth() {
        assert_eq!(n(0.0), "0");
        assert_eq!(n(-0.0001), "0");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(-3.5), "-3.5");
        assert_eq!(n(0.125), "0.125");
        assert_eq!(n(595.2756), "595.276");
        assert_eq!(n(-0.05), "-0.05");
    }

    #[test]
    fn strings_and_names_are_escaped() {
        let mut o = Vec::new();
        literal(&mut o, b"a(b)\\c");
        name(&mut o, "A B");
        text(&mut o, "ı");
        assert_eq!(
            String::from_utf8(o).unwrap(),
            "(a\\(b\\)\\\\c)/A#20B<FEFF0131>"
        );
    }

    #[test]
    fn a_written_file_has_a_matching_cross_reference_table() {
        // Enough objects, and a stream big enough, that the file is handed to its sink in
        // several pieces: every offset still points at its object.
        let mut bytes = Vec::new();
        let mut w = Writer::new(&mut bytes);
        let root = w.alloc();
        let info = w.alloc();
        w.object(root, b"<</Type/Catalog>>");
        let big = w.alloc();
        w.stream(big, b"", &vec![b'x'; 3 * FLUSH]);
        let many: Vec<u32> = (0..20_000).map(|_| w.alloc()).collect();
        for id in &many {
            w.object(*id, &[b' '; 100]);
        }
        w.object(info, b"<<>>");
        let size = w.finish(root, info, &[0; 16]).unwrap();
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
