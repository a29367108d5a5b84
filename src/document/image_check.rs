//! Checking that an image file is what its first bytes claim, before any writer embeds it: a
//! file with PNG's magic number and garbage after it would otherwise reach the PDF's decoder,
//! fail there without a place to point at, or land in the EPUB and break the reader.
//!
//! This reads headers and chunk structure (and PNG's checksums), not pixels: cheap on big
//! images, and enough to catch truncated, corrupt and mislabelled files.

/// Most pixels an image may have (the PDF decodes images into memory: 50 million pixels is about
/// 200 MB; a full A4 page at 300 dpi is under 9 million).
pub const MAX_PIXELS: u64 = 50_000_000;

/// What is wrong with an image file, for its diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flaw {
    /// The file ends before its image does: an interrupted download or copy.
    CutShort(String),
    /// The file's structure is broken: a wrong checksum, a segment or block that makes no sense.
    Damaged(String),
    /// A whole image terbit does not take: too many pixels, an SVG past its budget, not an
    /// image of a known kind.
    Refused(String),
}

impl Flaw {
    /// What is wrong, in words.
    pub fn what(&self) -> &str {
        match self {
            Flaw::CutShort(s) | Flaw::Damaged(s) | Flaw::Refused(s) => s,
        }
    }
}

impl std::fmt::Display for Flaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.what())
    }
}

/// What a check found besides flaws: whether the image has several frames (an animated GIF
/// or WebP, of which the PDF shows the first).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checked {
    pub animated: bool,
}

/// Check image `data` of `media_type` (as [`super::assets::sniff`] found it): whole, not
/// damaged, within the pixel limit.
pub fn check(data: &[u8], media_type: &str) -> Result<Checked, Flaw> {
    let mut checked = Checked::default();
    let (w, h) = match media_type {
        "image/png" => png(data)?,
        "image/jpeg" => jpeg_whole(data)?,
        "image/gif" => {
            let info = crate::gif::info(data)?;
            checked.animated = info.frames > 1;
            (info.width, info.height)
        }
        "image/webp" => {
            let info = crate::webp::info(data)?;
            checked.animated = info.animated;
            (info.width, info.height)
        }
        // Vector: drawn within the pixel limit and the budget of work (see `svg::check`).
        "image/svg+xml" => {
            return crate::svg::check(data)
                .map(|()| checked)
                .map_err(Flaw::Refused);
        }
        _ => {
            return Err(Flaw::Refused(
                "not a PNG, JPEG, GIF, WebP or SVG image".into(),
            ));
        }
    };
    within_pixel_limit(w, h)?;
    Ok(checked)
}

