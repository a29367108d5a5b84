//! Tests of `linebreak`.
use super::*;

/// Words of fixed width separated by glue; returns the items.
fn words(ws: &[f32]) -> Vec<Item<()>> {
    let mut items = vec![];
    for (i, &w) in ws.iter().enumerate() {
        if i > 0 {
            items.push(Item::Glue {
                width: 3.0,
                stretch: 1.5,
                shrink: 1.0,
            });
        }
        items.push(Item::Box {
            width: w,
            content: (),
            rigid: false,
        });
    }
    items.push(Item::fill());
    items.push(Item::forced_break());
    items
}

fn line_widths(items: &[Item<()>], breaks: &[Break]) -> Vec<f32> {
    let mut out = vec![];
    let mut start = 0;
    for b in breaks {
        let w: f32 = items[start..b.index]
            .iter()
            .map(|i| match i {
                Item::Box { width, .. } => *width,
                Item::Glue { width, .. } => *width,
                _ => 0.0,
            })
            .sum();
        out.push(w);
        start = b.index + 1;
    }
    out
}

#[test]
fn short_paragraph_is_one_line_ending_at_the_forced_break() {
    let items = words(&[10.0, 10.0]);
    let b = break_lines(&items, 100.0, &Params::default()).unwrap();
    assert_eq!(b.len(), 1);
    assert_eq!(b[0].index, items.len() - 1);
}

#[test]
fn total_fit_balances_lines_that_first_fit_would_leave_ragged() {
    // Measure 50: first-fit puts 20+3+20 on line 1 (stretch 7/1.5 = 4.7, infeasible at
    // tolerance 2) … total fit must find breaks where every line but the last is within
    // tolerance.
    let items = words(&[14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0]);
    let b = break_lines(&items, 48.0, &Params::default()).unwrap();
    for br in &b[..b.len() - 1] {
        assert!(br.ratio.abs() <= 2.0, "{b:?}");
    }
    let widths = line_widths(&items, &b);
    assert!(widths.iter().all(|w| *w <= 48.0 + 1e-3), "{widths:?}");
}

#[test]
fn infeasible_paragraph_fails_without_and_overflows_with_emergency() {
    let items = words(&[80.0, 10.0]);
    assert!(break_lines(&items, 50.0, &Params::default()).is_none());
    let p = Params {
        allow_overfull: true,
        ..Params::default()
    };
    let b = break_lines(&items, 50.0, &p).unwrap();
    assert!(!b.is_empty());
}

/// Twelve words, each two halves joined by a hyphen penalty; on a measure of 35 about one
/// word and a half fits, so hyphenating every line would be tempting.
fn halves() -> Vec<Item<()>> {
    let mut items = vec![];
    for i in 0..12 {
        if i > 0 {
            items.push(Item::Glue {
                width: 3.0,
                stretch: 2.0,
                shrink: 1.0,
            });
        }
        items.push(Item::Box {
            width: 10.0,
            content: (),
            rigid: false,
        });
        items.push(Item::Penalty {
            width: 2.0,
            penalty: 50.0,
            flagged: true,
        });
        items.push(Item::Box {
            width: 10.0,
            content: (),
            rigid: false,
        });
    }
    items.push(Item::fill());
    items.push(Item::forced_break());
    items
}

#[test]
fn never_three_hyphenated_lines_in_a_row() {
    let items = halves();
    let p = Params {
        tolerance: 10.0,
        ..Params::default()
    };
    let b = break_lines(&items, 35.0, &p).unwrap();
    let mut run = 0;
    for br in &b {
        if matches!(items[br.index], Item::Penalty { flagged: true, .. }) {
            run += 1;
            assert!(run <= 2, "{b:?}");
        } else {
            run = 0;
        }
    }
}

#[test]
fn expansion_is_spent_before_the_glue() {
    // 5 pt of expansion, 10 of stretch, 4 of shrink.
    let f = Fit::new(3.0, 10.0, 4.0, 5.0);
    assert_eq!((f.font, f.ratio), (0.6, 0.0));
    let f = Fit::new(8.0, 10.0, 4.0, 5.0);
    assert!((f.font - 1.0).abs() < 1e-6 && (f.ratio - 0.3).abs() < 1e-6);
    let f = Fit::new(-7.0, 10.0, 4.0, 5.0);
    assert!((f.font + 1.0).abs() < 1e-6 && (f.ratio + 0.5).abs() < 1e-6);
    // No glue to take the rest: infinitely loose.
    assert_eq!(Fit::new(8.0, 0.0, 0.0, 5.0).ratio, f32::INFINITY);
    // A line that ends in a fill is not widened, but may be narrowed.
    assert_eq!(Fit::new(30.0, FILL + 10.0, 4.0, 5.0).font, 0.0);
    assert_eq!(Fit::new(-3.0, FILL + 10.0, 4.0, 5.0).font, -0.6);
}

