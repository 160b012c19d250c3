//! Writes: reviewed alignment links and event uploads, behind a bearer token made by
//! `truce token create` (or the same token in the workbench's sign-in cookie, with a
//! CSRF check on forms).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use truce_store::{Store, StoredLink, TokenInfo};

use crate::AppState;
use crate::api::scenario;
use crate::layout::Problem;

/// Largest event file accepted by an upload, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// The cookie holding a signed-in token.
pub const TOKEN_COOKIE: &str = "truce_token";
/// The cookie holding the CSRF token the forms repeat.
pub const CSRF_COOKIE: &str = "truce_csrf";

pub(crate) fn open_store(state: &AppState) -> Result<Store, Problem> {
    let path = state.store.as_ref().ok_or_else(|| {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no-store",
            "the server runs without a store",
        )
    })?;
    Store::open(path).map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))
}

pub(crate) fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The token presented with a request: `Authorization: Bearer ...`, else the sign-in
/// cookie. No token is 401; a token the store does not know (or revoked) is 403.
pub(crate) fn authorize(state: &AppState, headers: &HeaderMap) -> Result<TokenInfo, Problem> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(secret) = bearer.or_else(|| cookie(headers, TOKEN_COOKIE)) else {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this needs a token: send `Authorization: Bearer <token>` (make one with `truce token create`)",
        ));
    };
    let store = open_store(state)?;
    store
        .check_token(secret)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))?
        .ok_or_else(|| Problem::new(StatusCode::FORBIDDEN, "forbidden", "the token is unknown or revoked"))
}

/// A link to confirm or reject.
#[derive(Debug, Deserialize)]
pub struct LinkBody {
    /// Provision id in one document.
    pub a: String,
    /// Provision id in another document.
    pub b: String,
    /// `confirmed` or `rejected`.
    pub status: String,
    /// Why.
    pub note: Option<String>,
}

/// Checks and stores a reviewed link; returns it as stored.
pub(crate) fn put_link(
    state: &AppState,
    negotiation: &str,
    body: LinkBody,
    author: &str,
) -> Result<StoredLink, Problem> {
    let s = scenario(state, negotiation)?;
    let doc_of = |p: &str| {
        s.negotiation
            .documents
            .iter()
            .find(|d| d.provisions.iter().any(|x| x.id == p))
            .map(|d| d.id.clone())
    };
    let da = doc_of(&body.a)
        .ok_or_else(|| Problem::bad_request("unknown-provision", format!("no provision `{}`", body.a)))?;
    let db = doc_of(&body.b)
        .ok_or_else(|| Problem::bad_request("unknown-provision", format!("no provision `{}`", body.b)))?;
    if da == db {
        return Err(Problem::bad_request(
            "same-document",
            format!(
                "`{}` and `{}` are both in `{da}`: a link joins provisions of two documents",
                body.a, body.b
            ),
        ));
    }
    if body.status != "confirmed" && body.status != "rejected" {
        return Err(Problem::bad_request(
            "bad-status",
            format!("status `{}` is neither `confirmed` nor `rejected`", body.status),
        ));
    }
    if body.note.as_ref().is_some_and(|n| n.len() > 2000) {
        return Err(Problem::bad_request("note-too-long", "a note is at most 2,000 bytes"));
    }
    let link = StoredLink {
        a: body.a,
        b: body.b,
        status: body.status,
        note: body.note.filter(|n| !n.trim().is_empty()),
        author: author.to_owned(),
        created: jiff::Timestamp::now().to_string(),
    };
    let mut store = open_store(state)?;
    store
        .set_link(negotiation, &link)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))?;
    state.links_generation.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    Ok(link)
}

fn link_json(l: &StoredLink) -> serde_json::Value {
    serde_json::json!({"a": l.a, "b": l.b, "status": l.status, "note": l.note, "author": l.author, "created": l.created})
}

/// `POST /api/v1/negotiations/{id}/links` with a JSON body `{a, b, status, note}`.
pub async fn post_link(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<StoredLink, Problem> {
        let token = authorize(&state, &headers)?;
        let body: LinkBody = serde_json::from_slice(&body).map_err(|e| {
            Problem::bad_request(
                "bad-json",
                format!("the body is not a link {{a, b, status, note}}: {e}"),
            )
        })?;
        put_link(&state, &id, body, &token.name)
    };
    match run() {
        Ok(l) => (
            StatusCode::CREATED,
            [(header::CONTENT_TYPE, "application/json")],
            link_json(&l).to_string(),
        )
            .into_response(),
        Err(p) => p.json(),
    }
}

