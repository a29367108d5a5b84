//! Turning a word into what the per-language syllabifiers work on: hyphen-free parts made of
//! letters, each letter with its byte offset in the word, its lower-case form (for exception
//! lookup) and its accent-free lower-case base (for syllable rules). This module also owns the
//! rules common to every language: which words get no points at all, the two-letter minimum at
//! each edge of a part, and the final well-formedness check of the pieces between breaks.

use super::casing;

/// One letter of a word: a base character plus any combining marks written after it.
#[derive(Debug, Clone)]
pub(crate) struct Letter {
    /// Byte offset of the letter's first character inside the word.
    pub byte: usize,
    /// The letter lower-cased by the language's rules, marks included, for exact comparison.
    pub lower: String,
    /// Lower-case Latin base without diacritics (`ü` → `u`, `ı` → `i`, `ş` → `s`), used by the
    /// syllable rules, which only care whether a letter is a vowel and which consonant it is.
    pub base: char,
    /// Whether the letter was written in upper case.
    pub upper: bool,
}

/// A run of letters between explicit hyphens or apostrophes.
pub(crate) type Part = Vec<Letter>;

/// Characters that separate the parts of one word. The break at an explicit hyphen belongs to
/// the caller; Turkish writes an apostrophe before the suffixes of a proper noun (İstanbul'da)
/// and TDK breaks there without adding a hyphen, so neither is ever returned as a point.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}' | '\u{02BC}'
    )
}

/// Combining diacritical marks: they belong to the letter before them, so a break can never fall
/// between a letter and its accent (decomposed `ü` is `u` + U+0308).
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The accent-free Latin base of a lower-case letter, or `None` for letters the syllable rules
/// do not know (other scripts, ligatures such as `æ`): words containing them get no points.
pub(crate) fn latin_base(c: char) -> Option<char> {
    let base = match c {
        'a'..='z' => c,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => return None,
    };
    Some(base)
}

