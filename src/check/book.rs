//! The checks of the book as a whole: the metadata retailers require, the cover's size and
//! ratio, the resolution of images in print, and links between and within chapters.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::source::{Places, with_excerpt};
use super::{Finding, Kind, SHOWN_PER_CHECK, step};
use crate::document::assets::{Assets, pixel_size};
use crate::document::walk::{Node, walk_chapter};
use crate::document::{Book, Inline};
use crate::error::Diagnostic;
use crate::manuscript::{CONFIG_FILE, Manuscript};
use crate::typeset::{PageItem, Typeset};

/// Smallest cover KDP and most shops take without complaint, in pixels (a 1.6:1 ratio).
pub const COVER_MIN: (u32, u32) = (1600, 2560);
/// Height over width of that cover, and how far from it a cover may be.
const COVER_RATIO: f32 = 1.6;
const RATIO_SLACK: f32 = 0.05;
pub use crate::print_service::PRINT_DPI;

/// The book's metadata file — book.yaml, else mdBook's book.toml, else the first chapter
/// (pandoc front matter) — read once, with the place of each key asked for found once: a
/// book.yaml of ten thousand authors with straight quotes is not read ten thousand times.
struct MetaFile {
    path: PathBuf,
    text: String,
    /// Line, column and byte offset of each key asked for.
    keys: HashMap<String, (usize, usize, usize)>,
}

impl MetaFile {
    fn new(m: &Manuscript) -> MetaFile {
        let path = [CONFIG_FILE, crate::import::mdbook::BOOK_TOML]
            .iter()
            .map(|f| m.dir.join(f))
            .find(|p| p.is_file())
            .or_else(|| m.chapters.first().map(|c| c.path.clone()))
            .unwrap_or_else(|| m.dir.join(CONFIG_FILE));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        MetaFile {
            path,
            text,
            keys: HashMap::new(),
        }
    }

    /// A diagnostic at the value read at `loc`, or at `key:` when the value has no place (it
    /// came from another tool's file).
    fn at_value(
        &mut self,
        key: &str,
        loc: &serde_saphyr::Location,
        msg: String,
        help: &str,
    ) -> Diagnostic {
        if loc.line() == 0 {
            return self.at_key(key, msg, help);
        }
        let (line, column) = (loc.line() as usize, loc.column() as usize);
        Diagnostic::at(&self.path, line, column, msg)
            .with_help(help)
            .with_source(&self.text)
    }

    /// A diagnostic at `key:` (or `key =`), at the file's first line when the key is not there.
    fn at_key(&mut self, key: &str, msg: String, help: &str) -> Diagnostic {
        let text = &self.text;
        step(1);
        let (line, column, offset) = *self.keys.entry(key.to_string()).or_insert_with(|| {
            step(text.len());
            crate::manuscript::config::find_key(text, key).unwrap_or((1, 1, 0))
        });
        let d = Diagnostic::at(&self.path, line, column, msg).with_help(help);
        with_excerpt(d, &self.text, offset)
    }
}

/// Metadata retailers require: an identifier of the book's own, ISBNs that are ISBNs, a
/// description, authors, a cover; the language is required by book.yaml itself.
pub fn metadata(book: &Book, m: &Manuscript, out: &mut Vec<Finding>) {
    let meta = &book.meta;
    let mut file = MetaFile::new(m);
    let mut found = Vec::new();
    let mut warn = |file: &mut MetaFile, key: &str, msg: &str, help: &str| {
        found.push(Finding::new(
            Kind::Metadata,
            file.at_key(key, msg.to_string(), help),
        ))
    };
    if meta.identifier.is_none() {
        warn(
            &mut file,
            "title",
            "no `identifier`: the one terbit derives changes whenever the title or authors do",
            "add `identifier: urn:uuid:…` once and keep it (terbit init writes one)",
        );
    }
    let mut found_errors = Vec::new();
    match &meta.isbn {
        None => warn(
            &mut file,
            "title",
            "no `isbn`: retailers of printed books require one, and many of e-books",
            "add `isbn: {epub: …, print: …}` once the book has them",
        ),
        Some(isbn) => {
            for (key, value) in [("epub", &isbn.epub), ("print", &isbn.print)] {
                if let Some(v) = value
                    && !is_isbn(&v.value)
                {
                    let msg = format!(
                        "`{}` is not a valid ISBN (its check digit is wrong)",
                        v.value
                    );
                    let help = "copy the ISBN again from its registration";
                    let d = file.at_value(key, &v.referenced, msg, help);
                    warn_error(&mut found_errors, d);
                }
            }
        }
    }
    if meta
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        warn(
            &mut file,
            "title",
            "no `description`: shops show it on the book's page and require one",
            "add `description:` with two or three sentences about the book",
        );
    }
    if meta.authors.is_empty() {
        warn(
            &mut file,
            "title",
            "no `authors`: retailers require at least one contributor",
            "add `authors: [Your Name]`",
        );
    }
    if meta.cover.is_none() {
        warn(
            &mut file,
            "title",
            "no `cover`: terbit draws a typographic one, but shops want the book's own",
            "add `cover: cover.jpg`, at least 1600×2560 pixels",
        );
    }
    out.extend(found);
    out.extend(found_errors);
    straight_quotes(book, &mut file, out);
}

