//! Typefaces the author chooses in book.yaml (issue 14): embedded as subsets in both PDFs and
//! the EPUB (CFF-flavoured .otf and TrueType alike), refused at their book.yaml line when they
//! lack a letter the book's language needs or forbid embedding, fonts from `--font-path` for
//! characters no other font draws, and a font replaced between two builds of one process
//! drawn as the new font (caches keyed by the font, not its role or path).
//!
//! The fonts are small subsets in tests/data/fonts (EB Garamond, Noto Sans, Noto Sans CJK and
//! Hebrew, all under the SIL Open Font License; see the README there).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fonts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fonts")
}

/// A book in `dir/book` with `yaml`, one chapter `md`, and the test fonts in `book/fonts`.
fn book(name: &str, yaml: &str, md: &str) -> PathBuf {
    let dir = common::scratch(name);
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("fonts")).unwrap();
    for entry in std::fs::read_dir(fonts_dir()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, book.join("fonts").join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(book.join("book.yaml"), yaml).unwrap();
    std::fs::write(book.join("01.md"), md).unwrap();
    dir
}

const CHAPTER: &str = "# Giriş ve İlk Bölüm\n\n\
    Türkçe: ılık İstanbul ğüşöç ÇĞÖŞÜ âîû. *Eğik yazı* ve **kalın yazı**.\n\n\
    Çince 中文 ve İbranice שלום.\n\n```\nfn main() { println!(\"ğüş\"); }\n```\n";

const YAML: &str = "title: Yazı Tipleri\nlanguage: tr\nauthors: [Cemil Doğaç İpek]\nfonts:\n  \
    body: {regular: fonts/TestGaramond-Regular.otf, italic: fonts/TestGaramond-Italic.otf, \
    bold: fonts/TestGaramond-Bold.otf}\n  heading: fonts/TestSans-Regular.ttf\n  \
    fallback: [fonts/TestSymbols-Regular.ttf]\n";

