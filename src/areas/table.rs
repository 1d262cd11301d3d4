//! The comparisons table — the text alternative of the map and the ranked bars — and its CSV.
//!
//! Every cell has the words a resident reads and, where it is a number, the number to sort
//! by. A period that cannot be given a figure says why in the cell itself ("Incomplete: March
//! 2020 not published"), never a blank or a 0; months the file flags as wrong get a footnote.

use super::{format, AreaComparison, Comparison, Figure, PeriodFigure, Rate, Unavailable};
use crate::model::{AreaKind, Unit};

/// One cell: its words, and the number to sort by (`None` sorts last).
#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// What is shown (and read out).
    pub text: String,
    /// The value behind it, for sorting.
    pub sort: Option<f64>,
}

/// One row: an area.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    /// Area code.
    pub code: String,
    /// True for the force (shown first, as a total, not ranked).
    pub is_force: bool,
    /// The cells, one per [`Table::headers`] entry; the first is the area name (a row
    /// header).
    pub cells: Vec<TableCell>,
}

/// The comparisons table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The caption: measure, periods, how figures are made, the population used.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows: the force first, then the CSPs in file order.
    pub rows: Vec<TableRow>,
    /// Footnotes (flagged months), each starting with its marker.
    pub footnotes: Vec<String>,
}

fn decimals(unit: Unit, mean: bool) -> usize {
    match unit {
        Unit::Count if !mean => 0,
        _ => 1,
    }
}

