//! The front matter — title page, copyright page, table of contents — and the assembly of the
//! whole book: front matter (roman folios) before the body (arabic folios from 1), folios
//! drawn, links and bookmarks moved to their final page numbers.

use super::shape::Glyph;
use std::collections::HashMap;

use crate::document::Book;
use crate::fonts::Face;
use crate::lang::Language;

use super::paginate::Body;
use super::paragraph::{Align, ParaStyle, Setter};
use super::tags::{Role, Tag, Tags};
use super::{Edition, Geometry, OutlineEntry, Page, PageItem, Piece, Target, Typeset};

/// Put the book together: front matter, then `body`.
pub fn assemble(
    book: &Book,
    language: Language,
    setter: &mut Setter,
    geo: &Geometry,
    body: Body,
    edition: Edition,
) -> Typeset {
    let mut pages = vec![
        title_page(book, setter, geo),
        copyright_page(book, language, setter, geo),
    ];
    let toc_first = pages.len();
    // Chapters nested in the book (mdBook's parts and sub-chapters) nest their entries in the
    // contents page and the bookmarks: each entry goes as deep as its chapter. The contents page
    // lists the chapters and their sections.
    let mut body = body;
    let mut listed = Vec::new();
    let deepest_listed = if crate::document::lists_sections(book) {
        2
    } else {
        1
    };
    for e in &mut body.outline {
        let depth = body
            .pages
            .get(e.page)
            .and_then(|p| p.chapter)
            .and_then(|c| book.meta.chapter_depths.get(c))
            .copied()
            .unwrap_or(0);
        let chapter_or_section = e.level <= deepest_listed;
        e.level = e.level.saturating_add(depth);
        if chapter_or_section {
            listed.push(e.clone());
        }
    }
    let toc = toc_pages(language, setter, geo, &listed);
    pages.extend(toc);
    // In print the text starts on a recto: page 1 is a right-hand page.
    if edition == Edition::Print && pages.len() % 2 == 1 {
        pages.push(Page::default());
    }
    let offset = pages.len();
    for (i, p) in pages.iter_mut().enumerate() {
        if i >= toc_first {
            p.label = roman(i + 1);
        }
    }
    let front_tags = tag_front(&mut pages, toc_first);

    let mut outline = vec![OutlineEntry {
        title: toc_title(language).to_string(),
        level: 1,
        page: toc_first,
        y: geo.top,
    }];
    outline.extend(body.outline.into_iter().map(|e| OutlineEntry {
        page: e.page + offset,
        ..e
    }));
    for mut page in body.pages {
        for item in &mut page.items {
            if let PageItem::Link {
                target: Target::Page { page, .. },
                ..
            } = item
            {
                *page += offset;
            }
        }
        pages.push(page);
    }
    let mut heads: HashMap<Option<usize>, (Vec<Piece>, f32)> = HashMap::new();
    for (i, page) in pages.iter_mut().enumerate() {
        // Every verso in print mirrors the rectos' margins, the copyright page too; what is
        // drawn on the page here moves with it.
        let verso = i % 2 == 1 && geo.verso_left != geo.left;
        if page.label.is_empty() || page.is_blank() {
            // Title and copyright pages, blank versos: no furniture.
            if verso {
                shift(page, geo.verso_left - geo.left);
            }
            continue;
        }
        // The book's title over even folios, the chapter's over odd ones, as in print (where
        // even folios are the versos); the screen edition has no blank page to make them so.
        let even_folio = i >= offset && (i - offset) % 2 == 1;
        if let Some(ch) = page.chapter
            && !page.opening
        {
            // Shaped once per title, not once per page: a book of long chapters would shape
            // the same title hundreds of times (and a title of 100,000 letters on every page).
            let key = (!even_folio).then_some(ch);
            let head = heads.entry(key).or_insert_with(|| {
                let book_title = book.meta.short_title.as_ref().unwrap_or(&book.meta.title);
                let caps = match key {
                    Some(ch) => chapter_caps(language, &book.chapters[ch]),
                    None => language.to_upper(book_title.trim()),
                };
                running_head(setter, geo, &caps)
            });
            draw_running_head(page, geo, head);
        }
        draw_folio(page, setter, geo);
        if verso {
            shift(page, geo.verso_left - geo.left);
        }
    }
    Typeset {
        geometry: *geo,
        pages,
        outline,
        bleed: Default::default(),
        padded: 0,
        flow: 0,
        tags: body.tags,
        front_tags,
    }
}

