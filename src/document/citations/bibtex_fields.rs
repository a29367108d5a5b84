//! One entry's fields mapped to CSL variables, as pandoc maps them (biblatex mode, pandoc 3.9).

use std::collections::BTreeMap;

use hayagriva::citationberg::json::Value;

use super::case::sentence_case;
use super::inline::{self, Inline, render};
use super::latex::read;
use super::locale::{Locale, language_tag};
use super::names::names;
use super::parse::RawEntry;
use super::{BibWarning, Fields};

#[path = "bibtex_dates.rs"]
mod dates;
#[path = "bibtex_titles.rs"]
mod titles;
use dates::{iso_date_field, issued, year_only};
use titles::{combine, titles};

pub(super) fn string(s: String) -> Value {
    Value::String(s)
}

struct Ctx<'a> {
    entry: &'a RawEntry,
    fields: &'a Fields,
    locale: &'a Locale,
    /// Titles are put in sentence case.
    english: bool,
    warnings: &'a mut Vec<BibWarning>,
}

/// The CSL type for a biblatex entry type.
fn csl_type(kind: &str, ctx: &Ctx) -> &'static str {
    match kind {
        "article" | "periodical" | "suppperiodical" => match ctx.raw("entrysubtype").map(str::trim)
        {
            Some("magazine") => "article-magazine",
            Some("newspaper") => "article-newspaper",
            _ => "article-journal",
        },
        "book" | "mvbook" | "collection" | "mvcollection" | "manual" | "proceedings"
        | "mvproceedings" | "reference" | "mvreference" | "commentary" => "book",
        "inbook" | "bookinbook" | "suppbook" | "incollection" | "suppcollection" => "chapter",
        "booklet" => "pamphlet",
        "dataset" => "dataset",
        "online" | "electronic" | "www" => "webpage",
        "patent" => "patent",
        "inproceedings" => "paper-conference",
        "inreference" => "entry-encyclopedia",
        "report" | "techreport" => "report",
        "software" => "software",
        "thesis" | "mastersthesis" | "phdthesis" => "thesis",
        "unpublished" => {
            if ctx.has("eventtitle") || ctx.has("eventdate") || ctx.has("venue") {
                "speech"
            } else {
                "manuscript"
            }
        }
        "artwork" | "image" => "graphic",
        "audio" | "music" => "song",
        "jurisdiction" => "legal_case",
        "legislation" | "standard" => "legislation",
        "legal" => "treaty",
        "letter" => "personal_communication",
        "movie" | "video" => "motion_picture",
        "performance" => "speech",
        "review" => "review",
        _ => "",
    }
}

/// Parts of a book whose container is the book (`@suppbook` and `@suppcollection` are not, in
/// pandoc: their `maintitle` is their title).
fn is_in_type(kind: &str) -> bool {
    matches!(
        kind,
        "inbook" | "bookinbook" | "incollection" | "inproceedings" | "inreference"
    )
}

/// Types whose `number` is a series number.
fn number_is_collection_number(kind: &str) -> bool {
    matches!(
        kind,
        "book"
            | "mvbook"
            | "inbook"
            | "bookinbook"
            | "suppbook"
            | "collection"
            | "mvcollection"
            | "incollection"
            | "suppcollection"
            | "proceedings"
            | "mvproceedings"
            | "inproceedings"
            | "reference"
            | "mvreference"
            | "inreference"
    )
}

impl Ctx<'_> {
    fn raw(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|f| f.value.as_str())
    }

    fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// A field's LaTeX read (and trimmed).
    fn inl(&mut self, name: &str) -> Option<Vec<Inline>> {
        let field = self.fields.get(name)?;
        match read(&field.value) {
            Some(inlines) => Some(inline::trim(inlines)),
            None => {
                self.warnings.push(BibWarning {
                    offset: field.offset,
                    message: format!(
                        "field `{name}` of entry `{}` has a `$` that is never closed; pandoc \
                         leaves the field out, and so does terbit",
                        self.entry.key
                    ),
                });
                None
            }
        }
    }

    /// A title-like field: in sentence case in English entries.
    /// A title-like field: in sentence case in English entries, with its brace groups kept from
    /// case changes; in others, not (as pandoc does it).
    fn title_inl(&mut self, name: &str) -> Option<Vec<Inline>> {
        let mut inl = self.inl(name)?;
        if self.english {
            sentence_case(&mut inl);
        } else {
            inline::unprotect(&mut inl);
        }
        Some(inl)
    }

    fn text(&mut self, name: &str) -> Option<String> {
        self.inl(name).map(|i| render(&i))
    }

    /// Words that are biblatex localization keys (`newseries`, `and`) stand for the language's
    /// strings (pandoc does this to `series` and `pubstate`, word by word).
    fn localized(&mut self, name: &str) -> Option<Vec<Inline>> {
        let mut inl = self.inl(name)?;
        for inline in &mut inl {
            if let Inline::Str(word) = inline
                && let Some(term) = self.locale.term(word)
            {
                *word = term.to_string();
            }
        }
        Some(inl)
    }
}

