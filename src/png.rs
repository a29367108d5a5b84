//! PNG files of opaque pictures terbit draws itself (the generated cover, SVGs rasterized for
//! the PDF), written from horizontal bands that are drawn and compressed in parallel.
//!
//! A PNG's pixels are one zlib stream, but deflate data can be cut into pieces that are
//! compressed apart and joined (as pigz does): every band but the last ends on a sync flush, a
//! byte boundary with nothing pending, and the zlib checksum of the whole is combined from the
//! bands' checksums. Each row is stored as RGB (the pictures are opaque: an alpha channel would
//! be a quarter of the data, all 255) with PNG's Sub filter (each byte less the same channel of
//! the pixel to its left), which turns flat grounds and plain shapes into runs of zeros.

use flate2::{Compress, Compression, FlushCompress, Status};

/// zlib's compression level for the pixels. For the 1600×2560 cover, level 2 is a fifth larger
/// than level 6 for under half the time.
const LEVEL: u32 = 2;

/// One band of rows, compressed: its deflate data, the Adler-32 checksum and the length of the
/// filtered rows it holds.
pub struct Band {
    deflated: Vec<u8>,
    adler: u32,
    len: u64,
}

/// Filter and compress `rgba` (rows of `width` pixels, 8-bit RGBA, opaque) as a band of a PNG
/// image; `last` for the image's last band, which ends the deflate stream. A row at a time:
/// the filtered rows are never all in memory.
pub fn band(width: u32, rgba: &[u8], last: bool) -> Band {
    let row_bytes = (width as usize * 4).max(1);
    let stride = 1 + 3 * width as usize;
    // One byte more than a row: each pixel is written as four bytes, the fourth overwritten
    // by the next pixel.
    let mut row = vec![0u8; stride + 1];
    row[0] = 1; // the Sub filter
    let mut adler = simd_adler32::Adler32::new();
    let mut deflate = Deflate::new(rgba.len() / 64);
    let rows = rgba.len() / row_bytes;
    for (k, src) in rgba.chunks_exact(row_bytes).enumerate() {
        let mut left = 0u32;
        for (x, px) in src.chunks_exact(4).enumerate() {
            let p = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
            row[1 + 3 * x..5 + 3 * x].copy_from_slice(&bytewise_sub(p, left).to_le_bytes());
            left = p;
        }
        let row = &row[..stride];
        adler.write(row);
        let flush = match (k + 1 == rows, last) {
            (false, _) => FlushCompress::None,
            (true, true) => FlushCompress::Finish,
            (true, false) => FlushCompress::Sync,
        };
        deflate.push(row, flush);
    }
    Band {
        deflated: deflate.out,
        adler: adler.finish(),
        len: (rows * stride) as u64,
    }
}

/// Each byte of `a` less the same byte of `b`, wrapping (four subtractions in one).
fn bytewise_sub(a: u32, b: u32) -> u32 {
    const HIGH: u32 = 0x8080_8080;
    ((a | HIGH).wrapping_sub(b & !HIGH)) ^ ((a ^ !b) & HIGH)
}

/// The PNG file of an RGB image `width` × `height` whose rows are `bands`, top to bottom (the
/// last one made with `last`).
pub fn assemble(width: u32, height: u32, bands: &[Band]) -> Vec<u8> {
    let size: usize = bands.iter().map(|b| b.deflated.len()).sum();
    let mut out = Vec::with_capacity(size + 128);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits per channel, RGB, deflate, adaptive filtering (per row), not interlaced.
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &header);
    let mut data = Vec::with_capacity(size + 6);
    data.extend_from_slice(&[0x78, 0x01]); // zlib: deflate, 32 KiB window, fastest
    let mut adler = 1;
    for b in bands {
        data.extend_from_slice(&b.deflated);
        adler = adler32_combine(adler, b.adler, b.len);
    }
    data.extend_from_slice(&adler.to_be_bytes());
    chunk(&mut out, b"IDAT", &data);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A PNG chunk: length, type, data, and the CRC-32 of type and data.
pub(crate) fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// A raw deflate stream being written.
struct Deflate {
    c: Compress,
    out: Vec<u8>,
}

