//! Scene geometry: snapshots (UPDATE_SNAPSHOTS=1 rewrites them) and properties that must
//! hold at every width: gaps stay gaps, special cause has a shape, labels never overlap.

mod chart_fixtures;

use std::path::PathBuf;

use chart_fixtures::*;
use pcc_spc::chart::{
    layout, preferred_height, ChartData, ChartOptions, Dash, FixedWidthText, Mark, PointClass,
    Rect, Role, Scene, Size,
};

fn scene(data: &ChartData, opts: &ChartOptions, width: f64) -> Scene {
    let m = FixedWidthText::default();
    let h = preferred_height(data, opts, width, &m);
    layout(data, opts, Size::new(width, h), &m)
}

/// Compares `actual` with `tests/snapshots/<name>`; `UPDATE_SNAPSHOTS=1` rewrites it.
fn snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}: run with UPDATE_SNAPSHOTS=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .filter(|(a, b)| a != b)
            .take(5)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "snapshot {name} differs (UPDATE_SNAPSHOTS=1 to accept):\n{}\n(lines {} vs {})",
            diff.join("\n"),
            expected.lines().count(),
            actual.lines().count()
        );
    }
}

/// The words of the first limits group's line labels (mean, limits, near limits) at `width`.
fn line_labels(data: &ChartData, opts: &ChartOptions, width: f64) -> Vec<String> {
    texts(&scene(data, opts, width), |r| r == Role::LineLabel(0))
        .into_iter()
        .map(|t| t.1)
        .collect()
}

fn texts(s: &Scene, pred: impl Fn(Role) -> bool) -> Vec<(Rect, String)> {
    s.marks
        .iter()
        .filter(|m| pred(m.role()))
        .filter_map(|m| match m {
            Mark::Text { text, .. } if !text.is_empty() => {
                Some((m.text_box().unwrap(), text.clone()))
            }
            _ => None,
        })
        .collect()
}

fn assert_no_overlap(boxes: &[(Rect, String)], what: &str) {
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!a.0.overlaps(&b.0), "{what}: {:?} overlaps {:?}", a, b);
        }
    }
}

#[test]
fn snapshots() {
    let light = ChartOptions::default();
    let near = ChartOptions {
        show_near_limits: true,
        ..ChartOptions::default()
    };
    let dark = ChartOptions {
        dark: true,
        ..ChartOptions::default()
    };
    let hc = ChartOptions {
        high_contrast: true,
        ..ChartOptions::default()
    };
    snapshot("gaps_800.txt", &scene(&gaps(), &light, 800.0).to_text());
    snapshot("gaps_320.txt", &scene(&gaps(), &light, 320.0).to_text());
    snapshot(
        "trend_near_640.txt",
        &scene(&trend(), &near, 640.0).to_text(),
    );
    snapshot(
        "stable_dark_800.txt",
        &scene(&stable(), &dark, 800.0).to_text(),
    );
    snapshot(
        "trend_high_contrast_320.txt",
        &scene(&trend(), &hc, 320.0).to_text(),
    );
}

#[test]
fn no_data_line_crosses_a_missing_month() {
    for width in [320.0, 800.0, 1400.0] {
        let s = scene(&gaps(), &ChartOptions::default(), width);
        let gap_x = s.point(14).unwrap().at.x;
        let lines: Vec<&Mark> = s.marks_with(Role::DataLine).collect();
        assert_eq!(lines.len(), 2, "the line is broken in two at March 2022");
        for m in lines {
            let Mark::Polyline { points, .. } = m else {
                panic!("data line is a polyline")
            };
            for seg in points.windows(2) {
                assert!(
                    !(seg[0].x < gap_x && seg[1].x > gap_x),
                    "a segment spans the missing month at {width}px"
                );
            }
            assert!(points.iter().all(|p| p.x != gap_x));
        }
    }
}

