//! Bounded work (issue 12): each shape of chapter that once took time or memory growing with
//! the square of its size (or never finished) is built at n and at 4n — the document, the EPUB
//! and the screen PDF, in this process — and the work of both builds compared, never their
//! time. Work is counted three ways, each of which a quadratic step shows as a ratio near 16:
//! - steps: what the stages that scan and search add to `terbit::work` (HTML scanned, lines
//!   weighed by the line breaker, glyphs shaped, places located);
//! - bytes allocated, by every thread (a counting allocator wraps the system's);
//! - the peak of bytes live at once (memory in proportion to the book).
//!
//! Linear work gives about 4; the bound is 4.5, and a book's fixed costs (fonts, the EPUB's
//! frame) only lower the ratio. `bench/bounded.py` times the same shapes, larger, with the
//! release binary.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use terbit::manuscript::{ChapterSource, Manuscript, config};

/// The system allocator, counting what it hands out.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(size: usize) {
    ALLOCATED.fetch_add(size, Relaxed);
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The work of one build.
#[derive(Debug, Clone, Copy)]
struct Work {
    steps: u64,
    allocated: usize,
    /// Peak live bytes above what was live before the build.
    peak: usize,
}

/// Build `chapter` as a book in `language`: the document, the EPUB and the screen PDF.
fn work_of(language: &str, chapter: &str) -> Work {
    work_of_book(&book_of(language, chapter, ""))
}

