//! Running the stages for one book: load, build the IR once, write each requested output.
//! Outputs are written to a temporary file in the output folder and renamed into place, so a
//! failed build never leaves a half-written file nor touches the previous outputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Result};
use crate::fonts::system::Search;
use crate::{document, epub, manuscript, pdf};

mod guard;
mod staging;

pub use guard::output_folder as check_output_folder;
pub use staging::{StagedFile, Staging, remove_unfinished_on_signal};

/// An output terbit can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// EPUB 3 for e-readers.
    Epub,
    /// PDF for reading on screen: links, bookmarks.
    Pdf,
    /// PDF for print-on-demand: trim and bleed boxes, no annotations.
    Print,
    /// The print edition's cover: back, spine and front on one sheet, with bleed.
    Cover,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "epub" => Some(Format::Epub),
            "pdf" => Some(Format::Pdf),
            "print" => Some(Format::Print),
            "cover" => Some(Format::Cover),
            _ => None,
        }
    }

    /// The output file name for a book whose slug is `slug`.
    pub fn file_name(self, slug: &str) -> String {
        match self {
            Format::Epub => format!("{slug}.epub"),
            Format::Pdf => format!("{slug}.pdf"),
            Format::Print => format!("{slug}-print.pdf"),
            Format::Cover => format!("{slug}-cover.pdf"),
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
    /// What the build wants the author to know, for `note: …`: which fallback fonts drew
    /// which characters.
    pub notes: Vec<String>,
}

/// Build the book in `book_dir` into `out_dir`, making each of `formats`.
///
/// Library builds use the book's fonts and terbit's, never the machine's (so that they are the
/// same everywhere); [`build_observed`] takes where to look.
pub fn build(book_dir: &Path, out_dir: &Path, formats: &[Format]) -> Result<Vec<Output>> {
    build_with_warnings(book_dir, out_dir, formats).map(|built| built.outputs)
}

/// [`build`], also returning the warnings.
pub fn build_with_warnings(book_dir: &Path, out_dir: &Path, formats: &[Format]) -> Result<Built> {
    build_observed(book_dir, out_dir, formats, &Search::none(), &Silent)
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
            Phase::Make(Format::Cover) => "making the print cover",
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
    search: &Search,
    obs: &dyn Observer,
) -> Result<Built> {
    // Each output once, in the order asked for (`epub,epub` is one EPUB).
    let mut unique: Vec<Format> = Vec::with_capacity(formats.len());
    for &f in formats {
        if !unique.contains(&f) {
            unique.push(f);
        }
    }
    let formats = unique.as_slice();
    obs.phases(4 + formats.len());
    guard::output_folder(book_dir, out_dir)?;
    let t = std::time::Instant::now();
    let manuscript = phase(obs, Phase::Read, || manuscript::load(book_dir))?;
    trace("read", t);
    let want_epub = formats.contains(&Format::Epub);
    let staging = Staging::new(out_dir);
    let slug = slug(&manuscript.config.title);
    // Temporary files of earlier builds of this book that were killed outright.
    let mut names: Vec<String> = [Format::Epub, Format::Pdf, Format::Print, Format::Cover]
        .iter()
        .map(|f| f.file_name(&slug))
        .collect();
    names.push(format!("{slug}.pages"));
    staging.remove_stale(&names);
    let config = manuscript.config.clone();
    // The book's fonts (book.yaml `fonts:`), checked before anything is set.
    let fonts = crate::fonts::choose::for_book(&manuscript)?;
    // The cover terbit draws for the EPUB (when book.yaml names none) needs only book.yaml
    // and the fonts: it is drawn from the start, beside everything else, with fonts from the
    // machine for what its text needs and the book's fonts lack.
    let (cover, made) = rayon::join(
        || {
            want_epub
                .then(|| {
                    let texts = crate::cover::texts(&config);
                    let set = crate::fonts::system::complete(&fonts, &texts, search);
                    crate::cover::generated(&config, &set)
                })
                .transpose()
        },
        || {
            let job = Job {
                formats,
                want_epub,
                search,
                obs,
                staging: &staging,
                slug: &slug,
            };
            make(manuscript, fonts.clone(), &job)
        },
    );
    // Messages about text from an included file name that file (see manuscript::origins).
    let (warnings, mut notes, epub) = made.map_err(|e| config.origins.author_error(e))?;
    notes.splice(0..0, config.notes.iter().cloned());
    if book_dir.join(manuscript::CONFIG_FILE).is_file()
        && book_dir.join(crate::import::mdbook::BOOK_TOML).is_file()
    {
        notes.insert(
            0,
            "book.yaml and book.toml are both here: the book is read from book.yaml (its \
             `chapters`, or every *.md beside it), and book.toml with SUMMARY.md is not read; \
             to build the mdBook, remove book.yaml and put terbit's settings under \
             [output.terbit] in book.toml"
                .to_string(),
        );
    }
    let warnings = config.origins.author_places(warnings);
    trace("pdfs made", t);
    let epub = match epub {
        Some(marked) => Some(marked.finish(cover?.flatten())?),
        None => None,
    };
    trace("made", t);
    let staged = phase(obs, Phase::Write, || {
        if let Some(bytes) = epub {
            staging.stage(&out_dir.join(Format::Epub.file_name(&slug)), &bytes)?;
        }
        staging.commit()
    })?;
    trace("written", t);
    // In the order asked for.
    let outputs = formats
        .iter()
        .filter_map(|&format| {
            let path = out_dir.join(format.file_name(&slug));
            let bytes = staged.iter().find(|(p, _)| *p == path)?.1;
            Some(Output {
                format,
                path,
                bytes,
            })
        })
        .collect();
    Ok(Built {
        outputs,
        warnings,
        notes,
    })
}

/// What a build is asked to make, and where.
#[derive(Clone, Copy)]
struct Job<'a> {
    formats: &'a [Format],
    want_epub: bool,
    /// Where to look for fonts the book's and terbit's lack.
    search: &'a Search,
    obs: &'a dyn Observer,
    staging: &'a Staging,
    slug: &'a str,
}