/// The structure of the front matter, its text tagged line by line (before the running heads
/// and folios, which are artifacts, are added): on the title page the title is a heading and
/// each block of lines a paragraph, as on the copyright page; the contents pages are a table
/// of contents, each line an entry, under their heading. Lines closer than 1.6 of their type
/// size belong to one block.
fn tag_front(pages: &mut [Page], toc_first: usize) -> Tags {
    let mut tags = Tags::new(Tag::FRONT);
    // Where the contents stand: not begun, their heading set, their list open.
    #[derive(PartialEq)]
    enum Contents {
        Before,
        Heading,
        List,
    }
    let mut contents = Contents::Before;
    for (i, page) in pages.iter_mut().enumerate() {
        let in_toc = i >= toc_first;
        let mut last: Option<(f32, f32)> = None;
        for item in &mut page.items {
            let PageItem::Text { y, piece, .. } = item else {
                continue;
            };
            let new_line = last.is_none_or(|(ly, _)| (*y - ly).abs() > 0.01);
            let new_block = last.is_none_or(|(ly, size)| *y - ly > size * 1.6);
            if in_toc && new_line {
                match contents {
                    Contents::Before => {
                        tags.close_to(1);
                        tags.open(Role::H(1));
                        contents = Contents::Heading;
                    }
                    Contents::Heading | Contents::List => {
                        if contents == Contents::Heading {
                            tags.close_to(1);
                            tags.open(Role::TOC);
                            contents = Contents::List;
                        }
                        tags.close_to(2);
                        tags.open(Role::TOCI);
                    }
                }
            } else if !in_toc && new_block {
                let title = i == 0 && tags.nodes.len() == 1;
                tags.close_to(1);
                tags.open(if title { Role::H(1) } else { Role::P });
            }
            last = Some((*y, piece.size));
            piece.tag = tags.current();
        }
    }
    tags
}

/// Move what is placed on a page sideways (versos in print, whose margins mirror the
/// rectos'); its body (see [`Page::shift`]) is moved when drawn.
fn shift(page: &mut Page, dx: f32) {
    for item in &mut page.items[page.body_items..] {
        item.move_by(dx, 0.0);
    }
}

