//! The embedded LLR dataset: built counts equal the independent aggregates in
//! `tests/data/derived/` (computed outside this crate from the same raw files), the
//! reconciliation adds up, and rebuilding `www/data/llr.json` from `data/` gives the committed
//! bytes. To regenerate the committed file after a deliberate change, run the command in
//! `data/llr/README.md`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use pcc_spc::build::street::CRIME_TYPES;
use pcc_spc::build::{build, rate_id, to_json, BuildOptions, BuildOutput};
use pcc_spc::model::json::{FileDto, MeasureDto};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn llr() -> &'static BuildOutput {
    static BUILT: OnceLock<BuildOutput> = OnceLock::new();
    BUILT.get_or_init(|| {
        let r = root();
        build(&BuildOptions {
            config: r.join("data/llr/measures.toml"),
            street: vec![r.join("data/llr/street")],
            lookup: Some(r.join("data/llr/lsoa11_to_lad_llr.csv")),
            population: Some(r.join("data/llr/llr_lad_population_mid2011_mid2021.csv")),
            boundaries: Some(r.join("data/llr/boundaries/llr_lad_2013.topo.json")),
            ..BuildOptions::default()
        })
        .expect("the embedded LLR dataset builds")
    })
}

fn measure<'a>(f: &'a FileDto, id: &str) -> &'a MeasureDto {
    f.measures
        .iter()
        .find(|m| m.id == id)
        .unwrap_or_else(|| panic!("measure {id}"))
}

fn value(f: &FileDto, id: &str, area: &str, month: &str) -> Option<f64> {
    let k = month_index(f, month);
    measure(f, id)
        .series
        .iter()
        .find(|s| s.area == area)
        .unwrap_or_else(|| panic!("series {id} {area}"))
        .values[k]
}

fn month_index(f: &FileDto, month: &str) -> usize {
    let y =
        |m: &str| -> i32 { m[..4].parse::<i32>().unwrap() * 12 + m[5..7].parse::<i32>().unwrap() };
    (y(month) - y(&f.period.first)) as usize
}

fn count_id(crime_type: &str) -> String {
    let t = CRIME_TYPES
        .iter()
        .position(|c| *c == crime_type)
        .unwrap_or_else(|| panic!("crime type {crime_type}"));
    if t == 0 {
        "2.1".into()
    } else {
        format!("3.{}", t + 1)
    }
}

