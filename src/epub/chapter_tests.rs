//! Tests of chapter rendering: each renders Markdown through the parser and checks the XHTML is
//! well-formed before looking at it.

use std::path::{Path, PathBuf};

use super::*;
use crate::document::{Book, parse_chapter};
use crate::epub::font_subset::GlyphUse;
use crate::epub::xhtml::document;
use crate::manuscript::ChapterSource;

/// Whether `xml` is well-formed (XHTML5 documents start with `<!DOCTYPE html>`).
fn well_formed(xml: &str) -> Result<(), roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(xml, options).map(|_| ())
}

/// The chapter document for Markdown `md`, checked to be well-formed, and the glyph use.
fn render(md: &str) -> (String, GlyphUse) {
    let src = ChapterSource {
        path: PathBuf::from("bab.md"),
        text: md.to_string(),
    };
    render_chapter(parse_chapter(&src, "ch01").unwrap())
}

/// The chapter document for `chapter`, checked to be well-formed, and the glyph use.
fn render_chapter(chapter: Chapter) -> (String, GlyphUse) {
    let meta = crate::manuscript::config::parse(Path::new("book.yaml"), "title: T\nlanguage: id\n")
        .unwrap();
    let mut book = Book {
        meta,
        dir: PathBuf::from("."),
        chapters: vec![chapter],
    };
    crate::document::links::resolve(&mut book, &[]);
    let mut images = HashMap::new();
    walk_chapter(&book.chapters[0], |n| {
        if let Node::Inline(Inline::Image(img)) = n {
            images.insert(img.url.clone(), "images/x.png".to_string());
        }
    });
    let ctx = ChapterContext {
        chapter: &book.chapters[0],
        index: 0,
        images: &images,
        book: &book,
        notes_label: "Catatan",
    };
    let mut usage = GlyphUse::default();
    let mut w = Xhtml::new(&mut usage);
    chapter_body(&ctx, &mut w).unwrap();
    let body = w.finish();
    let doc = document("id", "Judul <&>", "bodymatter", &body);
    if let Err(e) = well_formed(&doc) {
        panic!("not well-formed: {e}\n{doc}");
    }
    (doc, usage)
}

#[test]
fn text_and_attributes_are_escaped() {
    let (doc, _) =
        render("# A & B <c>\n\nx < y > z & \"q\" [l](https://e.org/?a=1&b=\"2\" \"t&<\")\n");
    assert!(doc.contains("<title>Judul &lt;&amp;&gt;</title>"));
    assert!(doc.contains(">A &amp; B &lt;c&gt;</h1>"), "{doc}");
    assert!(doc.contains("x &lt; y &gt; z &amp; “q”"), "{doc}");
    assert!(
        doc.contains("href=\"https://e.org/?a=1&amp;b=%222%22\" title=\"t&amp;&lt;\""),
        "{doc}"
    );
}

#[test]
fn raw_html_becomes_safe_xhtml() {
    let (doc, usage) = render(
        "<script>alert(1)</script>\n\nTeks <b onclick=\"x()\">tebal</b>, E = mc<sup>2</sup>, \
         <abbr title=\"North Atlantic\">NATO</abbr>&nbsp;<strike>lama</strike> \
         <a href=\"javascript:alert(1)\">klik</a> <a href=\"https://e.org\">web</a>.\n\n\
         <div class=\"kutu\">ham <i>blok</i><br>dua</div>\n\n\
         <table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>ş</td></tr></table>\n\n\
         <p>Tak <foo>dikenal</foo> dan <u>tak tertutup\n",
    );
    assert!(!doc.contains("<script") && !doc.contains("alert") && !doc.contains("onclick"));
    assert!(!doc.contains("javascript"), "{doc}");
    assert!(
        doc.contains("Teks <strong>tebal</strong>, E = mc<sup>2</sup>,"),
        "{doc}"
    );
    assert!(
        doc.contains("<abbr title=\"North Atlantic\">NATO</abbr>\u{a0}<del>lama</del> klik"),
        "{doc}"
    );
    assert!(doc.contains("<a href=\"https://e.org\">web</a>"), "{doc}");
    assert!(doc.contains("<p>ham <em>blok</em><br/>\ndua</p>"), "{doc}");
    assert!(
        doc.contains("<thead>\n<tr><th>a</th><th>b</th></tr>\n</thead>"),
        "{doc}"
    );
    // Unknown markup: its text, escaped; a known tag never closed goes, its words stay.
    assert!(
        doc.contains("<p>Tak &lt;foo&gt;dikenal&lt;/foo&gt; dan tak tertutup</p>"),
        "{doc}"
    );
    assert!(usage.chars(Face::Bold).contains(&'t'), "<b> is drawn bold");
    assert!(
        usage.chars(Face::Italic).contains(&'b'),
        "<i> is drawn italic"
    );
}

