//! Emoji, arrows and mathematical signs in a book set in Gentium (issue 14): drawn by the bundled
//! fallback fonts in both PDFs (embedded as subsets, extractable as text), embedded and named in
//! the EPUB's font stacks, and each fallback used named by the build; characters no font has
//! are a warning, never a refused book.

mod common;

use std::io::Read;
use std::process::Command;

const CHAPTER: &str = "# Emoji\n\nA cat 😻 and a siren 🚨, signs ∲ ℋ, Hebrew שלום.\n\n\
                       ```\nprintln!(\"👍 done\");\n```\n";

/// A book in `dir/book` (a fresh folder named `name`) with `yaml` and one chapter `md`.
fn book(name: &str, yaml: &str, md: &str) -> std::path::PathBuf {
    let dir = common::scratch(name);
    std::fs::create_dir_all(dir.join("book")).unwrap();
    std::fs::write(dir.join("book/book.yaml"), yaml).unwrap();
    std::fs::write(dir.join("book/01.md"), md).unwrap();
    dir
}

#[test]
fn emoji_and_signs_are_drawn_by_the_fallbacks_in_every_output() {
    let dir = book(
        "fallback-fonts",
        "title: Emoji\nlanguage: en\nauthors: [A]\n",
        CHAPTER,
    );
    let err = common::terbit_ok(
        &["build", "--ignore-system-fonts", "book", "-o", "out"],
        &dir,
    );
    // One note per fallback used; Hebrew, which no bundled font has, is a warning.
    assert!(
        err.contains("note: Noto Emoji (bundled) drew 3 characters: 😻 🚨 👍"),
        "{err}"
    );
    assert!(
        err.contains("note: Noto Sans Math (bundled) drew 2 characters: ∲ ℋ"),
        "{err}"
    );
    assert!(
        err.contains("warning: book/01.md:3:42: 4 characters that no font"),
        "{err}"
    );
    assert!(!err.contains("U+1F63B"), "the emoji is drawn: {err}");

    for pdf in ["out/emoji.pdf", "out/emoji-print.pdf"] {
        let pdf = dir.join(pdf);
        if common::tool("pdffonts").is_some() {
            let out = Command::new("pdffonts").arg(&pdf).output().unwrap();
            let fonts = String::from_utf8_lossy(&out.stdout);
            for name in ["+NotoEmoji-Regular ", "+NotoSansMath-Regular "] {
                let line = fonts.lines().find(|l| l.contains(name));
                // Embedded, subset, with a Unicode map.
                assert!(
                    line.is_some_and(|l| l.contains("yes yes yes")),
                    "{name}: {fonts}"
                );
            }
        }
        if common::tool("pdftotext").is_some() {
            let out = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            for word in ["cat 😻 and", "siren 🚨,", "∲ ℋ", "println!(\"👍 done\");"] {
                assert!(text.contains(word), "{word} in {text}");
            }
        }
    }

    let epub = std::fs::read(dir.join("out/emoji.epub")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("fonts/NotoEmoji-Regular.ttf")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.ends_with("fonts/NotoSansMath-Regular.ttf")),
        "{names:?}"
    );
    let css_name = names.iter().find(|n| n.ends_with(".css")).unwrap().clone();
    let mut css = String::new();
    zip.by_name(&css_name)
        .unwrap()
        .read_to_string(&mut css)
        .unwrap();
    assert!(
        css.contains("body { font-family: \"Gentium Book Plus\", \"Noto Sans Math\", \"Noto Emoji\", serif; }"),
        "{css}"
    );
    common::assert_epubcheck_passes(&dir.join("out/emoji.epub"));
}

#[test]
fn running_heads_draw_their_emoji_with_the_fallback() {
    let para = "Kucing itu tidur di atas meja dan bermimpi tentang ikan yang berenang. ";
    let text = format!("# Bab Kucing 🐈\n\n{}\n", [para; 400].join("\n\n"));
    let yaml = "title: Kucing 😻 Buku\nlanguage: id\nauthors: [A]\n";
    let dir = book("fallback-heads", yaml, &text);
    let run = common::terbit(
        &[
            "build",
            "--ignore-system-fonts",
            "--format",
            "pdf",
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
    let pages = common::pdf_pages(&dir.join("out/kucing-buku.pdf"));
    // A page past the chapter's opening: its running head, in spaced capitals, holds the cat.
    let heads: Vec<String> = pages
        .iter()
        .map(|p| {
            let top = p.words.iter().map(|w| w.y0).fold(f32::MAX, f32::min);
            p.words
                .iter()
                .filter(|w| w.y0 - top < 2.0)
                .map(|w| w.text.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        heads
            .iter()
            .any(|h| h.contains("KUCING") && h.contains('🐈')),
        "{heads:?}"
    );
    assert!(
        heads.iter().any(|h| h.contains("BUKU") && h.contains('😻')),
        "{heads:?}"
    );
}

#[test]
fn emoji_sequences_are_drawn_whole_by_the_emoji_font() {
    // Rust's crab (missing from Noto Emoji 1.05), a keycap the text font has the digit of,
    // a skin tone, a family joined by ZWJ and a flag: no box, no warning.
    let dir = book(
        "emoji-sequences",
        "title: Yengeç\nlanguage: tr\n",
        "# Yengeç 🦀\n\nBir yengeç 🦀, madalya 🏅, başparmak 👍🏽, tuş 1️⃣, aile 👨‍👩‍👧, bayrak 🇹🇷.\n\n\
         ```rust\nassert_eq!(\"🦀\", \"🐟\");\n```\n",
    );
    let err = common::terbit_ok(
        &["build", "--ignore-system-fonts", "book", "-o", "out"],
        &dir,
    );
    assert!(!err.contains("warning"), "{err}");
    assert!(err.contains("note: Noto Emoji (bundled) drew"), "{err}");
    let pdf = dir.join("out/yengec.pdf");
    if common::tool("pdftotext").is_some() {
        let out = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // Each glyph's text is its cluster's: a box would have none.
        for want in [
            "yengeç 🦀,",
            "madalya 🏅,",
            "başparmak 👍🏽,",
            "tuş 1️⃣",
            "aile 👨‍👩‍👧,",
            "bayrak 🇹🇷.",
            "assert_eq!(\"🦀\", \"🐟\");",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
    }
}
