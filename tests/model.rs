//! The published performance JSON: parsing, validation errors with their places, warnings,
//! look-ups and the round trip. Fixtures are in `tests/fixtures/`; malformed cases are made
//! by changing one thing in the worked example (`example.json`, also shown in
//! `docs/format.md`), so each test shows exactly which rule it breaks.

use pcc_spc::model::validate::{
    MAX_ANNOTATIONS, MAX_ANNOTATION_CHARS, MAX_AREAS, MAX_BOUNDARY_POINTS, MAX_FILE_BYTES,
    MAX_MEASURES, MAX_MONTHS, MAX_REASON_CHARS, MAX_REBASES, MAX_SERIES,
};
use pcc_spc::model::{self, AreaKind, DataWarning, Dataset, Section, Unit};
use pcc_spc::spc::{ChartType, Direction};
use pcc_spc::{Error, ErrorKind, Month};
use serde_json::{json, Value};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse_ok(text: &str) -> (Dataset, Vec<DataWarning>) {
    match model::parse(text) {
        Ok(r) => r,
        Err(e) => panic!("expected a valid file, got: {e}"),
    }
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn codes(w: &[DataWarning]) -> Vec<&str> {
    w.iter().map(|w| w.code.as_str()).collect()
}

fn example() -> Value {
    serde_json::from_str(&fixture("example.json")).unwrap()
}

/// The error from the example changed by `f`.
fn broken(f: impl FnOnce(&mut Value)) -> Error {
    let mut v = example();
    f(&mut v);
    match model::parse(&v.to_string()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

/// What an error must say: its kind, the places, and words of its message.
struct Expect<'a> {
    kind: ErrorKind,
    path: Option<&'a str>,
    measure: Option<&'a str>,
    area: Option<&'a str>,
    month: Option<&'a str>,
    says: &'a [&'a str],
}

const INVALID: Expect<'static> = Expect {
    kind: ErrorKind::Invalid,
    path: None,
    measure: None,
    area: None,
    month: None,
    says: &[],
};

fn check(e: &Error, x: Expect<'_>) {
    let shown = e.to_string();
    assert_eq!(e.kind(), x.kind, "{shown}");
    let loc = e.location();
    assert_eq!(loc.json_path.as_deref(), x.path, "{shown}");
    assert_eq!(loc.measure.as_deref(), x.measure, "{shown}");
    assert_eq!(loc.area.as_deref(), x.area, "{shown}");
    assert_eq!(loc.month, x.month.map(month), "{shown}");
    for word in x.says {
        assert!(e.message().contains(word), "{shown} should say {word:?}");
    }
    // The places reach the person reading the message.
    for place in [x.path, x.measure, x.area, x.month].into_iter().flatten() {
        assert!(shown.contains(place), "{shown} should name {place}");
    }
}

// ---------------------------------------------------------------------------------------
// Valid files

#[test]
fn the_worked_example_parses_into_domain_types() {
    let (ds, warnings) = parse_ok(&fixture("example.json"));
    assert_eq!(ds.first, month("2023-01"));
    assert_eq!(ds.last, month("2023-12"));
    assert_eq!(ds.months().len(), 12);
    assert_eq!(ds.month_count(), 12);
    assert_eq!(ds.areas.len(), 3);
    assert_eq!(ds.areas[0].kind, AreaKind::Force);
    assert_eq!(ds.metadata.notes.len(), 1);

    let calls = ds.measure("1.1").unwrap();
    assert_eq!(calls.section, Section::Calls);
    assert_eq!(calls.unit, Unit::Percent);
    assert_eq!(calls.direction, Direction::Increase);
    assert_eq!(calls.chart, ChartType::P);
    assert_eq!(calls.target, Some(90.0));
    let s = calls.series_for("E23000021").unwrap();
    assert_eq!(s.numerators.as_ref().unwrap()[0], Some(9012.0));
    assert_eq!(s.denominators.as_ref().unwrap()[0], Some(10012.0));

    let crime = ds.measure("3.1").unwrap();
    assert_eq!(crime.chart, ChartType::Xmr, "chart defaults to xmr");
    assert_eq!(crime.series.len(), 3);
    let rutland = crime.series_for("E06000017").unwrap();
    assert_eq!(rutland.values[0], Some(150.0));
    assert_eq!(rutland.values[11], None, "null stays not-published");

    // The rebase of 1.1 leaves two short groups; Rutland's December is not published.
    assert_eq!(
        codes(&warnings),
        [
            "short_rebase_group",
            "short_rebase_group",
            "trailing_months_missing"
        ]
    );
    assert_eq!(
        warnings[0].message,
        "measure 1.1: the limits from 2023-01 to 2023-03 rest on 3 months (fewer than 12), so they are trial limits, for area E23000021"
    );
    assert_eq!(
        warnings[1].message,
        "measure 1.1: the limits from 2023-04 to 2023-12 rest on 9 months (fewer than 12), so they are trial limits, for area E23000021"
    );
    assert_eq!(
        warnings[2].message,
        "measure 3.1, area E06000017: the last month (2023-12) is not published"
    );
    let crime = ds.measure("3.1").unwrap();
    assert_eq!(crime.exclusions.len(), 1);
    assert!(crime.exclusions_for("E06000016").next().is_some());
    assert!(crime.exclusions_for("E06000017").next().is_none());

    assert_eq!(ds.reconciliation.len(), 12);
    assert_eq!(ds.reconciliation[0].rows, 7012);
    assert!(ds.reconciliation[0].published);
}

#[test]
fn lookups_by_month_measure_and_area() {
    let (ds, _) = parse_ok(&fixture("example.json"));
    assert_eq!(ds.month_index(month("2023-01")), Some(0));
    assert_eq!(ds.month_index(month("2023-12")), Some(11));
    assert_eq!(ds.month_index(month("2022-12")), None);
    assert_eq!(ds.month_index(month("2024-01")), None);
    assert_eq!(ds.month_at(3), Some(month("2023-04")));
    assert_eq!(ds.month_at(12), None);
    assert_eq!(ds.months()[11], month("2023-12"));
    assert!(ds.measure("9.9").is_none());
    assert_eq!(ds.area("E06000016").unwrap().name, "Leicester");
    assert!(ds.area("E06000099").is_none());
    assert_eq!(ds.force().unwrap().code, "E23000021");
    let csps: Vec<&str> = ds.csps().map(|a| a.code.as_str()).collect();
    assert_eq!(csps, ["E06000016", "E06000017"]);
    let crime = ds.measure("3.1").unwrap();
    assert!(ds
        .measure("3.1r")
        .unwrap()
        .series_for("E06000017")
        .is_none());
    // The CCTV annotation is Leicester's only; the campaign is everyone's.
    let leic: Vec<&str> = crime
        .annotations_for("E06000016")
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(leic, ["Summer of Safety campaign", "New city centre CCTV"]);
    let rut: Vec<&str> = crime
        .annotations_for("E06000017")
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(rut, ["Summer of Safety campaign"]);
}

#[test]
fn population_for_a_year_uses_the_latest_estimate_at_or_before_it() {
    let (ds, _) = parse_ok(&fixture("example.json"));
    let leic = ds.area("E06000016").unwrap();
    assert_eq!(leic.population_for(2022), Some((2022, 374000.0)));
    assert_eq!(leic.population_for(2023), Some((2023, 378000.0)));
    assert_eq!(leic.population_for(2025), Some((2023, 378000.0)));
    // Before every estimate: the earliest.
    assert_eq!(leic.population_for(2019), Some((2022, 374000.0)));
    let (gaps, _) = parse_ok(&fixture("gaps.json"));
    assert_eq!(gaps.area("E06000016").unwrap().population_for(2023), None);
}

#[test]
fn the_force_comes_first_and_population_is_sorted() {
    let mut v = example();
    let areas = v["areas"].as_array_mut().unwrap();
    areas.rotate_left(1); // force last in the file
    areas[0]["population"] = json!([
        {"mid_year": 2023, "value": 378000},
        {"mid_year": 2021, "value": 368000}
    ]);
    let (ds, _) = parse_ok(&v.to_string());
    let order: Vec<&str> = ds.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(order, ["E23000021", "E06000016", "E06000017"]);
    let years: Vec<i32> = ds.areas[1].population.iter().map(|p| p.mid_year).collect();
    assert_eq!(years, [2021, 2023]);
}

#[test]
fn boundaries_become_polygons() {
    let (ds, _) = parse_ok(&fixture("example.json"));
    let leic = ds.area("E06000016").unwrap().boundary.as_ref().unwrap();
    assert_eq!(leic.len(), 1);
    assert_eq!(leic[0].len(), 1);
    assert_eq!(leic[0][0][0], (-1.2, 52.6));
    assert_eq!(leic[0][0].first(), leic[0][0].last());
    let rut = ds.area("E06000017").unwrap().boundary.as_ref().unwrap();
    assert_eq!(rut.len(), 2, "two polygons");
    assert_eq!(rut[0].len(), 2, "outer ring and a hole");
    assert_eq!(rut[1].len(), 1);
    assert_eq!(rut[1][0].len(), 4, "a triangle, closed");
    assert_eq!(rut[0][1][1], (-0.6, 52.6));
    assert!(ds.force().unwrap().boundary.is_none());
}

#[test]
fn gaps_stay_missing_and_are_warned_about() {
    let (ds, w) = parse_ok(&fixture("gaps.json"));
    let asb = ds.measure("2.1").unwrap();
    let leic = asb.series_for("E06000016").unwrap();
    assert_eq!(leic.values[5], None);
    assert_eq!(leic.values[6], None);
    assert!(leic.values[4].is_some() && leic.values[7].is_some());
    assert!(asb
        .series_for("E07000129")
        .unwrap()
        .values
        .iter()
        .all(Option::is_none));
    assert_eq!(
        codes(&w),
        [
            "population_missing",
            "population_missing",
            "population_year_missing",
            "series_all_missing",
            "trailing_months_missing",
            "measure_without_series",
        ]
    );
    assert_eq!(
        w[2].message,
        "area E23000021 (Leicestershire, Leicester and Rutland) has no population estimate for 2022 (mid-2021 used), 2023 (mid-2021 used)"
    );
    assert!(w[0].message.contains("E06000016"));
    assert!(w[1].message.contains("E07000129"));
    assert!(w[3].message.contains("measure 2.1, area E07000129"));
    assert_eq!(
        w[4].message,
        "measure 2.1, areas E23000021, E06000016: the last 2 months (2023-11 to 2023-12) are not published"
    );
    assert!(w[5].message.contains("measure 2.2"));
}

