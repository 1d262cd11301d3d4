//! `pcc-spc analyse` through the real binary: the exact input/output contract of issue 3, a
//! few conformance vectors end to end, and bad input (exit code 2, one line naming the field
//! and the index, never a panic).

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

fn analyse(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
        .arg("analyse")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start pcc-spc");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(args: &[&str], input: &Value) -> Value {
    let (code, out, err) = analyse(args, &input.to_string());
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).expect("stdout is JSON")
}

fn bad(input: &str) -> String {
    let (code, out, err) = analyse(&[], input);
    assert_eq!(code, 2, "expected exit 2 for {input}, stdout {out}");
    assert!(out.is_empty());
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn vectors(file: &str) -> Value {
    let path = format!(
        "{}/tests/spc_conformance/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn edge_case(doc: &Value, id: &str) -> Value {
    doc["edge_cases_executed"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["id"] == id))
        .cloned()
        .expect(id)
}

fn close(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-3),
        _ => a.is_null() && b.is_null(),
    }
}

#[test]
fn output_has_the_contract_keys() {
    let input = json!({
        "dates": ["2022-04", "2022-05", "2022-06", "2022-07", "2022-08"],
        "values": [10, 12, null, 11, 13],
        "improvement_direction": "decrease",
        "target": 5
    });
    let out = ok(&[], &input);
    for key in [
        "points",
        "variation_icon",
        "assurance_type",
        "pcc_class",
        "warnings",
    ] {
        assert!(out.get(key).is_some(), "missing {key}");
    }
    let points = out["points"].as_array().expect("points");
    assert_eq!(points.len(), 5);
    for key in [
        "date",
        "value",
        "mean",
        "lpl",
        "upl",
        "near_lpl",
        "near_upl",
        "point_type",
        "rules",
        "group",
    ] {
        assert!(points[0].get(key).is_some(), "point missing {key}");
    }
    assert_eq!(points[2]["value"], Value::Null);
    assert_eq!(points[2]["date"], "2022-06");
    // Target 5 is below the lower limit of a decrease measure: it will not be met.
    assert_eq!(out["assurance_type"], "consistent_fail");
    assert!(out["warnings"]
        .as_array()
        .is_some_and(|w| w.iter().any(|w| w["code"] == "trial_limits")));
    // Neutral measures never get an assurance icon: the key stays, as null.
    let neutral = ok(
        &[],
        &json!({"dates": ["2022-04", "2022-05", "2022-06"], "values": [1, 2, 3], "improvement_direction": "neutral", "target": 2}),
    );
    assert_eq!(neutral["assurance_type"], Value::Null);
}

#[test]
fn nhsr_e15_rebased_through_the_binary() {
    let doc = vectors("nhsrplotthedots.json");
    let case = edge_case(&doc, "E15_step_down_with_rebase");
    let exp = &case["runs"]["rebased"];
    let out = ok(&["--profile", "nhsr"], &case["input"]);
    let points = out["points"].as_array().expect("points");
    for (i, p) in points.iter().enumerate() {
        for (ours, theirs) in [("mean", "mean"), ("lpl", "lpl"), ("upl", "upl")] {
            assert!(
                close(&p[ours], &exp[theirs][i]),
                "{ours}[{i}]: {} vs {}",
                p[ours],
                exp[theirs][i]
            );
        }
        assert_eq!(p["group"], exp["rebase_group"][i]);
        assert_eq!(p["point_type"], exp["point_type"][i]);
    }
    assert_eq!(out["variation_icon"], exp["variation_icon_last_point"]);
}

#[test]
fn nhsr_daily_pipeline_vector_through_the_binary() {
    let doc = vectors("nhsrplotthedots.json");
    let v = doc["upstream_pipeline_vectors"]
        .as_array()
        .and_then(|a| a.iter().find(|v| v["id"] == "rnorm20_outlier_screened"))
        .cloned()
        .expect("vector");
    let mut input = v["input"].clone();
    input
        .as_object_mut()
        .expect("object")
        .remove("screen_outliers");
    input["improvement_direction"] = json!("increase");
    let out = ok(&["--profile=nhsr"], &input);
    let p = &out["points"][0];
    for k in ["mean", "lpl", "upl"] {
        assert!(close(&p[k], &v["expected"][k]), "{k}");
    }
    assert_eq!(
        out["points"][14]["rules"],
        json!([{"rule": "outside_limits", "side": "high"}])
    );
}

#[test]
fn powerbi_e13_missing_months_and_p_chart_through_the_binary() {
    let doc = vectors("powerbi-spc.json");
    let case = edge_case(&doc, "E13_missing_values");
    let out = ok(&["--profile", "powerbi"], &case["input"]);
    let exp = &case["runs"]["default"];
    assert!(close(&out["points"][0]["lpl"], &exp["ll99"][0]));
    assert!(close(&out["points"][0]["upl"], &exp["ul99"][0]));
    assert_eq!(out["points"][6]["value"], Value::Null);

    let case = edge_case(&doc, "E19_p_chart_999_within_10s");
    let out = ok(&["--profile", "powerbi", "--chart", "pp"], &case["input"]);
    let exp = &case["runs"]["pp_chart"];
    for i in 0..24 {
        let ours = out["points"][i]["upl"].as_f64().expect("upl") * 100.0;
        let theirs = exp["ul99"][i].as_f64().expect("ul99");
        assert!(
            (ours - theirs).abs() <= 1e-9 * theirs,
            "[{i}] {ours} vs {theirs}"
        );
    }
    assert_eq!(out["chart"], "pp");
}

