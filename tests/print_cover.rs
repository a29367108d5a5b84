//! The print cover as a print-on-demand service's preflight checks it: its size is two trims
//! and the spine with 0.125 in of bleed all round, the spine as wide as the interior's pages
//! are thick on the chosen paper; the spine carries text exactly when the book is thick enough
//! for the service; every word stays inside the safe zones; and a barcode reader reads the
//! ISBN from a 600 dpi rendering of it. Interiors are the trim size, their page counts even and
//! at least the service's minimum.

mod common;

use std::path::{Path, PathBuf};

use lopdf::Document;

const ISBN: &str = "978-602-03-3295-6";

/// A book in `dir` of `chapters` copies of the first book's chapter, with `yaml` added to its
/// book.yaml; returns the folder its outputs go to.
fn book(dir: &Path, chapters: usize, yaml: &str) -> PathBuf {
    let chapter = std::fs::read_dir(common::manuscript())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = std::fs::read_to_string(chapter).unwrap();
    for i in 0..chapters {
        std::fs::write(
            dir.join(format!("ch{i:03}.md")),
            text.replacen("# ", &format!("# {i}. "), 1),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("book.yaml"),
        format!(
            "title: Hubungan Turki dan Eurasia\n\
             language: id\n\
             authors:\n  - name: Dr. Cemil Doğaç Ipek\n    affiliation: Universitas Atatürk\n\
             publisher: Penerbit Contoh\n\
             description: Salah satu visi utama NATO adalah kemitraan untuk perdamaian.\n\
             {yaml}"
        ),
    )
    .unwrap();
    dir.join("out")
}

/// The size of each page of `pdf`: MediaBox width and height, and the TrimBox.
fn pages(pdf: &Path) -> Vec<([f32; 2], [f32; 4])> {
    let doc = Document::load(pdf).unwrap();
    let nums = |o: &lopdf::Object| -> Vec<f32> {
        o.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_float().unwrap())
            .collect()
    };
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).unwrap();
            let m = nums(page.get(b"MediaBox").unwrap());
            let t = nums(page.get(b"TrimBox").unwrap());
            ([m[2] - m[0], m[3] - m[1]], [t[0], t[1], t[2], t[3]])
        })
        .collect()
}

/// Every word of page 1 of `pdf` with its box (points from the top-left corner), as
/// `pdftotext -bbox` finds them.
fn words(pdf: &Path) -> Vec<(String, [f32; 4])> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    let mut found = Vec::new();
    for part in html.split("<word ").skip(1) {
        let attr = |name: &str| -> f32 {
            let at = part.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            part[at..at + part[at..].find('"').unwrap()]
                .parse()
                .unwrap()
        };
        let text = part[part.find('>').unwrap() + 1..part.find("</word>").unwrap()].to_string();
        found.push((
            text,
            [attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")],
        ));
    }
    found
}

