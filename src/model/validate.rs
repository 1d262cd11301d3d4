//! Parsing and validation of the published performance JSON (schema_version 1).
//!
//! The text is parsed once, by the model's reader (`model::read`), into the `model::json` DTOs; then every
//! rule of the format is checked while the DTOs are turned into domain types. The first
//! broken rule stops the parse with an [`Error`] naming *where*: the JSON path, and the
//! measure id, area code and month when they are known. Things a reader should know that do
//! not stop the file being used come back as [`DataWarning`]s.
//!
//! The rules and the limits are documented for analysts in `docs/format.md`; keep the two in
//! step.

use super::json::{
    AnnotationDto, AreaDto, ExclusionDto, FileDto, GeometryDto, MeasureDto, PopulationDto,
    PositionDto, RebaseDto, ReconciliationDto, SeriesDto,
};
use super::{
    Annotation, Area, AreaKind, DataWarning, Dataset, Exclusion, Measure, Metadata, Polygon,
    Population, Rebase, Reconciliation, Section, Series, Unit, SCHEMA_VERSION,
};
use std::fmt::Write as _;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::month::Month;
use crate::spc::small_sort::sort_by_key;
use crate::spc::{ChartType, Direction};
use crate::text::Num;

/// Largest file accepted, in bytes (16 MiB). The LLR file with boundaries is well under 1 MiB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
/// Most months in the period (50 years of monthly data).
pub const MAX_MONTHS: usize = 600;
/// Most areas in a file (a force has at most a few dozen CSPs).
pub const MAX_AREAS: usize = 200;
/// Most measures in a file.
pub const MAX_MEASURES: usize = 500;
/// Most series in the whole file (all measures together).
pub const MAX_SERIES: usize = 20_000;
/// Most population estimates for one area.
pub const MAX_POPULATION_ESTIMATES: usize = 100;
/// Most rebases of one measure.
pub const MAX_REBASES: usize = 50;
/// Most exclusions of one measure.
pub const MAX_EXCLUSIONS: usize = 200;
/// Most annotations of one measure.
pub const MAX_ANNOTATIONS: usize = 200;
/// Most notes in the metadata.
pub const MAX_NOTES: usize = 50;
/// Longest measure id or area code, in characters.
pub const MAX_ID_CHARS: usize = 32;
/// Longest name or title (dataset title, publisher, area name, measure name), in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest annotation text, in characters (it is drawn on the chart, so it must be short).
pub const MAX_ANNOTATION_CHARS: usize = 200;
/// Longest rebase or exclusion reason, in characters (shown in tooltips and tables).
pub const MAX_REASON_CHARS: usize = 500;
/// Longest free text (source, licence, a note, a measure description), in characters.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Most boundary positions (lon/lat pairs) of one area, after simplification.
pub const MAX_BOUNDARY_POINTS: usize = 100_000;

// Sets and groupings are sorted `Vec`s, not `BTreeMap`s or `HashMap`s: the counts are small
// (limited above), and every map type instantiated costs some KiB of the browser's download
// (the maps were about a third of the validator's wasm).

/// Inserts `key` into the sorted `set`; false if it was there already.
fn insert_sorted<K: Ord>(set: &mut Vec<K>, key: K) -> bool {
    match set.binary_search(&key) {
        Ok(_) => false,
        Err(i) => {
            set.insert(i, key);
            true
        }
    }
}

/// Adds `value` to the group of `key` in `groups` (keys ascending, values in the order
/// added), as `BTreeMap::entry(key).or_default().push(value)` would.
fn push_sorted<K: Ord, V>(groups: &mut Vec<(K, Vec<V>)>, key: K, value: V) {
    match groups.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(i) => groups[i].1.push(value),
        Err(i) => groups.insert(i, (key, vec![value])),
    }
}

/// A group (between rebases) shorter than this many months gets a warning: MDC treats limits
/// on fewer than 12 points as trial limits.
pub const SHORT_GROUP_MONTHS: usize = 12;

/// Parses and validates a published file given as its bytes, as the command line reads it:
/// [`parse`] once they are checked to be UTF-8 (RFC 8259 says a JSON file is), with a leading
/// byte order mark skipped as browsers skip it. A byte that is not UTF-8 is an error saying
/// where it is, instead of the I/O error "stream did not contain valid UTF-8" of
/// `read_to_string`. (The browser loader checks the same in JS with a fatal `TextDecoder`:
/// `js/pcc-spc.js`, `utf8`.)
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_bytes(bytes: &[u8]) -> Result<(Dataset, Vec<DataWarning>)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text),
        Err(e) => Err(not_utf8(bytes, e.valid_up_to())),
    }
}

/// The error for a byte at `at` that does not start a valid UTF-8 sequence: its line and
/// column (1-based, in bytes, as the JSON syntax errors count them).
#[cfg(not(target_arch = "wasm32"))]
fn not_utf8(bytes: &[u8], at: usize) -> Error {
    let before = bytes.get(..at).unwrap_or(bytes);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + before.iter().rev().take_while(|&&b| b != b'\n').count();
    let byte = bytes.get(at).copied().unwrap_or_default();
    Error::new(
        ErrorKind::Json,
        format!(
            "the file is not UTF-8 text: byte 0x{byte:02X} at line {line} column {column} is not part of a UTF-8 character; save or publish the file as UTF-8"
        ),
        Location {
            line: Some(line as u64),
            ..Location::default()
        },
    )
}

/// Parses and validates a published file.
///
/// Returns the dataset and the warnings a reader should see, or the first error found, with
/// its place. Never panics, whatever the input.
pub fn parse(text: &str) -> Result<(Dataset, Vec<DataWarning>)> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_large(
            "the file",
            "bytes",
            "MAX_FILE_BYTES",
            MAX_FILE_BYTES,
            text.len(),
            Location::default(),
        ));
    }
    let root = super::read::parse(text)?;
    // The version first: a file of another schema version says so, instead of complaining
    // about a member this version does not know.
    if super::read::is_object(&root) {
        check_version(super::read::schema_version(&root))?;
    }
    let dto = super::read::file(&root)?;
    validate(&dto)
}

