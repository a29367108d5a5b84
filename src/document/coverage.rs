//! Characters no font can draw. They never refuse a book: the PDFs draw the font's
//! .notdef box in their place and the EPUB keeps them (e-readers have fallback fonts of their
//! own), and the build warns once, naming each such character and its first places, so that
//! the author can replace them before the book is printed.
//!
//! Text in code (code spans, code blocks) is drawn in the book's code faces, everything else
//! in its body and heading faces; a character must be in every face that may draw it, or in a
//! fallback. The characters no font draws are also what the machine's fonts are searched for
//! (`fonts::system`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::walk::{Node, walk_chapter};
use super::{Block, Book, Inline, html};
use crate::error::Diagnostic;
use crate::fonts::system::Search;
use crate::fonts::{Face, FontSet};
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
pub fn check(book: &Book, m: &Manuscript, fonts: &FontSet) -> Option<Diagnostic> {
    survey(book, m, fonts).undrawn
}

/// Which fonts draw a book's characters, beyond the faces of its text and code.
#[derive(Debug, Default)]
pub struct Survey {
    /// The warning naming the characters no font draws, with their first places.
    pub undrawn: Option<Diagnostic>,
    /// Each fallback font used, with the characters it draws (the first [`LISTED`] of them,
    /// in order of first appearance, and how many in all): one line per font, so that a build
    /// on another machine can be arranged to draw the same.
    pub fallbacks: Vec<String>,
    /// The characters no font draws, each once, in order of first appearance.
    pub missing: Vec<char>,
}

/// [`survey`] of `book` in `set` and, when some characters no font of it draws, in `set` with
/// the machine's fonts that draw them added as fallbacks (`search`; see `fonts::system`):
/// the survey and the set the book is then drawn in.
pub fn survey_and_complete(
    book: &Book,
    m: &Manuscript,
    set: Arc<FontSet>,
    search: &Search,
) -> (Survey, Arc<FontSet>) {
    let first = survey(book, m, &set);
    let more = crate::fonts::system::with_fonts_for(&set, &first.missing, search);
    if Arc::ptr_eq(&more, &set) {
        return (first, set);
    }
    (survey(book, m, &more), more)
}

/// [`check`], also naming the fallback fonts used and what each draws.
pub fn survey(book: &Book, m: &Manuscript, set: &FontSet) -> Survey {
    let mut by_fallback: Vec<(Face, Vec<char>, usize)> = Vec::new();
    // (Each fallback's characters: the first LISTED, and how many in all.)
    let mut missing = Vec::new();
    let undrawn = undrawn(book, m, set, &mut by_fallback, &mut missing);
    let fallbacks = by_fallback
        .into_iter()
        .map(|(face, chars, n)| {
            let listed: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
            let more = if n > chars.len() {
                format!(" and {} more", n - chars.len())
            } else {
                String::new()
            };
            format!(
                "{} drew {n} character{}: {}{more}",
                set.font(face).describe(),
                if n == 1 { "" } else { "s" },
                listed.join(" ")
            )
        })
        .collect();
    Survey {
        undrawn,
        fallbacks,
        missing,
    }
}

