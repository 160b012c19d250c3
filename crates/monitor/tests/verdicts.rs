//! Verdicts on hand-made events against the bundled Minsk II ceasefire and its hand-drawn
//! geometry (no shared data needed): each test checks one rule of the verdict.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use proptest::prelude::*;
use truce_events::{Event, EventClass};
use truce_model::{Negotiation, load_scenario};
use truce_monitor::{Answer, Geometries, Outcome, judge};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/minsk-2014-2015")
}

fn setup() -> (Negotiation, Geometries) {
    let loaded = load_scenario(&root());
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
    let n = loaded.negotiation.expect("negotiation");
    let g = Geometries::load(&root(), &n, &BTreeMap::new()).expect("geometries");
    (n, g)
}

fn event(lon: f64, lat: f64, radius: Option<f64>, start: &str, end: &str, class: EventClass) -> Event {
    Event {
        source: "test".into(),
        source_id: format!("{lon},{lat},{start}"),
        start: start.parse::<Timestamp>().unwrap(),
        end: end.parse::<Timestamp>().unwrap(),
        time_precision: "test".into(),
        lon,
        lat,
        radius_km: radius,
        place_precision: "test".into(),
        admin1: None,
        admin2: None,
        location: "test".into(),
        kind: "test".into(),
        class,
        actors: vec![],
        deaths: None,
        description: String::new(),
        url: None,
    }
}

// Donetsk city centre: inside the hand-drawn area the armed formations held.
const DONETSK: (f64, f64) = (37.8028, 48.0159);
// Kramatorsk: government-held, about 80 km from the line.
const KRAMATORSK: (f64, f64) = (37.5844, 48.7389);

#[test]
fn a_precise_battle_after_the_start_is_a_violation() {
    let (n, g) = setup();
    let c = truce_monitor::find_ceasefire(&n, Some("minsk-ii-ceasefire")).unwrap();
    // 16 February 2015, the local day in Kyiv (UTC+2).
    let e = event(
        DONETSK.0,
        DONETSK.1,
        Some(1.0),
        "2015-02-15T22:00:00Z",
        "2015-02-16T22:00:00Z",
        EventClass::Battle,
    );
    let v = judge(&e, c, &g);
    assert_eq!(v.outcome, Outcome::Violation, "{:?}", v.reasons);
    assert_eq!(v.holder.as_ref().unwrap().held, Answer::Yes);
    let (lo, hi) = v.distance_km.unwrap();
    assert!(lo > 0.0 && hi - lo <= 2.0 + 1e-9);
}

#[test]
fn the_day_before_is_not_a_violation_and_a_straddling_week_is_unknown() {
    let (n, g) = setup();
    let c = truce_monitor::find_ceasefire(&n, Some("minsk-ii-ceasefire")).unwrap();
    let before = event(
        DONETSK.0,
        DONETSK.1,
        Some(1.0),
        "2015-02-13T22:00:00Z",
        "2015-02-14T22:00:00Z",
        EventClass::Battle,
    );
    assert_eq!(judge(&before, c, &g).outcome, Outcome::NotViolation);
    let week = event(
        DONETSK.0,
        DONETSK.1,
        Some(1.0),
        "2015-02-10T22:00:00Z",
        "2015-02-17T22:00:00Z",
        EventClass::Battle,
    );
    let v = judge(&week, c, &g);
    assert_eq!(v.outcome, Outcome::Unknown);
    assert_eq!(v.in_window, Answer::Unknown);
}

#[test]
fn an_area_only_place_is_never_decided_from_its_centroid() {
    let (n, g) = setup();
    let c = truce_monitor::find_ceasefire(&n, Some("minsk-ii-ceasefire")).unwrap();
    let e = event(
        DONETSK.0,
        DONETSK.1,
        None,
        "2015-02-15T22:00:00Z",
        "2015-02-16T22:00:00Z",
        EventClass::Battle,
    );
    let v = judge(&e, c, &g);
    assert_eq!(v.outcome, Outcome::Unknown);
    assert_eq!(v.in_scope, Answer::Unknown);
    assert!(v.distance_km.is_none());
}

