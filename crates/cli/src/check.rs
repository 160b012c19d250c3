//! `truce check`: every problem in every file, at once.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::Result;
use truce_model::{Loaded, RenderOptions, load_scenario};

use crate::locate;

/// Renders every diagnostic of a load, in file and position order.
pub fn render(loaded: &Loaded, color: bool) -> String {
    let options = RenderOptions { color };
    let mut out = String::new();
    for d in &loaded.diagnostics {
        out.push_str(&d.render(&loaded.sources, &options));
        out.push('\n');
    }
    out
}

/// One line saying what a load found.
pub fn summary(root: &Path, loaded: &Loaded) -> String {
    let files = loaded.sources.files().count();
    let provisions: usize = loaded
        .negotiation
        .as_ref()
        .map_or(0, |n| n.documents.iter().map(|d| d.provisions.len()).sum());
    let docs = loaded.document_files.len();
    format!(
        "{}: {files} files, {docs} documents, {provisions} provisions: {} errors, {} warnings",
        root.display(),
        loaded.error_count(),
        loaded.warning_count()
    )
}

pub fn run(paths: &[PathBuf], scenarios: &Path, deny_warnings: bool, color: bool) -> Result<ExitCode> {
    let mut failed = false;
    let stderr = std::io::stderr();
    for root in locate::roots(paths, scenarios)? {
        let loaded = load_scenario(&root);
        let mut err = stderr.lock();
        let _ = err.write_all(render(&loaded, color).as_bytes());
        let _ = writeln!(err, "{}", summary(&root, &loaded));
        failed |= loaded.error_count() > 0 || (deny_warnings && loaded.warning_count() > 0);
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
