//! Numbered figures and tables and cross-references in pandoc-crossref's syntax, as an
//! academic author checks them: the captions' labels in the book's language ("Gambar 1.2",
//! "Tablo 1.1"), each reference reading its target's word and number and linking to it in the
//! EPUB and the screen PDF, and a reference to nothing an error at its place.

mod common;

use std::path::{Path, PathBuf};

use lopdf::{Document, ObjectId};

const IMAGE: &[u8] = include_bytes!("data/epub-fixture/gambar/peta.png");

/// A book in `language` of the chapters `texts` (`bab1.md`, `bab2.md`, …), with `peta.png`.
fn book(name: &str, language: &str, texts: &[&str]) -> PathBuf {
    let dir = common::scratch(name);
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("peta.png"), IMAGE).unwrap();
    let files: Vec<String> = (1..=texts.len()).map(|n| format!("bab{n}.md")).collect();
    std::fs::write(
        book.join("book.yaml"),
        format!(
            "title: Rujukan\nlanguage: {language}\nauthors: [Cemil Doğaç Ipek]\nchapters: [{}]\n",
            files.join(", ")
        ),
    )
    .unwrap();
    for (file, text) in files.iter().zip(texts) {
        std::fs::write(book.join(file), text).unwrap();
    }
    book
}

fn build(book: &Path, formats: &str) -> PathBuf {
    let out = book.parent().unwrap().join("out");
    common::terbit_ok(
        &[
            "build",
            book.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            formats,
        ],
        Path::new("."),
    );
    out
}

fn entry(epub: &Path, name: &str) -> String {
    common::epub_entry(epub, name)
}

/// The text of XHTML (see `common::xhtml_text`).
fn text_of(xhtml: &str) -> String {
    common::xhtml_text(xhtml)
}

const BAB1: &str = "# Pendahuluan {#sec:pendahuluan}\n\n\
Seperti terlihat pada @fig:peta, wilayah ini luas. Data ada di [@tbl:data], dan\n\
[lihat @fig:peta; @fig:kedua] untuk perbandingan. Nomor saja: [-@fig:peta].\n\n\
![Peta wilayah kajian](peta.png){#fig:peta}\n\n\
## Latar Belakang {#sec:latar}\n\n\
| Tahun | Jumlah |\n|------:|-------:|\n| 2020  | 12     |\n| 2021  | 15     |\n\n\
: Data penduduk per tahun {#tbl:data}\n\n\
Lanjut ke @sec:metode.\n\n\
![Peta kedua](peta.png){#fig:kedua width=50%}\n\n\
![Tanpa nomor](peta.png)\n";

const BAB2: &str = "# Metode {#sec:metode}\n\n\
Kembali ke @sec:latar, @fig:peta dan Tabel -@tbl:data.\n\n\
![Gambar bab dua](peta.png){#fig:ketiga}\n";

#[test]
fn figures_and_tables_are_numbered_by_chapter_and_references_link_to_them() {
    let book = book("xref-id", "id", &[BAB1, BAB2]);
    let out = build(&book, "epub");
    let epub = out.join("rujukan.epub");
    let one = entry(&epub, "OEBPS/ch01.xhtml");
    let two = entry(&epub, "OEBPS/ch02.xhtml");
    let (t1, t2) = (text_of(&one), text_of(&two));
    for expected in [
        // References: the word and the number; `-@` the number alone; one word for a run.
        "Seperti terlihat pada Gambar 1.1, wilayah ini luas.",
        "Data ada di Tabel 1.1, dan lihat Gambar 1.1, 1.2 untuk perbandingan.",
        "Nomor saja: 1.1.",
        "Lanjut ke Bab 2.",
        // Captions led by their labels; an image without an id keeps its caption as written.
        "Gambar 1.1: Peta wilayah kajian",
        "Tabel 1.1: Data penduduk per tahun",
        "Gambar 1.2: Peta kedua",
        "Tanpa nomor",
    ] {
        assert!(t1.contains(expected), "{expected:?} in {t1}");
    }
    assert!(!t1.contains("{#"), "the ids are not printed: {t1}");
    assert!(!t1.contains("Gambar 1.3"), "{t1}");
    for expected in [
        "Kembali ke Bagian 1.1, Gambar 1.1 dan Tabel 1.1.",
        "Gambar 2.1: Gambar bab dua",
    ] {
        assert!(t2.contains(expected), "{expected:?} in {t2}");
    }
    // Each reference is a link to its figure, table or heading.
    for (file, target) in [
        (&one, "href=\"#crossref-fig-peta\""),
        (&one, "href=\"#crossref-tbl-data\""),
        (&one, "href=\"#crossref-fig-kedua\""),
        (&one, "href=\"ch02.xhtml#sec:metode\""),
        (&two, "href=\"ch01.xhtml#sec:latar\""),
        (&two, "href=\"ch01.xhtml#crossref-fig-peta\""),
        (&two, "href=\"ch01.xhtml#crossref-tbl-data\""),
    ] {
        assert!(file.contains(target), "{target} in {file}");
    }
    assert!(one.contains("<figure class=\"figure\" id=\"crossref-fig-peta\">"));
    assert!(one.contains("<span id=\"crossref-tbl-data\">Tabel 1.1</span>"));
    common::assert_epubcheck_passes(&epub);
}

