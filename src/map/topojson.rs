//! Reading TopoJSON (the format that stores each shared border once, as an *arc*).
//!
//! Only what a boundary file of districts needs: `Polygon` and `MultiPolygon` geometries of
//! any object, arcs delta-encoded with a `transform` (quantised) or absolute without one.
//! Errors name the JSON path of what is wrong.

use serde_json::Value;

use crate::error::{Error, ErrorKind, Location, Result};
use crate::model::Polygon;

/// An arc reference of a ring: arc `index`, walked backwards when `reversed` (TopoJSON
/// writes that as `~index`, i.e. `-index - 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArcRef {
    /// Index into [`Topology::arcs`].
    pub index: usize,
    /// Walk the arc from its last point to its first.
    pub reversed: bool,
}

/// A selected geometry: polygons, each a list of rings (outer first), each a list of arcs.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// The code the geometry was selected by.
    pub code: String,
    /// Its polygons.
    pub polygons: Vec<Vec<Vec<ArcRef>>>,
}

/// The decoded topology: every arc as absolute lon/lat positions, and the selected
/// geometries.
#[derive(Debug, Clone, PartialEq)]
pub struct Topology {
    /// Every arc of the file, absolute lon/lat.
    pub arcs: Vec<Vec<(f64, f64)>>,
    /// The geometries asked for, in the order of the codes.
    pub geometries: Vec<Geometry>,
}

impl Topology {
    /// The polygons of the `g`-th selected geometry, its rings stitched from the arcs exactly
    /// as stored (arcs joined end to start, the shared position written once), in the file's
    /// orientation. Fails when an arc does not start where the previous one ended or a ring
    /// does not close.
    pub fn polygons(&self, g: usize) -> Result<Vec<Polygon>> {
        let geom = self
            .geometries
            .get(g)
            .ok_or_else(|| invalid(format!("there is no geometry {g}"), "objects"))?;
        let mut out = Vec::with_capacity(geom.polygons.len());
        for (p, poly) in geom.polygons.iter().enumerate() {
            let mut rings = Vec::with_capacity(poly.len());
            for (r, refs) in poly.iter().enumerate() {
                let at = || Location::path(format!("polygon {p}, ring {r}")).with_area(&geom.code);
                let mut ring: Vec<(f64, f64)> = Vec::new();
                for a in refs {
                    let mut pts = self.arcs[a.index].clone();
                    if a.reversed {
                        pts.reverse();
                    }
                    match ring.last() {
                        None => ring.extend(pts),
                        Some(last) if pts.first() == Some(last) => {
                            ring.extend(pts.into_iter().skip(1))
                        }
                        Some(_) => {
                            return Err(Error::invalid(
                                format!(
                                    "arc {} does not start where the previous arc ends",
                                    a.index
                                ),
                                at(),
                            ))
                        }
                    }
                }
                if ring.len() < 4 || ring.first() != ring.last() {
                    return Err(Error::invalid("the ring's arcs do not close", at()));
                }
                rings.push(ring);
            }
            out.push(rings);
        }
        Ok(out)
    }
}

fn invalid(message: impl Into<String>, path: impl Into<String>) -> Error {
    Error::invalid(message, Location::path(path))
}

/// True when a geometry is identified by `code`: its `id`, or any string property equal to
/// it (boundary files name the code property by vintage: `LAD13CD`, `LAD21CD`, `code`, …).
fn has_code(g: &Value, code: &str) -> bool {
    if g.get("id").and_then(Value::as_str) == Some(code) {
        return true;
    }
    g.get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.values().any(|v| v.as_str() == Some(code)))
}