/// What [`make`] returns: warnings, notes, the EPUB but for its drawn cover.
type Made = (Vec<Diagnostic>, Vec<String>, Option<epub::Marked>);

/// The largest EPUB document whose page-break markers are placed beside the PDFs' rendering:
/// placing them holds a few times a document's bytes (`epub::page_marks`), which for a book
/// of one very long chapter would add to the rendering's peak; such a book has them placed
/// after.
const MARK_BESIDE: usize = 512 << 10;

/// Build the book's document, check its fonts, and make the outputs: the PDFs staged (see
/// [`Staging`]) as each is made, the EPUB returned but for its drawn cover. The EPUB is drafted
/// beside the PDFs' typesetting (on the other core), and its page-break markers placed beside
/// their rendering, the PDF editions rendered side by side. The print edition's pagination,
/// which the EPUB's page list follows, comes from the print PDF; an EPUB built without it has
/// the print edition typeset for it alone (nothing drawn), so that it is the same whatever
/// else is built. The chapters' text is let go once the document is built and checked.
fn make(
    manuscript: manuscript::Manuscript,
    fonts: std::sync::Arc<crate::fonts::FontSet>,
    job: &Job,
) -> Result<Made> {
    let Job {
        formats,
        want_epub,
        search,
        obs,
        staging,
        slug,
    } = *job;
    let t = std::time::Instant::now();
    let (book, mut warnings) = phase(obs, Phase::Document, || {
        document::build_with_warnings(&manuscript)
    })?;
    trace("document", t);
    // The book's fonts, and the machine's for characters none of them (nor terbit's) draws.
    // Characters no font draws are a warning: the PDFs show a box, the EPUB keeps them.
    let (survey, fonts) = phase(obs, Phase::Fonts, || {
        document::coverage::survey_and_complete(&book, &manuscript, fonts, search)
    });
    if let Some(d) = survey.undrawn {
        warnings.push(d);
    }
    let mut notes = survey.fallbacks;
    // The book's own files, which no output may join or replace.
    let mut book_files: Vec<PathBuf> = manuscript.chapters.iter().map(|c| c.path.clone()).collect();
    book_files.extend(
        [manuscript::CONFIG_FILE, crate::import::mdbook::BOOK_TOML]
            .iter()
            .map(|name| manuscript.dir.join(name))
            .filter(|p| p.exists()),
    );
    book_files.extend(
        manuscript
            .config
            .fonts
            .files()
            .iter()
            .map(|f| manuscript.dir.join(&f.path)),
    );
    let book_dir = manuscript.dir.clone();
    drop(manuscript);
    // The images are read (and checked) once, and their bytes shared by every output.
    let mut assets = document::assets::collect(&book)?;
    assets.fonts = fonts;
    book_files.extend(assets.files.iter().map(|a| a.source.clone()));
    let outputs: Vec<PathBuf> = formats
        .iter()
        .map(|f| staging.dir.join(f.file_name(slug)))
        .collect();
    guard::outputs_apart(
        &book_dir,
        &staging.dir,
        &outputs,
        book_files.iter().map(PathBuf::as_path),
    )?;
    assets
        .warnings
        .iter()
        .chain(&assets.missing_alt)
        .for_each(|d| warnings.push(d.clone()));
    // What the PDF layout squeezes to keep inside the page (the EPUB reflows).
    if formats.iter().any(|f| *f != Format::Epub) {
        crate::typeset::squeezes(&book, &assets)
            .into_iter()
            .for_each(|d| warnings.push(d));
    }
    let pdfs: Vec<(pdf::Edition, PathBuf)> = formats
        .iter()
        .filter_map(|f| {
            let edition = match f {
                Format::Pdf => pdf::Edition::Screen,
                Format::Print => pdf::Edition::Print,
                Format::Cover => pdf::Edition::Cover,
                Format::Epub => return None,
            };
            Some((edition, staging.dir.join(f.file_name(slug))))
        })
        .collect();
    let editions: Vec<pdf::Edition> = pdfs.iter().map(|(e, _)| *e).collect();
    // The drawn body pages wait in a scratch file beside the outputs.
    let scratch = if editions.is_empty() {
        None
    } else {
        Some(staging.scratch(&staging.dir.join(format!("{slug}.pages")))?)
    };
    // The PDF editions typeset first, on this thread: that takes longest; the other core
    // takes up the EPUB once it is free (the cover may be keeping it busy). Where the print
    // edition's pages begin comes from it, or, without it, from the print edition typeset
    // for the EPUB alone.
    let (typeset, draft) = rayon::join(
        || -> Result<(Option<Typesetting>, Vec<document::page_list::PageStart>)> {
            let mut typesetting = (!editions.is_empty())
                .then(|| typeset_pdfs(&book, &assets, &editions, obs, scratch))
                .transpose()?;
            let pages = match &mut typesetting {
                Some(t) if editions.contains(&pdf::Edition::Print) => {
                    std::mem::take(&mut t.page_list)
                }
                _ if want_epub => {
                    let t = std::time::Instant::now();
                    let pages = crate::typeset::print_page_list(&book, &assets);
                    trace("print edition paginated for the EPUB", t);
                    pages
                }
                _ => Vec::new(),
            };
            Ok((typesetting, pages))
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
    let (mut typesetting, pages) = typeset?;
    let draft = draft?;
    if let Some(t) = &mut typesetting {
        notes.append(&mut t.notes);
        std::mem::take(&mut t.warnings)
            .into_iter()
            .for_each(|d| warnings.push(d));
    }
    // The PDFs rendered and written to their staged files.
    let render = |typesetting: Option<Typesetting>| -> Result<()> {
        let Some(typesetting) = typesetting else {
            return Ok(());
        };
        let mut files = pdfs
            .iter()
            .map(|(_, path)| staging.create(path))
            .collect::<Result<Vec<StagedFile>>>()?;
        let mut sinks: Vec<&mut (dyn Write + Send)> = files
            .iter_mut()
            .map(|f| f as &mut (dyn Write + Send))
            .collect();
        let written = render_pdfs(typesetting, obs, &mut sinks);
        // An error writing a file is told with the file's name.
        if let Some(e) = files.iter_mut().find_map(StagedFile::take_error) {
            return Err(e);
        }
        written?;
        files.into_iter().try_for_each(|f| staging.close(f))
    };
    // The EPUB's page-break markers placed beside the rendering, but for a book whose
    // documents are too large to hold them at once (see `MARK_BESIDE`).
    let mark = |draft: Option<epub::Draft>| draft.map(|d| d.mark(&pages)).transpose();
    let beside = draft
        .as_ref()
        .is_some_and(|d| d.largest_document() <= MARK_BESIDE);
    let (rendered, marked) = if beside {
        rayon::join(|| render(typesetting), || mark(draft))
    } else {
        let rendered = render(typesetting);
        (rendered, mark(draft))
    };
    rendered?;
    Ok((warnings.into_vec(), notes, marked?))
}

/// The PDF of `book` as `edition`, as bytes (its images read here).
pub fn pdf_bytes(book: &document::Book, edition: pdf::Edition) -> Result<Vec<u8>> {
    let mut made = Vec::new();
    let assets = document::assets::collect(book)?;
    make_pdfs(book, &assets, &[edition], &Silent, &mut [&mut made], None)?;
    Ok(made)
}

/// Typeset `book` in each of `editions` and render each PDF to its sink in `sinks` (see
/// [`typeset_pdfs`] and [`render_pdfs`]); returns where the print edition's pages begin
/// (none without it), for the EPUB's page list.
pub fn make_pdfs(
    book: &document::Book,
    assets: &document::assets::Assets,
    editions: &[pdf::Edition],
    obs: &dyn Observer,
    sinks: &mut [&mut (dyn Write + Send)],
    scratch: Option<std::fs::File>,
) -> Result<Vec<document::page_list::PageStart>> {
    let mut typesetting = typeset_pdfs(book, assets, editions, obs, scratch)?;
    let pages = std::mem::take(&mut typesetting.page_list);
    render_pdfs(typesetting, obs, sinks)?;
    Ok(pages)
}

/// PDF editions typeset, ready to be rendered.
pub struct Typesetting<'a> {
    build: pdf::Build<'a>,
    sets: Vec<crate::typeset::Typeset>,
    editions: Vec<pdf::Edition>,
    /// When the first edition's phase began (its typesetting is counted in it).
    started: std::time::Instant,
    /// Where the print edition's pages begin (none without it), for the EPUB's page list.
    pub page_list: Vec<document::page_list::PageStart>,
    /// What the build says of the print edition and its cover, and warns of.
    pub notes: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

fn edition_phase(edition: &pdf::Edition) -> Phase {
    Phase::Make(match edition {
        pdf::Edition::Screen => Format::Pdf,
        pdf::Edition::Print => Format::Print,
        pdf::Edition::Cover => Format::Cover,
    })
}

/// Typeset `book` in each of `editions`, telling `obs` that the first edition's phase
/// starts. The editions are typeset together (one flow of lines, see
/// `typeset::typeset_sealed`), their body pages drawn as they are cut (`pdf::Drawer`, keeping
/// them in `scratch` if given).
pub fn typeset_pdfs<'a>(
    book: &'a document::Book,
    assets: &document::assets::Assets,
    editions: &[pdf::Edition],
    obs: &dyn Observer,
    scratch: Option<std::fs::File>,
) -> Result<Typesetting<'a>> {
    let started = std::time::Instant::now();
    if let Some(first) = editions.first() {
        obs.start(edition_phase(first));
    }
    let drawer = pdf::Drawer::new(assets, scratch);
    // The cover is set from the print edition's page count: it is cut with the others, as a
    // print edition of its own when the print PDF is not made.
    use pdf::Edition::{Cover, Print};
    let cut: Vec<pdf::Edition> = editions
        .iter()
        .filter(|e| **e != Cover || !editions.contains(&Print))
        .copied()
        .collect();
    let cut_sets = crate::typeset::typeset_sealed(book, assets, &cut, &drawer);
    // Where the print edition's pages begin, for the EPUB's page list.
    let page_list = crate::typeset::print_page_list_of(&cut, &cut_sets);
    let (mut notes, mut warnings) = (Vec::new(), Vec::new());
    let print = cut.iter().position(|e| matches!(e, Print | Cover));
    let mut cover = None;
    if let Some(print) = print.and_then(|i| cut_sets.get(i)) {
        notes.extend(padding_note(book, print));
        warnings.extend(crate::typeset::print_cover::too_many_pages(book, print));
        if editions.contains(&Cover) {
            let (trim, pages) = (print.geometry.page, print.pages.len());
            let made = crate::typeset::print_cover::sheet(book, assets, trim, pages)?;
            notes.push(cover_note(book, &made, pages));
            warnings.extend(made.warnings.iter().chain(&made.refused).cloned());
            cover = Some(made.ts);
        }
    }
    let mut cut_sets: Vec<Option<crate::typeset::Typeset>> =
        cut_sets.into_iter().map(Some).collect();
    let mut sets: Vec<crate::typeset::Typeset> = Vec::with_capacity(editions.len());
    for edition in editions {
        if *edition == Cover {
            sets.extend(cover.take());
        } else if let Some(ts) = cut
            .iter()
            .position(|e| e == edition)
            .and_then(|i| cut_sets[i].take())
        {
            sets.push(ts);
        }
    }
    for (ts, edition) in sets.iter_mut().zip(editions) {
        // The screen edition opens with the cover (the print edition's cover is a file of its
        // own).
        if *edition == pdf::Edition::Screen {
            crate::typeset::prepend_cover(book, ts, assets);
        }
    }
    trace("typeset", started);
    // One time for every date of every edition, the same on every build (see `reproducible`).
    let sources: Vec<PathBuf> = assets.files.iter().map(|a| a.source.clone()).collect();
    let time = crate::reproducible::build_time(book, &sources);
    let build = pdf::Build::new(book, assets, drawer, &sets, time)?;
    Ok(Typesetting {
        build,
        sets,
        editions: editions.to_vec(),
        started,
        page_list,
        notes,
        warnings,
    })
}

