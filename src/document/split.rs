//! A file of several chapters. pandoc makes a chapter of every level-1 heading (one file often
//! holds a whole book); terbit's IR has a chapter per file until here, where a file with
//! several top-level `#` headings is cut before each (what precedes the first goes with it).
//! Each part takes the notes it refers to, numbered again from 1, and the anchors of its
//! headings. An mdBook's chapters are its SUMMARY's, never cut.

use std::collections::{HashMap, HashSet};

use super::walk::for_each_inline_mut;
use super::{Block, Chapter, Footnote, Inline, plain_text};

/// `chapter` as the chapters its top-level `#` headings open (itself when it has one or none).
pub fn at_titles(chapter: Chapter) -> Vec<Chapter> {
    let starts: Vec<usize> = chapter
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| opens_with_title(b))
        .map(|(i, _)| i)
        .collect();
    if starts.len() < 2 {
        return vec![chapter];
    }
    let Chapter {
        source,
        id,
        blocks,
        footnotes,
        anchors,
        unnumbered,
        ..
    } = chapter;
    // Cut before every title but the first (the text before it opens the first part).
    let mut parts: Vec<Vec<Block>> = Vec::with_capacity(starts.len());
    let mut rest = blocks;
    for &at in starts[1..].iter().rev() {
        parts.push(rest.split_off(at));
    }
    parts.push(rest);
    parts.reverse();
    let notes: HashMap<usize, Footnote> = footnotes.into_iter().map(|f| (f.number, f)).collect();
    let mut used = HashSet::new();
    let mut out = Vec::with_capacity(parts.len());
    for (k, mut blocks) in parts.into_iter().enumerate() {
        let footnotes = take_notes(&mut blocks, &notes, &mut used);
        let title = super::top_level(&blocks)
            .into_iter()
            .find_map(|b| match b {
                Block::Heading {
                    level: 1, content, ..
                } => Some(plain_text(content).trim().to_string()),
                _ => None,
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| id.clone());
        out.push(Chapter {
            source: source.clone(),
            id: format!("{id}-{}", k + 1),
            title,
            blocks,
            footnotes,
            anchors: vec![],
            unnumbered: unnumbered.clone(),
        });
    }
    // Notes nothing refers to stay with the first part, numbered after its own.
    let mut orphans: Vec<Footnote> = notes
        .into_values()
        .filter(|n| !used.contains(&n.number))
        .collect();
    orphans.sort_by_key(|f| f.number);
    for mut note in orphans {
        note.number = out[0].footnotes.len() + 1;
        out[0].footnotes.push(note);
    }
    // Each anchor goes with the part holding its heading ("": the first part's start).
    let mut part_of: HashMap<&str, usize> = HashMap::new();
    for (k, part) in out.iter().enumerate() {
        for b in super::top_level(&part.blocks) {
            if let Block::Heading { id, .. } = b {
                part_of.entry(id.as_str()).or_insert(k);
            }
        }
    }
    let placed: Vec<(usize, String, String)> = anchors
        .into_iter()
        .map(|(anchor, heading)| {
            (
                part_of.get(heading.as_str()).copied().unwrap_or(0),
                anchor,
                heading,
            )
        })
        .collect();
    for (k, anchor, heading) in placed {
        out[k].anchors.push((anchor, heading));
    }
    out
}

/// Whether `block` opens a chapter: a `#` heading, or a division (in another language, say)
/// whose first block is one.
fn opens_with_title(block: &Block) -> bool {
    match block {
        Block::Heading { level: 1, .. } => true,
        Block::Div(div) if !div.is_aside() => div.blocks.first().is_some_and(opens_with_title),
        _ => false,
    }
}

/// The notes `blocks` refer to (and the notes those refer to), copied from `notes` (a note two
/// parts refer to goes with both) and numbered from 1 in order of first reference, the
/// references in `blocks` and in the notes renumbered; `used` gathers the notes taken.
fn take_notes(
    blocks: &mut [Block],
    notes: &HashMap<usize, Footnote>,
    used: &mut HashSet<usize>,
) -> Vec<Footnote> {
    let mut new_of: HashMap<usize, usize> = HashMap::new();
    let mut taken: Vec<Footnote> = Vec::new();
    let mut renumber = |inline: &mut Inline, taken: &mut Vec<Footnote>| {
        if let Inline::FootnoteRef { number } = inline {
            let next = new_of.len() + 1;
            let new = *new_of.entry(*number).or_insert_with(|| {
                if let Some(note) = notes.get(number) {
                    used.insert(*number);
                    taken.push(Footnote {
                        number: next,
                        ..note.clone()
                    });
                }
                next
            });
            *number = new;
        }
    };
    for_each_inline_mut(blocks, &mut |i| renumber(i, &mut taken));
    // Notes that refer to notes: their references renumbered too, in turn.
    let mut k = 0;
    while k < taken.len() {
        let mut more = Vec::new();
        let mut note_blocks = std::mem::take(&mut taken[k].blocks);
        for_each_inline_mut(&mut note_blocks, &mut |i| renumber(i, &mut more));
        taken[k].blocks = note_blocks;
        taken.extend(more);
        k += 1;
    }
    taken.sort_by_key(|f| f.number);
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manuscript::ChapterSource;

    fn chapter(md: &str) -> Chapter {
        let src = ChapterSource {
            path: "buku.md".into(),
            text: md.into(),
        };
        super::super::parse_chapter(&src, "ch01").unwrap()
    }

    #[test]
    fn a_file_of_several_titles_is_several_chapters_each_with_its_notes() {
        let c = chapter(
            "Pembuka.\n\n# Satu\n\nA[^a] B[^b].\n\n<a id=\"lama\"></a>\n\n# Dua\n\nC[^c] lagi[^a].\n\n\
             [^a]: Catatan a.\n[^b]: Catatan b[^c].\n[^c]: Catatan c.\n[^x]: Tak dirujuk.\n",
        );
        let parts = at_titles(c);
        let titles: Vec<&str> = parts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["Satu", "Dua"]);
        assert!(
            matches!(&parts[0].blocks[0], Block::Paragraph(_)),
            "the text before the first title"
        );
        let notes = |p: &Chapter| -> Vec<(usize, String)> {
            p.footnotes
                .iter()
                .map(|f| (f.number, crate::document::walk::text_of(&f.blocks)))
                .collect()
        };
        assert_eq!(
            notes(&parts[0]),
            [
                (1, "Catatan a.".to_string()),
                (2, "Catatan b.".into()),
                (3, "Catatan c.".into()),
                (4, "Tak dirujuk.".into())
            ]
        );
        assert_eq!(
            notes(&parts[1]),
            [(1, "Catatan c.".to_string()), (2, "Catatan a.".into())]
        );
        assert_eq!(parts[1].anchors, [("lama".to_string(), "dua".to_string())]);
    }

    #[test]
    fn a_chapter_written_in_a_division_keeps_its_title_and_sections() {
        let c = chapter("::: {lang=en}\n# English\n\n## Part\n\nText.\n:::\n\n# Dua\n\nTeks.\n");
        assert_eq!(c.title, "English");
        let parts = at_titles(c);
        let titles: Vec<&str> = parts.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["English", "Dua"]);
        let sections: Vec<&Block> = crate::document::top_level(&parts[0].blocks)
            .into_iter()
            .filter(|b| matches!(b, Block::Heading { level: 2, .. }))
            .collect();
        assert_eq!(sections.len(), 1);
    }
}
