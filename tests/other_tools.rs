//! Books from other tools, as they are: a pandoc-style folder (metadata in front matter or a
//! title block, `{#id .class}` headings) and an mdBook folder (book.toml, SUMMARY.md with parts
//! and nesting, includes) build into EPUBs that pass EPUBCheck; a book.yaml, when present,
//! wins.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use terbit::pipeline::{self, Format};

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Build the EPUB of `book` into `out`; its path.
fn epub(book: &Path, out: &Path) -> PathBuf {
    let built = pipeline::build(book, out, &[Format::Epub]).unwrap_or_else(|e| panic!("{e}"));
    built[0].path.clone()
}

/// The text of `name` inside the EPUB at `path`.
fn entry(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// An XHTML document (with its DTD, as epub-builder writes them).
fn parse(xml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xml, options).expect("well-formed XHTML")
}

fn pandoc_book(dir: &Path) -> PathBuf {
    let book = dir.join("pandoc");
    write(
        &book,
        "01-giris.md",
        "---\ntitle: Avrasya Notları\nsubtitle: Bir Deneme\nauthor:\n  - Ayşe Yılmaz\n  - name: Cemil Ipek\n    affiliation: Atatürk Üniversitesi\nlang: tr\ndate: 2026-11-26\nabstract: Kısa bir özet.\nkeywords: [Avrasya, NATO]\nidentifier:\n  - scheme: UUID\n    text: urn:uuid:0b9c2a4e-5d1f-4c3b-9a8e-7f6d5c4b3a21\npublisher: Deneme Yayınları\n---\n\n# Giriş {#giris .unnumbered}\n\nMetin, [sona](02-son.md#son-soz) bağlanır.\n",
    );
    write(
        &book,
        "02-son.md",
        "# Son {-}\n\n## Son söz {#son-soz .unlisted}\n\nBaşa [dön](01-giris.md#giris).\n",
    );
    book
}

#[test]
fn a_pandoc_folder_takes_its_metadata_from_front_matter() {
    let dir = common::scratch("other-pandoc");
    let book = pandoc_book(&dir);
    let m = terbit::manuscript::load(&book).unwrap();
    let c = &m.config;
    assert_eq!(c.title, "Avrasya Notları");
    assert_eq!(c.subtitle.as_deref(), Some("Bir Deneme"));
    assert_eq!(c.language.value, "tr");
    let names: Vec<&str> = c.authors.iter().map(|a| a.name()).collect();
    assert_eq!(names, ["Ayşe Yılmaz", "Cemil Ipek"]);
    assert_eq!(c.authors[1].affiliation(), Some("Atatürk Üniversitesi"));
    assert_eq!(c.date.as_ref().unwrap().value, "2026-11-26");
    assert_eq!(c.description.as_deref(), Some("Kısa bir özet."));
    assert_eq!(c.subjects, ["Avrasya", "NATO"]);
    assert_eq!(c.uuid().to_string(), "0b9c2a4e-5d1f-4c3b-9a8e-7f6d5c4b3a21");
    assert_eq!(c.publisher.as_deref(), Some("Deneme Yayınları"));
    // The front matter's lines are blank, not text: the heading keeps its line number.
    assert_eq!(
        m.chapters[0]
            .text
            .lines()
            .position(|l| l.starts_with("# Giri")),
        Some(17)
    );

    let path = epub(&book, &dir.join("out"));
    common::assert_epubcheck_passes(&path);
    let opf = entry(&path, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title id=\"epub-title-1\">Avrasya Notları</dc:title>")
            || opf.contains(">Avrasya Notları</dc:title>"),
        "{opf}"
    );
    assert!(opf.contains(">tr</dc:language>"), "{opf}");
    assert!(opf.contains(">Cemil Ipek</dc:creator>"), "{opf}");
    let ch1 = entry(&path, "OEBPS/ch01.xhtml");
    assert!(ch1.contains("id=\"giris\""), "{ch1}");
    assert!(
        !ch1.contains("title:") && !ch1.contains("{#") && !ch1.contains(".unnumbered"),
        "{ch1}"
    );
    assert!(ch1.contains("href=\"ch02.xhtml#son-soz\""), "{ch1}");
    let ch2 = entry(&path, "OEBPS/ch02.xhtml");
    assert!(!ch2.contains("{-}") && !ch2.contains(".unlisted"), "{ch2}");
    assert!(
        ch2.contains("id=\"son-soz\"") && ch2.contains("href=\"ch01.xhtml#giris\""),
        "{ch2}"
    );
}