fn pdffonts(pdf: &Path) -> String {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn epub_files(epub: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

#[test]
fn the_books_typefaces_are_embedded_in_every_output() {
    let dir = book("book-fonts", YAML, CHAPTER);
    let err = common::terbit_ok(
        &["build", "--ignore-system-fonts", "book", "-o", "out"],
        &dir,
    );
    // The book's own fallback draws what its faces lack; nothing is left undrawn.
    assert!(
        err.contains("note: Test Symbols (book/fonts/TestSymbols-Regular.ttf) drew 6 characters: 中 文 ש ל ו ם"),
        "{err}"
    );
    assert!(!err.contains("warning"), "{err}");

    for pdf in ["out/yazi-tipleri.pdf", "out/yazi-tipleri-print.pdf"] {
        let pdf = dir.join(pdf);
        if common::tool("pdffonts").is_some() {
            let fonts = pdffonts(&pdf);
            // CFF outlines as CIDFontType0 in an OpenType file, TrueType as CIDFontType2;
            // each embedded, a subset, with a Unicode map.
            for (name, kind) in [
                ("+TestGaramond-Regular ", "CID Type 0C (OT)"),
                ("+TestGaramond-Italic ", "CID Type 0C (OT)"),
                ("+TestGaramond-Bold ", "CID Type 0C (OT)"),
                ("+TestSans-Regular ", "CID TrueType"),
                ("+TestSymbols-Regular ", "CID TrueType"),
                ("+DejaVuSansMono ", "CID TrueType"),
            ] {
                let line = fonts.lines().find(|l| l.contains(name));
                assert!(
                    line.is_some_and(|l| l.contains(kind) && l.contains("yes yes yes")),
                    "{name}: {fonts}"
                );
            }
            // Gentium is not used at all.
            assert!(!fonts.contains("Gentium"), "{fonts}");
        }
        if common::tool("pdftotext").is_some() {
            let text = pdftotext(&pdf);
            for words in [
                "ılık İstanbul ğüşöç ÇĞÖŞÜ âîû",
                "Eğik yazı",
                "中文",
                "Giriş ve İlk Bölüm",
            ] {
                assert!(
                    text.contains(words),
                    "{words} not in {}:\n{text}",
                    pdf.display()
                );
            }
        }
    }

    let epub = dir.join("out/yazi-tipleri.epub");
    let files = epub_files(&epub);
    let get = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| d.clone())
            .unwrap_or_else(|| panic!("{name} not in the EPUB"))
    };
    let css = String::from_utf8(get("OEBPS/stylesheet.css")).unwrap();
    for (file, family, format) in [
        ("TestGaramond-Regular.otf", "Test Garamond", "opentype"),
        ("TestGaramond-Italic.otf", "Test Garamond", "opentype"),
        ("TestGaramond-Bold.otf", "Test Garamond", "opentype"),
        ("TestSans-Regular.ttf", "Test Sans", "truetype"),
        ("TestSymbols-Regular.ttf", "Test Symbols", "truetype"),
    ] {
        let data = get(&format!("OEBPS/fonts/{file}"));
        let original = std::fs::read(fonts_dir().join(file)).unwrap();
        assert!(data.len() < original.len(), "{file} is not a subset");
        let face = rustybuzz::ttf_parser::Face::parse(&data, 0).unwrap();
        assert!(
            file.starts_with("TestSymbols") || face.glyph_index('ı').is_some(),
            "{file} lost ı"
        );
        // Each character still maps to its own glyph: the same advance and, in a CFF font
        // (whose glyphs keep their numbers), the same glyph, of a glyph count that is the
        // CFF table's (a reader's font sanitizer refuses a font whose counts disagree).
        let full = rustybuzz::ttf_parser::Face::parse(&original, 0).unwrap();
        let mut compared = 0;
        for c in "Türkçe ılık İstanbul ğüşöç".chars() {
            let (Some(a), Some(b)) = (full.glyph_index(c), face.glyph_index(c)) else {
                continue;
            };
            compared += 1;
            assert_eq!(
                full.glyph_hor_advance(a),
                face.glyph_hor_advance(b),
                "{file} {c}"
            );
            if file.ends_with(".otf") {
                assert_eq!(a, b, "{file} {c}");
                assert_eq!(face.number_of_glyphs(), full.number_of_glyphs(), "{file}");
            }
        }
        assert!(
            file.starts_with("TestSymbols") || compared >= 5,
            "{file}: {compared}"
        );
        assert!(
            css.contains(&format!("font-family: \"{family}\";"))
                && css.contains(&format!("url(\"fonts/{file}\") format(\"{format}\")")),
            "{file}:\n{css}"
        );
    }
    assert!(
        css.contains("body { font-family: \"Test Garamond\", \"Test Symbols\", serif; }"),
        "{css}"
    );
    assert!(css.contains("h1, h2, h3, h4, h5, h6, p.subtitle { font-family: \"Test Sans\""));
    // No bold italic of its own: the reader makes it from the bold, no rule claims one.
    assert!(
        !css.contains("font-style: italic;\n  font-weight: bold;"),
        "{css}"
    );
    assert!(!files.iter().any(|(n, _)| n.contains("Gentium")));
    if let Some(([fatals, errors, warnings], report)) = common::epubcheck(&epub) {
        assert_eq!((fatals, errors, warnings), (0, 0, 0), "{report}");
    }
}

