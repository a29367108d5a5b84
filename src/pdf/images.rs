//! Images in the PDF, made ready once per build ([`prepare`]) and written into each edition
//! ([`write`]) as image XObjects:
//!
//! - a JPEG a PDF reader can draw (8-bit baseline, extended or progressive; grey, colour or
//!   CMYK) goes in as it is, a `DCTDecode` stream holding the file's bytes: never decoded nor
//!   compressed again;
//! - any other image (PNG, GIF's first frame, WebP, an SVG drawn into pixels, a JPEG of another
//!   kind) is decoded (see `raster`) into 8-bit grey or RGB, deflated as it comes, with its alpha channel (if any pixel is
//!   not opaque) as a soft mask. An image with many more pixels than the page needs is reduced
//!   while it is decoded to what 300 dpi at its placed size needs, so that neither time nor
//!   memory follows a camera's or a scanner's resolution.
//!
//! A JPEG's EXIF orientation (a phone's photograph is often stored sideways) is applied by the
//! drawing, not the pixels: the image is wrapped in a form XObject whose matrix turns or mirrors
//! it within its box, so it still passes through.

use std::collections::HashMap;
use std::sync::Arc;

use crate::document::assets::{Asset, Assets};
use crate::document::image_check::jpeg_info;
use crate::error::Result;

use super::raster::{decode_gif, decode_other, decode_png, decode_webp};
use super::writer::Writer;

