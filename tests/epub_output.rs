//! The EPUB writer end to end: the fixture book in `tests/data/epub-fixture` (two chapters using
//! every construct, Turkish and Indonesian letters, an image and a cover) goes through the
//! library, and the archive, its XHTML, its package document and its fonts are checked — then,
//! when it is installed, by EPUBCheck.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use terbit::fonts::Face;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture")
}

fn build(dir: &Path) -> terbit::Result<Vec<u8>> {
    let manuscript = terbit::manuscript::load(dir)?;
    let book = terbit::document::build(&manuscript)?;
    terbit::epub::write(&book)
}

/// The fixture's EPUB, built once for all tests.
fn epub() -> &'static [u8] {
    static EPUB: OnceLock<Vec<u8>> = OnceLock::new();
    EPUB.get_or_init(|| build(&fixture_dir()).unwrap_or_else(|e| panic!("build failed: {e}")))
}

/// Every file of the EPUB by name, in archive order.
fn files() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let mut zip = zip::ZipArchive::new(Cursor::new(epub())).expect("a zip archive");
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = vec![];
                f.read_to_end(&mut data).unwrap();
                (f.name().to_string(), data)
            })
            .collect()
    })
}

fn text(name: &str) -> &'static str {
    let bytes = files()
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing from the EPUB"));
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xml, options)
        .unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"))
}

const OPF_NS: &str = "http://www.idpf.org/2007/opf";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const EPUB_NS: &str = "http://www.idpf.org/2007/ops";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

#[test]
fn mimetype_comes_first_stored_and_without_extra_field() {
    let bytes = epub();
    assert_eq!(&bytes[0..4], b"PK\x03\x04", "a local file header first");
    assert_eq!(
        u16::from_le_bytes([bytes[8], bytes[9]]),
        0,
        "stored, not compressed"
    );
    assert_eq!(u16::from_le_bytes([bytes[26], bytes[27]]), 8, "name length");
    assert_eq!(
        u16::from_le_bytes([bytes[28], bytes[29]]),
        0,
        "no extra field"
    );
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
}

#[test]
fn every_xhtml_is_well_formed_and_carries_the_language() {
    let xhtml: Vec<&String> = files().keys().filter(|n| n.ends_with(".xhtml")).collect();
    for expected in ["cover", "title", "contents", "ch01", "ch02", "nav"] {
        assert!(
            xhtml
                .iter()
                .any(|n| n.ends_with(&format!("/{expected}.xhtml"))),
            "{expected}.xhtml missing"
        );
    }
    for name in xhtml {
        let doc = parse(text(name));
        let html = doc.root_element();
        assert_eq!(html.tag_name().name(), "html", "{name}");
        assert_eq!(html.attribute("lang"), Some("tr"), "{name}: lang");
        assert_eq!(
            html.attribute((XML_NS, "lang")),
            Some("tr"),
            "{name}: xml:lang"
        );
    }
}

/// The package document and a lookup of its metadata.
struct Opf {
    doc: roxmltree::Document<'static>,
}

impl Opf {
    fn new() -> Opf {
        Opf {
            doc: parse(text("OEBPS/content.opf")),
        }
    }

    fn dc(&self, name: &str) -> Vec<&str> {
        self.doc
            .descendants()
            .filter(|n| n.has_tag_name((DC, name)))
            .map(|n| n.text().unwrap_or("").trim())
            .collect()
    }

    fn meta(&self, property: &str) -> Vec<&str> {
        self.metas(property)
            .into_iter()
            .map(|n| n.text().unwrap_or("").trim())
            .collect()
    }

    fn metas(&self, property: &str) -> Vec<roxmltree::Node<'_, '_>> {
        self.doc
            .descendants()
            .filter(|n| {
                n.has_tag_name((OPF_NS, "meta")) && n.attribute("property") == Some(property)
            })
            .collect()
    }

    /// The text of the `property` meta refining element `id`.
    fn refinement(&self, id: &str, property: &str) -> Option<&str> {
        let target = format!("#{id}");
        self.metas(property)
            .into_iter()
            .find(|n| n.attribute("refines") == Some(&target))
            .and_then(|n| n.text())
    }
}

