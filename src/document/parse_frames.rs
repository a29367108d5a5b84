//! The frames `parse` builds the IR in: one per open Markdown or HTML container.

use crate::document::html::Element;
use crate::document::{Align, Block, Inline};

/// What is being built at one level of nesting.
pub(super) enum Frame {
    /// Blocks of the chapter, a quote, a list item, a footnote definition or an HTML
    /// container. `merged` counts Markdown containers opened inside it beyond the nesting cap
    /// (their content goes here), `merged_tags` HTML elements.
    Blocks {
        kind: Container,
        blocks: Vec<Block>,
        loose: Vec<Inline>,
        merged: usize,
        merged_tags: Vec<&'static str>,
    },
    /// Inline content of a paragraph, heading, emphasis, link, image, table cell or inline
    /// HTML element.
    Inlines {
        kind: InlineKind,
        inlines: Vec<Inline>,
        merged: usize,
        merged_tags: Vec<&'static str>,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        /// Where it starts: line and column.
        at: (usize, usize),
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
        at: (usize, usize),
    },
    Row(Vec<Vec<Inline>>),
    Definitions(Vec<crate::document::Definition>),
    Code {
        lang: Option<String>,
        text: String,
        /// Where it starts in the chapter.
        at: usize,
    },
    /// An HTML block: its text, and where its pieces start (offset in the text, offset in the
    /// chapter), for messages.
    Html {
        text: String,
        pieces: Vec<(usize, usize)>,
    },
}

pub(super) enum Container {
    Root,
    Quote,
    Item,
    /// A definition of a definition list's term.
    Definition,
    Footnote(String),
    /// A division (pandoc's fenced div, or an HTML `<div>` with a language or a class): its
    /// attributes, the blocks to come.
    Div(Box<crate::document::Div>),
    /// An HTML element whose start and end tags are HTML blocks of their own, with Markdown
    /// between them (`<div class="x">`, blank line, text, blank line, `</div>`).
    Html {
        name: &'static str,
        source: String,
    },
}

pub(super) enum InlineKind {
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
        /// `{.unnumbered}` or `{-}`.
        unnumbered: bool,
    },
    Emphasis,
    Strong,
    Strike,
    Span(crate::document::SpanKind),
    Link {
        url: String,
        title: String,
        offset: usize,
        /// See [`crate::document::Link::implicit`].
        implicit: Option<String>,
    },
    Image {
        url: String,
        title: String,
        line: usize,
        column: usize,
        /// `![text]` naming no link: text after all (what followed the brackets, as for
        /// [`crate::document::Link::implicit`]).
        implicit: Option<String>,
    },
    Cell,
    /// A definition list's term.
    Term,
    /// Content we do not represent (super/subscript, definition lists, …): kept as its inlines.
    Transparent,
    /// An inline HTML element.
    Html {
        element: Element,
        /// Line and column of its start tag in the chapter.
        place: (usize, usize),
    },
    /// A removed HTML element (`<script>`): its content is dropped.
    Removed(&'static str),
}

impl Frame {
    /// How much the frame adds to the block and to the inline nesting depth.
    pub(super) fn depth(&self) -> (usize, usize) {
        match self {
            Frame::Blocks {
                kind: Container::Quote | Container::Html { .. } | Container::Div(_),
                ..
            }
            | Frame::List { .. }
            | Frame::Definitions(_) => (1, 0),
            Frame::Inlines {
                kind:
                    InlineKind::Emphasis
                    | InlineKind::Strong
                    | InlineKind::Strike
                    | InlineKind::Span(_)
                    | InlineKind::Link { .. }
                    | InlineKind::Html { .. },
                ..
            } => (0, 1),
            _ => (0, 0),
        }
    }
}

pub(super) fn blocks_frame(kind: Container) -> Frame {
    Frame::Blocks {
        kind,
        blocks: vec![],
        loose: vec![],
        merged: 0,
        merged_tags: vec![],
    }
}

pub(super) fn inlines_frame(kind: InlineKind) -> Frame {
    Frame::Inlines {
        kind,
        inlines: vec![],
        merged: 0,
        merged_tags: vec![],
    }
}

/// Push `inline`, joining it to a preceding text (pulldown-cmark splits text at punctuation).
pub(super) fn push_merging_text(inlines: &mut Vec<Inline>, inline: Inline) {
    if let (Some(Inline::Text(prev)), Inline::Text(next)) = (inlines.last_mut(), &inline) {
        prev.push_str(next);
    } else {
        inlines.push(inline);
    }
}
