//! `book.yaml`: the book's metadata and the list of its chapters. This module owns the contract
//! (which keys exist, what they mean, how they are checked); README documents it for authors.
//!
//! YAML is read with serde-saphyr, which reports line and column for every error and bounds alias
//! expansion, so a typo or a hostile file ends in a clear message rather than a panic; its
//! errors are put in an author's words in `yaml_errors.rs`, dates are checked in `dates.rs`.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, Result};

use super::yaml_errors::yaml_error;
pub(crate) use super::yaml_errors::yaml_options;

/// Everything `book.yaml` may say. Unknown keys are refused (typo protection).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookConfig {
    /// The book's title (required).
    pub title: String,
    pub subtitle: Option<String>,
    /// A shorter title for the running heads, when the title is too long for one line of
    /// them (else it is cut at a word, with an ellipsis).
    pub short_title: Option<String>,
    #[serde(default)]
    pub authors: Vec<Author>,
    /// BCP 47 language tag of the text, such as `id`, `tr` or `en-GB` (required).
    pub language: Spanned<String>,
    /// Markdown files relative to book.yaml, in reading order. Default: every `*.md` by name.
    pub chapters: Option<Vec<Spanned<String>>>,
    pub series: Option<Series>,
    pub publisher: Option<String>,
    /// Publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<Spanned<String>>,
    pub rights: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub subjects: Vec<String>,
    /// A stable identifier: `urn:uuid:…`. Derived from title and authors when absent.
    pub identifier: Option<Spanned<String>>,
    pub isbn: Option<Isbn>,
    /// An image (JPEG or PNG) relative to book.yaml, used as the EPUB cover.
    pub cover: Option<Spanned<String>>,
    #[serde(default)]
    pub pdf: PdfConfig,
    /// The print-on-demand service the print edition and its cover are made for, its paper,
    /// the bleed and the spine (see `print_service`).
    #[serde(default)]
    pub print: crate::print_service::PrintSettings,
    /// The typefaces the author chooses (see `fonts_config`).
    #[serde(default)]
    pub fonts: super::fonts_config::FontsConfig,
    /// Words whose breaks the author fixes, written with `-` at every allowed break
    /// (`Ka-zakh-stan`); a word written without `-` is never hyphenated.
    #[serde(default)]
    pub hyphenation: Vec<String>,
    /// The bibliography files citations are formatted from (BibLaTeX or BibTeX `.bib`,
    /// CSL-JSON `.json`, hayagriva `.yaml`), relative to book.yaml: one name or a list. The
    /// keys of this group are pandoc's.
    pub bibliography: Option<Spanned<super::references::OneOrMany>>,
    /// The citation style: a bundled style's name (`apa`, `chicago-author-date`, `ieee`, …)
    /// or a `.csl` file relative to book.yaml. Default: Chicago author-date, as pandoc's.
    pub csl: Option<Spanned<String>>,
    /// The reference list's heading (default: the language's, "Daftar Pustaka", "Kaynakça").
    #[serde(rename = "reference-section-title", alias = "reference_section_title")]
    pub reference_section_title: Option<String>,
    /// Whether citations link to their entries in the reference list (default: yes).
    #[serde(rename = "link-citations", alias = "link_citations")]
    pub link_citations: Option<bool>,
    /// Works listed though not cited: keys (`@key`), or `@*` for every entry.
    pub nocite: Option<super::references::OneOrMany>,
    /// Leave the reference list out (citations are still formatted).
    #[serde(rename = "suppress-bibliography", alias = "suppress_bibliography")]
    pub suppress_bibliography: Option<bool>,
    /// Not a key of book.yaml: each chapter's depth in the table of contents (0: top level),
    /// in reading order, when the book comes from a tool with nested chapters and parts
    /// (mdBook's SUMMARY.md). Empty: every chapter at the top level.
    #[serde(skip)]
    pub chapter_depths: Vec<u8>,
    /// Not a key of book.yaml: which chapters are part title pages (mdBook's `# Part` lines
    /// in SUMMARY.md), in reading order; empty when the book has none.
    #[serde(skip)]
    pub chapter_parts: Vec<bool>,
    /// Not a key of book.yaml either: where the text of chapters that include other files
    /// came from (mdBook's `{{#include}}`), for messages at the author's places. Kept here
    /// rather than beside each chapter's text so that code building chapters by hand is
    /// unchanged.
    #[serde(skip)]
    pub origins: super::Origins,
    /// Not a key either: what loading a book from another tool assumed, for the build to say
    /// (an mdBook with no `language`, set as English).
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl BookConfig {
    /// A book with only a title and a language; everything else unset, as in a book.yaml
    /// holding those two keys (for books from other tools).
    pub fn new(title: String, language: String) -> BookConfig {
        let nowhere = serde_saphyr::Location::UNKNOWN;
        BookConfig {
            title,
            subtitle: None,
            short_title: None,
            authors: Vec::new(),
            language: Spanned::new(language, nowhere, nowhere),
            chapters: None,
            series: None,
            publisher: None,
            date: None,
            rights: None,
            description: None,
            subjects: Vec::new(),
            identifier: None,
            isbn: None,
            cover: None,
            pdf: PdfConfig::default(),
            print: Default::default(),
            fonts: Default::default(),
            hyphenation: Vec::new(),
            bibliography: None,
            csl: None,
            reference_section_title: None,
            link_citations: None,
            nocite: None,
            suppress_bibliography: None,
            chapter_depths: Vec::new(),
            chapter_parts: Vec::new(),
            origins: super::Origins::default(),
            notes: Vec::new(),
        }
    }
}

