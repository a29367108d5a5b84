//! pandoc's ways of giving a book's metadata inside its chapters: a YAML metadata block at the
//! top of a file (`---` … `---` or `...`) and a title block (`% title`, `% author; author`,
//! `% date` as its first lines). Without a book.yaml they supply the book's metadata (a later
//! block overriding an earlier one, as pandoc does); with one they are still taken out of the
//! text. Taking them out blanks their lines, so that every later line keeps its number.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};
use crate::manuscript::config::{self, Author, BookConfig, unplaced};
use crate::manuscript::references::OneOrMany as OneOrManyNames;
use crate::manuscript::{CONFIG_FILE, ChapterSource, Manuscript};

/// The keys of a pandoc metadata block terbit reads; the rest (pandoc has many) are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct FrontMatter {
    title: Option<Text>,
    subtitle: Option<Text>,
    author: Option<OneOrMany<Person>>,
    lang: Option<String>,
    language: Option<String>,
    date: Option<serde_saphyr::Spanned<Text>>,
    description: Option<Text>,
    #[serde(rename = "abstract")]
    abstract_: Option<Text>,
    rights: Option<Text>,
    publisher: Option<Text>,
    subject: Option<OneOrMany<Text>>,
    keywords: Option<OneOrMany<Text>>,
    identifier: Option<OneOrMany<Identifier>>,
    #[serde(rename = "cover-image")]
    cover_image: Option<String>,
    bibliography: Option<OneOrMany<String>>,
    csl: Option<String>,
    #[serde(rename = "reference-section-title")]
    reference_section_title: Option<Text>,
    #[serde(rename = "link-citations")]
    link_citations: Option<bool>,
    nocite: Option<OneOrMany<String>>,
    #[serde(rename = "suppress-bibliography")]
    suppress_bibliography: Option<bool>,
}

/// Text, or a number or boolean YAML read as one (`date: 2026`, `title: 1984`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Text {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Text {
    fn into_string(self) -> String {
        match self {
            Text::Str(s) => s,
            Text::Int(n) => n.to_string(),
            Text::Float(n) => n.to_string(),
            Text::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(t) => vec![t],
            OneOrMany::Many(v) => v,
        }
    }
}

/// An author: a name, or pandoc's `{name: …, affiliation: …}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Person {
    Name(String),
    Full {
        name: String,
        affiliation: Option<String>,
    },
}

/// pandoc's `identifier`: a string, or `{scheme: …, text: …}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Identifier {
    Text(String),
    Scheme {
        scheme: Option<String>,
        text: String,
    },
}

/// The byte range of the YAML metadata block at the top of `text`, with its content, when
/// there is one: `---` alone on the first line, a line `---` or `...` closing it, and a YAML
/// mapping between (anything else is Markdown: a thematic break, a setext heading).
fn front_matter(text: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let mut at = first_end + 1;
    while at <= text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let line = text[at..end].trim_end();
        if line == "---" || line == "..." {
            let content = &text[first_end + 1..at];
            let is_mapping = content.lines().any(|l| !l.trim().is_empty())
                && serde_saphyr::from_str_with_options::<
                    std::collections::BTreeMap<String, serde::de::IgnoredAny>,
                >(content, config::yaml_options())
                .is_ok();
            return is_mapping.then(|| (0..(end + 1).min(text.len()), content));
        }
        if end == text.len() {
            return None;
        }
        at = end + 1;
    }
    None
}

/// pandoc's title block: up to three `%` lines at the very top (title, authors separated by
/// `;`, date), each possibly continued on lines starting with a space.
struct TitleBlock {
    title: Option<String>,
    authors: Vec<String>,
    /// The date, with the line and column it starts at.
    date: Option<(String, usize, usize)>,
    end: usize,
}

