//! Real space characters between words. The typesetter places each word where justification puts
//! it, so the page needs no space glyphs to look right; but text extraction (copy, search, screen
//! readers, `pdftotext`) then has to guess word boundaries from gaps, and guesses wrong on a tight
//! line. So a space glyph is added after every word that another follows on the same line; the
//! next word is still positioned absolutely, so the space's own width changes nothing on the page.

use crate::fonts::Face;
use crate::typeset::shape::Glyph;
use crate::typeset::{PageItem, Typeset};

/// Gaps narrower than this (points) are not word spaces (kerning, a footnote mark after a word).
const MIN_GAP: f32 = 0.5;

/// `ts` with a space glyph ending every word followed by another on the same line.
pub fn with_word_spaces(ts: &Typeset) -> Typeset {
    let faces: Vec<(Face, Option<(u16, f32)>)> = Face::ALL
        .iter()
        .map(|&f| {
            let space = rustybuzz::ttf_parser::Face::parse(f.data(), 0)
                .ok()
                .and_then(|p| {
                    let gid = p.glyph_index(' ')?;
                    let adv = p.glyph_hor_advance(gid)?;
                    Some((gid.0, f32::from(adv) / f32::from(p.units_per_em())))
                });
            (f, space)
        })
        .collect();
    let space_of = |face: Face| faces.iter().find(|(f, _)| *f == face).and_then(|(_, s)| *s);

    let mut out = ts.clone();
    for page in &mut out.pages {
        let n = page.items.len();
        for i in 0..n {
            let PageItem::Text { x, y, piece } = &page.items[i] else {
                continue;
            };
            let end = x + piece.width();
            let follows = page.items[i + 1..].iter().find_map(|it| match it {
                PageItem::Text { x: nx, y: ny, .. } => Some((*nx, *ny)),
                _ => None,
            });
            let Some((nx, ny)) = follows else { continue };
            if (ny - y).abs() > 0.01 || nx - end < MIN_GAP || piece.rise != 0.0 {
                continue;
            }
            let Some((gid, em)) = space_of(piece.face) else {
                continue;
            };
            let size = piece.size;
            if let PageItem::Text { piece, .. } = &mut page.items[i] {
                piece.glyphs.push(Glyph {
                    id: gid,
                    text: " ".into(),
                    advance: em * size,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::{Geometry, Page, PageSize, Piece};

    fn text(x: f32, y: f32, word: &str) -> PageItem {
        let glyphs = word
            .chars()
            .map(|c| Glyph {
                id: 1,
                text: c.to_string(),
                advance: 5.0,
            })
            .collect();
        PageItem::Text {
            x,
            y,
            piece: Piece {
                face: Face::Regular,
                size: 10.0,
                glyphs,
                rise: 0.0,
                link: None,
                hscale: 1.0,
            },
        }
    }

    #[test]
    fn words_on_a_line_get_a_space_the_last_one_does_not() {
        let page = Page {
            items: vec![
                text(0.0, 10.0, "ab"),
                text(12.0, 10.0, "cd"),
                text(0.0, 22.0, "ef"),
            ],
            ..Page::default()
        };
        let ts = Typeset {
            geometry: Geometry::new(PageSize::parse("A5").unwrap(), 10.0),
            pages: vec![page],
            outline: vec![],
            bleed: 0.0,
        };
        let spaced = with_word_spaces(&ts);
        let texts: Vec<String> = spaced.pages[0]
            .items
            .iter()
            .map(|it| match it {
                PageItem::Text { piece, .. } => {
                    piece.glyphs.iter().map(|g| g.text.as_str()).collect()
                }
                _ => String::new(),
            })
            .collect();
        assert_eq!(texts, vec!["ab ", "cd", "ef"]);
    }
}
