//! BibLaTeX/BibTeX files read into CSL-JSON items, giving the CSL data pandoc's own .bib reader
//! gives (pandoc 3.9, learnt by experiment), so that citations rendered from them match
//! `pandoc --citeproc`: entry types, which field becomes the publisher, names with particles and
//! suffixes, dates, sentence-cased titles for English entries, LaTeX accents and commands,
//! `@string`, `crossref` and `xdata` inheritance, and the localized strings pandoc puts in
//! `genre` (`@phdthesis` is a "doktora tezi" in a Turkish book).
//!
//! The pieces: [`parse`] reads the file's syntax, [`latex`] a field's LaTeX, [`names`] name
//! lists, [`case`] sentence case, [`fields`] maps an entry's fields to CSL variables.

use std::collections::{BTreeMap, HashMap};

use hayagriva::citationberg::json::Item;

#[path = "bibtex_case.rs"]
mod case;
#[path = "bibtex_fields.rs"]
mod fields;
#[path = "bibtex_latex.rs"]
mod latex;
#[path = "bibtex_locale.rs"]
mod locale;
#[path = "bibtex_names.rs"]
mod names;
#[path = "bibtex_parse.rs"]
mod parse;

#[cfg(test)]
#[path = "bibtex_tests.rs"]
mod tests;

/// A .bib file's entries as CSL-JSON items.
#[derive(Debug, Clone)]
pub struct Converted {
    /// One item per entry (not `@xdata`), in the file's order; each item's `id` is its key.
    pub items: Vec<Item>,
    pub warnings: Vec<BibWarning>,
}

/// A .bib file that cannot be read: where (a byte offset into the text) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BibError {
    pub offset: usize,
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// Something read, but probably not as meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BibWarning {
    pub offset: usize,
    pub message: String,
}

impl std::fmt::Display for BibError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BibError {}

/// A .bib file's entries as CSL-JSON items, as pandoc reads them. `lang` is the book's language
/// (BCP 47, e.g. "id-ID", "tr", "en-US"): entries without their own `langid`/`language` take it.
pub fn to_csl(text: &str, lang: &str) -> Result<Converted, BibError> {
    let locale = locale::Locale::new(lang);
    let (entries, mut warnings) = parse::parse(text, &locale)?;
    let resolved = resolve(&entries, &mut warnings);
    let items = entries
        .iter()
        .zip(resolved)
        .filter(|(entry, _)| entry.kind != "xdata")
        .map(|(entry, fields)| {
            let mut item = fields::convert(entry, &fields, &locale, &mut warnings);
            item.insert("id".into(), fields::string(entry.key.clone()));
            Item(item)
        })
        .collect();
    Ok(Converted { items, warnings })
}

/// A field after inheritance: its LaTeX and where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    value: String,
    offset: usize,
}

type Fields = BTreeMap<String, Field>;

/// Each entry's fields with what it inherits through `xdata` and `crossref`, as pandoc does it:
/// the entry's own fields win, then its `xdata` entries' (a later one over an earlier one), then
/// its `crossref` parent's, grandparent's and so on, each ancestor's fields renamed by biblatex's
/// rules for that ancestor's type and the entry's type (a book's `title` is an `@inbook`'s
/// `booktitle`, an `@mvbook`'s its `maintitle`).
fn resolve(entries: &[parse::RawEntry], warnings: &mut Vec<BibWarning>) -> Vec<Fields> {
    let index: HashMap<&str, usize> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key.as_str(), i))
        .collect();
    (0..entries.len())
        .map(|i| {
            let mut fields = Fields::new();
            let mut path = Vec::new();
            collect(
                i,
                &entries[i].kind,
                None,
                entries,
                &index,
                &mut fields,
                &mut path,
                warnings,
            );
            fields
        })
        .collect()
}

/// Inheritance deeper than this is cut off (with a warning), so that long chains stay cheap.
const MAX_INHERITANCE: usize = 32;