#[test]
fn a_title_block_names_the_book_and_its_authors() {
    let dir = common::scratch("other-title-block");
    let book = dir.join("kitap");
    write(
        &book,
        "a.md",
        "% Kazakistan Üzerine\n% Ayşe Yılmaz; Cemil Ipek\n% 2026-03\n\n# Bölüm\n\nMetin.\n",
    );
    let m = terbit::manuscript::load(&book).unwrap();
    assert_eq!(m.config.title, "Kazakistan Üzerine");
    assert_eq!(m.config.authors.len(), 2);
    assert_eq!(m.config.language.value, "en", "pandoc's default language");
    assert_eq!(m.config.date.as_ref().unwrap().value, "2026-03");
    let path = epub(&book, &dir.join("out"));
    common::assert_epubcheck_passes(&path);
    assert!(!entry(&path, "OEBPS/ch01.xhtml").contains("% Kazakistan"));
}

#[test]
fn book_yaml_wins_over_front_matter() {
    let dir = common::scratch("other-yaml-wins");
    let book = pandoc_book(&dir);
    write(
        &book,
        "book.yaml",
        "title: Judul dari book.yaml\nlanguage: id\n",
    );
    let m = terbit::manuscript::load(&book).unwrap();
    assert_eq!(m.config.title, "Judul dari book.yaml");
    assert_eq!(m.config.language.value, "id");
    assert!(m.config.authors.is_empty());
    let path = epub(&book, &dir.join("out"));
    let ch1 = entry(&path, "OEBPS/ch01.xhtml");
    assert!(
        !ch1.contains("Avrasya Notları"),
        "front matter is never text: {ch1}"
    );
}

#[test]
fn a_folder_without_any_title_says_what_is_missing() {
    let dir = common::scratch("other-untitled");
    write(&dir, "a.md", "# Bab\n\nTeks.\n");
    let e = terbit::manuscript::load(&dir).unwrap_err().to_string();
    assert!(
        e.contains("book.yaml: not found") && e.contains("front matter"),
        "{e}"
    );
}

/// An SVG diagram with text, as mdBook books carry them.
const DIAGRAM: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"80\" viewBox=\"0 0 200 80\">\n\
  <rect x=\"5\" y=\"5\" width=\"80\" height=\"40\" fill=\"#dde\" stroke=\"#223\"/>\n\
  <text x=\"15\" y=\"30\" font-size=\"14\">Naskah</text>\n\
  <path d=\"M85 25 H115\" stroke=\"#223\"/>\n\
  <rect x=\"115\" y=\"5\" width=\"80\" height=\"40\" fill=\"#ede\" stroke=\"#223\"/>\n\
  <text x=\"125\" y=\"30\" font-size=\"14\">EPUB</text>\n\
</svg>\n";

