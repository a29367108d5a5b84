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
