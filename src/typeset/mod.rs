//! Typesetting: shaping, hyphenation, line breaking and pagination.

/// A page (or trim) size in PostScript points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
    /// Whether the size is defined in inches (bleed is then 0.125 in instead of 3 mm).
    pub imperial: bool,
}

const MM: f32 = 72.0 / 25.4;

impl PageSize {
    /// `A5`, `B5`, `A4`, `6x9in`, `5.5x8.5in` (case-insensitive).
    pub fn parse(s: &str) -> Option<PageSize> {
        let mm = |w: f32, h: f32| PageSize { width: w * MM, height: h * MM, imperial: false };
        let inch = |w: f32, h: f32| PageSize { width: w * 72.0, height: h * 72.0, imperial: true };
        match s.trim().to_ascii_lowercase().replace(' ', "").as_str() {
            "a5" => Some(mm(148.0, 210.0)),
            "b5" => Some(mm(176.0, 250.0)),
            "a4" => Some(mm(210.0, 297.0)),
            "6x9in" | "6x9" => Some(inch(6.0, 9.0)),
            "5.5x8.5in" | "5.5x8.5" => Some(inch(5.5, 8.5)),
            _ => None,
        }
    }
}

pub mod shape;
pub mod linebreak;
pub mod paragraph;
