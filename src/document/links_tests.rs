use std::path::{Path, PathBuf};

use super::*;
use crate::document::{Chapter, Footnote, Inline};

fn external(url: &str) -> Option<String> {
    match LinkMap::new(&book()).resolve(0, url).0 {
        LinkTarget::External(u) => Some(u),
        _ => None,
    }
}

#[test]
fn external_links_are_valid_ascii_urls_or_no_links() {
    assert_eq!(
        external("https://example.com/?q=](x)").as_deref(),
        Some("https://example.com/?q=%5D(x)")
    );
    assert_eq!(
        external("https://tr.wikipedia.org/wiki/Atatürk_Üniversitesi").as_deref(),
        Some("https://tr.wikipedia.org/wiki/Atat%C3%BCrk_%C3%9Cniversitesi"),
        "a PDF's URI is ASCII"
    );
    assert_eq!(
        external("https://example.org/a%20b c%zz").as_deref(),
        Some("https://example.org/a%20b%20c%25zz"),
        "escapes kept, not escaped twice"
    );
    assert_eq!(external("https://../"), None);
    assert_eq!(external("http://a..b/"), None);
    assert_eq!(
        external("https://user@example.com:8080/x").as_deref(),
        Some("https://user@example.com:8080/x")
    );
    assert_eq!(external("https://example.com:port/"), None);
    assert_eq!(external("mailto:a@b.id").as_deref(), Some("mailto:a@b.id"));
    assert_eq!(
        external("ana@contoh.id").as_deref(),
        Some("mailto:ana@contoh.id")
    );
}

fn book() -> Book {
    let meta = crate::manuscript::config::parse(Path::new("book.yaml"), "title: T\nlanguage: id\n")
        .unwrap();
    let heading = |id: &str, text: &str| Block::Heading {
        level: 2,
        id: id.into(),
        content: vec![Inline::Text(text.into())],
    };
    let chapter = |n: usize, file: &str, blocks: Vec<Block>| Chapter {
        source: PathBuf::from("buku").join(file),
        id: format!("ch{n:02}"),
        title: "t".into(),
        blocks,
        footnotes: vec![Footnote {
            number: 1,
            label: "a".into(),
            blocks: vec![],
        }],
        anchors: vec![("lama".into(), "awal".into())],
        unnumbered: Vec::new(),
    };
    Book {
        meta,
        dir: PathBuf::from("buku"),
        chapters: vec![
            chapter(
                1,
                "src/satu.md",
                vec![heading("awal", "Awal"), heading("fn-1", "Catatan")],
            ),
            chapter(
                2,
                "src/bagian/dua.md",
                vec![heading("12-kurulum--ayar", "1.2 Kurulum & Ayar")],
            ),
            chapter(3, "src/bagian/README.md", vec![]),
        ],
    }
}

/// Where `url` written in chapter `from` leads: `chapter#fragment` (`-` for no fragment), or
/// `None`; and whether the author is told of a problem.
fn lead(from: usize, url: &str) -> (Option<String>, bool) {
    let (target, problem) = LinkMap::new(&book()).resolve(from, url);
    let at = match target {
        LinkTarget::Internal(place) => Some(match &place.fragment {
            None => format!("{}#-", place.chapter),
            Some(Fragment::Heading(id)) => format!("{}#{id}", place.chapter),
            Some(Fragment::Note(n)) => format!("{}#note{n}", place.chapter),
            Some(Fragment::Id(id)) => format!("{}#id:{id}", place.chapter),
        }),
        _ => None,
    };
    (at, problem.is_some())
}

#[test]
fn dangerous_and_dangling_links_lead_nowhere() {
    for url in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "vbscript:x",
        "data:text/html,<b>",
        "file:///etc/passwd",
        "C:\\x.md",
        "http://",
        "",
    ] {
        assert_eq!(lead(0, url), (None, false), "{url}");
    }
    for url in [
        "tidak-ada.md",
        "../luar.md",
        "#tidak-ada",
        "a@b",
        "x/a@b.id",
    ] {
        assert_eq!(lead(0, url), (None, true), "{url}: the author is told");
    }
}

