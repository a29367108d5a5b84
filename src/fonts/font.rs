//! One font file, parsed: what shaping, embedding and the checks ask of it (its outlines'
//! kind, its names, its embedding permissions, the characters it draws).
//!
//! Fonts are kept once per process, by content: the same file named by two books, or read again
//! by a `watch` rebuild, is parsed once; a changed file is a new font with a new
//! [`Font::key`], so no cache keyed by it can serve glyphs of the old one. A parsed font lives
//! for the process (shaping holds `&'static` faces across threads); the memory this takes is
//! bounded by the different font files the process reads, not by the number of builds.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;
use rustybuzz::ttf_parser;

/// The kind of outlines a font has, which decides how a PDF embeds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// `glyf` outlines (`.ttf`, and `.otf` files holding them).
    TrueType,
    /// `CFF ` outlines (most `.otf` files).
    Cff,
}

/// Where a font came from, for messages and for the build's note of which fonts it used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Compiled into terbit.
    Bundled,
    /// A file: one the book names, or one found among the machine's fonts.
    File(PathBuf),
}

/// A parsed font.
pub struct Font {
    /// Identity of the font's bytes (and face index): equal keys, equal fonts.
    pub key: u64,
    pub data: &'static [u8],
    /// The face within `data` (a font collection holds several).
    pub index: u32,
    pub face: rustybuzz::Face<'static>,
    /// Whether the font draws each of the first 256 characters (most of a Latin book's text).
    latin: [bool; 256],
    /// The family name (typographic family when the font names one).
    pub family: String,
    /// The PostScript name, reduced to what a PDF name and a file name may hold.
    pub postscript: String,
    pub outlines: Outlines,
    /// OS/2 `fsType`: the embedding permissions the font's maker set.
    pub fs_type: u16,
    pub bold: bool,
    pub italic: bool,
    pub origin: Origin,
}

impl std::fmt::Debug for Font {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Font")
            .field("family", &self.family)
            .field("postscript", &self.postscript)
            .field("origin", &self.origin)
            .finish()
    }
}

/// Why a file cannot serve as a font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontError {
    /// Not an OpenType or TrueType font (or damaged).
    Unreadable(String),
    /// CFF2 outlines (variable `.otf`), which the PDF embedding cannot take.
    Cff2,
    /// Bitmap-only or outline-less.
    NoOutlines,
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontError::Unreadable(why) => write!(f, "is not a font terbit can read ({why})"),
            FontError::Cff2 => f.write_str(
                "has CFF2 outlines (a variable .otf), which terbit cannot embed; use the \
                 family's static .otf or .ttf files",
            ),
            FontError::NoOutlines => f.write_str("has no outlines (TrueType or CFF) to draw"),
        }
    }
}

impl Font {
    /// Whether the font has a glyph for `c`.
    #[inline]
    pub fn has_char(&self, c: char) -> bool {
        match u8::try_from(c) {
            Ok(b) => self.latin[usize::from(b)],
            Err(_) => self.face.glyph_index(c).is_some(),
        }
    }

    /// The file name the font takes inside an EPUB.
    pub fn file_name(&self) -> String {
        let ext = match self.outlines {
            Outlines::TrueType => "ttf",
            Outlines::Cff => "otf",
        };
        format!("{}.{ext}", self.postscript)
    }

    /// Whether the font's maker forbids embedding it in a document (OS/2 `fsType`: a
    /// restricted licence with no permission bit beside it, or embedding of bitmaps only).
    pub fn forbids_embedding(&self) -> bool {
        forbids_embedding(self.fs_type)
    }

    /// Whether the font's maker forbids subsetting it (terbit only embeds subsets).
    pub fn forbids_subsetting(&self) -> bool {
        forbids_subsetting(self.fs_type)
    }

    /// Where the font came from, in words.
    pub fn describe(&self) -> String {
        match &self.origin {
            Origin::Bundled => format!("{} (bundled)", self.family),
            Origin::File(p) => format!("{} ({})", self.family, p.display()),
        }
    }
}

/// Fonts parsed so far, by key: each file's bytes and parse are kept once for the process.
static LOADED: Mutex<Option<FxHashMap<u64, Arc<Font>>>> = Mutex::new(None);

