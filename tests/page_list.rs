//! The EPUB's page list follows the print edition: a book of several pages (long paragraphs, so
//! that pages begin mid-paragraph, a list, a table, a code block and a footnote) is built, and
//! what a reader checks is checked: the navigation document lists one page per numbered print
//! page with text, each leads to a page-break marker labelled with that page's number, and the
//! text after each marker is the text the print page begins with (`pdftotext -raw`, when
//! poppler is installed); EPUBCheck finds nothing to report.

mod common;

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;
use std::process::Command;

/// Words for the test book's sentences, cycled so that no two sentences read alike.
const WORDS: &[&str] = &[
    "harbour",
    "lantern",
    "meadow",
    "granite",
    "orchard",
    "thunder",
    "velvet",
    "compass",
    "saffron",
    "glacier",
    "tapestry",
    "ember",
    "quarry",
    "willow",
    "beacon",
    "falcon",
    "marble",
    "cobalt",
    "thistle",
    "lagoon",
    "copper",
    "juniper",
    "ridge",
    "parchment",
];

/// Sentence `n` of the book: words of its own and its number.
fn sentence(n: usize) -> String {
    let w = |k: usize| WORDS[(n * 7 + k * 5) % WORDS.len()];
    format!(
        "Sentence {n} tells how the {} and the {} crossed the {} near the {} before {} fell.",
        w(0),
        w(1),
        w(2),
        w(3),
        w(4)
    )
}

fn paragraph(from: usize, count: usize) -> String {
    (from..from + count)
        .map(sentence)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The test book: one long chapter and a short one.
fn write_book(dir: &Path) {
    std::fs::write(
        dir.join("book.yaml"),
        "title: Pages of Print\nauthors: [Ada Tester]\nlanguage: en\n\
         isbn: {print: 978-0-00-000000-2}\nchapters: [one.md, two.md]\n",
    )
    .unwrap();
    let mut one = String::from("# The Long Chapter\n\n");
    let mut n = 0;
    for _ in 0..4 {
        one.push_str(&paragraph(n, 14));
        one.push_str("\n\n");
        n += 14;
    }
    one.push_str(&format!(
        "{} A note belongs here.[^1]\n\n[^1]: {}\n\n",
        paragraph(n, 3),
        sentence(900)
    ));
    n += 3;
    one.push_str("## A List\n\n");
    for _ in 0..24 {
        one.push_str(&format!("- {}\n", paragraph(n, 2)));
        n += 2;
    }
    one.push_str("\n## A Table\n\n| Column A | Column B | Column C |\n|---|---|---|\n");
    for r in 0..60 {
        one.push_str(&format!(
            "| row {r} {} | {} | {} |\n",
            WORDS[r % WORDS.len()],
            WORDS[(r + 3) % WORDS.len()],
            WORDS[(r + 11) % WORDS.len()]
        ));
    }
    one.push_str("\n## Some Code\n\n```rust\n");
    for l in 0..90 {
        one.push_str(&format!(
            "let line_{l} = \"{}\";\n",
            WORDS[(l * 3) % WORDS.len()]
        ));
    }
    one.push_str("```\n\n");
    for _ in 0..3 {
        one.push_str(&paragraph(n, 14));
        one.push_str("\n\n");
        n += 14;
    }
    std::fs::write(dir.join("one.md"), one).unwrap();
    std::fs::write(
        dir.join("two.md"),
        format!("# The Short Chapter\n\n{}\n", paragraph(2000, 5)),
    )
    .unwrap();
}

/// Every entry of the EPUB at `path`, by name.
fn entries(path: &Path) -> std::collections::HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .filter_map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut text = String::new();
            f.read_to_string(&mut text).ok()?;
            Some((f.name().to_string(), text))
        })
        .collect()
}

