//! The map: projection, hit-testing on polygons with holes and multipolygons, keyboard moves,
//! legend classes and their non-colour cues, on synthetic shapes and on the real LLR
//! boundaries.

use std::collections::BTreeMap;

use pcc_spc::areas::{compare, PeriodKind};
use pcc_spc::map::scene::class_breaks;
use pcc_spc::map::simplify::{llr_boundaries, LLR_CODES, LLR_TOLERANCE_M};
use pcc_spc::map::{map_scene, Arrow, Colouring, MapScene, Pattern, Projection};
use pcc_spc::model::{
    Area, AreaKind, Dataset, Measure, Metadata, Polygon, Population, Section, Series, Unit,
};
use pcc_spc::spc::{ChartType, Direction, PccClass, PccKind, Rag, Side};
use pcc_spc::Month;

const TOPO: &str = include_str!("../data/llr/boundaries/llr_lad_2013.topo.json");

const NAMES: [&str; 9] = [
    "Leicester",
    "Charnwood",
    "Blaby",
    "Hinckley and Bosworth",
    "North West Leicestershire",
    "Harborough",
    "Oadby and Wigston",
    "Melton",
    "Rutland",
];

fn area(code: &str, name: &str, kind: AreaKind, boundary: Option<Vec<Polygon>>) -> Area {
    Area {
        code: code.into(),
        name: name.into(),
        kind,
        population: vec![Population {
            mid_year: 2021,
            value: 100_000.0,
            source: None,
        }],
        boundary,
    }
}

fn llr_areas() -> Vec<Area> {
    let b = llr_boundaries(TOPO, &LLR_CODES, LLR_TOLERANCE_M).unwrap();
    let mut out = vec![area(
        "E23000021",
        "Leicestershire Police",
        AreaKind::Force,
        None,
    )];
    for (code, name) in LLR_CODES.iter().zip(NAMES) {
        out.push(area(code, name, AreaKind::Csp, Some(b[*code].clone())));
    }
    out
}

fn square(x: f64, y: f64, s: f64) -> Vec<(f64, f64)> {
    vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
}

fn spc(classes: &[(&str, Option<Rag>)]) -> BTreeMap<String, Option<PccClass>> {
    classes
        .iter()
        .map(|&(code, rag)| {
            let class = rag.map(|rag| PccClass {
                kind: PccKind::SignificantTrend,
                direction: Some(Side::High),
                rag,
                label: "Significant increasing trend".into(),
            });
            (code.to_string(), class)
        })
        .collect()
}

#[test]
fn projection_fits_the_box_keeps_ground_proportions_and_inverts() {
    // LLR's box.
    let b = (-1.6, 52.39, -0.43, 52.98);
    let p = Projection::fit(b, 600.0, 400.0, 10.0).unwrap();
    let (x0, y0) = p.project((b.0, b.3)); // north-west corner
    let (x1, y1) = p.project((b.2, b.1)); // south-east corner
    for v in [x0, x1] {
        assert!((10.0 - 1e-9..=590.0 + 1e-9).contains(&v), "{v}");
    }
    for v in [y0, y1] {
        assert!((10.0 - 1e-9..=390.0 + 1e-9).contains(&v), "{v}");
    }
    assert!(x0 < x1 && y0 < y1, "north is up, east is right");
    // It fills one dimension and is centred in the other.
    let fills_w = ((x1 - x0) - 580.0).abs() < 1e-6;
    let fills_h = ((y1 - y0) - 380.0).abs() < 1e-6;
    assert!(fills_w || fills_h);
    assert!(((x0 + x1) / 2.0 - 300.0).abs() < 1e-6 && ((y0 + y1) / 2.0 - 200.0).abs() < 1e-6);
    // 10 km east and 10 km north come out the same length (within 1%) at mid-latitude.
    let c: (f64, f64) = (-1.0, 52.68);
    let east = (c.0 + 10.0 / (111.32 * c.1.to_radians().cos()), c.1);
    let north = (c.0, c.1 + 10.0 / 111.32);
    let d = |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let (de, dn) = (
        d(p.project(c), p.project(east)),
        d(p.project(c), p.project(north)),
    );
    assert!((de / dn - 1.0).abs() < 0.01, "{de} vs {dn}");
    // Round trip.
    for q in [(-1.2, 52.5), (-0.5, 52.9), (-1.6, 52.39)] {
        let r = p.invert(p.project(q));
        assert!((r.0 - q.0).abs() < 1e-9 && (r.1 - q.1).abs() < 1e-9);
    }
    // Bad boxes.
    assert!(Projection::fit((1.0, 1.0, 0.0, 2.0), 100.0, 100.0, 0.0).is_none());
    assert!(Projection::fit(b, 10.0, 10.0, 5.0).is_none());
    assert!(Projection::fit((0.0, 89.0, 1.0, 89.5), 100.0, 100.0, 0.0).is_none());
    assert!(Projection::fit((f64::NAN, 1.0, 0.0, 2.0), 100.0, 100.0, 0.0).is_none());
    // A single point is drawn in the middle.
    let one = Projection::fit((1.0, 52.0, 1.0, 52.0), 100.0, 50.0, 0.0).unwrap();
    assert_eq!(one.project((1.0, 52.0)), (50.0, 25.0));
}

