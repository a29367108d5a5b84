//! terbit: text functions ported from citeproc (jgm/citeproc 0.13, the processor behind
//! `pandoc --citeproc`) so that terbit's output equals pandoc's: page ranges (`pageRange`,
//! `formatPageRange`), the initials of given names (`initialize`), and locale-aware case
//! mapping (`Citeproc.Unicode.toUpper`/`toLower`: Turkish and Azerbaijani dotted i).

use citationberg::PageRangeFormat;

/// Whether case mapping uses the Turkish/Azerbaijani rules (i ↔ İ, ı ↔ I).
pub fn is_turkic(lang: &str) -> bool {
    let lang = lang.split(['-', '_']).next().unwrap_or_default();
    lang.eq_ignore_ascii_case("tr") || lang.eq_ignore_ascii_case("az")
}

/// Uppercase a character (citeproc's `toUpper`).
pub fn upper(c: char, turkic: bool) -> impl Iterator<Item = char> {
    let special = match c {
        'i' if turkic => Some('İ'),
        'ı' if turkic => Some('I'),
        _ => None,
    };
    let mut normal = if special.is_some() { None } else { Some(c.to_uppercase()) };
    let mut special = special;
    std::iter::from_fn(move || special.take().or_else(|| normal.as_mut()?.next()))
}

/// Lowercase a character (citeproc's `toLower`).
pub fn lower(c: char, turkic: bool) -> impl Iterator<Item = char> {
    let special = match c {
        'İ' if turkic => Some('i'),
        'I' if turkic => Some('ı'),
        _ => None,
    };
    let mut normal = if special.is_some() { None } else { Some(c.to_lowercase()) };
    let mut special = special;
    std::iter::from_fn(move || special.take().or_else(|| normal.as_mut()?.next()))
}

/// Where citeproc's case transformation stands (`CaseTransformState`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaseState {
    #[default]
    Start,
    StartSentence,
    AfterWordEnd,
    AfterWordChar,
    AfterSentenceEndingPunctuation,
    BeforeLastWord,
}

fn is_word_break(c: char) -> bool {
    matches!(c, '-' | '/' | '–' | '—') || c.is_whitespace()
}

/// citeproc's `isStopWord` for title case.
fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "and"
            | "as"
            | "at"
            | "but"
            | "by"
            | "down"
            | "for"
            | "from"
            | "in"
            | "into"
            | "nor"
            | "of"
            | "on"
            | "onto"
            | "or"
            | "over"
            | "so"
            | "the"
            | "till"
            | "to"
            | "up"
            | "via"
            | "with"
            | "yet"
            | "about"
            | "van"
            | "von"
            | "de"
            | "d"
            | "l"
    )
}

fn capitalize(w: &str, turkic: bool) -> String {
    let mut chars = w.chars();
    match chars.next() {
        Some(c) => upper(c, turkic).chain(chars).collect(),
        None => String::new(),
    }
}

/// Advance the state over a piece of text that is not transformed (citeproc's `g` on a
/// nocase span).
pub fn title_case_skip(s: &str, st: &mut CaseState) {
    let mut tmp = *st;
    let _ = title_case(s, &mut tmp, false, true, true);
    *st = tmp;
}

/// citeproc's title case (`withTitleCase` in `caseTransform`): words in lowercase are
/// capitalized at the start of the text or of a sentence (after `.?!:`), after a word
/// break unless they are stop words, and as the last word; words with capitals ("TeX",
/// "CTAN", "3D", "To") are kept. `seen` tells whether text came before in the same element
/// (the last word gets capitalized only then).
pub fn title_case(
    s: &str,
    st: &mut CaseState,
    turkic: bool,
    seen: bool,
    last_word: bool,
) -> String {
    #[derive(PartialEq)]
    enum Kind {
        Alnum,
        Space,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphanumeric() {
            Kind::Alnum
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other
        }
    };
    // The last token (after the last space) gets BeforeLastWord if it has no word break.
    let last_start = s
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let last_token = &s[last_start..];
    let last_is_word = last_word
        && !last_token.is_empty()
        && !last_token.chars().any(is_word_break)
        && (last_start > 0 || seen);

    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let k = kind(chars[i].1);
        let mut j = i + 1;
        while j < chars.len() && kind(chars[j].1) == k {
            j += 1;
        }
        let end = if j < chars.len() { chars[j].0 } else { s.len() };
        let group = &s[start..end];
        if start == last_start
            && last_is_word
            && matches!(*st, CaseState::AfterWordEnd | CaseState::StartSentence | CaseState::Start)
        {
            *st = CaseState::BeforeLastWord;
        }
        let old = *st;
        if let Some(c) = group.chars().next_back() {
            *st = if matches!(c, '.' | '?' | '!' | ':') {
                CaseState::AfterSentenceEndingPunctuation
            } else if c.is_alphanumeric() {
                CaseState::AfterWordChar
            } else if c.is_whitespace() && *st == CaseState::AfterSentenceEndingPunctuation {
                CaseState::StartSentence
            } else if is_word_break(c) {
                CaseState::AfterWordEnd
            } else {
                *st
            };
        }
        if k == Kind::Alnum {
            let mixed = group.chars().any(char::is_uppercase) && group.chars().any(char::is_lowercase);
            let upper_or_other = group.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
            let long = group.chars().count() > 1;
            let lowered = || group.chars().flat_map(|c| lower(c, turkic)).collect::<String>();
            let word = if mixed || upper_or_other {
                group.to_string()
            } else if matches!(old, CaseState::StartSentence | CaseState::Start)
                || (old == CaseState::AfterWordEnd && !is_stop_word(group) && long)
                || (old == CaseState::BeforeLastWord && long)
            {
                capitalize(&lowered(), turkic)
            } else {
                group.to_string()
            };
            out.push_str(&word);
        } else {
            out.push_str(group);
        }
        start = end;
        i = j;
    }
    out
}

