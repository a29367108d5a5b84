//! Drawing typeset pages with printpdf operators: text as glyph ids (kerning from the shaper
//! kept as TJ offsets), rules as lines, links as annotations (screen edition only).

use std::collections::BTreeMap;

use printpdf::{
    Actions, BorderArray, Codepoint, Destination, Line, LinePoint, LinkAnnotation, Op,
    PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, TextMatrix,
};

use crate::fonts::Face;
use crate::typeset::{PageItem, Target, Typeset};

use super::fonts::Embedded;

/// The printpdf pages of `ts`. `links`: whether to add link annotations.
pub fn pages(
    ts: &Typeset,
    fonts: &BTreeMap<Face, Embedded>,
    links: bool,
    widths: &dyn Fn(Face, u16) -> f32,
) -> Vec<PdfPage> {
    let size = ts.geometry.page;
    let h = size.height;
    ts.pages
        .iter()
        .map(|page| {
            let mut ops = Vec::new();
            let mut in_text = false;
            let mut current: Option<(Face, f32)> = None;
            for item in &page.items {
                match item {
                    PageItem::Text { x, y, piece } => {
                        let Some(font) = fonts.get(&piece.face) else {
                            continue;
                        };
                        if !in_text {
                            ops.push(Op::StartTextSection);
                            in_text = true;
                        }
                        if current != Some((piece.face, piece.size)) {
                            ops.push(Op::SetFont {
                                font: PdfFontHandle::External(font.id.clone()),
                                size: Pt(piece.size),
                            });
                            current = Some((piece.face, piece.size));
                        }
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(Pt(*x), Pt(h - *y)),
                        });
                        let glyphs = piece
                            .glyphs
                            .iter()
                            .map(|g| {
                                // The PDF advances by the font's own width; the TJ offset (in
                                // thousandths of an em, positive moves left) makes up the
                                // difference to the shaper's advance, i.e. the kerning.
                                let default = widths(piece.face, g.id);
                                let offset = default - g.advance * 1000.0 / piece.size;
                                let offset = if offset.abs() < 0.01 { 0.0 } else { offset };
                                Codepoint::with_cid(font.glyph(g.id), offset, g.text.clone())
                            })
                            .collect();
                        // Font expansion: Tz scales the glyphs and the TJ offsets alike, so a
                        // scaled piece ends where the layout put it.
                        let scaled = piece.hscale != 1.0;
                        if scaled {
                            ops.push(Op::SetHorizontalScaling {
                                percent: piece.hscale * 100.0,
                            });
                        }
                        ops.push(Op::ShowText {
                            items: vec![TextItem::GlyphIds(glyphs)],
                        });
                        if scaled {
                            ops.push(Op::SetHorizontalScaling { percent: 100.0 });
                        }
                    }
                    PageItem::Rule {
                        x,
                        y,
                        length,
                        thickness,
                    } => {
                        if in_text {
                            ops.push(Op::EndTextSection);
                            in_text = false;
                            current = None;
                        }
                        ops.push(Op::SetOutlineThickness { pt: Pt(*thickness) });
                        let point = |px: f32| LinePoint {
                            p: Point {
                                x: Pt(px),
                                y: Pt(h - *y),
                            },
                            bezier: false,
                        };
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![point(*x), point(x + length)],
                                is_closed: false,
                            },
                        });
                    }
                    PageItem::Link {
                        x,
                        y,
                        width,
                        height,
                        target,
                    } => {
                        if !links {
                            continue;
                        }
                        let actions = match target {
                            Target::Uri(uri) => Actions::Uri(uri.clone()),
                            Target::Page { page, y } => Actions::Goto(Destination::Xyz {
                                page: page + 1,
                                left: Some(0.0),
                                top: Some(h - y + ts.geometry.leading),
                                zoom: None,
                            }),
                        };
                        let rect =
                            Rect::from_xywh(Pt(*x), Pt(h - y - height), Pt(*width), Pt(*height));
                        let link = LinkAnnotation::new(
                            rect,
                            actions,
                            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                            None,
                            None,
                        );
                        ops.push(Op::LinkAnnotation { link });
                    }
                }
            }
            if in_text {
                ops.push(Op::EndTextSection);
            }
            PdfPage::new(Pt(size.width).into(), Pt(size.height).into(), ops)
        })
        .collect()
}