/// Validates DTOs (already deserialised) into a dataset and its warnings.
///
/// `pcc-spc build` uses this to check what it is about to write.
pub fn validate(dto: &FileDto) -> Result<(Dataset, Vec<DataWarning>)> {
    check_version(Some(Ok(dto.schema_version)))?;
    let metadata = metadata(dto)?;
    let (first, last) = period(dto)?;
    let mut v = Validator {
        warnings: Vec::new(),
        first,
        last,
        months: last.since(first) as usize + 1,
        area_codes: Vec::new(),
    };
    let ds = v.file(dto, metadata, first, last)?;
    Ok((ds, v.warnings))
}

// ---------------------------------------------------------------------------------------
// Errors

fn too_large(
    what: &str,
    unit: &str,
    name: &str,
    limit: usize,
    actual: usize,
    at: Location,
) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        format!("{what} has {actual} {unit}; the limit ({name}) is {limit}"),
        at,
    )
}

fn check_count(
    what: &str,
    unit: &str,
    name: &str,
    limit: usize,
    actual: usize,
    at: impl FnOnce() -> Location,
) -> Result<()> {
    if actual > limit {
        Err(too_large(what, unit, name, limit, actual, at()))
    } else {
        Ok(())
    }
}

/// `found`: the version the file gives (`None` when it gives none), or what it gives instead
/// of a whole number, written as JSON.
fn check_version(found: Option<Result<u64, String>>) -> Result<()> {
    let at = || Location::path("schema_version");
    let given = match found {
        None => {
            return Err(Error::new(
                ErrorKind::SchemaVersion,
                format!(
                    "schema_version is missing: this build of pcc-spc reads schema_version {SCHEMA_VERSION}"
                ),
                at(),
            ))
        }
        Some(Ok(SCHEMA_VERSION)) => return Ok(()),
        Some(Ok(n)) => n.to_string(),
        Some(Err(text)) => text,
    };
    Err(Error::new(
        ErrorKind::SchemaVersion,
        format!(
            "schema_version {given} is not supported: this build of pcc-spc reads schema_version {SCHEMA_VERSION} only"
        ),
        at(),
    ))
}

// ---------------------------------------------------------------------------------------
// Validation

struct Validator {
    warnings: Vec<DataWarning>,
    first: Month,
    /// Kept, not worked out from `first` and `months` where it is needed.
    last: Month,
    months: usize,
    /// Sorted, for binary search.
    area_codes: Vec<String>,
}

fn warn(code: &str, message: String) -> DataWarning {
    DataWarning::new(code, message)
}

/// `text` is not blank (when `required`) and has at most `limit` characters. Generic over
/// `at`, as `check_count` is: taking it as `&dyn Fn` measured larger in the browser module
/// (each place then becomes a function of its own, called through a vtable). Only the place
/// is generic: the checks are in [`text_error`], once.
fn text_ok(
    text: &str,
    what: &str,
    name: &str,
    limit: usize,
    required: bool,
    at: impl Fn() -> Location,
) -> Result<()> {
    text_error(text, what, name, limit, required).map_err(|e| e.within(at()))
}

/// [`text_ok`]'s checks, with the error not yet placed.
fn text_error(text: &str, what: &str, name: &str, limit: usize, required: bool) -> Result<()> {
    if required && text.trim().is_empty() {
        return Err(Error::invalid(
            format!("{what} is empty"),
            Location::default(),
        ));
    }
    let n = text.chars().count();
    check_count(what, "characters", name, limit, n, Location::default)
}

/// A month of the file: strictly `YYYY-MM`.
fn parse_month(text: &str, at: impl Fn() -> Location) -> Result<Month> {
    parse_month_at(text, &at)
}

fn parse_month_at(text: &str, at: &dyn Fn() -> Location) -> Result<Month> {
    if text.len() != 7 {
        return Err(Error::invalid(
            format!("\"{text}\" is not a month: expected YYYY-MM"),
            at(),
        ));
    }
    Month::parse(text).map_err(|m| Error::invalid(m, at()))
}

/// A date `YYYY-MM-DD`.
fn check_date(text: &str, at: impl Fn() -> Location) -> Result<()> {
    check_date_at(text, &at)
}

fn check_date_at(text: &str, at: &dyn Fn() -> Location) -> Result<()> {
    if text.len() != 10 {
        return Err(Error::invalid(
            format!("\"{text}\" is not a date: expected YYYY-MM-DD"),
            at(),
        ));
    }
    Month::parse(text)
        .map(|_| ())
        .map_err(|m| Error::invalid(m, at()))
}

fn metadata(dto: &FileDto) -> Result<Metadata> {
    let m = &dto.metadata;
    let p = |f: &str| Location::path(format!("metadata.{f}"));
    text_ok(
        &m.title,
        "the title",
        "MAX_NAME_CHARS",
        MAX_NAME_CHARS,
        true,
        || p("title"),
    )?;
    text_ok(
        &m.publisher,
        "the publisher",
        "MAX_NAME_CHARS",
        MAX_NAME_CHARS,
        true,
        || p("publisher"),
    )?;
    text_ok(
        &m.source,
        "the source",
        "MAX_TEXT_CHARS",
        MAX_TEXT_CHARS,
        true,
        || p("source"),
    )?;
    text_ok(
        &m.licence,
        "the licence",
        "MAX_TEXT_CHARS",
        MAX_TEXT_CHARS,
        true,
        || p("licence"),
    )?;
    check_date(&m.published, || p("published"))?;
    check_count(
        "the metadata",
        "notes",
        "MAX_NOTES",
        MAX_NOTES,
        m.notes.len(),
        || p("notes"),
    )?;
    for (i, n) in m.notes.iter().enumerate() {
        text_ok(n, "a note", "MAX_TEXT_CHARS", MAX_TEXT_CHARS, true, || {
            p(&format!("notes[{i}]"))
        })?;
    }
    Ok(Metadata {
        title: m.title.clone(),
        publisher: m.publisher.clone(),
        source: m.source.clone(),
        licence: m.licence.clone(),
        published: m.published.clone(),
        notes: m.notes.clone(),
    })
}

