//! Finding scenarios, documents and negotiations from what the user typed.

use std::path::{Path, PathBuf};

use miette::{Result, miette};
use truce_model::{Loaded, find_scenario_root, load_scenario};

/// The scenarios directory: the flag or `TRUCE_SCENARIOS`, else `./scenarios`, else the
/// one bundled with the source tree.
pub fn scenarios_dir(flag: Option<PathBuf>) -> PathBuf {
    if let Some(dir) = flag {
        return dir;
    }
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios")
}

/// Every scenario directory under `dir`, sorted.
pub fn bundled(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| miette!("cannot read scenarios directory {}: {e}", dir.display()))?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("negotiation.toml").is_file())
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(miette!(
            "no scenario (a directory with negotiation.toml) under {}",
            dir.display()
        ));
    }
    Ok(out)
}

/// The scenario roots for a list of paths (default: every bundled scenario), without
/// repeats, in the order given.
pub fn roots(paths: &[PathBuf], scenarios: &Path) -> Result<Vec<PathBuf>> {
    if paths.is_empty() {
        return bundled(scenarios);
    }
    let mut out: Vec<PathBuf> = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(miette!("{}: no such file or directory", p.display()));
        }
        let root = find_scenario_root(p).ok_or_else(|| {
            miette!(
                help = "a scenario is a directory with negotiation.toml and documents/*.toml (docs/format.md)",
                "{}: not inside a scenario (no negotiation.toml found here or above)",
                p.display()
            )
        })?;
        if !out.contains(&root) {
            out.push(root);
        }
    }
    Ok(out)
}

/// What an argument names.
pub enum Target {
    /// A whole negotiation.
    Negotiation(Loaded),
    /// One document of a negotiation.
    Document(Loaded, String),
}

/// Resolves a path or an id to a loaded scenario and, for a document, its id.
pub fn target(arg: &str, scenarios: &Path) -> Result<Target> {
    let path = Path::new(arg);
    if path.exists() {
        let root = find_scenario_root(path)
            .ok_or_else(|| miette!("{arg}: not inside a scenario (no negotiation.toml found here or above)"))?;
        let loaded = load_scenario(&root);
        if path.is_dir() || path.file_name().is_some_and(|n| n == "negotiation.toml") {
            return Ok(Target::Negotiation(loaded));
        }
        let canonical = path.canonicalize().ok();
        let doc = loaded
            .document_files
            .iter()
            .find(|(_, file)| Path::new(&loaded.sources.get(**file).name).canonicalize().ok() == canonical)
            .map(|(id, _)| id.clone());
        return match doc {
            Some(id) => Ok(Target::Document(loaded, id)),
            None => Err(miette!(
                help = format!("run `truce check {arg}` to see why"),
                "{arg}: no valid document could be read from this file"
            )),
        };
    }
    // An id: a negotiation id or a document id in one of the bundled scenarios.
    for root in bundled(scenarios)? {
        let loaded = load_scenario(&root);
        let Some(n) = &loaded.negotiation else { continue };
        if n.id == arg {
            return Ok(Target::Negotiation(loaded));
        }
        if n.document(arg).is_some() {
            return Ok(Target::Document(loaded, arg.to_owned()));
        }
    }
    Err(miette!(
        help = format!(
            "give a path, or one of the ids listed by `truce overview` (scenarios in {})",
            scenarios.display()
        ),
        "`{arg}` is neither a file nor a known negotiation or document id"
    ))
}
