//! The last pass over the archive epub-builder made. Its zip writer is private to it and stamps
//! every entry with the current time, its navigation document has no language, and its package
//! document only the metadata it knows. This pass copies the entries (compressed data untouched)
//! with one fixed time, gives `nav.xhtml` the book's language — every XHTML file of the book
//! then carries `lang` and `xml:lang` — and adds our metadata to `content.opf`.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xhtml::escape;
use crate::error::{Error, Result};

/// The navigation and package documents epub-builder writes.
const NAV: &str = "OEBPS/nav.xhtml";
const OPF: &str = "OEBPS/content.opf";

/// A rewrite of a document's text with one argument; `None` when the text is not as expected.
type Patch = fn(&str, &str) -> Option<String>;

/// `epub` with every entry's time set to `time` (seconds since 1970, UTC), `lang` on the
/// navigation document's `<html>`, and `metadata` (serialized elements) added to the package
/// document's `<metadata>`.
pub fn finish(epub: &[u8], lang: &str, time: i64, metadata: &str) -> Result<Vec<u8>> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Error::Other(format!("EPUB archive: {what}: {e}"));
    let mut input = ZipArchive::new(Cursor::new(epub)).map_err(|e| fail("cannot read", &e))?;
    let stamp = zip_time(time);
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len())));
    let mut patched = 0;
    for i in 0..input.len() {
        let mut file = input
            .by_index(i)
            .map_err(|e| fail("cannot read entry", &e))?;
        let name = file.name().to_string();
        let (patch, arg): (Patch, &str) = match name.as_str() {
            NAV => (with_lang, lang),
            OPF => (with_metadata, metadata),
            _ => {
                out.raw_copy_file_touch(file, stamp, Some(0o644))
                    .map_err(|e| fail("cannot copy entry", &e))?;
                continue;
            }
        };
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| fail(&name, &e))?;
        let text = patch(&text, arg)
            .ok_or_else(|| fail(&name, &"not in the form epub-builder 0.8 writes"))?;
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(stamp)
            .unix_permissions(0o644);
        out.start_file(name.as_str(), options)
            .map_err(|e| fail(&name, &e))?;
        out.write_all(text.as_bytes())
            .map_err(|e| fail(&name, &e))?;
        patched += 1;
    }
    if patched != 2 {
        let msg = "EPUB archive: navigation or package document missing";
        return Err(Error::Other(msg.into()));
    }
    let bytes = out
        .finish()
        .map_err(|e| fail("cannot finish", &e))?
        .into_inner();
    Ok(bytes)
}

/// `xhtml` with `lang` and `xml:lang` added to its `<html>` start tag.
fn with_lang(xhtml: &str, lang: &str) -> Option<String> {
    let start = xhtml.find("<html")?;
    let end = start + xhtml[start..].find('>')?;
    let tag = &xhtml[start..end];
    if tag.contains(" lang=") || tag.contains("xml:lang=") {
        return Some(xhtml.to_string());
    }
    let lang = escape(lang);
    let insert_at = start + "<html".len();
    Some(format!(
        "{} lang=\"{lang}\" xml:lang=\"{lang}\"{}",
        &xhtml[..insert_at],
        &xhtml[insert_at..]
    ))
}

/// `opf` with `metadata` added at the end of its `<metadata>` element.
fn with_metadata(opf: &str, metadata: &str) -> Option<String> {
    let at = opf.find("</metadata>")?;
    let indented: String = metadata.lines().map(|l| format!("    {l}\n")).collect();
    Some(format!(
        "{}{indented}  {}",
        opf[..at].trim_end_matches([' ']),
        &opf[at..]
    ))
}

/// A zip (MS-DOS) time for `secs` since 1970 UTC, clamped to what zip can hold (1980–2107).
fn zip_time(secs: i64) -> DateTime {
    let t = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    use chrono::{Datelike, Timelike};
    DateTime::from_date_and_time(
        t.year().clamp(1980, 2107) as u16,
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
    .ok()
    .filter(|_| (1980..=2107).contains(&t.year()))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_goes_on_the_html_element() {
        let x = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head/></html>";
        let y = with_lang(x, "tr").unwrap();
        assert!(
            y.contains("<html lang=\"tr\" xml:lang=\"tr\" xmlns=\"http://www.w3.org/1999/xhtml\">"),
            "{y}"
        );
        assert_eq!(with_lang(&y, "tr").unwrap(), y, "not added twice");
        assert!(with_lang("<body/>", "tr").is_none());
    }

    #[test]
    fn metadata_goes_into_the_metadata_element() {
        let opf = "<package>\n  <metadata>\n    <dc:title>T</dc:title>\n  </metadata>\n</package>";
        let out = with_metadata(opf, "<dc:publisher>P</dc:publisher>").unwrap();
        assert!(
            out.contains(
                "<dc:title>T</dc:title>\n    <dc:publisher>P</dc:publisher>\n  </metadata>"
            ),
            "{out}"
        );
        assert!(with_metadata("<package/>", "x").is_none());
    }

    #[test]
    fn zip_times_are_clamped() {
        assert_eq!(zip_time(0), DateTime::default());
        let t = zip_time(1_700_000_000); // 2023-11-14 22:13:20 UTC
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.minute()),
            (2023, 11, 14, 22, 13)
        );
    }
}
