//! Words: summary, point sentences, tooltips, rule explanations, table and CSV.

mod chart_fixtures;

use chart_fixtures::*;
use pcc_spc::describe::*;
use pcc_spc::spc::{Rule, RuleHit, Side};

#[test]
fn stable_summary_reads_like_the_issue() {
    assert_eq!(
        summary(&stable()),
        "Stable. Last month (October 2022) 7,304, within the expected range 6,587–8,111; \
         average 7,349. Jul–Sep 2022 total 22,202, down 0.1% (30) on Jul–Sep 2021 (22,232)."
    );
}

#[test]
fn exception_summary_names_the_month_the_limit_and_the_gap() {
    assert_eq!(
        summary(&gaps()),
        "Exception: September 2022 (8,200) was above the upper limit of 7,966, a concern. \
         Last month (December 2022) 6,480; expected range 5,312–7,966; average 6,639. \
         Oct–Dec 2022 total 19,480, down 7.9% (1,670) on Oct–Dec 2021 (21,150). \
         No data published for March 2022."
    );
}

#[test]
fn trend_summary_has_direction_target_and_percentage_points() {
    assert_eq!(
        summary(&trend()),
        "Trend: rising for 8 months in a row, to September 2022, an improvement. \
         Last month (September 2022) 89.0%; expected range 83.2%–87.9%; average 85.5%. \
         Target 90.0%: not expected to be met without a change. \
         Jul–Sep 2022 average 88.2%, up 3.3 percentage points on Jul–Sep 2021 (84.9%)."
    );
}

#[test]
fn a_missing_month_in_the_quarter_is_said_not_summed() {
    let mut values = GAPS_VALUES;
    values[22] = None; // November 2022
    let ms = months(month(2021, 1), 24);
    let a = xmr(&values, &[12], &[5], pcc_spc::spc::Direction::Decrease);
    let d = pcc_spc::chart::ChartData::new(pcc_spc::chart::ChartInput {
        measure: "All crime",
        area: "Leicester",
        unit: pcc_spc::model::Unit::Count,
        direction: pcc_spc::spc::Direction::Decrease,
        months: &ms,
        analysis: a,
        target: None,
        notes: &[],
        source: "",
    })
    .unwrap();
    assert_eq!(
        subtitle(&d),
        "Latest: December 2022 6,480. Oct–Dec 2022 cannot be compared with Oct–Dec 2021: \
         no data published for November 2022."
    );
    assert_eq!(
        summary(&d),
        "Last month (December 2022) 6,480, within the expected range 5,038–8,252; average 6,645. \
         Oct–Dec 2022 cannot be compared with Oct–Dec 2021: no data published for November 2022. \
         No data published for March 2022 and November 2022."
    );
}

#[test]
fn point_sentences_for_the_live_region() {
    let d = gaps();
    assert_eq!(point_sentence(&d, 14), "March 2022: no data published");
    assert_eq!(
        point_sentence(&d, 20),
        "September 2022: 8,200. Average 6,639, expected range 5,312 to 7,966. \
         Special cause concern: a single month above the upper limit"
    );
    assert_eq!(
        point_sentence(&d, 5),
        "June 2021: 9,100, excluded from the limits (Data system outage, double counting). \
         Average 7,032, expected range 6,556 to 7,508"
    );
    assert_eq!(
        point_sentence(&d, 12),
        "January 2022: 6,500. Average 6,639, expected range 5,312 to 7,966. \
         Limits recalculated from this month: New crime recording rules"
    );
    assert!(point_sentence(&d, 8).ends_with("Note: Op Lionheart"));
    assert_eq!(point_sentence(&d, 99), "");
}

#[test]
fn rules_in_plain_english() {
    let d = trend();
    let hit = |rule, side| RuleHit { rule, side };
    assert_eq!(
        rule_explanation(&d, 17, hit(Rule::OutsideLimits, Side::High)),
        "a single month above the upper limit"
    );
    assert_eq!(
        rule_explanation(&d, 12, hit(Rule::Trend, Side::High)),
        "8 months in a row rising"
    );
    assert_eq!(
        rule_explanation(&d, 3, hit(Rule::Shift, Side::Low)),
        "7 months in a row below the average"
    );
    // 87.4, 88.2, 89.0 against a near upper limit of 87.08: three of three.
    assert_eq!(
        rule_explanation(&d, 16, hit(Rule::TwoOfThree, Side::High)),
        "3 of 3 months close to the upper limit"
    );
    assert_eq!(
        rule_explanation(&d, 2, hit(Rule::OutsideLimits, Side::Low)),
        "a single month below the lower limit"
    );
    // MDC: the missing March 2022 ends the run below the average (April to August)...
    assert_eq!(shift_run(&gaps(), 15, Side::Low), 5);
    assert_eq!(shift_run(&gaps(), 12, Side::Low), 2);
    // ...PowerBI-SPC deletes missing rows, so the run joins January to August.
    let bridged = gaps().with_profile(pcc_spc::spc::Profile::Powerbi);
    assert_eq!(shift_run(&bridged, 15, Side::Low), 7);
    assert_eq!(shift_run(&bridged, 12, Side::Low), 7);
}

