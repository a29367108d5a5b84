//! What terbit knows about languages: hyphenation, casing, quotation marks — one place per
//! language.
//!
//! This module owns the public API ([`Language`], [`Hyphenator`], [`show_points`]) and the
//! dispatch to the per-language rules: `indonesian` (PUEBI hyphenation), `turkish` (TDK
//! hyphenation), `casing` (Turkish dotted/dotless i), and `segment` (splitting a word into
//! letters and parts, and the rules shared by all languages). Other languages are hyphenated
//! by the TeX patterns typst's `hypher` carries (English, German, French, Spanish and 40 more;
//! only permissively licensed patterns, no GPL data).

pub mod bidi;
mod casing;
pub mod cjk;
mod indonesian;
mod segment;
mod turkish;
mod words;

pub use words::{Words, words};

use std::collections::HashMap;

use segment::Letter;

/// A language terbit knows something about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Indonesian,
    Turkish,
    /// A language whose hyphenation comes from TeX's patterns (through `hypher`).
    Patterns(hypher::Lang),
    Other,
}

impl Language {
    /// From a BCP 47 tag: "id", "id-ID", "in" → Indonesian; "tr", "tr-TR" → Turkish; else
    /// Other. The primary subtag decides, case-insensitively; "in" is Indonesian's deprecated
    /// code, still written by old software, and "_" is accepted for POSIX-style locales.
    pub fn from_tag(tag: &str) -> Language {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        // Lower-cased in place, without allocating: the typesetter asks this of every word in
        // a span in another language. A primary subtag is at most 8 letters.
        let mut buf = [0u8; 8];
        let Some(code) = buf.get_mut(..primary.len()) else {
            return Language::Other;
        };
        code.copy_from_slice(primary.as_bytes());
        code.make_ascii_lowercase();
        match &*code {
            b"id" | b"in" | b"ind" => Language::Indonesian,
            b"tr" | b"tur" => Language::Turkish,
            &[a, b] => hypher::Lang::from_iso([a, b]).map_or(Language::Other, Language::Patterns),
            _ => Language::Other,
        }
    }

    /// Byte offsets inside `word` where a line may break with an added hyphen, ascending.
    /// `word` is one word without surrounding punctuation (callers strip it), may contain
    /// upper case; points respect a minimum of 2 letters on each side. Other → empty.
    ///
    /// Words containing an explicit hyphen or an apostrophe (Turkish writes one before the
    /// suffixes of proper nouns: İstanbul'da) are hyphenated part by part, offsets relative to
    /// the whole word; the separator itself is never a point. Words with digits get
    /// no points, nor do parts in capitals or with inner capitals (NATO, PfP).
    pub fn hyphenation_points(self, word: &str) -> Vec<usize> {
        let Some(parts) = segment::parts(word, self.is_turkic()) else {
            return Vec::new();
        };
        parts
            .iter()
            .flat_map(|part| self.part_points(part))
            .collect()
    }

    /// Points inside one hyphen-free part by the language's rules.
    fn part_points(self, part: &[Letter]) -> Vec<usize> {
        if segment::is_acronym(part) {
            return Vec::new();
        }
        let breaks = match self {
            Language::Indonesian => indonesian::boundaries(&segment::bases(part)),
            Language::Turkish => turkish::boundaries(&segment::bases(part)),
            Language::Patterns(lang) => pattern_breaks(lang, part),
            Language::Other => return Vec::new(),
        };
        segment::keep_two_letter_edges(&breaks, part.len())
            .into_iter()
            .map(|i| part[i].byte)
            .collect()
    }

    /// Upper-case by the language's rules (Turkish: i→İ, ı→I; Rust's to_uppercase is wrong
    /// there).
    pub fn to_upper(self, s: &str) -> String {
        casing::to_upper(self.is_turkic(), s)
    }

    /// Lower-case by the language's rules (Turkish: I→ı, İ→i).
    pub fn to_lower(self, s: &str) -> String {
        casing::to_lower(self.is_turkic(), s)
    }

    /// The language's quotation marks (open, close) for primary and secondary quotes, as its
    /// style guides set them: PUEBI and TDK (as English) “double” with ‘single’ inside;
    /// German and its neighbours „low and high“; French, Spanish, Italian, Russian and others
    /// «guillemets», Danish »pointing in«, Swedish and Finnish ”the same mark” on both sides.
    /// A language terbit knows nothing of gets English's.
    pub fn quotes(self) -> ((char, char), (char, char)) {
        use hypher::Lang as L;
        const ENGLISH: ((char, char), (char, char)) = (('“', '”'), ('‘', '’'));
        let Language::Patterns(lang) = self else {
            return ENGLISH;
        };
        match lang {
            L::German
            | L::Czech
            | L::Slovak
            | L::Slovenian
            | L::Icelandic
            | L::Lithuanian
            | L::Estonian
            | L::Georgian
            | L::Croatian => (('„', '“'), ('‚', '‘')),
            L::Polish | L::Hungarian | L::Serbian => (('„', '”'), ('»', '«')),
            L::Bulgarian => (('„', '“'), ('’', '‘')),
            L::French => (('«', '»'), ('“', '”')),
            L::Russian | L::Ukrainian | L::Belarusian => (('«', '»'), ('„', '“')),
            L::Spanish
            | L::Catalan
            | L::Galician
            | L::Italian
            | L::Portuguese
            | L::Greek
            | L::Albanian
            | L::Mongolian => (('«', '»'), ('“', '”')),
            L::Norwegian => (('«', '»'), ('‘', '’')),
            L::Danish => (('»', '«'), ('›', '‹')),
            L::Swedish | L::Finnish => (('”', '”'), ('’', '’')),
            _ => ENGLISH,
        }
    }

