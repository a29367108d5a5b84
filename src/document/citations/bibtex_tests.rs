//! Expected values are pandoc 3.9's (`pandoc X.bib -t csljson`, or the references pandoc's
//! citeproc reads with `-M lang=…`), except where a comment says otherwise.
//!
//! Sources of the real entries: `biblatex-examples.bib` from plk/biblatex (LPPL 1.3c),
//! `template-skripsi` by gtrdp (MIT), both shortened. Entries marked "written for this test"
//! imitate real bibliographies (a Turkish PhD thesis exported from Papers, an Indonesian skripsi)
//! without copying them.

use hayagriva::citationberg::json::{DateValue, Item, NameValue, Value};

use super::*;

fn convert(text: &str, lang: &str) -> Converted {
    match to_csl(text, lang) {
        Ok(c) => c,
        Err(e) => panic!("{} at {}: {}", e.message, e.offset, e.help),
    }
}

fn items(text: &str, lang: &str) -> Vec<Item> {
    convert(text, lang).items
}

fn item<'a>(items: &'a [Item], id: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.id().as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn one(text: &str, lang: &str) -> Item {
    let mut all = items(text, lang);
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn s(item: &Item, var: &str) -> Option<String> {
    match item.0.get(var)? {
        Value::String(s) => Some(s.clone()),
        other => panic!("{var} is {other:?}"),
    }
}

/// Names as `family|given|dropping|non-dropping|suffix` (empty parts left out at the end), or
/// `=literal`.
fn names(item: &Item, var: &str) -> Vec<String> {
    let Some(Value::Names(list)) = item.0.get(var) else {
        return Vec::new();
    };
    list.iter()
        .map(|n| match n {
            NameValue::Literal(l) => format!("={}", l.literal),
            NameValue::Item(n) => {
                let parts = [
                    n.family.as_str(),
                    n.given.as_deref().unwrap_or(""),
                    n.dropping_particle.as_deref().unwrap_or(""),
                    n.non_dropping_particle.as_deref().unwrap_or(""),
                    n.suffix.as_deref().unwrap_or(""),
                ];
                let mut s = parts.join("|");
                while s.ends_with('|') {
                    s.pop();
                }
                s
            }
        })
        .collect()
}

fn date(item: &Item, var: &str) -> Option<(Vec<Vec<i16>>, Option<String>, bool)> {
    match item.0.get(var)? {
        Value::Date(DateValue::DateParts {
            date_parts,
            literal,
            circa,
            ..
        }) => Some((
            date_parts.0.iter().map(|d| d.0.clone()).collect(),
            literal.clone(),
            *circa,
        )),
        other => panic!("{var} is {other:?}"),
    }
}

const NC: &str = "<span class=\"nocase\">";

// biblatex-examples.bib (LPPL 1.3c): Turkish letters written in LaTeX, in names.
const AKSIN: &str = r#"@article{aksin,
  author       = {Aks{\i}n, {\"O}zge and T{\"u}rkmen, Hayati and Artok, Levent
                  and {\c{C}}etinkaya, Bekir and Ni, Chaoying and
                  B{\"u}y{\"u}kg{\"u}ng{\"o}r, Orhan and {\"O}zkal, Erhan},
  title        = {Effect of immobilization on catalytic characteristics of
                  saturated {Pd-N}-heterocyclic carbenes in {Mizoroki-Heck}
                  reactions},
  journaltitle = {J.~Organomet. Chem.},
  date         = 2006,
  volume       = 691,
  number       = 13,
  pages        = {3027-3036},
}"#;

#[test]
fn an_article_with_turkish_letters_in_latex() {
    let a = one(AKSIN, "en-US");
    assert_eq!(s(&a, "type").as_deref(), Some("article-journal"));
    assert_eq!(
        names(&a, "author"),
        [
            "Aksın|Özge",
            "Türkmen|Hayati",
            "Artok|Levent",
            "Çetinkaya|Bekir",
            "Ni|Chaoying",
            "Büyükgüngör|Orhan",
            "Özkal|Erhan"
        ]
    );
    assert_eq!(
        s(&a, "title").unwrap(),
        format!(
            "Effect of immobilization on catalytic characteristics of saturated \
             {NC}Pd-N</span>-heterocyclic carbenes in {NC}Mizoroki-Heck</span> reactions"
        )
    );
    // `~` is a no-break space.
    assert_eq!(
        s(&a, "container-title").as_deref(),
        Some("J.\u{a0}Organomet. Chem.")
    );
    assert_eq!(s(&a, "issue").as_deref(), Some("13"));
    assert_eq!(s(&a, "volume").as_deref(), Some("691"));
    assert_eq!(s(&a, "page").as_deref(), Some("3027-3036"));
    assert_eq!(date(&a, "issued"), Some((vec![vec![2006]], None, false)));
}

// biblatex-examples.bib (LPPL 1.3c).
const GEER: &str = r#"@thesis{geer,
  author       = {de Geer, Ingrid},
  title        = {Earl, Saint, Bishop, Skald~-- and Music},
  type         = {phdthesis},
  institution  = {Uppsala Universitet},
  date         = 1985,
  subtitle     = {The {Orkney Earldom} of the Twelfth Century. {A} Musicological
                  Study},
  location     = {Uppsala},
  options      = {useprefix=false},
  langid       = {english},
  langidopts   = {variant=british},
}"#;

#[test]
fn english_titles_are_in_sentence_case_in_english_books_only() {
    let en = one(GEER, "en-US");
    assert_eq!(
        s(&en, "title").unwrap(),
        format!(
            "Earl, saint, bishop, skald\u{a0}– and music: The {NC}Orkney Earldom</span> of the \
             twelfth century. {NC}A</span> musicological study"
        )
    );
    assert_eq!(
        s(&en, "title-short").as_deref(),
        Some("Earl, saint, bishop, skald\u{a0}– and music")
    );
    assert_eq!(s(&en, "language").as_deref(), Some("en-GB"));
    // A Turkish book leaves an English entry's title as written, and its brace groups are not
    // kept from a style's case changes.
    let tr = one(GEER, "tr-TR");
    assert_eq!(
        s(&tr, "title").as_deref(),
        Some(
            "Earl, Saint, Bishop, Skald\u{a0}– and Music: The Orkney Earldom of the Twelfth \
             Century. A Musicological Study"
        )
    );
}

#[test]
fn thesis_genre_is_the_books_language_string_for_the_key() {
    assert_eq!(
        s(&one(GEER, "en-US"), "genre").as_deref(),
        Some("PhD thesis")
    );
    assert_eq!(
        s(&one(GEER, "tr-TR"), "genre").as_deref(),
        Some("doktora tezi")
    );
    assert_eq!(
        s(&one(GEER, "tr"), "genre").as_deref(),
        Some("doktora tezi")
    );
    // pandoc has no Indonesian strings: the key itself.
    assert_eq!(
        s(&one(GEER, "id-ID"), "genre").as_deref(),
        Some("phdthesis")
    );
    let g = one(GEER, "en-US");
    assert_eq!(s(&g, "type").as_deref(), Some("thesis"));
    assert_eq!(s(&g, "publisher").as_deref(), Some("Uppsala Universitet"));
    assert_eq!(s(&g, "publisher-place").as_deref(), Some("Uppsala"));
    assert_eq!(names(&g, "author"), ["Geer|Ingrid|de"]);
}

#[test]
fn bibtex_thesis_types_and_their_genres() {
    let bib = "@phdthesis{p, title={T}, school={S}}\n@mastersthesis{m, title={T}, school={S}}\n\
               @techreport{r, title={T}, institution={I}}\n@report{q, title={T}, type={techreport}}\n\
               @thesis{y, title={T}, type={Y{\\\"u}ksek Lisans Tezi}}";
    let tr = items(bib, "tr-TR");
    assert_eq!(s(item(&tr, "p"), "genre").as_deref(), Some("doktora tezi"));
    // No Turkish string for `mathesis`.
    assert_eq!(s(item(&tr, "m"), "genre").as_deref(), Some("mathesis"));
    assert_eq!(s(item(&tr, "r"), "genre"), None);
    assert_eq!(s(item(&tr, "q"), "genre").as_deref(), Some("teknik rapor"));
    // A `type` that is no key is kept as written, LaTeX and all (as pandoc does).
    assert_eq!(
        s(item(&tr, "y"), "genre").as_deref(),
        Some("Y{\\\"u}ksek Lisans Tezi")
    );
    let en = items(bib, "en-US");
    assert_eq!(
        s(item(&en, "m"), "genre").as_deref(),
        Some("Master’s thesis")
    );
    assert_eq!(
        s(item(&en, "q"), "genre").as_deref(),
        Some("technical report")
    );
    assert_eq!(s(item(&en, "r"), "type").as_deref(), Some("report"));
    assert_eq!(s(item(&en, "r"), "publisher").as_deref(), Some("I"));
}

// biblatex-examples.bib (LPPL 1.3c).
const KANT: &str = r#"@inbook{kant:kpv,
  title        = {Kritik der praktischen Vernunft},
  date         = 1968,
  author       = {Kant, Immanuel},
  booktitle    = {Kritik der praktischen Vernunft. Kritik der Urtheilskraft},
  bookauthor   = {Kant, Immanuel},
  maintitle    = {Kants Werke. Akademie Textausgabe},
  volume       = 5,
  publisher    = {Walter de Gruyter},
  location     = {Berlin},
  pages        = {1-163},
  langid       = {german},
  shorttitle   = {Kritik der praktischen Vernunft},
}"#;

#[test]
fn an_inbook_with_a_maintitle() {
    let k = one(KANT, "en-US");
    assert_eq!(s(&k, "type").as_deref(), Some("chapter"));
    assert_eq!(
        s(&k, "title").as_deref(),
        Some("Kritik der praktischen Vernunft")
    );
    assert_eq!(
        s(&k, "container-title").as_deref(),
        Some("Kants Werke. Akademie Textausgabe")
    );
    assert_eq!(
        s(&k, "volume-title").as_deref(),
        Some("Kritik der praktischen Vernunft. Kritik der Urtheilskraft")
    );
    assert_eq!(names(&k, "container-author"), ["Kant|Immanuel"]);
    assert_eq!(s(&k, "language").as_deref(), Some("de-DE"));
    assert_eq!(
        s(&k, "title-short").as_deref(),
        Some("Kritik der praktischen Vernunft")
    );
}

// biblatex-examples.bib (LPPL 1.3c).
const WESTFAHL: &str = r#"@incollection{westfahl:space,
  author       = {Westfahl, Gary},
  title        = {The True Frontier},
  subtitle     = {Confronting and Avoiding the Realities of Space in {American}
                  Science Fiction Films},
  pages        = {55-65},
  crossref     = {westfahl:frontier},
  langid       = {english},
  langidopts   = {variant=american},
}
@collection{westfahl:frontier,
  editor       = {Westfahl, Gary},
  title        = {Space and Beyond},
  date         = 2000,
  subtitle     = {The Frontier Theme in Science Fiction},
  publisher    = {Greenwood},
  location     = {Westport, Conn. and London},
  langid       = {english},
  langidopts   = {variant=american},
  booktitle    = {Space and Beyond},
  booksubtitle = {The Frontier Theme in Science Fiction},
}"#;