#[test]
fn tooltip_lines_have_month_value_limits_rule_and_notes() {
    let d = trend();
    assert_eq!(
        tooltip_lines(&d, 17),
        vec![
            "September 2022",
            "Value: 89.0%",
            "Average: 85.5%",
            "Expected range: 83.2%–87.9%",
            "Special cause improvement",
            "A single month above the upper limit",
            "8 months in a row rising",
        ]
    );
    let g = gaps();
    assert_eq!(
        tooltip_lines(&g, 14),
        vec![
            "March 2022",
            "No data published",
            "Average: 6,639",
            "Expected range: 5,312–7,966"
        ]
    );
    assert_eq!(tooltip_lines(&g, 8).last().unwrap(), "Note: Op Lionheart");
    assert!(tooltip_lines(&g, 5)
        .contains(&"Excluded from the limits: Data system outage, double counting".to_string()));
}

#[test]
fn table_rows_cover_every_month() {
    let d = gaps();
    let rows = table_rows(&d);
    assert_eq!(rows.len(), 24);
    assert_eq!(TABLE_HEADERS[0], "Month");
    let r = &rows[14];
    assert_eq!(
        (r.month.as_str(), r.value.as_str(), r.class.as_str()),
        ("Mar 2022", "No data published", "No data published")
    );
    let r = &rows[20];
    assert_eq!(
        (
            r.value.as_str(),
            r.mean.as_str(),
            r.lower.as_str(),
            r.upper.as_str(),
            r.class.as_str(),
            r.notes.as_str()
        ),
        (
            "8,200",
            "6,639",
            "5,312",
            "7,966",
            "Special cause concern",
            "A single month above the upper limit"
        )
    );
    assert_eq!(rows[5].class, "Excluded from the limits");
    assert_eq!(
        rows[12].notes,
        "Limits recalculated: New crime recording rules"
    );
}

#[test]
fn csv_is_rfc_4180_and_a_missing_month_is_an_empty_cell() {
    let text = csv(&gaps());
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(lines.len(), 26, "header, 24 rows, and the final CRLF");
    assert_eq!(lines[25], "");
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "only CRLF line ends"
    );
    let march: Vec<&str> = lines[15].split(',').collect();
    assert_eq!(march[0], "2022-03");
    assert_eq!(march[1], "", "no value, not 0");
    assert_eq!(march[7], "missing");
    // A field with a comma is quoted.
    assert!(
        lines[6].ends_with(",yes,\"Excluded: Data system outage, double counting\""),
        "{}",
        lines[6]
    );
    assert!(lines[21].starts_with("2022-09,8200,6639.090909,5312.046465,7966.135354,"));
    assert!(lines[21].contains(",special_cause_concern,outside_limits:high,no,"));
    // Every row has the header's number of fields (quoted commas aside).
    let fields = CSV_HEADER.split(',').count();
    for l in &lines[1..25] {
        let mut n = 1;
        let mut quoted = false;
        for ch in l.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => n += 1,
                _ => {}
            }
        }
        assert_eq!(n, fields, "{l}");
    }
}

/// Three months (Jan–Mar 2022) of `values` in `unit` with one annotation in February.
fn with_february_note(
    values: [Option<f64>; 3],
    unit: pcc_spc::model::Unit,
    note: &str,
) -> pcc_spc::chart::ChartData {
    let ms = months(month(2022, 1), 3);
    let a = xmr(&values, &[], &[], pcc_spc::spc::Direction::Neutral);
    let notes = [pcc_spc::chart::Note {
        month: month(2022, 2),
        kind: pcc_spc::chart::NoteKind::Annotation,
        text: note.into(),
    }];
    pcc_spc::chart::ChartData::new(pcc_spc::chart::ChartInput {
        measure: "Calls",
        area: "Force",
        unit,
        direction: pcc_spc::spc::Direction::Neutral,
        months: &ms,
        analysis: a,
        target: None,
        notes: &notes,
        source: "",
    })
    .unwrap()
}

#[test]
fn quotes_inside_a_field_are_doubled() {
    let d = with_february_note(
        [Some(1.0), Some(2.0), Some(3.0)],
        pcc_spc::model::Unit::Count,
        "Op \"Lionheart\"\nphase 2",
    );
    let text = csv(&d);
    assert!(
        text.contains(",\"Op \"\"Lionheart\"\"\nphase 2\"\r\n"),
        "{text}"
    );
}

#[test]
fn a_note_a_spreadsheet_would_run_as_a_formula_is_defused() {
    let d = with_february_note(
        [Some(-1.0), Some(2.0), Some(3.0)],
        pcc_spc::model::Unit::Score,
        "=HYPERLINK(\"http://example.org\",\"x\")",
    );
    let text = csv(&d);
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://example.org\"\",\"\"x\"\")\"\r\n"),
        "{text}"
    );
    // A negative number is a number, not a formula: no quote mark.
    assert!(text.contains("\r\n2022-01,-1,"), "{text}");
}

