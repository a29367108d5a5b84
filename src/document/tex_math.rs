//! TeX math (`$E = mc^2$`, `$$\frac{a}{b}$$`, pandoc's `tex_math_dollars`) as text a reader
//! reads: letters in italic, Greek and operators as their Unicode characters, exponents and
//! indices raised and lowered, `\frac{a}{b}` as a/b, `\sqrt{x}` as √x, `\mathbb{R}` as ℝ —
//! what a linear formula in a book set without a math engine shows, and never the TeX itself.
//! A command it does not know is shown by its name and reported.
//!
//! One pass over the formula, each character read once; groups and arguments nest at most
//! [`MAX_DEPTH`] deep (deeper, the rest is read as its characters).

use crate::document::{Inline, Span, SpanKind};

/// Braces nested deeper than this are read as the text between them.
const MAX_DEPTH: usize = 24;

/// A formula converted: its inlines, and the commands it did not know (by name).
pub struct Converted {
    pub inlines: Vec<Inline>,
    pub unknown: Vec<String>,
}

/// Convert the TeX of a formula; `display`: a displayed one, whose `\\` break its lines (an
/// `aligned` block's rows).
pub fn convert(tex: &str, display: bool) -> Converted {
    let mut p = Parser {
        chars: tex.chars().collect(),
        at: 0,
        depth: 0,
        unknown: Vec::new(),
        display,
    };
    let mut out = Out::default();
    p.sequence(&mut out, false);
    Converted {
        inlines: out.finish(),
        unknown: p.unknown,
    }
}

/// Inline content being built: letters in a row make one italic run.
#[derive(Default)]
struct Out {
    inlines: Vec<Inline>,
}

impl Out {
    fn text(&mut self, s: &str) {
        if let Some(Inline::Text(t)) = self.inlines.last_mut() {
            t.push_str(s);
        } else {
            self.inlines.push(Inline::Text(s.to_string()));
        }
    }

    fn italic(&mut self, c: char) {
        if let Some(Inline::Emphasis(e)) = self.inlines.last_mut()
            && let [Inline::Text(t)] = e.as_mut_slice()
        {
            t.push(c);
            return;
        }
        self.inlines
            .push(Inline::Emphasis(vec![Inline::Text(c.to_string())]));
    }

    /// A binary operator or relation, with word spaces around it (where a line may break, as
    /// TeX breaks a formula after one); a minus or plus that starts the formula, or follows
    /// an opening or an operator, is a sign, without them.
    fn operator(&mut self, op: &str) {
        let last = self.last_char();
        let unary = matches!(op, "−" | "+" | "±" | "∓")
            && last.is_none_or(|c| "([{,;=<>≤≥≠≈+−×·/ ".contains(c) || c == '\u{2009}');
        if unary {
            self.text(op);
            return;
        }
        if !matches!(last, None | Some(' ')) {
            self.text(" ");
        }
        self.text(op);
        self.text(" ");
    }

    /// A space, unless one is there already (or nothing is).
    fn space(&mut self) {
        if !matches!(self.last_char(), None | Some(' ')) {
            self.text(" ");
        }
    }

    /// End a line of a displayed formula: without the spaces at its end.
    fn finish_line(&mut self) {
        if let Some(Inline::Text(t)) = self.inlines.last_mut() {
            let kept = t.trim_end().len();
            t.truncate(kept);
        }
    }

    fn last_char(&self) -> Option<char> {
        let mut inline = self.inlines.last()?;
        loop {
            match inline {
                Inline::Text(t) => return t.chars().next_back(),
                Inline::Emphasis(c) | Inline::Strong(c) => inline = c.last()?,
                Inline::Span(s) => inline = s.content.last()?,
                _ => return None,
            }
        }
    }

    fn push(&mut self, inline: Inline) {
        match inline {
            Inline::Text(t) => self.text(&t),
            other => self.inlines.push(other),
        }
    }

