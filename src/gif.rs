//! GIF images: their block structure checked without decoding (is the file whole? how many
//! frames?), and the first frame decoded into 8-bit RGBA pixels for the PDF (through the
//! `gif` crate of image-rs). The EPUB keeps the file as it is.

use crate::document::image_check::{Flaw, MAX_PIXELS, within_pixel_limit};

/// What a GIF's blocks say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// The logical screen: the size every frame is drawn on.
    pub width: u32,
    pub height: u32,
    /// Images in the file: more than one is an animation.
    pub frames: u32,
}

fn le16(b: &[u8]) -> u32 {
    u32::from(u16::from_le_bytes([b[0], b[1]]))
}

/// Walk a GIF's blocks: header, screen, colour tables, extensions and images, each whole, up
/// to the trailer (a file that stops right after a whole image, without the trailer, as some
/// encoders write them, is taken). Linear in the file's length; reads no pixels.
pub fn info(data: &[u8]) -> Result<Info, Flaw> {
    let short = |what: &str| Flaw::CutShort(format!("the GIF file is cut short: {what}"));
    let cut = |what: &str| Err(short(what));
    let damaged = |what: &str| Err(Flaw::Damaged(format!("the GIF file is damaged: {what}")));
    if data.len() < 13 {
        return cut("it ends inside its header");
    }
    let (width, height) = (le16(&data[6..]), le16(&data[8..]));
    if width == 0 || height == 0 {
        return damaged("the width or height is 0");
    }
    let table = |packed: u8| {
        if packed & 0x80 != 0 {
            3usize << ((packed & 7) + 1)
        } else {
            0
        }
    };
    let global = data[10] & 0x80 != 0;
    let mut i = 13 + table(data[10]);
    let mut frames = 0u32;
    loop {
        let Some(&block) = data.get(i) else {
            // No trailer: whole if it stopped between blocks after an image.
            return if frames > 0 {
                Ok(Info {
                    width,
                    height,
                    frames,
                })
            } else {
                cut("it ends before its first image")
            };
        };
        i += 1;
        match block {
            0x3B => {
                return if frames > 0 {
                    Ok(Info {
                        width,
                        height,
                        frames,
                    })
                } else {
                    damaged("it holds no image")
                };
            }
            0x21 => {
                // An extension: its label, then sub-blocks.
                if data.get(i).is_none() {
                    return cut("it ends inside an extension");
                }
                i = sub_blocks(data, i + 1).map_err(|()| short("it ends inside an extension"))?;
            }
            0x2C => {
                let Some(desc) = data.get(i..i + 9) else {
                    return cut("it ends inside an image's header");
                };
                let (fw, fh) = (le16(&desc[4..]), le16(&desc[6..]));
                within_pixel_limit(fw, fh)?;
                if desc[8] & 0x80 == 0 && !global {
                    return damaged("an image has no colour table");
                }
                i += 9 + table(desc[8]);
                match data.get(i) {
                    None => return cut("it ends inside an image"),
                    Some(&size) if !(1..=12).contains(&size) => {
                        return damaged("an image's code size is not between 1 and 12");
                    }
                    Some(_) => {}
                }
                i = sub_blocks(data, i + 1)
                    .map_err(|()| short("it ends inside an image's data"))?;
                frames += 1;
            }
            _ => return damaged("a block of an unknown kind"),
        }
    }
}

/// The offset after the sub-blocks starting at `i` (each a length byte and as many bytes, the
/// last of length 0); `Err` if the file ends first.
fn sub_blocks(data: &[u8], mut i: usize) -> Result<usize, ()> {
    loop {
        let &len = data.get(i).ok_or(())?;
        i += 1;
        if len == 0 {
            return Ok(i);
        }
        i += usize::from(len);
        if i > data.len() {
            return Err(());
        }
    }
}

