//! The reference list set (see `document::citations`): one paragraph per work, ragged right
//! (entries are full of names, dates and addresses that justified lines would stretch), with
//! the style's hanging indent, or its labels (`[1]`) in a column of their own; each entry's
//! first line the target of the citations' links.

use super::super::paragraph::{Align, ParaStyle, Piece};
use super::super::tags::Role;
use super::{Ctx, Flow, Mark, V};
use crate::document::ReferenceList;

/// The hanging indent, in ems of the text (LaTeX's bibliographies hang by about this much).
const HANG: f32 = 1.5;
/// The gap between a label and its entry, in ems.
const LABEL_GAP: f32 = 0.5;

impl Flow<'_> {
    pub(super) fn references(&mut self, list: &ReferenceList, ctx: Ctx) {
        // The label column: as wide as the widest label.
        let labels: Vec<_> = list
            .entries
            .iter()
            .map(|e| {
                let text = crate::document::plain_text(&e.label);
                self.setter.shaper.shape(text.trim(), ctx.face, ctx.size)
            })
            .collect();
        let widest = labels
            .iter()
            .map(|g| g.iter().map(|g| g.advance).sum::<f32>())
            .fold(0.0, f32::max);
        let column = if widest > 0.0 {
            widest + LABEL_GAP * ctx.size
        } else {
            0.0
        };
        let hang = if list.hanging_indent && column == 0.0 {
            HANG * ctx.size
        } else {
            0.0
        };
        let style = ParaStyle {
            face: ctx.face,
            size: ctx.size,
            measure: self.geo.measure - ctx.left - ctx.right - column - hang,
            indent: 0.0,
            align: Align::Left,
            hyphenate: false,
        };
        self.open(Role::L);
        let depth = self.tags.depth();
        for (entry, glyphs) in list.entries.iter().zip(labels) {
            self.tags.close_to(depth);
            self.open(Role::LI);
            if !glyphs.is_empty() {
                let label = self.open(Role::Lbl);
                self.tags.close();
                let piece = Piece {
                    tag: label,
                    ..Piece::plain(ctx.face, ctx.size, glyphs)
                };
                let baseline = ctx.leading - 0.25 * ctx.size;
                self.markers.push((ctx.left, baseline, piece));
            }
            self.open(Role::LBody);
            let lines = self.setter.set(&entry.content, &style);
            let n = lines.len();
            for (i, line) in lines.into_iter().enumerate() {
                // Lines of an entry are kept two and two at its ends, as a paragraph's are.
                let breakable = i == 0 || (i >= 2 && i + 2 <= n);
                let x = ctx.left + column + if i == 0 { 0.0 } else { hang };
                let marks = if i == 0 {
                    vec![Mark::Target(entry.id.clone())]
                } else {
                    Vec::new()
                };
                self.push_line(line, x, ctx.leading, ctx.size, breakable, marks);
            }
            self.markers.clear();
            self.out.push(V::Space(ctx.leading * 0.25));
        }
        self.tags.close_to(depth);
    }
}
