//! The tagged PDF (PDF/UA-1): a rich book — headings, paragraphs, a list, a table, a figure
//! with alt text and a decorative one, a footnote, links, code, a passage in another language
//! — checked as an accessibility auditor's tools see it: the structure tree and what it holds,
//! alternative texts, link descriptions, artifacts, and the PDF/UA checkers `pdfua` and
//! `outloud` (0 errors), whose absence is a skip here and a failure in CI.

mod common;

use std::process::Command;

use lopdf::{Document, Object};

/// A one-pixel-high PNG, `w` pixels wide.
fn png(w: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, 1);
        enc.set_color(png::ColorType::Rgb);
        let mut wr = enc.write_header().unwrap();
        wr.write_image_data(&vec![200u8; (w * 3) as usize]).unwrap();
    }
    out
}

/// Write the rich book and build `formats` of it; returns the output paths in order.
fn build(test: &str, formats: &[terbit::pipeline::Format]) -> Vec<std::path::PathBuf> {
    let dir = common::scratch(&format!("tagged-{test}"));
    let book = dir.join("book");
    std::fs::create_dir_all(book.join("img")).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Erişilebilir Kitap\nauthors: [Cemil Doğaç Ipek]\nlanguage: tr\npublisher: terbit\n",
    )
    .unwrap();
    std::fs::write(book.join("img/peta.png"), png(40)).unwrap();
    std::fs::write(book.join("img/hiasan.png"), png(10)).unwrap();
    let long = "Türkiye ile Avrasya arasındaki ilişkiler uzun bir geçmişe sahiptir ve \
                bölgedeki güvenlik anlayışı soğuk savaştan sonra değişmiştir. "
        .repeat(12);
    std::fs::write(
        book.join("01.md"),
        format!(
            "# Birinci Bölüm\n\n{long}Bir dipnot[^1] ve [bir bağlantı](https://example.org).\n\n\
             ## Liste ve tablo\n\n- birinci madde\n- ikinci madde\n\n\
             | Ülke | Yıl |\n|---|---|\n| Kazakistan | 1994 |\n| Türkiye | 1952 |\n\n\
             ![Bölgenin haritası](img/peta.png)\n\n\
             <img src=\"img/hiasan.png\" alt=\"\">\n\n\
             ```\nfn main() {{}}\n```\n\n\
             ::: {{lang=en}}\nA passage in English.\n:::\n\n\
             [^1]: Dipnotun metni.\n"
        ),
    )
    .unwrap();
    // A chapter whose title takes two lines in the contents.
    std::fs::write(
        book.join("02.md"),
        "# Avrasya'da güvenlik, enerji ve ulaşım: Kazakistan, Özbekistan, Türkmenistan ve \
         Türkiye arasındaki ilişkilerin uzun bir değerlendirmesi\n\nKısa bir metin.\n",
    )
    .unwrap();
    let out = dir.join("out");
    terbit::pipeline::build(&book, &out, formats)
        .expect("build")
        .into_iter()
        .map(|o| o.path)
        .collect()
}

fn name(o: &Object) -> String {
    match o {
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

/// Every structure element's type, with its /Alt, in the tree's order.
fn elements(doc: &Document) -> Vec<(String, Option<String>)> {
    elements_holding(doc)
        .into_iter()
        .map(|(kind, alt, _)| (kind, alt))
        .collect()
}

/// [`elements`], each with how many children it has.
fn elements_holding(doc: &Document) -> Vec<(String, Option<String>, usize)> {
    let catalog = doc.catalog().unwrap();
    let root = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .expect("a structure tree");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        let kids = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => vec![],
        };
        if let Ok(s) = d.get(b"S") {
            let alt =
                d.get(b"Alt").ok().and_then(|a| a.as_str().ok()).map(|b| {
                    lopdf::decode_text_string(&Object::string_literal(b.to_vec())).unwrap()
                });
            out.push((name(s), alt, kids.len()));
        }
        for kid in kids.iter().rev() {
            if let Ok(r) = kid.as_reference() {
                stack.push(r);
            }
        }
    }
    out
}

