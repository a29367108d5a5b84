//! The spine's text: title, authors and publisher on one line turned to run along the spine.

use crate::document::Book;
use crate::fonts::Face;
use crate::print_service::SpineDirection;

use super::super::PageItem;
use super::super::paragraph::Setter;
use super::super::tags::Tag;
use super::{BLACK, IN, one_line};

/// How far from the top and bottom trim the spine's text stays.
const SPINE_END: f32 = 0.375 * IN;
/// The smallest type a spine is given text in: a narrower spine is left plain.
pub(super) const SMALLEST: f32 = 2.0;

/// The spine's text, running down the spine (or up it), and its type size: the title in bold
/// from its top, the authors after it, the publisher at its foot; as large as the spine's
/// width allows (12 pt at most), a line's ascender to descender inside the service's clearance
/// at each fold. When the words need more length than the spine has, the publisher and then
/// the authors are left out, and only then is the title set smaller. None when the type would
/// be under [`SMALLEST`].
pub(super) fn items(
    setter: &mut Setter,
    book: &Book,
    (left, spine): (f32, f32),
    (h, colour): (f32, [f32; 3]),
    tag: Tag,
) -> Option<(Vec<PageItem>, f32)> {
    let meta = &book.meta;
    let service = meta.print.service;
    let across = spine - 2.0 * service.spine_clearance();
    let fonts = setter.shaper.fonts().clone();
    // The height of a line of these faces, ascender to descender, in ems.
    let extent = |face: Face| {
        let font = fonts.font(face);
        let em = font.face.units_per_em() as f32;
        (
            f32::from(font.face.ascender()) / em,
            -f32::from(font.face.descender()) / em,
        )
    };
    let (asc, desc) = [Face::Bold, Face::Regular]
        .map(extent)
        .into_iter()
        .fold((0.0f32, 0.0f32), |(a, d), (x, y)| (a.max(x), d.max(y)));
    let mut size = (across / (asc + desc)).min(12.0);
    if size < SMALLEST {
        return None;
    }
    let authors: Vec<&str> = meta.authors.iter().map(|a| a.name()).collect();
    let authors = authors.join(", ");
    let mut parts: Vec<(&str, Face)> = vec![(meta.title.as_str(), Face::Bold)];
    if !authors.is_empty() {
        parts.push((&authors, Face::Regular));
    }
    if let Some(p) = &meta.publisher {
        parts.push((p, Face::Regular));
    }
    let length = h - 2.0 * SPINE_END;
    let width = |setter: &mut Setter, parts: &[(&str, Face)], size: f32| {
        let words: f32 = parts
            .iter()
            .map(|(t, f)| setter.shaper.width(t, *f, size))
            .sum();
        words + 2.0 * size * (parts.len() as f32 - 1.0)
    };
    while parts.len() > 1 && width(setter, &parts, size) > length {
        parts.pop();
    }
    let needed = width(setter, &parts, size);
    if needed > length {
        size *= length / needed;
        if size < SMALLEST {
            return None;
        }
    }
    // Along the spine from its start: the title, then the authors; the publisher at the end.
    let baseline = (asc - desc) / 2.0 * size;
    let down = meta.print.spine_direction == SpineDirection::TopToBottom;
    let mut inner = vec![PageItem::Colour(colour)];
    let mut at = SPINE_END;
    let last = parts.len() - 1;
    for (k, (text, face)) in parts.iter().enumerate() {
        let pieces = one_line(setter, text, *face, size, tag);
        let w: f32 = pieces.iter().map(|(_, p)| p.width()).sum();
        let start = if k == last && k >= 2 {
            h - SPINE_END - w
        } else {
            at
        };
        for (x, piece) in pieces {
            inner.push(PageItem::Text {
                x: start + x,
                y: baseline,
                piece,
            });
        }
        at = start + w + 2.0 * size;
    }
    inner.push(PageItem::Colour(BLACK));
    let turned = PageItem::Turned {
        x: left + spine / 2.0,
        y: if down { 0.0 } else { h },
        down,
        items: inner,
    };
    Some((vec![turned], size))
}
