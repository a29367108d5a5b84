//! A paragraph's inline content as runs of text in one style each (face, size, baseline
//! shift, link): what the paragraph setter shapes and breaks.

use crate::document::{Image, Inline, Length, LinkTarget, SpanKind};
use crate::fonts::{Face, FontSet};
use crate::lang::Language;

use std::sync::Arc;

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
    /// An image set in the line (its text is then empty).
    pub image: Option<std::sync::Arc<InlineImage>>,
    /// The language of a span written in another language than the paragraph's, by its tag
    /// as written (`[Straße]{lang=de}`): shaped (its `locl` forms) and hyphenated by its
    /// rules.
    pub lang: Option<Arc<str>>,
}

/// An image in running text or a table cell: its asset, its pixels, and the size its author
/// gave (see [`InlineImage::size`]).
#[derive(Debug, Clone, PartialEq)]
pub struct InlineImage {
    pub key: String,
    pub px: (u32, u32),
    pub width: Option<Length>,
    pub height: Option<Length>,
    /// Its alternative text (its title, else its file's name, when it has none); None when
    /// it is marked as decoration.
    pub alt: Option<Arc<str>>,
}

impl InlineImage {
    /// Its size in points on a line of `measure`: the author's, else its pixels as CSS pixels
    /// (0.75 pt: a 20-pixel badge is 15 pt high), never wider than the measure.
    pub fn size(&self, measure: f32) -> (f32, f32) {
        let (pw, ph) = (
            self.px.0.max(1) as f32 * 0.75,
            self.px.1.max(1) as f32 * 0.75,
        );
        let (w, h) = match (self.width, self.height) {
            (Some(w), Some(h)) => (w.points(measure), h.points(measure)),
            (Some(w), None) => {
                let w = w.points(measure);
                (w, w * ph / pw)
            }
            (None, Some(h)) => {
                let h = h.points(measure);
                (h * pw / ph, h)
            }
            (None, None) => (pw, ph),
        };
        let fit = (measure.max(1.0) / w).min(1.0);
        (w * fit, h * fit)
    }
}

/// How the images of running text are found: its asset and pixels, if it was read.
pub type FindImage<'a> = &'a dyn Fn(&Image) -> Option<(String, u32, u32)>;

/// The style inline content is flattened in.
#[derive(Clone, Copy)]
pub(super) struct Style<'a> {
    pub face: Face,
    pub size: f32,
    /// Baseline shift upward, in points.
    pub rise: f32,
    /// Small capitals: lower-case letters set as capitals, smaller.
    pub small_caps: bool,
    /// The text's language (for the capitals of small capitals: Turkish i is İ).
    pub lang: Language,
    /// Its tag, when a span set it (else the paragraph's language holds).
    pub tag: Option<&'a str>,
}

impl<'a> Style<'a> {
    pub fn new(face: Face, size: f32, lang: Language, tag: Option<&'a str>) -> Style<'a> {
        Style {
            face,
            size,
            rise: 0.0,
            small_caps: false,
            lang,
            tag,
        }
    }

    fn face(self, face: Face) -> Style<'a> {
        Style { face, ..self }
    }
}

