//! Nothing is drawn off the page (issue 13): wide tables, lists nested as deep as the document
//! allows and long footnotes are built into a screen PDF and read back with `pdftotext -bbox`,
//! as a reader's tools see them: every word inside the page (and the text block), none lost,
//! footnotes clear of the text and the running head. What the layout had to squeeze is a
//! warning of the build and of `terbit check`, at its place.

mod common;

use common::{Page, Word};

use std::collections::HashMap;
use std::path::PathBuf;

/// Build the book `chapter` (one chapter, `a.md`) into a screen PDF: its pages, the build's
/// warnings and `terbit check`'s findings of the layout, as `LINE:COL: message`.
fn build(test: &str, chapter: &str) -> (Vec<Page>, Vec<String>, Vec<String>) {
    let dir = common::scratch(&format!("layout-inside-{test}"));
    let book = dir.join("buku");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Uji\nauthors: [Penulis]\nlanguage: id\nchapters: [a.md]\n",
    )
    .unwrap();
    std::fs::write(book.join("a.md"), chapter).unwrap();
    let out = dir.join("out");
    let built =
        terbit::pipeline::build_with_warnings(&book, &out, &[terbit::pipeline::Format::Pdf])
            .expect("the book builds");
    let place = |d: &terbit::error::Diagnostic| format!("{}:{}: {}", d.line, d.column, d.message);
    let warnings = built.warnings.iter().map(place).collect();
    let report = terbit::check::check(&book);
    let checked = report
        .findings
        .iter()
        .filter(|f| f.kind == terbit::check::Kind::Layout)
        .map(|f| place(&f.diagnostic))
        .collect();
    let pdf: PathBuf = built.outputs[0].path.clone();
    (common::pdf_pages(&pdf), warnings, checked)
}

/// Asserts that every word is inside its page, and inside the text block but for `hang`
/// points (list markers and protruding punctuation hang into the margin).
fn assert_inside(pages: &[Page], hang: f32) {
    let mut outside = vec![];
    for (n, page) in pages.iter().enumerate() {
        // The screen edition's side margins (see `Geometry::new`).
        let side = (page.width * 0.13).round();
        for w in &page.words {
            let on_page = w.x0 >= 0.0 && w.y0 >= 0.0 && w.x1 <= page.width && w.y1 <= page.height;
            let in_block = w.x0 >= side - hang && w.x1 <= page.width - side + hang;
            if !on_page || !in_block {
                outside.push(format!("page {}: {w:?}", n + 1));
            }
        }
    }
    assert!(
        outside.is_empty(),
        "{} words outside: {:?}",
        outside.len(),
        &outside[..outside.len().min(5)]
    );
}

/// How many times each letter occurs in `text`.
fn letters<'a>(text: impl Iterator<Item = &'a str>) -> HashMap<char, usize> {
    let mut count = HashMap::new();
    for c in text.flat_map(str::chars).filter(|c| c.is_alphabetic()) {
        *count.entry(c.to_ascii_lowercase()).or_insert(0) += 1;
    }
    count
}

/// Asserts that every letter of `source` is drawn on a page: a word cut between columns' lines
/// is still all there, a word drawn off the page is not (pdftotext reads only the page).
fn assert_no_letter_lost(pages: &[Page], source: &str) {
    let drawn = letters(
        pages
            .iter()
            .flat_map(|p| p.words.iter().map(|w| w.text.as_str())),
    );
    for (c, n) in letters(std::iter::once(source)) {
        let found = drawn.get(&c).copied().unwrap_or(0);
        assert!(found >= n, "`{c}`: {found} of {n} drawn");
    }
}

/// Words for the text: short, so that none is hyphenated (a test counts them).
const WORDS: [&str; 8] = ["ala", "bel", "cor", "dan", "eno", "fis", "gul", "hem"];

