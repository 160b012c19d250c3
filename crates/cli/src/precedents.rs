//! `truce precedents`: nearest PA-X agreements by provision-code profile.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use miette::{IntoDiagnostic, Result, miette};
use truce_precedents::{Corpus, Precedent, ProcessRef, Profile, Query, Weighting};
use truce_report::text::table;

use crate::check;
use crate::locate::{self, Target};

#[derive(Args)]
pub struct PrecedentsArgs {
    /// A PA-X agreement id (e.g. 1364), or a document (file or id) of a scenario.
    target: String,
    /// How many precedents to list.
    #[arg(long, default_value_t = 5)]
    top: usize,
    /// Keep only agreements of this PA-X stage (Pre, SubPar, SubComp, Imp, Cea, Ren,
    /// Oth); repeatable.
    #[arg(long = "stage", value_name = "STAGE")]
    stages: Vec<String>,
    /// Keep only agreements of this PA-X region (e.g. "Europe and Eurasia"); repeatable.
    #[arg(long = "region", value_name = "REGION")]
    regions: Vec<String>,
    /// Keep only agreements signed in these years, e.g. 1995..2010 or 2014.
    #[arg(long, value_name = "FROM..TO")]
    years: Option<String>,
    /// Leave out agreements of the same peace process (for a scenario document: the
    /// negotiation's `pax_process`), so that precedents come from other conflicts.
    #[arg(long)]
    other_processes: bool,
    /// How codes are weighted: idf (rare provisions count more) or uniform.
    #[arg(long, value_enum, default_value_t = WeightingArg::Idf)]
    weighting: WeightingArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutFormat::Text)]
    format: OutFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum WeightingArg {
    Idf,
    Uniform,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Text,
    Json,
}

fn years(s: &str) -> Result<std::ops::RangeInclusive<i16>> {
    let parse = |t: &str| {
        t.trim()
            .parse::<i16>()
            .map_err(|_| miette!("--years: `{t}` is not a year (expected e.g. 1995..2010)"))
    };
    match s.split_once("..") {
        Some((a, b)) => Ok(parse(a)?..=parse(b)?),
        None => {
            let y = parse(s)?;
            Ok(y..=y)
        }
    }
}

pub fn run(args: PrecedentsArgs, store: Option<PathBuf>, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let store = crate::pax::open_store(store)?;
    let stored = store.pax_agreements().into_diagnostic()?;
    if stored.is_empty() {
        return Err(miette!(
            help = "import the corpus first: truce pax import ../shared/data/pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv",
            "the store {} holds no PA-X agreements",
            store.path().display()
        ));
    }
    let corpus = Corpus::from_stored(&stored).into_diagnostic()?;

    let (profile, subject, process) = if let Ok(id) = args.target.parse::<u32>() {
        let profile = corpus.profile(id).into_diagnostic()?;
        let name = stored
            .iter()
            .find(|a| a.id == id)
            .map_or(String::new(), |a| a.name.clone());
        (profile, format!("PA-X {id} {name}"), ProcessRef::SameAsProfile)
    } else {
        let (loaded, id) = match locate::target(&args.target, scenarios)? {
            Target::Document(l, id) => (l, id),
            Target::Negotiation(_) => {
                return Err(miette!("`{}` is a negotiation; give one of its documents", args.target));
            }
        };
        if loaded.error_count() > 0 {
            eprint!("{}", check::render(&loaded, color));
            return Err(miette!("the scenario has errors; fix them first"));
        }
        let n = loaded.negotiation.as_ref().ok_or_else(|| miette!("no negotiation"))?;
        let d = n.document(&id).ok_or_else(|| miette!("no document `{id}`"))?;
        let process = match &n.pax_process {
            Some(name) => ProcessRef::Name(name.clone()),
            None if args.other_processes => {
                return Err(miette!(
                    help = "add pax_process = \"...\" (the PA-X PPName) to [negotiation] in negotiation.toml",
                    "--other-processes needs the negotiation's PA-X process"
                ));
            }
            None => ProcessRef::SameAsProfile,
        };
        (
            Profile::from_document(d).into_diagnostic()?,
            format!("{} {}", d.id, d.title),
            process,
        )
    };

    let mut query = Query::new(profile, args.top);
    query.stages = args.stages;
    query.regions = args.regions;
    query.years = args.years.as_deref().map(years).transpose()?;
    query.exclude_process = args.other_processes.then_some(process);
    query.weighting = match args.weighting {
        WeightingArg::Idf => Weighting::Idf,
        WeightingArg::Uniform => Weighting::Uniform,
    };
    let found = corpus.search(&query).into_diagnostic()?;
    match args.format {
        OutFormat::Json => println!("{}", serde_json::to_string_pretty(&found).into_diagnostic()?),
        OutFormat::Text => print!("{}", render(&subject, &found, args.other_processes)),
    }
    Ok(ExitCode::SUCCESS)
}

fn render(subject: &str, found: &[Precedent], other: bool) -> String {
    let mut out = String::new();
    let scope = if other { ", other peace processes only" } else { "" };
    let _ = writeln!(out, "precedents of {subject}{scope}\n");
    if found.is_empty() {
        let _ = writeln!(out, "no agreement shares a weighted code with it under these filters");
        return out;
    }
    let mut rows = vec![vec![
        "rank".to_owned(),
        "score".into(),
        "PA-X".into(),
        "date".into(),
        "stage".into(),
        "agreement".into(),
    ]];
    for (i, p) in found.iter().enumerate() {
        let name: String = p.name.chars().take(70).collect();
        rows.push(vec![
            (i + 1).to_string(),
            format!("{:.3}", p.score),
            p.id.to_string(),
            p.date.to_string(),
            p.stage.clone(),
            format!("{name} ({})", p.country),
        ]);
    }
    out.push_str(&table(&rows));
    for (i, p) in found.iter().enumerate() {
        let shared: Vec<String> = p
            .shared
            .iter()
            .map(|s| format!("{}={}/{}", s.code, s.query, s.hit))
            .collect();
        let only_q: Vec<String> = p.only_query.iter().map(|c| format!("{}={}", c.code, c.level)).collect();
        let only_h: Vec<String> = p.only_hit.iter().map(|c| format!("{}={}", c.code, c.level)).collect();
        let _ = writeln!(out, "\n{}. PA-X {} ({}, {})", i + 1, p.id, p.process_name, p.region);
        let _ = writeln!(out, "   shared (query/precedent level): {}", shared.join(" "));
        let _ = writeln!(
            out,
            "   only in the query:              {}",
            if only_q.is_empty() {
                "-".into()
            } else {
                only_q.join(" ")
            }
        );
        let _ = writeln!(
            out,
            "   only in the precedent:          {}",
            if only_h.is_empty() {
                "-".into()
            } else {
                only_h.join(" ")
            }
        );
    }
    out
}
