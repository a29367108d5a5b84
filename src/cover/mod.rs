//! The typographic cover terbit draws when book.yaml names none: title, subtitle, authors and
//! series set in the book's own typeface on a ground whose colour comes from the title (the
//! same book always gets the same cover). One design (`design`) is drawn twice: as an SVG
//! rendered by resvg to a 1600×2560 PNG (KDP's recommended size and 1.6 ratio) for the EPUB,
//! and as vector shapes and text on the first page of the screen PDF. The print edition gets none: print-on-demand services
//! take the cover as a file of its own.

use std::sync::Mutex;

use crate::document::Book;

use crate::document::assets::Asset;
use crate::error::{Error, Result};
use crate::fonts::Face;
use crate::fonts::FontSet;
use crate::lang::Language;
use crate::manuscript::CONFIG_FILE;
use crate::manuscript::config::BookConfig;

mod text_fit;
use text_fit::{fit, shortened, wrap_to_fit};

/// The EPUB cover's size in pixels.
pub const SIZE: (u32, u32) = (1600, 2560);
/// Where the generated cover goes in the EPUB.
pub const HREF: &str = "images/cover.png";

/// Grounds and the colour of the rules and small text on them (dark grounds, light type).
const PALETTE: [(Rgb, Rgb); 6] = [
    (Rgb(0x1f, 0x3a, 0x5f), Rgb(0xe9, 0xc4, 0x6a)),
    (Rgb(0x5b, 0x1a, 0x1a), Rgb(0xf1, 0xdc, 0xa7)),
    (Rgb(0x1e, 0x4d, 0x3a), Rgb(0xe6, 0xd5, 0xa8)),
    (Rgb(0x3b, 0x2f, 0x5c), Rgb(0xf0, 0xc9, 0x87)),
    (Rgb(0x2f, 0x3e, 0x46), Rgb(0xca, 0xd2, 0xc5)),
    (Rgb(0x6b, 0x3e, 0x26), Rgb(0xf4, 0xe3, 0xc1)),
];
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// What a cover is made of, in the units of the surface it is drawn on (pixels for the PNG,
/// points for the PDF page): the one design both draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// A rectangle, `y` its top edge: filled, or with a `stroke` width, outlined (as
    /// the page items of `typeset`).
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: Rgb,
        stroke: Option<f32>,
    },
    /// One line of text centred on the cover's middle, `y` its baseline; `spacing` is added
    /// after every character (spaced capitals).
    Text {
        text: String,
        y: f32,
        size: f32,
        face: Face,
        colour: Rgb,
        spacing: f32,
    },
}

/// The ground of the cover of `meta` and the colour of its rules and small text (chosen by
/// its title): a printed cover's back and spine are in them too.
pub fn colours(meta: &BookConfig) -> (Rgb, Rgb) {
    PALETTE[(fnv(&meta.title) % PALETTE.len() as u64) as usize]
}

/// The cover of `meta` laid out on a `width`×`height` surface.
pub fn design(meta: &BookConfig, set: &FontSet, width: f32, height: f32) -> Vec<Element> {
    let (ground, accent) = colours(meta);
    let lang = Language::from_tag(&meta.language.value);
    let u = width / 1600.0; // one unit of the 1600-wide design
    let margin = 150.0 * u;
    let measure = width - 2.0 * margin;
    let mut out = vec![
        Element::Rect {
            x: 0.0,
            y: 0.0,
            width,
            height,
            colour: ground,
            stroke: None,
        },
        Element::Rect {
            x: 60.0 * u,
            y: 60.0 * u,
            width: width - 120.0 * u,
            height: height - 120.0 * u,
            colour: accent,
            stroke: Some(4.0 * u),
        },
    ];
    let text = |out: &mut Vec<Element>, s: &str, y, size, face, colour, spacing| {
        out.push(Element::Text {
            text: s.to_string(),
            y,
            size,
            face,
            colour,
            spacing,
        })
    };
    let rule = |out: &mut Vec<Element>, y: f32, half: f32| {
        out.push(Element::Rect {
            x: width / 2.0 - half,
            y,
            width: 2.0 * half,
            height: 4.0 * u,
            colour: accent,
            stroke: None,
        })
    };

    // The series at the top, in spaced capitals.
    if let Some(series) = &meta.series {
        let mut s = lang.to_upper(&series.name);
        if let Some(n) = series.number {
            s.push_str(&format!(" · {n}"));
        }
        let (size, spacing) = fit(set, &s, Face::Regular, 56.0 * u, measure, 6.0 * u);
        let s = shortened(set, &s, Face::Regular, size, measure, spacing);
        text(
            &mut out,
            &s,
            300.0 * u,
            size,
            Face::Regular,
            accent,
            spacing,
        );
    }
    // The title, as large as fits in at most five lines, centred on the upper middle.
    let (size, lines) = wrap_to_fit(set, &meta.title, Face::Bold, 170.0 * u, measure, 5);
    let leading = size * 1.15;
    let block = leading * lines.len() as f32;
    let mut y = (height * 0.40 - block / 2.0).max(420.0 * u) + size;
    rule(&mut out, y - size - 70.0 * u, 120.0 * u);
    for line in &lines {
        text(&mut out, line, y, size, Face::Bold, WHITE, 0.0);
        y += leading;
    }
    if let Some(sub) = &meta.subtitle {
        let (size, lines) = wrap_to_fit(set, sub, Face::Italic, 70.0 * u, measure, 4);
        y += 30.0 * u;
        for line in &lines {
            text(&mut out, line, y, size, Face::Italic, WHITE, 0.0);
            y += size * 1.25;
        }
    }
    rule(&mut out, y + 10.0 * u, 120.0 * u);
    // The authors at the foot, the publisher under them.
    let authors: Vec<&str> = meta.authors.iter().map(|a| a.name()).collect();
    let foot = height - 330.0 * u;
    if !authors.is_empty() {
        let names = authors.join(" · ");
        let (size, lines) = wrap_to_fit(set, &names, Face::Regular, 80.0 * u, measure, 3);
        let mut y = foot - (lines.len() as f32 - 1.0) * size * 1.2;
        for line in &lines {
            text(&mut out, line, y, size, Face::Regular, WHITE, 0.0);
            y += size * 1.2;
        }
    }
    if let Some(p) = &meta.publisher {
        let caps = lang.to_upper(p);
        let (size, spacing) = fit(set, &caps, Face::Regular, 44.0 * u, measure, 3.0 * u);
        let caps = shortened(set, &caps, Face::Regular, size, measure, spacing);
        text(
            &mut out,
            &caps,
            height - 170.0 * u,
            size,
            Face::Regular,
            accent,
            spacing,
        );
    }
    out
}

