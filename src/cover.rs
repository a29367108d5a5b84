//! The typographic cover terbit draws when book.yaml names none: title, subtitle, authors and
//! series set in the book's own typeface on a ground whose colour comes from the title (the
//! same book always gets the same cover). It is an SVG drawn with resvg — a 1600×2560 PNG
//! (KDP's recommended size and 1.6 ratio) for the EPUB, and one of the page's proportions as
//! the first page of the screen PDF. The print edition gets none: print-on-demand services
//! take the cover as a file of its own.

use std::sync::Mutex;

use rustybuzz::ttf_parser;

use crate::document::Book;
use crate::document::assets::{Asset, Assets, pixel_size};
use crate::error::{Error, Result};
use crate::fonts::Face;
use crate::lang::Language;
use crate::manuscript::CONFIG_FILE;
use crate::manuscript::config::BookConfig;
use crate::typeset::{Page, PageItem, Typeset};

/// The EPUB cover's size in pixels.
pub const SIZE: (u32, u32) = (1600, 2560);
/// Where the generated cover goes in the EPUB.
pub const HREF: &str = "images/cover.png";
/// Width in pixels of the screen PDF's cover page (its height follows the page's proportions):
/// about 300 dpi on A5.
const PDF_WIDTH: f32 = 1800.0;

/// Grounds and the colour of the rules and small text on them (dark grounds, light type).
const PALETTE: [(&str, &str); 6] = [
    ("#1f3a5f", "#e9c46a"),
    ("#5b1a1a", "#f1dca7"),
    ("#1e4d3a", "#e6d5a8"),
    ("#3b2f5c", "#f0c987"),
    ("#2f3e46", "#cad2c5"),
    ("#6b3e26", "#f4e3c1"),
];

/// The cover of `meta` as a `width`×`height` SVG.
pub fn svg(meta: &BookConfig, width: f32, height: f32) -> String {
    let (ground, accent) = PALETTE[(fnv(&meta.title) % PALETTE.len() as u64) as usize];
    let lang = Language::from_tag(&meta.language.value);
    let u = width / 1600.0; // one unit of the 1600-wide design
    let margin = 150.0 * u;
    let measure = width - 2.0 * margin;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\">\n<rect width=\"{width}\" height=\"{height}\" \
         fill=\"{ground}\"/>\n<rect x=\"{i}\" y=\"{i}\" width=\"{iw}\" height=\"{ih}\" \
         fill=\"none\" stroke=\"{accent}\" stroke-width=\"{sw}\"/>\n",
        i = 60.0 * u,
        iw = width - 120.0 * u,
        ih = height - 120.0 * u,
        sw = 4.0 * u,
    );
    let text =
        |out: &mut String, s: &str, y: f32, size: f32, face: Face, fill: &str, spacing: f32| {
            let (weight, style) = match face {
                Face::Bold => ("bold", "normal"),
                Face::Italic => ("normal", "italic"),
                Face::BoldItalic => ("bold", "italic"),
                _ => ("normal", "normal"),
            };
            out.push_str(&format!(
                "<text x=\"{x}\" y=\"{y}\" font-family=\"Gentium Book Plus\" font-size=\"{size}\" \
             font-weight=\"{weight}\" font-style=\"{style}\" letter-spacing=\"{spacing}\" \
             text-anchor=\"middle\" fill=\"{fill}\">{}</text>\n",
                escape(s),
                x = width / 2.0,
            ));
        };
    let rule = |out: &mut String, y: f32, half: f32| {
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{}\" fill=\"{accent}\"/>\n",
            width / 2.0 - half,
            2.0 * half,
            4.0 * u
        ));
    };

    // The series at the top, in spaced capitals.
    if let Some(series) = &meta.series {
        let mut s = lang.to_upper(&series.name);
        if let Some(n) = series.number {
            s.push_str(&format!(" · {n}"));
        }
        let size = fit(&s, Face::Regular, 56.0 * u, measure, 6.0 * u);
        text(
            &mut out,
            &s,
            300.0 * u,
            size,
            Face::Regular,
            accent,
            6.0 * u,
        );
    }
    // The title, as large as fits in at most five lines, centred on the upper middle.
    let (size, lines) = wrap_to_fit(&meta.title, Face::Bold, 170.0 * u, measure, 5);
    let leading = size * 1.15;
    let block = leading * lines.len() as f32;
    let mut y = (height * 0.40 - block / 2.0).max(420.0 * u) + size;
    rule(&mut out, y - size - 70.0 * u, 120.0 * u);
    for line in &lines {
        text(&mut out, line, y, size, Face::Bold, "#ffffff", 0.0);
        y += leading;
    }
    if let Some(sub) = &meta.subtitle {
        let (size, lines) = wrap_to_fit(sub, Face::Italic, 70.0 * u, measure, 4);
        y += 30.0 * u;
        for line in &lines {
            text(&mut out, line, y, size, Face::Italic, "#ffffff", 0.0);
            y += size * 1.25;
        }
    }
    rule(&mut out, y + 10.0 * u, 120.0 * u);
    // The authors at the foot, the publisher under them.
    let authors: Vec<&str> = meta.authors.iter().map(|a| a.name()).collect();
    let foot = height - 330.0 * u;
    if !authors.is_empty() {
        let names = authors.join(" · ");
        let (size, lines) = wrap_to_fit(&names, Face::Regular, 80.0 * u, measure, 3);
        let mut y = foot - (lines.len() as f32 - 1.0) * size * 1.2;
        for line in &lines {
            text(&mut out, line, y, size, Face::Regular, "#ffffff", 0.0);
            y += size * 1.2;
        }
    }
    if let Some(p) = &meta.publisher {
        let size = fit(p, Face::Regular, 44.0 * u, measure, 3.0 * u);
        text(
            &mut out,
            &lang.to_upper(p),
            height - 170.0 * u,
            size,
            Face::Regular,
            accent,
            3.0 * u,
        );
    }
    out.push_str("</svg>\n");
    out
}

