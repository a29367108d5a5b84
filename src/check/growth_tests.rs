//! The checks' work grows linearly with the book: each shape of input that was quadratic (a
//! one-line paragraph of megabytes, a text repeated, thousands of unresolved links, brackets
//! closed by the wrong kind, `a)a)a)…`, thousands of authors with quotes) is checked at n and 4n
//! and the steps counted (`super::step`), never the time. And the report of a small book with
//! every kind of finding is what it was before the checks were made linear.

use std::path::{Path, PathBuf};

use super::text::scan;
use super::*;

/// The steps `f` takes.
fn steps(f: impl FnOnce()) -> u64 {
    STEPS.with(|s| s.set(0));
    f();
    STEPS.with(|s| s.get())
}

/// Steps at n and 4n, asserting linear growth (4 within slack for constant costs).
fn assert_linear(what: &str, n: usize, run: impl Fn(usize) -> u64) {
    let (a, b) = (run(n), run(4 * n));
    let ratio = b as f64 / a.max(1) as f64;
    assert!(
        ratio <= 4.5,
        "{what}: {a} steps at n = {n}, {b} at 4n: ratio {ratio:.1}, not linear"
    );
}

fn scan_steps(text: &str) -> u64 {
    steps(|| {
        scan(Path::new("a.md"), text, Language::Indonesian);
    })
}

const WORDS: &[&str] = &[
    "kerja",
    "sama",
    "antara",
    "Turki",
    "dan",
    "dan",
    "negara",
    "negara",
    "it's",
    "\"Asia\"",
    "(Tengah",
    "telah]",
    "a)",
    "‘berkembang’",
    "“pesat",
    "dalam",
];