/// A: a square with a square hole; B: an island inside A's hole; C: two separate squares.
fn synthetic() -> MapScene {
    let areas = vec![
        area(
            "A",
            "Holed",
            AreaKind::Csp,
            Some(vec![vec![square(0.0, 50.0, 0.3), square(0.1, 50.1, 0.1)]]),
        ),
        area(
            "B",
            "Island",
            AreaKind::Csp,
            Some(vec![vec![square(0.12, 50.12, 0.06)]]),
        ),
        area(
            "C",
            "Two parts",
            AreaKind::Csp,
            Some(vec![
                vec![square(0.4, 50.0, 0.1)],
                vec![square(0.4, 50.2, 0.1)],
            ]),
        ),
        area("F", "Force (no boundary)", AreaKind::Force, None),
    ];
    let classes = spc(&[("A", Some(Rag::Red)), ("B", Some(Rag::Green)), ("C", None)]);
    map_scene(&areas, Colouring::Spc(&classes), 500.0, 300.0).unwrap()
}

#[test]
fn hit_testing_handles_holes_islands_and_multipolygons() {
    let s = synthetic();
    assert_eq!(
        s.areas.len(),
        3,
        "the force has no boundary and is not drawn"
    );
    let px = |lon: f64, lat: f64| s.projection.project((lon, lat));
    let hit = |lon, lat| s.hit(px(lon, lat)).map(|i| s.areas[i].code.as_str());
    assert_eq!(hit(0.05, 50.05), Some("A"));
    assert_eq!(hit(0.15, 50.15), Some("B"), "the island in A's hole");
    assert_eq!(hit(0.105, 50.105), None, "in the hole, outside the island");
    assert_eq!(hit(0.45, 50.05), Some("C"));
    assert_eq!(hit(0.45, 50.25), Some("C"), "the second part");
    assert_eq!(hit(0.45, 50.15), None, "between C's parts");
    assert_eq!(hit(0.35, 50.15), None, "between A and C");
    assert_eq!(s.hit((-5.0, -5.0)), None);
    // Every anchor is inside its own area (not in a hole, not in the island).
    for (i, a) in s.areas.iter().enumerate() {
        assert_eq!(s.hit(a.anchor), Some(i), "{}", a.code);
    }
}

#[test]
fn keyboard_moves_wrap_and_follow_arrows() {
    let s = synthetic();
    assert_eq!(s.next(None), Some(0));
    assert_eq!(s.next(Some(2)), Some(0));
    assert_eq!(s.prev(None), Some(2));
    assert_eq!(s.prev(Some(0)), Some(2));
    // C is east of A and B: nothing is to its right, and it is to the island's right.
    assert_eq!(s.towards(1, Arrow::Right), Some(2));
    assert_eq!(s.towards(2, Arrow::Right), None);
    assert!(s.towards(2, Arrow::Left).is_some());
    assert!(s.towards(0, Arrow::Right).is_some());
    assert_eq!(s.towards(9, Arrow::Left), None);
}

