//! Raw HTML and metadata with markup characters (part of `robustness`).

use super::*;

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

/// Found by the `html` fuzz target: characters XML forbids (NUL here) went into the sanitized
/// XHTML, which then did not parse.
#[test]
fn fuzz_regression_control_characters_never_reach_the_xhtml() {
    let src = "<p class=\"a\">Hi <b>there</b><br>&nbsp\0\u{b7}a<i t=\"\u{1}\">\u{ffff}x</i></p>";
    let xhtml = terbit::document::html::to_xhtml(&terbit::document::html::parse(src).nodes);
    let doc = format!("<r>{xhtml}</r>");
    roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("{e}: {doc}"));
    assert!(doc.contains("·a<i>x</i>"), "{doc}");
}

/// Found by the `markdown` fuzz target: a form feed in a heading reached the chapter's title,
/// which the EPUB library writes into the package document as it is, breaking it. Vertical
/// tabs and form feeds (written, as references, or in a file name) are spaces in the document.
#[test]
fn fuzz_regression_form_feeds_never_reach_the_package_document() {
    let dir = book(
        "form-feed",
        &[
            ("book.yaml", YAML),
            ("01.md", b"# # GxGx#i\x0cs\n"),
            (
                "02.md",
                b"# a&#12;b&#11;c\n\nTeks\x0cdua [x](y \"t\x0c\").\n",
            ),
            ("03 x\x0cy.md", b"Tanpa judul.\n"),
        ],
    );
    let out = terbit_build(&dir, &["--format", "epub"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let epub = unzip(&dir.parent().unwrap().join("out/buku-uji.epub"));
    let options = || roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    for (name, text) in &epub {
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") {
            roxmltree::Document::parse_with_options(text, options())
                .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        }
    }
    assert!(epub["OEBPS/content.opf"].contains("title=\"# GxGx#i s\""));
}
