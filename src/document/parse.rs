//! Markdown → IR. One pass over pulldown-cmark's events with an explicit stack (no recursion, so
//! deeply nested input cannot overflow the stack here).

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{Align, Block, Book, Chapter, Footnote, Image, Inline, Table, plain_text};
use crate::error::{Result, line_col};
use crate::manuscript::{ChapterSource, Manuscript};

/// The Markdown extensions terbit reads.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Build the IR of a whole book.
pub fn build(m: &Manuscript) -> Result<Book> {
    let chapters = m
        .chapters
        .iter()
        .enumerate()
        .map(|(i, src)| parse_chapter(src, &format!("ch{:02}", i + 1)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Book {
        meta: m.config.clone(),
        dir: m.dir.clone(),
        chapters,
    })
}

/// What is being built at one level of nesting.
enum Frame {
    /// Blocks of the chapter, a quote, a list item or a footnote definition.
    Blocks {
        kind: Container,
        blocks: Vec<Block>,
        loose: Vec<Inline>,
    },
    /// Inline content of a paragraph, heading, emphasis, link, image or table cell.
    Inlines {
        kind: InlineKind,
        inlines: Vec<Inline>,
    },
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        in_head: bool,
    },
    Row(Vec<Vec<Inline>>),
    Code {
        lang: Option<String>,
        text: String,
    },
    Html(String),
}

enum Container {
    Root,
    Quote,
    Item,
    Footnote(String),
}

enum InlineKind {
    Paragraph,
    Heading {
        level: u8,
        id: Option<String>,
    },
    Emphasis,
    Strong,
    Strike,
    Link {
        url: String,
        title: String,
    },
    Image {
        url: String,
        title: String,
        line: usize,
        column: usize,
    },
    Cell,
    /// Content we do not represent (super/subscript, definition lists, …): kept as its inlines.
    Transparent,
}

