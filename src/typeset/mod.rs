//! Typesetting: the IR → pages of positioned glyphs. Shaping (`shape`), line breaking
//! (`linebreak`, `paragraph`), the flow of blocks (`layout`), page breaking (`paginate`) and the
//! front matter (`front`) live here; the `pdf` module only draws what this produces.

mod items;
pub mod layout;
pub mod linebreak;
pub mod paginate;
pub mod paragraph;
mod protrusion;
mod runs;
pub mod shape;
pub mod tags;

mod estimate;
pub mod fit;
mod front;
mod front_cover;
pub mod print_cover;
pub use front_cover::prepend_page as prepend_cover;

use crate::document::Book;
use crate::document::assets::{Assets, pixel_size};
use crate::lang::{Hyphenator, Language};
pub use front::roman;
pub use paragraph::{Link, Piece};

/// A page (or trim) size in PostScript points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
    /// Whether the size is defined in inches.
    pub imperial: bool,
}

const MM: f32 = 72.0 / 25.4;

#[cfg(test)]
mod page_size_tests {
    use super::PageSize;

    #[test]
    fn trim_sizes_are_named_or_given_in_inches_or_millimetres() {
        let size = |s: &str| PageSize::parse(s).map(|p| (p.width.round(), p.height.round()));
        assert_eq!(size("6x9in"), Some((432.0, 648.0)));
        assert_eq!(size("5.25 x 8 in"), Some((378.0, 576.0)));
        assert_eq!(size("8.5x11"), Some((612.0, 792.0)));
        assert_eq!(size("170x240mm"), Some((482.0, 680.0)));
        assert_eq!(size("a5"), Some((420.0, 595.0)));
        assert!(PageSize::parse("6x9in").is_some_and(|p| p.imperial));
        for bad in ["20x30in", "2x3in", "6x", "x9in", "letter", "6x9cm", ""] {
            assert_eq!(PageSize::parse(bad), None, "{bad}");
        }
    }
}

/// The help for a page size terbit does not know.
pub const PAGE_SIZE_HELP: &str =
    "use A5, B5, A4, or a width and height such as 6x9in, 5.5x8.5in, 8.5x11in or 170x240mm";

impl PageSize {
    /// `A5`, `B5`, `A4` (case-insensitive), or any width × height in inches or millimetres,
    /// `6x9in`, `5.25x8in`, `170x240mm` (`6x9` is inches), between 3 and 14 inches a side:
    /// the trim sizes print services offer.
    pub fn parse(s: &str) -> Option<PageSize> {
        let mm = |w: f32, h: f32| PageSize {
            width: w * MM,
            height: h * MM,
            imperial: false,
        };
        match s.trim().to_ascii_lowercase().replace(' ', "").as_str() {
            "a5" => Some(mm(148.0, 210.0)),
            "b5" => Some(mm(176.0, 250.0)),
            "a4" => Some(mm(210.0, 297.0)),
            other => {
                let (numbers, unit) = match other.strip_suffix("mm") {
                    Some(n) => (n, MM),
                    None => (other.strip_suffix("in").unwrap_or(other), 72.0),
                };
                let (w, h) = numbers.split_once(['x', '×'])?;
                let (w, h): (f32, f32) = (w.parse().ok()?, h.parse().ok()?);
                let inches = |v: f32| v * unit / 72.0;
                if ![w, h].iter().all(|&v| (3.0..=14.0).contains(&inches(v))) {
                    return None;
                }
                Some(PageSize {
                    width: w * unit,
                    height: h * unit,
                    imperial: unit == 72.0,
                })
            }
        }
    }
}

/// Where things go on a page: margins and the text block, all in points.
#[derive(Debug, Clone, Copy)]
pub struct Geometry {
    pub page: PageSize,
    /// Body text size and baseline-to-baseline distance.
    pub size: f32,
    pub leading: f32,
    /// Left edge of the text block on a recto (right-hand page, odd page number).
    pub left: f32,
    /// Left edge of the text block on a verso: the same as `left` on screen, the outer margin
    /// in print (margins mirror around the spine).
    pub verso_left: f32,
    pub top: f32,
    /// Width and height of the text block; the height is a whole number of lines.
    pub measure: f32,
    pub height: f32,
}

