//! What the person already knows about the document, checked before use.

use toml::value::{Date, Datetime};

use crate::ImportError;
use crate::numbering::MAX_ID;

/// PA-X agreement stages accepted in `[document] stage`.
pub(crate) const STAGES: &[&str] = &["Pre", "SubPar", "SubComp", "Imp", "Cea", "Ren", "Oth"];

/// Document statuses accepted in `[document] status`.
pub(crate) const STATUSES: &[&str] = &[
    "official",
    "leaked",
    "briefed",
    "reported",
    "counter-proposal",
    "proposal",
];

/// Longest provision id prefix: leaves room for the number, a sub-point and a
/// disambiguating suffix within the 64 characters of an id.
pub(crate) const MAX_PREFIX: usize = 40;

/// What the person already knows about the document. Every field left `None` becomes a
/// placeholder marked `# TODO` in the skeleton.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkeletonOptions {
    /// Document id (`[document] id`), e.g. `"us-28"`.
    pub id: String,
    /// Document title; when `None` (or blank) the first line before the first item is
    /// used.
    pub title: Option<String>,
    /// Document date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Document status: `official`, `leaked`, `briefed`, `reported`,
    /// `counter-proposal` or `proposal`.
    pub status: Option<String>,
    /// PA-X stage: `Pre`, `SubPar`, `SubComp`, `Imp`, `Cea`, `Ren` or `Oth`.
    pub stage: Option<String>,
    /// Address of the source of the text; adds a `[[provenance]]` entry to fill in.
    /// Blank counts as `None`.
    pub source: Option<String>,
    /// Start of every provision id; defaults to the document id. A dash is added unless
    /// it already ends in `-`, `_` or `.`.
    pub id_prefix: Option<String>,
}

/// Options after checking.
#[derive(Debug, Clone)]
pub(crate) struct Checked<'a> {
    pub(crate) id: &'a str,
    /// Provision id prefix, separator included.
    pub(crate) prefix: String,
    pub(crate) title: Option<&'a str>,
    pub(crate) date: Option<Datetime>,
    pub(crate) status: Option<&'a str>,
    pub(crate) stage: Option<&'a str>,
    pub(crate) source: Option<&'a str>,
}

impl SkeletonOptions {
    pub(crate) fn check(&self) -> Result<Checked<'_>, ImportError> {
        if !is_id(&self.id, MAX_ID) {
            return Err(ImportError::InvalidId {
                option: "id",
                value: self.id.clone(),
                max: MAX_ID,
            });
        }
        let (option, prefix) = match &self.id_prefix {
            Some(prefix) => ("id_prefix", prefix.as_str()),
            None => ("id", self.id.as_str()),
        };
        if !is_id(prefix, MAX_PREFIX) {
            return Err(ImportError::InvalidId {
                option: if option == "id" {
                    "id (used as the provision id prefix)"
                } else {
                    option
                },
                value: prefix.to_owned(),
                max: MAX_PREFIX,
            });
        }
        let mut prefix = prefix.to_owned();
        if !prefix.ends_with(['-', '_', '.']) {
            prefix.push('-');
        }
        let date = match &self.date {
            Some(value) => Some(parse_date(value).ok_or_else(|| ImportError::InvalidDate { value: value.clone() })?),
            None => None,
        };
        let status = match self.status.as_deref() {
            Some(value) if !STATUSES.contains(&value) => {
                return Err(ImportError::InvalidStatus {
                    value: value.to_owned(),
                });
            }
            other => other,
        };
        let stage = match self.stage.as_deref() {
            Some(value) if !STAGES.contains(&value) => {
                return Err(ImportError::InvalidStage {
                    value: value.to_owned(),
                });
            }
            other => other,
        };
        Ok(Checked {
            id: &self.id,
            prefix,
            title: filled(&self.title),
            date,
            status,
            stage,
            source: filled(&self.source),
        })
    }
}

/// A text option, unless it is blank.
fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// `[a-z0-9][a-z0-9_.-]*`, at most `max` characters.
pub(crate) fn is_id(value: &str, max: usize) -> bool {
    let mut bytes = value.bytes();
    let first_ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    first_ok
        && value.len() <= max
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-'))
}

/// A real calendar date written `YYYY-MM-DD`.
fn parse_date(value: &str) -> Option<Datetime> {
    let bytes = value.as_bytes();
    let digits_at = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = bytes.get(range)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        part.iter()
            .try_fold(0u16, |acc, d| acc.checked_mul(10)?.checked_add(u16::from(d - b'0')))
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits_at(0..4)?;
    let month = u8::try_from(digits_at(5..7)?).ok()?;
    let day = u8::try_from(digits_at(8..10)?).ok()?;
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then_some(Datetime {
        date: Some(Date { year, month, day }),
        time: None,
        offset: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(id: &str) -> SkeletonOptions {
        SkeletonOptions {
            id: id.to_owned(),
            ..SkeletonOptions::default()
        }
    }

    #[test]
    fn ids() {
        assert!(is_id("us-28", 64));
        assert!(is_id("a.b_c-1", 64));
        assert!(!is_id("", 64));
        assert!(!is_id("-x", 64));
        assert!(!is_id("Us", 64));
        assert!(!is_id("план", 64));
        assert!(!is_id(&"a".repeat(65), 64));
    }

    #[test]
    fn prefix_gets_a_separator() {
        assert_eq!(options("us-28").check().unwrap().prefix, "us-28-");
        let mut with_prefix = options("us-28");
        with_prefix.id_prefix = Some("us28_".to_owned());
        assert_eq!(with_prefix.check().unwrap().prefix, "us28_");
        with_prefix.id_prefix = Some("US".to_owned());
        assert!(matches!(
            with_prefix.check(),
            Err(ImportError::InvalidId {
                option: "id_prefix",
                ..
            })
        ));
        assert!(matches!(
            options(&"a".repeat(50)).check(),
            Err(ImportError::InvalidId { max: 40, .. })
        ));
    }

    #[test]
    fn dates() {
        assert!(parse_date("2024-02-29").is_some());
        assert_eq!(
            parse_date("2025-11-20").map(|d| d.to_string()).as_deref(),
            Some("2025-11-20")
        );
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "20251120",
            "YYYY-MM-DD",
            "0000-01-01",
            "2025-04-31",
            "２０２５-01-01",
        ] {
            assert!(parse_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn enums() {
        let mut o = options("x");
        o.stage = Some("Cea".to_owned());
        o.status = Some("leaked".to_owned());
        assert!(o.check().is_ok());
        o.stage = Some("cea".to_owned());
        assert!(matches!(o.check(), Err(ImportError::InvalidStage { .. })));
        o.stage = None;
        o.status = Some("draft".to_owned());
        let error = o.check().unwrap_err().to_string();
        assert!(error.contains("counter-proposal"), "{error}");
    }
}
