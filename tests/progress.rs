//! What a build says while it runs: a per-phase bar on a terminal, phase times with
//! `--verbose`, nothing but errors with `--quiet`, and no control characters in a pipe.

mod common;

use std::process::Command;

use common::terbit;

fn small_book(name: &str) -> std::path::PathBuf {
    let dir = common::scratch(name);
    std::fs::write(dir.join("book.yaml"), "title: Kecil\nlanguage: id\n").unwrap();
    std::fs::write(
        dir.join("a.md"),
        "# Bab\n\nTeks <span onclick=\"x()\">lama</span>.\n",
    )
    .unwrap();
    dir
}

/// The phases in the order they end, but for the EPUB's: it is made beside the PDFs and may
/// end before, between or after them.
const PHASES: [&str; 6] = [
    "reading the book",
    "parsing the chapters",
    "checking the fonts",
    "typesetting the screen PDF",
    "typesetting the print PDF",
    "writing the files",
];

#[test]
fn verbose_names_every_phase_in_order() {
    let dir = small_book("progress-verbose");
    let out = terbit(&["build", ".", "-o", "out", "--verbose"], &dir);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let position = |phase: &str| {
        err.find(&format!("terbit: {phase}: "))
            .unwrap_or_else(|| panic!("`{phase}` missing:\n{err}"))
    };
    let at: Vec<usize> = PHASES.iter().map(|p| position(p)).collect();
    assert!(at.is_sorted(), "phases out of order:\n{err}");
    let epub = position("making the EPUB");
    assert!(
        at[2] < epub && epub < at[5],
        "the EPUB is made after the checks and before the writing:\n{err}"
    );
    assert!(err.contains("terbit: done in "), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("wrote out/kecil.epub"));
}

#[test]
fn quiet_says_nothing_but_errors() {
    let dir = small_book("progress-quiet");
    let out = terbit(&["build", ".", "-o", "out", "-q"], &dir);
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert!(dir.join("out/kecil.pdf").is_file());

    std::fs::write(
        dir.join("book.yaml"),
        "title: Kecil\nlanguage: id\nsubtitel: x\n",
    )
    .unwrap();
    let out = terbit(&["build", ".", "-o", "out", "--quiet"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: ./book.yaml:3:1"));

    let out = terbit(&["build", "-q", "-v"], &dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--quiet and --verbose exclude each other"
    );
}

#[test]
fn a_pipe_gets_no_bar_and_no_control_characters() {
    let dir = small_book("progress-pipe");
    let out = terbit(&["build", ".", "-o", "out"], &dir);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    // Only the warning about the dropped element.
    assert!(err.starts_with("warning: ./a.md:3:6"), "{err}");
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains("typesetting"), "{err}");
}

#[test]
fn a_terminal_gets_the_bar_with_each_phase() {
    // `script` runs terbit on a pseudo-terminal, as a person at a terminal would.
    let Some(()) = common::tool("script") else {
        return;
    };
    let dir = small_book("progress-terminal");
    let bin = env!("CARGO_BIN_EXE_terbit");
    let out = Command::new("script")
        .args(["-qec", &format!("{bin} build . -o out"), "/dev/null"])
        .current_dir(&dir)
        .output()
        .expect("script runs");
    assert!(out.status.success(), "{out:?}");
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("/8 reading the book"), "{shown:?}");
    assert!(shown.contains("/8 typesetting the print PDF"), "{shown:?}");
    assert!(shown.contains("/8 making the print cover"), "{shown:?}");
    assert!(shown.contains("wrote out/kecil-print.pdf"), "{shown:?}");
}
