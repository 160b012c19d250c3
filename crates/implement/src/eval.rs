//! The day-by-day evaluation of a plan over the verified record.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cond::{Cond, StepTest, Tri, compare_interval};
use crate::graph::{Order, order};
use crate::plan::{Day, Finding, Kind, MetricKind, Plan, Silence, Step, Subject, date_of};
use crate::record::{Record, RecordEvent, UNBOUNDED, contributing, series};

/// Status bits: a step's possible statuses on a day.
pub(crate) const DORMANT: u8 = 1;
pub(crate) const DUE: u8 = 2;
pub(crate) const MET: u8 = 4;
pub(crate) const BREACHED: u8 = 8;

const NEVER: Day = Day::MAX / 4;

/// Words for one status bit of a kind of step.
pub fn status_name(kind: Kind, bit: u8) -> &'static str {
    match (kind, bit) {
        (Kind::Milestone, DORMANT) => "pending",
        (Kind::Milestone, MET) => "reached",
        (_, DORMANT) => "dormant",
        (Kind::Maintain, DUE) => "in force",
        (_, DUE) => "due",
        (_, MET) => "met",
        _ => "breached",
    }
}

fn names(kind: Kind, mask: u8) -> Vec<&'static str> {
    [DORMANT, DUE, MET, BREACHED]
        .into_iter()
        .filter(|b| mask & b != 0)
        .map(|b| status_name(kind, b))
        .collect()
}

/// A status in words: the one possible status, or "unknown (a | b)".
pub fn describe(kind: Kind, mask: u8) -> String {
    let n = names(kind, mask);
    if n.len() == 1 {
        n[0].to_owned()
    } else {
        format!("unknown ({})", n.join(" | "))
    }
}

/// What the latched trigger and performance days are known to be.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Latch {
    /// First day the trigger could have held.
    pub t_lo: Option<Day>,
    /// First day the trigger certainly held.
    pub t_hi: Option<Day>,
    /// First day the obligation could have been performed.
    pub p_lo: Option<Day>,
    /// First day it was certainly performed.
    pub p_hi: Option<Day>,
    /// Maintain: first day from `t_lo` on which `holds` could have failed.
    pub pf: Option<Day>,
    /// Maintain: first day from `t_hi` on which `holds` certainly failed.
    pub df: Option<Day>,
    settled: bool,
}

/// A hypothetical finding injected by `--what-if`.
#[derive(Debug, Clone, PartialEq)]
pub enum WhatIf {
    /// A positive verification report on a day.
    Report(String, Day),
    /// A step found performed (true) or not performed (false) on a day.
    Performed(String, Day, bool),
    /// N attributable violations of a ceasefire on a day.
    Violations(String, Day, u32),
}

impl WhatIf {
    /// Parses `report:KEY@DATE`, `performed:STEP@DATE`, `not-performed:STEP@DATE`,
    /// `violations:CEASEFIRE@DATE=N`.
    pub fn parse(s: &str) -> Result<WhatIf, String> {
        let usage = "write report:KEY@YYYY-MM-DD, performed:STEP@YYYY-MM-DD, not-performed:STEP@YYYY-MM-DD or violations:CEASEFIRE@YYYY-MM-DD=N";
        let (what, rest) = s
            .split_once(':')
            .ok_or_else(|| format!("`{s}` is not a what-if; {usage}"))?;
        let (name, when) = rest
            .split_once('@')
            .ok_or_else(|| format!("`{s}` has no @DATE; {usage}"))?;
        let (date, n) = match when.split_once('=') {
            Some((d, n)) => (d, Some(n)),
            None => (when, None),
        };
        let day = truce_model::toml_fields::parse_date(date)
            .map(crate::plan::day_of)
            .ok_or_else(|| format!("`{date}` in `{s}` is not a date YYYY-MM-DD"))?;
        if name.is_empty() {
            return Err(format!("`{s}` names nothing; {usage}"));
        }
        match (what, n) {
            ("report", None) => Ok(WhatIf::Report(name.into(), day)),
            ("performed", None) => Ok(WhatIf::Performed(name.into(), day, true)),
            ("not-performed", None) => Ok(WhatIf::Performed(name.into(), day, false)),
            ("violations", Some(n)) => n
                .parse()
                .map(|n| WhatIf::Violations(name.into(), day, n))
                .map_err(|_| format!("`{n}` in `{s}` is not a count")),
            _ => Err(format!("`{s}` is not a what-if; {usage}")),
        }
    }