fn mdbook(dir: &Path, author_key: &str) -> PathBuf {
    let book = dir.join("mdbook");
    write(
        &book,
        "book.toml",
        &format!(
            "[book]\ntitle = \"Rust untuk Penerbit\"\n{author_key}\nlanguage = \"id\"\n\
             description = \"Contoh mdBook.\"\nsrc = \"src\"\n\n[output.html]\nmathjax-support = true\n"
        ),
    );
    write(
        &book,
        "src/SUMMARY.md",
        "# Summary\n\n[Pengantar](pengantar.md)\n\n# Bagian Pertama\n\n- [Memulai](bab1/memulai.md)\n    \
         - [Memasang](bab1/memasang.md)\n    - [Belum ditulis]()\n- [Kode](bab2.md)\n\n# Bagian Kedua\n\n\
         - [Penutup](penutup.md)\n\n---\n\n[Lampiran](lampiran.md)\n",
    );
    write(&book, "src/pengantar.md", "# Pengantar\n\nBuku contoh.\n");
    write(
        &book,
        "src/bab1/memulai.md",
        "# Memulai\n\nLihat [memasang](memasang.md).\n",
    );
    write(
        &book,
        "src/bab1/memasang.md",
        "# Memasang\n\n```sh\ncargo install terbit\n```\n",
    );
    write(
        &book,
        "src/bab2.md",
        "# Kode\n\n```rust\n{{#rustdoc_include ../contoh/salam.rs:utama}}\n```\n\n\
         Baris dua: `{{#include ../contoh/salam.rs:2}}`\n",
    );
    write(
        &book,
        "contoh/salam.rs",
        "// ANCHOR: utama\nfn main() {\n    println!(\"salam\");\n}\n// ANCHOR_END: utama\n",
    );
    write(
        &book,
        "src/penutup.md",
        "# Penutup\n\n![Diagram alur](gambar/alur.svg)\n\nSelesai.\n",
    );
    write(&book, "src/gambar/alur.svg", DIAGRAM);
    write(&book, "src/lampiran.md", "# Lampiran\n\nTambahan.\n");
    book
}

#[test]
fn an_mdbook_builds_in_summary_order_with_parts_and_nesting() {
    for author_key in [
        "authors = [\"Ayşe Yılmaz\", \"Cemil Ipek\"]",
        "author = \"Ayşe Yılmaz\"",
    ] {
        let dir = common::scratch("other-mdbook");
        let book = mdbook(&dir, author_key);
        let m = terbit::manuscript::load(&book).unwrap();
        assert_eq!(m.config.title, "Rust untuk Penerbit");
        assert_eq!(m.config.language.value, "id");
        assert_eq!(m.config.authors[0].name(), "Ayşe Yılmaz");
        assert_eq!(m.config.description.as_deref(), Some("Contoh mdBook."));
        let order: Vec<String> = m
            .chapters
            .iter()
            .map(|c| {
                c.text
                    .lines()
                    .find(|l| l.starts_with("# "))
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            order,
            [
                "# Pengantar",
                "# Bagian Pertama",
                "# Memulai",
                "# Memasang",
                "# Kode",
                "# Bagian Kedua",
                "# Penutup",
                "# Lampiran"
            ]
        );
        assert_eq!(m.config.chapter_depths, [0, 0, 1, 2, 1, 0, 1, 0]);
        let code = &m.chapters[4].text;
        assert!(
            code.contains("fn main() {\n    println!(\"salam\");\n}\n```"),
            "{code}"
        );
        assert!(code.contains("Baris dua: `fn main() {`"), "{code}");
        assert!(!code.contains("ANCHOR"), "{code}");

        let path = epub(&book, &dir.join("out"));
        common::assert_epubcheck_passes(&path);
        // The navigation nests: part → chapter → sub-chapter.
        let nav = entry(&path, "OEBPS/nav.xhtml");
        let doc = parse(&nav);
        let link = |href: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name("a") && n.attribute("href") == Some(href))
                .unwrap_or_else(|| panic!("{href} not in nav:\n{nav}"))
        };
        let depth = |href: &str| {
            link(href)
                .ancestors()
                .filter(|n| n.has_tag_name("ol"))
                .count()
        };
        assert_eq!(
            depth("ch02.xhtml"),
            depth("ch01.xhtml"),
            "a part is at the top"
        );
        assert_eq!(
            depth("ch03.xhtml"),
            depth("ch02.xhtml") + 1,
            "its chapters under it"
        );
        assert_eq!(
            depth("ch04.xhtml"),
            depth("ch03.xhtml") + 1,
            "nested chapters deeper"
        );
        assert_eq!(
            depth("ch08.xhtml"),
            depth("ch01.xhtml"),
            "suffix chapters at the top"
        );
        let contents = entry(&path, "OEBPS/contents.xhtml");
        parse(&contents);
        assert!(entry(&path, "OEBPS/ch03.xhtml").contains("href=\"ch04.xhtml\""));
        // The SVG stays an SVG in the EPUB.
        let opf = entry(&path, "OEBPS/content.opf");
        assert!(
            opf.contains("href=\"images/alur.svg\"") && opf.contains("image/svg+xml"),
            "{opf}"
        );
        assert_eq!(entry(&path, "OEBPS/images/alur.svg"), DIAGRAM);
        assert!(entry(&path, "OEBPS/ch07.xhtml").contains("src=\"images/alur.svg\""));
    }
}

