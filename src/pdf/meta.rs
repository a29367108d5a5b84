//! The document-level objects: the Info dictionary, XMP metadata (which archives and catalogues
//! read), the nested outline (bookmarks by heading level) and the catalog with the document
//! language (`/Lang`, which screen readers and `pdfinfo` read) and the title shown in the
//! viewer's window instead of the file name.

use crate::document::Book;
use crate::typeset::OutlineEntry;

use pdf_writer::types::NumberingStyle;
use pdf_writer::{Ref, TextStr};

use super::writer::Writer;

/// The document's title, as the Info dictionary and the XMP give it: the title, and the
/// subtitle after a colon.
fn title(book: &Book) -> String {
    let meta = &book.meta;
    match &meta.subtitle {
        Some(sub) => format!("{}: {sub}", meta.title),
        None => meta.title.clone(),
    }
}

/// What made the PDF, as the Info dictionary and the XMP name it.
fn producer() -> String {
    format!("terbit {}", env!("CARGO_PKG_VERSION"))
}

/// `seconds` since 1970 as a UTC date and time (see `reproducible::calendar`), the year kept
/// within four digits: the dates of the Info dictionary and the XMP, which must agree.
fn calendar(seconds: i64) -> (u16, u8, u8, u8, u8, u8) {
    let (year, month, day, hour, minute, second) = crate::reproducible::calendar(seconds);
    (year.clamp(0, 9999) as u16, month, day, hour, minute, second)
}

/// Write the Info dictionary as object `id`, dated `seconds` since 1970 UTC (the build time;
/// see `reproducible`).
pub fn info(w: &mut Writer, id: u32, book: &Book, seconds: i64) {
    let meta = &book.meta;
    let title = title(book);
    let authors: Vec<&str> = meta.authors.iter().map(|a| a.name()).collect();
    let (year, month, day, hour, minute, second) = calendar(seconds);
    let date = pdf_writer::Date::new(year)
        .month(month)
        .day(day)
        .hour(hour)
        .minute(minute)
        .second(second)
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let producer = producer();
    let keywords = meta.subjects.join(",");
    w.with_chunk(|c| {
        c.indirect(Ref::new(id as i32))
            .start::<pdf_writer::writers::DocumentInfo>()
            .title(TextStr(&title))
            .author(TextStr(&authors.join(", ")))
            .subject(TextStr(meta.description.as_deref().unwrap_or_default()))
            .keywords(TextStr(&keywords))
            .creator(TextStr("terbit"))
            .producer(TextStr(&producer))
            .creation_date(date)
            .modified_date(date)
            .trapped(pdf_writer::types::TrappingStatus::NotTrapped);
    });
}

/// XMP metadata (title, authors, language, description, subjects, identifier, producer,
/// dates, and the PDF/UA-1 identification the tagged PDF claims), written with xmp-writer and
/// left uncompressed so that tools scanning for the packet find it. Dated `seconds` since 1970
/// UTC, as the Info dictionary is.
pub fn xmp(book: &Book, seconds: i64) -> Vec<u8> {
    use xmp_writer::{DateTime, LangId, Timezone, XmpWriter};
    let m = &book.meta;
    let lang = || LangId(&m.language.value);
    let title = title(book);
    let (year, month, day, hour, minute, second) = calendar(seconds);
    let date = DateTime::new(year, month, day, hour, minute, second, Timezone::Utc);
    let uuid = format!("urn:uuid:{}", m.uuid());
    let keywords = m.subjects.join(", ");
    let producer = producer();
    let mut x = XmpWriter::new();
    x.format("application/pdf")
        .title([(None, title.as_str()), (Some(lang()), title.as_str())])
        .creator(m.authors.iter().map(|a| a.name()))
        .language([lang()])
        .subject(m.subjects.iter().map(String::as_str))
        .identifier(&uuid)
        .producer(&producer)
        .pdf_keywords(&keywords)
        .creator_tool("terbit")
        .create_date(date)
        .modify_date(date)
        .metadata_date(date)
        // The PDFs are tagged for PDF/UA-1 (ISO 14289-1): structure, alternative texts,
        // artifacts, languages, link descriptions (see `structure`).
        .pdfua_part(1);
    if let Some(d) = m.description.as_deref() {
        x.description([(Some(lang()), d)]);
    }
    if let Some(r) = m.rights.as_deref() {
        x.rights([(None, r)]);
    }
    x.finish(None).into_bytes()
}

