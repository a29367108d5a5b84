//! Images in the PDF, made ready once per build ([`prepare`]) and written into each edition
//! ([`write`]) as image XObjects:
//!
//! - a JPEG a PDF reader can draw (8-bit baseline, extended or progressive; grey, colour or
//!   CMYK) goes in as it is, a `DCTDecode` stream holding the file's bytes: never decoded nor
//!   compressed again;
//! - any other image (PNG, an SVG drawn into pixels, a JPEG of another kind) is decoded row by
//!   row into 8-bit grey or RGB, deflated as it comes, with its alpha channel (if any pixel is
//!   not opaque) as a soft mask. An image with many more pixels than the page needs is reduced
//!   while it is decoded to what 300 dpi at its placed size needs, so that neither time nor
//!   memory follows a camera's or a scanner's resolution.
//!
//! A JPEG's EXIF orientation (a phone's photograph is often stored sideways) is applied by the
//! drawing, not the pixels: the image is wrapped in a form XObject whose matrix turns or mirrors
//! it within its box, so it still passes through.

use std::collections::HashMap;
use std::io::Write as _;
use std::sync::Arc;

use crate::document::assets::{Asset, Assets};
use crate::document::image_check::jpeg_info;
use crate::error::Result;

use super::writer::{LEVEL, Writer};

/// Resolution the PDF keeps of an image at its placed size: a print shop's for photographs.
const DPI: f64 = 300.0;

/// An image is reduced only when it has more than this many times the pixels the page needs,
/// along both sides: below it, resampling would soften the picture for little saving.
const MIN_REDUCTION: f64 = 1.5;

/// The most an image is reduced along each side: a box of up to 4096² pixels, whose sum of 8-bit
/// values still fits a `u32`.
const MAX_REDUCTION: f64 = 4096.0;

/// The images of a build, made ready for every edition: by key (the image's path in the EPUB).
pub struct Images {
    by_key: HashMap<String, Prepared>,
}

/// One image, ready to be written.
struct Prepared {
    /// Its place among the book's assets: its resource name, the same in every edition.
    index: usize,
    /// Pixel size as stored.
    width: u32,
    height: u32,
    /// The EXIF orientation, 1–8 (1 for any image but a JPEG).
    orientation: u8,
    body: Body,
}

enum Body {
    /// A JPEG's bytes as they are: the colour space, and whether its inks are stored inverted
    /// (an Adobe CMYK file).
    Jpeg {
        data: Arc<Vec<u8>>,
        space: &'static str,
        inverted: bool,
    },
    /// Pixels, deflated: the colour planes, and the alpha plane if some pixel is not opaque.
    Pixels {
        space: &'static str,
        colour: Vec<u8>,
        alpha: Option<Vec<u8>>,
    },
}

/// Make ready every image the editions show, once for all of them, each at the resolution its
/// largest placement needs. `placed`: every placement, key, width and height in points, in the
/// order shown.
pub fn prepare<'k>(
    placed: impl Iterator<Item = (&'k str, f32, f32)>,
    assets: &Assets,
) -> Result<Images> {
    // The largest size (points) each image is placed at, keys in the order first shown.
    let mut needs: Vec<(&str, f32, f32)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (key, width, height) in placed {
        match seen.get(key) {
            Some(&i) => {
                needs[i].1 = needs[i].1.max(width);
                needs[i].2 = needs[i].2.max(height);
            }
            None => {
                seen.insert(key, needs.len());
                needs.push((key, width, height));
            }
        }
    }
    let by_href: HashMap<&str, usize> = assets
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.href.as_str(), i))
        .collect();
    let mut by_key = HashMap::with_capacity(needs.len());
    // One at a time: a big image's decoding is the most memory a build takes, and two at once
    // would double it.
    for (key, width, height) in needs {
        let Some(&index) = by_href.get(key) else {
            continue;
        };
        let file = &assets.files[index];
        let need = (points_to_pixels(width), points_to_pixels(height));
        let prepared = prepare_one(file, index, need).map_err(|e| {
            let msg = format!("cannot be drawn in the PDF: {e}");
            assets.error_at(
                key,
                &msg,
                "open the image in an editor and save it again as PNG or JPEG",
            )
        })?;
        by_key.insert(key.to_string(), prepared);
    }
    Ok(Images { by_key })
}

/// Pixels at [`DPI`] for a length in points, at least 1.
fn points_to_pixels(pt: f32) -> u32 {
    let px = (f64::from(pt) / 72.0 * DPI).ceil();
    if px.is_finite() {
        px.clamp(1.0, f64::from(u32::MAX)) as u32
    } else {
        1
    }
}

