//! An SVG as PDF drawing operators instead of pixels: usvg's tree (shapes already resolved:
//! `use`, styles, units, text turned into outlines) walked into a form XObject, so that a
//! diagram stays sharp at any zoom, its lines as thin as drawn, and a PDF of a book full of
//! diagrams stays small. What the walk draws: paths with solid, linear-gradient and
//! radial-gradient fills and strokes (width, caps, joins, miter limit, dashes), both fill
//! rules, the paint order, transforms, clip paths, and the opacity of paths and groups (a group
//! less than opaque becomes a transparency group of its own, as SVG composes it).
//!
//! An SVG with anything else (masks, filters, patterns, blend modes, embedded pictures,
//! gradients with transparent or repeating stops) is [`convert`]ed to `None` and drawn into
//! pixels as before (`images`): each of those would be a compositing model of its own to
//! write, and a picture drawn by resvg is right where a half-made vector drawing would not be.

use resvg::usvg;
use usvg::tiny_skia_path::{PathSegment, Transform};

/// An SVG converted: the content of its form (in the SVG's own units, y down), and what that
/// content names.
pub struct Drawing {
    /// The SVG's size in its units: the form's box.
    pub width: f32,
    pub height: f32,
    /// The content stream of the form (`/G*` graphics states, `/P*` patterns, `/X*` forms).
    pub content: Vec<u8>,
    /// Transparency groups, drawn by `/X<index>`: content and box.
    pub groups: Vec<(Vec<u8>, [f32; 4])>,
    /// Opacities, set by `/G<index>`: fill and stroke alpha.
    pub states: Vec<(f32, f32)>,
    /// Gradients, painted by `/P<index>`.
    pub shadings: Vec<Shade>,
}

/// A gradient as a shading pattern.
pub struct Shade {
    /// Radial (`[fx fy fr cx cy r]`) or axial (`[x1 y1 x2 y2]`).
    pub radial: bool,
    pub coords: Vec<f32>,
    /// From the gradient's space to the form's.
    pub matrix: [f32; 6],
    /// Offset and colour (RGB, 0–1) of each stop, offsets increasing from 0 to 1.
    pub stops: Vec<Stop>,
}

/// A gradient's stop: its offset and colour (RGB, 0–1).
pub type Stop = (f32, [f32; 3]);

/// `tree` as a drawing, or `None` when it uses what the drawing does not do (see the module's
/// comment).
pub fn convert(tree: &usvg::Tree) -> Option<Drawing> {
    let size = tree.size();
    let mut drawing = Drawing {
        width: size.width(),
        height: size.height(),
        content: Vec::new(),
        groups: Vec::new(),
        states: Vec::new(),
        shadings: Vec::new(),
    };
    let mut out = Vec::new();
    drawing.children(tree.root(), Transform::identity(), &mut out)?;
    drawing.content = out;
    Some(drawing)
}