/// A value with no place in book.yaml (set by an importer).
pub fn unplaced(value: String) -> Spanned<String> {
    let nowhere = serde_saphyr::Location::UNKNOWN;
    Spanned::new(value, nowhere, nowhere)
}

/// An author: either just a name, or a name with affiliation and role.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Author {
    Name(String),
    Full(AuthorEntry),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorEntry {
    pub name: String,
    pub affiliation: Option<String>,
    /// MARC relator code: `aut` (default), `edt`, `trl`, `ill`, …
    pub role: Option<String>,
}

impl Author {
    pub fn name(&self) -> &str {
        match self {
            Author::Name(n) => n,
            Author::Full(e) => &e.name,
        }
    }
    pub fn affiliation(&self) -> Option<&str> {
        match self {
            Author::Name(_) => None,
            Author::Full(e) => e.affiliation.as_deref(),
        }
    }
    pub fn role(&self) -> &str {
        match self {
            Author::Full(AuthorEntry { role: Some(r), .. }) => r,
            _ => "aut",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub name: String,
    pub number: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Isbn {
    pub epub: Option<Spanned<String>>,
    pub print: Option<Spanned<String>>,
}

impl Isbn {
    /// The e-book's ISBN as written.
    pub fn epub(&self) -> Option<&str> {
        self.epub.as_ref().map(|s| s.value.as_str())
    }

    /// The printed book's ISBN as written.
    pub fn print(&self) -> Option<&str> {
        self.print.as_ref().map(|s| s.value.as_str())
    }
}

/// Settings of the PDF editions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// Page size of the screen edition (and trim size of the print edition): `A5`, `B5`, `A4`,
    /// `6x9in`, `5.5x8.5in`.
    pub page_size: Spanned<String>,
    /// Body text size in points.
    pub font_size: f32,
}

impl Default for PdfConfig {
    fn default() -> Self {
        let nowhere = serde_saphyr::Location::UNKNOWN;
        PdfConfig {
            page_size: Spanned::new("A5".into(), nowhere, nowhere),
            font_size: 10.5,
        }
    }
}

/// Parse and check `book.yaml` (its text is `text`, its path `path`).
pub fn parse(path: &Path, text: &str) -> Result<BookConfig> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: BookConfig = serde_saphyr::from_str_with_options(text, yaml_options())
        .map_err(|e| yaml_error(path, text, &e))?;
    check(path, text, &config)?;
    Ok(config)
}

fn at(
    path: &Path,
    text: &str,
    loc: &serde_saphyr::Location,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::at(
        path,
        (loc.line() as usize).max(1),
        (loc.column() as usize).max(1),
        message,
    )
    .with_help(help)
    .with_source(text)
}

/// The first character of `s` that no XML output can hold (C0 controls other than tab and line
/// ends, U+FFFE, U+FFFF): YAML's escapes (`"\f"`, `"\x01"`) can write them in any value, and
/// the EPUB and PDF metadata would break on them.
fn forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c, '\u{fffe}' | '\u{ffff}')
    })
}

