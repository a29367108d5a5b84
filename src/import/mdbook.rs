//! An mdBook folder, as it is: `book.toml` gives the title, the authors (`authors`, or the
//! older `author`), the language and the description; `src/SUMMARY.md` (or the `src` book.toml
//! names) the chapters in reading order — prefix chapters, part titles, nested numbered
//! chapters, suffix chapters — which become the levels of the table of contents. Part titles
//! become pages of their own. `{{#include …}}` and `{{#rustdoc_include …}}` are expanded
//! (`include.rs`), from files inside the book's folder only. mdBook would create a chapter
//! file SUMMARY.md names but that is missing; terbit never writes into a book, so that is an
//! error at its place in SUMMARY.md.

mod include;

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::error::{Diagnostic, Error, Locator, Result};
use crate::manuscript::config::{self, Author, BookConfig};
use crate::manuscript::{self, ChapterSource, MAX_CHAPTERS, Manuscript};

/// The file that makes a folder an mdBook.
pub const BOOK_TOML: &str = "book.toml";
/// The chapter list, in the source folder.
pub const SUMMARY: &str = "SUMMARY.md";

#[derive(Debug, Default, Deserialize)]
struct BookToml {
    #[serde(default)]
    book: BookSection,
    #[serde(default)]
    output: Outputs,
}

/// `[output.*]`: each renderer's table; terbit reads its own, `[output.terbit]`.
#[derive(Debug, Default, Deserialize)]
struct Outputs {
    #[serde(default)]
    terbit: TerbitSection,
}

/// `[output.terbit]`: what book.yaml would say that book.toml cannot, in book.yaml's shape:
/// the typefaces (`[output.terbit.fonts]` with `body`, `heading`, `code`, `fallback`), the
/// publisher, the ISBNs and the cover image, the PDF's page and type size, and the print
/// service (`[output.terbit.print]`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TerbitSection {
    #[serde(default)]
    fonts: crate::manuscript::fonts_config::FontsConfig,
    publisher: Option<String>,
    cover: Option<String>,
    #[serde(default)]
    isbn: IsbnToml,
    #[serde(default)]
    pdf: PdfToml,
    #[serde(default)]
    print: crate::print_service::PrintSettings,
}

/// `[output.terbit.isbn]`: `epub` and `print`, as in book.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IsbnToml {
    epub: Option<String>,
    print: Option<String>,
}

/// `[output.terbit.pdf]`: `page_size` and `font_size`, as in book.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PdfToml {
    page_size: Option<toml::Spanned<String>>,
    font_size: Option<toml::Spanned<f32>>,
}

/// `[book]` of book.toml; mdBook's other tables (`[output.html]`, `[preprocessor.*]`, …) and
/// keys are not terbit's business and are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BookSection {
    title: Option<String>,
    authors: Vec<String>,
    /// mdBook's older, single-author key.
    author: Option<String>,
    language: Option<toml::Spanned<String>>,
    description: Option<String>,
    src: Option<toml::Spanned<String>>,
}

/// One entry of SUMMARY.md: a chapter file, or a part title.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Chapter {
        title: String,
        path: String,
        depth: u8,
        line: usize,
        column: usize,
    },
    Part {
        title: String,
        line: usize,
    },
}

/// Whether `dir` is an mdBook: a book.toml, or mdBook's default `src/SUMMARY.md` alone.
pub fn is_mdbook(dir: &Path) -> bool {
    dir.join(BOOK_TOML).is_file() || dir.join("src").join(SUMMARY).is_file()
}

