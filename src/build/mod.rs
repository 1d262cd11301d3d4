//! `pcc-spc build`: the published performance JSON from its sources (native only).
//!
//! Two kinds of source, usable together in one file:
//!
//! - **data.police.uk street-level CSVs** (one file per month, plain or gzipped) with an
//!   LSOA → CSP lookup and a population table. Each row is counted once, by month, crime type
//!   and area. The force series counts every row; a CSP series counts the rows whose LSOA the
//!   lookup gives to that CSP; the file's `reconciliation` records, per month, the rows with no
//!   location and the rows whose LSOA is outside every CSP, so that for every month
//!   `rows = Σ CSPs + no_location + outside_areas`. Rows are counted as published: a Crime ID
//!   that appears in two monthly files (a re-issued crime) is counted in both.
//! - **a tidy KPI CSV** (`measure_id, area, month, value[, numerator, denominator]`) whose
//!   measures are declared in the measures file.
//!
//! The measures file (TOML, [`config`]) gives the metadata, the areas, the KPI measures and
//! the annotations, exclusions and rebases (each with a reason) that explain a chart.
//!
//! Optionally, a TopoJSON file of the areas' boundaries ([`boundaries`]): each CSP's outline,
//! simplified for a county map with shared borders kept identical, goes into
//! `areas[].boundary` for the choropleth map.
//!
//! ## Measures built from street-level CSVs
//!
//! | id | name | section |
//! |---|---|---|
//! | 2.1 | Anti-social behaviour incidents | Incidents |
//! | 3.1 | All crime excluding anti-social behaviour | Crime |
//! | 3.2 – 3.14 | each of the 13 crime types, alphabetical (Bicycle theft … Violence and sexual offences) | Crime |
//!
//! Each is a count (unit `count`) and, with id minor + 20 (2.21, 3.21 – 3.34), a monthly rate
//! per 1,000 residents (unit `rate_per_1000`, value rounded to 4 decimals, numerators = the
//! counts, denominators = the population). All have improvement direction `decrease` and chart
//! `xmr`. A month inside the period with no file is `null` in every series (never 0), is
//! marked `published: false` in the reconciliation, and gives a warning.
//!
//! The output is deterministic: the same inputs give the same bytes (no clock, no hash order,
//! no dependence on thread timing).

pub mod boundaries;
pub mod config;
pub mod kpi;
pub mod sources;
pub mod street;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::model::json::{
    AnnotationDto, AreaDto, ExclusionDto, FileDto, MeasureDto, PeriodDto, PopulationDto, RebaseDto,
    ReconciliationDto, SeriesDto,
};
use crate::month::Month;
use crate::{Error, ErrorKind, Location, Result};

use config::{Config, Event};
use street::{ASB, CRIME_TYPES};

/// Most months in a period: the published format's limit (50 years of monthly data), checked
/// here so that a mistyped `--from` fails at once instead of building a huge file.
pub const MAX_MONTHS: usize = 600;

/// What to build from.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The measures file (TOML).
    pub config: PathBuf,
    /// Street-level CSV files or folders of them.
    pub street: Vec<PathBuf>,
    /// LSOA → CSP lookup CSV (required with `street`).
    pub lookup: Option<PathBuf>,
    /// Population CSV (required with `street`; optional otherwise).
    pub population: Option<PathBuf>,
    /// Tidy KPI CSVs.
    pub kpi: Vec<PathBuf>,
    /// First month (overrides `[period] first`).
    pub from: Option<Month>,
    /// Last month (overrides `[period] last`).
    pub to: Option<Month>,
    /// Count and skip malformed street rows instead of stopping.
    pub skip_bad_rows: bool,
    /// Worker threads for the street files (0 = one per core, at most 4).
    pub threads: usize,
    /// TopoJSON file of the areas' boundaries, simplified into `areas[].boundary`
    /// ([`boundaries`]).
    pub boundaries: Option<PathBuf>,
    /// Simplification tolerance in metres (default [`boundaries::DEFAULT_TOLERANCE_M`]).
    pub simplify_tolerance: Option<f64>,
}

/// The built file and what the user should be told.
#[derive(Debug, Clone)]
pub struct BuildOutput {
    /// The published file.
    pub file: FileDto,
    /// Warnings (missing months, population fall-backs, skipped rows, missing KPI values).
    pub warnings: Vec<String>,
    /// One line per input file and a total, for stderr.
    pub summary: Vec<String>,
}

