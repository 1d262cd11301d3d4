//! The choropleth map of the CSP breakdown, as pure geometry: a projection from lon/lat to
//! CSS pixels, hit-testing, and a [`scene`] (area paths, label anchors, legend) that the web
//! module paints and uses for keyboard focus and tooltips.
//!
//! Boundary simplification ([`simplify`], [`topojson`]) runs only in the native build
//! (`pcc-spc build`); the browser receives already simplified GeoJSON.

pub mod geom;
pub mod paint;
pub mod pattern;
pub mod projection;
pub mod scene;

pub use projection::Projection;
pub use scene::{map_scene, Arrow, Colouring, Fill, LegendEntry, MapArea, MapScene, Pattern};

#[cfg(not(target_arch = "wasm32"))]
pub mod simplify;
#[cfg(not(target_arch = "wasm32"))]
pub mod topojson;
