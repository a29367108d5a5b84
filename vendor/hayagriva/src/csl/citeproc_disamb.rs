//! terbit: disambiguation as citeproc does it (jgm/citeproc 0.13, `disambiguateCitations` in
//! src/Citeproc/Eval.hs, the processor behind `pandoc --citeproc`), replacing hayagriva's passes.
//!
//! 1. With a global `givenname-disambiguation-rule` (all-names, all-names-with-initials,
//!    primary-name, primary-name-with-initials), every cited name that shares its family name
//!    with another cited person gets a hint (add initials / add the given name), ambiguous
//!    or not.
//! 2. Cites whose renderings are equal for different items form ambiguous groups. For each
//!    group, once: add names (`disambiguate-add-names`), then given names (by-cite), then
//!    year suffixes in bibliography order, then `disambiguate="true"` for what is left. Each
//!    method works on what the previous left ambiguous, and the results accumulate per item.

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;
use std::sync::Arc;

use citationberg::DisambiguationRule;

use super::elem::{ElemChild, ElemChildren, ElemMeta};
use super::taxonomy::EntryLike;
use super::{DisambiguateState, SpeculativeCiteRender, do_rerender, get_names};
use crate::types::Person;

/// citeproc's `NameHints`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameHint {
    AddInitials,
    AddInitialsIfPrimary,
    AddGivenName,
    AddGivenNameIfPrimary,
}

/// One item of an ambiguous group with the names its cite renders.
struct Amb<T> {
    entry: *const T,
    names: Vec<Person>,
}

type States<T> = HashMap<*const T, DisambiguateState>;

pub(super) fn disambiguate<T>(
    res: &mut [SpeculativeCiteRender<'_, '_, T>],
    bib_order: &dyn Fn(&T) -> usize,
) where
    T: EntryLike + Hash + PartialEq + Eq + Debug,
{
    let Some(first) = res.first() else { return };
    let cit = &first.request.style.citation;
    let add_names = cit.disambiguate_add_names;
    let add_year_suffix = cit.disambiguate_add_year_suffix;
    let rule = cit
        .disambiguate_add_givenname
        .then_some(cit.givenname_disambiguation_rule);

    let mut states: States<T> = HashMap::new();

    // 1. Global given-name disambiguation.
    if let Some(rule) = rule.filter(|r| *r != DisambiguationRule::ByCite) {
        let primary = matches!(
            rule,
            DisambiguationRule::PrimaryName | DisambiguationRule::PrimaryNameWithInitials
        );
        let mut relevant: Vec<Person> = Vec::new();
        for cite in res.iter() {
            for item in &cite.items {
                for group in name_groups(&item.rendered) {
                    let take = if primary { 1 } else { group.len() };
                    for p in group.into_iter().take(take) {
                        if !relevant.contains(&p) {
                            relevant.push(p);
                        }
                    }
                }
            }
        }

        let mut hints = Vec::new();
        for name in &relevant {
            let others: Vec<&Person> =
                relevant.iter().filter(|p| p.name == name.name && *p != name).collect();
            if others.is_empty() {
                continue;
            }
            let hint = if others.iter().any(|o| initials_match(name, o)) {
                match rule {
                    DisambiguationRule::AllNamesWithInitials
                    | DisambiguationRule::PrimaryNameWithInitials => None,
                    DisambiguationRule::PrimaryName => Some(NameHint::AddGivenNameIfPrimary),
                    _ => Some(NameHint::AddGivenName),
                }
            } else {
                match rule {
                    DisambiguationRule::PrimaryName
                    | DisambiguationRule::PrimaryNameWithInitials => {
                        Some(NameHint::AddInitialsIfPrimary)
                    }
                    _ => Some(NameHint::AddInitials),
                }
            };
            if let Some(hint) = hint {
                hints.push((name.clone(), hint));
            }
        }

        if !hints.is_empty() {
            let hints = Arc::new(hints);
            for cite in res.iter() {
                for item in &cite.items {
                    states.entry(item.entry as *const T).or_default().name_hints =
                        Some(hints.clone());
                }
            }
            rerender(res, &states);
        }
    }

    let mut groups = ambiguities(res);
    if groups.is_empty() {
        return;
    }

    // 2a. Add names.
    if add_names {
        for group in &groups {
            try_add_names(group, rule, &mut states);
        }
        rerender(res, &states);
        groups = ambiguities(res);
    }

    // 2b. Add given names, cite by cite.
    if rule == Some(DisambiguationRule::ByCite) && !groups.is_empty() {
        for group in &groups {
            try_add_given_names(group, &mut states);
        }
        rerender(res, &states);
        groups = ambiguities(res);
    }

    // 2c. Year suffixes, numbered in bibliography order within each set of companions.
    if add_year_suffix && !groups.is_empty() {
        let mut done: Vec<Vec<*const T>> = Vec::new();
        for group in &groups {
            for a in group {
                let mut companions: Vec<*const T> = Vec::new();
                for g in groups.iter().filter(|g| g.iter().any(|x| x.entry == a.entry)) {
                    for x in g {
                        if !companions.contains(&x.entry) {
                            companions.push(x.entry);
                        }
                    }
                }
                // SAFETY: the pointers come from `&T` references that outlive `res`.
                companions.sort_by_key(|&e| bib_order(unsafe { &*e }));
                if !done.contains(&companions) {
                    done.push(companions);
                }
            }
        }
        for companions in done {
            for (i, e) in companions.into_iter().enumerate() {
                states.entry(e).or_default().year_suffix = Some(i.min(u8::MAX as usize) as u8);
            }
        }
        rerender(res, &states);
        groups = ambiguities(res);
    }

    // 2d. What is still ambiguous may use `disambiguate="true"`.
    if !groups.is_empty() {
        for group in &groups {
            for x in group {
                states.entry(x.entry).or_default().condition = true;
            }
        }
        rerender(res, &states);
    }
}

