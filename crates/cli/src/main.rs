//! `truce`: peace agreements as checkable data.
//!
//! The binary only parses arguments, wires the library crates together and chooses exit
//! codes; every analysis lives in a library crate.

mod check;
mod compare;
mod implement;
mod import;
mod ingest;
mod locate;
mod monitor;
mod overview;
mod pax;
mod positions;
mod precedents;
mod serve;
mod show;
mod token;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Peace agreements as checkable data: drafts as structured provisions with sourced
/// provenance, checked precisely.
///
/// Start with `truce overview` (a validated summary of the bundled scenarios), then
/// `truce check <dir>` on your own scenario. The file format is in docs/format.md.
#[derive(Parser)]
#[command(name = "truce", version, about, long_about, max_term_width = 100)]
struct Cli {
    /// When to colour output: auto (a terminal, and NO_COLOR unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Directory holding the bundled scenarios (used when a command is given a
    /// document or negotiation id rather than a path).
    #[arg(long, global = true, env = "TRUCE_SCENARIOS", value_name = "DIR")]
    scenarios: Option<PathBuf>,
    /// The embedded store (SQLite file). Default: $TRUCE_STORE, else
    /// <your data directory>/truce/truce.sqlite.
    #[arg(long, global = true, value_name = "FILE")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Check every scenario and summarise it: parties, issue space, documents, the terms
    /// each document sets and, where the scenario has positions, which party accepts or
    /// rejects each draft and whether any package satisfies all. Exits 1 when a scenario
    /// has errors.
    Overview {
        /// Scenario directories (default: every scenario under the scenarios directory).
        paths: Vec<PathBuf>,
    },
    /// Check scenario files and report every problem at once, with file:line:column,
    /// the source line and a hint. Exits 1 on errors, 0 when clean (warnings allowed).
    Check {
        /// Scenario directories, or files inside them (default: every bundled scenario).
        paths: Vec<PathBuf>,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print a readable outline of one document: metadata, provenance, relations, and
    /// every provision with its codes, terms and parties.
    Show {
        /// A document file, or a document id found in the scenarios directory.
        document: String,
    },
    /// Export a document or a whole negotiation as normalized JSON (format
    /// `truce.export/1`; `truce schema --export` prints its schema).
    Export {
        /// A document file or id, or a scenario directory or negotiation id.
        target: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Align the provisions of two documents clause by clause (no shared ids needed) and
    /// show what changed: unchanged, reworded, terms-changed, moved, merged, split, added,
    /// dropped, with word-level redlines and term deltas. Links confirmed or rejected in
    /// negotiation.toml ([[links]]) override the aligner.
    Compare(compare::CompareArgs),
    /// Follow every point across the documents of a negotiation in date order: survived,
    /// changed (how), dropped, new.
    Evolution(compare::EvolutionArgs),
    /// Check one draft against every party's red lines (the scenario's positions/*.toml):
    /// a party x red-line matrix of holds / broken / unknown (a term the draft leaves
    /// open is unknown, never a pass) naming the provisions responsible, and each
    /// party's verdict and utility.
    Assess(positions::AssessArgs),
    /// Search the whole issue space for packages every party accepts. When there is
    /// none: every minimal conflict set of red lines, and which single red line, if
    /// relaxed, opens a zone. When there is: utilitarian, egalitarian, Nash and
    /// Kalai-Smorodinsky packages, the Pareto frontier, and the package closest to a draft.
    Zopa(positions::ZopaArgs),
    /// Turn a numbered plan in plain text ("1.", "2)", sub-points "a." or "а)", bullets;
    /// Latin or Cyrillic) into a skeleton document file, one provision per point, for a
    /// person to finish (codes, terms, date, provenance) and then `truce check`.
    Import(import::ImportArgs),
    /// The PA-X peace agreements corpus (2,144 coded agreements, 1990-2025) in the store.
    #[command(subcommand)]
    Pax(pax::PaxCommand),
    /// Ceasefire verification: ingest conflict events, judge them against a ceasefire's
    /// terms with evidence, daily reports, who held a place, territorial change.
    #[command(subcommand)]
    Monitor(monitor::MonitorCommand),
    /// The PA-X agreements nearest to a document by provision-code profile (weighted
    /// Jaccard over the 0-3 levels, codes weighted by rarity), naming the codes shared
    /// and the codes only one side carries. Needs the corpus in the store (`truce pax
    /// import`).
    Precedents(precedents::PrecedentsArgs),
    /// Replay a scenario's implementation plan (implementation/*.toml) day by day over the
    /// verified record: each step dormant, due, met, breached or unknown as of a date,
    /// with the evidence chain, and what follows next. Metrics read conflict events from
    /// the store (or --events) judged by the ceasefire's terms; --what-if injects
    /// hypothetical findings.
    Timeline(implement::TimelineArgs),
    /// Check implementation plans for the ways sequencing fails: circular conditions,
    /// deadlines anchored to steps nobody verifies, ambiguous month-end arithmetic,
    /// conflicting effects, steps that can never trigger, metrics the monitor cannot
    /// compute, impossible deadlines. Exits 1 on errors (or warnings with --deny-warnings).
    Lint(implement::LintArgs),
    /// The web workbench and JSON API on the embedded store: every bundled scenario's
    /// drafts, comparisons, evolution and implementation timeline in the browser, the same
    /// as JSON under /api/v1 (OpenAPI at /api/openapi.json), /healthz and /metrics.
    /// Listens on 127.0.0.1:8080 unless told otherwise.
    Serve(serve::ServeArgs),
    /// Access tokens for `truce serve`'s writes: create (prints the secret once), list,
    /// revoke.
    #[command(subcommand)]
    Token(token::TokenCommand),
    /// Print the JSON Schema of the input files (negotiation.toml and document files),
    /// or of the JSON export.
    Schema {
        /// Print the schema of `truce export` instead of the input files.
        #[arg(long)]
        export: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = match cli.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            use std::io::IsTerminal;
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let scenarios_given = cli.scenarios.is_some();
    let scenarios = locate::scenarios_dir(cli.scenarios);
    let result = match cli.command {
        Command::Overview { paths } => overview::run(&paths, &scenarios, color),
        Command::Check { paths, deny_warnings } => check::run(&paths, &scenarios, deny_warnings, color),
        Command::Show { document } => show::run(&document, &scenarios, color),
        Command::Export {
            target,
            format: Format::Json,
        } => show::export(&target, &scenarios, color),
        Command::Compare(args) => compare::compare(args, &scenarios, color),
        Command::Evolution(args) => compare::evolution(args, &scenarios, color),
        Command::Assess(args) => positions::assess(args, &scenarios, color),
        Command::Zopa(args) => positions::zopa(args, &scenarios, color),
        Command::Import(args) => import::run(args),
        Command::Precedents(args) => precedents::run(args, cli.store, &scenarios, color),
        Command::Pax(cmd) => pax::run(cmd, cli.store),
        Command::Monitor(cmd) => monitor::run(cmd, cli.store, &scenarios, color),
        Command::Token(cmd) => token::run(cmd, cli.store),
        Command::Serve(args) => serve::run(args, cli.store, &scenarios, scenarios_given),
        Command::Timeline(args) => implement::timeline(args, cli.store, &scenarios, color),
        Command::Lint(args) => implement::lint_cmd(args, &scenarios, color),
        Command::Schema { export } => {
            let schema = if export {
                truce_model::export_schema()
            } else {
                truce_model::input_schema()
            };
            println!("{}", serde_json::to_string_pretty(&schema).unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{:?}", e);
            ExitCode::from(2)
        }
    }
}
