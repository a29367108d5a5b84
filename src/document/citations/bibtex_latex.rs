//! The LaTeX inside .bib field values, read into a small inline tree the way pandoc's BibTeX
//! reader reads it (learnt by experiment against pandoc 3.9): accents become letters, `--` an
//! en dash, `{…}` a group kept from case changes, `\emph` italics, unknown commands vanish with
//! their arguments. The tree is then written as CSL-JSON text with pandoc's markup (`<i>`, `<b>`,
//! `<sup>`, small caps as a styled span, curly quotes).
//!
//! Reading never recurses on the input: groups are kept on an explicit stack, and groups nested
//! deeper than [`MAX_DEPTH`] are flattened, so later (recursive) passes over the tree stay shallow.

/// Groups and styles nested deeper than this are flattened into their parent.
pub(super) const MAX_DEPTH: usize = 48;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Inline {
    /// Text without spaces.
    Str(String),
    /// An inter-word space.
    Space,
    /// `\\`: written as a newline.
    LineBreak,
    /// An unknown command: prints nothing, but separates what is around it.
    Raw,
    /// A brace group: protected from case changes.
    Span(Vec<Inline>),
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    SmallCaps(Vec<Inline>),
    Underline(Vec<Inline>),
    Sup(Vec<Inline>),
    Sub(Vec<Inline>),
    /// A quotation (`` ``…'' ``, `\enquote`): its marks alternate with the nesting.
    Quoted(Vec<Inline>),
    /// `\url`, `\href`: printed as its text.
    Link(Vec<Inline>),
    Math {
        display: bool,
        tex: String,
    },
}

impl Inline {
    pub(super) fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Span(c)
            | Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::SmallCaps(c)
            | Inline::Underline(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Quoted(c)
            | Inline::Link(c) => Some(c),
            _ => None,
        }
    }

    pub(super) fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Span(c)
            | Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::SmallCaps(c)
            | Inline::Underline(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Quoted(c)
            | Inline::Link(c) => Some(c),
            _ => None,
        }
    }
}

/// What a frame on the reader's stack becomes when it closes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
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
    Upper,
    Lower,
    /// Contents dropped (`\color{red}`'s argument and the like).
    Drop,
}

struct Frame {
    kind: Kind,
    items: Vec<Inline>,
    /// Closed by the `}` that closes the group around it (`\em`, an open quote), not by its own.
    implicit: bool,
}

struct Builder {
    stack: Vec<Frame>,
    /// Frames pushed as [`Kind::Plain`] because the stack was too deep to nest further.
    depth: usize,
}

impl Builder {
    fn new() -> Self {
        Builder {
            stack: vec![Frame {
                kind: Kind::Root,
                items: Vec::new(),
                implicit: false,
            }],
            depth: 0,
        }
    }

    fn top(&mut self) -> &mut Vec<Inline> {
        // The root frame is never popped.
        &mut self.stack.last_mut().expect("root frame").items
    }