/// The cover of `meta`, `width`×`height` pixels, as a PNG. The last few drawn are kept, so
/// that the EPUB and PDF of one build, and `terbit watch`'s rebuilds, draw each once.
pub fn png(meta: &BookConfig, width: u32, height: u32) -> Result<Vec<u8>> {
    static DRAWN: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
    let svg = svg(meta, width as f32, height as f32);
    if let Ok(drawn) = DRAWN.lock()
        && let Some((_, png)) = drawn.iter().find(|(s, _)| *s == svg)
    {
        return Ok(png.clone());
    }
    let fail = |e: String| Error::Other(format!("cannot draw the cover: {e}"));
    let tree = crate::svg::parse(svg.as_bytes()).map_err(fail)?;
    let png = crate::svg::render_png(&tree, 1.0).map_err(fail)?;
    if let Ok(mut drawn) = DRAWN.lock() {
        if drawn.len() >= 4 {
            drawn.remove(0);
        }
        drawn.push((svg, png.clone()));
    }
    Ok(png)
}

/// The cover `assets` has, or a generated one added to them (the EPUB's cover image).
pub fn ensure(book: &Book, assets: &mut Assets) -> Result<()> {
    if assets.cover.is_some() {
        return Ok(());
    }
    let data = png(&book.meta, SIZE.0, SIZE.1)?;
    assets.files.push(Asset {
        href: HREF.to_string(),
        media_type: "image/png",
        data,
        is_cover: true,
        source: book.dir.join(CONFIG_FILE),
    });
    assets.cover = Some(HREF.to_string());
    Ok(())
}