/// Resolution the PDF keeps of an image at its placed size: a print shop's for photographs.
const DPI: f64 = 300.0;

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
    /// An SVG drawn with PDF's own operators (see `vector`).
    Vector(super::vector::Drawing),
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
    // An SVG is drawn as vectors where it can be (see `vector`).
    if file.media_type == "image/svg+xml"
        && let Some(drawing) = crate::svg::parse(&file.data)
            .ok()
            .and_then(|tree| super::vector::convert(&tree))
    {
        return Ok(Prepared {
            index,
            width: drawing.width.ceil() as u32,
            height: drawing.height.ceil() as u32,
            orientation,
            body: Body::Vector(drawing),
        });
    }
    let raster = match file.media_type {
        // Else it is drawn into pixels first, 300 dpi at its natural size.
        "image/svg+xml" => {
            let png = crate::svg::to_png(&file.data, crate::svg::RASTER_SCALE)?;
            decode_png(&png, need)?
        }
        "image/png" => decode_png(&file.data, need)?,
        "image/gif" => decode_gif(&file.data, need)?,
        "image/webp" => decode_webp(&file.data, need)?,
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

/// Write `image` (with pdf-writer); returns the object to draw it by.
fn write_one(w: &mut Writer, image: &Prepared) -> u32 {
    use pdf_writer::{Content, Filter, Name, Rect};
    let (width, height) = (image.width as i32, image.height as i32);
    let id = w.alloc_ref();
    match &image.body {
        Body::Jpeg {
            data,
            space,
            inverted,
        } => w.with_chunk(|c| {
            let mut x = image_xobject(c, id, data, (width, height), space);
            x.filter(Filter::DctDecode);
            if *inverted {
                x.decode([1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
            }
        }),
        Body::Vector(drawing) => {
            write_vector(w, id, drawing);
            return id.get() as u32;
        }
        Body::Pixels {
            space,
            colour,
            alpha,
        } => {
            let mask = alpha.as_ref().map(|alpha| {
                let mask = w.alloc_ref();
                w.with_chunk(|c| {
                    image_xobject(c, mask, alpha, (width, height), "DeviceGray")
                        .filter(Filter::FlateDecode);
                });
                mask
            });
            w.with_chunk(|c| {
                let mut x = image_xobject(c, id, colour, (width, height), space);
                x.filter(Filter::FlateDecode);
                if let Some(mask) = mask {
                    x.s_mask(mask);
                }
            });
        }
    }
    match orientation_matrix(image.orientation) {
        None => id.get() as u32,
        Some(m) => {
            // The image drawn in the unit square of a form, turned or mirrored as its EXIF
            // orientation says: the page draws the form as it would the image.
            let form = w.alloc_ref();
            let mut content = Content::new();
            content.transform(m).x_object(Name(b"I"));
            let content = content.finish();
            w.with_chunk(|c| {
                let mut f = c.form_xobject(form, &content);
                f.bbox(Rect::new(0.0, 0.0, 1.0, 1.0));
                f.resources().x_objects().pair(Name(b"I"), id);
            });
            form.get() as u32
        }
    }
}

/// `drawing` as the form XObject `id`, drawn in the unit square as an image is: its content
/// in the SVG's units, y down, mapped onto the square by the form's matrix. Its groups,
/// opacities and gradients are named in one resource dictionary shared by its forms.
fn write_vector(w: &mut Writer, id: pdf_writer::Ref, drawing: &super::vector::Drawing) {
    use pdf_writer::{Filter, Name, Rect};
    let resources = w.alloc_ref();
    let groups: Vec<pdf_writer::Ref> = drawing.groups.iter().map(|_| w.alloc_ref()).collect();
    let patterns: Vec<pdf_writer::Ref> = drawing.shadings.iter().map(|_| w.alloc_ref()).collect();
    let states: Vec<pdf_writer::Ref> = drawing.states.iter().map(|_| w.alloc_ref()).collect();
    let (width, height) = (drawing.width.max(1e-3), drawing.height.max(1e-3));
    let content = super::writer::deflate(&drawing.content);
    w.with_chunk(|c| {
        let mut f = c.form_xobject(id, &content);
        f.bbox(Rect::new(0.0, 0.0, width, height))
            .matrix([1.0 / width, 0.0, 0.0, -1.0 / height, 0.0, 1.0])
            .pair(Name(b"Resources"), resources);
        f.filter(Filter::FlateDecode);
    });
    for ((inner, [x0, y0, x1, y1]), group) in drawing.groups.iter().zip(&groups) {
        let inner = super::writer::deflate(inner);
        w.with_chunk(|c| {
            let mut f = c.form_xobject(*group, &inner);
            f.bbox(Rect::new(*x0, *y0, *x1, *y1))
                .pair(Name(b"Resources"), resources);
            f.filter(Filter::FlateDecode);
            f.group().transparency().isolated(true);
        });
    }
    let mut chunk = super::writer::new_chunk();
    for ((fill, stroke), state) in drawing.states.iter().zip(&states) {
        chunk
            .ext_graphics(*state)
            .non_stroking_alpha(*fill)
            .stroking_alpha(*stroke);
    }
    for (shade, pattern) in drawing.shadings.iter().zip(&patterns) {
        // The colour between stops: one linear function for each pair of stops, stitched.
        let pieces: Vec<pdf_writer::Ref> = shade.stops.windows(2).map(|_| w.alloc_ref()).collect();
        let function = w.alloc_ref();
        for (pair, piece) in shade.stops.windows(2).zip(&pieces) {
            chunk
                .exponential_function(*piece)
                .domain([0.0, 1.0])
                .c0(pair[0].1)
                .c1(pair[1].1)
                .n(1.0);
        }
        // The stops run from 0 to 1 (see `vector`).
        let inner = &shade.stops[1..shade.stops.len() - 1];
        chunk
            .stitching_function(function)
            .domain([0.0, 1.0])
            .functions(pieces.iter().copied())
            .bounds(inner.iter().map(|s| s.0))
            .encode(pieces.iter().flat_map(|_| [0.0, 1.0]));
        let mut p = chunk.shading_pattern(*pattern);
        p.matrix(shade.matrix);
        let mut s = p.function_shading();
        s.shading_type(if shade.radial {
            pdf_writer::types::FunctionShadingType::Radial
        } else {
            pdf_writer::types::FunctionShadingType::Axial
        });
        s.color_space().device_rgb();
        s.coords(shade.coords.iter().copied())
            .function(function)
            .extend([true, true]);
    }
    {
        let mut res = chunk
            .indirect(resources)
            .start::<pdf_writer::writers::Resources>();
        if !states.is_empty() {
            let mut d = res.ext_g_states();
            for (k, state) in states.iter().enumerate() {
                d.pair(Name(format!("G{k}").as_bytes()), *state);
            }
        }
        if !patterns.is_empty() {
            let mut d = res.patterns();
            for (k, pattern) in patterns.iter().enumerate() {
                d.pair(Name(format!("P{k}").as_bytes()), *pattern);
            }
        }
        if !groups.is_empty() {
            let mut d = res.x_objects();
            for (k, group) in groups.iter().enumerate() {
                d.pair(Name(format!("X{k}").as_bytes()), *group);
            }
        }
    }
    w.chunk(&chunk);
}

/// An image XObject of 8-bit samples, `size` pixels, in colour space `space`, holding `data`.
fn image_xobject<'c>(
    c: &'c mut pdf_writer::Chunk,
    id: pdf_writer::Ref,
    data: &'c [u8],
    (width, height): (i32, i32),
    space: &str,
) -> pdf_writer::writers::ImageXObject<'c> {
    let mut x = c.image_xobject(id, data);
    x.width(width)
        .height(height)
        .color_space_name(pdf_writer::Name(space.as_bytes()))
        .bits_per_component(8);
    x
}

/// The matrix that maps the unit square of an image stored with EXIF `orientation` onto the
/// unit square as it is shown (`None` for 1, as stored). The stored point (u, v), v = 1 at the
/// top row, lands at (a·u + c·v + e, b·u + d·v + f).
fn orientation_matrix(orientation: u8) -> Option<[f32; 6]> {
    Some(match orientation {
        2 => [-1.0, 0.0, 0.0, 1.0, 1.0, 0.0],  // mirrored left to right
        3 => [-1.0, 0.0, 0.0, -1.0, 1.0, 1.0], // turned half a circle
        4 => [1.0, 0.0, 0.0, -1.0, 0.0, 1.0],  // mirrored top to bottom
        5 => [0.0, -1.0, -1.0, 0.0, 1.0, 1.0], // mirrored along the diagonal from the top left
        6 => [0.0, -1.0, 1.0, 0.0, 0.0, 1.0],  // turned a quarter clockwise
        7 => [0.0, 1.0, 1.0, 0.0, 0.0, 0.0],   // mirrored along the other diagonal
        8 => [0.0, 1.0, -1.0, 0.0, 1.0, 0.0],  // turned a quarter anticlockwise
        _ => return None,
    })
}
