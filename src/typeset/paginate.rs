//! Cutting the vertical list into pages. A page breaks only before a box marked breakable (so
//! widows, orphans and headings parted from their text are avoided); when a page holds no such
//! place, it breaks where it must. Space is dropped at the top of a page.

use std::collections::HashMap;

use super::layout::{Flowed, Mark, V, VBox};
use super::paragraph::Link;
use super::{Geometry, OutlineEntry, Page, PageItem, Target};

/// The body of the book, paginated; page indices start at 0 for the first body page.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

/// How to paginate.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageRules {
    /// Chapters open on a recto (odd page), leaving a blank verso before when needed.
    pub recto_chapters: bool,
}

/// A page being filled: its boxes with their tops, and the height they and their notes take.
struct Filling<'a> {
    boxes: Vec<(f32, &'a VBox)>,
    /// Where each box is in the flow's list (None: a table's repeated header row).
    at: Vec<Option<usize>>,
    /// Bottom of the last box.
    y: f32,
}

impl Filling<'_> {
    fn new() -> Self {
        Filling {
            boxes: Vec::new(),
            at: Vec::new(),
            y: 0.0,
        }
    }
}

/// Paginate `flow` into pages of `geo`. The flow is only read: the screen and print editions
/// are cut from one flow, their pages sharing its shaped text (see [`super::Piece`]).
pub fn paginate(flow: &Flowed, geo: &Geometry, rules: PageRules) -> Body {
    let pages: Vec<Vec<(f32, Option<usize>)>> = break_pages(flow, geo, rules);
    draw(pages, flow, geo)
}

/// Where each page breaks: the boxes of every page, with their tops and where each is in the
/// flow's list.
fn break_pages(flow: &Flowed, geo: &Geometry, rules: PageRules) -> Vec<Vec<(f32, Option<usize>)>> {
    const EPS: f32 = 0.01;
    let mut pages: Vec<Filling> = Vec::new();
    let mut cur = Filling::new();
    // After a chapter opening's page break, space is the chapter's sink and stays.
    let mut sink = false;
    for (index, v) in flow.list.iter().enumerate() {
        match v {
            V::NewPage => {
                if !cur.boxes.is_empty() {
                    pages.push(std::mem::replace(&mut cur, Filling::new()));
                }
                if rules.recto_chapters && pages.len() % 2 == 1 {
                    pages.push(Filling::new()); // a blank verso
                }
                cur.y = 0.0;
                sink = true;
            }
            V::Space(h) => {
                if !cur.boxes.is_empty() || sink {
                    cur.y += h;
                }
            }
            V::Box(b) => {
                let mut tries = 0;
                while !cur.boxes.is_empty() && !fits(&cur, b, flow, geo, EPS) {
                    // Break before this box if allowed there, else at the last breakable box on
                    // this page (but not its first), else here all the same.
                    // A page does not end in a hyphenated line when another break is allowed.
                    let ends_ok = |k: usize| !cur.boxes[k - 1].1.ends_in_hyphen;
                    let before_b = b.breakable && ends_ok(cur.boxes.len());
                    let cut = if before_b || tries > 0 {
                        None
                    } else {
                        (1..cur.boxes.len())
                            .rev()
                            .find(|&k| cur.boxes[k].1.breakable && ends_ok(k))
                            .or_else(|| {
                                (1..cur.boxes.len())
                                    .rev()
                                    .find(|&k| cur.boxes[k].1.breakable)
                            })
                            .filter(|&k| !b.breakable || ends_ok(k))
                    };
                    let carried = match cut {
                        Some(k) => cur
                            .boxes
                            .split_off(k)
                            .into_iter()
                            .zip(cur.at.split_off(k))
                            .collect(),
                        None => Vec::new(),
                    };
                    pages.push(std::mem::replace(&mut cur, Filling::new()));
                    for ((_, bx), at) in carried {
                        place(&mut cur, bx, at);
                    }
                    tries += 1;
                }
                place(&mut cur, b, Some(index));
                sink = false;
            }
        }
    }
    if !cur.boxes.is_empty() {
        pages.push(cur);
    }
    pages
        .into_iter()
        .map(|p| p.boxes.iter().map(|(top, _)| *top).zip(p.at).collect())
        .collect()
}

/// Put `b` (at `at` in the flow's list) at the bottom of the page; a table row starting a page
/// brings its header row.
fn place<'a>(page: &mut Filling<'a>, b: &'a VBox, at: Option<usize>) {
    if page.boxes.is_empty()
        && let Some(head) = &b.table_head
    {
        page.boxes.push((0.0, head));
        page.at.push(None);
        page.y = head.height;
    }
    page.boxes.push((page.y, b));
    page.at.push(at);
    page.y += b.height;
}

/// Whether `b` and the notes it brings still fit on the page.
fn fits(page: &Filling, b: &VBox, flow: &Flowed, geo: &Geometry, eps: f32) -> bool {
    let notes = &flow.notes;
    let boxes = page
        .boxes
        .iter()
        .map(|(_, bx)| *bx)
        .chain(std::iter::once(b));
    page.y + b.height + notes_height(&note_keys(boxes), notes, geo) <= geo.height + eps
}

