//! The .bib file's syntax: entries, `@string` macros (expanded here), `@comment`, `@preamble`,
//! `%` comments between entries. Field values come out as raw LaTeX with their byte offsets.
//! One pass over the text, no recursion: brace depth is a counter.

use std::collections::HashMap;

use super::locale::Locale;
use super::{BibError, BibWarning};

pub(super) struct RawField {
    /// Lower-cased.
    pub name: String,
    /// The value's LaTeX, `@string` macros expanded and `#` parts joined.
    pub value: String,
    /// Where the value's text starts.
    pub offset: usize,
    /// Where the value starts (its opening brace or quote).
    pub open: usize,
}

pub(super) struct RawEntry {
    /// Lower-cased.
    pub kind: String,
    pub key: String,
    /// Where the key starts.
    pub key_offset: usize,
    pub fields: Vec<RawField>,
}

impl RawEntry {
    pub fn get(&self, name: &str) -> Option<&RawField> {
        self.fields.iter().rev().find(|f| f.name == name)
    }
}

struct Parser<'a> {
    s: &'a str,
    locale: &'a Locale,
    b: &'a [u8],
    pos: usize,
    macros: HashMap<String, String>,
    warnings: Vec<BibWarning>,
}

/// Reads the file. A bare word that is not a `@string` stands, as in pandoc, for the book
/// language's string for that biblatex key (`may` is "Mayıs" in a Turkish book), else for itself.
pub(super) fn parse(
    text: &str,
    locale: &Locale,
) -> Result<(Vec<RawEntry>, Vec<BibWarning>), BibError> {
    let mut p = Parser {
        s: text,
        locale,
        b: text.as_bytes(),
        pos: 0,
        macros: HashMap::new(),
        warnings: Vec::new(),
    };
    let mut entries = Vec::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    while p.pos < p.b.len() {
        match p.b[p.pos] {
            b'@' => {
                if let Some(entry) = p.entry()? {
                    if let Some(&first) = keys.get(&entry.key) {
                        let (line, col) = line_col(text, first);
                        return Err(BibError {
                            offset: entry.key_offset,
                            message: format!(
                                "the key `{}` is used twice (first at line {line}, column {col})",
                                entry.key
                            ),
                            help: "give one of the two entries another key".into(),
                        });
                    }
                    keys.insert(entry.key.clone(), entry.key_offset);
                    entries.push(entry);
                }
            }
            b'%' => p.skip_line(),
            _ => p.pos += 1,
        }
    }
    Ok((entries, p.warnings))
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b':' | b'+' | b'.' | b'/')
}