fn title_block(text: &str) -> Option<TitleBlock> {
    if !text.starts_with('%') {
        return None;
    }
    let mut fields: Vec<String> = Vec::new();
    let mut date_at = (1, 1);
    let mut end = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_end_matches(['\n', '\r']);
        if let Some(rest) = bare.strip_prefix('%') {
            if fields.len() == 3 {
                break;
            }
            if fields.len() == 2 {
                let blank = rest.chars().take_while(|c| c.is_whitespace()).count();
                date_at = (i + 1, 2 + blank);
            }
            fields.push(rest.trim().to_string());
        } else if bare.starts_with(' ') && !bare.trim().is_empty() && !fields.is_empty() {
            let last = fields.last_mut()?;
            last.push(' ');
            last.push_str(bare.trim());
        } else {
            break;
        }
        end += line.len();
    }
    let field = |i: usize| fields.get(i).filter(|f| !f.is_empty()).cloned();
    Some(TitleBlock {
        title: field(0),
        authors: field(1)
            .map(|a| {
                a.split(';')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        date: field(2).map(|d| (d, date_at.0, date_at.1)),
        end,
    })
}

/// `text` with its metadata block or title block blanked: their lines are left empty, so the
/// chapter's other lines keep their numbers.
pub fn strip_metadata(text: &str) -> String {
    let range = match (front_matter(text), title_block(text)) {
        (Some((range, _)), _) => range,
        (None, Some(block)) => 0..block.end,
        (None, None) => return text.to_string(),
    };
    let blanked: String = text[range.clone()].chars().filter(|&c| c == '\n').collect();
    format!("{blanked}{}", &text[range.end..])
}

/// Load a folder of pandoc-style chapters (no book.yaml): every `*.md` by name, the metadata
/// from their front matter and title blocks.
pub fn load(dir: &Path) -> Result<Manuscript> {
    let config_path = dir.join(CONFIG_FILE);
    let real_dir = dir.canonicalize().map_err(|e| Error::io(dir, e))?;
    let raw = crate::manuscript::markdown_files(dir, &real_dir, &config_path)?;
    let none = || {
        Error::Other(format!(
            "{}: not found — a book's folder needs a book.yaml with at least `title` and \
             `language` (or chapters whose pandoc front matter gives `title:`, or an mdBook \
             book.toml)",
            config_path.display()
        ))
    };
    if raw.is_empty() {
        return Err(none());
    }
    let mut meta = Collected::default();
    for (i, chapter) in raw.iter().enumerate() {
        // A date that does not exist (February 30) is refused at its place; one terbit cannot
        // read (pandoc takes any text) is left out: the book builds as it is.
        let date = |text: &str, line: usize, column: usize| {
            crate::manuscript::dates::leading_date(text).map_err(|problem| {
                Error::from(
                    Diagnostic::at(&chapter.path, line, column, problem)
                        .with_help(crate::manuscript::dates::DATE_HELP)
                        .with_source(&chapter.text),
                )
            })
        };
        if i == 0
            && let Some(mut block) = title_block(&chapter.text)
        {
            if let Some((text, line, column)) = block.date.take() {
                meta.date = date(&text, line, column)?.or(meta.date.take());
            }
            meta.title_block(block);
        }
        if let Some((_, yaml)) = front_matter(&chapter.text) {
            let fm: FrontMatter = serde_saphyr::from_str_with_options(yaml, config::yaml_options())
                .map_err(|e| {
                    let line = e.location().map_or(1, |l| l.line() as usize) + 1;
                    let msg = format!("this front matter cannot be read: {}", first_line(&e));
                    Error::from(
                        Diagnostic::at(&chapter.path, line, 1, msg)
                            .with_help("see pandoc's YAML metadata blocks; or write a book.yaml")
                            .with_source(&chapter.text),
                    )
                })?;
            // The block's YAML starts on the file's second line, after `---`.
            if let Some(d) = &fm.date {
                let (line, column) = (d.referenced.line() as usize, d.referenced.column() as usize);
                let text = match &d.value {
                    Text::Str(s) => s.clone(),
                    Text::Int(n) => format!("{n:04}"),
                    _ => String::new(),
                };
                if let Some(iso) = date(&text, line + 1, column.max(1))? {
                    meta.date = Some(iso);
                }
            }
            meta.front_matter(fm, i);
        }
    }
    let Some(title) = meta.title.take().filter(|t| !t.trim().is_empty()) else {
        return Err(none());
    };
    let language = meta.language.take().unwrap_or_else(|| "en".to_string());
    let place = raw[0].path.clone();
    if !config::is_bcp47(&language) {
        let msg = format!("`{language}` (the front matter's `lang`) is not a BCP 47 tag");
        return Err(Diagnostic::at(&place, 1, 1, msg)
            .with_help("write a tag such as `id`, `tr` or `en-GB`")
            .into());
    }
    let mut config = BookConfig::new(title, language);
    // The chapter whose front matter named the bibliography: messages about it point there.
    let settings = meta
        .bibliography
        .as_ref()
        .and_then(|(_, i)| raw.get(*i))
        .map(|c| (c.path.clone(), c.text.clone()));
    meta.fill(&mut config);
    let references = match &settings {
        Some((path, text)) => crate::manuscript::references::load(
            dir,
            &real_dir,
            &config,
            (path.as_path(), text.as_str()),
        )?,
        None => Default::default(),
    };
    let chapters: Vec<ChapterSource> = raw
        .into_iter()
        .map(|c| ChapterSource {
            text: strip_metadata(&c.text),
            path: c.path,
        })
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    if chapters.is_empty() {
        return Err(Diagnostic::at(&place, 1, 1, "the book has no chapters")
            .with_help("the Markdown files hold only metadata: add the text")
            .into());
    }
    Ok(Manuscript {
        dir: dir.to_path_buf(),
        config,
        chapters,
        references,
    })
}

fn first_line(e: &serde_saphyr::Error) -> String {
    e.to_string()
        .lines()
        .next()
        .unwrap_or("invalid YAML")
        .to_string()
}

/// Metadata gathered from the files, a later value replacing an earlier one.
#[derive(Default)]
struct Collected {
    title: Option<String>,
    subtitle: Option<String>,
    authors: Vec<Author>,
    language: Option<String>,
    date: Option<String>,
    description: Option<String>,
    rights: Option<String>,
    publisher: Option<String>,
    subjects: Vec<String>,
    identifier: Option<String>,
    cover: Option<String>,
    /// pandoc's citation keys (see `BookConfig::bibliography`), and the index of the chapter
    /// whose front matter named the bibliography.
    bibliography: Option<(Vec<String>, usize)>,
    csl: Option<String>,
    reference_section_title: Option<String>,
    link_citations: Option<bool>,
    nocite: Option<Vec<String>>,
    suppress_bibliography: Option<bool>,
}

impl Collected {
    fn title_block(&mut self, b: TitleBlock) {
        self.title = b.title.or(self.title.take());
        if !b.authors.is_empty() {
            self.authors = b.authors.into_iter().map(Author::Name).collect();
        }
    }

    fn front_matter(&mut self, fm: FrontMatter, chapter: usize) {
        let text = |t: Option<Text>| t.map(Text::into_string);
        self.title = text(fm.title).or(self.title.take());
        self.subtitle = text(fm.subtitle).or(self.subtitle.take());
        if let Some(a) = fm.author {
            self.authors = a
                .into_vec()
                .into_iter()
                .map(|p| match p {
                    Person::Name(n) => Author::Name(n),
                    Person::Full { name, affiliation } => Author::Full(config::AuthorEntry {
                        name,
                        affiliation,
                        role: None,
                    }),
                })
                .collect();
        }
        self.language = fm.lang.or(fm.language).or(self.language.take());
        self.description = text(fm.description)
            .or(text(fm.abstract_))
            .or(self.description.take());
        self.rights = text(fm.rights).or(self.rights.take());
        self.publisher = text(fm.publisher).or(self.publisher.take());
        if let Some(s) = fm.keywords.or(fm.subject) {
            self.subjects = s.into_vec().into_iter().map(Text::into_string).collect();
        }
        // pandoc lists identifiers with schemes; terbit keeps a UUID.
        if let Some(ids) = fm.identifier {
            let uuid = ids.into_vec().into_iter().find_map(|id| {
                let (scheme, text) = match id {
                    Identifier::Text(t) => (None, t),
                    Identifier::Scheme { scheme, text } => (scheme, text),
                };
                let is_uuid = scheme.is_none_or(|s| s.eq_ignore_ascii_case("uuid"));
                (is_uuid && config::parse_uuid(&text).is_some()).then_some(text)
            });
            self.identifier = uuid.or(self.identifier.take());
        }
        self.cover = fm.cover_image.or(self.cover.take());
        if let Some(files) = fm.bibliography {
            self.bibliography = Some((files.into_vec(), chapter));
        }
        self.csl = fm.csl.or(self.csl.take());
        self.reference_section_title =
            text(fm.reference_section_title).or(self.reference_section_title.take());
        self.link_citations = fm.link_citations.or(self.link_citations);
        if let Some(keys) = fm.nocite {
            self.nocite = Some(keys.into_vec());
        }
        self.suppress_bibliography = fm.suppress_bibliography.or(self.suppress_bibliography);
    }

    /// Set what was found on `c`.
    fn fill(self, c: &mut BookConfig) {
        c.subtitle = self.subtitle;
        c.authors = self.authors;
        c.date = self.date.map(unplaced);
        c.description = self.description;
        c.rights = self.rights;
        c.publisher = self.publisher;
        c.subjects = self.subjects;
        c.identifier = self.identifier.map(|id| {
            let bare = id.strip_prefix("urn:uuid:").unwrap_or(&id).to_string();
            unplaced(format!("urn:uuid:{bare}"))
        });
        c.cover = self.cover.map(unplaced);
        let nowhere = serde_saphyr::Location::UNKNOWN;
        c.bibliography = self.bibliography.map(|(files, _)| {
            serde_saphyr::Spanned::new(OneOrManyNames::Many(files), nowhere, nowhere)
        });
        c.csl = self.csl.map(unplaced);
        c.reference_section_title = self.reference_section_title;
        c.link_citations = self.link_citations;
        c.nocite = self.nocite.map(OneOrManyNames::Many);
        c.suppress_bibliography = self.suppress_bibliography;
    }
}

#[cfg(test)]
#[path = "pandoc_tests.rs"]
mod tests;
