//! mdBook's `{{#include FILE}}` and `{{#rustdoc_include FILE}}`, expanded as mdBook does:
//! the whole file, a line range (`FILE:3:10`, `FILE:3:`, `FILE::10`, `FILE:3`) or the lines
//! between `ANCHOR: name` and `ANCHOR_END: name` (`FILE:name`); lines marking anchors are left
//! out. `rustdoc_include` gives readers the same lines (the rest of the file, which mdBook
//! hides from them, is left out). Paths are relative to the including file and must resolve
//! inside the book's folder; included files may include others, to a depth of 10.
//! `\{{#include …}}` is written out as it is, without the backslash.

use std::path::Path;

use crate::error::{Diagnostic, Error, Result, line_col};
use crate::manuscript::{self, MAX_CHAPTER_BYTES};

/// How deep includes may nest (mdBook's limit too).
const MAX_DEPTH: usize = 10;

/// `text` (the contents of `file`) with its includes expanded. `real_dir` is the book's folder,
/// canonical.
pub fn expand(file: &Path, text: &str, real_dir: &Path) -> Result<String> {
    let mut budget = MAX_CHAPTER_BYTES as usize;
    expand_at(file, text, real_dir, 0, &mut budget)
}

fn expand_at(
    file: &Path,
    text: &str,
    real_dir: &Path,
    depth: usize,
    budget: &mut usize,
) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{#") {
        let start = rest + found;
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        let end = start + len + 2;
        let inner = text[start + 3..end - 2].trim();
        let (name, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        if !matches!(name, "include" | "rustdoc_include") {
            out.push_str(&text[rest..end]);
            rest = end;
            continue;
        }
        if text[..start].ends_with('\\') {
            out.push_str(&text[rest..start - 1]);
            out.push_str(&text[start..end]);
            rest = end;
            continue;
        }
        out.push_str(&text[rest..start]);
        let place = |msg: String, help: &str| -> Error {
            let (line, column) = line_col(text, start);
            Diagnostic::at(file, line, column, msg)
                .with_help(help)
                .with_source(text)
                .into()
        };
        if depth >= MAX_DEPTH {
            let msg = format!("includes nest more than {MAX_DEPTH} deep");
            return Err(place(msg, "an included file probably includes itself"));
        }
        let arg = arg.trim();
        let (target, selector) = split_selector(arg);
        if target.is_empty() {
            return Err(place(
                format!("`{{{{#{name}}}}}` names no file"),
                "write {{#include FILE}}",
            ));
        }
        let dir = file.parent().unwrap_or(Path::new(""));
        let path = dir.join(target);
        let real = path
            .canonicalize()
            .ok()
            .filter(|real| real.is_file())
            .ok_or_else(|| {
                place(
                    format!("`{target}` {}", crate::manuscript::not_a_file(&path)),
                    "check the file name, relative to this file",
                )
            })?;
        if !real.starts_with(real_dir) {
            let msg = format!("`{target}` is outside the book's folder");
            return Err(place(
                msg,
                "terbit includes files from inside the book's folder only",
            ));
        }
        if !real.is_file() {
            return Err(place(format!("`{target}` is not a file"), "include a file"));
        }
        let included = manuscript::read_text(&path)?;
        let selected = select(&included, selector).ok_or_else(|| {
            let msg = format!("no anchor `{}` in `{target}`", selector.unwrap_or_default());
            place(
                msg,
                "mark the lines with `ANCHOR: name` and `ANCHOR_END: name`",
            )
        })?;
        let expanded = expand_at(&path, &selected, real_dir, depth + 1, budget)?;
        if expanded.len() > *budget {
            let msg = "the includes make this chapter larger than terbit reads".to_string();
            return Err(place(msg, "include less, or split the chapter"));
        }
        *budget -= expanded.len();
        out.push_str(&expanded);
        rest = end;
    }
    out.push_str(&text[rest..]);
    Ok(out)
}

/// `FILE` and what follows its first `:` (a range or an anchor), if anything.
fn split_selector(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once(':') {
        Some((file, sel)) => (file.trim(), Some(sel.trim())),
        None => (arg, None),
    }
}

