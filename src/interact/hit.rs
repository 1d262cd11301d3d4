//! Hit-testing: which month is under the pointer (egui_plot's `find_closest`, on our Scene).

use crate::chart::{PointClass, Pt, Scene};

/// The month whose point is nearest to `at`, within `max_px` CSS pixels.
///
/// Published points win by distance. If none is near enough and the pointer is over the
/// plot in the slot of a month with no data, that month is returned, so hovering a gap says
/// "no data published" rather than nothing.
pub fn nearest_point(scene: &Scene, at: Pt, max_px: f64) -> Option<usize> {
    // A loop keeping the first nearest (as `min_by` does), not a filter/map/min_by chain:
    // smaller in the download.
    let mut best: Option<(usize, f64)> = None;
    for p in &scene.points {
        if p.class == PointClass::Missing {
            continue;
        }
        let d = p.at.distance(at);
        if d <= max_px && best.is_none_or(|(_, b)| d < b) {
            best = Some((p.index, d));
        }
    }
    if let Some((i, _)) = best {
        return Some(i);
    }
    let plot = scene.plot;
    let inside =
        at.x >= plot.x && at.x <= plot.right() && at.y >= plot.y && at.y <= plot.bottom() + max_px;
    if !inside {
        return None;
    }
    let i = scene.x.index_at(at.x)?;
    scene
        .point(i)
        .filter(|p| p.class == PointClass::Missing)
        .map(|p| p.index)
}
