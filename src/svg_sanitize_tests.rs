use super::*;

const NS: &str =
    "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

fn svg(body: &str) -> String {
    format!("<svg {NS} width=\"10\" height=\"10\">{body}</svg>")
}

fn cleaned(text: &str) -> (String, Vec<(String, usize)>) {
    let c = clean(text.as_bytes()).unwrap().expect("something removed");
    (String::from_utf8(c.data).unwrap(), c.removed)
}

#[test]
fn a_clean_svg_is_left_as_it_is() {
    let text = svg(
        "<defs><linearGradient id=\"g\"/></defs><rect fill=\"url(#g)\" width=\"5\" height=\"5\"/>\
         <use xlink:href=\"#g\"/><image href=\"data:image/png;base64,iVBORw0KGgo=\"/>\
         <text xml:space=\"preserve\">javascript: is only text here</text>",
    );
    assert_eq!(clean(text.as_bytes()), Ok(None));
}

#[test]
fn scripts_events_and_javascript_urls_are_removed() {
    let text = svg(
        "<script>alert(1)</script><rect onload=\"alert(2)\" width=\"5\" height=\"5\"/>\
         <a xlink:href=\" jav&#x09;ascript:alert(3)\"><circle r=\"2\" onclick=\"x()\"/></a>\
         <set attributeName=\"href\" to=\"javascript:alert(4)\"/>",
    );
    let (out, removed) = cleaned(&text);
    for gone in ["script", "onload", "onclick", "alert", "<set"] {
        assert!(!out.contains(gone), "{gone} left in {out}");
    }
    assert!(out.contains("<rect  width=\"5\" height=\"5\"/>"), "{out}");
    let what: Vec<&str> = removed.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        what,
        [
            "`<script>`",
            "the `onload` attribute",
            "a `javascript:` URL",
            "the `onclick` attribute",
            "`<set>`"
        ]
    );
}

#[test]
fn references_outside_the_svg_are_removed_and_fragments_kept() {
    let text = svg(
        "<image href=\"file:///etc/passwd\"/><image xlink:href=\"https://example.com/a.png\"/>\
         <use href=\"other.svg#x\"/><use href=\"#x\"/><g xml:base=\"http://example.com/\"/>\
         <rect style=\"fill:url(http://example.com/p.svg#p);stroke:url(#s)\"/>\
         <style>@import url(https://fonts.example/x.css); .a{fill:url('file:///x#y')}</style>",
    );
    let (out, removed) = cleaned(&text);
    for gone in ["passwd", "example.com", "other.svg", "file:", "@import"] {
        assert!(!out.contains(gone), "{gone} left in {out}");
    }
    assert!(out.contains("<use href=\"#x\"/>"));
    assert!(out.contains("fill:none;stroke:url(#s)"), "{out}");
    assert!(out.contains(".a{fill:none}"), "{out}");
    assert_eq!(
        removed[0],
        (
            "a reference to `file:///etc/passwd` outside the SVG".into(),
            1
        )
    );
}

#[test]
fn an_svg_inside_a_data_url_must_be_clean_itself() {
    use std::fmt::Write;
    let inner = svg("<script>alert(1)</script>");
    let mut encoded = String::new();
    for b in inner.bytes() {
        let _ = write!(encoded, "%{b:02X}");
    }
    let text = svg(&format!("<image href=\"data:image/svg+xml,{encoded}\"/>"));
    let (out, _) = cleaned(&text);
    assert!(!out.contains("data:"));
    let clean_inner = svg("<rect width=\"1\" height=\"1\"/>").replace('"', "'");
    let text = svg(&format!(
        "<image href=\"data:image/svg+xml,{clean_inner}\"/>"
    ));
    assert_eq!(clean(text.as_bytes()), Ok(None));
}

#[test]
fn the_svg_doctype_is_kept_and_outside_ones_removed() {
    let standard = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{}",
        svg("")
    );
    assert_eq!(clean(standard.as_bytes()), Ok(None));
    let other = format!("<!DOCTYPE svg SYSTEM \"file:///etc/passwd\">{}", svg(""));
    let (out, _) = cleaned(&other);
    assert!(out.starts_with("<svg"), "{out}");
    let entity = format!(
        "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>{}",
        svg("<text>&x;</text>")
    );
    assert!(clean(entity.as_bytes()).unwrap_err().contains("external"));
}

#[test]
fn a_script_hidden_in_an_entity_is_refused() {
    let text = format!(
        "<!DOCTYPE svg [<!ENTITY s \"<script>alert(1)</script>\">]>{}",
        svg("&s;")
    );
    match clean(text.as_bytes()) {
        Err(e) => assert!(e.contains("entity"), "{e}"),
        Ok(c) => {
            // Cut where the parser found it: then no script is left.
            let out = String::from_utf8(c.unwrap().data).unwrap();
            assert!(!out.contains("<script"), "{out}");
        }
    }
}
