//! Markdown → IR. One pass over pulldown-cmark's events with an explicit stack (no recursion, so
//! deeply nested input cannot overflow the stack here).
//!
//! Nesting is capped here, once, for every later stage: beyond [`MAX_NESTING`] quotes and lists
//! (or [`MAX_INLINE_NESTING`] emphasis, strong, strikethrough and links), deeper containers are
//! merged into the deepest one allowed, their content kept. The writers walk the IR with
//! recursion and drop it recursively; a hostile `>>>>…` thousands deep must not reach them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::ids::{Anchors, Ids};
use super::{Block, Book, Chapter, Inline, SpanKind};
use crate::error::{Diagnostic, Locator, Result, Warnings};
use crate::manuscript::{ChapterSource, Manuscript};

/// Deepest nesting of block containers (quotes and lists) the IR holds.
pub const MAX_NESTING: usize = 48;
/// Deepest nesting of inline styles and links the IR holds.
pub const MAX_INLINE_NESTING: usize = 16;
/// The longest link target kept (browsers and servers stop near here). A longer one is no
/// address a reader can follow, and it would be copied onto every line and into every link
/// annotation its text is set in: its text is kept, without the link.
pub const MAX_URL_BYTES: usize = 4096;
pub(super) const LONG_URL_HELP: &str =
    "a link this long is no address a reader can follow; shorten it (at most 4,096 bytes)";

/// The Markdown extensions terbit reads, with pandoc's `$…$` formulas (not in mdBooks, whose
/// renderer reads a `$` as a dollar: `$HOME` … `$PATH`).
fn options(math: bool) -> Options {
    if math {
        markdown_options() | Options::ENABLE_MATH
    } else {
        markdown_options()
    }
}

/// The Markdown extensions terbit reads in every book.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUPERSCRIPT
        | Options::ENABLE_SUBSCRIPT
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Build the IR of a whole book.
pub fn build(m: &Manuscript) -> Result<Book> {
    build_with_warnings(m).map(|(book, _)| book)
}

/// Build the IR of a whole book, with the warnings about what was left out of it and about
/// links that lead nowhere.
pub fn build_with_warnings(m: &Manuscript) -> Result<(Book, Warnings)> {
    let (book, mut warnings, links) = build_parts(m)?;
    warnings.extend(links);
    Ok((book, warnings))
}

/// Build the IR of a whole book, its links resolved; with the warnings about what was left out
/// of it, and apart, about links that lead nowhere (see [`super::links::resolve`]).
pub fn build_parts(m: &Manuscript) -> Result<(Book, Warnings, Warnings)> {
    use rayon::prelude::*;
    // Chapters are parsed side by side; the first failing chapter in reading order is the one
    // reported, whichever thread finished first.
    let lang = crate::lang::Language::from_tag(&m.config.language.value);
    let math = !crate::import::mdbook::is_mdbook(&m.dir);
    let parsed: Vec<Result<(Chapter, Warnings)>> = m
        .chapters
        .par_iter()
        .enumerate()
        .map(|(i, src)| {
            let mut parsed = parse_chapter_as(src, &format!("ch{:02}", i + 1), &m.dir, math);
            if let Ok((chapter, _)) = &mut parsed {
                super::quote_marks::localize(chapter, lang);
            }
            parsed
        })
        .collect();
    let mut warnings = Warnings::default();
    let mut chapters = Vec::with_capacity(m.chapters.len());
    // pandoc's chapters are its `#` headings, an mdBook's its SUMMARY's entries.
    let split = m.config.chapter_depths.is_empty();
    for result in parsed {
        let (chapter, w) = result?;
        warnings.extend(w);
        if split {
            chapters.extend(super::split::at_titles(chapter));
        } else {
            chapters.push(chapter);
        }
    }
    if chapters.len() > m.chapters.len() {
        for (i, chapter) in chapters.iter_mut().enumerate() {
            chapter.id = format!("ch{:02}", i + 1);
        }
    }
    let mut book = Book {
        meta: m.config.clone(),
        dir: m.dir.clone(),
        chapters,
    };
    // Cross-references and citations before links: both are written as a link naming no link
    // (`[@key]`), which `links` would write back as text; cross-references first, as citations
    // leave their keys alone.
    super::crossrefs::apply(&mut book, m)?;
    warnings.extend(super::citations::apply(&mut book, m)?);
    super::figure_alts(&mut book);
    let links = super::links::resolve(&mut book, &m.chapters);
    Ok((book, warnings, links))
}

