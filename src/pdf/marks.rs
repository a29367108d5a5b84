//! Marked content: what each marked-content sequence of a page is (its MCID is its place among
//! the page's), for the structure tree (see `structure`), and how a sequence begins.

use std::sync::Arc;

use pdf_writer::{Name, TextStr};

use super::stream::Out;
use crate::typeset::tags::Tag;

/// A marked-content sequence of a page's content (its MCID is its place among the page's):
/// what the structure tree makes of it (see `structure`).
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    /// The structure element it belongs to.
    pub tag: Tag,
    /// The text of a link: the index of the page's link item it is the text of.
    pub link: Option<usize>,
    /// The language of a span in another language.
    pub lang: Option<Arc<str>>,
    /// A figure's box, in the coordinates of the stream it is drawn in.
    pub bbox: Option<[f32; 4]>,
    /// The text it stands for, when not its glyphs' (a part of a word hyphenated at a line
    /// end: the first the whole word, the second nothing): the structure tree gives it as the
    /// ActualText of a span around it, so that screen readers and the structure's text read
    /// whole words while the page's text keeps the hyphen that is printed.
    pub actual: Option<Arc<str>>,
}

/// The marked content of the stream being drawn: what the sequences are, from the MCID the
/// stream starts at, and how many link items come before the stream's own.
pub struct Marks<'m> {
    pub list: &'m mut Vec<Marked>,
    pub first: usize,
    pub link_base: usize,
}

impl Marks<'_> {
    /// Begin a marked-content sequence for `mark`: text of a structure element, an image of
    /// one, or an artifact (anything not tagged: page furniture, rules, decorations).
    pub fn begin(&mut self, out: &mut Out, mark: Marked) {
        if mark.tag == Tag::ARTIFACT || mark.tag.is_none() {
            out.begin_marked_content(Name(b"Artifact"));
            return;
        }
        let mut sequence = out.begin_marked_content_with_properties(Name(b"Span"));
        let mut properties = sequence.properties();
        properties.identify((self.first + self.list.len()) as i32);
        if let Some(lang) = &mark.lang {
            properties.pair(Name(b"Lang"), TextStr(lang));
        }
        drop(properties);
        self.list.push(mark);
    }
}
