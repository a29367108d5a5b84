//! Which characters each embedded font must draw, and the fonts cut down to them.
//!
//! The full faces weigh 0.3–0.9 MB each; a book uses a few hundred characters. klippa (a port of
//! hb-subset) keeps cmap, GSUB/GPOS (so readers still kern and apply `locl`/`mark`) and the
//! glyphs reachable from the kept characters through layout (ligatures, alternates).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use fontcull_klippa::{DEFAULT_LAYOUT_FEATURES, Plan, SubsetFlags, subset_font};
use fontcull_skrifa::raw::collections::IntSet;
use fontcull_skrifa::raw::types::{GlyphId, NameId, Tag};
use fontcull_skrifa::{FontRef, MetadataProvider};

use crate::error::{Error, Result};
use crate::fonts::{Face, Font, FontSet, Outlines};

/// The characters each of the book's fonts draws, gathered while the XHTML is written: the
/// first 256 in a table (a long book's text is over a million of them, each once looked up in
/// a tree), the rest in a set. Fonts by their place in the book's [`FontSet`].
#[derive(Debug, Clone)]
pub struct GlyphUse {
    set: Arc<FontSet>,
    latin: Vec<[bool; 256]>,
    others: BTreeMap<usize, BTreeSet<char>>,
}

impl Default for GlyphUse {
    /// For a book in terbit's own fonts.
    fn default() -> Self {
        GlyphUse::new(FontSet::bundled())
    }
}

/// Characters a reader may draw that are not in the text: hyphens it inserts when it hyphenates
/// (`hyphens: auto`), the digits and bullets of list markers, and the Turkish and Indonesian
/// letters in both cases (a reader that changes case, or draws notes and search results in the
/// book's font, still finds them; they cost a few kilobytes).
const GENERATED: &str = "-\u{2010}0123456789.•\u{a0} ıİiIğĞşŞçÇöÖüÜâÂîÎûÛ";

impl GlyphUse {
    pub fn new(set: Arc<FontSet>) -> GlyphUse {
        GlyphUse {
            latin: vec![[false; 256]; set.fonts().len()],
            set,
            others: BTreeMap::new(),
        }
    }

    /// The book's fonts.
    pub fn set(&self) -> &Arc<FontSet> {
        &self.set
    }

    /// Note that `text` is drawn in `face`: each character in `face`'s font, or in the fallback
    /// that draws it when that lacks it (as the PDFs draw it: [`FontSet::for_char`]).
    pub fn record(&mut self, face: Face, text: &str) {
        // Nearly all text is in its face's font: one look at each character.
        let font = self.set.font(face);
        // (An emoji presentation selector may send the character before it to another font.)
        if text
            .chars()
            .all(|c| (font.has_char(c) || c.is_control()) && c != '\u{FE0F}')
        {
            let font = self.set.index(face);
            return self.record_in(font, text);
        }
        for (range, face) in self.set.clone().face_runs(text, face) {
            self.record_in(self.set.index(face), &text[range]);
        }
    }

    fn record_in(&mut self, font: usize, text: &str) {
        for c in text.chars().filter(|c| !c.is_control()) {
            match u8::try_from(c) {
                Ok(b) => self.latin[font][usize::from(b)] = true,
                Err(_) => {
                    self.others.entry(font).or_default().insert(c);
                }
            }
        }
    }

    /// The fonts (by place in the set) that draw at least one visible character, in order.
    pub fn used_fonts(&self) -> Vec<usize> {
        (0..self.set.fonts().len())
            .filter(|&font| self.recorded(font).any(|c| !c.is_whitespace()))
            .collect()
    }

    /// The characters to keep in font number `font`: those recorded plus what the reader
    /// generates (those the font has).
    pub fn chars_of(&self, font: usize) -> BTreeSet<char> {
        let mut set: BTreeSet<char> = self.recorded(font).collect();
        set.extend(GENERATED.chars());
        set
    }

    /// The characters kept in the font that draws `face`.
    #[cfg(test)]
    pub fn chars(&self, face: Face) -> BTreeSet<char> {
        self.chars_of(self.set.index(face))
    }

    /// The characters recorded for font number `font`.
    fn recorded(&self, font: usize) -> impl Iterator<Item = char> + '_ {
        let latin = self.latin[font]
            .iter()
            .enumerate()
            .filter(|(_, used)| **used)
            .map(|(b, _)| char::from(b as u8));
        latin.chain(self.others.get(&font).into_iter().flatten().copied())
    }
}

/// Tables dropped from the subset: Graphite and AAT tables (Gentium carries Graphite's `Silt`)
/// and the legacy `kern` table refer to glyph ids that subsetting renumbers, and klippa would copy
/// them through unchanged, i.e. broken. Hinting goes too: e-readers hint on their own, and it is
/// a large share of the file.
const DROPPED_TABLES: &[&[u8; 4]] = &[
    b"morx", b"mort", b"kerx", b"kern", b"feat", b"trak", b"JSTF", b"DSIG", b"EBDT", b"EBLC",
    b"EBSC", b"SVG ", b"PCLT", b"LTSH", b"Glat", b"Gloc", b"Silf", b"Sill", b"Silt", b"FFTM",
    b"fpgm", b"prep", b"cvt ", b"gasp", b"cvar", b"hdmx", b"VDMX",
];

/// Name records kept: family, style, unique id, full name, version, PostScript name, and the
/// license and its URL (the OFL requires the license to travel with the font).
const NAME_IDS: &[u16] = &[0, 1, 2, 3, 4, 5, 6, 13, 14];

