//! Footnotes at the foot of the page, split as TeX splits a long note: a note's first lines go
//! on the page of its reference, the rest is held over to the foot of the following page(s),
//! before that page's own notes. A note taller than a page fills pages of notes of its own.
//! Nothing placed here ever reaches above the room the page's body leaves.

use std::ops::Range;

use super::{Filling, Geometry, Notes, VBox};

/// A footnote: (chapter index, note number).
pub type Key = (usize, usize);

/// A note held over from an earlier page: its key and its first line not yet shown.
pub type Held = (Key, usize);

/// Lines of a note a page shows.
pub type Shown = (Key, Range<usize>);

/// Lines of a note a page must show when its reference is on the page (at most): two, so that
/// a note does not begin with a lone line at the foot of the page when it could help it.
const FIRST_LINES: usize = 2;

fn lines<'n>(notes: &'n Notes, key: &Key) -> &'n [VBox] {
    notes.get(key).map_or(&[], Vec::as_slice)
}

fn height(boxes: &[VBox]) -> f32 {
    boxes.iter().map(|b| b.height).sum()
}

/// The height of the held-over lines.
fn held_height(held: &[Held], notes: &Notes) -> f32 {
    held.iter()
        .map(|(key, from)| height(lines(notes, key).get(*from..).unwrap_or(&[])))
        .sum()
}

/// The notes referenced by `boxes`, each once, in order.
pub fn note_keys<'a>(boxes: impl Iterator<Item = &'a VBox>) -> Vec<Key> {
    let mut keys = Vec::new();
    for b in boxes {
        for &n in &b.notes {
            if !keys.contains(&(b.chapter, n)) {
                keys.push((b.chapter, n));
            }
        }
    }
    keys
}

/// Whether `b` and the notes it brings still fit on `page`: every note shown whole after what
/// is held over, or — when `b` refers to a new note, the last on the page — all but that
/// note's tail, which then fills the rest of the page and goes on on the next (nothing more
/// fits after it, as the note is not whole).
pub fn fits(page: &Filling, b: &VBox, notes: &Notes, geo: &Geometry, eps: f32) -> bool {
    let boxes = page.boxes.iter().map(|(_, bx)| *bx);
    let keys = note_keys(boxes.chain(std::iter::once(b)));
    let body = page.y + b.height;
    if keys.is_empty() && page.held.is_empty() {
        return body <= geo.height + eps;
    }
    let whole: f32 = keys.iter().map(|k| height(lines(notes, k))).sum();
    let before = geo.leading + held_height(&page.held, notes);
    if body + before + whole <= geo.height + eps {
        return true;
    }
    let Some(last) = keys.last() else {
        return false;
    };
    // Only the note `b` brings may be split: one referred to higher up was shown whole.
    if note_keys(page.boxes.iter().map(|(_, bx)| *bx)).contains(last) {
        return false;
    }
    let all = lines(notes, last);
    let first = height(&all[..all.len().min(FIRST_LINES)]);
    body + before + whole - height(all) + first <= geo.height + eps
}

/// The room a page with no body must keep for `b` before held-over notes: whether the notes
/// held over must first fill a page of their own.
pub fn crowds_out(held: &[Held], b: &VBox, notes: &Notes, geo: &Geometry, eps: f32) -> bool {
    !held.is_empty() && b.height + geo.leading + held_height(held, notes) > geo.height + eps
}

/// Which note lines `page` shows at its foot, in the room its body leaves: the held-over lines
/// first, then its own notes in order, as many lines as fit; and what is held over to the
/// next page. A page with no body shows at least one line, so that a note always gets on.
pub fn settle(page: &Filling, notes: &Notes, geo: &Geometry) -> (Vec<Shown>, Vec<Held>) {
    let own = note_keys(page.boxes.iter().map(|(_, b)| *b));
    let queue: Vec<Held> = page
        .held
        .iter()
        .copied()
        .chain(own.into_iter().map(|k| (k, 0)))
        .collect();
    let room = geo.height - page.y - geo.leading + 0.01;
    let mut used = 0.0;
    let mut shown: Vec<Shown> = Vec::new();
    let mut held: Vec<Held> = Vec::new();
    for (key, from) in queue {
        let all = lines(notes, &key);
        if !held.is_empty() {
            // An earlier note goes on on the next page: so do the notes after it.
            held.push((key, from));
            continue;
        }
        let mut to = from;
        while to < all.len() && used + all[to].height <= room {
            used += all[to].height;
            to += 1;
        }
        if to == from && shown.is_empty() && page.boxes.is_empty() && from < all.len() {
            // A box taller than a page of its own: shown all the same, or it never would be.
            used += all[to].height;
            to += 1;
        }
        if to > from {
            shown.push((key, from..to));
        }
        // Blank space between a note's paragraphs does not open the next page's notes.
        while to < all.len() && all[to].texts.is_empty() && all[to].rules.is_empty() {
            to += 1;
        }
        if to < all.len() {
            held.push((key, to));
        }
    }
    (shown, held)
}

/// The height the notes `shown` take at the foot of the page, their separator included.
pub fn shown_height(shown: &[Shown], notes: &Notes, geo: &Geometry) -> f32 {
    if shown.is_empty() {
        return 0.0;
    }
    let lines: f32 = shown
        .iter()
        .map(|(key, range)| height(lines(notes, key).get(range.clone()).unwrap_or(&[])))
        .sum();
    geo.leading + lines
}

/// The lines of `shown` with what they are.
pub fn shown_boxes<'n>(shown: &[Shown], notes: &'n Notes) -> impl Iterator<Item = &'n VBox> {
    shown
        .iter()
        .flat_map(move |(key, range)| lines(notes, key).get(range.clone()).unwrap_or(&[]))
}