#[test]
fn spc_legend_has_letters_patterns_and_a_no_data_entry() {
    let s = synthetic();
    let symbols: Vec<&str> = s.legend.iter().map(|e| e.symbol.as_str()).collect();
    assert_eq!(symbols, ["G", "A", "R", "\u{2013}"]);
    let a = &s.areas[0];
    assert_eq!(s.legend[a.entry].symbol, "R");
    assert!(
        a.description.contains("Significant increasing trend"),
        "{}",
        a.description
    );
    assert!(a.description.contains("concern"), "{}", a.description);
    let c = &s.areas[2];
    assert_eq!(s.legend[c.entry].symbol, "\u{2013}");
    assert!(
        c.description.contains("too few months"),
        "{}",
        c.description
    );
    assert_distinct_cues(&s);
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let c = |i: usize| {
        let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
}

fn assert_distinct_cues(s: &MapScene) {
    for (i, e) in s.legend.iter().enumerate() {
        let (a, b) = (luminance(e.fill.colour), luminance(e.fill.ink));
        let ratio = (a.max(b) + 0.05) / (a.min(b) + 0.05);
        assert!(ratio >= 4.5, "{}: symbol contrast {ratio:.2}", e.label);
        assert!(e.label.starts_with(&e.symbol), "{}", e.label);
        for f in &s.legend[i + 1..] {
            assert_ne!(e.symbol, f.symbol, "symbols must differ");
            assert_ne!(e.fill.pattern, f.fill.pattern, "patterns must differ");
        }
    }
}

#[test]
fn class_breaks_keep_ties_together() {
    assert_eq!(class_breaks(&[], 4), vec![]);
    assert_eq!(class_breaks(&[1.0], 4), vec![(1.0, 1.0)]);
    assert_eq!(class_breaks(&[1.0, 2.0], 4), vec![(1.0, 1.0), (2.0, 2.0)]);
    let nine = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0];
    let b = class_breaks(&nine, 4);
    assert_eq!(b, vec![(1.0, 3.0), (4.0, 5.0), (6.0, 7.0), (8.0, 9.0)]);
    let ties = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0];
    assert_eq!(
        class_breaks(&ties, 4),
        vec![(1.0, 1.0), (2.0, 2.0), (3.0, 3.0)]
    );
    assert_eq!(class_breaks(&[5.0; 9], 4), vec![(5.0, 5.0)]);
}

fn llr_dataset() -> Dataset {
    let first = Month::new(2019, 12).unwrap();
    let areas = llr_areas();
    // Area k (0 = force) has 10·k crimes a month; CSP populations are 100,000 each.
    let series = areas
        .iter()
        .enumerate()
        .map(|(k, a)| Series {
            area: a.code.clone(),
            values: vec![Some(10.0 * k as f64); 35],
            numerators: None,
            denominators: None,
        })
        .collect();
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
        last: first.plus(34),
        areas,
        measures: vec![Measure {
            id: "3.1".into(),
            name: "All crime".into(),
            section: Section::Crime,
            unit: Unit::Count,
            direction: Direction::Decrease,
            chart: ChartType::Xmr,
            description: None,
            target: None,
            rebases: vec![],
            exclusions: vec![],
            annotations: vec![],
            series,
        }],
        reconciliation: vec![],
    }
}

#[test]
fn llr_map_hits_the_right_district_at_real_towns() {
    let ds = llr_dataset();
    let c = compare(&ds, "3.1", PeriodKind::Quarter, None).unwrap();
    let s = map_scene(&ds.areas, Colouring::Rate(&c), 600.0, 480.0).unwrap();
    assert_eq!(s.areas.len(), 9);
    let towns = [
        ((-1.1398, 52.6369), "Leicester"),
        ((-1.2005, 52.7721), "Charnwood"), // Loughborough
        ((-1.1652, 52.5753), "Blaby"),     // Blaby
        ((-1.3731, 52.5387), "Hinckley and Bosworth"), // Hinckley
        ((-1.3704, 52.7226), "North West Leicestershire"), // Coalville
        ((-0.9207, 52.4775), "Harborough"), // Market Harborough
        ((-1.1055, 52.5879), "Oadby and Wigston"), // Wigston
        ((-0.8877, 52.7661), "Melton"),    // Melton Mowbray
        ((-0.7275, 52.6702), "Rutland"),   // Oakham
    ];
    for (lonlat, name) in towns {
        let i = s
            .hit(s.projection.project(lonlat))
            .map(|i| s.areas[i].name.as_str());
        assert_eq!(i, Some(name), "{lonlat:?}");
    }
    assert_eq!(
        s.hit(s.projection.project((-1.5, 52.95))),
        None,
        "Derbyshire"
    );
    for (i, a) in s.areas.iter().enumerate() {
        assert_eq!(s.hit(a.anchor), Some(i), "anchor of {}", a.name);
        assert!(a.bbox.0 >= 0.0 && a.bbox.2 <= 600.0 && a.bbox.1 >= 0.0 && a.bbox.3 <= 480.0);
    }
    // Rutland is the most easterly district.
    let rutland = s.areas.iter().position(|a| a.name == "Rutland").unwrap();
    assert_eq!(s.towards(rutland, Arrow::Right), None);
    assert!(s.towards(rutland, Arrow::Left).is_some());
}

