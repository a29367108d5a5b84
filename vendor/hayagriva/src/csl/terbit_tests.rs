//! terbit: tests of the changes listed in PATCHES.md. Each case renders CSL-JSON items with
//! a small style and a locale bundled with hayagriva; the expected text is what
//! `pandoc --citeproc` (pandoc 3.9, citeproc 0.13) prints for the same items, style and
//! `-M lang`, compared after whitespace normalization. Run with
//! `cargo test --features csl-json terbit`.

use citationberg::taxonomy::Locator;
use citationberg::{IndependentStyle, LocaleCode};

use crate::csl::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    LocatorPayload, SpecificLocator,
};

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Render `cites` (lists of key and page locator) and the bibliography as plain text.
fn render(
    items: &str,
    style: &str,
    lang: &str,
    cites: &[&[(&str, Option<&str>)]],
) -> (Vec<String>, Vec<String>) {
    let items: Vec<citationberg::json::Item> = serde_json::from_str(items).unwrap();
    let style = IndependentStyle::from_xml(style).unwrap();
    let locales = crate::archive::locales();
    let locale = Some(LocaleCode(lang.to_string()));
    let mut driver = BibliographyDriver::new();
    for cite in cites {
        let cite_items = cite
            .iter()
            .map(|(key, loc)| {
                let item = items.iter().find(|i| i.id().as_deref() == Some(*key)).unwrap();
                CitationItem::with_locator(
                    item,
                    loc.map(|l| SpecificLocator(Locator::Page, LocatorPayload::Str(l))),
                )
            })
            .collect();
        driver.citation(CitationRequest::new(cite_items, &style, locale.clone(), &locales, None));
    }
    let rendered = driver.finish(BibliographyRequest::new(&style, locale, &locales));
    let cites = rendered
        .citations
        .iter()
        .map(|c| {
            let mut s = String::new();
            c.citation.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
            norm(&s)
        })
        .collect();
    let refs = rendered
        .bibliography
        .map(|b| {
            b.items
                .iter()
                .map(|i| {
                    let mut s = String::new();
                    i.content.write_buf(&mut s, BufWriteFormat::Plain).unwrap();
                    norm(&s)
                })
                .collect()
        })
        .unwrap_or_default();
    (cites, refs)
}

fn check(
    items: &str,
    style: &str,
    lang: &str,
    cites: &[&[(&str, Option<&str>)]],
    exp_cites: &[&str],
    exp_refs: &[&str],
) {
    let (c, r) = render(items, style, lang, cites);
    let exp_cites: Vec<String> = exp_cites.iter().map(|s| norm(s)).collect();
    let exp_refs: Vec<String> = exp_refs.iter().map(|s| norm(s)).collect();
    assert_eq!(c, exp_cites);
    assert_eq!(r, exp_refs);
}

/// Knight 1983a/b and Brown A./B. in one document: both groups disambiguate
#[test]
fn terbit_disambiguation_each_group() {
    check(
        r####"[{"id": "k1", "type": "book", "author": [{"family": "Knight", "given": "Terry"}], "issued": {"date-parts": [[1983]]}, "title": "One", "language": "en-US"}, {"id": "k2", "type": "book", "author": [{"family": "Knight", "given": "Terry"}], "issued": {"date-parts": [[1983]]}, "title": "Two", "language": "en-US"}, {"id": "b1", "type": "book", "author": [{"family": "Brown", "given": "Ann"}], "issued": {"date-parts": [[2001]]}, "title": "Three", "language": "en-US"}, {"id": "b2", "type": "book", "author": [{"family": "Brown", "given": "Bob"}], "issued": {"date-parts": [[2001]]}, "title": "Four", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="author-short"><names variable="author"><name form="short" and="symbol" delimiter=", "/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro>
<macro name="author"><names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", " delimiter-precedes-last="always"/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro><citation collapse="year" disambiguate-add-givenname="true" disambiguate-add-names="true" disambiguate-add-year-suffix="true" et-al-min="3" et-al-use-first="1" givenname-disambiguation-rule="by-cite">
 <sort><key macro="author"/><key variable="issued"/></sort>
 <layout delimiter="; " prefix="(" suffix=")"><group delimiter=", "><text macro="author-short"/><date variable="issued"><date-part name="year"/></date><group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></group></layout></citation><bibliography><sort><key macro="author"/><key variable="issued"/></sort><layout suffix="."><group delimiter=". "><text macro="author"/><date variable="issued"><date-part name="year"/></date><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("b1", None)], &[("b2", None)], &[("k1", None)], &[("k2", None)]],
        &[r####"(A. Brown, 2001)"####, r####"(B. Brown, 2001)"####, r####"(Knight, 1983a)"####, r####"(Knight, 1983b)"####],
        &[r####"Brown, A. 2001. Three."####, r####"Brown, B. 2001. Four."####, r####"Knight, T. 1983a. One."####, r####"Knight, T. 1983b. Two."####],
    );
}

