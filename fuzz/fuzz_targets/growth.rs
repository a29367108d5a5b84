//! A short description → a chapter of up to [`MAX_TEXT`] bytes → the stages `terbit build` and
//! `terbit check` run, to find work that grows faster than the input (README: "Errors and
//! hostile input"). The `markdown` target's 4 KB inputs cannot show a path that is quadratic
//! only at 100 KB; here a few bytes name fragments of the shapes hostile input is made of
//! (comment and CDATA openers, backtick runs, brackets, hard line breaks, long words,
//! combining marks…) and how many times to repeat them, so libFuzzer mutates the *shape* of
//! a large chapter. A superlinear path shows up as a timeout (run with `-timeout=10`), a panic
//! or overflow as a crash; an EPUB whose XHTML is not well-formed is a crash too.
//!
//! The input, byte by byte (every byte string decodes to something; a missing byte reads 0):
//!
//! ```text
//! input := language:u8 piece*
//! piece := head:u8 count:u8 fragment{1..=4}
//!   head bits 0-1: fragments in the unit, less one
//!   head bit 2:    ramp — the i-th repetition (from 1) holds the unit's first fragment i
//!                  times ("`a``a```a…"), then the rest of the unit once
//!   head bits 4-7: e; the unit is repeated (count + 1) << e times (1 to 8,388,608)
//! fragment := i:u8 — FRAGMENTS[i] when i < 0xC0, else the next i − 0xBF bytes (1 to 64),
//!             read as UTF-8 (lossy)
//! ```
//!
//! Expansion stops at [`MAX_TEXT`] bytes. `terbit check`, the document and the EPUB run at any
//! size; the PDF (typesetting: shaping, hyphenation, line breaking, pagination), and with it
//! check's print preflight (which sets the print edition), only up to [`MAX_PDF_TEXT`]: in this build (address sanitizer, debug assertions) one 128 KB paragraph
//! takes 2–3 s to typeset, 500 KB 8–11 s even where the work is linear (release: about 1 s),
//! which a 10 s timeout would report. `cargo fuzz fmt growth <file>` prints what a file
//! describes; `TERBIT_FUZZ_TIMES=1` prints each stage's time. Seeds: `fuzz/growth_seeds.py`.

#![no_main]

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

#[path = "shared/well_formed.rs"]
mod well_formed;

use libfuzzer_sys::arbitrary::{self, Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use terbit::manuscript::{ChapterSource, Manuscript, config};

/// The largest chapter a description expands to.
const MAX_TEXT: usize = 512 * 1024;
/// The largest chapter made into a PDF.
const MAX_PDF_TEXT: usize = 128 * 1024;
/// Pieces read from one input.
const MAX_PIECES: usize = 16;
/// Fragments below this byte are from [`FRAGMENTS`]; from it up, a literal follows.
const LITERAL: u8 = 0xC0;

/// The shapes hostile (or merely unusual) chapters are made of.
const FRAGMENTS: &[&str] = &[
    // Raw HTML: openers whose closer may never come, and the closers.
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<a b=\"",
    "\">",
    "<a href=\"#x\">",
    "</a>",
    "<style>",
    "</style>",
    "<script>",
    "<div>",
    "</div>",
    "<span>",
    "</span>",
    "<br>",
    "<table><tr><td>",
    "<img src=\"x.png\" alt=\"a\">",
    "<",
    "</",
    "<?",
    "<!",
    // Code spans and blocks.
    "`",
    "``",
    "```",
    "\n```\n",
    "~~~",
    "\n    ",
    // Links, images, footnotes, emphasis.
    "[",
    "]",
    "](",
    ")",
    "[a](#x)",
    "![",
    "![a](x.png)",
    "<http://x.y/",
    "http://x.y/",
    "[^",
    "[^1]",
    "\n[^1]: ",
    "[a]: /u\n",
    "*",
    "**",
    "_",
    "__",
    "~~",
    "*a*",
    // Entities and escapes.
    "&amp;",
    "&#x",
    "&#",
    "&",
    ";",
    "\\",
    // Line ends and block starts.
    "\\\n",
    "  \n",
    "\n",
    "\n\n",
    "\r\n",
    "> ",
    ">",
    "- ",
    "1. ",
    "* ",
    "# ",
    "## ",
    "###### ",
    "|",
    "| --- ",
    "\n|---|---|\n",
    "---\n",
    "***\n",
    "=\n",
    // Attributes, divs, maths.
    "{#id}",
    "{",
    "}",
    "::: ",
    ":::",
    "\n:::\n",
    "$",
    "$$",
    // Words and characters.
    "a",
    "abcdefghijklmnop",
    "kata ",
    "the ",
    " ",
    "\t",
    "\u{00A0}",
    "\u{00AD}",
    "\u{0301}",
    "\u{200B}",
    "\u{200D}",
    "\u{2060}",
    "\u{FEFF}",
    "\u{1F600}",
    "İ",
    "ı",
    "ß",
    "ﬁ",
    "é",
    "\"",
    "'",
    "...",
    "--",
    "-",
    "/",
    ".",
    ",",
    "0",
];

/// A unit of fragments and how it is repeated.
struct Piece {
    unit: Vec<String>,
    count: usize,
    ramp: bool,
}

/// What one input describes.
struct Growth {
    language: &'static str,
    pieces: Vec<Piece>,
}

impl<'a> Arbitrary<'a> for Growth {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let byte = |u: &mut Unstructured<'a>| u8::arbitrary(u).unwrap_or(0);
        let language = ["id", "tr", "en"][usize::from(byte(u)) % 3];
        let mut pieces = Vec::new();
        while !u.is_empty() && pieces.len() < MAX_PIECES {
            let head = byte(u);
            let count = (usize::from(byte(u)) + 1) << (head >> 4);
            let mut unit = Vec::new();
            for _ in 0..=(head & 3) {
                let i = byte(u);
                unit.push(if i < LITERAL {
                    FRAGMENTS[usize::from(i) % FRAGMENTS.len()].to_string()
                } else {
                    let n = usize::from(i - LITERAL) + 1;
                    let bytes = u.bytes(n.min(u.len()))?;
                    String::from_utf8_lossy(bytes).into_owned()
                });
            }
            pieces.push(Piece {
                unit,
                count,
                ramp: head & 4 != 0,
            });
        }
        Ok(Growth { language, pieces })
    }
}

