//! Embedding fonts in the PDF: each face is subset to the glyphs the pages use (typst's
//! `subsetter`, which renumbers glyphs densely), registered with printpdf under the standard
//! subset name `ABCDEF+PostScriptName`, and its glyph ids remapped for the content streams.
//! printpdf writes the font as a CID font with a ToUnicode map built from each glyph's text, so
//! `pdftotext` gets the exact characters back.

use std::collections::BTreeMap;

use printpdf::{FontId, ParsedFont, PdfDocument};

use crate::error::{Error, Result};
use crate::fonts::Face;
use crate::typeset::{PageItem, Typeset};

/// A face as embedded: its printpdf id and the old → new glyph id map.
pub struct Embedded {
    pub id: FontId,
    remap: subsetter::GlyphRemapper,
}

impl Embedded {
    /// The subset's glyph id for the original font's `gid`.
    pub fn glyph(&self, gid: u16) -> u16 {
        self.remap.get(gid).unwrap_or(0)
    }
}

/// Subset and register every face used in `ts`.
pub fn embed(doc: &mut PdfDocument, ts: &Typeset) -> Result<BTreeMap<Face, Embedded>> {
    let mut used: BTreeMap<Face, std::collections::BTreeSet<u16>> = BTreeMap::new();
    for page in &ts.pages {
        for item in &page.items {
            if let PageItem::Text { piece, .. } = item {
                used.entry(piece.face)
                    .or_default()
                    .extend(piece.glyphs.iter().map(|g| g.id));
            }
        }
    }
    let mut out = BTreeMap::new();
    for (face, gids) in used {
        let mut remap = subsetter::GlyphRemapper::new();
        for &g in &gids {
            remap.remap(g);
        }
        let data = subsetter::subset(face.data(), 0, &remap)
            .map_err(|e| Error::Other(format!("cannot subset font {}: {e:?}", face.file_name())))?;
        let mut warnings = Vec::new();
        let mut parsed = ParsedFont::from_bytes(&data, 0, &mut warnings).ok_or_else(|| {
            Error::Other(format!("cannot read the subset of {}", face.file_name()))
        })?;
        parsed.font_name = Some(format!(
            "{}+{}",
            subset_tag(face, &gids),
            face.postscript_name()
        ));
        // Renamed from printpdf's random name after the face: same bytes on every build.
        let random = doc.add_font(&parsed);
        let id = FontId(format!("F{}", out.len() + 1));
        if let Some(font) = doc.resources.fonts.map.remove(&random) {
            doc.resources.fonts.map.insert(id.clone(), font);
        }
        out.insert(face, Embedded { id, remap });
    }
    Ok(out)
}

/// Six upper-case letters that name a subset (ISO 32000-1, 9.6.4), derived from the face and its
/// glyph set so that the same book gets the same names on every build.
fn subset_tag(face: Face, gids: &std::collections::BTreeSet<u16>) -> String {
    // FNV-1a over the face name and glyph ids.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = face
        .postscript_name()
        .bytes()
        .chain(gids.iter().flat_map(|g| g.to_be_bytes()));
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 10)) % 26) as u8))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_stable() {
        let gids = [3u16, 7, 9].into_iter().collect();
        let a = subset_tag(Face::Regular, &gids);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(a, subset_tag(Face::Regular, &gids));
        assert_ne!(a, subset_tag(Face::Bold, &gids));
    }
}
