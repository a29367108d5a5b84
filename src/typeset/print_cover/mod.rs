//! The printed book's cover, the file a print-on-demand service takes beside the interior:
//! back cover, spine and front cover on one sheet, 0.125 in of bleed all round. The spine is as
//! wide as the interior's pages are thick on the chosen paper; it carries the title, the
//! authors and the publisher once the book is thick enough for the service. The front is the
//! author's cover image (filling the front and its bleed) or terbit's generated design; the
//! back holds the description, the authors with their affiliations, the publisher, and the
//! ISBN's barcode where the service looks for it. What each service asks is in
//! `print_service`; the bars are `barcode`'s, drawn here as rectangles (vectors).

mod back;
mod front;
mod spine;

use crate::document::Book;
use crate::document::assets::Assets;
use crate::error::{Diagnostic, Result};
use crate::fonts::Face;
use crate::print_service::SpineChoice;

use super::paragraph::{Align, ParaStyle, Setter};
use super::tags::{Role, Tag, Tags};
use super::{Bleed, Geometry, Page, PageItem, PageSize, Typeset};

/// Points per inch.
const IN: f32 = 72.0;
const WHITE: [f32; 3] = [1.0; 3];
const BLACK: [f32; 3] = [0.0; 3];

/// The colours of the back and the spine: their ground, the type on it, and the authors'
/// names and the publisher.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Colours {
    pub ground: [f32; 3],
    pub text: [f32; 3],
    pub accent: [f32; 3],
}

/// Whether the spine carries text, and why not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpineText {
    /// Set in type of this size (points).
    Set(f32),
    /// book.yaml says `spine: none`.
    Unwanted,
    /// The book has fewer pages than the service prints spine text on.
    TooFewPages,
    /// The spine is too narrow for type of [`spine::SMALLEST`] with the clearance at its folds.
    TooNarrow,
}

/// A printed cover, and what its making found to warn of.
pub struct Cover {
    pub ts: Typeset,
    /// Its spine's width in points.
    pub spine: f32,
    /// What the spine carries.
    pub spine_text: SpineText,
    pub warnings: Vec<Diagnostic>,
    /// What the service would refuse had the build done as book.yaml says (text asked for on
    /// a spine too thin for it, which the build leaves off).
    pub refused: Vec<Diagnostic>,
}

/// The warning that the print edition `print` of `book` has more pages than its service
/// prints on its paper, if it has.
pub fn too_many_pages(book: &Book, print: &Typeset) -> Option<Diagnostic> {
    let settings = book.meta.print;
    let service = settings.service;
    let pages = print.pages.len();
    let max = service.max_pages(settings.paper)?;
    (pages > max).then(|| {
        let msg = format!(
            "the print edition has {pages} pages: {} prints at most {max} on {} paper",
            service.name(),
            settings.paper.name()
        );
        let help = "choose a larger trim size (`pdf.page_size`) or a smaller type \
                    (`pdf.font_size`), or make two volumes";
        at_key(book, "print", msg, help)
    })
}

