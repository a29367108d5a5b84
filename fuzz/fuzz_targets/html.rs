//! Bytes → the HTML sanitizer: the tree it keeps, written as XHTML, must be well-formed XML,
//! hold only whitelisted elements, and nest no deeper than its cap; and it must take time
//! linear in the input (libFuzzer's timeout catches the rest).

#![no_main]

use libfuzzer_sys::fuzz_target;
use terbit::document::html::{self, Kind, Node};

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let fragment = html::parse(&src);
    let xhtml = html::to_xhtml(&fragment.nodes);
    let doc = format!("<r>{xhtml}</r>");
    if let Err(e) = roxmltree::Document::parse(&doc) {
        panic!("not well-formed ({e}): {doc}");
    }
    check(&fragment.nodes, 0);
    let _ = html::text_content(&src);
});

fn check(nodes: &[Node], depth: usize) {
    assert!(depth <= html::MAX_DEPTH, "nested deeper than the cap");
    for n in nodes {
        if let Node::Element(e) = n {
            let (name, kind) = html::kind(e.name);
            assert!(matches!(kind, Kind::Normal | Kind::Void), "{name} kept");
            for (attr, value) in &e.attrs {
                assert!(!attr.starts_with("on"), "event handler kept");
                if matches!(*attr, "href" | "src") {
                    let v: String = value.chars().filter(|c| !c.is_control()).collect();
                    let v = v.trim().to_ascii_lowercase();
                    assert!(!v.starts_with("javascript:"), "script URL kept: {value}");
                }
            }
            check(&e.children, depth + 1);
        }
    }
}
