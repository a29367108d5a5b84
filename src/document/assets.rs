//! Images and the cover: found in the book's folder, checked and read once, for every writer
//! (each gets a stable name, used as the file's path inside the EPUB).
//! Every problem is the author's to fix, so each one is a diagnostic at the place that names
//! the file (the image in its chapter, or `cover:` in book.yaml).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::image_check::{self, Flaw};
use super::url::{normalize, percent_decode, scheme};
use super::walk::{Node, walk_chapter};
use crate::document::{Book, Chapter, Image, Inline};
use crate::error::{Diagnostic, Error, Result};
use crate::manuscript::CONFIG_FILE;

/// A file copied into the EPUB.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path inside the EPUB's content folder (`images/peta.png`).
    pub href: String,
    pub media_type: &'static str,
    /// The file's bytes, read once and shared by every output (the EPUB stores them, the PDF
    /// passes a JPEG through as it is): a 50 MB photograph is not held once per writer.
    pub data: Arc<Vec<u8>>,
    pub is_cover: bool,
    /// The file it was read from.
    pub source: PathBuf,
}

/// Everything the chapters and the cover refer to. Cloning it shares the files' bytes.
#[derive(Debug, Default, Clone)]
pub struct Assets {
    pub files: Vec<Asset>,
    /// The book's fonts (book.yaml `fonts:`, terbit's own, and any found on the machine for
    /// characters those lack): every writer draws with the same.
    pub fonts: std::sync::Arc<crate::fonts::FontSet>,
    /// Per chapter: image URL as written → path in the EPUB.
    pub images: Vec<HashMap<String, String>>,
    /// Path of the cover image in the EPUB.
    pub cover: Option<String>,
    /// Whether the text shows any image, and whether every one has alt text.
    pub has_images: bool,
    pub all_alt: bool,
    /// Where each file (by path in the EPUB) is first named: a problem found later (a PNG
    /// whose pixels do not decode) is reported there.
    pub places: HashMap<String, Place>,
    /// What the files' checks warn about, each at the place naming the file: what was removed
    /// from an SVG, an animation of which the PDF prints the first frame.
    pub warnings: Vec<Diagnostic>,
    /// Images with no text alternative that are not marked decorative, one per image file:
    /// a warning of the build and of `terbit check` (WCAG 1.1.1; the EU Accessibility Act).
    pub missing_alt: Vec<Diagnostic>,
}

/// A place in the book's sources that names an image: file, line and column (1-based), and the
/// name as it is written there.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Assets {
    /// The error "image `NAME` MSG" (with `help`) about the file at `href`, at the place that
    /// first names it (`FILE:LINE:COL`), or naming the file alone if no place is known.
    pub fn error_at(&self, href: &str, msg: &str, help: &str) -> Error {
        let Some(place) = self.places.get(href) else {
            let source = self.files.iter().find(|f| f.href == href);
            let name = source.map_or(href.into(), |f| f.source.display().to_string());
            return Error::Other(format!("{name}: image {msg} — {help}"));
        };
        let msg = format!("image `{}` {msg}", place.name.trim());
        let d = Diagnostic::at(&place.file, place.line, place.column, msg).with_help(help);
        match std::fs::read_to_string(&place.file) {
            Ok(text) => d.with_source(&text),
            Err(_) => d,
        }
        .into()
    }
}