fn text(n: usize, seed: usize) -> String {
    (0..n)
        .map(|i| WORDS[(i * 7 + seed * 3 + i / 5) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// A chapter with a table of `columns` columns and 12 rows of one to four words, on line 5.
fn table(columns: usize) -> String {
    let head: Vec<String> = (0..columns).map(|c| format!("Kol{c}")).collect();
    let rows: String = (0..12)
        .map(|r| {
            let cells: Vec<String> = (0..columns).map(|c| text(1 + (r + c) % 4, r + c)).collect();
            format!("| {} |\n", cells.join(" | "))
        })
        .collect();
    format!(
        "# Tabel\n\n{}\n\n| {} |\n|{}\n{rows}\n{}\n",
        text(30, 1),
        head.join(" | "),
        "---|".repeat(columns),
        text(30, 2)
    )
}

fn table_case(test: &str, columns: usize) {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let source = table(columns);
    let (pages, warnings, checked) = build(test, &source);
    assert_inside(&pages, 1.0);
    assert_no_letter_lost(&pages, &source);
    let told = format!("5:1: a table of {columns} columns");
    assert!(
        warnings.iter().any(|w| w.starts_with(&told)),
        "the build tells where it squeezed the table: {warnings:?}"
    );
    assert!(
        checked.iter().any(|w| w.starts_with(&told)),
        "so does terbit check: {checked:?}"
    );
}

#[test]
fn a_table_of_60_columns_is_drawn_inside_the_page() {
    table_case("t60", 60);
}

#[test]
fn a_table_of_23_columns_is_drawn_inside_the_page() {
    table_case("t23", 23);
}

#[test]
fn words_that_cannot_break_stay_inside_their_line_and_column() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    // From real books: a paragraph whose only break leaves a first line of one long word
    // (it was set 12 pt past the measure, and in bold in a list 50 pt); and a table whose
    // cells join code with no-break spaces (they ran past their column and the page's edge,
    // as the column was sized by the words between those spaces).
    let source = "# Jembatan\n\n\
        AbstractionImplementorBridge(TextMessageSender, EmailMessageSender): kelas yang \
        melakukan pekerjaan sebenarnya.\n\n\
        - **ConcreteImplementorBridge(TextMessageSender, EmailMessageSender):** kelas yang \
        melakukan pekerjaan sebenarnya.\n\n\
        | Layout&nbsp;Format | Penjelasan | Contoh&nbsp;Data |\n\
        | :-- | :-- | :-- |\n\
        | `January` | Nama bulan dalam bahasa inggris | `September`,&nbsp;`August`,&nbsp;`October` |\n\
        | `Monday` | Nama hari dalam bahasa inggris | `Saturday`,&nbsp;`Friday` |\n\
        | `2` | Tanggal 1 digit jika di bawah bulan 10, selainnya 2 digit | `8`,&nbsp;`31` |\n";
    let (pages, _, _) = build("unbreakable", source);
    // Punctuation hangs into the margin by up to a comma's width.
    assert_inside(&pages, 2.0);
    // No two words of one line overlap: a cell's text stays out of the next column's.
    for page in &pages {
        for a in &page.words {
            for b in &page.words {
                let same_line = (a.y0 - b.y0).abs() < 1.0;
                let overlap = a.x0 < b.x0 && a.x1 > b.x0 + 0.5;
                assert!(!(same_line && overlap), "{a:?} runs into {b:?}");
            }
        }
    }
}

#[test]
fn a_word_wider_than_its_column_is_cut_with_a_hyphen_between_its_humps() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    // The Rust book's operator table: trait names in narrow columns were cut "BitAndAss|ign",
    // with no hyphen, where no hyphenation point fell.
    let source = "# Operator\n\n\
        | Operator | Contoh | Penjelasan | Overload? | Trait | Catatan | Lain |\n\
        |---|---|---|---|---|---|---|\n\
        | `&=` | `var &= expr` | Bitwise AND dan penugasan | BitAndAssign | BitAndAssign | Sesuatu yang lain | PartialOrd |\n\
        | `+=` | `var += expr` | Penjumlahan dan penugasan | AddAssign | AddAssign | Ya | ExclusiveRangePattern |\n";
    let (pages, _, _) = build("humps", source);
    let words: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
        .collect();
    for name in ["BitAndAssign", "AddAssign", "ExclusiveRangePattern"] {
        for w in words
            .iter()
            .filter(|w| name.starts_with(w.trim_end_matches('-')) && w.len() > 2)
        {
            let cut = w.trim_end_matches('-');
            assert!(
                cut == name
                    || (w.ends_with('-') && name[cut.len()..].starts_with(char::is_uppercase)),
                "{name} cut as {w:?}: {words:?}"
            );
        }
    }
}

#[test]
fn a_url_wider_than_the_line_breaks_after_its_punctuation_with_no_hyphen_added() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    // From a real book's list of sources: URLs were hyphenated by the language's rules and cut
    // anywhere (`…/brid-` | `ge-pattern/`, `programlam` | `a`).
    let urls = [
        "https://www.journaldev.com/1754/strategy-design-pattern-in-java-example-tutorial",
        "https://springframework.guru/gang-of-four-design-patterns/bridge-pattern/",
        "https://tr.wikipedia.org/wiki/Nesne_y%C3%B6nelimli_programlama",
    ];
    let list: String = urls.iter().map(|u| format!("- <{u}>\n")).collect();
    let (pages, _, _) = build("urls", &format!("# Sumber\n\n{list}"));
    // A hyphen or full stop ending a line hangs into the margin.
    assert_inside(&pages, 3.0);
    let words: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.as_str()))
        .collect();
    for url in urls {
        // Its pieces, in order, spell it exactly: no hyphen added; each but the last ends
        // after a mark.
        let first = words.iter().position(|w| url.starts_with(*w)).expect(url);
        let mut spelled = String::new();
        let mut k = first;
        while spelled.len() < url.len() {
            let piece = words[k];
            if spelled.len() + piece.len() < url.len() {
                assert!(
                    piece.ends_with(['/', '.', '-', '_', '%']),
                    "{url} cut after {piece:?}"
                );
            }
            spelled.push_str(piece);
            k += 1;
        }
        assert_eq!(spelled, url, "{words:?}");
    }
}