/// Parse one chapter file into the IR. `id` is the chapter's identifier in the book.
pub fn parse_chapter(src: &ChapterSource, id: &str) -> Result<Chapter> {
    let text = &src.text;
    let mut stack: Vec<Frame> = vec![Frame::Blocks {
        kind: Container::Root,
        blocks: vec![],
        loose: vec![],
    }];
    let mut footnote_numbers: HashMap<String, usize> = HashMap::new();
    let mut footnote_defs: HashMap<String, Vec<Block>> = HashMap::new();
    let mut used_ids: HashSet<String> = HashSet::new();

    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                let frame = match tag {
                    Tag::Paragraph => Frame::Inlines {
                        kind: InlineKind::Paragraph,
                        inlines: vec![],
                    },
                    Tag::Heading { level, id, .. } => Frame::Inlines {
                        kind: InlineKind::Heading {
                            level: heading_level(level),
                            id: id.map(|s| s.to_string()),
                        },
                        inlines: vec![],
                    },
                    Tag::BlockQuote(_) => Frame::Blocks {
                        kind: Container::Quote,
                        blocks: vec![],
                        loose: vec![],
                    },
                    Tag::CodeBlock(kind) => Frame::Code {
                        lang: match kind {
                            CodeBlockKind::Fenced(info) => {
                                info.split_whitespace().next().map(str::to_string)
                            }
                            CodeBlockKind::Indented => None,
                        },
                        text: String::new(),
                    },
                    Tag::HtmlBlock => Frame::Html(String::new()),
                    Tag::List(start) => Frame::List {
                        start,
                        items: vec![],
                    },
                    Tag::Item => Frame::Blocks {
                        kind: Container::Item,
                        blocks: vec![],
                        loose: vec![],
                    },
                    Tag::FootnoteDefinition(label) => Frame::Blocks {
                        kind: Container::Footnote(label.to_string()),
                        blocks: vec![],
                        loose: vec![],
                    },
                    Tag::Table(aligns) => Frame::Table {
                        align: aligns.iter().map(|a| align(*a)).collect(),
                        head: vec![],
                        rows: vec![],
                        in_head: false,
                    },
                    Tag::TableHead => {
                        if let Some(Frame::Table { in_head, .. }) = stack.last_mut() {
                            *in_head = true;
                        }
                        Frame::Row(vec![])
                    }
                    Tag::TableRow => Frame::Row(vec![]),
                    Tag::TableCell => Frame::Inlines {
                        kind: InlineKind::Cell,
                        inlines: vec![],
                    },
                    Tag::Emphasis => Frame::Inlines {
                        kind: InlineKind::Emphasis,
                        inlines: vec![],
                    },
                    Tag::Strong => Frame::Inlines {
                        kind: InlineKind::Strong,
                        inlines: vec![],
                    },
                    Tag::Strikethrough => Frame::Inlines {
                        kind: InlineKind::Strike,
                        inlines: vec![],
                    },
                    Tag::Link {
                        dest_url, title, ..
                    } => Frame::Inlines {
                        kind: InlineKind::Link {
                            url: dest_url.to_string(),
                            title: title.to_string(),
                        },
                        inlines: vec![],
                    },
                    Tag::Image {
                        dest_url, title, ..
                    } => {
                        let (line, column) = line_col(text, range.start);
                        Frame::Inlines {
                            kind: InlineKind::Image {
                                url: dest_url.to_string(),
                                title: title.to_string(),
                                line,
                                column,
                            },
                            inlines: vec![],
                        }
                    }
                    _ => Frame::Inlines {
                        kind: InlineKind::Transparent,
                        inlines: vec![],
                    },
                };
                stack.push(frame);
            }
            Event::End(end) => {
                if matches!(end, TagEnd::TableHead) {
                    // The head row ends the head; body rows follow.
                    if let Some(Frame::Row(cells)) = stack.pop()
                        && let Some(Frame::Table { head, in_head, .. }) = stack.last_mut()
                    {
                        *head = cells;
                        *in_head = false;
                    }
                    continue;
                }
                let Some(frame) = stack.pop() else { continue };
                close(frame, &mut stack, &mut footnote_defs, &mut used_ids);
            }
            Event::Text(t) => match stack.last_mut() {
                Some(Frame::Code { text, .. }) => text.push_str(&t),
                Some(Frame::Html(html)) => html.push_str(&t),
                _ => push_inline(&mut stack, Inline::Text(t.to_string())),
            },
            Event::Code(t) => push_inline(&mut stack, Inline::Code(t.to_string())),
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                push_inline(&mut stack, Inline::Code(t.to_string()))
            }
            Event::Html(t) => match stack.last_mut() {
                Some(Frame::Html(html)) => html.push_str(&t),
                _ => push_block(&mut stack, Block::Html(t.to_string())),
            },
            Event::InlineHtml(t) => push_inline(&mut stack, Inline::Html(t.to_string())),
            Event::FootnoteReference(label) => {
                let next = footnote_numbers.len() + 1;
                let number = *footnote_numbers.entry(label.to_string()).or_insert(next);
                push_inline(&mut stack, Inline::FootnoteRef { number });
            }
            Event::SoftBreak => push_inline(&mut stack, Inline::SoftBreak),
            Event::HardBreak => push_inline(&mut stack, Inline::HardBreak),
            Event::Rule => push_block(&mut stack, Block::ThematicBreak),
            Event::TaskListMarker(done) => push_inline(
                &mut stack,
                Inline::Text(if done { "☒ " } else { "☐ " }.to_string()),
            ),
        }
    }
    // Close anything left open (pulldown-cmark balances its events, so this is only defensive).
    while stack.len() > 1 {
        let frame = stack.pop().expect("stack has more than one frame");
        close(frame, &mut stack, &mut footnote_defs, &mut used_ids);
    }
    let blocks = match stack.pop() {
        Some(Frame::Blocks { blocks, .. }) => blocks,
        _ => vec![],
    };

    // Footnotes in order of first reference; definitions never referenced follow, numbered on.
    let mut numbered: Vec<(usize, String)> =
        footnote_numbers.into_iter().map(|(l, n)| (n, l)).collect();
    numbered.sort();
    let mut footnotes: Vec<Footnote> = numbered
        .into_iter()
        .map(|(number, label)| Footnote {
            number,
            blocks: footnote_defs.remove(&label).unwrap_or_default(),
            label,
        })
        .collect();
    let mut orphans: Vec<(String, Vec<Block>)> = footnote_defs.into_iter().collect();
    orphans.sort_by(|a, b| a.0.cmp(&b.0));
    for (label, blocks) in orphans {
        footnotes.push(Footnote {
            number: footnotes.len() + 1,
            label,
            blocks,
        });
    }

    // The title: the first level-1 heading with text, else the first heading with text, else
    // the file name (an empty `#` must not give an empty title).
    let heading_text = |b: &Block, top_only: bool| match b {
        Block::Heading { level, content, .. } if !top_only || *level == 1 => {
            let t = plain_text(content).trim().to_string();
            (!t.is_empty()).then_some(t)
        }
        _ => None,
    };
    let title = blocks
        .iter()
        .find_map(|b| heading_text(b, true))
        .or_else(|| blocks.iter().find_map(|b| heading_text(b, false)))
        .unwrap_or_else(|| {
            let stem = src
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '_'], " "));
            stem.filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| id.to_string())
        });

    Ok(Chapter {
        source: src.path.clone(),
        id: id.to_string(),
        title,
        blocks,
        footnotes,
    })
}

