//! `terbit watch`: a build at once, one more for each burst of changes, a failed build reported
//! without ending the watch, the outputs' own writes (inside the book's folder, or reached by a
//! link from it) never starting a build, nor events that change nothing, and a book folder
//! deleted and made again watched again.
//!
//! The waits below are guards against a hang (a watch that never reports), not measurements:
//! they are minutes long and nothing is asserted about how fast a build is. What is asserted is
//! how many builds there were, after a bounded wait (`QUIET`) for builds that should not come.

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
                Event::Gone { .. } => "gone".to_string(),
                Event::Back { .. } => "back".to_string(),
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

/// A running `terbit watch`, its output read line by line from both pipes.
struct Watching {
    child: std::process::Child,
    rx: mpsc::Receiver<String>,
    /// Every line said so far.
    seen: Vec<String>,
    /// Lines said and not yet waited for.
    unmatched: Vec<String>,
}

impl Watching {
    /// `terbit watch buku -o out --format epub`, run in `dir`.
    fn start(dir: &Path) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_terbit"))
            .args(["watch", "buku", "-o", "out", "--format", "epub"])
            .current_dir(dir)
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
        Watching {
            child,
            rx,
            seen: Vec::new(),
            unmatched: Vec::new(),
        }
    }

    /// The next line containing `what`. Lines come from two pipes, stdout and stderr, read by
    /// two threads: a line of one may overtake an earlier line of the other, so a line waited
    /// for is taken from those already seen and not yet matched, else waited for.
    fn wait_for(&mut self, what: &str) -> String {
        if let Some(at) = self.unmatched.iter().position(|l| l.contains(what)) {
            return self.unmatched.remove(at);
        }
        loop {
            let Ok(line) = self.rx.recv_timeout(GUARD) else {
                panic!("no `{what}` from terbit watch; it said {:?}", self.seen);
            };
            self.seen.push(line.clone());
            if line.contains(what) {
                return line;
            }
            self.unmatched.push(line);
        }
    }

    /// Take in whatever is said during `time`: a bounded wait for events that, if the watch
    /// were wrong, would start builds.
    fn settle(&mut self, time: Duration) {
        let until = std::time::Instant::now() + time;
        while let Ok(line) = self
            .rx
            .recv_timeout(until.saturating_duration_since(std::time::Instant::now()))
        {
            self.seen.push(line.clone());
            self.unmatched.push(line);
        }
    }

    /// How many lines said so far contain `what`.
    fn count(&self, what: &str) -> usize {
        self.seen.iter().filter(|l| l.contains(what)).count()
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How long a watch is given to show a build it should not make: ten debounce times, and
/// three looks for a book folder that is gone.
const QUIET: Duration = Duration::from_secs(3);

/// A folder `buku` in a scratch folder, with a book titled `title`.
fn book_in(name: &str, title: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = common::scratch(name);
    let book = dir.join("buku");
    std::fs::create_dir_all(&book).unwrap();
    write(
        &book,
        "book.yaml",
        &format!("title: {title}\nlanguage: id\n"),
    );
    write(&book, "a.md", "# Bab\n\nTeks.\n");
    (dir, book)
}

#[test]
fn the_command_reports_each_build_and_keeps_watching() {
    let (dir, book) = book_in("watch-cli", "Diawasi");
    let mut w = Watching::start(&dir);
    let built = w.wait_for("built in ");
    assert!(built.ends_with("s: out/diawasi.epub"), "{built}");
    w.wait_for("watching buku for changes");
    write(&book, "a.md", "# Bab\n\n![hilang](tidak-ada.png)\n");
    let error = w.wait_for("error: ");
    assert!(error.contains("buku/a.md:3:1"), "{error}");
    w.wait_for("build failed after");
    write(&book, "a.md", "# Bab\n\nTeks lagi.\n");
    w.wait_for("built in ");
    assert!(
        w.child.try_wait().unwrap().is_none(),
        "still watching after an error"
    );
}

/// A link in the book to the output folder (outside it): the outputs written through it are
/// still the outputs, and start no build (they once started one after the other, for ever).
#[cfg(unix)]
#[test]
fn a_link_into_the_output_folder_starts_no_build() {
    let (dir, book) = book_in("watch-link-out", "Diawasi");
    std::fs::create_dir(dir.join("out")).unwrap();
    std::os::unix::fs::symlink(dir.join("out"), book.join("hasil")).unwrap();
    let mut w = Watching::start(&dir);
    w.wait_for("built in ");
    w.wait_for("watching buku for changes");
    w.settle(QUIET);
    assert_eq!(w.count("built in "), 1, "no edit, one build: {:?}", w.seen);
    // An edit is still one build.
    write(&book, "a.md", "# Bab\n\nTeks lagi.\n");
    w.wait_for("built in ");
    w.settle(QUIET);
    assert_eq!(w.count("built in "), 2, "one edit, one build: {:?}", w.seen);
    assert_eq!(w.count("error"), 0, "{:?}", w.seen);
}

/// The book's folder deleted, then made again (restored from a copy): the watch says once that
/// it is gone, builds nothing meanwhile, and builds and watches the new folder.
#[test]
fn a_book_folder_deleted_and_made_again_is_watched_again() {
    let (dir, book) = book_in("watch-gone", "Diawasi");
    let mut w = Watching::start(&dir);
    w.wait_for("built in ");
    w.wait_for("watching buku for changes");
    std::fs::remove_dir_all(&book).unwrap();
    w.wait_for("the folder is gone");
    w.settle(QUIET);
    assert_eq!(w.count("is gone"), 1, "said once: {:?}", w.seen);
    assert_eq!(w.count("built in ") + w.count("error"), 1, "{:?}", w.seen);

    // Made again whole, as a restore or `mv` does: beside it, then renamed into place.
    let copy = dir.join("buku.baru");
    std::fs::create_dir(&copy).unwrap();
    write(&copy, "book.yaml", "title: Kembali\nlanguage: id\n");
    write(&copy, "a.md", "# Bab\n\nTeks.\n");
    std::fs::rename(&copy, &book).unwrap();
    w.wait_for("buku is back");
    let built = w.wait_for("built in ");
    assert!(built.ends_with("out/kembali.epub"), "{built}");

    // Watched again: an edit builds.
    write(&book, "book.yaml", "title: Kembali Lagi\nlanguage: id\n");
    let built = w.wait_for("built in ");
    assert!(built.ends_with("out/kembali-lagi.epub"), "{built}");
    w.settle(QUIET);
    assert_eq!(w.count("built in "), 3, "{:?}", w.seen);
    assert_eq!(w.count("is gone"), 1, "{:?}", w.seen);
}

/// Events that change no file's content start no build: files read, a file opened for writing
/// and closed unwritten, permissions and access times changed.
#[test]
fn events_that_change_nothing_start_no_build() {
    let (dir, book) = book_in("watch-no-change", "Diawasi");
    let mut w = Watching::start(&dir);
    w.wait_for("built in ");
    w.wait_for("watching buku for changes");
    let chapter = book.join("a.md");
    std::fs::read(&chapter).unwrap();
    std::fs::read(book.join("book.yaml")).unwrap();
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&chapter)
        .unwrap();
    let earlier = std::time::SystemTime::now() - Duration::from_secs(3600);
    file.set_times(std::fs::FileTimes::new().set_accessed(earlier))
        .unwrap();
    drop(file);
    let mut permissions = std::fs::metadata(&chapter).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&chapter, permissions.clone()).unwrap();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&chapter, permissions).unwrap();
    w.settle(QUIET);
    assert_eq!(w.count("built in "), 1, "nothing changed: {:?}", w.seen);

    // A change does build.
    write(&book, "a.md", "# Bab\n\nTeks lagi.\n");
    w.wait_for("built in ");
    assert_eq!(w.count("built in "), 2, "{:?}", w.seen);
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

#[test]
fn the_book_folder_as_the_output_folder_is_refused_before_watching() {
    let dir = common::scratch("watch-into-book");
    std::fs::create_dir_all(dir.join("buku")).unwrap();
    std::fs::write(dir.join("buku/book.yaml"), "title: Buku\nlanguage: id\n").unwrap();
    std::fs::write(dir.join("buku/a.md"), "# Bab\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(["watch", "buku", "-o", "buku"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: buku: this is the book's own folder"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(dir.join("buku")).unwrap().count(), 2);
}