/// Load the mdBook in `dir`.
pub fn load(dir: &Path) -> Result<Manuscript> {
    let toml_path = dir.join(BOOK_TOML);
    let real_dir = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    if (toml_path.exists() || toml_path.is_symlink())
        && !manuscript::resolves_inside(&real_dir, &toml_path)?
    {
        return Err(manuscript::outside_link(&toml_path));
    }
    // mdBook builds a folder with `src/SUMMARY.md` and no book.toml, with its defaults.
    let toml_text = if toml_path.exists() || toml_path.is_symlink() {
        manuscript::read_text_limited(&toml_path, manuscript::MAX_CONFIG_BYTES)?
    } else {
        String::new()
    };
    let parsed: BookToml = toml::from_str(&toml_text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        Diagnostic::at_offset(
            &toml_path,
            &toml_text,
            offset,
            e.message().trim().to_string(),
        )
        .with_help("see mdBook's book.toml format; or write a book.yaml")
    })?;
    let b = parsed.book;
    let src = b
        .src
        .as_ref()
        .map_or_else(|| "src".to_string(), |s| s.get_ref().clone());
    if let Some(given) = &b.src
        && !manuscript::is_inside(dir, Path::new(&src))
    {
        let msg = format!("`src = \"{src}\"` is outside the book's folder");
        let help = "keep the chapters in a folder inside the book's folder (the one with \
                    book.toml) and name it here, as `src = \"src\"`; or remove the key (mdBook's \
                    default is `src`)";
        let at = key_offset(&toml_text, "src", given.span().start);
        return Err(Diagnostic::at_offset(&toml_path, &toml_text, at, msg)
            .with_help(help)
            .into());
    }
    let src_dir = dir.join(&src);
    let summary_path = src_dir.join(SUMMARY);
    if !summary_path.is_file() {
        return Err(Error::Other(format!(
            "{}: not found — an mdBook lists its chapters in {src}/{SUMMARY}",
            summary_path.display()
        )));
    }
    if !manuscript::resolves_inside(&real_dir, &summary_path)? {
        return Err(manuscript::outside_link(&summary_path));
    }
    let summary = manuscript::read_text(&summary_path)?;
    let entries = summary_entries(&summary);

    let title = b
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| dir_name(dir));
    let language = b
        .language
        .as_ref()
        .map_or_else(|| "en".to_string(), |l| l.get_ref().clone());
    if let Some(given) = &b.language
        && !config::is_bcp47(&language)
    {
        let msg = format!("`{language}` is not a BCP 47 language tag");
        return Err(
            Diagnostic::at_offset(&toml_path, &toml_text, given.span().start, msg)
                .with_help("write `language = \"en\"`, `\"id\"`, `\"tr\"`, …")
                .into(),
        );
    }
    let mut config = BookConfig::new(title, language);
    let mut authors = b.authors.clone();
    if authors.is_empty() {
        authors.extend(b.author.clone());
    }
    config.authors = authors.into_iter().map(Author::Name).collect();
    config.description = b.description.clone();
    let terbit = &parsed.output.terbit;
    config.fonts = terbit.fonts.clone();
    config.publisher = terbit.publisher.clone();
    config.cover = terbit.cover.clone().map(config::unplaced);
    if terbit.isbn.epub.is_some() || terbit.isbn.print.is_some() {
        config.isbn = Some(crate::manuscript::config::Isbn {
            epub: terbit.isbn.epub.clone().map(config::unplaced),
            print: terbit.isbn.print.clone().map(config::unplaced),
        });
    }
    if let Some(size) = &terbit.pdf.page_size {
        if crate::typeset::PageSize::parse(size.get_ref()).is_none() {
            let msg = format!("unknown page size `{}`", size.get_ref());
            return Err(
                Diagnostic::at_offset(&toml_path, &toml_text, size.span().start, msg)
                    .with_help(crate::typeset::PAGE_SIZE_HELP)
                    .into(),
            );
        }
        config.pdf.page_size = config::unplaced(size.get_ref().clone());
    }
    if let Some(size) = &terbit.pdf.font_size {
        if !(6.0..=24.0).contains(size.get_ref()) {
            let msg = format!("font size {} pt is out of range", size.get_ref());
            return Err(
                Diagnostic::at_offset(&toml_path, &toml_text, size.span().start, msg)
                    .with_help("use a size between 6 and 24")
                    .into(),
            );
        }
        config.pdf.font_size = *size.get_ref();
    }
    config.print = terbit.print;
    if b.language.is_none() {
        config.notes.push(
            "book.toml names no `language` under [book]: the book is set as English (en) — \
             its hyphenation, capitals and quotation marks; write `language = \"tr\"` (or \
             the book's own) there"
                .to_string(),
        );
    }

    let mut chapters = Vec::new();
    let mut depths = Vec::new();
    let mut parts = Vec::new();
    for entry in &entries {
        if chapters.len() >= MAX_CHAPTERS {
            let msg = format!("SUMMARY.md lists more than {MAX_CHAPTERS} chapters");
            return Err(Diagnostic::at(&summary_path, 1, 1, msg).into());
        }
        match entry {
            Entry::Part { title, line } => {
                // A part title is a page of its own; its blank lines keep SUMMARY.md's
                // numbering, so that messages about it point at its line there.
                let text = format!("{}# {title}\n", "\n".repeat(line - 1));
                chapters.push(ChapterSource {
                    path: summary_path.clone(),
                    text,
                });
                depths.push(0);
                parts.push(true);
            }
            Entry::Chapter {
                path,
                depth,
                line,
                column,
                ..
            } => {
                let file = src_dir.join(path);
                let place = |msg: String, help: &str| -> Error {
                    Diagnostic::at(&summary_path, *line, *column, msg)
                        .with_help(help)
                        .with_source(&summary)
                        .into()
                };
                let inside = Path::new(&src).join(path);
                if !manuscript::is_inside(dir, &inside) {
                    let msg = format!("chapter `{path}` is outside the book's folder");
                    return Err(place(msg, "keep the chapters inside the book's folder"));
                }
                if !file.is_file() {
                    let msg = format!("chapter `{path}` {}", manuscript::not_a_file(&file));
                    let help = "create the file (terbit does not write into a book), or \
                                remove it from SUMMARY.md";
                    return Err(place(msg, help));
                }
                if !manuscript::resolves_inside(&real_dir, &file)? {
                    let msg = format!("chapter `{path}` is a link to a file outside the book");
                    return Err(place(msg, "copy the file into the book's folder"));
                }
                let text = manuscript::read_text(&file)?;
                let (text, origins) = include::expand(&file, &text, &real_dir)?;
                if let Some(origins) = origins {
                    config.origins.add(file.clone(), origins);
                }
                chapters.push(ChapterSource { path: file, text });
                depths.push(*depth);
                parts.push(false);
            }
        }
    }
    if chapters.is_empty() {
        return Err(
            Diagnostic::at(&summary_path, 1, 1, "SUMMARY.md lists no chapters")
                .with_help("list them as `- [Title](chapter.md)`")
                .into(),
        );
    }
    let chapters = chapters
        .into_iter()
        .map(|c| ChapterSource {
            text: super::pandoc::strip_metadata(&c.text),
            path: c.path,
        })
        .collect();
    config.chapter_depths = depths;
    config.chapter_parts = parts;
    Ok(Manuscript {
        dir: dir.to_path_buf(),
        config,
        chapters,
        references: Default::default(),
    })
}

