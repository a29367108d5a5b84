//! Right-to-left script inside left-to-right text: where its stretches are, so that each is
//! shaped right to left on its own and set where it stands (a Hebrew word or an Arabic phrase
//! in an English sentence or a line of code). A simplification of the Unicode bidirectional
//! algorithm (UAX #9) for text whose paragraph direction is left to right: spaces and
//! punctuation between two right-to-left letters belong to their stretch, digits and Latin
//! letters end it.

use std::ops::Range;

/// Whether `c` is a letter of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko,
/// Samaritan, Mandaic, and their presentation forms and historic scripts).
pub fn is_rtl(c: char) -> bool {
    matches!(
        c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
    ) && !c.is_whitespace()
}

/// Whether `c` takes its direction from the text around it: spaces, punctuation, marks.
fn is_neutral(c: char) -> bool {
    !c.is_alphanumeric() && !is_rtl(c)
}

/// `text` cut into stretches, left to right then right to left in turn, in text order; one
/// stretch (the whole) when it holds no right-to-left letter.
pub fn runs(text: &str) -> Vec<Range<usize>> {
    if !text.chars().any(is_rtl) {
        return std::iter::once(0..text.len()).collect();
    }
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    // The right-to-left stretch open, and where its last right-to-left letter ends.
    let mut rtl: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if is_rtl(c) {
            match &mut rtl {
                Some((_, last)) => *last = end,
                None => {
                    if i > start {
                        out.push(start..i);
                    }
                    rtl = Some((i, end));
                }
            }
        } else if !is_neutral(c)
            && let Some((from, last)) = rtl.take()
        {
            // A left-to-right letter or a digit: the stretch ends at its last letter; the
            // neutrals after it go left to right.
            out.push(from..last);
            start = last;
        }
    }
    match rtl {
        Some((from, last)) => {
            out.push(from..last);
            if last < text.len() {
                out.push(last..text.len());
            }
        }
        None => {
            if start < text.len() {
                out.push(start..text.len());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Vec<&str> {
        runs(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn phrases_of_hebrew_and_arabic_are_stretches_of_their_own() {
        assert_eq!(parts("let s = \"Hello\";"), ["let s = \"Hello\";"]);
        assert_eq!(parts("שלום"), ["שלום"]);
        assert_eq!(
            parts("let s = \"السلام عليكم\";"),
            ["let s = \"", "السلام عليكم", "\";"]
        );
        assert_eq!(
            parts("Hebrew שלום עולם, 2024."),
            ["Hebrew ", "שלום עולם", ", 2024."]
        );
        // A digit ends the stretch: numbers read left to right.
        assert_eq!(parts("שלום 123 עולם"), ["שלום", " 123 ", "עולם"]);
    }
}
