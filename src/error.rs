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
    /// The offending line of the source, if known (a window of it around the column when the
    /// line is very long, so that a minified or hostile file does not flood the terminal).
    pub source_line: Option<String>,
    /// 1-based character column of the caret within `source_line`.
    pub source_column: usize,
}

/// Characters of a long source line shown on either side of the column.
const WINDOW: usize = 80;

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
            source_column: column,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// [`Diagnostic::with_source`] when the byte `offset` of the diagnostic's column is known:
    /// the line is found around it, in work that does not grow with the text (a chapter of
    /// megabytes with a hundred warnings was read a hundred times).
    pub fn with_source_at(mut self, text: &str, offset: usize) -> Self {
        let column = self.column.max(1);
        // Back to the first character shown: the line's start, or WINDOW characters before.
        let back = (column - 1).min(WINDOW);
        let mut start = floor_boundary(text, offset);
        for _ in 0..back {
            match text[..start].chars().next_back() {
                Some(c) if c != '\n' => start -= c.len_utf8(),
                // The column does not match the offset: find the line by counting.
                _ => return self.with_source(text),
            }
        }
        let skip = column - 1 - back;
        if skip == 0 && text[..start].chars().next_back().is_some_and(|c| c != '\n') {
            return self.with_source(text);
        }
        let mut shown = String::new();
        let mut more = false;
        let mut rest = text[start..].chars();
        let mut taken = 0;
        while let Some(c) = rest.next() {
            if c == '\n' {
                break;
            }
            if taken == 2 * WINDOW {
                // More to show, unless only the carriage returns ending the line are left
                // (looked for a little way: a line of megabytes is not read to its end).
                more = c != '\r' || !rest.take(64).take_while(|&c| c != '\n').all(|c| c == '\r');
                break;
            }
            shown.push(c);
            taken += 1;
        }
        crate::work::step(back + taken);
        if more {
            shown.push('…');
        } else {
            shown.truncate(shown.trim_end_matches('\r').len());
        }
        if skip > 0 {
            shown.insert(0, '…');
        }
        self.source_column = column - skip + usize::from(skip > 0);
        self.source_line = Some(shown);
        self
    }

    /// Remember the offending line of `text` so that it can be shown under the message.
    pub fn with_source(mut self, text: &str) -> Self {
        let Some(line) = text.lines().nth(self.line.saturating_sub(1)) else {
            return self;
        };
        let line = line.trim_end_matches('\r');
        let skip = self.column.saturating_sub(1 + WINDOW);
        let mut shown: String = line.chars().skip(skip).take(2 * WINDOW).collect();
        if skip > 0 {
            shown.insert(0, '…');
        }
        if line.chars().nth(skip + 2 * WINDOW).is_some() {
            shown.push('…');
        }
        self.source_column = self.column - skip + usize::from(skip > 0);
        self.source_line = Some(shown);
        self
    }
}

impl fmt::Display for Diagnostic {
    /// Everything that came from the author's files (the file's name, the echoed line, words
    /// quoted in the message) is shown with its control characters escaped: a file named with
    /// an escape sequence must not retitle or clear the terminal it is reported in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            escape_controls(&self.file.to_string_lossy(), Keep::Nothing),
            self.line,
            self.column,
            escape_controls(&self.message, Keep::Newlines)
        )?;
        if let Some(help) = &self.help {
            write!(f, " — {}", escape_controls(help, Keep::Newlines))?;
        }
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            let shown = escape_controls(src, Keep::Tabs);
            write!(f, "\n{:gutter$} |\n{} | {}", "", self.line, shown)?;
            // The caret under the column's character, counting what each character before it
            // takes on the screen once escaped.
            let pad: String = src
                .chars()
                .take(self.source_column.saturating_sub(1))
                .flat_map(|c| {
                    let width = if c == '\t' { 1 } else { escaped_width(c) };
                    std::iter::repeat_n(if c == '\t' { '\t' } else { ' ' }, width)
                })
                .collect();
            write!(f, "\n{:gutter$} | {pad}^", "")?;
        }
        Ok(())
    }
}