impl Geometry {
    /// Equal side margins, for reading on screen.
    pub fn new(page: PageSize, size: f32) -> Geometry {
        let side = (page.width * 0.13).round();
        Geometry::with_margins(page, size, side, side)
    }

    /// Mirrored margins for print: the inner margin is the outer one plus the gutter for the
    /// binding, which grows with the page count (`gutter` in points). The text block keeps the
    /// screen edition's measure while it can, half the gutter coming from each margin, so that
    /// a thick book is not set on a narrower measure (more hyphens, looser lines): the outer
    /// margin gives way down to half an inch, and only then does the measure narrow.
    pub fn print(page: PageSize, size: f32, gutter: f32) -> Geometry {
        let side = Geometry::new(page, size).left;
        let outer = (side - gutter / 2.0).max(36.0_f32.min(side));
        Geometry::with_margins(page, size, outer + gutter, outer)
    }

    /// Equal side margins around a text block `measure` wide (screen, a book's shared measure).
    pub fn centred(page: PageSize, size: f32, measure: f32) -> Geometry {
        let side = (page.width - measure) / 2.0;
        Geometry {
            measure,
            ..Geometry::with_margins(page, size, side, side)
        }
    }

    /// Print margins around a text block `measure` wide: the inner margin the outer one plus
    /// the `gutter`. None when the outer margin would be narrower than [`Geometry::print`]
    /// allows: the gutter then needs a narrower measure.
    pub fn print_keeping(page: PageSize, size: f32, gutter: f32, measure: f32) -> Option<Geometry> {
        let least = Geometry::print(page, size, gutter);
        let outer = (page.width - measure - gutter) / 2.0;
        (outer >= least.verso_left - 0.01).then(|| Geometry {
            measure,
            ..Geometry::with_margins(page, size, outer + gutter, outer)
        })
    }

    fn with_margins(page: PageSize, size: f32, inner: f32, outer: f32) -> Geometry {
        let leading = (size * 1.29 * 4.0).round() / 4.0;
        let measure = page.width - inner - outer;
        let lines = ((page.height * 0.80) / leading).floor();
        let height = lines * leading;
        // A little more margin below than above, as is usual in books.
        let top = ((page.height - height) * 0.45).round();
        Geometry {
            page,
            size,
            leading,
            left: inner,
            verso_left: outer,
            top,
            measure,
            height,
        }
    }
}

/// KDP's minimum inside margin for a book of `pages` pages, in points (24–150 pages 0.375 in,
/// 151–300 0.5, 301–500 0.625, 501–700 0.75, more 0.875).
pub fn kdp_gutter(pages: usize) -> f32 {
    let inches = match pages {
        0..=150 => 0.375,
        151..=300 => 0.5,
        301..=500 => 0.625,
        501..=700 => 0.75,
        _ => 0.875,
    };
    inches * 72.0
}

/// Which edition is being set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// For reading on screen: equal margins, links, bookmarks.
    Screen,
    /// For print-on-demand: bleed, mirrored margins with a gutter, chapters on rectos.
    Print,
    /// The print edition's cover: one sheet, set by [`print_cover`] from the print edition's
    /// page count (asked of [`typeset_sealed`], it is that print edition).
    Cover,
}

/// Text or lines drawn on a page. Coordinates are points from the page's top-left corner, y
/// downwards; `y` of text is its baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum PageItem {
    Text {
        x: f32,
        y: f32,
        piece: Piece,
    },
    Rule {
        x: f32,
        y: f32,
        length: f32,
        thickness: f32,
    },
    /// A link's rectangle, before the text it covers; `text` is that text, the link's
    /// description for assistive technology.
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        target: Target,
        text: String,
    },
    /// A rectangle, `y` its top edge: filled in `colour`, or, with a `stroke` width, outlined.
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        /// Red, green, blue, 0–1.
        colour: [f32; 3],
        stroke: Option<f32>,
    },
    /// The colour of the text that follows on the page (black until one is given).
    Colour([f32; 3]),
    /// An image; `y` is its top edge, `key` names it in the book's assets.
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        key: String,
        /// The figure it is (see `tags`), or [`tags::Tag::ARTIFACT`] for a decoration.
        tag: tags::Tag,
    },
    /// Items set on their own line turned a quarter (a spine's text): placed as on a page
    /// whose top-left corner is (`x`, `y`) of this page, their lines running down this page
    /// (`down`, the tops of their letters to its right) or up it (the tops to its left).
    Turned {
        x: f32,
        y: f32,
        down: bool,
        items: Vec<PageItem>,
    },
}