#[test]
fn chart_data_rejects_notes_outside_the_months_and_misplaced_rebases() {
    let ms = months(month(2022, 1), 3);
    let a = xmr(
        &[Some(1.0), Some(2.0), Some(3.0)],
        &[],
        &[],
        pcc_spc::spc::Direction::Neutral,
    );
    let input = |notes: &'static [pcc_spc::chart::Note]| pcc_spc::chart::ChartInput {
        measure: "Calls",
        area: "Force",
        unit: pcc_spc::model::Unit::Count,
        direction: pcc_spc::spc::Direction::Neutral,
        months: &[],
        analysis: a.clone(),
        target: None,
        notes,
        source: "",
    };
    let e = pcc_spc::chart::ChartData::new(input(&[])).unwrap_err();
    assert!(
        e.to_string()
            .contains("0 months but the analysis has 3 points"),
        "{e}"
    );
    let mut inp = input(&[]);
    inp.months = &ms;
    let leaked: &'static [pcc_spc::chart::Note] = Box::leak(Box::new([pcc_spc::chart::Note {
        month: month(2023, 1),
        kind: pcc_spc::chart::NoteKind::Annotation,
        text: "Late".into(),
    }]));
    inp.notes = leaked;
    let e = pcc_spc::chart::ChartData::new(inp.clone()).unwrap_err();
    assert!(e.to_string().contains("January 2023"), "{e}");
    assert_eq!(e.location().month, Some(month(2023, 1)));
    let rebase: &'static [pcc_spc::chart::Note] = Box::leak(Box::new([pcc_spc::chart::Note {
        month: month(2022, 2),
        kind: pcc_spc::chart::NoteKind::Rebase,
        text: "New rules".into(),
    }]));
    inp.notes = rebase;
    let e = pcc_spc::chart::ChartData::new(inp.clone()).unwrap_err();
    assert!(e.to_string().contains("does not start a group"), "{e}");
    let gap = [month(2022, 1), month(2022, 2), month(2022, 4)];
    inp.months = &gap;
    inp.notes = &[];
    let e = pcc_spc::chart::ChartData::new(inp).unwrap_err();
    assert!(e.to_string().contains("consecutive"), "{e}");
}

#[test]
fn reader_notes_carry_engine_warnings_and_suggested_rebases() {
    let mut d = gaps();
    assert!(reader_notes(&d).is_empty());
    d.analysis.warnings.push(pcc_spc::spc::Warning {
        code: "trial_limits".into(),
        message: "Group 2 has 12 months (fewer than 13): its limits are trial limits.".into(),
        group: None,
    });
    d.analysis
        .suggested_rebases
        .push(pcc_spc::spc::SuggestedRebase {
            at: 12,
            run_length: 7,
            side: Side::Low,
        });
    assert_eq!(
        reader_notes(&d),
        vec![
            "Group 2 has 12 months (fewer than 13): its limits are trial limits.".to_string(),
            "7 months in a row below the average from January 2022: if the cause is known, \
             consider recalculating the limits from January 2022."
                .to_string(),
        ]
    );
}

#[test]
fn ties_and_points_on_the_mean_follow_the_profile() {
    // 10, 11, 12, 12, 13, 14: a tie in the middle of a rise.
    let ms = months(month(2022, 1), 6);
    let values = [
        Some(10.0),
        Some(11.0),
        Some(12.0),
        Some(12.0),
        Some(13.0),
        Some(14.0),
    ];
    let a = xmr(&values, &[], &[], pcc_spc::spc::Direction::Increase);
    let d = pcc_spc::chart::ChartData::new(pcc_spc::chart::ChartInput {
        measure: "Score",
        area: "Force",
        unit: pcc_spc::model::Unit::Score,
        direction: pcc_spc::spc::Direction::Increase,
        months: &ms,
        analysis: a,
        target: None,
        notes: &[],
        source: "",
    })
    .unwrap();
    // MDC: the tie breaks the rise.
    assert_eq!(trend_run(&d, 5, Side::High), 2);
    assert_eq!(trend_run(&d, 1, Side::High), 2);
    // PowerBI-SPC: the tie is skipped, neither counting nor breaking.
    let p = d.clone().with_profile(pcc_spc::spc::Profile::Powerbi);
    assert_eq!(trend_run(&p, 5, Side::High), 4);
    // 14, 12, 14, 10, 10, 12 around a mean of 12: the month on the mean ends the run above
    // it for MDC, and is skipped by PowerBI-SPC.
    let values = [
        Some(14.0),
        Some(12.0),
        Some(14.0),
        Some(10.0),
        Some(10.0),
        Some(12.0),
    ];
    let mut e = d.clone();
    e.analysis = xmr(&values, &[], &[], pcc_spc::spc::Direction::Increase);
    assert_eq!(e.analysis.points[0].limits.unwrap().mean, 12.0);
    assert_eq!(shift_run(&e, 0, Side::High), 1);
    assert_eq!(
        shift_run(
            &e.clone().with_profile(pcc_spc::spc::Profile::Powerbi),
            0,
            Side::High
        ),
        2
    );
}
