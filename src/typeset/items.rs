//! A paragraph as the line breaker sees it. Its words are shaped once, into one glyph buffer;
//! boxes, glue and penalties are then built from them for each kind of pass that needs other
//! breaks (without hyphenation, with it, with emergency breaks inside words wider than the
//! measure). A box holds a [`Span`] of that buffer, not glyphs of its own: the pieces that are
//! drawn are made only for the lines chosen (`paragraph::Setter::place`). Most paragraphs are
//! set in their first pass, and the rest in one or two more, so this saves building, copying
//! and freeing a vector of glyphs for every piece of every word in every pass.

use std::ops::Range;

use crate::fonts::Face;
use crate::lang::Hyphenator;

use super::linebreak::Item;
use super::paragraph::{Align, Hyphenators, ParaStyle, justified_space};
use super::protrusion;
use super::runs::Run;
use super::shape::{Glyph, Shaper};

/// The narrowest a word space may get, in em. The PDF has no space characters: text extraction
/// finds the words by their gaps, and pdftotext -raw runs two words into one when the gap is
/// under 0.15 em ("Olehkarenaitu," from a line shrunk to 0.59 of Gentium's space).
const MIN_SPACE: f32 = 0.16;

/// The penalty for breaking at a hyphen, added or explicit (TeX's \hyphenpenalty and
/// \exhyphenpenalty). 300 = demerits 90 000, what a line whose glue stretches by r ≈ 1.5 costs:
/// a hyphen is not taken to polish lines that are a little loose, only to save one that is
/// loose enough to see (see `paragraph::LOOSE_RATIO`). With TeX's 50, 26–31 % of the lines of
/// the sample books ended in a hyphen.
pub(super) const HYPHEN_PENALTY: f32 = 300.0;

/// The penalty for breaking a word wider than the measure between two of its glyphs.
const EMERGENCY_PENALTY: f32 = 1000.0;

/// What a box holds: glyphs `start..end` of the paragraph's buffer, of run `run` (its style).
/// The indent is an empty span.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Span {
    pub run: u32,
    pub start: u32,
    pub end: u32,
}

impl Span {
    const EMPTY: Span = Span {
        run: 0,
        start: 0,
        end: 0,
    };

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The box of run `run`'s image: no glyphs.
    fn object(run: u32) -> Span {
        Span {
            run,
            start: u32::MAX,
            end: u32::MAX,
        }
    }

    /// Whether this is the box of an image (see [`Paragraph::object_size`]).
    pub fn is_object(&self) -> bool {
        self.start == u32::MAX
    }

    /// The span's glyphs in `glyphs`, the paragraph's buffer (none for an image).
    pub fn of<'a>(&self, glyphs: &'a [Glyph]) -> &'a [Glyph] {
        if self.is_object() {
            return &[];
        }
        &glyphs[self.start as usize..self.end as usize]
    }
}

/// The width of `glyphs` as set (the sum of their advances, in order: a box's width, and what
/// `Piece::width` of the same glyphs gives).
pub(super) fn advance_sum(glyphs: &[Glyph]) -> f32 {
    glyphs.iter().map(|g| g.advance).sum()
}

/// A paragraph's words, shaped, and the items of the kind of pass being tried. The `Setter`
/// keeps one from paragraph to paragraph, so that its buffers are allocated once.
#[derive(Default)]
pub(super) struct Paragraph {
    /// The glyphs of all the words, one after another.
    pub glyphs: Vec<Glyph>,
    /// The items last built (see [`Paragraph::build`]).
    pub items: Vec<Item<Span>>,
    tokens: Vec<Token>,
    /// Word space and hyphen width of each run.
    metrics: Vec<RunMetrics>,
    /// Whether a word is wider than the measure: only then do emergency breaks change the items.
    wide_word: bool,
    /// What `items` were built with.
    built: Option<Breaks>,
    /// Byte offsets of a word's glyphs (a cluster's first glyph starts it).
    starts: Vec<usize>,
    points: Vec<Point>,
    /// Whether the text goes on after these items (a part of a paragraph too long to set in
    /// one piece): no fill at the end, so the last line is justified like the others.
    pub open_end: bool,
    /// The size of each run's image in points, by run (0 × 0 for runs of text).
    objects: Vec<(f32, f32)>,
}

