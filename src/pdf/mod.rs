//! Pages → PDF.

use crate::document::Book;
use crate::error::Result;

/// Which PDF to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    Screen,
    Print,
}

/// The PDF of `book`, as bytes.
pub fn write(_book: &Book, _edition: Edition) -> Result<Vec<u8>> {
    Err(crate::Error::Other("PDF writer not written yet".into()))
}
