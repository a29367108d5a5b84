//! pandoc's table syntaxes that CommonMark lacks — simple, multiline and grid tables — and
//! their captions (`Table: …` or `: …` beside a table), read before parsing. Each table is
//! written again as a pipe table, which the parser reads as a table, and a caption as a
//! caption line. A table's lines keep their place in the chapter: its rows take the first lines
//! of the region the table took and the rest are left empty, so every line after it keeps its
//! number (a message about a cell may name a line a few above its own).
//!
//! Cells holding blocks (a grid table's lists or paragraphs) become one line of text.

use std::borrow::Cow;

use super::Align;

/// `text` with its pandoc tables as pipe tables; borrowed as it is when it has none.
pub fn rewrite(text: &str) -> Cow<'_, str> {
    // Every syntax needs a line of dashes or a `+-` border, a listing's caption a fence and a
    // colon: most chapters have neither.
    if !text.contains("--") && !text.contains("\n: ") && !text.contains("Listing:") {
        return Cow::Borrowed(text);
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    // Each line without its end, once: the tables are read from slices of it.
    let bodies: Vec<&str> = lines
        .iter()
        .map(|l| l.trim_end_matches(['\n', '\r']))
        .collect();
    let body = |i: usize| bodies[i];
    let mut out: Vec<Cow<str>> = lines.iter().map(|l| Cow::Borrowed(*l)).collect();
    let mut changed = false;
    let mut fences = super::fences::Fences::default();
    let mut i = 0;
    // Where the fenced code block being read opened.
    let mut code_from = 0;
    while i < lines.len() {
        let after_blank = i == 0 || body(i - 1).trim().is_empty();
        let was_open = fences.is_open();
        if fences.is_code(body(i)) {
            if !was_open {
                code_from = i;
            } else if !fences.is_open() {
                // A listing's caption beside it (pandoc-crossref's `: caption` or
                // `Listing: caption`), as a table's is.
                let taken = i + 1 - code_from;
                changed |= caption_beside(&lines, &mut out, code_from, taken, "Listing:");
            }
            i += 1;
            continue;
        }
        if !after_blank || is_indented_code(&lines, i) {
            i += 1;
            continue;
        }
        let all = &bodies[i..];
        let before = LINES_READ.with(|n| n.replace(0));
        let found = grid(all).or_else(|| multiline(all)).or_else(|| simple(all));
        // The lines each attempt read (see `crate::work`).
        crate::work::step(LINES_READ.with(|n| n.replace(before)) + 1);
        match found {
            Some((table, taken)) => {
                let rows = table.pipe_lines();
                // Rows first, the region's other lines empty (a table is never shorter than
                // its pipe form: each row took a line at least, plus the rules).
                for (k, slot) in out[i..i + taken].iter_mut().enumerate() {
                    let end = &lines[i + k][body(i + k).len()..];
                    let end = if end.is_empty() { "" } else { "\n" };
                    *slot = Cow::Owned(match rows.get(k) {
                        Some(row) => format!("{row}{end}"),
                        None => end.to_string(),
                    });
                }
                changed = true;
                caption_beside(&lines, &mut out, i, taken, "Table:");
                i += taken;
            }
            None => {
                if is_pipe_table_start(all) {
                    let taken = all.iter().take_while(|l| !l.trim().is_empty()).count();
                    if caption_beside(&lines, &mut out, i, taken, "Table:") {
                        changed = true;
                    }
                    i += taken;
                } else {
                    i += 1;
                }
            }
        }
    }
    if !changed {
        return Cow::Borrowed(text);
    }
    Cow::Owned(out.concat())
}

/// Whether line `i` (after a blank line) starts an indented code block: four spaces or more
/// in, below a paragraph that is not (a table inside a list item is indented too, and so is
/// the text before it).
fn is_indented_code(lines: &[&str], i: usize) -> bool {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let line = lines[i];
    if indent(line) < 4 && !line.starts_with('\t') {
        return false;
    }
    let before = lines[..i].iter().rev().find(|l| !l.trim().is_empty());
    before.is_none_or(|l| indent(l) < 2)
}

