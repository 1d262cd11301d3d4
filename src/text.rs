//! Numbers and quoted strings as text, without core's float formatting or `Debug` machinery.
//!
//! `format!("{}", f64)`, `{:.2}` and `{:e}` link core's float printers (Grisu and Dragon4
//! with their power-of-ten tables), and `{:?}` on a string links the Unicode tables of
//! `escape_debug`: together some 30 KB of the browser module for a handful of labels and
//! messages. These functions print the same text from the exact value of the `f64`, with a
//! small big-integer: a double is `m × 2^e`, so its exact decimal expansion is the integer
//! `m × 2^e` (e ≥ 0) or `m × 5^-e` followed by `-e` decimals (e < 0). Rounding and the
//! shortest round-trip test then work on those exact digits.

/// An `f64` for `format!`: writes what `{}` on the `f64` writes, through [`display`], so a
/// message can name a value without linking core's float printer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&display(self.0))
    }
}

/// `parts` with `sep` between them, as `parts.join(sep)` gives: one short loop per part type
/// (std's join, which copies by separator length, is about a kilobyte of wasm per part type).
pub fn join<S: AsRef<str>>(parts: &[S], sep: &str) -> String {
    let mut out = String::new();
    for (k, part) in parts.iter().enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        out.push_str(part.as_ref());
    }
    out
}

/// `|v|` with `decimals` decimals, the exact value rounded half to even: what
/// `format!("{:.decimals$}", v.abs())` prints (`"NaN"` and `"inf"` for non-finite values).
pub fn fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return if v.is_nan() { "NaN" } else { "inf" }.to_string();
    }
    let (digits, exp10) = exact_digits(v);
    let rounded = round_at(&digits, exp10, -(decimals as i64));
    with_point(&rounded, decimals)
}

/// `v` with at most `max_decimals` decimals (rounded half to even, as [`fixed`]), trailing
/// zeros and a bare point dropped, and `-` for a negative value that is not zero at that
/// precision: `7012`, `85.25`, `-0.5`, `0` (never `-0`). For CSV cells and CSS lengths.
pub fn trimmed(v: f64, max_decimals: usize) -> String {
    let text = fixed(v, max_decimals);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        format!("-{text}")
    } else {
        text.to_string()
    }
}

/// The sign core prints for `v` (`-` for negative zero too), or, for NaN and the
/// infinities, the whole text (`NaN`, `inf`, `-inf`).
fn sign_or_whole(v: f64) -> Result<&'static str, String> {
    let sign = if v.is_sign_negative() && !v.is_nan() {
        "-"
    } else {
        ""
    };
    if v.is_finite() {
        Ok(sign)
    } else {
        Err(format!("{sign}{}", if v.is_nan() { "NaN" } else { "inf" }))
    }
}

/// The shortest decimal that reads back as `v`, without an exponent: what `format!("{v}")`
/// prints (`1.5`, `0.1`, `-3`, `1e300` in full, `-0`, `NaN`, `inf`, `-inf`).
pub fn display(v: f64) -> String {
    let sign = match sign_or_whole(v) {
        Ok(sign) => sign,
        Err(whole) => return whole,
    };
    // A whole number below 2^53 is its integer's digits (`12`, `-3`, `-0`), without the exact
    // search below: the canvas writes a font size and a colour's alpha (`13px`, `rgba(…,1)`)
    // for every label and fill it draws, and the search, in the baseline-compiled wasm of a
    // first visit, is tens of microseconds a time.
    if v.fract() == 0.0 && v.abs() < 9_007_199_254_740_992.0 {
        return format!("{sign}{}", v.abs() as u64);
    }
    let (digits, exp10) = shortest(v);
    let len = digits.len() as i64;
    let text = if exp10 >= 0 {
        let mut s = digits;
        s.extend(std::iter::repeat_n(b'0', exp10 as usize));
        s
    } else if -exp10 < len {
        let mut s = digits;
        s.insert((len + exp10) as usize, b'.');
        s
    } else {
        let mut s = b"0.".to_vec();
        s.extend(std::iter::repeat_n(b'0', (-exp10 - len) as usize));
        s.extend(digits);
        s
    };
    format!("{sign}{}", ascii(text))
}

