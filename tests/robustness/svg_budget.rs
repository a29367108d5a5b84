//! SVG images drawn within a budget (issue 12): filters, text, elements and nesting are counted
//! before anything costly is done; past the budget the image is refused at its place, within it
//! the image is drawn. Work is asserted by the budget's counters, never by wall time.

use super::*;

use terbit::svg_budget::{
    MAX_DEPTH, MAX_ELEMENTS, MAX_PIXEL_WORK, MAX_TEXT_CHARS, MAX_TEXT_ELEMENT_CHARS,
};

/// A 1000 × 1000 SVG around `body` (as bench/bounded.py writes them).
fn svg(body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"1000\" \
         viewBox=\"0 0 1000 1000\">{body}</svg>"
    )
}

/// A `side` × `side` square drawn through a filter of `primitives`.
fn filtered(primitives: &str, side: u32) -> String {
    svg(&format!(
        "<filter id=\"f\">{primitives}</filter>\
         <rect width=\"{side}\" height=\"{side}\" fill=\"red\" filter=\"url(#f)\"/>"
    ))
}

fn blur(sd: u32) -> String {
    filtered(&format!("<feGaussianBlur stdDeviation=\"{sd}\"/>"), 200)
}

fn morphology(radius: f32) -> String {
    filtered(&format!("<feMorphology radius=\"{radius}\"/>"), 300)
}

fn chained(n: usize) -> String {
    let blurs: String = (0..n)
        .map(|i| format!("<feGaussianBlur stdDeviation=\"50\" result=\"r{i}\"/>"))
        .collect();
    filtered(&blurs, 200)
}

fn text(chars: usize, elements: usize) -> String {
    let one = format!(
        "<text x=\"10\" y=\"50\">{}</text>",
        "kata ".repeat(chars / 5)
    );
    svg(&one.repeat(elements))
}

fn rects(n: usize) -> String {
    svg(&(0..n)
        .map(|i| {
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"1\" height=\"1\"/>",
                i % 1000,
                i / 1000
            )
        })
        .collect::<String>())
}

fn nested(n: usize) -> String {
    svg(&format!(
        "{}<rect width=\"9\" height=\"9\"/>{}",
        "<g>".repeat(n),
        "</g>".repeat(n)
    ))
}

fn work(svg: &str) -> terbit::svg_budget::Work {
    terbit::svg::work(svg.as_bytes()).unwrap_or_else(|e| panic!("refused: {e}"))
}

#[test]
fn the_budget_counts_work_that_grows_with_the_input() {
    // Elements and text: counted one for one, so 4n costs 4 times n.
    let (a, b) = (work(&rects(10_000)), work(&rects(40_000)));
    assert_eq!((a.elements, b.elements), (10_001, 40_001));
    let (a, b) = (work(&text(2_000, 5)), work(&text(2_000, 20)));
    assert_eq!((a.text_chars, b.text_chars), (10_000, 40_000));
    assert_eq!((a.longest_text, b.longest_text), (2_000, 2_000));
    assert_eq!(work(&nested(100)).depth, 102);
    // A blur is a fixed number of passes over its region, whatever its radius (resvg's box
    // blur): four times the radius is not four times the work.
    let (a, b) = (work(&blur(2)), work(&blur(8)));
    assert_eq!(a.pixel_work, b.pixel_work);
    // Morphology reads its whole window at every pixel: four times the radius, sixteen times
    // the work, which the budget sees.
    let (a, b) = (work(&morphology(2.0)), work(&morphology(8.0)));
    let ratio = b.pixel_work as f64 / a.pixel_work as f64;
    assert!((5.0..20.0).contains(&ratio), "{ratio}: {a:?} {b:?}");
    // Chained primitives add up.
    let (a, b) = (work(&chained(1)), work(&chained(4)));
    assert_eq!(b.filter_primitives, 4 * a.filter_primitives);
    assert!(b.pixel_work > 3 * a.pixel_work && b.pixel_work < 5 * a.pixel_work);
}

/// Build a book whose chapter shows `g.svg` holding `svg`: Ok, or the error's text.
fn build_svg(name: &str, svg: &str) -> std::result::Result<(), String> {
    let dir = book(
        &format!("svg-{name}"),
        &[
            ("book.yaml", YAML),
            ("01.md", b"# Bab\n\nTeks.\n\n![Gambar](g.svg)\n"),
            ("g.svg", svg.as_bytes()),
        ],
    );
    let out = terbit_build(&dir, &["--format", "epub,pdf"]);
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    if out.status.success() {
        Ok(())
    } else {
        assert_eq!(out.status.code(), Some(1), "{err}");
        Err(err)
    }
}

