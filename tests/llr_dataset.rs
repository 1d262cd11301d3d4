//! `docs/llr-dataset.md` cannot drift from `www/data/llr.json`: its tables (the measures, the
//! annotations, exclusions and rebases with their reasons, and the months flagged before and
//! after the rebases and exclusions) are recomputed here from the committed file and the real
//! SPC engine, and must equal the text between the doc's `<!-- generated:NAME -->` markers.
//!
//! After a deliberate change to the file (`./run data`), regenerate the tables with
//! `LLR_DOC=regenerate cargo test --test llr_dataset` and read the diff: the words around the
//! tables explain the numbers and may need updating too.
//!
//! That March 2020 in Harborough and Oadby and Wigston is excluded, with its reason, in
//! `pcc-spc analyse --dataset` output is asserted by
//! `tests/model.rs::series_analysis::llr_march_2020_hole_is_excluded_with_its_reason`; here the
//! flagged counts of the doc are also checked against that command's output.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use pcc_spc::model::{analyse_series, parse, AreaKind, Dataset, Measure};
use pcc_spc::month::Month;
use pcc_spc::spc::{analyse, Direction, Input, Point, PointType, Profile, Side, SuggestedRebase};
use serde_json::Value;

const DOC: &str = "docs/llr-dataset.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn dataset() -> Dataset {
    let text = std::fs::read_to_string(root().join("www/data/llr.json")).expect("read llr.json");
    parse(&text).expect("llr.json is valid").0
}

fn flagged(p: &Point) -> bool {
    p.point_type != PointType::CommonCause
}

/// "high" or "low": which side of the usual range a flagged point is on, in words.
fn side(p: &Point, direction: Direction) -> &'static str {
    match (p.point_type, direction) {
        (PointType::SpecialCauseNeutralHigh, _) => "high",
        (PointType::SpecialCauseNeutralLow, _) => "low",
        (PointType::SpecialCauseImprovement, Direction::Decrease)
        | (PointType::SpecialCauseConcern, Direction::Increase) => "low",
        _ => "high",
    }
}

/// Consecutive flagged months on the same side as runs: "2020-04 to 2020-05 low, 2021-06 high".
fn runs(points: &[Point], months: &[Month], direction: Direction) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < points.len() {
        if !flagged(&points[i]) {
            i += 1;
            continue;
        }
        let s = side(&points[i], direction);
        let mut j = i;
        while j + 1 < points.len()
            && flagged(&points[j + 1])
            && side(&points[j + 1], direction) == s
        {
            j += 1;
        }
        out.push(if i == j {
            format!("{} {s}", months[i])
        } else {
            format!("{} to {} {s}", months[i], months[j])
        });
        i = j + 1;
    }
    if out.is_empty() {
        "none".to_string()
    } else {
        out.join(", ")
    }
}

/// The per-area table of flagged months for one measure: before (the engine on the published
/// values, no rebases, no exclusions) and after (the file's rebases and exclusions applied,
/// as `pcc-spc analyse --dataset` and the charts do), under the default `mdc` profile.
fn flagged_table(ds: &Dataset, id: &str) -> String {
    let m = ds.measure(id).expect("measure");
    let months = ds.months();
    let settings = Profile::Mdc.settings();
    let mut t = String::from(
        "| Area | Code | Months | Flagged before | Flagged after | Rebases applied | Excluded | Months still flagged after |\n\
         |---|---|---:|---:|---:|---|---|---|\n",
    );
    for area in &ds.areas {
        let s = m.series_for(&area.code).expect("series");
        let mut input = Input::xmr(&s.values, m.direction);
        input.chart = m.chart;
        let before = analyse(&input, &settings).expect("engine");
        let after = analyse_series(ds, id, &area.code, Profile::Mdc).expect("analyse_series");
        let count = |ps: &[Point]| ps.iter().filter(|p| flagged(p)).count();
        let list = |v: Vec<String>| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        t += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            area.name,
            area.code,
            s.values.iter().filter(|v| v.is_some()).count(),
            count(&before.points),
            count(&after.analysis.points),
            list(after.rebases.iter().map(|r| r.month.to_string()).collect()),
            list(
                after
                    .exclusions
                    .iter()
                    .map(|e| e.month.to_string())
                    .collect()
            ),
            runs(&after.analysis.points, &months, m.direction),
        );
    }
    t
}