/// Finish `frame` and hand its result to the frame below it.
fn close(
    frame: Frame,
    stack: &mut Vec<Frame>,
    footnote_defs: &mut HashMap<String, Vec<Block>>,
    used_ids: &mut HashSet<String>,
) {
    match frame {
        Frame::Blocks {
            kind,
            mut blocks,
            loose,
        } => {
            if !loose.is_empty() {
                blocks.push(Block::Paragraph(loose));
            }
            match kind {
                Container::Root => stack.push(Frame::Blocks {
                    kind,
                    blocks,
                    loose: vec![],
                }),
                Container::Quote => push_block(stack, Block::BlockQuote(blocks)),
                Container::Item => {
                    if let Some(Frame::List { items, .. }) = stack.last_mut() {
                        items.push(blocks);
                    } else {
                        push_block(stack, Block::BlockQuote(blocks));
                    }
                }
                Container::Footnote(label) => {
                    footnote_defs.entry(label).or_insert(blocks);
                }
            }
        }
        Frame::Inlines { kind, inlines } => match kind {
            InlineKind::Paragraph => push_block(stack, Block::Paragraph(inlines)),
            InlineKind::Heading { level, id } => {
                let id = unique_id(id.as_deref().filter(|s| is_xml_id(s)), &inlines, used_ids);
                push_block(
                    stack,
                    Block::Heading {
                        level,
                        id,
                        content: inlines,
                    },
                )
            }
            InlineKind::Emphasis => push_inline(stack, Inline::Emphasis(inlines)),
            InlineKind::Strong => push_inline(stack, Inline::Strong(inlines)),
            InlineKind::Strike => push_inline(stack, Inline::Strikethrough(inlines)),
            InlineKind::Link { url, title } => push_inline(
                stack,
                Inline::Link {
                    url,
                    title,
                    content: inlines,
                },
            ),
            InlineKind::Image {
                url,
                title,
                line,
                column,
            } => {
                let alt = plain_text(&inlines);
                push_inline(
                    stack,
                    Inline::Image(Image {
                        url,
                        alt,
                        title,
                        line,
                        column,
                    }),
                )
            }
            InlineKind::Cell => {
                if let Some(Frame::Row(cells)) = stack.last_mut() {
                    cells.push(inlines);
                }
            }
            InlineKind::Transparent => {
                for i in inlines {
                    push_inline(stack, i);
                }
            }
        },
        Frame::List { start, items } => push_block(stack, Block::List { start, items }),
        Frame::Table {
            align, head, rows, ..
        } => push_block(stack, Block::Table(Table { align, head, rows })),
        Frame::Row(cells) => {
            if let Some(Frame::Table { rows, .. }) = stack.last_mut() {
                rows.push(cells);
            }
        }
        Frame::Code { lang, text } => push_block(stack, Block::CodeBlock { lang, text }),
        Frame::Html(html) => push_block(stack, Block::Html(html)),
    }
}

fn push_inline(stack: &mut [Frame], inline: Inline) {
    match stack.last_mut() {
        Some(Frame::Inlines { inlines, .. }) => push_merging_text(inlines, inline),
        // Tight list items hold their text directly: gather it into a paragraph.
        Some(Frame::Blocks { loose, .. }) => push_merging_text(loose, inline),
        Some(Frame::Row(cells)) => cells.push(vec![inline]),
        _ => {}
    }
}

/// Push `inline`, joining it to a preceding text (pulldown-cmark splits text at punctuation).
fn push_merging_text(inlines: &mut Vec<Inline>, inline: Inline) {
    if let (Some(Inline::Text(prev)), Inline::Text(next)) = (inlines.last_mut(), &inline) {
        prev.push_str(next);
    } else {
        inlines.push(inline);
    }
}

