//! Reports of `truce assess` (a draft against every party's red lines) and `truce zopa`
//! (the zone of possible agreement).
//!
//! JSON: `{"format": "truce.assess/1", "assessment": ...}` and
//! `{"format": "truce.zopa/1", "zopa": ...}`, the values as the positions library
//! returns them (see its documentation for every field).

use std::fmt::Write as _;

use truce_model::Negotiation;
use truce_positions::{Assessment, Package, Truth, ZopaReport};

use crate::html::{Page, escape};
use crate::text::table;

/// Name and version of the assessment JSON.
pub const ASSESS_FORMAT: &str = "truce.assess/1";
/// Name and version of the zone-of-agreement JSON.
pub const ZOPA_FORMAT: &str = "truce.zopa/1";

fn json(format: &str, key: &str, value: serde_json::Value) -> String {
    let v = serde_json::json!({ "format": format, key: value });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// The assessment as JSON.
pub fn assess_json(a: &Assessment) -> String {
    json(ASSESS_FORMAT, "assessment", serde_json::to_value(a).unwrap_or_default())
}

/// The zone of agreement as JSON.
pub fn zopa_json(z: &ZopaReport) -> String {
    json(ZOPA_FORMAT, "zopa", serde_json::to_value(z).unwrap_or_default())
}

fn truth(t: Truth) -> &'static str {
    match t {
        Truth::Holds => "holds",
        Truth::Broken => "BROKEN",
        Truth::Unknown => "unknown",
    }
}

fn verdict(t: Truth) -> &'static str {
    match t {
        Truth::Holds => "acceptable",
        Truth::Broken => "rejects",
        Truth::Unknown => "undecided (open terms)",
    }
}

fn party_name<'n>(n: &'n Negotiation, id: &'n str) -> &'n str {
    n.party(id).map_or(id, |p| p.name.as_str())
}

/// Terminal text: per party, the verdict and utility, then each red line with its status
/// and the provisions that decide it.
pub fn assess_text(n: &Negotiation, a: &Assessment) -> String {
    let mut out = String::new();
    let title = n.document(&a.document).map_or("", |d| d.title.as_str());
    let _ = writeln!(
        out,
        "assessment of {} ({title}) against every party's red lines\n",
        a.document
    );
    let mut rows = vec![vec![
        "party".to_owned(),
        "verdict".into(),
        "utility".into(),
        "reservation".into(),
    ]];
    for p in &a.parties {
        let utility = p.utility.as_ref().map_or("-".to_owned(), |u| {
            if (u.max - u.min).abs() < 1e-9 {
                format!("{:.1}", u.min)
            } else {
                format!("{:.1}..{:.1}", u.min, u.max)
            }
        });
        let reservation = p.reservation.map_or("-".to_owned(), |r| format!("{r:.0}"));
        rows.push(vec![
            party_name(n, &p.party).to_owned(),
            verdict(p.acceptable).into(),
            utility,
            reservation,
        ]);
    }
    out.push_str(&table(&rows));
    for p in &a.parties {
        let _ = writeln!(
            out,
            "\n{} ({}): {}",
            party_name(n, &p.party),
            p.party,
            verdict(p.acceptable)
        );
        for r in &p.red_lines {
            let by = if r.provisions.is_empty() {
                String::new()
            } else {
                format!("  by {}", r.provisions.join(", "))
            };
            let open = if r.open_issues.is_empty() {
                String::new()
            } else {
                format!("  open: {}", r.open_issues.join(", "))
            };
            let _ = writeln!(out, "  {:<8} {}{by}{open}", truth(r.status), r.id);
            let _ = writeln!(out, "           {}", r.text);
        }
    }
    if !a.open_issues.is_empty() {
        let _ = writeln!(
            out,
            "\nissues the draft leaves open (unknown, never a pass): {}",
            a.open_issues.join(", ")
        );
    }
    for c in &a.conflicting_terms {
        let values: Vec<String> = c.values.iter().map(|(p, v)| format!("{p}: {v}")).collect();
        let _ = writeln!(
            out,
            "the draft sets `{}` twice, differently: {}",
            c.issue,
            values.join("; ")
        );
    }
    out
}

/// The assessment as one self-contained HTML page.
pub fn assess_html(n: &Negotiation, a: &Assessment) -> String {
    assess_page(n, a).render()
}

