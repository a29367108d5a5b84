//! The source line shown under a finding, found in time that does not grow with the file.
//!
//! [`Diagnostic::with_source`] finds its line by counting lines from the start of the file and
//! its window by counting characters from the start of the line: right for one error, but a
//! check can report thousands of places in one chapter, and on a one-line paragraph of
//! megabytes that made the check quadratic. Here the window is cut around a byte offset the
//! finding already knows ([`Diagnostic::with_source_at`]), touching only the characters shown;
//! the result is the same as `with_source` gives (a test compares them).

use super::step;
use crate::error::Diagnostic;

/// Characters shown on either side of the column (as `with_source` shows them).
const WINDOW: usize = 80;

/// `d` with its source line taken from `text`, where `offset` is the byte at which `d`'s
/// column stands. Work: a few times the window shown, whatever the size of `text`.
pub fn with_excerpt(d: Diagnostic, text: &str, offset: usize) -> Diagnostic {
    // `str::lines` has no line after a final line break, nor in an empty text.
    if offset == text.len() && d.column <= 1 && (text.is_empty() || text.ends_with('\n')) {
        return d;
    }
    step(2 * WINDOW);
    d.with_source_at(text, offset)
}

/// Byte offsets of places given as line and column in one text, found in time proportional to
/// the distance from the previous place on the same line (places mostly come in order), so
/// that a thousand images on one line are not each counted from the line's start.
pub struct Places<'a> {
    text: &'a str,
    /// Byte offset of each line's start.
    starts: Vec<usize>,
    /// The last place found: line, column, byte offset.
    at: (usize, usize, usize),
}

impl<'a> Places<'a> {
    pub fn new(text: &'a str) -> Self {
        step(text.len());
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Places {
            text,
            starts,
            at: (1, 1, 0),
        }
    }

    /// `d` with its source line shown.
    pub fn attach(&mut self, d: Diagnostic) -> Diagnostic {
        match self.offset(d.line, d.column) {
            Some(offset) => with_excerpt(d, self.text, offset),
            None => d.with_source(self.text),
        }
    }

    /// The byte offset of 1-based `line` and character `column`, if the text has them.
    fn offset(&mut self, line: usize, column: usize) -> Option<usize> {
        let (mut col, mut off) = match self.at {
            (l, c, o) if l == line && c <= column => (c, o),
            _ => (1, *self.starts.get(line.checked_sub(1)?)?),
        };
        let mut chars = self.text[off..].chars();
        while col < column {
            match chars.next() {
                Some(c) if c != '\n' => {
                    step(1);
                    off += c.len_utf8();
                    col += 1;
                }
                _ => return None,
            }
        }
        self.at = (line, col, off);
        Some(off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Locator;
    use std::path::Path;

    /// Every offset of texts with long lines, wide characters, carriage returns and empty
    /// lines: the excerpt is what `with_source` shows.
    #[test]
    fn excerpts_are_what_with_source_shows() {
        let long: String = (0..400)
            .map(|i| ['a', 'ç', ' ', '一', 'x'][i % 5])
            .collect();
        let texts = [
            String::new(),
            "\n".to_string(),
            "a".to_string(),
            "ab\r\n\r\ncd\r\r\n".to_string(),
            "ab\rc\r".to_string(),
            format!("{long}\n{long}\r\n\n{long}"),
            format!("x{}\r\r\r\ny", "z".repeat(WINDOW * 2 + 5)),
            format!("{}\r\r\r\r", "z".repeat(WINDOW * 3)),
            format!("{}\r\r\rq\n", "z".repeat(WINDOW * 3)),
        ];
        for text in &texts {
            let mut loc = Locator::new(text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                let (line, column) = loc.locate(offset);
                let d = Diagnostic::at(Path::new("a.md"), line, column, "m");
                let fast = with_excerpt(d.clone(), text, offset);
                let placed = Places::new(text).attach(d.clone());
                let slow = d.with_source(text);
                assert_eq!(
                    (&fast.source_line, fast.source_column),
                    (&slow.source_line, slow.source_column),
                    "offset {offset} ({line}:{column}) of {text:?}"
                );
                assert_eq!(placed, slow, "{line}:{column} of {text:?}");
            }
        }
    }
}
