//! The book's one internal representation (IR). It is built once from pulldown-cmark events
//! (`parse`) and is the contract between reading and writing: the EPUB and PDF writers read this,
//! never Markdown.

pub mod assets;
mod auto_lists;
pub mod budget;
pub mod citations;
pub mod coverage;
pub mod crossrefs;
mod fenced_divs;
mod fences;
pub mod html;
mod html_ir;
mod ids;
pub mod image_check;
mod inline_notes;
mod line_blocks;
pub mod links;
mod note_refs;
pub mod page_list;
mod pandoc_tables;
mod parse;
mod quote_marks;
mod raw_tex;
mod split;
pub mod tex_math;
pub mod url;
pub mod walk;

use std::path::PathBuf;

pub use parse::{
    MAX_INLINE_NESTING, MAX_NESTING, build, build_parts, build_with_warnings, parse_chapter,
    parse_chapter_in,
};

use crate::manuscript::BookConfig;

/// A whole book: its metadata and its chapters in reading order.
#[derive(Debug, Clone)]
pub struct Book {
    pub meta: BookConfig,
    /// The book's folder (images are resolved against it).
    pub dir: PathBuf,
    pub chapters: Vec<Chapter>,
}

/// One chapter, from one Markdown file.
#[derive(Debug, Clone, PartialEq)]
pub struct Chapter {
    /// The Markdown file it came from.
    pub source: PathBuf,
    /// A file-name-safe identifier, unique in the book (`ch01`, `ch02`, …).
    pub id: String,
    /// The title: the text of the first level-1 heading, else the file name.
    pub title: String,
    pub blocks: Vec<Block>,
    /// The chapter's footnotes, numbered from 1 in order of first reference.
    pub footnotes: Vec<Footnote>,
    /// Anchors set in raw HTML (`<a id="…">`), each with the id of the heading it stands for
    /// ("" for the chapter's start): links to them lead there.
    pub anchors: Vec<(String, String)>,
    /// The ids of its headings marked unnumbered (pandoc's `{.unnumbered}` or `{-}`): no
    /// chapter or section number is counted for them (see [`crossrefs`]).
    pub unnumbered: Vec<String>,
}

impl Chapter {
    /// The level-1 heading among its blocks (outside any division) that its title was taken
    /// from: its content and id.
    pub fn title_heading(&self) -> Option<(&[Inline], &str)> {
        self.blocks.iter().find_map(|b| match b {
            Block::Heading {
                level: 1,
                content,
                id,
            } if same_title(&plain_text(content), &self.title) => {
                Some((content.as_slice(), id.as_str()))
            }
            _ => None,
        })
    }
}

/// Whether a heading's text and a chapter's title (as a table of contents such as mdBook's
/// SUMMARY.md writes it, Markdown marks and all: ``The `match` Construct``) are the same title.
fn same_title(heading: &str, title: &str) -> bool {
    let words = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '`' | '*' | '_'))
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    words(heading) == words(title)
}

/// Block-level content.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        id: String,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// `start` is `Some(n)` for an ordered list starting at n; `line` and `column` are where
    /// it starts in the chapter (0 when not known), for messages about it.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
        line: usize,
        column: usize,
    },
    BlockQuote(Vec<Block>),
    /// Terms and their definitions (pandoc's definition lists, HTML's `<dl>`).
    Definitions(Vec<Definition>),
    CodeBlock {
        lang: Option<String>,
        text: String,
    },
    /// Boxed: a table is rare and large, and every block would be as large.
    Table(Box<Table>),
    ThematicBreak,
    /// A short line naming the block beside it, as books set a listing's file name above it
    /// and its caption below (mdBook's `<Listing>`, `<span class="caption">`): set small, and
    /// kept on the page of its block.
    Caption(Vec<Inline>),
    /// A division with a language or classes of its own (pandoc's fenced divs,
    /// `::: {lang=de .note}`; HTML's `<div lang="de" class="note">`): its blocks are set in its
    /// language, and as an aside when a class says it is one ([`Div::is_aside`]).
    Div(Box<Div>),
    /// The list of works the book cites (see [`citations`]): where the author marked it
    /// (`::: {#refs}`), else at the end of the book under the language's title.
    References(Box<ReferenceList>),
    /// HTML the IR has no words for, as sanitized, well-formed XHTML (see `html_ir`). The
    /// parser makes none (HTML blocks become IR blocks); kept for other producers of the IR.
    /// Writers that draw text show [`html::text_content`] of it.
    Html(String),
}

