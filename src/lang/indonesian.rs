//! Indonesian hyphenation after PUEBI, "Pemenggalan Kata".
//!
//! Base words are split by syllable:
//! - between adjacent vowels (bu-ah, ma-af), except the diphthongs ai, au, ei, oi (pan-tai,
//!   pu-lau, sur-vei, am-boi);
//! - kh, ng, ny, sy spell one consonant each and are never split (de-ngan, bang-krut);
//! - one consonant between vowels opens the next syllable (ba-pak, la-wan);
//! - two split between them (man-di, Ap-ril);
//! - three or more split after the first (ul-tra, in-stru-men), as long as the rest can begin
//!   a syllable; `trans` before a consonant stays whole (trans-por-ta-si), as PUEBI asks.
//!
//! Derived words split between base and affix "as far as possible". That needs a lexicon in
//! general (is "perang" per+ang or a base word?), so only the decisions that can be made from
//! the spelling alone are taken, and a plain syllable break is the fallback:
//! - the particles -nya, -lah, -kah are always split off (teks-nya, Tidak-lah);
//! - the suffix -an is split off a consonant-final base of two or more syllables (ma-kan-an,
//!   per-ta-han-an, ke-a-man-an), see [`an_suffix_stem`] for when that is trusted;
//! - prefixes are left to syllabification. After a vowel-final prefix (di-, ke-, se-) the
//!   result is the same; nasal prefixes whose base changed are split like base words by PUEBI
//!   itself (me-nu-tup, pe-nga-rang); for ber-, per-, ter- and meng- before a vowel the
//!   spelling cannot tell ter+organisir from teror+isme, so the syllable break (te-ror-ga-ni-sir)
//!   is the safe choice.
//!
//! Letters whose reading is ambiguous in loans and names (gh, th, dh, ph, ch, sh: one sound
//! or two?) are syllabified both ways and only breaks on which both readings agree are kept.

/// The months as Indonesian writes them (PUEBI), January first.
pub const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

use super::segment::{PieceRules, is_vowel, well_formed};

/// A sound unit: one vowel letter, or one consonant spelled with one or two letters.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Index of the unit's first letter.
    start: usize,
    /// Number of letters (1 or 2).
    len: usize,
    vowel: bool,
}

/// Digraphs PUEBI lists as single consonants.
const DIGRAPHS: [[char; 2]; 4] = [['k', 'h'], ['n', 'g'], ['n', 'y'], ['s', 'y']];

/// Letter pairs that are one sound in some loans and names (maghrib, Ramadhan, Appathurai) and
/// two in others (Ishak, mus-haf): syllabified both ways, see [`boundaries`].
const AMBIGUOUS: [[char; 2]; 6] = [
    ['g', 'h'],
    ['t', 'h'],
    ['d', 'h'],
    ['p', 'h'],
    ['c', 'h'],
    ['s', 'h'],
];

/// Consonant clusters that may begin a syllable inside a word, all from loans (PUEBI's
/// in-stru-men, bang-krut, in-fra). Anything else is never left at the start of a line.
const ONSETS: [&str; 26] = [
    "bl", "br", "dr", "dw", "fl", "fr", "gl", "gr", "kl", "kr", "kw", "pl", "pr", "sk", "sl", "sm",
    "sn", "sp", "st", "sw", "tr", "tw", "skr", "spl", "spr", "str",
];

/// Two-consonant clusters that may end a syllable inside a word, all from loans (teks-nya,
/// trans-for-ma-si, bank). Single consonants always may; `ng`+`k` (bangk-rut) never.
const CODAS: [&str; 8] = ["ks", "ns", "rs", "nk", "rk", "rt", "lt", "mp"];

/// Particles written attached to the word before them (PUEBI: pergi-lah, apa-kah).
const PARTICLES: [&str; 3] = ["nya", "lah", "kah"];

/// Words that look like a consonant-final base + -an but are base words (ha-la-man, not
/// ha-lam-an) or take the suffix -man after a vowel (seni+man: se-ni-man). These are
/// exceptions to the -an rule, as `\hyphenation` lists are to TeX's patterns; they are matched
/// on the word before any particle.
const NOT_SUFFIXED: [&str; 10] = [
    "halaman", "sembilan", "delapan", "jembatan", "kawasan", "selatan", "rembulan", "ramadan",
    "seniman", "budiman",
];

/// Syllable and morpheme boundaries of a part, as letter indices into `bases`, ascending.
pub(crate) fn boundaries(bases: &[char]) -> Vec<usize> {
    let stem = particle_stem(bases);
    let mut breaks = match morphology::breaks(&bases[..stem], syllable_breaks) {
        Some(breaks) => breaks,
        None => {
            let mut breaks = Vec::new();
            for (from, to) in morphemes(&bases[..stem]) {
                if from > 0 {
                    breaks.push(from);
                }
                breaks.extend(
                    syllable_breaks(&bases[from..to])
                        .into_iter()
                        .map(|b| b + from),
                );
            }
            breaks
        }
    };
    if stem < bases.len() {
        breaks.push(stem);
        breaks.extend(
            syllable_breaks(&bases[stem..])
                .into_iter()
                .map(|b| b + stem),
        );
    }
    well_formed(bases, &breaks, &Indonesian)
}

