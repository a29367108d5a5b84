//! Reading the addresses authors write: URL schemes, percent-escapes, and relative paths that
//! must stay inside the book's folder. Shared by everything that follows a link or an image.

use std::path::{Component, Path, PathBuf};

/// The URL scheme of `url`, lowercased, if it has one (`x:` before any `/`, `?` or `#`).
pub fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.split_once(':')?;
    let mut chars = head.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

/// `%XX` sequences decoded (invalid ones kept as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `p` with `.` and `..` resolved lexically; `None` if it is absolute or climbs above its start.
pub fn normalize(p: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The scheme of `url` when following it would run code or show content from nowhere
/// (`javascript:`, `vbscript:`, `data:`), read as browsers read it: tabs and line breaks
/// anywhere ignored (so `java\tscript:` is `javascript:`), spaces around it too.
pub fn is_dangerous(url: &str) -> Option<String> {
    let cleaned: String = url.trim().chars().filter(|c| !c.is_control()).collect();
    scheme(&cleaned).filter(|s| matches!(s.as_str(), "javascript" | "vbscript" | "data"))
}
