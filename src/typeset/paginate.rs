//! Cutting the vertical list into pages. A page breaks only before a box marked breakable (so
//! widows, orphans and headings parted from their text are avoided); when a page holds no such
//! place, it breaks where it must. Space is dropped at the top of a page.

use std::collections::HashMap;

use super::layout::{Mark, V, VBox};
use super::paragraph::Link;
use super::{Geometry, OutlineEntry, Page, PageItem, Target};

/// The body of the book, paginated; page indices start at 0 for the first body page.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
}

/// Paginate `flow` into pages of `geo`.
pub fn paginate(flow: &[V], geo: &Geometry) -> Body {
    const EPS: f32 = 0.01;
    let mut pages: Vec<Vec<(f32, &VBox)>> = Vec::new();
    let mut cur: Vec<(f32, &VBox)> = Vec::new();
    let mut y = 0.0;
    // After a chapter opening's page break, space is the chapter's sink and stays.
    let mut sink = false;
    for v in flow {
        match v {
            V::NewPage => {
                if !cur.is_empty() {
                    pages.push(std::mem::take(&mut cur));
                }
                y = 0.0;
                sink = true;
            }
            V::Space(h) => {
                if !cur.is_empty() || sink {
                    y += h;
                }
            }
            V::Box(b) => {
                if y + b.height > geo.height + EPS && !cur.is_empty() {
                    // Break before this box if allowed there, else at the last breakable box on
                    // this page (but not its first), else here all the same.
                    let cut = if b.breakable {
                        None
                    } else {
                        cur.iter()
                            .rposition(|(_, bx)| bx.breakable)
                            .filter(|&k| k > 0)
                    };
                    let carried: Vec<(f32, &VBox)> = match cut {
                        Some(k) => cur.split_off(k),
                        None => Vec::new(),
                    };
                    pages.push(std::mem::take(&mut cur));
                    let base = carried.first().map_or(0.0, |(top, _)| *top);
                    cur = carried
                        .into_iter()
                        .map(|(top, bx)| (top - base, bx))
                        .collect();
                    y = cur.last().map_or(0.0, |(top, bx)| top + bx.height);
                }
                cur.push((y, b));
                y += b.height;
                sink = false;
            }
        }
    }
    if !cur.is_empty() {
        pages.push(cur);
    }
    draw(&pages, geo)
}

/// Turn placed boxes into page items; resolve footnote links once every note has a place.
fn draw(pages: &[Vec<(f32, &VBox)>], geo: &Geometry) -> Body {
    let mut body = Body::default();
    let mut notes: HashMap<(usize, usize), (usize, f32)> = HashMap::new();
    let mut note_links: Vec<(usize, usize, (usize, usize))> = Vec::new();
    for (p, boxes) in pages.iter().enumerate() {
        let mut page = Page {
            items: Vec::new(),
            label: (p + 1).to_string(),
        };
        for (top, b) in boxes {
            let top = geo.top + top;
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
            for (x, baseline, piece) in &b.texts {
                let (x, y) = (geo.left + x, top + baseline);
                if let Some(link) = &piece.link {
                    let height = piece.size;
                    let area = (x, y - piece.size * 0.8, piece.width(), height);
                    match link {
                        Link::Uri(uri) => page.items.push(PageItem::Link {
                            x: area.0,
                            y: area.1,
                            width: area.2,
                            height: area.3,
                            target: Target::Uri(uri.clone()),
                        }),
                        Link::Note(n) => {
                            note_links.push((p, page.items.len(), (b.chapter, *n)));
                            page.items.push(PageItem::Link {
                                x: area.0,
                                y: area.1,
                                width: area.2,
                                height: area.3,
                                target: Target::Page { page: p, y: top },
                            });
                        }
                    }
                }
                page.items.push(PageItem::Text {
                    x,
                    y,
                    piece: piece.clone(),
                });
            }
            for (x, y, length, thickness) in &b.rules {
                page.items.push(PageItem::Rule {
                    x: geo.left + x,
                    y: top + y,
                    length: *length,
                    thickness: *thickness,
                });
            }
        }
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
        g.top = 0.0;
        g
    }

    #[test]
    fn pages_are_numbered_from_one_and_chapters_open_pages() {
        let mut flow = para(12);
        flow.push(V::NewPage);
        flow.extend(para(3));
        let body = paginate(&flow, &geo(10.0));
        let labels: Vec<&str> = body.pages.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, vec!["1", "2", "3"]);
        assert_eq!(body.pages[2].items.len(), 3);
    }

    fn boxes_per_page(flow: &[V], lines: f32) -> Vec<usize> {
        // Rules carry one item each, so give every line a rule and count them.
        let body = paginate(flow, &geo(lines));
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
    fn heading_is_kept_with_its_paragraph() {
        let mut flow: Vec<V> = para(7);
        flow.push(ruled(true)); // heading
        flow.extend((0..6).map(|i| ruled(i >= 2 && i + 2 <= 6))); // its paragraph, first line kept
        let pages = boxes_per_page(&flow, 9.0);
        assert_eq!(pages, vec![7, 7]);
    }
}
