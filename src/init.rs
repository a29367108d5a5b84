//! `terbit init`: a new book in a folder — a `book.yaml` that shows every key with a comment
//! (the optional ones commented out) and a sample chapter in the book's language, which
//! `terbit build` turns into an EPUB and PDFs at once. The only command that writes into a
//! book's folder, and it never replaces a file that is already there.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::lang::Language;
use crate::manuscript::CONFIG_FILE;

/// The languages `init` has a sample chapter for.
pub const LANGUAGES: [&str; 3] = ["id", "tr", "en"];

/// The template of `book.yaml`; `{key}` placeholders are filled by [`book_yaml`].
const BOOK_YAML: &str = include_str!("init/book.yaml");

/// What a new book says in one language.
struct Sample {
    chapter_file: &'static str,
    chapter: &'static str,
    title: &'static str,
    subtitle: &'static str,
    author: &'static str,
    affiliation: &'static str,
    series: &'static str,
    publisher: &'static str,
    description: &'static str,
    subjects: &'static str,
}

fn sample(lang: &str) -> Sample {
    match lang {
        "id" => Sample {
            chapter_file: "01-bab-pertama.md",
            chapter: include_str!("init/chapter-id.md"),
            title: "Buku Baru",
            subtitle: "Anak Judul",
            author: "Nama Penulis",
            affiliation: "Universitas …",
            series: "Nama Seri",
            publisher: "Nama Penerbit",
            description: "Ringkasan buku untuk toko buku dan katalog, dua atau tiga kalimat.",
            subjects: "Topik Pertama, Topik Kedua",
        },
        "tr" => Sample {
            chapter_file: "01-birinci-bolum.md",
            chapter: include_str!("init/chapter-tr.md"),
            title: "Yeni Kitap",
            subtitle: "Alt Başlık",
            author: "Yazarın Adı",
            affiliation: "… Üniversitesi",
            series: "Dizinin Adı",
            publisher: "Yayınevinin Adı",
            description: "Kitapçılar ve kataloglar için kitabın iki üç cümlelik özeti.",
            subjects: "Birinci Konu, İkinci Konu",
        },
        _ => Sample {
            chapter_file: "01-chapter-one.md",
            chapter: include_str!("init/chapter-en.md"),
            title: "A New Book",
            subtitle: "A Subtitle",
            author: "Author Name",
            affiliation: "University of …",
            series: "Series Name",
            publisher: "Publisher Name",
            description: "The book in two or three sentences, for shops and catalogues.",
            subjects: "First Topic, Second Topic",
        },
    }
}

/// What `init` wrote.
#[derive(Debug)]
pub struct Created {
    pub dir: PathBuf,
    pub files: Vec<PathBuf>,
}

