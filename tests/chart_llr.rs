//! The chart on the real embedded data (Leicester, Leicestershire and Rutland, 35 months of
//! data.police.uk street crime): every measure and area, through the real SPC engine, laid
//! out at phone and desktop widths, with the invariants that must hold for residents.

mod chart_fixtures;

use std::path::PathBuf;

use pcc_spc::chart::{
    layout, preferred_height, ChartData, ChartOptions, FixedWidthText, Mark, PointClass,
    RecordingBackend, Rect, Role, Size,
};
use pcc_spc::describe;
use pcc_spc::spc::Profile;

/// The embedded file as published now (the invariants must hold for whatever it holds).
fn dataset() -> pcc_spc::model::Dataset {
    load("www/data/llr.json")
}

/// A frozen copy, for the golden picture: a change to the data must not look like a change
/// to the chart.
fn frozen() -> pcc_spc::model::Dataset {
    load("tests/fixtures/chart/llr-frozen.json")
}

fn load(rel: &str) -> pcc_spc::model::Dataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).expect(rel);
    pcc_spc::model::parse(&text)
        .expect("valid published file")
        .0
}

fn text_boxes(marks: &[Mark], pred: impl Fn(Role) -> bool) -> Vec<(Rect, String)> {
    marks
        .iter()
        .filter(|m| pred(m.role()))
        .filter_map(|m| match m {
            Mark::Text { text, .. } if !text.is_empty() => Some((m.text_box()?, text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn every_measure_and_area_lays_out_honestly() {
    let ds = dataset();
    let fixed = FixedWidthText::default();
    let arial = pcc_spc::chart::ArialMetrics;
    let mut charts = 0;
    for measure in &ds.measures {
        for series in &measure.series {
            let data = ChartData::from_dataset(&ds, &measure.id, &series.area, Profile::Mdc)
                .unwrap_or_else(|e| panic!("{} {}: {e}", measure.id, series.area));
            assert_eq!(data.months.len(), ds.month_count());
            let cases: [(f64, &dyn pcc_spc::chart::MeasureText); 4] = [
                (320.0, &fixed),
                (1000.0, &fixed),
                (320.0, &arial),
                (1000.0, &arial),
            ];
            for (width, m) in cases {
                let opts = ChartOptions::default();
                let h = preferred_height(&data, &opts, width, m);
                let s = layout(&data, &opts, Size::new(width, h), m);
                let what = format!("{} {} at {width}px", measure.id, series.area);
                assert_eq!(s.points.len(), data.months.len(), "{what}");
                // Missing months: a gap in the line, marked on the axis.
                for p in &s.points {
                    assert_eq!(p.value.is_none(), p.class == PointClass::Missing, "{what}");
                    if p.value.is_none() {
                        for l in s.marks_with(Role::DataLine) {
                            let Mark::Polyline { points, .. } = l else {
                                panic!()
                            };
                            assert!(
                                points
                                    .windows(2)
                                    .all(|w| !(w[0].x < p.at.x && w[1].x > p.at.x)),
                                "{what}"
                            );
                        }
                    }
                }
                for role in [Role::XLabel, Role::YLabel] {
                    let b = text_boxes(&s.marks, |r| r == role);
                    for (i, a) in b.iter().enumerate() {
                        assert!(
                            b[i + 1..].iter().all(|c| !a.0.overlaps(&c.0)),
                            "{role:?} overlap {what}: {a:?}"
                        );
                    }
                }
                chart_fixtures::assert_markers_clear_labels(&s);
                // Every event has a label (shortened if need be).
                for (i, _) in &data.annotations {
                    let labelled = s.marks.iter().any(|mk| {
                        matches!(mk, Mark::Text { role: Role::AnnotationLabel(j), text, .. } if j == i && !text.is_empty())
                    });
                    assert!(labelled, "annotation at {i} unlabelled, {what}");
                }
                let ann = text_boxes(&s.marks, |r| matches!(r, Role::AnnotationLabel(_)));
                for (i, a) in ann.iter().enumerate() {
                    assert!(
                        ann[i + 1..].iter().all(|c| !a.0.overlaps(&c.0)),
                        "annotation overlap {what}"
                    );
                }
                for (b, t) in text_boxes(&s.marks, |_| true) {
                    assert!(
                        b.x >= 0.0 && b.right() <= width + 0.01,
                        "{t:?} outside {what}"
                    );
                }
                // Every point can be reached and described.
                for p in &s.points {
                    assert!(!describe::point_sentence(&data, p.index).is_empty());
                }
                charts += 1;
            }
            let summary = describe::summary(&data);
            assert!(summary.ends_with('.'), "{summary}");
            assert_eq!(
                describe::csv(&data).matches("\r\n").count(),
                data.months.len() + 1
            );
        }
    }
    assert!(charts >= 4 * 30 * 10, "{charts} charts");
}

#[test]
fn unknown_measure_or_area_is_a_clear_error() {
    let ds = dataset();
    let e = ChartData::from_dataset(&ds, "9.99", "E06000016", Profile::Mdc).unwrap_err();
    assert_eq!(e.kind(), pcc_spc::ErrorKind::NotFound);
    assert!(
        e.to_string()
            .contains("measure \"9.99\" is not in the file"),
        "{e}"
    );
    let e = ChartData::from_dataset(&ds, "3.1", "E99999999", Profile::Mdc).unwrap_err();
    assert!(
        e.to_string()
            .contains("area \"E99999999\" is not in the file"),
        "{e}"
    );
}

#[test]
fn leicester_all_crime_golden() {
    let ds = frozen();
    let data = ChartData::from_dataset(&ds, "3.1", "E06000016", Profile::Mdc).unwrap();
    let m = FixedWidthText::default();
    let opts = ChartOptions::default();
    let s = layout(
        &data,
        &opts,
        Size::new(900.0, preferred_height(&data, &opts, 900.0, &m)),
        &m,
    );
    // Every annotation in the file for this area is on the chart or, if there was no room,
    // at least its marker line is (the text is in the tooltip and table).
    for (i, _) in &data.annotations {
        assert!(
            s.marks_with(Role::Annotation(*i)).count() == 1,
            "marker at {i}"
        );
    }
    let calls = RecordingBackend::record(&s, 2.0);
    assert!(calls.len() > 100);
    let mut svg = String::new();
    {
        use plotters::prelude::IntoDrawingArea;
        let area = plotters_svg::SVGBackend::with_string(&mut svg, (900, s.size.height as u32))
            .into_drawing_area();
        pcc_spc::chart::paint(&s, &area).unwrap();
        area.present().unwrap();
    }
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/llr_3.1_leicester_900.svg");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some()
        || std::env::var_os("REGENERATE_GOLDEN").is_some()
    {
        std::fs::write(&path, &svg).unwrap();
    }
    let expected = std::fs::read_to_string(&path).expect("golden: run with REGENERATE_GOLDEN=1");
    assert!(
        expected == svg,
        "golden differs; REGENERATE_GOLDEN=1 after looking at it"
    );
}

#[test]
fn the_words_count_runs_as_the_engine_did() {
    // For every flagged month of the real data, the run the words describe is at least as
    // long as the rule needs, for each profile whose shift and trend are run-length rules.
    let ds = dataset();
    for profile in [Profile::Mdc, Profile::Nhsr, Profile::Powerbi] {
        let lengths = profile.settings().run_lengths;
        for measure in &ds.measures {
            for series in &measure.series {
                let d = ChartData::from_dataset(&ds, &measure.id, &series.area, profile).unwrap();
                for (i, p) in d.analysis.points.iter().enumerate() {
                    for h in &p.rules {
                        let what =
                            format!("{profile:?} {} {} month {i} {h:?}", measure.id, series.area);
                        match h.rule {
                            pcc_spc::spc::Rule::Shift => {
                                assert!(
                                    describe::shift_run(&d, i, h.side) >= lengths.shift,
                                    "{what}"
                                )
                            }
                            pcc_spc::spc::Rule::Trend => assert!(
                                describe::trend_run(&d, i, h.side) + 1 >= lengths.trend,
                                "{what}"
                            ),
                            pcc_spc::spc::Rule::TwoOfThree => assert!(
                                describe::two_of_three_count(&d, i, h.side) >= 2
                                    || profile == Profile::Powerbi,
                                "{what}"
                            ),
                            pcc_spc::spc::Rule::OutsideLimits => {}
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn summaries_name_what_made_the_class() {
    let ds = dataset();
    let mut two_of_three = 0;
    for measure in &ds.measures {
        for series in &measure.series {
            let d = ChartData::from_dataset(&ds, &measure.id, &series.area, Profile::Mdc).unwrap();
            let summary = describe::summary(&d);
            let Some(class) = &d.analysis.pcc_class else {
                continue;
            };
            let what = format!("{} {}: {summary}", measure.id, series.area);
            match class.kind {
                pcc_spc::spc::PccKind::SinglePointException => {
                    assert!(summary.starts_with("Exception: "), "{what}");
                    if class.label.contains("two of three") {
                        two_of_three += 1;
                        assert!(summary.contains(" of 3 months close to the "), "{what}");
                    } else {
                        assert!(summary.contains(" limit of "), "{what}");
                    }
                }
                pcc_spc::spc::PccKind::Stable => assert!(summary.starts_with("Stable. "), "{what}"),
                pcc_spc::spc::PccKind::StepShift => {
                    assert!(summary.starts_with("Shift: "), "{what}")
                }
                pcc_spc::spc::PccKind::SignificantTrend => {
                    assert!(summary.starts_with("Trend: "), "{what}")
                }
            }
        }
    }
    assert!(
        two_of_three > 0,
        "the data has a two-of-three exception to check"
    );
}

#[test]
fn reader_notes_name_months_not_indices() {
    let ds = load("www/data/llr.json");
    let data = ChartData::from_dataset(&ds, "3.1", "E07000131", Profile::Mdc).unwrap();
    let notes = pcc_spc::describe::reader_notes(&data);
    assert!(
        notes.iter().any(|n| n.starts_with(
            "The period December 2019 to May 2020 has 6 months (fewer than 13): its limits are trial limits"
        )),
        "{notes:?}"
    );
    assert!(notes.iter().all(|n| !n.contains("index")), "{notes:?}");
}
