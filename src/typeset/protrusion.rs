//! Hanging punctuation at the right margin (pdfTeX's character protrusion, what microtype
//! turns on by default). A hyphen, full stop or comma ending a justified line is light: set
//! flush with the measure, it leaves a dent in the margin that the eye reads as a short line.
//! Letting part of it hang outside makes the edge look straight, and gives the line a little
//! more room, which the line breaker spends on fewer hyphens and tighter spaces.
//!
//! The breaker sees it as a narrower break: a hyphen break adds only the part of the hyphen
//! that stays inside; a break after punctuation is a penalty of negative width in front of
//! the word space. The setter then sets the line to the measure plus what hangs.

use super::linebreak::Item;
use super::shape::Glyph;

/// The share of a glyph's advance that may hang past the right margin when it ends a line:
/// about microtype's defaults for text fonts (full stop and comma 0.7 and 0.5 there; less
/// here, as Gentium's punctuation has wide sidebearings of its own).
pub fn share(c: char) -> f32 {
    match c {
        '-' | '\u{2010}' | '\u{00AD}' => 0.6,
        '.' | ',' => 0.6,
        ':' | ';' => 0.4,
        '\u{2019}' | '\u{201D}' | '\'' | '"' | '\u{00BB}' => 0.4,
        '\u{2013}' => 0.3,
        '!' | '?' | '\u{2026}' => 0.2,
        _ => 0.0,
    }
}

/// What may hang of the last of `glyphs`, in points (0 for a superscript, `rise` ≠ 0: a note
/// mark).
pub fn of_end(glyphs: &[Glyph], rise: f32) -> f32 {
    if rise != 0.0 {
        return 0.0;
    }
    glyphs.last().map_or(0.0, of_glyph)
}

/// What may hang of `glyph` when it ends a line, in points.
pub fn of_glyph(glyph: &Glyph) -> f32 {
    glyph
        .text
        .chars()
        .last()
        .map_or(0.0, |c| share(c) * glyph.advance)
}

/// The break that goes in front of a word space following a word that ends in punctuation,
/// `hang` points of which may hang: a line ending there may be that much fuller. The glue
/// behind it is no longer a break of its own (glue breaks only after a box), so the line can
/// end only at this penalty.
pub fn punctuation_break<T>(hang: f32) -> Item<T> {
    Item::Penalty {
        width: -hang,
        penalty: 0.0,
        flagged: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_punctuation_hangs_letters_do_not() {
        assert!(share('-') > 0.5 && share('.') > 0.5 && share(',') > 0.5);
        assert!(share(';') > 0.0 && share('?') > 0.0);
        for c in ['a', 'ı', 'İ', '1', ')', ' '] {
            assert_eq!(share(c), 0.0, "{c}");
        }
    }
}
