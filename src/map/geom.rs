//! Plane geometry on rings and polygons: containment (the map's hit-testing), areas,
//! distances and label anchors. Pure `f64`; the coordinates may be lon/lat or CSS pixels.
//!
//! A *ring* is a list of points whose last equals its first (GeoJSON's closed rings); an open
//! list is treated as if closed. A *polygon* is an outer ring then holes; an area's shape is a
//! list of polygons (a MultiPolygon).

/// A point `(x, y)`.
pub type Pt = (f64, f64);

fn edges(ring: &[Pt]) -> impl Iterator<Item = (Pt, Pt)> + '_ {
    let n = ring.len();
    let closed = n > 1 && ring[0] == ring[n - 1];
    let m = if n < 2 {
        0
    } else if closed {
        n - 1
    } else {
        n
    };
    (0..m).map(move |i| (ring[i], ring[(i + 1) % n]))
}

/// True when `p` is inside `ring` (even–odd rule; points exactly on an edge count as
/// inside, so a pointer on a shared border hits one of the two areas, never neither).
pub fn point_in_ring(p: Pt, ring: &[Pt]) -> bool {
    let mut inside = false;
    for (a, b) in edges(ring) {
        if on_segment(p, a, b) {
            return true;
        }
        if (a.1 > p.1) != (b.1 > p.1) {
            let x = a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0);
            if p.0 < x {
                inside = !inside;
            }
        }
    }
    inside
}

fn on_segment(p: Pt, a: Pt, b: Pt) -> bool {
    // The box test first: it rejects almost every edge without any multiplication.
    if p.0 < a.0.min(b.0) || p.0 > a.0.max(b.0) || p.1 < a.1.min(b.1) || p.1 > a.1.max(b.1) {
        return false;
    }
    let cross = (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0);
    let scale = (b.0 - a.0).abs() + (b.1 - a.1).abs();
    cross.abs() <= 1e-12 * scale.max(1.0) * scale.max(1.0)
}

/// True when `p` is inside the polygon: inside its outer ring and not strictly inside any
/// hole (a point on a hole's edge belongs to the polygon).
pub fn point_in_polygon(p: Pt, polygon: &[Vec<Pt>]) -> bool {
    let Some((outer, holes)) = polygon.split_first() else {
        return false;
    };
    point_in_ring(p, outer)
        && !holes
            .iter()
            .any(|h| point_in_ring(p, h) && !edges(h).any(|(a, b)| on_segment(p, a, b)))
}

/// True when `p` is inside any polygon of a multipolygon.
pub fn point_in_multipolygon(p: Pt, polygons: &[Vec<Vec<Pt>>]) -> bool {
    polygons.iter().any(|poly| point_in_polygon(p, poly))
}

/// Signed area of a ring (shoelace): positive when counter-clockwise in a y-up plane
/// (lon/lat), i.e. clockwise on a y-down screen.
pub fn ring_signed_area(ring: &[Pt]) -> f64 {
    edges(ring).map(|(a, b)| a.0 * b.1 - b.0 * a.1).sum::<f64>() / 2.0
}

/// Area of a polygon: outer ring minus holes.
pub fn polygon_area(polygon: &[Vec<Pt>]) -> f64 {
    let mut rings = polygon.iter();
    let outer = rings.next().map_or(0.0, |r| ring_signed_area(r).abs());
    outer - rings.map(|r| ring_signed_area(r).abs()).sum::<f64>()
}

/// Distance from `p` to the segment `a`–`b`.
pub fn segment_distance(p: Pt, a: Pt, b: Pt) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - x).powi(2) + (p.1 - y).powi(2)).sqrt()
}

/// Distance from `p` to the nearest edge of any ring of the polygons.
pub fn distance_to_edges(p: Pt, polygons: &[Vec<Vec<Pt>>]) -> f64 {
    polygons
        .iter()
        .flatten()
        .flat_map(|r| edges(r))
        .map(|(a, b)| segment_distance(p, a, b))
        .fold(f64::INFINITY, f64::min)
}