#[test]
fn trailing_gap_shared_by_every_area_is_one_warning() {
    let mut v = example();
    for s in v["measures"][1]["series"].as_array_mut().unwrap() {
        s["values"][11] = Value::Null;
    }
    let (_, w) = parse_ok(&v.to_string());
    let w: Vec<&DataWarning> = w
        .iter()
        .filter(|w| w.code == "trailing_months_missing")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].message,
        "measure 3.1, every area: the last month (2023-12) is not published"
    );
}

#[test]
fn rebases_are_sorted_and_short_groups_warned() {
    let (ds, w) = parse_ok(&fixture("rebased.json"));
    let crime = ds.measure("3.1").unwrap();
    let months: Vec<Month> = crime.rebases.iter().map(|r| r.month).collect();
    assert_eq!(months, [month("2020-04"), month("2020-06")]);
    assert!(crime.rebases[0].reason.contains("COVID-19"));
    let force: Vec<Month> = crime.rebases_for("E23000021").map(|r| r.month).collect();
    assert_eq!(force, [month("2020-04")]);
    let leic: Vec<Month> = crime.rebases_for("E06000016").map(|r| r.month).collect();
    assert_eq!(leic, [month("2020-04"), month("2020-06")]);
    assert_eq!(codes(&w), ["rebase_at_first_month", "short_rebase_group"]);
    assert!(w[0].message.contains("measure 1.1") && w[0].message.contains("2019-01"));
    assert_eq!(
        w[1].message,
        "measure 3.1: the limits from 2020-04 to 2020-05 rest on 2 months (fewer than 12), so they are trial limits, for area E06000016"
    );
}

#[test]
fn exclusions_apply_to_their_areas() {
    let (ds, w) = parse_ok(&fixture("excluded.json"));
    let crime = ds.measure("3.1").unwrap();
    assert_eq!(crime.exclusions[0].month, month("2020-03"));
    let harb: Vec<Month> = crime.exclusions_for("E07000131").map(|e| e.month).collect();
    assert_eq!(harb, [month("2020-03"), month("2020-05")]);
    let force: Vec<Month> = crime.exclusions_for("E23000021").map(|e| e.month).collect();
    assert_eq!(force, [month("2020-05")]);
    assert_eq!(codes(&w), ["excluded_month_not_published"]);
    assert_eq!(
        w[0].message,
        "measure 3.1, area E07000135: 2020-05 is excluded but has no published value"
    );
}

#[test]
fn round_trip_is_identity() {
    for f in [
        "example.json",
        "gaps.json",
        "rebased.json",
        "excluded.json",
        "../../www/data/llr.json",
    ] {
        let (ds, w) = parse_ok(&fixture(f));
        let text = serde_json::to_string_pretty(&ds.to_dto()).unwrap();
        let (again, w2) = parse_ok(&text);
        assert_eq!(again, ds, "{f}");
        assert_eq!(w2, w, "{f}");
        // And the written form is stable.
        assert_eq!(
            serde_json::to_string_pretty(&again.to_dto()).unwrap(),
            text,
            "{f}"
        );
    }
}

#[test]
fn round_trip_keeps_awkward_numbers_exactly() {
    let mut v = example();
    v["measures"][1]["series"][1]["values"][0] = json!(3010);
    v["measures"][2]["series"][0]["values"][0] = json!(7.962962962962963);
    v["areas"][1]["population"][0]["value"] = json!(374000.0000000001);
    let (ds, _) = parse_ok(&v.to_string());
    let (again, _) = parse_ok(&serde_json::to_string(&ds.to_dto()).unwrap());
    assert_eq!(again, ds);
    assert_eq!(
        again.measures[2].series[0].values[0],
        Some(7.962962962962963)
    );
}

// ---------------------------------------------------------------------------------------
// JSON and schema version

#[test]
fn json_syntax_error_gives_line_and_column() {
    let e = model::parse(&fixture("malformed_syntax.json")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Json);
    assert_eq!(e.location().line, Some(3));
    assert!(e.message().contains("not valid JSON"), "{e}");
    assert!(e.message().contains("line 3 column"), "{e}");
}

#[test]
fn bytes_are_read_as_the_same_file_as_its_text_with_a_byte_order_mark_skipped() {
    let text = fixture("example.json");
    let (from_text, warnings) = parse_ok(&text);
    let (from_bytes, same_warnings) = model::parse_bytes(text.as_bytes()).unwrap();
    assert_eq!(from_bytes, from_text);
    assert_eq!(same_warnings, warnings);
    // A UTF-8 byte order mark (as some editors save) is skipped, as browsers skip it.
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert_eq!(model::parse_bytes(&with_bom).unwrap().0, from_text);
}

#[test]
fn a_byte_that_is_not_utf8_is_refused_with_its_line_and_column() {
    let text = fixture("example.json");
    // Latin-1 "é" (0xE9) in the second measure's name, as a file saved in Windows-1252 has it.
    let at = text
        .find("All crime excluding")
        .expect("a measure name in the example");
    let mut bytes = text.as_bytes().to_vec();
    bytes[at + 1] = 0xE9;
    let line = 1 + text[..at].matches('\n').count() as u64;
    let column = at + 1 - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    let e = model::parse_bytes(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Json);
    assert_eq!(e.location().line, Some(line));
    assert!(e.message().contains("not UTF-8"), "{e}");
    assert!(e.message().contains("byte 0xE9"), "{e}");
    assert!(
        e.message()
            .contains(&format!("line {line} column {column}")),
        "{e}"
    );
}

#[test]
fn a_value_of_the_wrong_type_names_its_path() {
    let e = broken(|v| v["measures"][1]["series"][0]["values"][4] = json!("7390"));
    assert_eq!(e.kind(), ErrorKind::Json);
    assert_eq!(
        e.location().json_path.as_deref(),
        Some("measures[1].series[0].values[4]")
    );
    assert!(
        e.message()
            .starts_with("values[4] must be a number, not the string \"7390\" (line "),
        "{e}"
    );
    assert!(e.location().line.is_some());
}

#[test]
fn an_unknown_field_names_its_path() {
    let e = broken(|v| v["measures"][0]["colour"] = json!("red"));
    assert_eq!(e.kind(), ErrorKind::Json);
    assert_eq!(
        e.location().json_path.as_deref(),
        Some("measures[0].colour")
    );
    assert!(
        e.message()
            .starts_with("\"colour\" is not a known field (expected one of"),
        "{e}"
    );
}

#[test]
fn a_missing_field_is_named() {
    let e = broken(|v| {
        v["measures"][1].as_object_mut().unwrap().remove("unit");
    });
    assert_eq!(e.kind(), ErrorKind::Json);
    assert_eq!(e.location().json_path.as_deref(), Some("measures[1]"));
    assert!(
        e.message()
            .starts_with("the required field \"unit\" is missing (line "),
        "{e}"
    );
}

#[test]
fn text_after_the_json_is_refused() {
    let e = model::parse(&(fixture("example.json") + "{}")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Json);
    assert!(e.message().contains("trailing characters"), "{e}");
}

#[test]
fn schema_version_missing() {
    let e = broken(|v| {
        v.as_object_mut().unwrap().remove("schema_version");
    });
    check(
        &e,
        Expect {
            kind: ErrorKind::SchemaVersion,
            path: Some("schema_version"),
            says: &["missing", "reads schema_version 1"],
            ..INVALID
        },
    );
}

