//! A paragraph's inline content as runs of text in one style each (face, size, baseline
//! shift, link): what the paragraph setter shapes and breaks.

use crate::document::{Inline, LinkTarget};
use crate::fonts::{Face, FontSet};

use super::paragraph::Link;

/// A run of text in one style.
#[derive(Clone)]
pub(super) struct Run {
    pub text: String,
    pub face: Face,
    pub size: f32,
    pub rise: f32,
    pub link: Option<Link>,
    /// Hard line break after this run.
    pub hard_break: bool,
}

/// Flatten inline content into runs of one style.
pub(super) fn flatten(
    inlines: &[Inline],
    face: Face,
    size: f32,
    link: Option<&Link>,
    out: &mut Vec<Run>,
) {
    let push =
        |out: &mut Vec<Run>, text: &str, face: Face, size: f32, rise: f32, link: Option<&Link>| {
            if let Some(last) = out.last_mut()
                && last.face == face
                && last.size == size
                && last.rise == rise
                && last.link.as_ref() == link
                && !last.hard_break
            {
                last.text.push_str(text);
                return;
            }
            out.push(Run {
                text: text.to_string(),
                face,
                size,
                rise,
                link: link.cloned(),
                hard_break: false,
            });
        };
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Html(t) => push(out, t, face, size, 0.0, link),
            Inline::Emphasis(c) => flatten(c, face.with_italic(!face.is_italic()), size, link, out),
            Inline::Strong(c) => flatten(c, face.with_bold(), size, link, out),
            // Strikethrough has no drawn line yet; its text stays.
            Inline::Strikethrough(c) => flatten(c, face, size, link, out),
            Inline::Code(t) => push(out, t, face.code_in(), size * 0.88, 0.0, link),
            Inline::Link(l) => {
                // A link inside a link leads where the outer one does.
                let target = match &l.target {
                    LinkTarget::External(uri) => Some(Link::Uri(uri.as_str().into())),
                    LinkTarget::Internal(place) => Some(Link::Place(place.clone())),
                    LinkTarget::Nowhere => None,
                };
                flatten(&l.content, face, size, link.or(target.as_ref()), out)
            }
            Inline::Image(img) => {
                let alt = if img.alt.is_empty() {
                    img.url.clone()
                } else {
                    img.alt.clone()
                };
                push(
                    out,
                    &format!("[{alt}]"),
                    face.with_italic(true),
                    size,
                    0.0,
                    link,
                )
            }
            Inline::FootnoteRef { number } => push(
                out,
                &number.to_string(),
                face.with_italic(false),
                size * 0.62,
                size * 0.36,
                Some(&Link::Note(*number)),
            ),
            Inline::SoftBreak => push(out, " ", face, size, 0.0, link),
            Inline::HardBreak => {
                if let Some(last) = out.last_mut() {
                    last.hard_break = true;
                }
            }
        }
    }
}

/// `runs` with each stretch of characters their face lacks moved into a run of its own, in
/// the fallback face that has them ([`FontSet::for_char`]): emoji, arrows, mathematical signs and
/// dingbats in a book set in Gentium. Decided before shaping, so that each run is shaped by
/// one font. Borrowed as it is when every character is in its run's face (nearly every
/// paragraph).
pub(super) fn with_fallbacks<'a>(runs: &'a [Run], fonts: &FontSet) -> std::borrow::Cow<'a, [Run]> {
    let needs = |run: &Run| {
        // The face's own font first: nearly every character is in it.
        let font = fonts.font(run.face);
        run.text.chars().any(|c| {
            // (An emoji presentation selector may send the character before it to
            // the emoji font: see `FontSet::face_runs`.)
            c == '\u{FE0F}' || (!font.has_char(c) && fonts.for_char(run.face, c) != run.face)
        })
    };
    if !runs.iter().any(needs) {
        return std::borrow::Cow::Borrowed(runs);
    }
    let mut out = Vec::with_capacity(runs.len() + 2);
    for run in runs {
        if !needs(run) {
            out.push(run.clone());
            continue;
        }
        let piece = |text: &str, face: Face| Run {
            text: text.to_string(),
            face,
            size: run.size,
            rise: run.rise,
            link: run.link.clone(),
            hard_break: false,
        };
        for (range, face) in fonts.face_runs(&run.text, run.face) {
            out.push(piece(&run.text[range], face));
        }
        if let Some(last) = out.last_mut() {
            last.hard_break = run.hard_break;
        }
    }
    std::borrow::Cow::Owned(out)
}
