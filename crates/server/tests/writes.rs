//! Writes over real HTTP: tokens (401 without, 403 with a bad one), reviewed links that
//! outlive the server, event uploads with counts that add up, body limits, CSRF.

mod common;

use std::path::PathBuf;

use common::{request, start};

fn store_with_token() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.sqlite");
    let mut store = truce_store::Store::open(&path).unwrap();
    let (_, secret) = store.create_token("tester").unwrap();
    (dir, path, secret)
}

const LINK: &str = r#"{"a": "us28-06", "b": "e3-06", "status": "rejected", "note": "test"}"#;

#[test]
fn links_need_a_valid_token_and_outlive_the_server() {
    let (_dir, path, secret) = store_with_token();
    let addr = start(Some(path.clone()));
    let json = "Content-Type: application/json\r\n";
    let url = "/api/v1/negotiations/geneva-2025/links";
    let r = request(addr, "POST", url, json, LINK.as_bytes());
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.json()["error"], "unauthorized");
    let r = request(
        addr,
        "POST",
        url,
        &format!("{json}Authorization: Bearer truce_wrong\r\n"),
        LINK.as_bytes(),
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["error"], "forbidden");
    let compare = "/api/v1/negotiations/geneva-2025/compare?a=us-28-point-plan&b=e3-counter-proposal";
    let joined = |addr| {
        let c = request(addr, "GET", compare, "", b"").json();
        c["entries"].as_array().unwrap().iter().any(|e| {
            let s = e.to_string();
            s.contains("\"us28-06\"") && s.contains("\"e3-06\"")
        })
    };
    assert!(joined(addr), "the aligner pairs the two army-cap points by itself");
    let auth = format!("{json}Authorization: Bearer {secret}\r\n");
    let r = request(addr, "POST", url, &auth, LINK.as_bytes());
    assert_eq!(r.status, 201, "{}", r.body);
    assert!(!joined(addr), "the cached comparison is not reused after a review");
    assert_eq!(r.json()["author"], "tester");
    for (body, code) in [
        ("{not json", "bad-json"),
        (
            r#"{"a": "nope", "b": "e3-06", "status": "confirmed"}"#,
            "unknown-provision",
        ),
        (
            r#"{"a": "e3-01", "b": "e3-06", "status": "confirmed"}"#,
            "same-document",
        ),
        (r#"{"a": "us28-06", "b": "e3-06", "status": "maybe"}"#, "bad-status"),
    ] {
        let r = request(addr, "POST", url, &auth, body.as_bytes());
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        assert_eq!(r.json()["error"], code, "{body}");
    }
    // Over the 1 MiB limit of a JSON body.
    let big = vec![b' '; 2 * 1024 * 1024];
    let r = request(addr, "POST", url, &auth, &big);
    assert_eq!(r.status, 413, "{}", r.body);
    // A second server on the same store (a restart) still has the link, and the
    // comparison obeys it: us28-06 is no longer aligned with e3-06.
    let again = start(Some(path));
    let links = request(again, "GET", url, "", b"").json();
    assert_eq!(links["links"][0]["status"], "rejected");
    let c = request(
        again,
        "GET",
        "/api/v1/negotiations/geneva-2025/compare?a=us-28-point-plan&b=e3-counter-proposal",
        "",
        b"",
    )
    .json();
    let joined = c["entries"].as_array().unwrap().iter().any(|e| {
        let s = e.to_string();
        s.contains("\"us28-06\"") && s.contains("\"e3-06\"")
    });
    assert!(!joined, "the rejected link is not proposed");
}

#[test]
fn an_upload_with_bad_rows_reports_counts_that_add_up() {
    let (_dir, path, secret) = store_with_token();
    let addr = start(Some(path.clone()));
    let csv = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../events/tests/fixtures/ucdp_small.csv"
    ))
    .unwrap();
    let r = request(addr, "POST", "/api/v1/events?format=ucdp", "", &csv);
    assert_eq!(r.status, 401);
    let auth = format!("Authorization: Bearer {secret}\r\n");
    let r = request(addr, "POST", "/api/v1/events?format=ucdp", &auth, &csv);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["format"], "truce.ingest/1");
    let (read, accepted, rejected) = (
        v["read"].as_u64().unwrap(),
        v["accepted"].as_u64().unwrap(),
        v["rejected"].as_u64().unwrap(),
    );
    assert_eq!(read, accepted + rejected);
    // The fixture has 19 records, 13 of them deliberately bad (cli test: 6 accepted).
    assert_eq!((read, accepted, rejected), (19, 6, 13));
    assert_eq!(v["rejects"].as_array().unwrap().len(), 13);
    assert_eq!(v["new"], 6);
    // Again: idempotent.
    let v = request(addr, "POST", "/api/v1/events?format=ucdp", &auth, &csv).json();
    assert_eq!((v["new"].as_u64(), v["unchanged"].as_u64()), (Some(0), Some(6)));
    let r = request(addr, "POST", "/api/v1/events?format=shapefile", &auth, &csv);
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"], "bad-format");
    assert_eq!(truce_store::Store::open(&path).unwrap().event_count().unwrap(), 6);
    // Without waiting: 202 and a job to follow until it is done.
    let r = request(addr, "POST", "/api/v1/events?format=ucdp&wait=false", &auth, &csv);
    assert_eq!(r.status, 202, "{}", r.body);
    let job = r.json()["status"].as_str().unwrap().to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let done = loop {
        let v = request(addr, "GET", &job, "", b"").json();
        if v["state"] == "done" {
            break v;
        }
        assert_eq!(v["state"], "running", "{v}");
        assert!(std::time::Instant::now() < deadline);
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert_eq!(done["summary"]["unchanged"], 6);
    assert_eq!(done["rows"], 19);
    assert_eq!(request(addr, "GET", "/api/v1/jobs/999", "", b"").status, 404);
    // A declared size over the limit is refused before anything is read.
    // An empty upload is refused with a reason that names no server path.
    let r = request(addr, "POST", "/api/v1/events?format=ucdp", &auth, b"");
    assert_eq!(r.status, 400);
    let v = r.json();
    assert_eq!(v["error"], "bad-file");
    assert!(v["message"].as_str().unwrap().starts_with("the upload is empty"), "{v}");
    // A declared size over the limit is refused before anything is read.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    use std::io::{Read, Write};
    write!(
        s,
        "POST /api/v1/events?format=ucdp HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer {secret}\r\nContent-Length: {}\r\n\r\n",
        65 * 1024 * 1024
    )
    .unwrap();
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
}

