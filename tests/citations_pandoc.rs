//! terbit's citations against pandoc's: the same bibliography and CSL style formatted by
//! `pandoc --citeproc` and by terbit, every in-text citation and every reference-list entry
//! compared as text (white space made one), in Indonesian and Turkish, with APA and Chicago
//! author-date. pandoc is the reference academic authors compare with; CI installs it (3.9,
//! the PyPI package pypandoc-binary). The differences README's "Citations" table counts are
//! made by `bench/citations-vs-pandoc.py` on the same files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/citations");

/// The keys of a bibliography, as pandoc reads them.
fn keys(bib: &Path) -> Vec<String> {
    let out = Command::new("pandoc")
        .args([bib.to_str().unwrap(), "-t", "csljson"])
        .output()
        .expect("pandoc runs");
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).expect("CSL-JSON");
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

/// Citations beyond one key each: several works, locators, prefixes, suppressed authors, in
/// the sentence.
fn mixed(keys: &[String]) -> Vec<String> {
    let k = |i: usize| keys[i % keys.len()].as_str();
    vec![
        format!("[@{}; @{}]", k(0), k(1)),
        format!("[see @{}, 33; @{}, 4-5 and passim]", k(2), k(3)),
        format!("[-@{}]", k(4)),
        format!("@{} says", k(5)),
        format!("@{} [33] says", k(6)),
        format!("[@{}, 12]", k(7)),
    ]
}

/// The book's text: each citation a paragraph of its own, numbered.
fn chapter(keys: &[String]) -> String {
    let mut text = String::from("# Bab\n\n");
    for (n, key) in keys.iter().enumerate() {
        text.push_str(&format!("C{n} [@{key}]\n\n"));
    }
    for (n, cite) in mixed(keys).iter().enumerate() {
        text.push_str(&format!("M{n} {cite}\n\n"));
    }
    text
}

/// pandoc's citations (by their paragraph's label) and reference entries, from its HTML (its
/// plain-text writer marks superscripts `^(…)` and capitalizes small capitals).
fn pandoc(dir: &Path, bib: &str, style: &str, lang: &str) -> (Vec<String>, Vec<String>) {
    let out = Command::new("pandoc")
        .current_dir(dir)
        .args([
            "bab.md",
            "--citeproc",
            "--bibliography",
            bib,
            "--csl",
            style,
            "-M",
            &format!("lang={lang}"),
            "-t",
            "html",
            "--wrap=none",
        ])
        .output()
        .expect("pandoc runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    let cites = html
        .split("<p>")
        .skip(1)
        .map(|p| text_of(p.split("</p>").next().unwrap()))
        .filter(|p| is_cite(p))
        .collect();
    let refs = html
        .split("class=\"csl-entry\"")
        .skip(1)
        .map(|e| text_of(&e[e.find('>').unwrap() + 1..e.find("</div>").unwrap()]))
        .map(|e| turkish_capital(&e))
        .collect();
    (cites, refs)
}

/// pandoc capitalizes "içinde" (Turkish "in", before an edited book) as "Içinde", the capital
/// of a dotless ı; terbit writes the Turkish capital "İçinde". The one difference kept on
/// purpose.
fn turkish_capital(entry: &str) -> String {
    entry.replace("Içinde", "İçinde")
}

fn is_cite(p: &str) -> bool {
    let label = p.split(' ').next().unwrap_or("");
    label.len() > 1
        && label.starts_with(['C', 'M'])
        && label[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The text of XHTML (see `common::xhtml_text`).
fn text_of(xhtml: &str) -> String {
    common::xhtml_text(xhtml)
}

/// terbit's citations and reference entries, from its EPUB.
fn terbit(dir: &Path) -> (Vec<String>, Vec<String>) {
    let out = dir.join("out");
    common::terbit_ok(
        &[
            "build",
            dir.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "epub",
        ],
        Path::new("."),
    );
    let read = |name: &str| common::epub_entry(&out.join("t.epub"), name);
    let body = read("OEBPS/ch01.xhtml");
    let list = read("OEBPS/ch02.xhtml");
    let cites = body
        .split("<p>")
        .skip(1)
        .map(|p| text_of(p.split("</p>").next().unwrap()))
        .filter(|p| is_cite(p))
        .collect();
    let refs = list
        .split("<li id=\"ref-")
        .skip(1)
        .map(|e| text_of(&e[e.find('>').unwrap() + 1..e.find("</li>").unwrap()]))
        .collect();
    (cites, refs)
}

/// Compare pandoc's and terbit's formatting of `bib` in `style` and `lang`; returns the
/// differences, each pandoc's line then terbit's.
fn compare(bib: &str, style: &str, lang: &str) -> Vec<String> {
    let dir: PathBuf = common::scratch(&format!("pandoc-{bib}-{style}-{lang}"));
    for file in [bib, style] {
        std::fs::copy(Path::new(DATA).join(file), dir.join(file)).unwrap();
    }
    let keys = keys(&dir.join(bib));
    std::fs::write(dir.join("bab.md"), chapter(&keys)).unwrap();
    std::fs::write(
        dir.join("book.yaml"),
        format!(
            "title: T\nlanguage: {lang}\nbibliography: {bib}\ncsl: {style}\nchapters: [bab.md]\n"
        ),
    )
    .unwrap();
    let (p_cites, p_refs) = pandoc(&dir, bib, style, lang);
    let (t_cites, t_refs) = terbit(&dir);
    assert_eq!(p_cites.len(), keys.len() + mixed(&keys).len());
    assert_eq!(
        p_refs.len(),
        t_refs.len(),
        "entries listed: {p_refs:#?}\n{t_refs:#?}"
    );
    let mut differ = Vec::new();
    for (p, t) in p_cites
        .iter()
        .zip(&t_cites)
        .chain(p_refs.iter().zip(&t_refs))
    {
        if p != t {
            differ.push(format!("pandoc: {p}\nterbit: {t}"));
        }
    }
    assert_eq!(t_cites.len(), p_cites.len(), "{t_cites:#?}");
    differ
}

#[test]
fn citations_and_entries_equal_pandocs_in_indonesian_and_turkish() {
    let Some(()) = common::tool("pandoc") else {
        return;
    };
    let mut report = String::new();
    let mut total = 0;
    for bib in ["works.bib", "skripsi-template.bib", "biblatex-examples.bib"] {
        for style in ["apa.csl", "chicago-author-date.csl"] {
            for lang in ["id-ID", "tr-TR"] {
                let differ = compare(bib, style, lang);
                total += differ.len();
                for d in differ {
                    report.push_str(&format!("{bib} {style} {lang}\n{d}\n\n"));
                }
            }
        }
    }
    assert_eq!(total, 0, "{total} differ:\n{report}");
}
