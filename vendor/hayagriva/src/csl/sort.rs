use std::cmp::Ordering;

use citationberg::taxonomy::Variable;
use citationberg::{
    DemoteNonDroppingParticle, InheritableNameOptions, LocaleCode, LongShortForm, Sort,
    SortDirection, SortKey,
};
use icu_collator::Collator;
use icu_collator::options::CollatorOptions;
use icu_locale::Locale as IcuLocale;

use crate::csl::BufWriteFormat;
use crate::csl::rendering::RenderCsl;

use super::taxonomy::EntryLike;
use super::{CitationItem, InstanceContext, StyleContext};

trait CollationOrd: Ord {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering;
}

// terbit: sort keys compared as citeproc does (compSortKeyValue, normalizeSortKey,
// Citeproc.Unicode.comp): the text case-folded and cut into words at spaces, apostrophes and
// commas, the word lists compared word by word, each with the locale's collator set to
// "shifted" (punctuation and spaces ignorable). hayagriva compared whole strings with
// punctuation significant, so "“Color Grammars…”" (no author, quoted title) sorted before
// every name and "Al-Refaie" before "Alani"; and a collator that cannot be made no longer
// panics.
impl CollationOrd for str {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        let collator = locale.0.parse::<IcuLocale>().ok().and_then(|locale| {
            let mut options = CollatorOptions::default();
            options.alternate_handling =
                Some(icu_collator::options::AlternateHandling::Shifted);
            options.strength = Some(icu_collator::options::Strength::Quaternary);
            Collator::try_new(locale.into(), options).ok()
        });
        let words = |s: &str| -> Vec<String> {
            s.to_lowercase()
                .split(|c: char| {
                    c.is_whitespace() || matches!(c, '\'' | '’' | ',' | 'ʾ' | 'ʿ')
                })
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect()
        };
        let (a, b) = (words(self), words(other));
        for (x, y) in a.iter().zip(b.iter()) {
            let ord = match &collator {
                Some(c) => c.compare(x, y),
                None => x.cmp(y),
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.len().cmp(&b.len())
    }
}

impl<T: CollationOrd> CollationOrd for Option<T> {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        match (self, other) {
            (Some(a), Some(b)) => a.collation_cmp(b, locale),
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => Ordering::Equal,
        }
    }
}

impl CollationOrd for String {
    fn collation_cmp(&self, other: &Self, locale: LocaleCode) -> Ordering {
        CollationOrd::collation_cmp(self as &str, other, locale)
    }
}

