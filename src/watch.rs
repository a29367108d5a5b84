//! `terbit watch`: build the book, then rebuild it whenever one of its files changes. File
//! events come from notify, debounced (an editor's save is several events; a `git checkout`
//! hundreds) so that each burst of changes makes one build. A file being opened or read is no
//! change: a build reads every file of the book, and would otherwise start the next one. Each build's time and outcome go to
//! the caller; a failed build is reported and the watch goes on, with the previous outputs left
//! as they were (builds write all or nothing).
//!
//! Changes under the output folder (which may be inside the book's folder), hidden files and
//! editors' backup and swap files do not start a build.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode, Watcher};

use crate::error::{Error, Result};
use crate::pipeline::{self, Built, Format, Observer};

/// How long the files must be quiet before a build starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// What happened in a watch.
#[derive(Debug)]
pub enum Event {
    /// Watching has started (after the first build).
    Watching { dir: PathBuf },
    /// These files changed; a build follows.
    Changed { paths: Vec<PathBuf> },
    /// A build ended: what it made, or the error it stopped at, and how long it took.
    Built {
        result: Result<Built>,
        took: Duration,
    },
}

/// Settings of a watch.
#[derive(Debug, Clone)]
pub struct Options {
    pub debounce: Duration,
    /// Stop after this many builds (the first one included); `None`: watch until killed.
    pub max_builds: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            debounce: DEBOUNCE,
            max_builds: None,
        }
    }
}

/// Build `book_dir` into `out_dir`, then rebuild on every change, telling `report` each step.
/// Returns only when `max_builds` builds are done, or with an error when the folder cannot be
/// watched at all.
pub fn watch(
    book_dir: &Path,
    out_dir: &Path,
    formats: &[Format],
    options: &Options,
    observer: &dyn Observer,
    report: &mut dyn FnMut(Event),
) -> Result<()> {
    let mut builds = 0;
    let mut build = |report: &mut dyn FnMut(Event)| {
        let t = Instant::now();
        let result = pipeline::build_observed(book_dir, out_dir, formats, observer);
        report(Event::Built {
            result,
            took: t.elapsed(),
        });
        builds += 1;
        options.max_builds.is_some_and(|max| builds >= max)
    };
    // Watching starts before the first build, so that a change made while it runs is seen.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let fail = |e: notify::Error| {
        Error::Other(format!(
            "{}: cannot watch this folder: {e}",
            book_dir.display()
        ))
    };
    if !book_dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: no such folder — give the folder that holds book.yaml",
            book_dir.display()
        )));
    }
    let mut watcher = notify::recommended_watcher(tx).map_err(fail)?;
    watcher
        .watch(book_dir, RecursiveMode::Recursive)
        .map_err(fail)?;
    if build(report) {
        return Ok(());
    }
    report(Event::Watching {
        dir: book_dir.to_path_buf(),
    });
    let ignore = Ignore::new(book_dir, out_dir);
    // A burst starts with the first change and lasts until the files have been quiet for the
    // debounce time.
    while let Ok(event) = rx.recv() {
        let mut paths = ignore.changed(event);
        if paths.is_empty() {
            continue;
        }
        let mut quiet_from = Instant::now() + options.debounce;
        loop {
            match rx.recv_timeout(quiet_from.saturating_duration_since(Instant::now())) {
                Ok(event) => {
                    let more = ignore.changed(event);
                    if !more.is_empty() {
                        paths.extend(more);
                        quiet_from = Instant::now() + options.debounce;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        paths.sort();
        paths.dedup();
        report(Event::Changed { paths });
        if build(report) {
            return Ok(());
        }
    }
    Ok(())
}

/// Which changed paths do not start a build.
struct Ignore {
    /// The output folder, as given and as resolved.
    out: Vec<PathBuf>,
}

impl Ignore {
    fn new(book_dir: &Path, out_dir: &Path) -> Ignore {
        let mut out = vec![out_dir.to_path_buf()];
        out.extend(std::path::absolute(out_dir).ok());
        out.extend(out_dir.canonicalize().ok());
        // The output folder may not exist yet when the watch starts; it is then named after
        // the book folder's resolved path too.
        if let (Ok(book), Ok(rel)) = (book_dir.canonicalize(), out_dir.strip_prefix(book_dir)) {
            out.push(book.join(rel));
        }
        Ignore { out }
    }

    /// The paths `event` changed and that start a build: none for an error of the watcher (a
    /// removed folder, say) or a file opened, read or closed unwritten.
    fn changed(&self, event: notify::Result<notify::Event>) -> Vec<PathBuf> {
        let Ok(event) = event else {
            return Vec::new();
        };
        let written = AccessKind::Close(AccessMode::Write);
        if matches!(event.kind, EventKind::Access(kind) if kind != written) {
            return Vec::new();
        }
        event
            .paths
            .into_iter()
            .filter(|p| !self.ignores(p))
            .collect()
    }

    fn ignores(&self, path: &Path) -> bool {
        if self.out.iter().any(|o| path.starts_with(o)) {
            return true;
        }
        let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
            return true;
        };
        name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with(".tmp")
            || name.starts_with('#')
            || name == "4913"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_hidden_and_backup_files_are_ignored() {
        let ignore = Ignore::new(Path::new("/b"), Path::new("/b/build"));
        assert!(ignore.ignores(Path::new("/b/build/buku.epub")));
        assert!(ignore.ignores(Path::new("/b/.01.md.swp")));
        assert!(ignore.ignores(Path::new("/b/01.md~")));
        assert!(ignore.ignores(Path::new("/b/4913")));
        assert!(ignore.ignores(Path::new("/b/#01.md#")));
        assert!(!ignore.ignores(Path::new("/b/01.md")));
        assert!(!ignore.ignores(Path::new("/b/book.yaml")));
        assert!(!ignore.ignores(Path::new("/b/gambar/peta.png")));
    }
}
