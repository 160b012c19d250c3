//! The bundled Minsk II plan replayed over the real UCDP record (../shared/data; skipped
//! on a laptop without it, failing under CI).

mod common;

use std::collections::BTreeMap;

use common::{bundled, repo};
use truce_events::{Event, Format, ReadOptions};
use truce_implement::{Options, Record, day_in, day_of, evaluate};
use truce_model::Date;
use truce_monitor::{Geometries, Outcome, verify};
use truce_testdata::{extract_features, shared_data};

const UCDP: &str = "ucdp-ged-ukraine-peacerep/UCDP-Ukraine_2014-01_to_2022-02_f0821cc.csv";
const OBLASTS: &str = "ukraine-oblasts/oblast_peacerep_5b52b6d.geojson";
const LINE_OF_CONTACT: &str = "minsk-line-of-contact/deepstate_ordlo_cadr_crimea_pre2022_occupied.geojson";

#[test]
fn minsk_ii_ceasefire_is_breached_in_its_first_days_with_the_events_as_evidence() {
    let (Some(ucdp), Some(oblasts), Some(line)) =
        (shared_data(UCDP), shared_data(OBLASTS), shared_data(LINE_OF_CONTACT))
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let donbas = dir.path().join("donbas.geojson");
    extract_features(&oblasts, "ADMIN_1", &["Донецька область", "Луганська область"], &donbas);
    let held = dir.path().join("held.geojson");
    extract_features(&line, "deepstate_name", &["ОРДЛО"], &held);
    let (negotiation, plan) = bundled("minsk-2014-2015");
    let root = repo("scenarios/minsk-2014-2015");
    let overrides = BTreeMap::from([("donbas".to_owned(), donbas), ("held-2015".to_owned(), held)]);
    let geometries = Geometries::load(&root, &negotiation, &overrides).expect("geometries");
    let mut events: Vec<Event> = Vec::new();
    truce_events::read_path(
        &ucdp,
        &Format::Ucdp,
        &ReadOptions::at("2026-01-01T00:00:00Z".parse().unwrap()),
        &mut |e| events.push(e),
        &mut |_| {},
    )
    .expect("read UCDP");
    let cf = truce_monitor::find_ceasefire(&negotiation, Some("minsk-ii-ceasefire")).unwrap();
    let (verdicts, _) = verify(&events, cf, &geometries);
    let tz = jiff::tz::TimeZone::get(&plan.timezone).unwrap();
    let mut record = Record::default();
    record.add_verdicts("minsk-ii-ceasefire", &verdicts, &tz, None);

    // Independently of the engine: the first day (Kyiv time) on which some attributable
    // violation lies wholly, and the ids of those events.
    let start = day_of(Date::constant(2015, 2, 15));
    let mut first: Option<i32> = None;
    for v in verdicts.iter().filter(|v| v.outcome == Outcome::Violation) {
        let a = day_in(v.start, &tz);
        let b = day_in(v.end - jiff::SignedDuration::from_nanos(1), &tz);
        if a == b && a >= start {
            first = Some(first.map_or(a, |f| f.min(a)));
        }
    }
    let first = first.expect("an attributable violation after the start");
    assert!(
        first - start <= 2,
        "first attributable violation on day {}",
        first - start
    );
    let ids: Vec<String> = verdicts
        .iter()
        .filter(|v| v.outcome == Outcome::Violation)
        .filter(|v| day_in(v.start, &tz) == first && day_in(v.end - jiff::SignedDuration::from_nanos(1), &tz) == first)
        .map(|v| format!("{}:{}", v.source, v.source_id))
        .collect();

    let t = evaluate(&plan, &record, &Options::as_of(day_of(Date::constant(2015, 2, 28)))).expect("evaluate");
    let c = t.steps.iter().find(|s| s.id == "ceasefire").unwrap();
    assert_eq!(c.status, "breached");
    let breached = c.breached.as_ref().expect("breach day");
    assert_eq!(breached.to.expect("certain"), truce_implement::date_of(first));
    let evidence = c.evidence.join("\n");
    assert!(evidence.contains("attributable: "), "{evidence}");
    for id in ids.iter().take(8) {
        assert!(
            evidence.contains(id.as_str()),
            "{id} missing from the evidence:\n{evidence}"
        );
    }
    // Before the ceasefire began nothing was breached.
    let t = evaluate(&plan, &record, &Options::as_of(day_of(Date::constant(2015, 2, 14)))).expect("evaluate");
    assert_eq!(t.steps[0].status, "dormant");
}

#[test]
fn territory_change_over_a_year_of_deepstate_snapshots() {
    let Some(dir) = shared_data("deepstate-cyterat/weekly") else {
        return;
    };
    let (series, _) = truce_geo::io::read_series(&dir).expect("weekly snapshots");
    let tz = jiff::tz::TimeZone::get("Europe/Kyiv").unwrap();
    let d = day_of(Date::constant(2025, 7, 7));
    let spec = |window| truce_implement::MetricSpec {
        kind: truce_implement::MetricKind::TerritoryChange,
        source: "occupied".into(),
        window,
        zone: None,
    };
    let mut record = Record::default();
    // From 2024-07-09 00:00 Kyiv time (the snapshot of 8 July) to the end of 7 July 2025.
    record.add_territory(&spec(364), &series, &tz, d, d);
    let v = &record.territory[&spec(364).to_string()][&d];
    assert!(v.from.contains("20240708") && v.to.contains("20250707"), "{v:?}");
    // bench/geo/check.py (shapely difference, pyproj geodesic areas) between these two
    // snapshots: 4,536.682 km² gained and 21.123 km² lost.
    let expected = 4536.682 + 21.123;
    assert!(
        (v.km2 - expected).abs() / expected < 0.005,
        "{} km² vs {expected}",
        v.km2
    );
    // A window starting before the first snapshot is unknown, not zero.
    record.add_territory(&spec(365), &series, &tz, d, d);
    assert!(record.territory[&spec(365).to_string()].is_empty());
}
