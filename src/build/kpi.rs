//! The tidy KPI CSV: `measure_id, area, month, value[, numerator, denominator]`, one row per
//! measure × area × month. How an analyst publishes measures that are not on data.police.uk
//! (999 calls answered, response times, satisfaction). An empty `value` means "not published"
//! for that month (written as `null`, never 0).

use std::path::Path;

use super::street::open;
use crate::month::Month;
use crate::{Error, ErrorKind, Location, Result};

/// One row of a KPI CSV, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRow {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// Measure id.
    pub measure: String,
    /// Area code.
    pub area: String,
    /// Month.
    pub month: Month,
    /// Value (`None` = not published).
    pub value: Option<f64>,
    /// Numerator, if the file has the column and the cell is filled.
    pub numerator: Option<f64>,
    /// Denominator, likewise.
    pub denominator: Option<f64>,
}

impl KpiRow {
    /// Where the row is.
    pub fn location(&self) -> Location {
        Location::file_line(&self.file, Some(self.line))
    }
}

const COLUMNS: [&str; 6] = [
    "measure_id",
    "area",
    "month",
    "value",
    "numerator",
    "denominator",
];

/// Reads every row of a KPI CSV, checking its shape and numbers.
pub fn read_kpi(path: &Path) -> Result<Vec<KpiRow>> {
    let file = path.display().to_string();
    let at = |line: u64| Location::file_line(&file, Some(line));
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        // Records end at '\n' only, so the reported line numbers stay right for CRLF
        // files (csv's own CRLF handling counts a CRLF file's lines off by one); the '\r'
        // left at the end of the last field is trimmed.
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_reader(open(path)?);
    let mut records = csv.byte_records();
    let header: Vec<String> = match records.next() {
        None => {
            return Err(Error::new(
                ErrorKind::Source,
                "the file is empty: expected the header measure_id,area,month,value[,numerator,denominator]",
                at(1),
            ))
        }
        Some(r) => r
            .map_err(|e| Error::new(ErrorKind::Source, format!("cannot read the CSV: {e}"), at(1)))?
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = if i == 0 {
                    f.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(f)
                } else {
                    f
                };
                String::from_utf8_lossy(f).trim().to_ascii_lowercase()
            })
            .collect(),
    };
    for (i, h) in header.iter().enumerate() {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(Error::new(
                ErrorKind::Source,
                format!(
                    "unknown column \"{h}\" (column {}): expected measure_id, area, month, value and optionally numerator, denominator",
                    i + 1
                ),
                at(1),
            ));
        }
        if header[..i].contains(h) {
            return Err(Error::new(
                ErrorKind::Source,
                format!("column \"{h}\" appears twice"),
                at(1),
            ));
        }
    }
    let col = |n: &str| header.iter().position(|h| h == n);
    let need = |n: &str| {
        col(n).ok_or_else(|| {
            Error::new(
                ErrorKind::Source,
                format!("the header has no \"{n}\" column: expected measure_id,area,month,value[,numerator,denominator]"),
                at(1),
            )
        })
    };
    let (c_measure, c_area, c_month, c_value) = (
        need("measure_id")?,
        need("area")?,
        need("month")?,
        need("value")?,
    );
    let (c_num, c_den) = (col("numerator"), col("denominator"));
    let mut out = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| {
            Error::new(
                ErrorKind::Source,
                format!("cannot read the CSV: {e}"),
                Location::file_line(&file, e.position().map(|p| p.line())),
            )
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            return Err(Error::new(
                ErrorKind::Source,
                format!("row has {} fields, expected {}", rec.len(), header.len()),
                at(line),
            ));
        }
        let text = |c: usize| String::from_utf8_lossy(&rec[c]).trim().to_string();
        let required = |c: usize, what: &str| -> Result<String> {
            let v = text(c);
            if v.is_empty() {
                Err(Error::new(
                    ErrorKind::Source,
                    format!("the {what} is empty"),
                    at(line),
                ))
            } else {
                Ok(v)
            }
        };
        let number = |c: Option<usize>, what: &str| -> Result<Option<f64>> {
            let Some(c) = c else { return Ok(None) };
            let v = text(c);
            if v.is_empty() {
                return Ok(None);
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(Error::new(
                    ErrorKind::Source,
                    format!("{what} \"{v}\" is not a number (leave the cell empty for a month that is not published)"),
                    at(line),
                )),
            }
        };
        let measure = required(c_measure, "measure_id")?;
        let area = required(c_area, "area")?;
        let month_text = required(c_month, "month")?;
        let month = Month::parse(&month_text)
            .map_err(|e| Error::new(ErrorKind::Source, format!("month: {e}"), at(line)))?;
        let value = number(Some(c_value), "value")?;
        let numerator = number(c_num, "numerator")?;
        let denominator = number(c_den, "denominator")?;
        if value.is_none() && (numerator.is_some() || denominator.is_some()) {
            return Err(Error::new(
                ErrorKind::Source,
                "the value is empty but a numerator or denominator is given",
                at(line),
            ));
        }
        if denominator == Some(0.0) {
            return Err(Error::new(
                ErrorKind::Source,
                "the denominator is 0",
                at(line),
            ));
        }
        out.push(KpiRow {
            file: file.clone(),
            line,
            measure,
            area,
            month,
            value,
            numerator,
            denominator,
        });
    }
    Ok(out)
}
