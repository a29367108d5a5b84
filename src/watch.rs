//! `terbit watch`: build the book, then rebuild it whenever one of its files changes. File
//! events come from notify, debounced (an editor's save is several events; a `git checkout`
//! hundreds) so that each burst of changes makes one build.
//!
//! An event is only a hint. After each burst the book's files are looked at again (a
//! [`Fingerprint`]: every input's path, length, modification time and file number), and a build
//! starts only when that differs from the one taken before the last build: a file opened, read,
//! closed, given other permissions or created and deleted again starts nothing. Each build's
//! time and outcome go to the caller; a failed build is reported and the watch goes on, with
//! the previous outputs left as they were (builds write all or nothing).
//!
//! Changes under the output folder start no build however they are reached — the folder
//! itself inside the book, or a symbolic link in the book pointing into it — since every path
//! is compared once resolved. Hidden files (terbit's own temporary `.NAME.PID.tmp` among them)
//! and editors' backup and swap files are ignored too.
//!
//! The book's folder may go away (deleted, moved, replaced by a `git checkout` or a restore):
//! the watch says so once, waits for it (its parent folder is watched too, and looked at every
//! [`POLL`] while it is gone), then watches the new folder and builds it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{Error, Result};
use crate::pipeline::{self, Built, Format, Observer};

/// How long the files must be quiet before a build starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);
/// How often a book folder that is gone is looked for.
pub const POLL: Duration = Duration::from_secs(1);

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
    /// The book's folder is gone (deleted or moved away); said once, then the watch waits.
    Gone { dir: PathBuf },
    /// The book's folder is there again (or was replaced by another); a build follows.
    Back { dir: PathBuf },
}

/// Settings of a watch.
#[derive(Debug, Clone)]
pub struct Options {
    pub debounce: Duration,
    /// Stop after this many builds (the first one included); `None`: watch until killed.
    pub max_builds: Option<usize>,
    /// Where to look for fonts the book's and terbit's lack (`--font-path`, the system's).
    pub search: crate::fonts::system::Search,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            debounce: DEBOUNCE,
            max_builds: None,
            search: crate::fonts::system::Search::none(),
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
        let result =
            pipeline::build_observed(book_dir, out_dir, formats, &options.search, observer);
        report(Event::Built {
            result,
            took: t.elapsed(),
        });
        builds += 1;
        options.max_builds.is_some_and(|max| builds >= max)
    };
    let fail = |e: notify::Error| {
        Error::Other(format!(
            "{}: cannot watch this folder: {e}",
            book_dir.display()
        ))
    };
    let root = match book_dir.canonicalize() {
        Ok(root) if root.is_dir() => root,
        _ => {
            return Err(Error::Other(format!(
                "{}: no such folder — give the folder that holds book.yaml",
                book_dir.display()
            )));
        }
    };
    // An output folder every build would refuse (the book's own) is refused once, here.
    pipeline::check_output_folder(book_dir, out_dir)?;
    // Watching starts before the first build, so that a change made while it runs is seen.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(fail)?;
    let mut armed = arm(&mut watcher, &root).map_err(fail)?;
    let mut ignore = Ignore::new(&root, out_dir);
    // Taken before each build: a change made while it runs makes the next one differ.
    let mut last = Fingerprint::of(&root, &ignore);
    if build(report) {
        return Ok(());
    }
    report(Event::Watching {
        dir: book_dir.to_path_buf(),
    });
    let mut gone = false;
    loop {
        ignore.refresh();
        // While the folder is gone, look for it now and then even without an event (its
        // parent may be gone too, and with it the parent's watch).
        let first = if gone {
            match rx.recv_timeout(POLL) {
                Ok(event) => Some(event),
                Err(mpsc::RecvTimeoutError::Timeout) => None,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            }
        } else {
            match rx.recv() {
                Ok(event) => Some(event),
                Err(_) => return Ok(()),
            }
        };
        let mut paths = first.map(|e| ignore.changed(e)).unwrap_or_default();
        if paths.is_empty() && !gone {
            continue;
        }
        // A burst lasts until the files have been quiet for the debounce time.
        if !paths.is_empty() {
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
        }
        match identity(&root) {
            None => {
                if !gone {
                    gone = true;
                    // The watch of a deleted folder is dead; of a moved one, it follows the
                    // folder to its new name. Either way it is not this book's any more.
                    let _ = watcher.unwatch(&root);
                    report(Event::Gone {
                        dir: book_dir.to_path_buf(),
                    });
                }
                continue;
            }
            Some(now) if gone || now != armed => {
                // Back, or replaced by another folder of the same name while the burst lasted:
                // watch the folder that is there now, and build it whatever its files' times.
                let Ok(now) = arm(&mut watcher, &root) else {
                    continue; // gone again already: the next event or poll says so
                };
                armed = now;
                gone = false;
                report(Event::Back {
                    dir: book_dir.to_path_buf(),
                });
                ignore.refresh();
                last = Fingerprint::of(&root, &ignore);
                if build(report) {
                    return Ok(());
                }
                continue;
            }
            Some(_) => {}
        }
        let now = Fingerprint::of(&root, &ignore);
        if now == last {
            continue;
        }
        last = now;
        paths.sort();
        paths.dedup();
        let paths = paths
            .into_iter()
            .map(|p| match p.strip_prefix(&root) {
                Ok(rel) => book_dir.join(rel),
                Err(_) => p,
            })
            .collect();
        report(Event::Changed { paths });
        if build(report) {
            return Ok(());
        }
    }
}

/// Which folder is at a path, to tell a folder replaced by another of the same name: its
/// device and file number (its resolved path where there are none). `None`: no folder there.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity(u64, u64, PathBuf);

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return None;
    }
    #[cfg(unix)]
    let (dev, ino) = {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    };
    #[cfg(not(unix))]
    let (dev, ino) = (0, 0);
    Some(Identity(dev, ino, path.canonicalize().ok()?))
}

