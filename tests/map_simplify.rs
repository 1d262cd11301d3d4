//! Boundary simplification of the nine LLR districts: every simplified area is valid (closed,
//! simple rings), areas do not overlap (shared borders identical, no crossings, no point in
//! two areas), the result stays close to the source, and it fits the 60 KB budget.
//!
//! The geometric checks here are written independently of `map::simplify` (plain `f64`
//! brute force), so a bug there cannot hide itself.

use std::collections::BTreeMap;

use pcc_spc::map::geom::{point_in_multipolygon, polygon_area, ring_signed_area};
use pcc_spc::map::simplify::{
    boundary_geometries, llr_boundaries, simplify_topojson, Simplified, LLR_CODES, LLR_TOLERANCE_M,
};
use pcc_spc::map::topojson::decode;
use pcc_spc::model::json::GeometryDto;
use pcc_spc::model::Polygon;
use pcc_spc::ErrorKind;

const TOPO: &str = include_str!("../data/llr/boundaries/llr_lad_2013.topo.json");
const GEOJSON: &str = include_str!("../data/llr/boundaries/llr_lad_2013.geojson");

type Pt = (f64, f64);

fn llr(tolerance: f64) -> Simplified {
    simplify_topojson(TOPO, &LLR_CODES, tolerance).unwrap()
}

fn bytes(areas: &BTreeMap<String, Vec<Polygon>>) -> usize {
    areas
        .values()
        .map(|p| {
            serde_json::to_string(&GeometryDto::from_polygons(p))
                .unwrap()
                .len()
        })
        .sum()
}

fn segments(polys: &[Polygon]) -> Vec<(Pt, Pt)> {
    polys
        .iter()
        .flatten()
        .flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
        .collect()
}

