//! Topology-preserving simplification of area boundaries for the published file (native
//! build only: `pcc-spc build` runs it, the browser only draws the result).
//!
//! Why arcs: simplifying each district's polygon on its own moves the two copies of a shared
//! border differently, leaving slivers of gap and overlap between neighbours. TopoJSON stores
//! every shared border once, as an *arc* between two junctions. Here every arc is simplified
//! **once** (Douglas–Peucker, keeping its end points, so junctions never move) and the rings
//! are rebuilt from the simplified arcs, so neighbours keep exactly the same border.
//!
//! Douglas–Peucker alone can still make an arc cross another arc, collapse a ring made of two
//! arcs into a line, or turn a thin ring inside out. After each pass the whole arc network is
//! checked with exact integer arithmetic (positions on a 10⁻⁵° grid, about 1 m): any two
//! segments that touch other than at a shared end point, and any ring whose area is zero or
//! whose orientation flipped, send their arcs back to be simplified again with half the
//! tolerance, down to the original arc. So every ring that comes out is closed, simple, and
//! meets its neighbours only along shared borders.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, ErrorKind, Location, Result};
use crate::model::json::GeometryDto;
use crate::model::Polygon;

use super::topojson::{self, ArcRef};

/// Positions per degree of the integer grid the output is rounded to (5 decimals, ~1 m:
/// far finer than generalised boundaries, far coarser than floating-point noise).
const GRID: f64 = 1e5;

/// The tolerance, in metres, `pcc-spc build` uses for the LLR districts. The source is
/// quantised to steps of about 55 m × 66 m, so a tolerance above one step removes its
/// staircase; 80 m is under one CSS pixel of a 600 px wide county map even at 2× pixel
/// density (the county is about 100 km across), and brings the nine areas from about 95 KB
/// of GeoJSON to about 37 KB, well inside the 60 KB budget (see `tests/map_simplify.rs`).
pub const LLR_TOLERANCE_M: f64 = 80.0;

/// The nine LLR districts (= CSP areas), in the order of the shared data README.
pub const LLR_CODES: [&str; 9] = [
    "E06000016",
    "E07000130",
    "E07000129",
    "E07000132",
    "E07000134",
    "E07000131",
    "E07000135",
    "E07000133",
    "E06000017",
];

type Ip = (i64, i64);

/// The result of [`simplify_topojson`].
#[derive(Debug, Clone, PartialEq)]
pub struct Simplified {
    /// Per code: its polygons in lon/lat, outer rings counter-clockwise and holes clockwise
    /// (RFC 7946), every ring closed, positions rounded to 5 decimals.
    pub areas: BTreeMap<String, Vec<Polygon>>,
    /// Positions of every ring before simplification (shared borders counted per area).
    pub vertices_before: usize,
    /// Positions of every ring after.
    pub vertices_after: usize,
    /// Arcs whose tolerance had to be lowered to keep the topology valid.
    pub arcs_refined: usize,
}

/// Simplifies the boundaries of `codes` from a TopoJSON text with a Douglas–Peucker
/// tolerance of `tolerance_m` metres, keeping shared borders identical. Returns each code's
/// polygons (see [`Simplified::areas`]); `pcc-spc build` stores them as `areas[].boundary`.
pub fn llr_boundaries(
    topojson_text: &str,
    codes: &[&str],
    tolerance_m: f64,
) -> Result<BTreeMap<String, Vec<Polygon>>> {
    simplify_topojson(topojson_text, codes, tolerance_m).map(|s| s.areas)
}

/// [`llr_boundaries`] as GeoJSON geometries, ready for `AreaDto::boundary`:
/// `area.boundary = geometries.get(&area.code).cloned()`.
pub fn boundary_geometries(
    topojson_text: &str,
    codes: &[&str],
    tolerance_m: f64,
) -> Result<BTreeMap<String, GeometryDto>> {
    Ok(llr_boundaries(topojson_text, codes, tolerance_m)?
        .into_iter()
        .map(|(code, polys)| (code, GeometryDto::from_polygons(&polys)))
        .collect())
}

