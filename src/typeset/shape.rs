//! Shaping: text in one face → positioned glyphs, through rustybuzz with the book's language set
//! (so Turkish `locl` forms apply) and, for languages that ask for it, ligatures turned off (an
//! fi ligature would hide the dot that tells Turkish i from ı).

use std::cell::RefCell;
use std::str::FromStr;

use rustc_hash::FxHashMap;
use rustybuzz::{Feature, UnicodeBuffer};

use std::sync::Arc;

use crate::fonts::{Face, FontSet};
use crate::lang::Language;

/// One glyph as placed by the shaper, at a given size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// The text this glyph stands for (for copy and search): a whole cluster on its first glyph,
    /// empty on the rest of it.
    pub text: GlyphText,
    /// Advance in points, kerning included.
    pub advance: f32,
}

/// The text of a glyph, kept inline (no allocation for each of a book's million glyphs): a
/// cluster of up to 7 bytes, which is nearly every cluster of ordinary text (a letter, a
/// ligature's two or three, a letter with a combining mark or two); longer ones are kept once
/// for the process and referred to by number. Eight bytes, so that a glyph is sixteen: a
/// 900-page book holds one and a half million of them. (Not `Copy` only so that code written
/// for a `String` here still reads well: a clone is a copy of 8 bytes.)
#[derive(Clone, PartialEq, Eq, Default)]
pub struct GlyphText {
    /// Length in bytes, or [`LONG`] for a long cluster whose number is in `bytes[..4]`.
    len: u8,
    bytes: [u8; 7],
}

const LONG: u8 = u8::MAX;

/// Clusters longer than a [`GlyphText`] holds inline, by number, and the number of each (found
/// by hashing: a chapter of many different long clusters was a search of all of them each).
static LONG_TEXTS: std::sync::Mutex<LongTexts> = std::sync::Mutex::new(LongTexts {
    list: Vec::new(),
    numbers: None,
});

struct LongTexts {
    list: Vec<&'static str>,
    numbers: Option<std::collections::HashMap<&'static str, u32>>,
}

impl GlyphText {
    pub fn new(s: &str) -> GlyphText {
        let mut bytes = [0u8; 7];
        if s.len() <= bytes.len() {
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            return GlyphText {
                len: s.len() as u8,
                bytes,
            };
        }
        let mut long = LONG_TEXTS.lock().unwrap_or_else(|e| e.into_inner());
        let LongTexts { list, numbers } = &mut *long;
        let numbers = numbers.get_or_insert_with(Default::default);
        let n = match numbers.get(s) {
            Some(&n) => n,
            None => {
                let text: &'static str = Box::leak(s.to_string().into_boxed_str());
                list.push(text);
                let n = (list.len() - 1) as u32;
                numbers.insert(text, n);
                n
            }
        };
        bytes[..4].copy_from_slice(&n.to_le_bytes());
        GlyphText { len: LONG, bytes }
    }

