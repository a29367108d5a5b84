//! Case mapping by language. Turkish (and Azerbaijani, which shares the alphabet's four i's)
//! pairs dotted i with dotted İ and dotless ı with dotless I; Unicode's default mapping, which
//! Rust's `to_uppercase`/`to_lowercase` implement, pairs i with I and so turns "istanbul" into
//! "ISTANBUL" and "ILIK" into "ilik". Every other language uses the default mapping.

/// Upper-cases `s`; `turkic` selects the Turkish/Azerbaijani i mapping.
pub(crate) fn to_upper(turkic: bool, s: &str) -> String {
    if !turkic {
        return s.to_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut run_start = 0;
    for (i, c) in s.char_indices() {
        if c == 'i' {
            // Flush the run before as a whole so context-sensitive default mappings still apply.
            out.push_str(&s[run_start..i].to_uppercase());
            out.push('İ');
            run_start = i + c.len_utf8();
        }
    }
    out.push_str(&s[run_start..].to_uppercase());
    out
}

/// Lower-cases `s`; `turkic` selects the Turkish/Azerbaijani i mapping.
pub(crate) fn to_lower(turkic: bool, s: &str) -> String {
    if !turkic {
        return s.to_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut run_start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mapped = match c {
            'İ' => 'i',
            // İ may be written decomposed, I + COMBINING DOT ABOVE: that is i, dot and all.
            'I' if chars.peek().map(|&(_, n)| n) == Some('\u{0307}') => {
                chars.next();
                'i'
            }
            'I' => 'ı',
            _ => continue,
        };
        out.push_str(&s[run_start..i].to_lowercase());
        out.push(mapped);
        run_start = chars.peek().map_or(s.len(), |&(j, _)| j);
    }
    out.push_str(&s[run_start..].to_lowercase());
    out
}

/// Lower-case form of one character, for comparing words letter by letter.
pub(crate) fn lower_char(turkic: bool, c: char) -> String {
    match c {
        'I' if turkic => "ı".to_string(),
        'İ' if turkic => "i".to_string(),
        _ => c.to_lowercase().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turkish_upper_keeps_the_dot() {
        assert_eq!(to_upper(true, "istanbul ılık"), "İSTANBUL ILIK");
        assert_eq!(to_upper(true, "şişli çiğdem"), "ŞİŞLİ ÇİĞDEM");
    }

    #[test]
    fn default_upper_loses_the_dot() {
        assert_eq!(to_upper(false, "istanbul ılık"), "ISTANBUL ILIK");
    }

    #[test]
    fn turkish_lower_keeps_the_dotless() {
        assert_eq!(to_lower(true, "İSTANBUL ILIK"), "istanbul ılık");
        assert_eq!(to_lower(true, "DİYARBAKIR"), "diyarbakır");
        assert_eq!(to_lower(true, "I\u{0307}zmir"), "izmir");
    }

    #[test]
    fn default_lower() {
        assert_eq!(to_lower(false, "ISTANBUL ILIK"), "istanbul ilik");
        // Unicode's default lower case of İ keeps the dot as a combining mark.
        assert_eq!(to_lower(false, "İ"), "i\u{0307}");
    }

    #[test]
    fn context_sensitive_default_mappings_survive_in_turkish_runs() {
        // Final sigma is context-sensitive; the run around it is lowered as a whole.
        assert_eq!(to_lower(true, "ΟΔΟΣ I"), "οδο\u{03C2} ı");
        assert_eq!(to_upper(true, "straße i"), "STRASSE İ");
    }

    #[test]
    fn lower_char_by_language() {
        assert_eq!(lower_char(true, 'I'), "ı");
        assert_eq!(lower_char(true, 'İ'), "i");
        assert_eq!(lower_char(false, 'I'), "i");
        assert_eq!(lower_char(false, 'Ä'), "ä");
    }
}
