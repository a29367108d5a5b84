//! Small parts of `parse`: mapping pulldown-cmark's types, and finishing a chapter (footnote
//! numbers, title).

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{Alignment, HeadingLevel};

use crate::document::{Align, Block, Footnote, Inline, SpanKind, plain_text};

/// Footnotes in order of first reference; definitions never referenced follow, numbered on.
pub(super) fn number_footnotes(
    numbers: HashMap<String, usize>,
    mut defs: HashMap<String, Vec<Block>>,
) -> Vec<Footnote> {
    let mut numbered: Vec<(usize, String)> = numbers.into_iter().map(|(l, n)| (n, l)).collect();
    numbered.sort();
    let mut footnotes: Vec<Footnote> = numbered
        .into_iter()
        .map(|(number, label)| Footnote {
            number,
            blocks: defs.remove(&label).unwrap_or_default(),
            label,
        })
        .collect();
    let mut orphans: Vec<(String, Vec<Block>)> = defs.into_iter().collect();
    orphans.sort_by(|a, b| a.0.cmp(&b.0));
    for (label, blocks) in orphans {
        footnotes.push(Footnote {
            number: footnotes.len() + 1,
            label,
            blocks,
        });
    }
    footnotes
}

/// A chapter that opens with a heading of level 2 or deeper and has no level-1 heading (an
/// mdBook's nested chapter, `## Installation`): that heading is its title, made level 1, so
/// that the title is set once, as the chapter's head, and listed once in the contents.
/// Blocks that show nothing before the heading (an old anchor kept so that links do not break,
/// `<a id="…"></a>`; an HTML comment) do not stand in its way.
pub(super) fn promote_title(blocks: &mut [Block]) {
    let has_top = blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { level: 1, .. }));
    let shows_nothing = |b: &Block| match b {
        Block::Html(html) => crate::document::html::text_content(html).trim().is_empty(),
        Block::Paragraph(inlines) => plain_text(inlines).trim().is_empty(),
        _ => false,
    };
    let first = blocks.iter().position(|b| !shows_nothing(b));
    if let Some(Block::Heading { level, content, .. }) = first.and_then(|i| blocks.get_mut(i))
        && !has_top
        && !plain_text(content).trim().is_empty()
    {
        *level = 1;
    }
}

