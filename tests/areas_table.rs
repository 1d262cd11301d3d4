//! The comparisons table (the map's text alternative), its CSV, and the ranked bars, on the
//! real LLR file.

use pcc_spc::areas::bars::{ranked_bars, ROW_HEIGHT};
use pcc_spc::areas::{compare, PeriodKind, RankBy};
use pcc_spc::chart::FixedWidthText;
use pcc_spc::model::{parse, Dataset};
use pcc_spc::Month;

const LLR: &str = include_str!("../www/data/llr.json");

fn dataset() -> Dataset {
    parse(LLR).unwrap().0
}

fn m(y: i32, mo: u32) -> Month {
    Month::new(y, mo).unwrap()
}

/// Splits one CSV line (fields here have no line breaks).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            _ => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn table_has_a_caption_headers_and_a_row_per_area() {
    let ds = dataset();
    let c = compare(&ds, "3.1", PeriodKind::FinancialYearToDate, None).unwrap();
    let t = c.table();
    assert_eq!(
        t.headers,
        [
            "Area",
            "Apr\u{2013}Oct 2022",
            "Apr\u{2013}Oct 2021",
            "Change",
            "% change",
            "Per 1,000 residents, Apr\u{2013}Oct 2022",
            "Rank (1 = highest rate)"
        ]
    );
    assert!(t.caption.starts_with(
        "All crime excluding anti-social behaviour: 2022/23 to date (April\u{2013}October 2022) compared with 2021/22 to date (April\u{2013}October 2021). Totals over each period."
    ), "{}", t.caption);
    assert!(
        t.caption
            .contains("mid-2021 population (latest available for 2022)"),
        "{}",
        t.caption
    );
    assert_eq!(t.rows.len(), 10);
    assert!(t.rows[0].is_force);
    assert_eq!(t.rows[0].cells.last().unwrap().text, "\u{2013}");
    for row in &t.rows {
        assert_eq!(row.cells.len(), t.headers.len());
    }
    let leicester = t.rows.iter().find(|r| r.code == "E06000016").unwrap();
    assert_eq!(leicester.cells[0].text, "Leicester");
    assert_eq!(leicester.cells[6].text, "1 of 9");
    let row = c.area("E06000016").unwrap();
    let v = row.current.figure.value().unwrap();
    assert_eq!(leicester.cells[1].sort, Some(v));
    // Whole numbers with thousands separators.
    assert!(
        leicester.cells[1].text.contains(','),
        "{}",
        leicester.cells[1].text
    );
    assert!(!leicester.cells[1].text.contains('.'));
    assert!(t.footnotes.is_empty(), "no flagged month in April–October");
}

#[test]
fn flagged_and_unavailable_periods_say_so_in_their_cells() {
    let ds = dataset();
    let c = compare(&ds, "3.1", PeriodKind::Quarter, Some(m(2020, 3))).unwrap();
    let t = c.table();
    let harborough = t.rows.iter().find(|r| r.code == "E07000131").unwrap();
    assert!(
        harborough.cells[1].text.ends_with('*'),
        "{}",
        harborough.cells[1].text
    );
    assert_eq!(
        harborough.cells[2].text,
        "Not available: the data start in December 2019"
    );
    assert_eq!(harborough.cells[3].text, "\u{2013}");
    assert_eq!(t.footnotes.len(), 1, "one footnote shared by both areas");
    assert!(
        t.footnotes[0].starts_with("* March 2020: Data hole"),
        "{}",
        t.footnotes[0]
    );
    let oadby = t.rows.iter().find(|r| r.code == "E07000135").unwrap();
    assert!(oadby.cells[1].text.ends_with('*'));
}