/// The paragraph's text, word by word.
enum Token {
    /// A word (no spaces inside) of run `run`: its bytes in the run's text, its glyphs in the
    /// buffer and their width.
    Word {
        run: u32,
        text: Range<usize>,
        glyphs: Range<u32>,
        width: f32,
    },
    /// The image of run `run`, so wide.
    Object { run: u32, width: f32 },
    /// A space (or newline, or tab) in run `run`.
    Space(u32),
    /// A line broken by hand after a run.
    HardBreak,
}

struct RunMetrics {
    space: f32,
    hyphen: f32,
}

/// Which breaks inside words the items have.
#[derive(Clone, Copy, PartialEq)]
struct Breaks {
    /// At hyphenation points.
    hyphenate: bool,
    /// Between any two glyphs of a word wider than the measure.
    emergency: bool,
}

/// A possible break inside a word.
struct Point {
    /// Byte offset in the word.
    offset: usize,
    /// The line ends in a hyphen (added or the word's own).
    flagged: bool,
    adds_hyphen: bool,
    penalty: f32,
    /// A break between Chinese or Japanese characters: glue that stretches a little (so that
    /// lines of text without spaces can be justified) rather than a penalty.
    glue: bool,
}

/// How much the gap between two Chinese or Japanese characters may stretch, in ems: a tenth,
/// as xeCJK's inter-character glue (a line of 30 characters takes three ems).
const CJK_STRETCH: f32 = 0.1;

impl Paragraph {
    /// Shape the words of `runs`, to be set in `style`.
    pub fn shape(&mut self, shaper: &mut Shaper, runs: &[Run], style: &ParaStyle) {
        self.glyphs.clear();
        self.tokens.clear();
        self.metrics.clear();
        self.wide_word = false;
        self.built = None;
        self.objects.clear();
        self.objects.resize(runs.len(), (0.0, 0.0));
        let ragged = style.align != Align::Justify;
        for (r, run) in runs.iter().enumerate() {
            if let Some(image) = &run.image {
                let (width, height) = image.size(style.measure);
                self.objects[r] = (width, height);
                self.tokens.push(Token::Object {
                    run: r as u32,
                    width,
                });
                self.metrics.push(RunMetrics {
                    space: 0.0,
                    hyphen: 0.0,
                });
                if run.hard_break {
                    self.tokens.push(Token::HardBreak);
                }
                continue;
            }
            let r = r as u32;
            shaper.set_language(run.lang.as_ref());
            let space = if ragged {
                shaper.width(" ", run.face, run.size)
            } else if run.face.is_mono() {
                code_space(shaper, run.face, run.size)
            } else {
                justified_space(shaper, run.face, run.size)
            };
            let hyphen = shaper.width("-", run.face, run.size);
            self.metrics.push(RunMetrics { space, hyphen });
            let mut offset = 0;
            for (i, word) in run.text.split([' ', '\n', '\t']).enumerate() {
                if i > 0 {
                    self.tokens.push(Token::Space(r));
                }
                if !word.is_empty() {
                    let start = self.glyphs.len();
                    shaper.shape_into(word, run.face, run.size, &mut self.glyphs);
                    let width = advance_sum(&self.glyphs[start..]);
                    self.wide_word |= width > style.measure;
                    self.tokens.push(Token::Word {
                        run: r,
                        text: offset..offset + word.len(),
                        glyphs: start as u32..self.glyphs.len() as u32,
                        width,
                    });
                }
                // The separators are all one byte long.
                offset += word.len() + 1;
            }
            if run.hard_break {
                self.tokens.push(Token::HardBreak);
            }
        }
        shaper.set_language(None);
        // Once per paragraph, not per word (see `crate::work`): the text shaped.
        crate::work::step(runs.iter().map(|r| r.text.len()).sum());
    }

