//! Citations and the reference list, as a reader and an academic author check them: the
//! citation's words in the book's language and style, each a link to its entry (in the EPUB
//! and in the screen PDF), the list under the language's title, and errors at their places.

mod common;

use std::path::{Path, PathBuf};

use lopdf::{Document, ObjectId};

const WORKS_JSON: &str = include_str!("data/citations/works.json");

/// A book in `language` citing from `works.json` in `style`, its chapter `text`.
fn book(name: &str, language: &str, style: &str, text: &str) -> PathBuf {
    let dir = common::scratch(name);
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("works.json"), WORKS_JSON).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        format!(
            "title: Sitasi\nlanguage: {language}\nauthors: [Cemil Doğaç Ipek]\n\
             bibliography: works.json\ncsl: {style}\nchapters: [bab1.md]\n"
        ),
    )
    .unwrap();
    std::fs::write(book.join("bab1.md"), text).unwrap();
    book
}

fn build(book: &Path, formats: &str) -> (PathBuf, String) {
    let out = book.parent().unwrap().join("out");
    let said = common::terbit_ok(
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
    (out, said)
}

fn entry(epub: &Path, name: &str) -> String {
    common::epub_entry(epub, name)
}

/// The text of XHTML (see `common::xhtml_text`).
fn text_of(xhtml: &str) -> String {
    common::xhtml_text(xhtml)
}

const INDONESIAN: &str = "# Pendahuluan\n\n\
Filsafat ilmu dibahas panjang [@ipek2020, hlm. 33]. Menurut @smith2019, hal ini penting.\n\
Lihat juga [lihat @hasan2018; @yilmaz2015, bab 2] dan [-@doe2010a]. Dua karya\n\
[@doe2010a; @doe2010b]. Surel ali@example.com bukan sitasi.\n";

#[test]
fn an_indonesian_book_cites_in_apa_and_lists_its_works_under_daftar_pustaka() {
    let book = book("cite-apa-id", "id", "apa", INDONESIAN);
    let (out, _) = build(&book, "epub");
    let epub = out.join("sitasi.epub");
    let chapter = entry(&epub, "OEBPS/ch01.xhtml");
    let text = text_of(&chapter);
    // As pandoc --citeproc writes them with APA 7 and the id-ID locale: "hlm." for a page,
    // "dkk." for "et al.", the chapter's label "Bab", one author's years joined by a comma.
    for expected in [
        "dibahas panjang (Ipek, 2020, hlm. 33).",
        "Menurut Smith dkk. (2019), hal ini",
        "(lihat Hasan, 2018; Yılmaz, 2015, Bab 2)",
        "dan (2010a).",
        "(Doe, 2010a, 2010b)",
        "Surel ali@example.com bukan sitasi.",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text}");
    }
    // Each work's part of a citation links to its entry in the reference list.
    for key in [
        "ipek2020",
        "smith2019",
        "hasan2018",
        "yilmaz2015",
        "doe2010a",
        "doe2010b",
    ] {
        assert!(
            chapter.contains(&format!("href=\"ch02.xhtml#ref-{key}\"")),
            "{key}: {chapter}"
        );
    }
    // The list: a chapter of its own at the end, under the language's title, with DPUB-ARIA's
    // role, hanging indents, each entry its id; only the works cited.
    let list = entry(&epub, "OEBPS/ch02.xhtml");
    assert!(list.contains(">Daftar Pustaka</h1>"), "{list}");
    assert!(
        list.contains("<section class=\"references hanging-indent\" role=\"doc-bibliography\">"),
        "{list}"
    );
    let listed = text_of(&list);
    assert!(
        listed.contains(
            "Hasan, B. (2018). Bahasa dan kebudayaan. Dalam R. Sutanto & A. Wijaya (Ed.), \
             Antologi kajian budaya (hlm. 101–120). Gramedia."
        ),
        "{listed}"
    );
    assert_eq!(list.matches("<li id=\"ref-").count(), 6, "{list}");
    assert!(
        !listed.contains("Pamuk"),
        "a work not cited is not listed: {listed}"
    );
    let nav = entry(&epub, "OEBPS/nav.xhtml");
    assert!(nav.contains("Daftar Pustaka"), "{nav}");
    common::assert_epubcheck_passes(&epub);
}

#[test]
fn a_turkish_book_cites_in_chicago_author_date_under_kaynakca() {
    let text = "# Giriş\n\nBu konu tartışılmıştır [@smith2019, 45; @kaya2017].\n";
    let book = book("cite-chicago-tr", "tr", "chicago-author-date", text);
    let (out, _) = build(&book, "epub");
    let epub = out.join("sitasi.epub");
    let chapter = text_of(&entry(&epub, "OEBPS/ch01.xhtml"));
    assert!(
        chapter.contains("(Smith vd. 2019, 45; Kaya ve Öztürk 2017)"),
        "{chapter}"
    );
    let list = text_of(&entry(&epub, "OEBPS/ch02.xhtml"));
    assert!(
        list.starts_with("Kaynakça") || list.contains(" Kaynakça "),
        "{list}"
    );
    assert!(
        list.contains("Kaya, Mehmet, ve Şule Öztürk. 2017."),
        "Turkish 've', names in Turkish letters: {list}"
    );
}

