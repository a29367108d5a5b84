//! What each print-on-demand service asks of a printed book: its page-count rules, the
//! thickness of its papers (which makes the spine), when a spine may carry text, the bleed,
//! the safe margins and where the barcode goes. This is the one place that knows the
//! services; the book's choice of service and paper is read in `manuscript::config`, the
//! interior laid out in `typeset`, the cover in `typeset::print_cover`. README's "Printing"
//! section names the sources of every figure.

use serde::Deserialize;

/// Points per inch.
const IN: f32 = 72.0;

/// The least resolution of a printed image, in pixels per inch at its printed size: what
/// every service asks (KDP: "All images (both cover and manuscript) should be at least 300
/// DPI").
pub const PRINT_DPI: f32 = 300.0;

/// The service a print edition is made for (book.yaml `print.service`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    /// Amazon Kindle Direct Publishing, paperback.
    #[default]
    Kdp,
    /// IngramSpark (Lightning Source), paperback.
    Ingramspark,
    /// Lulu, paperback (perfect bound).
    Lulu,
    /// Any other printer: KDP's figures, which most printers accept, without its limits on
    /// the page count.
    Generic,
}

/// The paper of the interior (book.yaml `print.paper`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    White,
    Cream,
    /// Colour interior (KDP's premium colour; IngramSpark's and Lulu's standard colour).
    #[serde(alias = "colour")]
    Color,
}

/// Whether the interior bleeds (book.yaml `print.bleed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BleedChoice {
    /// Only when something reaches the page edge.
    #[default]
    Auto,
    None,
    Yes,
}

/// Whether the spine carries text (book.yaml `print.spine`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpineChoice {
    /// When the service allows it (the book is thick enough).
    #[default]
    Auto,
    None,
    /// Always: the build leaves it off where the service would refuse it, and `check` says so.
    Text,
}

/// Which way the spine's text runs (book.yaml `print.spine_direction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpineDirection {
    /// Read with the book lying face up: the English, Indonesian (and American) convention.
    #[default]
    TopToBottom,
    /// The convention of much of continental Europe.
    BottomToTop,
}

impl Paper {
    /// The paper's name in book.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Paper::White => "white",
            Paper::Cream => "cream",
            Paper::Color => "color",
        }
    }
}

impl Service {
    /// The service's name as authors know it.
    pub fn name(self) -> &'static str {
        match self {
            Service::Kdp => "KDP",
            Service::Ingramspark => "IngramSpark",
            Service::Lulu => "Lulu",
            Service::Generic => "the printer",
        }
    }

    /// The fewest pages a paperback may have.
    pub fn min_pages(self) -> usize {
        match self {
            Service::Kdp => 24,
            Service::Ingramspark => 18,
            Service::Lulu => 32,
            Service::Generic => 2,
        }
    }

    /// The most pages a paperback on `paper` may have (KDP's figures for most trim sizes;
    /// IngramSpark's from its trim-size table; Lulu publishes none).
    pub fn max_pages(self, paper: Paper) -> Option<usize> {
        match (self, paper) {
            (Service::Kdp, Paper::Cream) => Some(776),
            (Service::Kdp, _) => Some(828),
            (Service::Ingramspark, Paper::White) => Some(1200),
            (Service::Ingramspark, Paper::Cream) => Some(1050),
            (Service::Ingramspark, Paper::Color) => Some(900),
            (Service::Lulu | Service::Generic, _) => None,
        }
    }

    /// Whether the book's last page must be blank (IngramSpark prints its own barcode there).
    pub fn last_page_blank(self) -> bool {
        self == Service::Ingramspark
    }

    /// The thickness of one page (half a leaf) of `paper`, in inches: the spine is the page
    /// count times this (plus what the service adds for the cover's board, see
    /// [`Service::spine_width`]).
    pub fn page_thickness(self, paper: Paper) -> f32 {
        match (self, paper) {
            (Service::Kdp | Service::Generic, Paper::White) => 0.002252,
            (Service::Kdp | Service::Generic, Paper::Cream) => 0.0025,
            (Service::Kdp | Service::Generic, Paper::Color) => 0.002347,
            // IngramSpark publishes no figure (its cover template generator computes the
            // spine): these are its templates' spines for 200 pages, 10.77 mm on white and
            // 11.63 mm on cream 50 lb paper; colour as KDP's.
            (Service::Ingramspark, Paper::White) => 10.77 / 25.4 / 200.0,
            (Service::Ingramspark, Paper::Cream) => 11.63 / 25.4 / 200.0,
            (Service::Ingramspark, Paper::Color) => 0.002347,
            // Lulu: (pages ÷ 444) + 0.06 in, for every paper.
            (Service::Lulu, _) => 1.0 / 444.0,
        }
    }

    /// The spine's width for a book of `pages` on `paper`, in points.
    pub fn spine_width(self, paper: Paper, pages: usize) -> f32 {
        let board = match self {
            Service::Lulu => 0.06,
            _ => 0.0,
        };
        (pages as f32 * self.page_thickness(paper) + board) * IN
    }

    /// Whether the spine of a book of `pages` may carry text.
    pub fn spine_text_allowed(self, pages: usize) -> bool {
        pages >= self.spine_text_min_pages()
    }

    /// The fewest pages a book whose spine carries text may have: KDP's Cover Creator and
    /// Lulu 80 (KDP's own rule is 79 at the least), IngramSpark 48.
    pub fn spine_text_min_pages(self) -> usize {
        match self {
            Service::Ingramspark => 48,
            _ => 80,
        }
    }

    /// What the spine's text keeps clear of each of its folds, in points.
    pub fn spine_clearance(self) -> f32 {
        0.0625 * IN
    }

    /// The bleed around the cover, and beyond the interior's edges when it bleeds, in points.
    pub fn bleed(self) -> f32 {
        0.125 * IN
    }

    /// Whether a bleeding interior page bleeds at the spine too (Lulu: the page is the trim
    /// and 0.125 in all round; KDP and IngramSpark: top, bottom and the outside edge only).
    pub fn bleeds_at_spine(self) -> bool {
        self == Service::Lulu
    }

    /// How far inside the trim the cover's texts stay, in points: KDP 0.125 in,
    /// IngramSpark's cover art 0.25 in, Lulu's safety margin 0.5 in.
    pub fn safe_margin(self) -> f32 {
        match self {
            Service::Ingramspark => 0.25 * IN,
            Service::Lulu => 0.5 * IN,
            Service::Kdp | Service::Generic => 0.125 * IN,
        }
    }

    /// The barcode's box on the back cover: width and height, and its distance from the
    /// spine fold and from the bottom trim, in points. KDP prints its own barcode in a box
    /// this size when the cover has none.
    /// Lulu asks for the barcode 0.375 in from the spine and the bottom; IngramSpark
    /// publishes no figure (its template places it), and KDP's box is taken.
    pub fn barcode_box(self) -> BarcodeBox {
        let from = match self {
            Service::Lulu => 0.375 * IN,
            _ => 0.25 * IN,
        };
        BarcodeBox {
            width: 2.0 * IN,
            height: 1.2 * IN,
            from_spine: from,
            from_bottom: from,
        }
    }
}