/// Write the outline tree (entries nested by level) and return the number of its root.
pub fn outline(w: &mut Writer, entries: &[OutlineEntry], pages: &[u32], page_height: f32) -> u32 {
    let root = w.alloc();
    let ids: Vec<u32> = entries.iter().map(|_| w.alloc()).collect();
    // Each entry's parent (None: the root).
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&s| entries[s].level >= e.level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    // Children of each entry (index len: the root's), in order.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len() + 1];
    // Each entry's place among its siblings (not searched for: a chapter of 200,000 headings
    // has as many siblings).
    let mut place = vec![0; entries.len()];
    for (i, p) in parent.iter().enumerate() {
        let siblings = &mut children[p.unwrap_or(entries.len())];
        place[i] = siblings.len();
        siblings.push(i);
    }
    // Descendant counts (all open).
    let mut count = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        if let Some(p) = parent[i] {
            count[p] += 1 + count[i];
        }
    }
    let r = |id: u32| Ref::new(id as i32);
    let mut chunk = super::writer::new_chunk();
    for (i, e) in entries.iter().enumerate() {
        let mut item = chunk.outline_item(r(ids[i]));
        item.title(TextStr(&e.title));
        item.parent(r(parent[i].map_or(root, |p| ids[p])));
        let siblings = &children[parent[i].unwrap_or(entries.len())];
        let at = place[i];
        if at > 0 {
            item.prev(r(ids[siblings[at - 1]]));
        }
        if let Some(&next) = siblings.get(at + 1) {
            item.next(r(ids[next]));
        }
        let kids = &children[i];
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            item.first(r(ids[first]));
            item.last(r(ids[last]));
            item.count(count[i] as i32);
        }
        if let Some(&page) = pages.get(e.page) {
            // The heading a little below the window's top; the zoom as the reader has it.
            item.dest()
                .page(r(page))
                .xyz(0.0, page_height - e.y + 12.0, None);
        }
    }
    let top = &children[entries.len()];
    let mut outline = chunk.outline(r(root));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        outline.first(r(ids[first]));
        outline.last(r(ids[last]));
    }
    outline.count(entries.len() as i32);
    drop(outline);
    w.chunk(&chunk);
    root
}

/// The ranges of the catalog's `/PageLabels` for pages printed with `labels` (`""` for a page with no
/// folio): viewers then show and go to the printed numbers (roman in the front matter, arabic
/// from the text's page 1), so that "iii" is page iii and not the fourth. Unnumbered pages
/// just before the first roman one take the numbers they stand for (the title page is i);
/// the others, and the cover, have no number.
pub fn page_labels(labels: &[&str]) -> Vec<(i32, Option<(NumberingStyle, i32)>)> {
    // Each page's (style, number): 'r' roman, 'D' arabic, ' ' none.
    let mut numbers: Vec<(u8, usize)> = labels
        .iter()
        .map(|l| {
            if let Ok(n) = l.parse::<usize>() {
                (b'D', n)
            } else if let Some(n) = roman_value(l) {
                (b'r', n)
            } else {
                (b' ', 0)
            }
        })
        .collect();
    if let Some(first) = numbers.iter().position(|(s, _)| *s == b'r') {
        let start = numbers[first].1;
        for back in 1..=first.min(start.saturating_sub(1)) {
            if numbers[first - back].0 != b' ' {
                break;
            }
            numbers[first - back] = (b'r', start - back);
        }
    }
    let mut ranges = Vec::new();
    let mut prev: Option<(u8, usize)> = None;
    for (i, &(style, n)) in numbers.iter().enumerate() {
        let continues = prev.is_some_and(|(s, m)| s == style && (style == b' ' || n == m + 1));
        if !continues {
            let numbered = match style {
                b'r' => Some((NumberingStyle::LowerRoman, n as i32)),
                b'D' => Some((NumberingStyle::Arabic, n as i32)),
                _ => None,
            };
            ranges.push((i as i32, numbered));
        }
        prev = Some((style, n));
    }
    ranges
}

/// The value of a lower-case roman numeral as `typeset::roman` writes them.
fn roman_value(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let digit = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let values: Vec<usize> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total: isize = 0;
    for (k, &v) in values.iter().enumerate() {
        if values.get(k + 1).is_some_and(|&next| next > v) {
            total -= v as isize;
        } else {
            total += v as isize;
        }
    }
    let total = usize::try_from(total).ok().filter(|&t| t > 0)?;
    (crate::typeset::roman(total) == s).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_labels_follow_the_printed_folios() {
        // Screen edition: cover, title, copyright (no folios), contents iii, then 1, 2.
        let ranges = page_labels(&["", "", "", "iii", "iv", "1", "2"]);
        assert_eq!(
            ranges,
            vec![
                (0, None),
                (1, Some((NumberingStyle::LowerRoman, 1))),
                (5, Some((NumberingStyle::Arabic, 1)))
            ]
        );
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("text"), None);
    }
}