/// Find, check and read every image of `book` and its cover.
pub fn collect(book: &Book) -> Result<Assets> {
    let book_dir = canonical(&book.dir)?;
    let mut assets = Assets {
        all_alt: true,
        ..Assets::default()
    };
    let mut by_path: HashMap<PathBuf, usize> = HashMap::new();

    if let Some(cover) = &book.meta.cover {
        let config = book.dir.join(CONFIG_FILE);
        let loc = &cover.referenced;
        let at = |msg: String, help: &str| {
            let d = Diagnostic::at(
                &config,
                (loc.line() as usize).max(1),
                (loc.column() as usize).max(1),
                msg,
            )
            .with_help(help);
            match std::fs::read_to_string(&config) {
                Ok(text) => d.with_source(&text),
                Err(_) => d,
            }
        };
        let path = locate(&book_dir, Path::new(""), &cover.value, &|m, h| at(m, h))?;
        let mut data = read(&path, &cover.value, &|m, h| at(m, h))?;
        let allowed = ["image/jpeg", "image/png"];
        let media_type = media_type(&mut data, &cover.value, &allowed, &at, &mut assets.warnings)?;
        let href = unique_href(&assets.files, &path, media_type);
        by_path.insert(path.clone(), assets.files.len());
        let place = Place {
            name: cover.value.clone(),
            file: config.clone(),
            line: (loc.line() as usize).max(1),
            column: (loc.column() as usize).max(1),
        };
        assets.places.insert(href.clone(), place);
        assets.cover = Some(href.clone());
        assets.files.push(Asset {
            href,
            media_type,
            data,
            is_cover: true,
            source: path,
        });
    }

    let mut remote: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut missing_alt: std::collections::HashSet<String> = std::collections::HashSet::new();
    for chapter in &book.chapters {
        let rel_dir = chapter
            .source
            .strip_prefix(&book.dir)
            .ok()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut images: Vec<&Image> = vec![];
        walk_chapter(chapter, |n| {
            if let Node::Inline(Inline::Image(img)) = n {
                images.push(img);
            }
        });
        let mut map = HashMap::new();
        for img in images {
            assets.has_images = true;
            let described = img.decorative || !img.alt.trim().is_empty();
            assets.all_alt &= described;
            let at = |msg: String, help: &str| image_diagnostic(chapter, img, msg, help);
            if !described && !is_remote(&img.url) && missing_alt.insert(img.url.clone()) {
                let msg = format!(
                    "`{}` has no alt text: a reader who cannot see it learns nothing of it, \
                     and the book cannot claim WCAG 2.1 AA (the EU Accessibility Act asks it)",
                    img.url.trim()
                );
                let help = "describe it: ![A map of Eurasia](map.png); an image that is only \
                            decoration is marked so in HTML: <img src=\"line.png\" alt=\"\">";
                assets.missing_alt.push(at(msg, help));
            }
            if map.contains_key(&img.url) {
                continue;
            }
            // A remote image (a README's badges): shown as its alt text, with a warning; the
            // build goes on (a book carries its images, and a build reaches no network).
            if is_remote(&img.url) {
                if remote.insert(img.url.clone()) {
                    let msg = format!(
                        "`{}` is a remote image: terbit does not fetch files from the network; \
                         its alt text is shown instead",
                        img.url.trim()
                    );
                    let help = "download the file into the book's folder and give its relative \
                                path, or leave it out";
                    assets.warnings.push(at(msg, help));
                }
                continue;
            }
            let path = locate(&book_dir, &rel_dir, &img.url, &at)?;
            // A file named again (in another chapter, or as the cover too) is not read again.
            let href = match by_path.get(&path) {
                Some(&i) => assets.files[i].href.clone(),
                None => {
                    let mut data = read(&path, &img.url, &at)?;
                    let all = [
                        "image/png",
                        "image/jpeg",
                        "image/gif",
                        "image/webp",
                        "image/svg+xml",
                    ];
                    let warnings = &mut assets.warnings;
                    let media_type = media_type(&mut data, &img.url, &all, &at, warnings)?;
                    let href = unique_href(&assets.files, &path, media_type);
                    by_path.insert(path.clone(), assets.files.len());
                    let place = Place {
                        name: img.url.clone(),
                        file: chapter.source.clone(),
                        line: img.line.max(1),
                        column: img.column.max(1),
                    };
                    assets.places.insert(href.clone(), place);
                    let asset = Asset {
                        href: href.clone(),
                        media_type,
                        data,
                        is_cover: false,
                        source: path,
                    };
                    assets.files.push(asset);
                    href
                }
            };
            map.insert(img.url.clone(), href);
        }
        assets.images.push(map);
    }
    Ok(assets)
}

fn image_diagnostic(chapter: &Chapter, img: &Image, msg: String, help: &str) -> Diagnostic {
    let d =
        Diagnostic::at(&chapter.source, img.line.max(1), img.column.max(1), msg).with_help(help);
    match std::fs::read_to_string(&chapter.source) {
        Ok(text) => d.with_source(&text),
        Err(_) => d,
    }
}