fn period(dto: &FileDto) -> Result<(Month, Month)> {
    let first = parse_month(&dto.period.first, || Location::path("period.first"))?;
    let last = parse_month(&dto.period.last, || Location::path("period.last"))?;
    if last < first {
        return Err(Error::invalid(
            format!("the period ends ({last}) before it starts ({first})"),
            Location::path("period.last"),
        ));
    }
    let months = last.since(first) as usize + 1;
    check_count(
        "the period",
        "months",
        "MAX_MONTHS",
        MAX_MONTHS,
        months,
        || Location::path("period"),
    )?;
    Ok((first, last))
}

impl Validator {
    fn file(
        &mut self,
        dto: &FileDto,
        metadata: Metadata,
        first: Month,
        last: Month,
    ) -> Result<Dataset> {
        check_count(
            "the file",
            "areas",
            "MAX_AREAS",
            MAX_AREAS,
            dto.areas.len(),
            || Location::path("areas"),
        )?;
        if dto.areas.is_empty() {
            return Err(Error::invalid(
                "the file has no areas: at least one force or CSP area is needed",
                Location::path("areas"),
            ));
        }
        let mut areas = Vec::with_capacity(dto.areas.len());
        for (i, a) in dto.areas.iter().enumerate() {
            let area = self.area(i, a)?;
            if area.kind == AreaKind::Force {
                if let Some(other) = areas.iter().find(|a: &&Area| a.kind == AreaKind::Force) {
                    return Err(Error::invalid(
                        format!(
                            "a file has at most one force area, and {} is already the force",
                            other.code
                        ),
                        Location::path(format!("areas[{i}].kind")).with_area(&area.code),
                    ));
                }
                // The force first, then the CSPs, each in file order (there is one force at
                // most, so no sort is needed).
                areas.insert(0, area);
            } else {
                areas.push(area);
            }
        }

        check_count(
            "the file",
            "measures",
            "MAX_MEASURES",
            MAX_MEASURES,
            dto.measures.len(),
            || Location::path("measures"),
        )?;
        let total_series: usize = dto.measures.iter().map(|m| m.series.len()).sum();
        check_count(
            "the file",
            "series (over all measures)",
            "MAX_SERIES",
            MAX_SERIES,
            total_series,
            || Location::path("measures"),
        )?;
        let mut measures = Vec::with_capacity(dto.measures.len());
        for (i, m) in dto.measures.iter().enumerate() {
            if let Some(prev) = dto.measures[..i].iter().position(|p| p.id == m.id) {
                return Err(Error::invalid(
                    format!(
                        "measure id \"{}\" is used twice (first at measures[{prev}])",
                        m.id
                    ),
                    Location::path(format!("measures[{i}].id")).with_measure(&m.id),
                ));
            }
            measures.push(self.measure(i, m)?);
        }

        // Empty in the chart module (`READS_BREAKDOWN_DATA`): the test drops its checks there.
        let reconciliation = if super::READS_BREAKDOWN_DATA {
            self.reconciliation(&dto.reconciliation)?
        } else {
            Vec::new()
        };

        let ds = Dataset {
            metadata,
            first,
            last,
            areas,
            measures,
            reconciliation,
        };
        self.dataset_warnings(&ds);
        Ok(ds)
    }

    fn first(&self) -> Month {
        self.first
    }

    fn last(&self) -> Month {
        self.last
    }

    /// A month that must lie in the period; returns its index.
    fn period_month(&self, text: &str, at: impl Fn() -> Location) -> Result<(Month, usize)> {
        self.period_month_at(text, &at)
    }

    fn period_month_at(&self, text: &str, at: &dyn Fn() -> Location) -> Result<(Month, usize)> {
        let m = parse_month_at(text, at)?;
        let (first, last) = (self.first(), self.last());
        if m < first || m > last {
            return Err(Error::invalid(
                format!("{m} is outside the period {first} to {last}"),
                at().with_month(m),
            ));
        }
        Ok((m, m.since(first) as usize))
    }

    fn area(&mut self, i: usize, a: &AreaDto) -> Result<Area> {
        let p = |f: &str| Location::path(format!("areas[{i}].{f}"));
        if a.code.trim().is_empty() || a.code.trim() != a.code {
            return Err(Error::invalid(
                format!("area code \"{}\" is empty or has spaces around it", a.code),
                p("code"),
            ));
        }
        text_ok(
            &a.code,
            "the area code",
            "MAX_ID_CHARS",
            MAX_ID_CHARS,
            true,
            || p("code"),
        )?;
        if !insert_sorted(&mut self.area_codes, a.code.clone()) {
            return Err(Error::invalid(
                format!("area code {} is used twice", a.code),
                p("code").with_area(&a.code),
            ));
        }
        let pa = |f: &str| p(f).with_area(&a.code);
        text_ok(
            &a.name,
            "the area name",
            "MAX_NAME_CHARS",
            MAX_NAME_CHARS,
            true,
            || pa("name"),
        )?;
        let kind = AreaKind::parse(&a.kind).ok_or_else(|| {
            Error::invalid(
                format!(
                    "area kind \"{}\" is not known: expected \"force\" or \"csp\"",
                    a.kind
                ),
                pa("kind"),
            )
        })?;
        // Not in the chart module, where the reader leaves every population out (see
        // `READS_BREAKDOWN_DATA`): the test lets the optimiser drop their checks.
        let mut population: Vec<Population> = Vec::new();
        if super::READS_BREAKDOWN_DATA {
            check_count(
                "the area",
                "population estimates",
                "MAX_POPULATION_ESTIMATES",
                MAX_POPULATION_ESTIMATES,
                a.population.len(),
                || pa("population"),
            )?;
            population = Vec::with_capacity(a.population.len());
            for (j, pop) in a.population.iter().enumerate() {
                population.push(self.population(i, j, &a.code, pop)?);
            }
            sort_by_key(&mut population, |p| p.mid_year);
            for w in population.windows(2) {
                if w[0].mid_year == w[1].mid_year {
                    let j = a
                        .population
                        .iter()
                        .rposition(|p| p.mid_year == w[1].mid_year)
                        .unwrap_or(0);
                    return Err(Error::invalid(
                        format!(
                            "there are two population estimates for mid-{}",
                            w[0].mid_year
                        ),
                        pa(&format!("population[{j}].mid_year")),
                    ));
                }
            }
        }
        // Not in the chart module, where the reader leaves every boundary out (see
        // `READS_BREAKDOWN_DATA`): the test lets the optimiser drop `boundary` and `polygon`.
        let boundary = match &a.boundary {
            Some(g) if super::READS_BREAKDOWN_DATA => {
                Some(boundary(g, &format!("areas[{i}].boundary"), &a.code)?)
            }
            _ => None,
        };
        Ok(Area {
            code: a.code.clone(),
            name: a.name.clone(),
            kind,
            population,
            boundary,
        })
    }

