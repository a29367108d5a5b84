//! Images decoded into 8-bit samples for the PDF, deflated as they come, the alpha channel (if
//! any pixel is not opaque) kept apart for a soft mask; an image with many more pixels than its
//! placement needs reduced while it is decoded (a box filter), so that neither time nor memory
//! follows a camera's or a scanner's resolution. PNGs are decoded row by row; other images
//! (GIF's first frame, WebP, a JPEG no PDF reader takes as it is) whole, then reduced.

use std::io::Write as _;

use super::writer::LEVEL;

/// An image is reduced only when it has more than this many times the pixels the page needs,
/// along both sides: below it, resampling would soften the picture for little saving.
const MIN_REDUCTION: f64 = 1.5;

/// The most an image is reduced along each side: a box of up to 4096² pixels, whose sum of 8-bit
/// values still fits a `u32`.
const MAX_REDUCTION: f64 = 4096.0;

/// An image decoded and deflated.
pub(super) struct Raster {
    pub width: u32,
    pub height: u32,
    pub space: &'static str,
    pub colour: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// The pixel size to decode an image of `w` × `h` at for a placement needing `need` pixels:
/// its own, or reduced (keeping its proportions) to just above the need when it has more than
/// [`MIN_REDUCTION`] times as many along both sides.
fn target_size(w: u32, h: u32, need: (u32, u32)) -> (u32, u32) {
    let ratio =
        (f64::from(w) / f64::from(need.0.max(1))).min(f64::from(h) / f64::from(need.1.max(1)));
    if ratio <= MIN_REDUCTION {
        return (w, h);
    }
    let ratio = ratio.min(MAX_REDUCTION);
    let side = |n: u32| ((f64::from(n) / ratio).ceil() as u32).clamp(1, n);
    (side(w), side(h))
}

/// Decode a PNG row by row, reduced for `need` (see [`target_size`]). Memory is a few rows and
/// the compressed result, but for an interlaced PNG, whose rows come in seven passes: the
/// decoded image (at the reduced size) is held whole.
pub(super) fn decode_png(data: &[u8], need: (u32, u32)) -> Result<Raster, String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(data));
    // Palettes and low bit depths expanded to 8-bit samples, 16-bit samples cut to 8 (a PDF
    // viewer or a printer shows no more).
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    // Row buffers only (the image is never decoded whole): room for the widest row the pixel
    // limit allows.
    decoder.set_limits(png::Limits { bytes: 1 << 30 });
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    let channels = reader.output_color_type().0.samples();
    let (ow, oh) = target_size(w, h, need);
    let mut planes = Planes::new(ow, channels);
    if interlaced {
        let mut whole = Whole::new(w, h, ow, oh, channels);
        let mut passes = Adam7::new(w, h);
        while let Some(row) = reader.next_row().map_err(|e| e.to_string())? {
            let Some((pass, line)) = passes.next() else {
                break;
            };
            whole.add_pass_row(pass, line, row.data());
        }
        whole.finish(&mut planes);
    } else {
        let mut shrink = Shrink::new(w, h, ow, oh, channels);
        let mut y = 0;
        while let Some(row) = reader.next_row().map_err(|e| e.to_string())? {
            shrink.add_row(y, row.data(), &mut planes);
            y += 1;
        }
        shrink.finish(&mut planes);
    }
    planes.finish(oh)
}

/// Decode an image of another kind (a JPEG no PDF reader takes as it is) whole, through the
/// `image` crate, then reduce it for `need`.
pub(super) fn decode_other(data: &[u8], need: (u32, u32)) -> Result<Raster, String> {
    let image = image::load_from_memory(data).map_err(|e| e.to_string())?;
    let (w, h) = (image.width(), image.height());
    let color = image.color();
    // Each conversion takes the decoded buffer over when it is of that kind already.
    let (channels, pixels) = match (color.has_color(), color.has_alpha()) {
        (false, false) => (1, image.into_luma8().into_raw()),
        (false, true) => (2, image.into_luma_alpha8().into_raw()),
        (true, false) => (3, image.into_rgb8().into_raw()),
        (true, true) => (4, image.into_rgba8().into_raw()),
    };
    from_pixels(w, h, channels, &pixels, need)
}