/// Sets `boundary` on every area of a published file whose code is a geometry of the
/// TopoJSON, simplified with `tolerance_m` (shared borders identical); other areas (the force,
/// areas the TopoJSON lacks) are left as they are. Returns how many areas got a boundary.
/// This is the one call `pcc-spc build` needs:
/// `attach_boundaries(&mut file, &topojson_text, LLR_TOLERANCE_M)?`.
pub fn attach_boundaries(
    file: &mut crate::model::json::FileDto,
    topojson_text: &str,
    tolerance_m: f64,
) -> Result<usize> {
    let topo_codes = topojson::codes(topojson_text)?;
    let codes: Vec<&str> = file
        .areas
        .iter()
        .map(|a| a.code.as_str())
        .filter(|c| topo_codes.iter().any(|t| t == c))
        .collect();
    if codes.is_empty() {
        return Ok(0);
    }
    let geometries = boundary_geometries(topojson_text, &codes, tolerance_m)?;
    let mut n = 0;
    for a in &mut file.areas {
        if let Some(g) = geometries.get(&a.code) {
            a.boundary = Some(g.clone());
            n += 1;
        }
    }
    Ok(n)
}

/// [`llr_boundaries`] with counts of what it did.
pub fn simplify_topojson(
    topojson_text: &str,
    codes: &[&str],
    tolerance_m: f64,
) -> Result<Simplified> {
    if !(tolerance_m.is_finite() && tolerance_m >= 0.0) {
        return Err(Error::new(
            ErrorKind::Usage,
            format!("the simplification tolerance must be 0 or more metres, not {tolerance_m}"),
            Location::default(),
        ));
    }
    let topo = topojson::decode(topojson_text, codes)?;

    // The arcs the selected areas use, on the integer grid, cleaned.
    let referenced: BTreeSet<usize> = topo
        .geometries
        .iter()
        .flat_map(|g| g.polygons.iter().flatten().flatten())
        .map(|r| r.index)
        .collect();
    let mut original: BTreeMap<usize, Vec<Ip>> = BTreeMap::new();
    for &i in &referenced {
        let grid = topo.arcs[i]
            .iter()
            .map(|&(x, y)| ((x * GRID).round() as i64, (y * GRID).round() as i64));
        original.insert(i, clean(cut_pinches(clean(grid)).into_iter()));
    }

    // Metres per grid step, from the mean latitude (an equirectangular approximation is
    // plenty for a tolerance over a county).
    let n_pts: usize = original.values().map(Vec::len).sum();
    let mean_lat =
        original.values().flatten().map(|p| p.1 as f64).sum::<f64>() / n_pts.max(1) as f64 / GRID;
    let metres = (
        111_320.0 * mean_lat.to_radians().cos() / GRID,
        110_574.0 / GRID,
    );

    // Every ring, with its arcs and the orientation it must keep.
    let cleaned = clean_rings(&topo.geometries, &original, metres);
    let used: BTreeSet<usize> = cleaned
        .iter()
        .flat_map(|(_, _, _, refs)| refs.iter().map(|r| r.index))
        .collect();
    let mut rings: Vec<RingInfo> = Vec::new();
    for (g, p, r, refs) in cleaned {
        let geom = &topo.geometries[g];
        {
            {
                let pts = stitch(&refs, &original).map_err(|msg| {
                    Error::invalid(
                        msg,
                        Location::path(format!("polygon {p}, ring {r}")).with_area(&geom.code),
                    )
                })?;
                let sign = signed_area2(&pts).signum();
                if sign == 0 || distinct(&pts) < 3 {
                    return Err(Error::invalid(
                        "a boundary ring has no area",
                        Location::path(format!("polygon {p}, ring {r}")).with_area(&geom.code),
                    ));
                }
                rings.push(RingInfo {
                    geometry: g,
                    polygon: p,
                    ring: r,
                    refs,
                    sign,
                    len_before: pts.len(),
                });
            }
        }
    }

    let mut tol: BTreeMap<usize, f64> = used.iter().map(|&i| (i, tolerance_m)).collect();
    let mut arcs: BTreeMap<usize, Vec<Ip>> = used
        .iter()
        .map(|&i| (i, douglas_peucker(&original[&i], tolerance_m, metres)))
        .collect();
    let mut refined = BTreeSet::new();
    loop {
        let bad = conflicts(&arcs, &rings);
        if bad.is_empty() {
            break;
        }
        if bad.iter().all(|i| tol[i] == 0.0) {
            let codes: BTreeSet<&str> = rings
                .iter()
                .filter(|r| r.refs.iter().any(|a| bad.contains(&a.index)))
                .map(|r| topo.geometries[r.geometry].code.as_str())
                .collect();
            return Err(Error::invalid(
                format!(
                    "the source boundaries cross themselves or each other (arcs {:?} of areas {:?}), so they cannot be simplified safely",
                    bad, codes
                ),
                Location::default(),
            ));
        }
        for i in bad {
            refined.insert(i);
            let t = tol[&i] / 2.0;
            let t = if t < 1.0 { 0.0 } else { t };
            tol.insert(i, t);
            arcs.insert(i, douglas_peucker(&original[&i], t, metres));
        }
    }

    // Rebuild the rings from the simplified arcs, oriented as RFC 7946 asks.
    let mut areas: BTreeMap<String, Vec<Polygon>> = BTreeMap::new();
    let mut vertices_before = 0;
    let mut vertices_after = 0;
    for geom in &topo.geometries {
        areas.insert(geom.code.clone(), vec![Vec::new(); geom.polygons.len()]);
    }
    for info in &rings {
        // Stitching cannot fail now: the end points of every arc are unchanged.
        let mut pts = stitch(&info.refs, &arcs).unwrap_or_default();
        let want_ccw = info.ring == 0;
        if (signed_area2(&pts) > 0) != want_ccw {
            pts.reverse();
        }
        vertices_before += info.len_before;
        vertices_after += pts.len();
        let code = &topo.geometries[info.geometry].code;
        if let Some(polys) = areas.get_mut(code) {
            polys[info.polygon].push(
                pts.iter()
                    .map(|&(x, y)| (x as f64 / GRID, y as f64 / GRID))
                    .collect(),
            );
        }
    }
    Ok(Simplified {
        areas,
        vertices_before,
        vertices_after,
        arcs_refined: refined.len(),
    })
}

