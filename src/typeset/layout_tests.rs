//! Tests of the flow of blocks into the vertical list (`layout`).

use super::*;
use crate::document::Book;
use crate::lang::{Hyphenator, Language};
use crate::manuscript::ChapterSource;
use crate::typeset::paginate::Paginator;
use crate::typeset::{PageItem, PageSize, shape::Shaper};
use paragraphs::PARAGRAPH_PART;

/// An Indonesian book of one chapter, `markdown`; a setter for it, and an A5 page.
fn book_of(markdown: &str) -> (Book, Setter, Geometry) {
    let meta = crate::manuscript::config::parse(
        std::path::Path::new("book.yaml"),
        "title: T\nlanguage: id\n",
    )
    .unwrap();
    let src = ChapterSource {
        path: "a.md".into(),
        text: markdown.into(),
    };
    let chapter = crate::document::parse_chapter(&src, "ch01").unwrap();
    let book = Book {
        meta,
        dir: ".".into(),
        chapters: vec![chapter],
    };
    let setter = Setter::new(
        Shaper::new("id", crate::fonts::FontSet::bundled()),
        Hyphenator::new(Language::Indonesian, &[]),
    );
    (
        book,
        setter,
        Geometry::new(PageSize::parse("A5").unwrap(), 10.5),
    )
}

fn flow(markdown: &str) -> Vec<VBox> {
    let (book, mut setter, geo) = book_of(markdown);
    flow_book(&book, &mut setter, &geo, &Figures::new())
        .list
        .into_iter()
        .filter_map(|v| match v {
            V::Box(b) => Some(b),
            _ => None,
        })
        .collect()
}

#[test]
fn a_heading_keeps_the_next_two_boxes_whatever_block_they_are() {
    let boxes =
        flow("# Bab\n\nSatu.\n\nDua.\n\nTiga.\n\n## Bagian\n\n- satu\n- dua\n- tiga\n- empat\n");
    let h = boxes
        .iter()
        .position(|b| {
            b.marks
                .iter()
                .any(|m| matches!(m, Mark::Heading { level: 2, .. }))
        })
        .unwrap();
    assert!(boxes[h].breakable, "a page may break before the heading");
    assert!(
        !boxes[h + 1].breakable && !boxes[h + 2].breakable,
        "nor right after it"
    );
    assert!(
        boxes[h + 3].breakable,
        "list items after that may start a page"
    );
}

#[test]
fn footnote_references_travel_with_their_line() {
    let boxes = flow("# Bab\n\nTeks dengan catatan.[^a]\n\n[^a]: Isi catatan.\n");
    assert!(boxes.iter().any(|b| b.notes == vec![1]));
}

