//! The files a book's citations are formatted from, found and read here once: its
//! bibliography files (pandoc's `bibliography:` key) and its citation style (`csl:`). Nothing
//! here reads them as bibliographies or styles; `document::citations` does.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::config::BookConfig;
use super::{is_inside, not_a_file, read_text_limited, resolves_inside};
use crate::error::{Diagnostic, Result};

/// Largest bibliography or style file read: a bibliography of 50,000 entries is some 25 MB.
pub const MAX_BIBLIOGRAPHY_BYTES: u64 = 32 * 1024 * 1024;

/// One file name or a list of them (pandoc's `bibliography: refs.bib` or a list), or keys
/// (`nocite`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// A bibliography or style file of the book, read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// As shown to the author (the book's folder joined with the name given).
    pub path: PathBuf,
    pub text: String,
}

/// What the book's citations are formatted from.
#[derive(Debug, Clone, Default)]
pub struct ReferenceSources {
    pub bibliographies: Vec<SourceFile>,
    /// A `.csl` file of the book's; `None` when `csl:` names a bundled style or is not given.
    pub style_file: Option<SourceFile>,
    /// The file the settings came from (book.yaml, or the chapter with pandoc's metadata
    /// block), and its text: messages about the settings point into it.
    pub settings: Option<SourceFile>,
}

impl ReferenceSources {
    /// Whether the book cites from a bibliography at all.
    pub fn is_empty(&self) -> bool {
        self.bibliographies.is_empty()
    }
}

/// Whether `csl:` names a file (`.csl`, or a path) rather than a bundled style.
pub fn is_style_file(name: &str) -> bool {
    name.ends_with(".csl") || name.contains('/') || name.contains('\\')
}

/// Read the bibliography and style files `config` names, relative to `dir` (whose canonical
/// form is `real_dir`); `settings` is the file that names them and its text, for messages.
pub fn load(
    dir: &Path,
    real_dir: &Path,
    config: &BookConfig,
    settings: (&Path, &str),
) -> Result<ReferenceSources> {
    let (settings_path, settings_text) = settings;
    let mut out = ReferenceSources {
        settings: Some(SourceFile {
            path: settings_path.to_path_buf(),
            text: settings_text.to_string(),
        }),
        ..ReferenceSources::default()
    };
    if let Some(files) = &config.bibliography {
        for name in files.value.values() {
            let file = read(dir, real_dir, name, "bibliography", files, settings)?;
            out.bibliographies.push(file);
        }
    }
    if let Some(csl) = &config.csl
        && is_style_file(&csl.value)
    {
        out.style_file = Some(read(dir, real_dir, &csl.value, "csl", csl, settings)?);
    }
    Ok(out)
}

/// Read the file `name` that key `key` (at `place`) names.
fn read<T>(
    dir: &Path,
    real_dir: &Path,
    name: &str,
    key: &str,
    place: &Spanned<T>,
    (settings_path, settings_text): (&Path, &str),
) -> Result<SourceFile> {
    let path = dir.join(name);
    let at = |msg: String, help: &str| {
        let (line, column) = value_place(settings_text, key, name, place);
        Diagnostic::at(settings_path, line, column, msg)
            .with_help(help)
            .with_source(settings_text)
    };
    if !is_inside(dir, Path::new(name)) {
        let msg = format!("{key} file `{name}` is outside the book's folder");
        return Err(at(msg, "name files relative to the book's folder, inside it").into());
    }
    if !path.is_file() {
        let msg = format!("{key} file `{name}` {}", not_a_file(&path));
        let help = if key == "csl" {
            "give a .csl file in the book's folder, or a bundled style: apa, \
             chicago-author-date, chicago-notes, ieee, harvard, mla"
        } else {
            "check the file name (relative to the book's folder)"
        };
        return Err(at(msg, help).into());
    }
    if !resolves_inside(real_dir, &path)? {
        let msg = format!("{key} file `{name}` is a link to a file outside the book's folder");
        return Err(at(msg, "copy the file into the book's folder instead").into());
    }
    let text = read_text_limited(&path, MAX_BIBLIOGRAPHY_BYTES)?;
    Ok(SourceFile { path, text })
}

/// Where `name`, the value (or one of the values) of `key`, is written: its own place when
/// it is found on a line after the key's, else the place serde-saphyr gave the value, else the
/// key's.
fn value_place<T>(text: &str, key: &str, name: &str, place: &Spanned<T>) -> (usize, usize) {
    if let Some((_, _, key_at)) = super::config::find_key(text, key)
        && let Some(found) = text[key_at..].find(name)
    {
        return crate::error::line_col(text, key_at + found);
    }
    let loc = &place.referenced;
    if loc.line() > 0 {
        return (loc.line() as usize, (loc.column() as usize).max(1));
    }
    super::config::find_key(text, key).map_or((1, 1), |(line, column, _)| (line, column))
}
