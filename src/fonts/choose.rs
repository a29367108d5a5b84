//! The book's fonts from book.yaml `fonts:`: each file read (inside the book's folder) and
//! checked — it parses, its maker allows embedding a subset, and a text face draws every
//! letter the book's language needs — and put in its roles. An error names the file's place in
//! book.yaml.

use std::path::Path;
use std::sync::Arc;

use super::font::{self, Font, Origin};
use super::set::{FontSet, bundled_fallbacks, bundled_roles};
use crate::error::{Diagnostic, Error, Result};
use crate::lang::Language;
use crate::manuscript::Manuscript;
use crate::manuscript::fonts_config::FontFile;

/// Largest font file read: the largest families (CJK, with every weight) are some 30 MB a face.
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The font set of book `m`: its chosen faces in their roles, terbit's where it chooses none,
/// its own fallbacks before terbit's.
pub fn for_book(m: &Manuscript) -> Result<Arc<FontSet>> {
    let config = &m.config.fonts;
    let (language, book_dir) = (m.config.language.value.as_str(), m.dir.as_path());
    // The file `config` came from, for messages.
    let book_yaml = &m.config_file();
    if config.is_empty() {
        return Ok(FontSet::bundled());
    }
    let language = Language::from_tag(language);
    let load = |file: &FontFile, text: bool| {
        load_checked(file, text.then_some(language), book_dir, book_yaml)
    };
    let mut roles = bundled_roles();
    // Body, then heading (the body's faces unless it names its own), then code. Code faces
    // are checked for the language's letters too: a Turkish book's listings hold Turkish
    // comments and strings.
    let typeface = |role: &str| -> Result<Option<[Arc<Font>; 4]>> {
        let Some([regular, italic, bold, bold_italic]) = config.typeface(role) else {
            return Ok(None);
        };
        let Some(regular) = regular else {
            return Ok(None);
        };
        let regular = load(&regular, true)?;
        let get = |file: Option<FontFile>| file.map(|f| load(&f, true)).transpose();
        let (italic, bold, bold_italic) = (get(italic)?, get(bold)?, get(bold_italic)?);
        // A style not given: the nearest one that is (bold italic → bold → regular).
        let italic = italic.unwrap_or_else(|| regular.clone());
        let bold = bold.unwrap_or_else(|| regular.clone());
        let bold_italic = bold_italic.unwrap_or_else(|| bold.clone());
        Ok(Some([regular, italic, bold, bold_italic]))
    };
    if let Some(body) = typeface("body")? {
        roles[0..4].clone_from_slice(&body);
        roles[4..8].clone_from_slice(&body);
    }
    if let Some(heading) = typeface("heading")? {
        roles[4..8].clone_from_slice(&heading);
    }
    if let Some([regular, _, bold, _]) = typeface("code")? {
        roles[8] = regular;
        roles[9] = bold;
    }
    let mut fallbacks = Vec::new();
    for file in config.fallbacks() {
        fallbacks.push(load(&file, false)?);
    }
    fallbacks.extend(bundled_fallbacks());
    Ok(Arc::new(FontSet::new(roles, fallbacks)))
}

/// The font `file` names, read from inside the book's folder and checked: embeddable as a
/// subset and, for a text face (`language` given), drawing every letter the language needs.
fn load_checked(
    file: &FontFile,
    language: Option<Language>,
    book_dir: &Path,
    book_yaml: &Path,
) -> Result<Arc<Font>> {
    let key = &file.key;
    let at = |msg: String, help: &str| -> Error {
        let text = std::fs::read_to_string(book_yaml).unwrap_or_default();
        let loc = &file.place;
        // A file read without places (book.toml): where the path is written.
        let (line, column) = if loc.line() > 0 {
            (loc.line() as usize, (loc.column() as usize).max(1))
        } else {
            place_of(&text, &file.path)
        };
        let d = Diagnostic::at(book_yaml, line, column, msg).with_help(help);
        if text.is_empty() {
            d.into()
        } else {
            d.with_source(&text).into()
        }
    };
    let name = &file.path;
    let path = book_dir.join(name);
    if !crate::manuscript::is_inside(book_dir, Path::new(name)) {
        return Err(at(
            format!("`{key}`: font `{name}` is outside the book's folder"),
            "copy the font into the book's folder (with its license) and name it relative to \
             book.yaml",
        ));
    }
    if !path.is_file() {
        return Err(at(
            format!(
                "`{key}`: font `{name}` {}",
                crate::manuscript::not_a_file(&path)
            ),
            "check the file name; fonts are named relative to book.yaml",
        ));
    }
    let real_dir = book_dir
        .canonicalize()
        .map_err(|e| Error::io(book_dir, e))?;
    if !crate::manuscript::resolves_inside(&real_dir, &path)? {
        return Err(at(
            format!("`{key}`: font `{name}` is a link to a file outside the book's folder"),
            "copy the font into the book's folder",
        ));
    }
    let size = std::fs::metadata(&path)
        .map_err(|e| Error::io(&path, e))?
        .len();
    if size > MAX_FONT_BYTES {
        return Err(at(
            format!(
                "`{key}`: font `{name}` is {} MB; terbit reads fonts of at most {} MB",
                size / (1024 * 1024),
                MAX_FONT_BYTES / (1024 * 1024)
            ),
            "name one face's file, not a collection of every weight",
        ));
    }
    let data = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let font = font::load(data, 0, Origin::File(path.clone())).map_err(|e| {
        at(
            format!("`{key}`: font `{name}` {e}"),
            "name a .ttf or .otf file",
        )
    })?;
    if font.forbids_embedding() {
        return Err(at(
            format!(
                "`{key}`: the maker of font `{name}` ({}) forbids embedding it in documents \
                 (OS/2 fsType {:#06x})",
                font.family, font.fs_type
            ),
            "choose a font whose license allows embedding, such as one under the SIL Open Font \
             License",
        ));
    }
    if font.forbids_subsetting() {
        return Err(at(
            format!(
                "`{key}`: the maker of font `{name}` ({}) forbids embedding a subset of it \
                 (OS/2 fsType {:#06x}), and terbit embeds only the glyphs a book uses",
                font.family, font.fs_type
            ),
            "choose a font whose license allows subsetting, such as one under the SIL Open Font \
             License",
        ));
    }
    if let Some(language) = language {
        let missing: String = language
            .required_letters()
            .chars()
            .filter(|&c| !font.has_char(c))
            .collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .chars()
                .map(|c| format!("{c} (U+{:04X})", c as u32))
                .collect();
            return Err(at(
                format!(
                    "`{key}`: font `{name}` ({}) lacks letters the book's language needs: {}",
                    font.family,
                    list.join(", ")
                ),
                "choose a font that draws them (its full version, not a subset), or name it \
                 under `fonts.fallback`, which may lack letters",
            ));
        }
    }
    Ok(font)
}

/// Line and column (1-based) of the first place `text` writes `path` as a quoted string, else
/// 1:1.
fn place_of(text: &str, path: &str) -> (usize, usize) {
    ["\"", "'"]
        .iter()
        .find_map(|q| text.find(&format!("{q}{path}{q}")))
        .map_or((1, 1), |at| {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            (line, column)
        })
}