/// A long chapter is cut into pages a part at a time while it is set (so that its lines are
/// never all held): its pages are the ones it gets when all its lines are cut at once — with
/// headings carried to the next page, lists, footnotes and a table among the parts' seams.
#[test]
fn a_long_chapter_cut_in_parts_has_the_pages_it_has_whole() {
    let essay = include_str!("../../manuscript/01-kemitraan-untuk-perdamaian.md");
    let words: Vec<&str> = essay
        .split_whitespace()
        .filter(|w| !w.contains('#'))
        .collect();
    let mut text = String::new();
    // Sections of every length, so that headings, the lines kept with them and notes fall at
    // every place on a page, and at the parts' seams.
    for i in 0..60 {
        let start = (i * 37) % (words.len() / 2);
        let para = words[start..start + 20 + (i * 53) % 180].join(" ");
        text.push_str(&format!(
            "## Bagian {i}\n\n{para}[^n{i}]\n\n- satu\n- dua\n  - tiga\n\n{para}\n\n\
             | a | b |\n|---|---|\n| {i} | x |\n| y | z |\n\n[^n{i}]: Isi catatan {i}.\n\n"
        ));
    }
    let (book, mut setter, geo) = book_of(&text);
    let whole = crate::typeset::paginate::paginate(
        &flow_book(&book, &mut setter, &geo, &Figures::new()),
        &geo,
        Default::default(),
    );
    assert!(whole.pages.len() > 30, "{} pages", whole.pages.len());
    let show = |i: &PageItem| match i {
        PageItem::Text { x, y, piece } => {
            let text: String = piece.glyphs.iter().map(|g| g.text.as_str()).collect();
            format!("{text:?} at {x} {y}")
        }
        other => format!("{other:?}"),
    };
    // Parts of about three, five and ten pages.
    for part in [97, 150, 301] {
        let mut paginator = Paginator::new(geo, 0, &crate::typeset::KeepItems);
        paginator.part = part;
        // Estimated longer than a run of chapters: set a part at a time.
        flow_pages(
            &book,
            &mut setter,
            &geo,
            &Figures::new(),
            &[1e9],
            &mut paginator,
        );
        let parts = paginator.finish().edition(None);
        assert_eq!(parts.pages.len(), whole.pages.len(), "parts of {part}");
        for (k, (a, b)) in parts.pages.iter().zip(&whole.pages).enumerate() {
            if let Some(i) = a.items.iter().zip(&b.items).position(|(x, y)| x != y) {
                panic!(
                    "parts of {part}: page {}, item {i}: {} where whole has {}",
                    k + 1,
                    show(&a.items[i]),
                    show(&b.items[i])
                );
            }
            assert!(a == b, "parts of {part}: page {} differs", k + 1);
        }
        assert_eq!(parts.outline, whole.outline);
    }
}

/// A paragraph longer than a part (see `PARAGRAPH_PART`) is set a part at a time: no word is
/// lost or doubled at the seams, and every line but the paragraph's last is full, the parts'
/// last lines too.
#[test]
fn a_very_long_paragraph_is_set_in_parts_that_end_in_full_lines() {
    let essay = include_str!("../../manuscript/01-kemitraan-untuk-perdamaian.md");
    let words: Vec<&str> = essay
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect();
    let mut text = String::new();
    let mut k = 0;
    while text.len() < PARAGRAPH_PART * 2 + PARAGRAPH_PART / 3 {
        text.push_str(words[k % words.len()]);
        text.push(' ');
        k += 1;
    }
    let boxes = flow(&format!("# Bab\n\n{}\n", text.trim_end()));
    // The paragraph's lines: after the chapter's title.
    let lines: Vec<&VBox> = boxes.iter().filter(|b| b.marks.is_empty()).collect();
    let read: Vec<String> = lines
        .iter()
        .flat_map(|b| {
            let mut line: String = b
                .texts
                .iter()
                .map(|(_, _, p)| p.glyphs.iter().map(|g| g.text.as_str()).collect::<String>() + " ")
                .collect();
            // A word hyphenated at the end of a line goes on on the next.
            if b.ends_in_hyphen && line.ends_with("- ") {
                line.truncate(line.len() - 2);
            }
            vec![line]
        })
        .collect();
    let joined = read.concat();
    let got: Vec<&str> = joined.split_whitespace().collect();
    let want: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(got.len(), want.len(), "words lost or doubled");
    assert!(got == want, "the words in order");
    let geo = Geometry::new(PageSize::parse("A5").unwrap(), 10.5);
    for (i, b) in lines.iter().enumerate().take(lines.len() - 1) {
        let right = b
            .texts
            .iter()
            .map(|(x, _, p)| x + p.width())
            .fold(0.0_f32, f32::max);
        assert!(
            right > geo.measure - 1.0,
            "line {i} is short: {right} of {}",
            geo.measure
        );
    }
}