#[test]
fn schema_version_unknown_wins_over_unknown_fields() {
    let e = model::parse(&fixture("schema_v2.json")).unwrap_err();
    check(
        &e,
        Expect {
            kind: ErrorKind::SchemaVersion,
            path: Some("schema_version"),
            says: &["schema_version 2 is not supported", "schema_version 1 only"],
            ..INVALID
        },
    );
    let e = broken(|v| v["schema_version"] = json!("1"));
    assert_eq!(e.kind(), ErrorKind::SchemaVersion, "{e}");
    assert!(e.message().contains("\"1\" is not supported"), "{e}");
    let e = broken(|v| v["schema_version"] = json!(1.5));
    assert_eq!(e.kind(), ErrorKind::SchemaVersion, "{e}");
    assert!(e.message().contains("schema_version 1.5 is not"), "{e}");
    // A float, even a whole one, is not the version 1 (and is not shown as if it were).
    let e = broken(|v| v["schema_version"] = json!(1.0));
    assert_eq!(e.kind(), ErrorKind::SchemaVersion, "{e}");
    assert!(e.message().contains("schema_version 1.0 is not"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Limits

fn too_large(e: &Error, name: &str, limit: usize, actual: usize, path: Option<&str>) {
    assert_eq!(e.kind(), ErrorKind::TooLarge, "{e}");
    assert!(e.message().contains(name), "{e}");
    assert!(e.message().contains(&format!("is {limit}")), "{e}");
    assert!(e.message().contains(&format!("has {actual} ")), "{e}");
    assert_eq!(e.location().json_path.as_deref(), path, "{e}");
}

#[test]
fn limit_file_bytes() {
    let text = fixture("example.json");
    let padded = format!("{text}{}", " ".repeat(MAX_FILE_BYTES + 1 - text.len()));
    let e = model::parse(&padded).unwrap_err();
    too_large(
        &e,
        "MAX_FILE_BYTES",
        MAX_FILE_BYTES,
        MAX_FILE_BYTES + 1,
        None,
    );
    // Exactly at the limit is fine.
    let at_limit = format!("{text}{}", " ".repeat(MAX_FILE_BYTES - text.len()));
    assert!(model::parse(&at_limit).is_ok());
}

#[test]
fn limit_months() {
    let e = broken(|v| v["period"] = json!({"first": "1970-01", "last": "2020-12"}));
    too_large(&e, "MAX_MONTHS", MAX_MONTHS, 612, Some("period"));
}

#[test]
fn limit_areas() {
    let e = broken(|v| {
        let areas: Vec<Value> = (0..=MAX_AREAS)
            .map(|i| json!({"code": format!("A{i}"), "name": "x", "kind": "csp"}))
            .collect();
        v["areas"] = Value::Array(areas);
    });
    too_large(&e, "MAX_AREAS", MAX_AREAS, MAX_AREAS + 1, Some("areas"));
}

#[test]
fn limit_measures() {
    let e = broken(|v| {
        let m = v["measures"][1].clone();
        v["measures"] = Value::Array(vec![m; MAX_MEASURES + 1]);
    });
    too_large(
        &e,
        "MAX_MEASURES",
        MAX_MEASURES,
        MAX_MEASURES + 1,
        Some("measures"),
    );
}

#[test]
fn limit_series() {
    // MAX_AREAS areas, each with a series in enough measures to pass MAX_SERIES.
    let measures = MAX_SERIES / MAX_AREAS + 1;
    let e = broken(|v| {
        let areas: Vec<Value> = (0..MAX_AREAS)
            .map(|i| json!({"code": format!("A{i}"), "name": "x", "kind": "csp"}))
            .collect();
        let series: Vec<Value> = (0..MAX_AREAS)
            .map(|i| json!({"area": format!("A{i}"), "values": vec![1; 12]}))
            .collect();
        let mut m = v["measures"][1].clone();
        m.as_object_mut().unwrap().remove("annotations");
        m["series"] = Value::Array(series);
        v["areas"] = Value::Array(areas);
        v["measures"] = Value::Array(
            (0..measures)
                .map(|k| {
                    let mut m = m.clone();
                    m["id"] = json!(format!("m{k}"));
                    m
                })
                .collect(),
        );
    });
    too_large(
        &e,
        "MAX_SERIES",
        MAX_SERIES,
        measures * MAX_AREAS,
        Some("measures"),
    );
}

#[test]
fn limit_rebases() {
    let e = broken(|v| {
        let r = json!({"month": "2023-06", "reason": "x"});
        v["measures"][1]["rebases"] = Value::Array(vec![r; MAX_REBASES + 1]);
    });
    too_large(
        &e,
        "MAX_REBASES",
        MAX_REBASES,
        MAX_REBASES + 1,
        Some("measures[1].rebases"),
    );
    assert_eq!(e.location().measure.as_deref(), Some("3.1"));
}

#[test]
fn limit_annotations() {
    let e = broken(|v| {
        let a = json!({"month": "2023-06", "text": "x"});
        v["measures"][1]["annotations"] = Value::Array(vec![a; MAX_ANNOTATIONS + 1]);
    });
    too_large(
        &e,
        "MAX_ANNOTATIONS",
        MAX_ANNOTATIONS,
        MAX_ANNOTATIONS + 1,
        Some("measures[1].annotations"),
    );
}

#[test]
fn limit_annotation_text() {
    let e = broken(|v| {
        v["measures"][1]["annotations"][1]["text"] = json!("é".repeat(MAX_ANNOTATION_CHARS + 5))
    });
    too_large(
        &e,
        "MAX_ANNOTATION_CHARS",
        MAX_ANNOTATION_CHARS,
        MAX_ANNOTATION_CHARS + 5,
        Some("measures[1].annotations[1].text"),
    );
    assert_eq!(e.location().measure.as_deref(), Some("3.1"));
    assert_eq!(e.location().month, Some(month("2023-10")));
}

#[test]
fn limit_reason_text() {
    let e = broken(|v| {
        v["measures"][1]["exclusions"] =
            json!([{"month": "2023-02", "reason": "x".repeat(MAX_REASON_CHARS + 1)}])
    });
    too_large(
        &e,
        "MAX_REASON_CHARS",
        MAX_REASON_CHARS,
        MAX_REASON_CHARS + 1,
        Some("measures[1].exclusions[0].reason"),
    );
}

#[test]
fn limit_boundary_points() {
    let e = broken(|v| {
        let n = MAX_BOUNDARY_POINTS + 1;
        let mut ring: Vec<Value> = (0..n - 1)
            .map(|i| json!([-1.0 + i as f64 * 1e-7, 52.0 + (i % 2) as f64 * 1e-3]))
            .collect();
        ring.push(json!([-1.0, 52.0]));
        v["areas"][1]["boundary"] = json!({"type": "Polygon", "coordinates": [ring]});
    });
    too_large(
        &e,
        "MAX_BOUNDARY_POINTS",
        MAX_BOUNDARY_POINTS,
        MAX_BOUNDARY_POINTS + 1,
        Some("areas[1].boundary.coordinates[0]"),
    );
    assert_eq!(e.location().area.as_deref(), Some("E06000016"));
}

// ---------------------------------------------------------------------------------------
// Metadata and period

#[test]
fn metadata_checks() {
    let e = broken(|v| v["metadata"]["title"] = json!("  "));
    check(
        &e,
        Expect {
            path: Some("metadata.title"),
            says: &["the title is empty"],
            ..INVALID
        },
    );
    let e = broken(|v| v["metadata"]["published"] = json!("2024-02-30"));
    check(
        &e,
        Expect {
            path: Some("metadata.published"),
            says: &["February 2024 has 29 days"],
            ..INVALID
        },
    );
    let e = broken(|v| v["metadata"]["published"] = json!("2024-02"));
    check(
        &e,
        Expect {
            path: Some("metadata.published"),
            says: &["expected YYYY-MM-DD"],
            ..INVALID
        },
    );
}

#[test]
fn period_checks() {
    let e = broken(|v| v["period"]["first"] = json!("2023-13"));
    check(
        &e,
        Expect {
            path: Some("period.first"),
            says: &["\"2023-13\" is not a month"],
            ..INVALID
        },
    );
    let e = broken(|v| v["period"]["last"] = json!("2023-12-01"));
    check(
        &e,
        Expect {
            path: Some("period.last"),
            says: &["expected YYYY-MM"],
            ..INVALID
        },
    );
    let e = broken(|v| v["period"] = json!({"first": "2023-12", "last": "2023-01"}));
    check(
        &e,
        Expect {
            path: Some("period.last"),
            says: &["the period ends (2023-01) before it starts (2023-12)"],
            ..INVALID
        },
    );
}

// ---------------------------------------------------------------------------------------
// Areas

#[test]
fn area_checks() {
    let e = broken(|v| v["areas"] = json!([]));
    check(
        &e,
        Expect {
            path: Some("areas"),
            says: &["no areas"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][2]["code"] = json!("E06000016"));
    check(
        &e,
        Expect {
            path: Some("areas[2].code"),
            area: Some("E06000016"),
            says: &["used twice"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["kind"] = json!("district"));
    check(
        &e,
        Expect {
            path: Some("areas[1].kind"),
            area: Some("E06000016"),
            says: &["\"district\"", "\"force\" or \"csp\""],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][2]["kind"] = json!("force"));
    check(
        &e,
        Expect {
            path: Some("areas[2].kind"),
            area: Some("E06000017"),
            says: &["at most one force", "E23000021"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["code"] = json!(" E06000016"));
    check(
        &e,
        Expect {
            path: Some("areas[1].code"),
            says: &["spaces"],
            ..INVALID
        },
    );
}

#[test]
fn population_checks() {
    let e = broken(|v| v["areas"][1]["population"][1]["value"] = json!(-5));
    check(
        &e,
        Expect {
            path: Some("areas[1].population[1].value"),
            area: Some("E06000016"),
            says: &["population -5 for mid-2023 must be a positive number"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["population"][1]["value"] = json!(0));
    assert!(e.message().contains("positive"), "{e}");
    let e = broken(|v| v["areas"][1]["population"][1]["mid_year"] = json!(2022));
    check(
        &e,
        Expect {
            path: Some("areas[1].population[1].mid_year"),
            area: Some("E06000016"),
            says: &["two population estimates for mid-2022"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["population"][0]["mid_year"] = json!(22));
    check(
        &e,
        Expect {
            path: Some("areas[1].population[0].mid_year"),
            area: Some("E06000016"),
            says: &["not a plausible year"],
            ..INVALID
        },
    );
}

#[test]
fn boundary_checks() {
    let e = broken(|v| v["areas"][1]["boundary"]["type"] = json!("Point"));
    check(
        &e,
        Expect {
            path: Some("areas[1].boundary.type"),
            area: Some("E06000016"),
            says: &["\"Point\" is not supported"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["boundary"]["coordinates"][0][4] = json!([-1.2, 52.61]));
    check(
        &e,
        Expect {
            path: Some("areas[1].boundary.coordinates[0]"),
            area: Some("E06000016"),
            says: &["not closed"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["boundary"]["coordinates"][0][2] = json!([181, 52.6]));
    check(
        &e,
        Expect {
            path: Some("areas[1].boundary.coordinates[0][2][0]"),
            area: Some("E06000016"),
            says: &["longitude 181 is outside -180 to 180"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][2]["boundary"]["coordinates"][0][1][2] = json!([-0.6, 95.0]));
    check(
        &e,
        Expect {
            path: Some("areas[2].boundary.coordinates[0][1][2][1]"),
            area: Some("E06000017"),
            says: &["latitude 95 is outside -90 to 90"],
            ..INVALID
        },
    );
    let e = broken(|v| {
        v["areas"][1]["boundary"]["coordinates"] =
            json!([[[-1.2, 52.6], [-1.0, 52.6], [-1.2, 52.6]]])
    });
    check(
        &e,
        Expect {
            path: Some("areas[1].boundary.coordinates[0]"),
            area: Some("E06000016"),
            says: &["3 positions", "at least 4"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][1]["boundary"]["coordinates"][0][1] = json!([-1.05, 52.6, 10]));
    check(
        &e,
        Expect {
            path: Some("areas[1].boundary.coordinates[0][1]"),
            area: Some("E06000016"),
            says: &["[longitude, latitude]"],
            ..INVALID
        },
    );
}

/// The error from the example changed by `f`, and the text from the line and column its
/// message names (the written example is one line).
fn broken_at(f: impl FnOnce(&mut Value)) -> (Error, String) {
    let mut v = example();
    f(&mut v);
    let text = v.to_string();
    let e = model::parse(&text).expect_err("expected an error");
    let (_, place) = e
        .message()
        .rsplit_once(" (line 1 column ")
        .unwrap_or_else(|| panic!("{e} should name line 1 and a column"));
    let column: usize = place.trim_end_matches(')').parse().unwrap();
    assert_eq!(e.location().line, Some(1), "{e}");
    (e, text[column - 1..].to_string())
}

#[test]
fn boundary_shape_errors_name_the_path_line_and_column() {
    type Change = fn(&mut Value);
    // (change, path, words of the message, the text the line and column point at)
    let cases: Vec<(Change, &str, &str, &str)> = vec![
        (
            |v| v["areas"][1]["boundary"] = json!("Leicester"),
            "areas[1].boundary",
            "must be a GeoJSON geometry object",
            "\"Leicester\"",
        ),
        (
            |v| v["areas"][1]["boundary"]["colour"] = json!("red"),
            "areas[1].boundary.colour",
            "unknown member \"colour\": expected type and coordinates",
            "\"red\"",
        ),
        (
            |v| {
                v["areas"][1]["boundary"]
                    .as_object_mut()
                    .unwrap()
                    .remove("type");
            },
            "areas[1].boundary.type",
            "no \"type\" (Polygon or MultiPolygon)",
            "{\"coordinates\":",
        ),
        (
            |v| v["areas"][1]["boundary"]["type"] = json!(3),
            "areas[1].boundary.type",
            "no \"type\" (Polygon or MultiPolygon)",
            "3}",
        ),
        (
            |v| {
                v["areas"][1]["boundary"]
                    .as_object_mut()
                    .unwrap()
                    .remove("coordinates");
            },
            "areas[1].boundary.coordinates",
            "no \"coordinates\"",
            "{\"type\":\"Polygon\"}",
        ),
        (
            |v| v["areas"][1]["boundary"]["type"] = json!("Point"),
            "areas[1].boundary.type",
            "boundary type \"Point\" is not supported: expected Polygon or MultiPolygon",
            "\"Point\"",
        ),
        (
            |v| v["areas"][2]["boundary"]["coordinates"] = json!({}),
            "areas[2].boundary.coordinates",
            "MultiPolygon coordinates must be a list of polygons",
            "{}",
        ),
        (
            |v| v["areas"][2]["boundary"]["coordinates"][1] = json!("x"),
            "areas[2].boundary.coordinates[1]",
            "a polygon must be a list of rings (outer ring first)",
            "\"x\"",
        ),
        (
            |v| v["areas"][1]["boundary"]["coordinates"][0] = json!(5),
            "areas[1].boundary.coordinates[0]",
            "a ring must be a list of [longitude, latitude] positions",
            "5]",
        ),
        (
            |v| v["areas"][1]["boundary"]["coordinates"][0][3] = json!([-1.2, "52.68"]),
            "areas[1].boundary.coordinates[0][3]",
            "a position must be [longitude, latitude], two numbers",
            "[-1.2,\"52.68\"]",
        ),
        // The depth follows the type: a polygon's rings read as a MultiPolygon's polygons
        // make its positions rings, and its numbers positions.
        (
            |v| v["areas"][1]["boundary"]["type"] = json!("MultiPolygon"),
            "areas[1].boundary.coordinates[0][0][0]",
            "a position must be [longitude, latitude], two numbers",
            "-1.2,52.6]",
        ),
    ];
    for (change, path, says, at) in cases {
        let (e, text) = broken_at(change);
        let area = if path.starts_with("areas[1]") {
            "E06000016"
        } else {
            "E06000017"
        };
        check(
            &e,
            Expect {
                path: Some(path),
                area: Some(area),
                says: &[says],
                ..INVALID
            },
        );
        assert!(text.starts_with(at), "{e}: points at {:.30}", text);
    }
}

#[test]
fn boundary_lists_must_not_be_empty() {
    let e = broken(|v| v["areas"][2]["boundary"]["coordinates"] = json!([]));
    check(
        &e,
        Expect {
            path: Some("areas[2].boundary.coordinates"),
            area: Some("E06000017"),
            says: &["MultiPolygon has no polygons"],
            ..INVALID
        },
    );
    let e = broken(|v| v["areas"][2]["boundary"]["coordinates"][1] = json!([]));
    check(
        &e,
        Expect {
            path: Some("areas[2].boundary.coordinates[1]"),
            area: Some("E06000017"),
            says: &["a polygon has no rings"],
            ..INVALID
        },
    );
}

#[test]
fn a_boundary_bbox_is_accepted_and_a_repeated_member_counts_once() {
    // GeoJSON's `bbox` may hold anything: it is not used.
    let mut v = example();
    v["areas"][1]["boundary"]["bbox"] = json!({"any": ["thing"]});
    let (ds, _) = parse_ok(&v.to_string());
    let (want, _) = parse_ok(&fixture("example.json"));
    assert_eq!(ds.areas, want.areas);
    // The last of a repeated member is the one read (as in a JSON object read into a map).
    let text = example().to_string().replacen(
        "\"type\":\"Polygon\"",
        "\"type\":\"Point\",\"type\":\"Polygon\"",
        1,
    );
    assert!(text.contains("\"Point\""));
    let (ds, _) = parse_ok(&text);
    assert_eq!(ds.areas, want.areas);
}

// ---------------------------------------------------------------------------------------
// Measures

#[test]
fn measure_id_unique() {
    let e = broken(|v| v["measures"][2]["id"] = json!("3.1"));
    check(
        &e,
        Expect {
            path: Some("measures[2].id"),
            measure: Some("3.1"),
            says: &["used twice", "measures[1]"],
            ..INVALID
        },
    );
}

#[test]
fn measure_vocabularies() {
    for (field, bad, words) in [
        ("section", "Crimes", "expected one of Calls, Incidents"),
        ("unit", "per_cent", "expected one of count, percent"),
        (
            "improvement_direction",
            "up",
            "increase, decrease or neutral",
        ),
        ("chart", "xbar", "xmr, p, pp, u, up or c"),
    ] {
        let e = broken(|v| v["measures"][1][field] = json!(bad));
        let path = format!("measures[1].{field}");
        check(
            &e,
            Expect {
                path: Some(&path),
                measure: Some("3.1"),
                says: &[&format!("\"{bad}\" is not known"), words],
                ..INVALID
            },
        );
    }
}

#[test]
fn chart_must_fit_the_unit() {
    let e = broken(|v| v["measures"][0]["chart"] = json!("c"));
    check(
        &e,
        Expect {
            path: Some("measures[0].chart"),
            measure: Some("1.1"),
            says: &["a c chart is for counts, but the unit is percent"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][1]["chart"] = json!("pp"));
    check(
        &e,
        Expect {
            path: Some("measures[1].chart"),
            measure: Some("3.1"),
            says: &["a p chart plots a percentage, but the unit is count"],
            ..INVALID
        },
    );
}

#[test]
fn target_must_fit_the_unit() {
    let e = broken(|v| v["measures"][0]["target"] = json!(120));
    check(
        &e,
        Expect {
            path: Some("measures[0].target"),
            measure: Some("1.1"),
            says: &["target 120 is outside 0 to 100"],
            ..INVALID
        },
    );
}

// ---------------------------------------------------------------------------------------
// Series

#[test]
fn series_area_must_exist_and_be_unique() {
    let e = broken(|v| v["measures"][1]["series"][2]["area"] = json!("E07000129"));
    check(
        &e,
        Expect {
            path: Some("measures[1].series[2].area"),
            measure: Some("3.1"),
            area: Some("E07000129"),
            says: &["not an area of the file"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][1]["series"][2]["area"] = json!("E06000016"));
    check(
        &e,
        Expect {
            path: Some("measures[1].series[2].area"),
            measure: Some("3.1"),
            area: Some("E06000016"),
            says: &["two series", "measures[1].series[1]"],
            ..INVALID
        },
    );
}

#[test]
fn values_length_must_match_the_period() {
    let e = broken(|v| {
        v["measures"][1]["series"][1]["values"]
            .as_array_mut()
            .unwrap()
            .pop();
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].series[1].values"),
            measure: Some("3.1"),
            area: Some("E06000016"),
            says: &["values has 11 entries but the period 2023-01 to 2023-12 has 12 months"],
            ..INVALID
        },
    );
}

#[test]
fn values_must_fit_the_unit() {
    let e = broken(|v| v["measures"][1]["series"][1]["values"][4] = json!(-1));
    check(
        &e,
        Expect {
            path: Some("measures[1].series[1].values[4]"),
            measure: Some("3.1"),
            area: Some("E06000016"),
            month: Some("2023-05"),
            says: &["value -1 is negative (the unit is count)"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][1]["series"][2]["values"][0] = json!(150.5));
    check(
        &e,
        Expect {
            path: Some("measures[1].series[2].values[0]"),
            measure: Some("3.1"),
            area: Some("E06000017"),
            month: Some("2023-01"),
            says: &["not a whole number"],
            ..INVALID
        },
    );
}

#[test]
fn percent_values_lie_between_0_and_100() {
    let e = broken(|v| {
        let s = &mut v["measures"][0]["series"][0];
        s["values"][2] = json!(101);
        s["numerators"][2] = json!(10211);
        s["denominators"][2] = json!(10110);
    });
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].values[2]"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            month: Some("2023-03"),
            says: &["value 101 is outside 0 to 100"],
            ..INVALID
        },
    );
}

#[test]
fn p_and_u_charts_need_numerators_and_denominators() {
    let e = broken(|v| {
        let s = v["measures"][0]["series"][0].as_object_mut().unwrap();
        s.remove("numerators");
        s.remove("denominators");
    });
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].numerators"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            says: &["a p chart needs numerators and denominators"],
            ..INVALID
        },
    );
    let e = broken(|v| {
        v["measures"][0]["series"][0]
            .as_object_mut()
            .unwrap()
            .remove("denominators");
    });
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].denominators"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            says: &["numerators are given without denominators"],
            ..INVALID
        },
    );
}

#[test]
fn numerator_and_denominator_checks() {
    let e = broken(|v| {
        v["measures"][0]["series"][0]["denominators"]
            .as_array_mut()
            .unwrap()
            .push(json!(1));
    });
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].denominators"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            says: &["denominators has 13 entries"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][2]["series"][0]["denominators"][7] = json!(0));
    check(
        &e,
        Expect {
            path: Some("measures[2].series[0].denominators[7]"),
            measure: Some("3.1r"),
            area: Some("E06000016"),
            month: Some("2023-08"),
            says: &["denominator 0 must be a finite number greater than 0"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][0]["series"][0]["values"][5] = Value::Null);
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].numerators[5]"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            month: Some("2023-06"),
            says: &["the value is null (not published) but the numerator is 9400"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][0]["series"][0]["numerators"][5] = Value::Null);
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].numerators[5]"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            month: Some("2023-06"),
            says: &["the value is published but the numerator is null"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][2]["series"][0]["denominators"][1] = Value::Null);
    check(
        &e,
        Expect {
            path: Some("measures[2].series[0].denominators[1]"),
            measure: Some("3.1r"),
            area: Some("E06000016"),
            month: Some("2023-02"),
            says: &["the numerator is published but the denominator is null"],
            ..INVALID
        },
    );
    let e = broken(|v| {
        let s = &mut v["measures"][0]["series"][0];
        s["numerators"][0] = json!(10013);
        s["values"][0] = json!(100);
    });
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].numerators[0]"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            month: Some("2023-01"),
            says: &["numerator 10013 is greater than denominator 10012"],
            ..INVALID
        },
    );
}

#[test]
fn value_must_match_numerator_over_denominator() {
    // 100 × 9012 / 10012 = 90.01…; published rounded to 90.0 is accepted, 91 is not.
    let e = broken(|v| v["measures"][0]["series"][0]["values"][0] = json!(91));
    check(
        &e,
        Expect {
            path: Some("measures[0].series[0].values[0]"),
            measure: Some("1.1"),
            area: Some("E23000021"),
            month: Some("2023-01"),
            says: &["value 91 does not match 100 × numerator 9012 / denominator 10012"],
            ..INVALID
        },
    );
    let mut v = example();
    v["measures"][0]["series"][0]["values"][0] = json!(90.0);
    parse_ok(&v.to_string());
    // A rate per 1,000: 1000 × 3010 / 378000 = 7.963…
    let e = broken(|v| v["measures"][2]["series"][0]["values"][0] = json!(79.63));
    check(
        &e,
        Expect {
            path: Some("measures[2].series[0].values[0]"),
            measure: Some("3.1r"),
            area: Some("E06000016"),
            month: Some("2023-01"),
            says: &["does not match 1000 × numerator 3010 / denominator 378000"],
            ..INVALID
        },
    );
}

// ---------------------------------------------------------------------------------------
// Rebases, exclusions, annotations

#[test]
fn rebase_month_inside_the_period() {
    let e = broken(|v| {
        v["measures"][1]["rebases"] = json!([{"month": "2024-01", "reason": "New system"}])
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].rebases[0].month"),
            measure: Some("3.1"),
            month: Some("2024-01"),
            says: &["2024-01 is outside the period 2023-01 to 2023-12"],
            ..INVALID
        },
    );
}

#[test]
fn rebase_areas_known() {
    let e = broken(|v| {
        v["measures"][1]["rebases"] = json!([{"month": "2023-06", "reason": "New system", "areas": ["E06000016", "E07000129"]}])
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].rebases[0].areas[1]"),
            measure: Some("3.1"),
            area: Some("E07000129"),
            month: Some("2023-06"),
            says: &["area E07000129 is not an area of the file"],
            ..INVALID
        },
    );
    let e = broken(|v| {
        v["measures"][1]["rebases"] =
            json!([{"month": "2023-06", "reason": "New system", "areas": []}])
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].rebases[0].areas"),
            measure: Some("3.1"),
            month: Some("2023-06"),
            says: &["empty list"],
            ..INVALID
        },
    );
}

#[test]
fn duplicate_rebase() {
    let e = broken(|v| {
        v["measures"][1]["rebases"] = json!([
            {"month": "2023-06", "reason": "New system", "areas": ["E06000017"]},
            {"month": "2023-03", "reason": "Other"},
            {"month": "2023-06", "reason": "Again", "areas": ["E06000016", "E06000017"]}
        ])
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].rebases[2]"),
            measure: Some("3.1"),
            area: Some("E06000017"),
            month: Some("2023-06"),
            says: &[
                "a second rebase at 2023-06 for area E06000017",
                "rebases[0]",
            ],
            ..INVALID
        },
    );
    // Same month for different areas is fine.
    let mut v = example();
    v["measures"][1]["rebases"] = json!([
        {"month": "2023-06", "reason": "New system", "areas": ["E06000017"]},
        {"month": "2023-06", "reason": "Another", "areas": ["E06000016"]}
    ]);
    parse_ok(&v.to_string());
}