/// The cover of `book` for an interior of `pages` pages (its final count, blank pages
/// included), `trim` its trim size. An ISBN whose check digit is wrong is an error: its
/// barcode would be printed on every copy.
pub fn sheet(book: &Book, assets: &Assets, trim: PageSize, pages: usize) -> Result<Cover> {
    let meta = &book.meta;
    let settings = meta.print;
    let service = settings.service;
    let (w, h) = (trim.width, trim.height);
    let spine = service.spine_width(settings.paper, pages);
    let bleed = service.bleed();
    let (mut warnings, mut refused) = (Vec::new(), Vec::new());
    let (_, mut setter) = super::setter(book, assets);
    let mut tags = Tags::new(Tag::FRONT);
    let mut items = Vec::new();

    // The front (drawn first: the back and the spine cover what of an author's picture
    // reaches past the fold), its colours those of the back and the spine.
    let figure = tags.open(Role::Figure);
    tags.close();
    if let Some(node) = tags.node_mut(figure) {
        node.alt = Some(super::front_cover::alt_text(meta));
    }
    let front = front::items(book, assets, (w, h), (spine, bleed), figure);
    let colours = front.colours;
    items.extend(front.items);
    warnings.extend(front.warnings);

    // The spine.
    let spine_text = if settings.spine == SpineChoice::None {
        SpineText::Unwanted
    } else if !service.spine_text_allowed(pages) {
        SpineText::TooFewPages
    } else {
        let tag = tags.open(Role::P);
        tags.close();
        match spine::items(&mut setter, book, (w, spine), (h, colours.text), tag) {
            Some((spine_items, size)) => {
                items.extend(spine_items);
                SpineText::Set(size)
            }
            None => SpineText::TooNarrow,
        }
    };
    if settings.spine == SpineChoice::Text && !matches!(spine_text, SpineText::Set(_)) {
        let why = match spine_text {
            SpineText::TooFewPages => format!(
                "{} prints it on books of {} pages or more, and this one has {pages}",
                service.name(),
                service.spine_text_min_pages()
            ),
            _ => format!(
                "the spine is {:.3} in wide, too narrow for type with {} in clear of each fold",
                spine / IN,
                service.spine_clearance() / IN
            ),
        };
        let msg = format!("the spine is left without text: {why}");
        let help = "leave `spine` at `auto`, or make the book longer";
        refused.push(at_key(book, "spine", msg, help));
    }

    // The back: the barcode's box, and the text above it and beside it.
    let code_tag = tags.open(Role::P);
    tags.close();
    let ((bx, by), code) = back::barcode(&mut setter, book, (w, h), code_tag)?;
    if let Some(isbn) = meta.isbn.as_ref().and_then(|i| i.print.as_ref())
        && let Ok(ean) = crate::barcode::Ean13::from_isbn(&isbn.value)
        && let Some(thirteen) = back::isbn13(&isbn.value, &ean)
    {
        let msg = format!(
            "`{}` is an ISBN-10: the cover prints its ISBN-13, {thirteen}, which the barcode holds",
            isbn.value.trim()
        );
        let help = format!("write `{thirteen}`, as books have carried since 2007");
        warnings.push(at_value(book, &isbn.referenced, msg, &help));
    }
    let (back, cut) = back::items(&mut setter, book, &mut tags, (w, h), (by, bx), colours);
    items.extend(back);
    if cut > 0 {
        let msg = format!(
            "the description is too long for the back cover: its last {cut} line{} left off",
            if cut == 1 { " is" } else { "s are" }
        );
        warnings.push(at_key(
            book,
            "description",
            msg,
            "shorten `description` for print",
        ));
    }
    items.extend(code.into_iter().map(|mut item| {
        item.move_by(bx, by);
        item
    }));
    items.push(PageItem::Colour(BLACK));

    let page = PageSize {
        width: 2.0 * w + spine,
        height: h,
        imperial: trim.imperial,
    };
    let ts = Typeset {
        geometry: Geometry::new(page, meta.pdf.font_size),
        pages: vec![Page {
            items,
            ..Page::default()
        }],
        outline: Vec::new(),
        bleed: Bleed {
            size: bleed,
            at_spine: true,
        },
        padded: 0,
        flow: 0,
        tags: std::sync::Arc::new(Vec::new()),
        front_tags: tags,
    };
    Ok(Cover {
        ts,
        spine,
        spine_text,
        warnings,
        refused,
    })
}

/// A diagnostic at a value of book.yaml (`loc`), with its line shown; at its first line when
/// the value has no place (it came from another tool's file).
pub(super) fn at_value(
    book: &Book,
    loc: &serde_saphyr::Location,
    msg: String,
    help: &str,
) -> Diagnostic {
    let path = crate::manuscript::config_file(&book.dir);
    let (line, column) = match loc.line() {
        0 => (1, 1),
        l => (l as usize, (loc.column() as usize).max(1)),
    };
    let d = Diagnostic::at(&path, line, column, msg).with_help(help);
    match std::fs::read_to_string(&path) {
        Ok(text) if loc.line() > 0 => d.with_source(&text),
        _ => d,
    }
}

/// A diagnostic at `key:` in book.yaml (`key =` in book.toml; the file's first line when it
/// is not there).
pub fn at_key(book: &Book, key: &str, msg: String, help: &str) -> Diagnostic {
    let path = crate::manuscript::config_file(&book.dir);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (line, column, _) = crate::manuscript::config::find_key(&text, key).unwrap_or((1, 1, 0));
    let d = Diagnostic::at(&path, line, column, msg).with_help(help);
    if text.is_empty() {
        d
    } else {
        d.with_source(&text)
    }
}

/// `text` set on one line in `face` at `size`: its pieces (a stretch in a fallback font is a
/// piece of its own) with where each starts.
pub(super) fn one_line(
    setter: &mut Setter,
    text: &str,
    face: Face,
    size: f32,
    tag: Tag,
) -> Vec<(f32, super::Piece)> {
    let style = ParaStyle {
        face,
        size,
        measure: f32::MAX / 4.0,
        indent: 0.0,
        align: Align::Left,
        hyphenate: false,
    };
    setter
        .set_text(text, &style)
        .into_iter()
        .take(1)
        .flat_map(|line| line.pieces)
        .map(|p| {
            let mut piece = p.piece;
            piece.tag = tag;
            (p.x, piece)
        })
        .collect()
}

/// `text` on one line, centred on `centre`, its baseline at `y`.
pub(super) fn centred_line(
    setter: &mut Setter,
    (text, face, size): (&str, Face, f32),
    centre: f32,
    y: f32,
    tag: Tag,
) -> Vec<PageItem> {
    let pieces = one_line(setter, text, face, size, tag);
    let width: f32 = pieces.iter().map(|(_, p)| p.width()).sum();
    pieces
        .into_iter()
        .map(|(x, piece)| PageItem::Text {
            x: centre - width / 2.0 + x,
            y,
            piece,
        })
        .collect()
}
