//! The choropleth map as a scene: every area's outline in CSS px, where its label goes,
//! which class it is in, the words of its tooltip, and the legend. The web module paints it
//! (with plotters) and uses [`MapScene::hit`], [`MapScene::towards`], [`MapScene::next`] and
//! [`MapScene::prev`] for the pointer and the keyboard; nothing here knows a browser.
//!
//! **Not by colour alone** (WCAG 1.4.1). Every class has three cues besides its colour:
//! - a **symbol** drawn at the area's label anchor and beside its legend swatch: the class
//!   number `1`…`4` for rates (1 = lowest), or the report letter `G` / `A` / `R` for SPC
//!   classes (green improvement, amber stable or shift, red concern), `–` for no data;
//! - a **pattern** over the fill whose density grows with the class (none, dots, diagonal
//!   lines, cross-hatching) for rates, or a distinct pattern per SPC class;
//! - the **tooltip** and the comparisons table (the map's text alternative) say the value
//!   and the class in words.
//!
//! Colours are colour-blind-safe sequential blues for rates, and the RAG colours of the PCC
//! reports (with their letters) for SPC classes; each [`Fill`] names a text colour with at
//! least 4.5:1 contrast for the symbol drawn on it.

use std::collections::BTreeMap;

use crate::areas::{format, Comparison, Figure, Unavailable};
use crate::model::{Area, AreaKind};
use crate::spc::{PccClass, Rag};

use super::geom::{self, Pt};
use super::projection::Projection;

/// A pattern drawn over a fill, so classes differ without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// Plain fill.
    None,
    /// A grid of dots.
    Dots,
    /// Diagonal lines (rising to the right).
    Diagonal,
    /// Diagonal lines both ways.
    Crosshatch,
    /// Horizontal lines.
    Horizontal,
}

/// How a class is filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fill {
    /// Fill colour, `#rrggbb`.
    pub colour: &'static str,
    /// Pattern over the fill.
    pub pattern: Pattern,
    /// Colour of the pattern and of the symbol drawn on this fill (≥ 4.5:1 against it).
    pub ink: &'static str,
}

/// One legend entry: a swatch (fill + symbol) and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    /// The symbol drawn on the swatch and on every area of the class.
    pub symbol: String,
    /// How the swatch is filled.
    pub fill: Fill,
    /// The words, e.g. `1: 10.2 to 14.5 per 1,000` or `G: improvement`.
    pub label: String,
}

/// One area of the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    /// Area code.
    pub code: String,
    /// Area name (drawn as a label where it fits; always in the tooltip).
    pub name: String,
    /// Polygons in CSS px, each a list of closed rings, outer first then holes.
    pub polygons: Vec<Vec<Vec<Pt>>>,
    /// Bounding box in CSS px `(x0, y0, x1, y1)`.
    pub bbox: (f64, f64, f64, f64),
    /// Where the symbol (and a name label) goes: well inside the area.
    pub anchor: Pt,
    /// Index into [`MapScene::legend`].
    pub entry: usize,
    /// The words of the tooltip and of the area's accessible name.
    pub description: String,
}

/// The map, ready to paint.
#[derive(Debug, Clone, PartialEq)]
pub struct MapScene {
    /// CSS px.
    pub width: f64,
    /// CSS px.
    pub height: f64,
    /// The areas that have a boundary, in file order (the keyboard order, the same as the
    /// comparisons table's).
    pub areas: Vec<MapArea>,
    /// What the colours mean, e.g. `Crimes per 1,000 residents, July–September 2022`.
    pub legend_title: String,
    /// Legend entries, lowest class first; the "no data" entry last when some area has no
    /// figure.
    pub legend: Vec<LegendEntry>,
    /// The projection used (for a scale bar or plotting points).
    pub projection: Projection,
}

