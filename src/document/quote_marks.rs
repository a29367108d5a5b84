//! Quotation marks in the shapes of the language they are written in (see
//! [`Language::quotes`]): Markdown's smart punctuation makes every `"…"` English “…”, and a
//! German book, or a German phrase in an English one (`[„…“]{lang=de}`, `::: {lang=de}`),
//! wants „…“. Done once, here, so that both editions show the same marks.
//!
//! Only pairs are changed: an opening “ (‘) with the ” (’) that closes it in the same
//! paragraph, heading, caption or cell, both in the language where the quotation opens. A ’
//! between letters, or closing no ‘, is an apostrophe (don’t, students’) and stays; marks
//! typed in the language's own shapes are not pairs of English ones and stay as written.

use crate::document::{Block, Chapter, Inline, SpanKind};
use crate::lang::Language;

/// Make the quotation marks of `chapter` (its text and its notes) those of their language;
/// `book` is the book's.
pub fn localize(chapter: &mut Chapter, book: Language) {
    let mut containers = Vec::new();
    collect(&mut chapter.blocks, book, &mut containers);
    for note in &mut chapter.footnotes {
        collect(&mut note.blocks, book, &mut containers);
    }
    for (inlines, lang) in containers {
        localize_container(inlines, lang);
    }
}

/// Whether `lang` writes quotation marks other than English's.
fn differs(lang: Language) -> bool {
    lang.quotes() != Language::Other.quotes() || lang.quote_space().is_some()
}

