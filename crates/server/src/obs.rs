//! Observability: request ids, one JSON log line per request, Prometheus metrics,
//! `/healthz`, and the fallback for unknown paths.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::layout::Problem;

/// Request counters, by route template and status.
#[derive(Default)]
pub struct Metrics {
    next_id: AtomicU64,
    requests: Mutex<BTreeMap<(String, u16), (u64, f64)>>,
}

impl Metrics {
    fn record(&self, route: &str, status: u16, seconds: f64) {
        if let Ok(mut m) = self.requests.lock() {
            let e = m.entry((route.to_owned(), status)).or_default();
            e.0 += 1;
            e.1 += seconds;
        }
    }
}

/// A request id from the client's `x-request-id` when it is short and plain, else ours.
fn request_id(req: &Request, metrics: &Metrics) -> String {
    req.headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map(str::to_owned)
        .unwrap_or_else(|| format!("r{:08x}", metrics.next_id.fetch_add(1, Ordering::Relaxed) + 1))
}

/// Middleware: request id, timing, log line, metrics.
pub async fn observe(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(&req, &state.metrics);
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let open = matches!(path.as_str(), "/healthz" | "/metrics" | "/sign-in" | "/sign-out");
    let mut response = if state.reads_need_token && !open {
        match crate::write::authorize(&state, req.headers()) {
            Ok(_) => next.run(req).await,
            Err(p) => p.for_path(&path),
        }
    } else {
        next.run(req).await
    };
    let status = response.status().as_u16();
    let seconds = started.elapsed().as_secs_f64();
    state.metrics.record(&route, status, seconds);
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let line = serde_json::json!({
        "ts": jiff::Timestamp::now().to_string(),
        "request_id": id,
        "method": method,
        "path": path,
        "route": route,
        "status": status,
        "ms": (seconds * 1000.0 * 1000.0).round() / 1000.0,
    });
    eprintln!("{line}");
    response
}

/// `GET /healthz`: 200 with the number of scenarios loaded.
pub async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    let body = serde_json::json!({"status": "ok", "scenarios": state.scenarios.len()});
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let mut out = String::new();
    out.push_str("# HELP truce_http_requests_total Requests served, by route template and status.\n");
    out.push_str("# TYPE truce_http_requests_total counter\n");
    let snapshot = state.metrics.requests.lock().map(|m| m.clone()).unwrap_or_default();
    for ((route, status), (n, _)) in &snapshot {
        out.push_str(&format!(
            "truce_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}\n",
            escape_label(route)
        ));
    }
    out.push_str(
        "# HELP truce_http_request_seconds_total Time spent serving requests, by route template and status.\n",
    );
    out.push_str("# TYPE truce_http_request_seconds_total counter\n");
    for ((route, status), (_, s)) in &snapshot {
        out.push_str(&format!(
            "truce_http_request_seconds_total{{route=\"{}\",status=\"{status}\"}} {s:.6}\n",
            escape_label(route)
        ));
    }
    out.push_str("# HELP truce_scenarios_loaded Scenarios loaded at start-up.\n# TYPE truce_scenarios_loaded gauge\n");
    out.push_str(&format!("truce_scenarios_loaded {}\n", state.scenarios.len()));
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        out,
    )
        .into_response()
}

fn escape_label(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Unknown paths: 404, as JSON under `/api`, as a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    Problem::new(StatusCode::NOT_FOUND, "not-found", format!("nothing at {}", uri.path())).for_path(uri.path())
}