    /// The size in points of the image of run `run` (see [`Span::is_object`]).
    pub fn object_size(&self, run: u32) -> (f32, f32) {
        self.objects
            .get(run as usize)
            .copied()
            .unwrap_or((0.0, 0.0))
    }

    /// Build `items`, unless they are already built with the same breaks inside words:
    /// `hyphenate`: at the words' hyphenation points, `emergency`: anywhere in a word wider
    /// than the measure. Ragged text is never hyphenated.
    pub fn build(
        &mut self,
        hyphenators: &Hyphenators,
        runs: &[Run],
        style: &ParaStyle,
        hyphenate: bool,
        emergency: bool,
    ) {
        let ragged = style.align != Align::Justify;
        let breaks = Breaks {
            hyphenate: hyphenate && !ragged,
            emergency: emergency && self.wide_word,
        };
        if self.built == Some(breaks) {
            return;
        }
        self.built = Some(breaks);
        let mut items = std::mem::take(&mut self.items);
        items.clear();
        if style.indent > 0.0 {
            items.push(Item::Box {
                width: style.indent,
                content: Span::EMPTY,
                rigid: false,
            });
        }
        // A word space is pushed only when something follows it: one at the paragraph's end is
        // dropped. Spaces in a row (or at the paragraph's start) make no more glue.
        let mut space: Option<u32> = None;
        // The last character of the word before, when nothing came between: a word set in
        // two fonts (Latin and Chinese, a fallback's signs) is two tokens, and a Chinese or
        // Japanese line may break where they meet.
        let mut before: Option<char> = None;
        for token in &self.tokens {
            match *token {
                Token::Space(run) => {
                    before = None;
                    if space.is_none() && !matches!(items.last(), Some(Item::Glue { .. }) | None) {
                        space = Some(run);
                    }
                }
                Token::Word {
                    run,
                    ref text,
                    ref glyphs,
                    width,
                } => {
                    if let Some(r) = space.take() {
                        self.push_space(&mut items, runs, r, ragged);
                    }
                    let word = Word {
                        run,
                        text: &runs[run as usize].text[text.clone()],
                        glyphs: glyphs.clone(),
                        wide: width > style.measure,
                    };
                    if let (Some(a), Some(b)) = (before, word.text.chars().next())
                        && matches!(items.last(), Some(Item::Box { .. }))
                        && crate::lang::cjk::break_between(a, b)
                    {
                        items.push(cjk_glue(runs[run as usize].size));
                    }
                    before = word.text.chars().next_back();
                    push_word(
                        &mut items,
                        &mut self.starts,
                        &mut self.points,
                        &self.glyphs,
                        hyphenators.for_run(&runs[run as usize]),
                        &word,
                        &runs[run as usize],
                        &self.metrics[run as usize],
                        breaks,
                        !ragged,
                    );
                }
                Token::Object { run, width } => {
                    before = None;
                    if let Some(r) = space.take() {
                        self.push_space(&mut items, runs, r, ragged);
                    }
                    items.push(Item::Box {
                        width,
                        content: Span::object(run),
                        rigid: false,
                    });
                }
                Token::HardBreak => {
                    before = None;
                    if let Some(r) = space.take() {
                        self.push_space(&mut items, runs, r, ragged);
                    }
                    items.push(Item::fill());
                    items.push(Item::forced_break());
                }
            }
        }
        // End with the paragraph's fill and a forced break (only the break when the
        // paragraph goes on).
        if !self.open_end {
            items.push(Item::Penalty {
                width: 0.0,
                penalty: f32::INFINITY,
                flagged: false,
            });
            items.push(Item::fill());
        }
        items.push(Item::forced_break());
        // The items built, each word's glyphs walked once to cut it at its points.
        crate::work::step(self.glyphs.len() + items.len());
        self.items = items;
    }

