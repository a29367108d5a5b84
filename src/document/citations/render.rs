//! hayagriva's formatted output (a tree of text runs with CSL's formatting) as IR inlines:
//! italics as emphasis, bold as strong, small capitals, raised and lowered text, links. A
//! citation's part for each work it cites is linked to that work's entry.

use hayagriva::citationberg::{FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign};
use hayagriva::{ElemChild, ElemChildren, ElemMeta, Formatting};

use crate::document::{Inline, Link, LinkTarget, Span, SpanKind};

/// The inlines of `children`; `entry_link(i)` is where the part for the citation's item `i`
/// leads (`None`: no link).
pub fn inlines(
    children: &ElemChildren,
    entry_link: &dyn Fn(usize) -> Option<LinkTarget>,
) -> Vec<Inline> {
    let mut out = Vec::new();
    push_children(children, entry_link, &mut out, 0);
    merge_text(&mut out);
    out
}

/// Deepest nesting followed: a style's output is a few levels deep; a style that nests its
/// groups deeper is set flat from here (its text kept).
const MAX_DEPTH: usize = 64;

fn push_children(
    children: &ElemChildren,
    entry_link: &dyn Fn(usize) -> Option<LinkTarget>,
    out: &mut Vec<Inline>,
    depth: usize,
) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => out.extend(formatted(&t.text, t.formatting)),
            ElemChild::Markup(m) => out.push(Inline::Text(m.clone())),
            ElemChild::Link { text, url } => {
                let content = formatted(&text.text, text.formatting);
                let link = Link::new(url.clone(), String::new(), content, (0, 0));
                out.push(Inline::Link(Box::new(link)));
            }
            ElemChild::Transparent { .. } => {}
            ElemChild::Elem(elem) => {
                let mut inner = Vec::new();
                push_children(&elem.children, entry_link, &mut inner, depth + 1);
                match elem.meta {
                    Some(ElemMeta::Entry(i)) if depth < MAX_DEPTH => match entry_link(i) {
                        Some(target) => {
                            let mut link = Link::new(String::new(), String::new(), inner, (0, 0));
                            link.target = target;
                            out.push(Inline::Link(Box::new(link)));
                        }
                        None => out.extend(inner),
                    },
                    _ => out.extend(inner),
                }
            }
        }
    }
}

/// A run of text in CSL's formatting.
fn formatted(text: &str, f: Formatting) -> Vec<Inline> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut content = vec![Inline::Text(text.to_string())];
    if f.font_variant == FontVariant::SmallCaps {
        content = vec![Span::inline(SpanKind::SmallCaps, content)];
    }
    if f.text_decoration == TextDecoration::Underline {
        content = vec![Span::inline(SpanKind::Underline, content)];
    }
    match f.vertical_align {
        VerticalAlign::Sup => content = vec![Span::inline(SpanKind::Superscript, content)],
        VerticalAlign::Sub => content = vec![Span::inline(SpanKind::Subscript, content)],
        _ => {}
    }
    if f.font_weight == FontWeight::Bold {
        content = vec![Inline::Strong(content)];
    }
    if f.font_style == FontStyle::Italic {
        content = vec![Inline::Emphasis(content)];
    }
    content
}

/// Neighbouring plain texts joined (hayagriva gives a run per CSL element).
fn merge_text(inlines: &mut Vec<Inline>) {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines.drain(..) {
        match (out.last_mut(), inline) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (Some(Inline::Emphasis(a)), Inline::Emphasis(b)) => a.extend(b),
            (_, Inline::Link(mut link)) => {
                merge_text(&mut link.content);
                out.push(Inline::Link(link));
            }
            (_, other) => out.push(other),
        }
    }
    *inlines = out;
}