/// What [`escape_controls`] lets through as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: a file name is one line.
    Nothing,
    /// Line breaks, in messages of several lines.
    Newlines,
    /// Tabs, in an echoed source line (the caret line repeats them to stay aligned).
    Tabs,
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 control characters (ESC starts
/// the sequences that move the cursor, clear the screen or set the window's title), DEL, and
/// the bidirectional embeddings, overrides and isolates that make text read in another order
/// than it is stored.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters an escaped `c` takes: `\u{1b}` is 6.
fn escaped_width(c: char) -> usize {
    if is_unsafe(c) { escape(c).len() } else { 1 }
}

fn escape(c: char) -> String {
    match c {
        '\t' => "\\t".to_string(),
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        _ => format!("\\u{{{:x}}}", c as u32),
    }
}

/// `text` with every character that could act on a terminal written as an escape (`\u{1b}`,
/// `\n`, `\t`), but for what `keep` lets through. Text without any is borrowed as it is.
pub fn escape_controls(text: &str, keep: Keep) -> std::borrow::Cow<'_, str> {
    let kept = |c: char| match keep {
        Keep::Nothing => false,
        Keep::Newlines => c == '\n',
        Keep::Tabs => c == '\t',
    };
    if !text.chars().any(|c| is_unsafe(c) && !kept(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && !kept(c) {
            out.push_str(&escape(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as it is safe to print (see [`escape_controls`]).
pub fn shown_path(path: &Path) -> String {
    escape_controls(&path.to_string_lossy(), Keep::Nothing).into_owned()
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
        /// Whether terbit was writing (an output) rather than reading (the book): the advice
        /// differs (choose another output folder, or check the book's file).
        writing: bool,
    },
    /// Anything else, already phrased for the user.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(d) => d.fmt(f),
            Error::Io {
                path,
                source,
                writing,
            } => write!(f, "{}: {}", shown_path(path), plain_io(source, *writing)),
            Error::Other(msg) => f.write_str(&escape_controls(msg, Keep::Newlines)),
        }
    }
}

/// What an operating-system error means for an author, and what to do about it, instead of
/// the system's own words and number ("No space left on device (os error 28)").
pub fn plain_io(e: &std::io::Error, writing: bool) -> String {
    use std::io::ErrorKind as K;
    let fix_out = "choose another output folder with -o";
    let said = match e.kind() {
        K::NotFound if writing => {
            format!("a folder on the way to this file is missing — {fix_out}")
        }
        K::NotFound => "no such file — check its name and where it is".to_string(),
        K::PermissionDenied if writing => {
            format!(
                "terbit may not write here (permission denied) — {fix_out}, or change the folder's permissions"
            )
        }
        K::PermissionDenied => {
            "terbit may not read this file (permission denied) — change its permissions".to_string()
        }
        K::StorageFull | K::QuotaExceeded => {
            format!("the disk is full — free some space, or {fix_out} on another disk")
        }
        K::ReadOnlyFilesystem => format!("this disk is read-only — {fix_out}"),
        K::InvalidFilename => {
            "the file name is too long or not allowed here — use a shorter name or folder"
                .to_string()
        }
        K::NotADirectory if writing => {
            format!("a file is in the way: part of this path is a file, not a folder — {fix_out}")
        }
        K::NotADirectory => "part of this path is a file, not a folder".to_string(),
        K::IsADirectory if writing => {
            format!("a folder is in the way of this file — move or rename it, or {fix_out}")
        }
        K::IsADirectory => "this is a folder, not a file".to_string(),
        K::AlreadyExists if writing => {
            format!("a file is in the way of the output folder — move or rename it, or {fix_out}")
        }
        K::DirectoryNotEmpty => "a folder that is not empty is in the way".to_string(),
        K::CrossesDevices => {
            format!("the file cannot be moved into place across disks — {fix_out}")
        }
        K::TooManyLinks => "symbolic links here go round in a loop — remove the loop".to_string(),
        K::Interrupted | K::WouldBlock | K::TimedOut => {
            "the system interrupted the operation — try again".to_string()
        }
        K::OutOfMemory => {
            "the machine ran out of memory — close other programs and try again".to_string()
        }
        K::InvalidData => "the file is damaged or not what its name says".to_string(),
        K::UnexpectedEof => "the file ends too soon: it is cut short".to_string(),
        K::ResourceBusy | K::ExecutableFileBusy => {
            "the file is in use by another program — close it and try again".to_string()
        }
        // Errors already phrased by terbit (kind Other), and ones with no better words: the
        // system's own message, without its error number.
        _ => {
            let text = e.to_string();
            match text.find(" (os error ") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    };
    escape_controls(&said, Keep::Nothing).into_owned()
}

impl std::error::Error for Error {}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(d)
    }
}

impl Error {
    /// A file of the book could not be read.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
            writing: false,
        }
    }

    /// An output (or the folder for it) could not be written.
    pub fn writing(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
            writing: true,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The largest char boundary of `text` at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Problems a build survives (markup it dropped, say): printed as `warning: FILE:LINE:COL: …`.
/// At most [`Warnings::MAX`] are kept per file, and the rest counted, so that a hostile file
/// with a million `<script>` tags costs neither memory nor a flooded terminal.
#[derive(Debug, Default)]
pub struct Warnings {
    list: Vec<Diagnostic>,
    /// Per file: how many warnings it had, kept or not.
    counts: Vec<(PathBuf, usize)>,
    /// Where each file is in `counts` (a book of 10,000 chapters is not searched per warning).
    index: std::collections::HashMap<PathBuf, usize>,
}

impl Warnings {
    pub const MAX: usize = 100;

    fn count_of(&mut self, file: &Path) -> &mut usize {
        let i = match self.index.get(file) {
            Some(&i) => i,
            None => {
                self.counts.push((file.to_path_buf(), 0));
                self.index.insert(file.to_path_buf(), self.counts.len() - 1);
                self.counts.len() - 1
            }
        };
        &mut self.counts[i].1
    }

    /// Whether a warning about `file` would still be kept (callers skip building it otherwise).
    pub fn has_room(&mut self, file: &Path) -> bool {
        *self.count_of(file) < Self::MAX
    }

    pub fn push(&mut self, d: Diagnostic) {
        let n = self.count_of(&d.file);
        *n += 1;
        if *n <= Self::MAX {
            self.list.push(d);
        }
    }

    /// Count a warning about `file` that is not kept.
    pub fn count(&mut self, file: &Path) {
        *self.count_of(file) += 1;
    }

    pub fn extend(&mut self, other: Warnings) {
        for d in other.list {
            self.push(d);
        }
        for (file, n) in other.counts {
            let kept = n.min(Self::MAX);
            *self.count_of(&file) += n - kept;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The kept warnings, and per file how many more were only counted.
    pub fn into_parts(self) -> (Vec<Diagnostic>, Vec<(PathBuf, usize)>) {
        let hidden = self
            .counts
            .into_iter()
            .filter(|(_, n)| *n > Self::MAX)
            .map(|(file, n)| (file, n - Self::MAX))
            .collect();
        (self.list, hidden)
    }

    /// The kept warnings, then one line per file whose further warnings were only counted.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let mut out = self.list;
        for (file, n) in self.counts {
            if n > Self::MAX {
                let msg = format!("{} more warnings in this file not shown", n - Self::MAX);
                out.push(Diagnostic::at(&file, 1, 1, msg));
            }
        }
        out
    }
}

/// Line and column of many offsets in one text, each found in time proportional to the
/// distance from the previous one (offsets mostly come in order), so that a chapter with a
/// million images or tags is not scanned from its start a million times. An offset behind the
/// last one is walked to from the nearest place passed on the way (kept every few KB), not
/// from the start of the text or of its line, which on a chapter of one long line was as bad.
pub struct Locator<'a> {
    text: &'a str,
    /// The last place found: byte offset, line, column.
    at: (usize, usize, usize),
    /// Places passed, in order, about every [`Locator::MARK_EVERY`] bytes.
    marks: Vec<(usize, usize, usize)>,
}

impl<'a> Locator<'a> {
    const MARK_EVERY: usize = 4096;

    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            at: (0, 1, 1),
            marks: Vec::new(),
        }
    }

    /// 1-based line and character column of byte `offset`, as [`line_col`] gives.
    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(self.text, offset);
        if offset < self.at.0 {
            let i = self.marks.partition_point(|m| m.0 <= offset);
            self.at = i.checked_sub(1).map_or((0, 1, 1), |i| self.marks[i]);
        }
        let (mut pos, mut line, mut column) = self.at;
        let mut next_mark = self.marks.last().map_or(0, |m| m.0) + Self::MARK_EVERY;
        crate::work::step(offset - pos);
        for c in self.text[pos..offset].chars() {
            if pos >= next_mark {
                self.marks.push((pos, line, column));
                next_mark = pos + Self::MARK_EVERY;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
            pos += c.len_utf8();
        }
        self.at = (offset, line, column);
        (line, column)
    }
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
    fn locator_agrees_with_line_col_in_any_order() {
        let text = "ab\nçığ x\n\ny\n";
        let mut loc = Locator::new(text);
        for offset in [0, 3, 10, 12, 5, 1, 13, 99, 4] {
            assert_eq!(
                loc.locate(offset),
                line_col(text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn long_lines_are_shown_around_the_column() {
        let line = "x".repeat(1000) + "BAD" + &"y".repeat(1000);
        let d = Diagnostic::at(Path::new("a.md"), 1, 1001, "bad").with_source(&line);
        let shown = d.to_string();
        let src = d.source_line.as_deref().unwrap();
        assert!(src.starts_with('…') && src.ends_with('…') && src.contains("BAD"));
        assert!(src.chars().count() <= 2 * WINDOW + 2, "{shown}");
        // The caret stands under the B of BAD.
        let caret = shown.lines().last().unwrap().find('^').unwrap();
        let source = shown.lines().nth(2).unwrap();
        assert_eq!(source.chars().nth(caret), Some('B'), "{shown}");
    }

    #[test]
    fn control_characters_from_the_author_never_reach_the_terminal() {
        let text = "ok \u{1b}]0;title\u{7} and \u{1b}[2J here\n";
        let d = Diagnostic::at_offset(Path::new("a\u{1b}[31m.md"), text, 23, "bad \u{9b}x")
            .with_help("fix \u{202e}this");
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(!shown.contains('\u{202e}'), "{shown:?}");
        assert!(shown.starts_with("a\\u{1b}[31m.md:1:"), "{shown}");
        // The caret stands under the `h` of "here" though the line before it was widened.
        let lines: Vec<&str> = shown.lines().collect();
        let caret = lines[3].find('^').unwrap();
        assert_eq!(&lines[2][caret..caret + 4], "here", "{shown}");
    }

    #[test]
    fn system_errors_are_told_in_words_with_what_to_do() {
        for (code, said) in [
            (28, "the disk is full"),
            (
                30,
                "this disk is read-only — choose another output folder with -o",
            ),
            (36, "the file name is too long"),
            (13, "terbit may not write here"),
        ] {
            let e = Error::writing(
                Path::new("out/b.pdf"),
                std::io::Error::from_raw_os_error(code),
            );
            let shown = e.to_string();
            assert!(
                shown.starts_with(&format!("out/b.pdf: {said}")),
                "{code}: {shown}"
            );
            assert!(!shown.contains("os error"), "{shown}");
        }
        let e = Error::io(Path::new("01.md"), std::io::Error::from_raw_os_error(2));
        assert_eq!(
            e.to_string(),
            "01.md: no such file — check its name and where it is"
        );
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
