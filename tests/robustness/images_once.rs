//! Images (issue 12, part of `robustness`): each file read once for every output, a JPEG
//! passed through to the PDF as it is, and a big image decoded in memory that does not follow
//! its pixel count.

use super::*;

use image::ImageEncoder;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/images/");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}{name}")).unwrap()
}

/// A `w` × `h` JPEG of a busy pattern (so that it is not tiny), 8-bit RGB, baseline, with
/// `exif` (TIFF data) if given.
fn jpeg(w: u32, h: u32, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut rgb = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let v = x.wrapping_mul(y).wrapping_mul(2_654_435_761) >> 24;
            rgb.extend_from_slice(&[(x / 4) as u8, (y / 3) as u8, v as u8]);
        }
    }
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    if let Some(exif) = exif {
        enc.set_exif_metadata(exif).unwrap();
    }
    enc.write_image(&rgb, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// EXIF data (big-endian TIFF) holding one tag: the orientation `o`.
fn exif_orientation(o: u16) -> Vec<u8> {
    let mut t = b"MM\0*\0\0\0\x08\0\x01".to_vec();
    t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    t.extend_from_slice(&o.to_be_bytes());
    t.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    t
}

/// The image XObjects of a PDF.
fn images(pdf: &[u8]) -> Vec<lopdf::Stream> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Image"))
        .cloned()
        .collect()
}

fn name_of<'a>(s: &'a lopdf::Stream, key: &[u8]) -> &'a [u8] {
    s.dict
        .get(key)
        .and_then(|n| n.as_name())
        .unwrap_or_default()
}

fn int_of(s: &lopdf::Stream, key: &[u8]) -> i64 {
    s.dict.get(key).and_then(|n| n.as_i64()).unwrap_or(-1)
}

/// Build `book` into EPUB and both PDFs; returns the screen and print PDFs.
fn build_all(book: &Path) -> (Vec<u8>, Vec<u8>) {
    let out = book.parent().unwrap().join("out");
    let outputs = pipeline::build(book, &out, &[Format::Epub, Format::Pdf, Format::Print])
        .unwrap_or_else(|e| panic!("{e}"));
    let read = |f: Format| {
        let o = outputs.iter().find(|o| o.format == f).unwrap();
        std::fs::read(&o.path).unwrap()
    };
    (read(Format::Pdf), read(Format::Print))
}

#[test]
fn a_jpeg_is_in_the_pdf_byte_for_byte_and_the_pdf_barely_larger() {
    let photo = jpeg(1200, 900, None);
    assert!(photo.len() > 100_000, "a photograph-sized file");
    let text = b"# Foto\n\nSebuah foto.\n\n![Foto pantai](foto.jpg)\n";
    let with = book(
        "jpeg-through",
        &[("book.yaml", YAML), ("01.md", text), ("foto.jpg", &photo)],
    );
    let without = book(
        "jpeg-through-none",
        &[("book.yaml", YAML), ("01.md", b"# Foto\n\nSebuah foto.\n")],
    );
    let (screen, print) = build_all(&with);
    let (bare, _) = build_all(&without);
    for pdf in [&screen, &print] {
        let found = images(pdf);
        assert_eq!(found.len(), 1);
        let img = &found[0];
        assert_eq!(name_of(img, b"Filter"), b"DCTDecode");
        assert_eq!(name_of(img, b"ColorSpace"), b"DeviceRGB");
        assert_eq!((int_of(img, b"Width"), int_of(img, b"Height")), (1200, 900));
        assert!(img.content == photo, "the JPEG's bytes, as they are");
        // The image costs the PDF its own size, and a page and its caption's glyphs: not its
        // pixels deflated (3.2 MB of them, several times the JPEG).
        let added = pdf.len() as i64 - bare.len() as i64;
        assert!(
            added < photo.len() as i64 + 20_000,
            "{added} bytes for a {}-byte JPEG",
            photo.len()
        );
    }
}