/// The shortest decimal that reads back as `v`, in scientific notation: what
/// `format!("{v:e}")` prints (`1e300`, `1.5e-7`, `0e0`).
pub fn exponent(v: f64) -> String {
    let sign = match sign_or_whole(v) {
        Ok(sign) => sign,
        Err(whole) => return whole,
    };
    let (digits, exp10) = shortest(v);
    let e = exp10 + digits.len() as i64 - 1;
    let (first, rest) = digits.split_at(1);
    if rest.is_empty() {
        format!("{sign}{}e{e}", ascii(first.to_vec()))
    } else {
        format!(
            "{sign}{}.{}e{e}",
            ascii(first.to_vec()),
            ascii(rest.to_vec())
        )
    }
}

/// `s` in double quotes with `"`, `\` and control characters escaped (`\n`, `\r`, `\t`,
/// `\0`, `\u{1b}`), as `format!("{s:?}")` prints it for the text of a published file
/// (other characters are written as they are).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        // The letter after the backslash of a short escape.
        let short = match c {
            '"' | '\\' => c,
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\0' => '0',
            c if c.is_control() => {
                // A control character is at most U+009F: one or two hex digits.
                let n = c as u32;
                out.push_str("\\u{");
                if n >= 16 {
                    out.push(hex_digit(n / 16));
                }
                out.push(hex_digit(n % 16));
                out.push('}');
                continue;
            }
            c => {
                out.push(c);
                continue;
            }
        };
        out.push('\\');
        out.push(short);
    }
    out.push('"');
    out
}

/// The lowercase hex digit of `d` (below 16).
fn hex_digit(d: u32) -> char {
    char::from(b"0123456789abcdef"[d as usize & 15])
}

fn ascii(bytes: Vec<u8>) -> String {
    // Only ASCII digits, '.' and '0'..'f' are ever pushed: each byte is its char (no UTF-8
    // validation, which is about 700 bytes of wasm).
    bytes.into_iter().map(char::from).collect()
}

/// `digits` (an integer) with a decimal point `decimals` places from the right.
fn with_point(digits: &[u8], decimals: usize) -> String {
    let mut s = Vec::with_capacity(digits.len() + decimals + 2);
    if digits.len() <= decimals {
        s.push(b'0');
        if decimals > 0 {
            s.push(b'.');
        }
        s.extend(std::iter::repeat_n(b'0', decimals - digits.len()));
        s.extend_from_slice(digits);
    } else {
        let int = digits.len() - decimals;
        s.extend_from_slice(&digits[..int]);
        if decimals > 0 {
            s.push(b'.');
            s.extend_from_slice(&digits[int..]);
        }
    }
    ascii(s)
}

/// `|v| = m × 2^e` with `m` an integer (the IEEE fields, subnormals included).
pub(crate) fn decompose(v: f64) -> (u64, i64) {
    let bits = v.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

/// The exact value of `|v|` as `(digits, exp10)`: `|v| = digits × 10^exp10`, `digits`
/// ASCII with no leading zeros (`"0"` for zero).
fn exact_digits(v: f64) -> (Vec<u8>, i64) {
    let (m, e) = decompose(v);
    let mut n = Big::from(m);
    if e >= 0 {
        n.shl(e as u32);
        (n.to_decimal(), 0)
    } else {
        n.mul_pow5((-e) as u32);
        (n.to_decimal(), e)
    }
}

/// `digits × 10^exp10` rounded half to even to a multiple of `10^at`, as the integer
/// count of `10^at` (ASCII digits, no leading zeros).
fn round_at(digits: &[u8], exp10: i64, at: i64) -> Vec<u8> {
    round_to(digits, exp10, at, Round::Nearest)
}

/// Which way [`round_to`] goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Round {
    /// To nearest, ties to even (`{:.N}`).
    Nearest,
    /// To nearest, ties away from zero (the shortest form's last digit, as core's Dragon
    /// and Grisu choose between two candidates equally near).
    NearestTiesUp,
    /// Towards zero (drop the digits).
    Down,
    /// Away from zero when any dropped digit is not 0.
    Up,
}

