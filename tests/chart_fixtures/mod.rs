//! Hand-built chart fixtures for the chart, interaction and wording tests.
//!
//! The analyses are built here, not by `spc::analyse`, so these tests pin the chart's own
//! behaviour: XmR limits (mean ± 2.66 × mean moving range) per group, and three MDC rules
//! (outside the limits, a trend of 7 points, a shift of 7 points) applied simply. Each
//! fixture states which points are special and why, and the tests check the chart draws and
//! says exactly that.
#![allow(dead_code)]

use pcc_spc::chart::{ChartData, ChartInput, Note, NoteKind};
use pcc_spc::model::Unit;
use pcc_spc::spc::{
    Analysis, Assurance, Direction, Group, Limits, PccClass, PccKind, Point, PointType, Rag, Rule,
    RuleHit, Side, VariationIcon,
};
use pcc_spc::Month;

pub fn month(y: i32, m: u32) -> Month {
    Month::new(y, m).unwrap()
}

pub fn months(from: Month, n: usize) -> Vec<Month> {
    (0..n).map(|i| from.plus(i as i32)).collect()
}

fn group_limits(values: &[Option<f64>], excluded: &[usize], a: usize, b: usize) -> Option<Limits> {
    let used = |i: usize| values[i].filter(|_| !excluded.contains(&i));
    let vs: Vec<f64> = (a..b).filter_map(used).collect();
    let mrs: Vec<f64> = (a + 1..b)
        .filter_map(|i| Some((used(i)? - used(i - 1)?).abs()))
        .collect();
    if vs.len() < 2 || mrs.is_empty() {
        return None;
    }
    let mean = vs.iter().sum::<f64>() / vs.len() as f64;
    let mr = mrs.iter().sum::<f64>() / mrs.len() as f64;
    Some(Limits {
        mean,
        lpl: mean - 2.66 * mr,
        upl: mean + 2.66 * mr,
        near_lpl: mean - 2.0 / 3.0 * 2.66 * mr,
        near_upl: mean + 2.0 / 3.0 * 2.66 * mr,
    })
}

