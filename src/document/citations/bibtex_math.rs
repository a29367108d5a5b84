//! TeX math in a bibliography field (`1 m$^{3}$`, `$\alpha$-decay`) as text with markup, the way
//! pandoc's HTML writer shows math it cannot render otherwise: letters in italics, `^`/`_` as
//! raised and lowered text, Greek letters and common symbols as their characters. Math with
//! anything else stays as written, dollars and all.

/// The markup for `tex`, or `None` when it holds a command this does not know.
pub(super) fn markup(tex: &str) -> Option<String> {
    let chars: Vec<char> = tex.chars().collect();
    let mut out = String::new();
    let mut pos = 0;
    while pos < chars.len() {
        pos = atom(&chars, pos, &mut out, false)?;
    }
    Some(out)
}

/// Write the atom at `pos` (a character, a `{…}` group, a command with its argument, or a
/// script) and return the position after it. `upright`: inside `\mathrm`/`\text`.
fn atom(chars: &[char], pos: usize, out: &mut String, upright: bool) -> Option<usize> {
    let c = chars[pos];
    match c {
        '{' => {
            let end = group_end(chars, pos)?;
            let mut p = pos + 1;
            while p < end {
                p = atom(chars, p, out, upright)?;
            }
            Some(end + 1)
        }
        '^' | '_' => {
            let (open, close) = if c == '^' {
                ("<sup>", "</sup>")
            } else {
                ("<sub>", "</sub>")
            };
            out.push_str(open);
            let next = skip_spaces(chars, pos + 1);
            let after = if next < chars.len() {
                atom(chars, next, out, upright)?
            } else {
                next
            };
            out.push_str(close);
            Some(after)
        }
        '\\' => command(chars, pos, out, upright),
        c if c.is_whitespace() => Some(pos + 1),
        c if c.is_alphabetic() && !upright => {
            out.push_str("<i>");
            out.push(c);
            out.push_str("</i>");
            Some(pos + 1)
        }
        '<' => {
            operator(out, "&lt;");
            Some(pos + 1)
        }
        '>' => {
            operator(out, "&gt;");
            Some(pos + 1)
        }
        '-' => {
            operator(out, "\u{2212}");
            Some(pos + 1)
        }
        '=' | '+' => {
            operator(out, &c.to_string());
            Some(pos + 1)
        }
        '}' => None,
        c => {
            out.push(c);
            Some(pos + 1)
        }
    }
}

fn command(chars: &[char], pos: usize, out: &mut String, upright: bool) -> Option<usize> {
    let start = pos + 1;
    let mut end = start;
    while end < chars.len() && chars[end].is_ascii_alphabetic() {
        end += 1;
    }
    if end == start {
        // `\,` `\;` `\ ` a space; `\%` `\{` the character.
        let c = *chars.get(start)?;
        match c {
            ',' | ';' | ':' | ' ' => out.push('\u{2009}'),
            '%' | '{' | '}' | '$' | '#' | '&' => out.push(c),
            _ => return None,
        }
        return Some(start + 1);
    }
    let name: String = chars[start..end].iter().collect();
    match name.as_str() {
        "mathrm" | "text" | "textrm" | "mbox" | "operatorname" => {
            let arg = skip_spaces(chars, end);
            if chars.get(arg) != Some(&'{') {
                return None;
            }
            atom(chars, arg, out, true)
        }
        "mathit" | "mathbf" => {
            let arg = skip_spaces(chars, end);
            atom(chars, arg, out, upright)
        }
        _ => {
            let (symbol, italic) = symbol(&name)?;
            if OPERATORS.contains(&name.as_str()) {
                operator(out, &symbol.to_string());
            } else if italic && !upright {
                out.push_str("<i>");
                out.push(symbol);
                out.push_str("</i>");
            } else {
                out.push(symbol);
            }
            Some(end)
        }
    }
}

/// Commands set with space around them, as binary operators and relations are.
const OPERATORS: &[&str] = &[
    "times",
    "pm",
    "mp",
    "cdot",
    "le",
    "leq",
    "ge",
    "geq",
    "neq",
    "ne",
    "approx",
    "sim",
    "to",
    "rightarrow",
    "leftarrow",
];

/// A binary operator or relation: with a space each side, unless nothing comes before it
/// or only an opening (a sign: "−1", "10<sup>−3</sup>", "(−2)").
fn operator(out: &mut String, op: &str) {
    if out.is_empty() || out.ends_with("<sup>") || out.ends_with("<sub>") || out.ends_with('(') {
        out.push_str(op);
    } else {
        out.push(' ');
        out.push_str(op);
        out.push(' ');
    }
}

/// A command's character, and whether it is set in italics (lower-case Greek, as pandoc).
fn symbol(name: &str) -> Option<(char, bool)> {
    const GREEK: &[(&str, char)] = &[
        ("alpha", 'α'),
        ("beta", 'β'),
        ("gamma", 'γ'),
        ("delta", 'δ'),
        ("epsilon", 'ϵ'),
        ("varepsilon", 'ε'),
        ("zeta", 'ζ'),
        ("eta", 'η'),
        ("theta", 'θ'),
        ("iota", 'ι'),
        ("kappa", 'κ'),
        ("lambda", 'λ'),
        ("mu", 'μ'),
        ("nu", 'ν'),
        ("xi", 'ξ'),
        ("pi", 'π'),
        ("rho", 'ρ'),
        ("sigma", 'σ'),
        ("tau", 'τ'),
        ("upsilon", 'υ'),
        ("phi", 'ϕ'),
        ("varphi", 'φ'),
        ("chi", 'χ'),
        ("psi", 'ψ'),
        ("omega", 'ω'),
    ];
    const UPRIGHT: &[(&str, char)] = &[
        ("Gamma", 'Γ'),
        ("Delta", 'Δ'),
        ("Theta", 'Θ'),
        ("Lambda", 'Λ'),
        ("Xi", 'Ξ'),
        ("Pi", 'Π'),
        ("Sigma", 'Σ'),
        ("Upsilon", 'Υ'),
        ("Phi", 'Φ'),
        ("Psi", 'Ψ'),
        ("Omega", 'Ω'),
        ("times", '×'),
        ("pm", '±'),
        ("mp", '∓'),
        ("cdot", '⋅'),
        ("le", '≤'),
        ("leq", '≤'),
        ("ge", '≥'),
        ("geq", '≥'),
        ("neq", '≠'),
        ("ne", '≠'),
        ("approx", '≈'),
        ("sim", '∼'),
        ("infty", '∞'),
        ("circ", '∘'),
        ("prime", '′'),
        ("to", '→'),
        ("rightarrow", '→'),
        ("leftarrow", '←'),
        ("ell", 'ℓ'),
        ("partial", '∂'),
        ("nabla", '∇'),
        ("sqrt", '√'),
    ];
    if let Some((_, c)) = GREEK.iter().find(|(n, _)| *n == name) {
        return Some((*c, true));
    }
    UPRIGHT
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| (*c, false))
}

fn skip_spaces(chars: &[char], mut pos: usize) -> usize {
    while pos < chars.len() && chars[pos].is_whitespace() {
        pos += 1;
    }
    pos
}

/// The position of the `}` closing the group opened at `open`.
fn group_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}
