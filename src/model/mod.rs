//! The published performance JSON, parsed once and validated into domain types.
//!
//! [`json`] mirrors the file; [`parse`] checks it and returns a [`Dataset`] plus the
//! [`DataWarning`]s a reader should see. After that, every other function takes validated
//! types and cannot fail on the data.

mod access;
pub mod analyse;
pub mod json;
mod read;
mod to_dto;
pub mod validate;

pub use analyse::{analyse_series, SeriesAnalysis};
#[cfg(not(target_arch = "wasm32"))]
pub use validate::parse_bytes;
pub use validate::{parse, validate};

use serde::Serialize;

use crate::month::Month;
use crate::spc::{ChartType, Direction};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u64 = 1;

/// Whether this build reads what only the area breakdown and the command line use: areas'
/// boundaries and population estimates, and the reconciliation with the force's totals. Not
/// in the browser's chart module (wasm32 without the `breakdown` feature): a chart never draws
/// a boundary, works out no rate from a population and shows no reconciliation. There the
/// reader parses those members as JSON with the rest of the file (the whole file is parsed
/// anyway) but does not read them into DTOs, so they are neither validated nor warned about
/// (≈ 3 KiB of gzip wasm less); every area's `boundary` is `None` and its `population`, like
/// the dataset's `reconciliation`, empty. Nothing else the reader or the validator refuses
/// changes. The breakdown module and the native CLI read and validate them, so a file with a
/// bad one is still refused before it is published (`pcc-spc build`) or mapped; a chart page
/// shows such a file's charts.
pub(crate) const READS_BREAKDOWN_DATA: bool =
    cfg!(any(not(target_arch = "wasm32"), feature = "breakdown"));

/// A validated published file.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Title, publisher, source, licence, date, notes.
    pub metadata: Metadata,
    /// First month of every series.
    pub first: Month,
    /// Last month of every series.
    pub last: Month,
    /// The force first, then CSP areas, in file order.
    pub areas: Vec<Area>,
    /// The measures, in file order.
    pub measures: Vec<Measure>,
    /// Per month, rows that no area received (empty when the file has none).
    pub reconciliation: Vec<Reconciliation>,
}

/// Who published the file and on what terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    /// Title of the dataset.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Source, in words.
    pub source: String,
    /// Licence text.
    pub licence: String,
    /// Publication date, `YYYY-MM-DD`.
    pub published: String,
    /// Notes for readers.
    pub notes: Vec<String>,
}

/// Is an area the whole force or a Community Safety Partnership?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaKind {
    /// The whole police force area.
    Force,
    /// A Community Safety Partnership (a district or unitary authority).
    Csp,
}

/// A force or CSP area.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// ONS code.
    pub code: String,
    /// Name for people.
    pub name: String,
    /// Force or CSP.
    pub kind: AreaKind,
    /// Mid-year population estimates, sorted by year.
    pub population: Vec<Population>,
    /// Boundary rings in lon/lat: polygons, each a list of rings (outer first).
    pub boundary: Option<Vec<Polygon>>,
}

/// A polygon in lon/lat: its outer ring first, then any holes; each ring closed.
pub type Polygon = Vec<Vec<(f64, f64)>>;

/// One mid-year population estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Population {
    /// The year of the mid-year estimate.
    pub mid_year: i32,
    /// Residents.
    pub value: f64,
    /// Where it comes from.
    pub source: Option<String>,
}

/// The report section of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Section {
    /// 999 and 101 calls.
    Calls,
    /// Incidents (including anti-social behaviour).
    Incidents,
    /// Recorded crime.
    Crime,
    /// Outcomes (charges, summonses, …).
    Outcomes,
    /// Prevention.
    Prevention,
}

/// The unit of a measure's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A number of things.
    Count,
    /// A percentage, 0–100.
    Percent,
    /// Per 1,000 residents (monthly).
    RatePer1000,
    /// Minutes.
    Minutes,
    /// Seconds.
    Seconds,
    /// Days.
    Days,
    /// A score (e.g. a survey scale).
    Score,
}

/// A period with its own limits, starting at `month`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rebase {
    /// First month of the new period.
    pub month: Month,
    /// The documented cause.
    pub reason: String,
    /// The areas it applies to; `None` = all.
    pub areas: Option<Vec<String>>,
}

/// A month left out of limits and rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    /// The month.
    pub month: Month,
    /// Why.
    pub reason: String,
    /// The areas it applies to; `None` = all.
    pub areas: Option<Vec<String>>,
}

/// An event marked on a chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotation {
    /// The month.
    pub month: Month,
    /// The text.
    pub text: String,
    /// The areas it applies to; `None` = all.
    pub areas: Option<Vec<String>>,
}

/// One measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Unique id, e.g. `3.1`.
    pub id: String,
    /// Name for people.
    pub name: String,
    /// Report section.
    pub section: Section,
    /// Unit of the values.
    pub unit: Unit,
    /// Which way is better.
    pub direction: Direction,
    /// Which control chart.
    pub chart: ChartType,
    /// What the measure is, for readers.
    pub description: Option<String>,
    /// Target in the measure's unit.
    pub target: Option<f64>,
    /// Rebases, sorted by month.
    pub rebases: Vec<Rebase>,
    /// Exclusions, sorted by month.
    pub exclusions: Vec<Exclusion>,
    /// Annotations, sorted by month.
    pub annotations: Vec<Annotation>,
    /// One series per area with data.
    pub series: Vec<Series>,
}

/// The monthly values of a measure for one area, one per month from `Dataset::first`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Area code (an area of the dataset).
    pub area: String,
    /// `None` = not published (never 0).
    pub values: Vec<Option<f64>>,
    /// Numerators, for p/u charts and rates.
    pub numerators: Option<Vec<Option<f64>>>,
    /// Denominators, for p/u charts and rates.
    pub denominators: Option<Vec<Option<f64>>>,
}

/// Per month, source rows that no area received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reconciliation {
    /// The month.
    pub month: Month,
    /// All source rows.
    pub rows: u64,
    /// Rows with no location.
    pub no_location: u64,
    /// Rows outside every area.
    pub outside_areas: u64,
    /// False when the source had no file for the month.
    pub published: bool,
}

/// Something a reader should know about the file that does not stop it being used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataWarning {
    /// Short code, e.g. `trailing_months_missing` (the list is in `docs/format.md`).
    pub code: String,
    /// A sentence for people, naming the place.
    pub message: String,
    /// The measure it is about; `None` when it is not about one measure (e.g. population).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measure: Option<String>,
    /// The areas it is about; empty when it is about every area (or none in particular).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
}
