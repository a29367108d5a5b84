//! The command line's shape: every subcommand, argument and flag (clap derive), and what is
//! generated from it — shell completions (clap_complete) and man pages (clap_mangen). The
//! binary (`main.rs`) only parses with this and calls the library; keeping the definition here
//! lets the completions and man pages be made from the very parser the binary uses.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};

use crate::pipeline::Format;

/// The `terbit` command.
#[derive(Parser, Debug)]
#[command(
    name = "terbit",
    version,
    about = "Markdown + book.yaml → EPUB 3 and PDF",
    long_about = "terbit turns a book kept as Markdown chapters plus a book.yaml of metadata \
                  into an EPUB 3 for e-readers, a PDF for the screen and a PDF for \
                  print-on-demand."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each phase of a build with its time.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl Cli {
    /// How much to say, from `--quiet` and `--verbose`.
    pub fn verbosity(&self) -> crate::progress::Verbosity {
        use crate::progress::Verbosity;
        match (self.quiet, self.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// Where to look for fonts for characters neither the book's fonts nor terbit's draw.
#[derive(clap::Args, Debug, Clone)]
pub struct FontArgs {
    /// Also look for fonts in DIR (and its subfolders), before the system's; may be given more
    /// than once. Used only for characters the book's fonts and terbit's lack.
    #[arg(long = "font-path", value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub font_path: Vec<PathBuf>,
    /// Do not look among the system's fonts (a build that is the same on every machine).
    #[arg(long)]
    pub ignore_system_fonts: bool,
}

impl FontArgs {
    /// Where these flags say to look.
    pub fn search(&self) -> crate::fonts::system::Search {
        crate::fonts::system::Search {
            dirs: self.font_path.clone(),
            system: !self.ignore_system_fonts,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the book in BOOK_DIR into OUT_DIR.
    Build {
        /// The book's folder (holds book.yaml).
        #[arg(default_value = "manuscript", value_hint = clap::ValueHint::DirPath)]
        book_dir: PathBuf,
        /// Where the outputs go.
        #[arg(short, long, default_value = "build", value_hint = clap::ValueHint::DirPath)]
        out: PathBuf,
        /// Outputs to make, comma-separated: epub, pdf (screen), print (print-on-demand PDF).
        #[arg(long, value_delimiter = ',', default_value = "epub,pdf,print,cover", value_parser = parse_format)]
        format: Vec<Format>,
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// Start a new book in DIR: a book.yaml showing every key, and a sample chapter.
    Init {
        /// The folder to create the book in (made if missing; must not hold a book.yaml).
        #[arg(default_value = ".", value_hint = clap::ValueHint::DirPath)]
        dir: PathBuf,
        /// The book's language, which the sample chapter is written in.
        #[arg(long, default_value = "en", value_parser = crate::init::LANGUAGES)]
        lang: String,
    },
    /// Build the book, then rebuild it whenever one of its files changes (Ctrl-C to stop).
    Watch {
        /// The book's folder (holds book.yaml).
        #[arg(default_value = "manuscript", value_hint = clap::ValueHint::DirPath)]
        book_dir: PathBuf,
        /// Where the outputs go.
        #[arg(short, long, default_value = "build", value_hint = clap::ValueHint::DirPath)]
        out: PathBuf,
        /// Outputs to make, comma-separated: epub, pdf (screen), print (print-on-demand PDF).
        #[arg(long, value_delimiter = ',', default_value = "epub,pdf,print,cover", value_parser = parse_format)]
        format: Vec<Format>,
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// Look the book over before publishing: FILE:LINE:COL diagnostics, exit 1 on errors.
    Check {
        /// The book's folder (holds book.yaml).
        #[arg(default_value = "manuscript", value_hint = clap::ValueHint::DirPath)]
        book_dir: PathBuf,
        /// How to print the findings: text, or json for CI.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        strict: bool,
        /// Leave out the print preflight (a book published only as an e-book; it also saves
        /// setting the print edition).
        #[arg(long)]
        no_print: bool,
        #[command(flatten)]
        fonts: FontArgs,
    },
    /// Print each word with `-` at every point where terbit may hyphenate it.
    Hyphenate {
        /// Language whose rules to use: `id` Indonesian, `tr` Turkish (terbit's own rules), or
        /// any language TeX has hyphenation patterns for (`en`, `de`, `fr`, `es`, …).
        #[arg(long, value_parser = parse_language)]
        lang: String,
        /// The words to hyphenate.
        #[arg(required = true)]
        words: Vec<String>,
    },
    /// Print the completion script for SHELL (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print terbit's man page, or with --out write one page per command into a folder.
    Man {
        /// Folder to write terbit.1, terbit-build.1, … into.
        #[arg(short, long, value_hint = clap::ValueHint::DirPath)]
        out: Option<PathBuf>,
    },
}

fn parse_language(s: &str) -> Result<String, String> {
    if crate::manuscript::config::is_bcp47(s) {
        Ok(s.to_string())
    } else {
        Err(format!("`{s}` is not a BCP 47 language tag: use id, tr, …"))
    }
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| format!("unknown format `{s}`: use epub, pdf, print or cover"))
}

/// Write the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "terbit", out);
}

/// Write the man page terbit(1), which lists the subcommands, to `out`.
pub fn man_page(out: &mut dyn Write) -> std::io::Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)
}

/// Write terbit.1 and one page per subcommand (terbit-build.1, …) into `dir`, creating it.
/// Returns the files written.
pub fn man_pages_to(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(Cli::command(), dir)?;
    let mut written: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "1")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("terbit"))
        })
        .collect();
    written.sort();
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
