//! Heading ids: the author's `{#id}` when it is a valid XML id, else one made from the heading's
//! text; unique within a chapter (Markdown and HTML headings share them).

use std::collections::{HashMap, HashSet};

use super::{Inline, plain_text};

/// A valid XML id: a letter or `_` first, then letters, digits, `-`, `_`, `.`.
pub fn is_xml_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The id of a heading: the author's `{#id}` if valid, else `h-` and a slug of its text; made
/// unique in the chapter. (The `h-` prefix keeps slugs apart from footnote ids.)
/// The ids given out in a chapter, and per base the next number to try, so that a chapter of a
/// million headings named alike takes linear time, not quadratic.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

pub fn unique_id(given: Option<&str>, content: &[Inline], ids: &mut Ids) -> String {
    let base = match given {
        Some(id) => id.to_string(),
        None => {
            let slug: String = plain_text(content)
                .chars()
                .filter_map(|c| {
                    if c.is_alphanumeric() {
                        Some(c.to_lowercase().next().unwrap_or(c))
                    } else if c.is_whitespace() || c == '-' {
                        Some('-')
                    } else {
                        None
                    }
                })
                .collect();
            let slug = slug
                .split('-')
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            format!("h-{}", if slug.is_empty() { "section" } else { &slug })
        }
    };
    if ids.used.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(2);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.used.insert(id.clone()) {
            return id;
        }
    }
}
