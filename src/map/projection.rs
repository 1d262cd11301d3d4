//! Lon/lat → CSS pixels for a county-sized map.
//!
//! An equirectangular projection scaled by the cosine of the middle latitude: over an area
//! the size of a county (LLR spans about 1° of latitude) its distortion is under 1%, far
//! below what a choropleth shows, and it needs no projection library. North is up; `y`
//! grows downwards as on a screen.

use super::geom::Pt;

/// A fitted projection. Build it with [`Projection::fit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    /// Longitude and latitude of the point drawn at [`Projection::center_px`].
    center: Pt,
    /// Where the centre is drawn, CSS px.
    center_px: Pt,
    /// CSS px per degree of latitude.
    scale: f64,
    /// cos(middle latitude): a degree of longitude is this much shorter than one of latitude.
    cos_lat: f64,
}

impl Projection {
    /// The projection that fits the lon/lat box `(min lon, min lat, max lon, max lat)` into a
    /// `width` × `height` CSS px box with `padding` px on every side, as large as fits and
    /// centred. `None` when the box is empty or not finite, or the latitude is beyond ±85°.
    pub fn fit(
        lonlat: (f64, f64, f64, f64),
        width: f64,
        height: f64,
        padding: f64,
    ) -> Option<Self> {
        let (x0, y0, x1, y1) = lonlat;
        let finite = [x0, y0, x1, y1, width, height, padding]
            .iter()
            .all(|v| v.is_finite());
        if !finite || x1 < x0 || y1 < y0 || y0 < -85.0 || y1 > 85.0 {
            return None;
        }
        let (w, h) = (width - 2.0 * padding, height - 2.0 * padding);
        if w <= 0.0 || h <= 0.0 {
            return None;
        }
        let mid = (y0 + y1) / 2.0;
        let cos_lat = mid.to_radians().cos();
        let (dx, dy) = ((x1 - x0) * cos_lat, y1 - y0);
        let scale = match (dx > 0.0, dy > 0.0) {
            (true, true) => (w / dx).min(h / dy),
            (true, false) => w / dx,
            (false, true) => h / dy,
            // A single point: any scale shows it; pick one degree per box.
            (false, false) => w.min(h),
        };
        Some(Projection {
            center: ((x0 + x1) / 2.0, mid),
            center_px: (width / 2.0, height / 2.0),
            scale,
            cos_lat,
        })
    }

    /// CSS px of a lon/lat position.
    pub fn project(&self, (lon, lat): Pt) -> Pt {
        (
            self.center_px.0 + (lon - self.center.0) * self.cos_lat * self.scale,
            self.center_px.1 - (lat - self.center.1) * self.scale,
        )
    }

    /// The lon/lat drawn at CSS px `(x, y)` (the inverse of [`Projection::project`]).
    pub fn invert(&self, (x, y): Pt) -> Pt {
        (
            self.center.0 + (x - self.center_px.0) / (self.cos_lat * self.scale),
            self.center.1 - (y - self.center_px.1) / self.scale,
        )
    }

    /// CSS px per kilometre on the ground (north–south), for a scale bar.
    pub fn px_per_km(&self) -> f64 {
        self.scale / 111.2
    }
}
