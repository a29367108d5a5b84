//! Running the stages for one book: load, build the IR once, write each requested output.
//! Outputs are written to a temporary file in the output folder and renamed into place, so a
//! failed build never leaves a half-written file nor touches the previous outputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::{document, epub, manuscript, pdf};

/// An output terbit can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// EPUB 3 for e-readers.
    Epub,
    /// PDF for reading on screen: links, bookmarks.
    Pdf,
    /// PDF for print-on-demand: trim and bleed boxes, no annotations.
    Print,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            "print" => Some(Format::Print),
            _ => None,
        }
    }

    /// The output file name for a book whose slug is `slug`.
    pub fn file_name(self, slug: &str) -> String {
        match self {
            Format::Epub => format!("{slug}.epub"),
            Format::Pdf => format!("{slug}.pdf"),
            Format::Print => format!("{slug}-print.pdf"),
        }
    }
}

/// One file a build wrote.
#[derive(Debug, Clone)]
pub struct Output {
    pub format: Format,
    pub path: PathBuf,
    pub bytes: usize,
}

/// What a successful build made, and what it had to leave out on the way.
#[derive(Debug)]
pub struct Built {
    pub outputs: Vec<Output>,
    /// Problems the build survived (dropped markup, say), for `warning: FILE:LINE:COL: …`.
    pub warnings: Vec<Diagnostic>,
}

/// Build the book in `book_dir` into `out_dir`, making each of `formats`.
pub fn build(book_dir: &Path, out_dir: &Path, formats: &[Format]) -> Result<Vec<Output>> {
    build_with_warnings(book_dir, out_dir, formats).map(|built| built.outputs)
}

/// [`build`], also returning the warnings.
pub fn build_with_warnings(book_dir: &Path, out_dir: &Path, formats: &[Format]) -> Result<Built> {
    build_observed(book_dir, out_dir, formats, &Silent)
}

/// Told when each phase of a build starts and ends (progress bars, `--verbose` timings).
/// `&self` and `Sync`, so that phases running side by side can report.
pub trait Observer: Sync {
    /// The build will run `count` phases.
    fn phases(&self, _count: usize) {}
    /// A phase starts: "read", "document", "fonts", "epub", "pdf", "print", "write".
    fn start(&self, _phase: Phase) {}
    /// A phase ended after `took`.
    fn done(&self, _phase: Phase, _took: std::time::Duration) {}
}

/// A phase of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Reading book.yaml and the chapters.
    Read,
    /// Building the IR.
    Document,
    /// Checking that the fonts draw every character.
    Fonts,
    /// Making one output.
    Make(Format),
    /// Writing the outputs.
    Write,
}

impl Phase {
    /// What the phase does, for people.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Read => "reading the book",
            Phase::Document => "parsing the chapters",
            Phase::Fonts => "checking the fonts",
            Phase::Make(Format::Epub) => "making the EPUB",
            Phase::Make(Format::Pdf) => "typesetting the screen PDF",
            Phase::Make(Format::Print) => "typesetting the print PDF",
            Phase::Write => "writing the files",
        }
    }
}

/// An observer that is told nothing.
pub struct Silent;
impl Observer for Silent {}

/// Run `f` as phase `phase`, telling `obs`.
fn phase<T>(obs: &dyn Observer, phase: Phase, f: impl FnOnce() -> T) -> T {
    obs.start(phase);
    let t = std::time::Instant::now();
    let out = f();
    obs.done(phase, t.elapsed());
    out
}

/// [`build_with_warnings`], telling `obs` about each phase.
pub fn build_observed(
    book_dir: &Path,
    out_dir: &Path,
    formats: &[Format],
    obs: &dyn Observer,
) -> Result<Built> {
    obs.phases(4 + formats.len());
    let t = std::time::Instant::now();
    let manuscript = phase(obs, Phase::Read, || manuscript::load(book_dir))?;
    trace("read", t);
    let want_epub = formats.contains(&Format::Epub);
    // The cover terbit draws for the EPUB (when book.yaml names none) needs only book.yaml:
    // it is drawn from the start, beside everything else.
    let (cover, made) = rayon::join(
        || {
            want_epub
                .then(|| crate::cover::generated(&manuscript.config))
                .transpose()
        },
        || make(&manuscript, formats, want_epub, obs),
    );
    let (slug, warnings, epub, pdfs) = made?;
    let mut epub = match epub {
        Some(draft) => Some(draft.finish(cover?.flatten())?),
        None => None,
    };
    let mut pdfs = pdfs.into_iter();
    let mut made = Vec::new();
    for &format in formats {
        let bytes = match format {
            Format::Epub => epub.take().unwrap_or_default(),
            Format::Pdf | Format::Print => pdfs.next().unwrap_or_default(),
        };
        made.push((format, bytes));
    }
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let sizes: Vec<(Format, usize)> = made.iter().map(|(f, b)| (*f, b.len())).collect();
    let files: Vec<(PathBuf, Vec<u8>)> = made
        .into_iter()
        .map(|(format, bytes)| (out_dir.join(format.file_name(&slug)), bytes))
        .collect();
    trace("made", t);
    phase(obs, Phase::Write, || write_all_atomically(&files))?;
    trace("written", t);
    let outputs = sizes
        .into_iter()
        .zip(files)
        .map(|((format, bytes), (path, _))| Output {
            format,
            path,
            bytes,
        })
        .collect();
    Ok(Built { outputs, warnings })
}

/// What [`build_observed`] makes before the files are written: the slug of the title, the
/// warnings, the EPUB but for its drawn cover, and the PDFs.
type Made = (String, Vec<Diagnostic>, Option<epub::Draft>, Vec<Vec<u8>>);

