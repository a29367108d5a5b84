//! BibLaTeX/BibTeX files read into CSL-JSON items, giving the CSL data pandoc's own .bib reader
//! gives (pandoc 3.9, `.bib` read as BibLaTeX; learnt by experiment, not from pandoc's code), so
//! that citations rendered from them match `pandoc --citeproc`: entry types, which field becomes
//! the publisher, names with particles and suffixes, dates, sentence-cased titles for English
//! entries, LaTeX accents and commands, `@string`, `crossref` and `xdata` inheritance, and the
//! localized strings pandoc puts in `genre` (`@phdthesis` is a "doktora tezi" in a Turkish book).
//!
//! Text values are CSL-JSON rich text, as in pandoc's CSL-JSON: `<i>`, `<b>`, `<sup>`, `<sub>`,
//! `<u>`, `<span style="font-variant:small-caps;">`, curly quotation marks, math as `$…$` (TeX),
//! other text unescaped. Italics in italics are nested `<i>` (pandoc writes a
//! `font-style:normal` span, which pandoc itself then cannot read back). One addition:
//! a brace group is `<span class="nocase">…</span>`. pandoc's citeproc keeps such groups from case
//! changes (a Chicago title-cased title keeps `{DNA}` and a double-braced title as written) but
//! its CSL-JSON writer drops them; with them, pandoc renders these items as it renders the .bib
//! file. (Not in titles pandoc did not put in sentence case, those of entries that are not
//! English or in a book that is not: there pandoc lets a style change the case of brace groups
//! too, and they are plain text here.)
//!
//! Where terbit parts from pandoc on purpose: a key used twice is an error (pandoc takes the
//! last entry); `crossref`/`xdata` loops are cut with a warning (pandoc does not finish);
//! entries in parentheses (`@book(key, …)`) and without fields (`@book{key}`) are read (pandoc
//! refuses the file).
//!
//! The pieces: `parse` reads the file's syntax; `latex` a field's LaTeX (with `builder`, its
//! stack of open groups, and `commands`, the commands it knows) into `inline`s, which are
//! written as CSL-JSON text; `names` splits name lists, `case` puts titles in sentence case,
//! `fields` maps an entry's fields to CSL variables, `locale` holds what depends on the book's
//! language.

use std::collections::{BTreeMap, HashMap};

use hayagriva::citationberg::json::Item;

#[path = "bibtex_latex_builder.rs"]
mod builder;
#[path = "bibtex_case.rs"]
mod case;
#[path = "bibtex_latex_commands.rs"]
mod commands;
#[path = "bibtex_fields.rs"]
mod fields;
#[path = "bibtex_inline.rs"]
mod inline;
#[path = "bibtex_latex.rs"]
mod latex;
#[path = "bibtex_locale.rs"]
mod locale;
#[path = "bibtex_math.rs"]
mod math;
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
///
/// As in pandoc: titles are put in sentence case only in an English book, and only for entries
/// whose `langid` (or `hyphenation`) is English or absent (the `language` field plays no part);
/// biblatex keys in `type`, `series` and `pubstate` (`phdthesis`, `newseries`) and bare words
/// that are no `@string` (`month = may`) become the book language's strings (English and
/// Turkish; pandoc has none for Indonesian, where the key stays).
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
    let mut r = Resolver {
        entries,
        index,
        warnings,
        path: Vec::new(),
        visits: 0,
    };
    (0..entries.len())
        .map(|i| {
            let mut fields = Fields::new();
            r.path.clear();
            r.visits = 0;
            r.collect(i, &entries[i].kind, None, &mut fields);
            fields
        })
        .collect()
}

/// Inheritance deeper than this, or from more entries than this, is cut off (with a warning), so
/// that long chains and wide `xdata` lists stay cheap.
const MAX_INHERITANCE: usize = 32;

struct Resolver<'a, 'w> {
    entries: &'a [parse::RawEntry],
    index: HashMap<&'a str, usize>,
    warnings: &'w mut Vec<BibWarning>,
    /// The entries being collected from, the entry itself first.
    path: Vec<usize>,
    /// Entries collected from for the current entry.
    visits: usize,
}

impl Resolver<'_, '_> {
    /// Adds entry `i`'s fields, then its `xdata`'s, then its `crossref` parent's, to `out` where
    /// `out` has none yet. `from_kind`: the type of the ancestor whose fields these are (`None`
    /// for the entry itself); they are renamed for `target_kind` by it. An `xdata` entry's
    /// fields count as the fields of the entry that names it.
    fn collect(&mut self, i: usize, target_kind: &str, from_kind: Option<&str>, out: &mut Fields) {
        let entries = self.entries;
        let entry = &entries[i];
        let root = &entries[self.path.first().copied().unwrap_or(i)];
        if self.path.contains(&i) {
            // Reported once, by the entries of the loop themselves.
            if self.path[0] == i {
                self.warnings.push(BibWarning {
                    offset: root.key_offset,
                    message: format!(
                        "`crossref`/`xdata` of entry `{}` loops back to it; the loop is cut there",
                        root.key
                    ),
                });
            }
            return;
        }
        if self.path.len() >= MAX_INHERITANCE || self.visits >= MAX_INHERITANCE {
            if self.visits == MAX_INHERITANCE {
                self.warnings.push(BibWarning {
                    offset: root.key_offset,
                    message: format!(
                        "entry `{}` inherits from more than {MAX_INHERITANCE} entries through \
                         `crossref`/`xdata`; the rest is not read",
                        root.key
                    ),
                });
            }
            self.visits += 1;
            return;
        }
        self.visits += 1;
        self.path.push(i);
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
        if let Some(x) = entry.get("xdata") {
            let keys: Vec<&str> = x
                .value
                .split(',')
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .collect();
            for key in keys.into_iter().rev() {
                if let Some(j) = self.lookup(i, "xdata", key, x.offset) {
                    // (Never-inherited fields like `ids` are not taken from xdata either.)
                    let kind = Some(from_kind.unwrap_or(target_kind));
                    self.collect(j, target_kind, kind, out);
                }
            }
        }
        if let Some(c) = entry.get("crossref") {
            let key = c.value.trim();
            if !key.is_empty()
                && let Some(j) = self.lookup(i, "crossref", key, c.offset)
            {
                let parent_kind = entries[j].kind.as_str();
                self.collect(j, target_kind, Some(parent_kind), out);
            }
        }
        self.path.pop();
    }

    /// The entry `i` names in its `crossref` or `xdata`; a warning (once, for `i` itself) if
    /// there is none.
    fn lookup(&mut self, i: usize, field: &str, key: &str, offset: usize) -> Option<usize> {
        let found = self.index.get(key).copied();
        if found.is_none() && self.path.len() == 1 {
            self.warnings.push(BibWarning {
                offset,
                message: format!(
                    "entry `{}` takes fields from `{key}` (`{field}`), but there is no entry `{key}`",
                    self.entries[i].key
                ),
            });
        }
        found
    }
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
