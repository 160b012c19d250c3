//! The implementation plan: steps, findings, durations and days.

use std::ops::Range;

use serde::Serialize;
use truce_model::{Date, FileId, Provenance};

use crate::cond::Cond;

/// A calendar day, counted from 1970-01-01 (day 0) in the plan's time zone.
pub type Day = i32;

/// The day number of a date.
pub fn day_of(date: Date) -> Day {
    // Days from the civil calendar (proleptic Gregorian), after H. Hinnant's algorithm.
    let (y, m, d) = (i32::from(date.year()), i32::from(date.month()), i32::from(date.day()));
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number.
pub fn date_of(day: Day) -> Date {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    Date::new(y as i16, m as i8, d as i8).unwrap_or(Date::MAX)
}

/// How adding months treats a day that the target month lacks (31 January + 1 month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum MonthEnd {
    /// The last day of the target month (28 or 29 February).
    #[default]
    Clamp,
    /// The surplus days run into the next month (2 or 3 March).
    Roll,
}

/// A length of time: whole days, or calendar months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Duration {
    /// A number of days (weeks are 7 days).
    Days(i32),
    /// A number of calendar months (years are 12 months).
    Months(i32),
}

impl Duration {
    /// Parses `14d`, `2w`, `3m`, `8y`.
    pub fn parse(s: &str) -> Option<Duration> {
        let s = s.trim();
        let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
        let n: i32 = num.parse().ok()?;
        if n > 1200 * 31 {
            return None;
        }
        match unit {
            "d" => Some(Duration::Days(n)),
            "w" => Some(Duration::Days(n * 7)),
            "m" => Some(Duration::Months(n)),
            "y" => Some(Duration::Months(n * 12)),
            _ => None,
        }
    }

    /// Whether month ends matter for it.
    pub fn uses_months(self) -> bool {
        matches!(self, Duration::Months(_))
    }

    /// `day` plus this duration.
    pub fn add(self, day: Day, month_end: MonthEnd) -> Day {
        match self {
            Duration::Days(n) => day.saturating_add(n),
            Duration::Months(n) => {
                let date = date_of(day);
                let months = i32::from(date.year()) * 12 + i32::from(date.month()) - 1 + n;
                let (y, m) = (months.div_euclid(12), months.rem_euclid(12) + 1);
                let Ok(first) = Date::new(y.clamp(-9999, 9999) as i16, m as i8, 1) else {
                    return Day::MAX / 2;
                };
                let last = i32::from(first.days_in_month());
                let want = i32::from(date.day());
                let base = day_of(first);
                if want <= last {
                    base + want - 1
                } else {
                    match month_end {
                        MonthEnd::Clamp => base + last - 1,
                        MonthEnd::Roll => base + want - 1,
                    }
                }
            }
        }
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Duration::Days(n) if n % 7 == 0 && *n > 0 => write!(f, "{}w", n / 7),
            Duration::Days(n) => write!(f, "{n}d"),
            Duration::Months(n) if n % 12 == 0 && *n > 0 => write!(f, "{}y", n / 12),
            Duration::Months(n) => write!(f, "{n}m"),
        }
    }
}

/// What kind of step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A party must do something once, possibly by a deadline.
    Obligation,
    /// A condition must hold every day of a period.
    Maintain,
    /// A day that arrives when its condition first holds.
    Milestone,
}

impl Kind {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Obligation => "obligation",
            Kind::Maintain => "maintain",
            Kind::Milestone => "milestone",
        }
    }
}

/// What no finding on an obligation's performance means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Silence {
    /// Unknown: nobody has said either way.
    #[default]
    Unknown,
    /// Not performed (default on inaction).
    Inaction,
}

/// A condition with its text and where it is written.
#[derive(Debug, Clone)]
pub struct Condition {
    /// The CEL text.
    pub source: String,
    /// The lowered condition.
    pub cond: Cond,
    /// Byte span of the text in the plan file.
    pub span: Range<usize>,
}

/// What a step changes once triggered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// What is changed (e.g. `eu-sectoral-sanctions`).
    pub key: String,
    /// To what (e.g. `lifted`).
    pub value: String,
}

