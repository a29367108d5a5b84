//! Drawing typeset pages with printpdf operators: text as glyph ids (kerning from the shaper
//! kept as TJ offsets), rules as lines, links as annotations (screen edition only).

use std::collections::{BTreeMap, HashMap};

use printpdf::{
    Actions, BorderArray, Codepoint, Destination, Line, LinePoint, LinkAnnotation, Op,
    PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use crate::fonts::Face;
use crate::typeset::{PageItem, Target, Typeset};

use super::fonts::Embedded;

/// The printpdf pages of `ts`. `links`: whether to add link annotations.
pub fn pages(
    ts: &Typeset,
    fonts: &BTreeMap<Face, Embedded>,
    images: &HashMap<String, (XObjectId, f32, f32)>,
    links: bool,
    widths: &dyn Fn(Face, u16) -> f32,
) -> Vec<PdfPage> {
    let size = ts.geometry.page;
    // The sheet is the trimmed page plus the bleed on every side; items are placed relative to
    // the trimmed page, y downwards, and PDF's y goes up from the sheet's bottom.
    let b = ts.bleed;
    let (sheet_w, sheet_h) = (size.width + 2.0 * b, size.height + 2.0 * b);
    let h = sheet_h - b;
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
                            matrix: TextMatrix::Translate(Pt(b + *x), Pt(h - *y)),
                        });
                        // The PDF advances by the font's own (integer) width; the TJ offset
                        // (in thousandths of an em, positive moves left) makes up the difference
                        // to the shaper's advance: the kerning. Offsets under a thousandth of an
                        // em are carried to the next glyph instead of written, so that rounding
                        // never drifts and the stream stays small.
                        let mut carry = 0.0f32;
                        let glyphs = piece
                            .glyphs
                            .iter()
                            .map(|g| {
                                carry += widths(piece.face, g.id) - g.advance * 1000.0 / piece.size;
                                let offset = if carry.abs() >= 1.0 {
                                    carry.round()
                                } else {
                                    0.0
                                };
                                carry -= offset;
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
                                x: Pt(b + px),
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
                    PageItem::Image {
                        x,
                        y,
                        width,
                        height,
                        key,
                    } => {
                        let Some((id, px_w, px_h)) = images.get(key) else {
                            continue;
                        };
                        if in_text {
                            ops.push(Op::EndTextSection);
                            in_text = false;
                            current = None;
                        }
                        // At 72 dpi printpdf draws one pixel as one point; scale to the size
                        // the layout gave, with the image's bottom-left corner at the origin.
                        let transform = XObjectTransform {
                            translate_x: Some(Pt(b + *x)),
                            translate_y: Some(Pt(h - y - height)),
                            scale_x: Some(width / px_w),
                            scale_y: Some(height / px_h),
                            dpi: Some(72.0),
                            ..XObjectTransform::default()
                        };
                        ops.push(Op::UseXobject {
                            id: id.clone(),
                            transform,
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
                        let rect = Rect::from_xywh(
                            Pt(b + *x),
                            Pt(h - y - height),
                            Pt(*width),
                            Pt(*height),
                        );
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
            PdfPage::new(Pt(sheet_w).into(), Pt(sheet_h).into(), ops)
        })
        .collect()
}
