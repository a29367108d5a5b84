//! Tests of Markdown → IR.

use super::*;
use crate::document::{Align, Image, plain_text};
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
fn a_nested_chapter_s_heading_after_an_old_anchor_is_its_title() {
    // The Rust book's ch06-02: a comment and an anchor kept for old links, then `## …`: the
    // heading is the title (level 1), set once, not under the table of contents' words.
    let c = chapter(
        "<!-- Old headings. Do not remove or links may break. -->\n\n\
         <a id=\"the-match-control-flow-operator\"></a>\n\n\
         ## The `match` Control Flow Construct\n\nTeks.\n",
    );
    assert_eq!(c.title, "The match Control Flow Construct");
    let heading = c.blocks.iter().find_map(|b| match b {
        Block::Heading { level, .. } => Some(*level),
        _ => None,
    });
    assert_eq!(heading, Some(1));
    assert!(c.title_heading().is_some());
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
    let Block::List {
        start, items, line, ..
    } = &c.blocks[0]
    else {
        panic!("{:?}", c.blocks)
    };
    assert_eq!(*start, Some(3));
    assert_eq!(*line, 1, "where the list starts, for messages about it");
    assert_eq!(items.len(), 2);
    assert_eq!(
        items[0],
        vec![Block::Paragraph(vec![Inline::Text("satu".into())])]
    );
    assert!(
        matches!(&items[1][1], Block::List { start: None, items, line: 3, column: 4 } if items.len() == 2)
    );
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
    assert_eq!((t.line, t.column), (1, 1));
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
    assert_eq!(ids, vec!["satu", "satu-1", "dua", "1bad"]);
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
    assert!(matches!(&p[1], Inline::Link(l) if l.url == "https://e.org"));
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

/// A chapter `bab.md` in folder `dir`, parsed with its warnings as text.
fn chapter_in(dir: &Path, md: &str) -> (Chapter, Vec<String>) {
    let src = ChapterSource {
        path: dir.join("bab.md"),
        text: md.to_string(),
    };
    let (c, w) = parse_chapter_in(&src, "ch01", dir).unwrap();
    let shown = w.into_vec().iter().map(|d| d.to_string()).collect();
    (c, shown)
}

#[test]
fn inline_html_becomes_ir_with_warnings_at_its_place() {
    let (c, w) = chapter_in(
        Path::new("buku"),
        "Satu.\n\nTeks <b onclick=\"x()\">tebal *dan* miring</b>, E = mc<sup>2</sup>, \
         <a href=\"javascript:alert(1)\">klik</a> <span class=\"c\">polos</span> \
         <span lang=\"en\">word</span> <q>kutip</q>.\n",
    );
    let Block::Paragraph(p) = &c.blocks[1] else {
        panic!("{:?}", c.blocks)
    };
    assert_eq!(p[0], Inline::Text("Teks ".into()));
    assert_eq!(
        p[1],
        Inline::Strong(vec![
            Inline::Text("tebal ".into()),
            Inline::Emphasis(vec![Inline::Text("dan".into())]),
            Inline::Text(" miring".into()),
        ])
    );
    use crate::document::{Span, SpanKind};
    let text = |t: &str| vec![Inline::Text(t.into())];
    assert!(
        p.contains(&Span::inline(SpanKind::Superscript, text("2"))),
        "{p:?}"
    );
    assert!(
        p.contains(&Span::inline(SpanKind::Lang("en".into()), text("word"))),
        "a span naming a language is kept: {p:?}"
    );
    assert_eq!(
        plain_text(p),
        "Teks tebal dan miring, E = mc2, klik polos word “kutip”."
    );
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].starts_with(
            "buku/bab.md:3:6: `onclick` attribute removed — e-books do not run scripts"
        ),
        "{}",
        w[0]
    );
    assert!(
        w[1].starts_with("buku/bab.md:3:67: `javascript:` URL removed"),
        "{}",
        w[1]
    );
}