    fn population(
        &mut self,
        i: usize,
        j: usize,
        code: &str,
        p: &PopulationDto,
    ) -> Result<Population> {
        let at =
            |f: &str| Location::path(format!("areas[{i}].population[{j}].{f}")).with_area(code);
        if !(1800..=9999).contains(&p.mid_year) {
            return Err(Error::invalid(
                format!(
                    "mid_year {} is not a plausible year (1800 to 9999)",
                    p.mid_year
                ),
                at("mid_year"),
            ));
        }
        if !(p.value.is_finite() && p.value > 0.0) {
            return Err(Error::invalid(
                format!(
                    "population {} for mid-{} must be a positive number",
                    Num(p.value),
                    p.mid_year
                ),
                at("value"),
            ));
        }
        if let Some(s) = &p.source {
            text_ok(
                s,
                "the population source",
                "MAX_TEXT_CHARS",
                MAX_TEXT_CHARS,
                false,
                || at("source"),
            )?;
        }
        Ok(Population {
            mid_year: p.mid_year,
            value: p.value,
            source: p.source.clone(),
        })
    }

    fn measure(&mut self, i: usize, m: &MeasureDto) -> Result<Measure> {
        let p = |f: &str| Location::path(format!("measures[{i}].{f}"));
        if m.id.trim().is_empty() || m.id.trim() != m.id {
            return Err(Error::invalid(
                format!("measure id \"{}\" is empty or has spaces around it", m.id),
                p("id"),
            ));
        }
        text_ok(
            &m.id,
            "the measure id",
            "MAX_ID_CHARS",
            MAX_ID_CHARS,
            true,
            || p("id"),
        )?;
        let pm = |f: &str| p(f).with_measure(&m.id);
        text_ok(
            &m.name,
            "the measure name",
            "MAX_NAME_CHARS",
            MAX_NAME_CHARS,
            true,
            || pm("name"),
        )?;
        let section = Section::parse(&m.section).ok_or_else(|| {
            Error::invalid(
                format!(
                    "section \"{}\" is not known: expected one of Calls, Incidents, Crime, Outcomes, Prevention",
                    m.section
                ),
                pm("section"),
            )
        })?;
        let unit = Unit::parse(&m.unit).ok_or_else(|| {
            Error::invalid(
                format!(
                    "unit \"{}\" is not known: expected one of count, percent, rate_per_1000, minutes, seconds, days, score",
                    m.unit
                ),
                pm("unit"),
            )
        })?;
        let direction = Direction::parse(&m.improvement_direction).ok_or_else(|| {
            Error::invalid(
                format!(
                    "improvement_direction \"{}\" is not known: expected increase, decrease or neutral",
                    m.improvement_direction
                ),
                pm("improvement_direction"),
            )
        })?;
        let chart = match &m.chart {
            None => ChartType::Xmr,
            Some(c) => ChartType::parse(c).ok_or_else(|| {
                Error::invalid(
                    format!("chart \"{c}\" is not known: expected xmr, p, pp, u, up or c"),
                    pm("chart"),
                )
            })?,
        };
        if chart == ChartType::C && unit != Unit::Count {
            return Err(Error::invalid(
                format!("a c chart is for counts, but the unit is {}", unit.as_str()),
                pm("chart"),
            ));
        }
        if matches!(chart, ChartType::P | ChartType::Pp) && unit != Unit::Percent {
            return Err(Error::invalid(
                format!(
                    "a p chart plots a percentage, but the unit is {}",
                    unit.as_str()
                ),
                pm("chart"),
            ));
        }
        if let Some(d) = &m.description {
            text_ok(
                d,
                "the description",
                "MAX_TEXT_CHARS",
                MAX_TEXT_CHARS,
                false,
                || pm("description"),
            )?;
        }
        if let Some(t) = m.target {
            check_unit_value("target", unit, t, false)
                .map_err(|sentence| Error::invalid(sentence, pm("target")))?;
        }

        // Rebases.
        check_count(
            "the measure",
            "rebases",
            "MAX_REBASES",
            MAX_REBASES,
            m.rebases.len(),
            || pm("rebases"),
        )?;
        let mut rebases = Vec::with_capacity(m.rebases.len());
        for (j, r) in m.rebases.iter().enumerate() {
            rebases.push(self.rebase(i, j, &m.id, r)?);
        }
        let mut keys = Vec::with_capacity(rebases.len());
        for r in &rebases {
            keys.push((r.month, r.areas.as_deref()));
        }
        no_overlap(&keys, "rebase", i, &m.id)?;
        for r in &rebases {
            if r.month == self.first() {
                self.warnings.push(warn(
                    "rebase_at_first_month",
                    format!(
                        "measure {}: the rebase at {} is the first month of the period, so it changes nothing",
                        m.id, r.month
                    ),
                ).for_measure(&m.id).for_areas(r.areas.as_deref().unwrap_or_default()));
            }
        }

        // Exclusions.
        check_count(
            "the measure",
            "exclusions",
            "MAX_EXCLUSIONS",
            MAX_EXCLUSIONS,
            m.exclusions.len(),
            || pm("exclusions"),
        )?;
        let mut exclusions = Vec::with_capacity(m.exclusions.len());
        for (j, e) in m.exclusions.iter().enumerate() {
            exclusions.push(self.exclusion(i, j, &m.id, e)?);
        }
        let mut keys = Vec::with_capacity(exclusions.len());
        for e in &exclusions {
            keys.push((e.month, e.areas.as_deref()));
        }
        no_overlap(&keys, "exclusion", i, &m.id)?;

        // Annotations.
        check_count(
            "the measure",
            "annotations",
            "MAX_ANNOTATIONS",
            MAX_ANNOTATIONS,
            m.annotations.len(),
            || pm("annotations"),
        )?;
        let mut annotations = Vec::with_capacity(m.annotations.len());
        for (j, a) in m.annotations.iter().enumerate() {
            annotations.push(self.annotation(i, j, &m.id, a)?);
        }

        // Series.
        let mut series = Vec::with_capacity(m.series.len());
        for (j, s) in m.series.iter().enumerate() {
            if let Some(prev) = m.series[..j].iter().position(|p| p.area == s.area) {
                return Err(Error::invalid(
                    format!(
                        "area {} has two series (the first at measures[{i}].series[{prev}])",
                        s.area
                    ),
                    pm(&format!("series[{j}].area")).with_area(&s.area),
                ));
            }
            series.push(self.series(i, j, &m.id, unit, chart, s)?);
        }

        sort_by_key(&mut rebases, |r| r.month);
        sort_by_key(&mut exclusions, |e| e.month);
        sort_by_key(&mut annotations, |a| a.month);
        let measure = Measure {
            id: m.id.clone(),
            name: m.name.clone(),
            section,
            unit,
            direction,
            chart,
            description: m.description.clone(),
            target: m.target,
            rebases,
            exclusions,
            annotations,
            series,
        };
        // Exclusions of a month that is not published in a series they apply to.
        for e in &measure.exclusions {
            for s in &measure.series {
                if e.applies_to(&s.area) {
                    let k = e.month.since(self.first()) as usize;
                    if s.values.get(k).copied().flatten().is_none() {
                        self.warnings.push(
                            warn(
                                "excluded_month_not_published",
                                format!(
                                "measure {}, area {}: {} is excluded but has no published value",
                                measure.id, s.area, e.month
                            ),
                            )
                            .for_measure(&measure.id)
                            .for_areas(std::slice::from_ref(&s.area)),
                        );
                    }
                }
            }
        }
        Ok(measure)
    }

