//! Publication dates, as book.yaml's `date` (and a pandoc metadata block's) gives them:
//! `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, and only days that exist — EPUB readers and EPUBCheck
//! take February 30, month 13 or year 0000 for the mistakes they are, so terbit says so first,
//! with what is wrong.

/// How a date is written, for the help of a message about one.
pub const DATE_HELP: &str = "write the date as YYYY-MM-DD, YYYY-MM or YYYY (such as 2026-11-26)";

/// What is wrong with `date` as a date of the forms above; `None` when it is one.
pub fn date_problem(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let shaped = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    if !shaped {
        return Some(format!("`{date}` is not a date"));
    }
    // Digits only, at most four: the parses cannot fail.
    let number = |i: usize| parts.get(i).map(|p| p.parse::<u32>().unwrap_or(0));
    let year = number(0).unwrap_or(0);
    if year == 0 {
        return Some(format!(
            "`{date}` is not a date: there is no year 0000 (years start at 0001)"
        ));
    }
    let month = number(1)?;
    if !(1..=12).contains(&month) {
        return Some(format!(
            "`{date}` is not a date: there is no month {month:02} (months are 01 to 12)"
        ));
    }
    let day = number(2)?;
    let last = days_in(year, month);
    if !(1..=last).contains(&day) {
        let name = crate::lang::ENGLISH_MONTHS[month as usize - 1];
        return Some(format!(
            "`{date}` is not a date: {name} {year:04} has days 01 to {last}"
        ));
    }
    None
}

/// Whether `date` is a date of the forms above.
pub fn is_date(date: &str) -> bool {
    date_problem(date).is_none()
}

/// How many days month `month` (1–12) of `year` has, in the Gregorian calendar.
fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The date at the start of `text` when it starts with one written in the forms above
/// (pandoc takes any text as a date: `2026-11-26T10:00`, `2026, spring`), checked: `Ok(None)`
/// when it starts with none (the text is not terbit's to read), `Err` saying what is wrong
/// when the date it starts with does not exist.
pub fn leading_date(text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    if let Some(written) = written_date(text) {
        return match date_problem(&written) {
            Some(problem) => Err(problem),
            None => Ok(Some(written)),
        };
    }
    let shaped = |head: &str| {
        head.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        })
    };
    let Some(head) = [10, 7, 4]
        .iter()
        .filter_map(|&n| text.get(..n))
        .find(|head| shaped(head))
    else {
        return Ok(None);
    };
    match date_problem(head) {
        Some(problem) => Err(problem),
        None => Ok(Some(head.to_string())),
    }
}

/// A date written out, as title blocks give them (`5 September 2012`, `September 5, 2012`,
/// `Juli 2014`, `5 Eylül 2012`), as `YYYY-MM-DD` or `YYYY-MM`; `None` for other text.
fn written_date(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &str| {
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse::<u32>().ok())?
    };
    let day = |w: &str| {
        let w = w.trim_end_matches('.');
        (1..=2)
            .contains(&w.len())
            .then(|| w.parse::<u32>().ok())
            .flatten()
    };
    let month = crate::lang::month_number;
    let (y, m, d) = match words.as_slice() {
        [d, m, y] if day(d).is_some() => (year(y)?, month(m)?, day(d)),
        [m, d, y] => (year(y)?, month(m)?, Some(day(d)?)),
        [m, y] => (year(y)?, month(m)?, None),
        _ => return None,
    };
    Some(match d {
        Some(d) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("{y:04}-{m:02}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_days_that_exist_are_dates() {
        for good in [
            "2026",
            "2026-11",
            "2026-11-26",
            "2024-02-29",
            "2000-02-29",
            "0001",
        ] {
            assert!(is_date(good), "{good}");
        }
        let bad = [
            ("2026-02-29", "February 2026 has days 01 to 28"),
            ("2024-02-30", "February 2024 has days 01 to 29"),
            ("1900-02-29", "February 1900 has days 01 to 28"),
            ("2026-04-31", "April 2026 has days 01 to 30"),
            ("2026-01-00", "January 2026 has days 01 to 31"),
            ("0000", "there is no year 0000"),
            ("0000-01-01", "there is no year 0000"),
            ("2026-13", "there is no month 13"),
            ("2026-00-10", "there is no month 00"),
            ("26-11-2026", "is not a date"),
            ("2026/11/26", "is not a date"),
            ("2026-1-5", "is not a date"),
            ("soon", "is not a date"),
        ];
        for (date, why) in bad {
            let problem = date_problem(date).unwrap_or_default();
            assert!(problem.contains(why), "{date}: {problem}");
        }
    }

    #[test]
    fn a_pandoc_date_is_read_from_its_start() {
        assert_eq!(
            leading_date("2026-11-26T10:00"),
            Ok(Some("2026-11-26".into()))
        );
        assert_eq!(leading_date(" 2026-11 "), Ok(Some("2026-11".into())));
        assert_eq!(leading_date("2026-1-5"), Ok(Some("2026".into())));
        assert_eq!(leading_date("spring 2026"), Ok(None));
        assert!(
            leading_date("2024-02-30")
                .unwrap_err()
                .contains("February 2024")
        );
        assert!(leading_date("2026-13").unwrap_err().contains("month 13"));
        assert!(leading_date("0000").unwrap_err().contains("year 0000"));
    }
}