/// Parse one chapter file into the IR. `id` is the chapter's identifier in the book; the book's
/// folder is taken to be the chapter's.
pub fn parse_chapter(src: &ChapterSource, id: &str) -> Result<Chapter> {
    let dir = src.path.parent().unwrap_or(Path::new(""));
    parse_chapter_in(src, id, dir).map(|(chapter, _)| chapter)
}

/// The state of parsing one chapter.
struct Builder<'a> {
    path: &'a Path,
    /// The book's folder, and the chapter's folder relative to it (for HTML images).
    book_dir: &'a Path,
    rel_dir: PathBuf,
    text: &'a str,
    locator: Locator<'a>,
    stack: Vec<Frame>,
    /// Open quotes and lists, and open inline styles and links, on the stack.
    depth: usize,
    inline_depth: usize,
    footnote_numbers: HashMap<String, usize>,
    footnote_defs: HashMap<String, Vec<Block>>,
    used_ids: Ids,
    /// The ids of the headings marked unnumbered.
    unnumbered: Vec<String>,
    anchors: Anchors,
    /// The stack's height with the open paragraph that is a caption on top (see
    /// `note_caption_start`).
    caption_at: Option<usize>,
    warnings: Warnings,
    /// Whether `$…$` is a formula (see [`options`]).
    math: bool,
}

/// Parse one chapter file into the IR, `book_dir` being the book's folder; also returns the
/// warnings about what was left out.
pub fn parse_chapter_in(
    src: &ChapterSource,
    id: &str,
    book_dir: &Path,
) -> Result<(Chapter, Warnings)> {
    parse_chapter_as(src, id, book_dir, true)
}

