//! Cutting the vertical list into pages. A page breaks only before a box marked breakable (so
//! widows, orphans and headings parted from their text are avoided); when a page holds no such
//! place, it breaks where it must. Space is dropped at the top of a page. Footnotes go to the
//! foot of the page of their reference, a long one going on at the foot of the next pages
//! (`paginate_notes.rs`).
//!
//! The list is cut as it is set, a part at a time ([`Paginator`]): a page is filled from the
//! top and only its own last boxes can move on to the next one, so every page of a part but its
//! last is final. Those are handed to the [`Sealer`] (the PDF writer draws them there and then)
//! and their boxes let go before more of the book is set: a book's lines are never all held at
//! once.

use std::collections::HashMap;

use super::layout::{Mark, V, VBox};
use super::paragraph::Link;
use super::{Geometry, OutlineEntry, Page, PageItem, Sealer, Target};
use crate::document::{Fragment, Place};
use notes::{Held, Shown};

/// Footnotes at the foot of the page, split across pages when long.
#[path = "paginate_notes.rs"]
mod notes;

/// What each page begins with, for the EPUB's page list.
#[path = "paginate_starts.rs"]
mod starts;

/// The lines of each footnote, by (chapter index, note number).
pub type Notes = HashMap<(usize, usize), Vec<VBox>>;

/// The body of the book, paginated; page indices start at 0 for the first body page.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// Each chapter's structure elements, by chapter index (see `tags`).
    pub tags: std::sync::Arc<Vec<super::tags::Tags>>,
}

impl Body {
    /// The body as an edition shows it: with `recto` (print: the chapters' depths in the
    /// contents, see `BookConfig::chapter_depths`), a blank verso before every page a part or
    /// a top-level chapter opens on that would otherwise be a verso (a nested chapter opens
    /// a new page, recto or verso: a book of short sections had 59 blank pages and rectos of
    /// five lines); pages numbered from 1, and bookmarks and links moved to the pages' new
    /// places.
    pub fn edition(&self, recto: Option<&[u8]>) -> Body {
        let mut pages: Vec<Page> = Vec::with_capacity(self.pages.len());
        let mut moved = Vec::with_capacity(self.pages.len());
        let top_level = |page: &Page| {
            let depth = page.chapter.and_then(|c| recto?.get(c).copied());
            depth.unwrap_or(0) == 0
        };
        for page in &self.pages {
            if recto.is_some() && page.forced && top_level(page) && pages.len() % 2 == 1 {
                pages.push(Page::default()); // a blank verso
            }
            moved.push(pages.len());
            pages.push(page.clone());
        }
        let to = |p: usize| moved.get(p).copied().unwrap_or(p);
        for (p, page) in pages.iter_mut().enumerate() {
            page.label = (p + 1).to_string();
            for item in &mut page.items {
                if let PageItem::Link {
                    target: Target::Page { page, .. },
                    ..
                } = item
                {
                    *page = to(*page);
                }
            }
        }
        let outline = self
            .outline
            .iter()
            .map(|e| OutlineEntry {
                page: to(e.page),
                ..e.clone()
            })
            .collect();
        Body {
            pages,
            outline,
            tags: self.tags.clone(),
        }
    }
}

/// How to paginate.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageRules {
    /// Chapters open on a recto (odd page), leaving a blank verso before when needed.
    pub recto_chapters: bool,
}

/// A page being filled: its boxes with their tops, and the height they and their notes take.
pub(super) struct Filling<'a> {
    boxes: Vec<(f32, &'a VBox)>,
    /// Where each box is in the list (None: a table's repeated header row).
    at: Vec<Option<usize>>,
    /// Bottom of the last box.
    y: f32,
    /// Whether a page break the text asked for (a chapter's opening) started the page.
    forced: bool,
    /// Notes held over from the pages before, shown first at this page's foot.
    held: Vec<Held>,
}

impl Filling<'_> {
    fn new(held: Vec<Held>) -> Self {
        Filling {
            boxes: Vec::new(),
            at: Vec::new(),
            y: 0.0,
            forced: false,
            held,
        }
    }
}

/// Where a page breaks: its boxes with their tops and where each is in the list, and whether
/// the text asked for the page (see [`Page::forced`]).
struct Cut {
    boxes: Vec<(f32, Option<usize>)>,
    forced: bool,
    /// The note lines at the page's foot.
    notes: Vec<Shown>,
    /// The notes held over to the page when it was begun (to begin it again from).
    held: Vec<Held>,
}