/// The engine's suggested rebases (a shift that persists), before and after the file's
/// rebases and exclusions: pointers to look for a documented cause, never applied as such.
fn suggested_table(ds: &Dataset, id: &str) -> String {
    let m = ds.measure(id).expect("measure");
    let months = ds.months();
    let settings = Profile::Mdc.settings();
    let words = |v: &[SuggestedRebase]| {
        if v.is_empty() {
            return "none".to_string();
        }
        v.iter()
            .map(|r| {
                let side = match r.side {
                    Side::High => "high",
                    Side::Low => "low",
                };
                format!("{} ({} months {side})", months[r.at], r.run_length)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut t = String::from("| Area | Suggested before | Suggested after |\n|---|---|---|\n");
    for area in &ds.areas {
        let s = m.series_for(&area.code).expect("series");
        let mut input = Input::xmr(&s.values, m.direction);
        input.chart = m.chart;
        let before = analyse(&input, &settings).expect("engine");
        let after = analyse_series(ds, id, &area.code, Profile::Mdc).expect("analyse_series");
        t += &format!(
            "| {} | {} | {} |\n",
            area.name,
            words(&before.suggested_rebases),
            words(&after.analysis.suggested_rebases)
        );
    }
    t
}

fn areas_table(ds: &Dataset) -> String {
    let years = [2019, 2020, 2021];
    let mut t = String::from("| Code | Name | Kind |");
    for y in years {
        t += &format!(" Population mid-{y} |");
    }
    t += "\n|---|---|---|---:|---:|---:|\n";
    for a in &ds.areas {
        t += &format!("| {} | {} | {} |", a.code, a.name, a.kind.as_str());
        for y in years {
            match a.population.iter().find(|p| p.mid_year == y) {
                Some(p) => t += &format!(" {} |", p.value),
                None => t += " not given |",
            }
        }
        t += "\n";
    }
    t
}

fn measures_table(ds: &Dataset) -> String {
    let mut t = String::from(
        "| Id | Measure | Section | Unit | Better when | Chart | Rebases | Exclusions |\n\
         |---|---|---|---|---|---|---:|---:|\n",
    );
    for m in &ds.measures {
        t += &format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            m.id,
            m.name,
            m.section.as_str(),
            m.unit.as_str(),
            m.direction.as_str(),
            m.chart.as_str(),
            m.rebases.len(),
            m.exclusions.len(),
        );
    }
    t
}

/// Which measures a set of ids is, in words a reader can check against the measures table.
fn which_measures(ds: &Dataset, ids: &BTreeSet<&str>) -> String {
    let all: BTreeSet<&str> = ds.measures.iter().map(|m| m.id.as_str()).collect();
    if *ids == all {
        return "all".to_string();
    }
    let by = |f: &dyn Fn(&Measure) -> bool| -> BTreeSet<&str> {
        ds.measures
            .iter()
            .filter(|m| f(m))
            .map(|m| m.id.as_str())
            .collect()
    };
    for m in &ds.measures {
        if *ids == by(&|x| x.section == m.section) {
            return format!("section {} ({} measures)", m.section.as_str(), ids.len());
        }
        if *ids == by(&|x| x.unit == m.unit) {
            return format!("unit {} ({} measures)", m.unit.as_str(), ids.len());
        }
    }
    ds.measures
        .iter()
        .filter(|m| ids.contains(m.id.as_str()))
        .map(|m| m.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn which_areas(ds: &Dataset, areas: &Option<Vec<String>>) -> String {
    let Some(codes) = areas else {
        return "all (force and CSPs)".to_string();
    };
    let csps: BTreeSet<&str> = ds
        .areas
        .iter()
        .filter(|a| a.kind == AreaKind::Csp)
        .map(|a| a.code.as_str())
        .collect();
    let given: BTreeSet<&str> = codes.iter().map(String::as_str).collect();
    if given == csps {
        return format!("the {} CSPs (not the force)", csps.len());
    }
    ds.areas
        .iter()
        .filter(|a| given.contains(a.code.as_str()))
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// An annotation, exclusion or rebase of a measure: month, areas (`None` = all) and text.
type Event = (Month, Option<Vec<String>>, String);

/// One row per distinct event (month, areas, text), with the measures it is attached to.
fn events_table(ds: &Dataset, what: &str, events: impl Fn(&Measure) -> Vec<Event>) -> String {
    let mut rows: Vec<(Event, BTreeSet<&str>)> = Vec::new();
    for m in &ds.measures {
        for event in events(m) {
            match rows.iter_mut().find(|r| r.0 == event) {
                Some(r) => {
                    r.1.insert(m.id.as_str());
                }
                None => rows.push((event, BTreeSet::from([m.id.as_str()]))),
            }
        }
    }
    // Stable: events of one month keep the file's order.
    rows.sort_by_key(|r| r.0 .0);
    let mut t = format!("| Month | Areas | Measures | {what} |\n|---|---|---|---|\n");
    for ((month, areas, text), ids) in &rows {
        t += &format!(
            "| {month} | {} | {} | {text} |\n",
            which_areas(ds, areas),
            which_measures(ds, ids)
        );
    }
    t
}

/// Every generated table of the doc, by marker name.
fn tables(ds: &Dataset) -> Vec<(&'static str, String)> {
    vec![
        ("areas", areas_table(ds)),
        ("measures", measures_table(ds)),
        (
            "annotations",
            events_table(ds, "Text", |m| {
                m.annotations
                    .iter()
                    .map(|a| (a.month, a.areas.clone(), a.text.clone()))
                    .collect()
            }),
        ),
        (
            "exclusions",
            events_table(ds, "Reason", |m| {
                m.exclusions
                    .iter()
                    .map(|e| (e.month, e.areas.clone(), e.reason.clone()))
                    .collect()
            }),
        ),
        (
            "rebases",
            events_table(ds, "Reason", |m| {
                m.rebases
                    .iter()
                    .map(|r| (r.month, r.areas.clone(), r.reason.clone()))
                    .collect()
            }),
        ),
        ("flagged-3.1", flagged_table(ds, "3.1")),
        ("flagged-2.1", flagged_table(ds, "2.1")),
        ("suggested-3.1", suggested_table(ds, "3.1")),
        ("suggested-2.1", suggested_table(ds, "2.1")),
    ]
}

fn begin(name: &str) -> String {
    format!("<!-- generated:{name} -->\n")
}

fn end(name: &str) -> String {
    format!("<!-- /generated:{name} -->")
}

/// The text between a marker pair, and where it lies.
fn section(doc: &str, name: &str) -> (usize, usize) {
    let (b, e) = (begin(name), end(name));
    let start = doc
        .find(&b)
        .unwrap_or_else(|| panic!("{DOC} has no `{}` marker", b.trim()))
        + b.len();
    let stop = start
        + doc[start..]
            .find(&e)
            .unwrap_or_else(|| panic!("{DOC} has no `{e}` marker"));
    (start, stop)
}

#[test]
fn doc_tables_equal_the_file_and_the_engine() {
    let ds = dataset();
    let path = root().join(DOC);
    let mut doc = std::fs::read_to_string(&path).expect("read the doc");
    let regenerate = std::env::var("LLR_DOC").as_deref() == Ok("regenerate");
    let mut stale = Vec::new();
    for (name, table) in tables(&ds) {
        let (start, stop) = section(&doc, name);
        if doc[start..stop] != table {
            stale.push(format!("--- {name}: expected ---\n{table}"));
            doc.replace_range(start..stop, &table);
        }
    }
    if regenerate {
        std::fs::write(&path, &doc).expect("write the doc");
    } else {
        assert!(
            stale.is_empty(),
            "{DOC} is stale (regenerate with `LLR_DOC=regenerate cargo test --test llr_dataset`):\n{}",
            stale.join("\n")
        );
    }
}

/// The doc's "after" numbers are what a user of `pcc-spc analyse --dataset` gets.
#[test]
fn flagged_after_equals_analyse_dataset_output() {
    let ds = dataset();
    for id in ["3.1", "2.1"] {
        let table = flagged_table(&ds, id);
        for area in &ds.areas {
            let out = Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
                .current_dir(root())
                .args(["analyse", "--dataset", "www/data/llr.json", "--measure", id])
                .args(["--area", &area.code])
                .output()
                .expect("run pcc-spc");
            assert!(out.status.success(), "{id} {}", area.code);
            let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
            let n = v["points"]
                .as_array()
                .expect("points")
                .iter()
                .filter(|p| p["point_type"] != "common_cause")
                .count();
            let row = table
                .lines()
                .find(|l| l.contains(&format!("| {} |", area.code)))
                .expect("row");
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            assert_eq!(cells[5], n.to_string(), "{id} {}: {row}", area.code);
        }
    }
}

/// The choices the doc explains, checked on the file itself: location-coverage rebases on the
/// CSPs' crime measures only, none on the force nor on anti-social behaviour.
#[test]
fn coverage_rebases_are_on_csp_crime_measures_only() {
    let ds = dataset();
    let june_2020 = Month::parse("2020-06").unwrap();
    let march_2022 = Month::parse("2022-03").unwrap();
    for m in &ds.measures {
        for area in &ds.areas {
            let at: Vec<Month> = m.rebases_for(&area.code).map(|r| r.month).collect();
            let crime_csp = m.section.as_str() == "Crime" && area.kind == AreaKind::Csp;
            let expected = if crime_csp {
                vec![june_2020, march_2022]
            } else {
                vec![]
            };
            assert_eq!(at, expected, "measure {}, area {}", m.id, area.code);
            for r in m.rebases_for(&area.code) {
                assert!(
                    r.reason.contains("without a location"),
                    "cites its cause: {}",
                    r.reason
                );
            }
        }
    }
}
