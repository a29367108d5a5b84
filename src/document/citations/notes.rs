//! Note styles (Chicago notes and bibliography): a citation in the text becomes a footnote of
//! its own, numbered with the chapter's other notes in reading order, as pandoc makes it; one
//! already in a footnote stays where it is.

use std::collections::HashMap;

use super::Found;
use crate::document::walk::{for_each_inline_list_mut, for_each_inline_mut};
use crate::document::{Block, Book, Footnote, Inline, SpanKind};

/// Turn the citations of `book` outside its notes into notes, `texts` being each citation's
/// formatted words (by its number; taken here for those made notes) and `authors` the author's
/// name for those in the sentence ("as Ipek¹ says"); the chapters' notes are numbered again in
/// order of their first reference.
pub fn citations_to_notes(
    book: &mut Book,
    found: &[Found],
    texts: &mut [Option<Vec<Inline>>],
    authors: &mut [Option<Vec<Inline>>],
) {
    for chapter in &mut book.chapters {
        let mut renumber: HashMap<usize, usize> = HashMap::new();
        let mut added: Vec<Footnote> = Vec::new();
        let mut next = 1;
        let mut visit = |inline: &mut Inline| match inline {
            // A citation's own note mark, made below (numbered apart until the end).
            Inline::FootnoteRef { number } if *number >= MADE => {}
            Inline::FootnoteRef { number } => {
                let new = *renumber.entry(*number).or_insert_with(|| {
                    next += 1;
                    next - 1
                });
                *number = new;
            }
            Inline::Span(span) => {
                let SpanKind::Citation(n) = span.kind else {
                    return;
                };
                if found.get(n).is_none_or(|f| f.in_note) {
                    return;
                }
                let Some(words) = texts.get_mut(n).and_then(Option::take) else {
                    return;
                };
                let number = next;
                next += 1;
                added.push(Footnote {
                    number,
                    label: format!("cite-{n}"),
                    blocks: vec![Block::Paragraph(as_note(words))],
                });
                let mut content = authors
                    .get_mut(n)
                    .and_then(Option::take)
                    .map(author_only)
                    .unwrap_or_default();
                content.push(Inline::FootnoteRef {
                    number: MADE + number,
                });
                span.content = content;
            }
            _ => {}
        };
        for_each_inline_mut(&mut chapter.blocks, &mut visit);
        if added.is_empty() {
            continue;
        }
        for_each_inline_list_mut(&mut chapter.blocks, &mut |list| {
            punctuation_before_marks(list)
        });
        for_each_inline_mut(&mut chapter.blocks, &mut |inline| {
            if let Inline::FootnoteRef { number } = inline
                && *number >= MADE
            {
                *number -= MADE;
            }
        });
        for note in &mut chapter.footnotes {
            // A note never referred to keeps its place after the others.
            note.number = *renumber.entry(note.number).or_insert_with(|| {
                next += 1;
                next - 1
            });
        }
        chapter.footnotes.extend(added);
        chapter.footnotes.sort_by_key(|n| n.number);
    }
}

/// A citation made a note stands where a note mark does, as pandoc sets it: after the
/// sentence's punctuation ("Pertama.¹", not "Pertama ¹.") and without the space before it.
fn punctuation_before_marks(inlines: &mut [Inline]) {
    for i in 0..inlines.len() {
        let is_mark = matches!(&inlines[i], Inline::Span(span)
            if matches!(span.kind, SpanKind::Citation(_))
                && matches!(span.content.as_slice(), [Inline::FootnoteRef { number }] if *number >= MADE));
        if !is_mark {
            continue;
        }
        if let Some(Inline::Text(before)) = i.checked_sub(1).and_then(|b| inlines.get_mut(b)) {
            before.truncate(before.trim_end().len());
        }
        let Some(Inline::Text(after)) = inlines.get_mut(i + 1) else {
            continue;
        };
        let Some(stop) = after.chars().next().filter(|c| ".,;:!?".contains(*c)) else {
            continue;
        };
        after.drain(..stop.len_utf8());
        if let Inline::Span(span) = &mut inlines[i] {
            span.content.insert(0, Inline::Text(stop.to_string()));
        }
    }
}

/// Where the numbers of the note marks made here start until the chapter is numbered: no
/// chapter has as many notes.
const MADE: usize = usize::MAX / 2;

/// An author's name as the sentence takes it: without the full stop a style ends its
/// citations with ("Ipek."), an abbreviation's kept ("Smith dkk.", "Doe et al.": a last word
/// of fewer than four letters, or one with a stop inside, is taken for one).
fn author_only(mut words: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = words.last_mut()
        && let Some(stem) = t.strip_suffix('.')
    {
        let last = stem.rsplit(' ').next().unwrap_or(stem);
        if last.chars().count() >= 4 && !last.contains('.') {
            t.pop();
        }
    }
    words
}

/// A note's words as a sentence: its first letter a capital, a full stop at its end.
fn as_note(mut words: Vec<Inline>) -> Vec<Inline> {
    if let Some(first) = first_text(&mut words) {
        let mut chars = first.chars();
        if let Some(c) = chars.next()
            && c.is_lowercase()
        {
            *first = c.to_uppercase().chain(chars).collect();
        }
    }
    let ends = crate::document::plain_text(&words);
    if !ends.trim_end().ends_with(['.', '!', '?']) {
        words.push(Inline::Text(".".into()));
    }
    words
}

/// The first text of `inlines`, also inside emphasis and links.
fn first_text(inlines: &mut [Inline]) -> Option<&mut String> {
    match inlines.first_mut()? {
        Inline::Text(t) => Some(t),
        Inline::Emphasis(c) | Inline::Strong(c) => first_text(c),
        Inline::Link(link) => first_text(&mut link.content),
        _ => None,
    }
}
