//! Painting the breakdown's pictures on any plotters `DrawingBackend` (the DPR canvas in the
//! page, the recording backend in tests): the map ([`paint_map`]), a legend swatch
//! ([`paint_swatch`]), the ranked bars ([`paint_bars`]) and a small multiple's class badge
//! ([`paint_badge`]). Primitives only, at positions the pure layouts computed, scaled from CSS
//! px to the area's pixel size like `chart::paint`. Text is anchored explicitly, so plotters
//! never measures it.

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::element::{Circle, PathElement, Polygon, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, RGBColor, ShapeStyle};

use super::geom::Pt;
use super::pattern::pattern_marks;
use super::scene::{Fill, MapScene};
use crate::areas::bars::{Bars, FONT as BAR_FONT};
use crate::areas::multiples::{Badge, BADGE_FONT};
use crate::chart::FONT_FAMILY;

type PaintResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Colours of the lines and text around the areas, by colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapInk {
    /// Borders between areas.
    pub border: &'static str,
    /// The keyboard / hover focus ring.
    pub focus: &'static str,
    /// Text on the page background.
    pub text: &'static str,
    /// Bars of the ranked bars.
    pub bar: &'static str,
}

impl MapInk {
    /// On a light page.
    pub const LIGHT: MapInk = MapInk {
        border: "#505a5f",
        focus: "#0b0c0c",
        text: "#0b0c0c",
        bar: "#2b6ca3",
    };
    /// On a dark page.
    pub const DARK: MapInk = MapInk {
        border: "#b1b4b6",
        focus: "#ffdd00",
        text: "#f3f2f1",
        bar: "#78aedc",
    };
    /// Forced colours / more contrast, light: black on white.
    pub const HIGH_CONTRAST_LIGHT: MapInk = MapInk {
        border: "#000000",
        focus: "#000000",
        text: "#000000",
        bar: "#000000",
    };
    /// Forced colours / more contrast, dark: white on black.
    pub const HIGH_CONTRAST_DARK: MapInk = MapInk {
        border: "#ffffff",
        focus: "#ffffff",
        text: "#ffffff",
        bar: "#ffffff",
    };

    /// The ink for a colour scheme.
    pub fn for_scheme(dark: bool, high_contrast: bool) -> MapInk {
        match (dark, high_contrast) {
            (false, false) => MapInk::LIGHT,
            (true, false) => MapInk::DARK,
            (false, true) => MapInk::HIGH_CONTRAST_LIGHT,
            (true, true) => MapInk::HIGH_CONTRAST_DARK,
        }
    }
}

/// `#rrggbb` → colour (black for anything else, which the tests rule out).
pub fn rgb(hex: &str) -> RGBColor {
    let c = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|s| u8::from_str_radix(s, 16).ok())
            .unwrap_or(0)
    };
    if hex.len() == 7 && hex.starts_with('#') {
        RGBColor(c(1), c(3), c(5))
    } else {
        RGBColor(0, 0, 0)
    }
}

fn stroke(hex: &str, width: f64, s: f64) -> ShapeStyle {
    ShapeStyle {
        color: rgb(hex).into(),
        filled: false,
        stroke_width: (width * s).round().max(1.0) as u32,
    }
}

fn solid(hex: &str) -> ShapeStyle {
    ShapeStyle {
        color: rgb(hex).into(),
        filled: true,
        stroke_width: 1,
    }
}

fn px(p: Pt, s: f64) -> (i32, i32) {
    ((p.0 * s).round() as i32, (p.1 * s).round() as i32)
}

fn scale<DB: DrawingBackend>(css_width: f64, area: &DrawingArea<DB, Shift>) -> f64 {
    let (w, _) = area.dim_in_pixel();
    if css_width > 0.0 && w > 0 {
        w as f64 / css_width
    } else {
        1.0
    }
}

/// One polygon as a single ring: each hole joined to the outer ring by a zero-width cut
/// (a "keyhole"), so a plain polygon fill leaves the holes empty.
fn keyhole(polygon: &[Vec<Pt>]) -> Vec<Pt> {
    let Some((outer, holes)) = polygon.split_first() else {
        return Vec::new();
    };
    let mut ring = outer.clone();
    for hole in holes {
        let Some(&h0) = hole.first() else { continue };
        let Some((j, _)) = ring.iter().enumerate().min_by(|a, b| {
            let d = |p: &Pt| (p.0 - h0.0).powi(2) + (p.1 - h0.1).powi(2);
            d(a.1).total_cmp(&d(b.1))
        }) else {
            continue;
        };
        let join = ring[j];
        let mut cut = vec![join];
        cut.extend(hole.iter().copied());
        cut.push(join);
        ring.splice(j + 1..j + 1, cut);
    }
    ring
}

