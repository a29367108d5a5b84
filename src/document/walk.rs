//! A visit of every block and inline of some IR, without recursion: the IR may nest thousands
//! of levels deep (`>>>>…`), and the writer must not overflow the stack on such input.

use crate::document::{Block, Chapter, Inline, Link, SpanKind};

/// One node of the IR.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    Block(&'a Block),
    Inline(&'a Inline),
}

/// Call `f` on every node of `blocks`, in document order.
pub fn walk<'a>(blocks: &'a [Block], mut f: impl FnMut(Node<'a>)) {
    let mut stack: Vec<Node<'a>> = blocks.iter().rev().map(Node::Block).collect();
    while let Some(node) = stack.pop() {
        f(node);
        match node {
            Node::Block(block) => match block {
                Block::Heading { content, .. }
                | Block::Paragraph(content)
                | Block::Caption(content) => stack.extend(content.iter().rev().map(Node::Inline)),
                Block::List { items, .. } => {
                    for item in items.iter().rev() {
                        stack.extend(item.iter().rev().map(Node::Block));
                    }
                }
                Block::BlockQuote(children) => stack.extend(children.iter().rev().map(Node::Block)),
                Block::Div(div) => stack.extend(div.blocks.iter().rev().map(Node::Block)),
                Block::Definitions(items) => {
                    for d in items.iter().rev() {
                        for detail in d.details.iter().rev() {
                            stack.extend(detail.iter().rev().map(Node::Block));
                        }
                        stack.extend(d.term.iter().rev().map(Node::Inline));
                    }
                }
                Block::Table(table) => {
                    for row in table.rows.iter().rev() {
                        for cell in row.iter().rev() {
                            stack.extend(cell.iter().rev().map(Node::Inline));
                        }
                    }
                    for cell in table.head.iter().rev() {
                        stack.extend(cell.iter().rev().map(Node::Inline));
                    }
                }
                Block::References(list) => {
                    for entry in list.entries.iter().rev() {
                        stack.extend(entry.content.iter().rev().map(Node::Inline));
                        stack.extend(entry.label.iter().rev().map(Node::Inline));
                    }
                }
                Block::CodeBlock { .. } | Block::ThematicBreak | Block::Html(_) => {}
            },
            Node::Inline(inline) => match inline {
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                    stack.extend(c.iter().rev().map(Node::Inline))
                }
                Inline::Link(link) => stack.extend(link.content.iter().rev().map(Node::Inline)),
                Inline::Span(span) => stack.extend(span.content.iter().rev().map(Node::Inline)),
                _ => {}
            },
        }
    }
}