#[test]
fn duplicate_exclusion() {
    let e = broken(|v| {
        v["measures"][1]["exclusions"] = json!([
            {"month": "2023-02", "reason": "Hole"},
            {"month": "2023-02", "reason": "Hole again"}
        ])
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].exclusions[1]"),
            measure: Some("3.1"),
            month: Some("2023-02"),
            says: &["a second exclusion at 2023-02 for every area"],
            ..INVALID
        },
    );
}

#[test]
fn exclusion_checks() {
    let e = broken(|v| {
        v["measures"][1]["exclusions"] = json!([{"month": "2022-12", "reason": "Hole"}])
    });
    check(
        &e,
        Expect {
            path: Some("measures[1].exclusions[0].month"),
            measure: Some("3.1"),
            month: Some("2022-12"),
            says: &["outside the period"],
            ..INVALID
        },
    );
    let e =
        broken(|v| v["measures"][1]["exclusions"] = json!([{"month": "2023-02", "reason": ""}]));
    check(
        &e,
        Expect {
            path: Some("measures[1].exclusions[0].reason"),
            measure: Some("3.1"),
            month: Some("2023-02"),
            says: &["the exclusion reason is empty"],
            ..INVALID
        },
    );
}

#[test]
fn annotation_checks() {
    let e = broken(|v| v["measures"][1]["annotations"][0]["month"] = json!("2023-7"));
    check(
        &e,
        Expect {
            path: Some("measures[1].annotations[0].month"),
            measure: Some("3.1"),
            says: &["\"2023-7\" is not a month"],
            ..INVALID
        },
    );
    let e =
        broken(|v| v["measures"][1]["annotations"][1]["areas"] = json!(["E06000016", "E06000016"]));
    check(
        &e,
        Expect {
            path: Some("measures[1].annotations[1].areas[1]"),
            measure: Some("3.1"),
            area: Some("E06000016"),
            month: Some("2023-10"),
            says: &["listed twice"],
            ..INVALID
        },
    );
    let e = broken(|v| v["measures"][1]["annotations"][0]["text"] = json!(""));
    check(
        &e,
        Expect {
            path: Some("measures[1].annotations[0].text"),
            measure: Some("3.1"),
            month: Some("2023-07"),
            says: &["the annotation text is empty"],
            ..INVALID
        },
    );
}