    fn push_str(&mut self, s: &str) {
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

    fn push_char(&mut self, c: char) {
        let items = self.top();
        if let Some(Inline::Str(last)) = items.last_mut() {
            last.push(c);
        } else {
            items.push(Inline::Str(c.to_string()));
        }
    }

    fn push(&mut self, inline: Inline) {
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

    fn open(&mut self, kind: Kind, implicit: bool) {
        let kind = if self.depth >= MAX_DEPTH && !matches!(kind, Kind::Drop | Kind::Quote { .. }) {
            Kind::Plain
        } else {
            kind
        };
        if kind != Kind::Plain && kind != Kind::Drop {
            self.depth += 1;
        }
        self.stack.push(Frame {
            kind,
            items: Vec::new(),
            implicit,
        });
    }

    /// Closes the innermost frame into its parent.
    fn close_one(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let frame = self.stack.pop().expect("checked");
        if frame.kind != Kind::Plain && frame.kind != Kind::Drop {
            self.depth = self.depth.saturating_sub(1);
        }
        let items = frame.items;
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
            Kind::Plain => self.splice(items),
            Kind::Link => self.push(Inline::Link(items)),
            Kind::Upper => self.splice(map_text(items, &|s| s.to_uppercase())),
            Kind::Lower => self.splice(map_text(items, &|s| s.to_lowercase())),
            Kind::Drop => {}
        }
    }

    /// Italics, bold and the like: spaces at their ends are moved out of them (as pandoc does).
    fn push_styled(&mut self, mut items: Vec<Inline>, style: fn(Vec<Inline>) -> Inline) {
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

    fn splice(&mut self, items: Vec<Inline>) {
        for item in items {
            self.push(item);
        }
    }

    /// `}`: closes the implicit frames inside the group, then the group.
    fn close_group(&mut self) {
        while self.stack.len() > 1 && self.stack.last().is_some_and(|f| f.implicit) {
            self.close_one();
        }
        self.close_one();
    }

    /// A closing quotation mark: closes the open quote of that kind in the current group, if any.
    fn close_quote(&mut self, double: bool) -> bool {
        let mut i = self.stack.len();
        while i > 1 {
            i -= 1;
            let frame = &self.stack[i];
            if frame.kind == (Kind::Quote { double }) {
                while self.stack.len() > i + 1 {
                    self.close_one();
                }
                let frame = self.stack.pop().expect("quote frame");
                self.depth = self.depth.saturating_sub(1);
                self.push(Inline::Quoted(frame.items));
                return true;
            }
            if !frame.implicit {
                return false;
            }
        }
        false
    }

    fn finish(mut self) -> Vec<Inline> {
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

/// The combining mark for an accent command (`\"`, `\c`, …).
fn accent_mark(cmd: &str) -> Option<char> {
    Some(match cmd {
        "`" => '\u{300}',
        "'" => '\u{301}',
        "^" => '\u{302}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "u" => '\u{306}',
        "." => '\u{307}',
        "\"" => '\u{308}',
        "r" => '\u{30a}',
        "H" => '\u{30b}',
        "v" => '\u{30c}',
        "d" => '\u{323}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "b" => '\u{331}',
        "t" => '\u{361}',
        _ => return None,
    })
}

/// Base letters and their precomposed forms, per combining mark (Unicode NFC).
const COMPOSED: &[(char, &str)] = &[
    ('\u{300}', "aàeèiìnǹoòuùwẁyỳAÀEÈIÌNǸOÒUÙWẀYỲ"),
    (
        '\u{301}',
        "aácćeégǵiíkḱlĺmḿnńoópṕrŕsśuúwẃyýzźAÁCĆEÉGǴIÍKḰLĹMḾNŃOÓPṔRŔSŚUÚWẂYÝZŹ",
    ),
    (
        '\u{302}',
        "aâcĉeêgĝhĥiîjĵoôsŝuûwŵyŷzẑAÂCĈEÊGĜHĤIÎJĴOÔSŜUÛWŴYŶZẐ",
    ),
    ('\u{303}', "aãeẽiĩnñoõuũvṽyỹAÃEẼIĨNÑOÕUŨVṼYỸ"),
    ('\u{304}', "aāeēgḡiīoōuūyȳAĀEĒGḠIĪOŌUŪYȲ"),
    ('\u{306}', "aăeĕgğiĭoŏuŭAĂEĔGĞIĬOŎUŬ"),
    (
        '\u{307}',
        "aȧbḃcċdḋeėfḟgġhḣmṁnṅoȯpṗrṙsṡtṫwẇxẋyẏzżAȦBḂCĊDḊEĖFḞGĠHḢIİMṀNṄOȮPṖRṘSṠTṪWẆXẊYẎZŻ",
    ),
    ('\u{308}', "aäeëhḧiïoötẗuüwẅxẍyÿAÄEËHḦIÏOÖUÜWẄXẌYŸ"),
    ('\u{30a}', "aåuůwẘyẙAÅUŮ"),
    ('\u{30b}', "oőuűOŐUŰ"),
    (
        '\u{30c}',
        "aǎcčdďeěgǧhȟiǐjǰkǩlľnňoǒrřsštťuǔzžAǍCČDĎEĚGǦHȞIǏKǨLĽNŇOǑRŘSŠTŤUǓZŽ",
    ),
    (
        '\u{323}',
        "aạbḅdḍeẹhḥiịkḳlḷmṃnṇoọrṛsṣtṭuụvṿwẉyỵzẓAẠBḄDḌEẸHḤIỊKḲLḶMṂNṆOỌRṚSṢTṬUỤVṾWẈYỴZẒ",
    ),
    ('\u{327}', "cçdḑeȩgģhḩkķlļnņrŗsştţCÇDḐEȨGĢHḨKĶLĻNŅRŖSŞTŢ"),
    ('\u{328}', "aąeęiįoǫuųAĄEĘIĮOǪUŲ"),
    ('\u{331}', "bḇdḏhẖkḵlḻnṉrṟtṯzẕBḆDḎKḴLḺNṈRṞTṮZẔ"),
];

/// `base` with the accent `mark`: precomposed where Unicode has the letter.
fn compose(base: char, mark: char) -> String {
    if let Some((_, pairs)) = COMPOSED.iter().find(|(m, _)| *m == mark) {
        let mut chars = pairs.chars();
        while let (Some(b), Some(c)) = (chars.next(), chars.next()) {
            if b == base {
                return c.to_string();
            }
        }
    }
    let mut s = String::with_capacity(base.len_utf8() + 2);
    s.push(base);
    s.push(mark);
    s
}

/// Commands that stand for a letter.
fn letter_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "i" => "ı",
        "j" => "ȷ",
        "o" => "ø",
        "O" => "Ø",
        "l" => "ł",
        "L" => "Ł",
        "ss" => "ß",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        _ => return None,
    })
}

/// Commands that stand for a symbol or word.
fn symbol_command(name: &str) -> Option<&'static str> {
    Some(match name {
        "textregistered" => "®",
        "copyright" | "textcopyright" => "©",
        "ldots" | "dots" => "…",
        "textbackslash" | "backslash" => "\\",
        "S" => "§",
        "P" => "¶",
        "pounds" => "£",
        "euro" => "€",
        "textdegree" => "°",
        "slash" => "/",
        "hyphen" => "-",
        "textquoteleft" => "\u{2018}",
        "textquoteright" => "\u{2019}",
        "textquotedblleft" => "\u{201c}",
        "textquotedblright" => "\u{201d}",
        "guillemotleft" => "«",
        "guillemotright" => "»",
        "textasciitilde" => "~",
        "textasciicircum" => "^",
        "textless" => "<",
        "textgreater" => ">",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        _ => return None,
    })
}