#[test]
fn a_font_lacking_a_letter_of_the_language_is_refused_at_its_line() {
    let yaml = "title: Harfler\nlanguage: tr\nfonts:\n  body: fonts/TestGaramond-NoDotless.otf\n";
    let dir = book("font-letters", yaml, "# Bir\n\nMetin.\n");
    let run = common::terbit(&["build", "book", "-o", "out"], &dir);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "book/book.yaml:4:9: `fonts.body`: font `fonts/TestGaramond-NoDotless.otf` (Test \
             Garamond NoDotless) lacks letters the book's language needs: ı (U+0131)"
        ),
        "{err}"
    );
    assert!(
        err.contains("4 |   body: fonts/TestGaramond-NoDotless.otf"),
        "{err}"
    );
    assert!(!dir.join("out").exists(), "nothing written");
    // `check` says the same.
    let check = common::terbit(&["check", "book"], &dir);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stdout).contains("book/book.yaml:4:9:"));
    // Indonesian does not write ı: the same font is fine there.
    std::fs::write(
        dir.join("book/book.yaml"),
        yaml.replace("language: tr", "language: id"),
    )
    .unwrap();
    let run = common::terbit(&["build", "book", "-o", "out"], &dir);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn fonts_that_cannot_be_used_are_refused_at_their_line() {
    let cases: [(&str, &str); 5] = [
        (
            "  code: fonts/TestGaramond-Restricted.otf\n",
            "`fonts.code`: the maker of font `fonts/TestGaramond-Restricted.otf` (Test Garamond \
             Restricted) forbids embedding it in documents (OS/2 fsType 0x0002)",
        ),
        (
            "  heading: fonts/Missing.ttf\n",
            "`fonts.heading`: font `fonts/Missing.ttf` not found",
        ),
        (
            "  body: {regular: fonts/TestGaramond-Regular.otf, bold: fonts/README.md}\n",
            "`fonts.body.bold`: font `fonts/README.md` is not a font terbit can read",
        ),
        (
            "  fallback: [../outside.ttf]\n",
            "`fonts.fallback`: font `../outside.ttf` is outside the book's folder",
        ),
        (
            "  body: {italic: fonts/TestGaramond-Italic.otf}\n",
            "book/book.yaml:4:",
        ),
    ];
    for (i, (key, said)) in cases.iter().enumerate() {
        let yaml = format!("title: Yazı\nlanguage: id\nfonts:\n{key}");
        let dir = book(&format!("font-refused-{i}"), &yaml, "# Bir\n\nTeks.\n");
        let run = common::terbit(&["build", "book", "-o", "out"], &dir);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{key}: {err}");
        assert!(err.contains(said), "{key}: {err}");
        assert!(err.starts_with("error: book/book.yaml:4:"), "{key}: {err}");
        assert!(!dir.join("out").exists(), "nothing written");
    }
}

#[test]
fn fonts_from_a_font_path_draw_what_no_other_font_does() {
    let dir = book(
        "font-path",
        "title: Salam\nlanguage: id\n",
        "# Salam\n\nSalam dalam bahasa Ibrani: שלום, dan dalam bahasa Cina: 中文.\n",
    );
    // Without: a warning naming the characters, and the build succeeds.
    let err = common::terbit_ok(
        &["build", "--ignore-system-fonts", "book", "-o", "out"],
        &dir,
    );
    assert!(err.contains("6 characters that no font can draw"), "{err}");
    // With a folder of fonts: drawn, and the build says by which font.
    let path = fonts_dir();
    let err = common::terbit_ok(
        &[
            "build",
            "--ignore-system-fonts",
            "--font-path",
            path.to_str().unwrap(),
            "book",
            "-o",
            "out",
        ],
        &dir,
    );
    assert!(!err.contains("no font can draw"), "{err}");
    assert!(
        err.contains(&format!(
            "note: Test Symbols ({}) drew 6 characters: ש ל ו ם 中 文",
            path.join("TestSymbols-Regular.ttf").display()
        )),
        "{err}"
    );
    if common::tool("pdffonts").is_some() {
        let fonts = pdffonts(&dir.join("out/salam.pdf"));
        assert!(fonts.contains("+TestSymbols-Regular "), "{fonts}");
    }
    if common::tool("pdftotext").is_some() {
        let text = pdftotext(&dir.join("out/salam.pdf"));
        assert!(text.contains("中文"), "{text}");
    }
    // `check` looks where `build` looks.
    let check = common::terbit(
        &[
            "check",
            "--strict",
            "--ignore-system-fonts",
            "--font-path",
            path.to_str().unwrap(),
            "book",
        ],
        &dir,
    );
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(!said.contains("no font can draw"), "{said}");
}