/// `font` cut down to the characters in `chars` (plus .notdef and layout closure).
///
/// klippa copies a CFF table (most `.otf` fonts) whole, without renumbering its glyphs: such a
/// font keeps its glyph numbers (`RETAIN_GIDS`, and its last glyph, so that its glyph count
/// stays the CFF table's), so that its cmap, metrics and layout still point at the right
/// outlines — all the outlines stay, the rest is cut, and the text draws right. Every result
/// is checked against the original (each kept character's glyph and advance), and a font whose
/// subset would draw differently goes in whole.
pub fn subset(font: &Font, chars: &BTreeSet<char>) -> Result<Vec<u8>> {
    let fail = |what: String| Error::Other(format!("subsetting font {}: {what}", font.describe()));
    let original = font;
    let flags = match font.outlines {
        Outlines::Cff => {
            SubsetFlags::SUBSET_FLAGS_NO_HINTING | SubsetFlags::SUBSET_FLAGS_RETAIN_GIDS
        }
        Outlines::TrueType => SubsetFlags::SUBSET_FLAGS_NO_HINTING,
    };
    let font = FontRef::from_index(font.data, font.index).map_err(|e| fail(e.to_string()))?;

    let unicodes: IntSet<u32> = chars.iter().map(|&c| c as u32).collect();
    let mut gids: IntSet<GlyphId> = IntSet::empty();
    if original.outlines == Outlines::Cff {
        let count = original.face.number_of_glyphs();
        gids.insert(GlyphId::new(u32::from(count.saturating_sub(1))));
    }
    let drop_tables: IntSet<Tag> = DROPPED_TABLES.iter().map(|t| Tag::new(t)).collect();
    let mut scripts: IntSet<Tag> = IntSet::empty();
    scripts.invert(); // every script: the text may be in any of them
    let features: IntSet<Tag> = DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    let name_ids: IntSet<NameId> = NAME_IDS.iter().map(|&id| NameId::new(id)).collect();
    let mut name_languages: IntSet<u16> = IntSet::empty();
    name_languages.insert(0x0409); // Windows English (US): the only language these fonts name
    let plan = Plan::new(
        &gids,
        &unicodes,
        &font,
        flags,
        &drop_tables,
        &scripts,
        &features,
        &name_ids,
        &name_languages,
    );
    let bytes = subset_font(&font, &plan).map_err(|e| fail(e.to_string()))?;

    // Check the result before shipping it: it must parse and still map the characters it kept.
    let out = FontRef::new(&bytes).map_err(|e| fail(format!("result does not parse: {e}")))?;
    let (charmap, full) = (out.charmap(), font.charmap());
    if let Some(c) = chars
        .iter()
        .find(|&&c| full.map(c).is_some() && charmap.map(c).is_none())
    {
        return Err(fail(format!("result lost the character {c:?}")));
    }
    if !draws_alike(original, &bytes, chars) {
        return Ok(original.data.to_vec());
    }
    Ok(bytes)
}

/// Whether `subset` draws each of `chars` as `font` does: the same advance and, for a CFF
/// font (whose glyphs keep their numbers), the same glyph.
fn draws_alike(font: &Font, subset: &[u8], chars: &BTreeSet<char>) -> bool {
    let Ok(sub) = rustybuzz::ttf_parser::Face::parse(subset, 0) else {
        return false;
    };
    let full = &font.face;
    chars.iter().all(|&c| {
        let (Some(a), Some(b)) = (full.glyph_index(c), sub.glyph_index(c)) else {
            return true;
        };
        full.glyph_hor_advance(a) == sub.glyph_hor_advance(b)
            && (font.outlines != Outlines::Cff || a == b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustybuzz::ttf_parser;

    #[test]
    fn subset_keeps_the_used_letters_and_is_smaller() {
        let chars: BTreeSet<char> = "Çağrı İstanbul'da şöyle".chars().collect();
        let set = FontSet::bundled();
        let regular = set.font(Face::Regular);
        let bytes = subset(regular, &chars).unwrap();
        assert!(
            bytes.len() * 10 < regular.data.len(),
            "{} bytes",
            bytes.len()
        );
        let f = ttf_parser::Face::parse(&bytes, 0).expect("subset parses");
        for c in ['ğ', 'İ', 'ş', 'Ç', 'ö', 'a'] {
            assert!(f.glyph_index(c).is_some(), "subset lacks {c}");
        }
        // A letter the text does not use is gone.
        assert!(f.glyph_index('Q').is_none());
        assert!(
            f.tables().gpos.is_some() && f.tables().gsub.is_some(),
            "layout tables kept"
        );
        assert!(
            f.names()
                .into_iter()
                .any(|n| n.name_id == ttf_parser::name_id::FAMILY)
        );
    }

    #[test]
    fn mono_face_subsets_too() {
        let chars: BTreeSet<char> = "fn main() { ğ }".chars().collect();
        let set = FontSet::bundled();
        let mono = set.font(Face::Mono);
        let bytes = subset(mono, &chars).unwrap();
        let f = ttf_parser::Face::parse(&bytes, 0).unwrap();
        assert!(f.glyph_index('{').is_some() && f.glyph_index('ğ').is_some());
        assert!(bytes.len() < mono.data.len() / 4);
    }

    #[test]
    fn used_faces_ignore_whitespace_only_faces() {
        let mut u = GlyphUse::default();
        u.record(Face::Regular, "kata");
        u.record(Face::Bold, " \n");
        assert_eq!(u.used_fonts(), vec![u.set().index(Face::Regular)]);
        assert!(
            u.chars(Face::Regular).contains(&'\u{2010}'),
            "reader-inserted hyphen kept"
        );
    }
}