/// See [`Block::References`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReferenceList {
    pub entries: Vec<ReferenceEntry>,
    /// Whether the style sets its entries with a hanging indent (author–date styles).
    pub hanging_indent: bool,
}

/// One work of a reference list, formatted in the book's citation style.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceEntry {
    /// Its id in the book (`ref-` and the bibliography key), which citations link to
    /// ([`Fragment::Id`]).
    pub id: String,
    /// The label set apart before it (`[1]` in numeric styles), if the style has one.
    pub label: Vec<Inline>,
    pub content: Vec<Inline>,
}

/// See [`Block::Div`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Div {
    /// Its language (a BCP 47 tag), when it is not its surroundings'.
    pub lang: Option<String>,
    /// Its classes, as written (`note`, `warning`).
    pub classes: Vec<String>,
    /// Its id, kept only where it means something to terbit: `refs`, where the reference list
    /// goes (as in pandoc).
    pub id: Option<String>,
    pub blocks: Vec<Block>,
}

/// Classes that make a division an aside to the text (a note, a tip, a warning), as pandoc's
/// and mdBook's authors name them: set apart from the running text in both editions.
const ASIDE_CLASSES: &[&str] = &[
    "note",
    "tip",
    "hint",
    "info",
    "important",
    "warning",
    "caution",
    "danger",
    "attention",
    "admonition",
    "aside",
    "sidebar",
    "callout",
];

/// The blocks at the top level of `blocks`, those of each division that is no aside in its
/// place: a chapter written in a `::: {lang=en}` has its title and its sections there, as a
/// chapter without one has. Without recursion.
pub fn top_level(blocks: &[Block]) -> Vec<&Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut stack = vec![blocks.iter()];
    while let Some(iter) = stack.last_mut() {
        match iter.next() {
            None => {
                stack.pop();
            }
            Some(Block::Div(div)) if !div.is_aside() => stack.push(div.blocks.iter()),
            Some(block) => out.push(block),
        }
    }
    out
}

impl Div {
    /// Whether a class makes it an aside (see [`ASIDE_CLASSES`]), in any case.
    pub fn is_aside(&self) -> bool {
        self.classes
            .iter()
            .any(|c| ASIDE_CLASSES.contains(&c.to_ascii_lowercase().as_str()))
    }
}

/// A term of a definition list and its definitions (one or more, each blocks).
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub term: Vec<Inline>,
    pub details: Vec<Vec<Block>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// Where it starts in the chapter (0 when not known), for messages about it.
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikethrough(Vec<Inline>),
    /// Text in a style the IR names (raised, lowered, small capitals, marked, underlined, an
    /// abbreviation, another language). Boxed, as links are.
    Span(Box<Span>),
    Code(String),
    /// Boxed: links are few, and every inline would be as large as one.
    Link(Box<Link>),
    /// Boxed, as links are.
    Image(Box<Image>),
    /// A reference to footnote number `number` of this chapter.
    FootnoteRef {
        number: usize,
    },
    /// A line break in the source that is not a paragraph break (renders as a space).
    SoftBreak,
    HardBreak,
    /// An inline HTML element the IR has no word for (`<sup>`, `<abbr>`, …) around plain
    /// text, as sanitized, well-formed XHTML. Writers that draw text show
    /// [`Inline::text`] / [`html::text_content`] of it, not its tags.
    Html(String),
}

/// A link: its text, the address as written, and where it leads (decided once for the whole
/// book by [`links::resolve`], for both writers).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// As written in the Markdown or the HTML.
    pub url: String,
    pub title: String,
    pub content: Vec<Inline>,
    pub target: LinkTarget,
    /// 1-based line and column of the link in its chapter file (0 when not known).
    pub line: u32,
    pub column: u32,
    /// For `[Heading text]` with no link of that name (pandoc's implicit references to
    /// headings; `url` is then the text): what followed the brackets (`""`, `"[]"`, or
    /// `"[label]"`), to write back should no heading be so named.
    pub implicit: Option<String>,
}

impl Link {
    /// A link as the parser makes it, not yet resolved.
    pub fn new(
        url: String,
        title: String,
        content: Vec<Inline>,
        (line, column): (usize, usize),
    ) -> Link {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Link {
            url,
            title,
            content,
            target: LinkTarget::Nowhere,
            line: at(line),
            column: at(column),
            implicit: None,
        }
    }
}

