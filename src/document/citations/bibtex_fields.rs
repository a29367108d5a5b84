//! One entry's fields mapped to CSL variables, as pandoc maps them (biblatex mode, pandoc 3.9).

use std::collections::BTreeMap;

use hayagriva::citationberg::json::{DateValue, Value, VecDate, VecDateRange};

use super::case::sentence_case;
use super::latex::{self, Inline, read, render, stringify};
use super::locale::{Locale, language_tag};
use super::names::names;
use super::parse::RawEntry;
use super::{BibWarning, Fields};

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
            Some(inlines) => Some(latex::trim(inlines)),
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
    fn title_inl(&mut self, name: &str) -> Option<Vec<Inline>> {
        let mut inl = self.inl(name)?;
        if self.english {
            sentence_case(&mut inl);
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

/// `main: sub. addon`, without a second mark where a part already ends in one.
fn combine(
    main: Option<Vec<Inline>>,
    sub: Option<Vec<Inline>>,
    addon: Option<Vec<Inline>>,
) -> Option<Vec<Inline>> {
    let mut out = main?;
    for (part, mark) in [(sub, ":"), (addon, ".")] {
        if let Some(part) = part {
            join(&mut out, part, mark);
        }
    }
    Some(out)
}

fn join(out: &mut Vec<Inline>, part: Vec<Inline>, mark: &str) {
    if out.is_empty() {
        *out = part;
        return;
    }
    if part.is_empty() {
        return;
    }
    let ends_in_mark = matches!(out.last(), Some(Inline::Str(s))
        if s.ends_with(['.', ':', ';', ',', '!', '?']));
    if !ends_in_mark {
        match out.last_mut() {
            Some(Inline::Str(s)) => s.push_str(mark),
            _ => out.push(Inline::Str(mark.to_string())),
        }
    }
    out.push(Inline::Space);
    out.extend(part);
}

/// The part of a title before its first colon outside braces.
fn before_colon(title: &[Inline]) -> Option<Vec<Inline>> {
    for (i, inline) in title.iter().enumerate() {
        if let Inline::Str(s) = inline
            && let Some(at) = s.find(':')
        {
            let mut short = title[..i].to_vec();
            if at > 0 {
                short.push(Inline::Str(s[..at].to_string()));
            }
            return Some(short);
        }
    }
    None
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
    out.insert("type".into(), string(csl.to_string()));

    // Titles. Each part (main title, subtitle, addition) is taken from the first field that has
    // it, so a maintitle's subtitle can come from `subtitle`, as in pandoc.
    let in_type = is_in_type(kind);
    let periodical = kind == "periodical";
    let has_main = ctx.has("maintitle");
    let t = |ctx: &mut Ctx, names: &[&str]| names.iter().find_map(|n| ctx.title_inl(n));
    let title_field = ctx.title_inl("title");
    let subtitle = ctx.title_inl("subtitle");
    let titleaddon = ctx.title_inl("titleaddon");
    let own_title = combine(title_field.clone(), subtitle.clone(), titleaddon.clone());
    // A periodical's issue title comes first, then a maintitle (whose parts come first), then the
    // title.
    let (mains, subs, addons): (&[&str], &[&str], &[&str]) = match (periodical, has_main) {
        (true, true) => (
            &["issuetitle", "maintitle"],
            &["issuesubtitle", "mainsubtitle", "subtitle"],
            &["maintitleaddon", "titleaddon"],
        ),
        (true, false) => (
            &["issuetitle", "title"],
            &["issuesubtitle", "subtitle"],
            &["titleaddon"],
        ),
        (false, true) => (
            &["maintitle"],
            &["mainsubtitle", "subtitle"],
            &["maintitleaddon", "titleaddon"],
        ),
        (false, false) => (&["title"], &["subtitle"], &["titleaddon"]),
    };
    let title = if in_type {
        own_title.clone()
    } else {
        combine(t(&mut ctx, mains), t(&mut ctx, subs), t(&mut ctx, addons))
    };
    if let Some(t) = &title {
        out.insert("title".into(), string(render(t)));
    }
    if has_main {
        let volume = if in_type {
            combine(
                ctx.title_inl("booktitle"),
                ctx.title_inl("booksubtitle"),
                ctx.title_inl("booktitleaddon"),
            )
        } else {
            own_title.clone()
        };
        if let Some(v) = volume {
            out.insert("volume-title".into(), string(render(&v)));
        }
    }
    // The container: an @inbook's book, an article's journal, a periodical's own title (journal
    // titles are never put in sentence case).
    let plain = |ctx: &mut Ctx, names: &[&str]| names.iter().find_map(|n| ctx.inl(n));
    let container = if in_type {
        combine(
            t(&mut ctx, &["maintitle", "booktitle"])
                .or_else(|| plain(&mut ctx, &["journaltitle", "journal"])),
            t(&mut ctx, &["mainsubtitle", "booksubtitle"])
                .or_else(|| plain(&mut ctx, &["journalsubtitle"])),
            t(&mut ctx, &["maintitleaddon", "booktitleaddon"]),
        )
    } else if periodical {
        combine(
            plain(&mut ctx, &["title", "journaltitle", "journal"]),
            plain(&mut ctx, &["subtitle", "journalsubtitle"]),
            plain(&mut ctx, &["titleaddon"]),
        )
    } else {
        combine(
            plain(&mut ctx, &["journaltitle", "journal"]),
            plain(&mut ctx, &["journalsubtitle"]),
            None,
        )
    };
    if let Some(c) = container {
        out.insert("container-title".into(), string(render(&c)));
    }
    let short_container = if periodical && !has_main {
        plain(&mut ctx, &["shorttitle", "shortjournal"])
    } else {
        ctx.inl("shortjournal")
    };
    if let Some(s) = short_container {
        out.insert("container-title-short".into(), string(render(&s)));
    }
    // The short title: `shorttitle`, else the title before its colon, else the title field when
    // the title has more (a subtitle). With a maintitle, only an @inbook's `shorttitle` and the
    // title field's part before a colon count.
    let colon = title_field.as_deref().and_then(before_colon);
    let short = if has_main {
        if in_type {
            ctx.title_inl("shorttitle").or(colon)
        } else {
            colon
        }
    } else {
        let more =
            subtitle.is_some() || titleaddon.is_some() || periodical && ctx.has("issuesubtitle");
        ctx.title_inl("shorttitle")
            .or(colon)
            .or_else(|| title_field.clone().filter(|_| more))
    };
    if let Some(s) = short {
        out.insert("title-short".into(), string(render(&s)));
    }
    if let Some(t) = ctx.title_inl("origtitle") {
        out.insert("original-title".into(), string(render(&t)));
    }

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
        if let Some(d) = iso_date_field(&mut ctx, field) {
            out.insert(var.into(), Value::Date(d));
        }
    }
    let orig = match iso_date_field(&mut ctx, "origdate") {
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
        if let Some(v) = ctx.raw(field) {
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

fn date_parts(parts: Vec<Vec<i16>>) -> DateValue {
    DateValue::DateParts {
        date_parts: VecDateRange(parts.into_iter().map(VecDate).collect()),
        literal: None,
        season: None,
        circa: false,
    }
}

fn literal_date(s: String) -> DateValue {
    DateValue::DateParts {
        date_parts: VecDateRange(Vec::new()),
        literal: Some(s),
        season: None,
        circa: false,
    }
}

/// `issued`: `date`, else `year` (a number, or kept as text) with `month` and `day`.
fn issued(ctx: &mut Ctx) -> Option<DateValue> {
    if ctx.has("date") {
        let date = iso_date_field(ctx, "date");
        if date.is_some() || !ctx.has("year") {
            return date;
        }
    }
    let raw = ctx.raw("year")?.trim().to_string();
    let Some(y) = year_number(&raw) else {
        return Some(literal_date(raw));
    };
    let mut parts = vec![y];
    if let Some(m) = ctx.raw("month").and_then(month) {
        parts.push(m);
        if let Some(d) = ctx.raw("day").and_then(|d| parse_int(d.trim())) {
            parts.push(d);
        }
    }
    Some(date_parts(vec![parts]))
}

fn year_only(ctx: &mut Ctx, field: &str) -> Option<DateValue> {
    let raw = ctx.raw(field)?.trim().to_string();
    match year_number(&raw) {
        Some(y) => Some(date_parts(vec![vec![y]])),
        None => Some(literal_date(raw)),
    }
}

/// A year's number: the text of its LaTeX (`{2001}` is 2001); else the year is kept as written.
fn year_number(raw: &str) -> Option<i16> {
    let text = read(raw).map(|i| stringify(&latex::trim(i)))?;
    parse_int(text.trim())
}

fn parse_int(s: &str) -> Option<i16> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `month`: a number or a three-letter English abbreviation, as written (`{July}` is no month).
fn month(raw: &str) -> Option<i16> {
    let m = raw.trim().to_lowercase();
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if let Some(i) = NAMES.iter().position(|n| *n == m) {
        return Some(i as i16 + 1);
    }
    parse_int(&m)
}

/// A biblatex date (`2020-07-04`, `2020-07/2020-08`, `2020~`); pandoc leaves out what it cannot read.
fn iso_date_field(ctx: &mut Ctx, field: &str) -> Option<DateValue> {
    let f = ctx.fields.get(field)?;
    let raw = f.value.trim();
    match iso_date(raw) {
        Some(d) => Some(d),
        None => {
            let message = format!(
                "`{field} = {{{raw}}}` in entry `{}` is not a date pandoc reads (YYYY, YYYY-MM or \
                 YYYY-MM-DD, ranges with `/`); it is left out",
                ctx.entry.key
            );
            ctx.warnings.push(BibWarning {
                offset: f.offset,
                message,
            });
            None
        }
    }
}

fn iso_date(raw: &str) -> Option<DateValue> {
    if raw.is_empty() {
        return Some(date_parts(vec![vec![0]]));
    }
    let mut circa = false;
    let mut ranges = Vec::new();
    let halves: Vec<&str> = raw.splitn(2, '/').collect();
    for half in &halves {
        if half.is_empty() {
            ranges.push(vec![0]);
            continue;
        }
        let (date, approx) = one_date(half)?;
        circa |= approx;
        ranges.push(date);
    }
    Some(DateValue::DateParts {
        date_parts: VecDateRange(ranges.into_iter().map(VecDate).collect()),
        literal: None,
        season: None,
        circa,
    })
}

/// `YYYY[-MM[-DD]]` with an optional `~`, `?` or `%` and time; negative years count from 1 BC.
fn one_date(s: &str) -> Option<(Vec<i16>, bool)> {
    let s = s.split('T').next().unwrap_or(s);
    let mut approx = false;
    let mut s = s;
    while let Some(rest) = s.strip_suffix(['~', '?', '%']) {
        approx |= s.ends_with(['~', '%']);
        s = rest;
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let mut parts = body.split('-');
    let year = parts.next()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut y: i16 = year.parse().ok()?;
    if neg {
        y = -y - 1;
    }
    let mut out = vec![y];
    for p in parts {
        if p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()) || out.len() >= 3 {
            return None;
        }
        out.push(p.parse().ok()?);
    }
    Some((out, approx))
}
