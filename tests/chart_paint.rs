//! Painting through plotters: a recording backend to assert what is really drawn, and SVG
//! golden files (UPDATE_SNAPSHOTS=1 or REGENERATE_GOLDEN=1 rewrites them).

mod chart_fixtures;

use std::path::PathBuf;

use chart_fixtures::*;
use pcc_spc::chart::{
    layout, paint, paint_cursor, preferred_height, Call, ChartData, ChartOptions, Colour,
    FixedWidthText, RecordingBackend, Role, Scene, Size,
};
use plotters::prelude::IntoDrawingArea;
use plotters_svg::SVGBackend;

fn scene(data: &ChartData, opts: &ChartOptions, width: f64) -> Scene {
    let m = FixedWidthText::default();
    let h = preferred_height(data, opts, width, &m);
    layout(data, opts, Size::new(width, h), &m)
}

fn svg(scene: &Scene, cursor: Option<usize>) -> String {
    let mut out = String::new();
    {
        let size = (scene.size.width as u32, scene.size.height as u32);
        let area = SVGBackend::with_string(&mut out, size).into_drawing_area();
        paint(scene, &area).unwrap();
        if let Some(i) = cursor {
            paint_cursor(scene, i, &area).unwrap();
        }
        area.present().unwrap();
    }
    out
}

fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let regen = ["UPDATE_SNAPSHOTS", "REGENERATE_GOLDEN"]
        .iter()
        .any(|v| std::env::var_os(v).is_some());
    if regen {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden {}: run with REGENERATE_GOLDEN=1 and look at it",
            path.display()
        )
    });
    assert!(
        expected == actual,
        "golden {name} differs; REGENERATE_GOLDEN=1 to accept after looking at the new SVG"
    );
}

#[test]
fn svg_goldens() {
    let dark = ChartOptions {
        dark: true,
        ..ChartOptions::default()
    };
    let near = ChartOptions {
        show_near_limits: true,
        ..ChartOptions::default()
    };
    golden(
        "gaps_800.svg",
        &svg(&scene(&gaps(), &ChartOptions::default(), 800.0), None),
    );
    golden(
        "gaps_320.svg",
        &svg(&scene(&gaps(), &ChartOptions::default(), 320.0), Some(14)),
    );
    golden(
        "trend_near_dark_640.svg",
        &svg(
            &scene(
                &trend(),
                &ChartOptions {
                    show_near_limits: true,
                    ..dark
                },
                640.0,
            ),
            Some(17),
        ),
    );
    golden(
        "stable_near_800.svg",
        &svg(&scene(&stable(), &near, 800.0), None),
    );
}