#[test]
fn svg_images_are_drawn_in_the_pdf() {
    let dir = common::scratch("other-mdbook-pdf");
    let book = mdbook(&dir, "authors = [\"Ayşe\"]");
    let built = pipeline::build(&book, &dir.join("out"), &[Format::Pdf]).unwrap();
    let pdf = &built[0].path;
    let Some(()) = common::tool("pdfimages") else {
        return;
    };
    let out = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&out.stdout);
    // The generated cover on page 1 is the only picture: the diagram is drawn as vectors
    // (tests/svg_vectors.rs compares them with the SVG).
    let rows: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| !l.trim_start().starts_with("1 "))
        .collect();
    assert!(rows.is_empty(), "{list}");

    // The bookmarks nest as SUMMARY.md does: part → chapter → sub-chapter.
    let doc = lopdf::Document::load(pdf).unwrap();
    let title = |id: lopdf::ObjectId| {
        let title = doc.get_dictionary(id).unwrap().get(b"Title").unwrap();
        lopdf::decode_text_string(title).unwrap()
    };
    let link = |id: lopdf::ObjectId, key: &[u8]| {
        doc.get_dictionary(id)
            .ok()?
            .get(key)
            .ok()?
            .as_reference()
            .ok()
    };
    let root = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .unwrap()
        .as_reference()
        .unwrap();
    let mut top = Vec::new();
    let mut at = link(root, b"First");
    while let Some(id) = at {
        top.push(id);
        at = link(id, b"Next");
    }
    let part = *top
        .iter()
        .find(|&&id| title(id) == "Bagian Pertama")
        .expect("the part");
    let chapter = link(part, b"First").expect("chapters under the part");
    assert_eq!(title(chapter), "Memulai");
    let nested = link(chapter, b"First").expect("a nested chapter");
    assert_eq!(title(nested), "Memasang");
}

#[test]
fn mdbook_problems_point_at_summary_and_includes() {
    let dir = common::scratch("other-mdbook-bad");
    let book = mdbook(&dir, "");
    write(
        &book,
        "src/SUMMARY.md",
        "# Summary\n\n- [Ada](pengantar.md)\n- [Hilang](hilang.md)\n",
    );
    let e = terbit::manuscript::load(&book).unwrap_err().to_string();
    assert!(
        e.contains("src/SUMMARY.md:4:3: chapter `hilang.md` not found"),
        "{e}"
    );
    assert!(
        !book.join("src/hilang.md").exists(),
        "terbit never creates it"
    );

    write(&dir, "rahasia.txt", "jangan");
    write(&book, "src/SUMMARY.md", "- [Bab](bab.md)\n");
    write(
        &book,
        "src/bab.md",
        "# Bab\n\n{{#include ../../rahasia.txt}}\n",
    );
    let e = terbit::manuscript::load(&book).unwrap_err().to_string();
    assert!(
        e.contains("src/bab.md:3:1:") && e.contains("outside the book"),
        "{e}"
    );
    let m = terbit::manuscript::load(&book);
    assert!(m.is_err());
    let no_title = dir.join("tanpa-judul");
    write(&no_title, "book.toml", "[book]\n");
    write(&no_title, "src/SUMMARY.md", "- [Bab](bab.md)\n");
    write(&no_title, "src/bab.md", "# Bab\n");
    let m = terbit::manuscript::load(&no_title).unwrap();
    assert_eq!(m.config.title, "tanpa-judul", "the folder's name");
    assert_eq!(m.config.language.value, "en", "mdBook's default language");
}

