//! Ceasefire monitoring over real HTTP: the page (map, date form, report counts, verdict
//! table and its filter), the two API endpoints and their errors, with events ingested
//! into a temporary store and the Minsk territory replaced by two dated snapshots.

mod common;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::Reply;
use truce_server::AppState;

/// A small UCDP file: Donetsk (a violation), an event known only by its oblast (unknown),
/// Kharkiv (outside the ceasefire's area), all on 16 February 2015; Horlivka on the 20th;
/// Donetsk before the ceasefire; Debaltseve over three days (too coarse for one day).
const UCDP: &str = "\
id,type_of_violence,where_prec,where_coordinates,adm_1,latitude,longitude,date_prec,date_start,date_end,best,side_a,side_b
3001,1,1,\"Donetsk <b>airport</b> & \"\"terminal\"\"\",Donetsk oblast,48.0159,37.8028,1,2015-02-16,2015-02-16,3,Government of Ukraine,DPR
3002,1,4,Luhansk oblast,Luhansk oblast,48.574,39.3078,1,2015-02-16,2015-02-16,1,Government of Ukraine,LPR
3003,1,1,Kharkiv city,Kharkiv oblast,49.9935,36.2304,1,2015-02-16,2015-02-16,0,Government of Ukraine,Unknown
3004,1,1,Horlivka town,Donetsk oblast,48.3336,38.0925,1,2015-02-20,2015-02-20,2,Government of Ukraine,DPR
3005,1,1,Donetsk city,Donetsk oblast,48.0159,37.8028,1,2015-02-14,2015-02-14,1,Government of Ukraine,DPR
3006,1,1,Debaltseve town,Donetsk oblast,48.3411,38.4046,3,2015-02-16,2015-02-18,4,Government of Ukraine,DPR
3007,1,1,,Donetsk oblast,48.0159,37.8028,1,2015-03-10,2015-03-10,,Government of Ukraine,DPR
";

/// Shelling at Horlivka once the withdrawal zones bind (ACLED's layout).
const ACLED: &str = "\
event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp
UKR9001,2015-03-10,2015,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,Military Forces of Synthland,,1,Military Forces of Otherland,,8,18,,804,Europe,Ukraine,Donetska,Horlivskyi,,Horlivka,48.3336,38.0925,1,Synthetic press,National,Synthetic note.,0,,1700000000
";

/// The bundled hand-drawn territory, and the same with its northern edge pushed north
/// near Debaltseve: two snapshots a few days apart.
const RING_BEFORE: &str = "[37.64,47.09],[38.22,47.1],[38.3,47.45],[39.0,47.85],[39.85,48.0],[40.1,48.5],[39.95,48.8],[39.5,48.62],[39.27,48.7],[38.9,48.7],[38.45,48.6],[38.15,48.42],[37.95,48.33],[37.79,48.14],[37.66,48.06],[37.52,47.96],[37.62,47.85],[37.82,47.6],[37.7,47.35],[37.64,47.09]";
const RING_AFTER: &str = "[37.64,47.09],[38.22,47.1],[38.3,47.45],[39.0,47.85],[39.85,48.0],[40.1,48.5],[39.95,48.8],[39.5,48.62],[39.27,48.7],[38.9,48.7],[38.6,48.78],[38.3,48.62],[38.15,48.42],[37.95,48.33],[37.79,48.14],[37.66,48.06],[37.52,47.96],[37.62,47.85],[37.82,47.6],[37.7,47.35],[37.64,47.09]";

const PAGE: &str = "/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-ii-ceasefire";
const VERDICTS: &str = "/api/v1/negotiations/minsk-2014-2015/monitor/verdicts?ceasefire=minsk-ii-ceasefire";
const REPORT: &str = "/api/v1/negotiations/minsk-2014-2015/monitor/report?ceasefire=minsk-ii-ceasefire";

fn scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

fn polygon(ring: &str) -> String {
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"properties\":{{}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[{ring}]]}}}}]}}"
    )
}

/// A folder of two dated snapshots (14 and 18 February 2015, 03:00 UTC).
fn snapshots(dir: &Path) -> PathBuf {
    let folder = dir.join("held-series");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("deepstatemap_data_20150214.geojson"), polygon(RING_BEFORE)).unwrap();
    std::fs::write(folder.join("deepstatemap_data_20150218.geojson"), polygon(RING_AFTER)).unwrap();
    folder
}