/// `ts` (the screen edition) with the book's cover as its first page, filling it: the
/// author's cover fitted inside the page, or a generated one of the page's proportions.
/// Links and bookmarks move on by one page.
pub fn prepend_page(book: &Book, ts: &mut Typeset, assets: &mut Assets) -> Result<()> {
    let (w, h) = (ts.geometry.page.width, ts.geometry.page.height);
    let (key, iw, ih) = match assets.cover.as_ref().and_then(|href| {
        let file = assets.files.iter().find(|f| &f.href == href)?;
        let (pw, ph) = pixel_size(&file.data)?;
        Some((href.clone(), pw as f32, ph as f32))
    }) {
        Some(found) => found,
        None => {
            let height = (PDF_WIDTH * h / w).round();
            let data = png(&book.meta, PDF_WIDTH as u32, height as u32)?;
            let href = "images/cover-page.png".to_string();
            assets.files.push(Asset {
                href: href.clone(),
                media_type: "image/png",
                data,
                is_cover: false,
                source: book.dir.join(CONFIG_FILE),
            });
            (href, PDF_WIDTH, height)
        }
    };
    let scale = (w / iw).min(h / ih);
    let (dw, dh) = (iw * scale, ih * scale);
    let page = Page {
        items: vec![PageItem::Image {
            x: (w - dw) / 2.0,
            y: (h - dh) / 2.0,
            width: dw,
            height: dh,
            key,
        }],
        label: String::new(),
        chapter: None,
        opening: false,
    };
    ts.pages.insert(0, page);
    for e in &mut ts.outline {
        e.page += 1;
    }
    for page in &mut ts.pages {
        for item in &mut page.items {
            if let PageItem::Link {
                target: crate::typeset::Target::Page { page, .. },
                ..
            } = item
            {
                *page += 1;
            }
        }
    }
    Ok(())
}

/// The size (at most `max`) at which `s` fits in `measure` on one line.
fn fit(s: &str, face: Face, max: f32, measure: f32, spacing: f32) -> f32 {
    let w = width(s, face, 1.0) + spacing * s.chars().count() as f32 / max;
    if w * max <= measure { max } else { measure / w }
}

/// `s` broken into at most `lines` lines that fit `measure`, at the largest size up to `max`
/// that allows it (down to a third of it, where long words are left to overflow).
fn wrap_to_fit(s: &str, face: Face, max: f32, measure: f32, lines: usize) -> (f32, Vec<String>) {
    let mut size = max;
    loop {
        let wrapped = wrap(s, face, size, measure);
        let widest = wrapped
            .iter()
            .map(|l| width(l, face, size))
            .fold(0.0, f32::max);
        if (wrapped.len() <= lines && widest <= measure) || size <= max / 3.0 {
            return (size, wrapped);
        }
        size *= 0.92;
    }
}

/// Greedy line breaking of `s` at spaces.
fn wrap(s: &str, face: Face, size: f32, measure: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&candidate, face, size) <= measure {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The advance width of `s` in `face` at `size` (no kerning: enough for breaking lines).
fn width(s: &str, face: Face, size: f32) -> f32 {
    let Ok(f) = ttf_parser::Face::parse(face.data(), 0) else {
        return s.chars().count() as f32 * size * 0.5;
    };
    let upem = f32::from(f.units_per_em());
    s.chars()
        .map(|c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .map_or(upem * 0.5, f32::from)
        })
        .sum::<f32>()
        * size
        / upem
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
    use super::*;
    use std::path::Path;

    fn meta(yaml: &str) -> BookConfig {
        crate::manuscript::config::parse(Path::new("book.yaml"), yaml).unwrap()
    }

    #[test]
    fn long_titles_wrap_and_shrink_to_fit() {
        let measure = 1300.0;
        let (size, lines) = wrap_to_fit(
            "Hubungan Turki dan Eurasia (50)",
            Face::Bold,
            170.0,
            measure,
            5,
        );
        assert!(lines.len() >= 2 && lines.len() <= 5, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, Face::Bold, size) <= measure));
        let long = "Kata ".repeat(60);
        let (small, lines) = wrap_to_fit(&long, Face::Bold, 170.0, measure, 5);
        assert!(small < 170.0 && lines.len() <= 5 || small <= 170.0 / 3.0 + 1.0);
    }

    #[test]
    fn the_svg_names_everything_escaped() {
        let m = meta(
            "title: Ağaç & <Dal>\nsubtitle: Alt\nlanguage: tr\nauthors: [Ayşe]\n\
             series: {name: istanbul dizisi, number: 3}\npublisher: Yayın\n",
        );
        let s = svg(&m, 1600.0, 2560.0);
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
        assert_eq!(svg(&m, 1600.0, 2560.0), s, "the same book, the same cover");
    }
}
