use super::*;

fn tree(svg: &str) -> usvg::Tree {
    usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap()
}

fn content(svg: &str) -> Option<String> {
    convert(&tree(svg)).map(|d| String::from_utf8(d.content).unwrap())
}

#[test]
fn shapes_become_paths_with_their_colours_and_strokes() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
        <rect x="10" y="10" width="30" height="20" fill="#ff0000"/>
        <path d="M0 0 L100 50" stroke="#0000ff" stroke-width="2" stroke-dasharray="4 2"
              stroke-linecap="round" fill="none"/>
    </svg>"##;
    let d = convert(&tree(svg)).unwrap();
    assert_eq!((d.width, d.height), (100.0, 50.0));
    let c = String::from_utf8(d.content).unwrap();
    assert!(c.contains("1 0 0 rg"), "{c}");
    assert!(c.contains("10 10 m"), "{c}");
    assert!(c.contains("0 0 1 RG"), "{c}");
    assert!(c.contains("2 w 1 J"), "{c}");
    assert!(c.contains("[4 2] 0 d"), "{c}");
    assert!(c.contains("100 50 l\nS"), "{c}");
}

#[test]
fn opacity_gradients_and_clips_are_drawn_not_dropped() {
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
        <defs>
          <linearGradient id="g" x1="0" y1="0" x2="1" y2="0">
            <stop offset="0.25" stop-color="#000"/><stop offset="1" stop-color="#fff"/>
          </linearGradient>
          <clipPath id="c"><circle cx="50" cy="50" r="40"/></clipPath>
        </defs>
        <g opacity="0.5"><rect width="60" height="60" fill="#00ff00"/>
          <rect x="30" y="30" width="60" height="60" fill="#00ff00"/></g>
        <rect width="100" height="100" fill="url(#g)" clip-path="url(#c)" fill-opacity="0.8"/>
    </svg>"##;
    let d = convert(&tree(svg)).unwrap();
    let c = String::from_utf8(d.content.clone()).unwrap();
    // The half-opaque group is one transparency group laid at half opacity.
    assert_eq!(d.groups.len(), 1);
    assert!(d.states.contains(&(0.5, 0.5)), "{:?}", d.states);
    assert!(c.contains("/X0 Do"), "{c}");
    // The gradient is a pattern whose stops run from 0 to 1, black until a quarter.
    assert_eq!(d.shadings.len(), 1);
    let stops: Vec<f32> = d.shadings[0].stops.iter().map(|s| s.0).collect();
    assert_eq!(stops, [0.0, 0.25, 1.0]);
    assert!(c.contains("/Pattern cs /P0 scn"), "{c}");
    assert!(c.contains("W n"), "{c}");
    assert!(d.states.contains(&(0.8, 1.0)), "{:?}", d.states);
}

#[test]
fn what_the_drawing_does_not_do_is_left_to_pixels() {
    let filtered = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
        <filter id="b"><feGaussianBlur stdDeviation="2"/></filter>
        <rect width="10" height="10" filter="url(#b)"/></svg>"##;
    assert!(content(filtered).is_none());
    let masked = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
        <mask id="m"><rect width="5" height="10" fill="#fff"/></mask>
        <rect width="10" height="10" mask="url(#m)"/></svg>"##;
    assert!(content(masked).is_none());
    let repeating = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
        <linearGradient id="g" spreadMethod="repeat" x2="0.2">
        <stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient>
        <rect width="10" height="10" fill="url(#g)"/></svg>"##;
    assert!(content(repeating).is_none());
    // Shapes clip by their union, which one even-odd clipping path holding them all is not.
    let union = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
        <clipPath id="c" clip-rule="evenodd"><circle cx="4" cy="5" r="3"/>
        <circle cx="6" cy="5" r="3"/></clipPath>
        <rect width="10" height="10" clip-path="url(#c)"/></svg>"##;
    assert!(content(union).is_none());
    let one = union.replace(r#"<circle cx="6" cy="5" r="3"/>"#, "");
    assert!(content(&one).unwrap().contains("W* n"));
}

#[test]
fn numbers_are_short_and_never_exponents() {
    assert_eq!(n(1.0).to_string(), "1");
    assert_eq!(n(-0.00001).to_string(), "0");
    assert_eq!(n(0.5).to_string(), "0.5");
    assert_eq!(n(1e-7).to_string(), "0");
    assert_eq!(n(0.123456).to_string(), "0.1235");
    assert_eq!(n(-2500.25).to_string(), "-2500.25");
    assert_eq!(n(f32::NAN).to_string(), "0");
}