#[test]
fn crossref_inherits_from_the_parent() {
    let all = items(WESTFAHL, "en-US");
    let w = item(&all, "westfahl:space");
    assert_eq!(s(w, "type").as_deref(), Some("chapter"));
    assert_eq!(
        s(w, "container-title").as_deref(),
        Some("Space and beyond: The frontier theme in science fiction")
    );
    assert_eq!(names(w, "editor"), ["Westfahl|Gary"]);
    assert_eq!(s(w, "publisher").as_deref(), Some("Greenwood"));
    // `location` is a list: its items are joined with "; ".
    assert_eq!(
        s(w, "publisher-place").as_deref(),
        Some("Westport, Conn.; London")
    );
    assert_eq!(date(w, "issued"), Some((vec![vec![2000]], None, false)));
    assert_eq!(s(w, "language").as_deref(), Some("en-US"));
    assert_eq!(s(w, "title-short").as_deref(), Some("The true frontier"));
}

#[test]
fn crossref_renames_by_the_types_of_parent_and_child() {
    // Written for this test: an @mvbook's title is an @inbook's maintitle (its container) and a
    // @book's its title; a @book's title is an @inbook's booktitle; ancestors further up are
    // renamed for the child's type too.
    let bib = "@mvbook{A, title={AT}, subtitle={AST}, publisher={APub}, author={Au, A}}\n\
               @book{B, title={BT}, crossref={A}, isbn={BI}}\n\
               @inbook{C, title={CT}, crossref={B}}\n\
               @misc{D, title={DT}, crossref={B}}";
    let all = items(bib, "tr-TR");
    let b = item(&all, "B");
    assert_eq!(s(b, "title").as_deref(), Some("AT: AST"));
    assert_eq!(s(b, "volume-title").as_deref(), Some("BT"));
    assert_eq!(names(b, "container-author"), ["Au|A"]);
    let c = item(&all, "C");
    assert_eq!(s(c, "title").as_deref(), Some("CT"));
    assert_eq!(s(c, "container-title").as_deref(), Some("AT: AST"));
    assert_eq!(s(c, "volume-title").as_deref(), Some("BT"));
    assert_eq!(s(c, "ISBN").as_deref(), Some("BI"));
    let d = item(&all, "D");
    assert_eq!(s(d, "title").as_deref(), Some("DT: AST"));
    assert_eq!(s(d, "publisher").as_deref(), Some("APub"));
}