#[test]
fn qicharts2_runs_analysis_is_reported() {
    let doc = vectors("qicharts2.json");
    let case = edge_case(&doc, "E09_point_on_mean_breaks_run");
    let out = ok(&["--profile", "qicharts2"], &case["input"]);
    let ra = &out["groups"][0]["runs_analysis"];
    let exp = &case["runs"]["default"]["runs_analysis"];
    assert_eq!(ra["longest_run"], exp["longest_run"]);
    assert_eq!(ra["crossings"], exp["n_crossings"]);
    assert_eq!(ra["signal"], exp["runs_signal"]);
}

#[test]
fn excluded_dates_and_suggested_rebases() {
    let mut values: Vec<f64> = vec![
        50.0, 52.0, 49.0, 51.0, 48.0, 50.0, 52.0, 49.0, 51.0, 50.0, 48.0, 52.0,
    ];
    values.extend([45.0, 44.0, 46.0, 45.0, 43.0, 46.0, 44.0, 45.0]);
    let dates: Vec<String> = (0..values.len())
        .map(|i| format!("{}-{:02}", 2020 + (i + 3) / 12, (i + 3) % 12 + 1))
        .collect();
    let out = ok(
        &[],
        &json!({
            "dates": dates, "values": values, "improvement_direction": "decrease",
            "excluded_dates": [dates[3].clone()]
        }),
    );
    assert_eq!(out["points"][3]["excluded"], true);
    assert_eq!(out["points"][3]["rules"], json!([]));
    assert_eq!(out["suggested_rebases"][0]["date"], dates[12]);
    assert_eq!(out["suggested_rebases"][0]["side"], "low");
    assert_eq!(out["groups"].as_array().map(Vec::len), Some(1));
}

#[test]
fn bad_input_exits_2_naming_field_and_index() {
    let err = bad(
        r#"{"dates": ["2022-01", "2022-02"], "values": [1], "improvement_direction": "increase"}"#,
    );
    assert!(err.contains("\"values\""), "{err}");
    let err = bad(
        r#"{"dates": ["2022-01", "2022-02"], "values": [1, 2], "improvement_direction": "up"}"#,
    );
    assert!(
        err.contains("improvement_direction") && err.contains("up"),
        "{err}"
    );
    let err = bad(
        r#"{"dates": ["2022-01", "2022-03", "2022-02"], "values": [1, 2, 3], "improvement_direction": "increase"}"#,
    );
    assert!(err.contains("field \"dates\" index 2"), "{err}");
    let err = bad(
        r#"{"dates": ["2022-01", "2022-02"], "values": [1, "two"], "improvement_direction": "increase"}"#,
    );
    assert!(err.contains("field \"values\" index 1"), "{err}");
    let err = bad(r#"{"dates": ["2022-01", "2022-02"], "improvement_direction": "increase"}"#);
    assert!(
        err.contains("\"values\"") && err.contains("missing"),
        "{err}"
    );
    let err = bad(r#"{"values": [1, 2], "improvement_direction": "increase"}"#);
    assert!(err.contains("\"dates\""), "{err}");
    let err = bad(
        r#"{"dates": ["2022-01", "2022-13"], "values": [1, 2], "improvement_direction": "increase"}"#,
    );
    assert!(err.contains("index 1"), "{err}");
    let err = bad(
        r#"{"dates": ["2022-01", "2022-02"], "values": [1, 2], "improvement_direction": "increase", "rebase_dates": ["2023-01"]}"#,
    );
    assert!(err.contains("field \"rebase_dates\" index 0"), "{err}");
    let err =
        bad(r#"{"dates": ["2022-01"], "values": [1e300], "improvement_direction": "increase"}"#);
    assert!(err.contains("index 0"), "{err}");
    bad("not json");
    bad("[1, 2]");
    let (code, _, err) = analyse(&["--profile", "excel"], "{}");
    assert_eq!(code, 2);
    assert!(err.contains("excel"));
    let (code, _, err) = analyse(
        &["--dataset", "x.json", "--measure", "1", "--area", "E1"],
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("--dataset"), "{err}");
}

#[test]
fn too_few_points_is_a_result_not_an_error() {
    let out = ok(
        &[],
        &json!({"dates": ["2022-01-01", "2022-02-01"], "values": [1, 2], "improvement_direction": "increase"}),
    );
    assert_eq!(out["variation_icon"], Value::Null);
    assert_eq!(out["pcc_class"], Value::Null);
    assert_eq!(out["points"][0]["mean"], Value::Null);
    assert!(out["warnings"]
        .as_array()
        .is_some_and(|w| w.iter().any(|w| w["code"] == "too_few_points")));
}

#[test]
fn help_prints_usage_and_succeeds() {
    let (code, out, _) = analyse(&["--help"], "");
    assert_eq!(code, 0);
    assert!(
        out.contains("--profile mdc|nhsr|powerbi|qicharts2")
            && out.contains("improvement_direction")
    );
}
