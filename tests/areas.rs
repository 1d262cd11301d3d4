//! Period comparisons of the CSP breakdown: period arithmetic (financial years, year
//! boundaries, periods before the data), incomplete periods, rates and ranks.

use pcc_spc::areas::{compare, Aggregate, Figure, PeriodKind, Periods, RankBy, Span, Unavailable};
use pcc_spc::model::{
    Area, AreaKind, Dataset, Exclusion, Measure, Metadata, Population, Section, Series, Unit,
};
use pcc_spc::spc::{ChartType, Direction};
use pcc_spc::{ErrorKind, Month};
use proptest::prelude::*;

fn m(y: i32, mo: u32) -> Month {
    Month::new(y, mo).unwrap()
}

fn span(a: Month, b: Month) -> Span {
    Span::new(a, b).unwrap()
}

fn periods(kind: PeriodKind, end: Month) -> (Span, Span) {
    let p = Periods::ending(kind, end).unwrap();
    assert_eq!(p.kind, kind);
    (p.current, p.base)
}

#[test]
fn quarter_is_the_latest_complete_quarter_against_a_year_earlier() {
    // Data to October 2022: October–December is not complete, so July–September.
    assert_eq!(
        periods(PeriodKind::Quarter, m(2022, 10)),
        (span(m(2022, 7), m(2022, 9)), span(m(2021, 7), m(2021, 9)))
    );
    assert_eq!(
        periods(PeriodKind::Quarter, m(2022, 9)),
        (span(m(2022, 7), m(2022, 9)), span(m(2021, 7), m(2021, 9)))
    );
    // Across a year boundary: data to February 2023 → October–December 2022.
    assert_eq!(
        periods(PeriodKind::Quarter, m(2023, 2)),
        (
            span(m(2022, 10), m(2022, 12)),
            span(m(2021, 10), m(2021, 12))
        )
    );
    assert_eq!(
        periods(PeriodKind::Quarter, m(2023, 3)),
        (span(m(2023, 1), m(2023, 3)), span(m(2022, 1), m(2022, 3)))
    );
    let p = Periods::ending(PeriodKind::Quarter, m(2022, 10)).unwrap();
    assert_eq!(p.current_label(), "Q2 2022/23 (July\u{2013}September 2022)");
    assert_eq!(p.base_label(), "Q2 2021/22 (July\u{2013}September 2021)");
    let p = Periods::ending(PeriodKind::Quarter, m(2023, 3)).unwrap();
    assert_eq!(p.current_label(), "Q4 2022/23 (January\u{2013}March 2023)");
}

#[test]
fn three_and_twelve_months_cross_year_boundaries() {
    assert_eq!(
        periods(PeriodKind::ThreeMonths, m(2022, 2)),
        (span(m(2021, 12), m(2022, 2)), span(m(2021, 9), m(2021, 11)))
    );
    assert_eq!(
        periods(PeriodKind::ThreeMonths, m(2022, 1)),
        (span(m(2021, 11), m(2022, 1)), span(m(2021, 8), m(2021, 10)))
    );
    assert_eq!(
        periods(PeriodKind::TwelveMonths, m(2022, 10)),
        (
            span(m(2021, 11), m(2022, 10)),
            span(m(2020, 11), m(2021, 10))
        )
    );
    assert_eq!(
        periods(PeriodKind::TwelveMonths, m(2022, 12)),
        (span(m(2022, 1), m(2022, 12)), span(m(2021, 1), m(2021, 12)))
    );
    let p = Periods::ending(PeriodKind::TwelveMonths, m(2022, 10)).unwrap();
    assert_eq!(p.current_label(), "November 2021 \u{2013} October 2022");
    assert_eq!(p.current.short_label(), "Nov 2021 \u{2013} Oct 2022");
}

