//! What a build tells the person who runs it while it runs: a per-phase progress bar
//! (indicatif) when standard error is a terminal, each phase's time with `--verbose`, nothing
//! but errors with `--quiet`. Pipes and CI logs get no bar and no control characters.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::pipeline::{Observer, Phase};

/// How much the command line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// What was written, warnings, errors; a progress bar on a terminal.
    #[default]
    Normal,
    /// Also each phase with its time.
    Verbose,
}

/// An [`Observer`] that shows a build's progress on standard error.
pub struct Reporter {
    verbosity: Verbosity,
    bar: Option<ProgressBar>,
    /// When the current build started (its first phase).
    started: Mutex<Instant>,
    /// Where `--verbose` lines go when there is no bar (standard error, or a test's buffer).
    lines: Mutex<Box<dyn Write + Send>>,
}

impl Reporter {
    /// A reporter on standard error; the bar only when it is a terminal and not `Quiet`.
    pub fn new(verbosity: Verbosity) -> Reporter {
        let terminal = std::io::stderr().is_terminal();
        Reporter::with_output(verbosity, terminal, Box::new(std::io::stderr()))
    }

    /// A reporter writing its lines to `lines`, with a bar (drawn on standard error) when
    /// `bar` is true.
    pub fn with_output(verbosity: Verbosity, bar: bool, lines: Box<dyn Write + Send>) -> Reporter {
        let bar = (bar && verbosity != Verbosity::Quiet).then(|| {
            let style =
                ProgressStyle::with_template("{spinner} [{bar:24}] {pos}/{len} {msg} ({elapsed})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(style);
            bar
        });
        Reporter {
            verbosity,
            bar,
            started: Mutex::new(Instant::now()),
            lines: Mutex::new(lines),
        }
    }

    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Print `line` on standard error (or the reporter's output) without tearing the bar.
    pub fn line(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => {
                if let Ok(mut out) = self.lines.lock() {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
    }

    /// Take the bar away (before the command prints its results), saying how long the build
    /// took when verbose. The next build (`terbit watch`) brings the bar back.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.verbosity == Verbosity::Verbose {
            let took = self.started.lock().map(|t| t.elapsed()).unwrap_or_default();
            self.line(&format!("terbit: done in {:.2} s", took.as_secs_f64()));
        }
    }
}

impl Observer for Reporter {
    fn phases(&self, count: usize) {
        if let Ok(mut started) = self.started.lock() {
            *started = Instant::now();
        }
        if let Some(bar) = &self.bar {
            bar.reset();
            bar.set_length(count as u64);
            bar.set_position(0);
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn start(&self, phase: Phase) {
        if let Some(bar) = &self.bar {
            bar.set_message(phase.label());
        }
    }

    fn done(&self, phase: Phase, took: Duration) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
        if self.verbosity == Verbosity::Verbose {
            let secs = took.as_secs_f64();
            self.line(&format!("terbit: {}: {secs:.2} s", phase.label()));
        }
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Format;
    use std::sync::Arc;

    /// A `Write` whose bytes a test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn run(verbosity: Verbosity) -> String {
        let out = Shared::default();
        let r = Reporter::with_output(verbosity, false, Box::new(out.clone()));
        r.phases(2);
        for p in [Phase::Read, Phase::Make(Format::Epub)] {
            r.start(p);
            r.done(p, Duration::from_millis(12));
        }
        r.finish();
        String::from_utf8(out.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn verbose_names_each_phase_with_its_time() {
        let said = run(Verbosity::Verbose);
        let lines: Vec<&str> = said.lines().collect();
        assert_eq!(lines.len(), 3, "{said}");
        assert_eq!(lines[0], "terbit: reading the book: 0.01 s");
        assert!(lines[1].starts_with("terbit: making the EPUB: "), "{said}");
        assert!(lines[2].starts_with("terbit: done in "), "{said}");
    }

    #[test]
    fn normal_and_quiet_say_nothing_without_a_terminal() {
        assert_eq!(run(Verbosity::Normal), "");
        assert_eq!(run(Verbosity::Quiet), "");
    }
}
