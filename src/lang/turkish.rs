//! Turkish hyphenation after the TDK Yazım Kılavuzu ("Hece yapısı ve satır sonunda kelimelerin
//! bölünmesi"). Turkish syllabification is purely phonological and needs no morphology:
//!
//! - every syllable has exactly one vowel (a e ı i o ö u ü, and â î û in loans);
//! - between two vowels, the last consonant (if any) begins the next syllable and all others
//!   close the previous one: a-ra-ba, al-dı, Türk-çe, kork-mak;
//! - loans from Western languages follow the same rule, so no syllable after the first starts
//!   with two consonants: kont-rol, prog-ram, sant-ral, komp-leks;
//! - compounds written as one word are split the same way: ba-şöğ-ret-men, il-ko-kul;
//! - no single letter is left at either end of a line (handled by the shared two-letter rule).
//!
//! Turkish has no consonant digraphs, so letters map one to one onto sounds.

/// The months as Turkish writes them (TDK), January first.
pub const MONTHS: [&str; 12] = [
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
    "Kasım", "Aralık",
];

use super::segment::{PieceRules, is_vowel, well_formed};

/// Syllable boundaries of a part, as letter indices into `bases`, ascending.
pub(crate) fn boundaries(bases: &[char]) -> Vec<usize> {
    let vowels: Vec<usize> = (0..bases.len()).filter(|&i| is_vowel(bases[i])).collect();
    let breaks: Vec<usize> = vowels
        .windows(2)
        .map(|w| {
            // Adjacent vowels (sa-at, şi-ir) split between them; otherwise the consonant just
            // before the next vowel opens its syllable.
            if w[1] == w[0] + 1 { w[1] } else { w[1] - 1 }
        })
        .collect();
    well_formed(bases, &breaks, &Turkish)
}

/// TDK's piece constraints: after the first syllable, a syllable begins with at most one
/// consonant. Codas of up to three consonants occur (Türk-çe, komp-leks), so codas are free.
struct Turkish;

impl PieceRules for Turkish {
    fn legal_onset(&self, onset: &[char]) -> bool {
        onset.len() <= 1
    }

    fn legal_coda(&self, _coda: &[char]) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::{Language, show_points};

    fn hy(word: &str) -> String {
        show_points(word, &Language::Turkish.hyphenation_points(word))
    }

    #[test]
    fn brief_examples() {
        for expected in [
            "Türk-çe",
            "kork-mak",
            "iş-bir-li-ği",
            "ki-tap-lık",
            "İs-tan-bul",
            "an-la-mak",
            "öğ-ren-ci",
            "şe-hir",
            "baş-kan-lı-ğı",
            "Do-ğaç",
            "Er-zu-rum",
        ] {
            assert_eq!(hy(&expected.replace('-', "")), expected);
        }
    }

    #[test]
    fn two_letter_minimum_at_the_edges() {
        // a-ra-ba: a lone "a" may not end a line.
        assert_eq!(hy("araba"), "ara-ba");
        assert_eq!(hy("Atatürk"), "Ata-türk");
        // TDK's own examples: u-çurt-ma and mü-da-fa-a.
        assert_eq!(hy("uçurtma"), "uçurt-ma");
        assert_eq!(hy("müdafaa"), "mü-da-faa");
        assert_eq!(hy("okul"), "okul");
        assert_eq!(hy("ile"), "ile");
    }

    #[test]
    fn adjacent_vowels_split() {
        assert_eq!(hy("saat"), "sa-at");
        assert_eq!(hy("şiirler"), "şi-ir-ler");
    }

    #[test]
    fn loans_take_one_consonant_onsets() {
        for expected in [
            "kont-rol",
            "prog-ram",
            "sant-ral",
            "sürp-riz",
            "telg-raf",
            "band-rol",
            "komp-leks",
            "trans-for-ma-tör",
        ] {
            assert_eq!(hy(&expected.replace('-', "")), expected);
        }
    }

