//! Serde types that mirror the published performance JSON (schema_version 1) field for field.
//!
//! These are *not* the domain types: they accept anything of the right JSON shape, and
//! validation (in `model::validate`) turns them into a checked `Dataset` with precise errors.
//! `pcc-spc build` writes a file by filling these in and serialising them, so the writer and
//! the reader cannot drift apart.
//!
//! Field order here is the order in the written file; `Option` fields that are `None` are
//! left out so the file stays small and diff-able. Months are `"YYYY-MM"` strings.
//!
//! `Default` is for the browser's reader (`model::read`), which makes each DTO empty and
//! reads the members into its fields in place.

use serde::{Deserialize, Serialize};

use super::Polygon;

/// The whole published file.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileDto {
    /// Must be 1 for this version of the format. The reader checks the version before it
    /// reads anything else (a file of another version says so, whatever its other members).
    pub schema_version: u64,
    /// Who published the file, from what, under what licence.
    pub metadata: MetadataDto,
    /// The first and last month covered; every series has one value per month in between.
    pub period: PeriodDto,
    /// The force and its CSP areas.
    pub areas: Vec<AreaDto>,
    /// The measures with their monthly series per area.
    pub measures: Vec<MeasureDto>,
    /// Per month, how many source rows could not be given to an area (so CSP sums can be
    /// reconciled with the force total). Optional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reconciliation: Vec<ReconciliationDto>,
}

/// Who published the file and on what terms.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetadataDto {
    /// e.g. "Leicestershire, Leicester and Rutland: police performance".
    pub title: String,
    /// e.g. "Office of the Police and Crime Commissioner for Leicestershire".
    pub publisher: String,
    /// Where the numbers come from, in words.
    pub source: String,
    /// The licence text, e.g. "Open Government Licence v3.0".
    pub licence: String,
    /// The date of publication, `YYYY-MM-DD`.
    pub published: String,
    /// Notes for readers, each a paragraph.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The months covered.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodDto {
    /// First month, `YYYY-MM`.
    pub first: String,
    /// Last month, `YYYY-MM`.
    pub last: String,
}

/// A force or a CSP area.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaDto {
    /// ONS code, e.g. `E06000016`, or a force code such as `E23000021`.
    pub code: String,
    /// e.g. "Leicester".
    pub name: String,
    /// `force` or `csp`.
    pub kind: String,
    /// Population by mid-year estimate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub population: Vec<PopulationDto>,
    /// A GeoJSON geometry (`Polygon` or `MultiPolygon`, lon/lat), simplified for a map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boundary: Option<GeometryDto>,
}

/// A position: `[longitude, latitude]`.
pub type PositionDto = [f64; 2];

/// An area's boundary: a GeoJSON `Polygon` or `MultiPolygon` in longitude/latitude. A polygon
/// is a list of rings, its outer ring first, then any holes; a ring is a list of positions.
///
/// Typed, not a `serde_json::Value`: the browser's reader fills it in straight from its tree
/// (with the JSON path, line and column of a value of the wrong shape), so the module carries
/// no `Value`, no `BTreeMap` and none of their code. Validation checks the rest (ring length,
/// closure, ranges, the limit on positions). GeoJSON's optional `bbox` is accepted by both
/// readers and not kept (a map computes its own extent; `pcc-spc build` never writes one).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", content = "coordinates")]
pub enum GeometryDto {
    /// One polygon: its rings.
    Polygon(Vec<Vec<PositionDto>>),
    /// Several polygons, each a list of rings.
    MultiPolygon(Vec<Vec<Vec<PositionDto>>>),
}

impl GeometryDto {
    /// The geometry of `polygons` as the published file stores it: a `Polygon` for one
    /// polygon, a `MultiPolygon` otherwise.
    pub fn from_polygons(polygons: &[Polygon]) -> Self {
        let rings = |p: &Polygon| -> Vec<Vec<PositionDto>> {
            p.iter()
                .map(|r| r.iter().map(|&(lon, lat)| [lon, lat]).collect())
                .collect()
        };
        match polygons {
            [one] => GeometryDto::Polygon(rings(one)),
            many => GeometryDto::MultiPolygon(many.iter().map(rings).collect()),
        }
    }

