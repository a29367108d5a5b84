//! The screen PDF of the first book, checked the way a reader's tools see it: fonts embedded and
//! subset with Unicode maps, every word extractable, language and bookmarks set, and valid for
//! qpdf.

mod common;

use std::collections::HashMap;
use std::process::Command;

use lopdf::{Document, Object};

/// Build the first book's screen PDF into a scratch folder of its own (tests run in parallel).
fn build_pdf(test: &str) -> (std::path::PathBuf, Vec<u8>) {
    let out = common::scratch(&format!("pdf-output-{test}"));
    let written = terbit::pipeline::build(
        &common::manuscript(),
        &out,
        &[terbit::pipeline::Format::Pdf],
    )
    .expect("build");
    let path = written[0].path.clone();
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

fn name(o: &Object) -> String {
    match o {
        Object::Name(n) => String::from_utf8_lossy(n).into_owned(),
        _ => String::new(),
    }
}

#[test]
fn fonts_are_embedded_subset_and_named_as_subsets() {
    let (_, bytes) = build_pdf("fonts");
    let doc = Document::load_mem(&bytes).unwrap();
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").map(name).ok().as_deref() != Some("FontDescriptor") {
            continue;
        }
        fonts += 1;
        let font_name = d.get(b"FontName").map(name).unwrap();
        let (tag, rest) = font_name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{font_name}"
        );
        assert!(rest.starts_with("GentiumBookPlus"), "{font_name}");
        let file = d
            .get(b"FontFile2")
            .and_then(Object::as_reference)
            .expect("embedded TrueType");
        let stream = doc.get_object(file).unwrap().as_stream().unwrap();
        let len = stream
            .decompressed_content()
            .map(|c| c.len())
            .unwrap_or(stream.content.len());
        // The whole regular face is 800 KB; a subset for this essay is a small fraction.
        assert!(len < 120_000, "{font_name} embedded as {len} bytes");
    }
    assert!(fonts >= 2, "regular and italic at least");
}

#[test]
fn language_outline_and_metadata_are_set() {
    let (_, bytes) = build_pdf("meta");
    let doc = Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(name(catalog.get(b"Type").unwrap()), "Catalog");
    assert!(catalog.get(b"Pages").is_ok());
    assert_eq!(doc.version, "1.7");
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"id");
    assert_eq!(name(catalog.get(b"PageMode").unwrap()), "UseOutlines");
    let outlines = catalog
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .unwrap();
    let root = doc.get_dictionary(outlines).unwrap();
    assert_eq!(name(root.get(b"Type").unwrap()), "Outlines");
    assert!(root.get(b"Count").unwrap().as_i64().unwrap() >= 2);
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .unwrap();
    let info = doc.get_dictionary(info).unwrap();
    for key in [&b"Title"[..], b"Author", b"Subject", b"Keywords"] {
        let v = info.get(key).unwrap().as_str().unwrap();
        assert!(v.len() > 4, "{} is empty", String::from_utf8_lossy(key));
    }
}

/// Words of `text` (letters and digits, with inner hyphens and apostrophes).
fn words(text: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inner = (c == '-' || c == '\'' || c == '’')
            && !cur.is_empty()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn every_word_and_turkish_letter_is_extractable() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let (path, _) = build_pdf("words");
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let source =
        std::fs::read_to_string(common::manuscript().join("01-kemitraan-untuk-perdamaian.md"))
            .unwrap();
    let source = source.replace(['*', '#'], " ").replace("\n- ", "\n ");
    let source = source.replace('"', " ");
    let want = words(&source);
    // Join words hyphenated at line ends: "kerja-\nsama" → "kerjasama", but keep real hyphens
    // ("negara-\nnegara" → "negara-negara") when the source has that word.
    let vocabulary: std::collections::HashSet<&str> = want.iter().map(String::as_str).collect();
    // A folio line and the page break may stand between the halves (pdftotext -raw puts the page
    // number after the page's last line and a form feed before the next page).
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{c}'))
        .collect();
    let is_folio = |l: &str| {
        l.trim()
            .chars()
            .all(|c| c.is_ascii_digit() || "ivxlc".contains(c))
    };
    let mut joined = String::new();
    for line in lines.into_iter().filter(|l| !is_folio(l)) {
        if joined.ends_with('-') {
            let head = joined[..joined.len() - 1]
                .rsplit([' ', '\n'])
                .next()
                .unwrap_or("");
            let tail: String = line
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            let keep_hyphen = vocabulary.contains(format!("{head}-{tail}").as_str())
                && !vocabulary.contains(format!("{head}{tail}").as_str());
            if !keep_hyphen {
                joined.pop();
            }
        } else if !joined.is_empty() {
            joined.push('\n');
        }
        joined.push_str(line);
    }
    let mut have: HashMap<String, usize> = HashMap::new();
    for w in words(&joined) {
        *have.entry(w).or_default() += 1;
    }
    let mut need: HashMap<&str, usize> = HashMap::new();
    for w in &want {
        *need.entry(w.as_str()).or_default() += 1;
    }
    let missing: Vec<String> = need
        .iter()
        .filter(|(w, n)| have.get(**w).copied().unwrap_or(0) < **n)
        .map(|(w, n)| format!("{w} ({n}×, found {})", have.get(*w).copied().unwrap_or(0)))
        .collect();
    assert!(missing.is_empty(), "words lost in the PDF: {missing:?}");
    for c in ['ğ', 'ü', 'ç'] {
        assert!(text.contains(c), "{c} not extractable");
    }
}

