//! Reproducible bytes: with `SOURCE_DATE_EPOCH` set, or a `date` in book.yaml, two builds of
//! one book are byte-identical — EPUB, screen PDF and print PDF — whatever the files' times and
//! whichever process builds them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Build `book` into `out` in a fresh process, with `SOURCE_DATE_EPOCH` as given (removed when
/// `None`); the files it wrote, by name.
fn build(book: &Path, out: &Path, epoch: Option<&str>, formats: &str) -> Vec<(String, Vec<u8>)> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_terbit"));
    cmd.arg("build")
        .arg(book)
        .arg("-o")
        .arg(out)
        .args(["--format", formats]);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let run = cmd.output().expect("terbit runs");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum").arg(path).output();
    out.ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .split(' ')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default()
}

#[test]
fn two_source_date_epoch_builds_of_the_manuscript_are_identical() {
    let dir = common::scratch("repro-manuscript");
    let book = common::manuscript();
    let a = build(&book, &dir.join("a"), Some("1700000000"), "epub,pdf,print");
    let b = build(&book, &dir.join("b"), Some("1700000000"), "epub,pdf,print");
    assert_eq!(a.len(), 3);
    for ((name_a, bytes_a), (name_b, bytes_b)) in a.iter().zip(&b) {
        assert_eq!(name_a, name_b);
        assert!(bytes_a == bytes_b, "{name_a} differs between two builds");
        println!("{name_a}: sha256 {}", sha256(&dir.join("a").join(name_a)));
    }
    // The time is the one given: in the PDF's Info dictionary and the EPUB's metadata.
    let pdf = &a.iter().find(|(n, _)| n.ends_with("-50.pdf")).unwrap().1;
    assert!(
        creation_date(pdf).starts_with("D:20231114221320"),
        "CreationDate from SOURCE_DATE_EPOCH"
    );
    let epub = a
        .iter()
        .find(|(n, _)| n.ends_with(".epub"))
        .unwrap()
        .1
        .clone();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name(), "mimetype");
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2023, 11, 14, 22, 13),
            "{}",
            entry.name()
        );
    }
    let mut opf = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("OEBPS/content.opf").unwrap(), &mut opf)
        .unwrap();
    assert!(
        opf.contains("2023-11-14T22:13:20Z"),
        "dcterms:modified:\n{opf}"
    );
}

/// A small book with an image, in a scratch folder.
fn small_book(name: &str, yaml: &str) -> PathBuf {
    let dir = common::scratch(name);
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("book.yaml"), yaml).unwrap();
    std::fs::write(
        book.join("a.md"),
        "# Bab\n\nTeks dengan “kutipan” dan catatan.[^1]\n\n![Titik](titik.png)\n\n[^1]: Catatan.\n",
    )
    .unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture/gambar/peta.png"),
        book.join("titik.png"),
    )
    .unwrap();
    book
}

#[test]
fn a_date_in_book_yaml_fixes_the_bytes_whatever_the_files_times() {
    let book = small_book(
        "repro-date",
        "title: Buku Bertanggal\nlanguage: id\ndate: \"2026-03-01\"\n",
    );
    let dir = book.parent().unwrap().to_path_buf();
    let a = build(&book, &dir.join("a"), None, "epub,pdf");
    // Touch every file: a new modification time must not change a byte.
    for f in ["book.yaml", "a.md", "titik.png"] {
        let file = std::fs::File::options()
            .append(true)
            .open(book.join(f))
            .unwrap();
        file.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(3600))
            .unwrap();
    }
    let b = build(&book, &dir.join("b"), None, "epub,pdf");
    assert_eq!(
        a, b,
        "the date in book.yaml, not the files' times, dates the outputs"
    );
    let pdf = &a.iter().find(|(n, _)| n.ends_with(".pdf")).unwrap().1;
    assert!(
        creation_date(pdf).starts_with("D:20260301000000"),
        "CreationDate from book.yaml's date"
    );
}

#[test]
fn builds_in_one_process_are_identical_too() {
    // printpdf names fonts and images from a process-wide counter; terbit renames them, so a
    // second build in the same process (as `terbit watch` makes) gives the same bytes.
    let book = small_book("repro-in-process", "title: Dua Kali\nlanguage: id\n");
    let dir = book.parent().unwrap().to_path_buf();
    let formats = [
        terbit::pipeline::Format::Pdf,
        terbit::pipeline::Format::Epub,
    ];
    let a = terbit::pipeline::build(&book, &dir.join("a"), &formats).unwrap();
    let b = terbit::pipeline::build(&book, &dir.join("b"), &formats).unwrap();
    for (x, y) in a.iter().zip(&b) {
        let (x, y) = (
            std::fs::read(&x.path).unwrap(),
            std::fs::read(&y.path).unwrap(),
        );
        assert!(x == y, "two builds in one process differ");
    }
}

#[test]
fn the_pdf_identifier_is_derived_from_the_book() {
    let book = small_book("repro-id", "title: Berbeda\nlanguage: id\n");
    let dir = book.parent().unwrap().to_path_buf();
    let a = build(&book, &dir.join("a"), Some("0"), "pdf,print");
    let id = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        let at = text.rfind("/ID").expect("trailer /ID");
        text[at..].lines().next().unwrap().to_string()
    };
    let (screen, print) = (id(&a[0].1), id(&a[1].1));
    assert_ne!(screen, print, "each edition its own identifier");
    std::fs::write(
        book.join("book.yaml"),
        "title: Berbeda Lagi\nlanguage: id\n",
    )
    .unwrap();
    let b = build(&book, &dir.join("b"), Some("0"), "pdf,print");
    assert_ne!(id(&b[0].1), screen, "another book, another identifier");
}

/// The CreationDate of the PDF's Info dictionary.
fn creation_date(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .unwrap();
    let date = doc
        .get_dictionary(info)
        .unwrap()
        .get(b"CreationDate")
        .unwrap();
    String::from_utf8_lossy(date.as_str().unwrap()).into_owned()
}
