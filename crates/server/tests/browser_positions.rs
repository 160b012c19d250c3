//! Positions and precedents in a real headless Chromium, driven over WebDriver
//! (chromedriver): from the negotiation page to the red lines, a draft picked with the
//! form changes the matrix; the zone page opens; a precedent search typed into the form
//! lists its answers.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the tests say so and
//! pass, except under `CI`, where they fail.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::browser::{Browser, driver_available};
use common::start;
use truce_model::pax_taxonomy::CODES;

/// A store holding four PA-X-shaped agreements, imported from an export written here.
fn small_corpus(dir: &Path) -> PathBuf {
    let mut header: Vec<&str> = truce_pax::METADATA_COLUMNS.to_vec();
    header.extend(CODES.iter().map(|c| c.code));
    let mut lines = vec![header.join(",")];
    for (id, process, codes) in [
        (1u32, (10, "Alpha process"), &[("Ce", 2u8), ("SsrArm", 1)][..]),
        (2, (10, "Alpha process"), &[("Ce", 2), ("SsrArm", 1), ("TjAm", 2)][..]),
        (3, (20, "Beta process"), &[("Ce", 1), ("Ele", 1)][..]),
        // Without a ceasefire code, so that Ce is not in every agreement (it would weigh 0).
        (4, (30, "Gamma process"), &[("Ele", 1)][..]),
    ] {
        let mut cells = vec![
            id.to_string(),
            format!("Accord number {id}"),
            "01/06/2010".to_owned(),
            format!("Land of {}", process.1),
            process.0.to_string(),
            process.1.to_owned(),
            "Europe and Eurasia".to_owned(),
            "Cea".to_owned(),
            "Ceas".to_owned(),
            "Intra".to_owned(),
            "Multiparty signed/agreed".to_owned(),
        ];
        for info in CODES {
            let level = codes.iter().find(|(c, _)| *c == info.code).map_or(0, |(_, l)| *l);
            cells.push(level.to_string());
        }
        lines.push(cells.join(","));
    }
    let text = lines.join("\n") + "\n";
    let read = truce_pax::read_agreements(text.as_bytes(), "small.csv").unwrap();
    assert!(read.rejects.is_empty(), "{:?}", read.rejects);
    let store = dir.join("store.sqlite");
    truce_store::Store::open(&store)
        .unwrap()
        .import_pax(&read.agreements)
        .unwrap();
    store
}

/// Waits until the browser's address contains `part` (a click on a link or a submit
/// button returns before the new page is there).
fn wait_for_url(b: &Browser, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = b.call("GET", &b.s("/url"), None);
        if url.as_str().is_some_and(|u| u.contains(part)) {
            return;
        }
        assert!(Instant::now() < deadline, "the browser did not reach {part}: {url}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn picking_a_draft_changes_the_red_line_matrix() {
    if !driver_available() {
        return;
    }
    let addr = start(None);
    let b = Browser::new();
    let base = format!("http://{addr}");
    b.go(&format!("{base}/negotiations/geneva-2025"));
    b.click("a[href='/negotiations/geneva-2025/positions']");
    wait_for_url(&b, "/positions");
    assert_eq!(b.text("h1"), "Red lines");
    assert!(b.page_text().contains("Verdicts by draft"), "{}", b.page_text());

    // The US plan recognises Russian control de facto: Europe's red line is broken.
    b.click("#draft option[value='us-28-point-plan']");
    b.click("form[action$='/positions'] button[type=submit]");
    wait_for_url(&b, "draft=us-28-point-plan");
    assert!(b.text("h1").starts_with("Red lines: US 28-point"), "{}", b.text("h1"));
    let eu = b.text("#rl-eu-no-border-change-by-force");
    assert!(eu.contains("broken") && eu.contains("us28-21"), "{eu}");
    assert!(b.text("#verdict-eu").contains("rejects"));
    assert!(b.text("#verdict-ru").contains("acceptable"));

    // The E3 counter-proposal keeps recognition at none: the same red line holds.
    b.click("#draft option[value='e3-counter-proposal']");
    b.click("form[action$='/positions'] button[type=submit]");
    wait_for_url(&b, "draft=e3-counter-proposal");
    assert!(b.text("h1").contains("E3"), "{}", b.text("h1"));
    let eu = b.text("#rl-eu-no-border-change-by-force");
    assert!(eu.contains("holds") && !eu.contains("broken"), "{eu}");
    assert!(b.text("#verdict-ru").contains("rejects"));

    // A provision that decides a verdict opens in its document.
    b.click("#rl-eu-no-border-change-by-force a[href*='/documents/e3-counter-proposal#']");
    wait_for_url(&b, "/documents/e3-counter-proposal#");
    assert!(b.text("h1").contains("E3"), "{}", b.text("h1"));

    // The zone of agreement.
    b.go(&format!("{base}/negotiations/geneva-2025/zopa"));
    let text = b.page_text();
    assert!(text.contains("NO package satisfies every party's red lines."), "{text}");
    assert!(text.contains("minimal conflict sets"), "{text}");
}

#[test]
fn a_precedent_search_from_the_form() {
    if !driver_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let addr = start(Some(small_corpus(dir.path())));
    let b = Browser::new();
    let base = format!("http://{addr}");
    b.go(&format!("{base}/"));
    b.click("nav a[href='/precedents']");
    wait_for_url(&b, "/precedents");
    b.type_in("#pax", "2");
    b.click("#by-pax button[type=submit]");
    wait_for_url(&b, "pax=2");
    let text = b.page_text();
    assert!(text.contains("Nearest precedents of PA-X 2"), "{text}");
    assert!(b.text("#rank-1").contains("Accord number 1"), "{}", b.text("#rank-1"));
    assert!(b.text("#pax-1").contains("TjAm 2"), "{}", b.text("#pax-1"));
    // From other processes only: the Alpha accord goes.
    b.click("#pax-other");
    b.click("#by-pax button[type=submit]");
    wait_for_url(&b, "other_processes=true");
    assert!(b.text("#rank-1").contains("Accord number 3"), "{}", b.text("#rank-1"));

    // Without a corpus the page says how to import one.
    let bare = start(None);
    b.go(&format!("http://{bare}/precedents"));
    b.click("#doc option[value='minsk-2014-2015/minsk-package']");
    b.click("#by-document button[type=submit]");
    wait_for_url(&b, "doc=minsk-2014-2015");
    let text = b.page_text();
    assert!(text.contains("pax import"), "{text}");
}
