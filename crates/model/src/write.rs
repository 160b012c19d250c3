//! Writing the model back as TOML in the input format, so that parsing what was
//! written gives back the same model.

use std::fmt::Write as _;

use crate::{Ceasefire, Document, GeometryKind, IssueKind, Negotiation, Provenance, TermValue, ZoneKind, ZoneSide};

/// A TOML string literal.
fn s(value: &str) -> String {
    toml::Value::String(value.to_owned()).to_string()
}

/// A TOML bare key when possible, a quoted one otherwise.
fn key(k: &str) -> String {
    if !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        k.to_owned()
    } else {
        s(k)
    }
}

/// A TOML float that reads back as the same `f64`.
fn float(x: f64) -> String {
    let mut out = format!("{x:?}");
    if !out.contains(['.', 'e', 'E', 'n', 'i']) {
        out.push_str(".0");
    }
    out
}

fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|i| s(i)).collect();
    format!("[{}]", parts.join(", "))
}

/// `negotiation.toml` for a negotiation (documents are written separately).
pub fn negotiation_to_toml(n: &Negotiation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "[negotiation]\nid = {}\ntitle = {}", s(&n.id), s(&n.title));
    if let Some(v) = &n.summary {
        let _ = writeln!(out, "summary = {}", s(v));
    }
    if let Some(v) = &n.pax_process {
        let _ = writeln!(out, "pax_process = {}", s(v));
    }
    for p in &n.parties {
        let _ = writeln!(
            out,
            "\n[[parties]]\nid = {}\nname = {}\nkind = {}",
            s(&p.id),
            s(&p.name),
            s(p.kind.as_str())
        );
    }
    for i in &n.issues {
        let _ = writeln!(
            out,
            "\n[[issues]]\nid = {}\ntitle = {}\ntype = {}",
            s(&i.id),
            s(&i.title),
            s(i.kind.name())
        );
        if let Some(v) = &i.description {
            let _ = writeln!(out, "description = {}", s(v));
        }
        match &i.kind {
            IssueKind::Enum { options } => {
                let _ = writeln!(out, "options = [");
                for o in options {
                    let _ = writeln!(out, "  {{ id = {}, label = {} }},", s(&o.id), s(&o.label));
                }
                let _ = writeln!(out, "]");
            }
            IssueKind::Integer { unit, min, max } => {
                if let Some(u) = unit {
                    let _ = writeln!(out, "unit = {}", s(u));
                }
                if let Some(v) = min {
                    let _ = writeln!(out, "min = {v}");
                }
                if let Some(v) = max {
                    let _ = writeln!(out, "max = {v}");
                }
            }
            IssueKind::Boolean | IssueKind::Date => {}
        }
    }
    for l in &n.links {
        let _ = writeln!(
            out,
            "\n[[links]]\na = {}\nb = {}\nstatus = {}",
            s(&l.a),
            s(&l.b),
            s(l.status.as_str())
        );
        if let Some(note) = &l.note {
            let _ = writeln!(out, "note = {}", s(note));
        }
    }
    for g in &n.geometries {
        let kind = GeometryKind::ALL
            .iter()
            .find(|(_, k)| *k == g.kind)
            .map_or("area", |(n, _)| n);
        let _ = writeln!(
            out,
            "\n[[geometries]]\nid = {}\ntitle = {}\nkind = {}\npath = {}",
            s(&g.id),
            s(&g.title),
            s(kind),
            s(&g.path.to_string_lossy())
        );
        if let Some(h) = &g.holder {
            let _ = writeln!(out, "holder = {}", s(h));
        }
        provenance(&mut out, "geometries.provenance", &g.provenance);
    }
    out
}

