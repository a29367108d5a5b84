//! SVG images made safe for the EPUB, as raw HTML is: an SVG is a document that can hold
//! scripts and point at other files, and an e-reader (or EPUBCheck) sees it as such. Removed:
//! scripts and other active or embedded elements (`<script>`, `<foreignObject>`'s `<iframe>`…),
//! event attributes (`on…`), `javascript:` URLs, and every reference outside the SVG itself —
//! `http:`, `https:`, `file:`, relative paths, `xml:base`, style sheets' `@import` and `url()`
//! — but `#fragment`s and `data:` images (an SVG inside one only if it is clean itself).
//!
//! Everything else is kept byte for byte: the removals are cut out of the file's text at the
//! places the XML parser found them, and the result is parsed and checked again; what cannot be
//! removed that way (a script hidden in an XML entity) makes the SVG refused.

use std::collections::HashMap;
use std::ops::Range;

use crate::svg_budget::{entity_bound, xml_options};

/// What [`clean`] made of an SVG: its new bytes, and what was removed (each kind once, with
/// how many), for one warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    pub data: Vec<u8>,
    pub removed: Vec<(String, usize)>,
}

/// Elements removed with all they hold: scripts and what runs, embeds or submits.
const ACTIVE: &[&str] = &[
    "script", "handler", "listener", "iframe", "frame", "frameset", "object", "embed", "applet",
    "audio", "video", "source", "track", "base", "meta", "link", "form", "input", "button",
    "textarea", "select",
];

/// Attributes holding a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "data",
    "action",
    "formaction",
    "poster",
    "background",
    "codebase",
    "cite",
    "longdesc",
    "usemap",
    "base",
    "dynsrc",
    "lowsrc",
];

/// Attributes read as CSS that can take a `url()`.
const CSS: &[&str] = &[
    "style",
    "fill",
    "stroke",
    "clip-path",
    "mask",
    "filter",
    "marker",
    "marker-start",
    "marker-mid",
    "marker-end",
    "cursor",
];

/// Raster images an SVG may hold inside a `data:` URL.
const DATA_IMAGES: &[&str] = &["png", "jpeg", "jpg", "gif", "webp"];

/// How deep SVGs inside `data:` URLs are looked into (the budget refuses deeper ones).
const MAX_NESTED: u32 = 4;

/// `data` (an SVG) without what an e-book must not hold; `Ok(None)` if it holds none of it, or
/// cannot be read as XML (then `svg::check` says why). `Err` says why it cannot be made safe.
pub fn clean(data: &[u8]) -> Result<Option<Cleaned>, String> {
    let Ok(text) = std::str::from_utf8(data) else {
        return Ok(None);
    };
    let mut scan = Scan::default();
    // Before parsing: the parser stops at an external entity.
    scan.doctype(text, root_start(text))?;
    if entity_bound(text).is_err() {
        return Ok(None);
    }
    let Ok(doc) = roxmltree::Document::parse_with_options(text, xml_options()) else {
        return Ok(None);
    };
    scan.walk(&doc, 0);
    if scan.edits.is_empty() {
        return Ok(None);
    }
    let out = apply(text, &mut scan.edits);
    // Checked again: what was cut must be gone, and nothing cut at a wrong place.
    let again = std::str::from_utf8(&out).ok().and_then(|t| {
        let doc = roxmltree::Document::parse_with_options(t, xml_options()).ok()?;
        let mut scan = Scan::default();
        scan.walk(&doc, 0);
        Some(scan.edits.is_empty())
    });
    let removed = scan.finish();
    if again != Some(true) {
        return Err(format!(
            "the SVG hides {} in an XML entity, where terbit cannot remove it",
            removed.first().map_or("markup", |r| r.0.as_str())
        ));
    }
    Ok(Some(Cleaned { data: out, removed }))
}