thread_local! {
    /// Lines the table readers looked at, for `crate::work`.
    static LINES_READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn read_line() {
    LINES_READ.with(|n| n.set(n.get() + 1));
}

/// The most lines a multiline table's body is looked for in.
const MAX_TABLE_LINES: usize = 2000;

/// A table as read: the header (may be empty), each column's alignment, the rows.
struct Table {
    head: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn pipe_lines(&self) -> Vec<String> {
        let cols = self.align.len();
        let row = |cells: &[String]| {
            let mut s = String::from("|");
            for c in 0..cols {
                let cell = cells.get(c).map(String::as_str).unwrap_or("");
                s.push(' ');
                s.push_str(&cell.replace('|', "\\|"));
                s.push_str(" |");
            }
            s
        };
        let mut out = vec![row(&self.head)];
        let mut rule = String::from("|");
        for a in &self.align {
            rule.push_str(match a {
                Align::Left => ":---|",
                Align::Right => "---:|",
                Align::Center => ":---:|",
                Align::None => "---|",
            });
        }
        out.push(rule);
        out.extend(self.rows.iter().map(|r| row(r)));
        out
    }
}

/// The column groups of a line of dashes and spaces (at least `min` groups): byte ranges.
fn dash_groups(line: &str, min: usize) -> Option<Vec<(usize, usize)>> {
    let line = line.trim_end();
    if line.is_empty() || !line.bytes().all(|b| b == b'-' || b == b' ') {
        return None;
    }
    let mut groups = Vec::new();
    let mut start = None;
    for (i, b) in line.bytes().enumerate() {
        match (b, start) {
            (b'-', None) => start = Some(i),
            (b' ', Some(s)) => {
                groups.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        groups.push((s, line.len()));
    }
    let long_enough =
        groups.iter().all(|(s, e)| e - s >= 1) && groups.iter().any(|(s, e)| e - s >= 3);
    (groups.len() >= min && long_enough).then_some(groups)
}

/// The text of `line` under columns `cols` (each from its start to the next's), trimmed.
fn cells(line: &str, cols: &[(usize, usize)]) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::with_capacity(cols.len());
    for (k, &(start, _)) in cols.iter().enumerate() {
        let from = if k == 0 { 0 } else { start };
        let to = cols.get(k + 1).map_or(chars.len(), |c| c.0);
        let text: String = chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect();
        out.push(text.trim().to_string());
    }
    out
}

/// A column's alignment in simple and multiline tables: from where its header's text sits over
/// its dashes.
fn align_of(header_lines: &[&str], (start, end): (usize, usize)) -> Align {
    let mut left = false;
    let mut right = false;
    let mut any = false;
    for line in header_lines {
        let chars: Vec<char> = line.chars().collect();
        let slice: String = chars[start.min(chars.len())..end.min(chars.len())]
            .iter()
            .collect();
        if slice.trim().is_empty() {
            continue;
        }
        any = true;
        left |= !slice.starts_with(' ');
        right |= slice.len() == end - start && !slice.ends_with(' ')
            || chars.get(end).is_some_and(|c| !c.is_whitespace());
    }
    match (any, left, right) {
        (false, ..) => Align::None,
        (_, true, true) => Align::None,
        (_, true, false) => Align::Left,
        (_, false, true) => Align::Right,
        (_, false, false) => Align::Center,
    }
}

/// A simple table at the top of `lines`: a header line over a line of two or more dash
/// groups, rows to the first blank line. Returns it and how many lines it took.
fn simple(lines: &[&str]) -> Option<(Table, usize)> {
    let header = *lines.first()?;
    if header.trim().is_empty() || header.starts_with('|') {
        return None;
    }
    let cols = dash_groups(lines.get(1)?, 2)?;
    let mut taken = 2;
    let mut rows = Vec::new();
    while let Some(line) = lines.get(taken) {
        read_line();
        if line.trim().is_empty() {
            break;
        }
        // A closing line of dashes (headerless tables have one; tolerated here).
        if dash_groups(line, 1).is_some() {
            taken += 1;
            break;
        }
        rows.push(cells(line, &cols));
        taken += 1;
    }
    if rows.is_empty() {
        return None;
    }
    let align = cols.iter().map(|&c| align_of(&[header], c)).collect();
    Some((
        Table {
            head: cells(header, &cols),
            align,
            rows,
        },
        taken,
    ))
}

/// A multiline table at the top of `lines`: a line of dashes, header lines, a line of dash
/// groups, rows separated by blank lines, a closing line of dashes.
fn multiline(lines: &[&str]) -> Option<(Table, usize)> {
    let top = dash_groups(lines.first()?, 1)?;
    if top.len() != 1 {
        return None;
    }
    let sep = (1..lines.len().min(12)).find(|&k| dash_groups(lines[k], 2).is_some())?;
    let header: Vec<&str> = lines[1..sep].to_vec();
    if header.is_empty() || header.iter().any(|l| l.trim().is_empty()) {
        return None;
    }
    let cols = dash_groups(lines[sep], 2)?;
    let mut rows = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut k = sep + 1;
    let end = loop {
        // A table of more lines than a chapter of prose has is none: the search stops, and
        // the work stays linear whatever the text.
        if k > sep + MAX_TABLE_LINES {
            return None;
        }
        let line = *lines.get(k)?;
        read_line();
        if let Some(g) = dash_groups(line, 1)
            && g.len() == 1
        {
            break k;
        }
        if line.trim().is_empty() {
            if !current.is_empty() {
                rows.push(joined(&current, &cols));
                current.clear();
            }
            // Two blank lines, or a blank line and no closing rule in sight: no table.
            if lines.get(k + 1).is_none_or(|l| l.trim().is_empty()) {
                return None;
            }
        } else {
            current.push(line);
        }
        k += 1;
    };
    if !current.is_empty() {
        rows.push(joined(&current, &cols));
    }
    let align = cols.iter().map(|&c| align_of(&header, c)).collect();
    Some((
        Table {
            head: joined(&header, &cols),
            align,
            rows,
        },
        end + 1,
    ))
}

/// The cells of a row set on several lines, each cell's lines joined by a space.
fn joined(lines: &[&str], cols: &[(usize, usize)]) -> Vec<String> {
    let mut out = vec![String::new(); cols.len()];
    for line in lines {
        for (cell, part) in out.iter_mut().zip(cells(line, cols)) {
            if !part.is_empty() {
                if !cell.is_empty() {
                    cell.push(' ');
                }
                cell.push_str(&part);
            }
        }
    }
    out
}

/// A grid table at the top of `lines`: `+---+---+` borders, `|` rows, `+===+` under the
/// header.
fn grid(lines: &[&str]) -> Option<(Table, usize)> {
    let top = lines.first()?.trim_end();
    let is_border = |l: &str| {
        let l = l.trim_end();
        l.len() >= 3
            && l.starts_with('+')
            && l.ends_with('+')
            && l.bytes().all(|b| matches!(b, b'+' | b'-' | b'=' | b':'))
    };
    if !is_border(top) || !top.contains('-') {
        return None;
    }
    // Column boundaries: the `+` of the top border, in characters.
    let plus: Vec<usize> = top
        .chars()
        .enumerate()
        .filter(|(_, c)| *c == '+')
        .map(|(i, _)| i)
        .collect();
    if plus.len() < 2 {
        return None;
    }
    let taken = lines
        .iter()
        .take_while(|l| {
            read_line();
            let t = l.trim_end();
            t.starts_with('+') || t.starts_with('|')
        })
        .count();
    if taken < 3 || !is_border(lines[taken - 1]) {
        return None;
    }
    let cols: Vec<(usize, usize)> = plus.windows(2).map(|w| (w[0] + 1, w[1])).collect();
    let cell_text = |line: &str, (s, e): (usize, usize)| -> String {
        let chars: Vec<char> = line.chars().collect();
        chars[s.min(chars.len())..e.min(chars.len())]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    };
    let mut head = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current = vec![String::new(); cols.len()];
    let mut has_content = false;
    let mut align = vec![Align::None; cols.len()];
    let align_from = |border: &str, align: &mut Vec<Align>| {
        for (k, &(s, e)) in cols.iter().enumerate() {
            let seg = cell_text(border, (s, e));
            align[k] = match (seg.starts_with(':'), seg.ends_with(':') && seg.len() > 1) {
                (true, true) => Align::Center,
                (true, false) => Align::Left,
                (false, true) => Align::Right,
                (false, false) => align[k],
            };
        }
    };
    align_from(top, &mut align);
    for line in &lines[1..taken] {
        if is_border(line) {
            if line.contains('=') {
                align_from(line, &mut align);
                head = std::mem::replace(&mut current, vec![String::new(); cols.len()]);
            } else if has_content {
                rows.push(std::mem::replace(
                    &mut current,
                    vec![String::new(); cols.len()],
                ));
            }
            has_content = false;
            continue;
        }
        for (k, &col) in cols.iter().enumerate() {
            let part = cell_text(line, col);
            let part = part.trim_matches('|').trim();
            if !part.is_empty() {
                if !current[k].is_empty() {
                    current[k].push(' ');
                }
                current[k].push_str(part);
                has_content = true;
            }
        }
    }
    if rows.is_empty() && head.is_empty() {
        return None;
    }
    Some((Table { head, align, rows }, taken))
}

/// Whether `lines` open a pipe table (a row, then a delimiter row).
fn is_pipe_table_start(lines: &[&str]) -> bool {
    let (Some(first), Some(second)) = (lines.first(), lines.get(1)) else {
        return false;
    };
    let delim = second.trim();
    first.contains('|')
        && delim.contains('-')
        && delim.contains('|')
        && delim
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' '))
}