/// A GIF's first frame, decoded whole (RGBA: its transparency becomes the soft mask), then
/// reduced for `need`.
pub(super) fn decode_gif(data: &[u8], need: (u32, u32)) -> Result<Raster, String> {
    let (w, h, pixels) = crate::gif::first_frame(data)?;
    from_pixels(w, h, 4, &pixels, need)
}

/// A WebP (an animation's first frame), decoded whole (RGB, or RGBA with its alpha as the soft
/// mask), then reduced for `need`.
pub(super) fn decode_webp(data: &[u8], need: (u32, u32)) -> Result<Raster, String> {
    let (w, h, channels, pixels) = crate::webp::decode(data)?;
    from_pixels(w, h, channels, &pixels, need)
}

/// `pixels` (`w` × `h`, 8-bit, `channels` 1–4: grey, grey and alpha, RGB, RGBA) deflated,
/// reduced for `need` (see [`target_size`]).
fn from_pixels(
    w: u32,
    h: u32,
    channels: usize,
    pixels: &[u8],
    need: (u32, u32),
) -> Result<Raster, String> {
    let (ow, oh) = target_size(w, h, need);
    let mut planes = Planes::new(ow, channels);
    let mut shrink = Shrink::new(w, h, ow, oh, channels);
    let stride = (w as usize * channels).max(1);
    for (y, row) in pixels.chunks_exact(stride).enumerate() {
        shrink.add_row(y as u32, row, &mut planes);
    }
    shrink.finish(&mut planes);
    planes.finish(oh)
}

/// The first source index (of `n`) that falls in output index `k` (of `m`): source `i` goes to
/// output `i · m / n`.
fn first_of(k: u32, n: u32, m: u32) -> u32 {
    (u64::from(k) * u64::from(n)).div_ceil(u64::from(m)) as u32
}

/// Rows of 8-bit pixels of a `w` × `h` image, top to bottom, reduced to `ow` × `oh`: each
/// output pixel the mean of the source pixels that fall in it (a box filter), one output row
/// of sums held at a time.
struct Shrink {
    w: u32,
    h: u32,
    oh: u32,
    channels: usize,
    /// The output row being summed, and its sums.
    oy: u32,
    sums: Vec<u32>,
    /// Source columns per output column.
    widths: Vec<u32>,
    row: Vec<u8>,
}

impl Shrink {
    fn new(w: u32, h: u32, ow: u32, oh: u32, channels: usize) -> Shrink {
        let reduced = (ow, oh) != (w, h);
        let widths = if reduced {
            (0..ow)
                .map(|k| first_of(k + 1, w, ow) - first_of(k, w, ow))
                .collect()
        } else {
            Vec::new()
        };
        Shrink {
            w,
            h,
            oh,
            channels,
            oy: 0,
            sums: if reduced {
                vec![0; ow as usize * channels]
            } else {
                Vec::new()
            },
            widths,
            row: Vec::new(),
        }
    }

    fn add_row(&mut self, y: u32, row: &[u8], planes: &mut Planes) {
        if y >= self.h {
            return;
        }
        if self.sums.is_empty() {
            planes.push(row);
            return;
        }
        let oy = (u64::from(y) * u64::from(self.oh) / u64::from(self.h)) as u32;
        if oy != self.oy {
            self.emit(planes);
            self.oy = oy;
        }
        let ch = self.channels;
        let mut ox = 0usize;
        let mut left = self.widths.first().copied().unwrap_or(0);
        for px in row.chunks_exact(ch).take(self.w as usize) {
            if left == 0 {
                ox += 1;
                left = self.widths.get(ox).copied().unwrap_or(u32::MAX);
            }
            left -= 1;
            if let Some(sum) = self.sums.get_mut(ox * ch..ox * ch + ch) {
                for (s, &v) in sum.iter_mut().zip(px) {
                    *s += u32::from(v);
                }
            }
        }
    }

