//! Numbered figures and tables, and cross-references to them and to sections, in
//! pandoc-crossref's syntax: `![Peta](peta.png){#fig:peta}` is "Gambar 1.2: Peta" (the second
//! numbered figure of the first chapter), a table whose caption ends `{#tbl:data}` is "Tabel
//! 1.1: …", and `@fig:peta`, `[@tbl:data]`, `[-@fig:peta]` (the number alone) and `@sec:x` (a
//! heading `{#sec:x}`) become links reading "Gambar 1.2", "Tabel 1.1", "1.2", "Bagian 2.1".
//! The words are the book's language's (`lang::words`); figures and tables are numbered by
//! chapter, as theses number them.
//!
//! Runs before citations, which leave these keys alone (`citations::find::CROSSREF_PREFIXES`).

use std::collections::HashMap;
use std::sync::Arc;

use super::citations::syntax;
use super::walk::for_each_inline_list_mut;
use super::{Block, Book, Fragment, Inline, Link, LinkTarget, Place, Span, SpanKind};
use crate::error::{Diagnostic, Result};
use crate::lang::Words;
use crate::manuscript::Manuscript;

/// What a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Figure,
    Table,
    Section,
}

impl Kind {
    fn of(key: &str) -> Option<Kind> {
        match key.split_once(':')?.0 {
            "fig" => Some(Kind::Figure),
            "tbl" => Some(Kind::Table),
            "sec" => Some(Kind::Section),
            _ => None,
        }
    }

    fn word(self, words: &Words) -> &'static str {
        match self {
            Kind::Figure => words.figure,
            Kind::Table => words.table,
            Kind::Section => words.section,
        }
    }
}

/// A figure, table or section a key names: where it is and its number ("1.2").
#[derive(Debug, Clone)]
struct Target {
    place: Arc<Place>,
    number: String,
    kind: Kind,
    /// A chapter's heading (its word is "Bab", not "Bagian").
    chapter: bool,
    /// An unnumbered heading: `number` is its title, which references print alone.
    titled: bool,
}

/// Number the figures and tables of `book` that have pandoc-crossref ids, and make every
/// reference to them (and to sections with ids) a link reading its word and number. A
/// reference naming nothing in the book is an error at its place.
pub fn apply(book: &mut Book, m: &Manuscript) -> Result<()> {
    let words = crate::lang::words(&m.config.language.value);
    let mut targets: HashMap<String, Target> = HashMap::new();
    let mut chapter_number = 0;
    for (c, chapter) in book.chapters.iter_mut().enumerate() {
        let mut numbers = Numbers {
            chapter: c,
            chapter_number,
            figures: 0,
            tables: 0,
            sections: Vec::new(),
            unnumbered: &chapter.unnumbered,
            words: &words,
            targets: &mut targets,
        };
        numbers.blocks(&mut chapter.blocks);
        chapter_number = numbers.chapter_number;
    }
    let texts: HashMap<&std::path::Path, &str> = m
        .chapters
        .iter()
        .map(|c| (c.path.as_path(), c.text.as_str()))
        .collect();
    for chapter in &mut book.chapters {
        let text = texts.get(chapter.source.as_path()).copied().unwrap_or("");
        let mut refs = References {
            targets: &targets,
            words: &words,
            path: &chapter.source,
            text,
            error: None,
        };
        for_each_inline_list_mut(&mut chapter.blocks, &mut |list| refs.list(list));
        for note in &mut chapter.footnotes {
            for_each_inline_list_mut(&mut note.blocks, &mut |list| refs.list(list));
        }
        if let Some(e) = refs.error {
            return Err(e.into());
        }
    }
    Ok(())
}

/// The numbering of one chapter's figures, tables and sections, in reading order.
struct Numbers<'a> {
    chapter: usize,
    /// How many numbered level-1 headings the book has had so far (pandoc's chapter number;
    /// a preface `{.unnumbered}` has none). Figures and tables before the first are numbered
    /// without it.
    chapter_number: usize,
    figures: usize,
    tables: usize,
    /// The current section number below the chapter, by level (level 2 first).
    sections: Vec<usize>,
    unnumbered: &'a [String],
    words: &'a Words,
    targets: &'a mut HashMap<String, Target>,
}

