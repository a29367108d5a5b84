//! The HTML tokenizer (part of `html`): tags, attributes, text with character references
//! decoded, comments; the content of `<script>`-like elements as raw text. Tolerant: what is
//! not a well-formed tag is text.

use std::cell::Cell;
use std::ops::Range;

/// A piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// Text, entities decoded.
    Text(String),
    /// The content of a raw-text element (`<script>`, `<style>`, …), not tokenized.
    RawText,
    Comment,
    /// A doctype, processing instruction or CDATA section: kept as its source text.
    Other,
}

/// How the sanitizer treats an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Kept, with content and end tag.
    Normal,
    /// Kept, empty (`<br/>`, `<hr/>`, `<img/>`).
    Void,
    /// Removed with its content, reported: active or embedded content.
    Removed,
    /// Removed, empty, reported (`<link>`, `<meta>`, `<input>`, …).
    RemovedVoid,
    /// Not known: its tags are kept as text.
    Unknown,
}

/// The element `name` (lower case) as the sanitizer knows it: its canonical name and kind.
pub fn kind(name: &str) -> (&'static str, Kind) {
    const NORMAL: &[&str] = &[
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "bdi",
        "big",
        "blockquote",
        "caption",
        "center",
        "cite",
        "code",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "font",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "i",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "s",
        "samp",
        "section",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "tt",
        "u",
        "ul",
        "var",
    ];
    const VOID: &[&str] = &["br", "hr", "img", "wbr"];
    const REMOVED: &[&str] = &[
        "applet", "audio", "button", "canvas", "form", "frameset", "iframe", "math", "noembed",
        "noframes", "object", "script", "select", "style", "svg", "template", "textarea", "title",
        "video", "xmp",
    ];
    const REMOVED_VOID: &[&str] = &[
        "base", "embed", "frame", "input", "keygen", "link", "meta", "param", "source", "track",
    ];
    for (list, kind) in [
        (NORMAL, Kind::Normal),
        (VOID, Kind::Void),
        (REMOVED, Kind::Removed),
        (REMOVED_VOID, Kind::RemovedVoid),
    ] {
        if let Some(n) = list.iter().find(|n| **n == name) {
            return (n, kind);
        }
    }
    ("", Kind::Unknown)
}

/// Elements whose content is text up to their end tag, never markup.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// Tokenize `src`, with each token's byte range in it.
pub fn tokenize(src: &str) -> Vec<(Token, Range<usize>)> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let mut closers = Closers::new(src);
    // What attempts that turned out not to be markup have read. Each reads on from its `<` to
    // where it fails, and the next starts at the next `<`, perhaps inside what the last one read
    // (`<a b="<a" c="<a" …` with no `>`: every `<a` reads to the end). Past a budget of a few
    // times the fragment's length, the rest is text: nothing real reads that much, and the
    // work stays linear whatever the input.
    let budget = 4 * src.len() + 65_536;
    let mut wasted = 0;
    let reach = Cell::new(0);
    let flush = |out: &mut Vec<(Token, Range<usize>)>, from: usize, to: usize| {
        if from < to {
            out.push((Token::Text(decode_entities(&src[from..to])), from..to));
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' || wasted > budget {
            i += 1;
            continue;
        }
        reach.set(i);
        let scanned = closers.scanned;
        let Some((token, end)) = markup(src, i, &mut closers, &reach) else {
            wasted += reach.get() - i + (closers.scanned - scanned);
            i += 1;
            continue;
        };
        flush(&mut out, text_start, i);
        let raw_name = match &token {
            Token::Start {
                name, self_closing, ..
            } if !self_closing && is_raw_text(name) => Some(name.clone()),
            _ => None,
        };
        out.push((token, i..end));
        i = end;
        if let Some(name) = raw_name {
            // Raw text runs to `</name` (any case), or to the end.
            let close = find_end_tag(&src[i..], &name).map_or(src.len(), |at| i + at);
            if close > i {
                out.push((Token::RawText, i..close));
            }
            i = close;
        }
        text_start = i;
    }
    flush(&mut out, text_start, src.len());
    crate::work::step(src.len() + wasted + closers.scanned);
    out
}