#[test]
fn no_table_row_or_column_leaves_the_text_block() {
    // A cell of 3,000 words, taller than a page, with a header row; and 40 columns of words.
    let long = "kata ".repeat(3000);
    let wide: String = (0..40)
        .map(|c| format!("| sel{c} panjangnya "))
        .collect::<String>()
        + "|";
    let markdown = format!(
        "# Bab\n\n| Judul | Isi |\n|---|---|\n| a | {long} |\n\n{wide}\n{}\n{wide}\n",
        "|---".repeat(40) + "|"
    );
    let (_, _, geo) = book_of("");
    let boxes = flow(&markdown);
    let (mut words, mut rows) = (0, 0);
    for b in &boxes {
        assert!(b.height <= geo.height + 0.01, "a box {} high", b.height);
        let head = b.table_head.as_ref().map_or(0.0, |h| h.height);
        assert!(b.height + head <= geo.height + 0.01, "a row and its header");
        for (x, y, piece) in &b.texts {
            assert!(
                *x >= -0.01 && x + piece.width() <= geo.measure + 0.01,
                "x {x}"
            );
            assert!(*y <= b.height + 0.01, "a line below its box");
            let text: String = piece.glyphs.iter().map(|g| g.text.as_str()).collect();
            words += text.matches("kata").count();
        }
        rows += usize::from(
            b.texts
                .iter()
                .any(|(_, _, p)| p.glyphs.iter().any(|g| g.text.contains('k'))),
        );
    }
    assert_eq!(words, 3000, "every word of the tall cell is set once");
    assert!(rows > 1, "the tall row is cut between its lines");
}

#[test]
fn figures_take_the_size_their_authors_gave_inside_the_text_block() {
    use crate::document::{Image, Length};
    let img = |width, height| Image {
        url: "p.png".into(),
        alt: String::new(),
        title: String::new(),
        width,
        height,
        alt_is_caption: true,
        decorative: false,
        line: 1,
        column: 1,
        id: None,
        caption: Vec::new(),
    };
    let size = |i: &Image| super::figure_size(i, 400, 200, 300.0, 500.0);
    assert_eq!(
        size(&img(None, None)),
        (300.0, 150.0),
        "a pixel a point, inside the measure"
    );
    assert_eq!(size(&img(Some(Length::Percent(50.0)), None)), (150.0, 75.0));
    assert_eq!(
        size(&img(None, Some(Length::Px(80.0)))),
        (120.0, 60.0),
        "CSS pixels"
    );
    assert_eq!(
        size(&img(Some(Length::Pt(600.0)), None)),
        (300.0, 150.0),
        "never wider than the measure"
    );
}

/// Images in running text and in table cells are drawn at their size, bottoms on the
/// baseline, the line as tall as they need; an image nobody read stays its alt text.
#[test]
fn images_in_text_and_cells_are_drawn_in_the_line() {
    let (book, mut setter, geo) = book_of(
        "Lencana ![lulus](b.png) di sini, dan ![hilang](x.png) juga.\n\n| A | B |\n|---|---|\n| ![logo](l.png) | teks |\n",
    );
    let mut figures = Figures::new();
    figures.insert((0, "b.png".into()), ("images/b.png".into(), 80, 20));
    figures.insert((0, "l.png".into()), ("images/l.png".into(), 40, 40));
    let boxes: Vec<VBox> = flow_book(&book, &mut setter, &geo, &figures)
        .list
        .into_iter()
        .filter_map(|v| match v {
            V::Box(b) => Some(b),
            _ => None,
        })
        .collect();
    let with = |key: &str| {
        boxes
            .iter()
            .find(|b| b.images.iter().any(|i| i.key == key))
            .unwrap_or_else(|| panic!("{key} is drawn"))
    };
    let line = with("images/b.png");
    let image = line
        .images
        .iter()
        .find(|i| i.key == "images/b.png")
        .unwrap();
    let (top, w, h) = (image.y, image.width, image.height);
    assert_eq!((w, h), (60.0, 15.0), "CSS pixels: 0.75 pt each");
    let baseline = line.texts[0].1;
    assert!(
        (top + h - baseline).abs() < 0.01,
        "its bottom on the baseline"
    );
    assert!(line.height >= h, "the line is as tall as the image");
    let text: String = line
        .texts
        .iter()
        .flat_map(|t| t.2.glyphs.iter().map(|g| g.text.to_string()))
        .collect();
    assert!(
        text.contains("[hilang]"),
        "an image not read stays its alt text: {text}"
    );
    let cell = with("images/l.png");
    assert!(cell.height >= 30.0, "the row is as tall as the image");
}