    /// The output row summed so far, as means, to `planes`; the sums emptied.
    fn emit(&mut self, planes: &mut Planes) {
        let rows = first_of(self.oy + 1, self.h, self.oh) - first_of(self.oy, self.h, self.oh);
        self.row.clear();
        let ch = self.channels;
        for (sum, &width) in self.sums.chunks_exact(ch).zip(&self.widths) {
            let n = (width * rows).max(1);
            self.row
                .extend(sum.iter().map(|&s| ((s + n / 2) / n).min(255) as u8));
        }
        self.sums.fill(0);
        planes.push(&self.row);
    }

    fn finish(mut self, planes: &mut Planes) {
        if !self.sums.is_empty() {
            self.emit(planes);
        }
    }
}

/// An interlaced image gathered whole (at its reduced size) from the rows of its passes, then
/// handed on row by row: sums of the source pixels when reduced, the pixels themselves if not.
struct Whole {
    w: u32,
    h: u32,
    ow: u32,
    oh: u32,
    channels: usize,
    reduced: bool,
    sums: Vec<u32>,
    pixels: Vec<u8>,
}

impl Whole {
    fn new(w: u32, h: u32, ow: u32, oh: u32, channels: usize) -> Whole {
        let reduced = (ow, oh) != (w, h);
        let len = ow as usize * oh as usize * channels;
        Whole {
            w,
            h,
            ow,
            oh,
            channels,
            reduced,
            sums: if reduced { vec![0; len] } else { Vec::new() },
            pixels: if reduced { Vec::new() } else { vec![0; len] },
        }
    }

    /// Row `line` of Adam7 pass `pass` (0-based).
    fn add_pass_row(&mut self, pass: usize, line: u32, row: &[u8]) {
        let (x0, dx, y0, dy) = ADAM7[pass];
        let y = u64::from(y0) + u64::from(line) * u64::from(dy);
        if y >= u64::from(self.h) {
            return;
        }
        let ch = self.channels;
        let oy = if self.reduced {
            y * u64::from(self.oh) / u64::from(self.h)
        } else {
            y
        };
        let row_start = oy as usize * self.ow as usize;
        for (i, px) in row.chunks_exact(ch).enumerate() {
            let x = u64::from(x0) + i as u64 * u64::from(dx);
            if x >= u64::from(self.w) {
                break;
            }
            if self.reduced {
                let ox = (x * u64::from(self.ow) / u64::from(self.w)) as usize;
                let at = (row_start + ox) * ch;
                if let Some(sum) = self.sums.get_mut(at..at + ch) {
                    for (s, &v) in sum.iter_mut().zip(px) {
                        *s += u32::from(v);
                    }
                }
            } else {
                let at = (row_start + x as usize) * ch;
                if let Some(dst) = self.pixels.get_mut(at..at + ch) {
                    dst.copy_from_slice(px);
                }
            }
        }
    }

    fn finish(self, planes: &mut Planes) {
        let ch = self.channels;
        let stride = self.ow as usize * ch;
        if !self.reduced {
            for row in self.pixels.chunks_exact(stride.max(1)) {
                planes.push(row);
            }
            return;
        }
        let widths: Vec<u32> = (0..self.ow)
            .map(|k| first_of(k + 1, self.w, self.ow) - first_of(k, self.w, self.ow))
            .collect();
        let mut row = Vec::with_capacity(stride);
        for (oy, sums) in self.sums.chunks_exact(stride.max(1)).enumerate() {
            let oy = oy as u32;
            let rows = first_of(oy + 1, self.h, self.oh) - first_of(oy, self.h, self.oh);
            row.clear();
            for (sum, &width) in sums.chunks_exact(ch).zip(&widths) {
                let n = (width * rows).max(1);
                row.extend(sum.iter().map(|&s| ((s + n / 2) / n).min(255) as u8));
            }
            planes.push(&row);
        }
    }
}

/// Adam7's passes: (first column, column step, first row, row step).
const ADAM7: [(u32, u32, u32, u32); 7] = [
    (0, 8, 0, 8),
    (4, 8, 0, 8),
    (0, 4, 4, 8),
    (2, 4, 0, 4),
    (0, 2, 2, 4),
    (1, 2, 0, 2),
    (0, 1, 1, 2),
];

