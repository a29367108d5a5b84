use super::*;

fn start(label: &str, text: &str) -> PageStart {
    PageStart {
        label: label.into(),
        chapter: Some(0),
        text: text.into(),
        ..PageStart::default()
    }
}

fn doc(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html><head><title>gamma</title></head>\n\
         <body>\n<section epub:type=\"chapter\">\n{body}</section>\n</body>\n</html>\n"
    )
}

fn mark(label: &str) -> String {
    marker(&format!("page-{label}"), label)
}

/// The document with the markers of `starts`, and how each was placed.
fn placed(body: &str, starts: &[PageStart]) -> (String, Vec<Placed>) {
    let refs: Vec<&PageStart> = starts.iter().collect();
    let (out, markers) = place(&doc(body), &refs);
    (out, markers.iter().map(|m| m.placed).collect())
}

#[test]
fn a_page_that_begins_mid_paragraph_is_marked_between_the_words() {
    let (out, how) = placed(
        "<p>Alpha beta\ngamma <em>delta</em> epsilon.</p>\n",
        &[start("7", "gamma delta epsilon.")],
    );
    assert!(
        out.contains(&format!("<p>Alpha beta\n{}gamma <em>", mark("7"))),
        "{out}"
    );
    assert_eq!(how, [Placed::Exact]);
    // The title in <head> is not the book's text.
    assert!(out.contains("<title>gamma</title>"));
}

#[test]
fn a_page_that_begins_with_a_heading_or_paragraph_is_marked_before_it() {
    let body = "<h2 id=\"two\">Two</h2>\n<p><em>Three</em> four</p>\n";
    let (out, _) = placed(body, &[start("1", "Two"), start("2", "Three four")]);
    assert!(
        out.contains(&format!("{}<h2 id=\"two\">", mark("1"))),
        "{out}"
    );
    assert!(out.contains(&format!("{}<p><em>Three", mark("2"))), "{out}");
}

#[test]
fn markers_in_lists_tables_and_code_stay_where_a_span_may_stand() {
    let body = "<ul>\n<li><p>one</p></li>\n<li><p>two items</p></li>\n</ul>\n\
                <table>\n<tbody>\n<tr><td>a</td><td>b</td></tr>\n<tr><td>c</td><td>d</td></tr>\n</tbody>\n</table>\n\
                <pre><code>fn main() {\n    body();\n}</code></pre>\n";
    let mut item = start("1", "two items");
    item.lead = "•".into();
    let (out, how) = placed(body, &[item, start("2", "c d"), start("3", "body(); }")]);
    assert!(
        out.contains(&format!("<li>{}<p>two items", mark("1"))),
        "{out}"
    );
    assert!(
        out.contains(&format!("<tr><td>{}c</td>", mark("2"))),
        "{out}"
    );
    assert!(
        out.contains(&format!("{{\n    {}body();", mark("3"))),
        "{out}"
    );
    assert_eq!(how, [Placed::Exact; 3]);
}

#[test]
fn a_word_broken_across_the_page_turn_is_marked_before_the_word() {
    let (out, how) = placed(
        "<p>the informa<em>tion</em> of it</p>\n",
        &[start("4", "tion of it")],
    );
    assert!(
        out.contains(&format!("the {}informa<em>", mark("4"))),
        "{out}"
    );
    assert_eq!(how, [Placed::WordStart]);
}

#[test]
fn text_before_the_words_that_the_print_edition_numbers_too_is_kept_after_the_marker() {
    let mut s = start("5", "Then more");
    s.lead = "1.".into();
    let (out, _) = placed("<p>Intro.</p>\n<p>1. Then more</p>\n", &[s]);
    assert!(out.contains(&format!("{}<p>1. Then", mark("5"))), "{out}");
}