/// The cover of `meta` as a `width`×`height` SVG, its text in `set`'s body typeface and, for
/// what that lacks, its fallbacks.
pub fn svg(meta: &BookConfig, set: &FontSet, width: f32, height: f32) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\">\n"
    );
    let families: Vec<String> = std::iter::once(Face::Regular)
        .chain(set.fallbacks())
        .map(|f| format!("'{}'", escape(&set.font(f).family.replace('\'', ""))))
        .collect();
    let families = families.join(", ");
    for element in design(meta, set, width, height) {
        match element {
            Element::Rect {
                x,
                y,
                width,
                height,
                colour,
                stroke,
            } => {
                let paint = match stroke {
                    None => format!("fill=\"{colour}\""),
                    Some(w) => format!("fill=\"none\" stroke=\"{colour}\" stroke-width=\"{w}\""),
                };
                out.push_str(&format!(
                    "<rect x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"{height}\" {paint}/>\n"
                ));
            }
            Element::Text {
                text,
                y,
                size,
                face,
                colour,
                spacing,
            } => {
                let (weight, style) = match face {
                    Face::Bold => ("bold", "normal"),
                    Face::Italic => ("normal", "italic"),
                    Face::BoldItalic => ("bold", "italic"),
                    _ => ("normal", "normal"),
                };
                out.push_str(&format!(
                    "<text x=\"{x}\" y=\"{y}\" font-family=\"{families}\" \
                     font-size=\"{size}\" font-weight=\"{weight}\" font-style=\"{style}\" \
                     letter-spacing=\"{spacing}\" text-anchor=\"middle\" fill=\"{colour}\">{}</text>\n",
                    escape(&text),
                    x = width / 2.0,
                ));
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// An sRGB colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(u8, u8, u8);

impl std::fmt::Display for Rgb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl From<Rgb> for [f32; 3] {
    fn from(c: Rgb) -> [f32; 3] {
        [c.0, c.1, c.2].map(|v| f32::from(v) / 255.0)
    }
}

/// The cover of `meta`, `width`×`height` pixels, in the fonts of `set`, as a PNG. The last few
/// drawn are kept, so that the EPUB and PDF of one build, and `terbit watch`'s rebuilds, draw
/// each once.
pub fn png(meta: &BookConfig, set: &FontSet, width: u32, height: u32) -> Result<Vec<u8>> {
    static DRAWN: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let mut svg = svg(meta, set, width as f32, height as f32);
    // The fonts are part of what is drawn (a font file changed under the same name).
    let keys: Vec<String> = set.fonts().iter().map(|f| format!("{:x}", f.key)).collect();
    svg.push_str(&format!("<!-- {} -->\n", keys.join(" ")));
    if let Ok(drawn) = DRAWN.lock()
        && let Some((_, png)) = drawn.iter().find(|(s, _)| *s == svg)
    {
        return Ok(png.clone());
    }
    let fail = |e: String| Error::Other(format!("cannot draw the cover: {e}"));
    let tree = crate::svg::parse_with_fonts(svg.as_bytes(), set).map_err(fail)?;
    let png = crate::svg::render_opaque_png(&tree, 1.0).map_err(fail)?;
    if let Ok(mut drawn) = DRAWN.lock() {
        if drawn.len() >= 4 {
            drawn.remove(0);
        }
        drawn.push((svg, png.clone()));
    }
    Ok(png)
}

/// The cover terbit draws for a book whose book.yaml names none, as the EPUB's cover image (a
/// PNG of [`SIZE`]) in the fonts of `set`; `None` when book.yaml names one.
pub fn generated(meta: &BookConfig, set: &FontSet) -> Result<Option<Vec<u8>>> {
    meta.cover
        .is_none()
        .then(|| png(meta, set, SIZE.0, SIZE.1))
        .transpose()
}

/// The texts the generated cover shows (for finding fonts that draw them).
pub fn texts(meta: &BookConfig) -> Vec<&str> {
    let mut out = vec![meta.title.as_str()];
    out.extend(meta.subtitle.as_deref());
    out.extend(meta.authors.iter().map(|a| a.name()));
    out.extend(meta.series.as_ref().map(|s| s.name.as_str()));
    out.extend(meta.publisher.as_deref());
    out
}

/// The EPUB's cover image at [`HREF`], holding `data`: the PNG [`generated`] draws.
pub fn asset(book: &Book, data: Vec<u8>) -> Asset {
    Asset {
        href: HREF.to_string(),
        media_type: "image/png",
        data: data.into(),
        is_cover: true,
        source: book.dir.join(CONFIG_FILE),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// FNV-1a: a stable hash across builds and machines (std's hasher is neither).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::text_fit::{spaced_width, width};
    use super::*;
    use std::path::Path;

    fn meta(yaml: &str) -> BookConfig {
        crate::manuscript::config::parse(Path::new("book.yaml"), yaml).unwrap()
    }

    #[test]
    fn long_titles_wrap_and_shrink_to_fit() {
        let measure = 1300.0;
        let set = &*FontSet::bundled();
        let (size, lines) = wrap_to_fit(
            set,
            "Hubungan Turki dan Eurasia (50)",
            Face::Bold,
            170.0,
            measure,
            5,
        );
        assert!(lines.len() >= 2 && lines.len() <= 5, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| width(set, l, Face::Bold, size) <= measure)
        );
        let long = "Kata ".repeat(60);
        let (small, lines) = wrap_to_fit(set, &long, Face::Bold, 170.0, measure, 5);
        assert!(small < 170.0 && lines.len() <= 5 || small <= 170.0 / 3.0 + 1.0);
    }

    #[test]
    fn authors_names_are_kept_whole_on_their_lines() {
        let measure = 1300.0;
        let set = &*FontSet::bundled();
        let names = "Steve Klabnik · Carol Nichols · Chris Krycho · Contributions from the Rust \
                     Community";
        let (_, lines) = wrap_to_fit(set, names, Face::Regular, 80.0, measure, 3);
        assert!(lines.len() > 1, "{lines:?}");
        for name in names.split(" · ") {
            assert!(
                lines.iter().any(|l| l.contains(name)),
                "{name} split: {lines:?}"
            );
        }
    }

    #[test]
    fn long_unbroken_words_in_every_field_stay_on_the_cover() {
        let word = "Supercalifragilisticexpialidocious".repeat(4);
        let title = format!("{} {word}", "Sejarah Panjang Hubungan ".repeat(40));
        let yaml = format!(
            "title: \"{title}\"\nsubtitle: {word}\nlanguage: id\nauthors: [\"{word} {word}\"]\n\
             publisher: {word}\nseries: {{name: {word}, number: 12}}\n"
        );
        let (w, h) = (1600.0, 2560.0);
        let mut texts = 0;
        let set = &*FontSet::bundled();
        for e in design(&meta(&yaml), set, w, h) {
            if let Element::Text {
                text,
                y,
                size,
                face,
                spacing,
                ..
            } = e
            {
                texts += 1;
                let drawn = spaced_width(set, &text, face, size, spacing);
                assert!(drawn <= w - 2.0 * 60.0, "{drawn} wide: {text}");
                assert!(y > 0.0 && y < h, "{y}: {text}");
            }
        }
        assert!(texts >= 6, "{texts}");
    }

    #[test]
    fn the_svg_names_everything_escaped() {
        let m = meta(
            "title: Ağaç & <Dal>\nsubtitle: Alt\nlanguage: tr\nauthors: [Ayşe]\n\
             series: {name: istanbul dizisi, number: 3}\npublisher: Yayın\n",
        );
        let s = svg(&m, &FontSet::bundled(), 1600.0, 2560.0);
        assert!(
            s.contains("Ağaç &amp; &lt;Dal&gt;") && s.contains(">Alt</text>"),
            "{s}"
        );
        assert!(
            s.contains(">İSTANBUL DİZİSİ · 3</text>"),
            "Turkish capitals: {s}"
        );
        assert!(
            s.contains(">Ayşe</text>") && s.contains(">YAYIN</text>"),
            "{s}"
        );
        assert_eq!(
            svg(&m, &FontSet::bundled(), 1600.0, 2560.0),
            s,
            "the same book, the same cover"
        );
    }
}
