//! The fonts terbit embeds: Gentium Book Plus (serif, four styles) for text and DejaVu Sans Mono
//! for code, and three fallbacks for what those lack — Noto Sans Math (arrows, operators,
//! mathematical letters), Noto Sans Symbols 2 (dingbats, geometric shapes, Braille, games) and
//! Noto Emoji (monochrome emoji). They are compiled into the binary (one file to install, no font
//! lookup at run time); their licenses are in `fonts/` beside them.

/// One embedded font face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    Mono,
    /// Fallbacks, tried in this order for a character the face of its text lacks.
    Math,
    Symbols,
    Emoji,
}

impl Face {
    pub const ALL: [Face; 8] = [
        Face::Regular,
        Face::Italic,
        Face::Bold,
        Face::BoldItalic,
        Face::Mono,
        Face::Math,
        Face::Symbols,
        Face::Emoji,
    ];

    /// The fallbacks, in the order they are tried.
    pub const FALLBACKS: [Face; 3] = [Face::Math, Face::Emoji, Face::Symbols];

    /// Whether this is one of the [`Face::FALLBACKS`].
    pub fn is_fallback(self) -> bool {
        matches!(self, Face::Math | Face::Symbols | Face::Emoji)
    }

    /// The font file (TrueType outlines).
    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../fonts/GentiumBookPlus-Regular.ttf"),
            Face::Italic => include_bytes!("../fonts/GentiumBookPlus-Italic.ttf"),
            Face::Bold => include_bytes!("../fonts/GentiumBookPlus-Bold.ttf"),
            Face::BoldItalic => include_bytes!("../fonts/GentiumBookPlus-BoldItalic.ttf"),
            Face::Mono => include_bytes!("../fonts/DejaVuSansMono.ttf"),
            Face::Math => include_bytes!("../fonts/NotoSansMath-Regular.ttf"),
            Face::Symbols => include_bytes!("../fonts/NotoSansSymbols2-Regular.ttf"),
            Face::Emoji => include_bytes!("../fonts/NotoEmoji-Regular.ttf"),
        }
    }

    /// The face parsed for shaping and metrics: parsed once per process, shared by every
    /// thread and every edition.
    pub fn parsed(self) -> &'static rustybuzz::Face<'static> {
        parsed(self)
    }

    /// File name of the face as shipped in `fonts/` (and inside the EPUB).
    pub fn file_name(self) -> &'static str {
        match self {
            Face::Regular => "GentiumBookPlus-Regular.ttf",
            Face::Italic => "GentiumBookPlus-Italic.ttf",
            Face::Bold => "GentiumBookPlus-Bold.ttf",
            Face::BoldItalic => "GentiumBookPlus-BoldItalic.ttf",
            Face::Mono => "DejaVuSansMono.ttf",
            Face::Math => "NotoSansMath-Regular.ttf",
            Face::Symbols => "NotoSansSymbols2-Regular.ttf",
            Face::Emoji => "NotoEmoji-Regular.ttf",
        }
    }

    /// PostScript-style name, used for PDF font names (`ABCDEF+GentiumBookPlus-Regular`).
    pub fn postscript_name(self) -> &'static str {
        self.file_name().trim_end_matches(".ttf")
    }

    /// CSS family name.
    pub fn family(self) -> &'static str {
        match self {
            Face::Mono => "DejaVu Sans Mono",
            Face::Math => "Noto Sans Math",
            Face::Symbols => "Noto Sans Symbols 2",
            Face::Emoji => "Noto Emoji",
            _ => "Gentium Book Plus",
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(self, Face::Bold | Face::BoldItalic)
    }

    pub fn is_italic(self) -> bool {
        matches!(self, Face::Italic | Face::BoldItalic)
    }

    /// The face with italic switched on or off.
    pub fn with_italic(self, on: bool) -> Face {
        match (self, on) {
            (Face::Mono | Face::Math | Face::Symbols | Face::Emoji, _) => self,
            (Face::Regular | Face::Italic, true) => Face::Italic,
            (Face::Bold | Face::BoldItalic, true) => Face::BoldItalic,
            (Face::Regular | Face::Italic, false) => Face::Regular,
            (Face::Bold | Face::BoldItalic, false) => Face::Bold,
        }
    }

    /// The face with bold switched on.
    pub fn with_bold(self) -> Face {
        match self {
            Face::Regular | Face::Bold => Face::Bold,
            Face::Italic | Face::BoldItalic => Face::BoldItalic,
            Face::Mono | Face::Math | Face::Symbols | Face::Emoji => self,
        }
    }

    /// The face that draws `c` in text set in this face: this one when it has `c` (or `c` is
    /// a character no face needs to draw), else the first fallback that has it, else this one
    /// (whose empty box, .notdef, then stands for it).
    pub fn for_char(self, c: char) -> Face {
        if has_char(self, c) || self.is_fallback() || needs_no_glyph(c) {
            return self;
        }
        Face::FALLBACKS
            .into_iter()
            .find(|&f| has_char(f, c))
            .unwrap_or(self)
    }
}