/// `GET /api/v1/negotiations/{id}/links`: the links reviewed through the API.
pub async fn get_links(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let run = || -> Result<String, Problem> {
        scenario(&state, &id)?;
        let links = match state.store.as_ref().filter(|p| p.exists()) {
            Some(_) => open_store(&state)?
                .links(&id)
                .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))?,
            None => Vec::new(),
        };
        let list: Vec<serde_json::Value> = links.iter().map(link_json).collect();
        Ok(serde_json::json!({"format": "truce.links/1", "negotiation": id, "links": list}).to_string())
    };
    match run() {
        Ok(b) => ([(header::CONTENT_TYPE, "application/json")], b).into_response(),
        Err(p) => p.json(),
    }
}

/// `?format=&wait=`: the event file's layout, and whether to wait for the outcome.
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    /// `ucdp`, `acled` or `gdelt`.
    pub format: Option<String>,
    /// `false`: answer 202 at once with a job to follow (`GET /api/v1/jobs/{id}`).
    pub wait: Option<bool>,
}

/// What an upload did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UploadSummary {
    /// Always `truce.ingest/1`.
    pub format: &'static str,
    /// Records read.
    pub read: u64,
    /// Records accepted.
    pub accepted: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Accepted events new to the store.
    pub new: u64,
    /// Accepted events that changed (a new version).
    pub changed: u64,
    /// Accepted events already stored as they are.
    pub unchanged: u64,
    /// The first 100 rejects: line and reason.
    pub rejects: Vec<(u64, String)>,
}

/// The layout of an uploaded file, from its name in the query or form.
pub(crate) fn upload_format(format: &str) -> Result<truce_events::Format, Problem> {
    match format {
        "ucdp" | "acled" | "gdelt" => {
            truce_events::Format::from_spec(format).map_err(|e| Problem::bad_request("bad-format", e.to_string()))
        }
        other => Err(Problem::bad_request(
            "bad-format",
            format!("format `{other}` is not ucdp, acled or gdelt (mapping files are for the CLI)"),
        )),
    }
}

/// Ingests an uploaded event file, already on disk, into the store, counting the records
/// read in `progress` as it goes (blocking: run it off the async threads). Each batch of
/// 10,000 events is one transaction.
pub(crate) fn ingest_file(
    state: &AppState,
    format: &truce_events::Format,
    path: &std::path::Path,
    progress: &std::sync::atomic::AtomicU64,
) -> Result<UploadSummary, Problem> {
    use std::sync::atomic::Ordering;
    let mut store = open_store(state)?;
    let mut batch = Vec::with_capacity(10_000);
    let mut rejects = Vec::new();
    let mut stored = truce_store::IngestCounts::default();
    let mut failure = None;
    let counts = truce_events::read_path(
        path,
        format,
        &truce_events::ReadOptions::at(jiff::Timestamp::now()),
        &mut |e| {
            progress.fetch_add(1, Ordering::Relaxed);
            batch.push(e);
            if batch.len() == 10_000 && failure.is_none() {
                match store.ingest_events(std::mem::take(&mut batch)) {
                    Ok(c) => stored += c,
                    Err(e) => failure = Some(e),
                }
            }
        },
        &mut |r| {
            progress.fetch_add(1, Ordering::Relaxed);
            if rejects.len() < 100 {
                rejects.push((r.line, r.reason));
            }
        },
    );
    // The file's private path means nothing to the client: call it "the upload".
    let counts = counts.map_err(|e| {
        Problem::bad_request(
            "bad-file",
            e.to_string().replace(&path.display().to_string(), "the upload"),
        )
    })?;
    if failure.is_none() && !batch.is_empty() {
        match store.ingest_events(batch) {
            Ok(c) => stored += c,
            Err(e) => failure = Some(e),
        }
    }
    if let Some(e) = failure {
        return Err(Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()));
    }
    Ok(UploadSummary {
        format: "truce.ingest/1",
        read: counts.read,
        accepted: counts.accepted,
        rejected: counts.rejected,
        new: stored.new,
        changed: stored.changed,
        unchanged: stored.unchanged,
        rejects,
    })
}

/// A private temporary folder for an upload, removed on drop.
pub(crate) struct UploadDir(pub std::path::PathBuf);

impl Drop for UploadDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A new private temporary folder for an upload.
pub(crate) fn new_upload_dir() -> Result<UploadDir, Problem> {
    Ok(UploadDir(tempfile_dir()?))
}

/// Writes a request body to a private temporary file as it arrives (memory stays
/// bounded), refusing it with 413 beyond [`MAX_UPLOAD_BYTES`].
pub(crate) async fn save_body(body: axum::body::Body) -> Result<UploadDir, Problem> {
    use http_body_util::BodyExt;
    use tokio::io::AsyncWriteExt;
    let dir = UploadDir(tempfile_dir()?);
    let io = |e: std::io::Error| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "io", e.to_string());
    let mut file = tokio::fs::File::create(dir.0.join("upload")).await.map_err(io)?;
    let mut body = body;
    let mut size = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| Problem::bad_request("bad-body", e.to_string()))?;
        if let Ok(data) = frame.into_data() {
            size += data.len();
            if size > MAX_UPLOAD_BYTES {
                return Err(too_large());
            }
            file.write_all(&data).await.map_err(io)?;
        }
    }
    file.flush().await.map_err(io)?;
    Ok(dir)
}