/// One step of the plan.
#[derive(Debug, Clone)]
pub struct Step {
    /// Its id.
    pub id: String,
    /// What it is, in words.
    pub title: String,
    /// What kind of step.
    pub kind: Kind,
    /// Provisions of the document it comes from.
    pub provisions: Vec<String>,
    /// Who must act.
    pub parties: Vec<String>,
    /// Triggered from this day.
    pub at: Option<Day>,
    /// Triggered when this holds.
    pub when: Option<Condition>,
    /// Deadline relative to the trigger.
    pub within: Option<Duration>,
    /// Absolute deadline (the last day allowed).
    pub by: Option<Day>,
    /// Obligation: performed when this holds.
    pub done: Option<Condition>,
    /// Obligation without `done`: what no finding means.
    pub silence: Silence,
    /// Maintain: must hold every day.
    pub holds: Option<Condition>,
    /// Maintain: for how long.
    pub period: Option<Duration>,
    /// Maintain: the last day it must hold.
    pub until: Option<Day>,
    /// Steps triggered when this one is met (indices).
    pub hence: Vec<usize>,
    /// Steps triggered when this one is breached (indices).
    pub lest: Vec<usize>,
    /// Simultaneous group.
    pub group: Option<String>,
    /// Who can verify it.
    pub verified_by: Option<String>,
    /// Month-end policy, when stated.
    pub month_end: Option<MonthEnd>,
    /// What it changes.
    pub effect: Option<Effect>,
    /// Sources for this reading.
    pub provenance: Vec<Provenance>,
    /// Byte span of the step's table in the plan file.
    pub span: Range<usize>,
    /// Byte spans of `within`/`by`/`for`/`until` when given (for lints).
    pub deadline_span: Option<Range<usize>>,
}

impl Step {
    /// The month-end policy in force.
    pub fn month_end(&self) -> MonthEnd {
        self.month_end.unwrap_or_default()
    }
}

/// A finding in the verified record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What it is about.
    pub subject: Subject,
    /// Positive (`true`) or negative.
    pub result: bool,
    /// Its date.
    pub date: Date,
    /// Who found it.
    pub by: Option<String>,
    /// Sources.
    pub provenance: Vec<Provenance>,
    /// Whether it was injected by `--what-if`.
    pub hypothetical: bool,
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Subject {
    /// A verification report, read by `report('key')`.
    Report(String),
    /// The performance of a step (by the step's id).
    Performed(String),
}

/// A metric a condition reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct MetricSpec {
    /// What is measured.
    pub kind: MetricKind,
    /// The ceasefire's id (violations, deaths) or the territory geometry's id (territory
    /// change).
    pub source: String,
    /// Window in days, ending on the day evaluated.
    pub window: u32,
    /// Restricted to a zone of the ceasefire.
    pub zone: Option<String>,
}

impl std::fmt::Display for MetricSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}('{}', {}", self.kind.as_str(), self.source, self.window)?;
        if let Some(z) = &self.zone {
            write!(f, ", '{z}'")?;
        }
        write!(f, ")")
    }
}

/// Kinds of metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricKind {
    /// Number of violation events.
    Violations,
    /// Deaths in violation events.
    Deaths,
    /// Area (km², geodesic) that changed hands in a territory between the start of the
    /// window and the end of the day: gained plus lost.
    TerritoryChange,
}

impl MetricKind {
    /// The function name.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Violations => "violations",
            MetricKind::Deaths => "deaths",
            MetricKind::TerritoryChange => "territory_change_km2",
        }
    }
}

/// An implementation plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The document it implements.
    pub document: String,
    /// IANA time zone in which days are counted.
    pub timezone: String,
    /// First day of the timeline.
    pub start: Day,
    /// One paragraph.
    pub summary: Option<String>,
    /// Sources for the plan as a whole.
    pub provenance: Vec<Provenance>,
    /// The steps, in file order.
    pub steps: Vec<Step>,
    /// The findings, in file order.
    pub findings: Vec<Finding>,
    /// Every metric the conditions read, without repeats (indexed by `Cond::Metric`).
    pub metrics: Vec<MetricSpec>,
    /// Every report key the conditions read (indexed by `Cond::Report`).
    pub reports: Vec<String>,
    /// The file it was read from.
    pub file: FileId,
}

impl Plan {
    /// The index of a step.
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for d in [-800_000, -1, 0, 1, 16_000, 20_454, 2_900_000] {
            assert_eq!(day_of(date_of(d)), d);
        }
        assert_eq!(day_of(Date::constant(1970, 1, 1)), 0);
        assert_eq!(day_of(Date::constant(2015, 2, 15)), 16_481);
    }

    #[test]
    fn months_clamp_or_roll() {
        let jan31 = day_of(Date::constant(2024, 1, 31));
        let m1 = Duration::Months(1);
        assert_eq!(date_of(m1.add(jan31, MonthEnd::Clamp)), Date::constant(2024, 2, 29));
        assert_eq!(date_of(m1.add(jan31, MonthEnd::Roll)), Date::constant(2024, 3, 2));
        let adoption = day_of(Date::constant(2015, 10, 18));
        let y8 = Duration::parse("8y").unwrap();
        assert_eq!(date_of(y8.add(adoption, MonthEnd::Clamp)), Date::constant(2023, 10, 18));
        assert_eq!(Duration::parse("2w"), Some(Duration::Days(14)));
        assert_eq!(Duration::parse("14"), None);
        assert_eq!(Duration::parse("x3d"), None);
    }
}
