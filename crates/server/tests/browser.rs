//! End to end in a real headless Chromium, driven over WebDriver (chromedriver): every
//! page opens; two drafts are picked and compared; a link confirmed in the browser is
//! still there after a restart; an uploaded CSV with bad rows shows its counts.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them). Without
//! them the tests say so and pass, except under `CI`, where they fail.

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::start;
use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session; both end on drop.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
}

fn driver_available() -> bool {
    let found = Command::new("chromedriver").arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromedriver is missing (install chromium-driver)"
        );
        eprintln!("skipped: chromedriver is not installed (apt install chromium chromium-driver)");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Browser {
    fn new() -> Browser {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut b = Browser {
            driver,
            port,
            session: String::new(),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            },
        }}});
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("a session").to_owned();
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let r = common::request(
            addr,
            method,
            path,
            "Content-Type: application/json\r\n",
            body.as_bytes(),
        );
        let v: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", r.body));
        assert!(r.status < 300, "{method} {path}: {}", r.body);
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({"url": url})));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_owned()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &self.s(&format!("/element/{e}/click")), Some(json!({})));
    }

    fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({"text": text})),
        );
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &self.s(&format!("/element/{e}/text")), None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// What a reader sees: the rendered text of the page.
    fn page_text(&self) -> String {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            Some(json!({"script": "return document.body.innerText", "args": []})),
        )
        .as_str()
        .unwrap()
        .to_owned()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
            let _ = common::try_request(addr, "DELETE", &format!("/session/{}", self.session), "", b"");
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn store_with_token() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let (_, secret) = truce_store::Store::open(&path)
        .unwrap()
        .create_token("browser")
        .unwrap();
    (dir, path, secret)
}

#[test]
fn every_page_opens_and_two_drafts_compare() {
    if !driver_available() {
        return;
    }
    let addr = start(None);
    let b = Browser::new();
    let base = format!("http://{addr}");
    for (path, expect) in [
        ("/", "Russia-Ukraine"),
        ("/negotiations/geneva-2025", "Compare two drafts"),
        ("/negotiations/geneva-2025/documents/e3-counter-proposal", "confidence"),
        ("/negotiations/minsk-2014-2015/evolution", "Evolution of"),
        ("/negotiations/jcpoa-2015/timeline?as_of=2025-10-01", "snapback"),
        ("/sign-in", "Sign in"),
        ("/events/upload", "Sign in to upload"),
    ] {
        b.go(&format!("{base}{path}"));
        let text = b.page_text();
        assert!(text.contains(expect), "{path}: {text}");
    }
    // Pick two drafts with the form and compare them.
    b.go(&format!("{base}/negotiations/geneva-2025"));
    b.click("#a option[value='us-28-point-plan']");
    b.click("#b option[value='twenty-point-framework']");
    b.click("form.inline button[type=submit]");
    assert_eq!(b.text("h1"), "us-28-point-plan → twenty-point-framework");
    let text = b.page_text();
    assert!(text.contains("Left: "), "{text}");
    b.find("del");
    b.find("ins");
}

#[test]
fn a_link_confirmed_in_the_browser_survives_a_restart() {
    if !driver_available() {
        return;
    }
    let (_dir, store, secret) = store_with_token();
    let addr = start(Some(store.clone()));
    let b = Browser::new();
    let base = format!("http://{addr}");
    b.go(&format!("{base}/sign-in"));
    b.type_in("#token", &secret);
    b.click("form[action='/sign-in'] button[type=submit]");
    b.go(&format!(
        "{base}/negotiations/geneva-2025/compare?a=us-28-point-plan&b=e3-counter-proposal"
    ));
    b.click("#link-a option[value='us28-01']");
    b.click("#link-b option[value='e3-02']");
    b.click("input[name=status][value=confirmed]");
    b.type_in("#note", "checked by hand");
    b.click("form[action$='/links'] button[type=submit]");
    assert!(
        b.page_text().contains("Saved the link us28-01-e3-02"),
        "{}",
        b.page_text()
    );
    // A new server on the same store.
    let again = start(Some(store));
    b.go(&format!("http://{again}/api/v1/negotiations/geneva-2025/links"));
    let text = b.page_text();
    assert!(
        text.contains("\"us28-01\"") && text.contains("\"confirmed\"") && text.contains("checked by hand"),
        "{text}"
    );
}

#[test]
fn an_uploaded_csv_shows_accepted_and_rejected_counts() {
    if !driver_available() {
        return;
    }
    let (_dir, store, secret) = store_with_token();
    let addr = start(Some(store));
    let b = Browser::new();
    let base = format!("http://{addr}");
    b.go(&format!("{base}/sign-in"));
    b.type_in("#token", &secret);
    b.click("form[action='/sign-in'] button[type=submit]");
    b.go(&format!("{base}/events/upload"));
    let csv = std::fs::canonicalize(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events/tests/fixtures/ucdp_small.csv"
    ))
    .unwrap();
    b.type_in("#file", csv.to_str().unwrap());
    b.click("#format option[value=ucdp]");
    b.click("form[action='/events/upload'] button[type=submit]");
    assert_eq!(b.text("#read"), "19");
    assert_eq!(b.text("#accepted"), "6");
    assert_eq!(b.text("#rejected"), "13");
    assert!(b.page_text().contains("Rejected rows"));
}