/// citeproc's `isNumeric` for the `is-numeric` condition: every piece between `,`, `-`,
/// `&` and `–` is digits, with letters allowed only before and after them ("12a", "2E",
/// "A12"; not "TR-12", "Memo 306", "12 a").
pub fn is_numeric(t: &str) -> bool {
    t.split([',', '-', '&', '–']).all(|chunk| {
        let chunk = chunk.trim();
        let core = chunk
            .trim_start_matches(char::is_alphabetic)
            .trim_end_matches(char::is_alphabetic);
        !core.is_empty() && core.chars().all(|c| c.is_ascii_digit())
    })
}

/// citeproc's `splitNums` count: runs of separators (`,`, `;`, `-`, `–`, spaces) and of
/// everything else.
fn split_nums_len(t: &str) -> usize {
    let is_sep = |c: char| matches!(c, ',' | ';' | '-' | '–') || c.is_whitespace();
    let mut n = 0;
    let mut prev: Option<bool> = None;
    for c in t.chars() {
        let class = is_sep(c);
        if prev != Some(class) {
            n += 1;
        }
        prev = Some(class);
    }
    n
}

/// citeproc's contextual plural of a label (`determinePlural` in eLabel).
pub fn is_plural(t: &str, number_of_volumes: bool) -> bool {
    if number_of_volumes {
        t != "1" && t != "0"
    } else if t.contains("\\-") {
        false
    } else {
        split_nums_len(t) > 1
    }
}

/// What to keep where two pieces of output meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Punct {
    KeepFirst,
    KeepSecond,
    KeepBoth,
}

/// citeproc's `fixPunct` (from citeproc-js): `x` ends the first piece, `y` starts the second.
pub fn fix_punct(x: char, y: char) -> Punct {
    use Punct::*;
    match (x, y) {
        ('!', '.') | ('!', ':') | ('?', '.') | ('?', ':') => KeepFirst,
        (':', '!') | (':', '?') => KeepSecond,
        (':', '.') => KeepFirst,
        (';', '!') | (';', '?') => KeepSecond,
        (';', ':') | (';', '.') => KeepFirst,
        ('!', '!') | ('?', '?') | ('.', '.') | (':', ':') | (';', ';') | (',', ',') => {
            KeepFirst
        }
        (' ', ' ') | (' ', ',') | (' ', '.') => KeepSecond,
        _ => KeepBoth,
    }
}

/// citeproc's `pageRange`: every range of a page list formatted, pieces joined by spaces.
pub fn page_range(text: &str, format: Option<PageRangeFormat>, delim: &str) -> String {
    let is_sep = |c: char| c == ',' || c == '&';
    let mut groups: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        match (prev, groups.last_mut()) {
            (Some(p), Some(g)) if !(is_sep(p) || is_sep(c)) => g.push(c),
            _ => groups.push(c.to_string()),
        }
        prev = Some(c);
    }
    // Joined by spaces, but not before "," (citeproc's addDelimiters).
    let mut out = String::new();
    for g in groups.iter().map(|g| format_page_range(format, delim, g.trim())) {
        if g.is_empty() {
            continue;
        }
        if !out.is_empty() && !g.starts_with([',', ';', '.']) {
            out.push(' ');
        }
        out.push_str(&g);
    }
    out
}