#[test]
fn a_font_file_replaced_between_two_builds_is_drawn_as_the_new_font() {
    // As in a `watch` session: the same path, in one process, another font. Word caches keyed
    // by role or path would draw the new font's glyph numbers from the old one's shapes.
    let yaml = "title: Ganti\nlanguage: id\nfonts:\n  body: fonts/body.otf\n";
    let md = "# Ganti Huruf\n\nKalimat yang sama dalam dua huruf berbeda, kata demi kata.\n";
    let dir = book("font-replaced", yaml, md);
    let body = dir.join("book/fonts/body.otf");
    let mut texts = Vec::new();
    for (i, font) in ["TestGaramond-Regular.otf", "TestSans-Regular.ttf"]
        .iter()
        .enumerate()
    {
        std::fs::copy(fonts_dir().join(font), &body).unwrap();
        let out = dir.join(format!("out{i}"));
        let built =
            terbit::pipeline::build(&dir.join("book"), &out, &[terbit::pipeline::Format::Pdf])
                .unwrap();
        let pdf = &built[0].path;
        if common::tool("pdffonts").is_some() {
            let fonts = pdffonts(pdf);
            let want = font.trim_end_matches(".otf").trim_end_matches(".ttf");
            assert!(fonts.contains(&format!("+{want} ")), "{fonts}");
        }
        if common::tool("pdftotext").is_some() {
            texts.push(pdftotext(pdf));
        }
    }
    for text in &texts {
        assert!(
            text.contains("Kalimat yang sama dalam dua huruf berbeda, kata demi kata."),
            "{text}"
        );
    }
    if let [a, b] = texts.as_slice() {
        // Different widths, so the words' positions and so the extracted lines may differ,
        // but both hold the whole text.
        assert!(a.contains("Ganti Huruf") && b.contains("Ganti Huruf"));
    }
}

