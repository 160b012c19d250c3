//! `truce monitor`: ingest conflict events, judge them against a ceasefire, report a day,
//! ask who held a place, and measure territorial change.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use jiff::Timestamp;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use truce_events::{Event, Format as EventFormat, ReadOptions};
use truce_geo::{Series, Territory};
use truce_model::{Loaded, Negotiation};
use truce_monitor::{Geometries, Outcome, ReportOptions, Verdict};

use crate::compare::emit;
use crate::locate::{self, Target};
use crate::{ingest, pax};

#[derive(Subcommand)]
pub enum MonitorCommand {
    /// Read a conflict-event file into the store: UCDP GED CSV, ACLED CSV, GDELT 2.0
    /// events, or any CSV / JSON / GeoJSON described by a mapping file (see
    /// docs/events.md). Rows that cannot be used go to a rejects file with their line and
    /// reason; the counts printed add up (read = accepted + rejected). Re-ingesting is
    /// idempotent; a changed event is kept as a new version.
    Ingest(ingest::IngestArgs),
    /// Apply a deletions file (e.g. ACLED's deletions export): each listed event gets a
    /// tombstone version, so it drops out of verification while its history is kept.
    /// Rows without an id go to a rejects file; the counts printed add up.
    Delete(ingest::DeleteArgs),
    /// Judge every event in a period against a ceasefire: violation, not a violation, or
    /// unknown, with the evidence (place and time as the source's precision allows, who
    /// held the place, distance to the line, zones hit).
    Verify(VerifyArgs),
    /// The daily report for one date, in the manner of the OSCE SMM: counts by region and
    /// kind against the previous period, notable events, territorial change, unknowns
    /// apart, evidence for every figure, and an SVG map.
    Report(ReportArgs),
    /// Which side held a point at an instant, from a front-line file or a folder of dated
    /// snapshots (DeepState, ISW).
    Held(HeldArgs),
    /// Territory gained and lost between two instants (geodesic km², per region), from a
    /// folder of dated snapshots; the changed polygons can be written as GeoJSON.
    Change(ChangeArgs),
}

/// Where the ceasefire and the events come from.
#[derive(Args)]
pub struct Source {
    /// The negotiation (scenario directory or id) that declares the ceasefire.
    negotiation: String,
    /// The ceasefire's id (needed when the negotiation declares several).
    #[arg(long, value_name = "ID")]
    ceasefire: Option<String>,
    /// Use this file for a geometry instead of the scenario's, as id=path (repeatable);
    /// e.g. held-2015=../shared/data/minsk-line-of-contact/<file>.geojson, or a folder of
    /// dated snapshots for a territory.
    #[arg(long = "geometry", value_name = "ID=PATH")]
    geometries: Vec<String>,
    /// Read events from this file instead of the store.
    #[arg(long, value_name = "FILE")]
    events: Option<PathBuf>,
    /// Layout of --events: ucdp, acled, gdelt or a mapping file.
    #[arg(long, value_name = "FORMAT", default_value = "ucdp")]
    events_format: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Terminal text.
    Text,
    /// Markdown (the report's default).
    Markdown,
    /// JSON.
    Json,
    /// One self-contained HTML page.
    Html,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    source: Source,
    /// Start of the period (default: the ceasefire's start), e.g. 2015-02-15T00:00[Europe/Kyiv] or 2015-02-14T22:00Z.
    #[arg(long, value_name = "INSTANT")]
    from: Option<String>,
    /// End of the period (default: the ceasefire's end, else 7 days after the start).
    #[arg(long, value_name = "INSTANT")]
    to: Option<String>,
    /// List every event, not only violations and unknowns.
    #[arg(long)]
    all: bool,
    /// Output format: text or json.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct ReportArgs {
    #[command(flatten)]
    source: Source,
    /// The report's date (YYYY-MM-DD): the reporting day ending that day.
    #[arg(long, value_name = "DATE")]
    date: jiff::civil::Date,
    /// Regions to count in (GeoJSON polygons, e.g. oblasts), with --region-name.
    #[arg(long, value_name = "FILE")]
    regions: Option<PathBuf>,
    /// The property holding a region's name.
    #[arg(long, default_value = "name", value_name = "PROPERTY")]
    region_name: String,
    /// Base map polygons (e.g. Natural Earth admin-0 countries GeoJSON).
    #[arg(long, value_name = "FILE")]
    basemap: Option<PathBuf>,
    /// How many notable events to list.
    #[arg(long, default_value_t = 5)]
    notable: usize,
    /// Output format: markdown, json or html.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct HeldArgs {
    /// A territory GeoJSON file, or a folder of dated snapshots.
    territory: PathBuf,
    /// The instant, e.g. 2025-04-20T12:00Z (default: the latest snapshot).
    #[arg(long, value_name = "INSTANT")]
    at: Option<String>,
    /// Longitude of the point (degrees east).
    #[arg(allow_hyphen_values = true)]
    lon: f64,
    /// Latitude of the point (degrees north).
    #[arg(allow_hyphen_values = true)]
    lat: f64,
}