/// Every string a geometry could be selected by (its `id` and its string properties), for
/// matching a file's area codes against a boundary file.
pub fn codes(text: &str) -> Result<Vec<String>> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorKind::Json,
            format!("the boundary file is not valid JSON: {e}"),
            Location::default(),
        )
    })?;
    let mut out = Vec::new();
    let objects = root.get("objects").and_then(Value::as_object);
    for obj in objects.into_iter().flat_map(|o| o.values()) {
        for g in obj
            .get("geometries")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(id) = g.get("id").and_then(Value::as_str) {
                out.push(id.to_string());
            }
            let props = g.get("properties").and_then(Value::as_object);
            for v in props.into_iter().flat_map(|p| p.values()) {
                if let Some(s) = v.as_str() {
                    out.push(s.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// Parses `text` and selects, for each code, the first geometry (of any object) that carries
/// it. Fails on malformed JSON, on a code no geometry carries, on a geometry that is not a
/// polygon, and on an arc index out of range.
pub fn decode(text: &str, codes: &[&str]) -> Result<Topology> {
    let root: Value = serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorKind::Json,
            format!("the boundary file is not valid JSON: {e}"),
            Location::default(),
        )
    })?;
    if root.get("type").and_then(Value::as_str) != Some("Topology") {
        return Err(invalid(
            "the boundary file is not TopoJSON: \"type\" must be \"Topology\"",
            "type",
        ));
    }
    let arcs = decode_arcs(&root)?;
    let objects = root
        .get("objects")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("the TopoJSON has no \"objects\"", "objects"))?;
    let mut geometries = Vec::with_capacity(codes.len());
    for &code in codes {
        let mut found = None;
        'search: for (name, obj) in objects {
            let list = obj.get("geometries").and_then(Value::as_array);
            for (i, g) in list.into_iter().flatten().enumerate() {
                if has_code(g, code) {
                    found = Some((g, format!("objects.{name}.geometries[{i}]")));
                    break 'search;
                }
            }
        }
        let (g, path) = found.ok_or_else(|| {
            Error::new(
                ErrorKind::NotFound,
                format!("no geometry of the boundary file has the code {code}"),
                Location::default().with_area(code),
            )
        })?;
        let polygons = geometry(g, &path, arcs.len())
            .map_err(|e| e.within(Location::default().with_area(code)))?;
        geometries.push(Geometry {
            code: code.to_string(),
            polygons,
        });
    }
    Ok(Topology { arcs, geometries })
}

fn number_pair(v: &Value, path: &str) -> Result<(f64, f64)> {
    v.as_array()
        .filter(|a| a.len() >= 2)
        .and_then(|a| Some((a[0].as_f64()?, a[1].as_f64()?)))
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .ok_or_else(|| invalid("expected a pair of numbers", path))
}

fn decode_arcs(root: &Value) -> Result<Vec<Vec<(f64, f64)>>> {
    let transform = match root.get("transform") {
        None => None,
        Some(t) => Some((
            number_pair(t.get("scale").unwrap_or(&Value::Null), "transform.scale")?,
            number_pair(
                t.get("translate").unwrap_or(&Value::Null),
                "transform.translate",
            )?,
        )),
    };
    let list = root
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("the TopoJSON has no \"arcs\" list", "arcs"))?;
    let mut arcs = Vec::with_capacity(list.len());
    for (i, arc) in list.iter().enumerate() {
        let positions = arc.as_array().filter(|a| a.len() >= 2).ok_or_else(|| {
            invalid(
                "an arc must be a list of at least 2 positions",
                format!("arcs[{i}]"),
            )
        })?;
        let mut out = Vec::with_capacity(positions.len());
        let (mut x, mut y) = (0.0, 0.0);
        for (k, p) in positions.iter().enumerate() {
            let (a, b) = number_pair(p, &format!("arcs[{i}][{k}]"))?;
            out.push(match transform {
                // Quantised: positions are deltas from the previous one.
                Some(((sx, sy), (tx, ty))) => {
                    x += a;
                    y += b;
                    (x * sx + tx, y * sy + ty)
                }
                None => (a, b),
            });
        }
        arcs.push(out);
    }
    Ok(arcs)
}