#[test]
fn incomplete_periods_name_the_missing_month_in_table_and_csv() {
    let mut ds = dataset();
    let series = ds
        .measures
        .iter_mut()
        .find(|m| m.id == "3.1")
        .unwrap()
        .series
        .iter_mut()
        .find(|s| s.area == "E06000017")
        .unwrap();
    *series.values.last_mut().unwrap() = None;
    let c = compare(&ds, "3.1", PeriodKind::ThreeMonths, None).unwrap();
    let t = c.table();
    let rutland = t.rows.iter().find(|r| r.code == "E06000017").unwrap();
    assert_eq!(
        rutland.cells[1].text,
        "Incomplete: October 2022 not published"
    );
    assert_eq!(rutland.cells[1].sort, None);
    let csv = c.to_csv();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 11);
    let header = fields(lines[0]);
    assert_eq!(header.len(), 21);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for line in &lines[1..] {
        assert_eq!(fields(line).len(), 21, "{line}");
    }
    let row = lines
        .iter()
        .map(|l| fields(l))
        .find(|f| f[col("area_code")] == "E06000017")
        .unwrap();
    assert_eq!(row[col("current_status")], "incomplete");
    assert_eq!(row[col("current_missing_months")], "2022-10");
    assert_eq!(row[col("current_value")], "");
    assert_eq!(row[col("change")], "");
    let leicester = lines
        .iter()
        .map(|l| fields(l))
        .find(|f| f[col("area_code")] == "E06000016")
        .unwrap();
    let v = c.area("E06000016").unwrap().current.figure.value().unwrap();
    assert_eq!(leicester[col("current_value")].parse::<f64>().unwrap(), v);
    assert_eq!(leicester[col("current_population_mid_year")], "2021");
    assert_eq!(leicester[col("rank")], "1");
}

#[test]
fn csv_quotes_and_defuses_names() {
    let mut ds = dataset();
    ds.areas[1].name = "=HYPERLINK(\"x\"), evil".into();
    let c = compare(&ds, "3.1", PeriodKind::ThreeMonths, None).unwrap();
    let csv = c.to_csv();
    let line = csv.split("\r\n").nth(2).unwrap();
    let f = fields(line);
    assert_eq!(f[2], "'=HYPERLINK(\"x\"), evil");
}

#[test]
fn ranked_bars_order_the_csps_and_keep_the_missing_ones() {
    let mut ds = dataset();
    let series = ds
        .measures
        .iter_mut()
        .find(|m| m.id == "3.1")
        .unwrap()
        .series
        .iter_mut()
        .find(|s| s.area == "E07000133")
        .unwrap();
    *series.values.last_mut().unwrap() = None;
    let c = compare(&ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    assert_eq!(c.rank_by, RankBy::CurrentRate);
    let b = ranked_bars(&c, 640.0, &FixedWidthText::default());
    assert_eq!(b.rows.len(), 9, "CSPs only");
    assert_eq!(
        b.rows[0].code, "E06000016",
        "Leicester has the highest rate"
    );
    assert_eq!(b.rows[0].rank, Some(1));
    // Bars shrink down the ranking and stay inside the width.
    let widths: Vec<f64> = b.rows.iter().filter_map(|r| r.bar.map(|x| x.w)).collect();
    assert_eq!(widths.len(), 8);
    assert!(widths.windows(2).all(|w| w[0] >= w[1]), "{widths:?}");
    for r in &b.rows {
        if let Some(bar) = r.bar {
            assert!(bar.x >= b.name_right && bar.x + bar.w <= 640.0);
            assert!(r.value_at.x >= bar.x + bar.w);
        }
    }
    // Melton's last month is missing: listed last, without a bar, saying why.
    let last = b.rows.last().unwrap();
    assert_eq!(last.code, "E07000133");
    assert!(last.bar.is_none());
    assert_eq!(last.value_text, "incomplete: October 2022 not published");
    // The force's rate is a reference line inside the bar area.
    let (x, words) = b.reference.clone().unwrap();
    assert!(x > b.zero_x && x < 640.0);
    assert!(words.starts_with("Leicestershire"), "{words}");
    // Pointer rows.
    assert_eq!(b.row_at(ROW_HEIGHT * 2.5), Some(2));
    assert_eq!(b.row_at(b.height + 1.0), None);
    assert!(
        b.rows[0].description.contains("rank 1 of 8"),
        "{}",
        b.rows[0].description
    );
    assert_eq!(b.height, 9.0 * ROW_HEIGHT);
}

#[test]
fn bars_of_changes_go_both_ways_from_zero() {
    let ds = dataset();
    let mut c = compare(&ds, "3.1", PeriodKind::TwelveMonths, None).unwrap();
    c.rank(RankBy::PercentChange);
    let b = ranked_bars(&c, 500.0, &FixedWidthText::default());
    for r in &b.rows {
        let bar = r.bar.unwrap();
        let v = c.area(&r.code).unwrap().percent_change.unwrap();
        if v >= 0.0 {
            assert!((bar.x - b.zero_x).abs() < 1e-9);
        } else {
            assert!((bar.x + bar.w - b.zero_x).abs() < 1e-9);
        }
        assert!(r.value_text.ends_with('%'));
    }
    assert!(b.title.contains("% change"));
}