/// primary-name-with-initials adds initials to every cited name sharing a family name
#[test]
fn terbit_givenname_primary_with_initials_global() {
    check(
        r####"[{"id": "p1", "type": "book", "author": [{"family": "Park", "given": "Hyoung-June"}], "issued": {"date-parts": [[2008]]}, "title": "One", "language": "en-US"}, {"id": "p2", "type": "book", "author": [{"family": "Park", "given": "Jiyoung"}], "issued": {"date-parts": [[2018]]}, "title": "Two", "language": "en-US"}, {"id": "s1", "type": "book", "author": [{"family": "Smith", "given": "John"}], "issued": {"date-parts": [[2010]]}, "title": "Three", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="author-short"><names variable="author"><name form="short" and="symbol" delimiter=", "/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro>
<macro name="author"><names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", " delimiter-precedes-last="always"/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro><citation collapse="year" disambiguate-add-givenname="true" disambiguate-add-names="true" disambiguate-add-year-suffix="true" et-al-min="3" et-al-use-first="1" givenname-disambiguation-rule="primary-name-with-initials">
 <sort><key macro="author"/><key variable="issued"/></sort>
 <layout delimiter="; " prefix="(" suffix=")"><group delimiter=", "><text macro="author-short"/><date variable="issued"><date-part name="year"/></date><group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></group></layout></citation><bibliography><sort><key macro="author"/><key variable="issued"/></sort><layout suffix="."><group delimiter=". "><text macro="author"/><date variable="issued"><date-part name="year"/></date><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("p1", None)], &[("p2", None)], &[("s1", None)]],
        &[r####"(H.-J. Park, 2008)"####, r####"(J. Park, 2018)"####, r####"(Smith, 2010)"####],
        &[r####"Park, H.-J. 2008. One."####, r####"Park, J. 2018. Two."####, r####"Smith, J. 2010. Three."####],
    );
}

/// names added and year suffixes kept together
#[test]
fn terbit_add_names_then_year_suffix() {
    check(
        r####"[{"id": "m1", "type": "book", "title": "A", "issued": {"date-parts": [[2006]]}, "author": [{"family": "Müller", "given": "P"}, {"family": "Wonka", "given": "P"}, {"family": "Zeng", "given": "G"}], "language": "en-US"}, {"id": "m2", "type": "book", "title": "B", "issued": {"date-parts": [[2006]]}, "author": [{"family": "Müller", "given": "P"}, {"family": "Vereenooghe", "given": "T"}, {"family": "Ulmer", "given": "A"}], "language": "en-US"}, {"id": "m3", "type": "book", "title": "C", "issued": {"date-parts": [[2006]]}, "author": [{"family": "Müller", "given": "P"}, {"family": "Wonka", "given": "P"}, {"family": "Zeng", "given": "G"}], "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="author-short"><names variable="author"><name form="short" and="symbol" delimiter=", "/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro>
<macro name="author"><names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", " delimiter-precedes-last="always"/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro><citation collapse="year" disambiguate-add-givenname="true" disambiguate-add-names="true" disambiguate-add-year-suffix="true" et-al-min="3" et-al-use-first="1" givenname-disambiguation-rule="primary-name-with-initials">
 <sort><key macro="author"/><key variable="issued"/></sort>
 <layout delimiter="; " prefix="(" suffix=")"><group delimiter=", "><text macro="author-short"/><date variable="issued"><date-part name="year"/></date><group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></group></layout></citation><bibliography><sort><key macro="author"/><key variable="issued"/></sort><layout suffix="."><group delimiter=". "><text macro="author"/><date variable="issued"><date-part name="year"/></date><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("m1", None)], &[("m2", None)], &[("m3", None)]],
        &[r####"(Müller, Wonka, et al., 2006a)"####, r####"(Müller, Vereenooghe, et al., 2006)"####, r####"(Müller, Wonka, et al., 2006b)"####],
        &[r####"Müller, P., Vereenooghe, T., & Ulmer, A. 2006. B."####, r####"Müller, P., Wonka, P., & Zeng, G. 2006a. A."####, r####"Müller, P., Wonka, P., & Zeng, G. 2006b. C."####],
    );
}