/// Commands whose one argument is styled (or spliced, or dropped).
fn argument_command(name: &str) -> Option<Kind> {
    Some(match name {
        "emph" | "textit" | "textsl" | "mkbibemph" | "mkbibitalic" => Kind::Emph,
        "textbf" | "mkbibbold" => Kind::Strong,
        "textsc" => Kind::SmallCaps,
        "textsuperscript" => Kind::Sup,
        "textsubscript" => Kind::Sub,
        "underline" | "uline" => Kind::Underline,
        "enquote" => Kind::Enquote,
        "mkbibquote" => Kind::ProtectedQuote,
        "uppercase" | "MakeUppercase" => Kind::Upper,
        "lowercase" | "MakeLowercase" => Kind::Lower,
        "textrm" | "textsf" | "texttt" | "textup" | "textmd" | "textnormal" | "sout"
        | "autocap" => Kind::Plain,
        "color" => Kind::Drop,
        _ => return None,
    })
}

/// Declarations that style the rest of their group.
fn declaration(name: &str) -> Option<Option<Kind>> {
    Some(match name {
        "em" | "it" | "itshape" | "sl" | "slshape" => Some(Kind::Emph),
        "bf" | "bfseries" => Some(Kind::Strong),
        // (`\relax`, `\sc` and the like are unknown commands: they print nothing but keep the
        // space before them.)
        "tt" | "rm" | "sf" => None,
        _ => return None,
    })
}