/// `Err` if an image of `w` × `h` pixels is past [`MAX_PIXELS`].
pub fn within_pixel_limit(w: u32, h: u32) -> Result<(), Flaw> {
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Flaw::Refused(format!(
            "the image is {w}×{h} pixels, more than the {} million terbit takes",
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Width and height of a PNG whose chunks are whole, with correct checksums, in a valid order.
fn png(data: &[u8]) -> Result<(u32, u32), Flaw> {
    let corrupt = |what: &str| Err(Flaw::Damaged(format!("the PNG file is damaged: {what}")));
    let cut = |what: &str| Err(Flaw::CutShort(format!("the PNG file is cut short: {what}")));
    let mut rest = data.get(8..).unwrap_or_default();
    let mut size = None;
    let (mut palette, mut idat, mut color_type) = (false, false, 0);
    loop {
        if rest.len() < 12 {
            return cut("it ends before its last chunk (IEND)");
        }
        let len = be32(rest) as usize;
        let kind = &rest[4..8];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return corrupt("a chunk has an invalid name");
        }
        if len > 0x7fff_ffff {
            return corrupt("a chunk has an impossible length");
        }
        if rest.len() < 12 + len {
            let name = String::from_utf8_lossy(kind);
            return cut(&format!("it ends inside its chunk {name}"));
        }
        if crc32(&rest[4..8 + len]) != be32(&rest[8 + len..]) {
            let name = String::from_utf8_lossy(kind);
            return corrupt(&format!("the checksum of chunk {name} is wrong"));
        }
        let body = &rest[8..8 + len];
        match (kind, size) {
            (b"IHDR", None) => {
                if len != 13 {
                    return corrupt("the header chunk has the wrong length");
                }
                let (w, h) = (be32(body), be32(&body[4..]));
                let (depth, color) = (body[8], body[9]);
                let depth_ok = match color {
                    0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
                    3 => matches!(depth, 1 | 2 | 4 | 8),
                    2 | 4 | 6 => matches!(depth, 8 | 16),
                    _ => false,
                };
                if w == 0 || h == 0 || w > 0x7fff_ffff || h > 0x7fff_ffff {
                    return corrupt("the width or height is 0 or too large");
                }
                if !depth_ok || body[10] != 0 || body[11] != 0 || body[12] > 1 {
                    return corrupt("the header names an unknown pixel format");
                }
                size = Some((w, h));
                color_type = color;
            }
            (_, None) => return corrupt("the first chunk is not the header (IHDR)"),
            (b"IHDR", Some(_)) => return corrupt("two header chunks"),
            (b"PLTE", _) => palette = true,
            (b"IDAT", _) => {
                if color_type == 3 && !palette {
                    return corrupt("the image data comes before its palette");
                }
                idat = true;
            }
            (b"IEND", Some(size)) => {
                return if idat {
                    Ok(size)
                } else {
                    corrupt("there is no image data (IDAT)")
                };
            }
            _ => {}
        }
        rest = &rest[12 + len..];
    }
}

/// Width and height of a JPEG whose segments are whole, with a frame header, and whose scans
/// run to an end-of-image marker.
fn jpeg_whole(data: &[u8]) -> Result<(u32, u32), Flaw> {
    let info = jpeg_header(data)?;
    jpeg_to_end(data)?;
    Ok((info.width, info.height))
}

/// Walk a JPEG's segments and scans to its end-of-image marker (FFD9): a file cut short (an
/// interrupted download) ends inside its compressed pixels without one, and decoders draw
/// what came (grey below it) or give up. Linear in the file's length.
fn jpeg_to_end(data: &[u8]) -> Result<(), Flaw> {
    let cut = || {
        Err(Flaw::CutShort(
            "the JPEG file is cut short: its image data ends without the end-of-image marker"
                .into(),
        ))
    };
    let mut i = 2;
    loop {
        while data.get(i) == Some(&0xFF) && data.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(i), data.get(i + 1)) else {
            return if i + 1 >= data.len() {
                cut()
            } else {
                Err(Flaw::Damaged(
                    "the JPEG file is damaged: a segment does not start with a marker".into(),
                ))
            };
        };
        i += 2;
        match marker {
            0xD9 => return Ok(()),
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let Some(len) = data.get(i..i + 2) else {
            return cut();
        };
        let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
        if len < 2 {
            return Err(Flaw::Damaged(
                "the JPEG file is damaged: a segment has an impossible length".into(),
            ));
        }
        i += len;
        if i > data.len() {
            return cut();
        }
        if marker == 0xDA {
            // Compressed pixels: an 0xFF in them is followed by 0x00 (a stuffed byte), a
            // restart marker (D0–D7) or fill (FF); anything else is the next marker.
            loop {
                let Some(at) = data[i..].iter().position(|&b| b == 0xFF) else {
                    return cut();
                };
                i += at;
                match data.get(i + 1) {
                    None => return cut(),
                    Some(0x00 | 0xD0..=0xD7) => i += 2,
                    Some(0xFF) => i += 1,
                    Some(_) => break,
                }
            }
        }
    }
}

/// What a JPEG's header says: enough for the PDF to embed the file as it is (a `DCTDecode`
/// stream) or to know it must decode it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    /// Width and height as the pixels are stored (before [`JpegInfo::orientation`]).
    pub width: u32,
    pub height: u32,
    /// Colour components: 1 grey, 3 YCbCr or RGB, 4 CMYK or YCCK.
    pub components: u8,
    /// Bits per sample (8, or 12 in extended and lossless files).
    pub precision: u8,
    /// The frame header's marker: 0xC0 baseline, 0xC1 extended and 0xC2 progressive (Huffman
    /// coded); the others are lossless, hierarchical or arithmetic-coded frames.
    pub frame: u8,
    /// Whether an Adobe (APP14) segment is present: Adobe's CMYK JPEGs store their inks
    /// inverted, and say so only by this segment.
    pub adobe: bool,
    /// The EXIF orientation, 1–8 (1, as stored, when there is none or it is unreadable).
    pub orientation: u8,
}

impl JpegInfo {
    /// Whether a PDF reader can draw the file as it is: a Huffman-coded baseline, extended or
    /// progressive frame of 8-bit grey, colour or CMYK (the DCTDecode filter of PDF 1.3 and
    /// later). Others (12-bit, arithmetic-coded, lossless) must be decoded.
    pub fn passes_through(&self) -> bool {
        matches!(self.frame, 0xC0..=0xC2)
            && self.precision == 8
            && matches!(self.components, 1 | 3 | 4)
    }

    /// Width and height as shown: orientations 5–8 turn the picture a quarter.
    pub fn shown_size(&self) -> (u32, u32) {
        if self.orientation >= 5 {
            (self.height, self.width)
        } else {
            (self.width, self.height)
        }
    }
}

/// The header of a JPEG, if it is whole up to its scan (see [`JpegInfo`]).
pub fn jpeg_info(data: &[u8]) -> Option<JpegInfo> {
    jpeg_header(data).ok()
}

/// A JPEG's segments walked up to its scan: checked to be whole, with a frame header.
fn jpeg_header(data: &[u8]) -> Result<JpegInfo, Flaw> {
    let corrupt = |what: &str| Err(Flaw::Damaged(format!("the JPEG file is damaged: {what}")));
    let cut = |what: &str| {
        Err(Flaw::CutShort(format!(
            "the JPEG file is cut short: {what}"
        )))
    };
    let be16 = |b: &[u8]| u32::from(u16::from_be_bytes([b[0], b[1]]));
    let mut i = 2;
    let mut info: Option<JpegInfo> = None;
    let (mut adobe, mut orientation) = (false, None);
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while data.get(i) == Some(&0xFF) && data.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (data.get(i), data.get(i + 1)) else {
            if i + 1 >= data.len() {
                return cut("it ends before its image data");
            }
            return corrupt("a segment does not start with a marker");
        };
        i += 2;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            continue; // markers without a length
        }
        if marker == 0xD9 {
            return corrupt("it ends (an end-of-image marker) before its image data");
        }
        let Some(len) = data.get(i..i + 2).map(be16) else {
            return cut("it ends inside a segment");
        };
        let len = len as usize;
        if len < 2 {
            return corrupt("a segment has an impossible length");
        }
        if data.len() < i + len {
            return cut("it ends inside a segment");
        }
        let body = &data[i + 2..i + len];
        match marker {
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if body.len() < 6 {
                    return corrupt("the frame header is too short");
                }
                let (h, w, components) = (be16(&body[1..]), be16(&body[3..]), body[5]);
                if w == 0 || h == 0 || !(1..=4).contains(&components) {
                    return corrupt("the frame header gives no size or an unknown colour format");
                }
                // A second frame header (hierarchical files have several) does not replace
                // the first.
                info.get_or_insert(JpegInfo {
                    width: w,
                    height: h,
                    components,
                    precision: body[0],
                    frame: marker,
                    adobe: false,
                    orientation: 1,
                });
            }
            0xE1 if orientation.is_none() && body.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&body[6..]);
            }
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            _ => {}
        }
        if marker == 0xDA {
            // Start of scan: the compressed pixels follow, to the end of the file.
            return match info {
                Some(info) if data.len() > i + len => Ok(JpegInfo {
                    adobe,
                    orientation: orientation.unwrap_or(1),
                    ..info
                }),
                Some(_) => cut("it ends before its image data"),
                None => corrupt("the image data comes before the frame header"),
            };
        }
        i += len;
    }
}

