//! Loading a book from disk: `book.yaml` and its Markdown chapters. Nothing here interprets
//! Markdown; this stage only finds, reads and checks the author's files (read-only: a build
//! never writes into the book's folder).

pub mod config;
pub mod dates;
pub mod fonts_config;
pub mod origins;
pub mod references;
mod yaml_errors;

use std::path::{Path, PathBuf};

pub use config::{Author, BookConfig};
pub use origins::{ChapterOrigins, Origins};

use crate::error::{Diagnostic, Error, Result};

/// The name of the metadata file in a book's folder.
pub const CONFIG_FILE: &str = "book.yaml";

/// The file the settings of the book in `dir` come from: book.yaml, or an mdBook's book.toml.
pub fn config_file(dir: &Path) -> PathBuf {
    let yaml = dir.join(CONFIG_FILE);
    let toml = dir.join(crate::import::mdbook::BOOK_TOML);
    if !yaml.is_file() && toml.is_file() {
        toml
    } else {
        yaml
    }
}

/// A book as found on disk.
#[derive(Debug, Clone)]
pub struct Manuscript {
    /// The book's folder; every file the book uses lives inside it.
    pub dir: PathBuf,
    pub config: BookConfig,
    pub chapters: Vec<ChapterSource>,
    /// The bibliography and style files its citations are formatted from, read.
    pub references: references::ReferenceSources,
}

impl Manuscript {
    /// The file the book's settings come from: book.yaml, or an mdBook's book.toml.
    pub fn config_file(&self) -> PathBuf {
        config_file(&self.dir)
    }

    /// `d` at the author's place: a message about chapter text that came from an included
    /// file names that file, line and column (see [`Origins`]).
    pub fn author_place(&self, d: Diagnostic) -> Diagnostic {
        self.config.origins.author_place(d)
    }
}

/// One chapter file: where it is and what it says.
#[derive(Debug, Clone)]
pub struct ChapterSource {
    /// Path as shown to the user (book folder joined with the listed name).
    pub path: PathBuf,
    /// The text, with any UTF-8 byte-order mark removed.
    pub text: String,
}

/// Largest `book.yaml` read: metadata is a few kilobytes; anything near this is not a book's.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// Largest chapter read (about 8 million words, twenty long novels): beyond it a chapter is
/// refused rather than making the build run out of memory or time.
pub const MAX_CHAPTER_BYTES: u64 = 50 * 1024 * 1024;
/// Most chapters a book may have.
pub const MAX_CHAPTERS: usize = 10_000;

/// Load the book in `dir`.
pub fn load(dir: &Path) -> Result<Manuscript> {
    let config_path = dir.join(CONFIG_FILE);
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: no such folder — give the folder that holds book.yaml (default: manuscript)",
            dir.display()
        )));
    }
    if !config_path.is_file() {
        // Books from other tools, as they are: an mdBook folder, else pandoc-style chapters
        // whose front matter or title block gives the metadata. A book.yaml always wins.
        if crate::import::mdbook::is_mdbook(dir) {
            return crate::import::mdbook::load(dir);
        }
        return crate::import::pandoc::load(dir);
    }
    // Every file the book uses must be inside its folder, also after following symbolic links:
    // a book from someone else must not make terbit read (and publish) files elsewhere.
    let real_dir = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    if !resolves_inside(&real_dir, &config_path)? {
        return Err(outside_link(&config_path));
    }
    let config_text = read_text_limited(&config_path, MAX_CONFIG_BYTES)?;
    let config = config::parse(&config_path, &config_text)?;

    let chapters = match &config.chapters {
        Some(listed) => {
            if listed.len() > MAX_CHAPTERS {
                let msg = format!(
                    "{} chapters listed; terbit makes books of at most {MAX_CHAPTERS}",
                    listed.len()
                );
                return Err(Diagnostic::at(&config_path, 1, 1, msg)
                    .with_help("split the book, or join chapters")
                    .into());
            }
            let mut out = Vec::new();
            for name in listed {
                let path = dir.join(&name.value);
                let place = |msg: String, help: &str| {
                    let loc = &name.referenced;
                    Diagnostic::at(
                        &config_path,
                        (loc.line() as usize).max(1),
                        (loc.column() as usize).max(1),
                        msg,
                    )
                    .with_help(help)
                    .with_source(&config_text)
                };
                if !is_inside(dir, Path::new(&name.value)) {
                    let msg = format!("chapter `{}` is outside the book's folder", name.value);
                    return Err(
                        place(msg, "list files relative to book.yaml, inside its folder").into(),
                    );
                }
                if !path.is_file() {
                    let msg = format!("chapter `{}` {}", name.value, not_a_file(&path));
                    return Err(
                        place(msg, "check the file name, or remove it from `chapters`").into(),
                    );
                }
                if !resolves_inside(&real_dir, &path)? {
                    let msg = format!(
                        "chapter `{}` is a link to a file outside the book's folder",
                        name.value
                    );
                    let help = "copy the file into the book's folder instead of linking to it";
                    return Err(place(msg, help).into());
                }
                out.push(ChapterSource {
                    text: read_text(&path)?,
                    path,
                });
            }
            out
        }
        None => markdown_files(dir, &real_dir, &config_path)?,
    };
    // Front matter and title blocks are metadata, not text (book.yaml's metadata wins).
    let chapters = chapters
        .into_iter()
        .map(|c| ChapterSource {
            text: crate::import::pandoc::strip_metadata(&c.text),
            path: c.path,
        })
        .collect::<Vec<_>>();
    if chapters.is_empty() {
        return Err(
            Diagnostic::at(&config_path, 1, 1, "the book has no chapters")
                .with_help(
                    "add Markdown files (*.md) beside book.yaml, or list them under `chapters`",
                )
                .with_source(&config_text)
                .into(),
        );
    }
    let references = references::load(dir, &real_dir, &config, (&config_path, &config_text))?;
    Ok(Manuscript {
        dir: dir.to_path_buf(),
        config,
        chapters,
        references,
    })
}