/// What the map is coloured by.
#[derive(Debug, Clone, Copy)]
pub enum Colouring<'a> {
    /// The current period's rate per 1,000 of a comparison (counts only).
    Rate(&'a Comparison),
    /// The SPC report class of each area's chart (`None`: too few points for limits).
    Spc(&'a BTreeMap<String, Option<PccClass>>),
}

const BLUES: [&str; 4] = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
const BLUE_INK: [&str; 4] = ["#000000", "#000000", "#000000", "#ffffff"];
const RATE_PATTERNS: [Pattern; 4] = [
    Pattern::None,
    Pattern::Dots,
    Pattern::Diagonal,
    Pattern::Crosshatch,
];
/// The fill of "no figure" (a missing period, too few months, no series).
pub const NO_DATA: Fill = Fill {
    colour: "#f0f0f0",
    pattern: Pattern::Horizontal,
    ink: "#000000",
};

/// Most rate classes: 9 CSPs in 4 classes keeps 2–3 areas per class.
pub const MAX_RATE_CLASSES: usize = 4;

/// Builds the map of the areas of `areas` that have a boundary, fitted into `width` ×
/// `height` CSS px (with 8 px padding), coloured by `colouring`. `None` when no area has a
/// boundary or the box is too small to draw in.
pub fn map_scene(
    areas: &[Area],
    colouring: Colouring<'_>,
    width: f64,
    height: f64,
) -> Option<MapScene> {
    let drawn: Vec<&Area> = areas
        .iter()
        .filter(|a| a.boundary.as_ref().is_some_and(|b| !b.is_empty()))
        .collect();
    let all_points = drawn
        .iter()
        .flat_map(|a| a.boundary.iter().flatten().flatten().flatten());
    let bbox = geom::bbox(all_points)?;
    let projection = Projection::fit(bbox, width, height, 8.0)?;

    let (legend_title, mut legend, classes) = classify(&drawn, colouring);
    let no_data_entry = legend.len();
    let mut any_no_data = false;
    let mut out = Vec::with_capacity(drawn.len());
    for (area, (class, description)) in drawn.iter().zip(classes) {
        let polygons: Vec<Vec<Vec<Pt>>> = area
            .boundary
            .iter()
            .flatten()
            .map(|poly| {
                poly.iter()
                    .map(|ring| ring.iter().map(|&p| projection.project(p)).collect())
                    .collect()
            })
            .collect();
        let bbox = geom::bbox(polygons.iter().flatten().flatten()).unwrap_or((0.0, 0.0, 0.0, 0.0));
        let anchor = geom::label_anchor(&polygons)
            .unwrap_or(((bbox.0 + bbox.2) / 2.0, (bbox.1 + bbox.3) / 2.0));
        any_no_data |= class.is_none();
        out.push(MapArea {
            code: area.code.clone(),
            name: area.name.clone(),
            polygons,
            bbox,
            anchor,
            entry: class.unwrap_or(no_data_entry),
            description,
        });
    }
    if any_no_data {
        legend.push(LegendEntry {
            symbol: "\u{2013}".into(),
            fill: NO_DATA,
            label: "\u{2013}: no figure".into(),
        });
    }
    Some(MapScene {
        width,
        height,
        areas: out,
        legend_title,
        legend,
        projection,
    })
}

type Classified = (String, Vec<LegendEntry>, Vec<(Option<usize>, String)>);

fn classify(areas: &[&Area], colouring: Colouring<'_>) -> Classified {
    match colouring {
        Colouring::Rate(c) => classify_rates(areas, c),
        Colouring::Spc(classes) => classify_spc(areas, classes),
    }
}

fn classify_rates(areas: &[&Area], c: &Comparison) -> Classified {
    let span = c.periods.current;
    let title = format!("{} per 1,000 residents, {}", c.measure_name, span.label());
    let rate_of = |code: &str| {
        c.area(code)
            .and_then(|a| a.current_rate)
            .map(|r| r.per_1000)
    };
    // Classes from the CSPs only: the force's rate is their average and would squeeze them.
    let mut values: Vec<f64> = areas
        .iter()
        .filter(|a| a.kind == AreaKind::Csp)
        .filter_map(|a| rate_of(&a.code))
        .filter(|v| v.is_finite())
        .collect();
    values.sort_by(f64::total_cmp);
    let breaks = class_breaks(&values, MAX_RATE_CLASSES);
    let k = breaks.len();
    // With fewer classes than colours, spread them over the ramp (1 class: the middle).
    let shade = |i: usize| {
        if k <= 1 {
            1
        } else {
            i * (BLUES.len() - 1) / (k - 1)
        }
    };
    let legend: Vec<LegendEntry> = breaks
        .iter()
        .enumerate()
        .map(|(i, &(lo, hi))| {
            let s = shade(i);
            let range = if lo == hi {
                format::number(lo, 1)
            } else {
                format!("{} to {}", format::number(lo, 1), format::number(hi, 1))
            };
            LegendEntry {
                symbol: (i + 1).to_string(),
                fill: Fill {
                    colour: BLUES[s],
                    pattern: RATE_PATTERNS[s],
                    ink: BLUE_INK[s],
                },
                label: format!("{}: {range} per 1,000", i + 1),
            }
        })
        .collect();
    let classes = areas
        .iter()
        .map(|a| {
            let row = c.area(&a.code);
            let class = rate_of(&a.code).and_then(|v| breaks.iter().position(|&(lo, hi)| lo <= v && v <= hi));
            let words = match row {
                None => format!("{}: no figure", a.name),
                Some(row) => match (&row.current.figure, row.current_rate) {
                    (Figure::Value { value }, Some(rate)) => {
                        let class_words = match class {
                            Some(i) => format!("; class {} of {}", i + 1, k),
                            None => String::new(),
                        };
                        let change = row
                            .percent_change
                            .map(|p| format!(", {} on {}", format::percent_change(p), c.periods.base.label()))
                            .unwrap_or_default();
                        format!(
                            "{}: {} per 1,000 residents in {} ({} in total{change}; {}){class_words}",
                            a.name,
                            format::number(rate.per_1000, 1),
                            span.label(),
                            format::number(*value, 0),
                            rate.population_note(),
                        )
                    }
                    (Figure::Value { value }, None) => format!(
                        "{}: {} in {} (no population to give a rate)",
                        a.name,
                        format::number(*value, 0),
                        span.label()
                    ),
                    (Figure::Incomplete { missing }, _) => format!(
                        "{}: no figure for {}: {} not published",
                        a.name,
                        span.label(),
                        missing.iter().map(|m| m.long_label()).collect::<Vec<_>>().join(", ")
                    ),
                    (Figure::NotAvailable { why }, _) => format!(
                        "{}: no figure for {} ({})",
                        a.name,
                        span.label(),
                        match why {
                            Unavailable::BeforeData { first } => format!("the data start in {}", first.long_label()),
                            Unavailable::AfterData { last } => format!("the data end in {}", last.long_label()),
                            Unavailable::NoSeries => "no data for this area".into(),
                        }
                    ),
                },
            };
            (class, words)
        })
        .collect();
    (title, legend, classes)
}

/// Splits sorted `values` into at most `k` classes of as equal counts as possible, equal
/// values always in the same class. Returns each class's `(lowest, highest)` member.
pub fn class_breaks(values: &[f64], k: usize) -> Vec<(f64, f64)> {
    let n = values.len();
    if n == 0 || k == 0 {
        return Vec::new();
    }
    let mut classes: Vec<(f64, f64)> = Vec::new();
    let mut start = 0;
    for c in 0..k {
        if start >= n {
            break;
        }
        // Aim for the c-th quantile, then move past ties so equal values stay together.
        let mut end = ((c + 1) * n).div_ceil(k).max(start + 1).min(n);
        while end < n && values[end] == values[end - 1] {
            end += 1;
        }
        classes.push((values[start], values[end - 1]));
        start = end;
    }
    classes
}

/// The legend entry of an SPC report colour (also the class badge of a small multiple), and
/// its position in the SPC legend (G, A, R).
pub fn spc_entry(rag: Rag) -> (usize, LegendEntry) {
    match rag {
        Rag::Green => (
            0,
            LegendEntry {
                symbol: "G".into(),
                fill: Fill {
                    colour: "#1e7b45",
                    pattern: Pattern::Diagonal,
                    ink: "#ffffff",
                },
                label: "G: improvement (green)".into(),
            },
        ),
        Rag::Amber => (
            1,
            LegendEntry {
                symbol: "A".into(),
                fill: Fill {
                    colour: "#f2b134",
                    pattern: Pattern::None,
                    ink: "#000000",
                },
                label: "A: stable, or a shift to look into (amber)".into(),
            },
        ),
        Rag::Red => (
            2,
            LegendEntry {
                symbol: "R".into(),
                fill: Fill {
                    colour: "#b22222",
                    pattern: Pattern::Crosshatch,
                    ink: "#ffffff",
                },
                label: "R: concern (red)".into(),
            },
        ),
    }
}

fn classify_spc(areas: &[&Area], classes: &BTreeMap<String, Option<PccClass>>) -> Classified {
    let legend: Vec<LegendEntry> = [Rag::Green, Rag::Amber, Rag::Red]
        .into_iter()
        .map(|r| spc_entry(r).1)
        .collect();
    let out = areas
        .iter()
        .map(|a| match classes.get(&a.code) {
            Some(Some(class)) => {
                let (i, entry) = spc_entry(class.rag);
                (
                    Some(i),
                    format!("{}: {} ({})", a.name, class.label, entry.label),
                )
            }
            Some(None) => (None, format!("{}: too few months for SPC limits", a.name)),
            None => (None, format!("{}: no data", a.name)),
        })
        .collect();
    ("SPC report class of each area's chart".into(), legend, out)
}

/// An arrow key, for moving the keyboard focus across the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arrow {
    /// Up (north).
    Up,
    /// Down (south).
    Down,
    /// Left (west).
    Left,
    /// Right (east).
    Right,
}