fn text_style(
    size: f64,
    bold: bool,
    colour: &str,
    h: HPos,
    v: VPos,
) -> plotters::style::TextStyle<'static> {
    FontDesc::new(
        FontFamily::Name(FONT_FAMILY),
        size,
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    )
    .color(&rgb(colour))
    .pos(Pos::new(h, v))
}

/// Draws the map: each area's fill, its pattern, the borders, each area's class symbol at
/// its label anchor, and a focus ring around `focus` (the keyboard or hover area).
pub fn paint_map<DB: DrawingBackend>(
    scene: &MapScene,
    focus: Option<usize>,
    ink: MapInk,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    let s = scale(scene.width, area);
    for a in &scene.areas {
        let Some(entry) = scene.legend.get(a.entry) else {
            continue;
        };
        let fill = entry.fill;
        for poly in &a.polygons {
            let ring: Vec<(i32, i32)> = keyhole(poly).iter().map(|&p| px(p, s)).collect();
            area.draw(&Polygon::new(ring, solid(fill.colour)))?;
        }
        let (lines, dots) = pattern_marks(&a.polygons, fill.pattern, 7.0);
        for (p, q) in lines {
            area.draw(&PathElement::new(
                vec![px(p, s), px(q, s)],
                stroke(fill.ink, 1.0, s),
            ))?;
        }
        // Dots as 2 px squares: as legible as discs and far cheaper to fill on a canvas.
        for d in dots {
            let (x, y) = px(d, s);
            let r = s.round().max(1.0) as i32;
            area.draw(&Rectangle::new(
                [(x - r, y - r), (x + r, y + r)],
                solid(fill.ink),
            ))?;
        }
    }
    // Borders after every fill, so shared borders are drawn on top of both neighbours.
    for a in &scene.areas {
        for ring in a.polygons.iter().flatten() {
            let pts: Vec<(i32, i32)> = ring.iter().map(|&p| px(p, s)).collect();
            area.draw(&PathElement::new(pts, stroke(ink.border, 1.0, s)))?;
        }
    }
    for a in &scene.areas {
        let Some(entry) = scene.legend.get(a.entry) else {
            continue;
        };
        // The symbol on a disc of the area's colour, so it reads over the pattern.
        let r = 10.0;
        area.draw(&Circle::new(
            px(a.anchor, s),
            (r * s).round() as u32,
            solid(entry.fill.colour),
        ))?;
        area.draw(&Circle::new(
            px(a.anchor, s),
            (r * s).round() as u32,
            stroke(entry.fill.ink, 1.0, s),
        ))?;
        area.draw(&Text::new(
            entry.symbol.clone(),
            px(a.anchor, s),
            text_style(13.0 * s, true, entry.fill.ink, HPos::Center, VPos::Center),
        ))?;
    }
    if let Some(a) = focus.and_then(|i| scene.areas.get(i)) {
        for ring in a.polygons.iter().flatten() {
            let pts: Vec<(i32, i32)> = ring.iter().map(|&p| px(p, s)).collect();
            area.draw(&PathElement::new(pts, stroke(ink.focus, 3.0, s)))?;
        }
    }
    Ok(())
}

