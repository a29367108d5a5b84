//! The fonts of one book: which font fills each role, and the fallbacks in the order they are
//! tried. Every stage that draws or embeds text asks the same set, so the PDFs, the EPUB and
//! the checks agree on which font draws each character.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::bundled::Bundled;
use super::{Face, Font, needs_no_glyph};

/// The fonts of a book.
#[derive(Debug, Clone)]
pub struct FontSet {
    /// The different fonts, each once (a font filling two roles is embedded once).
    fonts: Vec<Arc<Font>>,
    /// For each role of [`Face::ROLES`], its font's place in `fonts`.
    roles: [u16; 10],
    /// The fallbacks' places in `fonts`, in the order they are tried.
    fallbacks: Vec<u16>,
}

impl Default for FontSet {
    /// terbit's own fonts (see [`FontSet::bundled`]).
    fn default() -> Self {
        FontSet::bundled().as_ref().clone()
    }
}

impl FontSet {
    /// A set with `roles` (one font for each of [`Face::ROLES`]) and `fallbacks`.
    pub fn new(roles: [Arc<Font>; 10], fallbacks: Vec<Arc<Font>>) -> FontSet {
        let mut set = FontSet {
            fonts: Vec::new(),
            roles: [0; 10],
            fallbacks: Vec::new(),
        };
        for (i, font) in roles.into_iter().enumerate() {
            set.roles[i] = set.place(font);
        }
        for font in fallbacks {
            set.push_fallback(font);
        }
        set
    }

    /// terbit's own fonts: Gentium, DejaVu Sans Mono, and the bundled fallbacks.
    pub fn bundled() -> Arc<FontSet> {
        static SET: OnceLock<Arc<FontSet>> = OnceLock::new();
        SET.get_or_init(|| Arc::new(FontSet::new(bundled_roles(), bundled_fallbacks())))
            .clone()
    }

    fn place(&mut self, font: Arc<Font>) -> u16 {
        match self.fonts.iter().position(|f| f.key == font.key) {
            Some(i) => i as u16,
            None => {
                self.fonts.push(font);
                (self.fonts.len() - 1) as u16
            }
        }
    }

    /// Add a fallback, tried after those already there (once: a font already a fallback is
    /// not added again).
    pub fn push_fallback(&mut self, font: Arc<Font>) {
        if self.fallbacks.len() >= usize::from(u8::MAX) {
            return;
        }
        let i = self.place(font);
        if !self.fallbacks.contains(&i) {
            self.fallbacks.push(i);
        }
    }

    /// The font that fills `face`.
    #[inline]
    pub fn font(&self, face: Face) -> &Arc<Font> {
        &self.fonts[self.index(face)]
    }

    /// The place of `face`'s font among [`FontSet::fonts`].
    #[inline]
    pub fn index(&self, face: Face) -> usize {
        match face {
            Face::Fallback(n) => self
                .fallbacks
                .get(usize::from(n))
                .map_or(usize::from(self.roles[0]), |&i| usize::from(i)),
            role => usize::from(self.roles[role.role().unwrap_or(0)]),
        }
    }

    /// The different fonts of the set, each once.
    pub fn fonts(&self) -> &[Arc<Font>] {
        &self.fonts
    }

