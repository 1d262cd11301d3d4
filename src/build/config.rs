//! The measures file (TOML) of `pcc-spc build`: the published file's metadata, its areas and
//! KPI measures, and the annotations, exclusions and rebases that explain what a resident sees.
//!
//! Every error names the file and the TOML key path (and the line where TOML itself knows it),
//! because an analyst edits this file by hand. Unknown keys are errors (a typo must not be
//! silently ignored). The LLR example is `data/llr/measures.toml`.
//!
//! ```toml
//! # Top-level keys must come before the first [table] (TOML rule). A rebase is one line:
//! rebases = [
//!   { month = "2020-06", reason = "Location coverage changed (see notes)", sections = ["Crime"] },
//! ]
//!
//! [metadata]                      # required
//! title = "…"
//! publisher = "…"
//! source = "…"
//! licence = "Open Government Licence v3.0"
//! published = "2023-01-31"        # YYYY-MM-DD, written as is (no clock: builds are reproducible)
//! notes = ["…", "…"]              # optional paragraphs; the build appends its own
//!
//! [period]                        # optional; --from/--to override; default: the data's months
//! first = "2019-12"
//! last = "2022-10"
//!
//! [force]                         # required with --street: the area that counts every row
//! code = "E23000021"
//! name = "Leicestershire Police"
//!
//! [[areas]]                       # optional extra areas for KPI measures (kind csp|force)
//! code = "E06000016"
//! name = "Leicester"
//! kind = "csp"
//!
//! [[measures]]                    # KPI measures; values come from --kpi CSVs
//! id = "1.1"
//! name = "999 calls answered within 10 seconds"
//! section = "Calls"               # Calls | Incidents | Crime | Outcomes | Prevention
//! unit = "percent"                # count | percent | rate_per_1000 | minutes | seconds | days | score
//! direction = "increase"          # increase | decrease | neutral
//! chart = "p"                     # optional: xmr (default) | p | pp | u | up | c
//! target = 90                     # optional, in the measure's unit
//! description = "…"               # optional
//! rebases = [{ month = "2022-03", reason = "New telephony system went live" }]
//! exclusions = [{ month = "2022-02", reason = "Switch failure: calls not logged", areas = ["E06000016"] }]
//! annotations = [{ month = "2022-02", text = "Storm Eunice" }]
//!
//! [[annotations]]                 # top level: applies to every measure of the file unless
//! month = "2020-03"               # narrowed by measures = [ids], sections = [names] or
//! text = "COVID-19: first national lockdown"   # units = [units]; `areas` narrows the areas
//!
//! [[exclusions]]                  # drawn and marked, left out of limits and rules
//! month = "2020-03"
//! reason = "Data hole: …"         # required: shown to residents
//! areas = ["E07000131", "E07000135"]
//! sections = ["Crime"]
//! ```
//!
//! Annotations have `text`; exclusions and rebases have a `reason` (the documented cause).
//! Months must lie in the period; areas and measure ids must exist in the built file.
//!
//! **Boundaries are not set here.** Like the street CSVs, the lookup and the population table,
//! the areas' boundaries are a source file given on the command line:
//! `--boundaries AREAS.topo.json [--simplify-tolerance METRES]` (default 80 m). The build finds
//! each CSP's geometry by its code (the geometry's `id` or any string property, e.g. `LAD13CD`),
//! simplifies the shared borders once so neighbours still meet exactly, and writes a GeoJSON
//! `Polygon`/`MultiPolygon` with positions to 5 decimals into `areas[].boundary`. The force gets
//! none (the map draws its CSPs). A CSP without a geometry, or a geometry of no area, is a
//! warning; a file that cannot be read or is not valid TopoJSON is an error naming the file and
//! the JSON path or area. See [`super::boundaries`]. Say in `[metadata] licence` (and a note)
//! whose boundaries they are: for Ordnance Survey boundaries, "Contains OS data © Crown
//! copyright and database right".

