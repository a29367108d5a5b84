//! The prose checks on small texts: what they find, where, and what they leave alone.

use super::*;

fn found(text: &str) -> Vec<(Kind, usize, usize, String)> {
    scan(Path::new("a.md"), text, Language::Indonesian)
        .findings
        .into_iter()
        .map(|f| {
            let d = f.diagnostic;
            (f.kind, d.line, d.column, d.message)
        })
        .collect()
}

fn kinds(text: &str) -> Vec<Kind> {
    found(text).into_iter().map(|f| f.0).collect()
}

#[test]
fn repeated_words_are_found_across_lines_and_cases() {
    let f = found("Ini proyek yang yang baik.\n\nDan Dan juga\nitu itu.\n");
    let places: Vec<(usize, usize)> = f.iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(places, vec![(1, 17), (3, 5), (4, 5)], "{f:?}");
    assert!(f[0].3.contains("`yang`"), "{f:?}");
    // Turkish lower case: "KIŞ kış" is one word twice.
    let tr = scan(Path::new("a.md"), "KIŞ kış geldi.\n", Language::Turkish);
    assert_eq!(tr.findings.len(), 1);
}

#[test]
fn repetitions_that_are_not_mistakes_pass() {
    // Reduplication with a hyphen, punctuation between, numbers, code, new paragraphs.
    let text = "anak-anak, ya, ya. Nomor 5 5 tidak. `x x` dan\n\n```\nb b\n```\n\nkata\n\nkata\n";
    assert!(kinds(text).is_empty(), "{:?}", found(text));
}

#[test]
fn brackets_and_quotes_must_close_in_their_paragraph() {
    let f = found("Ini (tidak ditutup.\n\nIni ditutup) tidak dibuka.\n\n[a (b] c.\n");
    let got: Vec<(usize, usize)> = f.iter().map(|f| (f.1, f.2)).collect();
    assert_eq!(got, vec![(1, 5), (3, 12), (5, 4)], "{f:?}");
    assert!(f.iter().all(|f| f.0 == Kind::Unbalanced));
    assert!(f[0].3.contains("`(` is not closed"), "{f:?}");
    assert!(f[1].3.contains("`)` closes nothing"), "{f:?}");
}

#[test]
fn balanced_text_enumerators_and_apostrophes_pass() {
    let text = "Dia (yang “datang” [kemarin]) pergi. Pilih a) satu atau b) dua.\n\n\
                İstanbul’da ‘kutipan’ {x}. [Tautan](https://contoh.id/(a)) dan ![gambar](g.png).\n";
    assert!(kinds(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_quotation_may_run_over_paragraphs() {
    let text = "“Paragraf pertama kutipan.\n\n“Paragraf kedua, lalu selesai.”\n";
    assert!(kinds(text).is_empty(), "{:?}", found(text));
    let f = found("“Tidak ditutup.\n\nParagraf lain.\n");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].1, f[0].2), (1, 1));
}

#[test]
fn straight_quotes_are_flagged_with_the_marks_to_use() {
    let f = scan(
        Path::new("a.md"),
        "Dia berkata \"ya\" dan it's 'baik'.\n",
        Language::Indonesian,
    )
    .findings;
    let kinds: Vec<Kind> = f.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, vec![Kind::StraightQuote; 5], "{f:?}");
    assert_eq!(f[0].diagnostic.column, 13);
    assert!(f[0].diagnostic.help.as_deref().unwrap().contains('“'));
    assert!(f[2].diagnostic.message.contains("apostrophe"), "{f:?}");
    // An odd straight quote is also unbalanced.
    let f = found("Dia berkata \"ya dan pergi.\n");
    assert!(f.iter().any(|f| f.0 == Kind::Unbalanced), "{f:?}");
}

#[test]
fn quotes_in_code_and_html_are_not_prose() {
    let text = "Kode `a \"b\" (c` dan\n\n```\nx = \"y\" (\n```\n\n<div class=\"a\">\n</div>\n";
    assert!(kinds(text).is_empty(), "{:?}", found(text));
}