#[test]
fn cmyk_grey_and_progressive_jpegs_pass_through_with_their_colour_spaces() {
    let grey = {
        let mut out = Vec::new();
        let pixels: Vec<u8> = (0..64u32 * 48).map(|i| (i % 64 * 4) as u8).collect();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
            .encode(&pixels, 64, 48, image::ExtendedColorType::L8)
            .unwrap();
        out
    };
    let cmyk = fixture("cmyk-adobe.jpg");
    let progressive = fixture("progressive.jpg");
    let text = b"# Warna\n\n![cmyk](cmyk.jpg)\n\n![abu](abu.jpg)\n\n![p](p.jpg)\n";
    let dir = book(
        "jpeg-spaces",
        &[
            ("book.yaml", YAML),
            ("01.md", text),
            ("cmyk.jpg", &cmyk),
            ("abu.jpg", &grey),
            ("p.jpg", &progressive),
        ],
    );
    let (screen, _) = build_all(&dir);
    let found = images(&screen);
    let by_bytes = |bytes: &[u8]| {
        found
            .iter()
            .find(|s| s.content == bytes)
            .unwrap_or_else(|| panic!("a stream holding the file's bytes"))
    };
    let c = by_bytes(&cmyk);
    assert_eq!(name_of(c, b"ColorSpace"), b"DeviceCMYK");
    assert_eq!(name_of(c, b"Filter"), b"DCTDecode");
    // Adobe's CMYK JPEGs store the inks inverted; the PDF says so.
    let decode: Vec<i64> = c
        .dict
        .get(b"Decode")
        .and_then(|d| d.as_array())
        .expect("a Decode array")
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    assert_eq!(decode, [1, 0, 1, 0, 1, 0, 1, 0]);
    let g = by_bytes(&grey);
    assert_eq!(name_of(g, b"ColorSpace"), b"DeviceGray");
    assert!(g.dict.get(b"Decode").is_err());
    let p = by_bytes(&progressive);
    assert_eq!(name_of(p, b"ColorSpace"), b"DeviceRGB");
    assert_eq!(name_of(p, b"Filter"), b"DCTDecode");
}

#[test]
fn a_turned_photograph_passes_through_and_is_drawn_upright() {
    // Stored 400 × 300, EXIF orientation 6: shown turned a quarter clockwise, 300 × 400.
    let photo = jpeg(400, 300, Some(exif_orientation(6)));
    let text = b"# Foto\n\n![Foto tegak](tegak.jpg)\n";
    let dir = book(
        "jpeg-turned",
        &[("book.yaml", YAML), ("01.md", text), ("tegak.jpg", &photo)],
    );
    let (screen, _) = build_all(&dir);
    let found = images(&screen);
    assert_eq!(found.len(), 1);
    assert!(found[0].content == photo, "passed through, not decoded");
    let doc = lopdf::Document::load_mem(&screen).unwrap();
    // The form that turns it: its matrix maps the stored picture onto the upright one.
    let form = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(|n| n.as_name()).ok() == Some(b"Form"))
        .expect("a form XObject");
    let content =
        String::from_utf8(form.decompressed_content().unwrap_or(form.content.clone())).unwrap();
    assert_eq!(tokens(&content), "0 -1 1 0 0 1 cm /I Do");
    // The page places it portrait: `w 0 0 h x y cm /ImN Do` with h / w = 4 / 3.
    let placed = doc
        .get_pages()
        .values()
        .map(|&p| tokens(&String::from_utf8_lossy(&doc.get_page_content(p))))
        .find_map(|c| {
            let at = c.find(" cm /Im")?;
            let nums: Vec<f32> = c[..at]
                .rsplit('q')
                .next()?
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            Some((nums[0], nums[3]))
        })
        .expect("the image drawn");
    let ratio = placed.1 / placed.0;
    assert!((ratio - 4.0 / 3.0).abs() < 0.01, "{placed:?}");
}

