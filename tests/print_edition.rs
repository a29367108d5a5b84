//! The print edition as a print-on-demand service checks it: every page trimmed and bled
//! correctly, no annotations or bookmarks, chapters opening on rectos, a gutter that grows with
//! the page count; and the typesetting rules both editions share (running heads in the book's
//! capitals, XMP metadata).

mod common;

use std::path::Path;

use lopdf::{Document, Object};
use terbit::document::{self, Book};
use terbit::lang::Language;
use terbit::typeset::{self, Edition, PageItem, kdp_gutter};

fn fixture() -> Book {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture");
    document::build(&terbit::manuscript::load(&dir).unwrap()).unwrap()
}

/// The first book with its chapter repeated `n` times.
fn long_book(n: usize) -> Book {
    let mut book =
        document::build(&terbit::manuscript::load(&common::manuscript()).unwrap()).unwrap();
    let chapter = book.chapters[0].clone();
    book.chapters = (0..n)
        .map(|i| terbit::document::Chapter {
            id: format!("ch{i:03}"),
            ..chapter.clone()
        })
        .collect();
    book
}

/// Typeset `book` (with its images) as `edition`.
fn set(book: &Book, edition: Edition) -> typeset::Typeset {
    let assets = terbit::document::assets::collect(book).unwrap();
    typeset::typeset(book, &assets, edition)
}

/// The book in `dir` typeset as both editions from one call, as a build makes them.
fn both_editions_of(dir: &Path) -> Vec<typeset::Typeset> {
    both_editions(&document::build(&terbit::manuscript::load(dir).unwrap()).unwrap())
}

/// `book` (with its images) typeset as both editions from one call: `[screen, print]`.
fn both_editions(book: &Book) -> Vec<typeset::Typeset> {
    let assets = terbit::document::assets::collect(book).unwrap();
    typeset::typeset_editions(book, &assets, &[Edition::Screen, Edition::Print])
}

/// The print edition's gutter is at least what its page count asks for.
fn assert_gutter_fits(print: &typeset::Typeset) {
    let gutter = print.geometry.left - print.geometry.verso_left;
    assert!(
        gutter + 1e-3 >= kdp_gutter(print.pages.len()),
        "gutter {gutter} for {} pages",
        print.pages.len()
    );
}

fn numbers(o: &Object) -> Vec<f32> {
    o.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_float().unwrap())
        .collect()
}

/// Each page's MediaBox and TrimBox (BleedBox and CropBox checked to be the MediaBox), and
/// that no page has annotations.
fn boxes(bytes: &[u8]) -> Vec<(Vec<f32>, Vec<f32>)> {
    let doc = Document::load_mem(bytes).unwrap();
    assert!(
        doc.catalog().unwrap().get(b"Outlines").is_err(),
        "the print edition has no bookmarks"
    );
    doc.get_pages()
        .into_iter()
        .map(|(n, id)| {
            let page = doc.get_dictionary(id).unwrap();
            let media = numbers(page.get(b"MediaBox").unwrap());
            let trim = numbers(page.get(b"TrimBox").unwrap());
            assert_eq!(numbers(page.get(b"BleedBox").unwrap()), media, "page {n}");
            assert_eq!(numbers(page.get(b"CropBox").unwrap()), media, "page {n}");
            assert!(page.get(b"Annots").is_err(), "page {n} has annotations");
            (media, trim)
        })
        .collect()
}

