//! Setting one paragraph: inline content → styled runs → words shaped and split at hyphenation
//! points → boxes, glue and penalties (`items`) → lines chosen by the total-fit breaker →
//! pieces placed along each line.

use std::ops::Range;
use std::sync::Arc;

use crate::document::Inline;
use crate::fonts::Face;
use crate::lang::{Hyphenator, Language};

use super::items::{HYPHEN_PENALTY, Paragraph, Span, advance_sum};
use super::linebreak::{self, FILL, Fit, Item, Params};
use super::runs::{FindImage, Run, Style, flatten};
use super::shape::{Glyph, Shaper};

/// Where a piece of text leads when clicked.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// Shared by the pieces of every line the link's text is set in, not copied to each.
    Uri(std::sync::Arc<str>),
    /// Footnote `n` of the current chapter.
    Note(usize),
    /// A place in the book (shared like `Uri`).
    Place(std::sync::Arc<crate::document::Place>),
}

/// Shaped text in one face, size and baseline shift.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub face: Face,
    pub size: f32,
    /// Shared, not copied, by the pages of both editions (set once from one flow).
    pub glyphs: std::sync::Arc<Vec<Glyph>>,
    /// Baseline shift upward in points (superscript footnote marks).
    pub rise: f32,
    pub link: Option<Link>,
    /// Horizontal scale of the glyphs (font expansion of a justified line): 1.0 as designed,
    /// 1.02 two percent wider. The advances in `glyphs` are the unscaled ones.
    pub hscale: f32,
    /// Letter spacing (spaced capitals), in points, included in the advance of every glyph
    /// that starts a cluster. The PDF writes it as character spacing rather than as a gap after
    /// each letter, so that text extraction still reads one word.
    pub tracking: f32,
    /// An image set in the line instead of glyphs (its bottom on the baseline).
    pub image: Option<std::sync::Arc<LineImage>>,
    /// The structure element the piece belongs to (see `tags`): set by the layout.
    pub tag: super::tags::Tag,
    /// The language of a span written in another language than the text's (its tag as
    /// written), for the tagged PDF.
    pub lang: Option<Arc<str>>,
    /// The text the piece stands for, when it is not its glyphs': a word hyphenated at a line
    /// end is read whole from its first part, its second part as nothing (see
    /// [`join_hyphenated`]), so that search and screen readers find whole words.
    pub actual: Option<Arc<str>>,
}

/// An image in a line of text: its asset and its size in points.
#[derive(Debug, Clone, PartialEq)]
pub struct LineImage {
    pub key: String,
    pub width: f32,
    pub height: f32,
    /// Its alternative text; None when it is marked as decoration.
    pub alt: Option<Arc<str>>,
}

impl Piece {
    /// Plain text in `face` at `size`: on the baseline, no link, glyphs as designed.
    pub fn plain(face: Face, size: f32, glyphs: Vec<Glyph>) -> Piece {
        Piece {
            face,
            size,
            glyphs: glyphs.into(),
            rise: 0.0,
            link: None,
            hscale: 1.0,
            tracking: 0.0,
            image: None,
            tag: super::tags::Tag::NONE,
            lang: None,
            actual: None,
        }
    }

    /// Width as drawn, scale included.
    pub fn width(&self) -> f32 {
        if let Some(image) = &self.image {
            return image.width;
        }
        self.glyphs.iter().map(|g| g.advance).sum::<f32>() * self.hscale
    }
}

/// A piece placed on a line, `x` from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f32,
    pub piece: Piece,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub pieces: Vec<Placed>,
    /// Width actually used (natural width for ragged lines, the measure for justified ones).
    pub width: f32,
    /// Whether the line ends in a hyphen added by hyphenation.
    pub hyphenated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Center,
    Right,
}

/// How to set a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct ParaStyle {
    pub face: Face,
    pub size: f32,
    pub measure: f32,
    /// Indent of the first line.
    pub indent: f32,
    pub align: Align,
    pub hyphenate: bool,
}