/// Measures built from street-level CSVs: (id of the count, name, section, crime types).
fn police_measures() -> Vec<(String, String, &'static str, Vec<usize>)> {
    let mut out = vec![(
        "2.1".to_string(),
        "Anti-social behaviour incidents".to_string(),
        "Incidents",
        vec![ASB],
    )];
    out.push((
        "3.1".into(),
        "All crime excluding anti-social behaviour".into(),
        "Crime",
        (0..CRIME_TYPES.len()).filter(|&t| t != ASB).collect(),
    ));
    for (n, t) in (0..CRIME_TYPES.len()).filter(|&t| t != ASB).enumerate() {
        out.push((
            format!("3.{}", n + 2),
            CRIME_TYPES[t].into(),
            "Crime",
            vec![t],
        ));
    }
    out
}

/// The id of the rate measure of a count measure: minor + 20 (`3.1` → `3.21`).
pub fn rate_id(count_id: &str) -> String {
    let (major, minor) = count_id.split_once('.').unwrap_or((count_id, "0"));
    let minor: u32 = minor.parse().unwrap_or(0);
    format!("{major}.{}", minor + 20)
}

/// Builds the published file.
pub fn build(opts: &BuildOptions) -> Result<BuildOutput> {
    let cfg = Config::read(&opts.config)?;
    let mut warnings = Vec::new();
    let mut summary = Vec::new();
    let mut notes = cfg.metadata.notes.clone();
    let usage = |m: &str| Error::new(ErrorKind::Usage, m.to_string(), Location::default());

    // Areas: the force, the lookup's CSPs, then any extra areas of the measures file.
    let mut areas: Vec<AreaDto> = Vec::new();
    let lookup = match (&opts.lookup, opts.street.is_empty()) {
        (Some(p), _) => Some(sources::read_lookup(p)?),
        (None, false) => return Err(usage("--street needs --lookup (the LSOA → CSP lookup CSV)")),
        (None, true) => None,
    };
    let populations = match (&opts.population, opts.street.is_empty()) {
        (Some(p), _) => Some(sources::read_population(p)?),
        (None, false) => {
            return Err(usage(
                "--street needs --population (mid-year population CSV, for rates per 1,000)",
            ))
        }
        (None, true) => None,
    };
    if let Some((code, name)) = &cfg.force {
        areas.push(area(code, name, "force"));
    } else if !opts.street.is_empty() {
        return Err(cfg.error(
            "force",
            "missing table [force] (code and name of the force area that counts every row)",
        ));
    }
    if let Some(l) = &lookup {
        for (code, name) in &l.areas {
            areas.push(area(code, name, "csp"));
        }
    }
    for (i, (code, name, kind)) in cfg.areas.iter().enumerate() {
        if kind == "force" && areas.iter().any(|a| a.kind == "force") {
            return Err(cfg.error(
                &format!("areas[{i}].kind"),
                "a file has one force area, given by [force] (or one [[areas]] entry of kind \"force\")",
            ));
        }
        areas.push(area(code, name, kind));
    }
    for (i, a) in areas.iter().enumerate() {
        if let Some(j) = areas[..i].iter().position(|b| b.code == a.code) {
            return Err(cfg.error(
                "areas",
                format!(
                    "area {} appears twice (as \"{}\" and \"{}\"): in [force], the lookup or [[areas]]",
                    a.code, areas[j].name, a.name
                ),
            ));
        }
    }
    if areas.is_empty() {
        return Err(cfg.error("areas", "no areas: give [force] and --lookup, or [[areas]]"));
    }

    // Street files: count them all (in parallel), then place them on the period.
    let files = street::expand_inputs(&opts.street)?;
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
    } else {
        opts.threads
    };
    let counted = match &lookup {
        Some(l) if !files.is_empty() => {
            street::count_files(&files, &l.lsoas, l.areas.len(), opts.skip_bad_rows, threads)?
        }
        _ => Vec::new(),
    };
    let kpi_rows = opts
        .kpi
        .iter()
        .map(|p| kpi::read_kpi(p))
        .collect::<Result<Vec<_>>>()?
        .concat();

    let first = opts.from.or(cfg.first).or_else(|| {
        counted
            .iter()
            .map(|f| f.month)
            .chain(kpi_rows.iter().map(|r| r.month))
            .min()
    });
    let last = opts.to.or(cfg.last).or_else(|| {
        counted
            .iter()
            .map(|f| f.month)
            .chain(kpi_rows.iter().map(|r| r.month))
            .max()
    });
    let (Some(first), Some(last)) = (first, last) else {
        return Err(usage(
            "no data: give --street files or --kpi rows (or a period with --from and --to)",
        ));
    };
    if last < first {
        return Err(usage(&format!(
            "the period ends ({last}) before it starts ({first})"
        )));
    }
    let n = last.since(first) as usize + 1;
    if n > MAX_MONTHS {
        return Err(Error::new(
            ErrorKind::TooLarge,
            format!("the period {first} to {last} has {n} months; a published file holds at most {MAX_MONTHS}"),
            Location::default(),
        ));
    }
    let months: Vec<Month> = Month::range(first, last).collect();

    // One file per month.
    let mut by_month: BTreeMap<Month, &street::FileCounts> = BTreeMap::new();
    let mut total_rows = 0u64;
    let mut total_bad = 0u64;
    for f in &counted {
        let name = f.path.display().to_string();
        if let Some(prev) = by_month.get(&f.month) {
            return Err(Error::new(
                ErrorKind::Source,
                format!(
                    "a second file for {} (the first is {})",
                    f.month,
                    prev.path.display()
                ),
                Location::file_line(&name, None),
            ));
        }
        let mut line = format!(
            "{name}: {}, {} rows ({} no location, {} outside the areas)",
            f.month,
            f.rows,
            f.slot_total(f.no_location_slot()),
            f.slot_total(f.outside_slot())
        );
        if f.month < first || f.month > last {
            line.push_str(&format!(
                " — outside the period {first} to {last}, not used"
            ));
            summary.push(line);
            continue;
        }
        if f.rows == 0 {
            warnings.push(format!(
                "{name} has no data rows: every count for {} is 0 (check that the file is complete)",
                f.month
            ));
        }
        if f.bad_rows > 0 {
            let examples: Vec<String> = f
                .bad_examples
                .iter()
                .map(|(l, m)| format!("line {l}: {m}"))
                .collect();
            line.push_str(&format!(
                ", {} malformed rows skipped ({})",
                f.bad_rows,
                examples.join("; ")
            ));
            let note = format!(
                "{} malformed rows of {} ({}) were skipped (--skip-bad-rows) and are in no count.",
                f.bad_rows,
                f.path.file_name().and_then(|s| s.to_str()).unwrap_or(&name),
                f.month
            );
            warnings.push(note.clone());
            notes.push(note);
        }
        summary.push(line);
        total_rows += f.rows;
        total_bad += f.bad_rows;
        by_month.insert(f.month, f);
    }
    if !counted.is_empty() {
        summary.push(format!(
            "total: {} files, {total_rows} rows counted, {total_bad} malformed rows skipped",
            by_month.len()
        ));
    }

    // Population of every area per month (the month's mid-year, else the latest earlier one).
    let (denoms, pop_note) = match &populations {
        Some(pops) => area_denominators(&mut areas, pops, &months, &mut warnings),
        None => (vec![vec![None; n]; areas.len()], String::new()),
    };

    let mut measures: Vec<MeasureDto> = Vec::new();
    let mut reconciliation = Vec::new();
    if let Some(l) = lookup.as_ref().filter(|_| !opts.street.is_empty()) {
        let missing: Vec<Month> = months
            .iter()
            .copied()
            .filter(|m| !by_month.contains_key(m))
            .collect();
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
            let msg = format!(
                "no street-level file for {}: those months are null (not published) in every crime and ASB series, never 0",
                list.join(", ")
            );
            warnings.push(msg.clone());
            notes.push(format!("Street-level data: {msg}."));
        }
        let ncsp = l.areas.len();
        // counts[measure][area slot 0 = force, 1..=ncsp][month]
        for (id, name, section, types) in police_measures() {
            let mut count_series = Vec::new();
            for slot in 0..=ncsp {
                let values: Vec<Option<f64>> = months
                    .iter()
                    .map(|m| {
                        by_month.get(m).map(|f| {
                            types
                                .iter()
                                .map(|&t| {
                                    if slot == 0 {
                                        (0..ncsp + 2).map(|s| f.get(s, t)).sum::<u64>()
                                    } else {
                                        f.get(slot - 1, t)
                                    }
                                })
                                .sum::<u64>() as f64
                        })
                    })
                    .collect();
                count_series.push(values);
            }
            let rate_series: Vec<SeriesDto> = count_series
                .iter()
                .enumerate()
                .map(|(slot, counts)| {
                    // Slot 0 is the force (area 0), slot i the lookup's CSP i (area i).
                    let den: Vec<Option<f64>> =
                        denoms[slot].iter().map(|d| d.map(|(_, p)| p)).collect();
                    let values = counts
                        .iter()
                        .zip(&den)
                        .map(|(c, d)| match (c, d) {
                            (Some(c), Some(d)) => {
                                Some(((c / d * 1000.0) * 10_000.0).round() / 10_000.0)
                            }
                            _ => None,
                        })
                        .collect();
                    let den = den.iter().zip(counts).map(|(d, c)| c.and(*d)).collect();
                    SeriesDto {
                        area: areas[slot].code.clone(),
                        values,
                        numerators: Some(counts.clone()),
                        denominators: Some(den),
                    }
                })
                .collect();
            let what = if types.len() == 1 && types[0] == ASB {
                "Anti-social behaviour incidents".to_string()
            } else if types.len() == 1 {
                format!("Crimes of type \"{}\"", CRIME_TYPES[types[0]])
            } else {
                "Crimes of every type except anti-social behaviour".to_string()
            };
            let count_desc = format!(
                "{what} published on data.police.uk (street-level CSVs), counted per month. \
                 The force total counts every row; a CSP counts the rows whose LSOA lies in it \
                 (rows with no location, or with an LSOA outside the force area, are in the force \
                 total only: see the reconciliation)."
            );
            measures.push(police_measure(
                id.clone(),
                name.clone(),
                section,
                "count",
                count_desc,
                areas
                    .iter()
                    .zip(count_series)
                    .map(|(a, values)| SeriesDto {
                        area: a.code.clone(),
                        values,
                        numerators: None,
                        denominators: None,
                    })
                    .collect(),
            ));
            measures.push(police_measure(
                rate_id(&id),
                format!("{name} per 1,000 residents"),
                section,
                "rate_per_1000",
                format!(
                    "{what} per 1,000 residents in the month (a monthly rate, not annualised): \
                     count ÷ mid-year population × 1,000, rounded to 4 decimals; numerators are \
                     the counts and denominators the population used. {pop_note}"
                ),
                rate_series,
            ));
        }
        notes.push(format!(
            "Rates per 1,000 residents are monthly (not annualised). {pop_note}"
        ));
        for m in &months {
            reconciliation.push(match by_month.get(m) {
                Some(f) => ReconciliationDto {
                    month: m.to_string(),
                    rows: f.rows,
                    no_location: f.slot_total(f.no_location_slot()),
                    outside_areas: f.slot_total(f.outside_slot()),
                    published: true,
                },
                None => ReconciliationDto {
                    month: m.to_string(),
                    rows: 0,
                    no_location: 0,
                    outside_areas: 0,
                    published: false,
                },
            });
        }
    }

    // KPI measures.
    kpi_measures(
        &cfg,
        &kpi_rows,
        &areas,
        &months,
        &mut measures,
        &mut warnings,
    )?;
    if measures.is_empty() {
        return Err(usage(
            "nothing to publish: give --street files, or [[measures]] in the measures file with --kpi values",
        ));
    }

    // Top-level annotations, exclusions and rebases, by their filters.
    let area_known = |key: &str, list: &Option<Vec<String>>| -> Result<()> {
        for (j, code) in list.iter().flatten().enumerate() {
            if list.iter().flatten().take(j).any(|c| c == code) {
                return Err(cfg.error(
                    &format!("{key}.areas[{j}]"),
                    format!("area \"{code}\" is listed twice"),
                ));
            }
            if !areas.iter().any(|a| &a.code == code) {
                return Err(cfg.error(
                    &format!("{key}.areas[{j}]"),
                    format!("unknown area \"{code}\": not an area of the file"),
                ));
            }
        }
        Ok(())
    };
    let in_period = |e: &Event| -> Result<()> {
        if e.month < first || e.month > last {
            return Err(cfg.error(
                &format!("{}.month", e.key),
                format!("{} is outside the period {first} to {last}", e.month),
            ));
        }
        Ok(())
    };
    for e in cfg
        .annotations
        .iter()
        .chain(&cfg.exclusions)
        .chain(&cfg.rebases)
        .chain(
            cfg.measures
                .iter()
                .flat_map(|m| m.annotations.iter().chain(&m.exclusions).chain(&m.rebases)),
        )
    {
        area_known(&e.key, &e.areas)?;
        in_period(e)?;
        for (j, id) in e.measures.iter().flatten().enumerate() {
            if !measures.iter().any(|m| &m.id == id) {
                return Err(cfg.error(
                    &format!("{}.measures[{j}]", e.key),
                    format!("unknown measure \"{id}\""),
                ));
            }
        }
    }
    for m in &mut measures {
        let (id, section, unit) = (m.id.clone(), m.section.clone(), m.unit.clone());
        let applies = |e: &&Event| e.applies_to(&id, &section, &unit);
        add_events(
            &mut m.annotations,
            cfg.annotations.iter().filter(applies),
            |e| AnnotationDto {
                month: e.month.to_string(),
                text: e.text.clone(),
                areas: e.areas.clone(),
            },
        );
        add_events(
            &mut m.exclusions,
            cfg.exclusions.iter().filter(applies),
            |e| ExclusionDto {
                month: e.month.to_string(),
                reason: e.text.clone(),
                areas: e.areas.clone(),
            },
        );
        add_events(&mut m.rebases, cfg.rebases.iter().filter(applies), |e| {
            RebaseDto {
                month: e.month.to_string(),
                reason: e.text.clone(),
                areas: e.areas.clone(),
            }
        });
    }

    // Boundaries of the CSP areas, simplified for the map.
    match (&opts.boundaries, opts.simplify_tolerance) {
        (Some(path), tolerance) => {
            let tolerance = tolerance.unwrap_or(boundaries::DEFAULT_TOLERANCE_M);
            let r = boundaries::add_boundaries(path, tolerance, &mut areas, &mut warnings)?;
            summary.push(format!(
                "{}: {} area boundaries, {} positions simplified to {} (tolerance {tolerance} m), {} bytes of GeoJSON",
                path.display(),
                r.areas,
                r.vertices_before,
                r.vertices_after,
                r.bytes
            ));
            if r.areas > 0 {
                notes.push(format!(
                    "Area boundaries are simplified for the map (shared borders kept identical, tolerance {tolerance} m, positions to 5 decimals): for display, not for measuring."
                ));
            }
        }
        (None, Some(_)) => {
            return Err(usage(
                "a simplification tolerance needs --boundaries (the TopoJSON boundary file)",
            ))
        }
        (None, None) => {}
    }

    let mut metadata = cfg.metadata.clone();
    metadata.notes = notes;
    let file = FileDto {
        schema_version: crate::model::SCHEMA_VERSION,
        metadata,
        period: PeriodDto {
            first: first.to_string(),
            last: last.to_string(),
        },
        areas,
        measures,
        reconciliation,
    };
    // The reader's own validation, so that the build never writes a file the charts refuse
    // (its warnings repeat what the build already said, e.g. the population fall-back).
    crate::model::validate(&file).map_err(|e| {
        Error::new(
            e.kind(),
            format!(
                "the built file would not be valid: {} (check the measures file and inputs)",
                e.message()
            ),
            e.location().clone(),
        )
    })?;
    Ok(BuildOutput {
        file,
        warnings,
        summary,
    })
}