use std::path::Path;

use serde::Deserialize;

use crate::model::json::MetadataDto;
use crate::month::Month;
use crate::spc::{ChartType, Direction};
use crate::{Error, ErrorKind, Location, Result};

/// The report sections a measure may belong to.
pub const SECTIONS: [&str; 5] = ["Calls", "Incidents", "Crime", "Outcomes", "Prevention"];

/// The units a measure may have.
pub const UNITS: [&str; 7] = [
    "count",
    "percent",
    "rate_per_1000",
    "minutes",
    "seconds",
    "days",
    "score",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    metadata: RawMetadata,
    period: Option<RawPeriod>,
    force: Option<RawForce>,
    #[serde(default)]
    areas: Vec<RawArea>,
    #[serde(default)]
    measures: Vec<RawMeasure>,
    #[serde(default)]
    annotations: Vec<RawEvent>,
    #[serde(default)]
    exclusions: Vec<RawEvent>,
    #[serde(default)]
    rebases: Vec<RawEvent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetadata {
    title: String,
    publisher: String,
    source: String,
    licence: String,
    published: String,
    #[serde(default)]
    notes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    first: Option<String>,
    last: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForce {
    code: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    code: String,
    name: String,
    #[serde(default)]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    id: String,
    name: String,
    section: String,
    unit: String,
    direction: String,
    chart: Option<String>,
    description: Option<String>,
    target: Option<f64>,
    #[serde(default)]
    annotations: Vec<RawEvent>,
    #[serde(default)]
    exclusions: Vec<RawEvent>,
    #[serde(default)]
    rebases: Vec<RawEvent>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    month: String,
    text: Option<String>,
    reason: Option<String>,
    areas: Option<Vec<String>>,
    measures: Option<Vec<String>>,
    sections: Option<Vec<String>>,
    units: Option<Vec<String>>,
}

/// The build configuration, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The file name, for error messages.
    pub file: String,
    /// Metadata of the published file (notes are extended by the build).
    pub metadata: MetadataDto,
    /// `[period] first`, if given.
    pub first: Option<Month>,
    /// `[period] last`, if given.
    pub last: Option<Month>,
    /// `[force]`: code and name of the force area.
    pub force: Option<(String, String)>,
    /// `[[areas]]`: extra areas (code, name, kind) for KPI measures.
    pub areas: Vec<(String, String, String)>,
    /// `[[measures]]`: KPI measures whose values come from a tidy KPI CSV.
    pub measures: Vec<MeasureSpec>,
    /// Top-level `[[annotations]]`.
    pub annotations: Vec<Event>,
    /// Top-level `[[exclusions]]`.
    pub exclusions: Vec<Event>,
    /// Top-level `[[rebases]]`.
    pub rebases: Vec<Event>,
}

/// A KPI measure declared in the measures file.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSpec {
    /// Its TOML key path, e.g. `measures[2]`.
    pub key: String,
    /// Measure id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Section (one of [`SECTIONS`]).
    pub section: String,
    /// Unit (one of [`UNITS`]).
    pub unit: String,
    /// Improvement direction.
    pub direction: Direction,
    /// Chart type, as written (`None` = the format's default, xmr).
    pub chart: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Target.
    pub target: Option<f64>,
    /// The measure's own annotations.
    pub annotations: Vec<Event>,
    /// The measure's own exclusions.
    pub exclusions: Vec<Event>,
    /// The measure's own rebases.
    pub rebases: Vec<Event>,
}

/// An annotation, exclusion or rebase, with the filters that say which measures it applies to.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Its TOML key path, e.g. `exclusions[0]`.
    pub key: String,
    /// The month.
    pub month: Month,
    /// The annotation text or the exclusion/rebase reason.
    pub text: String,
    /// Area codes (`None` = every area).
    pub areas: Option<Vec<String>>,
    /// Measure ids it applies to (`None` = no filter).
    pub measures: Option<Vec<String>>,
    /// Sections it applies to (`None` = no filter).
    pub sections: Option<Vec<String>>,
    /// Units it applies to (`None` = no filter).
    pub units: Option<Vec<String>>,
}

