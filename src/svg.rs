//! SVG images: read and checked with usvg, drawn with resvg where a writer needs pixels (the
//! PDF embeds an SVG as an image drawn at 300 dpi for its natural size; the EPUB keeps the SVG
//! itself). Text in an SVG is set in terbit's own fonts, never the machine's, so every machine
//! draws the same pixels; `<image>` references to other files are not followed (an SVG from
//! someone else must not make terbit read files), only `data:` images inside the SVG.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::document::image_check::MAX_PIXELS;
use crate::svg_budget::{self, Bands, Work};

/// Dots per inch an SVG is drawn at for its natural size (1 SVG pixel = 1/96 in… as placed by
/// the typesetter at 1 px = 1 pt, 300 dpi needs 300/72 pixels per SVG pixel).
pub const RASTER_SCALE: f32 = 300.0 / 72.0;

/// terbit's fonts, for text in SVGs.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for font in crate::fonts::bundled::Bundled::ALL {
            db.load_font_data(font.data().to_vec());
        }
        db.set_serif_family("Gentium Book Plus");
        db.set_sans_serif_family("Gentium Book Plus");
        db.set_monospace_family("DejaVu Sans Mono");
        Arc::new(db)
    })
    .clone()
}

/// A font database holding terbit's fonts and the other fonts of `set` (a book's own, and any
/// found on the machine), for text terbit draws into an SVG in the book's fonts (the cover).
fn fontdb_with(set: &crate::fonts::FontSet) -> Arc<usvg::fontdb::Database> {
    let mut more = set
        .fonts()
        .iter()
        .filter(|f| f.origin != crate::fonts::Origin::Bundled)
        .peekable();
    if more.peek().is_none() {
        return fontdb();
    }
    let mut db = (*fontdb()).clone();
    for font in more {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(font.data.to_vec())));
    }
    Arc::new(db)
}

