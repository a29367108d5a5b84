//! The last pass over the archive epub-builder made. Its zip writer is private to it: it stamps
//! every entry with the current time and deflates every one, images too; its navigation
//! document has no language, and its package document only the metadata it knows. This pass
//! copies the entries (compressed data untouched) with one fixed time, completes `nav.xhtml`
//! and `content.opf`, and puts in the images, which epub-builder was given empty: stored as
//! they are, because PNG, JPEG, GIF and WebP are compressed already and deflating them again
//! costs time (a 1600×2560 cover: more than the rest of a short book's archive) and saves nothing.
//! The contents page and the chapters, given to epub-builder empty too, are put in here with
//! their page-break markers (see `page_marks`), deflated.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::xhtml::escape;
use crate::error::{Error, Result};

/// The navigation, package and NCX documents epub-builder writes.
const NAV: &str = "OEBPS/nav.xhtml";
const OPF: &str = "OEBPS/content.opf";
const NCX: &str = "OEBPS/toc.ncx";

/// What the last pass adds to epub-builder's archive.
pub struct Completion<'a> {
    /// The book's language.
    pub lang: &'a str,
    /// The book's identifier.
    pub uid: &'a str,
    /// Every entry's time (seconds since 1970, UTC).
    pub time: i64,
    /// Package metadata elements, serialized.
    pub metadata: &'a str,
    /// The navigation document's page list (a `<nav>`), if the book has one.
    pub page_list: Option<&'a str>,
}

/// An archive of one entry, `name` holding `data` deflated, stamped with `time`: the entries
/// [`finish`] puts in deflated are deflated beforehand, side by side.
pub fn deflated(name: &str, data: &[u8], time: i64) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| Error::Other(format!("EPUB archive: {name}: {e}"));
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(data.len() / 3)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip_time(time))
        .unix_permissions(0o644);
    out.start_file(name, options).map_err(|e| fail(&e))?;
    out.write_all(data).map_err(|e| fail(&e))?;
    Ok(out.finish().map_err(|e| fail(&e))?.into_inner())
}

/// `epub` with every entry's time set to `done.time`, the navigation, package and NCX
/// documents completed (`patch_nav`, `patch_opf`, `patch_ncx`), the entries named in `stored`
/// (by their path in the archive) holding the data given there, uncompressed, and those named
/// in `deflated` the entry of the archive given there (see [`deflated`]), copied as it is.
pub fn finish(
    epub: &[u8],
    done: &Completion,
    stored: &[(&str, &[u8])],
    deflated: &[(&str, &[u8])],
) -> Result<Vec<u8>> {
    let Completion {
        lang,
        uid,
        time,
        metadata,
        page_list,
    } = *done;
    let fail =
        |what: &str, e: &dyn std::fmt::Display| Error::Other(format!("EPUB archive: {what}: {e}"));
    let mut input = ZipArchive::new(Cursor::new(epub)).map_err(|e| fail("cannot read", &e))?;
    let stamp = zip_time(time);
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len())));
    // An entry of terbit's own data, with the fixed time.
    let write = |out: &mut ZipWriter<_>, name: &str, data: &[u8], method: CompressionMethod| {
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(stamp)
            .unix_permissions(0o644);
        out.start_file(name, options).map_err(|e| fail(name, &e))?;
        out.write_all(data).map_err(|e| fail(name, &e))
    };
    // By name: a book of thousands of images does not search the list once per entry.
    let by_name: std::collections::HashMap<&str, (&[u8], bool)> = stored
        .iter()
        .map(|&(name, data)| (name, (data, false)))
        .chain(deflated.iter().map(|&(name, zip)| (name, (zip, true))))
        .collect();
    let mut patched = 0;
    let mut filled = 0;
    for i in 0..input.len() {
        let mut file = input
            .by_index(i)
            .map_err(|e| fail("cannot read entry", &e))?;
        let name = file.name().to_string();
        if let Some(&(data, zipped)) = by_name.get(name.as_str()) {
            if zipped {
                let mut one =
                    ZipArchive::new(Cursor::new(data)).map_err(|e| fail("cannot read", &e))?;
                let entry = one.by_index(0).map_err(|e| fail(&name, &e))?;
                out.raw_copy_file_touch(entry, stamp, Some(0o644))
                    .map_err(|e| fail("cannot copy entry", &e))?;
            } else {
                write(&mut out, &name, data, CompressionMethod::Stored)?;
            }
            filled += 1;
            continue;
        }
        if name != NAV && name != OPF && name != NCX {
            out.raw_copy_file_touch(file, stamp, Some(0o644))
                .map_err(|e| fail("cannot copy entry", &e))?;
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text)
            .map_err(|e| fail(&name, &e))?;
        let text = match name.as_str() {
            NAV => patch_nav(&text, lang).and_then(|nav| add_page_list(nav, page_list)),
            NCX => patch_ncx(&text, uid),
            _ => patch_opf(&text, lang, metadata),
        };
        let text = text.ok_or_else(|| fail(&name, &"not in the form epub-builder 0.8 writes"))?;
        write(
            &mut out,
            &name,
            text.as_bytes(),
            CompressionMethod::Deflated,
        )?;
        patched += 1;
    }
    if patched != 3 || filled != by_name.len() {
        let msg = "EPUB archive: navigation, package or NCX document or an image missing";
        return Err(Error::Other(msg.into()));
    }
    let bytes = out
        .finish()
        .map_err(|e| fail("cannot finish", &e))?
        .into_inner();
    Ok(bytes)
}