// ---------------------------------------------------------------------------------------
// Reconciliation

#[test]
fn reconciliation_checks() {
    let e = broken(|v| v["reconciliation"][3]["month"] = json!("2023-03"));
    check(
        &e,
        Expect {
            path: Some("reconciliation[3].month"),
            month: Some("2023-03"),
            says: &["2023-03 appears twice"],
            ..INVALID
        },
    );
    let e = broken(|v| v["reconciliation"][0]["no_location"] = json!(7010));
    check(
        &e,
        Expect {
            path: Some("reconciliation[0].rows"),
            month: Some("2023-01"),
            says: &["no_location (7010) plus outside_areas (10) is more than rows (7012)"],
            ..INVALID
        },
    );
    let e = broken(|v| v["reconciliation"][0]["published"] = json!(false));
    check(
        &e,
        Expect {
            path: Some("reconciliation[0].rows"),
            month: Some("2023-01"),
            says: &["not published but has 7012 rows"],
            ..INVALID
        },
    );
    let e = broken(|v| v["reconciliation"][0]["month"] = json!("2024-01"));
    check(
        &e,
        Expect {
            path: Some("reconciliation[0].month"),
            month: Some("2024-01"),
            says: &["outside the period"],
            ..INVALID
        },
    );
}

// ---------------------------------------------------------------------------------------
// Robustness

#[test]
fn hostile_inputs_give_errors_not_panics() {
    let mut cases: Vec<String> = vec![
        String::new(),
        "null".into(),
        "[]".into(),
        "{}".into(),
        "\"text\"".into(),
        "{\"schema_version\": 1}".into(),
        "{\"schema_version\": null}".into(),
        "[".repeat(10_000),
        "{\"schema_version\": 1e999}".into(),
    ];
    let text = fixture("example.json");
    for cut in (0..text.len()).step_by(97) {
        cases.push(text[..cut].to_string());
    }
    for c in cases {
        assert!(model::parse(&c).is_err(), "{c:.60}");
    }
}

// ---------------------------------------------------------------------------------------
// The JSON Schema file
//
// A small structural validator for the parts of JSON Schema 2020-12 that
// `schema/published-v1.schema.json` uses (type, const, enum, properties, required,
// additionalProperties, items, prefixItems, min/maxItems, min/maxLength, minimum, maximum,
// exclusiveMinimum, uniqueItems, oneOf, $ref to $defs). `pattern` is not checked here: the
// parser checks months and dates itself.

fn schema() -> Value {
    let path = format!(
        "{}/schema/published-v1.schema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    serde_json::from_str(&text).expect("the schema file is valid JSON")
}

struct SchemaCheck<'a> {
    root: &'a Value,
    /// Which properties of which schema object (by address) the instance used.
    seen: std::collections::HashMap<usize, std::collections::BTreeSet<String>>,
    errors: Vec<String>,
}