/// Text in a style of its own: what books use that emphasis and strong do not say.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub kind: SpanKind,
    pub content: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SpanKind {
    /// `^x^`, `<sup>`.
    Superscript,
    /// `~x~`, `<sub>`.
    Subscript,
    /// `[x]{.smallcaps}`, `<span class="smallcaps">`, `font-variant: small-caps`.
    SmallCaps,
    /// `<mark>`: highlighted.
    Mark,
    /// `<kbd>`: keys to press, set as code is.
    Keyboard,
    /// A formula (`$x^2$`; `display`: `$$…$$`, set apart), its TeX read into text
    /// ([`tex_math`]).
    Math { display: bool },
    /// `<u>`, `<ins>`, `[x]{.underline}`.
    Underline,
    /// `<abbr title="…">`: its expansion.
    Abbr(String),
    /// `[x]{lang=tr}`, `<span lang="tr">`: a BCP 47 tag.
    Lang(String),
    /// `[x]{#id}`: a place links may lead to (they lead to the heading before it).
    Anchor(String),
    /// A citation, as the book's style formats it (see [`citations`]): its number among the
    /// book's citations, in reading order. Set as the text around it.
    Citation(usize),
    /// The label of a numbered table's caption ("Tabel 1.2"), with the id cross-references
    /// lead to exactly (see [`crossrefs`]).
    Target(String),
}

impl Span {
    pub fn inline(kind: SpanKind, content: Vec<Inline>) -> Inline {
        Inline::Span(Box::new(Span { kind, content }))
    }
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// Nowhere a reader could follow (a file not in the book, a script): its text only.
    Nowhere,
    /// A web or mail address, valid as written into an EPUB or a PDF (see [`links`]).
    External(String),
    /// A place in the book.
    Internal(std::sync::Arc<Place>),
}

