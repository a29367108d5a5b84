//! Tables in the flow: columns sized to their content and fitted to the measure (see
//! [`super::super::fit`]), cells set ragged, a row kept on one page unless it is taller than
//! one.

use super::super::fit::{self, Column, TablePlan};
use super::*;
use crate::document::Image;
use crate::typeset::tags::{Role, Tag};

/// A table's type size and leading, as shares of the text's.
pub(super) const TABLE_SCALE: f32 = 0.9;

impl Flow<'_> {
    /// A table: its columns fitted to the measure, in successive parts when they cannot be
    /// (see `fit`), cells set ragged; a row breaks across pages only when taller than one.
    pub(super) fn table(&mut self, table: &Table, ctx: Ctx) {
        let measure = self.geo.measure - ctx.left - ctx.right;
        let (figures, chapter) = (self.figures, self.chapter);
        let find = |img: &Image| figures.get(&(chapter, img.url.clone())).cloned();
        let Some(plan) = plan(self.setter, table, ctx.size, measure, &find) else {
            return;
        };
        let size = ctx.size * TABLE_SCALE * plan.scale;
        let leading = ctx.leading * TABLE_SCALE * plan.scale;
        for (k, part) in plan.parts.iter().enumerate() {
            if k > 0 {
                self.out.push(V::Space(ctx.leading));
            }
            self.table_part(table, part, (size, leading, plan.gap), ctx);
        }
    }

    /// The columns `part` (each with its width) of `table`, set in type of `size` and `leading`
    /// with `gap` between columns.
    fn table_part(
        &mut self,
        table: &Table,
        part: &[(usize, f32)],
        (size, leading, gap): (f32, f32, f32),
        ctx: Ctx,
    ) {
        let table_width: f32 =
            part.iter().map(|(_, w)| w).sum::<f32>() + gap * (part.len() as f32 - 1.0);
        let rows: Vec<(bool, &Vec<Vec<Inline>>)> = std::iter::once((true, &table.head))
            .chain(table.rows.iter().map(|r| (false, r)))
            .collect();
        let mut head_box: Option<std::sync::Arc<VBox>> = None;
        // Each part a table of its own: its header row, its body rows, its cells.
        let depth = self.tags.depth();
        self.open(Role::Table);
        let table_depth = self.tags.depth();
        let mut in_body = false;
        for (r, (head, row)) in rows.iter().enumerate() {
            if *head && row.is_empty() {
                continue;
            }
            if *head {
                self.open(Role::THead);
            } else if !in_body {
                self.tags.close_to(table_depth);
                self.open(Role::TBody);
                in_body = true;
            }
            let row_tag = self.open(Role::TR);
            // A page breaks between rows only where two body rows at least stay on each side
            // of a long table (the header and one row alone at a page's foot read as a stray);
            // a short one (under six rows) may leave one, rather than move whole and leave
            // half a page empty (the Rust book's table of Ferris pictures).
            let keep = if rows.len() > 6 { 2 } else { 1 };
            let mut vbox = VBox {
                breakable: r > keep && r + keep <= rows.len(),
                chapter: self.chapter,
                ..VBox::default()
            };
            let mut x = ctx.left;
            let mut height: f32 = leading;
            for &(c, width) in part {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                self.tags.close_to(self.tags.depth().min(table_depth + 2));
                let cell_tag = self.open(if *head { Role::TH } else { Role::TD });
                let align = match table.align.get(c) {
                    Some(CellAlign::Right) => Align::Right,
                    Some(CellAlign::Center) => Align::Center,
                    _ => Align::Left,
                };
                let face = if *head { Face::Bold } else { Face::Regular };
                let style = ParaStyle {
                    face,
                    size,
                    measure: width,
                    indent: 0.0,
                    align,
                    hyphenate: true,
                };
                let (figures, chapter) = (self.figures, self.chapter);
                let find = |img: &Image| figures.get(&(chapter, img.url.clone())).cloned();
                let lines = self.setter.set_with_images(cell, &style, &find);
                // Line by line down the cell, a line with an image as tall as it needs.
                let mut top = leading * 0.2;
                for line in &lines {
                    let parts = super::line_parts(line, x, leading, size);
                    for (tx, y, mut piece) in parts.texts {
                        piece.tag = cell_tag;
                        vbox.texts.push((tx, top + y, piece));
                    }
                    for mut image in parts.images {
                        image.y += top;
                        vbox.images.push(image);
                    }
                    top += parts.height;
                }
                height = height.max(top + leading * 0.2);
                x += width + gap;
            }
            vbox.height = height;
            if r == 0 {
                vbox.rules.push((ctx.left, 0.0, table_width, 0.8));
            }
            if *head {
                vbox.rules.push((ctx.left, height, table_width, 0.4));
            }
            if r + 1 == rows.len() {
                vbox.rules.push((ctx.left, height, table_width, 0.8));
            }
            // The row's cells are closed; the row is the current element while its images
            // become figures (see `Flow::emit`).
            self.tags.close_to(table_depth + 2);
            debug_assert_eq!(self.tags.current(), row_tag);
            if *head {
                // Repeated above a row that starts a page, unless that leaves the row too
                // little of it: the repetition is an artifact (the header is read once).
                if vbox.height <= self.geo.height / 3.0 {
                    let mut repeated = vbox.clone();
                    for (_, _, piece) in &mut repeated.texts {
                        piece.tag = Tag::ARTIFACT;
                    }
                    for image in &mut repeated.images {
                        image.tag = Tag::ARTIFACT;
                    }
                    head_box = Some(std::sync::Arc::new(repeated));
                }
            } else {
                vbox.table_head = head_box.clone();
            }
            // A row and the header row above it must fit on one page.
            let above = if *head { None } else { head_box.as_ref() };
            let room = self.geo.height - above.map_or(0.0, |h| h.height);
            for mut slice in split_tall(vbox, room, leading) {
                slice.notes = notes_in(&slice);
                self.emit(slice);
            }
            self.tags.close_to(table_depth + 1);
        }
        self.tags.close_to(depth);
    }
}