#[test]
fn a_missing_month_is_marked_on_the_axis_never_drawn_as_zero() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let p = s.point(14).unwrap();
    assert_eq!(p.class, PointClass::Missing);
    assert_eq!(p.value, None);
    assert_eq!(p.at.y, s.plot.bottom(), "marker sits on the axis");
    let marks: Vec<&Mark> = s.marks_with(Role::Missing(14)).collect();
    assert!(
        marks
            .iter()
            .any(|m| matches!(m, Mark::Rect { rect, .. } if rect.h == s.plot.h)),
        "band"
    );
    assert!(
        marks
            .iter()
            .any(|m| matches!(m, Mark::Rect { rect, .. } if rect.h < 10.0)),
        "axis marker"
    );
    assert_eq!(s.marks_with(Role::Point(14)).count(), 0);
    // Nothing is drawn at the y of 0 for that month: the y axis does not even reach 0.
    assert!(s.y.d0 > 0.0);
}

#[test]
fn special_cause_has_a_shape_as_well_as_a_colour() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let t = s.theme;
    let concern: Vec<&Mark> = s.marks_with(Role::Point(20)).collect();
    assert!(
        matches!(concern[..], [Mark::Polygon { fill, ref points, .. }] if *fill == t.concern && points.len() == 3),
        "concern is an orange triangle: {concern:?}"
    );
    let common: Vec<&Mark> = s.marks_with(Role::Point(0)).collect();
    assert!(matches!(common[..], [Mark::Circle { fill: Some(f), .. }] if *f == t.common));
    let tr = scene(&trend(), &ChartOptions::default(), 800.0);
    let improvement: Vec<&Mark> = tr.marks_with(Role::Point(17)).collect();
    assert!(
        matches!(improvement[..], [Mark::Polygon { fill, ref points, .. }] if *fill == tr.theme.improvement && points.len() == 4),
        "improvement is a blue diamond: {improvement:?}"
    );
}

#[test]
fn an_excluded_point_is_hollow_with_a_cross() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let marks: Vec<&Mark> = s.marks_with(Role::Point(5)).collect();
    assert!(
        matches!(marks[0], Mark::Circle { fill: Some(f), stroke: Some(_), .. } if *f == s.theme.background)
    );
    assert_eq!(
        marks
            .iter()
            .filter(|m| matches!(m, Mark::Line { .. }))
            .count(),
        2
    );
    assert_eq!(s.point(5).unwrap().class, PointClass::Excluded);
}

#[test]
fn each_rebased_group_has_its_own_lines_and_labels() {
    let d = gaps();
    let s = scene(&d, &ChartOptions::default(), 800.0);
    assert_eq!(s.marks_with(Role::Rebase(12)).count(), 1);
    for g in 0..2 {
        let means: Vec<&Mark> = s.marks_with(Role::Mean(g)).collect();
        assert_eq!(means.len(), 1);
        assert_eq!(s.marks_with(Role::Limit(g)).count(), 2, "upper and lower");
        // Both groups of this fixture have 12 months: trial limits (fewer than 13).
        assert!(d.analysis.groups[g].trial);
        let want = format!(
            "Trial upper {}",
            pcc_spc::describe::format::short_value(
                d.unit,
                d.analysis.groups[g].limits.unwrap().upl
            )
        );
        let labels = texts(&s, |r| r == Role::LineLabel(g));
        assert!(labels.iter().any(|l| l.1 == want), "{want} in {labels:?}");
    }
    let Mark::Polyline { points, .. } = s.marks_with(Role::Mean(1)).next().unwrap() else {
        panic!()
    };
    assert_eq!(
        points[0].x,
        s.point(12).unwrap().at.x,
        "group 2 starts at January 2022"
    );
    assert_eq!(points.len(), 2, "XmR limits are one straight segment");
}

