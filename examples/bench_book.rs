//! Writes the books `bench/speed.sh` times, and the same text for the peer tools.
//!
//! ```sh
//! cargo run --release --example bench_book -- OUT_DIR repeat CHAPTERS   # the essay, CHAPTERS times
//! cargo run --release --example bench_book -- OUT_DIR varied CHAPTERS   # text that never repeats
//! ```
//!
//! `repeat`: every chapter is the first chapter of `manuscript/` (its lead, paragraphs and list)
//! under its own heading `# Bab N` — the text the measurement kit's peers/run-peers.sh gives
//! Typst and pandoc (the essay as 300 chapters, 207,600 words).
//!
//! `varied`: a book as long, whose words are not the same few hundred over and over, so that
//! terbit's word caches (shaping, hyphenation) do not flatter the figures. Its vocabulary is
//! the manuscript's words by frequency, then made-up Indonesian-looking words (syllables with
//! the language's prefixes and suffixes), 40,000 in all, drawn by Zipf's law as in real text:
//! a 200,000-word book uses about 25,000 distinct words. Sentences of 4–28 words, paragraphs of
//! 1–9 sentences, some emphasis, some section headings and bullet lists.
//!
//! Both write OUT_DIR/book.yaml and OUT_DIR/bab-NNN.md for terbit, and OUT_DIR/peers/book.md
//! (pandoc's Markdown with a metadata block) and OUT_DIR/peers/book.typ (the kit's Typst
//! settings: A5, Gentium Plus 10.5 pt, justified, hyphenated) with the same text. Everything
//! comes from a seeded generator: the same arguments always write the same files.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

use terbit::manuscript;

const USAGE: &str =
    "usage: cargo run --release --example bench_book -- OUT_DIR repeat|varied CHAPTERS";
const AUTHOR: &str = "Cemil Doğaç Ipek";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, kind, n] = args.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(1);
    };
    let Ok(chapters) = n.parse::<usize>() else {
        eprintln!("CHAPTERS must be a whole number, not `{n}`\n{USAGE}");
        return ExitCode::from(1);
    };
    let made = match kind.as_str() {
        "repeat" => repeat(chapters),
        "varied" => varied(chapters),
        _ => Err(USAGE.to_string()),
    };
    match made.and_then(|(title, chs)| write_book(Path::new(out), &title, &chs)) {
        Ok(words) => {
            println!("wrote {out}/book.yaml ({chapters} chapters, {words} words) and {out}/peers/");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// A chapter: its title and its Markdown blocks (paragraphs, `- ` lists, `## ` headings).
type Chapter = (String, Vec<String>);

fn manuscript_chapter() -> Result<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let m = manuscript::load(&dir).map_err(|e| e.to_string())?;
    m.chapters
        .first()
        .map(|c| c.text.clone())
        .ok_or_else(|| "manuscript/ has no chapter".to_string())
}

/// The blocks of a chapter's Markdown, its `# ` title dropped.
fn blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty() && !b.starts_with("# "))
        .map(str::to_string)
        .collect()
}

fn repeat(n: usize) -> Result<(String, Vec<Chapter>), String> {
    let body = blocks(&manuscript_chapter()?);
    let chapters = (1..=n)
        .map(|i| (format!("Bab {i}"), body.clone()))
        .collect();
    Ok(("Bunga Rampai: Kemitraan untuk Perdamaian".into(), chapters))
}

/// xorshift64* seeded through splitmix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const VOCABULARY: usize = 40_000;

