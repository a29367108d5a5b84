//! Tests of the flow of blocks into the vertical list (`layout`).

use super::*;
use crate::lang::{Hyphenator, Language};
use crate::manuscript::ChapterSource;
use crate::typeset::{PageSize, shape::Shaper};

fn flow(markdown: &str) -> Vec<VBox> {
    let meta = crate::manuscript::config::parse(
        std::path::Path::new("book.yaml"),
        "title: T\nlanguage: id\n",
    )
    .unwrap();
    let src = ChapterSource {
        path: "a.md".into(),
        text: markdown.into(),
    };
    let chapter = crate::document::parse_chapter(&src, "ch01").unwrap();
    let book = Book {
        meta,
        dir: ".".into(),
        chapters: vec![chapter],
    };
    let mut setter = Setter::new(
        Shaper::new("id"),
        Hyphenator::new(Language::Indonesian, &[]),
    );
    let geo = Geometry::new(PageSize::parse("A5").unwrap(), 10.5);
    flow_book(&book, &mut setter, &geo, &Figures::new())
        .list
        .into_iter()
        .filter_map(|v| match v {
            V::Box(b) => Some(b),
            _ => None,
        })
        .collect()
}

#[test]
fn a_heading_keeps_the_next_two_boxes_whatever_block_they_are() {
    let boxes =
        flow("# Bab\n\nSatu.\n\nDua.\n\nTiga.\n\n## Bagian\n\n- satu\n- dua\n- tiga\n- empat\n");
    let h = boxes
        .iter()
        .position(|b| {
            b.marks
                .iter()
                .any(|m| matches!(m, Mark::Heading { level: 2, .. }))
        })
        .unwrap();
    assert!(boxes[h].breakable, "a page may break before the heading");
    assert!(
        !boxes[h + 1].breakable && !boxes[h + 2].breakable,
        "nor right after it"
    );
    assert!(
        boxes[h + 3].breakable,
        "list items after that may start a page"
    );
}

#[test]
fn footnote_references_travel_with_their_line() {
    let boxes = flow("# Bab\n\nTeks dengan catatan.[^a]\n\n[^a]: Isi catatan.\n");
    assert!(boxes.iter().any(|b| b.notes == vec![1]));
}
