//! The `terbit` command: a thin clap layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use terbit::pipeline::{self, Format};

#[derive(Parser)]
#[command(
    name = "terbit",
    version,
    about = "Markdown + book.yaml → EPUB 3 and PDF"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the book in BOOK_DIR into OUT_DIR.
    Build {
        /// The book's folder (holds book.yaml).
        #[arg(default_value = "manuscript")]
        book_dir: PathBuf,
        /// Where the outputs go.
        #[arg(short, long, default_value = "build")]
        out: PathBuf,
        /// Outputs to make, comma-separated: epub, pdf (screen), print (print-on-demand PDF).
        #[arg(long, value_delimiter = ',', default_value = "epub,pdf,print", value_parser = parse_format)]
        format: Vec<Format>,
    },
    /// Print each word with `-` at every point where terbit may hyphenate it.
    Hyphenate {
        /// Language whose rules to use (`id` Indonesian, `tr` Turkish).
        #[arg(long, value_parser = parse_language)]
        lang: String,
        /// The words to hyphenate.
        #[arg(required = true)]
        words: Vec<String>,
    },
}

fn parse_language(s: &str) -> Result<String, String> {
    if terbit::manuscript::config::is_bcp47(s) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a BCP 47 language tag: use id, tr, …"))
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("unknown format `{s}`: use epub, pdf or print"))
}

fn main() -> ExitCode {
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
    match cli.command {
        Command::Build {
            book_dir,
            out,
            format,
        } => match pipeline::build_with_warnings(&book_dir, &out, &format) {
            Ok(built) => {
                // Written, not printed: a closed pipe (`terbit build | head -1`) is no reason
                // to fail a build whose files are already in place.
                for w in &built.warnings {
                    let _ = writeln!(std::io::stderr(), "warning: {w}");
                }
                for o in built.outputs {
                    let _ = writeln!(
                        std::io::stdout(),
                        "wrote {} ({} KiB)",
                        o.path.display(),
                        o.bytes.div_ceil(1024)
                    );
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "error: {e}");
                ExitCode::from(1)
            }
        },
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
    }
}
