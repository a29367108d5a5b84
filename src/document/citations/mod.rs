//! Citations and the reference list, as pandoc's citeproc makes them: citations written in
//! pandoc's syntax (`syntax`) are formatted by hayagriva, typst's CSL processor, in the book's
//! style and language (`style`), from the works of its bibliography files (`library`); the
//! works cited are listed where the author marks it (`::: {#refs}`) or in a chapter of their
//! own at the end of the book, each citation linked to its entry.
//!
//! Three passes over the book: each citation found is replaced by an empty
//! [`SpanKind::Citation`] span numbered in the order found (`find`); the citations are then
//! formatted together in reading order (numbering and disambiguation depend on every
//! citation of the book); last, each span is given its formatted text (`fill`).

pub mod bibtex;
mod find;
pub(crate) use find::closest;
mod library;
mod notes;
mod render;
mod style;
pub mod syntax;

use std::collections::HashMap;
use std::sync::Arc;

use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, CitePurpose, ElemChild,
    ElemChildren, ElemMeta, Formatted, LocatorPayload, Rendered, SpecificLocator,
};

use super::walk::for_each_inline_mut;
use super::{
    Block, Book, Chapter, Fragment, Inline, LinkTarget, Place, ReferenceEntry, ReferenceList,
    SpanKind,
};
use crate::error::{Result, Warnings};
use crate::manuscript::Manuscript;

pub use find::Found;
use library::Library;

/// Format every citation (in the order of `found`) and the reference list: hayagriva's
/// driver, for either kind of library (its trait for works is private to it, so the one
/// routine is written out for each). `None` when hayagriva panicked on the input.
macro_rules! format_all {
    ($works:expr, $found:expr, $nocite:expr, $index:expr, $style:expr) => {{
        let works = $works;
        let found: &[Found] = $found;
        let style: &style::CitationStyle = $style;
        let index: &HashMap<&str, usize> = $index;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(
            || -> (Rendered, Vec<Option<ElemChildren>>) {
                let mut driver = BibliographyDriver::new();
                let names = style.cites_names();
                for (n, f) in found.iter().enumerate() {
                    let items = f
                        .items
                        .iter()
                        .filter_map(|item| {
                            let work = &works[*index.get(item.key.as_str())?];
                            let locator = item.locator.as_ref().map(|(kind, value)| {
                                SpecificLocator(*kind, LocatorPayload::Str(value))
                            });
                            // `-@key` is formatted as in the text and its author cut off after
                            // (see `without_author`): hayagriva has no form without the author.
                            let purpose = if style.is_note() {
                                // In a note: the note holds the whole citation.
                                None
                            } else if (f.in_text && names)
                                || (item.suppress_author && f.items.len() == 1)
                            {
                                Some(CitePurpose::Prose)
                            } else {
                                None
                            };
                            Some(CitationItem::new(work, locator, None, false, purpose))
                        })
                        .collect();
                    let note = style.is_note().then_some(n + 1);
                    driver.citation(CitationRequest::new(
                        items,
                        &style.style,
                        Some(style.locale.clone()),
                        &style.locales,
                        note,
                    ));
                }
                let hidden: Vec<_> = $nocite
                    .iter()
                    .filter_map(|key: &String| index.get(key.as_str()))
                    .map(|&i| CitationItem::new(&works[i], None, None, true, None))
                    .collect();
                if !hidden.is_empty() {
                    driver.citation(CitationRequest::new(
                        hidden,
                        &style.style,
                        Some(style.locale.clone()),
                        &style.locales,
                        None,
                    ));
                }
                let rendered = driver.finish(BibliographyRequest::new(
                    &style.style,
                    Some(style.locale.clone()),
                    &style.locales,
                ));
                // In a note style, an in-text citation leaves its authors' names in the sentence.
                let authors: Vec<Option<ElemChildren>> = found
                    .iter()
                    .map(|f| {
                        if !(style.is_note() && f.in_text) {
                            return None;
                        }
                        let items = f
                            .items
                            .iter()
                            .filter_map(|item| index.get(item.key.as_str()))
                            .map(|&i| {
                                CitationItem::new(
                                    &works[i],
                                    None,
                                    None,
                                    false,
                                    Some(CitePurpose::Author),
                                )
                            })
                            .collect();
                        Some(hayagriva::standalone_citation(CitationRequest::new(
                            items,
                            &style.style,
                            Some(style.locale.clone()),
                            &style.locales,
                            None,
                        )))
                    })
                    .collect();
                (rendered, authors)
            },
        ))
        .ok()
    }};
}

