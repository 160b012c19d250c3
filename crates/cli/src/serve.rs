//! `truce serve`: the web workbench and JSON API on the embedded store.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use truce_server::{AppState, serve, shutdown_signal};

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on. Only loopback by default: pass 0.0.0.0:8080 to be reachable
    /// from other machines.
    #[arg(long, env = "TRUCE_BIND", value_name = "ADDR")]
    bind: Option<SocketAddr>,
    /// Make every page and API read need a token too (writes always do); /healthz,
    /// /metrics and the sign-in page stay open.
    #[arg(long, env = "TRUCE_READS_NEED_TOKEN")]
    reads_need_token: bool,
    /// A TOML file with `bind`, `scenarios`, `store` and `reads_need_token` (flags and
    /// environment variables win over it).
    #[arg(long, env = "TRUCE_SERVE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    scenarios: Option<PathBuf>,
    store: Option<PathBuf>,
    reads_need_token: Option<bool>,
}

pub fn run(a: ServeArgs, store: Option<PathBuf>, scenarios: &Path, scenarios_given: bool) -> Result<ExitCode> {
    let file: FileConfig = match &a.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read {}", path.display()))?;
            toml::from_str(&text)
                .map_err(|e| miette!(help = "keys: bind, scenarios, store", "{}: {e}", path.display()))?
        }
        None => FileConfig::default(),
    };
    let bind = a
        .bind
        .or(file.bind)
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let scenarios = if scenarios_given {
        scenarios.to_path_buf()
    } else {
        file.scenarios.unwrap_or_else(|| scenarios.to_path_buf())
    };
    let store = store.or(file.store).or_else(|| truce_store::default_path().ok());
    let (mut state, warnings) = AppState::load(&scenarios, store);
    state.reads_need_token = a.reads_need_token || file.reads_need_token.unwrap_or(false);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    if state.scenarios.is_empty() {
        return Err(miette!(
            help = "pass --scenarios <dir> or run from the repository",
            "no scenario loaded from {}",
            scenarios.display()
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .into_diagnostic()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot listen on {bind}"))?;
        let addr = listener.local_addr().into_diagnostic()?;
        println!(
            "truce serve: {} scenarios on http://{addr}/ (API under /api/v1, OpenAPI at /api/openapi.json); Ctrl-C or SIGTERM stops",
            state.scenarios.len()
        );
        serve(listener, Arc::new(state), shutdown_signal()).await.into_diagnostic()
    })?;
    eprintln!("truce serve: stopped");
    Ok(ExitCode::SUCCESS)
}
