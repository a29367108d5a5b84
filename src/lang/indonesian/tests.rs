//! Indonesian hyphenation tests: PUEBI's own examples, the words TeX's patterns get wrong,
//! words from the book text, and a property test over every word of that text.

use crate::lang::{Language, show_points};

fn hy(word: &str) -> String {
    show_points(word, &Language::Indonesian.hyphenation_points(word))
}

/// Asserts each expected hyphenation, written with '-', from the word without them.
fn check(expected: &[&str]) {
    let mut wrong = Vec::new();
    for &e in expected {
        let got = hy(&e.replace('-', ""));
        if got != e {
            wrong.push(format!("expected {e}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn puebi_base_word_examples() {
    check(&[
        // Adjacent vowels split, diphthongs do not.
        "bu-ah",
        "ma-in",
        "ni-at",
        "sa-at",
        "ma-af",
        "pan-tai",
        "pan-dai",
        "au-la",
        "sau-da-ra",
        "sur-vei",
        "am-boi",
        "pu-lau",
        // One consonant (or digraph) between vowels.
        "ba-pak",
        "la-wan",
        "de-ngan",
        "ke-nyang",
        "mu-ta-khir",
        "mu-sya-wa-rah",
        // Two consonants.
        "Ap-ril",
        "cap-lok",
        "makh-luk",
        "man-di",
        "sang-gup",
        "som-bong",
        "swas-ta",
        // Three or more.
        "ul-tra",
        "in-fra",
        "ben-trok",
        "in-stru-men",
        // Digraphs are one consonant.
        "bang-krut",
        "bang-sa",
        "ba-nyak",
        "ikh-las",
        "kong-res",
        "masy-hur",
    ]);
}

#[test]
fn puebi_derived_word_examples() {
    check(&[
        "ma-kan-an",
        "per-ta-han-an",
        "ke-ti-dak-pas-ti-an",
        "me-ning-kat-kan",
        "ke-ku-at-an",
        "per-bu-at-an",
        "mem-ban-tu",
        "ter-ba-wa",
        // Bases changed by their prefix are split like base words.
        "me-nu-tup",
        "me-ma-kai",
        "me-nya-pu",
        "me-nge-cat",
        "pe-no-long",
        "pe-mi-kir",
        "pe-nga-rang",
        "pe-nye-but",
        "me-nye-rang",
        // -i is never separated: the two-letter edge rule keeps it.
        "di-se-tu-jui",
        // The suffix -i is not cut off (PUEBI): it joins the root's last syllable.
        "meng-a-tasi",
    ]);
    // "apa-kah" and "per-gi-lah" come out as syllables, which coincide with the morphemes.
    assert_eq!(hy("apakah"), "apa-kah");
    assert_eq!(hy("pergilah"), "per-gi-lah");
}

#[test]
fn what_tex_gets_wrong() {
    // TeX's patterns: la-w-an, per-ang, me-ning-katk-an, ke-ti-da-kpas-ti-an, bangk-rut.
    check(&[
        "la-wan",
        "pe-rang",
        "me-ning-kat-kan",
        "ke-ti-dak-pas-ti-an",
        "bang-krut",
    ]);
}

#[test]
fn words_from_the_book() {
    check(&[
        // Written solid in the source; split by syllables, which fall on the compound seam.
        "ker-ja-sa-ma",
        "ke-lem-ba-ga-an",
        "ber-par-ti-si-pa-si",
        // kh is one consonant even in a foreign name; PUEBI splits "khst" after the first.
        "Ka-zakh-stan",
        "ke-a-man-an",
        "per-sep-si",
        // ter+organisir or teror+...? Spelling cannot tell (teror-is-me is a base word), so
        // the syllable break is used.
        "te-ror-ga-ni-sir",
        "pem-ber-da-ya-an",
        "Ke-sim-pul-an-nya",
        "ke-per-ca-ya-an-nya",
        "ber-trans-for-ma-si",
        "in-sti-tu-si",
        "Ti-dak-lah",
        "sa-ngat-lah",
        "hu-bung-an",
        "tan-tang-an",
        "du-kung-an",
        "per-ba-tas-an",
        "ke-se-pa-kat-an",
        // pe(N)-…-an around a k-final root (didik), and a root ending like the suffix
        // (jalan): issue 16's cases.
        "pen-di-dik-an",
        "ber-ja-lan",
        "ke-bi-jak-an",
        "pe-no-lak-an",
        "ke-ru-sak-an",
        // -kan, and roots that only look suffixed.
        "beri-kan",
        "gu-na-kan",
        "pe-ma-kan",
        "te-man",
        "se-tan",
        "pe-nye-bar-an",
        "per-da-mai-an",
        "per-kem-bang-an",
        "ke-pen-ting-an",
        "Ang-kat-an",
        "Per-wa-kil-an",
        "me-ning-gal-kan",
        "di-tan-da-ta-ngani-nya",
        "me-mo-der-ni-sa-si",
        "Kau-ka-sus",
        "Eu-ra-sia",
        "De-sem-ber",
        "in-ter-na-si-o-nal",
        "re-le-van",
        "neg-ra",
        "Uni-ver-si-tas",
        "Al-maty",
    ]);
    // Latin "ex-" before a consonant: PUEBI's three-consonant rule, not KBBI's eks-.
    check(&["ek-stre-mis-me", "ek-ster-nal"]);
}

#[test]
fn names_with_ambiguous_letter_pairs_break_only_where_both_readings_agree() {
    // th: Ap-pa-thu-rai or Ap-pat-hu-rai? Neither break between a and u is taken.
    assert_eq!(hy("Appathurai"), "Ap-pathu-rai");
    assert_eq!(hy("Ramadhan"), "Ra-madhan");
    // Both readings agree on magh-rib (hr cannot begin a syllable).
    assert_eq!(hy("maghrib"), "magh-rib");
    assert_eq!(hy("Ishak"), "Ishak");
}

#[test]
fn diphthongs_only_end_a_syllable() {
    check(&[
        "la-ut",
        "da-un",
        "ba-ik",
        "ha-us",
        "ma-in-kan",
        "sam-pai-kan",
        "pa-kai-an",
        "pan-tai-nya",
        "ba-gai-ma-na",
        "boi-kot",
        "kai-dah",
    ]);
}

#[test]
fn suffix_an_only_where_spelling_decides() {
    check(&[
        "ma-in-an",
        "la-ut-an",
        "ta-hun-an",
        "bu-lan-an",
        "hu-kum-an",
        "ta-nam-an",
        "ke-nya-man-an",
        "ba-ngun-an",
        "te-kan-an",
        "an-cam-an",
        "per-a-tur-an",
        // One-syllable "bases": base words.
        "bu-lan",
        "ja-lan",
        "ja-lan-nya",
        // k-final: the lexicon tells -kan from -an (guna+kan, masuk+an); "berikan" reads as
        // beri+kan and as ber+ikan, so only the break both readings make is kept.
        "beri-kan",
        "gu-na-kan",
        "ma-suk-an",
        // w and y do not close native syllables; "perawan" reads as per+awan and pe+rawan too.
        "pera-wan",
        "war-ta-wan",
        "ne-la-yan",
        // A cluster before -an belongs to a base word.
        "Ka-li-man-tan",
        "Pa-kis-tan",
        // Base words of this shape are listed exceptions to the rule.
        "ha-la-man",
        "sem-bi-lan",
        "de-la-pan",
        "jem-ba-tan",
        "ka-wa-san",
        "Se-la-tan",
        "ha-la-man-nya",
        // -man after a vowel-final base is another suffix; the two common words are listed.
        "se-ni-man",
        "bu-di-man",
    ]);
}

#[test]
fn prefixes_before_vowel_roots_split_at_the_root_and_base_words_by_syllables() {
    check(&[
        // PUEBI: "ber-jalan": the split falls between prefix and root.
        "ber-a-khir-nya",
        "meng-am-bil",
        "meng-u-bah",
        "ter-i-kat",
        "ber-a-da",
        "ke-ber-a-da-an",
        "per-e-ko-no-mi-an",
        "se-i-ring",
        "peng-a-lam-an",
        // Words that only look so: no root "ani" or "ita"; base words listed.
        "be-ra-ni",
        "be-ri-ta",
        "pe-rem-pu-an",
        "di-ak-re-di-ta-si",
    ]);
}

#[test]
fn clusters_and_loans() {
    check(&[
        "teks-nya",
        "trans-por-ta-si",
        // The rest of the word follows the two-consonant rule, as in Ap-ril (KBBI: mig-ra-si).
        "trans-mig-ra-si",
        "tran-sak-si",
        "kon-struk-si",
        "in-struk-si",
        "kon-trak",
        "am-bruk",
        // gh read as one sound or two disagree on Af-gha or Afg-ha: no break there.
        "Afgha-nis-tan",
        "Yog-ya-kar-ta",
        "ma-sya-ra-kat",
    ]);
}

/// An onset check written independently of the implementation: what may precede the first
/// vowel of a piece that starts inside a word.
fn onset_ok(onset: &str) -> bool {
    let single = ["kh", "ng", "ny", "sy", "gh", "th", "dh", "ph", "ch", "sh"];
    let loans = [
        "bl", "br", "dr", "dw", "fl", "fr", "gl", "gr", "kl", "kr", "kw", "pl", "pr", "sk", "sl",
        "sm", "sn", "sp", "st", "sw", "tr", "tw", "skr", "spl", "spr", "str",
    ];
    onset.chars().count() <= 1 || single.contains(&onset) || loans.contains(&onset)
}

fn is_vowel_letter(c: char) -> bool {
    let lower: String = c.to_lowercase().collect();
    "aeiouàáâäèéêëìíîïòóôöùúûüı".contains(lower.as_str())
}

#[test]
fn every_word_of_the_book_is_cut_into_well_formed_pieces() {
    let text = include_str!("../testdata/hubungan-turki-dan-eurasia-50.txt");
    let edge = |c: char| !c.is_alphanumeric();
    let mut words = 0;
    let mut points = 0;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(edge);
        if word.is_empty() {
            continue;
        }
        words += 1;
        let pts = Language::Indonesian.hyphenation_points(word);
        points += pts.len();
        assert!(
            pts.windows(2).all(|w| w[0] < w[1]),
            "{word}: {pts:?} not ascending"
        );
        let mut offset = 0;
        for part in word.split('-') {
            let inside: Vec<usize> = pts
                .iter()
                .filter(|&&p| p > offset && p < offset + part.len())
                .map(|&p| p - offset)
                .collect();
            let mut cuts = vec![0];
            cuts.extend(&inside);
            cuts.push(part.len());
            let pieces: Vec<&str> = cuts.windows(2).map(|w| &part[w[0]..w[1]]).collect();
            if pieces.len() > 1 {
                assert!(pieces[0].chars().count() >= 2, "{word}: {pieces:?}");
                assert!(
                    pieces.last().unwrap().chars().count() >= 2,
                    "{word}: {pieces:?}"
                );
            }
            for (i, piece) in pieces.iter().enumerate() {
                if pieces.len() > 1 {
                    assert!(piece.chars().any(is_vowel_letter), "{word}: {pieces:?}");
                }
                if i > 0 {
                    let onset: String = piece
                        .chars()
                        .take_while(|&c| !is_vowel_letter(c))
                        .flat_map(char::to_lowercase)
                        .collect();
                    assert!(onset_ok(&onset), "{word}: {pieces:?}");
                }
            }
            offset += part.len() + 1;
        }
        // Every point is in the word and on a character boundary, never at a hyphen.
        for &p in &pts {
            assert!(
                word.is_char_boundary(p) && p > 0 && p < word.len(),
                "{word}: {p}"
            );
            assert!(
                !word[..p].ends_with('-') && !word[p..].starts_with('-'),
                "{word}: {p}"
            );
        }
    }
    // The test must have had something to check.
    assert!(words > 600, "{words} words");
    assert!(points > 900, "{points} points");
}

/// A coda check written independently of the implementation: what may follow the last vowel
/// of a piece that ends inside a word.
fn coda_ok(coda: &str) -> bool {
    let single = ["kh", "ng", "ny", "sy", "gh", "th", "dh", "ph", "ch", "sh"];
    let loans = ["ks", "ns", "rs", "nk", "rk", "rt", "lt", "mp"];
    coda.chars().count() <= 1 || single.contains(&coda) || loans.contains(&coda)
}

/// A small deterministic generator (xorshift), so the test needs no dependency and fails the
/// same way every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

#[test]
fn random_words_are_cut_into_well_formed_pieces() {
    // Syllable-ish chunks, weighted towards Indonesian shapes but free to make any cluster.
    let chunks = [
        "a", "e", "i", "o", "u", "ai", "au", "ei", "oi", "ia", "ua", "b", "d", "g", "h", "k", "l",
        "m", "n", "p", "r", "s", "t", "w", "y", "c", "j", "f", "v", "z", "ng", "ny", "kh", "sy",
        "gh", "th", "sh", "tr", "pr", "str", "nk", "ks", "an", "kan", "nya", "lah", "per", "ber",
        "me", "ke", "trans",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut points = 0;
    for _ in 0..20_000 {
        let n = 2 + rng.next() % 7;
        let word: String = (0..n).map(|_| rng.pick(&chunks)).collect();
        let pts = Language::Indonesian.hyphenation_points(&word);
        points += pts.len();
        let mut cuts = vec![0];
        cuts.extend(&pts);
        cuts.push(word.len());
        assert!(cuts.windows(2).all(|w| w[0] < w[1]), "{word}: {pts:?}");
        let pieces: Vec<&str> = cuts.windows(2).map(|w| &word[w[0]..w[1]]).collect();
        if pieces.len() == 1 {
            continue;
        }
        let shown = pieces.join("-");
        assert!(
            pieces[0].len() >= 2 && pieces[pieces.len() - 1].len() >= 2,
            "{shown}"
        );
        for (i, piece) in pieces.iter().enumerate() {
            assert!(piece.chars().any(is_vowel_letter), "{shown}");
            let onset: String = piece.chars().take_while(|&c| !is_vowel_letter(c)).collect();
            let coda: String = piece
                .chars()
                .rev()
                .take_while(|&c| !is_vowel_letter(c))
                .collect();
            let coda: String = coda.chars().rev().collect();
            assert!(i == 0 || onset_ok(&onset), "{shown}: onset {onset}");
            assert!(
                i == pieces.len() - 1 || coda_ok(&coda),
                "{shown}: coda {coda}"
            );
        }
    }
    assert!(points > 20_000, "{points} points");
}

#[test]
fn a_list_of_derived_and_base_words_has_no_wrong_break() {
    // Written from PUEBI and KBBI, not from terbit's output: a wrong break (one the list does
    // not make) fails; a missed one costs only exactness, which must stay at 97 % or more (the
    // issue's bar).
    let list = include_str!("../testdata/id-hyphenation.txt");
    let (words, exact, wrong) = crate::lang::tests::score_list(Language::Indonesian, list);
    assert!(wrong.is_empty(), "wrong breaks:\n{}", wrong.join("\n"));
    let share = exact as f64 / words as f64;
    assert!(share >= 0.97, "{exact} of {words} exact");
    eprintln!("{exact} of {words} words exact");
}
