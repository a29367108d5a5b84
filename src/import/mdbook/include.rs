//! mdBook's `{{#include FILE}}` and `{{#rustdoc_include FILE}}`, expanded as mdBook does:
//! the whole file, a line range (`FILE:3:10`, `FILE:3:`, `FILE::10`, `FILE:3`) or the lines
//! between `ANCHOR: name` and `ANCHOR_END: name` (`FILE:name`); lines marking anchors are left
//! out. `rustdoc_include` gives readers the same lines (the rest of the file, which mdBook
//! hides from them, is left out). Paths are relative to the including file and must resolve
//! inside the book's folder; included files may include others, to a depth of 10.
//! `\{{#include …}}` is written out as it is, without the backslash.
//! Where each part of the expanded text came from is mapped (`manuscript::origins`), so that a
//! message about included text names the included file, line and column.

use std::path::Path;

use crate::error::{Diagnostic, Error, Locator, Result};
use crate::manuscript::origins::{ChapterOrigins, Segment};
use crate::manuscript::{self, MAX_CHAPTER_BYTES};

/// How deep includes may nest (mdBook's limit too).
const MAX_DEPTH: usize = 10;

/// `text` (the contents of `file`) with its includes expanded, and where each part of the
/// expanded text came from (`None` when nothing was included: the text is the file's own).
/// `real_dir` is the book's folder, canonical.
pub fn expand(
    file: &Path,
    text: &str,
    real_dir: &Path,
) -> Result<(String, Option<ChapterOrigins>)> {
    let mut ex = Expander {
        out: String::with_capacity(text.len()),
        line: 1,
        column: 1,
        map: ChapterOrigins {
            files: vec![file.to_path_buf()],
            segments: Vec::new(),
        },
        changed: false,
        limit: text.len().saturating_add(MAX_CHAPTER_BYTES as usize),
        real_dir,
    };
    ex.expand_at(file, 0, text, None, 0)?;
    let origins = ex.changed.then_some(ex.map);
    Ok((ex.out, origins))
}

/// The expanded text as it is written, and where it came from.
struct Expander<'a> {
    out: String,
    /// Where `out` ends: 1-based line and character column.
    line: usize,
    column: usize,
    map: ChapterOrigins,
    /// Whether the text is not the chapter's own as it is (an include, a dropped backslash).
    changed: bool,
    /// Longest `out` may grow: the chapter and as much again as terbit reads of a chapter.
    limit: usize,
    real_dir: &'a Path,
}