/// Adds entry `i`'s fields, then its `xdata`'s, then its `crossref` parent's, to `out` where
/// `out` has none yet. `from_kind`: the type of the ancestor whose fields these are (`None` for
/// the entry itself); they are renamed for `target_kind` by it. An `xdata` entry's fields count
/// as the fields of the entry that names it.
#[allow(clippy::too_many_arguments)]
fn collect(
    i: usize,
    target_kind: &str,
    from_kind: Option<&str>,
    entries: &[parse::RawEntry],
    index: &HashMap<&str, usize>,
    out: &mut Fields,
    path: &mut Vec<usize>,
    warnings: &mut Vec<BibWarning>,
) {
    let entry = &entries[i];
    if path.contains(&i) {
        let root = &entries[path[0]];
        warnings.push(BibWarning {
            offset: root.key_offset,
            message: format!(
                "`crossref`/`xdata` of entry `{}` loops back to `{}`; the loop is cut there",
                root.key, entry.key
            ),
        });
        return;
    }
    if path.len() >= MAX_INHERITANCE {
        let root = &entries[path[0]];
        warnings.push(BibWarning {
            offset: root.key_offset,
            message: format!(
                "entry `{}` inherits through more than {MAX_INHERITANCE} `crossref`/`xdata` \
                 levels; the rest is not read",
                root.key
            ),
        });
        return;
    }
    path.push(i);
    for f in entry.fields.iter().rev() {
        match from_kind {
            None => {
                out.entry(f.name.clone()).or_insert_with(|| Field {
                    value: f.value.clone(),
                    offset: f.offset,
                });
            }
            Some(_) if is_never_inherited(&f.name) => {}
            Some(parent_kind) => {
                for target in inherited_names(&f.name, parent_kind, target_kind) {
                    out.entry(target).or_insert_with(|| Field {
                        value: f.value.clone(),
                        offset: f.offset,
                    });
                }
            }
        }
    }
    let lookup = |name: &str, key: &str, out: &mut Vec<BibWarning>, offset: usize| {
        let found = index.get(key).copied();
        if found.is_none() {
            out.push(BibWarning {
                offset,
                message: format!(
                    "entry `{}` has `{name} = {{{key}}}`, which is not in the file",
                    entry.key
                ),
            });
        }
        found
    };
    if let Some(x) = entry.get("xdata") {
        let keys: Vec<&str> = x
            .value
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .collect();
        for key in keys.into_iter().rev() {
            if let Some(j) = lookup("xdata", key, warnings, x.offset) {
                // (Never-inherited fields like `ids` are not taken from xdata either.)
                let kind = Some(from_kind.unwrap_or(target_kind));
                collect(j, target_kind, kind, entries, index, out, path, warnings);
            }
        }
    }
    if let Some(c) = entry.get("crossref") {
        let key = c.value.trim();
        if !key.is_empty()
            && let Some(j) = lookup("crossref", key, warnings, c.offset)
        {
            let parent_kind = entries[j].kind.as_str();
            collect(
                j,
                target_kind,
                Some(parent_kind),
                entries,
                index,
                out,
                path,
                warnings,
            );
        }
    }
    path.pop();
}

fn is_never_inherited(name: &str) -> bool {
    matches!(
        name,
        "ids"
            | "crossref"
            | "xref"
            | "xdata"
            | "entryset"
            | "entrysubtype"
            | "execute"
            | "label"
            | "options"
            | "presort"
            | "related"
            | "relatedoptions"
            | "relatedstring"
            | "relatedtype"
            | "shorthand"
            | "shorthandintro"
            | "sortkey"
    )
}

/// The names a parent's field has in a child, by biblatex's default inheritance rules.
fn inherited_names(name: &str, parent_kind: &str, child_kind: &str) -> Vec<String> {
    let is = |kinds: &[&str], k: &str| kinds.contains(&k);
    const IN_BOOK: &[&str] = &["inbook", "bookinbook", "suppbook"];
    const IN_COLLECTION: &[&str] = &["incollection", "inreference", "suppcollection"];
    let title_to = if is(&["mvbook"], parent_kind)
        && is(&["book", "inbook", "bookinbook", "suppbook"], child_kind)
        || is(&["mvcollection", "mvreference"], parent_kind)
            && is(
                &[
                    "collection",
                    "reference",
                    "incollection",
                    "inreference",
                    "suppcollection",
                ],
                child_kind,
            )
        || is(&["mvproceedings"], parent_kind) && is(&["proceedings", "inproceedings"], child_kind)
    {
        Some("main")
    } else if is(&["book"], parent_kind) && is(IN_BOOK, child_kind)
        || is(&["collection", "reference"], parent_kind) && is(IN_COLLECTION, child_kind)
        || is(&["proceedings"], parent_kind) && is(&["inproceedings"], child_kind)
    {
        Some("book")
    } else if is(&["periodical"], parent_kind) && is(&["article", "suppperiodical"], child_kind) {
        Some("journal")
    } else {
        None
    };
    let author_to_bookauthor = is(&["mvbook", "book"], parent_kind)
        && is(&["book", "inbook", "bookinbook", "suppbook"], child_kind)
        && !(parent_kind == "book" && child_kind == "book");
    match (title_to, name) {
        (Some("journal"), "titleaddon") => Vec::new(),
        (Some(prefix), "title" | "subtitle" | "titleaddon") => vec![format!("{prefix}{name}")],
        (Some(_), "shorttitle" | "sorttitle" | "indextitle" | "indexsorttitle") => Vec::new(),
        (_, "author") if author_to_bookauthor => vec!["author".into(), "bookauthor".into()],
        _ => vec![name.to_string()],
    }
}
