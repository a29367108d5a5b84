//! Fonts found on the machine, for characters neither the book's fonts nor terbit's draw (a
//! greeting in Hebrew, Japanese or Thai): the folders given with `--font-path` first, then the
//! system's font folders (as fontdb finds them, fontconfig's included), unless
//! `--ignore-system-fonts`. Searched only when a book has such characters, so a book that needs
//! none never reads a font folder.
//!
//! The choice is greedy and stable: the font that draws the most of the characters still
//! missing, an upright regular face before others, then by family name and path — so the same
//! machine gives the same book the same fonts. Fonts whose makers forbid embedding or
//! subsetting them are passed over.

use std::path::PathBuf;
use std::sync::Arc;

use rustybuzz::ttf_parser;

use super::font::{self, Font, Origin};

/// Where to look for fonts on the machine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Search {
    /// Folders given with `--font-path`, searched before the system's.
    pub dirs: Vec<PathBuf>,
    /// Whether the system's font folders are searched (off: `--ignore-system-fonts`).
    pub system: bool,
}

impl Search {
    /// The machine's fonts and no others (the default of `terbit build`).
    pub fn system() -> Search {
        Search {
            dirs: Vec::new(),
            system: true,
        }
    }

    /// No fonts from the machine (tests, and builds that must not depend on it).
    pub fn none() -> Search {
        Search::default()
    }

    fn is_off(&self) -> bool {
        self.dirs.is_empty() && !self.system
    }
}

/// `set`, with fonts from the machine (`search`) added as fallbacks for the characters of
/// `texts` that none of its fonts draws (itself when there are none, or none are found).
pub fn complete(set: &Arc<super::FontSet>, texts: &[&str], search: &Search) -> Arc<super::FontSet> {
    let mut missing: Vec<char> = Vec::new();
    for c in texts.iter().flat_map(|t| t.chars()) {
        let face = set.for_char(super::Face::Regular, c);
        if !super::needs_no_glyph(c) && !set.has_char(face, c) && !missing.contains(&c) {
            missing.push(c);
        }
    }
    with_fonts_for(set, &missing, search)
}

/// `set` with the machine's fonts that draw `missing` (see [`find`]) added as fallbacks; `set`
/// itself when nothing is missing or no font is found.
pub fn with_fonts_for(
    set: &Arc<super::FontSet>,
    missing: &[char],
    search: &Search,
) -> Arc<super::FontSet> {
    let found = find(missing, search);
    if found.is_empty() {
        return set.clone();
    }
    let mut more = set.as_ref().clone();
    for (font, _) in found {
        more.push_fallback(font);
    }
    Arc::new(more)
}

/// A candidate face: where it is and what it is.
struct Candidate {
    path: PathBuf,
    index: u32,
    family: String,
    regular: bool,
    /// Which of the characters sought it draws.
    covers: Vec<bool>,
}

/// Fonts from the machine that draw `chars`, each with the characters it was chosen for, in
/// the order chosen. Characters no font draws are left out.
pub fn find(chars: &[char], search: &Search) -> Vec<(Arc<Font>, Vec<char>)> {
    if chars.is_empty() || search.is_off() {
        return Vec::new();
    }
    let mut chosen = Vec::new();
    let mut missing: Vec<bool> = vec![true; chars.len()];
    // The given folders first, then the system's for what they leave.
    let mut given = fontdb::Database::new();
    for dir in &search.dirs {
        given.load_fonts_dir(dir);
    }
    let mut passes = vec![given];
    if search.system {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        passes.push(db);
    }
    for db in passes {
        let candidates = candidates(&db, chars, &missing);
        choose(candidates, chars, &mut missing, &mut chosen);
        if !missing.contains(&true) {
            break;
        }
    }
    chosen
}