fn close(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

#[test]
fn nothing_bleeds_so_every_page_is_the_trim_size() {
    let book = fixture();
    let bytes = terbit::pipeline::pdf_bytes(&book, Edition::Print).unwrap();
    let (w, h) = (148.0 * 72.0 / 25.4, 210.0 * 72.0 / 25.4);
    let pages = boxes(&bytes);
    assert!(pages.len() >= 6);
    for (n, (media, trim)) in pages.iter().enumerate() {
        assert!(
            close(media, &[0.0, 0.0, w, h]),
            "page {n} MediaBox {media:?}"
        );
        assert!(close(trim, media), "page {n} TrimBox {trim:?}");
    }
}

#[test]
fn a_bleeding_interior_bleeds_at_the_top_bottom_and_outside_edge_only() {
    let mut book = fixture();
    book.meta.pdf.page_size.value = "6x9in".into();
    book.meta.print.bleed = terbit::print_service::BleedChoice::Yes;
    let bytes = terbit::pipeline::pdf_bytes(&book, Edition::Print).unwrap();
    let (w, h, b) = (432.0, 648.0, 9.0);
    for (n, (media, trim)) in boxes(&bytes).iter().enumerate() {
        // 6.125 × 9.25 in: the trim and 0.125 in in width, 0.25 in in height.
        assert!(
            close(media, &[0.0, 0.0, w + b, h + 2.0 * b]),
            "page {n} MediaBox {media:?}"
        );
        // A recto (odd page number) is bound at its left edge, a verso at its right.
        let left = if n % 2 == 0 { 0.0 } else { b };
        assert!(
            close(trim, &[left, b, left + w, b + h]),
            "page {} TrimBox {trim:?}",
            n + 1
        );
    }
}

#[test]
fn lulu_trims_a_bleeding_page_all_round() {
    let mut book = fixture();
    book.meta.pdf.page_size.value = "6x9in".into();
    book.meta.print.bleed = terbit::print_service::BleedChoice::Yes;
    book.meta.print.service = terbit::print_service::Service::Lulu;
    let bytes = terbit::pipeline::pdf_bytes(&book, Edition::Print).unwrap();
    for (n, (media, trim)) in boxes(&bytes).iter().enumerate() {
        assert!(
            close(media, &[0.0, 0.0, 450.0, 666.0]),
            "page {n} {media:?}"
        );
        assert!(close(trim, &[9.0, 9.0, 441.0, 657.0]), "page {n} {trim:?}");
    }
}

#[test]
fn the_page_count_is_made_even_and_at_least_the_services_minimum() {
    use terbit::print_service::Service;
    let mut book = fixture();
    let ts = set(&book, Edition::Print);
    assert_eq!(ts.pages.len(), 24, "KDP's minimum");
    assert!(ts.padded > 0 && ts.pages[24 - ts.padded..].iter().all(|p| p.is_blank()));
    book.meta.print.service = Service::Lulu;
    assert_eq!(set(&book, Edition::Print).pages.len(), 32);
    // A long book is only made even: no blank page is added to an even count.
    let long = set(&long_book(12), Edition::Print);
    assert!(long.pages.len() > 24 && long.pages.len().is_multiple_of(2));
    assert!(long.padded <= 1, "{} blank pages added", long.padded);
}

#[test]
fn chapters_open_on_rectos_and_the_text_starts_on_page_one_recto() {
    let ts = set(&fixture(), Edition::Print);
    let openings: Vec<usize> = ts
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.opening)
        .map(|(i, _)| i)
        .collect();
    assert!(openings.len() >= 2, "{openings:?}");
    for i in &openings {
        assert_eq!(
            i % 2,
            0,
            "chapter opening on physical page {} (a verso)",
            i + 1
        );
    }
    let first_body = ts.pages.iter().position(|p| p.label == "1").unwrap();
    assert_eq!(first_body % 2, 0, "page 1 is a recto");
}

#[test]
fn the_gutter_grows_with_the_page_count() {
    let short = set(&long_book(1), Edition::Print);
    let long = set(&long_book(50), Edition::Print);
    let gutter = |ts: &typeset::Typeset| ts.geometry.left - ts.geometry.verso_left;
    assert!(
        short.pages.len() <= 150 && long.pages.len() > 150,
        "{} {}",
        short.pages.len(),
        long.pages.len()
    );
    assert!((gutter(&short) - kdp_gutter(short.pages.len())).abs() < 1e-3);
    assert!((gutter(&long) - kdp_gutter(long.pages.len())).abs() < 1e-3);
    assert!(gutter(&long) > gutter(&short));
    // Versos mirror rectos: their text block starts at the outer margin.
    let text_x = |ts: &typeset::Typeset, i: usize| {
        ts.pages[i]
            .placed_items()
            .filter_map(|(dx, it)| match it {
                PageItem::Text { x, .. } => Some(x + dx),
                _ => None,
            })
            .fold(f32::MAX, f32::min)
    };
    // The last recto (odd page number, even index) and verso that have text (not blanks).
    let last_with_text = |parity: usize| {
        (0..long.pages.len())
            .rev()
            .find(|&i| i % 2 == parity && text_x(&long, i) < f32::MAX)
            .unwrap()
    };
    let (recto, verso) = (last_with_text(0), last_with_text(1));
    assert!((text_x(&long, recto) - long.geometry.left).abs() < 1.0);
    assert!((text_x(&long, verso) - long.geometry.verso_left).abs() < 1.0);
}

