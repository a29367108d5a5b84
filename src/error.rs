//! Errors a build can end with. Every error about the author's input names the file, the line
//! and the column, says what is wrong and how to fix it, and shows the offending line — so that
//! `main` can print `error: FILE:LINE:COL: message` and exit 1 instead of panicking.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem at a place in one of the author's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can say.
    pub help: Option<String>,
    /// The offending line of the source, if known.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `text` (the contents of `file`).
    pub fn at_offset(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        Self::at(file, line, column, message).with_source(text)
    }

    pub fn at(file: &Path, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Remember the offending line of `text` so that it can be shown under the message.
    pub fn with_source(mut self, text: &str) -> Self {
        self.source_line = text
            .lines()
            .nth(self.line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, " — {help}")?;
        }
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            write!(f, "\n{:gutter$} |\n{} | {}", "", self.line, src)?;
            let pad: String = src
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{:gutter$} | {pad}^", "")?;
        }
        Ok(())
    }
}

/// Everything a build can fail with.
#[derive(Debug)]
pub enum Error {
    /// Bad input at a known place.
    Input(Diagnostic),
    /// A file could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Anything else, already phrased for the user.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(d) => d.fmt(f),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Other(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(d)
    }
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "ab\nçığ x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "çığ " is 7 bytes; x is the 5th character of line 2.
        assert_eq!(line_col(text, 3 + 7), (2, 5));
    }

    #[test]
    fn display_names_file_line_column_and_shows_the_line() {
        let d = Diagnostic::at_offset(
            Path::new("book.yaml"),
            "title: a\ntitel: b\n",
            9,
            "unknown key `titel`",
        )
        .with_help("did you mean `title`?");
        let shown = d.to_string();
        assert!(
            shown.starts_with("book.yaml:2:1: unknown key `titel` — did you mean `title`?"),
            "{shown}"
        );
        assert!(shown.contains("2 | titel: b"), "{shown}");
    }
}