struct Reader<'a> {
    s: &'a str,
    pos: usize,
    b: Builder,
    /// A `$` was never closed: pandoc then drops the whole value.
    failed: bool,
}

/// Reads a field value. `None` when pandoc could not read it either (an unclosed `$`).
pub(super) fn read(s: &str) -> Option<Vec<Inline>> {
    let mut r = Reader {
        s,
        pos: 0,
        b: Builder::new(),
        failed: false,
    };
    r.run();
    if r.failed {
        return None;
    }
    Some(r.b.finish())
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_spaces(&mut self) {
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skips one balanced `{…}` (the reader is at `{`) and returns its inside.
    fn skip_group(&mut self) -> &str {
        let start = self.pos + 1;
        let mut depth = 0usize;
        let bytes = self.s.as_bytes();
        let mut i = self.pos;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        return &self.s[start..i];
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = self.s.len();
        &self.s[start.min(self.s.len())..]
    }

    /// Skips a balanced `[…]` (the reader is at `[`); false, and nothing skipped, if it is
    /// never closed.
    fn skip_optional(&mut self) -> bool {
        let bytes = self.s.as_bytes();
        let mut depth = 0usize;
        let mut i = self.pos;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' => i += 1,
                b'{' => depth += 1,
                b'}' if depth == 0 => return false,
                b'}' => depth -= 1,
                b']' if depth == 0 => {
                    self.pos = i + 1;
                    return true;
                }
                _ => {}
            }
            i += 1;
        }
        false
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                '{' => {
                    self.pos += 1;
                    self.b.open(Kind::Group, false);
                }
                '}' => {
                    self.pos += 1;
                    self.b.close_group();
                }
                '\\' => self.command(),
                ' ' | '\t' | '\n' | '\r' => self.whitespace(),
                '%' => self.comment(),
                '~' => {
                    self.pos += 1;
                    self.b.push_char('\u{a0}');
                }
                '-' => {
                    if self.rest().starts_with("---") {
                        self.pos += 3;
                        self.b.push_char('\u{2014}');
                    } else if self.rest().starts_with("--") {
                        self.pos += 2;
                        self.b.push_char('\u{2013}');
                    } else {
                        self.pos += 1;
                        self.b.push_char('-');
                    }
                }
                '`' if self.b.depth >= MAX_DEPTH => {
                    self.pos += 1;
                    self.b.push_char('\u{2018}');
                }
                '`' => {
                    if self.rest().starts_with("``") {
                        self.pos += 2;
                        self.b.open(Kind::Quote { double: true }, true);
                    } else {
                        self.pos += 1;
                        self.b.open(Kind::Quote { double: false }, true);
                    }
                }
                '\'' => {
                    if self.rest().starts_with("''") {
                        let after_text = self.s[..self.pos]
                            .chars()
                            .next_back()
                            .is_some_and(|c| !c.is_whitespace());
                        self.pos += 2;
                        if self.b.close_quote(true) {
                        } else if self.b.close_quote(false) {
                            // The first closes a single quotation, the second is an apostrophe.
                            self.b.push_char('\u{2019}');
                        } else {
                            // Two apostrophes after text, a closing quotation mark otherwise.
                            self.b.push_str(if after_text {
                                "\u{2019}\u{2019}"
                            } else {
                                "\u{201d}"
                            });
                        }
                    } else {
                        self.pos += 1;
                        let before_letter = self.peek().is_some_and(char::is_alphanumeric);
                        if before_letter || !self.b.close_quote(false) {
                            self.b.push_char('\u{2019}');
                        }
                    }
                }
                '$' => self.math_dollar(),
                _ => {
                    self.pos += c.len_utf8();
                    self.b.push_char(c);
                }
            }
        }
    }

    fn whitespace(&mut self) {
        let start = self.pos;
        self.skip_spaces();
        let newlines = self.s[start..self.pos].matches('\n').count();
        if newlines >= 2 {
            // A paragraph break: pandoc joins the paragraphs' text with nothing between.
            let items = self.b.top();
            if items.last() == Some(&Inline::Space) {
                items.pop();
            }
        } else {
            self.b.push(Inline::Space);
        }
    }

    /// `%`: a comment to the end of the line (pandoc keeps the line break, as a space).
    fn comment(&mut self) {
        match self.rest().find('\n') {
            Some(i) => self.pos += i,
            None => self.pos = self.s.len(),
        }
    }

    fn math_dollar(&mut self) {
        let display = self.rest().starts_with("$$");
        let open = if display { 2 } else { 1 };
        let body_start = self.pos + open;
        let close = if display { "$$" } else { "$" };
        let mut i = body_start;
        let bytes = self.s.as_bytes();
        while i < bytes.len() {
            if bytes[i] == b'\\' {
                i += 2;
                continue;
            }
            if self.s[i..].starts_with(close) {
                let tex = self.s[body_start..i].to_string();
                self.pos = i + close.len();
                self.b.push(Inline::Math { display, tex });
                return;
            }
            i += 1;
        }
        self.failed = true;
        self.pos = self.s.len();
    }

    /// `\(…\)` and `\[…\]`.
    fn math_delimited(&mut self, display: bool) {
        let close = if display { "\\]" } else { "\\)" };
        let body_start = self.pos;
        match self.s[body_start..].find(close) {
            Some(i) => {
                let tex = self.s[body_start..body_start + i].to_string();
                self.pos = body_start + i + 2;
                self.b.push(Inline::Math { display, tex });
            }
            None => {
                self.failed = true;
                self.pos = self.s.len();
            }
        }
    }

    fn command(&mut self) {
        self.pos += 1; // the backslash
        let Some(c) = self.peek() else {
            return;
        };
        if !c.is_ascii_alphabetic() {
            self.pos += c.len_utf8();
            self.control_symbol(c);
            return;
        }
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        let name = &self.s[start..self.pos];
        // Spaces after a control word are part of it.
        self.skip_spaces();
        self.control_word(name);
    }

    fn control_symbol(&mut self, c: char) {
        match c {
            '\\' => {
                if self.peek() == Some('*') {
                    self.pos += 1;
                }
                if self.peek() == Some('[') {
                    self.skip_optional();
                }
                self.b.push(Inline::LineBreak);
            }
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => self.b.push_char(c),
            ' ' | '\n' | '\t' => {
                self.b.push_char('\u{a0}');
                self.skip_spaces();
            }
            '-' => self.b.push_char('\u{ad}'),
            ',' => self.b.push_char('\u{2006}'),
            ';' | ':' | '!' | '/' | '@' => {}
            '(' => self.math_delimited(false),
            '[' => self.math_delimited(true),
            _ => {
                if let Some(mark) = accent_mark(&c.to_string()) {
                    self.skip_spaces();
                    self.accent(mark);
                } else {
                    self.b.push(Inline::Raw);
                }
            }
        }
    }

    /// The argument of an accent: `{o}`, `o`, `\i`, `{\i}` or `{}`.
    fn accent(&mut self, mark: char) {
        match self.peek() {
            Some('{') => {
                let inner_start = self.pos + 1;
                let inner = &self.s[inner_start..];
                let trimmed = inner.trim_start_matches([' ', '\t', '\n']);
                if trimmed.starts_with('}') {
                    // `\"{}`: the mark alone (a tilde and a circumflex stand for themselves).
                    let skip = inner.len() - trimmed.len() + 1;
                    self.pos = inner_start + skip;
                    match mark {
                        '\u{303}' => self.b.push_char('~'),
                        '\u{302}' => self.b.push_char('^'),
                        _ => self.b.push_char(mark),
                    }
                    return;
                }
                // The rest of the group is read normally, spliced into the text.
                self.pos = inner_start;
                self.b.open(Kind::Plain, false);
                self.accent_base(mark);
            }
            Some('\\') => self.accent_base(mark),
            Some(_) => self.accent_base(mark),
            None => self.b.push_char(mark),
        }
    }

    /// The letter (or letter command) an accent sits on.
    fn accent_base(&mut self, mark: char) {
        match self.peek() {
            Some('\\') => {
                let start = self.pos + 1;
                let mut end = start;
                while self.s[end..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                    end += 1;
                }
                if let Some(letter) = letter_command(&self.s[start..end]) {
                    self.pos = end;
                    self.skip_spaces();
                    let base = letter.chars().next().unwrap_or(' ');
                    self.b.push_str(&compose(base, mark));
                } else {
                    self.b.push_char(mark);
                }
            }
            Some(c) if c != '}' => {
                self.pos += c.len_utf8();
                self.b.push_str(&compose(c, mark));
            }
            _ => self.b.push_char(mark),
        }
    }

    /// The argument of a command that takes one: a group, else the next character.
    fn argument(&mut self, kind: Kind) {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                self.b.open(kind, false);
            }
            Some('\\') => {
                // `\emph\foo`: the style runs to the end of the group (no recursion here).
                self.b.open(kind, true);
            }
            Some(c) if c != '}' => {
                self.b.open(kind, false);
                self.pos += c.len_utf8();
                self.b.push_char(c);
                self.b.close_one();
            }
            _ => {}
        }
    }

    /// An unknown command's arguments: `*`, then `[…]` and `{…}` groups, or else a dimension
    /// (`\vskip 1.5pt`, and so the `1` of `\relax 1--2`).
    fn skip_arguments(&mut self) {
        if self.peek() == Some('*') {
            self.pos += 1;
        }
        let start = self.pos;
        while self.peek() == Some('[') && self.skip_optional() {}
        while self.peek() == Some('{') {
            self.skip_group();
        }
        if self.pos == start {
            self.skip_dimension();
        }
    }

    fn skip_dimension(&mut self) {
        let rest = self.rest().as_bytes();
        let mut i = usize::from(rest.first() == Some(&b'-'));
        let digits = rest[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return;
        }
        i += digits;
        if rest.get(i) == Some(&b'.') {
            i += 1 + rest[i + 1..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        }
        for unit in [
            "pt", "pc", "in", "bp", "cm", "mm", "dd", "cc", "sp", "ex", "em", "mu",
        ] {
            if rest[i..].starts_with(unit.as_bytes()) {
                i += 2;
                break;
            }
        }
        if rest.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return;
        }
        self.pos += i;
    }

    fn control_word(&mut self, name: &str) {
        if let Some(mark) = accent_mark(name) {
            self.accent(mark);
            return;
        }
        if let Some(letter) = letter_command(name) {
            self.b.push_str(letter);
            return;
        }
        if let Some(symbol) = symbol_command(name) {
            self.b.push_str(symbol);
            return;
        }
        if let Some(kind) = argument_command(name) {
            if self.peek() == Some('*') {
                self.pos += 1;
                self.skip_spaces();
            }
            self.argument(kind);
            return;
        }
        if let Some(style) = declaration(name) {
            if let Some(kind) = style {
                self.b.open(kind, true);
            }
            return;
        }
        match name {
            "newline" => self.b.push(Inline::LineBreak),
            "url" | "nolinkurl" => {
                if self.peek() == Some('{') {
                    let url = self.skip_group().to_string();
                    self.b.push(Inline::Link(vec![Inline::Str(url)]));
                }
            }
            "href" => {
                if self.peek() == Some('{') {
                    self.skip_group();
                }
                self.skip_spaces();
                self.argument(Kind::Link);
            }
            "textcolor" => {
                if self.peek() == Some('{') {
                    self.skip_group();
                }
                self.argument(Kind::Plain);
            }
            "ensuremath" => {
                if self.peek() == Some('{') {
                    let tex = self.skip_group().to_string();
                    self.b.push(Inline::Math {
                        display: false,
                        tex,
                    });
                }
            }
            "verb" => {
                if let Some(delim) = self.bump() {
                    let start = self.pos;
                    let end = self.s[start..]
                        .find(delim)
                        .map_or(self.s.len(), |i| start + i);
                    let text = self.s[start..end].to_string();
                    self.pos = (end + delim.len_utf8()).min(self.s.len());
                    self.b.push_str(&text);
                }
            }
            _ => {
                self.skip_arguments();
                self.b.push(Inline::Raw);
            }
        }
    }
}