/// The lines of `text` that `selector` picks, anchor lines left out; `None` for an anchor that
/// is not there.
fn select(text: &str, selector: Option<&str>) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let is_marker = |l: &str| l.contains("ANCHOR:") || l.contains("ANCHOR_END:");
    // As mdBook: the lines joined, without a line end after the last (the directive's own
    // line end follows).
    let keep = |ls: &[&str]| -> String {
        let kept: Vec<&str> = ls.iter().copied().filter(|l| !is_marker(l)).collect();
        kept.join("\n")
    };
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return Some(keep(&lines));
    };
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let (from, to) = match sel.split_once(':') {
        Some((a, b))
            if (a.is_empty() || number(a).is_some()) && (b.is_empty() || number(b).is_some()) =>
        {
            (number(a).unwrap_or(1), number(b).unwrap_or(lines.len()))
        }
        None if number(sel).is_some() => {
            let n = number(sel).unwrap_or(1);
            (n, n)
        }
        _ => {
            // An anchor.
            let start = lines
                .iter()
                .position(|l| anchor_of(l, "ANCHOR:") == Some(sel))?;
            let end = lines[start + 1..]
                .iter()
                .position(|l| anchor_of(l, "ANCHOR_END:") == Some(sel))
                .map_or(lines.len(), |e| start + 1 + e);
            return Some(keep(&lines[start + 1..end]));
        }
    };
    let from = from.max(1).min(lines.len() + 1);
    let to = to.min(lines.len()).max(from - 1);
    Some(keep(&lines[from - 1..to]))
}

/// The name after `marker` on `line` (`// ANCHOR: main` → `main`).
fn anchor_of<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    line[at + marker.len()..].split_whitespace().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str =
        "fn main() {\n    // ANCHOR: salam\n    println!(\"halo\");\n    // ANCHOR_END: salam\n}\n";

    #[test]
    fn ranges_and_anchors_pick_lines() {
        assert_eq!(
            select(FILE, Some("salam")).unwrap(),
            "    println!(\"halo\");"
        );
        assert_eq!(select(FILE, Some("1:1")).unwrap(), "fn main() {");
        assert_eq!(select(FILE, Some("3")).unwrap(), "    println!(\"halo\");");
        assert_eq!(
            select(FILE, Some("3:")).unwrap(),
            "    println!(\"halo\");\n}"
        );
        assert_eq!(select(FILE, Some(":1")).unwrap(), "fn main() {");
        assert_eq!(
            select(FILE, None).unwrap(),
            "fn main() {\n    println!(\"halo\");\n}"
        );
        assert!(select(FILE, Some("tidak_ada")).is_none());
        assert_eq!(select(FILE, Some("90:99")).unwrap(), "");
    }

    #[test]
    fn includes_expand_in_place_and_stay_in_the_book() {
        let dir = std::env::temp_dir().join(format!("terbit-include-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/kode")).unwrap();
        std::fs::write(dir.join("src/kode/main.rs"), FILE).unwrap();
        std::fs::write(
            dir.join("src/kode/dalam.md"),
            "dalam {{#include main.rs:3}}",
        )
        .unwrap();
        let real = dir.canonicalize().unwrap();
        let chapter = dir.join("src/bab.md");
        let text = "A\n```rust\n{{#rustdoc_include kode/main.rs:salam}}\n```\n\
                    {{#include kode/dalam.md}}\n\\{{#include tidak}}\n{{#title X}}\n";
        let out = expand(&chapter, text, &real).unwrap();
        assert_eq!(
            out,
            "A\n```rust\n    println!(\"halo\");\n```\ndalam     println!(\"halo\");\n\
             {{#include tidak}}\n{{#title X}}\n"
        );
        let outside = dir.with_extension("txt");
        std::fs::write(&outside, "rahasia").unwrap();
        let name = outside.file_name().unwrap().to_string_lossy();
        let e = expand(
            &chapter,
            &format!("x\n  {{{{#include ../../{name}}}}}\n"),
            &real,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("bab.md:2:3:") && e.contains("outside the book"),
            "{e}"
        );
        std::fs::remove_file(&outside).unwrap();
        let e = expand(&chapter, "{{#include hilang.rs}}", &real)
            .unwrap_err()
            .to_string();
        assert!(e.contains("`hilang.rs` not found"), "{e}");
        std::fs::write(dir.join("src/diri.md"), "{{#include diri.md}}").unwrap();
        let e = expand(&dir.join("src/diri.md"), "{{#include diri.md}}", &real)
            .unwrap_err()
            .to_string();
        assert!(e.contains("nest more than 10"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