/// The (pass, line) of each row an interlaced PNG's decoder hands out, in order: the passes
/// one after the other, each of the rows it has (a pass with no pixel in a small image has none).
struct Adam7 {
    w: u32,
    h: u32,
    pass: usize,
    line: u32,
}

impl Adam7 {
    fn new(w: u32, h: u32) -> Adam7 {
        Adam7 {
            w,
            h,
            pass: 0,
            line: 0,
        }
    }

    fn lines(&self, pass: usize) -> u32 {
        let (x0, dx, y0, dy) = ADAM7[pass];
        if self.w.saturating_sub(x0).div_ceil(dx) == 0 {
            return 0;
        }
        self.h.saturating_sub(y0).div_ceil(dy)
    }
}

impl Iterator for Adam7 {
    type Item = (usize, u32);

    fn next(&mut self) -> Option<(usize, u32)> {
        while self.pass < ADAM7.len() {
            if self.line < self.lines(self.pass) {
                self.line += 1;
                return Some((self.pass, self.line - 1));
            }
            self.pass += 1;
            self.line = 0;
        }
        None
    }
}

/// Rows of 8-bit pixels (grey or RGB, with or without alpha) split into their colour and alpha
/// planes and deflated as they come.
struct Planes {
    colour_channels: usize,
    has_alpha: bool,
    colour: flate2::write::ZlibEncoder<Vec<u8>>,
    alpha: flate2::write::ZlibEncoder<Vec<u8>>,
    /// Whether every alpha value so far is 255 (then no mask is written).
    opaque: bool,
    width: usize,
    rows: u32,
    buf: Vec<u8>,
}