/// A place in the book a link can lead to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    /// The chapter's index in [`Book::chapters`].
    pub chapter: usize,
    /// Where in the chapter; its start when `None`.
    pub fragment: Option<Fragment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fragment {
    /// The heading with this id (as the IR has it).
    Heading(String),
    /// The chapter's footnote of this number.
    Note(usize),
    /// The element with this id that is no heading: an entry of the reference list, a figure,
    /// a table.
    Id(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// As written in the Markdown.
    pub url: String,
    pub alt: String,
    pub title: String,
    /// The size the author gave it (HTML `width`/`height`, a `width:` in its `style`, pandoc's
    /// `{width=50%}`); the image's own proportions fill in what is not given.
    pub width: Option<Length>,
    pub height: Option<Length>,
    /// Whether its alt text is its caption when it stands alone in a paragraph (pandoc's
    /// implicit figures, for Markdown images); an HTML image's alt text is for readers who
    /// cannot see it, never printed.
    pub alt_is_caption: bool,
    /// Marked as decoration by its author (HTML `alt=""` written out): no text alternative is
    /// wanted, and readers and assistive technology pass over it.
    pub decorative: bool,
    /// 1-based line and column of the image in its chapter file, for messages.
    pub line: usize,
    pub column: usize,
    /// Its id (pandoc's `{#fig:peta}`): a figure cross-references lead to.
    pub id: Option<String>,
    /// A Markdown image's description as inlines (emphasis, citations, links), shown as the
    /// figure's caption when `alt_is_caption`; `alt` is its plain text. Empty for HTML images.
    pub caption: Vec<Inline>,
}

impl Image {
    /// The words shown under the image as its figure's caption: its description's inlines, or
    /// its alt text.
    pub fn caption_inlines(&self) -> std::borrow::Cow<'_, [Inline]> {
        if self.caption.is_empty() {
            std::borrow::Cow::Owned(vec![Inline::Text(self.alt.clone())])
        } else {
            std::borrow::Cow::Borrowed(&self.caption)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub number: usize,
    /// The label used in the Markdown (`[^label]`).
    pub label: String,
    pub blocks: Vec<Block>,
}

/// A length an author gives an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// CSS pixels (1/96 in), as HTML's `width="300"` and `300px`.
    Px(f32),
    /// Points, from `in`, `cm`, `mm` and `pt`.
    Pt(f32),
    /// A share of the text's width (for a width) or of the text block's height.
    Percent(f32),
}

impl Length {
    /// `300`, `300px`, `50%`, `8cm`, `3in`, `20mm`, `144pt` (as HTML attributes, CSS and
    /// pandoc's attributes write them); `None` for anything else or a size of zero.
    pub fn parse(s: &str) -> Option<Length> {
        let s = s.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let (number, unit) = s.split_at(split);
        let n: f32 = number
            .parse()
            .ok()
            .filter(|n: &f32| *n > 0.0 && n.is_finite())?;
        Some(match unit.trim() {
            "" | "px" => Length::Px(n),
            "%" => Length::Percent(n.min(100.0)),
            "pt" => Length::Pt(n),
            "in" => Length::Pt(n * 72.0),
            "cm" => Length::Pt(n * 72.0 / 2.54),
            "mm" => Length::Pt(n * 72.0 / 25.4),
            _ => return None,
        })
    }

    /// In points, `whole` being what a percentage is of.
    pub fn points(self, whole: f32) -> f32 {
        match self {
            Length::Px(n) => n * 0.75,
            Length::Pt(n) => n,
            Length::Percent(p) => whole * p / 100.0,
        }
    }

    /// As CSS writes it.
    pub fn css(self) -> String {
        match self {
            Length::Px(n) => format!("{}px", round2(n)),
            Length::Pt(n) => format!("{}pt", round2(n)),
            Length::Percent(p) => format!("{}%", round2(p)),
        }
    }
}

fn round2(n: f32) -> f32 {
    (n * 100.0).round() / 100.0
}

/// Sections (level-2 headings) the contents list, in the PDF and the EPUB, at most: some 60
/// pages of contents. A book with more lists its chapters only (its PDF bookmarks still hold
/// every section): a contents of 10,000 pages helps no reader, and took a book of 300,000
/// headings 600 MB to set.
pub const MAX_LISTED_SECTIONS: usize = 2000;

/// Whether the contents list the chapters' sections as well as the chapters (see
/// [`MAX_LISTED_SECTIONS`]).
pub fn lists_sections(book: &Book) -> bool {
    let mut sections = 0;
    for chapter in &book.chapters {
        for block in top_level(&chapter.blocks) {
            if let Block::Heading { level: 2, .. } = block {
                sections += 1;
                if sections > MAX_LISTED_SECTIONS {
                    return false;
                }
            }
        }
    }
    true
}

/// Each figure's alt text made again from its caption, once the document's passes have
/// changed the caption (a cross-reference's label put first, citations formatted): readers
/// that cannot see the image hear what the caption says.
pub fn figure_alts(book: &mut Book) {
    for chapter in &mut book.chapters {
        walk::for_each_inline_mut(&mut chapter.blocks, &mut |inline| {
            if let Inline::Image(img) = inline
                && img.alt_is_caption
                && !img.caption.is_empty()
            {
                img.alt = plain_text(&img.caption);
            }
        });
    }
}

/// The image of a paragraph that is one image (and blanks): a figure in both outputs.
pub fn lone_image(content: &[Inline]) -> Option<&Image> {
    let mut image = None;
    for i in content {
        match i {
            Inline::Image(img) if image.is_none() => image = Some(&**img),
            Inline::Text(t) if t.trim().is_empty() => {}
            Inline::SoftBreak => {}
            _ => return None,
        }
    }
    image
}

/// The plain text of inline content (for titles, alt text, bookmarks, search).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Html(t) => out.push_str(&html::text_content(t)),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                push_plain(c, out)
            }
            Inline::Link(link) => push_plain(&link.content, out),
            Inline::Span(span) => push_plain(&span.content, out),
            Inline::Image(img) => out.push_str(&img.alt),
            Inline::FootnoteRef { .. } => {}
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
        }
    }
}

impl Inline {
    /// The text this inline shows, without markup (for an `Html` inline, its HTML's text).
    pub fn text(&self) -> String {
        plain_text(std::slice::from_ref(self))
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;

    #[test]
    fn a_heading_with_code_is_the_title_its_table_of_contents_writes_with_backticks() {
        // mdBook's SUMMARY.md: [The `match` Control Flow Construct](ch06-02-match.md); the
        // chapter opens with an old anchor, then its heading. Its title is that heading (set
        // once), not the SUMMARY's words set above it a second time.
        let heading = Block::Heading {
            level: 1,
            id: "the-match-control-flow-construct".into(),
            content: vec![
                Inline::Text("The ".into()),
                Inline::Code("match".into()),
                Inline::Text(" Control Flow Construct".into()),
            ],
        };
        let chapter = Chapter {
            title: "The `match` Control Flow Construct".into(),
            blocks: vec![Block::Html("<a id=\"old\"></a>".into()), heading],
            source: PathBuf::from("ch06-02-match.md"),
            id: "ch06".into(),
            footnotes: Vec::new(),
            anchors: Vec::new(),
            unnumbered: Vec::new(),
        };
        let (_, id) = chapter.title_heading().expect("the heading is the title");
        assert_eq!(id, "the-match-control-flow-construct");
        assert!(!same_title("The match", "The matches"));
    }
}
