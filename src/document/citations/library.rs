//! The book's bibliography files read into one library of works: BibLaTeX and BibTeX (`.bib`,
//! read as pandoc reads them, see `bibtex`), CSL-JSON (`.json`), and hayagriva's YAML
//! (`.yaml`, `.yml`). Each work's key must be unique across the files.

use std::collections::HashMap;

use hayagriva::citationberg::json::{Item, Value};

use crate::error::{Diagnostic, Result};
use crate::manuscript::references::SourceFile;

/// The works of a book's bibliography files.
pub enum Library {
    /// From `.bib` and CSL-JSON files.
    Csl(Vec<Item>),
    /// From hayagriva's YAML files (hayagriva's own model of a work).
    Hayagriva(Vec<hayagriva::Entry>),
}

impl Library {
    /// Every key, in the files' order.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Library::Csl(items) => items
                .iter()
                .filter_map(|i| i.id().map(|id| id.into_owned()))
                .collect(),
            Library::Hayagriva(entries) => entries.iter().map(|e| e.key().to_string()).collect(),
        }
    }
}

/// Read `files` for a book in `language`; warnings (what a `.bib` reader left out) go to
/// `warnings`.
pub fn load(
    files: &[SourceFile],
    language: &str,
    warnings: &mut crate::error::Warnings,
) -> Result<Library> {
    let mut items: Vec<Item> = Vec::new();
    let mut entries: Vec<hayagriva::Entry> = Vec::new();
    // Where each key was first given: the file and the byte offset of its entry.
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for (f, file) in files.iter().enumerate() {
        let kind = kind_of(file)?;
        match kind {
            Kind::Bib => {
                let converted = super::bibtex::to_csl(&file.text, language)
                    .map_err(|e| at(file, e.offset, e.message, &e.help))?;
                for w in converted.warnings {
                    if warnings.has_room(&file.path) {
                        let (line, column) = crate::error::line_col(&file.text, w.offset);
                        warnings.push(
                            Diagnostic::at(&file.path, line, column, w.message)
                                .with_source(&file.text),
                        );
                    } else {
                        warnings.count(&file.path);
                    }
                }
                for mut item in converted.items {
                    family_names_whole(&mut item);
                    let key = item.id().map(|k| k.into_owned()).unwrap_or_default();
                    let offset = entry_offset(&file.text, &key);
                    check_unique(&mut seen, files, &key, (f, offset))?;
                    items.push(item);
                }
            }
            Kind::Json => {
                let read: Vec<Item> = serde_json::from_str(&file.text).map_err(|e| {
                    let msg = format!("not a CSL-JSON bibliography: {e}");
                    crate::error::Error::from(
                        Diagnostic::at(&file.path, e.line().max(1), e.column().max(1), msg)
                            .with_help(
                                "a CSL-JSON file is a list of works: [{\"id\": …, \"type\": …}]",
                            )
                            .with_source(&file.text),
                    )
                })?;
                for (n, mut item) in read.into_iter().enumerate() {
                    let Some(key) = item.id().map(|k| k.into_owned()) else {
                        let offset = nth_object(&file.text, n);
                        return Err(at(
                            file,
                            offset,
                            format!("work {} of the list has no `id`", n + 1),
                            "give every work an `id`: the key citations name it by",
                        ));
                    };
                    let offset = file.text.find(&format!("\"{key}\"")).unwrap_or(0);
                    check_unique(&mut seen, files, &key, (f, offset))?;
                    if !item.0.contains_key("language") {
                        item.0
                            .insert("language".into(), Value::String(language.to_string()));
                    }
                    items.push(item);
                }
            }
            Kind::Yaml => {
                let library = hayagriva::io::from_yaml_str(&file.text).map_err(|e| {
                    let (line, column) =
                        e.location().map_or((1, 1), |l| (l.line(), l.column() + 1));
                    let msg = format!("not a hayagriva bibliography: {e}");
                    crate::error::Error::from(
                        Diagnostic::at(&file.path, line, column, msg)
                            .with_help("see hayagriva's file format (typst's bibliographies)")
                            .with_source(&file.text),
                    )
                })?;
                for entry in library.iter() {
                    let key = entry.key().to_string();
                    let offset = crate::manuscript::config::find_key(&file.text, &key)
                        .map_or(0, |(_, _, at)| at);
                    check_unique(&mut seen, files, &key, (f, offset))?;
                    entries.push(entry.clone());
                }
            }
        }
    }
    match (items.is_empty(), entries.is_empty()) {
        (_, true) => Ok(Library::Csl(items)),
        (true, false) => Ok(Library::Hayagriva(entries)),
        (false, false) => {
            let yaml = files
                .iter()
                .find(|f| matches!(kind_of(f), Ok(Kind::Yaml)))
                .expect("a YAML file gave the entries");
            Err(at(
                yaml,
                0,
                "hayagriva's YAML cannot be used with .bib or CSL-JSON files in one book".into(),
                "convert it (hayagriva's command line writes BibLaTeX), or use only YAML",
            ))
        }
    }
}