/// The vocabulary, most frequent first: the manuscript's words by their count there, then
/// made-up words.
fn vocabulary(text: &str, rng: &mut Rng) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for w in text.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().count() > 1 && w.chars().all(char::is_alphabetic) {
            *count.entry(w.to_lowercase()).or_default() += 1;
        }
    }
    let mut known: Vec<(String, usize)> = count.into_iter().collect();
    known.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut words: Vec<String> = known.into_iter().map(|(w, _)| w).collect();
    let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
    const ONSETS: &[&str] = &[
        "b", "c", "d", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "w", "y", "ng", "ny",
        "kr", "tr", "pr", "",
    ];
    const VOWELS: &[&str] = &["a", "a", "a", "i", "i", "u", "u", "e", "e", "o", "ai", "au"];
    const CODAS: &[&str] = &["", "", "", "", "n", "ng", "r", "k", "s", "t", "l", "m", "h"];
    const PREFIXES: &[&str] = &[
        "", "", "", "me", "mem", "men", "ber", "di", "ter", "pe", "ke",
    ];
    const SUFFIXES: &[&str] = &["", "", "", "", "kan", "an", "nya", "i", "lah"];
    while words.len() < VOCABULARY {
        let mut w = String::from(PREFIXES[rng.below(PREFIXES.len())]);
        for _ in 0..rng.range(1, 3) {
            w.push_str(ONSETS[rng.below(ONSETS.len())]);
            w.push_str(VOWELS[rng.below(VOWELS.len())]);
            w.push_str(CODAS[rng.below(CODAS.len())]);
        }
        w.push_str(SUFFIXES[rng.below(SUFFIXES.len())]);
        if w.len() > 2 && seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// A word rank drawn by Zipf's law (exponent 1) over `n` ranks: inverse of the cumulative
/// harmonic sum, ln(rank) ≈ u·ln(n).
fn zipf(rng: &mut Rng, n: usize) -> usize {
    let r = ((n as f64).ln() * rng.unit()).exp() as usize;
    r.clamp(1, n) - 1
}

fn sentence(rng: &mut Rng, vocab: &[String], emphasis: bool) -> String {
    let len = rng.range(4, 28);
    let mut s = String::new();
    let italic_at = if emphasis { rng.below(len) } else { usize::MAX };
    for i in 0..len {
        let mut w = vocab[zipf(rng, vocab.len())].clone();
        if i == 0 {
            let mut cs = w.chars();
            w = cs
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default()
                + cs.as_str();
        }
        if i > 0 {
            s.push(' ');
        }
        if i == italic_at {
            let _ = write!(s, "*{w}*");
        } else {
            s.push_str(&w);
        }
        if i + 1 < len && rng.below(9) == 0 {
            s.push(',');
        }
    }
    s.push(if rng.below(12) == 0 { '?' } else { '.' });
    s
}

fn varied(n: usize) -> Result<(String, Vec<Chapter>), String> {
    let mut rng = Rng::new(0x007e_4b17);
    let vocab = vocabulary(&manuscript_chapter()?, &mut rng);
    // As many words per chapter as the essay has (692), give or take.
    let chapters = (1..=n)
        .map(|i| {
            let mut rng = Rng::new(i as u64);
            let mut blocks = Vec::new();
            let mut words = 0;
            while words < 660 {
                let b = match rng.below(20) {
                    0 => format!("## {}", title(&mut rng, &vocab)),
                    1 => (0..rng.range(2, 4))
                        .map(|_| format!("- {}", sentence(&mut rng, &vocab, false)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => (0..rng.range(1, 9))
                        .map(|_| {
                            let emphasis = rng.below(6) == 0;
                            sentence(&mut rng, &vocab, emphasis)
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                };
                words += b.split_whitespace().count();
                blocks.push(b);
            }
            (format!("Bab {i}: {}", title(&mut rng, &vocab)), blocks)
        })
        .collect();
    Ok(("Bunga Rampai Aneka Kata".into(), chapters))
}

fn title(rng: &mut Rng, vocab: &[String]) -> String {
    let s = sentence(rng, vocab, false);
    let words: Vec<&str> = s.split_whitespace().take(rng.range(2, 5)).collect();
    words
        .join(" ")
        .trim_end_matches([',', '.', '?'])
        .to_string()
}

/// Write the book for terbit and the peers; returns its word count.
fn write_book(out: &Path, title: &str, chapters: &[Chapter]) -> Result<usize, String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    fs::create_dir_all(out.join("peers")).map_err(|e| io(out, e))?;
    for entry in fs::read_dir(out).map_err(|e| io(out, e))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("bab-") && name.ends_with(".md") {
            fs::remove_file(entry.path()).map_err(|e| io(&entry.path(), e))?;
        }
    }
    let mut yaml = format!(
        "# Generated by examples/bench_book.rs — regenerate it instead of editing it.\n\
         title: \"{title}\"\nauthors:\n  - \"{AUTHOR}\"\nlanguage: id\npublisher: terbit\n\
         pdf:\n  page_size: A5\n  font_size: 10.5\nchapters:\n"
    );
    let mut md = format!("---\ntitle: \"{title}\"\nauthor: \"{AUTHOR}\"\nlang: id\n---\n\n");
    let mut typ = format!(
        "#set document(title: \"{title}\", author: \"{AUTHOR}\")\n\
         #set page(paper: \"a5\", margin: (x: 18mm, y: 20mm), numbering: \"1\")\n\
         #set text(font: \"Gentium Plus\", size: 10.5pt, lang: \"id\", hyphenate: true)\n\
         #set par(justify: true, first-line-indent: 1.2em, spacing: 0.65em)\n\
         #show heading.where(level: 1): it => {{ pagebreak(weak: true); it }}\n"
    );
    let mut words = 0;
    for (i, (heading, blocks)) in chapters.iter().enumerate() {
        let name = format!("bab-{:03}.md", i + 1);
        let text = format!("# {heading}\n\n{}\n", blocks.join("\n\n"));
        words += text.split_whitespace().count();
        let path = out.join(&name);
        fs::write(&path, &text).map_err(|e| io(&path, e))?;
        let _ = writeln!(yaml, "  - {name}");
        md.push_str(&text);
        md.push('\n');
        let _ = write!(typ, "\n= {}\n", typst_inline(heading));
        for b in blocks {
            typ.push('\n');
            for line in b.lines() {
                if let Some(h) = line.strip_prefix("## ") {
                    let _ = writeln!(typ, "== {}", typst_inline(h));
                } else if let Some(item) = line.strip_prefix("- ") {
                    let _ = writeln!(typ, "- {}", typst_inline(item));
                } else {
                    let _ = writeln!(typ, "{}", typst_inline(line));
                }
            }
        }
    }
    let files = [
        (out.join("book.yaml"), yaml),
        (out.join("peers/book.md"), md),
        (out.join("peers/book.typ"), typ),
    ];
    for (path, text) in files {
        fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    Ok(words)
}

/// Markdown inline text as Typst markup: `*x*` → `_x_`, `**x**` → `*x*`, Typst's markup
/// characters escaped (as the kit's make-manuscripts.py does).
fn typst_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push('*');
            }
            '*' => out.push('_'),
            '\\' | '#' | '_' | '$' | '<' | '>' | '@' | '[' | ']' | '`' | '~' | '=' => {
                out.push('\\');
                out.push(c);
            }
            '/' if chars.peek() == Some(&'/') => out.push_str("/\\"),
            _ => out.push(c),
        }
    }
    out
}
