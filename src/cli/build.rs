//! `pcc-spc build`: hand-written argument parsing around [`crate::build::build`].

use std::io::Write;
use std::path::PathBuf;

use crate::build::{build, to_json, write, BuildOptions};
use crate::month::Month;
use crate::{Error, ErrorKind, Location, Result};

const USAGE: &str = "\
usage: pcc-spc build --config MEASURES.toml --out FILE.json
           [--street FILE_OR_DIR]... [--lookup LSOA_TO_CSP.csv] [--population POPULATION.csv]
           [--kpi KPI.csv]... [--boundaries AREAS.topo.json [--simplify-tolerance METRES]]
           [--from YYYY-MM] [--to YYYY-MM] [--skip-bad-rows] [--threads N]

Builds the published performance JSON.
  --config FILE      measures file (TOML): metadata, force and areas, KPI measures,
                     annotations, exclusions and rebases (see data/llr/measures.toml)
  --street PATH      data.police.uk street-level CSVs (.csv or .csv.gz, one file per month)
                     or folders of them; needs --lookup and --population
  --lookup FILE      LSOA -> CSP lookup CSV (LSOA11CD, LAD_CODE, LAD_NAME, ...)
  --population FILE  mid-year population CSV (area_code, mid_year, population[, source_file])
  --kpi FILE         tidy KPI CSV: measure_id,area,month,value[,numerator,denominator]
  --boundaries FILE  TopoJSON of the CSP areas (a geometry per area, found by its id or a
                     property equal to the area code): each CSP's outline is simplified,
                     shared borders kept identical, into areas[].boundary (5 decimals).
                     The force area gets none (the map draws its CSPs). A CSP with no
                     geometry, or a geometry of no area, is a warning.
  --simplify-tolerance METRES
                     Douglas-Peucker tolerance of --boundaries (default 80: under a pixel
                     of a 600 px county map at 2x density)
  --from, --to       the period (default: the measures file's [period], else the data's months)
  --skip-bad-rows    count and skip malformed street rows (reported) instead of stopping
  --threads N        files read at once (default: one per core, at most 4)
  --out FILE         where to write the JSON (`-` for standard output)
A month of the period with no street file is null (never 0), with a warning.";

fn usage(msg: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!("{msg}\n{USAGE}"),
        Location::default(),
    )
}

/// Runs `pcc-spc build` with its arguments.
pub fn run(args: &[String]) -> Result<()> {
    let mut opts = BuildOptions::default();
    let mut config = None;
    let mut out: Option<String> = None;
    let mut f = super::Flags::new(args, usage);
    while let Some(a) = f.next_flag() {
        let a = a.as_str();
        let mut value = |_: &str| f.value();
        let month = |name: &str, v: String| -> Result<Month> {
            Month::parse(&v).map_err(|e| usage(format!("{name}: {e}")))
        };
        match a {
            "-h" | "--help" | "help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--config" => config = Some(PathBuf::from(value(a)?)),
            "--street" => opts.street.push(value(a)?.into()),
            "--lookup" => opts.lookup = Some(value(a)?.into()),
            "--population" => opts.population = Some(value(a)?.into()),
            "--kpi" => opts.kpi.push(value(a)?.into()),
            "--boundaries" => opts.boundaries = Some(value(a)?.into()),
            "--simplify-tolerance" => {
                let v = value(a)?;
                opts.simplify_tolerance = Some(
                    v.parse::<f64>()
                        .ok()
                        .filter(|t| t.is_finite() && *t >= 0.0)
                        .ok_or_else(|| {
                            usage(format!(
                                "--simplify-tolerance: \"{v}\" is not a number of metres (0 or more)"
                            ))
                        })?,
                );
            }
            "--from" => opts.from = Some(month(a, value(a)?)?),
            "--to" => opts.to = Some(month(a, value(a)?)?),
            "--out" | "-o" => out = Some(value(a)?),
            "--threads" => {
                let v = value(a)?;
                opts.threads =
                    v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        usage(format!("--threads: \"{v}\" is not a positive number"))
                    })?;
            }
            "--skip-bad-rows" => opts.skip_bad_rows = true,
            other => return Err(usage(format!("unknown argument \"{other}\""))),
        }
    }
    opts.config = config.ok_or_else(|| usage("--config is required"))?;
    let out = out.ok_or_else(|| usage("--out is required"))?;
    let built = build(&opts)?;
    let mut err = std::io::stderr().lock();
    for line in &built.summary {
        let _ = writeln!(err, "{line}");
    }
    for w in &built.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    let json = to_json(&built.file);
    if out == "-" {
        std::io::stdout().write_all(json.as_bytes()).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot write to standard output: {e}"),
                Location::default(),
            )
        })?;
    } else {
        write(std::path::Path::new(&out), &json)?;
        let _ = writeln!(
            err,
            "wrote {out}: {} measures, {} areas, {} to {}, {} bytes",
            built.file.measures.len(),
            built.file.areas.len(),
            built.file.period.first,
            built.file.period.last,
            json.len()
        );
    }
    Ok(())
}
