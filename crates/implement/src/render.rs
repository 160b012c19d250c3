//! Timelines in words: terminal text and Markdown.

use std::fmt::Write as _;

use crate::eval::Timeline;

fn header(t: &Timeline, out: &mut String, md: bool) {
    let h = if md { "# " } else { "" };
    let _ = writeln!(out, "{h}{} ({})", t.title, t.plan);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Implements `{}`; days counted in {}; from {} as of {}.",
        t.document, t.timezone, t.start, t.as_of
    );
    let counts: Vec<String> = t.counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let _ = writeln!(out, "Steps: {}.", counts.join(", "));
    for w in &t.what_if {
        let _ = writeln!(out, "What if: {w}.");
    }
    for c in &t.coverage {
        let _ = writeln!(out, "Record: {c}.");
    }
    for c in &t.cycles {
        let _ = writeln!(
            out,
            "Cycle: {} wait on each other (read with the previous day's statuses; see `truce lint`).",
            c.join(", ")
        );
    }
    for c in &t.conflicts {
        let _ = writeln!(out, "Conflict: {c}.");
    }
    let _ = writeln!(out);
}

/// Terminal text.
pub fn text(t: &Timeline) -> String {
    let mut out = String::new();
    header(t, &mut out, false);
    for s in &t.steps {
        let _ = writeln!(out, "{:<10} {} [{}] {}", s.status, s.id, s.kind.as_str(), s.title);
        let mut facts = Vec::new();
        if let Some(x) = &s.triggered {
            facts.push(format!("triggered {x}"));
        }
        if let Some(x) = &s.deadline {
            facts.push(format!("deadline {x}"));
        }
        if let Some(x) = &s.performed {
            facts.push(format!("performed {x}"));
        }
        if let Some(x) = &s.breached {
            facts.push(format!("breached {x}"));
        }
        if !facts.is_empty() {
            let _ = writeln!(out, "           {}", facts.join("; "));
        }
        for e in &s.evidence {
            let _ = writeln!(out, "           | {e}");
        }
    }
    if !t.next.is_empty() {
        let _ = writeln!(out, "\nNext, without new evidence:");
        for n in &t.next {
            let _ = writeln!(out, "  {}  {}: {}", n.date, n.step, n.status);
        }
    }
    out
}

/// Markdown.
pub fn markdown(t: &Timeline) -> String {
    let mut out = String::new();
    header(t, &mut out, true);
    let _ = writeln!(
        out,
        "| step | kind | status | triggered | deadline or end | performed / breached |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    let cell = |x: &Option<crate::eval::Days>| x.as_ref().map_or(String::new(), |d| d.to_string());
    for s in &t.steps {
        let pb = match (&s.performed, &s.breached) {
            (Some(p), _) => format!("performed {p}"),
            (_, Some(b)) => format!("breached {b}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "| `{}` {} | {} | **{}** | {} | {} | {} |",
            s.id,
            s.title.replace('|', "/"),
            s.kind.as_str(),
            s.status,
            cell(&s.triggered),
            cell(&s.deadline),
            pb
        );
    }
    let _ = writeln!(out, "\n## Evidence\n");
    for s in &t.steps {
        if s.evidence.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### `{}`: {}\n", s.id, s.status);
        for e in &s.evidence {
            let _ = writeln!(out, "- {}", e.trim_start().replace('|', "/"));
        }
        if !s.sources.is_empty() {
            let _ = writeln!(out, "- reading sourced from: {}", s.sources.join(", "));
        }
        let _ = writeln!(out);
    }
    if !t.next.is_empty() {
        let _ = writeln!(out, "## Next, without new evidence\n");
        for n in &t.next {
            let _ = writeln!(out, "- {}: `{}` {}", n.date, n.step, n.status);
        }
    }
    out
}