#[test]
fn financial_year_to_date_runs_from_april() {
    // The reports' "April–September" comparison.
    assert_eq!(
        periods(PeriodKind::FinancialYearToDate, m(2022, 9)),
        (span(m(2022, 4), m(2022, 9)), span(m(2021, 4), m(2021, 9)))
    );
    // January is in the financial year that started the April before.
    assert_eq!(
        periods(PeriodKind::FinancialYearToDate, m(2023, 1)),
        (span(m(2022, 4), m(2023, 1)), span(m(2021, 4), m(2022, 1)))
    );
    // March closes the year: the whole financial year.
    assert_eq!(
        periods(PeriodKind::FinancialYearToDate, m(2023, 3)),
        (span(m(2022, 4), m(2023, 3)), span(m(2021, 4), m(2022, 3)))
    );
    // April opens it: one month against one month.
    assert_eq!(
        periods(PeriodKind::FinancialYearToDate, m(2022, 4)),
        (span(m(2022, 4), m(2022, 4)), span(m(2021, 4), m(2021, 4)))
    );
    let p = Periods::ending(PeriodKind::FinancialYearToDate, m(2022, 9)).unwrap();
    assert_eq!(
        p.current_label(),
        "2022/23 to date (April\u{2013}September 2022)"
    );
    assert_eq!(p.base.label(), "April\u{2013}September 2021");
    let p = Periods::ending(PeriodKind::FinancialYearToDate, m(2023, 3)).unwrap();
    assert_eq!(
        p.current_label(),
        "2022/23 (April 2022 \u{2013} March 2023)"
    );
    assert_eq!(
        Periods::ending(PeriodKind::FinancialYearToDate, m(2022, 4))
            .unwrap()
            .current_label(),
        "2022/23 to date (April 2022)"
    );
}

#[test]
fn periods_near_year_one_are_none_not_clamped() {
    assert!(Periods::ending(PeriodKind::TwelveMonths, m(1, 6)).is_none());
    assert!(Periods::ending(PeriodKind::Quarter, m(1, 12)).is_none());
    assert!(Periods::ending(PeriodKind::FinancialYearToDate, m(1, 3)).is_none());
    assert!(Periods::ending(PeriodKind::ThreeMonths, m(2, 6)).is_some());
}

#[test]
fn kinds_round_trip_through_their_names() {
    for k in PeriodKind::ALL {
        assert_eq!(PeriodKind::parse(k.as_str()), Some(k));
        assert!(!k.label().is_empty());
    }
    assert_eq!(PeriodKind::parse("6m"), None);
}

#[test]
fn population_year_is_the_year_of_the_period_midpoint() {
    assert_eq!(span(m(2022, 3), m(2022, 3)).population_year(), 2022);
    assert_eq!(span(m(2021, 11), m(2022, 10)).population_year(), 2022);
    assert_eq!(span(m(2020, 11), m(2021, 10)).population_year(), 2021);
    // December–February: the midpoint is mid-January.
    assert_eq!(span(m(2019, 12), m(2020, 2)).population_year(), 2020);
    // October–December 2021, midpoint mid-November 2021.
    assert_eq!(span(m(2021, 10), m(2021, 12)).population_year(), 2021);
    // April 2022 – January 2023 (10 months), midpoint 1 September 2022.
    assert_eq!(span(m(2022, 4), m(2023, 1)).population_year(), 2022);
}

