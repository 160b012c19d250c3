//! Ceasefire monitoring in a real headless Chromium, driven over WebDriver (chromedriver):
//! from the negotiation page to the monitoring page, then the date moved with the page's
//! form, and the front line drawn from the next dated snapshot; the verdict filter form.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without
//! them the test says so and passes, except under `CI`, where it fails.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::browser::{Browser, driver_available};
use serde_json::json;
use truce_server::AppState;

/// Donetsk on 16 February 2015 (a violation), Kharkiv the same day (outside the area),
/// Horlivka on the 20th (a violation).
const UCDP: &str = "\
id,type_of_violence,where_prec,where_coordinates,adm_1,latitude,longitude,date_prec,date_start,date_end,best
4001,1,1,Donetsk city,Donetsk oblast,48.0159,37.8028,1,2015-02-16,2015-02-16,3
4002,1,1,Kharkiv city,Kharkiv oblast,49.9935,36.2304,1,2015-02-16,2015-02-16,0
4003,1,1,Horlivka town,Donetsk oblast,48.3336,38.0925,1,2015-02-20,2015-02-20,2
";

/// Two snapshots of the held territory: the bundled outline, then with its northern edge
/// pushed north near Debaltseve.
const RING_BEFORE: &str = "[37.64,47.09],[38.22,47.1],[38.3,47.45],[39.0,47.85],[39.85,48.0],[40.1,48.5],[39.95,48.8],[39.5,48.62],[39.27,48.7],[38.9,48.7],[38.45,48.6],[38.15,48.42],[37.95,48.33],[37.79,48.14],[37.66,48.06],[37.52,47.96],[37.62,47.85],[37.82,47.6],[37.7,47.35],[37.64,47.09]";
const RING_AFTER: &str = "[37.64,47.09],[38.22,47.1],[38.3,47.45],[39.0,47.85],[39.85,48.0],[40.1,48.5],[39.95,48.8],[39.5,48.62],[39.27,48.7],[38.9,48.7],[38.6,48.78],[38.3,48.62],[38.15,48.42],[37.95,48.33],[37.79,48.14],[37.66,48.06],[37.52,47.96],[37.62,47.85],[37.82,47.6],[37.7,47.35],[37.64,47.09]";

fn polygon(ring: &str) -> String {
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{ring}]]}}}}]}}"
    )
}

fn snapshots(dir: &Path) -> PathBuf {
    let folder = dir.join("held-series");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("deepstatemap_data_20150214.geojson"), polygon(RING_BEFORE)).unwrap();
    std::fs::write(folder.join("deepstatemap_data_20150218.geojson"), polygon(RING_AFTER)).unwrap();
    folder
}

fn store_with_events(dir: &Path) -> PathBuf {
    let csv = dir.join("events.csv");
    std::fs::write(&csv, UCDP).unwrap();
    let mut events = Vec::new();
    let counts = truce_events::read_path(
        &csv,
        &truce_events::Format::from_spec("ucdp").unwrap(),
        &truce_events::ReadOptions::at("2024-01-01T00:00:00Z".parse().unwrap()),
        &mut |e| events.push(e),
        &mut |r| panic!("rejected line {}: {}", r.line, r.reason),
    )
    .unwrap();
    assert_eq!(counts.accepted, 3);
    let path = dir.join("store.sqlite");
    truce_store::Store::open(&path).unwrap().ingest_events(events).unwrap();
    path
}

/// Runs a script in the page and returns its value.
fn script(b: &Browser, source: &str) -> serde_json::Value {
    b.call(
        "POST",
        &b.s("/execute/sync"),
        Some(json!({"script": source, "args": []})),
    )
}

/// The path data of the held territory as the browser has it.
fn territory_path(b: &Browser) -> String {
    script(
        b,
        "const p = document.querySelector('figure.map svg path[fill=\"#c9b3d9\"]'); return p ? p.getAttribute('d') : '';",
    )
    .as_str()
    .unwrap()
    .to_owned()
}

fn verdict_rows(b: &Browser) -> Vec<String> {
    script(
        b,
        "return Array.from(document.querySelectorAll('#verdicts tbody tr.verdict th')).map(e => e.textContent);",
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap().to_owned())
    .collect()
}