/// A store holding the events of [`UCDP`] and [`ACLED`].
fn store_with_events(dir: &Path) -> PathBuf {
    let mut events = Vec::new();
    for (name, format, text, n) in [("ucdp.csv", "ucdp", UCDP, 7), ("acled.csv", "acled", ACLED, 1)] {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let mut rejects = Vec::new();
        let counts = truce_events::read_path(
            &file,
            &truce_events::Format::from_spec(format).unwrap(),
            &truce_events::ReadOptions::at("2024-01-01T00:00:00Z".parse().unwrap()),
            &mut |e| events.push(e),
            &mut |r| rejects.push(format!("{}: {}", r.line, r.reason)),
        )
        .unwrap();
        assert_eq!(counts.accepted, n, "{name}: {rejects:?}");
    }
    let path = dir.join("store.sqlite");
    let mut store = truce_store::Store::open(&path).unwrap();
    store.ingest_events(events).unwrap();
    assert_eq!(store.event_count().unwrap(), 8);
    path
}

fn state(store: Option<PathBuf>, geometries: BTreeMap<String, PathBuf>) -> AppState {
    let (mut state, warnings) = AppState::load(&scenarios(), store);
    assert!(warnings.is_empty(), "{warnings:?}");
    state.geometries = geometries;
    state
}

/// The server most tests use: events in the store, the territory as dated snapshots.
fn server() -> SocketAddr {
    static SERVER: OnceLock<(tempfile::TempDir, SocketAddr)> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let store = store_with_events(dir.path());
            let held = snapshots(dir.path());
            let addr = common::start_with(state(Some(store), BTreeMap::from([("held-2015".to_owned(), held)])));
            (dir, addr)
        })
        .1
}

fn get_from(addr: SocketAddr, path: &str) -> Reply {
    common::request(addr, "GET", path, "", b"")
}

fn get(path: &str) -> Reply {
    get_from(server(), path)
}

fn page(query: &str) -> Reply {
    let r = get(&format!("{PAGE}{query}"));
    assert_eq!(r.status, 200, "{query}: {}", r.body);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    r
}

/// The verdict rows of a page: (event, outcome word).
fn rows(body: &str) -> Vec<(String, String)> {
    body.split("<tr class=\"verdict outcome-")
        .skip(1)
        .map(|row| {
            let outcome = row.split('"').next().unwrap().to_owned();
            let event = row
                .split("<code>")
                .nth(1)
                .and_then(|c| c.split("</code>").next())
                .unwrap()
                .to_owned();
            (event, outcome)
        })
        .collect()
}

