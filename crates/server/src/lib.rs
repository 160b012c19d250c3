//! The web workbench and JSON API behind `truce serve`.
//!
//! One process serves server-rendered HTML pages (readable without JavaScript, printable)
//! and the same analyses as JSON under `/api/v1`, from the scenarios loaded at start-up
//! and the embedded store. Handlers are thin: each calls the crate that owns the
//! analysis (`truce-compare`, `truce-implement`, ...) and a renderer; nothing here
//! re-implements an analysis.
//!
//! Invariants:
//! - Reads never change anything; the scenarios are read once at start-up.
//! - Every response carries an `x-request-id`; every request is logged as one JSON line.
//! - Errors under `/api` are JSON (`{"error": code, "message": ...}`) with a 4xx status;
//!   pages answer with an HTML page and the same status.

mod api;
mod forms;
mod layout;
mod monitor_pages;
mod obs;
mod pages;
mod positions_pages;
mod write;

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use truce_implement::Plan;
use truce_model::Negotiation;

pub use obs::Metrics;
pub use write::{MAX_UPLOAD_BYTES, UploadSummary};

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub bind: SocketAddr,
    /// The directory holding one folder per scenario.
    pub scenarios: PathBuf,
    /// The embedded store (events for the monitor and the timeline), if any.
    pub store: Option<PathBuf>,
}

/// One scenario, loaded.
pub struct Scenario {
    /// The negotiation.
    pub negotiation: Negotiation,
    /// Its folder.
    pub root: PathBuf,
    /// Its implementation plans.
    pub plans: Vec<Plan>,
    /// The negotiation as `truce.export/1` JSON, made on first request.
    pub(crate) export: std::sync::OnceLock<axum::body::Bytes>,
    /// Its geometries (with the server's overrides), read on first request.
    pub(crate) geometries: std::sync::Mutex<Option<Arc<truce_monitor::Geometries>>>,
}

/// A cached comparison's key: negotiation, earlier and later document, links generation.
type CompareKey = (String, String, String, u64);

/// Everything the handlers share.
pub struct AppState {
    /// Scenarios by negotiation id.
    pub scenarios: BTreeMap<String, Scenario>,
    /// The store's path.
    pub store: Option<PathBuf>,
    /// Request counters for `/metrics`.
    pub metrics: Metrics,
    /// Whether reading (pages and the API) needs a token too; writes always do.
    pub reads_need_token: bool,
    /// Files (or folders of dated snapshots) to use instead of the scenarios' own
    /// geometries, by geometry id, as `truce monitor --geometry id=path`; used by the
    /// monitoring pages for every scenario that declares the id. Empty by default.
    pub geometries: BTreeMap<String, PathBuf>,
    /// Comparisons already computed, by negotiation, documents and links generation.
    pub(crate) compare_cache: std::sync::Mutex<BTreeMap<CompareKey, Arc<api::Compared>>>,
    /// Bumped whenever a reviewed link is written, so cached comparisons are not reused.
    pub(crate) links_generation: std::sync::atomic::AtomicU64,
    /// Uploads being ingested or just ingested, by number (the last 100).
    pub(crate) jobs: std::sync::Mutex<BTreeMap<u64, Arc<write::Job>>>,
    /// The last job number given.
    pub(crate) next_job: std::sync::atomic::AtomicU64,
}

impl AppState {
    /// Loads every scenario under `dir` that loads without errors; the others are
    /// reported in the returned warnings and left out.
    pub fn load(dir: &Path, store: Option<PathBuf>) -> (AppState, Vec<String>) {
        let mut warnings = Vec::new();
        let mut scenarios = BTreeMap::new();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        dirs.sort();
        for root in dirs.into_iter().filter(|p| p.join("negotiation.toml").is_file()) {
            let mut loaded = truce_model::load_scenario(&root);
            if loaded.error_count() > 0 {
                warnings.push(format!(
                    "{}: {} errors, left out (run `truce check`)",
                    root.display(),
                    loaded.error_count()
                ));
                continue;
            }
            let Some(negotiation) = loaded.negotiation.take() else {
                continue;
            };
            let plans = truce_implement::load_plans(&root.join("implementation"), &negotiation, &mut loaded.sources);
            if plans.error_count() > 0 {
                warnings.push(format!(
                    "{}: the implementation plans have {} errors, left out (run `truce lint`)",
                    root.display(),
                    plans.error_count()
                ));
            }
            let plans = if plans.error_count() > 0 {
                Vec::new()
            } else {
                plans.plans
            };
            scenarios.insert(
                negotiation.id.clone(),
                Scenario {
                    negotiation,
                    root,
                    plans,
                    export: std::sync::OnceLock::new(),
                    geometries: std::sync::Mutex::new(None),
                },
            );
        }
        (
            AppState {
                scenarios,
                store,
                metrics: Metrics::default(),
                reads_need_token: false,
                geometries: BTreeMap::new(),
                compare_cache: std::sync::Mutex::new(BTreeMap::new()),
                links_generation: std::sync::atomic::AtomicU64::new(0),
                jobs: std::sync::Mutex::new(BTreeMap::new()),
                next_job: std::sync::atomic::AtomicU64::new(0),
            },
            warnings,
        )
    }
}

/// The whole application: pages, API, health and metrics.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(pages::index))
        .route("/negotiations/{id}", get(pages::negotiation))
        .route("/negotiations/{id}/documents/{doc}", get(pages::document))
        .route("/negotiations/{id}/compare", get(pages::compare))
        .route("/negotiations/{id}/evolution", get(pages::evolution))
        .route("/negotiations/{id}/timeline", get(pages::timeline))
        .route("/negotiations/{id}/links", post(forms::post_link_form))
        .route("/sign-in", get(forms::sign_in_page).post(forms::sign_in))
        .route("/sign-out", post(forms::sign_out))
        .route(
            "/events/upload",
            get(forms::upload_page)
                .post(forms::upload)
                .layer(axum::extract::DefaultBodyLimit::max(write::MAX_UPLOAD_BYTES)),
        )
        .route("/api/v1/negotiations", get(api::negotiations))
        .route("/api/v1/negotiations/{id}", get(api::negotiation))
        .route("/api/v1/negotiations/{id}/documents/{doc}", get(api::document_json))
        .route("/api/v1/negotiations/{id}/compare", get(api::compare))
        .route("/api/v1/negotiations/{id}/evolution", get(api::evolution))
        .route("/api/v1/negotiations/{id}/timeline", get(api::timeline_json))
        .route(
            "/api/v1/negotiations/{id}/links",
            get(write::get_links).post(write::post_link),
        )
        .route(
            "/api/v1/events",
            post(write::post_events).layer(axum::extract::DefaultBodyLimit::max(write::MAX_UPLOAD_BYTES)),
        )
        .route(
            "/api/v1/negotiations/{id}/provenance",
            get(write::get_claims).post(write::post_claim),
        )
        .route(
            "/negotiations/{id}/documents/{doc}/provenance",
            post(forms::post_claim_form),
        )
        .route("/api/v1/jobs/{id}", get(write::get_job))
        .route("/events/jobs/{id}", get(forms::job_page))
        .route("/api/openapi.json", get(api::openapi))
        .route("/healthz", get(obs::healthz))
        .route("/metrics", get(obs::metrics))
        .merge(monitor_pages::routes())
        .merge(positions_pages::routes())
        .fallback(obs::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), obs::observe))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
