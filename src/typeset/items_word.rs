//! A word cut into boxes at the places it may break (part of `items`): hyphenation points,
//! explicit hyphens and dashes, the parts of code in running text, between Chinese or Japanese
//! characters, and anywhere in a word wider than the measure as a last resort.

use super::*;

/// Push `word`'s boxes, split at its hyphenation points and after explicit hyphens (with
/// `breaks`), with penalties between them; `hang`: hyphens hang into the margin (justified
/// text). `starts` and `points` are buffers.
#[allow(clippy::too_many_arguments)]
pub(super) fn push_word(
    items: &mut Vec<Item<Span>>,
    starts: &mut Vec<usize>,
    points: &mut Vec<Point>,
    all_glyphs: &[Glyph],
    hyphenator: &Hyphenator,
    word: &Word,
    run: &Run,
    metrics: &RunMetrics,
    breaks: Breaks,
    hang: bool,
) {
    let glyphs = &all_glyphs[word.glyphs.start as usize..word.glyphs.end as usize];
    let text = word.text;
    // Code keeps its cells: font expansion leaves monospaced type alone.
    let rigid = run.face.is_mono();
    points.clear();
    // A word wider than its line (a narrow table column's) is hyphenated even where the text
    // is not (ragged cells): "Ope-rator", never "Ope|rato|r" without a hyphen.
    let wide = breaks.emergency && word.wide;
    // A URL, path or address is never hyphenated: a hyphen added there cannot be told from
    // the address's own (`…/brid-ge-pattern/`). Where it must break, it breaks after its
    // punctuation (see the emergency points below).
    let address = text.contains("://")
        || text.starts_with("www.")
        || text.contains('/')
        || text.contains('@');
    if (breaks.hyphenate || wide) && run.rise == 0.0 && run.face != Face::Mono && !address {
        for (start, part) in LetterRuns::new(text) {
            hyphenator.each_point(part, |p| {
                points.push(Point {
                    offset: start + p,
                    flagged: true,
                    adds_hyphen: true,
                    penalty: HYPHEN_PENALTY,
                    glue: false,
                })
            });
        }
    }
    // Code in running text (`add_to_waitlist`, `std::io::Result`, `self.state`) breaks
    // where a reader sees its parts, with no hyphen added (a hyphen would read as code):
    // after `_`, `::`, `,`, `(` and `<`, before `.`; and, costing more, between the humps of a
    // CamelCase name. Long names otherwise leave gaping word spaces. In ragged text (a
    // table's cells) the same places come before any other when a name is wider than its
    // column: `PhantomData<*const T>` breaks after `<`, not at `cons|t`.
    if (breaks.hyphenate || wide) && run.face.is_mono() && text.len() > 6 {
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(1) {
            let (at, penalty) = match b {
                b'_' | b',' | b'(' | b'<' => (i + 1, HYPHEN_PENALTY),
                b':' if bytes[i - 1] == b':' => (i + 1, HYPHEN_PENALTY),
                b'.' if bytes[i - 1] != b'.' && bytes.get(i + 1).is_some_and(|n| *n != b'.') => {
                    (i, HYPHEN_PENALTY)
                }
                b'A'..=b'Z' if bytes[i - 1].is_ascii_lowercase() => (i, 2.0 * HYPHEN_PENALTY),
                _ => continue,
            };
            // Two characters at least on each side.
            if at >= 2 && at + 2 <= text.len() && text.is_char_boundary(at) {
                points.push(Point {
                    offset: at,
                    flagged: false,
                    adds_hyphen: false,
                    penalty,
                    glue: false,
                });
            }
        }
    }
    let mut before: Option<char> = None;
    for (i, c) in text.char_indices() {
        // After an explicit hyphen or dash between letters: a break without an added hyphen.
        // After a hyphen it is flagged all the same: to the reader the line ends in a
        // hyphen, so it counts towards the hyphens in a row (TeX's \exhyphenpenalty).
        if matches!(c, '-' | '–' | '—' | '/') && i > 0 && i + c.len_utf8() < text.len() {
            points.push(Point {
                offset: i + c.len_utf8(),
                flagged: c == '-',
                adds_hyphen: false,
                penalty: HYPHEN_PENALTY,
                glue: false,
            });
        }
        // Between Chinese or Japanese characters (see `lang::cjk`).
        let prev = before.replace(c);
        if let Some(prev) = prev
            && (c as u32 >= 0x2E80 || prev as u32 >= 0x2E80)
            && crate::lang::cjk::break_between(prev, c)
        {
            points.push(Point {
                offset: i,
                flagged: false,
                adds_hyphen: false,
                penalty: 0.0,
                glue: true,
            });
        }
    }
    let span = |first: usize, end: usize| Span {
        run: word.run,
        start: word.glyphs.start + first as u32,
        end: word.glyphs.start + end as u32,
    };
    let emergency = breaks.emergency && word.wide;
    if points.is_empty() && !emergency {
        push_box(items, span(0, glyphs.len()), glyphs, rigid);
        return;
    }
    // Byte offsets of glyph starts (cluster boundaries).
    starts.clear();
    let mut off = 0;
    for g in glyphs {
        starts.push(off);
        off += g.text.len();
    }
    if emergency {
        // In prose a word cut anywhere still ends its line with a hyphen (never "BitAndAss|ign"),
        // and is cut first between the humps of a CamelCase name (BitAnd-Assign); code takes
        // no hyphen (it would read as code), nor does a word of anything but letters (a URL's
        // hyphen could not be told from the address's own).
        let prose = run.face != Face::Mono
            && text
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’');
        let bytes = text.as_bytes();
        let mark = |b: u8| {
            matches!(
                b,
                b'/' | b'.' | b'-' | b'_' | b'?' | b'&' | b'=' | b'#' | b'%'
            )
        };
        // An address breaks only after its punctuation, its lines set short if need be, unless
        // a stretch between two marks is itself too long for a narrow line.
        let long_stretch = bytes.split(|&b| mark(b)).any(|part| part.len() > 24);
        let only_marks = address && !long_stretch;
        for &s in starts.iter().skip(1) {
            if only_marks && !mark(bytes[s - 1]) {
                continue;
            }
            // Letters of alphabets: Chinese and Japanese break between characters unmarked.
            let letters =
                |c: Option<char>| c.is_some_and(|c| c.is_alphabetic() && (c as u32) < 0x2E80);
            let hyphen = prose
                && letters(text[..s].chars().next_back())
                && letters(text[s..].chars().next());
            let hump = bytes[s].is_ascii_uppercase() && bytes[s - 1].is_ascii_lowercase();
            // An address breaks after its punctuation first, as a reader expects
            // (`…/gang-of-four-design-patterns/` | `bridge-pattern/`).
            let after_mark = address && mark(bytes[s - 1]);
            points.push(Point {
                offset: s,
                flagged: hyphen,
                adds_hyphen: hyphen,
                penalty: if hump || after_mark {
                    HYPHEN_PENALTY
                } else {
                    EMERGENCY_PENALTY
                },
                glue: false,
            });
        }
    }
    // Stable: of points at one offset, the first pushed is kept.
    points.sort_by_key(|p| p.offset);
    points.dedup_by_key(|p| p.offset);

    // A hyphen ending a justified line hangs partly into the margin (see `protrusion`):
    // the breaker counts only what stays inside.
    let hyphen_hang = if hang {
        protrusion::share('-') * metrics.hyphen
    } else {
        0.0
    };
    let mut first = 0;
    // Points and glyph starts are both in order: one cursor walks the starts, so a word of n
    // glyphs costs n steps however many points it has (a search per point was n² for a
    // 100,000-letter word broken anywhere).
    let mut cursor = 0;
    for point in points.iter() {
        while cursor < starts.len() && starts[cursor] < point.offset {
            cursor += 1;
        }
        if starts.get(cursor) != Some(&point.offset) {
            continue;
        }
        let cut = cursor;
        if cut <= first {
            continue;
        }
        push_box(items, span(first, cut), &glyphs[first..cut], rigid);
        if point.glue {
            items.push(cjk_glue(run.size));
            first = cut;
            continue;
        }
        let width = if point.adds_hyphen {
            metrics.hyphen - hyphen_hang
        } else if hang && run.rise == 0.0 {
            // After an explicit hyphen or dash: what of it may hang.
            -protrusion::of_glyph(&glyphs[cut - 1])
        } else {
            0.0
        };
        items.push(Item::Penalty {
            width,
            penalty: point.penalty,
            flagged: point.flagged,
        });
        first = cut;
    }
    push_box(items, span(first, glyphs.len()), &glyphs[first..], rigid);
}