/// Create a new book in `dir` (made if missing) in language `lang` (one of [`LANGUAGES`]).
/// A folder that already holds a `book.yaml`, or a file of the sample chapter's name, is left
/// alone and an error says so.
pub fn init(dir: &Path, lang: &str) -> Result<Created> {
    if !LANGUAGES.contains(&lang) {
        return Err(Error::Other(format!(
            "no sample book in `{lang}` — use --lang id, tr or en (and change `language` in \
             book.yaml afterwards for any other language)"
        )));
    }
    let s = sample(lang);
    let config = dir.join(CONFIG_FILE);
    let chapter = dir.join(s.chapter_file);
    for path in [&config, &chapter] {
        if path.exists() || path.is_symlink() {
            return Err(Error::Other(format!(
                "{}: already exists — terbit init never replaces a file; choose an empty or \
                 new folder",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::writing(dir, e))?;
    let title = title_from_folder(dir, Language::from_tag(lang)).unwrap_or(s.title.into());
    let yaml = book_yaml(&s, lang, &title, &identifier_seed(dir));
    // The chapter first: should writing book.yaml fail, the folder is still no half-made book.
    write_new(&chapter, s.chapter)?;
    if let Err(e) = write_new(&config, &yaml) {
        let _ = std::fs::remove_file(&chapter);
        return Err(e);
    }
    Ok(Created {
        dir: dir.to_path_buf(),
        files: vec![config, chapter],
    })
}

/// Write a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::writing(path, e))?;
    f.write_all(text.as_bytes())
        .map_err(|e| Error::writing(path, e))
}

/// `book.yaml` for a new book titled `title`.
fn book_yaml(s: &Sample, lang: &str, title: &str, seed: &str) -> String {
    let (date, year) = today();
    let uuid = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, seed.as_bytes());
    let fill = [
        ("{title}", yaml_quoted(title)),
        ("{subtitle}", s.subtitle.to_string()),
        ("{author}", s.author.to_string()),
        ("{affiliation}", s.affiliation.to_string()),
        ("{lang}", lang.to_string()),
        ("{chapter}", s.chapter_file.to_string()),
        ("{series}", s.series.to_string()),
        ("{publisher}", s.publisher.to_string()),
        ("{date}", date),
        ("{year}", year),
        ("{description}", s.description.to_string()),
        ("{subjects}", s.subjects.to_string()),
        ("{uuid}", uuid.to_string()),
    ];
    let mut out = BOOK_YAML.to_string();
    for (key, value) in fill {
        out = out.replace(key, &value);
    }
    align_comments(&out)
}

/// Column (in characters) where trailing comments start, when the value leaves room.
const COMMENT_COLUMN: usize = 36;

/// `yaml` with each trailing comment (one after two or more spaces) moved to
/// [`COMMENT_COLUMN`], so that they line up whatever the filled-in values' lengths.
fn align_comments(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len());
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        match line[indent..].find("  # ").map(|at| indent + at) {
            Some(at) => {
                let code = line[..at].trim_end();
                let width = code.chars().count();
                let pad = COMMENT_COLUMN.saturating_sub(width).max(2);
                out.push_str(code);
                out.push_str(&" ".repeat(pad));
                out.push_str(line[at..].trim_start());
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

/// A YAML double-quoted string of `s`.
fn yaml_quoted(s: &str) -> String {
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

/// Today's date as `YYYY-MM-DD`, and the year.
fn today() -> (String, String) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let t = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    (t.format("%Y-%m-%d").to_string(), t.format("%Y").to_string())
}

/// What makes this book's identifier its own: the folder and the moment it was made.
fn identifier_seed(dir: &Path) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let place = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    format!(
        "terbit-init:{}:{}:{nanos}",
        place.display(),
        std::process::id()
    )
}

/// A title made from the folder's name (`my-first-novel` → "My First Novel"), or `None` for a
/// name without letters or the current folder.
fn title_from_folder(dir: &Path, lang: Language) -> Option<String> {
    let name = std::path::absolute(dir)
        .ok()?
        .file_name()?
        .to_string_lossy()
        .into_owned();
    let words: Vec<String> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| lang.to_upper(&c.to_string()));
            first.unwrap_or_default() + chars.as_str()
        })
        .collect();
    let title = words.join(" ");
    title.chars().any(char::is_alphabetic).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_folder_names() {
        let t = |s: &str, l| title_from_folder(Path::new(s), l);
        assert_eq!(
            t("my-first_novel", Language::Other).as_deref(),
            Some("My First Novel")
        );
        assert_eq!(
            t("istanbul-notları", Language::Turkish).as_deref(),
            Some("İstanbul Notları")
        );
        assert_eq!(t("2026", Language::Other), None);
    }

    #[test]
    fn trailing_comments_line_up() {
        let yaml = align_comments(
            "a: 1  # one\n  # b: 2  # two\nlonger: value   # two\n# c: 3  # three\n# prose\n",
        );
        assert_eq!(
            yaml,
            format!(
                "a: 1{}# one\n  # b: 2{}# two\nlonger: value{}# two\n# c: 3{}# three\n# prose\n",
                " ".repeat(32),
                " ".repeat(28),
                " ".repeat(23),
                " ".repeat(30)
            )
        );
    }

    #[test]
    fn quoted_titles_survive_yaml() {
        assert_eq!(yaml_quoted("a: \"b\" \\"), "\"a: \\\"b\\\" \\\\\"");
    }
}
