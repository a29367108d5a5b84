//! Titles, names and publishers of any length stay on the page (issue 13): the generated
//! cover shrinks, breaks or shortens them, and the title page sets everything smaller until
//! it fits without one line running into another.

use super::*;

/// Each page's size and its words' boxes (x0, y0, x1, y1, word), as poppler finds them.
type Pages = Vec<((f32, f32), Vec<(f32, f32, f32, f32, String)>)>;

fn word_boxes(pdf: &Path) -> Pages {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, key: &str| -> f32 {
        let from = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        let to = from + line[from..].find('"').unwrap();
        line[from..to].parse().unwrap()
    };
    let mut pages: Pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(((attr(line, "width"), attr(line, "height")), Vec::new()));
        } else if line.starts_with("<word ") {
            let word =
                line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()].to_string();
            let boxes = &mut pages.last_mut().expect("words are on pages").1;
            boxes.push((
                attr(line, "xMin"),
                attr(line, "yMin"),
                attr(line, "xMax"),
                attr(line, "yMax"),
                word,
            ));
        }
    }
    pages
}

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
        let pages = word_boxes(&pdf);
        // The screen edition opens with the cover, then the title page.
        let title_page = usize::from(!pdf.to_string_lossy().ends_with("-print.pdf"));
        for (n, ((w, h), words)) in pages.iter().enumerate() {
            for (x0, y0, x1, y1, text) in words {
                assert!(
                    *x0 >= 0.0 && *y0 >= 0.0 && *x1 <= *w && *y1 <= *h,
                    "{}: page {}: `{text}` off the page at ({x0}, {y0})–({x1}, {y1})",
                    pdf.display(),
                    n + 1
                );
            }
        }
        let words = &pages[title_page].1;
        assert!(words.len() > 100, "{} words", words.len());
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                // Boxes of words on one line may touch, and poppler's boxes (the font's whole
                // ascent and descent) of lines set solid overlap a little; more than a
                // third of a line is one line set over another.
                let dx = a.2.min(b.2) - a.0.max(b.0);
                let dy = a.3.min(b.3) - a.1.max(b.1);
                let line = (a.3 - a.1).min(b.3 - b.1);
                assert!(
                    dx <= 0.5 || dy <= line / 3.0,
                    "`{}` and `{}` overlap on the title page: {a:?} {b:?}",
                    a.4,
                    b.4
                );
            }
        }
    }
}