#[test]
fn the_list_goes_where_the_author_marks_it() {
    let text =
        "# Bab\n\nTeks [@ipek2020].\n\n## Rujukan\n\n::: {#refs}\n:::\n\n## Lampiran\n\nAkhir.\n";
    let book = book("cite-refs-div", "id", "apa", text);
    let (out, _) = build(&book, "epub");
    let epub = out.join("sitasi.epub");
    let chapter = entry(&epub, "OEBPS/ch01.xhtml");
    let refs = chapter
        .find("role=\"doc-bibliography\"")
        .expect("the list is in the chapter");
    let appendix = chapter.find(">Lampiran</h2>").unwrap();
    assert!(
        chapter.find(">Rujukan</h2>").unwrap() < refs && refs < appendix,
        "{chapter}"
    );
    assert!(chapter.contains("href=\"#ref-ipek2020\""), "{chapter}");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&epub).unwrap()).unwrap();
    assert!(
        zip.by_name("OEBPS/ch02.xhtml").is_err(),
        "no chapter of its own"
    );
}

#[test]
fn citations_are_links_to_the_page_of_their_entry_in_the_screen_pdf() {
    let book = book("cite-pdf", "id", "apa", INDONESIAN);
    let (out, _) = build(&book, "pdf");
    let pdf = out.join("sitasi.pdf");
    let doc = Document::load(&pdf).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let text = common::pdf_pages(&pdf);
    let on = |phrase: &str| {
        (0..text.len())
            .find(|&p| {
                let words: Vec<&str> = text[p].words.iter().map(|w| w.text.as_str()).collect();
                words.join(" ").contains(phrase)
            })
            .unwrap_or_else(|| panic!("{phrase} printed"))
    };
    let (citing, list) = (on("dibahas panjang"), on("Bahasa dan kebudayaan"));
    assert!(list > citing);
    let links = common::pdf_links(&doc, &pages, citing);
    let to_list = links.iter().filter(|l| **l == Ok(list)).count();
    // Six works, each its own link (a link broken over two lines is two rectangles).
    assert!(to_list >= 6, "{links:?}");
}

#[test]
fn a_key_no_work_has_is_an_error_at_its_place_with_the_nearest_key() {
    let text = "# Bab\n\nTeks pertama.\n\nLihat [@smtih2019, hlm. 3].\n";
    let book = book("cite-unknown", "id", "apa", text);
    let out = book.parent().unwrap().join("out");
    let run = common::terbit(
        &["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()],
        Path::new("."),
    );
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(said.contains("bab1.md:5:7"), "{said}");
    assert!(said.contains("no work has the key `smtih2019`"), "{said}");
    assert!(said.contains("did you mean `smith2019`?"), "{said}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn a_missing_bibliography_or_a_broken_style_is_an_error_at_its_place() {
    // (`terbit check` reports on standard output.)
    let book = book("cite-missing", "id", "apa", "# Bab\n\n[@ipek2020]\n");
    std::fs::remove_file(book.join("works.json")).unwrap();
    let run = common::terbit(&["check", book.to_str().unwrap()], Path::new("."));
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success());
    assert!(said.contains("book.yaml:4:15"), "{said}");
    assert!(
        said.contains("bibliography file `works.json` not found"),
        "{said}"
    );

    std::fs::write(book.join("works.json"), WORKS_JSON).unwrap();
    let yaml = std::fs::read_to_string(book.join("book.yaml")).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        yaml.replace("csl: apa", "csl: gaya.csl"),
    )
    .unwrap();
    std::fs::write(
        book.join("gaya.csl"),
        "<?xml version=\"1.0\"?>\n<style xmlns=\"http://purl.org/net/xbiblio/csl\">\n  <info>\n</style>\n",
    )
    .unwrap();
    let run = common::terbit(&["check", book.to_str().unwrap()], Path::new("."));
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(!run.status.success());
    assert!(
        said.contains("gaya.csl:4:1") && said.contains("not well-formed XML"),
        "{said}"
    );

    std::fs::write(
        book.join("book.yaml"),
        yaml.replace("csl: apa", "csl: chicago-manual"),
    )
    .unwrap();
    let run = common::terbit(&["check", book.to_str().unwrap()], Path::new("."));
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(said.contains("book.yaml:5:6"), "{said}");
    assert!(
        said.contains("no citation style is named `chicago-manual`"),
        "{said}"
    );
}

