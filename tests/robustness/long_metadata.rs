//! Titles, names and publishers of any length stay on the page (issue 13): the generated
//! cover shrinks, breaks or shortens them, and the title page sets everything smaller until
//! it fits without one line running into another.

use super::*;

#[test]
fn long_titles_and_names_stay_on_the_cover_and_the_title_page() {
    if common::tool("pdftotext").is_none() {
        return;
    }
    let word = "Supercalifragilisticexpialidocious".repeat(4);
    let title = "Sejarah Panjang Hubungan ".repeat(20);
    let yaml = format!(
        "title: \"{title}{word}\"\nsubtitle: \"{title}\"\nlanguage: id\n\
         authors:\n  - name: \"{word} {word}\"\n    affiliation: \"{title}\"\n\
         publisher: \"{word}\"\nseries: {{name: \"{word}\", number: 1}}\n"
    );
    let dir = book(
        "long-metadata",
        &[("book.yaml", yaml.as_bytes()), ("01.md", CHAPTER)],
    );
    let run = terbit_build(&dir, &["--format", "pdf,print"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = dir.parent().unwrap().join("out");
    for pdf in std::fs::read_dir(&out).unwrap() {
        let pdf = pdf.unwrap().path();
        let pages = common::pdf_pages(&pdf);
        // The screen edition opens with the cover, then the title page.
        let title_page = usize::from(!pdf.to_string_lossy().ends_with("-print.pdf"));
        for (n, page) in pages.iter().enumerate() {
            for w in &page.words {
                assert!(
                    w.x0 >= 0.0 && w.y0 >= 0.0 && w.x1 <= page.width && w.y1 <= page.height,
                    "{}: page {}: `{}` off the page at ({}, {})–({}, {})",
                    pdf.display(),
                    n + 1,
                    w.text,
                    w.x0,
                    w.y0,
                    w.x1,
                    w.y1
                );
            }
        }
        let words = &pages[title_page].words;
        assert!(words.len() > 100, "{} words", words.len());
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                // Boxes of words on one line may touch, and poppler's boxes (the font's whole
                // ascent and descent) of lines set solid overlap a little; more than a
                // third of a line is one line set over another.
                let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
                let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
                let line = (a.y1 - a.y0).min(b.y1 - b.y0);
                assert!(
                    dx <= 0.5 || dy <= line / 3.0,
                    "`{}` and `{}` overlap on the title page: {a:?} {b:?}",
                    a.text,
                    b.text
                );
            }
        }
    }
}
