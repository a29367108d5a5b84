//! pandoc metadata: front matter and title blocks, read and blanked.

use super::*;

#[test]
fn front_matter_is_a_yaml_mapping_between_fences() {
    let text = "---\ntitle: Buku\nauthor: [A, B]\n...\n# Bab\n";
    let (range, yaml) = front_matter(text).unwrap();
    assert_eq!(yaml, "title: Buku\nauthor: [A, B]\n");
    assert_eq!(&text[range.end..], "# Bab\n");
    // A thematic break and a setext heading are not front matter.
    assert!(front_matter("---\nTeks biasa\n---\n").is_none());
    assert!(front_matter("---\n\n---\n").is_none());
    assert!(front_matter("Teks\n---\n").is_none());
}

#[test]
fn title_blocks_give_title_authors_and_date() {
    let b = title_block("% Judul Buku\n  Panjang\n% Ayşe; Cemil\n% 2026-11-26\n\nTeks\n").unwrap();
    assert_eq!(b.title.as_deref(), Some("Judul Buku Panjang"));
    assert_eq!(b.authors, vec!["Ayşe", "Cemil"]);
    assert_eq!(b.date, Some(("2026-11-26".to_string(), 4, 3)));
    let b = title_block("%\n% Ayşe\n").unwrap();
    assert_eq!((b.title, b.authors.len()), (None, 1));
    assert!(title_block("Teks % bukan\n").is_none());
}

#[test]
fn stripping_keeps_line_numbers() {
    let text = "---\ntitle: T\n---\n# Bab\n";
    assert_eq!(strip_metadata(text), "\n\n\n# Bab\n");
    assert_eq!(strip_metadata("% T\n% A\n\nTeks\n"), "\n\n\nTeks\n");
    assert_eq!(strip_metadata("# Bab\n\n---\n"), "# Bab\n\n---\n");
}

#[test]
fn dates_are_kept_when_terbit_can_read_them() {
    use crate::manuscript::dates::leading_date;
    assert_eq!(
        leading_date("2026-11-26").unwrap().as_deref(),
        Some("2026-11-26")
    );
    assert_eq!(
        leading_date("2026-11-26T10:00:00Z").unwrap().as_deref(),
        Some("2026-11-26")
    );
    assert_eq!(leading_date("2026").unwrap().as_deref(), Some("2026"));
    assert_eq!(leading_date("spring 2026"), Ok(None));
    for (written, iso) in [
        ("26 November 2026", "2026-11-26"),
        ("5 September 2012", "2012-09-05"),
        ("September 5, 2012", "2012-09-05"),
        ("5 Agustus 1945", "1945-08-05"),
        ("29 Ekim 1923", "1923-10-29"),
        ("1 EYLÜL 2020", "2020-09-01"),
        ("Juli 2014", "2014-07"),
        ("Sept. 2014", "2014-09"),
    ] {
        assert_eq!(
            leading_date(written).unwrap().as_deref(),
            Some(iso),
            "{written}"
        );
    }
    assert!(
        leading_date("30 Februari 2026").is_err(),
        "a day that does not exist"
    );
}
