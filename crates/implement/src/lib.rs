//! Implementation plans: obligations, conditional steps and snapback, evaluated day by day
//! over the verified record.
//!
//! A plan (`scenarios/<s>/implementation/<document>.toml`, see docs/implementation.md)
//! lists steps: obligations (a party must act, perhaps by a deadline), maintained
//! conditions (a ceasefire must hold) and milestones (a day that arrives when its
//! condition first holds), triggered by dates, by other steps, by verification reports or
//! by metrics over the monitor's record, with consequences on performance (`hence`) and
//! on breach (`lest`). [`evaluate`] replays a plan against a [`Record`] as of a date and
//! returns a [`Timeline`]; [`lint`] finds the ways sequencing fails.
//!
//! Invariants:
//! - Three values throughout: conditions are true, false or unknown (Kleene logic);
//!   metrics are intervals (attributable .. attributable + possible, unbounded outside
//!   the record's coverage); statuses are sets of possible statuses. More evidence only
//!   ever narrows them, so a verdict that is certain stays certain.
//! - As of a date, nothing dated after it is read.
//! - Same inputs, byte-identical output: steps are evaluated in a fixed order and no
//!   output depends on hash order or on the clock.

mod cond;
mod eval;
mod graph;
mod lint;
mod load;
mod plan;
mod record;
pub mod render;

pub use cond::{Cond, StepTest, Tri, compare_interval};
pub use eval::{
    Change, Days, EvalError, Options, StepStatus, Timeline, Upcoming, WhatIf, describe, evaluate, status_name,
};
pub use lint::lint;
pub use load::{LoadedPlans, load_plan_sources, load_plans};
pub use plan::{
    Day, Duration, Effect, Finding, Kind, MetricKind, MetricSpec, MonthEnd, Plan, Silence, Step, Subject, date_of,
    day_of,
};
pub use record::{
    CeasefireRecord, Record, RecordEvent, TerritoryValue, build_record, day_in, event_window, needs_events, series,
};
