//! `truce overview`: the main job on the bundled scenarios. Checks each scenario and
//! summarises it; later capabilities add their results here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::Result;
use truce_model::{IssueKind, Negotiation, load_scenario};

use crate::show::term_display;
use crate::{check, locate, table};

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
        }
    }
    print!("{out}");
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
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
    out.push_str(&table::render(&rows));

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
        out.push_str(&table::render(&rows));
    }
    out.push('\n');
    out
}
