//! Fenced code, as the readers of pandoc's syntax that run before parsing (`raw_tex`,
//! `pandoc_tables`, `fenced_divs`, `inline_notes`, `auto_lists`) see it line by line: the
//! author's text, never rewritten, whatever it holds.

/// The fence `line` opens or closes, if it is one: its character (`` ` `` or `~`) and how many,
/// at least three, less than four columns in.
pub fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start();
    if line.len() - t.len() >= 4 {
        return None;
    }
    let c = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// The fenced code block open, as the lines go by.
#[derive(Debug, Default)]
pub struct Fences {
    open: Option<(char, usize)>,
}

impl Fences {
    /// Whether a fenced block is open (after its opening fence, before its closing one).
    pub fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// Whether `line`, the next line of the text, is fenced code (its fences included).
    pub fn is_code(&mut self, line: &str) -> bool {
        let Some((c, n)) = fence_of(line) else {
            return self.open.is_some();
        };
        match self.open {
            None => self.open = Some((c, n)),
            // A closing fence: the same character, at least as many.
            Some((open, len)) if open == c && n >= len => self.open = None,
            Some(_) => {}
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_open_and_close_as_commonmark_says() {
        let mut f = Fences::default();
        let code: Vec<bool> = [
            "a", "````rust", "```", "x", "~~~~~", "````", "b", "    ```", "c",
        ]
        .iter()
        .map(|l| f.is_code(l))
        .collect();
        assert_eq!(
            code,
            [false, true, true, true, true, true, false, false, false]
        );
    }
}