fn area(code: &str, name: &str, kind: &str) -> AreaDto {
    AreaDto {
        code: code.to_string(),
        name: name.to_string(),
        kind: kind.to_string(),
        population: Vec::new(),
        boundary: None,
    }
}

fn police_measure(
    id: String,
    name: String,
    section: &str,
    unit: &str,
    description: String,
    series: Vec<SeriesDto>,
) -> MeasureDto {
    MeasureDto {
        id,
        name,
        section: section.to_string(),
        unit: unit.to_string(),
        improvement_direction: "decrease".into(),
        chart: Some("xmr".into()),
        description: Some(description),
        target: None,
        rebases: Vec::new(),
        exclusions: Vec::new(),
        annotations: Vec::new(),
        series,
    }
}

/// Per area, per month: the (mid-year, population) used — the month's own year, or the latest
/// earlier estimate when the month's year has none — and each area's population list (the
/// estimates used). A force without its own rows in the population table gets the sum of the
/// file's CSP areas when every one of them has an estimate. Also returns a sentence saying
/// which estimate each calendar year of the period uses.
#[allow(clippy::type_complexity)]
fn area_denominators(
    areas: &mut [AreaDto],
    pops: &sources::Populations,
    months: &[Month],
    warnings: &mut Vec<String>,
) -> (Vec<Vec<Option<(i32, f64)>>>, String) {
    let mut used_by_year: BTreeMap<i32, i32> = BTreeMap::new();
    let own = |code: &str| -> Vec<Option<(i32, f64)>> {
        months
            .iter()
            .map(|m| {
                let (&year, &(p, _)) = pops.get(code)?.range(..=m.year()).next_back()?;
                Some((year, p))
            })
            .collect()
    };
    let mut denoms: Vec<Vec<Option<(i32, f64)>>> = areas.iter().map(|a| own(&a.code)).collect();
    let csps: Vec<usize> = (0..areas.len())
        .filter(|&i| areas[i].kind == "csp")
        .collect();
    for i in 0..areas.len() {
        let a = &areas[i];
        if a.kind == "force" && !pops.contains_key(&a.code) && !csps.is_empty() {
            denoms[i] = (0..months.len())
                .map(|k| {
                    let parts: Option<Vec<(i32, f64)>> =
                        csps.iter().map(|&c| denoms[c][k]).collect();
                    let parts = parts?;
                    let year = parts[0].0;
                    parts
                        .iter()
                        .all(|(y, _)| *y == year)
                        .then(|| (year, parts.iter().map(|(_, p)| p).sum()))
                })
                .collect();
            let mut list: Vec<PopulationDto> = Vec::new();
            for (year, p) in denoms[i].iter().flatten() {
                if !list.iter().any(|x| x.mid_year == *year) {
                    list.push(PopulationDto {
                        mid_year: *year,
                        value: *p,
                        source: Some(format!(
                            "sum of the {} CSP areas' mid-{year} estimates",
                            csps.len()
                        )),
                    });
                }
            }
            areas[i].population = list;
            continue;
        }
        let Some(table) = pops.get(&a.code) else {
            if a.kind == "csp" {
                warnings.push(format!(
                    "no population estimate for {} ({}): its rates per 1,000 are null",
                    a.name, a.code
                ));
            }
            continue;
        };
        if let Some(k) = denoms[i].iter().position(Option::is_none) {
            warnings.push(format!(
                "no population estimate for {} ({}) for mid-{} or earlier: its rates per 1,000 are null for {}",
                a.name,
                a.code,
                months[k].year(),
                months[k]
            ));
        }
        let mut list: Vec<PopulationDto> = Vec::new();
        for (k, d) in denoms[i].iter().enumerate() {
            if let Some((year, p)) = d {
                used_by_year.entry(months[k].year()).or_insert(*year);
                if !list.iter().any(|x| x.mid_year == *year) {
                    list.push(PopulationDto {
                        mid_year: *year,
                        value: *p,
                        source: table.get(year).and_then(|(_, s)| s.clone()),
                    });
                }
            }
        }
        areas[i].population = list;
    }
    for (y, u) in &used_by_year {
        if u != y {
            warnings.push(format!(
                "no mid-{y} population estimate: rates per 1,000 for months of {y} use mid-{u}, the latest available"
            ));
        }
    }
    let parts: Vec<String> = used_by_year
        .iter()
        .map(|(y, u)| {
            if u == y {
                format!("months of {y} use the ONS mid-{u} estimate")
            } else {
                format!("months of {y} use mid-{u}, the latest estimate available")
            }
        })
        .collect();
    let note = format!(
        "{}. The force's population is the sum of its CSP areas.",
        capitalise(&parts.join("; "))
    );
    (denoms, note)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn ev(list: &[Event]) -> impl Iterator<Item = (String, String, Option<Vec<String>>)> + '_ {
    list.iter()
        .map(|e| (e.month.to_string(), e.text.clone(), e.areas.clone()))
}