enum Kind {
    Bib,
    Json,
    Yaml,
}

/// A name read from BibTeX keeps its family name whole: pandoc sets and sorts "{van Gennep}"
/// and "d'Angelo" as written, where a CSL-JSON family name's leading lower-case words are a
/// particle (citeproc's reading, which the engine follows unless told the name has none, by
/// an empty particle).
fn family_names_whole(item: &mut Item) {
    for value in item.0.values_mut() {
        if let Value::Names(names) = value {
            for name in names {
                if let hayagriva::citationberg::json::NameValue::Item(n) = name
                    && n.non_dropping_particle.is_none()
                {
                    n.non_dropping_particle = Some(String::new());
                }
            }
        }
    }
}

fn kind_of(file: &SourceFile) -> Result<Kind> {
    let ext = file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "bib" | "bibtex" | "biblatex" => Ok(Kind::Bib),
        "json" => Ok(Kind::Json),
        "yaml" | "yml" => Ok(Kind::Yaml),
        _ => Err(Diagnostic::at(
            &file.path,
            1,
            1,
            format!("terbit cannot read a bibliography of type `.{ext}`"),
        )
        .with_help(
            "give a BibLaTeX or BibTeX file (.bib), CSL-JSON (.json) or hayagriva YAML (.yaml)",
        )
        .into()),
    }
}

fn at(file: &SourceFile, offset: usize, message: String, help: &str) -> crate::error::Error {
    let (line, column) = crate::error::line_col(&file.text, offset.min(file.text.len()));
    Diagnostic::at(&file.path, line, column, message)
        .with_help(help)
        .with_source(&file.text)
        .into()
}

/// The byte offset of the entry `key` in a `.bib` text (`@type{key,`), 0 when not found.
fn entry_offset(text: &str, key: &str) -> usize {
    let mut from = 0;
    while let Some(found) = text[from..].find(key) {
        let at = from + found;
        let before = text[..at].trim_end();
        if before.ends_with(['{', '(']) {
            return before.rfind('@').unwrap_or(at);
        }
        from = at + key.len().max(1);
    }
    0
}

/// The byte offset of the `n`th object of a JSON list (0 when not found).
fn nth_object(text: &str, n: usize) -> usize {
    let mut depth = 0usize;
    let mut count = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => {
                if depth == 1 {
                    if count == n {
                        return i;
                    }
                    count += 1;
                }
                depth += 1;
            }
            b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    0
}

/// Refuse a key given twice, naming both places.
fn check_unique(
    seen: &mut HashMap<String, (usize, usize)>,
    files: &[SourceFile],
    key: &str,
    here: (usize, usize),
) -> Result<()> {
    if let Some(&(f, offset)) = seen.get(key) {
        let first = &files[f];
        let (line, column) = crate::error::line_col(&first.text, offset.min(first.text.len()));
        let file = &files[here.0];
        let msg = format!(
            "the key `{key}` is given twice: first at {}:{line}:{column}",
            first.path.display()
        );
        return Err(at(
            file,
            here.1,
            msg,
            "give each work a key of its own, or remove one",
        ));
    }
    seen.insert(key.to_string(), here);
    Ok(())
}
