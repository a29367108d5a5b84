//! Where a Markdown link may point in the EPUB. A link becomes an `<a href>` only when its target
//! exists: a safe external URL, another chapter (`bab-2.md` → `ch02.xhtml`), or a heading or note
//! of a chapter. Anything else (`javascript:`, `file:`, a file not in the book) is kept as its
//! text: a dangling or scripted link would fail validation or put readers at risk.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::document::url::{normalize, percent_decode, scheme};
use crate::document::walk::{Node, walk_chapter};
use crate::document::{Block, Book};

/// Schemes kept as external links.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "ftp"];

/// The id a heading gets in the XHTML. Author-given ids of the shape of our note ids (`fn-…`,
/// `fnref-…`) get `-h` appended: appending is one-to-one and the results end in `-h`, which no
/// note id (`fn-N`, `fnref-N`, `fnref-N-K`) does, so no two ids can clash.
pub fn heading_id(id: &str) -> Cow<'_, str> {
    if id.starts_with("fn-") || id.starts_with("fnref-") {
        Cow::Owned(format!("{id}-h"))
    } else {
        Cow::Borrowed(id)
    }
}

/// The targets links can reach.
#[derive(Debug, Clone)]
pub struct LinkMap {
    chapters: Vec<Targets>,
    /// Each chapter's index by its `source` (the first, should a file be listed twice): a book
    /// of a thousand chapters linking to each other is not searched chapter by chapter for
    /// every link.
    by_source: HashMap<PathBuf, usize>,
}

#[derive(Debug, Clone)]
struct Targets {
    /// The chapter's XHTML file in the EPUB.
    file: String,
    /// Its Markdown file, relative to the book's folder, normalized.
    source: PathBuf,
    /// Heading ids as the IR has them (before `heading_id`).
    headings: HashSet<String>,
    footnotes: HashSet<usize>,
}

impl LinkMap {
    pub fn new(book: &Book) -> LinkMap {
        let chapters: Vec<Targets> = book
            .chapters
            .iter()
            .map(|ch| {
                let mut headings = HashSet::new();
                walk_chapter(ch, |n| {
                    if let Node::Block(Block::Heading { id, .. }) = n {
                        headings.insert(id.clone());
                    }
                });
                let rel = ch.source.strip_prefix(&book.dir).unwrap_or(&ch.source);
                Targets {
                    file: chapter_file(&ch.id),
                    source: normalize(rel).unwrap_or_else(|| rel.to_path_buf()),
                    headings,
                    footnotes: ch.footnotes.iter().map(|f| f.number).collect(),
                }
            })
            .collect();
        let mut by_source = HashMap::new();
        for (i, t) in chapters.iter().enumerate() {
            by_source.entry(t.source.clone()).or_insert(i);
        }
        LinkMap {
            chapters,
            by_source,
        }
    }

    /// The `href` for `url` written in chapter number `from` (0-based), or `None` to keep the
    /// link's text only.
    pub fn resolve(&self, from: usize, url: &str) -> Option<String> {
        // As URL parsers do: tabs and line breaks anywhere are ignored (so `java\tscript:` is
        // seen as `javascript:`), spaces around the URL too.
        let url: String = url.trim().chars().filter(|c| !c.is_control()).collect();
        if let Some(scheme) = scheme(&url) {
            return safe_external(&url, &scheme);
        }
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url.as_str(), None),
        };
        let here = self.chapters.get(from)?;
        let target = if path.is_empty() {
            here
        } else {
            // Relative to the chapter's own folder, as in any Markdown previewer.
            let dir = here.source.parent().unwrap_or(Path::new(""));
            let wanted =
                normalize(&dir.join(percent_decode(path.split('?').next().unwrap_or(path))));
            match wanted
                .and_then(|w| self.by_source.get(&w))
                .and_then(|&i| self.chapters.get(i))
            {
                Some(t) => t,
                // Markdown's email autolinks (`<ana@contoh.id>`) arrive without `mailto:`.
                None if is_email(&url) => return Some(format!("mailto:{url}")),
                None => return None,
            }
        };
        let anchor = fragment.filter(|f| !f.is_empty()).and_then(|f| {
            if target.headings.contains(f) {
                Some(heading_id(f).into_owned())
            } else {
                let n = f.strip_prefix("fn-")?.parse::<usize>().ok()?;
                target.footnotes.contains(&n).then(|| f.to_string())
            }
        });
        match (path.is_empty(), anchor) {
            (true, Some(a)) => Some(format!("#{a}")),
            (true, None) => None,
            (false, Some(a)) => Some(format!("{}#{a}", target.file)),
            (false, None) => Some(target.file.clone()),
        }
    }
}