#[test]
fn forms_need_the_csrf_value_of_the_signed_in_browser() {
    let (_dir, path, secret) = store_with_token();
    let addr = start(Some(path));
    let form = "Content-Type: application/x-www-form-urlencoded\r\n";
    let body = b"a=us28-06&b=e3-06&status=confirmed";
    let cookie = format!("Cookie: truce_token={secret}; truce_csrf=abc\r\n");
    // No CSRF field, or a wrong one: refused.
    let r = request(
        addr,
        "POST",
        "/negotiations/geneva-2025/links",
        &format!("{form}{cookie}"),
        body,
    );
    assert_eq!(r.status, 403, "{}", r.body);
    let wrong = b"csrf=xyz&a=us28-06&b=e3-06&status=confirmed";
    assert_eq!(
        request(
            addr,
            "POST",
            "/negotiations/geneva-2025/links",
            &format!("{form}{cookie}"),
            wrong
        )
        .status,
        403
    );
    // The right one: saved, and back to the comparison.
    let right = b"csrf=abc&a=us28-06&b=e3-06&status=confirmed&back_a=us-28-point-plan&back_b=e3-counter-proposal";
    let r = request(
        addr,
        "POST",
        "/negotiations/geneva-2025/links",
        &format!("{form}{cookie}"),
        right,
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.header("location").unwrap().contains("saved=us28-06-e3-06"));
    // Signing in sets both cookies, HttpOnly and SameSite=Strict.
    let r = request(addr, "POST", "/sign-in", form, format!("token={secret}").as_bytes());
    assert_eq!(r.status, 303);
    let cookies: Vec<&str> = r
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(cookies.len(), 2);
    assert!(
        cookies
            .iter()
            .all(|c| c.contains("HttpOnly") && c.contains("SameSite=Strict"))
    );
    let r = request(addr, "POST", "/sign-in", form, b"token=truce_wrong");
    assert_eq!(r.status, 403);
}

#[test]
fn reads_can_be_made_token_only() {
    let (_dir, path, secret) = store_with_token();
    let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    let (mut state, _) = truce_server::AppState::load(&scenarios, Some(path));
    state.reads_need_token = true;
    let addr = common::start_with(state);
    assert_eq!(request(addr, "GET", "/api/v1/negotiations", "", b"").status, 401);
    assert_eq!(request(addr, "GET", "/", "", b"").status, 401);
    let auth = format!("Authorization: Bearer {secret}\r\n");
    assert_eq!(request(addr, "GET", "/api/v1/negotiations", &auth, b"").status, 200);
    assert_eq!(request(addr, "GET", "/healthz", "", b"").status, 200);
    assert_eq!(request(addr, "GET", "/sign-in", "", b"").status, 200);
}

#[test]
fn provenance_claims_are_checked_stored_and_shown() {
    let (_dir, path, secret) = store_with_token();
    let addr = start(Some(path));
    let url = "/api/v1/negotiations/geneva-2025/provenance";
    let json = "Content-Type: application/json\r\n";
    let claim = r#"{"provision": "e3-06", "source": "https://example.org/report", "publisher": "Example Wire", "date": "2025-11-24", "confidence": 0.4, "note": "second-hand"}"#;
    assert_eq!(request(addr, "POST", url, json, claim.as_bytes()).status, 401);
    let auth = format!("{json}Authorization: Bearer {secret}\r\n");
    let r = request(addr, "POST", url, &auth, claim.as_bytes());
    assert_eq!(r.status, 201, "{}", r.body);
    for (body, code) in [
        (
            r#"{"provision": "nope", "source": "s", "publisher": "p", "date": "2025-11-24", "confidence": 0.4}"#,
            "unknown-provision",
        ),
        (
            r#"{"provision": "e3-06", "source": "s", "publisher": "p", "date": "2025-13-40", "confidence": 0.4}"#,
            "bad-date",
        ),
        (
            r#"{"provision": "e3-06", "source": "s", "publisher": "p", "date": "2025-11-24", "confidence": 1.4}"#,
            "bad-confidence",
        ),
        (
            r#"{"provision": "e3-06", "source": " ", "publisher": "p", "date": "2025-11-24", "confidence": 0.4}"#,
            "bad-source",
        ),
        (r#"{"provision": "e3-06"}"#, "bad-json"),
    ] {
        let r = request(addr, "POST", url, &auth, body.as_bytes());
        assert_eq!(r.status, 400, "{body}: {}", r.body);
        assert_eq!(r.json()["error"], code, "{body}");
    }
    let list = request(addr, "GET", url, "", b"").json();
    assert_eq!(list["claims"].as_array().unwrap().len(), 1);
    assert_eq!(list["claims"][0]["author"], "tester");
    let page = request(
        addr,
        "GET",
        "/negotiations/geneva-2025/documents/e3-counter-proposal",
        "",
        b"",
    );
    assert!(
        page.body.contains("Example Wire (2025-11-24)") && page.body.contains("added by tester"),
        "{}",
        page.body
    );
}