    #[test]
    fn compounds_follow_syllables() {
        assert_eq!(hy("başöğretmen"), "ba-şöğ-ret-men");
        assert_eq!(hy("ilkokul"), "il-ko-kul");
        assert_eq!(hy("Karaosmanoğlu"), "Ka-ra-os-ma-noğ-lu");
    }

    #[test]
    fn capitals_and_dotted_i() {
        assert_eq!(hy("IŞIKLAR"), "IŞIKLAR");
        assert_eq!(hy("Işıklar"), "Işık-lar");
        assert_eq!(hy("İzmir"), "İz-mir");
        // Decomposed İ: the combining dot stays with its letter.
        assert_eq!(hy("I\u{0307}stanbul"), "I\u{0307}s-tan-bul");
        // Decomposed ü.
        assert_eq!(hy("Tu\u{0308}rkc\u{0327}e"), "Tu\u{0308}rk-c\u{0327}e");
    }

    #[test]
    fn apostrophe_suffixes_are_hyphenated_apart() {
        // The break at the apostrophe is TDK's and takes no hyphen; the parts split inside.
        assert_eq!(hy("Türkiye'nin"), "Tür-ki-ye'nin");
        assert_eq!(hy("İstanbul’dan"), "İs-tan-bul’dan");
    }

    #[test]
    fn every_piece_has_exactly_one_vowel_without_the_edge_rule() {
        for word in [
            "Türkçe",
            "işbirliği",
            "başkanlığı",
            "kontrol",
            "saat",
            "müdafaa",
            "ekstra",
            "Karaosmanoğlu",
            "transformatör",
        ] {
            let bases: Vec<char> = crate::lang::segment::parts(word, true).unwrap()[0]
                .iter()
                .map(|l| l.base)
                .collect();
            let mut cuts = vec![0];
            cuts.extend(super::boundaries(&bases));
            cuts.push(bases.len());
            for w in cuts.windows(2) {
                let vowels = bases[w[0]..w[1]].iter().filter(|&&c| super::is_vowel(c));
                assert_eq!(vowels.count(), 1, "{word}: {:?}", &bases[w[0]..w[1]]);
            }
        }
    }

    #[test]
    fn random_words_get_one_consonant_onsets_and_a_vowel_per_piece() {
        let letters: Vec<char> = "abcçdefgğhıijklmnoöprsştuüvyzâ".chars().collect();
        let vowel = |c: char| "aeıioöuüâ".contains(c);
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut points = 0;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 2 + (state % 11) as usize;
            let word: String = (0..len)
                .map(|i| letters[((state >> (4 * i)) % letters.len() as u64) as usize])
                .collect();
            let pts = Language::Turkish.hyphenation_points(&word);
            points += pts.len();
            let mut cuts = vec![0];
            cuts.extend(&pts);
            cuts.push(word.len());
            let pieces: Vec<&str> = cuts.windows(2).map(|w| &word[w[0]..w[1]]).collect();
            if pieces.len() == 1 {
                continue;
            }
            let shown = pieces.join("-");
            assert!(pieces[0].chars().count() >= 2, "{shown}");
            assert!(pieces[pieces.len() - 1].chars().count() >= 2, "{shown}");
            for (i, piece) in pieces.iter().enumerate() {
                assert!(piece.chars().any(vowel), "{shown}");
                let onset = piece.chars().take_while(|&c| !vowel(c)).count();
                assert!(i == 0 || onset <= 1, "{shown}");
            }
        }
        assert!(points > 10_000, "{points} points");
    }

    #[test]
    fn a_list_written_from_tdk_is_matched_word_for_word() {
        // Written from TDK's rules, not from terbit's output; compared after the two-letter
        // edges both sides keep: no wrong break, and at least 97 % of the words exact.
        let list = include_str!("testdata/tr-hyphenation.txt");
        let (words, exact, wrong) = crate::lang::tests::score_list(Language::Turkish, list);
        assert!(wrong.is_empty(), "wrong breaks:\n{}", wrong.join("\n"));
        assert!(exact * 100 >= words * 97, "{exact} of {words} exact");
    }
}
