//! The budget an SVG is drawn within (issue 12): an SVG is a program as much as a picture, and a
//! few hundred bytes of it can ask for minutes of work or gigabytes (a morphology filter of
//! radius 100 costs 40,000 reads per pixel; `<use>` of a group of `<use>`s doubles at every
//! level; usvg lays out one `<text>` in time that grows with the square of its length).
//!
//! Two passes, both linear in the file:
//! 1. [`prescan`] reads the XML once (roxmltree, the parser usvg itself uses, so the document it
//!    builds is handed on to usvg and not parsed twice) and counts what usvg would build:
//!    elements, nesting, characters of text and filter primitives, each *as expanded* through
//!    `<use>`, `url(#…)` references (markers once per vertex) and SVGs inside `data:` URLs.
//!    It refuses before usvg spends anything on an expanded tree or on text layout.
//! 2. [`measure`] walks usvg's tree and estimates the pixel work of drawing it at a scale, in
//!    the bands `svg::render` draws: painted area, layers, and each filter primitive's region
//!    times its cost per pixel (a morphology's window, a convolution's kernel…).
//!
//! Past the budget the image is refused at its place, never drawn without the part that costs
//! too much: the EPUB keeps the SVG as it is, so a filter dropped from the PDF only would make
//! the two editions differ silently, and an author who drew a shadow or an outline expects to
//! see it or to be told. The message says what was counted and how far over it is.
//!
//! The limits are far above what drawing programs export (draw.io, Inkscape, matplotlib,
//! mermaid diagrams have hundreds to a few thousand elements, some shadows of small blur
//! radius) and keep the worst accepted image to about two seconds and 200 MiB of drawing.

use std::collections::HashMap;

use resvg::usvg;

/// Most elements, counted as usvg expands them (`<use>` copies its target, a marker is drawn
/// at each vertex). Every band of the drawing visits every element, so this bounds the tree
/// walks as well as usvg's memory (a few hundred bytes per element).
pub const MAX_ELEMENTS: u64 = 100_000;
/// Deepest nesting of elements (expanded). usvg and resvg recurse once per level; drawing
/// programs rarely nest past 20.
pub const MAX_DEPTH: u64 = 256;
/// Most characters of text in all of the SVG's `<text>` elements.
pub const MAX_TEXT_CHARS: u64 = 100_000;
/// Most characters in one `<text>`: usvg's layout of one text chunk takes time that grows with
/// the square of its length (0.3 s at 10,000 characters, 8 s at 50,000). A label or a
/// paragraph of a figure is a few hundred.
pub const MAX_TEXT_ELEMENT_CHARS: u64 = 10_000;
/// Most filter primitives drawn (a filter used by ten elements counts ten times).
pub const MAX_FILTER_PRIMITIVES: u64 = 1_000;
/// Most pixel operations (about a nanosecond each) for the whole drawing (see [`measure`]):
/// four seconds of resvg's work on one core, two on this machine's two. A 1000 × 1000 px
/// diagram drawn at 300 dpi has 17 million pixels: painting it all over takes a few hundred
/// million; a blur over all of it, worked out in every band it reaches, about 11 billion
/// (refused: such a shadow can be drawn on each shape instead, or the picture exported as
/// PNG); a blur over a 500 × 400 diagram about 2 billion.
pub const MAX_PIXEL_WORK: u64 = 4_000_000_000;
/// How many levels of SVG inside SVG (`<image href="data:image/svg+xml…">`) are read.
const MAX_NESTED_SVG: u32 = 4;

/// What an SVG asks for, as counted by [`prescan`] and [`measure`] (visible to tests, which
/// assert the growth of this work rather than of wall time).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Elements, expanded.
    pub elements: u64,
    /// Deepest nesting, expanded.
    pub depth: u64,
    /// Characters of text in all `<text>` elements.
    pub text_chars: u64,
    /// Characters of the longest `<text>`.
    pub longest_text: u64,
    /// Filter primitives drawn.
    pub filter_primitives: u64,
    /// Pixel operations to draw the picture (filled in by [`measure`]).
    pub pixel_work: u64,
}