/// The word space of justified text, in em, when the font's own is narrower: Gentium's is
/// 0.22 em, set for ragged text; a justified line needs a wider natural space to have room to
/// shrink (down to `items::MIN_SPACE`) and to stretch without looking gappy (0.25 em is about what
/// Times and Garamond have; TeX's Computer Modern has 0.33). Measured with justify-metric.py
/// on the sample books, 0.22 → 0.25 em took the 95th percentile of the lines' spaces from
/// 1.49 to 1.40 × the natural space and the hyphenated lines from 19–21 % to 16–19 %.
const WORD_SPACE: f32 = 0.25;

/// How far a justified line may scale its glyphs horizontally (pdfTeX's font expansion),
/// ±3 %: at the edge of what readers notice (microtype's default is 2 %, its documentation
/// suggests up to 3–4 % for text), and as much room as the spaces of a line give (3 % of
/// 290 pt of letters is 8.7 pt; nine spaces stretch by 11.8 pt). From 2 % to 3 % cut the
/// hyphenated lines of the sample books by a third.
const EXPANSION: f32 = 0.03;

/// A line whose spaces stretch past r = 0.9 (1.45 × the natural space) is one a reader notices
/// as loose. It costs as much more as a hyphen does, so that a hyphen is taken when it saves
/// such a line and not otherwise: the bar is few loose lines *and* few hyphens, and TeX's
/// cubic badness alone trades them evenly all the way down (at the same hyphen penalty it
/// left 5 % of the big book's lines looser than 1.47 × the space, or hyphenated 17 % to avoid
/// it; with this cost, 95 % of the lines are within 1.25–1.33 × and 10–14 % hyphenated).
const LOOSE_RATIO: f32 = 0.9;

/// The most a justified line's spaces stretch: r = 1.5, 1.75 × the natural space. A line that
/// would need more (a long name in code that cannot break, after a short word) is left that
/// much short of the measure: one line ending early reads better than gaps a reader trips
/// over, and TeX's way (stretching without limit, an underfull box) left spaces of 5 × in a
/// real book. (At 1.6 the Rust book's loosest lines measured 1.798 × with justify-metric.py,
/// at the bar's edge of 1.8; at 1.5, 1.749, with 2 more of its 12,000 lines left short.)
const MAX_STRETCH: f32 = 1.5;

/// One attempt at breaking a paragraph (TeX's passes).
struct Pass {
    hyphenate: bool,
    tolerance: f32,
    /// The last resort: any looseness, words wider than the measure broken anywhere, overfull
    /// lines if even that does not help.
    last: bool,
}

/// Justified text: first without hyphenation (TeX's \pretolerance), so that a paragraph that
/// sets with its spaces at most 1.5 × their width (r ≤ 1.0) gets no hyphen at all; then with
/// hyphenation, spaces at most 1.8 × (r ≤ 1.6); then at any looseness, which the uncapped
/// badness spreads over the paragraph's lines.
const JUSTIFIED_PASSES: [Pass; 3] = [
    Pass {
        hyphenate: false,
        tolerance: 1.0,
        last: false,
    },
    Pass {
        hyphenate: true,
        tolerance: 1.6,
        last: false,
    },
    Pass {
        hyphenate: true,
        tolerance: f32::INFINITY,
        last: true,
    },
];

/// Ragged text is never hyphenated and any line is feasible; the last pass is for words wider
/// than the measure.
const RAGGED_PASSES: [Pass; 2] = [
    Pass {
        hyphenate: false,
        tolerance: 1e4,
        last: false,
    },
    Pass {
        hyphenate: false,
        tolerance: 1e4,
        last: true,
    },
];

