//! Where a link leads in the EPUB: the `href` of a link the document stage resolved
//! ([`crate::document::links`]): a safe external URL, another chapter's file (`ch02.xhtml`), or a
//! heading or note there. A link that leads nowhere gets no `<a>`: its text stays.

use std::borrow::Cow;

use crate::document::{Book, Fragment, LinkTarget};

/// The id a heading gets in the XHTML. Author-given ids of the shape of our note ids (`fn-…`,
/// `fnref-…`) get `-h` appended: appending is one-to-one and the results end in `-h`, which no
/// note id (`fn-N`, `fnref-N`, `fnref-N-K`) does, so no two ids can clash.
pub fn heading_id(id: &str) -> Cow<'_, str> {
    if id.starts_with("fn-") || id.starts_with("fnref-") {
        Cow::Owned(format!("{id}-h"))
    } else {
        Cow::Borrowed(id)
    }
}

/// The `href` of a link to `target` written in chapter number `from` (0-based), or `None`
/// to keep the link's text only.
pub fn href(book: &Book, from: usize, target: &LinkTarget) -> Option<String> {
    match target {
        LinkTarget::Nowhere => None,
        LinkTarget::External(url) => Some(url.clone()),
        LinkTarget::Internal(place) => {
            let file = if place.chapter == from && place.fragment.is_some() {
                String::new()
            } else {
                chapter_file(&book.chapters.get(place.chapter)?.id)
            };
            Some(match &place.fragment {
                None => file,
                Some(Fragment::Heading(id)) => format!("{file}#{}", heading_id(id)),
                Some(Fragment::Note(n)) => format!("{file}#fn-{n}"),
                Some(Fragment::Id(id)) => format!("{file}#{id}"),
            })
        }
    }
}

/// The file name of a chapter's XHTML.
pub fn chapter_file(chapter_id: &str) -> String {
    format!("{chapter_id}.xhtml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_never_clash_with_note_ids() {
        assert_eq!(heading_id("fn-2"), "fn-2-h");
        assert_eq!(heading_id("fnref-2-3"), "fnref-2-3-h");
        assert_eq!(heading_id("h-fn-2"), "h-fn-2");
    }
}