#[test]
fn qpdf_finds_no_problem_and_pdffonts_sees_subsets_with_unicode_maps() {
    let (path, _) = build_pdf("qpdf");
    if common::tool("qpdf").is_some() {
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "qpdf: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    if common::tool("pdffonts").is_some() {
        let out = Command::new("pdffonts").arg(&path).output().unwrap();
        let table = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<&str> = table.lines().skip(2).collect();
        assert!(!rows.is_empty());
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(
                &cols[n - 5..n - 2],
                &["yes", "yes", "yes"],
                "emb/sub/uni: {row}"
            );
        }
    }
}

#[test]
fn figures_are_drawn_as_images_and_a_missing_image_is_an_error() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture");
    let book = terbit::document::build(&terbit::manuscript::load(&fixture).unwrap()).unwrap();
    let bytes = terbit::pipeline::pdf_bytes(&book, terbit::pdf::Edition::Screen).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").map(name).ok().as_deref() == Some("Image"))
        .count();
    assert!(images >= 1, "the fixture's figure is drawn");

    // The same book with an image that does not exist: the PDF is refused with the place.
    let dir = common::scratch("pdf-missing-image");
    std::fs::write(dir.join("book.yaml"), "title: T\nlanguage: id\n").unwrap();
    std::fs::write(dir.join("a.md"), "Teks.\n\n![Peta](tidak-ada.png)\n").unwrap();
    let book = terbit::document::build(&terbit::manuscript::load(&dir).unwrap()).unwrap();
    let err = terbit::pipeline::pdf_bytes(&book, terbit::pdf::Edition::Print)
        .unwrap_err()
        .to_string();
    assert!(err.contains("a.md:3:1: `tidak-ada.png` not found"), "{err}");
}

/// The words pdftotext finds on each page: (left edge, bottom edge), in points from the sheet's
/// top-left corner, page by page.
fn word_boxes(pdf: &std::path::Path) -> Vec<Vec<(f32, f32)>> {
    common::pdf_pages(pdf)
        .into_iter()
        .map(|page| page.words.iter().map(|w| (w.x0, w.y1)).collect())
        .collect()
}

#[test]
fn every_word_is_drawn_where_the_layout_put_it() {
    // A line is one TJ array with the gaps between its words as offsets, in the font's scaling
    // (expanded and condensed lines alike): each word must still start where the line breaker
    // and justification put it, as a reader's tools see it. The print edition, whose pages
    // are the typeset pages one for one (the screen edition adds its cover); the first book as
    // it is, and in a 14 pt type, whose fewer words to a line make tighter and looser lines.
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    use terbit::typeset::{Edition, PageItem};
    for size in [None, Some(14.0)] {
        let mut book =
            terbit::document::build(&terbit::manuscript::load(&common::manuscript()).unwrap())
                .unwrap();
        if let Some(size) = size {
            book.meta.pdf.font_size = size;
        }
        let assets = terbit::document::assets::collect(&book).unwrap();
        let ts = terbit::typeset::typeset(&book, &assets, Edition::Print);
        let dir = common::scratch("pdf-output-positions");
        let path = dir.join("print.pdf");
        std::fs::write(
            &path,
            terbit::pipeline::pdf_bytes(&book, Edition::Print).unwrap(),
        )
        .unwrap();
        let pages = word_boxes(&path);
        assert_eq!(pages.len(), ts.pages.len());
        let (mut words, mut condensed) = (0, 0);
        for (n, (page, found)) in ts.pages.iter().zip(&pages).enumerate() {
            // Where each piece of text starts, and each word inside one (a running head is one
            // piece), on the sheet: (x, baseline, size).
            let mut starts: Vec<(f32, f32, f32)> = Vec::new();
            for (shift, item) in page.placed_items() {
                if let PageItem::Text { x, y, piece } = item {
                    condensed += usize::from(piece.hscale < 1.0);
                    let (left, top) = (ts.bleed.left(n), ts.bleed.size);
                    let mut at = left + shift + x;
                    starts.push((at, top + y, piece.size));
                    for g in piece.glyphs.iter() {
                        at += g.advance * piece.hscale;
                        if g.text.as_str() == " " {
                            starts.push((at, top + y, piece.size));
                        }
                    }
                }
            }
            for &(x, bottom) in found {
                words += 1;
                // Within a thousandth of an em (what an offset is written to); the word's box
                // ends below its baseline by the font's descent.
                let placed = starts.iter().any(|&(sx, baseline, size)| {
                    (sx - x).abs() <= 0.001 * size + 0.005
                        && (0.0..=0.5 * size).contains(&(bottom - baseline))
                });
                assert!(
                    placed,
                    "{size:?} pt, page {}: a word at x {x}, bottom {bottom} starts where no \
                     piece does",
                    n + 1
                );
            }
        }
        assert!(words > 600, "{words} words checked");
        assert!(condensed > 50, "{condensed} pieces on condensed lines");
    }
}

