//! Ceasefire replays on real data (../shared/data; skipped on a laptop without it, failing
//! under CI). Every expected figure was computed independently of truce by
//! `bench/monitor/check.py` (Python's csv module, shapely and pyproj), which states the
//! rules it mirrors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};
use truce_events::{Event, Format, ReadOptions};
use truce_model::{Ceasefire, Negotiation, load_scenario};
use truce_monitor::{Answer, Geometries, Outcome, Summary, verify};
use truce_testdata::{extract_features, shared_data};

const UCDP: &str = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv";
const OBLASTS: &str = "ukraine-oblasts/oblast_peacerep_5b52b6d.geojson";
const LINE_OF_CONTACT: &str = "minsk-line-of-contact/deepstate_ordlo_cadr_crimea_pre2022_occupied.geojson";

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(rel)
}

fn scenario(dir: &Path) -> Negotiation {
    let loaded = load_scenario(dir);
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    loaded.negotiation.expect("negotiation")
}

fn ucdp_events(path: &Path) -> Vec<Event> {
    let mut events = Vec::new();
    let mut rejects = Vec::new();
    let counts = truce_events::read_path(
        path,
        &Format::Ucdp,
        &ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap()),
        &mut |e| events.push(e),
        &mut |r| rejects.push(r),
    )
    .expect("read UCDP");
    assert_eq!(counts.read, counts.accepted + counts.rejected);
    events
}

fn overlapping(events: &[Event], start: Timestamp, days: i64) -> Vec<Event> {
    let end = start + SignedDuration::from_hours(24 * days);
    events
        .iter()
        .filter(|e| e.start < end && e.end > start)
        .cloned()
        .collect()
}

struct Minsk {
    negotiation: Negotiation,
    geometries: Geometries,
    events: Vec<Event>,
    _dir: tempfile::TempDir,
}

fn minsk() -> Option<Minsk> {
    let ucdp = shared_data(UCDP)?;
    let oblasts = shared_data(OBLASTS)?;
    let line = shared_data(LINE_OF_CONTACT)?;
    let dir = tempfile::tempdir().expect("tempdir");
    let donbas = dir.path().join("donbas.geojson");
    extract_features(&oblasts, "ADMIN_1", &["Донецька область", "Луганська область"], &donbas);
    let held = dir.path().join("held.geojson");
    extract_features(&line, "deepstate_name", &["ОРДЛО"], &held);
    let root = repo("scenarios/minsk-2014-2015");
    let negotiation = scenario(&root);
    let overrides = BTreeMap::from([("donbas".to_owned(), donbas), ("held-2015".to_owned(), held)]);
    let geometries = Geometries::load(&root, &negotiation, &overrides).expect("geometries");
    Some(Minsk {
        negotiation,
        geometries,
        events: ucdp_events(&ucdp),
        _dir: dir,
    })
}

fn ceasefire<'n>(n: &'n Negotiation, id: &str) -> &'n Ceasefire {
    truce_monitor::find_ceasefire(n, Some(id)).expect("ceasefire")
}

#[test]
fn minsk_ii_is_breached_in_its_first_week() {
    let Some(m) = minsk() else { return };
    let c = ceasefire(&m.negotiation, "minsk-ii-ceasefire");
    let week = overlapping(&m.events, c.start.timestamp(), 7);
    let (verdicts, summary) = verify(&week, c, &m.geometries);
    // bench/monitor/check.py: minsk-ii first 7 days: violation 27, unknown 7, not 0.
    assert_eq!(
        summary,
        Summary {
            events: 34,
            violations: 27,
            unknown: 7,
            not_violations: 0
        }
    );
    // Breached within the first days, with the events as evidence.
    let first_days = c.start.timestamp() + SignedDuration::from_hours(72);
    let early: Vec<_> = verdicts
        .iter()
        .filter(|v| v.outcome == Outcome::Violation && v.end <= first_days)
        .collect();
    assert!(!early.is_empty(), "no attributable violation in the first three days");
    for v in &early {
        assert!(v.start >= c.start.timestamp());
        assert!(v.radius_km.is_some(), "an attributable violation has a place");
        assert_eq!(v.in_scope, Answer::Yes);
        assert!(v.distance_km.is_some(), "distance to the line is part of the evidence");
        let holder = v.holder.as_ref().expect("holder evidence");
        assert_eq!(holder.party, "dpr-lpr");
    }
    // Unknowns are never decided from a centroid: each has a reason.
    for v in verdicts.iter().filter(|v| v.outcome == Outcome::Unknown) {
        assert!(!v.reasons.is_empty());
        assert!(v.in_window != Answer::Yes || v.in_scope != Answer::Yes);
    }
}