    /// Length in bytes (without looking at the text).
    pub fn len(&self) -> usize {
        if self.len == LONG {
            self.as_str().len()
        } else {
            usize::from(self.len)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn as_str(&self) -> &str {
        if self.len == LONG {
            let n =
                u32::from_le_bytes([self.bytes[0], self.bytes[1], self.bytes[2], self.bytes[3]]);
            let long = LONG_TEXTS.lock().unwrap_or_else(|e| e.into_inner());
            return long.list.get(n as usize).copied().unwrap_or_default();
        }
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl std::ops::Deref for GlyphText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for GlyphText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for GlyphText {
    fn from(s: &str) -> GlyphText {
        GlyphText::new(s)
    }
}

impl PartialEq<&str> for GlyphText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl FromIterator<GlyphText> for String {
    fn from_iter<I: IntoIterator<Item = GlyphText>>(iter: I) -> String {
        let mut s = String::new();
        for t in iter {
            s.push_str(&t);
        }
        s
    }
}

/// The book's language, as shaping needs it. Cheap to clone: every clone (one per thread that
/// sets chapters) shares the thread's word cache.
#[derive(Clone)]
pub struct Shaper {
    /// The book's fonts.
    fonts: Arc<FontSet>,
    /// The book's language tag, and the tag of the text being shaped when it differs (a span
    /// in another language: [`Shaper::set_language`]).
    book_tag: Arc<str>,
    tag: Option<Arc<str>>,
    language: rustybuzz::Language,
    features: Vec<Feature>,
    /// Identifies the language (and so the features) in the word cache.
    config: u64,
}

/// The shaper's language, features and cache identity for the language `tag`: Turkish
/// (and Azerbaijani, Tatar…) without the fi ligature.
fn language_config(tag: &str) -> (rustybuzz::Language, Vec<Feature>, u64) {
    let language = rustybuzz::Language::from_str(tag)
        .unwrap_or_else(|_| rustybuzz::Language::from_str("en").expect("en is a language"));
    let mut features = vec![];
    if Language::from_tag(tag).avoid_fi_ligature() {
        features.push(Feature::from_str("-liga").expect("valid feature"));
    }
    let config = {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        tag.hash(&mut h);
        h.finish()
    };
    (language, features, config)
}

/// A shaped glyph in font units (size-independent, so cached once per face and text).
#[derive(Debug, Clone)]
struct UnitGlyph {
    id: u16,
    text: GlyphText,
    advance: i32,
}

/// Shaped words of one language and font, by text.
type Words = FxHashMap<Box<str>, Box<[UnitGlyph]>>;

/// Words a thread keeps shaped, per language and font: more than a book's vocabulary (a long
/// novel has some 30,000 different words in a face), fewer than a listing of 800,000
/// different lines, whose cache took 200 MB. Past it the cache starts again.
const WORD_CACHE: usize = 60_000;

thread_local! {
    /// Shaped words, by language, font and text: books repeat their words a lot (a paragraph
    /// shapes each of its words once, for all its passes). One cache for each thread (no
    /// locks), kept for the process: both PDF editions of a build share it. Keyed by the
    /// font's identity ([`crate::fonts::Font::key`]), so a font changed between two builds
    /// of a `watch` session is never served the old one's glyphs.
    static WORDS: RefCell<FxHashMap<(u64, u64), Words>> =
        RefCell::new(FxHashMap::default());

    /// Shape plans (the font's lookups for a script, direction, language and features), made
    /// once instead of for every word: making one was most of what shaping a new word cost.
    static PLANS: RefCell<FxHashMap<PlanKey, rustybuzz::ShapePlan>> =
        RefCell::new(FxHashMap::default());
}

type PlanKey = (u64, u64, rustybuzz::Script, rustybuzz::Direction);

/// Fonts a thread keeps words and plans for: a build uses a dozen; past this (a long `watch`
/// session trying many fonts) the caches start again, so memory stays bounded.
const FONTS_CACHED: usize = 48;

impl Shaper {
    pub fn new(lang_tag: &str, fonts: Arc<FontSet>) -> Shaper {
        let (language, features, config) = language_config(lang_tag);
        Shaper {
            fonts,
            book_tag: lang_tag.into(),
            tag: None,
            language,
            features,
            config,
        }
    }

    /// Shape what follows in the language `tag` (a span in another language: its `locl`
    /// forms, its ligatures), or, for `None`, the book's again.
    pub fn set_language(&mut self, tag: Option<&Arc<str>>) {
        if self.tag.as_ref() == tag {
            return;
        }
        self.tag = tag.cloned();
        let tag = self.tag.as_deref().unwrap_or(&self.book_tag);
        (self.language, self.features, self.config) = language_config(tag);
    }

    fn face(&self, face: Face) -> &rustybuzz::Face<'static> {
        &self.fonts.font(face).face
    }

    /// The book's fonts.
    pub fn fonts(&self) -> &Arc<FontSet> {
        &self.fonts
    }

    pub fn units_per_em(&self, face: Face) -> f32 {
        self.face(face).units_per_em() as f32
    }

    /// Shape `text` in `face` at `size` points.
    pub fn shape(&mut self, text: &str, face: Face, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        self.shape_into(text, face, size, &mut out);
        out
    }

    /// Shape `text` in `face` at `size` points onto the end of `out` (a paragraph shapes all its
    /// words into one buffer).
    pub fn shape_into(&mut self, text: &str, face: Face, size: f32, out: &mut Vec<Glyph>) {
        let scale = size / self.units_per_em(face);
        self.with_units(text, face, |units| {
            out.extend(units.iter().map(|u| Glyph {
                id: u.id,
                text: u.text.clone(),
                advance: u.advance as f32 * scale,
            }))
        })
    }

    /// `f` of the glyphs of `text` in `face`, in font units, from the cache or shaped and
    /// cached.
    fn with_units<R>(&self, text: &str, face: Face, f: impl FnOnce(&[UnitGlyph]) -> R) -> R {
        if text.is_empty() {
            return f(&[]);
        }
        let font = self.fonts.font(face).key;
        WORDS.with_borrow_mut(|cache| {
            if cache.len() >= FONTS_CACHED && !cache.contains_key(&(self.config, font)) {
                cache.clear();
            }
            let words = cache.entry((self.config, font)).or_default();
            if let Some(units) = words.get(text) {
                return f(units);
            }
            let units = self.shape_units(text, face).into_boxed_slice();
            let out = f(&units);
            if words.len() >= WORD_CACHE {
                words.clear();
            }
            words.insert(text.into(), units);
            out
        })
    }

    /// `text` shaped in `face`. A stretch of right-to-left script inside it (a Hebrew or
    /// Arabic phrase in a line of code) is shaped on its own, right to left, and set where it
    /// stands: text that runs left to right with such phrases in it comes out in the order a
    /// reader expects, each phrase read from the right. (Not the whole Unicode bidirectional
    /// algorithm: a paragraph that is right to left as a whole is still set left to right.)
    fn shape_units(&self, text: &str, face: Face) -> Vec<UnitGlyph> {
        let runs = crate::lang::bidi::runs(text);
        if runs.len() <= 1 {
            return self.shape_run(text, face);
        }
        runs.into_iter()
            .flat_map(|range| self.shape_run(&text[range], face))
            .collect()
    }

    fn shape_run(&self, text: &str, face: Face) -> Vec<UnitGlyph> {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_language(self.language.clone());
        buffer.guess_segment_properties();
        let (script, direction) = (buffer.script(), buffer.direction());
        let rb_face = self.face(face);
        let font = self.fonts.font(face).key;
        let shaped = PLANS.with_borrow_mut(|plans| {
            if plans.len() >= FONTS_CACHED * 4
                && !plans.contains_key(&(self.config, font, script, direction))
            {
                plans.clear();
            }
            let plan = plans
                .entry((self.config, font, script, direction))
                .or_insert_with(|| {
                    let known = (script != rustybuzz::script::UNKNOWN).then_some(script);
                    rustybuzz::ShapePlan::new(
                        rb_face,
                        direction,
                        known,
                        Some(&self.language),
                        &self.features,
                    )
                });
            rustybuzz::shape_with_plan(rb_face, plan, buffer)
        });
        let infos = shaped.glyph_infos();
        // Cluster starts in text order: a cluster runs to the next one's start. (Right-to-left
        // text comes out of the shaper in visual order, its clusters descending.)
        let mut starts: Vec<usize> = infos.iter().map(|n| n.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        infos
            .iter()
            .zip(shaped.glyph_positions())
            .enumerate()
            .map(|(i, (info, pos))| {
                let start = info.cluster as usize;
                let first_of_cluster = i == 0 || infos[i - 1].cluster != info.cluster;
                let glyph_text = if first_of_cluster {
                    let next = starts.partition_point(|&c| c <= start);
                    let end = starts.get(next).copied().unwrap_or(text.len());
                    GlyphText::new(text.get(start..end).unwrap_or_default())
                } else {
                    GlyphText::default()
                };
                UnitGlyph {
                    id: info.glyph_id as u16,
                    text: glyph_text,
                    advance: pos.x_advance,
                }
            })
            .collect()
    }

    /// The width of `text` in `face` at `size`.
    pub fn width(&mut self, text: &str, face: Face, size: f32) -> f32 {
        // As the sum of the advances of `shape`'s glyphs, to the bit.
        let scale = size / self.units_per_em(face);
        self.with_units(text, face, |units| {
            units.iter().map(|u| u.advance as f32 * scale).sum()
        })
    }

    /// Whether `face` has a glyph for `c`.
    pub fn has_char(&self, face: Face, c: char) -> bool {
        self.face(face).glyph_index(c).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_keeps_f_and_i_apart_and_indonesian_may_ligate() {
        let mut tr = Shaper::new("tr", FontSet::bundled());
        let g = tr.shape("fil", Face::Regular, 10.0);
        assert_eq!(g.len(), 3, "Turkish fi must stay two glyphs");
        let text: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "fil");
    }

    #[test]
    fn glyph_texts_rebuild_the_input() {
        let mut s = Shaper::new("id", FontSet::bundled());
        let input = "Doğaç İpek, Atatürk ılık şöyle — “kutip”";
        let g = s.shape(input, Face::Italic, 12.0);
        assert_eq!(g.iter().map(|g| g.text.as_str()).collect::<String>(), input);
        assert!(g.iter().all(|g| g.id != 0), "no .notdef");
    }

    #[test]
    fn long_clusters_keep_their_text() {
        let long = "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}";
        assert!(long.len() > 7);
        let t = GlyphText::new(long);
        assert_eq!(t.as_str(), long);
        assert_eq!(GlyphText::new("ğ").as_str(), "ğ");
        assert_eq!(GlyphText::new("ffi").as_str(), "ffi");
        assert_eq!(GlyphText::new(long), t);
        // What a 900-page book holds one and a half million of.
        assert_eq!(std::mem::size_of::<Glyph>(), 16);
    }

    #[test]
    fn width_scales_with_size() {
        let mut s = Shaper::new("id", FontSet::bundled());
        let a = s.width("kata", Face::Regular, 10.0);
        let b = s.width("kata", Face::Regular, 20.0);
        assert!(a > 10.0 && (b - 2.0 * a).abs() < 0.01, "{a} {b}");
    }

    /// The font `file` of tests/data/fonts, and terbit's set with it as the regular face.
    fn with_regular(file: &str) -> (Arc<crate::fonts::Font>, Arc<FontSet>) {
        let path = format!("{}/tests/data/fonts/{file}", env!("CARGO_MANIFEST_DIR"));
        let data = std::fs::read(path).unwrap();
        let font = crate::fonts::font::load(data, 0, crate::fonts::Origin::Bundled).unwrap();
        let mut roles = crate::fonts::set::bundled_roles();
        roles[0] = font.clone();
        (font, Arc::new(FontSet::new(roles, vec![])))
    }

    #[test]
    fn the_word_cache_knows_which_font_shaped_a_word() {
        // Two sets whose regular face differs, used one after the other on one thread (as
        // two builds of a `watch` session are): each word in each set's own glyphs.
        let (sans, other) = with_regular("TestSans-Regular.ttf");
        let direct = |font: &crate::fonts::Font, text: &str| -> Vec<u16> {
            let mut b = UnicodeBuffer::new();
            b.push_str(text);
            rustybuzz::shape(&font.face, &[], b)
                .glyph_infos()
                .iter()
                .map(|i| i.glyph_id as u16)
                .collect()
        };
        let ids = |g: Vec<Glyph>| g.iter().map(|g| g.id).collect::<Vec<u16>>();
        let mut a = Shaper::new("id", FontSet::bundled());
        let mut b = Shaper::new("id", other.clone());
        let gentium = ids(a.shape("kata", Face::Regular, 10.0));
        let in_sans = ids(b.shape("kata", Face::Regular, 10.0));
        assert_eq!(in_sans, direct(&sans, "kata"));
        assert_eq!(
            gentium,
            direct(FontSet::bundled().font(Face::Regular), "kata")
        );
        assert_ne!(gentium, in_sans);
        // The bold face is the same font in both: the same glyphs.
        assert_eq!(
            ids(a.shape("kata", Face::Bold, 10.0)),
            ids(b.shape("kata", Face::Bold, 10.0))
        );
    }

    #[test]
    fn a_right_to_left_phrase_is_set_right_to_left_where_it_stands() {
        // A font that draws Hebrew (tests/data/fonts): the phrase comes out in visual order
        // (its first letter rightmost), the text around it left to right.
        let (_, hebrew) = with_regular("TestSymbols-Regular.ttf");
        // Words in the phrase's order, right to left (which font draws them aside).
        let mut mono = Shaper::new("en", FontSet::bundled());
        let g = mono.shape("a שלום עולם b", Face::Mono, 10.0);
        let texts: Vec<&str> = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "a", " ", "ם", "ל", "ו", "ע", " ", "ם", "ו", "ל", "ש", " ", "b"
            ]
        );
        let mut s = Shaper::new("en", hebrew);
        let g = s.shape("a שלום שלום b", Face::Regular, 10.0);
        let texts: Vec<&str> = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "a", " ", "ם", "ו", "ל", "ש", " ", "ם", "ו", "ל", "ש", " ", "b"
            ]
        );
        assert!(
            g.iter()
                .filter(|g| g.text.chars().all(crate::lang::bidi::is_rtl))
                .all(|g| g.id != 0),
            "{g:?}"
        );
    }
}
