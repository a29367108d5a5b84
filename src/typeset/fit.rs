//! Keeping nested blocks and wide tables inside the text block. These are the layout's rules
//! for how far it squeezes, kept apart so that what the layout does and what `terbit check`
//! (and a build's warnings) say it did are reckoned by the same functions.
//!
//! - A nested list or quote indents by a step that shrinks with the room left, down to
//!   [`MIN_STEP`] ems, and never past [`MAX_INDENT`] of the measure: at the deepest nesting the
//!   document holds (48 levels) the text keeps half the measure. Only a step cut below the
//!   minimum to stay within that share counts as squeezed.
//! - A table's columns are fitted to the measure: at their natural widths when they fit, else
//!   narrowed toward their longest words, else with long words broken in columns of at least
//!   [`MIN_COLUMN`] ems. When even that is too wide, the table's type is made smaller (down to
//!   [`MIN_SCALE`] of its size), and past that its columns are set in successive parts, each as
//!   wide as the measure. Both count as squeezed.

/// The share of the measure nested lists and quotes may indent the text by, in all.
pub const MAX_INDENT: f32 = 0.5;

/// The least step of indentation, in ems, before the indent's share is reached.
pub const MIN_STEP: f32 = 0.3;

/// A step is at most this part of the indent still allowed: steps shrink as the room does.
const STEP_SHARE: f32 = 1.0 / 6.0;

/// The indent one more level of nesting adds on each of `sides` sides (1: a list's left, 2: a
/// quote's both), `full` when there is room, at `taken` points of indent already taken (both
/// sides together), in a text block `measure` wide with text `size` points: the step and
/// whether it had to be cut below [`MIN_STEP`].
pub fn indent_step(full: f32, taken: f32, sides: f32, measure: f32, size: f32) -> (f32, bool) {
    let left = (measure * MAX_INDENT - taken).max(0.0) / sides;
    let least = MIN_STEP * size;
    let step = full.min((left * STEP_SHARE).max(least));
    if step <= left {
        (step, false)
    } else {
        (left, true)
    }
}

/// The least width of a column, in ems of the table's type: a word longer is broken.
pub const MIN_COLUMN: f32 = 3.0;

/// The least share of its size a table's type is reduced to before its columns are split.
pub const MIN_SCALE: f32 = 0.7;

/// The gap between columns, in ems: a whole one when the natural widths fit, down to
/// [`WRAP_GAP`] as they need, which is kept when columns are narrowed toward their longest
/// words (at half an em a real book's rows read as one run: "Working Dir git restore <file>";
/// a column wraps first); half an em only when long words must be broken or the type reduced.
const GAP: f32 = 1.0;
const WRAP_GAP: f32 = 0.8;
const NARROW_GAP: f32 = 0.5;

/// A column to fit: its natural width (its widest cell on one line) and its longest word, in
/// points at the table's type size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub natural: f32,
    pub word: f32,
}

/// How a table is set: its type scaled by `scale`, `gap` points between columns (at the
/// scaled size), and its columns in `parts`, each a list of (column, width).
#[derive(Debug, Clone, PartialEq)]
pub struct TablePlan {
    pub scale: f32,
    pub gap: f32,
    pub parts: Vec<Vec<(usize, f32)>>,
}

impl TablePlan {
    /// Whether the table had to be squeezed past narrowing its columns (a warning's matter).
    pub fn squeezed(&self) -> bool {
        self.scale < 1.0 || self.parts.len() > 1
    }
}

/// Whether `columns` fit `measure` at their natural widths (their longest words then do not
/// matter).
pub fn fits_naturally(columns: &[Column], size: f32, measure: f32) -> bool {
    let natural: f32 = columns.iter().map(|c| c.natural).sum();
    natural + GAP * size * (columns.len() as f32 - 1.0).max(0.0) <= measure
}

/// Whether a table of `columns` columns in type of `size` points may have to be squeezed on
/// `measure`, whatever its content: when its columns at their least widths might not fit.
pub fn may_squeeze(columns: usize, size: f32, measure: f32) -> bool {
    let n = columns as f32;
    n * MIN_COLUMN * size + (n - 1.0).max(0.0) * NARROW_GAP * size > measure
}

