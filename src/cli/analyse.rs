//! `pcc-spc analyse`: one series from stdin (or, once the model module provides it, one
//! measure and area of a published file) through the SPC engine, one JSON object on stdout.
//!
//! Input (stdin): `{"dates": [...], "values": [...], "improvement_direction": "increase",
//! "target": n?, "rebase_dates": [...]?, "excluded_dates": [...]?, "fix_after_n_points": n?,
//! "numerators": [...]?, "denominators": [...]?}`. Dates are `YYYY-MM` or `YYYY-MM-DD`
//! (all in one form), strictly increasing. Every bad input is an error naming the field and
//! the index (exit code 2).

use std::io::{Read, Write};

use serde_json::{json, Map, Value};

use crate::model;
use crate::spc::engine::singular;
use crate::spc::{self, Analysis, ChartType, Direction, Input, Profile};
use crate::{Error, ErrorKind, Location, Month, Result};

const KNOWN_FIELDS: &[&str] = &[
    "dates",
    "values",
    "improvement_direction",
    "target",
    "rebase_dates",
    "excluded_dates",
    "fix_after_n_points",
    "numerators",
    "denominators",
];

const ANALYSE_USAGE: &str = "usage: pcc-spc analyse [--profile mdc|nhsr|powerbi|qicharts2] [--chart xmr|p|pp|u|up|c] < series.json
       pcc-spc analyse --dataset FILE --measure ID --area CODE [--profile mdc|nhsr|powerbi|qicharts2]
stdin: {\"dates\": [...], \"values\": [...], \"improvement_direction\": \"increase|decrease|neutral\", \"target\"?, \"rebase_dates\"?, \"excluded_dates\"?, \"fix_after_n_points\"?, \"numerators\"?, \"denominators\"?}";

/// Parsed command-line options.
struct Options {
    help: bool,
    profile: Profile,
    chart: Option<ChartType>,
    dataset: Option<String>,
    measure: Option<String>,
    area: Option<String>,
}

fn usage(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Usage, message, Location::default())
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut o = Options {
        help: false,
        profile: Profile::Mdc,
        chart: None,
        dataset: None,
        measure: None,
        area: None,
    };
    let mut f = super::Flags::new(args, usage);
    while let Some(flag) = f.next_flag() {
        let mut value = || f.value();
        match flag.as_str() {
            "--profile" => {
                let v = value()?;
                o.profile = Profile::parse(&v).ok_or_else(|| {
                    usage(format!(
                        "unknown profile \"{v}\": expected mdc, nhsr, powerbi or qicharts2"
                    ))
                })?;
            }
            "--chart" => {
                let v = value()?;
                o.chart = Some(ChartType::parse(&v).ok_or_else(|| {
                    usage(format!(
                        "unknown chart \"{v}\": expected xmr, p, pp, u, up or c"
                    ))
                })?);
            }
            "--dataset" => o.dataset = Some(value()?),
            "--measure" => o.measure = Some(value()?),
            "--area" => o.area = Some(value()?),
            "--help" | "-h" => o.help = true,
            other => return Err(usage(format!("unknown argument \"{other}\" for analyse"))),
        }
    }
    Ok(o)
}

/// Runs `pcc-spc analyse` with its arguments.
pub fn run(args: &[String]) -> Result<()> {
    let opts = parse_args(args)?;
    if opts.help {
        println!("{ANALYSE_USAGE}");
        return Ok(());
    }
    let output = if opts.dataset.is_some() {
        run_dataset(&opts)?
    } else {
        if opts.measure.is_some() || opts.area.is_some() {
            return Err(usage("--measure and --area need --dataset FILE"));
        }
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read the series from stdin: {e}"),
                Location::default(),
            )
        })?;
        analyse_text(&text, opts.profile, opts.chart.unwrap_or_default())?
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{output}").map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot write to stdout: {e}"),
            Location::default(),
        )
    })
}