    fn describe(&self) -> String {
        match self {
            WhatIf::Report(k, d) => format!("report '{k}' filed on {}", date_of(*d)),
            WhatIf::Performed(k, d, true) => format!("step '{k}' found performed on {}", date_of(*d)),
            WhatIf::Performed(k, d, false) => format!("step '{k}' found not performed as of {}", date_of(*d)),
            WhatIf::Violations(c, d, n) => format!("{n} attributable violations of '{c}' on {}", date_of(*d)),
        }
    }
}

/// How to evaluate.
#[derive(Debug, Clone)]
pub struct Options {
    /// Evaluate as of the end of this day.
    pub as_of: Day,
    /// Hypothetical findings.
    pub what_if: Vec<WhatIf>,
    /// Days past `as_of` to project without new evidence (0: none).
    pub horizon: i32,
    /// Most status changes listed per step.
    pub max_changes: usize,
}

impl Options {
    /// As of `day`, projecting ten years ahead.
    pub fn as_of(day: Day) -> Options {
        Options {
            as_of: day,
            what_if: Vec::new(),
            horizon: 3660,
            max_changes: 12,
        }
    }
}

/// A day or a range of days a fact is known to lie in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Days {
    /// Earliest.
    pub from: jiff::civil::Date,
    /// Latest (None: possibly never, or not yet).
    pub to: Option<jiff::civil::Date>,
}

impl std::fmt::Display for Days {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.to {
            Some(to) if to == self.from => write!(f, "{}", self.from),
            Some(to) => write!(f, "between {} and {}", self.from, to),
            None => write!(f, "possibly from {}", self.from),
        }
    }
}

fn days(lo: Option<Day>, hi: Option<Day>, as_of: Day) -> Option<Days> {
    let lo = lo.filter(|d| *d <= as_of)?;
    Some(Days {
        from: date_of(lo),
        to: hi.filter(|d| *d <= as_of).map(date_of),
    })
}

/// One status change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The day it changed.
    pub date: jiff::civil::Date,
    /// The status from that day.
    pub status: String,
}

/// A step as of the evaluation date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepStatus {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its kind.
    pub kind: Kind,
    /// Who must act.
    pub parties: Vec<String>,
    /// Provisions it comes from.
    pub provisions: Vec<String>,
    /// The status in words ("met", or "unknown (due | met)").
    pub status: String,
    /// Every status still possible.
    pub possible: Vec<&'static str>,
    /// When it was triggered.
    pub triggered: Option<Days>,
    /// Its deadline (obligations) or end of period (maintain), once triggered.
    pub deadline: Option<Days>,
    /// When it was performed (obligations).
    pub performed: Option<Days>,
    /// When it was breached (maintain: the first day the condition failed).
    pub breached: Option<Days>,
    /// Status changes up to the evaluation date.
    pub changes: Vec<Change>,
    /// Further changes not listed.
    pub more_changes: usize,
    /// The evidence chain, one fact per line.
    pub evidence: Vec<String>,
    /// Who can verify it.
    pub verified_by: Option<String>,
    /// Sources of the reading.
    pub sources: Vec<String>,
}

/// A change the projection past the evaluation date foresees without new evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Upcoming {
    /// The day.
    pub date: jiff::civil::Date,
    /// The step.
    pub step: String,
    /// Its status from that day, as far as can be told without new evidence.
    pub status: String,
}

/// The result of an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    /// `truce.timeline/1`.
    pub format: &'static str,
    /// The plan's id.
    pub plan: String,
    /// Its title.
    pub title: String,
    /// The document it implements.
    pub document: String,
    /// Time zone of the days.
    pub timezone: String,
    /// First day.
    pub start: jiff::civil::Date,
    /// Evaluation date.
    pub as_of: jiff::civil::Date,
    /// Hypothetical findings applied.
    pub what_if: Vec<String>,
    /// What the record covers, per ceasefire the conditions read.
    pub coverage: Vec<String>,
    /// Steps, in plan order.
    pub steps: Vec<StepStatus>,
    /// How many steps have each status.
    pub counts: BTreeMap<String, usize>,
    /// Steps whose trigger reads a cycle (evaluated with the previous day's statuses).
    pub cycles: Vec<Vec<String>>,
    /// Steps with contrary effects triggered on the same day.
    pub conflicts: Vec<String>,
    /// What follows without new evidence.
    pub next: Vec<Upcoming>,
}

