//! Tests of cutting the vertical list into pages (`paginate`).

use super::*;
use crate::typeset::PageSize;
use crate::typeset::layout::Flowed;

fn geo(lines: f32) -> Geometry {
    let mut g = Geometry::new(PageSize::parse("A5").unwrap(), 10.0);
    g.height = lines * 10.0;
    g.leading = 10.0;
    g.top = 0.0;
    g
}

#[test]
fn pages_are_numbered_from_one_and_chapters_open_pages() {
    let mut flow = para(12);
    flow.push(V::NewPage);
    flow.extend(para(3));
    let body = paginate(
        &Flowed {
            list: flow,
            ..Flowed::default()
        },
        &geo(10.0),
        PageRules::default(),
    );
    let labels: Vec<&str> = body.pages.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, vec!["1", "2", "3"]);
    assert_eq!(body.pages[2].items.len(), 3);
}

fn boxes_per_page(flow: &[V], lines: f32) -> Vec<usize> {
    // Rules carry one item each, so give every line a rule and count them.
    let body = paginate(
        &Flowed {
            list: flow.to_vec(),
            ..Flowed::default()
        },
        &geo(lines),
        PageRules::default(),
    );
    body.pages.iter().map(|p| p.items.len()).collect()
}

fn ruled(breakable: bool) -> V {
    V::Box(VBox {
        height: 10.0,
        breakable,
        rules: vec![(0.0, 0.0, 1.0, 1.0)],
        ..VBox::default()
    })
}

fn para(n: usize) -> Vec<V> {
    (0..n)
        .map(|i| ruled(if i == 0 { true } else { i >= 2 && i + 2 <= n }))
        .collect()
}

#[test]
fn no_orphan_no_widow() {
    // 9 lines fit; a 7-line paragraph then a 5-line one: the second would leave 2 lines
    // (fine) — but with 8 + 5, only 1 line would be left at the bottom: an orphan.
    let flow: Vec<V> = para(8).into_iter().chain(para(5)).collect();
    let pages = boxes_per_page(&flow, 9.0);
    assert_eq!(pages, vec![8, 5], "the orphan moves to the next page");
    // 10 lines on a 9-line page: one line would be a widow on page 2.
    let pages = boxes_per_page(&para(10), 9.0);
    assert_eq!(pages, vec![8, 2]);
}

#[test]
fn a_page_breaks_right_before_a_breakable_box_that_does_not_fit() {
    let flow: Vec<V> = para(3).into_iter().chain(para(3)).collect();
    assert_eq!(boxes_per_page(&flow, 5.0), vec![3, 3]);
}

#[test]
fn a_page_does_not_end_in_a_hyphen() {
    // 20 lines on 9-line pages; line 9 (index 8) ends in a hyphen: page 1 takes 8 lines.
    let mut flow = para(20);
    if let V::Box(b) = &mut flow[8] {
        b.ends_in_hyphen = true;
    }
    assert_eq!(boxes_per_page(&flow, 9.0), vec![8, 9, 3]);
}

#[test]
fn footnotes_take_their_room_at_the_foot_of_the_page() {
    let mut flow = para(12);
    if let V::Box(b) = &mut flow[3] {
        b.notes = vec![1];
    }
    let note: Vec<VBox> = (0..2)
        .map(|_| VBox {
            height: 10.0,
            rules: vec![(0.0, 0.0, 1.0, 1.0)],
            ..VBox::default()
        })
        .collect();
    let flowed = Flowed {
        list: flow,
        notes: [((0, 1), note)].into_iter().collect(),
    };
    let body = paginate(&flowed, &geo(9.0), PageRules::default());
    // Separator (one line) + 2 note lines leave 6 lines of text; the note's 2 rules and the
    // separator rule are on page 1 with the 6 text lines.
    let counts: Vec<usize> = body.pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(counts, vec![6 + 3, 6]);
}

#[test]
fn chapters_open_on_rectos_in_print() {
    let mut flow = para(3);
    flow.push(V::NewPage);
    flow.extend(para(3));
    let rules = PageRules {
        recto_chapters: true,
    };
    let body = paginate(
        &Flowed {
            list: flow,
            ..Flowed::default()
        },
        &geo(9.0),
        rules,
    );
    let counts: Vec<usize> = body.pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(
        counts,
        vec![3, 0, 3],
        "a blank verso before the second chapter"
    );
}

#[test]
fn heading_is_kept_with_its_paragraph() {
    let mut flow: Vec<V> = para(7);
    flow.push(ruled(true)); // heading
    flow.extend((0..6).map(|i| ruled(i >= 2 && i + 2 <= 6))); // its paragraph, first line kept
    let pages = boxes_per_page(&flow, 9.0);
    assert_eq!(pages, vec![7, 7]);
}

/// A flow of `body` lines, line `at` referring to note 1 of `note` lines, paginated on pages of
/// `lines` lines: for each page, the tops of its body lines, of its note lines, and where the
/// note separator is (body lines are ruled 1 pt thick, note lines 2 pt).
fn with_note(body: usize, at: usize, note: usize, lines: f32) -> Vec<(Vec<f32>, Vec<f32>)> {
    let mut flow = para(body);
    if let V::Box(b) = &mut flow[at] {
        b.notes = vec![1];
    }
    let note: Vec<VBox> = (0..note)
        .map(|_| VBox {
            height: 10.0,
            rules: vec![(0.0, 0.0, 1.0, 2.0)],
            ..VBox::default()
        })
        .collect();
    let flowed = Flowed {
        list: flow,
        notes: [((0, 1), note)].into_iter().collect(),
    };
    let body = paginate(&flowed, &geo(lines), PageRules::default());
    body.pages
        .iter()
        .map(|p| {
            let (mut text, mut notes) = (vec![], vec![]);
            for item in &p.items {
                if let PageItem::Rule { y, thickness, .. } = item {
                    if *thickness == 1.0 {
                        text.push(*y);
                    } else if *thickness == 2.0 {
                        notes.push(*y);
                    }
                }
            }
            (text, notes)
        })
        .collect()
}