/// `file` (asset number `index`) made ready for a placement needing `need` pixels (as shown).
fn prepare_one(
    file: &Asset,
    index: usize,
    need: (u32, u32),
) -> std::result::Result<Prepared, String> {
    let jpeg = (file.media_type == "image/jpeg")
        .then(|| jpeg_info(&file.data))
        .flatten();
    let orientation = jpeg.map_or(1, |j| j.orientation);
    if let Some(j) = jpeg.filter(|j| j.passes_through()) {
        let space = match j.components {
            1 => "DeviceGray",
            3 => "DeviceRGB",
            _ => "DeviceCMYK",
        };
        return Ok(Prepared {
            index,
            width: j.width,
            height: j.height,
            orientation,
            body: Body::Jpeg {
                data: Arc::clone(&file.data),
                space,
                inverted: j.components == 4 && j.adobe,
            },
        });
    }
    // The pixels are decoded as stored: a quarter turn shown is a quarter turn of the need.
    let need = if orientation >= 5 {
        (need.1, need.0)
    } else {
        need
    };
    let raster = match file.media_type {
        // An SVG is drawn into pixels first, 300 dpi at its natural size.
        "image/svg+xml" => {
            let png = crate::svg::to_png(&file.data, crate::svg::RASTER_SCALE)?;
            decode_png(&png, need)?
        }
        "image/png" => decode_png(&file.data, need)?,
        _ => decode_other(&file.data, need)?,
    };
    Ok(Prepared {
        index,
        width: raster.width,
        height: raster.height,
        orientation,
        body: Body::Pixels {
            space: raster.space,
            colour: raster.colour,
            alpha: raster.alpha,
        },
    })
}

/// Write every image of `keys` (made ready in `images`), each once. Returns (resource index,
/// XObject) pairs. An image's resource index is its place among the book's assets, the same in
/// every edition (their body pages are drawn once for both).
pub fn write<'k>(
    w: &mut Writer,
    keys: impl Iterator<Item = &'k str>,
    images: &Images,
) -> Vec<(usize, u32)> {
    let mut done = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for key in keys {
        if !done.insert(key) {
            continue;
        }
        let Some(image) = images.by_key.get(key) else {
            continue;
        };
        ids.push((image.index, write_one(w, image)));
    }
    ids
}

/// Write `image`; returns the object to draw it by.
fn write_one(w: &mut Writer, image: &Prepared) -> u32 {
    let (width, height) = (image.width, image.height);
    let mut dict = Vec::new();
    let _ = write!(
        dict,
        "/Type/XObject/Subtype/Image/Width {width}/Height {height}"
    );
    let id = match &image.body {
        Body::Jpeg {
            data,
            space,
            inverted,
        } => {
            let _ = write!(dict, "/ColorSpace/{space}/BitsPerComponent 8");
            if *inverted {
                dict.extend_from_slice(b"/Decode[1 0 1 0 1 0 1 0]");
            }
            dict.extend_from_slice(b"/Filter/DCTDecode");
            let id = w.alloc();
            w.stream(id, &dict, data);
            id
        }
        Body::Pixels {
            space,
            colour,
            alpha,
        } => {
            let _ = write!(dict, "/ColorSpace/{space}/BitsPerComponent 8");
            if let Some(alpha) = alpha {
                let mask = w.alloc();
                let d = format!(
                    "/Type/XObject/Subtype/Image/Width {width}/Height {height}/ColorSpace/DeviceGray/BitsPerComponent 8/Filter/FlateDecode"
                );
                w.stream(mask, d.as_bytes(), alpha);
                let _ = write!(dict, "/SMask {mask} 0 R");
            }
            dict.extend_from_slice(b"/Filter/FlateDecode");
            let id = w.alloc();
            w.stream(id, &dict, colour);
            id
        }
    };
    match orientation_matrix(image.orientation) {
        None => id,
        Some(m) => {
            // The image drawn in the unit square of a form, turned or mirrored as its EXIF
            // orientation says: the page draws the form as it would the image.
            let form = w.alloc();
            let dict = format!(
                "/Type/XObject/Subtype/Form/BBox[0 0 1 1]/Resources<</XObject<</I {id} 0 R>>>>"
            );
            let content = format!("{m} cm /I Do");
            w.stream(form, dict.as_bytes(), content.as_bytes());
            form
        }
    }
}

/// The matrix that maps the unit square of an image stored with EXIF `orientation` onto the
/// unit square as it is shown (`None` for 1, as stored). The stored point (u, v), v = 1 at the
/// top row, lands at (a·u + c·v + e, b·u + d·v + f).
fn orientation_matrix(orientation: u8) -> Option<&'static str> {
    Some(match orientation {
        2 => "-1 0 0 1 1 0",  // mirrored left to right
        3 => "-1 0 0 -1 1 1", // turned half a circle
        4 => "1 0 0 -1 0 1",  // mirrored top to bottom
        5 => "0 -1 -1 0 1 1", // mirrored along the diagonal from the top left
        6 => "0 -1 1 0 0 1",  // turned a quarter clockwise
        7 => "0 1 1 0 0 0",   // mirrored along the other diagonal
        8 => "0 1 -1 0 1 0",  // turned a quarter anticlockwise
        _ => return None,
    })
}

/// An image decoded and deflated.
struct Raster {
    width: u32,
    height: u32,
    space: &'static str,
    colour: Vec<u8>,
    alpha: Option<Vec<u8>>,
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
fn decode_png(data: &[u8], need: (u32, u32)) -> std::result::Result<Raster, String> {
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
fn decode_other(data: &[u8], need: (u32, u32)) -> std::result::Result<Raster, String> {
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
    fn finish(self, height: u32) -> std::result::Result<Raster, String> {
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