/// How `table` is set in text of `size` on `measure` (None: it has no column): each column's
/// natural width and longest word, measured in the table's type (with the images `find` finds
/// at their size), fitted by [`fit::plan_table`].
pub(super) fn plan(
    setter: &mut Setter,
    table: &Table,
    size: f32,
    measure: f32,
    find: crate::typeset::runs::FindImage,
) -> Option<TablePlan> {
    let size = size * TABLE_SCALE;
    let columns = table
        .align
        .len()
        .max(table.head.len())
        .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return None;
    }
    let mut sizes = vec![
        Column {
            natural: 0.0,
            word: 0.0
        };
        columns
    ];
    // Each row with the style its cells are measured in: on one unbounded line, unhyphenated.
    let rows = || {
        std::iter::once((true, &table.head))
            .chain(table.rows.iter().map(|r| (false, r)))
            .map(|(head, row)| {
                let style = ParaStyle {
                    face: if head { Face::Bold } else { Face::Regular },
                    size,
                    measure: 1e6,
                    indent: 0.0,
                    align: Align::Left,
                    hyphenate: false,
                };
                (style, row)
            })
    };
    for (style, row) in rows() {
        for (c, cell) in row.iter().enumerate().take(columns) {
            let lines = setter.set_with_images(cell, &style, find);
            let natural = lines.iter().map(|l| l.width).fold(0.0, f32::max);
            sizes[c].natural = sizes[c].natural.max(natural);
        }
    }
    // The longest words are needed only when the natural widths do not fit.
    if !fit::fits_naturally(&sizes, size, measure) {
        for (style, row) in rows() {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let word = setter.longest_unbreakable(cell, &style);
                sizes[c].word = sizes[c].word.max(word);
            }
        }
    }
    Some(fit::plan_table(&sizes, size, measure))
}

/// The notes referred to in `vbox`'s text.
fn notes_in(vbox: &VBox) -> Vec<usize> {
    vbox.texts
        .iter()
        .filter_map(|(_, _, p)| match p.link {
            Some(Link::Note(n)) => Some(n),
            _ => None,
        })
        .collect()
}

/// `row` as it is when it fits in `room`; otherwise cut between its lines (of `leading`) into
/// boxes that do, so that no line of a tall row is drawn below the page. The row's rules go
/// with its first and last boxes.
fn split_tall(row: VBox, room: f32, leading: f32) -> Vec<VBox> {
    // A slice holds whole lines and the cell's padding above and below them.
    let lines = ((room - leading * 0.4) / leading).floor().max(1.0);
    let slice = lines * leading;
    if row.height <= room || leading <= 0.0 {
        return vec![row];
    }
    let count = ((row.height - leading * 0.4) / slice).ceil().max(1.0) as usize;
    let mut boxes: Vec<VBox> = (0..count)
        .map(|k| VBox {
            height: if k + 1 == count {
                row.height - slice * k as f32
            } else {
                slice + leading * 0.4
            },
            breakable: k > 0 || row.breakable,
            chapter: row.chapter,
            table_head: row.table_head.clone(),
            ..VBox::default()
        })
        .collect();
    for (x, baseline, piece) in row.texts {
        // The line's top, above its padding: lines n·leading from the row's top.
        let top = baseline + piece.rise - leading * 0.95 + 0.25 * piece.size;
        let k = ((top / slice).floor().max(0.0) as usize).min(count - 1);
        let y = baseline - slice * k as f32;
        boxes[k].texts.push((x, y, piece));
    }
    // An image goes with the slice its top is in (an image taller than a slice is a rare
    // thing in a table's cell: it is not cut).
    for mut image in row.images {
        let k = ((image.y / slice).floor().max(0.0) as usize).min(count - 1);
        image.y -= slice * k as f32;
        boxes[k].images.push(image);
    }
    for (x, y, length, thickness) in row.rules {
        let k = if y <= 0.0 { 0 } else { count - 1 };
        let y = y - slice * k as f32;
        boxes[k].rules.push((x, y, length, thickness));
    }
    boxes[0].marks = row.marks;
    boxes
}
