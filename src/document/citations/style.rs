//! The book's citation style: a CSL style bundled with hayagriva, named in `csl:`, or a `.csl`
//! file of the book's; and the CSL locale of the book's language ("dkk.", "hlm." in
//! Indonesian, "vd.", "s." in Turkish), with US English behind it for terms a locale lacks.

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style, StyleClass};

use crate::error::{Diagnostic, Result};
use crate::manuscript::references::{ReferenceSources, SourceFile, is_style_file};

/// The style a book without `csl:` is formatted in: pandoc's default.
pub const DEFAULT_STYLE: &str = "chicago-author-date";

/// The short names authors use for the common styles, and the bundled style each means.
const NAMES: &[(&str, &str)] = &[
    ("apa", "apa"),
    ("chicago", "chicago-author-date"),
    ("chicago-author-date", "chicago-author-date"),
    ("chicago-notes", "chicago-notes"),
    ("chicago-note-bibliography", "chicago-notes"),
    ("chicago-notes-bibliography", "chicago-notes"),
    ("chicago-fullnote-bibliography", "chicago-notes"),
    ("ieee", "ieee"),
    ("harvard", "harvard-cite-them-right"),
    ("harvard-cite-them-right", "harvard-cite-them-right"),
    ("mla", "mla"),
    ("modern-language-association", "mla"),
    ("vancouver", "vancouver"),
];

/// The style and the locales citations are formatted with.
pub struct CitationStyle {
    pub style: IndependentStyle,
    /// The book's locale and US English.
    pub locales: Vec<Locale>,
    /// The book's locale's code (`id-ID`, `tr-TR`, `en-US`).
    pub locale: LocaleCode,
}

impl CitationStyle {
    /// Whether citations are footnotes (Chicago notes), not in the text.
    pub fn is_note(&self) -> bool {
        self.style.settings.class == StyleClass::Note
    }

    /// Whether its citations print names (author-date styles), not only numbers or labels
    /// (IEEE, Vancouver). A citation in the sentence (`@key`) of a style without names is the
    /// plain citation, "Menurut [1]", as citeproc's author-only form is empty there.
    pub fn cites_names(&self) -> bool {
        use hayagriva::citationberg::taxonomy::{NameVariable, Variable};
        let macros = &self.style.macros;
        [NameVariable::Author, NameVariable::Editor]
            .into_iter()
            .any(|name| {
                self.style.citation.layout.elements.iter().any(|e| {
                    e.find_variable_element(Variable::Name(name), macros)
                        .is_some()
                })
            })
    }
}

/// The style `csl` names (a bundled style's name, or the `.csl` file read into `sources`) for
/// a book in `language` (a BCP 47 tag).
pub fn resolve(
    csl: Option<&str>,
    sources: &ReferenceSources,
    language: &str,
) -> Result<CitationStyle> {
    let style = match (csl, &sources.style_file) {
        (Some(name), Some(file)) if is_style_file(name) => from_file(file)?,
        (name, _) => {
            let name = name.unwrap_or(DEFAULT_STYLE);
            bundled(name).ok_or_else(|| unknown_style(name, sources))?
        }
    };
    // Every locale decoded once (hayagriva keeps them compressed); the book's kept.
    let all = hayagriva::archive::locales();
    let locale = locale_code(language, &all);
    Ok(CitationStyle {
        style,
        locales: locales_for(&locale, all),
        locale,
    })
}

/// A bundled style by the name an author gives it.
fn bundled(name: &str) -> Option<IndependentStyle> {
    let lower = name.trim().to_ascii_lowercase();
    let name = NAMES
        .iter()
        .find(|(n, _)| *n == lower)
        .map_or(lower.as_str(), |(_, s)| s);
    match ArchivedStyle::by_name(name)?.get() {
        Style::Independent(style) => Some(style),
        Style::Dependent(_) => None,
    }
}

fn unknown_style(name: &str, sources: &ReferenceSources) -> crate::error::Error {
    let msg = format!("no citation style is named `{name}`");
    let help = "name a bundled style (apa, chicago-author-date, chicago-notes, ieee, harvard, \
                mla, vancouver) or give a .csl file of the book's folder";
    at_key(sources, "csl", name, msg, help)
}

/// A diagnostic at the value `value` of `key` in the settings file.
fn at_key(
    sources: &ReferenceSources,
    key: &str,
    value: &str,
    msg: String,
    help: &str,
) -> crate::error::Error {
    match &sources.settings {
        Some(file) => {
            let (line, column) = crate::manuscript::config::find_key(&file.text, key)
                .map(|(line, column, at)| match file.text[at..].find(value) {
                    Some(off) => crate::error::line_col(&file.text, at + off),
                    None => (line, column),
                })
                .unwrap_or((1, 1));
            Diagnostic::at(&file.path, line, column, msg)
                .with_help(help)
                .with_source(&file.text)
                .into()
        }
        None => crate::error::Error::Other(format!("{msg}: {help}")),
    }
}

