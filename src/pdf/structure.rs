//! The structure tree of a tagged PDF (ISO 32000-1, 14.7; PDF/UA-1), written with pdf-writer:
//! the layout's elements (`typeset::tags`) that hold anything drawn, in reading order, with
//! the marked content of every page (its MCIDs) and the link annotations as their children,
//! and the parent tree that leads from content back to its element.
//!
//! Reading order is drawing order: an element comes where the first thing it holds is drawn,
//! so a footnote is read after the text of its page, and a chapter after the one before it.
//! Elements nothing is drawn for (an empty chapter, a heading the layout dropped) are left
//! out.

use std::collections::HashMap;

use pdf_writer::types::{StructRole, TableHeaderScope};
use pdf_writer::{Chunk, Rect, Ref, Str, TextStr};

use super::marks::Marked;
use super::writer::Writer;
use crate::typeset::Typeset;
use crate::typeset::tags::{Node, Role, Tag, Tags};

/// Elements (and pages' parent arrays) written into one chunk before it is handed to the file.
const FLUSH_ELEMENTS: usize = 512;

/// What one page contributes: its object, its marked content by MCID, and its link
/// annotations (the index of the link item each is made from, its object, and its key in the
/// parent tree).
pub struct PageMarks {
    pub page: Ref,
    pub marks: Vec<Marked>,
    pub annots: Vec<(usize, Ref, i32)>,
}

/// A child of an element.
enum Kid {
    Elem(usize),
    /// Marked content: page (index among `PageMarks`), MCID.
    Mcr(usize, i32),
    /// An annotation: page, annotation object.
    Objr(usize, Ref),
}

/// An element of the tree being built.
struct Elem {
    /// The layout's element (`None`: the document, or a link made here).
    node: Option<(u32, u32)>,
    role: StructRole,
    parent: usize,
    kids: Vec<Kid>,
    /// The page of the first thing in it.
    page: Option<usize>,
    /// A figure's box on its page.
    bbox: Option<[f32; 4]>,
}

/// Builds the tree from the pages' marked content in order.
struct Tree<'a> {
    parts: HashMap<u32, &'a Tags>,
    elems: Vec<Elem>,
    by_node: HashMap<(u32, u32), usize>,
    /// The ActualText of spans made here, by element.
    actual: HashMap<usize, std::sync::Arc<str>>,
}

impl<'a> Tree<'a> {
    fn node(&self, part: u32, node: u32) -> Option<&'a Node> {
        self.parts.get(&part)?.nodes.get(node as usize)
    }

    fn push(&mut self, elem: Elem) -> usize {
        let parent = elem.parent;
        self.elems.push(elem);
        let id = self.elems.len() - 1;
        if id != parent {
            self.elems[parent].kids.push(Kid::Elem(id));
        }
        id
    }

    /// The element of `tag`, made (with its ancestors) when first met, on page `page`: so an
    /// element's place among its siblings is where its first content is drawn.
    fn elem(&mut self, tag: Tag, page: usize) -> usize {
        // The chain up to the first ancestor already made (the document at the latest).
        let mut chain = Vec::new();
        let mut node = tag.node;
        let parent = loop {
            if let Some(&e) = self.by_node.get(&(tag.part, node)) {
                break e;
            }
            chain.push(node);
            let Some(n) = self.node(tag.part, node) else {
                break 0;
            };
            if node == 0 || n.parent == node {
                break 0;
            }
            node = n.parent;
        };
        let mut parent = parent;
        for &node in chain.iter().rev() {
            let role = self
                .node(tag.part, node)
                .map_or(StructRole::Span, |n| role(n.role));
            parent = self.push(Elem {
                node: Some((tag.part, node)),
                role,
                parent,
                kids: Vec::new(),
                page: Some(page),
                bbox: None,
            });
            self.by_node.insert((tag.part, node), parent);
            // A row has all its cells, in order, empty ones too: a table's grid closes.
            if role == StructRole::TR {
                let row = parent;
                let cells: Vec<u32> = self.parts.get(&tag.part).map_or(Vec::new(), |t| {
                    (node + 1..t.nodes.len() as u32)
                        .take_while(|&c| t.nodes[c as usize].parent == node)
                        .collect()
                });
                for cell in cells {
                    let kind = match self.node(tag.part, cell).map(|n| n.role) {
                        Some(Role::TH) => StructRole::TH,
                        Some(Role::TD) => StructRole::TD,
                        _ => continue,
                    };
                    let e = self.push(Elem {
                        node: Some((tag.part, cell)),
                        role: kind,
                        parent: row,
                        kids: Vec::new(),
                        page: Some(page),
                        bbox: None,
                    });
                    self.by_node.insert((tag.part, cell), e);
                }
            }
        }
        parent
    }
}

