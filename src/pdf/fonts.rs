//! Embedding fonts in the PDF: each font is subset to the glyphs the pages use (typst's
//! `subsetter`, which renumbers glyphs densely) and written as a Type 0 font with an Identity-H
//! CID font — TrueType outlines as `CIDFontType2` with `FontFile2`, CFF outlines (most `.otf`
//! files) as `CIDFontType0` with an OpenType `FontFile3` — named with the standard subset
//! prefix `ABCDEF+PostScriptName`. Its ToUnicode map is built from each glyph's text, so
//! `pdftotext` gets the exact characters back. A font filling several roles is embedded once.

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Mutex, OnceLock};

use std::sync::Arc;

use crate::error::{Error, Result};
use crate::fonts::{Face, Font, FontSet, Outlines};
use crate::typeset::PageItem;

use super::writer::Writer;

/// A font as embedded.
pub struct Embedded {
    pub font: Arc<Font>,
    /// The font's resource name is `/F{resource}`.
    pub resource: usize,
    /// Original glyph id → the subset's (0: not in the subset, or not yet). Atomic so that
    /// pages are drawn in parallel while later pages add glyphs; a glyph's number, once given,
    /// never changes.
    remap: Vec<AtomicU16>,
    /// Original glyph id → advance in thousandths of an em, to three decimals (what /W says).
    widths: Vec<f32>,
    /// The space glyph (original id) and its advance in em, for word spaces.
    pub space: Option<(u16, f32)>,
    /// Glyphs in the subset, original ids in subset order, with their text.
    glyphs: Mutex<Vec<(u16, String)>>,
}

impl Embedded {
    /// The subset's glyph id for the original font's `gid`.
    pub fn glyph(&self, gid: u16) -> u16 {
        self.remap
            .get(usize::from(gid))
            .map_or(0, |g| g.load(Ordering::Relaxed))
    }

    /// The width the PDF gives `gid` (original id), in thousandths of an em.
    pub fn width(&self, gid: u16) -> f32 {
        self.widths.get(usize::from(gid)).copied().unwrap_or(0.0)
    }

    /// The font set up with .notdef and the space glyph (which word spaces add) in its subset.
    fn new(font: Arc<Font>, resource: usize) -> Embedded {
        let parsed = &font.face;
        let upem = parsed.units_per_em() as f32;
        let count = usize::from(parsed.number_of_glyphs());
        let widths: Vec<f32> = (0..count)
            .map(|g| {
                let adv = parsed
                    .glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(g as u16))
                    .unwrap_or(0);
                // As `num` will write it, so that the content streams' offsets
                // make up for exactly what /W says.
                (f32::from(adv) * 1000.0 / upem * 1000.0).round() / 1000.0
            })
            .collect();
        let space = parsed.glyph_index(' ').map(|gid| {
            let adv = parsed.glyph_hor_advance(gid).unwrap_or(0);
            (gid.0, f32::from(adv) / upem)
        });
        let remap: Vec<AtomicU16> = (0..count).map(|_| AtomicU16::new(0)).collect();
        let mut glyphs = vec![(0, String::new())];
        if let Some((gid, _)) = space.filter(|(g, _)| *g != 0 && usize::from(*g) < count) {
            remap[usize::from(gid)].store(1, Ordering::Relaxed);
            glyphs.push((gid, " ".to_string()));
        }
        Embedded {
            font,
            resource,
            remap,
            widths,
            space,
            glyphs: Mutex::new(glyphs),
        }
    }
}

/// The fonts of a document, each set up when first drawn, its subset growing as pages are
/// added. The editions of one build embed the same subsets, so that a body page drawn once
/// serves both (glyph ids are the subset's).
pub struct Fonts {
    set: Arc<FontSet>,
    /// One slot for each of the set's different fonts.
    embedded: Vec<OnceLock<Embedded>>,
}

impl Fonts {
    pub fn new(set: Arc<FontSet>) -> Fonts {
        let embedded = set.fonts().iter().map(|_| OnceLock::new()).collect();
        Fonts { set, embedded }
    }