/// Whether an SVG's text holds anything [`clean`] would remove (for SVGs inside `data:` URLs).
fn is_clean(text: &str, nested: u32) -> bool {
    if nested > MAX_NESTED || entity_bound(text).is_err() {
        return false;
    }
    let mut scan = Scan::default();
    if scan.doctype(text, root_start(text)).is_err() {
        return false;
    }
    let Ok(doc) = roxmltree::Document::parse_with_options(text, xml_options()) else {
        return false;
    };
    scan.walk(&doc, nested);
    scan.edits.is_empty()
}

/// What to cut from the text (a range, and what goes in its place), and why.
#[derive(Default)]
struct Scan {
    edits: Vec<(Range<usize>, String)>,
    removed: Vec<(String, usize)>,
    /// Where each kind is in `removed` (an SVG may name thousands of different URLs).
    kinds: HashMap<String, usize>,
    /// References outside the SVG, noted as one kind: where in `removed`, the first few URLs,
    /// and whether there were other ones.
    outside: Option<usize>,
    examples: Vec<String>,
    more_examples: bool,
}

/// The start of a note about a reference outside the SVG (see [`outside`]).
const OUTSIDE: &str = "\0outside:";

impl Scan {
    fn note(&mut self, what: String) {
        if let Some(url) = what.strip_prefix(OUTSIDE) {
            let i = match self.outside {
                Some(i) => i,
                None => {
                    self.removed.push((String::new(), 0));
                    self.removed.len() - 1
                }
            };
            self.outside = Some(i);
            self.removed[i].1 += 1;
            if !self.examples.iter().any(|e| e == url) {
                if self.examples.len() < 3 {
                    self.examples.push(url.to_string());
                } else {
                    self.more_examples = true;
                }
            }
            return;
        }
        match self.kinds.get(&what) {
            Some(&i) => self.removed[i].1 += 1,
            None => {
                self.kinds.insert(what.clone(), self.removed.len());
                self.removed.push((what, 1));
            }
        }
    }

    /// What was removed, references outside the SVG said in one entry: "a reference to `URL`
    /// outside the SVG", or "45000 references outside the SVG (`A`, `B`, `C`, …)".
    fn finish(mut self) -> Vec<(String, usize)> {
        if let Some(i) = self.outside {
            let n = self.removed[i].1;
            let shown: Vec<String> = self.examples.iter().map(|u| format!("`{u}`")).collect();
            let more = if self.more_examples { ", …" } else { "" };
            self.removed[i] = if n == 1 {
                (
                    format!("a reference to {} outside the SVG", shown.join("")),
                    1,
                )
            } else {
                let list = shown.join(", ");
                (format!("{n} references outside the SVG ({list}{more})"), 1)
            };
        }
        self.removed
    }

    /// The document type declaration before the root element (at `root`): the SVG 1.0/1.1 one
    /// (Inkscape and Illustrator write it; it is never fetched) and internal entities are
    /// kept; another outside document type is removed; an external entity refused.
    fn doctype(&mut self, text: &str, root: usize) -> Result<(), String> {
        let head = text.get(..root).unwrap_or_default();
        let Some(start) = find_ascii_ci(head, "<!DOCTYPE") else {
            return Ok(());
        };
        let decl = &head[start..];
        let subset = decl
            .find('[')
            .map(|i| (i, decl.rfind(']').unwrap_or(decl.len())));
        let outer = match subset {
            Some((open, close)) => format!("{}{}", &decl[..open], decl.get(close..).unwrap_or("")),
            None => decl.to_string(),
        };
        if let Some((open, close)) = subset {
            let inner = decl.get(open..close).unwrap_or_default();
            if find_ascii_ci(inner, "SYSTEM").is_some() || find_ascii_ci(inner, "PUBLIC").is_some()
            {
                return Err(
                    "the SVG declares an external XML entity (SYSTEM or PUBLIC in its DOCTYPE), a \
                     reference to a file outside it"
                        .into(),
                );
            }
        }
        let standard = outer.contains("http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd")
            || outer.contains("http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd");
        let external =
            find_ascii_ci(&outer, "SYSTEM").is_some() || find_ascii_ci(&outer, "PUBLIC").is_some();
        if external && !standard {
            if subset.is_some() {
                return Err("the SVG's DOCTYPE names a document type outside it".into());
            }
            let end = decl.find('>').map_or(root, |e| start + e + 1);
            self.edits.push((start..end, String::new()));
            self.note("a DOCTYPE naming a file outside the SVG".into());
        }
        Ok(())
    }

