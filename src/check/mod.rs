//! `terbit check`: a preflight of a book before it is published. It reads the book as a build
//! does and reports, each at its `FILE:LINE:COL`: anything that would stop the build;
//! characters no font can draw; metadata retailers require (identifier and ISBN, cover,
//! description, language, authors); the cover's size and ratio; images too coarse for print
//! (under 300 dpi at their placed size); broken internal links; repeated words; unbalanced
//! brackets and quotation marks; straight quotes where the language writes curly ones; what
//! the PDF layout would have to squeeze (tables too wide, lists nested too deep); what a
//! print-on-demand service would refuse (`print`: page counts, the cover's image and spine).
//!
//! Errors are what a build or a retailer refuses; warnings what a careful editor would flag.
//! The check reads only: it never writes a file, in the book's folder or anywhere else.
//!
//! Every check's work is linear in the book (bar sorting the findings), and a report shows at
//! most [`SHOWN_PER_CHECK`] findings of each check in each file, the first by place, then one
//! line saying how many more there are: a chapter of a million straight quotes is a short
//! report, and costs neither time nor memory per quote beyond counting it.

mod book;
mod print;
mod source;
mod text;

use crate::fonts::system::Search;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::document;
use crate::error::{Diagnostic, Error};
use crate::lang::Language;
use crate::manuscript;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Findings of one check shown per file; the rest are counted (as a build's warnings are).
pub const SHOWN_PER_CHECK: usize = 100;

#[cfg(test)]
thread_local! {
    /// Steps of work the checks did on this thread — a character looked at, a bracket opened or
    /// closed, a finding kept — for the tests of their growth (`growth_tests.rs`).
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Count `n` steps of work (nothing outside tests).
#[inline]
fn step(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// Which check found something (its name in the JSON report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The build itself would fail.
    Build,
    /// Markup the build drops (unsafe HTML, say).
    Markup,
    /// Characters no font draws: a warning, as the build gives (the PDFs show a
    /// box, the EPUB keeps them).
    FontCoverage,
    Metadata,
    Cover,
    ImageResolution,
    BrokenLink,
    RepeatedWord,
    Unbalanced,
    StraightQuote,
    /// What the PDF layout has to squeeze to keep inside the page: a table too wide, lists
    /// nested too deep.
    Layout,
    /// An image with no text alternative, not marked decorative.
    AltText,
    /// What a print-on-demand service would refuse of the print edition or its cover.
    Print,
}

impl Kind {
    /// The severity of this kind of finding.
    pub fn severity(self) -> Severity {
        match self {
            Kind::Build | Kind::BrokenLink => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// Its name in reports (`straight-quote`).
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// One problem at one place.
#[derive(Debug, Clone)]
pub struct Finding {
    pub kind: Kind,
    pub severity: Severity,
    pub diagnostic: Diagnostic,
    /// 0 for a finding; otherwise this line stands for that many findings of `kind` in its
    /// file that are not shown, the first of them at its place.
    pub not_shown: usize,
}

impl Finding {
    pub fn new(kind: Kind, diagnostic: Diagnostic) -> Finding {
        Finding {
            kind,
            severity: kind.severity(),
            diagnostic,
            not_shown: 0,
        }
    }

    /// An error of `kind`, whatever that kind's usual severity.
    pub fn error(kind: Kind, diagnostic: Diagnostic) -> Finding {
        Finding {
            severity: Severity::Error,
            ..Finding::new(kind, diagnostic)
        }
    }

    /// In place of `n` findings of `kind` in `file`, the first of them at `line`:`column`.
    pub fn not_shown(kind: Kind, file: &Path, line: usize, column: usize, n: usize) -> Finding {
        let msg = format!(
            "{n} more `{}` finding{} from here on in this file not shown",
            kind.name(),
            if n == 1 { "" } else { "s" }
        );
        let help = format!(
            "terbit check shows the first {SHOWN_PER_CHECK} of each check in each file: fix \
             those and check again"
        );
        let d = Diagnostic::at(file, line, column, msg).with_help(help);
        Finding {
            not_shown: n,
            ..Finding::new(kind, d)
        }
    }

    /// How many findings this line counts for.
    fn weight(&self) -> usize {
        if self.not_shown == 0 {
            1
        } else {
            self.not_shown
        }
    }
}

/// Everything a check found, in file, line and column order.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == s)
            .map(Finding::weight)
            .sum()
    }

    /// The report as text: `error: FILE:LINE:COL: message — help` with the source line under
    /// it (as a build prints), then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = self.to_text_findings();
        out.push_str(&format!(
            "check: {} error{}, {} warning{}\n",
            self.errors(),
            if self.errors() == 1 { "" } else { "s" },
            self.warnings(),
            if self.warnings() == 1 { "" } else { "s" },
        ));
        out
    }

    /// The findings as text, without the summary line.
    pub fn to_text_findings(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let label = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!("{label}: {}\n", f.diagnostic));
        }
        out
    }

    /// The report as JSON, for CI: `{"errors": N, "warnings": N, "findings": [{"severity",
    /// "check", "file", "line", "column", "message", "help"}, …]}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Item<'a> {
            severity: Severity,
            check: Kind,
            file: String,
            line: usize,
            column: usize,
            message: &'a str,
            help: Option<&'a str>,
            /// For the line that stands for findings not shown: how many.
            #[serde(skip_serializing_if = "is_zero")]
            not_shown: usize,
        }
        fn is_zero(n: &usize) -> bool {
            *n == 0
        }
        #[derive(Serialize)]
        struct Json<'a> {
            errors: usize,
            warnings: usize,
            findings: Vec<Item<'a>>,
        }
        let json = Json {
            errors: self.errors(),
            warnings: self.warnings(),
            findings: self
                .findings
                .iter()
                .map(|f| Item {
                    severity: f.severity,
                    check: f.kind,
                    file: f.diagnostic.file.display().to_string(),
                    line: f.diagnostic.line,
                    column: f.diagnostic.column,
                    message: &f.diagnostic.message,
                    help: f.diagnostic.help.as_deref(),
                    not_shown: f.not_shown,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"
    }
}

/// Check the book in `dir`. Problems with the book are findings, never an `Err`: a book that
/// cannot even be read gives a report with that one error.
pub fn check(dir: &Path) -> Report {
    check_with(dir, &Search::none())
}

/// [`check`], looking for fonts for characters the book's and terbit's fonts lack where
/// `search` says (as `terbit build` does with the same flags).
pub fn check_with(dir: &Path, search: &Search) -> Report {
    check_print(dir, search, true)
}

/// [`check_with`], with the print preflight (`print`, which sets the print edition) or
/// without it (`terbit check --no-print`).
pub fn check_print(dir: &Path, search: &Search, print: bool) -> Report {
    let mut findings = Vec::new();
    let mut origins = manuscript::Origins::default();
    run(dir, (search, print), &mut findings, &mut origins);
    // Findings about text from an included file name that file (see manuscript::origins).
    origins.rewrite(findings.iter_mut().map(|f| &mut f.diagnostic));
    sort(&mut findings);
    Report {
        findings: cap(findings),
    }
}

/// By file, then place; each file's findings in reading order.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let (a, b) = (&a.diagnostic, &b.diagnostic);
        (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column))
    });
}