impl Numbers<'_> {
    fn blocks(&mut self, blocks: &mut [Block]) {
        for block in blocks {
            match block {
                Block::Paragraph(content) => self.figure(content),
                Block::Caption(content) => self.table(content),
                Block::Heading { level, id, content } => self.heading(*level, id, content),
                Block::BlockQuote(inner) => self.blocks(inner),
                Block::List { items, .. } => items.iter_mut().for_each(|i| self.blocks(i)),
                Block::Div(div) => self.blocks(&mut div.blocks),
                _ => {}
            }
        }
    }

    fn place(&self, fragment: Fragment) -> Arc<Place> {
        Arc::new(Place {
            chapter: self.chapter,
            fragment: Some(fragment),
        })
    }

    /// A figure (an image alone in its paragraph) with a `fig:` id: numbered, its caption
    /// led by its label. Other ids of images are dropped (nothing leads to them).
    fn figure(&mut self, content: &mut [Inline]) {
        let lone = super::lone_image(content).is_some();
        for inline in content.iter_mut() {
            let Inline::Image(img) = inline else {
                continue;
            };
            let Some(id) = img.id.take() else {
                continue;
            };
            if !lone || !img.alt_is_caption || Kind::of(&id) != Some(Kind::Figure) {
                continue;
            }
            self.figures += 1;
            let number = self.numbered(self.figures);
            let label = format!("{} {number}", self.words.figure);
            if img.alt.trim().is_empty() {
                img.caption = vec![Inline::Text(label.clone())];
                img.alt = label;
            } else {
                img.caption.insert(0, Inline::Text(format!("{label}: ")));
                img.alt = format!("{label}: {}", img.alt);
            }
            let anchor = anchor(&id);
            img.id = Some(anchor.clone());
            self.targets.insert(
                id,
                Target {
                    place: self.place(Fragment::Id(anchor)),
                    number,
                    kind: Kind::Figure,
                    chapter: false,
                    titled: false,
                },
            );
        }
    }

    /// A caption ending in pandoc-crossref's `{#tbl:x}` (or `[]{#tbl:x …}`, an empty span with
    /// the id): the id taken out, and for a table's id, the table numbered and its label put
    /// first ("Tabel 1.1: …").
    fn table(&mut self, content: &mut Vec<Inline>) {
        let Some(id) = caption_id(content) else {
            return;
        };
        if Kind::of(&id) != Some(Kind::Table) {
            return;
        }
        self.tables += 1;
        let number = self.numbered(self.tables);
        let anchor = anchor(&id);
        let label = Span::inline(
            SpanKind::Target(anchor.clone()),
            vec![Inline::Text(format!("{} {number}", self.words.table))],
        );
        let rest = std::mem::take(content);
        content.push(label);
        if !super::plain_text(&rest).trim().is_empty() {
            content.push(Inline::Text(": ".into()));
            content.extend(rest);
        }
        self.targets.insert(
            id,
            Target {
                place: self.place(Fragment::Id(anchor)),
                number,
                kind: Kind::Table,
                chapter: false,
                titled: false,
            },
        );
    }

    /// The `n`th figure or table of the chapter's number: "2.3" (or "3" before any).
    fn numbered(&self, n: usize) -> String {
        match self.chapter_number {
            0 => n.to_string(),
            c => format!("{c}.{n}"),
        }
    }

    /// A heading: the chapter or section numbers moved on (not for an unnumbered one, which
    /// references name by its title); one with a `sec:` id recorded.
    fn heading(&mut self, level: u8, id: &str, content: &[Inline]) {
        let unnumbered = self.unnumbered.iter().any(|u| u == id);
        let number = if unnumbered {
            super::plain_text(content).trim().to_string()
        } else if level <= 1 {
            self.sections.clear();
            self.figures = 0;
            self.tables = 0;
            self.chapter_number += 1;
            self.chapter_number.to_string()
        } else {
            let depth = usize::from(level) - 1;
            self.sections.resize(depth, 0);
            self.sections[depth - 1] += 1;
            let mut number = self.chapter_number.to_string();
            for n in &self.sections {
                number.push_str(&format!(".{n}"));
            }
            number
        };
        if Kind::of(id) == Some(Kind::Section) {
            self.targets.insert(
                id.to_string(),
                Target {
                    place: self.place(Fragment::Heading(id.to_string())),
                    number,
                    kind: Kind::Section,
                    chapter: level <= 1,
                    titled: unnumbered,
                },
            );
        }
    }
}