fn prose(words: usize) -> String {
    (0..words)
        .map(|i| WORDS[(i * 7) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn one_long_paragraph_is_checked_in_linear_steps() {
    assert_linear("one paragraph on one line", 5_000, |n| {
        scan_steps(&prose(n))
    });
}

#[test]
fn many_paragraphs_and_a_repeated_text_are_checked_in_linear_steps() {
    assert_linear("paragraphs", 2_000, |n| {
        let text: Vec<String> = (0..n).map(|_| prose(12)).collect();
        scan_steps(&text.join("\n\n"))
    });
    let chapter = include_str!("../../manuscript/01-kemitraan-untuk-perdamaian.md");
    assert_linear("the manuscript repeated", 4, |n| {
        scan_steps(&chapter.repeat(n))
    });
}

#[test]
fn brackets_enumerators_and_quotes_are_checked_in_linear_steps() {
    assert_linear("( then ]", 5_000, |n| {
        scan_steps(&("(".repeat(n) + &"]".repeat(n)))
    });
    assert_linear("a)a)a)…", 5_000, |n| scan_steps(&"a)".repeat(n)));
    assert_linear("quotes", 5_000, |n| scan_steps(&"'\"‘“ ".repeat(n)));
    assert_linear("apostrophes in one word", 5_000, |n| {
        scan_steps(&"a'".repeat(n))
    });
    assert_linear("paragraphs opening quotes", 2_000, |n| {
        scan_steps(&"“buka (kurung [siku\n\n".repeat(n))
    });
}

/// A book in a fresh folder: `files` as (name, contents).
fn book(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("terbit-check-growth-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const YAML: &str = "title: Uji\nlanguage: id\n";

#[test]
fn unresolved_links_are_checked_in_linear_steps() {
    assert_linear("unresolved links", 1_000, |n| {
        let links: Vec<String> = (0..n)
            .map(|i| format!("[t{i:05}](#tidak-ada-{i:05})"))
            .collect();
        let dir = book(
            &format!("links-{n}"),
            &[
                ("book.yaml", YAML.into()),
                ("01.md", links.join(" ") + "\n"),
            ],
        );
        steps(|| {
            let report = check(&dir);
            assert_eq!(report.errors(), n, "every link reported");
        })
    });
}

#[test]
fn authors_with_straight_quotes_are_checked_in_linear_steps() {
    assert_linear("authors", 500, |n| {
        let authors: String = (0..n).map(|i| format!("  - \"Ana 'x' {i}\"\n")).collect();
        let yaml = format!("{YAML}authors:\n{authors}");
        let dir = book(
            &format!("authors-{n}"),
            &[("book.yaml", yaml), ("01.md", "Teks.\n".into())],
        );
        steps(|| {
            check(&dir);
        })
    });
}

#[test]
fn each_check_shows_its_first_findings_and_counts_the_rest() {
    let n = 3 * SHOWN_PER_CHECK + 7;
    let dir = book(
        "capped",
        &[
            ("book.yaml", YAML.into()),
            ("01.md", "kata \"x\" ".repeat(n) + "\n"),
        ],
    );
    let report = check(&dir);
    let quotes: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.kind == Kind::StraightQuote)
        .collect();
    assert_eq!(quotes.len(), SHOWN_PER_CHECK + 1);
    let last = quotes[SHOWN_PER_CHECK];
    let hidden = 2 * n - SHOWN_PER_CHECK;
    assert_eq!(last.not_shown, hidden);
    // The line stands where the first finding not shown is: the 101st quote, column 9·50+6.
    assert_eq!((last.diagnostic.line, last.diagnostic.column), (1, 456));
    assert!(
        last.diagnostic.message.starts_with(&format!(
            "{hidden} more `straight-quote` findings from here on"
        )),
        "{}",
        last.diagnostic
    );
    // The shown ones are the first, in order; the counts are of every finding.
    assert!(quotes[..SHOWN_PER_CHECK].iter().all(|f| f.not_shown == 0));
    assert_eq!(quotes[SHOWN_PER_CHECK - 1].diagnostic.column, 9 * 49 + 8);
    // And the book's metadata and print findings (its few pages, under KDP's 24).
    let metadata = report
        .findings
        .iter()
        .filter(|f| matches!(f.kind, Kind::Metadata | Kind::Print))
        .count();
    assert_eq!(report.warnings(), 2 * n + metadata);
    assert!(
        report
            .to_json()
            .contains(&format!("\"not_shown\": {hidden}"))
    );
}

/// A book with every kind of finding but fonts: repeated words, brackets, enumerators,
/// quotations over paragraphs, straight quotes, a line longer than the window shown, CRLF
/// lines, links, an image, lists, tables, notes, code, and metadata.
fn golden_book() -> PathBuf {
    let long = "kata lain ".repeat(20)
        + "yang yang (buka "
        + &"lagi kini ".repeat(20)
        + "tutup] \"x\" it's "
        + &"akhir baru ".repeat(20);
    let chapter = "# Satu\n\nIni proyek yang yang baik (tanpa tutup.\n\n\
         Pilih a) satu atau b) dua; x) [a (b] c. Dan ) ini.\r\nBaris \"dua\" dan it's 'baik'.\r\n\r\n\
         “Kutipan pertama\n\n“Kutipan kedua selesai.”\n\n“Tidak lanjut.\n\nParagraf lain ‘x’ ’.\n\n"
        .to_string()
        + &long
        + "\n\n\
         Lihat [hilang](#tidak-ada) dan [dua](02.md#dua) dan [salah](02.md#zz) dan [bukan](03.md).\n\n\
         ![Peta](gambar/peta.png)\n\n\
         - butir (satu\n- butir dua)\n\n| a | b |\n|---|---|\n| (x | y\" |\n\n\
         Catatan[^1] dan dan.\n\n[^1]: Isi { catatan.\n\n```\nkode \"x\" (\n```\n";
    let dir = book(
        "gold",
        &[
            (
                "book.yaml",
                "title: Buku \"Uji\"\nlanguage: id\nauthors: [\"Ana 'Ani'\", Budi]\nisbn:\n  \
                 epub: 978-3-16-148410-1\nsubtitle: Kata 'x'\n"
                    .into(),
            ),
            ("01.md", chapter),
            ("02.md", "# Dua {#dua}\n\nTeks “terakhir\n".into()),
        ],
    );
    let png = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epub-fixture/gambar/peta.png");
    std::fs::create_dir_all(dir.join("gambar")).unwrap();
    std::fs::copy(png, dir.join("gambar/peta.png")).unwrap();
    dir
}

#[test]
fn the_report_of_a_small_book_is_as_before() {
    let dir = golden_book();
    let prefix = format!("{}/", dir.parent().unwrap().display());
    let got = check(&dir).to_text().replace(&prefix, "");
    // `terbit check gold` before the checks were made linear, byte for byte.
    assert_eq!(got, GOLDEN);
}

const GOLDEN: &str = r#"warning: gold/01.md:3:17: the word `yang` is repeated — delete one of them
  |
3 | Ini proyek yang yang baik (tanpa tutup.
  |                 ^
warning: gold/01.md:3:27: `(` is not closed in this paragraph — add the `)` that closes it, or remove it
  |
3 | Ini proyek yang yang baik (tanpa tutup.
  |                           ^
warning: gold/01.md:5:34: `(` is not closed in this paragraph — add the `)` that closes it, or remove it
  |
5 | Pilih a) satu atau b) dua; x) [a (b] c. Dan ) ini.
  |                                  ^
warning: gold/01.md:5:45: `)` closes nothing in this paragraph — add the `(` it closes, or remove it
  |
5 | Pilih a) satu atau b) dua; x) [a (b] c. Dan ) ini.
  |                                             ^