/// `digits × 10^exp10` rounded at `10^at` the `mode` way.
fn round_to(digits: &[u8], exp10: i64, at: i64, mode: Round) -> Vec<u8> {
    if exp10 >= at {
        let mut out = digits.to_vec();
        if out != b"0" {
            out.extend(std::iter::repeat_n(b'0', (exp10 - at) as usize));
        }
        return out;
    }
    let drop = (at - exp10) as usize;
    if drop > digits.len() {
        return b"0".to_vec();
    }
    let keep = digits.len() - drop;
    let mut out = digits[..keep].to_vec();
    let first = digits[keep];
    let rest_zero = digits[keep + 1..].iter().all(|&d| d == b'0');
    let last_odd = out.last().is_some_and(|d| (d - b'0') % 2 == 1);
    let up = match mode {
        Round::Nearest => first > b'5' || (first == b'5' && (!rest_zero || last_odd)),
        Round::NearestTiesUp => first >= b'5',
        Round::Down => false,
        Round::Up => first != b'0' || !rest_zero,
    };
    if up {
        let mut i = out.len();
        loop {
            if i == 0 {
                out.insert(0, b'1');
                break;
            }
            i -= 1;
            if out[i] == b'9' {
                out[i] = b'0';
            } else {
                out[i] += 1;
                break;
            }
        }
    }
    let start = out.iter().position(|&d| d != b'0').unwrap_or(out.len());
    if start == out.len() {
        b"0".to_vec()
    } else {
        out[start..].to_vec()
    }
}

/// The shortest `(digits, exp10)` whose value reads back (round to nearest, ties to even)
/// as `|v|`; `(b"0", 0)` for zero.
fn shortest(v: f64) -> (Vec<u8>, i64) {
    if v == 0.0 {
        return (b"0".to_vec(), 0);
    }
    let (digits, exp10) = exact_digits(v);
    let top = digits.len() as i64 + exp10; // |v| < 10^top
    for precision in 1..=17 {
        let at = top - precision;
        let nearest = round_to(&digits, exp10, at, Round::NearestTiesUp);
        // The nearest candidate first; at a power of two the interval below `v` is half as
        // wide as above, so the nearest may miss while its neighbour on the other side
        // reads back (and is then the shortest, as core prints).
        let rounded = if reads_back(&nearest, at, v) {
            Some(nearest)
        } else {
            [Round::Down, Round::Up]
                .into_iter()
                .map(|mode| round_to(&digits, exp10, at, mode))
                .find(|c| *c != nearest && reads_back(c, at, v))
        };
        if let Some(rounded) = rounded {
            // Drop trailing zeros into the exponent.
            let zeros = rounded.iter().rev().take_while(|&&d| d == b'0').count();
            let n = rounded.len() - zeros;
            return (rounded[..n].to_vec(), at + zeros as i64);
        }
    }
    // 17 significant digits always read back.
    (digits, exp10)
}

/// Whether `digits × 10^exp10` lies in the interval of reals that round to `|v|`.
fn reads_back(digits: &[u8], exp10: i64, v: f64) -> bool {
    let (m, e) = decompose(v);
    // The interval's ends, `(2m ± 1) × 2^(e-1)`; below a power of two the gap under `v` is
    // half as wide: `(4m - 1) × 2^(e-2)`.
    let boundary = m == 1 << 52 && e > -1074;
    let (lo, lo_exp) = if boundary {
        (4 * m - 1, e - 2)
    } else {
        (2 * m - 1, e - 1)
    };
    let (hi, hi_exp) = (2 * m + 1, e - 1);
    let even = m % 2 == 0;
    let c = Big::from_decimal(digits);
    let above_lo = compare(&c, exp10, lo, lo_exp);
    let below_hi = compare(&c, exp10, hi, hi_exp);
    use std::cmp::Ordering::*;
    let lo_ok = above_lo == Greater || (above_lo == Equal && even);
    let hi_ok = below_hi == Less || (below_hi == Equal && even);
    lo_ok && hi_ok
}