#[test]
fn xdata_fields_are_inherited_and_xdata_entries_are_not_items() {
    let bib = "@xdata{x1, publisher={XPub}, location={XLoc}, year=2011}\n\
               @xdata{x2, edition={3}, publisher={Other}}\n\
               @book{a, title={A}, xdata={x1, x2}}\n@book{b, title={B}, xdata={x1}, year=1999}";
    let all = items(bib, "en-US");
    assert_eq!(all.len(), 2);
    let a = item(&all, "a");
    // The later xdata entry wins.
    assert_eq!(s(a, "publisher").as_deref(), Some("Other"));
    assert_eq!(s(a, "publisher-place").as_deref(), Some("XLoc"));
    assert_eq!(s(a, "edition").as_deref(), Some("3"));
    assert_eq!(
        date(item(&all, "b"), "issued"),
        Some((vec![vec![1999]], None, false))
    );
}

#[test]
fn crossref_loops_are_cut_with_a_warning() {
    // pandoc 3.9 does not finish on this file; terbit warns.
    let c = convert(
        "@book{a, title={A}, crossref={b}}\n@book{b, title={B}, crossref={a}}",
        "en-US",
    );
    assert_eq!(c.items.len(), 2);
    assert!(c.warnings.iter().any(|w| w.message.contains("loops back")));
}

#[test]
fn a_missing_crossref_parent_is_a_warning() {
    let text = "@book{a, title={A}, crossref={nowhere}}";
    let c = convert(text, "en-US");
    assert_eq!(s(&c.items[0], "title").as_deref(), Some("A"));
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].offset, text.find("nowhere").unwrap());
    assert!(c.warnings[0].message.contains("`nowhere`"));
}

#[test]
fn entry_types_map_to_csl_types() {
    let cases = [
        ("article", "article-journal"),
        ("book", "book"),
        ("mvbook", "book"),
        ("inbook", "chapter"),
        ("incollection", "chapter"),
        ("inproceedings", "paper-conference"),
        ("proceedings", "book"),
        ("manual", "book"),
        ("booklet", "pamphlet"),
        ("online", "webpage"),
        ("www", "webpage"),
        ("misc", ""),
        ("conference", ""),
        ("report", "report"),
        ("techreport", "report"),
        ("thesis", "thesis"),
        ("unpublished", "manuscript"),
        ("patent", "patent"),
        ("periodical", "article-journal"),
        ("inreference", "entry-encyclopedia"),
        ("dataset", "dataset"),
        ("software", "software"),
        ("movie", "motion_picture"),
        ("letter", "personal_communication"),
        ("standard", "legislation"),
        ("nonsense", ""),
    ];
    for (kind, csl) in cases {
        let i = one(&format!("@{kind}{{k, title={{T}}}}"), "en-US");
        assert_eq!(s(&i, "type").as_deref(), Some(csl), "@{kind}");
    }
    let magazine = one("@article{k, title={T}, entrysubtype={magazine}}", "en-US");
    assert_eq!(s(&magazine, "type").as_deref(), Some("article-magazine"));
    let talk = one("@unpublished{k, title={T}, eventtitle={E}}", "en-US");
    assert_eq!(s(&talk, "type").as_deref(), Some("speech"));
    assert_eq!(s(&talk, "event").as_deref(), Some("E"));
}