/// The text of the element with `id`, tags left out.
fn text_of(body: &str, id: &str) -> String {
    let at = body
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let open = body[..at].rfind('<').unwrap();
    let tag: String = body[open + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let start = at + body[at..].find('>').unwrap() + 1;
    let end = start + body[start..].find(&format!("</{tag}>")).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in body[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The path data of the held territory in the map.
fn territory_path(body: &str) -> String {
    let svg = &body[body.find("<svg").expect("an SVG map")..];
    let at = svg.find("fill=\"#c9b3d9\"").expect("the held territory is drawn");
    let path = &svg[..at];
    let d = &path[path.rfind("d=\"").unwrap() + 3..];
    d[..d.find('"').unwrap()].to_owned()
}

#[test]
fn the_page_shows_the_map_the_report_and_the_verdicts() {
    let r = page("&date=2015-02-16");
    let b = &r.body;
    // The map: drawn inline, with a text alternative and a caption.
    assert!(b.contains("<figure class=\"map\">"), "{b}");
    assert!(b.contains("role=\"img\" aria-labelledby=\"map-title\""));
    assert!(b.contains("<title id=\"map-title\">Ceasefire of the Package of Measures"));
    assert!(b.contains("<figcaption>"));
    let svg = &b[b.find("<svg").unwrap()..b.find("</svg>").unwrap()];
    assert!(
        !svg.contains("href") && !svg.contains("<image"),
        "nothing fetched from elsewhere"
    );
    assert!(!b.contains("<img") && !b.contains("<script"));
    assert!(
        b.contains("contact-line-2015: ceasefire line; 3 zones"),
        "the lines are labelled"
    );
    assert!(b.contains("memorandum-line-2014: line of 3 zones"));
    // Events coloured by verdict: a violation (red circle), an unknown (orange square).
    assert!(b.contains("fill=\"#d7301f\""), "a violation on the map");
    assert!(b.contains("fill=\"#f0a202\""), "an unknown on the map");
    // The date form: a plain GET form with a labelled date input.
    assert!(b.contains(
        "<form class=\"inline\" id=\"date-form\" method=\"get\" action=\"/negotiations/minsk-2014-2015/monitor\">"
    ));
    assert!(b.contains("<label for=\"date\">Report date</label><input id=\"date\" name=\"date\" type=\"date\" value=\"2015-02-16\" required>"));
    assert!(b.contains("<input type=\"hidden\" name=\"ceasefire\" value=\"minsk-ii-ceasefire\">"));
    assert!(b.contains("<button type=\"submit\">Show this day</button>"));
    assert!(b.contains("date=2015-02-15\" rel=\"prev\">Previous day (2015-02-15)</a>"));
    assert!(b.contains("date=2015-02-17\" rel=\"next\">Next day (2015-02-17)</a>"));
    // The report's counts.
    assert_eq!(text_of(b, "count-violations"), "1");
    assert_eq!(text_of(b, "count-unknown"), "1");
    assert_eq!(text_of(b, "count-not"), "1");
    assert_eq!(text_of(b, "count-undated"), "1");
    assert!(b.contains("<table id=\"by-kind\" aria-labelledby=\"by-kind-heading\">"));
    assert!(b.contains("<th scope=\"row\">battle</th>"));
    assert!(b.contains("Reporting period 2015-02-15 19:30 EET to 2015-02-16 19:30 EET"));
    // The verdicts with their evidence, headers scoped.
    assert!(b.contains("<table id=\"verdicts\">\n<caption>Showing every verdict: 4 of 4 verdicts.</caption>"));
    assert!(b.contains("<th scope=\"col\">evidence</th>"));
    assert_eq!(
        rows(b),
        [
            ("ucdp-ged:3001", "violation"),
            ("ucdp-ged:3002", "unknown"),
            ("ucdp-ged:3003", "not"),
            ("ucdp-ged:3006", "violation"),
        ]
        .map(|(e, o)| (e.to_owned(), o.to_owned()))
    );
    assert!(b.contains("in territory held by dpr-lpr (`held-2015`)"), "{b}");
    assert!(b.contains("3 deaths (best estimate)"));
    assert!(b.contains("outside the ceasefire&#39;s area `donbas`"));
    assert!(b.contains("its place is known only as an area"));
    assert!(b.contains("too coarse to count in one reporting day"));
    // Text from the events is escaped.
    assert!(b.contains("Donetsk &lt;b&gt;airport&lt;/b&gt; &amp; &quot;terminal&quot;"));
    assert!(!b.contains("<b>airport"));
    // The zones, and sources relative to the scenario.
    assert!(b.contains("<table id=\"zones\" aria-labelledby=\"zones-heading\">"));
    assert!(b.contains("<th scope=\"row\"><code>dpr-lpr-artillery</code></th>"));
    assert!(b.contains("<td>not yet</td>"), "the zones bind from 3 March");
    assert!(b.contains("donbas (Donetsk and Luhansk oblasts (hand-drawn outline)): geo/donbas.geojson"));
    assert!(!b.contains("events-note"), "the store has events");
    // Links to the same analyses as JSON.
    assert!(b.contains(
        "/api/v1/negotiations/minsk-2014-2015/monitor/report?ceasefire=minsk-ii-ceasefire&amp;date=2015-02-16"
    ));
    assert!(b.contains("/api/v1/negotiations/minsk-2014-2015/monitor/verdicts?ceasefire=minsk-ii-ceasefire&amp;from=2015-02-15T17%3A30%3A00Z&amp;to=2015-02-16T17%3A30%3A00Z&amp;outcome=all"));
    // Same request, same bytes.
    assert_eq!(page("&date=2015-02-16").body, r.body);
}

#[test]
fn the_page_defaults_to_the_first_day_and_asks_which_ceasefire() {
    let r = page("");
    assert!(r.body.contains("value=\"2015-02-15\" required>"), "the first day");
    assert!(r.body.contains("<h1>Ceasefire monitoring: 2015-02-15</h1>"));
    assert!(r.body.contains("No verdict to show."), "{}", r.body);
    assert!(r.body.contains("No stored event overlaps this reporting day."));
    assert!(!r.body.contains("rel=\"first\""), "already the first day");
    // Minsk declares two ceasefires: without one, a choice.
    let r = get("/negotiations/minsk-2014-2015/monitor");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("declares several ceasefires: choose one"));
    assert!(
        r.body
            .contains("href=\"/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-protocol-ceasefire\"")
    );
    assert!(
        r.body
            .contains("href=\"/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-ii-ceasefire\"")
    );
    // The other ceasefire: its own first day, a select to switch.
    let r = get("/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-protocol-ceasefire");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("value=\"2014-09-05\" required>"));
    assert!(
        r.body
            .contains("<label for=\"ceasefire\">Ceasefire</label><select id=\"ceasefire\" name=\"ceasefire\">")
    );
    assert!(r.body.contains("<option value=\"minsk-protocol-ceasefire\" selected>"));
    assert!(r.body.contains("The ceasefire names no held territory"));
}

#[test]
fn the_negotiation_page_links_every_ceasefire() {
    let r = get("/negotiations/minsk-2014-2015");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<li><a href=\"/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-protocol-ceasefire\">Ceasefire monitoring: Ceasefire of the Minsk Protocol"));
    assert!(r.body.contains("<li><a href=\"/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-ii-ceasefire\">Ceasefire monitoring: Ceasefire of the Package of Measures"));
    let r = get("/negotiations/geneva-2025");
    assert!(!r.body.contains("/monitor"), "no ceasefire, no link");
}