/// The walk: each node's operators into a content stream, what they name added to the
/// drawing.
impl Drawing {
    /// Draw `group`'s children into `out`; `ctm` maps their coordinates into the space of the
    /// form being written (a pattern's matrix is given in it).
    fn children(&mut self, group: &usvg::Group, ctm: Transform, out: &mut Vec<u8>) -> Option<()> {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => self.group(g, ctm, out)?,
                usvg::Node::Path(p) => self.path(p, ctm, out)?,
                usvg::Node::Text(t) => self.children(t.flattened(), ctm, out)?,
                // An embedded picture: drawn into pixels with the rest.
                usvg::Node::Image(_) => return None,
            }
        }
        Some(())
    }

    fn group(&mut self, group: &usvg::Group, ctm: Transform, out: &mut Vec<u8>) -> Option<()> {
        if group.mask().is_some()
            || !group.filters().is_empty()
            || group.blend_mode() != usvg::BlendMode::Normal
        {
            return None;
        }
        out.extend_from_slice(b"q\n");
        let t = group.transform();
        if !t.is_identity() {
            matrix(out, t);
            out.extend_from_slice(b" cm\n");
        }
        let ctm = ctm.pre_concat(t);
        if let Some(clip) = group.clip_path() {
            clip_path(clip, out)?;
        }
        let opacity = group.opacity().get();
        if opacity < 1.0 {
            // Drawn into a group of its own, then laid down at the group's opacity: shapes of
            // the group that overlap do not show through one another.
            let mut inner = Vec::new();
            self.children(group, Transform::identity(), &mut inner)?;
            let b = group.layer_bounding_box();
            let index = self.groups.len();
            self.groups
                .push((inner, [b.left(), b.top(), b.right(), b.bottom()]));
            let state = self.state(opacity, opacity);
            push(out, format_args!("/G{state} gs /X{index} Do\n"));
        } else {
            self.children(group, ctm, out)?;
        }
        out.extend_from_slice(b"Q\n");
        Some(())
    }

    fn path(&mut self, path: &usvg::Path, ctm: Transform, out: &mut Vec<u8>) -> Option<()> {
        if !path.is_visible() || (path.fill().is_none() && path.stroke().is_none()) {
            return Some(());
        }
        let fill = match path.fill() {
            Some(f) => Some((self.paint(f.paint(), ctm)?, f.opacity().get(), f.rule())),
            None => None,
        };
        let stroke = match path.stroke() {
            Some(s) => Some((self.paint(s.paint(), ctm)?, s.opacity().get(), s)),
            None => None,
        };
        let fill_first = path.paint_order() == usvg::PaintOrder::FillAndStroke;
        out.extend_from_slice(b"q\n");
        let (fa, sa) = (
            fill.as_ref().map_or(1.0, |f| f.1),
            stroke.as_ref().map_or(1.0, |s| s.1),
        );
        if fa < 1.0 || sa < 1.0 {
            let state = self.state(fa, sa);
            push(out, format_args!("/G{state} gs\n"));
        }
        if let Some((paint, _, _)) = &fill {
            paint.set(out, false);
        }
        if let Some((paint, _, s)) = &stroke {
            paint.set(out, true);
            stroke_style(out, s);
        }
        // Fill and stroke in one operator when the fill comes first; else twice.
        let fill_op: &[u8] = match fill.as_ref().map(|f| f.2) {
            Some(usvg::FillRule::EvenOdd) => b"f*",
            Some(_) => b"f",
            None => b"",
        };
        if fill_first || fill.is_none() || stroke.is_none() {
            outline(out, path.data(), Transform::identity());
            let op: &[u8] = match (fill.is_some(), stroke.is_some(), fill_op == b"f*") {
                (true, true, true) => b"B*",
                (true, true, false) => b"B",
                (true, false, _) => fill_op,
                _ => b"S",
            };
            out.extend_from_slice(op);
            out.push(b'\n');
        } else {
            outline(out, path.data(), Transform::identity());
            out.extend_from_slice(b"S\n");
            outline(out, path.data(), Transform::identity());
            out.extend_from_slice(fill_op);
            out.push(b'\n');
        }
        out.extend_from_slice(b"Q\n");
        Some(())
    }

    /// The paint of a fill or stroke whose path is drawn with `ctm`.
    fn paint(&mut self, paint: &usvg::Paint, ctm: Transform) -> Option<Paint> {
        let gradient = |g: &usvg::BaseGradient| -> Option<(Vec<Stop>, [f32; 6])> {
            if g.spread_method() != usvg::SpreadMethod::Pad {
                return None;
            }
            let mut stops = Vec::with_capacity(g.stops().len());
            for s in g.stops() {
                if s.opacity().get() < 1.0 {
                    return None;
                }
                let c = s.color();
                let rgb = [c.red, c.green, c.blue].map(|v| f32::from(v) / 255.0);
                let at = s
                    .offset()
                    .get()
                    .max(stops.last().map_or(0.0, |l: &(f32, _)| l.0));
                stops.push((at, rgb));
            }
            // The colour before the first stop is the first's, after the last the last's.
            if let (Some(&first), Some(&last)) = (stops.first(), stops.last()) {
                if first.0 > 0.0 {
                    stops.insert(0, (0.0, first.1));
                }
                if last.0 < 1.0 {
                    stops.push((1.0, last.1));
                }
            }
            let m = ctm.pre_concat(g.transform());
            Some((stops, [m.sx, m.ky, m.kx, m.sy, m.tx, m.ty]))
        };
        let shade = match paint {
            usvg::Paint::Color(c) => {
                return Some(Paint::Rgb(
                    [c.red, c.green, c.blue].map(|v| f32::from(v) / 255.0),
                ));
            }
            usvg::Paint::LinearGradient(g) => {
                let (stops, matrix) = gradient(g)?;
                Shade {
                    radial: false,
                    coords: vec![g.x1(), g.y1(), g.x2(), g.y2()],
                    matrix,
                    stops,
                }
            }
            usvg::Paint::RadialGradient(g) => {
                let (stops, matrix) = gradient(g)?;
                let (cx, cy, r, fr) = (g.cx(), g.cy(), g.r().get(), g.fr().get());
                if fr >= r {
                    // A focal circle as large as the gradient's: undefined in SVG 2.
                    return None;
                }
                // A focal point outside the circle makes a cone, in PDF as in SVG 2 and resvg.
                Shade {
                    radial: true,
                    coords: vec![g.fx(), g.fy(), fr, cx, cy, r],
                    matrix,
                    stops,
                }
            }
            usvg::Paint::Pattern(_) => return None,
        };
        if shade.stops.is_empty() {
            return None;
        }
        if shade.stops.len() == 1 {
            return Some(Paint::Rgb(shade.stops[0].1));
        }
        self.shadings.push(shade);
        Some(Paint::Pattern(self.shadings.len() - 1))
    }

    /// The graphics state with these alphas (one per pair).
    fn state(&mut self, fill: f32, stroke: f32) -> usize {
        let states = &mut self.states;
        states
            .iter()
            .position(|&s| s == (fill, stroke))
            .unwrap_or_else(|| {
                states.push((fill, stroke));
                states.len() - 1
            })
    }
}

