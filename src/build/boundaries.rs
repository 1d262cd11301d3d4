//! Area boundaries for `pcc-spc build --boundaries FILE.topo.json`: each CSP area's outline,
//! simplified for a county map, written into `areas[].boundary` of the published file.
//!
//! The input is **TopoJSON** (the format that stores each shared border once) because the
//! simplification ([`crate::map::simplify`]) simplifies every shared border once, so
//! neighbouring areas keep exactly the same border (no slivers of gap or overlap). A geometry
//! belongs to an area when its `id`, or any of its string properties, equals the area's code
//! (boundary files name the code property by vintage: `LAD13CD`, `LAD21CD`, `code`, …).
//!
//! Positions are rounded to 5 decimals (about 1 m, far below a map pixel) and the output is
//! deterministic: the same file and tolerance give the same bytes.
//!
//! **The force area gets no boundary.** The map draws every area that has one, and the force's
//! outline would cover its CSPs (and catch their pointer and keyboard events); its outline is
//! the outer edge of its CSPs, which the map shows anyway.
//!
//! What is not an error: a CSP with no geometry in the file (warning: it is not drawn on the
//! map), a geometry whose code is no area of the file (warning: not used) and a second
//! geometry with an area's code (warning: the first, in file order, is used). Everything else —
//! an unreadable file, invalid JSON, a file that is not TopoJSON, a bad arc or ring — is an error
//! naming the file and the JSON path or area code.

use std::path::Path;

use serde_json::Value;

use crate::map::simplify::simplify_topojson;
use crate::model::json::{AreaDto, GeometryDto};
use crate::{Error, ErrorKind, Location, Result};

/// The default Douglas–Peucker tolerance, in metres (see [`crate::map::simplify::LLR_TOLERANCE_M`]
/// for why 80 m suits a county map: under a CSS pixel of a 600 px wide map at 2× density).
pub const DEFAULT_TOLERANCE_M: f64 = crate::map::simplify::LLR_TOLERANCE_M;

/// What [`add_boundaries`] did, for the build's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryReport {
    /// Areas given a boundary.
    pub areas: usize,
    /// Ring positions before simplification.
    pub vertices_before: usize,
    /// Ring positions after.
    pub vertices_after: usize,
    /// Bytes of the areas' GeoJSON geometries as written (compact JSON).
    pub bytes: usize,
}

/// One geometry of the file: its JSON path, its `id` and the values of its string
/// properties (any of which may be an area's code).
struct FileGeometry {
    path: String,
    id: Option<String>,
    strings: Vec<String>,
}

impl FileGeometry {
    fn has_code(&self, code: &str) -> bool {
        self.id.as_deref() == Some(code) || self.strings.iter().any(|s| s == code)
    }
}

fn error(file: &str, kind: ErrorKind, message: impl Into<String>, path: Option<&str>) -> Error {
    let mut at = Location::file_line(file, None);
    at.json_path = path.map(str::to_string);
    Error::new(kind, message, at)
}

/// Every geometry of every object of a TopoJSON text, in file order.
fn list_geometries(text: &str, file: &str) -> Result<Vec<FileGeometry>> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        error(
            file,
            ErrorKind::Json,
            format!("the boundary file is not valid JSON: {e}"),
            None,
        )
    })?;
    if root.get("type").and_then(Value::as_str) != Some("Topology") {
        return Err(error(
            file,
            ErrorKind::Invalid,
            "the boundary file is not TopoJSON: \"type\" must be \"Topology\" (convert GeoJSON with e.g. `geo2topo`)",
            Some("type"),
        ));
    }
    let objects = root
        .get("objects")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            error(
                file,
                ErrorKind::Invalid,
                "the TopoJSON has no \"objects\"",
                Some("objects"),
            )
        })?;
    let mut out = Vec::new();
    for (name, obj) in objects {
        // What the simplification reads: the members of GeometryCollections.
        let Some(list) = obj.get("geometries").and_then(Value::as_array) else {
            return Err(error(
                file,
                ErrorKind::Invalid,
                "a TopoJSON object must be a GeometryCollection with a \"geometries\" list (one geometry per area)",
                Some(&format!("objects.{name}")),
            ));
        };
        let list = list
            .iter()
            .enumerate()
            .map(|(i, g)| (format!("objects.{name}.geometries[{i}]"), g));
        for (path, g) in list {
            let id = g.get("id").and_then(Value::as_str).map(str::to_string);
            let strings = g
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| {
                    p.values()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            out.push(FileGeometry { path, id, strings });
        }
    }
    Ok(out)
}

