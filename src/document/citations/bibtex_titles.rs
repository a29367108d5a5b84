//! Titles as pandoc builds them: title, subtitle and addition joined ("Title: Subtitle.
//! Addition"), a maintitle that becomes the title (the entry's own title the volume's), the book
//! or journal a part is in, and short titles.

use std::collections::BTreeMap;

use hayagriva::citationberg::json::Value;

use super::super::inline::{Inline, render};
use super::{Ctx, is_in_type, string};

/// Sets `title`, `volume-title`, `container-title`, their short forms and `original-title`.
pub(super) fn titles(ctx: &mut Ctx, kind: &str, out: &mut BTreeMap<String, Value>) {
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
        combine(t(ctx, mains), t(ctx, subs), t(ctx, addons))
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
            t(ctx, &["maintitle", "booktitle"])
                .or_else(|| plain(ctx, &["journaltitle", "journal"])),
            t(ctx, &["mainsubtitle", "booksubtitle"]).or_else(|| plain(ctx, &["journalsubtitle"])),
            t(ctx, &["maintitleaddon", "booktitleaddon"]),
        )
    } else if periodical {
        combine(
            plain(ctx, &["title", "journaltitle", "journal"]),
            plain(ctx, &["subtitle", "journalsubtitle"]),
            plain(ctx, &["titleaddon"]),
        )
    } else {
        combine(
            plain(ctx, &["journaltitle", "journal"]),
            plain(ctx, &["journalsubtitle"]),
            None,
        )
    };
    if let Some(c) = container {
        out.insert("container-title".into(), string(render(&c)));
    }
    let short_container = if periodical && !has_main {
        plain(ctx, &["shorttitle", "shortjournal"])
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
}

/// `main: sub. addon`, without a second mark where a part already ends in one.
pub(super) fn combine(
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