    /// The space set inside quotation marks, when the language sets one: French puts a narrow
    /// no-break space inside « guillemets ».
    pub fn quote_space(self) -> Option<char> {
        matches!(self, Language::Patterns(hypher::Lang::French)).then_some('\u{202F}')
    }

    /// Whether the language's typography writes curly quotation marks and apostrophes (“ ” ‘ ’),
    /// so that a straight `"` or `'` in a manuscript is worth a warning (`terbit check`).
    /// PUEBI, TDK and English style guides all do; so do the other languages terbit may meet
    /// (whose marks differ, « » or „ “, but are never the straight ones).
    pub fn uses_curly_quotes(self) -> bool {
        true
    }

    /// Whether shaping should turn off the `liga` feature (Turkish: an fi ligature hides the
    /// dot of the i, and i and ı are different letters).
    pub fn avoid_fi_ligature(self) -> bool {
        self.is_turkic()
    }

    /// The letters a font must draw to set a book in the language (a chosen typeface lacking
    /// one is refused): Turkish's own letters and the circumflexed vowels TDK still writes;
    /// for Indonesian (and every other language), the basic Latin letters and é, which
    /// Indonesian writes in loanwords and names.
    pub fn required_letters(self) -> &'static str {
        const LATIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        match self {
            Language::Turkish => "abcçdefgğhıijklmnoöprsştuüvyzABCÇDEFGĞHIİJKLMNOÖPRSŞTUÜVYZâîûÂÎÛ",
            Language::Indonesian => {
                concat!("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "é")
            }
            Language::Patterns(_) | Language::Other => LATIN,
        }
    }

    /// Whether the language uses the Turkic dotted/dotless i pairs.
    fn is_turkic(self) -> bool {
        self == Language::Turkish
    }
}

/// English month names, January first (also those of terbit's messages about dates).
pub const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The ASCII letter or digit `c` is written with once its accent is dropped and it is
/// lower-cased (`Ş` → `s`, `ı` → `i`, `é` → `e`, `7` → `7`), or `None` for letters of other
/// scripts: for ids and names that must survive tools which mangle other characters.
pub fn ascii_letter(c: char) -> Option<char> {
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii_alphanumeric() {
        Some(lower)
    } else {
        segment::latin_base(lower)
    }
}

/// The number (1–12) of the month `name` names in English, Indonesian or Turkish, whole or
/// cut to three letters or more (`Sept.`, `Agu`), in any case.
pub fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.');
    if name.chars().count() < 3 {
        return None;
    }
    // Lower-cased as Turkish (EYLÜL, ŞUBAT) and as the others (APRIL) write capitals.
    let (turkic, other) = (casing::to_lower(true, name), casing::to_lower(false, name));
    let matches = |month: &str, turkic_month: bool| {
        let (wanted, month) = if turkic_month {
            (&turkic, casing::to_lower(true, month))
        } else {
            (&other, casing::to_lower(false, month))
        };
        month.starts_with(wanted.as_str())
    };
    [
        (ENGLISH_MONTHS, false),
        (indonesian::MONTHS, false),
        (turkish::MONTHS, true),
    ]
    .iter()
    .find_map(|(months, t)| months.iter().position(|m| matches(m, *t)))
    .map(|i| i as u32 + 1)
}

/// Exceptions: a hyphenator with a book-level list of words with their breaks written with '-'
/// (e.g. "Ka-zakh-stan"); a listed word (case-insensitive match) uses the listed breaks.
/// Matching is by the language's lower case, so in Turkish "ISPARTA" is "ısparta", not
/// "isparta"; accents count (Türk is not Turk).
#[derive(Debug, Clone)]
pub struct Hyphenator {
    lang: Language,
    /// Lower-cased word (by the language's rules) → letter indices of its breaks.
    exceptions: HashMap<String, Vec<usize>>,
    /// Identifies the language and exceptions in the word cache.
    config: u64,
}

/// Words a thread keeps the hyphenation points of, per hyphenator: more than a book's
/// vocabulary; past it the cache starts again.
const HYPHENATED_CACHE: usize = 60_000;

/// Hyphenation points by word, for one hyphenator.
type Points = rustc_hash::FxHashMap<Box<str>, Box<[usize]>>;