/// Watch `root` (recursively) and its parent (for `root` itself going and coming back),
/// dropping earlier watches of them; the identity of the folder now watched.
fn arm(watcher: &mut RecommendedWatcher, root: &Path) -> notify::Result<Identity> {
    let _ = watcher.unwatch(root);
    if let Some(parent) = root.parent() {
        let _ = watcher.unwatch(parent);
        // Without it (a parent that cannot be read), a folder that comes back is still found
        // by looking for it every POLL.
        let _ = watcher.watch(parent, RecursiveMode::NonRecursive);
    }
    watcher.watch(root, RecursiveMode::Recursive)?;
    identity(root).ok_or_else(|| notify::Error::path_not_found().add_path(root.to_path_buf()))
}

/// `path` with every symbolic link resolved, as far as it exists (the rest, such as a file
/// just deleted, appended as it is).
fn resolve(path: &Path) -> PathBuf {
    let mut tail = Vec::new();
    let mut at = path;
    loop {
        if let Ok(real) = at.canonicalize() {
            return tail.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                at = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Which changed paths do not start a build.
struct Ignore {
    /// The book's folder, resolved.
    root: PathBuf,
    /// The output folder as given, and resolved (as far as it exists).
    out_dir: PathBuf,
    out: PathBuf,
}

impl Ignore {
    fn new(root: &Path, out_dir: &Path) -> Ignore {
        let out_dir = std::path::absolute(out_dir).unwrap_or_else(|_| out_dir.to_path_buf());
        let out = resolve(&out_dir);
        Ignore {
            root: root.to_path_buf(),
            out_dir,
            out,
        }
    }

    /// Resolve the output folder again: it may have been made since, or be a link now.
    fn refresh(&mut self) {
        self.out = resolve(&self.out_dir);
    }

    /// The paths `event` changed and that may start a build: none for an error of the watcher
    /// (a removed folder, say) or a file opened, read or closed unwritten.
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
        // The book's folder itself (seen from its parent's watch): going or coming back.
        if path == self.root {
            return false;
        }
        // The parent's other files and folders are not the book's.
        let Ok(inside) = path.strip_prefix(&self.root) else {
            return true;
        };
        if inside
            .components()
            .any(|c| ignored_name(&c.as_os_str().to_string_lossy()))
        {
            return true;
        }
        resolve(path).starts_with(&self.out)
    }
}

/// A name in the book that is no input: hidden (`.git`, terbit's own `.NAME.PID.tmp`), an
/// editor's backup, swap or lock file.
fn ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with('#')
        || name == "4913"
}

/// What the book's files are, for telling a change from an event that changed nothing: each
/// input file (in the book's folder, followed through links, outside the output folder and not
/// an ignored name) with its length, modification time and file number.
#[derive(Debug, PartialEq, Eq)]
struct Fingerprint(Vec<(PathBuf, u64, Option<SystemTime>, u64)>);

impl Fingerprint {
    fn of(root: &Path, ignore: &Ignore) -> Fingerprint {
        let mut files = Vec::new();
        // Folders by resolved path: a link to a folder above it is followed once, not for ever.
        let mut seen = HashSet::new();
        let mut stack = vec![(root.to_path_buf(), PathBuf::new())];
        while let Some((dir, rel)) = stack.pop() {
            let Ok(real) = dir.canonicalize() else {
                continue;
            };
            if real.starts_with(&ignore.out) || !seen.insert(real) {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                if ignored_name(&name.to_string_lossy()) {
                    continue;
                }
                let path = entry.path();
                let Ok(meta) = std::fs::metadata(&path) else {
                    continue; // a dangling link: nothing to read
                };
                // Only a link can lead from a folder outside the outputs into them.
                let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
                if meta.is_dir() {
                    stack.push((path, rel.join(&name)));
                } else if !is_link || !resolve(&path).starts_with(&ignore.out) {
                    files.push((
                        rel.join(&name),
                        meta.len(),
                        meta.modified().ok(),
                        ino(&meta),
                    ));
                }
            }
        }
        files.sort();
        Fingerprint(files)
    }
}

#[cfg(unix)]
fn ino(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.ino()
}

#[cfg(not(unix))]
fn ino(_: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_hidden_and_backup_files_are_ignored() {
        let ignore = Ignore::new(Path::new("/b"), Path::new("/b/build"));
        assert!(ignore.ignores(Path::new("/b/build/buku.epub")));
        assert!(ignore.ignores(Path::new("/b/build/.buku.epub.4242.tmp")));
        assert!(ignore.ignores(Path::new("/b/.01.md.swp")));
        assert!(ignore.ignores(Path::new("/b/01.md~")));
        assert!(ignore.ignores(Path::new("/b/4913")));
        assert!(ignore.ignores(Path::new("/b/#01.md#")));
        assert!(ignore.ignores(Path::new("/b/.git/index")));
        assert!(ignore.ignores(Path::new("/b-lain/01.md")), "not the book's");
        assert!(!ignore.ignores(Path::new("/b")), "the book's folder itself");
        assert!(!ignore.ignores(Path::new("/b/01.md")));
        assert!(!ignore.ignores(Path::new("/b/book.yaml")));
        assert!(!ignore.ignores(Path::new("/b/gambar/peta.png")));
    }

    #[test]
    fn paths_are_resolved_as_far_as_they_exist() {
        let real = std::env::temp_dir().canonicalize().unwrap();
        assert_eq!(
            resolve(&std::env::temp_dir().join("tidak-ada/berkas.epub")),
            real.join("tidak-ada/berkas.epub")
        );
    }
}