/// Straight quotes in the metadata terbit prints (the cover, the title page, the EPUB's and
/// PDF's metadata, and so the shops' pages): chapters get typographic quotes from Markdown's
/// smart punctuation, book.yaml's values are shown as they are written.
fn straight_quotes(book: &Book, file: &mut MetaFile, out: &mut Vec<Finding>) {
    let meta = &book.meta;
    let lang = crate::lang::Language::from_tag(&meta.language.value);
    if !lang.uses_curly_quotes() {
        return;
    }
    let ((o1, c1), (o2, c2)) = lang.quotes();
    let optional = [
        ("subtitle", &meta.subtitle),
        ("description", &meta.description),
        ("publisher", &meta.publisher),
        ("rights", &meta.rights),
    ];
    let fields = std::iter::once(("title", meta.title.as_str()))
        .chain(
            optional
                .iter()
                .filter_map(|(k, v)| Some((*k, v.as_deref()?))),
        )
        .chain(meta.series.iter().map(|s| ("series", s.name.as_str())))
        .chain(meta.authors.iter().map(|a| ("authors", a.name())));
    for (key, value) in fields {
        step(1 + value.len());
        let Some(quote) = value.chars().find(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let (what, help) = if quote == '"' {
            (
                "double quote `\"`",
                format!("write {o1} to open and {c1} to close"),
            )
        } else {
            (
                "single quote or apostrophe `'`",
                format!("write {o2} to open and {c2} to close, ’ for an apostrophe"),
            )
        };
        let msg = format!(
            "straight {what} in `{key}`: book.yaml's values are shown as written (cover, title \
             page, the shops' metadata)"
        );
        out.push(Finding::new(
            Kind::StraightQuote,
            file.at_key(key, msg, &help),
        ));
    }
}

fn warn_error(errors: &mut Vec<Finding>, d: Diagnostic) {
    errors.push(Finding::error(Kind::Metadata, d));
}

/// Whether `s` is an ISBN-13 or ISBN-10 with a right check digit (hyphens and spaces allowed).
pub fn is_isbn(s: &str) -> bool {
    let chars: Vec<char> = s.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match chars.len() {
        13 => {
            let Some(digits) = chars
                .iter()
                .map(|c| c.to_digit(10))
                .collect::<Option<Vec<_>>>()
            else {
                return false;
            };
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { *d } else { 3 * d })
                .sum();
            sum.is_multiple_of(10)
        }
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let d = match (i, c) {
                    (9, 'X' | 'x') => 10,
                    _ => match c.to_digit(10) {
                        Some(d) => d,
                        None => return false,
                    },
                };
                sum += d * (10 - i as u32);
            }
            sum.is_multiple_of(11)
        }
        _ => false,
    }
}

/// The cover's size and ratio against KDP's recommendation.
pub fn cover(book: &Book, assets: &Assets, out: &mut Vec<Finding>) {
    let (Some(href), Some(cover)) = (&assets.cover, &book.meta.cover) else {
        return;
    };
    let Some(file) = assets.files.iter().find(|f| &f.href == href) else {
        return;
    };
    let Some((w, h)) = pixel_size(&file.data) else {
        return;
    };
    let config = book.dir.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    let loc = &cover.referenced;
    let place = |msg: String, help: &str| {
        let (line, column) = ((loc.line() as usize).max(1), (loc.column() as usize).max(1));
        Diagnostic::at(&config, line, column, msg)
            .with_help(help)
            .with_source(&text)
    };
    let (min_w, min_h) = COVER_MIN;
    if w < min_w || h < min_h {
        let msg = format!("the cover is {w}×{h} pixels, smaller than {min_w}×{min_h}");
        let help = "KDP and most shops want at least 1600×2560 pixels: export it larger";
        out.push(Finding::new(Kind::Cover, place(msg, help)));
    }
    let ratio = h as f32 / w.max(1) as f32;
    if (ratio - COVER_RATIO).abs() > RATIO_SLACK {
        let msg = format!("the cover's height is {ratio:.2} times its width, not 1.6");
        let help = "make it 1.6 times as high as it is wide (1600×2560, say), or shops crop it";
        out.push(Finding::new(Kind::Cover, place(msg, help)));
    }
}

