//! The reader of the published file: a small JSON parser into a tree of [`Node`]s that
//! remember their line and column, and the extraction of the [`json`](super::json) DTOs from
//! that tree, which keeps the JSON path of every value itself.
//!
//! Why not serde_json's derive: in the browser the reader is most of the download. serde's
//! generic deserialisation of every DTO, plus `serde_path_to_error` for the paths, was about
//! 90 KiB of gzip wasm; this reader is a few KiB and gives the same errors (kind, JSON path,
//! line and column). The native build and the browser use this one reader, so they accept and
//! refuse exactly the same files. `pcc-spc build` still *writes* through serde's `Serialize`.
//!
//! Semantics follow serde's derive with `deny_unknown_fields`: an unknown member, a duplicate
//! member, a missing required member or a value of the wrong type is an error of kind
//! [`ErrorKind::Json`] naming the path, line and column; `null` for an optional member is "not
//! given"; a defaulted list must be a list when present. Numbers are read with Rust's
//! correctly rounded `f64` parser (as serde_json's `float_roundtrip`); a number out of the
//! `f64` range is refused. Two members differ: `schema_version` is looked at first, on its
//! own ([`schema_version`]), and an area's `boundary` is a GeoJSON geometry whose errors are
//! the format's boundary rules ([`geometry`]). The chart module only parses boundaries,
//! populations and the reconciliation: see [`READS_BREAKDOWN_DATA`](super::READS_BREAKDOWN_DATA). Nothing is read into a `serde_json::Value`.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::json::{
    AnnotationDto, AreaDto, ExclusionDto, FileDto, GeometryDto, MeasureDto, MetadataDto, PeriodDto,
    PopulationDto, PositionDto, RebaseDto, ReconciliationDto, SeriesDto,
};
use crate::error::{Error, ErrorKind, Location, Result};

/// Deepest nesting accepted (serde_json's own limit): the parser is recursive and must never
/// exhaust the stack, whatever the input.
const MAX_DEPTH: usize = 128;

/// A JSON value and where it starts in the text (1-based line and column, in bytes).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    kind: Kind<'a>,
    line: u32,
    column: u32,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind<'a> {
    Null,
    Bool(bool),
    /// The value, and the exact integer when the literal has no fraction or exponent and
    /// fits an `i64`.
    Num(f64, Option<i64>),
    /// Borrowed from the text when it has no escapes.
    Str(Cow<'a, str>),
    Arr(Vec<Node<'a>>),
    /// Members in document order (duplicates kept, so that they can be refused).
    Obj(Vec<(Cow<'a, str>, Node<'a>)>),
}

// ---------------------------------------------------------------------------------------
// Parsing

/// Parses the whole text as one JSON value (whitespace around it allowed, nothing else).
pub(crate) fn parse(text: &str) -> Result<Node<'_>> {
    let mut p = Parser {
        text,
        s: text.as_bytes(),
        i: 0,
        line: 1,
        line_start: 0,
        depth: 0,
        items: Vec::with_capacity(64),
        members: Vec::with_capacity(32),
    };
    let root = p.value().and_then(|root| {
        p.ws();
        if p.i < p.s.len() {
            return Err("trailing characters");
        }
        Ok(root)
    });
    root.map_err(|what| p.error(what))
}

/// A syntax error: what serde_json would say, at the parser's position when it stopped (the
/// one [`Error`] is built there, once, for the download size).
type Syntax<T> = std::result::Result<T, &'static str>;

struct Parser<'a> {
    text: &'a str,
    s: &'a [u8],
    i: usize,
    line: u32,
    line_start: usize,
    depth: usize,
    /// Items of the arrays being read, innermost last: each array takes its own off the end
    /// with `split_off`, into a `Vec` of exactly its length (no growing one `Vec` per array).
    /// `split_off`, not `drain(..).collect()`: the same, in about 500 bytes (gzip) less of the
    /// browser's download. One difference: an array read while no enclosing array holds an
    /// item yet (`split_off(0)`, a few per file) takes the whole buffer, spare capacity and
    /// all, and the stack gets a new one as large. The tree lives only while the file is
    /// read, so that is not worth a `shrink_to_fit` (130 bytes). The same for objects.
    items: Vec<Node<'a>>,
    /// The same for the members of the objects being read.
    members: Vec<(Cow<'a, str>, Node<'a>)>,
}

impl<'a> Parser<'a> {
    fn column(&self) -> u32 {
        (self.i - self.line_start + 1) as u32
    }

    /// A syntax error at the current position, worded as serde_json words it.
    fn error(&self, what: &str) -> Error {
        let (line, column) = (self.line, self.column());
        Error::new(
            ErrorKind::Json,
            format!("the file is not valid JSON: {what} at line {line} column {column}"),
            Location {
                line: Some(line.into()),
                ..Location::default()
            },
        )
    }

