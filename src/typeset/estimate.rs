//! How many pages the print edition will have, reckoned from the text before any of it is set.
//!
//! The print edition's gutter grows with its page count (see [`super::kdp_gutter`]), and past
//! about 300 pages the gutter no longer fits in the margins without narrowing the text. Both
//! editions are set from one flow of lines, so the measure has to be chosen before the book is
//! set: from this estimate. It only has to land in the right bracket of the gutter table, and
//! errs a little high: a measure a few points narrower than needed costs nothing, while one
//! too wide for the gutter the book turns out to need makes the print edition set its text a
//! second time.

use crate::document::{Block, Book, Inline, plain_text};
use crate::fonts::Face;

use super::Geometry;
use super::layout::Figures;
use super::paragraph::Setter;

/// The share by which the estimate is raised (see the module's comment).
const MARGIN: f32 = 1.05;

/// Characters of running text sampled for the average width of a character.
const SAMPLE: usize = 4000;

/// The print edition's page count for `book` set in `geo` (front matter, blank versos before
/// chapter openings included), raised by [`MARGIN`]. `lines`: each chapter's, from
/// [`chapter_lines`].
pub fn print_pages(book: &Book, geo: &Geometry, lines: &[f32]) -> usize {
    let lines_per_page = (geo.height / geo.leading).max(1.0);
    // Title page, copyright page, the contents (a line per chapter), a blank verso.
    let mut pages = 3.0 + (book.chapters.len() as f32 / lines_per_page).ceil();
    for chapter in lines {
        if pages as usize % 2 == 1 {
            pages += 1.0; // a blank verso: chapters open on rectos
        }
        pages += (chapter / lines_per_page).ceil();
    }
    (pages * MARGIN).ceil() as usize
}

/// The lines each chapter of `book` will take set in `geo`, its notes included (`figures`: the
/// sizes of its images).
pub fn chapter_lines(
    book: &Book,
    setter: &mut Setter,
    geo: &Geometry,
    figures: &Figures,
) -> Vec<f32> {
    let per_char = char_width(book, setter, geo);
    // Code is set in the monospaced face, smaller (see `layout`), its long lines wrapped.
    let code_char = setter
        .shaper
        .width("0", Face::Mono, geo.size * super::layout::CODE_SCALE);
    let lines_per_page = (geo.height / geo.leading).max(1.0);
    let mut all = Vec::with_capacity(book.chapters.len());
    for (index, chapter) in book.chapters.iter().enumerate() {
        let count = Count {
            per_char,
            code_char,
            figure: &|inlines: &[Inline]| figure_lines(inlines, index, figures, geo),
        };
        let mut lines = 0.2 * lines_per_page + 2.0; // the sink above the title, the title
        for block in &chapter.blocks {
            lines += count.block(block, geo.measure);
        }
        let notes = Count {
            per_char: per_char / 0.8,
            ..count
        };
        for note in &chapter.footnotes {
            for block in &note.blocks {
                lines += 0.8 * notes.block(block, geo.measure);
            }
        }
        all.push(lines);
    }
    all
}

/// What counting a chapter's lines needs.
#[derive(Clone, Copy)]
struct Count<'a> {
    /// Points a character of running text takes.
    per_char: f32,
    /// Points a character of code takes.
    code_char: f32,
    /// The lines of a paragraph that is a figure (an image alone), if it is one.
    figure: &'a dyn Fn(&[Inline]) -> Option<f32>,
}

impl Count<'_> {
    /// Lines `block` takes on `measure`, its spacing included.
    fn block(&self, block: &Block, measure: f32) -> f32 {
        let text = |inlines: &[Inline]| {
            let chars = plain_text(inlines).chars().count() as f32;
            (chars * self.per_char / measure).ceil().max(1.0)
        };
        match block {
            Block::Heading { content, .. } => text(content) + 1.5,
            Block::Paragraph(inlines) => (self.figure)(inlines).unwrap_or(text(inlines) + 0.5),
            Block::List { items, .. } => {
                items.iter().flatten().map(|b| self.block(b, measure)).sum()
            }
            Block::BlockQuote(blocks) => blocks.iter().map(|b| self.block(b, measure * 0.9)).sum(),
            Block::Div(div) => {
                let measure = if div.is_aside() {
                    measure * 0.9
                } else {
                    measure
                };
                div.blocks.iter().map(|b| self.block(b, measure)).sum()
            }
            Block::Definitions(items) => items
                .iter()
                .map(|d| {
                    let details = d.details.iter().flatten();
                    text(&d.term) + details.map(|b| self.block(b, measure * 0.9)).sum::<f32>()
                })
                .sum(),
            Block::CodeBlock { text, .. } => {
                let wrapped = |line: &str| {
                    let chars = line.replace('\t', "    ").chars().count() as f32;
                    (chars * self.code_char / measure).ceil().max(1.0)
                };
                text.lines().map(wrapped).sum::<f32>() + 0.5
            }
            Block::Table(table) => 1.5 * (table.rows.len() + 1) as f32 + 1.0,
            Block::ThematicBreak => 2.0,
            Block::Caption(inlines) => text(inlines),
            Block::References(list) => list.entries.iter().map(|e| text(&e.content) + 0.25).sum(),
            Block::Html(html) => {
                let chars = crate::document::html::text_content(html).chars().count() as f32;
                (chars * self.per_char / measure).ceil() + 0.5
            }
        }
    }
}

/// The lines a figure takes (sized as `layout` sizes it, [`super::layout::figure_size`]), its
/// caption and the space after it; `None` if `inlines` is not an image alone, or not one of
/// `figures`.
fn figure_lines(
    inlines: &[Inline],
    chapter: usize,
    figures: &Figures,
    geo: &Geometry,
) -> Option<f32> {
    let [Inline::Image(img)] = inlines else {
        return None;
    };
    let &(_, px_w, px_h) = figures.get(&(chapter, img.url.clone()))?;
    let (_, h) = super::layout::figure_size(img, px_w, px_h, geo.measure, geo.height);
    let caption = if img.alt_is_caption && !img.alt.trim().is_empty() {
        1.0
    } else {
        0.0
    };
    Some((h / geo.leading).ceil() + caption + 0.5)
}

/// The average advance of a character of the book's running text (spaces included) in the
/// body face and size, from its first paragraphs.
fn char_width(book: &Book, setter: &mut Setter, geo: &Geometry) -> f32 {
    let mut sample = String::new();
    'chapters: for chapter in &book.chapters {
        for block in &chapter.blocks {
            if let Block::Paragraph(inlines) = block {
                sample.push_str(&plain_text(inlines));
                sample.push(' ');
                if sample.len() >= SAMPLE {
                    break 'chapters;
                }
            }
        }
    }
    let space = setter.justified_space(Face::Regular, geo.size);
    let (mut width, mut chars) = (0.0, 0usize);
    for word in sample.split_whitespace() {
        width += setter.shaper.width(word, Face::Regular, geo.size) + space;
        chars += word.chars().count() + 1;
    }
    if chars == 0 {
        geo.size * 0.5
    } else {
        width / chars as f32
    }
}