/// Simplifies the boundaries of the CSP areas of `areas` from the TopoJSON file `path` with a
/// tolerance of `tolerance_m` metres and stores them in `areas[].boundary`. Warnings (a CSP
/// with no geometry, a geometry of no area) are pushed to `warnings`.
pub fn add_boundaries(
    path: &Path,
    tolerance_m: f64,
    areas: &mut [AreaDto],
    warnings: &mut Vec<String>,
) -> Result<BoundaryReport> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        error(
            &file,
            ErrorKind::Io,
            format!("cannot read the boundary file: {e}"),
            None,
        )
    })?;
    let geometries = list_geometries(&text, &file)?;

    // Which areas the file covers, and which of its geometries no area uses.
    let mut codes: Vec<String> = Vec::new();
    for a in areas.iter() {
        let found = geometries.iter().any(|g| g.has_code(&a.code));
        match (a.kind.as_str(), found) {
            ("force", true) => warnings.push(format!(
                "{file}: the geometry of the force area {} ({}) is not used: the force gets no boundary (the map draws its CSP areas)",
                a.name, a.code
            )),
            ("force", false) => {}
            (_, true) => {
                // The simplification takes the first geometry with the code (file order).
                let with_code: Vec<&str> = geometries
                    .iter()
                    .filter(|g| g.has_code(&a.code))
                    .map(|g| g.path.as_str())
                    .collect();
                if let [first, rest @ ..] = with_code.as_slice() {
                    if !rest.is_empty() {
                        warnings.push(format!(
                            "{file}: {} geometries have the code of area {} ({}): {first} is used, not {}",
                            with_code.len(),
                            a.name,
                            a.code,
                            rest.join(", ")
                        ));
                    }
                }
                codes.push(a.code.clone());
            }
            (_, false) => warnings.push(format!(
                "{file}: no geometry has the code of area {} ({}): it has no boundary and is not drawn on the map",
                a.name, a.code
            )),
        }
    }
    for g in &geometries {
        if !areas.iter().any(|a| g.has_code(&a.code)) {
            let names: Vec<&str> = g.id.iter().chain(&g.strings).map(String::as_str).collect();
            let known_as = if names.is_empty() {
                String::new()
            } else {
                format!(" ({})", names.join(", "))
            };
            warnings.push(format!(
                "{file}: {}{known_as} has no code of an area of the file: not used",
                g.path
            ));
        }
    }
    if codes.is_empty() {
        return Ok(BoundaryReport {
            areas: 0,
            vertices_before: 0,
            vertices_after: 0,
            bytes: 0,
        });
    }

    let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let simplified = simplify_topojson(&text, &code_refs, tolerance_m)
        .map_err(|e| e.within(Location::file_line(&file, None)))?;
    let mut bytes = 0;
    for a in areas.iter_mut() {
        if let Some(polygons) = simplified.areas.get(&a.code) {
            let g = GeometryDto::from_polygons(polygons);
            bytes += serde_json::to_string(&g).map_or(0, |s| s.len());
            a.boundary = Some(g);
        }
    }
    Ok(BoundaryReport {
        areas: codes.len(),
        vertices_before: simplified.vertices_before,
        vertices_after: simplified.vertices_after,
        bytes,
    })
}
