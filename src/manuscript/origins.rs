//! Where the text of a chapter that includes other files came from (mdBook's
//! `{{#include}}`), so that a message about that text names the author's file, line and column
//! — the included file's — not a place in the expanded chapter, which no one can open.
//!
//! A chapter's map is a list of segments in the expanded text, in order; each says where its
//! first character came from, and the text up to the next segment follows on from there line
//! by line (a source map's run-length form). A new segment starts wherever that stops being
//! true: at an include, after it, after an anchor's marker line that was left out, after a
//! dropped backslash. Chapters without includes have no map, so ordinary books pay nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error};

/// Where the text from (`line`, `column`) of an expanded chapter on came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// 1-based line and character column in the expanded chapter.
    pub line: usize,
    pub column: usize,
    /// Index into [`ChapterOrigins::files`].
    pub file: usize,
    /// 1-based line and character column in that file.
    pub source_line: usize,
    pub source_column: usize,
}

/// The map of one expanded chapter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChapterOrigins {
    /// The files the text came from; the chapter itself first.
    pub files: Vec<PathBuf>,
    /// In order of place in the expanded text.
    pub segments: Vec<Segment>,
}

impl ChapterOrigins {
    /// The file, line and column that (`line`, `column`) of the expanded text came from.
    pub fn place(&self, line: usize, column: usize) -> Option<(&Path, usize, usize)> {
        let after = self
            .segments
            .partition_point(|s| (s.line, s.column) <= (line, column));
        let s = self.segments.get(after.checked_sub(1)?)?;
        let file = self.files.get(s.file)?;
        let place = if line == s.line {
            (s.source_line, s.source_column + (column - s.column))
        } else {
            (s.source_line + (line - s.line), column)
        };
        Some((file, place.0, place.1))
    }
}

/// The maps of a book's chapters that include files (none for most books).
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Per chapter path. Shared: the book's configuration, which holds this, is cloned.
    chapters: Vec<(PathBuf, Arc<ChapterOrigins>)>,
}

impl Origins {
    pub fn add(&mut self, chapter: PathBuf, map: ChapterOrigins) {
        self.chapters.push((chapter, Arc::new(map)));
    }

    pub fn is_empty(&self) -> bool {
        self.chapters.is_empty()
    }

    /// The author's place of `line`:`column` of chapter `file` as expanded: in the included
    /// file it came from, if it came from one.
    pub fn place_of(
        &self,
        file: &Path,
        line: usize,
        column: usize,
    ) -> Option<(PathBuf, usize, usize)> {
        let (_, map) = self.chapters.iter().find(|(c, _)| c == file)?;
        let (path, line, column) = map.place(line, column)?;
        Some((path.to_path_buf(), line, column))
    }

    /// `d` at the author's place: when it is about text of an expanded chapter that came from
    /// an included file, at that file's line and column, with that file's line shown.
    pub fn author_place(&self, mut d: Diagnostic) -> Diagnostic {
        self.rewrite(std::iter::once(&mut d));
        d
    }

    /// [`Origins::author_place`] of each of `ds`.
    pub fn author_places(&self, mut ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
        self.rewrite(ds.iter_mut());
        ds
    }

    /// An error at the author's place (see [`Origins::author_place`]).
    pub fn author_error(&self, e: Error) -> Error {
        match e {
            Error::Input(d) => Error::Input(self.author_place(d)),
            other => other,
        }
    }

    /// Move each of `ds` to the author's place. The included files are read again for the
    /// lines shown (this runs only when there is something to tell), each once per call.
    pub fn rewrite<'a>(&self, ds: impl IntoIterator<Item = &'a mut Diagnostic>) {
        if self.chapters.is_empty() {
            return;
        }
        let mut texts: HashMap<PathBuf, Option<String>> = HashMap::new();
        for d in ds {
            let Some((_, map)) = self.chapters.iter().find(|(path, _)| *path == d.file) else {
                continue;
            };
            let Some((file, line, column)) = map.place(d.line, d.column) else {
                continue;
            };
            if file == d.file && line == d.line && column == d.column {
                continue;
            }
            d.file = file.to_path_buf();
            d.line = line;
            d.column = column;
            d.source_column = column;
            if d.source_line.take().is_some() {
                let text = texts
                    .entry(file.to_path_buf())
                    // Unreadable now (changed since): the message is still right, unshown.
                    .or_insert_with(|| super::read_text(file).ok());
                if let Some(text) = text {
                    *d = d.clone().with_source(text);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_on_within_a_segment() {
        let seg = |line, column, file, source_line, source_column| Segment {
            line,
            column,
            file,
            source_line,
            source_column,
        };
        let map = ChapterOrigins {
            files: vec![PathBuf::from("bab.md"), PathBuf::from("kode.rs")],
            segments: vec![
                seg(1, 1, 0, 1, 1),
                seg(2, 7, 1, 4, 1),
                seg(3, 1, 1, 6, 1),
                seg(3, 5, 0, 2, 21),
            ],
        };
        let at = |l, c| map.place(l, c).map(|(f, l, c)| (f.to_path_buf(), l, c));
        let p = PathBuf::from;
        assert_eq!(at(2, 6), Some((p("bab.md"), 2, 6)));
        assert_eq!(at(2, 9), Some((p("kode.rs"), 4, 3)));
        assert_eq!(at(3, 2), Some((p("kode.rs"), 6, 2)));
        assert_eq!(at(3, 6), Some((p("bab.md"), 2, 22)));
        assert_eq!(at(5, 3), Some((p("bab.md"), 4, 3)));
        assert_eq!(ChapterOrigins::default().place(1, 1), None);
    }
}
