//! The report of `truce compare`: two documents aligned clause by clause.
//!
//! JSON (`format: "truce.compare/1"`): `negotiation` id; `a` and `b`, the two documents
//! (`id`, `title`, `date`, `status`); `counts` (links by kind, `added`, `dropped`);
//! `entries` in reading order of the later document, each with `kind` (`unchanged`,
//! `reworded`, `terms-changed`, `moved`, `merged`, `split`, `added`, `dropped`), `a` and
//! `b` (the provisions on each side: `id`, `number`), and for links `confidence` (0-1),
//! `origin` (`aligner` or `confirmed`), `similarity`, `moved`, `redline` (runs with `op`
//! `equal`/`delete`/`insert` and `text`) and `terms` (`issue`, `before`, `after`; a
//! missing value means the term is open).

use std::fmt::Write as _;

use serde::Serialize;
use truce_compare::{Alignment, ChangeOp, Counts, Origin, TermDelta, diff_link};
use truce_model::{Document, Negotiation};

use crate::html::{Page, escape};
use crate::text::{Style, side_by_side, wrap_styled};

/// Name and version of the JSON form.
pub const FORMAT: &str = "truce.compare/1";

/// A document named in a report.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentRef {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date.
    pub date: String,
    /// Status (leaked, official, ...).
    pub status: String,
}

impl DocumentRef {
    fn of(d: &Document) -> Self {
        DocumentRef {
            id: d.id.clone(),
            title: d.title.clone(),
            date: d.date.to_string(),
            status: d.status.as_str().into(),
        }
    }
}

/// A provision named in a report.
#[derive(Debug, Clone, Serialize)]
pub struct ProvisionRef {
    /// Id.
    pub id: String,
    /// Number as written.
    pub number: String,
}

/// One row of the comparison: a link, an added or a dropped provision.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Link kind, or `added` / `dropped`.
    pub kind: String,
    /// Provisions of the earlier document.
    pub a: Vec<ProvisionRef>,
    /// Provisions of the later document.
    pub b: Vec<ProvisionRef>,
    /// How sure the aligner is (links only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Who made the link (links only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    /// Text similarity (links only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// Whether the link breaks the order of the others.
    pub moved: bool,
    /// Word-level changes (links only).
    pub redline: Vec<truce_compare::Change>,
    /// Term changes (links only).
    pub terms: Vec<TermDelta>,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// Always [`FORMAT`].
    pub format: String,
    /// Negotiation id.
    pub negotiation: String,
    /// Earlier document.
    pub a: DocumentRef,
    /// Later document.
    pub b: DocumentRef,
    /// Links by kind, added and dropped.
    pub counts: Counts,
    /// Rows in reading order of the later document.
    pub entries: Vec<Entry>,
}

fn refs(d: &Document, idx: &[usize]) -> Vec<ProvisionRef> {
    idx.iter()
        .filter_map(|&i| d.provisions.get(i))
        .map(|p| ProvisionRef {
            id: p.id.clone(),
            number: p.number.clone(),
        })
        .collect()
}

