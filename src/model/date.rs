//! Calendar dates and the date-time groups of cables: decoding, validation,
//! day-of-year arithmetic. Small and dependency-free: cables need proleptic
//! Gregorian dates between 1900 and 2099 and nothing more.

use std::fmt;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// A UTC date and time to the minute, as a date-time group gives it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DateTime {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Date {
    /// A valid date, or `None`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        (1..=12)
            .contains(&month)
            .then(|| days_in_month(year, month))
            .filter(|&dim| day >= 1 && day <= dim)
            .map(|_| Date { year, month, day })
    }

    /// Day of the year, 1-based (the Julian day of the DE line).
    pub fn ordinal(self) -> u32 {
        (1..self.month)
            .map(|m| days_in_month(self.year, m))
            .sum::<u32>()
            + self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Civil-from-days inverse (Howard Hinnant's algorithm).
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        } as i64;
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn weekday(self) -> &'static str {
        // 1970-01-01 was a Thursday (index 3).
        WEEKDAYS[((self.days_since_epoch() % 7 + 7 + 3) % 7) as usize]
    }

    pub fn month_name(self) -> &'static str {
        MONTH_NAMES
            .get(self.month as usize - 1)
            .copied()
            .unwrap_or("?")
    }

    /// ISO 8601: `2008-01-24`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl DateTime {
    /// ISO 8601 UTC: `2008-01-24T12:23:00Z`.
    pub fn iso(self) -> String {
        format!(
            "{}T{:02}:{:02}:00Z",
            self.date.iso(),
            self.hour,
            self.minute
        )
    }

    /// For hovers: `Thu 24 Jan 2008 12:23 UTC`.
    pub fn human(self) -> String {
        format!(
            "{} {} {} {} {:02}:{:02} UTC",
            self.date.weekday(),
            self.date.day,
            self.date.month_name(),
            self.date.year,
            self.hour,
            self.minute
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// A two-digit year of the cable era: 60-99 are 1900s, 00-59 are 2000s.
pub fn expand_year(two_digits: u32) -> i32 {
    if two_digits >= 60 {
        1900 + two_digits as i32
    } else {
        2000 + two_digits as i32
    }
}

/// How a written date was laid out, so a diagnostic can say what is wrong and
/// rewrite it as `MM/DD/YYYY`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateLayout {
    /// `01/31/2018`: the standard form.
    Standard,
    /// `6/3/2017`: month/day without zero padding.
    Unpadded,
    /// `06/18/17`: two-digit year.
    TwoDigitYear,
    /// `2019/12/17` or `2019-02-12`: year first.
    YearFirst,
}

/// Parses a declassification date as written after `DECL:`.
/// Returns the date and its layout; `None` when it is no date or an impossible one.
pub fn parse_written_date(s: &str) -> Option<(Date, DateLayout)> {
    let s = s.trim().trim_end_matches(['.', ',']);
    let parts: Vec<&str> = s.split(['/', '-']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 4)
    {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    if n.len() != 3 {
        return None;
    }
    if parts[0].len() == 4 {
        let date = Date::new(n[0] as i32, n[1], n[2])?;
        return Some((date, DateLayout::YearFirst));
    }
    let (year, layout) = match parts[2].len() {
        4 if parts[0].len() == 2 && parts[1].len() == 2 => (n[2] as i32, DateLayout::Standard),
        4 => (n[2] as i32, DateLayout::Unpadded),
        2 => (expand_year(n[2]), DateLayout::TwoDigitYear),
        _ => return None,
    };
    Some((Date::new(year, n[0], n[1])?, layout))
}

/// `MM/DD/YYYY`, the standard declassification date form.
pub fn standard_form(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.month, d.day, d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_and_human() {
        let dt = DateTime {
            date: Date::new(2008, 1, 24).unwrap(),
            hour: 12,
            minute: 23,
        };
        assert_eq!(dt.human(), "Thu 24 Jan 2008 12:23 UTC");
        assert_eq!(dt.iso(), "2008-01-24T12:23:00Z");
        assert_eq!(Date::new(1970, 1, 1).unwrap().weekday(), "Thu");
        assert_eq!(Date::new(1969, 12, 31).unwrap().weekday(), "Wed");
    }

    #[test]
    fn ordinal_days() {
        assert_eq!(Date::new(2008, 1, 24).unwrap().ordinal(), 24);
        assert_eq!(Date::new(2009, 3, 24).unwrap().ordinal(), 83);
        assert_eq!(Date::new(2008, 12, 31).unwrap().ordinal(), 366);
        assert_eq!(Date::new(2009, 2, 29), None);
    }

    #[test]
    fn written_dates() {
        let p = |s: &str| parse_written_date(s).map(|(d, l)| (d.iso(), l));
        assert_eq!(
            p("01/31/2018"),
            Some(("2018-01-31".into(), DateLayout::Standard))
        );
        assert_eq!(
            p("6/3/2017"),
            Some(("2017-06-03".into(), DateLayout::Unpadded))
        );
        assert_eq!(
            p("06/18/17"),
            Some(("2017-06-18".into(), DateLayout::TwoDigitYear))
        );
        assert_eq!(
            p("2019/12/17"),
            Some(("2019-12-17".into(), DateLayout::YearFirst))
        );
        assert_eq!(
            p("2019-02-12"),
            Some(("2019-02-12".into(), DateLayout::YearFirst))
        );
        assert_eq!(p("13/45/2019"), None);
        assert_eq!(p("CLOSURE OF ICTY"), None);
    }
}