#[test]
fn publisher_joins_school_institution_organization_howpublished_and_publisher() {
    let i = one(
        "@misc{k, publisher={P1 and P2}, school={S}, institution={I}, organization={O}, \
         howpublished={H and H2}, address={Bandung}, location={Jakarta}}",
        "id-ID",
    );
    // `howpublished` is not a list; `address` wins over `location`.
    assert_eq!(
        s(&i, "publisher").as_deref(),
        Some("S; I; O; H and H2; P1; P2")
    );
    assert_eq!(s(&i, "publisher-place").as_deref(), Some("Bandung"));
    let braced = one("@book{k, publisher={{Barnes and Noble}}}", "en-US");
    assert_eq!(
        s(&braced, "publisher").unwrap(),
        format!("{NC}Barnes and Noble</span>")
    );
}

#[test]
fn names_with_particles_suffixes_and_others() {
    let i = one(
        r"@book{k, author={van der Aalst, Wil M. P. and Jean de la Fontaine and King, Jr., Martin Luther
           and {World Health Organization} and Smith, J.R.R. and Widyawan and others}}",
        "en-US",
    );
    assert_eq!(
        names(&i, "author"),
        [
            "Aalst|Wil M. P.|van der",
            "Fontaine|Jean|de la",
            "King|Martin Luther|||Jr.",
            "=World Health Organization",
            "Smith|J. R. R.",
            "Widyawan",
            "=others"
        ]
    );
}

