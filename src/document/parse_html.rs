//! Raw HTML met while parsing Markdown (part of `parse`). pulldown-cmark hands it over in two
//! shapes: HTML blocks (whole lines, gathered into one fragment) and inline HTML (one tag or
//! comment per event, Markdown in between). Both end up as IR (`html_ir`); tags that stay
//! unbalanced or unknown are kept as text, removed content is reported as a warning.

use std::ops::Range;

use super::{Builder, Container, Frame, InlineKind, MAX_INLINE_NESTING, MAX_NESTING};
use super::{blocks_frame, inlines_frame};
use crate::document::html::{self, Element, Kind, Removed, Token};
use crate::document::html_ir::{Convert, wrap};
use crate::document::{Block, Inline};

/// HTML containers whose start and end tags may stand alone, with Markdown between them.
const SPANNING: &[&str] = &[
    "div",
    "blockquote",
    "figure",
    "details",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "nav",
    "center",
];

impl Builder<'_> {
    /// An HTML block: a lone start tag of a spanning container opens it around the Markdown
    /// that follows, a lone end tag closes it; anything else is converted where it stands.
    pub(super) fn html_block(&mut self, text: String, pieces: &[(usize, usize)]) {
        match crate::document::fenced_divs::marker(&text) {
            Some(Some(div)) => return self.open_div(div),
            Some(None) => return self.close_div(),
            None => {}
        }
        let at = |frag: usize| chapter_offset(pieces, frag);
        let tokens = html::tokenize(&text);
        let significant: Vec<&(Token, Range<usize>)> = tokens
            .iter()
            .filter(|(t, _)| match t {
                Token::Comment => false,
                Token::Text(x) => !x.trim().is_empty(),
                _ => true,
            })
            .collect();
        if let [(token, range)] = significant.as_slice() {
            match token {
                Token::Start {
                    name,
                    attrs,
                    self_closing: false,
                } => {
                    if name == "listing" {
                        // mdBook's `<Listing number=… file-name=… caption=…>` around a
                        // listing (the Rust book's preprocessor): its captions, on its close.
                        let source = text[range.clone()].to_string();
                        self.open_html_container("listing", source);
                        return;
                    }
                    let (canonical, kind) = html::kind(name);
                    if kind == Kind::Normal && SPANNING.contains(&canonical) {
                        let mut removed = vec![];
                        let kept = html::clean_attrs(canonical, attrs, range.start, &mut removed);
                        self.report(&removed, &at);
                        if let Some((_, id)) = kept.iter().find(|(k, _)| *k == "id") {
                            self.anchors.anchor(id);
                        }
                        let source = text[range.clone()].to_string();
                        self.open_html_container(canonical, source);
                        return;
                    }
                }
                Token::End { name } if self.close_html_container(name) => return,
                _ => {}
            }
        }
        let fragment = html::parse(&text);
        self.report(&fragment.removed, &at);
        let blocks = self.convert(|c| c.blocks(fragment.nodes), &at);
        blocks.into_iter().for_each(|b| self.push_block(b));
    }

    /// Open a division (a fenced div's start).
    fn open_div(&mut self, div: crate::document::Div) {
        if self.depth >= MAX_NESTING {
            // Beyond the nesting cap its content joins the container around it, and so does
            // its end's: a marker that closes nothing is passed by.
            return;
        }
        self.push_frame(blocks_frame(Container::Div(Box::new(div))));
    }

    /// Close the division open on top, if there is one (a fenced div's end).
    fn close_div(&mut self) {
        if let Some(Frame::Blocks {
            kind: Container::Div(_),
            merged: 0,
            merged_tags,
            ..
        }) = self.stack.last()
            && merged_tags.is_empty()
        {
            self.pop_and_close();
        }
    }

    fn open_html_container(&mut self, name: &'static str, source: String) {
        if self.depth >= MAX_NESTING
            && let Some(Frame::Blocks { merged_tags, .. }) = self.stack.last_mut()
        {
            merged_tags.push(name);
            return;
        }
        self.push_frame(blocks_frame(Container::Html { name, source }));
    }

    /// Close the open HTML container `name` on top, if there is one.
    fn close_html_container(&mut self, name: &str) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Blocks {
                kind: Container::Html { name: open, .. },
                merged: 0,
                merged_tags,
                ..
            }) if merged_tags.is_empty() && *open == name => {}
            Some(Frame::Blocks { merged_tags, .. }) if merged_tags.last() == Some(&name) => {
                merged_tags.pop();
                return true;
            }
            _ => return false,
        }
        let Some(Frame::Blocks {
            mut blocks,
            mut loose,
            kind,
            ..
        }) = self.pop_frame()
        else {
            return false;
        };
        if !loose.is_empty() {
            loose.shrink_to_fit();
            blocks.push(Block::Paragraph(loose));
        }
        if name == "blockquote" {
            self.push_block(Block::BlockQuote(blocks));
        } else if name == "aside" {
            self.push_block(Block::Div(Box::new(crate::document::Div {
                id: None,
                lang: None,
                classes: vec!["aside".into()],
                blocks,
            })));
        } else if let Container::Html { source, .. } = &kind
            && name == "div"
            && let Some(mut div) = html_div(source)
        {
            div.blocks = blocks;
            self.push_block(Block::Div(Box::new(div)));
        } else if let Container::Html { source, .. } = kind
            && name == "listing"
        {
            let (file, caption) = listing_captions(&source);
            if let Some(file) = file {
                let above = vec![Inline::Text(format!("Filename: {file}"))];
                self.push_block(Block::Caption(above));
            }
            blocks.into_iter().for_each(|b| self.push_block(b));
            if let Some(caption) = caption {
                let below = self.inline_markdown(&caption);
                self.push_block(Block::Caption(below));
            }
        } else {
            blocks.into_iter().for_each(|b| self.push_block(b));
        }
        true
    }

    /// HTML elements left open on top of the stack (the Markdown container around them ends):
    /// each is closed as unbalanced, its start tag kept as text.
    pub(super) fn unwind_html(&mut self) {
        while let Some(
            Frame::Blocks {
                kind: Container::Html { .. },
                merged: 0,
                ..
            }
            | Frame::Blocks {
                kind: Container::Div(_),
                merged: 0,
                ..
            }
            | Frame::Inlines {
                kind: InlineKind::Html { .. } | InlineKind::Removed(_),
                merged: 0,
                ..
            },
        ) = self.stack.last()
        {
            self.pop_and_close();
        }
    }

    /// Inline HTML: one tag or comment as pulldown-cmark gives it (or, rarely, a whole
    /// fragment).
    pub(super) fn inline_html(&mut self, t: &str, offset: usize) {
        let at = |frag: usize| offset + frag;
        let tokens = html::tokenize(t);
        if let [(token, range)] = tokens.as_slice()
            && *range == (0..t.len())
        {
            match token {
                Token::Comment => return,
                Token::Start {
                    name,
                    attrs,
                    self_closing,
                } => {
                    let (canonical, kind) = html::kind(name);
                    match kind {
                        Kind::Normal if !self_closing => {
                            let mut removed = vec![];
                            let attrs = html::clean_attrs(canonical, attrs, 0, &mut removed);
                            self.report(&removed, &at);
                            let element = Element {
                                name: canonical,
                                attrs,
                                children: vec![],
                                offset: 0,
                            };
                            if let Some(id) = element.attr("id") {
                                self.anchors.anchor(id);
                            }
                            self.note_caption_start(&element);
                            let place = self.locator.locate(offset);
                            self.open_inline_html(element, place);
                            return;
                        }
                        Kind::Removed | Kind::RemovedVoid => {
                            let removed = Removed {
                                offset: 0,
                                what: format!("<{name}> element"),
                            };
                            self.report(&[removed], &at);
                            if kind == Kind::Removed && !self_closing {
                                self.push_frame(inlines_frame(InlineKind::Removed(canonical)));
                            }
                            return;
                        }
                        _ => {}
                    }
                }
                Token::End { name } if self.close_inline_html(name) => return,
                _ => {}
            }
        }
        // A void element, an unknown or unbalanced tag, or several tags: converted as a
        // fragment (unbalanced and unknown markup comes back as text).
        let fragment = html::parse(t);
        self.report(&fragment.removed, &at);
        let inlines = self.convert(|c| c.inlines(fragment.nodes), &at);
        inlines.into_iter().for_each(|i| self.push_inline(i));
    }

    fn open_inline_html(&mut self, element: Element, place: (usize, usize)) {
        if self.inline_depth >= MAX_INLINE_NESTING
            && let Some(Frame::Inlines { merged_tags, .. }) = self.stack.last_mut()
        {
            merged_tags.push(element.name);
            return;
        }
        self.push_frame(inlines_frame(InlineKind::Html { element, place }));
    }

    /// Close the open inline HTML element `name` on top, if there is one.
    fn close_inline_html(&mut self, name: &str) -> bool {
        match self.stack.last_mut() {
            Some(Frame::Inlines {
                kind: InlineKind::Html { element, .. },
                merged: 0,
                merged_tags,
                ..
            }) if merged_tags.is_empty() && element.name == name => {}
            Some(Frame::Inlines {
                kind: InlineKind::Removed(open),
                ..
            }) if *open == name => {
                self.pop_frame();
                return true;
            }
            Some(Frame::Inlines { merged_tags, .. }) if merged_tags.last() == Some(&name) => {
                merged_tags.pop();
                return true;
            }
            _ => return false,
        }
        let Some(Frame::Inlines {
            kind: InlineKind::Html { element, place, .. },
            inlines,
            ..
        }) = self.pop_frame()
        else {
            return false;
        };
        wrap(&element, inlines, place)
            .into_iter()
            .for_each(|i| self.push_inline(i));
        true
    }

    /// Run a conversion of HTML into IR with this chapter's state; `at` maps offsets in the
    /// fragment to offsets in the chapter.
    fn convert<T>(&mut self, f: impl FnOnce(&mut Convert) -> T, at: &dyn Fn(usize) -> usize) -> T {
        let (out, notes) = {
            let locator = &mut self.locator;
            let mut locate = |frag: usize| locator.locate(at(frag));
            let mut c = Convert {
                used_ids: &mut self.used_ids,
                anchors: &mut self.anchors,
                book_dir: self.book_dir,
                rel_dir: &self.rel_dir,
                locate: &mut locate,
                depth_left: MAX_NESTING.saturating_sub(self.depth),
                inline_depth_left: MAX_INLINE_NESTING.saturating_sub(self.inline_depth),
                notes: vec![],
            };
            let out = f(&mut c);
            (out, c.notes)
        };
        for (frag, msg, help) in notes {
            self.warn(at(frag), msg, help);
        }
        out
    }

    /// A paragraph that opens with `<span class="filename">` or `<span class="caption">` (the
    /// Rust book's older listings, and mdBooks after it) is a caption.
    fn note_caption_start(&mut self, element: &Element) {
        let captions = element.name == "span"
            && element.attr("class").is_some_and(|c| {
                c.split(' ')
                    .any(|c| matches!(c, "filename" | "caption" | "file-name"))
            });
        if captions
            && let Some(Frame::Inlines {
                kind: InlineKind::Paragraph,
                inlines,
                ..
            }) = self.stack.last()
            && inlines.is_empty()
        {
            self.caption_at = Some(self.stack.len());
        }
    }

    /// `text` (a caption an attribute holds) as inline Markdown (`*Cargo.toml*`, `` `x` ``).
    /// Text holding markup or lines stays as written, so that a caption cannot open another
    /// listing.
    fn inline_markdown(&self, text: &str) -> Vec<Inline> {
        let plain = || vec![Inline::Text(text.to_string())];
        // (Markup is read only inside code spans: `Option<i32>` in backticks is code.)
        let outside_code: String = text.split('`').step_by(2).collect();
        if outside_code.contains('<') || text.contains('\n') {
            return plain();
        }
        let src = crate::manuscript::ChapterSource {
            path: self.path.to_path_buf(),
            text: text.to_string(),
        };
        match super::parse_chapter_as(&src, "caption", self.book_dir, self.math) {
            Ok((chapter, _)) => match chapter.blocks.into_iter().next() {
                Some(Block::Paragraph(inlines)) => inlines,
                _ => plain(),
            },
            Err(_) => plain(),
        }
    }

    /// Warnings for what the sanitizer removed.
    fn report(&mut self, removed: &[Removed], at: &dyn Fn(usize) -> usize) {
        for r in removed {
            let help = if r.what.starts_with("link target") {
                super::LONG_URL_HELP
            } else if r.what.starts_with("<style") {
                "terbit styles the book itself; remove the style element"
            } else if r.what.contains("URL") || r.what.starts_with("`on") {
                "e-books do not run scripts; remove it"
            } else if r.what.starts_with("<script") {
                "e-books do not run scripts; remove the script"
            } else {
                "embedded and interactive content cannot go into a book; remove it"
            };
            self.warn(at(r.offset), format!("{} removed", r.what), help);
        }
    }
}

