//! book.yaml `fonts:` — the typefaces the author chooses, as files inside the book's folder:
//!
//! ```yaml
//! fonts:
//!   body:    {regular: fonts/X-Regular.otf, italic: fonts/X-Italic.otf, bold: fonts/X-Bold.otf, bold_italic: fonts/X-BoldItalic.otf}
//!   heading: fonts/Y-Bold.ttf          # default: the body's faces
//!   code:    {regular: fonts/Z-Regular.ttf, bold: fonts/Z-Bold.ttf}   # default: DejaVu Sans Mono
//!   fallback: [fonts/W-Regular.ttf]    # tried before terbit's own fallbacks and the system's
//! ```
//!
//! This module owns the keys; reading and checking the files is `fonts::choose`'s.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::{Location, Spanned};

/// The `fonts:` key.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontsConfig {
    pub body: Option<Spanned<Typeface>>,
    pub heading: Option<Spanned<Typeface>>,
    pub code: Option<Spanned<Typeface>>,
    #[serde(default)]
    pub fallback: Vec<Spanned<String>>,
}

/// A typeface: one file (its regular face), or a file for each style.
#[derive(Debug, Clone)]
pub enum Typeface {
    Regular(String),
    Styles(Box<Styles>),
}

/// A file for each style; only `regular` is required.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Styles {
    pub regular: Spanned<String>,
    pub italic: Option<Spanned<String>>,
    pub bold: Option<Spanned<String>>,
    pub bold_italic: Option<Spanned<String>>,
}

/// A font file named in book.yaml: the key naming it (`fonts.body.italic`), the path as
/// written, and where it is written.
#[derive(Debug, Clone)]
pub struct FontFile {
    pub key: String,
    pub path: String,
    pub place: Location,
}

/// The styles of a typeface, in this order.
pub const STYLES: [&str; 4] = ["regular", "italic", "bold", "bold_italic"];

impl<'de> Deserialize<'de> for Typeface {
    // By hand rather than `untagged`, which would buffer the value and lose the places of
    // the files in a map of styles (every message would point at 1:1).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> Visitor<'de> for Either {
            type Value = Typeface;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a font file, or a map of files by style {regular, italic, bold, bold_italic}",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Typeface, E> {
                Ok(Typeface::Regular(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Typeface, A::Error> {
                Styles::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|s| Typeface::Styles(Box::new(s)))
            }
        }
        d.deserialize_any(Either)
    }
}

impl FontsConfig {
    /// The files of `role`'s typeface (`body`, `heading`, `code`) by style, in [`STYLES`]
    /// order (a style not given: `None`).
    pub fn typeface(&self, role: &str) -> Option<[Option<FontFile>; 4]> {
        let face = match role {
            "body" => self.body.as_ref(),
            "heading" => self.heading.as_ref(),
            _ => self.code.as_ref(),
        }?;
        let at = |style: &str, s: &Spanned<String>| FontFile {
            key: format!("fonts.{role}.{style}"),
            path: s.value.clone(),
            place: s.referenced,
        };
        Some(match &face.value {
            Typeface::Regular(path) => [
                Some(FontFile {
                    key: format!("fonts.{role}"),
                    path: path.clone(),
                    place: face.referenced,
                }),
                None,
                None,
                None,
            ],
            Typeface::Styles(s) => [
                Some(at("regular", &s.regular)),
                s.italic.as_ref().map(|f| at("italic", f)),
                s.bold.as_ref().map(|f| at("bold", f)),
                s.bold_italic.as_ref().map(|f| at("bold_italic", f)),
            ],
        })
    }

    /// The fallback files.
    pub fn fallbacks(&self) -> Vec<FontFile> {
        self.fallback
            .iter()
            .map(|s| FontFile {
                key: "fonts.fallback".to_string(),
                path: s.value.clone(),
                place: s.referenced,
            })
            .collect()
    }

    /// Every file named.
    pub fn files(&self) -> Vec<FontFile> {
        let mut out: Vec<FontFile> = ["body", "heading", "code"]
            .iter()
            .filter_map(|role| self.typeface(role))
            .flat_map(|files| files.into_iter().flatten())
            .collect();
        out.extend(self.fallbacks());
        out
    }

    pub fn is_empty(&self) -> bool {
        self.body.is_none()
            && self.heading.is_none()
            && self.code.is_none()
            && self.fallback.is_empty()
    }
}