impl PageItem {
    /// Move the item `dx` right and `dy` down.
    pub fn move_by(&mut self, dx: f32, dy: f32) {
        match self {
            PageItem::Text { x, y, .. }
            | PageItem::Rule { x, y, .. }
            | PageItem::Link { x, y, .. }
            | PageItem::Image { x, y, .. }
            | PageItem::Rect { x, y, .. }
            | PageItem::Turned { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
            PageItem::Colour(_) => {}
        }
    }
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Shared by the link rectangles of every line the link's text is set in.
    Uri(std::sync::Arc<str>),
    /// A page index and the y (from the top) to show.
    Page { page: usize, y: f32 },
    /// A place in the book, until pagination knows its page (then a `Page`; a place never
    /// set, such as a heading the layout drops, leaves no link).
    Place(std::sync::Arc<crate::document::Place>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub items: Vec<PageItem>,
    /// The page number as printed ("iii", "7"), empty when the page shows none.
    pub label: String,
    /// The chapter the page belongs to (body pages with text).
    pub chapter: Option<usize>,
    /// Whether a chapter opens on this page (no running head there).
    pub opening: bool,
    /// The first `body_items` of `items` are the page's body: the lines of the flow it was cut
    /// from, placed as in the flow's geometry and drawn moved right by `shift` (the print
    /// edition's mirrored margins). The rest, the running head and the folio, are placed on
    /// the page. So a body page is the same items in both editions when they share a flow, and
    /// the PDF writer draws it once for both.
    pub body_items: usize,
    pub shift: f32,
    /// The page's number among the pages with text cut from its flow (blank versos and front
    /// matter have none): the same body page has the same number in both editions.
    pub body: Option<usize>,
    /// Whether the text asked for this page (a chapter opens it): in print, it is a recto.
    pub forced: bool,
    /// Where in the text the page begins (body pages; its `label` is filled in by
    /// [`page_list`]), for the EPUB's page list.
    pub start: Option<crate::document::page_list::PageStart>,
}

impl Page {
    /// A page with nothing on it (a blank verso).
    pub fn is_blank(&self) -> bool {
        self.body.is_none() && self.items.is_empty()
    }

    /// The page's items with how far each is moved right when drawn (`shift` for the body).
    pub fn placed_items(&self) -> impl Iterator<Item = (f32, &PageItem)> {
        self.items
            .iter()
            .enumerate()
            .map(|(k, item)| (if k < self.body_items { self.shift } else { 0.0 }, item))
    }
}

/// The bleed of an edition's pages: how far beyond the trim, in points, and whether at the
/// binding edge too (a cover's sheet, or a service that trims the pages all round); else at
/// the top, the bottom and the outside edge only, as a page bound at its spine is trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bleed {
    pub size: f32,
    pub at_spine: bool,
}

impl Bleed {
    /// How far right of the sheet's left edge the trimmed page `index` (0, a recto) stands:
    /// a recto's binding edge is its left, a verso's its right.
    pub fn left(&self, index: usize) -> f32 {
        if self.at_spine || index % 2 == 1 {
            self.size
        } else {
            0.0
        }
    }

    /// The sheet a `page` is trimmed from: its width and height with the bleed.
    pub fn sheet(&self, page: PageSize) -> (f32, f32) {
        let sides = if self.at_spine { 2.0 } else { 1.0 };
        (
            page.width + sides * self.size,
            page.height + 2.0 * self.size,
        )
    }
}

/// An entry of the PDF outline (bookmarks).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// 1 for chapters, 2 for their sections, …
    pub level: u8,
    pub page: usize,
    pub y: f32,
}

