//! The report of `truce evolution`: every point followed across a family in date order.

use std::fmt::Write as _;

use truce_compare::{Evolution, Fate, PointChange};
use truce_model::Negotiation;

use crate::html::{Page, escape};
use crate::text::table;

/// Name and version of the JSON form (the `Evolution` value inside an envelope).
pub const FORMAT: &str = "truce.evolution/1";

/// JSON envelope: `{"format": ..., "negotiation": ..., "evolution": {...}}`.
pub fn to_json(n: &Negotiation, e: &Evolution) -> String {
    let v = serde_json::json!({ "format": FORMAT, "negotiation": n.id, "evolution": e });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn change(c: PointChange) -> &'static str {
    match c {
        PointChange::Base => "",
        PointChange::New => "new",
        PointChange::Unchanged => "=",
        PointChange::Reworded => "reworded",
        PointChange::TermsChanged => "terms",
        PointChange::Moved => "moved",
        PointChange::Merged => "merged",
        PointChange::Split => "split",
        PointChange::Dropped => "dropped",
        PointChange::Absent => "",
    }
}

fn fate(f: Fate) -> &'static str {
    match f {
        Fate::Survived => "survived",
        Fate::Changed => "changed",
        Fate::New => "new",
        Fate::Dropped => "dropped",
    }
}

fn cell(provisions: &[String], c: PointChange) -> String {
    let ids = if provisions.is_empty() {
        "-".to_owned()
    } else {
        provisions.join("+")
    };
    match change(c) {
        "" => ids,
        label => format!("{ids} ({label})"),
    }
}

/// A table: one row per point, one column per document, then the point's fate.
pub fn render_text(n: &Negotiation, e: &Evolution) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "evolution of {}: {} documents, {} points\n",
        n.id,
        e.documents.len(),
        e.lineages.len()
    );
    for s in &e.steps {
        let c = &s.counts;
        let _ = writeln!(
            out,
            "{} -> {}: {} unchanged, {} reworded, {} terms-changed, {} moved, {} merged, {} split, {} added, {} dropped",
            s.from, s.to, c.unchanged, c.reworded, c.terms_changed, c.moved, c.merged, c.split, c.added, c.dropped
        );
    }
    out.push('\n');
    let mut rows = vec![
        e.documents
            .iter()
            .cloned()
            .chain(std::iter::once("fate".to_owned()))
            .collect::<Vec<_>>(),
    ];
    for l in &e.lineages {
        let mut row: Vec<String> = l.presence.iter().map(|p| cell(&p.provisions, p.change)).collect();
        row.push(fate(l.fate).to_owned());
        rows.push(row);
    }
    out.push_str(&table(&rows));
    out
}

/// The evolution as one self-contained HTML page.
pub fn render_html(n: &Negotiation, e: &Evolution) -> String {
    html_page(n, e).render()
}

/// The page's parts: the steps, then one row per point.
pub fn html_page(n: &Negotiation, e: &Evolution) -> Page {
    let mut body = String::new();
    let _ = writeln!(body, "<h2>Steps</h2>\n<ul>");
    for s in &e.steps {
        let c = &s.counts;
        let _ = writeln!(
            body,
            "<li><strong>{}</strong> → <strong>{}</strong>: {} unchanged, {} reworded, {} terms-changed, {} moved, {} merged, {} split, {} added, {} dropped</li>",
            escape(&s.from),
            escape(&s.to),
            c.unchanged,
            c.reworded,
            c.terms_changed,
            c.moved,
            c.merged,
            c.split,
            c.added,
            c.dropped
        );
    }
    let _ = writeln!(body, "</ul>\n<h2>Points</h2>\n<table>\n<thead><tr>");
    for d in &e.documents {
        let date = n.document(d).map(|x| x.date.to_string()).unwrap_or_default();
        let _ = write!(
            body,
            "<th scope=\"col\">{}<br><span class=\"muted\">{}</span></th>",
            escape(d),
            escape(&date)
        );
    }
    let _ = writeln!(body, "<th scope=\"col\">fate</th></tr></thead>\n<tbody>");
    for l in &e.lineages {
        let _ = write!(body, "<tr>");
        for p in &l.presence {
            let _ = write!(body, "<td>{}</td>", escape(&cell(&p.provisions, p.change)));
        }
        let _ = writeln!(body, "<td class=\"kind\">{}</td></tr>", fate(l.fate));
    }
    let _ = writeln!(body, "</tbody>\n</table>");
    Page {
        title: format!("Evolution of {}", n.title),
        subtitle: format!(
            "Each point followed across the documents of {} in date order, made by truce ({FORMAT}).",
            n.id
        ),
        body,
    }
}
