//! The print preflight: what the chosen print-on-demand service (book.yaml `print`) would
//! refuse of the print edition and its cover, found on the print edition as the build sets it
//! and on the cover as the build draws it — a page count under the service's minimum (the
//! build adds blank pages) or over its maximum, text asked for on a spine too thin for it, a
//! cover image under 300 dpi on the printed front or cut by its proportions, a description too
//! long for the back. A wrong ISBN check digit is a metadata error (`book::metadata`).

use super::{Finding, Kind};
use crate::document::Book;
use crate::document::assets::Assets;
use crate::error::{Diagnostic, Error};
use crate::typeset::Typeset;

/// The preflight of `book`, whose print edition is `print`.
pub fn preflight(book: &Book, assets: &Assets, print: &Typeset, out: &mut Vec<Finding>) {
    let settings = book.meta.print;
    let service = settings.service;
    let pages = print.pages.len();
    let own = pages - print.padded;
    let config = crate::manuscript::config_file(&book.dir);
    let at_print =
        |msg: String, help: &str| crate::typeset::print_cover::at_key(book, "print", msg, help);
    if own < service.min_pages() {
        let msg = format!(
            "the print edition has {own} pages: {} prints no fewer than {}, and the build \
             ends it with {} blank pages",
            service.name(),
            service.min_pages(),
            print.padded
        );
        let help = "accept the blank pages, or choose a smaller trim size or a larger type";
        out.push(Finding::new(Kind::Print, at_print(msg, help)));
    }
    if let Some(d) = crate::typeset::print_cover::too_many_pages(book, print) {
        out.push(Finding::error(Kind::Print, d));
    }
    match crate::typeset::print_cover::sheet(book, assets, print.geometry.page, pages) {
        Ok(cover) => {
            out.extend(
                cover
                    .refused
                    .into_iter()
                    .map(|d| Finding::error(Kind::Print, d)),
            );
            out.extend(
                cover
                    .warnings
                    .into_iter()
                    .map(|d| Finding::new(Kind::Print, d)),
            );
        }
        // An ISBN the barcode cannot be drawn from: a wrong check digit is reported by the
        // metadata check; anything else (an ISBN-13 that is not a book's) here.
        Err(Error::Input(d)) => {
            let isbn = book.meta.isbn.as_ref().and_then(|i| i.print());
            if isbn.is_some_and(super::book::is_isbn) {
                out.push(Finding::error(Kind::Print, d));
            }
        }
        Err(e) => out.push(Finding::error(
            Kind::Print,
            Diagnostic::at(&config, 1, 1, e.to_string()),
        )),
    }
}
