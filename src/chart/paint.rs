//! [`paint`]: a [`Scene`] onto any plotters `DrawingBackend` (canvas in the page, SVG and a
//! recording backend in tests). Only primitives, at the positions layout computed; text is
//! anchored top-left, so plotters never measures text.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBAColor, ShapeStyle};

use super::layout::cursor_marks;
use super::scene::{Dash, Mark, Pt, Scene};
use super::theme::Colour;
use super::FONT_FAMILY;

type PaintResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws the scene. The scene is in CSS pixels; it is scaled to the area's pixel size, so a
/// canvas whose backing store is CSS size × devicePixelRatio is drawn crisp.
pub fn paint<DB: DrawingBackend>(scene: &Scene, area: &DrawingArea<DB, Shift>) -> PaintResult<DB> {
    paint_marks(&scene.marks, scale(scene, area), area)
}

/// Draws the cursor (keyboard or hover) at month `index` on top of a painted scene.
pub fn paint_cursor<DB: DrawingBackend>(
    scene: &Scene,
    index: usize,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    paint_marks(&cursor_marks(scene, index), scale(scene, area), area)
}

fn scale<DB: DrawingBackend>(scene: &Scene, area: &DrawingArea<DB, Shift>) -> f64 {
    let (w, _) = area.dim_in_pixel();
    if scene.size.width > 0.0 && w > 0 {
        w as f64 / scene.size.width
    } else {
        1.0
    }
}

fn rgba(c: Colour) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, c.a as f64 / 255.0)
}

fn stroke(c: Colour, width: f64, s: f64) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: false,
        stroke_width: (width * s).round().max(1.0) as u32,
    }
}

fn fill(c: Colour) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: true,
        stroke_width: 1,
    }
}

fn px(p: Pt, s: f64) -> (i32, i32) {
    ((p.x * s).round() as i32, (p.y * s).round() as i32)
}

/// [`px`] of every point (a loop: one copy for the lines and the polygons).
fn pixels(points: &[Pt], s: f64) -> Vec<(i32, i32)> {
    let mut out = Vec::with_capacity(points.len());
    for &p in points {
        out.push(px(p, s));
    }
    out
}

/// Splits a polyline into the "on" pieces of a dash pattern (lengths scaled by `k`).
pub(crate) fn dash_pieces(points: &[Pt], pattern: &[f64], k: f64) -> Vec<Vec<Pt>> {
    let mut pieces = Vec::new();
    if pattern.is_empty() || points.len() < 2 {
        return vec![points.to_vec()];
    }
    let mut idx = 0; // position in the pattern
    let mut left = pattern[0] * k; // length left in the current dash or gap
    let mut cur: Vec<Pt> = vec![points[0]];
    for seg in points.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let len = a.distance(b);
        let mut done = 0.0;
        while len - done > 1e-9 {
            let take = left.min(len - done);
            done += take;
            left -= take;
            let t = done / len;
            let p = Pt::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
            if idx % 2 == 0 {
                cur.push(p);
            }
            if left <= 1e-9 {
                if idx % 2 == 0 {
                    pieces.push(std::mem::take(&mut cur));
                }
                idx = (idx + 1) % pattern.len();
                left = pattern[idx] * k;
                if idx % 2 == 0 {
                    cur = vec![p];
                }
            }
        }
    }
    if idx % 2 == 0 && cur.len() >= 2 {
        pieces.push(cur);
    }
    pieces.retain(|p| p.len() >= 2);
    pieces
}

fn path<DB: DrawingBackend>(
    points: &[Pt],
    colour: Colour,
    width: f64,
    dash: Dash,
    s: f64,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    let style = stroke(colour, width, s);
    let pieces = match dash.pattern() {
        None => vec![points.to_vec()],
        Some(p) => dash_pieces(points, p, s * width.max(1.0)),
    };
    for piece in pieces {
        let coords = pixels(&piece, s);
        area.draw(&PathElement::new(coords, style))?;
    }
    Ok(())
}

fn paint_marks<DB: DrawingBackend>(
    marks: &[Mark],
    s: f64,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    for mark in marks {
        match mark {
            Mark::Line {
                from,
                to,
                colour,
                width,
                dash,
                ..
            } => path(&[*from, *to], *colour, *width, *dash, s, area)?,
            Mark::Polyline {
                points,
                colour,
                width,
                dash,
                ..
            } => path(points, *colour, *width, *dash, s, area)?,
            Mark::Rect {
                rect,
                fill: f,
                stroke: st,
                ..
            } => {
                let a = px(Pt::new(rect.x, rect.y), s);
                let b = px(Pt::new(rect.right(), rect.bottom()), s);
                if let Some(c) = f {
                    area.draw(&Rectangle::new([a, b], fill(*c)))?;
                }
                if let Some((c, w)) = st {
                    area.draw(&Rectangle::new([a, b], stroke(*c, *w, s)))?;
                }
            }
            Mark::Circle {
                centre,
                radius,
                fill: f,
                stroke: st,
                ..
            } => {
                let c = px(*centre, s);
                let r = (radius * s).round().max(1.0) as u32;
                if let Some(col) = f {
                    area.draw(&Circle::new(c, r, fill(*col)))?;
                }
                if let Some((col, w)) = st {
                    area.draw(&Circle::new(c, r, stroke(*col, *w, s)))?;
                }
            }
            Mark::Polygon {
                points,
                fill: f,
                stroke: st,
                ..
            } => {
                let coords = pixels(points, s);
                area.draw(&Polygon::new(coords.clone(), fill(*f)))?;
                if let Some((c, w)) = st {
                    let mut closed = coords;
                    if let Some(&first) = closed.first() {
                        closed.push(first);
                    }
                    area.draw(&PathElement::new(closed, stroke(*c, *w, s)))?;
                }
            }
            Mark::Text {
                at,
                text,
                font,
                colour,
                ..
            } => {
                if text.is_empty() {
                    continue;
                }
                let weight = if font.bold {
                    FontStyle::Bold
                } else {
                    FontStyle::Normal
                };
                let style = FontDesc::new(FontFamily::Name(FONT_FAMILY), font.size * s, weight)
                    .color(&rgba(*colour))
                    .pos(Pos::new(HPos::Left, VPos::Top));
                // Layout places the line box; centre the em box in it.
                let top = Pt::new(at.x, at.y + (font.line_height() - font.size) / 2.0);
                area.draw(&Text::new(text.as_str(), px(top, s), style))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_cover_the_line_in_pattern() {
        let pieces = dash_pieces(&[Pt::new(0.0, 0.0), Pt::new(20.0, 0.0)], &[6.0, 4.0], 1.0);
        let spans: Vec<(f64, f64)> = pieces.iter().map(|p| (p[0].x, p[p.len() - 1].x)).collect();
        assert_eq!(spans, vec![(0.0, 6.0), (10.0, 16.0)]);
    }

    #[test]
    fn dashes_turn_corners() {
        let pieces = dash_pieces(
            &[Pt::new(0.0, 0.0), Pt::new(4.0, 0.0), Pt::new(4.0, 10.0)],
            &[6.0, 4.0],
            1.0,
        );
        assert_eq!(pieces[0].len(), 3, "{pieces:?}");
        assert_eq!(pieces[0][2], Pt::new(4.0, 2.0));
    }
}