pub(crate) fn too_large() -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        format!("an upload is at most {} MiB", MAX_UPLOAD_BYTES >> 20),
    )
}

/// An ingest running in the background, for progress pages.
pub struct Job {
    /// Records read so far.
    pub rows: std::sync::atomic::AtomicU64,
    /// The outcome, once finished.
    pub result: std::sync::Mutex<Option<Result<UploadSummary, Problem>>>,
}

/// Starts ingesting a saved upload in the background; returns the job's number.
pub(crate) fn start_job(state: &Arc<AppState>, format: truce_events::Format, dir: UploadDir) -> u64 {
    let id = state.next_job.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    let job = Arc::new(Job {
        rows: std::sync::atomic::AtomicU64::new(0),
        result: std::sync::Mutex::new(None),
    });
    if let Ok(mut jobs) = state.jobs.lock() {
        // Keep the last 100 jobs.
        while jobs.len() >= 100 {
            let Some(first) = jobs.keys().next().copied() else {
                break;
            };
            jobs.remove(&first);
        }
        jobs.insert(id, job.clone());
    }
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let r = ingest_file(&state, &format, &dir.0.join("upload"), &job.rows);
        drop(dir);
        if let Ok(mut slot) = job.result.lock() {
            *slot = Some(r);
        }
    });
    id
}

pub(crate) fn job(state: &AppState, id: u64) -> Option<Arc<Job>> {
    state.jobs.lock().ok()?.get(&id).cloned()
}

/// `GET /api/v1/jobs/{id}`: a background upload's progress or outcome.
pub async fn get_job(State(state): State<Arc<AppState>>, Path(id): Path<u64>) -> Response {
    let Some(job) = job(&state, id) else {
        return Problem::not_found(format!("no job {id}")).json();
    };
    let rows = job.rows.load(std::sync::atomic::Ordering::Relaxed);
    let body = match job.result.lock().ok().and_then(|r| r.clone()) {
        None => serde_json::json!({"format": "truce.job/1", "job": id, "state": "running", "rows": rows}),
        Some(Ok(s)) => {
            serde_json::json!({"format": "truce.job/1", "job": id, "state": "done", "rows": rows, "summary": s})
        }
        Some(Err(p)) => {
            serde_json::json!({"format": "truce.job/1", "job": id, "state": "failed", "rows": rows, "error": p.code, "message": p.message})
        }
    };
    ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

fn tempfile_dir() -> Result<std::path::PathBuf, Problem> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "random", e.to_string()))?;
    let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let dir = std::env::temp_dir().join(format!("truce-upload-{name}"));
    std::fs::create_dir_all(&dir).map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "io", e.to_string()))?;
    Ok(dir)
}

