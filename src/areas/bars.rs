//! Ranked bars: the CSPs ordered by the comparison's rank, one horizontal bar each, with the
//! value written at the end of the bar (so it reads without the axis) and the force's rate as
//! a reference line. Areas without a figure are listed last with the reason, not dropped.

use crate::chart::{Font, MeasureText, Pt, Rect};
use crate::model::AreaKind;

use super::{format, Comparison, Figure, RankBy, Unavailable};

/// Height of one bar row, CSS px (a comfortable touch target).
pub const ROW_HEIGHT: f64 = 28.0;
/// The font of names and values.
pub const FONT: Font = Font::normal(14.0);
const PAD: f64 = 8.0;

/// One row of the ranked bars.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    /// Area code.
    pub code: String,
    /// Area name, drawn right-aligned to `name_right` (top of its line box at `text_top`).
    pub name: String,
    /// Rank by [`Comparison::rank_by`].
    pub rank: Option<usize>,
    /// The row's band, CSS px.
    pub band: Rect,
    /// The bar, `None` when the area has no figure.
    pub bar: Option<Rect>,
    /// The value, or why there is none.
    pub value_text: String,
    /// Where the value text starts (top-left of its line box).
    pub value_at: Pt,
    /// The row's words for a tooltip or screen reader.
    pub description: String,
}

/// The ranked bars, ready to paint.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// CSS px.
    pub width: f64,
    /// CSS px.
    pub height: f64,
    /// What the bars measure, e.g. "All crime per 1,000 residents, Nov 2021 – Oct 2022".
    pub title: String,
    /// Right edge of the name column (names are right-aligned to it).
    pub name_right: f64,
    /// x of the value 0.
    pub zero_x: f64,
    /// The force's value as a vertical reference line: its x and its words.
    pub reference: Option<(f64, String)>,
    /// Rows, ranked first (rank 1 at the top), then the areas without a figure.
    pub rows: Vec<BarRow>,
}

impl Bars {
    /// The row under CSS px `y`, if any.
    pub fn row_at(&self, y: f64) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| y >= r.band.y && y < r.band.y + r.band.h)
    }
}

fn value_of(c: &Comparison, a: &super::AreaComparison) -> Option<f64> {
    match c.rank_by {
        RankBy::CurrentRate => a.current_rate.map(|r| r.per_1000),
        RankBy::Current => a.current.figure.value(),
        RankBy::Change => a.change,
        RankBy::PercentChange => a.percent_change,
    }
    .filter(|v| v.is_finite())
}

fn value_words(c: &Comparison, v: f64) -> String {
    let mean = c.aggregate == super::Aggregate::MeanOfMonths;
    match c.rank_by {
        RankBy::CurrentRate => format::number(v, 1),
        RankBy::Current => format::number(v, if mean { 1 } else { 0 }),
        RankBy::Change => format::signed(v, if mean { 1 } else { 0 }),
        RankBy::PercentChange => format::percent_change(v),
    }
}