impl Deflate {
    fn new(capacity: usize) -> Deflate {
        Deflate {
            c: Compress::new(Compression::new(LEVEL), false),
            out: Vec::with_capacity(capacity.max(4096)),
        }
    }

    /// Compress `data`, then flush as `flush` says: `Sync` ends on a byte boundary with nothing
    /// pending, so that another band's deflate data can follow; `Finish` ends the stream.
    fn push(&mut self, data: &[u8], flush: FlushCompress) {
        let start = self.c.total_in();
        loop {
            if self.out.capacity() - self.out.len() < 1024 {
                self.out.reserve(self.out.capacity());
            }
            let taken = (self.c.total_in() - start) as usize;
            let status = self.c.compress_vec(&data[taken..], &mut self.out, flush);
            let all_in = (self.c.total_in() - start) as usize == data.len();
            // Done once all input is taken and, when flushing, the output was not filled (so
            // nothing is left to write); the stream's end says so itself.
            let room = self.out.len() < self.out.capacity();
            match status {
                Ok(Status::StreamEnd) => return,
                Ok(_) if all_in && room && !matches!(flush, FlushCompress::Finish) => return,
                Ok(_) => {}
                // Cannot happen with room to write into.
                Err(_) => return,
            }
        }
    }
}

/// The Adler-32 checksum of A followed by B, from A's, B's and B's length (zlib's
/// `adler32_combine`).
fn adler32_combine(a: u32, b: u32, b_len: u64) -> u32 {
    const BASE: u64 = 65521;
    let rem = b_len % BASE;
    let a_low = u64::from(a & 0xffff);
    let low = (a_low + u64::from(b & 0xffff) + BASE - 1) % BASE;
    let high = (rem * a_low % BASE + u64::from(a >> 16) + u64::from(b >> 16) + BASE - rem) % BASE;
    ((high << 16) | low) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adler(data: &[u8]) -> u32 {
        let mut a = simd_adler32::Adler32::new();
        a.write(data);
        a.finish()
    }

    #[test]
    fn four_bytes_subtract_at_once() {
        for (a, b) in [
            (0x0000_0000u32, 0xffff_ffffu32),
            (0x8000_7f01, 0x0180_8002),
            (0x1234_5678, 0x1234_5678),
        ] {
            let want = u32::from_le_bytes(std::array::from_fn(|i| {
                a.to_le_bytes()[i].wrapping_sub(b.to_le_bytes()[i])
            }));
            assert_eq!(bytewise_sub(a, b), want, "{a:x} - {b:x}");
        }
    }

    #[test]
    fn checksums_combine_as_if_computed_in_one_pass() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for cut in [0, 1, 5552, 65521, 100_000, 200_000] {
            let (a, b) = data.split_at(cut);
            assert_eq!(
                adler32_combine(adler(a), adler(b), b.len() as u64),
                adler(&data),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn bands_make_one_image_that_decodes_to_the_pixels() {
        // 37 × 50 pixels of a gradient with a flat square, cut into bands of 7 rows.
        let (w, h) = (37u32, 50u32);
        let mut rgba = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let flat = (10..20).contains(&x) && (10..30).contains(&y);
                let px = if flat {
                    [200, 30, 60, 255]
                } else {
                    [(x * 6) as u8, (y * 5) as u8, (x * y) as u8, 255]
                };
                rgba.extend_from_slice(&px);
            }
        }
        let rows: Vec<&[u8]> = rgba.chunks(7 * 4 * w as usize).collect();
        let bands: Vec<Band> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| band(w, r, i + 1 == rows.len()))
            .collect();
        let png = assemble(w, h, &bands);
        // The pixel data is one zlib stream whose checksum holds (flate2 checks it).
        let idat = png.windows(4).position(|k| k == b"IDAT").unwrap();
        let len = u32::from_be_bytes(png[idat - 4..idat].try_into().unwrap()) as usize;
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&png[idat + 4..idat + 4 + len]),
            &mut inflated,
        )
        .expect("one valid zlib stream");
        assert_eq!(inflated.len(), (1 + 3 * w as usize) * h as usize);
        let decoded = image::load_from_memory(&png)
            .expect("a valid PNG")
            .to_rgb8();
        assert_eq!(decoded.dimensions(), (w, h));
        let want: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        assert!(decoded.into_raw() == want, "the same pixels");
    }
}
