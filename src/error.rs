//! The one error type of the crate.
//!
//! Every error says *what* is wrong and *where*: the JSON path, the measure, the area, the
//! month, the index in a series, or the file and line of a CSV. A resident or an analyst reads
//! these messages, so they are written as sentences, not codes.

use std::fmt;

use crate::month::Month;

/// Where in the input something went wrong. Every field is optional; [`fmt::Display`] prints
/// only the ones that are known, most specific last, e.g.
/// `measures[3].series[0].values[4] (measure 3.1, area E06000016, month 2020-03)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Location {
    /// A JSON path such as `measures[3].series[0].values[4]`.
    pub json_path: Option<String>,
    /// A file name (CSV or TOML inputs of `pcc-spc build`).
    pub file: Option<String>,
    /// A 1-based line number in [`Location::file`].
    pub line: Option<u64>,
    /// A measure id such as `3.1`.
    pub measure: Option<String>,
    /// An area code such as `E06000016`.
    pub area: Option<String>,
    /// A calendar month.
    pub month: Option<Month>,
    /// A field name of a single-series input, e.g. `values`.
    pub field: Option<String>,
    /// A 0-based index into [`Location::field`].
    pub index: Option<usize>,
}

impl Location {
    /// A location that is only a JSON path.
    pub fn path(path: impl Into<String>) -> Self {
        Location::json_path(path.into())
    }

    // The body of `path`, once: only the conversion to a `String` is instantiated per
    // argument type.
    fn json_path(path: String) -> Self {
        Location {
            json_path: Some(path),
            ..Location::default()
        }
    }

    /// A location that is a field of a single series, optionally at an index.
    pub fn field(field: impl Into<String>, index: Option<usize>) -> Self {
        Location {
            field: Some(field.into()),
            index,
            ..Location::default()
        }
    }

    /// A location that is a line of a file. Only the native build reads files (the CSV and
    /// TOML inputs of `pcc-spc build`, files named on the command line): the browser modules
    /// have no such location, and their `Display` leaves the file out.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn file_line(file: impl Into<String>, line: Option<u64>) -> Self {
        Location {
            file: Some(file.into()),
            line,
            ..Location::default()
        }
    }

    /// Adds a measure id.
    pub fn with_measure(mut self, id: impl Into<String>) -> Self {
        self.measure = Some(id.into());
        self
    }

    /// Adds an area code.
    pub fn with_area(mut self, code: impl Into<String>) -> Self {
        self.area = Some(code.into());
        self
    }

    /// Adds a month.
    pub fn with_month(mut self, month: Month) -> Self {
        self.month = Some(month);
        self
    }

    /// True when nothing is known about the place.
    pub fn is_empty(&self) -> bool {
        // Field by field, not `== Location::default()`: that builds a default and runs the
        // derived comparison of every field.
        let Location {
            json_path,
            file,
            line,
            measure,
            area,
            month,
            field,
            index,
        } = self;
        json_path.is_none()
            && file.is_none()
            && line.is_none()
            && measure.is_none()
            && area.is_none()
            && month.is_none()
            && field.is_none()
            && index.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut sep = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            Ok(())
        };
        // Only the native build names a file (see `file_line`): not compiled for wasm.
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(file) = &self.file {
            sep(f)?;
            match self.line {
                Some(line) => write!(f, "{file} line {line}")?,
                None => write!(f, "{file}")?,
            }
        }
        if let Some(path) = &self.json_path {
            sep(f)?;
            write!(f, "at {path}")?;
        }
        if let Some(field) = &self.field {
            sep(f)?;
            match self.index {
                Some(i) => write!(f, "field \"{field}\" index {i}")?,
                None => write!(f, "field \"{field}\"")?,
            }
        } else if let Some(i) = self.index {
            sep(f)?;
            write!(f, "index {i}")?;
        }
        if let Some(m) = &self.measure {
            sep(f)?;
            write!(f, "measure {m}")?;
        }
        if let Some(a) = &self.area {
            sep(f)?;
            write!(f, "area {a}")?;
        }
        if let Some(m) = &self.month {
            sep(f)?;
            write!(f, "month {m}")?;
        }
        Ok(())
    }
}