/// The running head: spaced capitals, upper-cased by the book's language (Turkish i → İ), a
/// little smaller than the text, always; a title too long for four fifths of the measure is
/// cut after its last word that fits, with an ellipsis (a word longer than all of it, at the
/// last letter that fits). Returns its pieces (one per font: an emoji in a title is drawn by
/// its fallback, as in the text) and its width.
fn running_head(setter: &mut Setter, geo: &Geometry, caps: &str) -> (Vec<Piece>, f32) {
    let size = (geo.size * 0.8 * 2.0).round() / 2.0;
    let tracking = size * 0.08;
    let room = geo.measure * 0.8;
    let caps = caps.trim();
    let mut set = |text: &str| -> (Vec<(Face, Vec<Glyph>)>, f32) {
        let mut runs = shape_runs(setter, text, Face::Regular, size);
        for g in runs.iter_mut().flat_map(|(_, glyphs)| glyphs.iter_mut()) {
            g.advance += tracking;
        }
        let width: f32 = runs
            .iter()
            .flat_map(|(_, glyphs)| glyphs)
            .map(|g| g.advance)
            .sum();
        (runs, width - tracking)
    };
    let (mut runs, mut width) = set(caps);
    if width > room {
        // The most words that fit with the ellipsis: found by halving, each try shaped.
        let words: Vec<usize> = caps.match_indices(' ').map(|(i, _)| i).collect();
        let (mut lo, mut hi) = (0, words.len());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let cut = format!(
                "{}…",
                caps[..words[mid - 1]].trim_end_matches([',', ';', ':', ' '])
            );
            if set(&cut).1 <= room {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let cut = if lo > 0 {
            format!(
                "{}…",
                caps[..words[lo - 1]].trim_end_matches([',', ';', ':', ' '])
            )
        } else {
            // Not even the first word: its letters that fit.
            let mut end = 0;
            for (i, c) in caps.char_indices() {
                let next = i + c.len_utf8();
                if set(&format!("{}…", &caps[..next])).1 > room {
                    break;
                }
                end = next;
                if end > 400 {
                    break;
                }
            }
            format!("{}…", &caps[..end])
        };
        (runs, width) = set(&cut);
    }
    let pieces = runs
        .into_iter()
        .map(|(face, glyphs)| Piece::plain(face, size, glyphs))
        .collect();
    (pieces, width)
}

/// A chapter's title in capitals for its running head, but for code in it, whose case is
/// part of its name (`no_std` stays `no_std`: NO_STD is another identifier).
fn chapter_caps(language: Language, chapter: &crate::document::Chapter) -> String {
    use crate::document::{Inline, plain_text};
    let Some((content, _)) = chapter.title_heading() else {
        return language.to_upper(chapter.title.trim());
    };
    let mut caps = String::new();
    for inline in content {
        match inline {
            Inline::Code(code) => caps.push_str(code),
            other => caps.push_str(&language.to_upper(&plain_text(std::slice::from_ref(other)))),
        }
    }
    caps.trim().to_string()
}

/// `text` shaped in `face`, each stretch by the font that draws it (see
/// `FontSet::face_runs`).
fn shape_runs(setter: &mut Setter, text: &str, face: Face, size: f32) -> Vec<(Face, Vec<Glyph>)> {
    let fonts = setter.shaper.fonts().clone();
    fonts
        .face_runs(text, face)
        .into_iter()
        .map(|(range, face)| (face, setter.shaper.shape(&text[range], face, size)))
        .collect()
}

/// Put the running head `(pieces, width)` on `page`, centred over the text block.
fn draw_running_head(page: &mut Page, geo: &Geometry, (pieces, width): &(Vec<Piece>, f32)) {
    let y = geo.top - geo.leading * 1.5;
    // After the body's items (see `Page::body_items`); the PDF draws the page's own items
    // first, so text extraction still reads the running head before the text.
    let mut x = geo.left + (geo.measure - width) / 2.0;
    for piece in pieces {
        page.items.push(PageItem::Text {
            x,
            y,
            piece: piece.clone(),
        });
        x += piece.glyphs.iter().map(|g| g.advance).sum::<f32>();
    }
}

/// The table-of-contents heading in the book's language.
fn toc_title(language: Language) -> &'static str {
    match language {
        Language::Indonesian => "Daftar Isi",
        Language::Turkish => "İçindekiler",
        Language::Patterns(_) | Language::Other => "Contents",
    }
}

fn centered(
    setter: &mut Setter,
    geo: &Geometry,
    page: &mut Page,
    text: &str,
    face: Face,
    size: f32,
    y: &mut f32,
) {
    let style = ParaStyle {
        face,
        size,
        measure: geo.measure,
        indent: 0.0,
        align: Align::Center,
        hyphenate: false,
    };
    for line in setter.set_text(text, &style) {
        *y += size * 1.25;
        for p in line.pieces {
            page.items.push(PageItem::Text {
                x: geo.left + p.x,
                y: *y,
                piece: p.piece,
            });
        }
    }
}

/// The title page: title and subtitle in the upper third, the authors from the middle, the
/// publisher at the foot. Everything is set smaller, and the title starts higher, until the
/// authors end above the publisher: a title of a hundred words must not run into the names
/// below it nor off the page.
fn title_page(book: &Book, setter: &mut Setter, geo: &Geometry) -> Page {
    let mut scale = 1.0;
    loop {
        let (page, fits) = title_page_at(book, setter, geo, scale);
        if fits || scale < 0.3 {
            return page;
        }
        scale *= 0.85;
    }
}

