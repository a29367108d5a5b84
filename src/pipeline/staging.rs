//! Outputs written to temporary files beside their places and renamed into place together:
//! the build's all-or-nothing promise, kept also when the build fails, is interrupted
//! (SIGINT, SIGTERM: [`remove_unfinished_on_signal`]) or was killed outright (its temporary
//! files are removed by the next build into the same folder).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Outputs written as they are made, each to a temporary file beside its place, and put in
/// place together at the end: a build that fails on the way (or a full disk, or a read-only
/// file) leaves the earlier outputs all as they were (not some new, some old) and no temporary
/// file behind; a long book's outputs need not all be in memory at once.
pub struct Staging {
    /// The output folder; made by the first file staged, and removed again if the build
    /// fails and it was made for it.
    pub(crate) dir: PathBuf,
    state: Mutex<Staged>,
}

#[derive(Default)]
struct Staged {
    /// Each output's path and size, its temporary file beside it.
    files: Vec<(PathBuf, usize)>,
    /// The folders staging made: the output folder and any missing folder above it,
    /// innermost first.
    made_dirs: Vec<PathBuf>,
    /// Scratch files, removed at the end.
    scratch: Vec<PathBuf>,
    committed: bool,
}

/// Every temporary file (and every output folder made) of the builds in flight in this
/// process: what a signal's handler removes before the process ends. Files are added here
/// before they are created and taken out once renamed or removed, under this lock, so that
/// the handler never races a build: while it holds the lock no file is created nor renamed
/// (the process ends holding it), and a commit that has begun renaming finishes first.
static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    files: Vec::new(),
    dirs: Vec::new(),
});

struct InFlight {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

fn in_flight() -> std::sync::MutexGuard<'static, InFlight> {
    IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner())
}

impl InFlight {
    fn forget(&mut self, path: &Path) {
        if let Some(i) = self.files.iter().position(|p| p == path) {
            self.files.swap_remove(i);
        }
    }

    fn forget_dir(&mut self, path: &Path) {
        if let Some(i) = self.dirs.iter().position(|p| p == path) {
            self.dirs.swap_remove(i);
        }
    }
}

/// On SIGINT (Ctrl-C), SIGTERM or SIGHUP (and Ctrl-C or closing the console on Windows), remove
/// the temporary files of the builds in flight and the output folders they made, then end the
/// process with status 130: the output folder then holds exactly what it held before. The
/// `terbit` command calls this once; a library caller that handles signals itself need not.
pub fn remove_unfinished_on_signal() {
    // Only fails when a handler is already set (by the caller, who then owns the signals).
    let _ = ctrlc::set_handler(|| {
        // Held until the process ends: no build creates or renames a file after this.
        let mut state = in_flight();
        let removed = state
            .files
            .drain(..)
            .filter(|f| std::fs::remove_file(f).is_ok())
            .count();
        for dir in state.dirs.drain(..) {
            // Only when empty: a folder that holds anything else is not ours to remove.
            let _ = std::fs::remove_dir(dir);
        }
        if removed > 0 {
            let _ = writeln!(
                std::io::stderr(),
                "\ninterrupted: the unfinished files were removed; earlier outputs are as they were"
            );
        }
        std::process::exit(130);
    });
}