/// A `.csl` file: an independent style, or a dependent one whose parent is bundled.
fn from_file(file: &SourceFile) -> Result<IndependentStyle> {
    let bad = |line: usize, column: usize, msg: String, help: &str| -> crate::error::Error {
        Diagnostic::at(&file.path, line, column, msg)
            .with_help(help)
            .with_source(&file.text)
            .into()
    };
    // Well-formed XML first: its errors have a place (serde's below have only a path).
    if let Err(e) = roxmltree::Document::parse(&file.text) {
        let pos = e.pos();
        return Err(bad(
            pos.row as usize,
            pos.col as usize,
            format!("this style is not well-formed XML: {e}"),
            "a CSL style is an XML file: mend it, or take the style again from the CSL \
             repository (zotero.org/styles)",
        ));
    }
    match Style::from_xml(&file.text) {
        Ok(Style::Independent(style)) => Ok(style),
        Ok(Style::Dependent(dependent)) => {
            let parent = &dependent.parent_link.href;
            match ArchivedStyle::by_id(parent).map(ArchivedStyle::get) {
                Some(Style::Independent(mut style)) => {
                    if dependent.default_locale.is_some() {
                        style.default_locale = dependent.default_locale;
                    }
                    Ok(style)
                }
                _ => {
                    let (line, column) = text_place(&file.text, "independent-parent");
                    Err(bad(
                        line,
                        column,
                        format!("this style depends on `{parent}`, which is not bundled"),
                        "put the parent style's .csl file in the book's folder and name it in \
                         `csl:` instead",
                    ))
                }
            }
        }
        Err(e) => {
            // The path serde followed names the element the style lacks or has wrong.
            let path = e.path.as_ref().map(|p| p.to_string()).unwrap_or_default();
            let what = path.rsplit('.').find(|s| !s.is_empty()).unwrap_or("");
            let (line, column) = if what.is_empty() {
                (1, 1)
            } else {
                text_place(&file.text, what.trim_start_matches(['@', '$']))
            };
            let msg = format!("not a CSL style terbit can read: {}", e.source);
            let msg = if path.is_empty() {
                msg
            } else {
                format!("{msg} (at {path})")
            };
            Err(bad(
                line,
                column,
                msg,
                "check the file against the CSL 1.0.2 schema, or take the style again from \
                 the CSL repository",
            ))
        }
    }
}

/// Line and column of the first place `word` is written in `text` (1:1 when it is not).
fn text_place(text: &str, word: &str) -> (usize, usize) {
    text.find(word)
        .map_or((1, 1), |at| crate::error::line_col(text, at))
}

/// The CSL locale of a BCP 47 tag: `id` → `id-ID`, `tr` → `tr-TR`, `en` → `en-US`; a tag
/// with its region as given.
pub fn locale_code(language: &str, all: &[Locale]) -> LocaleCode {
    let primary = language
        .split('-')
        .next()
        .unwrap_or("en")
        .to_ascii_lowercase();
    let codes: Vec<String> = all
        .iter()
        .filter_map(|l| l.lang.as_ref().map(|c| c.0.clone()))
        .collect();
    if codes.iter().any(|c| c.eq_ignore_ascii_case(language)) {
        return LocaleCode(language.to_string());
    }
    // The language's main locale (CSL's "primary dialects"): `de` is de-DE, `pt` is pt-PT.
    let main = match primary.as_str() {
        "en" => Some("en-US"),
        "pt" => Some("pt-PT"),
        "zh" => Some("zh-CN"),
        "es" => Some("es-ES"),
        _ => None,
    };
    if let Some(main) = main {
        return LocaleCode(main.to_string());
    }
    codes
        .into_iter()
        .find(|c| {
            c.split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(&primary))
        })
        .map_or_else(LocaleCode::en_us, LocaleCode)
}

/// The bundled locales a book in `locale` needs: its own, its language's others, US English.
fn locales_for(locale: &LocaleCode, all: Vec<Locale>) -> Vec<Locale> {
    let primary = locale.0.split('-').next().unwrap_or("en").to_string();
    all.into_iter()
        .filter(|l| {
            l.lang.as_ref().is_some_and(|c| {
                c.0 == "en-US" || c.0.split('-').next().is_some_and(|p| p == primary)
            })
        })
        .collect()
}