/// Where each text line of `boxes` ends, and where it starts.
fn line_edges(boxes: &[VBox]) -> Vec<(f32, f32)> {
    boxes
        .iter()
        .filter(|b| !b.texts.is_empty())
        .map(|b| {
            let start = b.texts.iter().map(|t| t.0).fold(f32::MAX, f32::min);
            let end = b
                .texts
                .iter()
                .map(|t| t.0 + t.2.width())
                .fold(0.0, f32::max);
            (start, end)
        })
        .collect()
}

#[test]
fn quotations_and_asides_keep_the_text_s_right_edge_and_code_stays_inside() {
    let long = "Kalimat ini cukup panjang untuk mengisi beberapa baris teks rata kanan. ".repeat(4);
    let code =
        "let hasil = fungsi_yang_namanya_panjang(argumen_pertama, argumen_kedua, argumen_ketiga);";
    // A compiler's output padded with spaces far past the measure (they were drawn past the
    // page's edge, unseen but there for a preflight and for copy and paste).
    let padded = format!("  |  ++++{}", " ".repeat(120));
    let boxes = flow(&format!(
        "# Bab\n\n{long}\n\n> {long}\n\n::: note\n{long}\n:::\n\n```\n{code}\n{}\n{padded}\n```\n",
        "x".repeat(200)
    ));
    let (_, _, geo) = book_of("");
    let edges = line_edges(&boxes);
    let right = edges.iter().map(|e| e.1).fold(0.0, f32::max);
    // Justified lines of the text, the quote and the aside end at one edge (hyphens and
    // punctuation hang a little past it).
    let full = edges.iter().filter(|e| e.1 > right - 4.0).count();
    assert!(full >= 6, "{edges:?}");
    for (start, end) in &edges {
        assert!(
            *start >= -0.01 && *end <= geo.measure + 3.0,
            "{start}..{end} in {edges:?}"
        );
    }
}

#[test]
fn a_long_table_breaks_only_where_two_rows_stay_on_each_side() {
    let rows: String = (1..=6).map(|i| format!("| baris {i} | isi |\n")).collect();
    let boxes = flow(&format!("# Bab\n\n| Kolom | Isi |\n|---|---|\n{rows}"));
    // The title's box first, then the header and the six rows.
    let table: Vec<bool> = boxes[boxes.len() - 7..]
        .iter()
        .map(|b| b.breakable)
        .collect();
    // Header, rows 1 and 2 together (no break before them); rows 5 and 6 together (no break
    // before row 6).
    assert_eq!(table, [false, false, false, true, true, true, false]);
    // A short table may leave one row at a page's foot, or carry one over.
    let boxes = flow("# Bab\n\n| Kolom | Isi |\n|---|---|\n| a | b |\n| c | d |\n| e | f |\n");
    let table: Vec<bool> = boxes[boxes.len() - 4..]
        .iter()
        .map(|b| b.breakable)
        .collect();
    assert_eq!(table, [false, false, true, true]);
}

#[test]
fn a_title_after_some_text_is_set_once_where_it_stands() {
    // A real book's chapter: a line of prose, then its `#` title (it was set twice: as the
    // chapter's head above the prose and again in its place, and listed twice in the contents).
    let boxes = flow("Sebuah catatan sebelum judul.\n\n# Sumber\n\n- satu\n- dua\n");
    let titles: Vec<(String, u8)> = boxes
        .iter()
        .flat_map(|b| &b.marks)
        .filter_map(|m| match m {
            Mark::Heading { title, level } => Some((title.clone(), *level)),
            _ => None,
        })
        .collect();
    assert_eq!(titles, [("Sumber".to_string(), 1)]);
    let text: Vec<String> = boxes
        .iter()
        .flat_map(|b| &b.texts)
        .map(|t| {
            t.2.glyphs
                .iter()
                .map(|g| g.text.as_str())
                .collect::<String>()
        })
        .collect();
    let first_prose = text.iter().position(|t| t.contains("catatan"));
    let title = text.iter().position(|t| t.contains("Sumber"));
    assert!(first_prose < title, "{text:?}");
}