#[derive(Args)]
pub struct ChangeArgs {
    /// A folder of dated territory snapshots.
    series: PathBuf,
    /// The earlier instant.
    #[arg(long, value_name = "INSTANT")]
    from: String,
    /// The later instant.
    #[arg(long, value_name = "INSTANT")]
    to: String,
    /// Regions to split the change by (GeoJSON polygons), with --region-name.
    #[arg(long, value_name = "FILE")]
    regions: Option<PathBuf>,
    /// The property holding a region's name.
    #[arg(long, default_value = "name", value_name = "PROPERTY")]
    region_name: String,
    /// Write the changed polygons (gained, lost) to this GeoJSON file.
    #[arg(long, value_name = "FILE")]
    geojson: Option<PathBuf>,
}

pub fn run(cmd: MonitorCommand, store: Option<PathBuf>, scenarios: &Path, color: bool) -> Result<ExitCode> {
    match cmd {
        MonitorCommand::Ingest(a) => ingest::command(a, store, std::io::stderr().is_terminal()),
        MonitorCommand::Delete(a) => ingest::delete(a, store),
        MonitorCommand::Verify(a) => verify(a, store, scenarios, color),
        MonitorCommand::Report(a) => report(a, store, scenarios, color),
        MonitorCommand::Held(a) => held(a),
        MonitorCommand::Change(a) => change(a),
    }
}

/// An instant: RFC 3339 with an offset (`2015-02-14T22:00Z`) or with a zone
/// (`2015-02-15T00:00[Europe/Kyiv]`).
fn instant(s: &str) -> Result<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    s.parse::<jiff::ZonedDateTime>().map(|z| z.timestamp()).map_err(|e| {
        miette!(
            help = "write e.g. 2015-02-14T22:00Z or 2015-02-15T00:00[Europe/Kyiv]",
            "`{s}` is not an instant: {e}"
        )
    })
}

fn load_negotiation(arg: &str, scenarios: &Path, color: bool) -> Result<(Negotiation, PathBuf)> {
    let loaded: Loaded = match locate::target(arg, scenarios)? {
        Target::Negotiation(l) => l,
        Target::Document(l, _) => l,
    };
    let root = loaded.root.clone().unwrap_or_default();
    let n = crate::compare::clean(loaded, color)?;
    Ok((n, root))
}

struct Setup {
    negotiation: Negotiation,
    ceasefire: truce_model::Ceasefire,
    geometries: Geometries,
}

fn setup(source: &Source, scenarios: &Path, color: bool) -> Result<Setup> {
    let (negotiation, root) = load_negotiation(&source.negotiation, scenarios, color)?;
    let ceasefire = truce_monitor::find_ceasefire(&negotiation, source.ceasefire.as_deref())
        .into_diagnostic()?
        .clone();
    let mut overrides = BTreeMap::new();
    for g in &source.geometries {
        let (id, path) = g
            .split_once('=')
            .ok_or_else(|| miette!(help = "write --geometry id=path", "`{g}` is not id=path"))?;
        overrides.insert(id.to_owned(), PathBuf::from(path));
    }
    let geometries = Geometries::load(&root, &negotiation, &overrides).into_diagnostic()?;
    Ok(Setup {
        negotiation,
        ceasefire,
        geometries,
    })
}

fn events(source: &Source, store: Option<PathBuf>, start: Timestamp, end: Timestamp) -> Result<Vec<Event>> {
    let path = store.clone();
    events_between(source.events.as_deref(), &source.events_format, store, start, end)?.ok_or_else(|| {
        let at = path
            .or_else(|| truce_store::default_path().ok())
            .map_or("the store".to_owned(), |p| format!("the store {}", p.display()));
        miette!(
            help = "ingest events first: truce monitor ingest <file> --format ucdp (or pass --events <file>)",
            "{at} holds no events"
        )
    })
}