/// What kind of thing went wrong. Callers match on this; people read [`Error`]'s message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is not valid JSON (or not the expected JSON shape).
    Json,
    /// The JSON is well formed but breaks a rule of the published format.
    Invalid,
    /// `schema_version` is missing or not one this build understands.
    SchemaVersion,
    /// A documented size or count limit is exceeded.
    TooLarge,
    /// A CSV or TOML input of `pcc-spc build` is malformed.
    Source,
    /// Reading or writing a file failed.
    Io,
    /// A command-line argument is missing or wrong.
    Usage,
    /// Something asked for is not in the data (an unknown measure or area).
    NotFound,
}

impl ErrorKind {
    /// The variant's name (`"Json"`, `"NotFound"`, …), as the browser module's errors carry
    /// it in `kind`; the same text as `Debug`, without the formatting machinery.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Json => "Json",
            ErrorKind::Invalid => "Invalid",
            ErrorKind::SchemaVersion => "SchemaVersion",
            ErrorKind::TooLarge => "TooLarge",
            ErrorKind::Source => "Source",
            ErrorKind::Io => "Io",
            ErrorKind::Usage => "Usage",
            ErrorKind::NotFound => "NotFound",
        }
    }
}

/// An error with a message and a place. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

// Boxed so that `Result<T, Error>` stays one pointer wide on the happy path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    location: Location,
}

impl Error {
    /// Creates an error of a kind, with a sentence saying what is wrong, at a place.
    pub fn new(kind: ErrorKind, message: impl Into<String>, location: Location) -> Self {
        Error::boxed(kind, message.into(), location)
    }

    /// The body of [`Error::new`], once: only the conversion of the message is instantiated
    /// per argument type, and the box is filled in one place instead of at every error.
    #[inline(never)]
    fn boxed(kind: ErrorKind, message: String, location: Location) -> Self {
        Error(Box::new(Inner {
            kind,
            message,
            location,
        }))
    }

    /// An [`ErrorKind::Invalid`] error.
    pub fn invalid(message: impl Into<String>, location: Location) -> Self {
        Error::new(ErrorKind::Invalid, message, location)
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The sentence that says what is wrong, without the place.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Where it went wrong.
    pub fn location(&self) -> &Location {
        &self.0.location
    }

    /// Adds to the place, keeping what was already known (used when an inner function knew
    /// the index and an outer one knows the measure and area).
    pub fn within(mut self, outer: Location) -> Self {
        // Filled in place, field by field: rebuilding the whole `Location` from eight
        // `Option::or`s (moving and dropping every field) was some 0.7 KB of wasm.
        fn keep<T>(inner: &mut Option<T>, outer: Option<T>) {
            if inner.is_none() {
                *inner = outer;
            }
        }
        let inner = &mut self.0.location;
        keep(&mut inner.json_path, outer.json_path);
        keep(&mut inner.file, outer.file);
        keep(&mut inner.line, outer.line);
        keep(&mut inner.measure, outer.measure);
        keep(&mut inner.area, outer.area);
        keep(&mut inner.month, outer.month);
        keep(&mut inner.field, outer.field);
        keep(&mut inner.index, outer.index);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.location.is_empty() {
            f.write_str(&self.0.message)
        } else {
            write!(f, "{} ({})", self.0.message, self.0.location)
        }
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_every_known_place() {
        let e = Error::invalid(
            "value is negative",
            Location::path("measures[3].series[0].values[4]")
                .with_measure("3.1")
                .with_area("E06000016")
                .with_month(Month::new(2020, 3).unwrap()),
        );
        assert_eq!(
            e.to_string(),
            "value is negative (at measures[3].series[0].values[4], measure 3.1, area E06000016, month 2020-03)"
        );
    }

    #[test]
    fn within_keeps_inner_detail() {
        let e = Error::invalid("lengths differ", Location::field("values", Some(4)))
            .within(Location::default().with_measure("3.1"));
        assert_eq!(
            e.to_string(),
            "lengths differ (field \"values\" index 4, measure 3.1)"
        );
    }

    #[test]
    fn file_and_line() {
        let e = Error::new(
            ErrorKind::Source,
            "row has 11 fields, expected 12",
            Location::file_line("2020-03-leicestershire-street.csv.gz", Some(17)),
        );
        assert_eq!(
            e.to_string(),
            "row has 11 fields, expected 12 (2020-03-leicestershire-street.csv.gz line 17)"
        );
    }

    #[test]
    fn kind_names_are_the_variant_names() {
        use ErrorKind::*;
        for k in [
            Json,
            Invalid,
            SchemaVersion,
            TooLarge,
            Source,
            Io,
            Usage,
            NotFound,
        ] {
            assert_eq!(k.name(), format!("{k:?}"));
        }
    }
}
