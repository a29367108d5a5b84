//! Figures (an image alone in its paragraph) and captions (part of `layout`).

use crate::document::{Image, Inline};
use crate::fonts::Face;

use super::super::paragraph::{Align, ParaStyle};
use super::super::tags::{Role, Tag};
use super::{BoxImage, Ctx, Flow, Mark, V, VBox};

impl Flow<'_> {
    /// A caption: ragged (centred under a figure), in the italic of the text around it, a
    /// little smaller; `below` a block, no page breaks before its first line.
    pub(super) fn caption(&mut self, content: &[Inline], ctx: Ctx, below: bool, centred: bool) {
        let size = ctx.size * 0.9;
        let style = ParaStyle {
            face: ctx.face.with_italic(!ctx.face.is_italic()),
            size,
            measure: self.geo.measure - ctx.left - ctx.right,
            indent: 0.0,
            align: if centred { Align::Center } else { Align::Left },
            hyphenate: true,
        };
        let lines = self.setter.set(content, &style);
        // A numbered table's caption: where cross-references to it lead.
        let target = content.iter().find_map(|i| match i {
            Inline::Span(span) => match &span.kind {
                crate::document::SpanKind::Target(id) => Some(Mark::Target(id.clone())),
                _ => None,
            },
            _ => None,
        });
        let mut target = target.into_iter().collect::<Vec<_>>();
        for (n, line) in lines.into_iter().enumerate() {
            let breakable = !(below && n == 0);
            let marks = std::mem::take(&mut target);
            self.push_line(line, ctx.left, ctx.leading, size, breakable, marks);
        }
    }

    /// A paragraph that is only an image is a figure: the image scaled to fit the measure and at
    /// most half the text block's height, centred, its alt text as a caption. Returns false when
    /// `inlines` is not such a paragraph.
    pub(super) fn figure(&mut self, inlines: &[Inline], ctx: Ctx, first: bool) -> bool {
        let mut content = inlines
            .iter()
            .filter(|i| !matches!(i, Inline::SoftBreak | Inline::HardBreak));
        let (Some(Inline::Image(img)), None) = (content.next(), content.next()) else {
            return false;
        };
        let Some((key, px_w, px_h)) = self.figures.get(&(self.chapter, img.url.clone())).cloned()
        else {
            return false;
        };
        self.space_between(first, ctx);
        let measure = self.geo.measure - ctx.left - ctx.right;
        let (w, h) = figure_size(img, px_w, px_h, measure, self.geo.height);
        // Keep the baseline grid: the figure takes whole lines.
        let lines = (h / ctx.leading).ceil().max(1.0);
        let x = ctx.left + (measure - w) / 2.0;
        let top = (lines * ctx.leading - h) / 2.0;
        let mut vbox = VBox {
            height: lines * ctx.leading,
            breakable: true,
            chapter: self.chapter,
            // A numbered figure: where cross-references to it lead.
            marks: img.id.iter().map(|id| Mark::Target(id.clone())).collect(),
            ..VBox::default()
        };
        // The figure, with its alternative text (a decoration: an artifact).
        let depth = self.tags.depth();
        let tag = match crate::typeset::runs::figure_alt(img) {
            Some(alt) => {
                let tag = self.open(Role::Figure);
                if let Some(node) = self.tags.node_mut(tag) {
                    node.alt = Some(alt);
                }
                self.tags.close();
                tag
            }
            None => Tag::ARTIFACT,
        };
        vbox.images.push(BoxImage {
            x,
            y: top,
            width: w,
            height: h,
            key,
            tag,
            alt: None,
        });
        self.emit(vbox);
        if img.alt_is_caption && !img.alt.trim().is_empty() {
            self.open(Role::Caption);
            let size = (ctx.size * 0.9 * 2.0).round() / 2.0;
            let style = ParaStyle {
                face: Face::Italic,
                size,
                measure,
                indent: 0.0,
                align: Align::Center,
                hyphenate: true,
            };
            // Its words as inlines: a citation's link, emphasis, a cross-reference's label.
            let lines = self.setter.set(&img.caption_inlines(), &style);
            for line in lines {
                self.push_line(line, ctx.left, ctx.leading, size, false, vec![]);
            }
        }
        self.tags.close_to(depth);
        self.out.push(V::Space(ctx.leading * 0.5));
        true
    }
}

/// The size, in points, of figure `img` of `px_w`×`px_h` pixels on `measure` in a text block
/// `height` high: the size its author gave, inside the text block; else 1 px = 1 pt at most
/// (no blowing up small images), fitted to the measure's width and half the block's height.
pub fn figure_size(img: &Image, px_w: u32, px_h: u32, measure: f32, height: f32) -> (f32, f32) {
    let (w, h) = (px_w.max(1) as f32, px_h.max(1) as f32);
    // The size the author gave (a side not given keeps the image's proportions), kept inside
    // the text block; else a pixel a point, at most the measure and half the text's height.
    let given = match (img.width, img.height) {
        (Some(gw), Some(gh)) => Some((gw.points(measure), gh.points(height))),
        (Some(gw), None) => {
            let gw = gw.points(measure);
            Some((gw, gw * h / w))
        }
        (None, Some(gh)) => {
            let gh = gh.points(height);
            Some((gh * w / h, gh))
        }
        (None, None) => None,
    };
    match given {
        Some((gw, gh)) => {
            let fit = (measure / gw).min(height / gh).min(1.0);
            (gw * fit, gh * fit)
        }
        None => {
            let fit = (measure / w).min(height * 0.5 / h).min(1.0);
            (w * fit, h * fit)
        }
    }
}
