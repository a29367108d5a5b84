//! Bytes → a chapter → IR → EPUB and screen PDF, through the library as `terbit build` runs
//! it. Any panic, overflow or hang is a bug, and so is an EPUB whose XHTML is not well-formed;
//! errors (bad images, undrawable characters) are fine. Inputs are kept small so that each run
//! is quick.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "shared/well_formed.rs"]
mod well_formed;

use libfuzzer_sys::fuzz_target;
use terbit::manuscript::{ChapterSource, Manuscript, config};

/// An empty book folder (images the input names are looked up, and not found, there).
fn book_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("terbit-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    if data.is_empty() || data.len() > 4096 {
        return;
    }
    // The first byte picks the language: the languages' rules (casing, hyphenation, shaping
    // features) differ.
    let language = ["id", "tr", "en"][usize::from(data[0]) % 3];
    let text = String::from_utf8_lossy(&data[1..]).into_owned();
    let yaml = format!("title: Fuzz\nlanguage: {language}\n");
    let Ok(config) = config::parse(Path::new("book.yaml"), &yaml) else {
        panic!("the fixed book.yaml must parse");
    };
    let dir = book_dir().to_path_buf();
    let manuscript = Manuscript {
        dir: dir.clone(),
        config,
        chapters: vec![ChapterSource {
            path: dir.join("bab.md"),
            text,
        }],
        references: Default::default(),
    };
    let Ok((book, warnings)) = terbit::document::build_with_warnings(&manuscript) else {
        return;
    };
    for w in warnings.into_vec() {
        let _ = w.to_string();
    }
    // Characters no font draws are a warning: the outputs are made all the same.
    if let Some(w) =
        terbit::document::coverage::check(&book, &manuscript, &terbit::fonts::FontSet::bundled())
    {
        let _ = w.to_string();
    }
    match terbit::epub::write(&book) {
        Ok(epub) => well_formed::every_xhtml_is_well_formed(&epub),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Err(e) = terbit::pipeline::pdf_bytes(&book, terbit::pdf::Edition::Screen) {
        let _ = e.to_string();
    }
});