/// `POST /api/v1/events?format=ucdp[&wait=false]` with the file as the body, streamed to
/// disk as it arrives.
pub async fn post_events(
    State(state): State<Arc<AppState>>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    if let Err(p) = authorize(&state, &headers) {
        return p.json();
    }
    let format = match upload_format(q.format.as_deref().unwrap_or("ucdp")) {
        Ok(f) => f,
        Err(p) => return p.json(),
    };
    if headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > MAX_UPLOAD_BYTES)
    {
        return too_large().json();
    }
    let dir = match save_body(body).await {
        Ok(d) => d,
        Err(p) => return p.json(),
    };
    let id = start_job(&state, format, dir);
    if q.wait == Some(false) {
        let body = serde_json::json!({"format": "truce.job/1", "job": id, "state": "running", "status": format!("/api/v1/jobs/{id}")});
        return (
            StatusCode::ACCEPTED,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response();
    }
    loop {
        if let Some(job) = job(&state, id)
            && let Some(r) = job.result.lock().ok().and_then(|r| r.clone())
        {
            return match r {
                Ok(s) => (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    serde_json::to_string(&s).unwrap_or_default(),
                )
                    .into_response(),
                Err(p) => p.json(),
            };
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A new CSRF value for a signed-in browser.
pub(crate) fn new_csrf() -> Result<String, Problem> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "random", e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// For a form post: the token from the sign-in cookie, and the form's CSRF value equal to
/// the CSRF cookie (double submit; both cookies are SameSite=Strict).
pub(crate) fn authorize_form(state: &AppState, headers: &HeaderMap, csrf: Option<&str>) -> Result<TokenInfo, Problem> {
    let expected = cookie(headers, CSRF_COOKIE);
    match (expected, csrf) {
        (Some(a), Some(b)) if !a.is_empty() && a == b => {}
        _ => {
            return Err(Problem::new(
                StatusCode::FORBIDDEN,
                "csrf",
                "the form's CSRF value does not match this browser's: reload the page and try again",
            ));
        }
    }
    authorize(state, headers)
}

/// A provenance claim to add to a provision.
#[derive(Debug, Deserialize)]
pub struct ClaimBody {
    /// The provision's id.
    pub provision: String,
    /// The source's address or citation.
    pub source: String,
    /// Who published it.
    pub publisher: String,
    /// When it was published, YYYY-MM-DD.
    pub date: String,
    /// How far it is trusted, 0 to 1.
    pub confidence: f64,
    /// Why.
    pub note: Option<String>,
}

/// Checks and stores a claim.
pub(crate) fn put_claim(
    state: &AppState,
    negotiation: &str,
    body: ClaimBody,
    author: &str,
) -> Result<truce_store::StoredClaim, Problem> {
    let s = scenario(state, negotiation)?;
    if !s
        .negotiation
        .documents
        .iter()
        .any(|d| d.provisions.iter().any(|p| p.id == body.provision))
    {
        return Err(Problem::bad_request(
            "unknown-provision",
            format!("no provision `{}` in `{negotiation}`", body.provision),
        ));
    }
    if body.source.trim().is_empty() || body.source.len() > 2000 {
        return Err(Problem::bad_request(
            "bad-source",
            "the source is 1 to 2,000 characters: its address or citation",
        ));
    }
    if body.publisher.trim().is_empty() || body.publisher.len() > 200 {
        return Err(Problem::bad_request(
            "bad-publisher",
            "the publisher is 1 to 200 characters",
        ));
    }
    let date = truce_model::toml_fields::parse_date(&body.date)
        .ok_or_else(|| Problem::bad_request("bad-date", format!("`{}` is not a date YYYY-MM-DD", body.date)))?;
    if !(0.0..=1.0).contains(&body.confidence) {
        return Err(Problem::bad_request(
            "bad-confidence",
            format!("confidence {} is outside 0 to 1", body.confidence),
        ));
    }
    if body.note.as_ref().is_some_and(|n| n.len() > 2000) {
        return Err(Problem::bad_request("note-too-long", "a note is at most 2,000 bytes"));
    }
    let claim = truce_store::StoredClaim {
        provision: body.provision,
        source: body.source.trim().to_owned(),
        publisher: body.publisher.trim().to_owned(),
        date: date.to_string(),
        confidence: body.confidence,
        note: body.note.filter(|n| !n.trim().is_empty()),
        author: author.to_owned(),
        created: jiff::Timestamp::now().to_string(),
    };
    open_store(state)?
        .add_claim(negotiation, &claim)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))?;
    Ok(claim)
}

pub(crate) fn claim_json(c: &truce_store::StoredClaim) -> serde_json::Value {
    serde_json::json!({
        "provision": c.provision, "source": c.source, "publisher": c.publisher, "date": c.date,
        "confidence": c.confidence, "note": c.note, "author": c.author, "created": c.created,
    })
}

/// The claims added to a negotiation through the API (none without a store).
pub(crate) fn stored_claims(state: &AppState, negotiation: &str) -> Result<Vec<truce_store::StoredClaim>, Problem> {
    if !state.store.as_ref().is_some_and(|p| p.exists()) {
        return Ok(Vec::new());
    }
    open_store(state)?
        .claims(negotiation)
        .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))
}

/// `POST /api/v1/negotiations/{id}/provenance` with a JSON claim.
pub async fn post_claim(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = || -> Result<truce_store::StoredClaim, Problem> {
        let token = authorize(&state, &headers)?;
        let body: ClaimBody = serde_json::from_slice(&body).map_err(|e| {
            Problem::bad_request(
                "bad-json",
                format!("the body is not a claim {{provision, source, publisher, date, confidence, note}}: {e}"),
            )
        })?;
        put_claim(&state, &id, body, &token.name)
    };
    match run() {
        Ok(c) => (
            StatusCode::CREATED,
            [(header::CONTENT_TYPE, "application/json")],
            claim_json(&c).to_string(),
        )
            .into_response(),
        Err(p) => p.json(),
    }
}

/// `GET /api/v1/negotiations/{id}/provenance`: the claims added through the API.
pub async fn get_claims(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let run = || -> Result<String, Problem> {
        scenario(&state, &id)?;
        let list: Vec<serde_json::Value> = stored_claims(&state, &id)?.iter().map(claim_json).collect();
        Ok(serde_json::json!({"format": "truce.claims/1", "negotiation": id, "claims": list}).to_string())
    };
    match run() {
        Ok(b) => ([(header::CONTENT_TYPE, "application/json")], b).into_response(),
        Err(p) => p.json(),
    }
}
