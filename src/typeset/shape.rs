//! Shaping: text in one face → positioned glyphs, through rustybuzz with the book's language set
//! (so Turkish `locl` forms apply) and, for languages that ask for it, ligatures turned off (an
//! fi ligature would hide the dot that tells Turkish i from ı).

use std::collections::HashMap;
use std::str::FromStr;

use rustybuzz::{Feature, UnicodeBuffer};

use crate::fonts::Face;
use crate::lang::Language;

/// One glyph as placed by the shaper, at a given size.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub id: u16,
    /// The text this glyph stands for (for copy and search): a whole cluster on its first glyph,
    /// empty on the rest of it.
    pub text: String,
    /// Advance in points, kerning included.
    pub advance: f32,
}

/// The parsed faces and what shaping needs to know about the book.
pub struct Shaper {
    language: rustybuzz::Language,
    features: Vec<Feature>,
    /// Shaped words, by face and text (books repeat their words a lot).
    cache: HashMap<(Face, String), std::rc::Rc<[UnitGlyph]>>,
}

/// A shaped glyph in font units (size-independent, so cached once per face and text).
#[derive(Debug, Clone)]
pub struct UnitGlyph {
    id: u16,
    cluster: u32,
    advance: i32,
}

impl Shaper {
    pub fn new(lang_tag: &str) -> Shaper {
        let language = rustybuzz::Language::from_str(lang_tag)
            .unwrap_or_else(|_| rustybuzz::Language::from_str("en").expect("en is a language"));
        let mut features = vec![];
        if Language::from_tag(lang_tag).avoid_fi_ligature() {
            features.push(Feature::from_str("-liga").expect("valid feature"));
        }
        Shaper {
            language,
            features,
            cache: HashMap::new(),
        }
    }

    fn face(&self, face: Face) -> &'static rustybuzz::Face<'static> {
        face.parsed()
    }

    pub fn units_per_em(&self, face: Face) -> f32 {
        self.face(face).units_per_em() as f32
    }

    /// Shape `text` in `face` at `size` points.
    pub fn shape(&mut self, text: &str, face: Face, size: f32) -> Vec<Glyph> {
        if text.is_empty() {
            return vec![];
        }
        let key = (face, text.to_string());
        let units = match self.cache.get(&key) {
            Some(u) => u.clone(),
            None => {
                let u: std::rc::Rc<[UnitGlyph]> = self.shape_units(text, face).into();
                self.cache.insert(key, u.clone());
                u
            }
        };
        let scale = size / self.units_per_em(face);
        let mut out = Vec::with_capacity(units.len());
        for (i, g) in units.iter().enumerate() {
            let start = g.cluster as usize;
            let first_of_cluster = i == 0 || units[i - 1].cluster != g.cluster;
            let glyph_text = if first_of_cluster {
                // The cluster runs to the next larger cluster start (LTR text).
                let end = units[i..]
                    .iter()
                    .map(|n| n.cluster as usize)
                    .find(|&c| c > start)
                    .unwrap_or(text.len());
                text[start..end].to_string()
            } else {
                String::new()
            };
            out.push(Glyph {
                id: g.id,
                text: glyph_text,
                advance: g.advance as f32 * scale,
            });
        }
        out
    }

    fn shape_units(&self, text: &str, face: Face) -> Vec<UnitGlyph> {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_language(self.language.clone());
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(self.face(face), &self.features, buffer);
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| UnitGlyph {
                id: info.glyph_id as u16,
                cluster: info.cluster,
                advance: pos.x_advance,
            })
            .collect()
    }

    /// The width of `text` in `face` at `size`.
    pub fn width(&mut self, text: &str, face: Face, size: f32) -> f32 {
        self.shape(text, face, size).iter().map(|g| g.advance).sum()
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
        let mut tr = Shaper::new("tr");
        let g = tr.shape("fil", Face::Regular, 10.0);
        assert_eq!(g.len(), 3, "Turkish fi must stay two glyphs");
        let text: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "fil");
    }

    #[test]
    fn glyph_texts_rebuild_the_input() {
        let mut s = Shaper::new("id");
        let input = "Doğaç İpek, Atatürk ılık şöyle — “kutip”";
        let g = s.shape(input, Face::Italic, 12.0);
        assert_eq!(g.iter().map(|g| g.text.as_str()).collect::<String>(), input);
        assert!(g.iter().all(|g| g.id != 0), "no .notdef");
    }

    #[test]
    fn width_scales_with_size() {
        let mut s = Shaper::new("id");
        let a = s.width("kata", Face::Regular, 10.0);
        let b = s.width("kata", Face::Regular, 20.0);
        assert!(a > 10.0 && (b - 2.0 * a).abs() < 0.01, "{a} {b}");
    }
}