#[test]
fn a_table_that_fits_is_not_a_warning() {
    let (_, warnings, checked) = build("t4", &table(4));
    assert!(
        warnings.is_empty() && checked.is_empty(),
        "{warnings:?} {checked:?}"
    );
}

#[test]
fn lists_nested_as_deep_as_the_document_allows_keep_half_the_measure() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    // Nested past the document's limit (the deeper ones are merged into the deepest kept).
    let depth = terbit::document::MAX_NESTING + 4;
    let mut source = String::from("# Daftar\n\n");
    for d in 0..depth {
        source += &format!("{}- {}\n", "  ".repeat(d), text(12, d));
    }
    source += &format!("{}- terdalam {}\n", "  ".repeat(depth), text(40, 0));
    let (pages, warnings, checked) = build("list", &source);
    assert_inside(&pages, 20.0);
    assert_no_letter_lost(&pages, &source);
    // The deepest item's text starts at most half the measure in.
    let page = pages
        .iter()
        .find(|p| p.words.iter().any(|w| w.text == "terdalam"))
        .expect("the deepest item is drawn");
    let side = (page.width * 0.13).round();
    let measure = page.width - 2.0 * side;
    // The item is the chapter's last text: the lines from it on are its own (its first may be
    // indented as a paragraph's).
    let top = page
        .words
        .iter()
        .find(|w| w.text == "terdalam")
        .map(|w| w.y0)
        .unwrap();
    let x = page
        .words
        .iter()
        .filter(|w| w.y0 >= top && w.text.chars().any(char::is_alphabetic))
        .map(|w| w.x0)
        .fold(f32::MAX, f32::min);
    assert!(
        x - side <= measure * 0.5 + 0.5,
        "the deepest text starts {} pt in, of {measure}",
        x - side
    );
    assert!(
        warnings.iter().any(|w| w.contains("nested")),
        "{warnings:?}"
    );
    assert_eq!(warnings, checked, "check and build agree");
}

/// Words of footnotes: none of the text's, so that a page's notes can be told from its text.
const NOTE_WORDS: [&str; 4] = ["nox", "lux", "pax", "vox"];

