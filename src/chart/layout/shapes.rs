//! Point markers and the badge arrow: each class has its own shape as well as its colour.

use crate::chart::scene::{Dash, Mark, PointClass, Pt, Rect, Role};
use crate::chart::theme::Theme;
use crate::spc::Side;

/// Vertices of the polygon markers, in multiples of their size from the centre, y down.
/// (Tables read by one loop: smaller in the download than a `vec!` of computed points per
/// shape.)
const DIAMOND: [(f64, f64); 4] = [(0.0, -1.0), (1.0, 0.0), (0.0, 1.0), (-1.0, 0.0)];
/// Points up; drawn with y flipped to point down.
const TRIANGLE: [(f64, f64); 3] = [(0.0, -1.0), (1.0, 0.75), (-1.0, 0.75)];
const SQUARE: [(f64, f64); 4] = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)];
/// The badge arrow pointing up, in multiples of its height: head, then shaft.
const ARROW: [(f64, f64); 7] = [
    (0.0, -0.5),
    (0.5, -0.05),
    (0.18, -0.05),
    (0.18, 0.5),
    (-0.18, 0.5),
    (-0.18, -0.05),
    (-0.5, -0.05),
];

/// The vertices of `shape` scaled by `size` around `c`, y flipped when `flip`.
fn vertices(shape: &[(f64, f64)], c: Pt, size: f64, flip: bool) -> Vec<Pt> {
    let sy = if flip { -size } else { size };
    let mut points = Vec::with_capacity(shape.len());
    for &(dx, dy) in shape {
        points.push(Pt::new(c.x + size * dx, c.y + sy * dy));
    }
    points
}

/// Pushes the marks of a point marker of `class` centred at `c` onto `marks`: the shape
/// carries the class as well as the colour (WCAG 1.4.1).
pub(crate) fn point_shape(
    class: PointClass,
    side: Option<Side>,
    c: Pt,
    t: &Theme,
    role: Role,
    marks: &mut Vec<Mark>,
) {
    let halo = Some((t.background, 1.0));
    match class {
        PointClass::Common => marks.push(Mark::Circle {
            role,
            centre: c,
            radius: 3.0 * t.weight.sqrt(),
            fill: Some(t.common),
            stroke: None,
        }),
        PointClass::Improvement => marks.push(Mark::Polygon {
            role,
            points: vertices(&DIAMOND, c, 6.5, false),
            fill: t.improvement,
            stroke: halo,
        }),
        // Points the way the value went: up when high, down when low.
        PointClass::Concern => marks.push(Mark::Polygon {
            role,
            points: vertices(&TRIANGLE, c, 6.5, side == Some(Side::Low)),
            fill: t.concern,
            stroke: halo,
        }),
        PointClass::NeutralHigh | PointClass::NeutralLow => marks.push(Mark::Polygon {
            role,
            points: vertices(&SQUARE, c, 4.5, false),
            fill: t.neutral,
            stroke: halo,
        }),
        PointClass::Excluded => {
            let r = 4.5;
            let d = 3.0;
            let w = 1.5 * t.weight;
            marks.push(Mark::Circle {
                role,
                centre: c,
                radius: r,
                fill: Some(t.background),
                stroke: Some((t.common, w)),
            });
            marks.push(Mark::Line {
                role,
                from: Pt::new(c.x - d, c.y - d),
                to: Pt::new(c.x + d, c.y + d),
                colour: t.common,
                width: w,
                dash: Dash::Solid,
            });
            marks.push(Mark::Line {
                role,
                from: Pt::new(c.x - d, c.y + d),
                to: Pt::new(c.x + d, c.y - d),
                colour: t.common,
                width: w,
                dash: Dash::Solid,
            });
        }
        PointClass::Missing => marks.push(Mark::Rect {
            role,
            rect: Rect::new(c.x - 3.5, c.y - 3.5, 7.0, 7.0),
            fill: Some(t.background),
            stroke: Some((t.muted, 1.5 * t.weight)),
        }),
    }
}

/// The badge arrow, `size` high, centred at `c`, pointing up or down.
pub(crate) fn arrow(c: Pt, up: bool, size: f64) -> Vec<Pt> {
    vertices(&ARROW, c, size, !up)
}
