//! Streaming counts of data.police.uk street-level crime CSVs (one file per month, plain or
//! gzipped): rows per crime type and per CSP area, plus rows with no location and rows whose
//! LSOA lies outside every area.
//!
//! Files are read with a bounded buffer (memory does not grow with file size) and, when the
//! machine has more than one core, several files at once; the result does not depend on the
//! order in which threads finish.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::month::Month;
use crate::{Error, ErrorKind, Location, Result};

/// The 14 data.police.uk categories, alphabetical; index 0 is anti-social behaviour.
pub const CRIME_TYPES: [&str; 14] = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
];

/// Index of anti-social behaviour in [`CRIME_TYPES`].
pub const ASB: usize = 0;

/// LSOA code → index of its area (0-based, in area order).
pub type LsoaIndex = HashMap<Box<[u8]>, usize>;

/// What one monthly file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct FileCounts {
    /// The file as given.
    pub path: PathBuf,
    /// The month of its rows.
    pub month: Month,
    /// `counts[slot * 14 + type]`: slots are the areas, then "no location", then "outside".
    pub counts: Vec<u64>,
    /// Number of areas (slots before "no location").
    pub areas: usize,
    /// Data rows counted.
    pub rows: u64,
    /// Malformed rows skipped (only with `--skip-bad-rows`).
    pub bad_rows: u64,
    /// The first few skipped rows: line and what was wrong.
    pub bad_examples: Vec<(u64, String)>,
}

impl FileCounts {
    /// Count for an area slot and a crime type.
    pub fn get(&self, slot: usize, crime_type: usize) -> u64 {
        self.counts[slot * CRIME_TYPES.len() + crime_type]
    }

    /// Slot of the rows with no location.
    pub fn no_location_slot(&self) -> usize {
        self.areas
    }

    /// Slot of the rows whose LSOA is outside every area.
    pub fn outside_slot(&self) -> usize {
        self.areas + 1
    }

    /// Sum over crime types for a slot.
    pub fn slot_total(&self, slot: usize) -> u64 {
        (0..CRIME_TYPES.len()).map(|t| self.get(slot, t)).sum()
    }
}

/// The `YYYY-MM` that a data.police.uk file name starts with or contains, if any.
pub fn month_in_name(path: &Path) -> Option<Month> {
    let name = path.file_name()?.to_str()?;
    let b = name.as_bytes();
    (0..b.len().saturating_sub(6)).find_map(|i| {
        let s = name.get(i..i + 7)?;
        let ok = s.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && s.as_bytes()[4] == b'-'
            && s.as_bytes()[5..].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 7).is_none_or(|c| !c.is_ascii_digit());
        if ok {
            Month::parse(s).ok()
        } else {
            None
        }
    })
}

/// Expands directories into the `.csv` and `.csv.gz` files they hold (sorted by name).
pub fn expand_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| io_error(p, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    let n = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    f.is_file() && (n.ends_with(".csv") || n.ends_with(".csv.gz"))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Error::new(
                    ErrorKind::Io,
                    "the folder holds no .csv or .csv.gz files",
                    Location::file_line(p.display().to_string(), None),
                ));
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn io_error(p: &Path, e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("cannot read: {e}"),
        Location::file_line(p.display().to_string(), None),
    )
}

/// Opens a plain or gzipped (by magic bytes, whatever the name) file as a byte stream.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>> {
    let mut f = File::open(path).map_err(|e| io_error(path, e))?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(|e| io_error(path, e))?;
    let f = File::open(path).map_err(|e| io_error(path, e))?;
    if n == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(flate2::read::MultiGzDecoder::new(
            BufReader::with_capacity(1 << 16, f),
        )))
    } else {
        Ok(Box::new(f))
    }
}

/// Counts every file, `threads` at a time; results in input order. On errors, the error of the
/// first failing file (in input order) is returned, so the message does not depend on timing.
pub fn count_files(
    files: &[PathBuf],
    lsoas: &LsoaIndex,
    areas: usize,
    skip_bad_rows: bool,
    threads: usize,
) -> Result<Vec<FileCounts>> {
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<Result<FileCounts>>> = (0..files.len()).map(|_| None).collect();
    let threads = threads.clamp(1, files.len().max(1));
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= files.len() {
                break;
            }
            mine.push((i, count_file(&files[i], lsoas, areas, skip_bad_rows)));
        }
        mine
    };
    if threads == 1 {
        for (i, r) in work() {
            results[i] = Some(r);
        }
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            for h in handles {
                // A worker only panics on a bug; surface it rather than hide it.
                for (i, r) in h.join().expect("a counting thread panicked") {
                    results[i] = Some(r);
                }
            }
        });
    }
    results
        .into_iter()
        .map(|r| r.expect("every file is counted"))
        .collect()
}

