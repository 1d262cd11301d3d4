//! Painting the map, legend swatches, ranked bars and badges through plotters, checked on
//! the recording backend (what is drawn, where, in which colour) and written as SVG for a
//! person to look at (`target/breakdown-map.svg`).

use pcc_spc::areas::bars::ranked_bars;
use pcc_spc::areas::multiples::small_multiples;
use pcc_spc::areas::{compare, PeriodKind};
use pcc_spc::chart::{Call, ChartOptions, Colour, FixedWidthText, RecordingBackend};
use pcc_spc::map::paint::{paint_badge, paint_bars, paint_map, paint_swatch, rgb, MapInk};
use pcc_spc::map::simplify::{boundary_geometries, LLR_CODES, LLR_TOLERANCE_M};
use pcc_spc::map::{map_scene, Colouring, MapScene};
use pcc_spc::model::json::FileDto;
use pcc_spc::model::{parse, Dataset};
use pcc_spc::spc::Profile;
use plotters::prelude::IntoDrawingArea;

const LLR: &str = include_str!("../www/data/llr.json");
const TOPO: &str = include_str!("../data/llr/boundaries/llr_lad_2013.topo.json");

fn dataset() -> Dataset {
    let mut file: FileDto = serde_json::from_str(LLR).unwrap();
    let g = boundary_geometries(TOPO, &LLR_CODES, LLR_TOLERANCE_M).unwrap();
    for a in &mut file.areas {
        a.boundary = g.get(&a.code).cloned();
    }
    parse(&serde_json::to_string(&file).unwrap()).unwrap().0
}

fn scene(ds: &Dataset) -> MapScene {
    let c = compare(ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    map_scene(&ds.areas, Colouring::Rate(&c), 600.0, 450.0).unwrap()
}

fn record(
    w: u32,
    h: u32,
    f: impl FnOnce(&plotters::drawing::DrawingArea<RecordingBackend, plotters::coord::Shift>),
) -> Vec<Call> {
    let backend = RecordingBackend::new(w, h);
    let log = backend.log();
    let area = backend.into_drawing_area();
    f(&area);
    drop(area);
    let calls = log.borrow().clone();
    calls
}

fn colour(hex: &str) -> Colour {
    let c = rgb(hex);
    Colour::hex(((c.0 as u32) << 16) | ((c.1 as u32) << 8) | c.2 as u32)
}

#[test]
fn the_map_paints_each_area_in_its_class_colour_with_its_symbol() {
    let ds = dataset();
    let s = scene(&ds);
    let calls = record(600, 450, |a| paint_map(&s, None, MapInk::LIGHT, a).unwrap());
    let polygons: Vec<&Call> = calls
        .iter()
        .filter(|c| matches!(c, Call::Polygon { .. }))
        .collect();
    assert_eq!(
        polygons.len(),
        9,
        "one filled polygon per district (no holes in LLR)"
    );
    for (a, p) in s.areas.iter().zip(&polygons) {
        let Call::Polygon { colour: c, points } = p else {
            unreachable!()
        };
        assert_eq!(*c, colour(s.legend[a.entry].fill.colour), "{}", a.name);
        assert!(points.len() >= 4);
    }
    let texts: Vec<String> = calls
        .iter()
        .filter_map(|c| match c {
            Call::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let mut symbols: Vec<String> = s
        .areas
        .iter()
        .map(|a| s.legend[a.entry].symbol.clone())
        .collect();
    let mut drawn = texts.clone();
    symbols.sort();
    drawn.sort();
    assert_eq!(drawn, symbols, "each area's class symbol, nothing else");
    assert!(
        calls.iter().all(|c| !matches!(c, Call::MeasureText { .. })),
        "plotters never measures"
    );
    // Patterns: the classes with lines draw lines in their ink.
    let lines = calls
        .iter()
        .filter(|c| matches!(c, Call::Line { .. } | Call::Path { .. }))
        .count();
    assert!(lines > 50, "{lines}");

    // The focused area gets a thick ring.
    let focused = record(600, 450, |a| {
        paint_map(&s, Some(0), MapInk::LIGHT, a).unwrap()
    });
    let thick = focused
        .iter()
        .filter(|c| matches!(c, Call::Path { width, colour: col, .. } if *width == 3 && *col == colour(MapInk::LIGHT.focus)))
        .count();
    assert!(thick >= 1);

    // Painted at twice the size (a 2× screen), coordinates double.
    let big = record(1200, 900, |a| {
        paint_map(&s, None, MapInk::LIGHT, a).unwrap()
    });
    let first = |cs: &[Call]| {
        cs.iter()
            .find_map(|c| match c {
                Call::Polygon { points, .. } => Some(points[0]),
                _ => None,
            })
            .unwrap()
    };
    let (p, q) = (first(&calls), first(&big));
    assert!((q.0 - 2 * p.0).abs() <= 1 && (q.1 - 2 * p.1).abs() <= 1);

    // A person looks at this.
    let mut svg = String::new();
    {
        let area = plotters_svg::SVGBackend::with_string(&mut svg, (600, 450)).into_drawing_area();
        paint_map(&s, Some(0), MapInk::LIGHT, &area).unwrap();
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("breakdown-map.svg"), svg).unwrap();
}

#[test]
fn swatches_bars_and_badges_draw_their_words() {
    let ds = dataset();
    let s = scene(&ds);
    for e in &s.legend {
        let calls = record(20, 20, |a| {
            paint_swatch(e.fill, &e.symbol, 20.0, MapInk::LIGHT, a).unwrap()
        });
        assert!(calls
            .iter()
            .any(|c| matches!(c, Call::Text { text, .. } if *text == e.symbol)));
        assert!(calls.iter().any(|c| matches!(c, Call::Rect { fill: true, colour: col, .. } if *col == colour(e.fill.colour))));
    }
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    let b = ranked_bars(&c, 500.0, &FixedWidthText::default());
    let calls = record(500, b.height as u32, |a| {
        paint_bars(&b, Some(1), MapInk::DARK, a).unwrap()
    });
    for row in &b.rows {
        assert!(calls
            .iter()
            .any(|c| matches!(c, Call::Text { text, .. } if *text == row.name)));
        assert!(calls
            .iter()
            .any(|c| matches!(c, Call::Text { text, .. } if *text == row.value_text)));
    }
    let bars = calls
        .iter()
        .filter(|c| matches!(c, Call::Rect { fill: true, colour: col, .. } if *col == colour(MapInk::DARK.bar)))
        .count();
    assert_eq!(bars, 9);

    let m = FixedWidthText::default();
    let g = small_multiples(
        &ds,
        "3.1",
        Profile::Mdc,
        &ChartOptions::default(),
        960.0,
        &m,
    )
    .unwrap();
    let calls = record(960, g.height as u32, |a| {
        for cell in &g.cells {
            paint_badge(&cell.badge, g.width, MapInk::LIGHT, a).unwrap();
        }
    });
    for cell in &g.cells {
        assert!(calls
            .iter()
            .any(|c| matches!(c, Call::Text { text, .. } if *text == cell.badge.shown)));
        assert!(calls
            .iter()
            .any(|c| matches!(c, Call::Text { text, .. } if *text == cell.badge.symbol)));
    }
}
