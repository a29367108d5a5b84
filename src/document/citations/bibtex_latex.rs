//! The LaTeX inside .bib field values, read the way pandoc's BibTeX reader reads it (learnt by
//! experiment against pandoc 3.9): accents become letters, `--` an en dash, `{…}` a group kept
//! from case changes, `\emph` italics, `` ``…'' `` a quotation, unknown commands vanish with
//! their arguments.
//!
//! Reading never recurses on the input: open groups are kept on the `builder`'s stack.

use super::builder::{Builder, Kind, MAX_DEPTH};
use super::commands::{
    accent_mark, argument_command, compose, declaration, letter_command, symbol_command,
};
use super::inline::Inline;

struct Reader<'a> {
    s: &'a str,
    pos: usize,
    b: Builder,
    /// A `$` was never closed: pandoc then drops the whole value.
    failed: bool,
}

/// Reads a field value. `None` when pandoc could not read it either (an unclosed `$`).
pub(super) fn read(s: &str) -> Option<Vec<Inline>> {
    let mut r = Reader {
        s,
        pos: 0,
        b: Builder::new(),
        failed: false,
    };
    r.run();
    if r.failed {
        return None;
    }
    Some(r.b.finish())
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skips one balanced `{…}` (the reader is at `{`) and returns its inside.
    fn skip_group(&mut self) -> &str {
        let start = self.pos + 1;
        let mut depth = 0usize;
        let bytes = self.s.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        return &self.s[start..i];
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = self.s.len();
        &self.s[start.min(self.s.len())..]
    }

    /// Skips a balanced `[…]` (the reader is at `[`); false, and nothing skipped, if it is
    /// never closed.
    fn skip_optional(&mut self) -> bool {
        let bytes = self.s.as_bytes();
        let mut depth = 0usize;
        let mut i = self.pos;
        // (An optional argument is short: looking further for its `]` would make `\foo[\foo[…`
        // quadratic.)
        let end = bytes.len().min(self.pos + 4096);
        while i < end {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' if depth == 0 => return false,
                b'}' => depth -= 1,
                b']' if depth == 0 => {
                    self.pos = i + 1;
                    return true;
                }
                _ => {}
            }
            i += 1;
        }
        false
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                '{' => {
                    self.pos += 1;
                    self.b.open(Kind::Group, false);
                }
                '}' => {
                    self.pos += 1;
                    self.b.close_group();
                }
                '\\' => self.command(),
                ' ' | '\t' | '\n' | '\r' => self.whitespace(),
                '%' => self.comment(),
                '~' => {
                    self.pos += 1;
                    self.b.push_char('\u{a0}');
                }
                '-' if self.b.in_code() => {
                    self.pos += 1;
                    self.b.push_char('-');
                }
                '-' => {
                    if self.rest().starts_with("---") {
                        self.pos += 3;
                        self.b.push_char('\u{2014}');
                    } else if self.rest().starts_with("--") {
                        self.pos += 2;
                        self.b.push_char('\u{2013}');
                    } else {
                        self.pos += 1;
                        self.b.push_char('-');
                    }
                }
                '`' if self.b.depth >= MAX_DEPTH => {
                    self.pos += 1;
                    self.b.push_char('\u{2018}');
                }
                '`' => {
                    if self.rest().starts_with("``") {
                        self.pos += 2;
                        self.b.open(Kind::Quote { double: true }, true);
                    } else {
                        self.pos += 1;
                        self.b.open(Kind::Quote { double: false }, true);
                    }
                }
                '\'' => {
                    let open = self.b.open_quote();
                    let double = self.rest().starts_with("''");
                    if open == Some(false)
                        && !self.rest()[1..].starts_with(|c: char| c.is_alphanumeric())
                    {
                        // One mark closes a single quotation (a second may close a double one).
                        self.pos += 1;
                        self.b.close_quote();
                    } else if open == Some(true) && double {
                        self.pos += 2;
                        self.b.close_quote();
                    } else if double {
                        let after_text = self.s[..self.pos]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphabetic);
                        self.pos += 2;
                        // Two apostrophes after a letter, a closing quotation mark otherwise.
                        self.b.push_str(if after_text {
                            "\u{2019}\u{2019}"
                        } else {
                            "\u{201d}"
                        });
                    } else {
                        self.pos += 1;
                        self.b.push_char('\u{2019}');
                    }
                }
                '$' => self.math_dollar(),
                _ => {
                    self.pos += c.len_utf8();
                    self.b.push_char(c);
                }
            }
        }
    }

    fn whitespace(&mut self) {
        let start = self.pos;
        self.skip_spaces();
        let newlines = self.s[start..self.pos].matches('\n').count();
        if newlines >= 2 {
            // A paragraph break: pandoc joins the paragraphs' text with nothing between (and
            // cannot read one inside braces).
            if self.b.stack.len() > 1 {
                self.failed = true;
            }
            let items = self.b.top();
            if items.last() == Some(&Inline::Space) {
                items.pop();
            }
        } else {
            self.b.push(Inline::Space);
        }
    }

    /// `%`: a comment to the end of the line (pandoc keeps the line break, as a space).
    fn comment(&mut self) {
        match self.rest().find('\n') {
            Some(i) => self.pos += i,
            None => self.pos = self.s.len(),
        }
    }

    fn math_dollar(&mut self) {
        let display = self.rest().starts_with("$$");
        let open = if display { 2 } else { 1 };
        let body_start = self.pos + open;
        let close = if display { "$$" } else { "$" };
        let mut i = body_start;
        let bytes = self.s.as_bytes();
        while i < bytes.len() {
            if bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if bytes[i..].starts_with(close.as_bytes()) {
                let tex = self.s[body_start..i].to_string();
                self.pos = i + close.len();
                self.b.push(Inline::Math { display, tex });
                return;
            }
            i += 1;
        }
        self.failed = true;
        self.pos = self.s.len();
    }

    /// `\(…\)` and `\[…\]`.
    fn math_delimited(&mut self, display: bool) {
        let close = if display { "\\]" } else { "\\)" };
        let body_start = self.pos;
        match self.s[body_start..].find(close) {
            Some(i) => {
                let tex = self.s[body_start..body_start + i].to_string();
                self.pos = body_start + i + 2;
                self.b.push(Inline::Math { display, tex });
            }
            None => {
                self.failed = true;
                self.pos = self.s.len();
            }
        }
    }

    fn command(&mut self) {
        self.pos += 1; // the backslash
        let Some(c) = self.peek() else {
            return;
        };
        if !c.is_ascii_alphabetic() {
            self.pos += c.len_utf8();
            self.control_symbol(c);
            return;
        }
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        let name = &self.s[start..self.pos];
        // Spaces after a control word are part of it (pandoc keeps a line break, as a space).
        while let Some(' ' | '\t') = self.peek() {
            self.pos += 1;
        }
        self.control_word(name);
    }

    fn control_symbol(&mut self, c: char) {
        match c {
            '\\' => {
                if self.peek() == Some('*') {
                    self.pos += 1;
                }
                if self.peek() == Some('[') {
                    self.skip_optional();
                }
                self.b.push(Inline::LineBreak);
            }
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => self.b.push_char(c),
            ' ' | '\n' | '\t' => {
                self.b.push_char('\u{a0}');
                self.skip_spaces();
            }
            '-' => self.b.push_char('\u{ad}'),
            ',' => self.b.push_char('\u{2006}'),
            ';' | ':' | '!' | '/' | '@' => {}
            '(' => self.math_delimited(false),
            '[' => self.math_delimited(true),
            _ => {
                if let Some(mark) = accent_mark(&c.to_string()) {
                    self.skip_spaces();
                    self.accent(mark);
                } else {
                    self.b.push(Inline::Raw);
                }
            }
        }
    }

    /// The argument of an accent: `{o}`, `o`, `\i`, `{\i}` or `{}`.
    fn accent(&mut self, mark: char) {
        match self.peek() {
            Some('{') => {
                let inner_start = self.pos + 1;
                let inner = &self.s[inner_start..];
                let trimmed = inner.trim_start_matches([' ', '\t', '\n']);
                if trimmed.starts_with('}') {
                    // `\"{}`: the mark alone (a tilde and a circumflex stand for themselves).
                    let skip = inner.len() - trimmed.len() + 1;
                    self.pos = inner_start + skip;
                    match mark {
                        '\u{303}' => self.b.push_char('~'),
                        '\u{302}' => self.b.push_char('^'),
                        _ => self.b.push_char(mark),
                    }
                    return;
                }
                // The rest of the group is read normally, spliced into the text.
                self.pos = inner_start;
                self.b.open(Kind::Plain, false);
                self.accent_base(mark);
            }
            Some('\\') => self.accent_base(mark),
            Some(_) => self.accent_base(mark),
            None => self.b.push_char(mark),
        }
    }

    /// The letter (or letter command) an accent sits on.
    fn accent_base(&mut self, mark: char) {
        match self.peek() {
            Some('\\') => {
                let start = self.pos + 1;
                let mut end = start;
                while self.s[end..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                    end += 1;
                }
                if let Some(letter) = letter_command(&self.s[start..end]) {
                    self.pos = end;
                    self.skip_spaces();
                    let base = letter.chars().next().unwrap_or(' ');
                    self.b.push_str(&compose(base, mark));
                } else {
                    self.b.push_char(mark);
                }
            }
            Some(c) if c != '}' => {
                self.pos += c.len_utf8();
                self.b.push_str(&compose(c, mark));
            }
            _ => self.b.push_char(mark),
        }
    }

    /// The argument of a command that takes one: a group, else the next character.
    fn argument(&mut self, kind: Kind) {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                self.b.open(kind, false);
            }
            Some('\\') => {
                // `\emph\foo`: the style runs to the end of the group (no recursion here).
                self.b.open(kind, true);
            }
            Some(c) if c != '}' => {
                self.b.open(kind, false);
                self.pos += c.len_utf8();
                self.b.push_char(c);
                self.b.close_one();
            }
            _ => {}
        }
    }

    /// An unknown command's arguments: `*`, then `[…]` and `{…}` groups, or else a dimension
    /// (`\vskip 1.5pt`, and so the `1` of `\relax 1--2`).
    fn skip_arguments(&mut self) {
        if self.peek() == Some('*') {
            self.pos += 1;
        }
        let start = self.pos;
        while self.peek() == Some('[') && self.skip_optional() {}
        while self.peek() == Some('{') {
            self.skip_group();
        }
        if self.pos == start {
            self.skip_dimension();
        }
    }

    fn skip_dimension(&mut self) {
        let rest = self.rest().as_bytes();
        let mut i = usize::from(rest.first() == Some(&b'-'));
        let digits = rest[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return;
        }
        i += digits;
        if rest.get(i) == Some(&b'.') {
            i += 1 + rest[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        }
        for unit in [
            "pt", "pc", "in", "bp", "cm", "mm", "dd", "cc", "sp", "ex", "em", "mu",
        ] {
            if rest[i..].starts_with(unit.as_bytes()) {
                i += 2;
                break;
            }
        }
        if rest.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return;
        }
        self.pos += i;
    }

    fn control_word(&mut self, name: &str) {
        if let Some(mark) = accent_mark(name) {
            self.accent(mark);
            return;
        }
        if let Some(letter) = letter_command(name) {
            self.b.push_str(letter);
            return;
        }
        if let Some(symbol) = symbol_command(name) {
            self.b.push_str(symbol);
            return;
        }
        if let Some(kind) = argument_command(name) {
            if self.peek() == Some('*') {
                self.pos += 1;
                self.skip_spaces();
            }
            self.argument(kind);
            return;
        }
        if let Some(style) = declaration(name) {
            if let Some(kind) = style {
                self.b.open(kind, true);
            }
            return;
        }
        match name {
            "newline" => self.b.push(Inline::LineBreak),
            "url" | "nolinkurl" => {
                if self.peek() == Some('{') {
                    let url = self.skip_group().to_string();
                    self.b.push(Inline::Link(vec![Inline::Str(url)]));
                }
            }
            "href" => {
                if self.peek() == Some('{') {
                    self.skip_group();
                }
                self.skip_spaces();
                self.argument(Kind::Link);
            }
            "textcolor" => {
                if self.peek() == Some('{') {
                    self.skip_group();
                }
                self.argument(Kind::Plain);
            }
            "ensuremath" => {
                if self.peek() == Some('{') {
                    let tex = self.skip_group().to_string();
                    self.b.push(Inline::Math {
                        display: false,
                        tex,
                    });
                }
            }
            "verb" => {
                if let Some(delim) = self.bump() {
                    let start = self.pos;
                    let end = self.s[start..]
                        .find(delim)
                        .map_or(self.s.len(), |i| start + i);
                    let text = self.s[start..end].to_string();
                    self.pos = (end + delim.len_utf8()).min(self.s.len());
                    self.b.push_str(&text);
                }
            }
            _ => {
                self.skip_arguments();
                self.b.push(Inline::Raw);
            }
        }
    }
}
