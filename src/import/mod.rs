//! Books from other tools, read as they are: a folder of pandoc-style chapters (metadata in
//! YAML front matter or `% title` blocks) and an mdBook folder (`book.toml` and
//! `src/SUMMARY.md`). Each importer turns the folder into the same `Manuscript` a book.yaml
//! gives; when a book.yaml is there, it wins and the importers are not used.

pub mod mdbook;
pub mod pandoc;

use crate::typeset::Typeset;

/// `ts`'s bookmarks nested by the chapters' depths (`BookConfig::chapter_depths`, from
/// mdBook's parts and nesting): each entry moves as deep as the chapter of its page.
pub fn nest_outline(ts: &mut Typeset, depths: &[u8]) {
    if depths.iter().all(|&d| d == 0) {
        return;
    }
    for e in &mut ts.outline {
        let chapter = ts.pages.get(e.page).and_then(|p| p.chapter);
        if let Some(&depth) = chapter.and_then(|c| depths.get(c)) {
            e.level = e.level.saturating_add(depth);
        }
    }
}
