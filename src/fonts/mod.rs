//! Fonts: the roles text is set in ([`Face`]), the fonts that fill them for a book
//! ([`FontSet`]), and the fonts terbit carries ([`bundled`]).
//!
//! A book's text is set in roles — body (four styles), headings (four), code (two) — and
//! characters a role's font lacks go to fallbacks, tried in order: the book's own, terbit's
//! bundled ones, then fonts found on the machine ([`system`]). Which font fills each role is the
//! book's choice (book.yaml `fonts:`, [`choose`]); by default terbit's own: Gentium Book Plus
//! for text, DejaVu Sans Mono for code, and Noto Sans Math, Noto Emoji and Noto Sans Symbols 2
//! as fallbacks, compiled into the binary with their licenses in `fonts/` beside them.

pub mod bundled;
pub mod choose;
pub mod font;
pub mod set;
pub mod system;

pub use font::{Font, Origin, Outlines};
pub use set::FontSet;

/// A role text is set in. Which font fills it is the book's [`FontSet`]'s business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    /// Headings, title page and cover titles: the book's heading typeface (its body's unless
    /// it names one).
    Heading,
    HeadingItalic,
    HeadingBold,
    HeadingBoldItalic,
    /// Code.
    Mono,
    MonoBold,
    /// The set's fallback number n, for characters the text's own face lacks.
    Fallback(u8),
}

impl Face {
    /// Every role but the fallbacks, in the order of [`Face::role`].
    pub const ROLES: [Face; 10] = [
        Face::Regular,
        Face::Italic,
        Face::Bold,
        Face::BoldItalic,
        Face::Heading,
        Face::HeadingItalic,
        Face::HeadingBold,
        Face::HeadingBoldItalic,
        Face::Mono,
        Face::MonoBold,
    ];

    /// The role's number (its place in [`Face::ROLES`]), `None` for a fallback.
    pub fn role(self) -> Option<usize> {
        Some(match self {
            Face::Regular => 0,
            Face::Italic => 1,
            Face::Bold => 2,
            Face::BoldItalic => 3,
            Face::Heading => 4,
            Face::HeadingItalic => 5,
            Face::HeadingBold => 6,
            Face::HeadingBoldItalic => 7,
            Face::Mono => 8,
            Face::MonoBold => 9,
            Face::Fallback(_) => return None,
        })
    }

    pub fn is_fallback(self) -> bool {
        matches!(self, Face::Fallback(_))
    }

    pub fn is_mono(self) -> bool {
        matches!(self, Face::Mono | Face::MonoBold)
    }

    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Face::Heading | Face::HeadingItalic | Face::HeadingBold | Face::HeadingBoldItalic
        )
    }

    pub fn is_bold(self) -> bool {
        matches!(
            self,
            Face::Bold
                | Face::BoldItalic
                | Face::HeadingBold
                | Face::HeadingBoldItalic
                | Face::MonoBold
        )
    }

    pub fn is_italic(self) -> bool {
        matches!(
            self,
            Face::Italic | Face::BoldItalic | Face::HeadingItalic | Face::HeadingBoldItalic
        )
    }

    /// The role in the same typeface with the given boldness and slant (code has no italic;
    /// fallbacks have one style).
    fn styled(self, bold: bool, italic: bool) -> Face {
        match self {
            Face::Regular | Face::Italic | Face::Bold | Face::BoldItalic => match (bold, italic) {
                (false, false) => Face::Regular,
                (false, true) => Face::Italic,
                (true, false) => Face::Bold,
                (true, true) => Face::BoldItalic,
            },
            Face::Heading | Face::HeadingItalic | Face::HeadingBold | Face::HeadingBoldItalic => {
                match (bold, italic) {
                    (false, false) => Face::Heading,
                    (false, true) => Face::HeadingItalic,
                    (true, false) => Face::HeadingBold,
                    (true, true) => Face::HeadingBoldItalic,
                }
            }
            Face::Mono | Face::MonoBold => {
                if bold {
                    Face::MonoBold
                } else {
                    Face::Mono
                }
            }
            Face::Fallback(_) => self,
        }
    }

    /// The face with italic switched on or off.
    pub fn with_italic(self, on: bool) -> Face {
        self.styled(self.is_bold(), on)
    }

    /// The face with bold switched on.
    pub fn with_bold(self) -> Face {
        self.styled(true, self.is_italic())
    }

    /// The code face for code inside text set in this face (bold inside bold): the PDFs and
    /// the EPUB choose it alike.
    pub fn code_in(self) -> Face {
        Face::Mono.styled(self.is_bold(), false)
    }

    /// The same style in the heading typeface (a body face's heading twin).
    pub fn in_heading(self) -> Face {
        match self {
            Face::Regular => Face::Heading,
            Face::Italic => Face::HeadingItalic,
            Face::Bold => Face::HeadingBold,
            Face::BoldItalic => Face::HeadingBoldItalic,
            other => other,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_stay_in_their_typeface() {
        assert_eq!(Face::Regular.with_bold(), Face::Bold);
        assert_eq!(Face::Bold.with_italic(true), Face::BoldItalic);
        assert_eq!(Face::BoldItalic.with_italic(false), Face::Bold);
        assert_eq!(Face::Heading.with_bold(), Face::HeadingBold);
        assert_eq!(Face::HeadingBold.with_italic(true), Face::HeadingBoldItalic);
        assert_eq!(Face::Mono.with_italic(true), Face::Mono);
        assert_eq!(Face::Mono.with_bold(), Face::MonoBold);
        assert_eq!(Face::Fallback(2).with_bold(), Face::Fallback(2));
        assert_eq!(Face::Italic.in_heading(), Face::HeadingItalic);
        for (i, f) in Face::ROLES.iter().enumerate() {
            assert_eq!(f.role(), Some(i));
        }
    }
}