#[test]
fn html_the_ir_keeps_is_rendered_through_the_whitelist_only() {
    use crate::document::Inline;
    let src = ChapterSource {
        path: PathBuf::from("bab.md"),
        text: "x\n".to_string(),
    };
    let mut chapter = parse_chapter(&src, "ch01").unwrap();
    // An IR made elsewhere, with markup the parser would never leave in an `Html` inline.
    chapter.blocks = vec![
        Block::Paragraph(vec![Inline::Html(
            "<sub>2</sub><div><p>blok</p></div><img src=\"x.png\" alt=\"alt\"><a href=\"x\">a</a>\
             <script>bad()</script><b>open"
                .into(),
        )]),
        Block::Html("<tt>kode</tt> <strike>s</strike>".into()),
    ];
    let (doc, _) = render_chapter(chapter);
    assert!(doc.contains("<p><sub>2</sub>blokaltaopen</p>"), "{doc}");
    assert!(doc.contains("<p><code>kode</code> <s>s</s></p>"), "{doc}");
}

#[test]
fn footnotes_are_epub3_notes_with_back_links() {
    let (doc, _) = render("A[^x] B[^y] C[^x].\n\n[^x]: Satu.\n[^y]: Dua.\n\n[^z]: Yatim.\n");
    let noteref = "<a class=\"noteref\" epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" \
                   id=\"fnref-1\"><sup>1</sup></a>";
    assert!(doc.contains(noteref), "{doc}");
    assert!(
        doc.contains("href=\"#fn-1\" id=\"fnref-1-2\""),
        "second reference gets its own id"
    );
    assert!(doc.contains("<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-2\"><p><a \
                          class=\"backlink\" href=\"#fnref-2\" role=\"doc-backlink\">2.</a> Dua.</p></aside>"));
    // A note nobody refers to has no back link (its target would not exist).
    assert!(
        doc.contains("id=\"fn-3\"><p><span class=\"fn-number\">3.</span> Yatim.</p>"),
        "{doc}"
    );
    assert!(doc.contains("xmlns:epub=\"http://www.idpf.org/2007/ops\""));
}

#[test]
fn ordered_lists_keep_their_start_and_nest() {
    let (doc, _) = render("3. tiga\n4. empat\n   - a\n   - b\n\nteks\n\n1. satu\n");
    assert!(
        doc.contains("<ol start=\"3\">\n<li><p>tiga</p>\n</li>"),
        "{doc}"
    );
    assert!(doc.contains("<ul>\n<li><p>a</p>"), "{doc}");
    assert!(
        doc.contains("<ol>\n<li><p>satu</p>"),
        "a list from 1 needs no start: {doc}"
    );
}

#[test]
fn tables_have_head_body_and_alignment() {
    let (doc, usage) = render("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | ş |\n");
    assert!(
        doc.contains(
            "<thead>\n<tr><th class=\"left\">a</th><th class=\"center\">b</th>\
                          <th class=\"right\">c</th><th>d</th></tr>\n</thead>"
        ),
        "{doc}"
    );
    assert!(
        doc.contains("<tbody>\n<tr><td class=\"left\">1</td>"),
        "{doc}"
    );
    assert!(
        usage.chars(Face::Bold).contains(&'a'),
        "header cells are bold"
    );
}