#[test]
fn the_verdict_table_filters_by_outcome() {
    let ids = |query: &str| -> Vec<String> { rows(&page(query).body).into_iter().map(|(e, _)| e).collect() };
    let base = "&date=2015-02-16&outcome=";
    assert_eq!(ids(&format!("{base}violation")), ["ucdp-ged:3001", "ucdp-ged:3006"]);
    assert_eq!(ids(&format!("{base}unknown")), ["ucdp-ged:3002"]);
    assert_eq!(ids(&format!("{base}not")), ["ucdp-ged:3003"]);
    assert_eq!(
        ids(&format!("{base}violation%2Cunknown")),
        ["ucdp-ged:3001", "ucdp-ged:3002", "ucdp-ged:3006"]
    );
    assert_eq!(ids(&format!("{base}unknown%7Cnot")), ["ucdp-ged:3002", "ucdp-ged:3003"]);
    assert_eq!(ids(&format!("{base}all")).len(), 4);
    assert_eq!(ids(&format!("{base}%2C%2C")).len(), 4, "separators alone: the default");
    let r = page(&format!("{base}unknown"));
    assert!(
        r.body
            .contains("<caption>Showing possible violations (unknown): 1 of 4 verdicts.</caption>")
    );
    assert!(r.body.contains("<option value=\"unknown\" selected>"));
    assert!(
        r.body
            .contains("<label for=\"outcome\">Show</label><select id=\"outcome\" name=\"outcome\">")
    );
    // The filter survives a change of day, and the map still shows every event.
    assert!(
        r.body
            .contains("<input type=\"hidden\" name=\"outcome\" value=\"unknown\">")
    );
    assert!(r.body.contains("date=2015-02-17&amp;outcome=unknown\" rel=\"next\""));
    assert!(r.body.contains("fill=\"#d7301f\""));
    // The counts do not depend on the filter.
    assert_eq!(text_of(&r.body, "count-violations"), "1");
    // A combination the select does not offer is shown as chosen.
    let r = page(&format!("{base}unknown%2Cnot"));
    assert!(
        r.body
            .contains("<option value=\"unknown,not\" selected>outcomes unknown,not</option>")
    );
    // Another day.
    assert_eq!(ids("&date=2015-02-20&outcome=violation"), ["ucdp-ged:3004"]);
}

#[test]
fn page_errors_are_pages_with_a_status() {
    for (query, status, text) in [
        ("&date=2015-02-30", 400, "date `2015-02-30` is not a date YYYY-MM-DD"),
        ("&date=16.02.2015", 400, "is not a date YYYY-MM-DD"),
        ("&date=%FF", 400, "is not a date YYYY-MM-DD"),
        ("&date=9999-12-31", 400, "no reporting period"),
        ("&outcome=maybe", 400, "outcome `maybe` is not one of"),
        ("&date=2015-02-16&date=2015-02-17", 400, "bad-query"),
    ] {
        let r = get(&format!("{PAGE}{query}"));
        assert_eq!(r.status, status, "{query}: {}", r.body);
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(r.body.contains(text), "{query}: {}", r.body);
    }
    let r = get("/negotiations/minsk-2014-2015/monitor?ceasefire=nope");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("no ceasefire `nope`"), "{}", r.body);
    assert!(r.body.contains("minsk-protocol-ceasefire, minsk-ii-ceasefire"));
    let r = get("/negotiations/nope/monitor");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("no negotiation `nope`"));
    let r = get("/negotiations/geneva-2025/monitor");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("declares no ceasefire"));
    // Markup in a parameter is escaped in the message.
    let r = get("/negotiations/minsk-2014-2015/monitor?ceasefire=%3Cscript%3E");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("&lt;script&gt;") && !r.body.contains("<script>"));
}