    // The hot helpers are inlined by hand: the browser build is optimised for size (no
    // inlining of its own), and the first page load runs baseline-compiled wasm, where every
    // call costs. A compact file has no whitespace between tokens, so `ws` checks one byte
    // before calling the loop.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    #[inline(always)]
    fn ws(&mut self) {
        // One compare (for the download size): any other byte up to a space is not
        // whitespace, and `skip_ws` stops at it at once.
        if self.peek().is_some_and(|b| b <= b' ') {
            self.skip_ws();
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => {
                    self.line += 1;
                    self.line_start = self.i + 1;
                }
                _ => break,
            }
            self.i += 1;
        }
    }

    fn value(&mut self) -> Syntax<Node<'a>> {
        self.ws();
        let (line, column) = (self.line, self.column());
        let kind = match self.peek() {
            None => return Err("EOF while parsing a value"),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Kind::Str(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => self.literal()?,
        };
        Ok(Node { kind, line, column })
    }

    fn enter(&mut self) -> Syntax<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("recursion limit exceeded");
        }
        self.i += 1;
        Ok(())
    }

    fn object(&mut self) -> Syntax<Kind<'a>> {
        self.enter()?;
        let base = self.members.len();
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
        } else {
            loop {
                self.ws();
                match self.peek() {
                    Some(b'"') => {}
                    Some(b'}') if self.members.len() > base => return Err("trailing comma"),
                    None => return Err("EOF while parsing an object"),
                    _ => return Err("key must be a string"),
                }
                let key = self.string()?;
                self.ws();
                match self.peek() {
                    Some(b':') => self.i += 1,
                    None => return Err("EOF while parsing an object"),
                    _ => return Err("expected `:`"),
                }
                let v = self.value()?;
                self.members.push((key, v));
                self.ws();
                match self.peek() {
                    Some(b',') => self.i += 1,
                    Some(b'}') => {
                        self.i += 1;
                        break;
                    }
                    None => return Err("EOF while parsing an object"),
                    _ => return Err("expected `,` or `}`"),
                }
            }
        }
        self.depth -= 1;
        Ok(Kind::Obj(self.members.split_off(base)))
    }

    fn array(&mut self) -> Syntax<Kind<'a>> {
        self.enter()?;
        let base = self.items.len();
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
        } else {
            loop {
                self.ws();
                if self.peek() == Some(b']') {
                    return Err("trailing comma");
                }
                let item = self.value()?;
                self.items.push(item);
                self.ws();
                match self.peek() {
                    Some(b',') => self.i += 1,
                    Some(b']') => {
                        self.i += 1;
                        break;
                    }
                    None => return Err("EOF while parsing a list"),
                    _ => return Err("expected `,` or `]`"),
                }
            }
        }
        self.depth -= 1;
        Ok(Kind::Arr(self.items.split_off(base)))
    }

    fn literal(&mut self) -> Syntax<Kind<'a>> {
        // The first byte picks the one word that can follow.
        let (word, kind): (&[u8], _) = match self.peek() {
            Some(b'n') => (b"null", Kind::Null),
            Some(b't') => (b"true", Kind::Bool(true)),
            Some(b'f') => (b"false", Kind::Bool(false)),
            _ => return Err("expected value"),
        };
        if !self.s[self.i..].starts_with(word) {
            return Err("expected value");
        }
        self.i += word.len();
        Ok(kind)
    }

    /// Reads ASCII digits into `acc` (`None` once it would pass `u64`); returns how many.
    /// Not inlined by hand (unlike `peek` and `ws`): one call per run of digits, and 50
    /// bytes (gzip) less of the download than three copies.
    /// It may also give up a little early, above 1.8 · 10^19 (a compare instead of
    /// `checked_mul`, whose 128-bit multiply is bigger in wasm): every value that matters,
    /// up to 2^63, is kept exactly, and any larger one goes to [`exact_fallback`] either way.
    fn digits(&mut self, acc: &mut Option<u64>) -> usize {
        let (s, start) = (self.s, self.i);
        let mut i = start;
        let mut a = *acc;
        while let Some(&b @ b'0'..=b'9') = s.get(i) {
            a = a
                .filter(|&a| a < u64::MAX / 10)
                .map(|a| a * 10 + u64::from(b - b'0'));
            i += 1;
        }
        *acc = a;
        self.i = i;
        i - start
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, read while it is scanned:
    /// see [`decimal_to_f64`].
    fn number(&mut self) -> Syntax<Kind<'a>> {
        let start = self.i;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let int_start = self.i;
        let mut mantissa = Some(0u64);
        let n = self.digits(&mut mantissa);
        if n == 0 {
            return Err("invalid number");
        }
        if n > 1 && self.s[int_start] == b'0' {
            self.i = int_start + 1;
            return Err("invalid number");
        }
        let mut integer = true;
        let mut fraction = 0usize;
        if self.peek() == Some(b'.') {
            integer = false;
            self.i += 1;
            fraction = self.digits(&mut mantissa);
            if fraction == 0 {
                return Err("invalid number");
            }
        }
        let mut exponent = 0i64;
        if matches!(self.peek(), Some(b'e' | b'E')) {
            integer = false;
            self.i += 1;
            let minus = match self.peek() {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let mut e = Some(0u64);
            if self.digits(&mut e) == 0 {
                return Err("invalid number");
            }
            // A huge exponent goes to the exact fallback (which says 0 or out of range).
            let e = e.map_or(i64::MAX / 2, |e| e.min(i64::MAX as u64 / 2) as i64);
            exponent = if minus { -e } else { e };
        }
        // The exact integer, as `str::parse::<i64>` would give it.
        let exact = match (integer, mantissa) {
            (true, Some(m)) if negative && m <= 1 << 63 => Some((m as i64).wrapping_neg()),
            (true, Some(m)) if !negative && m <= i64::MAX as u64 => Some(m as i64),
            _ => None,
        };
        let decimal_exponent = exponent.saturating_sub(fraction as i64);
        let value = match exact {
            // Rounds to nearest, as the decimal parser does; -0 stays negative.
            Some(0) if negative => -0.0,
            Some(i) => i as f64,
            None => decimal_to_f64(negative, mantissa, decimal_exponent)
                .unwrap_or_else(|| exact_fallback(self.slice(start, self.i))),
        };
        if value.is_finite() {
            Ok(Kind::Num(value, exact))
        } else {
            self.i = start;
            Err("number out of range")
        }
    }

    /// The text from byte `start` to `end`. The parser only ever cuts at ASCII bytes, so this
    /// is whole characters; `get` instead of indexing keeps core's slicing panic (and the
    /// Unicode tables its message links) out of the browser module.
    fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or_default()
    }

    fn hex4(&mut self) -> Syntax<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                None => return Err("EOF while parsing a string"),
                _ => return Err("invalid escape"),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Syntax<Cow<'a, str>> {
        self.i += 1; // the opening quote
        let first = self.i;
        self.plain();
        if self.peek() == Some(b'"') {
            // No escapes: the string is the text itself (split only at ASCII bytes, so the
            // slice is whole UTF-8 characters).
            self.i += 1;
            return Ok(Cow::Borrowed(self.slice(first, self.i - 1)));
        }
        let mut out = String::from(self.slice(first, self.i));
        loop {
            let start = self.i;
            self.plain();
            out.push_str(self.slice(start, self.i));
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        None => return Err("EOF while parsing a string"),
                        _ => return Err("invalid escape"),
                    };
                    self.i += 1;
                    out.push(c);
                }
                None => return Err("EOF while parsing a string"),
                _ => {
                    return Err("control character (\\u0000-\\u001F) found while parsing a string")
                }
            }
        }
    }

    /// Skips the characters a string holds as they are (not `"`, `\\` or a control).
    #[inline(always)]
    fn plain(&mut self) {
        let s = self.s;
        let mut i = self.i;
        while matches!(s.get(i), Some(&b) if b != b'"' && b != b'\\' && b >= 0x20) {
            i += 1;
        }
        self.i = i;
    }

    /// After `\u`: one code point, from a surrogate pair when it takes two escapes.
    fn unicode_escape(&mut self) -> Syntax<char> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !self.s[self.i..].starts_with(b"\\u") {
                return Err("unexpected end of hex escape");
            }
            self.i += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err("lone leading surrogate in hex escape");
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or("lone leading surrogate in hex escape")
    }
}

