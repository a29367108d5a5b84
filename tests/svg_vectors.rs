//! An SVG figure goes into the PDF as drawing operators, not pixels, and looks as the SVG does:
//! the page rendered by poppler, cut at the figure's place, is compared pixel by pixel with the
//! same SVG drawn by resvg (what terbit drew into the PDF before, and what the EPUB's readers
//! show).

mod common;

use lopdf::{Document, Object, ObjectId};

/// Fills, a gradient, a half-opaque group of overlapping shapes, a clip, a dashed stroke and
/// text: what diagrams carry.
const DIAGRAM: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#1d4e89"/><stop offset="0.6" stop-color="#f2d0a4"/>
      <stop offset="1" stop-color="#c03221"/>
    </linearGradient>
    <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#e0a000"/>
    </radialGradient>
    <clipPath id="round"><circle cx="200" cy="85" r="30"/></clipPath>
  </defs>
  <rect x="0" y="0" width="240" height="50" fill="url(#sky)"/>
  <circle cx="40" cy="85" r="28" fill="url(#sun)" stroke="#333" stroke-width="2"/>
  <g opacity="0.5">
    <rect x="80" y="60" width="50" height="50" fill="#008000"/>
    <rect x="105" y="70" width="50" height="40" fill="#008000"/>
  </g>
  <rect x="160" y="50" width="80" height="70" fill="#7a3b9c" clip-path="url(#round)"/>
  <path d="M5 115 Q 120 40 235 115" fill="none" stroke="#000" stroke-width="3"
        stroke-dasharray="8 4" stroke-linecap="round"/>
  <text x="90" y="30" font-size="18" fill="#ffffff">Peta</text>
</svg>
"##;

#[test]
fn an_svg_figure_is_drawn_as_vectors_that_look_like_the_svg() {
    let dir = common::scratch("svg-vectors");
    std::fs::write(dir.join("book.yaml"), "title: Gambar\nlanguage: id\n").unwrap();
    std::fs::write(
        dir.join("bab.md"),
        "# Bab\n\nSebuah gambar.\n\n![Peta matahari](peta.svg)\n",
    )
    .unwrap();
    std::fs::write(dir.join("peta.svg"), DIAGRAM).unwrap();
    let out = dir.join("out");
    let built =
        terbit::pipeline::build(&dir, &out, &[terbit::pipeline::Format::Pdf]).expect("builds");
    let pdf = &built[0].path;
    let doc = Document::load(pdf).unwrap();

    // No picture at all (the generated cover is drawn too): the figure is a form of drawing
    // operators.
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").ok() == Some(&Object::Name(b"Image".to_vec())))
        .count();
    assert_eq!(images, 0, "pictures in the PDF");
    let (page_no, [x0, y0, x1, y1]) = placement(&doc).expect("the figure is drawn on a page");
    // It is placed at its natural size or smaller, keeping its shape.
    let (w, h) = (x1 - x0, y1 - y0);
    assert!(w > 50.0 && (w / h - 2.0).abs() < 0.02, "{w} × {h}");

    let Some(()) = common::tool("pdftoppm") else {
        return;
    };
    // The page at 144 dpi, and the figure cut from it.
    let prefix = dir.join("page");
    let ran = std::process::Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "144",
            "-f",
            &page_no.to_string(),
            "-l",
            &page_no.to_string(),
        ])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(ran.success());
    let rendered = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .expect("pdftoppm wrote the page");
    let page = image::open(&rendered).unwrap().to_rgb8();
    let scale = 2.0; // 144 dpi: two pixels a point
    let page_h = page.height() as f32;
    let (cx, cy) = ((x0 * scale).round(), (page_h - y1 * scale).round());
    let (cw, ch) = ((w * scale).round() as u32, (h * scale).round() as u32);
    let cut = image::imageops::crop_imm(&page, cx as u32, cy as u32, cw, ch).to_image();

    // The SVG drawn by resvg at the same size, on white.
    let png = terbit::svg::to_png(DIAGRAM.as_bytes(), cw as f32 / 240.0).unwrap();
    let drawn = image::load_from_memory(&png).unwrap().to_rgb8();
    let drawn = image::imageops::resize(&drawn, cw, ch, image::imageops::FilterType::Triangle);

    // Alike overall, and in every patch of 12 × 12 pixels (the worst, where the dashed curve
    // begins, differs by about 35 of 255: poppler and resvg start the dash a pixel apart): a
    // shape missing, a clip lost (a purple corner on white: ~150), a group drawn opaque (~85)
    // or a gradient the wrong way would each make some patch differ by far more.
    let diff = |a: &image::Rgb<u8>, b: &image::Rgb<u8>| {
        (0..3)
            .map(|k| (i32::from(a[k]) - i32::from(b[k])).unsigned_abs())
            .sum::<u32>() as f64
            / 3.0
    };
    let mut total = 0.0;
    let mut worst: (f64, u32, u32) = (0.0, 0, 0);
    const PATCH: u32 = 12;
    for py in (0..ch.saturating_sub(PATCH)).step_by(PATCH as usize) {
        for px in (0..cw.saturating_sub(PATCH)).step_by(PATCH as usize) {
            let mut sum = 0.0;
            for y in py..py + PATCH {
                for x in px..px + PATCH {
                    sum += diff(cut.get_pixel(x, y), drawn.get_pixel(x, y));
                }
            }
            let mean = sum / f64::from(PATCH * PATCH);
            total += sum;
            if mean > worst.0 {
                worst = (mean, px, py);
            }
        }
    }
    let mean = total / f64::from(cw * ch);
    cut.save(dir.join("cut.png")).unwrap();
    drawn.save(dir.join("resvg.png")).unwrap();
    assert!(
        mean < 4.0 && worst.0 < 45.0,
        "the figure differs from resvg's drawing: mean {mean:.1}, worst patch {:.1} at {},{} \
         (see {})",
        worst.0,
        worst.1,
        worst.2,
        dir.display()
    );
    // And the cut is the figure, not an empty place: the sky's blue is there.
    let blue = cut.pixels().filter(|p| p[2] > 100 && p[0] < 60).count();
    assert!(blue > 100, "{blue} blue pixels");
}