#[test]
fn the_front_line_follows_the_dated_snapshots() {
    let early = page("&date=2015-02-16");
    let late = page("&date=2015-02-20");
    assert!(
        text_of(&early.body, "front-line").contains("from the snapshot "),
        "{}",
        early.body
    );
    assert!(
        early
            .body
            .contains("<code>deepstatemap_data_20150214.geojson</code> in force from 2015-02-14T03:00:00Z UTC")
    );
    assert!(
        late.body
            .contains("<code>deepstatemap_data_20150218.geojson</code> in force from 2015-02-18T03:00:00Z UTC")
    );
    let (a, b) = (territory_path(&early.body), territory_path(&late.body));
    assert!(a.starts_with('M') && b.starts_with('M'));
    assert_ne!(a, b, "the front line moved between the snapshots");
    assert_eq!(
        a,
        territory_path(&page("&date=2015-02-17").body),
        "same snapshot, same line"
    );
    // The map's frame stays put from day to day.
    let view = |b: &str| b[b.find("viewBox=").unwrap()..][..40].to_owned();
    assert_eq!(view(&early.body), view(&late.body));
    // The report measures the change on the day the new snapshot takes effect.
    let r = page("&date=2015-02-18");
    let change = text_of(&r.body, "territorial-change");
    assert!(
        change.contains("snapshot deepstatemap_data_20150218.geojson against deepstatemap_data_20150214.geojson"),
        "{change}"
    );
    assert!(!change.contains(": 0.0 km² gained"), "{change}");
    // Before the first snapshot there is no line to draw.
    let r = page("&date=2015-02-13");
    assert!(text_of(&r.body, "front-line").starts_with("No snapshot of the territory"));
    assert!(!r.body.contains("fill=\"#c9b3d9\" fill-opacity"), "no territory drawn");
}

#[test]
fn without_events_the_page_says_how_to_ingest_and_still_draws_the_map() {
    let dir = tempfile::tempdir().unwrap();
    // No store at all.
    let none = common::start(None);
    let r = get_from(none, &format!("{PAGE}&date=2015-02-16"));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("runs without an event store"), "{}", r.body);
    assert!(r.body.contains("truce monitor ingest"));
    assert!(r.body.contains("<svg") && r.body.contains("contact-line-2015: ceasefire line"));
    assert!(text_of(&r.body, "front-line").contains("(undated: it holds for every day)"));
    assert!(!territory_path(&r.body).is_empty());
    assert_eq!(text_of(&r.body, "count-violations"), "0");
    // A store file that does not exist yet: said so, and not created by reading.
    let missing = dir.path().join("missing.sqlite");
    let addr = common::start_with(state(Some(missing.clone()), BTreeMap::new()));
    let r = get_from(addr, &format!("{PAGE}&date=2015-02-16"));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("The event store does not exist yet"), "{}", r.body);
    assert!(r.body.contains("/events/upload"));
    assert!(r.body.contains("<svg"));
    assert!(!missing.exists());
    let v = get_from(addr, &format!("{REPORT}&date=2015-02-16")).json();
    assert!(v["sources"].to_string().contains("does not exist yet"), "{v}");
    // An empty store.
    let empty = dir.path().join("empty.sqlite");
    truce_store::Store::open(&empty).unwrap();
    let addr = common::start_with(state(Some(empty), BTreeMap::new()));
    let r = get_from(addr, &format!("{PAGE}&date=2015-02-16"));
    assert_eq!(r.status, 200);
    assert!(r.body.contains("The event store holds no events yet"), "{}", r.body);
    assert!(r.body.contains("<svg"));
    let v = get_from(addr, VERDICTS).json();
    assert_eq!(v["summary"]["events"], 0);
    assert!(v["notes"][0].as_str().unwrap().contains("holds no events"), "{v}");
}