impl Work {
    /// `self` and `other` side by side (`other` a subtree or a copy of one).
    fn add(&mut self, other: &Work, times: u64) {
        self.elements = self
            .elements
            .saturating_add(other.elements.saturating_mul(times));
        self.text_chars = self
            .text_chars
            .saturating_add(other.text_chars.saturating_mul(times));
        self.filter_primitives = self
            .filter_primitives
            .saturating_add(other.filter_primitives.saturating_mul(times));
        self.pixel_work = self
            .pixel_work
            .saturating_add(other.pixel_work.saturating_mul(times));
        self.longest_text = self.longest_text.max(other.longest_text);
        self.depth = self.depth.max(other.depth);
    }

    /// The first limit `self` is past, as the reason for a diagnostic.
    pub fn over_budget(&self) -> Option<String> {
        let n = |v: u64| group_digits(v);
        if self.depth > MAX_DEPTH {
            return Some(format!(
                "the SVG nests its elements more than {} deep (counting what `<use>` copies in), \
                 past terbit's limit for drawing it",
                n(MAX_DEPTH)
            ));
        }
        if self.elements > MAX_ELEMENTS {
            return Some(format!(
                "the SVG has {} elements (counting what `<use>` and markers copy in), more than \
                 the {} terbit draws",
                n(self.elements),
                n(MAX_ELEMENTS)
            ));
        }
        if self.longest_text > MAX_TEXT_ELEMENT_CHARS {
            return Some(format!(
                "one `<text>` of the SVG has {} characters, more than the {} terbit lays out \
                 in one text element (split it, or turn the text into paths)",
                n(self.longest_text),
                n(MAX_TEXT_ELEMENT_CHARS)
            ));
        }
        if self.text_chars > MAX_TEXT_CHARS {
            return Some(format!(
                "the SVG has {} characters of text, more than the {} terbit lays out in one image",
                n(self.text_chars),
                n(MAX_TEXT_CHARS)
            ));
        }
        if self.filter_primitives > MAX_FILTER_PRIMITIVES {
            return Some(format!(
                "the SVG draws {} filter primitives, more than the {} terbit allows in one image",
                n(self.filter_primitives),
                n(MAX_FILTER_PRIMITIVES)
            ));
        }
        if self.pixel_work > MAX_PIXEL_WORK {
            return Some(format!(
                "drawing the SVG at 300 dpi would take about {} million pixel operations \
                 (its filters, blur and morphology radii and painted area), more than the {} \
                 million terbit allows for one image (use smaller filter radii or fewer filters)",
                n(self.pixel_work / 1_000_000),
                n(MAX_PIXEL_WORK / 1_000_000)
            ));
        }
        None
    }
}

fn group_digits(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Options for roxmltree as usvg sets them (a DTD is allowed: Illustrator writes entities).
pub fn xml_options<'input>() -> roxmltree::ParsingOptions<'input> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        // roxmltree's own cap on nodes, a backstop for memory before any counting: well above
        // MAX_ELEMENTS plus the text and comment nodes between elements.
        nodes_limit: 4_000_000,
        ..Default::default()
    }
}

/// Count what `text`, an SVG document, asks usvg to build; `Err` says why it is refused.
pub fn prescan(text: &str) -> Result<Work, String> {
    entity_bound(text)?;
    let doc = roxmltree::Document::parse_with_options(text, xml_options())
        .map_err(|e| format!("not a valid SVG ({e})"))?;
    prescan_doc(&doc, 0)
}

/// [`prescan`] of a document already parsed (the same one is then handed to usvg).
pub fn prescan_doc(doc: &roxmltree::Document, nested: u32) -> Result<Work, String> {
    let mut scan = Scan::new(doc, nested);
    let work = scan.cost(doc.root_element(), 1)?;
    match work.over_budget() {
        Some(why) => Err(why),
        None => Ok(work),
    }
}