    /// Interword glue: the word space of run `r` (its size is the em), stretching by half of it
    /// and shrinking by a third (TeX's proportions), but never to less than `MIN_SPACE`: more
    /// shrink would save hyphens, but the text would no longer extract. Ragged text gets no
    /// stretch between words. In justified text, a word ending in punctuation gets a break in
    /// front of the space that lets the punctuation hang (`protrusion`).
    fn push_space(&self, items: &mut Vec<Item<Span>>, runs: &[Run], r: u32, ragged: bool) {
        let space = self.metrics[r as usize].space;
        if ragged {
            items.push(Item::Glue {
                width: space,
                stretch: 0.0,
                shrink: 0.0,
            });
            return;
        }
        if let Some(Item::Box { content, .. }) = items.last() {
            let rise = runs[content.run as usize].rise;
            let hang = protrusion::of_end(content.of(&self.glyphs), rise);
            if hang > 0.0 {
                items.push(protrusion::punctuation_break(hang));
            }
        }
        let size = runs[r as usize].size;
        if runs[r as usize].face.is_mono() {
            // A space inside code in running text: never wider than it is (it may give a
            // little, as a word space does, for a line that is just too full).
            items.push(Item::Glue {
                width: space,
                stretch: 0.0,
                shrink: space / 3.0,
            });
            return;
        }
        items.push(Item::Glue {
            width: space,
            stretch: space / 2.0,
            shrink: (space / 3.0).min(space - MIN_SPACE * size).max(0.0),
        });
    }
}

/// How wide a space inside code in justified running text is, in its font's advances: code's
/// own, a monospaced cell, is twice a text's word space and more (0.6 em against 0.25), and
/// `let x = 5;` set so in a line reads as words strewn apart; stretched with the line, worse.
/// Set at this share of a cell and never stretched, code keeps its look (a space still wider
/// than the text's) and the line's spaces their evenness: on the Rust book, 1.0 left lines
/// whose spaces averaged 2.1 × the text's natural space, with no stretch at all.
const CODE_SPACE: f32 = 0.7;

/// The width of a space in code (`face`, monospaced) in justified text: see [`CODE_SPACE`].
fn code_space(shaper: &mut Shaper, face: Face, size: f32) -> f32 {
    shaper.width(" ", face, size) * CODE_SPACE
}

/// A word of a run, shaped.
struct Word<'a> {
    run: u32,
    text: &'a str,
    glyphs: Range<u32>,
    /// Wider than the measure.
    wide: bool,
}

/// A word's boxes and the breaks inside it.
#[path = "items_word.rs"]
mod word;
use word::push_word;

/// The glue of a break between Chinese or Japanese characters in text of `size`.
fn cjk_glue(size: f32) -> Item<Span> {
    Item::Glue {
        width: 0.0,
        stretch: CJK_STRETCH * size,
        shrink: 0.0,
    }
}

/// A box of `glyphs` (none: no box), held as `span`; `rigid`: monospaced, not expanded.
fn push_box(items: &mut Vec<Item<Span>>, span: Span, glyphs: &[Glyph], rigid: bool) {
    if glyphs.is_empty() {
        return;
    }
    items.push(Item::Box {
        width: advance_sum(glyphs),
        content: span,
        rigid,
    });
}

/// Maximal runs of letters in a word, with their byte offsets (hyphenation works on letters;
/// punctuation and digits around them stay put).
struct LetterRuns<'a> {
    word: &'a str,
    chars: std::str::CharIndices<'a>,
}

impl<'a> LetterRuns<'a> {
    fn new(word: &'a str) -> LetterRuns<'a> {
        LetterRuns {
            word,
            chars: word.char_indices(),
        }
    }
}

impl<'a> Iterator for LetterRuns<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let mut start: Option<usize> = None;
        for (i, c) in self.chars.by_ref() {
            let letter = c.is_alphabetic() || (c == '\u{2019}' || c == '\'') && start.is_some();
            match (letter, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => return Some((s, &self.word[s..i])),
                _ => {}
            }
        }
        start.map(|s| (s, &self.word[s..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_runs_leave_out_punctuation_and_digits() {
        let runs: Vec<_> = LetterRuns::new("(abad-21’an), ke’2 x").collect();
        assert_eq!(runs, [(1, "abad"), (11, "an"), (16, "ke’"), (23, "x")]);
        assert_eq!(LetterRuns::new("’12.").count(), 0);
    }
}
