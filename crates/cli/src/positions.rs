//! `truce assess` and `truce zopa`: red lines against drafts, and the zone of agreement.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;
use miette::{IntoDiagnostic, Result, miette};
use truce_model::{Loaded, Negotiation, RenderOptions};
use truce_positions::{Positions, ZopaOptions, load_positions};
use truce_report::positions as report;

use crate::check;
use crate::compare::{Format, emit};
use crate::locate::{self, Target};

#[derive(Args)]
pub struct AssessArgs {
    /// The draft (document file or id).
    document: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args)]
pub struct ZopaArgs {
    /// The negotiation (scenario directory or id).
    negotiation: String,
    /// Also find the acceptable package closest to this document (fewest term changes).
    #[arg(long, value_name = "DOC")]
    draft: Option<String>,
    /// Most minimal conflict sets to enumerate.
    #[arg(long, default_value_t = 100)]
    max_conflict_sets: usize,
    /// Time budget for the whole search, in seconds.
    #[arg(long, default_value_t = 60)]
    time_limit: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The negotiation and its positions, refusing either with errors.
fn load(mut loaded: Loaded, color: bool) -> Result<(Negotiation, Positions)> {
    let root = loaded.root.clone().ok_or_else(|| miette!("no scenario directory"))?;
    if loaded.error_count() > 0 {
        eprint!("{}", check::render(&loaded, color));
        return Err(miette!(
            "the scenario has {} errors; fix them first",
            loaded.error_count()
        ));
    }
    let n = loaded.negotiation.clone().ok_or_else(|| miette!("no negotiation"))?;
    let dir = root.join("positions");
    let positions = load_positions(&dir, &n, &mut loaded.sources);
    if !positions.diagnostics.is_empty() {
        let options = RenderOptions { color };
        for d in &positions.diagnostics {
            eprintln!("{}", d.render(&loaded.sources, &options));
        }
    }
    if positions.error_count() > 0 {
        return Err(miette!(
            "the positions have {} errors; fix them first",
            positions.error_count()
        ));
    }
    if positions.positions.parties.is_empty() {
        return Err(miette!(
            help = "write one file per party under positions/ (see docs/positions.md)",
            "no positions in {}",
            dir.display()
        ));
    }
    Ok((n, positions.positions))
}

pub fn assess(args: AssessArgs, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let (loaded, id) = match locate::target(&args.document, scenarios)? {
        Target::Document(l, id) => (l, id),
        Target::Negotiation(_) => {
            return Err(miette!(
                "`{}` is a negotiation; give one of its documents",
                args.document
            ));
        }
    };
    let (n, positions) = load(loaded, color)?;
    let d = n.document(&id).ok_or_else(|| miette!("no document `{id}`"))?;
    let a = truce_positions::assess(&n, d, &positions);
    let text = match args.format {
        Format::Text => report::assess_text(&n, &a),
        Format::Json => report::assess_json(&a),
        Format::Html => report::assess_html(&n, &a),
    };
    emit(&text, &args.output)?;
    Ok(ExitCode::SUCCESS)
}

pub fn zopa(args: ZopaArgs, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let loaded = match locate::target(&args.negotiation, scenarios)? {
        Target::Negotiation(l) => l,
        Target::Document(..) => return Err(miette!("`{}` is a document; give its negotiation", args.negotiation)),
    };
    let (n, positions) = load(loaded, color)?;
    if let Some(d) = &args.draft
        && n.document(d).is_none()
    {
        return Err(miette!("no document `{d}` in {}", n.id));
    }
    let options = ZopaOptions {
        max_conflict_sets: args.max_conflict_sets,
        time_limit: Duration::from_secs(args.time_limit),
        draft: args.draft.clone(),
        ..ZopaOptions::default()
    };
    let z = truce_positions::zopa(&n, &positions, &options).into_diagnostic()?;
    let text = match args.format {
        Format::Text => report::zopa_text(&n, &z),
        Format::Json => report::zopa_json(&z),
        Format::Html => report::zopa_html(&n, &z),
    };
    emit(&text, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
