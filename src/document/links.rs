//! Where each link leads, decided once for the whole book (the EPUB and the PDF writers read
//! the answer, [`LinkTarget`], and never a URL): a safe web or mail address, a chapter, a
//! heading or a note of a chapter, or nowhere.
//!
//! Authors write links as their previewer resolves them: `bab-2.md#pengantar`; mdBook's
//! rendered pages `ch02-01-kurulum.html#kurulum` (and `index.html` for a folder's
//! `README.md`); anchors in the slug GitHub, mdBook or pandoc give a heading (see
//! [`super::ids::slugs`]). Each resolves here. A link that leads nowhere keeps its text and is a
//! warning at its place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::ids::slugs;
use super::url::{normalize, percent_decode, scheme};
use super::walk::for_each_link_mut;
use super::{Block, Book, Fragment, LinkTarget, Place, plain_text};
use crate::error::{Diagnostic, Warnings};
use crate::manuscript::ChapterSource;

/// Schemes kept as external links.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "ftp"];

const HELP: &str = "link to `#id` of a heading (`## Title {#id}`, or its words in lower case \
                    joined by `-`), or to `chapter.md#id`";

const FILE_HELP: &str = "link to its address on the web (`https://…`) for readers to download it";

/// Resolve every link of `book` (whose chapters were read from `sources`, in the same order);
/// returns a warning for each link that leads nowhere, or to a chapter without the heading it
/// names.
pub fn resolve(book: &mut Book, sources: &[ChapterSource]) -> Warnings {
    let map = LinkMap::new(book);
    let mut warnings = Warnings::default();
    // By file: a file of several chapters (see `split`) is one source.
    let texts: HashMap<&Path, &str> = sources
        .iter()
        .map(|s| (s.path.as_path(), s.text.as_str()))
        .collect();
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let text = texts.get(chapter.source.as_path()).copied().unwrap_or("");
        let mut visit = |link: &mut super::Link| {
            // Set already (a citation's link to its entry).
            if matches!(link.target, LinkTarget::Internal(_)) {
                return;
            }
            if let Some(after) = link.implicit.take() {
                // `[Heading text]`: a link if a heading is so named, else the text as written.
                match map.heading_named(index, &link.url) {
                    Some(place) => link.target = LinkTarget::Internal(Arc::new(place)),
                    None => {
                        link.content.insert(0, super::Inline::Text("[".into()));
                        link.content.push(super::Inline::Text(format!("]{after}")));
                    }
                }
                return;
            }
            let (target, problem) = map.resolve(index, &link.url);
            link.target = target;
            let Some(message) = problem else {
                return;
            };
            if !warnings.has_room(&chapter.source) {
                warnings.count(&chapter.source);
                return;
            }
            let help = if message.contains("is a file, not a chapter") {
                FILE_HELP
            } else {
                HELP
            };
            let (line, column) = (link.line as usize, link.column as usize);
            let d = Diagnostic::at(&chapter.source, line.max(1), column.max(1), message)
                .with_help(help);
            warnings.push(if line > 0 { d.with_source(text) } else { d });
        };
        for_each_link_mut(&mut chapter.blocks, &mut visit);
        for note in &mut chapter.footnotes {
            for_each_link_mut(&mut note.blocks, &mut visit);
        }
    }
    warnings
}

/// The places links can reach.
struct LinkMap {
    chapters: Vec<Targets>,
    /// The chapters of each Markdown file, relative to the book's folder (one, or several when
    /// a file holds several `#` chapters or is listed twice): a book of a thousand chapters
    /// linking to each other is not searched chapter by chapter for every link.
    by_source: HashMap<PathBuf, Vec<usize>>,
    /// The folder holding every chapter (an mdBook's `src`): where `/page.html` is.
    root: PathBuf,
    /// Every heading by its id and its other spellings (lower-cased too), the first of the
    /// book so named: where `[Heading text]` leads.
    by_heading: HashMap<String, (usize, String)>,
}

struct Targets {
    /// Its Markdown file, relative to the book's folder, normalized.
    source: PathBuf,
    /// Heading ids as the IR has them, and the other spellings of each (see
    /// [`super::ids::slugs`]; lower-cased too) with the id they stand for.
    headings: HashMap<String, String>,
    notes: Vec<usize>,
}