fn why_not(a: &super::AreaComparison) -> String {
    match &a.current.figure {
        Figure::Incomplete { missing } => format!(
            "incomplete: {} not published",
            missing
                .iter()
                .map(|m| m.long_label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Figure::NotAvailable { why } => match why {
            Unavailable::BeforeData { first } => {
                format!("not available: the data start in {}", first.long_label())
            }
            Unavailable::AfterData { last } => {
                format!("not available: the data end in {}", last.long_label())
            }
            Unavailable::NoSeries => "no figures for this area".into(),
        },
        Figure::Value { .. } => "no figure".into(),
    }
}

/// Lays out the CSPs of `c` as ranked bars, `width` CSS px wide.
pub fn ranked_bars(c: &Comparison, width: f64, m: &dyn MeasureText) -> Bars {
    let width = if width.is_finite() {
        width.max(120.0)
    } else {
        320.0
    };
    let what = match c.rank_by {
        RankBy::CurrentRate => format!("{} per 1,000 residents", c.measure_name),
        RankBy::Current => c.measure_name.clone(),
        RankBy::Change => format!("{}: change", c.measure_name),
        RankBy::PercentChange => format!("{}: % change", c.measure_name),
    };
    let title = match c.rank_by {
        RankBy::Change | RankBy::PercentChange => format!(
            "{what}, {} compared with {}",
            c.periods.current.short_label(),
            c.periods.base.short_label()
        ),
        _ => format!("{what}, {}", c.periods.current.short_label()),
    };
    let order: Vec<usize> = c
        .ranked_order()
        .into_iter()
        .filter(|&i| c.areas[i].kind == AreaKind::Csp)
        .collect();
    let values: Vec<Option<f64>> = order.iter().map(|&i| value_of(c, &c.areas[i])).collect();
    let texts: Vec<String> = order
        .iter()
        .zip(&values)
        .map(|(&i, v)| match v {
            Some(v) if c.areas[i].rank.is_some() => value_words(c, *v),
            _ => why_not(&c.areas[i]),
        })
        .collect();

    let name_w = order
        .iter()
        .map(|&i| m.width(&c.areas[i].name, FONT))
        .fold(0.0, f64::max)
        .min(width * 0.4);
    let name_right = PAD + name_w;
    // Reserve room for the widest number after a bar (not for the long "why" texts, which
    // have no bar and wrap after the name instead).
    let value_w = texts
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_some())
        .map(|(t, _)| m.width(t, FONT))
        .fold(0.0, f64::max);
    let left = name_right + PAD;
    let right = (width - PAD - value_w - PAD).max(left + 1.0);

    let force_value = c
        .areas
        .iter()
        .find(|a| a.kind == AreaKind::Force)
        .and_then(|a| value_of(c, a))
        // A force total is not comparable with CSP totals; its rate, mean or % change is.
        .filter(|_| c.rank_by != RankBy::Current || c.aggregate == super::Aggregate::MeanOfMonths)
        .filter(|_| c.rank_by != RankBy::Change);
    let lo = values
        .iter()
        .flatten()
        .chain(force_value.iter())
        .fold(0.0_f64, |a, &v| a.min(v));
    let hi = values
        .iter()
        .flatten()
        .chain(force_value.iter())
        .fold(0.0_f64, |a, &v| a.max(v));
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |v: f64| left + (v - lo) / span * (right - left);
    let zero_x = x(0.0);

    let text_h = FONT.line_height();
    let rows = order
        .iter()
        .zip(values.iter().zip(texts))
        .enumerate()
        .map(|(r, (&i, (v, text)))| {
            let a = &c.areas[i];
            let y = r as f64 * ROW_HEIGHT;
            let band = Rect {
                x: 0.0,
                y,
                w: width,
                h: ROW_HEIGHT,
            };
            let text_top = y + (ROW_HEIGHT - text_h) / 2.0;
            let ranked = a.rank.is_some();
            let (bar, value_at) = match v {
                Some(v) if ranked => {
                    let (x0, x1) = (zero_x.min(x(*v)), zero_x.max(x(*v)));
                    let bar = Rect {
                        x: x0,
                        y: y + 5.0,
                        w: (x1 - x0).max(1.0),
                        h: ROW_HEIGHT - 10.0,
                    };
                    (
                        Some(bar),
                        Pt {
                            x: x1.max(zero_x) + PAD / 2.0,
                            y: text_top,
                        },
                    )
                }
                _ => (
                    None,
                    Pt {
                        x: left,
                        y: text_top,
                    },
                ),
            };
            let description = match a.rank {
                Some(rank) => format!(
                    "{}: {} {} (rank {} of {})",
                    a.name,
                    text,
                    if c.rank_by == RankBy::CurrentRate {
                        "per 1,000 residents"
                    } else {
                        ""
                    },
                    rank,
                    values.iter().filter(|v| v.is_some()).count()
                )
                .replace("  (", " ("),
                None => format!("{}: {}", a.name, text),
            };
            BarRow {
                code: a.code.clone(),
                name: a.name.clone(),
                rank: a.rank,
                band,
                bar,
                value_text: text,
                value_at,
                description,
            }
        })
        .collect::<Vec<_>>();
    let reference = force_value.map(|v| {
        let name = c
            .areas
            .iter()
            .find(|a| a.kind == AreaKind::Force)
            .map_or("Force", |a| a.name.as_str());
        (x(v), format!("{name}: {}", value_words(c, v)))
    });
    Bars {
        width,
        height: rows.len() as f64 * ROW_HEIGHT,
        title,
        name_right,
        zero_x,
        reference,
        rows,
    }
}