/// citeproc's `formatPageRange` for one range.
pub fn format_page_range(format: Option<PageRangeFormat>, delim: &str, t: &str) -> String {
    if t == "&" || t == "," {
        return t.to_string();
    }
    let parts: Vec<String> = if t.contains("\\-") {
        vec![t.replace("\\-", "-")]
    } else {
        t.split(['-', '–']).map(|p| p.trim().to_string()).collect()
    };
    let in_range = |pref: &str, xs: &[&str]| format!("{pref}{}", xs.join(delim));
    match parts.as_slice() {
        [] => String::new(),
        [w] => w.clone(),
        [w, v] => {
            let Some(fmt) = format else { return in_range("", &[w, v]) };
            let w_prefix = w.trim_end_matches(|c: char| c.is_ascii_digit());
            let v_prefix = v.trim_end_matches(|c: char| c.is_ascii_digit());
            if w_prefix != v_prefix {
                return in_range("", &[w, v]);
            }
            let pref = w_prefix;
            let x = &w[w_prefix.len()..];
            let y = &v[v_prefix.len()..];
            let xlen = x.chars().count();
            let ylen = y.chars().count();
            let y2 = if ylen < xlen {
                format!("{}{}", x.chars().take(xlen - ylen).collect::<String>(), y)
            } else {
                y.to_string()
            };
            let minimal = |threshold: usize| {
                let common = x.chars().zip(y2.chars()).take_while(|(a, b)| a == b).count();
                let restx: String = x.chars().skip(common).collect();
                let resty: String = y2.chars().skip(common).collect();
                if restx.chars().count() == resty.chars().count() {
                    if resty.chars().count() < threshold && y2.chars().count() >= threshold {
                        let tail: String = y2
                            .chars()
                            .skip(y2.chars().count() - threshold)
                            .collect();
                        in_range(pref, &[x, &tail])
                    } else {
                        in_range(pref, &[x, &resty])
                    }
                } else {
                    in_range(pref, &[x, &y2])
                }
            };
            let second_last_is_0 =
                |s: &str| s.chars().rev().nth(1) == Some('0');
            match fmt {
                PageRangeFormat::Chicago15 | PageRangeFormat::Chicago16 => {
                    if xlen < 3 || x.ends_with("00") {
                        in_range(pref, &[x, &y2])
                    } else if second_last_is_0(x) && second_last_is_0(&y2) {
                        minimal(1)
                    } else if fmt == PageRangeFormat::Chicago15 && xlen == 4 && {
                        let changed = x
                            .chars()
                            .map(Some)
                            .chain(std::iter::repeat(Some(' ')))
                            .zip(y2.chars())
                            .filter(|(a, b)| *a != Some(*b))
                            .count();
                        changed >= 3
                    } {
                        in_range(pref, &[x, &y2])
                    } else {
                        minimal(2)
                    }
                }
                PageRangeFormat::Expanded => {
                    in_range("", &[&format!("{pref}{x}"), &format!("{pref}{y2}")])
                }
                PageRangeFormat::Minimal => minimal(1),
                PageRangeFormat::MinimalTwo => minimal(2),
            }
        }
        _ => t.to_string(),
    }
}

