//! `pcc-spc build --boundaries`: CSP outlines from a TopoJSON file, simplified into
//! `areas[].boundary`, with warnings for areas and geometries that do not match and errors
//! naming the file and place. Small synthetic fixtures; the real LLR boundaries are checked in
//! `tests/build_llr.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use pcc_spc::build::{build, to_json, BuildOptions, BuildOutput};
use pcc_spc::{ErrorKind, Result};
use serde_json::json;

const CONFIG: &str = r#"
[metadata]
title = "Test"
publisher = "Test PCC"
source = "synthetic"
licence = "OGL v3.0"
published = "2023-01-01"

[[areas]]
code = "F1"
name = "Test Police"
kind = "force"

[[areas]]
code = "E1"
name = "West"
kind = "csp"

[[areas]]
code = "E2"
name = "East"
kind = "csp"

[[areas]]
code = "E3"
name = "North"
kind = "csp"

[[measures]]
id = "1.1"
name = "999 calls"
section = "Calls"
unit = "count"
direction = "neutral"
"#;

/// Two unit squares sharing the border x = 0, which has a 1 m wiggle at its middle; E1 is
/// found by a property, E2 by its `id`. Also a geometry of the force (not used) and one of
/// an area that is not in the file (E9).
fn topology() -> serde_json::Value {
    json!({
        "type": "Topology",
        "objects": {"districts": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "properties": {"CODE": "E1", "NAME": "West"}},
            {"type": "Polygon", "arcs": [[2, -1]], "id": "E2"},
            {"type": "Polygon", "arcs": [[3]], "properties": {"CODE": "E9", "NAME": "Elsewhere"}},
            {"type": "Polygon", "arcs": [[4]], "id": "F1"}
        ]}},
        "arcs": [
            [[0.0, 52.0], [0.00001, 52.5], [0.0, 53.0]],
            [[0.0, 53.0], [-1.0, 53.0], [-1.0, 52.0], [0.0, 52.0]],
            [[0.0, 52.0], [1.0, 52.0], [1.0, 53.0], [0.0, 53.0]],
            [[5.0, 52.0], [6.0, 52.0], [6.0, 53.0], [5.0, 53.0], [5.0, 52.0]],
            [[-1.0, 52.0], [1.0, 52.0], [1.0, 53.0], [-1.0, 53.0], [-1.0, 52.0]]
        ]
    })
}

/// A fresh folder with the measures file, a KPI CSV and `boundaries.topo.json`.
fn fixture(name: &str, topo: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("build_boundaries_{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("measures.toml"), CONFIG).unwrap();
    let mut kpi = String::from("measure_id,area,month,value\n");
    for area in ["F1", "E1", "E2", "E3"] {
        for month in ["2022-01", "2022-02"] {
            kpi.push_str(&format!("1.1,{area},{month},10\n"));
        }
    }
    std::fs::write(d.join("kpi.csv"), kpi).unwrap();
    std::fs::write(d.join("boundaries.topo.json"), topo).unwrap();
    d
}

fn run(d: &Path, tolerance: Option<f64>) -> Result<BuildOutput> {
    build(&BuildOptions {
        config: d.join("measures.toml"),
        kpi: vec![d.join("kpi.csv")],
        boundaries: Some(d.join("boundaries.topo.json")),
        simplify_tolerance: tolerance,
        ..BuildOptions::default()
    })
}

/// An area's boundary as the built file writes it (GeoJSON).
fn boundary(out: &BuildOutput, code: &str) -> Option<serde_json::Value> {
    out.file
        .areas
        .iter()
        .find(|a| a.code == code)
        .unwrap()
        .boundary
        .as_ref()
        .map(|g| serde_json::to_value(g).unwrap())
}

#[test]
fn csps_get_simplified_outlines_with_shared_borders_and_warnings_for_what_does_not_match() {
    let d = fixture("ok", &topology().to_string());
    let out = run(&d, None).unwrap();
    let file = d.join("boundaries.topo.json").display().to_string();

    // The 1 m wiggle is under the default 80 m tolerance: gone from both sides of the border.
    let west = boundary(&out, "E1").expect("E1 has a boundary");
    assert_eq!(
        west,
        json!({"type": "Polygon", "coordinates": [[[0.0, 52.0], [0.0, 53.0], [-1.0, 53.0], [-1.0, 52.0], [0.0, 52.0]]]})
    );
    let east = boundary(&out, "E2").expect("E2 has a boundary");
    assert_eq!(
        east,
        json!({"type": "Polygon", "coordinates": [[[0.0, 52.0], [1.0, 52.0], [1.0, 53.0], [0.0, 53.0], [0.0, 52.0]]]})
    );
    // The force gets none, even though the file has a geometry for it; E3 has none in the file.
    assert!(boundary(&out, "F1").is_none());
    assert!(boundary(&out, "E3").is_none());

    let w = &out.warnings;
    let has = |parts: &[&str]| w.iter().any(|m| parts.iter().all(|p| m.contains(p)));
    assert!(has(&[&file, "North (E3)", "no boundary"]), "{w:?}");
    assert!(
        has(&[&file, "objects.districts.geometries[2]", "E9", "not used"]),
        "{w:?}"
    );
    assert!(has(&[&file, "force area", "F1", "not used"]), "{w:?}");
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        out.summary
            .iter()
            .any(|s| s.contains("2 area boundaries") && s.contains("tolerance 80 m")),
        "{:?}",
        out.summary
    );
    assert!(out
        .file
        .metadata
        .notes
        .iter()
        .any(|n| n.contains("boundaries are simplified")));

    // The reader accepts the file and gets the polygons; the same input gives the same bytes.
    let text = to_json(&out.file);
    let (ds, _) = pcc_spc::model::parse(&text).unwrap();
    assert_eq!(ds.area("E1").unwrap().boundary.as_ref().unwrap().len(), 1);
    assert!(ds.area("F1").unwrap().boundary.is_none());
    assert_eq!(to_json(&run(&d, None).unwrap().file), text);
}