/// Why a plan cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvalError {
    /// The date is before the plan starts.
    #[error("{0} is before the plan starts ({1})")]
    BeforeStart(jiff::civil::Date, jiff::civil::Date),
    /// A what-if names something the plan does not have.
    #[error("what-if: {0}")]
    WhatIf(String),
}

struct PerfFindings {
    first_pos: Option<Day>,
    last_neg: Option<Day>,
}

pub(crate) struct Engine<'p> {
    plan: &'p Plan,
    start: Day,
    known_until: Day,
    order: Order,
    pub(crate) masks: Vec<Vec<u8>>,
    pub(crate) latches: Vec<Latch>,
    report_first: Vec<Option<Day>>,
    perf: Vec<PerfFindings>,
    metrics: Vec<Vec<(f64, f64)>>,
    group_members: BTreeMap<String, Vec<usize>>,
}

impl<'p> Engine<'p> {
    pub(crate) fn new(plan: &'p Plan, record: &Record, findings: &[Finding], end: Day, known_until: Day) -> Self {
        let start = plan.start;
        let n = usize::try_from(end - start + 1).unwrap_or(0);
        let mut report_first = vec![None; plan.reports.len()];
        let mut perf: Vec<PerfFindings> = plan
            .steps
            .iter()
            .map(|_| PerfFindings {
                first_pos: None,
                last_neg: None,
            })
            .collect();
        for f in findings {
            let d = crate::plan::day_of(f.date);
            if d > known_until {
                continue;
            }
            match &f.subject {
                Subject::Report(k) => {
                    if let Some(i) = plan.reports.iter().position(|r| r == k)
                        && f.result
                    {
                        report_first[i] = Some(report_first[i].map_or(d, |x: Day| x.min(d)));
                    }
                }
                Subject::Performed(s) => {
                    if let Some(i) = plan.step_index(s) {
                        let p = &mut perf[i];
                        if f.result {
                            p.first_pos = Some(p.first_pos.map_or(d, |x| x.min(d)));
                        } else {
                            p.last_neg = Some(p.last_neg.map_or(d, |x| x.max(d)));
                        }
                    }
                }
            }
        }
        let metrics = plan.metrics.iter().map(|m| series(m, record, start, end)).collect();
        let mut group_members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, s) in plan.steps.iter().enumerate() {
            if let Some(g) = &s.group {
                group_members.entry(g.clone()).or_default().push(i);
            }
        }
        Engine {
            plan,
            start,
            known_until,
            order: order(plan),
            masks: vec![vec![0; n]; plan.steps.len()],
            latches: vec![Latch::default(); plan.steps.len()],
            report_first,
            perf,
            metrics,
            group_members,
        }
    }

    /// A step's mask as read by `reader` on day `d`: the previous day's within a cycle.
    fn mask_for(&self, step: usize, reader: usize, d: Day) -> u8 {
        let same = self.order.comp[step] == self.order.comp[reader];
        let day = if same { d - 1 } else { d };
        if day < self.start {
            DORMANT
        } else {
            self.masks[step][(day - self.start) as usize]
        }
    }

    pub(crate) fn atom(&self, a: &Cond, reader: usize, d: Day) -> Tri {
        match a {
            Cond::Step { test, step, .. } => {
                let m = self.mask_for(*step, reader, d);
                let bit = match test {
                    StepTest::Met => MET,
                    StepTest::Breached => BREACHED,
                    StepTest::Triggered => {
                        return if m == DORMANT {
                            Tri::False
                        } else if m & DORMANT == 0 {
                            Tri::True
                        } else {
                            Tri::Unknown
                        };
                    }
                };
                if m == bit {
                    Tri::True
                } else if m & bit == 0 {
                    Tri::False
                } else {
                    Tri::Unknown
                }
            }
            Cond::Elapsed { step, dur, .. } => {
                let l = &self.latches[*step];
                // The reading step's month-end policy, else the named step's.
                let me = self.plan.steps[reader]
                    .month_end
                    .or(self.plan.steps[*step].month_end)
                    .unwrap_or_default();
                if l.t_hi.is_some_and(|t| dur.add(t, me) <= d) {
                    Tri::True
                } else if l.t_lo.is_none_or(|t| dur.add(t, me) > d) {
                    Tri::False
                } else {
                    Tri::Unknown
                }
            }
            Cond::Report { report, .. } => {
                if self.report_first[*report].is_some_and(|r| r <= d) {
                    Tri::True
                } else if d > self.known_until {
                    Tri::Unknown
                } else {
                    Tri::False
                }
            }
            Cond::Today { op, day } => Tri::of(op.apply(d, *day)),
            Cond::Metric { metric, op, value, .. } => {
                let (lo, hi) = self.metrics[*metric][(d - self.start) as usize];
                compare_interval(lo, (hi != UNBOUNDED).then_some(hi), *op, *value)
            }
            Cond::Const(b) => Tri::of(*b),
            Cond::Not(_) | Cond::And(_) | Cond::Or(_) => unreachable!("connectives are not atoms"),
        }
    }

    fn eval(&self, c: &Cond, reader: usize, d: Day) -> Tri {
        c.eval(&mut |a| self.atom(a, reader, d))
    }

    /// The step's own trigger (before its group is taken into account).
    fn own_trigger(&self, i: usize, d: Day) -> Tri {
        let s = &self.plan.steps[i];
        let mut v = Tri::True;
        if let Some(at) = s.at
            && d < at
        {
            return Tri::False;
        }
        if let Some(w) = &s.when {
            v = self.eval(&w.cond, i, d);
            if v == Tri::False {
                return v;
            }
        }
        let sources = &self.order.sources[i];
        if !sources.is_empty() {
            let mut any = Tri::False;
            for &(src, on_breach) in sources {
                let m = self.mask_for(src, i, d);
                let bit = if on_breach { BREACHED } else { MET };
                let t = if m == bit {
                    Tri::True
                } else if m & bit == 0 {
                    Tri::False
                } else {
                    Tri::Unknown
                };
                any = any.max(t);
                if any == Tri::True {
                    break;
                }
            }
            v = v.min(any);
        }
        v
    }

    fn trigger(&self, i: usize, d: Day) -> Tri {
        match &self.plan.steps[i].group {
            Some(g) => {
                let mut v = Tri::True;
                for &m in &self.group_members[g] {
                    v = v.min(self.own_trigger(m, d));
                    if v == Tri::False {
                        break;
                    }
                }
                v
            }
            None => self.own_trigger(i, d),
        }
    }

    fn performance(&self, i: usize, d: Day) -> Tri {
        let s = &self.plan.steps[i];
        let p = &self.perf[i];
        let found = if p.first_pos.is_some_and(|x| x <= d) {
            Tri::True
        } else if p.last_neg.is_some_and(|x| x >= d) {
            Tri::False
        } else if d > self.known_until {
            Tri::Unknown
        } else if s.done.is_some() || s.silence == Silence::Inaction {
            Tri::False
        } else {
            Tri::Unknown
        };
        match &s.done {
            Some(c) if found != Tri::True => self.eval(&c.cond, i, d).max(found),
            _ => found,
        }
    }

    pub(crate) fn deadline(s: &Step, t: Day) -> Day {
        let rel = s.within.map(|w| w.add(t, s.month_end()));
        match (rel, s.by) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => NEVER,
        }
    }

    /// The first day a maintained condition no longer has to hold.
    pub(crate) fn period_end(s: &Step, t: Day) -> Day {
        let rel = s.period.map(|p| p.add(t, s.month_end()));
        let abs = s.until.map(|u| u + 1);
        match (rel, abs) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => NEVER,
        }
    }

    fn status(&self, i: usize, d: Day) -> u8 {
        let s = &self.plan.steps[i];
        let l = &self.latches[i];
        let mut m = 0u8;
        if l.t_hi.is_none() {
            m |= DORMANT;
        }
        let Some(t_lo) = l.t_lo else { return m };
        let tmax = l.t_hi.unwrap_or(d);
        match s.kind {
            Kind::Milestone => m |= MET,
            Kind::Obligation => {
                let p_lo = l.p_lo.unwrap_or(NEVER);
                let p_hi = l.p_hi.unwrap_or(NEVER);
                let dl_max = Self::deadline(s, tmax);
                let dl_min = Self::deadline(s, t_lo);
                if p_lo <= dl_max.min(d) {
                    m |= MET;
                }
                if d > dl_min && p_hi > dl_min {
                    m |= BREACHED;
                }
                if d <= dl_max && p_hi > d {
                    m |= DUE;
                }
            }
            Kind::Maintain => {
                let e_max = Self::period_end(s, tmax);
                let e_min = Self::period_end(s, t_lo);
                if l.pf.is_some_and(|k| k <= d.min(e_max - 1)) {
                    m |= BREACHED;
                }
                let certain = l.t_hi.is_some() && l.df.is_some_and(|k| k <= d.min(e_min - 1));
                if !certain {
                    if d >= e_min {
                        m |= MET;
                    }
                    if d < e_max {
                        m |= DUE;
                    }
                }
            }
        }
        m
    }

    pub(crate) fn run(&mut self) {
        let n = self.masks.first().map_or(0, Vec::len);
        let steps = self.order.steps.clone();
        for k in 0..n {
            let d = self.start + k as Day;
            for &i in &steps {
                if self.latches[i].settled {
                    continue;
                }
                let kind = self.plan.steps[i].kind;
                let mut l = self.latches[i];
                if l.t_hi.is_none() {
                    let v = self.trigger(i, d);
                    if v != Tri::False && l.t_lo.is_none() {
                        l.t_lo = Some(d);
                    }
                    if v == Tri::True {
                        l.t_hi = Some(d);
                    }
                }
                match kind {
                    Kind::Obligation if l.p_hi.is_none() => {
                        let v = self.performance(i, d);
                        if v != Tri::False && l.p_lo.is_none() {
                            l.p_lo = Some(d);
                        }
                        if v == Tri::True {
                            l.p_hi = Some(d);
                        }
                    }
                    Kind::Maintain if l.t_lo.is_some() && (l.pf.is_none() || (l.t_hi.is_some() && l.df.is_none())) => {
                        let h = self.plan.steps[i]
                            .holds
                            .as_ref()
                            .map_or(Tri::True, |c| self.eval(&c.cond, i, d));
                        if h != Tri::True && l.pf.is_none() {
                            l.pf = Some(d);
                        }
                        if h == Tri::False && l.t_hi.is_some() && l.df.is_none() {
                            l.df = Some(d);
                        }
                    }
                    _ => {}
                }
                self.latches[i] = l;
                let m = self.status(i, d);
                if m == MET || m == BREACHED {
                    self.masks[i][k..].fill(m);
                    self.latches[i].settled = true;
                } else {
                    self.masks[i][k] = m;
                }
            }
        }
    }

    /// The atoms of a condition on a day, explained.
    fn explain(&self, c: &Cond, source: &str, reader: usize, d: Day, record: &Record, out: &mut Vec<String>) {
        let value = self.eval(c, reader, d);
        out.push(format!("`{source}` was {} on {}", value.as_str(), date_of(d)));
        c.atoms(&mut |a| {
            let v = self.atom(a, reader, d);
            let line = match a {
                Cond::Step { test, step, .. } => {
                    let s = &self.plan.steps[*step];
                    format!(
                        "  {}('{}') {}: {} was {}",
                        test.as_str(),
                        s.id,
                        v.as_str(),
                        s.id,
                        describe(s.kind, self.mask_for(*step, reader, d))
                    )
                }
                Cond::Elapsed { step, dur, .. } => {
                    let s = &self.plan.steps[*step];
                    let l = &self.latches[*step];
                    let t = days(l.t_lo, l.t_hi, d).map_or("not triggered".to_owned(), |x| format!("triggered {x}"));
                    format!("  elapsed('{}', '{dur}') {}: {t}", s.id, v.as_str())
                }
                Cond::Report { report, .. } => {
                    let key = &self.plan.reports[*report];
                    match self.report_first[*report] {
                        Some(r) if r <= d => format!("  report('{key}') true: filed {}", date_of(r)),
                        _ => format!("  report('{key}') {}: no report filed by then", v.as_str()),
                    }
                }
                Cond::Today { op, day } => {
                    format!("  today {} {} {}", op.symbol(), date_of(*day), v.as_str())
                }
                Cond::Metric { metric, op, value, .. } => {
                    let spec = &self.plan.metrics[*metric];
                    let (lo, hi) = self.metrics[*metric][(d - self.start) as usize];
                    if spec.kind == MetricKind::TerritoryChange {
                        let line = match record.territory.get(&spec.to_string()).and_then(|v| v.get(&d)) {
                            Some(x) => format!("{:.1} km² ({} -> {})", x.km2, x.from, x.to),
                            None => "unknown (no snapshot covers the whole window)".to_owned(),
                        };
                        return out.push(format!("  {spec} {} {value} {}: {line}", op.symbol(), v.as_str()));
                    }
                    let range = if hi == UNBOUNDED {
                        format!("at least {lo} (the record does not cover the whole window)")
                    } else if hi == lo {
                        format!("{lo}")
                    } else {
                        format!("{lo} to {hi}")
                    };
                    let (sure, maybe) = contributing(spec, record, d);
                    let mut line = format!("  {spec} {} {value} {}: {range}", op.symbol(), v.as_str());
                    let list = |evs: &[&RecordEvent]| {
                        let mut ids: Vec<&str> = evs.iter().take(8).map(|e| e.id.as_str()).collect();
                        if evs.len() > 8 {
                            ids.push("...");
                        }
                        ids.join(", ")
                    };
                    if !sure.is_empty() {
                        line.push_str(&format!("; attributable: {}", list(&sure)));
                    }
                    if !maybe.is_empty() {
                        line.push_str(&format!("; possible: {}", list(&maybe)));
                    }
                    line
                }
                Cond::Const(b) => format!("  {b}"),
                _ => String::new(),
            };
            out.push(line);
        });
    }
}