/// The events whose interval overlaps `[start, end)`, from `file` (in `format`) or else
/// from the store; `None` when the store does not exist or holds no events at all.
pub fn events_between(
    file: Option<&Path>,
    format: &str,
    store: Option<PathBuf>,
    start: Timestamp,
    end: Timestamp,
) -> Result<Option<Vec<Event>>> {
    if let Some(path) = file {
        let format = EventFormat::from_spec(format).into_diagnostic()?;
        let mut out = Vec::new();
        let mut rejected = 0u64;
        let counts = truce_events::read_path(
            path,
            &format,
            &ReadOptions::at(Timestamp::MAX),
            &mut |e| {
                if e.start < end && e.end > start {
                    out.push(e);
                }
            },
            &mut |_| rejected += 1,
        )
        .into_diagnostic()?;
        if rejected > 0 {
            eprintln!(
                "{}: {counts}; run `truce monitor ingest` to see the rejected rows and why",
                path.display()
            );
        }
        return Ok(Some(out));
    }
    let path = match store {
        Some(p) => p,
        None => truce_store::default_path().into_diagnostic()?,
    };
    if !path.exists() {
        return Ok(None);
    }
    let store = pax::open_store(Some(path))?;
    let events = store.events_overlapping(start, end, None).into_diagnostic()?;
    if events.is_empty() && store.event_count().into_diagnostic()? == 0 {
        return Ok(None);
    }
    Ok(Some(events))
}

