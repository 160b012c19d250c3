//! `truce show` (a readable outline of a document) and `truce export` (normalized JSON).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use miette::{Result, miette};
use truce_model::{Document, Export, IssueKind, Loaded, Negotiation, Provenance, TermValue, pax_taxonomy};

use crate::check;
use crate::locate::{self, Target};

/// Refuses to analyse a scenario with errors, printing them.
fn require_clean(loaded: Loaded, color: bool) -> Result<(Loaded, Negotiation)> {
    if loaded.error_count() > 0 || loaded.negotiation.is_none() {
        eprint!("{}", check::render(&loaded, color));
        return Err(miette!(
            help = "fix the errors above (`truce check` lists them), then try again",
            "the scenario has {} errors",
            loaded.error_count()
        ));
    }
    let n = loaded.negotiation.clone().ok_or_else(|| miette!("no negotiation"))?;
    Ok((loaded, n))
}

pub fn run(arg: &str, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let (loaded, id) = match locate::target(arg, scenarios)? {
        Target::Document(l, id) => (l, id),
        Target::Negotiation(_) => {
            return Err(miette!(
                help = "`truce overview` summarises a negotiation",
                "`{arg}` is a negotiation, not a document"
            ));
        }
    };
    let (_, n) = require_clean(loaded, color)?;
    let d = n.document(&id).ok_or_else(|| miette!("document `{id}` not found"))?;
    print!("{}", outline(&n, d));
    Ok(ExitCode::SUCCESS)
}

pub fn export(arg: &str, scenarios: &Path, color: bool) -> Result<ExitCode> {
    let export = match locate::target(arg, scenarios)? {
        Target::Negotiation(l) => Export::negotiation(&require_clean(l, color)?.1),
        Target::Document(l, id) => {
            let (_, n) = require_clean(l, color)?;
            let d = n.document(&id).ok_or_else(|| miette!("document `{id}` not found"))?;
            Export::document(&n.id, d)
        }
    };
    print!("{}", export.to_json());
    Ok(ExitCode::SUCCESS)
}

/// Formats a term with the unit or label its issue gives it.
pub fn term_display(n: &Negotiation, issue: &str, value: &TermValue) -> String {
    match (n.issue(issue).map(|i| &i.kind), value) {
        (Some(IssueKind::Integer { unit: Some(u), .. }), TermValue::Integer(v)) => format!("{} {u}", group_digits(*v)),
        (_, TermValue::Integer(v)) => group_digits(*v),
        (_, v) => v.to_string(),
    }
}

/// 600000 -> "600,000".
pub fn group_digits(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

fn claim(out: &mut String, indent: &str, p: &Provenance) {
    let _ = writeln!(
        out,
        "{indent}[{:.2}] {}, {}: {}",
        p.confidence, p.publisher, p.date, p.source
    );
    if let Some(note) = &p.note {
        for line in wrap(note, 84 - indent.len()) {
            let _ = writeln!(out, "{indent}       {line}");
        }
    }
}

/// Greedy word wrap.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The outline of one document.
pub fn outline(n: &Negotiation, d: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", d.id, d.title);
    let _ = writeln!(
        out,
        "  {} | {} | PA-X stage {} ({}) | negotiation {}",
        d.date,
        d.status.as_str(),
        d.stage.as_str(),
        d.stage.label(),
        n.id
    );
    if !d.authors.is_empty() {
        let names: Vec<&str> = d
            .authors
            .iter()
            .map(|a| n.party(a).map_or(a.as_str(), |p| p.name.as_str()))
            .collect();
        let _ = writeln!(out, "  authors: {}", names.join(", "));
    }
    if let Some(s) = &d.summary {
        for line in wrap(s, 86) {
            let _ = writeln!(out, "  {line}");
        }
    }
    if !d.provenance.is_empty() {
        let _ = writeln!(out, "\n  provenance ({} claims):", d.provenance.len());
        for p in &d.provenance {
            claim(&mut out, "    ", p);
        }
    }
    if !d.relations.is_empty() {
        let _ = writeln!(out, "\n  relations:");
        for r in &d.relations {
            let date = n
                .document(&r.target)
                .map(|t| format!(" ({})", t.date))
                .unwrap_or_default();
            let _ = writeln!(out, "    {} {}{date}", r.kind.as_str(), r.target);
        }
    }
    let _ = writeln!(out, "\n  provisions ({}):", d.provisions.len());
    for p in &d.provisions {
        let heading = p.heading.as_deref().unwrap_or("");
        let _ = writeln!(out, "\n  {:>5}  {heading}  [{}]", format!("{}.", p.number), p.id);
        for line in wrap(&p.text, 80) {
            let _ = writeln!(out, "         {line}");
        }
        if !p.codes.is_empty() {
            let codes: Vec<String> = p
                .codes
                .iter()
                .map(|(c, l)| {
                    let label = pax_taxonomy::code(c).map_or("", |i| i.label);
                    format!("{c}={l} ({label})")
                })
                .collect();
            for line in wrap(&format!("codes: {}", codes.join(", ")), 80) {
                let _ = writeln!(out, "         {line}");
            }
        }
        if !p.terms.is_empty() {
            let terms: Vec<String> = p
                .terms
                .iter()
                .map(|(k, v)| format!("{k} = {}", term_display(n, k, v)))
                .collect();
            for line in wrap(&format!("terms: {}", terms.join("; ")), 80) {
                let _ = writeln!(out, "         {line}");
            }
        }
        if !p.binds.is_empty() {
            let _ = writeln!(out, "         binds: {}", p.binds.join(", "));
        }
        for c in &p.provenance {
            claim(&mut out, "         ", c);
        }
    }
    out
}