impl Event {
    /// Does a top-level event apply to a measure with this id, section and unit?
    pub fn applies_to(&self, id: &str, section: &str, unit: &str) -> bool {
        let ok = |list: &Option<Vec<String>>, v: &str| {
            list.as_ref().is_none_or(|l| l.iter().any(|x| x == v))
        };
        ok(&self.measures, id) && ok(&self.sections, section) && ok(&self.units, unit)
    }
}

impl Config {
    /// Reads and checks a measures file.
    pub fn read(path: &Path) -> Result<Config> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read the measures file: {e}"),
                Location::file_line(&file, None),
            )
        })?;
        Config::parse(&text, &file)
    }

    /// Parses and checks the text of a measures file named `file`.
    pub fn parse(text: &str, file: &str) -> Result<Config> {
        let de = toml::Deserializer::new(text);
        let raw: RawConfig = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let line = inner
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
            let mut loc = Location::file_line(file, line);
            if path != "." && !path.is_empty() {
                loc.json_path = Some(path);
            }
            Error::new(ErrorKind::Source, inner.message().trim().to_string(), loc)
        })?;
        let err = |key: &str, msg: String| {
            let mut loc = Location::file_line(file, None);
            loc.json_path = Some(key.to_string());
            Error::new(ErrorKind::Source, msg, loc)
        };
        let nonempty = |key: &str, v: &str| -> Result<()> {
            if v.trim().is_empty() {
                Err(err(key, "must not be empty".into()))
            } else {
                Ok(())
            }
        };
        let m = raw.metadata;
        nonempty("metadata.title", &m.title)?;
        nonempty("metadata.publisher", &m.publisher)?;
        nonempty("metadata.source", &m.source)?;
        nonempty("metadata.licence", &m.licence)?;
        check_date(&m.published).map_err(|msg| err("metadata.published", msg))?;
        let month = |key: &str, v: &str| Month::parse(v).map_err(|msg| err(key, msg));
        let (mut first, mut last) = (None, None);
        if let Some(p) = &raw.period {
            if let Some(f) = &p.first {
                first = Some(month("period.first", f)?);
            }
            if let Some(l) = &p.last {
                last = Some(month("period.last", l)?);
            }
            if let (Some(f), Some(l)) = (first, last) {
                if l < f {
                    return Err(err(
                        "period.last",
                        format!("the last month {l} is before the first month {f}"),
                    ));
                }
            }
        }
        let force = match raw.force {
            Some(f) => {
                nonempty("force.code", &f.code)?;
                nonempty("force.name", &f.name)?;
                Some((f.code, f.name))
            }
            None => None,
        };
        let mut areas = Vec::new();
        for (i, a) in raw.areas.into_iter().enumerate() {
            let key = format!("areas[{i}]");
            nonempty(&format!("{key}.code"), &a.code)?;
            nonempty(&format!("{key}.name"), &a.name)?;
            let kind = a.kind.unwrap_or_else(|| "csp".into());
            if kind != "csp" && kind != "force" {
                return Err(err(
                    &format!("{key}.kind"),
                    format!("unknown area kind \"{kind}\": expected \"force\" or \"csp\""),
                ));
            }
            areas.push((a.code, a.name, kind));
        }
        let events = |list: Vec<RawEvent>, table: &str, top: bool| -> Result<Vec<Event>> {
            let mut out = Vec::new();
            for (i, e) in list.into_iter().enumerate() {
                let key = format!("{table}[{i}]");
                let m = month(&format!("{key}.month"), &e.month)?;
                let text = if table.ends_with("annotations") {
                    if e.reason.is_some() {
                        return Err(err(
                            &format!("{key}.reason"),
                            "an annotation has `text`, not `reason`".into(),
                        ));
                    }
                    e.text
                        .ok_or_else(|| err(&key, "missing key `text`".into()))?
                } else {
                    if e.text.is_some() {
                        return Err(err(
                            &format!("{key}.text"),
                            format!(
                                "{} have a `reason`, not `text`",
                                table.rsplit('.').next().unwrap_or(table)
                            ),
                        ));
                    }
                    e.reason.ok_or_else(|| {
                        err(&key, "missing key `reason` (the documented cause)".into())
                    })?
                };
                let tkey = if table.ends_with("annotations") {
                    "text"
                } else {
                    "reason"
                };
                nonempty(&format!("{key}.{tkey}"), &text)?;
                if !top && (e.measures.is_some() || e.sections.is_some() || e.units.is_some()) {
                    return Err(err(
                        &key,
                        "`measures`, `sections` and `units` filters belong to top-level tables; \
                         inside a measure the event already applies to it"
                            .into(),
                    ));
                }
                if let Some(s) = &e.sections {
                    for (j, s) in s.iter().enumerate() {
                        if !SECTIONS.contains(&s.as_str()) {
                            return Err(err(
                                &format!("{key}.sections[{j}]"),
                                format!(
                                    "unknown section \"{s}\": expected one of {}",
                                    SECTIONS.join(", ")
                                ),
                            ));
                        }
                    }
                }
                if let Some(u) = &e.units {
                    for (j, u) in u.iter().enumerate() {
                        if !UNITS.contains(&u.as_str()) {
                            return Err(err(
                                &format!("{key}.units[{j}]"),
                                format!(
                                    "unknown unit \"{u}\": expected one of {}",
                                    UNITS.join(", ")
                                ),
                            ));
                        }
                    }
                }
                out.push(Event {
                    key,
                    month: m,
                    text,
                    areas: e.areas,
                    measures: e.measures,
                    sections: e.sections,
                    units: e.units,
                });
            }
            Ok(out)
        };
        let mut measures: Vec<MeasureSpec> = Vec::new();
        for (i, r) in raw.measures.into_iter().enumerate() {
            let key = format!("measures[{i}]");
            nonempty(&format!("{key}.id"), &r.id)?;
            nonempty(&format!("{key}.name"), &r.name)?;
            if let Some(prev) = measures.iter().find(|m| m.id == r.id) {
                return Err(err(
                    &format!("{key}.id"),
                    format!("measure id \"{}\" is already used by {}", r.id, prev.key),
                ));
            }
            if !SECTIONS.contains(&r.section.as_str()) {
                return Err(err(
                    &format!("{key}.section"),
                    format!(
                        "unknown section \"{}\": expected one of {}",
                        r.section,
                        SECTIONS.join(", ")
                    ),
                ));
            }
            if !UNITS.contains(&r.unit.as_str()) {
                return Err(err(
                    &format!("{key}.unit"),
                    format!(
                        "unknown unit \"{}\": expected one of {}",
                        r.unit,
                        UNITS.join(", ")
                    ),
                ));
            }
            let direction = Direction::parse(&r.direction).ok_or_else(|| {
                err(
                    &format!("{key}.direction"),
                    format!(
                        "unknown improvement direction \"{}\": expected increase, decrease or neutral",
                        r.direction
                    ),
                )
            })?;
            if let Some(c) = &r.chart {
                if ChartType::parse(c).is_none() {
                    return Err(err(
                        &format!("{key}.chart"),
                        format!("unknown chart type \"{c}\": expected xmr, p, pp, u, up or c"),
                    ));
                }
            }
            if let Some(t) = r.target {
                if !t.is_finite() {
                    return Err(err(
                        &format!("{key}.target"),
                        "the target must be a finite number".into(),
                    ));
                }
            }
            measures.push(MeasureSpec {
                id: r.id,
                name: r.name,
                section: r.section,
                unit: r.unit,
                direction,
                chart: r.chart,
                description: r.description,
                target: r.target,
                annotations: events(r.annotations, &format!("{key}.annotations"), false)?,
                exclusions: events(r.exclusions, &format!("{key}.exclusions"), false)?,
                rebases: events(r.rebases, &format!("{key}.rebases"), false)?,
                key,
            });
        }
        Ok(Config {
            file: file.to_string(),
            metadata: MetadataDto {
                title: m.title,
                publisher: m.publisher,
                source: m.source,
                licence: m.licence,
                published: m.published,
                notes: m.notes,
            },
            first,
            last,
            force,
            areas,
            measures,
            annotations: events(raw.annotations, "annotations", true)?,
            exclusions: events(raw.exclusions, "exclusions", true)?,
            rebases: events(raw.rebases, "rebases", true)?,
        })
    }

    /// An error at a key path of this file.
    pub fn error(&self, key: &str, message: impl Into<String>) -> Error {
        let mut loc = Location::file_line(&self.file, None);
        loc.json_path = Some(key.to_string());
        Error::new(ErrorKind::Source, message, loc)
    }
}