impl<'a> SchemaCheck<'a> {
    fn resolve(&self, s: &'a Value) -> &'a Value {
        match s.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = r.strip_prefix("#/$defs/").expect("local $ref");
                let target = &self.root["$defs"][name];
                assert!(!target.is_null(), "unresolved $ref {r}");
                self.resolve(target)
            }
            None => s,
        }
    }

    fn check(&mut self, s: &'a Value, v: &Value, path: &str) {
        let s = self.resolve(s);
        if let Some(branches) = s.get("oneOf").and_then(Value::as_array) {
            let mut passing = 0;
            for b in branches {
                let mut sub = SchemaCheck {
                    root: self.root,
                    seen: Default::default(),
                    errors: Vec::new(),
                };
                sub.check(b, v, path);
                if sub.errors.is_empty() {
                    passing += 1;
                    for (k, keys) in sub.seen {
                        self.seen.entry(k).or_default().extend(keys);
                    }
                }
            }
            if passing != 1 {
                self.errors
                    .push(format!("{path}: {passing} oneOf branches match"));
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                self.errors.push(format!("{path}: expected {c}"));
            }
        }
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            if !e.contains(v) {
                self.errors.push(format!("{path}: {v} not in enum"));
            }
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => panic!("bad type in schema"),
            };
            let ok = types.iter().any(|t| match *t {
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "number" => v.is_number(),
                "integer" => v.as_f64().is_some_and(|x| x.fract() == 0.0),
                "boolean" => v.is_boolean(),
                "null" => v.is_null(),
                other => panic!("type {other}"),
            });
            if !ok {
                self.errors.push(format!("{path}: not of type {t}"));
            }
        }
        let num = |k: &str| s.get(k).and_then(Value::as_f64);
        if let Some(x) = v.as_f64() {
            if num("minimum").is_some_and(|m| x < m) {
                self.errors.push(format!("{path}: below minimum"));
            }
            if num("maximum").is_some_and(|m| x > m) {
                self.errors.push(format!("{path}: above maximum"));
            }
            if num("exclusiveMinimum").is_some_and(|m| x <= m) {
                self.errors
                    .push(format!("{path}: not above exclusiveMinimum"));
            }
        }
        if let Some(text) = v.as_str() {
            let n = text.chars().count() as f64;
            if num("minLength").is_some_and(|m| n < m) {
                self.errors.push(format!("{path}: shorter than minLength"));
            }
            if num("maxLength").is_some_and(|m| n > m) {
                self.errors.push(format!("{path}: longer than maxLength"));
            }
        }
        if let Some(items) = v.as_array() {
            let n = items.len() as f64;
            if num("minItems").is_some_and(|m| n < m) {
                self.errors.push(format!("{path}: fewer than minItems"));
            }
            if num("maxItems").is_some_and(|m| n > m) {
                self.errors.push(format!("{path}: more than maxItems"));
            }
            if s.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, a) in items.iter().enumerate() {
                    if items[..i].contains(a) {
                        self.errors.push(format!("{path}[{i}]: not unique"));
                    }
                }
            }
            let prefix: &[Value] = s
                .get("prefixItems")
                .and_then(Value::as_array)
                .map_or(&[], Vec::as_slice);
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                if let Some(ps) = prefix.get(i) {
                    self.check(ps, item, &p);
                } else if let Some(is) = s.get("items") {
                    self.check(is, item, &p);
                }
            }
        }
        if let Some(obj) = v.as_object() {
            let props = s.get("properties").and_then(Value::as_object);
            for req in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let k = req.as_str().unwrap();
                if !obj.contains_key(k) {
                    self.errors.push(format!("{path}: missing required {k}"));
                }
            }
            if let Some(props) = props {
                for (k, item) in obj {
                    match props.get(k) {
                        Some(ps) => self.check(ps, item, &format!("{path}.{k}")),
                        None if s.get("additionalProperties") == Some(&Value::Bool(false)) => self
                            .errors
                            .push(format!("{path}: {k} is not in the schema")),
                        None => {}
                    }
                }
                let key = &s["properties"] as *const Value as usize;
                let seen = self.seen.entry(key).or_default();
                seen.extend(obj.keys().cloned());
            }
        }
    }
}