/// What the barcode reader reads from the back cover's lower half at 600 dpi.
fn barcode(pdf: &Path, dir: &Path, back: [f32; 2]) -> String {
    let [x, width] = back.map(|v| (v / 72.0 * 600.0) as u32);
    let (_, [_, _, _, top]) = pages(pdf)[0];
    let y = (top / 2.0 / 72.0 * 600.0) as u32;
    let png = dir.join("back");
    let rendered = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "600",
            "-singlefile",
            "-x",
            &x.to_string(),
            "-y",
            &y.to_string(),
        ])
        .args(["-W", &width.to_string(), "-H", &y.to_string()])
        .arg(pdf)
        .arg(&png)
        .status()
        .unwrap();
    assert!(rendered.success());
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(png.with_extension("png"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// One book built and its cover checked against `trim` (inches) and the paper's thickness
/// per page; returns the interior's page count and whether the spine had words.
fn check(
    name: &str,
    chapters: usize,
    trim: (f32, f32),
    yaml: &str,
    thickness: f32,
) -> (usize, bool) {
    let dir = common::scratch(name);
    let out = book(&dir, chapters, yaml);
    let said = common::terbit_ok(
        &["build", ".", "-o", "out", "--format", "print,cover"],
        &dir,
    );
    let print = out.join("hubungan-turki-dan-eurasia-print.pdf");
    let cover = out.join("hubungan-turki-dan-eurasia-cover.pdf");
    let (w, h) = (trim.0 * 72.0, trim.1 * 72.0);

    // The interior: the trim size, nothing bleeding; an even count, at least KDP's 24.
    let interior = pages(&print);
    let n = interior.len();
    assert!(n >= 24 && n.is_multiple_of(2), "{name}: {n} pages");
    for (size, _) in &interior {
        assert!(
            (size[0] - w).abs() < 0.01 * 72.0 && (size[1] - h).abs() < 0.01 * 72.0,
            "{size:?}"
        );
    }

    // The cover: 2 × trim + spine + 0.25 in by trim + 0.25 in, within 0.01 in.
    let sheet = pages(&cover);
    assert_eq!(sheet.len(), 1);
    let ([cw, ch], trim_box) = sheet[0];
    let spine = n as f32 * thickness * 72.0;
    let (want_w, want_h) = (2.0 * w + spine + 18.0, h + 18.0);
    assert!(
        (cw - want_w).abs() < 0.72 && (ch - want_h).abs() < 0.72,
        "{name}: cover {:.3}×{:.3} in, want {:.3}×{:.3} ({n} pages; build said {said})",
        cw / 72.0,
        ch / 72.0,
        want_w / 72.0,
        want_h / 72.0
    );
    assert!((trim_box[0] - 9.0).abs() < 0.01 && (trim_box[3] - (h + 9.0)).abs() < 0.01);

    // Every word inside its panel's safe zone: 0.125 in inside the trim and the folds on the
    // covers, 0.0625 in clear of each fold on the spine.
    let b = 9.0;
    let panels = [
        ("back", b, b + w, 9.0),
        ("spine", b + w, b + w + spine, 4.5),
        ("front", b + w + spine, b + 2.0 * w + spine, 9.0),
    ];
    let mut on_spine = 0;
    let found = words(&cover);
    assert!(found.len() > 20, "{name}: {} words", found.len());
    for (word, [x0, y0, x1, y1]) in &found {
        let centre = (x0 + x1) / 2.0;
        let (panel, left, right, clear) = panels
            .iter()
            .copied()
            .find(|(_, l, r, _)| (*l..*r).contains(&centre))
            .unwrap_or_else(|| panic!("{name}: `{word}` at x {centre} is on no panel"));
        on_spine += usize::from(panel == "spine");
        let ends = if panel == "spine" { 9.0 } else { clear };
        assert!(
            *x0 >= left + clear - 0.01
                && *x1 <= right - clear + 0.01
                && *y0 >= b + ends - 0.01
                && *y1 <= b + h - ends + 0.01,
            "{name}: `{word}` at [{x0} {y0} {x1} {y1}] is outside the {panel}'s safe zone \
             [{} {} {} {}]",
            left + clear,
            b + ends,
            right - clear,
            b + h - ends
        );
    }
    if yaml.contains(ISBN) {
        let back = [b, w];
        assert_eq!(barcode(&cover, &dir, back), ISBN.replace('-', ""), "{name}");
    }
    (n, on_spine > 0)
}

#[test]
fn the_cover_is_two_trims_and_the_spine_and_its_spine_has_text_past_79_pages() {
    let (Some(()), Some(()), Some(())) = (
        common::tool("pdftotext"),
        common::tool("pdftoppm"),
        common::tool("zbarimg"),
    ) else {
        return;
    };
    let isbn = format!("isbn:\n  print: {ISBN}\n");
    let cases = [
        (
            "cover-6x9-white",
            3,
            (6.0, 9.0),
            "pdf:\n  page_size: 6x9in\n",
            0.002252,
        ),
        (
            "cover-5.5-cream",
            24,
            (5.5, 8.5),
            "pdf:\n  page_size: 5.5x8.5in\nprint:\n  paper: cream\n",
            0.0025,
        ),
        (
            "cover-a5-white",
            14,
            (148.0 / 25.4, 210.0 / 25.4),
            "",
            0.002252,
        ),
        (
            "cover-6x9-cream",
            40,
            (6.0, 9.0),
            "pdf:\n  page_size: 6x9in\nprint:\n  paper: cream\n",
            0.0025,
        ),
    ];
    let mut sides = [false; 2];
    for (name, chapters, trim, yaml, thickness) in cases {
        let (pages, text) = check(name, chapters, trim, &format!("{yaml}{isbn}"), thickness);
        assert_eq!(text, pages > 79, "{name}: {pages} pages, spine text {text}");
        sides[usize::from(pages > 79)] = true;
    }
    assert_eq!(sides, [true; 2], "books on both sides of 79 pages");
}

/// The grey levels of the rectangle (x, y, width, height, in points from the sheet's top-left
/// corner) of `pdf`'s first page, rendered at 72 dpi.
fn grey(pdf: &Path, dir: &Path, [x, y, w, h]: [f32; 4]) -> Vec<u8> {
    let out = dir.join("box");
    let status = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "72", "-singlefile"])
        .args(["-x", &(x as u32).to_string(), "-y", &(y as u32).to_string()])
        .args(["-W", &(w as u32).to_string(), "-H", &(h as u32).to_string()])
        .arg(pdf)
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let pgm = std::fs::read(out.with_extension("pgm")).unwrap();
    // P5, width, height, maxval, then the pixels.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    pgm[at + 1..].to_vec()
}