/// The file name of a chapter's XHTML.
pub fn chapter_file(chapter_id: &str) -> String {
    format!("{chapter_id}.xhtml")
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

/// `url` made safe to use as an `href`, if its scheme is one we keep.
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
    // Characters that are not allowed in a URL (RFC 3986 / WHATWG) are percent-encoded, so that
    // validators and readers accept the href; non-ASCII stays (IRIs allow it). Square brackets
    // are only allowed around an IPv6 host, which `valid_authority` does not accept.
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '[' | ']' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            _ => out.push(c),
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
mod tests {
    use super::*;
    use crate::document::{Chapter, Footnote, Inline};

    #[test]
    fn external_links_are_valid_urls_or_no_links() {
        assert_eq!(
            safe_external("https://example.com/?q=](x)", "https").as_deref(),
            Some("https://example.com/?q=%5D(x)")
        );
        assert_eq!(safe_external("https://../", "https"), None);
        assert_eq!(safe_external("http://a..b/", "http"), None);
        assert_eq!(
            safe_external("https://user@example.com:8080/x", "https").as_deref(),
            Some("https://user@example.com:8080/x")
        );
        assert_eq!(safe_external("https://example.com:port/", "https"), None);
    }

    fn book() -> Book {
        let meta =
            crate::manuscript::config::parse(Path::new("book.yaml"), "title: T\nlanguage: id\n")
                .unwrap();
        let heading = |id: &str| Block::Heading {
            level: 2,
            id: id.into(),
            content: vec![Inline::Text("x".into())],
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
        };
        Book {
            meta,
            dir: PathBuf::from("buku"),
            chapters: vec![
                chapter(1, "satu.md", vec![heading("h-awal"), heading("fn-1")]),
                chapter(2, "bagian/dua.md", vec![heading("h-akhir")]),
            ],
        }
    }

    #[test]
    fn dangerous_and_dangling_links_are_dropped() {
        let m = LinkMap::new(&book());
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,<b>",
            "file:///etc/passwd",
            "C:\\x.md",
            "http://",
            "tidak-ada.md",
            "../luar.md",
            "#tidak-ada",
            "a@b",
            "x/a@b.id",
            "",
        ] {
            assert_eq!(m.resolve(0, url), None, "{url}");
        }
    }

    #[test]
    fn safe_links_resolve() {
        let m = LinkMap::new(&book());
        assert_eq!(
            m.resolve(0, "https://example.org/a b").as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(
            m.resolve(0, "mailto:a@b.id").as_deref(),
            Some("mailto:a@b.id")
        );
        assert_eq!(m.resolve(0, "#h-awal").as_deref(), Some("#h-awal"));
        assert_eq!(
            m.resolve(0, "#fn-1").as_deref(),
            Some("#fn-1-h"),
            "the heading the author named fn-1"
        );
        assert_eq!(m.resolve(0, "bagian/dua.md").as_deref(), Some("ch02.xhtml"));
        assert_eq!(
            m.resolve(0, "./bagian/dua.md#h-akhir").as_deref(),
            Some("ch02.xhtml#h-akhir")
        );
        assert_eq!(
            m.resolve(1, "../satu.md#h-hilang").as_deref(),
            Some("ch01.xhtml")
        );
        assert_eq!(
            m.resolve(1, "#fn-1").as_deref(),
            Some("#fn-1"),
            "a note of this chapter"
        );
    }

    #[test]
    fn heading_ids_never_clash_with_note_ids() {
        assert_eq!(heading_id("fn-2"), "fn-2-h");
        assert_eq!(heading_id("fnref-2-3"), "fnref-2-3-h");
        assert_eq!(heading_id("h-fn-2"), "h-fn-2");
    }
}