/// Every text value of `c`, with its key.
fn texts(c: &BookConfig) -> Vec<(&'static str, &str)> {
    let mut out: Vec<(&'static str, &str)> = vec![("title", &c.title)];
    out.extend(c.subtitle.as_deref().map(|s| ("subtitle", s)));
    out.extend(c.short_title.as_deref().map(|s| ("short_title", s)));
    for a in &c.authors {
        out.push(("authors", a.name()));
        out.extend(a.affiliation().map(|s| ("affiliation", s)));
        out.push(("role", a.role()));
    }
    out.extend(c.series.as_ref().map(|s| ("series", s.name.as_str())));
    out.extend(c.publisher.as_deref().map(|s| ("publisher", s)));
    out.extend(c.rights.as_deref().map(|s| ("rights", s)));
    out.extend(c.description.as_deref().map(|s| ("description", s)));
    out.extend(c.subjects.iter().map(|s| ("subjects", s.as_str())));
    if let Some(isbn) = &c.isbn {
        out.extend(isbn.epub().map(|s| ("epub", s)));
        out.extend(isbn.print().map(|s| ("print", s)));
    }
    out.extend(c.hyphenation.iter().map(|s| ("hyphenation", s.as_str())));
    for chapter in c.chapters.iter().flatten() {
        out.push(("chapters", &chapter.value));
    }
    out.extend(c.cover.as_ref().map(|s| ("cover", s.value.as_str())));
    out.extend(c.csl.as_ref().map(|s| ("csl", s.value.as_str())));
    out.extend(
        c.reference_section_title
            .as_deref()
            .map(|s| ("reference-section-title", s)),
    );
    out
}

fn check(path: &Path, text: &str, c: &BookConfig) -> Result<()> {
    for (key, value) in texts(c) {
        if let Some(bad) = forbidden_char(value) {
            let (line, column) = key_place(text, key);
            let msg = format!(
                "`{key}` contains the control character U+{:04X}",
                bad as u32
            );
            return Err(Diagnostic::at(path, line, column, msg)
                .with_help(
                    "remove it (in double quotes, `\\f`, `\\v` and `\\x..` write such characters)",
                )
                .with_source(text)
                .into());
        }
    }
    if c.title.trim().is_empty() {
        let (line, column) = key_place(text, "title");
        return Err(Diagnostic::at(path, line, column, "`title` is empty")
            .with_source(text)
            .with_help("give the book a title")
            .into());
    }
    if !is_bcp47(&c.language.value) {
        let msg = format!("`{}` is not a BCP 47 language tag", c.language.value);
        return Err(at(
            path,
            text,
            &c.language.referenced,
            msg,
            "write a tag such as `id`, `tr` or `en-GB`",
        )
        .into());
    }
    if let Some(date) = &c.date
        && let Some(problem) = super::dates::date_problem(&date.value)
    {
        return Err(at(
            path,
            text,
            &date.referenced,
            problem,
            super::dates::DATE_HELP,
        )
        .into());
    }
    if let Some(id) = &c.identifier
        && parse_uuid(&id.value).is_none()
    {
        let msg = format!("`{}` is not a UUID identifier", id.value);
        return Err(at(
            path,
            text,
            &id.referenced,
            msg,
            "write `urn:uuid:` followed by a UUID",
        )
        .into());
    }
    if crate::typeset::PageSize::parse(&c.pdf.page_size.value).is_none() {
        let msg = format!("unknown page size `{}`", c.pdf.page_size.value);
        let help = crate::typeset::PAGE_SIZE_HELP;
        return Err(at(path, text, &c.pdf.page_size.referenced, msg, help).into());
    }
    if !(6.0..=24.0).contains(&c.pdf.font_size) {
        let msg = format!("font size {} pt is out of range", c.pdf.font_size);
        let (line, column) = key_place(text, "font_size");
        return Err(Diagnostic::at(path, line, column, msg)
            .with_source(text)
            .with_help("use a size between 6 and 24")
            .into());
    }
    Ok(())
}

/// Line and column of the first `key:` in `text`, for values serde-saphyr keeps no place for;
/// 1:1 when it is not found (a key given in flow style, say).
fn key_place(text: &str, key: &str) -> (usize, usize) {
    find_key(text, key).map_or((1, 1), |(line, column, _)| (line, column))
}

/// Where the first line of `text` that begins with `key:` (book.yaml) or `key =` (book.toml)
/// is: its line and column (from 1), and the byte offset of the key.
pub fn find_key(text: &str, key: &str) -> Option<(usize, usize, usize)> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        let line_start = start;
        start += l.len();
        let l = l.strip_suffix('\n').unwrap_or(l);
        let l = l.strip_suffix('\r').unwrap_or(l);
        let rest = l.trim_start();
        if rest
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with([':', '=']))
        {
            let indent = &l[..l.len() - rest.len()];
            return Some((i + 1, indent.chars().count() + 1, line_start + indent.len()));
        }
    }
    None
}