fn orient(a: Pt, b: Pt, c: Pt) -> f64 {
    (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
}

fn on(a: Pt, b: Pt, p: Pt) -> bool {
    orient(a, b, p) == 0.0
        && a.0.min(b.0) <= p.0
        && p.0 <= a.0.max(b.0)
        && a.1.min(b.1) <= p.1
        && p.1 <= a.1.max(b.1)
}

/// How two segments meet: not at all, at one end point of both, identical, or badly.
#[derive(Debug, PartialEq)]
enum Contact {
    None,
    SharedEnd,
    Identical,
    Bad,
}

fn contact((a, b): (Pt, Pt), (c, d): (Pt, Pt)) -> Contact {
    if a.0.max(b.0) < c.0.min(d.0)
        || c.0.max(d.0) < a.0.min(b.0)
        || a.1.max(b.1) < c.1.min(d.1)
        || c.1.max(d.1) < a.1.min(b.1)
    {
        return Contact::None;
    }
    if (a == c && b == d) || (a == d && b == c) {
        return Contact::Identical;
    }
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    let proper = o1 * o2 < 0.0 && o3 * o4 < 0.0;
    if proper {
        return Contact::Bad;
    }
    let shared = [a, b].iter().filter(|p| **p == c || **p == d).count();
    // Any end point lying on the other segment that is not a shared end point is bad; so
    // is a collinear overlap.
    let touching = [(a, b, c), (a, b, d), (c, d, a), (c, d, b)]
        .iter()
        .any(|&(s, e, p)| on(s, e, p) && p != s && p != e);
    if touching {
        return Contact::Bad;
    }
    if shared > 0 {
        Contact::SharedEnd
    } else {
        Contact::None
    }
}

#[test]
fn unsimplified_decoding_matches_the_derived_geojson() {
    let topo = decode(TOPO, &LLR_CODES).unwrap();
    let fc: serde_json::Value = serde_json::from_str(GEOJSON).unwrap();
    let features = fc["features"].as_array().unwrap();
    assert_eq!(features.len(), 9);
    for f in features {
        let code = f["properties"]["LAD13CD"].as_str().unwrap();
        let ring: Vec<Pt> = f["geometry"]["coordinates"][0]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        let g = topo.geometries.iter().position(|g| g.code == code).unwrap();
        let ours = &topo.polygons(g).unwrap();
        assert_eq!(ours.len(), 1, "{code}: one polygon");
        assert_eq!(ours[0].len(), 1, "{code}: no holes");
        let mut mine = ours[0][0].clone();
        // Same positions (the GeoJSON is rounded to 6 decimals), possibly walked the other way.
        if ring_signed_area(&mine).signum() != ring_signed_area(&ring).signum() {
            mine.reverse();
        }
        assert_eq!(mine.len(), ring.len(), "{code}");
        let start = mine
            .iter()
            .position(|p| (p.0 - ring[0].0).abs() < 1e-5 && (p.1 - ring[0].1).abs() < 1e-5);
        let start = start.unwrap_or_else(|| panic!("{code}: start not found"));
        let n = mine.len() - 1;
        for (k, q) in ring.iter().take(n).enumerate() {
            let p = mine[(start + k) % n];
            assert!(
                (p.0 - q.0).abs() < 1e-5 && (p.1 - q.1).abs() < 1e-5,
                "{code} position {k}: {p:?} vs {q:?}"
            );
        }
    }
}

#[test]
fn simplified_areas_are_valid_rings() {
    // 0 = the cleaned source; 1,000 m is far coarser than anyone would publish.
    for tol in [0.0, LLR_TOLERANCE_M, 1000.0] {
        assert_valid(&llr(tol).areas);
    }
}

fn assert_valid(areas: &BTreeMap<String, Vec<Polygon>>) {
    assert_eq!(areas.len(), 9);
    for (code, polys) in areas {
        assert!(!polys.is_empty(), "{code}");
        for poly in polys {
            for (r, ring) in poly.iter().enumerate() {
                assert!(ring.len() >= 4, "{code}: ring of {} positions", ring.len());
                assert_eq!(ring.first(), ring.last(), "{code}: ring not closed");
                let area = ring_signed_area(ring);
                // RFC 7946: outer rings counter-clockwise, holes clockwise.
                assert!(
                    if r == 0 { area > 0.0 } else { area < 0.0 },
                    "{code}: ring {r} orientation"
                );
                // Simple: no two segments of the ring meet except consecutive ones at their
                // shared position.
                let segs: Vec<(Pt, Pt)> = ring.windows(2).map(|w| (w[0], w[1])).collect();
                let n = segs.len();
                for i in 0..n {
                    for j in i + 1..n {
                        let adjacent = j == i + 1 || (i == 0 && j == n - 1);
                        let c = contact(segs[i], segs[j]);
                        let ok = if adjacent {
                            c == Contact::SharedEnd
                        } else {
                            c == Contact::None
                        };
                        assert!(ok, "{code}: segments {i} and {j} meet: {c:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn neighbours_share_borders_exactly_and_never_cross() {
    for tol in [LLR_TOLERANCE_M, 1000.0] {
        assert_neighbours(&llr(tol));
    }
}

fn assert_neighbours(s: &Simplified) {
    let segs: Vec<(&String, Vec<(Pt, Pt)>)> =
        s.areas.iter().map(|(c, p)| (c, segments(p))).collect();
    let mut shared_pairs = 0;
    for (i, (ca, sa)) in segs.iter().enumerate() {
        for (cb, sb) in &segs[i + 1..] {
            let mut identical = 0;
            for &x in sa {
                for &y in sb {
                    let c = contact(x, y);
                    assert_ne!(c, Contact::Bad, "{ca} and {cb}: {x:?} {y:?}");
                    identical += usize::from(c == Contact::Identical);
                }
            }
            if identical > 0 {
                shared_pairs += 1;
            }
        }
    }
    // The districts that border each other in LLR (e.g. Leicester with Charnwood, Blaby,
    // Oadby and Wigston, Harborough): at least 15 neighbouring pairs share a border.
    assert!(shared_pairs >= 15, "{shared_pairs} neighbouring pairs");
}

fn grid(areas: &BTreeMap<String, Vec<Polygon>>, n: usize) -> Vec<Pt> {
    let pts: Vec<Pt> = areas
        .values()
        .flatten()
        .flatten()
        .flatten()
        .copied()
        .collect();
    let (x0, x1) = pts
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (y0, y1) = pts
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let mut out = Vec::new();
    for i in 0..n {
        for j in 0..n {
            // Offsets by irrational-ish fractions keep samples off the 10^-5 grid lines.
            out.push((
                x0 + (x1 - x0) * (i as f64 + 0.371) / n as f64,
                y0 + (y1 - y0) * (j as f64 + 0.529) / n as f64,
            ));
        }
    }
    out
}

#[test]
fn no_point_is_in_two_areas_and_areas_stay_where_they_were() {
    let original = llr(0.0).areas;
    let simplified = llr(LLR_TOLERANCE_M).areas;
    let samples = grid(&original, 120);
    let (mut inside, mut moved) = (0usize, 0usize);
    for p in samples {
        let before: Vec<&String> = original
            .iter()
            .filter(|(_, g)| point_in_multipolygon(p, g))
            .map(|(c, _)| c)
            .collect();
        let after: Vec<&String> = simplified
            .iter()
            .filter(|(_, g)| point_in_multipolygon(p, g))
            .map(|(c, _)| c)
            .collect();
        assert!(after.len() <= 1, "{p:?} is in {after:?}");
        assert!(before.len() <= 1, "{p:?} is in {before:?} (source)");
        inside += before.len();
        if before != after {
            moved += 1;
        }
    }
    // Only points within about the tolerance of a border can change area.
    assert!(inside > 4000, "{inside} samples inside LLR");
    assert!(
        (moved as f64) < 0.03 * inside as f64,
        "{moved} of {inside} samples changed area"
    );
    // Each district keeps its area within 2%.
    for (code, polys) in &simplified {
        let a: f64 = polys.iter().map(|p| polygon_area(p)).sum();
        let b: f64 = original[code].iter().map(|p| polygon_area(p)).sum();
        assert!((a / b - 1.0).abs() < 0.02, "{code}: area {a} vs {b}");
    }
}

#[test]
fn fits_the_budget_with_fewer_vertices() {
    let before = llr(0.0);
    let after = llr(LLR_TOLERANCE_M);
    let (b0, b1) = (bytes(&before.areas), bytes(&after.areas));
    eprintln!(
        "LLR boundaries: {} -> {} positions, {} -> {} bytes of GeoJSON, {} arcs refined",
        after.vertices_before, after.vertices_after, b0, b1, after.arcs_refined
    );
    assert!(b0 > 60_000, "the source alone would not fit: {b0}");
    assert!(b1 <= 60_000, "{b1} bytes");
    assert_eq!(before.vertices_before, after.vertices_before);
    assert_eq!(before.vertices_after, before.vertices_before);
    assert!(after.vertices_after * 2 < after.vertices_before);
    for (code, polys) in &after.areas {
        let n: usize = polys.iter().flatten().map(Vec::len).sum();
        let m: usize = before.areas[code].iter().flatten().map(Vec::len).sum();
        assert!(n < m, "{code}: {n} vs {m}");
    }
    let published = boundary_geometries(TOPO, &LLR_CODES, LLR_TOLERANCE_M).unwrap();
    let published_bytes: usize = published
        .values()
        .map(|g| serde_json::to_string(g).unwrap().len())
        .sum();
    assert_eq!(published_bytes, b1);
    // Deterministic (the published file must be reproducible byte for byte).
    assert_eq!(
        llr_boundaries(TOPO, &LLR_CODES, LLR_TOLERANCE_M).unwrap(),
        after.areas
    );
}

/// Two areas: a thin lens `L` between junctions (0,0) and (10,0), bounded by two arcs that
/// each bulge 0.0002° (~20 m), inside a square `S` that has it as a hole. Douglas–Peucker at
/// 100 m would flatten both arcs onto the same line; the check must send them back.
const LENS: &str = r#"{"type":"Topology",
  "objects":{"o":{"type":"GeometryCollection","geometries":[
    {"type":"Polygon","properties":{"code":"L"},"arcs":[[0,1]]},
    {"type":"Polygon","properties":{"code":"S"},"arcs":[[2],[-2,-1]]}]}},
  "arcs":[
    [[1.0,52.0],[1.0003,52.0002],[1.0006,52.0002],[1.001,52.0]],
    [[1.001,52.0],[1.0006,51.9998],[1.0003,51.9998],[1.0,52.0]],
    [[0.99,51.99],[1.01,51.99],[1.01,52.01],[0.99,52.01],[0.99,51.99]]]}"#;

#[test]
fn thin_areas_are_kept_not_collapsed() {
    let s = simplify_topojson(LENS, &["L", "S"], 100.0).unwrap();
    assert!(s.arcs_refined >= 2, "{}", s.arcs_refined);
    let lens = &s.areas["L"];
    assert!(polygon_area(&lens[0]) > 0.0);
    assert!(lens[0][0].len() >= 4);
    // The square keeps the lens as a hole, with the very same positions.
    let sq = &s.areas["S"];
    assert_eq!(sq[0].len(), 2, "outer ring and the hole");
    let mut hole = sq[0][1].clone();
    hole.reverse();
    let mut outer = lens[0][0].clone();
    outer.pop();
    hole.pop();
    assert_eq!(
        {
            let mut a = outer.clone();
            a.sort_by(|x, y| x.partial_cmp(y).unwrap());
            a
        },
        {
            let mut b = hole.clone();
            b.sort_by(|x, y| x.partial_cmp(y).unwrap());
            b
        }
    );
    // A point in the lens is in L only.
    let p = (1.0005, 52.0);
    assert!(point_in_multipolygon(p, lens));
    assert!(!point_in_multipolygon(p, sq));
}

#[test]
fn bad_inputs_are_clear_errors() {
    let e = simplify_topojson(TOPO, &["E06000016", "E99999999"], 100.0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(e.to_string().contains("E99999999"), "{e}");
    let e = simplify_topojson(TOPO, &LLR_CODES, -1.0).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage);
    let e = simplify_topojson(TOPO, &LLR_CODES, f64::NAN).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage);
    let e = simplify_topojson("{\"type\":\"FeatureCollection\"}", &LLR_CODES, 1.0).unwrap_err();
    assert!(e.to_string().contains("Topology"), "{e}");
    // A ring whose arcs do not join up.
    let broken = LENS.replace("[[0,1]]", "[[0,2]]");
    let e = simplify_topojson(&broken, &["L"], 1.0).unwrap_err();
    assert!(e.to_string().contains("area L"), "{e}");
}