/// Whether an accent-free base letter is a vowel letter. `y` and `w` are consonants in both
/// Indonesian (ya, wa) and Turkish.
pub(crate) fn is_vowel(base: char) -> bool {
    matches!(base, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Splits `word` into parts of letters. Returns `None` when the word must get no points at all:
/// it contains a digit, or a character that is neither a letter, a combining mark nor a
/// separator (the caller strips surrounding punctuation, so anything left is not prose).
pub(crate) fn parts(word: &str, turkic: bool) -> Option<Vec<Part>> {
    let mut parts = vec![Vec::new()];
    for (byte, c) in word.char_indices() {
        if is_separator(c) {
            parts.push(Vec::new());
        } else if is_combining_mark(c) {
            let letter: &mut Letter = parts.last_mut()?.last_mut()?;
            // Turkish İ may arrive decomposed as I + U+0307; its lower case is plain i.
            if turkic && c == '\u{0307}' && letter.lower == "ı" {
                letter.lower = "i".to_string();
            } else {
                letter.lower.push(c);
            }
        } else if c.is_alphabetic() {
            let lower = casing::lower_char(turkic, c);
            let base = latin_base(lower.chars().next()?)?;
            parts.last_mut()?.push(Letter {
                byte,
                lower,
                base,
                upper: c.is_uppercase(),
            });
        } else {
            return None;
        }
    }
    Some(parts)
}

/// Whether a part is an acronym or written in capitals (NATO, PfP, KAZCENT): more than one
/// upper-case letter, or a capital after a lower-case letter. Such parts get no points;
/// proper nouns with one initial capital are hyphenated like any word.
pub(crate) fn is_acronym(part: &[Letter]) -> bool {
    let uppers = part.iter().filter(|l| l.upper).count();
    let capital_inside = part.windows(2).any(|w| !w[0].upper && w[1].upper);
    uppers > 1 || capital_inside
}

/// The accent-free bases of a part, which is all the syllable rules look at.
pub(crate) fn bases(part: &[Letter]) -> Vec<char> {
    part.iter().map(|l| l.base).collect()
}

/// Keeps the breaks (letter indices, ascending) that leave at least two letters on each side:
/// PUEBI and TDK both forbid a single letter alone at the end or start of a line.
pub(crate) fn keep_two_letter_edges(breaks: &[usize], len: usize) -> Vec<usize> {
    breaks
        .iter()
        .copied()
        .filter(|&b| b >= 2 && b + 2 <= len)
        .collect()
}

/// What a language says about the pieces a word is cut into.
pub(crate) trait PieceRules {
    /// Whether `onset` (the letters before the first vowel of a piece that is not the word's
    /// first) may begin a syllable.
    fn legal_onset(&self, onset: &[char]) -> bool;
    /// Whether `coda` (the letters after the last vowel of a piece that is not the word's
    /// last) may end a syllable.
    fn legal_coda(&self, coda: &[char]) -> bool;
}

/// The last line of defence against a wrong break: drops every break that would leave a piece
/// without a vowel, or start a piece with a cluster the language cannot begin a syllable with,
/// or end one with a cluster it cannot close a syllable with. Pieces are checked in order and a
/// rejected break merges two pieces, so what remains is always a sequence of well-formed pieces.
pub(crate) fn well_formed(bases: &[char], breaks: &[usize], rules: &dyn PieceRules) -> Vec<usize> {
    let has_vowel = |s: &[char]| s.iter().any(|&c| is_vowel(c));
    let onset = |s: &[char]| -> usize { s.iter().take_while(|&&c| !is_vowel(c)).count() };
    let coda = |s: &[char]| -> usize { s.iter().rev().take_while(|&&c| !is_vowel(c)).count() };
    let mut kept = Vec::new();
    let mut start = 0;
    for &b in breaks {
        if b <= start || b >= bases.len() {
            continue;
        }
        let (left, right) = (&bases[start..b], &bases[b..]);
        let left_ok = has_vowel(left) && rules.legal_coda(&left[left.len() - coda(left)..]);
        let right_ok = has_vowel(right) && rules.legal_onset(&right[..onset(right)]);
        if left_ok && right_ok {
            kept.push(b);
            start = b;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_carry_byte_offsets_and_marks() {
        let parts = parts("İs\u{0308}x-ab", true).unwrap();
        assert_eq!(parts.len(), 2);
        let first: Vec<usize> = parts[0].iter().map(|l| l.byte).collect();
        assert_eq!(first, vec![0, 2, 5]);
        assert_eq!(parts[0][0].lower, "i");
        assert_eq!(parts[0][1].lower, "s\u{0308}");
        assert_eq!(parts[1][0].byte, 7);
    }

    #[test]
    fn decomposed_dotted_capital_i_lowers_to_i_in_turkish() {
        let parts = parts("I\u{0307}stanbul", true).unwrap();
        assert_eq!(parts[0][0].lower, "i");
        let parts = super::parts("Istanbul", true).unwrap();
        assert_eq!(parts[0][0].lower, "ı");
    }

    #[test]
    fn digits_symbols_and_other_scripts_refuse() {
        assert!(parts("abad21", false).is_none());
        assert!(parts("a&b", false).is_none());
        assert!(parts("слово", false).is_none());
        assert!(parts("\u{0301}abc", false).is_none());
    }

    #[test]
    fn acronyms() {
        let acr = |w: &str| is_acronym(&parts(w, false).unwrap()[0]);
        assert!(acr("NATO"));
        assert!(acr("PfP"));
        assert!(acr("iPhone"));
        assert!(!acr("Kazakhstan"));
        assert!(!acr("negara"));
    }

    #[test]
    fn two_letter_edges() {
        assert_eq!(keep_two_letter_edges(&[1, 2, 3, 4], 6), vec![2, 3, 4]);
        assert_eq!(keep_two_letter_edges(&[1, 2], 3), Vec::<usize>::new());
    }
}
