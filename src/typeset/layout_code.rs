//! Code listings (part of `layout`): monospaced lines, never past the measure.
//!
//! A listing whose longest line fits at [`MIN_CODE_SHRINK`] of the code size or more is set
//! that much smaller, every line whole. Otherwise a line too long is broken where a reader of
//! code breaks it: after a space, or after punctuation that ends a part (`,` `;` `(` `[` `{`
//! `.` `::` `/` `|` `-` `=` `&` `>`), as late as the measure allows; inside a token only when
//! the token alone is longer than the line. Each continuation row is indented to the line's
//! own indentation plus one step, with a hook drawn in the margin (a drawing, not a character:
//! copying the code leaves it out).

use crate::fonts::Face;

use super::super::paragraph::Piece;
use super::super::shape::Glyph;
use super::{CODE_SCALE, Ctx, Flow, VBox};

/// The smallest share of the code size a listing is set at to keep its lines whole: below it,
/// code is too small to read and lines are broken instead.
pub const MIN_CODE_SHRINK: f32 = 0.85;

/// A continuation row's indent beyond its line's own, in characters.
const CONTINUATION_STEP: usize = 4;

impl Flow<'_> {
    pub(super) fn code(&mut self, text: &str, ctx: Ctx) {
        let measure = self.geo.measure - ctx.left - ctx.right;
        let text = text.strip_suffix('\n').unwrap_or(text);
        let fonts = self.setter.shaper.fonts().clone();
        let shape = |flow: &mut Self, src: &str, size: f32| -> Vec<(Face, Glyph)> {
            let mut glyphs = Vec::new();
            for (range, face) in fonts.face_runs(src, Face::Mono) {
                let shaped = flow.setter.shaper.shape(&src[range], face, size);
                glyphs.extend(shaped.into_iter().map(|g| (face, g)));
            }
            glyphs
        };
        let sources: Vec<String> = text.split('\n').map(|l| l.replace('\t', "    ")).collect();
        // The size: the code size, or smaller (not below MIN_CODE_SHRINK) so that every line
        // fits whole.
        let mut size = ctx.size * CODE_SCALE;
        let mut lines: Vec<Vec<(Face, Glyph)>> =
            sources.iter().map(|s| shape(self, s, size)).collect();
        let widest = lines.iter().map(|g| width(g)).fold(0.0, f32::max);
        if widest > measure && widest * MIN_CODE_SHRINK <= measure {
            // A hair under, so that rounding never leaves the widest line a point over.
            size *= measure / widest * 0.999;
            lines = sources.iter().map(|s| shape(self, s, size)).collect();
        }
        let leading = ctx.leading * 0.9 * (size / (ctx.size * CODE_SCALE)).max(MIN_CODE_SHRINK);
        let cell = self.setter.shaper.width(" ", Face::Mono, size);
        let n = lines.len();
        for (i, (glyphs, src)) in lines.into_iter().zip(&sources).enumerate() {
            let indent = src.len() - src.trim_start_matches(' ').len();
            let step = (indent + CONTINUATION_STEP) as f32 * cell;
            // A continuation keeps half the measure at least.
            let step = step.min(measure / 2.0);
            let rows = rows(&glyphs, measure, measure - step);
            for (r, range) in rows.iter().enumerate() {
                let baseline = leading - 0.25 * size;
                let left = ctx.left + if r > 0 { step } else { 0.0 };
                let mut texts = Vec::new();
                let mut x = left;
                // Spaces ending a row are not drawn: a break's space may hang past the measure
                // (see `rows`), and a line's trailing ones would run past the page's edge.
                let mut end = range.end;
                while end > range.start && glyphs[end - 1].1.text.as_str() == " " {
                    end -= 1;
                }
                // One piece per stretch of one face, each where the one before it ends.
                for part in glyphs[range.start..end].chunk_by(|a, b| a.0 == b.0) {
                    let face = part[0].0;
                    let glyphs: Vec<Glyph> = part.iter().map(|(_, g)| g.clone()).collect();
                    let advance: f32 = glyphs.iter().map(|g| g.advance).sum();
                    texts.push((x, baseline, Piece::plain(face, size, glyphs)));
                    x += advance;
                }
                let rules = if r > 0 {
                    hook(left - 0.9 * cell, baseline, size)
                } else {
                    vec![]
                };
                // Never a page break between a line's rows, nor where it would leave fewer
                // than two of a listing's lines on a page (its first two, its last two), nor
                // before a blank line (which would open the next page empty; after it, the
                // page ends in white, unseen).
                let breakable = r == 0 && i >= 2 && i + 2 <= n && !src.trim().is_empty();
                self.emit(VBox {
                    height: leading,
                    texts,
                    rules,
                    breakable,
                    chapter: self.chapter,
                    ..VBox::default()
                });
            }
        }
    }
}

fn width(glyphs: &[(Face, Glyph)]) -> f32 {
    glyphs.iter().map(|(_, g)| g.advance).sum()
}

/// The continuation mark: a hook (↳) of two rules, its foot on the row's middle, ending just
/// before `x`.
fn hook(x: f32, baseline: f32, size: f32) -> Vec<(f32, f32, f32, f32)> {
    let thick = (size * 0.06).max(0.4);
    let arm = size * 0.45;
    let top = baseline - size * 0.7;
    let foot = baseline - size * 0.3;
    vec![
        (x - arm, top, thick, foot - top + thick),
        (x - arm, foot, arm, thick),
    ]
}