/// Trims spaces at both ends of a value (pandoc trims every field).
pub(super) fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while inlines.last() == Some(&Inline::Space) {
        inlines.pop();
    }
    let lead = inlines.iter().take_while(|i| **i == Inline::Space).count();
    inlines.drain(..lead);
    inlines
}

/// The plain text (no markup).
pub(super) fn stringify(inlines: &[Inline]) -> String {
    let mut out = String::new();
    stringify_into(inlines, &mut out);
    out
}

fn stringify_into(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Str(s) => out.push_str(s),
            Inline::Space => out.push(' '),
            Inline::LineBreak => out.push(' '),
            Inline::Raw => {}
            Inline::Math { tex, .. } => out.push_str(tex),
            Inline::Quoted(c) => {
                out.push('\u{201c}');
                stringify_into(c, out);
                out.push('\u{201d}');
            }
            other => stringify_into(other.children().map_or(&[][..], |c| &c[..]), out),
        }
    }
}

/// The CSL-JSON text, with pandoc's markup.
pub(super) fn render(inlines: &[Inline]) -> String {
    let mut out = String::new();
    render_into(inlines, &mut out, Styles::default());
    out
}

#[derive(Clone, Copy, Default)]
struct Styles {
    italic: bool,
    bold: bool,
    small_caps: bool,
    quotes: usize,
}