#[test]
fn the_date_form_moves_the_front_line() {
    if !driver_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_events(dir.path());
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let (mut state, warnings) = AppState::load(&scenarios, Some(store));
    assert!(warnings.is_empty(), "{warnings:?}");
    state.geometries = BTreeMap::from([("held-2015".to_owned(), snapshots(dir.path()))]);
    let addr = common::start_with(state);
    let b = Browser::new();
    // Finding an element waits (up to 10 s) until it is there: after a click that loads
    // a page, wait for something only the new page has.
    b.call("POST", &b.s("/timeouts"), Some(json!({"implicit": 10_000})));

    // From the negotiation page to the monitoring page of the Package's ceasefire.
    b.go(&format!("http://{addr}/negotiations/minsk-2014-2015"));
    b.click("a[href='/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-ii-ceasefire']");
    b.find("#date[value='2015-02-15']");
    assert_eq!(
        b.text("h1"),
        "Ceasefire monitoring: 2015-02-15",
        "the ceasefire's first day"
    );
    // Move to 16 February with the form.
    set_date(&b, "2015-02-16");
    b.click("#date-form button[type=submit]");
    b.find("#date[value='2015-02-16']");
    assert_eq!(b.text("h1"), "Ceasefire monitoring: 2015-02-16");
    let before_text = b.text("#front-line");
    assert!(
        before_text.contains("deepstatemap_data_20150214.geojson"),
        "{before_text}"
    );
    let before = territory_path(&b);
    assert!(before.starts_with('M'), "the territory is drawn: {before:?}");
    assert_eq!(b.text("#count-violations"), "1");
    assert_eq!(verdict_rows(&b), ["ucdp-ged:4001", "ucdp-ged:4002"]);
    let title = script(&b, "return document.querySelector('figure.map svg title').textContent;");
    assert!(title.as_str().unwrap().ends_with("2015-02-16"), "{title}");

    // Four days on, the next snapshot is in force: the line has moved.
    set_date(&b, "2015-02-20");
    b.click("#date-form button[type=submit]");
    b.find("#date[value='2015-02-20']");
    assert_eq!(b.text("h1"), "Ceasefire monitoring: 2015-02-20");
    let after_text = b.text("#front-line");
    assert!(
        after_text.contains("deepstatemap_data_20150218.geojson"),
        "{after_text}"
    );
    assert_ne!(after_text, before_text);
    let after = territory_path(&b);
    assert!(after.starts_with('M'));
    assert_ne!(after, before, "the front line changed between the two dates");
    assert_eq!(verdict_rows(&b), ["ucdp-ged:4003"]);
    let input = script(&b, "return document.getElementById('date').value;");
    assert_eq!(input, "2015-02-20", "the form shows the day shown");

    // Back one day with the link, then filter the table with its form.
    b.click("a[rel=prev]");
    b.find("#date[value='2015-02-19']");
    assert_eq!(b.text("h1"), "Ceasefire monitoring: 2015-02-19");
    b.go(&format!(
        "http://{addr}/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-ii-ceasefire&date=2015-02-16"
    ));
    b.click("#outcome option[value='not']");
    b.click("#outcome-form button[type=submit]");
    b.find("#outcome option[value='not'][selected]");
    assert_eq!(verdict_rows(&b), ["ucdp-ged:4002"]);
    assert!(b.text("#verdicts caption").contains("1 of 2 verdicts"));
    // The filter is kept when the day changes.
    set_date(&b, "2015-02-20");
    b.click("#date-form button[type=submit]");
    b.find("#date[value='2015-02-20']");
    assert_eq!(b.text("h1"), "Ceasefire monitoring: 2015-02-20");
    assert_eq!(verdict_rows(&b), Vec::<String>::new());
    assert!(b.page_text().contains("No verdict to show."));
}

/// Types a day into the date input as a person would: the control shows the browser's
/// locale, month first in Chromium's default, and typing fills its fields in order. Under
/// another locale the fields come in another order; then the value is set directly.
/// Either way, checks what the form will send.
fn set_date(b: &Browser, day: &str) {
    let (y, rest) = day.split_at(4);
    let (m, d) = (&rest[1..3], &rest[4..6]);
    b.type_in("#date", &format!("{m}{d}{y}"));
    let value = script(b, "return document.getElementById('date').value;");
    if value != day {
        script(
            b,
            &format!("document.getElementById('date').value = '{day}'; return null;"),
        );
    }
    assert_eq!(script(b, "return document.getElementById('date').value;"), day);
}