/// Every page's content streams of `pdf`, decompressed and joined.
fn contents(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut all = Vec::new();
    for id in doc.get_pages().values() {
        all.extend(doc.get_page_content(*id));
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[test]
fn styles_a_typeface_has_no_font_for_are_made_from_its_regular() {
    // A body of one file: emphasis is slanted and strong text emboldened from it, as e-readers
    // make them (the EPUB declares the regular face alone), never set upright and plain.
    let yaml = "title: Gaya\nlanguage: id\nfonts:\n  body: fonts/TestSans-Regular.ttf\n";
    let md = "# Gaya\n\nTeks biasa, *teks miring*, **teks tebal** dan ***keduanya***.\n";
    let dir = book("font-made-styles", yaml, md);
    let run = common::terbit(&["build", "book", "-o", "out"], &dir);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = contents(&dir.join("out/gaya.pdf"));
    assert!(text.contains("1 0 0.2126 1 "), "no slanted text matrix");
    assert!(text.contains(" w 2 Tr"), "no emboldened text");
    assert!(text.contains("0 Tr"), "emboldening is switched off again");
    let files = epub_files(&dir.join("out/gaya.epub"));
    let css = files
        .iter()
        .find(|(n, _)| n.ends_with("stylesheet.css"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .unwrap();
    assert_eq!(
        css.matches("font-family: \"Test Sans\";").count(),
        1,
        "{css}"
    );
    // terbit's own fonts have every style: nothing is made.
    let dir = book("font-real-styles", "title: Gaya\nlanguage: id\n", md);
    let run = common::terbit(&["build", "book", "-o", "out"], &dir);
    assert!(run.status.success());
    let text = contents(&dir.join("out/gaya.pdf"));
    assert!(!text.contains("0.2126") && !text.contains("2 Tr"));
}

#[test]
fn the_generated_cover_draws_its_title_with_the_books_fallbacks() {
    let yaml = "title: Kitap 中文\nlanguage: tr\nauthors: [Ayşe 本書]\nfonts:\n  \
                fallback: [fonts/TestSymbols-Regular.ttf]\n";
    let dir = book("font-cover", yaml, "# Bir\n\nMetin.\n");
    let err = common::terbit_ok(
        &["build", "--ignore-system-fonts", "book", "-o", "out"],
        &dir,
    );
    assert!(!err.contains("warning"), "{err}");
    if common::tool("pdftotext").is_some() {
        // The PDF's first page is the generated cover.
        let out = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1"])
            .arg(dir.join("out/kitap.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("中文") && text.contains("本書"), "{text}");
    }
    // The EPUB's cover image is drawn with the fallback too: not the image drawn without it.
    let files = epub_files(&dir.join("out/kitap.epub"));
    let png = &files
        .iter()
        .find(|(n, _)| n.ends_with("images/cover.png"))
        .expect("a drawn cover")
        .1;
    let config = terbit::manuscript::config::parse(Path::new("book.yaml"), yaml).unwrap();
    let without = terbit::cover::generated(&config, &terbit::fonts::FontSet::bundled())
        .unwrap()
        .unwrap();
    assert_ne!(
        png, &without,
        "the cover was drawn without the book's fallback"
    );
}

#[test]
fn an_mdbook_names_its_typefaces_under_output_terbit() {
    let dir = common::scratch("font-mdbook");
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("src")).unwrap();
    std::fs::create_dir_all(book.join("fonts")).unwrap();
    for f in ["TestGaramond-Regular.otf", "TestGaramond-NoDotless.otf"] {
        std::fs::copy(fonts_dir().join(f), book.join("fonts").join(f)).unwrap();
    }
    let toml = "[book]\ntitle = \"Kitap\"\nlanguage = \"tr\"\n\n[output.html]\n\n\
                [output.terbit.fonts]\nbody = \"fonts/TestGaramond-Regular.otf\"\n";
    std::fs::write(book.join("book.toml"), toml).unwrap();
    std::fs::write(book.join("src/SUMMARY.md"), "# Özet\n\n- [Bir](bir.md)\n").unwrap();
    std::fs::write(book.join("src/bir.md"), "# Bir\n\nTürkçe ılık metin.\n").unwrap();
    let run = common::terbit(&["build", "book", "-o", "out", "--format", "pdf"], &dir);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    if common::tool("pdffonts").is_some() {
        let fonts = pdffonts(&dir.join("out/kitap.pdf"));
        assert!(fonts.contains("+TestGaramond-Regular "), "{fonts}");
    }
    // Refused at the line of book.toml that names it.
    std::fs::write(
        book.join("book.toml"),
        toml.replace("TestGaramond-Regular", "TestGaramond-NoDotless"),
    )
    .unwrap();
    let run = common::terbit(&["build", "book", "-o", "out", "--format", "pdf"], &dir);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("book/book.toml:8:8: `fonts.body`: font `fonts/TestGaramond-NoDotless.otf`"),
        "{err}"
    );
    // A book.yaml beside book.toml wins, and the build says so.
    std::fs::write(
        book.join("book.yaml"),
        "title: Kitap\nlanguage: tr\nchapters: [src/bir.md]\n",
    )
    .unwrap();
    let err = common::terbit_ok(&["build", "book", "-o", "out", "--format", "pdf"], &dir);
    assert!(
        err.contains("note: book.yaml and book.toml are both here"),
        "{err}"
    );
}

#[test]
fn a_variable_font_is_set_at_its_default_instance() {
    let yaml = "title: Huruf Variabel\nlanguage: id\nauthors: [A]\nfonts:\n  \
                body: fonts/TestVariable-Regular.ttf\n";
    let dir = book(
        "font-variable",
        yaml,
        "# Huruf Variabel\n\nTeks dalam huruf variabel: pendidikan, kebudayaan, café.\n",
    );
    let run = common::terbit(&["build", "book", "-o", "out"], &dir);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    if common::tool("pdffonts").is_some() {
        let fonts = pdffonts(&dir.join("out/huruf-variabel.pdf"));
        let line = fonts.lines().find(|l| l.contains("+TestVariable-Regular "));
        assert!(line.is_some_and(|l| l.contains("yes yes yes")), "{fonts}");
    }
    if common::tool("pdftotext").is_some() {
        let text = pdftotext(&dir.join("out/huruf-variabel.pdf"));
        assert!(text.contains("pendidikan, kebudayaan, café."), "{text}");
    }
    let epub = dir.join("out/huruf-variabel.epub");
    let files = epub_files(&epub);
    assert!(
        files
            .iter()
            .any(|(n, _)| n.ends_with("fonts/TestVariable-Regular.ttf"))
    );
    if let Some(([fatals, errors, warnings], report)) = common::epubcheck(&epub) {
        assert_eq!((fatals, errors, warnings), (0, 0, 0), "{report}");
    }
}
