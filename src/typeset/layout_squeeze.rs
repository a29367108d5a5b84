//! What the layout squeezes, found without setting the book: the blocks are walked with the
//! contexts the flow gives them (the same `Ctx::quote`, `Ctx::item` and table plan), so that a
//! build's warnings and `terbit check` say what the pages show.

use crate::document::Book;
use crate::error::Diagnostic;

use super::table::{TABLE_SCALE, plan};
use super::*;

/// Where the walk is: the place to name (the innermost list's or table's), and whether a
/// squeeze was told at an outer level already (a deep list is told once, where it begins to
/// be squeezed).
#[derive(Clone, Copy)]
struct At {
    line: usize,
    column: usize,
    told: bool,
    depth: usize,
    /// Whether the place is a list's (else the chapter's start).
    list: bool,
}

struct Walk<'a> {
    setter: &'a mut Setter,
    geo: Geometry,
    file: &'a std::path::Path,
    out: Vec<Diagnostic>,
}

/// Each table `book` sets in smaller type or in parts, and each list or quote nested too deep
/// for its indent, set in `geo`: a warning at its place.
pub fn squeezes(book: &Book, setter: &mut Setter, geo: &Geometry) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for chapter in &book.chapters {
        let mut walk = Walk {
            setter,
            geo: *geo,
            file: &chapter.source,
            out: Vec::new(),
        };
        let at = At {
            line: 1,
            column: 1,
            told: false,
            depth: 0,
            list: false,
        };
        let body = Ctx {
            left: 0.0,
            right: 0.0,
            face: Face::Regular,
            size: geo.size,
            leading: geo.leading,
        };
        walk.blocks(&chapter.blocks, body, at);
        // Notes are set as the flow sets them (`Flow::note`).
        let note = Ctx {
            size: geo.size * 0.85,
            leading: (geo.leading * 0.85 * 4.0).round() / 4.0,
            ..body
        };
        for n in &chapter.footnotes {
            walk.blocks(&n.blocks, note, at);
        }
        walk.out.sort_by_key(|d| (d.line, d.column));
        out.append(&mut walk.out);
    }
    out
}

impl Walk<'_> {
    fn blocks(&mut self, blocks: &[Block], ctx: Ctx, at: At) {
        // Nested blocks are walked from a stack of their own, not by recursion: the IR holds
        // 48 levels, but a walk need not depend on that.
        let mut stack: Vec<(&[Block], Ctx, At)> = vec![(blocks, ctx, at)];
        while let Some((blocks, ctx, at)) = stack.pop() {
            for block in blocks.iter().rev() {
                match block {
                    Block::List {
                        items,
                        line,
                        column,
                        ..
                    } => {
                        let (inner, squeezed) = ctx.item(&self.geo);
                        let mut at = At {
                            depth: at.depth + 1,
                            ..at
                        };
                        if *line > 0 {
                            (at.line, at.column, at.list) = (*line, *column, true);
                        }
                        if squeezed && !at.told {
                            self.list_squeezed(at, false);
                            at.told = true;
                        }
                        for item in items.iter().rev() {
                            stack.push((item, inner, at));
                        }
                    }
                    Block::BlockQuote(inner) => {
                        let (quote, squeezed) = ctx.quote(&self.geo);
                        let mut at = At {
                            depth: at.depth + 1,
                            ..at
                        };
                        if squeezed && !at.told {
                            self.list_squeezed(at, true);
                            at.told = true;
                        }
                        stack.push((inner, quote, at));
                    }
                    Block::Div(div) if div.is_aside() => {
                        stack.push((&div.blocks, ctx.quote(&self.geo).0, at));
                    }
                    Block::Div(div) => stack.push((&div.blocks, ctx, at)),
                    Block::Table(table) => {
                        let measure = self.geo.measure - ctx.left - ctx.right;
                        let columns = table.align.len().max(table.head.len());
                        let columns = table.rows.iter().map(Vec::len).fold(columns, usize::max);
                        // Most tables cannot be squeezed, whatever they hold: not set here.
                        if fit::may_squeeze(columns, ctx.size * TABLE_SCALE, measure)
                            // (Images as their alt text: the squeeze is judged on words.)
                            && let Some(plan) = plan(self.setter, table, ctx.size, measure, &|_| None)
                            && plan.squeezed()
                        {
                            let (line, column) = if table.line > 0 {
                                (table.line, table.column)
                            } else {
                                (at.line, at.column)
                            };
                            self.table_squeezed(line, column, table, &plan);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// A list or quote (`quote`) nested too deep, at the place of the innermost list around
    /// it: a quote has no place of its own in the IR (the chapter's start, outside any list).
    fn list_squeezed(&mut self, at: At, quote: bool) {
        let depth = at.depth;
        let whose = if quote && !at.list {
            format!("quotes nested {depth} deep in this chapter")
        } else {
            format!("lists and quotes nested {depth} deep")
        };
        let msg = format!(
            "{whose}: from here on they are indented less than {} em a level, so that the text \
             keeps half the page's width",
            fit::MIN_STEP
        );
        let help = "nest lists and quotes less deeply: turn the inner levels into paragraphs";
        self.out
            .push(Diagnostic::at(self.file, at.line, at.column, msg).with_help(help));
    }

    fn table_squeezed(&mut self, line: usize, column: usize, table: &Table, plan: &fit::TablePlan) {
        // Each part after the first may lead with the first column again: counted once.
        let columns = plan
            .parts
            .iter()
            .flatten()
            .map(|(c, _)| c + 1)
            .max()
            .unwrap_or(0);
        let mut how = Vec::new();
        if plan.scale < 1.0 {
            how.push(format!(
                "set in type {:.0} % of its size",
                plan.scale * 100.0
            ));
        }
        if plan.parts.len() > 1 {
            let led = plan.parts[1].first().is_some_and(|(c, _)| *c == 0);
            how.push(format!(
                "its columns set in {} parts, one after another{}",
                plan.parts.len(),
                if led { ", each led by the first" } else { "" }
            ));
        }
        let msg = format!(
            "a table of {columns} columns and {} rows is too wide for the page: {}",
            table.rows.len() + usize::from(!table.head.is_empty()),
            how.join(", ")
        );
        let help = "split the table into narrower ones, or turn it: fewer columns, more rows";
        self.out
            .push(Diagnostic::at(self.file, line, column, msg).with_help(help));
    }
}
