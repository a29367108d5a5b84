//! The screen edition's cover page: the cover's design (`cover::design`, the one the EPUB's
//! generated cover is drawn from) set as a page, or the author's cover image filling it.

use std::sync::Arc;

use crate::cover::{Element, design};
use crate::document::Book;
use crate::document::assets::{Assets, pixel_size};
use crate::fonts::FontSet;
use crate::manuscript::config::BookConfig;

use super::shape::Shaper;
use super::tags::Role;
use super::{Page, PageItem, Piece, Typeset};

/// The cover of `meta` as a page of `ts`'s size: vector shapes and real text, set in the
/// book's fonts (sharp at any zoom, a few kilobytes, and its text can be searched).
fn page(meta: &BookConfig, ts: &Typeset, fonts: &Arc<FontSet>) -> Page {
    let (w, h) = (ts.geometry.page.width, ts.geometry.page.height);
    Page {
        items: design_items(meta, fonts, w, h),
        ..Page::default()
    }
}

/// The cover's design (`cover::design`) drawn on a `w`×`h` page: its shapes, and its lines of
/// text shaped and centred.
pub(super) fn design_items(
    meta: &BookConfig,
    fonts: &Arc<FontSet>,
    w: f32,
    h: f32,
) -> Vec<PageItem> {
    let mut shaper = Shaper::new(&meta.language.value, fonts.clone());
    let mut items = Vec::new();
    for element in design(meta, fonts, w, h) {
        match element {
            Element::Rect {
                x,
                y,
                width,
                height,
                colour,
                stroke,
            } => items.push(PageItem::Rect {
                x,
                y,
                width,
                height,
                colour: colour.into(),
                stroke,
            }),
            Element::Text {
                text,
                y,
                size,
                face,
                colour,
                spacing,
            } => {
                // Each stretch in the font that draws it (a title's emoji or Chinese in its
                // fallback), the pieces side by side, centred together.
                let pieces: Vec<Piece> = fonts
                    .face_runs(&text, face)
                    .into_iter()
                    .map(|(range, face)| {
                        let mut glyphs = shaper.shape(&text[range], face, size);
                        for g in glyphs.iter_mut().filter(|g| !g.text.is_empty()) {
                            g.advance += spacing;
                        }
                        Piece {
                            tracking: spacing,
                            ..Piece::plain(face, size, glyphs)
                        }
                    })
                    .collect();
                let width: f32 = pieces.iter().map(Piece::width).sum();
                items.push(PageItem::Colour(colour.into()));
                let mut x = (w - width) / 2.0;
                for piece in pieces {
                    let advance = piece.width();
                    items.push(PageItem::Text { x, y, piece });
                    x += advance;
                }
            }
        }
    }
    items.push(PageItem::Colour([0.0; 3]));
    items
}

/// The cover's alternative text: the title and the authors (what a generated cover shows; an
/// author's cover shows at least that).
pub(super) fn alt_text(meta: &BookConfig) -> Arc<str> {
    let authors: Vec<&str> = meta.authors.iter().map(|a| a.name()).collect();
    if authors.is_empty() {
        meta.title.as_str().into()
    } else {
        format!("{}: {}", meta.title, authors.join(", ")).into()
    }
}

/// `ts` (the screen edition) with the book's cover as its first page, filling it: the
/// author's cover fitted inside the page, or a generated one of the page's proportions.
/// Links and bookmarks move on by one page.
pub fn prepend_page(book: &Book, ts: &mut Typeset, assets: &Assets) {
    let (w, h) = (ts.geometry.page.width, ts.geometry.page.height);
    let found = assets.cover.as_ref().and_then(|href| {
        let file = assets.files.iter().find(|f| &f.href == href)?;
        let (pw, ph) = pixel_size(&file.data)?;
        Some((href.clone(), pw as f32, ph as f32))
    });
    // The cover is a figure, its alternative text the title and the authors (what a generated
    // cover shows; an author's cover shows at least that).
    ts.front_tags.close_to(1);
    let tag = ts.front_tags.open(Role::Figure);
    ts.front_tags.close();
    if let Some(node) = ts.front_tags.node_mut(tag) {
        node.alt = Some(alt_text(&book.meta));
    }
    let mut page = match found {
        Some((key, iw, ih)) => {
            let scale = (w / iw).min(h / ih);
            let (dw, dh) = (iw * scale, ih * scale);
            Page {
                items: vec![PageItem::Image {
                    x: (w - dw) / 2.0,
                    y: (h - dh) / 2.0,
                    width: dw,
                    height: dh,
                    key,
                    tag,
                }],
                ..Page::default()
            }
        }
        None => page(&book.meta, ts, &assets.fonts),
    };
    for item in &mut page.items {
        if let PageItem::Text { piece, .. } = item {
            piece.tag = tag;
        }
    }
    ts.pages.insert(0, page);
    for e in &mut ts.outline {
        e.page += 1;
    }
    for page in &mut ts.pages {
        for item in &mut page.items {
            if let PageItem::Link {
                target: super::Target::Page { page, .. },
                ..
            } = item
            {
                *page += 1;
            }
        }
    }
}
