//! The book's folder is the author's: outputs never go into it, nor among its files. An
//! output folder that is the book's folder, or a folder inside it that holds the book's own
//! files (chapters, images, book.yaml), is refused before anything is written; a folder of
//! its own inside the book (`build/`, the default when terbit runs from the book's folder) is
//! fine. Symbolic links are followed, so no other name for the book's folder slips through.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result, shown_path};

/// `path` made absolute with its symbolic links resolved, also when its last parts do not
/// exist yet (an output folder the build will make): the longest existing part resolved, the
/// rest applied as written (a missing folder is no link, so `..` after it is its parent).
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component> = absolute.components().collect();
    // The longest prefix that exists, resolved.
    let (mut at, mut i) = (PathBuf::new(), parts.len());
    while i > 0 {
        let prefix: PathBuf = parts[..i].iter().collect();
        if let Ok(real) = prefix.canonicalize() {
            at = real;
            break;
        }
        i -= 1;
    }
    for part in &parts[i..] {
        match part {
            Component::ParentDir => {
                at.pop();
            }
            Component::Normal(name) => at.push(name),
            _ => {}
        }
    }
    at
}

/// Refuse an output folder that is a file, or that is the book's folder `book_dir`.
pub fn output_folder(book_dir: &Path, out_dir: &Path) -> Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::Other(format!(
            "{}: this is a file, not a folder: the outputs go into a folder — choose another \
             with -o",
            shown_path(out_dir)
        )));
    }
    if resolved(out_dir) == resolved(book_dir) {
        return Err(Error::Other(format!(
            "{}: this is the book's own folder: outputs there would mix with the book's files \
             and could replace one of them — choose a folder of their own, such as -o {}",
            shown_path(out_dir),
            shown_path(&book_dir.join("build"))
        )));
    }
    Ok(())
}

/// Refuse outputs `outputs` in `out_dir` when the folder is inside the book's folder and
/// holds any of the book's files `book_files` (or an output would have a book file's name).
pub fn outputs_apart<'a>(
    book_dir: &Path,
    out_dir: &Path,
    outputs: &[PathBuf],
    book_files: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    let book = resolved(book_dir);
    let out = resolved(out_dir);
    let inside_book = out.starts_with(&book);
    let outputs: Vec<PathBuf> = outputs.iter().map(|p| resolved(p)).collect();
    for file in book_files {
        let file = resolved(file);
        if outputs.contains(&file) {
            return Err(Error::Other(format!(
                "{}: an output would replace this file of the book — choose another output \
                 folder with -o",
                shown_path(&file)
            )));
        }
        if inside_book && file.starts_with(&out) {
            return Err(Error::Other(format!(
                "{}: this folder holds the book's own files (such as {}): outputs there would \
                 mix with them — choose a folder of their own with -o, such as -o {}",
                shown_path(out_dir),
                shown_path(file.strip_prefix(&book).unwrap_or(&file)),
                shown_path(&book_dir.join("build"))
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_resolves_under_its_existing_parent() {
        let dir = std::env::temp_dir().canonicalize().unwrap();
        let missing = std::env::temp_dir().join("terbit-guard-missing/a/b");
        assert_eq!(resolved(&missing), dir.join("terbit-guard-missing/a/b"));
    }

    #[test]
    fn the_book_folder_by_another_name_is_refused() {
        let tmp = std::env::temp_dir().join(format!("terbit-guard-{}", std::process::id()));
        std::fs::create_dir_all(tmp.join("book/build")).unwrap();
        let book = tmp.join("book");
        assert!(output_folder(&book, &book.join("build/..")).is_err());
        assert!(output_folder(&book, &book.join(".")).is_err());
        assert!(output_folder(&book, &book.join("build")).is_ok());
        assert!(output_folder(&book, &tmp).is_ok());
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