/// A caption (`Table: …` — `word` — or `: …`, a paragraph of its own) just before or after the
/// table or listing at lines `at`..`at + taken`, written as a caption line (with the attributes
/// pandoc-crossref gives it, `{#tbl:x}`, for `document::crossrefs`). Returns whether there was
/// one.
fn caption_beside(
    lines: &[&str],
    out: &mut [Cow<str>],
    at: usize,
    taken: usize,
    word: &str,
) -> bool {
    let body = |i: usize| lines[i].trim_end_matches(['\n', '\r']);
    let caption_at = |i: usize| -> Option<String> {
        let l = body(i).trim_start();
        let rest = l
            .strip_prefix(word)
            .or_else(|| l.strip_prefix(':').filter(|r| r.starts_with(' ')))?;
        Some(rest.trim().to_string()).filter(|r| !r.is_empty())
    };
    let blank = |i: usize| body(i).trim().is_empty();
    // A caption line not yet given to a table (the one before this may have taken it).
    let free = |i: usize| matches!(out[i], Cow::Borrowed(_));
    // Before: the paragraph ending just above, if it opens as a caption. pandoc takes it
    // first, so that a caption between two tables is the second's when the first has its own
    // above it.
    let mut place = None;
    if at >= 2 && blank(at - 1) && !blank(at - 2) {
        let mut start = at - 2;
        while start > 0 && !blank(start - 1) {
            start -= 1;
        }
        if caption_at(start).is_some() && free(start) {
            place = Some(start);
        }
    }
    // After: one blank line, then the caption's paragraph.
    let after = at + taken;
    if place.is_none() && after + 1 < lines.len() && blank(after) && caption_at(after + 1).is_some()
    {
        place = Some(after + 1);
    }
    let Some(first) = place else {
        return false;
    };
    // The caption's paragraph runs to the next blank line.
    let mut last = first;
    while last + 1 < lines.len() && !blank(last + 1) {
        last += 1;
    }
    let mut text = caption_at(first).unwrap_or_default();
    for i in first + 1..=last {
        text.push(' ');
        text.push_str(body(i).trim());
    }
    // pandoc-crossref's `{#tbl:x}` stays at the caption's end, for `document::crossrefs`, which
    // numbers the table and takes it out.
    out[first] = Cow::Owned(format!("<span class=\"caption\">{text}</span>\n"));
    for slot in &mut out[first + 1..=last] {
        *slot = Cow::Borrowed("\n");
    }
    true
}

#[cfg(test)]
#[path = "pandoc_tables_tests.rs"]
mod tests;