impl StyleContext<'_> {
    /// Retrieve the ordering of two entries according to the given sort key.
    fn cmp_entries<T: EntryLike>(
        &self,
        a: &CitationItem<T>,
        a_idx: usize,
        b: &CitationItem<T>,
        b_idx: usize,
        key: &SortKey,
        term_locale: Option<&LocaleCode>,
    ) -> Ordering {
        // terbit: which layout the sort belongs to, for its names options.
        let is_bibliography = self
            .csl
            .bibliography
            .as_ref()
            .and_then(|b| b.sort.as_ref())
            .is_some_and(|s| s.keys.iter().any(|k| std::ptr::eq(k, key)));
        let (ordering, empty_value) = match key {
            SortKey::Variable { variable: Variable::Standard(s), .. } => {
                // terbit: without the marks of quotations in the data
                let strip = |s: String| {
                    s.replace([super::taxonomy::DATA_OPEN_QUOTE, super::taxonomy::DATA_CLOSE_QUOTE], "")
                };
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_standard_variable(LongShortForm::default(), *s)
                    .map(|s| strip(s.to_string().to_lowercase()));
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_standard_variable(LongShortForm::default(), *s)
                    .map(|s| strip(s.to_string().to_lowercase()));

                (a.collation_cmp(&b, self.locale()), a.is_none() || b.is_none())
            }
            SortKey::Variable { variable: Variable::Date(d), .. } => {
                // terbit: a date range sorts after its first date alone (citeproc).
                let end_a = a.entry.resolve_date_range_end(*d);
                let end_b = b.entry.resolve_date_range_end(*d);
                let a = a.entry.resolve_date_variable(*d);
                let b = b.entry.resolve_date_variable(*d);

                match (a, b) {
                    (Some(a), Some(b)) => (
                        a.csl_cmp(&b).then_with(|| match (end_a, end_b) {
                            (Some(x), Some(y)) => x.csl_cmp(&y),
                            (x, y) => x.is_some().cmp(&y.is_some()),
                        }),
                        false,
                    ),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::Variable { variable: Variable::Name(n), .. } => {
                let a = a.entry.resolve_name_variable(*n);
                let b = b.entry.resolve_name_variable(*n);

                // terbit: items without the names sort last, as for other variables
                // (citeproc); hayagriva put them first.
                match (a.is_empty(), b.is_empty()) {
                    (true, true) => return Ordering::Equal,
                    (false, true) => return Ordering::Less,
                    (true, false) => return Ordering::Greater,
                    (false, false) => {}
                }

                // terbit: citeproc's key for names (getNamePartSortOrder): the parts of each
                // name in sort order, names joined by ",", compared like any other key
                // ("Al-Refaie" after "Alani").
                let demote = self.csl.settings.demote_non_dropping_particle
                    != DemoteNonDroppingParticle::Never;
                let key = |names: &[std::borrow::Cow<'_, crate::types::Person>]| {
                    names
                        .iter()
                        .map(|p| {
                            let given = p.given_name.as_deref().unwrap_or_default();
                            let suffix = p.suffix.as_deref().unwrap_or_default();
                            let dropping = p.prefix.as_deref().unwrap_or_default();
                            if p.given_name.is_none() && p.prefix.is_none() && p.suffix.is_none()
                            {
                                p.name.clone()
                            } else if demote {
                                let particle = p.name_particle().unwrap_or_default();
                                format!(
                                    "{} {dropping}{particle} {given} {suffix}",
                                    p.name_without_particle()
                                )
                            } else {
                                format!("{} {dropping} {given} {suffix}", p.name.replace(' ', ""))
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(",")
                };
                (key(&a).collation_cmp(&key(&b), self.locale()), false)
            }
            SortKey::Variable { variable: Variable::Number(n), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_number_variable(*n);
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_number_variable(*n);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::Variable { variable: Variable::Page(pv), .. } => {
                let a = InstanceContext::variable_sort_instance(a, a_idx)
                    .resolve_page_variable(*pv);
                let b = InstanceContext::variable_sort_instance(b, b_idx)
                    .resolve_page_variable(*pv);

                match (a, b) {
                    (Some(a), Some(b)) => (a.csl_cmp(&b), false),
                    (Some(_), None) => (Ordering::Greater, true),
                    (None, Some(_)) => (Ordering::Less, true),
                    (None, None) => (Ordering::Equal, true),
                }
            }
            SortKey::MacroName {
                name,
                names_min,
                names_use_first,
                names_use_last,
                ..
            } => {
                let render = |entry: &CitationItem<T>, idx: usize| {
                    let mut ctx = self.macro_sorting_ctx(
                        entry,
                        idx,
                        entry.locale.as_ref(),
                        term_locale,
                        false,
                    );
                    // terbit: the key's names options go over the layout's (citeproc's
                    // contextNameFormat in evalSortKeys); hayagriva dropped the layout's.
                    let layout = if is_bibliography {
                        self.csl.bibliography.as_ref().map(|b| &b.name_options)
                    } else {
                        Some(&self.csl.citation.name_options)
                    };
                    // citeproc starts a sort key from the layout's options alone, not the
                    // style's: initialize-with on cs:style does not initialize sort keys
                    // ("Stouffs, R" sorts before "Stouffs, Rudi").
                    ctx.writing.name_options.push(layout.cloned().unwrap_or_default());
                    ctx.writing.push_name_options(&InheritableNameOptions {
                        et_al_min: *names_min,
                        et_al_subsequent_min: *names_min,
                        et_al_use_first: *names_use_first,
                        et_al_subsequent_use_first: *names_use_first,
                        et_al_use_last: *names_use_last,
                        ..Default::default()
                    });

                    self.get_macro(name).map(|m| {
                        for child in &m.children {
                            child.render(&mut ctx)
                        }
                        ctx.flush().0.into_iter().fold(String::new(), |mut s, f| {
                            f.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
                            s.to_lowercase()
                        })
                    })
                };

                let a_rendered = render(a, a_idx);
                let b_rendered = render(b, b_idx);

                (a_rendered.collation_cmp(&b_rendered, self.locale()), false)
            }
        };

        // Per CSL 1.0.2 spec (https://docs.citationstyles.org/en/v1.0.2/specification.html):
        // Entries with empty values are always displayed at the end, even with reversed order.
        // So we always reverse the order if either entry is empty.
        if empty_value || key.sort_direction() == SortDirection::Descending {
            ordering.reverse()
        } else {
            ordering
        }
    }

    /// Sorts the given citation items by the style's sort keys.
    pub fn sort<T: EntryLike>(
        &self,
        cites: &mut [CitationItem<T>],
        sort: Option<&Sort>,
        term_locale: Option<&LocaleCode>,
        citation_number: impl Fn(&T) -> usize,
    ) {
        if let Some(sort) = sort {
            cites.sort_by(|a, b| {
                let mut ordering = Ordering::Equal;
                for key in &sort.keys {
                    ordering = self.cmp_entries(
                        a,
                        citation_number(a.entry),
                        b,
                        citation_number(b.entry),
                        key,
                        term_locale,
                    );
                    if ordering != Ordering::Equal {
                        break;
                    }
                }
                ordering
            });
        }
    }
}