/// XML entities are expanded by roxmltree before anything can be counted, and one entity
/// referenced many times can make megabytes of text from a few bytes (roxmltree stops loops
/// and deep nesting, not breadth). Bound the expansion from the declarations: each entity's
/// expanded length, times the references to it.
pub fn entity_bound(text: &str) -> Result<(), String> {
    let Some(start) = text.find("<!ENTITY") else {
        return Ok(());
    };
    // name → (value, expanded length once known)
    let mut values: Vec<(&str, &str)> = Vec::new();
    let mut rest = &text[start..];
    while let Some(i) = rest.find("<!ENTITY") {
        rest = rest[i + 8..].trim_start();
        if rest.starts_with('%') {
            // A parameter entity: roxmltree does not expand those in content.
            continue;
        }
        let name_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let name = &rest[..name_end];
        let after = rest[name_end..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let body = &after[1..];
        let Some(end) = body.find(quote) else { break };
        values.push((name, &body[..end]));
        rest = &body[end..];
    }
    let index: HashMap<&str, usize> = values.iter().enumerate().map(|(i, v)| (v.0, i)).collect();
    // Expanded lengths in declaration order: XML requires an entity to be declared before it is
    // used in another's value, and anything else (a loop) roxmltree refuses itself.
    let mut lengths: Vec<u64> = Vec::with_capacity(values.len());
    for (_, value) in &values {
        let len = expanded_len(value, &index, &lengths);
        lengths.push(len);
    }
    let total = expanded_len(text, &index, &lengths);
    // The text of the whole document as expanded, within a small multiple of the caps above.
    let cap = 64 * 1024 * 1024;
    if total > cap {
        return Err(format!(
            "the SVG's XML entities expand to {} MB of text, more than terbit reads",
            total / 1_000_000
        ));
    }
    Ok(())
}

/// Length of `s` with every reference to a known entity replaced by its expansion.
fn expanded_len(s: &str, index: &HashMap<&str, usize>, lengths: &[u64]) -> u64 {
    let mut total = s.len() as u64;
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        rest = &rest[i + 1..];
        let Some(end) = rest.find(';') else { break };
        if let Some(&k) = index.get(&rest[..end])
            && let Some(len) = lengths.get(k)
        {
            total = total.saturating_add(*len);
        }
        rest = &rest[end..];
    }
    total
}

/// Counting state: the cost of each element once found (so every copy of it costs a lookup).
struct Scan<'a, 'input> {
    ids: HashMap<&'a str, roxmltree::Node<'a, 'input>>,
    memo: HashMap<usize, Option<Work>>,
    /// `url(#…)` targets named in style sheets: any element may pick them up.
    sheet_refs: Vec<&'a str>,
    nested: u32,
}

impl<'a, 'input> Scan<'a, 'input> {
    fn new(doc: &'a roxmltree::Document<'input>, nested: u32) -> Self {
        let mut ids = HashMap::new();
        let mut sheet_refs = Vec::new();
        for node in doc.descendants() {
            if let Some(id) = node.attribute("id") {
                ids.entry(id).or_insert(node);
            }
            if node.is_text()
                && node
                    .parent_element()
                    .is_some_and(|p| p.tag_name().name() == "style")
            {
                sheet_refs.extend(url_refs(node.text().unwrap_or_default()));
            }
        }
        sheet_refs.sort_unstable();
        sheet_refs.dedup();
        Scan {
            ids,
            memo: HashMap::new(),
            sheet_refs,
            nested,
        }
    }