/// Largest area, in m², of a pinched loop that [`clean_rings`] drops: two grid cells of the
/// LLR source (about 55 m × 66 m each), far below what a county map can show.
const MAX_PINCH_AREA_M2: f64 = 8_000.0;

/// Removes two kinds of degenerate topology that quantised TopoJSON has at junctions, from
/// the lists of arcs of every ring (geometry, polygon, ring, arcs):
/// - an arc walked forth and straight back (`k, ~k`): a zero-area spike shared by two
///   neighbours (the LLR source walks one 2-point arc on the Blaby / Hinckley border three
///   times);
/// - a tiny closed arc hanging off a ring at one position (a loop pinched to the border,
///   such as a grid cell on the Charnwood and Rutland borders). It is dropped from every ring
///   that uses it, so both neighbours lose it alike, unless some ring is made of that arc
///   alone (an island or enclave, which must stay).
///
/// Without this the rings would touch themselves at a point, which the validity check
/// rightly refuses.
fn clean_rings(
    geometries: &[topojson::Geometry],
    arcs: &BTreeMap<usize, Vec<Ip>>,
    metres: (f64, f64),
) -> Vec<(usize, usize, usize, Vec<ArcRef>)> {
    let mut rings: Vec<(usize, usize, usize, Vec<ArcRef>)> = Vec::new();
    for (g, geom) in geometries.iter().enumerate() {
        for (p, poly) in geom.polygons.iter().enumerate() {
            for (r, refs) in poly.iter().enumerate() {
                rings.push((g, p, r, refs.clone()));
            }
        }
    }
    let alone: BTreeSet<usize> = rings
        .iter()
        .filter(|(_, _, _, refs)| refs.len() == 1)
        .map(|(_, _, _, refs)| refs[0].index)
        .collect();
    let pinched = |i: usize| -> bool {
        let Some(pts) = arcs.get(&i) else {
            return false;
        };
        if alone.contains(&i) || pts.len() < 2 || pts[0] != pts[pts.len() - 1] {
            return false;
        }
        let m2 = signed_area2(pts).unsigned_abs() as f64 / 2.0 * metres.0 * metres.1;
        m2 <= MAX_PINCH_AREA_M2
    };
    for (_, _, _, refs) in &mut rings {
        if refs.len() > 1 {
            refs.retain(|r| !pinched(r.index));
        }
        cancel_spikes(refs);
    }
    rings
}

