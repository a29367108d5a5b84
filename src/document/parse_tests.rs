//! Tests of Markdown → IR.

use super::*;
use std::path::{Path, PathBuf};

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

/// How deep block containers (quotes, lists) nest, following the first one at each level.
fn depth(blocks: &[Block]) -> usize {
    let mut depth = 0;
    let mut level = blocks;
    loop {
        let container = level
            .iter()
            .find(|b| matches!(b, Block::BlockQuote(_) | Block::List { .. }));
        match container {
            Some(Block::BlockQuote(inner)) => level = inner,
            Some(Block::List { items, .. }) => match items.first() {
                Some(item) => level = item,
                None => return depth + 1,
            },
            _ => return depth,
        }
        depth += 1;
    }
}

#[test]
fn deep_quotes_are_merged_at_the_cap_and_keep_their_text() {
    let md = ">".repeat(5000) + " dalam\n";
    let c = chapter(&md);
    assert_eq!(c.blocks.len(), 1);
    assert_eq!(depth(&c.blocks), MAX_NESTING);
    assert_eq!(plain(&c.blocks), "dalam");
}

#[test]
fn deep_lists_are_merged_at_the_cap_and_keep_every_item() {
    // 200 lists, each item's text then a deeper list: "- a0\n  - a1\n    - a2 …".
    let md: String = (0..200)
        .map(|i| format!("{}- a{i}\n", "  ".repeat(i)))
        .collect();
    let c = chapter(&md);
    assert_eq!(depth(&c.blocks), MAX_NESTING);
    let words: Vec<String> = plain(&c.blocks)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = (0..200).map(|i| format!("a{i}")).collect();
    assert_eq!(
        words, expected,
        "every item kept, in order, not run together"
    );
    // One-line form: `- - - - x`.
    let c = chapter(&("- ".repeat(3000) + "x\n"));
    assert_eq!(depth(&c.blocks), MAX_NESTING);
    assert_eq!(plain(&c.blocks), "x");
}

#[test]
fn deep_emphasis_is_merged_at_the_cap() {
    let md = "*a **b ".repeat(500) + "x" + &"** c*".repeat(500) + "\n";
    let c = chapter(&md);
    let Block::Paragraph(p) = &c.blocks[0] else {
        panic!()
    };
    let mut depth = 0;
    let mut level = p.as_slice();
    while let Some(Inline::Emphasis(inner) | Inline::Strong(inner)) = level
        .iter()
        .find(|i| matches!(i, Inline::Emphasis(_) | Inline::Strong(_)))
    {
        depth += 1;
        level = inner;
    }
    assert_eq!(depth, MAX_INLINE_NESTING);
    let text = plain_text(p);
    assert_eq!(text.matches('a').count(), 500, "{text}");
    assert_eq!(text.matches('c').count(), 500);
}

#[test]
fn scripted_links_keep_only_their_text_with_a_warning() {
    let src = ChapterSource {
        path: PathBuf::from("bab.md"),
        text: "Satu.\n\nLihat [ini](JavaScript:alert(1)) dan [itu](https://e.org).\n".into(),
    };
    let (c, warnings) = parse_chapter_in(&src, "ch01", Path::new(".")).unwrap();
    let Block::Paragraph(p) = &c.blocks[1] else {
        panic!()
    };
    assert_eq!(p[0], Inline::Text("Lihat ini dan ".into()));
    assert!(matches!(&p[1], Inline::Link { url, .. } if url == "https://e.org"));
    let w = warnings.into_vec();
    assert_eq!(w.len(), 1);
    assert!(
        w[0].to_string()
            .starts_with("bab.md:3:7: `javascript:` link removed"),
        "{}",
        w[0]
    );
}

/// The text of blocks, words separated by spaces.
fn plain(blocks: &[Block]) -> String {
    let mut out = String::new();
    crate::document::walk::walk(blocks, |n| {
        if let crate::document::walk::Node::Inline(Inline::Text(t)) = n {
            out.push(' ');
            out.push_str(t);
        }
    });
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