/// Rerender every item whose state changed.
fn rerender<T>(res: &mut [SpeculativeCiteRender<'_, '_, T>], states: &States<T>)
where
    T: EntryLike + Hash + PartialEq + Eq + Debug,
{
    for cite in res.iter_mut() {
        let style_ctx = cite.request.style();
        for item in cite.items.iter_mut() {
            let Some(state) = states.get(&(item.entry as *const T)) else { continue };
            if &item.cite_props.speculative.disambiguation != state {
                item.cite_props.speculative.disambiguation = state.clone();
                item.rendered = do_rerender(&style_ctx, item, cite.request);
            }
        }
    }
}

/// Groups of cites that render the same text for different items (citeproc's
/// `getAmbiguities`), each item once.
fn ambiguities<T>(res: &[SpeculativeCiteRender<'_, '_, T>]) -> Vec<Vec<Amb<T>>>
where
    T: EntryLike + Hash + PartialEq + Eq + Debug,
{
    let mut order: Vec<String> = Vec::new();
    let mut map: HashMap<String, Vec<Amb<T>>> = HashMap::new();
    for cite in res {
        for item in &cite.items {
            let text = format!("{}", item.rendered);
            if text.trim().is_empty() {
                continue;
            }
            let group = map.entry(text.clone()).or_insert_with(|| {
                order.push(text);
                Vec::new()
            });
            let entry = item.entry as *const T;
            if !group.iter().any(|a| a.entry == entry) {
                group.push(Amb { entry, names: get_names(&item.rendered) });
            }
        }
    }
    order.sort();
    order
        .into_iter()
        .filter_map(|t| map.remove(&t))
        .filter(|g| g.len() > 1)
        .collect()
}

