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

mod front;

use crate::document::Book;
use crate::document::assets::{Assets, pixel_size};
use crate::lang::{Hyphenator, Language};
pub use paragraph::{Link, Piece};

/// A page (or trim) size in PostScript points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
    /// Whether the size is defined in inches (bleed is then 0.125 in instead of 3 mm).
    pub imperial: bool,
}

const MM: f32 = 72.0 / 25.4;

impl PageSize {
    /// `A5`, `B5`, `A4`, `6x9in`, `5.5x8.5in` (case-insensitive).
    pub fn parse(s: &str) -> Option<PageSize> {
        let mm = |w: f32, h: f32| PageSize {
            width: w * MM,
            height: h * MM,
            imperial: false,
        };
        let inch = |w: f32, h: f32| PageSize {
            width: w * 72.0,
            height: h * 72.0,
            imperial: true,
        };
        match s.trim().to_ascii_lowercase().replace(' ', "").as_str() {
            "a5" => Some(mm(148.0, 210.0)),
            "b5" => Some(mm(176.0, 250.0)),
            "a4" => Some(mm(210.0, 297.0)),
            "6x9in" | "6x9" => Some(inch(6.0, 9.0)),
            "5.5x8.5in" | "5.5x8.5" => Some(inch(5.5, 8.5)),
            _ => None,
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
    Link {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        target: Target,
    },
    /// An image; `y` is its top edge, `key` names it in the book's assets.
    Image {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        key: String,
    },
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Uri(String),
    /// A page index and the y (from the top) to show.
    Page {
        page: usize,
        y: f32,
    },
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
    /// Bleed around the trim on every side (print edition), in points; 0 on screen. Page items
    /// are positioned relative to the trimmed page.
    pub bleed: f32,
}

/// Typeset `book` as `edition`; `assets` are its images, found and checked.
pub fn typeset(book: &Book, assets: &Assets, edition: Edition) -> Typeset {
    typeset_with_hint(book, assets, edition, None)
}

/// [`typeset`], given the page count of the screen edition when it is known: the print
/// edition's gutter depends on its page count, which is found by setting the book, counting and
/// setting it again with a wider gutter until the count fits the gutter; starting from the
/// gutter the screen edition's count asks for (the print edition has at least as many pages:
/// its measure is no wider and chapters open on rectos) usually saves a setting of the whole
/// book. The gutter found is the same: it only grows from any start below it.
pub fn typeset_with_hint(
    book: &Book,
    assets: &Assets,
    edition: Edition,
    screen_pages: Option<usize>,
) -> Typeset {
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
    let lang_tag = book.meta.language.value.as_str();
    let language = Language::from_tag(lang_tag);
    let mut setter = paragraph::Setter::new(
        shape::Shaper::new(lang_tag),
        Hyphenator::new(language, &book.meta.hyphenation),
    );
    let page = PageSize::parse(&book.meta.pdf.page_size.value)
        .unwrap_or(PageSize::parse("A5").expect("A5"));
    let size = book.meta.pdf.font_size;
    let mut set = |geometry: Geometry, rules: paginate::PageRules| {
        let flow = layout::flow_book(book, &mut setter, &geometry, &figures);
        let body = paginate::paginate(flow, &geometry, rules);
        front::assemble(book, language, &mut setter, &geometry, body, edition)
    };
    match edition {
        Edition::Screen => set(Geometry::new(page, size), paginate::PageRules::default()),
        Edition::Print => {
            // The gutter depends on the page count, which depends on the measure the gutter
            // leaves: set, count, and set again until the bracket holds (it only grows).
            let rules = paginate::PageRules {
                recto_chapters: true,
            };
            // A little below the screen edition's count, in case a narrower measure should
            // ever set a book in fewer pages.
            let mut gutter = kdp_gutter(screen_pages.map_or(0, |p| p * 97 / 100));
            let mut ts = set(Geometry::print(page, size, gutter), rules);
            for _ in 0..4 {
                let needed = kdp_gutter(ts.pages.len());
                if needed <= gutter {
                    break;
                }
                gutter = needed;
                drop(ts);
                ts = set(Geometry::print(page, size, gutter), rules);
            }
            ts.bleed = if page.imperial {
                0.125 * 72.0
            } else {
                3.0 * MM
            };
            ts
        }
    }
}
