//! Every image in every output (issue 13, parts 4 and 5, part of `robustness`): GIF and WebP
//! drawn in the PDFs, losslessly; a file cut short refused at the place that names it; SVGs
//! made safe for the EPUB (EPUBCheck passes) and SVGs with a DOCTYPE taken.

use super::*;

use image::ImageEncoder;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/images/");

/// `w` × `h` RGBA pixels: gradients, the left quarter half transparent.
fn rgba(w: u32, h: u32) -> Vec<u8> {
    let mut px = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let a = if x < w / 4 { 128 } else { 255 };
            px.extend_from_slice(&[(x * 7) as u8, (y * 5) as u8, 90, a]);
        }
    }
    px
}

/// A GIF of `frames` frames of 24 × 16 pixels, palette indices 0–3 (index 3 transparent).
fn gif(frames: usize) -> (Vec<u8>, Vec<u8>) {
    let palette = [200, 30, 30, 30, 160, 30, 30, 30, 200, 0, 0, 0];
    let indices: Vec<u8> = (0..24 * 16).map(|i| ((i % 24) / 6) as u8).collect();
    let mut out = Vec::new();
    {
        let mut enc = gif::Encoder::new(&mut out, 24, 16, &palette).unwrap();
        for _ in 0..frames {
            let mut f = gif::Frame::from_indexed_pixels(24, 16, indices.clone(), Some(3));
            f.palette = None;
            enc.write_frame(&f).unwrap();
        }
    }
    let expected = indices
        .iter()
        .flat_map(|&i| {
            let c = &palette[usize::from(i) * 3..][..3];
            [c[0], c[1], c[2], if i == 3 { 0 } else { 255 }]
        })
        .collect();
    (out, expected)
}

/// A lossless WebP of [`rgba`] pixels.
fn webp(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image_webp::WebPEncoder::new(&mut out)
        .encode(&rgba(w, h), w, h, image_webp::ColorType::Rgba8)
        .unwrap();
    out
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&rgba(w, h), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let rgb: Vec<u8> = rgba(w, h)
        .chunks(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A book whose chapter shows `name` (with `bytes`) on line 5.
fn book_showing(test: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let text = format!("# Bab\n\nTeks.\n\n![Gambar uji]({name})\n\nTeks lagi.\n");
    book(
        test,
        &[
            ("book.yaml", YAML),
            ("01.md", text.as_bytes()),
            (name, bytes),
        ],
    )
}

/// Build `book` into all three outputs: (screen PDF, EPUB path, warnings).
fn build(book: &Path) -> (Vec<u8>, PathBuf, Vec<String>) {
    let out = book.parent().unwrap().join("out");
    let built =
        pipeline::build_with_warnings(book, &out, &[Format::Epub, Format::Pdf, Format::Print])
            .unwrap_or_else(|e| panic!("{e}"));
    let path = |f: Format| {
        built
            .outputs
            .iter()
            .find(|o| o.format == f)
            .unwrap()
            .path
            .clone()
    };
    let warnings = built.warnings.iter().map(|d| d.to_string()).collect();
    (
        std::fs::read(path(Format::Pdf)).unwrap(),
        path(Format::Epub),
        warnings,
    )
}

/// The image XObjects of a PDF that are not soft masks, and the soft masks by object id.
fn pdf_images(pdf: &[u8]) -> Vec<(lopdf::Stream, Option<lopdf::Stream>)> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let image =
        |s: &lopdf::Stream| s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image");
    let masks: Vec<lopdf::ObjectId> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter_map(|s| s.dict.get(b"SMask").and_then(|m| m.as_reference()).ok())
        .collect();
    doc.objects
        .iter()
        .filter(|(id, _)| !masks.contains(id))
        .filter_map(|(_, o)| o.as_stream().ok())
        .filter(|s| image(s))
        .map(|s| {
            let mask = s.dict.get(b"SMask").and_then(|m| m.as_reference()).ok();
            let mask = mask.and_then(|id| doc.get_object(id).ok()?.as_stream().ok().cloned());
            (s.clone(), mask)
        })
        .collect()
}

/// The SVGs drawn as vectors in `pdf`: form XObjects whose matrix turns y-down units into the
/// unit square an image is placed in.
fn pdf_drawings(pdf: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Form"))
        .filter(|s| {
            s.dict
                .get(b"Matrix")
                .and_then(|m| m.as_array())
                .is_ok_and(|m| {
                    m.get(3)
                        .and_then(|d| d.as_float().ok())
                        .is_some_and(|d| d < 0.0)
                })
        })
        .count()
}

fn inflate(s: &lopdf::Stream) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::ZlibDecoder::new(&s.content[..]),
        &mut out,
    )
    .unwrap();
    out
}

