//! Chinese and Japanese text, which puts no spaces between words, breaks between its characters
//! (and where it meets Latin words, also when the two are drawn by different fonts) and never
//! runs past the margin. The characters are drawn by a small subset of Noto Sans CJK in
//! tests/data/fonts (SIL Open Font License).

mod common;

use std::path::Path;

#[test]
fn chinese_text_breaks_between_characters_and_stays_inside_the_page() {
    let dir = common::scratch("cjk-lines");
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("book.yaml"), "title: Zhong\nlanguage: zh-CN\n").unwrap();
    // Chinese in the fallback font, Latin words in Gentium, without spaces between them: each
    // meeting of the two is a place a line may break (the full-width comma too).
    let sentence = "中文字本書中文字本書，safety、中文字本書speed中文字本書。";
    let md = format!("# Zhong\n\n{}\n", sentence.repeat(30));
    std::fs::write(book.join("01.md"), &md).unwrap();
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fonts");
    let run = common::terbit(
        &[
            "build",
            "--ignore-system-fonts",
            "--font-path",
            fonts.to_str().unwrap(),
            "--format",
            "pdf,print",
            "book",
            "-o",
            "out",
        ],
        &dir,
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    if common::tool("pdftotext").is_none() {
        return;
    }
    for pdf in ["out/zhong.pdf", "out/zhong-print.pdf"] {
        let pages = common::pdf_pages(&dir.join(pdf));
        let mut ideographs = 0;
        let mut lines = std::collections::BTreeSet::new();
        for (n, page) in pages.iter().enumerate() {
            for w in &page.words {
                assert!(
                    w.x0 >= 0.0 && w.x1 <= page.width - 30.0,
                    "{pdf} page {}: `{}` runs to {} of {}",
                    n + 1,
                    w.text,
                    w.x1,
                    page.width
                );
                ideographs += w.text.chars().filter(|c| "中文字本書".contains(*c)).count();
                if w.text.contains('中') {
                    lines.insert((n, (w.y0 * 10.0) as i64));
                }
            }
        }
        // Every character is there (the title's none), on many lines.
        assert_eq!(ideographs, 30 * 20, "{pdf}");
        assert!(lines.len() >= 8, "{pdf}: {} lines", lines.len());
    }
}
