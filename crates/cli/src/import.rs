//! `truce import`: plain text to a skeleton document file.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use truce_import::{SkeletonOptions, decode, skeleton};

#[derive(Args)]
pub struct ImportArgs {
    /// The plan as plain text (UTF-8).
    file: PathBuf,
    /// Where to write the skeleton (default: standard output). Refuses to overwrite an
    /// existing file unless --force is given.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite the output file if it exists.
    #[arg(long)]
    force: bool,
    /// Document id (default: from the file name).
    #[arg(long)]
    id: Option<String>,
    /// Prefix of provision ids (default: the document id).
    #[arg(long)]
    id_prefix: Option<String>,
    /// Document title (default: the first line before the first point).
    #[arg(long)]
    title: Option<String>,
    /// Document date, YYYY-MM-DD (default: a placeholder `truce check` will flag).
    #[arg(long)]
    date: Option<String>,
    /// Status: official, leaked, briefed, reported, counter-proposal, proposal.
    #[arg(long)]
    status: Option<String>,
    /// PA-X stage: Pre, SubPar, SubComp, Imp, Cea, Ren, Oth.
    #[arg(long)]
    stage: Option<String>,
    /// Address of the source the text comes from (becomes a provenance claim).
    #[arg(long)]
    source: Option<String>,
}

/// A document id made from a file name: lower case, other characters to `-`.
fn id_from_name(file: &std::path::Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' })
        .collect();
    let id = id.trim_matches('-').to_owned();
    if id.is_empty() {
        "imported".to_owned()
    } else {
        id.chars().take(40).collect()
    }
}

pub fn run(args: ImportArgs) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot read {}", args.file.display()))?;
    let text = decode(&bytes).map_err(|e| miette!("{}: {e}", args.file.display()))?;
    let options = SkeletonOptions {
        id: args.id.unwrap_or_else(|| id_from_name(&args.file)),
        title: args.title,
        date: args.date,
        status: args.status,
        stage: args.stage,
        source: args.source,
        id_prefix: args.id_prefix,
    };
    let made = skeleton(&text, &options).map_err(|e| miette!("{}: {e}", args.file.display()))?;
    for w in &made.warnings {
        eprintln!("warning: {}:{}: {}", args.file.display(), w.line, w.message);
    }
    match &args.output {
        Some(path) => {
            if path.exists() && !args.force {
                return Err(miette!(
                    help = "pass --force to overwrite it",
                    "{} already exists",
                    path.display()
                ));
            }
            let mut f = std::fs::File::create(path).into_diagnostic()?;
            f.write_all(made.toml.as_bytes()).into_diagnostic()?;
            eprintln!(
                "{}: {} provisions written to {}",
                args.file.display(),
                made.provisions,
                path.display()
            );
        }
        None => {
            print!("{}", made.toml);
            eprintln!("{}: {} provisions", args.file.display(), made.provisions);
        }
    }
    Ok(ExitCode::SUCCESS)
}
