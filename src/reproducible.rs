//! What makes two builds of the same book byte-identical: one build time for every timestamp
//! an output carries (EPUB `dcterms:modified` and zip entry times, PDF Info and XMP dates), and
//! identifiers derived from the book's metadata rather than drawn at random (the PDF's `/ID`,
//! resource names). The EPUB's entry order is fixed by the writer, which adds them in reading
//! order.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::document::Book;
use crate::manuscript::CONFIG_FILE;

/// Where a build's time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The `SOURCE_DATE_EPOCH` environment variable (the reproducible-builds convention).
    SourceDateEpoch,
    /// `date` in book.yaml (midnight UTC of that day; the first of the month or year when the
    /// date gives no day).
    BookDate,
    /// The newest modification time of the book's own files.
    Files,
}

/// The time, in seconds since 1970 UTC, written into every output: `SOURCE_DATE_EPOCH` when
/// set to a number, else book.yaml's `date`, else the newest modification time of the book's
/// files (`book.yaml`, the chapters and `extra`, its images) — so that rebuilding unchanged
/// sources gives the same bytes in every case.
pub fn build_time(book: &Book, extra: &[PathBuf]) -> i64 {
    build_time_and_source(book, extra).0
}

/// [`build_time`] and where it came from.
pub fn build_time_and_source(book: &Book, extra: &[PathBuf]) -> (i64, Source) {
    if let Some(secs) = source_date_epoch() {
        return (secs, Source::SourceDateEpoch);
    }
    if let Some(secs) = book.meta.date.as_ref().and_then(|d| date_epoch(&d.value)) {
        return (secs, Source::BookDate);
    }
    let mut files = vec![book.dir.join(CONFIG_FILE)];
    files.extend(book.chapters.iter().map(|c| c.source.clone()));
    files.extend(extra.iter().cloned());
    let newest = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .max()
        .unwrap_or_else(SystemTime::now);
    let secs = newest
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    (secs, Source::Files)
}

/// `SOURCE_DATE_EPOCH`, when set to a whole number of seconds (anything else is ignored, as the
/// convention asks).
pub fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
}

/// Midnight UTC of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date.
pub fn date_epoch(date: &str) -> Option<i64> {
    let mut parts = date.trim().split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    let d = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

/// `seconds` since 1970 as a UTC date and time: year, month, day, hour, minute, second (each
/// output's dates are written from it, each in its own format and range).
pub fn calendar(seconds: i64) -> (i32, u8, u8, u8, u8, u8) {
    use chrono::{Datelike as _, Timelike as _};
    let t = chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default();
    (
        t.year(),
        t.month() as u8,
        t.day() as u8,
        t.hour() as u8,
        t.minute() as u8,
        t.second() as u8,
    )
}

/// A stable 16-byte identifier for `what` (an edition, a resource) of the book: a UUID v5 in the
/// book's own identifier's namespace. The same book gives the same bytes on every build.
pub fn derived_id(book: &Book, what: &str) -> [u8; 16] {
    *uuid::Uuid::new_v5(&book.meta.uuid(), what.as_bytes()).as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_midnight_utc() {
        assert_eq!(date_epoch("1970-01-02"), Some(86_400));
        assert_eq!(date_epoch("2026-11"), date_epoch("2026-11-01"));
        assert_eq!(date_epoch("2026"), date_epoch("2026-01-01"));
        assert_eq!(date_epoch("2026-02-30"), None);
        assert_eq!(date_epoch("soon"), None);
    }
}
