//! The characters TeX's math commands stand for (part of `tex_math`): Greek letters,
//! operators and relations, big operators and delimiters, upright function names, and the
//! letters of `\mathbb`, `\mathcal` and `\mathfrak`, from Unicode's mathematical
//! alphanumerics.

/// A letter in one of the alphabets of `\mathbb` (double-struck: ℝ), `\mathcal` and `\mathscr`
/// (script: 𝒜), `\mathfrak` (Fraktur: 𝔄), from Unicode's mathematical alphanumerics; the
/// letters Unicode placed earlier (ℂ ℍ ℕ ℙ ℚ ℝ ℤ, ℬ ℰ ℱ ℋ ℐ ℒ ℳ ℛ, ℭ ℌ ℑ ℜ ℨ) where they are.
pub(super) fn alphabet(command: &str, c: char) -> char {
    let early = match (command, c) {
        ("mathbb", 'C') => Some('ℂ'),
        ("mathbb", 'H') => Some('ℍ'),
        ("mathbb", 'N') => Some('ℕ'),
        ("mathbb", 'P') => Some('ℙ'),
        ("mathbb", 'Q') => Some('ℚ'),
        ("mathbb", 'R') => Some('ℝ'),
        ("mathbb", 'Z') => Some('ℤ'),
        ("mathcal" | "mathscr", 'B') => Some('ℬ'),
        ("mathcal" | "mathscr", 'E') => Some('ℰ'),
        ("mathcal" | "mathscr", 'F') => Some('ℱ'),
        ("mathcal" | "mathscr", 'H') => Some('ℋ'),
        ("mathcal" | "mathscr", 'I') => Some('ℐ'),
        ("mathcal" | "mathscr", 'L') => Some('ℒ'),
        ("mathcal" | "mathscr", 'M') => Some('ℳ'),
        ("mathcal" | "mathscr", 'R') => Some('ℛ'),
        ("mathfrak", 'C') => Some('ℭ'),
        ("mathfrak", 'H') => Some('ℌ'),
        ("mathfrak", 'I') => Some('ℑ'),
        ("mathfrak", 'R') => Some('ℜ'),
        ("mathfrak", 'Z') => Some('ℨ'),
        _ => None,
    };
    if let Some(e) = early {
        return e;
    }
    let base = match command {
        "mathbb" => 0x1D538,
        "mathfrak" => 0x1D504,
        _ => 0x1D49C,
    };
    if c.is_ascii_uppercase() {
        char::from_u32(base + (c as u32 - 'A' as u32)).unwrap_or(c)
    } else if command == "mathbb" && c.is_ascii_digit() {
        // 𝟙 (the indicator function's one), 𝟘…
        char::from_u32(0x1D7D8 + (c as u32 - '0' as u32)).unwrap_or(c)
    } else {
        c
    }
}