impl Staging {
    pub fn new(dir: &Path) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
            state: Default::default(),
        }
    }

    /// The temporary file `path` is written to until the build is done.
    fn tmp_of(path: &Path) -> PathBuf {
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dir.join(format!(".{name}.{}.tmp", std::process::id()))
    }

    /// Remove the temporary files that earlier builds of `names` (output file names in the
    /// output folder) left when they were killed outright (SIGKILL, a power cut): those of
    /// processes no longer running. Files of any other name are left alone.
    pub fn remove_stale(&self, names: &[String]) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name.to_str().and_then(|n| stale_pid(n, names)) else {
                continue;
            };
            if pid != std::process::id() && !is_running(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Make the output folder when it is missing (noted, so that a failed build removes it).
    fn make_dir(&self, state: &mut Staged) -> Result<()> {
        if state.made_dirs.is_empty() && !self.dir.exists() {
            // The folders made, outermost first, so that an interrupted build removes them.
            let mut missing: Vec<PathBuf> = self
                .dir
                .ancestors()
                .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
                .map(Path::to_path_buf)
                .collect();
            missing.reverse();
            let mut flight = in_flight();
            for d in &missing {
                flight.dirs.insert(0, d.clone());
            }
            drop(flight);
            missing.reverse();
            state.made_dirs = missing;
            if let Err(e) = std::fs::create_dir_all(&self.dir) {
                return Err(Error::writing(&self.dir, e));
            }
        }
        Ok(())
    }

    /// Write `bytes` (synced) to `path`'s temporary file.
    pub fn stage(&self, path: &Path, bytes: &[u8]) -> Result<()> {
        let mut file = self.create(path)?;
        let written = file.write_all(bytes);
        if let Some(e) = file.take_error() {
            return Err(e);
        }
        written.map_err(|e| Error::writing(path, e))?;
        self.close(file)
    }

    /// Create `tmp`, known to the signal handler before it exists.
    fn create_tmp(tmp: &Path, options: &std::fs::OpenOptions) -> std::io::Result<std::fs::File> {
        let mut flight = in_flight();
        flight.files.push(tmp.to_path_buf());
        let file = options.open(tmp);
        if file.is_err() {
            flight.forget(tmp);
        }
        file
    }

    /// `path`'s temporary file, to be written and then [`Staging::close`]d.
    pub fn create(&self, path: &Path) -> Result<StagedFile> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        // A target that a file cannot replace (a folder of that name) is found before the
        // rename, where some outputs would already be replaced.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            let e = std::io::Error::from(std::io::ErrorKind::IsADirectory);
            return Err(Error::writing(path, e));
        }
        self.make_dir(&mut state)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        let file =
            Self::create_tmp(&Self::tmp_of(path), &options).map_err(|e| Error::writing(path, e))?;
        // Known from now on, so that a failed build removes it.
        state.files.push((path.to_path_buf(), 0));
        Ok(StagedFile {
            path: path.to_path_buf(),
            file: std::io::BufWriter::with_capacity(1 << 16, file),
            len: 0,
            error: None,
        })
    }

    /// Finish writing `file`: flushed and synced, its size noted.
    pub fn close(&self, mut file: StagedFile) -> Result<()> {
        let path = file.path.clone();
        let done = file
            .file
            .flush()
            .and_then(|()| file.file.get_ref().sync_all());
        done.map_err(|e| Error::writing(&path, e))?;
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(entry) = state.files.iter_mut().find(|(p, _)| *p == path) {
            entry.1 = file.len;
        }
        Ok(())
    }

    /// A scratch file the build reads and writes (at `path`'s temporary name), removed when
    /// the build is done, whether it succeeds or not.
    pub fn scratch(&self, path: &Path) -> Result<std::fs::File> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        self.make_dir(&mut state)?;
        let tmp = Self::tmp_of(path);
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create(true).truncate(true);
        let file = Self::create_tmp(&tmp, &options).map_err(|e| Error::writing(path, e))?;
        state.scratch.push(tmp);
        Ok(file)
    }

    /// Rename every staged file into place; returns each path and size. A signal arriving on
    /// the way waits until every file is in place (see [`IN_FLIGHT`]).
    pub fn commit(self) -> Result<Vec<(PathBuf, usize)>> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let files = state.files.clone();
        let mut flight = in_flight();
        for (i, (path, _)) in files.iter().enumerate() {
            let tmp = Self::tmp_of(path);
            if let Err(e) = std::fs::rename(&tmp, path) {
                // Renames within a folder fail only when the target cannot be replaced (a
                // folder of that name, say); the ones not yet renamed are cleaned up.
                state.files.drain(..i);
                return Err(Error::writing(path, e));
            }
            flight.forget(&tmp);
        }
        for d in &state.made_dirs {
            flight.forget_dir(d);
        }
        state.committed = true;
        Ok(files)
    }
}

/// The process id in `name` when it is the temporary file of one of `names`
/// (`.NAME.PID.tmp`, as [`Staging::tmp_of`] makes it).
fn stale_pid(name: &str, names: &[String]) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (output, pid) = inner.rsplit_once('.')?;
    if !names.iter().any(|n| n == output) || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is running (one that may still be writing its temporary files).
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Elsewhere a process cannot be asked after cheaply: every such file counts as in use.
#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    true
}

/// An output's temporary file being written (see [`Staging::create`]).
pub struct StagedFile {
    path: PathBuf,
    file: std::io::BufWriter<std::fs::File>,
    len: usize,
    /// The first error writing it, kept to be told with the file's name.
    error: Option<std::io::Error>,
}

impl StagedFile {
    /// The error writing the file, as the build reports it.
    pub(crate) fn take_error(&mut self) -> Option<Error> {
        let e = self.error.take()?;
        Some(Error::writing(&self.path, e))
    }
}

impl Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file.write(buf) {
            Ok(n) => {
                self.len += n;
                Ok(n)
            }
            Err(e) => {
                let told = std::io::Error::new(e.kind(), e.to_string());
                self.error.get_or_insert(e);
                Err(told)
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for Staging {
    /// A build that did not get to [`Staging::commit`] (or whose commit failed) leaves no
    /// temporary file, nor the output folder it made.
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|p| p.into_inner());
        let mut flight = in_flight();
        for path in &state.scratch {
            let _ = std::fs::remove_file(path);
            flight.forget(path);
        }
        if state.committed {
            return;
        }
        for (path, _) in &state.files {
            let tmp = Self::tmp_of(path);
            let _ = std::fs::remove_file(&tmp);
            flight.forget(&tmp);
        }
        for d in &state.made_dirs {
            flight.forget_dir(d);
            // Only when empty: a folder that holds anything else is not ours to remove.
            let _ = std::fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_files_are_known_by_their_output_and_process() {
        let names = ["b.epub".to_string(), "b-print.pdf".to_string()];
        assert_eq!(stale_pid(".b.epub.1234.tmp", &names), Some(1234));
        assert_eq!(stale_pid(".b-print.pdf.7.tmp", &names), Some(7));
        // Another book's, or not a process id, or not terbit's naming at all.
        assert_eq!(stale_pid(".c.epub.1234.tmp", &names), None);
        assert_eq!(stale_pid(".b.epub.12x4.tmp", &names), None);
        assert_eq!(stale_pid("b.epub.1234.tmp", &names), None);
        assert_eq!(stale_pid(".b.epub.tmp", &names), None);
    }

    #[cfg(unix)]
    #[test]
    fn this_process_is_running_and_a_process_past_the_largest_id_is_not() {
        assert!(is_running(std::process::id()));
        // Linux never gives a process an id above 2^22.
        assert!(!is_running(4_194_305));
    }
}