/// What the build says of blank pages added to the print edition `print` (see
/// `print_service`).
fn padding_note(book: &document::Book, print: &crate::typeset::Typeset) -> Option<String> {
    let padded = print.padded;
    (padded > 0).then(|| {
        let service = book.meta.print.service;
        let pages = print.pages.len();
        let mut rule = format!(
            "{} prints an even number of pages, at least {}",
            service.name(),
            service.min_pages()
        );
        if service.last_page_blank() {
            rule.push_str(", the last of them blank");
        }
        format!(
            "the print edition's {} pages are made {pages} with {padded} blank page{} at the \
             end: {rule}",
            pages - padded,
            if padded == 1 { "" } else { "s" }
        )
    })
}

/// What the build says of the print cover: its size and its spine's.
fn cover_note(
    book: &document::Book,
    cover: &crate::typeset::print_cover::Cover,
    pages: usize,
) -> String {
    use crate::typeset::print_cover::SpineText;
    let (w, h) = cover.ts.bleed.sheet(cover.ts.geometry.page);
    let (service, paper) = (book.meta.print.service, book.meta.print.paper);
    let spine = match cover.spine_text {
        SpineText::Set(size) => format!("with its text in {size:.1} pt type"),
        SpineText::Unwanted => "left plain (`spine: none`)".to_string(),
        SpineText::TooFewPages => format!(
            "too thin for text ({} prints it from {} pages)",
            service.name(),
            service.spine_text_min_pages()
        ),
        SpineText::TooNarrow => "too narrow for text".to_string(),
    };
    format!(
        "the print cover is {:.3} × {:.3} in with its bleed, for {}: a spine of {:.3} in for \
         {pages} pages of {} paper, {spine}",
        w / 72.0,
        h / 72.0,
        service.name(),
        cover.spine / 72.0,
        paper.name()
    )
}

