//! Bytes → a `.bib` file read into CSL-JSON works (as pandoc reads it), or an error with its
//! byte offset inside the text. Any panic or hang is a bug: a bibliography comes from
//! reference managers, colleagues and the web.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for lang in ["id", "tr-TR", "en-US"] {
        match terbit::document::citations::bibtex::to_csl(text, lang) {
            Ok(converted) => {
                for w in converted.warnings {
                    assert!(w.offset <= text.len());
                }
            }
            Err(e) => assert!(e.offset <= text.len(), "an error's place is in the text"),
        }
    }
});