/// Where a syllable after the first begins in `seg`, read both ways where a letter pair is
/// [`AMBIGUOUS`]: only the breaks both readings make are kept.
fn syllable_breaks(seg: &[char]) -> Vec<usize> {
    let [mut one_sound, mut two_sounds] =
        [false, true].map(|split| syllable_starts(seg, &tokenize(seg, split)));
    // Looked up in order, not searched for (a "word" of a million letters was a trillion
    // comparisons).
    two_sounds.sort_unstable();
    one_sound.retain(|b| two_sounds.binary_search(b).is_ok());
    one_sound
}

/// The length of a part's stem: all of it, or what comes before a particle (-nya, -lah, -kah).
fn particle_stem(bases: &[char]) -> usize {
    let end = bases.len();
    if let Some(p) = PARTICLES.iter().find(|p| ends_with(bases, p)) {
        let stem = end - p.len();
        // The rest must still be a word of its own: "hanya" is ha-nya either way, but "nya"
        // alone is not a stem.
        if stem >= 2 && bases[..stem].iter().any(|&c| is_vowel(c)) {
            return stem;
        }
    }
    end
}

/// Splits a stem that no reading against the lexicon explains into morphemes that are
/// syllabified separately: [stem, -an?], as (from, to) letter ranges.
fn morphemes(bases: &[char]) -> Vec<(usize, usize)> {
    match an_suffix_stem(bases) {
        Some(stem) => vec![(0, stem), (stem, bases.len())],
        None => vec![(0, bases.len())],
    }
}

/// Prefixes counted off a stem before its syllables are (see [`an_suffix_stem`]), longest
/// first.
const PREFIXES: [&str; 17] = [
    "meng", "meny", "peng", "peny", "mem", "men", "pem", "pen", "per", "ber", "ter", "me", "pe",
    "be", "di", "ke", "se",
];

/// Prefixes that with -an make nouns of k-final roots: pe(N)-…-an, ke-…-an (pen-di-dik-an,
/// ke-bi-jak-an, pe-no-lak-an), where a bare -kan is rare.
const CONFIX_PREFIXES: [&str; 7] = ["peng", "peny", "pem", "pen", "per", "pe", "ke"];

/// If `word` is a consonant-final base + the suffix -an that can be recognised from spelling
/// alone, the length of the base. Syllabification would carry the consonant over (ma-ka-nan);
/// PUEBI wants ma-kan-an. Trusted only when:
/// - the base ends in one consonant after a vowel: ma-kan-an, but Kali-man-tan is a base word;
/// - that consonant is not k: "berikan" is beri+kan and "gunakan" guna+kan, and the -kan
///   reading needs no special treatment, so k-final bases (masuk+an) fall back to syllables —
///   unless the word opens with pe(N)- or ke-, whose -an nouns of k-final roots are common
///   (pendidikan: pen-di-dik-an, kebijakan: ke-bi-jak-an) and -kan words are not;
/// - nor w, y, c, j, v, q, x, ny, sy, which do not close native syllables (la-wan, ne-la-yan);
/// - the base has at least two syllables after its prefix: "bulan", "dengan", "jalan" are
///   one-syllable "bases", and so is berjalan's (ber-ja-lan, not ber-jal-an);
/// - the word is not one of the few base words of this shape, [`NOT_SUFFIXED`].
fn an_suffix_stem(word: &[char]) -> Option<usize> {
    if !ends_with(word, "an") {
        return None;
    }
    let stem = &word[..word.len() - 2];
    let units = tokenize(stem, false);
    let [.., before, last] = units[..] else {
        return None;
    };
    let starts = |p: &str| {
        p.chars().count() < stem.len() && stem.iter().copied().take(p.chars().count()).eq(p.chars())
    };
    let last_letters = &stem[last.start..last.start + last.len];
    let confix = last_letters == ['k'] && CONFIX_PREFIXES.iter().any(|p| starts(p));
    let closes = confix
        || matches!(
            last_letters,
            ['b' | 'd' | 'f' | 'g' | 'h' | 'l' | 'm' | 'n' | 'p' | 'r' | 's' | 't' | 'z']
                | ['n', 'g']
                | ['k', 'h']
        );
    let not_suffixed = NOT_SUFFIXED
        .iter()
        .any(|w| w.chars().eq(word.iter().copied()));
    // The syllables of the root: after a prefix, when the stem has one.
    let prefix = PREFIXES
        .iter()
        .find(|p| starts(p))
        .map_or(0, |p| p.chars().count());
    let root = &stem[prefix..];
    let root_syllables = nuclei(root, &tokenize(root, false)).len();
    let derived = closes && before.vowel && root_syllables >= 2 && !not_suffixed;
    derived.then_some(stem.len())
}