    /// An optional list of area codes: each known, none twice, not empty.
    fn area_list(
        &self,
        areas: &Option<Vec<String>>,
        at: &dyn Fn(&str) -> Location,
    ) -> Result<Option<Vec<String>>> {
        let Some(list) = areas else { return Ok(None) };
        if list.is_empty() {
            return Err(Error::invalid(
                "areas is an empty list: leave it out to mean every area",
                at("areas"),
            ));
        }
        for (k, code) in list.iter().enumerate() {
            // The two faults of an item share their sentence's shape and their place.
            let fault = if self.area_codes.binary_search(code).is_err() {
                "is not an area of the file"
            } else if list[..k].contains(code) {
                "is listed twice"
            } else {
                continue;
            };
            return Err(Error::invalid(
                format!("area {code} {fault}"),
                at(&format!("areas[{k}]")).with_area(code),
            ));
        }
        Ok(Some(list.clone()))
    }

    /// Item `j` of a measure's dated list (`rebases`, `exclusions` or `annotations`): its
    /// month, in the period, its text (the member `field`, called `what`, at most `limit`
    /// characters, the constant `name`) and the areas it applies to. One body for the three
    /// lists, which differ only in these words (the browser module carries it once).
    fn dated(
        &self,
        (i, list, j, id): (usize, &str, usize, &str),
        month: &str,
        text: &str,
        (field, what, name, limit): (&str, &str, &str, usize),
        areas: &Option<Vec<String>>,
    ) -> Result<(Month, Option<Vec<String>>)> {
        let at =
            |f: &str| Location::path(format!("measures[{i}].{list}[{j}].{f}")).with_measure(id);
        let (month, _) = self.period_month(month, || at("month"))?;
        let atm = |f: &str| at(f).with_month(month);
        text_ok(text, what, name, limit, true, || atm(field))?;
        let areas = self.area_list(areas, &atm)?;
        Ok((month, areas))
    }

    fn rebase(&mut self, i: usize, j: usize, id: &str, r: &RebaseDto) -> Result<Rebase> {
        let (month, areas) = self.dated(
            (i, "rebases", j, id),
            &r.month,
            &r.reason,
            (
                "reason",
                "the rebase reason",
                "MAX_REASON_CHARS",
                MAX_REASON_CHARS,
            ),
            &r.areas,
        )?;
        Ok(Rebase {
            month,
            reason: r.reason.clone(),
            areas,
        })
    }

    fn exclusion(&mut self, i: usize, j: usize, id: &str, e: &ExclusionDto) -> Result<Exclusion> {
        let (month, areas) = self.dated(
            (i, "exclusions", j, id),
            &e.month,
            &e.reason,
            (
                "reason",
                "the exclusion reason",
                "MAX_REASON_CHARS",
                MAX_REASON_CHARS,
            ),
            &e.areas,
        )?;
        Ok(Exclusion {
            month,
            reason: e.reason.clone(),
            areas,
        })
    }

