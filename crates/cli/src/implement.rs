//! `truce timeline` and `truce lint`: implementation plans evaluated over the verified
//! record, and checked for the ways sequencing fails.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use jiff::Timestamp;
use miette::{IntoDiagnostic, Result, miette};
use truce_implement::{
    Options, Plan, Record, WhatIf, build_record, date_of, day_of, evaluate, event_window, lint, load_plans,
    needs_events, render,
};
use truce_model::{Loaded, Negotiation, RenderOptions, Severity, SourceMap};
use truce_monitor::Geometries;

use crate::compare::emit;
use crate::locate::{self, Target};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Terminal text.
    Text,
    /// Markdown.
    Markdown,
    /// JSON.
    Json,
}

#[derive(Args)]
pub struct TimelineArgs {
    /// The scenario (directory or negotiation id) whose implementation/ plans to replay.
    negotiation: String,
    /// The plan's id (needed when the scenario has several).
    #[arg(long, value_name = "ID")]
    plan: Option<String>,
    /// Evaluate as of the end of this day (YYYY-MM-DD, in the plan's time zone);
    /// nothing dated later is read. Default: today.
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// A hypothetical finding, applied before evaluating (repeatable):
    /// report:KEY@DATE, performed:STEP@DATE, not-performed:STEP@DATE,
    /// violations:CEASEFIRE@DATE=N.
    #[arg(long = "what-if", value_name = "FINDING")]
    what_if: Vec<String>,
    /// Read conflict events from this file instead of the store.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Layout of --events: ucdp, acled, gdelt or a mapping file.
    #[arg(long, value_name = "FORMAT", default_value = "ucdp")]
    events_format: String,
    /// Use this file for a geometry instead of the scenario's, as id=path (repeatable).
    #[arg(long = "geometry", value_name = "ID=PATH")]
    geometries: Vec<String>,
    /// Days the event record covers, FROM..TO (default: the days spanned by the events
    /// read). Outside it, metrics have no upper bound.
    #[arg(long, value_name = "FROM..TO")]
    covered: Option<String>,
    /// Days to project past --as-of without new evidence, for "next".
    #[arg(long, default_value_t = 3660)]
    horizon: i32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct LintArgs {
    /// Scenarios (directories or negotiation ids); default: every bundled scenario.
    paths: Vec<String>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

fn load(arg: &str, scenarios: &Path, color: bool) -> Result<(Negotiation, PathBuf, SourceMap, Vec<Plan>, usize)> {
    let loaded: Loaded = match locate::target(arg, scenarios)? {
        Target::Negotiation(l) => l,
        Target::Document(l, _) => l,
    };
    let root = loaded.root.clone().ok_or_else(|| miette!("no scenario directory"))?;
    let mut sources = loaded.sources.clone();
    let negotiation = crate::compare::clean(loaded, color)?;
    let plans = load_plans(&root.join("implementation"), &negotiation, &mut sources);
    let options = RenderOptions { color };
    for d in &plans.diagnostics {
        eprintln!("{}", d.render(&sources, &options));
    }
    let errors = plans.error_count();
    Ok((negotiation, root, sources, plans.plans, errors))
}

fn parse_day(s: &str, what: &str) -> Result<truce_implement::Day> {
    truce_model::toml_fields::parse_date(s)
        .map(day_of)
        .ok_or_else(|| miette!(help = "write YYYY-MM-DD", "{what} `{s}` is not a date"))
}

pub fn timeline(a: TimelineArgs, store: Option<PathBuf>, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let (negotiation, root, _, plans, errors) = load(&a.negotiation, scenarios, color)?;
    if errors > 0 {
        return Err(miette!(
            help = "fix the errors above (see docs/implementation.md)",
            "the plans have {errors} errors"
        ));
    }
    let plan = match (&a.plan, plans.len()) {
        (_, 0) => {
            return Err(miette!(
                help = "write a plan under implementation/ (see docs/implementation.md)",
                "scenario {} has no implementation plan",
                root.display()
            ));
        }
        (None, 1) => &plans[0],
        (None, _) => {
            let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
            return Err(miette!(
                help = format!("pass --plan, one of: {}", ids.join(", ")),
                "the scenario has several plans"
            ));
        }
        (Some(id), _) => plans.iter().find(|p| p.id == *id).ok_or_else(|| {
            let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
            miette!(help = format!("the plans are: {}", ids.join(", ")), "no plan `{id}`")
        })?,
    };
    let tz = jiff::tz::TimeZone::get(&plan.timezone).into_diagnostic()?;
    let as_of = match &a.as_of {
        Some(s) => parse_day(s, "--as-of")?,
        None => day_of(tz.to_datetime(Timestamp::now()).date()),
    };
    let mut what_if = Vec::new();
    for w in &a.what_if {
        what_if.push(WhatIf::parse(w).map_err(|e| miette!(help = "see truce timeline --help", "{e}"))?);
    }
    let covered = match &a.covered {
        Some(s) => {
            let (x, y) = s.split_once("..").ok_or_else(|| {
                miette!(
                    help = "write FROM..TO, e.g. 2015-01-01..2015-12-31",
                    "--covered `{s}` is not a range"
                )
            })?;
            Some((parse_day(x, "--covered")?, parse_day(y, "--covered")?))
        }
        None => None,
    };
    let record = record(plan, &negotiation, &root, &a, store, as_of, covered)?;
    let options = Options {
        as_of,
        what_if,
        horizon: a.horizon,
        max_changes: 12,
    };
    let t = evaluate(plan, &record, &options).map_err(|e| miette!("{e}"))?;
    let text = match a.format {
        Format::Text => render::text(&t),
        Format::Markdown => render::markdown(&t),
        Format::Json => serde_json::to_string_pretty(&t).into_diagnostic()? + "\n",
    };
    emit(&text, &a.output)?;
    Ok(ExitCode::SUCCESS)
}

/// The events the plan's metrics need, judged against each ceasefire they read, and the
/// territory metrics from their snapshots.
fn record(
    plan: &Plan,
    negotiation: &Negotiation,
    root: &Path,
    a: &TimelineArgs,
    store: Option<PathBuf>,
    as_of: truce_implement::Day,
    covered: Option<(truce_implement::Day, truce_implement::Day)>,
) -> Result<Record> {
    if plan.metrics.is_empty() {
        return Ok(Record::default());
    }
    let mut overrides = BTreeMap::new();
    for g in &a.geometries {
        let (id, path) = g
            .split_once('=')
            .ok_or_else(|| miette!(help = "write --geometry id=path", "`{g}` is not id=path"))?;
        overrides.insert(id.to_owned(), PathBuf::from(path));
    }
    let geometries = Geometries::load(root, negotiation, &overrides).into_diagnostic()?;
    let events = if needs_events(plan) {
        let (start, end) = event_window(plan, as_of).ok_or_else(|| miette!("no instant for {}", date_of(as_of)))?;
        crate::monitor::events_between(a.events.as_deref(), &a.events_format, store, start, end)?.unwrap_or_else(|| {
            eprintln!(
                "note: the event store holds no events, so every metric is unknown; ingest events with `truce monitor ingest <file>` or pass --events <file>"
            );
            Vec::new()
        })
    } else {
        Vec::new()
    };
    build_record(plan, negotiation, &geometries, &events, as_of, covered).map_err(|e| miette!("{e}"))
}

pub fn lint_cmd(a: LintArgs, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let paths: Vec<String> = if a.paths.is_empty() {
        let mut v: Vec<String> = std::fs::read_dir(scenarios)
            .into_diagnostic()?
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("negotiation.toml").is_file())
            .map(|e| e.path().display().to_string())
            .collect();
        v.sort();
        v
    } else {
        a.paths.clone()
    };
    let (mut errors, mut warnings, mut count) = (0usize, 0usize, 0usize);
    for p in &paths {
        let (negotiation, root, sources, plans, load_errors) = load(p, scenarios, color)?;
        errors += load_errors;
        let options = RenderOptions { color };
        for plan in &plans {
            count += 1;
            for d in lint(plan, &negotiation) {
                match d.severity {
                    Severity::Error => errors += 1,
                    Severity::Warning => warnings += 1,
                }
                eprintln!("{}", d.render(&sources, &options));
            }
        }
        if plans.is_empty() {
            eprintln!("{}: no implementation plans", root.display());
        }
    }
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    println!(
        "{} linted: {}, {}",
        plural(count, "plan"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    Ok(if errors > 0 || (a.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