/// A fill's or a stroke's colour.
enum Paint {
    Rgb([f32; 3]),
    /// A shading pattern, by index.
    Pattern(usize),
}

impl Paint {
    fn set(&self, out: &mut Vec<u8>, stroke: bool) {
        match self {
            Paint::Rgb([r, g, b]) => {
                let op = if stroke { "RG" } else { "rg" };
                push(out, format_args!("{} {} {} {op}\n", n(*r), n(*g), n(*b)));
            }
            Paint::Pattern(k) => {
                let (space, op) = if stroke { ("CS", "SCN") } else { ("cs", "scn") };
                push(out, format_args!("/Pattern {space} /P{k} {op}\n"));
            }
        }
    }
}

/// The stroke's width, caps, joins and dashes.
fn stroke_style(out: &mut Vec<u8>, s: &usvg::Stroke) {
    let cap = match s.linecap() {
        usvg::LineCap::Butt => 0,
        usvg::LineCap::Round => 1,
        usvg::LineCap::Square => 2,
    };
    let join = match s.linejoin() {
        usvg::LineJoin::Miter | usvg::LineJoin::MiterClip => 0,
        usvg::LineJoin::Round => 1,
        usvg::LineJoin::Bevel => 2,
    };
    push(
        out,
        format_args!(
            "{} w {cap} J {join} j {} M\n",
            n(s.width().get()),
            n(s.miterlimit().get().max(1.0))
        ),
    );
    if let Some(dashes) = s.dasharray() {
        out.push(b'[');
        for (k, d) in dashes.iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            push(out, format_args!("{}", n(*d)));
        }
        push(out, format_args!("] {} d\n", n(s.dashoffset())));
    }
}

/// Set the clip to `clip` (and the clip paths it is clipped by in turn), in the current space.
fn clip_path(clip: &usvg::ClipPath, out: &mut Vec<u8>) -> Option<()> {
    let mut shapes = Vec::new();
    clip_shapes(clip.root(), clip.transform(), &mut shapes)?;
    if shapes.is_empty() {
        // Nothing to show through: an empty clip.
        out.extend_from_slice(b"0 0 m W n\n");
    } else {
        let even_odd = shapes.iter().any(|(p, _)| {
            p.fill()
                .is_some_and(|f| f.rule() == usvg::FillRule::EvenOdd)
        });
        // Shapes clip by their union; one clipping path holding them all is their union only
        // by the nonzero rule (for shapes turning the same way, as usvg's circles and
        // rectangles do): several shapes any of which is even-odd are drawn into pixels.
        if even_odd && shapes.len() > 1 {
            return None;
        }
        for (path, t) in &shapes {
            outline(out, path.data(), *t);
        }
        out.extend_from_slice(if even_odd { b"W* n\n" } else { b"W n\n" });
    }
    if let Some(inner) = clip.clip_path() {
        clip_path(inner, out)?;
    }
    Some(())
}