#[test]
fn without_an_isbn_the_barcode_box_is_left_clear_and_with_one_it_holds_the_bars() {
    let Some(()) = common::tool("pdftoppm") else {
        return;
    };
    for (name, yaml) in [
        ("cover-no-isbn", "pdf:\n  page_size: 6x9in\n".to_string()),
        (
            "cover-isbn",
            format!("pdf:\n  page_size: 6x9in\nisbn:\n  print: {ISBN}\n"),
        ),
    ] {
        let dir = common::scratch(name);
        let out = book(&dir, 1, &yaml);
        common::terbit_ok(&["build", ".", "-o", "out", "--format", "cover"], &dir);
        let cover = out.join("hubungan-turki-dan-eurasia-cover.pdf");
        // KDP's box: 2 × 1.2 in, 0.25 in from the spine fold and the bottom trim (the sheet
        // has 9 pt of bleed); looked at 2 pt inside its edges.
        let (x, y) = (9.0 + 432.0 - 18.0 - 144.0, 9.0 + 648.0 - 18.0 - 86.4);
        let pixels = grey(&cover, &dir, [x + 2.0, y + 2.0, 140.0, 82.0]);
        let dark = pixels.iter().filter(|&&p| p < 128).count();
        if yaml.contains("isbn") {
            assert!(dark > 1000, "{name}: {dark} dark pixels: no bars");
        } else {
            assert_eq!(dark, 0, "{name}: the box is not clear");
            assert!(
                pixels.iter().all(|&p| p > 250),
                "{name}: the box is not white"
            );
        }
    }
}

#[test]
fn a_wrong_isbn_stops_the_build_at_its_place_and_writes_nothing() {
    let dir = common::scratch("cover-wrong-isbn");
    let out = book(&dir, 1, "isbn:\n  print: 978-602-03-3295-5\n");
    let run = common::terbit(&["build", ".", "-o", "out"], &dir);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{err}");
    assert!(err.contains("book.yaml:9:10"), "{err}");
    assert!(err.contains("the first twelve digits give 6"), "{err}");
    let written = std::fs::read_dir(&out).map(|d| d.count()).unwrap_or(0);
    assert_eq!(written, 0, "files were written");
}

#[test]
fn a_spine_too_narrow_for_text_is_left_plain_and_check_says_the_service_would_refuse_it() {
    // IngramSpark prints spine text from 48 pages, but its white paper makes such a spine
    // about 0.1 in: no type fits with 1/16 in clear of each fold.
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let dir = common::scratch("cover-ingram");
    let out = book(&dir, 12, "print:\n  service: ingramspark\n  spine: text\n");
    let said = common::terbit_ok(
        &["build", ".", "-o", "out", "--format", "print,cover"],
        &dir,
    );
    let print = out.join("hubungan-turki-dan-eurasia-print.pdf");
    let n = pages(&print).len();
    assert!(
        (48..80).contains(&n),
        "{n} pages: the book should have 48 to 79"
    );
    assert!(
        said.contains("book.yaml:10:3: the spine is left without text"),
        "{said}"
    );
    assert!(said.contains("too narrow for text"), "{said}");
    // IngramSpark prints its own barcode on the last page: it is blank.
    let last = std::process::Command::new("pdftotext")
        .args(["-f", &n.to_string(), "-l", &n.to_string()])
        .arg(&print)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&last.stdout).trim().is_empty());
    let report = terbit::check::check(&dir);
    let refused: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.kind == terbit::check::Kind::Print)
        .filter(|f| f.severity == terbit::check::Severity::Error)
        .collect();
    assert_eq!(refused.len(), 1, "{}", report.to_text());
    assert!(refused[0].diagnostic.message.contains("left without text"));
    // `terbit check --no-print`: a book published only as an e-book.
    let out = common::terbit(&["check", ".", "--no-print"], &dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("spine") && !text.contains("print edition"),
        "{text}"
    );
}

#[test]
fn an_mdbook_takes_its_print_settings_from_book_toml() {
    let Some(()) = common::tool("pdfinfo") else {
        return;
    };
    let dir = common::scratch("cover-mdbook");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("src/SUMMARY.md"),
        "# Summary\n\n- [Satu](satu.md)\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/satu.md"), "# Satu\n\nTeks pertama.\n").unwrap();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = \"Buku\"\nlanguage = \"id\"\n\n[output.terbit]\n\
             publisher = \"Penerbit\"\n\n[output.terbit.isbn]\nprint = \"{ISBN}\"\n\n\
             [output.terbit.pdf]\npage_size = \"6x9in\"\n\n[output.terbit.print]\n\
             service = \"lulu\"\npaper = \"cream\"\n"
        ),
    )
    .unwrap();
    let said = common::terbit_ok(
        &["build", ".", "-o", "out", "--format", "print,cover"],
        &dir,
    );
    // Lulu: 32 pages at least, its spine pages ÷ 444 + 0.06 in.
    assert!(said.contains("made 32"), "{said}");
    let cover = dir.join("out/buku-cover.pdf");
    let ([w, h], _) = pages(&cover)[0];
    let spine = (32.0 / 444.0 + 0.06) * 72.0;
    assert!((w - (2.0 * 432.0 + spine + 18.0)).abs() < 0.72, "{w}");
    assert!((h - (648.0 + 18.0)).abs() < 0.72, "{h}");
    // A page size it does not know is refused at its place.
    let toml = std::fs::read_to_string(dir.join("book.toml")).unwrap();
    std::fs::write(dir.join("book.toml"), toml.replace("6x9in", "20x30in")).unwrap();
    let run = common::terbit(&["build", ".", "-o", "out"], &dir);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("book.toml:12:13: unknown page size `20x30in`"),
        "{err}"
    );
}
