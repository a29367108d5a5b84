//! Links as authors of mdBook and pandoc books write them: to chapters as `.md` or as the
//! `.html` pages mdBook renders, to headings by the slug GitHub, mdBook and pandoc give them,
//! to anchors set in raw HTML; web addresses with letters outside ASCII. Each is a link in the
//! EPUB and, in the screen PDF, a GoTo to the page the target is printed on (a URI action for
//! a web address); a link that leads nowhere is a warning of the build at its place.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use lopdf::{Document, ObjectId};

/// An mdBook whose second chapter puts its section on a later page than its opening.
fn mdbook(name: &str) -> PathBuf {
    let dir = common::scratch(name).join("buku");
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let write = |file: &str, text: &str| std::fs::write(dir.join(file), text).unwrap();
    write(
        "book.toml",
        "[book]\ntitle = \"Tautan\"\nauthors = [\"Ana\"]\nlanguage = \"en\"\n",
    );
    write(
        "src/SUMMARY.md",
        "# Summary\n\n- [Getting Started](start.md)\n- [Traits](traits/README.md)\n",
    );
    write(
        "src/start.md",
        "# Getting Started\n\n## Installation & Setup\n\n\
         See [the section](traits/index.html#using-traits-as-parameters), its \
         [old name](traits/index.html#traits-as-parameters), [this one](#installation--setup), \
         [the other chapter](./traits/), [Atatürk](https://tr.wikipedia.org/wiki/Atatürk_Üniversitesi) \
         and [a page that is not here](missing.md).\n\n## Options\n\n[`--opt`]{#opt--x}\n: The option; \
         see [it](#opt--x).\n",
    );
    let filler = "Filler text of the chapter, long enough to take a line or two. ".repeat(12);
    let mut traits = "# Traits\n\n".to_string();
    for _ in 0..12 {
        traits.push_str(&filler);
        traits.push_str("\n\n");
    }
    traits.push_str(
        "<a id=\"traits-as-parameters\"></a>\n\n### Using Traits as Parameters\n\nText.\n",
    );
    std::fs::create_dir_all(dir.join("src/traits")).unwrap();
    write("src/traits/README.md", &traits);
    dir
}

fn entry(epub: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn links_lead_where_authors_meant_in_the_epub_and_the_screen_pdf() {
    let book = mdbook("links-mdbook");
    let out = book.parent().unwrap().join("out");
    let said = common::terbit_ok(
        &["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()],
        Path::new("."),
    );
    // The one link that leads nowhere is told at its place.
    let warnings: Vec<&str> = said
        .lines()
        .filter(|l| l.contains("not a chapter"))
        .collect();
    assert_eq!(warnings.len(), 1, "{said}");
    assert!(warnings[0].contains("start.md:5:"), "{said}");
    assert!(
        warnings[0].contains("`missing.md` is not a chapter of this book"),
        "{said}"
    );

    let epub = out.join("tautan.epub");
    let ch1 = entry(&epub, "OEBPS/ch01.xhtml");
    for href in [
        "ch02.xhtml#using-traits-as-parameters\"",
        "#installation--setup\"",
        "#options\"",
        "\"ch02.xhtml\"",
        "https://tr.wikipedia.org/wiki/Atat%C3%BCrk_%C3%9Cniversitesi",
    ] {
        assert!(
            ch1.contains(&format!("href=\"{}", href.trim_start_matches('"'))),
            "{href}: {ch1}"
        );
    }
    assert_eq!(
        ch1.matches("href=\"ch02.xhtml#using-traits-as-parameters\"")
            .count(),
        2,
        "the heading's slug and the HTML anchor before it: {ch1}"
    );
    assert!(!ch1.contains("missing"), "no link to a missing page: {ch1}");
    assert!(
        entry(&epub, "OEBPS/ch02.xhtml").contains("<h2 id=\"using-traits-as-parameters\">"),
        "the heading's id is its slug (and its level, `###` after `#`, the next one down)"
    );
    common::assert_epubcheck_passes(&epub);

    // The screen PDF: GoTo links to the page each target is printed on.
    let pdf = out.join("tautan.pdf");
    let doc = Document::load(&pdf).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let Some(()) = common::tool("pdftotext") else {
        return;
    };
    let text = common::pdf_pages(&pdf);
    let words = |p: usize| -> String {
        text[p]
            .words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let on = |phrase: &str| {
        (0..text.len())
            .find(|&p| words(p).contains(phrase))
            .unwrap()
    };
    let (from, section, opening) = (on("See the section"), on("Using Traits as"), on("Filler"));
    assert!(
        section > opening,
        "the section is on a later page than its chapter's opening"
    );
    let found = common::pdf_links(&doc, &pages, from);
    let gotos: Vec<usize> = found.iter().filter_map(|l| l.clone().ok()).collect();
    assert_eq!(
        gotos.iter().filter(|&&p| p == section).count(),
        2,
        "both links to the section go to its page: {found:?}"
    );
    assert!(gotos.contains(&from), "the link within the page: {found:?}");
    assert!(
        gotos.contains(&opening),
        "the link to the chapter goes to its opening: {found:?}"
    );
    assert!(
        found.contains(&Err(
            "https://tr.wikipedia.org/wiki/Atat%C3%BCrk_%C3%9Cniversitesi".into()
        )),
        "a web address in ASCII: {found:?}"
    );
}
