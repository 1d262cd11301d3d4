//! Fill patterns as geometry: hatch lines clipped to an area's polygons, and dots inside them.
//! plotters has no clipping or pattern fills, so the map painter draws these primitives over
//! the flat fill. Pure, so the clipping is tested natively.

use super::geom::{point_in_multipolygon, Pt};
use super::scene::Pattern;

/// Line segments (`from`, `to`) and dot centres that draw `pattern` inside `polygons`, with
/// `spacing` CSS px between lines or dots. Lines are clipped by the even–odd rule, so holes
/// stay clear.
pub fn pattern_marks(
    polygons: &[Vec<Vec<Pt>>],
    pattern: Pattern,
    spacing: f64,
) -> (Vec<(Pt, Pt)>, Vec<Pt>) {
    if !(spacing.is_finite() && spacing > 0.5) {
        return (Vec::new(), Vec::new());
    }
    let s = std::f64::consts::FRAC_1_SQRT_2;
    match pattern {
        Pattern::None => (Vec::new(), Vec::new()),
        // On screen y grows down, so "rising to the right" is (1, −1).
        Pattern::Diagonal => (hatch(polygons, (s, -s), spacing), Vec::new()),
        Pattern::Crosshatch => {
            let mut lines = hatch(polygons, (s, -s), spacing);
            lines.extend(hatch(polygons, (s, s), spacing));
            (lines, Vec::new())
        }
        Pattern::Horizontal => (hatch(polygons, (1.0, 0.0), spacing), Vec::new()),
        Pattern::Dots => (Vec::new(), dots(polygons, spacing)),
    }
}

/// Parallel lines of direction `d` (a unit vector), `spacing` apart, clipped to the polygons.
fn hatch(polygons: &[Vec<Vec<Pt>>], d: Pt, spacing: f64) -> Vec<(Pt, Pt)> {
    let n = (-d.1, d.0);
    let along = |p: Pt| p.0 * d.0 + p.1 * d.1;
    let across = |p: Pt| p.0 * n.0 + p.1 * n.1;
    let edges: Vec<(Pt, Pt)> = polygons
        .iter()
        .flatten()
        .flat_map(|r| r.windows(2).map(|w| (w[0], w[1])))
        .collect();
    let (lo, hi) = edges
        .iter()
        .flat_map(|&(a, b)| [across(a), across(b)])
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
            (l.min(v), h.max(v))
        });
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Lines at multiples of the spacing (offset by half), so neighbouring areas' hatching
    // lines up across their shared border.
    let mut k = (lo / spacing - 0.5).ceil();
    // Never more lines than a huge canvas could need.
    let max_lines = 20_000;
    let mut count = 0;
    while (k + 0.5) * spacing <= hi && count < max_lines {
        let c = (k + 0.5) * spacing;
        let mut us: Vec<f64> = edges
            .iter()
            .filter_map(|&(a, b)| {
                let (va, vb) = (across(a), across(b));
                // Half-open, so a line through a vertex is counted once.
                if (va <= c && c < vb) || (vb <= c && c < va) {
                    let t = (c - va) / (vb - va);
                    Some(along(a) + t * (along(b) - along(a)))
                } else {
                    None
                }
            })
            .collect();
        us.sort_by(f64::total_cmp);
        for pair in us.chunks_exact(2) {
            let p = |u: f64| (u * d.0 + c * n.0, u * d.1 + c * n.1);
            if pair[1] - pair[0] > 0.5 {
                out.push((p(pair[0]), p(pair[1])));
            }
        }
        k += 1.0;
        count += 1;
    }
    out
}

/// Dot centres on a square grid (`spacing` apart, alternate rows offset) inside the polygons.
fn dots(polygons: &[Vec<Vec<Pt>>], spacing: f64) -> Vec<Pt> {
    let Some((x0, y0, x1, y1)) = super::geom::bbox(polygons.iter().flatten().flatten()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut row = (y0 / spacing).floor() as i64;
    while (row as f64) * spacing <= y1 && out.len() < 200_000 {
        let y = row as f64 * spacing;
        let shift = if row % 2 == 0 { 0.0 } else { spacing / 2.0 };
        let mut x = (x0 / spacing).floor() * spacing + shift;
        while x <= x1 {
            if point_in_multipolygon((x, y), polygons) {
                out.push((x, y));
            }
            x += spacing;
        }
        row += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, s: f64) -> Vec<Pt> {
        vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
    }

    #[test]
    fn horizontal_lines_are_clipped_and_skip_holes() {
        let poly = vec![vec![square(0.0, 0.0, 100.0), square(40.0, 40.0, 20.0)]];
        let (lines, dots) = pattern_marks(&poly, Pattern::Horizontal, 10.0);
        assert!(dots.is_empty());
        // Lines at y = 5, 15, …, 95: 10 lines; the two through the hole (45, 55) split in two.
        assert_eq!(lines.len(), 12);
        for (a, b) in &lines {
            assert_eq!(a.1, b.1);
            assert!(a.0 >= -1e-9 && b.0 <= 100.0 + 1e-9);
            let mid = ((a.0 + b.0) / 2.0, a.1);
            assert!(point_in_multipolygon(mid, &poly), "{mid:?}");
        }
    }

    #[test]
    fn diagonal_and_dots_stay_inside() {
        let poly = vec![vec![vec![
            (0.0, 0.0),
            (60.0, 0.0),
            (30.0, 50.0),
            (0.0, 0.0),
        ]]];
        for pattern in [Pattern::Diagonal, Pattern::Crosshatch] {
            let (lines, _) = pattern_marks(&poly, pattern, 6.0);
            assert!(!lines.is_empty());
            for (a, b) in lines {
                let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                assert!(point_in_multipolygon(mid, &poly));
            }
        }
        let (_, dots) = pattern_marks(&poly, Pattern::Dots, 6.0);
        assert!(dots.len() > 20);
        assert!(dots.iter().all(|&p| point_in_multipolygon(p, &poly)));
        assert_eq!(pattern_marks(&poly, Pattern::None, 6.0), (vec![], vec![]));
        assert_eq!(pattern_marks(&poly, Pattern::Dots, 0.0), (vec![], vec![]));
    }
}