#[test]
fn a_turkish_book_says_sekil_and_tablo() {
    let text = "# Giriş\n\n@fig:harita ve @tbl:veri.\n\n\
                ![Harita](peta.png){#fig:harita}\n\n\
                | a | b |\n|---|---|\n| 1 | 2 |\n\n: Veriler {#tbl:veri}\n";
    let book = book("xref-tr", "tr", &[text]);
    let out = build(&book, "epub");
    let t = text_of(&entry(&out.join("rujukan.epub"), "OEBPS/ch01.xhtml"));
    for expected in [
        "Şekil 1.1 ve Tablo 1.1.",
        "Şekil 1.1: Harita",
        "Tablo 1.1: Veriler",
    ] {
        assert!(t.contains(expected), "{expected:?} in {t}");
    }
}

#[test]
fn references_are_links_to_the_page_of_their_figure_in_the_screen_pdf() {
    // The figure two pages after the reference to it.
    let filler = "Kalimat pengisi yang cukup panjang untuk mengisi halaman buku ini. ".repeat(12);
    let text = format!(
        "# Bab\n\nLihat @fig:peta di belakang.\n\n{}\n\n![Peta akhir](peta.png){{#fig:peta}}\n",
        vec![filler; 12].join("\n\n")
    );
    let book = book("xref-pdf", "id", &[&text]);
    let out = build(&book, "pdf");
    let pdf = out.join("rujukan.pdf");
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let doc = Document::load(&pdf).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let text = common::pdf_pages(&pdf);
    let on = |phrase: &str| {
        (0..text.len())
            .find(|&p| {
                let words: Vec<&str> = text[p].words.iter().map(|w| w.text.as_str()).collect();
                words.join(" ").contains(phrase)
            })
            .unwrap_or_else(|| panic!("{phrase} printed"))
    };
    let (citing, figure) = (on("Lihat Gambar 1.1 di"), on("Gambar 1.1: Peta akhir"));
    assert!(figure > citing + 1, "{citing} {figure}");
    let links = common::pdf_links(&doc, &pages, citing);
    assert!(links.contains(&Ok(figure)), "{links:?}");
}

#[test]
fn a_reference_to_nothing_is_an_error_at_its_place_with_the_nearest_id() {
    let text = "# Bab\n\nTeks.\n\nLihat @fig:petta.\n\n![Peta](peta.png){#fig:peta}\n";
    let book = book("xref-unknown", "id", &[text]);
    let out = book.parent().unwrap().join("out");
    let run = common::terbit(
        &["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()],
        Path::new("."),
    );
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(said.contains("bab1.md:5:7"), "{said}");
    assert!(
        said.contains("no figure of the book has the id `fig:petta`"),
        "{said}"
    );
    assert!(said.contains("did you mean `@fig:peta`?"), "{said}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn unnumbered_chapters_are_not_counted_and_older_table_ids_are_read() {
    // As phd_thesis_markdown and an Indonesian skripsi write them: a preface `{.unnumbered}`,
    // a file with no heading, a page `{-}`, a table's id in an empty span with
    // pandoc-crossref's other attributes.
    let preface = "# Kata Pengantar {.unnumbered #sec:pengantar}\n\nTerima kasih.\n";
    let statement = "Pernyataan tanpa judul.\n";
    let chapter = "# Pendahuluan\n\nLihat @tbl:acak dan @sec:pengantar.\n\n\
                   | a | b |\n|---|---|\n| 1 | 2 |\n\n\
                   : Data acak. []{#tbl:acak short-caption=\"Data singkat\"}\n";
    let declaration = "# Halaman Pernyataan {-}\n\nSaya menyatakan.\n";
    let book = book(
        "xref-unnumbered",
        "id",
        &[preface, statement, declaration, chapter],
    );
    let out = build(&book, "epub");
    let t = text_of(&entry(&out.join("rujukan.epub"), "OEBPS/ch04.xhtml"));
    for expected in [
        "Lihat Tabel 1.1 dan Kata Pengantar.",
        "Tabel 1.1: Data acak.",
    ] {
        assert!(t.contains(expected), "{expected:?} in {t}");
    }
    assert!(!t.contains("short-caption"), "{t}");
}