#[test]
fn package_metadata_is_complete() {
    let opf = Opf::new();
    assert_eq!(opf.doc.root_element().attribute("version"), Some("3.0"));
    assert_eq!(
        opf.doc.root_element().attribute((XML_NS, "lang")),
        Some("tr")
    );
    assert_eq!(
        opf.dc("title"),
        ["Çiçekler & Güneş", "Bir deneme <kitap> — Sebuah uji coba"]
    );
    assert_eq!(opf.refinement("subtitle", "title-type"), Some("subtitle"));
    assert_eq!(
        opf.dc("creator"),
        ["Ayşe Öztürk", "Budi Santoso", "Çağrı Işık"]
    );
    let roles: Vec<&str> = opf
        .doc
        .descendants()
        .filter(|n| n.has_tag_name((DC, "creator")))
        .map(|n| {
            let id = n.attribute("id").expect("creator has an id");
            let role = opf
                .metas("role")
                .into_iter()
                .find(|m| m.attribute("refines") == Some(&format!("#{id}")));
            let role = role.expect("creator has a role");
            assert_eq!(role.attribute("scheme"), Some("marc:relators"));
            role.text().unwrap()
        })
        .collect();
    assert_eq!(roles, ["aut", "trl", "aut"]);
    assert_eq!(opf.dc("publisher"), ["Yayınevi Gökyüzü"]);
    assert_eq!(opf.dc("date"), ["2024-05-17"]);
    assert_eq!(opf.dc("language"), ["tr"]);
    assert_eq!(opf.dc("rights"), ["© 2024 Ayşe Öztürk. CC BY 4.0."]);
    assert_eq!(
        opf.dc("description"),
        ["Türkçe ve Endonezce harflerle dolu bir test kitabı."]
    );
    assert_eq!(opf.dc("subject"), ["Deneme", "Bahasa Indonesia"]);

    let manuscript = terbit::manuscript::load(&fixture_dir()).unwrap();
    let uuid = format!("urn:uuid:{}", manuscript.config.uuid());
    assert!(
        opf.dc("identifier").contains(&uuid.as_str()),
        "{:?}",
        opf.dc("identifier")
    );
    assert!(opf.dc("identifier").contains(&"urn:isbn:9786020000000"));
    let unique = opf
        .doc
        .root_element()
        .attribute("unique-identifier")
        .unwrap();
    let id_node = opf
        .doc
        .descendants()
        .find(|n| n.attribute("id") == Some(unique))
        .unwrap();
    assert_eq!(
        id_node.text(),
        Some(uuid.as_str()),
        "the unique identifier is the book's UUID"
    );

    let modified = opf.meta("dcterms:modified");
    assert_eq!(modified.len(), 1);
    let m = modified[0].as_bytes();
    assert!(
        m.len() == 20 && m[4] == b'-' && m[10] == b'T' && m[19] == b'Z',
        "{}",
        modified[0]
    );

    let series = opf.metas("belongs-to-collection");
    assert_eq!(series.len(), 1);
    assert_eq!(series[0].text(), Some("Küçük Kitaplar"));
    let c = series[0].attribute("id").unwrap();
    assert_eq!(opf.refinement(c, "collection-type"), Some("series"));
    assert_eq!(opf.refinement(c, "group-position"), Some("50"));

    assert_eq!(opf.meta("schema:accessMode"), ["textual", "visual"]);
    assert_eq!(opf.meta("schema:accessModeSufficient"), ["textual"]);
    let features: BTreeSet<&str> = opf
        .meta("schema:accessibilityFeature")
        .into_iter()
        .collect();
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ] {
        assert!(features.contains(f), "accessibilityFeature {f}");
    }
    assert_eq!(opf.meta("schema:accessibilityHazard"), ["none"]);
    assert_eq!(opf.meta("schema:accessibilitySummary").len(), 1);
    assert_eq!(
        opf.meta("dcterms:conformsTo"),
        ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    );

    // Ids are unique and every refinement points at one.
    let ids: Vec<&str> = opf
        .doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let set: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), set.len(), "duplicate ids: {ids:?}");
    for n in opf.doc.descendants().filter_map(|n| n.attribute("refines")) {
        assert!(
            set.contains(n.trim_start_matches('#')),
            "refines {n} points nowhere"
        );
    }

    // Reading order: cover, title page, contents, chapters; the cover image is marked.
    let spine: Vec<&str> = opf
        .doc
        .descendants()
        .filter(|n| n.has_tag_name((OPF_NS, "itemref")))
        .map(|n| {
            let idref = n.attribute("idref").unwrap();
            opf.doc
                .descendants()
                .find(|i| i.attribute("id") == Some(idref))
                .unwrap()
                .attribute("href")
                .unwrap()
        })
        .collect();
    assert_eq!(
        spine,
        [
            "cover.xhtml",
            "title.xhtml",
            "contents.xhtml",
            "ch01.xhtml",
            "ch02.xhtml"
        ]
    );
    let cover = opf
        .doc
        .descendants()
        .find(|n| n.attribute("properties") == Some("cover-image"))
        .unwrap();
    assert_eq!(cover.attribute("media-type"), Some("image/png"));
}

