//! Date and time parsing, and local days as UTC intervals.
//!
//! Accepted forms (surrounding spaces ignored):
//!
//! | form | example | meaning |
//! |---|---|---|
//! | `YYYY-MM-DD` | `2015-02-15` | a local day |
//! | `YYYYMMDD` | `20150215` | a local day (GDELT's `SQLDATE`) |
//! | `YYYY-MM-DD HH:MM[:SS[.fff]]` (or `T`) | `2015-02-15 06:30:00.5` | a local instant |
//! | the same with `Z` or `±HH:MM` | `2015-02-15T04:30:00Z` | an absolute instant |
//! | `DD.MM.YYYY` | `15.02.2015` | a local day (day first, as everywhere dots are used) |
//! | `D Month YYYY` | `15 February 2015`, `15 Feb 2015` | a local day (ACLED exports) |
//! | `A/B/YYYY` with an optional time `H:MM[:SS]` and `AM`/`PM` | `2/15/2015 12:00:00 AM` | see below |
//!
//! Slash dates are day-first (`DD/MM/YYYY`) in most of the world and month-first
//! (`MM/DD/YYYY`) in the US. When one part is above 12 the order is evident; when both
//! are 12 or less (and differ) the date is ambiguous and [`DateOrder`] decides. The
//! default, [`DateOrder::Auto`], learns the order from the first evident slash date of
//! the file and applies it to the ambiguous ones that follow; an ambiguous date before
//! any evidence, or after the file has shown both orders, is rejected. That is what the
//! merged UCDP file needs: its month-first `1/22/2014 12:00:00 AM` values come first and
//! fix the order of the ambiguous `05/02/2014 00:00` ones that a spreadsheet rewrote.
//!
//! For UCDP a time of day on a date column is ignored (the dataset has day precision).

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// How to read slash dates (`A/B/YYYY`) whose day and month are both 12 or less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateOrder {
    /// Learn the order from the first slash date of the file whose order is evident
    /// (a part above 12); reject ambiguous dates before such evidence, and after the
    /// file has shown both orders.
    #[default]
    Auto,
    /// Always day first (`DD/MM/YYYY`).
    DayFirst,
    /// Always month first (`MM/DD/YYYY`).
    MonthFirst,
    /// Never guess: reject every ambiguous slash date.
    Strict,
}

impl DateOrder {
    /// `"auto"`, `"day-first"`, `"month-first"` or `"strict"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::Auto => "auto",
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
            DateOrder::Strict => "strict",
        }
    }
}

impl std::str::FromStr for DateOrder {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(DateOrder::Auto),
            "day-first" | "dmy" => Ok(DateOrder::DayFirst),
            "month-first" | "mdy" => Ok(DateOrder::MonthFirst),
            "strict" => Ok(DateOrder::Strict),
            other => Err(format!(
                "unknown date order {other:?}; expected auto, day-first, month-first or strict"
            )),
        }
    }
}

/// A parsed date or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    /// A calendar day, local to the reading zone.
    Day(Date),
    /// A local wall-clock time in the reading zone.
    Local(DateTime),
    /// An absolute instant (the text carried `Z` or an offset).
    Absolute(Timestamp),
}

impl When {
    /// The local calendar day (for an absolute instant: its day in `zone`).
    pub(crate) fn day(self, zone: &TimeZone) -> Date {
        match self {
            When::Day(d) => d,
            When::Local(dt) => dt.date(),
            When::Absolute(ts) => zone.to_datetime(ts).date(),
        }
    }
}

/// Parses dates, remembering the slash order a file has shown, and converts local days
/// to UTC (with a cache: most files repeat few distinct days).
pub(crate) struct Dates {
    order: DateOrder,
    zone: TimeZone,
    /// First evident slash date: its order and line.
    learned: Option<(DateOrder, u64)>,
    /// First slash date that contradicted `learned`: its line.
    conflict: Option<u64>,
    /// UTC starts of local days already converted (see [`DayStarts`]).
    day_starts: DayStarts,
    /// The last text [`Dates::parse_day`] read without a slash (a form that needs no
    /// learned order, so its day depends on the text alone) and that day: a record's
    /// end date is often its start date.
    last_day: Option<(String, Date)>,
}

