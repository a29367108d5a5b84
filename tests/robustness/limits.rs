//! Bounded work: nesting, alias bombs, sizes, many alike things (part of `robustness`).

use super::*;

#[test]
fn ten_thousand_nested_quotes_and_lists_build_on_a_small_stack() {
    for (name, md) in [
        ("quotes", ">".repeat(10_000) + " dalam *miring*\n"),
        ("lists", "- ".repeat(10_000) + "dalam\n"),
        (
            "indented-lists",
            (0..10_000)
                .map(|i| format!("{}- butir {i}\n", " ".repeat(2 * i)))
                .take(3_000)
                .collect(),
        ),
        ("quoted-lists", "> - ".repeat(5_000) + "dalam\n"),
    ] {
        let dir = book(
            &format!("deep-{name}"),
            &[("book.yaml", YAML), ("01.md", md.as_bytes())],
        );
        let out = dir.parent().unwrap().join("out");
        on_small_stack(move || {
            let outputs = pipeline::build(&dir, &out, &[Format::Epub, Format::Pdf])
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(outputs.len(), 2);
        });
    }
}

#[test]
fn an_alias_bomb_is_refused_by_the_budget() {
    // "Billion laughs": ten anchors, each nine aliases of the one before, inside a value that
    // accepts anything until it is looked at (an author).
    let mut parts = vec!["&a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]".to_string()];
    for i in 1..10 {
        parts.push(format!(
            "&a{i} [{}]",
            vec![format!("*a{}", i - 1); 9].join(",")
        ));
    }
    let yaml = format!(
        "title: Buku\nlanguage: id\nauthors:\n  - [{}]\n",
        parts.join(", ")
    );
    let dir = good_book("alias-bomb");
    let yaml: &'static [u8] = Box::leak(yaml.into_bytes().into_boxed_slice());
    // Refused by the budget (the expansion would be 10^9 values) after at most 50,000 values,
    // not by running out of memory, and the message says why. (How fast is for the benchmark
    // to measure, not for an assertion here.)
    let err = fails_keeping_outputs(&dir, put("book.yaml", yaml), "book/book.yaml:4:");
    assert!(
        err.contains("book.yaml expands to too many values"),
        "{err}"
    );
    assert!(err.contains("anchors and aliases"), "{err}");
}

#[test]
fn a_chapter_over_50_mb_is_refused_before_it_is_read() {
    let dir = good_book("huge-chapter");
    fails_keeping_outputs(
        &dir,
        |b: &Path| {
            let f = std::fs::File::create(b.join("02.md")).unwrap();
            f.set_len(51 * 1024 * 1024).unwrap();
        },
        "book/02.md:1:1: file is larger than 50 MB, the most terbit reads",
    );
}

/// Ids and note lookups are linear: with the quadratic ones this took minutes (a hang shows
/// as a test that does not end; timings belong to the benchmark).
#[test]
fn many_headings_and_notes_alike_take_linear_time() {
    let mut md = String::new();
    for i in 1..=20_000 {
        md.push_str(&format!("## Sama\n\nTeks[^{i}].\n\n"));
    }
    for i in 1..=20_000 {
        md.push_str(&format!("[^{i}]: Catatan.\n"));
    }
    let dir = book(
        "many-alike",
        &[("book.yaml", YAML), ("01.md", md.as_bytes())],
    );
    let out = dir.parent().unwrap().join("out");
    let book = terbit::document::build(&terbit::manuscript::load(&dir).unwrap()).unwrap();
    let ids: Vec<&str> = book.chapters[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            terbit::document::Block::Heading { id, .. } => Some(id.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(ids.len(), 20_000);
    assert_eq!(ids[19_999], "sama-19999");
    pipeline::build(&dir, &out, &[Format::Epub]).unwrap();
}

/// Run `f` on a thread with the default 2 MiB stack of spawned threads. (A hang would show as
/// a test that never ends; how fast it is belongs to the benchmark, not to an assertion here.)
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap();
    handle.join().expect("no panic, no stack overflow");
}