impl Comparison {
    /// Builds the report of an alignment of `a` and `b` (with redlines and term deltas).
    pub fn new(n: &Negotiation, a: &Document, b: &Document, alignment: &Alignment) -> Self {
        // Sort key: position in b; a dropped provision sits after the link of the nearest
        // earlier provision of a that is linked.
        let mut keyed: Vec<((usize, usize, usize), Entry)> = Vec::new();
        for link in &alignment.links {
            let diff = diff_link(a, b, link);
            let key = (
                link.b.first().copied().unwrap_or(0),
                0,
                link.a.first().copied().unwrap_or(0),
            );
            keyed.push((
                key,
                Entry {
                    kind: link.kind.as_str().into(),
                    a: refs(a, &link.a),
                    b: refs(b, &link.b),
                    confidence: Some(link.confidence),
                    origin: Some(link.origin),
                    similarity: Some(link.similarity),
                    moved: link.moved,
                    redline: diff.redline,
                    terms: diff.terms,
                },
            ));
        }
        for &j in &alignment.added {
            keyed.push(((j, 0, 0), entry("added", Vec::new(), refs(b, &[j]))));
        }
        for &i in &alignment.dropped {
            let after = (0..i)
                .rev()
                .find_map(|k| alignment.link_of_a(k))
                .and_then(|l| l.b.first().copied());
            let key = match after {
                Some(j) => (j, 1, i),
                None => (0, 0, i),
            };
            keyed.push((key, entry("dropped", refs(a, &[i]), Vec::new())));
        }
        keyed.sort_by(|x, y| x.0.cmp(&y.0).then_with(|| x.1.kind.cmp(&y.1.kind)));
        Comparison {
            format: FORMAT.into(),
            negotiation: n.id.clone(),
            a: DocumentRef::of(a),
            b: DocumentRef::of(b),
            counts: alignment.counts(),
            entries: keyed.into_iter().map(|(_, e)| e).collect(),
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

fn entry(kind: &str, a: Vec<ProvisionRef>, b: Vec<ProvisionRef>) -> Entry {
    Entry {
        kind: kind.into(),
        a,
        b,
        confidence: None,
        origin: None,
        similarity: None,
        moved: false,
        redline: Vec::new(),
        terms: Vec::new(),
    }
}

fn summary(c: &Counts) -> Vec<(&'static str, usize)> {
    vec![
        ("unchanged", c.unchanged),
        ("reworded", c.reworded),
        ("terms-changed", c.terms_changed),
        ("moved", c.moved),
        ("merged", c.merged),
        ("split", c.split),
        ("added", c.added),
        ("dropped", c.dropped),
    ]
}

fn numbers(refs: &[ProvisionRef]) -> String {
    refs.iter()
        .map(|r| format!("{} [{}]", r.number, r.id))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn text_of(d: &Document, refs: &[ProvisionRef]) -> String {
    refs.iter()
        .filter_map(|r| d.provisions.iter().find(|p| p.id == r.id))
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Styled runs of text, in order.
type Runs = Vec<(String, Style)>;

/// Terminal rendering: a summary, then each row with the two texts side by side,
/// deletions and insertions in colour (or marked `[-...-]` / `{+...+}` without colour).
pub fn render_text(c: &Comparison, a: &Document, b: &Document, width: usize, color: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "compare {} ({}, {}) -> {} ({}, {})",
        c.a.id, c.a.date, c.a.status, c.b.id, c.b.date, c.b.status
    );
    let counts: Vec<String> = summary(&c.counts).iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(out, "{}\n", counts.join(", "));
    let column = (width.saturating_sub(7)) / 2;
    for e in &c.entries {
        let head = match e.kind.as_str() {
            "added" => format!("added    {} {}", " ".repeat(0), numbers(&e.b)),
            "dropped" => format!("dropped  {}", numbers(&e.a)),
            kind => {
                let conf = e.confidence.map(|x| format!("  confidence {x:.2}")).unwrap_or_default();
                let origin = if e.origin == Some(Origin::Confirmed) {
                    "  (confirmed)"
                } else {
                    ""
                };
                let moved = if e.moved && kind != "moved" { "  (moved)" } else { "" };
                format!("{kind}  {} -> {}{conf}{origin}{moved}", numbers(&e.a), numbers(&e.b))
            }
        };
        let _ = writeln!(out, "{head}");
        for t in &e.terms {
            let _ = writeln!(out, "    term {t}");
        }
        let (left, right): (Runs, Runs) = match e.kind.as_str() {
            "added" => (Vec::new(), vec![(text_of(b, &e.b), Style::Inserted)]),
            "dropped" => (vec![(text_of(a, &e.a), Style::Deleted)], Vec::new()),
            _ => {
                let mut l = Vec::new();
                let mut r = Vec::new();
                for ch in &e.redline {
                    match ch.op {
                        ChangeOp::Equal => {
                            l.push((ch.text.clone(), Style::Plain));
                            r.push((ch.text.clone(), Style::Plain));
                        }
                        ChangeOp::Delete => l.push((ch.text.clone(), Style::Deleted)),
                        ChangeOp::Insert => r.push((ch.text.clone(), Style::Inserted)),
                    }
                }
                (l, r)
            }
        };
        if e.kind != "unchanged" {
            let l = wrap_styled(&left, column, color);
            let r = wrap_styled(&right, column, color);
            out.push_str(&side_by_side(&l, &r, column, "    "));
        }
        out.push('\n');
    }
    out
}

/// The comparison as one self-contained HTML page.
pub fn render_html(c: &Comparison, a: &Document, b: &Document) -> String {
    html_page(c, a, b).render()
}

/// The page's parts: summary, then a table with the earlier text, the kind
/// of change and the later text, deletions in `<del>` and insertions in `<ins>`.
pub fn html_page(c: &Comparison, a: &Document, b: &Document) -> Page {
    let mut body = String::new();
    let _ = writeln!(body, "<p class=\"summary\">");
    for (k, n) in summary(&c.counts) {
        let _ = write!(body, "<span><strong>{n}</strong> {k}</span>");
    }
    let _ = writeln!(body, "</p>");
    let _ = writeln!(
        body,
        "<table>\n<caption class=\"muted\">Left: {} ({}, {}). Right: {} ({}, {}). Negotiation {}.</caption>\n\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">change</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        escape(&c.a.title),
        escape(&c.a.date),
        escape(&c.a.status),
        escape(&c.b.title),
        escape(&c.b.date),
        escape(&c.b.status),
        escape(&c.negotiation),
        escape(&c.a.id),
        escape(&c.b.id),
    );
    for e in &c.entries {
        let (mut left, mut right) = (String::new(), String::new());
        match e.kind.as_str() {
            "added" => right = format!("<ins>{}</ins>", escape(&text_of(b, &e.b))),
            "dropped" => left = format!("<del>{}</del>", escape(&text_of(a, &e.a))),
            _ => {
                for ch in &e.redline {
                    match ch.op {
                        ChangeOp::Equal => {
                            left.push_str(&escape(&ch.text));
                            right.push_str(&escape(&ch.text));
                        }
                        ChangeOp::Delete => {
                            let _ = write!(left, "<del>{}</del>", escape(&ch.text));
                        }
                        ChangeOp::Insert => {
                            let _ = write!(right, "<ins>{}</ins>", escape(&ch.text));
                        }
                    }
                }
            }
        }
        let label = |refs: &[ProvisionRef]| -> String {
            refs.iter()
                .map(|r| {
                    format!(
                        "<strong>{}</strong> <span class=\"muted\">{}</span>",
                        escape(&r.number),
                        escape(&r.id)
                    )
                })
                .collect::<Vec<_>>()
                .join(" + ")
        };
        let mut kind = escape(&e.kind);
        if let Some(conf) = e.confidence {
            let _ = write!(kind, "<br><span class=\"muted\">confidence {conf:.2}</span>");
        }
        if e.origin == Some(Origin::Confirmed) {
            kind.push_str("<br><span class=\"muted\">confirmed</span>");
        }
        if !e.terms.is_empty() {
            kind.push_str("<ul class=\"terms\">");
            for t in &e.terms {
                let _ = write!(kind, "<li>{}</li>", escape(&t.to_string()));
            }
            kind.push_str("</ul>");
        }
        let _ = writeln!(
            body,
            "<tr><td>{}<br>{left}</td><td class=\"kind\">{kind}</td><td>{}<br>{right}</td></tr>",
            label(&e.a),
            label(&e.b)
        );
    }
    let _ = writeln!(body, "</tbody>\n</table>");
    Page {
        title: format!("{} → {}", c.a.id, c.b.id),
        subtitle: format!(
            "Clause-by-clause comparison made by truce ({FORMAT}). Confidence is a ranking score, not a probability."
        ),
        body,
    }
}
