//! The inline tree a .bib field's LaTeX is read into (`latex`), and its CSL-JSON text with
//! pandoc's markup (`<i>`, `<b>`, `<sup>`, small caps as a styled span, curly quotes).

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
    /// A brace group pandoc does not protect from a style's case changes: in a title of an entry
    /// that is not in sentence case (see [`unprotect`]).
    Group(Vec<Inline>),
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
            | Inline::Group(c)
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
            | Inline::Group(c)
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

/// pandoc keeps brace groups from a style's case changes (Chicago's title case) everywhere but in
/// the titles it did not put in sentence case: those of entries that are not English, or of any
/// entry in a book that is not.
pub(super) fn unprotect(inlines: &mut [Inline]) {
    for inline in inlines {
        if let Inline::Span(c) = inline {
            *inline = Inline::Group(std::mem::take(c));
        }
        if let Some(children) = inline.children_mut() {
            unprotect(children);
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
///
/// Italics in italics are written `<i>…<i>…</i>…</i>` (a CSL processor sets the inner ones
/// upright). pandoc's CSL-JSON writer writes `<span style="font-style:normal;">` instead, which
/// its own CSL-JSON reader then prints as text; nested tags render as the .bib file does.
pub(super) fn render(inlines: &[Inline]) -> String {
    let mut out = String::new();
    render_into(inlines, &mut out, 0);
    out
}

fn tagged(out: &mut String, open: &str, close: &str, inlines: &[Inline], quotes: usize) {
    out.push_str(open);
    render_into(inlines, out, quotes);
    out.push_str(close);
}

/// `quotes`: how many quotations are open (their marks alternate).
fn render_into(inlines: &[Inline], out: &mut String, quotes: usize) {
    for inline in inlines {
        match inline {
            Inline::Str(s) => out.push_str(s),
            Inline::Space => out.push(' '),
            Inline::LineBreak => out.push('\n'),
            Inline::Raw => {}
            // A brace group keeps its case when a style changes the case of the text around it
            // (pandoc's reader keeps it as such a span, though its CSL-JSON writer drops it).
            Inline::Span(c) => tagged(out, "<span class=\"nocase\">", "</span>", c, quotes),
            Inline::Group(c) | Inline::Link(c) => render_into(c, out, quotes),
            Inline::Emph(c) => tagged(out, "<i>", "</i>", c, quotes),
            Inline::Strong(c) => tagged(out, "<b>", "</b>", c, quotes),
            Inline::SmallCaps(c) => tagged(
                out,
                "<span style=\"font-variant:small-caps;\">",
                "</span>",
                c,
                quotes,
            ),
            Inline::Underline(c) => tagged(out, "<u>", "</u>", c, quotes),
            Inline::Sup(c) => tagged(out, "<sup>", "</sup>", c, quotes),
            Inline::Sub(c) => tagged(out, "<sub>", "</sub>", c, quotes),
            Inline::Quoted(c) => {
                let (open, close) = if quotes.is_multiple_of(2) {
                    ("\u{201c}", "\u{201d}")
                } else {
                    ("\u{2018}", "\u{2019}")
                };
                out.push_str(open);
                render_into(c, out, quotes + 1);
                out.push_str(close);
            }
            Inline::Math { display, tex } => {
                if let Some(markup) = super::math::markup(tex) {
                    out.push_str(&markup);
                    continue;
                }
                let d = if *display { "$$" } else { "$" };
                out.push_str(d);
                out.push_str(tex);
                out.push_str(d);
            }
        }
    }
}