#[test]
fn navigation_lists_chapters_sections_and_landmarks() {
    let nav = text("OEBPS/nav.xhtml");
    let doc = parse(nav);
    let links: Vec<(&str, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|n| {
            (
                n.attribute("href").unwrap(),
                n.descendants()
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect(),
            )
        })
        .collect();
    assert!(
        links.contains(&("ch01.xhtml", "Giriş: Çiçekler ve ağaçlar".into())),
        "{links:?}"
    );
    assert!(
        links.contains(&("ch01.xhtml#tablo-ve-kod", "Tablo ve kod".into())),
        "{links:?}"
    );
    assert!(
        links.contains(&("ch02.xhtml#daftar-bernomor", "Daftar bernomor".into())),
        "{links:?}"
    );
    let types: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute((EPUB_NS, "type")))
        .collect();
    for t in ["toc", "landmarks", "cover", "titlepage", "bodymatter"] {
        assert!(
            types.contains(&t),
            "no epub:type {t} in the navigation document: {types:?}"
        );
    }
    let toc = doc
        .descendants()
        .find(|n| n.attribute((EPUB_NS, "type")) == Some("toc"))
        .unwrap();
    assert_eq!(toc.attribute("role"), Some("doc-toc"));
    let landmarks = doc
        .descendants()
        .find(|n| n.attribute((EPUB_NS, "type")) == Some("landmarks"));
    assert!(
        landmarks.unwrap().has_attribute("hidden"),
        "landmarks are for reading systems"
    );
    assert!(text("OEBPS/toc.ncx").contains("ch02.xhtml#daftar-bernomor"));
    assert!(text("OEBPS/contents.xhtml").contains("<a href=\"ch01.xhtml#listeler-ve-alintilar\">"));
}

#[test]
fn title_page_shows_the_book() {
    let page = text("OEBPS/title.xhtml");
    for s in [
        "Çiçekler &amp; Güneş",
        "Bir deneme &lt;kitap&gt; — Sebuah uji coba",
        "Ayşe Öztürk",
        "İstanbul Üniversitesi",
        "Küçük Kitaplar (no. 50)",
        "Yayınevi Gökyüzü",
    ] {
        assert!(page.contains(s), "{s} missing from the title page:\n{page}");
    }
}

