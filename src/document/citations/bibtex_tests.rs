use super::*;

#[test]
fn placeholder() {
    assert!(to_csl("", "en-US").unwrap().items.is_empty());
}