/// Where `key` is written before its value at `value` in the TOML `text`: the last `key` on
/// the value's line before it (`src = …`, `book.src = …`, `book = { src = … }`); the value's
/// own place when the key is not on that line.
fn key_offset(text: &str, key: &str, value: usize) -> usize {
    let value = value.min(text.len());
    let line_start = text[..value].rfind('\n').map_or(0, |i| i + 1);
    text.get(line_start..value)
        .and_then(|before| before.rfind(key))
        .map_or(value, |at| line_start + at)
}

fn dir_name(dir: &Path) -> String {
    std::path::absolute(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Book".to_string())
}

/// The entries of SUMMARY.md in reading order. The first heading, before any chapter, is the
/// summary's own title (`# Summary`) and is skipped; later level-1 headings are part titles,
/// and the chapters after one sit a level deeper. Nested lists nest chapters. Draft chapters
/// (`[Title]()`, no file yet) and separators (`---`) are left out.
pub fn summary_entries(summary: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut loc = Locator::new(summary);
    let mut list_depth: usize = 0;
    let mut in_part = false;
    let mut seen_any = false;
    let mut heading: Option<(String, usize)> = None;
    let mut link: Option<(String, String, usize, usize)> = None;
    for (event, range) in Parser::new(summary).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => list_depth += 1,
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => heading = Some((String::new(), loc.locate(range.start).0)),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Some((title, line)) = heading.take() {
                    if seen_any {
                        out.push(Entry::Part {
                            title: title.trim().to_string(),
                            line,
                        });
                        in_part = true;
                    }
                    seen_any = true;
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = loc.locate(range.start);
                link = Some((dest_url.to_string(), String::new(), line, column));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, title, line, column)) = link.take() {
                    seen_any = true;
                    let path = url.split('#').next().unwrap_or("").trim().to_string();
                    // A web page listed among the chapters (GitBook's SUMMARY lists them):
                    // no chapter a book can hold.
                    let web = path.contains("://") || path.starts_with("mailto:");
                    if path.is_empty() || web {
                        continue;
                    }
                    // Prefix and suffix chapters (outside lists) are at the top level.
                    let nested =
                        list_depth.saturating_sub(1) + usize::from(in_part && list_depth > 0);
                    out.push(Entry::Chapter {
                        title: title.trim().to_string(),
                        path,
                        depth: nested.min(u8::MAX as usize) as u8,
                        line,
                        column,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title, ..)) = link.as_mut() {
                    title.push_str(&t);
                } else if let Some((title, _)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_gives_parts_nesting_and_skips_drafts() {
        let summary = "# Summary\n\n[Pengantar](intro.md)\n\n# Bagian Satu\n\n\
                       - [Bab 1](bab1.md)\n    - [Bab 1.1](bab1/a.md)\n    - [Draf]()\n\
                       - [Bab 2](bab2.md#awal)\n\n---\n\n[Penutup](akhir.md)\n";
        let got: Vec<(String, u8)> = summary_entries(summary)
            .into_iter()
            .map(|e| match e {
                Entry::Chapter { path, depth, .. } => (path, depth),
                Entry::Part { title, .. } => (format!("part {title}"), 0),
            })
            .collect();
        let want = [
            ("intro.md", 0),
            ("part Bagian Satu", 0),
            ("bab1.md", 1),
            ("bab1/a.md", 2),
            ("bab2.md", 1),
            ("akhir.md", 0),
        ];
        let want: Vec<(String, u8)> = want.iter().map(|(p, d)| (p.to_string(), *d)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn web_pages_in_summary_are_no_chapters() {
        let entries =
            summary_entries("# S\n\n- [Intro](intro.md)\n- [Website](https://example.org/x.md)\n");
        assert_eq!(entries.len(), 1);
    }

    #[test]
    fn without_parts_lists_start_at_the_top() {
        let got: Vec<u8> = summary_entries("- [A](a.md)\n  - [B](b.md)\n- [C](c.md)\n")
            .into_iter()
            .map(|e| match e {
                Entry::Chapter { depth, .. } => depth,
                Entry::Part { .. } => 99,
            })
            .collect();
        assert_eq!(got, vec![0, 1, 0]);
    }
}