fn effective_findings(plan: &Plan, what_if: &[WhatIf], record: &mut Record) -> Result<Vec<Finding>, EvalError> {
    let mut findings = plan.findings.clone();
    for w in what_if {
        match w {
            WhatIf::Report(k, d) => findings.push(hypothetical(Subject::Report(k.clone()), *d, true)),
            WhatIf::Performed(s, d, r) => {
                if plan.step_index(s).is_none() {
                    return Err(EvalError::WhatIf(format!("no step `{s}` in plan `{}`", plan.id)));
                }
                findings.push(hypothetical(Subject::Performed(s.clone()), *d, *r));
            }
            WhatIf::Violations(c, d, n) => {
                if !plan
                    .metrics
                    .iter()
                    .any(|m| m.source == *c && m.kind != MetricKind::TerritoryChange)
                {
                    return Err(EvalError::WhatIf(format!(
                        "no condition of plan `{}` reads ceasefire `{c}`",
                        plan.id
                    )));
                }
                let rec = record.ceasefires.entry(c.clone()).or_default();
                for k in 0..*n {
                    rec.events.push(RecordEvent {
                        id: format!("what-if:{}-{}", date_of(*d), k + 1),
                        start: *d,
                        end: *d,
                        attributable: true,
                        deaths: 0,
                        zones: Vec::new(),
                    });
                }
            }
        }
    }
    Ok(findings)
}

