//! The small side inputs of `pcc-spc build`: the LSOA → CSP lookup and the population table.
//! Columns are found by name (case-insensitive), so ONS-style and tidy headers both work.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::street::{open, LsoaIndex};
use crate::{Error, ErrorKind, Location, Result};

/// A CSV read whole into records with their line numbers (these files are small).
struct Table {
    file: String,
    header: Vec<String>,
    rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    fn read(path: &Path) -> Result<Table> {
        let file = path.display().to_string();
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            // Records end at '\n' only, so the reported line numbers stay right for CRLF
            // files (csv's own CRLF handling counts a CRLF file's lines off by one); the '\r'
            // left at the end of the last field is trimmed.
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_reader(open(path)?);
        let mut rows = Vec::new();
        let mut header = None;
        for rec in csv.byte_records() {
            let rec = rec.map_err(|e| {
                Error::new(
                    ErrorKind::Source,
                    format!("cannot read the CSV: {e}"),
                    Location::file_line(&file, e.position().map(|p| p.line())),
                )
            })?;
            let line = rec.position().map_or(0, |p| p.line());
            let fields: Vec<String> = rec
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let f = if i == 0 && header.is_none() {
                        f.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(f)
                    } else {
                        f
                    };
                    String::from_utf8_lossy(f).trim().to_string()
                })
                .collect();
            if header.is_none() {
                header = Some(fields);
            } else if fields.iter().all(String::is_empty) {
                // Blank lines (and rows of empty cells) carry nothing: spreadsheet exports end with them.
                continue;
            } else {
                rows.push((line, fields));
            }
        }
        let header = header.ok_or_else(|| {
            Error::new(
                ErrorKind::Source,
                "the file is empty: expected a header row",
                Location::file_line(&file, Some(1)),
            )
        })?;
        Ok(Table { file, header, rows })
    }

    fn col(&self, names: &[&str]) -> Option<usize> {
        self.header
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    }

    fn need(&self, what: &str, names: &[&str]) -> Result<usize> {
        self.col(names).ok_or_else(|| {
            Error::new(
                ErrorKind::Source,
                format!(
                    "the header has no {what} column (expected one of: {}; found: {})",
                    names.join(", "),
                    self.header.join(",")
                ),
                Location::file_line(&self.file, Some(1)),
            )
        })
    }

    fn at(&self, line: u64) -> Location {
        Location::file_line(&self.file, Some(line))
    }

    fn field<'a>(&self, line: u64, row: &'a [String], col: usize, what: &str) -> Result<&'a str> {
        match row.get(col) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(Error::new(
                ErrorKind::Source,
                format!("the {what} is empty (column {})", col + 1),
                self.at(line),
            )),
        }
    }
}

/// The CSP areas of a lookup (in order of first appearance) and its LSOA index.
#[derive(Debug, Clone)]
pub struct Lookup {
    /// (code, name) of each area, in order of first appearance in the file.
    pub areas: Vec<(String, String)>,
    /// LSOA code → index into `areas`.
    pub lsoas: LsoaIndex,
}

/// Reads an LSOA → CSP lookup CSV (e.g. `LSOA11CD, LSOA11NM, LAD_CODE, LAD_NAME`).
pub fn read_lookup(path: &Path) -> Result<Lookup> {
    let t = Table::read(path)?;
    let c_lsoa = t.need(
        "LSOA code",
        &["LSOA11CD", "LSOA21CD", "LSOA code", "lsoa_code", "lsoa"],
    )?;
    let c_code = t.need(
        "area code",
        &[
            "LAD_CODE",
            "CSP_CODE",
            "csp_code",
            "area_code",
            "LAD13CD",
            "LAD21CD",
            "LAD22CD",
        ],
    )?;
    let c_name = t.need(
        "area name",
        &[
            "LAD_NAME",
            "CSP_NAME",
            "csp_name",
            "area_name",
            "LAD13NM",
            "LAD21NM",
            "LAD22NM",
        ],
    )?;
    let mut areas: Vec<(String, String)> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut lsoas = LsoaIndex::new();
    let mut lsoa_line: HashMap<String, u64> = HashMap::new();
    for (line, row) in &t.rows {
        let line = *line;
        let lsoa = t.field(line, row, c_lsoa, "LSOA code")?;
        let code = t.field(line, row, c_code, "area code")?;
        let name = t.field(line, row, c_name, "area name")?;
        let idx = match areas.iter().position(|(c, _)| c == code) {
            Some(i) => {
                if areas[i].1 != name {
                    return Err(Error::new(
                        ErrorKind::Source,
                        format!(
                            "area {code} is named \"{name}\" here but \"{}\" at line {}",
                            areas[i].1, first_line[code]
                        ),
                        t.at(line),
                    ));
                }
                i
            }
            None => {
                areas.push((code.to_string(), name.to_string()));
                first_line.insert(code.to_string(), line);
                areas.len() - 1
            }
        };
        if let Some(prev) = lsoa_line.get(lsoa) {
            return Err(Error::new(
                ErrorKind::Source,
                format!("LSOA {lsoa} is listed twice (first at line {prev})"),
                t.at(line),
            ));
        }
        lsoa_line.insert(lsoa.to_string(), line);
        lsoas.insert(lsoa.as_bytes().into(), idx);
    }
    if areas.is_empty() {
        return Err(Error::new(
            ErrorKind::Source,
            "the lookup has no rows",
            Location::file_line(&t.file, None),
        ));
    }
    Ok(Lookup { areas, lsoas })
}

/// Mid-year population estimates: area code → year → (residents, source).
pub type Populations = HashMap<String, BTreeMap<i32, (f64, Option<String>)>>;

/// Reads a tidy population CSV (`area_code, mid_year, population[, source_file]`, other
/// columns ignored). Numbers may carry thousands separators (`"1,234"`), as ONS exports do.
pub fn read_population(path: &Path) -> Result<Populations> {
    let t = Table::read(path)?;
    let c_code = t.need("area code", &["area_code", "code", "LAD_CODE", "csp_code"])?;
    let c_year = t.need("mid-year", &["mid_year", "year"])?;
    let c_pop = t.need("population", &["population", "value", "residents"])?;
    let c_src = t.col(&["source", "source_file"]);
    let mut out: Populations = HashMap::new();
    let mut seen: HashMap<(String, i32), u64> = HashMap::new();
    for (line, row) in &t.rows {
        let line = *line;
        let code = t.field(line, row, c_code, "area code")?;
        let year_text = t.field(line, row, c_year, "mid-year")?;
        let year: i32 = year_text
            .parse()
            .ok()
            .filter(|y| (1900..=9999).contains(y))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Source,
                    format!("mid-year \"{year_text}\" is not a year"),
                    t.at(line),
                )
            })?;
        let pop_text = t.field(line, row, c_pop, "population")?;
        let pop: f64 = pop_text
            .replace(',', "")
            .parse()
            .ok()
            .filter(|p: &f64| p.is_finite() && *p > 0.0)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Source,
                    format!("population \"{pop_text}\" is not a positive number"),
                    t.at(line),
                )
            })?;
        if let Some(prev) = seen.insert((code.to_string(), year), line) {
            return Err(Error::new(
                ErrorKind::Source,
                format!("a second mid-{year} population for {code} (first at line {prev})"),
                t.at(line),
            ));
        }
        let src = c_src
            .and_then(|c| row.get(c))
            .filter(|s| !s.is_empty())
            .cloned();
        out.entry(code.to_string())
            .or_default()
            .insert(year, (pop, src));
    }
    Ok(out)
}