/// `[…]` naming no link: a bracketed reference or citation, or text in brackets.
fn is_bracketed(link: &Link) -> bool {
    link.implicit.as_deref() == Some("")
        && matches!(link.target, LinkTarget::Nowhere)
        && link.url.contains('@')
}

/// The id at the end of a caption, taken out of it: `{#tbl:x}` as text (its other attributes
/// dropped), or an empty `[]{#tbl:x}` span.
fn caption_id(content: &mut Vec<Inline>) -> Option<String> {
    let id = match content.last_mut()? {
        Inline::Span(span) => match &span.kind {
            SpanKind::Anchor(id) if super::plain_text(&span.content).trim().is_empty() => {
                let id = id.clone();
                content.pop();
                id
            }
            _ => return None,
        },
        Inline::Text(last) => {
            let trimmed = last.trim_end();
            let open = trimmed.rfind("{#").filter(|_| trimmed.ends_with('}'))?;
            let id = trimmed[open + 2..trimmed.len() - 1]
                .split_whitespace()
                .next()?
                .to_string();
            last.truncate(open);
            if last.ends_with("[]") {
                last.truncate(last.len() - 2);
            }
            id
        }
        _ => return None,
    };
    if let Some(Inline::Text(last)) = content.last_mut() {
        last.truncate(last.trim_end().len());
        if last.is_empty() {
            content.pop();
        }
    }
    Some(id)
}

/// The id a figure or table is written with: pandoc-crossref's key with `-` for `:`, under a
/// prefix that keeps it apart from headings' ids (one titled "Crossref fig …" could still meet
/// it; ids are not checked against each other here).
fn anchor(key: &str) -> String {
    format!("crossref-{}", key.replace(':', "-"))
}

/// The references of one chapter, resolved.
struct References<'a> {
    targets: &'a HashMap<String, Target>,
    words: &'a Words,
    path: &'a std::path::Path,
    text: &'a str,
    error: Option<Diagnostic>,
}

