//! TEMPORARY until `model::parse` lands: a minimal published-file reader so the browser
//! pipeline can be proven end to end. Deleted when the real parser is merged.

use crate::model::json::FileDto;
use crate::model::{Area, AreaKind, Dataset, Measure, Metadata, Section, Series, Unit};
use crate::spc::{ChartType, Direction};
use crate::{Error, ErrorKind, Location, Month};

/// Parses a published file into a dataset with few checks.
pub fn parse(text: &str) -> crate::Result<Dataset> {
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
            series.push(Series {
                area: s.area.clone(),
                values: s.values.clone(),
                numerators: None,
                denominators: None,
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
            annotations: vec![],
            series,
        });
    }
    Ok(Dataset {
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
    })
}
