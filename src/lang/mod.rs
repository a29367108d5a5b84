//! TEMPORARY stand-in with the agreed API; replaced by the lang branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Indonesian,
    Turkish,
    Other,
}
impl Language {
    pub fn from_tag(tag: &str) -> Language {
        let p = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        match p.as_str() {
            "id" | "in" => Language::Indonesian,
            "tr" => Language::Turkish,
            _ => Language::Other,
        }
    }
    pub fn hyphenation_points(self, word: &str) -> Vec<usize> {
        if self == Language::Other || word.chars().any(|c| !c.is_alphabetic()) {
            return vec![];
        }
        let v = |c: char| "aeiouıöüâîûAEIOUIÖÜÂÎÛ".contains(c);
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let mut out = vec![];
        for i in 2..chars.len().saturating_sub(2) {
            // V-CV
            if !v(chars[i].1) && v(chars[i - 1].1) && v(chars[i + 1].1) {
                out.push(chars[i].0);
            }
        }
        out
    }
    pub fn to_upper(self, s: &str) -> String {
        s.to_uppercase()
    }
    pub fn to_lower(self, s: &str) -> String {
        s.to_lowercase()
    }
    pub fn quotes(self) -> ((char, char), (char, char)) {
        (('“', '”'), ('‘', '’'))
    }
    pub fn avoid_fi_ligature(self) -> bool {
        self == Language::Turkish
    }
}
pub struct Hyphenator {
    lang: Language,
}
impl Hyphenator {
    pub fn new(lang: Language, _exceptions: &[String]) -> Hyphenator {
        Hyphenator { lang }
    }
    pub fn points(&self, word: &str) -> Vec<usize> {
        self.lang.hyphenation_points(word)
    }
}
pub fn show_points(word: &str, points: &[usize]) -> String {
    let mut s = String::new();
    let mut last = 0;
    for &p in points {
        s.push_str(&word[last..p]);
        s.push('-');
        last = p;
    }
    s.push_str(&word[last..]);
    s
}