/// The first [`SHOWN_PER_CHECK`] findings of each check and severity in each file (`findings`
/// are sorted), and for the rest one line at the first of them saying how many there are. The
/// checks already keep no more than that while they run; here the lines standing for what they
/// dropped are merged with what is left over.
fn cap(findings: Vec<Finding>) -> Vec<Finding> {
    // Per file, check and severity: findings shown, and those not shown with the first place.
    type Group = (usize, usize, Option<(usize, usize)>);
    let mut groups: HashMap<(PathBuf, Kind, Severity), Group> = HashMap::new();
    let mut out = Vec::with_capacity(findings.len());
    for f in findings {
        let d = &f.diagnostic;
        let key = (d.file.clone(), f.kind, f.severity);
        let (shown, hidden, first) = groups.entry(key).or_default();
        let place = (d.line, d.column);
        if f.not_shown > 0 || *shown == SHOWN_PER_CHECK {
            *hidden += f.weight();
            *first = Some(first.map_or(place, |p| p.min(place)));
        } else {
            *shown += 1;
            out.push(f);
        }
    }
    let mut more: Vec<Finding> = groups
        .into_iter()
        .filter_map(|((file, kind, severity), (_, hidden, first))| {
            let (line, column) = first?;
            let f = Finding::not_shown(kind, &file, line, column, hidden);
            Some(Finding { severity, ..f })
        })
        .collect();
    if !more.is_empty() {
        // In an order of their own (the map's is random), each after the findings shown at
        // its place (the sort is stable).
        more.sort_by_key(|f| (f.diagnostic.message.clone(), f.severity));
        out.append(&mut more);
        sort(&mut out);
    }
    out
}