/// Whether a row of code may end after `c` (see the module's comment).
fn breaks_after(c: char) -> bool {
    matches!(
        c,
        ' ' | ',' | ';' | '(' | '[' | '{' | '.' | ':' | '/' | '|' | '-' | '=' | '&' | '>'
    )
}

/// The rows of a line of code (glyph ranges): the first within `first`, the others within
/// `rest`, each ending at the last break point that fits, or, when none does, at the last
/// glyph that fits.
fn rows(glyphs: &[(Face, Glyph)], first: f32, rest: f32) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < glyphs.len() || out.is_empty() {
        let limit = if out.is_empty() { first } else { rest };
        let mut w = 0.0;
        let mut fit = start;
        let mut last_break = None;
        while fit < glyphs.len() {
            let g = &glyphs[fit].1;
            // A space may hang past the limit: it ends the row unseen.
            let space = g.text.as_str() == " ";
            if w + g.advance > limit + 0.01 && !space {
                break;
            }
            w += g.advance;
            fit += 1;
            let c = g.text.chars().next_back();
            // After `.` only when it is no decimal point or range (`1.5`, `..`): the next
            // character is a letter or `_`.
            let next = glyphs.get(fit).and_then(|(_, n)| n.text.chars().next());
            let ok = match c {
                Some('.') => next.is_some_and(|n| n.is_alphabetic() || n == '_'),
                Some(':') => fit >= 2 && glyphs[fit - 2].1.text.as_str() == ":",
                // A hyphen inside a word (`Cortex-M7`), not one opening an option: `--` alone
                // at a line's end reads as the shell's end of options (`--wait --|diff`).
                Some('-') => {
                    let inner = fit >= 2
                        && glyphs[fit - 2]
                            .1
                            .text
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric);
                    inner && !next.is_some_and(|n| "=>-&|/:<".contains(n))
                }
                Some(' ') => true,
                // Not inside an operator (`->`, `=>`, `==`, `&&`, `||`, `//`).
                Some(c) => breaks_after(c) && !next.is_some_and(|n| "=>-&|/:<".contains(n)),
                None => false,
            };
            if ok && fit < glyphs.len() {
                last_break = Some(fit);
            }
        }
        if fit >= glyphs.len() {
            out.push(start..glyphs.len());
            break;
        }
        // At the last break point in the row, else where the row is full (one glyph at least).
        let end = last_break
            .filter(|&b| b > start)
            .unwrap_or(fit.max(start + 1));
        out.push(start..end);
        start = end;
        // The spaces a break leaves at a row's start go with the row before it.
        while start < glyphs.len() && glyphs[start].1.text.as_str() == " " {
            start += 1;
            if let Some(last) = out.last_mut() {
                last.end = start;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::shape::GlyphText;

    fn line(s: &str) -> Vec<(Face, Glyph)> {
        s.chars()
            .map(|c| {
                (
                    Face::Mono,
                    Glyph {
                        id: 0,
                        text: GlyphText::new(&c.to_string()),
                        advance: 1.0,
                    },
                )
            })
            .collect()
    }

    fn split(s: &str, first: f32, rest: f32) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        rows(&line(s), first, rest)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn long_lines_break_at_spaces_and_punctuation_as_late_as_they_fit() {
        assert_eq!(
            split(
                "let cached_input = *input; // keep in a register",
                24.0,
                20.0
            ),
            ["let cached_input = ", "*input; // keep in a ", "register"]
        );
        assert_eq!(
            split("my_crate::some_module::another_module::Type", 24.0, 20.0),
            ["my_crate::some_module::", "another_module::Type"]
        );
        assert_eq!(
            split("https://doc.rust-lang.org/std/index.html", 20.0, 20.0),
            ["https://doc.rust-", "lang.org/std/index.", "html"]
        );
    }

    #[test]
    fn an_option_s_dashes_stay_with_its_name() {
        // `git config … 'code --wait --diff …'`: the break is at a space, never after `--`.
        let rows = split(
            "git config diff.tool 'code --wait --diff $LOCAL'",
            37.0,
            30.0,
        );
        assert!(
            rows.iter().all(|r| !r.trim_end().ends_with('-')),
            "{rows:?}"
        );
        // A hyphen inside a name is a break point still.
        let rows = split("target=thumbv7em-none-eabihf", 17.0, 17.0);
        assert_eq!(rows[0], "target=thumbv7em-", "{rows:?}");
    }

    #[test]
    fn a_token_longer_than_the_line_breaks_inside_it_and_short_lines_stay_whole() {
        assert_eq!(split("abcdefghij", 4.0, 4.0), ["abcd", "efgh", "ij"]);
        assert_eq!(split("x = 1.5", 40.0, 40.0), ["x = 1.5"]);
        assert_eq!(split("", 40.0, 40.0), [""]);
        // No break inside a decimal number or a range.
        assert_eq!(split("aa 1.5..2", 5.0, 9.0), ["aa ", "1.5..2"]);
    }
}