// ---------------------------------------------------------------------------------------
// `--dataset FILE --measure ID --area CODE`: one measure × area of a published file, with the
// file's rebases and exclusions applied (`model::analyse_series`). Same output object as a
// single series, plus the measure and area, each excluded point's reason, each file rebase's
// reason at the first point of its group, and the annotations. The file's data warnings go
// to stderr, one line each, so stdout stays one JSON object.
// ---------------------------------------------------------------------------------------
fn run_dataset(opts: &Options) -> Result<Value> {
    let path = opts.dataset.as_deref().unwrap_or_default();
    let (Some(measure_id), Some(area)) = (opts.measure.as_deref(), opts.area.as_deref()) else {
        return Err(usage("--dataset FILE needs --measure ID and --area CODE"));
    };
    if opts.chart.is_some() {
        return Err(usage(
            "--chart cannot be used with --dataset: the measure's own chart type is used",
        ));
    }
    let in_file = || Location::file_line(path, None);
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read the --dataset file: {e}"),
            in_file(),
        )
    })?;
    let (ds, warnings) = model::parse_bytes(&bytes).map_err(|e| e.within(in_file()))?;
    let sa = model::analyse_series(&ds, measure_id, area, opts.profile)?;
    // Only the warnings about this measure and area (or the whole file) concern this chart.
    let mut err = std::io::stderr().lock();
    for w in warnings.iter().filter(|w| w.concerns(measure_id, area)) {
        let _ = writeln!(err, "pcc-spc: warning: {} ({})", w.message, w.code);
    }
    Ok(dataset_output(&ds, &sa))
}

/// The `--dataset` output: [`series_output`] plus what the file says about the points.
fn dataset_output(ds: &model::Dataset, sa: &model::SeriesAnalysis) -> Value {
    let dates: Vec<String> = sa.months.iter().map(ToString::to_string).collect();
    let mut out = series_output(&dates, &sa.analysis, sa.profile, sa.chart);
    if let Some(points) = out.get_mut("points").and_then(Value::as_array_mut) {
        for (i, p) in points.iter_mut().enumerate() {
            let Some(p) = p.as_object_mut() else { continue };
            if let Some(reason) = sa.exclusion_reason(i) {
                p.insert("excluded_reason".into(), json!(reason));
            }
            if let Some(reason) = sa.rebase_reason(i) {
                p.insert("rebase_reason".into(), json!(reason));
            }
            let notes: Vec<&str> = sa.annotations_at(i).collect();
            if !notes.is_empty() {
                p.insert("annotations".into(), json!(notes));
            }
        }
    }
    if let Some(obj) = out.as_object_mut() {
        if let Some(m) = ds.measure(&sa.measure) {
            obj.insert(
                "measure".into(),
                json!({
                    "id": m.id,
                    "name": m.name,
                    "unit": m.unit,
                    "improvement_direction": m.direction.as_str(),
                    "target": m.target,
                }),
            );
        }
        if let Some(a) = ds.area(&sa.area) {
            obj.insert(
                "area".into(),
                json!({"code": a.code, "name": a.name, "kind": a.kind}),
            );
        }
        let month_list = |items: Vec<(Month, &str, &str)>| -> Value {
            items
                .into_iter()
                .map(|(m, key, text)| json!({"date": m.to_string(), key: text}))
                .collect()
        };
        obj.insert(
            "rebases".into(),
            month_list(
                sa.rebases
                    .iter()
                    .map(|r| (r.month, "reason", r.reason.as_str()))
                    .collect(),
            ),
        );
        obj.insert(
            "exclusions".into(),
            month_list(
                sa.exclusions
                    .iter()
                    .map(|e| (e.month, "reason", e.reason.as_str()))
                    .collect(),
            ),
        );
        obj.insert(
            "annotations".into(),
            month_list(
                sa.annotations
                    .iter()
                    .map(|a| (a.month, "text", a.text.as_str()))
                    .collect(),
            ),
        );
    }
    out
}

/// Deserialises only to check that no key of the top-level object appears twice (the error
/// message carries the key between double quotes).
struct UniqueKeys;

impl<'de> serde::Deserialize<'de> for UniqueKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Keys;
        impl<'de> serde::de::Visitor<'de> for Keys {
            type Value = UniqueKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<UniqueKeys, A::Error> {
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(serde::de::Error::custom(format!("\"{key}\"")));
                    }
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(UniqueKeys)
            }
        }
        d.deserialize_map(Keys)
    }
}

/// One parsed single-series input.
struct SeriesInput {
    dates: Vec<String>,
    values: Vec<Option<f64>>,
    numerators: Option<Vec<Option<f64>>>,
    denominators: Option<Vec<Option<f64>>>,
    direction: Direction,
    target: Option<f64>,
    rebase_at: Vec<usize>,
    excluded: Vec<usize>,
    fix_after_n_points: Option<usize>,
}

fn invalid(message: impl Into<String>, field: &str, index: Option<usize>) -> Error {
    Error::invalid(message, Location::field(field, index))
}

/// The error for a required field that is absent.
fn missing(field: &str) -> Error {
    invalid(
        format!("the required field \"{field}\" is missing"),
        field,
        None,
    )
}