/// Letter indices of `part` (a word's letters) where TeX's patterns for `lang` break it.
fn pattern_breaks(lang: hypher::Lang, part: &[Letter]) -> Vec<usize> {
    let word: String = part.iter().map(|l| l.lower.as_str()).collect();
    // Where each letter's lower case ends in `word`, to turn byte offsets into letters.
    let mut ends = Vec::with_capacity(part.len());
    let mut at = 0;
    for l in part {
        at += l.lower.len();
        ends.push(at);
    }
    let mut breaks = Vec::new();
    let mut offset = 0;
    for syllable in hypher::hyphenate(&word, lang) {
        offset += syllable.len();
        if offset < word.len()
            && let Some(i) = ends.iter().position(|&e| e == offset)
        {
            breaks.push(i + 1);
        }
    }
    breaks
}

thread_local! {
    /// Hyphenation points by hyphenator and word: a book hyphenates the same words over and
    /// over. One cache for each thread (no locks), kept for the process.
    static POINTS: std::cell::RefCell<rustc_hash::FxHashMap<u64, Points>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

impl Hyphenator {
    /// The language it hyphenates.
    pub fn language(&self) -> Language {
        self.lang
    }
}

impl Hyphenator {
    /// Entries are trimmed; entries without letters are ignored; a later entry for the same
    /// word replaces an earlier one. The listed breaks are used as written, even within two
    /// letters of an edge: the author asked for them.
    pub fn new(lang: Language, exceptions: &[String]) -> Hyphenator {
        let turkic = lang.is_turkic();
        let mut map = HashMap::new();
        for entry in exceptions {
            let mut key = String::new();
            let mut breaks = Vec::new();
            let mut letters = 0;
            let mut usable = true;
            for piece in entry.trim().split('-') {
                // An entry the rules could not read either (digits, symbols) is dropped whole
                // rather than half-applied.
                let Some(parts) = segment::parts(piece, turkic) else {
                    usable = false;
                    break;
                };
                let piece_letters: Vec<&Letter> = parts.iter().flatten().collect();
                if piece_letters.is_empty() {
                    continue;
                }
                if letters > 0 {
                    breaks.push(letters);
                }
                letters += piece_letters.len();
                key.extend(piece_letters.iter().map(|l| l.lower.as_str()));
            }
            if usable && letters > 0 {
                map.insert(key, breaks);
            }
        }
        let config = {
            use std::hash::{Hash, Hasher};
            let mut h = std::hash::DefaultHasher::new();
            // The language by name (`Patterns(German)`), for the cache key.
            format!("{lang:?}").hash(&mut h);
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort();
            entries.hash(&mut h);
            h.finish()
        };
        Hyphenator {
            lang,
            exceptions: map,
            config,
        }
    }

    /// Like [`Language::hyphenation_points`], but each part of the word that is in the
    /// exception list uses the listed breaks.
    pub fn points(&self, word: &str) -> Vec<usize> {
        let mut points = Vec::new();
        self.each_point(word, |p| points.push(p));
        points
    }

    /// `f` of each of [`Hyphenator::points`], without a vector for them.
    pub fn each_point(&self, word: &str, mut f: impl FnMut(usize)) {
        // No language has words this long (Turkish's longest run to 70 letters): a longer run
        // of letters is not a word to hyphenate but something to break anywhere, which the
        // typesetter does for a word wider than the line. Nor is it kept in the cache.
        if word.len() > MAX_HYPHENATED_BYTES {
            return;
        }
        POINTS.with_borrow_mut(|cache| {
            let words = cache.entry(self.config).or_default();
            if let Some(p) = words.get(word) {
                p.iter().for_each(|&p| f(p));
                return;
            }
            let p = self.compute_points(word);
            p.iter().for_each(|&p| f(p));
            // Bounded as the shaper's word cache is (see `typeset::shape`).
            if words.len() >= HYPHENATED_CACHE {
                words.clear();
            }
            words.insert(word.into(), p.into_boxed_slice());
        })
    }

    fn compute_points(&self, word: &str) -> Vec<usize> {
        let Some(parts) = segment::parts(word, self.lang.is_turkic()) else {
            return Vec::new();
        };
        let mut points = Vec::new();
        for part in &parts {
            let key: String = part.iter().map(|l| l.lower.as_str()).collect();
            match self.exceptions.get(&key) {
                Some(breaks) => points.extend(breaks.iter().map(|&i| part[i].byte)),
                None => points.extend(self.lang.part_points(part)),
            }
        }
        points
    }
}

/// The longest word (in bytes: up to 100 letters of two bytes) hyphenated at all.
const MAX_HYPHENATED_BYTES: usize = 200;

/// `word` with '-' inserted at every point (what `terbit hyphenate` prints). Points that are
/// not inside the word or not on a character boundary are ignored, as are repeats.
pub fn show_points(word: &str, points: &[usize]) -> String {
    let mut points: Vec<usize> = points
        .iter()
        .copied()
        .filter(|&p| p > 0 && p < word.len() && word.is_char_boundary(p))
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut out = String::with_capacity(word.len() + points.len());
    let mut last = 0;
    for p in points {
        out.push_str(&word[last..p]);
        out.push('-');
        last = p;
    }
    out.push_str(&word[last..]);
    out
}

#[cfg(test)]
mod tests;