/// Counts one monthly street-level file.
pub fn count_file(
    path: &Path,
    lsoas: &LsoaIndex,
    areas: usize,
    skip_bad_rows: bool,
) -> Result<FileCounts> {
    let name = path.display().to_string();
    let at = |line: u64| Location::file_line(&name, Some(line));
    let reader = open(path)?;
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        // Records end at '\n' only, so the reported line numbers stay right for CRLF
        // files (csv's own CRLF handling counts a CRLF file's lines off by one); the '\r'
        // left at the end of the last field is trimmed.
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(reader);
    let mut rec = csv::ByteRecord::new();
    let read = |csv: &mut csv::Reader<Box<dyn Read + Send>>, rec: &mut csv::ByteRecord| {
        csv.read_byte_record(rec).map_err(|e| {
            let line = e.position().map(|p| p.line());
            let msg = match e.kind() {
                csv::ErrorKind::Io(io) => format!("cannot read (corrupt or truncated file?): {io}"),
                _ => format!("cannot read the CSV: {e}"),
            };
            Error::new(ErrorKind::Source, msg, Location::file_line(&name, line))
        })
    };
    if !read(&mut csv, &mut rec)? {
        return Err(Error::new(
            ErrorKind::Source,
            "the file is empty: expected a header row (Crime ID, Month, …, LSOA code, …, Crime type, …)",
            at(1),
        ));
    }
    let header: Vec<String> = rec
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let f = if i == 0 {
                f.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(f)
            } else {
                f
            };
            String::from_utf8_lossy(f).trim().to_string()
        })
        .collect();
    let col = |want: &str| -> Result<usize> {
        header.iter().position(|h| h == want).ok_or_else(|| {
            Error::new(
                ErrorKind::Source,
                format!(
                    "the header has no \"{want}\" column; is this a data.police.uk street-level file? (header: {})",
                    header.join(",")
                ),
                at(1),
            )
        })
    };
    let (c_month, c_lsoa, c_type) = (col("Month")?, col("LSOA code")?, col("Crime type")?);
    let width = header.len();

    let name_month = month_in_name(path);
    let mut month: Option<Month> = None;
    let mut month_text = [0u8; 7];
    let nt = CRIME_TYPES.len();
    let mut counts = vec![0u64; (areas + 2) * nt];
    let (mut rows, mut bad_rows) = (0u64, 0u64);
    let mut bad_examples = Vec::new();

    while read(&mut csv, &mut rec)? {
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() == 1 && rec[0].trim_ascii().is_empty() {
            // A blank line carries no row (hand-edited files often end with one).
            continue;
        }
        let problem: Option<String> = (|| {
            if rec.len() != width {
                return Some(format!("row has {} fields, expected {width}", rec.len()));
            }
            let m = rec[c_month].trim_ascii();
            if month.is_none() || m != month_text {
                let text = String::from_utf8_lossy(m);
                let parsed = match Month::parse(text.trim()) {
                    Ok(p) => p,
                    Err(e) => return Some(format!("Month: {e}")),
                };
                match month {
                    None => {
                        month = Some(parsed);
                        month_text.copy_from_slice(parsed.to_string().as_bytes());
                        if m != month_text {
                            // e.g. "2020-03-01": accept, but compare by value from now on.
                            return compare_month(m, parsed, parsed);
                        }
                    }
                    Some(fm) => return compare_month(m, parsed, fm),
                }
            }
            None
        })();
        if let Some(msg) = problem {
            if skip_bad_rows {
                bad_rows += 1;
                if bad_examples.len() < 5 {
                    bad_examples.push((line, msg));
                }
                continue;
            }
            return Err(Error::new(
                ErrorKind::Source,
                format!("malformed row: {msg} (use --skip-bad-rows to count and skip such rows)"),
                at(line),
            ));
        }
        let t = match CRIME_TYPES
            .iter()
            .position(|t| t.as_bytes() == rec[c_type].trim_ascii())
        {
            Some(t) => t,
            None => {
                let msg = format!(
                    "unknown crime type \"{}\": expected one of the 14 data.police.uk categories",
                    String::from_utf8_lossy(&rec[c_type])
                );
                if skip_bad_rows {
                    bad_rows += 1;
                    if bad_examples.len() < 5 {
                        bad_examples.push((line, msg));
                    }
                    continue;
                }
                return Err(Error::new(
                    ErrorKind::Source,
                    format!(
                        "malformed row: {msg} (use --skip-bad-rows to count and skip such rows)"
                    ),
                    at(line),
                ));
            }
        };
        let lsoa = rec[c_lsoa].trim_ascii();
        let slot = if lsoa.is_empty() {
            areas
        } else {
            lsoas.get(lsoa).copied().unwrap_or(areas + 1)
        };
        counts[slot * nt + t] += 1;
        rows += 1;
        if rows == 1 {
            if let (Some(n), Some(m)) = (name_month, month) {
                if n != m {
                    return Err(Error::new(
                        ErrorKind::Source,
                        format!("the file name says {n} but its rows are for {m}"),
                        at(line),
                    ));
                }
            }
        }
    }
    let month = match (month, name_month) {
        (Some(m), _) => m,
        (None, Some(n)) => n,
        (None, None) => {
            return Err(Error::new(
                ErrorKind::Source,
                "the file has no data rows and no YYYY-MM in its name: cannot tell its month",
                Location::file_line(&name, None),
            ))
        }
    };
    Ok(FileCounts {
        path: path.to_path_buf(),
        month,
        counts,
        areas,
        rows,
        bad_rows,
        bad_examples,
    })
}

/// A row's month must be the file's month.
fn compare_month(text: &[u8], parsed: Month, file: Month) -> Option<String> {
    if parsed == file {
        None
    } else {
        Some(format!(
            "Month \"{}\" differs from the file's month {file}",
            String::from_utf8_lossy(text)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_from_name() {
        let m = |s: &str| month_in_name(Path::new(s));
        assert_eq!(
            m("2020-03-leicestershire-street.csv.gz"),
            Month::new(2020, 3)
        );
        assert_eq!(m("dir/x_2021-12.csv"), Month::new(2021, 12));
        assert_eq!(m("street.csv"), None);
        assert_eq!(m("12020-03.csv"), None);
    }
}