/// Whether image `url` is on the network (`https://…`, `//host/…`).
pub fn is_remote(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("//") || matches!(scheme(url).as_deref(), Some("http" | "https" | "ftp"))
}

/// The canonical path of `url`, written in a file in `rel_dir` (relative to the book's folder
/// `book_dir`, canonical). It must be a local file inside the book's folder, also after
/// following symbolic links.
fn locate<E: Into<Error>>(
    book_dir: &Path,
    rel_dir: &Path,
    url: &str,
    at: &dyn Fn(String, &str) -> E,
) -> Result<PathBuf> {
    let url = url.trim();
    let outside = || {
        at(
            format!("`{url}` is outside the book's folder"),
            "put the file in the book's folder and give a relative path",
        )
        .into()
    };
    if url.is_empty() {
        return Err(at("empty image path".into(), "give the image's file name").into());
    }
    let scheme = scheme(url);
    if is_remote(url) {
        let help = "download the file into the book's folder and give its relative path";
        let msg =
            format!("`{url}` is a remote image: terbit does not fetch files from the network");
        return Err(at(msg, help).into());
    }
    if scheme.is_some() {
        let help = "save the image as a file in the book's folder and give its relative path";
        return Err(at(format!("`{url}` is not a file path"), help).into());
    }
    let decoded = percent_decode(url);
    let rel = Path::new(&decoded);
    if rel.is_absolute() || rel.has_root() {
        return Err(outside());
    }
    let Some(inside) = normalize(&rel_dir.join(rel)) else {
        return Err(outside());
    };
    let path = book_dir.join(&inside);
    if !path.is_file() {
        let help = "check the file name; paths are relative to the file that names them";
        let what = crate::manuscript::not_a_file(&path);
        return Err(at(format!("`{url}` {what}"), help).into());
    }
    let real = canonical(&path)?;
    if !real.starts_with(book_dir) {
        return Err(outside());
    }
    Ok(real)
}

/// The bytes of the image file at `real` (named `url` by the author), within
/// [`MAX_IMAGE_BYTES`].
fn read<E: Into<Error>>(
    real: &Path,
    url: &str,
    at: &dyn Fn(String, &str) -> E,
) -> Result<Arc<Vec<u8>>> {
    let url = url.trim();
    let data = read_limited(real).map_err(|e| match e {
        ReadError::TooBig => at(
            format!(
                "`{url}` is larger than {} MB, the most terbit reads",
                MAX_IMAGE_BYTES / (1024 * 1024)
            ),
            "scale the image down or save it compressed (JPEG for photographs)",
        )
        .into(),
        ReadError::Io(e) => Error::io(real, e),
    })?;
    Ok(Arc::new(data))
}

/// The media type of image `data` (named `url` by the author), checked to be a whole image of
/// one of `allowed` types. An SVG is made safe first (see [`crate::svg_sanitize`]): `data`
/// becomes the SVG without what was removed, and a warning says what it was.
fn media_type(
    data: &mut Arc<Vec<u8>>,
    url: &str,
    allowed: &[&'static str],
    at: &dyn Fn(String, &str) -> Diagnostic,
    warnings: &mut Vec<Diagnostic>,
) -> Result<&'static str> {
    let url = url.trim();
    let Some(media_type) = sniff(data).filter(|t| allowed.contains(t)) else {
        let msg = if allowed.len() == 2 {
            format!("cover `{url}` is not a JPEG or PNG image")
        } else {
            format!("image `{url}` is not a PNG, JPEG, GIF, WebP or SVG file")
        };
        return Err(at(msg, "convert it to PNG or JPEG").into());
    };
    if media_type == "image/svg+xml" {
        match crate::svg_sanitize::clean(data) {
            Ok(None) => {}
            Ok(Some(cleaned)) => {
                *data = Arc::new(cleaned.data);
                let msg = format!(
                    "SVG image `{url}`: removed {} — e-books run no scripts, and an SVG in a \
                     book may refer only to itself; the EPUB and the PDFs show it without them",
                    listed(&cleaned.removed)
                );
                warnings.push(at(msg, "remove them from the SVG to silence this warning"));
            }
            Err(why) => {
                let help = "open the SVG in an editor, remove it and save the SVG again";
                return Err(at(format!("image `{url}`: {why}"), help).into());
            }
        }
    }
    match image_check::check(data, media_type) {
        Ok(checked) => {
            if checked.animated {
                let msg = format!(
                    "image `{url}` is animated: the PDFs print only its first frame (the EPUB \
                     keeps the animation)"
                );
                let help = "to print another frame, save that frame as a PNG and name it instead";
                warnings.push(at(msg, help));
            }
            Ok(media_type)
        }
        Err(flaw) => {
            let help = match flaw {
                Flaw::CutShort(_) => {
                    "the file is incomplete (an interrupted download or copy): export or \
                     download it again from the original"
                }
                Flaw::Damaged(_) => {
                    "export it again from the original, or open it in an image editor and save \
                     it again"
                }
                Flaw::Refused(_) => "open the image in an editor and save it again as PNG or JPEG",
            };
            Err(at(format!("image `{url}`: {flaw}"), help).into())
        }
    }
}