impl LinkMap {
    fn new(book: &Book) -> LinkMap {
        let chapters: Vec<Targets> = book
            .chapters
            .iter()
            .map(|ch| {
                let mut ids = Vec::new();
                let mut other = Vec::new();
                // Spans' ids (`[x]{#id}`) lead to the heading before them.
                let mut spans = Vec::new();
                super::walk::walk_chapter(ch, |n| match n {
                    super::walk::Node::Block(Block::Heading { id, content, .. }) => {
                        ids.push(id.clone());
                        for s in slugs(&plain_text(content)) {
                            other.push((s, id.clone()));
                        }
                    }
                    super::walk::Node::Inline(super::Inline::Span(span)) => {
                        if let super::SpanKind::Anchor(anchor) = &span.kind {
                            spans.push((anchor.clone(), ids.last().cloned().unwrap_or_default()));
                        }
                    }
                    _ => {}
                });
                let mut headings: HashMap<String, String> =
                    ids.iter().map(|id| (id.clone(), id.clone())).collect();
                // The author's anchors, then the other spellings (an anchor is named as
                // written; a spelling only stands in).
                for (anchor, id) in ch.anchors.iter().chain(&spans) {
                    headings.entry(anchor.clone()).or_insert(id.clone());
                }
                for (spelling, id) in other {
                    headings
                        .entry(spelling.to_lowercase())
                        .or_insert(id.clone());
                    headings.entry(spelling).or_insert(id);
                }
                let rel = ch.source.strip_prefix(&book.dir).unwrap_or(&ch.source);
                Targets {
                    source: normalize(rel).unwrap_or_else(|| rel.to_path_buf()),
                    headings,
                    notes: ch.footnotes.iter().map(|f| f.number).collect(),
                }
            })
            .collect();
        let mut by_source: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (i, t) in chapters.iter().enumerate() {
            by_source.entry(t.source.clone()).or_default().push(i);
        }
        let root = common_folder(chapters.iter().map(|t| t.source.as_path()));
        let mut by_heading = HashMap::new();
        for (i, t) in chapters.iter().enumerate() {
            for (spelling, id) in &t.headings {
                if !id.is_empty() {
                    by_heading
                        .entry(spelling.clone())
                        .or_insert((i, id.clone()));
                }
            }
        }
        LinkMap {
            chapters,
            by_source,
            root,
            by_heading,
        }
    }

    /// Where `url`, written in chapter `from`, leads; and what is wrong with it, if the author
    /// should hear of it.
    fn resolve(&self, from: usize, url: &str) -> (LinkTarget, Option<String>) {
        // As URL parsers do: tabs and line breaks anywhere are ignored (so `java\tscript:` is
        // seen as `javascript:`), spaces around the URL too.
        crate::work::step(1 + url.len());
        let url: String = url.trim().chars().filter(|c| !c.is_control()).collect();
        if url.is_empty() {
            return (LinkTarget::Nowhere, None);
        }
        if let Some(scheme) = scheme(&url) {
            let target =
                safe_external(&url, &scheme).map_or(LinkTarget::Nowhere, LinkTarget::External);
            return (target, None);
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(percent_decode(f))),
            None => (url.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let Some(here) = self.chapters.get(from) else {
            return (LinkTarget::Nowhere, None);
        };
        let chapter = if path.is_empty() {
            Some(from)
        } else {
            self.chapter_at(here, path)
        };
        let Some(chapter) = chapter else {
            // Markdown's email autolinks (`<ana@contoh.id>`) arrive without `mailto:`.
            if is_email(&url) {
                return (LinkTarget::External(format!("mailto:{url}")), None);
            }
            let file = Path::new(path)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| !matches!(e, "md" | "markdown" | "html" | "htm" | "xhtml"));
            let message = if file {
                format!("`{url}` is a file, not a chapter: a book cannot carry it")
            } else {
                format!("`{url}` is not a chapter of this book")
            };
            return (LinkTarget::Nowhere, Some(message));
        };
        let place = |chapter, fragment| LinkTarget::Internal(Arc::new(Place { chapter, fragment }));
        let Some(wanted) = fragment.filter(|f| !f.is_empty()) else {
            return (place(chapter, None), None);
        };
        // In the chapter named, then in the others of its file (a file of several chapters).
        let siblings = self
            .by_source
            .get(&self.chapters[chapter].source)
            .map_or(&[][..], Vec::as_slice);
        let order =
            std::iter::once(chapter).chain(siblings.iter().copied().filter(|&c| c != chapter));
        for c in order {
            if let Some(found) = self.chapters[c].fragment(&wanted) {
                return (place(c, found), None);
            }
        }
        if path.is_empty() {
            // pandoc reads a book's files as one document: `#appendix` in one leads to the
            // heading of another.
            let elsewhere = self
                .by_heading
                .get(wanted.as_str())
                .or_else(|| self.by_heading.get(&wanted.to_lowercase()));
            if let Some((c, id)) = elsewhere {
                return (place(*c, Some(Fragment::Heading(id.clone()))), None);
            }
            let message = format!("no heading or note `#{wanted}` in this chapter");
            (LinkTarget::Nowhere, Some(message))
        } else {
            let message = format!(
                "no heading or note `#{wanted}` in `{path}`: the link leads to the chapter's start"
            );
            (place(chapter, None), Some(message))
        }
    }

    /// The heading `text` names (`[Beta section]`: its words, as its id is made from them), in
    /// chapter `from` first, then anywhere in the book.
    fn heading_named(&self, from: usize, text: &str) -> Option<Place> {
        let wanted = super::ids::slug(text);
        if let Some(Some(fragment @ Fragment::Heading(_))) =
            self.chapters.get(from).and_then(|t| t.fragment(&wanted))
        {
            return Some(Place {
                chapter: from,
                fragment: Some(fragment),
            });
        }
        let (chapter, id) = self
            .by_heading
            .get(&wanted)
            .or_else(|| self.by_heading.get(&wanted.to_lowercase()))?;
        Some(Place {
            chapter: *chapter,
            fragment: Some(Fragment::Heading(id.clone())),
        })
    }

