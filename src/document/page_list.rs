//! Where the print edition's pages begin in the text: what the typesetter hands the EPUB so
//! that its page list (EPUB Accessibility 1.1, "page navigation") leads to the same places as
//! the printed page numbers. Plain data, made by `typeset` from the print edition's pages and
//! read by `epub`, which knows nothing of the typesetter: the pipeline carries it from one to
//! the other.

/// The first text of one page of the print edition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageStart {
    /// The page number as printed ("iii", "7").
    pub label: String,
    /// The chapter the page's first line belongs to (its index in the book); `None` for a
    /// page of the front matter (the contents).
    pub chapter: Option<usize>,
    /// The id of the last heading set at or above the page's first line in its chapter ("":
    /// none, the page is before the chapter's first heading): the text is looked for after it.
    pub section: String,
    /// Text the print edition sets before the page's first words that the EPUB does not have
    /// as text: a list item's bullet or number (an EPUB's `<ol>` numbers are the reader's).
    pub lead: String,
    /// The page's first words as set, a line or a few (the words of a line joined by spaces,
    /// the lines by line ends); empty when the page begins with no text (an image, a rule).
    pub text: String,
}

impl PageStart {
    /// The characters of `text` as the EPUB side compares them (see [`comparable`]).
    pub fn key(&self) -> Vec<char> {
        let mut key = Vec::with_capacity(self.text.len());
        comparable(&self.text, &mut key);
        key
    }

    /// How many of [`Self::key`]'s characters the first line gives.
    pub fn first_line(&self) -> usize {
        let mut line = Vec::new();
        comparable(self.text.lines().next().unwrap_or(""), &mut line);
        line.len()
    }
}

/// The characters of `s` that are compared when looking for a page's text in the EPUB,
/// appended to `out`: lower case, without white space (the PDF places words apart, the EPUB
/// has spaces and line ends), soft hyphens and invisible joiners (a line broken there shows a
/// hyphen the text does not have, or none).
pub fn comparable(s: &str, out: &mut Vec<char>) {
    for c in s.chars() {
        push_comparable(c, out);
    }
}

/// One character for [`comparable`].
pub fn push_comparable(c: char, out: &mut Vec<char>) {
    if c.is_whitespace() || is_invisible(c) {
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Characters that draw nothing and that a line break may take or leave.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_ignores_case_spaces_and_soft_hyphens() {
        let start = PageStart {
            text: "Kemi\u{ad}traan  untuk\nPerdamaian".into(),
            ..PageStart::default()
        };
        let key: String = start.key().into_iter().collect();
        assert_eq!(key, "kemitraanuntukperdamaian");
        let mut out = Vec::new();
        comparable("İçindekiler", &mut out);
        let mut same = Vec::new();
        comparable("i\u{307}çindekiler", &mut same);
        assert_eq!(out, same);
    }
}