/// A book in `language` of one chapter, its `book.yaml` ending with `more`.
fn book_of(language: &str, chapter: &str, more: &str) -> Manuscript {
    let dir = std::env::temp_dir().join(format!("terbit-growth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let yaml = format!("title: Uji Batas\nlanguage: {language}\n{more}");
    let config = config::parse(Path::new("book.yaml"), &yaml).expect("book.yaml");
    Manuscript {
        dir: dir.clone(),
        config,
        chapters: vec![ChapterSource {
            path: dir.join("01.md"),
            text: chapter.to_string(),
        }],
        references: Default::default(),
    }
}

/// The work of building `manuscript`: the document, the EPUB and the screen PDF.
fn work_of_book(manuscript: &Manuscript) -> Work {
    let manuscript = manuscript.clone();
    let (steps, allocated, live) = (
        terbit::work::steps(),
        ALLOCATED.load(Relaxed),
        LIVE.load(Relaxed),
    );
    PEAK.store(live, Relaxed);
    {
        let (book, _warnings) =
            terbit::document::build_with_warnings(&manuscript).expect("the document builds");
        let undrawn = terbit::document::coverage::check(
            &book,
            &manuscript,
            &terbit::fonts::FontSet::bundled(),
        );
        assert!(undrawn.is_none(), "every character drawn: {undrawn:?}");
        let epub = terbit::epub::write(&book).expect("the EPUB is made");
        let pdf =
            terbit::pipeline::pdf_bytes(&book, terbit::pdf::Edition::Screen).expect("the PDF");
        assert!(!epub.is_empty() && !pdf.is_empty());
    }
    Work {
        steps: terbit::work::steps() - steps,
        allocated: ALLOCATED.load(Relaxed) - allocated,
        peak: PEAK.load(Relaxed).saturating_sub(live),
    }
}

const WORDS: &[&str] = &[
    "kerja",
    "sama",
    "antara",
    "Turki",
    "dan",
    "negara",
    "Asia",
    "Tengah",
    "telah",
    "berkembang",
    "pesat",
    "dalam",
    "bidang",
    "ekonomi",
    "budaya",
    "pendidikan",
];

fn prose(words: usize) -> String {
    (0..words)
        .map(|i| WORDS[(i * 7) % WORDS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Clusters of a letter and four combining accents, each different: longer than a glyph keeps
/// inline, so each is kept once for the process and found again by its text.
fn long_clusters(n: usize) -> String {
    let marks = [
        '\u{300}', '\u{301}', '\u{302}', '\u{303}', '\u{304}', '\u{306}', '\u{307}', '\u{308}',
    ];
    (0..n)
        .map(|i| {
            let mut s = String::from(char::from(b'a' + (i % 26) as u8));
            let mut k = i / 26;
            for _ in 0..4 {
                s.push(marks[k % marks.len()]);
                k /= marks.len();
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shapes: a name, n, the language and the chapter at a size.
type Shape = (&'static str, usize, &'static str, fn(usize) -> String);

const SHAPES: &[Shape] = &[
    // A comment never closed: its `-->` was searched for from every later `<`.
    ("html-comment-never-closed", 2_000, "en", |n| {
        format!("<div>\n{}\n", "<!--x".repeat(n))
    }),
    // A tag never closed whose quoted values each start another (`<a"` is a tag `a` with an
    // attribute `"`): every attempt read to the end of the block.
    ("html-quoted-attributes", 2_000, "en", |n| {
        format!("<div>\n<a{}\n", " x=\"<a\"".repeat(n))
    }),
    // Raw-text elements: the rest of the block was lower-cased for each.
    ("html-style-elements", 2_000, "en", |n| {
        format!("<div>\n{}\n", "<style>x</style>".repeat(n))
    }),
    // One word wider than any line, broken anywhere (past the line breaker's warm-up, as for
    // the brackets below).
    ("long-word", 8_000, "id", |n| format!("{}\n", "a".repeat(n))),
    ("long-word-in-paragraph", 3_000, "id", |n| {
        format!("{} {} {}\n", prose(100), "b".repeat(n), prose(100))
    }),
    // A long title: the running head of every page.
    ("long-word-in-heading", 3_000, "id", |n| {
        format!("# {}\n\n{}\n", "c".repeat(n), prose(2_000))
    }),
    ("backticks-and-letters", 1_500, "en", |n| {
        format!("{}\n", "`a``".repeat(n))
    }),
    // (Past a paragraph's first few thousand items: the line breaker's active list fills up
    // over them, to a size set by the measure, not by the paragraph.)
    ("open-brackets", 6_000, "en", |n| {
        format!("{}\n", "[".repeat(n))
    }),
    ("hard-breaks", 1_000, "id", |n| {
        format!("{}akhir\n", "kata  \n".repeat(n))
    }),
    ("long-paragraph", 3_000, "id", |n| format!("{}\n", prose(n))),
    // A "word" of syllables: hyphenation compared its two readings point by point (quadratic).
    ("long-word-of-syllables", 300, "id", |n| {
        format!("Kata {}\n", "abcdefghij".repeat(n))
    }),
    // Headings, each a bookmark: each was searched for among its siblings.
    ("many-headings", 300, "en", |n| {
        (0..n)
            .map(|i| format!("## Bagian {i:05}\n\nteks.\n\n"))
            .collect::<String>()
    }),
    ("many-paragraphs", 300, "id", |n| {
        (0..n)
            .map(|i| prose(10 + i % 7))
            .collect::<Vec<_>>()
            .join("\n\n")
    }),
    ("entities", 2_000, "en", |n| {
        format!("{}\n", "&amp; &copy;".repeat(n))
    }),
    ("long-clusters", 1_000, "en", long_clusters),
    // Warnings (scripts removed) on one long line: each was located from the line's start.
    ("warnings-on-one-line", 1_000, "en", |n| {
        format!("{}\n", "kata <script>x</script> ".repeat(n))
    }),
    // An address of 100 KB was copied onto every line and into every annotation it was set
    // in; past 4 KB it is no link (its text kept), and its text a long word.
    ("long-url", 8_000, "en", |n| {
        format!("<https://contoh.id/{}>\n", "a".repeat(n))
    }),
    // Words of one link: one link rectangle (a PDF annotation with the address) per word.
    ("long-linked-text", 1_000, "en", |n| {
        format!("[{}](https://contoh.id/{})\n", prose(n), "a".repeat(2_000))
    }),
    // pandoc's syntaxes read before parsing: brackets of spans never closed, inline notes
    // never closed, lines that open a multiline table that never ends.
    ("span-brackets", 2_000, "en", |n| {
        format!("{}]{{.smallcaps}}\n", "[a ".repeat(n))
    }),
    ("inline-notes-never-closed", 2_000, "en", |n| {
        format!("{}\n", "x^[y ".repeat(n))
    }),
    // Fenced divs opened and never closed (an aside in an aside…: nested no deeper than
    // the IR holds, however many).
    ("divs-never-closed", 1_000, "en", |n| {
        "::: note\ntext {#id}\n".repeat(n)
    }),
    // Formulas: roots in roots, braces in braces, never closed.
    ("formula-nesting", 2_000, "en", |n| {
        format!("${}x$ and ${}y$\n", "\\sqrt".repeat(n), "{".repeat(n))
    }),
    ("table-openings", 300, "en", |n| {
        (0..n)
            .map(|_| "\n---\nhead\n--- ---\nrow\n".to_string())
            .collect::<String>()
    }),
    ("unresolved-links", 1_000, "en", |n| {
        (0..n)
            .map(|i| format!("[t{i:05}](#tidak-ada-{i:05}) "))
            .collect::<String>()
    }),
];

/// The tests here count the whole process's allocations: they run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn work_grows_in_proportion_to_the_chapter() {
    let _alone = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let mut failures = Vec::new();
    for &(name, n, language, chapter) in SHAPES {
        let (small, large) = (chapter(n), chapter(4 * n));
        // Once at the small size first: what a process does once (fonts parsed, caches
        // filled) is not the chapter's work.
        work_of(language, &small);
        let a = work_of(language, &small);
        let b = work_of(language, &large);
        let ratio = |x: f64, y: f64| y / x.max(1.0);
        let ratios = [
            ("steps", ratio(a.steps as f64, b.steps as f64)),
            (
                "bytes allocated",
                ratio(a.allocated as f64, b.allocated as f64),
            ),
            ("peak bytes live", ratio(a.peak as f64, b.peak as f64)),
        ];
        println!("{name}: n = {n}: {a:?} → 4n: {b:?}");
        for (what, r) in ratios {
            if r > 4.5 {
                failures.push(format!("{name}: {what} grew {r:.1}× from n = {n} to 4n"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A long chapter is built holding a few times its text, not every page's glyphs: the book's
/// lines are set and cut into pages a part at a time, each page drawn as it is cut, and the
/// PDFs written to their files as they are made (README: "Memory"). The whole build, as
/// `terbit build` runs it, all three outputs. (Before: about 75 bytes per byte of text.)
#[test]
fn a_long_chapter_is_built_holding_a_few_times_its_text() {
    let _alone = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let dir = std::env::temp_dir().join(format!("terbit-memory-{}", std::process::id()));
    let (book, out) = (dir.join("buku"), dir.join("out"));
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("book.yaml"), "title: Uji Batas\nlanguage: id\n").unwrap();
    // 30,000 short paragraphs: 2.6 MB, some 1,300 pages.
    let text: String = (0..30_000).map(|_| prose(12) + "\n\n").collect();
    std::fs::write(book.join("01.md"), &text).unwrap();
    let formats = [
        terbit::pipeline::Format::Epub,
        terbit::pipeline::Format::Pdf,
        terbit::pipeline::Format::Print,
    ];
    // Once first: what a process does once (fonts parsed, caches filled) is not the book's.
    terbit::pipeline::build(&book, &out, &formats).expect("the book builds");
    let live = LIVE.load(Relaxed);
    PEAK.store(live, Relaxed);
    let outputs = terbit::pipeline::build(&book, &out, &formats).expect("the book builds");
    let peak = PEAK.load(Relaxed).saturating_sub(live);
    let pdf: usize = outputs.iter().map(|o| o.bytes).sum();
    let _ = std::fs::remove_dir_all(&dir);
    let per_byte = peak as f64 / text.len() as f64;
    println!(
        "peak {peak} bytes live for {} bytes of text ({per_byte:.1}×); outputs {pdf} bytes",
        text.len()
    );
    assert!(
        per_byte < 20.0,
        "a build of {} bytes of text held {peak} bytes at once ({per_byte:.1} per byte)",
        text.len()
    );
}

/// Citations: formatting is done for the whole book at once (numbering and disambiguation
/// look at every citation), and must stay in proportion to the number of citations, as must a
/// citation of many works.
#[test]
fn citation_work_grows_in_proportion_to_the_citations() {
    let _alone = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    let keys = [
        "ipek2020",
        "smith2019",
        "hasan2018",
        "doe2010a",
        "doe2010b",
        "who2021",
    ];
    let many = |n: usize| {
        let mut text = String::from("# Bab\n\n");
        for i in 0..n {
            text.push_str(&format!("Teks [@{}, {i}]. ", keys[i % keys.len()]));
            if i % 8 == 7 {
                text.push_str("\n\n");
            }
        }
        text
    };
    let one = |n: usize| {
        let items: Vec<String> = (0..n)
            .map(|i| format!("@{}, {i}", keys[i % keys.len()]))
            .collect();
        format!("# Bab\n\nTeks [{}].\n", items.join("; "))
    };
    type Shape<'a> = (&'a str, usize, &'a dyn Fn(usize) -> String);
    let shapes: [Shape; 2] = [
        ("many citations", 200, &many),
        ("one citation of many works", 200, &one),
    ];
    let mut failures = Vec::new();
    for (name, n, chapter) in shapes {
        let book = |text: String| {
            let mut m = book_of("id", &text, "bibliography: works.json\ncsl: apa\n");
            m.references
                .bibliographies
                .push(terbit::manuscript::references::SourceFile {
                    path: m.dir.join("works.json"),
                    text: include_str!("data/citations/works.json").to_string(),
                });
            m
        };
        let (small, large) = (book(chapter(n)), book(chapter(4 * n)));
        work_of_book(&small);
        let a = work_of_book(&small);
        let b = work_of_book(&large);
        println!("{name}: n = {n}: {a:?} → 4n: {b:?}");
        let ratio = |x: usize, y: usize| y as f64 / (x as f64).max(1.0);
        for (what, r) in [
            ("bytes allocated", ratio(a.allocated, b.allocated)),
            ("peak bytes live", ratio(a.peak, b.peak)),
        ] {
            if r > 4.5 {
                failures.push(format!("{name}: {what} grew {r:.1}× from n = {n} to 4n"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cross_reference_work_grows_in_proportion_to_the_references() {
    let _alone = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    // One paragraph of n lines, each a reference in the sentence and one in brackets (each a
    // text or a link of its own in the paragraph's list), to a handful of figures and tables.
    let chapter = |n: usize| {
        let mut text = String::from("# Bab\n\n");
        for i in 0..n {
            text.push_str(&format!("Lihat @fig:f{} dan [@tbl:t{}].\n", i % 3, i % 2));
        }
        text.push_str("\n| a |\n|---|\n| 1 |\n\n: Tabel nol {#tbl:t0}\n");
        text.push_str("\n| b |\n|---|\n| 2 |\n\n: Tabel satu {#tbl:t1}\n");
        text
    };
    let n = 300;
    let (small, large) = (
        book_of("id", &chapter(n), ""),
        book_of("id", &chapter(4 * n), ""),
    );
    // Figures without images in the book are their alt text; ids are numbered all the same.
    let with_figures = |mut m: Manuscript| {
        for k in 0..3 {
            m.chapters[0].text.push_str(&format!(
                "\n![Gambar {k}](https://example.com/{k}.png){{#fig:f{k}}}\n"
            ));
        }
        m
    };
    let (small, large) = (with_figures(small), with_figures(large));
    work_of_book(&small);
    let a = work_of_book(&small);
    let b = work_of_book(&large);
    println!("cross-references: n = {n}: {a:?} → 4n: {b:?}");
    let ratio = |x: u64, y: u64| y as f64 / (x as f64).max(1.0);
    let mut failures = Vec::new();
    for (what, r) in [
        ("steps", ratio(a.steps, b.steps)),
        (
            "bytes allocated",
            ratio(a.allocated as u64, b.allocated as u64),
        ),
        ("peak bytes live", ratio(a.peak as u64, b.peak as u64)),
    ] {
        if r > 4.5 {
            failures.push(format!("{what} grew {r:.1}× from n = {n} to 4n"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
