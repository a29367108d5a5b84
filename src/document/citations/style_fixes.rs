//! Where hayagriva reads a CSL style otherwise than the CSL 1.0.2 specification and
//! citeproc (pandoc's processor, the reference authors compare with) do, the style is given
//! the meaning they give it before hayagriva sees it: each change here is the specification's
//! default or rule written out in the style.

use hayagriva::citationberg::{
    IndependentStyle, LayoutRenderingElement, NamesChild, TextCase, TextTarget,
};
use hayagriva::{ElemChild, ElemChildren, ElemMeta};

/// Write out in `style` what hayagriva leaves implicit otherwise than the specification.
pub fn apply(style: &mut IndependentStyle) {
    for m in &mut style.macros {
        fix_all(&mut m.children);
    }
    fix_all(&mut style.citation.layout.elements);
    if let Some(bib) = &mut style.bibliography {
        fix_all(&mut bib.layout.elements);
    }
}

/// The elements of a layout, a macro or a branch, and all under them, without recursion.
fn fix_all(elements: &mut [LayoutRenderingElement]) {
    let mut stack: Vec<&mut LayoutRenderingElement> = elements.iter_mut().collect();
    while let Some(element) = stack.pop() {
        match element {
            LayoutRenderingElement::Names(names) => {
                inherit_in_substitutes(names);
                for child in &mut names.children {
                    match child {
                        NamesChild::Label(label) => title_case_term(&mut label.text_case),
                        NamesChild::Substitute(s) => stack.extend(s.children.iter_mut()),
                        _ => {}
                    }
                }
            }
            LayoutRenderingElement::Label(label) => title_case_term(&mut label.label.text_case),
            LayoutRenderingElement::Text(text) => {
                if matches!(text.target, TextTarget::Term { .. }) {
                    title_case_term(&mut text.text_case);
                }
            }
            element @ (LayoutRenderingElement::Group(_) | LayoutRenderingElement::Choose(_)) => {
                push_nested(element, &mut stack)
            }
            LayoutRenderingElement::Date(_) | LayoutRenderingElement::Number(_) => {}
        }
    }
}

/// The elements a `cs:group` or every branch of a `cs:choose` holds, onto `stack` (nothing for
/// other elements).
fn push_nested<'a>(
    element: &'a mut LayoutRenderingElement,
    stack: &mut Vec<&'a mut LayoutRenderingElement>,
) {
    match element {
        LayoutRenderingElement::Group(group) => stack.extend(group.children.iter_mut()),
        LayoutRenderingElement::Choose(choose) => {
            stack.extend(choose.if_.children.iter_mut());
            for branch in &mut choose.else_if {
                stack.extend(branch.children.iter_mut());
            }
            if let Some(otherwise) = &mut choose.otherwise {
                stack.extend(otherwise.children.iter_mut());
            }
        }
        _ => {}
    }
}

/// A term (a label's "ed.", "trans.") in title case is capitalized in every language, as
/// citeproc does: title case is the one case CSL applies to English text only, and hayagriva
/// applies that rule to terms too, leaving Indonesian "(ed.)" where citeproc has "(Ed.)".
fn title_case_term(case: &mut Option<TextCase>) {
    if *case == Some(TextCase::TitleCase) {
        *case = Some(TextCase::CapitalizeAll);
    }
}

/// A `cs:names` in a `cs:substitute` with no children of its own takes its parent's
/// `cs:name`, `cs:et-al` and `cs:label` (CSL 1.0.2, "Substitute"): Chicago's editor-only
/// books are "Rahman, Ahmad, ed.", not hayagriva's "A. Rahman".
fn inherit_in_substitutes(names: &mut hayagriva::citationberg::Names) {
    let inherited: Vec<NamesChild> = names
        .children
        .iter()
        .filter(|c| {
            matches!(
                c,
                NamesChild::Name(_) | NamesChild::EtAl(_) | NamesChild::Label(_)
            )
        })
        .cloned()
        .collect();
    if inherited.is_empty() {
        return;
    }
    for child in &mut names.children {
        let NamesChild::Substitute(substitute) = child else {
            continue;
        };
        // The substitute's names, also inside its `cs:choose` and `cs:group` elements.
        let mut stack: Vec<&mut LayoutRenderingElement> = substitute.children.iter_mut().collect();
        while let Some(element) = stack.pop() {
            match element {
                LayoutRenderingElement::Names(inner) if inner.children.is_empty() => {
                    inner.children = inherited.clone();
                }
                other => push_nested(other, &mut stack),
            }
        }
    }
}

/// A citation's cites of one author grouped with `cite-group-delimiter`, which defaults to
/// ", " (CSL 1.0.2, "Cite Grouping"): hayagriva puts the layout's delimiter between a group's
/// cites, "(Doe, 2010a; 2010b)" for APA's "(Doe, 2010a, 2010b)" (and setting the delimiter in
/// the style puts it before every group). A cite whose names `collapse` took away follows one
/// of its group.
pub fn group_delimiters(citation: &mut ElemChildren, style: &IndependentStyle) {
    if style.citation.collapse.is_none() {
        return;
    }
    let group = style
        .citation
        .cite_group_delimiter
        .as_deref()
        .unwrap_or(", ");
    let list = &mut citation.0;
    for i in 1..list.len().saturating_sub(1) {
        let follows_cite = matches!(&list[i - 1], ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Entry(_))));
        let next_has_no_names = match &list[i + 1] {
            ElemChild::Elem(e) if matches!(e.meta, Some(ElemMeta::Entry(_))) => {
                !has_names(&e.children)
            }
            _ => false,
        };
        if follows_cite
            && next_has_no_names
            && let ElemChild::Text(t) = &mut list[i]
        {
            t.text = group.to_string();
        }
    }
}

/// Whether formatted output holds names (a `cs:names` element's output).
fn has_names(children: &ElemChildren) -> bool {
    let mut stack: Vec<&ElemChildren> = vec![children];
    while let Some(list) = stack.pop() {
        for child in &list.0 {
            if let ElemChild::Elem(e) = child {
                if matches!(e.meta, Some(ElemMeta::Names(_) | ElemMeta::Name(..))) {
                    return true;
                }
                stack.push(&e.children);
            }
        }
    }
    false
}