#[test]
fn chapters_use_epub3_notes_and_safe_links() {
    let ch = text("OEBPS/ch01.xhtml");
    assert!(
        ch.contains("epub:type=\"noteref\"") && ch.contains("href=\"#fn-1\" id=\"fnref-1\""),
        "{ch}"
    );
    assert!(
        ch.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">"),
        "{ch}"
    );
    assert!(
        ch.contains("href=\"#fnref-1\" role=\"doc-backlink\""),
        "{ch}"
    );
    assert!(ch.contains("<ol start=\"3\">"), "{ch}");
    assert!(
        ch.contains("<th class=\"center\">Ad</th>") && ch.contains("<td class=\"right\">333</td>"),
        "{ch}"
    );
    assert!(!ch.contains("javascript"), "dangerous link dropped");
    assert!(ch.contains("zararlı bağlantı"), "its text kept");
    assert!(
        ch.contains("<a href=\"ch02.xhtml\">ikinci bölüm</a>"),
        "chapter links are rewritten"
    );
    assert!(
        ch.contains("<p>ham blok</p>") && !ch.contains("kutu"),
        "raw HTML becomes XHTML: {ch}"
    );
    assert!(
        ch.contains("Ham HTML içerik metin olarak kalır."),
        "a span that names no language is its text: {ch}"
    );
    let ch2 = text("OEBPS/ch02.xhtml");
    assert!(
        ch2.contains("<a href=\"ch01.xhtml#tablo-ve-kod\">bab pertama</a>"),
        "{ch2}"
    );
    assert!(
        ch2.contains("<a href=\"mailto:budi@example.org\">budi@example.org</a>"),
        "{ch2}"
    );
}

#[test]
fn images_are_copied_and_referenced() {
    let png = std::fs::read(fixture_dir().join("gambar/peta.png")).unwrap();
    assert_eq!(files().get("OEBPS/images/peta.png"), Some(&png));
    let cover = std::fs::read(fixture_dir().join("gambar/kapak.png")).unwrap();
    assert_eq!(files().get("OEBPS/images/kapak.png"), Some(&cover));
    assert!(
        text("OEBPS/ch01.xhtml")
            .contains("<img src=\"images/peta.png\" alt=\"Küçük bir harita: Türkiye\"")
    );
    assert!(text("OEBPS/cover.xhtml").contains("<img src=\"images/kapak.png\""));
}

#[test]
fn fonts_are_subset_referenced_and_still_draw_the_text() {
    let css = text("OEBPS/stylesheet.css");
    let fonts: Vec<&String> = files().keys().filter(|n| n.ends_with(".ttf")).collect();
    // The fixture has regular, italic, bold, bold italic (***…***) and code.
    assert_eq!(fonts.len(), 5, "{fonts:?}");
    // The fixture needs no fallback face.
    let set = terbit::fonts::FontSet::bundled();
    for face in [
        Face::Regular,
        Face::Italic,
        Face::Bold,
        Face::BoldItalic,
        Face::Mono,
    ] {
        let font = set.font(face);
        let name = format!("OEBPS/fonts/{}", font.file_name());
        let data = files()
            .get(&name)
            .unwrap_or_else(|| panic!("{name} missing"));
        assert!(
            css.contains(&format!("url(\"fonts/{}\")", font.file_name())),
            "{name} not in @font-face"
        );
        assert!(
            data.len() * 5 < font.data.len(),
            "{name}: {} bytes is not a subset",
            data.len()
        );
        let f =
            rustybuzz::ttf_parser::Face::parse(data, 0).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            f.tables().gsub.is_some() && f.tables().gpos.is_some(),
            "{name} lost its layout tables"
        );
        let must_draw = match face {
            Face::Regular => "ıİğĞşŞçÇöÖüÜâîûÂÎÛ“”—",
            Face::Italic => "ödevmiringBİÜ—",
            Face::Bold => "GirşÇçkvağlTbodüük",
            Face::BoldItalic => "çokönemlitbalmrgÇ",
            Face::Mono => "fn(){}!&<>ğüşiöç",
            _ => unreachable!("not embedded"),
        };
        for c in must_draw.chars() {
            assert!(f.glyph_index(c).is_some(), "{name} cannot draw {c}");
        }
    }
    assert!(css.contains("body { font-family: \"Gentium Book Plus\", serif; }"));
    assert!(css.contains("font-family: \"DejaVu Sans Mono\", monospace"));
    assert!(css.contains("hyphens: auto") && css.contains("text-align: justify"));
    assert!(
        css.contains("font-variant-ligatures: no-common-ligatures"),
        "Turkish turns off fi ligatures"
    );
}