/// "`<script>`, the `onload` attribute (2 times) and 3 more": what was removed, the first few.
fn listed(removed: &[(String, usize)]) -> String {
    const SHOWN: usize = 8;
    let mut parts: Vec<String> = removed
        .iter()
        .take(SHOWN)
        .map(|(what, n)| {
            if *n > 1 {
                format!("{what} ({n} times)")
            } else {
                what.clone()
            }
        })
        .collect();
    if removed.len() > SHOWN {
        parts.push(format!("{} more", removed.len() - SHOWN));
    }
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        n => {
            let last = parts.remove(n - 1);
            format!("{} and {last}", parts.join(", "))
        }
    }
}

/// Largest image file read.
pub const MAX_IMAGE_BYTES: u64 = 50 * 1024 * 1024;

enum ReadError {
    TooBig,
    Io(std::io::Error),
}

/// How many times each image file was read by this process, by canonical path: a build reads
/// each once for all its outputs, and tests check that it does.
static READS: Mutex<Option<HashMap<PathBuf, usize>>> = Mutex::new(None);

/// How many times this process has read the image file at `path` (canonical).
pub fn times_read(path: &Path) -> usize {
    let reads = READS.lock().unwrap_or_else(|e| e.into_inner());
    reads
        .as_ref()
        .and_then(|r| r.get(path))
        .copied()
        .unwrap_or(0)
}

/// The bytes of `path`, refusing a file over [`MAX_IMAGE_BYTES`] before reading it whole.
fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, ReadError> {
    use std::io::Read;
    {
        let mut reads = READS.lock().unwrap_or_else(|e| e.into_inner());
        *reads
            .get_or_insert_with(HashMap::new)
            .entry(path.to_path_buf())
            .or_default() += 1;
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > MAX_IMAGE_BYTES {
        return Err(ReadError::TooBig);
    }
    // Room for the whole file at once: growing by doubling would copy a big image and leave up
    // to twice its size allocated.
    let mut data = Vec::with_capacity(len as usize + 1);
    file.take(MAX_IMAGE_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(ReadError::Io)?;
    if data.len() as u64 > MAX_IMAGE_BYTES {
        return Err(ReadError::TooBig);
    }
    Ok(data)
}

fn canonical(p: &Path) -> Result<PathBuf> {
    p.canonicalize().map_err(|e| Error::io(p, e))
}

/// The media type of image `data`, from its first bytes (the file name may lie).
pub fn sniff(data: &[u8]) -> Option<&'static str> {
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if data.starts_with(b"GIF87a") || data.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if data.len() >= 12 && data.starts_with(b"RIFF") && &data[8..12] == b"WEBP" {
        Some("image/webp")
    } else if crate::svg::is_svg(data) {
        Some("image/svg+xml")
    } else {
        None
    }
}

/// `images/<name>.<ext>` for the file at `path`: ASCII only (some readers and validators choke
/// on other file names), the extension matching the content, unique among `taken`.
fn unique_href(taken: &[Asset], path: &Path, media_type: &str) -> String {
    let stem: String = path
        .file_stem()
        .map(|s| s.to_string_lossy())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = if stem.trim_matches('_').is_empty() {
        "image".to_string()
    } else {
        stem
    };
    let ext = match media_type {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/svg+xml" => "svg",
        _ => "webp",
    };
    let mut href = format!("images/{stem}.{ext}");
    let mut n = 2;
    while taken.iter().any(|a| a.href == href) {
        href = format!("images/{stem}-{n}.{ext}");
        n += 1;
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_come_from_the_content() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"<svg>"), Some("image/svg+xml"));
        assert_eq!(sniff(b"<html>"), None);
    }

    #[test]
    fn hrefs_are_ascii_and_unique() {
        let a = Asset {
            href: "images/peta.png".into(),
            media_type: "image/png",
            data: Arc::default(),
            is_cover: false,
            source: PathBuf::from("peta.png"),
        };
        assert_eq!(
            unique_href(
                std::slice::from_ref(&a),
                Path::new("x/peta.png"),
                "image/png"
            ),
            "images/peta-2.png"
        );
        assert_eq!(
            unique_href(&[], Path::new("Güzel resim.jpeg"), "image/jpeg"),
            "images/G_zel_resim.jpg"
        );
    }
}