proptest! {
    #[test]
    fn periods_are_consistent(year in 3i32..9990, month in 1u32..=12, k in 0usize..4) {
        let end = m(year, month);
        let kind = PeriodKind::ALL[k];
        let p = Periods::ending(kind, end).unwrap();
        prop_assert_eq!(p.current.len(), p.base.len());
        prop_assert!(p.current.last <= end);
        prop_assert!(p.base.last < p.current.first);
        match kind {
            PeriodKind::Quarter => {
                prop_assert_eq!(p.current.len(), 3);
                prop_assert_eq!(p.current.last.month() % 3, 0);
                prop_assert!(end.since(p.current.last) < 3);
                prop_assert_eq!(p.current.first.since(p.base.first), 12);
            }
            PeriodKind::ThreeMonths => {
                prop_assert_eq!(p.current.len(), 3);
                prop_assert_eq!(p.current.last, end);
                prop_assert_eq!(p.base.last.succ(), p.current.first);
            }
            PeriodKind::TwelveMonths => {
                prop_assert_eq!(p.current.len(), 12);
                prop_assert_eq!(p.current.last, end);
                prop_assert_eq!(p.base.last.succ(), p.current.first);
            }
            PeriodKind::FinancialYearToDate => {
                prop_assert_eq!(p.current.first.month(), 4);
                prop_assert_eq!(p.current.last, end);
                prop_assert!(p.current.len() <= 12);
                prop_assert_eq!(p.current.first.financial_year(), end.financial_year());
                prop_assert_eq!(p.base.first.financial_year(), end.financial_year() - 1);
                prop_assert_eq!(p.current.first.since(p.base.first), 12);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Comparisons on a dataset.

const FIRST: (i32, u32) = (2019, 12);
const MONTHS: usize = 35; // December 2019 – October 2022, like the LLR data.

fn pop(years: &[(i32, f64)]) -> Vec<Population> {
    years
        .iter()
        .map(|&(mid_year, value)| Population {
            mid_year,
            value,
            source: None,
        })
        .collect()
}

fn area(code: &str, name: &str, kind: AreaKind, population: Vec<Population>) -> Area {
    Area {
        code: code.into(),
        name: name.into(),
        kind,
        population,
        boundary: None,
    }
}

fn measure(id: &str, unit: Unit, series: Vec<Series>) -> Measure {
    Measure {
        id: id.into(),
        name: format!("Measure {id}"),
        section: Section::Crime,
        unit,
        direction: Direction::Decrease,
        chart: ChartType::Xmr,
        description: None,
        target: None,
        rebases: vec![],
        exclusions: vec![],
        annotations: vec![],
        series,
    }
}

fn series(code: &str, values: Vec<Option<f64>>) -> Series {
    assert_eq!(values.len(), MONTHS);
    Series {
        area: code.into(),
        values,
        numerators: None,
        denominators: None,
    }
}

/// Month `i` (0 = December 2019) has value `base + i`.
fn ramp(base: f64) -> Vec<Option<f64>> {
    (0..MONTHS).map(|i| Some(base + i as f64)).collect()
}

fn dataset(measures: Vec<Measure>) -> Dataset {
    let first = m(FIRST.0, FIRST.1);
    Dataset {
        metadata: Metadata {
            title: "t".into(),
            publisher: "p".into(),
            source: "s".into(),
            licence: "l".into(),
            published: "2023-01-01".into(),
            notes: vec![],
        },
        first,
        last: first.plus(MONTHS as i32 - 1),
        areas: vec![
            area(
                "F",
                "Force",
                AreaKind::Force,
                pop(&[(2019, 3000.0), (2020, 3000.0), (2021, 4000.0)]),
            ),
            area(
                "A",
                "Alpha",
                AreaKind::Csp,
                pop(&[(2019, 1000.0), (2020, 1000.0), (2021, 2000.0)]),
            ),
            area(
                "B",
                "Beta",
                AreaKind::Csp,
                pop(&[(2019, 2000.0), (2020, 2000.0), (2021, 2000.0)]),
            ),
            area("C", "Gamma (no population)", AreaKind::Csp, vec![]),
        ],
        measures,
        reconciliation: vec![],
    }
}

fn idx(mo: Month) -> usize {
    mo.since(m(FIRST.0, FIRST.1)) as usize
}

/// Sum of `ramp(base)` over the span.
fn ramp_sum(base: f64, s: Span) -> f64 {
    s.months().map(|mo| base + idx(mo) as f64).sum()
}

#[test]
fn counts_are_summed_with_change_percent_change_and_rates() {
    let ds = dataset(vec![measure(
        "1",
        Unit::Count,
        vec![
            series("F", ramp(300.0)),
            series("A", ramp(100.0)),
            series("B", ramp(200.0)),
            series("C", ramp(0.0)),
        ],
    )]);
    let c = compare(&ds, "1", PeriodKind::TwelveMonths, None).unwrap();
    assert_eq!(c.aggregate, Aggregate::Sum);
    assert_eq!(c.periods.current, span(m(2021, 11), m(2022, 10)));
    let a = c.area("A").unwrap();
    let cur = ramp_sum(100.0, c.periods.current);
    let base = ramp_sum(100.0, c.periods.base);
    // Month i has 100 + i, so each of the 12 months is 12 higher than a year before.
    assert_eq!(cur - base, 144.0);
    assert_eq!(a.current.figure, Figure::Value { value: cur });
    assert_eq!(a.base.figure, Figure::Value { value: base });
    assert_eq!(a.change, Some(144.0));
    assert!((a.percent_change.unwrap() - 144.0 / base * 100.0).abs() < 1e-12);
    // Current period's midpoint is in 2022: no mid-2022 estimate, so mid-2021 (2,000).
    let r = a.current_rate.unwrap();
    assert_eq!(
        (r.year_wanted, r.year_used, r.population),
        (2022, 2021, 2000.0)
    );
    assert_eq!(r.per_1000, cur / 2000.0 * 1000.0);
    assert_eq!(
        r.population_note(),
        "mid-2021 population (latest available for 2022)"
    );
    // The comparison period's midpoint (1 May 2021) is in 2021: mid-2021 exactly.
    let r = a.base_rate.unwrap();
    assert_eq!((r.year_wanted, r.year_used), (2021, 2021));
    assert_eq!(r.population_note(), "mid-2021 population");
    // No population: no rate, but still a figure.
    let g = c.area("C").unwrap();
    assert!(g.current_rate.is_none());
    assert!(g.current.figure.value().is_some());
}

#[test]
fn ranks_rates_among_csps_only_with_ties_sharing_a_rank() {
    // A and B both 1 a month: A's rate (pop 2,000 in 2021) equals B's (2,000).
    let ones = vec![Some(1.0); MONTHS];
    let ds = dataset(vec![measure(
        "1",
        Unit::Count,
        vec![
            series("F", ramp(5000.0)),
            series("A", ones.clone()),
            series("B", ones.clone()),
        ],
    )]);
    let mut c = compare(&ds, "1", PeriodKind::ThreeMonths, None).unwrap();
    // Gamma has no series, so no figure; every CSP with a figure has a rate → rank by rate.
    assert_eq!(c.rank_by, RankBy::CurrentRate);
    assert_eq!(c.area("F").unwrap().rank, None, "the force is not ranked");
    assert_eq!(c.area("A").unwrap().rank, Some(1));
    assert_eq!(c.area("B").unwrap().rank, Some(1));
    assert_eq!(
        c.area("C").unwrap().current.figure,
        Figure::NotAvailable {
            why: Unavailable::NoSeries
        }
    );
    assert_eq!(c.area("C").unwrap().rank, None);

    // January–March 2020 (midpoint February 2020) uses mid-2020: A has 1,000 residents, B 2,000.
    c = compare(&ds, "1", PeriodKind::Quarter, Some(m(2020, 3))).unwrap();
    let (a, b) = (c.area("A").unwrap(), c.area("B").unwrap());
    assert_eq!(a.current_rate.unwrap().per_1000, 3.0);
    assert_eq!(b.current_rate.unwrap().per_1000, 1.5);
    assert_eq!((a.rank, b.rank), (Some(1), Some(2)));
    // Same quarter a year before (January–March 2019) is before the data: not available.
    assert_eq!(
        a.base.figure,
        Figure::NotAvailable {
            why: Unavailable::BeforeData { first: m(2019, 12) }
        }
    );
    assert_eq!(
        (a.change, a.percent_change, a.base_rate),
        (None, None, None)
    );

    c.rank(RankBy::Current);
    assert_eq!(
        (c.area("A").unwrap().rank, c.area("B").unwrap().rank),
        (Some(1), Some(1))
    );
    assert_eq!(c.ranked_order(), vec![1, 2, 0, 3]);
    c.rank(RankBy::Change);
    assert!(c.areas.iter().all(|a| a.rank.is_none()));
}

#[test]
fn a_missing_month_makes_the_period_incomplete_never_zero() {
    let mut a = ramp(100.0);
    let hole = m(2022, 8);
    a[idx(hole)] = None;
    let ds = dataset(vec![measure(
        "1",
        Unit::Count,
        vec![series("A", a), series("B", ramp(200.0))],
    )]);
    for kind in [
        PeriodKind::ThreeMonths,
        PeriodKind::TwelveMonths,
        PeriodKind::FinancialYearToDate,
        PeriodKind::Quarter,
    ] {
        let c = compare(&ds, "1", kind, None).unwrap();
        let row = c.area("A").unwrap();
        assert_eq!(
            row.current.figure,
            Figure::Incomplete {
                missing: vec![hole]
            },
            "{kind:?}"
        );
        assert!(row.base.figure.value().is_some());
        assert_eq!((row.change, row.percent_change), (None, None));
        assert_eq!((row.current_rate, row.rank), (None, None));
        // B is complete and is ranked alone.
        assert_eq!(c.area("B").unwrap().rank, Some(1));
    }
    // The hole is not in the 3 months ending July 2022, nor in their comparison.
    let c = compare(&ds, "1", PeriodKind::ThreeMonths, Some(m(2022, 7))).unwrap();
    assert!(c.area("A").unwrap().change.is_some());
    // …but the 3 months ending November 2022 go beyond the data.
    let c = compare(&ds, "1", PeriodKind::ThreeMonths, Some(m(2022, 11))).unwrap();
    assert_eq!(
        c.area("A").unwrap().current.figure,
        Figure::NotAvailable {
            why: Unavailable::AfterData { last: m(2022, 10) }
        }
    );
    // Two missing months are both named, in order.
    let mut a = ramp(1.0);
    a[idx(m(2021, 12))] = None;
    a[idx(m(2021, 11))] = None;
    let ds = dataset(vec![measure("1", Unit::Count, vec![series("A", a)])]);
    let c = compare(&ds, "1", PeriodKind::TwelveMonths, None).unwrap();
    assert_eq!(
        c.area("A").unwrap().current.figure,
        Figure::Incomplete {
            missing: vec![m(2021, 11), m(2021, 12)]
        }
    );
}

#[test]
fn percent_change_is_none_when_the_base_is_zero() {
    let mut a = vec![Some(0.0); MONTHS];
    for v in a.iter_mut().skip(MONTHS - 3) {
        *v = Some(5.0);
    }
    let ds = dataset(vec![measure("1", Unit::Count, vec![series("A", a)])]);
    let c = compare(&ds, "1", PeriodKind::ThreeMonths, None).unwrap();
    let row = c.area("A").unwrap();
    assert_eq!(row.base.figure.value(), Some(0.0));
    assert_eq!(row.change, Some(15.0));
    assert_eq!(row.percent_change, None);
}

#[test]
fn percentages_and_times_compare_means_without_rates() {
    let pct: Vec<Option<f64>> = (0..MONTHS).map(|i| Some(50.0 + (i % 2) as f64)).collect();
    let ds = dataset(vec![
        measure("p", Unit::Percent, vec![series("A", pct)]),
        measure("t", Unit::Minutes, vec![series("A", ramp(10.0))]),
    ]);
    let c = compare(&ds, "p", PeriodKind::TwelveMonths, None).unwrap();
    assert_eq!(c.aggregate, Aggregate::MeanOfMonths);
    assert!(c.aggregate.caption().contains("average"));
    let row = c.area("A").unwrap();
    assert_eq!(row.current.figure.value(), Some(50.5));
    assert_eq!(row.change, Some(0.0));
    assert_eq!(row.percent_change, None, "no % change of a percentage");
    assert_eq!(row.current_rate, None);
    assert_eq!(c.rank_by, RankBy::Current);

    let c = compare(&ds, "t", PeriodKind::ThreeMonths, None).unwrap();
    let row = c.area("A").unwrap();
    // Last 3 months are indices 32..=34: 42, 43, 44 → mean 43; previous 39, 40, 41 → 40.
    assert_eq!(row.current.figure.value(), Some(43.0));
    assert_eq!(row.base.figure.value(), Some(40.0));
    assert_eq!(row.percent_change, Some(3.0 / 40.0 * 100.0));
}

#[test]
fn excluded_months_are_counted_but_flagged_for_their_areas() {
    let mut me = measure(
        "1",
        Unit::Count,
        vec![series("A", ramp(1.0)), series("B", ramp(1.0))],
    );
    me.exclusions.push(Exclusion {
        month: m(2020, 3),
        reason: "crimes published without a location".into(),
        areas: Some(vec!["A".into()]),
    });
    let ds = dataset(vec![me]);
    let c = compare(&ds, "1", PeriodKind::Quarter, Some(m(2020, 3))).unwrap();
    let a = c.area("A").unwrap();
    assert_eq!(a.current.flagged.len(), 1);
    assert_eq!(a.current.flagged[0].month, m(2020, 3));
    assert!(a.current.figure.value().is_some());
    assert!(c.area("B").unwrap().current.flagged.is_empty());
}

#[test]
fn an_unknown_measure_is_a_clear_error() {
    let ds = dataset(vec![]);
    let e = compare(&ds, "9.9", PeriodKind::Quarter, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.to_string().contains("9.9"), "{e}");
}

proptest! {
    #[test]
    fn complete_sums_match_and_holes_are_named(
        values in proptest::collection::vec(proptest::option::weighted(0.9, 0.0f64..1000.0), MONTHS),
        end_off in 0usize..MONTHS,
        k in 0usize..4,
    ) {
        let end = m(FIRST.0, FIRST.1).plus(end_off as i32);
        let ds = dataset(vec![measure("1", Unit::Count, vec![series("A", values.clone())])]);
        let c = compare(&ds, "1", PeriodKind::ALL[k], Some(end)).unwrap();
        let row = c.area("A").unwrap();
        for pf in [&row.current, &row.base] {
            let s = pf.span;
            if s.first < ds.first {
                let is_before = matches!(
                    pf.figure,
                    Figure::NotAvailable { why: Unavailable::BeforeData { .. } }
                );
                prop_assert!(is_before);
                continue;
            }
            let vals: Vec<Option<f64>> = s.months().map(|mo| values[idx(mo)]).collect();
            let missing: Vec<Month> = s.months().filter(|&mo| values[idx(mo)].is_none()).collect();
            if missing.is_empty() {
                let total: f64 = vals.iter().flatten().sum();
                prop_assert_eq!(pf.figure.value(), Some(total));
            } else {
                prop_assert_eq!(&pf.figure, &Figure::Incomplete { missing });
            }
        }
        prop_assert_eq!(
            row.change.is_some(),
            row.current.figure.value().is_some() && row.base.figure.value().is_some()
        );
    }
}