pub(super) fn convert(
    entry: &RawEntry,
    fields: &Fields,
    locale: &Locale,
    warnings: &mut Vec<BibWarning>,
) -> BTreeMap<String, Value> {
    let mut ctx = Ctx {
        entry,
        fields,
        locale,
        english: false,
        warnings,
    };
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    let kind = entry.kind.as_str();

    // Language: `langid` (or `hyphenation`); English entries in English books get sentence case.
    let langid = ctx
        .raw("langid")
        .or_else(|| ctx.raw("hyphenation"))
        .map(str::to_string);
    let mut lang_tag = langid.as_deref().map(|l| language_tag(l.trim()));
    if langid
        .as_deref()
        .is_some_and(|l| l.trim().eq_ignore_ascii_case("english"))
        && matches!(
            ctx.raw("langidopts"),
            Some("variant=british" | "variant=uk" | "variant=australian" | "variant=newzealand")
        )
    {
        lang_tag = Some("en-GB".into());
    }
    ctx.english = locale.english
        && lang_tag
            .as_deref()
            .is_none_or(|t| t.to_ascii_lowercase().starts_with("en"));
    if let Some(tag) = lang_tag {
        out.insert("language".into(), string(tag));
    }

    let csl = csl_type(kind, &ctx);
    if csl.is_empty() && !matches!(kind, "misc" | "set" | "conference" | "bibnote") {
        let hint = match kind {
            "webpage" | "website" | "web" | "url" => "; web pages are `@online`",
            _ => "",
        };
        ctx.warnings.push(BibWarning {
            offset: entry.key_offset,
            message: format!(
                "`@{kind}` (entry `{}`) is no BibLaTeX entry type: it is read as a generic entry, as \
                 pandoc reads it{hint}",
                entry.key
            ),
        });
    }
    out.insert("type".into(), string(csl.to_string()));

    titles(&mut ctx, kind, &mut out);
    let periodical = kind == "periodical";

    // Names. With biblatex's `useprefix`, "van" in "van Gennep" is part of the family name.
    let useprefix = ctx.raw("options").is_some_and(|o| {
        o.split(',').any(|opt| {
            let mut kv = opt.splitn(2, '=');
            let key = kv.next().unwrap_or("").trim();
            let value = kv.next().map(str::trim);
            key == "useprefix" && value.is_none_or(|v| v.eq_ignore_ascii_case("true"))
        })
    });
    let names = |inl: &[Inline]| names(inl, useprefix);
    // An `editor` of `editortype = director` is the director (and a `director` field is then
    // not used).
    let editor_is_director = ctx.raw("editortype").map(str::trim) == Some("director");
    for (field, var) in [
        ("author", "author"),
        ("translator", "translator"),
        ("bookauthor", "container-author"),
    ] {
        if let Some(inl) = ctx.inl(field) {
            let list = names(&inl);
            if !list.is_empty() {
                out.insert(var.into(), Value::Names(list));
            }
        }
    }
    let (editor_var, director_field) = if editor_is_director {
        ("director", None)
    } else {
        ("editor", ctx.inl("director"))
    };
    if let Some(inl) = ctx.inl("editor") {
        let list = names(&inl);
        if !list.is_empty() {
            out.insert(editor_var.into(), Value::Names(list));
        }
    }
    if let Some(inl) = director_field {
        let list = names(&inl);
        if !list.is_empty() {
            out.insert("director".into(), Value::Names(list));
        }
    }

    // Dates.
    if let Some(d) = issued(&mut ctx) {
        out.insert("issued".into(), Value::Date(d));
    }
    for (field, var) in [("urldate", "accessed"), ("eventdate", "event-date")] {
        if let Some(d) = iso_date_field(&mut ctx, field, None) {
            out.insert(var.into(), Value::Date(d));
        }
    }
    let orig = match iso_date_field(&mut ctx, "origdate", Some("origyear")) {
        Some(d) => Some(d),
        None => year_only(&mut ctx, "origyear"),
    };
    if let Some(d) = orig {
        out.insert("original-date".into(), Value::Date(d));
    }

    // Publisher: school, institution, organization, howpublished and publisher, each a list.
    let mut publishers = Vec::new();
    for field in [
        "school",
        "institution",
        "organization",
        "howpublished",
        "publisher",
    ] {
        if let Some(inl) = ctx.inl(field) {
            if field == "howpublished" {
                publishers.push(render(&inl));
            } else {
                publishers.extend(list_items(&inl));
            }
        }
    }
    if !publishers.is_empty() {
        out.insert("publisher".into(), string(publishers.join("; ")));
    }
    let place_field = if ctx.has("address") {
        "address"
    } else {
        "location"
    };
    if kind == "patent" {
        if let Some(inl) = ctx.localized_list("location") {
            out.insert("jurisdiction".into(), string(inl));
        }
        if ctx.has("address")
            && let Some(inl) = ctx.inl("address")
        {
            out.insert(
                "publisher-place".into(),
                string(list_items(&inl).join("; ")),
            );
        }
    } else if let Some(inl) = ctx.inl(place_field) {
        out.insert(
            "publisher-place".into(),
            string(list_items(&inl).join("; ")),
        );
    }
    if let Some(inl) = ctx.inl("origpublisher") {
        out.insert(
            "original-publisher".into(),
            string(list_items(&inl).join("; ")),
        );
    }
    if let Some(inl) = ctx.inl("origlocation") {
        out.insert(
            "original-publisher-place".into(),
            string(list_items(&inl).join("; ")),
        );
    }

    // Events.
    if let Some(t) = ctx.title_inl("eventtitle") {
        out.insert("event".into(), string(render(&t)));
    }
    if let Some(v) = ctx.text("venue") {
        out.insert("event-place".into(), string(v));
    }

    // Series, numbers.
    if let Some(series) = series(&mut ctx) {
        out.insert("collection-title".into(), string(series));
    }
    let volume = ctx.text("volume");
    let part = ctx.text("part");
    let volume = match (volume, part) {
        (Some(v), Some(p)) => Some(format!("{v}.{p}")),
        (v, p) => v.or(p),
    };
    if let Some(v) = volume {
        out.insert("volume".into(), string(v));
    }
    let number = ctx.text("number");
    if matches!(kind, "article" | "periodical" | "suppperiodical" | "review") {
        // `issue` is added to a `number`, never used alone.
        let issue = match (number, ctx.text("issue")) {
            (Some(n), Some(i)) => Some(format!("{n}, {i}")),
            (n, _) => n,
        };
        if let Some(i) = issue {
            out.insert("issue".into(), string(i));
        }
    } else if let Some(n) = number {
        let var = if number_is_collection_number(kind) {
            "collection-number"
        } else {
            "number"
        };
        out.insert(var.into(), string(n));
    }
    if let Some(p) = ctx.text("pages") {
        out.insert("page".into(), string(p.replace('\u{2013}', "-")));
    }
    for (field, var) in [
        ("pagetotal", "number-of-pages"),
        ("volumes", "number-of-volumes"),
        ("edition", "edition"),
        ("version", "version"),
        ("chapter", "chapter-number"),
        ("abstract", "abstract"),
        ("keywords", "keyword"),
    ] {
        if let Some(t) = ctx.text(field) {
            out.insert(var.into(), string(t));
        }
    }
    if let Some(t) = if ctx.has("annotation") {
        ctx.text("annotation")
    } else {
        ctx.text("annote")
    } {
        out.insert("annote".into(), string(t));
    }
    // Genre: `type` (a localization key or text); @phdthesis and @mastersthesis have their own.
    let genre = if let Some(raw) = ctx.raw("type") {
        // As written, LaTeX and all, unless it is a localization key.
        Some(
            locale
                .term(raw)
                .map_or_else(|| raw.to_string(), str::to_string),
        )
    } else {
        match kind {
            "phdthesis" => locale
                .term("phdthesis")
                .map(str::to_string)
                .or(Some("phdthesis".into())),
            "mastersthesis" => locale
                .term("mathesis")
                .map(str::to_string)
                .or(Some("mathesis".into())),
            _ => None,
        }
    };
    if let Some(g) = genre {
        out.insert("genre".into(), string(g));
    }
    if let Some(s) = ctx.localized("pubstate") {
        out.insert("status".into(), string(render(&s)));
    }
    // Notes.
    // A periodical's `note` is not used.
    let note_field = if periodical { None } else { ctx.inl("note") };
    let note = match (note_field, ctx.inl("addendum")) {
        (Some(n), a) => combine(Some(n), None, a),
        (None, a) => a,
    };
    if let Some(n) = note {
        out.insert("note".into(), string(render(&n)));
    }

    // Identifiers, as written.
    for (field, var) in [
        ("library", "call-number"),
        ("ids", "other-ids"),
        ("doi", "DOI"),
        ("isbn", "ISBN"),
        ("issn", "ISSN"),
        ("pmid", "PMID"),
        ("pmcid", "PMCID"),
    ] {
        if let Some(v) = ctx.raw(field).map(str::trim).filter(|v| !v.is_empty()) {
            out.insert(var.into(), string(v.to_string()));
        }
    }
    if let Some(url) = url(&ctx) {
        out.insert("URL".into(), string(url));
    }
    out
}

