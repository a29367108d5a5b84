//! Text in other languages than the book's, and the divisions pandoc's authors mark: a span or
//! a fenced div with a `lang` is set by that language's rules in both editions (its quotation
//! marks, its `xml:lang`), a `.note` is set apart as an aside, `<kbd>` keys stay keys.

mod common;

use std::io::Read;
use std::path::Path;

use terbit::pipeline::{self, Format};

const CHAPTER: &str = r#"# Languages

He said "hello" and she answered [in German, "Guten Tag"]{lang=de}. Don't panic.

::: {lang=fr}
Il a dit "bonjour" à tout le monde.
:::

::: note
Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to copy.
:::

:::: {.warning lang=de}
Er sagte: "Achtung".
::::
"#;

fn book(dir: &Path) -> std::path::PathBuf {
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("01.md"), CHAPTER).unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Languages\nauthors: [A. Writer]\nlanguage: en\n",
    )
    .unwrap();
    book
}

fn entry(epub: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn other_languages_and_asides_in_both_editions() {
    let dir = common::scratch("languages-in-text");
    let book = book(&dir);
    let out = dir.join("out");
    let built = pipeline::build(&book, &out, &[Format::Epub, Format::Pdf])
        .unwrap_or_else(|e| panic!("{e}"));
    let epub = &built[0].path;
    let xhtml = entry(epub, "OEBPS/ch01.xhtml");
    for wanted in [
        "“hello”",
        "<span lang=\"de\" xml:lang=\"de\">in German, „Guten Tag“</span>",
        "Don’t",
        "<div lang=\"fr\" xml:lang=\"fr\">",
        "«\u{202F}bonjour\u{202F}»",
        "<div class=\"aside note\">",
        "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
        "<div class=\"aside warning\" lang=\"de\" xml:lang=\"de\">",
        "„Achtung“",
    ] {
        assert!(xhtml.contains(wanted), "{wanted} in {xhtml}");
    }
    assert!(
        !xhtml.contains(":::") && !xhtml.contains("terbit:div"),
        "{xhtml}"
    );
    common::assert_epubcheck_passes(epub);

    if common::tool("pdftotext").is_none() {
        return;
    }
    let pdf = &built[1].path;
    let pages = common::pdf_pages(pdf);
    let words: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.words)
        .map(|w| w.text.as_str())
        .collect();
    let text = words.join(" ");
    for wanted in [
        "„Guten",
        "Tag“.",
        "„Achtung“.",
        "“hello”",
        "bonjour",
        "Ctrl",
    ] {
        assert!(text.contains(wanted), "{wanted} in {text}");
    }
    assert!(!text.contains(":::") && !text.contains("terbit"), "{text}");
    // The aside is indented from the text around it, as a quotation is.
    let left = |word: &str| {
        pages
            .iter()
            .flat_map(|p| &p.words)
            .find(|w| w.text.contains(word))
            .map(|w| w.x0)
            .unwrap_or_else(|| panic!("{word}"))
    };
    assert!(left("Press") > left("He") + 5.0);
}

#[test]
fn formulas_are_set_as_text_never_as_tex() {
    let dir = common::scratch("formulas-as-text");
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(
        book.join("01.md"),
        "# Formulas\n\nEinstein wrote $E = mc^2$; the sum is $\\frac{n(n+1)}{2}$ for \
         $n \\in \\mathbb{N}$. It costs $5 and $10.\n\n$$\n\\int_0^\\infty e^{-x^2}\\,dx = \
         \\frac{\\sqrt{\\pi}}{2}\n$$\n",
    )
    .unwrap();
    std::fs::write(
        book.join("book.yaml"),
        "title: Formulas\nauthors: [A. Writer]\nlanguage: en\n",
    )
    .unwrap();
    let out = dir.join("out");
    let built = pipeline::build(&book, &out, &[Format::Epub, Format::Pdf])
        .unwrap_or_else(|e| panic!("{e}"));
    let xhtml = entry(&built[0].path, "OEBPS/ch01.xhtml");
    assert!(!xhtml.contains('\\') && !xhtml.contains("$E"), "{xhtml}");
    for wanted in [
        "<span class=\"math\"><em>E</em> = <em>mc</em><sup>2</sup></span>",
        "<em>n</em>(<em>n</em> + 1)/2",
        "ℕ",
        "It costs $5 and $10.",
        "<span class=\"math display\">∫",
        "√<em>π</em>/2",
    ] {
        assert!(xhtml.contains(wanted), "{wanted} in {xhtml}");
    }
    common::assert_epubcheck_passes(&built[0].path);
    if common::tool("pdftotext").is_none() {
        return;
    }
    let pages = common::pdf_pages(&built[1].path);
    let text: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.words)
        .map(|w| w.text.as_str())
        .collect();
    let text = text.join(" ");
    assert!(!text.contains('\\') && text.contains("√π/2"), "{text}");
}
