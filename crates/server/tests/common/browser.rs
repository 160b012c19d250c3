//! A headless Chromium driven over WebDriver (chromedriver), for the browser tests.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session; both end on drop.
pub struct Browser {
    // One browser at a time in a test binary: several headless Chromiums on two cores
    // make chromedriver drop connections. Released once drop() has stopped chromedriver.
    _turn: std::sync::MutexGuard<'static, ()>,
    driver: Child,
    port: u16,
    session: String,
}

pub fn driver_available() -> bool {
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
    pub fn new() -> Browser {
        static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
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
            _turn: turn,
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

    pub fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        // Queries are retried when chromedriver drops the connection under load; commands
        // with effects (clicks, typing, navigation) are not.
        let safe = method == "GET" || path.ends_with("/element") || path.ends_with("/execute/sync");
        let mut tries = 0;
        let r = loop {
            tries += 1;
            match super::try_request(
                addr,
                method,
                path,
                "Content-Type: application/json\r\n",
                body.as_bytes(),
            ) {
                Ok(r) => break r,
                Err(e) if safe && tries < 3 => {
                    eprintln!("retrying {method} {path}: {e}");
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("{method} {path}: {e}"),
            }
        };
        let v: Value = serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", r.body));
        assert!(r.status < 300, "{method} {path}: {}", r.body);
        v["value"].clone()
    }

    pub fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Waits until the address contains `part`: a click on a link or a submit button
    /// returns before the new page is there.
    pub fn wait_for_url(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let url = self.call("GET", &self.s("/url"), None);
            if url.as_str().is_some_and(|u| u.contains(part)) {
                return;
            }
            assert!(Instant::now() < deadline, "the browser did not reach {part}: {url}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until an element matching `css` is on the page.
    pub fn wait_for(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.call(
                "POST",
                &self.s("/execute/sync"),
                Some(json!({
                    "script": "return document.querySelector(arguments[0]) !== null",
                    "args": [css],
                })),
            );
            if v.as_bool() == Some(true) {
                return;
            }
            assert!(Instant::now() < deadline, "no {css} appeared");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({"url": url})));
    }

    pub fn find(&self, css: &str) -> String {
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

    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &self.s(&format!("/element/{e}/click")), Some(json!({})));
    }

    pub fn type_in(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call(
            "POST",
            &self.s(&format!("/element/{e}/value")),
            Some(json!({"text": text})),
        );
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &self.s(&format!("/element/{e}/text")), None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// What a reader sees: the rendered text of the page.
    pub fn page_text(&self) -> String {
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
            let _ = super::try_request(addr, "DELETE", &format!("/session/{}", self.session), "", b"");
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
