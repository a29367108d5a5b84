//! The logical structure of what is set, for the tagged PDF: every chapter's elements
//! (sections, headings, paragraphs, lists, tables, figures, notes) as the layout opens them,
//! and, on every piece of text and every image, the element it belongs to. The PDF writer
//! turns these into the structure tree (ISO 32000-1, 14.7; PDF/UA-1): the pages only say which
//! element each thing they draw belongs to; what the elements are and how they nest is here.

use std::sync::Arc;

/// The kind of a structure element: PDF 1.7's standard structure types that books use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A chapter (the root of a chapter's elements), or a part of the front matter.
    Sect,
    /// A heading, level 1–6.
    H(u8),
    P,
    /// A list, its items, an item's label (bullet, number) and body.
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    /// A header cell (of the header row: its scope is its column).
    TH,
    TD,
    /// An image with its alternative text.
    Figure,
    Caption,
    BlockQuote,
    /// A code listing (block-level here: a listing's lines are its content).
    Code,
    /// A footnote.
    Note,
    /// A grouping with no meaning of its own (a division, a definition list's entry).
    Div,
    /// The table of contents and its entries.
    TOC,
    TOCI,
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index of the parent element in the same [`Tags`]; the root's is itself (0).
    pub parent: u32,
    pub role: Role,
    /// A figure's alternative text.
    pub alt: Option<Arc<str>>,
    /// The element's language, when it is not the book's (BCP 47).
    pub lang: Option<Arc<str>>,
    /// An identifier the element can be referred to by (notes: PDF/UA-1 7.9 wants one).
    pub id: Option<String>,
}

/// Which element a piece of text or an image belongs to: the chapter (or [`Tag::FRONT`]) whose
/// [`Tags`] hold it, and its index there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    pub part: u32,
    pub node: u32,
}

impl Tag {
    /// The part of the front matter (title page, copyright page, contents).
    pub const FRONT: u32 = u32::MAX;
    /// Not tagged by the layout: drawn as part of its chapter's root element.
    pub const NONE: Tag = Tag {
        part: u32::MAX - 1,
        node: 0,
    };

    /// Not content: drawn as an artifact (a decorative image, an ornament).
    pub const ARTIFACT: Tag = Tag {
        part: u32::MAX - 2,
        node: 0,
    };

    pub fn is_none(self) -> bool {
        self == Tag::NONE
    }
}

impl Default for Tag {
    fn default() -> Self {
        Tag::NONE
    }
}

/// The elements of one chapter (or the front matter), made as the layout goes: [`Tags::open`]
/// starts an element inside the innermost open one, [`Tags::close`] ends it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tags {
    pub part: u32,
    pub nodes: Vec<Node>,
    /// The open elements, innermost last.
    stack: Vec<u32>,
}

impl Tags {
    /// A chapter's (or the front matter's) elements: its root, a section, open.
    pub fn new(part: u32) -> Tags {
        Tags {
            part,
            nodes: vec![Node {
                parent: 0,
                role: Role::Sect,
                alt: None,
                lang: None,
                id: None,
            }],
            stack: vec![0],
        }
    }

    /// The innermost open element.
    pub fn current(&self) -> Tag {
        Tag {
            part: self.part,
            node: self.stack.last().copied().unwrap_or(0),
        }
    }

    /// Open an element of `role` inside the current one; it is the current one until closed.
    pub fn open(&mut self, role: Role) -> Tag {
        let parent = self.current().node;
        let node = self.nodes.len() as u32;
        self.nodes.push(Node {
            parent,
            role,
            alt: None,
            lang: None,
            id: None,
        });
        self.stack.push(node);
        Tag {
            part: self.part,
            node,
        }
    }

    /// Close the current element (the root stays open).
    pub fn close(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// The element `tag` names, when it is one of these.
    pub fn node_mut(&mut self, tag: Tag) -> Option<&mut Node> {
        (tag.part == self.part)
            .then(|| self.nodes.get_mut(tag.node as usize))
            .flatten()
    }

    /// How deep the open elements are (to close back to a depth after a block).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Close elements until `depth` are open.
    pub fn close_to(&mut self, depth: usize) {
        while self.stack.len() > depth.max(1) {
            self.stack.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_nest_as_opened_and_the_root_stays_open() {
        let mut t = Tags::new(3);
        let l = t.open(Role::L);
        let li = t.open(Role::LI);
        t.close();
        t.close();
        t.close();
        t.close();
        let p = t.open(Role::P);
        assert_eq!(t.nodes[li.node as usize].parent, l.node);
        assert_eq!(t.nodes[l.node as usize].parent, 0);
        assert_eq!(t.nodes[p.node as usize].parent, 0);
        assert_eq!(p.part, 3);
    }
}
