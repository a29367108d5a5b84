//! Covers: without `cover:` in book.yaml terbit draws a typographic one — a 1600×2560 PNG in the
//! EPUB and the first page of the screen PDF; with one, the author's is used in both; the print
//! edition has none.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use terbit::pipeline::{self, Format};

fn entry(epub: &Path, name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut file = zip.by_name(name).ok()?;
    let mut data = Vec::new();
    file.read_to_end(&mut data).unwrap();
    Some(data)
}

/// Whether the EPUB's entry `name` is stored as it is (not deflated).
fn stored(epub: &Path, name: &str) -> bool {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let file = zip.by_name(name).unwrap();
    file.compression() == zip::CompressionMethod::Stored
}

/// `pdfimages -list` rows: (page, width, height).
fn images(pdf: &Path) -> Option<Vec<(u32, u32, u32)>> {
    common::tool("pdfimages")?;
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(
        list.lines()
            .skip(2)
            .map(|l| {
                let c: Vec<&str> = l.split_whitespace().collect();
                (
                    c[0].parse().unwrap(),
                    c[3].parse().unwrap(),
                    c[4].parse().unwrap(),
                )
            })
            .collect(),
    )
}

/// The first page of `pdf` drawn by pdftoppm at 30 dpi: width, height, RGB pixels.
fn first_page_pixels(pdf: &Path) -> Option<(usize, usize, Vec<u8>)> {
    common::tool("pdftoppm")?;
    let out = Command::new("pdftoppm")
        .args(["-r", "30", "-f", "1", "-l", "1"])
        .arg(pdf)
        .output()
        .ok()?;
    assert!(out.status.success(), "pdftoppm failed");
    // A binary PPM: "P6", width, height, 255, each followed by one blank, then the pixels.
    let data = out.stdout;
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        let start = i;
        while !data[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..i]).into_owned());
        i += 1;
    }
    assert_eq!(fields[0], "P6");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    Some((w, h, data[i..i + 3 * w * h].to_vec()))
}

