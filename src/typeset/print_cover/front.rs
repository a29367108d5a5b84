//! The front cover: the author's cover image filling the front and its bleed, or terbit's
//! generated design; and the colours the back and the spine take beside it.

use crate::document::Book;
use crate::document::assets::{Assets, pixel_size};
use crate::error::Diagnostic;
use crate::print_service::PRINT_DPI;

use super::super::PageItem;
use super::super::tags::Tag;
use super::{Colours, IN, WHITE, at_value};

/// The least distance of the generated front's frame from the trim and the fold, where KDP
/// and IngramSpark want a border (at least 0.25 in, for the trim's drift).
const FRAME_INSET: f32 = 0.3 * IN;

/// The front, drawn on the sheet.
pub(super) struct Front {
    pub items: Vec<PageItem>,
    pub colours: Colours,
    pub warnings: Vec<Diagnostic>,
}

/// The front of a `w`×`h` trim right of a spine `spine` wide, with `bleed` round the sheet,
/// its picture or text belonging to the figure `figure`: first the ground of the whole sheet
/// (the back and the spine covering what of an author's picture reaches past the fold).
pub(super) fn items(
    book: &Book,
    assets: &Assets,
    (w, h): (f32, f32),
    (spine, bleed): (f32, f32),
    figure: Tag,
) -> Front {
    let meta = &book.meta;
    let front_x = w + spine;
    let (ground, accent) = crate::cover::colours(meta);
    let mut colours = Colours {
        ground: ground.into(),
        text: WHITE,
        accent: accent.into(),
    };
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let image = assets.cover.as_ref().and_then(|href| {
        let file = assets.files.iter().find(|f| &f.href == href)?;
        Some((href.clone(), &file.data, pixel_size(&file.data)?))
    });
    match image {
        Some((key, data, (iw, ih))) => {
            // The front and its bleed at the top, the bottom and the outside edge.
            let (rw, rh) = (w + bleed, h + 2.0 * bleed);
            let scale = (rw / iw as f32).max(rh / ih as f32);
            let (dw, dh) = (iw as f32 * scale, ih as f32 * scale);
            // The back and the spine in the colour of the picture's edge at the fold.
            let first = ((dw - rw) / 2.0 / scale).max(0.0) as u32;
            colours = edge_colours(data, first).unwrap_or(colours);
            items.push(PageItem::Image {
                x: front_x + (rw - dw) / 2.0,
                y: -bleed + (rh - dh) / 2.0,
                width: dw,
                height: dh,
                key,
                tag: figure,
            });
            items.push(PageItem::Rect {
                x: -bleed,
                y: -bleed,
                width: bleed + front_x,
                height: h + 2.0 * bleed,
                colour: colours.ground,
                stroke: None,
            });
            warnings.extend(image_warnings(book, (iw, ih), (dw, dh), (rw, rh)));
        }
        None => {
            items.push(PageItem::Rect {
                x: -bleed,
                y: -bleed,
                width: 2.0 * w + spine + 2.0 * bleed,
                height: h + 2.0 * bleed,
                colour: colours.ground,
                stroke: None,
            });
            let design = super::super::front_cover::design_items(meta, &assets.fonts, w, h);
            for mut item in design {
                if let PageItem::Rect {
                    x,
                    y,
                    width,
                    height,
                    stroke: Some(_),
                    ..
                } = &mut item
                {
                    let inset = x.max(FRAME_INSET);
                    (*x, *y, *width, *height) = (inset, inset, w - 2.0 * inset, h - 2.0 * inset);
                }
                item.move_by(front_x, 0.0);
                if let PageItem::Text { piece, .. } = &mut item {
                    piece.tag = figure;
                }
                items.push(item);
            }
        }
    }
    Front {
        items,
        colours,
        warnings,
    }
}