    /// Every face: the roles, then the fallbacks.
    pub fn faces(&self) -> impl Iterator<Item = Face> + '_ {
        Face::ROLES
            .into_iter()
            .chain((0..self.fallbacks.len()).map(|n| Face::Fallback(n as u8)))
    }

    /// The fallback faces, in the order they are tried.
    pub fn fallbacks(&self) -> impl Iterator<Item = Face> + '_ {
        (0..self.fallbacks.len()).map(|n| Face::Fallback(n as u8))
    }

    /// Whether `face`'s font has a glyph for `c`.
    #[inline]
    pub fn has_char(&self, face: Face, c: char) -> bool {
        self.font(face).has_char(c)
    }

    /// The face that draws `c` in text set in `face`: `face` when its font has `c` (or `c`
    /// needs no glyph), else the first fallback that has it, else `face` (whose empty box,
    /// .notdef, then stands for it).
    pub fn for_char(&self, face: Face, c: char) -> Face {
        if self.has_char(face, c) || face.is_fallback() || needs_no_glyph(c) {
            return face;
        }
        self.fallbacks()
            .find(|&f| self.has_char(f, c))
            .unwrap_or(face)
    }

    /// The face that draws `c` followed by `then`, the emoji presentation selector (U+FE0F)
    /// and keycap (U+20E3) after it: the first fallback that has them all (`1️⃣`, `©️` and
    /// `❤️` in the emoji font, as the selector asks, though the text's font has the digit),
    /// else [`FontSet::for_char`]'s.
    fn for_sequence(&self, face: Face, c: char, then: &str) -> Face {
        self.fallbacks()
            .find(|&f| self.has_char(f, c) && then.chars().all(|t| self.has_char(f, t)))
            .unwrap_or_else(|| self.for_char(face, c))
    }

    /// `text`, set in `face`, cut where the face that draws it changes (see
    /// [`FontSet::for_char`]): each stretch's byte range and face. Joiners, variation
    /// selectors, skin tones and combining marks stay with the character they follow; a
    /// character asking for emoji presentation goes to the font that has it (see
    /// `for_sequence`).
    pub fn face_runs(&self, text: &str, face: Face) -> Vec<(Range<usize>, Face)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut current = face;
        for (i, c) in text.char_indices() {
            let rest = &text[i + c.len_utf8()..];
            let then = &rest[..rest
                .find(|t| !matches!(t, '\u{FE0F}' | '\u{20E3}'))
                .unwrap_or(rest.len())];
            let next = if needs_no_glyph(c) && c != ' ' {
                current
            } else if !then.is_empty() {
                self.for_sequence(face, c, then)
            } else {
                self.for_char(face, c)
            };
            if next != current {
                if i > start {
                    out.push((start..i, current));
                }
                start = i;
                current = next;
            }
        }
        if start < text.len() || out.is_empty() {
            out.push((start..text.len(), current));
        }
        out
    }
}

/// The roles filled by terbit's own fonts: Gentium for body and headings, DejaVu Sans Mono
/// for code (regular and bold alike).
pub fn bundled_roles() -> [Arc<Font>; 10] {
    let f = |b: Bundled| b.font().clone();
    let body = [
        f(Bundled::Regular),
        f(Bundled::Italic),
        f(Bundled::Bold),
        f(Bundled::BoldItalic),
    ];
    [
        body[0].clone(),
        body[1].clone(),
        body[2].clone(),
        body[3].clone(),
        body[0].clone(),
        body[1].clone(),
        body[2].clone(),
        body[3].clone(),
        f(Bundled::Mono),
        f(Bundled::Mono),
    ]
}

/// terbit's own fallbacks, in the order they are tried.
pub fn bundled_fallbacks() -> Vec<Arc<Font>> {
    Bundled::FALLBACKS
        .iter()
        .map(|b| b.font().clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_emoji_fall_back_to_a_face_that_has_them() {
        let set = FontSet::bundled();
        let family = |f: Face| set.font(f).family.clone();
        assert_eq!(set.for_char(Face::Regular, 'a'), Face::Regular);
        assert_eq!(set.for_char(Face::Mono, '→'), Face::Mono);
        assert_eq!(family(set.for_char(Face::Regular, '∲')), "Noto Sans Math");
        assert_eq!(family(set.for_char(Face::Italic, '≧')), "Noto Sans Math");
        assert_eq!(
            family(set.for_char(Face::Regular, '⠿')),
            "Noto Sans Symbols2"
        );
        for c in ['😻', '🚨', '👍'] {
            assert_eq!(family(set.for_char(Face::Regular, c)), "Noto Emoji", "{c}");
            assert_eq!(family(set.for_char(Face::Mono, c)), "Noto Emoji", "{c}");
        }
        // Nothing has it: the text's own face draws its empty box.
        assert_eq!(set.for_char(Face::Regular, '中'), Face::Regular);
        assert_eq!(set.for_char(Face::Bold, '\u{E0B0}'), Face::Bold);
    }

    #[test]
    fn a_font_in_two_roles_is_one_font() {
        let set = FontSet::bundled();
        assert_eq!(set.fonts().len(), 8);
        assert_eq!(set.index(Face::Heading), set.index(Face::Regular));
        assert_eq!(set.index(Face::MonoBold), set.index(Face::Mono));
        assert_ne!(set.index(Face::Bold), set.index(Face::Regular));
    }

    #[test]
    fn every_text_face_draws_turkish_and_indonesian_letters() {
        let set = FontSet::bundled();
        for face in Face::ROLES {
            for c in "ıİğĞşŞçÇöÖüÜâîû“”–—…".chars() {
                assert!(set.has_char(face, c), "{face:?} lacks {c}");
            }
        }
    }
}