fn ceasefire(out: &mut String, c: &Ceasefire) {
    let _ = writeln!(
        out,
        "\n[[ceasefires]]\nid = {}\ntitle = {}\nstart = {}",
        s(&c.id),
        s(&c.title),
        s(&c.start.to_string())
    );
    if !c.provisions.is_empty() {
        let _ = writeln!(out, "provisions = {}", list(&c.provisions));
    }
    if let Some(e) = &c.end {
        let _ = writeln!(out, "end = {}", s(&e.to_string()));
    }
    let _ = writeln!(out, "prohibited = {}", list(&c.prohibited));
    for (k, v) in [("scope", &c.scope), ("territory", &c.territory), ("line", &c.line)] {
        if let Some(v) = v {
            let _ = writeln!(out, "{k} = {}", s(v));
        }
    }
    if let Some((h, m)) = c.report_cutoff {
        let _ = writeln!(out, "report_cutoff = \"{h:02}:{m:02}\"");
    }
    for z in &c.zones {
        let kind = ZoneKind::ALL
            .iter()
            .find(|(_, k)| *k == z.kind)
            .map_or("withdrawal", |(n, _)| n);
        let side = ZoneSide::ALL
            .iter()
            .find(|(_, k)| *k == z.side)
            .map_or("both", |(n, _)| n);
        let _ = writeln!(
            out,
            "\n[[ceasefires.zones]]\nid = {}\nkind = {}\nside = {}",
            s(&z.id),
            s(kind),
            s(side)
        );
        for (k, v) in [
            ("party", &z.party),
            ("weapons", &z.weapons),
            ("line", &z.line),
            ("area", &z.area),
        ] {
            if let Some(v) = v {
                let _ = writeln!(out, "{k} = {}", s(v));
            }
        }
        if !z.classes.is_empty() {
            let _ = writeln!(out, "classes = {}", list(&z.classes));
        }
        if let Some(d) = z.distance_km {
            let _ = writeln!(out, "distance_km = {}", float(d));
        }
        if let Some(f) = &z.from {
            let _ = writeln!(out, "from = {}", s(&f.to_string()));
        }
    }
}

fn provenance(out: &mut String, header: &str, claims: &[Provenance]) {
    for p in claims {
        let _ = writeln!(
            out,
            "\n[[{header}]]\nsource = {}\npublisher = {}\ndate = {}\nconfidence = {}",
            s(&p.source),
            s(&p.publisher),
            p.date,
            float(p.confidence)
        );
        if let Some(n) = &p.note {
            let _ = writeln!(out, "note = {}", s(n));
        }
    }
}

fn term(v: &TermValue) -> String {
    match v {
        TermValue::Option(o) => s(o),
        TermValue::Integer(n) => n.to_string(),
        TermValue::Boolean(b) => b.to_string(),
        TermValue::Date(d) => d.to_string(),
    }
}

/// One document file.
pub fn document_to_toml(d: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "[document]\nid = {}\ntitle = {}\ndate = {}\nstage = {}\nstatus = {}",
        s(&d.id),
        s(&d.title),
        d.date,
        s(d.stage.as_str()),
        s(d.status.as_str())
    );
    if !d.authors.is_empty() {
        let _ = writeln!(out, "authors = {}", list(&d.authors));
    }
    if let Some(v) = &d.summary {
        let _ = writeln!(out, "summary = {}", s(v));
    }
    provenance(&mut out, "provenance", &d.provenance);
    for r in &d.relations {
        let _ = writeln!(
            out,
            "\n[[relations]]\nkind = {}\ntarget = {}",
            s(r.kind.as_str()),
            s(&r.target)
        );
        if let Some(n) = &r.note {
            let _ = writeln!(out, "note = {}", s(n));
        }
    }
    for p in &d.provisions {
        let _ = writeln!(out, "\n[[provisions]]\nid = {}\nnumber = {}", s(&p.id), s(&p.number));
        if let Some(h) = &p.heading {
            let _ = writeln!(out, "heading = {}", s(h));
        }
        let _ = writeln!(out, "text = {}", s(&p.text));
        if !p.codes.is_empty() {
            let codes: Vec<String> = p.codes.iter().map(|(k, v)| format!("{} = {v}", key(k))).collect();
            let _ = writeln!(out, "codes = {{ {} }}", codes.join(", "));
        }
        if !p.terms.is_empty() {
            let terms: Vec<String> = p
                .terms
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), term(v)))
                .collect();
            let _ = writeln!(out, "terms = {{ {} }}", terms.join(", "));
        }
        if !p.binds.is_empty() {
            let _ = writeln!(out, "binds = {}", list(&p.binds));
        }
        provenance(&mut out, "provisions.provenance", &p.provenance);
    }
    for c in &d.ceasefires {
        ceasefire(&mut out, c);
    }
    out
}