/// `c × 10^exp10` against `x × 2^exp2`, exactly.
fn compare(c: &Big, exp10: i64, x: u64, exp2: i64) -> std::cmp::Ordering {
    let mut a = c.clone();
    let mut b = Big::from(x);
    if exp10 >= 0 {
        a.mul_pow5(exp10 as u32);
        a.shl(exp10 as u32);
    } else {
        b.mul_pow5((-exp10) as u32);
        b.shl((-exp10) as u32);
    }
    if exp2 >= 0 {
        b.shl(exp2 as u32);
    } else {
        a.shl((-exp2) as u32);
    }
    a.cmp(&b)
}

/// An unsigned integer of any size: little-endian base-2^32 limbs, no high zero limbs. For
/// exact decimal digits here, and the exact binomial sums of the runs analysis
/// ([`crate::spc::rules::crossings_min`]).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Big(Vec<u32>);

impl Big {
    pub(crate) fn from(n: u64) -> Big {
        let mut b = Big(vec![n as u32, (n >> 32) as u32]);
        b.trim();
        b
    }

    fn from_decimal(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for &d in digits {
            b.mul_add(10, u32::from(d - b'0'));
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    /// `self += other`.
    pub(crate) fn add(&mut self, other: &Big) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for (k, limb) in self.0.iter_mut().enumerate() {
            let t = u64::from(*limb) + u64::from(other.0.get(k).copied().unwrap_or(0)) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    /// `self = self × k + add`.
    pub(crate) fn mul_add(&mut self, k: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let t = u64::from(*limb) * u64::from(k) + carry;
            *limb = t as u32;
            carry = t >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut n: u32) {
        // 5^13 is the largest power of five below 2^32.
        while n >= 13 {
            self.mul_add(1_220_703_125, 0);
            n -= 13;
        }
        if n > 0 {
            self.mul_add(5u32.pow(n), 0);
        }
    }

    pub(crate) fn shl(&mut self, n: u32) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, bits) = ((n / 32) as usize, n % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let next = *limb >> (32 - bits);
                *limb = (*limb << bits) | carry;
                carry = next;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if limbs > 0 {
            // Zero limbs below (not `splice`, which is a kilobyte of wasm).
            let mut shifted = vec![0; limbs];
            shifted.append(&mut self.0);
            self.0 = shifted;
        }
    }

    /// Divides by `k` in place, returning the remainder.
    pub(crate) fn div_rem(&mut self, k: u32) -> u32 {
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let t = (rem << 32) | u64::from(*limb);
            *limb = (t / u64::from(k)) as u32;
            rem = t % u64::from(k);
        }
        self.trim();
        rem as u32
    }

    fn to_decimal(&self) -> Vec<u8> {
        let mut n = self.clone();
        let mut chunks = Vec::new();
        while !n.0.is_empty() {
            chunks.push(n.div_rem(1_000_000_000));
        }
        let mut out = Vec::new();
        for (i, chunk) in chunks.iter().rev().enumerate() {
            let mut buf = [b'0'; 9];
            let mut c = *chunk;
            for slot in buf.iter_mut().rev() {
                *slot = b'0' + (c % 10) as u8;
                c /= 10;
            }
            let skip = if i == 0 {
                buf.iter().position(|&d| d != b'0').unwrap_or(8)
            } else {
                0
            };
            out.extend_from_slice(&buf[skip..]);
        }
        if out.is_empty() {
            out.push(b'0');
        }
        out
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Big) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Big) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_is_std_join() {
        for parts in [&[][..], &["a"], &["a", "", "bc"], &["", ""]] {
            for sep in ["", ", ", "; "] {
                assert_eq!(join(parts, sep), parts.join(sep));
            }
        }
        let owned = vec!["x".to_string(), "y".to_string()];
        assert_eq!(join(&owned, ". "), "x. y");
    }