/// Format the citations of `book` (read from `m`) and add its reference list; returns the
/// warnings (in-text keys the bibliography does not have, what the `.bib` reader left out).
/// A bracketed citation of a key no bibliography file has is an error at its place.
pub fn apply(book: &mut Book, m: &Manuscript) -> Result<Warnings> {
    let mut warnings = Warnings::default();
    if m.references.is_empty() {
        return Ok(warnings);
    }
    let language = m.config.language.value.as_str();
    let library = library::load(&m.references.bibliographies, language, &mut warnings)?;
    let style = style::resolve(
        m.config.csl.as_ref().map(|s| s.value.as_str()),
        &m.references,
        language,
    )?;
    let keys: Vec<String> = library.keys();
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let found = find::citations(book, m, &index, &style, &mut warnings)?;
    let nocite = nocite_keys(m, &keys);
    let rendered = match &library {
        Library::Csl(items) => format_all!(items, &found, &nocite, &index, &style),
        Library::Hayagriva(entries) => format_all!(entries, &found, &nocite, &index, &style),
    };
    let Some((rendered, authors)) = rendered else {
        return Err(crate::error::Error::Other(
            "the citation style failed on this bibliography (hayagriva stopped); try another \
             style, or report the entry"
                .into(),
        ));
    };
    let suppress = m.config.suppress_bibliography.unwrap_or(false);
    let list = reference_list(&rendered);
    let refs_chapter = if suppress || list.entries.is_empty() {
        None
    } else {
        Some(place_list(book, m, list))
    };
    let linked = m.config.link_citations.unwrap_or(true);
    let entry_ids: HashMap<&str, String> = keys.iter().map(|k| (k.as_str(), entry_id(k))).collect();
    let mut texts: Vec<Option<Vec<Inline>>> = rendered
        .citations
        .iter()
        .zip(&found)
        .map(|(citation, f)| {
            let children = if f.items.len() == 1 && f.items[0].suppress_author {
                without_author(&citation.citation, &style)
            } else {
                citation.citation.clone()
            };
            let children = with_affixes(&children, f);
            let link = |i: usize| -> Option<LinkTarget> {
                let chapter = refs_chapter.filter(|_| linked)?;
                let key = &f.items.get(i)?.key;
                let id = entry_ids.get(key.as_str())?.clone();
                Some(LinkTarget::Internal(Arc::new(Place {
                    chapter,
                    fragment: Some(Fragment::Id(id)),
                })))
            };
            Some(render::inlines(&children, &link))
        })
        .collect();
    if style.is_note() {
        let none = |_: usize| None;
        let mut authors: Vec<Option<Vec<Inline>>> = authors
            .iter()
            .map(|a| a.as_ref().map(|a| render::inlines(a, &none)))
            .collect();
        notes::citations_to_notes(book, &found, &mut texts, &mut authors);
    }
    fill(book, texts);
    for chapter in &mut book.chapters {
        super::walk::for_each_inline_list_mut(&mut chapter.blocks, &mut |l| one_full_stop(l));
        for note in &mut chapter.footnotes {
            super::walk::for_each_inline_list_mut(&mut note.blocks, &mut |l| one_full_stop(l));
        }
    }
    Ok(warnings)
}

/// The keys `nocite` lists (`@*`: every key), in the bibliography's order.
fn nocite_keys(m: &Manuscript, keys: &[String]) -> Vec<String> {
    let Some(nocite) = &m.config.nocite else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for value in nocite.values() {
        for word in value.split([',', ';', ' ', '\n']) {
            let word = word.trim();
            let Some(key) = word.strip_prefix('@') else {
                continue;
            };
            if key == "*" {
                return keys.to_vec();
            }
            if keys.iter().any(|k| k == key) {
                out.push(key.to_string());
            }
        }
    }
    out
}