/// Paginate the whole of `list` (with its `notes`) into pages of `geo`, every page kept as it
/// is cut: for tests, and for callers that look at the items.
pub fn paginate(flow: &super::layout::Flowed, geo: &Geometry, rules: PageRules) -> Body {
    let mut paginator = Paginator::new(*geo, 0, &super::KeepItems);
    let mut list = flow.list.clone();
    paginator.cut(&mut list, &flow.notes, true);
    paginator
        .finish()
        .edition(rules.recto_chapters.then_some(&[][..]))
}

/// Cuts a flow into body pages a part at a time, and hands over each page as soon as it is
/// final.
pub struct Paginator<'a> {
    geo: Geometry,
    /// The flow's number (see [`super::Typeset::flow`]), told to the sealer.
    flow: u32,
    sealer: &'a dyn Sealer,
    body: Body,
    /// Where each footnote was last placed: body page and y.
    notes_at: HashMap<(usize, usize), (usize, f32)>,
    /// Where each heading was placed, by chapter and id ("" for the chapter's title): body
    /// page and y. Links to them are pointed there when every page is cut ([`Self::finish`]).
    anchors: HashMap<(usize, String), (usize, f32)>,
    /// Notes held over to the page the list left to cut begins with.
    held: Vec<Held>,
    /// Body pages with text so far.
    with_text: usize,
    /// The last heading placed so far: its chapter and id (see [`Page::start`]).
    section: (usize, String),
    /// Boxes gathered before a long chapter's list is cut (see `layout::flow_pages`).
    pub part: usize,
    /// Each chapter's structure elements, as its layout ends.
    tags: Vec<super::tags::Tags>,
}

/// Boxes gathered before the list of a long chapter is cut into pages: several pages' worth.
pub const PART: usize = 2048;

impl<'a> Paginator<'a> {
    pub fn new(geo: Geometry, flow: u32, sealer: &'a dyn Sealer) -> Self {
        Paginator {
            geo,
            flow,
            sealer,
            body: Body::default(),
            notes_at: HashMap::new(),
            anchors: HashMap::new(),
            held: Vec::new(),
            with_text: 0,
            section: (0, String::new()),
            part: PART,
            tags: Vec::new(),
        }
    }

    /// Keep the structure elements of a chapter set (chapters come in order).
    pub fn add_tags(&mut self, tags: super::tags::Tags) {
        let at = tags.part as usize;
        if self.tags.len() <= at {
            self.tags
                .resize_with(at + 1, || super::tags::Tags::new(u32::MAX - 3));
        }
        self.tags[at] = tags;
    }

    /// Cut `list` into pages and hand them over. With `end`, all of it; otherwise what the
    /// list's last page holds is left in it, for more of the flow to be added: that page may
    /// yet change. Returns whether any page was made.
    pub fn cut(&mut self, list: &mut Vec<V>, notes: &Notes, end: bool) -> bool {
        let held = std::mem::take(&mut self.held);
        let mut cuts = break_pages(list, notes, &self.geo, held, end);
        if !end && let Some(last) = cuts.pop() {
            self.held = last.held;
        }
        if cuts.is_empty() && !end {
            return false;
        }
        // The next part starts just after the last box handed over: spaces there are dropped
        // at the top of the page (as the page break drops them), a chapter's page break is
        // taken again. (A page of held-over notes alone has no box.)
        let used = if end {
            list.len()
        } else {
            cuts.iter()
                .flat_map(|c| c.boxes.iter().filter_map(|(_, at)| *at))
                .max()
                .map_or(0, |i| i + 1)
        };
        let first = self.body.pages.len();
        for cut in cuts {
            self.draw(cut, list, notes);
        }
        self.sealer
            .seal(self.flow, &self.geo, &mut self.body.pages[first..]);
        list.drain(..used);
        true
    }

    /// The body pages made, their links to places in the book pointed at the places' pages
    /// (a place never set leaves no link).
    pub fn finish(mut self) -> Body {
        self.body.tags = std::sync::Arc::new(std::mem::take(&mut self.tags));
        let (anchors, notes) = (&self.anchors, &self.notes_at);
        let at = |place: &Place| match &place.fragment {
            None => anchors.get(&(place.chapter, String::new())),
            Some(Fragment::Heading(id)) => anchors.get(&(place.chapter, id.clone())),
            Some(Fragment::Note(n)) => notes.get(&(place.chapter, *n)),
            Some(Fragment::Id(id)) => anchors.get(&(place.chapter, id.clone())),
        };
        for page in &mut self.body.pages {
            // A place never set (a heading the layout drops) stays a place: no link is made of
            // it, and the page's links keep their order, which the drawn body's structure
            // refers to.
            for item in &mut page.items {
                if let PageItem::Link { target, .. } = item
                    && let Target::Place(place) = target
                    && let Some(&(page, y)) = at(place)
                {
                    *target = Target::Page { page, y };
                }
            }
        }
        self.body
    }