#[test]
fn html_blocks_become_ir_blocks() {
    let (c, w) = chapter_in(
        Path::new("buku"),
        "# Judul\n\n<script>\nalert(1)\n</script>\n\n<div class=\"kutu\"><p>a&nbsp;b &amp; &#x41;</p>\
         <ul><li>satu<li>dua</ul><h2>Sub</h2><pre><code class=\"language-py\">x = 1\n</code></pre>\
         <hr><blockquote>kutip</blockquote></div>\n\n> teks\n>\n> <style>p{}</style>\n",
    );
    let expected = [
        Block::Paragraph(vec![Inline::Text("a\u{a0}b & A".into())]),
        Block::List {
            start: None,
            items: vec![
                vec![Block::Paragraph(vec![Inline::Text("satu".into())])],
                vec![Block::Paragraph(vec![Inline::Text("dua".into())])],
            ],
            line: 7,
            column: 47,
        },
        Block::Heading {
            level: 2,
            id: "sub".into(),
            content: vec![Inline::Text("Sub".into())],
        },
        Block::CodeBlock {
            lang: Some("py".into()),
            text: "x = 1\n".into(),
        },
        Block::ThematicBreak,
        Block::BlockQuote(vec![Block::Paragraph(vec![Inline::Text("kutip".into())])]),
    ];
    assert_eq!(c.blocks[1..7], expected[..], "{:#?}", c.blocks);
    assert_eq!(
        c.blocks[7],
        Block::BlockQuote(vec![Block::Paragraph(vec![Inline::Text("teks".into())])])
    );
    assert_eq!(c.blocks.len(), 8);
    assert!(
        w[0].starts_with("buku/bab.md:3:1: <script> element removed"),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("buku/bab.md:12:3: <style> element removed"),
        "{w:?}"
    );
}

#[test]
fn html_containers_may_hold_markdown() {
    let c = chapter(
        "<div class=\"catatan\">\n\n*Penting*: teks.\n\n</div>\n\n<blockquote>\n\n- a\n\n</blockquote>\n",
    );
    assert_eq!(
        c.blocks,
        vec![
            Block::Div(Box::new(crate::document::Div {
                id: None,
                lang: None,
                classes: vec!["catatan".into()],
                blocks: vec![Block::Paragraph(vec![
                    Inline::Emphasis(vec![Inline::Text("Penting".into())]),
                    Inline::Text(": teks.".into())
                ])],
            })),
            Block::BlockQuote(vec![Block::List {
                start: None,
                items: vec![vec![Block::Paragraph(vec![Inline::Text("a".into())])]],
                line: 9,
                column: 1,
            }])
        ]
    );
    // Never closed, or closed without being opened: the tags go, the words stay.
    let c = chapter("<div>\n\nteks\n\n</span>\n");
    assert_eq!(plain(&c.blocks), "teks");
    let c = chapter("Teks <b>tebal dan <i>miring.\n\n*x*</i>\n");
    assert_eq!(
        plain_text(match &c.blocks[0] {
            Block::Paragraph(p) => p,
            _ => panic!(),
        }),
        "Teks tebal dan miring."
    );
    assert_eq!(plain(&c.blocks[1..]), "x");
}

