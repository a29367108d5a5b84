//! A content stream being written: its operators with pdf-writer's `Content`, its TJ arrays'
//! glyph strings as raw two-byte codes (see [`Out`]).

use pdf_writer::Content;

/// Operators written compactly.
fn ops(capacity: usize) -> Content {
    Content::with_settings_and_capacity(pdf_writer::Settings { pretty: false }, capacity)
}

/// A content stream being drawn: its operators written with pdf-writer's `Content` (reached
/// through `Deref`), and its TJ arrays written here, each glyph as its two-byte code in a
/// literal string. pdf-writer writes a string of glyph ids as hexadecimal, or with octal
/// escapes for the zero bytes of ids under 256: four or more bytes a glyph where two do, and
/// the 300-chapter book's screen PDF was 21 % larger (4.87 → 5.89 MB), all of it drawn and
/// deflated.
pub struct Out {
    bytes: Vec<u8>,
    ops: Content,
}

impl Out {
    pub fn new(capacity: usize) -> Out {
        Out {
            bytes: Vec::with_capacity(capacity),
            ops: ops(0),
        }
    }

    /// Write `f`'s bytes after the operators so far.
    pub fn raw(&mut self, f: impl FnOnce(&mut Vec<u8>)) {
        let before = std::mem::replace(&mut self.ops, ops(0));
        self.bytes.extend_from_slice(&before.finish());
        f(&mut self.bytes);
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.bytes.extend_from_slice(&self.ops.finish());
        self.bytes
    }
}

impl std::ops::Deref for Out {
    type Target = Content;
    fn deref(&self) -> &Content {
        &self.ops
    }
}

impl std::ops::DerefMut for Out {
    fn deref_mut(&mut self) -> &mut Content {
        &mut self.ops
    }
}

/// `v` to a thousandth of a point: numbers as short as the hand-written streams had (pdf-writer
/// writes the shortest form of the `f32` it is given).
pub fn r3(v: f32) -> f32 {
    ((f64::from(v) * 1000.0).round() / 1000.0) as f32
}

/// A glyph's two-byte code in a literal string. The string's delimiters and its escape
/// character are escaped; a carriage return too, which a reader would take for a line end.
pub fn glyph_code(out: &mut Vec<u8>, gid: u16) {
    for b in gid.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}