/// `text`, set in `face`, cut where the face that draws it changes (see [`Face::for_char`]):
/// each stretch's byte range and face. Joiners, variation selectors, skin tones and combining
/// marks stay with the character they follow.
pub fn face_runs(text: &str, face: Face) -> Vec<(std::ops::Range<usize>, Face)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = face;
    for (i, c) in text.char_indices() {
        let next = if needs_no_glyph(c) && c != ' ' {
            current
        } else {
            face.for_char(c)
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

/// Whether `face` has a glyph for `c`. The first 256 characters (nearly all of a Latin-script
/// book's) are looked up in a table made once; the rest in the font's character map.
pub fn has_char(face: Face, c: char) -> bool {
    static LATIN: std::sync::OnceLock<Vec<[bool; 256]>> = std::sync::OnceLock::new();
    if (c as u32) < 256 {
        let table = LATIN.get_or_init(|| {
            Face::ALL
                .iter()
                .map(|&f| {
                    let face = parsed(f);
                    std::array::from_fn(|i| {
                        char::from_u32(i as u32).is_some_and(|c| face.glyph_index(c).is_some())
                    })
                })
                .collect()
        });
        return table[face as usize][c as usize];
    }
    parsed(face).glyph_index(c).is_some()
}

/// Characters that take no glyph of their own, or belong to the glyph before them: white
/// space, controls, joiners and variation selectors, combining marks, emoji skin tones. They
/// stay in the face of the text around them (an emoji's variation selector with the emoji).
pub fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_default_ignorable(c)
        || matches!(c as u32, 0x1F3FB..=0x1F3FF | 0x0300..=0x036F | 0x20D0..=0x20FF)
}

/// Unicode's default-ignorable code points: shapers draw them as nothing when a font lacks
/// them (soft hyphen, zero-width joiners and spaces, direction marks, variation selectors, …).
pub fn is_default_ignorable(c: char) -> bool {
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

/// `face` parsed (see [`Face::parsed`]).
pub fn parsed(face: Face) -> &'static rustybuzz::Face<'static> {
    static FACES: std::sync::OnceLock<Vec<rustybuzz::Face<'static>>> = std::sync::OnceLock::new();
    let faces = FACES.get_or_init(|| {
        Face::ALL
            .iter()
            .map(|f| rustybuzz::Face::from_slice(f.data(), 0).expect("embedded fonts parse"))
            .collect()
    });
    &faces[face as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_and_emoji_fall_back_to_a_face_that_has_them() {
        assert_eq!(Face::Regular.for_char('a'), Face::Regular);
        assert_eq!(Face::Mono.for_char('→'), Face::Mono);
        assert_eq!(Face::Regular.for_char('∲'), Face::Math);
        assert_eq!(Face::Italic.for_char('≧'), Face::Math);
        assert_eq!(Face::Regular.for_char('⠿'), Face::Symbols);
        for c in ['😻', '🚨', '👍'] {
            assert_eq!(Face::Regular.for_char(c), Face::Emoji, "{c}");
            assert_eq!(Face::Mono.for_char(c), Face::Emoji, "{c}");
        }
        // Nothing has it: the text's own face draws its empty box.
        assert_eq!(Face::Regular.for_char('中'), Face::Regular);
        assert_eq!(Face::Bold.for_char('\u{E0B0}'), Face::Bold);
    }

    #[test]
    fn every_face_parses_and_draws_turkish_and_indonesian_letters() {
        for face in Face::ALL.into_iter().filter(|f| !f.is_fallback()) {
            let f = rustybuzz::ttf_parser::Face::parse(face.data(), 0).expect("font parses");
            for c in "ıİğĞşŞçÇöÖüÜâîû“”–—…".chars() {
                assert!(f.glyph_index(c).is_some(), "{face:?} lacks {c}");
            }
        }
    }
}
