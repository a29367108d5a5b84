//! The command line as an author meets it: what a build prints and writes, and how bad input is
//! reported (exit 1, `error: FILE:LINE:COL: message`, never a panic, nothing half-written).

mod common;

use std::path::Path;

use common::terbit;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn build_writes_the_outputs_and_says_so() {
    let dir = common::scratch("cli-build");
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    write(
        &book,
        "book.yaml",
        "title: Buku Kecil\nlanguage: id\nauthors: [Ayşe Yılmaz]\n",
    );
    write(
        &book,
        "01.md",
        "# Bab Satu\n\nIni teks dengan huruf Turki: ığüşöç İĞÜŞÖÇ.\n",
    );
    let before = std::fs::read(book.join("01.md")).unwrap();
    let out = terbit(&["build", "book", "-o", "out", "--format", "pdf"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("out/buku-kecil.pdf"), "{stdout}");
    assert!(dir.join("out/buku-kecil.pdf").is_file());
    // The author's files are untouched, and nothing else was written into the book's folder.
    assert_eq!(std::fs::read(book.join("01.md")).unwrap(), before);
    assert_eq!(std::fs::read_dir(&book).unwrap().count(), 2);
}

#[test]
fn unknown_key_is_reported_with_file_line_and_column() {
    let dir = common::scratch("cli-unknown-key");
    write(&dir, "book.yaml", "title: T\nlanguage: id\nsubtitel: S\n");
    write(&dir, "a.md", "Teks.\n");
    let out = terbit(&["build", ".", "-o", "out"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ./book.yaml:3:1: unknown key `subtitel`"),
        "{err}"
    );
    assert!(!dir.join("out").exists(), "nothing written on failure");
}

#[test]
fn missing_chapter_points_at_its_line_in_book_yaml() {
    let dir = common::scratch("cli-missing-chapter");
    write(
        &dir,
        "book.yaml",
        "title: T\nlanguage: id\nchapters:\n  - ada.md\n  - hilang.md\n",
    );
    write(&dir, "ada.md", "Teks.\n");
    let out = terbit(&["build", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ./book.yaml:5:5: chapter `hilang.md` not found"),
        "{err}"
    );
}

#[test]
fn missing_book_folder_and_missing_title_are_errors_not_panics() {
    let dir = common::scratch("cli-missing");
    let out = terbit(&["build", "tidak-ada"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: tidak-ada: no such folder"));

    write(&dir, "book.yaml", "language: id\n");
    write(&dir, "a.md", "Teks.\n");
    let out = terbit(&["build", "."], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing key `title`"), "{err}");
}

#[test]
fn unknown_format_is_refused_by_the_command_line() {
    let dir = common::scratch("cli-format");
    let out = terbit(&["build", "--format", "docx"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `docx`"));
}

#[test]
fn hyphenate_prints_each_word_with_its_break_points() {
    let dir = common::scratch("cli-hyphenate");
    let out = terbit(
        &[
            "hyphenate",
            "--lang",
            "id",
            "makanan",
            "ketidakpastian",
            "bangkrut",
        ],
        &dir,
    );
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "ma-kan-an\nke-ti-dak-pas-ti-an\nbang-krut\n"
    );
    let out = terbit(&["hyphenate", "--lang", "tr", "Türkçe", "işbirliği"], &dir);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Türk-çe\niş-bir-li-ği\n"
    );
}

/// Build a book of `files` in a fresh folder `name`: it must fail with exit 1, its first line
/// `error: ./` + `expected`, and nothing written. The whole of stderr, for more asserts.
fn build_fails(name: &str, files: &[(&str, &str)], expected: &str) -> String {
    let dir = common::scratch(name);
    for (file, text) in files {
        if let Some(parent) = Path::new(file).parent() {
            std::fs::create_dir_all(dir.join(parent)).unwrap();
        }
        write(&dir, file, text);
    }
    let out = terbit(&["build", ".", "-o", "out", "--format", "epub"], &dir);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{name}: {err}");
    assert!(
        err.starts_with(&format!("error: ./{expected}")),
        "{name}: expected `{expected}`, got:\n{err}"
    );
    assert!(!dir.join("out").exists(), "{name}: nothing written");
    err
}

/// A large but plain book.yaml and a second YAML document each say what is really wrong, not
/// that anchors and aliases repeat too much (that is for files that use them).
#[test]
fn book_yaml_limits_name_their_true_cause() {
    let mut big = String::from("title: T\nlanguage: id\nsubjects:\n");
    for i in 0..60_000 {
        big.push_str(&format!("  - subjek {i}\n"));
    }
    let err = build_fails(
        "cli-yaml-large",
        &[("book.yaml", &big), ("a.md", "Teks.\n")],
        "book.yaml:49997:5: book.yaml is too large: it holds more than 50,000 values",
    );
    assert!(!err.contains("anchors") && !err.contains("alias"), "{err}");

    for (name, yaml, line) in [
        (
            "cli-yaml-second",
            "title: T\nlanguage: id\n---\ntitle: U\n",
            3,
        ),
        (
            "cli-yaml-second-after-first",
            "---\ntitle: T\nlanguage: id\n---\n",
            4,
        ),
        (
            "cli-yaml-after-end",
            "title: T\nlanguage: id\n...\ntitle: U\n",
            4,
        ),
    ] {
        let expected = format!(
            "book.yaml:{line}:1: book.yaml holds a second YAML document at line {line}: a \
             book.yaml is one document — remove the `---` line, or the rest of the file after it"
        );
        let err = build_fails(name, &[("book.yaml", yaml), ("a.md", "Teks.\n")], &expected);
        assert!(!err.contains("anchors") && !err.contains("alias"), "{err}");
    }
    // Anchors and aliases that repeat too much are still called that: tests/robustness/limits.rs.
}

/// Dates that do not exist are errors at their place, saying what is wrong and the forms a
/// date takes: in book.yaml, and in a pandoc book's metadata block and title block.
#[test]
fn impossible_dates_are_errors_at_their_place() {
    let forms = "write the date as YYYY-MM-DD, YYYY-MM or YYYY";
    for (name, date, why) in [
        (
            "cli-date-feb30",
            "2024-02-30",
            "February 2024 has days 01 to 29",
        ),
        ("cli-date-year0", "0000", "there is no year 0000"),
        ("cli-date-month13", "\"2026-13\"", "there is no month 13"),
        ("cli-date-shape", "26-11-2026", "`26-11-2026` is not a date"),
    ] {
        let yaml = format!("title: T\nlanguage: id\ndate: {date}\n");
        let err = build_fails(
            name,
            &[("book.yaml", &yaml), ("a.md", "Teks.\n")],
            "book.yaml:3:7: ",
        );
        assert!(err.lines().next().unwrap().contains(why), "{date}: {err}");
        assert!(err.contains(forms), "{date}: {err}");
    }
    build_fails(
        "cli-date-pandoc-block",
        &[(
            "a.md",
            "---\ntitle: Buku\nlang: id\ndate: 2023-02-29\n---\n\n# Bab\n\nTeks.\n",
        )],
        "a.md:4:7: `2023-02-29` is not a date: February 2023 has days 01 to 28 — write the date as",
    );
    build_fails(
        "cli-date-pandoc-title-block",
        &[("a.md", "% Buku\n% Ayşe\n% 2026-13-01\n\n# Bab\n\nTeks.\n")],
        "a.md:3:3: `2026-13-01` is not a date: there is no month 13",
    );
    // A date pandoc keeps as free text is no error, and a real one builds.
    for (name, text) in [
        (
            "cli-date-pandoc-free",
            "---\ntitle: Buku\nlang: id\ndate: musim semi 2026\n---\n\nTeks.\n",
        ),
        (
            "cli-date-pandoc-leap",
            "---\ntitle: Buku\nlang: id\ndate: 2024-02-29\n---\n\nTeks.\n",
        ),
    ] {
        let dir = common::scratch(name);
        write(&dir, "a.md", text);
        let out = terbit(&["build", ".", "-o", "out", "--format", "epub"], &dir);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// mdBook's `src` outside the book is reported at the key, with how to fix it.
#[test]
fn mdbook_src_outside_the_book_is_reported_at_its_key() {
    let summary = ("src/SUMMARY.md", "- [Bab](bab.md)\n");
    let chapter = ("src/bab.md", "# Bab\n");
    let err = build_fails(
        "cli-mdbook-src",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Buku\"\n\nsrc = \"../bab\"\n",
            ),
            summary,
            chapter,
        ],
        "book.toml:4:1: `src = \"../bab\"` is outside the book's folder — keep the chapters in \
         a folder inside the book's folder",
    );
    assert!(err.contains("4 | src = \"../bab\""), "{err}");
    build_fails(
        "cli-mdbook-src-inline",
        &[
            ("book.toml", "book = { title = \"Buku\", src = \"/etc\" }\n"),
            summary,
            chapter,
        ],
        "book.toml:1:26: `src = \"/etc\"` is outside the book's folder",
    );
    build_fails(
        "cli-mdbook-language",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Buku\"\nlanguage = \"Bahasa\"\n",
            ),
            summary,
            chapter,
        ],
        "book.toml:3:12: `Bahasa` is not a BCP 47 language tag",
    );
}

/// A problem in text an mdBook chapter includes is told at its place in the included file —
/// line and column of that file, past a line range and a mid-line include — not at a place in
/// the chapter as expanded.
#[test]
fn problems_in_included_text_are_at_the_included_files_place() {
    let toml = ("book.toml", "[book]\ntitle = \"Buku\"\nlanguage = \"id\"\n");
    let summary = ("src/SUMMARY.md", "- [Bab](bab.md)\n");
    let chapter = (
        "src/bab.md",
        "# Bab\n\nTeks.\n\nLihat: {{#include listing.md:2:3}}\n",
    );
    let listing = (
        "src/listing.md",
        "# Judul\n\nGambar ![x](hilang.png) di sini.\nAkhir.\n",
    );
    let err = build_fails(
        "cli-include-place",
        &[toml, summary, chapter, listing],
        "src/listing.md:3:8:",
    );
    assert!(!err.contains("bab.md"), "{err}");

    // A warning (raw HTML dropped) in an included file: at that file's place, in build and
    // in check.
    let dir = common::scratch("cli-include-warning");
    let listing = ("src/listing.md", "Satu.\n\nDua <script>x</script> tiga.\n");
    for (file, text) in [toml, summary, chapter, listing] {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        write(&dir, file, text);
    }
    let out = terbit(&["build", ".", "-o", "out", "--format", "epub"], &dir);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    assert!(err.contains("warning: ./src/listing.md:3:5:"), "{err}");
    assert!(err.contains("3 | Dua <script>x</script> tiga."), "{err}");
    let out = terbit(&["check", "."], &dir);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("src/listing.md:3:5:"), "{text}");
    assert!(!text.contains("bab.md:5:"), "{text}");
}