/// usvg's options: terbit's fonts, no files read through `<image href>`, and an SVG inside a
/// `data:` URL read only within the budget (the outer SVG's prescan has counted it too).
pub fn options() -> usvg::Options<'static> {
    let data = usvg::ImageHrefResolver::default_data_resolver();
    usvg::Options {
        font_family: "Gentium Book Plus".to_string(),
        fontdb: fontdb(),
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(move |mime, bytes, opts| {
                let raster = matches!(
                    mime,
                    "image/jpg" | "image/jpeg" | "image/png" | "image/gif" | "image/webp"
                );
                if !raster && is_svg(&bytes) {
                    let text = std::str::from_utf8(&bytes).ok()?;
                    svg_budget::prescan(text).ok()?;
                }
                data(mime, bytes, opts)
            }),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Whether `data` looks like an SVG document (an `<svg` element first, after any XML
/// declaration, comments, doctype and blanks).
pub fn is_svg(data: &[u8]) -> bool {
    let head = &data[..data.len().min(64 * 1024)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        if rest.starts_with("<svg") {
            return true;
        }
        let skip = ["<?", "<!--", "<!"]
            .iter()
            .find(|p| rest.starts_with(*p))
            .and_then(|p| {
                let close = match *p {
                    "<!--" => "-->",
                    "<?" => "?>",
                    _ => ">",
                };
                // A DOCTYPE's internal subset (`[<!ENTITY …>]`, as Illustrator writes) holds
                // `>`s of its own: the declaration ends at the first `>` after its `]`.
                let end = rest.find(close)?;
                let subset = rest[..end].find('[').filter(|_| *p == "<!");
                match subset {
                    Some(open) => {
                        let close = open + rest[open..].find(']')?;
                        rest[close..].find('>').map(|i| close + i + 1)
                    }
                    None => Some(end + close.len()),
                }
            });
        match skip {
            Some(n) => rest = rest[n..].trim_start(),
            None => return false,
        }
    }
}

/// Parse an SVG within the budget's counts (see [`svg_budget::prescan`]): the XML is read once,
/// counted, and the same document handed to usvg, which expands and lays out only what was
/// counted. The error says what is wrong, for a diagnostic.
pub fn parse(data: &[u8]) -> Result<usvg::Tree, String> {
    parse_counted(data, None).map(|(tree, _)| tree)
}

/// [`parse`], with the fonts of `set` as well as terbit's for the SVG's text.
pub fn parse_with_fonts(data: &[u8], set: &crate::fonts::FontSet) -> Result<usvg::Tree, String> {
    parse_counted(data, Some(set)).map(|(tree, _)| tree)
}

fn parse_counted(
    data: &[u8],
    fonts: Option<&crate::fonts::FontSet>,
) -> Result<(usvg::Tree, Work), String> {
    let text = std::str::from_utf8(data).map_err(|_| "not a valid SVG (not UTF-8 text)")?;
    svg_budget::entity_bound(text)?;
    let doc = roxmltree::Document::parse_with_options(text, svg_budget::xml_options())
        .map_err(|e| format!("not a valid SVG ({e})"))?;
    // A book's SVGs have their scripts removed when they are read (`svg_sanitize`); one that
    // still has one did not come through there.
    let script =
        |n: &roxmltree::Node| n.is_element() && n.tag_name().name().eq_ignore_ascii_case("script");
    if doc.descendants().any(|n| script(&n)) {
        return Err("the SVG contains a script, which e-books do not run".into());
    }
    let work = svg_budget::prescan_doc(&doc, 0)?;
    let mut options = options();
    if let Some(set) = fonts {
        options.fontdb = fontdb_with(set);
    }
    let tree =
        usvg::Tree::from_xmltree(&doc, &options).map_err(|e| format!("not a valid SVG ({e})"))?;
    Ok((tree, work))
}

/// Natural sizes of the SVGs checked so far, by their bytes' hash: [`check`] parses an SVG
/// once and [`size`], asked again for every place the image is shown, finds it here.
fn sizes() -> &'static Mutex<HashMap<u64, (u32, u32)>> {
    static SIZES: OnceLock<Mutex<HashMap<u64, (u32, u32)>>> = OnceLock::new();
    SIZES.get_or_init(Default::default)
}

fn key(data: &[u8]) -> u64 {
    // Keys random for each run, so no file can be made to collide with another on purpose.
    static STATE: OnceLock<RandomState> = OnceLock::new();
    STATE.get_or_init(RandomState::new).hash_one(data)
}

fn natural_size(tree: &usvg::Tree) -> (u32, u32) {
    let s = tree.size();
    (
        s.width().ceil().max(1.0) as u32,
        s.height().ceil().max(1.0) as u32,
    )
}

/// Check an SVG as the PDF will draw it (at [`RASTER_SCALE`]): valid, and within the budget
/// of elements, text, filters and pixel work ([`svg_budget`]). The EPUB keeps the SVG, but an
/// image one edition cannot show is refused for both, at its place.
pub fn check(data: &[u8]) -> Result<(), String> {
    let (tree, mut work) = parse_counted(data, None)?;
    svg_budget::measure(&tree, RASTER_SCALE, bands(&tree, RASTER_SCALE)?, &mut work)?;
    if let Ok(mut sizes) = sizes().lock() {
        sizes.insert(key(data), natural_size(&tree));
    }
    Ok(())
}

/// The work [`check`] counts for `data`, also past the pixel budget (for tests of the
/// budget); `Err` if the SVG is invalid or refused before it is drawn.
pub fn work(data: &[u8]) -> Result<Work, String> {
    let (tree, mut work) = parse_counted(data, None)?;
    let _past = svg_budget::measure(&tree, RASTER_SCALE, bands(&tree, RASTER_SCALE)?, &mut work);
    Ok(work)
}

/// The natural size of an SVG, in SVG pixels (rounded up).
pub fn size(data: &[u8]) -> Option<(u32, u32)> {
    let k = key(data);
    if let Some(s) = sizes().lock().ok().and_then(|m| m.get(&k).copied()) {
        return Some(s);
    }
    let size = natural_size(&parse(data).ok()?);
    if let Ok(mut sizes) = sizes().lock() {
        sizes.insert(k, size);
    }
    Some(size)
}

/// The SVG drawn `scale` times its natural size, as a PNG, within the budget.
pub fn to_png(data: &[u8], scale: f32) -> Result<Vec<u8>, String> {
    let (tree, mut work) = parse_counted(data, None)?;
    svg_budget::measure(&tree, scale, bands(&tree, scale)?, &mut work)?;
    render_png(&tree, scale)
}

/// `tree` drawn `scale` times its natural size, as a PNG on a white ground (print has no
/// transparency to show through).
pub fn render_png(tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>, String> {
    render(tree, scale, true)
}

/// [`render_png`] for a drawing that covers itself with a ground of its own (the generated
/// cover): no white ground is laid first, which is a pass over every pixel.
pub fn render_opaque_png(tree: &usvg::Tree, scale: f32) -> Result<Vec<u8>, String> {
    render(tree, scale, false)
}

/// Rows drawn as one band: the picture is drawn and compressed a band at a time, each core
/// taking a run of bands into one pixmap of its own (fresh memory for every band cost more in
/// page faults than the drawing).
const BAND_ROWS: u32 = 320;

/// The bands `tree` is drawn in at `scale`, or why it cannot be drawn.
fn bands(tree: &usvg::Tree, scale: f32) -> Result<Bands, String> {
    let s = tree.size();
    let (w, h) = ((s.width() * scale).ceil(), (s.height() * scale).ceil());
    if w < 1.0 || h < 1.0 || (w as u64) * (h as u64) > MAX_PIXELS {
        return Err(format!("the SVG would be {w}×{h} pixels when drawn"));
    }
    Ok(Bands {
        width: w as u32,
        height: h as u32,
        rows: BAND_ROWS,
    })
}

fn render(tree: &usvg::Tree, scale: f32, white: bool) -> Result<Vec<u8>, String> {
    use rayon::prelude::*;
    let Bands {
        width: w,
        height: h,
        ..
    } = bands(tree, scale)?;
    let count = h.div_ceil(BAND_ROWS);
    let per_core = (count as usize).div_ceil(rayon::current_num_threads());
    let bands = (0..count)
        .into_par_iter()
        .with_min_len(per_core)
        .map_init(
            || tiny_skia::Pixmap::new(w, BAND_ROWS.min(h)),
            |pixmap, i| {
                let pixmap = pixmap
                    .as_mut()
                    .ok_or_else(|| "cannot draw the SVG".to_string())?;
                let top = i * BAND_ROWS;
                let rows = BAND_ROWS.min(h - top) as usize;
                pixmap.fill(if white {
                    tiny_skia::Color::WHITE
                } else {
                    tiny_skia::Color::TRANSPARENT
                });
                // The band's rows of the whole picture: moved up by the rows above it.
                let at = tiny_skia::Transform::from_scale(scale, scale)
                    .post_translate(0.0, -(top as f32));
                resvg::render(tree, at, &mut pixmap.as_mut());
                let data = &pixmap.data()[..rows * w as usize * 4];
                Ok(crate::png::band(w, data, i + 1 == count))
            },
        )
        .collect::<Result<Vec<_>, String>>()?;
    Ok(crate::png::assemble(w, h, &bands))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<?xml version=\"1.0\"?>\n<!-- peta -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"30\"><rect width=\"40\" height=\"30\" fill=\"#c00\"/><text x=\"2\" y=\"20\" font-size=\"12\">Ağ</text></svg>";

    #[test]
    fn svgs_are_recognised_sized_and_drawn() {
        assert!(is_svg(SVG.as_bytes()));
        assert!(!is_svg(b"\x89PNG\r\n") && !is_svg(b"<html>"));
        assert_eq!(size(SVG.as_bytes()), Some((40, 30)));
        let png = to_png(SVG.as_bytes(), 2.0).unwrap();
        assert_eq!(crate::document::assets::pixel_size(&png), Some((80, 60)));
    }

    #[test]
    fn svgs_with_a_doctype_are_svgs() {
        let body = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>";
        let public = format!(
            "<?xml version=\"1.0\" standalone=\"no\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{body}"
        );
        // Illustrator's: an internal subset of entities, with `>`s of its own.
        let subset = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n\t<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n\t<!ENTITY ns_xlink \"http://www.w3.org/1999/xlink\">\n]>\n{body}"
        );
        for text in [public, subset] {
            assert!(is_svg(text.as_bytes()), "{text}");
            assert_eq!(check(text.as_bytes()), Ok(()));
            assert_eq!(size(text.as_bytes()), Some((4, 3)));
        }
        // Entities that expand past the limit (a billion laughs) stay refused.
        let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"lol\">");
        for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i", "j"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = format!("&{prev};").repeat(10);
            laughs.push_str(&format!("<!ENTITY {name} \"{refs}\">"));
        }
        laughs.push_str("]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&j;</text></svg>");
        assert!(is_svg(laughs.as_bytes()));
        let e = check(laughs.as_bytes()).unwrap_err();
        assert!(e.contains("entities expand to"), "{e}");
    }

    #[test]
    fn files_an_svg_names_are_never_read_when_it_is_drawn() {
        // A red PNG on disk, named by path and by file: URL; the drawing stays white.
        let dir = std::env::temp_dir().join(format!("terbit-svg-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let red = dir.join("red.png");
        let pixels = [255u8, 0, 0, 255].repeat(16);
        let mut png = Vec::new();
        image::ImageEncoder::write_image(
            image::codecs::png::PngEncoder::new(&mut png),
            &pixels,
            4,
            4,
            image::ExtendedColorType::Rgba8,
        )
        .unwrap();
        std::fs::write(&red, png).unwrap();
        let path = red.display();
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"8\" height=\"4\"><image width=\"4\" height=\"4\" href=\"file://{path}\"/><image x=\"4\" width=\"4\" height=\"4\" xlink:href=\"{path}\"/></svg>"
        );
        let drawn = to_png(svg.as_bytes(), 1.0).unwrap();
        let decoded = image::load_from_memory(&drawn).unwrap().to_rgb8();
        assert!(decoded.pixels().all(|p| p.0 == [255, 255, 255]));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn scripts_and_broken_svgs_are_refused() {
        let scripted = "<svg xmlns=\"http://www.w3.org/2000/svg\"><SCRIPT>alert(1)</SCRIPT></svg>";
        assert!(parse(scripted.as_bytes()).unwrap_err().contains("script"));
        assert!(parse(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect").is_err());
    }
}
