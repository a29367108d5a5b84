//! A set line as the content of a box of the vertical list (part of `layout`).

use super::super::paragraph::{Line, Piece};

/// A set line as a box's content: its text (x, baseline from the line's top, piece), its
/// images (x, top, width, height, key) sitting on the baseline, and the line's height, grown
/// when an image rises above the line's room.
pub(super) struct LineParts {
    pub texts: Vec<(f32, f32, Piece)>,
    pub images: Vec<super::BoxImage>,
    pub height: f32,
}

pub(super) fn line_parts(line: &Line, x: f32, leading: f32, size: f32) -> LineParts {
    let room = leading - 0.25 * size;
    let tallest = line
        .pieces
        .iter()
        .filter_map(|p| p.piece.image.as_ref().map(|i| i.height + p.piece.rise))
        .fold(0.0, f32::max);
    let extra = (tallest - room).max(0.0);
    let baseline = room + extra;
    let mut parts = LineParts {
        texts: Vec::with_capacity(line.pieces.len()),
        images: Vec::new(),
        height: leading + extra,
    };
    for p in &line.pieces {
        let y = baseline - p.piece.rise;
        match &p.piece.image {
            Some(image) => parts.images.push(super::BoxImage {
                x: x + p.x,
                y: y - image.height,
                width: image.width,
                height: image.height,
                key: image.key.clone(),
                tag: p.piece.tag,
                alt: image.alt.clone(),
            }),
            None => parts.texts.push((x + p.x, y, p.piece.clone())),
        }
    }
    parts
}