/// The runs of inline content in `blocks` (each a place quotation marks pair within), each
/// with the language around it. Without recursion: the IR may nest deep.
fn collect<'a>(
    blocks: &'a mut [Block],
    lang: Language,
    out: &mut Vec<(&'a mut Vec<Inline>, Language)>,
) {
    let mut stack: Vec<(&'a mut Block, Language)> =
        blocks.iter_mut().rev().map(|b| (b, lang)).collect();
    let push_all = |stack: &mut Vec<(&'a mut Block, Language)>, bs: &'a mut [Block], l| {
        stack.extend(bs.iter_mut().rev().map(|b| (b, l)));
    };
    while let Some((block, lang)) = stack.pop() {
        match block {
            Block::Heading { content, .. }
            | Block::Paragraph(content)
            | Block::Caption(content) => out.push((content, lang)),
            Block::List { items, .. } => {
                for item in items.iter_mut().rev() {
                    push_all(&mut stack, item, lang);
                }
            }
            Block::BlockQuote(inner) => push_all(&mut stack, inner, lang),
            Block::Div(div) => {
                let inner = div.lang.as_deref().map_or(lang, Language::from_tag);
                push_all(&mut stack, &mut div.blocks, inner);
            }
            Block::Definitions(items) => {
                for d in items.iter_mut().rev() {
                    for detail in d.details.iter_mut().rev() {
                        push_all(&mut stack, detail, lang);
                    }
                    out.push((&mut d.term, lang));
                }
            }
            Block::Table(table) => {
                let cells = table.head.iter_mut().chain(table.rows.iter_mut().flatten());
                out.extend(cells.map(|cell| (cell, lang)));
            }
            // Set by the citation style, in its locale's marks already.
            Block::References(_) => {}
            Block::CodeBlock { .. } | Block::ThematicBreak | Block::Html(_) => {}
        }
    }
}

/// A quotation mark met in a run of inline content: which text, where in it, which mark, in
/// which language.
struct Mark {
    text: usize,
    offset: usize,
    mark: char,
    lang: Language,
}

/// Localize the pairs of one run of inline content (see the module's comment).
fn localize_container(inlines: &mut [Inline], lang: Language) {
    // Its texts in reading order, each with its language (a span's, inside one).
    let mut texts: Vec<(&mut String, Language)> = Vec::new();
    let mut stack: Vec<(&mut Inline, Language)> =
        inlines.iter_mut().rev().map(|i| (i, lang)).collect();
    while let Some((inline, lang)) = stack.pop() {
        match inline {
            Inline::Text(t) => texts.push((t, lang)),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strikethrough(c) => {
                stack.extend(c.iter_mut().rev().map(|i| (i, lang)))
            }
            Inline::Link(link) => stack.extend(link.content.iter_mut().rev().map(|i| (i, lang))),
            Inline::Span(span) => {
                let inner = match &span.kind {
                    SpanKind::Lang(tag) => Language::from_tag(tag),
                    _ => lang,
                };
                stack.extend(span.content.iter_mut().rev().map(|i| (i, inner)))
            }
            // Code, HTML, images, notes: no quotation marks of the text's.
            _ => {}
        }
    }
    let quoted = |(t, l): &(&mut String, Language)| differs(*l) && t.contains(['“', '‘']);
    if !texts.iter().any(quoted) {
        return;
    }
    // Every character in order, to tell apostrophes (a letter on each side) from marks.
    let mut chars: Vec<(usize, usize, char, Language)> = Vec::new();
    for (i, (t, l)) in texts.iter().enumerate() {
        chars.extend(t.char_indices().map(|(o, c)| (i, o, c, *l)));
    }
    let mut open: Vec<Mark> = Vec::new();
    let mut changes: Vec<(usize, usize, char, String)> = Vec::new();
    for (k, &(text, offset, c, lang)) in chars.iter().enumerate() {
        let letter = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|&(_, _, c, _)| c.is_alphanumeric())
        };
        let (primary, closing) = match c {
            '“' | '‘' => {
                open.push(Mark {
                    text,
                    offset,
                    mark: c,
                    lang,
                });
                continue;
            }
            '”' => (true, '“'),
            '’' if letter(k.checked_sub(1)) && letter(Some(k + 1)) => continue,
            '’' => (false, '‘'),
            _ => continue,
        };
        // The innermost open mark this one closes; marks opened inside it and never closed
        // are left as they are.
        let Some(at) = open.iter().rposition(|m| m.mark == closing) else {
            continue;
        };
        if !primary && at + 1 != open.len() {
            // A ’ with another quotation open inside the ‘: an apostrophe after all.
            continue;
        }
        let opener = open.remove(at);
        open.truncate(at);
        if !differs(opener.lang) {
            continue;
        }
        let ((o1, c1), (o2, c2)) = opener.lang.quotes();
        let (o, cl) = if primary { (o1, c1) } else { (o2, c2) };
        let space = opener.lang.quote_space();
        let shown_open: String = std::iter::once(o).chain(space).collect();
        let shown_close: String = space.into_iter().chain(std::iter::once(cl)).collect();
        changes.push((opener.text, opener.offset, opener.mark, shown_open));
        changes.push((text, offset, c, shown_close));
    }
    // Applied from the end of each text, so that earlier offsets stay good.
    changes.sort_by_key(|c| std::cmp::Reverse((c.0, c.1)));
    for (text, offset, mark, shown) in changes {
        let t = &mut *texts[text].0;
        t.replace_range(offset..offset + mark.len_utf8(), &shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn german() -> Language {
        Language::from_tag("de")
    }

    fn para(inlines: Vec<Inline>) -> Vec<Block> {
        vec![Block::Paragraph(inlines)]
    }

    fn text(blocks: &[Block]) -> String {
        crate::document::walk::text_of(blocks)
    }

    fn run(blocks: Vec<Block>, lang: Language) -> Vec<Block> {
        let mut ch = Chapter {
            source: "a.md".into(),
            id: "ch01".into(),
            title: String::new(),
            blocks,
            footnotes: vec![],
            anchors: vec![],
            unnumbered: Vec::new(),
        };
        localize(&mut ch, lang);
        ch.blocks
    }

    #[test]
    fn pairs_take_the_language_s_shapes_apostrophes_stay() {
        let b = run(
            para(vec![Inline::Text(
                "Er sagte: “Das ist ‘gut’.” Peter’s Buch, die ’90er.".into(),
            )]),
            german(),
        );
        assert_eq!(
            text(&b),
            "Er sagte: „Das ist ‚gut‘.“ Peter’s Buch, die ’90er."
        );
    }

    #[test]
    fn english_and_indonesian_keep_their_marks() {
        for lang in [
            Language::from_tag("en"),
            Language::Indonesian,
            Language::Turkish,
        ] {
            let src = "Dia berkata, “Saya ‘tahu’.”";
            let b = run(para(vec![Inline::Text(src.into())]), lang);
            assert_eq!(text(&b), src);
        }
    }

    #[test]
    fn a_span_or_a_div_in_another_language_has_its_marks() {
        let span = Inline::Span(Box::new(Span {
            kind: SpanKind::Lang("fr".into()),
            content: vec![Inline::Text("“Bonjour”".into())],
        }));
        let b = run(
            para(vec![Inline::Text("He said “hi” and ".into()), span]),
            Language::from_tag("en"),
        );
        assert_eq!(text(&b), "He said “hi” and «\u{202F}Bonjour\u{202F}»");
        let div = Block::Div(Box::new(crate::document::Div {
            id: None,
            lang: Some("de".into()),
            classes: vec![],
            blocks: para(vec![Inline::Text("“Ja”".into())]),
        }));
        let b = run(vec![div], Language::from_tag("en"));
        assert_eq!(text(&b), "„Ja“");
    }

    #[test]
    fn a_pair_across_emphasis_and_unclosed_marks() {
        let b = run(
            para(vec![
                Inline::Text("“".into()),
                Inline::Emphasis(vec![Inline::Text("Wort".into())]),
                Inline::Text("” und “offen".into()),
            ]),
            german(),
        );
        assert_eq!(text(&b), "„Wort“ und “offen");
    }
}