fn hypothetical(subject: Subject, d: Day, result: bool) -> Finding {
    Finding {
        subject,
        result,
        date: date_of(d),
        by: Some("what-if".into()),
        provenance: Vec::new(),
        hypothetical: true,
    }
}

/// Evaluates `plan` over `record` as of a day, with hypothetical findings.
pub fn evaluate(plan: &Plan, record: &Record, options: &Options) -> Result<Timeline, EvalError> {
    let as_of = options.as_of;
    if as_of < plan.start {
        return Err(EvalError::BeforeStart(date_of(as_of), date_of(plan.start)));
    }
    let mut record = record.clone();
    let findings = effective_findings(plan, &options.what_if, &mut record)?;
    let record = record.as_of(as_of);
    let end = as_of.saturating_add(options.horizon.max(0));
    let mut engine = Engine::new(plan, &record, &findings, end, as_of);
    engine.run();
    let k = (as_of - plan.start) as usize;

    let mut steps = Vec::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut next = Vec::new();
    for (i, s) in plan.steps.iter().enumerate() {
        let masks = &engine.masks[i];
        let mask = masks[k];
        let l = engine.latches[i];
        let status = describe(s.kind, mask);
        let bucket = if mask.count_ones() == 1 {
            status.clone()
        } else {
            "unknown".to_owned()
        };
        *counts.entry(bucket).or_default() += 1;
        let mut changes = Vec::new();
        let mut more = 0;
        for j in 0..=k {
            if j == 0 || masks[j] != masks[j - 1] {
                if changes.len() < options.max_changes {
                    changes.push(Change {
                        date: date_of(plan.start + j as Day),
                        status: describe(s.kind, masks[j]),
                    });
                } else {
                    more += 1;
                }
            }
        }
        if let Some(j) = (k + 1..masks.len()).find(|&j| masks[j] != masks[j - 1]) {
            next.push(Upcoming {
                date: date_of(plan.start + j as Day),
                step: s.id.clone(),
                status: describe(s.kind, masks[j]),
            });
        }
        let triggered = days(l.t_lo, l.t_hi, as_of);
        let deadline = match (s.kind, l.t_lo.filter(|t| *t <= as_of)) {
            (Kind::Obligation, Some(t)) if Engine::deadline(s, t) != NEVER => {
                let hi = l.t_hi.filter(|x| *x <= as_of).map(|x| Engine::deadline(s, x));
                Some(Days {
                    from: date_of(Engine::deadline(s, t)),
                    to: hi.map(date_of),
                })
            }
            (Kind::Maintain, Some(t)) if Engine::period_end(s, t) != NEVER => {
                let hi = l.t_hi.filter(|x| *x <= as_of).map(|x| Engine::period_end(s, x) - 1);
                Some(Days {
                    from: date_of(Engine::period_end(s, t) - 1),
                    to: hi.map(date_of),
                })
            }
            _ => None,
        };
        let performed = (s.kind == Kind::Obligation)
            .then(|| days(l.p_lo, l.p_hi, as_of))
            .flatten();
        let breached = (s.kind == Kind::Maintain && mask & BREACHED != 0)
            .then(|| days(l.pf, l.df, as_of))
            .flatten();
        let evidence = evidence(&engine, &record, &findings, i, as_of);
        steps.push(StepStatus {
            id: s.id.clone(),
            title: s.title.clone(),
            kind: s.kind,
            parties: s.parties.clone(),
            provisions: s.provisions.clone(),
            status,
            possible: names(s.kind, mask),
            triggered,
            deadline,
            performed,
            breached,
            changes,
            more_changes: more,
            evidence,
            verified_by: s.verified_by.clone(),
            sources: s.provenance.iter().map(|p| p.source.clone()).collect(),
        });
    }
    next.sort_by(|a, b| (a.date, &a.step).cmp(&(b.date, &b.step)));
    next.truncate(12);

    let mut coverage = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for m in &plan.metrics {
        if m.kind == MetricKind::TerritoryChange {
            let days = record.territory.get(&m.to_string()).map_or(0, |v| v.len());
            coverage.push(format!("{m}: known on {days} days (where snapshots cover the window)"));
            continue;
        }
        if !seen.insert(m.source.clone()) {
            continue;
        }
        coverage.push(match record.ceasefires.get(&m.source) {
            Some(r) => {
                let (a, p) = r
                    .events
                    .iter()
                    .fold((0, 0), |(a, p), e| if e.attributable { (a + 1, p) } else { (a, p + 1) });
                match r.covered {
                    Some((x, y)) => format!(
                        "{}: record covers {} to {}; {a} attributable and {p} possible violations",
                        m.source,
                        date_of(x),
                        date_of(y)
                    ),
                    None => format!("{}: the record covers no day up to {}", m.source, date_of(as_of)),
                }
            }
            None => format!("{}: no events were read; its metrics are unknown", m.source),
        });
    }

    let cycles = engine
        .order
        .cycles
        .iter()
        .map(|c| c.iter().map(|&i| plan.steps[i].id.clone()).collect())
        .collect();
    let conflicts = conflicts(plan, &engine, as_of);
    Ok(Timeline {
        format: "truce.timeline/1",
        plan: plan.id.clone(),
        title: plan.title.clone(),
        document: plan.document.clone(),
        timezone: plan.timezone.clone(),
        start: date_of(plan.start),
        as_of: date_of(as_of),
        what_if: options.what_if.iter().map(WhatIf::describe).collect(),
        coverage,
        steps,
        counts,
        cycles,
        conflicts,
        next,
    })
}