/// Asserts that every page's lines are inside its text block (`lines` high), the notes below
/// the text with a line of space between, and that every line is shown once.
fn assert_no_overlap(pages: &[(Vec<f32>, Vec<f32>)], body: usize, note: usize, lines: f32) {
    for (n, (text, notes)) in pages.iter().enumerate() {
        let bottom = text.iter().fold(0.0f32, |m, y| m.max(y + 10.0));
        for &y in notes {
            assert!(
                y >= bottom + 10.0 - 0.01,
                "page {n}: a note line at {y}, text to {bottom}"
            );
            assert!(
                y + 10.0 <= lines * 10.0 + 0.01,
                "page {n}: a note line at {y} is off it"
            );
        }
        assert!(bottom <= lines * 10.0 + 0.01, "page {n}: text to {bottom}");
    }
    let shown: usize = pages.iter().map(|(t, _)| t.len()).sum();
    let notes: usize = pages.iter().map(|(_, n)| n.len()).sum();
    assert_eq!((shown, notes), (body, note), "every line once");
}

#[test]
fn a_long_note_begins_on_the_page_of_its_reference_and_goes_on_at_the_next_foot() {
    // 9-line pages; line 3 refers to a note of 12 lines: page 1 shows the 4 lines of text up
    // to the reference, the separator and the note's first 4 lines; the rest goes on at the
    // foot of the next pages, each with text above it.
    let pages = with_note(30, 3, 12, 9.0);
    assert_no_overlap(&pages, 30, 12, 9.0);
    assert_eq!(
        pages[0].0.len(),
        4,
        "the page ends after the reference: {pages:?}"
    );
    assert_eq!(pages[0].1.len(), 4, "the note's first lines: {pages:?}");
    assert!(
        !pages[1].1.is_empty(),
        "the note goes on on page 2: {pages:?}"
    );
}

#[test]
fn a_note_taller_than_a_page_fills_pages_of_its_own() {
    // A 40-line note on 9-line pages, referred to by a chapter's last line.
    let pages = with_note(5, 4, 40, 9.0);
    assert_no_overlap(&pages, 5, 40, 9.0);
    assert!(pages.len() >= 6, "{pages:?}");
    assert!(pages[1].0.is_empty() && pages[1].1.len() == 8, "{pages:?}");
}

#[test]
fn a_note_referred_to_at_the_foot_of_a_page_keeps_its_first_lines_with_it() {
    // Line 7 of 9 refers to a 5-line note: its reference line cannot keep two note lines below
    // it with the separator on page 1, so it goes to page 2 with its note.
    for at in 0..12 {
        let pages = with_note(20, at, 5, 9.0);
        assert_no_overlap(&pages, 20, 5, 9.0);
        // The note begins on the page of its reference.
        let mut seen = 0;
        for (text, notes) in &pages {
            if (seen..seen + text.len()).contains(&at) {
                assert!(!notes.is_empty(), "reference {at}: {pages:?}");
            }
            seen += text.len();
        }
    }
}

#[test]
fn nested_chapters_open_a_new_page_not_a_recto() {
    // Chapters 0 and 2 at the top of the contents, chapter 1 under chapter 0: three lines each.
    let chapter = |c: usize| -> Vec<V> {
        para(3)
            .into_iter()
            .map(|v| match v {
                V::Box(b) => V::Box(VBox { chapter: c, ..b }),
                other => other,
            })
            .collect()
    };
    let mut flow = chapter(0);
    flow.push(V::NewPage);
    flow.extend(chapter(1));
    flow.push(V::NewPage);
    flow.extend(chapter(2));
    let mut paginator = Paginator::new(geo(9.0), 0, &crate::typeset::KeepItems);
    paginator.cut(&mut flow, &Notes::new(), true);
    let body = paginator.finish();
    let counts = |b: &Body| -> Vec<usize> { b.pages.iter().map(|p| p.items.len()).collect() };
    // The nested chapter on the verso after its parent; the next top-level one on a recto.
    assert_eq!(counts(&body.edition(Some(&[0, 1, 0]))), vec![3, 3, 3]);
    assert_eq!(counts(&body.edition(Some(&[0, 0, 0]))), vec![3, 0, 3, 0, 3]);
    assert_eq!(counts(&body.edition(None)), vec![3, 3, 3]);
}

#[test]
fn chapters_of_a_part_open_on_rectos_and_chapters_nested_in_chapters_do_not() {
    use crate::typeset::recto_openings;
    // Preface; Part One with two chapters; a chapter with a nested one; Part Two with one.
    let depths = [0, 0, 1, 1, 0, 1, 0, 1];
    let parts = [false, true, false, false, false, false, true, false];
    assert_eq!(recto_openings(&depths, &parts), [0, 0, 0, 0, 0, 1, 0, 0]);
    // A book without parts keeps its depths.
    assert_eq!(recto_openings(&[0, 1, 2], &[]), [0, 1, 2]);
}