    /// The embedded font that draws `face`, once it draws anything.
    pub fn get(&self, face: Face) -> Option<&Embedded> {
        self.embedded
            .get(self.set.index(face))
            .and_then(OnceLock::get)
    }

    /// Whether `face` is drawn slanted and emboldened by the PDF (an italic or bold style the
    /// book has no font of its own for, set in its regular font): as e-readers make them.
    pub fn made_styles(&self, face: Face) -> (bool, bool) {
        let font = self.set.font(face);
        (
            face.is_italic() && !font.italic,
            face.is_bold() && !font.bold,
        )
    }

    /// The fonts used, in the order of the set's fonts.
    pub fn iter(&self) -> impl Iterator<Item = &Embedded> {
        self.embedded.iter().filter_map(OnceLock::get)
    }

    /// Add the glyphs `items` draw: each new one takes the next number in its face's subset,
    /// and its text is the first that is not empty. Pages are added in order before they are
    /// drawn, one batch at a time, so that a book's subsets are numbered the same on every
    /// build.
    pub fn add(&self, items: &[PageItem]) {
        for item in items {
            let piece = match item {
                PageItem::Text { piece, .. } => piece,
                PageItem::Turned { items, .. } => {
                    self.add(items);
                    continue;
                }
                _ => continue,
            };
            let index = self.set.index(piece.face);
            let Some(slot) = self.embedded.get(index) else {
                continue;
            };
            let e = slot.get_or_init(|| Embedded::new(self.set.font(piece.face).clone(), index));
            let mut glyphs = e.glyphs.lock().unwrap_or_else(|p| p.into_inner());
            // The text of the cluster a glyph belongs to: the last glyph's that had any.
            let mut cluster = "";
            for g in piece.glyphs.iter() {
                if !g.text.is_empty() {
                    cluster = &g.text;
                }
                let Some(slot) = e.remap.get(usize::from(g.id)).filter(|_| g.id != 0) else {
                    continue;
                };
                // A glyph of a cluster after the first stands for no text of its own; if the
                // font draws one of the cluster's characters with it, it stands for that one
                // (a vowel sign drawn apart), else for nothing (see `write`). Looked up only
                // for a glyph whose text is not known yet.
                let text = || {
                    if !g.text.is_empty() {
                        return g.text.to_string();
                    }
                    let face = &e.font.face;
                    cluster
                        .chars()
                        .find(|&c| face.glyph_index(c).is_some_and(|id| id.0 == g.id))
                        .map(String::from)
                        .unwrap_or_default()
                };
                match usize::from(slot.load(Ordering::Relaxed)) {
                    0 => {
                        slot.store(glyphs.len() as u16, Ordering::Relaxed);
                        glyphs.push((g.id, text()));
                    }
                    n => {
                        if let Some((_, had)) = glyphs.get_mut(n)
                            && had.is_empty()
                        {
                            *had = text();
                        }
                    }
                }
            }
        }
    }
}