/// What setting text needs: the shaper and the book's hyphenator.
pub struct Setter {
    pub shaper: Shaper,
    pub hyphenator: Hyphenator,
    /// The hyphenated lines in a row that ended the last justified paragraph set, with its size
    /// and measure: the next paragraph of the same column goes on counting from there.
    column: Option<ColumnEnd>,
    /// The paragraph being set (kept for its buffers).
    paragraph: Paragraph,
    /// Whether the text being set is a part of a paragraph that goes on (see
    /// `Paragraph::open_end`): its last line is justified.
    pub open_end: bool,
    /// The language of the text being set when it is not the book's (a block written in
    /// another language, `::: {lang=de}`), by its tag.
    pub lang: Option<Arc<str>>,
    /// Hyphenators of the other languages met (spans and blocks in them), made when first
    /// needed. Without exceptions: the book's list is for the book's language.
    foreign: Vec<Hyphenator>,
}

/// The hyphenator for each run of a paragraph: the book's, or that of the run's language.
pub(super) struct Hyphenators<'a> {
    book: &'a Hyphenator,
    foreign: &'a [Hyphenator],
}

impl Hyphenators<'_> {
    pub fn for_run(&self, run: &Run) -> &Hyphenator {
        match &run.lang {
            None => self.book,
            Some(tag) => {
                let lang = Language::from_tag(tag);
                self.foreign
                    .iter()
                    .find(|h| h.language() == lang)
                    .unwrap_or(self.book)
            }
        }
    }
}

/// Where the line ends of a column of justified text stand after a paragraph.
#[derive(Clone, Copy)]
struct ColumnEnd {
    size: f32,
    measure: f32,
    /// Hyphenated lines in a row at the end of the paragraph's full lines. Its last line,
    /// short and ending at a full stop, neither adds to the run nor ends it: the eye reading
    /// down the margin passes it by (as justify-metric.py does).
    hyphens: u8,
}

impl Setter {
    pub fn new(shaper: Shaper, hyphenator: Hyphenator) -> Setter {
        Setter {
            shaper,
            hyphenator,
            column: None,
            paragraph: Paragraph::default(),
            open_end: false,
            lang: None,
            foreign: Vec::new(),
        }
    }

    /// The natural word space of justified text in `face` at `size`: the font's own, or
    /// `WORD_SPACE` when that is narrower.
    pub fn justified_space(&mut self, face: Face, size: f32) -> f32 {
        justified_space(&mut self.shaper, face, size)
    }

    /// Start a new column of text (a chapter's first page): the next paragraph inherits no run
    /// of hyphenated lines.
    pub fn start_column(&mut self) {
        self.column = None;
    }

    /// Set `inlines` as a paragraph in `style` (its images as their alt text).
    pub fn set(&mut self, inlines: &[Inline], style: &ParaStyle) -> Vec<Line> {
        self.set_with_images(inlines, style, &|_| None)
    }