fn run(
    dir: &Path,
    (search, print): (&Search, bool),
    out: &mut Vec<Finding>,
    origins: &mut manuscript::Origins,
) {
    let config = dir.join(manuscript::CONFIG_FILE);
    let failed = |e: Error| Finding::error(Kind::Build, as_diagnostic(e, &config));
    let m = match manuscript::load(dir) {
        Ok(m) => m,
        Err(e) => return out.push(failed(e)),
    };
    *origins = m.config.origins.clone();
    let lang = Language::from_tag(&m.config.language.value);
    for chapter in &m.chapters {
        out.extend(text::scan(&chapter.path, &chapter.text, lang).findings);
    }
    let (book, warnings, links) = match document::build_parts(&m) {
        Ok(built) => built,
        Err(e) => return out.push(failed(e)),
    };
    out.extend(
        warnings
            .into_vec()
            .into_iter()
            .map(|d| Finding::new(Kind::Markup, d)),
    );
    // Links that lead nowhere, as the build warns of them; those past the build's limit per
    // file counted, not dropped.
    let (shown, hidden) = links.into_parts();
    out.extend(shown.into_iter().map(|d| Finding::new(Kind::BrokenLink, d)));
    for (file, n) in hidden {
        out.push(Finding::not_shown(Kind::BrokenLink, &file, 1, 1, n));
    }
    let fonts = match crate::fonts::choose::for_book(&m) {
        Ok(fonts) => fonts,
        Err(e) => return out.push(failed(e)),
    };
    let (survey, _) = document::coverage::survey_and_complete(&book, &m, fonts, search);
    if let Some(d) = survey.undrawn {
        out.push(Finding::new(Kind::FontCoverage, d));
    }
    book::metadata(&book, &m, out);
    match document::assets::collect(&book) {
        Ok(assets) => {
            let warnings = assets.warnings.iter().cloned();
            out.extend(warnings.map(|d| Finding::new(Kind::Markup, d)));
            let missing = assets.missing_alt.iter().cloned();
            out.extend(missing.map(|d| Finding::new(Kind::AltText, d)));
            book::cover(&book, &assets, out);
            // The print edition as the build sets it, for the images' resolution and the
            // print preflight.
            if assets.has_images || print {
                use crate::typeset::{Edition, typeset};
                let edition = typeset(&book, &assets, Edition::Print);
                book::image_resolution(&book, &assets, &edition, out);
                if print {
                    print::preflight(&book, &assets, &edition, out);
                }
            }
            // Found as a build finds them, by the layout's own rules.
            let squeezed = crate::typeset::squeezes(&book, &assets);
            out.extend(squeezed.into_iter().map(|d| Finding::new(Kind::Layout, d)));
        }
        Err(e) => out.push(failed(e)),
    }
}

#[cfg(test)]
#[path = "growth_tests.rs"]
mod growth_tests;

/// An error as a diagnostic; one without a place is put at the start of `fallback`.
fn as_diagnostic(e: Error, fallback: &Path) -> Diagnostic {
    match e {
        Error::Input(d) => d,
        other => Diagnostic::at(fallback, 1, 1, other.to_string()),
    }
}