impl Expander<'_> {
    /// Append `s`, following where `out` ends.
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
        match s.rfind('\n') {
            Some(i) => {
                self.line += s.matches('\n').count();
                self.column = s[i + 1..].chars().count() + 1;
            }
            None => self.column += s.chars().count(),
        }
    }

    /// The text from here on comes from `file` at `line`, `column`; not written down when the
    /// last segment already says so (the chapter's own lines, one after another).
    fn mark(&mut self, file: usize, line: usize, column: usize) {
        let seg = Segment {
            line: self.line,
            column: self.column,
            file,
            source_line: line,
            source_column: column,
        };
        if let Some(last) = self.map.segments.last_mut() {
            let follows = if seg.line == last.line {
                (
                    last.source_line,
                    last.source_column + (seg.column - last.column),
                )
            } else {
                (last.source_line + (seg.line - last.line), seg.column)
            };
            if last.file == file && follows == (line, column) {
                return;
            }
            if (last.line, last.column) == (seg.line, seg.column) {
                // Nothing came from the last one (an empty include).
                *last = seg;
                return;
            }
        }
        self.map.segments.push(seg);
    }

    /// Copy `text[range.0..range.1]`, of the file numbered `file` in the map; `lines` are the file's
    /// line numbers of `text`'s lines (`None`: the same), which differ when a range or anchor
    /// picked them.
    fn copy(
        &mut self,
        file: usize,
        text: &str,
        range: (usize, usize),
        lines: Lines,
        loc: &mut Locator,
    ) {
        let (mut line, mut column) = loc.locate(range.0);
        for piece in text[range.0..range.1].split_inclusive('\n') {
            self.mark(file, real_line(lines, line), column);
            self.push(piece);
            line += 1;
            column = 1;
        }
    }

    fn file_index(&mut self, path: &Path) -> usize {
        let files = &mut self.map.files;
        files.iter().position(|f| f == path).unwrap_or_else(|| {
            files.push(path.to_path_buf());
            files.len() - 1
        })
    }

    /// Expand `text`, of `file` (numbered `index` in the map), into `out`.
    fn expand_at(
        &mut self,
        file: &Path,
        index: usize,
        text: &str,
        lines: Lines,
        depth: usize,
    ) -> Result<()> {
        let mut loc = Locator::new(text);
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
                self.copy(index, text, (rest, end), lines, &mut loc);
                rest = end;
                continue;
            }
            if text[..start].ends_with('\\') {
                self.copy(index, text, (rest, start - 1), lines, &mut loc);
                self.copy(index, text, (start, end), lines, &mut loc);
                self.changed = true;
                rest = end;
                continue;
            }
            self.copy(index, text, (rest, start), lines, &mut loc);
            let (line, column) = loc.locate(start);
            // At the directive, in its file's own lines (`text` may be some of them only).
            let place = |msg: String, help: &str| -> Error {
                Diagnostic::at(file, real_line(lines, line), column, msg)
                    .with_help(help)
                    .with_source_at(text, start)
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
            if !real.starts_with(self.real_dir) {
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
            let (selected, numbers) = select(&included, selector).ok_or_else(|| {
                let msg = format!("no anchor `{}` in `{target}`", selector.unwrap_or_default());
                place(
                    msg,
                    "mark the lines with `ANCHOR: name` and `ANCHOR_END: name`",
                )
            })?;
            drop(included);
            self.changed = true;
            let child = self.file_index(&path);
            self.expand_at(&path, child, &selected, Some(&numbers), depth + 1)?;
            if self.out.len() > self.limit {
                let msg = "the includes make this chapter larger than terbit reads".to_string();
                return Err(place(msg, "include less, or split the chapter"));
            }
            rest = end;
        }
        self.copy(index, text, (rest, text.len()), lines, &mut loc);
        Ok(())
    }
}

/// The file's line numbers of a text's lines, when they are not 1, 2, 3, …
type Lines<'a> = Option<&'a [usize]>;

/// The file's number of `line` of a text whose lines are `lines`.
fn real_line(lines: Lines, line: usize) -> usize {
    lines
        .and_then(|ls| ls.get(line.checked_sub(1)?).copied())
        .unwrap_or(line)
}

/// `FILE` and what follows its first `:` (a range or an anchor), if anything.
fn split_selector(arg: &str) -> (&str, Option<&str>) {
    match arg.split_once(':') {
        Some((file, sel)) => (file.trim(), Some(sel.trim())),
        None => (arg, None),
    }
}