/// The font in `data` (face `index`), parsed once per process.
pub fn load(data: Vec<u8>, index: u32, origin: Origin) -> Result<Arc<Font>, FontError> {
    let key = content_key(&data, index);
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    let loaded = loaded.get_or_insert_with(Default::default);
    if let Some(font) = loaded.get(&key) {
        return Ok(font.clone());
    }
    // Checked before the bytes are kept for the process.
    ttf_parser::Face::parse(&data, index).map_err(|e| FontError::Unreadable(e.to_string()))?;
    let data: &'static [u8] = Box::leak(data.into_boxed_slice());
    let font = Arc::new(parse(data, index, key, origin)?);
    loaded.insert(key, font.clone());
    Ok(font)
}

/// A font compiled into terbit (never fails for the files we ship; `key` is its own number).
pub fn bundled(data: &'static [u8], key: u64) -> Font {
    parse(data, 0, key, Origin::Bundled).expect("bundled fonts parse")
}

fn parse(data: &'static [u8], index: u32, key: u64, origin: Origin) -> Result<Font, FontError> {
    let tt =
        ttf_parser::Face::parse(data, index).map_err(|e| FontError::Unreadable(e.to_string()))?;
    let outlines = outlines(&tt)?;
    let name = |ids: &[u16]| {
        ids.iter().find_map(|&id| {
            tt.names()
                .into_iter()
                .filter(|n| n.name_id == id)
                .find_map(|n| n.to_string())
                .filter(|s| !s.trim().is_empty())
        })
    };
    let family = name(&[16, 1]).unwrap_or_else(|| "Unnamed".to_string());
    let postscript: String = name(&[6, 4])
        .unwrap_or_else(|| family.clone())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(63)
        .collect();
    let postscript = if postscript.is_empty() {
        format!("Font{:08X}", key as u32)
    } else {
        postscript
    };
    let fs_type = fs_type(&tt);
    let bold = tt.is_bold() || tt.weight().to_number() >= 600;
    let italic = tt.is_italic() || tt.is_oblique();
    let latin = std::array::from_fn(|i| {
        char::from_u32(i as u32).is_some_and(|c| tt.glyph_index(c).is_some())
    });
    Ok(Font {
        key,
        data,
        index,
        face: rustybuzz::Face::from_face(tt),
        latin,
        family,
        postscript,
        outlines,
        fs_type,
        bold,
        italic,
        origin,
    })
}

/// The kind of outlines `face` has, or why terbit cannot embed them.
pub(super) fn outlines(face: &ttf_parser::Face) -> Result<Outlines, FontError> {
    let has = |tag: &[u8; 4]| {
        face.raw_face()
            .table(ttf_parser::Tag::from_bytes(tag))
            .is_some()
    };
    if has(b"glyf") {
        Ok(Outlines::TrueType)
    } else if has(b"CFF ") {
        Ok(Outlines::Cff)
    } else if has(b"CFF2") {
        Err(FontError::Cff2)
    } else {
        Err(FontError::NoOutlines)
    }
}

/// The OS/2 `fsType` of `face`: the embedding permissions its maker set (0 without the table).
pub(super) fn fs_type(face: &ttf_parser::Face) -> u16 {
    face.raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .and_then(|t| t.get(8..10))
        .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
}

/// Whether `fs_type` forbids embedding in a document: a restricted licence with no permission
/// bit beside it, or embedding of bitmaps only.
pub(super) fn forbids_embedding(fs_type: u16) -> bool {
    (fs_type & 0x000F == 0x0002) || fs_type & 0x0200 != 0
}

/// Whether `fs_type` forbids embedding a subset (terbit only embeds subsets).
pub(super) fn forbids_subsetting(fs_type: u16) -> bool {
    fs_type & 0x0100 != 0
}

/// A key for `data`'s face `index`: a fast hash of the bytes, with the high bit set so that
/// it never equals a bundled font's small number.
fn content_key(data: &[u8], index: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    data.len().hash(&mut h);
    h.write(data);
    index.hash(&mut h);
    h.finish() | (1 << 63)
}