/// Removes adjacent `k, ~k` pairs (cyclically) until there are none.
fn cancel_spikes(refs: &mut Vec<ArcRef>) {
    'again: loop {
        let n = refs.len();
        if n < 3 {
            return;
        }
        for i in 0..n {
            let (a, b) = (refs[i], refs[(i + 1) % n]);
            if a.index == b.index && a.reversed != b.reversed {
                let j = (i + 1) % n;
                refs.remove(i.max(j));
                refs.remove(i.min(j));
                continue 'again;
            }
        }
        return;
    }
}

struct RingInfo {
    geometry: usize,
    polygon: usize,
    ring: usize,
    refs: Vec<ArcRef>,
    /// Sign of the source ring's area: simplification must not flip it.
    sign: i128,
    len_before: usize,
}

/// The closed ring of a list of arc references: arcs joined end to start, the shared
/// position written once.
fn stitch(
    refs: &[ArcRef],
    arcs: &BTreeMap<usize, Vec<Ip>>,
) -> std::result::Result<Vec<Ip>, String> {
    let mut out: Vec<Ip> = Vec::new();
    for r in refs {
        let arc = arcs
            .get(&r.index)
            .ok_or_else(|| format!("arc {} is missing", r.index))?;
        let mut pts: Vec<Ip> = arc.clone();
        if r.reversed {
            pts.reverse();
        }
        match out.last() {
            None => out.extend(pts),
            Some(&last) if pts.first() == Some(&last) => out.extend(pts.into_iter().skip(1)),
            Some(_) => {
                return Err(format!(
                    "arc {} does not start where the previous arc ends",
                    r.index
                ))
            }
        }
    }
    if out.len() < 4 || out.first() != out.last() {
        return Err("the ring's arcs do not close".into());
    }
    Ok(out)
}

/// Drops repeated positions and every interior position in line with its neighbours. Those
/// in between add nothing; those that turn back are zero-area spikes, which quantised
/// sources have (e.g. `a, b, a` where a border was snapped to the grid) and which would make
/// a ring touch itself. End points (junctions) are always kept.
fn clean(pts: impl Iterator<Item = Ip>) -> Vec<Ip> {
    let mut out: Vec<Ip> = Vec::new();
    for p in pts {
        if out.last() == Some(&p) {
            continue;
        }
        out.push(p);
        while out.len() >= 3 {
            let n = out.len();
            if orient(out[n - 3], out[n - 2], out[n - 1]) != 0 {
                break;
            }
            out.remove(n - 2);
            // Removing a spike's tip can leave its base twice in a row.
            if out.len() >= 2 && out[out.len() - 1] == out[out.len() - 2] {
                out.pop();
            }
        }
    }
    out
}

/// Most positions a pinched-off loop may have to be cut by [`cut_pinches`].
const MAX_PINCH: usize = 6;

/// Cuts tiny loops where an arc touches itself: when a later position lies on an earlier
/// segment (quantising a winding border can fold it back onto itself, as on the Harborough
/// border of the LLR source), the positions in between form a loop of a grid cell or two
/// that makes the ring non-simple. The arc then goes straight along the earlier segment to
/// the touching position, which draws nothing new (it is part of a segment already there).
/// Only loops of at most [`MAX_PINCH`] positions are cut; a bigger pinch is left for the
/// validity check to reject.
fn cut_pinches(mut pts: Vec<Ip>) -> Vec<Ip> {
    let closed = pts.len() > 1 && pts[0] == pts[pts.len() - 1];
    'again: loop {
        let n = pts.len();
        for i in 0..n.saturating_sub(1) {
            for j in i + 2..n.min(i + 2 + MAX_PINCH) {
                if closed && i == 0 && j == n - 1 {
                    continue;
                }
                let (a, b, p) = (pts[i], pts[i + 1], pts[j]);
                if orient(a, b, p) == 0 && within(a, b, p) {
                    pts.drain(i + 1..j);
                    continue 'again;
                }
            }
        }
        return pts;
    }
}