/// Every `*.md` file of `dir`, by name, read; `config_path` names the place for errors.
/// `real_dir` is `dir` canonicalized: files linking out of it are refused.
pub(crate) fn markdown_files(
    dir: &Path,
    real_dir: &Path,
    config_path: &Path,
) -> Result<Vec<ChapterSource>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "md"))
        .take(MAX_CHAPTERS + 1)
        .collect();
    if names.len() > MAX_CHAPTERS {
        let msg = format!(
            "more than {MAX_CHAPTERS} Markdown files beside book.yaml; \
             terbit makes books of at most {MAX_CHAPTERS} chapters"
        );
        return Err(Diagnostic::at(config_path, 1, 1, msg)
            .with_help("split the book, or join chapters")
            .into());
    }
    names.sort();
    let mut out = Vec::new();
    for path in names {
        if !resolves_inside(real_dir, &path)? {
            return Err(outside_link(&path));
        }
        out.push(ChapterSource {
            text: read_text(&path)?,
            path,
        });
    }
    Ok(out)
}

/// Whether `path`, with every symbolic link followed, is inside `real_dir` (canonical).
/// Why `path`, which is not a regular file, cannot be read as one: it is missing, a folder,
/// or a named pipe, socket or device (not read: a pipe could hold a build forever).
pub fn not_a_file(path: &Path) -> &'static str {
    match std::fs::metadata(path) {
        Err(_) => "not found",
        Ok(m) if m.is_dir() => "is a folder, not a file",
        Ok(_) => "is not a regular file (a named pipe, socket or device)",
    }
}

pub(crate) fn resolves_inside(real_dir: &Path, path: &Path) -> Result<bool> {
    let real = path.canonicalize().map_err(|e| Error::io(path, e))?;
    Ok(real.starts_with(real_dir))
}

pub(crate) fn outside_link(path: &Path) -> Error {
    Diagnostic::at(
        path,
        1,
        1,
        "this file is a link to a file outside the book's folder",
    )
    .with_help("copy the file into the book's folder instead of linking to it")
    .into()
}

/// Read a chapter as UTF-8 (see [`read_text_limited`]), refusing one over [`MAX_CHAPTER_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    read_text_limited(path, MAX_CHAPTER_BYTES)
}

/// Read a text file as UTF-8, naming the first bad byte when it is not. A leading BOM is dropped.
/// A file over `limit` bytes is refused before it is read into memory.
pub fn read_text_limited(path: &Path, limit: u64) -> Result<String> {
    use std::io::Read;
    let too_big = || -> Error {
        let msg = format!(
            "file is larger than {} MB, the most terbit reads",
            limit / (1024 * 1024)
        );
        Diagnostic::at(path, 1, 1, msg)
            .with_help("split it into smaller files")
            .into()
    };
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    if file.metadata().is_ok_and(|m| m.len() > limit) {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // `take` as well as the size on disk: a file may grow while it is read, or be a device.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let valid = String::from_utf8_lossy(&bytes[..offset]);
            let (line, column) = crate::error::line_col(&valid, valid.len());
            let msg = format!(
                "invalid UTF-8 (byte 0x{:02X} at byte offset {offset})",
                bytes[offset]
            );
            Err(Diagnostic::at(path, line, column, msg)
                .with_help("save the file as UTF-8")
                .with_source(&valid)
                .into())
        }
    }
}

/// Whether relative `p` stays inside the folder it is relative to (no absolute paths, no `..`
/// escaping it).
pub fn is_inside(_dir: &Path, p: &Path) -> bool {
    use std::path::Component;
    let mut depth: i32 = 0;
    for c in p.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_book_are_refused() {
        let d = Path::new("book");
        assert!(is_inside(d, Path::new("a.md")));
        assert!(is_inside(d, Path::new("part/../a.md")));
        assert!(!is_inside(d, Path::new("../a.md")));
        assert!(!is_inside(d, Path::new("/etc/passwd")));
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let dir = std::env::temp_dir().join(format!("terbit-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.md");
        std::fs::write(&p, b"baik\nsa\xffya").unwrap();
        let e = read_text(&p).unwrap_err().to_string();
        assert!(
            e.contains(":2:3: invalid UTF-8 (byte 0xFF at byte offset 7)"),
            "{e}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