/// The id of the reference-list entry of `key` in both editions: `ref-` and the key, with
/// what an XML id cannot hold made `-`.
pub fn entry_id(key: &str) -> String {
    let mut id = String::from("ref-");
    id.extend(key.chars().map(|c| {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '-'
        }
    }));
    id
}

/// The reference list hayagriva formatted, its entries with their ids.
fn reference_list(rendered: &Rendered) -> ReferenceList {
    let Some(bib) = &rendered.bibliography else {
        return ReferenceList::default();
    };
    let none = |_: usize| None;
    let mut used: HashMap<String, usize> = HashMap::new();
    let entries = bib
        .items
        .iter()
        .map(|item| {
            let mut id = entry_id(&item.key);
            // Two keys that differ only in characters an id cannot hold.
            let n = used.entry(id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                id = format!("{id}-{n}");
            }
            let label = item
                .first_field
                .as_ref()
                .map(|f| render::inlines(&ElemChildren(vec![f.clone()]), &none))
                .unwrap_or_default();
            ReferenceEntry {
                id,
                label,
                content: render::inlines(&item.content, &none),
            }
        })
        .collect();
    ReferenceList {
        entries,
        hanging_indent: bib.hanging_indent,
    }
}

/// Put the list where the author marked it (the first `::: {#refs}` division), else in a
/// chapter of its own at the end, under the language's title; returns the chapter's index.
fn place_list(book: &mut Book, m: &Manuscript, list: ReferenceList) -> usize {
    let mut list = Some(list);
    for (c, chapter) in book.chapters.iter_mut().enumerate() {
        if put_in_refs_div(&mut chapter.blocks, &mut list) {
            return c;
        }
    }
    let title = m.config.reference_section_title.clone().unwrap_or_else(|| {
        crate::lang::words(&m.config.language.value)
            .references
            .to_string()
    });
    let index = book.chapters.len();
    let blocks = vec![
        Block::Heading {
            level: 1,
            id: "refs".into(),
            content: vec![Inline::Text(title.clone())],
        },
        Block::References(Box::new(list.take().unwrap_or_default())),
    ];
    book.chapters.push(Chapter {
        source: m.config_file(),
        id: format!("ch{:02}", index + 1),
        title,
        blocks,
        footnotes: Vec::new(),
        anchors: Vec::new(),
        unnumbered: Vec::new(),
    });
    index
}

/// Put `list` into the first division with the id `refs` among `blocks` (searched without
/// recursion); whether one was found.
fn put_in_refs_div(blocks: &mut [Block], list: &mut Option<ReferenceList>) -> bool {
    let mut stack: Vec<&mut Block> = blocks.iter_mut().rev().collect();
    while let Some(block) = stack.pop() {
        match block {
            Block::Div(div) if div.id.as_deref() == Some("refs") => {
                div.blocks = vec![Block::References(Box::new(list.take().unwrap_or_default()))];
                return true;
            }
            Block::Div(div) => stack.extend(div.blocks.iter_mut().rev()),
            Block::BlockQuote(inner) => stack.extend(inner.iter_mut().rev()),
            _ => {}
        }
    }
    false
}

/// A citation's formatted parts with the author's words around each work: its prefix before
/// it (`see`), and after it what followed its key that was not taken for its locator.
fn with_affixes(children: &ElemChildren, found: &Found) -> ElemChildren {
    let wanted = found
        .items
        .iter()
        .any(|i| !i.prefix.is_empty() || !i.suffix_rest.is_empty());
    if !wanted {
        return children.clone();
    }
    let mut out = children.clone();
    let mut stack: Vec<&mut ElemChildren> = vec![&mut out];
    while let Some(list) = stack.pop() {
        for child in list.0.iter_mut() {
            let ElemChild::Elem(elem) = child else {
                continue;
            };
            match elem.meta {
                Some(ElemMeta::Entry(i)) => {
                    let Some(item) = found.items.get(i) else {
                        continue;
                    };
                    let plain = |text: String| {
                        ElemChild::Text(Formatted {
                            text,
                            formatting: Default::default(),
                        })
                    };
                    if !item.prefix.is_empty() {
                        elem.children
                            .0
                            .insert(0, plain(format!("{} ", item.prefix)));
                    }
                    if !item.suffix_rest.is_empty() {
                        elem.children.0.push(plain(item.suffix_rest.clone()));
                    }
                }
                _ => stack.push(&mut elem.children),
            }
        }
    }
    out
}

