//! Properties of layout over random series, gaps, notes and widths: it never panics, text
//! stays inside the chart, labels never overlap, and a missing month is never bridged.

mod chart_fixtures;

use chart_fixtures::*;
use pcc_spc::chart::{
    layout, preferred_height, ChartData, ChartInput, ChartOptions, FixedWidthText, Mark, Note,
    NoteKind, Role, Size,
};
use pcc_spc::interact::{Input, Key, View};
use pcc_spc::model::Unit;
use pcc_spc::spc::Direction;
use proptest::prelude::*;

fn data(
    values: &[Option<f64>],
    rebase: Option<usize>,
    notes: &[(usize, String)],
    unit: Unit,
) -> ChartData {
    let ms = months(month(2019, 4), values.len());
    let starts: Vec<usize> = rebase
        .into_iter()
        .filter(|&r| r > 0 && r < values.len())
        .collect();
    let a = xmr(values, &starts, &[], Direction::Increase);
    let notes: Vec<Note> = notes
        .iter()
        .filter(|(i, _)| *i < values.len())
        .map(|(i, t)| Note {
            month: ms[*i],
            kind: NoteKind::Annotation,
            text: t.clone(),
        })
        .collect();
    ChartData::new(ChartInput {
        measure: "Measure with a fairly long name to wrap",
        area: "Hinckley and Bosworth",
        unit,
        direction: Direction::Increase,
        months: &ms,
        analysis: a,
        target: Some(50.0),
        notes: &notes,
        source: "Source: test",
    })
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn layout_is_total_and_honest(
        values in prop::collection::vec(prop::option::weighted(0.85, 0.0f64..100.0), 1..60),
        rebase in prop::option::of(1usize..60),
        // Lower case only: a note that reads "NaN" would trip the no-NaN check below.
        notes in prop::collection::vec((0usize..60, "[a-z ]{1,60}"), 0..6),
        width in 200.0f64..1600.0,
        percent in any::<bool>(),
        near in any::<bool>(),
        dark in any::<bool>(),
    ) {
        let unit = if percent { Unit::Percent } else { Unit::Count };
        let d = data(&values, rebase, &notes, unit);
        let opts = ChartOptions { show_near_limits: near, dark, ..ChartOptions::default() };
        let m = FixedWidthText::default();
        let h = preferred_height(&d, &opts, width, &m);
        let s = layout(&d, &opts, Size::new(width, h), &m);
        prop_assert_eq!(s.points.len(), values.len());
        let texts: Vec<_> = s.marks.iter().filter_map(|mk| match mk {
            Mark::Text { text, .. } if !text.is_empty() => Some((mk.role(), mk.text_box().unwrap())),
            _ => None,
        }).collect();
        for (role, b) in &texts {
            prop_assert!(b.x >= -0.01 && b.right() <= width + 0.01, "{:?} {:?}", role, b);
        }
        for group in [
            |r: Role| r == Role::XLabel,
            |r: Role| matches!(r, Role::AnnotationLabel(_)),
            |r: Role| matches!(r, Role::LineLabel(_) | Role::Target),
        ] {
            let boxes: Vec<_> = texts.iter().filter(|t| group(t.0)).collect();
            for (i, a) in boxes.iter().enumerate() {
                for b in &boxes[i + 1..] {
                    prop_assert!(!a.1.overlaps(&b.1), "{:?} overlaps {:?}", a, b);
                }
            }
        }
        for p in s.points.iter().filter(|p| p.value.is_none()) {
            for l in s.marks_with(Role::DataLine) {
                let Mark::Polyline { points, .. } = l else { unreachable!() };
                prop_assert!(points.windows(2).all(|w| !(w[0].x < p.at.x && w[1].x > p.at.x)));
            }
        }
        assert_markers_clear_labels(&s);
        // Every finite coordinate: no NaN reaches the painter.
        prop_assert!(!s.to_text().contains("NaN"));
        // The keyboard reaches every month, one at a time.
        let mut v = View::default();
        v.apply(Input::FocusGained, &s);
        v.apply(Input::Key(Key::Home), &s);
        for i in 1..values.len() {
            let out = v.apply(Input::Key(Key::Right), &s);
            prop_assert_eq!(out.announce, Some(i));
            prop_assert!(!pcc_spc::describe::point_sentence(&d, i).is_empty());
        }
    }
}

#[test]
fn a_series_with_no_published_month_draws_gaps_and_says_so() {
    let d = data(&[None, None, None], None, &[], Unit::Count);
    let m = FixedWidthText::default();
    let s = layout(&d, &ChartOptions::default(), Size::new(320.0, 400.0), &m);
    assert_eq!(s.marks_with(Role::DataLine).count(), 0);
    assert_eq!(s.points.iter().filter(|p| p.value.is_none()).count(), 3);
    assert_eq!(
        pcc_spc::describe::summary(&d),
        "No data published for Measure with a fairly long name to wrap in Hinckley and Bosworth."
    );
    assert_eq!(
        pcc_spc::describe::point_sentence(&d, 1),
        "May 2019: no data published"
    );
}

#[test]
fn hand_edited_chart_data_does_not_panic() {
    // The fields are public: a caller may leave them inconsistent. Nothing panics; only the
    // months every vector covers are charted and described.
    let mut d = gaps();
    d.analysis.points.truncate(20);
    d.exclusion_reasons.truncate(18);
    d.latest = Some(23);
    d.annotations.push((40, "Far away".into()));
    let m = FixedWidthText::default();
    let s = layout(&d, &ChartOptions::default(), Size::new(640.0, 480.0), &m);
    assert_eq!(s.points.len(), 18);
    assert_eq!(pcc_spc::describe::point_sentence(&d, 19), "");
    assert!(pcc_spc::describe::tooltip_lines(&d, 30).is_empty());
    assert_eq!(pcc_spc::describe::table_rows(&d).len(), 18);
    assert!(!pcc_spc::describe::summary(&d).is_empty());
    assert_eq!(pcc_spc::describe::csv(&d).matches("\r\n").count(), 19);
    let _ = pcc_spc::describe::subtitle(&d);
}
