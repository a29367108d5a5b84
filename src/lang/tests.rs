//! Tests of the public API: tags, dispatch, exceptions, show_points, casing and quotes.

use super::*;

fn hy(lang: Language, word: &str) -> String {
    show_points(word, &lang.hyphenation_points(word))
}

#[test]
fn tags() {
    for tag in ["id", "id-ID", "in", "ID", "id_ID", " id-Latn-ID "] {
        assert_eq!(Language::from_tag(tag), Language::Indonesian, "{tag}");
    }
    for tag in ["tr", "tr-TR", "TR", "tr_CY"] {
        assert_eq!(Language::from_tag(tag), Language::Turkish, "{tag}");
    }
    for tag in ["az", "ms", "", "idx", "tra", "i"] {
        assert_eq!(Language::from_tag(tag), Language::Other, "{tag}");
    }
    for (tag, lang) in [
        ("en", hypher::Lang::English),
        ("en-GB", hypher::Lang::English),
        ("de-DE", hypher::Lang::German),
        ("FR", hypher::Lang::French),
    ] {
        assert_eq!(Language::from_tag(tag), Language::Patterns(lang), "{tag}");
    }
}

#[test]
fn other_gets_no_points() {
    assert!(Language::Other.hyphenation_points("kemitraan").is_empty());
    assert!(Language::Other.hyphenation_points("hyphenation").is_empty());
}

#[test]
fn languages_with_tex_patterns_are_hyphenated_by_them() {
    let en = Language::from_tag("en");
    let shown = |lang: Language, w: &str| show_points(w, &lang.hyphenation_points(w));
    assert_eq!(shown(en, "hyphenation"), "hy-phen-ation");
    assert_eq!(shown(en, "Publishing"), "Pub-lish-ing");
    // Two letters at least on each side, acronyms and words with digits never.
    assert_eq!(shown(en, "about"), "about");
    assert_eq!(shown(en, "NATO"), "NATO");
    assert_eq!(shown(en, "x86"), "x86");
    // Part by part around a hyphen, offsets in the whole word.
    assert_eq!(shown(en, "well-typeset"), "well-type-set");
    assert_eq!(
        shown(Language::from_tag("de"), "Silbentrennung"),
        "Sil-ben-tren-nung"
    );
    // Letters of two bytes: offsets are the word's own.
    assert_eq!(
        shown(Language::from_tag("fr"), "élémentaire"),
        "élé-men-taire"
    );
}

#[test]
fn points_are_byte_offsets() {
    // İ is two bytes: "İs" ends at byte 3.
    assert_eq!(Language::Turkish.hyphenation_points("İstanbul"), vec![3, 6]);
    assert_eq!(
        Language::Indonesian.hyphenation_points("makanan"),
        vec![2, 5]
    );
}

#[test]
fn explicit_hyphens_split_the_word_into_parts() {
    let id = Language::Indonesian;
    assert_eq!(hy(id, "negara-negara"), "ne-ga-ra-ne-ga-ra");
    // The hyphen's own position (6) is the caller's, never a point.
    assert_eq!(id.hyphenation_points("negara-negara"), vec![2, 4, 9, 11]);
    assert_eq!(hy(id, "setengah-setengah"), "se-te-ngah-se-te-ngah");
    assert_eq!(hy(id, "Kazakhstan-NATO"), "Ka-zakh-stan-NATO");
    assert_eq!(hy(id, "NATO-Kazakhstan"), "NATO-Ka-zakh-stan");
    assert_eq!(hy(id, "sipil-militer"), "si-pil-mi-li-ter");
    assert_eq!(hy(id, "Anti-Terorisme"), "An-ti-Te-ro-ris-me");
    assert_eq!(hy(id, "antar-lembaga"), "an-tar-lem-ba-ga");
    // Edges next to the hyphen count as word edges: no lone letter beside it.
    assert_eq!(hy(id, "ibu-ibu"), "ibu-ibu");
    // A stray hyphen at either end leaves the rest alone.
    assert_eq!(hy(id, "-untuk"), "-un-tuk");
}

#[test]
fn digits_and_acronyms_get_no_points() {
    let id = Language::Indonesian;
    for word in [
        "NATO", "PfP", "KAZCENT", "BOEP", "1994", "abad21", "COVID-19", "G20",
    ] {
        assert!(id.hyphenation_points(word).is_empty(), "{word}");
        assert!(
            Language::Turkish.hyphenation_points(word).is_empty(),
            "{word}"
        );
    }
    // Mixed-case proper nouns are fine.
    assert_eq!(hy(id, "Kazakhstan"), "Ka-zakh-stan");
    assert_eq!(hy(Language::Turkish, "Erzurum"), "Er-zu-rum");
}

#[test]
fn show_points_inserts_hyphens() {
    assert_eq!(show_points("makanan", &[2, 5]), "ma-kan-an");
    assert_eq!(show_points("makanan", &[]), "makanan");
    assert_eq!(show_points("Türkçe", &[5]), "Türk-çe");
    // Out of range, at the edges, inside a character, unsorted or repeated: ignored or fixed.
    assert_eq!(show_points("Türkçe", &[0, 2, 5, 5, 6, 8, 99]), "Türk-çe");
    assert_eq!(show_points("makanan", &[5, 2]), "ma-kan-an");
}

