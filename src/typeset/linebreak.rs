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
//! - a hyphen on the last full line of a paragraph costs `final_hyphen_demerits` more (infinite:
//!   not allowed): the reader turns to a line that holds only the rest of the word;
//! - a line whose fitness class (tight, decent, loose, very loose) is more than one away from its
//!   neighbour's costs `fitness_demerits` more, so a loose line does not sit beside a tight one.
//!
//! Unlike TeX, badness is not capped at 10000: with an infinite tolerance (the last resort for a
//! paragraph that has no line set within the tolerance) a line twice as loose still costs far
//! more, so the looseness is spread instead of dumped on a few lines.
//!
//! Font expansion (pdfTeX's `\pdfadjustspacing`): with `expansion` e, every line may also scale
//! its boxes horizontally by up to ±e, so it has e × (width of its boxes) more stretch and shrink
//! than its glue alone gives. Words in a narrow font have little glue between them: at 10.5 pt
//! Gentium's space stretches by 1.2 pt, while 2 % of a line's letters is about 6 pt. The letters
//! take the adjustment first and the glue only what is left (see [`Fit`]), so the ratio r that
//! the tolerance limits and the badness grows with is the glue's — what the reader sees as loose
//! or tight spacing — and the expansion used adds only `expansion_cost`·|share used|³.

/// What a paragraph is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<T> {
    /// Material that does not stretch: a word, a piece of a word, an indent. `rigid`: not
    /// widened or narrowed by font expansion either (monospaced code, whose cells must stay
    /// equal from line to line; microtype leaves typewriter fonts out too).
    Box { width: f32, content: T, rigid: bool },
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

impl<T> Item<T> {
    /// Glue that takes any room: the end of a paragraph, or of a line broken by hand.
    pub fn fill() -> Item<T> {
        Item::Glue {
            width: 0.0,
            stretch: 1e5,
            shrink: 0.0,
        }
    }

    /// A break that must be taken.
    pub fn forced_break() -> Item<T> {
        Item::Penalty {
            width: 0.0,
            penalty: f32::NEG_INFINITY,
            flagged: false,
        }
    }
}

/// Glue that stretches at least this much is a fill (TeX's `fil`): the end of a paragraph or of a
/// line broken by hand, which takes any amount of room.
pub const FILL: f32 = 1e4;

/// Tuning of the line breaker.
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// Largest acceptable adjustment ratio (`f32::INFINITY`: any line that is not overfull).
    pub tolerance: f32,
    pub line_penalty: f32,
    pub double_hyphen_demerits: f32,
    /// `f32::INFINITY`: the line before the last never ends in a hyphen.
    pub final_hyphen_demerits: f32,
    pub fitness_demerits: f32,
    /// How far boxes may be scaled horizontally (0.02 = ±2 %), adding to a line's stretch and
    /// shrink in proportion to the width of its boxes.
    pub expansion: f32,
    /// Badness of a line that uses all of its expansion (less of it costs the cube of the share):
    /// small, so that a line would rather scale its letters than change its spaces, but not
    /// nothing, so that of two otherwise equal lines the less expanded one wins.
    pub expansion_cost: f32,
    /// When no set of breaks is feasible, make one anyway (overfull lines) instead of failing.
    pub allow_overfull: bool,
    /// Extra stretch every line is assumed to have (TeX's `\emergencystretch`): lets lines
    /// without glue, such as the pieces of a long URL, be judged feasible.
    pub emergency_stretch: f32,
    /// Hyphenated lines in a row just above the paragraph (the previous paragraph's, see
    /// `paragraph::Setter`): its first lines continue that run, so no three stand in a row
    /// across a paragraph's end.
    pub hyphens_before: u8,
    /// A line whose glue stretches past this ratio costs `loose_demerits` more.
    pub loose_ratio: f32,
    pub loose_demerits: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 2.0,
            line_penalty: 10.0,
            // TeX's plain values: two hyphens in a row and a tight line next to a loose one
            // cost as much as a line of badness 90, a hyphen before the last line as one of 60.
            double_hyphen_demerits: 10000.0,
            final_hyphen_demerits: 5000.0,
            fitness_demerits: 10000.0,
            expansion: 0.0,
            expansion_cost: 10.0,
            allow_overfull: false,
            emergency_stretch: 0.0,
            hyphens_before: 0,
            loose_ratio: f32::INFINITY,
            loose_demerits: 0.0,
        }
    }
}