#[test]
fn a_note_style_puts_each_citation_in_a_footnote_numbered_with_the_others() {
    let text = "# Bab\n\nPertama [@ipek2020, hlm. 33]. Catatan biasa.[^a] Lalu @smith2019 \
                berkata.\n\n[^a]: Sebuah catatan [@doe2010a, 5].\n";
    let book = book("cite-notes", "id", "chicago-notes", text);
    let (out, _) = build(&book, "epub");
    let chapter = entry(&out.join("sitasi.epub"), "OEBPS/ch01.xhtml");
    let text = text_of(&chapter);
    // Marks 1, 2, 3 in reading order: the citation's note, the author's own, the next
    // citation's (its author's name left in the sentence).
    assert!(
        text.contains("Pertama.1 Catatan biasa.2 Lalu John Smith dkk.3 berkata."),
        "{text}"
    );
    assert!(
        text.contains(
            "1. Cemil Doğaç Ipek, Bilim ve felsefe üzerine (Atatürk Üniversitesi Yayınları, \
             2020), 33."
        ),
        "the first citation of a work is given in full: {text}"
    );
    // A citation in the author's own note stays there, in the note's sentence.
    assert!(
        text.contains("2. Sebuah catatan Jane Doe, First book (Penguin, 2010), 5."),
        "{text}"
    );
    assert!(
        text.contains("3. John Smith dkk., “A study of things,”"),
        "{text}"
    );
    assert!(chapter.contains("id=\"fn-3\""), "{chapter}");
}

#[test]
fn a_hayagriva_yaml_bibliography_is_read_too() {
    let dir = common::scratch("cite-yaml");
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(
        book.join("pustaka.yaml"),
        "ipek2020:\n  type: book\n  title: Bilim ve Felsefe Üzerine\n  author: Ipek, Cemil Doğaç\n  \
         date: 2020\n  publisher: Atatürk Üniversitesi Yayınları\n",
    )
    .unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: T\nlanguage: tr\nbibliography: pustaka.yaml\ncsl: apa\nchapters: [b.md]\n",
    )
    .unwrap();
    std::fs::write(book.join("b.md"), "# Giriş\n\nBilim [@ipek2020, s. 4].\n").unwrap();
    let (out, _) = build(&book, "epub");
    let epub = out.join("t.epub");
    let text = text_of(&entry(&epub, "OEBPS/ch01.xhtml"));
    assert!(text.contains("Bilim (Ipek, 2020, s. 4)."), "{text}");
    let list = text_of(&entry(&epub, "OEBPS/ch02.xhtml"));
    assert!(
        list.contains(
            "Ipek, C. D. (2020). Bilim ve Felsefe Üzerine. Atatürk Üniversitesi Yayınları."
        ),
        "{list}"
    );
}

#[test]
fn a_citation_in_a_figure_caption_is_formatted_and_linked() {
    let text = "# Bab\n\n![Peta *wilayah* kajian [@ipek2020, hlm. 3]](peta.png)\n";
    let book = book("cite-caption", "id", "apa", text);
    std::fs::write(
        book.join("peta.png"),
        include_bytes!("data/epub-fixture/gambar/peta.png"),
    )
    .unwrap();
    let (out, _) = build(&book, "epub,pdf");
    let epub = out.join("sitasi.epub");
    let chapter = entry(&epub, "OEBPS/ch01.xhtml");
    // The caption: its emphasis kept, the citation formatted and a link to its entry (so the
    // caption is not hidden from screen readers); the alt text the caption's words.
    assert!(
        chapter.contains("<figcaption>Peta <em>wilayah</em> kajian"),
        "{chapter}"
    );
    assert!(
        chapter.contains("href=\"ch02.xhtml#ref-ipek2020\""),
        "{chapter}"
    );
    assert!(
        chapter.contains("alt=\"Peta wilayah kajian (Ipek, 2020, hlm. 3)\""),
        "{chapter}"
    );
    common::assert_epubcheck_passes(&epub);
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let pages = common::pdf_pages(&out.join("sitasi.pdf"));
    let all: Vec<String> = pages
        .iter()
        .map(|p| {
            p.words
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        all.iter()
            .any(|p| p.contains("Peta wilayah kajian (Ipek, 2020, hlm. 3)")),
        "{all:?}"
    );
}

#[test]
fn a_citation_in_the_sentence_of_a_numeric_style_is_its_number() {
    // IEEE's citations print no names: `@key` in a sentence is "[1]", as pandoc prints it.
    let text = "# Bab\n\nMenurut @smith2019 ini penting [@ipek2020].\n";
    let book = book("cite-ieee-in-text", "id", "ieee", text);
    let (out, _) = build(&book, "epub");
    let chapter = text_of(&entry(&out.join("sitasi.epub"), "OEBPS/ch01.xhtml"));
    assert!(
        chapter.contains("Menurut [1] ini penting [2]."),
        "{chapter}"
    );
}

#[test]
fn a_note_reference_followed_by_a_citation_keeps_both() {
    // `passes[^a][@key, hlm. 141]`, as an English thesis writes it: the note and the
    // citation, as pandoc reads it (CommonMark alone takes `[^a][…]` for a link and loses the
    // note).
    let text = "# Bab\n\nLangkah[^a][@ipek2020, hlm. 141] ini.\n\n[^a]: Catatan A.\n";
    let book = book("cite-after-note", "id", "apa", text);
    let (out, _) = build(&book, "epub");
    let chapter = text_of(&entry(&out.join("sitasi.epub"), "OEBPS/ch01.xhtml"));
    assert!(
        chapter.contains("Langkah1(Ipek, 2020, hlm. 141) ini."),
        "{chapter}"
    );
    assert!(chapter.contains("Catatan A."), "{chapter}");
}
