//! Property tests of the SPC engine over random series with gaps, rebases and exclusions:
//! it never panics, never returns NaN or infinity, its limits are symmetric about the mean,
//! and every flag it raises is re-checked here independently of the engine's rule code.

use pcc_spc::spc::{
    analyse, Analysis, ChartType, Direction, Input, PointType, Profile, Rule, Settings, Side,
};
use proptest::prelude::*;

fn value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        1 => Just(None),
        // Small integers: ties and points exactly on the mean happen often.
        4 => (0i32..8).prop_map(|v| Some(f64::from(v))),
        3 => (-1000.0f64..1000.0).prop_map(Some),
        1 => (-1e12f64..1e12).prop_map(Some),
    ]
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![
        Just(Profile::Mdc),
        Just(Profile::Nhsr),
        Just(Profile::Powerbi),
        Just(Profile::Qicharts2)
    ]
}

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![
        Just(Direction::Increase),
        Just(Direction::Decrease),
        Just(Direction::Neutral)
    ]
}

#[derive(Debug, Clone)]
struct Series {
    values: Vec<Option<f64>>,
    rebase_at: Vec<usize>,
    excluded: Vec<usize>,
    fix: Option<usize>,
    target: Option<f64>,
}

fn series() -> impl Strategy<Value = Series> {
    prop::collection::vec(value(), 0..90).prop_flat_map(|values| {
        let n = values.len().max(1);
        (
            Just(values),
            prop::collection::vec(0..n, 0..3),
            prop::collection::vec(0..n, 0..3),
            prop::option::of(3usize..30),
            prop::option::of(-10.0f64..10.0),
        )
            .prop_map(|(values, rebase_at, excluded, fix, target)| {
                let len = values.len();
                Series {
                    rebase_at: rebase_at.into_iter().filter(|&i| i < len).collect(),
                    excluded: excluded.into_iter().filter(|&i| i < len).collect(),
                    values,
                    fix,
                    target,
                }
            })
    })
}

/// Series whose mean is exactly 0 (a run of values, then the same run negated), with many
/// points exactly on the mean and many ties: the cases where "breaks the run" matters.
fn on_mean_series() -> impl Strategy<Value = Series> {
    prop::collection::vec(
        prop_oneof![
            Just(None),
            Just(Some(0.0)),
            Just(Some(1.0)),
            Just(Some(2.0)),
            Just(Some(3.0))
        ],
        2..40,
    )
    .prop_map(|half| {
        let mut values = half.clone();
        values.extend(half.iter().map(|v| v.map(|x| -x)));
        Series {
            values,
            rebase_at: Vec::new(),
            excluded: Vec::new(),
            fix: None,
            target: None,
        }
    })
}

fn run(s: &Series, d: Direction, settings: &Settings) -> Analysis {
    let input = Input {
        target: s.target,
        rebase_at: &s.rebase_at,
        excluded: &s.excluded,
        fix_after_n_points: s.fix,
        ..Input::xmr(&s.values, d)
    };
    match analyse(&input, settings) {
        Ok(a) => a,
        Err(e) => panic!("valid input rejected: {e}"),
    }
}

fn finite_and_symmetric(a: &Analysis) -> Result<(), TestCaseError> {
    for (i, p) in a.points.iter().enumerate() {
        if let Some(v) = p.value {
            prop_assert!(v.is_finite());
        }
        if let Some(l) = p.limits {
            for x in [l.mean, l.lpl, l.upl, l.near_lpl, l.near_upl] {
                prop_assert!(x.is_finite(), "point {i}: {l:?}");
            }
            let scale = l.mean.abs().max(l.upl.abs()).max(1.0);
            prop_assert!(
                ((l.upl - l.mean) - (l.mean - l.lpl)).abs() <= 1e-9 * scale,
                "{l:?}"
            );
            prop_assert!(
                ((l.near_upl - l.mean) - (l.mean - l.near_lpl)).abs() <= 1e-9 * scale,
                "{l:?}"
            );
            prop_assert!(l.lpl <= l.near_lpl && l.near_lpl <= l.mean);
            prop_assert!(l.mean <= l.near_upl && l.near_upl <= l.upl);
        }
    }
    for g in &a.groups {
        if let Some(m) = g.mr_bar {
            prop_assert!(m.is_finite() && m >= 0.0);
        }
    }
    // The whole analysis serialises to JSON (serde_json refuses nothing finite).
    prop_assert!(serde_json::to_string(a).is_ok());
    Ok(())
}