fn undrawn(
    book: &Book,
    m: &Manuscript,
    set: &FontSet,
    by_fallback: &mut Vec<(Face, Vec<char>, usize)>,
    chars_missing: &mut Vec<char>,
) -> Option<Diagnostic> {
    let mut fonts = Fonts::new(set);
    // Characters missing, in order of first appearance, each once (in code only when it never
    // appears elsewhere), with the files they appear in; and where each is in the list.
    let mut missing: Vec<(char, Style, Vec<PathBuf>)> = Vec::new();
    let mut missing_at: rustc_hash::FxHashMap<char, usize> = Default::default();
    // The characters each fallback draws (all of them: a note counts them).
    let mut drawn_by: Vec<rustc_hash::FxHashSet<char>> = Vec::new();
    let mut note = |c: char, style: Style, file: &Path, fonts: &mut Fonts| {
        match fonts.drawn(c, style) {
            Drawn::Itself => return,
            Drawn::By(face) => {
                match by_fallback.iter().position(|(f, _, _)| *f == face) {
                    Some(i) => {
                        if drawn_by[i].insert(c) {
                            let (_, chars, n) = &mut by_fallback[i];
                            *n += 1;
                            if chars.len() < LISTED {
                                chars.push(c);
                            }
                        }
                    }
                    None => {
                        by_fallback.push((face, vec![c], 1));
                        drawn_by.push(std::iter::once(c).collect());
                    }
                }
                return;
            }
            Drawn::Nobody => {}
        }
        match missing_at.get(&c) {
            Some(&i) => {
                let (_, seen_style, files) = &mut missing[i];
                if style == Style::Text {
                    *seen_style = Style::Text;
                }
                if files.last().map(PathBuf::as_path) != Some(file) {
                    files.push(file.to_path_buf());
                }
            }
            None => {
                missing_at.insert(c, missing.len());
                missing.push((c, style, vec![file.to_path_buf()]));
            }
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
    for (c, _, _) in &missing {
        if !chars_missing.contains(c) {
            chars_missing.push(*c);
        }
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
                // Text from an included file is named at its own place there.
                let (shown, at_line, at_column) = m
                    .config
                    .origins
                    .place_of(file, line, column)
                    .unwrap_or_else(|| (file.clone(), line, column));
                places.push(format!("{}:{at_line}:{at_column}", shown.display()));
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
    // Control characters (pasted from a terminal) are no letters a font could draw: said so.
    let controls = missing.iter().all(|m| m.0.is_control());
    let (what, help) = if controls {
        (
            "that are control codes, not text: printed as an empty box in the PDFs and left \
             out of the EPUB",
            "delete them (they come with text copied from a terminal or another program; an \
             editor's “show invisibles” finds them)",
        )
    } else {
        (
            "that no font can draw, printed as an empty box in the PDFs",
            "name a font that draws them in book.yaml (`fonts: {fallback: [fonts/F.ttf]}`, \
             the file inside the book's folder; an mdBook: `fallback = [\"fonts/F.ttf\"]` \
             under [output.terbit.fonts] in book.toml), or give a folder of fonts with \
             `--font-path`; or replace these characters before the book is printed (the EPUB \
             keeps them: e-readers have fonts of their own)",
        )
    };
    let mut message = format!(
        "{} character{} {what}: {}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        listed.join(", ")
    );
    if more > 0 {
        message.push_str(&format!(" and {more} more"));
    }
    let (file, line, column) = first.unwrap_or_else(|| (missing[0].2[0].clone(), 1, 1));
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

/// Who draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drawn {
    /// The faces of its style, or no face needs to (white space, invisible format characters).
    Itself,
    /// A fallback face.
    By(Face),
    /// No face.
    Nobody,
}

/// What is known of characters looked up before: a table for the first 256 (nearly every
/// character of a Latin-script book; a 900-page book has over a million), a map for the rest.
struct Fonts<'a> {
    set: &'a FontSet,
    latin: [[Option<Drawn>; 256]; 2],
    known: rustc_hash::FxHashMap<(char, Style), Drawn>,
}

impl<'a> Fonts<'a> {
    fn new(set: &'a FontSet) -> Fonts<'a> {
        Fonts {
            set,
            latin: [[None; 256]; 2],
            known: Default::default(),
        }
    }

    /// Who draws `c` in `style`: every face that may set it has it, else a fallback.
    fn drawn(&mut self, c: char, style: Style) -> Drawn {
        let latin = (c as u32) < 256;
        if latin && let Some(known) = self.latin[style as usize][c as usize] {
            return known;
        }
        if !latin && let Some(&known) = self.known.get(&(c, style)) {
            return known;
        }
        let faces: &[Face] = match style {
            Style::Text => &Face::ROLES[..8],
            Style::Code => &[Face::Mono, Face::MonoBold],
        };
        let set = self.set;
        let drawn = if c.is_whitespace()
            || crate::fonts::is_default_ignorable(c)
            || faces.iter().all(|&f| set.has_char(f, c))
        {
            Drawn::Itself
        } else if crate::fonts::needs_no_glyph(c) && !c.is_control() {
            // Marks, skin tones, keycaps: drawn with the character they follow, by its font.
            Drawn::Itself
        } else if crate::fonts::needs_no_glyph(c) {
            // Controls and the like are never drawn by a fallback (see `Face::for_char`),
            // though some fonts map them to blank glyphs.
            Drawn::Nobody
        } else {
            set.fallbacks()
                .find(|&f| set.has_char(f, c))
                .map_or(Drawn::Nobody, Drawn::By)
        };
        if latin {
            self.latin[style as usize][c as usize] = Some(drawn);
        } else {
            self.known.insert((c, style), drawn);
        }
        drawn
    }
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
            references: Default::default(),
        };
        let book = super::super::build(&m).unwrap();
        (book, m)
    }

    #[test]
    fn letters_of_the_fonts_pass_and_others_are_named_with_their_places() {
        let (book, m) = book_of("# Bab\n\nİğüşöç “x” — é ß Ω Ж\u{00AD}\u{200D}\n");
        assert!(check(&book, &m, &FontSet::bundled()).is_none());
        let (book, m) = book_of(
            "# Bab\n\nTeks 中文 dan 中.\n\n`kode ∲` &#x4E2D; &HilbertSpace;\n\n```\n→ 😀\n```\n",
        );
        let e = check(&book, &m, &FontSet::bundled()).unwrap().to_string();
        assert!(
            e.starts_with(
                "buku/bab.md:3:6: 2 characters that no font can draw, printed as an \
                 empty box in the PDFs: U+4E2D 中 (buku/bab.md:3:6, buku/bab.md:3:13, \
                 buku/bab.md:5:10), U+6587 文 (buku/bab.md:3:7) — "
            ),
            "{e}"
        );
        assert!(e.contains("3 | Teks 中文 dan 中."), "{e}");
    }

    #[test]
    fn signs_and_emoji_are_drawn_by_the_fallbacks_and_each_one_used_is_named() {
        let (book, m) = book_of("# Bab\n\nKucing 😻 ∲ ℋ\n\n```\n👍 ≧ 😻\n```\n");
        let survey = survey(&book, &m, &FontSet::bundled());
        assert!(survey.undrawn.is_none(), "{:?}", survey.undrawn);
        assert_eq!(
            survey.fallbacks,
            [
                "Noto Emoji (bundled) drew 2 characters: 😻 👍",
                "Noto Sans Math (bundled) drew 2 characters: ∲ ℋ",
            ]
        );
    }

    #[test]
    fn a_fallback_is_credited_each_character_once_however_often_it_appears() {
        // 30 mathematical operators Gentium lacks (every one drawn by Noto Sans Math).
        let set = FontSet::bundled();
        let signs: String = ('\u{2200}'..='\u{22FF}')
            .filter(|&c| Face::ROLES[..8].iter().any(|&f| !set.has_char(f, c)))
            .take(30)
            .collect();
        assert_eq!(signs.chars().count(), 30);
        let (book, m) = book_of(&format!("# Bab\n\n{signs} {signs}\n\n{signs}\n"));
        let survey = survey(&book, &m, &FontSet::bundled());
        let first: String = signs.chars().take(20).map(|c| format!("{c} ")).collect();
        assert_eq!(
            survey.fallbacks,
            [format!(
                "Noto Sans Math (bundled) drew 30 characters: {}and 10 more",
                first
            )]
        );
    }

    #[test]
    fn a_character_in_text_and_code_is_named_once() {
        let (book, m) = book_of("# Bab\n\nTeks 中.\n\n```\n中\n```\n\n`中` and ก in `ก`\n");
        let e = check(&book, &m, &FontSet::bundled()).unwrap().to_string();
        assert!(e.contains("2 characters"), "{e}");
        assert_eq!(e.matches("U+4E2D").count(), 1, "{e}");
        assert!(e.contains("U+4E2D 中 (") && e.contains("U+0E01 ก ("), "{e}");
    }

    #[test]
    fn code_uses_the_monospaced_face() {
        // DejaVu Sans Mono draws box drawing and arrows, Gentium does not draw box drawing.
        let (book, m) = book_of("```\n┌─┐ → \n```\n");
        assert!(check(&book, &m, &FontSet::bundled()).is_none());
        let (book, m) = book_of("Teks ┌─┐\n");
        let e = check(&book, &m, &FontSet::bundled()).unwrap().to_string();
        assert!(e.contains("U+250C ┌ (buku/bab.md:1:6)"), "{e}");
    }
}