#[test]
fn exceptions_override_the_rules() {
    let ex = vec!["Ka-zakh-stan".to_string(), "ke-ra-jaan".to_string()];
    let h = Hyphenator::new(Language::Indonesian, &ex);
    assert_eq!(show_points("kerajaan", &h.points("kerajaan")), "ke-ra-jaan");
    // Without the exception the rules give ke-ra-ja-an.
    assert_eq!(hy(Language::Indonesian, "kerajaan"), "ke-ra-ja-an");
    // Words not listed use the rules.
    assert_eq!(show_points("makanan", &h.points("makanan")), "ma-kan-an");
}

#[test]
fn exception_lookup_ignores_case() {
    let ex = vec!["ma-ka-nan".to_string()];
    let h = Hyphenator::new(Language::Indonesian, &ex);
    for word in ["makanan", "Makanan", "MAKANAN"] {
        assert_eq!(
            show_points(word, &h.points(word)),
            word.replace("akanan", "a-ka-nan")
                .replace("AKANAN", "A-KA-NAN")
        );
    }
    assert_eq!(show_points("MAKANAN", &h.points("MAKANAN")), "MA-KA-NAN");
}

#[test]
fn exceptions_apply_to_parts_and_override_the_capitals_rule() {
    let ex = vec!["NA-TO".to_string(), " Ka-zakh-stan ".to_string()];
    let h = Hyphenator::new(Language::Indonesian, &ex);
    let word = "Kazakhstan-NATO";
    assert_eq!(show_points(word, &h.points(word)), "Ka-zakh-stan-NA-TO");
    // Digits still refuse the whole word.
    assert!(h.points("NATO2").is_empty());
}

#[test]
fn exception_lookup_uses_the_language_case_rules() {
    let ex = vec!["Is-par-ta".to_string()];
    let tr = Hyphenator::new(Language::Turkish, &ex);
    // Turkish: "Is-par-ta" lower-cases to "ıs-par-ta", which "ISPARTA" matches...
    assert_eq!(show_points("ISPARTA", &tr.points("ISPARTA")), "IS-PAR-TA");
    // ...but "isparta" (dotted) is another word and gets the rules' answer.
    assert_eq!(show_points("isparta", &tr.points("isparta")), "is-par-ta");
    assert_eq!(
        show_points("ıspartalı", &tr.points("ıspartalı")),
        "ıs-par-ta-lı"
    );
    // Accents count.
    let h = Hyphenator::new(Language::Turkish, &["Tü-rk".to_string()]);
    assert_eq!(show_points("Türk", &h.points("Türk")), "Tü-rk");
    assert!(h.points("Turk").is_empty());
}

#[test]
fn exceptions_with_unusable_entries() {
    let ex = vec![
        String::new(),
        "-".to_string(),
        "abc1-def".to_string(),
        "se-ko-lah".to_string(),
        "se-kolah".to_string(),
    ];
    let h = Hyphenator::new(Language::Indonesian, &ex);
    // The later entry wins.
    assert_eq!(show_points("sekolah", &h.points("sekolah")), "se-kolah");
    // "abc1-def" was dropped whole, not stored as "def".
    assert!(h.points("def").is_empty());
    assert_eq!(show_points("define", &h.points("define")), "de-fi-ne");
}

#[test]
fn exceptions_work_for_other_languages() {
    let h = Hyphenator::new(Language::Other, &["hy-phen-ation".to_string()]);
    assert_eq!(
        show_points("hyphenation", &h.points("hyphenation")),
        "hy-phen-ation"
    );
    assert!(h.points("typesetting").is_empty());
}

#[test]
fn casing() {
    assert_eq!(Language::Turkish.to_upper("istanbul ılık"), "İSTANBUL ILIK");
    assert_eq!(
        Language::Indonesian.to_upper("istanbul ılık"),
        "ISTANBUL ILIK"
    );
    assert_eq!(Language::Other.to_upper("istanbul"), "ISTANBUL");
    assert_eq!(Language::Turkish.to_lower("İSTANBUL ILIK"), "istanbul ılık");
    assert_eq!(
        Language::Indonesian.to_lower("ISTANBUL ILIK"),
        "istanbul ilik"
    );
    assert_eq!(Language::Indonesian.to_upper("kerja sama"), "KERJA SAMA");
}

#[test]
fn quotes_and_ligatures() {
    let curly = (('“', '”'), ('‘', '’'));
    assert_eq!(Language::Indonesian.quotes(), curly);
    assert_eq!(Language::Turkish.quotes(), curly);
    assert!(Language::Turkish.avoid_fi_ligature());
    assert!(!Language::Indonesian.avoid_fi_ligature());
    assert!(!Language::Other.avoid_fi_ligature());
}

/// A list of hyphenated words (`-` at every break, `#` comment lines) scored against
/// `language`'s rules, both sides after the two-letter edges: how many words, how many exact,
/// and each word given a break the list does not make.
pub(crate) fn score_list(language: Language, list: &str) -> (usize, usize, Vec<String>) {
    let breaks = |word: &str| -> (String, Vec<usize>) {
        let (mut at, mut letters) = (Vec::new(), 0);
        for c in word.chars() {
            if c == '-' {
                at.push(letters);
            } else {
                letters += 1;
            }
        }
        let kept = super::segment::keep_two_letter_edges(&at, letters);
        (word.replace('-', ""), kept)
    };
    let shown = |word: &str| super::show_points(word, &language.hyphenation_points(word));
    let (mut words, mut exact, mut wrong) = (0, 0, Vec::new());
    for line in list
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (plain, expected) = breaks(line);
        let (_, got) = breaks(&shown(&plain));
        words += 1;
        exact += usize::from(got == expected);
        if got.iter().any(|b| !expected.contains(b)) {
            wrong.push(format!("{line}: got {}", shown(&plain)));
        }
    }
    (words, exact, wrong)
}