/// Bounding box `(min x, min y, max x, max y)` of every point, `None` when there is none.
pub fn bbox<'a>(points: impl IntoIterator<Item = &'a Pt>) -> Option<(f64, f64, f64, f64)> {
    points.into_iter().fold(None, |acc, &(x, y)| {
        Some(match acc {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        })
    })
}

/// A point well inside the shape to anchor its label: the point of the largest polygon that
/// is farthest from every edge (an approximate "pole of inaccessibility", found on a grid and
/// refined around the best cell). Unlike the centroid it is always inside, even for a
/// crescent or a ring-shaped area. `None` for an empty shape.
pub fn label_anchor(polygons: &[Vec<Vec<Pt>>]) -> Option<Pt> {
    let largest = polygons
        .iter()
        .filter(|p| !p.is_empty())
        .max_by(|a, b| polygon_area(a).total_cmp(&polygon_area(b)))?;
    let (x0, y0, x1, y1) = bbox(largest.first()?.iter())?;
    let all_edges: Vec<(Pt, Pt)> = largest.iter().flat_map(|r| edges(r)).collect();
    // Squared distance to the nearest edge, giving up as soon as it cannot beat `beat`
    // (most samples lose early, which makes the search cheap enough to run on every draw).
    let score = |p: Pt, beat: f64| -> f64 {
        if !point_in_polygon(p, largest) {
            return -1.0;
        }
        let mut d2 = f64::INFINITY;
        for &(a, b) in &all_edges {
            let d = segment_distance(p, a, b);
            d2 = d2.min(d * d);
            if d2 <= beat {
                return d2;
            }
        }
        d2
    };
    const N: usize = 16;
    let (mut cx, mut cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (mut w, mut h) = (
        (x1 - x0).max(f64::MIN_POSITIVE),
        (y1 - y0).max(f64::MIN_POSITIVE),
    );
    let mut best: Option<(Pt, f64)> = None;
    for _round in 0..3 {
        for i in 0..=N {
            for j in 0..=N {
                let p = (
                    cx - w / 2.0 + w * i as f64 / N as f64,
                    cy - h / 2.0 + h * j as f64 / N as f64,
                );
                let s = score(p, best.map_or(-1.0, |(_, b)| b));
                if best.is_none_or(|(_, b)| s > b) {
                    best = Some((p, s));
                }
            }
        }
        let (p, _) = best?;
        (cx, cy) = p;
        w *= 4.0 / N as f64;
        h *= 4.0 / N as f64;
    }
    match best {
        Some((p, s)) if s >= 0.0 => Some(p),
        // A sliver thinner than the grid: fall back to a vertex-midpoint inside the shape.
        _ => largest.first().and_then(|r| {
            edges(r)
                .map(|(a, b)| ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0))
                .next()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, s: f64) -> Vec<Pt> {
        vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
    }

    #[test]
    fn containment_with_holes() {
        let poly = vec![square(0.0, 0.0, 10.0), square(4.0, 4.0, 2.0)];
        assert!(point_in_polygon((1.0, 1.0), &poly));
        assert!(!point_in_polygon((5.0, 5.0), &poly), "in the hole");
        assert!(point_in_polygon((4.0, 5.0), &poly), "on the hole's edge");
        assert!(point_in_polygon((0.0, 5.0), &poly), "on the outer edge");
        assert!(!point_in_polygon((11.0, 5.0), &poly));
        assert!(!point_in_polygon((1.0, 1.0), &[]));
    }

    #[test]
    fn areas_and_orientation() {
        let s = square(0.0, 0.0, 2.0);
        assert_eq!(ring_signed_area(&s), 4.0);
        let mut r = s.clone();
        r.reverse();
        assert_eq!(ring_signed_area(&r), -4.0);
        assert_eq!(polygon_area(&[s, square(0.5, 0.5, 1.0)]), 3.0);
    }
}