#[test]
fn names_particles_in_braces_and_useprefix() {
    let i = one(
        r"@book{k, author={{van Gennep}, Arnold and Mario d'Angelo and {al-Farabi}, Abu Nasr
           and Ludwig {van} Beethoven and {\'E}mile Zola and Zola, {\'E}mile}}",
        "en-US",
    );
    assert_eq!(
        names(&i, "author"),
        [
            "van Gennep|Arnold",
            "d’Angelo|Mario",
            "al-Farabi|Abu Nasr",
            "Beethoven|Ludwig|van",
            // pandoc takes a word starting with a brace group and a lower-case letter for a
            // particle.
            "Zola||Émile",
            "Zola|Émile"
        ]
    );
    let p = one(
        "@book{k, author={van Gennep, Arnold}, options={useprefix=true}}",
        "en-US",
    );
    assert_eq!(names(&p, "author"), ["Gennep|Arnold||van"]);
    let d = one("@book{k, author={van Gennep, Arnold}}", "en-US");
    assert_eq!(names(&d, "author"), ["Gennep|Arnold|van"]);
}

#[test]
fn editors_translators_and_directors() {
    let i = one(
        "@book{k, editor={Sutanto, Rina and Wijaya, Andi}, translator={Roe, R}, bookauthor={B, A}}",
        "id-ID",
    );
    assert_eq!(names(&i, "editor"), ["Sutanto|Rina", "Wijaya|Andi"]);
    assert_eq!(names(&i, "translator"), ["Roe|R"]);
    assert_eq!(names(&i, "container-author"), ["B|A"]);
    let d = one("@movie{k, editor={Doe, J}, editortype={director}}", "en-US");
    assert_eq!(names(&d, "director"), ["Doe|J"]);
    assert!(names(&d, "editor").is_empty());
}

#[test]
fn dates_years_months_and_ranges() {
    let bib = "@misc{a, year=2020, month=jul}\n@misc{b, year={2020}, month={7}, day={4}}\n\
               @misc{c, date={2020-07-04/2020-08-01}}\n@misc{d, date={1850~}}\n\
               @misc{e, year={in press}}\n@misc{f, date={-0044}}\n@misc{g, year=2001, date={junk}}\n\
               @misc{h, year=2020, month={July}}\n@misc{i, date={2020-07}, year=1999}\n@misc{j, year=2020, month=may}";
    let all = items(bib, "en-US");
    assert_eq!(
        date(item(&all, "a"), "issued"),
        Some((vec![vec![2020, 7]], None, false))
    );
    assert_eq!(
        date(item(&all, "b"), "issued"),
        Some((vec![vec![2020, 7, 4]], None, false))
    );
    assert_eq!(
        date(item(&all, "c"), "issued"),
        Some((vec![vec![2020, 7, 4], vec![2020, 8, 1]], None, false))
    );
    assert_eq!(
        date(item(&all, "d"), "issued"),
        Some((vec![vec![1850]], None, true))
    );
    assert_eq!(
        date(item(&all, "e"), "issued"),
        Some((vec![], Some("in press".to_string()), false))
    );
    // biblatex's year -44 is 45 BC.
    assert_eq!(
        date(item(&all, "f"), "issued"),
        Some((vec![vec![-45]], None, false))
    );
    // A `date` pandoc cannot read gives way to `year`.
    assert_eq!(
        date(item(&all, "g"), "issued"),
        Some((vec![vec![2001]], None, false))
    );
    // Only a number or a three-letter month is a month.
    assert_eq!(
        date(item(&all, "h"), "issued"),
        Some((vec![vec![2020]], None, false))
    );
    assert_eq!(
        date(item(&all, "i"), "issued"),
        Some((vec![vec![2020, 7]], None, false))
    );
    assert_eq!(
        date(item(&all, "j"), "issued"),
        Some((vec![vec![2020, 5]], None, false))
    );
    // In a Turkish book the bare word `may` is "Mayıs" (pandoc resolves undefined macros as
    // localization keys), which is no month.
    let tr = items(bib, "tr-TR");
    assert_eq!(
        date(item(&tr, "j"), "issued"),
        Some((vec![vec![2020]], None, false))
    );
}

// template-skripsi by gtrdp (MIT), shortened.
const GTRDP: &str = r"@misc{Network2014,
author = {Network, Microsoft Development},
title = {{How to Use .NET}},
url = {http://msdn.microsoft.com/},
urldate = {13/01/2014},
year = {2014}
}
@misc{Digi2013,
author = {{Digi International Inc.}},
title = {{ZigBee\textsuperscript{\textregistered} Wireless Standard}},
year = {2013}
}
@inproceedings{Widyawan2012,
author = {Widyawan and Wibowo, Sigit Basuki and Zul, Muhammad Ihsan and Nugroho, Budi},
booktitle = {5th AUN/SEED-Net Regional Conference on Information and Communications Technology (RCICT)},
organization = {AUN/SEED-Net},
title = {{iHome: Low-Cost Domotic for Residential Houses}},
year = {2012}
}";

#[test]
fn an_indonesian_skripsi_bibliography() {
    let c = convert(GTRDP, "id-ID");
    let n = item(&c.items, "Network2014");
    // `13/01/2014` is no date: left out, with a warning where it is written.
    assert!(!n.0.contains_key("accessed"));
    let w = c
        .warnings
        .iter()
        .find(|w| w.message.contains("urldate"))
        .unwrap();
    assert_eq!(w.offset, GTRDP.find("13/01/2014").unwrap());
    assert_eq!(s(n, "URL").as_deref(), Some("http://msdn.microsoft.com/"));
    let d = item(&c.items, "Digi2013");
    assert_eq!(names(d, "author"), ["=Digi International Inc."]);
    // Brace groups in the titles of a non-English book are not kept from a style's case changes
    // (pandoc does so only where it put the title in sentence case).
    assert_eq!(
        s(d, "title").as_deref(),
        Some("ZigBee<sup>®</sup> Wireless Standard")
    );
    let w = item(&c.items, "Widyawan2012");
    assert_eq!(names(w, "author")[0], "Widyawan");
    assert_eq!(s(w, "publisher").as_deref(), Some("AUN/SEED-Net"));
    assert_eq!(
        s(w, "container-title").as_deref(),
        Some(
            "5th AUN/SEED-Net Regional Conference on Information and Communications Technology (RCICT)"
        )
    );
}

#[test]
fn turkish_latex_letters_and_papers_app_fields() {
    // Written for this test, like a Papers export: `{\c s}`, `{\.{I}}`, `{\i}`, `{\u g}`, a
    // double-braced title, `month = jul`, `uri`.
    let i = one(
        r#"@article{Ozen:2009,
title = {{Geleneksel Trabzon Evleri {\.{I}}{\c c}in Bir Ara{\c s}t{\i}rma}},
author = {{\"O}zen, Hamiyet and Tuluk, {\"O}mer {\.I}skender and D{\"u}zenli, Halil {\.I}brahim},
journal = {Megaron},
year = {2009},
month = jul,
volume = {4},
number = {2},
pages = {71--82},
uri = {\url{papers3://publication/uuid/1}}
}"#,
        "tr-TR",
    );
    assert_eq!(
        s(&i, "title").as_deref(),
        Some("Geleneksel Trabzon Evleri İçin Bir Araştırma")
    );
    // In an English book, each brace group (a braced letter too) is kept from case changes.
    let en = one(
        "@article{a, title={{Geleneksel Trabzon Evleri {\\.{I}}{\\c c}in}}, langid={turkish}, \
         journal={{\\.I}T{\\\"U} Journal}}",
        "en-US",
    );
    assert_eq!(
        s(&en, "title").as_deref(),
        Some("Geleneksel Trabzon Evleri İçin")
    );
    assert_eq!(
        s(&en, "container-title").unwrap(),
        format!("{NC}İ</span>T{NC}Ü</span> Journal")
    );
    assert_eq!(
        names(&i, "author"),
        [
            "Özen|Hamiyet",
            "Tuluk|Ömer İskender",
            "Düzenli|Halil İbrahim"
        ]
    );
    assert_eq!(date(&i, "issued"), Some((vec![vec![2009, 7]], None, false)));
    assert_eq!(s(&i, "page").as_deref(), Some("71-82"));
    assert_eq!(s(&i, "issue").as_deref(), Some("2"));
    assert!(!i.0.contains_key("uri"));
}

#[test]
fn latex_commands_and_marks() {
    let i = one(
        r#"@misc{k, note={\emph{Italic} \textbf{bold} \textsc{sc} x\textsuperscript{2} ``quoted''
            `single' a--b a---b \& 50\% \url{http://a.b/c_d} $E=mc^2$ \"u \'e \c{c} \v{s} \ss{}
            \LaTeX{} \ldots \unknown{dropped} \mkbibquote{q}}}"#,
        "en-US",
    );
    assert_eq!(
        s(&i, "note").unwrap(),
        format!(
            "<i>Italic</i> <b>bold</b> <span style=\"font-variant:small-caps;\">sc</span> \
             x<sup>2</sup> “quoted” “single” a–b a—b & 50% http://a.b/c_d <i>E</i> = <i>m</i><i>c</i><sup>2</sup> ü é ç š ß \
             LaTeX … {NC}“q”</span>"
        )
    );
}

#[test]
fn nested_styles_and_quotations() {
    let i = one(
        r"@misc{k, note={\emph{a \emph{b} c} ``x `y' z'' \textbf{ bold }end}}",
        "en-US",
    );
    // Italics in italics nest (pandoc writes a `font-style:normal` span it cannot read back);
    // quotation marks alternate; spaces at the ends of a style move out of it.
    assert_eq!(
        s(&i, "note").as_deref(),
        Some("<i>a <i>b</i> c</i> “x ‘y’ z” <b>bold</b> end")
    );
}

#[test]
fn pages_use_a_hyphen_but_other_fields_an_en_dash() {
    let i = one(
        "@article{k, pages={431--456, 791--823}, volume={1--2}, number={3--4}}",
        "en-US",
    );
    assert_eq!(s(&i, "page").as_deref(), Some("431-456, 791-823"));
    assert_eq!(s(&i, "volume").as_deref(), Some("1–2"));
    assert_eq!(s(&i, "issue").as_deref(), Some("3–4"));
}

#[test]
fn sentence_case_details() {
    let cases = [
        (
            "A Study of {DNA} and RNA",
            format!("A study of {NC}DNA</span> and RNA"),
        ),
        (
            "iPhone and eBay Studies",
            "iPhone and eBay studies".to_string(),
        ),
        (
            "Using C++ and Java: A Guide",
            "Using c++ and java: A guide".to_string(),
        ),
        (
            "Hello World. Next Sentence? Yes! OK: Fine",
            "Hello world. Next sentence? Yes! OK: fine".to_string(),
        ),
        ("U.S. Patent Office", "U.s. Patent office".to_string()),
        (
            "Mizoroki-Heck Reactions",
            "Mizoroki-heck reactions".to_string(),
        ),
        ("Part One. Two", "Part one. two".to_string()),
        ("the lower title", "The lower title".to_string()),
        (
            "An \\emph{Emphasized Title} Here",
            "An <i>emphasized title</i> here".to_string(),
        ),
        // (Lower-cased, then capitalised, as pandoc does it.)
        ("İstanbul İçin", "I\u{307}stanbul i\u{307}çin".to_string()),
    ];
    for (title, want) in cases {
        let i = one(&format!("@book{{k, title={{{title}}}}}"), "en-US");
        assert_eq!(s(&i, "title").unwrap(), want, "{title}");
    }
    // Not in an English book, nor for an entry in another language.
    let i = one("@book{k, title={A Study of Things}}", "id-ID");
    assert_eq!(s(&i, "title").as_deref(), Some("A Study of Things"));
    let i = one(
        "@book{k, title={A Study of Things}, langid={indonesian}}",
        "en-US",
    );
    assert_eq!(s(&i, "title").as_deref(), Some("A Study of Things"));
    assert_eq!(s(&i, "language").as_deref(), Some("indonesian"));
}

#[test]
fn titles_subtitles_and_short_titles() {
    let bib = "@book{a, title={Tt}, subtitle={Ss}, titleaddon={Aa}}\n@book{b, title={Tt?}, subtitle={Ss}}\n\
               @book{c, title={Tt: Colon}}\n@book{d, title={Tt}, shorttitle={Sh}}\n\
               @book{e, title={Tt}, maintitle={Mm}, mainsubtitle={Ms}}\n\
               @periodical{f, title={Journal}, issuetitle={Issue}}";
    let all = items(bib, "tr-TR");
    assert_eq!(s(item(&all, "a"), "title").as_deref(), Some("Tt: Ss. Aa"));
    assert_eq!(s(item(&all, "a"), "title-short").as_deref(), Some("Tt"));
    assert_eq!(s(item(&all, "b"), "title").as_deref(), Some("Tt? Ss"));
    assert_eq!(s(item(&all, "c"), "title-short").as_deref(), Some("Tt"));
    assert_eq!(s(item(&all, "d"), "title-short").as_deref(), Some("Sh"));
    assert_eq!(s(item(&all, "e"), "title").as_deref(), Some("Mm: Ms"));
    assert_eq!(s(item(&all, "e"), "volume-title").as_deref(), Some("Tt"));
    assert_eq!(s(item(&all, "f"), "title").as_deref(), Some("Issue"));
    assert_eq!(
        s(item(&all, "f"), "container-title").as_deref(),
        Some("Journal")
    );
}

#[test]
fn series_keys_and_ordinals_follow_the_books_language() {
    let bib = "@article{a, series={newseries}}\n@article{b, series={3}}\n@article{c, series={21}}\n\
               @book{d, series={Studies in History and Theory}, number={7}}";
    let en = items(bib, "en-US");
    assert_eq!(
        s(item(&en, "a"), "collection-title").as_deref(),
        Some("New series")
    );
    assert_eq!(
        s(item(&en, "b"), "collection-title").as_deref(),
        Some("3rd series")
    );
    // (pandoc's "21th".)
    assert_eq!(
        s(item(&en, "c"), "collection-title").as_deref(),
        Some("21th series")
    );
    assert_eq!(s(item(&en, "d"), "collection-number").as_deref(), Some("7"));
    let tr = items(bib, "tr-TR");
    assert_eq!(
        s(item(&tr, "a"), "collection-title").as_deref(),
        Some("yeni seri")
    );
    assert_eq!(
        s(item(&tr, "b"), "collection-title").as_deref(),
        Some("3. seri")
    );
    // pandoc turns each word of a series that is a localization key into the language's string.
    assert_eq!(
        s(item(&tr, "d"), "collection-title").as_deref(),
        Some("Studies in History ve Theory")
    );
    let id = items(bib, "id-ID");
    assert_eq!(
        s(item(&id, "b"), "collection-title").as_deref(),
        Some("3 jourser")
    );
}

#[test]
fn identifiers_urls_and_eprints() {
    let bib = "@article{a, doi={10.1000/x_y}, url={http://x.org/a_b%20c}, isbn={978-3-16}, issn={1234-5678}}\n\
               @online{b, eprint={1234.5678}, eprinttype={arxiv}, urldate={2022-03-15}}\n\
               @misc{c, eprint={12345}, archiveprefix={pubmed}}";
    let all = items(bib, "en-US");
    let a = item(&all, "a");
    assert_eq!(s(a, "DOI").as_deref(), Some("10.1000/x_y"));
    assert_eq!(s(a, "URL").as_deref(), Some("http://x.org/a_b%20c"));
    assert_eq!(s(a, "ISBN").as_deref(), Some("978-3-16"));
    assert_eq!(s(a, "ISSN").as_deref(), Some("1234-5678"));
    let b = item(&all, "b");
    assert_eq!(
        s(b, "URL").as_deref(),
        Some("https://arxiv.org/abs/1234.5678")
    );
    assert_eq!(
        date(b, "accessed"),
        Some((vec![vec![2022, 3, 15]], None, false))
    );
    assert_eq!(
        s(item(&all, "c"), "URL").as_deref(),
        Some("https://www.ncbi.nlm.nih.gov/pubmed/12345")
    );
}

#[test]
fn langid_names_become_language_tags() {
    let bib = "@book{a, langid={turkish}}\n@book{b, langid={english}, langidopts={variant=british}}\n\
               @book{c, langid={ngerman}}\n@book{d, hyphenation={french}}\n@book{e, langid={Bahasa}}";
    let all = items(bib, "en-US");
    let tag = |id| s(item(&all, id), "language");
    assert_eq!(tag("a").as_deref(), Some("tr-TR"));
    assert_eq!(tag("b").as_deref(), Some("en-GB"));
    assert_eq!(tag("c").as_deref(), Some("de-DE"));
    assert_eq!(tag("d").as_deref(), Some("fr-FR"));
    assert_eq!(tag("e").as_deref(), Some("bahasa"));
}

#[test]
fn file_syntax_strings_comments_and_concatenation() {
    let bib = "% a comment line: @book{no, title={No}}\n\
               @string{jcg = \"Journal of CG\"}\n@STRING{Loc = \"Loc\" # \"ation\"}\n\
               @comment{ @book{hidden, title={H}} }\n@preamble{\"\\newcommand{\\x}{y}\"}\n\
               junk text between entries\n\
               @Article{a, Title = \"A {Quoted} Title\", journal = jcg, address = Loc,\n  note = jcg # { and } # 12,\n  % a comment between fields\n}\n\
               @book(b, title={Parentheses})";
    let all = items(bib, "tr-TR");
    assert_eq!(all.len(), 2);
    let a = item(&all, "a");
    assert_eq!(s(a, "title").as_deref(), Some("A Quoted Title"));
    assert_eq!(s(a, "container-title").as_deref(), Some("Journal of CG"));
    assert_eq!(s(a, "publisher-place").as_deref(), Some("Location"));
    assert_eq!(s(a, "note").as_deref(), Some("Journal of CG and 12"));
    assert_eq!(s(item(&all, "b"), "title").as_deref(), Some("Parentheses"));
}

#[test]
fn an_undefined_string_is_its_name_with_a_warning() {
    let text = "@book{a, title = undefined # {!}}";
    let c = convert(text, "en-US");
    assert_eq!(s(&c.items[0], "title").as_deref(), Some("Undefined!"));
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].offset, text.find("undefined").unwrap());
}

#[test]
fn warnings_for_what_pandoc_reads_silently_differently() {
    // A bare `may` is "Mayıs" in a Turkish book, which is no month; `@webpage` is no type.
    let text =
        "@article{a, title={T}, year=2020, month=may}\n@webpage{w, title={W}, url={http://x.org}}";
    let c = convert(text, "tr-TR");
    assert_eq!(
        date(item(&c.items, "a"), "issued"),
        Some((vec![vec![2020]], None, false))
    );
    assert_eq!(s(item(&c.items, "w"), "type").as_deref(), Some(""));
    let month = c
        .warnings
        .iter()
        .find(|w| w.message.contains("`Mayıs`"))
        .unwrap();
    assert_eq!(month.offset, text.find("may}").unwrap());
    let webpage = c
        .warnings
        .iter()
        .find(|w| w.message.contains("`@webpage`"))
        .unwrap();
    assert!(webpage.message.contains("`@online`"));
    assert_eq!(webpage.offset, text.find("w, title").unwrap());
    assert_eq!(c.warnings.len(), 2);
    // In an English book `may` is May: no warning.
    assert_eq!(convert(text, "en-US").warnings.len(), 1);
}

fn error(text: &str) -> BibError {
    match to_csl(text, "en-US") {
        Err(e) => e,
        Ok(c) => panic!("read: {} items", c.items.len()),
    }
}

#[test]
fn an_entry_without_its_closing_brace() {
    let text =
        "@article{smith2019,\n  title = {A Study},\n  year = 2019\n\n@book{doe2010, title={B}}";
    let e = error(text);
    assert_eq!(e.message, "entry `smith2019` has no closing `}`");
    assert_eq!(e.help, "close it with `}` before the next `@`");
    // Where the brace belongs: after the last value.
    assert_eq!(e.offset, text.find("2019\n\n").unwrap() + 4);
}

#[test]
fn a_value_without_its_closing_brace() {
    // The entry's `}` closes the value; the value has the next field in it.
    let text =
        "@article{smith2019,\n  title = {A Study,\n  year = 2019\n}\n\n@book{doe2010, title={B}}\n";
    let e = error(text);
    assert_eq!(
        e.message,
        "the value of field `title` in entry `smith2019` is not closed: it runs over `year = 2019`"
    );
    assert_eq!(e.help, "close the value with `}` where it ends");
    assert_eq!(e.offset, text.find("{A Study").unwrap());
    // A value left open to the end of the file.
    let text = "@book{a, title={One {two}\n@book{b, title={B}}\n";
    let e = error(text);
    assert!(
        e.message.contains("is not closed before the next entry"),
        "{}",
        e.message
    );
    assert_eq!(e.offset, text.find("{One").unwrap());
}

#[test]
fn a_value_running_into_the_next_entry_is_a_warning() {
    // The braces balance again further down, so the file can be read: wrongly, but with a warning
    // at the entry that was swallowed.
    let text = "@book{a, title={One\n@book{b, title={B}}\n}}\n";
    let c = convert(text, "en-US");
    assert_eq!(c.items.len(), 1);
    let w = c
        .warnings
        .iter()
        .find(|w| w.message.contains("a `}` may be missing"))
        .unwrap();
    assert_eq!(w.offset, text.find("@book{b").unwrap());
}

#[test]
fn duplicate_keys_name_both_places() {
    let text = "@book{dup, title={A}}\n\n@book{dup, title={B}}";
    let e = error(text);
    assert_eq!(e.offset, text.rfind("dup").unwrap());
    assert_eq!(
        e.message,
        "the key `dup` is used twice (first at line 1, column 7)"
    );
}

#[test]
fn malformed_entries_are_errors_at_the_problem() {
    let cases: [(&str, &str, &str); 8] = [
        ("@book{a title={T}}", "title", "is not followed by a comma"),
        ("@book{, title={T}}", ",", "has no key"),
        ("@book{a, title {T}}", "{T}", "has no `=`"),
        ("@book{a, title=}", "}", "has no value"),
        (
            "@book{a, title={T} note={N}}",
            "note",
            "expected `,` or `}`",
        ),
        (
            "email me@example.org\n@book{a}",
            "@example",
            "`@example` is not followed by `{`",
        ),
        ("@ book{a}", "@", "`@` is not followed by an entry type"),
        ("@book{a, title=\"T}", "\"T", "is never closed"),
    ];
    for (text, at, message) in cases {
        let e = error(text);
        assert_eq!(e.offset, text.find(at).unwrap(), "{text}");
        assert!(e.message.contains(message), "{text}: {}", e.message);
        assert!(!e.help.is_empty());
    }
}

#[test]
fn hostile_input_is_read_or_refused_without_panicking() {
    let deep = format!(
        "@book{{a, title={{{}x{}}}}}",
        "{".repeat(10_000),
        "}".repeat(10_000)
    );
    let i = one(&deep, "en-US");
    assert!(s(&i, "title").unwrap().contains('x'));
    let deep_emph = format!(
        "@book{{a, title={{{}x{}}}}}",
        "\\emph{".repeat(10_000),
        "}".repeat(10_000)
    );
    // (Sentence case: the first word is capitalised.)
    assert!(s(&one(&deep_emph, "en-US"), "title").unwrap().contains('X'));
    let unbalanced = format!("@book{{a, title={{{}x}}}}", "{".repeat(10_000));
    assert!(to_csl(&unbalanced, "en-US").is_err());
    for text in [
        "@",
        "@book",
        "@book{",
        "@book{a,",
        "@book{a, title=",
        "@book{a, title={",
        "@book{a, title=\"",
        "@string{",
        "@comment{",
        "{}}}@@@",
        "@book{a, title={$x}}",
        "@book{a, title={\\}}",
        "@book{a, author={and and , , and}}",
        "@book{a, date={2020-99-99/-}}",
        "@book{a, title={\\\"}}",
        "@book{a, title={`` '' ` ' \\enquote{}}}",
    ] {
        let _ = to_csl(text, "en-US");
        let _ = to_csl(text, "tr-TR");
    }
}

#[test]
fn a_large_bibliography_is_read_in_linear_time() {
    let entry = "@article{KEY, author={Doe, John and van der Berg, Jan}, title={A {Study} of \\emph{Things}}, \
                 journal={J}, year=2020, month=jul, pages={1--10}, crossref={KEY0}}\n";
    let mut text = String::from("@book{KEY0, title={Parent}, publisher={P}}\n");
    for n in 0..5_000 {
        text.push_str(&entry.replacen("KEY", &format!("k{n}"), 1));
    }
    let start = std::time::Instant::now();
    let c = convert(&text, "en-US");
    assert_eq!(c.items.len(), 5_001);
    // A generous bound (debug build, a busy machine): quadratic work would take minutes.
    assert!(start.elapsed().as_secs() < 20);
}

#[test]
fn math_becomes_text_with_markup_as_pandoc_shows_it() {
    let i = one(
        r"@book{k, title={Experimental 1 m$^{3}$ and 10$^{-3}$ cubes, $x_2$, $\alpha$-decay and $\frac{a}{b}$}}",
        "en-US",
    );
    assert_eq!(
        s(&i, "title").unwrap(),
        "Experimental 1 m<sup>3</sup> and 10<sup>−3</sup> cubes, <i>x</i><sub>2</sub>, <i>α</i>-decay and $\\frac{a}{b}$"
    );
}