#[test]
fn a_protest_is_not_a_prohibited_class() {
    let (n, g) = setup();
    let c = truce_monitor::find_ceasefire(&n, Some("minsk-ii-ceasefire")).unwrap();
    let e = event(
        DONETSK.0,
        DONETSK.1,
        Some(1.0),
        "2015-02-15T22:00:00Z",
        "2015-02-16T22:00:00Z",
        EventClass::Protest,
    );
    assert_eq!(judge(&e, c, &g).outcome, Outcome::NotViolation);
}

#[test]
fn shelling_on_the_government_side_after_withdrawal_hits_its_zones() {
    let (n, g) = setup();
    let c = truce_monitor::find_ceasefire(&n, Some("minsk-ii-ceasefire")).unwrap();
    // 10 March 2015: after the withdrawal period. Kramatorsk is beyond 25 and 35 km but
    // within 70 km of the hand-drawn line: only the heavy-rocket zone applies.
    let e = event(
        KRAMATORSK.0,
        KRAMATORSK.1,
        Some(1.0),
        "2015-03-09T22:00:00Z",
        "2015-03-10T22:00:00Z",
        EventClass::Shelling,
    );
    let v = judge(&e, c, &g);
    assert_eq!(v.holder.as_ref().unwrap().held, Answer::No);
    let (lo, _) = v.distance_km.unwrap();
    let zones: Vec<(&str, Answer)> = v.zones.iter().map(|z| (z.zone.as_str(), z.inside)).collect();
    let expected: Vec<(&str, Answer)> = [("ua-artillery", 25.0), ("ua-mlrs", 35.0), ("ua-heavy-rockets", 70.0)]
        .into_iter()
        .filter(|(_, w)| lo + 1.0 < *w)
        .map(|(z, _)| (z, Answer::Yes))
        .collect();
    assert!(
        !expected.is_empty(),
        "Kramatorsk should be within 70 km of the line ({lo} km)"
    );
    assert_eq!(zones, expected, "distance {lo} km");
    // The same event before the zones bind hits none.
    let early = event(
        KRAMATORSK.0,
        KRAMATORSK.1,
        Some(1.0),
        "2015-02-19T22:00:00Z",
        "2015-02-20T22:00:00Z",
        EventClass::Shelling,
    );
    assert!(judge(&early, c, &g).zones.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// More precise evidence never turns a decision into unknown or into the opposite
    /// decision: shrinking the radius and the interval keeps a violation a violation and
    /// a non-violation a non-violation.
    #[test]
    fn precision_is_monotone(
        lon in 36.5f64..40.5, lat in 46.8f64..50.2,
        radius in 0.5f64..60.0, shrink in 0.0f64..1.0,
        start_h in 0i64..(24 * 10), len_h in 1i64..(24 * 8), cut in 0i64..24,
        class in prop_oneof![Just(EventClass::Battle), Just(EventClass::Shelling), Just(EventClass::Protest)],
    ) {
        let (n, g) = setup();
        let c = truce_monitor::find_ceasefire(&n, Some("minsk-ii-ceasefire")).unwrap();
        let base: Timestamp = "2015-02-10T00:00:00Z".parse().unwrap();
        let s = base + jiff::SignedDuration::from_hours(start_h);
        let e = s + jiff::SignedDuration::from_hours(len_h);
        let inner_s = s + jiff::SignedDuration::from_hours(cut.min(len_h - 1));
        let coarse = event(lon, lat, Some(radius), &s.to_string(), &e.to_string(), class);
        let fine = event(lon, lat, Some(radius * shrink), &inner_s.to_string(), &e.to_string(), class);
        let a = judge(&coarse, c, &g).outcome;
        let b = judge(&fine, c, &g).outcome;
        if a != Outcome::Unknown {
            prop_assert_eq!(a, b);
        }
    }
}