/// Independent re-check of every flag under the `mdc` profile, straight from the MDC wording
/// and the documented gap rule (a run never spans a missing or excluded month or a rebase).
fn flags_are_true(s: &Series, a: &Analysis, settings: &Settings) -> Result<(), TestCaseError> {
    let n = s.values.len();
    let usable = |i: usize| {
        a.points[i].value.is_some() && !a.points[i].excluded && a.points[i].limits.is_some()
    };
    let same_run =
        |i: usize, j: usize| usable(i) && usable(j) && a.points[i].group == a.points[j].group;
    // Windows of `len` adjacent usable points in one group that contain `i`.
    let windows = |i: usize, len: usize| -> Vec<std::ops::Range<usize>> {
        (i.saturating_sub(len - 1)..=i)
            .filter(|&st| st + len <= n && (st..st + len).all(|j| same_run(st, j)))
            .map(|st| st..st + len)
            .collect()
    };
    for (i, p) in a.points.iter().enumerate() {
        if !usable(i) {
            prop_assert!(p.rules.is_empty(), "point {i} is not usable but has rules");
            prop_assert_eq!(p.point_type, PointType::CommonCause);
            continue;
        }
        let y = |j: usize| a.points[j].value.unwrap_or(f64::NAN);
        let lim = |j: usize| a.points[j].limits.expect("usable points have limits");
        let on = |j: usize, side: Side| match side {
            Side::High => y(j) > lim(j).mean,
            Side::Low => y(j) < lim(j).mean,
        };
        let l = lim(i);
        // Completeness of the single-point rule.
        let outside = y(i) > l.upl || y(i) < l.lpl;
        prop_assert_eq!(
            outside,
            p.rules.iter().any(|h| h.rule == Rule::OutsideLimits),
            "point {}",
            i
        );
        for h in &p.rules {
            let ok = match h.rule {
                Rule::OutsideLimits => match h.side {
                    Side::High => y(i) > l.upl,
                    Side::Low => y(i) < l.lpl,
                },
                Rule::Shift => windows(i, settings.run_lengths.shift)
                    .into_iter()
                    .any(|w| w.clone().all(|j| on(j, h.side))),
                Rule::Trend => windows(i, settings.run_lengths.trend).into_iter().any(|w| {
                    w.clone().skip(1).all(|j| match h.side {
                        Side::High => y(j) > y(j - 1),
                        Side::Low => y(j) < y(j - 1),
                    })
                }),
                Rule::TwoOfThree => {
                    let close = |j: usize| match h.side {
                        Side::High => y(j) > lim(j).near_upl,
                        Side::Low => y(j) < lim(j).near_lpl,
                    };
                    close(i)
                        && windows(i, 3).into_iter().any(|w| {
                            w.clone().filter(|&j| close(j)).count() >= 2
                                && w.clone().all(|j| on(j, h.side))
                        })
                }
            };
            prop_assert!(ok, "point {i}: {h:?} does not hold; series {:?}", s.values);
        }
        // The point type is the first hit's.
        prop_assert_eq!(p.point_type == PointType::CommonCause, p.rules.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_never_nan_limits_symmetric(s in series(), p in profile(), d in direction()) {
        let a = run(&s, d, &p.settings());
        prop_assert_eq!(a.points.len(), s.values.len());
        finite_and_symmetric(&a)?;
    }

    #[test]
    fn every_mdc_flag_really_meets_its_rule(s in series(), d in direction()) {
        let settings = Profile::Mdc.settings();
        let a = run(&s, d, &settings);
        flags_are_true(&s, &a, &settings)?;
    }

    #[test]
    fn points_on_the_mean_and_ties_break_runs_in_mdc(s in on_mean_series(), d in direction()) {
        let settings = Profile::Mdc.settings();
        let a = run(&s, d, &settings);
        flags_are_true(&s, &a, &settings)?;
    }

    #[test]
    fn run_lengths_are_configurable(s in series(), shift in 2usize..10, trend in 2usize..10) {
        let mut settings = Profile::Mdc.settings();
        settings.run_lengths.shift = shift;
        settings.run_lengths.trend = trend;
        let a = run(&s, Direction::Increase, &settings);
        flags_are_true(&s, &a, &settings)?;
    }

    #[test]
    fn attribute_charts_never_nan(
        rows in prop::collection::vec(prop::option::of((0u32..500, 1u32..1000)), 0..60),
        chart in prop_oneof![Just(ChartType::P), Just(ChartType::Pp), Just(ChartType::U), Just(ChartType::Up)],
        p in profile(),
    ) {
        let nums: Vec<Option<f64>> = rows.iter().map(|r| r.map(|(a, b)| f64::from(a.min(b)))).collect();
        let dens: Vec<Option<f64>> = rows.iter().map(|r| r.map(|(_, b)| f64::from(b))).collect();
        let values = vec![None; rows.len()];
        let input = Input {
            numerators: Some(&nums),
            denominators: Some(&dens),
            chart,
            ..Input::xmr(&values, Direction::Increase)
        };
        let a = analyse(&input, &p.settings()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        finite_and_symmetric(&a)?;
    }
}