fn push_block(stack: &mut [Frame], block: Block) {
    match stack.last_mut() {
        Some(Frame::Blocks { blocks, loose, .. }) => {
            if !loose.is_empty() {
                blocks.push(Block::Paragraph(std::mem::take(loose)));
            }
            blocks.push(block);
        }
        // A block inside inline content (only possible in odd HTML): keep its text.
        Some(Frame::Inlines { inlines, .. }) => {
            if let Block::Html(h) = block {
                inlines.push(Inline::Html(h));
            }
        }
        _ => {}
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// A valid XML id: a letter or `_` first, then letters, digits, `-`, `_`, `.`.
fn is_xml_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The id of a heading: the author's `{#id}` if valid, else `h-` and a slug of its text; made
/// unique in the chapter. (The `h-` prefix keeps slugs apart from footnote ids.)
fn unique_id(given: Option<&str>, content: &[Inline], used: &mut HashSet<String>) -> String {
    let base = match given {
        Some(id) => id.to_string(),
        None => {
            let slug: String = plain_text(content)
                .chars()
                .filter_map(|c| {
                    if c.is_alphanumeric() {
                        Some(c.to_lowercase().next().unwrap_or(c))
                    } else if c.is_whitespace() || c == '-' {
                        Some('-')
                    } else {
                        None
                    }
                })
                .collect();
            let slug = slug
                .split('-')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            format!("h-{}", if slug.is_empty() { "section" } else { &slug })
        }
    };
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn chapter(md: &str) -> Chapter {
        let src = ChapterSource {
            path: PathBuf::from("bab.md"),
            text: md.to_string(),
        };
        parse_chapter(&src, "ch01").unwrap()
    }

    #[test]
    fn title_is_the_first_level_one_heading() {
        let c = chapter("Intro\n\n## Sub\n\n# Judul *Bab*\n\nTeks.\n");
        assert_eq!(c.title, "Judul Bab");
    }

    #[test]
    fn an_empty_heading_is_no_title() {
        assert_eq!(chapter("#\n\n## \n\nTeks.\n").title, "bab");
    }

    #[test]
    fn title_falls_back_to_the_file_name() {
        assert_eq!(chapter("Teks saja.\n").title, "bab");
    }

    #[test]
    fn tight_and_nested_lists_keep_their_structure() {
        let c = chapter("3. satu\n4. dua\n   - a\n   - b\n");
        let Block::List { start, items } = &c.blocks[0] else {
            panic!("{:?}", c.blocks)
        };
        assert_eq!(*start, Some(3));
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0],
            vec![Block::Paragraph(vec![Inline::Text("satu".into())])]
        );
        assert!(matches!(&items[1][1], Block::List { start: None, items } if items.len() == 2));
    }

    #[test]
    fn footnotes_are_numbered_in_order_of_reference() {
        let c = chapter("A[^b] B[^a] C[^b].\n\n[^a]: Catatan a.\n[^b]: Catatan b.\n");
        let refs: Vec<usize> = match &c.blocks[0] {
            Block::Paragraph(i) => i
                .iter()
                .filter_map(|x| match x {
                    Inline::FootnoteRef { number } => Some(*number),
                    _ => None,
                })
                .collect(),
            _ => vec![],
        };
        assert_eq!(refs, vec![1, 2, 1]);
        assert_eq!(c.footnotes[0].label, "b");
        assert_eq!(c.footnotes[1].label, "a");
        assert_eq!(
            plain_text(match &c.footnotes[1].blocks[0] {
                Block::Paragraph(i) => i,
                _ => panic!(),
            }),
            "Catatan a."
        );
    }

    #[test]
    fn smart_punctuation_and_inline_styles() {
        let c = chapter("\"Kata\" -- *miring* **tebal** ~~coret~~ `kode`\n");
        let Block::Paragraph(i) = &c.blocks[0] else {
            panic!()
        };
        assert_eq!(i[0], Inline::Text("“Kata” – ".into()));
        assert!(matches!(i[1], Inline::Emphasis(_)));
        assert!(i.iter().any(|x| matches!(x, Inline::Strikethrough(_))));
        assert!(i.contains(&Inline::Code("kode".into())));
    }

    #[test]
    fn tables_images_and_code_blocks() {
        let c = chapter(
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n![Peta *Asia*](peta.png \"t\")\n\n```rust\nfn x() {}\n```\n",
        );
        let Block::Table(t) = &c.blocks[0] else {
            panic!("{:?}", c.blocks)
        };
        assert_eq!(t.align, vec![Align::Left, Align::Right]);
        assert_eq!(t.head.len(), 2);
        assert_eq!(
            t.rows,
            vec![vec![
                vec![Inline::Text("1".into())],
                vec![Inline::Text("2".into())]
            ]]
        );
        let Block::Paragraph(p) = &c.blocks[1] else {
            panic!()
        };
        let Inline::Image(img) = &p[0] else { panic!() };
        assert_eq!(
            (img.alt.as_str(), img.url.as_str(), img.line, img.column),
            ("Peta Asia", "peta.png", 5, 1)
        );
        assert_eq!(
            c.blocks[2],
            Block::CodeBlock {
                lang: Some("rust".into()),
                text: "fn x() {}\n".into()
            }
        );
    }

    #[test]
    fn heading_ids_are_unique_and_valid() {
        let c = chapter("# Satu\n\n## Satu\n\n## Dua {#dua}\n\n## Tiga {#1bad}\n");
        let ids: Vec<&str> = c
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(ids, vec!["h-satu", "h-satu-2", "dua", "h-tiga"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let md = ">".repeat(5000) + " dalam\n";
        let c = chapter(&md);
        assert_eq!(c.blocks.len(), 1);
    }
}