#[test]
fn trial_limits_look_provisional_and_say_so() {
    let limit_dashes = |s: &Scene, g: usize| -> Vec<Dash> {
        s.marks_with(Role::Limit(g))
            .map(|m| match m {
                Mark::Polyline { dash, .. } => *dash,
                other => panic!("a limit is a polyline, not {other:?}"),
            })
            .collect()
    };
    let legend = |s: &Scene| -> Vec<String> {
        texts(s, |r| r == Role::Legend)
            .into_iter()
            .map(|t| t.1)
            .collect()
    };
    // 12 months a group: trial limits, short dashes, "Trial" labels and key entry.
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    assert_eq!(limit_dashes(&s, 0), [Dash::Short, Dash::Short]);
    assert!(texts(&s, |r| r == Role::LineLabel(1))
        .iter()
        .any(|l| l.1.starts_with("Trial lower ")));
    let keys = legend(&s);
    assert!(keys.contains(&"Trial limits".to_string()), "{keys:?}");
    assert!(!keys.contains(&"Limits".to_string()), "{keys:?}");
    // 18 months: firm limits, long dashes, no "Trial" anywhere.
    let s = scene(&trend(), &ChartOptions::default(), 800.0);
    assert_eq!(limit_dashes(&s, 0), [Dash::Dashed, Dash::Dashed]);
    let keys = legend(&s);
    assert!(keys.contains(&"Limits".to_string()), "{keys:?}");
    assert!(!keys.iter().any(|k| k.contains("Trial")), "{keys:?}");
    assert!(!texts(&s, |r| matches!(r, Role::LineLabel(_)))
        .iter()
        .any(|l| l.1.contains("Trial")));
}

#[test]
fn narrow_limit_labels_keep_the_value_and_its_unit() {
    // Minutes print with a unit after a space ("12.5 min"): on a narrow chart the labels
    // drop their names ("Upper") but never the value.
    let ms = months(month(2021, 4), 18);
    let values: Vec<Option<f64>> = (0..18)
        .map(|i| Some(12.5 + [0.4, -0.6, 0.2, 0.7, -0.3, 0.1][i % 6]))
        .collect();
    // Rebased after 6 months: the first group ends too near the left for names.
    let a = xmr(&values, &[6], &[], pcc_spc::spc::Direction::Decrease);
    let d = ChartData::new(pcc_spc::chart::ChartInput {
        measure: "Time to answer 101 calls",
        area: "Leicestershire Police",
        unit: pcc_spc::model::Unit::Minutes,
        direction: pcc_spc::spc::Direction::Decrease,
        months: &ms,
        analysis: a,
        target: None,
        notes: &[],
        source: "Source: force call-handling system",
    })
    .unwrap();
    let l = d.analysis.groups[0].limits.unwrap();
    let short = |v: f64| pcc_spc::describe::format::short_value(d.unit, v);
    let narrow = line_labels(&d, &ChartOptions::default(), 320.0);
    assert!(!narrow.is_empty());
    for label in &narrow {
        assert!(
            label.ends_with(" min") && label.len() > 4,
            "{label} in {narrow:?}"
        );
        assert!(
            !label.starts_with("Upper") && !label.starts_with("Average"),
            "{narrow:?}"
        );
    }
    assert!(narrow.contains(&short(l.mean)), "{narrow:?}");
    let wide = line_labels(&d, &ChartOptions::default(), 1400.0);
    assert!(
        wide.contains(&format!("Average {}", short(l.mean))),
        "{wide:?}"
    );
}

