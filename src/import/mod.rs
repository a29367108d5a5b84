//! Books from other tools, read as they are: a folder of pandoc-style chapters (metadata in
//! YAML front matter or `% title` blocks) and an mdBook folder (`book.toml` and
//! `src/SUMMARY.md`). Each importer turns the folder into the same `Manuscript` a book.yaml
//! gives; when a book.yaml is there, it wins and the importers are not used.

pub mod mdbook;
pub mod pandoc;