/// The shapes of a clip path's `group`, each with the transform into the clipped space.
fn clip_shapes<'t>(
    group: &'t usvg::Group,
    t: Transform,
    shapes: &mut Vec<(&'t usvg::Path, Transform)>,
) -> Option<()> {
    for node in group.children() {
        match node {
            usvg::Node::Path(p) if p.is_visible() => shapes.push((p, t)),
            usvg::Node::Path(_) | usvg::Node::Image(_) => {}
            usvg::Node::Text(text) => clip_shapes(text.flattened(), t, shapes)?,
            usvg::Node::Group(g) => {
                // A shape of a clip path clipped in turn: drawn into pixels instead.
                if g.clip_path().is_some() {
                    return None;
                }
                clip_shapes(g, t.pre_concat(g.transform()), shapes)?;
            }
        }
    }
    Some(())
}

/// The segments of `path`, its points mapped by `t`.
fn outline(out: &mut Vec<u8>, path: &usvg::tiny_skia_path::Path, t: Transform) {
    let map = |p: usvg::tiny_skia_path::Point| {
        let mut p = p;
        t.map_point(&mut p);
        (n(p.x), n(p.y))
    };
    let mut last = (N(0.0), N(0.0));
    for segment in path.segments() {
        match segment {
            PathSegment::MoveTo(p) => {
                let (x, y) = map(p);
                push(out, format_args!("{x} {y} m\n"));
                last = (x, y);
            }
            PathSegment::LineTo(p) => {
                let (x, y) = map(p);
                push(out, format_args!("{x} {y} l\n"));
                last = (x, y);
            }
            PathSegment::QuadTo(c, p) => {
                // A quadratic curve as the cubic that is the same curve.
                let (c, p) = (map(c), map(p));
                let (x0, y0) = (last.0.0, last.1.0);
                let (cx, cy, px, py) = (c.0.0, c.1.0, p.0.0, p.1.0);
                let c1 = (x0 + 2.0 / 3.0 * (cx - x0), y0 + 2.0 / 3.0 * (cy - y0));
                let c2 = (px + 2.0 / 3.0 * (cx - px), py + 2.0 / 3.0 * (cy - py));
                push(
                    out,
                    format_args!(
                        "{} {} {} {} {} {} c\n",
                        n(c1.0),
                        n(c1.1),
                        n(c2.0),
                        n(c2.1),
                        p.0,
                        p.1
                    ),
                );
                last = p;
            }
            PathSegment::CubicTo(c1, c2, p) => {
                let (c1, c2, p) = (map(c1), map(c2), map(p));
                push(
                    out,
                    format_args!("{} {} {} {} {} {} c\n", c1.0, c1.1, c2.0, c2.1, p.0, p.1),
                );
                last = p;
            }
            PathSegment::Close => out.extend_from_slice(b"h\n"),
        }
    }
}

fn matrix(out: &mut Vec<u8>, t: Transform) {
    push(
        out,
        format_args!(
            "{} {} {} {} {} {}",
            n(t.sx),
            n(t.ky),
            n(t.kx),
            n(t.sy),
            n(t.tx),
            n(t.ty)
        ),
    );
}

fn push(out: &mut Vec<u8>, args: std::fmt::Arguments) {
    use std::io::Write as _;
    let _ = out.write_fmt(args);
}

/// A number as PDF writes it: up to four decimals, no exponent, no `-0`.
#[derive(Clone, Copy)]
struct N(f32);

fn n(v: f32) -> N {
    N(if v.is_finite() { v } else { 0.0 })
}

impl std::fmt::Display for N {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let r = (f64::from(self.0) * 10_000.0).round() / 10_000.0;
        if r == 0.0 {
            return f.write_str("0");
        }
        let s = format!("{r:.4}");
        f.write_str(s.trim_end_matches('0').trim_end_matches('.'))
    }
}

#[cfg(test)]
#[path = "vector_tests.rs"]
mod tests;
