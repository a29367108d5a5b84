//! Heading ids: the author's `{#id}` when it is usable, else the slug of the heading's text
//! that GitHub, mdBook and pandoc give it, so that the anchors authors write (`#some-section`)
//! find their heading; unique within a chapter (Markdown and HTML headings share them).
//! [`slugs`] lists the other spellings of a heading's anchor that authors write (pandoc's,
//! mdBook's, terbit's earlier `h-` ids), which link resolution accepts as well.

use std::collections::{HashMap, HashSet};

use super::{Inline, plain_text};

/// An id usable as written in XHTML, in a URL's fragment and in a PDF: letters and digits of
/// any script, `-`, `_`, `.` and `:` (pandoc-crossref's `sec:intro`); a letter, digit or `_`
/// first.
pub fn is_usable_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// The ids given out in a chapter, and per base the next number to try, so that a chapter of a
/// million headings named alike takes linear time, not quadratic.
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

/// Anchors the author sets in raw HTML (`<a id="…"></a>`, `<span id>`, mdBook books keep old
/// links working with them), each standing for the heading that follows it, or, after the
/// chapter's last heading, for that heading (the chapter's start when it has none).
#[derive(Debug, Default)]
pub struct Anchors {
    pending: Vec<String>,
    last_heading: Option<String>,
    set: Vec<(String, String)>,
}

impl Anchors {
    /// An anchor `id` met in the text.
    pub fn anchor(&mut self, id: &str) {
        if is_usable_id(id) {
            self.pending.push(id.to_string());
        }
    }

    /// A heading of id `id` met in the text: the anchors before it stand for it.
    pub fn heading(&mut self, id: &str) {
        for anchor in self.pending.drain(..) {
            self.set.push((anchor, id.to_string()));
        }
        self.last_heading = Some(id.to_string());
    }

    /// Each anchor with the heading id it stands for ("" for the chapter's start).
    pub fn finish(mut self) -> Vec<(String, String)> {
        let last = self.last_heading.unwrap_or_default();
        for anchor in self.pending {
            self.set.push((anchor, last.clone()));
        }
        self.set
    }
}

/// The slug a heading's id is made of: [`unicode_slug`] with each letter written in ASCII
/// (`Değişkenler` → `degiskenler`) and letters of other scripts dropped, so that the id
/// survives conversions that mangle other characters (Kindle's lost the anchors of non-ASCII
/// ids). The Unicode spelling authors write in their links is one of [`slugs`].
pub fn slug(text: &str) -> String {
    unicode_slug(text)
        .chars()
        .filter_map(|c| match c {
            '-' | '_' => Some(c),
            c => crate::lang::ascii_letter(c),
        })
        .collect()
}