    fn annotation(
        &mut self,
        i: usize,
        j: usize,
        id: &str,
        a: &AnnotationDto,
    ) -> Result<Annotation> {
        let (month, areas) = self.dated(
            (i, "annotations", j, id),
            &a.month,
            &a.text,
            (
                "text",
                "the annotation text",
                "MAX_ANNOTATION_CHARS",
                MAX_ANNOTATION_CHARS,
            ),
            &a.areas,
        )?;
        Ok(Annotation {
            month,
            text: a.text.clone(),
            areas,
        })
    }

    fn series(
        &mut self,
        i: usize,
        j: usize,
        id: &str,
        unit: Unit,
        chart: ChartType,
        s: &SeriesDto,
    ) -> Result<Series> {
        let base = format!("measures[{i}].series[{j}]");
        if self.area_codes.binary_search(&s.area).is_err() {
            return Err(Error::invalid(
                format!("area {} is not an area of the file", s.area),
                Location::path(format!("{base}.area"))
                    .with_measure(id)
                    .with_area(&s.area),
            ));
        }
        let first = self.first();
        let at = |field: &str, k: Option<usize>| {
            let mut loc = match k {
                Some(k) => {
                    Location::path(format!("{base}.{field}[{k}]")).with_month(first.plus(k as i32))
                }
                None => Location::path(format!("{base}.{field}")),
            };
            loc = loc.with_measure(id).with_area(&s.area);
            loc
        };
        let len_ok = |field: &str, n: usize| -> Result<()> {
            if n != self.months {
                Err(Error::invalid(
                    format!(
                        "{field} has {n} entries but the period {} to {} has {} months",
                        first,
                        self.last(),
                        self.months
                    ),
                    at(field, None),
                ))
            } else {
                Ok(())
            }
        };
        len_ok("values", s.values.len())?;
        for (k, v) in s.values.iter().enumerate() {
            if let Some(v) = *v {
                check_unit_value("value", unit, v, true)
                    .map_err(|sentence| Error::invalid(sentence, at("values", Some(k))))?;
            }
        }
        match (&s.numerators, &s.denominators) {
            (None, None) => {
                if chart.needs_denominators() {
                    return Err(Error::invalid(
                        format!(
                            "a {} chart needs numerators and denominators",
                            chart.as_str()
                        ),
                        at("numerators", None),
                    ));
                }
            }
            (Some(_), None) => {
                return Err(Error::invalid(
                    "numerators are given without denominators",
                    at("denominators", None),
                ))
            }
            (None, Some(_)) => {
                return Err(Error::invalid(
                    "denominators are given without numerators",
                    at("numerators", None),
                ))
            }
            (Some(num), Some(den)) => {
                len_ok("numerators", num.len())?;
                len_ok("denominators", den.len())?;
                let scale = unit.ratio_scale();
                for k in 0..self.months {
                    let (v, n, d) = (s.values[k], num[k], den[k]);
                    if let Some(n) = n {
                        if !(n.is_finite() && n >= 0.0) {
                            return Err(Error::invalid(
                                format!("numerator {} must be a finite number, 0 or more", Num(n)),
                                at("numerators", Some(k)),
                            ));
                        }
                    }
                    if let Some(d) = d {
                        if !(d.is_finite() && d > 0.0) {
                            return Err(Error::invalid(
                                format!(
                                    "denominator {} must be a finite number greater than 0",
                                    Num(d)
                                ),
                                at("denominators", Some(k)),
                            ));
                        }
                    }
                    match (v, n, d) {
                        (None, Some(n), _) => {
                            return Err(Error::invalid(
                                format!(
                                    "the value is null (not published) but the numerator is {}",
                                    Num(n)
                                ),
                                at("numerators", Some(k)),
                            ))
                        }
                        (Some(_), None, _) => {
                            return Err(Error::invalid(
                                "the value is published but the numerator is null",
                                at("numerators", Some(k)),
                            ))
                        }
                        (Some(_), Some(_), None) => {
                            return Err(Error::invalid(
                                "the numerator is published but the denominator is null",
                                at("denominators", Some(k)),
                            ))
                        }
                        (Some(v), Some(n), Some(d)) => {
                            if matches!(chart, ChartType::P | ChartType::Pp) && n > d {
                                return Err(Error::invalid(
                                    format!("numerator {} is greater than denominator {}, so it is not a proportion", Num(n), Num(d)),
                                    at("numerators", Some(k)),
                                ));
                            }
                            let expected = scale * n / d;
                            if !ratio_matches(v, expected) {
                                return Err(Error::invalid(
                                    format!(
                                        "value {} does not match {} × numerator {} / denominator {} = {}",
                                        Num(v),
                                        Num(scale),
                                        Num(n),
                                        Num(d),
                                        Num(expected)
                                    ),
                                    at("values", Some(k)),
                                ));
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(Series {
            area: s.area.clone(),
            values: s.values.clone(),
            numerators: s.numerators.clone(),
            denominators: s.denominators.clone(),
        })
    }

    fn reconciliation(&mut self, rows: &[ReconciliationDto]) -> Result<Vec<Reconciliation>> {
        check_count(
            "reconciliation",
            "months",
            "MAX_MONTHS",
            MAX_MONTHS,
            rows.len(),
            || Location::path("reconciliation"),
        )?;
        let mut out: Vec<Reconciliation> = Vec::with_capacity(rows.len());
        let mut seen: Vec<Month> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let at = |f: &str| Location::path(format!("reconciliation[{i}].{f}"));
            let (month, _) = self.period_month(&r.month, || at("month"))?;
            let atm = |f: &str| at(f).with_month(month);
            if !insert_sorted(&mut seen, month) {
                return Err(Error::invalid(
                    format!("{month} appears twice in the reconciliation"),
                    atm("month"),
                ));
            }
            let unassigned = r.no_location.checked_add(r.outside_areas);
            if unassigned.is_none_or(|u| u > r.rows) {
                return Err(Error::invalid(
                    format!(
                        "no_location ({}) plus outside_areas ({}) is more than rows ({})",
                        r.no_location, r.outside_areas, r.rows
                    ),
                    atm("rows"),
                ));
            }
            if !r.published && r.rows != 0 {
                return Err(Error::invalid(
                    format!(
                        "the month is marked as not published but has {} rows",
                        r.rows
                    ),
                    atm("rows"),
                ));
            }
            out.push(Reconciliation {
                month,
                rows: r.rows,
                no_location: r.no_location,
                outside_areas: r.outside_areas,
                published: r.published,
            });
        }
        sort_by_key(&mut out, |r| r.month);
        Ok(out)
    }

    /// Warnings that need the whole dataset.
    fn dataset_warnings(&mut self, ds: &Dataset) {
        // Not in the chart module, which reads no population (`READS_BREAKDOWN_DATA`): there
        // every area's list is empty, and saying so would be wrong.
        if super::READS_BREAKDOWN_DATA {
            // Population years.
            let mut years: Vec<i32> = Vec::new();
            for m in &ds.months() {
                insert_sorted(&mut years, m.year());
            }
            let wants_population = ds.measures.iter().any(|m| {
                m.unit == Unit::RatePer1000 || matches!(m.chart, ChartType::U | ChartType::Up)
            });
            let mut missing_years: Vec<(String, Vec<&Area>)> = Vec::new();
            for a in &ds.areas {
                if a.population.is_empty() {
                    if wants_population {
                        self.warnings.push(warn(
                            "population_missing",
                            format!(
                                "area {} ({}) has no population estimate, so no rate per 1,000 can be worked out for it",
                                a.code, a.name
                            ),
                        ).for_areas(std::slice::from_ref(&a.code)));
                    }
                    continue;
                }
                let mut missing = String::new();
                for y in &years {
                    if a.population.iter().any(|p| p.mid_year == *y) {
                        continue;
                    }
                    let used = a.population_for(*y).map(|(u, _)| u).unwrap_or(*y);
                    if !missing.is_empty() {
                        missing.push_str(", ");
                    }
                    let _ = write!(missing, "{y} (mid-{used} used)");
                }
                if !missing.is_empty() {
                    push_sorted(&mut missing_years, missing, a);
                }
            }
            // One warning per set of missing years, naming every area that lacks them.
            for (years, areas) in missing_years {
                let mut names = String::new();
                let mut codes = Vec::with_capacity(areas.len());
                for (k, a) in areas.iter().enumerate() {
                    if k > 0 {
                        names.push_str(", ");
                    }
                    let _ = write!(names, "{} ({})", a.code, a.name);
                    codes.push(a.code.as_str());
                }
                let who = if areas.len() == 1 {
                    format!("area {names} has")
                } else {
                    format!("areas {names} have")
                };
                self.warnings.push(
                    warn(
                        "population_year_missing",
                        format!("{who} no population estimate for {years}"),
                    )
                    .for_areas(&codes),
                );
            }
        }

        for m in &ds.measures {
            if m.series.is_empty() {
                self.warnings.push(
                    warn(
                        "measure_without_series",
                        format!(
                            "measure {} ({}) has no series: there is nothing to chart",
                            m.id, m.name
                        ),
                    )
                    .for_measure(&m.id),
                );
                continue;
            }
            // Entirely missing and trailing missing months: one warning per length of gap,
            // naming every area that has it.
            let mut by_len: Vec<(usize, Vec<&str>)> = Vec::new();
            for s in &m.series {
                // The months not published at the end.
                let mut n = 0;
                for v in s.values.iter().rev() {
                    if v.is_some() {
                        break;
                    }
                    n += 1;
                }
                if n == s.values.len() {
                    self.warnings.push(warn(
                        "series_all_missing",
                        format!(
                            "measure {}, area {}: no month is published, so there is nothing to chart",
                            m.id, s.area
                        ),
                    ).for_measure(&m.id).for_areas(std::slice::from_ref(&s.area)));
                } else if n > 0 {
                    push_sorted(&mut by_len, n, &s.area);
                }
            }
            for (n, areas) in by_len {
                let every = areas.len() == m.series.len() && areas.len() > 1;
                let who = if every {
                    "every area".to_string()
                } else {
                    format!(
                        "area{} {}",
                        if areas.len() == 1 { "" } else { "s" },
                        crate::text::join(&areas, ", ")
                    )
                };
                let last = ds.last;
                let gap = if n == 1 {
                    format!("the last month ({last}) is not published")
                } else {
                    let from = last.plus(1 - n as i32);
                    format!("the last {n} months ({from} to {last}) are not published")
                };
                self.warnings.push(
                    warn(
                        "trailing_months_missing",
                        format!("measure {}, {who}: {gap}", m.id),
                    )
                    .for_measure(&m.id)
                    .for_areas(if every { &[] } else { &areas[..] }),
                );
            }
            // Short groups left by rebases.
            let mut short: Vec<((Month, Month), Vec<&str>)> = Vec::new();
            if !m.rebases.is_empty() {
                for s in &m.series {
                    let mut starts: Vec<Month> = vec![ds.first];
                    for r in m.rebases_for(&s.area) {
                        if r.month > ds.first {
                            starts.push(r.month);
                        }
                    }
                    if starts.len() < 2 {
                        continue;
                    }
                    for (k, start) in starts.iter().enumerate() {
                        let end = starts.get(k + 1).map_or(ds.last, |n| n.plus(-1));
                        let len = end.since(*start) as usize + 1;
                        if len < SHORT_GROUP_MONTHS {
                            push_sorted(&mut short, (*start, end), &s.area);
                        }
                    }
                }
            }
            for ((start, end), areas) in short {
                let len = end.since(start) + 1;
                self.warnings.push(warn(
                    "short_rebase_group",
                    format!(
                        "measure {}: the limits from {start} to {end} rest on {len} month{} (fewer than {SHORT_GROUP_MONTHS}), so they are trial limits, for area{} {}",
                        m.id,
                        if len == 1 { "" } else { "s" },
                        if areas.len() == 1 { "" } else { "s" },
                        crate::text::join(&areas, ", ")
                    ),
                ).for_measure(&m.id).for_areas(&areas));
            }
        }
    }
}

/// Refuses two rebases (or exclusions) at the same month for the same area. `items`: the
/// month and areas (`None` = every area) of each item of `measures[i].{what}s`, in file order.
/// Pair by pair, not grouped by month: the lists are short (`MAX_EXCLUSIONS`), and the
/// grouping's sorted `Vec` of `Vec`s was more wasm.
fn no_overlap(items: &[(Month, Option<&[String]>)], what: &str, i: usize, id: &str) -> Result<()> {
    for (j, &(month, areas)) in items.iter().enumerate() {
        for (prev, &(prev_month, prev_areas)) in items[..j].iter().enumerate() {
            if prev_month != month {
                continue;
            }
            // The area both apply to; `None` when both apply to every area.
            let clash = match (prev_areas, areas) {
                (None, None) => None,
                (None, Some(a)) | (Some(a), None) => match a.first() {
                    Some(code) => Some(code),
                    None => continue,
                },
                (Some(a), Some(b)) => match a.iter().find(|x| b.contains(x)) {
                    Some(code) => Some(code),
                    None => continue,
                },
            };
            let mut loc = Location::path(format!("measures[{i}].{what}s[{j}]"))
                .with_measure(id)
                .with_month(month);
            let who = match clash {
                None => "every area".to_string(),
                Some(code) => {
                    loc = loc.with_area(code);
                    format!("area {code}")
                }
            };
            return Err(Error::invalid(
                format!("a second {what} at {month} for {who} (the first is {what}s[{prev}])"),
                loc,
            ));
        }
    }
    Ok(())
}

/// Is `v`, a measure's `what` (`value` or `target`), allowed for `unit`? Returns the sentence
/// saying why not, e.g. `value 120 is outside 0 to 100 (the unit is percent)`. `whole`
/// requires counts to be whole numbers (published values; a target may be fractional).
fn check_unit_value(
    what: &str,
    unit: Unit,
    v: f64,
    whole: bool,
) -> std::result::Result<(), String> {
    let why = if !v.is_finite() {
        "is not a finite number"
    } else {
        match unit {
            Unit::Percent if !(0.0..=100.0).contains(&v) => {
                "is outside 0 to 100 (the unit is percent)"
            }
            Unit::Score => return Ok(()),
            u if v < 0.0 => {
                return Err(format!(
                    "{what} {} is negative (the unit is {})",
                    Num(v),
                    u.as_str()
                ))
            }
            Unit::Count if whole && v.fract() != 0.0 => "is not a whole number (the unit is count)",
            _ => return Ok(()),
        }
    };
    Err(format!("{what} {} {why}", Num(v)))
}

/// Published values are often rounded: accept a value within 0.05 of the ratio (rounding to
/// one decimal place) or within one part in a million.
fn ratio_matches(v: f64, expected: f64) -> bool {
    let diff = (v - expected).abs();
    diff <= 0.05 + 1e-9 || diff <= 1e-6 * expected.abs()
}

// ---------------------------------------------------------------------------------------
// Boundaries

/// The polygons of a boundary whose shape the reader has checked (see `read::geometry`): here
/// the rules of the format that the shape does not say.
fn boundary(g: &GeometryDto, path: &str, code: &str) -> Result<Vec<Polygon>> {
    let cpath = format!("{path}.coordinates");
    let mut count = 0usize;
    match g {
        GeometryDto::Polygon(rings) => Ok(vec![polygon(rings, &cpath, code, &mut count)?]),
        GeometryDto::MultiPolygon(list) => {
            if list.is_empty() {
                return Err(Error::invalid(
                    "MultiPolygon has no polygons",
                    Location::path(cpath).with_area(code),
                ));
            }
            let mut out = Vec::with_capacity(list.len());
            for (k, p) in list.iter().enumerate() {
                out.push(polygon(p, &format!("{cpath}[{k}]"), code, &mut count)?);
            }
            Ok(out)
        }
    }
}

fn polygon(
    rings: &[Vec<PositionDto>],
    path: &str,
    code: &str,
    count: &mut usize,
) -> Result<Polygon> {
    let at = |p: String| Location::path(p).with_area(code);
    if rings.is_empty() {
        return Err(Error::invalid(
            "a polygon has no rings",
            at(path.to_string()),
        ));
    }
    let mut out = Vec::with_capacity(rings.len());
    for (r, positions) in rings.iter().enumerate() {
        // Paths are written only for an error (a boundary has thousands of positions).
        let rpath = || format!("{path}[{r}]");
        *count += positions.len();
        if *count > MAX_BOUNDARY_POINTS {
            return Err(too_large(
                "the boundary",
                "positions",
                "MAX_BOUNDARY_POINTS",
                MAX_BOUNDARY_POINTS,
                *count,
                at(rpath()),
            ));
        }
        if positions.len() < 4 {
            return Err(Error::invalid(
                format!(
                    "a ring has {} positions; a closed ring needs at least 4",
                    positions.len()
                ),
                at(rpath()),
            ));
        }
        let mut ring_out = Vec::with_capacity(positions.len());
        for (k, &[lon, lat]) in positions.iter().enumerate() {
            let ppath = || format!("{}[{k}]", rpath());
            if !(-180.0..=180.0).contains(&lon) {
                return Err(Error::invalid(
                    format!("longitude {} is outside -180 to 180", Num(lon)),
                    at(format!("{}[0]", ppath())),
                ));
            }
            if !(-90.0..=90.0).contains(&lat) {
                return Err(Error::invalid(
                    format!("latitude {} is outside -90 to 90", Num(lat)),
                    at(format!("{}[1]", ppath())),
                ));
            }
            ring_out.push((lon, lat));
        }
        if ring_out.first() != ring_out.last() {
            return Err(Error::invalid(
                "a ring is not closed: its last position must equal its first",
                at(rpath()),
            ));
        }
        out.push(ring_out);
    }
    Ok(out)
}