fn number_array(obj: &Map<String, Value>, field: &str) -> Result<Option<Vec<Option<f64>>>> {
    let Some(v) = obj.get(field) else {
        return Ok(None);
    };
    let arr = v.as_array().ok_or_else(|| {
        invalid(
            format!(
                "{field} must be an array of numbers or nulls, not {}",
                kind(v)
            ),
            field,
            None,
        )
    })?;
    arr.iter()
        .enumerate()
        .map(|(i, x)| match x {
            Value::Null => Ok(None),
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    invalid(
                        format!("{} is not a finite number", singular(field)),
                        field,
                        Some(i),
                    )
                }),
            other => Err(invalid(
                format!(
                    "{} must be a number or null, not {}",
                    singular(field),
                    kind(other)
                ),
                field,
                Some(i),
            )),
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A date's sort key: (year, month, day), day 0 for `YYYY-MM`.
fn date_key(text: &str, field: &str, i: usize) -> Result<(i32, u32, u32)> {
    let m = Month::parse(text).map_err(|e| invalid(e, field, Some(i)))?;
    let day = if text.len() == 10 {
        text[8..10].parse().unwrap_or(0)
    } else {
        0
    };
    Ok((m.year(), m.month(), day))
}

fn string_array(obj: &Map<String, Value>, field: &str) -> Result<Option<Vec<String>>> {
    let Some(v) = obj.get(field) else {
        return Ok(None);
    };
    let arr = v.as_array().ok_or_else(|| {
        invalid(
            format!("{field} must be an array of dates, not {}", kind(v)),
            field,
            None,
        )
    })?;
    arr.iter()
        .enumerate()
        .map(|(i, x)| {
            x.as_str().map(str::to_string).ok_or_else(|| {
                invalid(
                    format!("each of {field} must be a date string, not {}", kind(x)),
                    field,
                    Some(i),
                )
            })
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

fn parse_series(text: &str, chart: ChartType) -> Result<SeriesInput> {
    if text.trim().is_empty() {
        return Err(Error::new(
            ErrorKind::Json,
            "the input is empty: expected one JSON object with dates, values and improvement_direction",
            Location::default(),
        ));
    }
    let root: Value = serde_json::from_str(text).map_err(|e| {
        Error::new(
            ErrorKind::Json,
            format!("the input is not valid JSON: {e}"),
            Location::default(),
        )
    })?;
    let obj = root.as_object().ok_or_else(|| {
        Error::new(
            ErrorKind::Json,
            format!("the input must be a JSON object, not {}", kind(&root)),
            Location::default(),
        )
    })?;
    // `Value` keeps the last of two equal keys; a series given twice is refused instead of
    // silently dropping one of them (as the published file's reader does).
    if let Err(e) = serde_json::from_str::<UniqueKeys>(text) {
        let field = e.to_string();
        let field = field.split('"').nth(1).unwrap_or_default().to_string();
        return Err(invalid(
            format!("the field \"{field}\" is given twice; give it once"),
            &field,
            None,
        ));
    }
    if let Some(k) = obj.keys().find(|k| !KNOWN_FIELDS.contains(&k.as_str())) {
        return Err(invalid(
            format!(
                "\"{k}\" is not a known field (expected one of {})",
                KNOWN_FIELDS.join(", ")
            ),
            k,
            None,
        ));
    }
    let dates = string_array(obj, "dates")?.ok_or_else(|| missing("dates"))?;
    let mut keys = Vec::with_capacity(dates.len());
    for (i, d) in dates.iter().enumerate() {
        let key = date_key(d, "dates", i)?;
        if i > 0 && d.len() != dates[0].len() {
            return Err(invalid(
                "dates mix YYYY-MM and YYYY-MM-DD forms; use one form",
                "dates",
                Some(i),
            ));
        }
        if let Some(prev) = keys.last() {
            if key <= *prev {
                return Err(invalid(
                    format!(
                        "\"{d}\" is not after \"{}\": dates must be strictly increasing",
                        dates[i - 1]
                    ),
                    "dates",
                    Some(i),
                ));
            }
        }
        keys.push(key);
    }
    let numerators = number_array(obj, "numerators")?;
    let denominators = number_array(obj, "denominators")?;
    let values = match number_array(obj, "values")? {
        Some(v) => v,
        None if chart.needs_denominators() && numerators.is_some() => vec![None; dates.len()],
        None => return Err(missing("values")),
    };
    for (name, len) in [
        ("values", Some(values.len())),
        ("numerators", numerators.as_ref().map(Vec::len)),
        ("denominators", denominators.as_ref().map(Vec::len)),
    ] {
        if let Some(len) = len {
            if len != dates.len() {
                return Err(invalid(
                    format!("{name} has {len} entries but dates has {}", dates.len()),
                    name,
                    Some(len.min(dates.len())),
                ));
            }
        }
    }
    let direction = match obj.get("improvement_direction") {
        None => return Err(missing("improvement_direction")),
        Some(Value::String(s)) => Direction::parse(s).ok_or_else(|| {
            invalid(
                format!("improvement_direction \"{s}\" is not increase, decrease or neutral"),
                "improvement_direction",
                None,
            )
        })?,
        Some(other) => {
            return Err(invalid(
                format!(
                    "improvement_direction must be a string, not {}",
                    kind(other)
                ),
                "improvement_direction",
                None,
            ))
        }
    };
    let target = match obj.get("target") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| invalid("target is not a finite number", "target", None))?,
        ),
        Some(other) => {
            return Err(invalid(
                format!("target must be a number, not {}", kind(other)),
                "target",
                None,
            ))
        }
    };
    let fix_after_n_points = match obj.get("fix_after_n_points") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    invalid(
                        "fix_after_n_points must be a whole number of points",
                        "fix_after_n_points",
                        None,
                    )
                })?,
        ),
    };
    let index_of = |field: &str| -> Result<Vec<usize>> {
        let Some(list) = string_array(obj, field)? else {
            return Ok(Vec::new());
        };
        list.iter()
            .enumerate()
            .map(|(k, d)| {
                let key = date_key(d, field, k)?;
                keys.binary_search(&key)
                    .ok()
                    .filter(|&i| dates[i].len() == d.len())
                    .ok_or_else(|| {
                        invalid(
                            format!("{field} entry \"{d}\" is not one of the dates"),
                            field,
                            Some(k),
                        )
                    })
            })
            .collect()
    };
    let rebase_at = index_of("rebase_dates")?;
    let excluded = index_of("excluded_dates")?;
    Ok(SeriesInput {
        dates,
        values,
        numerators,
        denominators,
        direction,
        target,
        rebase_at,
        excluded,
        fix_after_n_points,
    })
}