fn rows(name: &str) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(root().join("tests/data/derived").join(name)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

const FORCE: &str = "E23000021";

#[test]
fn counts_equal_the_independent_aggregates_for_every_month_area_and_type() {
    let f = &llr().file;
    let oracle = rows("llr_monthly_crime_by_csp.csv");
    assert_eq!(oracle.len(), 35 * 9 * 14);
    for r in &oracle {
        let got = value(f, &count_id(&r["crime_type"]), &r["lad_code"], &r["month"]);
        assert_eq!(
            got,
            Some(r["count"].parse::<f64>().unwrap()),
            "{} {} {}",
            r["month"],
            r["lad_code"],
            r["crime_type"]
        );
    }
}

#[test]
fn force_totals_and_reconciliation_match_the_independent_file() {
    let f = &llr().file;
    let csps: Vec<&str> = f.areas[1..].iter().map(|a| a.code.as_str()).collect();
    assert_eq!(csps.len(), 9);
    let mut per_month: HashMap<String, (u64, u64, u64)> = HashMap::new();
    for r in rows("llr_monthly_reconciliation.csv") {
        let id = count_id(&r["crime_type"]);
        let raw: f64 = r["raw_rows"].parse().unwrap();
        assert_eq!(value(f, &id, FORCE, &r["month"]), Some(raw), "{r:?}");
        let assigned: f64 = csps
            .iter()
            .map(|a| value(f, &id, a, &r["month"]).unwrap())
            .sum();
        assert_eq!(
            assigned,
            r["assigned_to_csp"].parse::<f64>().unwrap(),
            "{r:?}"
        );
        let e = per_month.entry(r["month"].clone()).or_default();
        e.0 += raw as u64;
        e.1 += r["no_location"].parse::<u64>().unwrap();
        e.2 += r["lsoa_outside_llr"].parse::<u64>().unwrap();
    }
    assert_eq!(f.reconciliation.len(), 35);
    for rec in &f.reconciliation {
        assert!(rec.published);
        let (rows, no_loc, outside) = per_month[&rec.month];
        assert_eq!(
            (rec.rows, rec.no_location, rec.outside_areas),
            (rows, no_loc, outside)
        );
        // rows = Σ CSPs + no location + outside, over crime and ASB.
        let csp_sum: f64 = ["3.1", "2.1"]
            .iter()
            .flat_map(|id| csps.iter().map(move |a| (id, a)))
            .map(|(id, a)| value(f, id, a, &rec.month).unwrap())
            .sum();
        assert_eq!(
            csp_sum as u64 + rec.no_location + rec.outside_areas,
            rec.rows
        );
    }
    let total: u64 = f.reconciliation.iter().map(|r| r.rows).sum();
    assert_eq!(total, 301_838);
}

#[test]
fn totals_and_rates_match_the_independent_file() {
    let f = &llr().file;
    let oracle = rows("llr_monthly_totals_by_csp.csv");
    assert_eq!(oracle.len(), 315);
    for r in &oracle {
        let (m, a) = (&r["month"], &r["lad_code"]);
        let num = |k: &str| Some(r[k].parse::<f64>().unwrap());
        assert_eq!(value(f, "3.1", a, m), num("crimes_excl_asb"), "{r:?}");
        assert_eq!(value(f, "2.1", a, m), num("asb_incidents"), "{r:?}");
        assert_eq!(
            value(f, &rate_id("3.1"), a, m),
            num("crimes_excl_asb_per_1000"),
            "{r:?}"
        );
        let rate = measure(f, "3.21")
            .series
            .iter()
            .find(|s| &s.area == a)
            .unwrap();
        let k = month_index(f, m);
        assert_eq!(
            rate.denominators.as_ref().unwrap()[k],
            num("population"),
            "{r:?}"
        );
        assert_eq!(
            rate.numerators.as_ref().unwrap()[k],
            num("crimes_excl_asb"),
            "{r:?}"
        );
        // The mid-year used is recorded in the area's population list.
        let year: i32 = r["population_mid_year"].parse().unwrap();
        let area = f.areas.iter().find(|x| &x.code == a).unwrap();
        let p = area.population.iter().find(|p| p.mid_year == year).unwrap();
        assert_eq!(Some(p.value), num("population"));
    }
    let force = &f.areas[0];
    assert_eq!(force.kind, "force");
    let by_year: Vec<(i32, f64)> = force
        .population
        .iter()
        .map(|p| (p.mid_year, p.value))
        .collect();
    assert_eq!(
        by_year,
        [
            (2019, 1_100_306.0),
            (2020, 1_107_597.0),
            (2021, 1_119_971.0)
        ]
    );
}

#[test]
fn march_2020_hole_is_excluded_with_its_reason_and_annotated() {
    let f = &llr().file;
    for m in f.measures.iter().filter(|m| m.section == "Crime") {
        let ex: Vec<_> = m
            .exclusions
            .iter()
            .filter(|e| e.month == "2020-03")
            .collect();
        assert_eq!(ex.len(), 1, "{}", m.id);
        assert_eq!(
            ex[0].areas.as_deref(),
            Some(&["E07000131".to_string(), "E07000135".to_string()][..])
        );
        assert!(ex[0].reason.contains("without a location"));
        // Values stay in the file: drawn and marked.
        assert_eq!(value(f, "3.1", "E07000131", "2020-03"), Some(4.0));
        assert_eq!(value(f, "3.1", "E07000135", "2020-03"), Some(5.0));
    }
    assert!(
        measure(f, "2.1").exclusions.is_empty(),
        "ASB is normal that month"
    );
    let texts: Vec<&str> = measure(f, "3.21")
        .annotations
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    for needle in [
        "23 March 2020",
        "5 November 2020",
        "6 January 2021",
        "Census 2021",
        "June 2020",
        "March 2022",
        "Data hole",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(needle)),
            "{needle}: {texts:?}"
        );
    }
    let asb: Vec<&str> = measure(f, "2.1")
        .annotations
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert!(
        !asb.iter().any(|t| t.contains("without a location")),
        "ASB rows always have a location: {asb:?}"
    );
    let count_texts: Vec<&str> = measure(f, "3.1")
        .annotations
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert!(
        !count_texts.iter().any(|t| t.contains("Census")),
        "the re-basing note is for rates only"
    );
}

