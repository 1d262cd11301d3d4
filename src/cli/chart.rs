//! `pcc-spc chart`: one measure and area of a published file as a static, accessible SVG,
//! laid out and painted by the same code as the browser chart (text measured with Arial's
//! metrics instead of the canvas).

use std::io::Write;

use crate::chart::{self, ArialMetrics, ChartData, ChartOptions, Size};
use crate::describe;
use crate::spc::Profile;
use crate::{model, Error, ErrorKind, Location, Result};

const USAGE: &str = "usage: pcc-spc chart --dataset FILE --measure ID --area CODE \
[--profile mdc|nhsr|powerbi|qicharts2] [--width PX] [--height PX] [--from YYYY-MM] [--to YYYY-MM] \
[--near-limits] [--dark] [--high-contrast] [--out FILE.svg]";

struct Options {
    dataset: Option<String>,
    measure: Option<String>,
    area: Option<String>,
    profile: Profile,
    width: f64,
    height: Option<f64>,
    from: Option<crate::Month>,
    to: Option<crate::Month>,
    chart: ChartOptions,
    out: Option<String>,
}

fn usage(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Usage, message, Location::default())
}

fn pixels(flag: &str, v: &str) -> Result<f64> {
    match v.parse::<f64>() {
        Ok(px) if px.is_finite() && (120.0..=10_000.0).contains(&px) => Ok(px),
        _ => Err(usage(format!(
            "{flag} must be a number of CSS pixels from 120 to 10000, not \"{v}\""
        ))),
    }
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut o = Options {
        dataset: None,
        measure: None,
        area: None,
        profile: Profile::Mdc,
        width: 800.0,
        height: None,
        from: None,
        to: None,
        chart: ChartOptions::default(),
        out: None,
    };
    let mut f = super::Flags::new(args, usage);
    while let Some(flag) = f.next_flag() {
        let mut value = || f.value();
        let month = |v: String| crate::Month::parse(&v).map_err(|e| usage(format!("{flag}: {e}")));
        match flag.as_str() {
            "--dataset" => o.dataset = Some(value()?),
            "--measure" => o.measure = Some(value()?),
            "--area" => o.area = Some(value()?),
            "--profile" => {
                let v = value()?;
                o.profile = Profile::parse(&v).ok_or_else(|| {
                    usage(format!(
                        "unknown profile \"{v}\": expected mdc, nhsr, powerbi or qicharts2"
                    ))
                })?;
            }
            "--width" => o.width = pixels("--width", &value()?)?,
            "--height" => o.height = Some(pixels("--height", &value()?)?),
            "--from" => o.from = Some(month(value()?)?),
            "--to" => o.to = Some(month(value()?)?),
            "--near-limits" => o.chart.show_near_limits = true,
            "--dark" => o.chart.dark = true,
            "--high-contrast" => o.chart.high_contrast = true,
            "--out" => o.out = Some(value()?),
            "--help" | "-h" => return Err(usage(USAGE)),
            other => {
                return Err(usage(format!(
                    "unknown argument \"{other}\" for chart\n{USAGE}"
                )))
            }
        }
    }
    Ok(o)
}

/// Runs `pcc-spc chart` with its arguments: the SVG goes to `--out` or stdout.
pub fn run(args: &[String]) -> Result<()> {
    let o = parse_args(args)?;
    let (Some(path), Some(measure), Some(area)) = (&o.dataset, &o.measure, &o.area) else {
        return Err(usage(format!(
            "chart needs --dataset, --measure and --area\n{USAGE}"
        )));
    };
    let in_file = || Location::file_line(path.as_str(), None);
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read the --dataset file: {e}"),
            in_file(),
        )
    })?;
    let (ds, _warnings) = model::parse_bytes(&bytes).map_err(|e| e.within(in_file()))?;
    let data = ChartData::from_dataset(&ds, measure, area, o.profile)?;
    let svg = render(&data, &o)?;
    match &o.out {
        Some(file) => std::fs::write(file, svg).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot write the SVG: {e}"),
                Location::file_line(file.as_str(), None),
            )
        }),
        None => std::io::stdout()
            .lock()
            .write_all(svg.as_bytes())
            .map_err(|e| {
                Error::new(
                    ErrorKind::Io,
                    format!("cannot write to stdout: {e}"),
                    Location::default(),
                )
            }),
    }
}

/// The SVG of `data` with the options of the command line.
fn render(data: &ChartData, o: &Options) -> Result<String> {
    let mut opts = o.chart.clone();
    if o.from.is_some() || o.to.is_some() {
        let index = |m: crate::Month, flag: &str| -> Result<usize> {
            let first = data.months.first().copied();
            first
                .map(|f| m.since(f))
                .filter(|&k| k >= 0 && (k as usize) < data.months.len())
                .map(|k| k as usize)
                .ok_or_else(|| {
                    usage(format!(
                        "{flag} {} is outside the file's months",
                        m.long_label()
                    ))
                })
        };
        let a = o.from.map(|m| index(m, "--from")).transpose()?.unwrap_or(0);
        let b =
            o.to.map(|m| index(m, "--to"))
                .transpose()?
                .unwrap_or(data.months.len().saturating_sub(1));
        if a > b {
            return Err(usage("--from must not be after --to"));
        }
        opts.period = Some((a, b));
    }
    let m = ArialMetrics;
    let height = o
        .height
        .unwrap_or_else(|| chart::preferred_height(data, &opts, o.width, &m));
    let scene = chart::layout(data, &opts, Size::new(o.width, height), &m);
    Ok(chart::to_svg(
        &scene,
        &describe::accessible_name(data),
        &describe::summary(data),
        None,
    ))
}