    /// Every node of `doc` in document order, without recursion (an SVG may nest thousands
    /// deep); a removed element's descendants are passed over.
    fn walk(&mut self, doc: &roxmltree::Document, nested: u32) {
        let mut skip_until = 0;
        for node in doc.root().descendants() {
            let range = node.range();
            if range.start < skip_until {
                continue;
            }
            if node.is_pi() {
                if node.pi().is_some_and(|pi| pi.target == "xml-stylesheet") {
                    self.edits.push((range, String::new()));
                    self.note("a style sheet from outside the SVG (`<?xml-stylesheet?>`)".into());
                }
                continue;
            }
            if !node.is_element() {
                continue;
            }
            let name = node.tag_name().name().to_ascii_lowercase();
            let animates_link = matches!(name.as_str(), "set" | "animate")
                && node.attributes().any(|a| {
                    let target = a.value().trim().to_ascii_lowercase();
                    a.name() == "attributeName"
                        && (target.ends_with("href") || target.starts_with("on"))
                });
            if ACTIVE.contains(&name.as_str()) || animates_link {
                skip_until = range.end;
                self.edits.push((range, String::new()));
                self.note(format!("`<{}>`", node.tag_name().name()));
                continue;
            }
            if name == "style" {
                self.style_sheet(node);
            }
            self.attributes(node, &name, nested);
        }
    }

    fn attributes(&mut self, el: roxmltree::Node, element: &str, nested: u32) {
        for a in el.attributes() {
            let name = a.name().to_ascii_lowercase();
            let value = a.value();
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let why = if name.starts_with("on") {
                Some(format!("the `{}` attribute", a.name()))
            } else if ["javascript:", "vbscript:"]
                .iter()
                .any(|s| squeezed.contains(s))
            {
                Some("a `javascript:` URL".to_string())
            } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                (!self.allowed_url(value, element, nested)).then(|| outside(value))
            } else if squeezed.contains("url(")
                || value.contains('\\') && CSS.contains(&name.as_str())
            {
                let scrubbed = scrub_css(value);
                if scrubbed != value {
                    self.edits.push((a.range_value(), scrubbed));
                    self.note(style_note(value));
                }
                None
            } else {
                None
            };
            if let Some(why) = why {
                // The attribute and the blanks before it.
                let r = a.range();
                self.edits.push((r.start..r.end, String::new()));
                self.note(why);
            }
        }
    }

    /// A `<style>` element's `@import`s and outside `url()`s.
    fn style_sheet(&mut self, el: roxmltree::Node) {
        let (Some(first), Some(last)) = (el.first_child(), el.last_child()) else {
            return;
        };
        let range = first.range().start..last.range().end;
        let Some(css) = el.document().input_text().get(range.clone()) else {
            return;
        };
        let scrubbed = scrub_css(css);
        if scrubbed != css {
            self.note(style_note(css));
            self.edits.push((range, scrubbed));
        }
    }

    /// Whether `url` (of an attribute of `element`) stays inside the SVG: a `#fragment`, or a
    /// `data:` image of an `<image>` (an SVG in it only if clean).
    fn allowed_url(&self, url: &str, element: &str, nested: u32) -> bool {
        let url = url.trim();
        if url.starts_with('#') {
            return true;
        }
        if !matches!(element, "image" | "feimage") {
            return false;
        }
        let Ok(data) = data_url::DataUrl::process(url) else {
            return false;
        };
        let mime = data.mime_type();
        if mime.type_ != "image" {
            return false;
        }
        if DATA_IMAGES.contains(&mime.subtype.as_str()) {
            return true;
        }
        mime.subtype == "svg+xml"
            && data.decode_to_vec().ok().is_some_and(|(bytes, _)| {
                std::str::from_utf8(&bytes).is_ok_and(|t| is_clean(t, nested + 1))
            })
    }
}

