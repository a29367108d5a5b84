//! Paragraphs of running text: set whole, or a part at a time when very long (so that the
//! lines of a paragraph of megabytes, and the line breaker's work on them, are held a part at
//! a time).

use crate::document::{Image, Inline};

use super::super::paragraph::{Align, Line, ParaStyle};
use super::{Ctx, Flow};

impl Flow<'_> {
    /// A justified paragraph; widows and orphans are prevented by allowing a page break only
    /// where at least two lines stay on each side.
    pub(super) fn paragraph(&mut self, inlines: &[Inline], ctx: Ctx, indent: f32) {
        // A displayed formula alone (`$$…$$`) is centred, as TeX displays it.
        let display = is_display_math(inlines);
        let style = ParaStyle {
            face: ctx.face,
            size: ctx.size,
            measure: self.geo.measure - ctx.left - ctx.right,
            indent: if display { 0.0 } else { indent },
            align: if display {
                Align::Center
            } else {
                Align::Justify
            },
            hyphenate: !display,
        };
        if inlines.iter().map(text_len).sum::<usize>() <= PARAGRAPH_PART {
            let (figures, chapter) = (self.figures, self.chapter);
            let find = |img: &Image| figures.get(&(chapter, img.url.clone())).cloned();
            let lines = self.setter.set_with_images(inlines, &style, &find);
            self.push_paragraph_lines(lines, ctx, 0, true);
            return;
        }
        // A paragraph too long to set in one piece is set a part at a time, each part but the
        // last ending in a full, justified line: its lines, and the line breaker's work on
        // them, are then held a part at a time, not all at once.
        let mut before = 0;
        let mut part: Vec<Inline> = Vec::new();
        let mut size = 0;
        let mut first = true;
        let mut set_part = |flow: &mut Self, part: &mut Vec<Inline>, last: bool| {
            flow.setter.open_end = !last;
            let style = ParaStyle {
                indent: if first { indent } else { 0.0 },
                ..style
            };
            first = false;
            let (figures, chapter) = (flow.figures, flow.chapter);
            let find = |img: &Image| figures.get(&(chapter, img.url.clone())).cloned();
            let lines = flow.setter.set_with_images(part, &style, &find);
            flow.setter.open_end = false;
            part.clear();
            let n = lines.len();
            flow.push_paragraph_lines(lines, ctx, before, last);
            before += n;
        };
        for inline in inlines {
            match inline {
                Inline::Text(text) if size + text.len() > PARAGRAPH_PART => {
                    // Cut a long text at spaces (a space is one byte: always a boundary).
                    let mut rest = text.as_str();
                    while size + rest.len() > PARAGRAPH_PART {
                        let room = PARAGRAPH_PART.saturating_sub(size);
                        let Some(cut) = rest.as_bytes()[..room.min(rest.len())]
                            .iter()
                            .rposition(|&b| b == b' ')
                        else {
                            break;
                        };
                        part.push(Inline::Text(rest[..cut].to_string()));
                        set_part(self, &mut part, false);
                        size = 0;
                        rest = &rest[cut + 1..];
                    }
                    size += rest.len();
                    part.push(Inline::Text(rest.to_string()));
                }
                other => {
                    size += text_len(other);
                    part.push(other.clone());
                    if size > PARAGRAPH_PART {
                        set_part(self, &mut part, false);
                        size = 0;
                    }
                }
            }
        }
        set_part(self, &mut part, true);
    }

    /// Lines of a paragraph, `before` of its lines set before them (a paragraph set in
    /// parts), `last` when they end it. A page may break before the paragraph's first line, or
    /// where two of its lines stay on each side.
    fn push_paragraph_lines(&mut self, lines: Vec<Line>, ctx: Ctx, before: usize, last: bool) {
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let at = before + i;
            let breakable = at == 0 || (at >= 2 && (!last || i + 2 <= n));
            self.push_line(line, ctx.left, ctx.leading, ctx.size, breakable, vec![]);
        }
    }
}

/// Bytes of text above which a paragraph is set a part at a time (see `Flow::paragraph`):
/// about 100 pages of one paragraph.
pub(super) const PARAGRAPH_PART: usize = 256 * 1024;

/// The bytes of text `inline` holds (a break or a note mark counts one).
fn text_len(inline: &Inline) -> usize {
    match inline {
        Inline::Text(t) | Inline::Code(t) | Inline::Html(t) => t.len(),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
            c.iter().map(text_len).sum()
        }
        Inline::Link(link) => link.content.iter().map(text_len).sum(),
        Inline::Span(span) => span.content.iter().map(text_len).sum(),
        Inline::Image(img) => img.alt.len(),
        Inline::FootnoteRef { .. } | Inline::SoftBreak | Inline::HardBreak => 1,
    }
}

/// Whether `inlines` are a displayed formula and nothing else (but spaces).
pub(super) fn is_display_math(inlines: &[Inline]) -> bool {
    use crate::document::SpanKind;
    let mut formulas = 0;
    for inline in inlines {
        match inline {
            Inline::Span(s) if matches!(s.kind, SpanKind::Math { display: true }) => formulas += 1,
            Inline::Text(t) if t.trim().is_empty() => {}
            Inline::SoftBreak | Inline::HardBreak => {}
            _ => return false,
        }
    }
    formulas == 1
}