pub(super) enum Symbol {
    /// Set upright, as it is.
    Ordinary(&'static str),
    /// A letter, italic (lower-case Greek, as TeX sets it).
    Letter(&'static str),
    /// A binary operator or a relation: spaced.
    Operator(&'static str),
}

/// Functions TeX sets upright (`\sin x`), with a thin space after.
pub(super) const FUNCTIONS: &[&str] = &[
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "coth", "log", "ln", "lg", "exp", "lim", "liminf", "limsup", "max", "min", "sup", "inf", "det",
    "dim", "ker", "deg", "gcd", "arg", "hom", "Pr", "mod", "bmod", "argmax", "argmin",
];

pub(super) fn symbol(name: &str) -> Option<Symbol> {
    use Symbol::*;
    let greek = [
        ("alpha", "α"),
        ("beta", "β"),
        ("gamma", "γ"),
        ("delta", "δ"),
        ("epsilon", "ϵ"),
        ("varepsilon", "ε"),
        ("zeta", "ζ"),
        ("eta", "η"),
        ("theta", "θ"),
        ("vartheta", "ϑ"),
        ("iota", "ι"),
        ("kappa", "κ"),
        ("lambda", "λ"),
        ("mu", "μ"),
        ("nu", "ν"),
        ("xi", "ξ"),
        ("pi", "π"),
        ("varpi", "ϖ"),
        ("rho", "ρ"),
        ("varrho", "ϱ"),
        ("sigma", "σ"),
        ("varsigma", "ς"),
        ("tau", "τ"),
        ("upsilon", "υ"),
        ("phi", "ϕ"),
        ("varphi", "φ"),
        ("chi", "χ"),
        ("psi", "ψ"),
        ("omega", "ω"),
    ];
    if let Some((_, s)) = greek.iter().find(|(n, _)| *n == name) {
        return Some(Letter(s));
    }
    Some(match name {
        "Gamma" => Ordinary("Γ"),
        "Delta" => Ordinary("Δ"),
        "Theta" => Ordinary("Θ"),
        "Lambda" => Ordinary("Λ"),
        "Xi" => Ordinary("Ξ"),
        "Pi" => Ordinary("Π"),
        "Sigma" => Ordinary("Σ"),
        "Upsilon" => Ordinary("Υ"),
        "Phi" => Ordinary("Φ"),
        "Psi" => Ordinary("Ψ"),
        "Omega" => Ordinary("Ω"),
        "times" => Operator("×"),
        "cdot" => Operator("·"),
        "div" => Operator("÷"),
        "pm" => Operator("±"),
        "mp" => Operator("∓"),
        "ast" => Operator("∗"),
        "star" => Operator("⋆"),
        "circ" => Operator("∘"),
        "bullet" => Operator("•"),
        "oplus" => Operator("⊕"),
        "otimes" => Operator("⊗"),
        "cup" => Operator("∪"),
        "cap" => Operator("∩"),
        "setminus" => Operator("∖"),
        "wedge" | "land" => Operator("∧"),
        "vee" | "lor" => Operator("∨"),
        "leq" | "le" => Operator("≤"),
        "geq" | "ge" => Operator("≥"),
        "neq" | "ne" => Operator("≠"),
        "ll" => Operator("≪"),
        "gg" => Operator("≫"),
        "approx" => Operator("≈"),
        "equiv" => Operator("≡"),
        "sim" => Operator("∼"),
        "simeq" => Operator("≃"),
        "cong" => Operator("≅"),
        "propto" => Operator("∝"),
        "in" => Operator("∈"),
        "notin" => Operator("∉"),
        "ni" => Operator("∋"),
        "subset" => Operator("⊂"),
        "subseteq" => Operator("⊆"),
        "supset" => Operator("⊃"),
        "supseteq" => Operator("⊇"),
        "perp" => Operator("⊥"),
        "parallel" => Operator("∥"),
        "mid" => Operator("|"),
        "to" | "rightarrow" => Operator("→"),
        "gets" | "leftarrow" => Operator("←"),
        "Rightarrow" | "implies" => Operator("⇒"),
        "Leftarrow" => Operator("⇐"),
        "Leftrightarrow" | "iff" => Operator("⇔"),
        "leftrightarrow" => Operator("↔"),
        "mapsto" => Operator("↦"),
        "longrightarrow" => Operator("⟶"),
        "Longrightarrow" => Operator("⟹"),
        "infty" => Ordinary("∞"),
        "partial" => Ordinary("∂"),
        "nabla" => Ordinary("∇"),
        "sum" => Ordinary("∑"),
        "prod" => Ordinary("∏"),
        "coprod" => Ordinary("∐"),
        "int" => Ordinary("∫"),
        "iint" => Ordinary("∬"),
        "oint" => Ordinary("∮"),
        "bigcup" => Ordinary("⋃"),
        "bigcap" => Ordinary("⋂"),
        "forall" => Ordinary("∀"),
        "exists" => Ordinary("∃"),
        "nexists" => Ordinary("∄"),
        "neg" | "lnot" => Ordinary("¬"),
        "emptyset" | "varnothing" => Ordinary("∅"),
        "ldots" | "dots" | "dotsc" | "dotsb" => Ordinary("…"),
        "cdots" => Ordinary("⋯"),
        "vdots" => Ordinary("⋮"),
        "ddots" => Ordinary("⋱"),
        "prime" => Ordinary("′"),
        "angle" => Ordinary("∠"),
        "triangle" => Ordinary("△"),
        "degree" => Ordinary("°"),
        "hbar" => Ordinary("ℏ"),
        "ell" => Ordinary("ℓ"),
        "Re" => Ordinary("ℜ"),
        "Im" => Ordinary("ℑ"),
        "aleph" => Ordinary("ℵ"),
        "langle" => Ordinary("⟨"),
        "rangle" => Ordinary("⟩"),
        "lfloor" => Ordinary("⌊"),
        "rfloor" => Ordinary("⌋"),
        "lceil" => Ordinary("⌈"),
        "rceil" => Ordinary("⌉"),
        "lvert" | "rvert" | "vert" => Ordinary("|"),
        "lVert" | "rVert" | "Vert" => Ordinary("‖"),
        "lbrace" => Ordinary("{"),
        "rbrace" => Ordinary("}"),
        "backslash" => Ordinary("\\"),
        "percent" => Ordinary("%"),
        "colon" => Ordinary(":"),
        _ => return None,
    })
}