/// Checks a KPI row against its measure, so that a wrong number is reported at its CSV line
/// rather than later, by the reader of the published file, at a JSON path.
fn check_kpi_value(spec: &config::MeasureSpec, r: &kpi::KpiRow) -> Result<()> {
    let fail = |msg: String| {
        Err(Error::new(
            ErrorKind::Source,
            msg,
            r.location()
                .with_measure(&r.measure)
                .with_area(&r.area)
                .with_month(r.month),
        ))
    };
    let Some(v) = r.value else { return Ok(()) };
    let chart = spec.chart.as_deref().unwrap_or("xmr");
    match spec.unit.as_str() {
        "percent" if !(0.0..=100.0).contains(&v) => {
            return fail(format!("value {v} is not a percentage (0 to 100)"))
        }
        "count" | "rate_per_1000" | "minutes" | "seconds" | "days" if v < 0.0 => {
            return fail(format!(
                "value {v} is negative, which a {} cannot be",
                spec.unit
            ))
        }
        _ => {}
    }
    match (r.numerator, r.denominator) {
        (None, None) if matches!(chart, "p" | "pp" | "u" | "up") => fail(format!(
            "measure {} is a {chart} chart: give the numerator and denominator of every published value",
            spec.id
        )),
        (Some(_), None) | (None, Some(_)) => {
            fail("give both the numerator and the denominator, or neither".into())
        }
        (Some(n), Some(d)) => {
            if n < 0.0 || d <= 0.0 {
                return fail(format!(
                    "numerator {n} must be 0 or more and denominator {d} more than 0"
                ));
            }
            if matches!(chart, "p" | "pp") && n > d {
                return fail(format!(
                    "numerator {n} is greater than denominator {d}, so it is not a proportion"
                ));
            }
            let scale = match spec.unit.as_str() {
                "percent" => 100.0,
                "rate_per_1000" => 1000.0,
                _ => 1.0,
            };
            let expected = scale * n / d;
            let diff = (v - expected).abs();
            if diff <= 0.05 + 1e-9 || diff <= 1e-6 * expected.abs() {
                Ok(())
            } else {
                fail(format!(
                    "value {v} does not match {scale} × numerator {n} / denominator {d} = {expected}"
                ))
            }
        }
        _ => Ok(()),
    }
}