fn size_of(s: &lopdf::Stream) -> (i64, i64) {
    let int = |k: &[u8]| s.dict.get(k).and_then(|n| n.as_i64()).unwrap_or(-1);
    (int(b"Width"), int(b"Height"))
}

/// `pdfimages -list` lines of the images (not masks), when poppler is installed.
fn pdfimages_list(pdf: &[u8], dir: &Path) -> Option<Vec<String>> {
    common::tool("pdfimages")?;
    let path = dir.join("check.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        text.lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn a_gif_is_drawn_in_the_pdf_losslessly_and_an_animation_warned_about() {
    let (file, expected) = gif(3);
    let dir = book_showing("gif-in-pdf", "anim.gif", &file);
    let (pdf, epub, warnings) = build(&dir);
    let found = pdf_images(&pdf);
    assert_eq!(found.len(), 1, "one image, not its alt text");
    let (img, mask) = &found[0];
    assert_eq!(size_of(img), (24, 16));
    let rgb: Vec<u8> = expected
        .chunks(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let alpha: Vec<u8> = expected.chunks(4).map(|p| p[3]).collect();
    // Transparent pixels keep whatever colour the decoder gives them: compare the others.
    let colour = inflate(img);
    for (i, a) in alpha.iter().enumerate() {
        if *a == 255 {
            assert_eq!(colour[i * 3..i * 3 + 3], rgb[i * 3..i * 3 + 3], "pixel {i}");
        }
    }
    assert_eq!(inflate(mask.as_ref().expect("a soft mask")), alpha);
    if let Some(list) = pdfimages_list(&pdf, dir.parent().unwrap()) {
        assert_eq!(list.len(), 1, "{list:?}");
        assert!(list[0].contains("24    16"), "{list:?}");
    }
    let animated: Vec<&String> = warnings.iter().filter(|w| w.contains("animated")).collect();
    assert_eq!(animated.len(), 1, "{warnings:?}");
    assert!(
        animated[0].contains("book/01.md:5:1: image `anim.gif` is animated"),
        "{animated:?}"
    );
    // The EPUB keeps the GIF as it is.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut kept = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("OEBPS/images/anim.gif").unwrap(),
        &mut kept,
    )
    .unwrap();
    assert!(kept == file);
    common::assert_epubcheck_passes(&epub);
}

#[test]
fn webp_lossless_and_lossy_are_drawn_in_the_pdf_and_the_epub_passes() {
    let lossless = webp(40, 30);
    let dir = book_showing("webp-in-pdf", "foto.webp", &lossless);
    let (pdf, epub, warnings) = build(&dir);
    assert!(warnings.is_empty(), "{warnings:?}");
    let found = pdf_images(&pdf);
    assert_eq!(found.len(), 1, "one image, not its alt text");
    let (img, mask) = &found[0];
    assert_eq!(size_of(img), (40, 30));
    let px = rgba(40, 30);
    let rgb: Vec<u8> = px.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    assert_eq!(inflate(img), rgb, "lossless: the very pixels");
    let alpha: Vec<u8> = px.chunks(4).map(|p| p[3]).collect();
    assert_eq!(inflate(mask.as_ref().expect("a soft mask")), alpha);
    if let Some(([fatals, errors, warnings], report)) = common::epubcheck(&epub) {
        assert_eq!((fatals, errors, warnings), (0, 0, 0), "{report}");
    }

    let lossy = std::fs::read(format!("{DATA}lossy.webp")).unwrap();
    let dir = book_showing("webp-lossy-in-pdf", "foto.webp", &lossy);
    let (pdf, _, _) = build(&dir);
    let found = pdf_images(&pdf);
    assert_eq!(found.len(), 1);
    assert_eq!(size_of(&found[0].0), (64, 48));
    assert!(found[0].1.is_none(), "opaque: no soft mask");
    if let Some(list) = pdfimages_list(&pdf, dir.parent().unwrap()) {
        assert_eq!(list.len(), 1, "{list:?}");
    }
}

#[test]
fn images_cut_short_are_refused_at_their_place() {
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("foto.jpg", jpeg(64, 48), "the JPEG file is cut short"),
        ("peta.png", png(64, 48), "the PNG file is cut short"),
        ("anim.gif", gif(1).0, "the GIF file is cut short"),
        ("foto.webp", webp(64, 48), "the WebP file is cut short"),
    ];
    for (name, whole, what) in cases {
        let cut = &whole[..whole.len() * 2 / 3];
        let dir = book_showing(&format!("cut-{name}"), name, cut);
        let out = terbit_build(&dir, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        let expected = format!("error: book/01.md:5:1: image `{name}`: {what}");
        assert!(err.contains(&expected), "{name}: {err}");
        assert!(err.contains("again from the original"), "{err}");
        assert!(!dir.parent().unwrap().join("out").exists());
        // The whole file builds.
        let dir = book_showing(&format!("whole-{name}"), name, &whole);
        let out = terbit_build(&dir, &[]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
    }
}

const HOSTILE_SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="80" height="60" onload="alert(1)">
  <script type="text/javascript">alert(2)</script>
  <rect width="80" height="60" fill="#36c" onclick="steal()"/>
  <a xlink:href="javascript:alert(3)"><circle cx="40" cy="30" r="10" fill="#fc0"/></a>
  <image x="0" y="0" width="10" height="10" xlink:href="file:///etc/passwd"/>
  <image x="10" y="0" width="10" height="10" href="https://example.com/track.png"/>
  <defs><circle id="dot" r="2"/></defs>
  <use href="#dot"/>
</svg>
"##;

#[test]
fn an_svg_with_scripts_and_outside_references_is_cleaned_with_one_warning() {
    let dir = book_showing("svg-hostile", "diagram.svg", HOSTILE_SVG.as_bytes());
    let (pdf, epub, warnings) = build(&dir);
    let svg_warnings: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("SVG image"))
        .collect();
    assert_eq!(svg_warnings.len(), 1, "one warning per SVG: {warnings:?}");
    let w = svg_warnings[0];
    assert!(
        w.contains("book/01.md:5:1: SVG image `diagram.svg`: removed "),
        "{w}"
    );
    for named in [
        "`onload`",
        "`<script>`",
        "`onclick`",
        "`javascript:`",
        "file:///etc/passwd",
    ] {
        assert!(w.contains(named), "{named} not named in {w}");
    }
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    let mut svg = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("OEBPS/images/diagram.svg").unwrap(),
        &mut svg,
    )
    .unwrap();
    for gone in [
        "onload",
        "script",
        "onclick",
        "javascript",
        "file:",
        "example.com",
        "alert",
    ] {
        assert!(
            !svg.contains(gone),
            "{gone} is still in the EPUB's SVG:\n{svg}"
        );
    }
    assert!(
        svg.contains("<use href=\"#dot\"/>") && svg.contains("fill=\"#fc0\""),
        "{svg}"
    );
    assert_eq!(pdf_drawings(&pdf), 1, "drawn in the PDF");
    if let Some(([fatals, errors, warnings], report)) = common::epubcheck(&epub) {
        assert_eq!((fatals, errors, warnings), (0, 0, 0), "{report}");
    }
}