    /// The GeoJSON `type`: `"Polygon"` or `"MultiPolygon"`.
    pub fn kind(&self) -> &'static str {
        match self {
            GeometryDto::Polygon(_) => "Polygon",
            GeometryDto::MultiPolygon(_) => "MultiPolygon",
        }
    }
}

/// Written by hand for the order of the members: `coordinates`, then `type`, as the published
/// files have them (they were written from a `serde_json::Value`, whose members are sorted),
/// so a rebuilt file is byte-identical. serde's derive of a tagged enum writes `type` first.
impl Serialize for GeometryDto {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut g = s.serialize_struct("GeometryDto", 2)?;
        match self {
            GeometryDto::Polygon(rings) => g.serialize_field("coordinates", rings)?,
            GeometryDto::MultiPolygon(polygons) => g.serialize_field("coordinates", polygons)?,
        }
        g.serialize_field("type", self.kind())?;
        g.end()
    }
}

/// One mid-year population estimate.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationDto {
    /// The year of the mid-year (30 June) estimate.
    pub mid_year: i32,
    /// Number of residents.
    pub value: f64,
    /// Where the estimate comes from, e.g. "ONS mid-2021 (Census 2021 based)".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A measure and its series.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDto {
    /// e.g. `3.1`; unique in the file.
    pub id: String,
    /// e.g. "All crime excluding anti-social behaviour".
    pub name: String,
    /// One of Calls, Incidents, Crime, Outcomes, Prevention.
    pub section: String,
    /// `count`, `percent`, `rate_per_1000`, `minutes`, `seconds`, `days` or `score`.
    pub unit: String,
    /// `increase`, `decrease` or `neutral`.
    pub improvement_direction: String,
    /// `xmr` (default), `p`, `pp`, `u`, `up` or `c`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chart: Option<String>,
    /// What the measure counts and how, for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A target in the measure's unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Months where new limits start, each with its cause.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rebases: Vec<RebaseDto>,
    /// Months drawn but left out of the limits and rules, each with its reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<ExclusionDto>,
    /// Events to mark on the chart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<AnnotationDto>,
    /// One series per area that has data for this measure.
    pub series: Vec<SeriesDto>,
}

/// A rebase: from `month` on, the limits are recalculated.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RebaseDto {
    /// First month of the new period, `YYYY-MM`.
    pub month: String,
    /// The documented cause, shown on the chart.
    pub reason: String,
    /// Area codes it applies to; absent = every area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
}

/// A month known to be wrong: drawn and marked, left out of the limits and the rules.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusionDto {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Why it is left out, shown on the chart.
    pub reason: String,
    /// Area codes it applies to; absent = every area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
}

/// An event to mark on the chart (e.g. "COVID-19 lockdown").
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationDto {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Short text for the chart and tooltip.
    pub text: String,
    /// Area codes it applies to; absent = every area.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub areas: Option<Vec<String>>,
}

/// The monthly values of a measure for one area.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesDto {
    /// The area code.
    pub area: String,
    /// One value per month of the period; `null` = not published (never 0).
    pub values: Vec<Option<f64>>,
    /// For p/u charts and rates: the numerator per month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerators: Option<Vec<Option<f64>>>,
    /// For p/u charts and rates: the denominator per month (e.g. population).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominators: Option<Vec<Option<f64>>>,
}

/// Per month: source rows that could not be given to an area.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReconciliationDto {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// All rows in the source for the month (the force total counts these).
    pub rows: u64,
    /// Rows published with no location (no LSOA).
    pub no_location: u64,
    /// Rows whose LSOA lies outside every area of the file.
    pub outside_areas: u64,
    /// False when the source had no file for the month (then every count is 0 and the
    /// month's values are `null`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub published: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}