fn figure_text(pf: &PeriodFigure, unit: Unit, mean: bool, marker: &str) -> TableCell {
    match &pf.figure {
        Figure::Value { value } => TableCell {
            text: format!("{}{marker}", format::number(*value, decimals(unit, mean))),
            sort: Some(*value),
        },
        Figure::Incomplete { missing } => TableCell {
            text: format!(
                "Incomplete: {} not published",
                missing
                    .iter()
                    .map(|m| m.long_label())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            sort: None,
        },
        Figure::NotAvailable { why } => TableCell {
            text: match why {
                Unavailable::BeforeData { first } => {
                    format!("Not available: the data start in {}", first.long_label())
                }
                Unavailable::AfterData { last } => {
                    format!("Not available: the data end in {}", last.long_label())
                }
                Unavailable::NoSeries => "No figures for this area".into(),
            },
            sort: None,
        },
    }
}

fn dash() -> TableCell {
    TableCell {
        text: "\u{2013}".into(),
        sort: None,
    }
}

impl Comparison {
    /// The population note shared by every rate of the current period, when they agree
    /// (e.g. "mid-2021 population (latest available for 2022)").
    fn population_note(&self) -> Option<String> {
        let notes: Vec<String> = self
            .areas
            .iter()
            .filter_map(|a| a.current_rate.map(|r| r.population_note()))
            .collect();
        let first = notes.first()?;
        notes.iter().all(|n| n == first).then(|| first.clone())
    }

    /// The comparisons table.
    pub fn table(&self) -> Table {
        let mean = self.aggregate == super::Aggregate::MeanOfMonths;
        let with_rates = self.areas.iter().any(|a| a.current_rate.is_some());
        let cur = self.periods.current.short_label();
        let base = self.periods.base.short_label();
        let mut headers = vec![
            "Area".to_string(),
            cur.clone(),
            base.clone(),
            if self.unit == Unit::Percent {
                "Change (percentage points)".to_string()
            } else {
                "Change".to_string()
            },
            "% change".to_string(),
        ];
        if with_rates {
            headers.push(format!("Per 1,000 residents, {cur}"));
        }
        headers.push(match self.rank_by {
            super::RankBy::CurrentRate => "Rank (1 = highest rate)".to_string(),
            _ => "Rank (1 = highest)".to_string(),
        });

        let mut footnotes: Vec<String> = Vec::new();
        let mut marker_for = |pf: &PeriodFigure| -> String {
            if pf.flagged.is_empty() {
                return String::new();
            }
            let text: Vec<String> = pf
                .flagged
                .iter()
                .map(|f| format!("{}: {}", f.month.long_label(), f.reason))
                .collect();
            let text = text.join("; ");
            let i = match footnotes.iter().position(|f| f.ends_with(&text)) {
                Some(i) => i,
                None => {
                    footnotes.push(format!("{} {}", "*".repeat(footnotes.len() + 1), text));
                    footnotes.len() - 1
                }
            };
            "*".repeat(i + 1)
        };
        let csps = self
            .areas
            .iter()
            .filter(|a| a.kind == AreaKind::Csp && a.rank.is_some())
            .count();
        let rows = self
            .areas
            .iter()
            .map(|a: &AreaComparison| {
                let mc = marker_for(&a.current);
                let mb = marker_for(&a.base);
                let mut cells = vec![
                    TableCell {
                        text: a.name.clone(),
                        sort: None,
                    },
                    figure_text(&a.current, self.unit, mean, &mc),
                    figure_text(&a.base, self.unit, mean, &mb),
                    a.change.map_or_else(dash, |c| TableCell {
                        text: format::signed(c, decimals(self.unit, mean)),
                        sort: Some(c),
                    }),
                    a.percent_change.map_or_else(dash, |p| TableCell {
                        text: format::percent_change(p),
                        sort: Some(p),
                    }),
                ];
                if with_rates {
                    cells.push(a.current_rate.map_or_else(dash, |r: Rate| TableCell {
                        text: format::number(r.per_1000, 1),
                        sort: Some(r.per_1000),
                    }));
                }
                cells.push(match a.rank {
                    Some(r) => TableCell {
                        text: format!("{r} of {csps}"),
                        sort: Some(r as f64),
                    },
                    None => dash(),
                });
                TableRow {
                    code: a.code.clone(),
                    is_force: a.kind == AreaKind::Force,
                    cells,
                }
            })
            .collect();

        let mut caption = format!(
            "{}: {} compared with {}. {}",
            self.measure_name,
            self.periods.current_label(),
            self.periods.base_label(),
            self.aggregate.caption()
        );
        if with_rates {
            match self.population_note() {
                Some(note) => caption.push_str(&format!(" Rates per 1,000 residents use the {note}.")),
                None => caption.push_str(" Rates per 1,000 residents use each area's mid-year population nearest the period."),
            }
        }
        Table {
            caption,
            headers,
            rows,
            footnotes,
        }
    }

    /// The comparisons as CSV (RFC 4180, `\r\n` line ends), unformatted numbers for
    /// spreadsheets: one row per area with each period's months, figure, status and missing
    /// months, the change, % change, rate, population and its mid-year, and the rank.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let header = [
            "measure",
            "area_code",
            "area_name",
            "area_kind",
            "aggregate",
            "current_first",
            "current_last",
            "current_value",
            "current_status",
            "current_missing_months",
            "base_first",
            "base_last",
            "base_value",
            "base_status",
            "base_missing_months",
            "change",
            "percent_change",
            "current_rate_per_1000",
            "current_population",
            "current_population_mid_year",
            "rank",
        ];
        out.push_str(&header.join(","));
        out.push_str("\r\n");
        let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let status = |pf: &PeriodFigure| -> (&'static str, String) {
            match &pf.figure {
                Figure::Value { .. } => ("complete", String::new()),
                Figure::Incomplete { missing } => (
                    "incomplete",
                    missing
                        .iter()
                        .map(|m| m.to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                Figure::NotAvailable { why } => (
                    match why {
                        Unavailable::BeforeData { .. } => "before_data",
                        Unavailable::AfterData { .. } => "after_data",
                        Unavailable::NoSeries => "no_series",
                    },
                    String::new(),
                ),
            }
        };
        for a in &self.areas {
            let (cs, cm) = status(&a.current);
            let (bs, bm) = status(&a.base);
            let fields = [
                self.measure.clone(),
                a.code.clone(),
                a.name.clone(),
                match a.kind {
                    AreaKind::Force => "force".into(),
                    AreaKind::Csp => "csp".into(),
                },
                match self.aggregate {
                    super::Aggregate::Sum => "sum".into(),
                    super::Aggregate::MeanOfMonths => "mean_of_months".into(),
                },
                a.current.span.first.to_string(),
                a.current.span.last.to_string(),
                num(a.current.figure.value()),
                cs.into(),
                cm,
                a.base.span.first.to_string(),
                a.base.span.last.to_string(),
                num(a.base.figure.value()),
                bs.into(),
                bm,
                num(a.change),
                num(a.percent_change),
                num(a.current_rate.map(|r| r.per_1000)),
                num(a.current_rate.map(|r| r.population)),
                a.current_rate
                    .map(|r| r.year_used.to_string())
                    .unwrap_or_default(),
                a.rank.map(|r| r.to_string()).unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
        out
    }
}

/// Quotes a CSV field when it needs it (comma, quote, line break), doubling quotes. A field
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`
/// (names come from the published file, which anyone may have written).
fn csv_field(f: &str) -> String {
    let risky = f.starts_with(['=', '+', '@']) || (f.starts_with('-') && f.parse::<f64>().is_err());
    let f = if risky {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}
