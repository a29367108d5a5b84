//! Indonesian words read as prefixes + root + suffix against a lexicon of roots, so that
//! hyphenation can split "between the base and its affixes" as PUEBI asks: ber-a-da (not
//! be-ra-da), meng-am-bil, se-i-ring, ma-suk-an (not ma-su-kan, as gu-na-kan is guna+kan),
//! while bu-lan, ha-la-man and i-kan, which only look affixed, stay base words.
//!
//! The roots are `roots.txt`, derived from Wordnet Bahasa (MIT License) by `roots.py` beside
//! it. A word is read every way its spelling allows: one or two prefixes (meN-, peN-, di-, ke-,
//! se-, ter-, then per- or ber-), with the sound changes of meN- and peN- (menulis is meN+tulis,
//! mengirim meN+kirim), and one suffix (-kan, -an, -i). Only readings whose root is in the
//! lexicon count; when several do (berikan: beri+kan or ber+ikan), only the breaks on which
//! they all agree are kept (beri-kan), so that a wrong reading costs a break, never adds a
//! wrong one. When none does, the spelling rules of the parent module decide.
//!
//! How a reading is cut, after PUEBI:
//! - at each boundary between prefix, root and suffix, and by syllables inside each;
//! - a prefix that changed the root's first sound joins it, and the two are cut as one base
//!   word (me-nu-lis, pe-nga-rang);
//! - the suffix -i is never cut off: it joins the root's last syllable (men-de-kati).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The roots, one per line, in the accent-free lower case the syllable rules read.
const ROOTS: &str = include_str!("roots.txt");

/// Words that read as affixed but are base words, cut by syllables (be-ra-pa, not ber-a-pa:
/// "berapa" is no longer ber+apa to a reader), besides the parent module's `NOT_SUFFIXED`.
const BASE_WORDS: [&str; 7] = [
    "berapa",
    "perempuan",
    "berangkat",
    "perangkat",
    "beruang",
    "pengaruh",
    "peringkat",
];

/// The lexicon: each root with its family, the number of Wordnet lemmas read as it with
/// affixes (see `roots.py`).
fn roots() -> &'static FxHashMap<&'static str, u32> {
    static MAP: OnceLock<FxHashMap<&'static str, u32>> = OnceLock::new();
    MAP.get_or_init(|| {
        ROOTS
            .lines()
            .filter_map(|line| {
                let (root, family) = line.split_once(' ')?;
                Some((root, family.parse().ok()?))
            })
            .collect()
    })
}

/// The family of the root `letters` spell, or None when they spell no root.
fn root_family(letters: &[char]) -> Option<u32> {
    // The longest root is well under 32 letters; the lexicon holds a..z only.
    let mut buf = [0u8; 32];
    if letters.len() < 3 || letters.len() > buf.len() {
        return None;
    }
    for (b, &c) in buf.iter_mut().zip(letters) {
        if !c.is_ascii_lowercase() {
            return None;
        }
        *b = c as u8;
    }
    let word = std::str::from_utf8(&buf[..letters.len()]).ok()?;
    roots().get(word).copied()
}

fn eq(letters: &[char], s: &str) -> bool {
    letters.iter().copied().eq(s.chars())
}

fn starts(letters: &[char], s: &str) -> bool {
    let n = s.len();
    letters.len() > n && eq(&letters[..n], s)
}

fn vowel_at(letters: &[char], i: usize) -> bool {
    letters.get(i).is_some_and(|&c| super::is_vowel(c))
}

/// One reading of a word's first prefix: the prefix as written, its length, and the root
/// it leaves, which differs from the letters after it when the prefix changed its first
/// sound (mengirim: "irim" written, "kirim" read).
struct Prefix {
    name: &'static str,
    len: usize,
    root: Vec<char>,
    changed: bool,
}

/// Every way `w` can open with a prefix.
fn prefixes(w: &[char]) -> Vec<Prefix> {
    let mut out = Vec::new();
    let mut add = |name: &'static str, len: usize, first: Option<char>| {
        let root = first.into_iter().chain(w[len..].iter().copied()).collect();
        out.push(Prefix {
            name,
            len,
            root,
            changed: first.is_some(),
        });
    };
    let at = |i: usize| w.get(i).copied();
    for p in ["meng", "peng"] {
        if starts(w, p) {
            if vowel_at(w, 4) {
                add(p, 4, None);
                add(p, 4, Some('k'));
            } else if matches!(at(4), Some('g' | 'h')) {
                add(p, 4, None);
            }
        }
    }
    for p in ["menge", "penge"] {
        if starts(w, p) && !vowel_at(w, 5) {
            add(p, 5, None);
        }
    }
    for p in ["meny", "peny"] {
        if starts(w, p) && vowel_at(w, 4) {
            add(p, 4, Some('s'));
        }
    }
    for p in ["mem", "pem"] {
        if starts(w, p) {
            if matches!(at(3), Some('b' | 'f' | 'v' | 'p')) {
                add(p, 3, None);
            } else if vowel_at(w, 3) {
                add(p, 3, Some('p'));
            }
        }
    }
    for p in ["men", "pen"] {
        if starts(w, p) {
            let sy = at(3) == Some('s') && at(4) == Some('y');
            if matches!(at(3), Some('d' | 'c' | 'j' | 'z')) || sy {
                add(p, 3, None);
            } else if vowel_at(w, 3) {
                add(p, 3, Some('t'));
            }
        }
    }
    for p in ["me", "pe"] {
        if starts(w, p) {
            let digraph = matches!((at(2), at(3)), (Some('n'), Some('g' | 'y')));
            let single = matches!(at(2), Some('l' | 'm' | 'n' | 'r' | 'w' | 'y')) && !digraph;
            if (single && vowel_at(w, 3)) || (digraph && vowel_at(w, 4)) {
                add(p, 2, None);
            }
        }
    }
    for p in ["ber", "ter", "per"] {
        if starts(w, p) {
            add(p, 3, None);
        }
    }
    // ber-, ter-, per- before a root in r- lose their own r (berasa: be+rasa).
    for p in ["be", "te", "pe"] {
        if w.len() > 3 && eq(&w[..2], p) && at(2) == Some('r') && vowel_at(w, 3) {
            add(p, 2, None);
        }
    }
    for p in ["bel", "pel"] {
        if starts(w, p) && starts(&w[3..], "ajar") {
            add(p, 3, None);
        }
    }
    if starts(w, "bekerja") {
        add("be", 2, None);
    }
    for p in ["di", "ke", "se"] {
        if starts(w, p) {
            add(p, 2, None);
        }
    }
    out
}

