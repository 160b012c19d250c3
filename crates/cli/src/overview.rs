//! `truce overview`: the main job on the bundled scenarios. Checks each scenario and
//! summarises it; later capabilities add their results here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::Result;
use truce_model::{IssueKind, Negotiation, load_scenario};
use truce_report::text::table;

use crate::show::term_display;
use crate::{check, locate};

pub fn run(paths: &[PathBuf], scenarios: &Path, color: bool) -> Result<ExitCode> {
    let roots = locate::roots(paths, scenarios)?;
    let mut failed = false;
    let mut out = String::new();
    for root in &roots {
        let loaded = load_scenario(root);
        let _ = writeln!(out, "== {}", check::summary(root, &loaded));
        if loaded.error_count() > 0 {
            eprint!("{}", check::render(&loaded, color));
            let _ = writeln!(
                out,
                "   not summarised: fix the errors first (`truce check {}`)\n",
                root.display()
            );
            failed = true;
            continue;
        }
        if let Some(n) = &loaded.negotiation {
            out.push_str(&summarise(n));
            let mut sources = loaded.sources.clone();
            let positions = truce_positions::load_positions(&root.join("positions"), n, &mut sources);
            if positions.error_count() > 0 {
                let _ = writeln!(
                    out,
                    "positions: {} errors (run `truce assess` to see them)\n",
                    positions.error_count()
                );
                failed = true;
            } else if !positions.positions.parties.is_empty() {
                out.push_str(&positions_summary(n, &positions.positions));
            }
            out.push_str(&ceasefires_summary(n));
        }
    }
    print!("{out}");
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The ceasefires the documents declare, ready for `truce monitor`.
fn ceasefires_summary(n: &Negotiation) -> String {
    let all = truce_monitor::ceasefires(n);
    if all.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "ceasefires (judge events with `truce monitor verify`):
",
    );
    for (doc, c) in all {
        let end = c.end.as_ref().map_or("open-ended".to_owned(), |e| format!("until {e}"));
        let _ = writeln!(
            out,
            "  {} ({doc}): from {}, {end}; prohibits {}; {} zone(s)",
            c.id,
            c.start,
            c.prohibited.join(", "),
            c.zones.len()
        );
    }
    out.push('\n');
    out
}

/// Which draft each party accepts or rejects, and whether any package satisfies all.
fn positions_summary(n: &Negotiation, positions: &truce_positions::Positions) -> String {
    use truce_positions::Truth;
    let mut out = String::new();
    let mut docs: Vec<_> = n.documents.iter().collect();
    docs.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let assessments: Vec<_> = docs.iter().map(|d| truce_positions::assess(n, d, positions)).collect();
    let mut rows = vec![
        std::iter::once("party".to_owned())
            .chain(docs.iter().map(|d| d.id.clone()))
            .collect::<Vec<_>>(),
    ];
    for p in &positions.parties {
        let mut row = vec![p.party.clone()];
        for a in &assessments {
            let cell = a
                .parties
                .iter()
                .find(|x| x.party == p.party)
                .map_or("-", |x| match x.acceptable {
                    Truth::Holds => "accepts",
                    Truth::Broken => "REJECTS",
                    Truth::Unknown => "open",
                });
            row.push(cell.to_owned());
        }
        rows.push(row);
    }
    let _ = writeln!(
        out,
        "drafts against each party's red lines (open: the draft leaves a deciding term open; `truce assess <doc>` says why):"
    );
    out.push_str(&table(&rows));
    match truce_positions::zopa(n, positions, &truce_positions::ZopaOptions::default()) {
        Ok(z) if z.feasible => {
            let _ = writeln!(
                out,
                "zone of agreement: packages exist that satisfy every party (`truce zopa {}`)",
                n.id
            );
        }
        Ok(z) => {
            let sets = z.conflicts.as_ref().map_or(0, |c| c.sets.len());
            let _ = writeln!(
                out,
                "zone of agreement: none; {sets} minimal conflict sets of red lines block it (`truce zopa {}`)",
                n.id
            );
        }
        Err(e) => {
            let _ = writeln!(out, "zone of agreement: not computed ({e})");
        }
    }
    out.push('\n');
    out
}

/// A negotiation at a glance: parties, issue space, documents, and the terms each
/// document sets (blank: the document leaves the issue open).
pub fn summarise(n: &Negotiation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", n.id, n.title);
    let parties: Vec<String> = n.parties.iter().map(|p| format!("{} ({})", p.name, p.id)).collect();
    let _ = writeln!(out, "parties: {}", parties.join(", "));
    let count = |f: fn(&IssueKind) -> bool| n.issues.iter().filter(|i| f(&i.kind)).count();
    let _ = writeln!(
        out,
        "issue space: {} issues ({} enum, {} integer, {} boolean, {} date)\n",
        n.issues.len(),
        count(|k| matches!(k, IssueKind::Enum { .. })),
        count(|k| matches!(k, IssueKind::Integer { .. })),
        count(|k| matches!(k, IssueKind::Boolean)),
        count(|k| matches!(k, IssueKind::Date)),
    );

    let mut docs: Vec<_> = n.documents.iter().collect();
    docs.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut rows = vec![vec![
        "date".to_owned(),
        "document".into(),
        "status".into(),
        "stage".into(),
        "provisions".into(),
        "codes".into(),
        "sources".into(),
        "relations".into(),
    ]];
    for d in &docs {
        let sources: usize = d.provenance.len() + d.provisions.iter().map(|p| p.provenance.len()).sum::<usize>();
        let relations: Vec<String> = d
            .relations
            .iter()
            .map(|r| format!("{} {}", r.kind.as_str(), r.target))
            .collect();
        rows.push(vec![
            d.date.to_string(),
            d.id.clone(),
            d.status.as_str().into(),
            d.stage.as_str().into(),
            d.provisions.len().to_string(),
            d.code_profile().len().to_string(),
            sources.to_string(),
            relations.join("; "),
        ]);
    }
    out.push_str(&table(&rows));

    // Terms by document: one row per issue that any document sets.
    let mut rows = vec![
        std::iter::once("issue".to_owned())
            .chain(docs.iter().map(|d| d.id.clone()))
            .collect::<Vec<_>>(),
    ];
    for issue in &n.issues {
        let cells: Vec<String> = docs
            .iter()
            .map(|d| {
                let values: Vec<String> = d
                    .provisions
                    .iter()
                    .filter_map(|p| p.terms.get(&issue.id))
                    .map(|v| term_display(n, &issue.id, v))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                if values.is_empty() {
                    "-".to_owned()
                } else {
                    values.join(" / ")
                }
            })
            .collect();
        if cells.iter().any(|c| c != "-") {
            rows.push(std::iter::once(issue.id.clone()).chain(cells).collect());
        }
    }
    if rows.len() > 1 {
        let _ = writeln!(out, "\nterms set by each document (- : left open):");
        out.push_str(&table(&rows));
    }
    out.push('\n');
    out
}