fn render_into(inlines: &[Inline], out: &mut String, st: Styles) {
    for inline in inlines {
        match inline {
            Inline::Str(s) => out.push_str(s),
            Inline::Space => out.push(' '),
            Inline::LineBreak => out.push('\n'),
            Inline::Raw => {}
            Inline::Span(c) | Inline::Link(c) => render_into(c, out, st),
            Inline::Emph(c) => {
                let (open, close) = if st.italic {
                    ("<span style=\"font-style:normal;\">", "</span>")
                } else {
                    ("<i>", "</i>")
                };
                out.push_str(open);
                render_into(
                    c,
                    out,
                    Styles {
                        italic: !st.italic,
                        ..st
                    },
                );
                out.push_str(close);
            }
            Inline::Strong(c) => {
                let (open, close) = if st.bold {
                    ("<span style=\"font-weight:normal;\">", "</span>")
                } else {
                    ("<b>", "</b>")
                };
                out.push_str(open);
                render_into(
                    c,
                    out,
                    Styles {
                        bold: !st.bold,
                        ..st
                    },
                );
                out.push_str(close);
            }
            Inline::SmallCaps(c) => {
                let open = if st.small_caps {
                    "<span style=\"font-variant:normal;\">"
                } else {
                    "<span style=\"font-variant:small-caps;\">"
                };
                out.push_str(open);
                render_into(
                    c,
                    out,
                    Styles {
                        small_caps: !st.small_caps,
                        ..st
                    },
                );
                out.push_str("</span>");
            }
            Inline::Underline(c) => {
                out.push_str("<u>");
                render_into(c, out, st);
                out.push_str("</u>");
            }
            Inline::Sup(c) => {
                out.push_str("<sup>");
                render_into(c, out, st);
                out.push_str("</sup>");
            }
            Inline::Sub(c) => {
                out.push_str("<sub>");
                render_into(c, out, st);
                out.push_str("</sub>");
            }
            Inline::Quoted(c) => {
                let (open, close) = if st.quotes.is_multiple_of(2) {
                    ('\u{201c}', '\u{201d}')
                } else {
                    ('\u{2018}', '\u{2019}')
                };
                out.push(open);
                render_into(
                    c,
                    out,
                    Styles {
                        quotes: st.quotes + 1,
                        ..st
                    },
                );
                out.push(close);
            }
            Inline::Math { display, tex } => {
                let d = if *display { "$$" } else { "$" };
                out.push_str(d);
                out.push_str(tex);
                out.push_str(d);
            }
        }
    }
}