fn kpi_measures(
    cfg: &Config,
    rows: &[kpi::KpiRow],
    areas: &[AreaDto],
    months: &[Month],
    measures: &mut Vec<MeasureDto>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let (first, last) = (months[0], months[months.len() - 1]);
    for spec in &cfg.measures {
        if measures.iter().any(|m| m.id == spec.id) {
            return Err(cfg.error(
                &format!("{}.id", spec.key),
                format!(
                    "measure id \"{}\" is already used by a measure built from street-level CSVs",
                    spec.id
                ),
            ));
        }
    }
    // (measure, area, month) → row index, for duplicates.
    let mut seen: HashMap<(&str, &str, Month), &kpi::KpiRow> = HashMap::new();
    for r in rows {
        let Some(spec) = cfg.measures.iter().find(|m| m.id == r.measure) else {
            return Err(Error::new(
                ErrorKind::Source,
                format!(
                    "unknown measure \"{}\": declare it as [[measures]] in {}",
                    r.measure, cfg.file
                ),
                r.location().with_measure(&r.measure),
            ));
        };
        check_kpi_value(spec, r)?;
        if !areas.iter().any(|a| a.code == r.area) {
            return Err(Error::new(
                ErrorKind::Source,
                format!(
                    "unknown area \"{}\": the file's areas are {}",
                    r.area,
                    areas
                        .iter()
                        .map(|a| a.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                r.location().with_measure(&r.measure).with_area(&r.area),
            ));
        }
        if r.month < first || r.month > last {
            return Err(Error::new(
                ErrorKind::Source,
                format!("{} is outside the period {first} to {last}", r.month),
                r.location()
                    .with_measure(&r.measure)
                    .with_area(&r.area)
                    .with_month(r.month),
            ));
        }
        if let Some(prev) = seen.insert((&r.measure, &r.area, r.month), r) {
            return Err(Error::new(
                ErrorKind::Source,
                format!(
                    "a second row for measure {}, area {}, month {} (the first is {} line {})",
                    r.measure, r.area, r.month, prev.file, prev.line
                ),
                r.location()
                    .with_measure(&r.measure)
                    .with_area(&r.area)
                    .with_month(r.month),
            ));
        }
    }
    for spec in &cfg.measures {
        let mut series = Vec::new();
        for a in areas {
            let mine: Vec<&kpi::KpiRow> = rows
                .iter()
                .filter(|r| r.measure == spec.id && r.area == a.code)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let at = |m: Month| mine.iter().find(|r| r.month == m);
            let values: Vec<Option<f64>> = months
                .iter()
                .map(|&m| at(m).and_then(|r| r.value))
                .collect();
            let has_num = mine.iter().any(|r| r.numerator.is_some());
            let has_den = mine.iter().any(|r| r.denominator.is_some());
            let missing: Vec<String> = months
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.is_none())
                .map(|(m, _)| m.to_string())
                .collect();
            if !missing.is_empty() {
                warnings.push(format!(
                    "measure {} area {}: no value for {} (null, not published)",
                    spec.id,
                    a.code,
                    missing.join(", ")
                ));
            }
            series.push(SeriesDto {
                area: a.code.clone(),
                values,
                numerators: has_num.then(|| {
                    months
                        .iter()
                        .map(|&m| at(m).and_then(|r| r.numerator))
                        .collect()
                }),
                denominators: has_den.then(|| {
                    months
                        .iter()
                        .map(|&m| at(m).and_then(|r| r.denominator))
                        .collect()
                }),
            });
        }
        if series.is_empty() {
            return Err(cfg.error(
                &spec.key,
                format!(
                    "measure {} has no rows in the KPI CSV{}",
                    spec.id,
                    if rows.is_empty() {
                        " (pass it with --kpi FILE)"
                    } else {
                        ""
                    }
                ),
            ));
        }
        measures.push(MeasureDto {
            id: spec.id.clone(),
            name: spec.name.clone(),
            section: spec.section.clone(),
            unit: spec.unit.clone(),
            improvement_direction: spec.direction.as_str().to_string(),
            chart: spec.chart.clone(),
            description: spec.description.clone(),
            target: spec.target,
            rebases: ev(&spec.rebases)
                .map(|(month, reason, areas)| RebaseDto {
                    month,
                    reason,
                    areas,
                })
                .collect(),
            exclusions: ev(&spec.exclusions)
                .map(|(month, reason, areas)| ExclusionDto {
                    month,
                    reason,
                    areas,
                })
                .collect(),
            annotations: ev(&spec.annotations)
                .map(|(month, text, areas)| AnnotationDto { month, text, areas })
                .collect(),
            series,
        });
    }
    Ok(())
}

/// Serialises a file deterministically: compact JSON, keys in the DTOs' field order, whole
/// numbers written without a fraction (`368`, not `368.0`), and a final newline.
pub fn to_json(file: &FileDto) -> String {
    let mut out = Vec::with_capacity(1 << 20);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, WholeNumbers);
    serde::Serialize::serialize(file, &mut ser).expect("serialising to memory cannot fail");
    out.push(b'\n');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A compact formatter that writes integral floats as integers.
struct WholeNumbers;

impl serde_json::ser::Formatter for WholeNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, v: f64) -> std::io::Result<()> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            write!(w, "{}", v as i64)
        } else {
            serde_json::ser::CompactFormatter.write_f64(w, v)
        }
    }
}

/// Writes the file (creating its folder), naming the path on failure.
pub fn write(path: &std::path::Path, json: &str) -> Result<()> {
    let io = |e: std::io::Error| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write: {e}"),
            Location::file_line(path.display().to_string(), None),
        )
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, json).map_err(io)
}

/// Appends the file-wide `events` that apply to a measure to its own list, then sorts the list
/// by month (stable: file order within a month), as the format expects.
fn add_events<'e, T: EventMonth>(
    list: &mut Vec<T>,
    events: impl Iterator<Item = &'e Event>,
    make: impl Fn(&Event) -> T,
) {
    list.extend(events.map(make));
    list.sort_by(|a, b| a.month().cmp(b.month()));
}

/// The month of an annotation, exclusion or rebase DTO (`YYYY-MM`, so text order is time order).
trait EventMonth {
    fn month(&self) -> &str;
}

impl EventMonth for AnnotationDto {
    fn month(&self) -> &str {
        &self.month
    }
}

impl EventMonth for ExclusionDto {
    fn month(&self) -> &str {
        &self.month
    }
}

impl EventMonth for RebaseDto {
    fn month(&self) -> &str {
        &self.month
    }
}
