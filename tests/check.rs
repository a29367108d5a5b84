//! `terbit check`: each check finds its problem at its FILE:LINE:COL, errors fail the command
//! (warnings too with --strict), `--format json` says the same for CI, and the book's folder is
//! never touched.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::terbit;

/// Every file of `dir` with its bytes and modification time, for "nothing changed" checks.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let modified = std::fs::metadata(&p).unwrap().modified().unwrap();
                out.push((p.clone(), std::fs::read(&p).unwrap(), modified));
            }
        }
    }
    out.sort();
    out
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn the_manuscript_has_yang_yang_and_straight_quotes_and_is_left_as_it_was() {
    let book = common::manuscript();
    let before = snapshot(&book);
    let dir = book.parent().unwrap();
    let out = terbit(&["check", "manuscript"], dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "warnings only:\n{text}");
    assert!(
        text.contains(
            "warning: manuscript/01-kemitraan-untuk-perdamaian.md:15:246: the word `yang` is repeated"
        ),
        "{text}"
    );
    assert!(
        text.contains("manuscript/01-kemitraan-untuk-perdamaian.md:3:36: straight double quote"),
        "{text}"
    );
    assert!(
        text.contains("15 | …") && text.contains("yang yang ditujukan"),
        "{text}"
    );
    // The description in book.yaml quotes the essay's first sentence with straight quotes.
    assert!(
        text.contains("manuscript/book.yaml:44:1: straight double quote `\"` in `description`"),
        "{text}"
    );
    assert!(
        text.trim_end().ends_with("check: 0 errors, 9 warnings"),
        "{text}"
    );

    let strict = terbit(&["check", "manuscript", "--strict"], dir);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");

    let j = json(&terbit(&["check", "manuscript", "--format", "json"], dir));
    assert_eq!(j["errors"], 0);
    let repeated: Vec<&serde_json::Value> = j["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "repeated-word")
        .collect();
    assert_eq!(repeated.len(), 1, "{j}");
    assert_eq!(repeated[0]["line"], 15);
    assert_eq!(repeated[0]["column"], 246);
    assert_eq!(repeated[0]["severity"], "warning");
    assert_eq!(snapshot(&book), before, "check changed the manuscript");
}

/// A book with one of each problem.
fn flawed_book(dir: &Path) -> PathBuf {
    let book = dir.join("cacat");
    std::fs::create_dir_all(book.join("gambar")).unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture/gambar");
    std::fs::copy(data.join("kapak.png"), book.join("gambar/kapak.png")).unwrap();
    std::fs::copy(data.join("peta.png"), book.join("gambar/peta.png")).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Buku Cacat\nlanguage: id\nauthors: [Ayşe]\ncover: gambar/kapak.png\n\
         isbn:\n  epub: 978-3-16-148410-1\nsubtitle: Kata \"Damai\" di sini\n",
    )
    .unwrap();
    std::fs::write(
        book.join("01.md"),
        "# Satu\n\nLihat [bagian hilang](#tidak-ada) dan [bab dua](02.md#dua).\n\n\
         ![Peta](gambar/peta.png)\n\nHuruf 一 tidak ada.\n",
    )
    .unwrap();
    std::fs::write(book.join("02.md"), "# Dua {#dua}\n\nTeks (tanpa tutup.\n").unwrap();
    book
}