/// Powers of ten that are exact in an `f64` (10^22 < 2^53 · 2^22 is the last).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `±mantissa × 10^exponent` when it can be computed exactly by one IEEE operation
/// (Clinger's fast path): a mantissa of at most 2^53 is an exact `f64`, so is 10^k for
/// k ≤ 22, and one multiplication or division of exact operands is correctly rounded. That
/// is the result `str::parse::<f64>` gives. `None` (the caller uses [`exact_fallback`]) for
/// the rare rest: more than 19 significant digits, a larger mantissa or exponent.
pub(crate) fn decimal_to_f64(negative: bool, mantissa: Option<u64>, exponent: i64) -> Option<f64> {
    let m = mantissa?;
    let magnitude = if m == 0 {
        0.0
    } else if m > 1 << 53 || !(-22..=22).contains(&exponent) {
        return None;
    } else if exponent >= 0 {
        m as f64 * POW10[exponent as usize]
    } else {
        m as f64 / POW10[(-exponent) as usize]
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// A JSON number outside [`decimal_to_f64`]'s fast path, correctly rounded (infinite when out
/// of range). Natively Rust's parser; in the browser the engine's `parseFloat` (correctly
/// rounded, and JSON's number grammar is a subset of its own), so the module does not carry
/// a second decimal-to-float converter.
fn exact_fallback(text: &str) -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        crate::web::parse_float(text)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.parse().unwrap_or(f64::NAN)
    }
}

// ---------------------------------------------------------------------------------------
// Paths and errors of shape

/// A JSON path built only when an error needs it: each level borrows its parent.
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    key: &'a str,
    index: usize,
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        key: "",
        index: 0,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            key,
            index: 0,
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            key: "",
            index,
        }
    }

    /// `measures[1].series[0].values[4]`; `None` for the root.
    fn text(&self) -> Option<String> {
        self.parent?;
        let mut out = String::new();
        self.write(&mut out);
        Some(out)
    }

    /// [`Path::text`] into `out`, the root's steps first.
    fn write(&self, out: &mut String) {
        let Some(parent) = self.parent else { return };
        parent.write(out);
        if self.key.is_empty() {
            let _ = write!(out, "[{}]", self.index);
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(self.key);
        }
    }
}