/// A typeset book.
#[derive(Debug, Clone)]
pub struct Typeset {
    pub geometry: Geometry,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineEntry>,
    /// The bleed beyond the trim (none on screen, nor in print when nothing reaches the page's
    /// edge). Page items are positioned relative to the trimmed page.
    pub bleed: Bleed,
    /// Blank pages added at the end to make the page count what the print service takes
    /// (even, at least its minimum; see `print_service`).
    pub padded: usize,
    /// Which flow the body pages were cut from (the measure it was set on, as bits): editions
    /// with the same one have the same body pages.
    pub flow: u32,
    /// The structure elements of the chapters (by index) and of the front matter, for the
    /// tagged PDF.
    pub tags: std::sync::Arc<Vec<tags::Tags>>,
    pub front_tags: tags::Tags,
}

/// What becomes of body pages once they are cut (see [`paginate::Paginator`]): the PDF writer
/// draws each there and then, and keeps only what it drew, so that a book's lines are never all
/// held at once; [`KeepItems`] keeps the pages as they are.
pub trait Sealer: Sync {
    /// `pages`, cut from flow `flow` set in `geo`, in order, with their `body` numbers. A
    /// sealer that draws them leaves in `items` only their links (`body_items` then counts
    /// those).
    fn seal(&self, flow: u32, geo: &Geometry, pages: &mut [Page]);
}

/// Keeps every page's items (for tests, `check`, and anything that looks at the pages).
pub struct KeepItems;

impl Sealer for KeepItems {
    fn seal(&self, _flow: u32, _geo: &Geometry, _pages: &mut [Page]) {}
}

/// Lets every body page's items go once it is cut: for a typesetting wanted only for its
/// pagination ([`print_page_list`]).
pub struct DropItems;

impl Sealer for DropItems {
    fn seal(&self, _flow: u32, _geo: &Geometry, pages: &mut [Page]) {
        for page in pages {
            page.items = Vec::new();
            page.body_items = 0;
        }
    }
}

/// Where each numbered page of `ts` (the print edition) begins in the text, in page order, for
/// the EPUB's page list: the body pages with text, and the contents pages of the front
/// matter (the title and copyright pages show no number, blank versos no text).
pub fn page_list(ts: &Typeset) -> Vec<crate::document::page_list::PageStart> {
    ts.pages
        .iter()
        .filter(|page| !page.label.is_empty())
        .filter_map(|page| {
            let start = match &page.start {
                Some(start) => start.clone(),
                None if page.body.is_none() && !page.is_blank() => front_start(page),
                None => return None,
            };
            Some(crate::document::page_list::PageStart {
                label: page.label.clone(),
                ..start
            })
        })
        .collect()
}

/// The first lines of a front-matter page (the contents), without the page numbers they end
/// with: the entries a page of the contents begins with ("Summary" alone is many entries').
fn front_start(page: &Page) -> crate::document::page_list::PageStart {
    const LINES: usize = 3;
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut y: Option<f32> = None;
    for item in &page.items {
        if let PageItem::Text { y: at, piece, .. } = item {
            if y.is_none_or(|y| (y - at).abs() > 0.5) {
                if lines.len() == LINES {
                    break;
                }
                lines.push(Vec::new());
                y = Some(*at);
            }
            let word = piece.glyphs.iter().map(|g| g.text.as_str()).collect();
            lines.last_mut().expect("a line").push(word);
        }
    }
    let text: Vec<String> = lines
        .into_iter()
        .map(|mut words| {
            let number = |w: &String| w.chars().all(|c| c.is_ascii_digit());
            if words.len() > 1 && words.last().is_some_and(number) {
                words.pop();
            }
            words.join(" ")
        })
        .collect();
    crate::document::page_list::PageStart {
        text: text.join("\n"),
        ..Default::default()
    }
}

/// [`page_list`] of the print edition among `editions` (`sets`, typeset in that order); none
/// without it.
pub fn print_page_list_of(
    editions: &[Edition],
    sets: &[Typeset],
) -> Vec<crate::document::page_list::PageStart> {
    let print = editions.iter().position(|e| *e == Edition::Print);
    print
        .and_then(|i| sets.get(i))
        .map(page_list)
        .unwrap_or_default()
}