impl Ctx<'_> {
    /// A list field (`location = {A and B}`), each item possibly a localization key.
    fn localized_list(&mut self, name: &str) -> Option<String> {
        let inl = self.inl(name)?;
        let items: Vec<String> = split_list(&inl)
            .into_iter()
            .map(|item| match item {
                [Inline::Str(key)] => self
                    .locale
                    .term(key)
                    .map_or_else(|| key.clone(), str::to_string),
                other => render(other),
            })
            .collect();
        Some(items.join("; "))
    }
}

/// A list field's items: split at ` and `.
fn split_list(inlines: &[Inline]) -> Vec<&[Inline]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 1;
    while i + 1 < inlines.len() {
        if inlines[i - 1] == Inline::Space
            && matches!(&inlines[i], Inline::Str(s) if s == "and")
            && inlines[i + 1] == Inline::Space
        {
            out.push(&inlines[start..i - 1]);
            start = i + 2;
            i += 3;
        } else {
            i += 1;
        }
    }
    out.push(&inlines[start..]);
    out
}

fn list_items(inlines: &[Inline]) -> Vec<String> {
    split_list(inlines).into_iter().map(render).collect()
}

/// `series`: a localization key (`newseries`), an ordinal (`3` is "3rd series"), or a title.
fn series(ctx: &mut Ctx) -> Option<String> {
    let raw = ctx.raw("series")?.trim().to_string();
    let digits = raw.strip_prefix('-').unwrap_or(&raw);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let term = ctx.locale.term("jourser").unwrap_or("jourser");
        return Some(format!("{} {term}", ctx.locale.ordinal(&raw)));
    }
    let mut inl = ctx.localized("series")?;
    if ctx.english {
        sentence_case(&mut inl);
    } else {
        inline::unprotect(&mut inl);
    }
    Some(render(&inl))
}

fn url(ctx: &Ctx) -> Option<String> {
    if let Some(u) = ctx.raw("url") {
        return Some(u.to_string());
    }
    let eprint = ctx.raw("eprint")?;
    let kind = ctx
        .raw("eprinttype")
        .or_else(|| ctx.raw("archiveprefix"))?
        .to_lowercase();
    let base = match kind.as_str() {
        "arxiv" => "https://arxiv.org/abs/",
        "pubmed" => "https://www.ncbi.nlm.nih.gov/pubmed/",
        "jstor" => "https://www.jstor.org/stable/",
        "googlebooks" => "https://books.google.com?id=",
        _ => return None,
    };
    Some(format!("{base}{eprint}"))
}