/// A small XmR analysis: limits per group, and outside / trend (7 points) / shift (7 points)
/// with MDC precedence; a missing or excluded month ends a run (the MDC profile's gaps).
pub fn xmr(
    values: &[Option<f64>],
    starts: &[usize],
    excluded: &[usize],
    direction: Direction,
) -> Analysis {
    let n = values.len();
    let mut bounds: Vec<usize> = starts.to_vec();
    if bounds.first() != Some(&0) {
        bounds.insert(0, 0);
    }
    bounds.push(n);
    let mut groups = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    for (g, w) in bounds.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let limits = group_limits(values, excluded, a, b);
        let used: Vec<usize> = (a..b)
            .filter(|i| values[*i].is_some() && !excluded.contains(i))
            .collect();
        groups.push(Group {
            start: a,
            end: b,
            points_used: used.len(),
            limits,
            mr_bar: None,
            trial: used.len() < 13,
            runs_analysis: None,
        });
        let mut hits: Vec<Vec<RuleHit>> = vec![Vec::new(); b - a];
        if let Some(l) = limits {
            let v = |i: usize| values[i].unwrap();
            for &i in &used {
                if v(i) > l.upl {
                    hits[i - a].push(RuleHit {
                        rule: Rule::OutsideLimits,
                        side: Side::High,
                    });
                } else if v(i) < l.lpl {
                    hits[i - a].push(RuleHit {
                        rule: Rule::OutsideLimits,
                        side: Side::Low,
                    });
                }
            }
            for side in [Side::High, Side::Low] {
                // Trend: 7 points each higher (lower) than the one before.
                let mut run = vec![used[0]];
                let flush = |run: &Vec<usize>, rule: Rule, hits: &mut Vec<Vec<RuleHit>>| {
                    if run.len() >= 7 {
                        for &i in run {
                            hits[i - a].push(RuleHit { rule, side });
                        }
                    }
                };
                for k in 1..used.len() {
                    let up = v(used[k]) > v(used[k - 1]);
                    let down = v(used[k]) < v(used[k - 1]);
                    // A missing or excluded month ends a run (MDC).
                    let joined = used[k] == used[k - 1] + 1;
                    if joined && ((side == Side::High && up) || (side == Side::Low && down)) {
                        run.push(used[k]);
                    } else {
                        flush(&run, Rule::Trend, &mut hits);
                        run = vec![used[k]];
                    }
                }
                flush(&run, Rule::Trend, &mut hits);
                // Shift: 7 points on one side of the mean.
                let mut run: Vec<usize> = Vec::new();
                for &i in &used {
                    if run.last().is_some_and(|&p| p + 1 != i) {
                        flush(&run, Rule::Shift, &mut hits);
                        run.clear();
                    }
                    let on = if side == Side::High {
                        v(i) > l.mean
                    } else {
                        v(i) < l.mean
                    };
                    if on {
                        run.push(i);
                    } else {
                        flush(&run, Rule::Shift, &mut hits);
                        run.clear();
                    }
                }
                flush(&run, Rule::Shift, &mut hits);
            }
        }
        for i in a..b {
            let mut rules = hits[i - a].clone();
            rules.sort_by_key(|h| h.rule);
            let point_type = match rules.first() {
                None => PointType::CommonCause,
                Some(h) => match (direction, h.side) {
                    (Direction::Neutral, Side::High) => PointType::SpecialCauseNeutralHigh,
                    (Direction::Neutral, Side::Low) => PointType::SpecialCauseNeutralLow,
                    (Direction::Increase, Side::High) | (Direction::Decrease, Side::Low) => {
                        PointType::SpecialCauseImprovement
                    }
                    _ => PointType::SpecialCauseConcern,
                },
            };
            points.push(Point {
                value: values[i],
                limits,
                point_type,
                rules,
                group: g,
                excluded: excluded.contains(&i),
            });
        }
    }
    let last = points.iter().rev().find(|p| p.value.is_some());
    let variation_icon = last.and_then(|p| {
        p.limits?;
        let side = p.rules.first().map(|h| h.side);
        Some(match (p.point_type, side) {
            (PointType::SpecialCauseImprovement, Some(Side::High)) => {
                VariationIcon::ImprovementHigh
            }
            (PointType::SpecialCauseImprovement, _) => VariationIcon::ImprovementLow,
            (PointType::SpecialCauseConcern, Some(Side::High)) => VariationIcon::ConcernHigh,
            (PointType::SpecialCauseConcern, _) => VariationIcon::ConcernLow,
            (PointType::SpecialCauseNeutralHigh, _) => VariationIcon::NeutralHigh,
            (PointType::SpecialCauseNeutralLow, _) => VariationIcon::NeutralLow,
            _ => VariationIcon::CommonCause,
        })
    });
    Analysis {
        points,
        groups,
        variation_icon,
        assurance: None,
        pcc_class: None,
        suggested_rebases: Vec::new(),
        warnings: Vec::new(),
    }
}

pub fn class(kind: PccKind, direction: Option<Side>, rag: Rag, label: &str) -> Option<PccClass> {
    Some(PccClass {
        kind,
        direction,
        rag,
        label: label.to_string(),
    })
}

/// All crime in Leicester, January 2021 to December 2022 (lower is better):
/// - limits recalculated from January 2022 ("New crime recording rules");
/// - June 2021 (index 5) excluded: "Data system outage, double counting";
/// - March 2022 (index 14) not published;
/// - September 2022 (index 20) above the upper limit: special cause concern;
/// - annotations "Op Lionheart" (September 2021) and "Summer campaign" (August 2022).
pub const GAPS_VALUES: [Option<f64>; 24] = [
    Some(7100.0),
    Some(6900.0),
    Some(7050.0),
    Some(7200.0),
    Some(6950.0),
    Some(9100.0),
    Some(7000.0),
    Some(7150.0),
    Some(6850.0),
    Some(7050.0),
    Some(6980.0),
    Some(7120.0),
    Some(6500.0),
    Some(6400.0),
    None,
    Some(6550.0),
    Some(6450.0),
    Some(6600.0),
    Some(6350.0),
    Some(6500.0),
    Some(8200.0),
    Some(6420.0),
    Some(6580.0),
    Some(6480.0),
];