#[test]
fn rate_classes_cover_every_area_and_say_so_in_words() {
    let ds = llr_dataset();
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    let s = map_scene(&ds.areas, Colouring::Rate(&c), 600.0, 480.0).unwrap();
    assert_eq!(
        s.legend.len(),
        4,
        "9 different rates in 4 classes, no 'no data'"
    );
    assert!(s
        .legend_title
        .starts_with("All crime per 1,000 residents, November 2021"));
    let symbols: Vec<&str> = s.legend.iter().map(|e| e.symbol.as_str()).collect();
    assert_eq!(symbols, ["1", "2", "3", "4"]);
    let patterns: Vec<Pattern> = s.legend.iter().map(|e| e.fill.pattern).collect();
    assert_eq!(
        patterns,
        [
            Pattern::None,
            Pattern::Dots,
            Pattern::Diagonal,
            Pattern::Crosshatch
        ]
    );
    assert_distinct_cues(&s);
    let mut last_class = 0;
    for a in &s.areas {
        let row = c.area(&a.code).unwrap();
        let rate = row.current_rate.unwrap().per_1000;
        // 12 months × 10·k crimes per 100,000 residents.
        let k = ds.areas.iter().position(|x| x.code == a.code).unwrap() as f64;
        assert!((rate - 12.0 * 10.0 * k / 100.0).abs() < 1e-9);
        // Classes rise with the rate (areas are in rising order of rate here).
        assert!(a.entry >= last_class);
        last_class = a.entry;
        assert!(
            a.description.contains("per 1,000 residents"),
            "{}",
            a.description
        );
        assert!(
            a.description.contains("mid-2021 population"),
            "{}",
            a.description
        );
        assert!(
            a.description
                .contains(&format!("class {} of 4", a.entry + 1)),
            "{}",
            a.description
        );
    }
    assert_eq!(s.areas[0].entry, 0);
    assert_eq!(s.areas[8].entry, 3);
}

#[test]
fn areas_without_a_figure_get_the_no_data_entry_and_say_why() {
    let mut ds = llr_dataset();
    // Leicester's last month is not published.
    let leicester = &mut ds.measures[0].series[1];
    assert_eq!(leicester.area, "E06000016");
    *leicester.values.last_mut().unwrap() = None;
    let c = compare(&ds, "3.1", PeriodKind::ThreeMonths, None).unwrap();
    let s = map_scene(&ds.areas, Colouring::Rate(&c), 400.0, 300.0).unwrap();
    let a = s.areas.iter().find(|a| a.code == "E06000016").unwrap();
    let entry = &s.legend[a.entry];
    assert_eq!(entry.symbol, "\u{2013}");
    assert_eq!(a.entry, s.legend.len() - 1);
    assert!(
        a.description.contains("October 2022 not published"),
        "{}",
        a.description
    );
    assert_distinct_cues(&s);
}

#[test]
fn nothing_to_draw_is_none() {
    let ds = llr_dataset();
    let c = compare(&ds, "3.1", PeriodKind::Quarter, None).unwrap();
    let no_boundaries: Vec<Area> = ds
        .areas
        .iter()
        .map(|a| Area {
            boundary: None,
            ..a.clone()
        })
        .collect();
    assert!(map_scene(&no_boundaries, Colouring::Rate(&c), 400.0, 300.0).is_none());
    assert!(map_scene(&ds.areas, Colouring::Rate(&c), 10.0, 10.0).is_none());
}

#[test]
fn monochrome_keeps_classes_apart_by_pattern_and_symbol() {
    let ds = llr_dataset();
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    for dark in [false, true] {
        let mut s = map_scene(&ds.areas, Colouring::Rate(&c), 600.0, 480.0).unwrap();
        let entries_before: Vec<usize> = s.areas.iter().map(|a| a.entry).collect();
        s.monochrome(dark);
        assert!(s
            .legend
            .iter()
            .all(|e| e.fill.colour == s.legend[0].fill.colour));
        assert_distinct_cues(&s);
        let entries_after: Vec<usize> = s.areas.iter().map(|a| a.entry).collect();
        assert_eq!(entries_before, entries_after);
    }
}