/// The words of Markdown `md`: the text of its events (not list numbers, not fence info).
fn markdown_words(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Options, Parser};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut words = vec![];
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Text(t) | Event::Code(t) => words.extend(split_words(&t)),
            // HTML shows its text, not its tags (inline HTML events are single tags).
            Event::Html(t) => words.extend(split_words(&terbit::document::html::text_content(&t))),
            _ => {}
        }
    }
    words
}

fn split_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_word_of_the_markdown_appears_in_the_xhtml() {
    let mut shown = HashSet::new();
    for name in ["OEBPS/ch01.xhtml", "OEBPS/ch02.xhtml"] {
        let doc = parse(text(name));
        let body = doc.descendants().find(|n| n.has_tag_name("body")).unwrap();
        for n in body.descendants() {
            if let Some(t) = n.text().filter(|_| n.is_text()) {
                shown.extend(split_words(t));
            }
            if let Some(alt) = n.attribute("alt") {
                shown.extend(split_words(alt));
            }
        }
    }
    let mut checked = 0;
    for md in ["01-giris.md", "02-bab-dua.md"] {
        let source = std::fs::read_to_string(fixture_dir().join(md)).unwrap();
        for word in markdown_words(&source) {
            assert!(
                shown.contains(&word),
                "`{word}` of {md} is missing from the XHTML"
            );
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} words checked");
}

#[test]
fn rebuilding_gives_the_same_bytes() {
    let again = build(&fixture_dir()).unwrap();
    assert!(again == epub(), "two builds of the same book differ");
}

/// A scratch book folder with `book.yaml` and chapter `a.md`.
fn scratch_book(name: &str, yaml: &str, md: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("terbit-epub-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("book.yaml"), yaml).unwrap();
    std::fs::write(dir.join("a.md"), md).unwrap();
    dir
}

#[test]
fn bad_images_are_reported_at_their_place() {
    let cases = [
        (
            "missing",
            "# A\n\nTeks ![peta](tidak-ada.png).\n",
            "a.md:3:6: `tidak-ada.png` not found",
        ),
        (
            "parent",
            "# A\n\n![x](../luar.png)\n",
            "a.md:3:1: `../luar.png` is outside the book's folder",
        ),
        (
            "absolute",
            "# A\n\n![x](/etc/hosts)\n",
            "a.md:3:1: `/etc/hosts` is outside the book's folder",
        ),
    ];
    for (name, md, expected) in cases {
        let dir = scratch_book(name, "title: T\nlanguage: id\n", md);
        let err = build(&dir).expect_err(name).to_string();
        assert!(err.contains(expected), "{name}: {err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    // A remote image (a README's badge) is not fetched: a warning at its place, and its alt
    // text where it stood; the book builds.
    let dir = scratch_book(
        "remote",
        "title: T\nlanguage: id\n",
        "# A\n\nLencana ![lulus uji](https://e.org/p.png) di sini.\n",
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(["build", ".", "--format", "epub"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("a.md:3:9: `https://e.org/p.png` is a remote image"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_cover_is_reported_at_its_line_in_book_yaml() {
    let dir = scratch_book(
        "cover",
        "title: T\nlanguage: id\ncover: sampul.jpg\n",
        "# A\n",
    );
    let err = build(&dir).expect_err("no cover").to_string();
    assert!(
        err.contains("book.yaml:3:8: `sampul.jpg` not found"),
        "{err}"
    );
    std::fs::write(dir.join("sampul.jpg"), b"not an image").unwrap();
    let err = build(&dir).expect_err("not an image").to_string();
    assert!(
        err.contains("book.yaml:3:8: cover `sampul.jpg` is not a JPEG or PNG image"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn epubcheck_finds_no_errors_and_no_warnings() {
    let path = std::env::temp_dir().join(format!("terbit-fixture-{}.epub", std::process::id()));
    std::fs::write(&path, epub()).unwrap();
    let checked = common::epubcheck(&path);
    std::fs::remove_file(&path).unwrap();
    let Some((counts, report)) = checked else {
        return;
    };
    assert_eq!(counts, [0, 0, 0], "EPUBCheck:\n{report}");
}
