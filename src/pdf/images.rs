//! Images in the PDF: each one the pages show is decoded once and written as an image XObject,
//! 8-bit gray or RGB, deflated, with its alpha channel (if any) as a soft mask.

use std::collections::HashMap;
use std::io::Write as _;

use crate::document::assets::Assets;
use crate::error::{Error, Result};
use crate::typeset::{PageItem, Typeset};

use super::writer::Writer;

/// Image key → (resource index, pixel width, pixel height).
pub type Placed = HashMap<String, (usize, f32, f32)>;

/// Decode and write every image `ts` shows. Returns key → (resource index, pixel width, pixel
/// height), and (resource index, XObject) pairs. An image's resource index is its place among
/// the book's assets, the same in every edition (their body pages are drawn once for both).
pub fn write(w: &mut Writer, ts: &Typeset, assets: &Assets) -> Result<(Placed, Vec<(usize, u32)>)> {
    let mut out = HashMap::new();
    let mut ids = Vec::new();
    for page in &ts.pages {
        for item in &page.items {
            let PageItem::Image { key, .. } = item else {
                continue;
            };
            if out.contains_key(key) {
                continue;
            }
            let Some((index, file)) = assets
                .files
                .iter()
                .enumerate()
                .find(|(_, f)| &f.href == key)
            else {
                continue;
            };
            // An SVG is drawn into pixels first, 300 dpi at its natural size.
            let drawn;
            let data = if file.media_type == "image/svg+xml" {
                drawn = crate::svg::to_png(&file.data, crate::svg::RASTER_SCALE)
                    .map_err(|e| Error::Other(format!("{}: {e}", file.source.display())))?;
                &drawn
            } else {
                &file.data
            };
            let image = image::load_from_memory(data).map_err(|e| {
                Error::Other(format!(
                    "{}: cannot draw this image in the PDF ({e}) — save it as PNG or JPEG",
                    file.source.display()
                ))
            })?;
            let (width, height) = (image.width(), image.height());
            let color = image.color();
            // A soft mask only where some pixel is not opaque (a PNG saved with an alpha
            // channel it does not use gets none). The alpha is read in place, and the colour
            // planes take the decoded image over: a big image (a drawn cover is 13 MB of
            // pixels) is not held three times.
            let alpha: Option<Vec<u8>> = if color.has_alpha() {
                let alpha: Vec<u8> = match image.as_rgba8() {
                    Some(rgba) => rgba.pixels().map(|p| p.0[3]).collect(),
                    None => image.to_rgba8().pixels().map(|p| p.0[3]).collect(),
                };
                alpha.iter().any(|&a| a != 255).then_some(alpha)
            } else {
                None
            };
            let (space, pixels) = if color.has_color() {
                ("DeviceRGB", image.into_rgb8().into_raw())
            } else {
                ("DeviceGray", image.into_luma8().into_raw())
            };
            let mask = if let Some(alpha) = alpha {
                let id = w.alloc();
                let dict = format!(
                    "/Type/XObject/Subtype/Image/Width {width}/Height {height}/ColorSpace/DeviceGray/BitsPerComponent 8"
                );
                w.deflated(id, dict.as_bytes(), &alpha);
                Some(id)
            } else {
                None
            };
            let id = w.alloc();
            let mut dict = Vec::new();
            let _ = write!(
                dict,
                "/Type/XObject/Subtype/Image/Width {width}/Height {height}/ColorSpace/{space}/BitsPerComponent 8"
            );
            if let Some(m) = mask {
                let _ = write!(dict, "/SMask {m} 0 R");
            }
            w.deflated(id, &dict, &pixels);
            out.insert(key.clone(), (index, width as f32, height as f32));
            ids.push((index, id));
        }
    }
    Ok((out, ids))
}