#[test]
fn dangerous_links_become_text() {
    let (doc, _) = render("[klik](javascript:alert(1)) [aman](https://example.org)\n");
    assert!(!doc.contains("javascript"), "{doc}");
    assert!(
        doc.contains("<p>klik <a href=\"https://example.org\">aman</a></p>"),
        "{doc}"
    );
}

#[test]
fn constructs_map_to_xhtml_and_faces() {
    let (doc, usage) = render(
        "# Bab\n\n## Sub *ğ*\n\n*i* **b** ***ş*** ~~s~~ `c`  \nx\n\n> q\n\n```py\nx = 1\n```\n\n---\n\n![Peta ç](p.png \"T\")\n",
    );
    assert!(
        doc.contains("<h2 id=\"sub-g\">Sub <em>ğ</em></h2>"),
        "{doc}"
    );
    assert!(doc.contains("<del>s</del> <code>c</code><br/>"), "{doc}");
    assert!(
        doc.contains("<blockquote>\n<p>q</p>\n</blockquote>"),
        "{doc}"
    );
    assert!(
        doc.contains("<pre><code class=\"language-py\">x = 1</code></pre>"),
        "{doc}"
    );
    assert!(doc.contains("<hr/>"));
    assert!(
        doc.contains(
            "<figure class=\"figure\"><img src=\"images/x.png\" alt=\"Peta ç\" title=\"T\"/>\
                          <figcaption aria-hidden=\"true\">Peta ç</figcaption></figure>"
        ),
        "{doc}"
    );
    assert!(doc.contains("aria-labelledby=\"bab\""));
    assert!(
        usage.chars(Face::BoldItalic).contains(&'ğ'),
        "emphasis in a heading is bold italic"
    );
    assert!(usage.chars(Face::BoldItalic).contains(&'ş'));
    assert!(usage.chars(Face::Italic).contains(&'i'));
    assert!(usage.chars(Face::Mono).contains(&'='));
    assert!(!usage.used_fonts().is_empty());
}

#[test]
fn deep_nesting_is_capped_and_kept() {
    let (doc, _) = render(&(">".repeat(5000) + " dalam *miring*\n"));
    assert_eq!(doc.matches("<blockquote>").count(), MAX_DEPTH);
    assert!(
        doc.contains("dalam <em>miring</em>"),
        "content and inline markup survive"
    );
}

#[test]
fn captions_are_paragraphs_of_their_own_class() {
    let (doc, _) = render(
        "# Bab\n\n<Listing number=\"1-1\" file-name=\"main.rs\" caption=\"Halo\">\n\n```rust\nfn main() {}\n```\n\n</Listing>\n",
    );
    assert!(
        doc.contains("<p class=\"caption\">Filename: main.rs</p>"),
        "{doc}"
    );
    assert!(
        doc.contains("<p class=\"caption\">Listing 1-1: Halo</p>"),
        "{doc}"
    );
    assert!(!doc.contains("Listing number"), "{doc}");
}

#[test]
fn headings_never_skip_a_level_and_empty_header_cells_head_nothing() {
    // What DAISY Ace checks (heading-order, empty-table-header) on books that skip levels
    // and leave a corner cell empty.
    let (doc, _) = render("# Bab\n\n#### Jauh\n\n## Dekat\n\n|   | B |\n|---|---|\n| 1 | 2 |\n");
    assert!(doc.contains("<h1 id=\"bab\">"), "{doc}");
    assert!(doc.contains("<h2 id=\"jauh\">"), "{doc}");
    assert!(doc.contains("<h2 id=\"dekat\">"), "{doc}");
    assert!(doc.contains("<tr><td></td><th"), "{doc}");
}