/// Paths in the data line's colour and width whose every vertex is a point of the chart.
fn data_line_paths(s: &Scene, calls: &[Call], colour: Colour, width: u32) -> Vec<Vec<(i32, i32)>> {
    let at: Vec<(i32, i32)> = s
        .points
        .iter()
        .map(|p| (p.at.x.round() as i32, p.at.y.round() as i32))
        .collect();
    calls
        .iter()
        .filter_map(|c| match c {
            Call::Path {
                points,
                colour: c,
                width: w,
            } if *c == colour
                && *w == width
                && points.len() >= 2
                && points.iter().all(|p| at.contains(p)) =>
            {
                Some(points.clone())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn the_painted_line_never_spans_a_missing_month() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let calls = RecordingBackend::record(&s, 1.0);
    let gap_x = s.point(14).unwrap().at.x.round() as i32;
    let paths = data_line_paths(&s, &calls, s.theme.common, 2);
    assert_eq!(paths.len(), 2, "two runs either side of March 2022");
    for p in &paths {
        for seg in p.windows(2) {
            assert!(
                !(seg[0].0 < gap_x && seg[1].0 > gap_x),
                "segment {seg:?} spans the gap at {gap_x}"
            );
        }
    }
    // And the month is marked: an outlined square on the axis.
    let at = s.point(14).unwrap().at;
    let marked = calls.iter().any(|c| matches!(c, Call::Rect { from, fill: false, .. }
        if (from.0 - (at.x - 3.5).round() as i32).abs() <= 1 && (from.1 - (at.y - 3.5).round() as i32).abs() <= 1));
    assert!(marked, "missing month marker drawn");
}

#[test]
fn special_cause_is_painted_as_a_shape_not_a_circle() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let calls = RecordingBackend::record(&s, 1.0);
    let at = s.point(20).unwrap().at;
    let near =
        |p: &(i32, i32)| ((p.0 as f64 - at.x).powi(2) + (p.1 as f64 - at.y).powi(2)).sqrt() <= 9.0;
    let triangle = calls.iter().any(|c| matches!(c, Call::Polygon { points, colour } if *colour == s.theme.concern && points.len() == 3 && points.iter().all(near)));
    assert!(triangle, "September 2022 is an orange triangle");
    let circle_there = calls.iter().any(|c| matches!(c, Call::Circle { centre, colour, .. } if near(centre) && *colour == s.theme.concern));
    assert!(!circle_there);
}

#[test]
fn the_excluded_point_is_painted_hollow_with_a_cross() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let calls = RecordingBackend::record(&s, 1.0);
    let at = s.point(5).unwrap().at;
    let c = (at.x.round() as i32, at.y.round() as i32);
    assert!(calls
        .iter()
        .any(|k| matches!(k, Call::Circle { centre, fill: false, .. } if *centre == c)));
    let crosses = calls
        .iter()
        .filter(|k| {
            matches!(k, Call::Path { points, .. } if points.len() == 2
            && (points[0].0 - c.0).abs() == 3 && (points[1].0 - c.0).abs() == 3
            && (points[0].1 - c.1).abs() == 3 && (points[1].1 - c.1).abs() == 3)
        })
        .count();
    assert_eq!(crosses, 2);
}

#[test]
fn text_is_drawn_where_layout_put_it_and_never_measured_by_plotters() {
    let s = scene(&trend(), &ChartOptions::default(), 640.0);
    for scale in [1.0, 2.0] {
        let calls = RecordingBackend::record(&s, scale);
        assert!(
            !calls.iter().any(|c| matches!(c, Call::MeasureText { .. })),
            "plotters measured text"
        );
        let title = s.marks_with(Role::Title).next().unwrap();
        let pcc_spc::chart::Mark::Text { at, text, font, .. } = title else {
            panic!()
        };
        let drawn = calls.iter().find_map(|c| match c {
            Call::Text {
                text: t, at, size, ..
            } if t == text => Some((*at, *size)),
            _ => None,
        });
        assert_eq!(
            drawn,
            Some((
                (
                    (at.x * scale).round() as i32,
                    ((at.y + (font.line_height() - font.size) / 2.0) * scale).round() as i32
                ),
                font.size * scale
            )),
            "at layout's place (em box centred in the line), scaled by the device pixel ratio"
        );
    }
}

#[test]
fn dashed_limits_are_painted_as_dashes() {
    let s = scene(&stable(), &ChartOptions::default(), 800.0);
    let calls = RecordingBackend::record(&s, 1.0);
    let limit_pieces = calls
        .iter()
        .filter(|c| matches!(c, Call::Path { colour, .. } if *colour == s.theme.limit))
        .count();
    assert!(
        limit_pieces > 40,
        "two dashed limits across the plot: {limit_pieces} pieces"
    );
}

#[test]
fn the_cursor_is_drawn_on_top() {
    let s = scene(&gaps(), &ChartOptions::default(), 800.0);
    let backend = RecordingBackend::new(800, s.size.height as u32);
    let log = backend.log();
    let area = backend.into_drawing_area();
    paint_cursor(&s, 14, &area).unwrap();
    let calls = log.borrow();
    let at = s.point(14).unwrap().at;
    assert!(calls.iter().any(
        |c| matches!(c, Call::Circle { centre, colour, fill: false, .. }
        if *colour == s.theme.cursor && *centre == (at.x.round() as i32, at.y.round() as i32))
    ));
}
