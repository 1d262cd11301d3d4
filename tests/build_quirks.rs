//! Small synthetic fixtures for every quirk of the sources and every error of `pcc-spc build`,
//! run through the real command line (exit code, stderr) and the written JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use pcc_spc::model::json::FileDto;

const HEADER: &str = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context";

/// A fresh folder for one test.
fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("build_quirks_{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("street")).unwrap();
    d
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

fn write_gz(path: &Path, text: &str) {
    let f = std::fs::File::create(path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(f, flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap();
}

/// A data.police.uk row.
fn row(id: &str, month: &str, location: &str, lsoa: &str, crime_type: &str) -> String {
    let (lon, lat, name) = if lsoa.is_empty() {
        ("", "", "")
    } else {
        ("-1.1", "52.6", "Somewhere 001A")
    };
    format!(
        "{id},{month},Test Police,Test Police,{lon},{lat},{location},{lsoa},{name},{crime_type},,"
    )
}

/// Lines joined with CRLF, as data.police.uk writes them.
fn crlf(lines: &[String]) -> String {
    let mut s = lines.join("\r\n");
    s.push_str("\r\n");
    s
}

const CONFIG: &str = r#"
[metadata]
title = "Test"
publisher = "Test PCC"
source = "synthetic"
licence = "OGL v3.0"
published = "2023-01-01"

[force]
code = "F1"
name = "Test Police"

[[exclusions]]
month = "2020-03"
reason = "known hole"
areas = ["E1"]
sections = ["Crime"]
"#;

/// Lookup: E1 = L1, L2; E2 = L3. Population for 2019 and 2020 only.
fn fixture(name: &str) -> PathBuf {
    let d = dir(name);
    write(
        &d.join("lookup.csv"),
        "LSOA11CD,LSOA11NM,LAD_CODE,LAD_NAME\nL1,One 001A,E1,One\nL2,One 001B,E1,One\nL3,Two 001A,E2,Two\n",
    );
    write(
        &d.join("population.csv"),
        "area_code,area_name,mid_year,population,source_file\nE1,One,2019,1000,t\nE1,One,2020,2000,t\nE2,Two,2019,\"4,000\",t\nE2,Two,2020,4000,t\nX9,Elsewhere,2020,5,t\n",
    );
    write(&d.join("measures.toml"), CONFIG);
    d
}

struct Run {
    code: i32,
    stderr: String,
    file: Option<FileDto>,
}

fn run(d: &Path, extra: &[&str]) -> Run {
    let out = d.join("out.json");
    let _ = std::fs::remove_file(&out);
    let mut args: Vec<String> = vec![
        "build".into(),
        "--config".into(),
        "measures.toml".into(),
        "--out".into(),
        "out.json".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let o = Command::new(env!("CARGO_BIN_EXE_pcc-spc"))
        .args(&args)
        .current_dir(d)
        .output()
        .unwrap();
    let file = std::fs::read_to_string(&out)
        .ok()
        .map(|t| serde_json::from_str(&t).unwrap());
    Run {
        code: o.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        file,
    }
}

const STREET: [&str; 6] = [
    "--street",
    "street",
    "--lookup",
    "lookup.csv",
    "--population",
    "population.csv",
];

fn values(f: &FileDto, id: &str, area: &str) -> Vec<Option<f64>> {
    f.measures
        .iter()
        .find(|m| m.id == id)
        .unwrap()
        .series
        .iter()
        .find(|s| s.area == area)
        .unwrap()
        .values
        .clone()
}

/// January (plain, CRLF, quoted commas, empty LSOA, LSOA outside, a repeated crime ID),
/// no February, March gzipped.
fn good_months(d: &Path) {
    write(
        &d.join("street/2020-01-test-street.csv"),
        &crlf(&[
            HEADER.into(),
            row("a1", "2020-01", "On or near Asda", "L1", "Burglary"),
            row(
                "a2",
                "2020-01",
                "\"On or near Asda, Thurmaston\"",
                "L2",
                "Burglary",
            ),
            row(
                "",
                "2020-01",
                "\"On or near Shops, High Street\"",
                "L3",
                "Anti-social behaviour",
            ),
            row("a3", "2020-01", "No Location", "", "Drugs"),
            row("a4", "2020-01", "On or near Far Away", "Z9", "Robbery"),
            row("dup", "2020-01", "On or near Road", "L3", "Vehicle crime"),
        ]),
    );
    write_gz(
        &d.join("street/2020-03-test-street.csv.gz"),
        &crlf(&[
            HEADER.into(),
            row("dup", "2020-03", "On or near Road", "L3", "Vehicle crime"),
            row("b1", "2020-03", "On or near Road", "L1", "Shoplifting"),
            row("b2", "2020-03", "No Location", "", "Shoplifting"),
        ]),
    );
}

#[test]
fn quirks_are_counted_as_published_and_a_missing_month_is_null_with_a_warning() {
    let d = fixture("quirks");
    good_months(&d);
    let r = run(&d, &STREET);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = r.file.unwrap();
    assert_eq!(
        (f.period.first.as_str(), f.period.last.as_str()),
        ("2020-01", "2020-03")
    );
    let codes: Vec<&str> = f.areas.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes, ["F1", "E1", "E2"]);
    // All crime excluding ASB: force counts every row; CSPs located rows; February is null.
    assert_eq!(values(&f, "3.1", "F1"), [Some(5.0), None, Some(3.0)]);
    assert_eq!(values(&f, "3.1", "E1"), [Some(2.0), None, Some(1.0)]);
    assert_eq!(values(&f, "3.1", "E2"), [Some(1.0), None, Some(1.0)]);
    assert_eq!(values(&f, "2.1", "E2"), [Some(1.0), None, Some(0.0)]);
    assert_eq!(values(&f, "2.1", "F1"), [Some(1.0), None, Some(0.0)]);
    // Burglary 3.3 (quoted comma row included), vehicle crime 3.13 with the repeated ID in both months.
    assert_eq!(values(&f, "3.3", "E1"), [Some(2.0), None, Some(0.0)]);
    assert_eq!(values(&f, "3.13", "E2"), [Some(1.0), None, Some(1.0)]);
    // Reconciliation: rows = CSPs + no location + outside; February not published.
    let rec: Vec<(u64, u64, u64, bool)> = f
        .reconciliation
        .iter()
        .map(|r| (r.rows, r.no_location, r.outside_areas, r.published))
        .collect();
    assert_eq!(rec, [(6, 1, 1, true), (0, 0, 0, false), (3, 1, 0, true)]);
    // Rates: per 1,000 of the month's mid-year; 2020 population; force = sum of CSPs.
    assert_eq!(values(&f, "3.21", "E1"), [Some(1.0), None, Some(0.5)]);
    assert_eq!(values(&f, "3.21", "F1"), [Some(0.8333), None, Some(0.5)]);
    assert_eq!(f.areas[0].population[0].value, 6000.0);
    // The missing month is a warning on stderr and a note, never 0.
    assert!(
        r.stderr
            .contains("warning: no street-level file for 2020-02"),
        "{}",
        r.stderr
    );
    assert!(f.metadata.notes.iter().any(|n| n.contains("2020-02")));
    // The exclusion from the measures file reaches crime measures only.
    let m31 = f.measures.iter().find(|m| m.id == "3.1").unwrap();
    assert_eq!(m31.exclusions[0].reason, "known hole");
    assert!(f
        .measures
        .iter()
        .find(|m| m.id == "2.1")
        .unwrap()
        .exclusions
        .is_empty());
}

#[test]
fn later_years_use_the_latest_population_and_say_so() {
    let d = fixture("latest_population");
    // (The fixture's March 2020 exclusion would be outside this period: an error.)
    write(
        &d.join("measures.toml"),
        CONFIG.split("[[exclusions]]").next().unwrap(),
    );
    write(
        &d.join("street/2021-05.csv"),
        &crlf(&[
            HEADER.into(),
            row("a", "2021-05", "On or near X", "L1", "Drugs"),
        ]),
    );
    let r = run(&d, &STREET);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = r.file.unwrap();
    assert_eq!(values(&f, "3.25", "E1"), [Some(0.5)]);
    let desc = f
        .measures
        .iter()
        .find(|m| m.id == "3.25")
        .unwrap()
        .description
        .clone()
        .unwrap();
    assert!(
        desc.contains("Months of 2021 use mid-2020, the latest estimate available"),
        "{desc}"
    );
    assert!(
        r.stderr.contains("warning: no mid-2021 population estimate: rates per 1,000 for months of 2021 use mid-2020"),
        "{}",
        r.stderr
    );
    assert_eq!(f.areas[1].population.len(), 1);
    assert_eq!(f.areas[1].population[0].mid_year, 2020);
}

#[test]
fn a_requested_period_longer_than_the_files_gives_null_months() {
    let d = fixture("period");
    good_months(&d);
    let r = run(
        &d,
        &[&STREET[..], &["--from", "2019-12", "--to", "2020-04"]].concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = r.file.unwrap();
    assert_eq!(
        values(&f, "3.1", "F1"),
        [None, Some(5.0), None, Some(3.0), None]
    );
    assert!(
        r.stderr.contains("2019-12, 2020-02, 2020-04"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_malformed_row_is_an_error_with_file_and_line() {
    let d = fixture("malformed");
    good_months(&d);
    write(
        &d.join("street/2020-02-test-street.csv"),
        &crlf(&[
            HEADER.into(),
            row("c1", "2020-02", "On or near X", "L1", "Drugs"),
            "c2,2020-02,Test Police,Test Police,-1.1,52.6,On or near, Comma,L1,One 001A,Drugs,,"
                .into(),
        ]),
    );
    let r = run(&d, &STREET);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("row has 13 fields, expected 12")
            && r.stderr.contains("2020-02-test-street.csv line 3"),
        "{}",
        r.stderr
    );
    assert!(r.file.is_none());
}

#[test]
fn skip_bad_rows_counts_and_reports_them() {
    let d = fixture("skip");
    good_months(&d);
    write(
        &d.join("street/2020-02-test-street.csv"),
        &crlf(&[
            HEADER.into(),
            row("c1", "2020-02", "On or near X", "L1", "Drugs"),
            "c2,2020-02,Test Police,Test Police,-1.1,52.6,On or near, Comma,L1,One 001A,Drugs,,"
                .into(),
            row("c3", "2020-02", "On or near X", "L1", "Arson of things"),
            row("c4", "2020-02", "On or near X", "L2", "Drugs"),
        ]),
    );
    let r = run(&d, &[&STREET[..], &["--skip-bad-rows"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 malformed rows skipped (line 3: row has 13 fields, expected 12; line 4: unknown crime type \"Arson of things\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("total: 3 files, 11 rows counted, 2 malformed rows skipped"),
        "{}",
        r.stderr
    );
    let f = r.file.unwrap();
    assert_eq!(values(&f, "3.1", "E1"), [Some(2.0), Some(2.0), Some(1.0)]);
    assert_eq!(f.reconciliation[1].rows, 2);
    assert!(f
        .metadata
        .notes
        .iter()
        .any(|n| n.contains("2 malformed rows of 2020-02-test-street.csv (2020-02) were skipped")));
}

#[test]
fn unknown_crime_type_row_month_and_file_month_errors() {
    let cases: [(&str, Vec<String>, &str); 4] = [
        (
            "2020-01-a.csv",
            vec![HEADER.into(), row("a", "2020-01", "X", "L1", "Burglary"), row("b", "2020-01", "X", "L1", "Burgalry")],
            "unknown crime type \"Burgalry\": expected one of the 14 data.police.uk categories (use --skip-bad-rows to count and skip such rows) (",
        ),
        (
            "2020-01-b.csv",
            vec![HEADER.into(), row("a", "2020-01", "X", "L1", "Drugs"), row("b", "2020-02", "X", "L1", "Drugs")],
            "Month \"2020-02\" differs from the file's month 2020-01",
        ),
        (
            "2020-01-c.csv",
            vec![HEADER.into(), row("a", "2020-04", "X", "L1", "Drugs")],
            "the file name says 2020-01 but its rows are for 2020-04",
        ),
        (
            "2020-01-d.csv",
            vec!["Crime ID,Month,Location,Crime type".into(), "a,2020-01,X,Drugs".into()],
            "the header has no \"LSOA code\" column",
        ),
    ];
    for (i, (name, lines, want)) in cases.iter().enumerate() {
        let d = fixture(&format!("errors{i}"));
        write(&d.join("street").join(name), &crlf(lines));
        let r = run(&d, &STREET);
        assert_eq!(r.code, 2, "{name}");
        assert!(r.stderr.contains(want), "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{name} line")),
            "{name}: {}",
            r.stderr
        );
    }
}

#[test]
fn two_files_for_one_month_and_a_truncated_gzip_are_errors() {
    let d = fixture("twice");
    good_months(&d);
    write(
        &d.join("street/2020-01-again.csv"),
        &crlf(&[HEADER.into(), row("a", "2020-01", "X", "L1", "Drugs")]),
    );
    let r = run(&d, &STREET);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("a second file for 2020-01"),
        "{}",
        r.stderr
    );

    let d = fixture("truncated");
    let full = d.join("street/2020-01-x.csv.gz");
    let rows: Vec<String> = std::iter::once(HEADER.to_string())
        .chain((0..2000).map(|i| row(&format!("id{i}"), "2020-01", "X", "L1", "Drugs")))
        .collect();
    write_gz(&full, &crlf(&rows));
    let bytes = std::fs::read(&full).unwrap();
    std::fs::write(&full, &bytes[..bytes.len() / 2]).unwrap();
    let r = run(&d, &STREET);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2020-01-x.csv.gz"), "{}", r.stderr);
}

#[test]
fn lookup_and_population_errors_name_file_and_line() {
    let d = fixture("lookup_dup");
    good_months(&d);
    write(
        &d.join("lookup.csv"),
        "LSOA11CD,LAD_CODE,LAD_NAME\nL1,E1,One\nL1,E2,Two\n",
    );
    let r = run(&d, &STREET);
    assert!(
        r.stderr
            .contains("LSOA L1 is listed twice (first at line 2) (lookup.csv line 3)"),
        "{}",
        r.stderr
    );

    let d = fixture("population_bad");
    good_months(&d);
    write(
        &d.join("population.csv"),
        "area_code,mid_year,population\nE1,2020,lots\n",
    );
    let r = run(&d, &STREET);
    assert!(
        r.stderr
            .contains("population \"lots\" is not a positive number (population.csv line 2)"),
        "{}",
        r.stderr
    );
}

const KPI_CONFIG: &str = r#"
[metadata]
title = "Calls"
publisher = "Test PCC"
source = "force call-handling system"
licence = "OGL v3.0"
published = "2023-01-01"

[period]
first = "2022-01"
last = "2022-04"

[force]
code = "F1"
name = "Test Police"

[[measures]]
id = "1.1"
name = "999 calls answered within 10 seconds"
section = "Calls"
unit = "percent"
direction = "increase"
chart = "p"
target = 90
description = "Share of 999 calls answered within 10 seconds."
rebases = [{ month = "2022-03", reason = "New telephony system went live" }]

[[measures.annotations]]
month = "2022-02"
text = "Storm Eunice"

[[measures]]
id = "1.2"
name = "Average response time, emergency"
section = "Calls"
unit = "minutes"
direction = "decrease"
"#;

fn kpi(name: &str, csv: &str, config: &str) -> Run {
    let d = dir(name);
    write(&d.join("measures.toml"), config);
    write(&d.join("kpi.csv"), csv);
    run(&d, &["--kpi", "kpi.csv"])
}

#[test]
fn kpi_csv_with_measures_file_builds_with_nulls_for_gaps() {
    let csv = "measure_id,area,month,value,numerator,denominator\r\n\
               1.1,F1,2022-01,91.5,915,1000\r\n\
               1.1,F1,2022-02,,,\r\n\
               1.1,F1,2022-03,88,880,1000\r\n\
               1.1,F1,2022-04-01,93,930,1000\r\n\
               1.2,F1,2022-01,12.25,,\r\n\
               1.2,F1,2022-02,11,,\r\n\
               1.2,F1,2022-03,10.5,,\r\n";
    let r = kpi("kpi_ok", csv, KPI_CONFIG);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = r.file.unwrap();
    let m = &f.measures[0];
    assert_eq!(
        (m.id.as_str(), m.unit.as_str(), m.chart.as_deref(), m.target),
        ("1.1", "percent", Some("p"), Some(90.0))
    );
    assert_eq!(
        m.series[0].values,
        [Some(91.5), None, Some(88.0), Some(93.0)]
    );
    assert_eq!(m.series[0].numerators.as_ref().unwrap()[2], Some(880.0));
    assert_eq!(m.rebases[0].reason, "New telephony system went live");
    assert_eq!(m.annotations[0].text, "Storm Eunice");
    assert_eq!(
        values(&f, "1.2", "F1"),
        [Some(12.25), Some(11.0), Some(10.5), None]
    );
    assert!(f.measures[1].series[0].numerators.is_none());
    assert!(
        r.stderr
            .contains("warning: measure 1.1 area F1: no value for 2022-02"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("warning: measure 1.2 area F1: no value for 2022-04"),
        "{}",
        r.stderr
    );
    assert!(f.reconciliation.is_empty());
}

#[test]
fn kpi_csv_errors_name_file_line_and_what() {
    let h = "measure_id,area,month,value\n";
    let cases = [
        (format!("{h}1.1,F1,2022-01,91\n1.1,E9,2022-02,90\n"), "unknown area \"E9\": the file's areas are F1 (kpi.csv line 3, measure 1.1, area E9)"),
        (format!("{h}1.1,F1,2022-01,91\n1.1,F1,2022-01,90\n"), "a second row for measure 1.1, area F1, month 2022-01 (the first is kpi.csv line 2) (kpi.csv line 3"),
        (format!("{h}1.1,F1,2022-01,ninety\n"), "value \"ninety\" is not a number (leave the cell empty for a month that is not published) (kpi.csv line 2)"),
        (format!("{h}1.1,F1,2022-01,1e999\n"), "value \"1e999\" is not a number"),
        (format!("{h}1.1,F1,2022-05,91\n"), "2022-05 is outside the period 2022-01 to 2022-04 (kpi.csv line 2"),
        (format!("{h}9.9,F1,2022-01,91\n"), "unknown measure \"9.9\": declare it as [[measures]] in measures.toml (kpi.csv line 2"),
        (format!("{h}1.1,F1,2022/01,91\n"), "month: \"2022/01\" is not a month: expected YYYY-MM or YYYY-MM-DD (kpi.csv line 2)"),
        (format!("{h}1.1,F1,2022-01\n"), "row has 3 fields, expected 4 (kpi.csv line 2)"),
        ("measure_id,area,month,valeu\n1.1,F1,2022-01,91\n".into(), "unknown column \"valeu\" (column 4)"),
        ("measure_id,area,month\n1.1,F1,2022-01\n".into(), "the header has no \"value\" column"),
        (format!("{h}1.1,F1,2022-01,101\n"), "value 101 is not a percentage (0 to 100) (kpi.csv line 2, measure 1.1, area F1, month 2022-01)"),
        (format!("{h}1.2,F1,2022-01,-3\n"), "value -3 is negative, which a minutes cannot be (kpi.csv line 2"),
        ("measure_id,area,month,value,numerator,denominator\n1.1,F1,2022-01,91,910,1000\n1.1,F1,2022-02,50,910,1000\n".into(), "value 50 does not match 100 × numerator 910 / denominator 1000 = 91 (kpi.csv line 3"),
        ("measure_id,area,month,value,numerator,denominator\n1.1,F1,2022-01,91,,\n".into(), "measure 1.1 is a p chart: give the numerator and denominator of every published value (kpi.csv line 2"),
        ("measure_id,area,month,value,numerator,denominator\n1.2,F1,2022-01,9,9,\n".into(), "give both the numerator and the denominator, or neither (kpi.csv line 2"),
        ("measure_id,area,month,value,numerator,denominator\n1.1,F1,2022-01,100,1100,1000\n".into(), "numerator 1100 is greater than denominator 1000, so it is not a proportion"),
        (format!("{h}1.1,F1,2022-01,91\n"), "measure 1.2 has no rows in the KPI CSV (measures.toml, at measures[1])"),
    ];
    for (i, (csv, want)) in cases.iter().enumerate() {
        // Measure 1.1 is a p chart (every value needs its numerator and denominator) only
        // where the case is about that; elsewhere it is an XmR chart of percentages.
        let config = if want.contains("p chart") || want.contains("proportion") {
            KPI_CONFIG.to_string()
        } else {
            KPI_CONFIG.replace("chart = \"p\"", "chart = \"xmr\"")
        };
        let r = kpi(&format!("kpi_err{i}"), csv, &config);
        assert_eq!(r.code, 2, "case {i}: {}", r.stderr);
        assert!(
            r.stderr.contains(want),
            "case {i}: wanted {want}\n got {}",
            r.stderr
        );
        assert!(r.file.is_none());
    }
}

#[test]
fn measures_file_errors_name_the_key_path() {
    let ok_csv = "measure_id,area,month,value,numerator,denominator\n1.1,F1,2022-01,91,91,100\n1.2,F1,2022-01,9,,";
    let cases = [
        (KPI_CONFIG.replace("unit = \"percent\"", "unit = \"percentage\""), "unknown unit \"percentage\": expected one of count, percent, rate_per_1000, minutes, seconds, days, score (measures.toml, at measures[0].unit)"),
        (KPI_CONFIG.replace("direction = \"decrease\"", "direction = \"down\""), "at measures[1].direction"),
        (KPI_CONFIG.replace("chart = \"p\"", "chart = \"pie\""), "unknown chart type \"pie\""),
        (KPI_CONFIG.replace("target = 90", "target = \"ninety\""), "at measures[0].target"),
        (KPI_CONFIG.replace("id = \"1.2\"", "id = \"1.1\""), "measure id \"1.1\" is already used by measures[0] (measures.toml, at measures[1].id)"),
        (KPI_CONFIG.replace("published = \"2023-01-01\"", "published = \"January 2023\""), "at metadata.published"),
        (KPI_CONFIG.replace("month = \"2022-02\"", "month = \"2023-02\""), "2023-02 is outside the period 2022-01 to 2022-04 (measures.toml, at measures[0].annotations[0].month)"),
        (format!("{KPI_CONFIG}\n[[annotations]]\nmonth = \"2022-02\"\ntext = \"x\"\nareas = [\"Z1\"]\n"), "unknown area \"Z1\": not an area of the file (measures.toml, at annotations[0].areas[0])"),
        (format!("{KPI_CONFIG}\n[[exclusions]]\nmonth = \"2022-02\"\nreason = \"x\"\nmeasures = [\"7.7\"]\n"), "unknown measure \"7.7\" (measures.toml, at exclusions[0].measures[0])"),
        (format!("{KPI_CONFIG}\n[[rebases]]\nmonth = \"2022-02\"\ntext = \"x\"\n"), "at rebases[0].text"),
        (format!("{KPI_CONFIG}\n[[annotations]]\nmonth = \"2022-02\"\ntext = \"x\"\nareas = [\"F1\", \"F1\"]\n"), "area \"F1\" is listed twice (measures.toml, at annotations[0].areas[1])"),
        (format!("{KPI_CONFIG}\n[[areas]]\ncode = \"F2\"\nname = \"Other\"\nkind = \"force\"\n"), "a file has one force area, given by [force] (or one [[areas]] entry of kind \"force\") (measures.toml, at areas[0].kind)"),
        // What only the reader's validation knows is still caught before a file is written.
        (KPI_CONFIG.replace("id = \"1.2\"", "id = \"1.2-an-id-far-longer-than-the-format-allows\""), "the built file would not be valid: "),
        (format!("{KPI_CONFIG}\nsurprise = 1\n"), "unknown field `surprise`"),
        ("[metadata\n".to_string(), "measures.toml line 1"),
    ];
    for (i, (config, want)) in cases.iter().enumerate() {
        let csv = if config.contains("far-longer") {
            ok_csv.replace("1.2,", "1.2-an-id-far-longer-than-the-format-allows,")
        } else {
            ok_csv.to_string()
        };
        let r = kpi(&format!("toml_err{i}"), &csv, config);
        assert_eq!(r.code, 2, "case {i}: {}", r.stderr);
        assert!(
            r.stderr.contains(want),
            "case {i}: wanted {want}\n got {}",
            r.stderr
        );
    }
}

#[test]
fn usage_errors_are_clear() {
    let d = fixture("usage");
    good_months(&d);
    let r = run(&d, &["--street", "street"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--street needs --lookup"), "{}", r.stderr);
    let r = run(&d, &["--frobnicate"]);
    assert!(
        r.stderr.contains("unknown argument \"--frobnicate\"")
            && r.stderr.contains("usage: pcc-spc build"),
        "{}",
        r.stderr
    );
    let r = run(&d, &[&STREET[..], &["--from", "2020-13"]].concat());
    assert!(
        r.stderr.contains("--from: \"2020-13\" is not a month"),
        "{}",
        r.stderr
    );
    let r = run(&d, &[&STREET[..], &["--from", "1920-01"]].concat());
    assert!(
        r.stderr.contains(
            "the period 1920-01 to 2020-03 has 1203 months; a published file holds at most 600"
        ),
        "{}",
        r.stderr
    );
    let r = run(
        &d,
        &[&STREET[..], &["--from", "2020-03", "--to", "2020-01"]].concat(),
    );
    assert!(
        r.stderr
            .contains("the period ends (2020-01) before it starts (2020-03)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_header_only_file_is_zero_with_a_warning_and_an_empty_file_is_an_error() {
    let d = fixture("header_only");
    good_months(&d);
    write(
        &d.join("street/2020-02-test-street.csv"),
        &crlf(&[HEADER.into()]),
    );
    let r = run(&d, &STREET);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("2020-02-test-street.csv has no data rows: every count for 2020-02 is 0"),
        "{}",
        r.stderr
    );
    assert_eq!(
        values(&r.file.unwrap(), "3.1", "F1"),
        [Some(5.0), Some(0.0), Some(3.0)]
    );

    write(&d.join("street/2020-02-test-street.csv"), "");
    let r = run(&d, &STREET);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("the file is empty: expected a header row")
            && r.stderr.contains("2020-02-test-street.csv line 1"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_lookup_without_an_area_column_is_an_error() {
    let d = fixture("lookup_columns");
    good_months(&d);
    write(&d.join("lookup.csv"), "LSOA11CD,LSOA11NM\nL1,One 001A\n");
    let r = run(&d, &STREET);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("the header has no area code column")
            && r.stderr.contains("lookup.csv line 1"),
        "{}",
        r.stderr
    );
}

#[test]
fn kpi_build_with_lookup_areas_and_population_has_no_street_measures() {
    let d = fixture("kpi_with_areas");
    write(&d.join("measures.toml"), KPI_CONFIG);
    write(
        &d.join("kpi.csv"),
        "measure_id,area,month,value,numerator,denominator\n\
         1.1,E1,2022-01,91,91,100\n\
         1.1,E2,2022-01,90,90,100\n\
         1.2,F1,2022-01,9,,\n",
    );
    let r = run(
        &d,
        &[
            "--kpi",
            "kpi.csv",
            "--lookup",
            "lookup.csv",
            "--population",
            "population.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let f = r.file.unwrap();
    let ids: Vec<&str> = f.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["1.1", "1.2"]);
    let areas: Vec<&str> = f.measures[0]
        .series
        .iter()
        .map(|s| s.area.as_str())
        .collect();
    assert_eq!(areas, ["E1", "E2"]);
    assert!(f.reconciliation.is_empty());
    let pops: Vec<(i32, f64)> = f
        .areas
        .iter()
        .map(|a| (a.population[0].mid_year, a.population[0].value))
        .collect();
    assert_eq!(pops, [(2020, 6000.0), (2020, 2000.0), (2020, 4000.0)]);
}