/// Well-formed BCP 47 (the common subset): a 2–3 letter language, then 1–8 character subtags.
pub fn is_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The UUID in `urn:uuid:…` (or a bare UUID).
pub fn parse_uuid(s: &str) -> Option<uuid::Uuid> {
    uuid::Uuid::parse_str(s.strip_prefix("urn:uuid:").unwrap_or(s)).ok()
}

impl BookConfig {
    /// The book's identifier: the one in book.yaml, else a UUID derived from title and authors,
    /// so that rebuilding the same book keeps the same identifier.
    pub fn uuid(&self) -> uuid::Uuid {
        if let Some(id) = self.identifier.as_ref().and_then(|s| parse_uuid(&s.value)) {
            return id;
        }
        let mut seed = self.title.clone();
        for a in &self.authors {
            seed.push('\u{1f}');
            seed.push_str(a.name());
        }
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<BookConfig> {
        parse(Path::new("book.yaml"), text)
    }

    #[test]
    fn minimal_book_parses_with_defaults() {
        let c = parse_str("title: Buku\nlanguage: id\n").unwrap();
        assert_eq!(c.title, "Buku");
        assert_eq!(c.language.value, "id");
        assert_eq!(c.pdf.page_size.value, "A5");
        assert!(c.chapters.is_none());
    }

    #[test]
    fn authors_may_be_strings_or_maps() {
        let c = parse_str("title: T\nlanguage: tr\nauthors:\n  - Ayşe\n  - name: Cemil\n    affiliation: Atatürk\n")
            .unwrap();
        assert_eq!(c.authors[0].name(), "Ayşe");
        assert_eq!(c.authors[1].name(), "Cemil");
        assert_eq!(c.authors[1].affiliation(), Some("Atatürk"));
        assert_eq!(c.authors[1].role(), "aut");
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let e = parse_str("title: T\nlanguage: id\nsubtitel: x\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("book.yaml:3:1: unknown key `subtitel`"),
            "{e}"
        );
    }

    #[test]
    fn the_print_settings_are_read_and_a_value_they_do_not_know_is_named_at_its_place() {
        use crate::print_service::{BleedChoice, Paper, Service, SpineDirection};
        let c = parse_str(
            "title: T\nlanguage: id\nprint:\n  service: ingramspark\n  paper: colour\n  \
             bleed: yes\n  spine_direction: bottom-to-top\n",
        )
        .unwrap();
        assert_eq!(c.print.service, Service::Ingramspark);
        assert_eq!(c.print.paper, Paper::Color);
        assert_eq!(c.print.bleed, BleedChoice::Yes);
        assert_eq!(c.print.spine_direction, SpineDirection::BottomToTop);
        let e = parse_str("title: T\nlanguage: id\nprint:\n  service: amazon\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("book.yaml:4:12: unknown variant `amazon`, expected one of kdp"),
            "{e}"
        );
    }

    #[test]
    fn a_value_of_the_wrong_type_names_its_key() {
        let cases = [
            (
                "authors:\n  name: X\n",
                "book.yaml:4:3: `authors`: expected a list here",
            ),
            (
                "pdf:\n  font_size: besar\n",
                "book.yaml:4:14: `font_size`: expected a number",
            ),
            (
                "isbn: {epub: [1]}\n",
                "book.yaml:3:14: `epub`: expected text here",
            ),
            // An item of a list is named by the list's key.
            (
                "subjects:\n  - a\n  - [b]\n",
                "book.yaml:5:5: `subjects`: expected text here",
            ),
            (
                "series: {name: S, number: x}\n",
                "`number`: expected a whole number",
            ),
        ];
        for (yaml, expected) in cases {
            let e = parse_str(&format!("title: T\nlanguage: id\n{yaml}"))
                .unwrap_err()
                .to_string();
            assert!(e.contains(expected), "{yaml:?}: {e}");
        }
    }

    #[test]
    fn missing_title_is_reported() {
        let e = parse_str("language: id\n").unwrap_err().to_string();
        assert!(e.contains("missing key `title`"), "{e}");
    }

    #[test]
    fn bad_language_points_at_the_value() {
        let e = parse_str("title: T\nlanguage: Bahasa Indonesia\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("book.yaml:2:11:"), "{e}");
        assert!(e.contains("BCP 47"), "{e}");
    }

    #[test]
    fn identifier_is_stable_without_one() {
        let a = parse_str("title: T\nlanguage: id\nauthors: [A]\n").unwrap();
        let b = parse_str("title: T\nlanguage: id\nauthors: [A]\n").unwrap();
        assert_eq!(a.uuid(), b.uuid());
        let c = parse_str(
            "title: T\nlanguage: id\nidentifier: urn:uuid:6f1d1bd2-7c1a-4a55-9d0e-2f8b8c3c4e11\n",
        )
        .unwrap();
        assert_eq!(c.uuid().to_string(), "6f1d1bd2-7c1a-4a55-9d0e-2f8b8c3c4e11");
    }

    #[test]
    fn hyphenation_exceptions_are_a_list_of_words() {
        let c = parse_str("title: T\nlanguage: id\nhyphenation: [Ka-zakh-stan, NATO]\n").unwrap();
        assert_eq!(c.hyphenation, vec!["Ka-zakh-stan", "NATO"]);
    }

    #[test]
    fn control_characters_in_values_are_refused_at_their_key() {
        let e = parse_str("title: T\nlanguage: id\nauthors:\n  - \"A\\fB\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("book.yaml:3:1: `authors` contains the control character U+000C"),
            "{e}"
        );
        assert!(parse_str("title: \"T\\tU\\nV\"\nlanguage: id\n").is_ok());
    }

    #[test]
    fn bcp47_shapes() {
        assert!(is_bcp47("id") && is_bcp47("tr") && is_bcp47("en-GB") && is_bcp47("zh-Hant-TW"));
        assert!(!is_bcp47("") && !is_bcp47("indonesian") && !is_bcp47("id_ID") && !is_bcp47("i"));
    }
}
