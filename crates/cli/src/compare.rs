//! `truce compare` and `truce evolution`.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use miette::{IntoDiagnostic, Result, miette};
use truce_compare::{AlignOptions, Override, align_documents};
use truce_model::{Loaded, Negotiation};
use truce_report::{compare as report, evolution as evo};

use crate::check;
use crate::locate::{self, Target};

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Terminal text (colour on a terminal unless NO_COLOR is set).
    Text,
    /// JSON (format truce.compare/1 or truce.evolution/1).
    Json,
    /// One self-contained, printable HTML file.
    Html,
}

#[derive(Args)]
pub struct CompareArgs {
    /// The earlier document (file or id).
    a: String,
    /// The later document (file or id), of the same negotiation.
    b: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Width of the side-by-side text output.
    #[arg(long, default_value_t = 120)]
    width: usize,
}

#[derive(Args)]
pub struct EvolutionArgs {
    /// The negotiation (scenario directory or id).
    negotiation: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn clean(loaded: Loaded, color: bool) -> Result<Negotiation> {
    if loaded.error_count() > 0 {
        eprint!("{}", check::render(&loaded, color));
        return Err(miette!(
            help = "fix the errors above, then try again",
            "the scenario has {} errors",
            loaded.error_count()
        ));
    }
    loaded
        .negotiation
        .ok_or_else(|| miette!("no negotiation could be read"))
}

/// Writes a report to the file given, or to standard output.
pub fn emit(text: &str, output: &Option<PathBuf>) -> Result<()> {
    match output {
        Some(path) => std::fs::write(path, text).into_diagnostic(),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn overrides(n: &Negotiation) -> Vec<Override> {
    n.links.iter().map(Override::from).collect()
}

pub fn compare(args: CompareArgs, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let (loaded, a_id) = match locate::target(&args.a, scenarios)? {
        Target::Document(l, id) => (l, id),
        Target::Negotiation(_) => return Err(miette!("`{}` is a negotiation, not a document", args.a)),
    };
    let root = loaded.root.clone();
    let n = clean(loaded, color)?;
    // The second document is usually an id of the same negotiation: no second load then.
    let b_id = if n.document(&args.b).is_some() {
        args.b.clone()
    } else {
        match locate::target(&args.b, scenarios)? {
            Target::Document(l, id) if l.root == root => id,
            Target::Document(..) => {
                return Err(miette!(
                    "`{}` and `{}` belong to different negotiations",
                    args.a,
                    args.b
                ));
            }
            Target::Negotiation(_) => return Err(miette!("`{}` is a negotiation, not a document", args.b)),
        }
    };
    let a = n.document(&a_id).ok_or_else(|| miette!("no document `{a_id}`"))?;
    let b = n.document(&b_id).ok_or_else(|| miette!("no document `{b_id}`"))?;
    let alignment = align_documents(a, b, &overrides(&n), &AlignOptions::for_documents()).into_diagnostic()?;
    let c = report::Comparison::new(&n, a, b, &alignment);
    let color = color && args.output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        Format::Text => report::render_text(&c, a, b, args.width, color),
        Format::Json => c.to_json(),
        Format::Html => report::render_html(&c, a, b),
    };
    emit(&text, &args.output)?;
    Ok(ExitCode::SUCCESS)
}

pub fn evolution(args: EvolutionArgs, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let loaded = match locate::target(&args.negotiation, scenarios)? {
        Target::Negotiation(l) => l,
        Target::Document(..) => return Err(miette!("`{}` is a document; give its negotiation", args.negotiation)),
    };
    let n = clean(loaded, color)?;
    let docs: Vec<&truce_model::Document> = n.documents.iter().collect();
    let e = truce_compare::evolution(&docs, &overrides(&n), &AlignOptions::for_documents()).into_diagnostic()?;
    let text = match args.format {
        Format::Text => evo::render_text(&n, &e),
        Format::Json => evo::to_json(&n, &e),
        Format::Html => evo::render_html(&n, &e),
    };
    emit(&text, &args.output)?;
    Ok(ExitCode::SUCCESS)
}