/// Draws a legend swatch (`size` CSS px square): the fill, its pattern and the symbol.
pub fn paint_swatch<DB: DrawingBackend>(
    fill: Fill,
    symbol: &str,
    size: f64,
    ink: MapInk,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    let s = scale(size, area);
    let square = vec![vec![
        (0.0, 0.0),
        (size, 0.0),
        (size, size),
        (0.0, size),
        (0.0, 0.0),
    ]];
    area.draw(&Rectangle::new(
        [(0, 0), px((size, size), s)],
        solid(fill.colour),
    ))?;
    let (lines, dots) = pattern_marks(&[square], fill.pattern, 7.0);
    for (p, q) in lines {
        area.draw(&PathElement::new(
            vec![px(p, s), px(q, s)],
            stroke(fill.ink, 1.0, s),
        ))?;
    }
    for d in dots {
        area.draw(&Circle::new(
            px(d, s),
            (1.2 * s).round().max(1.0) as u32,
            solid(fill.ink),
        ))?;
    }
    let c = (size / 2.0, size / 2.0);
    area.draw(&Circle::new(
        px(c, s),
        (size * 0.32 * s).round() as u32,
        solid(fill.colour),
    ))?;
    area.draw(&Text::new(
        symbol.to_string(),
        px(c, s),
        text_style(size * 0.5 * s, true, fill.ink, HPos::Center, VPos::Center),
    ))?;
    area.draw(&Rectangle::new(
        [(0, 0), px((size - 1.0, size - 1.0), s)],
        stroke(ink.border, 1.0, s),
    ))?;
    Ok(())
}

/// Draws the ranked bars, with `focus` (a row index) outlined.
pub fn paint_bars<DB: DrawingBackend>(
    bars: &Bars,
    focus: Option<usize>,
    ink: MapInk,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    let s = scale(bars.width, area);
    let size = BAR_FONT.size * s;
    // The force's reference line first, so names, bars and values are drawn over it.
    if let Some((x, _)) = &bars.reference {
        // Dashed: 4 on, 3 off.
        let mut y = 0.0;
        while y < bars.height {
            let y1 = (y + 4.0).min(bars.height);
            area.draw(&PathElement::new(
                vec![px((*x, y), s), px((*x, y1), s)],
                stroke(ink.text, 1.5, s),
            ))?;
            y += 7.0;
        }
    }
    for (i, row) in bars.rows.iter().enumerate() {
        let mid = row.band.y + row.band.h / 2.0;
        area.draw(&Text::new(
            row.name.clone(),
            px((bars.name_right, mid), s),
            text_style(size, false, ink.text, HPos::Right, VPos::Center),
        ))?;
        if let Some(b) = row.bar {
            area.draw(&Rectangle::new(
                [px((b.x, b.y), s), px((b.x + b.w, b.y + b.h), s)],
                solid(ink.bar),
            ))?;
        }
        area.draw(&Text::new(
            row.value_text.clone(),
            px((row.value_at.x, mid), s),
            text_style(size, false, ink.text, HPos::Left, VPos::Center),
        ))?;
        if focus == Some(i) {
            let b = row.band;
            area.draw(&Rectangle::new(
                [
                    px((b.x + 1.0, b.y + 1.0), s),
                    px((b.x + b.w - 1.0, b.y + b.h - 1.0), s),
                ],
                stroke(ink.focus, 2.0, s),
            ))?;
        }
    }
    area.draw(&PathElement::new(
        vec![px((bars.zero_x, 0.0), s), px((bars.zero_x, bars.height), s)],
        stroke(ink.border, 1.0, s),
    ))?;
    Ok(())
}

/// Draws a class badge (its fill and pattern, the symbol, and its words beside it) at the
/// badge's rectangle.
pub fn paint_badge<DB: DrawingBackend>(
    badge: &Badge,
    css_width: f64,
    ink: MapInk,
    area: &DrawingArea<DB, Shift>,
) -> PaintResult<DB> {
    let s = scale(css_width, area);
    let r = badge.rect;
    let side = r.h - 6.0;
    let (x0, y0) = (r.x, r.y + 3.0);
    area.draw(&Rectangle::new(
        [px((x0, y0), s), px((x0 + side, y0 + side), s)],
        solid(badge.fill.colour),
    ))?;
    area.draw(&Rectangle::new(
        [px((x0, y0), s), px((x0 + side, y0 + side), s)],
        stroke(badge.fill.ink, 1.0, s),
    ))?;
    area.draw(&Text::new(
        badge.symbol.clone(),
        px((x0 + side / 2.0, y0 + side / 2.0), s),
        text_style(14.0 * s, true, badge.fill.ink, HPos::Center, VPos::Center),
    ))?;
    area.draw(&Text::new(
        badge.shown.clone(),
        px((x0 + side + 8.0, r.y + r.h / 2.0), s),
        text_style(
            BADGE_FONT.size * s,
            BADGE_FONT.bold,
            ink.text,
            HPos::Left,
            VPos::Center,
        ),
    ))?;
    Ok(())
}
