//! Characters no embedded font can draw. They never refuse a book: the PDFs draw the font's
//! .notdef box in their place and the EPUB keeps them (e-readers have fallback fonts of their
//! own), and the build warns once, naming each such character and its first places, so that
//! the author can replace them before the book is printed.
//!
//! Text in code (code spans, code blocks) is drawn in the monospaced face, everything else in
//! Gentium; a character must be in the face that draws it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::walk::{Node, walk_chapter};
use super::{Block, Book, Inline, html};
use crate::error::Diagnostic;
use crate::fonts::Face;
use crate::manuscript::{CONFIG_FILE, Manuscript};

/// Places named per character, and characters named per error.
const PLACES: usize = 3;
const LISTED: usize = 20;

/// Which faces draw a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Style {
    Text,
    Code,
}

/// The warning naming every character of `book` (text, code, titles, metadata) that is
/// missing from the face that draws it, if any; `m` gives the sources, for the places.
pub fn check(book: &Book, m: &Manuscript) -> Option<Diagnostic> {
    let mut fonts = Fonts::new();
    // Characters missing, in order of first appearance, with the files they appear in.
    let mut missing: Vec<(char, Style, Vec<PathBuf>)> = Vec::new();
    let mut note = |c: char, style: Style, file: &Path, fonts: &mut Fonts| {
        if fonts.draws(c, style) {
            return;
        }
        match missing.iter_mut().find(|(m, s, _)| *m == c && *s == style) {
            Some((_, _, files)) if files.last().map(PathBuf::as_path) != Some(file) => {
                files.push(file.to_path_buf())
            }
            Some(_) => {}
            None => missing.push((c, style, vec![file.to_path_buf()])),
        }
    };

    let config = book.dir.join(CONFIG_FILE);
    let meta = &book.meta;
    let mut texts: Vec<&str> = vec![&meta.title];
    texts.extend(meta.subtitle.as_deref());
    for a in &meta.authors {
        texts.push(a.name());
        texts.extend(a.affiliation());
    }
    texts.extend(meta.series.as_ref().map(|s| s.name.as_str()));
    texts.extend(meta.publisher.as_deref());
    texts.extend(meta.rights.as_deref());
    for t in texts {
        t.chars()
            .for_each(|c| note(c, Style::Text, &config, &mut fonts));
    }

    for chapter in &book.chapters {
        let file = chapter.source.as_path();
        let mut each = |s: &str, style: Style| {
            s.chars().for_each(|c| note(c, style, file, &mut fonts));
        };
        each(&chapter.title, Style::Text);
        walk_chapter(chapter, |n| match n {
            Node::Inline(Inline::Text(t)) => each(t, Style::Text),
            Node::Inline(Inline::Code(t)) => each(t, Style::Code),
            Node::Inline(Inline::Html(h)) => each(&html::text_content(h), Style::Text),
            Node::Inline(Inline::Image(img)) => each(&img.alt, Style::Text),
            Node::Block(Block::CodeBlock { text, .. }) => each(text, Style::Code),
            Node::Block(Block::Html(h)) => each(&html::text_content(h), Style::Code),
            _ => {}
        });
    }
    if missing.is_empty() {
        return None;
    }

    // Where each character is written: its first places in the files it came from.
    let sources: HashMap<&Path, &str> = m
        .chapters
        .iter()
        .map(|c| (c.path.as_path(), c.text.as_str()))
        .collect();
    let config_text = std::fs::read_to_string(&config).unwrap_or_default();
    let text_of = |file: &Path| -> &str {
        if file == config {
            &config_text
        } else {
            sources.get(file).copied().unwrap_or("")
        }
    };
    let mut listed = Vec::new();
    let mut first: Option<(PathBuf, usize, usize)> = None;
    for (c, style, files) in missing.iter().take(LISTED) {
        let mut places = Vec::new();
        for file in files {
            for (line, column) in places_of(*c, text_of(file))
                .into_iter()
                .take(PLACES - places.len().min(PLACES))
            {
                places.push(format!("{}:{line}:{column}", file.display()));
                first.get_or_insert_with(|| (file.clone(), line, column));
            }
            if places.len() >= PLACES {
                break;
            }
        }
        if places.is_empty() {
            places.extend(files.iter().map(|f| f.display().to_string()));
        }
        let shown = if c.is_control() {
            String::new()
        } else {
            format!(" {c}")
        };
        let code = if *style == Style::Code {
            " in code"
        } else {
            ""
        };
        listed.push(format!(
            "U+{:04X}{shown}{code} ({})",
            *c as u32,
            places.join(", ")
        ));
    }
    let more = missing.len().saturating_sub(LISTED);
    let mut message = format!(
        "{} character{} that no embedded font can draw, printed as an empty box in the PDFs: {}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        listed.join(", ")
    );
    if more > 0 {
        message.push_str(&format!(" and {more} more"));
    }
    let (file, line, column) = first.unwrap_or_else(|| (missing[0].2[0].clone(), 1, 1));
    let help = "terbit's fonts draw Latin, Greek and Cyrillic text (Gentium Book Plus) and \
                code (DejaVu Sans Mono); replace these characters, or remove them, before the \
                book is printed (the EPUB keeps them: e-readers have fonts of their own)";
    Some(
        Diagnostic::at(&file, line, column, message)
            .with_help(help)
            .with_source(text_of(&file)),
    )
}

