//! Calendar months, the time unit of every published measure.
//!
//! A [`Month`] is a year and a month number, nothing more: no day, no time zone, no locale.
//! It is parsed from `YYYY-MM` or `YYYY-MM-01`-style text and printed as `YYYY-MM`, or in
//! words for people (`March 2020`, `Mar 2020`) in en-GB.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const SHORT_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A calendar month such as March 2020. Ordered by time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    // Months since January of year 0: makes ordering and arithmetic trivial.
    index: i32,
}

impl Month {
    /// The month `month` (1–12) of `year` (1–9999), or `None` if either is out of range.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        Some(Month {
            index: year * 12 + month as i32 - 1,
        })
    }

    /// The year, e.g. 2020.
    pub fn year(self) -> i32 {
        self.index.div_euclid(12)
    }

    /// The month number, 1 (January) to 12 (December).
    pub fn month(self) -> u32 {
        self.index.rem_euclid(12) as u32 + 1
    }

    /// This month moved by `n` months (negative goes back).
    ///
    /// Saturates at the range [`Month::new`] accepts rather than wrapping.
    pub fn plus(self, n: i32) -> Month {
        let lo = 12;
        let hi = 9999 * 12 + 11;
        Month {
            index: self.index.saturating_add(n).clamp(lo, hi),
        }
    }

    /// The next month.
    pub fn succ(self) -> Month {
        self.plus(1)
    }

    /// How many months from `earlier` to `self` (negative if `earlier` is later).
    pub fn since(self, earlier: Month) -> i32 {
        self.index - earlier.index
    }

    /// The year in which the UK financial year containing this month starts (April–March).
    pub fn financial_year(self) -> i32 {
        if self.month() >= 4 {
            self.year()
        } else {
            self.year() - 1
        }
    }

    /// The full English name of the month, e.g. `March`.
    pub fn name(self) -> &'static str {
        NAMES[self.month() as usize - 1]
    }

    /// The month's three-letter English abbreviation, e.g. `Mar`.
    pub fn short_name(self) -> &'static str {
        SHORT_NAMES[self.month() as usize - 1]
    }

    /// `March 2020`: how a sentence for residents names a month (en-GB).
    pub fn long_label(self) -> String {
        format!("{} {}", self.name(), self.year())
    }

    /// `Mar 2020`: how an axis or table names a month (en-GB).
    pub fn short_label(self) -> String {
        format!("{} {}", self.short_name(), self.year())
    }

    /// Parses `YYYY-MM` or `YYYY-MM-DD` (the day must be a valid day of that month; it is
    /// dropped). Returns a sentence saying what is wrong otherwise.
    pub fn parse(text: &str) -> Result<Month, String> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            // At most four ASCII digits: summed by hand (no `str::parse` in the wasm).
            text.get(r)?.bytes().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        // The month, and the day when there is one; `None` for any text of the wrong form
        // (one sentence for them all, made in one place).
        let parts = || -> Option<(Month, Option<u32>)> {
            let dated = b.len() == 10;
            if !(b.len() == 7 || dated) || b[4] != b'-' || (dated && b[7] != b'-') {
                return None;
            }
            let m = Month::new(digits(0..4)? as i32, digits(5..7)?)?;
            let day = if dated { Some(digits(8..10)?) } else { None };
            Some((m, day))
        };
        let Some((m, day)) = parts() else {
            return Err(format!(
                "\"{text}\" is not a month: expected YYYY-MM or YYYY-MM-DD"
            ));
        };
        if let Some(day) = day {
            if day == 0 || day > m.days() {
                return Err(format!(
                    "\"{text}\" is not a date: {} has {} days",
                    m.long_label(),
                    m.days()
                ));
            }
        }
        Ok(m)
    }

    /// Number of days in the month (Gregorian).
    pub fn days(self) -> u32 {
        match self.month() {
            4 | 6 | 9 | 11 => 30,
            2 => {
                let y = self.year();
                if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                    29
                } else {
                    28
                }
            }
            _ => 31,
        }
    }

    /// Every month from `first` to `last` inclusive (empty if `last < first`).
    pub fn range(first: Month, last: Month) -> impl Iterator<Item = Month> {
        (first.index..=last.index).map(|index| Month { index })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Month::parse(s)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Month::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms() {
        assert_eq!(
            Month::parse("2020-03").unwrap(),
            Month::new(2020, 3).unwrap()
        );
        assert_eq!(
            Month::parse("2020-03-01").unwrap(),
            Month::new(2020, 3).unwrap()
        );
        assert_eq!(
            Month::parse("2020-02-29").unwrap(),
            Month::new(2020, 2).unwrap()
        );
    }

    #[test]
    fn rejects_bad_text_with_a_reason() {
        for bad in [
            "2020-13",
            "2020-3",
            "20-03",
            "2020/03",
            "2021-02-29",
            "",
            "2020-03-00",
        ] {
            let e = Month::parse(bad).unwrap_err();
            assert!(e.contains(bad), "{e}");
        }
    }

    #[test]
    fn arithmetic_and_labels() {
        let m = Month::new(2019, 12).unwrap();
        assert_eq!(m.succ(), Month::new(2020, 1).unwrap());
        assert_eq!(m.plus(-12), Month::new(2018, 12).unwrap());
        assert_eq!(Month::new(2022, 10).unwrap().since(m), 34);
        assert_eq!(m.long_label(), "December 2019");
        assert_eq!(m.short_label(), "Dec 2019");
        assert_eq!(Month::new(2020, 3).unwrap().financial_year(), 2019);
        assert_eq!(Month::new(2020, 4).unwrap().financial_year(), 2020);
        assert_eq!(Month::range(m, m.plus(2)).count(), 3);
    }

    #[test]
    fn serde_round_trip() {
        let m: Month = serde_json::from_str("\"2022-04-01\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2022-04\"");
    }
}
