//! `truce pax`: load the PA-X agreements export into the store and look agreements up.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use miette::{IntoDiagnostic, Result, WrapErr, miette};
use truce_model::pax_taxonomy;
use truce_store::Store;

#[derive(Subcommand)]
pub enum PaxCommand {
    /// Import the PA-X v9 coded CSV (e.g. ../shared/data/pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv)
    /// into the store. Rows that cannot be read are written with their line and reason
    /// to a rejects file; the counts printed add up (read = accepted + rejected).
    /// Re-importing replaces agreements with the same id.
    Import {
        /// The CSV file.
        csv: PathBuf,
        /// Where to write rejected rows (default: <csv name>.rejects.csv in the current
        /// directory, written only when a row is rejected).
        #[arg(long, value_name = "FILE")]
        rejects: Option<PathBuf>,
    },
    /// Show one agreement of the store: metadata and its provision codes by group.
    Show {
        /// PA-X agreement id (AgtId), e.g. 1364 for Minsk II.
        id: u32,
    },
}

pub fn open_store(flag: Option<PathBuf>) -> Result<Store> {
    let path = match flag {
        Some(p) => p,
        None => truce_store::default_path().into_diagnostic()?,
    };
    Store::open(&path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot open the store at {}", path.display()))
}

pub fn run(cmd: PaxCommand, store: Option<PathBuf>) -> Result<ExitCode> {
    match cmd {
        PaxCommand::Import { csv, rejects } => import(&csv, rejects, store),
        PaxCommand::Show { id } => show(id, store),
    }
}

fn import(csv: &Path, rejects: Option<PathBuf>, store: Option<PathBuf>) -> Result<ExitCode> {
    let file = std::fs::File::open(csv)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot open {}", csv.display()))?;
    let name = csv.display().to_string();
    let read = truce_pax::read_agreements(std::io::BufReader::new(file), &name).into_diagnostic()?;
    let mut store = open_store(store)?;
    let summary = store.import_pax(&read.agreements).into_diagnostic()?;
    println!(
        "{name}: read {} rows: {} accepted, {} rejected",
        read.rows_read,
        read.agreements.len(),
        read.rejects.len()
    );
    println!(
        "store {}: {} agreements ({} new, {} replaced), {} codes; {} agreements in the store",
        store.path().display(),
        summary.agreements,
        summary.inserted,
        summary.replaced,
        summary.codes,
        store.pax_count().into_diagnostic()?
    );
    if !read.rejects.is_empty() {
        let path = rejects.unwrap_or_else(|| {
            let stem = csv
                .file_stem()
                .map_or("pax".into(), |s| s.to_string_lossy().into_owned());
            PathBuf::from(format!("{stem}.rejects.csv"))
        });
        let mut out = std::fs::File::create(&path)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write rejects to {}", path.display()))?;
        let mut text = String::from("line,agt_id,reason\n");
        for r in &read.rejects {
            let reason = r.reason.to_string().replace('"', "\"\"");
            text.push_str(&format!(
                "{},{},\"{reason}\"\n",
                r.line,
                r.agt_id.map(|i| i.to_string()).unwrap_or_default()
            ));
        }
        out.write_all(text.as_bytes()).into_diagnostic()?;
        println!("rejected rows with reasons: {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn show(id: u32, store: Option<PathBuf>) -> Result<ExitCode> {
    let store = open_store(store)?;
    let a = store.pax_agreement(id).into_diagnostic()?.ok_or_else(|| {
        miette!(
            help = "import the corpus first: truce pax import <csv>",
            "no PA-X agreement {id} in {}",
            store.path().display()
        )
    })?;
    println!("PA-X {}  {}", a.id, a.name);
    println!(
        "  {} | {} | stage {} / {} | {}",
        a.date, a.country, a.stage, a.substage, a.agreement_type
    );
    println!("  process {} ({}), region {}", a.process_name, a.process_id, a.region);
    println!("  {} codes:", a.codes.len());
    for group in pax_taxonomy::CodeGroup::ALL {
        let codes: Vec<String> = a
            .codes
            .iter()
            .filter(|(c, _)| pax_taxonomy::code(c).is_some_and(|i| i.group == group))
            .map(|(c, l)| format!("{c}={l}"))
            .collect();
        if !codes.is_empty() {
            println!("    {:<31} {}", group.label(), codes.join(" "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