#[test]
fn near_limits_are_labelled_with_their_values_when_shown() {
    let d = trend();
    let near = ChartOptions {
        show_near_limits: true,
        ..ChartOptions::default()
    };
    let l = d.analysis.groups[0].limits.unwrap();
    let short = |v: f64| pcc_spc::describe::format::short_value(d.unit, v);
    let labels = line_labels(&d, &near, 900.0);
    for want in [
        format!("Near upper {}", short(l.near_upl)),
        format!("Near lower {}", short(l.near_lpl)),
    ] {
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    let without = line_labels(&d, &ChartOptions::default(), 900.0);
    assert!(
        !without.iter().any(|t| t.starts_with("Near")),
        "{without:?}"
    );
}

#[test]
fn labels_never_overlap_and_fit_at_every_width() {
    for data in [gaps(), trend(), stable()] {
        for width in [320.0, 480.0, 800.0, 1200.0] {
            for near in [false, true] {
                let opts = ChartOptions {
                    show_near_limits: near,
                    ..ChartOptions::default()
                };
                let s = scene(&data, &opts, width);
                let what = format!("{} at {width}px", data.title);
                assert_no_overlap(
                    &texts(&s, |r| r == Role::XLabel),
                    &format!("month labels, {what}"),
                );
                assert_no_overlap(
                    &texts(&s, |r| matches!(r, Role::AnnotationLabel(_))),
                    &format!("annotations, {what}"),
                );
                assert_no_overlap(
                    &texts(&s, |r| matches!(r, Role::LineLabel(_) | Role::Target)),
                    &format!("line labels, {what}"),
                );
                assert_no_overlap(
                    &texts(&s, |r| r == Role::YLabel),
                    &format!("y labels, {what}"),
                );
                for (b, t) in texts(&s, |_| true) {
                    assert!(
                        b.x >= 0.0 && b.right() <= width + 0.01,
                        "{t:?} outside {what}: {b:?}"
                    );
                    assert!(
                        b.y >= 0.0 && b.bottom() <= s.size.height + 0.01,
                        "{t:?} below {what}"
                    );
                }
                assert!(
                    s.plot.w > 100.0 && s.plot.h >= 150.0,
                    "plot too small: {:?} {what}",
                    s.plot
                );
            }
        }
    }
}

#[test]
fn month_labels_thin_out_at_narrow_widths_in_en_gb() {
    let wide = scene(&gaps(), &ChartOptions::default(), 1400.0);
    let narrow = scene(&gaps(), &ChartOptions::default(), 320.0);
    let w = texts(&wide, |r| r == Role::XLabel);
    let n = texts(&narrow, |r| r == Role::XLabel);
    assert!(
        w.iter().any(|t| t.1 == "Mar") && w.iter().any(|t| t.1 == "2021"),
        "{w:?}"
    );
    assert!(n.len() < w.len(), "{} vs {}", n.len(), w.len());
    assert!(n.iter().any(|t| t.1 == "2022"));
}

#[test]
fn annotations_are_labelled_and_shortened_rather_than_overlapping() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let labels = texts(&s, |r| matches!(r, Role::AnnotationLabel(_)));
    assert_eq!(
        labels.iter().map(|l| l.1.as_str()).collect::<Vec<_>>(),
        vec!["Op Lionheart", "Summer campaign"]
    );
    assert_eq!(s.marks_with(Role::Annotation(8)).count(), 1);
    let narrow = scene(&trend(), &ChartOptions::default(), 320.0);
    let l = texts(&narrow, |r| matches!(r, Role::AnnotationLabel(_)));
    assert_eq!(l.len(), 1);
    assert!(l[0].1.ends_with('…'), "long label elided: {:?}", l[0]);
    assert!(l[0].0.right() <= narrow.plot.right() + 0.01);
}