fn distinct(ring: &[Ip]) -> usize {
    ring.iter().collect::<BTreeSet<_>>().len()
}

/// Twice the signed area (exact): positive for counter-clockwise in lon/lat.
fn signed_area2(ring: &[Ip]) -> i128 {
    ring.windows(2)
        .map(|w| w[0].0 as i128 * w[1].1 as i128 - w[1].0 as i128 * w[0].1 as i128)
        .sum()
}

/// Douglas–Peucker on one arc with a tolerance in metres; the end points are always kept. A
/// closed arc (an island or an area with no neighbours) is split at its farthest point first
/// and keeps at least a triangle. Tolerance 0 returns the arc unchanged.
fn douglas_peucker(pts: &[Ip], tolerance_m: f64, metres: (f64, f64)) -> Vec<Ip> {
    let n = pts.len();
    if tolerance_m == 0.0 || n <= 2 {
        return pts.to_vec();
    }
    let m = |p: Ip| (p.0 as f64 * metres.0, p.1 as f64 * metres.1);
    let mut keep = vec![false; n];
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = Vec::new();
    let closed = pts[0] == pts[n - 1];
    let mut far = 0;
    if closed {
        if n <= 4 {
            return pts.to_vec();
        }
        let d = |i: usize| {
            let (a, b) = (m(pts[0]), m(pts[i]));
            (a.0 - b.0).hypot(a.1 - b.1)
        };
        far = (1..n - 1)
            .max_by(|&i, &j| d(i).total_cmp(&d(j)))
            .unwrap_or(1);
        keep[far] = true;
        stack.push((0, far));
        stack.push((far, n - 1));
    } else {
        stack.push((0, n - 1));
    }
    while let Some((s, e)) = stack.pop() {
        if e <= s + 1 {
            continue;
        }
        let (a, b) = (m(pts[s]), m(pts[e]));
        let (mut best, mut best_d) = (s, -1.0);
        for (i, &p) in pts.iter().enumerate().take(e).skip(s + 1) {
            let d = super::geom::segment_distance(m(p), a, b);
            if d > best_d {
                best = i;
                best_d = d;
            }
        }
        if best_d > tolerance_m {
            keep[best] = true;
            stack.push((s, best));
            stack.push((best, e));
        }
    }
    if closed && keep.iter().filter(|&&k| k).count() < 4 {
        // Only first, far and last (the same position): add the point farthest from the
        // line first–far so the ring stays a triangle.
        let (a, b) = (m(pts[0]), m(pts[far]));
        if let Some(j) = (1..n - 1).filter(|&i| i != far).max_by(|&i, &j| {
            let di = super::geom::segment_distance(m(pts[i]), a, b);
            let dj = super::geom::segment_distance(m(pts[j]), a, b);
            di.total_cmp(&dj)
        }) {
            keep[j] = true;
        }
    }
    pts.iter()
        .zip(keep)
        .filter_map(|(&p, k)| k.then_some(p))
        .collect()
}

fn orient(a: Ip, b: Ip, c: Ip) -> i128 {
    let v = (b.0 - a.0) as i128 * (c.1 - a.1) as i128 - (b.1 - a.1) as i128 * (c.0 - a.0) as i128;
    v.signum()
}

/// `p` lies on the closed segment `a`–`b` (given that the three are collinear).
fn within(a: Ip, b: Ip, p: Ip) -> bool {
    a.0.min(b.0) <= p.0 && p.0 <= a.0.max(b.0) && a.1.min(b.1) <= p.1 && p.1 <= a.1.max(b.1)
}

/// True when two segments meet anywhere other than at one position that is an end point of
/// both (how consecutive segments of a ring, and arcs at a junction, meet).
pub(crate) fn segments_conflict(a: Ip, b: Ip, c: Ip, d: Ip) -> bool {
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    if o1 == 0 && o2 == 0 {
        // Collinear: they conflict when they overlap in more than one point.
        let key = |p: Ip| if a.0 != b.0 { p.0 } else { p.1 };
        let (lo1, hi1) = (key(a).min(key(b)), key(a).max(key(b)));
        let (lo2, hi2) = (key(c).min(key(d)), key(c).max(key(d)));
        return lo1.max(lo2) < hi1.min(hi2);
    }
    if o1 * o2 < 0 && o3 * o4 < 0 {
        return true; // a proper crossing
    }
    // A touch: an end point of one lying on the other is fine only when it is an end point
    // of both.
    let shared = |p: Ip| p == a || p == b;
    (o1 == 0 && within(a, b, c) && !shared(c))
        || (o2 == 0 && within(a, b, d) && !shared(d))
        || (o3 == 0 && within(c, d, a) && a != c && a != d)
        || (o4 == 0 && within(c, d, b) && b != c && b != d)
}

