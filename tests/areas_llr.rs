//! Period comparisons and the map on the product's real LLR file (`www/data/llr.json`),
//! checked against the team's independently derived totals
//! (`tests/data/derived/llr_monthly_totals_by_csp.csv`, computed from the raw CSVs outside
//! this crate).

use std::collections::BTreeMap;

use pcc_spc::areas::{compare, Aggregate, Figure, PeriodKind, RankBy, Unavailable};
use pcc_spc::map::simplify::{attach_boundaries, boundary_geometries, LLR_CODES, LLR_TOLERANCE_M};
use pcc_spc::map::{map_scene, Colouring};
use pcc_spc::model::json::FileDto;
use pcc_spc::model::{parse, AreaKind, Dataset};
use pcc_spc::Month;

const LLR: &str = include_str!("../www/data/llr.json");
const TOTALS: &str = include_str!("data/derived/llr_monthly_totals_by_csp.csv");
const TOPO: &str = include_str!("../data/llr/boundaries/llr_lad_2013.topo.json");

fn m(y: i32, mo: u32) -> Month {
    Month::new(y, mo).unwrap()
}

fn dataset() -> Dataset {
    parse(LLR).unwrap().0
}

/// (month, code) → (crimes excluding ASB, population used by the oracle, its mid-year).
fn oracle() -> BTreeMap<(Month, String), (f64, f64, i32)> {
    TOTALS
        .lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split(',').collect();
            (
                (Month::parse(f[0]).unwrap(), f[1].to_string()),
                (
                    f[3].parse().unwrap(),
                    f[7].parse().unwrap(),
                    f[6].parse().unwrap(),
                ),
            )
        })
        .collect()
}

#[test]
fn financial_year_to_date_matches_the_independent_totals() {
    let ds = dataset();
    let truth = oracle();
    let c = compare(&ds, "3.1", PeriodKind::FinancialYearToDate, None).unwrap();
    assert_eq!(c.aggregate, Aggregate::Sum);
    assert_eq!(
        c.periods.current_label(),
        "2022/23 to date (April\u{2013}October 2022)"
    );
    assert_eq!(c.periods.base.label(), "April\u{2013}October 2021");
    assert_eq!(c.rank_by, RankBy::CurrentRate);
    let mut ranks = Vec::new();
    for code in LLR_CODES {
        let row = c.area(code).unwrap();
        let sum = |s: pcc_spc::areas::Span| -> f64 {
            s.months().map(|mo| truth[&(mo, code.to_string())].0).sum()
        };
        let (cur, base) = (sum(c.periods.current), sum(c.periods.base));
        assert_eq!(row.current.figure, Figure::Value { value: cur }, "{code}");
        assert_eq!(row.base.figure, Figure::Value { value: base }, "{code}");
        assert_eq!(row.change, Some(cur - base));
        // Months of 2022 use mid-2021, the latest estimate, as the oracle does.
        let (_, pop, year) = truth[&(m(2022, 10), code.to_string())];
        let rate = row.current_rate.unwrap();
        assert_eq!((rate.year_used, rate.year_wanted), (year, 2022));
        assert_eq!(rate.population, pop);
        assert!((rate.per_1000 - cur / pop * 1000.0).abs() < 1e-9);
        ranks.push((rate.per_1000, row.rank.unwrap(), code));
    }
    // Rank 1 is the highest rate, and ranks follow the rates.
    ranks.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (i, (_, rank, code)) in ranks.iter().enumerate() {
        assert_eq!(*rank, i + 1, "{code}");
    }
    // Leicester (the city) has the highest crime rate of LLR.
    assert_eq!(ranks[0].2, "E06000016");
    let force = c.areas.iter().find(|a| a.kind == AreaKind::Force).unwrap();
    assert_eq!(force.rank, None);
    assert!(force.current.figure.value().unwrap() >= ranks.len() as f64);
}