/// The orientation (tag 0x0112 of the first IFD) in EXIF data `tiff` (a TIFF header and its
/// directories), if it holds one of the eight values.
fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let little = match tiff.get(..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = usize::from(u16_at(ifd)?);
    (0..count).find_map(|k| {
        let entry = ifd.checked_add(2 + 12 * k)?;
        // A SHORT (type 3), one of it, held in the entry's value field.
        if u16_at(entry)? != 0x0112 || u16_at(entry.checked_add(2)?)? != 3 {
            return None;
        }
        let value = u16_at(entry.checked_add(8)?)?;
        (1..=8).contains(&value).then_some(value as u8)
    })
}

/// CRC-32 as PNG uses it (ISO 3309, polynomial 0xEDB88320).
fn crc32(bytes: &[u8]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_png() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/epub-fixture/gambar/peta.png"
        ))
        .unwrap()
    }

    #[test]
    fn a_real_png_passes_and_damaged_ones_are_named() {
        let png = fixture_png();
        assert_eq!(check(&png, "image/png"), Ok(Checked::default()));
        // Right magic, garbage after it.
        let mut garbage = png[..8].to_vec();
        garbage.extend((0..200u8).map(|i| i.wrapping_mul(37)));
        let e = check(&garbage, "image/png").unwrap_err();
        assert!(matches!(e, Flaw::Damaged(_)), "{e}");
        assert!(e.what().starts_with("the PNG file is damaged"), "{e}");
        // Cut short, anywhere: in the image data, in a chunk's header, before IEND.
        for cut in [png.len() / 2, 40, png.len() - 12, png.len() - 1] {
            let e = check(&png[..cut], "image/png").unwrap_err();
            assert!(matches!(e, Flaw::CutShort(_)), "{cut}: {e}");
        }
        // One flipped bit in the image data.
        let mut flipped = png.clone();
        let at = png.len() - 20;
        flipped[at] ^= 1;
        let e = check(&flipped, "image/png").unwrap_err();
        assert!(e.what().contains("checksum"), "{e}");
    }

    #[test]
    fn jpeg_needs_a_frame_header_and_a_scan() {
        // SOI, APP0 (len 16), SOF0 (height 3, width 5, 3 components), SOS, data, EOI.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        jpeg.extend([0u8; 14]);
        jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x03, 0x00, 0x05, 0x03]);
        jpeg.extend([0u8; 9]);
        jpeg.extend([0xFF, 0xDA, 0x00, 0x0C]);
        jpeg.extend([0u8; 10]);
        jpeg.extend([0x12, 0x34, 0xFF, 0xD9]);
        assert_eq!(jpeg_size(&jpeg), Ok((5, 3)));
        assert!(check(&jpeg[..30], "image/jpeg").is_err());
        assert!(check(&[0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02], "image/jpeg").is_err());
        // Cut anywhere after the scan's header, even just before or inside its end marker.
        for cut in [jpeg.len() - 1, jpeg.len() - 2, jpeg.len() - 4] {
            let e = check(&jpeg[..cut], "image/jpeg").unwrap_err();
            assert!(matches!(e, Flaw::CutShort(_)), "{cut}: {e}");
        }
        let e = check(&jpeg[..jpeg.len() - 2], "image/jpeg").unwrap_err();
        assert!(e.what().contains("end-of-image marker"), "{e}");
        // Stuffed bytes, restart markers and fill in the scan are not its end; a second scan
        // (a progressive file) is walked too.
        let mut two_scans = jpeg[..jpeg.len() - 2].to_vec();
        two_scans.extend([
            0xFF, 0x00, 0xFF, 0xD3, 0x55, 0xFF, 0xFF, 0xC4, 0x00, 0x03, 0x00,
        ]);
        two_scans.extend([0xFF, 0xDA, 0x00, 0x03, 0x01, 0x77]);
        assert!(matches!(
            check(&two_scans, "image/jpeg"),
            Err(Flaw::CutShort(_))
        ));
        two_scans.extend([0xFF, 0xD9]);
        assert_eq!(check(&two_scans, "image/jpeg"), Ok(Checked::default()));
    }

    fn jpeg_size(data: &[u8]) -> Result<(u32, u32), Flaw> {
        jpeg_whole(data)
    }

    #[test]
    fn exif_orientation_is_read_in_either_byte_order_and_garbage_is_none() {
        // Little-endian: header, first directory at 8, one entry (0x0112, SHORT, 1, value 8).
        let le = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x08\0\0\0";
        assert_eq!(exif_orientation(le), Some(8));
        let be = b"MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x03\0\0";
        assert_eq!(exif_orientation(be), Some(3));
        // Out of range, cut short, pointing past the end, or no TIFF header at all.
        let mut nine = be.to_vec();
        nine[19] = 9;
        assert_eq!(exif_orientation(&nine), None);
        assert_eq!(exif_orientation(&be[..15]), None);
        assert_eq!(exif_orientation(b"MM\0*\xff\xff\xff\xf0\0\x01"), None);
        assert_eq!(exif_orientation(b"Exif"), None);
    }

    #[test]
    fn crc_matches_the_reference_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn huge_images_are_refused() {
        let mut png = fixture_png();
        // 60000 × 60000 in the header, checksum fixed.
        png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let e = check(&png, "image/png").unwrap_err();
        assert!(e.what().contains("60000×60000 pixels"), "{e}");
    }
}
