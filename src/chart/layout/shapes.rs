//! Point markers and the badge arrow: each class has its own shape as well as its colour.

use crate::chart::scene::{Dash, Mark, PointClass, Pt, Rect, Role};
use crate::chart::theme::Theme;
use crate::spc::Side;

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
        PointClass::Improvement => {
            let r = 6.5;
            marks.push(Mark::Polygon {
                role,
                points: vec![
                    Pt::new(c.x, c.y - r),
                    Pt::new(c.x + r, c.y),
                    Pt::new(c.x, c.y + r),
                    Pt::new(c.x - r, c.y),
                ],
                fill: t.improvement,
                stroke: halo,
            })
        }
        PointClass::Concern => {
            let r = 6.5;
            // Points the way the value went: up when high, down when low.
            let s = if side == Some(Side::Low) { -1.0 } else { 1.0 };
            marks.push(Mark::Polygon {
                role,
                points: vec![
                    Pt::new(c.x, c.y - s * r),
                    Pt::new(c.x + r, c.y + s * r * 0.75),
                    Pt::new(c.x - r, c.y + s * r * 0.75),
                ],
                fill: t.concern,
                stroke: halo,
            })
        }
        PointClass::NeutralHigh | PointClass::NeutralLow => {
            let r = 4.5;
            marks.push(Mark::Polygon {
                role,
                points: vec![
                    Pt::new(c.x - r, c.y - r),
                    Pt::new(c.x + r, c.y - r),
                    Pt::new(c.x + r, c.y + r),
                    Pt::new(c.x - r, c.y + r),
                ],
                fill: t.neutral,
                stroke: halo,
            })
        }
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

pub(crate) fn arrow(c: Pt, up: bool, size: f64) -> Vec<Pt> {
    let s = if up { 1.0 } else { -1.0 };
    let h = size / 2.0;
    let shaft = size * 0.18;
    vec![
        Pt::new(c.x, c.y - s * h),
        Pt::new(c.x + h, c.y - s * 0.05 * size),
        Pt::new(c.x + shaft, c.y - s * 0.05 * size),
        Pt::new(c.x + shaft, c.y + s * h),
        Pt::new(c.x - shaft, c.y + s * h),
        Pt::new(c.x - shaft, c.y - s * 0.05 * size),
        Pt::new(c.x - h, c.y - s * 0.05 * size),
    ]
}