fn note_text(n: usize) -> String {
    (0..n)
        .map(|i| NOTE_WORDS[(i * 3 + i / 4) % NOTE_WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_note(w: &Word) -> bool {
    NOTE_WORDS
        .iter()
        .any(|n| w.text.trim_matches(|c: char| !c.is_alphabetic()) == *n)
}

fn overlaps(a: &Word, b: &Word) -> bool {
    a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

/// Asserts that on every page the notes' words lie below every other word (the text and the
/// running head) and overlap none, and that all `notes` note words are drawn.
fn assert_notes_clear(pages: &[Page], notes: usize) {
    let mut drawn = 0;
    for (n, page) in pages.iter().enumerate() {
        let (note, other): (Vec<&Word>, Vec<&Word>) = page.words.iter().partition(|w| is_note(w));
        drawn += note.len();
        for w in &note {
            // Words, not numbers (a note's number, the folio below the notes): the text and
            // the running head, all above the notes.
            for o in other
                .iter()
                .filter(|o| o.text.chars().any(char::is_alphabetic))
            {
                assert!(!overlaps(w, o), "page {}: {w:?} over {o:?}", n + 1);
                assert!(o.y1 <= w.y0 + 0.5, "page {}: {w:?} below {o:?}", n + 1);
            }
        }
    }
    assert_eq!(drawn, notes, "every word of the notes is drawn once");
}

#[test]
fn a_footnote_of_two_pages_goes_on_at_the_foot_of_the_next_pages() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    // A note of some 1,300 words (two pages of notes) referred to in the first paragraph.
    let paragraphs: Vec<String> = (0..13).map(|p| note_text(100 + p)).collect();
    let words: usize = paragraphs.iter().map(|p| p.split(' ').count()).sum();
    let source = format!(
        "# Catatan\n\n{} rujukan[^1] {}\n\n{}\n\n[^1]: {}\n",
        text(40, 0),
        text(40, 1),
        (2..14)
            .map(|p| text(60, p))
            .collect::<Vec<_>>()
            .join("\n\n"),
        paragraphs.join("\n\n    ")
    );
    let (pages, warnings, _) = build("note2p", &source);
    assert_inside(&pages, 1.0);
    assert_no_letter_lost(&pages, &source);
    assert_notes_clear(&pages, words);
    // The note begins on the page of its reference and takes more than two pages' foot.
    let with_note: Vec<usize> = (0..pages.len())
        .filter(|&p| pages[p].words.iter().any(is_note))
        .collect();
    let reference = pages
        .iter()
        .position(|p| p.words.iter().any(|w| w.text.starts_with("rujukan")))
        .unwrap();
    assert_eq!(with_note.first(), Some(&reference), "{with_note:?}");
    assert!(with_note.len() >= 3, "{with_note:?}");
    assert!(
        warnings.is_empty(),
        "a split note is no warning: {warnings:?}"
    );
}

#[test]
fn a_footnote_referred_to_at_the_foot_of_a_page_stays_clear_of_the_text() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    // Chapters whose reference falls on each of the last lines of the first page, each with a
    // note of some sixty lines, more than a page of notes holds.
    let mut source = String::new();
    let mut words = 0;
    for k in 0..12 {
        let note = note_text(1000);
        words += 1000;
        source += &format!(
            "# Bab {k}\n\n{}\n\n{} rujukan{k}z[^1] {}\n\n{}\n\n[^1]: {note}\n\n",
            text(220 + 9 * k, k),
            text(10, k),
            text(30, k + 1),
            text(200, k + 2)
        );
    }
    let (pages, _, _) = build("note-bottom", &source);
    assert_inside(&pages, 1.0);
    assert_no_letter_lost(&pages, &source);
    assert_notes_clear(&pages, words);
    // Each note begins on the page of its reference.
    for k in 0..12 {
        let at = pages
            .iter()
            .position(|p| {
                p.words
                    .iter()
                    .any(|w| w.text.starts_with(&format!("rujukan{k}z")))
            })
            .expect("the reference is drawn");
        assert!(
            pages[at].words.iter().any(is_note),
            "chapter {k}, page {}",
            at + 1
        );
    }
}

#[test]
fn quotes_nested_as_deep_as_the_document_allows_stay_inside_the_text_block() {
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let mut source = String::from("# Kutipan\n\n");
    for d in 1..=terbit::document::MAX_NESTING + 2 {
        source += &format!("{} {}\n{}\n", ">".repeat(d), text(14, d), ">".repeat(d));
    }
    let (pages, warnings, checked) = build("quote", &source);
    assert_inside(&pages, 1.0);
    assert_no_letter_lost(&pages, &source);
    assert!(
        warnings.iter().any(|w| w.contains("quotes nested")),
        "{warnings:?}"
    );
    assert_eq!(warnings, checked, "check and build agree");
}