/// Call `f` on every inline of `blocks` (an inline's own inlines after it), without recursion.
pub fn for_each_inline_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    enum Mut<'a> {
        Block(&'a mut Block),
        Inline(&'a mut Inline),
    }
    let mut stack: Vec<Mut> = blocks.iter_mut().rev().map(Mut::Block).collect();
    while let Some(node) = stack.pop() {
        match node {
            Mut::Block(block) => match block {
                Block::Heading { content, .. }
                | Block::Paragraph(content)
                | Block::Caption(content) => {
                    stack.extend(content.iter_mut().rev().map(Mut::Inline))
                }
                Block::List { items, .. } => {
                    for item in items.iter_mut().rev() {
                        stack.extend(item.iter_mut().rev().map(Mut::Block));
                    }
                }
                Block::BlockQuote(children) => {
                    stack.extend(children.iter_mut().rev().map(Mut::Block))
                }
                Block::Div(div) => stack.extend(div.blocks.iter_mut().rev().map(Mut::Block)),
                Block::Definitions(items) => {
                    for d in items.iter_mut().rev() {
                        for detail in d.details.iter_mut().rev() {
                            stack.extend(detail.iter_mut().rev().map(Mut::Block));
                        }
                        stack.extend(d.term.iter_mut().rev().map(Mut::Inline));
                    }
                }
                Block::Table(table) => {
                    for row in table.rows.iter_mut().rev() {
                        for cell in row.iter_mut().rev() {
                            stack.extend(cell.iter_mut().rev().map(Mut::Inline));
                        }
                    }
                    for cell in table.head.iter_mut().rev() {
                        stack.extend(cell.iter_mut().rev().map(Mut::Inline));
                    }
                }
                Block::References(list) => {
                    for entry in list.entries.iter_mut().rev() {
                        stack.extend(entry.content.iter_mut().rev().map(Mut::Inline));
                        stack.extend(entry.label.iter_mut().rev().map(Mut::Inline));
                    }
                }
                Block::CodeBlock { .. } | Block::ThematicBreak | Block::Html(_) => {}
            },
            Mut::Inline(inline) => {
                f(inline);
                match inline {
                    Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                        stack.extend(c.iter_mut().rev().map(Mut::Inline))
                    }
                    Inline::Link(link) => {
                        stack.extend(link.content.iter_mut().rev().map(Mut::Inline))
                    }
                    Inline::Span(span) => {
                        stack.extend(span.content.iter_mut().rev().map(Mut::Inline))
                    }
                    // A figure's caption (its alt text is made from it again after the
                    // document's passes, `document::figure_alts`).
                    Inline::Image(img) => {
                        stack.extend(img.caption.iter_mut().rev().map(Mut::Inline))
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Call `f` on every link of `blocks` (a link's own links after it), in document order,
/// without recursion.
pub fn for_each_link_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Link)) {
    for_each_inline_mut(blocks, &mut |inline| {
        if let Inline::Link(link) = inline {
            f(link)
        }
    });
}

/// Call `f` on every node of a chapter: its text, then its footnotes.
pub fn walk_chapter<'a>(chapter: &'a Chapter, mut f: impl FnMut(Node<'a>)) {
    walk(&chapter.blocks, &mut f);
    for note in &chapter.footnotes {
        walk(&note.blocks, &mut f);
    }
}

/// Whether `inlines` hold a link (in emphasis and spans too).
pub fn has_link(inlines: &[Inline]) -> bool {
    let mut stack: Vec<&Inline> = inlines.iter().collect();
    while let Some(inline) = stack.pop() {
        match inline {
            Inline::Link(_) => return true,
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => stack.extend(c),
            Inline::Span(span) => stack.extend(&span.content),
            _ => {}
        }
    }
    false
}

/// The text of `blocks` (HTML as its text, images as their alt text), blocks apart by a space.
pub fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    walk(blocks, |n| match n {
        Node::Block(_) => {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        }
        Node::Inline(Inline::Text(t) | Inline::Code(t)) => out.push_str(t),
        Node::Inline(Inline::Html(h)) => out.push_str(&super::html::text_content(h)),
        Node::Inline(Inline::Image(img)) => out.push_str(&img.alt),
        Node::Inline(Inline::SoftBreak | Inline::HardBreak) => out.push(' '),
        Node::Inline(_) => {}
    });
    for b in blocks {
        if let Block::CodeBlock { text, .. } | Block::Html(text) = b {
            out.push(' ');
            out.push_str(text);
        }
    }
    out.trim().to_string()
}

/// Call `f` on every list of inlines in `blocks` (a paragraph's, a heading's, a cell's, and
/// those nested in emphasis, strong, strikethrough, spans and images' captions; not a link's
/// words, nor a citation's), a list before the lists nested in it; without recursion. For passes that
/// replace inlines by others (a citation's text by its span).
pub fn for_each_inline_list_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    enum Node<'a> {
        Block(&'a mut Block),
        List(&'a mut Vec<Inline>),
    }
    let mut stack: Vec<Node> = blocks.iter_mut().rev().map(Node::Block).collect();
    while let Some(node) = stack.pop() {
        match node {
            Node::Block(block) => match block {
                Block::Heading { content, .. }
                | Block::Paragraph(content)
                | Block::Caption(content) => stack.push(Node::List(content)),
                Block::List { items, .. } => {
                    for item in items.iter_mut().rev() {
                        stack.extend(item.iter_mut().rev().map(Node::Block));
                    }
                }
                Block::BlockQuote(inner) => stack.extend(inner.iter_mut().rev().map(Node::Block)),
                Block::Div(div) => stack.extend(div.blocks.iter_mut().rev().map(Node::Block)),
                Block::Definitions(items) => {
                    for d in items.iter_mut().rev() {
                        for detail in d.details.iter_mut().rev() {
                            stack.extend(detail.iter_mut().rev().map(Node::Block));
                        }
                        stack.push(Node::List(&mut d.term));
                    }
                }
                Block::Table(table) => {
                    for row in table.rows.iter_mut().rev() {
                        stack.extend(row.iter_mut().rev().map(Node::List));
                    }
                    stack.extend(table.head.iter_mut().rev().map(Node::List));
                }
                Block::References(_)
                | Block::CodeBlock { .. }
                | Block::ThematicBreak
                | Block::Html(_) => {}
            },
            Node::List(list) => {
                f(list);
                let mut nested: Vec<Node> = Vec::new();
                for inline in list.iter_mut() {
                    match inline {
                        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                            nested.push(Node::List(c))
                        }
                        // Not a link's words: a citation there would be a link in a link.
                        Inline::Span(span) if !matches!(span.kind, SpanKind::Citation(_)) => {
                            nested.push(Node::List(&mut span.content))
                        }
                        Inline::Image(img) => nested.push(Node::List(&mut img.caption)),
                        _ => {}
                    }
                }
                stack.extend(nested.into_iter().rev());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_in_document_order_and_survives_deep_nesting() {
        let mut deep = Block::Paragraph(vec![Inline::Text("dalam".into())]);
        for _ in 0..5000 {
            deep = Block::BlockQuote(vec![deep]);
        }
        let blocks = vec![
            Block::Paragraph(vec![
                Inline::Text("a".into()),
                Inline::Emphasis(vec![Inline::Text("b".into())]),
            ]),
            deep,
        ];
        let mut texts = vec![];
        walk(&blocks, |n| {
            if let Node::Inline(Inline::Text(t)) = n {
                texts.push(t.clone());
            }
        });
        assert_eq!(texts, ["a", "b", "dalam"]);
    }
}