impl Planes {
    fn new(width: u32, channels: usize) -> Planes {
        let encoder =
            || flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(LEVEL));
        Planes {
            colour_channels: if channels >= 3 { 3 } else { 1 },
            has_alpha: matches!(channels, 2 | 4),
            colour: encoder(),
            alpha: encoder(),
            opaque: true,
            width: width as usize,
            rows: 0,
            buf: Vec::new(),
        }
    }

    fn push(&mut self, row: &[u8]) {
        self.rows += 1;
        let cc = self.colour_channels;
        if !self.has_alpha {
            let _ = self
                .colour
                .write_all(&row[..(self.width * cc).min(row.len())]);
            return;
        }
        self.buf.clear();
        let pixels = row.chunks_exact(cc + 1).take(self.width);
        self.buf
            .extend(pixels.clone().flat_map(|p| p[..cc].iter().copied()));
        let _ = self.colour.write_all(&self.buf);
        self.buf.clear();
        self.buf.extend(pixels.map(|p| p[cc]));
        self.opaque &= self.buf.iter().all(|&a| a == 255);
        let _ = self.alpha.write_all(&self.buf);
    }

    /// The planes of an image `height` rows high; an error if fewer rows came (the file's
    /// image data ends early).
    fn finish(self, height: u32) -> Result<Raster, String> {
        if self.rows < height {
            return Err(format!(
                "its image data ends after {} of its {height} rows",
                self.rows
            ));
        }
        let cc = self.colour_channels;
        let colour = self.colour.finish().unwrap_or_default();
        let alpha =
            (self.has_alpha && !self.opaque).then(|| self.alpha.finish().unwrap_or_default());
        Ok(Raster {
            width: self.width as u32,
            height,
            space: if cc == 3 { "DeviceRGB" } else { "DeviceGray" },
            colour,
            alpha,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_images_are_reduced_to_the_need_and_small_ones_kept() {
        assert_eq!(target_size(3000, 2000, (2000, 1334)), (3000, 2000));
        assert_eq!(target_size(7000, 7000, (2000, 2000)), (2000, 2000));
        assert_eq!(target_size(10_000, 5_000, (2000, 2000)), (4000, 2000));
        assert_eq!(target_size(50_000_000, 1, (2000, 1)), (50_000_000, 1));
        // Placed at a pixel, a big image is still reduced no more than 4096 times a side.
        assert_eq!(target_size(7000, 7000, (1, 1)), (2, 2));
    }

    #[test]
    fn a_box_filter_averages_what_falls_in_each_pixel() {
        // 4 × 2 grey → 2 × 1: each output pixel the mean of a 2 × 2 block.
        let mut planes = Planes::new(2, 1);
        let mut shrink = Shrink::new(4, 2, 2, 1, 1);
        shrink.add_row(0, &[0, 100, 200, 200], &mut planes);
        shrink.add_row(1, &[100, 200, 0, 0], &mut planes);
        shrink.finish(&mut planes);
        let raster = planes.finish(1).unwrap();
        let mut out = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::ZlibDecoder::new(&raster.colour[..]),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, [100, 100]);
        assert!(raster.alpha.is_none());
    }

    /// A PNG of 8-bit RGBA `pixels` (`w` × `h`), Adam7-interlaced or not, written by hand (the
    /// encoders at hand write no interlaced files).
    fn png_file(w: u32, h: u32, pixels: &[u8], interlaced: bool) -> Vec<u8> {
        let mut raw = Vec::new();
        let px = |x: u32, y: u32| &pixels[((y * w + x) * 4) as usize..][..4];
        if interlaced {
            for (x0, dx, y0, dy) in ADAM7 {
                if w <= x0 {
                    continue;
                }
                for y in (y0..h).step_by(dy as usize) {
                    raw.push(0);
                    for x in (x0..w).step_by(dx as usize) {
                        raw.extend_from_slice(px(x, y));
                    }
                }
            }
        } else {
            for y in 0..h {
                raw.push(0);
                (0..w).for_each(|x| raw.extend_from_slice(px(x, y)));
            }
        }
        let chunk = crate::png::chunk;
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&w.to_be_bytes());
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, u8::from(interlaced)]);
        chunk(&mut out, b"IHDR", &ihdr);
        chunk(&mut out, b"IDAT", &super::super::writer::deflate(&raw));
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn inflate(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(data), &mut out).unwrap();
        out
    }

    #[test]
    fn interlaced_and_plain_pngs_decode_to_the_same_pixels_whole_and_reduced() {
        // 37 × 29 pixels of gradients, some of them transparent.
        let (w, h) = (37u32, 29u32);
        let mut pixels = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let a = if x < 5 { 100 } else { 255 };
                pixels.extend_from_slice(&[(x * 6) as u8, (y * 8) as u8, (x * y) as u8, a]);
            }
        }
        let plain = png_file(w, h, &pixels, false);
        let interlaced = png_file(w, h, &pixels, true);
        assert_eq!(
            image::load_from_memory(&interlaced)
                .unwrap()
                .to_rgba8()
                .into_raw(),
            pixels,
            "the hand-written interlaced file is right"
        );
        // Whole: the pixels as they are.
        for file in [&plain, &interlaced] {
            let r = decode_png(file, (w, h)).unwrap();
            assert_eq!((r.width, r.height, r.space), (w, h, "DeviceRGB"));
            let rgb: Vec<u8> = pixels.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
            assert_eq!(inflate(&r.colour), rgb);
            let alpha: Vec<u8> = pixels.chunks(4).map(|p| p[3]).collect();
            assert_eq!(inflate(r.alpha.as_deref().unwrap()), alpha);
        }
        // Reduced (need 10 × 8 of 37 × 29): both ways give the same means.
        let a = decode_png(&plain, (10, 8)).unwrap();
        let b = decode_png(&interlaced, (10, 8)).unwrap();
        assert_eq!((a.width, a.height), target_size(w, h, (10, 8)));
        assert!(a.width < w && a.width >= 10);
        assert_eq!(inflate(&a.colour), inflate(&b.colour));
        assert_eq!(
            inflate(a.alpha.as_deref().unwrap()),
            inflate(b.alpha.as_deref().unwrap())
        );
    }

    #[test]
    fn adam7_rows_come_pass_by_pass() {
        // A 3 × 3 image: pass 1 has row 0; pass 2 none (no column 4); pass 3 none (no row 4);
        // pass 4 row 0; pass 5 row 2; pass 6 rows 0, 2; pass 7 row 1.
        let rows: Vec<(usize, u32)> = Adam7::new(3, 3).collect();
        assert_eq!(rows, [(0, 0), (3, 0), (4, 0), (5, 0), (5, 1), (6, 0)]);
    }
}