/// [`page_list`] of the print edition of `book`, typeset for it alone (nothing drawn): for an
/// EPUB built without the print PDF, so that it has the same page list.
pub fn print_page_list(book: &Book, assets: &Assets) -> Vec<crate::document::page_list::PageStart> {
    let sets = typeset_sealed(book, assets, &[Edition::Print], &DropItems);
    sets.first().map(page_list).unwrap_or_default()
}

/// Typeset `book` as `edition`; `assets` are its images, found and checked.
pub fn typeset(book: &Book, assets: &Assets, edition: Edition) -> Typeset {
    typeset_editions(book, assets, &[edition]).remove(0)
}

/// [`typeset_sealed`], every page kept whole.
pub fn typeset_editions(book: &Book, assets: &Assets, editions: &[Edition]) -> Vec<Typeset> {
    typeset_sealed(book, assets, editions, &KeepItems)
}

/// Typeset `book` in each of `editions`, in order, from one flow of its text: the screen and
/// print editions have the same measure, so every line is set once and both editions' pages
/// share it (they differ in margins, running heads, folios and blank versos, not in a line
/// break). The measure is the screen edition's unless the book is so long that the print
/// edition's gutter leaves room for less; how long it will be is estimated before it is set
/// (`estimate`), so that a screen PDF made alone has the same lines as one made with the print
/// edition. Body pages go to `sealer` as they are cut.
pub fn typeset_sealed(
    book: &Book,
    assets: &Assets,
    editions: &[Edition],
    sealer: &dyn Sealer,
) -> Vec<Typeset> {
    let figures = figures(assets);
    let (language, mut setter) = setter(book, assets);
    let t = std::time::Instant::now();
    let Measured {
        geometry,
        page,
        size,
        lines,
        estimate,
    } = measure(book, &mut setter, &figures);
    crate::pipeline::trace("page count estimated", t);
    let body = set_body(book, &mut setter, &geometry, &figures, &lines, sealer);
    crate::pipeline::trace("lines set", t);
    let set = Set {
        book,
        language,
        figures: &figures,
        lines: &lines,
        sealer,
        body: &body,
        geometry,
        page,
        size,
        estimate,
    };
    // The editions are cut side by side, each with a setter of its own (for running heads
    // and folios; the word caches are per thread, the results the same).
    use rayon::prelude::*;
    let setter = &setter;
    editions
        .par_iter()
        .map_init(
            || paragraph::Setter::new(setter.shaper.clone(), setter.hyphenator.clone()),
            |setter, &edition| match edition {
                Edition::Screen => cut(&set, setter, (&body, &geometry), geometry, edition),
                Edition::Print | Edition::Cover => cut_print(&set, setter),
            },
        )
        .collect()
}

/// The language of `book` and a setter for its text.
fn setter(book: &Book, assets: &Assets) -> (Language, paragraph::Setter) {
    let lang_tag = book.meta.language.value.as_str();
    let language = Language::from_tag(lang_tag);
    let setter = paragraph::Setter::new(
        shape::Shaper::new(lang_tag, assets.fonts.clone()),
        Hyphenator::new(language, &book.meta.hyphenation),
    );
    (language, setter)
}

/// The text block a book's body is set in, and what it was reckoned from.
struct Measured {
    geometry: Geometry,
    page: PageSize,
    size: f32,
    /// Each chapter's estimated lines.
    lines: Vec<f32>,
    /// The print edition's estimated page count.
    estimate: usize,
}

/// The text block `book` is set in: the screen edition's, narrowed when the print edition is
/// estimated to be long enough for its gutter to need it (see [`typeset_sealed`]).
fn measure(book: &Book, setter: &mut paragraph::Setter, figures: &layout::Figures) -> Measured {
    let (page, size) = page_and_size(book);
    let screen = Geometry::new(page, size);
    let lines = estimate::chapter_lines(book, setter, &screen, figures);
    let estimate = estimate::print_pages(book, &screen, &lines);
    let measure = screen
        .measure
        .min(Geometry::print(page, size, kdp_gutter(estimate)).measure);
    Measured {
        geometry: Geometry::centred(page, size, measure),
        page,
        size,
        lines,
        estimate,
    }
}

