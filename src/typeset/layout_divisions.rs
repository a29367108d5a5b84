//! Divisions (`Block::Div`) in the flow of a chapter (part of `layout`): one that is no aside
//! is part of the text around it, set in its own language; a chapter written in one has its
//! title there.

use std::sync::Arc;

use crate::document::Block;

/// `blocks` with the blocks of each division that is no aside in its place, each block with
/// the language it is set in (a division's, else `outer`). Without recursion: divisions may
/// nest as deep as the IR does.
pub(super) fn in_divisions<'b>(
    blocks: &'b [Block],
    outer: &Option<Arc<str>>,
) -> Vec<(&'b Block, Option<Arc<str>>)> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut stack: Vec<(std::slice::Iter<'b, Block>, Option<Arc<str>>)> =
        vec![(blocks.iter(), outer.clone())];
    while let Some((iter, lang)) = stack.last_mut() {
        let Some(block) = iter.next() else {
            stack.pop();
            continue;
        };
        let lang = lang.clone();
        match block {
            Block::Div(div) => {
                let inner = div.lang.as_deref().map(Arc::from).or(lang);
                if div.is_aside() {
                    out.push((block, inner));
                } else {
                    stack.push((div.blocks.iter(), inner));
                }
            }
            _ => out.push((block, lang)),
        }
    }
    out
}

/// The chapter's title when it is the first block of a division that is no aside, which the
/// chapter's blocks open with, and the chapter's blocks without it.
pub(super) fn title_in_division(blocks: &[Block]) -> Option<(&Block, Vec<Block>)> {
    let Some(Block::Div(div)) = blocks.first() else {
        return None;
    };
    if div.is_aside() {
        return None;
    }
    let (title, inner) = match div.blocks.first() {
        Some(title @ Block::Heading { level: 1, .. }) => (title, div.blocks[1..].to_vec()),
        Some(Block::Div(_)) => title_in_division(&div.blocks)?,
        _ => return None,
    };
    let mut rest = Vec::with_capacity(blocks.len());
    rest.push(Block::Div(Box::new(crate::document::Div {
        id: None,
        lang: div.lang.clone(),
        classes: div.classes.clone(),
        blocks: inner,
    })));
    rest.extend_from_slice(&blocks[1..]);
    Some((title, rest))
}