warning: gold/01.md:6:7: straight double quote `"` — write “ to open and ” to close (the build guesses which)
  |
6 | Baris "dua" dan it's 'baik'.
  |       ^
warning: gold/01.md:6:11: straight double quote `"` — write “ to open and ” to close (the build guesses which)
  |
6 | Baris "dua" dan it's 'baik'.
  |           ^
warning: gold/01.md:6:19: straight apostrophe `'` — write the typographic apostrophe ’
  |
6 | Baris "dua" dan it's 'baik'.
  |                   ^
warning: gold/01.md:6:22: straight single quote `'` — write ‘ to open and ’ to close (the build guesses which)
  |
6 | Baris "dua" dan it's 'baik'.
  |                      ^
warning: gold/01.md:6:27: straight single quote `'` — write ‘ to open and ’ to close (the build guesses which)
  |
6 | Baris "dua" dan it's 'baik'.
  |                           ^
warning: gold/01.md:12:1: `“` is not closed in this paragraph — add the ” that closes it (a quotation running over paragraphs opens each of them with “)
   |
12 | “Tidak lanjut.
   | ^
warning: gold/01.md:16:206: the word `yang` is repeated — delete one of them
   |
16 | …lain kata lain kata lain kata lain kata lain kata lain kata lain kata lain yang yang (buka lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini…
   |                                                                                  ^
warning: gold/01.md:16:211: `(` is not closed in this paragraph — add the `)` that closes it, or remove it
   |
16 | …kata lain kata lain kata lain kata lain kata lain kata lain kata lain yang yang (buka lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi…
   |                                                                                  ^
warning: gold/01.md:16:422: `]` closes nothing in this paragraph — add the `[` it closes, or remove it
   |
16 | …kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini tutup] "x" it's akhir baru akhir baru akhir baru akhir baru akhir baru akhir baru akh…
   |                                                                                  ^
warning: gold/01.md:16:424: straight double quote `"` — write “ to open and ” to close (the build guesses which)
   |
16 | …ni lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini tutup] "x" it's akhir baru akhir baru akhir baru akhir baru akhir baru akhir baru akhir…
   |                                                                                  ^
warning: gold/01.md:16:426: straight double quote `"` — write “ to open and ” to close (the build guesses which)
   |
16 | … lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini tutup] "x" it's akhir baru akhir baru akhir baru akhir baru akhir baru akhir baru akhir b…
   |                                                                                  ^
warning: gold/01.md:16:430: straight apostrophe `'` — write the typographic apostrophe ’
   |
16 | …i kini lagi kini lagi kini lagi kini lagi kini lagi kini lagi kini tutup] "x" it's akhir baru akhir baru akhir baru akhir baru akhir baru akhir baru akhir baru …
   |                                                                                  ^
error: gold/01.md:18:7: no heading or note `#tidak-ada` in this chapter — link to `#id` of a heading (`## Title {#id}`, or its words in lower case joined by `-`), or to `chapter.md#id`
   |
