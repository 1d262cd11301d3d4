//! Domain → DTO, so that a validated dataset can be written back out.
//!
//! `parse(text) → to_dto → serialise → parse` gives back the same [`Dataset`]; the tests in
//! `tests/model.rs` hold this.

use super::json::{
    AnnotationDto, AreaDto, ExclusionDto, FileDto, GeometryDto, MeasureDto, MetadataDto, PeriodDto,
    PopulationDto, RebaseDto, ReconciliationDto, SeriesDto,
};
use super::{Dataset, SCHEMA_VERSION};
use crate::spc::ChartType;

impl Dataset {
    /// The published-file form of this dataset (schema_version 1). The chart type is written
    /// only when it is not the default `xmr`.
    pub fn to_dto(&self) -> FileDto {
        FileDto {
            schema_version: SCHEMA_VERSION,
            metadata: MetadataDto {
                title: self.metadata.title.clone(),
                publisher: self.metadata.publisher.clone(),
                source: self.metadata.source.clone(),
                licence: self.metadata.licence.clone(),
                published: self.metadata.published.clone(),
                notes: self.metadata.notes.clone(),
            },
            period: PeriodDto {
                first: self.first.to_string(),
                last: self.last.to_string(),
            },
            areas: self
                .areas
                .iter()
                .map(|a| AreaDto {
                    code: a.code.clone(),
                    name: a.name.clone(),
                    kind: a.kind.as_str().to_string(),
                    population: a
                        .population
                        .iter()
                        .map(|p| PopulationDto {
                            mid_year: p.mid_year,
                            value: p.value,
                            source: p.source.clone(),
                        })
                        .collect(),
                    boundary: a.boundary.as_deref().map(GeometryDto::from_polygons),
                })
                .collect(),
            measures: self
                .measures
                .iter()
                .map(|m| MeasureDto {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    section: m.section.as_str().to_string(),
                    unit: m.unit.as_str().to_string(),
                    improvement_direction: m.direction.as_str().to_string(),
                    chart: (m.chart != ChartType::Xmr).then(|| m.chart.as_str().to_string()),
                    description: m.description.clone(),
                    target: m.target,
                    rebases: m
                        .rebases
                        .iter()
                        .map(|r| RebaseDto {
                            month: r.month.to_string(),
                            reason: r.reason.clone(),
                            areas: r.areas.clone(),
                        })
                        .collect(),
                    exclusions: m
                        .exclusions
                        .iter()
                        .map(|e| ExclusionDto {
                            month: e.month.to_string(),
                            reason: e.reason.clone(),
                            areas: e.areas.clone(),
                        })
                        .collect(),
                    annotations: m
                        .annotations
                        .iter()
                        .map(|a| AnnotationDto {
                            month: a.month.to_string(),
                            text: a.text.clone(),
                            areas: a.areas.clone(),
                        })
                        .collect(),
                    series: m
                        .series
                        .iter()
                        .map(|s| SeriesDto {
                            area: s.area.clone(),
                            values: s.values.clone(),
                            numerators: s.numerators.clone(),
                            denominators: s.denominators.clone(),
                        })
                        .collect(),
                })
                .collect(),
            reconciliation: self
                .reconciliation
                .iter()
                .map(|r| ReconciliationDto {
                    month: r.month.to_string(),
                    rows: r.rows,
                    no_location: r.no_location,
                    outside_areas: r.outside_areas,
                    published: r.published,
                })
                .collect(),
        }
    }
}