/// The title page with every size times `scale`, and whether it fits.
fn title_page_at(book: &Book, setter: &mut Setter, geo: &Geometry, scale: f32) -> (Page, bool) {
    let m = &book.meta;
    let size = geo.size * scale.max(0.6);
    let mut page = Page::default();
    let mut y = geo.top + geo.height * 0.18 * scale;
    centered(
        setter,
        geo,
        &mut page,
        &m.title,
        Face::HeadingBold,
        (geo.size * 2.0 * scale).round().max(size),
        &mut y,
    );
    if let Some(sub) = &m.subtitle {
        y += size;
        centered(
            setter,
            geo,
            &mut page,
            sub,
            Face::HeadingItalic,
            (geo.size * 1.3 * scale).round().max(size),
            &mut y,
        );
    }
    y = (geo.top + geo.height * 0.5).max(y + 2.0 * size);
    for a in &m.authors {
        centered(
            setter,
            geo,
            &mut page,
            a.name(),
            Face::Regular,
            (geo.size * 1.3 * scale).round().max(size),
            &mut y,
        );
        if let Some(aff) = a.affiliation() {
            centered(setter, geo, &mut page, aff, Face::Italic, size, &mut y);
        }
        y += size;
    }
    let mut floor = geo.top + geo.height;
    if let Some(p) = &m.publisher {
        // Set upwards from the foot: a publisher's name of several lines ends at the foot.
        let lines = setter
            .set_text(
                p,
                &ParaStyle {
                    face: Face::Regular,
                    size,
                    measure: geo.measure,
                    indent: 0.0,
                    align: Align::Center,
                    hyphenate: false,
                },
            )
            .len();
        let mut py = floor - size * 1.25 * lines as f32;
        floor = py - size;
        centered(setter, geo, &mut page, p, Face::Regular, size, &mut py);
    }
    (page, y <= floor)
}

/// The verso of the title page: series, rights, dates, identifiers — set small at the foot.
fn copyright_page(book: &Book, language: Language, setter: &mut Setter, geo: &Geometry) -> Page {
    let m = &book.meta;
    let mut lines: Vec<String> = Vec::new();
    let authors: Vec<&str> = m.authors.iter().map(|a| a.name()).collect();
    lines.push(match &m.subtitle {
        Some(s) => format!("{}: {}", m.title, s),
        None => m.title.clone(),
    });
    if !authors.is_empty() {
        lines.push(authors.join(", "));
    }
    if let Some(s) = &m.series {
        lines.push(match s.number {
            Some(n) => format!("{} · {}", s.name, n),
            None => s.name.clone(),
        });
    }
    lines.push(String::new());
    if let Some(r) = &m.rights {
        lines.push(r.clone());
    }
    let published = match language {
        Language::Indonesian => "Terbit",
        Language::Turkish => "Yayım",
        Language::Patterns(_) | Language::Other => "Published",
    };
    match (&m.publisher, &m.date) {
        (Some(p), Some(d)) => lines.push(format!("{published}: {p}, {}", d.value)),
        (Some(p), None) => lines.push(p.clone()),
        (None, Some(d)) => lines.push(format!("{published}: {}", d.value)),
        (None, None) => {}
    }
    if let Some(isbn) = &m.isbn {
        if let Some(i) = isbn.print() {
            lines.push(format!("ISBN {i}"));
        }
        if let Some(i) = isbn.epub() {
            lines.push(format!("ISBN {i} (EPUB)"));
        }
    }
    lines.push(format!("urn:uuid:{}", m.uuid()));

    let size = (geo.size * 0.85 * 2.0).round() / 2.0;
    let leading = size * 1.3;
    let style = ParaStyle {
        face: Face::Regular,
        size,
        measure: geo.measure,
        indent: 0.0,
        align: Align::Left,
        hyphenate: false,
    };
    let mut set = Vec::new();
    for text in &lines {
        if text.is_empty() {
            set.push(vec![]);
        } else {
            set.extend(setter.set_text(text, &style).into_iter().map(|l| l.pieces));
        }
    }
    let mut page = Page::default();
    let mut y = geo.top + geo.height - leading * set.len() as f32;
    for pieces in set {
        y += leading;
        for p in pieces {
            page.items.push(PageItem::Text {
                x: geo.left + p.x,
                y,
                piece: p.piece,
            });
        }
    }
    page
}

