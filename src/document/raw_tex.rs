//! Raw TeX in pandoc books. pandoc passes TeX written in Markdown (`\begin{figure}…`,
//! `\newpage`, `\textbf{…}`) to LaTeX only and leaves it out of every other output; terbit
//! sets no TeX, so it leaves it out too, before parsing, and says so at its place, rather than
//! printing the commands. `\LaTeX` and `\TeX` become their names. Fenced code and code spans
//! are never touched. Lines keep their numbers: a dropped line is left empty.

use std::borrow::Cow;

/// What was left out, at a byte offset of the returned text, with the TeX it was.
pub struct Dropped {
    pub offset: usize,
    pub what: String,
    /// A file the TeX names (`\includegraphics{map.png}`), for the help.
    pub image: Option<String>,
}

/// Commands that stand alone on a line and carry no text: dropped whole.
fn is_command_line(line: &str) -> bool {
    let t = line.trim();
    let Some(rest) = t.strip_prefix('\\') else {
        return false;
    };
    let name_len = rest.chars().take_while(char::is_ascii_alphabetic).count();
    if name_len == 0 {
        return false;
    }
    // Then only arguments (after a star, `\vspace*`): `[…]` and `{…}` groups, to the end of
    // the line.
    let mut depth = 0i32;
    let after = &rest[name_len..];
    let args = after
        .strip_prefix('*')
        .unwrap_or(after)
        .trim_start()
        .chars();
    for c in args {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ if depth == 0 && !c.is_whitespace() => return false,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// The environment `\begin{NAME}` at the start of `line` opens, if it does.
fn begins(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("\\begin{")?;
    let end = rest.find('}')?;
    Some(&rest[..end])
}

/// The file `\includegraphics[…]{FILE}` in `text` names.
fn included_image(text: &str) -> Option<String> {
    let at = text.find("\\includegraphics")?;
    let rest = &text[at..];
    let open = rest.find('{')?;
    let close = rest[open..].find('}')?;
    Some(rest[open + 1..open + close].trim().to_string())
}

/// Commands without arguments that only space or break the text, dropped where they stand.
const SPACING: &[&str] = &[
    "noindent",
    "indent",
    "newpage",
    "clearpage",
    "cleardoublepage",
    "pagebreak",
    "linebreak",
    "newline",
    "smallskip",
    "medskip",
    "bigskip",
    "centering",
    "hfill",
    "vfill",
    "par",
    "tableofcontents",
    "maketitle",
    "listoffigures",
    "listoftables",
    "appendix",
    "frontmatter",
    "mainmatter",
    "backmatter",
];

/// Inline TeX commands in a line of prose outside code spans: `\LaTeX` and `\TeX` as their
/// names, `\name{…}` and `\name[…]{…}` left out. Returns the line and what was left out.
fn inline(line: &str, dropped: &mut Vec<(usize, String)>) -> Option<String> {
    if !line.contains('\\') {
        return None;
    }
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut changed = false;
    let mut i = 0;
    let mut in_code = false;
    while i < bytes.len() {
        let c = bytes[i];
        // Code spans, and TeX math between dollars (pandoc's math, not raw TeX).
        if c == b'`' || c == b'$' {
            in_code = !in_code;
            if c == b'$' && bytes.get(i + 1) == Some(&b'$') {
                // `$$`, a display's fence: one toggle, not two.
                out.push_str("$$");
                i += 2;
                continue;
            }
        }
        if c != b'\\' || in_code {
            let ch = line[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let name: String = line[i + 1..]
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let mut after = i + 1 + name.len();
        if !name.is_empty() && line[after..].starts_with('*') {
            after += 1;
        }
        match name.as_str() {
            "LaTeX" | "TeX" | "LaTeXe" => {
                out.push_str(if name == "LaTeXe" { "LaTeX2ε" } else { &name });
                // `\LaTeX{}` and `\LaTeX\ ` as TeX authors write them.
                let skip = if line[after..].starts_with("{}") {
                    2
                } else {
                    0
                };
                i = after + skip;
                changed = true;
            }
            "" => {
                out.push('\\');
                i += 1;
            }
            _ if SPACING.contains(&name.as_str()) && groups_end(&line[after..]).is_none() => {
                dropped.push((out.len(), line[i..after].to_string()));
                i = after + usize::from(line[after..].starts_with(' '));
                changed = true;
            }
            _ => match groups_end(&line[after..]) {
                Some(len) if len > 0 => {
                    dropped.push((out.len(), line[i..after + len].to_string()));
                    i = after + len;
                    changed = true;
                }
                _ => {
                    out.push('\\');
                    i += 1;
                }
            },
        }
    }
    changed.then_some(out)
}

/// The length of the `[…]` and `{…}` groups `s` starts with, the last a `{…}`; `None` if it
/// starts with none or one is left open.
fn groups_end(s: &str) -> Option<usize> {
    let mut i = 0;
    let mut last_brace = false;
    let bytes = s.as_bytes();
    while i < bytes.len() && (bytes[i] == b'{' || bytes[i] == b'[') {
        let (open, close) = if bytes[i] == b'{' {
            (b'{', b'}')
        } else {
            (b'[', b']')
        };
        let mut depth = 0;
        let mut j = i;
        loop {
            match bytes.get(j) {
                None => return None,
                Some(&b) if b == open => depth += 1,
                Some(&b) if b == close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        last_brace = open == b'{';
        i = j + 1;
    }
    (i > 0 && last_brace).then_some(i)
}

/// Lines a command's arguments may run over (`\textit{` … `}`) before it is taken for text.
const MAX_COMMAND_LINES: usize = 40;

/// How much deeper `{` braces are at the end of `line` than at its start (`\{` is no brace).
fn brace_depth(line: &str) -> i32 {
    let mut depth = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// Whether `line` (without its indent) starts a command whose braces stay open at its end:
/// `\textit{` with its text on the lines after.
fn opens_command(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('\\') else {
        return false;
    };
    let name = rest.chars().take_while(char::is_ascii_alphabetic).count();
    name > 0 && !rest.starts_with("begin") && brace_depth(line) > 0 && {
        let after = rest[name..].strip_prefix('*').unwrap_or(&rest[name..]);
        after.trim_start().starts_with(['{', '['])
    }
}

/// `what` cut to a length a message can show.
fn shorten(what: &str) -> String {
    match what.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &what[..at]),
        None => what.to_string(),
    }
}

/// `text` without its raw TeX, and what was left out; borrowed as it is when it has none.
pub fn strip(text: &str) -> (Cow<'_, str>, Vec<Dropped>) {
    if !text.contains('\\') {
        return (Cow::Borrowed(text), vec![]);
    }
    let mut out = String::with_capacity(text.len());
    let mut found: Vec<Dropped> = Vec::new();
    let mut renamed = false;
    let mut fences = super::fences::Fences::default();
    // The environment being dropped, how deep it nests, where it began and what it held.
    let mut env: Option<(String, usize, usize, String)> = None;
    // Inside a displayed formula (`$$` … `$$` over lines): TeX math, not raw TeX.
    let mut display = false;
    // A command whose `{…}` runs on over lines (`\textit{` … `}`): how deep its braces are
    // open, where it began, and its lines as written (given back if it never closes).
    let mut command: Option<(i32, usize, Vec<&str>)> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let end = &line[body.len()..];
        let trimmed = body.trim_start();
        let indent = body.len() - trimmed.len();
        if let Some((depth, at, held)) = &mut command {
            held.push(line);
            *depth += brace_depth(body);
            if *depth <= 0 {
                let what: String = held.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
                found.push(Dropped {
                    offset: *at,
                    image: included_image(&what),
                    what: format!("`{}`", shorten(&what)),
                });
                held.iter()
                    .for_each(|l| out.push_str(&l[l.trim_end_matches(['\n', '\r']).len()..]));
                command = None;
            } else if body.trim().is_empty() || held.len() > MAX_COMMAND_LINES {
                // Never closed in its paragraph: not a command after all.
                held.iter().for_each(|l| out.push_str(l));
                command = None;
            }
            continue;
        }
        if let Some((name, depth, at, held)) = &mut env {
            held.push_str(body);
            held.push('\n');
            if trimmed.starts_with(&format!("\\begin{{{name}}}")) {
                *depth += 1;
            }
            if body.contains(&format!("\\end{{{name}}}")) {
                *depth -= 1;
                if *depth == 0 {
                    found.push(Dropped {
                        offset: *at,
                        what: format!("`\\begin{{{name}}}` … `\\end{{{name}}}`"),
                        image: included_image(held),
                    });
                    env = None;
                }
            }
            out.push_str(end);
            continue;
        }
        // Code, fenced or indented, is the author's text, whatever it holds.
        if fences.is_code(body) || indent >= 4 {
            out.push_str(line);
            continue;
        }
        let fences_of_display = body.matches("$$").count();
        if display || fences_of_display > 0 {
            display ^= fences_of_display % 2 == 1;
            out.push_str(line);
            continue;
        }
        if let Some(name) = begins(body) {
            let at = out.len();
            let held = format!("{body}\n");
            if body.contains(&format!("\\end{{{name}}}")) {
                found.push(Dropped {
                    offset: at,
                    what: format!("`\\begin{{{name}}}` … `\\end{{{name}}}`"),
                    image: included_image(&held),
                });
            } else {
                env = Some((name.to_string(), 1, at, held));
            }
            out.push_str(end);
            continue;
        }
        if opens_command(trimmed) && !display && env.is_none() {
            command = Some((brace_depth(body), out.len(), vec![line]));
            continue;
        }
        if is_command_line(body) {
            found.push(Dropped {
                offset: out.len(),
                what: format!("`{}`", body.trim()),
                image: included_image(body),
            });
            out.push_str(end);
            continue;
        }
        let mut inline_dropped = Vec::new();
        match inline(body, &mut inline_dropped) {
            Some(changed) => {
                renamed = true;
                let start = out.len();
                for (at, what) in inline_dropped {
                    found.push(Dropped {
                        offset: start + at,
                        image: included_image(&what),
                        what: format!("`{what}`"),
                    });
                }
                out.push_str(&changed);
                out.push_str(end);
            }
            None => out.push_str(line),
        }
    }
    if let Some((_, _, held)) = command {
        held.iter().for_each(|l| out.push_str(l));
    }
    if !renamed && found.is_empty() || env.is_some() {
        // A `\begin` never closed: what followed was the author's text after all, and the
        // chapter is read as written.
        return (Cow::Borrowed(text), vec![]);
    }
    (Cow::Owned(out), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(text: &str) -> (String, Vec<String>) {
        let (out, found) = strip(text);
        (
            out.into_owned(),
            found.into_iter().map(|d| d.what).collect(),
        )
    }

    #[test]
    fn tex_blocks_and_commands_are_left_out_lines_kept() {
        let text = "Awal \\LaTeX{} dan \\TeX.\n\n\\begin{figure}\n\\centering\n\
                    \\includegraphics[width=0.5\\textwidth]{img/peta.png}\n\\end{figure}\n\n\
                    \\newpage\n\n\\noindent Teks \\textbf{tebal} di sini.\n\n```\n\\begin{kode}\n```\n";
        let (out, found) = stripped(text);
        assert_eq!(
            out.lines().count(),
            text.lines().count(),
            "every line keeps its number"
        );
        assert_eq!(
            out,
            "Awal LaTeX dan TeX.\n\n\n\n\n\n\n\n\nTeks  di sini.\n\n```\n\\begin{kode}\n```\n"
        );
        assert_eq!(
            found,
            [
                "`\\begin{figure}` … `\\end{figure}`",
                "`\\newpage`",
                "`\\noindent`",
                "`\\textbf{tebal}`"
            ]
        );
        let (_, dropped) = strip(text);
        assert_eq!(dropped[0].image.as_deref(), Some("img/peta.png"));
        // Starred commands, and arguments that run on over lines.
        let text = "\\vspace*{\\fill}\n\\textit{\nDeclared text.\n}\n\nAfter.\n";
        let (out, found) = stripped(text);
        assert_eq!(out, "\n\n\n\n\nAfter.\n");
        assert_eq!(
            found,
            ["`\\vspace*{\\fill}`", "`\\textit{ Declared text. }`"]
        );
    }

    #[test]
    fn prose_with_backslashes_is_kept() {
        for text in [
            "Path C:\\Users\\ana and `\\begin{x}` in code.\n",
            "Math $\\frac{a}{b}$ stays.\n",
            "$$\\int_0^1 \\frac{a}{b}\\,dx$$\n",
            "$$\n\\frac{a}{b}\n\\newpage\n$$\n",
            "\\textit{never\n\nclosed in its paragraph\n",
            "\\begin{never-closed}\nText stays.\n",
            "    \\begin{indented}\n",
        ] {
            assert_eq!(strip(text).0, text, "{text}");
        }
    }
}