#[test]
fn running_heads_are_capitals_of_the_book_language() {
    let mut book = long_book(2);
    book.meta.language.value = "tr".into();
    book.meta.title = "Şiir ve Işık".into();
    let ts = set(&book, Edition::Screen);
    let texts: Vec<String> = ts
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|it| match it {
            PageItem::Text { piece, .. } => {
                Some(piece.glyphs.iter().map(|g| g.text.as_str()).collect())
            }
            _ => None,
        })
        .collect();
    assert_eq!(Language::Turkish.to_upper("Şiir ve Işık"), "ŞİİR VE IŞIK");
    assert!(
        texts.iter().any(|t| t == "ŞİİR VE IŞIK"),
        "no Turkish running head"
    );
    assert!(
        !texts.iter().any(|t| t == "ŞIIR VE IŞIK"),
        "Rust's default upper-casing leaked"
    );
    // Chapter openings carry no running head.
    for p in ts.pages.iter().filter(|p| p.opening) {
        assert!(
            !p.items
                .iter()
                .any(|it| matches!(it, PageItem::Text { piece, .. }
            if piece.glyphs.iter().map(|g| g.text.as_str()).collect::<String>() == "ŞİİR VE IŞIK"))
        );
    }
}

/// In both editions the book's title heads the even folios and the chapter's the odd ones
/// (in print those are the versos and the rectos; the screen edition has no blank pages to
/// make them so, so it goes by the folio).
#[test]
fn the_books_title_heads_even_folios_and_the_chapters_odd_ones() {
    let mut book = long_book(2);
    book.meta.title = "Judul Buku".into();
    for edition in [Edition::Screen, Edition::Print] {
        let ts = set(&book, edition);
        let mut seen = 0;
        for page in &ts.pages {
            let Ok(folio) = page.label.parse::<usize>() else {
                continue; // front matter: roman folios, no running heads
            };
            let texts: Vec<String> = page
                .items
                .iter()
                .filter_map(|it| match it {
                    PageItem::Text { piece, .. } => {
                        Some(piece.glyphs.iter().map(|g| g.text.as_str()).collect())
                    }
                    _ => None,
                })
                .collect();
            let book_head = texts.iter().any(|t| t == "JUDUL BUKU");
            if page.opening || page.items.is_empty() {
                assert!(!book_head);
                continue;
            }
            assert_eq!(book_head, folio % 2 == 0, "{edition:?}, folio {folio}");
            seen += 1;
        }
        assert!(seen >= 4, "{edition:?}: {seen} pages with running heads");
    }
}

#[test]
fn screen_edition_carries_xmp_with_title_author_and_language() {
    let bytes = terbit::pipeline::pdf_bytes(&fixture(), Edition::Screen).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let id = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    let xmp = String::from_utf8(
        doc.get_object(id)
            .unwrap()
            .as_stream()
            .unwrap()
            .content
            .clone(),
    )
    .unwrap();
    assert!(
        xmp.contains("<dc:language><rdf:Bag><rdf:li>tr</rdf:li>"),
        "{xmp}"
    );
    assert!(xmp.contains("<rdf:li>Ayşe Öztürk</rdf:li>"));
    // The title's `&` and `<kitap>` are escaped.
    assert!(
        xmp.contains("Çiçekler &amp; Güneş: Bir deneme &lt;kitap&gt;"),
        "{xmp}"
    );
}

/// The body pages (the lines of text, placed in the text block) of an edition, by body page.
fn body_pages(ts: &typeset::Typeset) -> Vec<&[PageItem]> {
    ts.pages
        .iter()
        .filter(|p| p.body.is_some())
        .map(|p| &p.items[..p.body_items])
        .collect()
}

#[test]
fn both_editions_have_the_same_lines_even_when_the_gutter_is_wide() {
    // 110 chapters: over 300 pages in print, where the gutter (0.625 in or more) no longer fits
    // in the screen edition's margins, so both editions are set on a narrower measure.
    for n in [2, 110] {
        let book = long_book(n);
        let sets = both_editions(&book);
        let (screen, print) = (&sets[0], &sets[1]);
        assert_eq!(screen.flow, print.flow, "{n} chapters: one flow for both");
        assert_eq!(screen.geometry.measure, print.geometry.measure);
        let (a, b) = (body_pages(screen), body_pages(print));
        assert_eq!(a.len(), b.len(), "{n} chapters: the same body pages");
        assert!(a == b, "{n} chapters: the same lines on every body page");
        // The print edition still gets the gutter its page count asks for.
        assert_gutter_fits(print);
        if n > 100 {
            assert!(print.pages.len() > 300, "{}", print.pages.len());
            assert!(
                screen.geometry.measure
                    < typeset::Geometry::new(screen.geometry.page, screen.geometry.size).measure
            );
        }
        // The screen edition made alone is the same.
        let alone = set(&book, Edition::Screen);
        assert!(body_pages(&alone) == a, "{n} chapters: screen alone");
    }
}

