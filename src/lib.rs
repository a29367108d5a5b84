//! terbit: a book's Markdown chapters and `book.yaml` in, an EPUB 3 and book-quality PDFs out.
//!
//! The pipeline, one module per stage, data flowing one way:
//! `manuscript` (load book.yaml + chapters) → `document` (the IR, built once) → `epub` (IR →
//! XHTML → EPUB) and `typeset` (shaping, hyphenation, line breaking, pagination) → `pdf`
//! (pages → PDF). `lang` holds what terbit knows about each language; `fonts` the embedded
//! fonts; `pipeline` runs the stages for the command line.

pub mod barcode;
pub mod check;
pub mod cli;
pub mod cover;
pub mod document;
pub mod epub;
pub mod error;
pub mod fonts;
pub mod gif;
pub mod import;
pub mod init;
pub mod lang;
pub mod manuscript;
pub mod pdf;
pub mod pipeline;
pub mod png;
pub mod print_service;
pub mod progress;
pub mod reproducible;
pub mod svg;
pub mod svg_budget;
pub mod svg_sanitize;
pub mod typeset;
pub mod watch;
pub mod webp;
pub mod work;

pub use error::{Error, Result};