/// Checks a `YYYY-MM-DD` date.
fn check_date(text: &str) -> std::result::Result<(), String> {
    if text.len() != 10 {
        return Err(format!("\"{text}\" is not a date: expected YYYY-MM-DD"));
    }
    Month::parse(text).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: &str = r#"
[metadata]
title = "T"
publisher = "P"
source = "S"
licence = "OGL"
published = "2023-01-31"
"#;

    #[test]
    fn minimal_file_parses() {
        let c = Config::parse(MIN, "m.toml").unwrap();
        assert_eq!(c.metadata.title, "T");
        assert!(c.measures.is_empty());
    }

    #[test]
    fn unknown_key_names_path_and_line() {
        let text = format!("{MIN}\n[[measures]]\nid = \"1.1\"\nnmae = \"x\"\n");
        let e = Config::parse(&text, "m.toml").unwrap_err();
        let s = e.to_string();
        assert!(s.contains("nmae"), "{s}");
        assert!(s.contains("m.toml line 11"), "{s}");
        assert!(s.contains("measures[0]"), "{s}");
    }

    #[test]
    fn bad_section_names_key_path() {
        let text = format!(
            "{MIN}\n[[measures]]\nid = \"1.1\"\nname = \"x\"\nsection = \"Crimes\"\nunit = \"count\"\ndirection = \"decrease\"\n"
        );
        let e = Config::parse(&text, "m.toml").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown section \"Crimes\": expected one of Calls, Incidents, Crime, Outcomes, Prevention (m.toml, at measures[0].section)"
        );
    }

    #[test]
    fn exclusion_needs_a_reason() {
        let text = format!("{MIN}\n[[exclusions]]\nmonth = \"2020-03\"\n");
        let e = Config::parse(&text, "m.toml").unwrap_err();
        assert!(e.to_string().contains("at exclusions[0]"), "{e}");
        assert!(e.to_string().contains("reason"), "{e}");
    }

    #[test]
    fn bad_month_names_key_path() {
        let text = format!("rebases = [{{ month = \"2020-13\", reason = \"x\" }}]\n{MIN}");
        let e = Config::parse(&text, "m.toml").unwrap_err();
        assert!(e.to_string().contains("at rebases[0].month"), "{e}");
    }

    #[test]
    fn filters() {
        let text = format!(
            "{MIN}\n[[annotations]]\nmonth = \"2020-03\"\ntext = \"x\"\nsections = [\"Crime\"]\nunits = [\"count\"]\n"
        );
        let c = Config::parse(&text, "m.toml").unwrap();
        let a = &c.annotations[0];
        assert!(a.applies_to("3.1", "Crime", "count"));
        assert!(!a.applies_to("3.21", "Crime", "rate_per_1000"));
        assert!(!a.applies_to("2.1", "Incidents", "count"));
    }
}