/// Where the barcode goes on the back cover (see [`Service::barcode_box`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarcodeBox {
    pub width: f32,
    pub height: f32,
    pub from_spine: f32,
    pub from_bottom: f32,
}

/// The settings of a print edition: book.yaml's `print` block with its defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PrintSettings {
    pub service: Service,
    pub paper: Paper,
    pub bleed: BleedChoice,
    pub spine: SpineChoice,
    pub spine_direction: SpineDirection,
}

impl PrintSettings {
    /// The pages a printed book of `pages` pages, the last of them `last_blank` or not, is
    /// made up to with blank pages at its end: an even number (a leaf has two sides), at least
    /// the service's minimum, and for IngramSpark a blank last page.
    pub fn padded_pages(&self, pages: usize, last_blank: bool) -> usize {
        let mut n = pages.max(self.service.min_pages()).next_multiple_of(2);
        if n == pages && !last_blank && self.service.last_page_blank() {
            n += 2;
        }
        n
    }

    /// Whether the spine of a book of `pages` carries text.
    pub fn spine_text(&self, pages: usize) -> bool {
        match self.spine {
            SpineChoice::None => false,
            SpineChoice::Auto | SpineChoice::Text => self.service.spine_text_allowed(pages),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spine_is_the_page_count_times_the_paper() {
        let kdp = Service::Kdp;
        // KDP's own example: 300 pages on white paper, 0.6756 in.
        assert!((kdp.spine_width(Paper::White, 300) / IN - 0.6756).abs() < 1e-4);
        assert!((kdp.spine_width(Paper::Cream, 300) / IN - 0.75).abs() < 1e-4);
        // Lulu adds a fixed 0.06 in.
        let lulu = Service::Lulu.spine_width(Paper::White, 444) / IN;
        assert!((lulu - 1.06).abs() < 1e-4);
    }

    #[test]
    fn page_counts_are_made_even_and_at_least_the_minimum() {
        let kdp = PrintSettings::default();
        assert_eq!(kdp.padded_pages(7, false), 24);
        assert_eq!(kdp.padded_pages(25, false), 26);
        assert_eq!(kdp.padded_pages(120, false), 120);
        let ingram = PrintSettings {
            service: Service::Ingramspark,
            ..PrintSettings::default()
        };
        assert_eq!(ingram.padded_pages(9, false), 18);
        // IngramSpark's barcode goes on a blank last page.
        assert_eq!(ingram.padded_pages(120, false), 122);
        assert_eq!(ingram.padded_pages(120, true), 120);
        assert_eq!(ingram.padded_pages(119, false), 120);
    }

    #[test]
    fn spine_text_only_on_a_book_of_more_than_79_pages() {
        let s = PrintSettings::default();
        assert!(!s.spine_text(78) && !s.spine_text(79) && s.spine_text(80));
        let ingram = PrintSettings {
            service: Service::Ingramspark,
            ..s
        };
        assert!(!ingram.spine_text(46) && ingram.spine_text(48));
        let none = PrintSettings {
            spine: SpineChoice::None,
            ..s
        };
        assert!(!none.spine_text(500));
    }
}