/// Fit `columns` into `measure` with type of `size` points (see the module's comment).
pub fn plan_table(columns: &[Column], size: f32, measure: f32) -> TablePlan {
    let n = columns.len() as f32;
    let gaps = |gap: f32| gap * (n - 1.0).max(0.0);
    if fits_naturally(columns, size, measure) {
        let widths = columns.iter().map(|c| c.natural).enumerate().collect();
        return TablePlan {
            scale: 1.0,
            gap: GAP * size,
            parts: vec![widths],
        };
    }
    // The natural widths with a narrower gap, as wide as the room left allows.
    let natural: f32 = columns.iter().map(|c| c.natural).sum();
    if columns.len() > 1 && natural + gaps(WRAP_GAP * size) <= measure {
        let gap = ((measure - natural) / (n - 1.0)).min(GAP * size);
        let widths = columns.iter().map(|c| c.natural).enumerate().collect();
        return TablePlan {
            scale: 1.0,
            gap,
            parts: vec![widths],
        };
    }
    // Each column's least width: its longest word, or MIN_COLUMN ems when that is longer.
    let floor = |c: &Column, scale: f32| c.word.min(MIN_COLUMN * size) * scale;
    let least: f32 = columns.iter().map(|c| floor(c, 1.0)).sum();
    let wanted = least + gaps(NARROW_GAP * size);
    let scale = if wanted <= measure {
        1.0
    } else {
        (measure / wanted).max(MIN_SCALE)
    };
    // The wider gap when the columns still fit at their longest words with it.
    let words: f32 = columns.iter().map(|c| c.word.min(c.natural)).sum();
    let gap = if words + gaps(WRAP_GAP * size) <= measure {
        WRAP_GAP * size
    } else {
        NARROW_GAP * size * scale
    };
    // Columns into parts, each as many as fit at their least widths. A part after the first
    // opens with the first column again, as a reader needs its row labels to read the rest,
    // unless the first column leaves no room for another beside it.
    let first = columns.first().map_or(0.0, |c| floor(c, scale));
    let mut parts: Vec<Vec<usize>> = vec![vec![]];
    let mut width = 0.0;
    for (i, c) in columns.iter().enumerate() {
        let w = floor(c, scale);
        let part = parts.last_mut().expect("one part at least");
        if !part.is_empty() && width + gap + w > measure + 0.01 {
            if first + gap + w <= measure + 0.01 {
                parts.push(vec![0, i]);
                width = first + gap + w;
            } else {
                parts.push(vec![i]);
                width = w;
            }
        } else {
            width += if part.is_empty() { w } else { gap + w };
            part.push(i);
        }
    }
    let parts = parts
        .into_iter()
        .map(|part| {
            let cols: Vec<Column> = part
                .iter()
                .map(|&i| Column {
                    natural: columns[i].natural * scale,
                    word: columns[i].word * scale,
                })
                .collect();
            let least: Vec<f32> = part.iter().map(|&i| floor(&columns[i], scale)).collect();
            let room = measure - gap * (part.len() as f32 - 1.0);
            part.into_iter().zip(widths(&cols, &least, room)).collect()
        })
        .collect();
    TablePlan { scale, gap, parts }
}

/// Widths for `columns` summing to at most `room`: natural when they fit; else each between
/// its longest word and its natural width, in proportion; else each at most a common cap but
/// not below its `least`, long words to be broken.
fn widths(columns: &[Column], least: &[f32], room: f32) -> Vec<f32> {
    let natural: f32 = columns.iter().map(|c| c.natural).sum();
    if natural <= room {
        return columns.iter().map(|c| c.natural).collect();
    }
    let words: Vec<f32> = columns.iter().map(|c| c.word.min(c.natural)).collect();
    let min: f32 = words.iter().sum();
    if min <= room {
        let k = if natural > min {
            (room - min) / (natural - min)
        } else {
            0.0
        };
        return columns
            .iter()
            .zip(&words)
            .map(|(c, w)| w + (c.natural - w) * k)
            .collect();
    }
    // The widest words are cut to a cap: the largest one that fits (found by halving).
    let total = |cap: f32| -> f32 {
        words
            .iter()
            .zip(least)
            .map(|(w, l)| w.min(cap.max(*l)))
            .sum()
    };
    let (mut lo, mut hi) = (0.0f32, room.max(0.0));
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if total(mid) <= room {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    words
        .iter()
        .zip(least)
        .map(|(w, l)| w.min(lo.max(*l)))
        .collect()
}

#[cfg(test)]
#[path = "fit_tests.rs"]
mod tests;
