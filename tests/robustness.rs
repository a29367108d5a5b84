//! Bad and hostile input (issue 4): every case ends in exit code 1 with
//! `error: FILE:LINE:COL: …` (never a panic, a signal or a hang), leaves earlier outputs as they
//! were, and never touches the author's files; raw HTML becomes safe XHTML; work is bounded.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use terbit::pipeline::{self, Format};

/// A book folder `name` (fresh) with `files` (path → bytes) in it.
fn book(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = common::scratch(&format!("robust-{name}"));
    let book = dir.join("book");
    for (path, bytes) in files {
        let p = book.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    book
}

const YAML: &[u8] = b"title: Buku Uji\nlanguage: id\n";

/// Run `terbit build book -o out` in the folder that holds `book`.
fn terbit_build(book: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "book", "-o", "out"];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(&args)
        .current_dir(book.parent().unwrap())
        .output()
        .expect("terbit runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.is_dir() {
                todo.push(p);
            } else if meta.is_file() {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// Build `book` (which must succeed), then break it with `break_it` and build again: the
/// second build must fail with exit code 1 and a message starting with `error: <expected>`,
/// leave the first build's outputs byte for byte (and no temporary file), and leave the book's
/// folder as it was. Returns the message.
fn fails_keeping_outputs(book: &Path, break_it: impl FnOnce(&Path), expected: &str) -> String {
    let first = terbit_build(book, &["--format", "epub,pdf"]);
    assert!(
        first.status.success(),
        "good book fails: {}",
        stderr(&first)
    );
    let out_dir = book.parent().unwrap().join("out");
    let before = snapshot(&out_dir);
    assert_eq!(before.len(), 2, "{before:?}");
    break_it(book);
    let book_before = snapshot(book);
    let second = terbit_build(book, &["--format", "epub,pdf"]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(err.starts_with(&format!("error: {expected}")), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&out_dir),
        before,
        "outputs changed by a failed build"
    );
    assert_eq!(
        snapshot(book),
        book_before,
        "the build changed the author's files"
    );
    err
}

/// Run `f` on a thread with the default 2 MiB stack of spawned threads. (A hang would show as
/// a test that never ends; how fast it is belongs to the benchmark, not to an assertion here.)
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap();
    handle.join().expect("no panic, no stack overflow");
}

// ---------------------------------------------------------------- bounded work

#[test]
fn ten_thousand_nested_quotes_and_lists_build_on_a_small_stack() {
    for (name, md) in [
        ("quotes", ">".repeat(10_000) + " dalam *miring*\n"),
        ("lists", "- ".repeat(10_000) + "dalam\n"),
        (
            "indented-lists",
            (0..10_000)
                .map(|i| format!("{}- butir {i}\n", " ".repeat(2 * i)))
                .take(3_000)
                .collect(),
        ),
        ("quoted-lists", "> - ".repeat(5_000) + "dalam\n"),
    ] {
        let dir = book(
            &format!("deep-{name}"),
            &[("book.yaml", YAML), ("01.md", md.as_bytes())],
        );
        let out = dir.parent().unwrap().join("out");
        on_small_stack(move || {
            let outputs = pipeline::build(&dir, &out, &[Format::Epub, Format::Pdf])
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(outputs.len(), 2);
        });
    }
}

/// A change that breaks a book.
type Breaker = Box<dyn FnOnce(&Path)>;

/// Write `text` to `name` in `book`.
fn put(name: &'static str, text: &'static [u8]) -> impl FnOnce(&Path) {
    move |book: &Path| std::fs::write(book.join(name), text).unwrap()
}

const CHAPTER: &[u8] = b"# Bab Satu\n\nTeks biasa.\n";

fn good_book(name: &str) -> PathBuf {
    book(name, &[("book.yaml", YAML), ("01.md", CHAPTER)])
}

// ---------------------------------------------------------------- diagnostics

#[test]
fn book_yaml_problems_are_named_at_their_line_and_outputs_kept() {
    let cases: &[(&str, &[u8], &str, &str)] = &[
        (
            "syntax",
            b"title: Buku\nlanguage: id\nauthors: [Ayse\n",
            "book/book.yaml:3:",
            "",
        ),
        (
            "wrong-type-number",
            b"title: Buku\nlanguage: id\npdf:\n  font_size: besar\n",
            "book/book.yaml:4:14: expected a number here",
            "",
        ),
        (
            "wrong-type-list",
            b"title: Buku\nlanguage: id\nauthors: 5\n",
            "book/book.yaml:3:10: expected a list here",
            "",
        ),
        (
            "wrong-type-text",
            b"title: [a, b]\nlanguage: id\n",
            "book/book.yaml:1:8: expected text here",
            "",
        ),
        (
            "missing-title",
            b"language: id\nauthors: [A]\n",
            "book/book.yaml:1:1: missing key `title`",
            "`title` and `language` are required",
        ),
        (
            "missing-language",
            b"title: Buku\n",
            "book/book.yaml:1:1: missing key `language`",
            "`title` and `language` are required",
        ),
        (
            "empty-value",
            b"title:\nlanguage: id\n",
            "book/book.yaml:1:",
            "a value is missing here",
        ),
        (
            "unknown-key",
            b"title: Buku\nlanguage: id\nsubtitel: x\n",
            "book/book.yaml:3:1: unknown key `subtitel`",
            "check the spelling",
        ),
        (
            "unknown-nested-key",
            b"title: Buku\nlanguage: id\npdf:\n  page_sise: A5\n",
            "book/book.yaml:4:3: unknown key `page_sise`",
            "page_size",
        ),
        (
            "duplicate-key",
            b"title: Buku\nlanguage: id\ntitle: Lagi\n",
            "book/book.yaml:3:1: key `title` is given twice",
            "",
        ),
        (
            "font-size",
            b"title: Buku\nlanguage: id\npdf:\n  font_size: 99\n",
            "book/book.yaml:4:3: font size 99 pt is out of range",
            "between 6 and 24",
        ),
        (
            "empty-file",
            b"",
            "book/book.yaml:1:1: book.yaml is empty",
            "",
        ),
    ];
    for (name, yaml, expected, also) in cases {
        let dir = good_book(&format!("yaml-{name}"));
        let err = fails_keeping_outputs(&dir, put("book.yaml", yaml), expected);
        assert!(err.contains(also), "{name}: {err}");
        assert!(err.contains(" — "), "{name}: says how to fix it: {err}");
    }
}

#[test]
fn a_listed_chapter_that_is_missing_is_named_at_its_line() {
    let dir = good_book("missing-chapter");
    fails_keeping_outputs(
        &dir,
        put(
            "book.yaml",
            b"title: Buku\nlanguage: id\nchapters:\n  - 01.md\n  - 02.md\n",
        ),
        "book/book.yaml:5:5: chapter `02.md` not found",
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let dir = good_book("utf8-chapter");
    fails_keeping_outputs(
        &dir,
        put("01.md", b"# Bab\n\nsa\xffya\n"),
        "book/01.md:3:3: invalid UTF-8 (byte 0xFF at byte offset 9)",
    );
    let dir = good_book("utf8-yaml");
    fails_keeping_outputs(
        &dir,
        put("book.yaml", b"title: Bu\xc3ku\nlanguage: id\n"),
        "book/book.yaml:1:10: invalid UTF-8 (byte 0xC3 at byte offset 9)",
    );
}

#[test]
fn an_empty_book_is_an_error() {
    let dir = good_book("empty-book");
    fails_keeping_outputs(
        &dir,
        |b: &Path| std::fs::remove_file(b.join("01.md")).unwrap(),
        "book/book.yaml:1:1: the book has no chapters",
    );
    let dir = good_book("empty-list");
    fails_keeping_outputs(
        &dir,
        put("book.yaml", b"title: Buku\nlanguage: id\nchapters: []\n"),
        "book/book.yaml:1:1: the book has no chapters",
    );
}

/// A book with an image, `peta.png` beside its chapter, and a secret file beside the book.
fn book_with_image(name: &str) -> PathBuf {
    let png = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/epub-fixture/gambar/peta.png"
    ))
    .unwrap();
    let dir = book(
        name,
        &[
            ("book.yaml", YAML),
            ("01.md", b"# Bab\n\nTeks.\n\n![Peta](peta.png)\n"),
            ("peta.png", &png),
        ],
    );
    std::fs::write(dir.parent().unwrap().join("secret.png"), &png).unwrap();
    std::fs::write(dir.parent().unwrap().join("secret.md"), "RAHASIA\n").unwrap();
    dir
}