fn verify(a: VerifyArgs, store: Option<PathBuf>, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let s = setup(&a.source, scenarios, color)?;
    let start = match &a.from {
        Some(t) => instant(t)?,
        None => s.ceasefire.start.timestamp(),
    };
    let end = match (&a.to, &s.ceasefire.end) {
        (Some(t), _) => instant(t)?,
        (None, Some(e)) => e.timestamp(),
        (None, None) => start
            .checked_add(jiff::SignedDuration::from_hours(24 * 7))
            .into_diagnostic()?,
    };
    if end <= start {
        return Err(miette!("the period ends ({end}) before it starts ({start})"));
    }
    let events = events(&a.source, store, start, end)?;
    let (verdicts, summary) = truce_monitor::verify(&events, &s.ceasefire, &s.geometries);
    let shown: Vec<&Verdict> = verdicts
        .iter()
        .filter(|v| a.all || v.outcome != Outcome::NotViolation)
        .collect();
    let text = match a.format {
        Format::Json => {
            let doc = serde_json::json!({
                "format": "truce.monitor-verify/1",
                "negotiation": s.negotiation.id,
                "ceasefire": s.ceasefire.id,
                "period": [start, end],
                "summary": summary,
                "verdicts": shown,
            });
            serde_json::to_string_pretty(&doc).into_diagnostic()? + "\n"
        }
        _ => {
            let mut out = format!(
                "{} ({})\nperiod {start} to {end} UTC: {} events: {} violations (attributable), {} unknown (possible violations), {} not violations\n",
                s.ceasefire.title,
                s.ceasefire.id,
                summary.events,
                summary.violations,
                summary.unknown,
                summary.not_violations
            );
            for v in shown {
                out.push_str(&format!(
                    "\n{} {}:{}  {}  {}\n  when: {} to {} UTC ({})\n  where: {}\n",
                    v.outcome.as_str().to_uppercase(),
                    v.source,
                    v.source_id,
                    v.class,
                    v.location,
                    v.start,
                    v.end,
                    v.time_precision,
                    match v.radius_km {
                        Some(r) => format!("{:.4}N {:.4}E within {r} km ({})", v.lat, v.lon, v.place_precision),
                        None => format!("area only: {}", v.place_precision),
                    }
                ));
                if let Some(h) = &v.holder {
                    out.push_str(&format!("  held by {}: {}\n", h.party, h.held.as_str()));
                }
                if let Some((lo, hi)) = v.distance_km {
                    out.push_str(&format!("  distance to the line: {lo:.1}-{hi:.1} km\n"));
                }
                for z in &v.zones {
                    out.push_str(&format!("  zone {}: {} ({})\n", z.zone, z.inside.as_str(), z.what));
                }
                out.push_str(&format!("  why: {}\n", v.reasons.join("; ")));
            }
            out
        }
    };
    emit(&text, &a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn read_regions(path: &Option<PathBuf>, name: &str) -> Result<Vec<truce_geo::Region>> {
    match path {
        Some(p) => truce_geo::io::read_regions(p, name)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot read regions from {}", p.display())),
        None => Ok(Vec::new()),
    }
}

fn report(a: ReportArgs, store: Option<PathBuf>, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let s = setup(&a.source, scenarios, color)?;
    let (start, end) = truce_monitor::reporting_period(&s.ceasefire, a.date)
        .ok_or_else(|| miette!("no reporting period for {}", a.date))?;
    let previous_start = start
        .checked_sub(jiff::SignedDuration::from_hours(48))
        .into_diagnostic()?;
    let events = events(&a.source, store, previous_start, end)?;
    let regions = read_regions(&a.regions, &a.region_name)?;
    let base = match &a.basemap {
        Some(p) => Some(
            truce_geo::io::read_multipolygon(p)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read the base map {}", p.display()))?
                .0,
        ),
        None => None,
    };
    let options = ReportOptions {
        date: a.date,
        notable: a.notable,
        regions: &regions,
        base: base.iter().collect(),
    };
    let r = truce_monitor::daily_report(&events, &s.ceasefire, &s.geometries, &options)
        .ok_or_else(|| miette!("cannot build the report for {}", a.date))?;
    let text = match a.format {
        Format::Json => r.to_json(),
        Format::Html => r.to_html(),
        Format::Text | Format::Markdown => r.to_markdown(),
    };
    emit(&text, &a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn series(path: &Path) -> Result<Series> {
    if path.is_dir() {
        let (series, warnings) = truce_geo::io::read_series(path).into_diagnostic()?;
        let notes: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        print_warnings(&notes);
        Ok(series)
    } else {
        let (mp, warnings) = truce_geo::io::read_multipolygon(path).into_diagnostic()?;
        for w in warnings {
            eprintln!("warning: {w}");
        }
        let (t, repairs) = Territory::new(mp);
        for r in repairs {
            eprintln!("repaired: {r}");
        }
        Ok(Series::new(vec![(Timestamp::MIN, path.display().to_string(), t)]))
    }
}

/// Prints the first few warnings and how many more there were: a folder of hundreds of
/// snapshots repaired the same way should not bury the answer.
fn print_warnings(notes: &[String]) {
    const SHOWN: usize = 3;
    for w in notes.iter().take(SHOWN) {
        eprintln!("warning: {w}");
    }
    if notes.len() > SHOWN {
        eprintln!("... and {} more warnings of the same kind", notes.len() - SHOWN);
    }
}

fn held(a: HeldArgs) -> Result<ExitCode> {
    if !(-180.0..=180.0).contains(&a.lon) || !(-90.0..=90.0).contains(&a.lat) {
        return Err(miette!(
            help = "give longitude first, then latitude, in degrees",
            "({}, {}) is not a longitude/latitude pair",
            a.lon,
            a.lat
        ));
    }
    let series = series(&a.territory)?;
    let at = match &a.at {
        Some(t) => instant(t)?,
        None => series
            .snapshots()
            .last()
            .map(|s| s.valid_from)
            .ok_or_else(|| miette!("no snapshot in {}", a.territory.display()))?,
    };
    let Some(snap) = series.at(at) else {
        println!("unknown: no snapshot covers {at} (the first is later)");
        return Ok(ExitCode::SUCCESS);
    };
    let inside = snap.territory.contains(a.lon, a.lat);
    let d = snap.territory.boundary().distance_km(a.lon, a.lat);
    println!(
        "{} at {at}: {} the territory of snapshot {} ({:.2} km from its edge)",
        format_args!("({}, {})", a.lon, a.lat),
        if inside { "inside" } else { "outside" },
        snap.source,
        d
    );
    Ok(ExitCode::SUCCESS)
}

fn change(a: ChangeArgs) -> Result<ExitCode> {
    let series = series(&a.series)?;
    let (from, to) = (instant(&a.from)?, instant(&a.to)?);
    let before = series
        .at(from)
        .ok_or_else(|| miette!("no snapshot covers {from} (the first is later)"))?;
    let after = series
        .at(to)
        .ok_or_else(|| miette!("no snapshot covers {to} (the first is later)"))?;
    let regions = read_regions(&a.regions, &a.region_name)?;
    let c = truce_geo::change(&before.territory, &after.territory, &regions);
    println!(
        "{} -> {}: gained {:.2} km², lost {:.2} km² (geodesic areas on WGS84)",
        before.source, after.source, c.gained_km2, c.lost_km2
    );
    for r in &c.by_region {
        if r.gained_km2 > 0.0 || r.lost_km2 > 0.0 {
            println!(
                "  {}: gained {:.2} km², lost {:.2} km²",
                r.region, r.gained_km2, r.lost_km2
            );
        }
    }
    if let Some(path) = &a.geojson {
        std::fs::write(path, c.to_geojson())
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write {}", path.display()))?;
        println!("changed polygons: {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
