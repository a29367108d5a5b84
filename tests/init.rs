//! `terbit init`: a new book that shows every key of book.yaml and builds at once, in each
//! language terbit has a sample for; and never a replaced file.

mod common;

use std::path::Path;

use terbit::pipeline::{self, Format};

use common::terbit;

#[test]
fn a_new_book_builds_at_once_in_each_language() {
    let dir = common::scratch("init-languages");
    for lang in ["id", "tr", "en"] {
        let book = dir.join(format!("buku-{lang}"));
        let out = terbit(&["init", book.to_str().unwrap(), "--lang", lang], &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.contains("book.yaml") && said.contains("terbit build"),
            "{said}"
        );

        let m = terbit::manuscript::load(&book).unwrap();
        assert_eq!(m.config.language.value, lang);
        let cap = lang[..1].to_uppercase() + &lang[1..];
        assert_eq!(m.config.title, format!("Buku {cap}"));
        assert_eq!(m.chapters.len(), 1);
        let built = pipeline::build(
            &book,
            &dir.join(format!("out-{lang}")),
            &[Format::Epub, Format::Pdf],
        )
        .unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert_eq!(built.len(), 2);
        let epub = &built[0].path;
        common::assert_epubcheck_passes(epub);
    }
}

/// book.yaml with every commented-out key switched on: whole-line comments after the first key
/// are keys (and a folded value's lines), never prose.
fn uncomment(yaml: &str) -> String {
    let mut seen_key = false;
    let mut out = String::new();
    for line in yaml.lines() {
        seen_key |= line.starts_with("title:");
        let rest = line.trim_start();
        let indent = line.len() - rest.len();
        match rest.strip_prefix("# ") {
            Some(key) if seen_key => {
                out.push_str(&line[..indent]);
                out.push_str(key);
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[test]
fn book_yaml_shows_every_key_with_a_comment() {
    let dir = common::scratch("init-keys");
    terbit::init::init(&dir.join("b"), "id").unwrap();
    let yaml = std::fs::read_to_string(dir.join("b/book.yaml")).unwrap();
    let keys = [
        "title",
        "subtitle",
        "authors",
        "name",
        "affiliation",
        "role",
        "language",
        "chapters",
        "series",
        "number",
        "publisher",
        "date",
        "rights",
        "description",
        "subjects",
        "identifier",
        "isbn",
        "epub",
        "print",
        "cover",
        "pdf",
        "page_size",
        "font_size",
        "fonts",
        "body",
        "heading",
        "code",
        "fallback",
        "hyphenation",
    ];
    for key in keys {
        let line = yaml
            .lines()
            .find(|l| {
                l.trim_start()
                    .trim_start_matches("# ")
                    .trim_start()
                    .starts_with(&format!("{key}:"))
            })
            .unwrap_or_else(|| panic!("`{key}` is not shown:\n{yaml}"));
        assert!(line.contains(" # "), "`{key}` has no comment: {line}");
    }
    // Every key commented out is valid as written: switched on, all of book.yaml is set.
    let all = uncomment(&yaml);
    let c = terbit::manuscript::config::parse(Path::new("book.yaml"), &all)
        .unwrap_or_else(|e| panic!("{e}\n{all}"));
    assert!(c.subtitle.is_some() && c.series.is_some() && c.publisher.is_some());
    assert!(c.description.is_some() && c.isbn.is_some() && c.cover.is_some());
    assert!(c.identifier.is_some() && c.date.is_some() && c.rights.is_some());
    assert!(c.authors[0].affiliation().is_some() && !c.subjects.is_empty());
    assert!(c.chapters.is_some());
    assert!(c.fonts.body.is_some() && c.fonts.heading.is_some() && c.fonts.code.is_some());
    assert_eq!(c.fonts.fallback.len(), 1);
}

#[test]
fn each_new_book_gets_its_own_identifier() {
    let dir = common::scratch("init-ids");
    terbit::init::init(&dir.join("a"), "en").unwrap();
    terbit::init::init(&dir.join("b"), "en").unwrap();
    let id = |b: &str| {
        terbit::manuscript::load(&dir.join(b))
            .unwrap()
            .config
            .uuid()
    };
    assert_ne!(id("a"), id("b"));
}

#[test]
fn init_never_replaces_a_file() {
    let dir = common::scratch("init-existing");
    std::fs::write(dir.join("book.yaml"), "title: Mine\nlanguage: tr\n").unwrap();
    let out = terbit(&["init", ".", "--lang", "tr"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: ./book.yaml: already exists"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("book.yaml")).unwrap(),
        "title: Mine\nlanguage: tr\n"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "nothing else written"
    );

    let out = terbit(&["init", "x", "--lang", "fr"], &dir);
    assert_eq!(out.status.code(), Some(1), "only languages with a sample");
    assert!(!dir.join("x").exists());
}

#[test]
fn init_in_the_current_folder_titles_the_book_after_it() {
    let dir = common::scratch("init-here").join("catatan-perjalanan");
    std::fs::create_dir_all(&dir).unwrap();
    let out = terbit(&["init", "--lang", "id"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = terbit::manuscript::load(&dir).unwrap();
    assert_eq!(m.config.title, "Catatan Perjalanan");
    assert!(m.chapters[0].path.ends_with("01-bab-pertama.md"));
}