#[test]
fn header_has_title_subtitle_icons_badge_and_footer() {
    let s = scene(&trend(), &ChartOptions::default(), 800.0);
    let title = texts(&s, |r| r == Role::Title);
    assert_eq!(
        title[0].1,
        "999 calls answered within 10 seconds: Leicestershire Police"
    );
    let sub: String = texts(&s, |r| r == Role::Subtitle)
        .into_iter()
        .map(|t| t.1)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(sub.starts_with("Latest: September 2022 89.0%."), "{sub}");
    assert!(sub.contains("Jul–Sep 2022 average"), "{sub}");
    assert!(texts(&s, |r| r == Role::Badge)
        .iter()
        .any(|t| t.1 == "Significant increasing trend"));
    // Icons carry letters, not only colour: the assurance icon says F (fail).
    assert!(texts(&s, |r| r == Role::AssuranceIcon)
        .iter()
        .any(|t| t.1 == "F"));
    assert!(texts(&s, |r| r == Role::VariationIcon)
        .iter()
        .any(|t| t.1 == "H"));
    let badge_arrow = s
        .marks_with(Role::Badge)
        .any(|m| matches!(m, Mark::Polygon { points, .. } if points.len() == 7));
    assert!(badge_arrow, "a trend badge is an arrow");
    let footer = texts(&s, |r| r == Role::Footer);
    assert_eq!(footer[0].1, "Data to September 2022");
    assert!(
        s.marks_with(Role::Target).count() >= 2,
        "target line and label"
    );
}

#[test]
fn the_period_option_limits_the_months_shown() {
    let opts = ChartOptions {
        period: Some((6, 17)),
        ..ChartOptions::default()
    };
    let s = scene(&gaps(), &opts, 800.0);
    assert_eq!(s.points.len(), 12);
    assert_eq!(s.points[0].index, 6);
    assert!(s.point(5).is_none());
    // An out-of-range period is clamped, not a panic.
    let opts = ChartOptions {
        period: Some((30, 99)),
        ..ChartOptions::default()
    };
    let s = scene(&gaps(), &opts, 800.0);
    assert_eq!(s.points.len(), 1);
}

#[test]
fn tiny_and_empty_inputs_still_lay_out() {
    let d = gaps();
    let m = FixedWidthText::default();
    let s = layout(&d, &ChartOptions::default(), Size::new(50.0, 40.0), &m);
    assert_eq!(s.points.len(), 24);
    let mut analysis = d.analysis.clone();
    analysis.points.clear();
    analysis.groups.clear();
    let empty = pcc_spc::chart::ChartData::new(pcc_spc::chart::ChartInput {
        measure: "All crime",
        area: "Leicester",
        unit: d.unit,
        direction: d.direction,
        months: &[],
        analysis,
        target: None,
        notes: &[],
        source: "",
    })
    .unwrap();
    assert_eq!(
        pcc_spc::describe::summary(&empty),
        "No data published for All crime in Leicester."
    );
    let s = layout(
        &empty,
        &ChartOptions::default(),
        Size::new(320.0, 300.0),
        &m,
    );
    assert!(s.points.is_empty());
}

#[test]
fn limits_that_vary_by_month_are_drawn_as_steps() {
    // A p chart: each month's limits depend on its denominator.
    let mut d = trend();
    for (i, p) in d.analysis.points.iter_mut().enumerate() {
        let mut l = p.limits.unwrap();
        let w = if i % 2 == 0 { 1.0 } else { 1.5 };
        l.upl = l.mean + 2.0 * w;
        l.lpl = l.mean - 2.0 * w;
        p.limits = Some(l);
    }
    let s = scene(&d, &ChartOptions::default(), 800.0);
    let upper: Vec<&Mark> = s.marks_with(Role::Limit(0)).collect();
    let Mark::Polyline { points, .. } = upper[0] else {
        panic!()
    };
    // Two vertices per change of level: 18 months, 17 changes.
    assert_eq!(points.len(), 2 + 2 * 17, "{points:?}");
    assert_eq!(
        points[0].x,
        s.point(0).unwrap().at.x,
        "starts at the first month"
    );
    let half = s.x.step / 2.0;
    assert!(
        (points[1].x - (s.point(0).unwrap().at.x + half)).abs() < 1e-9,
        "steps at slot edges"
    );
    assert_eq!(points[1].x, points[2].x, "vertical riser");
    assert_eq!(points.last().unwrap().x, s.point(17).unwrap().at.x);
    // The mean is constant: one straight segment.
    let Mark::Polyline { points, .. } = s.marks_with(Role::Mean(0)).next().unwrap() else {
        panic!()
    };
    assert_eq!(points.len(), 2);
}