/// A value of the wrong shape at `path` (message worded as serde's, with line and column).
/// What is wrong with the shape of a value: its JSON type, or its object's fields.
enum Shape<'a> {
    /// Another JSON type where this belongs (e.g. "a number").
    Type(&'a str),
    /// A whole number outside `min..=max`.
    Range(i64, i64, i64),
    /// A required member is absent.
    Missing(&'a str),
    /// A member that is not one of the object's `names`.
    Unknown(&'a str, &'a [&'a str]),
    /// A member given twice.
    Duplicate(&'a str),
}

/// A shape error at `node` as a sentence that names its subject, e.g.
/// `values[4] must be a number, not the string "7390" (line 9 column 20)`, located at `path`.
fn shape(node: &Node, path: &Path<'_>, what: Shape<'_>) -> Error {
    let json_path = path.text();
    let sentence = shape_sentence(&what, &node.kind, json_path.as_deref());
    located(ErrorKind::Json, sentence, node, json_path)
}

/// An error of `kind` saying `sentence` about the value `node`, at `json_path` and the node's
/// line and column.
fn located(kind: ErrorKind, sentence: String, node: &Node, json_path: Option<String>) -> Error {
    Error::new(
        kind,
        format!("{sentence} (line {} column {})", node.line, node.column),
        Location {
            json_path,
            line: Some(node.line.into()),
            ..Location::default()
        },
    )
}

/// The sentence of [`shape`] without its place: the subject is the last step of `path`
/// (the location names the whole path).
fn shape_sentence(what: &Shape<'_>, found: &Kind<'_>, path: Option<&str>) -> String {
    let subject = path
        .map(|p| p.rsplit_once('.').map_or(p, |(_, last)| last))
        .unwrap_or("the file");
    match what {
        Shape::Type(expected) => {
            let found = match found {
                Kind::Null => "null".to_string(),
                Kind::Bool(b) => b.to_string(),
                Kind::Num(_, Some(i)) => format!("the number {i}"),
                // Through crate::text, not core's float printer and `Debug` (the browser
                // module does not carry them).
                Kind::Num(f, None) => format!("the number {}", crate::text::display(*f)),
                Kind::Str(s) => format!("the string {}", crate::text::quoted(s)),
                Kind::Arr(_) => "an array".to_string(),
                Kind::Obj(_) => "an object".to_string(),
            };
            format!("{subject} must be {expected}, not {found}")
        }
        Shape::Range(i, min, max) => {
            format!("{subject} must be a whole number from {min} to {max}, not {i}")
        }
        Shape::Missing(field) => format!("the required field \"{field}\" is missing"),
        // Every object has a name or more: each in backticks, ", " between them.
        Shape::Unknown(field, names) => format!(
            "\"{field}\" is not a known field (expected one of `{}`)",
            crate::text::join(names, "`, `")
        ),
        Shape::Duplicate(field) => format!("the field \"{field}\" is given twice"),
    }
}

fn invalid_type(node: &Node, path: &Path<'_>, expected: &str) -> Error {
    shape(node, path, Shape::Type(expected))
}

// ---------------------------------------------------------------------------------------
// Scalars and lists

type Read<T> = fn(&Node, &Path<'_>) -> Result<T>;

fn string(n: &Node, p: &Path<'_>) -> Result<String> {
    match &n.kind {
        Kind::Str(s) => Ok(s.to_string()),
        _ => Err(invalid_type(n, p, "a string")),
    }
}

fn number(n: &Node, p: &Path<'_>) -> Result<f64> {
    match n.kind {
        Kind::Num(f, _) => Ok(f),
        _ => Err(invalid_type(n, p, "a number")),
    }
}

/// A number or `null` (not published).
fn number_or_null(n: &Node, p: &Path<'_>) -> Result<Option<f64>> {
    match n.kind {
        Kind::Null => Ok(None),
        _ => number(n, p).map(Some),
    }
}

fn integer(n: &Node, p: &Path<'_>, min: i64, max: i64) -> Result<i64> {
    match n.kind {
        Kind::Num(_, Some(i)) if (min..=max).contains(&i) => Ok(i),
        Kind::Num(_, Some(i)) => Err(shape(n, p, Shape::Range(i, min, max))),
        _ => Err(invalid_type(n, p, "a whole number")),
    }
}

fn int32(n: &Node, p: &Path<'_>) -> Result<i32> {
    integer(n, p, i32::MIN.into(), i32::MAX.into()).map(|i| i as i32)
}

fn count(n: &Node, p: &Path<'_>) -> Result<u64> {
    integer(n, p, 0, i64::MAX).map(|i| i as u64)
}

fn boolean(n: &Node, p: &Path<'_>) -> Result<bool> {
    match n.kind {
        Kind::Bool(b) => Ok(b),
        _ => Err(invalid_type(n, p, "a boolean")),
    }
}

fn list<T>(n: &Node, p: &Path<'_>, item: Read<T>) -> Result<Vec<T>> {
    let items = items(n, p)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        out.push(item(v, &p.index(i))?);
    }
    Ok(out)
}

/// A DTO reader: fills in a DTO made with `Default` (see [`file`]).
type Fill<T> = fn(&Node, &Path<'_>, &mut T) -> Result<()>;

/// A list of DTOs, into `out` (empty): each is made with `Default` and read in place (no DTO
/// is moved, and no list either).
fn dtos<T: Default>(n: &Node, p: &Path<'_>, item: Fill<T>, out: &mut Vec<T>) -> Result<()> {
    let items = items(n, p)?;
    out.resize_with(items.len(), T::default);
    for ((i, v), dto) in items.iter().enumerate().zip(out) {
        item(v, &p.index(i), dto)?;
    }
    Ok(())
}

/// The items of an array: the part of [`list`] that does not depend on the item type, once.
fn items<'n>(n: &'n Node<'n>, p: &Path<'_>) -> Result<&'n [Node<'n>]> {
    match &n.kind {
        Kind::Arr(items) => Ok(items),
        _ => Err(invalid_type(n, p, "an array")),
    }
}

fn strings(n: &Node, p: &Path<'_>) -> Result<Vec<String>> {
    list(n, p, string)
}

fn numbers_or_null(n: &Node, p: &Path<'_>) -> Result<Vec<Option<f64>>> {
    list(n, p, number_or_null)
}

/// A value written back as compact JSON for a message: `"1"`, `1.5`, `[1]`, as
/// `serde_json::Value`'s `Display` writes it, except that an object's members keep the file's
/// order. Not `Value` itself: its `Map` (a `BTreeMap`), its serialiser and its float writer
/// would all come into the browser module for this one message.
fn json_text(n: &Node) -> String {
    let mut out = String::new();
    write_json(n, &mut out);
    out
}

/// [`json_text`] into `out`: an array or object writes its values into the same `String`.
fn write_json(n: &Node, out: &mut String) {
    match &n.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Num(_, Some(i)) => {
            let _ = write!(out, "{i}");
        }
        // serde_json writes a float in exponent form outside this range.
        Kind::Num(f, None) if *f != 0.0 && !(1e-5..1e16).contains(&f.abs()) => {
            out.push_str(&crate::text::exponent(*f));
        }
        Kind::Num(f, None) => {
            out.push_str(&crate::text::display(*f));
            // A whole float keeps a fraction, so `1.0` is not shown as the integer 1.
            if f.fract() == 0.0 {
                out.push_str(".0");
            }
        }
        Kind::Str(s) => out.push_str(&crate::text::quoted(s)),
        Kind::Arr(items) => {
            out.push('[');
            for (k, v) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_json(v, out);
            }
            out.push(']');
        }
        Kind::Obj(members) => {
            out.push('{');
            for (k, (key, v)) in members.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&crate::text::quoted(key));
                out.push(':');
                write_json(v, out);
            }
            out.push('}');
        }
    }
}

// ---------------------------------------------------------------------------------------
// Objects

/// The members of one object, checked against the names its DTO has.
struct Fields<'n, 'p> {
    node: &'n Node<'n>,
    members: &'n [(Cow<'n, str>, Node<'n>)],
    path: &'p Path<'p>,
}

impl<'n, 'p> Fields<'n, 'p> {
    /// Refuses a non-object, an unknown member and a member given twice, in document order.
    fn new(node: &'n Node<'n>, path: &'p Path<'p>, names: &[&str]) -> Result<Self> {
        let Kind::Obj(members) = &node.kind else {
            return Err(invalid_type(node, path, "an object"));
        };
        for (i, (k, v)) in members.iter().enumerate() {
            if !names.contains(&k.as_ref()) {
                return Err(shape(v, &path.key(k), Shape::Unknown(k, names)));
            }
            if members[..i].iter().any(|(seen, _)| seen == k) {
                return Err(shape(v, &path.key(k), Shape::Duplicate(k)));
            }
        }
        Ok(Fields {
            node,
            members,
            path,
        })
    }