    /// Turn a page's placed boxes into page items. Footnote links lead to the note as placed
    /// on this page (a note is set at the foot of every page that refers to it).
    fn draw(&mut self, cut: Cut, list: &[V], notes: &Notes) {
        let geo = &self.geo;
        let p = self.body.pages.len();
        let vbox = |i: usize| match list.get(i) {
            Some(V::Box(b)) => Some(b),
            _ => None,
        };
        let nothing = VBox::default();
        let mut page = Page {
            forced: cut.forced,
            ..Page::default()
        };
        let filling = cut.boxes;
        if !filling.is_empty() || !cut.notes.is_empty() {
            page.body = Some(self.with_text);
            self.with_text += 1;
        }
        let mut note_links: Vec<(usize, (usize, usize))> = Vec::new();
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
        page.chapter = boxes
            .first()
            .map(|(_, b)| b.chapter)
            .or(cut.notes.first().map(|((chapter, _), _)| *chapter));
        if let (Some(chapter), Some(_)) = (page.chapter, page.body) {
            let (at, section) = &self.section;
            let section = if *at == chapter { section.as_str() } else { "" };
            let text = filling
                .iter()
                .zip(&boxes)
                .filter(|((_, at), _)| at.is_some());
            page.start = Some(starts::page_start(
                text.map(|(_, (_, b))| *b),
                chapter,
                section,
            ));
        }
        let filling = boxes;
        page.opening = filling.iter().any(|(_, b)| {
            b.marks
                .iter()
                .any(|m| matches!(m, Mark::Heading { level: 1, .. }))
        });
        let mut placed: Vec<(f32, &VBox)> = filling
            .into_iter()
            .map(|(top, b)| (geo.top + top, b))
            .collect();
        if !cut.notes.is_empty() {
            let mut y = geo.top + geo.height - notes::shown_height(&cut.notes, notes, geo);
            page.items.push(PageItem::Rule {
                x: geo.left,
                y: y + geo.leading * 0.5,
                length: geo.measure / 4.0,
                thickness: 0.4,
            });
            y += geo.leading;
            for b in notes::shown_boxes(&cut.notes, notes) {
                placed.push((y, b));
                y += b.height;
            }
        }
        for (top, b) in placed {
            for mark in &b.marks {
                match mark {
                    Mark::Heading { title, level } => self.body.outline.push(OutlineEntry {
                        title: title.clone(),
                        level: *level,
                        page: p,
                        y: top,
                    }),
                    Mark::Note(n) => {
                        self.notes_at.insert((b.chapter, *n), (p, top));
                    }
                    Mark::Anchor(id) => {
                        let key = (b.chapter, id.clone());
                        self.anchors.entry(key).or_insert((p, top));
                        self.section = (b.chapter, id.clone());
                    }
                    Mark::Target(id) => {
                        let key = (b.chapter, id.clone());
                        self.anchors.entry(key).or_insert((p, top));
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
                        Some(link),
                        Some(PageItem::Link {
                            x: lx,
                            y: ly,
                            width,
                            height,
                            target,
                            text,
                        }),
                    ) if same_link(link, target)
                        && *ly == y - piece.size * 0.8
                        && *height == piece.size =>
                    {
                        if x > *lx + *width + 0.5 {
                            text.push(' ');
                        }
                        text.extend(piece.glyphs.iter().map(|g| g.text.as_str()));
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
                            note_links.push((page.items.len(), (b.chapter, *n)));
                            Target::Page { page: p, y: top }
                        }
                        Link::Place(place) => {
                            open = Some(page.items.len());
                            Target::Place(place.clone())
                        }
                    };
                    page.items.push(PageItem::Link {
                        x: ax,
                        y: ay,
                        width: w,
                        height: h,
                        target,
                        text: piece.glyphs.iter().map(|g| g.text.as_str()).collect(),
                    });
                }
                page.items.push(PageItem::Text {
                    x,
                    y,
                    piece: piece.clone(),
                });
            }
            for image in &b.images {
                page.items.push(PageItem::Image {
                    x: geo.left + image.x,
                    y: top + image.y,
                    width: image.width,
                    height: image.height,
                    key: image.key.clone(),
                    tag: image.tag,
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
        for (i, key) in note_links {
            if let (Some(&(at, y)), Some(PageItem::Link { target, .. })) =
                (self.notes_at.get(&key), page.items.get_mut(i))
            {
                *target = Target::Page { page: at, y };
            }
        }
        page.body_items = page.items.len();
        self.body.pages.push(page);
    }
}

/// Whether a piece's link is the link `target` was made for (the pieces of one link share its
/// address), so that one rectangle covers the words of a link on one line.
fn same_link(link: &Link, target: &Target) -> bool {
    match (link, target) {
        (Link::Uri(a), Target::Uri(b)) => std::sync::Arc::ptr_eq(a, b),
        (Link::Place(a), Target::Place(b)) => std::sync::Arc::ptr_eq(a, b),
        _ => false,
    }
}

/// Where each page of `list` breaks, the first page showing the notes `held` over to it.
/// With `end`, notes still held over at the end get pages of their own.
fn break_pages(list: &[V], notes: &Notes, geo: &Geometry, held: Vec<Held>, end: bool) -> Vec<Cut> {
    const EPS: f32 = 0.01;
    let mut pages: Vec<Cut> = Vec::new();
    let mut cur = Filling::new(held);
    // After a chapter opening's page break, space is the chapter's sink and stays.
    let mut sink = false;
    for (index, v) in list.iter().enumerate() {
        match v {
            V::NewPage => {
                if !cur.boxes.is_empty() {
                    let held = close(&mut pages, cur, notes, geo);
                    cur = Filling::new(held);
                }
                // A chapter opens below the notes the last one left.
                cur = notes_pages(&mut pages, cur, notes, geo);
                cur.y = 0.0;
                cur.forced = true;
                sink = true;
            }
            V::Space(h) => {
                if !cur.boxes.is_empty() || sink {
                    cur.y += h;
                }
            }
            V::Box(b) => {
                let mut tries = 0;
                while !cur.boxes.is_empty() && !notes::fits(&cur, b, notes, geo, EPS) {
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
                    let carried: Vec<((f32, &VBox), Option<usize>)> = match cut {
                        Some(k) => cur
                            .boxes
                            .split_off(k)
                            .into_iter()
                            .zip(cur.at.split_off(k))
                            .collect(),
                        None => Vec::new(),
                    };
                    let end = cur.y;
                    let held = close(&mut pages, cur, notes, geo);
                    cur = Filling::new(held);
                    // The boxes carried over keep the space between them and after the last
                    // (after a heading, say): the page is set as if it had started with the
                    // first of them.
                    let mut bottom: Option<f32> = None;
                    for ((top, bx), at) in carried {
                        if let Some(bottom) = bottom {
                            cur.y += (top - bottom).max(0.0);
                        }
                        bottom = Some(top + bx.height);
                        place(&mut cur, bx, at);
                    }
                    if let Some(bottom) = bottom {
                        cur.y += (end - bottom).max(0.0);
                    }
                    tries += 1;
                }
                // Notes held over that leave no room for the box fill a page first (on a page
                // begun here or just above).
                while cur.boxes.is_empty() && notes::crowds_out(&cur.held, b, notes, geo, EPS) {
                    let alone = Filling::new(std::mem::take(&mut cur.held));
                    cur.held = close(&mut pages, alone, notes, geo);
                }
                place(&mut cur, b, Some(index));
                sink = false;
            }
        }
    }
    if end {
        if !cur.boxes.is_empty() {
            let held = close(&mut pages, cur, notes, geo);
            cur = Filling::new(held);
        }
        notes_pages(&mut pages, cur, notes, geo);
    } else if !cur.boxes.is_empty() || !cur.held.is_empty() {
        // The last page, which more of the list may yet fill: it is made again with it, from
        // the notes held over to it.
        pages.push(Cut {
            boxes: cur.boxes.iter().map(|(top, _)| *top).zip(cur.at).collect(),
            forced: cur.forced,
            notes: Vec::new(),
            held: cur.held,
        });
    }
    pages
}

/// End the page `page`: the note lines at its foot settled. Returns what is held over.
fn close(pages: &mut Vec<Cut>, page: Filling, notes: &Notes, geo: &Geometry) -> Vec<Held> {
    let (shown, held) = notes::settle(&page, notes, geo);
    pages.push(Cut {
        boxes: page
            .boxes
            .iter()
            .map(|(top, _)| *top)
            .zip(page.at)
            .collect(),
        forced: page.forced,
        notes: shown,
        held: page.held,
    });
    held
}

/// Pages of the notes `page` holds over, until none is left; the page after them.
fn notes_pages<'a>(
    pages: &mut Vec<Cut>,
    mut page: Filling<'a>,
    notes: &Notes,
    geo: &Geometry,
) -> Filling<'a> {
    while !page.held.is_empty() && page.boxes.is_empty() {
        let held = close(
            pages,
            Filling::new(std::mem::take(&mut page.held)),
            notes,
            geo,
        );
        page.held = held;
    }
    page
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

#[cfg(test)]
#[path = "paginate_tests.rs"]
mod tests;