/// Parses a single-series input, analyses it and returns the output object.
pub fn analyse_text(text: &str, profile: Profile, chart: ChartType) -> Result<Value> {
    let s = parse_series(text, chart)?;
    let input = Input {
        values: &s.values,
        numerators: s.numerators.as_deref(),
        denominators: s.denominators.as_deref(),
        direction: s.direction,
        target: s.target,
        rebase_at: &s.rebase_at,
        excluded: &s.excluded,
        fix_after_n_points: s.fix_after_n_points,
        chart,
    };
    let a = spc::analyse(&input, &profile.settings())?;
    Ok(series_output(&s.dates, &a, profile, chart))
}

fn enum_str<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// The output object of `analyse` for one analysed series with its dates (shared with the
/// `--dataset` branch).
pub fn series_output(dates: &[String], a: &Analysis, profile: Profile, chart: ChartType) -> Value {
    let date = |i: usize| dates.get(i).cloned().map_or(Value::Null, Value::String);
    let points: Vec<Value> = a
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let l = p.limits;
            json!({
                "date": date(i),
                "value": p.value,
                "mean": l.map(|l| l.mean),
                "lpl": l.map(|l| l.lpl),
                "upl": l.map(|l| l.upl),
                "near_lpl": l.map(|l| l.near_lpl),
                "near_upl": l.map(|l| l.near_upl),
                "point_type": enum_str(&p.point_type),
                "rules": p.rules.iter().map(|h| json!({"rule": enum_str(&h.rule), "side": enum_str(&h.side)})).collect::<Vec<_>>(),
                "group": p.group,
                "excluded": p.excluded,
            })
        })
        .collect();
    let groups: Vec<Value> = a
        .groups
        .iter()
        .map(|g| {
            json!({
                "start_date": date(g.start),
                "end_date": date(g.end.saturating_sub(1)),
                "points_used": g.points_used,
                "mean": g.limits.map(|l| l.mean),
                "lpl": g.limits.map(|l| l.lpl),
                "upl": g.limits.map(|l| l.upl),
                "mr_bar": g.mr_bar,
                "trial": g.trial,
                "runs_analysis": g.runs_analysis,
            })
        })
        .collect();
    json!({
        "profile": profile.as_str(),
        "chart": chart.as_str(),
        "points": points,
        "variation_icon": a.variation_icon.as_ref().map(enum_str),
        "assurance_type": a.assurance.as_ref().map(enum_str),
        "pcc_class": a.pcc_class,
        "suggested_rebases": a.suggested_rebases.iter().map(|r| json!({
            "date": date(r.at), "index": r.at, "run_length": r.run_length, "side": enum_str(&r.side)
        })).collect::<Vec<_>>(),
        "groups": groups,
        "warnings": a.warnings,
    })
}
