//! The fonts compiled into terbit (one file to install, no font lookup for a book that needs
//! none): what each adds to the binary is in README. Their licenses are in `fonts/` beside them.

use std::sync::{Arc, OnceLock};

use super::font::{self, Font};

/// A bundled font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundled {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    Mono,
    Math,
    Symbols,
    Emoji,
}

impl Bundled {
    pub const ALL: [Bundled; 8] = [
        Bundled::Regular,
        Bundled::Italic,
        Bundled::Bold,
        Bundled::BoldItalic,
        Bundled::Mono,
        Bundled::Math,
        Bundled::Symbols,
        Bundled::Emoji,
    ];

    /// The fallbacks, in the order they are tried: mathematics before emoji (Noto Emoji also
    /// draws a few arrows, less well), symbols last.
    pub const FALLBACKS: [Bundled; 3] = [Bundled::Math, Bundled::Emoji, Bundled::Symbols];

    /// The font file.
    pub fn data(self) -> &'static [u8] {
        match self {
            Bundled::Regular => include_bytes!("../../fonts/GentiumBookPlus-Regular.ttf"),
            Bundled::Italic => include_bytes!("../../fonts/GentiumBookPlus-Italic.ttf"),
            Bundled::Bold => include_bytes!("../../fonts/GentiumBookPlus-Bold.ttf"),
            Bundled::BoldItalic => include_bytes!("../../fonts/GentiumBookPlus-BoldItalic.ttf"),
            Bundled::Mono => include_bytes!("../../fonts/DejaVuSansMono.ttf"),
            Bundled::Math => include_bytes!("../../fonts/NotoSansMath-Regular.ttf"),
            Bundled::Symbols => include_bytes!("../../fonts/NotoSansSymbols2-Regular.ttf"),
            Bundled::Emoji => include_bytes!("../../fonts/NotoEmoji-Regular.ttf"),
        }
    }

    /// The font, parsed once per process.
    pub fn font(self) -> &'static Arc<Font> {
        static FONTS: OnceLock<Vec<Arc<Font>>> = OnceLock::new();
        let fonts = FONTS.get_or_init(|| {
            Bundled::ALL
                .iter()
                .enumerate()
                .map(|(i, b)| Arc::new(font::bundled(b.data(), i as u64 + 1)))
                .collect()
        });
        &fonts[self as usize]
    }
}
