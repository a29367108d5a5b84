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
    // All of them in one entry, the first three named.
    assert_eq!(
        removed,
        [(
            "6 references outside the SVG (`file:///etc/passwd`, \
             `https://example.com/a.png`, `other.svg#x`, …)"
                .to_string(),
            1
        )]
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

#[test]
fn no_input_makes_it_panic_and_what_it_returns_is_clean() {
    let hostile = svg(
        "<script>a()</script><rect onload=\"b()\" style=\"fill:url(http://x/y)\"/>\
         <image href=\"file:///etc/passwd\"/><style>@import 'x.css';</style>",
    );
    let bytes = hostile.as_bytes();
    // Every prefix, and every byte replaced by a few others.
    let mut inputs: Vec<Vec<u8>> = (0..bytes.len()).map(|n| bytes[..n].to_vec()).collect();
    for i in 0..bytes.len() {
        for b in [b'<', b'>', b'"', b'&', b' ', 0xC3] {
            let mut v = bytes.to_vec();
            v[i] = b;
            inputs.push(v);
        }
    }
    for input in inputs {
        if let Ok(Some(c)) = clean(&input) {
            let text = String::from_utf8(c.data).unwrap();
            let doc = roxmltree::Document::parse_with_options(&text, xml_options()).unwrap();
            // What is left as text is only text: no element or attribute of those kinds.
            for el in doc.descendants().filter(|n| n.is_element()) {
                assert_ne!(el.tag_name().name(), "script", "{text}");
                for a in el.attributes() {
                    assert!(!a.name().starts_with("on"), "{text}");
                    // (A mangled name, `ref="file:…"`, is no reference: left as it is.)
                    let v = a.value();
                    let link = URL_ATTRIBUTES.contains(&a.name());
                    assert!(!(link && v.contains("passwd")), "{text}");
                    assert!(!v.contains("url(http"), "{text}");
                }
            }
        }
    }
}

#[test]
fn css_escapes_and_long_style_sheets() {
    // `u\72l(` is `url(` to a CSS reader: a style with escapes is emptied; other attributes
    // with backslashes (Inkscape's export file names) are left alone.
    let text = svg(
        "<rect style=\"fill:u\\72l(http://x/y)\" inkscape:export-filename=\"C:\\a.png\" \
         xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\"/>",
    );
    let (out, removed) = cleaned(&text);
    assert!(
        out.contains("style=\"\"") && out.contains("C:\\a.png"),
        "{out}"
    );
    assert_eq!(removed.len(), 1, "{removed:?}");
    // 200,000 url()s: scrubbed in one pass.
    let sheet = "a{fill:url(#g)} b{fill:url(http://x/)} ".repeat(100_000);
    let start = std::time::Instant::now();
    let scrubbed = scrub_css(&sheet);
    assert!(start.elapsed().as_secs_f64() < 2.0);
    assert_eq!(scrubbed.matches("url(#g)").count(), 100_000);
    assert!(!scrubbed.contains("http"));
}

#[test]
fn deep_nesting_is_walked_without_recursion() {
    let depth = 200_000;
    let text = svg(&format!(
        "{}<script>x()</script>{}",
        "<g>".repeat(depth),
        "</g>".repeat(depth)
    ));
    let (out, _) = cleaned(&text);
    assert!(!out.contains("script"));
}
