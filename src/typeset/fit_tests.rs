//! Tests of the layout's squeezing rules (`fit`).

use super::*;

/// A5 at 11 pt: the measure and the size the book sets by default.
const MEASURE: f32 = 309.5;
const SIZE: f32 = 11.0;

/// The left indents of `depth` nested lists, and whether each step was squeezed.
fn list_indents(depth: usize) -> Vec<(f32, bool)> {
    let mut taken = 0.0;
    (0..depth)
        .map(|_| {
            let (step, squeezed) = indent_step(SIZE * 1.6, taken, 1.0, MEASURE, SIZE);
            taken += step;
            (taken, squeezed)
        })
        .collect()
}

#[test]
fn nested_lists_keep_half_the_measure_at_the_deepest_nesting() {
    let indents = list_indents(crate::document::MAX_NESTING);
    let (deepest, _) = indents[indents.len() - 1];
    assert!(deepest <= MEASURE * 0.5 + 0.01, "{deepest} of {MEASURE}");
    // The first levels step a whole 1.6 em, as before; steps then only shrink.
    assert!((indents[0].0 - SIZE * 1.6).abs() < 0.01);
    assert!((indents[1].0 - 2.0 * SIZE * 1.6).abs() < 0.01);
    let steps: Vec<f32> = indents
        .iter()
        .scan(0.0, |last, (x, _)| {
            let step = x - *last;
            *last = *x;
            Some(step)
        })
        .collect();
    assert!(steps.windows(2).all(|w| w[1] <= w[0] + 0.001), "{steps:?}");
    // Every step is at least the minimum until the share is reached; squeezed past it.
    let first_squeezed = indents
        .iter()
        .position(|(_, s)| *s)
        .expect("48 levels squeeze");
    assert!(
        first_squeezed >= 12,
        "squeezed from level {}",
        first_squeezed + 1
    );
    for (k, step) in steps.iter().enumerate().take(first_squeezed) {
        assert!(*step >= MIN_STEP * SIZE - 0.001, "level {}: {step}", k + 1);
    }
}

#[test]
fn quotes_share_the_indent_on_both_sides() {
    let mut taken = 0.0;
    for _ in 0..crate::document::MAX_NESTING {
        let (step, _) = indent_step(SIZE * 1.5, taken, 2.0, MEASURE, SIZE);
        taken += 2.0 * step;
    }
    assert!(taken <= MEASURE * 0.5 + 0.01, "{taken}");
}

fn words(n: usize, natural: f32, word: f32) -> Vec<Column> {
    vec![Column { natural, word }; n]
}

/// Asserts that every part of `plan` is inside `MEASURE`, every column placed once, and every
/// part after the first led by the first column again.
fn assert_inside(plan: &TablePlan, columns: usize) {
    let mut seen = vec![];
    for (k, part) in plan.parts.iter().enumerate() {
        let width: f32 =
            part.iter().map(|(_, w)| w).sum::<f32>() + plan.gap * (part.len() as f32 - 1.0);
        assert!(width <= MEASURE + 0.01, "a part {width} wide: {plan:?}");
        let own = if k > 0 {
            assert_eq!(
                part[0].0, 0,
                "part {k} does not repeat the first column: {plan:?}"
            );
            &part[1..]
        } else {
            &part[..]
        };
        seen.extend(own.iter().map(|(c, _)| *c));
    }
    assert_eq!(seen, (0..columns).collect::<Vec<_>>());
}

#[test]
fn a_table_that_fits_keeps_its_natural_widths() {
    let plan = plan_table(&words(3, 60.0, 30.0), SIZE, MEASURE);
    assert_eq!(plan.parts, vec![vec![(0, 60.0), (1, 60.0), (2, 60.0)]]);
    assert!(!plan.squeezed());
}

#[test]
fn a_wide_table_is_narrowed_toward_its_longest_words() {
    // 8 columns of 100 pt text with 25 pt words: narrowed, not squeezed.
    let plan = plan_table(&words(8, 100.0, 25.0), SIZE, MEASURE);
    assert_inside(&plan, 8);
    assert!(!plan.squeezed(), "{plan:?}");
    assert!(plan.parts[0].iter().all(|(_, w)| *w >= 25.0 - 0.01));
}

#[test]
fn long_words_are_broken_before_the_type_is_reduced() {
    // 8 columns of 80 pt words: cut to columns of at least 3 em.
    let plan = plan_table(&words(8, 160.0, 80.0), SIZE, MEASURE);
    assert_inside(&plan, 8);
    assert!(!plan.squeezed(), "{plan:?}");
}

#[test]
fn tables_of_23_and_60_columns_are_squeezed_inside_the_measure() {
    for n in [23, 60] {
        let plan = plan_table(&words(n, 150.0, 45.0), SIZE * 0.9, MEASURE);
        assert_inside(&plan, n);
        assert!(plan.squeezed(), "{n} columns: {plan:?}");
        assert!(plan.scale >= MIN_SCALE);
    }
    // 60 narrow columns of figures: two parts of smaller type.
    let plan = plan_table(&words(60, 4.0, 4.0), SIZE * 0.9, MEASURE);
    assert_inside(&plan, 60);
    assert_eq!(plan.parts.len(), 2, "{plan:?}");
}

#[test]
fn a_first_column_too_wide_to_share_a_part_is_not_repeated() {
    // The first column's least width is the measure's whole less a little: nothing fits beside
    // it, so the later parts go without it rather than past the edge.
    let mut columns = words(30, 4.0, 4.0);
    columns[0] = Column {
        natural: MEASURE * 3.0,
        word: MEASURE,
    };
    let plan = plan_table(&columns, SIZE * 0.9, MEASURE);
    for part in &plan.parts {
        let width: f32 =
            part.iter().map(|(_, w)| w).sum::<f32>() + plan.gap * (part.len() as f32 - 1.0);
        assert!(width <= MEASURE + 0.01, "a part {width} wide: {plan:?}");
    }
    let placed: usize = plan.parts.iter().map(Vec::len).sum();
    assert_eq!(placed, 30, "{plan:?}");
}

#[test]
fn columns_keep_most_of_an_em_apart_and_a_column_wraps_first() {
    // Three columns that fit at their natural widths only with half-em gaps: at least 0.8 em
    // is kept between them, and the widest is narrowed (its text wraps) to make the room.
    let size = SIZE * 0.9;
    let columns = [
        Column {
            natural: 60.0,
            word: 40.0,
        },
        Column {
            natural: 110.0,
            word: 30.0,
        },
        Column {
            natural: MEASURE - 170.0 - 2.0 * 0.6 * size,
            word: 40.0,
        },
    ];
    let plan = plan_table(&columns, size, MEASURE);
    assert!(plan.gap >= 0.8 * size - 0.01, "{plan:?}");
    assert_inside(&plan, 3);
    let narrowed = plan.parts[0]
        .iter()
        .zip(&columns)
        .any(|((_, w), c)| *w < c.natural - 0.01);
    assert!(narrowed, "{plan:?}");
}
