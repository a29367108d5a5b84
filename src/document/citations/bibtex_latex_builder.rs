//! The LaTeX reader's stack of open groups (`{…}`, `\emph{…}`, `\em`, quotations), which it
//! closes into inlines. No recursion: deep nesting is a long stack, and groups nested deeper than
//! [`MAX_DEPTH`] are flattened into their parent, so passes over the tree stay shallow.

use super::inline::Inline;

/// Groups and styles nested deeper than this are flattened into their parent.
pub(super) const MAX_DEPTH: usize = 48;

/// What a frame on the reader's stack becomes when it closes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Root,
    /// `{…}`.
    Group,
    Emph,
    Strong,
    SmallCaps,
    Underline,
    Sup,
    Sub,
    /// `` ` ``…`'` or ``` `` ```…`''` (an opening mark waiting for its closing one).
    Quote {
        double: bool,
    },
    /// `\enquote{…}`.
    Enquote,
    /// `\mkbibquote{…}`: a quotation kept from case changes.
    ProtectedQuote,
    /// Contents spliced into the parent (`\textrm{…}`, a flattened group).
    Plain,
    /// `\href`'s text.
    Link,
    /// `\texttt{…}`: spliced, without `--` and `---` made dashes.
    Code,
    Upper,
    Lower,
    /// Contents dropped (`\color{red}`'s argument and the like).
    Drop,
}

pub(super) struct Frame {
    kind: Kind,
    items: Vec<Inline>,
    /// Closed by the `}` that closes the group around it (`\em`, an open quote), not by its own.
    implicit: bool,
}

pub(super) struct Builder {
    pub(super) stack: Vec<Frame>,
    /// Frames that nest (Plain ones do not): beyond [`MAX_DEPTH`], frames are pushed as Plain.
    pub(super) depth: usize,
    /// Open `\texttt` frames.
    code: usize,
}

impl Builder {
    pub(super) fn new() -> Self {
        Builder {
            stack: vec![Frame {
                kind: Kind::Root,
                items: Vec::new(),
                implicit: false,
            }],
            depth: 0,
            code: 0,
        }
    }

    pub(super) fn top(&mut self) -> &mut Vec<Inline> {
        // The root frame is never popped.
        &mut self.stack.last_mut().expect("root frame").items
    }