#[test]
fn a_percentage_axis_stops_at_one_hundred() {
    let ms = months(month(2021, 1), 15);
    let values: Vec<Option<f64>> = (0..15)
        .map(|i| Some(if i % 3 == 0 { 100.0 } else { 97.5 }))
        .collect();
    let a = xmr(&values, &[], &[], pcc_spc::spc::Direction::Increase);
    let d = ChartData::new(pcc_spc::chart::ChartInput {
        measure: "Calls answered",
        area: "Force",
        unit: pcc_spc::model::Unit::Percent,
        direction: pcc_spc::spc::Direction::Increase,
        months: &ms,
        analysis: a,
        target: None,
        notes: &[],
        source: "",
    })
    .unwrap();
    let s = scene(&d, &ChartOptions::default(), 640.0);
    let labels = texts(&s, |r| r == Role::YLabel);
    assert_eq!(labels.last().unwrap().1, "100%", "{labels:?}");
    assert!(s.y.d1 <= 100.0);
    // The upper limit (above 100% in the arithmetic) is drawn at 100%.
    assert_eq!(d.shown_limits(0).unwrap().upl, 100.0);
}

#[test]
fn crowded_annotations_are_shortened_not_dropped() {
    // Six events in eight months: they cannot all be written out.
    let mut d = gaps();
    d.annotations = vec![
        (
            2,
            "COVID-19: first national lockdown from 23 March 2020".into(),
        ),
        (
            3,
            "Far fewer crimes published without a location from June 2020".into(),
        ),
        (4, "New force control room opens".into()),
        (
            6,
            "COVID-19: second national lockdown from 5 November 2020".into(),
        ),
        (
            7,
            "COVID-19: third national lockdown from 6 January 2021".into(),
        ),
        (9, "Summer campaign".into()),
    ];
    for width in [320.0, 800.0] {
        let s = scene(&d, &ChartOptions::default(), width);
        let labels = texts(&s, |r| matches!(r, Role::AnnotationLabel(_)));
        assert_no_overlap(&labels, "crowded annotations");
        assert_markers_clear_labels(&s);
        assert_eq!(s.marks_with(Role::Annotation(7)).count(), 1);
        if width == 800.0 {
            assert_eq!(
                labels.len(),
                6,
                "every event labelled at 800 px: {labels:?}"
            );
            assert!(labels.iter().any(|l| l.1.ends_with('…')));
        } else {
            assert!(
                labels.len() >= 4,
                "most events labelled at 320 px: {labels:?}"
            );
        }
    }
}

#[test]
fn compact_cells_keep_the_title_and_plot_and_leave_the_rest_to_the_page() {
    let data = trend();
    let m = FixedWidthText::default();
    let full = ChartOptions::default();
    let compact = ChartOptions {
        compact: true,
        ..ChartOptions::default()
    };
    let h_full = preferred_height(&data, &full, 320.0, &m);
    let h_compact = preferred_height(&data, &compact, 320.0, &m);
    assert!(h_compact < h_full, "{h_compact} < {h_full}");
    let s = layout(&data, &compact, Size::new(320.0, h_compact), &m);
    let has = |r: Role| s.marks.iter().any(|k| k.role() == r);
    let title: Vec<String> = texts(&s, |r| r == Role::Title)
        .into_iter()
        .map(|t| t.1)
        .collect();
    assert_eq!(
        title,
        vec![data.area.clone()],
        "the cell's title is its area"
    );
    for gone in [
        Role::Subtitle,
        Role::Legend,
        Role::Footer,
        Role::Badge,
        Role::VariationIcon,
    ] {
        assert!(!has(gone), "{gone:?} in a compact cell");
    }
    assert_eq!(s.points.len(), data.months.len());
}