/// A Rust listing as rustdoc and mdBook show it: lines whose first mark is `# ` (or a lone
/// `#`) are hidden (they make the example compile), `##` stands for `#`. Other languages are
/// kept as written.
pub(super) fn shown_code(lang: Option<&str>, text: String) -> String {
    let rust = lang.is_some_and(|l| l.split(',').next() == Some("rust"));
    if !rust || !text.lines().any(|l| l.trim_start().starts_with('#')) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        let indent = &body[..body.len() - trimmed.len()];
        if trimmed == "#" || trimmed.starts_with("# ") {
            continue;
        }
        match trimmed.strip_prefix("##") {
            Some(rest) => {
                out.push_str(indent);
                out.push('#');
                out.push_str(rest);
                out.push_str(&line[body.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// The title: the first level-1 heading with text, else the first heading with text, else the
/// file name (an empty `#` must not give an empty title).
pub(super) fn chapter_title(blocks: &[Block], path: &Path, id: &str) -> String {
    let heading_text = |b: &Block, top_only: bool| match b {
        Block::Heading { level, content, .. } if !top_only || *level == 1 => {
            let t = plain_text(content).trim().to_string();
            (!t.is_empty()).then_some(t)
        }
        _ => None,
    };
    let blocks = super::super::top_level(blocks);
    blocks
        .iter()
        .find_map(|b| heading_text(b, true))
        .or_else(|| blocks.iter().find_map(|b| heading_text(b, false)))
        .unwrap_or_else(|| {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().replace(['-', '_'], " "));
            stem.filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| id.to_string())
        })
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub(super) fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

/// Vertical tab and form feed are white space to CommonMark but forbidden in XML, and would
/// reach titles the EPUB library writes as they are: in the IR they are spaces. (Other control
/// characters draw nothing and are refused by the font coverage check, with their places.)
pub(super) fn clean_text(s: &mut String) {
    if s.contains(['\u{b}', '\u{c}']) {
        *s = s.replace(['\u{b}', '\u{c}'], " ");
    }
    s.shrink_to_fit();
}

/// [`clean_text`] on every text of `blocks` (recursion is bounded by the IR's nesting caps).
/// Every list is also cut to its length: the IR is held for the whole build, and the room
/// lists grew into while being parsed took more than the text (a chapter of 200,000 short
/// paragraphs held 70 MB of it).
pub(super) fn clean_blocks(blocks: &mut Vec<Block>) {
    blocks.shrink_to_fit();
    for block in blocks {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph(content)
            | Block::Caption(content) => clean_inlines(content),
            Block::List { items, .. } => {
                items.shrink_to_fit();
                items.iter_mut().for_each(clean_blocks);
            }
            Block::BlockQuote(inner) => clean_blocks(inner),
            Block::Div(div) => clean_blocks(&mut div.blocks),
            Block::Definitions(items) => {
                items.shrink_to_fit();
                for d in items {
                    clean_inlines(&mut d.term);
                    d.details.iter_mut().for_each(clean_blocks);
                }
            }
            Block::CodeBlock { lang, text } => {
                clean_text(text);
                if let Some(lang) = lang {
                    clean_text(lang);
                }
            }
            Block::Table(t) => {
                t.head.iter_mut().for_each(clean_inlines);
                for row in &mut t.rows {
                    row.iter_mut().for_each(clean_inlines);
                }
            }
            Block::Html(t) => clean_text(t),
            Block::References(list) => {
                for entry in &mut list.entries {
                    clean_inlines(&mut entry.label);
                    clean_inlines(&mut entry.content);
                }
            }
            Block::ThematicBreak => {}
        }
    }
}

fn clean_inlines(inlines: &mut Vec<Inline>) {
    if image_attributes(inlines) | code_attributes(inlines) {
        inlines.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    }
    bracketed_spans(inlines);
    inner_scripts(inlines);
    inlines.shrink_to_fit();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) | Inline::Html(t) => clean_text(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => clean_inlines(c),
            Inline::Span(span) => {
                if let SpanKind::Abbr(t) | SpanKind::Lang(t) | SpanKind::Anchor(t) = &mut span.kind
                {
                    clean_text(t);
                }
                clean_inlines(&mut span.content);
            }
            Inline::Link(link) => {
                clean_text(&mut link.url);
                clean_text(&mut link.title);
                clean_inlines(&mut link.content);
            }
            Inline::Image(img) => {
                clean_text(&mut img.url);
                clean_text(&mut img.alt);
                clean_text(&mut img.title);
                clean_inlines(&mut img.caption);
            }
            Inline::FootnoteRef { .. } | Inline::SoftBreak | Inline::HardBreak => {}
        }
    }
}

/// pandoc's attributes after an image, `![Peta](peta.png){width=50%}`: its size read, the
/// braces taken out of the text that follows it.
fn image_attributes(inlines: &mut [Inline]) -> bool {
    let mut found = false;
    for i in 1..inlines.len() {
        let (before, after) = inlines.split_at_mut(i);
        let (Some(Inline::Image(img)), Some(Inline::Text(text))) =
            (before.last_mut(), after.first_mut())
        else {
            continue;
        };
        let Some(end) = text.strip_prefix('{').and_then(|t| t.find('}')) else {
            continue;
        };
        let inside = &text[1..=end];
        let mut any = false;
        for word in inside.split_whitespace() {
            let Some((key, value)) = word.split_once('=') else {
                if let Some(id) = word.strip_prefix('#').filter(|id| !id.is_empty()) {
                    img.id = Some(id.to_string());
                }
                any |= word.starts_with('.') || word.starts_with('#');
                continue;
            };
            let value = value.trim_matches('"');
            match key {
                "width" => img.width = crate::document::Length::parse(value),
                "height" => img.height = crate::document::Length::parse(value),
                _ => {}
            }
            any = true;
        }
        if any {
            text.replace_range(..end + 2, "");
            found = true;
        }
    }
    found
}

/// pandoc's attributes after inline code, `` `fmap`{.haskell} ``: taken out of the text (the
/// book sets all code alike). Raw inline code, `` `\LaTeX`{=latex} ``, is its format's only and
/// goes too; `` `<b>x</b>`{=html} `` is HTML, shown as its text.
fn code_attributes(inlines: &mut [Inline]) -> bool {
    let mut found = false;
    for i in 1..inlines.len() {
        let (before, after) = inlines.split_at_mut(i);
        // A formula's label, `$$…$$ {#eq:x}`, may stand a space after it.
        let math = matches!(before.last(),
            Some(Inline::Span(s)) if matches!(s.kind, SpanKind::Math { .. }));
        let code = matches!(before.last(), Some(Inline::Code(_)));
        let Some(Inline::Text(text)) = after.first_mut() else {
            continue;
        };
        if !(code || math) {
            continue;
        }
        let space = if math {
            text.len() - text.trim_start_matches([' ', '\t']).len()
        } else {
            0
        };
        let Some(end) = text[space..]
            .strip_prefix('{')
            .and_then(|t| t.find('}'))
            .map(|e| e + space)
        else {
            continue;
        };
        let inside = &text[space + 1..=end];
        let attributes = !inside.trim().is_empty()
            && inside
                .split_whitespace()
                .all(|w| w.starts_with('.') || w.starts_with('#') || w.contains('=') || w == "-");
        if attributes {
            if let Some(format) = super::parse_close::raw_format(&text[space..end + 2]) {
                let shown = match before.last() {
                    Some(Inline::Code(code)) if super::parse_close::is_html(format) => {
                        crate::document::html::text_content(code)
                    }
                    _ => String::new(),
                };
                if let Some(last) = before.last_mut() {
                    *last = Inline::Text(shown);
                }
            }
            text.replace_range(..end + 2, "");
            found = true;
        }
    }
    found
}

/// pandoc's bracketed spans, `[Ankara]{lang=tr}`, `[NATO]{.smallcaps}`, `[x]{.underline}`,
/// `[x]{.mark}`: the brackets and attributes taken out of the text, what they held a span
/// (content in other inlines, `[*ini*]{lang=id}`, included).
fn bracketed_spans(inlines: &mut Vec<Inline>) {
    linked_spans(inlines);
    // Closer by closer (`]{…}`, the rarer mark), each with the nearest `[` before it: where to
    // look for the next closer is an inline and a byte in it, and no `[` before it is looked
    // at again, so the work is linear in the text.
    let (mut from, mut skip) = (0, 0);
    while from < inlines.len() {
        let Some((j, at, end)) = inlines[from..].iter().enumerate().find_map(|(k, x)| {
            let Inline::Text(t) = x else { return None };
            let start = if k == 0 { skip.min(t.len()) } else { 0 };
            // (Counted as scanned: see `crate::work`.)
            let Some(found) = t.get(start..)?.find("]{") else {
                crate::work::step(t.len() - start);
                return None;
            };
            let at = start + found;
            let end = at + 2 + t[at + 2..].find('}')?;
            crate::work::step(end - start);
            Some((from + k, at, end))
        }) else {
            return;
        };
        let next = (j, at + 2);
        let lo = |k: usize, t: &str| if k == from { skip.min(t.len()) } else { 0 };
        let in_closer = match &inlines[j] {
            Inline::Text(t) => {
                let lo = lo(j, t).min(at);
                crate::work::step(at - lo);
                t[lo..at].rfind('[').map(|p| (j, lo + p))
            }
            _ => None,
        };
        // Not past `from`, nor more than a few inlines back: a span is short.
        let open = in_closer.or_else(|| {
            (from.max(j.saturating_sub(64))..j)
                .rev()
                .find_map(|k| match &inlines[k] {
                    Inline::Text(t) => {
                        let lo = lo(k, t);
                        crate::work::step(t.len() - lo);
                        t[lo..].rfind('[').map(|p| (k, lo + p))
                    }
                    _ => None,
                })
        });
        let Some((i, open)) = open else {
            (from, skip) = next;
            continue;
        };
        let Some(kinds) = span_attributes(match &inlines[j] {
            Inline::Text(t) => &t[at + 2..end],
            _ => "",
        }) else {
            (from, skip) = next;
            continue;
        };
        let (before, after_last);
        let mut content: Vec<Inline> = Vec::new();
        if i == j {
            let Inline::Text(t) = &inlines[i] else { return };
            before = t[..open].to_string();
            content.push(Inline::Text(t[open + 1..at].to_string()));
            after_last = t[end + 1..].to_string();
        } else {
            let Inline::Text(first) = &inlines[i] else {
                return;
            };
            let Inline::Text(last) = &inlines[j] else {
                return;
            };
            before = first[..open].to_string();
            content.push(Inline::Text(first[open + 1..].to_string()));
            content.extend(inlines[i + 1..j].iter().cloned());
            content.push(Inline::Text(last[..at].to_string()));
            after_last = last[end + 1..].to_string();
        }
        content.retain(|x| !matches!(x, Inline::Text(t) if t.is_empty()));
        let mut replacement = Vec::new();
        if !before.is_empty() {
            replacement.push(Inline::Text(before));
        }
        // The language outermost, so that small capitals inside take its capitals.
        for kind in kinds {
            content = vec![crate::document::Span::inline(kind, content)];
        }
        replacement.extend(content);
        let resume = i + replacement.len();
        if !after_last.is_empty() {
            replacement.push(Inline::Text(after_last));
        }
        inlines.splice(i..=j, replacement);
        (from, skip) = (resume, 0);
    }
}

/// Bracketed spans the parser took for `[text]` naming a heading (see `Link::implicit`): a
/// link of no address followed by `{attributes}`.
fn linked_spans(inlines: &mut Vec<Inline>) {
    let mut i = 0;
    while i + 1 < inlines.len() {
        let attrs = match (&inlines[i], &inlines[i + 1]) {
            (Inline::Link(link), Inline::Text(t)) if link.implicit.as_deref() == Some("") => t
                .strip_prefix('{')
                .and_then(|r| r.find('}').map(|end| (end + 2, span_attributes(&r[..end])))),
            _ => None,
        };
        let Some((taken, Some(kinds))) = attrs else {
            i += 1;
            continue;
        };
        let Inline::Link(link) = std::mem::replace(&mut inlines[i], Inline::SoftBreak) else {
            unreachable!("matched above")
        };
        let mut content = link.content;
        for kind in kinds {
            content = vec![crate::document::Span::inline(kind, content)];
        }
        if let Inline::Text(t) = &mut inlines[i + 1] {
            t.replace_range(..taken, "");
        }
        let rest_empty = matches!(&inlines[i + 1], Inline::Text(t) if t.is_empty());
        let end = if rest_empty { i + 2 } else { i + 1 };
        let n = content.len();
        inlines.splice(i..end, content);
        i += n.max(1);
    }
}

/// pandoc's `H~2~O` and `2^10^` inside words, which CommonMark's rules for `~` and `^` leave
/// as text (they may not touch a letter): raised and lowered spans. What lies between the
/// marks holds no space, as pandoc requires.
fn inner_scripts(inlines: &mut Vec<Inline>) {
    if !inlines
        .iter()
        .any(|i| matches!(i, Inline::Text(t) if t.contains('^') || t.contains('~')))
    {
        return;
    }
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines.drain(..) {
        let Inline::Text(text) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        let mut plain = String::new();
        while let Some(at) = rest.find(['^', '~']) {
            let mark = rest.as_bytes()[at] as char;
            let after = &rest[at + 1..];
            let inner_len = after.find(mark).filter(|&n| {
                n > 0
                    && !after[..n].contains(char::is_whitespace)
                    && !after[..n].contains(['^', '~'])
            });
            match inner_len {
                Some(n) => {
                    plain.push_str(&rest[..at]);
                    if !plain.is_empty() {
                        out.push(Inline::Text(std::mem::take(&mut plain)));
                    }
                    let kind = if mark == '^' {
                        SpanKind::Superscript
                    } else {
                        SpanKind::Subscript
                    };
                    let inner = vec![Inline::Text(after[..n].to_string())];
                    out.push(crate::document::Span::inline(kind, inner));
                    rest = &after[n + 1..];
                }
                None => {
                    plain.push_str(&rest[..=at]);
                    rest = after;
                }
            }
        }
        plain.push_str(rest);
        if !plain.is_empty() {
            out.push(Inline::Text(plain));
        }
    }
    *inlines = out;
}

/// What a bracketed span's attributes (`lang=tr .smallcaps`) make of it, innermost first
/// (none: its text only); `None` when they are no attributes.
fn span_attributes(attrs: &str) -> Option<Vec<SpanKind>> {
    // As written, before smart punctuation made `--` a dash (`{#option--name}`).
    let attrs = attrs
        .replace('\u{2014}', "---")
        .replace('\u{2013}', "--")
        .replace(['\u{2018}', '\u{2019}'], "'")
        .replace(['\u{201C}', '\u{201D}'], "\"");
    let mut kinds = Vec::new();
    let mut lang = None;
    for word in super::super::fenced_divs::words(&attrs) {
        let word = word.as_str();
        match word {
            ".smallcaps" | ".small-caps" => kinds.push(SpanKind::SmallCaps),
            ".underline" | ".ul" => kinds.push(SpanKind::Underline),
            ".mark" => kinds.push(SpanKind::Mark),
            _ if word.starts_with('#') => {
                let id = &word[1..];
                if super::super::ids::is_usable_id(id) {
                    kinds.push(SpanKind::Anchor(id.to_string()));
                }
            }
            _ if word.starts_with('.') => {}
            _ => {
                let (key, value) = word.split_once('=')?;
                if key == "lang" {
                    let value = value.trim_matches('"');
                    if crate::manuscript::config::is_bcp47(value) {
                        lang = Some(SpanKind::Lang(value.to_string()));
                    }
                }
            }
        }
    }
    kinds.extend(lang);
    Some(kinds)
}
