//! The chart on the real embedded data (Leicester, Leicestershire and Rutland, 35 months of
//! data.police.uk street crime): every measure and area, through the real SPC engine, laid
//! out at phone and desktop widths, with the invariants that must hold for residents.

use std::path::PathBuf;

use pcc_spc::chart::{
    layout, preferred_height, ChartData, ChartOptions, FixedWidthText, Mark, PointClass,
    RecordingBackend, Rect, Role, Size,
};
use pcc_spc::describe;
use pcc_spc::spc::Profile;

fn dataset() -> pcc_spc::model::Dataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/data/llr.json");
    let text = std::fs::read_to_string(&path).expect("www/data/llr.json");
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
    let m = FixedWidthText::default();
    let mut charts = 0;
    for measure in &ds.measures {
        for series in &measure.series {
            let data = ChartData::from_dataset(&ds, &measure.id, &series.area, Profile::Mdc)
                .unwrap_or_else(|e| panic!("{} {}: {e}", measure.id, series.area));
            assert_eq!(data.months.len(), ds.month_count());
            for width in [320.0, 1000.0] {
                let opts = ChartOptions::default();
                let h = preferred_height(&data, &opts, width, &m);
                let s = layout(&data, &opts, Size::new(width, h), &m);
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
    assert!(charts >= 2 * 30 * 10, "{charts} charts");
}

#[test]
fn unknown_measure_or_area_is_a_clear_error() {
    let ds = dataset();
    let e = ChartData::from_dataset(&ds, "9.99", "E06000016", Profile::Mdc).unwrap_err();
    assert_eq!(e.kind(), pcc_spc::ErrorKind::NotFound);
    assert!(e.to_string().contains("no measure \"9.99\""), "{e}");
    let e = ChartData::from_dataset(&ds, "3.1", "E99999999", Profile::Mdc).unwrap_err();
    assert!(e.to_string().contains("no area \"E99999999\""), "{e}");
}

#[test]
fn leicester_all_crime_golden() {
    let ds = dataset();
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