/// Every usable face of `db` that draws at least one of the `chars` still `missing`.
fn candidates(db: &fontdb::Database, chars: &[char], missing: &[bool]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut files: Vec<(PathBuf, Vec<u32>)> = Vec::new();
    for info in db.faces() {
        let path = match &info.source {
            fontdb::Source::File(p) => p.clone(),
            _ => continue,
        };
        match files.iter_mut().find(|(p, _)| *p == path) {
            Some((_, indices)) => indices.push(info.index),
            None => files.push((path, vec![info.index])),
        }
    }
    for (path, indices) in files {
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        for index in indices {
            let Ok(face) = ttf_parser::Face::parse(&data, index) else {
                continue;
            };
            if !usable(&face) {
                continue;
            }
            let covers: Vec<bool> = chars
                .iter()
                .zip(missing)
                .map(|(&c, &m)| m && face.glyph_index(c).is_some())
                .collect();
            if !covers.contains(&true) {
                continue;
            }
            let family = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == 1 || n.name_id == 16)
                .find_map(|n| n.to_string())
                .unwrap_or_default();
            out.push(Candidate {
                path: path.clone(),
                index,
                family,
                regular: !face.is_bold() && !face.is_italic() && face.weight().to_number() < 600,
                covers,
            });
        }
    }
    out
}

/// Whether terbit can embed the face: outlines it can subset, and a maker who allows it.
fn usable(face: &ttf_parser::Face) -> bool {
    let fs_type = font::fs_type(face);
    font::outlines(face).is_ok()
        && !font::forbids_embedding(fs_type)
        && !font::forbids_subsetting(fs_type)
}

/// Take from `candidates`, greedily, the fonts that draw the most of what is still `missing`.
fn choose(
    mut candidates: Vec<Candidate>,
    chars: &[char],
    missing: &mut [bool],
    chosen: &mut Vec<(Arc<Font>, Vec<char>)>,
) {
    candidates.sort_by(|a, b| {
        (!a.regular, &a.family, &a.path, a.index).cmp(&(!b.regular, &b.family, &b.path, b.index))
    });
    loop {
        let count = |c: &Candidate| {
            c.covers
                .iter()
                .zip(missing.iter())
                .filter(|(a, b)| **a && **b)
                .count()
        };
        // The first of the best (the sort above breaks ties).
        let Some(best) = candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (count(c), std::cmp::Reverse(i)))
            .max()
            .filter(|(n, _)| *n > 0)
            .map(|(_, std::cmp::Reverse(i))| i)
        else {
            return;
        };
        let c = candidates.remove(best);
        let Ok(data) = std::fs::read(&c.path) else {
            continue;
        };
        let Ok(font) = font::load(data, c.index, Origin::File(c.path.clone())) else {
            continue;
        };
        let drawn: Vec<char> = chars
            .iter()
            .zip(missing.iter_mut())
            .zip(&c.covers)
            .filter(|((_, m), covers)| **m && **covers)
            .map(|((&ch, m), _)| {
                *m = false;
                ch
            })
            .collect();
        chosen.push((font, drawn));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data_fonts() -> PathBuf {
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/fonts"))
    }

    #[test]
    fn the_font_drawing_most_is_taken_first_and_ties_go_to_the_regular_face() {
        let search = Search {
            dirs: vec![data_fonts()],
            system: false,
        };
        let found = find(&['ş', '中', 'ש', '\u{0E01}'], &search);
        let chosen: Vec<(String, Vec<char>)> = found
            .iter()
            .map(|(f, chars)| (f.family.clone(), chars.clone()))
            .collect();
        assert_eq!(
            chosen,
            [
                ("Test Symbols".to_string(), vec!['中', 'ש']),
                // Regular, then by name: not the bold, italic or restricted ones.
                ("Test Garamond".to_string(), vec!['ş']),
            ]
        );
        assert!(!found[1].0.italic && !found[1].0.bold);
        // Nothing, when told to look nowhere.
        assert!(find(&['中'], &Search::none()).is_empty());
    }

    #[test]
    fn a_font_that_forbids_embedding_is_passed_over() {
        let dir = std::env::temp_dir().join(format!("terbit-system-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(
            data_fonts().join("TestGaramond-Restricted.otf"),
            dir.join("r.otf"),
        )
        .unwrap();
        let search = Search {
            dirs: vec![dir.clone()],
            system: false,
        };
        assert!(find(&['ş'], &search).is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