/// The persons of each name variable rendered in `children`.
fn name_groups(children: &ElemChildren) -> Vec<Vec<Person>> {
    fn helper(children: &ElemChildren, res: &mut Vec<Vec<Person>>) {
        for c in &children.0 {
            if let ElemChild::Elem(e) = c {
                if let Some(ElemMeta::Names(ns)) = &e.meta {
                    res.extend(ns.iter().map(|(ps, _)| ps.clone()).filter(|ps| !ps.is_empty()));
                }
                helper(&e.children, res);
            }
        }
    }
    let mut res = vec![];
    helper(children, &mut res);
    res
}

fn initials(p: &Person) -> Option<String> {
    p.given_name.as_ref()?;
    let mut s = String::new();
    p.initials(&mut s, None, false).ok()?;
    Some(s)
}

fn initials_match(a: &Person, b: &Person) -> bool {
    match (initials(a), initials(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The names that tell items apart when `n` names are shown under `rule` (citeproc's
/// `isDisambiguated`).
fn name_key(names: &[Person], n: usize, rule: Option<DisambiguationRule>) -> Vec<Person> {
    names
        .iter()
        .take(n)
        .enumerate()
        .map(|(i, p)| {
            let keep = match rule {
                Some(
                    DisambiguationRule::AllNames
                    | DisambiguationRule::ByCite
                    | DisambiguationRule::AllNamesWithInitials,
                ) => true,
                Some(
                    DisambiguationRule::PrimaryName
                    | DisambiguationRule::PrimaryNameWithInitials,
                ) => i == 0,
                None => false,
            };
            let given = if !keep {
                None
            } else if matches!(
                rule,
                Some(
                    DisambiguationRule::AllNamesWithInitials
                        | DisambiguationRule::PrimaryNameWithInitials
                )
            ) {
                initials(p)
            } else {
                p.given_name.clone()
            };
            Person { given_name: given, ..p.clone() }
        })
        .collect()
}

fn try_add_names<T>(
    group: &[Amb<T>],
    rule: Option<DisambiguationRule>,
    states: &mut States<T>,
) {
    if rule == Some(DisambiguationRule::ByCite) {
        try_add_given_names(group, states);
    }
    let mut left: Vec<&Amb<T>> = group.iter().collect();
    let mut n = 1;
    while n <= left.iter().map(|a| a.names.len()).max().unwrap_or(0) {
        let keys: Vec<Vec<Person>> =
            left.iter().map(|a| name_key(&a.names, n, rule)).collect();
        let done: Vec<bool> = (0..left.len())
            .map(|i| (0..left.len()).all(|j| i == j || keys[i] != keys[j]))
            .collect();
        if done.iter().any(|d| *d) {
            for a in &left {
                states.entry(a.entry).or_default().et_al_names = Some(n);
            }
            let mut i = 0;
            left.retain(|_| {
                i += 1;
                !done[i - 1]
            });
        }
        n += 1;
    }
}

fn try_add_given_names<T>(group: &[Amb<T>], states: &mut States<T>) {
    let mut left: Vec<*const T> = group.iter().map(|a| a.entry).collect();
    let max = group.iter().map(|a| a.names.len()).max().unwrap_or(0);
    for k in 0..max {
        if left.is_empty() {
            break;
        }
        let ns: Vec<(*const T, &Person)> =
            group.iter().filter_map(|a| a.names.get(k).map(|p| (a.entry, p))).collect();
        for &(entry, name) in &ns {
            let family: Vec<&Person> = ns
                .iter()
                .map(|(_, p)| *p)
                .filter(|p| *p != name && p.name == name.name)
                .collect();
            if family.is_empty() {
                continue;
            }
            let hint = if family.iter().any(|o| initials_match(name, o)) {
                NameHint::AddGivenName
            } else {
                NameHint::AddInitials
            };
            let hints = states.entry(entry).or_default().name_hints.get_or_insert_default();
            let hints = Arc::make_mut(hints);
            hints.retain(|(p, _)| p != name);
            hints.push((name.clone(), hint));
            left.retain(|e| *e != entry);
        }
    }
}
