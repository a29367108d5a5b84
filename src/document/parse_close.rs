//! Finishing a frame of `parse` (part of it): what each Markdown or HTML container, and each
//! run of inline content, becomes in the IR once its end is read.

use super::parse_finish::shown_code;
use super::parse_frames::{Container, Frame, InlineKind};
use super::{Builder, LONG_URL_HELP, MAX_URL_BYTES, paragraph};
use crate::document::ids::{is_usable_id, unique_id};
use crate::document::url::is_dangerous;
use crate::document::{Block, Definition, Image, Inline, Link, Span, Table, plain_text};

impl Builder<'_> {
    /// Finish the frame on top and hand its result to the frame below it.
    pub(super) fn pop_and_close(&mut self) {
        let Some(frame) = self.pop_frame() else {
            return;
        };
        match frame {
            Frame::Blocks {
                kind,
                mut blocks,
                loose,
                ..
            } => {
                if !loose.is_empty() {
                    blocks.push(paragraph(loose));
                }
                match kind {
                    Container::Root => self.stack.push(Frame::Blocks {
                        kind,
                        blocks,
                        loose: vec![],
                        merged: 0,
                        merged_tags: vec![],
                    }),
                    Container::Quote => self.push_block(Block::BlockQuote(blocks)),
                    Container::Item => {
                        if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                            blocks.shrink_to_fit();
                            items.push(blocks);
                        } else {
                            blocks.into_iter().for_each(|b| self.push_block(b));
                        }
                    }
                    Container::Definition => match self.stack.last_mut() {
                        Some(Frame::Definitions(items)) => match items.last_mut() {
                            Some(last) => last.details.push(blocks),
                            None => items.push(Definition {
                                term: vec![],
                                details: vec![blocks],
                            }),
                        },
                        _ => blocks.into_iter().for_each(|b| self.push_block(b)),
                    },
                    Container::Div(mut div) => {
                        div.blocks = blocks;
                        self.push_block(Block::Div(div));
                    }
                    Container::Footnote(label) => {
                        self.footnote_defs.entry(label).or_insert(blocks);
                    }
                    // Reached only when the element was never closed (`close_html_container`
                    // handles its end tag): its content stays, its start tag goes.
                    Container::Html { .. } => {
                        blocks.into_iter().for_each(|b| self.push_block(b));
                    }
                }
            }
            Frame::Inlines { kind, inlines, .. } => self.close_inlines(kind, inlines),
            Frame::List {
                start,
                items,
                at: (line, column),
            } => self.push_block(Block::List {
                start,
                items,
                line,
                column,
            }),
            Frame::Table {
                align,
                head,
                rows,
                at: (line, column),
                ..
            } => self.push_block(Block::Table(Box::new(Table {
                align,
                head,
                rows,
                line,
                column,
            }))),
            Frame::Definitions(items) => self.push_block(Block::Definitions(items)),
            Frame::Row(cells) => {
                if let Some(Frame::Table { rows, .. }) = self.stack.last_mut() {
                    rows.push(cells);
                }
            }
            Frame::Code { lang, text, at } => match lang.as_deref().and_then(raw_format) {
                // pandoc's raw blocks, ```` ```{=html} ````: HTML is the book's (in both
                // editions, as an HTML block is); any other format's only that format's.
                Some(format) if is_html(format) => self.html_block(text, &[(0, at)]),
                Some(format) => self.warn(
                    at,
                    format!("a raw `{format}` block left out: only {format} output shows it"),
                    "write it in Markdown, or leave it out (pandoc too shows it only in that \
                     format)",
                ),
                None => {
                    let text = shown_code(lang.as_deref(), text);
                    self.push_block(Block::CodeBlock { lang, text })
                }
            },
            Frame::Html { text, pieces } => self.html_block(text, &pieces),
        }
    }

    fn close_inlines(&mut self, kind: InlineKind, mut inlines: Vec<Inline>) {
        // Held for the whole build: without the room it grew into (see `clean_blocks`).
        inlines.shrink_to_fit();
        match kind {
            InlineKind::Paragraph if self.caption_at == Some(self.stack.len() + 1) => {
                self.caption_at = None;
                self.push_block(Block::Caption(inlines))
            }
            InlineKind::Paragraph => self.push_block(paragraph(inlines)),
            InlineKind::Heading {
                level,
                id,
                unnumbered,
            } => {
                let given = id.as_deref().filter(|s| is_usable_id(s));
                let id = unique_id(given, &inlines, &mut self.used_ids);
                self.anchors.heading(&id);
                if unnumbered {
                    self.unnumbered.push(id.clone());
                }
                self.push_block(Block::Heading {
                    level,
                    id,
                    content: inlines,
                })
            }
            InlineKind::Emphasis => self.push_inline(Inline::Emphasis(inlines)),
            InlineKind::Strong => self.push_inline(Inline::Strong(inlines)),
            InlineKind::Strike => self.push_inline(Inline::Strikethrough(inlines)),
            InlineKind::Span(kind) => self.push_inline(Span::inline(kind, inlines)),
            InlineKind::Link {
                url,
                title,
                offset,
                implicit,
            } => {
                if let Some(scheme) = is_dangerous(&url) {
                    // Kept as its text in both writers: a `javascript:` link does nothing good
                    // in a book and some readers would run it.
                    let msg = format!("`{scheme}:` link removed, its text kept");
                    self.warn(offset, msg, "books cannot run scripts; link to a web page");
                    inlines.into_iter().for_each(|i| self.push_inline(i));
                } else if url.len() > MAX_URL_BYTES {
                    let msg = format!("link target of {} bytes removed, its text kept", url.len());
                    self.warn(offset, msg, LONG_URL_HELP);
                    inlines.into_iter().for_each(|i| self.push_inline(i));
                } else {
                    let place = self.locator.locate(offset);
                    let mut link = Link::new(url, title, inlines, place);
                    link.implicit = implicit;
                    self.push_inline(Inline::Link(Box::new(link)))
                }
            }
            // `![text]` naming no link: the text as written (pandoc's headings are named by
            // links, not images).
            InlineKind::Image {
                implicit: Some(after),
                ..
            } => {
                self.push_inline(Inline::Text("![".into()));
                inlines.into_iter().for_each(|i| self.push_inline(i));
                self.push_inline(Inline::Text(format!("]{after}")));
            }
            InlineKind::Image {
                url,
                title,
                line,
                column,
                ..
            } => {
                let alt = plain_text(&inlines);
                self.push_inline(Inline::Image(Box::new(Image {
                    url,
                    alt,
                    title,
                    width: None,
                    height: None,
                    alt_is_caption: true,
                    decorative: false,
                    line,
                    column,
                    id: None,
                    caption: inlines,
                })))
            }
            InlineKind::Term => match self.stack.last_mut() {
                Some(Frame::Definitions(items)) => items.push(Definition {
                    term: inlines,
                    details: vec![],
                }),
                _ => self.push_block(paragraph(inlines)),
            },
            InlineKind::Cell => {
                if let Some(Frame::Row(cells)) = self.stack.last_mut() {
                    cells.push(inlines);
                }
            }
            InlineKind::Transparent => inlines.into_iter().for_each(|i| self.push_inline(i)),
            // Reached only when the element was never closed (`inline_html` handles its end
            // tag): its content stays, its start tag goes (as `html::parse` leaves it out).
            InlineKind::Html { .. } => {
                inlines.into_iter().for_each(|i| self.push_inline(i));
            }
            InlineKind::Removed(_) => {}
        }
    }
}

/// The format of pandoc's raw attribute, `{=latex}`, if `attrs` is one.
pub(super) fn raw_format(attrs: &str) -> Option<&str> {
    let format = attrs.strip_prefix("{=")?.strip_suffix('}')?.trim();
    (!format.is_empty()
        && format
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_'))
    .then_some(format)
}

/// Whether a raw format is HTML, which an EPUB is made of.
pub(super) fn is_html(format: &str) -> bool {
    matches!(format, "html" | "html4" | "html5" | "epub" | "epub3")
}