    /// A heading's lines, balanced: of two to four lines, set in the narrowest measure (down
    /// to 60 % of `style`'s) that keeps their number, so that the last line is no lone word
    /// ("Penggunaan Git Secara / Remote"; CSS's `text-wrap: balance`). Centred lines stay
    /// centred on the whole measure.
    pub fn set_balanced(&mut self, inlines: &[Inline], style: &ParaStyle) -> Vec<Line> {
        let lines = self.set(inlines, style);
        let n = lines.len();
        if !(2..=4).contains(&n) {
            return lines;
        }
        let (mut lo, mut hi) = (style.measure * 0.6, style.measure);
        let mut best = None;
        // Halving the measure's range six times: within 0.6 % of the narrowest.
        for _ in 0..6 {
            let mid = (lo + hi) / 2.0;
            let set = self.set(
                inlines,
                &ParaStyle {
                    measure: mid,
                    ..*style
                },
            );
            if set.len() == n {
                best = Some((mid, set));
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let Some((measure, mut set)) = best else {
            return lines;
        };
        if style.align == Align::Center {
            let dx = (style.measure - measure) / 2.0;
            set.iter_mut()
                .flat_map(|line| line.pieces.iter_mut())
                .for_each(|p| p.x += dx);
        }
        set
    }

    /// Set `inlines` as a paragraph in `style`, the images `images` finds set in the lines.
    pub fn set_with_images(
        &mut self,
        inlines: &[Inline],
        style: &ParaStyle,
        images: FindImage,
    ) -> Vec<Line> {
        let runs = self.runs(inlines, style, images);
        self.set_runs(&runs, style)
    }

    /// `inlines` flattened into runs in `style`'s face and size, in the language the setter
    /// is in (a division's, else the book's).
    fn runs(&self, inlines: &[Inline], style: &ParaStyle, images: FindImage) -> Vec<Run> {
        let mut runs = Vec::new();
        let tag = self.lang.clone();
        let lang = tag
            .as_deref()
            .map_or(self.hyphenator.language(), Language::from_tag);
        let st = Style::new(style.face, style.size, lang, tag.as_deref());
        flatten(inlines, st, None, images, &mut runs);
        runs
    }

    /// The width of the widest piece of `inlines` no line may break inside, in `style`'s face
    /// and size, each run measured in its own (code in the monospace face): CSS's min-content
    /// width, for sizing table columns. Pieces end at spaces, not at no-break spaces
    /// (`` `September`,&nbsp;`August` `` is one piece).
    pub fn longest_unbreakable(&mut self, inlines: &[Inline], style: &ParaStyle) -> f32 {
        let runs = self.runs(inlines, style, &|_| None);
        let breaks =
            |c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}');
        let (mut widest, mut piece) = (0.0f32, 0.0f32);
        for run in &runs {
            let mut parts = run.text.split(breaks).peekable();
            while let Some(part) = parts.next() {
                if !part.is_empty() {
                    piece += self.shaper.width(part, run.face, run.size);
                }
                widest = widest.max(piece);
                if parts.peek().is_some() {
                    piece = 0.0;
                }
            }
            if run.hard_break {
                piece = 0.0;
            }
        }
        widest
    }

    /// Set plain `text` (titles, table-of-contents entries) in `style`.
    pub fn set_text(&mut self, text: &str, style: &ParaStyle) -> Vec<Line> {
        let run = Run {
            text: text.to_string(),
            face: style.face,
            size: style.size,
            rise: 0.0,
            link: None,
            hard_break: false,
            image: None,
            lang: self.lang.clone(),
        };
        self.set_runs(&[run], style)
    }

    fn set_runs(&mut self, runs: &[Run], style: &ParaStyle) -> Vec<Line> {
        let fonts = self.shaper.fonts().clone();
        let runs = &*super::runs::with_fallbacks(runs, &fonts);
        for run in runs {
            if let Some(tag) = &run.lang {
                let lang = Language::from_tag(tag);
                if lang != self.hyphenator.language()
                    && !self.foreign.iter().any(|h| h.language() == lang)
                {
                    self.foreign.push(Hyphenator::new(lang, &[]));
                }
            }
        }
        let mut paragraph = std::mem::take(&mut self.paragraph);
        paragraph.open_end = self.open_end;
        paragraph.shape(&mut self.shaper, runs, style);
        let mut lines = self.break_and_place(&mut paragraph, runs, style);
        self.paragraph = paragraph;
        join_hyphenated(&mut lines);
        lines
    }

    /// Break the shaped `paragraph` into lines, in as many passes as it takes, and place them.
    fn break_and_place(
        &mut self,
        paragraph: &mut Paragraph,
        runs: &[Run],
        style: &ParaStyle,
    ) -> Vec<Line> {
        let measure = style.measure.max(1.0);
        let justify = style.align == Align::Justify;
        let passes: &[Pass] = if !justify {
            &RAGGED_PASSES
        } else if style.hyphenate {
            &JUSTIFIED_PASSES
        } else {
            &JUSTIFIED_PASSES[1..]
        };
        let hyphens_before = match self.column {
            Some(c) if justify && c.size == style.size && c.measure == measure => c.hyphens,
            _ => 0,
        };
        for pass in passes {
            // The items change only with the breaks inside words: built again only then.
            let hyphenate = pass.hyphenate && style.hyphenate;
            let hyphenators = Hyphenators {
                book: &self.hyphenator,
                foreign: &self.foreign,
            };
            paragraph.build(&hyphenators, runs, style, hyphenate, pass.last);
            let items = &paragraph.items;
            // The last resort must always find breaks: it first tries to go on with the run of
            // hyphens above, then without it; then it lets a line fall short of the measure
            // (TeX's emergency stretch: a line of one long word and no space, such as
            // `Bridge(TextMessageSender,`, cannot stretch, and was set overfull rather than
            // short); only a word wider than the measure itself is left to overflow.
            let attempts: &[(u8, bool, bool)] = if !pass.last {
                &[(hyphens_before, false, false)]
            } else if hyphens_before > 0 {
                &[
                    (hyphens_before, false, false),
                    (0, false, false),
                    (0, true, true),
                ]
            } else {
                &[(0, false, false), (0, true, true)]
            };
            for &(carried, allow_overfull, short) in attempts {
                let params = Params {
                    tolerance: pass.tolerance,
                    allow_overfull,
                    expansion: if justify { EXPANSION } else { 0.0 },
                    // Ragged lines have no stretch of their own; give every line the measure's
                    // worth, so that fuller lines are preferred but any line is feasible.
                    emergency_stretch: if !justify || short { measure } else { 0.0 },
                    // A hyphen before the last line leaves it only a word's tail, and with the
                    // next paragraph's first line makes a run of three hyphens down the margin.
                    // TeX's 5000 let it happen in one paragraph in eight of the samples. Here it
                    // is not allowed but as a last resort, and then costs as much as a line with
                    // spaces at 1.7 × (demerits 100 000).
                    final_hyphen_demerits: if pass.last { 100000.0 } else { f32::INFINITY },
                    hyphens_before: carried,
                    loose_ratio: LOOSE_RATIO,
                    loose_demerits: HYPHEN_PENALTY * HYPHEN_PENALTY,
                    ..Params::default()
                };
                if let Some(breaks) = linebreak::break_lines(items, measure, &params) {
                    if justify {
                        self.column = Some(ColumnEnd {
                            size: style.size,
                            measure,
                            hyphens: hyphens_after(items, &breaks, carried),
                        });
                    }
                    return self.place(paragraph, runs, &breaks, style, measure);
                }
            }
        }
        Vec::new()
    }

    /// Place the pieces of each line given the chosen breaks.
    fn place(
        &mut self,
        paragraph: &Paragraph,
        runs: &[Run],
        breaks: &[linebreak::Break],
        style: &ParaStyle,
        measure: f32,
    ) -> Vec<Line> {
        let items = &paragraph.items;
        let mut lines = Vec::with_capacity(breaks.len());
        let mut start = 0;
        for (n, br) in breaks.iter().enumerate() {
            let last_line = n + 1 == breaks.len();
            // Skip discardable items at the start of the line.
            while start < br.index && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
            // A hyphen added at the break is drawn whole; what of it or of the punctuation
            // ending the line hangs past the measure (`protrusion`) widens the line's target.
            let (hyphen, hang) = match items[br.index] {
                Item::Penalty {
                    width,
                    flagged: true,
                    ..
                } if width > 0.0 => {
                    let whole = match last_word_run(&items[start..br.index]) {
                        Some(r) => self.shaper.width("-", runs[r].face, runs[r].size),
                        None => width,
                    };
                    (whole, whole - width)
                }
                Item::Penalty { width, .. } if width < 0.0 => (0.0, -width),
                _ => (0.0, 0.0),
            };
            let (scale, ratio) = if style.align == Align::Justify {
                adjust(&items[start..br.index], hyphen, measure + hang)
            } else {
                (1.0, 0.0)
            };
            let (mut pieces, mut x) =
                line_pieces(paragraph, runs, &items[start..br.index], scale, ratio);
            let mut hyphenated = false;
            if hyphen > 0.0
                && let Some(last) = pieces.last_mut()
            {
                let (face, size) = (last.piece.face, last.piece.size);
                // The piece was made with room for it: no copy.
                let glyphs = std::sync::Arc::make_mut(&mut last.piece.glyphs);
                self.shaper.shape_into("-", face, size, glyphs);
                x += hyphen * scale;
                hyphenated = true;
            }
            let natural = x;
            let shift = match style.align {
                Align::Justify | Align::Left => 0.0,
                Align::Center => (measure - natural) / 2.0,
                Align::Right => measure - natural,
            };
            if shift != 0.0 {
                for p in &mut pieces {
                    p.x += shift;
                }
            }
            let width = if style.align == Align::Justify && (!last_line || self.open_end) {
                measure
            } else {
                natural
            };
            lines.push(Line {
                pieces,
                width,
                hyphenated,
            });
            start = br.index + 1;
        }
        lines
    }
}

/// Placing a line's pieces once its breaks are chosen.
#[path = "paragraph_place.rs"]
mod place;
use place::{adjust, line_pieces};

/// The run of the last word on a line (what an added hyphen is set in).
fn last_word_run(line: &[Item<Span>]) -> Option<usize> {
    line.iter().rev().find_map(|item| match item {
        Item::Box { content, .. } if !content.is_empty() => Some(content.run as usize),
        _ => None,
    })
}

/// Whether boxes of runs `a` and `b` can be drawn as one piece (all of a line's pieces share
/// its scale).
fn same_style(a: &Run, b: &Run) -> bool {
    a.face == b.face && a.size == b.size && a.rise == b.rise && a.link == b.link
}

/// The natural word space of justified text in `face` at `size`: the font's own, or
/// `WORD_SPACE` when that is narrower.
pub(super) fn justified_space(shaper: &mut Shaper, face: Face, size: f32) -> f32 {
    shaper.width(" ", face, size).max(WORD_SPACE * size)
}

/// The hyphenated lines in a row ending the full lines (all but the last) of a paragraph
/// broken at `breaks`, counting on from `before` when every full line ends in a hyphen.
fn hyphens_after<T>(items: &[Item<T>], breaks: &[linebreak::Break], before: u8) -> u8 {
    let full = &breaks[..breaks.len().saturating_sub(1)];
    let mut run = before;
    for br in full {
        let flagged = matches!(items[br.index], Item::Penalty { flagged: true, .. });
        run = if flagged { run.saturating_add(1) } else { 0 };
    }
    run
}

#[cfg(test)]
#[path = "paragraph_tests.rs"]
mod tests;

/// Give each word hyphenated at a line end its whole text: the first part (with the added
/// hyphen) stands for the word, the second part, at the next line's start, for nothing.
fn join_hyphenated(lines: &mut [Line]) {
    for i in 1..lines.len() {
        if !lines[i - 1].hyphenated {
            continue;
        }
        let (before, after) = lines.split_at_mut(i);
        let (Some(first), Some(second)) =
            (before[i - 1].pieces.last_mut(), after[0].pieces.first_mut())
        else {
            continue;
        };
        if first.piece.image.is_some() || second.piece.image.is_some() {
            continue;
        }
        let mut word: String = first.piece.glyphs.iter().map(|g| g.text.as_str()).collect();
        if word.ends_with('-') || word.ends_with('\u{2010}') {
            word.pop();
        }
        word.extend(second.piece.glyphs.iter().map(|g| g.text.as_str()));
        first.piece.actual = Some(word.into());
        second.piece.actual = Some("".into());
    }
}
