//! Small multiples: one SPC chart per area (the force first, then each CSP) for one measure,
//! in a grid, each with its class badge, so a resident sees at a glance which areas show
//! special cause.
//!
//! Each cell's chart is laid out by [`crate::chart::layout`] at the cell's size, in the cell's
//! own coordinates (origin at the cell's chart rectangle); the web module paints it into a
//! sub-area of the canvas (or its own canvas). Every chart covers every month of the file with
//! the same [`ChartOptions`], so the time axes match from cell to cell (same first and last
//! month, same period shown); only the value axes differ, since areas differ in size.
//!
//! Keyboard and pointer: [`Multiples::cell_at`], [`Multiples::next`], [`Multiples::prev`]
//! and [`Multiples::below`] / [`Multiples::above`] (arrow keys move by grid rows).

use crate::chart::{
    layout, preferred_height, ChartData, ChartOptions, MeasureText, Rect, Scene, Size,
};
use crate::error::{Error, ErrorKind, Location, Result};
use crate::map::scene::{spc_entry, NO_DATA};
use crate::map::Fill;
use crate::model::{AreaKind, Dataset};
use crate::spc::{Profile, Rag};

/// Narrowest cell before the grid drops a column: a chart needs about 300 CSS px to keep its
/// axis labels readable (the chart itself reflows down to 320 px).
pub const MIN_CELL_WIDTH: f64 = 300.0;
/// Space between cells, CSS px.
pub const GAP: f64 = 16.0;
/// Height of the class badge row above each chart, CSS px.
pub const BADGE_HEIGHT: f64 = 28.0;

/// The class badge of a cell: the same symbol, fill and words as the map's SPC legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Badge {
    /// `G`, `A`, `R`, or `–` when there is no class.
    pub symbol: String,
    /// The fill of the badge (the RAG colour with its pattern).
    pub fill: Fill,
    /// The words, e.g. "Significant increasing trend", or why there is no class.
    pub text: String,
    /// [`Badge::text`] shortened with "…" to fit beside the symbol in the cell (the full
    /// words are in the chart's summary and the keyboard announcement).
    pub shown: String,
    /// The report colour, when there is a class.
    pub rag: Option<Rag>,
    /// Where the badge goes, in the multiples' coordinates.
    pub rect: Rect,
}

/// One area's cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Area code.
    pub code: String,
    /// Area name.
    pub name: String,
    /// Force or CSP.
    pub kind: AreaKind,
    /// The whole cell (badge and chart), in the multiples' coordinates.
    pub rect: Rect,
    /// The class badge.
    pub badge: Badge,
    /// Where the chart goes, in the multiples' coordinates; the scene's own coordinates
    /// start at this rectangle's top-left corner.
    pub chart_rect: Rect,
    /// The chart's data (for its tooltips, table and summary) and laid-out scene; `None`
    /// when the measure has no figures for the area (then [`Badge::text`] says so).
    pub chart: Option<(ChartData, Scene)>,
}

/// The grid of small multiples.
#[derive(Debug, Clone, PartialEq)]
pub struct Multiples {
    /// CSS px.
    pub width: f64,
    /// CSS px: the total height the grid needs.
    pub height: f64,
    /// Cells per row.
    pub columns: usize,
    /// The cells, force first, then the CSPs in file order (keyboard order).
    pub cells: Vec<Cell>,
}

/// The font of a badge's words.
pub const BADGE_FONT: crate::chart::Font = crate::chart::Font::bold(14.0);

/// `text`, cut at a word (or character) boundary with "…" so that it is at most `width` CSS
/// px wide in `font`.
pub fn fit_text(text: &str, width: f64, font: crate::chart::Font, m: &dyn MeasureText) -> String {
    if m.width(text, font) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    // The longest prefix that fits with the ellipsis (binary search on characters).
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "\u{2026}";
        if m.width(&candidate, font) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let prefix: String = chars[..lo].iter().collect();
    // Prefer a word boundary when one is not too far back.
    let cut = match prefix.rfind(' ') {
        Some(i) if i * 3 >= lo * 2 => prefix[..i].to_string(),
        _ => prefix,
    };
    format!("{}\u{2026}", cut.trim_end())
}

/// How many columns fit in `width` CSS px for `n` cells (at least 1, at most `n`).
pub fn columns_for(width: f64, n: usize) -> usize {
    let fit = ((width + GAP) / (MIN_CELL_WIDTH + GAP)).floor();
    let fit = if fit.is_finite() && fit >= 1.0 {
        fit as usize
    } else {
        1
    };
    fit.clamp(1, n.max(1))
}