/// The page (1-based) and the box, in points, where a form drawn from an SVG (its matrix turns
/// the SVG's y-down units into the unit square) is placed: the current matrix at its `Do`.
fn placement(doc: &Document) -> Option<(u32, [f32; 4])> {
    for (page_no, page_id) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page_id).ok()?;
        let mut ctm = [1.0f32, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut stack = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(ctm),
                "cm" => {
                    let m: Vec<f32> = op.operands.iter().filter_map(number).collect();
                    if m.len() == 6 {
                        ctm = concat([m[0], m[1], m[2], m[3], m[4], m[5]], ctm);
                    }
                }
                "Do" => {
                    let name = op.operands.first()?.as_name().ok()?;
                    if is_vector_form(doc, page_id, name) {
                        let [a, _, _, d, e, f] = ctm;
                        return Some((page_no, [e, f, e + a, f + d]));
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn is_vector_form(doc: &Document, page: ObjectId, name: &[u8]) -> bool {
    let Ok((inline, referenced)) = doc.get_page_resources(page) else {
        return false;
    };
    let dicts = inline.into_iter().chain(
        referenced
            .iter()
            .filter_map(|id| doc.get_dictionary(*id).ok()),
    );
    let Some(xobjects) = dicts
        .filter_map(|r| match r.get(b"XObject").ok()? {
            Object::Reference(id) => doc.get_dictionary(*id).ok(),
            o => o.as_dict().ok(),
        })
        .find(|x| x.has(name))
    else {
        return false;
    };
    let Ok(id) = xobjects.get(name).and_then(Object::as_reference) else {
        return false;
    };
    let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else {
        return false;
    };
    stream.dict.get(b"Subtype").ok() == Some(&Object::Name(b"Form".to_vec()))
        && stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .is_ok_and(|m| m.get(3).and_then(number).is_some_and(|d| d < 0.0))
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// The current matrix after `m cm`, with `ctm` the matrix before.
fn concat(m: [f32; 6], ctm: [f32; 6]) -> [f32; 6] {
    let [a, b, c, d, e, f] = m;
    let [a2, b2, c2, d2, e2, f2] = ctm;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}