/// Prefixes another may follow (memper-, diper-, keber-, pember-), and those that may follow.
const FIRST: [&str; 17] = [
    "meng", "peng", "menge", "penge", "meny", "peny", "mem", "pem", "men", "pen", "me", "pe", "di",
    "ke", "se", "ter", "te",
];
const SECOND: [&str; 6] = ["ber", "be", "bel", "per", "pe", "pel"];

/// The forms of peN-.
const NOUN_PREFIXES: [&str; 5] = ["peng", "peny", "pem", "pen", "penge"];

/// A reading of a word: its pieces as letter ranges, each cut by syllables on its own, the
/// last `tail` letters of the last joined to its last syllable (the suffix -i); its root as
/// read and that root's family.
struct Reading {
    pieces: Vec<(usize, usize)>,
    tail: usize,
    root: Vec<char>,
    family: u32,
}

/// The readings of `w` whose root is in the lexicon.
fn readings(w: &[char]) -> Vec<Reading> {
    let n = w.len();
    let mut out = Vec::new();
    for suffix in ["", "kan", "an", "i"] {
        let len = suffix.len();
        if n < len + 3 || !eq(&w[n - len..], suffix) {
            continue;
        }
        let stem = n - len;
        let tail = usize::from(suffix == "i");
        let mut push = |mut pieces: Vec<(usize, usize)>, root: &[char]| {
            let Some(family) = root_family(root) else {
                return;
            };
            if suffix == "i" {
                pieces.last_mut().expect("a root").1 = n;
            } else if !suffix.is_empty() {
                pieces.push((stem, n));
            }
            let root = root.to_vec();
            out.push(Reading {
                pieces,
                tail,
                root,
                family,
            });
        };
        if !suffix.is_empty() {
            push(vec![(0, stem)], &w[..stem]);
        }
        for first in prefixes(&w[..stem]) {
            let a = first.len;
            // peN- makes nouns, which take -an but never -kan or -i: penolakan is
            // peN+tolak+an, not peN+tola+kan.
            if matches!(suffix, "kan" | "i") && NOUN_PREFIXES.contains(&first.name) {
                continue;
            }
            if first.changed {
                push(vec![(0, stem)], &first.root);
                continue;
            }
            push(vec![(0, a), (a, stem)], &first.root);
            if !FIRST.contains(&first.name) {
                continue;
            }
            for second in prefixes(&w[a..stem]) {
                let b = a + second.len;
                if SECOND.contains(&second.name) && !second.changed {
                    push(vec![(0, a), (a, b), (b, stem)], &second.root);
                }
            }
        }
    }
    out
}

/// The readings of `w` worth trusting: not those whose root is itself affixed (pen+didikan
/// beside pen+didik+an: the lexicon lists derived words too), and among the rest those whose
/// root's family is at least half the largest (mengambil: ambil, not kambil, a rarer word
/// the same letters could hide after meng-).
fn trusted(w: &[char]) -> Vec<Reading> {
    let mut all: Vec<Reading> = readings(w)
        .into_iter()
        .filter(|r| readings(&r.root).is_empty())
        .collect();
    let most = all.iter().map(|r| r.family).max().unwrap_or(0);
    all.retain(|r| r.family * 2 >= most);
    all
}

/// The breaks (letter indices, ascending) of `w` read against the lexicon, or None when no
/// reading has a root in it. `syllables` cuts a piece into syllables.
pub(super) fn breaks(w: &[char], syllables: impl Fn(&[char]) -> Vec<usize>) -> Option<Vec<usize>> {
    if BASE_WORDS
        .iter()
        .chain(&super::NOT_SUFFIXED)
        .any(|b| eq(w, b))
    {
        return None;
    }
    let cut = |r: &Reading| -> Vec<usize> {
        let mut breaks = Vec::new();
        let last = r.pieces.len() - 1;
        for (k, &(from, to)) in r.pieces.iter().enumerate() {
            if from > 0 {
                breaks.push(from);
            }
            let end = if k == last { to - r.tail } else { to };
            breaks.extend(syllables(&w[from..end]).into_iter().map(|b| b + from));
        }
        breaks
    };
    let mut all = trusted(w).into_iter().map(|r| cut(&r));
    let mut kept = all.next()?;
    for other in all {
        kept.retain(|b| other.contains(b));
    }
    Some(kept)
}