/// GitHub's and mdBook's slug of a heading's text: lower case, each space a `-`, characters
/// other than letters, digits, `-` and `_` dropped (`Foo & Bar` → `foo--bar`, `2. Kurulum` →
/// `2-kurulum`). Letters lower-cased one for one (`İ` → `i`), so that the id stays one letter
/// per letter.
pub fn unicode_slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// The spellings of a heading's anchor, other than [`slug`], that authors write and links
/// should find: pandoc's (everything before the first letter dropped, `.` kept), GitHub's
/// (full lower-casing: `İ` → `i̇`), mdBook's (only ASCII lower-cased), the `h-` ids of
/// terbit's earlier versions (runs of `-` as one), and the Unicode slug its ids were before
/// they were ASCII.
pub fn slugs(text: &str) -> Vec<String> {
    let text = text.trim();
    let keep = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let pandoc: String = text
        .chars()
        .filter_map(|c| {
            if keep(c) || c == '.' {
                Some(c.to_lowercase().next().unwrap_or(c))
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .skip_while(|c| !c.is_alphabetic())
        .collect();
    let mut github = String::new();
    let mut mdbook = String::new();
    for c in text.chars() {
        if keep(c) {
            github.extend(c.to_lowercase());
            mdbook.push(c.to_ascii_lowercase());
        } else if c.is_whitespace() {
            github.push('-');
            mdbook.push('-');
        }
    }
    let slugged = unicode_slug(text);
    let words: Vec<&str> = slugged.split('-').filter(|s| !s.is_empty()).collect();
    let earlier = if words.is_empty() {
        "h-section".to_string()
    } else {
        format!("h-{}", words.join("-"))
    };
    let pandoc = if pandoc.is_empty() {
        "section".to_string()
    } else {
        pandoc
    };
    vec![pandoc, github, mdbook, earlier, slugged]
}

/// The id of a heading: the author's `{#id}` if usable, else [`slug`] of its text (`section`
/// when that is empty); made unique in the chapter as GitHub and pandoc do, by `-1`, `-2`, ….
pub fn unique_id(given: Option<&str>, content: &[Inline], ids: &mut Ids) -> String {
    let base = match given {
        Some(id) => id.to_string(),
        None => {
            let slug = slug(&plain_text(content));
            if is_usable_id(&slug) {
                slug
            } else {
                // Empty, or `-` first (a heading that starts with a dash or a symbol): pandoc
                // starts at the first letter.
                let rest = slug.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '_');
                if rest.is_empty() {
                    "section".to_string()
                } else {
                    rest.to_string()
                }
            }
        }
    };
    if ids.used.insert(base.clone()) {
        return base;
    }
    let n = ids.next.entry(base.clone()).or_insert(1);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if ids.used.insert(id.clone()) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_githubs_and_mdbooks() {
        assert_eq!(slug("Hello, World!"), "hello-world");
        assert_eq!(slug("Foo & Bar"), "foo--bar");
        assert_eq!(slug("2. Kurulum"), "2-kurulum");
        assert_eq!(
            unicode_slug("Değişkenler ve Değiştirilebilirlik"),
            "değişkenler-ve-değiştirilebilirlik"
        );
        assert_eq!(unicode_slug("İstanbul’da Işık"), "istanbulda-işık");
        // Ids are ASCII: Kindle's conversion loses anchors with other letters.
        assert_eq!(
            slug("Değişkenler ve Değiştirilebilirlik"),
            "degiskenler-ve-degistirilebilirlik"
        );
        assert_eq!(slug("İstanbul’da Işık Çağı"), "istanbulda-isik-cagi");
        assert_eq!(slug("安装 Rust"), "-rust");
        assert_eq!(slug("`Option<T>` Enum"), "optiont-enum");
        assert_eq!(slug("snake_case-name"), "snake_case-name");
    }

    #[test]
    fn other_spellings_are_pandocs_githubs_mdbooks_and_terbits_earlier_ones() {
        assert_eq!(
            slugs("1.2 Kurulum & Ayar"),
            [
                "kurulum--ayar",
                "12-kurulum--ayar",
                "12-kurulum--ayar",
                "h-12-kurulum-ayar",
                "12-kurulum--ayar"
            ]
        );
        assert_eq!(slugs("İki")[1], "i\u{307}ki");
        assert_eq!(slugs("Ürün")[2], "Ürün");
        assert_eq!(slugs("???")[0], "section");
    }

    #[test]
    fn ids_are_usable_and_unique() {
        let text = |s: &str| vec![Inline::Text(s.into())];
        let mut ids = Ids::default();
        let mut id = |given: Option<&str>, s: &str| unique_id(given, &text(s), &mut ids);
        assert_eq!(id(None, "Satu"), "satu");
        assert_eq!(id(None, "Satu"), "satu-1");
        assert_eq!(id(None, "Satu"), "satu-2");
        assert_eq!(id(Some("satu-1"), "x"), "satu-1-1");
        assert_eq!(id(None, "???"), "section");
        assert_eq!(id(None, "— Catatan"), "catatan");
        assert!(is_usable_id("1-pengantar") && is_usable_id("ışık"));
        assert!(!is_usable_id("-x") && !is_usable_id("a b") && !is_usable_id("a#b"));
    }
}