fn is_key_char(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, ',' | '{' | '}' | '"' | '#' | '%' | '=' | '\'')
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Whitespace and `%` comments (inside an entry, between fields).
    fn skip_ws_comments(&mut self) {
        loop {
            self.skip_ws();
            if self.peek() == Some(b'%') {
                self.skip_line();
            } else {
                break;
            }
        }
    }

    fn skip_line(&mut self) {
        match self.s[self.pos..].find('\n') {
            Some(i) => self.pos += i + 1,
            None => self.pos = self.b.len(),
        }
    }

    fn word(&mut self) -> &str {
        let start = self.pos;
        while self.peek().is_some_and(is_name_byte) {
            self.pos += 1;
        }
        &self.s[start..self.pos]
    }

    /// Skips a balanced group whose opening delimiter is at `self.pos`.
    fn skip_balanced(&mut self, kind: &str, close: u8) -> Result<(), BibError> {
        let start = self.pos;
        let open = self.b[self.pos];
        let mut depth = 0usize;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    self.pos += 1;
                    return Ok(());
                }
            }
            self.pos += 1;
        }
        Err(BibError {
            offset: start,
            message: format!("`@{kind}` is never closed"),
            help: format!("close it with `{}`", close as char),
        })
    }

    /// One `@…` item; `None` for `@string`, `@comment` and `@preamble`.
    fn entry(&mut self) -> Result<Option<RawEntry>, BibError> {
        let at = self.pos;
        self.pos += 1;
        let kind_start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        let kind = self.s[kind_start..self.pos].to_ascii_lowercase();
        if kind.is_empty() {
            return Err(BibError {
                offset: at,
                message: "`@` is not followed by an entry type".into(),
                help: "entries start like `@book{key, …}`; text between entries must not contain \
                       `@` (put it in a `@comment{…}`)"
                    .into(),
            });
        }
        self.skip_ws();
        let close = match self.peek() {
            Some(b'{') => b'}',
            Some(b'(') => b')',
            _ => {
                return Err(BibError {
                    offset: at,
                    message: format!("`@{kind}` is not followed by `{{`"),
                    help: format!("write `@{kind}{{key, field = {{value}}, …}}`"),
                });
            }
        };
        match kind.as_str() {
            "comment" | "preamble" => {
                self.skip_balanced(&kind, close)?;
                return Ok(None);
            }
            "string" => {
                self.pos += 1;
                let fields = self.fields("@string", close)?;
                for f in fields {
                    self.macros.insert(f.name, f.value);
                }
                return Ok(None);
            }
            _ => {}
        }
        self.pos += 1;
        self.skip_ws();
        let key_offset = self.pos;
        let key_end = self.s[self.pos..]
            .find(|c: char| !is_key_char(c))
            .map_or(self.b.len(), |i| self.pos + i);
        let key = self.s[self.pos..key_end].to_string();
        self.pos = key_end;
        if key.is_empty() {
            return Err(BibError {
                offset: key_offset,
                message: format!("the `@{kind}` entry has no key"),
                help: format!("write the key first: `@{kind}{{smith2019, …}}`"),
            });
        }
        self.skip_ws();
        match self.peek() {
            Some(b',') => self.pos += 1,
            Some(c) if c == close => {
                self.pos += 1;
                return Ok(Some(RawEntry {
                    kind,
                    key,
                    key_offset,
                    fields: Vec::new(),
                }));
            }
            _ => {
                return Err(BibError {
                    offset: self.pos,
                    message: format!("the key `{key}` is not followed by a comma"),
                    help: "a key has no spaces and ends with `,`: `@book{smith2019, title = …}`"
                        .into(),
                });
            }
        }
        let what = format!("entry `{key}`");
        let fields = self.fields(&what, close)?;
        let mut seen: HashMap<&str, ()> = HashMap::new();
        for f in &fields {
            if seen.insert(&f.name, ()).is_some() {
                self.warnings.push(BibWarning {
                    offset: f.offset,
                    message: format!(
                        "field `{}` appears twice in entry `{key}`; the last one is used",
                        f.name
                    ),
                });
            }
        }
        Ok(Some(RawEntry {
            kind,
            key,
            key_offset,
            fields,
        }))
    }

    /// `name = value, …` up to and including the closing delimiter.
    fn fields(&mut self, what: &str, close: u8) -> Result<Vec<RawField>, BibError> {
        let mut fields = Vec::new();
        // Where a missing closing delimiter belongs: after the last value.
        let mut last_end = self.pos;
        loop {
            self.skip_ws_comments();
            let Some(c) = self.peek() else {
                return Err(unclosed_entry(what, &fields, last_end, close));
            };
            if c == close {
                self.pos += 1;
                return Ok(fields);
            }
            if c == b',' && !fields.is_empty() {
                return Err(BibError {
                    offset: self.pos,
                    message: format!("two commas in a row in {what}"),
                    help: "remove one of them".into(),
                });
            }
            let name = self.word().to_ascii_lowercase();
            if name.is_empty() {
                return Err(self.expected_field(what, &fields, last_end, close));
            }
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return Err(BibError {
                    offset: self.pos,
                    message: format!("field `{name}` in {what} has no `=`"),
                    help: format!("write `{name} = {{value}}`"),
                });
            }
            self.pos += 1;
            self.skip_ws();
            let open = self.pos;
            let (value, offset, end) = self.value(&name, what)?;
            fields.push(RawField {
                name,
                value,
                offset,
                open,
            });
            last_end = end;
            self.skip_ws_comments();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(c) if c == close => {
                    self.pos += 1;
                    return Ok(fields);
                }
                Some(b'@') | None => return Err(unclosed_entry(what, &fields, last_end, close)),
                Some(_) => {
                    return Err(BibError {
                        offset: self.pos,
                        message: format!(
                            "expected `,` or `{}` after field `{}` in {what}",
                            close as char,
                            fields.last().map_or("", |f| f.name.as_str())
                        ),
                        help: "separate fields with commas; put a value with spaces in braces: \
                               `title = {A Title}`"
                            .into(),
                    });
                }
            }
        }
    }

    fn expected_field(
        &self,
        what: &str,
        fields: &[RawField],
        last_end: usize,
        close: u8,
    ) -> BibError {
        if self.peek() == Some(b'@') {
            return unclosed_entry(what, fields, last_end, close);
        }
        BibError {
            offset: self.pos,
            message: format!("expected a field name in {what}"),
            help: "fields are written `name = {value}`, separated by commas".into(),
        }
    }

    /// A value: `{…}`, `"…"`, a number or a macro, joined with `#`.
    /// Also returns where the value's text starts (inside its first brace or quote) and where
    /// the value ends.
    fn value(&mut self, name: &str, what: &str) -> Result<(String, usize, usize), BibError> {
        let mut out = String::new();
        let mut content = None;
        loop {
            self.skip_ws();
            let start = self.pos;
            let delimited = matches!(self.peek(), Some(b'{' | b'"'));
            content.get_or_insert(if delimited { start + 1 } else { start });
            match self.peek() {
                Some(b'{') => {
                    let inner = self.braced(name, what)?;
                    out.push_str(inner);
                }
                Some(b'"') => {
                    let inner = self.quoted(name, what)?;
                    out.push_str(inner);
                }
                Some(c) if is_name_byte(c) => {
                    let word = self.word().to_string();
                    if word.bytes().all(|c| c.is_ascii_digit()) {
                        out.push_str(&word);
                    } else {
                        let lower = word.to_ascii_lowercase();
                        match self.macros.get(&lower) {
                            Some(v) => out.push_str(v),
                            None if self.locale.term(&lower).is_some() => {
                                out.push_str(self.locale.term(&lower).unwrap_or_default());
                            }
                            None => {
                                if !is_month_macro(&lower) {
                                    self.warnings.push(BibWarning {
                                        offset: start,
                                        message: format!(
                                            "`{word}` in field `{name}` of {what} is not a \
                                             defined `@string`; it is read as the text `{lower}`"
                                        ),
                                    });
                                }
                                out.push_str(&lower);
                            }
                        }
                    }
                }
                _ => {
                    return Err(BibError {
                        offset: self.pos,
                        message: format!("field `{name}` in {what} has no value"),
                        help: format!("write `{name} = {{value}}`"),
                    });
                }
            }
            let end = self.pos;
            self.skip_ws();
            if self.peek() == Some(b'#') {
                self.pos += 1;
            } else {
                return Ok((out, content.unwrap_or(end), end));
            }
        }
    }

    /// `{…}`: the inside, braces balanced (`\{` and `\}` do not count).
    fn braced(&mut self, name: &str, what: &str) -> Result<&str, BibError> {
        let open = self.pos;
        let mut depth = 0usize;
        // The first line inside the value that starts like a new entry: a `}` is probably missing.
        let mut suspect: Option<usize> = None;
        let mut i = self.pos;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        if let Some(at) = suspect {
                            self.warnings.push(BibWarning {
                                offset: at,
                                message: format!(
                                    "field `{name}` of {what} runs over what looks like the \
                                     start of another entry; a `}}` may be missing before it"
                                ),
                            });
                        }
                        return Ok(&self.s[open + 1..i]);
                    }
                }
                b'\n' if suspect.is_none() && starts_entry(&self.b[i + 1..]) => {
                    suspect = Some(
                        i + 1
                            + self.b[i + 1..]
                                .iter()
                                .take_while(|c| **c == b' ' || **c == b'\t')
                                .count(),
                    );
                }
                _ => {}
            }
            i += 1;
        }
        Err(BibError {
            offset: open,
            message: match suspect {
                Some(_) => format!(
                    "the `{{` opening field `{name}` of {what} is not closed before the next entry"
                ),
                None => format!("the `{{` opening field `{name}` of {what} is never closed"),
            },
            help: "close the value with `}` (a literal brace is written `\\{` or `\\}`)".into(),
        })
    }

    /// `"…"`: the inside; a `"` inside braces or after a backslash does not end it.
    fn quoted(&mut self, name: &str, what: &str) -> Result<&str, BibError> {
        let open = self.pos;
        let mut depth = 0usize;
        let mut i = self.pos + 1;
        while i < self.b.len() {
            match self.b[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'"' if depth == 0 => {
                    self.pos = i + 1;
                    return Ok(&self.s[open + 1..i]);
                }
                _ => {}
            }
            i += 1;
        }
        Err(BibError {
            offset: open,
            message: format!("the `\"` opening field `{name}` of {what} is never closed"),
            help: "close the value with `\"`, or write it in braces: `{…}`".into(),
        })
    }
}

