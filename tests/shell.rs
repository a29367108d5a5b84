//! What the command line offers the shell: `--version`, completion scripts and man pages.

mod common;

use std::process::{Command, Output};

fn terbit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_terbit"))
        .args(args)
        .output()
        .expect("terbit runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn version_names_the_program_and_its_version() {
    let shown = stdout(&terbit(&["--version"]));
    assert_eq!(shown, format!("terbit {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(stdout(&terbit(&["-V"])), shown);
}

#[test]
fn completion_scripts_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&terbit(&["completions", shell]));
        for sub in ["build", "hyphenate", "completions", "man"] {
            assert!(script.contains(sub), "{shell} script lacks `{sub}`");
        }
    }
    let bash = stdout(&terbit(&["completions", "bash"]));
    assert!(bash.contains("complete -F _terbit"), "{bash}");
    assert!(bash.contains("--format"), "options are completed too");
    let out = terbit(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unknown shell is a usage error"
    );
}

#[test]
fn man_page_describes_the_commands() {
    let page = stdout(&terbit(&["man"]));
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH terbit 1"),
        "{page}"
    );
    assert!(page.contains(".TH terbit 1"), "{page}");
    assert!(
        page.contains("terbit\\-build(1)") || page.contains("build"),
        "{page}"
    );
    assert!(
        page.contains(env!("CARGO_PKG_VERSION")),
        "the version is in the page"
    );
}

#[test]
fn man_pages_for_every_subcommand_go_into_a_folder() {
    let dir = common::scratch("shell-man");
    let out = terbit(&["man", "--out", dir.join("man").to_str().unwrap()]);
    let listed = stdout(&out);
    for page in ["terbit.1", "terbit-build.1", "terbit-hyphenate.1"] {
        let path = dir.join("man").join(page);
        assert!(path.is_file(), "{page} missing; wrote:\n{listed}");
        assert!(listed.contains(page), "{listed}");
    }
    let build = std::fs::read_to_string(dir.join("man/terbit-build.1")).unwrap();
    assert!(
        build.contains("BOOK_DIR") && build.contains("\\-\\-format"),
        "{build}"
    );
}