#[test]
fn rebuilding_gives_the_committed_bytes() {
    let committed = std::fs::read_to_string(root().join("www/data/llr.json")).unwrap();
    let built = to_json(&llr().file);
    assert!(
        built == committed,
        "www/data/llr.json is stale: regenerate it with the command in data/llr/README.md"
    );
    // And the same bytes on a second build, single-threaded.
    let r = root();
    let again = build(&BuildOptions {
        config: r.join("data/llr/measures.toml"),
        street: vec![r.join("data/llr/street")],
        lookup: Some(r.join("data/llr/lsoa11_to_lad_llr.csv")),
        population: Some(r.join("data/llr/llr_lad_population_mid2011_mid2021.csv")),
        boundaries: Some(r.join("data/llr/boundaries/llr_lad_2013.topo.json")),
        threads: 1,
        ..BuildOptions::default()
    })
    .unwrap();
    assert!(to_json(&again.file) == committed);
    // The reader accepts it; its only warnings are the 2022 population fall-back and the
    // trial limits of the short groups the location-coverage rebases leave in the CSPs'
    // crime series (docs/llr-dataset.md).
    let (ds, warnings) = pcc_spc::model::parse(&committed).expect("llr.json is valid");
    assert_eq!(ds.measures.len(), 30);
    assert_eq!(ds.areas.len(), 10);
    for w in &warnings {
        assert!(
            w.code == "population_year_missing" || w.code == "short_rebase_group",
            "{w:?}"
        );
    }
    // It reads back as the published DTOs.
    let back: FileDto = serde_json::from_str(&committed).unwrap();
    assert_eq!(back, llr().file);
}

/// The 9 CSP boundaries of the published file: each CSP has one (the force none, see
/// `src/build/boundaries.rs`), the reader accepts them, they are the `map::simplify` output
/// of `data/llr/boundaries/llr_lad_2013.topo.json` at the default tolerance, and together they
/// weigh at most 60 KB (issue 6's budget for the map), as written in the file.
#[test]
fn published_boundaries_are_valid_simplified_and_within_60_kb() {
    use pcc_spc::map::simplify::{boundary_geometries, LLR_CODES, LLR_TOLERANCE_M};
    let committed = std::fs::read_to_string(root().join("www/data/llr.json")).unwrap();
    let file: FileDto = serde_json::from_str(&committed).unwrap();
    let topo =
        std::fs::read_to_string(root().join("data/llr/boundaries/llr_lad_2013.topo.json")).unwrap();
    let expected = boundary_geometries(&topo, &LLR_CODES, LLR_TOLERANCE_M).unwrap();
    let mut bytes = 0;
    let mut csps = 0;
    for a in &file.areas {
        match a.kind.as_str() {
            "csp" => {
                let b = a
                    .boundary
                    .as_ref()
                    .unwrap_or_else(|| panic!("{} has no boundary", a.code));
                assert_eq!(Some(b), expected.get(&a.code), "{}", a.code);
                let text = serde_json::to_string(b).unwrap();
                // Written as is: compact, positions to at most 5 decimals.
                assert!(committed.contains(&text), "{}", a.code);
                for number in text.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                    if let Some((_, decimals)) = number.split_once('.') {
                        assert!(decimals.len() <= 5, "{}: {number}", a.code);
                    }
                }
                bytes += text.len();
                csps += 1;
            }
            _ => assert!(a.boundary.is_none(), "the force has no boundary"),
        }
    }
    assert_eq!(csps, 9);
    assert!(bytes <= 60_000, "{bytes} bytes of boundaries");
    let (ds, _) = pcc_spc::model::parse(&committed).expect("llr.json is valid");
    for code in LLR_CODES {
        let polygons = ds.area(code).unwrap().boundary.as_ref().unwrap();
        assert!(!polygons.is_empty() && polygons.iter().all(|p| p[0].len() >= 4));
    }
}
