//! Dates as pandoc reads them: `date` (biblatex's ISO form, ranges with `/`, `~` for circa),
//! else `year` with `month` and `day`; `urldate`, `eventdate`, `origdate` (else `origyear`).

use hayagriva::citationberg::json::{DateValue, VecDate, VecDateRange};

use super::super::BibWarning;
use super::super::inline::{self, stringify};
use super::super::latex::read;
use super::Ctx;

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
pub(super) fn issued(ctx: &mut Ctx) -> Option<DateValue> {
    if ctx.has("date") {
        let date = iso_date_field(ctx, "date", Some("year"));
        if date.is_some() || !ctx.has("year") {
            return date;
        }
    }
    let raw = ctx.raw("year")?.trim().to_string();
    let Some(y) = year_number(&raw) else {
        return Some(literal_date(raw));
    };
    let mut parts = vec![y];
    match ctx.raw("month").map(|m| (m, month(m))) {
        Some((_, Some(m))) => {
            parts.push(m);
            if let Some(d) = ctx.raw("day").and_then(|d| parse_int(d.trim())) {
                parts.push(d);
            }
        }
        Some((raw, None)) => {
            let raw = raw.trim().to_string();
            if let Some(f) = ctx.fields.get("month") {
                let message = format!(
                    "`month` of entry `{}` is `{raw}`, not a month pandoc reads (a number, or \
                     jan, feb, …; a bare `may` is the book language's word for May); the date \
                     has the year only",
                    ctx.entry.key
                );
                ctx.warnings.push(BibWarning {
                    offset: f.offset,
                    message,
                });
            }
        }
        None => {}
    }
    Some(date_parts(vec![parts]))
}

pub(super) fn year_only(ctx: &mut Ctx, field: &str) -> Option<DateValue> {
    let raw = ctx.raw(field)?.trim().to_string();
    match year_number(&raw) {
        Some(y) => Some(date_parts(vec![vec![y]])),
        None => Some(literal_date(raw)),
    }
}

/// A year's number: the text of its LaTeX (`{2001}` is 2001); else the year is kept as written.
fn year_number(raw: &str) -> Option<i16> {
    let text = read(raw).map(|i| stringify(&inline::trim(i)))?;
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
/// `fallback`: the field used instead when this one cannot be read (for the warning).
pub(super) fn iso_date_field(
    ctx: &mut Ctx,
    field: &str,
    fallback: Option<&str>,
) -> Option<DateValue> {
    let f = ctx.fields.get(field)?;
    let raw = f.value.trim();
    match iso_date(raw) {
        Some(d) => Some(d),
        None => {
            let instead = match fallback {
                Some(other) if ctx.fields.contains_key(other) => {
                    format!("`{other}` is used instead")
                }
                _ => "it is left out".to_string(),
            };
            let message = format!(
                "`{field} = {{{raw}}}` in entry `{}` is not a date pandoc reads (YYYY, YYYY-MM or \
                 YYYY-MM-DD, ranges with `/`); {instead}",
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
