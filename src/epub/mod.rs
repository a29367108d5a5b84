//! IR → EPUB 3.

use crate::document::Book;
use crate::error::Result;

/// The EPUB of `book`, as bytes.
pub fn write(_book: &Book) -> Result<Vec<u8>> {
    Err(crate::Error::Other("EPUB writer not written yet".into()))
}