/// The note for a reference to `url` outside the SVG, the URL cut short if long: all of them
/// become one entry of the list, with the first few URLs (see [`Scan::finish`]).
fn outside(url: &str) -> String {
    let url = url.trim();
    let short: String = url.chars().take(60).collect();
    let more = if short.len() < url.len() { "…" } else { "" };
    format!("{OUTSIDE}{short}{more}")
}

/// The first outside `url(…)` or `@import` target in a style sheet, for the warning.
fn first_url(css: &str) -> String {
    let lower = css.to_ascii_lowercase();
    let at = ["@import", "url("]
        .iter()
        .filter_map(|k| lower.find(k).map(|i| i + k.len()))
        .min()
        .unwrap_or(0);
    let rest = css.get(at..).unwrap_or_default().trim_start();
    let rest = rest.trim_start_matches("url(").trim_start();
    rest.trim_start_matches(['"', '\''])
        .split(['"', '\'', ')', ';', ' '])
        .next()
        .unwrap_or_default()
        .to_string()
}

/// `css` with every `@import` statement removed and every `url(…)` that is not a `#fragment`
/// or a raster `data:` image replaced by `none`; emptied if it holds a backslash (a CSS escape
/// can spell `url(` so that no search finds it). Linear in its length.
fn scrub_css(css: &str) -> String {
    if css.contains('\\') {
        return String::new();
    }
    // Lowercase ASCII keeps every byte where it was: offsets in one are offsets in the other.
    let lower = css.to_ascii_lowercase();
    let find = |k: &str, from: usize| lower.get(from..)?.find(k).map(|i| from + i);
    let mut out = String::with_capacity(css.len());
    let mut pos = 0;
    let (mut import, mut url) = (find("@import", 0), find("url(", 0));
    loop {
        // Each keyword searched for again only once passed: every byte looked at about once.
        if import.is_some_and(|i| i < pos) {
            import = find("@import", pos);
        }
        if url.is_some_and(|u| u < pos) {
            url = find("url(", pos);
        }
        let Some(at) = [import, url].into_iter().flatten().min() else {
            out.push_str(&css[pos..]);
            return out;
        };
        out.push_str(&css[pos..at]);
        if Some(at) == import {
            // To the end of the statement.
            pos = css[at..].find(';').map_or(css.len(), |e| at + e + 1);
            continue;
        }
        let inner = at + 4;
        let end = css[inner..].find(')').map_or(css.len(), |e| inner + e);
        let target = css[inner..end].trim().trim_matches(['"', '\'']).trim();
        let keep = target.starts_with('#')
            || data_url::DataUrl::process(target).is_ok_and(|d| {
                let m = d.mime_type();
                m.type_ == "image" && DATA_IMAGES.contains(&m.subtype.as_str())
            });
        pos = (end + 1).min(css.len());
        out.push_str(if keep { &css[at..pos] } else { "none" });
    }
}

/// The note for a style scrubbed of `css`'s references.
fn style_note(css: &str) -> String {
    if css.contains('\\') {
        "a style with CSS escapes (which can hide references)".into()
    } else {
        outside(&first_url(css))
    }
}

/// `text` with `edits` made (ranges sorted; one inside another is dropped, its outer one
/// covers it).
fn apply(text: &str, edits: &mut [(Range<usize>, String)]) -> Vec<u8> {
    edits.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (r, with) in edits.iter() {
        if r.start < at || r.end > bytes.len() || r.start > r.end {
            continue;
        }
        out.extend_from_slice(&bytes[at..r.start]);
        out.extend_from_slice(with.as_bytes());
        at = r.end;
    }
    out.extend_from_slice(&bytes[at..]);
    out
}

/// Where an SVG's root element starts, about: its first `<svg` (the prolog and DOCTYPE are
/// before it).
fn root_start(text: &str) -> usize {
    text.find("<svg").unwrap_or(text.len())
}

/// The first place of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
#[path = "svg_sanitize_tests.rs"]
mod tests;