/// The colours beside an author's cover image: the average colour of its edge at the fold (a
/// fiftieth of its width from pixel column `first`, where the printed front begins) as the
/// ground, and black or white type on it, whichever stands out; None if it cannot be read.
fn edge_colours(data: &[u8], first: u32) -> Option<Colours> {
    let picture = image::load_from_memory(data).ok()?.into_rgb8();
    let (width, height) = picture.dimensions();
    let first = first.min(width.saturating_sub(1));
    let columns = (width / 50).max(1).min(width - first);
    let mut sum = [0u64; 3];
    for y in 0..height {
        for x in first..first + columns {
            let p = picture.get_pixel(x, y).0;
            (0..3).for_each(|k| sum[k] += u64::from(p[k]));
        }
    }
    let n = (u64::from(columns) * u64::from(height)).max(1) as f32;
    let ground = sum.map(|s| s as f32 / n / 255.0);
    // Relative luminance (sRGB coefficients, near enough without linearising).
    let light = 0.2126 * ground[0] + 0.7152 * ground[1] + 0.0722 * ground[2];
    let text = if light > 0.55 { [0.1; 3] } else { WHITE };
    Some(Colours {
        ground,
        text,
        accent: text,
    })
}

/// What to warn of about the author's cover image, `pixels` wide and high, drawn `drawn`
/// points on a front of `region` points with its bleed: a resolution under 300 dpi, and a
/// picture of other proportions than the front's, cut at its edges.
fn image_warnings(
    book: &Book,
    (iw, ih): (u32, u32),
    (dw, dh): (f32, f32),
    (rw, rh): (f32, f32),
) -> Vec<Diagnostic> {
    let Some(cover) = &book.meta.cover else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let dpi = iw as f32 / (dw / IN);
    if dpi < PRINT_DPI - 0.5 {
        let (need_w, need_h) = (
            (rw / IN * PRINT_DPI).ceil() as u32,
            (rh / IN * PRINT_DPI).ceil() as u32,
        );
        out.push(at_value(
            book,
            &cover.referenced,
            format!(
                "the cover image is {iw}×{ih} pixels: on the printed front ({:.3}×{:.3} in with \
                 its bleed) that is {dpi:.0} dpi, under the {PRINT_DPI:.0} print services ask for",
                rw / IN,
                rh / IN
            ),
            &format!("export it at {need_w}×{need_h} pixels or more"),
        ));
    }
    // What falls outside the sheet, as a share of the picture.
    let cut = ((dw - rw) / dw).max((dh - rh) / dh);
    if cut > 0.03 {
        out.push(at_value(
            book,
            &cover.referenced,
            format!(
                "the cover image is {:.2} times as high as it is wide, the printed front with \
                 its bleed {:.2}: {:.0} % of its {} is cut off",
                ih as f32 / iw as f32,
                rh / rw,
                cut * 100.0,
                if (dw - rw) / dw > (dh - rh) / dh {
                    "width"
                } else {
                    "height"
                }
            ),
            &format!(
                "make a print cover of {:.3}×{:.3} in (front and bleed) with nothing important \
                 within 0.25 in of its edges",
                rw / IN,
                rh / IN
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG `width` × 10 pixels, its left half `left` and its right half `right`.
    fn png(width: u32, left: [u8; 3], right: [u8; 3]) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, 10, |x, _| {
            image::Rgb(if x < width / 2 { left } else { right })
        });
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn the_back_takes_the_colour_of_the_pictures_edge_at_the_fold() {
        let light = edge_colours(&png(100, [250, 240, 230], [0, 0, 0]), 0).unwrap();
        assert!((light.ground[0] - 250.0 / 255.0).abs() < 1e-3);
        assert_eq!(light.text, [0.1; 3], "dark type on a light ground");
        let dark = edge_colours(&png(100, [250, 240, 230], [10, 20, 90]), 60).unwrap();
        assert!(
            (dark.ground[2] - 90.0 / 255.0).abs() < 1e-3,
            "{:?}",
            dark.ground
        );
        assert_eq!(dark.text, WHITE);
        assert_eq!(edge_colours(b"not a picture", 0), None);
    }
}
