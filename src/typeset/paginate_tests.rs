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