#[test]
fn an_svg_with_a_doctype_is_taken_and_an_entity_bomb_refused() {
    // As Illustrator writes it: the SVG 1.1 DTD named, and an internal subset of entities whose
    // declarations hold `>`s of their own.
    let doctype = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
        <!-- Generator: Adobe Illustrator 27.0.0, SVG Export Plug-In . SVG Version: 6.00 Build 0)  -->\n\
        <!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\" [\n\
        \t<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">\n\
        \t<!ENTITY ns_xlink \"http://www.w3.org/1999/xlink\">\n\
        ]>\n\
        <svg version=\"1.1\" xmlns=\"&ns_svg;\" xmlns:xlink=\"&ns_xlink;\" width=\"80\" height=\"60\">\
        <rect width=\"80\" height=\"60\" fill=\"#c33\"/></svg>\n";
    let dir = book_showing("svg-doctype", "peta.svg", doctype.as_bytes());
    let (pdf, epub, warnings) = build(&dir);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(pdf_drawings(&pdf), 1);
    if let Some(([fatals, errors, warnings], report)) = common::epubcheck(&epub) {
        assert_eq!((fatals, errors, warnings), (0, 0, 0), "{report}");
    }

    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"lollollollol\">\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h"];
    for pair in names.windows(2) {
        bomb.push_str(&format!(
            "<!ENTITY {} \"{}\">\n",
            pair[1],
            format!("&{};", pair[0]).repeat(10)
        ));
    }
    bomb.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&h;</text></svg>\n");
    let dir = book_showing("svg-bomb", "bom.svg", bomb.as_bytes());
    let out = terbit_build(&dir, &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("book/01.md:5:1: image `bom.svg`: the SVG's XML entities expand to"),
        "{err}"
    );
}

#[test]
fn an_animated_webp_prints_its_first_frame_with_a_warning() {
    let file = std::fs::read(format!("{DATA}animated.webp")).unwrap();
    let dir = book_showing("webp-animated", "anim.webp", &file);
    let (pdf, epub, warnings) = build(&dir);
    let found = pdf_images(&pdf);
    assert_eq!(found.len(), 1);
    assert_eq!(size_of(&found[0].0), (20, 10));
    // The first frame is red (lossy: near enough), not the second's blue.
    let px = inflate(&found[0].0);
    assert!(px[0] > 200 && px[2] < 60, "{:?}", &px[..3]);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("book/01.md:5:1: image `anim.webp` is animated")),
        "{warnings:?}"
    );
    common::assert_epubcheck_passes(&epub);
}
