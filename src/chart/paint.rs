//! [`paint`]: a [`Scene`] onto any plotters `DrawingBackend` (canvas in the page, SVG and a
//! recording backend in tests). Only primitives, at the positions layout computed; text is
//! anchored top-left, so plotters never measures text.
//!
//! The marks are one plotters element, [`Marks`], drawn with one `DrawingArea::draw`; it calls
//! the backend's primitives itself. (One element per primitive, through plotters' `PathElement`,
//! `Rectangle`, `Circle`, `Polygon` and `Text`, cost a copy of `DrawingArea::draw` and of the
//! coordinate mapping for each element type in the wasm.)

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBAColor, ShapeStyle, TextStyle};
use plotters_backend::{BackendCoord, DrawingErrorKind};

use super::layout::cursor_marks;
use super::scene::{Dash, Mark, Pt, Scene};
use super::theme::Colour;
use super::FONT_FAMILY;

type PaintResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draws the scene. The scene is in CSS pixels; it is scaled to the area's pixel size, so a
/// canvas whose backing store is CSS size × devicePixelRatio is drawn crisp.
pub fn paint<DB: DrawingBackend>(scene: &Scene, area: &DrawingArea<DB, Shift>) -> PaintResult<DB> {
    area.draw(&Marks {
        marks: &scene.marks,
        s: scale(scene, area),
    })
}

/// Draws the cursor (keyboard or hover) at month `index` on top of a painted scene.
pub fn paint_cursor<DB: DrawingBackend>(
    scene: &Scene,
    index: usize,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    area.draw(&Marks {
        marks: &cursor_marks(scene, index),
        s: scale(scene, area),
    })
}

fn scale<DB: DrawingBackend>(scene: &Scene, area: &DrawingArea<DB, Shift>) -> f64 {
    let (w, _) = area.dim_in_pixel();
    if scene.size.width > 0.0 && w > 0 {
        w as f64 / scene.size.width
    } else {
        1.0
    }
}

/// Marks in CSS pixels, drawn `s` backend pixels to the CSS pixel.
struct Marks<'a> {
    marks: &'a [Mark],
    s: f64,
}

/// The element's one point is the area's top-left corner, `(0, 0)`: plotters maps it to the
/// backend, which tells [`Marks::draw`] where the area is.
impl<'a> PointCollection<'a, BackendCoord> for &'a Marks<'_> {
    type Point = BackendCoord;
    type IntoIter = std::iter::Once<BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        std::iter::once((0, 0))
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Marks<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut origin: I,
        backend: &mut DB,
        (w, h): (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let (x, y) = origin.next().unwrap_or((0, 0));
        let pen = Pen {
            s: self.s,
            origin: (x, y),
            end: (x + w as i32, y + h as i32),
        };
        paint_marks(self.marks, &pen, backend)
    }
}

/// From CSS pixels to the backend's pixels in the drawing area.
struct Pen {
    /// Backend pixels per CSS pixel.
    s: f64,
    /// The area's top-left and bottom-right corners on the backend.
    origin: BackendCoord,
    end: BackendCoord,
}

impl Pen {
    /// Where `p` is on the backend: scaled, rounded, moved to the area and clamped to it, as
    /// plotters maps an element's points.
    fn px(&self, p: Pt) -> BackendCoord {
        let x = (p.x * self.s).round() as i32 + self.origin.0;
        let y = (p.y * self.s).round() as i32 + self.origin.1;
        (
            x.min(self.end.0).max(self.origin.0),
            y.min(self.end.1).max(self.origin.1),
        )
    }

    /// [`Pen::px`] of every point (a loop: one copy for the lines and the polygons).
    fn pixels(&self, points: &[Pt]) -> Vec<BackendCoord> {
        let mut out = Vec::with_capacity(points.len());
        for &p in points {
            out.push(self.px(p));
        }
        out
    }

    fn stroke(&self, c: Colour, width: f64) -> ShapeStyle {
        ShapeStyle {
            color: rgba(c),
            filled: false,
            stroke_width: (width * self.s).round().max(1.0) as u32,
        }
    }
}

fn rgba(c: Colour) -> RGBAColor {
    RGBAColor(c.r, c.g, c.b, c.a as f64 / 255.0)
}

fn fill(c: Colour) -> ShapeStyle {
    ShapeStyle {
        color: rgba(c),
        filled: true,
        stroke_width: 1,
    }
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
                // Only a piece of two points or more is a line (checked here, not by a
                // `retain` afterwards: smaller in the download).
                if idx % 2 == 0 && cur.len() >= 2 {
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
    pieces
}

fn path<DB: DrawingBackend>(
    points: &[Pt],
    colour: Colour,
    width: f64,
    dash: Dash,
    pen: &Pen,
    backend: &mut DB,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    let style = pen.stroke(colour, width);
    // A solid line is one piece: `dash_pieces` gives the points whole for no pattern.
    let pattern = dash.pattern().unwrap_or(&[]);
    for piece in &dash_pieces(points, pattern, pen.s * width.max(1.0)) {
        backend.draw_path(pen.pixels(piece), &style)?;
    }
    Ok(())
}

fn paint_marks<DB: DrawingBackend>(
    marks: &[Mark],
    pen: &Pen,
    backend: &mut DB,
) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
    for mark in marks {
        match mark {
            Mark::Line {
                from,
                to,
                colour,
                width,
                dash,
                ..
            } => path(&[*from, *to], *colour, *width, *dash, pen, backend)?,
            Mark::Polyline {
                points,
                colour,
                width,
                dash,
                ..
            } => path(points, *colour, *width, *dash, pen, backend)?,
            Mark::Rect {
                rect,
                fill: f,
                stroke: st,
                ..
            } => {
                let a = pen.px(Pt::new(rect.x, rect.y));
                let b = pen.px(Pt::new(rect.right(), rect.bottom()));
                let (a, b) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
                if let Some(c) = f {
                    backend.draw_rect(a, b, &fill(*c), true)?;
                }
                if let Some((c, w)) = st {
                    backend.draw_rect(a, b, &pen.stroke(*c, *w), false)?;
                }
            }
            Mark::Circle {
                centre,
                radius,
                fill: f,
                stroke: st,
                ..
            } => {
                let c = pen.px(*centre);
                let r = (radius * pen.s).round().max(1.0) as u32;
                if let Some(col) = f {
                    backend.draw_circle(c, r, &fill(*col), true)?;
                }
                if let Some((col, w)) = st {
                    backend.draw_circle(c, r, &pen.stroke(*col, *w), false)?;
                }
            }
            Mark::Polygon {
                points,
                fill: f,
                stroke: st,
                ..
            } => {
                backend.fill_polygon(pen.pixels(points), &fill(*f))?;
                if let Some((c, w)) = st {
                    // The outline as a solid path back to the first vertex.
                    let mut closed = points.clone();
                    if let Some(&first) = closed.first() {
                        closed.push(first);
                    }
                    path(&closed, *c, *w, Dash::Solid, pen, backend)?;
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
                // Built whole: `FontDesc::color` would clone the font just made.
                let style = TextStyle {
                    font: FontDesc::new(FontFamily::Name(FONT_FAMILY), font.size * pen.s, weight),
                    color: rgba(*colour).to_backend_color(),
                    pos: Pos::new(HPos::Left, VPos::Top),
                };
                // Layout places the line box; centre the em box in it.
                let top = Pt::new(at.x, at.y + (font.line_height() - font.size) / 2.0);
                backend.draw_text(text, &style, pen.px(top))?;
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