/// `@word{` or `@word(` after optional indentation.
fn starts_entry(rest: &[u8]) -> bool {
    let mut i = rest
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    if rest.get(i) != Some(&b'@') {
        return false;
    }
    i += 1;
    let letters = rest[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if letters == 0 {
        return false;
    }
    i += letters;
    i += rest[i..]
        .iter()
        .take_while(|c| c.is_ascii_whitespace())
        .count();
    matches!(rest.get(i), Some(b'{' | b'('))
}

fn is_month_macro(name: &str) -> bool {
    matches!(
        name,
        "jan"
            | "feb"
            | "mar"
            | "apr"
            | "may"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// An entry that runs into the next one (or the end): usually a value's `}` is missing, and the
/// entry's own `}` closed the value; then the value has the next field in it.
fn unclosed_entry(what: &str, fields: &[RawField], offset: usize, close: u8) -> BibError {
    for f in fields {
        let swallowed = f.value.lines().skip(1).find(|line| {
            let line = line.trim_start();
            let name = line
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
                .count();
            name > 0 && line[name..].trim_start().starts_with('=')
        });
        if let Some(line) = swallowed {
            return BibError {
                offset: f.open,
                message: format!(
                    "the value of field `{}` in {what} is not closed: it runs over `{}`",
                    f.name,
                    line.trim()
                ),
                help: "close the value with `}` where it ends".into(),
            };
        }
    }
    unclosed(what, offset, close)
}

fn unclosed(what: &str, offset: usize, close: u8) -> BibError {
    BibError {
        offset,
        message: format!("{what} has no closing `{}`", close as char),
        help: format!("close it with `{}` before the next `@`", close as char),
    }
}