/// The PDF's printed contents page nests as SUMMARY.md does: a part's chapters are indented
/// under it, a sub-chapter under its chapter.
#[test]
fn the_printed_contents_page_nests_as_summary_does() {
    use terbit::typeset::{self, Edition, PageItem};
    let dir = common::scratch("other-mdbook-toc");
    let book = mdbook(&dir, "authors = [\"Ayşe\"]");
    let manuscript = terbit::manuscript::load(&book).unwrap();
    let (book, _) = terbit::document::build_with_warnings(&manuscript).unwrap();
    let assets = terbit::document::assets::collect(&book).unwrap();
    let ts = typeset::typeset(&book, &assets, Edition::Screen);
    // The contents page: the one whose first line is its title.
    let word = |item: &PageItem| match item {
        PageItem::Text { x, piece, .. } => Some((
            *x,
            piece
                .glyphs
                .iter()
                .map(|g| g.text.as_str())
                .collect::<String>(),
        )),
        _ => None,
    };
    let toc = ts
        .pages
        .iter()
        .find(|p| p.items.iter().filter_map(word).any(|(_, t)| t == "Isi"))
        .expect("a contents page");
    let x_of = |title: &str| {
        toc.items
            .iter()
            .filter_map(word)
            .find(|(_, t)| t == title)
            .map(|(x, _)| x)
            .unwrap_or_else(|| panic!("{title} not in the contents"))
    };
    let (part, chapter, nested) = (x_of("Bagian"), x_of("Memulai"), x_of("Memasang"));
    assert!(chapter > part + 5.0, "{part} {chapter}");
    assert!(nested > chapter + 5.0, "{chapter} {nested}");
    assert!((x_of("Pengantar") - part).abs() < 0.5);
}

#[test]
fn an_mdbook_without_a_language_is_set_as_english_and_the_build_says_so() {
    let dir = common::scratch("mdbook-no-language");
    let book = dir.join("book");
    write(&book, "book.toml", "[book]\ntitle = \"Kitap\"\n");
    write(&book, "src/SUMMARY.md", "# Özet\n\n- [Bir](bir.md)\n");
    write(&book, "src/bir.md", "# Bir\n\nMetin.\n");
    let run = common::terbit(&["build", "book", "-o", "out", "--format", "epub"], &dir);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains(
            "note: book.toml names no `language` under [book]: the book is set as English"
        ),
        "{err}"
    );
    // Named, it says nothing.
    write(
        &book,
        "book.toml",
        "[book]\ntitle = \"Kitap\"\nlanguage = \"tr\"\n",
    );
    let run = common::terbit(&["build", "book", "-o", "out", "--format", "epub"], &dir);
    assert!(!String::from_utf8_lossy(&run.stderr).contains("names no `language`"));
}

/// mdBook builds a folder holding only `src/SUMMARY.md` and its chapters (no book.toml), titled
/// after the folder: so does terbit.
#[test]
fn an_mdbook_without_book_toml_builds_as_mdbook_would() {
    let dir = common::scratch("mdbook-no-toml");
    let book = dir.join("kitap");
    write(
        &book,
        "src/SUMMARY.md",
        "# Summary\n\n- [Giriş](giris.md)\n    - [Kurulum](kurulum.md)\n",
    );
    write(&book, "src/giris.md", "# Giriş\n\nMerhaba.\n");
    write(&book, "src/kurulum.md", "## Kurulum\n\nKur.\n");
    let m = terbit::manuscript::load(&book).unwrap();
    assert_eq!(m.config.title, "kitap");
    let built = terbit::document::build(&m).unwrap();
    let titles: Vec<&str> = built.chapters.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Giriş", "Kurulum"]);
}
