//! What a body page begins with (part of `paginate`): its first words, kept when the page is
//! cut (its lines are drawn and let go right after, see [`super::Sealer`]) for the EPUB's page
//! list, which puts a page-break marker before the same words.

use super::super::layout::{Mark, VBox};
use crate::document::page_list::{PageStart, comparable};

/// Comparable characters (see [`comparable`]) enough to find a page's first words in a
/// chapter: more lines are taken while the first have fewer.
const ENOUGH: usize = 40;

/// Lines taken at most.
const LINES: usize = 3;

/// The start of a page whose body boxes are `boxes` (top down; a table's repeated header row
/// left out: it is not where the page's text begins) in `chapter`, after the heading `section`
/// (the last one set before the page).
pub(super) fn page_start<'a>(
    boxes: impl Iterator<Item = &'a VBox>,
    chapter: usize,
    section: &str,
) -> PageStart {
    let mut start = PageStart {
        chapter: Some(chapter),
        section: section.to_string(),
        ..PageStart::default()
    };
    let mut lines = 0;
    let mut first = true;
    for b in boxes {
        if first {
            // A heading that begins the page: the page's text is looked for from it.
            if let Some(id) = last_anchor(b) {
                start.section = id.to_string();
            }
            first = false;
        }
        if b.texts.is_empty() {
            continue;
        }
        let pieces: Vec<String> = b
            .texts
            .iter()
            .map(|(_, _, p)| p.glyphs.iter().map(|g| g.text.as_str()).collect())
            .collect();
        // A list item's bullet or number comes first in its first line's box (see
        // `layout::Flow::emit`); an EPUB's list draws its own.
        let markers = pieces.iter().take_while(|p| is_list_marker(p)).count();
        if start.text.is_empty() && start.lead.is_empty() {
            start.lead = pieces[..markers].join(" ");
        }
        let words = pieces[markers..].join(" ");
        // A line ending in a hyphen: the word goes on on the next line, and the hyphen may be
        // the breaker's; the words so far are enough.
        let (words, broken) = match words.strip_suffix(['-', '\u{2010}']) {
            Some(w) if b.ends_in_hyphen => (w, true),
            _ => (words.as_str(), false),
        };
        if !start.text.is_empty() && !words.is_empty() {
            start.text.push('\n');
        }
        start.text.push_str(words);
        lines += 1;
        let mut key = Vec::new();
        comparable(&start.text, &mut key);
        if broken || lines >= LINES || key.len() >= ENOUGH {
            break;
        }
    }
    start
}

/// The id of the last heading a box marks (a chapter's title marks "" first, then its
/// heading's id).
fn last_anchor(b: &VBox) -> Option<&str> {
    b.marks.iter().rev().find_map(|m| match m {
        Mark::Anchor(id) => Some(id.as_str()),
        _ => None,
    })
}

/// A list item's marker as the layout sets it: a bullet, or a number and a full stop.
fn is_list_marker(piece: &str) -> bool {
    piece == "•"
        || piece
            .strip_suffix('.')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
