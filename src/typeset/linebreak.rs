//! Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981) over boxes,
//! glue and penalties. The paragraph is judged as a whole: every feasible set of breaks is scored
//! by its demerits and the cheapest wins, so one tight line early on is not paid for by a loose
//! line later, as it is with first-fit.
//!
//! Costs, as in TeX:
//! - badness of a line = 100·|r|³, r being how far its glue stretches (r > 0) or shrinks (r < 0)
//!   relative to what it can; r < −1 is overfull and infeasible, r above the tolerance too loose;
//! - demerits = (line_penalty + badness)² plus the break's penalty² (or minus it, for a
//!   negative penalty);
//! - two hyphenated lines in a row cost `double_hyphen_demerits` more, a third is never allowed;
//! - a line whose fitness class (tight, decent, loose, very loose) is more than one away from its
//!   neighbour's costs `fitness_demerits` more, so a loose line does not sit beside a tight one.

/// What a paragraph is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<T> {
    /// Material that does not stretch: a word, a piece of a word, an indent.
    Box { width: f32, content: T },
    /// Space that stretches and shrinks; a possible break when it follows a box.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break, costing `penalty`; `width` is added to the line if the break is taken
    /// (a hyphen). `flagged` marks hyphen breaks. `-INFINITY` forces a break, `INFINITY` forbids.
    Penalty {
        width: f32,
        penalty: f32,
        flagged: bool,
    },
}

/// Tuning of the line breaker.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Largest acceptable adjustment ratio.
    pub tolerance: f32,
    pub line_penalty: f32,
    pub double_hyphen_demerits: f32,
    pub fitness_demerits: f32,
    /// When no set of breaks is feasible, make one anyway (overfull lines) instead of failing.
    pub allow_overfull: bool,
    /// Extra stretch every line is assumed to have (TeX's `\emergencystretch`): lets lines
    /// without glue, such as the pieces of a long URL, be judged feasible.
    pub emergency_stretch: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 2.0,
            line_penalty: 10.0,
            double_hyphen_demerits: 3000.0,
            fitness_demerits: 100.0,
            allow_overfull: false,
            emergency_stretch: 0.0,
        }
    }
}

/// A chosen break: the index of the item broken at, and the adjustment ratio of the line ending
/// there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub index: usize,
    pub ratio: f32,
}

#[derive(Clone, Copy, Default)]
struct Sums {
    width: f32,
    stretch: f32,
    shrink: f32,
}

struct Node {
    /// Item index of the break (0 for the paragraph start).
    position: usize,
    line: usize,
    fitness: u8,
    /// Consecutive hyphenated lines ending here.
    hyphens: u8,
    demerits: f32,
    ratio: f32,
    /// Sums from the paragraph start to just after this break (discardable items skipped).
    after: Sums,
    prev: Option<usize>,
}

/// Break `items` into lines; `line_width(n)` is the measure of line n (0-based). The items must
/// end with a forced break (a penalty of `-INFINITY`). Returns `None` when no feasible breaks
/// exist and `params.allow_overfull` is false.
pub fn break_lines<T>(
    items: &[Item<T>],
    line_width: &dyn Fn(usize) -> f32,
    params: &Params,
) -> Option<Vec<Break>> {
    // Running sums before each item.
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut s = Sums::default();
    for item in items {
        sums.push(s);
        match item {
            Item::Box { width, .. } => s.width += width,
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                s.width += width;
                s.stretch += stretch;
                s.shrink += shrink;
            }
            Item::Penalty { .. } => {}
        }
    }
    sums.push(s);

    let mut nodes = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        hyphens: 0,
        demerits: 0.0,
        ratio: 0.0,
        after: Sums::default(),
        prev: None,
    }];
    let mut active: Vec<usize> = vec![0];

    for (b, item) in items.iter().enumerate() {
        let (penalty, pen_width, flagged) = match item {
            Item::Penalty {
                penalty,
                width,
                flagged,
            } if *penalty < f32::INFINITY => (*penalty, *width, *flagged),
            Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => {
                (0.0, 0.0, false)
            }
            _ => continue,
        };
        let forced = penalty == f32::NEG_INFINITY;
        let after = sums_after(items, &sums, b);

        // Best candidate per (fitness, hyphen run).
        let mut best: Vec<(u8, u8, f32, usize, f32)> = Vec::new();
        let mut deactivated_best: Option<(f32, usize)> = None;
        let mut still_active = Vec::with_capacity(active.len());
        for &a in &active {
            let node = &nodes[a];
            let width = sums[b].width - node.after.width + pen_width;
            let target = line_width(node.line);
            let ratio = if width < target {
                let stretch = sums[b].stretch - node.after.stretch + params.emergency_stretch;
                if stretch > 0.0 {
                    (target - width) / stretch
                } else {
                    f32::INFINITY
                }
            } else if width > target {
                let shrink = sums[b].shrink - node.after.shrink;
                if shrink > 0.0 {
                    (target - width) / shrink
                } else {
                    f32::NEG_INFINITY
                }
            } else {
                0.0
            };
            if ratio < -1.0 || forced {
                if ratio < -1.0 && deactivated_best.is_none_or(|(d, _)| node.demerits < d) {
                    deactivated_best = Some((node.demerits, a));
                }
            } else {
                still_active.push(a);
            }
            if ratio >= -1.0 && ratio <= params.tolerance {
                let hyphens = if flagged { node.hyphens + 1 } else { 0 };
                if hyphens > 2 {
                    continue;
                }
                let badness = 100.0 * ratio.abs().powi(3);
                let mut demerits = (params.line_penalty + badness).powi(2);
                if penalty >= 0.0 {
                    demerits += penalty * penalty;
                } else if !forced {
                    demerits -= penalty * penalty;
                }
                if flagged && node.hyphens > 0 {
                    demerits += params.double_hyphen_demerits;
                }
                let fitness = fitness_class(ratio);
                if fitness.abs_diff(node.fitness) > 1 {
                    demerits += params.fitness_demerits;
                }
                let total = node.demerits + demerits;
                match best.iter_mut().find(|c| c.0 == fitness && c.1 == hyphens) {
                    Some(c) if c.2 <= total => {}
                    Some(c) => *c = (fitness, hyphens, total, a, ratio),
                    None => best.push((fitness, hyphens, total, a, ratio)),
                }
            }
        }
        active = still_active;
        if best.is_empty() && active.is_empty() && params.allow_overfull {
            // Nothing fits: break here anyway, after the cheapest line that overflowed.
            if let Some((_, a)) = deactivated_best {
                best.push((0, 0, nodes[a].demerits + 1e6, a, -1.0));
            }
        }
        for (fitness, hyphens, demerits, prev, ratio) in best {
            nodes.push(Node {
                position: b,
                line: nodes[prev].line + 1,
                fitness,
                hyphens,
                demerits,
                ratio,
                after,
                prev: Some(prev),
            });
            active.push(nodes.len() - 1);
        }
        if active.is_empty() {
            return None;
        }
    }

    // The forced break at the end left only nodes ending there active; pick the cheapest.
    let last = items.len().checked_sub(1)?;
    let end = active
        .iter()
        .copied()
        .filter(|&a| nodes[a].position == last)
        .min_by(|&x, &y| nodes[x].demerits.total_cmp(&nodes[y].demerits))?;
    let mut breaks = Vec::new();
    let mut cur = Some(end);
    while let Some(n) = cur {
        if nodes[n].prev.is_some() {
            breaks.push(Break {
                index: nodes[n].position,
                ratio: nodes[n].ratio,
            });
        }
        cur = nodes[n].prev;
    }
    breaks.reverse();
    Some(breaks)
}