    fn finish(mut self) -> Vec<Inline> {
        if let Some(Inline::Text(t)) = self.inlines.last_mut() {
            let trimmed = t.trim_end().len();
            t.truncate(trimmed);
        }
        if let Some(Inline::Text(t)) = self.inlines.first_mut() {
            *t = t.trim_start().to_string();
        }
        self.inlines
            .retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
        self.inlines
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
    unknown: Vec<String>,
    display: bool,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// Read until the end, or (`group`) the `}` that closes the group.
    fn sequence(&mut self, out: &mut Out, group: bool) {
        while let Some(c) = self.peek() {
            if c == '}' {
                self.at += 1;
                if group {
                    return;
                }
                continue;
            }
            self.atom(out);
        }
    }

    /// One item: a character, a command with its arguments, a group, a script.
    fn atom(&mut self, out: &mut Out) {
        let Some(c) = self.peek() else { return };
        self.at += 1;
        if self.depth >= MAX_DEPTH {
            // Too deep (`\sqrt\sqrt\sqrt…`, braces in thousands): the rest as its characters.
            if !matches!(c, '{' | '}' | '\\' | '^' | '_') && !c.is_whitespace() {
                out.text(&c.to_string());
            }
            return;
        }
        self.depth += 1;
        self.atom_in(c, out);
        self.depth -= 1;
    }

    fn atom_in(&mut self, c: char, out: &mut Out) {
        match c {
            '{' => self.group_into(out),
            '^' | '_' => {
                let script = self.argument();
                let kind = if c == '^' {
                    SpanKind::Superscript
                } else {
                    SpanKind::Subscript
                };
                if !script.is_empty() {
                    out.push(Span::inline(kind, script));
                }
            }
            '\\' => self.command(out),
            c if c.is_whitespace() || c == '~' => {}
            c if c.is_alphabetic() => out.italic(c),
            '-' => out.operator("−"),
            '+' | '=' | '<' | '>' => out.operator(&c.to_string()),
            '*' => out.operator("∗"),
            '\'' => out.text("′"),
            // An alignment point: a space between a matrix's columns, none before `&=`.
            '&' => out.space(),
            ',' | ';' => {
                out.text(&c.to_string());
                out.text("\u{2009}");
            }
            c => out.text(&c.to_string()),
        }
    }

    /// The content of a group just opened, added to `out`.
    fn group_into(&mut self, out: &mut Out) {
        self.sequence(out, true);
    }

    /// A command's argument (or a script's): a group, a command, or one character.
    fn argument(&mut self) -> Vec<Inline> {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        let mut out = Out::default();
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.group_into(&mut out);
            }
            Some(_) => self.atom(&mut out),
            None => {}
        }
        out.finish()
    }

    /// An argument read as text (`\text{two words}`): its characters as written, spaces kept.
    fn text_argument(&mut self) -> String {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        if self.peek() != Some('{') {
            return self
                .peek()
                .map(|c| {
                    self.at += 1;
                    c.to_string()
                })
                .unwrap_or_default();
        }
        self.at += 1;
        let mut depth = 1;
        let mut text = String::new();
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                '\\' => {
                    // An escaped character (`\%`, `\_`) stands for itself.
                    if let Some(n) = self.peek().filter(|n| !n.is_alphabetic()) {
                        self.at += 1;
                        text.push(n);
                    }
                    continue;
                }
                c => text.push(c),
            }
        }
        text
    }

    /// An optional argument, `[n]`.
    fn optional(&mut self) -> Option<String> {
        if self.peek() != Some('[') {
            return None;
        }
        let end = self.chars[self.at..].iter().position(|&c| c == ']')?;
        let text: String = self.chars[self.at + 1..self.at + end].iter().collect();
        self.at += end + 1;
        Some(text)
    }

    fn command(&mut self, out: &mut Out) {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        if self.at == start {
            // A control symbol: `\{`, `\,`, `\\`.
            let Some(c) = self.peek() else { return };
            self.at += 1;
            match c {
                ',' | ':' | '>' => out.text("\u{2009}"),
                ';' | ' ' => out.text(" "),
                '!' => {}
                '\\' if self.display => {
                    out.finish_line();
                    out.push(Inline::HardBreak);
                }
                '\\' => out.text("; "),
                '|' => out.text("‖"),
                c => out.text(&c.to_string()),
            }
            return;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        if let Some(symbol) = symbol(&name) {
            return match symbol {
                Symbol::Ordinary(s) => out.text(s),
                Symbol::Letter(s) => s.chars().for_each(|c| out.italic(c)),
                Symbol::Operator(s) => out.operator(s),
            };
        }
        if FUNCTIONS.contains(&name.as_str()) {
            out.text(&name);
            out.text("\u{2009}");
            return;
        }
        match name.as_str() {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let num = self.argument();
                let den = self.argument();
                push_fraction_part(out, num);
                out.text("/");
                push_fraction_part(out, den);
            }
            "sqrt" => {
                if let Some(n) = self.optional() {
                    out.push(Span::inline(SpanKind::Superscript, vec![Inline::Text(n)]));
                }
                out.text("√");
                let arg = self.argument();
                push_fraction_part(out, arg);
            }
            "text" | "textrm" | "textup" | "mathrm" | "operatorname" | "mbox" | "textnormal"
            | "mathsf" | "texttt" | "mathtt" => {
                let text = self.text_argument();
                out.text(&text);
            }
            "mathbf" | "textbf" | "boldsymbol" | "bm" | "pmb" => {
                let arg = self.argument();
                out.push(Inline::Strong(arg));
            }
            "mathit" | "textit" | "emph" => {
                let text = self.text_argument();
                out.push(Inline::Emphasis(vec![Inline::Text(text)]));
            }
            "mathbb" | "mathcal" | "mathscr" | "mathfrak" => {
                let text = self.text_argument();
                let shown: String = text.chars().map(|c| alphabet(&name, c)).collect();
                out.text(&shown);
            }
            "hat" | "widehat" | "bar" | "overline" | "vec" | "tilde" | "widetilde" | "dot"
            | "ddot" => {
                let mark = match name.as_str() {
                    "hat" | "widehat" => '\u{0302}',
                    "bar" | "overline" => '\u{0305}',
                    "vec" => '\u{20D7}',
                    "tilde" | "widetilde" => '\u{0303}',
                    "dot" => '\u{0307}',
                    _ => '\u{0308}',
                };
                let mut arg = self.argument();
                add_mark(&mut arg, mark);
                arg.into_iter().for_each(|i| out.push(i));
            }
            "begin" | "end" => {
                let env = self.text_argument();
                let (open, close) = match env.trim_end_matches('*') {
                    "pmatrix" => ("(", ")"),
                    "bmatrix" => ("[", "]"),
                    "vmatrix" => ("|", "|"),
                    "cases" => ("{", ""),
                    _ => ("", ""),
                };
                out.text(if name == "begin" { open } else { close });
            }
            "quad" | "qquad" | "enspace" | "thinspace" | "medspace" | "thickspace" => out.text(" "),
            "left" | "right" | "big" | "Big" | "bigg" | "Bigg" | "bigl" | "bigr" | "Bigl"
            | "Bigr" | "biggl" | "biggr" | "displaystyle" | "textstyle" | "scriptstyle"
            | "limits" | "nolimits" | "nonumber" | "notag" | "middle" => {
                if matches!(name.as_str(), "left" | "right" | "middle") && self.peek() == Some('.')
                {
                    self.at += 1;
                }
            }
            "label" | "tag" => {
                // A label is for cross-references; a tag numbers a display, in parentheses.
                let text = self.text_argument();
                if name == "tag" {
                    out.text(&format!("  ({text})"));
                }
            }
            _ => {
                self.unknown.push(name.clone());
                out.text(&name);
            }
        }
    }
}

