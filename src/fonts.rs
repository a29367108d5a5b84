//! The fonts terbit embeds: Gentium Book Plus (serif, four styles) for text and DejaVu Sans Mono
//! for code. They are compiled into the binary (one file to install, no font lookup at run time);
//! their licenses are in `fonts/` beside them.

/// One embedded font face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    Mono,
}

impl Face {
    pub const ALL: [Face; 5] = [
        Face::Regular,
        Face::Italic,
        Face::Bold,
        Face::BoldItalic,
        Face::Mono,
    ];

    /// The font file (TrueType outlines).
    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../fonts/GentiumBookPlus-Regular.ttf"),
            Face::Italic => include_bytes!("../fonts/GentiumBookPlus-Italic.ttf"),
            Face::Bold => include_bytes!("../fonts/GentiumBookPlus-Bold.ttf"),
            Face::BoldItalic => include_bytes!("../fonts/GentiumBookPlus-BoldItalic.ttf"),
            Face::Mono => include_bytes!("../fonts/DejaVuSansMono.ttf"),
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
            (Face::Mono, _) => Face::Mono,
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
            Face::Mono => Face::Mono,
        }
    }
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
    fn every_face_parses_and_draws_turkish_and_indonesian_letters() {
        for face in Face::ALL {
            let f = rustybuzz::ttf_parser::Face::parse(face.data(), 0).expect("font parses");
            for c in "ıİğĞşŞçÇöÖüÜâîû“”–—…".chars() {
                assert!(f.glyph_index(c).is_some(), "{face:?} lacks {c}");
            }
        }
    }
}