/// Flatten inline content into runs of one style.
pub(super) fn flatten<'a>(
    inlines: &'a [Inline],
    st: Style<'a>,
    link: Option<&Link>,
    images: FindImage,
    out: &mut Vec<Run>,
) {
    let push = |out: &mut Vec<Run>, text: &str, st: Style, link: Option<&Link>| {
        if st.small_caps {
            return push_small_caps(out, text, st, link);
        }
        push_run(out, text, &st, link)
    };
    for inline in inlines {
        match inline {
            Inline::Text(t) => push(out, t, st, link),
            // Kept HTML (`<small>`, `<bdi>`): its text.
            Inline::Html(t) => push(out, &crate::document::html::text_content(t), st, link),
            Inline::Emphasis(c) => flatten(
                c,
                st.face(st.face.with_italic(!st.face.is_italic())),
                link,
                images,
                out,
            ),
            Inline::Strong(c) => flatten(c, st.face(st.face.with_bold()), link, images, out),
            // Strikethrough has no drawn line yet; its text stays.
            Inline::Strikethrough(c) => flatten(c, st, link, images, out),
            Inline::Span(span) => {
                let inner = match &span.kind {
                    // Raised and lowered as a typeface's own superior and inferior figures
                    // sit: about two thirds of the size.
                    SpanKind::Superscript => Style {
                        size: st.size * 0.68,
                        rise: st.rise + st.size * 0.36,
                        ..st
                    },
                    SpanKind::Subscript => Style {
                        size: st.size * 0.68,
                        rise: st.rise - st.size * 0.14,
                        ..st
                    },
                    SpanKind::SmallCaps => Style {
                        small_caps: true,
                        ..st
                    },
                    // A formula's parts carry their own styles (see `document::tex_math`).
                    SpanKind::Math { .. } => st,
                    // Keys as code is set: monospaced, a little smaller.
                    SpanKind::Keyboard => Style {
                        face: st.face.code_in(),
                        size: st.size * 0.88,
                        ..st
                    },
                    // No highlight or underline is drawn yet; the text stays.
                    SpanKind::Mark
                    | SpanKind::Underline
                    | SpanKind::Abbr(_)
                    | SpanKind::Anchor(_)
                    | SpanKind::Citation(_)
                    | SpanKind::Target(_) => st,
                    // Shaped, hyphenated and (in small capitals) capitalized by its rules.
                    SpanKind::Lang(tag) => Style {
                        lang: Language::from_tag(tag),
                        tag: Some(tag),
                        ..st
                    },
                };
                flatten(&span.content, inner, link, images, out)
            }
            Inline::Code(t) => {
                let code = Style {
                    face: st.face.code_in(),
                    size: st.size * 0.88,
                    ..st
                };
                push_run(out, t, &code, link)
            }
            Inline::Link(l) => {
                // A link inside a link leads where the outer one does.
                let target = match &l.target {
                    LinkTarget::External(uri) => Some(Link::Uri(uri.as_str().into())),
                    LinkTarget::Internal(place) => Some(Link::Place(place.clone())),
                    LinkTarget::Nowhere => None,
                };
                flatten(&l.content, st, link.or(target.as_ref()), images, out)
            }
            Inline::Image(img) if let Some((key, w, h)) = images(img) => out.push(Run {
                text: String::new(),
                face: st.face,
                size: st.size,
                rise: st.rise,
                link: link.cloned(),
                hard_break: false,
                image: Some(Arc::new(InlineImage {
                    key,
                    px: (w, h),
                    width: img.width,
                    height: img.height,
                    alt: figure_alt(img),
                })),
                lang: None,
            }),
            Inline::Image(img) => {
                let alt = if img.alt.is_empty() {
                    img.url.clone()
                } else {
                    img.alt.clone()
                };
                let alt_style = st.face(st.face.with_italic(true));
                push_run(out, &format!("[{alt}]"), &alt_style, link)
            }
            Inline::FootnoteRef { number } => {
                let mark = Style {
                    face: st.face.with_italic(false),
                    size: st.size * 0.62,
                    rise: st.rise + st.size * 0.36,
                    ..st
                };
                push_run(out, &number.to_string(), &mark, Some(&Link::Note(*number)))
            }
            Inline::SoftBreak => push(out, " ", st, link),
            Inline::HardBreak => {
                if let Some(last) = out.last_mut() {
                    last.hard_break = true;
                }
            }
        }
    }
}

/// Add `text` in the style `st`, to the last run when it has that style.
fn push_run(out: &mut Vec<Run>, text: &str, st: &Style, link: Option<&Link>) {
    let Style {
        face, size, rise, ..
    } = *st;
    if let Some(last) = out.last_mut()
        && last.face == face
        && last.size == size
        && last.rise == rise
        && last.link.as_ref() == link
        && last.lang.as_deref() == st.tag
        && !last.hard_break
        && last.image.is_none()
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
        image: None,
        lang: st.tag.map(Arc::from),
    });
}

/// `text` in small capitals made from capitals, as a typeface without a small-caps feature
/// gets them: capitals as they are, lower-case letters as capitals at 78 % (the height of
/// most typefaces' small capitals), by the book's language's rules (Turkish i is İ).
fn push_small_caps(out: &mut Vec<Run>, text: &str, st: Style, link: Option<&Link>) {
    let small = st.size * 0.78;
    let mut piece = String::new();
    let mut piece_small = false;
    for c in text.chars() {
        let is_small = c.is_lowercase();
        if is_small != piece_small && !piece.is_empty() {
            let (shown, size) = if piece_small {
                (st.lang.to_upper(&piece), small)
            } else {
                (std::mem::take(&mut piece), st.size)
            };
            push_run(out, &shown, &Style { size, ..st }, link);
            piece.clear();
        }
        piece_small = is_small;
        piece.push(c);
    }
    if !piece.is_empty() {
        let (shown, size) = if piece_small {
            (st.lang.to_upper(&piece), small)
        } else {
            (piece, st.size)
        };
        push_run(out, &shown, &Style { size, ..st }, link);
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
            image: None,
            lang: run.lang.clone(),
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

/// What a tagged PDF gives as an image's alternative text: its own, else its title, else its
/// file's name (an image without alt text is a warning of the build; a name says more than
/// nothing); None for an image marked as decoration.
pub fn figure_alt(img: &crate::document::Image) -> Option<Arc<str>> {
    if img.decorative {
        return None;
    }
    let text = [img.alt.trim(), img.title.trim()]
        .into_iter()
        .find(|t| !t.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| {
            let name = img.url.rsplit('/').next().unwrap_or(&img.url);
            name.split(['?', '#']).next().unwrap_or(name).to_string()
        });
    Some(text.into())
}