/// A fraction's numerator or denominator: in parentheses when it is more than one term (an
/// operator, spaced, or a slash outside the parentheses it has): (a + b)/2, but n(n + 1)/2.
fn push_fraction_part(out: &mut Out, part: Vec<Inline>) {
    let text = crate::document::plain_text(&part);
    let mut depth = 0i32;
    let mut simple = true;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ' ' | '/' if depth <= 0 => simple = false,
            _ => {}
        }
    }
    if !simple {
        out.text("(");
    }
    part.into_iter().for_each(|i| out.push(i));
    if !simple {
        out.text(")");
    }
}

/// Put the combining `mark` over each character of the last text in `inlines`.
fn add_mark(inlines: &mut [Inline], mark: char) {
    let Some(last) = inlines.last_mut() else {
        return;
    };
    match last {
        Inline::Text(t) => {
            *t = t.chars().flat_map(|c| [c, mark]).collect();
        }
        Inline::Emphasis(c) | Inline::Strong(c) => add_mark(c, mark),
        Inline::Span(s) => add_mark(&mut s.content, mark),
        _ => {}
    }
}

/// The characters of TeX's symbol commands and alphabets.
#[path = "tex_math_symbols.rs"]
mod symbols;
use symbols::{FUNCTIONS, Symbol, alphabet, symbol};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::plain_text;

    fn text(tex: &str) -> String {
        plain_text(&convert(tex, false).inlines)
    }

    #[test]
    fn formulas_read_as_text_without_tex() {
        assert_eq!(text("E = mc^2"), "E = mc2");
        assert_eq!(text(r"\alpha + \beta \leq \gamma"), "α + β ≤ γ");
        assert_eq!(text(r"\frac{a+b}{2}"), "(a + b)/2");
        assert_eq!(text(r"\frac{n(n+1)}{2}"), "n(n + 1)/2");
        assert_eq!(text(r"\frac{\sqrt{\pi}}{2}"), "√π/2");
        assert_eq!(text(r"\sqrt{x}"), "√x");
        assert_eq!(text(r"x \in \mathbb{R}"), "x ∈ ℝ");
        assert_eq!(text(r"\text{if } x > 0"), "if x > 0");
        assert_eq!(text(r"-x"), "−x");
        assert_eq!(text(r"\sin x"), "sin\u{2009}x");
        assert_eq!(text(r"\left( x \right)"), "(x)");
        assert_eq!(text(r"\sum_{i=1}^{n} i"), "∑i = 1ni");
        assert_eq!(text(r"\mathbb{1}_A"), "𝟙A");
        let rows = convert(r"\begin{aligned} a &= b \\ c &= d \end{aligned}", true);
        assert_eq!(plain_text(&rows.inlines), "a = b c = d");
        assert!(rows.inlines.contains(&Inline::HardBreak), "a line each");
    }

    #[test]
    fn letters_are_italic_scripts_raised() {
        let c = convert("x^2", false);
        assert_eq!(
            c.inlines,
            vec![
                Inline::Emphasis(vec![Inline::Text("x".into())]),
                Span::inline(SpanKind::Superscript, vec![Inline::Text("2".into())]),
            ]
        );
    }

    #[test]
    fn unknown_commands_are_named_and_reported() {
        let c = convert(r"\foo{x}", false);
        assert_eq!(plain_text(&c.inlines), "foox");
        assert_eq!(c.unknown, ["foo"]);
    }

    #[test]
    fn deep_or_unbalanced_braces_end() {
        let deep = "{".repeat(10_000) + "x" + &"}".repeat(10_000);
        let _ = convert(&deep, true);
        let _ = convert("{{{x", true);
        let _ = convert(r"\frac{", true);
        let _ = convert(r"\sqrt[3", true);
        let _ = convert("\\", true);
        let chain = r"\sqrt".repeat(50_000) + "x";
        let _ = convert(&chain, true);
    }
}