/// Build the book's document, check its fonts, and make the outputs in memory (a failure in
/// any of them writes nothing). The EPUB is made beside the PDFs (on the other core), the PDF
/// editions one after the other.
fn make(
    manuscript: &manuscript::Manuscript,
    formats: &[Format],
    want_epub: bool,
    obs: &dyn Observer,
) -> Result<Made> {
    let t = std::time::Instant::now();
    let (book, warnings) = phase(obs, Phase::Document, || {
        document::build_with_warnings(manuscript)
    })?;
    trace("document", t);
    phase(obs, Phase::Fonts, || {
        document::coverage::check(&book, manuscript)
    })?;
    // The images are read (and checked) once, and their bytes shared by every output.
    let assets = document::assets::collect(&book)?;
    let editions: Vec<pdf::Edition> = formats
        .iter()
        .filter_map(|f| match f {
            Format::Pdf => Some(pdf::Edition::Screen),
            Format::Print => Some(pdf::Edition::Print),
            Format::Epub => None,
        })
        .collect();
    // The PDFs first, on this thread: they take longest; the other core takes up the EPUB
    // once it is free (the cover may be keeping it busy).
    let (pdfs, epub) = rayon::join(
        || {
            if editions.is_empty() {
                Ok(Vec::new())
            } else {
                pdf::write_editions_with(&book, &assets, &editions, obs)
            }
        },
        || {
            want_epub
                .then(|| {
                    phase(obs, Phase::Make(Format::Epub), || {
                        let draft = epub::draft_with(&book, &assets);
                        trace("epub drafted", t);
                        draft
                    })
                })
                .transpose()
        },
    );
    Ok((slug(&book.meta.title), warnings.into_vec(), epub?, pdfs?))
}

/// Write `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomically(&[(path.to_path_buf(), bytes.to_vec())])
}

/// Write each file through a temporary file in its folder; only when every one is written and
/// synced are they renamed into place, so that a full disk or a read-only file fails the build
/// with the earlier outputs all as they were (not some new, some old).
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let tmp_of = |path: &Path| {
        let dir = path.parent().unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dir.join(format!(".{name}.{}.tmp", std::process::id()))
    };
    let remove_all = |upto: usize| {
        for (path, _) in &files[..upto] {
            let _ = std::fs::remove_file(tmp_of(path));
        }
    };
    // A target that a file cannot replace (a folder of that name) is found before anything
    // is written, not by the rename after some outputs were replaced.
    for (path, _) in files {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
            let e = std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "a folder is in the way of this output — move or rename it",
            );
            return Err(Error::io(path, e));
        }
    }
    for (i, (path, bytes)) in files.iter().enumerate() {
        let tmp = tmp_of(path);
        let written = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()
        })();
        if let Err(e) = written {
            remove_all(i + 1);
            return Err(Error::io(path, e));
        }
    }
    for (i, (path, _)) in files.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp_of(path), path) {
            // Renames within a folder fail only when the target cannot be replaced (a folder
            // of that name, say); the ones not yet renamed are cleaned up.
            let _ = std::fs::remove_file(tmp_of(path));
            for (rest, _) in &files[i + 1..] {
                let _ = std::fs::remove_file(tmp_of(rest));
            }
            return Err(Error::io(path, e));
        }
    }
    Ok(())
}

/// A file-name-safe slug of a title: lower-case ASCII words joined by `-`
/// ("Hubungan Turki dan Eurasia (50)" → "hubungan-turki-dan-eurasia-50"; "Doğaç" → "dogac").
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in title.chars() {
        let folded = fold_to_ascii(c);
        for f in folded.chars() {
            if f.is_ascii_alphanumeric() {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.push(f.to_ascii_lowercase());
            } else {
                dash = true;
            }
        }
    }
    if out.is_empty() {
        "book".to_string()
    } else {
        out
    }
}

fn fold_to_ascii(c: char) -> String {
    let s = match c {
        'ı' | 'İ' | 'î' | 'Î' | 'í' | 'ì' | 'ï' => "i",
        'ğ' | 'Ğ' => "g",
        'ş' | 'Ş' | 'ș' => "s",
        'ç' | 'Ç' => "c",
        'ö' | 'Ö' | 'ô' | 'ó' | 'ò' => "o",
        'ü' | 'Ü' | 'û' | 'ú' | 'ù' => "u",
        'â' | 'Â' | 'á' | 'à' | 'ä' | 'ã' | 'å' => "a",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'ñ' => "n",
        'ß' => "ss",
        _ => return c.to_string(),
    };
    s.to_string()
}

/// With `TERBIT_TRACE` set, print how long a phase took since `since` (for profiling builds).
pub fn trace(phase: &str, since: std::time::Instant) {
    if std::env::var_os("TERBIT_TRACE").is_some() {
        // The memory held now and at most so far (Linux; absent elsewhere).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |key: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(key))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        eprintln!(
            "trace: {phase}: {:.3} s (RSS {}, peak {})",
            since.elapsed().as_secs_f64(),
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_turkish_letters() {
        assert_eq!(
            slug("Hubungan Turki dan Eurasia (50)"),
            "hubungan-turki-dan-eurasia-50"
        );
        assert_eq!(slug("Doğaç ve Işık: Çağ"), "dogac-ve-isik-cag");
        assert_eq!(slug("???"), "book");
    }

    #[test]
    fn formats_parse_and_name_files() {
        assert_eq!(Format::parse(" EPUB"), Some(Format::Epub));
        assert_eq!(Format::parse("docx"), None);
        assert_eq!(Format::Print.file_name("b"), "b-print.pdf");
    }
}