/// Write every face's objects (with pdf-writer); returns `(resource index, font object)` for
/// the resources.
pub fn write(w: &mut Writer, fonts: &Fonts) -> Result<Vec<(usize, u32)>> {
    use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
    use pdf_writer::{Filter, Name, Rect, Str};
    let mut out = Vec::new();
    for e in fonts.iter() {
        let font = &e.font;
        let glyphs = e.glyphs.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let mut remapper = subsetter::GlyphRemapper::new();
        for (old, _) in &glyphs {
            remapper.remap(*old);
        }
        let data = subsetter::subset(font.data, font.index, &remapper).map_err(|err| {
            Error::Other(format!("cannot subset font {}: {err:?}", font.describe()))
        })?;
        let base = format!(
            "{}+{}",
            subset_tag(&font.postscript, &glyphs),
            font.postscript
        );
        let base_name = Name(base.as_bytes());
        let p = &font.face;
        let cff = font.outlines == Outlines::Cff;
        let scale = 1000.0 / p.units_per_em() as f32;
        let s = |v: i16| (f32::from(v) * scale).round();
        let [file, descriptor, cid, to_unicode, type0] = [(); 5].map(|()| w.alloc_ref());

        // The font program, deflated: a stream in a chunk of its own (see `Writer::chunk`).
        let packed = super::writer::deflate(&data);
        w.with_chunk(|c| {
            let mut stream = c.stream(file, &packed);
            stream.filter(Filter::FlateDecode);
            if cff {
                // subsetter gives an OpenType font holding CID-keyed CFF (ISO 32000-1, 9.9).
                stream.pair(Name(b"Subtype"), Name(b"OpenType"));
            } else {
                stream.pair(Name(b"Length1"), data.len() as i32);
            }
        });

        // Subset glyph id → the text it stands for. A glyph that stands for none (the second
        // glyph of a cluster; its text is the first's) is mapped to a zero-width space: PDF/UA
        // wants every glyph shown mapped, and the pieces that show such glyphs carry their
        // whole text as ActualText (see `content`), which extraction reads instead.
        let mut cmap = UnicodeCmap::new(
            Name(b"Custom"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        for (new, (old, text)) in glyphs.iter().enumerate() {
            if !text.is_empty() {
                cmap.pair_with_multiple(new as u16, text.chars());
            } else if *old != 0 {
                cmap.pair(new as u16, '\u{200B}');
            }
        }
        let cmap = super::writer::deflate(&cmap.finish());
        w.with_chunk(|c| {
            c.cmap(to_unicode, &cmap).filter(Filter::FlateDecode);
        });

        w.with_chunk(|c| {
            let bbox = p.global_bounding_box();
            let italic = p.italic_angle();
            let weight = p.weight().to_number();
            // ISO 32000-1 table 123: nonsymbolic, italic.
            let mut flags = FontFlags::NON_SYMBOLIC;
            if italic != 0.0 {
                flags |= FontFlags::ITALIC;
            }
            let stem_v = 50.0 + ((f32::from(weight) / 65.0).powi(2)).round();
            let mut d = c.font_descriptor(descriptor);
            d.name(base_name)
                .flags(flags)
                .bbox(Rect::new(
                    s(bbox.x_min),
                    s(bbox.y_min),
                    s(bbox.x_max),
                    s(bbox.y_max),
                ))
                .italic_angle(italic.round())
                .ascent(s(p.ascender()))
                .descent(s(p.descender()))
                .cap_height(s(p.capital_height().unwrap_or(p.ascender())))
                .stem_v(stem_v);
            if cff {
                d.font_file3(file);
            } else {
                d.font_file2(file);
            }
            drop(d);

            let mut f = c.cid_font(cid);
            f.subtype(if cff {
                CidFontType::Type0
            } else {
                CidFontType::Type2
            })
            .base_font(base_name)
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(descriptor)
            .default_width(1000.0);
            // CFF subsets are CID-keyed with CID = glyph id, so need no CIDToGIDMap.
            if !cff {
                f.cid_to_gid_map_predefined(Name(b"Identity"));
            }
            f.widths()
                .consecutive(0, glyphs.iter().map(|(old, _)| e.width(*old)));
            drop(f);

            c.type0_font(type0)
                .base_font(base_name)
                .encoding_predefined(Name(b"Identity-H"))
                .descendant_font(cid)
                .to_unicode(to_unicode);
        });
        out.push((e.resource, type0.get() as u32));
    }
    Ok(out)
}

/// Six upper-case letters that name a subset (ISO 32000-1, 9.6.4), derived from the face and its
/// glyph set so that the same book gets the same names on every build.
fn subset_tag(font_name: &str, glyphs: &[(u16, String)]) -> String {
    // FNV-1a over the font's name and glyph ids.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = font_name
        .bytes()
        .chain(glyphs.iter().flat_map(|(g, _)| g.to_be_bytes()));
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
        let glyphs: Vec<(u16, String)> = [3u16, 7, 9].iter().map(|&g| (g, String::new())).collect();
        let a = subset_tag("GentiumBookPlus-Regular", &glyphs);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(a, subset_tag("GentiumBookPlus-Regular", &glyphs));
        assert_ne!(a, subset_tag("GentiumBookPlus-Bold", &glyphs));
    }
}