/// cites of one author joined by ', ', with locators by '; '
#[test]
fn terbit_collapse_year() {
    check(
        r####"[{"id": "d1", "type": "book", "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2000]]}, "title": "A", "language": "en-US"}, {"id": "d2", "type": "book", "author": [{"family": "Doe", "given": "Jane"}], "issued": {"date-parts": [[2001]]}, "title": "B", "language": "en-US"}, {"id": "r1", "type": "book", "author": [{"family": "Roe", "given": "Rick"}], "issued": {"date-parts": [[1999]]}, "title": "C", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="author-short"><names variable="author"><name form="short" and="symbol" delimiter=", "/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro>
<macro name="author"><names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", " delimiter-precedes-last="always"/><substitute><names variable="editor"/><text variable="title"/></substitute></names></macro><citation collapse="year" disambiguate-add-givenname="true" disambiguate-add-names="true" disambiguate-add-year-suffix="true" et-al-min="3" et-al-use-first="1" givenname-disambiguation-rule="by-cite">
 <sort><key macro="author"/><key variable="issued"/></sort>
 <layout delimiter="; " prefix="(" suffix=")"><group delimiter=", "><text macro="author-short"/><date variable="issued"><date-part name="year"/></date><group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></group></layout></citation><bibliography><sort><key macro="author"/><key variable="issued"/></sort><layout suffix="."><group delimiter=". "><text macro="author"/><date variable="issued"><date-part name="year"/></date><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("d1", None), ("d2", None), ("r1", None)], &[("d1", Some("12")), ("d2", Some("4-5"))]],
        &[r####"(Doe, 2000, 2001; Roe, 1999)"####, r####"(Doe, 2000, p. 12; 2001, pp. 4–5)"####],
        &[r####"Doe, J. 2000. A."####, r####"Doe, J. 2001. B."####, r####"Roe, R. 1999. C."####],
    );
}

