//! The book flowed a run of chapters at a time (set in parallel), or a long chapter a part at a
//! time, and the pages cut from each run or part as soon as it is set (see
//! [`Paginator`]): the lines of the book are never all held at once.

use std::collections::HashMap;

use crate::document::Book;

use super::super::Geometry;
use super::super::paginate::{Notes, Paginator};
use super::super::paragraph::Setter;
use super::super::tags::Tags;
use super::{Figures, Flow, Flowed, V};

/// Lay out every chapter of `book` into one list (chapters set in parallel, each with its own
/// copy of `setter`): for callers that look at the whole flow.
pub fn flow_book(book: &Book, setter: &mut Setter, geo: &Geometry, figures: &Figures) -> Flowed {
    let all: Vec<usize> = (0..book.chapters.len()).collect();
    let mut list = Vec::new();
    let mut notes = HashMap::new();
    for (out, chapter_notes, _) in flow_chapters(book, setter, geo, figures, &all) {
        list.extend(out);
        notes.extend(chapter_notes);
    }
    Flowed { list, notes }
}

/// A run of chapters set side by side before their pages are cut: this many lines of text, as
/// estimated, or one chapter when it is longer.
const WINDOW_LINES: f32 = 4000.0;

/// Set `book` in `geo` and cut it into body pages as it goes (see [`Paginator`]): a run of
/// chapters at a time, set in parallel, or a long chapter a part at a time. `lines`: each
/// chapter's estimated lines (see `estimate`), `flow` the flow's number. The lines of the book
/// are never all held at once, only those of the chapters being set.
pub fn flow_pages(
    book: &Book,
    setter: &mut Setter,
    geo: &Geometry,
    figures: &Figures,
    lines: &[f32],
    paginator: &mut Paginator,
) {
    let mut start = 0;
    while start < book.chapters.len() {
        let mut end = start + 1;
        let mut weight = lines.get(start).copied().unwrap_or(0.0);
        while end < book.chapters.len()
            && weight + lines.get(end).copied().unwrap_or(0.0) <= WINDOW_LINES
        {
            weight += lines.get(end).copied().unwrap_or(0.0);
            end += 1;
        }
        if end == start + 1 && weight > WINDOW_LINES {
            flow_long_chapter(book, setter, geo, figures, start, paginator);
        } else {
            let window: Vec<usize> = (start..end).collect();
            for (mut out, notes, tags) in flow_chapters(book, setter, geo, figures, &window) {
                paginator.add_tags(tags);
                paginator.cut(&mut out, &notes, true);
            }
        }
        start = end;
    }
}

/// The flow of each of `chapters` (indices into the book's), set in parallel, and its notes.
fn flow_chapters(
    book: &Book,
    setter: &mut Setter,
    geo: &Geometry,
    figures: &Figures,
    chapters: &[usize],
) -> Vec<(Vec<V>, Notes, Tags)> {
    use rayon::prelude::*;
    let setter: &Setter = setter;
    chapters
        .par_iter()
        .map_init(
            || Setter::new(setter.shaper.clone(), setter.hyphenator.clone()),
            |setter, &i| {
                let mut flow = Flow::new(setter, geo, i, figures);
                let notes = flow.notes(&book.chapters[i]).into_iter().collect();
                flow.chapter(&book.chapters[i]);
                (flow.out, notes, flow.tags)
            },
        )
        .collect()
}

/// Set chapter `i` on this thread, its pages cut every [`PART`] boxes or so.
fn flow_long_chapter(
    book: &Book,
    setter: &mut Setter,
    geo: &Geometry,
    figures: &Figures,
    i: usize,
    paginator: &mut Paginator,
) {
    let chapter = &book.chapters[i];
    let mut flow = Flow::new(setter, geo, i, figures);
    flow.spill_at = paginator.part;
    let part = paginator.part;
    flow.part = part;
    let notes: Notes = flow.notes(chapter).into_iter().collect();
    let mut cut = |list: &mut Vec<V>| paginator.cut(list, &notes, false);
    flow.spill = Some(&mut cut);
    flow.chapter(chapter);
    let mut rest = std::mem::take(&mut flow.out);
    let tags = std::mem::replace(&mut flow.tags, Tags::new(i as u32));
    drop(flow);
    paginator.add_tags(tags);
    paginator.cut(&mut rest, &notes, true);
}
