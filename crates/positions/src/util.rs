//! Small helpers shared by the modules.

use serde::Serializer;
use truce_model::Date;

/// Shared with the agreement model's reader, so dates and suggestions read the same.
pub(crate) use truce_model::toml_fields::{parse_date, suggest};

/// Serializes a date as `YYYY-MM-DD`.
pub(crate) fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Days since 1970-01-01 (negative before), exact for every civil date.
pub(crate) fn days(d: Date) -> i64 {
    // Howard Hinnant's days_from_civil.
    let (y, m, dd) = (i64::from(d.year()), i64::from(d.month()), i64::from(d.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + dd - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `n` days after 1970-01-01, when it is within the calendar's range.
pub(crate) fn date_of_days(n: i64) -> Option<Date> {
    // Howard Hinnant's civil_from_days.
    let z = n + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for (y, m, d, n) in [
            (1970, 1, 1, 0),
            (2000, 3, 1, 11_017),
            (1969, 12, 31, -1),
            (2025, 11, 20, 20_412),
        ] {
            let date = Date::new(y, m, d).unwrap();
            assert_eq!(days(date), n, "{date}");
            assert_eq!(date_of_days(n), Some(date));
        }
    }
}