fn page_text(pdf: &Path, page: u32) -> Option<String> {
    common::tool("pdftotext")?;
    let p = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_book_without_a_cover_gets_a_typographic_one() {
    let dir = common::scratch("cover-generated");
    let book = dir.join("buku");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Kemitraan untuk Perdamaian\nsubtitle: NATO dan Kazakhstan\nlanguage: id\n\
         authors: [Cemil Doğaç Ipek]\nseries: {name: Hubungan Turki dan Eurasia, number: 50}\n",
    )
    .unwrap();
    std::fs::write(book.join("a.md"), "# Bab\n\nTeks.\n").unwrap();
    let built = pipeline::build(
        &book,
        &dir.join("out"),
        &[Format::Epub, Format::Pdf, Format::Print],
    )
    .unwrap();
    let (epub, screen, print) = (&built[0].path, &built[1].path, &built[2].path);

    let png = entry(epub, "OEBPS/images/cover.png").expect("a cover image in the EPUB");
    assert_eq!(
        terbit::document::assets::pixel_size(&png),
        Some((1600, 2560))
    );
    // A PNG any decoder reads (drawn in bands, see `terbit::png`), on its dark ground, and
    // stored in the archive as it is: deflating a PNG again saves nothing.
    let pixels = image::load_from_memory(&png)
        .expect("the cover decodes")
        .to_rgb8();
    for (x, y) in [(0, 0), (1599, 2559), (5, 1279), (5, 1280), (1594, 640)] {
        let [r, g, b] = pixels.get_pixel(x, y).0;
        assert!(
            u32::from(r) + u32::from(g) + u32::from(b) < 300,
            "dark ground at ({x}, {y}): {r} {g} {b}"
        );
    }
    assert!(stored(epub, "OEBPS/images/cover.png"));
    assert!(!stored(epub, "OEBPS/ch01.xhtml"), "text is deflated");
    let opf = String::from_utf8(entry(epub, "OEBPS/content.opf").unwrap()).unwrap();
    assert!(opf.contains("properties=\"cover-image\""), "{opf}");
    assert!(entry(epub, "OEBPS/cover.xhtml").is_some());
    common::assert_epubcheck_passes(epub);
    assert_eq!(
        std::fs::read_dir(&book).unwrap().count(),
        2,
        "nothing written into the book"
    );

    // The screen PDF opens with it, drawn as shapes and text (no picture): the title and
    // authors can be searched, and the page shows the coloured ground. The print PDF has none.
    if let Some(list) = images(screen) {
        assert!(list.is_empty(), "{list:?}");
    }
    if let Some(text) = page_text(screen, 1) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("Kemitraan untuk Perdamaian") && text.contains("Cemil Doğaç Ipek"),
            "the cover page names the book and its author: {text}"
        );
        // The series in spaced capitals reads as words, not as single letters.
        assert!(
            text.contains("HUBUNGAN TURKI DAN EURASIA · 50"),
            "the series: {text}"
        );
    }
    if let Some((width, height, pixels)) = first_page_pixels(screen) {
        // A5's proportions, the ground dark near the top corner, inside the frame.
        assert!((height as f32 / width as f32 - 210.0 / 148.0).abs() < 0.02);
        let at = |x: usize, y: usize| &pixels[3 * (y * width + x)..3 * (y * width + x) + 3];
        let corner = at(width / 10, height / 15);
        assert!(
            corner.iter().all(|&c| c < 160),
            "a dark ground, not a white page: {corner:?}"
        );
    }
    if let Some(text) = page_text(screen, 2) {
        assert!(
            text.contains("Kemitraan untuk Perdamaian"),
            "then the title page: {text}"
        );
    }
    if let Some(list) = images(print) {
        assert!(list.is_empty(), "{list:?}");
    }
    // Bookmarks still lead to the chapter, a page further on.
    let doc = lopdf::Document::load(screen).unwrap();
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().values().copied().collect();
    let outlines = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let first = doc
        .get_dictionary(outlines)
        .unwrap()
        .get(b"First")
        .unwrap()
        .as_reference()
        .unwrap();
    let dest = doc
        .get_dictionary(first)
        .unwrap()
        .get(b"Dest")
        .unwrap()
        .as_array()
        .unwrap();
    let target = dest[0].as_reference().unwrap();
    let at = pages.iter().position(|&p| p == target).unwrap();
    let text = page_text(screen, at as u32 + 1).unwrap_or_else(|| "Bab".into());
    assert!(
        text.contains("Bab"),
        "the bookmark's page shows the chapter: {text}"
    );
}

#[test]
fn an_authors_cover_is_used_in_the_epub_and_the_screen_pdf() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture");
    let dir = common::scratch("cover-own");
    let built = pipeline::build(&fixture, &dir, &[Format::Epub, Format::Pdf]).unwrap();
    assert!(
        entry(&built[0].path, "OEBPS/images/cover.png").is_none(),
        "no generated cover"
    );
    let kapak = entry(&built[0].path, "OEBPS/images/kapak.png").expect("the author's cover");
    assert!(
        kapak == std::fs::read(fixture.join("gambar/kapak.png")).unwrap(),
        "the author's file, as it is"
    );
    assert!(stored(&built[0].path, "OEBPS/images/kapak.png"));
    if let Some(list) = images(&built[1].path) {
        assert_eq!(
            (list[0].0, list[0].1, list[0].2),
            (1, 6, 9),
            "kapak.png first: {list:?}"
        );
    }
}

#[test]
fn the_generated_cover_is_the_same_on_every_build() {
    let m = terbit::manuscript::load(&common::manuscript()).unwrap();
    let a = terbit::cover::png(&m.config, &terbit::fonts::FontSet::bundled(), 400, 640).unwrap();
    let b = terbit::cover::png(&m.config, &terbit::fonts::FontSet::bundled(), 400, 640).unwrap();
    assert!(a == b);
    let mut other = m.config.clone();
    other.title = "Judul Lain".into();
    assert!(terbit::cover::png(&other, &terbit::fonts::FontSet::bundled(), 400, 640).unwrap() != a);
}
