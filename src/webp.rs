//! WebP images: their RIFF chunks checked without decoding (is the file whole? what size? is it
//! animated?), and the image (an animation's first frame) decoded into 8-bit RGB or RGBA pixels
//! for the PDF, through the `image-webp` crate of image-rs. The EPUB keeps the file as it is.

use crate::document::image_check::{Flaw, MAX_PIXELS, within_pixel_limit};

/// What a WebP's chunks say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    pub width: u32,
    pub height: u32,
    pub animated: bool,
}

fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn le24(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], 0])
}

/// Walk a WebP's chunks, each whole within the file and the RIFF container, and read the size
/// from the first (`VP8 `, `VP8L` or `VP8X`). Reads no pixels.
pub fn info(data: &[u8]) -> Result<Info, Flaw> {
    let cut = |what: &str| {
        Err(Flaw::CutShort(format!(
            "the WebP file is cut short: {what}"
        )))
    };
    let damaged = |what: &str| Err(Flaw::Damaged(format!("the WebP file is damaged: {what}")));
    if data.len() < 20 {
        return cut("it ends inside its header");
    }
    let end = (le32(&data[4..]) as usize).saturating_add(8);
    if end > data.len() {
        return cut(&format!(
            "it is {} bytes long, its header says {end}",
            data.len()
        ));
    }
    let mut size = None;
    let mut animated = false;
    let mut has_image = false;
    let mut i = 12;
    while i + 8 <= end {
        let kind = &data[i..i + 4];
        let len = le32(&data[i + 4..]) as usize;
        let body_end = (i + 8).saturating_add(len);
        if body_end > end {
            return damaged("a chunk runs past the end of the file");
        }
        let body = &data[i + 8..body_end];
        match (kind, size) {
            (b"VP8 ", None) => {
                if body.len() < 10 || body[3..6] != [0x9d, 0x01, 0x2a] {
                    return damaged("the VP8 header is wrong");
                }
                let le14 = |b: &[u8]| u32::from(u16::from_le_bytes([b[0], b[1]]) & 0x3fff);
                size = Some((le14(&body[6..]), le14(&body[8..])));
            }
            (b"VP8L", None) => {
                if body.len() < 5 || body[0] != 0x2f {
                    return damaged("the VP8L header is wrong");
                }
                let bits = le32(&body[1..]);
                size = Some(((bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1));
            }
            (b"VP8X", None) => {
                if body.len() < 10 {
                    return damaged("the VP8X header is too short");
                }
                animated = body[0] & 0x02 != 0;
                size = Some((le24(&body[4..]) + 1, le24(&body[7..]) + 1));
            }
            (_, None) => return damaged("the image data is not VP8, VP8L or VP8X"),
            _ => {}
        }
        has_image |= matches!(kind, b"VP8 " | b"VP8L" | b"ANMF");
        // Chunks are padded to an even length.
        i = body_end + (len & 1);
    }
    let Some((width, height)) = size else {
        return cut("it ends before its image data");
    };
    if width == 0 || height == 0 {
        return damaged("the width or height is 0");
    }
    if !has_image {
        return cut("it ends before its image data");
    }
    Ok(Info {
        width,
        height,
        animated,
    })
}

/// A WebP decoded (an animation: its first frame) into 8-bit samples: width, height, channels
/// (3 RGB or 4 RGBA) and the pixels. The size is checked against the pixel limit from the
/// header before anything is decoded, and the decoder's memory is capped at what it needs.
pub fn decode(data: &[u8]) -> Result<(u32, u32, usize, Vec<u8>), String> {
    let head = info(data).map_err(|f| f.to_string())?;
    within_pixel_limit(head.width, head.height).map_err(|f| f.to_string())?;
    let mut decoder =
        image_webp::WebPDecoder::new(std::io::Cursor::new(data)).map_err(|e| e.to_string())?;
    decoder.set_memory_limit((MAX_PIXELS * 4) as usize);
    let (w, h) = decoder.dimensions();
    within_pixel_limit(w, h).map_err(|f| f.to_string())?;
    let channels = if decoder.has_alpha() { 4 } else { 3 };
    let len = decoder
        .output_buffer_size()
        .ok_or("the image is too large")?;
    let mut pixels = vec![0u8; len];
    if decoder.is_animated() {
        decoder.read_frame(&mut pixels).map_err(|e| e.to_string())?;
    } else {
        decoder.read_image(&mut pixels).map_err(|e| e.to_string())?;
    }
    Ok((w, h, channels, pixels))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lossless WebP of 3 × 2 pixels, the first half transparent.
    fn webp() -> Vec<u8> {
        let px: Vec<u8> = (0..6u8)
            .flat_map(|i| [i * 40, 255 - i * 40, 7, if i < 3 { 0 } else { 255 }])
            .collect();
        let mut out = Vec::new();
        image_webp::WebPEncoder::new(&mut out)
            .encode(&px, 3, 2, image_webp::ColorType::Rgba8)
            .unwrap();
        out
    }

    #[test]
    fn whole_webps_pass_and_cut_ones_are_named() {
        let file = webp();
        assert_eq!(
            info(&file),
            Ok(Info {
                width: 3,
                height: 2,
                animated: false
            })
        );
        for cut in [10, 25, file.len() - 1] {
            assert!(
                matches!(info(&file[..cut]), Err(Flaw::CutShort(_))),
                "{cut}: {:?}",
                info(&file[..cut])
            );
        }
    }

    #[test]
    fn webps_decode_losslessly() {
        let (w, h, channels, px) = decode(&webp()).unwrap();
        assert_eq!((w, h, channels), (3, 2, 4));
        assert_eq!(&px[..4], &[0, 255, 7, 0]);
        assert_eq!(&px[20..24], &[200, 55, 7, 255]);
    }

    #[test]
    fn a_huge_canvas_is_refused_before_decoding() {
        // A VP8X header saying 16384 × 16384, and nothing else.
        let mut f = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0\xff\x3f\0\xff\x3f\0".to_vec();
        f.extend(b"VP8L\x05\0\0\0\x2f\0\0\0\0\0");
        let len = (f.len() - 8) as u32;
        f[4..8].copy_from_slice(&len.to_le_bytes());
        assert_eq!(info(&f).map(|i| (i.width, i.height)), Ok((16384, 16384)));
        let e = decode(&f).unwrap_err();
        assert!(e.contains("16384×16384"), "{e}");
    }

    #[test]
    fn no_input_makes_it_panic() {
        let file = webp();
        for n in 0..file.len() {
            let _ = info(&file[..n]);
            let _ = decode(&file[..n]);
        }
        for i in 0..file.len() {
            for b in [0u8, 1, 0x7f, 0xff] {
                let mut v = file.clone();
                v[i] = b;
                let _ = info(&v);
                let _ = decode(&v);
            }
        }
    }
}