/// UTC starts of local days, by day number: a flat table rather than a hash map, as a
/// file's events usually span a few years (a few thousand days, 8 bytes each) and the
/// conversion runs twice per event.
#[derive(Default)]
struct DayStarts {
    /// The day number of `seconds[0]`.
    first: i64,
    /// Unix seconds of each day's start, [`DayStarts::UNKNOWN`] where not yet converted.
    seconds: Vec<i64>,
}

impl DayStarts {
    const UNKNOWN: i64 = i64::MIN;
    /// Days covered at most (about 200 years, 1.1 MiB); days outside are converted each
    /// time.
    const SPAN: i64 = 73_000;

    /// The slot of day number `n`, growing the table towards it when within the span.
    fn slot(&mut self, n: i64) -> Option<&mut i64> {
        if self.seconds.is_empty() {
            self.first = n - Self::SPAN / 2;
        }
        let index = usize::try_from(n - self.first)
            .ok()
            .filter(|&i| (i as i64) < Self::SPAN)?;
        if index >= self.seconds.len() {
            self.seconds
                .resize((index + 1).next_power_of_two().min(Self::SPAN as usize), Self::UNKNOWN);
        }
        self.seconds.get_mut(index)
    }

    /// The start of day number `n` when it is in the table.
    fn known(&self, n: i64) -> Option<Timestamp> {
        let index = usize::try_from(n.checked_sub(self.first)?).ok()?;
        match self.seconds.get(index) {
            Some(&seconds) if seconds != Self::UNKNOWN => Timestamp::from_second(seconds).ok(),
            _ => None,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the civil-to-days algorithm of
/// H. Hinnant).
fn day_number(day: Date) -> i64 {
    let (y, m, d) = (i64::from(day.year()), i64::from(day.month()), i64::from(day.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Dates {
    pub(crate) fn new(order: DateOrder, zone: TimeZone) -> Self {
        Dates {
            order,
            zone,
            learned: None,
            conflict: None,
            day_starts: DayStarts::default(),
            last_day: None,
        }
    }

    pub(crate) fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// The slash order learned by [`DateOrder::Auto`], unless the file contradicted it.
    pub(crate) fn learned_order(&self) -> Option<DateOrder> {
        match (self.learned, self.conflict) {
            (Some((order, _)), None) => Some(order),
            _ => None,
        }
    }

    /// Parses one date or date-time; `line` is recorded as evidence of the slash order.
    pub(crate) fn parse(&mut self, text: &str, line: u64) -> Result<When, String> {
        let s = text.trim();
        if s.is_empty() {
            return Err("empty".to_owned());
        }
        let bytes = s.as_bytes();
        if bytes.len() >= 8 && bytes[..4].iter().all(u8::is_ascii_digit) {
            if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
                return compact_day(s).map(When::Day);
            }
            if bytes[4] == b'-' {
                return iso(s);
            }
        }
        if s.contains('/') {
            return self.slash(s, line);
        }
        if s.bytes().any(|b| b.is_ascii_alphabetic()) {
            return day_month_name_year(s).map(When::Day);
        }
        if s.contains('.') {
            return dotted(s);
        }
        Err(format!("{s:?} is not a date in a known form (e.g. 2015-02-15)"))
    }

    /// Parses a date and keeps only its local day (a time of day is dropped).
    pub(crate) fn parse_day(&mut self, text: &str, line: u64) -> Result<Date, String> {
        if let Some((last, day)) = &self.last_day
            && last == text
        {
            return Ok(*day);
        }
        let day = self.parse(text, line)?.day(&self.zone);
        if !text.contains('/') {
            let (last, cached) = self.last_day.get_or_insert_with(|| (String::new(), day));
            last.clear();
            last.push_str(text);
            *cached = day;
        }
        Ok(day)
    }

    /// UTC start of a local day.
    pub(crate) fn day_start(&mut self, day: Date) -> Result<Timestamp, String> {
        let slot = self.day_starts.slot(day_number(day));
        if let Some(&seconds) = slot.as_deref()
            && seconds != DayStarts::UNKNOWN
            && let Ok(ts) = Timestamp::from_second(seconds)
        {
            return Ok(ts);
        }
        let ts = self
            .zone
            .to_timestamp(day.to_datetime(Time::midnight()))
            .map_err(|e| format!("{day} cannot be placed in time: {e}"))?;
        if let Some(slot) = slot {
            *slot = ts.as_second();
        }
        Ok(ts)
    }

    /// The local days `[first, last]` as a UTC interval `[first 00:00, last + 1 day 00:00)`.
    pub(crate) fn days(&mut self, first: Date, last: Date) -> Result<(Timestamp, Timestamp), String> {
        // The day after `last` straight from the table when it is there (it then exists).
        if let Some(end) = self.day_starts.known(day_number(last) + 1) {
            return Ok((self.day_start(first)?, end));
        }
        let after = last
            .tomorrow()
            .map_err(|_| format!("{last} is the last representable day"))?;
        Ok((self.day_start(first)?, self.day_start(after)?))
    }

    /// UTC instant of a local wall-clock time (a time skipped by a DST change moves
    /// forward; a repeated one takes the earlier instant, as RFC 5545 does).
    pub(crate) fn local_instant(&self, dt: DateTime) -> Result<Timestamp, String> {
        self.zone
            .to_timestamp(dt)
            .map_err(|e| format!("{dt} cannot be placed in time: {e}"))
    }

    fn slash(&mut self, s: &str, line: u64) -> Result<When, String> {
        let (date_part, time_part) = match s.split_once(' ') {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s, None),
        };
        let mut parts = date_part.split('/');
        let (Some(a), Some(b), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(format!("{s:?} is not a date in a known form (A/B/YYYY expected)"));
        };
        let (a, b, year) = (small_number(a, 2), small_number(b, 2), small_number(y, 4));
        let (Some(a), Some(b), Some(year)) = (a, b, year) else {
            return Err(format!("{s:?} is not a date in a known form (A/B/YYYY expected)"));
        };
        if y.len() != 4 {
            return Err(format!("{s:?}: the year must have four digits"));
        }
        let evident = match (a > 12, b > 12) {
            (true, true) => return Err(format!("{s:?}: neither {a} nor {b} can be a month")),
            (true, false) => Some(DateOrder::DayFirst),
            (false, true) => Some(DateOrder::MonthFirst),
            (false, false) => None,
        };
        let order = match (self.order, evident) {
            (DateOrder::DayFirst | DateOrder::MonthFirst, _) => self.order,
            (_, Some(found)) => {
                match self.learned {
                    None => self.learned = Some((found, line)),
                    Some((learned, _)) if learned != found && self.conflict.is_none() => self.conflict = Some(line),
                    _ => {}
                }
                found
            }
            // Day and month equal: the order does not matter.
            (_, None) if a == b => DateOrder::DayFirst,
            (DateOrder::Strict, None) => {
                return Err(format!(
                    "ambiguous date {s:?}: day and month are both 12 or less (date order is strict)"
                ));
            }
            (_, None) => match (self.learned, self.conflict) {
                (Some((learned, _)), None) => learned,
                (Some((learned, at)), Some(conflict)) => {
                    return Err(format!(
                        "ambiguous date {s:?}: day and month are both 12 or less, and the file shows both \
                         orders ({} at line {at}, the other at line {conflict})",
                        learned.as_str()
                    ));
                }
                (None, _) => {
                    return Err(format!(
                        "ambiguous date {s:?}: day and month are both 12 or less, and no earlier slash date \
                         of the file shows whether it is day-first or month-first"
                    ));
                }
            },
        };
        let (day, month) = if order == DateOrder::MonthFirst { (b, a) } else { (a, b) };
        let date =
            civil_date(year, month, day).map_err(|e| format!("{s:?} read {} is not a date: {e}", order.as_str()))?;
        match time_part {
            None => Ok(When::Day(date)),
            Some(t) => {
                let time = clock_time(t).ok_or_else(|| format!("{s:?}: {t:?} is not a time of day"))?;
                Ok(When::Local(date.to_datetime(time)))
            }
        }
    }
}

fn small_number(s: &str, max_digits: usize) -> Option<i32> {
    if s.is_empty() || s.len() > max_digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn civil_date(year: i32, month: i32, day: i32) -> Result<Date, String> {
    let year = i16::try_from(year).map_err(|_| format!("year {year} out of range"))?;
    let month = i8::try_from(month).map_err(|_| format!("month {month} out of range"))?;
    let day = i8::try_from(day).map_err(|_| format!("day {day} out of range"))?;
    Date::new(year, month, day).map_err(|_| format!("{year:04}-{month:02}-{day:02} does not exist"))
}

/// The day of a plain `YYYY-MM-DD` text (exactly that: ten bytes, no time, no spaces),
/// when it exists; `None` for any other text. For such a text it is the day that
/// [`Dates::parse_day`] reads, in every zone and whatever the order learned (an ISO date
/// is never a slash date), so it can be read without a [`Dates`], on another thread.
pub(crate) fn plain_iso_day(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| {
        b[r].iter()
            .try_fold(0i32, |n, &c| c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0')))
    };
    civil_date(number(0..4)?, number(5..7)?, number(8..10)?).ok()
}

fn compact_day(s: &str) -> Result<Date, String> {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i32>().unwrap_or(-1);
    civil_date(n(0..4), n(4..6), n(6..8)).map_err(|e| format!("{s:?} is not a date: {e}"))
}

/// `YYYY-MM-DD`, optionally followed by a time and an offset.
fn iso(s: &str) -> Result<When, String> {
    let bad = || format!("{s:?} is not a date in a known form (e.g. 2015-02-15 or 2015-02-15 06:30:00)");
    if s.len() < 10 || !s.is_char_boundary(10) {
        return Err(bad());
    }
    let (date_part, rest) = s.split_at(10);
    let b = date_part.as_bytes();
    if b[7] != b'-'
        || ![0..4, 5..7, 8..10]
            .into_iter()
            .all(|r| b[r].iter().all(u8::is_ascii_digit))
    {
        return Err(bad());
    }
    let n = |r: std::ops::Range<usize>| date_part[r].parse::<i32>().unwrap_or(-1);
    let date = civil_date(n(0..4), n(5..7), n(8..10)).map_err(|e| format!("{s:?} is not a date: {e}"))?;
    if rest.is_empty() {
        return Ok(When::Day(date));
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?.trim_start();
    // An offset or Z makes it absolute: let jiff read the whole thing as RFC 3339.
    let (clock, offset) = split_offset(rest);
    let time = clock_time(clock).ok_or_else(bad)?;
    let dt = date.to_datetime(time);
    match offset {
        None => Ok(When::Local(dt)),
        Some(off) => {
            let text = format!("{dt}{off}");
            text.parse::<Timestamp>()
                .map(When::Absolute)
                .map_err(|e| format!("{s:?}: {e}"))
        }
    }
}

/// Splits `06:30:00+02:00` into `("06:30:00", Some("+02:00"))`, `06:30Z` into
/// `("06:30", Some("Z"))`.
fn split_offset(s: &str) -> (&str, Option<&str>) {
    if let Some(clock) = s.strip_suffix(['Z', 'z']) {
        return (clock.trim_end(), Some("Z"));
    }
    match s.rfind(['+', '-']) {
        Some(i) if i > 0 => (s[..i].trim_end(), Some(&s[i..])),
        _ => (s, None),
    }
}

/// `H:MM`, `H:MM:SS`, `H:MM:SS.fff`, each optionally followed by `AM`/`PM`.
fn clock_time(s: &str) -> Option<Time> {
    let s = s.trim();
    let (clock, meridiem) = match s.get(s.len().saturating_sub(2)..).map(str::to_ascii_uppercase) {
        Some(m) if m == "AM" || m == "PM" => (s[..s.len() - 2].trim_end(), Some(m == "PM")),
        _ => (s, None),
    };
    let mut parts = clock.split(':');
    let hour: i8 = small_number(parts.next()?, 2)?.try_into().ok()?;
    let minute: i8 = small_number(parts.next()?, 2)?.try_into().ok()?;
    let (second, nanos) = match parts.next() {
        None => (0, 0),
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let second: i8 = small_number(whole, 2)?.try_into().ok()?;
            if frac.len() > 9 || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let nanos = if frac.is_empty() {
                0
            } else {
                format!("{frac:0<9}").parse::<i32>().ok()?
            };
            (second, nanos)
        }
    };
    if parts.next().is_some() {
        return None;
    }
    let hour = match meridiem {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return None,
        Some(pm) => hour % 12 + if pm { 12 } else { 0 },
    };
    Time::new(hour, minute, second, nanos).ok()
}

/// `DD.MM.YYYY`, optionally followed by a time.
fn dotted(s: &str) -> Result<When, String> {
    let bad = || format!("{s:?} is not a date in a known form (DD.MM.YYYY expected)");
    let (date_part, time_part) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date_part.split('.');
    let (Some(d), Some(m), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let (Some(day), Some(month), Some(year)) = (small_number(d, 2), small_number(m, 2), small_number(y, 4)) else {
        return Err(bad());
    };
    if y.len() != 4 {
        return Err(bad());
    }
    let date = civil_date(year, month, day).map_err(|e| format!("{s:?} is not a date: {e}"))?;
    match time_part {
        None => Ok(When::Day(date)),
        Some(t) => Ok(When::Local(date.to_datetime(clock_time(t).ok_or_else(bad)?))),
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `15 February 2015` or `15 Feb 2015`.
fn day_month_name_year(s: &str) -> Result<Date, String> {
    let bad = || format!("{s:?} is not a date in a known form (e.g. 2015-02-15 or 15 February 2015)");
    let mut words = s.split_whitespace();
    let (Some(d), Some(m), Some(y), None) = (words.next(), words.next(), words.next(), words.next()) else {
        return Err(bad());
    };
    let month_name = m.trim_end_matches('.').to_ascii_lowercase();
    let month = MONTHS
        .iter()
        .position(|full| month_name.len() >= 3 && full.starts_with(month_name.as_str()))
        .ok_or_else(bad)?;
    let (Some(day), Some(year)) = (small_number(d, 2), small_number(y, 4)) else {
        return Err(bad());
    };
    if y.len() != 4 {
        return Err(bad());
    }
    civil_date(year, month as i32 + 1, day).map_err(|e| format!("{s:?} is not a date: {e}"))
}

/// Adds whole days to a date, with a message on overflow.
pub(crate) fn add_days(date: Date, days: i32) -> Result<Date, String> {
    date.checked_add(days.days())
        .map_err(|_| format!("{date} plus {days} days is out of range"))
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Date, Time, date};
    use jiff::tz::TimeZone;

    use super::{DateOrder, Dates, When, plain_iso_day};

    fn kyiv() -> TimeZone {
        TimeZone::get("Europe/Kyiv").expect("bundled tzdb")
    }

    fn day(d: &mut Dates, s: &str) -> Result<Date, String> {
        match d.parse(s, 1)? {
            When::Day(day) => Ok(day),
            When::Local(dt) => Ok(dt.date()),
            When::Absolute(_) => Err("absolute".into()),
        }
    }

    #[test]
    fn day_numbers_and_cached_day_starts_agree_with_jiff() {
        let mut d = Dates::new(DateOrder::Strict, kyiv());
        let epoch = date(1970, 1, 1);
        let mut day = date(1599, 12, 25);
        while day < date(2500, 1, 1) {
            let expected = i64::from(epoch.until(day).expect("in range").get_days());
            assert_eq!(super::day_number(day), expected, "{day}");
            day = day.checked_add(jiff::Span::new().days(97)).expect("in range");
        }
        // Around the spring-forward change of 2015 in Kyiv (29 March), twice: once
        // converted, once from the table; and far outside the table's span.
        for _ in 0..2 {
            for (y, m, dd) in [
                (2015, 3, 28),
                (2015, 3, 29),
                (2015, 3, 30),
                (1800, 1, 1),
                (2400, 6, 1),
                (2015, 3, 29),
            ] {
                let expected = kyiv()
                    .to_timestamp(date(y, m, dd).to_datetime(Time::midnight()))
                    .expect("in range");
                assert_eq!(d.day_start(date(y, m, dd)), Ok(expected));
            }
        }
    }

    #[test]
    fn plain_iso_days_are_what_parse_day_reads() {
        let mut dates = Dates::new(DateOrder::Auto, kyiv());
        for text in [
            "2015-02-15",
            "2024-02-29",
            "2023-02-29",
            "2015-13-01",
            "2015-00-10",
            "0000-01-01",
            "9999-12-31",
            "2015-2-15",
            "2015-02-15 ",
            " 2015-02-15",
            "2015/02/15",
            "2015-02-1x",
            "+015-02-15",
            "2015-02-150",
        ] {
            let plain = plain_iso_day(text);
            if let Some(day) = plain {
                assert_eq!(dates.parse_day(text, 1), Ok(day), "{text}");
            }
            let expected = text.len() == 10 && dates.parse_day(text, 1).is_ok();
            assert_eq!(plain.is_some(), expected, "{text}");
        }
    }

    #[test]
    fn iso_compact_dotted_and_named_forms() {
        let mut d = Dates::new(DateOrder::Strict, kyiv());
        assert_eq!(day(&mut d, "2015-02-15"), Ok(date(2015, 2, 15)));
        assert_eq!(day(&mut d, " 20150215 "), Ok(date(2015, 2, 15)));
        assert_eq!(day(&mut d, "15.02.2015"), Ok(date(2015, 2, 15)));
        assert_eq!(day(&mut d, "15 February 2015"), Ok(date(2015, 2, 15)));
        assert_eq!(day(&mut d, "5 Feb 2015"), Ok(date(2015, 2, 5)));
        assert_eq!(
            d.parse("2015-02-15 06:30:15.25", 1),
            Ok(When::Local(date(2015, 2, 15).at(6, 30, 15, 250_000_000)))
        );
        assert_eq!(
            d.parse("2015-02-15T06:30:00+02:00", 1),
            Ok(When::Absolute("2015-02-15T04:30:00Z".parse().unwrap()))
        );
        assert_eq!(
            d.parse("2015-02-15T04:30Z", 1),
            Ok(When::Absolute("2015-02-15T04:30:00Z".parse().unwrap()))
        );
        for bad in [
            "",
            "2015-02-30",
            "2015-13-01",
            "20151301",
            "15/02/15",
            "yesterday",
            "2015-02-15 25:00",
            "1 Foo 2015",
            "2015-02-15X",
            "31.02.2015",
            "13/13/2015",
            "1/2/3/2015",
        ] {
            assert!(d.parse(bad, 1).is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn twelve_hour_clock() {
        let mut d = Dates::new(DateOrder::MonthFirst, kyiv());
        assert_eq!(
            d.parse("1/22/2014 12:00:00 AM", 1),
            Ok(When::Local(date(2014, 1, 22).at(0, 0, 0, 0)))
        );
        assert_eq!(
            d.parse("1/22/2014 12:30 PM", 1),
            Ok(When::Local(date(2014, 1, 22).at(12, 30, 0, 0)))
        );
        assert_eq!(
            d.parse("1/22/2014 1:05:09 pm", 1),
            Ok(When::Local(date(2014, 1, 22).at(13, 5, 9, 0)))
        );
        assert!(d.parse("1/22/2014 13:00 PM", 1).is_err());
    }

    #[test]
    fn evident_slash_dates_need_no_configuration() {
        let mut d = Dates::new(DateOrder::Strict, kyiv());
        assert_eq!(day(&mut d, "22/01/2014"), Ok(date(2014, 1, 22)));
        assert_eq!(day(&mut d, "1/22/2014"), Ok(date(2014, 1, 22)));
        assert_eq!(day(&mut d, "05/05/2014"), Ok(date(2014, 5, 5)));
        let err = day(&mut d, "05/02/2014").unwrap_err();
        assert!(err.contains("ambiguous") && err.contains("strict"), "{err}");
    }

    #[test]
    fn auto_learns_the_order_from_the_first_evident_date() {
        let mut d = Dates::new(DateOrder::Auto, kyiv());
        let err = day(&mut d, "05/02/2014").unwrap_err();
        assert!(err.contains("no earlier slash date"), "{err}");
        assert_eq!(
            d.parse("1/22/2014 12:00:00 AM", 7).map(|w| w.day(&kyiv())),
            Ok(date(2014, 1, 22))
        );
        assert_eq!(d.learned_order(), Some(DateOrder::MonthFirst));
        assert_eq!(day(&mut d, "05/02/2014 00:00"), Ok(date(2014, 5, 2)));
        // A day-first date contradicts: from then on ambiguous dates are rejected.
        assert_eq!(d.parse("25/03/2014", 9).map(|w| w.day(&kyiv())), Ok(date(2014, 3, 25)));
        assert_eq!(d.learned_order(), None);
        let err = day(&mut d, "05/02/2014").unwrap_err();
        assert!(err.contains("line 7") && err.contains("line 9"), "{err}");
    }

    #[test]
    fn forced_orders() {
        let mut d = Dates::new(DateOrder::DayFirst, kyiv());
        assert_eq!(day(&mut d, "05/02/2014"), Ok(date(2014, 2, 5)));
        assert!(day(&mut d, "1/22/2014").is_err());
        let mut d = Dates::new(DateOrder::MonthFirst, kyiv());
        assert_eq!(day(&mut d, "05/02/2014"), Ok(date(2014, 5, 2)));
    }

    #[test]
    fn local_days_follow_daylight_saving_time() {
        let mut d = Dates::new(DateOrder::Auto, kyiv());
        // Kyiv is UTC+2 in winter, UTC+3 in summer; 2015-03-29 lasted 23 hours.
        let (start, end) = d.days(date(2015, 2, 15), date(2015, 2, 15)).unwrap();
        assert_eq!(start.to_string(), "2015-02-14T22:00:00Z");
        assert_eq!(end.to_string(), "2015-02-15T22:00:00Z");
        let (start, end) = d.days(date(2015, 3, 29), date(2015, 3, 29)).unwrap();
        assert_eq!(start.to_string(), "2015-03-28T22:00:00Z");
        assert_eq!(end.to_string(), "2015-03-29T21:00:00Z");
        // Cached values are the same.
        assert_eq!(
            d.day_start(date(2015, 3, 29)).unwrap().to_string(),
            "2015-03-28T22:00:00Z"
        );
    }
}
