//! Bad and hostile input (issue 4): every case ends in exit code 1 with
//! `error: FILE:LINE:COL: …` (never a panic, a signal or a hang), leaves earlier outputs as they
//! were, and never touches the author's files; raw HTML becomes safe XHTML; work is bounded.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use terbit::pipeline::{self, Format};

#[path = "robustness/html.rs"]
mod html;
#[path = "robustness/image_formats.rs"]
mod image_formats;
#[path = "robustness/images_once.rs"]
mod images_once;
#[path = "robustness/limits.rs"]
mod limits;
#[path = "robustness/long_metadata.rs"]
mod long_metadata;
#[path = "robustness/outputs.rs"]
mod outputs;
#[path = "robustness/svg_budget.rs"]
mod svg_budget;

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
            "book/book.yaml:4:14: `font_size`: expected a number here",
            "",
        ),
        (
            "wrong-type-list",
            b"title: Buku\nlanguage: id\nauthors: 5\n",
            "book/book.yaml:3:10: `authors`: expected a list here",
            "",
        ),
        (
            "wrong-type-map-for-list",
            b"title: Buku\nlanguage: id\nauthors:\n  name: X\n",
            "book/book.yaml:4:3: `authors`: expected a list here",
            "",
        ),
        (
            "wrong-type-text",
            b"title: [a, b]\nlanguage: id\n",
            "book/book.yaml:1:8: `title`: expected text here",
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
            "book/01.md:5:1: image `peta.png`: the PNG file is damaged",
        ),
        (
            "unsupported",
            Box::new(put("peta.png", b"BM\x3a\0\0\0\0\0\0\0\x36\0\0\0")),
            "book/01.md:5:1: image `peta.png` is not a PNG, JPEG, GIF, WebP or SVG file",
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
fn characters_no_font_can_draw_are_a_warning_with_their_places_and_the_book_builds() {
    let dir = book(
        "undrawable",
        &[
            ("book.yaml", YAML),
            (
                "01.md",
                "# Bab\n\nTeks 中 dan &#x4E2D;.\n\n```\nok ก\n```\n".as_bytes(),
            ),
        ],
    );
    let run = terbit_build(&dir, &["--ignore-system-fonts"]);
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert!(
        err.starts_with(
            "warning: book/01.md:3:6: 2 characters that no font can draw, printed as an \
             empty box in the PDFs: U+4E2D 中 (book/01.md:3:6, book/01.md:3:12), U+0E01 ก in \
             code (book/01.md:6:4) — "
        ),
        "{err}"
    );
    assert!(err.contains("3 | Teks 中 dan &#x4E2D;."), "{err}");
    // The EPUB keeps the characters: e-readers draw them with fonts of their own.
    let epub = std::fs::read(dir.parent().unwrap().join("out/buku-uji.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        if entry.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
        }
    }
    assert!(text.contains('中') && text.contains('ก'), "{text}");
    // `check` warns; `check --strict` fails on it.
    let parent = dir.parent().unwrap();
    let check = common::terbit(&["check", "--ignore-system-fonts", "book"], parent);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{said}");
    assert!(said.contains("warning: book/01.md:3:6: 2 characters that no font"));
    let strict = common::terbit(
        &["check", "--strict", "--ignore-system-fonts", "book"],
        parent,
    );
    assert_eq!(strict.status.code(), Some(1));
    // In book.yaml too.
    std::fs::write(dir.join("book.yaml"), "title: Buku ∯ ก\nlanguage: id\n").unwrap();
    let run = terbit_build(&dir, &["--ignore-system-fonts"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let err = stderr(&run);
    assert!(
        err.starts_with("warning: book/book.yaml:1:15: 2 characters"),
        "{err}"
    );
    // Named once, at its first places, in the title and in code alike.
    assert!(
        err.contains("U+0E01 ก (book/book.yaml:1:15, book/01.md:6:4)"),
        "{err}"
    );
    // ∯ is drawn, by the mathematical fallback.
    assert!(!err.contains("U+222F"), "{err}");
    assert!(
        err.contains("note: Noto Sans Math (bundled) drew 1 character: ∯"),
        "{err}"
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
fn an_output_that_cannot_be_written_leaves_every_earlier_output() {
    let dir = good_book("output-blocked");
    let first = terbit_build(&dir, &["--format", "epub,pdf"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = dir.parent().unwrap().join("out");
    std::fs::remove_file(out.join("buku-uji.pdf")).unwrap();
    std::fs::create_dir(out.join("buku-uji.pdf")).unwrap();
    let before = snapshot(&out);
    std::fs::write(dir.join("01.md"), "# Bab Baru\n\nTeks lain.\n").unwrap();
    let second = terbit_build(&dir, &["--format", "epub,pdf"]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with("error: out/buku-uji.pdf: a folder is in the way"),
        "{err}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the EPUB was replaced although the PDF failed"
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn a_closed_output_pipe_does_not_fail_a_build() {
    let dir = good_book("closed-pipe");
    let mut child = Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(["build", "book", "-o", "out", "--format", "epub"])
        .current_dir(dir.parent().unwrap())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.parent().unwrap().join("out/buku-uji.epub").is_file());
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
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(
        written
            .iter()
            .all(|p| !p.to_string_lossy().contains(".tmp"))
    );
}