#[test]
fn a_jpeg_no_reader_takes_as_it_is_is_decoded_or_refused_at_its_place() {
    // Arithmetic coding: PDF readers do not take it, and neither does the decoder at hand.
    let text = b"# A\n\nTeks.\n\n![aritmetika](a.jpg)\n";
    let dir = book(
        "jpeg-arithmetic",
        &[
            ("book.yaml", YAML),
            ("01.md", text),
            ("a.jpg", &fixture("arithmetic.jpg")),
        ],
    );
    let out = terbit_build(&dir, &["--format", "pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("book/01.md:5:1:"), "{err}");
    assert!(err.contains("`a.jpg` cannot be drawn in the PDF"), "{err}");
    // The PDF was being written when the image was found wanting: its temporary file, the
    // drawn pages' scratch file and the output folder the build made are all gone.
    let out_dir = dir.parent().unwrap().join("out");
    assert!(!out_dir.exists(), "a failed build left {out_dir:?}");
}

#[test]
fn each_image_file_is_read_once_for_every_output() {
    let photo = jpeg(200, 150, None);
    let png = {
        let mut out = Vec::new();
        image::codecs::png::PngEncoder::new(&mut out)
            .write_image(&[90u8; 30 * 20 * 3], 30, 20, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    };
    // The photograph is the cover and shown in two chapters; the PNG twice in one.
    let yaml = b"title: Buku Uji\nlanguage: id\ncover: foto.jpg\n";
    let dir = book(
        "read-once",
        &[
            ("book.yaml", yaml),
            (
                "01.md",
                b"# Satu\n\n![foto](foto.jpg)\n\n![p](p.png)\n\n![p](p.png)\n",
            ),
            ("bab/02.md", b"# Dua\n\n![foto](../foto.jpg)\n"),
            ("foto.jpg", &photo),
            ("p.png", &png),
        ],
    );
    build_all(&dir);
    use terbit::document::assets::times_read;
    for name in ["foto.jpg", "p.png"] {
        let path = dir.join(name).canonicalize().unwrap();
        assert_eq!(times_read(&path), 1, "{name}");
    }
}

/// Write at `path` a PNG of `side` × `side` pixels, 16-bit RGBA, of a gradient, row by row.
fn big_png(side: u32, path: &Path) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut enc = png::Encoder::new(file, side, side);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Sixteen);
    enc.set_compression(png::Compression::Fast);
    let mut w = enc.write_header().unwrap().into_stream_writer().unwrap();
    let mut row = vec![0u8; side as usize * 8];
    for y in 0..side {
        for (x, px) in row.chunks_exact_mut(8).enumerate() {
            let v = ((x as u32 + y) & 0xffff) as u16;
            px[..2].copy_from_slice(&v.to_be_bytes());
            px[6..].copy_from_slice(&[0xff, 0xff]);
        }
        std::io::Write::write_all(&mut w, &row).unwrap();
    }
    w.finish().unwrap();
}

/// Peak resident memory (KiB) of `terbit build` of `book` (PDF only). A child's own peak
/// includes the memory of the process that started it (the kernel keeps the larger of the two
/// at `exec`), and this test process is large: the build is started by a small one, this test
/// binary run for [`peak_probe`] alone.
fn peak_kib(book: &Path) -> i64 {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "images_once::peak_probe",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("TERBIT_PEAK_PROBE", book)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout
        .lines()
        .find_map(|l| l.split("peak-kib ").nth(1)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak reported: {stdout}{}", stderr(&out)))
}

/// Not a check: with `TERBIT_PEAK_PROBE` set to a book's folder, builds it (PDF only) and prints
/// the build's peak resident memory (see [`peak_kib`]).
#[test]
// The child is waited for by `wait4`, which also gives its resource usage.
#[allow(clippy::zombie_processes)]
fn peak_probe() {
    let Some(book) = std::env::var_os("TERBIT_PEAK_PROBE") else {
        return;
    };
    let book = PathBuf::from(book);
    let child = Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(["-q", "build", "book", "-o", "out", "--format", "pdf"])
        .current_dir(book.parent().unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it in for this child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child just started, whose pid this is.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    println!("peak-kib {}", usage.ru_maxrss);
}

#[test]
fn a_big_png_takes_memory_that_does_not_grow_with_its_pixels() {
    // 1500² and 3000² pixels (4 times as many), 16-bit RGBA: decoded whole, the larger would
    // take 72 MB more than the smaller, four times the difference again in conversions.
    let mut peaks = Vec::new();
    let mut widths = Vec::new();
    for side in [1500u32, 3000] {
        let dir = book(
            &format!("big-png-{side}"),
            &[
                ("book.yaml", YAML),
                ("01.md", b"# Besar\n\n![peta](peta.png)\n"),
            ],
        );
        big_png(side, &dir.join("peta.png"));
        peaks.push(peak_kib(&dir));
        let pdf = std::fs::read(dir.parent().unwrap().join("out/buku-uji.pdf")).unwrap();
        let found = images(&pdf);
        assert_eq!(found.len(), 1);
        widths.push(int_of(&found[0], b"Width"));
    }
    // Reduced to the page's need (300 dpi across the text block), the same for both.
    assert_eq!(widths[0], widths[1]);
    assert!(widths[0] < 1500, "{widths:?}");
    assert!(
        peaks[1] < peaks[0] + 16 * 1024,
        "peak RSS {} KiB for 4× the pixels of {} KiB",
        peaks[1],
        peaks[0]
    );
}

/// A content stream's tokens, one space apart (a name's slash is a delimiter, written with or
/// without a space before it).
fn tokens(content: &str) -> String {
    content
        .replace('/', " /")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