impl MapScene {
    /// Drops the colours for forced-colours / high-contrast mode: every class is drawn in
    /// the page's background with its pattern and symbol in the text colour (black on white,
    /// or white on black when `dark`). The classes stay distinct because their patterns and
    /// symbols differ; the colour was never the only cue.
    pub fn monochrome(&mut self, dark: bool) {
        let (paper, ink) = if dark {
            ("#000000", "#ffffff")
        } else {
            ("#ffffff", "#000000")
        };
        for e in &mut self.legend {
            e.fill.colour = paper;
            e.fill.ink = ink;
        }
    }

    /// The area under CSS px `p`, if any (the topmost in file order when borders touch).
    pub fn hit(&self, p: Pt) -> Option<usize> {
        self.areas.iter().position(|a| {
            p.0 >= a.bbox.0
                && p.0 <= a.bbox.2
                && p.1 >= a.bbox.1
                && p.1 <= a.bbox.3
                && geom::point_in_multipolygon(p, &a.polygons)
        })
    }

    /// The next area in keyboard (file) order, wrapping; the first when nothing has focus.
    pub fn next(&self, from: Option<usize>) -> Option<usize> {
        let n = self.areas.len();
        (n > 0).then(|| from.map_or(0, |i| (i + 1) % n))
    }

    /// The previous area in keyboard order, wrapping; the last when nothing has focus.
    pub fn prev(&self, from: Option<usize>) -> Option<usize> {
        let n = self.areas.len();
        (n > 0).then(|| from.map_or(n - 1, |i| (i + n - 1) % n))
    }

    /// The area whose label anchor lies most nearly in the direction of `arrow` from the
    /// area `from` (distance plus twice the sideways offset), or `None` when there is none
    /// that way (the focus stays).
    pub fn towards(&self, from: usize, arrow: Arrow) -> Option<usize> {
        let o = self.areas.get(from)?.anchor;
        self.areas
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != from)
            .filter_map(|(i, a)| {
                let (dx, dy) = (a.anchor.0 - o.0, a.anchor.1 - o.1);
                let (ahead, side) = match arrow {
                    Arrow::Right => (dx, dy),
                    Arrow::Left => (-dx, dy),
                    Arrow::Down => (dy, dx),
                    Arrow::Up => (-dy, dx),
                };
                (ahead > 0.0).then_some((i, ahead + 2.0 * side.abs()))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }
}