impl References<'_> {
    /// The references of one list of inlines, resolved in one pass (the list rebuilt once, so
    /// that a paragraph of many references is linear work).
    fn list(&mut self, list: &mut Vec<Inline>) {
        let is_reference = |i: &Inline| match i {
            Inline::Link(link) => is_bracketed(link),
            Inline::Text(t) => t.contains('@'),
            _ => false,
        };
        if self.error.is_some() || !list.iter().any(is_reference) {
            return;
        }
        let old = std::mem::take(list);
        crate::work::step(old.len());
        list.reserve(old.len());
        for inline in old {
            if self.error.is_some() {
                list.push(inline);
                continue;
            }
            let resolved = match &inline {
                Inline::Link(link) if is_bracketed(link) => {
                    let place = (link.line as usize, link.column as usize);
                    self.bracketed(&link.url, place)
                }
                Inline::Text(t) if t.contains('@') => self.in_text(t),
                _ => None,
            };
            match resolved {
                Some(inlines) => list.extend(inlines),
                None => list.push(inline),
            }
        }
    }

    /// `[@fig:a]`, `[see @fig:a; @tbl:b]`, `[-@fig:a]`: the references with what was written
    /// around them (`None`: no cross-reference, or a citation of works, left for citations).
    fn bracketed(&mut self, content: &str, place: (usize, usize)) -> Option<Vec<Inline>> {
        let items = syntax::parse_bracketed(content)?;
        if !items.iter().all(|i| Kind::of(&i.key).is_some()) {
            return None;
        }
        let mut out = Vec::new();
        let mut previous: Option<Kind> = None;
        for (n, item) in items.iter().enumerate() {
            let target = self.target(&item.key, place)?;
            if n > 0 {
                out.push(Inline::Text(", ".into()));
            }
            if !item.prefix.is_empty() {
                out.push(Inline::Text(format!("{} ", item.prefix)));
            }
            // One word for a run of the same kind: "Gambar 1.1, 1.2".
            let word = !item.suppress_author && previous != Some(target.kind);
            out.push(self.link(&target, word));
            previous = Some(target.kind);
            let suffix = item.suffix.trim_end();
            if !suffix.is_empty() {
                out.push(Inline::Text(suffix.to_string()));
            }
        }
        Some(out)
    }

    /// The references in `text` (`@fig:a`, `-@fig:a` for the number alone): the text split
    /// around each (`None`: there are none).
    fn in_text(&mut self, text: &str) -> Option<Vec<Inline>> {
        let mut pieces: Vec<Inline> = Vec::new();
        let mut from = 0;
        for (range, key) in syntax::in_text(text) {
            if Kind::of(key).is_none() {
                continue;
            }
            let target = self.target(key, (0, 0))?;
            let mut start = range.start;
            let number_only = text[..start].ends_with('-')
                && text[..start - 1]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '(');
            if number_only {
                start -= 1;
            }
            if start > from {
                pieces.push(Inline::Text(text[from..start].to_string()));
            }
            pieces.push(self.link(&target, !number_only));
            from = range.end;
        }
        if pieces.is_empty() {
            return None;
        }
        if from < text.len() {
            pieces.push(Inline::Text(text[from..].to_string()));
        }
        Some(pieces)
    }

    /// What `key` names, or an error at its place.
    fn target(&mut self, key: &str, place: (usize, usize)) -> Option<Target> {
        if let Some(t) = self.targets.get(key) {
            return Some(t.clone());
        }
        let (line, column) = if place.0 > 0 {
            place
        } else {
            self.text
                .find(&format!("@{key}"))
                .map_or((1, 1), |at| crate::error::line_col(self.text, at))
        };
        let kind = Kind::of(key).unwrap_or(Kind::Section);
        let (what, how) = match kind {
            Kind::Figure => (
                "figure",
                "give the figure the id: ![Caption](image.png){#fig:…}",
            ),
            Kind::Table => (
                "table",
                "end the table's caption with the id: `: Caption {#tbl:…}`",
            ),
            Kind::Section => ("section", "give the heading the id: `## Heading {#sec:…}`"),
        };
        let mut help = how.to_string();
        let same_kind = self
            .targets
            .iter()
            .filter(|(_, t)| t.kind == kind)
            .map(|(k, _)| k.as_str());
        if let Some(near) = super::citations::closest(key, same_kind) {
            help = format!("did you mean `@{near}`? Else {help}");
        }
        self.error = Some(
            Diagnostic::at(
                self.path,
                line,
                column,
                format!("no {what} of the book has the id `{key}`"),
            )
            .with_help(help)
            .with_source(self.text),
        );
        None
    }

    /// The link a reference is: "Gambar 1.2" (or "1.2" without `word`) to its target.
    fn link(&self, target: &Target, word: bool) -> Inline {
        let text = if word && !target.titled {
            let name = if target.chapter {
                self.words.chapter
            } else {
                target.kind.word(self.words)
            };
            format!("{name} {}", target.number)
        } else {
            target.number.clone()
        };
        let mut link = Link::new(
            String::new(),
            String::new(),
            vec![Inline::Text(text)],
            (0, 0),
        );
        link.target = LinkTarget::Internal(target.place.clone());
        Inline::Link(Box::new(link))
    }
}