#[test]
fn every_object_number_is_used_and_small_objects_are_packed() {
    // The cross-reference lists no free entry but object 0's (the front-matter pages, which
    // have no body stream, used to leave a number each unwritten); the objects that are not
    // streams (pages, annotations, structure elements) are in object streams, and the
    // cross-reference is a stream too.
    let (_, bytes) = build_pdf("xref");
    let doc = Document::load_mem(&bytes).unwrap();
    let entries = &doc.reference_table.entries;
    let free: Vec<&u32> = entries
        .iter()
        .filter(|(n, e)| {
            **n != 0
                && matches!(
                    e,
                    lopdf::xref::XrefEntry::Free | lopdf::xref::XrefEntry::UnusableFree
                )
        })
        .map(|(n, _)| n)
        .collect();
    assert!(free.is_empty(), "free entries {free:?}");
    let packed = entries
        .values()
        .filter(|e| matches!(e, lopdf::xref::XrefEntry::Compressed { .. }))
        .count();
    assert!(packed > 50, "{packed} objects in object streams");
    // Outside them: streams only.
    for (n, e) in entries {
        if let lopdf::xref::XrefEntry::Normal { .. } = e {
            let object = doc.get_object((*n, 0)).unwrap();
            assert!(
                object.as_stream().is_ok(),
                "object {n} is not packed: {object:?}"
            );
        }
    }
    assert!(matches!(
        doc.reference_table.cross_reference_type,
        lopdf::xref::XrefType::CrossReferenceStream
    ));
    // Every object the cross-reference lists can be read.
    for n in entries.keys().filter(|n| **n != 0) {
        assert!(doc.get_object((*n, 0)).is_ok(), "object {n}");
    }
}

#[test]
fn a_letter_with_a_combining_mark_is_read_whole_and_its_mark_mapped() {
    // "n̈" has no precomposed form: the font draws it as two glyphs of one cluster, the second
    // of which stood for no text (extraction read "Spinal", and PDF/UA checkers found a glyph
    // with no Unicode mapping).
    let dir = common::scratch("pdf-combining");
    std::fs::write(dir.join("book.yaml"), "title: Uji\nlanguage: en\n").unwrap();
    std::fs::write(
        dir.join("a.md"),
        "# Bab\n\nThe band Spin\u{308}al Tap played in Zu\u{308}rich.\n",
    )
    .unwrap();
    let out = dir.join("out");
    let built = terbit::pipeline::build(&dir, &out, &[terbit::pipeline::Format::Pdf]).unwrap();
    let bytes = std::fs::read(&built[0].path).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    // The mark's glyph is mapped to the mark.
    let maps: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"ToUnicode").and_then(Object::as_reference).ok())
        .filter_map(|r| {
            doc.get_object(r)
                .ok()?
                .as_stream()
                .ok()?
                .decompressed_content()
                .ok()
        })
        .map(|c| String::from_utf8_lossy(&c).into_owned())
        .collect();
    assert!(
        maps.iter().any(|m| m.contains("<0308>")),
        "no glyph maps to U+0308: {maps:?}"
    );
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let text = Command::new("pdftotext")
        .arg(&built[0].path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Spin\u{308}al Tap"), "{text}");
}
