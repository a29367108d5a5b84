//! Every example of the CommonMark spec (652, in `tests/data/commonmark-spec.json`) becomes a
//! chapter of a few books; each book must build without a panic, its EPUB must pass EPUBCheck
//! with no error and its PDF `qpdf --check`. Examples that show images name files that do not
//! exist (or remote URLs): those are built one by one and must end in a clear diagnostic, never
//! a panic or a broken book.

mod common;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::process::Command;

use terbit::pipeline::{self, Format};

struct Example {
    number: u64,
    section: String,
    markdown: String,
}

fn examples() -> Vec<Example> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/commonmark-spec.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|e| Example {
            number: e["example"].as_u64().unwrap(),
            section: e["section"].as_str().unwrap().to_string(),
            markdown: e["markdown"].as_str().unwrap().to_string(),
        })
        .collect()
}

fn shows_image(md: &str) -> bool {
    md.contains("![") || md.contains("<img")
}

/// Examples built one by one, each ending in a book or a diagnostic naming its file.
fn alone(e: &Example) -> bool {
    shows_image(&e.markdown)
}

/// Write a book of `examples` (one chapter each) into `dir`.
fn write_book(dir: &Path, title: &str, examples: &[&Example]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("book.yaml"),
        format!("title: \"{title}\"\nlanguage: en\n"),
    )
    .unwrap();
    for e in examples {
        std::fs::write(dir.join(format!("ex{:03}.md", e.number)), &e.markdown).unwrap();
    }
}

fn build(dir: &Path, out: &Path) -> terbit::Result<Vec<pipeline::Output>> {
    match catch_unwind(AssertUnwindSafe(|| {
        pipeline::build(dir, out, &[Format::Epub, Format::Pdf])
    })) {
        Ok(result) => result,
        Err(_) => panic!("terbit panicked on {}", dir.display()),
    }
}

#[test]
fn every_commonmark_example_builds_into_valid_books() {
    let all = examples();
    assert_eq!(all.len(), 652);
    let root = common::scratch("commonmark-corpus");

    // Books of whole sections, about a hundred examples each.
    let mut groups: BTreeMap<usize, Vec<&Example>> = BTreeMap::new();
    let mut sections: Vec<&str> = Vec::new();
    for e in all.iter().filter(|e| !alone(e)) {
        if !sections.contains(&e.section.as_str()) {
            sections.push(&e.section);
        }
        let book = sections.iter().position(|s| *s == e.section).unwrap() * 6 / 26;
        groups.entry(book).or_default().push(e);
    }
    let epubcheck = common::epubcheck_jar();
    if epubcheck.is_none() {
        common::missing("EPUBCheck");
    }
    let qpdf = common::program("qpdf");
    if qpdf.is_none() {
        common::missing("qpdf");
    }
    let mut built = 0;
    for (n, examples) in &groups {
        let dir = root.join(format!("book{n}"));
        write_book(&dir, &format!("CommonMark {n}"), examples);
        let outputs =
            build(&dir, &dir.join("out")).unwrap_or_else(|e| panic!("book {n} failed: {e}"));
        built += examples.len();
        for o in outputs {
            match o.format {
                Format::Epub => {
                    if let Some(jar) = &epubcheck {
                        let run = Command::new("java")
                            .arg("-jar")
                            .arg(jar)
                            .arg(&o.path)
                            .output()
                            .unwrap();
                        let report = String::from_utf8_lossy(&run.stdout).into_owned()
                            + &String::from_utf8_lossy(&run.stderr);
                        assert!(run.status.success(), "EPUBCheck on book {n}:\n{report}");
                    }
                }
                _ => {
                    if let Some(qpdf) = &qpdf {
                        let run = Command::new(qpdf)
                            .arg("--check")
                            .arg(&o.path)
                            .output()
                            .unwrap();
                        assert!(
                            run.status.success(),
                            "qpdf on book {n}: {}",
                            String::from_utf8_lossy(&run.stdout)
                        );
                    }
                }
            }
        }
    }
    let with_images: Vec<&Example> = all.iter().filter(|e| alone(e)).collect();
    assert_eq!(built + with_images.len(), 652);

    // Examples with images or undrawable characters: each builds, or stops with a diagnostic
    // naming its file.
    for e in with_images {
        let dir = root.join(format!("image{:03}", e.number));
        write_book(&dir, "Image", &[e]);
        match build(&dir, &dir.join("out")) {
            Ok(_) => {}
            Err(err) => {
                let msg = err.to_string();
                assert!(
                    msg.contains(&format!("ex{:03}.md:", e.number)),
                    "example {}: {msg}",
                    e.number
                );
                assert!(
                    !dir.join("out").exists(),
                    "example {}: output written despite the error",
                    e.number
                );
            }
        }
    }
}