/// The navigation document with the book's language on `<html>` (every XHTML file of the book
/// carries `lang` and `xml:lang`), the ARIA role matching the toc's `epub:type`, and the
/// landmarks hidden: they are for reading systems, and shown they would be a second, unlabelled
/// navigation region (accessibility checkers flag both).
fn patch_nav(nav: &str, lang: &str) -> Option<String> {
    let nav = add_attributes(nav, "html", "", &[("lang", lang), ("xml:lang", lang)])?;
    let nav = add_attributes(&nav, "nav", "epub:type=\"toc\"", &[("role", "doc-toc")])?;
    add_attributes(
        &nav,
        "nav",
        "epub:type=\"landmarks\"",
        &[("hidden", "hidden")],
    )
}

/// The navigation document with `page_list` (a `<nav epub:type="page-list">`) after its other
/// navigation.
fn add_page_list(nav: String, page_list: Option<&str>) -> Option<String> {
    let Some(list) = page_list else {
        return Some(nav);
    };
    let at = nav.rfind("</body>")?;
    Some(format!("{}{list}{}", &nav[..at], &nav[at..]))
}

/// The NCX (EPUB 2's table of contents, which older readers and Kindle's converter read) with
/// `dtb:uid`, the book's identifier, that the NCX specification requires and epub-builder's
/// template leaves out.
fn patch_ncx(ncx: &str, uid: &str) -> Option<String> {
    let at = ncx.find("<head>")? + "<head>".len();
    Some(format!(
        "{}\n    <meta name=\"dtb:uid\" content=\"{}\" />{}",
        &ncx[..at],
        escape(uid),
        &ncx[at..]
    ))
}

/// The package document with the book's language on `<package>` and `metadata` (serialized
/// elements) at the end of `<metadata>`.
fn patch_opf(opf: &str, lang: &str, metadata: &str) -> Option<String> {
    let opf = add_attributes(opf, "package", "", &[("xml:lang", lang)])?;
    let at = opf.find("</metadata>")?;
    let indented: String = metadata.lines().map(|l| format!("    {l}\n")).collect();
    Some(format!(
        "{}{indented}  {}",
        opf[..at].trim_end_matches(' '),
        &opf[at..]
    ))
}

/// `text` with `attrs` added to the first `<element …>` start tag whose text, blanks removed,
/// contains `marker`. Attributes the tag already has are left as they are. `None` if there is no
/// such tag.
fn add_attributes(
    text: &str,
    element: &str,
    marker: &str,
    attrs: &[(&str, &str)],
) -> Option<String> {
    let open = format!("<{element}");
    let mut from = 0;
    while let Some(pos) = text[from..].find(&open) {
        let start = from + pos;
        let name_end = start + open.len();
        let end = name_end + text[name_end..].find('>')?;
        let tag = &text[start..end];
        let compact: String = tag.chars().filter(|c| !c.is_whitespace()).collect();
        let whole_name =
            text[name_end..].starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/');
        if whole_name && compact.contains(marker) {
            let has = |k: &str| {
                tag.split_whitespace()
                    .any(|t| t == k || t.starts_with(&format!("{k}=")))
            };
            let added: String = attrs
                .iter()
                .filter(|(k, _)| !has(k))
                .map(|(k, v)| format!(" {k}=\"{}\"", escape(v)))
                .collect();
            return Some(format!("{}{added}{}", &text[..name_end], &text[name_end..]));
        }
        from = end;
    }
    None
}

/// A zip (MS-DOS) time for `secs` since 1970 UTC, clamped to what zip can hold (1980–2107).
fn zip_time(secs: i64) -> DateTime {
    let (year, month, day, hour, minute, second) = crate::reproducible::calendar(secs);
    DateTime::from_date_and_time(
        year.clamp(1980, 2107) as u16,
        month,
        day,
        hour,
        minute,
        second,
    )
    .ok()
    .filter(|_| (1980..=2107).contains(&year))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_gets_language_role_and_hidden_landmarks() {
        let nav = "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<body>\n\
                   <nav epub:type = \"toc\" id=\"toc\"></nav>\n<nav epub:type = \"landmarks\"></nav>";
        let out = patch_nav(nav, "tr").unwrap();
        assert!(
            out.contains("<html lang=\"tr\" xml:lang=\"tr\" xmlns="),
            "{out}"
        );
        assert!(
            out.contains("<nav role=\"doc-toc\" epub:type = \"toc\""),
            "{out}"
        );
        assert!(
            out.contains("<nav hidden=\"hidden\" epub:type = \"landmarks\""),
            "{out}"
        );
        assert_eq!(patch_nav(&out, "tr").unwrap(), out, "nothing added twice");
        assert!(patch_nav("<body/>", "tr").is_none());
    }

    #[test]
    fn package_gets_language_and_metadata() {
        let opf = "<package version=\"3.0\">\n  <metadata>\n    <dc:title>T</dc:title>\n  </metadata>\n</package>";
        let out = patch_opf(opf, "id", "<dc:publisher>P</dc:publisher>").unwrap();
        assert!(
            out.starts_with("<package xml:lang=\"id\" version=\"3.0\">"),
            "{out}"
        );
        assert!(
            out.contains(
                "<dc:title>T</dc:title>\n    <dc:publisher>P</dc:publisher>\n  </metadata>"
            ),
            "{out}"
        );
        assert!(patch_opf("<package/>", "id", "x").is_none());
    }

    #[test]
    fn the_ncx_gets_the_book_s_identifier() {
        let ncx = "<ncx version=\"2005-1\">\n  <head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n</ncx>";
        let out = patch_ncx(ncx, "urn:uuid:1-2").unwrap();
        assert!(
            out.contains("<head>\n    <meta name=\"dtb:uid\" content=\"urn:uuid:1-2\" />\n    <meta name=\"dtb:depth\""),
            "{out}"
        );
        assert!(patch_ncx("<ncx/>", "u").is_none());
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
