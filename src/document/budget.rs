//! The memory a chapter will take, estimated from its text before it is parsed, and a chapter
//! that would take too much refused at the line where it passes the budget.
//!
//! A build holds a chapter's document (and, while it parses, pulldown-cmark's tree of it, made
//! whole before the first event) for as long as the chapter is set: about three bytes per byte
//! of text, plus a few hundred bytes for every block and inline element. Prose stays far
//! inside the budget at the 50 MB a chapter may have (about 200 MiB); what does not is a
//! chapter of millions of tiny blocks — one-word list items, table rows, footnotes — which no
//! book has, and which would otherwise take gigabytes. The estimate counts, outside fenced
//! code, each line that is not blank, each list or quote marker, heading, table cell, footnote
//! definition and inline marker, at what it was measured to cost (`bench/bounded.py`,
//! "memory-…" cases).

use std::path::Path;

use crate::error::{Diagnostic, Error, Result};

/// The most a chapter may be estimated to hold, in bytes (with what a build holds besides, a
/// build stays under 300 MiB).
pub const BUDGET: u64 = 260 * 1024 * 1024;

/// Bytes held for each byte of text.
const PER_BYTE: u64 = 2;

/// Bytes held for each half of a node (a line's block, a list item): costs are counted in
/// halves, so that an inline element can cost one and a half.
const PER_HALF: u64 = 150;

/// Halves each line that is not blank costs, and each list item.
const LINE: u64 = 2;

/// Halves a quote costs (its block and the paragraph inside).
const QUOTE: u64 = 4;

/// Halves a table cell or an inline element's marker (`*`, `` ` ``), or a hard line break,
/// costs.
const MARKER: u64 = 3;

/// Halves an HTML tag (`<`) costs.
const TAG: u64 = 4;

/// Halves a link or an image (`[`) costs: its address is kept, and it is a link rectangle and
/// an annotation on its page.
const LINK: u64 = 8;

/// Halves a heading costs (its id, bookmark, outline entry), beside its line.
const HEADING: u64 = 6;

/// Halves a footnote costs beside its line: its lines are set before the chapter's text and
/// held while the chapter is set.
const FOOTNOTE: u64 = 24;

/// Refuse `text` (the chapter at `path`) when it would hold more than [`BUDGET`].
pub fn check(path: &Path, text: &str) -> Result<()> {
    let mut halves: u64 = 0;
    // The open fence's character and length.
    let mut fence: Option<(u8, usize)> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let body = line.trim_start_matches([' ', '\t']);
        let run = |c: u8| body.bytes().take_while(|&b| b == c).count();
        if let Some((c, n)) = fence {
            if run(c) >= n {
                fence = None;
            }
            continue;
        }
        if body.trim_end().is_empty() {
            continue;
        }
        halves += LINE;
        let end = line.trim_end_matches(['\n', '\r']);
        if end.ends_with("  ") || end.ends_with('\\') {
            halves += MARKER; // a hard line break
        }
        let mut rest = body;
        // Containers opened at the line's start: quotes and list items.
        loop {
            let b = rest.as_bytes();
            let (marker, cost) = match b.first() {
                Some(b'>') => (1, QUOTE),
                Some(b'-' | b'*' | b'+') if matches!(b.get(1), Some(b' ' | b'\t')) => (2, LINE),
                Some(b'0'..=b'9') => {
                    let digits = b.iter().take_while(|d| d.is_ascii_digit()).count();
                    match (b.get(digits), b.get(digits + 1)) {
                        (Some(b'.' | b')'), Some(b' ' | b'\t')) if digits <= 9 => {
                            (digits + 2, LINE)
                        }
                        _ => (0, 0),
                    }
                }
                _ => (0, 0),
            };
            if marker == 0 {
                break;
            }
            halves += cost;
            rest = rest[marker..].trim_start_matches([' ', '\t']);
        }
        for c in [b'`', b'~'] {
            let n = rest.bytes().take_while(|&b| b == c).count();
            if n >= 3 {
                fence = Some((c, n));
            }
        }
        if rest.starts_with('#') {
            halves += HEADING;
        } else if rest.starts_with("[^") && rest.contains("]:") {
            halves += FOOTNOTE;
        }
        // Table cells and inline elements, by their markers.
        for b in rest.bytes() {
            halves += match b {
                b'|' | b'*' | b'_' | b'`' => MARKER,
                b'<' => TAG,
                b'[' => LINK,
                _ => 0,
            };
        }
        let held = PER_BYTE * offset as u64 + PER_HALF * halves;
        if held > BUDGET {
            let mib = held >> 20;
            return Err(Error::Input(
                Diagnostic::at_offset(
                    path,
                    text,
                    start,
                    format!(
                        "this chapter is too large to typeset: by this line it would hold about \
                         {mib} MiB (terbit keeps a chapter's document in memory; at most {} MiB)",
                        BUDGET >> 20
                    ),
                )
                .with_help(
                    "split it into several chapter files; so many blocks (list items, table \
                     rows, footnotes, paragraphs) in one chapter are more than a book needs",
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held(text: &str) -> Result<()> {
        check(Path::new("a.md"), text)
    }

    #[test]
    fn prose_of_fifty_megabytes_and_long_code_pass() {
        let paragraph = "kerja sama antara Turki dan negara negara Asia Tengah telah berkembang \
                         pesat dalam bidang ekonomi budaya pendidikan dan keamanan regional.\n\n";
        let prose = paragraph.repeat(50 * 1024 * 1024 / paragraph.len());
        assert!(held(&prose).is_ok());
        let code = format!("```\n{}```\n", "- a | b * c\n".repeat(4 * 1024 * 1024));
        assert!(held(&code).is_ok(), "code is not counted as blocks");
    }

    #[test]
    fn millions_of_tiny_blocks_are_refused_at_their_line() {
        for (shape, line) in [
            ("list items", "- butir\n"),
            ("table rows", "| 1 | x |\n"),
            ("paragraphs", "a\n\n"),
            ("quotes", "> a\n\n"),
            ("footnotes", "[^a]: catatan\n"),
            ("headings", "## J\n\n"),
        ] {
            let text = line.repeat(5_000_000);
            let err = held(&text).expect_err(shape).to_string();
            assert!(err.starts_with("a.md:"), "{shape}: {err}");
            assert!(err.contains("too large to typeset"), "{shape}: {err}");
        }
    }

    /// Where the budget is passed grows with the budget, not earlier: a chapter of half as
    /// many list items as the one refused passes.
    #[test]
    fn the_budget_is_passed_where_the_estimate_says() {
        let line = "- butir\n";
        let per_item = PER_BYTE * line.len() as u64 + PER_HALF * 2 * LINE;
        let fits = (BUDGET / per_item) as usize;
        assert!(held(&line.repeat(fits - 1)).is_ok());
        assert!(held(&line.repeat(fits + 1)).is_err());
    }
}