fn ends_with(word: &[char], suffix: &str) -> bool {
    let n = suffix.chars().count();
    word.len() >= n && word[word.len() - n..].iter().copied().eq(suffix.chars())
}

/// Groups letters into sound units; `split_ambiguous` reads the [`AMBIGUOUS`] pairs as two
/// consonants instead of one. Pairs are matched left to right, so "ngh" (menghasilkan) is
/// ng + h and "ngg" (tunggu) ng + g.
fn tokenize(bases: &[char], split_ambiguous: bool) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut i = 0;
    while i < bases.len() {
        let vowel = is_vowel(bases[i]);
        let pair = bases
            .get(i..i + 2)
            .and_then(|p| <[char; 2]>::try_from(p).ok());
        let digraph = !vowel
            && pair.is_some_and(|p| {
                DIGRAPHS.contains(&p) || (!split_ambiguous && AMBIGUOUS.contains(&p))
            });
        let len = if digraph { 2 } else { 1 };
        units.push(Unit {
            start: i,
            len,
            vowel,
        });
        i += len;
    }
    units
}

/// The syllable nuclei as (first unit, last unit) pairs. Two vowels form a diphthong only when
/// they spell ai, au, ei or oi and the second vowel ends its syllable; when a consonant closes
/// the syllable the vowels belong to two syllables: ma-in, la-ut, ba-ik (PUEBI, KBBI), but
/// pan-tai, sau-da-ra, pa-kai-an.
fn nuclei(bases: &[char], units: &[Unit]) -> Vec<(usize, usize)> {
    let mut nuclei = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !units[i].vowel {
            i += 1;
            continue;
        }
        let pair = units
            .get(i + 1)
            .filter(|next| next.vowel)
            .map(|next| (bases[units[i].start], bases[next.start]));
        let diphthong = matches!(pair, Some(('a', 'i' | 'u') | ('e' | 'o', 'i')))
            && second_vowel_ends_syllable(units, i + 2);
        let last = if diphthong { i + 1 } else { i };
        nuclei.push((i, last));
        i = last + 1;
    }
    nuclei
}

/// Whether a vowel followed by `units[after..]` ends its syllable: at the end of the word,
/// before another vowel, or before a single consonant that opens the next syllable.
fn second_vowel_ends_syllable(units: &[Unit], after: usize) -> bool {
    let consonants = units[after..].iter().take_while(|u| !u.vowel).count();
    let vowel_follows = after + consonants < units.len();
    consonants == 0 || (consonants == 1 && vowel_follows)
}

/// Letter indices where a syllable after the first begins.
fn syllable_starts(bases: &[char], units: &[Unit]) -> Vec<usize> {
    nuclei(bases, units)
        .windows(2)
        .map(|w| units[split_cluster(bases, units, w[0].1 + 1, w[1].0)].start)
        .collect()
}

/// The unit that opens the next syllable, given the consonant units `from..to` between two
/// nuclei.
fn split_cluster(bases: &[char], units: &[Unit], from: usize, to: usize) -> usize {
    match to - from {
        0 | 1 => from,
        2 => from + 1,
        _ => {
            if is_trans(bases, units, from) {
                return from + 2;
            }
            // After the first consonant if the rest can begin a syllable (in-stru-men),
            // otherwise before the longest cluster that can (trans-for-ma-si, teks-nya).
            (from + 1..to)
                .find(|&k| legal_onset_units(bases, &units[k..to]))
                .unwrap_or(to - 1)
        }
    }
}

/// Whether the cluster at `from` is the n+s of "trans" before a consonant: PUEBI keeps the
/// form whole when a free form follows (trans-mi-gra-si, trans-por-ta-si, but tran-sak-si).
fn is_trans(bases: &[char], units: &[Unit], from: usize) -> bool {
    let start = units[from].start;
    start >= 3 && bases[start - 3..].starts_with(&['t', 'r', 'a', 'n', 's'])
}

fn legal_onset_units(bases: &[char], units: &[Unit]) -> bool {
    match units {
        [] | [_] => true,
        [first, .., last] => ONSETS.iter().any(|o| {
            o.chars()
                .eq(bases[first.start..last.start + last.len].iter().copied())
        }),
    }
}

/// PUEBI's constraints on the pieces between breaks, beyond containing a vowel.
struct Indonesian;

impl PieceRules for Indonesian {
    fn legal_onset(&self, onset: &[char]) -> bool {
        legal_onset_units(onset, &tokenize(onset, false))
    }

    fn legal_coda(&self, coda: &[char]) -> bool {
        match tokenize(coda, false)[..] {
            [] | [_] => true,
            [a, b] if a.len == 1 && b.len == 1 => {
                CODAS.iter().any(|c| c.chars().eq(coda.iter().copied()))
            }
            _ => false,
        }
    }
}

mod morphology;

#[cfg(test)]
mod tests;