#[test]
fn a_page_not_found_is_marked_before_the_next_and_no_page_is_lost() {
    let body = "<p>one two</p>\n<figure class=\"figure\"><img src=\"a.png\" alt=\"\"/></figure>\n\
                <p>three four</p>\n<section class=\"footnotes\" epub:type=\"footnotes\">\n\
                <aside epub:type=\"footnote\"><p>1. only in a note</p></aside>\n</section>\n";
    let (out, how) = placed(
        body,
        &[
            start("1", "one two"),
            start("2", ""),
            start("3", "three four"),
            start("4", "only in a note"),
        ],
    );
    assert!(
        out.contains(&format!("{}{}<p>three four", mark("2"), mark("3"))),
        "{out}"
    );
    // After the text, before the footnotes.
    assert!(
        out.contains(&format!("{}<section class=\"footnotes\"", mark("4"))),
        "{out}"
    );
    assert_eq!(
        how,
        [Placed::Exact, Placed::Near, Placed::Exact, Placed::Near]
    );
    let order: Vec<usize> = ["page-1\"", "page-2\"", "page-3\"", "page-4\""]
        .iter()
        .map(|id| out.find(id).expect("every marker"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{out}");
}

#[test]
fn words_are_looked_for_after_the_page_s_heading_and_the_marker_before() {
    let body =
        "<p>same words</p>\n<h2 id=\"later\">Later</h2>\n<p>same words</p>\n<p>same words</p>\n";
    let mut s = start("9", "same words");
    s.section = "later".into();
    let (out, _) = placed(body, &[s, start("10", "same words")]);
    assert!(
        out.contains(&format!(
            "Later</h2>\n{}<p>same words</p>\n{}<p>same",
            mark("9"),
            mark("10")
        )),
        "{out}"
    );
}

#[test]
fn a_caption_hidden_from_screen_readers_is_marked_before_its_figure() {
    let body = "<p>before</p>\n<figure class=\"figure\"><img src=\"a.png\" alt=\"A map\"/>\
                <figcaption aria-hidden=\"true\">A map</figcaption></figure>\n";
    let (out, _) = placed(body, &[start("3", "A map")]);
    assert!(
        out.contains(&format!("{}<figure class", mark("3"))),
        "{out}"
    );
}

#[test]
fn ids_are_unique_and_escaped_text_is_compared_as_text() {
    let body = "<h2 id=\"page-7\">Page 7</h2>\n<p>Tom &amp; Jerry &lt;3</p>\n";
    let refs = [start("7", "Tom & Jerry <3")];
    let refs: Vec<&PageStart> = refs.iter().collect();
    let (out, markers) = place(&doc(body), &refs);
    assert_eq!(markers[0].id, "page-7-2");
    assert!(
        out.contains("id=\"page-7-2\" aria-label=\"7\"/><p>Tom &amp;"),
        "{out}"
    );
}

#[test]
fn the_page_list_links_every_marker_in_order() {
    let m = |label: &str| Marker {
        label: label.into(),
        id: format!("page-{label}"),
        placed: Placed::Exact,
    };
    let nav = nav(&[
        ("contents.xhtml", &[m("iii")][..]),
        ("ch01.xhtml", &[m("1"), m("2")][..]),
    ]);
    assert_eq!(
        nav,
        "<nav epub:type=\"page-list\" hidden=\"hidden\">\n<ol>\n\
         <li><a href=\"contents.xhtml#page-iii\">iii</a></li>\n\
         <li><a href=\"ch01.xhtml#page-1\">1</a></li>\n\
         <li><a href=\"ch01.xhtml#page-2\">2</a></li>\n</ol>\n</nav>\n"
    );
}

#[test]
fn a_page_whose_later_lines_differ_is_found_by_its_first_line() {
    // The print edition set the chapter's title twice (an anchor before its heading).
    let body = "<p>x</p>\n<h1 id=\"closures\">Closures</h1>\n<p>Rust’s closures are anonymous functions</p>\n";
    let mut s = start("463", "Closures\nClosures\nRust’s closures are anonymous");
    s.section = "closures".into();
    let (out, how) = placed(body, &[s]);
    assert!(
        out.contains(&format!("{}<h1 id=\"closures\">", mark("463"))),
        "{out}"
    );
    assert_eq!(how, [Placed::Prefix]);
}