#[test]
fn a_second_geometry_with_an_area_code_is_named_in_a_warning() {
    let mut t = topology();
    t["objects"]["more"] = json!({"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[3]], "properties": {"LAD13CD": "E1"}}
    ]});
    let d = fixture("duplicate", &t.to_string());
    let out = run(&d, None).unwrap();
    assert!(
        out.warnings.iter().any(|w| w.contains("2 geometries")
            && w.contains("West (E1)")
            && w.contains(
                "objects.districts.geometries[0] is used, not objects.more.geometries[0]"
            )),
        "{:?}",
        out.warnings
    );
    // The first one (the unit square west of x = 0) is used.
    assert_eq!(
        boundary(&out, "E1").unwrap()["coordinates"][0][2],
        json!([-1.0, 53.0])
    );
}

#[test]
fn the_tolerance_is_in_metres_and_zero_keeps_every_position() {
    let d = fixture("tolerance", &topology().to_string());
    let out = run(&d, Some(0.0)).unwrap();
    let ring = |code: &str| boundary(&out, code).unwrap()["coordinates"][0].clone();
    // The wiggle (about 0.7 m east) stays, on both sides of the shared border.
    assert!(ring("E1")
        .as_array()
        .unwrap()
        .contains(&json!([0.00001, 52.5])));
    assert!(ring("E2")
        .as_array()
        .unwrap()
        .contains(&json!([0.00001, 52.5])));
    // Half a metre keeps it too; a metre removes it.
    let out = run(&d, Some(0.5)).unwrap();
    assert_eq!(
        boundary(&out, "E1").unwrap()["coordinates"][0]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    let out = run(&d, Some(1.0)).unwrap();
    assert_eq!(
        boundary(&out, "E1").unwrap()["coordinates"][0]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn bad_boundary_files_are_errors_naming_the_file_and_place() {
    let expect = |name: &str, topo: &str, kind: ErrorKind, parts: &[&str]| {
        let d = fixture(name, topo);
        let e = run(&d, None).unwrap_err();
        let msg = e.to_string();
        assert_eq!(e.kind(), kind, "{msg}");
        assert!(msg.contains("boundaries.topo.json"), "{msg}");
        for p in parts {
            assert!(msg.contains(p), "{p}: {msg}");
        }
    };
    expect("json", "{\"type\": ", ErrorKind::Json, &["not valid JSON"]);
    let geojson = json!({"type": "FeatureCollection", "features": []}).to_string();
    expect(
        "geojson",
        &geojson,
        ErrorKind::Invalid,
        &["not TopoJSON", "at type"],
    );
    let mut t = topology();
    t["objects"]["districts"]["geometries"][1]["arcs"] = json!([[2, -9]]);
    expect(
        "arc_index",
        &t.to_string(),
        ErrorKind::Invalid,
        &[
            "objects.districts.geometries[1].arcs[0][1]",
            "out of range",
            "E2",
        ],
    );
    let mut t = topology();
    t["objects"]["districts"]["geometries"][0]["type"] = json!("Point");
    expect(
        "point",
        &t.to_string(),
        ErrorKind::Invalid,
        &["Point", "E1"],
    );
    let mut t = topology();
    t["objects"]["extra"] = json!({"type": "Polygon", "arcs": [[3]]});
    expect(
        "object",
        &t.to_string(),
        ErrorKind::Invalid,
        &["objects.extra", "GeometryCollection"],
    );

    // An unreadable file.
    let d = fixture("missing", "{}");
    std::fs::remove_file(d.join("boundaries.topo.json")).unwrap();
    let e = run(&d, None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    assert!(e.to_string().contains("boundaries.topo.json"), "{e}");

    // A tolerance without a boundary file.
    let e = build(&BuildOptions {
        config: d.join("measures.toml"),
        kpi: vec![d.join("kpi.csv")],
        simplify_tolerance: Some(10.0),
        ..BuildOptions::default()
    })
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage);
    assert!(e.to_string().contains("--boundaries"), "{e}");
}

#[test]
fn command_line_reads_boundaries_and_checks_the_tolerance() {
    let d = fixture("cli", &topology().to_string());
    let cmd = |extra: &[&str]| {
        let d = d.display().to_string();
        let mut args: Vec<String> = [
            "build",
            "--config",
            &format!("{d}/measures.toml"),
            "--kpi",
            &format!("{d}/kpi.csv"),
            "--out",
            &format!("{d}/out.json"),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
            .args(args)
            .output()
            .unwrap()
    };
    let topo = d.join("boundaries.topo.json").display().to_string();
    let o = cmd(&["--boundaries", &topo, "--simplify-tolerance", "0"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("North (E3)"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(d.join("out.json")).unwrap();
    assert!(
        written.contains("[0.00001,52.5]"),
        "tolerance 0 keeps the wiggle"
    );

    for bad in ["-1", "metres", "NaN"] {
        let o = cmd(&["--boundaries", &topo, "--simplify-tolerance", bad]);
        assert!(!o.status.success());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("--simplify-tolerance"), "{stderr}");
    }
    let help = Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
        .args(["build", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--boundaries") && help.contains("--simplify-tolerance"));
}