/// The first places (line, column) where `c` is written in `text`: as itself, or as a
/// character reference (`&#x4E2D;`, `&HilbertSpace;`).
fn places_of(c: char, text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut line, mut column) = (1, 1);
    for (i, ch) in text.char_indices() {
        let here = ch == c
            || (ch == '&'
                && text[i..]
                    .char_indices()
                    .take(34)
                    .find(|(_, x)| *x == ';' || x.is_whitespace())
                    .filter(|(_, x)| *x == ';')
                    .is_some_and(|(end, _)| {
                        html::decode_entities(&text[i..=i + end]).starts_with(c)
                    }));
        if here {
            out.push((line, column));
            if out.len() == PLACES {
                break;
            }
        }
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    out
}

/// The faces, parsed once, and what they were asked.
struct Fonts {
    text: Vec<rustybuzz::ttf_parser::Face<'static>>,
    code: Option<rustybuzz::ttf_parser::Face<'static>>,
    /// What is known of characters looked up before: a table for the first 256 (nearly every
    /// character of a Latin-script book; a 900-page book has over a million), a map for the
    /// rest.
    latin: [[Option<bool>; 256]; 2],
    known: rustc_hash::FxHashMap<(char, Style), bool>,
}

impl Fonts {
    fn new() -> Fonts {
        let parse = |f: Face| rustybuzz::ttf_parser::Face::parse(f.data(), 0).ok();
        Fonts {
            text: [Face::Regular, Face::Italic, Face::Bold, Face::BoldItalic]
                .into_iter()
                .filter_map(parse)
                .collect(),
            code: parse(Face::Mono),
            latin: [[None; 256]; 2],
            known: Default::default(),
        }
    }

    /// Whether `c` is drawn in `style`: every face that may draw it has it, or it is a
    /// character no face needs to draw (white space, invisible format characters).
    fn draws(&mut self, c: char, style: Style) -> bool {
        let latin = (c as u32) < 256;
        if latin && let Some(known) = self.latin[style as usize][c as usize] {
            return known;
        }
        if c.is_whitespace() || is_default_ignorable(c) {
            return true;
        }
        if let Some(&known) = self.known.get(&(c, style)) {
            return known;
        }
        let has = |f: &rustybuzz::ttf_parser::Face| f.glyph_index(c).is_some();
        let draws = match style {
            Style::Text => !self.text.is_empty() && self.text.iter().all(has),
            Style::Code => self.code.as_ref().is_some_and(has),
        };
        if latin {
            self.latin[style as usize][c as usize] = Some(draws);
        } else {
            self.known.insert((c, style), draws);
        }
        draws
    }
}

/// Unicode's default-ignorable code points: shapers draw them as nothing when a font lacks
/// them (soft hyphen, zero-width joiners and spaces, direction marks, variation selectors, …).
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c as u32,
        0x00AD
            | 0x034F
            | 0x061C
            | 0x115F..=0x1160
            | 0x17B4..=0x17B5
            | 0x180B..=0x180F
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x206F
            | 0x3164
            | 0xFE00..=0xFE0F
            | 0xFEFF
            | 0xFFA0
            | 0xFFF0..=0xFFF8
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0000..=0xE0FFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::ChapterSource;

    fn book_of(md: &str) -> (Book, Manuscript) {
        let dir = PathBuf::from("buku");
        let config = crate::manuscript::config::parse(
            Path::new("book.yaml"),
            "title: Judul\nlanguage: id\n",
        )
        .unwrap();
        let m = Manuscript {
            dir: dir.clone(),
            config,
            chapters: vec![ChapterSource {
                path: dir.join("bab.md"),
                text: md.to_string(),
            }],
        };
        let book = super::super::build(&m).unwrap();
        (book, m)
    }

    #[test]
    fn letters_of_the_fonts_pass_and_others_are_named_with_their_places() {
        let (book, m) = book_of("# Bab\n\nİğüşöç “x” — é ß Ω Ж\u{00AD}\u{200D}\n");
        assert!(check(&book, &m).is_none());
        let (book, m) = book_of(
            "# Bab\n\nTeks 中文 dan 中.\n\n`kode ∲` &#x4E2D; &HilbertSpace;\n\n```\n→ 😀\n```\n",
        );
        let e = check(&book, &m).unwrap().to_string();
        assert!(
            e.starts_with(
                "buku/bab.md:3:6: 5 characters that no embedded font can draw, printed as an \
                 empty box in the PDFs: \
                 U+4E2D 中 (buku/bab.md:3:6, buku/bab.md:3:13, buku/bab.md:5:10), \
                 U+6587 文 (buku/bab.md:3:7), U+2232 ∲ in code (buku/bab.md:5:7), \
                 U+210B ℋ (buku/bab.md:5:19), U+1F600 😀 in code (buku/bab.md:8:3) — "
            ),
            "{e}"
        );
        assert!(e.contains("3 | Teks 中文 dan 中."), "{e}");
    }

    #[test]
    fn code_uses_the_monospaced_face() {
        // DejaVu Sans Mono draws box drawing and arrows, Gentium does not draw box drawing.
        let (book, m) = book_of("```\n┌─┐ → \n```\n");
        assert!(check(&book, &m).is_none());
        let (book, m) = book_of("Teks ┌─┐\n");
        let e = check(&book, &m).unwrap().to_string();
        assert!(e.contains("U+250C ┌ (buku/bab.md:1:6)"), "{e}");
    }
}