fn role(role: Role) -> StructRole {
    match role {
        Role::Sect => StructRole::Sect,
        Role::H(1) => StructRole::H1,
        Role::H(2) => StructRole::H2,
        Role::H(3) => StructRole::H3,
        Role::H(4) => StructRole::H4,
        Role::H(5) => StructRole::H5,
        Role::H(_) => StructRole::H6,
        Role::P => StructRole::P,
        Role::L => StructRole::L,
        Role::LI => StructRole::LI,
        Role::Lbl => StructRole::Lbl,
        Role::LBody => StructRole::LBody,
        Role::Table => StructRole::Table,
        Role::THead => StructRole::THead,
        Role::TBody => StructRole::TBody,
        Role::TR => StructRole::TR,
        Role::TH => StructRole::TH,
        Role::TD => StructRole::TD,
        Role::Figure => StructRole::Figure,
        Role::Caption => StructRole::Caption,
        Role::BlockQuote => StructRole::BlockQuote,
        Role::Code => StructRole::Code,
        Role::Note => StructRole::Note,
        Role::Div => StructRole::Div,
        Role::TOC => StructRole::TOC,
        Role::TOCI => StructRole::TOCI,
    }
}

/// Write the structure tree of `ts`, whose pages drew `pages`; returns the tree's root, for
/// the catalog. Each page's key in the parent tree is its index.
pub fn write(w: &mut Writer, ts: &Typeset, pages: &[PageMarks]) -> Ref {
    let mut parts: HashMap<u32, &Tags> = ts.tags.iter().map(|t| (t.part, t)).collect();
    parts.insert(Tag::FRONT, &ts.front_tags);
    let mut tree = Tree {
        parts,
        elems: vec![Elem {
            node: None,
            role: StructRole::Document,
            parent: 0,
            kids: Vec::new(),
            page: None,
            bbox: None,
        }],
        by_node: HashMap::new(),
        actual: HashMap::new(),
    };
    // Each page's MCIDs, in order: the element each belongs to.
    let mut parents: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    // The link element of each annotation, by page and link item.
    let mut links: HashMap<(usize, usize), usize> = HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        let mut of_page = Vec::with_capacity(page.marks.len());
        for (mcid, mark) in page.marks.iter().enumerate() {
            let mut elem = tree.elem(mark.tag, p);
            if let Some(k) = mark.link
                && page.annots.iter().any(|(item, ..)| *item == k)
            {
                elem = *links.entry((p, k)).or_insert_with(|| {
                    tree.push(Elem {
                        node: None,
                        role: StructRole::Link,
                        parent: elem,
                        kids: Vec::new(),
                        page: Some(p),
                        bbox: None,
                    })
                });
            }
            if mark.bbox.is_some() {
                tree.elems[elem].bbox = mark.bbox;
            }
            // A part of a hyphenated word: a span whose ActualText is what it stands for.
            if let Some(actual) = &mark.actual {
                elem = tree.push(Elem {
                    node: None,
                    role: StructRole::Span,
                    parent: elem,
                    kids: Vec::new(),
                    page: Some(p),
                    bbox: None,
                });
                tree.actual.insert(elem, actual.clone());
            }
            tree.elems[elem].kids.push(Kid::Mcr(p, mcid as i32));
            of_page.push(elem);
        }
        parents.push(of_page);
    }
    // Each annotation in its link element, after the link's text; one whose text was drawn
    // nowhere (none is, today) in a link element of its own at the document's end.
    let mut annot_parents: Vec<(i32, usize)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for &(item, annot, key) in &page.annots {
            let elem = match links.get(&(p, item)) {
                Some(&e) => e,
                None => tree.push(Elem {
                    node: None,
                    role: StructRole::Link,
                    parent: 0,
                    kids: Vec::new(),
                    page: Some(p),
                    bbox: None,
                }),
            };
            tree.elems[elem].kids.push(Kid::Objr(p, annot));
            annot_parents.push((key, elem));
        }
    }

    // An element left empty is left out (the second line of a contents entry, whose text went
    // into the link the first line opened), and a parent it leaves empty with it; a table's
    // cells stay, empty or not, so that its grid closes. Children come after their parents.
    let mut keep = vec![true; tree.elems.len()];
    for e in (1..tree.elems.len()).rev() {
        let elem = &tree.elems[e];
        let holds = elem.kids.iter().any(|kid| match *kid {
            Kid::Elem(k) => keep[k],
            Kid::Mcr(..) | Kid::Objr(..) => true,
        });
        keep[e] = holds || matches!(elem.role, StructRole::TD | StructRole::TH);
    }
    let root = Ref::new(w.alloc() as i32);
    // (A left-out element's number is never written nor referred to: it is the root's.)
    let refs: Vec<Ref> = keep
        .iter()
        .map(|&k| if k { Ref::new(w.alloc() as i32) } else { root })
        .collect();
    let mut chunk = Chunk::with_settings(pdf_writer::Settings { pretty: false });
    let mut ids: Vec<(String, Ref)> = Vec::new();
    for (e, elem) in tree.elems.iter().enumerate() {
        if !keep[e] {
            continue;
        }
        // Handed to the file a few hundred elements at a time: a long book's elements written
        // into one chunk would be megabytes held at once.
        if e % FLUSH_ELEMENTS == 0 && e > 0 {
            w.chunk(&chunk);
            chunk = Chunk::with_settings(pdf_writer::Settings { pretty: false });
        }
        let node = elem.node.and_then(|(part, n)| tree.node(part, n));
        let mut s = chunk.struct_element(refs[e]);
        s.kind(elem.role);
        s.parent(if e == 0 { root } else { refs[elem.parent] });
        let own_page = elem.page.map(|p| pages[p].page);
        if let Some(pg) = own_page {
            s.page(pg);
        }
        if let Some(actual) = tree.actual.get(&e) {
            s.actual_text(TextStr(actual));
        }
        if let Some(node) = node {
            if let Some(alt) = &node.alt {
                s.alt(TextStr(alt));
            }
            if let Some(lang) = &node.lang {
                s.lang(TextStr(lang));
            }
            if let Some(id) = &node.id {
                s.id(Str(id.as_bytes()));
                ids.push((id.clone(), refs[e]));
            }
        }
        {
            let mut kids = s.children();
            for kid in &elem.kids {
                match *kid {
                    Kid::Elem(k) if !keep[k] => {}
                    Kid::Elem(k) => {
                        kids.struct_element(refs[k]);
                    }
                    Kid::Mcr(p, mcid) if Some(pages[p].page) == own_page => {
                        kids.marked_content_id(mcid);
                    }
                    Kid::Mcr(p, mcid) => {
                        kids.marked_content_ref()
                            .page(pages[p].page)
                            .marked_content_id(mcid);
                    }
                    Kid::Objr(p, annot) => {
                        kids.object_ref().page(pages[p].page).object(annot);
                    }
                }
            }
        }
        match (elem.role, elem.bbox) {
            (StructRole::TH, _) => {
                s.attributes()
                    .push()
                    .table()
                    .scope(TableHeaderScope::Column);
            }
            (StructRole::Figure, Some([x0, y0, x1, y1])) => {
                s.attributes()
                    .push()
                    .layout()
                    .bbox(Rect::new(x0, y0, x1, y1))
                    .placement(pdf_writer::types::Placement::Block);
            }
            _ => {}
        }
    }
    let mut parent_arrays: Vec<(i32, Ref)> = Vec::with_capacity(parents.len());
    for (p, of_page) in parents.iter().enumerate() {
        if p % FLUSH_ELEMENTS == 0 {
            w.chunk(&chunk);
            chunk = Chunk::with_settings(pdf_writer::Settings { pretty: false });
        }
        let id = Ref::new(w.alloc() as i32);
        chunk
            .indirect(id)
            .array()
            .items(of_page.iter().map(|&e| refs[e]));
        parent_arrays.push((p as i32, id));
    }
    {
        let mut r = chunk
            .indirect(root)
            .start::<pdf_writer::writers::StructTreeRoot>();
        r.child(refs[0]);
        {
            let mut tree_nums = r.parent_tree();
            let mut nums = tree_nums.nums();
            for &(key, id) in &parent_arrays {
                nums.insert(key, id);
            }
            for &(key, e) in &annot_parents {
                nums.insert(key, refs[e]);
            }
        }
        let next = parent_arrays.len() as i32 + annot_parents.len() as i32;
        r.parent_tree_next_key(next);
        if !ids.is_empty() {
            ids.sort();
            let mut tree_ids = r.id_tree();
            let mut names = tree_ids.names();
            for (id, e) in &ids {
                names.insert(Str(id.as_bytes()), *e);
            }
        }
    }
    w.chunk(&chunk);
    root
}