/// Images under [`PRINT_DPI`] at the size the print edition `ts` places them.
pub fn image_resolution(book: &Book, assets: &Assets, ts: &Typeset, out: &mut Vec<Finding>) {
    if !assets.has_images {
        return;
    }
    // The placed widths, as the print edition sets them: the smallest dpi of each image.
    let mut placed: HashMap<&str, f32> = HashMap::new();
    for page in &ts.pages {
        for item in &page.items {
            if let PageItem::Image { key, width, .. } = item {
                let w = placed.entry(key.as_str()).or_insert(0.0);
                *w = w.max(*width);
            }
        }
    }
    // Each image's width in pixels, found once however often it is placed (a raster image;
    // a vector image is sharp at any size).
    let pixels: HashMap<&str, u32> = assets
        .files
        .iter()
        .filter(|f| f.media_type != "image/svg+xml" && placed.contains_key(f.href.as_str()))
        .filter_map(|f| Some((f.href.as_str(), pixel_size(&f.data)?.0)))
        .collect();
    for (index, chapter) in book.chapters.iter().enumerate() {
        let Some(hrefs) = assets.images.get(index) else {
            continue;
        };
        let text = std::fs::read_to_string(&chapter.source).unwrap_or_default();
        let mut places = Places::new(&text);
        let mut shown = Shown::new(&chapter.source);
        walk_chapter(chapter, |n| {
            step(1);
            let Node::Inline(Inline::Image(img)) = n else {
                return;
            };
            let Some(href) = hrefs.get(&img.url) else {
                return;
            };
            let (Some(&width_pt), Some(&px)) =
                (placed.get(href.as_str()), pixels.get(href.as_str()))
            else {
                return;
            };
            let dpi = px as f32 / (width_pt / 72.0);
            if width_pt > 0.0 && dpi < PRINT_DPI && shown.room(img.line, img.column) {
                let inches = width_pt / 72.0;
                let msg = format!(
                    "`{}` prints at {dpi:.0} dpi ({px} pixels over {inches:.2} in), under 300",
                    img.url
                );
                let need = (PRINT_DPI * inches).ceil();
                let help = format!("give it at least {need:.0} pixels across for print");
                let d = Diagnostic::at(&chapter.source, img.line, img.column, msg).with_help(help);
                out.push(Finding::new(Kind::ImageResolution, places.attach(d)));
            }
        });
        out.extend(shown.rest(Kind::ImageResolution));
    }
}

/// The findings of one check in one file while they are made: the first [`SHOWN_PER_CHECK`]
/// are made in full, the rest only counted (the report shows no more; see `cap`).
struct Shown<'a> {
    file: &'a Path,
    made: usize,
    hidden: usize,
    first_hidden: (usize, usize),
}

impl<'a> Shown<'a> {
    fn new(file: &'a Path) -> Self {
        Shown {
            file,
            made: 0,
            hidden: 0,
            first_hidden: (0, 0),
        }
    }

    /// Whether to make the finding at `line`:`column` (else it is counted).
    fn room(&mut self, line: usize, column: usize) -> bool {
        step(1);
        if self.made < SHOWN_PER_CHECK {
            self.made += 1;
            return true;
        }
        if self.hidden == 0 || (line, column) < self.first_hidden {
            self.first_hidden = (line, column);
        }
        self.hidden += 1;
        false
    }

    /// The line standing for the findings only counted, if any.
    fn rest(self, kind: Kind) -> Option<Finding> {
        let (line, column) = self.first_hidden;
        (self.hidden > 0).then(|| Finding::not_shown(kind, self.file, line, column, self.hidden))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbns_are_checked_by_their_check_digit() {
        assert!(is_isbn("978-3-16-148410-0"));
        assert!(is_isbn("9780306406157") && is_isbn("0-306-40615-2"));
        assert!(!is_isbn("978-3-16-148410-1") && !is_isbn("978-…") && !is_isbn("12345"));
    }
}