    /// The chapter that `path` (written in `here`, not empty) names: a Markdown file, or the
    /// page mdBook renders from it (`x.html`; `index.html` for `README.md`), relative to the
    /// chapter's folder, or to the book's pages' folder when it starts with `/`.
    fn chapter_at(&self, here: &Targets, path: &str) -> Option<usize> {
        let decoded = percent_decode(path);
        let (base, rel) = match decoded.strip_prefix('/') {
            Some(rest) => (self.root.clone(), rest.to_string()),
            None => (
                here.source.parent().unwrap_or(Path::new("")).to_path_buf(),
                decoded,
            ),
        };
        let wanted = normalize(&base.join(&rel))?;
        let find = |p: &Path| self.by_source.get(p).and_then(|v| v.first().copied());
        if let Some(i) = find(&wanted) {
            return Some(i);
        }
        let name = wanted.file_name()?.to_str()?;
        let stem = name
            .strip_suffix(".html")
            .or_else(|| name.strip_suffix(".htm"))
            .or_else(|| name.strip_suffix(".xhtml"));
        let folder = wanted.parent().unwrap_or(Path::new(""));
        match stem {
            Some("index") => ["README.md", "index.md", "readme.md"]
                .iter()
                .find_map(|f| find(&folder.join(f))),
            Some(stem) => ["md", "markdown"]
                .iter()
                .find_map(|ext| find(&folder.join(format!("{stem}.{ext}")))),
            // A page named without its extension (`/basic/list`, as Docusaurus, GitBook and
            // wikis link to `basic/list.md`), else a folder (`guide/` or `guide`): its README,
            // as mdBook renders it.
            None if rel.ends_with('/') || !name.contains('.') => {
                let page = (!rel.ends_with('/'))
                    .then(|| {
                        ["md", "markdown", "mdx"]
                            .iter()
                            .find_map(|ext| find(&folder.join(format!("{name}.{ext}"))))
                    })
                    .flatten();
                page.or_else(|| {
                    ["README.md", "index.md"]
                        .iter()
                        .find_map(|f| find(&wanted.join(f)))
                })
            }
            None => None,
        }
    }
}

impl Targets {
    /// The heading or note `wanted` (decoded) names in this chapter (`Some(None)`: an anchor
    /// standing for the chapter's start).
    fn fragment(&self, wanted: &str) -> Option<Option<Fragment>> {
        let heading = self
            .headings
            .get(wanted)
            .or_else(|| self.headings.get(&wanted.to_lowercase()));
        match heading {
            // An anchor in a chapter without headings: its start.
            Some(id) if id.is_empty() => return Some(None),
            Some(id) => return Some(Some(Fragment::Heading(id.clone()))),
            None => {}
        }
        let n = wanted.strip_prefix("fn-")?.parse::<usize>().ok()?;
        self.notes.contains(&n).then_some(Some(Fragment::Note(n)))
    }
}

/// The deepest folder holding every path of `paths`.
fn common_folder<'a>(mut paths: impl Iterator<Item = &'a Path>) -> PathBuf {
    let Some(first) = paths.next() else {
        return PathBuf::new();
    };
    let mut common = first.parent().unwrap_or(Path::new("")).to_path_buf();
    for p in paths {
        while !p.starts_with(&common) {
            if !common.pop() {
                break;
            }
        }
    }
    common
}

/// Whether `s` is an email address as CommonMark's autolinks accept them (roughly).
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let ok = |c: char| c.is_alphanumeric() || ".!#$%&'*+=^_`{|}~-".contains(c);
    !local.is_empty()
        && local.chars().all(ok)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// `url` as an address both an EPUB and a PDF accept, if its scheme is one we keep: every
/// character a URI may not hold percent-encoded, non-ASCII ones as their UTF-8 bytes (a PDF's
/// URI action is ASCII; `%` already followed by two hex digits is kept, so an encoded address
/// is not encoded twice).
fn safe_external(url: &str, scheme: &str) -> Option<String> {
    if !SAFE_SCHEMES.contains(&scheme) {
        return None;
    }
    let rest = &url[scheme.len() + 1..];
    let has_target = match scheme {
        "mailto" => !rest.is_empty(),
        _ => rest.strip_prefix("//").is_some_and(valid_authority),
    };
    if !has_target {
        return None;
    }
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'()*+,;=".contains(&b);
        if allowed || escaped {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Some(out)
}

/// Whether the part after `//` starts with a usable host: a name of non-empty labels of letters,
/// digits and `-` (an optional `user@` before and `:port` after), so `https://../` is no link.
fn valid_authority(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    let labels_ok = !host.is_empty()
        && host.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    labels_ok && port.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
#[path = "links_tests.rs"]
mod tests;
