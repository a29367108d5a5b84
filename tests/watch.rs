//! `terbit watch`: a build at once, one more for each burst of changes, a failed build reported
//! without ending the watch, and the outputs' own writes (inside the book's folder here) never
//! starting a build.
//!
//! The waits below are guards against a hang (a watch that never reports), not measurements:
//! they are minutes long and nothing is asserted about how fast a build is.

mod common;

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use terbit::pipeline::{Format, Silent};
use terbit::watch::{Event, Options, watch};

/// Long enough for any machine to build a small book; only a watch that hangs reaches it.
const GUARD: Duration = Duration::from_secs(300);

/// Write a file as an editor saving it does: whole, by renaming a hidden temporary file into
/// place, so that a build started by the first event never reads it half-written (which under
/// load made this test see a failed build it did not cause).
fn write(dir: &Path, name: &str, text: &str) {
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, dir.join(name)).unwrap();
}

#[test]
fn rebuilds_on_change_and_survives_a_failed_build() {
    let book = common::scratch("watch-lib");
    write(&book, "book.yaml", "title: Diawasi\nlanguage: id\n");
    write(&book, "a.md", "# Bab\n\nVersi satu.\n");
    let out = book.join("build"); // inside the watched folder on purpose
    let (tx, rx) = mpsc::channel::<String>();
    let (b, o) = (book.clone(), out.clone());
    let watcher = std::thread::spawn(move || {
        let options = Options {
            max_builds: Some(3),
            ..Options::default()
        };
        let mut report = |e: Event| {
            let said = match e {
                Event::Watching { .. } => "watching".to_string(),
                Event::Changed { paths } => format!("changed {paths:?}"),
                Event::Built { result: Ok(b), .. } => format!("built {}", b.outputs.len()),
                Event::Built { result: Err(e), .. } => format!("failed {e}"),
            };
            tx.send(said).unwrap();
        };
        watch(&b, &o, &[Format::Epub], &options, &Silent, &mut report)
    });
    let next = || rx.recv_timeout(GUARD).expect("the watch reported nothing");
    assert_eq!(next(), "built 1");
    assert_eq!(next(), "watching");
    // The build read every file of the book: reading is no change, and starts no build.
    if let Ok(said) = rx.recv_timeout(terbit::watch::DEBOUNCE * 3) {
        panic!("nothing changed, yet the watch said: {said}");
    }
    let epub = out.join("diawasi.epub");
    let first = std::fs::read(&epub).unwrap();

    // A broken book.yaml: reported with its place, and the watch goes on.
    write(
        &book,
        "book.yaml",
        "title: Diawasi\nlanguage: id\nsubtitel: x\n",
    );
    let changed = next();
    assert!(
        changed.starts_with("changed") && changed.contains("book.yaml"),
        "{changed}"
    );
    assert!(
        !changed.contains("build/"),
        "outputs do not start builds: {changed}"
    );
    let failed = next();
    assert!(
        failed.contains("book.yaml:3:1: unknown key `subtitel`"),
        "{failed}"
    );
    assert_eq!(
        std::fs::read(&epub).unwrap(),
        first,
        "a failed build leaves the outputs"
    );

    // Fixed, with a subtitle (one write, so one build): built again.
    write(
        &book,
        "book.yaml",
        "title: Diawasi\nsubtitle: Dua\nlanguage: id\n",
    );
    let mut said = next();
    while said.starts_with("changed") {
        assert!(
            !said.contains("build/"),
            "outputs do not start builds: {said}"
        );
        said = next();
    }
    assert_eq!(said, "built 1");
    watcher.join().unwrap().unwrap();
    assert_ne!(
        std::fs::read(&epub).unwrap(),
        first,
        "the subtitle is in the EPUB"
    );
}

#[test]
fn the_command_reports_each_build_and_keeps_watching() {
    let dir = common::scratch("watch-cli");
    let book = dir.join("buku");
    std::fs::create_dir_all(&book).unwrap();
    write(&book, "book.yaml", "title: Diawasi\nlanguage: id\n");
    write(&book, "a.md", "# Bab\n\nTeks.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(["watch", "buku", "-o", "out", "--format", "epub"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("terbit runs");
    let (tx, rx) = mpsc::channel::<String>();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    // Lines come from two pipes, stdout and stderr, read by two threads: a line of one may
    // overtake an earlier line of the other. A line waited for is taken from those already
    // seen and not yet matched, else waited for.
    let mut seen = Vec::new();
    let mut unmatched: Vec<String> = Vec::new();
    let mut wait_for = |what: &str| {
        if let Some(at) = unmatched.iter().position(|l| l.contains(what)) {
            return unmatched.remove(at);
        }
        loop {
            let line = rx
                .recv_timeout(GUARD)
                .unwrap_or_else(|_| panic!("no `{what}` from terbit watch; it said {seen:?}"));
            seen.push(line.clone());
            if line.contains(what) {
                return line;
            }
            unmatched.push(line);
        }
    };
    let built = wait_for("built in ");
    assert!(built.ends_with("s: out/diawasi.epub"), "{built}");
    wait_for("watching buku for changes");
    write(&book, "a.md", "# Bab\n\n![hilang](tidak-ada.png)\n");
    let error = wait_for("error: ");
    assert!(error.contains("buku/a.md:3:1"), "{error}");
    wait_for("build failed after");
    write(&book, "a.md", "# Bab\n\nTeks lagi.\n");
    wait_for("built in ");
    assert!(
        child.try_wait().unwrap().is_none(),
        "still watching after an error"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_missing_folder_is_an_error_not_a_watch() {
    let dir = common::scratch("watch-missing");
    let out = Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(["watch", "tidak-ada"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: tidak-ada: no such folder"));
}