#[test]
fn each_costly_svg_is_drawn_within_the_budget_and_refused_past_it_at_its_place() {
    // (case, an SVG within the budget, one well past it, what the refusal says)
    let cases: Vec<(&str, String, String, &str)> = vec![
        ("blur", blur(5), chained(60), "pixel operations"),
        (
            "morphology",
            morphology(1.0),
            morphology(100.0),
            "pixel operations",
        ),
        ("chained-filters", chained(2), chained(2_000), "filter"),
        (
            "long-text",
            text(MAX_TEXT_ELEMENT_CHARS as usize / 4, 1),
            text(MAX_TEXT_ELEMENT_CHARS as usize * 4, 1),
            "characters, more than",
        ),
        (
            "all-text",
            text(MAX_TEXT_ELEMENT_CHARS as usize / 2, 2),
            text(
                MAX_TEXT_ELEMENT_CHARS as usize / 2,
                4 * MAX_TEXT_CHARS as usize / 5_000,
            ),
            "characters of text",
        ),
        (
            "elements",
            rects(MAX_ELEMENTS as usize / 4),
            rects(MAX_ELEMENTS as usize * 4),
            "elements",
        ),
        (
            "nesting",
            nested(MAX_DEPTH as usize / 4),
            nested(MAX_DEPTH as usize * 4),
            "deep",
        ),
    ];
    for (name, within, past, says) in cases {
        if let Err(e) = build_svg(&format!("{name}-within"), &within) {
            panic!("{name}: an SVG within the budget is refused: {e}");
        }
        let err = build_svg(&format!("{name}-past"), &past)
            .expect_err(&format!("{name}: an SVG past the budget is drawn"));
        assert!(
            err.starts_with("error: ") && err.contains("book/01.md:5:1: image `g.svg`: "),
            "{name}: not at its place: {err}"
        );
        assert!(err.contains(says), "{name}: {err}");
        assert!(err.contains(" — "), "{name}: says how to fix it: {err}");
    }
}

#[test]
fn a_budget_over_four_times_is_refused_and_a_quarter_is_not() {
    // A morphology whose window makes it four times the budget, and one a quarter of it.
    let at = |r: f32| work(&morphology(r)).pixel_work;
    let base = at(1.0);
    assert!(base < MAX_PIXEL_WORK / 4, "{base}");
    let mut r = 1.0;
    while at(r * 2.0) < MAX_PIXEL_WORK / 4 {
        r *= 2.0;
    }
    assert!(at(r) <= MAX_PIXEL_WORK / 4);
    assert!(terbit::svg::check(morphology(r).as_bytes()).is_ok());
    let err = terbit::svg::check(morphology(r * 4.0).as_bytes()).unwrap_err();
    assert!(err.contains("pixel operations"), "{err}");
}

#[test]
fn copies_through_use_and_nested_svgs_share_the_budget() {
    // Ten levels of ten copies (10^10 rectangles) from under 2 KB.
    let mut body = String::from("<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
    for i in 1..=10 {
        body.push_str(&format!("<g id=\"l{i}\">"));
        for _ in 0..10 {
            body.push_str(&format!("<use href=\"#l{}\"/>", i - 1));
        }
        body.push_str("</g>");
    }
    body.push_str("</defs><use href=\"#l10\"/>");
    let err = terbit::svg::check(svg(&body).as_bytes()).unwrap_err();
    assert!(err.contains("elements"), "{err}");
    // An SVG inside an SVG (a data: URL), 100 times: each small, together past the budget.
    let inner = rects(5_000);
    let url = format!(
        "data:image/svg+xml;utf8,{}",
        inner
            .replace('<', "%3C")
            .replace('>', "%3E")
            .replace('"', "'")
    );
    let images = format!("<image width=\"10\" height=\"10\" href=\"{url}\"/>").repeat(100);
    let err = terbit::svg::check(svg(&images).as_bytes()).unwrap_err();
    assert!(err.contains("elements"), "{err}");
    let one = format!("<image width=\"10\" height=\"10\" href=\"{url}\"/>");
    assert!(work(&svg(&one)).elements > 5_000);
}