18 | Lihat [hilang](#tidak-ada) dan [dua](02.md#dua) dan [salah](02.md#zz) dan [bukan](03.md).
   |       ^
error: gold/01.md:18:53: no heading or note `#zz` in `02.md`: the link leads to the chapter's start — link to `#id` of a heading (`## Title {#id}`, or its words in lower case joined by `-`), or to `chapter.md#id`
   |
18 | Lihat [hilang](#tidak-ada) dan [dua](02.md#dua) dan [salah](02.md#zz) dan [bukan](03.md).
   |                                                     ^
error: gold/01.md:18:75: `03.md` is not a chapter of this book — link to `#id` of a heading (`## Title {#id}`, or its words in lower case joined by `-`), or to `chapter.md#id`
   |
18 | Lihat [hilang](#tidak-ada) dan [dua](02.md#dua) dan [salah](02.md#zz) dan [bukan](03.md).
   |                                                                           ^
warning: gold/01.md:20:1: `gambar/peta.png` prints at 72 dpi (4 pixels over 0.06 in), under 300 — give it at least 17 pixels across for print
   |
20 | ![Peta](gambar/peta.png)
   | ^
warning: gold/01.md:22:9: `(` is not closed in this paragraph — add the `)` that closes it, or remove it
   |
22 | - butir (satu
   |         ^
warning: gold/01.md:27:3: `(` is not closed in this paragraph — add the `)` that closes it, or remove it
   |
27 | | (x | y" |
   |   ^
warning: gold/01.md:27:9: straight double quote `"` — write “ to open and ” to close (the build guesses which)
   |
27 | | (x | y" |
   |         ^
warning: gold/01.md:27:9: straight double quote `"` is not closed in this paragraph — add the quote that closes it
   |
27 | | (x | y" |
   |         ^
warning: gold/01.md:29:17: the word `dan` is repeated — delete one of them
   |
29 | Catatan[^1] dan dan.
   |                 ^
warning: gold/01.md:31:11: `{` is not closed in this paragraph — add the `}` that closes it, or remove it
   |
31 | [^1]: Isi { catatan.
   |           ^
warning: gold/02.md:3:6: `“` is not closed in this paragraph — add the ” that closes it (a quotation running over paragraphs opens each of them with “)
  |
3 | Teks “terakhir
  |      ^
warning: gold/book.yaml:1:1: no `identifier`: the one terbit derives changes whenever the title or authors do — add `identifier: urn:uuid:…` once and keep it (terbit init writes one)
  |
1 | title: Buku "Uji"
  | ^
warning: gold/book.yaml:1:1: no `description`: shops show it on the book's page and require one — add `description:` with two or three sentences about the book
  |
1 | title: Buku "Uji"
  | ^
warning: gold/book.yaml:1:1: no `cover`: terbit draws a typographic one, but shops want the book's own — add `cover: cover.jpg`, at least 1600×2560 pixels
  |
1 | title: Buku "Uji"
  | ^
warning: gold/book.yaml:1:1: straight double quote `"` in `title`: book.yaml's values are shown as written (cover, title page, the shops' metadata) — write “ to open and ” to close
  |
1 | title: Buku "Uji"
  | ^
warning: gold/book.yaml:1:1: the print edition has 7 pages: KDP prints no fewer than 24, and the build ends it with 17 blank pages — accept the blank pages, or choose a smaller trim size or a larger type
  |
1 | title: Buku "Uji"
  | ^
warning: gold/book.yaml:3:1: straight single quote or apostrophe `'` in `authors`: book.yaml's values are shown as written (cover, title page, the shops' metadata) — write ‘ to open and ’ to close, ’ for an apostrophe
  |
3 | authors: ["Ana 'Ani'", Budi]
  | ^
error: gold/book.yaml:5:9: `978-3-16-148410-1` is not a valid ISBN (its check digit is wrong) — copy the ISBN again from its registration
  |
5 |   epub: 978-3-16-148410-1
  |         ^
warning: gold/book.yaml:6:1: straight single quote or apostrophe `'` in `subtitle`: book.yaml's values are shown as written (cover, title page, the shops' metadata) — write ‘ to open and ’ to close, ’ for an apostrophe
  |
6 | subtitle: Kata 'x'
  | ^
check: 4 errors, 31 warnings
"#;