#[test]
fn chapters_headings_and_notes_are_found_as_authors_write_them() {
    let ok = |at: &str| (Some(at.to_string()), false);
    assert_eq!(lead(0, "#awal"), ok("0#awal"));
    // A heading of another file, `#` alone (pandoc reads the files as one document).
    assert_eq!(lead(0, "#12-kurulum--ayar"), ok("1#12-kurulum--ayar"));
    assert_eq!(
        lead(0, "#fn-1"),
        ok("0#fn-1"),
        "the heading the author named fn-1"
    );
    assert_eq!(lead(1, "#fn-1"), ok("1#note1"), "a note of this chapter");
    assert_eq!(lead(0, "bagian/dua.md"), ok("1#-"));
    assert_eq!(
        lead(0, "./bagian/dua.md#12-kurulum--ayar"),
        ok("1#12-kurulum--ayar")
    );
    // mdBook's rendered pages, and a folder's README as its index.
    assert_eq!(
        lead(0, "bagian/dua.html#12-kurulum--ayar"),
        ok("1#12-kurulum--ayar")
    );
    assert_eq!(lead(1, "../satu.html"), ok("0#-"));
    assert_eq!(lead(0, "bagian/index.html"), ok("2#-"));
    assert_eq!(lead(0, "bagian/"), ok("2#-"));
    assert_eq!(
        lead(1, "/satu.html#awal"),
        ok("0#awal"),
        "from the pages' root"
    );
    // A page named without its extension, as Docusaurus and wikis link (`/basic/list`).
    assert_eq!(lead(0, "/bagian/dua"), ok("1#-"));
    assert_eq!(lead(1, "../satu#awal"), ok("0#awal"));
    assert_eq!(
        lead(0, "bagian"),
        ok("2#-"),
        "a folder still finds its README"
    );
    // The spellings pandoc, GitHub, mdBook and terbit's earlier ids give the heading.
    for fragment in [
        "kurulum--ayar",
        "h-12-kurulum-ayar",
        "12-Kurulum--Ayar",
        "12-kurulum--ayar",
    ] {
        let url = format!("bagian/dua.md#{fragment}");
        assert_eq!(lead(0, &url), ok("1#12-kurulum--ayar"), "{url}");
    }
    assert_eq!(lead(0, "satu.md#%61wal"), ok("0#awal"), "percent-encoded");
    assert_eq!(
        lead(1, "../satu.md#lama"),
        ok("0#awal"),
        "an anchor in raw HTML"
    );
    // A chapter without the heading named: its start, and the author told.
    assert_eq!(lead(1, "../satu.md#hilang"), (Some("0#-".into()), true));
}

#[test]
fn bracketed_heading_text_is_a_link_to_the_heading_and_other_brackets_stay() {
    let src = crate::manuscript::ChapterSource {
        path: "buku/a.md".into(),
        text:
            "See [Beta section], [the other][Beta section], [beta SECTION][] and [sic] ![pic].\n\n\
               ## Beta section\n"
                .into(),
    };
    let chapter = crate::document::parse_chapter(&src, "ch01").unwrap();
    let mut book = Book {
        chapters: vec![chapter],
        ..book()
    };
    let warnings = resolve(&mut book, &[]);
    assert!(warnings.is_empty(), "an unknown bracket is no mistake");
    let Block::Paragraph(p) = &book.chapters[0].blocks[0] else {
        panic!()
    };
    let targets: Vec<String> = p
        .iter()
        .filter_map(|i| match i {
            Inline::Link(l) => Some(match &l.target {
                LinkTarget::Internal(place) => format!("{:?}", place.fragment),
                _ => format!("text {}", crate::document::plain_text(&l.content)),
            }),
            _ => None,
        })
        .collect();
    let to = format!("{:?}", Some(Fragment::Heading("beta-section".into())));
    assert_eq!(
        targets,
        [to.clone(), to.clone(), to, "text [sic]".to_string()]
    );
    assert!(
        crate::document::plain_text(p).ends_with("[sic] ![pic]."),
        "an image naming nothing is its text: {p:?}"
    );
}
