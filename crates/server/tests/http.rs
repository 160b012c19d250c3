//! The server over real HTTP on a loopback port: every page, every API endpoint, errors,
//! health, metrics, request ids and the OpenAPI document.

mod common;

use std::net::SocketAddr;
use std::sync::OnceLock;

use common::Reply;

fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| common::start(None))
}

fn get_with(path: &str, extra: &str) -> Reply {
    common::request(server(), "GET", path, extra, b"")
}

fn get(path: &str) -> Reply {
    get_with(path, "")
}

#[test]
fn every_page_renders() {
    let r = get("/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("href=\"/negotiations/geneva-2025\""), "{}", r.body);
    assert!(r.body.contains("<a class=\"skip\" href=\"#main\">"));
    let r = get("/negotiations/geneva-2025");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<select id=\"a\" name=\"a\">"));
    assert!(r.body.contains("/negotiations/geneva-2025/documents/us-28-point-plan"));
    let r = get("/negotiations/geneva-2025/documents/e3-counter-proposal");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("confidence"), "provenance is shown");
    let r = get("/negotiations/geneva-2025/compare?a=us-28-point-plan&b=e3-counter-proposal");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<del>") && r.body.contains("<ins>"), "a redline");
    assert!(r.body.contains("<option value=\"e3-counter-proposal\" selected>"));
    let r = get("/negotiations/minsk-2014-2015/evolution");
    assert_eq!(r.status, 200);
    let r = get("/negotiations/jcpoa-2015/timeline?as_of=2025-10-01");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<code>snapback</code>"));
    assert!(r.body.contains("class=\"status-reached\">reached"), "{}", r.body);
    let r =
        get("/negotiations/jcpoa-2015/timeline?as_of=2025-10-01&what_if=performed%3Aunsc-continuation%402025-09-20");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("found performed on 2025-09-20"), "{}", r.body);
    assert!(r.body.contains("class=\"status-met\">met"), "{}", r.body);
}

#[test]
fn unknown_pages_are_404_pages() {
    let r = get("/negotiations/nope");
    assert_eq!(r.status, 404);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.body.contains("no negotiation `nope`"));
    assert_eq!(get("/no/such/page").status, 404);
}

#[test]
fn api_endpoints_answer_in_their_formats() {
    let r = get("/api/v1/negotiations");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["format"], "truce.negotiations/1");
    assert_eq!(v["negotiations"].as_array().unwrap().len(), 3);
    assert_eq!(
        get("/api/v1/negotiations/minsk-2014-2015").json()["format"],
        "truce.export/1"
    );
    let d = get("/api/v1/negotiations/minsk-2014-2015/documents/minsk-package").json();
    assert_eq!(d["format"], "truce.export/1");
    let c = get("/api/v1/negotiations/geneva-2025/compare?a=us-28-point-plan&b=e3-counter-proposal").json();
    assert_eq!(c["format"], "truce.compare/1");
    assert_eq!(
        get("/api/v1/negotiations/geneva-2025/evolution").json()["format"],
        "truce.evolution/1"
    );
    let t = get("/api/v1/negotiations/jcpoa-2015/timeline?as_of=2025-10-01").json();
    assert_eq!(t["format"], "truce.timeline/1");
    let snap = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "snapback")
        .unwrap();
    assert_eq!(snap["status"], "reached");
    let t =
        get("/api/v1/negotiations/jcpoa-2015/timeline?as_of=2025-10-01&what_if=performed:unsc-continuation@2025-09-20")
            .json();
    let snap = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "snapback")
        .unwrap();
    assert_eq!(snap["status"], "pending");
}