    /// Work of `node`'s subtree as usvg expands it (`depth` its height); `level` is its depth,
    /// which bounds this recursion (refused past MAX_DEPTH, so the stack stays small on any
    /// input, whatever chain of references it holds).
    fn cost(&mut self, node: roxmltree::Node<'a, 'input>, level: u64) -> Result<Work, String> {
        let key = node.id().get_usize();
        match self.memo.get(&key) {
            Some(Some(w)) => return Ok(*w),
            // Being counted: a reference back to an ancestor, which usvg skips.
            Some(None) => return Ok(Work::default()),
            None => {}
        }
        if level > MAX_DEPTH {
            let deep = Work {
                depth: level,
                ..Work::default()
            };
            return Err(deep.over_budget().unwrap_or_default());
        }
        self.memo.insert(key, None);
        let mut work = Work::default();
        let name = node.tag_name().name();
        if name == "text" {
            let chars: u64 = node
                .descendants()
                .filter(|n| n.is_text())
                .map(|n| n.text().unwrap_or_default().chars().count() as u64)
                .sum();
            work.text_chars = chars;
            work.longest_text = chars;
        }
        if name.starts_with("fe")
            && node
                .parent_element()
                .is_some_and(|p| p.tag_name().name() == "filter")
        {
            work.filter_primitives = 1;
        }
        for child in node.children().filter(|c| c.is_element()) {
            let c = self.cost(child, level + 1)?;
            work.add(&c, 1);
        }
        // What this element copies in: `<use href>`, `url(#…)` in its attributes or style,
        // style sheets' references, and an SVG inside a `data:` URL.
        let href = node
            .attribute(("http://www.w3.org/1999/xlink", "href"))
            .or_else(|| node.attribute("href"));
        if let Some(href) = href {
            if matches!(name, "use" | "tref" | "feImage" | "textPath") {
                let target = href
                    .strip_prefix('#')
                    .and_then(|id| self.ids.get(id).copied());
                if let Some(target) = target {
                    let c = self.cost(target, level + 1)?;
                    work.add(&c, 1);
                }
            } else if name == "image" && href.trim_start().starts_with("data:") {
                let nested = self.nested_svg(href)?;
                work.add(&nested, 1);
            }
        }
        let vertices = vertices(node);
        // (target, copies, whether its filter primitives count: a style sheet's selector may
        // match few of the elements it is counted for here, and `measure` counts the
        // primitives usvg really kept)
        let mut refs: Vec<(&str, u64, bool)> = Vec::new();
        for attr in node.attributes() {
            let times = match attr.name() {
                // In `style`, a marker-mid is as costly as in an attribute.
                "marker-mid" | "style" => vertices,
                _ => 1,
            };
            refs.extend(url_refs(attr.value()).map(|r| (r, times, true)));
        }
        if !self.sheet_refs.is_empty() && !is_container_of_defs(name) {
            refs.extend(self.sheet_refs.iter().map(|r| (*r, vertices, false)));
        }
        for (r, times, primitives) in refs {
            if let Some(target) = self.ids.get(r).copied() {
                let mut c = self.cost(target, level + 1)?;
                if !primitives {
                    c.filter_primitives = 0;
                }
                work.add(&c, times);
            }
        }
        work.elements = work.elements.saturating_add(1);
        work.depth += 1;
        if let Some(why) = work.over_budget() {
            return Err(why);
        }
        self.memo.insert(key, Some(work));
        Ok(work)
    }

    /// Work of an SVG inside a `data:` URL (which usvg parses and draws as a picture of its
    /// own), counted into its parent's so that many of them share one budget.
    fn nested_svg(&mut self, href: &str) -> Result<Work, String> {
        let Ok(url) = data_url::DataUrl::process(href.trim()) else {
            return Ok(Work::default());
        };
        let mime = url.mime_type();
        let svg = mime.type_ == "image" && mime.subtype == "svg+xml"
            || mime.type_ == "text" && mime.subtype == "plain";
        if !svg {
            return Ok(Work::default());
        }
        let Ok((data, _)) = url.decode_to_vec() else {
            return Ok(Work::default());
        };
        if self.nested >= MAX_NESTED_SVG {
            return Err("the SVG holds SVGs inside SVGs more than 4 levels deep".into());
        }
        let Ok(text) = std::str::from_utf8(&data) else {
            return Ok(Work::default());
        };
        if !crate::svg::is_svg(text.as_bytes()) {
            // A PNG or JPEG: drawn as pixels, counted by `measure`.
            return Ok(Work::default());
        }
        entity_bound(text)?;
        let Ok(doc) = roxmltree::Document::parse_with_options(text, xml_options()) else {
            // usvg skips an image it cannot read.
            return Ok(Work::default());
        };
        prescan_doc(&doc, self.nested + 1)
    }
}

/// Elements whose content is drawn only where referenced (their cost is counted there).
fn is_container_of_defs(name: &str) -> bool {
    matches!(
        name,
        "defs" | "style" | "filter" | "marker" | "pattern" | "clipPath" | "mask" | "symbol"
    ) || name.starts_with("fe")
        || name.ends_with("Gradient")
        || name == "stop"
}

/// The `#id`s of every `url(#id)` in `s`.
fn url_refs(s: &str) -> impl Iterator<Item = &str> {
    s.match_indices("url(").filter_map(move |(i, _)| {
        let rest = s[i + 4..].trim_start().trim_start_matches(['"', '\'']);
        let rest = rest.strip_prefix('#')?;
        let end = rest
            .find(|c: char| c == ')' || c == '"' || c == '\'' || c.is_whitespace())
            .unwrap_or(rest.len());
        Some(&rest[..end])
    })
}