/// no delimiter before a group child that prints nothing
#[test]
fn terbit_delimiter_before_empty_child() {
    check(
        r####"[{"id": "w", "type": "article-journal", "title": "T", "volume": "370", "page": "1-10", "issued": {"date-parts": [[2021]]}, "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout prefix="(" suffix=")"><group delimiter=", "><date variable="issued"><date-part name="year"/></date><date variable="issued"><date-part name="month" form="long"/><date-part name="day" prefix=" "/></date></group></layout></citation><bibliography><layout suffix="."><group delimiter=": "><group delimiter=" "><text variable="volume"/><date variable="issued" prefix="(" suffix=")"><date-part name="month"/></date></group><text variable="page"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("w", None)]],
        &[r####"(2021)"####],
        &[r####"370: 1–10."####],
    );
}

/// a period after a quoted title ending in punctuation is dropped; ':' + '.' keeps ':'
#[test]
fn terbit_punctuation_in_quotes() {
    check(
        r####"[{"id": "a", "type": "article-journal", "title": "Global health report.", "container-title": "Lancet", "language": "en-US"}, {"id": "b", "type": "article-journal", "title": "Design:", "container-title": "Env", "language": "en-US"}, {"id": "c", "type": "book", "title": "Plain title:", "publisher": "Pub", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout suffix="."><group delimiter=". "><text variable="title" quotes="true"/><text variable="container-title"/><text variable="publisher" prefix="; "/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)], &[("b", None)], &[("c", None)]],
        &[r####"Global health report."####, r####"Design:"####, r####"Plain title:"####],
        &[r####"“Global health report.” Lancet."####, r####"“Design:” Env."####, r####"“Plain title:”; Pub."####],
    );
}

/// letters with a hyphen or a space are not numeric
#[test]
fn terbit_is_numeric() {
    check(
        r####"[{"id": "a", "type": "report", "title": "A", "number": "TR-12", "language": "en-US"}, {"id": "b", "type": "report", "title": "B", "number": "12a", "language": "en-US"}, {"id": "c", "type": "report", "title": "C", "number": "Memo 306", "language": "en-US"}, {"id": "d", "type": "report", "title": "D", "number": "3, 5-7", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout><group delimiter=" "><choose><if is-numeric="number"><text value="No."/></if></choose><text variable="number"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)], &[("b", None)], &[("c", None)], &[("d", None)]],
        &[r####"A"####, r####"B"####, r####"C"####, r####"D"####],
        &[r####"TR-12"####, r####"No. 12a"####, r####"Memo 306"####, r####"No. 3, 5-7"####],
    );
}

/// labels are title-cased in every language; Turkish i capitalizes to İ
#[test]
fn terbit_turkish_terms() {
    check(
        r####"[{"id": "a", "type": "chapter", "title": "A", "editor": [{"family": "Gün", "given": "Onur"}], "translator": [{"family": "Ak", "given": "Ali"}], "language": "tr-TR"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout><group delimiter=" "><text term="in" text-case="capitalize-first"/><names variable="editor translator"><name/><label form="short" prefix=" (" suffix=")" text-case="title"/></names></group></layout></bibliography></style>"####,
        "tr-TR",
        &[&[("a", None)]],
        &[r####"A"####],
        &[r####"İçinde Onur Gün (Ed.)Ali Ak (Çev.)"####],
    );
}

/// cs:names inside a choose in cs:substitute takes the substituted names' cs:name
#[test]
fn terbit_substitute_inherits_name() {
    check(
        r####"[{"id": "a", "type": "book", "title": "A", "editor": [{"family": "Saian", "given": "Rizauddin"}, {"family": "Abbas", "given": "Mohd"}], "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout prefix="(" suffix=")"><names variable="author"><name form="short" and="text"/><substitute><choose><if type="book"><names variable="editor"/></if></choose></substitute></names></layout></citation></style>"####,
        "en-US",
        &[&[("a", None)]],
        &[r####"(Saian and Abbas)"####],
        &[],
    );
}

/// date ranges render as citeproc does instead of panicking
#[test]
fn terbit_date_ranges() {
    check(
        r####"[{"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2010], [2012]]}, "event-date": {"date-parts": [[1968, 5, 19], [1968, 5, 25]]}, "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><date variable="issued"><date-part name="year"/></date></layout></citation><bibliography><layout><group delimiter="; "><date variable="issued"><date-part name="year"/></date><date variable="event-date"><date-part name="month" form="long" suffix=" "/><date-part name="day" suffix=", "/><date-part name="year"/></date></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)]],
        &[r####"2010–2012"####],
        &[r####"2010–2012; May 19–25, 1968"####],
    );
}

/// words with capitals are kept; stop words after a comma stay lowercase
#[test]
fn terbit_english_title_case() {
    check(
        r####"[{"id": "a", "type": "book", "title": "An algebraic approach To shape computation", "language": "en-US"}, {"id": "b", "type": "book", "title": "A general 3D shape grammar, or the CTAN archive", "language": "en-US"}, {"id": "c", "type": "book", "title": "Bir kitap and başka", "language": "tr-TR"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout><text variable="title" text-case="title"/></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)], &[("b", None)], &[("c", None)]],
        &[r####"An algebraic approach To shape computation"####, r####"A general 3D shape grammar, or the CTAN archive"####, r####"Bir kitap and başka"####],
        &[r####"An Algebraic Approach To Shape Computation"####, r####"A General 3D Shape Grammar, or the CTAN Archive"####, r####"Bir kitap and başka"####],
    );
}

/// page ranges use the locale's delimiter (Turkish '-') and the style's format; cs:text prints numbers as written
#[test]
fn terbit_pages_turkish() {
    check(
        r####"[{"id": "a", "type": "article-journal", "title": "A", "page": "103-14", "issue": "5-8", "language": "tr-TR"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" page-range-format="expanded"><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></layout></citation><bibliography><layout><group delimiter=", "><text variable="page"/><text variable="issue"/></group></layout></bibliography></style>"####,
        "tr-TR",
        &[&[("a", Some("4-5"))]],
        &[r####"ss. 4-5"####],
        &[r####"103-114, 5-8"####],
    );
}

/// citeproc's initialize and particle rules
#[test]
fn terbit_initials_and_particles() {
    check(
        r####"[{"id": "a", "type": "book", "title": "A", "author": [{"family": "Li", "given": "Andrew I-kang"}, {"family": "Copeland", "given": "B Jack 1950-"}, {"family": "Lluis", "given": "i Ginovart J"}, {"family": "Vázques de Parga", "given": "Luis"}, {"family": "Park", "given": "Hyoung-June"}], "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout><names variable="author"><name name-as-sort-order="all" initialize-with=". " delimiter="; "/></names></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)]],
        &[r####"A"####],
        &[r####"Li, A. I.; Copeland, B. J. 1950.-.; Lluis, i. G. J.; Vázques de Parga, L.; Park, H.-J."####],
    );
}

/// punctuation is ignorable; quotes are not part of the key; items without names sort by their title
#[test]
fn terbit_sort_like_citeproc() {
    check(
        r####"[{"id": "a", "type": "book", "author": [{"family": "Al-Refaie", "given": "A"}], "issued": {"date-parts": [[2018]]}, "title": "x1", "language": "en-US"}, {"id": "b", "type": "book", "author": [{"family": "Alani", "given": "M"}], "issued": {"date-parts": [[2018]]}, "title": "x2", "language": "en-US"}, {"id": "c", "type": "article-journal", "title": "Color grammars", "language": "en-US"}, {"id": "d", "type": "book", "author": [{"family": "Cooper", "given": "A"}], "issued": {"date-parts": [[2013]]}, "title": "x3", "language": "en-US"}, {"id": "e", "type": "book", "author": [{"family": "Stouffs", "given": "Rudi"}], "issued": {"date-parts": [[2016]]}, "title": "x4", "language": "en-US"}, {"id": "f", "type": "book", "author": [{"family": "Stouffs", "given": "R"}], "issued": {"date-parts": [[2018]]}, "title": "x5", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="author-short"><names variable="author"><name form="short" and="symbol" delimiter=", "/><substitute><names variable="editor"/><text variable="title" quotes="true"/></substitute></names></macro>
<macro name="author"><names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", " delimiter-precedes-last="always"/><substitute><names variable="editor"/><text variable="title" quotes="true"/></substitute></names></macro><citation><layout><text variable="title"/></layout></citation><bibliography><sort><key macro="author"/><key variable="title"/></sort><layout><group delimiter=" "><text macro="author"/><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)], &[("b", None)], &[("c", None)], &[("d", None)], &[("e", None)], &[("f", None)]],
        &[r####"x1"####, r####"x2"####, r####"Color grammars"####, r####"x3"####, r####"x4"####, r####"x5"####],
        &[r####"Alani, M. x2"####, r####"Al-Refaie, A. x1"####, r####"“Color grammars”"####, r####"Cooper, A. x3"####, r####"Stouffs, R. x5"####, r####"Stouffs, R. x4"####],
    );
}

/// inline markup is not printed; a last name 'others' is et al.
#[test]
fn terbit_csl_json_markup_and_others() {
    check(
        r####"[{"id": "a", "type": "book", "title": "Le <i>De Anima</i> de <span style=\"font-variant:small-caps;\">mcxcviii</span>", "author": [{"family": "Irawan", "given": "D."}, {"family": "Sunardi", "given": "D."}, {"literal": "others"}], "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography et-al-min="10" et-al-use-first="5"><layout><group delimiter=". "><names variable="author"><name/></names><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)]],
        &[r####"Le De Anima de mcxcviii"####],
        &[r####"D. Irawan, D. Sunardi, et al. Le De Anima de mcxcviii"####],
    );
}

/// a citation that prints nothing has no layout affixes
#[test]
fn terbit_empty_citation() {
    check(
        r####"[{"id": "a", "type": "book", "title": "A", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout prefix="(" suffix=")"><names variable="author"/></layout></citation></style>"####,
        "en-US",
        &[&[("a", None)]],
        &[r####""####],
        &[],
    );
}

/// straight and curly quotes in the data become nested quotations; apostrophes become ’
#[test]
fn terbit_csl_json_quotes() {
    check(
        r####"[{"id": "a", "type": "article-journal", "title": "The \"best\" way's 'end' of \"x\"", "container-title": "J", "language": "en-US"}, {"id": "b", "type": "book", "title": "It's \"one\" and 'two'", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout suffix="."><text variable="title" quotes="true"/></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)], &[("b", None)]],
        &[r####"The “best” way’s “end” of “x”"####, r####"It’s “one” and “two”"####],
        &[r####"“The ‘best’ way’s ‘end’ of ‘x’.”"####, r####"“It’s ‘one’ and ‘two’.”"####],
    );
}

/// a variable a substitute printed is not printed again but still tests as present, and its label prints
#[test]
fn terbit_substituted_variables() {
    check(
        r####"[{"id": "a", "type": "book", "title": "The manual", "edition": "15", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" ><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="author"><names variable="author"><name/><substitute><group delimiter=" "><text variable="title"/><text macro="edition"/></group></substitute></names></macro>
<macro name="edition"><choose><if is-numeric="edition"><group delimiter=" " prefix="(" suffix=")"><number variable="edition" form="ordinal"/><label variable="edition" form="short"/></group></if></choose></macro><citation><layout><text variable="title"/></layout></citation><bibliography><layout suffix="."><group delimiter=". "><text macro="author"/><choose><if variable="title"><text value="has title"/></if></choose><text variable="title"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)]],
        &[r####"The manual"####],
        &[r####"The manual (15th ed.). has title."####],
    );
}

/// A macro that calls itself renders as empty inside itself instead of overflowing the stack.
#[test]
fn terbit_recursive_macro() {
    let style = r#"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><macro name="a"><group><text variable="title"/><text macro="b"/></group></macro><macro name="b"><text macro="a"/></macro><citation><layout><text macro="a"/></layout></citation><bibliography><layout><text macro="a"/></layout></bibliography></style>"#;
    let items = r#"[{"id":"a","type":"book","title":"T"}]"#;
    let (c, r) = render(items, style, "en-US", &[&[("a", None)]]);
    assert_eq!(c, ["T"]);
    assert_eq!(r, ["T"]);
}

/// Malformed CSL-JSON dates (empty date-parts, month 13, day 0, three dates) give no date or
/// part of one instead of panicking.
#[test]
fn terbit_malformed_dates() {
    let style = r#"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><date variable="issued" form="text"/></layout></citation></style>"#;
    let items = r#"[{"id":"a","type":"book","issued":{"date-parts":[[]]}},{"id":"b","type":"book","issued":{"date-parts":[[2010,13,0]]}},{"id":"c","type":"book","issued":{"date-parts":[[2010],[2011],[2012]]}},{"id":"d","type":"book","issued":{"date-parts":[[2010],[0]]}}]"#;
    let (c, _) = render(items, style, "en-US", &[&[("a", None)], &[("b", None)], &[("c", None)], &[("d", None)]]);
    assert_eq!(c, ["", "2010", "2010–2011", "2010"]);
}

/// capitalize-first leaves text starting with a nocase span alone; a dropping particle
/// without a given name follows the family name in sort order
#[test]
fn terbit_capitalize_first_after_nocase_and_lone_particle() {
    check(
        r####"[{"id": "a", "type": "book", "author": [{"family": "Aysu", "given": "Emre"}, {"family": "GCC Developer Community", "dropping-particle": "the"}], "issued": {"date-parts": [[1977]]}, "title": "Eski", "publisher": "<span class=\"nocase\">İ</span>stanbul Devlet", "language": "en-US"}]"####,
        r####"<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" initialize-with=". "><info><title>t</title><id>t</id><updated>2020-01-01T00:00:00+00:00</updated></info><citation><layout><names variable="author"><name form="short"/></names></layout></citation><bibliography><layout suffix="."><group delimiter=". "><names variable="author"><name name-as-sort-order="all" and="symbol" delimiter=", " delimiter-precedes-last="always"/></names><text variable="title"/><text variable="publisher" text-case="capitalize-first"/></group></layout></bibliography></style>"####,
        "en-US",
        &[&[("a", None)]],
        &["Aysu, GCC Developer Community"],
        &[r####"Aysu, E., & GCC Developer Community, the. Eski. İstanbul Devlet."####],
    );
}