#[test]
fn expansion_makes_room_that_the_glue_lacks() {
    // Three words of 40 and two spaces make 126 on a measure of 130: 4 pt for 3 pt of
    // stretch (r = 1.33, beyond the tolerance); four words do not fit. 2 % of the 120 pt of
    // letters takes 2.4 pt, the spaces the remaining 1.6 (r = 0.53).
    let items = words(&[40.0; 9]);
    let p = Params {
        tolerance: 1.0,
        ..Params::default()
    };
    assert!(break_lines(&items, 130.0, &p).is_none());
    let p = Params {
        expansion: 0.02,
        ..p
    };
    let b = break_lines(&items, 130.0, &p).unwrap();
    assert_eq!(b.len(), 3);
    for br in &b[..2] {
        assert!((br.ratio - 1.6 / 3.0).abs() < 1e-4, "{b:?}");
    }
}

#[test]
fn a_hyphen_before_the_last_line_costs_final_hyphen_demerits() {
    // Words that may break in the middle, on a measure of 51: with nothing against it, the
    // cheapest breaks end the second-last line in a hyphen (a found case, not a designed one).
    let mut items = vec![];
    for (i, w) in [11.0, 18.0, 24.0, 11.0, 17.0, 10.0, 12.0, 9.0, 10.0]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            items.push(Item::Glue {
                width: 3.0,
                stretch: 1.5,
                shrink: 1.0,
            });
        }
        let half = (w / 2.0f32).round();
        items.push(Item::Box {
            width: half,
            content: (),
            rigid: false,
        });
        items.push(Item::Penalty {
            width: 2.0,
            penalty: 50.0,
            flagged: true,
        });
        items.push(Item::Box {
            width: w - half,
            content: (),
            rigid: false,
        });
    }
    items.push(Item::Penalty {
        width: 0.0,
        penalty: f32::INFINITY,
        flagged: false,
    });
    items.extend(words(&[]));
    let second_last_hyphenated = |b: &[Break]| {
        matches!(
            items[b[b.len() - 2].index],
            Item::Penalty { flagged: true, .. }
        )
    };
    let p = Params {
        final_hyphen_demerits: 0.0,
        ..Params::default()
    };
    assert!(second_last_hyphenated(
        &break_lines(&items, 51.0, &p).unwrap()
    ));
    let b = break_lines(&items, 51.0, &Params::default()).unwrap();
    assert!(!second_last_hyphenated(&b), "{b:?}");
    let p = Params {
        final_hyphen_demerits: f32::INFINITY,
        ..Params::default()
    };
    let b = break_lines(&items, 51.0, &p).unwrap();
    assert!(!second_last_hyphenated(&b), "{b:?}");
}

fn flagged_breaks(items: &[Item<()>], breaks: &[Break]) -> Vec<bool> {
    breaks
        .iter()
        .map(|b| matches!(items[b.index], Item::Penalty { flagged: true, .. }))
        .collect()
}

/// A paragraph under two hyphenated lines (the one before it) goes on counting them: its
/// first line may not end in a hyphen, and under one, not its first two.
#[test]
fn hyphens_above_the_paragraph_count_towards_the_run() {
    let items = halves();
    let with = |before: u8| Params {
        tolerance: f32::INFINITY,
        // Lines of one word have no glue: let them stretch all the same.
        emergency_stretch: 10.0,
        hyphens_before: before,
        ..Params::default()
    };
    let set = |before: u8| {
        let breaks = break_lines(&items, 35.0, &with(before)).unwrap();
        flagged_breaks(&items, &breaks)
    };
    let free = set(0);
    assert!(free[0], "the tempting case: {free:?}");
    let after_two = set(2);
    assert!(!after_two[0], "{after_two:?}");
    let after_one = set(1);
    assert!(!(after_one[0] && after_one[1]), "{after_one:?}");
    // A one-line paragraph under two hyphens is still set (it ends in no hyphen).
    let short = words(&[10.0, 10.0]);
    assert_eq!(break_lines(&short, 100.0, &with(2)).unwrap().len(), 1);
}

/// A line looser than `loose_ratio` costs `loose_demerits` more: enough, here, to take a
/// hyphen that the cubic badness alone would not.
#[test]
fn a_loose_line_costs_what_a_hyphen_does() {
    // "A B C1-C2 D" on a measure of 78: the first line is "A B" with its space stretched to
    // r = 1.0, or "A B C1-" at its natural width, for a hyphen penalty of 300.
    let glue = || Item::Glue {
        width: 3.0,
        stretch: 15.0,
        shrink: 1.0,
    };
    let word = |w: f32| Item::Box {
        width: w,
        content: (),
        rigid: false,
    };
    let mut items = vec![word(30.0), glue(), word(30.0), glue(), word(10.0)];
    items.push(Item::Penalty {
        width: 2.0,
        penalty: 300.0,
        flagged: true,
    });
    items.extend([word(30.0), glue(), word(30.0)]);
    items.extend(words(&[]));
    let hyphenated_first = |p: &Params| {
        let b = break_lines(&items, 78.0, p).unwrap();
        matches!(items[b[0].index], Item::Penalty { flagged: true, .. })
    };
    assert!(!hyphenated_first(&Params::default()));
    assert!(hyphenated_first(&Params {
        loose_ratio: 0.9,
        loose_demerits: 300.0 * 300.0,
        ..Params::default()
    }));
}