/// [`parse_chapter_in`], `math` saying whether `$…$` is a formula (see [`options`]).
pub fn parse_chapter_as(
    src: &ChapterSource,
    id: &str,
    book_dir: &Path,
    math: bool,
) -> Result<(Chapter, Warnings)> {
    // A chapter of millions of tiny blocks is refused before pulldown-cmark builds its tree.
    super::budget::check(&src.path, &src.text)?;
    // Raw TeX left out (pandoc sets it in LaTeX only), every line kept in its place.
    let (tex_free, tex) = super::raw_tex::strip(&src.text);
    // pandoc's simple, multiline and grid tables as pipe tables, lines kept in place too.
    let tables = super::pandoc_tables::rewrite(&tex_free);
    // pandoc's fenced divs (`::: {.note}`): their fences left out, their content kept.
    let divs = super::fenced_divs::rewrite(&tables);
    // pandoc's inline notes (`^[…]`) as notes of the chapter.
    let notes = super::inline_notes::rewrite(&divs);
    // A note's reference a bracket follows (`[^a][@key]`) read as pandoc reads it.
    let notes = super::note_refs::rewrite(&notes);
    // pandoc's `#.` list items as `1.`, columns in place.
    let lists = super::auto_lists::rewrite(&notes);
    // pandoc's line blocks (`| ` verse) as lines with hard breaks.
    let verse = super::line_blocks::rewrite(&lists);
    let text: &str = &verse;
    let rel_dir = src
        .path
        .strip_prefix(book_dir)
        .ok()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut b = Builder {
        path: &src.path,
        book_dir,
        rel_dir,
        text,
        locator: Locator::new(text),
        stack: vec![blocks_frame(Container::Root)],
        depth: 0,
        inline_depth: 0,
        footnote_numbers: HashMap::new(),
        footnote_defs: HashMap::new(),
        used_ids: Ids::default(),
        unnumbered: Vec::new(),
        anchors: Anchors::default(),
        caption_at: None,
        warnings: Warnings::default(),
        math,
    };
    // Room for about as many blocks as the text has blank lines, made once: a chapter of
    // 600,000 paragraphs grew its list by doubling, holding the old and the new list at once.
    if let Some(Frame::Blocks { blocks, .. }) = b.stack.first_mut() {
        blocks.reserve(text.matches("\n\n").count() + 1);
    }
    // Its places are in the text as it was without the TeX (the later readers change lines'
    // lengths, never their number).
    let mut tex_locator = Locator::new(&tex_free);
    for dropped in tex {
        let msg = format!("raw TeX {} left out: terbit does not run TeX", dropped.what);
        let help = match &dropped.image {
            Some(file) => format!("to show `{file}`, write it as Markdown: ![caption]({file})"),
            None => "write it in Markdown, or leave it out (pandoc too sets it only in LaTeX)"
                .to_string(),
        };
        if b.warnings.has_room(&src.path) {
            // Shown as written: lines keep their numbers, and the TeX is gone from `text`.
            let (line, column) = tex_locator.locate(dropped.offset);
            let d = Diagnostic::at(&src.path, line, column, msg)
                .with_help(help)
                .with_source(&src.text);
            b.warnings.push(d);
        } else {
            b.warnings.count(&src.path);
        }
    }
    // `[Heading text]` with no link of that name may name a heading (pandoc's implicit
    // references): a link to that text, resolved with the book's links (see `links`).
    let implicit = |broken: BrokenLink<'_>| Some((broken.reference.into_static(), "".into()));
    let parser = Parser::new_with_broken_link_callback(text, options(math), Some(implicit));
    for (event, range) in parser.into_offset_iter() {
        b.event(event, range.start);
    }
    // Close anything left open (pulldown-cmark balances its events, so this is only defensive).
    while b.stack.len() > 1 {
        b.pop_and_close();
    }
    let mut blocks = match b.stack.pop() {
        Some(Frame::Blocks { blocks, .. }) => blocks,
        _ => vec![],
    };
    let mut footnotes = number_footnotes(b.footnote_numbers, b.footnote_defs);
    clean_blocks(&mut blocks);
    promote_title(&mut blocks);
    footnotes
        .iter_mut()
        .for_each(|f| clean_blocks(&mut f.blocks));
    let mut title = chapter_title(&blocks, &src.path, id);
    clean_text(&mut title);
    let chapter = Chapter {
        source: src.path.clone(),
        id: id.to_string(),
        title,
        blocks,
        footnotes,
        anchors: b.anchors.finish(),
        unnumbered: b.unnumbered,
    };
    Ok((chapter, b.warnings))
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, offset: usize) {
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(end) => self.end(end),
            Event::Text(t) => match self.stack.last_mut() {
                Some(Frame::Code { text, .. }) => text.push_str(&t),
                Some(Frame::Html { text, pieces }) => {
                    pieces.push((text.len(), offset));
                    text.push_str(&t);
                }
                _ => self.push_inline(Inline::Text(t.to_string())),
            },
            Event::Code(t) => self.push_inline(Inline::Code(t.to_string())),
            Event::InlineMath(t) => self.math(&t, false, offset),
            Event::DisplayMath(t) => self.math(&t, true, offset),
            Event::Html(t) => match self.stack.last_mut() {
                Some(Frame::Html { text, pieces }) => {
                    pieces.push((text.len(), offset));
                    text.push_str(&t);
                }
                _ => self.inline_html(&t, offset),
            },
            Event::InlineHtml(t) => self.inline_html(&t, offset),
            Event::FootnoteReference(label) => {
                let next = self.footnote_numbers.len() + 1;
                let number = *self
                    .footnote_numbers
                    .entry(label.to_string())
                    .or_insert(next);
                self.push_inline(Inline::FootnoteRef { number });
            }
            Event::SoftBreak => self.push_inline(Inline::SoftBreak),
            Event::HardBreak => self.push_inline(Inline::HardBreak),
            Event::Rule => self.push_block(Block::ThematicBreak),
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "☒ " } else { "☐ " }.to_string()))
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        if self.merge_open(&tag) {
            return;
        }
        let inlines = inlines_frame;
        let blocks = blocks_frame;
        let frame = match tag {
            Tag::Paragraph => inlines(InlineKind::Paragraph),
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => inlines(InlineKind::Heading {
                level: heading_level(level),
                id: id.map(|s| s.to_string()),
                unnumbered: classes.iter().any(|c| &**c == "unnumbered")
                    || attrs.iter().any(|(k, v)| &**k == "-" && v.is_none())
                    || dash_attribute(self.text, offset),
            }),
            Tag::BlockQuote(_) => blocks(Container::Quote),
            Tag::CodeBlock(kind) => Frame::Code {
                lang: match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                },
                text: String::new(),
                at: offset,
            },
            Tag::HtmlBlock => Frame::Html {
                text: String::new(),
                pieces: vec![],
            },
            Tag::List(start) => Frame::List {
                start,
                items: vec![],
                at: self.locator.locate(offset),
            },
            Tag::Item => blocks(Container::Item),
            Tag::DefinitionList => Frame::Definitions(vec![]),
            Tag::DefinitionListTitle => inlines(InlineKind::Term),
            Tag::DefinitionListDefinition => blocks(Container::Definition),
            Tag::FootnoteDefinition(label) => blocks(Container::Footnote(label.to_string())),
            Tag::Table(aligns) => Frame::Table {
                align: aligns.iter().map(|a| align(*a)).collect(),
                head: vec![],
                rows: vec![],
                in_head: false,
                at: self.locator.locate(offset),
            },
            Tag::TableHead => {
                if let Some(Frame::Table { in_head, .. }) = self.stack.last_mut() {
                    *in_head = true;
                }
                Frame::Row(vec![])
            }
            Tag::TableRow => Frame::Row(vec![]),
            Tag::TableCell => inlines(InlineKind::Cell),
            Tag::Emphasis => inlines(InlineKind::Emphasis),
            Tag::Strong => inlines(InlineKind::Strong),
            Tag::Strikethrough => inlines(InlineKind::Strike),
            Tag::Superscript => inlines(InlineKind::Span(SpanKind::Superscript)),
            Tag::Subscript => inlines(InlineKind::Span(SpanKind::Subscript)),
            Tag::Link {
                dest_url,
                title,
                link_type,
                id,
            } => inlines(InlineKind::Link {
                url: dest_url.to_string(),
                title: title.to_string(),
                offset,
                implicit: implicit_suffix(link_type, &id),
            }),
            Tag::Image {
                dest_url,
                title,
                link_type,
                id,
            } => {
                let (line, column) = self.locator.locate(offset);
                inlines(InlineKind::Image {
                    url: dest_url.to_string(),
                    title: title.to_string(),
                    line,
                    column,
                    implicit: implicit_suffix(link_type, &id),
                })
            }
            _ => inlines(InlineKind::Transparent),
        };
        self.push_frame(frame);
    }

    /// Whether `tag` opens a container beyond the nesting cap; if so it is merged into the
    /// frame on top (which counts it, so that its end is recognized).
    fn merge_open(&mut self, tag: &Tag<'_>) -> bool {
        let block = match tag {
            Tag::BlockQuote(_) | Tag::List(_) | Tag::DefinitionList => self.depth >= MAX_NESTING,
            // An item belongs to the list below it; with that list merged, so is the item.
            Tag::Item => !matches!(self.stack.last(), Some(Frame::List { .. })),
            Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                !matches!(self.stack.last(), Some(Frame::Definitions(_)))
            }
            _ => false,
        };
        let inline = matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
        ) && self.inline_depth >= MAX_INLINE_NESTING;
        match self.stack.last_mut() {
            Some(Frame::Blocks {
                blocks,
                loose,
                merged,
                ..
            }) if block => {
                // Each merged item or quote starts a paragraph of its own.
                if !loose.is_empty() {
                    blocks.push(paragraph(std::mem::take(loose)));
                }
                *merged += 1;
                true
            }
            Some(Frame::Inlines { merged, .. }) if inline => {
                *merged += 1;
                true
            }
            _ => false,
        }
    }

    fn end(&mut self, end: TagEnd) {
        // HTML elements opened inside the container that ends and never closed: their tags
        // become text (unless the end is that of a container merged into one of them).
        self.unwind_html();
        let nesting = matches!(
            end,
            TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::DefinitionList
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
        );
        if nesting {
            match self.stack.last_mut() {
                Some(Frame::Blocks {
                    blocks,
                    loose,
                    merged,
                    ..
                }) if *merged > 0 => {
                    if !loose.is_empty() {
                        blocks.push(paragraph(std::mem::take(loose)));
                    }
                    *merged -= 1;
                    return;
                }
                Some(Frame::Inlines { merged, .. }) if *merged > 0 => {
                    *merged -= 1;
                    return;
                }
                _ => {}
            }
        }
        if matches!(end, TagEnd::TableHead) {
            // The head row ends the head; body rows follow.
            if let Some(Frame::Row(cells)) = self.stack.pop()
                && let Some(Frame::Table { head, in_head, .. }) = self.stack.last_mut()
            {
                *head = cells;
                *in_head = false;
            }
            return;
        }
        self.pop_and_close();
    }

    fn push_frame(&mut self, frame: Frame) {
        let (block, inline) = frame.depth();
        self.depth += block;
        self.inline_depth += inline;
        self.stack.push(frame);
    }

    fn pop_frame(&mut self) -> Option<Frame> {
        let frame = self.stack.pop()?;
        let (block, inline) = frame.depth();
        self.depth -= block;
        self.inline_depth -= inline;
        Some(frame)
    }

    /// A formula: its TeX read into text; a command that reading does not know is shown by its
    /// name, with a warning at the formula.
    fn math(&mut self, tex: &str, display: bool, offset: usize) {
        let converted = super::tex_math::convert(tex, display);
        for name in &converted.unknown {
            self.warn(
                offset,
                format!("the math command `\\{name}` is not one terbit can set; it is shown as `{name}`"),
                "write the formula with the commands of LaTeX's basic math (\\frac, \\sqrt, Greek letters, operators), or as an image",
            );
        }
        let span = crate::document::Span::inline(
            crate::document::SpanKind::Math { display },
            converted.inlines,
        );
        self.push_inline(span);
    }

    /// A warning at byte `offset` of the chapter.
    fn warn(&mut self, offset: usize, message: String, help: &str) {
        if !self.warnings.has_room(self.path) {
            self.warnings.count(self.path);
            return;
        }
        let (line, column) = self.locator.locate(offset);
        let d = Diagnostic::at(self.path, line, column, message)
            .with_help(help)
            .with_source_at(self.text, offset);
        self.warnings.push(d);
    }

    fn push_inline(&mut self, inline: Inline) {
        match self.stack.last_mut() {
            Some(Frame::Inlines { inlines, .. }) => push_merging_text(inlines, inline),
            // Tight list items hold their text directly: gather it into a paragraph.
            Some(Frame::Blocks { loose, .. }) => push_merging_text(loose, inline),
            Some(Frame::Row(cells)) => cells.push(vec![inline]),
            _ => {}
        }
    }

    fn push_block(&mut self, block: Block) {
        match self.stack.last_mut() {
            Some(Frame::Blocks { blocks, loose, .. }) => {
                if !loose.is_empty() {
                    blocks.push(paragraph(std::mem::take(loose)));
                }
                blocks.push(block);
            }
            // A block inside inline content (HTML converted where a paragraph is open): its
            // text, so that no words are lost.
            Some(Frame::Inlines { inlines, .. }) => {
                let text = super::walk::text_of(std::slice::from_ref(&block));
                push_merging_text(inlines, Inline::Text(text));
            }
            _ => {}
        }
    }
}