/// Byte offset in `s` of `</name` followed by whitespace, `/` or `>`, any case. Reads `s` only
/// up to the match: the raw text is consumed up to it, so a chapter of many `<style>` elements
/// is read once (a lower-cased copy of the rest, made for each one, was quadratic).
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    let name = name.as_bytes();
    let mut from = 0;
    while let Some(at) = s[from..].find("</") {
        let at = from + at;
        let after = at + 2 + name.len();
        if b.get(at + 2..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && b.get(after)
                .is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The closing delimiters markup looks for (`-->`, `]]>`, `>`, quotes), each remembered where
/// last found. Without it, a `<!--` never closed was searched for its `-->` to the end of the
/// fragment again from every later `<` (a fragment of `<!--x` repeated took minutes); with it,
/// each delimiter is searched for over each stretch of the text about once.
struct Closers<'a> {
    src: &'a str,
    /// Per delimiter: searched from this offset, found at that one (`None`: not after it).
    memo: [Option<(usize, Option<usize>)>; Closers::NEEDLES.len()],
    /// Bytes searched so far (what the searches cost).
    scanned: usize,
}

impl<'a> Closers<'a> {
    const NEEDLES: [&'static str; 5] = ["-->", "]]>", ">", "\"", "'"];

    fn new(src: &'a str) -> Self {
        Closers {
            src,
            memo: [None; Closers::NEEDLES.len()],
            scanned: 0,
        }
    }

    /// Byte offset of the first `needle` (one of [`Closers::NEEDLES`]) at or after `from`.
    fn find(&mut self, needle: &str, from: usize) -> Option<usize> {
        let k = Closers::NEEDLES
            .iter()
            .position(|n| *n == needle)
            .expect("a known delimiter");
        if let Some((searched, found)) = self.memo[k]
            && searched <= from
            && found.is_none_or(|f| f >= from)
        {
            return found;
        }
        let found = self.src.get(from..)?.find(needle).map(|at| from + at);
        self.scanned += found.unwrap_or(self.src.len()) - from;
        self.memo[k] = Some((from, found));
        found
    }
}

/// The markup token starting at `src[i] == '<'` and the offset after it, if it is one.
fn markup(
    src: &str,
    i: usize,
    closers: &mut Closers,
    reach: &Cell<usize>,
) -> Option<(Token, usize)> {
    let rest = &src[i..];
    let b = rest.as_bytes();
    // Every byte looked at goes through `get`, which remembers the furthest: what a failed
    // attempt cost (see `tokenize`'s budget).
    let get = |j: usize| {
        reach.set(reach.get().max(i + j));
        b.get(j)
    };
    if rest.starts_with("<!--") {
        let end = closers.find("-->", i + 4)? + 3;
        return Some((Token::Comment, end));
    }
    if rest.starts_with("<![CDATA[") {
        let end = closers.find("]]>", i + 9)? + 3;
        return Some((Token::Other, end));
    }
    if rest.starts_with("<!") || rest.starts_with("<?") {
        let end = closers.find(">", i + 2)? + 1;
        return Some((Token::Other, end));
    }
    let (closing, name_at) = if get(1) == Some(&b'/') {
        (true, 2)
    } else {
        (false, 1)
    };
    if !get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut j = name_at;
    while get(j).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b':') {
        j += 1;
    }
    let name = rest[name_at..j].to_ascii_lowercase();
    if closing {
        while get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        return (get(j) == Some(&b'>')).then(|| (Token::End { name }, i + j + 1));
    }
    let mut attrs = Vec::new();
    loop {
        while get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        match get(j)? {
            b'>' => {
                let token = Token::Start {
                    name,
                    attrs,
                    self_closing: false,
                };
                return Some((token, i + j + 1));
            }
            b'/' if get(j + 1) == Some(&b'>') => {
                let token = Token::Start {
                    name,
                    attrs,
                    self_closing: true,
                };
                return Some((token, i + j + 2));
            }
            _ => {}
        }
        let start = j;
        while get(j)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>' | b'=' | b'<'))
        {
            j += 1;
        }
        if j == start {
            return None; // `<`, a stray `/` or `=`: not a tag
        }
        let attr = rest[start..j].to_ascii_lowercase();
        let mut k = j;
        while get(k).is_some_and(u8::is_ascii_whitespace) {
            k += 1;
        }
        let mut value = String::new();
        if get(k) == Some(&b'=') {
            k += 1;
            while get(k).is_some_and(u8::is_ascii_whitespace) {
                k += 1;
            }
            match get(k)? {
                q @ (b'"' | b'\'') => {
                    let quote = if *q == b'"' { "\"" } else { "'" };
                    let len = closers.find(quote, i + k + 1)? - (i + k + 1);
                    value = decode_entities(&rest[k + 1..k + 1 + len]);
                    k += len + 2;
                }
                _ => {
                    let from = k;
                    while get(k).is_some_and(|c| {
                        !c.is_ascii_whitespace() && !matches!(c, b'>' | b'"' | b'\'' | b'<' | b'`')
                    }) {
                        k += 1;
                    }
                    if k == from {
                        return None;
                    }
                    value = decode_entities(&rest[from..k]);
                }
            }
            j = k;
        }
        attrs.push((attr, value));
    }
}

/// `s` with character references decoded: named ones as HTML5 knows them, numeric ones with
/// invalid code points as U+FFFD; unknown names are kept as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `s` (`&…;`) and its length in bytes.
fn entity(s: &str) -> Option<(String, usize)> {
    let end = s.get(1..34).unwrap_or(&s[1..]).find(';')? + 1;
    let body = &s[1..end];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (num, 10),
        };
        let max = if radix == 16 { 6 } else { 7 };
        if digits.is_empty() || digits.len() > max || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        let code = u32::from_str_radix(digits, radix).ok()?;
        let c = char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        return Some((c.to_string(), end + 1));
    }
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let common = match body {
        "amp" => Some("&"),
        "lt" => Some("<"),
        "gt" => Some(">"),
        "quot" => Some("\""),
        "apos" => Some("'"),
        "nbsp" => Some("\u{a0}"),
        _ => None,
    };
    if let Some(c) = common {
        return Some((c.to_string(), end + 1));
    }
    // Every other name from the HTML5 list, as pulldown-cmark knows them: a Markdown text
    // that is one reference comes back decoded, or as written when the name is unknown.
    let written = &s[..end + 1];
    let decoded: String = pulldown_cmark::Parser::new(written)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Text(t) => Some(t.into_string()),
            _ => None,
        })
        .collect();
    (decoded != written && !decoded.is_empty()).then(|| (decoded, end + 1))
}