/// 0 tight, 1 decent, 2 loose, 3 very loose.
fn fitness_class(ratio: f32) -> u8 {
    if ratio < -0.5 {
        0
    } else if ratio <= 0.5 {
        1
    } else if ratio <= 1.0 {
        2
    } else {
        3
    }
}

/// Sums at the start of the line after a break at `b`: glue and penalties after it are
/// discarded, up to the next box (or forced break).
fn sums_after<T>(items: &[Item<T>], sums: &[Sums], b: usize) -> Sums {
    let mut i = b;
    if matches!(items[b], Item::Penalty { .. }) {
        i += 1;
    }
    while i < items.len() {
        match &items[i] {
            Item::Box { .. } => break,
            Item::Penalty { penalty, .. } if *penalty == f32::NEG_INFINITY && i > b => break,
            _ => i += 1,
        }
    }
    sums[i]
}

#[cfg(test)]
mod tests {
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
            });
        }
        items.push(Item::Glue {
            width: 0.0,
            stretch: 1e5,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            penalty: f32::NEG_INFINITY,
            flagged: false,
        });
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
        let b = break_lines(&items, &|_| 100.0, &Params::default()).unwrap();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].index, items.len() - 1);
    }

    #[test]
    fn total_fit_balances_lines_that_first_fit_would_leave_ragged() {
        // Measure 50: first-fit puts 20+3+20 on line 1 (stretch 7/1.5 = 4.7, infeasible at
        // tolerance 2) … total fit must find breaks where every line but the last is within
        // tolerance.
        let items = words(&[14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0, 14.0]);
        let b = break_lines(&items, &|_| 48.0, &Params::default()).unwrap();
        for br in &b[..b.len() - 1] {
            assert!(br.ratio.abs() <= 2.0, "{b:?}");
        }
        let widths = line_widths(&items, &b);
        assert!(widths.iter().all(|w| *w <= 48.0 + 1e-3), "{widths:?}");
    }

    #[test]
    fn infeasible_paragraph_fails_without_and_overflows_with_emergency() {
        let items = words(&[80.0, 10.0]);
        assert!(break_lines(&items, &|_| 50.0, &Params::default()).is_none());
        let p = Params {
            allow_overfull: true,
            ..Params::default()
        };
        let b = break_lines(&items, &|_| 50.0, &p).unwrap();
        assert!(!b.is_empty());
    }

    #[test]
    fn never_three_hyphenated_lines_in_a_row() {
        // Each "word" is two halves joined by a hyphen penalty; the measure fits about one word
        // and a half, so hyphenating every line would be tempting.
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
            });
            items.push(Item::Penalty {
                width: 2.0,
                penalty: 50.0,
                flagged: true,
            });
            items.push(Item::Box {
                width: 10.0,
                content: (),
            });
        }
        items.push(Item::Glue {
            width: 0.0,
            stretch: 1e5,
            shrink: 0.0,
        });
        items.push(Item::Penalty {
            width: 0.0,
            penalty: f32::NEG_INFINITY,
            flagged: false,
        });
        let p = Params {
            tolerance: 10.0,
            ..Params::default()
        };
        let b = break_lines(&items, &|_| 35.0, &p).unwrap();
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
}