/// A citation formatted for the text ("Doe (2010a)") without its author's name: from the
/// bracket the style opens its citations with ("(2010a)"); as it was when there is none.
fn without_author(children: &ElemChildren, style: &style::CitationStyle) -> ElemChildren {
    let open = style
        .style
        .citation
        .layout
        .prefix
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or("(");
    let mut out = children.clone();
    if cut_before(&mut out, open, 0) {
        out
    } else {
        children.clone()
    }
}

/// Drop what comes before the first text opening with `open` in the work's own part (the
/// one child, followed down); whether there was something to drop.
fn cut_before(list: &mut ElemChildren, open: &str, depth: usize) -> bool {
    if list.0.len() == 1
        && depth < 16
        && let Some(ElemChild::Elem(elem)) = list.0.first_mut()
    {
        return cut_before(&mut elem.children, open, depth + 1);
    }
    let start = list
        .0
        .iter()
        .position(|c| matches!(c, ElemChild::Text(t) if t.text.trim_start().starts_with(open)));
    match start {
        Some(i) if i > 0 => {
            list.0.drain(..i);
            if let Some(ElemChild::Text(t)) = list.0.first_mut() {
                t.text = t.text.trim_start().to_string();
            }
            true
        }
        _ => false,
    }
}

/// A citation ending in a full stop ("… 2010, 5.") before the sentence's own keeps one, as
/// pandoc's citeproc does.
fn one_full_stop(list: &mut [Inline]) {
    for i in 1..list.len() {
        let ends_in_stop = matches!(&list[i - 1], Inline::Span(span)
            if matches!(span.kind, SpanKind::Citation(_))
                && super::plain_text(&span.content).ends_with('.'));
        if ends_in_stop
            && let Inline::Text(t) = &mut list[i]
            && t.starts_with('.')
            && !t.starts_with("..")
        {
            t.remove(0);
        }
    }
}

/// Give every citation span its formatted text (`texts`, by the span's number; `None` for
/// one given its words already, a note's mark).
fn fill(book: &mut Book, mut texts: Vec<Option<Vec<Inline>>>) {
    let mut visit = |inline: &mut Inline| {
        if let Inline::Span(span) = inline
            && let SpanKind::Citation(n) = span.kind
            && let Some(text) = texts.get_mut(n).and_then(Option::take)
        {
            span.content = text;
        }
    };
    for chapter in &mut book.chapters {
        for_each_inline_mut(&mut chapter.blocks, &mut visit);
        for note in &mut chapter.footnotes {
            for_each_inline_mut(&mut note.blocks, &mut visit);
        }
    }
}

/// A locator's kind by the label the book's language gives it (`hlm.`, `s.`, `p.`, `bab`),
/// in the long and short forms of its locale's terms, singular and plural.
pub fn locator_labels(style: &style::CitationStyle) -> HashMap<String, Locator> {
    use std::str::FromStr;
    let mut out = HashMap::new();
    let wanted = style.locale.0.as_str();
    for locale in &style.locales {
        if locale.lang.as_ref().map(|c| c.0.as_str()) != Some(wanted) {
            continue;
        }
        for term in &locale
            .terms
            .as_ref()
            .map(|t| t.terms.clone())
            .unwrap_or_default()
        {
            // A term's name may read as an item type or a variable as well ("chapter",
            // "page"): taken by its name.
            let name = serde_json::to_value(term.name).ok();
            let kind = name
                .as_ref()
                .and_then(|v| v.as_str())
                .and_then(|n| Locator::from_str(n).ok());
            if let Some(kind) = kind {
                for text in [term.single(), term.multiple()].into_iter().flatten() {
                    let text = text.trim();
                    if !text.is_empty() {
                        out.entry(text.to_string()).or_insert(kind);
                    }
                }
            }
        }
    }
    out
}
