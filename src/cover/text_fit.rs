//! Fitting the generated cover's text to its width: sizes that shrink, lines broken at spaces
//! (and between letters when a word alone is too wide), one-line names cut with `…` — so that
//! nothing is drawn past the cover's edge.

use rustybuzz::ttf_parser;

use crate::fonts::{Face, FontSet};

/// The size (at most `max`) and letter spacing (at most `spacing`, shrinking with the size) at
/// which `s` fits in `measure` on one line — down to a third of `max`, where
/// [`shortened`] takes over.
pub(super) fn fit(
    set: &FontSet,
    s: &str,
    face: Face,
    max: f32,
    measure: f32,
    spacing: f32,
) -> (f32, f32) {
    let gaps = s.chars().count() as f32 * spacing / max;
    let w = width(set, s, face, 1.0) + gaps;
    let size = if w * max <= measure {
        max
    } else {
        (measure / w).max(max / 3.0)
    };
    (size, spacing * size / max)
}

/// Drawn width of `s` at `size` with `spacing` after each letter.
pub(super) fn spaced_width(set: &FontSet, s: &str, face: Face, size: f32, spacing: f32) -> f32 {
    width(set, s, face, size) + spacing * s.chars().count() as f32
}

/// `s`, cut and ended with `…` when it is wider than `measure` even at the size [`fit`] gave:
/// a one-line series or publisher name stays on the cover.
pub(super) fn shortened(
    set: &FontSet,
    s: &str,
    face: Face,
    size: f32,
    measure: f32,
    spacing: f32,
) -> String {
    if spaced_width(set, s, face, size, spacing) <= measure {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}…");
        if spaced_width(set, &next, face, size, spacing) > measure {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// `s` broken into at most `lines` lines that fit `measure`, at the largest size up to `max`
/// that allows it. Down at a third of `max`, a word still wider than the measure is broken
/// between letters, and past three times `lines` the text is cut with `…`: nothing is ever
/// drawn past the cover's edge.
pub(super) fn wrap_to_fit(
    set: &FontSet,

    s: &str,
    face: Face,
    max: f32,
    measure: f32,
    lines: usize,
) -> (f32, Vec<String>) {
    let mut size = max;
    loop {
        let wrapped = wrap(set, s, face, size, measure);
        let widest = wrapped
            .iter()
            .map(|l| width(set, l, face, size))
            .fold(0.0, f32::max);
        if wrapped.len() <= lines && widest <= measure {
            return (size, wrapped);
        }
        if size <= max / 3.0 {
            let mut wrapped: Vec<String> = wrapped
                .into_iter()
                .flat_map(|l| break_letters(set, &l, face, size, measure))
                .collect();
            if wrapped.len() > 3 * lines {
                wrapped.truncate(3 * lines);
                let last = wrapped.pop().unwrap_or_default() + "…";
                wrapped.push(shortened(set, &last, face, size, measure, 0.0));
            }
            return (size, wrapped);
        }
        size *= 0.92;
    }
}

/// `line` as it is when it fits `measure`, else broken between letters into pieces that do.
fn break_letters(set: &FontSet, line: &str, face: Face, size: f32, measure: f32) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in line.chars() {
        let last = out.last_mut().expect("never empty");
        last.push(c);
        if width(set, last, face, size) > measure && last.chars().count() > 1 {
            last.pop();
            let piece = last.trim_end().to_string();
            *last = piece;
            out.push(if c == ' ' {
                String::new()
            } else {
                c.to_string()
            });
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

/// Greedy line breaking of `s`: whole phrases (the authors' names, joined by " · ") to a line
/// where they fit, so that a name is not split over two lines; a phrase wider than the measure
/// by itself is broken at its spaces.
fn wrap(set: &FontSet, s: &str, face: Face, size: f32, measure: f32) -> Vec<String> {
    const JOINT: &str = " · ";
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for phrase in s.split(JOINT) {
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        if phrase.is_empty() {
            continue;
        }
        let candidate = if line.is_empty() {
            phrase.clone()
        } else {
            format!("{line}{JOINT}{phrase}")
        };
        if width(set, &candidate, face, size) <= measure {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut words = wrap_words(set, &phrase, face, size, measure);
        line = words.pop().unwrap_or_default();
        lines.extend(words);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Greedy line breaking of `s` at spaces.
fn wrap_words(set: &FontSet, s: &str, face: Face, size: f32, measure: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(set, &candidate, face, size) <= measure {
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
pub(super) fn width(set: &FontSet, s: &str, face: Face, size: f32) -> f32 {
    let f: &ttf_parser::Face = set.font(face).face.as_ref();
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