    fn find(&self, name: &str) -> Option<&'n Node<'n>> {
        self.members.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    // The readers of members write into a field of a DTO made with `Default` (see `file`).

    /// A member that must be there, read into `out`.
    fn req<T>(&self, name: &str, read: Read<T>, out: &mut T) -> Result<()> {
        match self.find(name) {
            Some(v) => read(v, &self.path.key(name)).map(|value| *out = value),
            None => Err(shape(self.node, self.path, Shape::Missing(name))),
        }
    }

    /// A DTO member that must be there, filled in place (see [`file`]).
    fn fill<T>(&self, name: &str, fill: Fill<T>, out: &mut T) -> Result<()> {
        match self.find(name) {
            Some(v) => fill(v, &self.path.key(name), out),
            None => Err(shape(self.node, self.path, Shape::Missing(name))),
        }
    }

    /// A DTO member with a default, filled in place: absent leaves `out` as it is.
    fn fill_or<T>(&self, name: &str, fill: Fill<T>, out: &mut T) -> Result<()> {
        match self.find(name) {
            Some(v) => fill(v, &self.path.key(name), out),
            None => Ok(()),
        }
    }

    /// An optional member: absent or `null` leaves `out` `None`.
    fn opt<T>(&self, name: &str, read: Read<T>, out: &mut Option<T>) -> Result<()> {
        match self.find(name) {
            // `matches!`, not `==`: that would link `Kind`'s derived deep comparison.
            Some(v) if !matches!(v.kind, Kind::Null) => {
                read(v, &self.path.key(name)).map(|value| *out = Some(value))
            }
            _ => Ok(()),
        }
    }

    /// A member with a default: absent leaves `out` as it is (when present it must be of
    /// its type).
    fn or<T>(&self, name: &str, read: Read<T>, out: &mut T) -> Result<()> {
        match self.find(name) {
            Some(v) => read(v, &self.path.key(name)).map(|value| *out = value),
            None => Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The DTOs

/// The published file's DTOs from a parsed tree. The schema version is neither checked nor
/// read here: validation checks it before anything else, before it calls this, so the DTO
/// gets the one version this build reads (and the chart module no reader of whole numbers,
/// which only the breakdown data needs besides).
///
/// Each DTO is made with `Default` and its members are read into its fields in place, not
/// gathered and assembled at the end: then no value is moved, and an error drops one DTO
/// instead of every field read so far at each `?` (some KB less of the browser's download).
pub(crate) fn file(root: &Node) -> Result<FileDto> {
    let f = Fields::new(
        root,
        &Path::ROOT,
        &[
            "schema_version",
            "metadata",
            "period",
            "areas",
            "measures",
            "reconciliation",
        ],
    )?;
    // Not read again: `validate::parse` checks the version before it calls this, so the
    // member is there and is the whole number this build reads (the only caller).
    let mut file = FileDto {
        schema_version: super::SCHEMA_VERSION,
        ..FileDto::default()
    };
    f.fill("metadata", metadata, &mut file.metadata)?;
    f.fill("period", period, &mut file.period)?;
    f.fill("areas", |n, p, out| dtos(n, p, area, out), &mut file.areas)?;
    f.fill(
        "measures",
        |n, p, out| dtos(n, p, measure, out),
        &mut file.measures,
    )?;
    if super::READS_BREAKDOWN_DATA {
        f.fill_or(
            "reconciliation",
            |n, p, out| dtos(n, p, reconciliation, out),
            &mut file.reconciliation,
        )?;
    }
    Ok(file)
}

/// The `schema_version` member of the root, for the version check made before anything else
/// is read: `None` when the root has none or it is `null`; `Ok` with a whole number ≥ 0;
/// otherwise `Err` with the value written back as compact JSON, for the message.
pub(crate) fn schema_version(root: &Node) -> Option<Result<u64, String>> {
    let Kind::Obj(members) = &root.kind else {
        return None;
    };
    let (_, v) = members.iter().find(|(k, _)| k == "schema_version")?;
    match v.kind {
        Kind::Null => None,
        Kind::Num(_, Some(i)) if i >= 0 => Some(Ok(i as u64)),
        _ => Some(Err(json_text(v))),
    }
}

/// Whether the root is an object (so that the schema version can be looked for).
pub(crate) fn is_object(root: &Node) -> bool {
    matches!(root.kind, Kind::Obj(_))
}

fn metadata(n: &Node, p: &Path<'_>, m: &mut MetadataDto) -> Result<()> {
    let f = Fields::new(
        n,
        p,
        &[
            "title",
            "publisher",
            "source",
            "licence",
            "published",
            "notes",
        ],
    )?;
    f.req("title", string, &mut m.title)?;
    f.req("publisher", string, &mut m.publisher)?;
    f.req("source", string, &mut m.source)?;
    f.req("licence", string, &mut m.licence)?;
    f.req("published", string, &mut m.published)?;
    f.or("notes", strings, &mut m.notes)
}

fn period(n: &Node, p: &Path<'_>, period: &mut PeriodDto) -> Result<()> {
    let f = Fields::new(n, p, &["first", "last"])?;
    f.req("first", string, &mut period.first)?;
    f.req("last", string, &mut period.last)
}

fn area(n: &Node, p: &Path<'_>, area: &mut AreaDto) -> Result<()> {
    let f = Fields::new(n, p, &["code", "name", "kind", "population", "boundary"])?;
    f.req("code", string, &mut area.code)?;
    f.req("name", string, &mut area.name)?;
    f.req("kind", string, &mut area.kind)?;
    if super::READS_BREAKDOWN_DATA {
        f.fill_or(
            "population",
            |n, p, out| dtos(n, p, population, out),
            &mut area.population,
        )?;
        f.opt("boundary", geometry, &mut area.boundary)
            .map_err(|e| e.within(Location::default().with_area(&area.code)))?;
    }
    Ok(())
}

/// An area's boundary: a GeoJSON `Polygon` or `MultiPolygon`, read as deep as its type says.
/// A geometry of the wrong shape is refused here, where the line and column are known, with
/// validation's sentences and kind ([`ErrorKind::Invalid`]: these are the format's rules for
/// a boundary, `docs/format.md`); validation checks the rest (empty lists, ring length and
/// closure, ranges, the limit on positions). GeoJSON's optional `bbox` may hold anything and
/// is not kept; a member given twice counts once, the last (as when the boundary was read
/// into a JSON map).
fn geometry(n: &Node, p: &Path<'_>) -> Result<GeometryDto> {
    let Kind::Obj(members) = &n.kind else {
        return Err(geometry_error(
            n,
            p,
            "the boundary must be a GeoJSON geometry object ({\"type\": \"Polygon\" or \"MultiPolygon\", \"coordinates\": [...]})",
        ));
    };
    let (mut kind, mut coordinates) = (None, None);
    for (k, v) in members {
        match k.as_ref() {
            "type" => kind = Some(v),
            "coordinates" => coordinates = Some(v),
            "bbox" => {}
            _ => {
                return Err(geometry_error(
                    v,
                    &p.key(k),
                    &format!(
                        "the boundary has an unknown member \"{k}\": expected type and coordinates"
                    ),
                ))
            }
        }
    }
    let Some((type_node, Kind::Str(name))) = kind.map(|v| (v, &v.kind)) else {
        return Err(geometry_error(
            kind.unwrap_or(n),
            &p.key("type"),
            "the boundary has no \"type\" (Polygon or MultiPolygon)",
        ));
    };
    let Some(coordinates) = coordinates else {
        return Err(geometry_error(
            n,
            &p.key("coordinates"),
            "the boundary has no \"coordinates\"",
        ));
    };
    let cp = p.key("coordinates");
    match name.as_ref() {
        "Polygon" => polygon(coordinates, &cp).map(GeometryDto::Polygon),
        "MultiPolygon" => geometry_list(
            coordinates,
            &cp,
            "MultiPolygon coordinates must be a list of polygons",
            polygon,
        )
        .map(GeometryDto::MultiPolygon),
        other => Err(geometry_error(
            type_node,
            &p.key("type"),
            &format!(
                "boundary type \"{other}\" is not supported: expected Polygon or MultiPolygon"
            ),
        )),
    }
}

fn polygon(n: &Node, p: &Path<'_>) -> Result<Vec<Vec<PositionDto>>> {
    geometry_list(
        n,
        p,
        "a polygon must be a list of rings (outer ring first)",
        ring,
    )
}

fn ring(n: &Node, p: &Path<'_>) -> Result<Vec<PositionDto>> {
    geometry_list(
        n,
        p,
        "a ring must be a list of [longitude, latitude] positions",
        position,
    )
}

fn position(n: &Node, p: &Path<'_>) -> Result<PositionDto> {
    if let Kind::Arr(pair) = &n.kind {
        if let [Node {
            kind: Kind::Num(lon, _),
            ..
        }, Node {
            kind: Kind::Num(lat, _),
            ..
        }] = pair[..]
        {
            return Ok([lon, lat]);
        }
    }
    Err(geometry_error(
        n,
        p,
        "a position must be [longitude, latitude], two numbers",
    ))
}

/// A list of a geometry, each item read by `item`; `message` when it is not a list.
fn geometry_list<T>(n: &Node, p: &Path<'_>, message: &str, item: Read<T>) -> Result<Vec<T>> {
    match n.kind {
        Kind::Arr(_) => list(n, p, item),
        _ => Err(geometry_error(n, p, message)),
    }
}

/// A boundary of the wrong shape: `message` about `node`, at `path` (the area is added by the
/// caller).
fn geometry_error(node: &Node, path: &Path<'_>, message: &str) -> Error {
    located(ErrorKind::Invalid, message.to_string(), node, path.text())
}

fn population(n: &Node, p: &Path<'_>, population: &mut PopulationDto) -> Result<()> {
    let f = Fields::new(n, p, &["mid_year", "value", "source"])?;
    f.req("mid_year", int32, &mut population.mid_year)?;
    f.req("value", number, &mut population.value)?;
    f.opt("source", string, &mut population.source)?;
    Ok(())
}

fn measure(n: &Node, p: &Path<'_>, m: &mut MeasureDto) -> Result<()> {
    let f = Fields::new(
        n,
        p,
        &[
            "id",
            "name",
            "section",
            "unit",
            "improvement_direction",
            "chart",
            "description",
            "target",
            "rebases",
            "exclusions",
            "annotations",
            "series",
        ],
    )?;
    f.req("id", string, &mut m.id)?;
    f.req("name", string, &mut m.name)?;
    f.req("section", string, &mut m.section)?;
    f.req("unit", string, &mut m.unit)?;
    f.req(
        "improvement_direction",
        string,
        &mut m.improvement_direction,
    )?;
    f.opt("chart", string, &mut m.chart)?;
    f.opt("description", string, &mut m.description)?;
    f.opt("target", number, &mut m.target)?;
    f.fill_or(
        "rebases",
        |n, p, out| dtos(n, p, rebase, out),
        &mut m.rebases,
    )?;
    f.fill_or(
        "exclusions",
        |n, p, out| dtos(n, p, exclusion, out),
        &mut m.exclusions,
    )?;
    f.fill_or(
        "annotations",
        |n, p, out| dtos(n, p, annotation, out),
        &mut m.annotations,
    )?;
    f.fill("series", |n, p, out| dtos(n, p, series, out), &mut m.series)?;
    Ok(())
}

/// The members every dated note (rebase, exclusion, annotation) has: month, its text and the
/// areas it applies to.
fn dated(
    n: &Node,
    p: &Path<'_>,
    text: &str,
    (month, words, areas): (&mut String, &mut String, &mut Option<Vec<String>>),
) -> Result<()> {
    let f = Fields::new(n, p, &["month", text, "areas"])?;
    f.req("month", string, month)?;
    f.req(text, string, words)?;
    f.opt("areas", strings, areas)
}

fn rebase(n: &Node, p: &Path<'_>, r: &mut RebaseDto) -> Result<()> {
    dated(n, p, "reason", (&mut r.month, &mut r.reason, &mut r.areas))
}

fn exclusion(n: &Node, p: &Path<'_>, e: &mut ExclusionDto) -> Result<()> {
    dated(n, p, "reason", (&mut e.month, &mut e.reason, &mut e.areas))
}

fn annotation(n: &Node, p: &Path<'_>, a: &mut AnnotationDto) -> Result<()> {
    dated(n, p, "text", (&mut a.month, &mut a.text, &mut a.areas))
}

fn series(n: &Node, p: &Path<'_>, series: &mut SeriesDto) -> Result<()> {
    let f = Fields::new(n, p, &["area", "values", "numerators", "denominators"])?;
    f.req("area", string, &mut series.area)?;
    f.req("values", numbers_or_null, &mut series.values)?;
    f.opt("numerators", numbers_or_null, &mut series.numerators)?;
    f.opt("denominators", numbers_or_null, &mut series.denominators)?;
    Ok(())
}

fn reconciliation(n: &Node, p: &Path<'_>, r: &mut ReconciliationDto) -> Result<()> {
    let f = Fields::new(
        n,
        p,
        &["month", "rows", "no_location", "outside_areas", "published"],
    )?;
    r.published = true; // when absent
    f.req("month", string, &mut r.month)?;
    f.req("rows", count, &mut r.rows)?;
    f.req("no_location", count, &mut r.no_location)?;
    f.req("outside_areas", count, &mut r.outside_areas)?;
    f.or("published", boolean, &mut r.published)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Number, Value};

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    /// The tree as serde_json's `Value`, to compare with what serde_json reads.
    fn to_value(n: &Node) -> Value {
        match &n.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Num(_, Some(i)) => Value::Number(Number::from(*i)),
            Kind::Num(f, None) => Value::Number(Number::from_f64(*f).unwrap()),
            Kind::Str(s) => Value::String(s.to_string()),
            Kind::Arr(items) => Value::Array(items.iter().map(to_value).collect()),
            Kind::Obj(members) => {
                let mut map = Map::new();
                for (k, v) in members {
                    map.insert(k.to_string(), to_value(v));
                }
                Value::Object(map)
            }
        }
    }

    #[test]
    fn json_text_writes_values_as_serde_json_does() {
        for text in [
            "null",
            "true",
            "2",
            "-3",
            "1.5",
            "1.0",
            "-0.0",
            "100.0",
            r#""1""#,
            r#""a \"quoted\" word""#,
            r#"[1, "x", [null]]"#,
            r#"{"a": 1, "b": [2.5]}"#,
        ] {
            let want = serde_json::from_str::<Value>(text).unwrap().to_string();
            assert_eq!(json_text(&parse(text).unwrap()), want, "{text}");
        }
        // Exponents as Rust writes them (serde_json writes `1e+300`).
        assert_eq!(json_text(&parse("1e300").unwrap()), "1e300");
        assert_eq!(json_text(&parse("-1.5e-7").unwrap()), "-1.5e-7");
        // Members in the file's order (a `Value` would sort them).
        assert_eq!(
            json_text(&parse(r#"{"b": 1, "a": 2}"#).unwrap()),
            r#"{"b":1,"a":2}"#
        );
        // A whole number beyond `i64` is read as a float, and written as one.
        assert_eq!(
            json_text(&parse("18446744073709551615").unwrap()),
            "1.8446744073709552e19"
        );
    }

    #[test]
    fn schema_version_is_the_number_or_its_json_text() {
        let version = |text: &str| schema_version(&parse(text).unwrap());
        assert_eq!(version(r#"{"schema_version": 1}"#), Some(Ok(1)));
        assert_eq!(version(r#"{"schema_version": 7, "x": 1}"#), Some(Ok(7)));
        assert_eq!(version(r#"{"schema_version": null}"#), None);
        assert_eq!(version(r#"{"other": 1}"#), None);
        assert_eq!(version("[1]"), None);
        assert_eq!(version(r#"{"schema_version": -1}"#), Some(Err("-1".into())));
        assert_eq!(
            version(r#"{"schema_version": 1.0}"#),
            Some(Err("1.0".into()))
        );
        assert_eq!(
            version(r#"{"schema_version": {"major": 1}}"#),
            Some(Err(r#"{"major":1}"#.into()))
        );
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        assert!(err("{\n  \"a\": 1,\n}").contains("trailing comma at line 3 column 1"));
        assert!(err("[1, 2").contains("EOF while parsing a list at line 1 column 6"));
        assert!(err("01").contains("invalid number"));
        assert!(err("1e400").contains("number out of range"));
        assert!(err("\"a\u{1}\"").contains("control character"));
        assert!(err("{} x").contains("trailing characters at line 1 column 4"));
        assert!(err("").contains("EOF while parsing a value"));
        assert!(err(&"[".repeat(200)).contains("recursion limit"));
        assert!(err("nul").contains("expected value"));
    }

    #[test]
    fn values_are_read_exactly() {
        let n = parse(
            r#"{"s": "a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "n": [-0.1, 12, 1E2, null, true]}"#,
        )
        .unwrap();
        assert_eq!(
            to_value(&n),
            serde_json::json!({"s": "a\"\\/\u{8}\u{c}\n\r\té😀", "n": [-0.1, 12, 100.0, null, true]})
        );
        assert!(err(r#""\ud83d""#).contains("hex escape"));
        assert!(err(r#""\x""#).contains("invalid escape"));
    }

    #[test]
    fn paths_name_the_value() {
        let n = parse(r#"{"a": [{"b": 1}, {"b": "x"}]}"#).unwrap();
        let Kind::Obj(m) = &n.kind else {
            panic!("an object")
        };
        let root = Path::ROOT;
        let a = root.key("a");
        let e = list(&m[0].1, &a, |n, p| {
            let mut b = 0.0;
            Fields::new(n, p, &["b"])?.req("b", number, &mut b)?;
            Ok(b)
        })
        .unwrap_err();
        assert_eq!(e.location().json_path.as_deref(), Some("a[1].b"));
        assert_eq!(
            e.message(),
            "b must be a number, not the string \"x\" (line 1 column 24)"
        );
        assert_eq!(e.location().line, Some(1));
    }
}

#[cfg(test)]
mod shape_sentence_tests {
    use super::{shape_sentence, Kind, Shape};
    use std::borrow::Cow;

    #[test]
    fn a_shape_error_is_a_sentence_naming_its_subject() {
        let num = |f: f64, i: Option<i64>| Kind::Num(f, i);
        let cases: [(Shape<'_>, Kind<'_>, Option<&str>, &str); 9] = [
            (
                Shape::Type("a number"),
                Kind::Str(Cow::Borrowed("7390")),
                Some("measures[1].series[0].values[4]"),
                "values[4] must be a number, not the string \"7390\"",
            ),
            (
                Shape::Type("a whole number"),
                num(1.5, None),
                Some("areas[0].population[0].mid_year"),
                "mid_year must be a whole number, not the number 1.5",
            ),
            (
                Shape::Type("a string"),
                Kind::Bool(true),
                Some("metadata.title"),
                "title must be a string, not true",
            ),
            (
                Shape::Type("a string"),
                Kind::Arr(Vec::new()),
                Some("metadata.title"),
                "title must be a string, not an array",
            ),
            (
                Shape::Type("an array"),
                Kind::Null,
                Some("measures[0].series"),
                "series must be an array, not null",
            ),
            (
                Shape::Range(5_000_000_000, i32::MIN.into(), i32::MAX.into()),
                num(5e9, Some(5_000_000_000)),
                Some("areas[0].population[0].mid_year"),
                "mid_year must be a whole number from -2147483648 to 2147483647, not 5000000000",
            ),
            (
                Shape::Missing("unit"),
                Kind::Obj(Vec::new()),
                Some("measures[1]"),
                "the required field \"unit\" is missing",
            ),
            (
                Shape::Unknown("colour", &["id", "name"]),
                Kind::Str(Cow::Borrowed("red")),
                Some("measures[0].colour"),
                "\"colour\" is not a known field (expected one of `id`, `name`)",
            ),
            (
                Shape::Duplicate("period"),
                Kind::Null,
                None,
                "the field \"period\" is given twice",
            ),
        ];
        for (what, found, path, want) in cases {
            assert_eq!(shape_sentence(&what, &found, path), want);
        }
    }
}

#[cfg(test)]
mod number_tests {
    use super::*;
    use proptest::arbitrary::any as arb;
    use proptest::prelude::{prop_assert, prop_assert_eq, proptest};

    /// The number the reader gives for `text` (a JSON number).
    fn read(text: &str) -> f64 {
        match parse(text).unwrap().kind {
            Kind::Num(f, _) => f,
            other => panic!("{text}: not a number: {other:?}"),
        }
    }

    fn same(text: &str) {
        let want: f64 = text.parse().unwrap();
        let got = read(text);
        assert_eq!(got.to_bits(), want.to_bits(), "{text}: {got} != {want}");
    }

    #[test]
    fn edge_cases_match_the_decimal_parser() {
        for text in [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "0e5",
            "-0E-5",
            "0e99999999999999999999999",
            "1",
            "-1",
            "9007199254740992",
            "9007199254740993",
            "-9007199254740993",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "18446744073709551616",
            "123456789012345678901234567890",
            "0.1",
            "0.2",
            "0.3",
            "1e22",
            "1e23",
            "1e-22",
            "1e-23",
            "9007199254740993e-22",
            "4.9e-324",
            "2.2250738585072014e-308",
            "1.7976931348623157e308",
            "0.30000000000000004",
            "1.00000000000000000000001",
            "12.345",
            "1E+2",
            "1e-0",
            "123.456e3",
            "5e-1",
            "0.000001234",
        ] {
            same(text);
        }
        assert!(parse("1e400").is_err());
        assert!(parse("-1e400").is_err());
        assert_eq!(read("1e-400"), 0.0);
    }

    #[test]
    fn integers_keep_their_exact_value() {
        let exact = |t: &str| match parse(t).unwrap().kind {
            Kind::Num(_, e) => e,
            _ => None,
        };
        assert_eq!(exact("-0"), Some(0));
        assert_eq!(exact("9223372036854775807"), Some(i64::MAX));
        assert_eq!(exact("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(exact("9223372036854775808"), None);
        assert_eq!(exact("12.0"), None);
        assert_eq!(exact("1e2"), None);
    }

    proptest! {
        /// Any JSON number made of an integer part, a fraction and an exponent reads as Rust's
        /// correctly rounded parser reads it (fast path or not).
        #[test]
        fn any_number_matches_the_decimal_parser(
            negative in arb::<bool>(),
            int in "(0|[1-9][0-9]{0,20})",
            frac in proptest::option::of("[0-9]{1,20}"),
            exp in proptest::option::of((arb::<bool>(), 0u32..400)),
        ) {
            let mut text = String::new();
            if negative { text.push('-'); }
            text.push_str(&int);
            if let Some(f) = frac { text.push('.'); text.push_str(&f); }
            if let Some((minus, e)) = exp {
                text.push('e');
                if minus { text.push('-'); }
                text.push_str(&e.to_string());
            }
            let want: f64 = text.parse().unwrap();
            if want.is_finite() {
                prop_assert_eq!(read(&text).to_bits(), want.to_bits(), "{}", text);
            } else {
                prop_assert!(parse(&text).is_err());
            }
        }

        /// The fast path on its own, over its whole domain: mantissas up to 2^53 and
        /// exponents within ±22.
        #[test]
        fn fast_path_is_exact(m in 0u64..=(1 << 53), e in -22i64..=22, negative in arb::<bool>()) {
            let text = format!("{}{m}e{e}", if negative { "-" } else { "" });
            let want: f64 = text.parse().unwrap();
            let got = decimal_to_f64(negative, Some(m), e).unwrap();
            prop_assert_eq!(got.to_bits(), want.to_bits(), "{}", text);
        }
    }
}
