//! A line's pieces placed (part of `paragraph`): how much its glue and glyphs stretch, and
//! where each run of glyphs, and each image, stands.

use super::*;

/// How a justified `line` (plus an added hyphen `hyphen` wide) is set to `target`: the scale of
/// its boxes and the ratio of its glue, as the breaker reckoned them (see [`Fit`]). A line that
/// ends in a fill (a paragraph's last, a line broken by hand) keeps its natural width unless it
/// is too wide; glue never shrinks past its limit (only the last resort makes such lines).
pub(super) fn adjust<T>(line: &[Item<T>], hyphen: f32, target: f32) -> (f32, f32) {
    let (mut boxes, mut glue, mut stretch, mut shrink) = (hyphen, 0.0, 0.0, 0.0);
    // What font expansion may scale: the boxes that are not rigid (see `Item::Box`).
    let mut scalable = hyphen;
    let mut fill = false;
    for item in line {
        match item {
            Item::Box { width, rigid, .. } => {
                boxes += width;
                if !rigid {
                    scalable += width;
                }
            }
            Item::Glue { stretch: st, .. } if *st >= FILL => fill = true,
            Item::Glue {
                width,
                stretch: st,
                shrink: sh,
            } => {
                glue += width;
                stretch += st;
                shrink += sh;
            }
            Item::Penalty { .. } => {}
        }
    }
    let slack = target - boxes - glue;
    if fill && slack >= 0.0 {
        return (1.0, 0.0);
    }
    let fit = Fit::new(slack, stretch, shrink, EXPANSION * scalable.max(0.0));
    let ratio = if fit.ratio.is_finite() {
        fit.ratio.clamp(-1.0, MAX_STRETCH)
    } else {
        0.0
    };
    (1.0 + fit.font * EXPANSION, ratio)
}

/// The pieces of a line of `items` whose boxes scale by `scale` and glue by `ratio`, and the
/// line's width so set. Consecutive boxes of one style, set side by side, make one piece (fewer
/// PDF operators): their spans follow one another in the paragraph's glyphs, so that a piece
/// is made when it is complete, in one allocation.
pub(super) fn line_pieces(
    paragraph: &Paragraph,
    runs: &[Run],
    items: &[Item<Span>],
    scale: f32,
    ratio: f32,
) -> (Vec<Placed>, f32) {
    let mut pieces: Vec<Placed> = Vec::new();
    let mut open: Option<OpenPiece> = None;
    let mut x = 0.0;
    for item in items {
        match item {
            Item::Box { width, content, .. } if content.is_object() => {
                if let Some(p) = open.take() {
                    pieces.push(p.close(paragraph, runs));
                }
                let run = &runs[content.run as usize];
                let (w, h) = paragraph.object_size(content.run);
                if let Some(image) = &run.image {
                    pieces.push(Placed {
                        x,
                        piece: Piece {
                            image: Some(std::sync::Arc::new(LineImage {
                                key: image.key.clone(),
                                width: w,
                                height: h,
                                alt: image.alt.clone(),
                            })),
                            rise: run.rise,
                            link: run.link.clone(),
                            ..Piece::plain(run.face, run.size, Vec::new())
                        },
                    });
                }
                x += width * scale;
            }
            Item::Box {
                width,
                content,
                rigid,
            } => {
                let scale = if *rigid { 1.0 } else { scale };
                if !content.is_empty() {
                    let run = &runs[content.run as usize];
                    let glyphs = content.of(&paragraph.glyphs);
                    match &mut open {
                        Some(p)
                            if same_style(&runs[p.run], run)
                                && p.scale == scale
                                && (p.x + p.advances * scale - x).abs() < 1e-3 =>
                        {
                            debug_assert_eq!(p.glyphs.end, content.start);
                            p.glyphs.end = content.end;
                            p.advances = glyphs.iter().fold(p.advances, |s, g| s + g.advance);
                        }
                        _ => {
                            if let Some(p) = open.take() {
                                pieces.push(p.close(paragraph, runs));
                            }
                            open = Some(OpenPiece {
                                x,
                                run: content.run as usize,
                                glyphs: content.start..content.end,
                                advances: advance_sum(glyphs),
                                scale,
                            });
                        }
                    }
                }
                // Every box but a rigid one scales, the indent too: the breaker counted it in.
                x += width * scale;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                if *stretch >= FILL {
                    continue; // the paragraph's fill is not drawn
                }
                x += if ratio >= 0.0 {
                    width + ratio * stretch
                } else {
                    width + ratio * shrink
                };
            }
            Item::Penalty { .. } => {}
        }
    }
    if let Some(p) = open {
        pieces.push(p.close(paragraph, runs));
    }
    (pieces, x)
}

/// A piece of a line still taking boxes.
struct OpenPiece {
    x: f32,
    /// The run of its first box (its style).
    run: usize,
    glyphs: Range<u32>,
    /// The sum of the advances of its glyphs, in order: its `Piece::width()` unscaled, kept up
    /// box by box rather than summed again for every box.
    advances: f32,
    /// The scale of its glyphs (1 for rigid, monospaced ones).
    scale: f32,
}

impl OpenPiece {
    fn close(self, paragraph: &Paragraph, runs: &[Run]) -> Placed {
        let hscale = self.scale;
        let glyphs = &paragraph.glyphs[self.glyphs.start as usize..self.glyphs.end as usize];
        // Room for a hyphen, should the line end in one.
        let mut own = Vec::with_capacity(glyphs.len() + 1);
        own.extend_from_slice(glyphs);
        let run = &runs[self.run];
        Placed {
            x: self.x,
            piece: Piece {
                face: run.face,
                size: run.size,
                glyphs: own.into(),
                rise: run.rise,
                link: run.link.clone(),
                hscale,
                tracking: 0.0,
                image: None,
                tag: crate::typeset::tags::Tag::NONE,
                lang: run.lang.clone(),
                actual: None,
            },
        }
    }
}