#[test]
fn the_screen_pdf_has_the_structure_of_the_book() {
    let paths = build("structure", &[terbit::pipeline::Format::Pdf]);
    let doc = Document::load(&paths[0]).unwrap();
    let catalog = doc.catalog().unwrap();
    let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap());
    let elems = elements(&doc);
    let kinds: Vec<&str> = elems.iter().map(|(k, _)| k.as_str()).collect();
    for kind in [
        "Document", "Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody",
        "TR", "TH", "TD", "Figure", "Note", "Link", "Code", "TOC", "TOCI",
    ] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    // The figure's alt text; the decorative image is no figure; the cover is one.
    let alts: Vec<&str> = elems
        .iter()
        .filter(|(k, _)| k == "Figure")
        .map(|(_, a)| a.as_deref().expect("every figure has alt text"))
        .collect();
    assert!(alts.contains(&"Bölgenin haritası"), "{alts:?}");
    assert_eq!(alts.len(), 2, "the map and the cover: {alts:?}");
    // Reading order: the chapter's heading before its text, the note after the text that
    // refers to it.
    let at = |k: &str| kinds.iter().position(|x| *x == k).unwrap();
    let map = elems
        .iter()
        .position(|(_, alt)| alt.as_deref() == Some("Bölgenin haritası"))
        .unwrap();
    assert_eq!(
        kinds[..3],
        ["Document", "Sect", "Figure"],
        "the cover first"
    );
    assert!(at("H2") < at("Table") && at("Table") < map && map < at("Code"));
    assert!(
        at("Link") < at("Note"),
        "a note is read after its reference"
    );
    // Every page: its parent tree key and tab order; every link: a description, its key.
    let mut links = 0;
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        assert!(page.get(b"StructParents").is_ok());
        assert_eq!(name(page.get(b"Tabs").unwrap()), "S");
        if let Ok(Object::Array(annots)) = page.get(b"Annots") {
            for a in annots {
                let a = doc.get_dictionary(a.as_reference().unwrap()).unwrap();
                assert!(a.get(b"StructParent").is_ok());
                assert!(!a.get(b"Contents").unwrap().as_str().unwrap().is_empty());
                links += 1;
            }
        }
    }
    assert!(links >= 3, "the contents entry, the note and the web link");
    // No element is empty but a table's cells (the second line of a contents entry belongs
    // to the entry the first opened).
    let empty: Vec<String> = elements_holding(&doc)
        .into_iter()
        .filter(|(kind, _, kids)| *kids == 0 && kind != "TD" && kind != "TH")
        .map(|(kind, ..)| kind)
        .collect();
    assert!(empty.is_empty(), "empty elements: {empty:?}");
    // The XMP claims PDF/UA-1.
    let xmp = doc
        .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    assert!(String::from_utf8_lossy(&xmp).contains("<pdfuaid:part>1</pdfuaid:part>"));
}

/// Whether `tool` (a PDF/UA checker) finds no error in `pdf`.
fn checker_passes(tool: &str, args: &[&str], pdf: &std::path::Path) {
    if common::tool(tool).is_none() {
        return;
    }
    let out = Command::new(tool).args(args).arg(pdf).output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{tool} on {}:\n{text}", pdf.display());
}

#[test]
fn pdf_ua_checkers_find_no_error_in_either_edition() {
    let paths = build(
        "checkers",
        &[
            terbit::pipeline::Format::Pdf,
            terbit::pipeline::Format::Print,
        ],
    );
    for pdf in &paths {
        checker_passes("pdfua", &["check"], pdf);
        checker_passes("outloud", &["--fail-on", "error"], pdf);
    }
}

#[test]
fn the_structure_reads_the_words_of_the_text() {
    let paths = build("words", &[terbit::pipeline::Format::Pdf]);
    if common::tool("pdfinfo").is_none() {
        return;
    }
    let out = Command::new("pdfinfo")
        .arg("-struct-text")
        .arg(&paths[0])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    // Words across line ends stay apart; the other language's passage is in the tree.
    assert!(
        text.contains("uzun bir geçmişe sahiptir ve bölgedeki"),
        "{text}"
    );
    assert!(text.contains("A passage in English."), "{text}");
    assert!(text.contains("Dipnotun metni."), "{text}");
    assert!(text.contains("Kazakistan"), "{text}");
    // Running heads and folios are artifacts: not in the tree.
    assert!(!text.contains("BİRİNCİ BÖLÜM"), "{text}");
}