/// The page's parts: the party x red-line matrix.
pub fn assess_page(n: &Negotiation, a: &Assessment) -> Page {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<table>\n<thead><tr><th scope=\"col\">party</th><th scope=\"col\">red line</th><th scope=\"col\">status</th><th scope=\"col\">decided by</th></tr></thead>\n<tbody>"
    );
    for p in &a.parties {
        let utility = p
            .utility
            .as_ref()
            .map_or(String::new(), |u| format!(", utility {:.1}..{:.1}", u.min, u.max));
        for (i, r) in p.red_lines.iter().enumerate() {
            let party = if i == 0 {
                format!(
                    "<th scope=\"rowgroup\" rowspan=\"{}\">{}<br><span class=\"muted\">{}{}</span></th>",
                    p.red_lines.len(),
                    escape(party_name(n, &p.party)),
                    verdict(p.acceptable),
                    utility
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                body,
                "<tr>{party}<td><strong>{}</strong><br>{}<br><code>{}</code></td><td class=\"kind\">{}</td><td>{}</td></tr>",
                escape(&r.id),
                escape(&r.text),
                escape(&r.rule),
                truth(r.status),
                escape(&if r.provisions.is_empty() {
                    r.open_issues.join(", ")
                } else {
                    r.provisions.join(", ")
                })
            );
        }
    }
    let _ = writeln!(body, "</tbody>\n</table>");
    Page {
        title: format!("{}: red lines", a.document),
        subtitle: format!(
            "Each party's red lines checked against {} by truce ({ASSESS_FORMAT}). Unknown means the draft leaves a deciding term open.",
            a.document
        ),
        body,
    }
}

fn package(out: &mut String, name: &str, p: &Package) {
    let utilities: Vec<String> = p.utilities.iter().map(|(k, v)| format!("{k} {v:.1}")).collect();
    let _ = writeln!(out, "\n{name}: utilities {}", utilities.join(", "));
    let terms: Vec<String> = p.terms.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    for line in terms.chunks(4) {
        let _ = writeln!(out, "    {}", line.join("; "));
    }
}

/// Terminal text of the zone of agreement.
pub fn zopa_text(n: &Negotiation, z: &ZopaReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "zone of possible agreement of {} among {} ({} red lines over {} issues, {} packages)\n",
        n.id,
        z.parties.join(", "),
        z.constraints,
        z.space.issues.len(),
        z.space.packages
    );
    if z.feasible {
        let _ = writeln!(out, "a zone exists: some packages satisfy every party's red lines");
    } else {
        let _ = writeln!(out, "NO package satisfies every party's red lines.");
    }
    if let Some(c) = &z.conflicts {
        let more = if c.complete { "all of them" } else { "more may exist" };
        let _ = writeln!(out, "\nminimal conflict sets ({} found, {more}):", c.sets.len());
        for (i, s) in c.sets.iter().enumerate() {
            let _ = writeln!(
                out,
                "\n{}. these {} red lines cannot all hold, though any {} of them can (they meet on: {})",
                i + 1,
                s.red_lines.len(),
                s.red_lines.len().saturating_sub(1),
                s.issues.join(", ")
            );
            for m in &s.red_lines {
                let _ = writeln!(
                    out,
                    "   - {} `{}`: {}  [{}]",
                    party_name(n, &m.red_line.party),
                    m.red_line.id,
                    m.text,
                    m.rule
                );
            }
        }
    }
    if !z.relaxations.is_empty() {
        let _ = writeln!(out, "\nrelaxing any one of these red lines opens a zone:");
        for r in &z.relaxations {
            let _ = writeln!(
                out,
                "  - {} `{}`: {}",
                party_name(n, &r.red_line.party),
                r.red_line.id,
                r.text
            );
        }
    }
    for (name, p) in [
        ("utilitarian package (max sum of utilities)", &z.utilitarian),
        ("egalitarian package (max of the least utility)", &z.egalitarian),
        ("Nash bargaining package", &z.nash),
        ("Kalai-Smorodinsky package", &z.kalai_smorodinsky),
    ] {
        if let Some(p) = p {
            package(&mut out, name, p);
        }
    }
    if let Some(f) = &z.frontier {
        let more = if f.complete { "complete" } else { "truncated" };
        let _ = writeln!(out, "\nPareto frontier: {} utility vectors ({more})", f.packages.len());
    }
    if let Some(c) = &z.closest {
        let _ = writeln!(
            out,
            "\nacceptable package closest to {} ({} term changes):",
            c.draft,
            c.changes.len()
        );
        for t in &c.changes {
            let _ = writeln!(
                out,
                "  {}: {} -> {}  ({})",
                t.issue,
                t.from,
                t.to,
                t.provisions.join(", ")
            );
        }
    }
    for note in &z.notes {
        let _ = writeln!(out, "\nnote: {note}");
    }
    out
}

/// The zone of agreement as one self-contained HTML page.
pub fn zopa_html(n: &Negotiation, z: &ZopaReport) -> String {
    zopa_page(n, z).render()
}

/// The page's parts: the zone of agreement as preformatted text.
pub fn zopa_page(n: &Negotiation, z: &ZopaReport) -> Page {
    let text = zopa_text(n, z);
    let body = format!("<pre>{}</pre>\n", escape(&text));
    Page {
        title: format!("{}: zone of possible agreement", n.id),
        subtitle: format!("Made by truce ({ZOPA_FORMAT})."),
        body,
    }
}