fn geometry(g: &Value, path: &str, n_arcs: usize) -> Result<Vec<Vec<Vec<ArcRef>>>> {
    let arcs = g.get("arcs").unwrap_or(&Value::Null);
    match g.get("type").and_then(Value::as_str) {
        Some("Polygon") => Ok(vec![polygon(arcs, &format!("{path}.arcs"), n_arcs)?]),
        Some("MultiPolygon") => {
            let list = arcs.as_array().ok_or_else(|| {
                invalid(
                    "MultiPolygon arcs must be a list of polygons",
                    format!("{path}.arcs"),
                )
            })?;
            list.iter()
                .enumerate()
                .map(|(k, p)| polygon(p, &format!("{path}.arcs[{k}]"), n_arcs))
                .collect()
        }
        other => Err(invalid(
            format!(
                "the geometry is {}, expected Polygon or MultiPolygon",
                other.unwrap_or("untyped")
            ),
            format!("{path}.type"),
        )),
    }
}

fn polygon(v: &Value, path: &str, n_arcs: usize) -> Result<Vec<Vec<ArcRef>>> {
    let rings = v
        .as_array()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| invalid("a polygon must be a non-empty list of rings", path))?;
    let mut out = Vec::with_capacity(rings.len());
    for (r, ring) in rings.iter().enumerate() {
        let rpath = format!("{path}[{r}]");
        let refs = ring.as_array().filter(|a| !a.is_empty()).ok_or_else(|| {
            invalid(
                "a ring must be a non-empty list of arc indices",
                rpath.clone(),
            )
        })?;
        let mut ring_out = Vec::with_capacity(refs.len());
        for (k, a) in refs.iter().enumerate() {
            let at = format!("{rpath}[{k}]");
            let i = a
                .as_i64()
                .ok_or_else(|| invalid("an arc index must be an integer", at.clone()))?;
            let (index, reversed) = if i >= 0 { (i, false) } else { (!i, true) };
            let index = usize::try_from(index)
                .ok()
                .filter(|&x| x < n_arcs)
                .ok_or_else(|| {
                    invalid(
                        format!("arc index {i} is out of range (the file has {n_arcs} arcs)"),
                        at,
                    )
                })?;
            ring_out.push(ArcRef { index, reversed });
        }
        out.push(ring_out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"{"type":"Topology","transform":{"scale":[0.5,2],"translate":[10,20]},
        "objects":{"x":{"type":"GeometryCollection","geometries":[
          {"type":"Polygon","arcs":[[0,~1]],"properties":{"CD":"A"}},
          {"type":"Polygon","arcs":[[1,2]],"id":"B"}]}},
        "arcs":[[[0,0],[2,0],[0,1]],[[0,0],[2,1]],[[2,1],[-2,-1]]]}"#;

    #[test]
    fn decodes_deltas_and_reversed_arcs() {
        // `~1` is not JSON; TopoJSON writes the number -2.
        let text = SMALL.replace("~1", "-2");
        let t = decode(&text, &["B", "A"]).unwrap();
        assert_eq!(t.arcs[0], vec![(10.0, 20.0), (11.0, 20.0), (11.0, 22.0)]);
        assert_eq!(t.geometries[0].code, "B");
        assert_eq!(
            t.geometries[1].polygons[0][0][1],
            ArcRef {
                index: 1,
                reversed: true
            }
        );
    }

    #[test]
    fn errors_name_the_place() {
        let text = SMALL.replace("~1", "-2");
        let e = decode(&text, &["Z"]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(e.to_string().contains("Z"));
        let e = decode(&text.replace("[[1,2]]", "[[1,7]]"), &["B"]).unwrap_err();
        assert!(
            e.to_string().contains("objects.x.geometries[1].arcs[0][1]"),
            "{e}"
        );
        let e = decode("{", &["B"]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Json);
    }
}