/// The notes referenced by `boxes`, each once, in order.
fn note_keys<'a>(boxes: impl Iterator<Item = &'a VBox>) -> Vec<(usize, usize)> {
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

/// Space the notes take at the foot of the page: a separator, then their lines.
fn notes_height(
    keys: &[(usize, usize)],
    notes: &HashMap<(usize, usize), Vec<VBox>>,
    geo: &Geometry,
) -> f32 {
    if keys.is_empty() {
        return 0.0;
    }
    let lines: f32 = keys
        .iter()
        .filter_map(|k| notes.get(k))
        .flat_map(|boxes| boxes.iter().map(|b| b.height))
        .sum();
    geo.leading + lines
}

/// Turn placed boxes into page items; resolve footnote links once every note has a place.
/// `pages` holds each page's boxes: their tops and where they are in the flow's list (None: the
/// header row of the table whose row follows).
fn draw(pages: Vec<Vec<(f32, Option<usize>)>>, flow: &Flowed, geo: &Geometry) -> Body {
    let mut body = Body::default();
    let mut notes: HashMap<(usize, usize), (usize, f32)> = HashMap::new();
    let mut note_links: Vec<(usize, usize, (usize, usize))> = Vec::new();
    let note_boxes = &flow.notes;
    let vbox = |i: usize| match &flow.list[i] {
        V::Box(b) => Some(b),
        _ => None,
    };
    let nothing = VBox::default();
    let mut with_text = 0;
    for (p, filling) in pages.into_iter().enumerate() {
        let mut page = Page {
            label: (p + 1).to_string(),
            ..Page::default()
        };
        if !filling.is_empty() {
            page.body = Some(with_text);
            with_text += 1;
        }
        // The page's boxes; a table's header row is the one the next row refers to.
        let mut boxes: Vec<(f32, &VBox)> = Vec::with_capacity(filling.len());
        for (k, (top, at)) in filling.iter().enumerate() {
            let b = match at {
                Some(i) => vbox(*i).unwrap_or(&nothing),
                None => filling
                    .get(k + 1)
                    .and_then(|(_, next)| next.and_then(vbox))
                    .and_then(|next| next.table_head.as_deref())
                    .unwrap_or(&nothing),
            };
            boxes.push((*top, b));
        }
        let filling = boxes;
        page.chapter = filling.first().map(|(_, b)| b.chapter);
        page.opening = filling.iter().any(|(_, b)| {
            b.marks
                .iter()
                .any(|m| matches!(m, Mark::Heading { level: 1, .. }))
        });
        let keys = note_keys(filling.iter().map(|(_, b)| *b));
        let mut placed: Vec<(f32, &VBox)> = filling
            .into_iter()
            .map(|(top, b)| (geo.top + top, b))
            .collect();
        if !keys.is_empty() {
            let mut y = geo.top + geo.height - notes_height(&keys, note_boxes, geo);
            page.items.push(PageItem::Rule {
                x: geo.left,
                y: y + geo.leading * 0.5,
                length: geo.measure / 4.0,
                thickness: 0.4,
            });
            y += geo.leading;
            for key in &keys {
                for b in note_boxes.get(key).into_iter().flatten() {
                    placed.push((y, b));
                    y += b.height;
                }
            }
        }
        for (top, b) in placed {
            for mark in &b.marks {
                match mark {
                    Mark::Heading { title, level } => body.outline.push(OutlineEntry {
                        title: title.clone(),
                        level: *level,
                        page: p,
                        y: top,
                    }),
                    Mark::Note(n) => {
                        notes.insert((b.chapter, *n), (p, top));
                    }
                }
            }
            // The link rectangle the line's last piece added, if the line goes on with the same
            // link: one rectangle for the words of a link on one line, not one per word (each
            // is an annotation in the PDF, with the whole address).
            let mut open: Option<usize> = None;
            for (x, baseline, piece) in &b.texts {
                let (x, y) = (geo.left + x, top + baseline);
                let extended = match (&piece.link, open.and_then(|i| page.items.get_mut(i))) {
                    (
                        Some(Link::Uri(uri)),
                        Some(PageItem::Link {
                            x: lx,
                            y: ly,
                            width,
                            height,
                            target: Target::Uri(open_uri),
                        }),
                    ) if std::sync::Arc::ptr_eq(uri, open_uri)
                        && *ly == y - piece.size * 0.8
                        && *height == piece.size =>
                    {
                        *width = x + piece.width() - *lx;
                        true
                    }
                    _ => false,
                };
                if !extended {
                    open = None;
                }
                if let Some(link) = &piece.link
                    && !extended
                {
                    let (ax, ay, w, h) = (x, y - piece.size * 0.8, piece.width(), piece.size);
                    let target = match link {
                        Link::Uri(uri) => {
                            open = Some(page.items.len());
                            Target::Uri(uri.clone())
                        }
                        Link::Note(n) => {
                            note_links.push((p, page.items.len(), (b.chapter, *n)));
                            Target::Page { page: p, y: top }
                        }
                    };
                    page.items.push(PageItem::Link {
                        x: ax,
                        y: ay,
                        width: w,
                        height: h,
                        target,
                    });
                }
                page.items.push(PageItem::Text {
                    x,
                    y,
                    piece: piece.clone(),
                });
            }
            for (x, y, width, height, key) in &b.images {
                page.items.push(PageItem::Image {
                    x: geo.left + x,
                    y: top + y,
                    width: *width,
                    height: *height,
                    key: key.clone(),
                });
            }
            for &(x, y, length, thickness) in &b.rules {
                page.items.push(PageItem::Rule {
                    x: geo.left + x,
                    y: top + y,
                    length,
                    thickness,
                });
            }
        }
        page.body_items = page.items.len();
        body.pages.push(page);
    }
    for (p, i, key) in note_links {
        if let (Some(&(page, y)), Some(PageItem::Link { target, .. })) =
            (notes.get(&key), body.pages[p].items.get_mut(i))
        {
            *target = Target::Page { page, y };
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::PageSize;

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
}
