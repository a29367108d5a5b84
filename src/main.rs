//! The `terbit` command: a thin clap layer over the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use terbit::cli::{Cli, Command};
use terbit::error::shown_path;
use terbit::pipeline;
use terbit::progress::{Reporter, Verbosity};

/// mimalloc instead of the system allocator: a build makes and frees millions of small
/// objects (glyph runs, line items) from both cores, and glibc's malloc took about 15 % of a
/// big book's build time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults trade memory for speed: transparent huge pages (2 MiB resident for a
/// little use) and freed memory kept 10 ms before it goes back to the system. Huge pages buy a
/// build nothing measurable and took a big book's peak memory from 123 to 195 MiB, so they are
/// refused. Freed memory is kept a little longer, 50 ms: given back at once, it was faulted in
/// again moments later, and the kernel's page work was a fifth of a big book's CPU time (the
/// 300-chapter book, all three outputs: 289 → 255 ms, peak 62 → 69 MiB; 50 ms buys as much as
/// 1 s, for less memory). The allocator is set up before `main`, so huge pages are refused for
/// the whole process (Linux's PR_SET_THP_DISABLE) rather than through mimalloc's option, which
/// its first memory would miss. (Option numbers from mimalloc's `mi_option_e`.)
fn limit_allocator_memory() {
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const ALLOW_THP: libmimalloc_sys::mi_option_t = 37;
    // SAFETY: plain setters of mimalloc's global options and of a flag of this process, valid
    // at any time; a failure leaves the defaults, which are only less frugal.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 50);
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn main() -> ExitCode {
    limit_allocator_memory();
    // A panic is a bug in terbit, never the author's fault; should one slip through, it still
    // ends like every other failure (a message, exit code 1) rather than a trace and code 101.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!(
            "error: internal error{place}: {what} — this is a bug in terbit; please report it \
             with the book that shows it"
        );
    }));
    match std::panic::catch_unwind(run) {
        Ok(code) => code,
        Err(_) => ExitCode::from(1),
    }
}

fn run() -> ExitCode {
    // Usage errors exit 1 like every other bad input (clap's default is 2); help and version 0.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let verbosity = cli.verbosity();
    let quiet = verbosity == Verbosity::Quiet;
    match cli.command {
        Command::Build {
            book_dir,
            out,
            format,
            fonts,
        } => {
            pipeline::remove_unfinished_on_signal();
            let reporter = Reporter::new(verbosity);
            let built =
                pipeline::build_observed(&book_dir, &out, &format, &fonts.search(), &reporter);
            reporter.finish();
            match built {
                Ok(built) => {
                    if !quiet {
                        // Written, not printed: a closed pipe (`terbit build | head -1`) is no
                        // reason to fail a build whose files are already in place.
                        for w in &built.warnings {
                            let _ = writeln!(std::io::stderr(), "warning: {w}");
                        }
                        for n in &built.notes {
                            let n = terbit::error::escape_controls(n, terbit::error::Keep::Nothing);
                            let _ = writeln!(std::io::stderr(), "note: {n}");
                        }
                        for o in built.outputs {
                            let _ = writeln!(
                                std::io::stdout(),
                                "wrote {} ({} KiB)",
                                shown_path(&o.path),
                                o.bytes.div_ceil(1024)
                            );
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Watch {
            book_dir,
            out,
            format,
            fonts,
        } => {
            pipeline::remove_unfinished_on_signal();
            let reporter = Reporter::new(verbosity);
            let options = terbit::watch::Options {
                search: fonts.search(),
                ..Default::default()
            };
            let mut report = |event| show_watch_event(event, &reporter);
            match terbit::watch::watch(&book_dir, &out, &format, &options, &reporter, &mut report) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Hyphenate { lang, words } => {
            let language = terbit::lang::Language::from_tag(&lang);
            for word in words {
                let shown = terbit::lang::show_points(&word, &language.hyphenation_points(&word));
                if writeln!(std::io::stdout(), "{shown}").is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Command::Init { dir, lang } => match terbit::init::init(&dir, &lang) {
            Ok(created) if quiet => {
                let _ = created;
                ExitCode::SUCCESS
            }
            Ok(created) => {
                for f in &created.files {
                    let _ = writeln!(std::io::stdout(), "created {}", shown_path(f));
                }
                let _ = writeln!(
                    std::io::stdout(),
                    "build it with: terbit build {}",
                    shown_path(&created.dir)
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: {e}");
                ExitCode::from(1)
            }
        },
        Command::Check {
            book_dir,
            format,
            strict,
            no_print,
            fonts,
        } => {
            let print = !no_print;
            let mut report = terbit::check::check_print(&book_dir, &fonts.search(), print);
            if quiet {
                report
                    .findings
                    .retain(|f| f.severity == terbit::check::Severity::Error);
            }
            let shown = match (format.as_str(), quiet) {
                ("json", _) => report.to_json(),
                (_, true) => report.to_text_findings(),
                _ => report.to_text(),
            };
            let _ = std::io::stdout().write_all(shown.as_bytes());
            if report.errors() > 0 || (strict && report.warnings() > 0) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Completions { shell } => {
            terbit::cli::completions(shell, &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { out: None } => {
            let _ = terbit::cli::man_page(&mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man { out: Some(dir) } => match terbit::cli::man_pages_to(&dir) {
            Ok(pages) => {
                for p in pages {
                    let _ = writeln!(std::io::stdout(), "wrote {}", shown_path(&p));
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: {}: {e}", shown_path(&dir));
                ExitCode::from(1)
            }
        },
    }
}

/// Print what happened in `terbit watch`: each build's time and outcome (errors always, the
/// rest unless `--quiet`), the changed files with `--verbose`.
fn show_watch_event(event: terbit::watch::Event, reporter: &Reporter) {
    use terbit::watch::Event;
    let verbosity = reporter.verbosity();
    let quiet = verbosity == Verbosity::Quiet;
    match event {
        Event::Watching { dir } if !quiet => {
            let _ = writeln!(
                std::io::stdout(),
                "watching {} for changes (Ctrl-C to stop)",
                shown_path(&dir)
            );
        }
        Event::Gone { dir } => {
            let _ = writeln!(
                std::io::stderr(),
                "warning: {}: the folder is gone; waiting for it to come back",
                dir.display()
            );
        }
        Event::Back { dir } if !quiet => {
            let _ = writeln!(
                std::io::stdout(),
                "{} is back; watching it again",
                dir.display()
            );
        }
        Event::Changed { paths } if verbosity == Verbosity::Verbose => {
            for p in paths {
                let _ = writeln!(std::io::stdout(), "changed: {}", shown_path(&p));
            }
        }
        Event::Built { result, took } => {
            reporter.finish();
            let secs = took.as_secs_f64();
            match result {
                Ok(built) if !quiet => {
                    for w in &built.warnings {
                        let _ = writeln!(std::io::stderr(), "warning: {w}");
                    }
                    let files: Vec<String> =
                        built.outputs.iter().map(|o| shown_path(&o.path)).collect();
                    let _ = writeln!(
                        std::io::stdout(),
                        "built in {secs:.2} s: {}",
                        files.join(", ")
                    );
                }
                Ok(_) => {}
                Err(e) => {
                    let _ = writeln!(std::io::stderr(), "error: {e}");
                    let _ = writeln!(
                        std::io::stdout(),
                        "build failed after {secs:.2} s; still watching"
                    );
                }
            }
        }
        _ => {}
    }
}