/// The offset in the chapter of byte `frag` of an HTML block gathered from `pieces`.
fn chapter_offset(pieces: &[(usize, usize)], frag: usize) -> usize {
    let i = pieces.partition_point(|(start, _)| *start <= frag);
    match i.checked_sub(1).and_then(|i| pieces.get(i)) {
        Some((start, chapter)) => chapter + (frag - start),
        None => pieces.first().map_or(0, |p| p.1),
    }
}

/// The captions of mdBook's `<Listing>` start tag `source`: the file name shown above the
/// listing, and below it `Listing N: caption` (or the caption or number alone).
fn listing_captions(source: &str) -> (Option<String>, Option<String>) {
    let tokens = html::tokenize(source);
    let Some((Token::Start { attrs, .. }, _)) = tokens.first() else {
        return (None, None);
    };
    let attr = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let caption = match (attr("number"), attr("caption")) {
        (Some(n), Some(c)) => Some(format!("Listing {n}: {c}")),
        (Some(n), None) => Some(format!("Listing {n}")),
        (None, c) => c,
    };
    (attr("file-name"), caption)
}

/// The division an HTML `<div>` start tag (`source`) makes, when it has a language or a class
/// (else its content simply joins the text around it).
fn html_div(source: &str) -> Option<crate::document::Div> {
    let (Token::Start { attrs, .. }, _) = html::tokenize(source).into_iter().next()? else {
        return None;
    };
    let mut div = crate::document::Div::default();
    for (key, value) in attrs {
        match key.as_str() {
            "lang" | "xml:lang" if crate::manuscript::config::is_bcp47(value.trim()) => {
                div.lang = Some(value.trim().to_string())
            }
            "class" => div
                .classes
                .extend(value.split_whitespace().map(String::from)),
            _ => {}
        }
    }
    (div.lang.is_some() || !div.classes.is_empty()).then_some(div)
}