#[test]
fn a_book_longer_than_estimated_gets_the_gutter_it_needs_on_a_narrower_measure() {
    // The page count is estimated before the book is set. Figures half a page high are
    // counted as two to a page, but with the space around them only one fits: this book runs
    // a quarter longer than estimated (324 pages for 258), past 300 pages, where its print
    // gutter no longer fits in the margins of the measure chosen from the estimate. So the
    // print edition sets its own, narrower flow of lines; the screen edition keeps the wider.
    let dir = common::scratch("print-longer-than-estimated");
    std::fs::write(dir.join("book.yaml"), "title: Peta\nlanguage: id\n").unwrap();
    image::RgbImage::from_pixel(400, 600, image::Rgb([40, 90, 160]))
        .save(dir.join("peta.png"))
        .unwrap();
    let figures = "![](peta.png)\n\n".repeat(8);
    for n in 0..40 {
        let text = format!(
            "# Bab {n}\n\nNegara-negara anggota bekerja sama dalam kerangka kemitraan ini.\n\n{figures}"
        );
        std::fs::write(dir.join(format!("bab-{n:02}.md")), text).unwrap();
    }
    let sets = both_editions_of(&dir);
    let (screen, print) = (&sets[0], &sets[1]);
    assert!(print.pages.len() > 300, "{} pages", print.pages.len());
    assert_gutter_fits(print);
    assert_ne!(
        screen.flow, print.flow,
        "the print edition set its own lines"
    );
    assert!(print.geometry.measure < screen.geometry.measure);
    // Every figure is still there, in both editions.
    let images = |ts: &typeset::Typeset| {
        ts.pages
            .iter()
            .flat_map(|p| &p.items)
            .filter(|i| matches!(i, PageItem::Image { .. }))
            .count()
    };
    assert_eq!(images(print), 40 * 8);
    assert_eq!(images(screen), 40 * 8);
}

#[test]
fn a_book_of_long_code_lines_is_estimated_with_its_wrapped_lines() {
    // Code lines longer than the measure wrap. Counted as one line each, this book was
    // estimated at about half its length (175 pages for 326), and its print edition had to set
    // its own narrower lines; counted as they wrap (343), both editions share one flow.
    let dir = common::scratch("print-long-code-lines");
    std::fs::write(dir.join("book.yaml"), "title: Kode\nlanguage: id\n").unwrap();
    let line = "let kemitraan = perdamaian.kerja_sama(negara_anggota, wilayah_eurasia); ".repeat(2);
    let code = format!("```\n{}```\n", format!("{line}\n").repeat(40));
    for n in 0..80 {
        let text = format!("# Bab {n}\n\nKode berikut.\n\n{code}");
        std::fs::write(dir.join(format!("bab-{n:02}.md")), text).unwrap();
    }
    let sets = both_editions_of(&dir);
    let (screen, print) = (&sets[0], &sets[1]);
    assert!(print.pages.len() > 300, "{} pages", print.pages.len());
    assert_eq!(screen.flow, print.flow, "one flow for both editions");
    assert_gutter_fits(print);
}

#[test]
fn a_long_title_s_running_head_is_cut_at_a_word_in_the_same_style() {
    let mut book = long_book(2);
    book.meta.language.value = "en".into();
    book.meta.title = "A Very Long Title of a Book That Would Not Fit Within the Running Head \
                       of Any Page Set at This Measure"
        .into();
    book.chapters[1].title = "Short".into();
    let ts = set(&book, Edition::Screen);
    // Running heads: text above the text block's top.
    let heads: Vec<(String, f32, terbit::fonts::Face)> = ts
        .pages
        .iter()
        .flat_map(|p| p.items.iter())
        .filter_map(|it| match it {
            PageItem::Text { y, piece, .. } if *y < ts.geometry.top => Some((
                piece.glyphs.iter().map(|g| g.text.as_str()).collect(),
                piece.width(),
                piece.face,
            )),
            _ => None,
        })
        .filter(|(t, _, _): &(String, f32, _)| t.chars().any(char::is_alphabetic))
        .collect();
    let long: Vec<_> = heads.iter().filter(|h| h.0.starts_with("A VERY")).collect();
    assert!(!long.is_empty(), "{heads:?}");
    for (text, width, _) in &long {
        assert!(text.ends_with('…') && !text.ends_with(" …"), "{text}");
        assert!(*width <= ts.geometry.measure * 0.8 + 0.5, "{text}: {width}");
    }
    let faces: std::collections::HashSet<_> = heads.iter().map(|h| h.2).collect();
    assert_eq!(
        faces.len(),
        1,
        "one style for every running head: {heads:?}"
    );
    // A short title for the running heads, when the author gives one.
    book.meta.short_title = Some("A Very Long Title".into());
    let ts = set(&book, Edition::Screen);
    let has = |want: &str| {
        ts.pages.iter().flat_map(|p| p.items.iter()).any(|it| {
            matches!(it, PageItem::Text { piece, .. }
                if piece.glyphs.iter().map(|g| g.text.as_str()).collect::<String>() == want)
        })
    };
    assert!(has("A VERY LONG TITLE"));
}