/// citeproc's `initialize`: the given name with its words turned into initials.
///
/// `make_initials` is `initialize` (false keeps whole words and only adds the suffix to
/// what already is an initial), `use_hyphen` is `initialize-with-hyphen`, `with` is
/// `initialize-with`. Words that are all lowercase are kept ("i Ginovart J" → "i. G. J."),
/// lowercase parts after a hyphen are dropped ("I-kang" → "I."), as citeproc does.
pub fn initialize(
    given: &str,
    make_initials: bool,
    use_hyphen: bool,
    with: &str,
    turkic: bool,
) -> String {
    // Left: already an initial; Right: a word.
    enum W {
        Left(String),
        Right(String),
    }
    let mut words: Vec<W> = Vec::new();
    let mut cs = String::new();
    for c in given.chars() {
        match c {
            '.' => {
                if !cs.is_empty() {
                    words.push(W::Left(std::mem::take(&mut cs)));
                }
            }
            '-' => {
                if !cs.is_empty() {
                    words.push(W::Right(std::mem::take(&mut cs)));
                }
                cs.push('-');
            }
            ' ' => {
                if cs.chars().count() == 1 {
                    words.push(W::Left(std::mem::take(&mut cs)));
                } else if !cs.is_empty() {
                    words.push(W::Right(std::mem::take(&mut cs)));
                }
            }
            _ => cs.push(c),
        }
    }
    if cs.chars().count() == 1 {
        words.push(W::Left(cs));
    } else if !cs.is_empty() {
        words.push(W::Right(cs));
    }

    let add_suffix = |t: String| if t.is_empty() { t } else { t + with };
    let to_initial = |t: &str| -> String {
        let mut chars = t.chars();
        match chars.next() {
            Some('-') => match chars.next() {
                Some(c) if c.is_uppercase() && use_hyphen => {
                    std::iter::once('-').chain(upper(c, turkic)).collect()
                }
                Some(c) if c.is_uppercase() => upper(c, turkic).collect(),
                _ => String::new(),
            },
            Some(c) if c.is_uppercase() => {
                let rest: Vec<char> = chars.collect();
                match rest.split_first() {
                    Some((&d, tail))
                        if d.is_uppercase()
                            && !tail.is_empty()
                            && tail.iter().all(|c| c.is_lowercase()) =>
                    {
                        std::iter::once(c).chain(lower(d, turkic)).collect()
                    }
                    _ => c.to_string(),
                }
            }
            _ => t.to_string(),
        }
    };

    let mut out = String::new();
    for w in words {
        match w {
            W::Left(t) => out.push_str(&add_suffix(t)),
            W::Right(t) => {
                if t.chars().all(char::is_lowercase) {
                    if with.ends_with(' ') {
                        out.push_str(&t);
                        out.push(' ');
                    } else {
                        out.push(' ');
                        out.push_str(&t);
                        out.push(' ');
                    }
                } else if make_initials {
                    out.push_str(&add_suffix(to_initial(&t)));
                } else {
                    out.push_str(&t);
                    out.push(' ');
                }
            }
        }
    }
    out.replace(" -", "-").trim_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialize_like_citeproc() {
        let i = |g| initialize(g, true, true, ". ", false);
        assert_eq!(i("Andrew I-kang"), "A. I.");
        assert_eq!(i("B Jack 1950-"), "B. J. 1950.-.");
        assert_eq!(i("i Ginovart J"), "i. G. J.");
        assert_eq!(i("Hyun-Jin"), "H.-J.");
        assert_eq!(i("Jean-paul"), "J.");
        assert_eq!(i("John R. R."), "J. R. R.");
        assert_eq!(initialize("Hyun-Jin", true, false, ".", false), "H.J.");
        assert_eq!(initialize("John R", false, true, ". ", false), "John R.");
        assert_eq!(initialize("ilker", true, true, ". ", true), "ilker");
        assert_eq!(initialize("İlker Işık", true, true, ". ", true), "İ. I.");
    }

    #[test]
    fn page_ranges_like_citeproc() {
        let e = Some(PageRangeFormat::Expanded);
        assert_eq!(page_range("103-114", e, "-"), "103-114");
        assert_eq!(page_range("103-14", e, "–"), "103–114");
        assert_eq!(page_range("107:1-107:12", e, "-"), "107:1-107:12");
        assert_eq!(page_range("4-5", None, "–"), "4–5");
        let c = Some(PageRangeFormat::Chicago16);
        assert_eq!(page_range("321-328", c, "–"), "321–28");
        assert_eq!(page_range("101-108", c, "–"), "101–8");
        assert_eq!(page_range("1-5, 7", e, "–"), "1–5, 7");
        assert_eq!(page_range("431-456, 791-823", e, "-"), "431-456, 791-823");
        assert_eq!(page_range("3 & 5", e, "-"), "3 & 5");
    }

    #[test]
    fn numeric_like_citeproc() {
        assert!(is_numeric("12"));
        assert!(is_numeric("12a"));
        assert!(is_numeric("2E"));
        assert!(is_numeric("1-2, 5"));
        assert!(is_numeric("A12"));
        assert!(!is_numeric("TR-12"));
        assert!(!is_numeric("Memo 306"));
        assert!(!is_numeric("RC-6947"));
        assert!(!is_numeric(""));
        assert!(is_plural("EU-29702195U", false));
        assert!(is_plural("153-167", false));
        assert!(!is_plural("12", false));
        assert!(is_plural("3", true));
    }

    #[test]
    fn title_case_like_citeproc() {
        let t = |s: &str| title_case(s, &mut CaseState::Start, false, false, true);
        assert_eq!(t("An Algebraic Approach To Shape Computation"), "An Algebraic Approach To Shape Computation");
        assert_eq!(t("a general 3D shape grammar"), "A General 3D Shape Grammar");
        assert_eq!(t("the limitations of knowledge according to al-farabi, ibn bajja, and maimonides"),
            "The Limitations of Knowledge According to Al-Farabi, Ibn Bajja, and Maimonides");
        assert_eq!(t("CTAN: the comprehensive TeX archive network"), "CTAN: The Comprehensive TeX Archive Network");
        assert_eq!(t("what it is about"), "What It Is About");
        assert_eq!(t("ed."), "Ed.");
        assert_eq!(title_case("içinde", &mut CaseState::Start, true, false, true), "İçinde");
        assert_eq!(title_case("conference on", &mut CaseState::Start, false, false, false), "Conference on");
    }

    #[test]
    fn turkish_case() {
        assert_eq!(upper('i', true).collect::<String>(), "İ");
        assert_eq!(upper('i', false).collect::<String>(), "I");
        assert_eq!(lower('I', true).collect::<String>(), "ı");
        assert_eq!(upper('ß', true).collect::<String>(), "SS");
    }
}