/// An upper bound on the vertices of a path, polyline or polygon (where `marker-mid` draws a
/// copy of its marker): one per pair of numbers in its geometry, and one for anything else.
fn vertices(node: roxmltree::Node) -> u64 {
    let geometry = node
        .attribute("d")
        .or_else(|| node.attribute("points"))
        .unwrap_or_default();
    let mut numbers = 0u64;
    let mut in_number = false;
    for b in geometry.bytes() {
        let digit = b.is_ascii_digit() || b == b'.';
        if digit && !in_number {
            numbers += 1;
        }
        in_number = digit;
    }
    numbers.div_ceil(2).max(1)
}

// ------------------------------------------------------------------------------ pixel work

/// Costs in pixel operations, about a nanosecond each on one core (measured with the release
/// build: resvg's box blur with its conversions to and from linearRGB took 100–250 ns a
/// pixel; a solid anti-aliased fill about 1 ns). Box blur (σ ≥ 2) is 5 passes each way
/// whatever its radius, IIR blur (σ < 2) about as much.
const BLUR_COST: u64 = 100;
/// A primitive that is one pass over its region, with the colour-space conversions.
const SIMPLE_COST: u64 = 10;
const LIGHTING_COST: u64 = 60;
/// Turbulence per octave: four channels of gradient noise.
const TURBULENCE_OCTAVE_COST: u64 = 60;
/// Fixed cost of visiting an element in one band (resvg builds a raster pipeline per path).
const ELEMENT_COST: u64 = 2_000;
/// Painting a pixel of a path (anti-aliased fill or stroke).
const PAINT_COST: u64 = 1;
/// A layer (opacity, clip, mask, filter): allocated, cleared, drawn into and composited.
const LAYER_COST: u64 = 4;
/// Most pixels of one filter's layer in one band: resvg holds the layer, a back buffer and
/// each named result at once, 4 bytes a pixel, on each core.
pub const MAX_FILTER_LAYER_PIXELS: u64 = 10_000_000;

/// The bands `svg::render` draws a picture of `width` × `height` pixels in: each band is a
/// pixmap of `rows` rows, and resvg clamps a filter's layer to the band's size grown by twice
/// itself above and thrice below (`max_filter_bbox`), so a filter over the whole picture is
/// worked out up to five times, once per band it reaches.
#[derive(Debug, Clone, Copy)]
pub struct Bands {
    pub width: u32,
    pub height: u32,
    pub rows: u32,
}

impl Bands {
    fn count(&self) -> u64 {
        u64::from(self.height.div_ceil(self.rows.max(1)))
    }
}