pub fn gaps() -> ChartData {
    let ms = months(month(2021, 1), 24);
    let mut a = xmr(&GAPS_VALUES, &[12], &[5], Direction::Decrease);
    a.pcc_class = class(
        PccKind::SinglePointException,
        Some(Side::High),
        Rag::Red,
        "Single point exception",
    );
    let notes = vec![
        Note {
            month: month(2022, 1),
            kind: NoteKind::Rebase,
            text: "New crime recording rules".into(),
        },
        Note {
            month: month(2021, 6),
            kind: NoteKind::Exclusion,
            text: "Data system outage, double counting".into(),
        },
        Note {
            month: month(2021, 9),
            kind: NoteKind::Annotation,
            text: "Op Lionheart".into(),
        },
        Note {
            month: month(2022, 8),
            kind: NoteKind::Annotation,
            text: "Summer campaign".into(),
        },
    ];
    ChartData::new(ChartInput {
        measure: "All crime",
        area: "Leicester",
        unit: Unit::Count,
        direction: Direction::Decrease,
        months: &ms,
        analysis: a,
        target: None,
        notes: &notes,
        source: "Source: data.police.uk, Open Government Licence v3.0",
    })
    .unwrap()
}

/// 999 calls answered within 10 seconds (%), April 2021 to September 2022, target 90%,
/// higher is better: a rising trend over the last 9 months (special cause improvement).
pub const TREND_VALUES: [f64; 18] = [
    84.0, 85.5, 83.9, 85.0, 84.6, 85.2, 84.1, 85.8, 84.9, 84.0, 84.5, 85.0, 85.6, 86.1, 86.9, 87.4,
    88.2, 89.0,
];

pub fn trend() -> ChartData {
    let ms = months(month(2021, 4), 18);
    let values: Vec<Option<f64>> = TREND_VALUES.iter().map(|v| Some(*v)).collect();
    let mut a = xmr(&values, &[], &[], Direction::Increase);
    a.pcc_class = class(
        PccKind::SignificantTrend,
        Some(Side::High),
        Rag::Green,
        "Significant increasing trend",
    );
    a.assurance = Some(Assurance::ConsistentFail);
    let notes = vec![Note {
        month: month(2022, 2),
        kind: NoteKind::Annotation,
        text: "New call-handling system, staff trained over six weeks".into(),
    }];
    ChartData::new(ChartInput {
        measure: "999 calls answered within 10 seconds",
        area: "Leicestershire Police",
        unit: Unit::Percent,
        direction: Direction::Increase,
        months: &ms,
        analysis: a,
        target: Some(90.0),
        notes: &notes,
        source: "Source: force call-handling system",
    })
    .unwrap()
}

/// A stable series: 30 months, nothing special.
pub fn stable() -> ChartData {
    let ms = months(month(2020, 5), 30);
    let values: Vec<Option<f64>> = (0..30)
        .map(|i| Some(7334.0 + [120.0, -260.0, 40.0, 310.0, -150.0, -30.0, 200.0, -90.0][i % 8]))
        .collect();
    let mut a = xmr(&values, &[], &[], Direction::Decrease);
    a.pcc_class = class(PccKind::Stable, None, Rag::Amber, "Stable");
    ChartData::new(ChartInput {
        measure: "Anti-social behaviour",
        area: "Charnwood",
        unit: Unit::Count,
        direction: Direction::Decrease,
        months: &ms,
        analysis: a,
        target: None,
        notes: &[],
        source: "Source: data.police.uk",
    })
    .unwrap()
}

/// No annotation marker line runs through another annotation's label.
pub fn assert_markers_clear_labels(s: &pcc_spc::chart::Scene) {
    let labels: Vec<(usize, pcc_spc::chart::Rect)> =
        s.marks
            .iter()
            .filter_map(|m| match (m.role(), m) {
                (
                    pcc_spc::chart::Role::AnnotationLabel(i),
                    pcc_spc::chart::Mark::Text { text, .. },
                ) if !text.is_empty() => Some((i, m.text_box().unwrap())),
                _ => None,
            })
            .collect();
    for m in &s.marks {
        if let (pcc_spc::chart::Role::Annotation(j), pcc_spc::chart::Mark::Line { from, to, .. }) =
            (m.role(), m)
        {
            for (i, b) in &labels {
                let through =
                    from.x > b.x && from.x < b.right() && from.y < b.bottom() && to.y > b.y;
                assert!(
                    *i == j || !through,
                    "marker {j} runs through the label of {i}"
                );
            }
        }
    }
}