/// The page list of a navigation document: (file, id, label) in order.
fn page_list(nav: &str) -> Vec<(String, String, String)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(nav, options).expect("well-formed");
    let list = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("nav")
                && n.attributes()
                    .any(|a| a.name() == "type" && a.value() == "page-list")
        })
        .expect("a page-list nav");
    assert_eq!(list.attribute("hidden"), Some("hidden"));
    list.descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            let (file, id) = a.attribute("href").unwrap().split_once('#').unwrap();
            (
                file.to_string(),
                id.to_string(),
                a.text().unwrap().to_string(),
            )
        })
        .collect()
}

/// Lower case, no white space: how text is compared (the PDF places words, the EPUB spaces
/// them).
fn comparable(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The text after the marker `id` in the content document `xhtml`, tags dropped.
fn text_after(xhtml: &str, id: &str) -> String {
    let at = xhtml.find(&format!("id=\"{id}\"")).unwrap();
    let rest = &xhtml[at..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    let mut out = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
        if out.len() > 400 {
            break;
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// The label of each page of `pdf` as its /PageLabels give it ("" for none).
fn pdf_labels(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let count = doc.get_pages().len();
    let catalog = doc.catalog().unwrap();
    let labels = catalog.get(b"PageLabels").unwrap();
    let labels = match labels {
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap(),
        o => o,
    };
    let nums = labels
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap();
    let ranges: Vec<(usize, Option<u8>, usize)> = nums
        .chunks(2)
        .map(|pair| {
            let start = pair[0].as_i64().unwrap() as usize;
            // A label's dictionary, written in place or as an object of its own.
            let d = match &pair[1] {
                lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
                o => o.as_dict().unwrap(),
            };
            let style = d.get(b"S").ok().map(|s| s.as_name().unwrap()[0]);
            let first = d.get(b"St").map_or(1, |n| n.as_i64().unwrap() as usize);
            (start, style, first)
        })
        .collect();
    (0..count)
        .map(|i| {
            let &(start, style, first) = ranges.iter().rev().find(|r| r.0 <= i).unwrap();
            let n = first + i - start;
            match style {
                Some(b'D') => n.to_string(),
                Some(b'r') => terbit::typeset::roman(n),
                _ => String::new(),
            }
        })
        .collect()
}

/// The body text of page `n` (1-based) of `pdf` as `pdftotext -raw` reads it: without the
/// running head and the folio (`label`), which it reads first.
fn page_text(pdf: &Path, n: usize, label: &str) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-f", &n.to_string(), "-l", &n.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let skip = if lines.get(1).is_some_and(|l| l.trim() == label) {
        2
    } else if lines.first().is_some_and(|l| l.trim() == label) {
        1
    } else {
        0
    };
    lines[skip.min(lines.len())..].join("\n")
}

#[test]
fn the_epub_lists_and_marks_the_print_edition_s_pages() {
    let dir = common::scratch("page-list");
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    write_book(&book);
    common::terbit_ok(&["build", "book", "-o", "out"], &dir);
    let epub_path = dir.join("out/pages-of-print.epub");
    let print = dir.join("out/pages-of-print-print.pdf");
    let files = entries(&epub_path);
    let list = page_list(&files["OEBPS/nav.xhtml"]);

    // Each entry leads to one marker with its label, in its document, ids unique there.
    let mut seen = HashSet::new();
    for (file, id, label) in &list {
        assert!(seen.insert((file, id)), "{id} twice in {file}");
        let xhtml = &files[&format!("OEBPS/{file}")];
        let marker = format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{id}\" aria-label=\"{label}\"/>"
        );
        assert_eq!(xhtml.matches(&marker).count(), 1, "{marker} in {file}");
        assert_eq!(xhtml.matches(&format!("id=\"{id}\"")).count(), 1);
    }
    let body: Vec<&(String, String, String)> = list
        .iter()
        .filter(|(_, _, l)| l.parse::<usize>().is_ok())
        .collect();
    assert!(body.len() >= 6, "a book of several pages: {list:?}");
    let numbers: Vec<usize> = body.iter().map(|(_, _, l)| l.parse().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    assert_eq!(list[0].0, "contents.xhtml", "the contents page iii first");
    assert_eq!(list[0].2, "iii");

    // Some page begins inside a paragraph: its marker stands between two words of a <p>.
    let mid_paragraph = body.iter().any(|(file, id, _)| {
        let xhtml = &files[&format!("OEBPS/{file}")];
        let at = xhtml.find(&format!("id=\"{id}\"")).unwrap();
        let before = &xhtml[..xhtml[..at].rfind('<').unwrap()];
        before.ends_with(' ') && before.rfind("<p>") > before.rfind("</p>")
    });
    assert!(mid_paragraph, "no page begins mid-paragraph");
    // Pages begin in the list, the table and the code block (each longer than a page): their
    // markers stand inside an item, a cell, the listing (where a <span> may stand).
    for (open, close) in [("<li>", "</li>"), ("<td>", "</td>"), ("<pre>", "</pre>")] {
        let inside = body.iter().any(|(file, id, _)| {
            let xhtml = &files[&format!("OEBPS/{file}")];
            let before = &xhtml[..xhtml.find(&format!("id=\"{id}\"")).unwrap()];
            before
                .rfind(open)
                .is_some_and(|o| before.rfind(close) < Some(o))
        });
        assert!(inside, "no marker inside {open}");
    }

    // The package says so, and names the print edition.
    let opf = &files["OEBPS/content.opf"];
    for feature in ["pageBreakMarkers", "pageNavigation", "printPageNumbers"] {
        assert!(
            opf.contains(&format!(
                "<meta property=\"schema:accessibilityFeature\">{feature}</meta>"
            )),
            "{opf}"
        );
    }
    assert!(opf.contains("<meta property=\"pageBreakSource\">urn:isbn:9780000000002</meta>"));
    assert!(opf.contains("<dc:source>urn:isbn:9780000000002</dc:source>"));

    if let Some((counts, report)) = common::epubcheck(&epub_path) {
        assert_eq!(counts, [0, 0, 0], "EPUBCheck:\n{report}");
    }

    if common::tool("pdftotext").is_none() {
        return;
    }
    // One entry per numbered print page with text, and each marker is followed by the text
    // that page begins with.
    let labels = pdf_labels(&print);
    let with_text: Vec<(usize, &String)> = labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.parse::<usize>().is_ok())
        .filter(|(i, l)| !page_text(&print, i + 1, l).trim().is_empty())
        .map(|(i, l)| (i + 1, l))
        .collect();
    let listed: Vec<&String> = body.iter().map(|(_, _, l)| l).collect();
    assert_eq!(
        with_text.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
        listed,
        "one entry per print page with text"
    );
    let header = comparable("Column A Column B Column C");
    for ((file, id, label), (n, _)) in body.iter().zip(&with_text) {
        let after = comparable(&text_after(&files[&format!("OEBPS/{file}")], id));
        // The bullets of a list are the reader's in the EPUB, not text.
        let page = comparable(&page_text(&print, *n, label).replace('•', ""));
        // A table's header row is repeated atop a page its rows go on on: the page's text
        // begins with the row after it.
        let page = page.strip_prefix(&header).unwrap_or(&page);
        let start: String = page.chars().take(20).collect();
        assert!(
            after.starts_with(&start),
            "page {label}: the EPUB reads on after its marker with\n  {after:.60}\nthe print \
             page begins with\n  {page:.60}"
        );
    }
}

#[test]
fn an_epub_built_alone_has_the_same_page_list() {
    let dir = common::scratch("page-list-alone");
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    write_book(&book);
    common::terbit_ok(&["build", "book", "-o", "all"], &dir);
    common::terbit_ok(&["build", "book", "-o", "alone", "--format", "epub"], &dir);
    let all = std::fs::read(dir.join("all/pages-of-print.epub")).unwrap();
    let alone = std::fs::read(dir.join("alone/pages-of-print.epub")).unwrap();
    assert!(all == alone, "the EPUB differs when built alone");
    assert!(
        !page_list(&entries(&dir.join("alone/pages-of-print.epub"))["OEBPS/nav.xhtml"]).is_empty()
    );
}