#[test]
fn api_errors_are_json_with_a_code() {
    for (path, status, code) in [
        ("/api/v1/negotiations/nope", 404, "not-found"),
        ("/api/v1/negotiations/geneva-2025/documents/nope", 404, "not-found"),
        ("/api/v1/negotiations/geneva-2025/compare", 400, "missing-parameter"),
        (
            "/api/v1/negotiations/geneva-2025/compare?a=us-28-point-plan&b=nope",
            404,
            "not-found",
        ),
        (
            "/api/v1/negotiations/jcpoa-2015/timeline?as_of=2025-13-01",
            400,
            "bad-date",
        ),
        (
            "/api/v1/negotiations/jcpoa-2015/timeline?as_of=2010-01-01",
            400,
            "cannot-evaluate",
        ),
        (
            "/api/v1/negotiations/jcpoa-2015/timeline?what_if=report:x",
            400,
            "bad-what-if",
        ),
        ("/api/v1/negotiations/geneva-2025/timeline?plan=nope", 404, "not-found"),
        ("/api/v1/nothing", 404, "not-found"),
    ] {
        let r = get(path);
        assert_eq!(r.status, status, "{path}: {}", r.body);
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        let v = r.json();
        assert_eq!(v["error"], code, "{path}: {v}");
        assert!(!v["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn health_metrics_and_request_ids() {
    let r = get("/healthz");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["scenarios"], 3);
    assert!(r.header("x-request-id").is_some_and(|v| v.starts_with('r')));
    let r = get_with("/healthz", "x-request-id: abc-123\r\n");
    assert_eq!(r.header("x-request-id"), Some("abc-123"));
    let r = get_with("/healthz", "x-request-id: bad id!\r\n");
    assert_ne!(r.header("x-request-id"), Some("bad id!"));
    get("/negotiations/geneva-2025");
    let m = get("/metrics");
    assert_eq!(m.status, 200);
    assert!(
        m.header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let line = m
        .body
        .lines()
        .find(|l| l.starts_with("truce_http_requests_total{route=\"/negotiations/{id}\",status=\"200\"}"))
        .unwrap_or_else(|| panic!("{}", m.body));
    let n: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(n >= 1);
    assert!(m.body.contains("truce_scenarios_loaded 3"));
}

#[test]
fn the_openapi_document_lists_every_endpoint_and_each_answers() {
    let doc = get("/api/openapi.json").json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 9, "{}", paths.len());
    for p in [
        "/api/v1/negotiations/{id}/provenance",
        "/api/v1/negotiations/{id}/links",
        "/api/v1/events",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    // The endpoints of this file's concern (the monitor's and positions' have their own tests).
    let here = |p: &str| {
        !p.contains("/monitor")
            && !p.contains("/assess")
            && !p.contains("/zopa")
            && !p.contains("/precedents")
            && !p.contains("/jobs")
    };
    for (path, item) in paths.iter().filter(|(p, item)| item.get("get").is_some() && here(p)) {
        let mut url = path
            .replace("{id}", "geneva-2025")
            .replace("{doc}", "e3-counter-proposal");
        if path.ends_with("/compare") {
            url.push_str("?a=us-28-point-plan&b=e3-counter-proposal");
        }
        if path.ends_with("/timeline") {
            url = url.replace("geneva-2025", "jcpoa-2015") + "?as_of=2020-01-01";
        }
        let r = get(&url);
        assert_eq!(r.status, 200, "{url}: {}", r.body);
        let params = item["get"]["parameters"].as_array().unwrap();
        for p in params.iter().filter(|p| p["in"] == "path") {
            assert!(path.contains(&format!("{{{}}}", p["name"].as_str().unwrap())));
        }
    }
}

#[test]
fn paths_never_reach_the_file_system() {
    for path in [
        "/negotiations/..%2F..%2Fetc%2Fpasswd",
        "/negotiations/geneva-2025/documents/..%2F..%2FCargo.toml",
        "/api/v1/negotiations/..%2Fminsk-2014-2015",
        "/../../etc/passwd",
        "/negotiations/geneva-2025/../../Cargo.toml",
    ] {
        let r = get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!r.body.contains("root:") && !r.body.contains("[workspace]"), "{path}");
    }
}
