//! Tables in the flow: columns sized to their content and shrunk to fit the measure, cells set
//! ragged, a row kept on one page.

use super::*;

impl Flow<'_> {
    /// A table: columns sized to their content (shrunk proportionally to fit the measure),
    /// cells set ragged; a row never breaks across pages.
    pub(super) fn table(&mut self, table: &Table, ctx: Ctx) {
        let size = ctx.size * 0.9;
        let leading = ctx.leading * 0.9;
        let gap = size;
        let measure = self.geo.measure - ctx.left - ctx.right;
        let columns = table
            .align
            .len()
            .max(table.head.len())
            .max(table.rows.iter().map(Vec::len).max().unwrap_or(0));
        if columns == 0 {
            return;
        }
        let mut natural = vec![0.0f32; columns];
        let rows: Vec<(bool, &Vec<Vec<Inline>>)> = std::iter::once((true, &table.head))
            .chain(table.rows.iter().map(|r| (false, r)))
            .collect();
        for (head, row) in &rows {
            for (c, cell) in row.iter().enumerate().take(columns) {
                let face = if *head { Face::Bold } else { Face::Regular };
                let style = ParaStyle {
                    face,
                    size,
                    measure: 1e6,
                    indent: 0.0,
                    align: Align::Left,
                    hyphenate: false,
                };
                let w = self
                    .setter
                    .set(cell, &style)
                    .iter()
                    .map(|l| l.width)
                    .fold(0.0, f32::max);
                natural[c] = natural[c].max(w);
            }
        }
        let available = measure - gap * (columns as f32 - 1.0);
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = if total <= available {
            natural.clone()
        } else {
            natural
                .iter()
                .map(|w| (w / total * available).max(size))
                .collect()
        };
        let table_width: f32 = widths.iter().sum::<f32>() + gap * (columns as f32 - 1.0);
        let mut head_box: Option<std::sync::Arc<VBox>> = None;
        for (r, (head, row)) in rows.iter().enumerate() {
            if *head && row.is_empty() {
                continue;
            }
            let mut vbox = VBox {
                breakable: r > 1,
                chapter: self.chapter,
                ..VBox::default()
            };
            let mut x = ctx.left;
            let mut height: f32 = leading;
            for (c, width) in widths.iter().enumerate() {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let align = match table.align.get(c) {
                    Some(CellAlign::Right) => Align::Right,
                    Some(CellAlign::Center) => Align::Center,
                    _ => Align::Left,
                };
                let face = if *head { Face::Bold } else { Face::Regular };
                let style = ParaStyle {
                    face,
                    size,
                    measure: *width,
                    indent: 0.0,
                    align,
                    hyphenate: true,
                };
                let lines = self.setter.set(cell, &style);
                for (n, line) in lines.iter().enumerate() {
                    let baseline = leading * (n as f32 + 1.0) - 0.25 * size + leading * 0.2;
                    for p in &line.pieces {
                        vbox.texts
                            .push((x + p.x, baseline - p.piece.rise, p.piece.clone()));
                    }
                }
                height = height.max(leading * lines.len() as f32 + leading * 0.4);
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
            vbox.notes = vbox
                .texts
                .iter()
                .filter_map(|(_, _, p)| match p.link {
                    Some(Link::Note(n)) => Some(n),
                    _ => None,
                })
                .collect();
            if *head {
                head_box = Some(std::sync::Arc::new(vbox.clone()));
            } else {
                vbox.table_head = head_box.clone();
            }
            self.emit(vbox);
        }
    }
}
