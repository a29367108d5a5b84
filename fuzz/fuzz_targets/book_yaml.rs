//! Bytes → `book.yaml` → the checked configuration, or a diagnostic (which is also rendered,
//! source line and caret included). Any panic or hang is a bug.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match terbit::manuscript::config::parse(Path::new("book.yaml"), text) {
        Ok(config) => {
            let _ = config.uuid();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