fn page_and_size(book: &Book) -> (PageSize, f32) {
    let page = PageSize::parse(&book.meta.pdf.page_size.value)
        .unwrap_or(PageSize::parse("A5").expect("A5"));
    (page, book.meta.pdf.font_size)
}

/// What the layout of `book` has to squeeze to keep its text inside the page (see `fit`): a
/// table set in smaller type or in parts, lists and quotes nested too deep for their indent,
/// each a warning at its place. Found on the measure the book is set on: reckoned only when
/// the widest and the narrowest the book could have disagree.
pub fn squeezes(book: &Book, assets: &Assets) -> Vec<crate::error::Diagnostic> {
    let (_, mut setter) = setter(book, assets);
    let (page, size) = page_and_size(book);
    let screen = Geometry::new(page, size);
    let narrowest = Geometry::print(page, size, kdp_gutter(usize::MAX)).measure;
    let wide = layout::squeezes(book, &mut setter, &screen);
    let narrow = layout::squeezes(
        book,
        &mut setter,
        &Geometry::centred(page, size, screen.measure.min(narrowest)),
    );
    if wide == narrow {
        return wide;
    }
    let geometry = measure(book, &mut setter, &figures(assets)).geometry;
    layout::squeezes(book, &mut setter, &geometry)
}

/// The body pages of `book` set in `geo` (`lines`: each chapter's estimated lines), each handed
/// to `sealer` as soon as it is cut.
fn set_body(
    book: &Book,
    setter: &mut paragraph::Setter,
    geo: &Geometry,
    figures: &layout::Figures,
    lines: &[f32],
    sealer: &dyn Sealer,
) -> paginate::Body {
    let mut paginator = paginate::Paginator::new(*geo, geo.measure.to_bits(), sealer);
    layout::flow_pages(book, setter, geo, figures, lines, &mut paginator);
    paginator.finish()
}

/// A book set once: what its editions are cut from.
struct Set<'a> {
    book: &'a Book,
    language: Language,
    figures: &'a layout::Figures,
    /// Each chapter's estimated lines.
    lines: &'a [f32],
    sealer: &'a dyn Sealer,
    /// The body pages of the book, set in `geometry`.
    body: &'a paginate::Body,
    geometry: Geometry,
    page: PageSize,
    size: f32,
    /// The print edition's estimated page count.
    estimate: usize,
}

/// The print edition. Its gutter depends on its page count, which depends on the gutter when
/// it leaves the text less room: paginate, count, and again with a wider gutter until the
/// bracket holds (it only grows). Starting a little below the estimate's bracket usually saves
/// a round. While the margins can take the gutter, the shared body pages are only put together
/// again; past that, the print edition sets its text on a narrower measure of its own.
fn cut_print(set: &Set, setter: &mut paragraph::Setter) -> Typeset {
    let (page, size, measure) = (set.page, set.size, set.geometry.measure);
    let mut gutter = kdp_gutter(set.estimate * 9 / 10);
    let mut own: Option<(Geometry, paginate::Body)> = None;
    let mut rounds = 0;
    loop {
        let ts = match Geometry::print_keeping(page, size, gutter, measure) {
            Some(geo) => cut(set, setter, (set.body, &set.geometry), geo, Edition::Print),
            None => {
                let geo = Geometry::print(page, size, gutter);
                if own.as_ref().is_none_or(|(g, _)| g.measure != geo.measure) {
                    drop(own.take()); // one narrower flow at a time
                    let narrower =
                        set_body(set.book, setter, &geo, set.figures, set.lines, set.sealer);
                    own = Some((geo, narrower));
                }
                let (own_geo, narrower) = own.as_ref().expect("set above");
                cut(set, setter, (narrower, own_geo), geo, Edition::Print)
            }
        };
        let needed = kdp_gutter(ts.pages.len());
        if std::env::var_os("TERBIT_TRACE").is_some() {
            let (pages, estimate) = (ts.pages.len(), set.estimate);
            eprintln!("trace: print pages: {pages} (estimated {estimate}), gutter {gutter} pt");
        }
        rounds += 1;
        if needed <= gutter || rounds == 5 {
            return finish_print(&set.book.meta.print, ts);
        }
        gutter = needed;
    }
}