    pub(super) fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        let items = self.top();
        if let Some(Inline::Str(last)) = items.last_mut() {
            last.push_str(s);
        } else {
            items.push(Inline::Str(s.to_string()));
        }
    }

    pub(super) fn push_char(&mut self, c: char) {
        let items = self.top();
        if let Some(Inline::Str(last)) = items.last_mut() {
            last.push(c);
        } else {
            items.push(Inline::Str(c.to_string()));
        }
    }

    pub(super) fn push(&mut self, inline: Inline) {
        match inline {
            Inline::Str(s) => self.push_str(&s),
            Inline::Space => {
                let items = self.top();
                if !matches!(items.last(), Some(Inline::Space | Inline::LineBreak)) {
                    items.push(Inline::Space);
                }
            }
            Inline::LineBreak => {
                let items = self.top();
                if items.last() == Some(&Inline::Space) {
                    items.pop();
                }
                items.push(Inline::LineBreak);
            }
            other => self.top().push(other),
        }
    }

    pub(super) fn open(&mut self, kind: Kind, implicit: bool) {
        let kind = if self.depth >= MAX_DEPTH && !matches!(kind, Kind::Drop | Kind::Quote { .. }) {
            Kind::Plain
        } else {
            kind
        };
        if kind != Kind::Plain && kind != Kind::Drop {
            self.depth += 1;
        }
        if kind == Kind::Plain && implicit {
            // A declaration too deep to style anything: nothing to close later.
            return;
        }
        if kind == Kind::Code {
            self.code += 1;
        }
        self.stack.push(Frame {
            kind,
            items: Vec::new(),
            implicit,
        });
    }

    /// Closes the innermost frame into its parent.
    pub(super) fn close_one(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let frame = self.stack.pop().expect("checked");
        if frame.kind == Kind::Code {
            self.code -= 1;
        }
        if frame.kind != Kind::Plain && frame.kind != Kind::Drop {
            self.depth = self.depth.saturating_sub(1);
        }
        let mut items = frame.items;
        // A command's argument that is one brace group (`\emph{{…}}`) is not a group of its own.
        if !matches!(frame.kind, Kind::Root | Kind::Group | Kind::Quote { .. })
            && let [Inline::Span(_)] = items.as_slice()
            && let Some(Inline::Span(inner)) = items.pop()
        {
            items = inner;
        }
        match frame.kind {
            Kind::Root => {}
            Kind::Group => {
                // An empty group (`\LaTeX{}`) leaves nothing behind.
                if !items.is_empty() {
                    self.push(Inline::Span(items));
                }
            }
            Kind::Emph => self.push_styled(items, Inline::Emph),
            Kind::Strong => self.push_styled(items, Inline::Strong),
            Kind::SmallCaps => self.push_styled(items, Inline::SmallCaps),
            Kind::Underline => self.push(Inline::Underline(items)),
            Kind::Sup => self.push_styled(items, Inline::Sup),
            Kind::Sub => self.push_styled(items, Inline::Sub),
            Kind::Enquote => self.push(Inline::Quoted(items)),
            Kind::ProtectedQuote => self.push(Inline::Span(vec![Inline::Quoted(items)])),
            Kind::Quote { double } => {
                // Never closed: the opening mark is an ordinary character.
                self.push_str(if double { "\u{201c}" } else { "\u{2018}" });
                self.splice(items);
            }
            Kind::Plain | Kind::Code => self.splice(items),
            Kind::Link => self.push(Inline::Link(items)),
            Kind::Upper => self.splice(map_text(items, &|s| s.to_uppercase())),
            Kind::Lower => self.splice(map_text(items, &|s| s.to_lowercase())),
            Kind::Drop => {}
        }
    }

    pub(super) fn in_code(&self) -> bool {
        self.code > 0
    }

    /// Italics, bold and the like: spaces at their ends are moved out of them (as pandoc does).
    pub(super) fn push_styled(&mut self, mut items: Vec<Inline>, style: fn(Vec<Inline>) -> Inline) {
        let lead = items.first() == Some(&Inline::Space);
        let trail = items.len() > usize::from(lead) && items.last() == Some(&Inline::Space);
        if trail {
            items.pop();
        }
        if lead {
            items.remove(0);
            self.push(Inline::Space);
        }
        self.push(style(items));
        if trail {
            self.push(Inline::Space);
        }
    }

    pub(super) fn splice(&mut self, items: Vec<Inline>) {
        for item in items {
            self.push(item);
        }
    }

    /// `}`: closes the implicit frames inside the group, then the group.
    pub(super) fn close_group(&mut self) {
        while self.stack.len() > 1 && self.stack.last().is_some_and(|f| f.implicit) {
            self.close_one();
        }
        self.close_one();
    }

    /// A closing quotation mark: closes the open quote of that kind in the current group, if any.
    /// The innermost quotation open in the current group: `Some(true)` for a double one.
    pub(super) fn open_quote(&self) -> Option<bool> {
        self.quote_frame()
            .map(|i| self.stack[i].kind == Kind::Quote { double: true })
    }

    pub(super) fn quote_frame(&self) -> Option<usize> {
        let mut i = self.stack.len();
        while i > 1 {
            i -= 1;
            let frame = &self.stack[i];
            if let Kind::Quote { .. } = frame.kind {
                return Some(i);
            }
            if !frame.implicit {
                return None;
            }
        }
        None
    }

    /// Closes the innermost open quotation.
    pub(super) fn close_quote(&mut self) {
        if let Some(i) = self.quote_frame() {
            while self.stack.len() > i + 1 {
                self.close_one();
            }
            let frame = self.stack.pop().expect("quote frame");
            self.depth = self.depth.saturating_sub(1);
            self.push(Inline::Quoted(frame.items));
        }
    }

    pub(super) fn finish(mut self) -> Vec<Inline> {
        while self.stack.len() > 1 {
            self.close_one();
        }
        self.stack.pop().map(|f| f.items).unwrap_or_default()
    }
}

fn map_text(items: Vec<Inline>, f: &dyn Fn(&str) -> String) -> Vec<Inline> {
    items
        .into_iter()
        .map(|item| match item {
            Inline::Str(s) => Inline::Str(f(&s)),
            mut other => {
                if let Some(children) = other.children_mut() {
                    let taken = std::mem::take(children);
                    *children = map_text(taken, f);
                }
                other
            }
        })
        .collect()
}