#[test]
fn the_verdicts_api_answers_in_the_cli_format() {
    let r = get(&format!("{VERDICTS}&from=2015-02-16&to=2015-02-16"));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["format"], "truce.monitor-verify/1");
    assert_eq!(v["negotiation"], "minsk-2014-2015");
    assert_eq!(v["ceasefire"], "minsk-ii-ceasefire");
    // A day means the day in the ceasefire's zone (Kyiv, UTC+2 in winter).
    assert_eq!(v["period"][0], "2015-02-15T22:00:00Z");
    assert_eq!(v["period"][1], "2015-02-16T22:00:00Z");
    assert_eq!(v["summary"]["events"], 4);
    assert_eq!(v["summary"]["violations"], 2);
    assert_eq!(v["summary"]["unknown"], 1);
    assert_eq!(v["summary"]["not_violations"], 1);
    assert_eq!(v["notes"].as_array().unwrap().len(), 0);
    // Listed as the CLI does: violations and unknowns, with their evidence.
    let listed: Vec<&str> = v["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["source_id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["3001", "3002", "3006"]);
    let first = &v["verdicts"][0];
    assert_eq!(first["outcome"], "violation");
    assert_eq!(first["holder"]["held"], "yes");
    assert_eq!(first["deaths"], 3);
    assert!(!first["reasons"].as_array().unwrap().is_empty());
    let all = get(&format!("{VERDICTS}&from=2015-02-16&to=2015-02-16&outcome=all")).json();
    assert_eq!(all["verdicts"].as_array().unwrap().len(), 4);
    let blank = get(&format!("{VERDICTS}&from=2015-02-16&to=2015-02-16&outcome=")).json();
    assert_eq!(blank["verdicts"], v["verdicts"], "an empty filter is the default");
    let not = get(&format!("{VERDICTS}&from=2015-02-16&to=2015-02-16&outcome=not")).json();
    assert_eq!(not["verdicts"][0]["source_id"], "3003");
    // Defaults: from the ceasefire's start, for a week.
    let d = get(VERDICTS).json();
    assert_eq!(d["period"][0], "2015-02-14T22:00:00Z");
    assert_eq!(d["period"][1], "2015-02-21T22:00:00Z");
    assert_eq!(d["summary"]["events"], 5, "all but the event before the ceasefire");
    // Instants work too.
    let i = get(&format!(
        "{VERDICTS}&from=2015-02-15T17:30Z&to=2015-02-16T19:30%5BEurope/Kyiv%5D&outcome=all"
    ))
    .json();
    assert_eq!(i["period"][0], "2015-02-15T17:30:00Z");
    assert_eq!(i["period"][1], "2015-02-16T17:30:00Z");
    assert_eq!(i["summary"]["events"], 4);
    // Same request, same bytes.
    assert_eq!(get(VERDICTS).body, get(VERDICTS).body);
}

#[test]
fn the_report_api_answers_in_the_report_format() {
    let r = get(&format!("{REPORT}&date=2015-02-16"));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["format"], "truce.monitor-report/1");
    assert_eq!(v["ceasefire"], "minsk-ii-ceasefire");
    assert_eq!(v["date"], "2015-02-16");
    assert_eq!(v["summary"]["violations"], 1);
    assert_eq!(v["summary"]["unknown"], 1);
    assert_eq!(v["summary"]["not_violations"], 1);
    assert_eq!(v["undated"].as_array().unwrap().len(), 1);
    assert_eq!(v["violations"][0]["source_id"], "3001");
    assert_eq!(v["change"]["to_snapshot"], "deepstatemap_data_20150214.geojson");
    assert!(v.get("map").is_none());
    let d = get(REPORT).json();
    assert_eq!(d["date"], "2015-02-15", "the ceasefire's first day");
    assert_eq!(
        get(&format!("{REPORT}&date=2015-02-20")).json()["violations"][0]["source_id"],
        "3004"
    );
    assert_eq!(get(&format!("{REPORT}&date=2015-02-16")).body, r.body);
}