#[test]
fn ceasefire_of_27_july_2020() {
    let Some(m) = minsk() else { return };
    let mut c = ceasefire(&m.negotiation, "minsk-ii-ceasefire").clone();
    c.id = "tcg-2020-07-27".into();
    c.start = "2020-07-27T00:01[Europe/Kyiv]".parse().unwrap();
    c.zones.clear();
    let month = overlapping(&m.events, c.start.timestamp(), 30);
    let (_, summary) = verify(&month, &c, &m.geometries);
    // bench/monitor/check.py: 2020-07-27 first 30 days: violation 1, unknown 5, not 0.
    assert_eq!(
        summary,
        Summary {
            events: 6,
            violations: 1,
            unknown: 5,
            not_violations: 0
        }
    );
}

#[test]
fn easter_truce_2025_day_straddling_the_start_is_unknown() {
    let Some(incidents) = shared_data("war-datasets-dashboard-sdspieg/bellingcat_incidents.json") else {
        return;
    };
    let Some(weekly) = shared_data("deepstate-cyterat/weekly") else {
        return;
    };
    let root = repo("crates/monitor/tests/fixtures/easter-2025");
    let n = scenario(&root);
    let overrides = BTreeMap::from([("occupied".to_owned(), weekly)]);
    let geometries = Geometries::load(&root, &n, &overrides).expect("geometries");
    let c = ceasefire(&n, "easter-2025");
    let mapping = Format::from_spec(&repo("crates/events/mappings/bellingcat.toml").display().to_string())
        .expect("bellingcat mapping");
    let mut events = Vec::new();
    truce_events::read_path(
        &incidents,
        &mapping,
        &ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap()),
        &mut |e| events.push(e),
        &mut |_| {},
    )
    .expect("read incidents");
    // Incidents dated 18 to 21 April 2025 (local days).
    let from: Timestamp = "2025-04-17T21:00:00Z".parse().unwrap();
    let window = overlapping(&events, from, 4);
    let (verdicts, summary) = verify(&window, c, &geometries);
    // bench/monitor/check.py: 2 incidents on 19 April (the day straddles 18:00 Moscow
    // time: unknown), none on 20 April, 3 on 21 April (after the truce: not a violation).
    assert_eq!(
        summary,
        Summary {
            events: 5,
            violations: 0,
            unknown: 2,
            not_violations: 3
        }
    );
    for v in verdicts.iter().filter(|v| v.outcome == Outcome::Unknown) {
        assert_eq!(v.in_window, Answer::Unknown);
        assert!(
            v.reasons.iter().any(|r| r.contains("straddles the ceasefire's start")),
            "{:?}",
            v.reasons
        );
        // check.py: both lie outside the area DeepState showed occupied on 14 April.
        assert_eq!(v.holder.as_ref().map(|h| h.held), Some(Answer::No));
    }
}

#[test]
fn daily_report_is_deterministic_and_its_figures_add_up() {
    let Some(m) = minsk() else { return };
    let c = ceasefire(&m.negotiation, "minsk-ii-ceasefire");
    let date: jiff::civil::Date = "2015-02-16".parse().unwrap();
    let options = truce_monitor::ReportOptions {
        date,
        notable: 3,
        regions: &[],
        base: Vec::new(),
    };
    let r = truce_monitor::daily_report(&m.events, c, &m.geometries, &options).expect("report");
    let again = truce_monitor::daily_report(&m.events, c, &m.geometries, &options).expect("report");
    assert_eq!(r.to_markdown(), again.to_markdown());
    assert_eq!(r.to_json(), again.to_json());
    assert_eq!(r.to_html(), again.to_html());
    // The day's counts: UCDP events dated 16 February 2015 (local), judged one by one.
    let day: Vec<Event> = m
        .events
        .iter()
        .filter(|e| {
            e.start == "2015-02-15T22:00:00Z".parse().unwrap() && e.end == "2015-02-16T22:00:00Z".parse().unwrap()
        })
        .cloned()
        .collect();
    let (_, expected) = verify(&day, c, &m.geometries);
    assert!(expected.violations > 0);
    assert_eq!(r.summary.violations, expected.violations);
    assert_eq!(r.summary.unknown, expected.unknown);
    // Every figure has its events: region counts sum to the summary and cite them.
    let by_region: usize = r.by_region.iter().map(|x| x.violations + x.unknown).sum();
    assert_eq!(by_region, r.summary.violations + r.summary.unknown);
    let cited: usize = r.by_region.iter().map(|x| x.evidence.len()).sum();
    assert_eq!(cited, by_region);
    assert_eq!(r.violations.len(), r.summary.violations);
    assert!(r.notable.len() <= 3);
    assert!(r.map.starts_with("<svg") && r.map.contains("<circle"));
    assert!(r.to_html().contains("<svg"));
}
