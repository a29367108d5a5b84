//! A page's link annotations (screen edition): each link item's rectangle, where it leads, and
//! its description, written with pdf-writer once its object number and its key in the parent
//! tree (see `structure`) are known.

use std::sync::Arc;

use crate::typeset::{PageItem, Target};

use super::content::{Context, Origin};

/// The link annotations of `items`, each with its link item's index among the page's (the
/// first of `items` being number `base`).
pub(super) fn links(
    cx: &Context,
    items: &[PageItem],
    o: Origin,
    base: usize,
    annots: &mut Vec<(usize, LinkAnnot)>,
) {
    let found = items
        .iter()
        .filter(|item| matches!(item, PageItem::Link { .. }));
    for (k, item) in found.enumerate() {
        if let PageItem::Link {
            x,
            y,
            width,
            height,
            target,
            text,
        } = item
            && !matches!(target, Target::Place(_))
        {
            annots.push((
                base + k,
                link(
                    cx,
                    o.x + x,
                    o.top - y - height,
                    *width,
                    *height,
                    target,
                    o.top,
                    text,
                ),
            ));
        }
    }
}

/// A link annotation, ready to be written (see [`LinkAnnot::write`]).
pub struct LinkAnnot {
    /// Its rectangle, PDF coordinates.
    rect: [f32; 4],
    /// Its description: the link's text, else its address.
    contents: String,
    action: LinkAction,
}

enum LinkAction {
    Uri(Arc<str>),
    /// A page's object (None: not in this edition) and the top of the view.
    GoTo(Option<u32>, f32),
}

impl LinkAnnot {
    /// Write it as object `id` into `chunk`, its key in the parent tree `key`.
    pub fn write(&self, chunk: &mut pdf_writer::Chunk, id: pdf_writer::Ref, key: i32) {
        use pdf_writer::types::{ActionType, AnnotationFlags, AnnotationType};
        let [x0, y0, x1, y1] = self.rect;
        let mut a = chunk.annotation(id);
        a.subtype(AnnotationType::Link)
            .contents(pdf_writer::TextStr(&self.contents))
            // Printed as shown: PDF/UA wants annotations the same for every reader.
            .flags(AnnotationFlags::PRINT)
            .rect(pdf_writer::Rect::new(x0, y0, x1, y1))
            .border(0.0, 0.0, 0.0, None)
            .struct_parent(key);
        let mut action = a.action();
        match &self.action {
            LinkAction::Uri(uri) => {
                action
                    .action_type(ActionType::Uri)
                    .uri(pdf_writer::Str(uri.as_bytes()));
            }
            LinkAction::GoTo(page, top) => {
                action.action_type(ActionType::GoTo);
                let dest = action.destination();
                match page {
                    Some(page) => dest
                        .page(pdf_writer::Ref::new(*page as i32))
                        .xyz(0.0, *top, None),
                    None => dest.fit(),
                }
            }
        }
    }
}

/// The link annotation for a rectangle at (x, y), `w` × `h` (PDF coordinates), leading to
/// `target`, on a page whose top is `top`; `text` is the link's.
#[allow(clippy::too_many_arguments)]
fn link(
    cx: &Context,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    target: &Target,
    top: f32,
    text: &str,
) -> LinkAnnot {
    let contents = if text.trim().is_empty() {
        match target {
            Target::Uri(uri) => uri.to_string(),
            _ => String::new(),
        }
    } else {
        text.trim().to_string()
    };
    let action = match target {
        Target::Uri(uri) => LinkAction::Uri(uri.clone()),
        Target::Page { page, y } => {
            LinkAction::GoTo(cx.page_ids.get(*page).copied(), top - y + cx.leading)
        }
        // Pagination points every place at its page; `links` skips any left.
        Target::Place(_) => LinkAction::GoTo(None, 0.0),
    };
    LinkAnnot {
        rect: [x, y, x + w, y + h],
        contents,
        action,
    }
}