/// The arcs involved in any crossing, overlap, collapsed or inverted ring.
fn conflicts(arcs: &BTreeMap<usize, Vec<Ip>>, rings: &[RingInfo]) -> BTreeSet<usize> {
    let mut bad = BTreeSet::new();
    struct Seg {
        arc: usize,
        a: Ip,
        b: Ip,
        x0: i64,
        x1: i64,
        y0: i64,
        y1: i64,
    }
    let mut segs: Vec<Seg> = arcs
        .iter()
        .flat_map(|(&arc, pts)| {
            pts.windows(2).map(move |w| Seg {
                arc,
                a: w[0],
                b: w[1],
                x0: w[0].0.min(w[1].0),
                x1: w[0].0.max(w[1].0),
                y0: w[0].1.min(w[1].1),
                y1: w[0].1.max(w[1].1),
            })
        })
        .collect();
    segs.sort_by_key(|s| s.x0);
    for i in 0..segs.len() {
        let s = &segs[i];
        for t in segs[i + 1..].iter().take_while(|t| t.x0 <= s.x1) {
            if t.y0 > s.y1 || t.y1 < s.y0 {
                continue;
            }
            if segments_conflict(s.a, s.b, t.a, t.b) {
                bad.insert(s.arc);
                bad.insert(t.arc);
            }
        }
    }
    for info in rings {
        let ok = stitch(&info.refs, arcs)
            .map(|pts| distinct(&pts) >= 3 && signed_area2(&pts).signum() == info.sign)
            .unwrap_or(false);
        if !ok {
            bad.extend(info.refs.iter().map(|r| r.index));
        }
    }
    bad
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_conflicts() {
        let p = |x, y| (x, y);
        // Crossing.
        assert!(segments_conflict(p(0, 0), p(2, 2), p(0, 2), p(2, 0)));
        // Sharing an end point only.
        assert!(!segments_conflict(p(0, 0), p(2, 2), p(2, 2), p(4, 0)));
        // Collinear and continuing.
        assert!(!segments_conflict(p(0, 0), p(2, 0), p(2, 0), p(4, 0)));
        // Collinear and overlapping (a spike, or two arcs collapsed onto one line).
        assert!(segments_conflict(p(0, 0), p(2, 0), p(1, 0), p(4, 0)));
        assert!(segments_conflict(p(0, 0), p(2, 0), p(2, 0), p(0, 0)));
        // T-junction: an end point in the middle of the other segment.
        assert!(segments_conflict(p(0, 0), p(4, 0), p(2, 0), p(2, 3)));
        assert!(segments_conflict(p(2, 0), p(2, 3), p(0, 0), p(4, 0)));
        // Apart.
        assert!(!segments_conflict(p(0, 0), p(1, 0), p(0, 1), p(1, 1)));
    }

    #[test]
    fn douglas_peucker_keeps_end_points_and_triangles() {
        let metres = (1.0, 1.0);
        let line: Vec<Ip> = (0..10).map(|i| (i, if i == 5 { 3 } else { 0 })).collect();
        assert_eq!(
            douglas_peucker(&line, 2.5, metres),
            vec![(0, 0), (5, 3), (9, 0)]
        );
        assert_eq!(douglas_peucker(&line, 2.0, metres).len(), 4);
        assert_eq!(douglas_peucker(&line, 5.0, metres), vec![(0, 0), (9, 0)]);
        let ring: Vec<Ip> = vec![(0, 0), (5, 0), (10, 0), (10, 10), (5, 10), (0, 10), (0, 0)];
        let s = douglas_peucker(&ring, 1e9, metres);
        assert_eq!(s.len(), 4, "{s:?}");
        assert_eq!(s.first(), s.last());
    }
}