#[test]
fn html_images_must_be_files_of_the_book() {
    let dir = std::env::temp_dir().join(format!("terbit-html-img-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("peta.png"), b"x").unwrap();
    let (c, w) = chapter_in(
        &dir,
        "Peta: <img src=\"peta.png\" alt=\"Peta\">, <img src=\"hilang.png\">, \
         <img src=\"https://e.org/a.png\">.\n",
    );
    let Block::Paragraph(p) = &c.blocks[0] else {
        panic!()
    };
    let images: Vec<&Image> = p
        .iter()
        .filter_map(|i| match i {
            Inline::Image(img) => Some(&**img),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 1);
    assert_eq!(
        (images[0].url.as_str(), images[0].line, images[0].column),
        ("peta.png", 1, 7)
    );
    assert!(
        w[0].contains("bab.md:1:40: <img> of `hilang.png` removed"),
        "{w:?}"
    );
    assert!(
        w[1].contains("bab.md:1:64: <img> of remote `https://e.org/a.png` removed"),
        "{w:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn deep_html_is_capped_too() {
    let md = "<b>".repeat(10_000) + "x" + &"</b>".repeat(10_000) + "\n";
    let c = chapter(&md);
    let Block::Paragraph(p) = &c.blocks[0] else {
        panic!()
    };
    let mut depth = 0;
    let mut level = p.as_slice();
    while let [Inline::Strong(inner)] = level {
        depth += 1;
        level = inner;
    }
    assert_eq!(depth, MAX_INLINE_NESTING);
    assert_eq!(plain_text(p), "x");
    let md = "<div>\n\n".repeat(5_000) + "x\n\n" + &"</div>\n\n".repeat(5_000);
    let c = chapter(&md);
    assert_eq!(
        c.blocks,
        vec![Block::Paragraph(vec![Inline::Text("x".into())])]
    );
    let md = "<blockquote>\n\n".repeat(5_000) + "x\n\n" + &"</blockquote>\n\n".repeat(5_000);
    assert_eq!(depth_of_chapter(&md), MAX_NESTING);
}

fn depth_of_chapter(md: &str) -> usize {
    depth(&chapter(md).blocks)
}

#[test]
fn html_anchors_stand_for_the_heading_after_them() {
    let c = chapter(
        "<a id=\"lama\"></a>\n\n## Baru\n\nTeks <span id=\"tengah\">x</span>.\n\n\
         <h2 id=\"judul-html\">Judul</h2>\n\nAkhir <a name=\"akhir\"></a>.\n",
    );
    assert_eq!(
        c.anchors,
        [
            ("lama".to_string(), "baru".to_string()),
            ("tengah".into(), "judul-html".into()),
            ("akhir".into(), "judul-html".into()),
        ]
    );
    assert!(
        c.blocks
            .iter()
            .any(|b| matches!(b, Block::Heading { id, .. } if id == "judul-html")),
        "an HTML heading keeps its id"
    );
}

#[test]
fn a_nested_chapters_opening_heading_is_its_title_once() {
    let c = chapter("## Installation\n\nTeks.\n\n## Lagi\n");
    let levels: Vec<u8> = c
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .collect();
    assert_eq!(levels, [1, 2]);
    assert_eq!(c.title, "Installation");
    let c = chapter("## Pengantar\n\n# Judul\n");
    assert_eq!(c.title, "Judul", "a level-1 heading later is the title");
    assert!(matches!(c.blocks[0], Block::Heading { level: 2, .. }));
}

#[test]
fn rustdoc_hidden_lines_are_hidden_in_rust_listings_only() {
    let md = "```rust,ignore\n# use std::io;\nfn main() {\n    # let x = 1;\n    #[derive(Debug)]\n    ## not hidden\n#\n}\n```\n\n```python\n# a comment\n```\n";
    let c = chapter(md);
    let code: Vec<&str> = c
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::CodeBlock { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        code,
        [
            "fn main() {\n    #[derive(Debug)]\n    # not hidden\n}\n",
            "# a comment\n"
        ]
    );
}

#[test]
fn mdbook_listings_and_file_names_are_captions() {
    let md = "<Listing number=\"4-1\" file-name=\"src/main.rs\" caption=\"A `String` in *scope*\">\n\n\
              ```rust\nfn main() {}\n```\n\n</Listing>\n\n\
              <span class=\"filename\">Filename: src/lib.rs</span>\n\n```rust\nmod a;\n```\n\n\
              <span class=\"caption\">Listing 4-2: Old style</span>\n\nText <span>x</span>.\n";
    let c = chapter(md);
    let kinds: Vec<String> = c
        .blocks
        .iter()
        .map(|b| match b {
            Block::Caption(content) => format!("caption: {}", plain_text(content)),
            Block::CodeBlock { .. } => "code".into(),
            Block::Paragraph(content) => format!("p: {}", plain_text(content)),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "caption: Filename: src/main.rs",
            "code",
            "caption: Listing 4-1: A String in scope",
            "caption: Filename: src/lib.rs",
            "code",
            "caption: Listing 4-2: Old style",
            "p: Text x.",
        ]
    );
    let Block::Caption(below) = &c.blocks[2] else {
        unreachable!()
    };
    assert!(
        below
            .iter()
            .any(|i| matches!(i, Inline::Code(t) if t == "String"))
    );
}

#[test]
fn images_keep_the_size_their_authors_gave() {
    let md = "![Peta](p.png){width=50%}\n\n![Peta](p.png){#id height=3cm}\n\n\
              <img src=\"tests/data/epub-fixture/gambar/peta.png\" style=\"width: 30%\" alt=\"A long description\">\n";
    let src = ChapterSource {
        path: PathBuf::from("bab.md"),
        text: md.to_string(),
    };
    let (c, _) = parse_chapter_in(&src, "ch01", Path::new(".")).unwrap();
    let images: Vec<(&[Inline], &Image)> = c
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => p.iter().find_map(|i| match i {
                Inline::Image(img) => Some((p.as_slice(), &**img)),
                _ => None,
            }),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 3);
    assert_eq!(
        images[0].1.width,
        Some(crate::document::Length::Percent(50.0))
    );
    assert_eq!(
        images[0].0.len(),
        1,
        "the braces are gone: {:?}",
        images[0].0
    );
    assert!(
        matches!(images[1].1.height, Some(crate::document::Length::Pt(h)) if (h - 85.04).abs() < 0.1)
    );
    assert!(
        images[0].1.alt_is_caption,
        "a Markdown image alone: pandoc's figure"
    );
    let html = images[2].1;
    assert_eq!(html.width, Some(crate::document::Length::Percent(30.0)));
    assert!(
        !html.alt_is_caption,
        "an HTML image's alt text is never printed"
    );
}

#[test]
fn superscripts_subscripts_small_caps_and_languages_are_spans() {
    use crate::document::{Span, SpanKind};
    let c = chapter(
        "H~2~O, x^2^, H<sub>2</sub>O, [NATO]{.smallcaps}, [Türkiye *kita*]{lang=tr}, \
         <abbr title=\"North Atlantic Treaty Organization\">NATO</abbr>, ~~dulu~~.\n",
    );
    let Block::Paragraph(p) = &c.blocks[0] else {
        panic!("{:?}", c.blocks)
    };
    let spans: Vec<(&SpanKind, String)> = p
        .iter()
        .filter_map(|i| match i {
            Inline::Span(s) => Some((&s.kind, plain_text(&s.content))),
            _ => None,
        })
        .collect();
    assert_eq!(
        spans,
        [
            (&SpanKind::Subscript, "2".to_string()),
            (&SpanKind::Superscript, "2".into()),
            (&SpanKind::Subscript, "2".into()),
            (&SpanKind::SmallCaps, "NATO".into()),
            (&SpanKind::Lang("tr".into()), "Türkiye kita".into()),
            (
                &SpanKind::Abbr("North Atlantic Treaty Organization".into()),
                "NATO".into()
            ),
        ]
    );
    assert_eq!(
        plain_text(p),
        "H2O, x2, H2O, NATO, Türkiye kita, NATO, dulu.",
        "no bracket, brace or tag left"
    );
    assert!(p.iter().any(|i| matches!(i, Inline::Strikethrough(_))));
    let _ = Span::inline;
}

#[test]
fn definition_lists_are_terms_with_their_definitions() {
    let c = chapter(
        "Istilah *satu*\n: Arti pertama.\n: Arti kedua.\n\nIstilah dua\n: Arti.\n\n    Lanjutan.\n",
    );
    let Some(Block::Definitions(items)) = c.blocks.first() else {
        panic!("{:?}", c.blocks)
    };
    assert_eq!(items.len(), 2);
    assert_eq!(plain_text(&items[0].term), "Istilah satu");
    assert_eq!(items[0].details.len(), 2);
    assert_eq!(
        items[1].details[0].len(),
        2,
        "a definition of two paragraphs"
    );
}

#[test]
fn fenced_divs_and_raw_tex_leave_no_marks() {
    let c = chapter(
        "::: {.note lang=tr}\nBir not.\n:::\n\n\\begin{figure}\n\\includegraphics{peta.png}\n\\end{figure}\n\nTeks \\LaTeX.\n",
    );
    let text = crate::document::walk::text_of(&c.blocks);
    assert_eq!(text, "Bir not. Teks LaTeX.");
}

#[test]
fn inline_codes_attributes_are_not_text() {
    let c = chapter("Pakai `fmap`{.haskell} dan `x`{#k .y} lalu `{a}` {biasa}.\n");
    assert_eq!(
        crate::document::walk::text_of(&c.blocks),
        "Pakai fmap dan x lalu {a} {biasa}."
    );
}

#[test]
fn dollars_are_formulas_except_in_mdbooks() {
    let src = ChapterSource {
        path: "bab.md".into(),
        text: "Set $HOME/.cargo/bin* and `$PATH` to $x^2$.\n".into(),
    };
    let (pandoc, _) = super::parse_chapter_as(&src, "ch01", Path::new("."), true).unwrap();
    let (mdbook, _) = super::parse_chapter_as(&src, "ch01", Path::new("."), false).unwrap();
    let has_math = |c: &Chapter| {
        let mut found = false;
        crate::document::walk::walk(&c.blocks, |n| {
            if let crate::document::walk::Node::Inline(Inline::Span(s)) = n {
                found |= matches!(s.kind, SpanKind::Math { .. });
            }
        });
        found
    };
    assert!(has_math(&pandoc));
    assert!(!has_math(&mdbook));
    assert_eq!(
        crate::document::walk::text_of(&mdbook.blocks),
        "Set $HOME/.cargo/bin* and $PATH to $x^2$."
    );
}

#[test]
fn crossref_ids_and_labels_are_kept_or_left_out_never_printed() {
    let c = chapter(
        "# Awal {#sec:awal}\n\n$$x^2$$ {#eq:satu}\n\nTabel: []{#tbl:t short-caption=\"dua kata\"}\n",
    );
    assert!(matches!(&c.blocks[0], Block::Heading { id, .. } if id == "sec:awal"));
    let text = crate::document::walk::text_of(&c.blocks);
    assert!(!text.contains('{') && !text.contains("eq:"), "{text}");
    assert!(text.ends_with("Tabel:"), "{text}");
}