/// Width and height in pixels of a PNG, JPEG, GIF or WebP image, read from its header (of an
/// SVG, its natural size in SVG pixels). A JPEG's are as it is shown: turned by its EXIF
/// orientation, as e-readers show it and the PDF draws it.
pub fn pixel_size(data: &[u8]) -> Option<(u32, u32)> {
    if crate::svg::is_svg(data) {
        return crate::svg::size(data);
    }
    if data.starts_with(b"\x89PNG\r\n\x1a\n") && data.len() >= 24 && &data[12..16] == b"IHDR" {
        let w = u32::from_be_bytes(data[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(data[20..24].try_into().ok()?);
        return (w > 0 && h > 0).then_some((w, h));
    }
    if data.starts_with(&[0xFF, 0xD8]) {
        return image_check::jpeg_info(data).map(|j| j.shown_size());
    }
    match sniff(data) {
        Some("image/gif") => crate::gif::info(data).ok().map(|i| (i.width, i.height)),
        Some("image/webp") => crate::webp::info(data).ok().map(|i| (i.width, i.height)),
        _ => None,
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    #[test]
    fn png_and_jpeg_sizes_are_read_from_their_headers() {
        let png = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/epub-fixture/gambar/kapak.png"
        ))
        .unwrap();
        let (w, h) = pixel_size(&png).unwrap();
        assert!(w > 0 && h > 0);
        // A minimal JPEG: SOI, APP0 (len 16), SOF0 with height 3, width 5, a scan.
        let head = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        let mut frame = vec![0u8; 14];
        frame.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x03, 0x00, 0x05, 0x03]);
        frame.extend([0u8; 9]);
        frame.extend([0xFF, 0xDA, 0x00, 0x0C]);
        frame.extend([0u8; 10]);
        frame.extend([0x12, 0x34, 0xFF, 0xD9]);
        let jpeg = [&head[..], &frame].concat();
        assert_eq!(pixel_size(&jpeg), Some((5, 3)));
        // The same with an EXIF orientation of 6 (turned a quarter clockwise): shown 3 × 5.
        let mut exif = b"Exif\0\0MM\0*\0\0\0\x08\0\x01".to_vec();
        exif.extend([0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
        exif.extend([0u8; 4]);
        // SOI, the APP1 segment, then APP0 and the rest as above.
        let mut turned = vec![0xFF, 0xD8, 0xFF, 0xE1];
        turned.extend(((exif.len() + 2) as u16).to_be_bytes());
        turned.extend(&exif);
        turned.extend(&head[2..]);
        turned.extend(&frame);
        assert_eq!(pixel_size(&turned), Some((3, 5)));
        assert_eq!(pixel_size(b"GIF89a"), None);
    }
}
