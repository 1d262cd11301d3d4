//! TEMPORARY until the format engineer's `model::parse` and `model::analyse_series` are
//! merged: a minimal published-file reader and series analysis with the same names, so the
//! browser pipeline runs end to end. Deleted when the real ones land.

use crate::model::json::FileDto;
use crate::model::{Area, AreaKind, DataWarning, Dataset, Measure, Metadata, Section, Unit};
use crate::spc::{self, Analysis, ChartType, Direction, Profile};
use crate::{Error, ErrorKind, Location, Month};

/// Same fields as the real `model::SeriesAnalysis` (subset).
pub struct SeriesAnalysis {
    pub months: Vec<Month>,
    pub analysis: Analysis,
    pub rebases: Vec<Applied>,
    pub exclusions: Vec<AppliedReason>,
    pub annotations: Vec<Applied>,
}

pub struct Applied {
    pub month: Month,
    pub reason: String,
    pub text: String,
}

pub struct AppliedReason {
    pub month: Month,
    pub reason: String,
}

pub fn force(ds: &Dataset) -> Option<&Area> {
    ds.areas.iter().find(|a| a.kind == AreaKind::Force)
}

pub fn area<'a>(ds: &'a Dataset, code: &str) -> Option<&'a Area> {
    ds.areas.iter().find(|a| a.code == code)
}

pub fn find_measure<'a>(ds: &'a Dataset, id: &str) -> crate::Result<&'a Measure> {
    ds.measures.iter().find(|m| m.id == id).ok_or_else(|| {
        let ids: Vec<String> = ds
            .measures
            .iter()
            .map(|m| format!("{} ({})", m.id, m.name))
            .collect();
        Error::new(
            ErrorKind::NotFound,
            format!(
                "measure \"{id}\" is not in the file; its measures are: {}",
                ids.join(", ")
            ),
            Location::default().with_measure(id),
        )
    })
}

pub fn analyse_series(
    ds: &Dataset,
    measure: &str,
    code: &str,
    profile: Profile,
) -> crate::Result<SeriesAnalysis> {
    let m = find_measure(ds, measure)?;
    let s = m.series.iter().find(|s| s.area == code).ok_or_else(|| {
        let have: Vec<String> = m
            .series
            .iter()
            .map(|s| match area(ds, &s.area) {
                Some(a) => format!("{} ({})", a.code, a.name),
                None => s.area.clone(),
            })
            .collect();
        Error::new(
            ErrorKind::NotFound,
            format!(
                "area \"{code}\" has no series for measure {}; the areas with a series are: {}",
                m.id,
                have.join(", ")
            ),
            Location::default().with_measure(&m.id),
        )
    })?;
    let mut input = spc::Input::xmr(&s.values, m.direction);
    input.target = m.target;
    let analysis = spc::analyse(&input, &profile.settings())?;
    let months = (0..s.values.len())
        .map(|i| ds.first.plus(i as i32))
        .collect();
    Ok(SeriesAnalysis {
        months,
        analysis,
        rebases: vec![],
        exclusions: vec![],
        annotations: m
            .annotations
            .iter()
            .map(|a| Applied {
                month: a.month,
                reason: String::new(),
                text: a.text.clone(),
            })
            .collect(),
    })
}

/// Parses a published file into a dataset with few checks.
pub fn parse(text: &str) -> crate::Result<(Dataset, Vec<DataWarning>)> {
    let dto: FileDto = serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorKind::Json,
            format!("the file is not valid JSON of the published format: {e}"),
            Location::default(),
        )
    })?;
    let month =
        |s: &str, path: &str| Month::parse(s).map_err(|m| Error::invalid(m, Location::path(path)));
    let first = month(&dto.period.first, "period.first")?;
    let last = month(&dto.period.last, "period.last")?;
    let areas = dto
        .areas
        .iter()
        .map(|a| Area {
            code: a.code.clone(),
            name: a.name.clone(),
            kind: if a.kind == "force" {
                AreaKind::Force
            } else {
                AreaKind::Csp
            },
            population: vec![],
            boundary: None,
        })
        .collect();
    let mut measures = vec![];
    for (i, m) in dto.measures.iter().enumerate() {
        let mut series = vec![];
        for (j, s) in m.series.iter().enumerate() {
            for (k, v) in s.values.iter().enumerate() {
                if matches!(v, Some(x) if *x < 0.0) {
                    return Err(Error::invalid(
                        "a count cannot be negative",
                        Location::path(format!("measures[{i}].series[{j}].values[{k}]"))
                            .with_measure(&m.id)
                            .with_area(&s.area)
                            .with_month(first.plus(k as i32)),
                    ));
                }
            }
            series.push(crate::model::Series {
                area: s.area.clone(),
                values: s.values.clone(),
                numerators: None,
                denominators: None,
            });
        }
        let mut annotations = vec![];
        for a in &m.annotations {
            annotations.push(crate::model::Annotation {
                month: month(&a.month, "annotation")?,
                text: a.text.clone(),
                areas: None,
            });
        }
        measures.push(Measure {
            id: m.id.clone(),
            name: m.name.clone(),
            section: Section::Crime,
            unit: Unit::Count,
            direction: Direction::parse(&m.improvement_direction).unwrap_or(Direction::Neutral),
            chart: ChartType::Xmr,
            description: m.description.clone(),
            target: m.target,
            rebases: vec![],
            exclusions: vec![],
            annotations,
            series,
        });
    }
    Ok((
        Dataset {
            metadata: Metadata {
                title: dto.metadata.title,
                publisher: dto.metadata.publisher,
                source: dto.metadata.source,
                licence: dto.metadata.licence,
                published: dto.metadata.published,
                notes: dto.metadata.notes,
            },
            first,
            last,
            areas,
            measures,
            reconciliation: vec![],
        },
        vec![],
    ))
}