#[path = "parse_frames.rs"]
mod parse_frames;
use parse_frames::{Container, Frame, InlineKind, blocks_frame, inlines_frame, push_merging_text};

#[path = "parse_finish.rs"]
mod parse_finish;
use parse_finish::{
    align, chapter_title, clean_blocks, clean_text, heading_level, number_footnotes, promote_title,
};

#[path = "parse_html.rs"]
mod parse_html;

#[path = "parse_close.rs"]
mod parse_close;

/// For a link or image the parser made of `[text]` naming no link (see `Link::implicit`):
/// what followed the brackets.
fn implicit_suffix(link_type: LinkType, id: &str) -> Option<String> {
    match link_type {
        LinkType::ShortcutUnknown => Some(String::new()),
        LinkType::CollapsedUnknown => Some("[]".into()),
        LinkType::ReferenceUnknown => Some(format!("[{id}]")),
        _ => None,
    }
}

/// A paragraph of `inlines`, without the room they grew into while parsed: the IR is held
/// for the whole build, and a list's 500,000 items held 320 MB of such room.
fn paragraph(mut inlines: Vec<Inline>) -> Block {
    inlines.shrink_to_fit();
    if let [Inline::Text(text)] = inlines.as_mut_slice() {
        text.shrink_to_fit();
    }
    Block::Paragraph(inlines)
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;

/// Whether the heading line at `offset` ends in attributes holding pandoc's `-` (`# Kata
/// Pengantar {-}`, `{- #id}`): unnumbered. pulldown-cmark drops a one-character attribute.
fn dash_attribute(text: &str, offset: usize) -> bool {
    let rest = text.get(offset..).unwrap_or("");
    let line = rest.split('\n').next().unwrap_or("").trim_end();
    let Some(open) = line.rfind('{').filter(|_| line.ends_with('}')) else {
        return false;
    };
    line[open + 1..line.len() - 1]
        .split_whitespace()
        .any(|word| word == "-")
}