/// Estimate the pixel operations of drawing `tree` at `scale` in `bands`, into
/// `work.pixel_work`, and refuse past the budget.
pub fn measure(tree: &usvg::Tree, scale: f32, bands: Bands, work: &mut Work) -> Result<(), String> {
    let mut m = Measure {
        scale,
        bands,
        pixel_work: 0,
        primitives: 0,
        depth: 0,
        largest_layer: 0,
    };
    m.group(tree.root());
    work.pixel_work = m.pixel_work;
    work.filter_primitives = work.filter_primitives.max(m.primitives);
    if m.largest_layer > MAX_FILTER_LAYER_PIXELS {
        return Err(format!(
            "a filter of the SVG would work on {} million pixels at once when drawn at 300 dpi, \
             more than the {} million terbit allows (give the filter a smaller region)",
            group_digits(m.largest_layer / 1_000_000),
            MAX_FILTER_LAYER_PIXELS / 1_000_000
        ));
    }
    match work.over_budget() {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

struct Measure {
    scale: f32,
    bands: Bands,
    pixel_work: u64,
    primitives: u64,
    depth: u32,
    /// Pixels of the largest filter layer in one band.
    largest_layer: u64,
}

impl Measure {
    fn add(&mut self, v: u64) {
        self.pixel_work = self.pixel_work.saturating_add(v);
    }

    /// Pixels of `r` (in the SVG's user units, absolute) drawn at scale, within the picture.
    fn area(&self, r: usvg::Rect) -> u64 {
        let s = self.scale;
        let (w, h) = (self.bands.width as f32, self.bands.height as f32);
        let x0 = (r.left() * s).clamp(0.0, w);
        let x1 = (r.right() * s).clamp(0.0, w);
        let y0 = (r.top() * s).clamp(0.0, h);
        let y1 = (r.bottom() * s).clamp(0.0, h);
        ((x1 - x0).max(0.0).ceil() as u64) * ((y1 - y0).max(0.0).ceil() as u64)
    }

    /// Pixels of a filter region `r` summed over the bands, each band's layer clamped as
    /// resvg clamps it.
    fn filter_area(&mut self, r: usvg::Rect) -> u64 {
        let s = self.scale;
        let b = &self.bands;
        let (w, rows) = (b.width as f32, b.rows as f32);
        let x0 = (r.left() * s).max(-2.0 * w);
        let x1 = (r.right() * s).min(3.0 * w);
        let cols = (x1 - x0).max(0.0).ceil() as u64;
        if cols == 0 {
            return 0;
        }
        let (y0, y1) = (r.top() * s, r.bottom() * s);
        let mut total = 0u64;
        for i in 0..b.count() {
            let top = i as f32 * rows;
            let lo = y0.max(top - 2.0 * rows);
            let hi = y1.min(top + 3.0 * rows);
            let pixels = cols.saturating_mul((hi - lo).max(0.0).ceil() as u64);
            self.largest_layer = self.largest_layer.max(pixels);
            total = total.saturating_add(pixels);
        }
        total
    }

    fn group(&mut self, g: &usvg::Group) {
        // usvg's tree is as deep as the XML (bounded by the prescan), plus a few levels.
        if self.depth > MAX_DEPTH as u32 * 2 {
            return;
        }
        self.depth += 1;
        for node in g.children() {
            self.node(node);
        }
        self.depth -= 1;
    }

    fn node(&mut self, node: &usvg::Node) {
        self.add(ELEMENT_COST.saturating_mul(self.bands.count()));
        match node {
            usvg::Node::Group(g) => {
                let layered = g.should_isolate() || !g.filters().is_empty();
                if layered {
                    let layer = g.abs_layer_bounding_box().to_rect();
                    self.add(LAYER_COST.saturating_mul(self.area(layer)));
                }
                for filter in g.filters() {
                    self.filter(filter, g.abs_transform());
                }
                self.group(g);
            }
            usvg::Node::Path(p) => {
                let area = self.area(p.abs_stroke_bounding_box());
                self.add(PAINT_COST.saturating_mul(area));
                // A pattern is drawn into a tile of its own for every path it fills.
                let mut tiles = Vec::new();
                for paint in [p.fill().map(|f| f.paint()), p.stroke().map(|s| s.paint())]
                    .into_iter()
                    .flatten()
                {
                    if let usvg::Paint::Pattern(pat) = paint {
                        tiles.push(pat.clone());
                    }
                }
                for pat in tiles {
                    self.add(LAYER_COST.saturating_mul(area));
                    self.group(pat.root());
                }
            }
            usvg::Node::Image(img) => {
                self.add(LAYER_COST.saturating_mul(self.area(img.abs_bounding_box())));
                if let usvg::ImageKind::SVG(tree) = img.kind() {
                    self.group(tree.root());
                }
            }
            usvg::Node::Text(t) => self.group(t.flattened()),
        }
        // Clip paths and masks are drawn as layers of their own.
        if let usvg::Node::Group(g) = node {
            if let Some(clip) = g.clip_path() {
                self.group(clip.root());
            }
            if let Some(mask) = g.mask() {
                self.group(mask.root());
            }
        }
    }

    fn filter(&mut self, filter: &usvg::filter::Filter, ts: usvg::Transform) {
        use usvg::filter::Kind;
        let Some(region) = filter.rect().transform(ts) else {
            return;
        };
        let area = self.filter_area(region.to_rect());
        let (sx, sy) = ts.get_scale();
        let (sx, sy) = (sx * self.scale, sy * self.scale);
        let (max_x, max_y) = (
            (region.width() * self.scale).max(1.0),
            (region.height() * self.scale).max(1.0),
        );
        for primitive in filter.primitives() {
            self.primitives += 1;
            self.add(ELEMENT_COST.saturating_mul(self.bands.count()));
            let per_pixel = match primitive.kind() {
                Kind::GaussianBlur(_) => BLUR_COST,
                Kind::DropShadow(_) => BLUR_COST + 4 * SIMPLE_COST,
                Kind::Morphology(fe) => {
                    // resvg reads the whole (2rx+1) × (2ry+1) window at every pixel.
                    let rx = (fe.radius_x().get() * sx).round().clamp(0.0, max_x) as u64;
                    let ry = (fe.radius_y().get() * sy).round().clamp(0.0, max_y) as u64;
                    (2 * rx + 1).saturating_mul(2 * ry + 1) + SIMPLE_COST
                }
                Kind::ConvolveMatrix(fe) => {
                    let m = fe.matrix();
                    u64::from(m.columns()).saturating_mul(u64::from(m.rows())) + SIMPLE_COST
                }
                Kind::DiffuseLighting(_) | Kind::SpecularLighting(_) => LIGHTING_COST,
                Kind::Turbulence(fe) => {
                    TURBULENCE_OCTAVE_COST.saturating_mul(u64::from(fe.num_octaves()).max(1))
                }
                Kind::Image(fe) => {
                    self.group(fe.root());
                    SIMPLE_COST
                }
                _ => SIMPLE_COST,
            };
            self.add(per_pixel.saturating_mul(area));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(body: &str) -> Result<Work, String> {
        prescan(&format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100\" height=\"100\">{body}</svg>"
        ))
    }

    #[test]
    fn uses_are_counted_as_expanded() {
        // Ten levels of ten copies: 10^10 elements from a few hundred bytes.
        let mut body = String::from("<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
        for i in 1..=10 {
            body.push_str(&format!("<g id=\"l{i}\">"));
            for _ in 0..10 {
                body.push_str(&format!("<use href=\"#l{}\"/>", i - 1));
            }
            body.push_str("</g>");
        }
        body.push_str("</defs><use href=\"#l10\"/>");
        let err = scan(&body).unwrap_err();
        assert!(err.contains("elements"), "{err}");
        // Four levels are fine, and counted: 10^4 rects, plus the uses and groups (the
        // levels in `<defs>` count where they stand too: a bomb is refused unused).
        let cut = body.find("<g id=\"l5\">").unwrap();
        let small = format!("{}</defs><use href=\"#l4\"/>", &body[..cut]);
        let w = scan(&small).unwrap();
        assert!(w.elements > 10_000 && w.elements < 50_000, "{w:?}");
    }

    #[test]
    fn loops_through_use_end() {
        let w =
            scan("<g id=\"a\"><use href=\"#a\"/></g><use xlink:href=\"#b\" id=\"b\"/>").unwrap();
        assert!(w.elements < 10, "{w:?}");
    }

    #[test]
    fn markers_count_once_per_vertex() {
        let marker = format!(
            "<marker id=\"m\">{}</marker>",
            "<circle r=\"1\"/>".repeat(100)
        );
        let points: String = (0..5_000).map(|i| format!("{i},{i} ")).collect();
        let body = format!("{marker}<polyline points=\"{points}\" marker-mid=\"url(#m)\"/>");
        let err = scan(&body).unwrap_err();
        assert!(err.contains("elements"), "{err}");
    }

    #[test]
    fn text_is_counted_per_element_and_in_all() {
        let w = scan("<text>abc<tspan>déf</tspan></text><text>gh</text>").unwrap();
        assert_eq!((w.text_chars, w.longest_text), (8, 6));
        let long = format!("<text>{}</text>", "a".repeat(10_001));
        assert!(scan(&long).unwrap_err().contains("10,001 characters"));
        let many = format!("<text>{}</text>", "a".repeat(9_000)).repeat(12);
        assert!(
            scan(&many)
                .unwrap_err()
                .contains("108,000 characters of text")
        );
    }

    #[test]
    fn entities_that_expand_to_megabytes_are_refused() {
        let big = "x".repeat(10_000);
        let refs = "&big;".repeat(10_000);
        let svg = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY big \"{big}\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>{refs}</text></svg>"
        );
        assert!(prescan(&svg).unwrap_err().contains("entities"));
        // Illustrator's entities are fine.
        let ok = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">]><svg xmlns=\"&ns_svg;\"/>";
        assert!(prescan(ok).is_ok());
    }

    #[test]
    fn deep_nesting_is_refused_without_deep_recursion() {
        let deep = format!("{}{}", "<g>".repeat(300), "</g>".repeat(300));
        assert!(scan(&deep).unwrap_err().contains("deep"));
        let fine = format!("{}{}", "<g>".repeat(100), "</g>".repeat(100));
        assert_eq!(scan(&fine).unwrap().depth, 101);
    }
}