/// A chosen break: the index of the item broken at, and the adjustment ratio of the glue of the
/// line ending there (what is left to it after expansion, see [`Fit`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub index: usize,
    pub ratio: f32,
}

#[derive(Clone, Copy, Default)]
struct Sums {
    width: f32,
    /// The part of `width` that is boxes (what font expansion scales).
    boxes: f32,
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

/// A node lines may still start from, with what the breaker reads of it at every break (kept
/// together, apart from the other nodes: most of the breaker's time goes to weighing lines
/// from the active nodes).
#[derive(Clone, Copy)]
struct Active {
    /// Index in the nodes.
    node: usize,
    after: Sums,
    demerits: f32,
    line: usize,
    fitness: u8,
    hyphens: u8,
}

impl Active {
    fn new(index: usize, node: &Node) -> Active {
        Active {
            node: index,
            after: node.after,
            demerits: node.demerits,
            line: node.line,
            fitness: node.fitness,
            hyphens: node.hyphens,
        }
    }
}

/// A possible break, as every line ending there sees it.
struct Breakpoint {
    /// Sums of the items before it.
    sums: Sums,
    penalty: f32,
    /// What breaking here adds to the line (a hyphen; negative: punctuation that may hang).
    width: f32,
    flagged: bool,
    forced: bool,
    /// The paragraph's last break.
    paragraph_end: bool,
}

/// A line from an active node to a break, weighed.
struct Weighed {
    /// Adjustment ratio of its glue (see [`Fit`]).
    ratio: f32,
    /// Stretch of its glue.
    stretch: f32,
    /// Breaking there after this line, if the line is feasible.
    candidate: Option<Candidate>,
}

/// A new node the breaker may make.
#[derive(Clone, Copy)]
struct Candidate {
    fitness: u8,
    hyphens: u8,
    /// Total demerits of the paragraph up to the break.
    demerits: f32,
    prev: usize,
    ratio: f32,
}

/// Items a paragraph is broken in at once. Total fit keeps a node for every feasible break and
/// weighs each line from every active one: in a long paragraph that is memory in proportion to
/// its length, and a word wider than the measure, breakable anywhere, keeps hundreds active. A
/// longer paragraph is broken a part of this many items at a time (about 800 lines of prose),
/// each part's last lines set again at the start of the next, so its memory is bounded and its
/// lines are the ones a whole-paragraph pass would choose but where a part's lines could not
/// see past its end.
pub const PART_ITEMS: usize = 16_384;

/// Lines at the end of a part that are set again with the next: far enough from the cut that
/// what follows it no longer changes them.
const PART_OVERLAP_LINES: usize = 4;

/// Break `items` into lines of width `measure`. The items must end with a forced break (a
/// penalty of `-INFINITY`). Returns `None` when no feasible breaks exist and
/// `params.allow_overfull` is false. Paragraphs of more than [`PART_ITEMS`] items are broken a
/// part at a time.
pub fn break_lines<T: Clone>(
    items: &[Item<T>],
    measure: f32,
    params: &Params,
) -> Option<Vec<Break>> {
    if items.len() <= PART_ITEMS {
        return break_whole(items, measure, params);
    }
    let mut breaks: Vec<Break> = Vec::new();
    let mut params = *params;
    let mut part: Vec<Item<T>> = Vec::with_capacity(PART_ITEMS + 3);
    let mut start = 0;
    let mut end = PART_ITEMS;
    loop {
        if end >= items.len() {
            let rest = break_whole(&items[start..], measure, &params)?;
            breaks.extend(rest.into_iter().map(|b| Break {
                index: b.index + start,
                ..b
            }));
            return Some(breaks);
        }
        // The part ends as a paragraph does; its last lines are set again with the next part.
        part.clear();
        part.extend_from_slice(&items[start..end]);
        part.extend([
            Item::Penalty {
                width: 0.0,
                penalty: f32::INFINITY,
                flagged: false,
            },
            Item::fill(),
            Item::forced_break(),
        ]);
        let got = break_whole(&part, measure, &params)?;
        // All but the part's last lines, and never its last (ended by the cut): at least one.
        let keep = got
            .len()
            .saturating_sub(1 + PART_OVERLAP_LINES)
            .max(got.len().min(2) - 1);
        if keep == 0 {
            // The part is less than a line (a run of zero-width clusters, say): take in twice
            // as much, so that however long such a run is, its items are copied about twice.
            end = (start + 2 * (end - start)).min(items.len());
            continue;
        }
        for b in &got[..keep] {
            let flagged = matches!(part[b.index], Item::Penalty { flagged: true, .. });
            params.hyphens_before = if flagged {
                params.hyphens_before.saturating_add(1).min(2)
            } else {
                0
            };
            breaks.push(Break {
                index: b.index + start,
                ratio: b.ratio,
            });
        }
        // The next part starts where the line after its last kept break does.
        start = line_start(items, breaks.last().map_or(start, |b| b.index));
        end = (start + PART_ITEMS).min(items.len());
    }
}

/// [`break_lines`] over the whole of `items` at once.
fn break_whole<T>(items: &[Item<T>], measure: f32, params: &Params) -> Option<Vec<Break>> {
    let (sums, ordered) = running_sums(items);
    let mut nodes = vec![Node {
        position: 0,
        line: 0,
        fitness: 1,
        hyphens: params.hyphens_before.min(2),
        demerits: 0.0,
        ratio: 0.0,
        after: Sums::default(),
        prev: None,
    }];
    // In the order they were made, and so of `after`.
    let mut active = vec![Active::new(0, &nodes[0])];
    // The best candidate per (fitness, hyphen run), for each break (allocated once).
    let mut best: Vec<Candidate> = Vec::new();
    // Lines weighed: the breaker's work (see `crate::work`).
    let mut weighed = 0;

    for b in 0..items.len() {
        let Some(at) = breakpoint(items, &sums, b) else {
            continue;
        };
        let after = sums_after(items, &sums, b);
        let mut deactivated_best: Option<(f32, usize)> = None;
        // `active[..kept]` stay active; `active[kept..next]` are deactivated.
        let (mut kept, mut next) = (0, 0);
        while next < active.len() {
            let node = active[next];
            next += 1;
            let line = weigh(&node, &at, measure, params);
            weighed += 1;
            if line.ratio < -1.0 || at.forced {
                if line.ratio < -1.0 && deactivated_best.is_none_or(|(d, _)| node.demerits < d) {
                    deactivated_best = Some((node.demerits, node.node));
                }
            } else {
                active[kept] = node;
                kept += 1;
            }
            if let Some(c) = line.candidate {
                match best
                    .iter_mut()
                    .find(|b| b.fitness == c.fitness && b.hyphens == c.hyphens)
                {
                    Some(b) if b.demerits <= c.demerits => {}
                    Some(b) => *b = c,
                    None => best.push(c),
                }
            }
            // Too loose, and so are the lines from all the newer nodes, which are shorter
            // (see `running_sums`): they stay active and cost nothing here. Not at a forced
            // break, which ends them all, nor when a fill's stretch turns expansion off.
            if ordered && !at.forced && line.stretch < FILL && line.ratio > params.tolerance {
                break;
            }
        }
        active.drain(kept..next);
        if best.is_empty() && active.is_empty() && params.allow_overfull {
            // Nothing fits: break here anyway, after the cheapest line that overflowed.
            if let Some((_, a)) = deactivated_best {
                best.push(Candidate {
                    fitness: 0,
                    hyphens: 0,
                    demerits: nodes[a].demerits + 1e6,
                    prev: a,
                    ratio: -1.0,
                });
            }
        }
        for c in best.drain(..) {
            nodes.push(Node {
                position: b,
                line: nodes[c.prev].line + 1,
                fitness: c.fitness,
                hyphens: c.hyphens,
                demerits: c.demerits,
                ratio: c.ratio,
                after,
                prev: Some(c.prev),
            });
            let index = nodes.len() - 1;
            active.push(Active::new(index, &nodes[index]));
        }
        if active.is_empty() {
            return None;
        }
    }

    crate::work::step(items.len() + weighed);
    // The forced break at the end left only nodes ending there active; pick the cheapest.
    let last = items.len().checked_sub(1)?;
    let end = active
        .iter()
        .map(|a| a.node)
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

/// Running sums before each item (and after the last), and whether they only grow: no box or
/// glue is narrower than nothing, and no glue stretches less. Then of two lines ending at one
/// break, the one from the older node is at least as wide, with as much stretch and as wide
/// boxes, and (rounding being monotonic) its glue's ratio, when positive, is no larger: once a
/// line is too loose, the lines from the newer nodes are too.
fn running_sums<T>(items: &[Item<T>]) -> (Vec<Sums>, bool) {
    let mut sums = Vec::with_capacity(items.len() + 1);
    let mut s = Sums::default();
    let mut ordered = true;
    for item in items {
        sums.push(s);
        match item {
            Item::Box { width, rigid, .. } => {
                ordered &= *width >= 0.0;
                s.width += width;
                if !rigid {
                    s.boxes += width;
                }
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                ordered &= *width >= 0.0 && *stretch >= 0.0;
                s.width += width;
                s.stretch += stretch;
                s.shrink += shrink;
            }
            Item::Penalty { .. } => {}
        }
    }
    sums.push(s);
    (sums, ordered)
}

/// Item `b` as a break, if it is one: a penalty that is not infinite, or glue after a box.
fn breakpoint<T>(items: &[Item<T>], sums: &[Sums], b: usize) -> Option<Breakpoint> {
    let (penalty, width, flagged) = match items[b] {
        Item::Penalty {
            penalty,
            width,
            flagged,
        } if penalty < f32::INFINITY => (penalty, width, flagged),
        Item::Glue { .. } if b > 0 && matches!(items[b - 1], Item::Box { .. }) => (0.0, 0.0, false),
        _ => return None,
    };
    Some(Breakpoint {
        sums: sums[b],
        penalty,
        width,
        flagged,
        forced: penalty == f32::NEG_INFINITY,
        paragraph_end: b + 1 == items.len(),
    })
}

/// The line from `node` to the break `at`, set to `measure`.
fn weigh(node: &Active, at: &Breakpoint, measure: f32, params: &Params) -> Weighed {
    let width = at.sums.width - node.after.width + at.width;
    // The added hyphen is a glyph too, and scales with the line's letters.
    // Never below nothing: a line of rigid boxes only, ending where punctuation hangs (a
    // negative width at the break), has no letters to scale at all.
    let expand = params.expansion * (at.sums.boxes - node.after.boxes + at.width).max(0.0);
    let stretch = at.sums.stretch - node.after.stretch + params.emergency_stretch;
    let fit = Fit::new(
        measure - width,
        stretch,
        at.sums.shrink - node.after.shrink,
        expand,
    );
    let ratio = fit.ratio;
    // An infinite ratio (nothing to stretch) stays infeasible even at infinite tolerance.
    let feasible = ratio >= -1.0 && ratio <= params.tolerance && ratio.is_finite();
    Weighed {
        ratio,
        stretch,
        candidate: if feasible {
            candidate(node, at, &fit, params)
        } else {
            None
        },
    }
}

/// Breaking at `at` after a feasible line from `node` that meets its measure by `fit`: what it
/// costs in all, or `None` if the hyphens forbid it.
fn candidate(node: &Active, at: &Breakpoint, fit: &Fit, params: &Params) -> Option<Candidate> {
    let hyphens = if at.flagged { node.hyphens + 1 } else { 0 };
    if hyphens > 2 {
        return None;
    }
    // The final-hyphen rule is about this paragraph's own lines, not the run it inherits: a
    // one-line paragraph is always allowed.
    let own_hyphens = if node.line > 0 { node.hyphens } else { 0 };
    if at.paragraph_end && own_hyphens > 0 && params.final_hyphen_demerits == f32::INFINITY {
        return None;
    }
    let ratio = fit.ratio;
    let badness = 100.0 * ratio.abs().powi(3) + params.expansion_cost * fit.font.abs().powi(3);
    let mut demerits = (params.line_penalty + badness).powi(2);
    let penalty = at.penalty;
    if penalty >= 0.0 {
        demerits += penalty * penalty;
    } else if !at.forced {
        demerits -= penalty * penalty;
    }
    if at.flagged && node.hyphens > 0 {
        demerits += params.double_hyphen_demerits;
    }
    if at.paragraph_end && own_hyphens > 0 {
        demerits += params.final_hyphen_demerits;
    }
    if ratio > params.loose_ratio {
        demerits += params.loose_demerits;
    }
    let fitness = fitness_class(fit.combined);
    if fitness.abs_diff(node.fitness) > 1 {
        demerits += params.fitness_demerits;
    }
    Some(Candidate {
        fitness,
        hyphens,
        demerits: node.demerits + demerits,
        prev: node.node,
        ratio,
    })
}

/// How a line meets its measure. Expansion goes first: letters 2 % wider are hard to see, spaces
/// half again as wide are not; the glue takes the rest. The breaker judges lines by it and the
/// caller sets them by it, so that a line is drawn exactly as it was judged.
pub struct Fit {
    /// Adjustment ratio of the glue (what TeX's tolerance limits); ±infinity when the rest is
    /// not zero and the line has no glue to take it.
    pub ratio: f32,
    /// Expansion used, as a share of what the line has (−1 to 1).
    pub font: f32,
    /// Adjustment ratio of glue and expansion together (pdfTeX's ratio), for the fitness class:
    /// lines that differ in letter width as much as in spacing should not be neighbours either.
    combined: f32,
}

impl Fit {
    /// `slack`: measure minus natural width; `stretch`, `shrink`: of the line's glue; `expand`:
    /// how much its boxes may widen or narrow.
    pub fn new(slack: f32, stretch: f32, shrink: f32, expand: f32) -> Fit {
        // A line that ends in a fill (the paragraph's last) is not stretched, its letters
        // neither; it may still shrink.
        let widen = if stretch >= FILL { 0.0 } else { expand };
        let font = slack.clamp(-expand, widen);
        let rest = slack - font;
        let over = |rest: f32, room: f32| {
            if rest == 0.0 {
                0.0
            } else if room > 0.0 {
                rest / room
            } else {
                rest * f32::INFINITY
            }
        };
        let glue = if rest >= 0.0 { stretch } else { shrink };
        let all = if slack >= 0.0 { stretch } else { shrink } + expand;
        Fit {
            ratio: over(rest, glue),
            font: if expand > 0.0 { font / expand } else { 0.0 },
            combined: over(slack, all),
        }
    }
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

/// Sums at the start of the line after a break at `b` (see [`line_start`]).
fn sums_after<T>(items: &[Item<T>], sums: &[Sums], b: usize) -> Sums {
    sums[line_start(items, b)]
}

/// Where the line after a break at `b` starts: glue and penalties after the break are
/// discarded, up to the next box (or forced break, which ends the empty line there).
fn line_start<T>(items: &[Item<T>], b: usize) -> usize {
    let mut i = b + 1;
    while i < items.len() {
        match &items[i] {
            Item::Box { .. } => break,
            Item::Penalty { penalty, .. } if *penalty == f32::NEG_INFINITY => break,
            _ => i += 1,
        }
    }
    i
}

#[cfg(test)]
#[path = "linebreak_tests.rs"]
mod tests;