#[test]
fn bad_images_are_named_with_chapter_and_line() {
    let chapter = |md: &'static str| put("01.md", md.as_bytes());
    let cases: Vec<(&str, Breaker, &str)> = vec![
        (
            "missing",
            Box::new(chapter("# Bab\n\nTeks.\n\n![Peta](hilang.png)\n")),
            "book/01.md:5:1: `hilang.png` not found",
        ),
        (
            "corrupt-png",
            Box::new(put(
                "peta.png",
                b"\x89PNG\r\n\x1a\ngarbage garbage garbage garbage",
            )),
            "book/01.md:5:1: image `peta.png`: corrupt PNG",
        ),
        (
            "unsupported",
            Box::new(put("peta.png", b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0")),
            "book/01.md:5:1: image `peta.png` is not a PNG, JPEG, GIF or WebP file",
        ),
        (
            "remote",
            Box::new(chapter("# Bab\n\nTeks ![x](https://contoh.id/p.png).\n")),
            "book/01.md:3:6: `https://contoh.id/p.png` is a remote image: terbit does not fetch",
        ),
        (
            "outside",
            Box::new(chapter("# Bab\n\n![Peta](../secret.png)\n")),
            "book/01.md:3:1: `../secret.png` is outside the book's folder",
        ),
        (
            "outside-by-link",
            Box::new(|b: &Path| {
                std::fs::remove_file(b.join("peta.png")).unwrap();
                std::os::unix::fs::symlink("../secret.png", b.join("peta.png")).unwrap();
            }),
            "book/01.md:5:1: `peta.png` is outside the book's folder",
        ),
    ];
    for (name, break_it, expected) in cases {
        let dir = book_with_image(&format!("image-{name}"));
        fails_keeping_outputs(&dir, break_it, expected);
    }
}

#[test]
fn chapters_outside_the_book_are_refused_also_through_links() {
    let dir = book_with_image("chapter-outside");
    let err = fails_keeping_outputs(
        &dir,
        put(
            "book.yaml",
            b"title: Buku\nlanguage: id\nchapters: [01.md, ../secret.md]\n",
        ),
        "book/book.yaml:3:",
    );
    assert!(
        err.contains("`../secret.md` is outside the book's folder"),
        "{err}"
    );
    let dir = book_with_image("chapter-link-listed");
    let err = fails_keeping_outputs(
        &dir,
        |b: &Path| {
            std::os::unix::fs::symlink("../secret.md", b.join("02.md")).unwrap();
            std::fs::write(
                b.join("book.yaml"),
                "title: B\nlanguage: id\nchapters: [01.md, 02.md]\n",
            )
            .unwrap();
        },
        "book/book.yaml:3:",
    );
    assert!(err.contains("`02.md` is a link to a file outside"), "{err}");
    let dir = book_with_image("chapter-link-found");
    let err = fails_keeping_outputs(
        &dir,
        |b: &Path| std::os::unix::fs::symlink("../secret.md", b.join("02.md")).unwrap(),
        "book/02.md:1:1: this file is a link to a file outside the book's folder",
    );
    assert!(!err.contains("RAHASIA"), "{err}");
    let dir = book_with_image("yaml-link");
    fails_keeping_outputs(
        &dir,
        |b: &Path| {
            std::fs::write(b.parent().unwrap().join("other.yaml"), YAML).unwrap();
            std::fs::remove_file(b.join("book.yaml")).unwrap();
            std::os::unix::fs::symlink("../other.yaml", b.join("book.yaml")).unwrap();
        },
        "book/book.yaml:1:1: this file is a link to a file outside the book's folder",
    );
}

#[test]
fn characters_no_font_can_draw_are_listed_with_their_places() {
    let dir = good_book("undrawable");
    let err = fails_keeping_outputs(
        &dir,
        put(
            "01.md",
            "# Bab\n\nTeks 中 dan &#x4E2D;.\n\n```\nok 😀\n```\n".as_bytes(),
        ),
        "book/01.md:3:6: 2 characters that no embedded font can draw: \
         U+4E2D 中 (book/01.md:3:6, book/01.md:3:12), U+1F600 😀 in code (book/01.md:6:4) — ",
    );
    assert!(err.contains("3 | Teks 中 dan &#x4E2D;."), "{err}");
    let dir = good_book("undrawable-title");
    fails_keeping_outputs(
        &dir,
        put("book.yaml", "title: Buku ∲\nlanguage: id\n".as_bytes()),
        "book/book.yaml:1:13: 1 character that no embedded font can draw: U+2232 ∲ (book/book.yaml:1:13)",
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
    let dir = book(
        "bom-crlf",
        &[
            (
                "book.yaml",
                b"\xef\xbb\xbftitle: Buku BOM\r\nlanguage: id\r\nauthors:\r\n  - Ayse\r\n",
            ),
            (
                "01.md",
                b"\xef\xbb\xbf# Bab Satu\r\n\r\nTeks *miring*\r\nbaris dua.\r\n\r\n- a\r\n- b\r\n",
            ),
            ("02.md", b"# Bab Dua\r\n\r\nTeks.\r\n"),
        ],
    );
    let out = terbit_build(&dir, &["--format", "epub,pdf"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "silently: {}", stderr(&out));
    let epub = std::fs::read(dir.parent().unwrap().join("out/buku-bom.epub")).unwrap();
    let text = String::from_utf8_lossy(&epub);
    assert!(!text.contains('\u{feff}'));
    // And a CRLF book.yaml still points at the right line.
    let dir = good_book("crlf-error");
    fails_keeping_outputs(
        &dir,
        put(
            "book.yaml",
            b"title: Buku\r\nlanguage: id\r\nsubtitel: x\r\n",
        ),
        "book/book.yaml:3:1: unknown key `subtitel`",
    );
}

#[test]
fn an_alias_bomb_is_refused_within_a_second() {
    // "Billion laughs": ten anchors, each nine aliases of the one before, inside a value that
    // accepts anything until it is looked at (an author).
    let mut parts = vec!["&a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]".to_string()];
    for i in 1..10 {
        parts.push(format!(
            "&a{i} [{}]",
            vec![format!("*a{}", i - 1); 9].join(",")
        ));
    }
    let yaml = format!(
        "title: Buku\nlanguage: id\nauthors:\n  - [{}]\n",
        parts.join(", ")
    );
    let dir = good_book("alias-bomb");
    let yaml: &'static [u8] = Box::leak(yaml.into_bytes().into_boxed_slice());
    // Refused by the alias budget (the expansion would be 10^9 nodes), not by running out of
    // memory: the message says why. (How fast is measured by the benchmark, not asserted here.)
    let err = fails_keeping_outputs(&dir, put("book.yaml", yaml), "book/book.yaml:4:");
    assert!(err.contains("anchors and aliases"), "{err}");
}

#[test]
fn a_chapter_over_50_mb_is_refused_before_it_is_read() {
    let dir = good_book("huge-chapter");
    fails_keeping_outputs(
        &dir,
        |b: &Path| {
            let f = std::fs::File::create(b.join("02.md")).unwrap();
            f.set_len(51 * 1024 * 1024).unwrap();
        },
        "book/02.md:1:1: file is larger than 50 MB, the most terbit reads",
    );
}

#[test]
fn a_successful_build_leaves_the_book_as_it_was() {
    let dir = book_with_image("untouched");
    let before = snapshot(&dir);
    let out = terbit_build(&dir, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(snapshot(&dir), before);
    let written: Vec<PathBuf> = snapshot(&dir.parent().unwrap().join("out"))
        .into_keys()
        .collect();
    assert_eq!(written.len(), 3, "{written:?}");
    assert!(
        written
            .iter()
            .all(|p| !p.to_string_lossy().contains(".tmp"))
    );
}

// ---------------------------------------------------------------- HTML and metadata

#[test]
fn raw_html_becomes_xhtml_and_what_is_removed_is_a_warning() {
    let dir = book(
        "html",
        &[
            ("book.yaml", YAML),
            (
                "01.md",
                b"# Bab\n\nTeks <b onclick=\"x()\">tebal</b> dan <a href=\"javascript:alert(1)\">klik</a>.\n\n\
                  <script>alert('x')</script>\n\n<div class=\"kotak\"><p>Isi&nbsp;kotak <em>miring</em></p></div>\n",
            ),
        ],
    );
    let out = terbit_build(&dir, &["--format", "epub,pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning: ")).collect();
    assert_eq!(
        warnings,
        [
            "warning: book/01.md:3:6: `onclick` attribute removed — e-books do not run scripts; remove it",
            "warning: book/01.md:3:37: `javascript:` URL removed — e-books do not run scripts; remove it",
            "warning: book/01.md:5:1: <script> element removed — e-books do not run scripts; remove the script",
        ]
    );
    let epub = unzip(&dir.parent().unwrap().join("out/buku-uji.epub"));
    let ch = &epub["OEBPS/ch01.xhtml"];
    assert!(ch.contains("Teks <strong>tebal</strong> dan klik."), "{ch}");
    assert!(ch.contains("<p>Isi\u{a0}kotak <em>miring</em></p>"), "{ch}");
    assert!(!ch.contains("script") && !ch.contains("onclick") && !ch.contains("kotak\""));
    // The PDF shows the text, not the tags.
    if common::tool("pdftotext").is_some() {
        let pdf = dir.parent().unwrap().join("out/buku-uji.pdf");
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("tebal") && text.contains("miring"), "{text}");
        assert!(!text.contains('<') && !text.contains("alert"), "{text}");
    }
}

/// The files of an EPUB, as text.
fn unzip(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = vec![];
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        out.insert(
            f.name().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    }
    out
}

/// A PDF text string: UTF-16BE with a byte-order mark, else one byte per character.
fn pdf_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| b as char).collect(),
    }
}

#[test]
fn metadata_with_markup_characters_is_escaped_everywhere() {
    let title = r#"A & B <c> "d" 'e'"#;
    let author = "O'Brien & <Sons>";
    let yaml = format!(
        "title: '{}'\nsubtitle: \"x < y & z\"\nlanguage: id\nauthors: [\"{}\"]\n\
         publisher: \"P & <Q>\"\nrights: \"© <R> & 'S'\"\ndescription: \"<b>not bold</b> & co\"\n",
        title.replace('\'', "''"),
        author
    );
    let dir = book(
        "metadata",
        &[("book.yaml", yaml.as_bytes()), ("01.md", CHAPTER)],
    );
    let out = terbit_build(&dir, &["--format", "epub,pdf,print"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out_dir = dir.parent().unwrap().join("out");
    let epub = unzip(&out_dir.join("a-b-c-d-e.epub"));
    let options = || roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let mut titles_seen = 0;
    for (name, text) in &epub {
        if !(name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx")) {
            continue;
        }
        let doc = roxmltree::Document::parse_with_options(text, options())
            .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
        if texts.iter().any(|t| t.trim() == title) {
            titles_seen += 1;
        }
        if name.ends_with(".opf") {
            let dc = |local: &str| -> Vec<&str> {
                doc.descendants()
                    .filter(|n| n.tag_name().name() == local)
                    .filter_map(|n| n.text())
                    .collect()
            };
            assert!(dc("title").contains(&title), "{text}");
            assert_eq!(dc("creator"), [author], "{text}");
            assert_eq!(dc("publisher"), ["P & <Q>"], "{text}");
            assert_eq!(dc("description"), ["<b>not bold</b> & co"], "{text}");
        }
    }
    assert!(
        titles_seen >= 3,
        "title in OPF, title page, navigation: {titles_seen}"
    );
    for file in ["a-b-c-d-e.pdf", "a-b-c-d-e-print.pdf"] {
        let doc = lopdf::Document::load(out_dir.join(file)).unwrap();
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = doc.get_dictionary(info).unwrap();
        let get = |k: &[u8]| pdf_text(info.get(k).unwrap().as_str().unwrap());
        assert_eq!(get(b"Title"), format!("{title}: x < y & z"));
        assert_eq!(get(b"Author"), author);
        let xmp = doc
            .catalog()
            .unwrap()
            .get(b"Metadata")
            .unwrap()
            .as_reference()
            .unwrap();
        let xmp = doc.get_object(xmp).unwrap().as_stream().unwrap();
        let xmp =
            String::from_utf8(xmp.decompressed_content().unwrap_or(xmp.content.clone())).unwrap();
        let xml = roxmltree::Document::parse(&xmp).unwrap_or_else(|e| panic!("XMP: {e}\n{xmp}"));
        let texts: Vec<&str> = xml.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&author), "{xmp}");
        assert!(texts.iter().any(|t| t.contains(title)), "{file}: {xmp}");
    }
}