/// Render each typeset edition to its sink in `sinks`, telling `obs` when each is made. The
/// editions are rendered side by side: most of an edition's rendering (its structure tree,
/// its objects written in order) is one thread's work. Each edition's pages are freed once
/// rendered, in the background.
pub fn render_pdfs(
    typesetting: Typesetting,
    obs: &dyn Observer,
    sinks: &mut [&mut (dyn Write + Send)],
) -> Result<()> {
    use rayon::prelude::*;
    let Typesetting {
        build,
        sets,
        editions,
        started,
        ..
    } = typesetting;
    let build = &build;
    #[allow(clippy::type_complexity)]
    let jobs: Vec<(
        usize,
        (&pdf::Edition, crate::typeset::Typeset),
        &mut &mut (dyn Write + Send),
    )> = editions
        .iter()
        .zip(sets)
        .zip(sinks.iter_mut())
        .enumerate()
        .map(|(i, ((edition, ts), sink))| (i, (edition, ts), sink))
        .collect();
    jobs.into_par_iter()
        .map(|(i, (edition, ts), sink)| {
            let t = if i > 0 {
                obs.start(edition_phase(edition));
                std::time::Instant::now()
            } else {
                started
            };
            build.render(&ts, *edition, &mut **sink)?;
            // Freeing an edition's pages takes a little while for a long book: done by a
            // thread of its own, beside the next edition and the writing of the files. (Not a
            // task of the thread pool: a thread waiting for a join may take up such a task,
            // and keep the build waiting until it is done.)
            std::thread::spawn(move || drop(ts));
            obs.done(edition_phase(edition), t.elapsed());
            Ok(())
        })
        .collect::<Result<Vec<()>>>()?;
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
    if out.len() > MAX_SLUG {
        // Cut at the last word boundary that keeps at least half of it, so that a title of
        // hundreds of characters still names files every file system takes (255 bytes).
        let cut = out[..=MAX_SLUG]
            .rfind('-')
            .filter(|&i| i >= MAX_SLUG / 2)
            .unwrap_or(MAX_SLUG);
        out.truncate(cut);
    }
    if out.is_empty() {
        "book".to_string()
    } else {
        out
    }
}

/// Longest slug: output names (`SLUG-print.pdf`, the temporary `.SLUG-print.pdf.PID.tmp`)
/// stay far below the 255 bytes file systems allow.
pub const MAX_SLUG: usize = 80;

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
        static FIRST: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        let first = FIRST.get_or_init(|| since);
        eprintln!(
            "trace: [{:.3}] {phase}: {:.3} s (RSS {}, peak {})",
            first.elapsed().as_secs_f64(),
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
    fn a_long_title_gives_a_slug_cut_at_a_word() {
        let title = "Sebuah Judul yang Sangat Panjang ".repeat(12);
        let s = slug(&title);
        assert!(s.len() <= MAX_SLUG && s.len() >= MAX_SLUG / 2, "{s}");
        assert!(
            title.to_lowercase().replace(' ', "-").starts_with(&s),
            "{s}"
        );
        assert!(!s.ends_with('-'));
        // A title of one long word is cut inside it.
        assert_eq!(slug(&"a".repeat(300)).len(), MAX_SLUG);
    }

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