    /// Doubles that exercise rounding ties, carries, subnormals and the extremes.
    fn samples() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            0.5,
            1.5,
            2.5,
            0.25,
            0.75,
            0.0078125,
            0.0234375,
            4.05,
            -4.05,
            85.25,
            1.005,
            999.5,
            9.995,
            99.99999,
            7012.0,
            1234567.891,
            1e15,
            1e16,
            1e17,
            123456789012345680.0,
            1e21,
            1e22,
            1e23,
            1e300,
            1.7976931348623157e308,
            5e-324,
            2.2250738585072014e-308,
            2.225073858507201e-308,
            1e-7,
            1.5e-7,
            0.000001,
            0.0000005,
            0.0000015,
            9007199254740993.0,
            f64::EPSILON,
            std::f64::consts::PI,
            std::f64::consts::E,
        ];
        // Every power of two, normal and subnormal: the asymmetric rounding interval.
        for e in 1..2047u64 {
            v.push(f64::from_bits(e << 52));
        }
        for k in 0..52 {
            v.push(f64::from_bits(1u64 << k));
        }
        // A deterministic spread of bit patterns over the whole range.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = f64::from_bits(x);
            if f.is_finite() {
                v.push(f);
            }
            // And ordinary magnitudes, where labels live.
            v.push(((x >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi((x % 12) as i32));
        }
        v
    }

    #[test]
    fn display_and_exponent_match_core() {
        for v in samples() {
            assert_eq!(display(v), format!("{v}"), "{v:e}");
            assert_eq!(exponent(v), format!("{v:e}"), "{v:e}");
        }
        // Whole numbers (the integer fast path) on both sides of 2^53, where it stops.
        let two53 = 9_007_199_254_740_992.0_f64;
        for v in [
            0.0,
            -0.0,
            1.0,
            -3.0,
            12.0,
            7012.0,
            1e15,
            two53 - 1.0,
            two53,
            two53 + 2.0,
            1e22,
            -1e300,
        ] {
            assert_eq!(display(v), format!("{v}"), "{v:e}");
        }
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(display(v), format!("{v}"));
            assert_eq!(exponent(v), format!("{v:e}"));
        }
    }

    #[test]
    fn fixed_matches_core() {
        for v in samples() {
            if v.abs() > 1e30 {
                continue; // core prints these too, but the test would be slow for no gain
            }
            for d in [0, 1, 2, 3, 6, 10] {
                assert_eq!(fixed(v, d), format!("{:.d$}", v.abs()), "{v:e} {d}");
            }
        }
        assert_eq!(fixed(1e300, 0), format!("{:.0}", 1e300));
        assert_eq!(fixed(f64::NAN, 2), "NaN");
    }

    #[test]
    fn trimmed_is_plain() {
        assert_eq!(trimmed(7012.0, 6), "7012");
        assert_eq!(trimmed(85.25, 6), "85.25");
        assert_eq!(trimmed(1.0 / 3.0, 6), "0.333333");
        assert_eq!(trimmed(-0.0000001, 6), "0");
        assert_eq!(trimmed(-0.5, 6), "-0.5");
        assert_eq!(trimmed(-0.0, 0), "0");
        assert_eq!(trimmed(12.0, 0), "12");
    }

    #[test]
    fn quoted_matches_debug_for_published_text() {
        for s in [
            "",
            "3.1",
            "a \"quoted\" word",
            "back\\slash",
            "tab\tnew\nline\r",
            "nul\0",
            "esc\u{1b}del\u{7f}",
            "Leicester – Rutland’s £5 café",
            "it's",
        ] {
            assert_eq!(quoted(s), format!("{s:?}"));
        }
        // Every control character (C0, DEL and C1: one or two hex digits).
        for c in ('\0'..='\u{a0}').filter(|c| c.is_control()) {
            let s = c.to_string();
            assert_eq!(quoted(&s), format!("{s:?}"));
        }
    }
}