/// Every schema object with `properties`, with its place in the schema.
fn property_lists<'a>(s: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match s {
        Value::Object(o) => {
            if let Some(p) = o.get("properties").filter(|p| p.is_object()) {
                out.push((at.clone(), p));
            }
            for (k, child) in o {
                property_lists(child, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                property_lists(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The schema errors of `v`; with `require_all`, also every schema property that `v` never
/// uses (to show that a maximal DTO fills every field the schema names).
fn schema_errors(v: &Value, require_all: bool) -> Vec<String> {
    let root = schema();
    let mut c = SchemaCheck {
        root: &root,
        seen: Default::default(),
        errors: Vec::new(),
    };
    c.check(&root, v, "$");
    if require_all {
        let mut lists = Vec::new();
        property_lists(&root, "#".into(), &mut lists);
        for (at, props) in lists {
            let seen = c.seen.get(&(props as *const Value as usize));
            for k in props.as_object().unwrap().keys() {
                if !seen.is_some_and(|s| s.contains(k)) {
                    c.errors.push(format!("{at}: no DTO field fills {k}"));
                }
            }
        }
    }
    c.errors
}

/// A file with every optional DTO field filled in, made through the DTOs themselves.
fn maximal_dto() -> Value {
    let (ds, _) = parse_ok(&fixture("example.json"));
    let mut dto = ds.to_dto();
    let m = &mut dto.measures[1];
    m.chart = Some("xmr".into());
    m.target = Some(3000.0);
    m.rebases.push(model::json::RebaseDto {
        month: "2023-06".into(),
        reason: "New recording rules".into(),
        areas: Some(vec!["E06000016".into()]),
    });
    m.exclusions.push(model::json::ExclusionDto {
        month: "2023-02".into(),
        reason: "A known hole".into(),
        areas: Some(vec!["E06000017".into()]),
    });
    dto.reconciliation[0].published = false;
    dto.reconciliation[0].rows = 0;
    dto.reconciliation[0].no_location = 0;
    dto.reconciliation[0].outside_areas = 0;
    let mut v = serde_json::to_value(&dto).unwrap();
    // `bbox` is GeoJSON's own optional member; the parser accepts it.
    v["areas"][1]["boundary"]["bbox"] = json!([-1.2, 52.6, -1.05, 52.68]);
    v["areas"][2]["boundary"]["bbox"] = json!([-0.8, 52.55, -0.45, 52.75]);
    v
}

#[test]
fn the_schema_names_every_dto_field_and_nothing_else() {
    let v = maximal_dto();
    // The maximal file is valid for our parser too.
    parse_ok(&v.to_string());
    let errors = schema_errors(&v, true);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn every_fixture_that_parses_matches_the_schema() {
    // The embedded LLR file, written by `pcc-spc build`, too.
    for f in [
        "example.json",
        "gaps.json",
        "rebased.json",
        "excluded.json",
        "../../www/data/llr.json",
    ] {
        let v: Value = serde_json::from_str(&fixture(f)).unwrap();
        let errors = schema_errors(&v, false);
        assert!(errors.is_empty(), "{f}: {errors:#?}");
    }
}

#[test]
fn the_schema_check_can_fail() {
    // The validator above is only worth something if it rejects what the parser rejects.
    type Change = fn(&mut Value);
    let cases: Vec<(Change, &str)> = vec![
        (
            |v| v["measures"][0]["colour"] = json!("red"),
            "colour is not in the schema",
        ),
        (|v| v["areas"][0]["kind"] = json!("district"), "not in enum"),
        (|v| v["schema_version"] = json!(2), "expected 1"),
        (
            |v| v["measures"][1]["series"][0]["values"][0] = json!("1"),
            "not of type",
        ),
        (
            |v| v["areas"][1]["population"][0]["value"] = json!(0),
            "exclusiveMinimum",
        ),
        (
            |v| v["areas"][1]["boundary"]["coordinates"][0][0] = json!([200, 52]),
            "oneOf",
        ),
        (
            |v| {
                v["metadata"].as_object_mut().unwrap().remove("title");
            },
            "missing required title",
        ),
    ];
    for (f, expected) in cases {
        let mut v = example();
        f(&mut v);
        let errors = schema_errors(&v, false);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected}: {errors:#?}"
        );
        assert!(model::parse(&v.to_string()).is_err());
    }
}

#[test]
fn the_schema_limits_are_the_parser_limits() {
    use pcc_spc::model::validate::{
        MAX_EXCLUSIONS, MAX_ID_CHARS, MAX_NAME_CHARS, MAX_NOTES, MAX_POPULATION_ESTIMATES,
        MAX_TEXT_CHARS,
    };
    let s = schema();
    let d = &s["$defs"];
    let n = |v: &Value| v.as_u64().unwrap() as usize;
    assert_eq!(n(&s["properties"]["areas"]["maxItems"]), MAX_AREAS);
    assert_eq!(n(&s["properties"]["measures"]["maxItems"]), MAX_MEASURES);
    assert_eq!(
        n(&s["properties"]["reconciliation"]["maxItems"]),
        MAX_MONTHS
    );
    assert_eq!(n(&d["area_code"]["maxLength"]), MAX_ID_CHARS);
    assert_eq!(
        n(&d["measure"]["properties"]["id"]["maxLength"]),
        MAX_ID_CHARS
    );
    assert_eq!(
        n(&d["measure"]["properties"]["name"]["maxLength"]),
        MAX_NAME_CHARS
    );
    assert_eq!(
        n(&d["metadata"]["properties"]["title"]["maxLength"]),
        MAX_NAME_CHARS
    );
    assert_eq!(
        n(&d["metadata"]["properties"]["notes"]["maxItems"]),
        MAX_NOTES
    );
    assert_eq!(
        n(&d["metadata"]["properties"]["source"]["maxLength"]),
        MAX_TEXT_CHARS
    );
    assert_eq!(
        n(&d["area"]["properties"]["population"]["maxItems"]),
        MAX_POPULATION_ESTIMATES
    );
    assert_eq!(
        n(&d["measure"]["properties"]["rebases"]["maxItems"]),
        MAX_REBASES
    );
    assert_eq!(
        n(&d["measure"]["properties"]["exclusions"]["maxItems"]),
        MAX_EXCLUSIONS
    );
    assert_eq!(
        n(&d["measure"]["properties"]["annotations"]["maxItems"]),
        MAX_ANNOTATIONS
    );
    assert_eq!(
        n(&d["annotation"]["properties"]["text"]["maxLength"]),
        MAX_ANNOTATION_CHARS
    );
    assert_eq!(
        n(&d["rebase"]["properties"]["reason"]["maxLength"]),
        MAX_REASON_CHARS
    );
    assert_eq!(
        n(&d["exclusion"]["properties"]["reason"]["maxLength"]),
        MAX_REASON_CHARS
    );
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

// ---------------------------------------------------------------------------------------
// The documentation

fn format_doc() -> String {
    fixture("../../docs/format.md")
}

#[test]
fn the_documented_example_is_the_fixture() {
    let doc = format_doc();
    let start = doc
        .find("## Worked example")
        .expect("docs/format.md has a worked example");
    let block = &doc[start..];
    let open = block.find("```json\n").unwrap() + "```json\n".len();
    let close = block[open..].find("```").unwrap();
    assert_eq!(&block[open..open + close], fixture("example.json"));
    // And the warnings the page shows are the ones the parser gives.
    let (_, warnings) = parse_ok(&fixture("example.json"));
    for w in warnings {
        let line = format!("{}: {}", w.code, w.message);
        assert!(doc.contains(&line), "docs/format.md should show {line}");
    }
}

#[test]
fn the_documented_limits_and_warnings_are_the_real_ones() {
    use pcc_spc::model::validate::*;
    let doc = format_doc();
    for (name, value) in [
        ("MAX_MONTHS", MAX_MONTHS),
        ("MAX_AREAS", MAX_AREAS),
        ("MAX_MEASURES", MAX_MEASURES),
        ("MAX_POPULATION_ESTIMATES", MAX_POPULATION_ESTIMATES),
        ("MAX_REBASES", MAX_REBASES),
        ("MAX_EXCLUSIONS", MAX_EXCLUSIONS),
        ("MAX_ANNOTATIONS", MAX_ANNOTATIONS),
        ("MAX_NOTES", MAX_NOTES),
        ("MAX_ID_CHARS", MAX_ID_CHARS),
        ("MAX_NAME_CHARS", MAX_NAME_CHARS),
        ("MAX_ANNOTATION_CHARS", MAX_ANNOTATION_CHARS),
        ("MAX_REASON_CHARS", MAX_REASON_CHARS),
    ] {
        let row = format!("| `{name}` | {value} |");
        assert!(doc.contains(&row), "docs/format.md should have {row}");
    }
    for (name, value) in [
        ("MAX_SERIES", MAX_SERIES),
        ("MAX_TEXT_CHARS", MAX_TEXT_CHARS),
        ("MAX_BOUNDARY_POINTS", MAX_BOUNDARY_POINTS),
    ] {
        let with_commas = value
            .to_string()
            .as_bytes()
            .rchunks(3)
            .rev()
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(",");
        let row = format!("| `{name}` | {with_commas} |");
        assert!(doc.contains(&row), "docs/format.md should have {row}");
    }
    assert!(doc.contains(&format!(
        "| `MAX_FILE_BYTES` | 16 MiB ({} bytes) |",
        "16,777,216"
    )));
    assert_eq!(MAX_FILE_BYTES, 16_777_216);
    // Every warning code the fixtures produce is documented.
    for f in ["example.json", "gaps.json", "rebased.json", "excluded.json"] {
        for w in parse_ok(&fixture(f)).1 {
            assert!(
                doc.contains(&format!("| `{}` |", w.code)),
                "docs/format.md should list warning {}",
                w.code
            );
        }
    }
}

#[test]
fn warnings_say_which_measure_and_areas_they_concern() {
    let summary = |f: &str| -> Vec<(String, Option<String>, Vec<String>)> {
        parse_ok(&fixture(f))
            .1
            .into_iter()
            .map(|w| (w.code, w.measure, w.areas))
            .collect()
    };
    let s = |x: &str| x.to_string();
    assert_eq!(
        summary("gaps.json"),
        [
            (s("population_missing"), None, vec![s("E06000016")]),
            (s("population_missing"), None, vec![s("E07000129")]),
            (s("population_year_missing"), None, vec![s("E23000021")]),
            (
                s("series_all_missing"),
                Some(s("2.1")),
                vec![s("E07000129")]
            ),
            (
                s("trailing_months_missing"),
                Some(s("2.1")),
                vec![s("E23000021"), s("E06000016")]
            ),
            (s("measure_without_series"), Some(s("2.2")), vec![]),
        ]
    );
    assert_eq!(
        summary("rebased.json"),
        [
            (s("rebase_at_first_month"), Some(s("1.1")), vec![]),
            (
                s("short_rebase_group"),
                Some(s("3.1")),
                vec![s("E06000016")]
            ),
        ]
    );
    assert_eq!(
        summary("excluded.json"),
        [(
            s("excluded_month_not_published"),
            Some(s("3.1")),
            vec![s("E07000135")]
        )]
    );
    let (_, w) = parse_ok(&fixture("gaps.json"));
    // A chart of 2.1 for Leicester shows its trailing gap but not Blaby's empty series.
    let shown: Vec<&str> = w
        .iter()
        .filter(|w| w.concerns("2.1", "E06000016"))
        .map(|w| w.code.as_str())
        .collect();
    assert_eq!(shown, ["population_missing", "trailing_months_missing"]);
    // A warning for every area of a measure concerns each of them.
    let mut v = example();
    for s in v["measures"][1]["series"].as_array_mut().unwrap() {
        s["values"][11] = Value::Null;
    }
    let (_, w) = parse_ok(&v.to_string());
    let every = w
        .iter()
        .find(|w| w.code == "trailing_months_missing")
        .unwrap();
    assert!(every.areas.is_empty());
    assert!(every.concerns("3.1", "E06000017") && every.concerns("3.1", "E06000016"));
    assert!(!every.concerns("1.1", "E06000016"));
}

#[test]
fn validate_refuses_numbers_json_cannot_carry() {
    // `pcc-spc build` validates DTOs it made in memory, where a NaN or an infinity can
    // appear (a division by zero); they must not reach a file.
    let (ds, _) = parse_ok(&fixture("example.json"));
    let mut dto = ds.to_dto();
    dto.measures[1].series[0].values[3] = Some(f64::NAN);
    let e = model::validate(&dto).unwrap_err();
    check(
        &e,
        Expect {
            path: Some("measures[1].series[0].values[3]"),
            measure: Some("3.1"),
            area: Some("E23000021"),
            month: Some("2023-04"),
            says: &["value NaN is not a finite number"],
            ..INVALID
        },
    );
    let mut dto = ds.to_dto();
    dto.measures[2].series[0].numerators.as_mut().unwrap()[0] = Some(f64::INFINITY);
    let e = model::validate(&dto).unwrap_err();
    check(
        &e,
        Expect {
            path: Some("measures[2].series[0].numerators[0]"),
            measure: Some("3.1r"),
            area: Some("E06000016"),
            month: Some("2023-01"),
            says: &["numerator inf must be a finite number, 0 or more"],
            ..INVALID
        },
    );
    let mut dto = ds.to_dto();
    dto.areas[0].population[0].value = f64::NAN;
    let e = model::validate(&dto).unwrap_err();
    assert_eq!(
        e.location().json_path.as_deref(),
        Some("areas[0].population[0].value")
    );
    let mut dto = ds.to_dto();
    dto.measures[0].target = Some(f64::NEG_INFINITY);
    let e = model::validate(&dto).unwrap_err();
    assert_eq!(
        e.location().json_path.as_deref(),
        Some("measures[0].target")
    );
    assert!(e.message().contains("not a finite number"), "{e}");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_finite() -> impl Strategy<Value = f64> {
        prop::num::f64::POSITIVE
            | prop::num::f64::NEGATIVE
            | prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any finite number survives parse → to_dto → serialise → parse bit for bit, and
        /// `null` stays `null`.
        #[test]
        fn scores_round_trip_exactly(values in prop::collection::vec(prop::option::of(any_finite()), 12)) {
            let mut v = example();
            v["measures"].as_array_mut().unwrap().push(json!({
                "id": "9.1",
                "name": "Survey score",
                "section": "Prevention",
                "unit": "score",
                "improvement_direction": "neutral",
                "series": [{"area": "E06000017", "values": values}],
            }));
            let (ds, _) = parse_ok(&v.to_string());
            let got = &ds.measure("9.1").unwrap().series[0].values;
            prop_assert_eq!(got.len(), 12);
            for (a, b) in got.iter().zip(&values) {
                prop_assert_eq!(a.map(f64::to_bits), b.map(f64::to_bits));
            }
            let (again, _) = parse_ok(&serde_json::to_string(&ds.to_dto()).unwrap());
            prop_assert_eq!(again, ds);
        }

        /// Whatever is done to the text, the parser answers with a dataset or an error,
        /// never a panic; an error always has a message.
        #[test]
        fn edited_files_never_panic(
            edits in prop::collection::vec(
                (any::<prop::sample::Index>(), 0usize..4, prop::sample::select(vec![
                    "", "{", "}", "[", "]", ",", ":", "\"", "null", "-1", "1e400", "0.5",
                    "\"x\"", "é", "\\u0000", "true", " ",
                ])),
                1..6,
            )
        ) {
            let mut text = fixture("example.json");
            for (at, cut, insert) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                let mut end = (i + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(i..end, insert);
            }
            if let Err(e) = model::parse(&text) {
                prop_assert!(!e.message().is_empty());
            }
        }
    }
}

#[test]
fn areas_missing_the_same_population_years_share_one_warning() {
    let mut v = example();
    for a in [1, 2] {
        v["areas"][a]["population"].as_array_mut().unwrap().pop();
    }
    let (ds, w) = parse_ok(&v.to_string());
    let w: Vec<&DataWarning> = w
        .iter()
        .filter(|w| w.code == "population_year_missing")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].message,
        "areas E06000016 (Leicester), E06000017 (Rutland) have no population estimate for 2023 (mid-2022 used)"
    );
    assert_eq!(w[0].areas, ["E06000016", "E06000017"]);
    assert_eq!(
        ds.area("E06000017").unwrap().population_for(2023),
        Some((2022, 41400.0))
    );
}

// ---------------------------------------------------------------------------------------
// One measure × area through the engine, with the file's rebases and exclusions

mod series_analysis {
    use super::*;
    use pcc_spc::model::analyse_series;
    use pcc_spc::spc::Profile;

    #[test]
    fn exclusions_are_marked_with_their_reason_and_left_out_of_the_limits() {
        let (ds, _) = parse_ok(&fixture("excluded.json"));
        let sa = analyse_series(&ds, "3.1", "E07000131", Profile::Mdc).unwrap();
        assert_eq!(sa.months.len(), 24);
        assert_eq!(sa.months[11], month("2020-03"));
        let march = &sa.analysis.points[11];
        assert!(march.excluded);
        assert_eq!(march.value, Some(12.0));
        assert_eq!(
            sa.exclusion_reason(11),
            Some("data.police.uk published most of these areas' March 2020 crimes without a location")
        );
        assert!(sa.analysis.points[13].excluded);
        assert_eq!(sa.exclusion_reason(13), Some("Recording system migration"));
        assert_eq!(sa.exclusion_reason(12), None);
        assert!(!sa.analysis.points[12].excluded);
        // The mean is that of the other 22 months: the hole does not drag it down.
        let values = &ds
            .measure("3.1")
            .unwrap()
            .series_for("E07000131")
            .unwrap()
            .values;
        let kept: Vec<f64> = values
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != 11 && *i != 13)
            .filter_map(|(_, v)| *v)
            .collect();
        let mean = kept.iter().sum::<f64>() / kept.len() as f64;
        let limits = sa.analysis.points[0].limits.unwrap();
        assert!(
            (limits.mean - mean).abs() < 1e-9,
            "{} vs {mean}",
            limits.mean
        );
        // An excluded point fires no rule, however far out it is.
        assert!(march.rules.is_empty());
        let notes: Vec<&str> = sa.annotations_at(11).collect();
        assert_eq!(notes, ["COVID-19 lockdown"]);

        // The force is not excluded in March 2020, only in May.
        let force = analyse_series(&ds, "3.1", "E23000021", Profile::Mdc).unwrap();
        assert!(!force.analysis.points[11].excluded);
        assert!(force.analysis.points[13].excluded);
        assert_eq!(force.exclusions.len(), 1);
    }

    #[test]
    fn rebases_start_groups_for_their_areas() {
        let (ds, _) = parse_ok(&fixture("rebased.json"));
        let leic = analyse_series(&ds, "3.1", "E06000016", Profile::Mdc).unwrap();
        let starts: Vec<usize> = leic.analysis.groups.iter().map(|g| g.start).collect();
        assert_eq!(starts, [0, 15, 17]);
        assert!(leic.rebase_reason(15).unwrap().contains("COVID-19"));
        assert!(leic
            .rebase_reason(17)
            .unwrap()
            .contains("without a location"));
        assert_eq!(leic.analysis.points[16].group, 1);
        let force = analyse_series(&ds, "3.1", "E23000021", Profile::Mdc).unwrap();
        let starts: Vec<usize> = force.analysis.groups.iter().map(|g| g.start).collect();
        assert_eq!(starts, [0, 15]);
        // A rebase at the first month starts nothing.
        let calls = analyse_series(&ds, "1.1", "E23000021", Profile::Mdc).unwrap();
        assert!(calls.rebases.is_empty());
        assert_eq!(calls.analysis.groups.len(), 1);
    }

    #[test]
    fn p_charts_come_back_in_percent() {
        let (ds, _) = parse_ok(&fixture("example.json"));
        let sa = analyse_series(&ds, "1.1", "E23000021", Profile::Mdc).unwrap();
        let p0 = &sa.analysis.points[0];
        assert!((p0.value.unwrap() - 100.0 * 9012.0 / 10012.0).abs() < 1e-9);
        let l = p0.limits.unwrap();
        assert!(l.lpl < l.mean && l.mean < l.upl);
        assert!((85.0..95.0).contains(&l.mean), "{l:?}");
        // The rebase at April 2023 applies.
        assert_eq!(sa.analysis.points[3].group, 1);
        assert_eq!(
            sa.rebase_reason(3),
            Some("New telephony system went live on 3 April 2023")
        );
        // The target (90 %) is compared in the same unit: it lies within the limits.
        assert_eq!(
            sa.analysis.assurance,
            Some(pcc_spc::spc::Assurance::Inconsistent)
        );
    }

    #[test]
    fn unknown_measure_or_area_lists_what_exists() {
        let (ds, _) = parse_ok(&fixture("example.json"));
        let e = analyse_series(&ds, "9.9", "E06000016", Profile::Mdc).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(
            e.message(),
            "measure \"9.9\" is not in the file; its measures are: 1.1, 3.1, 3.1r"
        );
        let e = analyse_series(&ds, "3.1", "E07000129", Profile::Mdc).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(
            e.message(),
            "area \"E07000129\" is not in the file; the areas with a series for measure 3.1 are: E23000021 (Leicestershire, Leicester and Rutland), E06000016 (Leicester), E06000017 (Rutland)"
        );
        assert_eq!(e.location().measure.as_deref(), Some("3.1"));
        assert_eq!(e.location().area.as_deref(), Some("E07000129"));
        let e = analyse_series(&ds, "3.1r", "E06000017", Profile::Mdc).unwrap_err();
        assert_eq!(
            e.message(),
            "measure 3.1r has no series for area E06000017; the areas with a series for measure 3.1r are: E06000016 (Leicester)"
        );
    }

    fn cli(args: &[&str]) -> (i32, String, String) {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    #[test]
    fn analyse_dataset_marks_excluded_points_with_their_reason() {
        let (code, stdout, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/excluded.json",
            "--measure",
            "3.1",
            "--area",
            "E07000135",
            "--profile",
            "nhsr",
        ]);
        assert_eq!(code, 0, "{stderr}");
        let out: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(out["profile"], "nhsr");
        assert_eq!(out["measure"]["id"], "3.1");
        assert_eq!(out["area"]["name"], "Oadby and Wigston");
        let points = out["points"].as_array().unwrap();
        assert_eq!(points.len(), 24);
        let march = &points[11];
        assert_eq!(march["date"], "2020-03");
        assert_eq!(march["value"], 7.0);
        assert_eq!(march["excluded"], true);
        assert_eq!(
            march["excluded_reason"],
            "data.police.uk published most of these areas' March 2020 crimes without a location"
        );
        assert_eq!(march["annotations"], json!(["COVID-19 lockdown"]));
        assert_eq!(points[12]["excluded"], false);
        assert!(points[12].get("excluded_reason").is_none());
        // May 2020 is excluded but not published: still marked, still null, never 0.
        assert_eq!(points[13]["excluded"], true);
        assert_eq!(points[13]["value"], Value::Null);
        for key in [
            "variation_icon",
            "assurance_type",
            "pcc_class",
            "warnings",
            "groups",
        ] {
            assert!(out.get(key).is_some(), "{key}");
        }
        assert_eq!(out["exclusions"].as_array().unwrap().len(), 2);
        // The file's warning about that month reaches the user on stderr; Harborough's chart
        // does not get it, as it is about Oadby and Wigston.
        assert!(
            stderr.contains("2020-05 is excluded but has no published value"),
            "{stderr}"
        );
        let (code, _, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/excluded.json",
            "--measure",
            "3.1",
            "--area",
            "E07000131",
        ]);
        assert_eq!(code, 0);
        assert!(!stderr.contains("warning"), "{stderr}");
    }

    /// The embedded LLR file (`www/data/llr.json`, built by `pcc-spc build`): March 2020 in
    /// Harborough and Oadby and Wigston is a data hole (crimes published without a
    /// location), so it is drawn, marked and left out, with its reason.
    #[test]
    fn llr_march_2020_hole_is_excluded_with_its_reason() {
        for area in ["E07000131", "E07000135"] {
            let (code, stdout, stderr) = cli(&[
                "analyse",
                "--dataset",
                "www/data/llr.json",
                "--measure",
                "3.1",
                "--area",
                area,
            ]);
            assert_eq!(code, 0, "{stderr}");
            let out: Value = serde_json::from_str(&stdout).unwrap();
            let points = out["points"].as_array().unwrap();
            let march = points
                .iter()
                .find(|p| p["date"] == "2020-03")
                .expect("March 2020 is in the period");
            assert_eq!(march["excluded"], true, "{area}");
            let reason = march["excluded_reason"].as_str().unwrap_or_default();
            assert!(reason.contains("without a location"), "{area}: {reason}");
            assert!(march["value"].is_number(), "the value is still shown");
            assert!(march["rules"].as_array().unwrap().is_empty());
            // Only March 2020 is excluded.
            let excluded: Vec<&Value> = points.iter().filter(|p| p["excluded"] == true).collect();
            assert_eq!(excluded.len(), 1, "{area}");
        }
        // The other areas' March 2020 counts are real and stay in.
        let (ds, _) = parse_ok(&fixture("../../www/data/llr.json"));
        let march = ds.month_index(month("2020-03")).unwrap();
        for m in ds.measures.iter().filter(|m| !m.exclusions.is_empty()) {
            for s in &m.series {
                let sa = analyse_series(&ds, &m.id, &s.area, Profile::Mdc).unwrap();
                let hole = s.area == "E07000131" || s.area == "E07000135";
                assert_eq!(
                    sa.analysis.points[march].excluded, hole,
                    "measure {}, area {}",
                    m.id, s.area
                );
                assert_eq!(sa.exclusion_reason(march).is_some(), hole);
            }
        }
    }

    #[test]
    fn analyse_dataset_unknown_measure_or_area_exits_2_listing_what_exists() {
        let (code, stdout, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/example.json",
            "--measure",
            "4.2",
            "--area",
            "E06000016",
        ]);
        assert_eq!(code, 2);
        assert!(stdout.is_empty());
        assert!(
            !stderr.contains("warning"),
            "no warnings before the error: {stderr}"
        );
        assert!(
            stderr.contains("measure \"4.2\" is not in the file; its measures are: 1.1, 3.1, 3.1r"),
            "{stderr}"
        );
        let (code, _, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/example.json",
            "--measure",
            "3.1",
            "--area",
            "Leicester",
        ]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("area \"Leicester\" is not in the file"),
            "{stderr}"
        );
        assert!(stderr.contains("E06000016 (Leicester)"), "{stderr}");
        let (code, _, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/example.json",
            "--measure",
            "3.1",
        ]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("--dataset FILE needs --measure ID and --area CODE"),
            "{stderr}"
        );
        let (code, _, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/malformed_syntax.json",
            "--measure",
            "3.1",
            "--area",
            "E06000016",
        ]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("tests/fixtures/malformed_syntax.json"),
            "{stderr}"
        );
        assert!(stderr.contains("not valid JSON"), "{stderr}");
        let (code, _, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/no-such-file.json",
            "--measure",
            "3.1",
            "--area",
            "E06000016",
        ]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("cannot read the --dataset file")
                && stderr.contains("tests/fixtures/no-such-file.json"),
            "{stderr}"
        );
        let (code, _, stderr) = cli(&[
            "analyse",
            "--dataset",
            "tests/fixtures/example.json",
            "--measure",
            "3.1",
            "--area",
            "E06000016",
            "--chart",
            "c",
        ]);
        assert_eq!(code, 2);
        assert!(
            stderr.contains("--chart cannot be used with --dataset"),
            "{stderr}"
        );
    }
}