impl fmt::Debug for Growth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "language {}", self.language)?;
        for p in &self.pieces {
            let how = if p.ramp { "ramp" } else { "repeat" };
            writeln!(f, "  {how} {:?} × {}", p.unit, p.count)?;
        }
        write!(f, "  = {} bytes of text", self.text().len())
    }
}

impl Growth {
    /// The chapter: every piece expanded in turn, stopping at [`MAX_TEXT`] bytes.
    fn text(&self) -> String {
        let mut text = String::new();
        let mut push = |s: &str| {
            if text.len() + s.len() > MAX_TEXT {
                return false;
            }
            text.push_str(s);
            true
        };
        for p in &self.pieces {
            for i in 1..=p.count {
                let first = if p.ramp && !p.unit[0].is_empty() {
                    i
                } else {
                    1
                };
                for _ in 0..first {
                    if !push(&p.unit[0]) {
                        return text;
                    }
                }
                for s in &p.unit[1..] {
                    if !push(s) {
                        return text;
                    }
                }
                if p.unit.iter().all(String::is_empty) {
                    break;
                }
            }
        }
        text
    }
}

/// A book folder of its own for this process (images the chapter names are looked up, and not
/// found, there; `terbit check` reads the chapter from it).
fn book_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("terbit-fuzz-growth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        dir
    })
}

/// Run `f`, printing how long it took when `TERBIT_FUZZ_TIMES` is set.
fn timed<T>(stage: &str, bytes: usize, f: impl FnOnce() -> T) -> T {
    static SHOW: OnceLock<bool> = OnceLock::new();
    let show = *SHOW.get_or_init(|| std::env::var_os("TERBIT_FUZZ_TIMES").is_some());
    let t = Instant::now();
    let out = f();
    if show {
        eprintln!(
            "{stage:>8}: {:8.3} s for {bytes} bytes",
            t.elapsed().as_secs_f64()
        );
    }
    out
}

fuzz_target!(|input: Growth| {
    let text = input.text();
    let n = text.len();
    if n == 0 {
        return;
    }
    let dir = book_dir().to_path_buf();
    let yaml = format!("title: Fuzz\nlanguage: {}\n", input.language);
    let Ok(config) = config::parse(&dir.join("book.yaml"), &yaml) else {
        panic!("the fixed book.yaml must parse");
    };

    // `terbit check`: its own parse of the text, its rules, then the document's.
    std::fs::write(dir.join("book.yaml"), &yaml).expect("book.yaml written");
    std::fs::write(dir.join("bab.md"), &text).expect("chapter written");
    let print = n <= MAX_PDF_TEXT;
    let search = terbit::fonts::system::Search::none();
    let report = timed("check", n, || terbit::check::check_print(&dir, &search, print));
    let _ = report.to_text();

    let manuscript = Manuscript {
        dir: dir.clone(),
        config,
        chapters: vec![ChapterSource {
            path: dir.join("bab.md"),
            text,
        }],
        references: Default::default(),
    };
    let built = timed("document", n, || {
        terbit::document::build_with_warnings(&manuscript)
    });
    let Ok((book, warnings)) = built else {
        return;
    };
    for w in warnings.into_vec() {
        let _ = w.to_string();
    }
    // Characters no font draws are a warning: the outputs are made all the same.
    if let Some(w) =
        terbit::document::coverage::check(&book, &manuscript, &terbit::fonts::FontSet::bundled())
    {
        let _ = w.to_string();
    }
    match timed("epub", n, || terbit::epub::write(&book)) {
        Ok(epub) => well_formed::every_xhtml_is_well_formed(&epub),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if n <= MAX_PDF_TEXT {
        let pdf = timed("pdf", n, || {
            terbit::pipeline::pdf_bytes(&book, terbit::pdf::Edition::Screen)
        });
        if let Err(e) = pdf {
            let _ = e.to_string();
        }
    }
});