#[test]
fn each_problem_is_found_at_its_place() {
    let dir = common::scratch("check-flawed");
    let book = flawed_book(&dir);
    let before = snapshot(&book);
    let out = terbit(&["check", "cacat", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1), "errors fail the check");
    let j = json(&out);
    let findings = j["findings"].as_array().unwrap();
    let find = |check: &str| -> Vec<(String, u64, u64, String, String)> {
        findings
            .iter()
            .filter(|f| f["check"] == check)
            .map(|f| {
                (
                    f["file"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                    f["severity"].as_str().unwrap().to_string(),
                    f["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let links = find("broken-link");
    assert_eq!(links.len(), 1, "{j}");
    assert_eq!(
        (&links[0].0[..], links[0].1, links[0].2),
        ("cacat/01.md", 3, 7)
    );
    assert_eq!(links[0].3, "error");
    assert!(links[0].4.contains("#tidak-ada"));

    // (Unless this machine has a font that draws 一: fonts-noto-core's Nüshu font does.)
    let drawn = std::process::Command::new("fc-list")
        .arg(":charset=4e00")
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    let fonts = find("font-coverage");
    if !drawn {
        assert_eq!(fonts.len(), 1, "{j}");
        assert!(fonts[0].4.contains("U+4E00"), "{fonts:?}");
        // A warning: the book builds, with a box in the PDFs where the character is.
        assert_eq!(fonts[0].3, "warning", "{fonts:?}");
    }

    let covers = find("cover");
    assert_eq!(covers.len(), 2, "size and ratio: {j}");
    assert!(
        covers
            .iter()
            .all(|c| c.0 == "cacat/book.yaml" && c.1 == 4 && c.2 == 8)
    );
    assert!(covers[0].4.contains("6×9 pixels"), "{covers:?}");

    let images = find("image-resolution");
    assert_eq!(images.len(), 1, "{j}");
    assert_eq!(
        (&images[0].0[..], images[0].1, images[0].2),
        ("cacat/01.md", 5, 1)
    );
    assert!(images[0].4.contains("dpi"), "{images:?}");

    let meta = find("metadata");
    assert!(
        meta.iter()
            .any(|m| m.4.contains("not a valid ISBN") && m.3 == "error" && m.1 == 6)
    );
    assert!(meta.iter().any(|m| m.4.contains("no `description`")));
    assert!(meta.iter().any(|m| m.4.contains("no `identifier`")));

    // book.yaml's values are printed as written: their straight quotes are found too.
    let quotes = find("straight-quote");
    assert_eq!(quotes.len(), 1, "{j}");
    assert_eq!(
        (&quotes[0].0[..], quotes[0].1, quotes[0].2),
        ("cacat/book.yaml", 7, 1)
    );
    assert!(quotes[0].4.contains("`subtitle`"), "{quotes:?}");

    let open = find("unbalanced");
    assert_eq!(open.len(), 1, "{j}");
    assert_eq!(
        (&open[0].0[..], open[0].1, open[0].2),
        ("cacat/02.md", 3, 6)
    );
    assert_eq!(j["errors"].as_u64().unwrap(), 2, "link, ISBN: {j}");

    // The text report says the same, one line per finding plus the summary.
    let out = terbit(&["check", "cacat"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("error: cacat/01.md:3:7: no heading or note `#tidak-ada`"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with(&format!("check: 2 errors, {} warnings", findings.len() - 2))
    );
    assert_eq!(snapshot(&book), before, "check changed the book");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing written beside it"
    );
}

#[test]
fn a_book_that_cannot_be_read_is_one_error_at_its_place() {
    let dir = common::scratch("check-unreadable");
    std::fs::write(
        dir.join("book.yaml"),
        "title: T\nlanguage: id\nsubtitel: S\n",
    )
    .unwrap();
    std::fs::write(dir.join("a.md"), "Teks.\n").unwrap();
    let out = terbit(&["check", ".", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let j = json(&out);
    assert_eq!(j["errors"], 1);
    let f = &j["findings"][0];
    assert_eq!(
        (
            f["check"].as_str(),
            f["line"].as_u64(),
            f["column"].as_u64()
        ),
        (Some("build"), Some(3), Some(1))
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("unknown key `subtitel`")
    );

    let out = terbit(&["check", "tidak-ada"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no such folder"));
}

#[test]
fn a_new_book_has_no_errors() {
    let dir = common::scratch("check-new");
    terbit::init::init(&dir.join("baru"), "tr").unwrap();
    let report = terbit::check::check(&dir.join("baru"));
    assert_eq!(report.errors(), 0, "{}", report.to_text());
    // Only the metadata the sample leaves for the author (ISBN, description, cover), and that
    // a print service would print it on more pages than it has.
    use terbit::check::Kind;
    assert!(
        report
            .findings
            .iter()
            .all(|f| matches!(f.kind, Kind::Metadata | Kind::Print)),
        "{}",
        report.to_text()
    );
}

/// `check` refuses what `build` refuses in book.yaml and book.toml, at the same place (a date
/// that does not exist, a second document, a file too large, mdBook's `src` outside the book),
/// and passes what `build` builds (long values everywhere but the title, whose file name is
/// the build's to bound).
#[test]
fn check_and_build_agree_on_the_metadata() {
    let mut big = String::from("title: T\nlanguage: id\nhyphenation:\n");
    for i in 0..60_000 {
        big.push_str(&format!("  - kata{i}\n"));
    }
    let cases: [(&str, &str, &str, &str); 4] = [
        (
            "check-date",
            "book.yaml",
            "title: T\nlanguage: id\ndate: 2026-02-29\n",
            "book.yaml:3:7: `2026-02-29` is not a date: February 2026 has days 01 to 28",
        ),
        (
            "check-second-document",
            "book.yaml",
            "title: T\nlanguage: id\n---\n",
            "book.yaml:3:1: book.yaml holds a second YAML document at line 3",
        ),
        (
            "check-too-large",
            "book.yaml",
            &big,
            "book.yaml is too large: it holds more than 50,000 values",
        ),
        (
            "check-mdbook-src",
            "book.toml",
            "[book]\ntitle = \"Buku\"\nsrc = \"../luar\"\n",
            "book.toml:3:1: `src = \"../luar\"` is outside the book's folder",
        ),
    ];
    for (name, file, text, expected) in cases {
        let dir = common::scratch(name);
        std::fs::write(dir.join(file), text).unwrap();
        std::fs::write(dir.join("a.md"), "Teks.\n").unwrap();
        let check = terbit(&["check", "."], &dir);
        let said = String::from_utf8_lossy(&check.stdout);
        assert_eq!(check.status.code(), Some(1), "{name}: {said}");
        assert!(said.contains(expected), "{name}: check said\n{said}");
        assert!(!said.contains("anchors"), "{name}: {said}");
        let build = terbit(&["build", ".", "-o", "out", "--format", "epub"], &dir);
        let err = String::from_utf8_lossy(&build.stderr);
        assert_eq!(build.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(expected), "{name}: build said\n{err}");
    }

    let long = "Kata yang panjang sekali ".repeat(12);
    let dir = common::scratch("check-long-values");
    std::fs::write(
        dir.join("book.yaml"),
        format!(
            "title: Pendek\nlanguage: id\nsubtitle: {long}\nauthors: [\"{long}\"]\n\
             series: {{name: \"{long}\", number: 3}}\npublisher: {long}\n\
             description: {long}\nrights: {long}\nsubjects: [\"{long}\"]\ndate: 2024-02-29\n"
        ),
    )
    .unwrap();
    std::fs::write(dir.join("a.md"), "# Bab\n\nTeks.\n").unwrap();
    let check = terbit(&["check", "."], &dir);
    let said = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{said}");
    let build = terbit(&["build", ".", "-o", "out"], &dir);
    assert!(
        build.status.success(),
        "check passed, so build must: {}",
        String::from_utf8_lossy(&build.stderr)
    );
}

/// An image with no alt text is a warning of `check` (kind `alt-text`) and of the build, at its
/// place, once per file; one marked decorative (`alt=""` written out) or described is not; and
/// the EPUB claims WCAG conformance only when none is left.
#[test]
fn an_image_without_alt_text_is_found_and_a_decorative_one_is_not() {
    let dir = common::scratch("check-alt");
    let book = dir.join("buku");
    std::fs::create_dir_all(&book).unwrap();
    let images = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/images");
    let jpg = std::fs::read(images.join("progressive.jpg")).unwrap();
    std::fs::write(book.join("peta.jpg"), &jpg).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Uji\nauthors: [Penulis]\nlanguage: id\nchapters: [a.md]\n",
    )
    .unwrap();
    let chapter = "# Bab\n\nTeks.\n\n![](peta.jpg)\n\n<img src=\"peta.jpg\" alt=\"\">\n\n\
                   ![Peta Eurasia](peta.jpg)\n\nLagi: ![](peta.jpg)\n";
    std::fs::write(book.join("a.md"), chapter).unwrap();
    let report = terbit::check::check(&book);
    let alt: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.kind == terbit::check::Kind::AltText)
        .map(|f| format!("{}:{}", f.diagnostic.line, f.diagnostic.column))
        .collect();
    assert_eq!(alt, ["5:1"], "{}", report.to_text());
    let built = terbit::pipeline::build_with_warnings(
        &book,
        &dir.join("out"),
        &[terbit::pipeline::Format::Epub],
    )
    .unwrap();
    assert!(
        built
            .warnings
            .iter()
            .any(|w| w.line == 5 && w.message.contains("has no alt text")),
        "{:?}",
        built.warnings
    );
    let epub = std::fs::File::open(&built.outputs[0].path).unwrap();
    let mut zip = zip::ZipArchive::new(epub).unwrap();
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(!opf.contains("conformsTo"), "{opf}");
}
