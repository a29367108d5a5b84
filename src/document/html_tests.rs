//! Tests of the HTML tokenizer and sanitizer.

use super::*;

fn element(n: &Node) -> &Element {
    match n {
        Node::Element(e) => e,
        Node::Text(t) => panic!("text {t:?}, not an element"),
    }
}

/// The fragment as sanitized XHTML, checked to be well-formed.
fn xhtml(src: &str) -> String {
    let out = to_xhtml(&parse(src).nodes);
    let doc = format!("<r>{out}</r>");
    if let Err(e) = roxmltree::Document::parse(&doc) {
        panic!("not well-formed ({e}): {doc}");
    }
    out
}

#[test]
fn entities_are_decoded() {
    assert_eq!(
        decode_entities("a&nbsp;b &amp; &#x41;&#66; &copy; &HilbertSpace; &bogus; &#0; &#xD800; &"),
        "a\u{a0}b & AB © ℋ &bogus; \u{FFFD} \u{FFFD} &"
    );
    assert_eq!(
        decode_entities("&#12345678;"),
        "&#12345678;",
        "too many digits"
    );
}

#[test]
fn whitelisted_elements_keep_safe_attributes_only() {
    let f = parse(r#"<p class="a b" id="x" style="color:red" onclick="x()">Hi <b>there</b></p>"#);
    let p = element(&f.nodes[0]);
    assert_eq!(p.name, "p");
    assert_eq!(
        p.attrs,
        vec![("class", "a b".to_string()), ("id", "x".to_string())],
        "the id is kept as a link target"
    );
    assert_eq!(
        to_xhtml(&f.nodes),
        r#"<p class="a b">Hi <b>there</b></p>"#,
        "never written"
    );
    assert_eq!(f.removed.len(), 1);
    assert_eq!(f.removed[0].what, "`onclick` attribute");
    assert!(f.clean);
    assert_eq!(
        xhtml(r#"<P CLASS=a>Hi<BR>there<img src="p.png" alt="A &amp; B"></P>"#),
        r#"<p class="a">Hi<br/>there<img src="p.png" alt="A &amp; B"/></p>"#
    );
}

#[test]
fn scripts_styles_and_embedded_content_are_removed_with_their_content() {
    let f = parse(
        "a<script>alert(\"</p>\")</script>b<STYLE>p{}</style>c<iframe src=x>d</iframe>e<svg><svg>\
         </svg>x</svg>f<link rel=x>g<script>never closed",
    );
    let mut text = String::new();
    push_text(&f.nodes, &mut text);
    assert_eq!(text, "abcefg");
    let removed: Vec<&str> = f.removed.iter().map(|r| r.what.as_str()).collect();
    assert_eq!(
        removed,
        [
            "<script> element",
            "<style> element",
            "<iframe> element",
            "<svg> element",
            "<link> element",
            "<script> element"
        ]
    );
}

#[test]
fn script_urls_are_removed_however_written() {
    for href in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "jav&#x61;script:alert(1)",
        " java\tscript:alert(1)",
        "vbscript:x",
        "data:text/html,<script>",
    ] {
        let f = parse(&format!("<a href=\"{href}\">x</a>"));
        let a = element(&f.nodes[0]);
        assert_eq!(a.attr("href"), None, "{href}");
        assert!(f.removed[0].what.ends_with(":` URL"), "{href}");
    }
    let f = parse("<a href=\"https://e.org/?a=1&amp;b=2\" title='t'>x</a>");
    assert_eq!(
        element(&f.nodes[0]).attr("href"),
        Some("https://e.org/?a=1&b=2")
    );
}

#[test]
fn unknown_markup_is_text_unbalanced_tags_go() {
    // A known element never closed, or an end tag closing nothing: its tag goes, its words
    // stay (a reader would see `<a href=…>` printed); unknown markup is text (`Vec<T>`).
    let f = parse("<b>tebal");
    assert!(!f.clean);
    assert_eq!(f.nodes, vec![Node::Text("tebal".into())]);
    assert_eq!(xhtml("x</i>y"), "xy");
    assert_eq!(xhtml("<foo>bar</foo>"), "&lt;foo&gt;bar&lt;/foo&gt;");
    assert_eq!(xhtml("<em>a<b>b</em>c"), "<em>ab</em>c");
    assert_eq!(
        xhtml("a < b, <3, <a href='x"),
        "a &lt; b, &lt;3, &lt;a href='x"
    );
    assert_eq!(
        xhtml("<!DOCTYPE html><?php x ?>"),
        "&lt;!DOCTYPE html&gt;&lt;?php x ?&gt;"
    );
    assert_eq!(xhtml("a<!-- catatan -->b"), "ab");
}

#[test]
fn end_tags_html_lets_authors_leave_out_are_supplied() {
    assert_eq!(
        xhtml("<ul><li>a<li>b</ul><p>x<p>y<table><tr><td>1<td>2<tr><td>3</table>"),
        "<ul><li>a</li><li>b</li></ul><p>x</p><p>y</p><table><tr><td>1</td><td>2</td></tr>\
         <tr><td>3</td></tr></table>"
    );
}

#[test]
fn deep_nesting_is_capped() {
    let depth_of = |nodes: &[Node]| {
        let mut depth = 0;
        let mut level = nodes;
        while let Some(e) = level.iter().find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        }) {
            depth += 1;
            level = &e.children;
        }
        depth
    };
    let n = 200_000;
    let src = "<div>x".repeat(n) + &"</div>".repeat(n);
    let f = parse(&src);
    assert_eq!(depth_of(&f.nodes), MAX_DEPTH);
    assert_eq!(text_content(&src).matches('x').count(), n);
    // Never closed: the tags beyond the cap are text, the words all there.
    let src = "<b>y".repeat(5_000);
    let f = parse(&src);
    let mut text = String::new();
    push_text(&f.nodes, &mut text);
    assert_eq!(text.matches('y').count(), 5_000);
    assert_eq!(text.matches("<b>").count(), 5_000 - MAX_DEPTH);
}

#[test]
fn text_content_is_what_a_reader_reads() {
    assert_eq!(text_content("<sup>2</sup>"), "2");
    assert_eq!(
        text_content("E = mc<sup class=x>2</sup>&nbsp;!"),
        "E = mc2\u{a0}!"
    );
    assert_eq!(
        text_content("<p>a<br>b <img alt=\"peta\" src=p.png></p>"),
        "a\nb peta"
    );
}