fn evidence(engine: &Engine<'_>, record: &Record, findings: &[Finding], i: usize, as_of: Day) -> Vec<String> {
    let s = &engine.plan.steps[i];
    let l = engine.latches[i];
    let mut out = Vec::new();
    let key = |lo: Option<Day>, hi: Option<Day>| hi.filter(|d| *d <= as_of).or(lo.filter(|d| *d <= as_of));
    match key(l.t_lo, l.t_hi) {
        Some(t) => {
            if let Some(at) = s.at {
                out.push(format!("trigger date {}", date_of(at)));
            }
            if let Some(w) = &s.when {
                engine.explain(&w.cond, &w.source, i, t, record, &mut out);
            }
            for &(src, on_breach) in &engine.order.sources[i] {
                let o = &engine.plan.steps[src];
                out.push(format!(
                    "follows {} of `{}`: {} on {}",
                    if on_breach { "the breach" } else { "the performance" },
                    o.id,
                    describe(o.kind, engine.mask_for(src, i, t)),
                    date_of(t)
                ));
            }
            if let Some(g) = &s.group {
                out.push(format!("simultaneous with group `{g}`"));
            }
        }
        None => {
            if let Some(w) = &s.when {
                engine.explain(&w.cond, &w.source, i, as_of, record, &mut out);
            } else if let Some(at) = s.at {
                out.push(format!("trigger date {} is after {}", date_of(at), date_of(as_of)));
            }
        }
    }
    if s.kind == Kind::Obligation {
        if let Some(c) = &s.done {
            let d = key(l.p_lo, l.p_hi).unwrap_or(as_of);
            engine.explain(&c.cond, &c.source, i, d, record, &mut out);
        }
        for f in findings {
            if f.subject == Subject::Performed(s.id.clone()) && crate::plan::day_of(f.date) <= as_of {
                let by = f.by.as_deref().unwrap_or("unattributed");
                let src = f
                    .provenance
                    .first()
                    .map(|p| format!(" ({}, confidence {})", p.source, p.confidence));
                out.push(format!(
                    "finding {}: {} by {by}{}",
                    f.date,
                    if f.result { "performed" } else { "not performed" },
                    src.unwrap_or_default()
                ));
            }
        }
        let known = |f: &&Finding| crate::plan::day_of(f.date) <= as_of;
        if s.done.is_none()
            && !findings
                .iter()
                .filter(known)
                .any(|f| f.subject == Subject::Performed(s.id.clone()))
        {
            out.push(match s.silence {
                Silence::Unknown => "no finding on its performance: performance unknown".to_owned(),
                Silence::Inaction => {
                    "no finding on its performance: taken as not performed (default on inaction)".to_owned()
                }
            });
        }
    }
    if s.kind == Kind::Maintain
        && let Some(c) = &s.holds
        && let Some(d) = key(l.pf, l.df)
    {
        engine.explain(&c.cond, &c.source, i, d, record, &mut out);
    }
    out
}

fn conflicts(plan: &Plan, engine: &Engine<'_>, as_of: Day) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in plan.steps.iter().enumerate() {
        for (j, b) in plan.steps.iter().enumerate().skip(i + 1) {
            let (Some(ea), Some(eb)) = (&a.effect, &b.effect) else {
                continue;
            };
            if ea.key != eb.key || ea.value == eb.value {
                continue;
            }
            let (la, lb) = (engine.latches[i], engine.latches[j]);
            let (Some(a_lo), Some(b_lo)) = (la.t_lo, lb.t_lo) else {
                continue;
            };
            let a_hi = la.t_hi.unwrap_or(as_of).min(as_of);
            let b_hi = lb.t_hi.unwrap_or(as_of).min(as_of);
            if a_lo <= b_hi && b_lo <= a_hi && a_lo <= as_of && b_lo <= as_of {
                out.push(format!(
                    "`{}` sets {} to {} and `{}` sets it to {}, and both may be triggered on the same day (from {})",
                    a.id,
                    ea.key,
                    ea.value,
                    b.id,
                    eb.value,
                    date_of(a_lo.max(b_lo))
                ));
            }
        }
    }
    out
}