/// The lines of `text` that `selector` picks, anchor lines left out, and their line numbers;
/// `None` for an anchor that is not there.
fn select(text: &str, selector: Option<&str>) -> Option<(String, Vec<usize>)> {
    let lines: Vec<&str> = text.lines().collect();
    let is_marker = |l: &str| l.contains("ANCHOR:") || l.contains("ANCHOR_END:");
    // As mdBook: the lines joined, without a line end after the last (the directive's own
    // line end follows). `first` is the index of `ls[0]` in `lines`.
    let keep = |first: usize, ls: &[&str]| -> (String, Vec<usize>) {
        let kept: Vec<(usize, &str)> = (first + 1..)
            .zip(ls.iter().copied())
            .filter(|(_, l)| !is_marker(l))
            .collect();
        let text: Vec<&str> = kept.iter().map(|k| k.1).collect();
        (text.join("\n"), kept.iter().map(|k| k.0).collect())
    };
    let Some(sel) = selector.filter(|s| !s.is_empty()) else {
        return Some(keep(0, &lines));
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
            return Some(keep(start + 1, &lines[start + 1..end]));
        }
    };
    let from = from.max(1).min(lines.len() + 1);
    let to = to.min(lines.len()).max(from - 1);
    Some(keep(from - 1, &lines[from - 1..to]))
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
            select(FILE, Some("salam")).unwrap().0,
            "    println!(\"halo\");"
        );
        assert_eq!(select(FILE, Some("1:1")).unwrap().0, "fn main() {");
        assert_eq!(
            select(FILE, Some("3")).unwrap().0,
            "    println!(\"halo\");"
        );
        assert_eq!(
            select(FILE, Some("3:")).unwrap().0,
            "    println!(\"halo\");\n}"
        );
        assert_eq!(select(FILE, Some(":1")).unwrap().0, "fn main() {");
        assert_eq!(
            select(FILE, None).unwrap().0,
            "fn main() {\n    println!(\"halo\");\n}"
        );
        assert!(select(FILE, Some("tidak_ada")).is_none());
        assert_eq!(select(FILE, Some("90:99")).unwrap().0, "");
        // The file's own numbers of the lines picked, anchor lines left out.
        assert_eq!(select(FILE, None).unwrap().1, [1, 3, 5]);
        assert_eq!(select(FILE, Some("2:4")).unwrap().1, [3]);
        assert_eq!(select(FILE, Some("3:")).unwrap().1, [3, 5]);
    }

    /// Each place of the expanded text is traced to its file, line and column: a whole file
    /// with anchor lines left out, an anchor's lines in the middle of a line, and a line range
    /// of a file that itself includes, in the middle of a line.
    #[test]
    fn the_map_gives_each_place_its_file_line_and_column() {
        let dir = std::env::temp_dir().join(format!("terbit-include-map-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src/kode")).unwrap();
        std::fs::write(dir.join("src/kode/main.rs"), FILE).unwrap();
        let inner = "satu\ndua {{#include main.rs:3}} tiga\nempat\nlima\n";
        std::fs::write(dir.join("src/kode/dalam.md"), inner).unwrap();
        let real = dir.canonicalize().unwrap();
        let chapter = dir.join("src/bab.md");
        let text = "A\n{{#include kode/main.rs}}\nx {{#include kode/main.rs:salam}} y\n\
                    {{#include kode/dalam.md:2:3}}\nB\n";
        let (out, map) = expand(&chapter, text, &real).unwrap();
        assert_eq!(
            out,
            "A\nfn main() {\n    println!(\"halo\");\n}\nx     println!(\"halo\"); y\n\
             dua     println!(\"halo\"); tiga\nempat\nB\n"
        );
        let map = map.unwrap();
        let at = |line, column| {
            let (file, line, column) = map.place(line, column).unwrap();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, line, column)
        };
        let want = |name: &str, line, column| (name.to_string(), line, column);
        assert_eq!(at(1, 1), want("bab.md", 1, 1));
        assert_eq!(at(2, 4), want("main.rs", 1, 4));
        // Line 2 of main.rs marks the anchor and is left out.
        assert_eq!(at(3, 5), want("main.rs", 3, 5));
        assert_eq!(at(4, 1), want("main.rs", 5, 1));
        assert_eq!(at(5, 1), want("bab.md", 3, 1));
        assert_eq!(at(5, 7), want("main.rs", 3, 5));
        // After the included part, the chapter's line again, past the directive.
        assert_eq!(at(5, 25), want("bab.md", 3, 35));
        assert_eq!(at(6, 2), want("dalam.md", 2, 2));
        assert_eq!(at(6, 9), want("main.rs", 3, 5));
        assert_eq!(at(6, 27), want("dalam.md", 2, 28));
        assert_eq!(at(7, 3), want("dalam.md", 3, 3));
        assert_eq!(at(7, 6), want("bab.md", 4, 31));
        assert_eq!(at(8, 1), want("bab.md", 5, 1));
        // A chapter that includes nothing has no map.
        assert!(
            expand(&chapter, "# A\n\nteks {{#title X}}\n", &real)
                .unwrap()
                .1
                .is_none()
        );
        // An error in an included file is at its own line, though a range picked it.
        std::fs::write(
            dir.join("src/kode/rusak.md"),
            "a\nb\nc {{#include hilang.rs}}\n",
        )
        .unwrap();
        let e = expand(&chapter, "{{#include kode/rusak.md:3}}\n", &real)
            .unwrap_err()
            .to_string();
        assert!(e.contains("rusak.md:3:3: `hilang.rs` not found"), "{e}");
        assert!(e.contains("c {{#include hilang.rs}}"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
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
        let out = expand(&chapter, text, &real).unwrap().0;
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