#[test]
fn api_errors_are_json_with_a_code() {
    let v = VERDICTS;
    let rp = REPORT;
    let minsk = "/api/v1/negotiations/minsk-2014-2015/monitor";
    for (path, status, code) in [
        (format!("{v}&from=2015-02-30"), 400, "bad-date"),
        (format!("{v}&to=yesterday"), 400, "bad-date"),
        (format!("{v}&from=2015-02-20&to=2015-02-16"), 400, "bad-period"),
        (
            format!("{v}&from=2015-02-16T10:00Z&to=2015-02-16T10:00Z"),
            400,
            "bad-period",
        ),
        (format!("{v}&from=2014-01-01&to=2016-01-01"), 400, "period-too-long"),
        (format!("{v}&outcome=some"), 400, "bad-outcome"),
        (format!("{v}&from=9999-12-30T00:00Z"), 400, "bad-date"),
        (format!("{v}&from=-009999-01-01T00:00Z"), 400, "bad-date"),
        (format!("{v}&from=a&from=b"), 400, "bad-query"),
        (format!("{minsk}/verdicts"), 400, "missing-parameter"),
        (format!("{minsk}/verdicts?ceasefire=nope"), 400, "unknown-ceasefire"),
        (
            "/api/v1/negotiations/nope/monitor/verdicts".to_owned(),
            404,
            "not-found",
        ),
        (
            "/api/v1/negotiations/geneva-2025/monitor/verdicts".to_owned(),
            404,
            "not-found",
        ),
        (format!("{rp}&date=2015-13-01"), 400, "bad-date"),
        (format!("{rp}&date=20150216"), 400, "bad-date"),
        (format!("{rp}&date=9999-12-31"), 400, "bad-date"),
        (format!("{rp}&date=2015-02-16&date=2015-02-17"), 400, "bad-query"),
        (format!("{minsk}/report"), 400, "missing-parameter"),
        (
            format!("{minsk}/report?ceasefire=nope&date=2015-02-16"),
            400,
            "unknown-ceasefire",
        ),
        ("/api/v1/negotiations/nope/monitor/report".to_owned(), 404, "not-found"),
        (
            "/api/v1/negotiations/geneva-2025/monitor/report".to_owned(),
            404,
            "not-found",
        ),
    ] {
        let r = get(&path);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        let j = r.json();
        assert_eq!(j["error"], code, "{path}: {j}");
        assert!(!j["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn a_broken_geometry_override_is_a_server_error() {
    let dir = tempfile::tempdir().unwrap();
    let addr = common::start_with(state(
        None,
        BTreeMap::from([("held-2015".to_owned(), dir.path().join("nothing-here"))]),
    ));
    let r = get_from(addr, REPORT);
    assert_eq!(r.status, 500, "{}", r.body);
    assert_eq!(r.json()["error"], "geometry");
    let r = get_from(addr, PAGE);
    assert_eq!(r.status, 500);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    // Overrides apply only to the scenarios that declare the id.
    let r = get_from(
        addr,
        "/negotiations/minsk-2014-2015/monitor?ceasefire=minsk-protocol-ceasefire",
    );
    assert_eq!(
        r.status, 500,
        "held-2015 is a geometry of the scenario, loaded for every ceasefire"
    );
    let r = get_from(addr, "/negotiations/geneva-2025/monitor");
    assert_eq!(r.status, 404);
}

#[test]
fn the_openapi_document_lists_both_endpoints() {
    let doc = get("/api/openapi.json").json();
    let paths = doc["paths"].as_object().unwrap();
    for (path, format) in [
        ("/api/v1/negotiations/{id}/monitor/verdicts", "truce.monitor-verify/1"),
        ("/api/v1/negotiations/{id}/monitor/report", "truce.monitor-report/1"),
    ] {
        let op = &paths[path]["get"];
        assert!(
            op["responses"]["200"]["description"].as_str().unwrap().contains(format),
            "{op}"
        );
        let names: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"id") && names.contains(&"ceasefire"), "{names:?}");
        // Every endpoint answers with the documented format.
        let url = path.replace("{id}", "minsk-2014-2015") + "?ceasefire=minsk-ii-ceasefire";
        assert_eq!(get(&url).json()["format"], format);
    }
    let names = |p: &str| -> Vec<String> {
        paths[p]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        names("/api/v1/negotiations/{id}/monitor/verdicts"),
        ["id", "ceasefire", "from", "to", "outcome"]
    );
    assert_eq!(
        names("/api/v1/negotiations/{id}/monitor/report"),
        ["id", "ceasefire", "date"]
    );
}

/// A scenario of our own: a ceasefire with an end, no area of its own (the map is framed
/// on what is drawn), an exclusion zone drawn as an area, and an undated territory.
fn small_scenario(dir: &Path) -> PathBuf {
    let root = dir.join("scenarios");
    let s = root.join("truce-test");
    std::fs::create_dir_all(s.join("documents")).unwrap();
    std::fs::create_dir_all(s.join("geo")).unwrap();
    std::fs::write(
        s.join("negotiation.toml"),
        r#"[negotiation]
id = "truce-test"
title = "A test truce"

[[parties]]
id = "a"
name = "Side A"
kind = "state"

[[parties]]
id = "b"
name = "Side B"
kind = "state"

[[geometries]]
id = "held"
title = "Held by side B"
kind = "territory"
path = "geo/held.geojson"
holder = "b"

[[geometries]]
id = "range"
title = "A training ground"
kind = "area"
path = "geo/range.geojson"
"#,
    )
    .unwrap();
    std::fs::write(
        s.join("documents/truce.toml"),
        r#"[document]
id = "truce-text"
title = "The truce"
date = 2025-04-19
stage = "Cea"
status = "official"
authors = ["a", "b"]

[[provisions]]
id = "t-01"
number = "1"
text = "Both sides stop firing for two days."

[[provisions.provenance]]
source = "https://example.org/truce"
publisher = "Example"
date = 2025-04-19
confidence = 0.8

[[ceasefires]]
id = "two-days"
title = "Two days <of> quiet"
provisions = ["t-01"]
start = "2025-04-19T18:00[Europe/Moscow]"
end = "2025-04-21T00:00[Europe/Moscow]"
prohibited = ["battle", "shelling"]
territory = "held"

[[ceasefires.zones]]
id = "training"
kind = "exclusion"
area = "range"
side = "both"
"#,
    )
    .unwrap();
    std::fs::write(
        s.join("geo/held.geojson"),
        polygon("[37.0,47.0],[38.0,47.0],[38.0,48.0],[37.0,48.0],[37.0,47.0]"),
    )
    .unwrap();
    std::fs::write(
        s.join("geo/range.geojson"),
        polygon("[36.0,46.5],[36.5,46.5],[36.5,47.0],[36.0,47.0],[36.0,46.5]"),
    )
    .unwrap();
    root
}

#[test]
fn zones_drawn_as_areas_and_a_ceasefire_that_ended() {
    let dir = tempfile::tempdir().unwrap();
    let (state, warnings) = AppState::load(&small_scenario(dir.path()), None);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(state.scenarios.contains_key("truce-test"), "the scenario loads");
    let addr = common::start_with(state);
    // The only ceasefire is the default; its first day too.
    let r = get_from(addr, "/negotiations/truce-test/monitor");
    assert_eq!(r.status, 200, "{}", r.body);
    let b = &r.body;
    assert!(b.contains("<h1>Ceasefire monitoring: 2025-04-19</h1>"));
    assert!(b.contains("<input type=\"hidden\" name=\"ceasefire\" value=\"two-days\">"));
    assert!(b.contains("Two days &lt;of&gt; quiet") && !b.contains("<of>"));
    assert!(b.contains("range: zone area"), "the zone's area is drawn");
    assert!(b.contains("range (area of zones training)"));
    assert!(b.contains("<td>area <code>range</code></td>"), "{b}");
    assert!(b.contains("<td>yes</td>"), "the zone applies on the first day");
    assert!(text_of(b, "front-line").contains("geo/held.geojson (undated: it holds for every day)"));
    // Framed on the territory and the zone (no area of its own): both are in view.
    let view = &b[b.find("viewBox=\"").unwrap() + 9..];
    let view: Vec<f64> = view[..view.find('"').unwrap()]
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(view[2], 800.0);
    assert!(view[3] > 100.0, "{view:?}");
    // After the end, the zone no longer applies.
    let r = get_from(addr, "/negotiations/truce-test/monitor?date=2025-04-22");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<td>no: the ceasefire had ended</td>"), "{}", r.body);
    assert!(r.body.contains("to 2025-04-21 00:00 MSK"), "the end is shown");
    // The API answers without naming the only ceasefire.
    let v = get_from(addr, "/api/v1/negotiations/truce-test/monitor/verdicts").json();
    assert_eq!(v["ceasefire"], "two-days");
    assert_eq!(v["period"][1], "2025-04-20T21:00:00Z", "the ceasefire's end");
    assert!(
        v["notes"][0].as_str().unwrap().contains("without an event store"),
        "{v}"
    );
    let v = get_from(addr, "/api/v1/negotiations/truce-test/monitor/report").json();
    assert_eq!(v["date"], "2025-04-19");
}

#[test]
fn zones_in_force_show_in_the_evidence() {
    let r = page("&date=2015-03-10");
    let b = &r.body;
    assert_eq!(
        rows(b),
        [("acled:UKR9001", "violation"), ("ucdp-ged:3007", "violation")].map(|(e, o)| (e.to_owned(), o.to_owned()))
    );
    assert!(
        b.contains("inside 25 km withdrawal zone of dpr-lpr for artillery of 100 mm calibre and above, from `memorandum-line-2014`"),
        "{b}"
    );
    assert!(b.contains("shelling (Shelling/artillery/missile attack)"));
    assert!(b.contains("(place not named)"));
    assert!(!b.contains("<td>not yet</td>"), "every zone binds from 3 March");
    assert!(b.contains("<td>yes</td>"));
}

#[test]
fn a_store_that_cannot_be_read_is_unavailable() {
    let dir = tempfile::tempdir().unwrap();
    // A folder where the store file should be.
    let addr = common::start_with(state(Some(dir.path().to_path_buf()), BTreeMap::new()));
    let r = get_from(addr, &format!("{REPORT}&date=2015-02-16"));
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.json()["error"], "store");
    let r = get_from(addr, VERDICTS);
    assert_eq!(r.status, 503);
    let r = get_from(addr, PAGE);
    assert_eq!(r.status, 503);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
}