/// Lays out one SPC chart per area of `ds` for `measure_id`, `width` CSS px wide.
///
/// Fails only when the measure is not in the file, or when the engine fails on a series (an
/// error naming the measure and area). An area without figures for the measure gets a cell
/// with no chart and a badge saying so, rather than disappearing.
pub fn small_multiples(
    ds: &Dataset,
    measure_id: &str,
    profile: Profile,
    opts: &ChartOptions,
    width: f64,
    m: &dyn MeasureText,
) -> Result<Multiples> {
    let measure = ds.measure(measure_id).ok_or_else(|| {
        Error::new(
            ErrorKind::NotFound,
            format!("there is no measure \"{measure_id}\" in the data"),
            Location::default().with_measure(measure_id),
        )
    })?;
    let mut order: Vec<&crate::model::Area> = ds
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::Force)
        .collect();
    order.extend(ds.areas.iter().filter(|a| a.kind != AreaKind::Force));

    let width = if width.is_finite() {
        width.max(1.0)
    } else {
        MIN_CELL_WIDTH
    };
    let columns = columns_for(width, order.len());
    let cell_w = ((width - GAP * (columns - 1) as f64) / columns as f64).max(1.0);

    // Charts first, so each row can be as tall as its tallest chart.
    let mut charts = Vec::with_capacity(order.len());
    for area in &order {
        let chart = match measure.series_for(&area.code) {
            None => None,
            Some(_) => Some(ChartData::from_dataset(
                ds, measure_id, &area.code, profile,
            )?),
        };
        let h = chart
            .as_ref()
            .map_or(0.0, |d| preferred_height(d, opts, cell_w, m));
        charts.push((chart, h));
    }

    let mut cells = Vec::with_capacity(order.len());
    let mut y = 0.0;
    for (row_areas, row_charts) in order.chunks(columns).zip(charts.chunks(columns)) {
        let chart_h = row_charts
            .iter()
            .map(|c| c.1)
            .fold(0.0, f64::max)
            .max(BADGE_HEIGHT * 2.0);
        for (col, (area, (data, _))) in row_areas.iter().zip(row_charts).enumerate() {
            let x = col as f64 * (cell_w + GAP);
            let rect = Rect {
                x,
                y,
                w: cell_w,
                h: BADGE_HEIGHT + chart_h,
            };
            let badge_rect = Rect {
                x,
                y,
                w: cell_w,
                h: BADGE_HEIGHT,
            };
            let chart_rect = Rect {
                x,
                y: y + BADGE_HEIGHT,
                w: cell_w,
                h: chart_h,
            };
            let badge = match data {
                None => Badge {
                    symbol: "\u{2013}".into(),
                    fill: NO_DATA,
                    text: format!("No figures for {}", area.name),
                    shown: String::new(),
                    rag: None,
                    rect: badge_rect,
                },
                Some(d) => match &d.analysis.pcc_class {
                    Some(class) => {
                        let (_, entry) = spc_entry(class.rag);
                        Badge {
                            symbol: entry.symbol,
                            fill: entry.fill,
                            text: class.label.clone(),
                            shown: String::new(),
                            rag: Some(class.rag),
                            rect: badge_rect,
                        }
                    }
                    None => Badge {
                        symbol: "\u{2013}".into(),
                        fill: NO_DATA,
                        text: "Too few months for SPC limits".into(),
                        shown: String::new(),
                        rag: None,
                        rect: badge_rect,
                    },
                },
            };
            let mut badge = badge;
            let room = cell_w - (BADGE_HEIGHT - 6.0) - 8.0;
            badge.shown = fit_text(&badge.text, room, BADGE_FONT, m);
            let chart = data.clone().map(|d| {
                let scene = layout(
                    &d,
                    opts,
                    Size {
                        width: cell_w,
                        height: chart_h,
                    },
                    m,
                );
                (d, scene)
            });
            cells.push(Cell {
                code: area.code.clone(),
                name: area.name.clone(),
                kind: area.kind,
                rect,
                badge,
                chart_rect,
                chart,
            });
        }
        y += BADGE_HEIGHT + chart_h + GAP;
    }
    let height = if cells.is_empty() { 0.0 } else { y - GAP };
    Ok(Multiples {
        width,
        height,
        columns,
        cells,
    })
}

impl Multiples {
    /// The cell under CSS px `(x, y)`, if any (gaps belong to no cell).
    pub fn cell_at(&self, x: f64, y: f64) -> Option<usize> {
        self.cells.iter().position(|c| {
            x >= c.rect.x && x < c.rect.x + c.rect.w && y >= c.rect.y && y < c.rect.y + c.rect.h
        })
    }

    /// The next cell in keyboard order, wrapping; the first when none has focus.
    pub fn next(&self, from: Option<usize>) -> Option<usize> {
        let n = self.cells.len();
        (n > 0).then(|| from.map_or(0, |i| (i + 1) % n))
    }

    /// The previous cell, wrapping; the last when none has focus.
    pub fn prev(&self, from: Option<usize>) -> Option<usize> {
        let n = self.cells.len();
        (n > 0).then(|| from.map_or(n - 1, |i| (i + n - 1) % n))
    }

    /// The cell in the row below (the last cell when the row below is shorter), or `None` on
    /// the last row.
    pub fn below(&self, from: usize) -> Option<usize> {
        let n = self.cells.len();
        let row_start_below = (from / self.columns + 1) * self.columns;
        (from < n && row_start_below < n).then(|| (from + self.columns).min(n - 1))
    }

    /// The cell in the row above, or `None` on the first row.
    pub fn above(&self, from: usize) -> Option<usize> {
        (from < self.cells.len() && from >= self.columns).then(|| from - self.columns)
    }
}