/// The table of contents: one entry per chapter (and per section), page numbers flush right,
/// each entry a link.
fn toc_pages(
    language: Language,
    setter: &mut Setter,
    geo: &Geometry,
    outline: &[OutlineEntry],
) -> Vec<Page> {
    let size = geo.size;
    let lines_per_page = (geo.height / geo.leading).floor() as usize;
    let mut pages = vec![Page::default()];
    let mut y = geo.top + geo.height * 0.2;
    centered(
        setter,
        geo,
        &mut pages[0],
        toc_title(language),
        Face::HeadingBold,
        (size * 1.75).round(),
        &mut y,
    );
    y += geo.leading * 2.0;
    let mut line_no = ((y - geo.top) / geo.leading).ceil() as usize;
    // Body page numbers are printed from 1; the targets are moved by `assemble`.
    for e in outline {
        let indent = f32::from(e.level.saturating_sub(1)) * size * 1.5;
        let face = Face::Regular;
        let number = (e.page + 1).to_string();
        let num_width = setter.shaper.width(&number, face, size);
        let style = ParaStyle {
            face,
            size,
            measure: geo.measure - indent - num_width - size * 2.0,
            indent: 0.0,
            align: Align::Left,
            hyphenate: false,
        };
        let lines = setter.set_text(&e.title, &style);
        if line_no + lines.len() > lines_per_page {
            pages.push(Page::default());
            line_no = 0;
        }
        let page = pages.last_mut().expect("a page");
        let n = lines.len();
        let top = geo.top + line_no as f32 * geo.leading;
        for (i, line) in lines.into_iter().enumerate() {
            let y = geo.top + (line_no + 1) as f32 * geo.leading - 0.25 * size;
            for p in line.pieces {
                page.items.push(PageItem::Text {
                    x: geo.left + indent + p.x,
                    y,
                    piece: p.piece,
                });
            }
            if i + 1 == n {
                let glyphs = setter.shaper.shape(&number, face, size);
                let piece = super::Piece::plain(face, size, glyphs);
                page.items.push(PageItem::Text {
                    x: geo.left + geo.measure - num_width,
                    y,
                    piece,
                });
            }
            line_no += 1;
        }
        page.items.push(PageItem::Link {
            x: geo.left + indent,
            y: top,
            width: geo.measure - indent,
            height: n as f32 * geo.leading,
            target: Target::Page {
                page: e.page,
                y: e.y,
            },
            text: e.title.clone(),
        });
    }
    pages
}

/// The page number, centred under the text block.
fn draw_folio(page: &mut Page, setter: &mut Setter, geo: &Geometry) {
    let size = geo.size * 0.9;
    let glyphs = setter.shaper.shape(&page.label, Face::Regular, size);
    let width: f32 = glyphs.iter().map(|g| g.advance).sum();
    let piece = super::Piece::plain(Face::Regular, size, glyphs);
    let y = geo.top + geo.height + geo.leading * 2.0;
    page.items.push(PageItem::Text {
        x: geo.left + (geo.measure - width) / 2.0,
        y,
        piece,
    });
}

/// Lower-case roman numerals for front-matter folios.
pub fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut s = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            s.push_str(digits);
            n -= value;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "i");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(14), "xiv");
        assert_eq!(roman(1999), "mcmxcix");
    }

    #[test]
    fn code_in_a_running_head_keeps_its_case() {
        let src = crate::manuscript::ChapterSource {
            path: "a.md".into(),
            text: "# A `no_std` Rust *Environment* in İzmir\n\nTeks.\n".into(),
        };
        let chapter = crate::document::parse_chapter(&src, "ch01").unwrap();
        assert_eq!(
            chapter_caps(Language::from_tag("tr"), &chapter),
            "A no_std RUST ENVİRONMENT İN İZMİR"
        );
    }
}