/// The first frame of a GIF drawn on its logical screen, as 8-bit RGBA pixels (`width` ×
/// `height` × 4), transparent where the frame does not cover it. The screen's size is checked
/// against the pixel limit from the header before anything is decoded, and the decoder's
/// memory is capped at what that size needs.
pub fn first_frame(data: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    let head = info(data).map_err(|f| f.to_string())?;
    within_pixel_limit(head.width, head.height).map_err(|f| f.to_string())?;
    let mut options = ::gif::DecodeOptions::new();
    options.set_color_output(::gif::ColorOutput::RGBA);
    let limit = std::num::NonZeroU64::new(MAX_PIXELS * 4);
    options
        .set_memory_limit(limit.map_or(::gif::MemoryLimit::Unlimited, ::gif::MemoryLimit::Bytes));
    let mut decoder = options
        .read_info(std::io::Cursor::new(data))
        .map_err(|e| e.to_string())?;
    let (w, h) = (head.width as usize, head.height as usize);
    let frame = decoder
        .read_next_frame()
        .map_err(|e| e.to_string())?
        .ok_or("it holds no image")?;
    let (left, top) = (usize::from(frame.left), usize::from(frame.top));
    let (fw, fh) = (usize::from(frame.width), usize::from(frame.height));
    if frame.buffer.len() < fw * fh * 4 {
        return Err("its first image's data ends early".into());
    }
    let mut canvas = vec![0u8; w * h * 4];
    // The frame at its place on the screen, cut where it goes past the screen's edge.
    for (y, row) in frame
        .buffer
        .chunks_exact((fw * 4).max(1))
        .take(fh)
        .enumerate()
    {
        let sy = top + y;
        if sy >= h || left >= w {
            break;
        }
        let n = fw.min(w - left);
        let at = (sy * w + left) * 4;
        canvas[at..at + n * 4].copy_from_slice(&row[..n * 4]);
    }
    Ok((head.width, head.height, canvas))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GIF of `frames` frames of 3 × 2 pixels with a two-colour palette (red, blue), the
    /// second colour transparent.
    pub fn gif(frames: usize) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let palette = [255, 0, 0, 0, 0, 255];
            let mut enc = ::gif::Encoder::new(&mut out, 3, 2, &palette).unwrap();
            for _ in 0..frames {
                let mut frame =
                    ::gif::Frame::from_indexed_pixels(3, 2, vec![0, 1, 0, 1, 0, 1], Some(1));
                frame.palette = None;
                enc.write_frame(&frame).unwrap();
            }
        }
        out
    }

    #[test]
    fn whole_gifs_pass_and_cut_ones_are_named() {
        let one = gif(1);
        assert_eq!(
            info(&one),
            Ok(Info {
                width: 3,
                height: 2,
                frames: 1
            })
        );
        assert_eq!(info(&gif(3)).map(|i| i.frames), Ok(3));
        // Without its trailer (some encoders leave it out): still whole.
        assert!(info(&one[..one.len() - 1]).is_ok());
        for cut in [5, 20, one.len() - 3] {
            assert!(
                matches!(info(&one[..cut]), Err(Flaw::CutShort(_))),
                "{cut}: {:?}",
                info(&one[..cut])
            );
        }
        let mut bad = one.clone();
        let last = bad.len() - 1;
        bad[last] = 0x99;
        assert!(matches!(info(&bad), Err(Flaw::Damaged(_))));
    }

    #[test]
    fn the_first_frame_decodes_with_its_transparency() {
        let (w, h, px) = first_frame(&gif(2)).unwrap();
        assert_eq!((w, h), (3, 2));
        // Red, opaque; then the transparent colour, its alpha 0.
        assert_eq!(&px[..4], &[255, 0, 0, 255]);
        assert_eq!(px[7], 0);
        assert!(first_frame(&gif(1)[..30]).is_err());
    }

    #[test]
    fn a_huge_screen_is_refused_before_decoding() {
        let mut big = gif(1);
        big[6..10].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        let e = first_frame(&big).unwrap_err();
        assert!(e.contains("65535×65535"), "{e}");
    }

    #[test]
    fn no_input_makes_it_panic() {
        let file = gif(3);
        for n in 0..file.len() {
            let _ = info(&file[..n]);
            let _ = first_frame(&file[..n]);
        }
        for i in 0..file.len() {
            for b in [0u8, 1, 0x7f, 0xff] {
                let mut v = file.clone();
                v[i] = b;
                let _ = info(&v);
                let _ = first_frame(&v);
            }
        }
    }
}