#[test]
fn the_march_2020_data_hole_is_flagged_and_earlier_quarters_are_not_available() {
    let ds = dataset();
    let c = compare(&ds, "3.1", PeriodKind::Quarter, Some(m(2020, 3))).unwrap();
    for code in ["E07000131", "E07000135"] {
        let row = c.area(code).unwrap();
        assert_eq!(row.current.flagged.len(), 1, "{code}");
        assert_eq!(row.current.flagged[0].month, m(2020, 3));
        assert_eq!(
            row.base.figure,
            Figure::NotAvailable {
                why: Unavailable::BeforeData { first: m(2019, 12) }
            }
        );
        assert_eq!(row.change, None);
    }
    assert!(c.area("E06000016").unwrap().current.flagged.is_empty());
    // Twelve months against the twelve before need 24 months: from December 2021 on.
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, Some(m(2021, 10))).unwrap();
    assert!(c.areas.iter().all(|a| a.change.is_none()));
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, Some(m(2021, 11))).unwrap();
    assert!(c.areas.iter().all(|a| a.change.is_some()));
}

#[test]
fn rate_measures_compare_monthly_means() {
    let ds = dataset();
    let c = compare(&ds, "3.21", PeriodKind::ThreeMonths, None).unwrap();
    assert_eq!(c.aggregate, Aggregate::MeanOfMonths);
    assert!(c.areas.iter().all(|a| a.current_rate.is_none()));
    assert_eq!(c.rank_by, RankBy::Current);
    let series = ds.measure("3.21").unwrap().series_for("E06000017").unwrap();
    let n = series.values.len();
    let mean = series.values[n - 3..]
        .iter()
        .map(|v| v.unwrap())
        .sum::<f64>()
        / 3.0;
    let got = c.area("E06000017").unwrap().current.figure.value().unwrap();
    assert!((got - mean).abs() < 1e-12);
}

#[test]
fn simplified_boundaries_publish_parse_and_map() {
    let mut file: FileDto = serde_json::from_str(LLR).unwrap();
    let geometries = boundary_geometries(TOPO, &LLR_CODES, LLR_TOLERANCE_M).unwrap();
    for a in &mut file.areas {
        a.boundary = geometries.get(&a.code).cloned();
    }
    let text = serde_json::to_string(&file).unwrap();
    let compact_before = serde_json::to_string(&serde_json::from_str::<FileDto>(LLR).unwrap())
        .unwrap()
        .len();
    assert!(
        text.len() - compact_before <= 60_000,
        "boundaries add {} bytes",
        text.len() - compact_before
    );
    let (ds, _) = parse(&text).unwrap();
    let with_boundary = ds.areas.iter().filter(|a| a.boundary.is_some()).count();
    assert_eq!(with_boundary, 9);
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    let s = map_scene(&ds.areas, Colouring::Rate(&c), 640.0, 480.0).unwrap();
    assert_eq!(s.areas.len(), 9);
    // Leicester is in the top class, Rutland and Harborough are not.
    let class = |code: &str| s.areas.iter().find(|a| a.code == code).unwrap().entry;
    assert_eq!(class("E06000016"), s.legend.len() - 1);
    assert!(class("E06000017") < class("E06000016"));
    for a in &s.areas {
        assert!(
            a.description.contains("per 1,000 residents"),
            "{}",
            a.description
        );
    }
}

#[test]
fn attach_boundaries_sets_every_csp_and_leaves_the_force() {
    let mut file: FileDto = serde_json::from_str(LLR).unwrap();
    // The published file already carries them (the build attaches them): start from none.
    for a in &mut file.areas {
        a.boundary = None;
    }
    let n = attach_boundaries(&mut file, TOPO, LLR_TOLERANCE_M).unwrap();
    assert_eq!(n, 9);
    for a in &file.areas {
        assert_eq!(a.boundary.is_some(), a.kind == "csp", "{}", a.code);
    }
    let expected = boundary_geometries(TOPO, &LLR_CODES, LLR_TOLERANCE_M).unwrap();
    for a in file.areas.iter().filter(|a| a.kind == "csp") {
        assert_eq!(a.boundary.as_ref(), expected.get(&a.code));
    }
    // A file with no area in the boundary file is left alone.
    let mut other: FileDto = serde_json::from_str(LLR).unwrap();
    for a in &mut other.areas {
        a.code = format!("X{}", a.code);
        a.boundary = None;
    }
    assert_eq!(
        attach_boundaries(&mut other, TOPO, LLR_TOLERANCE_M).unwrap(),
        0
    );
    assert!(other.areas.iter().all(|a| a.boundary.is_none()));
}