/// The print edition as its service takes it: its page count made even and at least the
/// service's minimum with blank pages at the end (`padded` says how many), and its bleed.
/// Nothing terbit sets reaches the page's edge (a body page's text and figures stay inside
/// the text block), so `auto` leaves the pages unbled.
fn finish_print(settings: &crate::print_service::PrintSettings, mut ts: Typeset) -> Typeset {
    use crate::print_service::BleedChoice;
    let last_blank = ts.pages.last().is_none_or(Page::is_blank);
    let pages = settings.padded_pages(ts.pages.len(), last_blank);
    ts.padded = pages - ts.pages.len();
    ts.pages.resize_with(pages, Page::default);
    let service = settings.service;
    let bleeds = match settings.bleed {
        BleedChoice::Yes => true,
        BleedChoice::None => false,
        BleedChoice::Auto => reaches_edge(&ts),
    };
    if bleeds {
        ts.bleed = Bleed {
            size: service.bleed(),
            at_spine: service.bleeds_at_spine(),
        };
    }
    ts
}

/// Whether anything placed on a page of `ts` (bar its body, which keeps inside the text
/// block) touches the trimmed page's edge.
fn reaches_edge(ts: &Typeset) -> bool {
    let (w, h) = (ts.geometry.page.width, ts.geometry.page.height);
    ts.pages.iter().any(|page| {
        page.items[page.body_items..].iter().any(|item| match item {
            PageItem::Rect {
                x,
                y,
                width,
                height,
                ..
            }
            | PageItem::Image {
                x,
                y,
                width,
                height,
                ..
            } => *x <= 0.0 || *y <= 0.0 || x + width >= w || y + height >= h,
            _ => false,
        })
    })
}

/// The depths by which print decides which chapters open on a recto (0: recto): the
/// contents' depths, but a chapter directly inside a part counts as top level (the part is a
/// grouping of chapters: its title page on a recto, its verso blank, its first chapter on
/// the next recto), while a chapter nested in a chapter does not.
pub(crate) fn recto_openings(depths: &[u8], parts: &[bool]) -> Vec<u8> {
    let mut in_part = false;
    depths
        .iter()
        .enumerate()
        .map(|(i, &depth)| {
            let part = parts.get(i).copied().unwrap_or(false);
            if depth == 0 {
                in_part = part;
            }
            if depth == 1 && in_part { 0 } else { depth }
        })
        .collect()
}

/// The body pages of a flow set in `flow_geometry` put together as `edition` in `geometry`
/// (the same text block, its margins perhaps elsewhere), with the front matter and the page
/// furniture.
fn cut(
    set: &Set,
    setter: &mut paragraph::Setter,
    (body, flow_geometry): (&paginate::Body, &Geometry),
    geometry: Geometry,
    edition: Edition,
) -> Typeset {
    let (book, language) = (set.book, set.language);
    let openings = recto_openings(&book.meta.chapter_depths, &book.meta.chapter_parts);
    let body = body.edition((edition == Edition::Print).then_some(&openings[..]));
    let mut ts = front::assemble(book, language, setter, &geometry, body, edition);
    // The body pages are placed in the flow's geometry; each is drawn where its own margins
    // put it.
    for (i, page) in ts.pages.iter_mut().enumerate() {
        if page.body.is_some() {
            let verso = edition == Edition::Print && i % 2 == 1;
            let left = if verso {
                geometry.verso_left
            } else {
                geometry.left
            };
            page.shift = left - flow_geometry.left;
        }
    }
    ts.flow = flow_geometry.measure.to_bits();
    ts
}

/// The images `assets` show, by chapter and URL, with their sizes in pixels.
fn figures(assets: &Assets) -> layout::Figures {
    let mut figures = layout::Figures::new();
    for (chapter, images) in assets.images.iter().enumerate() {
        for (url, key) in images {
            let size = assets
                .files
                .iter()
                .find(|f| &f.href == key)
                .and_then(|f| pixel_size(&f.data));
            if let Some((w, h)) = size {
                figures.insert((chapter, url.clone()), (key.clone(), w, h));
            }
        }
    }
    figures
}
