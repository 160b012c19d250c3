//! Lowering one document file: metadata, provenance, relations and provisions, checked
//! against the parties and issue space of the negotiation.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::negotiation_file::NegotiationFile;
use super::reader::{self, Fields, Hint, Sink, Value, suggest};
use crate::pax_taxonomy;
use crate::{Date, Document, IssueKind, Provenance, Provision, Relation, RelationKind, Stage, Status, TermValue};

pub(crate) const TOP_KEYS: &[&str] = &["document", "provenance", "relations", "provisions", "ceasefires"];
pub(crate) const DOCUMENT_KEYS: &[&str] = &["id", "title", "date", "stage", "status", "authors", "summary"];
pub(crate) const PROVENANCE_KEYS: &[&str] = &["source", "publisher", "date", "confidence", "note"];
pub(crate) const RELATION_KEYS: &[&str] = &["kind", "target", "note"];
pub(crate) const PROVISION_KEYS: &[&str] = &[
    "id",
    "number",
    "heading",
    "text",
    "codes",
    "terms",
    "binds",
    "provenance",
];

/// A lowered document file and the spans the cross-file checks need.
pub(crate) struct DocumentFile {
    pub document: Option<Document>,
    pub id: Option<(String, Range<usize>)>,
    pub date: Option<Date>,
    pub relations: Vec<(RelationKind, String, Range<usize>)>,
    pub provision_ids: Vec<(String, Range<usize>)>,
}

pub(crate) fn lower(
    root: &DeTable<'_>,
    root_span: Range<usize>,
    neg: &NegotiationFile,
    sink: &mut Sink<'_>,
) -> DocumentFile {
    let top = Fields::new(root, root_span.clone(), "a document file");
    top.finish(sink, TOP_KEYS);

    let mut out = DocumentFile {
        document: None,
        id: None,
        date: None,
        relations: Vec::new(),
        provision_ids: Vec::new(),
    };
    let header = top.opt_table(sink, "document");
    if header.is_none() && top.get("document").is_none() {
        sink.error("missing-key", 0..0, "missing the [document] table")
            .hint("start the file with [document] and its id, title, date, stage and status");
    }
    let mut meta = None;
    let has_header = header.is_some();
    if let Some((t, span)) = header {
        let f = Fields::new(t, span, "[document]");
        f.finish(sink, DOCUMENT_KEYS);
        let id = f.req_id(sink, "id");
        let title = f.req_string(sink, "title");
        let date = f.req_date(sink, "date");
        let stage = f
            .required(sink, "stage")
            .and_then(|v| reader::choice(sink, v, "stage", &Stage::ALL));
        let status = f
            .required(sink, "status")
            .and_then(|v| reader::choice(sink, v, "status", &Status::ALL));
        let authors = party_refs(&f, sink, "authors", neg);
        let summary = f.opt_string(sink, "summary");
        out.id = id.clone();
        out.date = date;
        if let (Some((id, _)), Some((title, _)), Some(date), Some(stage), Some(status)) =
            (id, title, date, stage, status)
        {
            meta = Some((id, title, date, stage, status, authors, summary));
        }
    }

    let provenance = provenance_list(&top, sink);

    let mut relations = Vec::new();
    for (t, span) in top.opt_tables(sink, "relations") {
        let f = Fields::new(t, span, "a relation");
        f.finish(sink, RELATION_KEYS);
        let kind = f
            .required(sink, "kind")
            .and_then(|v| reader::choice(sink, v, "kind", &RelationKind::ALL));
        let target = f.req_id(sink, "target");
        let note = f.opt_string(sink, "note");
        if let (Some(kind), Some((target, tspan))) = (kind, target) {
            out.relations.push((kind, target.clone(), tspan));
            relations.push(Relation { kind, target, note });
        }
    }

    let mut provisions = Vec::new();
    let mut numbers: HashMap<String, Range<usize>> = HashMap::new();
    let tables = top.opt_tables(sink, "provisions");
    if tables.is_empty() && has_header {
        sink.warning(
            "no-provisions",
            root_span.start..root_span.start,
            "document has no provisions",
        )
        .hint("add [[provisions]] sections, or use `truce import` on the plan's text");
    }
    for (t, span) in tables {
        let id_hint = t.get("id").and_then(|v| v.get_ref().as_str()).map(str::to_owned);
        let what = match &id_hint {
            Some(id) => format!("provision `{id}`"),
            None => "a provision".to_owned(),
        };
        let f = Fields::new(t, span.clone(), what);
        f.finish(sink, PROVISION_KEYS);
        let id = f.req_id(sink, "id");
        let number = f.req_string(sink, "number");
        let heading = f.opt_string(sink, "heading");
        let text = f.req_string(sink, "text");
        if let Some((text, tspan)) = &text
            && text.trim().is_empty()
        {
            sink.warning("empty-text", tspan.clone(), "provision text is empty")
                .hint("summarise the provision in your own words");
        }
        let codes = codes(&f, sink);
        let terms = terms(&f, sink, neg);
        let binds = party_refs(&f, sink, "binds", neg);
        let provenance = provenance_list(&f, sink);
        if let Some((number, nspan)) = &number {
            if number.trim().is_empty() {
                sink.error("bad-number", nspan.clone(), "provision number is empty")
                    .hint("write the number as printed in the document, e.g. \"6\" or \"6.a\"");
            } else if let Some(first) = numbers.get(number) {
                let (line, _) = sink.source.line_col(first.start);
                sink.error(
                    "duplicate-number",
                    nspan.clone(),
                    format!("provision number `{number}` is used twice in this document"),
                )
                .label("numbered again here")
                .hint(format!(
                    "first used at line {line}; give each provision its own number (e.g. \"{number}.a\")"
                ));
            } else {
                numbers.insert(number.clone(), nspan.clone());
            }
        }
        if let Some((id, ispan)) = &id {
            out.provision_ids.push((id.clone(), ispan.clone()));
        }
        if let (Some((id, _)), Some((number, _)), Some((text, _)), Some(codes), Some(terms)) =
            (id, number, text, codes, terms)
        {
            provisions.push(Provision {
                id,
                number,
                heading,
                text,
                codes,
                terms,
                binds,
                provenance,
            });
        }
    }

    let ceasefires = super::ceasefire_file::lower(&top, sink, neg, &out.provision_ids);

    if let Some((id, title, date, stage, status, authors, summary)) = meta {
        out.document = Some(Document {
            id,
            title,
            date,
            stage,
            status,
            authors,
            summary,
            provenance,
            relations,
            provisions,
            ceasefires,
        });
    }
    out
}

/// Party ids in an optional array, each checked against the negotiation's parties.
fn party_refs(f: &Fields<'_, '_>, sink: &mut Sink<'_>, key: &str, neg: &NegotiationFile) -> Vec<String> {
    let mut out = Vec::new();
    for (id, span) in f.opt_ids(sink, key) {
        if !neg.party_ids.contains(&id) {
            sink.error("unknown-party", span, format!("unknown party `{id}` in `{key}`"))
                .label("not a party of this negotiation")
                .hint(
                    suggest(&id, neg.party_ids.iter().map(String::as_str)).unwrap_or_else(|| {
                        format!(
                            "parties are declared in negotiation.toml: {}",
                            join(neg.party_ids.iter())
                        )
                    }),
                );
        } else if out.contains(&id) {
            sink.warning(
                "repeated-party",
                span,
                format!("party `{id}` is listed twice in `{key}`"),
            );
        } else {
            out.push(id);
        }
    }
    out
}

/// The `[[provenance]]` claims of a table (key `provenance`), each checked.
pub fn provenance_list(f: &Fields<'_, '_>, sink: &mut Sink<'_>) -> Vec<Provenance> {
    let mut out = Vec::new();
    for (t, span) in f.opt_tables(sink, "provenance") {
        let p = Fields::new(t, span, "a provenance claim");
        p.finish(sink, PROVENANCE_KEYS);
        let source = p.req_string(sink, "source");
        if let Some((s, span)) = &source
            && s.trim().is_empty()
        {
            sink.error("empty-source", span.clone(), "provenance source is empty")
                .hint("give the address (URL) or citation of the source");
        }
        let publisher = p.req_string(sink, "publisher");
        let date = p.req_date(sink, "date");
        let confidence = p.required(sink, "confidence").and_then(|v| confidence(sink, v));
        let note = p.opt_string(sink, "note");
        if let (Some((source, _)), Some((publisher, _)), Some(date), Some(confidence)) =
            (source, publisher, date, confidence)
        {
            out.push(Provenance {
                source,
                publisher,
                date,
                confidence,
                note,
            });
        }
    }
    out
}

fn confidence(sink: &mut Sink<'_>, v: &Value<'_>) -> Option<f64> {
    let c = reader::number(sink, v, "confidence")?;
    if (0.0..=1.0).contains(&c) {
        Some(c)
    } else {
        sink.error("bad-confidence", v.span(), format!("confidence {c} is outside 0..1"))
            .label("must be between 0.0 and 1.0")
            .hint("0.0 means no trust in the claim, 1.0 certainty; e.g. 0.7 for a credible leak");
        None
    }
}

fn codes(f: &Fields<'_, '_>, sink: &mut Sink<'_>) -> Option<BTreeMap<String, u8>> {
    let Some((t, _)) = f.opt_table(sink, "codes") else {
        return if f.get("codes").is_some() {
            None
        } else {
            Some(BTreeMap::new())
        };
    };
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, v) in t.iter() {
        let code: &str = key.get_ref();
        let Some(info) = pax_taxonomy::code(code) else {
            sink.error("unknown-pax-code", key.span(), format!("unknown PA-X code `{code}`"))
                .label("not a PA-X v9 provision code")
                .hint(
                    suggest(code, pax_taxonomy::CODES.iter().map(|c| c.code))
                        .unwrap_or_else(|| "codes are the PA-X v9 column names, e.g. Ce, SsrArm, TjAm, ImE; run `truce schema` for the list".to_owned()),
                );
            ok = false;
            continue;
        };
        let Some(level) = reader::integer(sink, v, code) else {
            ok = false;
            continue;
        };
        if level < 1 || level > i64::from(info.max_level) {
            let range = if info.max_level == 1 {
                "1 (it is a yes/no code)".to_owned()
            } else {
                format!("1 to {}", info.max_level)
            };
            sink.error(
                "bad-pax-level",
                v.span(),
                format!("level {level} is not valid for PA-X code `{code}` ({})", info.label),
            )
            .label(format!("expected {range}"))
            .hint(if level == 0 {
                "level 0 means the topic is absent: leave the code out".to_owned()
            } else if info.max_level == 1 {
                format!("`{code}` only says whether the topic is present: write `{code} = 1`")
            } else {
                format!("levels run from 1 (rhetorical) to {} (detailed)", info.max_level)
            });
            ok = false;
            continue;
        }
        out.insert(code.to_owned(), level as u8);
    }
    ok.then_some(out)
}

fn terms(f: &Fields<'_, '_>, sink: &mut Sink<'_>, neg: &NegotiationFile) -> Option<BTreeMap<String, TermValue>> {
    let Some((t, _)) = f.opt_table(sink, "terms") else {
        return if f.get("terms").is_some() {
            None
        } else {
            Some(BTreeMap::new())
        };
    };
    let mut out = BTreeMap::new();
    let mut ok = true;
    for (key, v) in t.iter() {
        let name: &str = key.get_ref();
        let Some(issue) = neg.issue(name) else {
            if !neg.declared_issues.contains(name) {
                sink.error("unknown-issue", key.span(), format!("unknown issue `{name}`"))
                    .label("not in the issue space")
                    .hint(
                        suggest(name, neg.issues.iter().map(|i| i.id.as_str())).unwrap_or_else(|| {
                            format!(
                                "issues are declared in negotiation.toml: {}",
                                join(neg.issues.iter().map(|i| &i.id))
                            )
                        }),
                    );
            }
            ok = false;
            continue;
        };
        match term_value(sink, v, name, &issue.kind) {
            Some(value) => {
                out.insert(name.to_owned(), value);
            }
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn term_value(sink: &mut Sink<'_>, v: &Value<'_>, issue: &str, kind: &IssueKind) -> Option<TermValue> {
    let mismatch = |sink: &mut Sink<'_>, expected: &str, hint: String| {
        sink.error(
            "term-type",
            v.span(),
            format!(
                "term `{issue}` expects {expected}, found {}",
                reader::type_name(v.get_ref())
            ),
        )
        .label(format!("`{issue}` is an issue of type {}", kind.name()))
        .hint(hint);
    };
    match (kind, v.get_ref()) {
        (IssueKind::Enum { options }, DeValue::String(s)) => {
            if options.iter().any(|o| o.id == *s) {
                Some(TermValue::Option(s.to_string()))
            } else {
                let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                sink.error(
                    "unknown-option",
                    v.span(),
                    format!("`{s}` is not an option of issue `{issue}`"),
                )
                .label(format!("expected one of: {}", ids.join(", ")))
                .hint_opt(suggest(s, ids.iter().copied()));
                None
            }
        }
        (IssueKind::Enum { options }, _) => {
            let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
            mismatch(sink, "an option name", format!("write one of: {}", ids.join(", ")));
            None
        }
        (IssueKind::Integer { unit, min, max }, DeValue::Integer(_)) => {
            let n = reader::integer(sink, v, issue)?;
            let unit = unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
            if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
                let bound = match (min, max) {
                    (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
                    (Some(lo), None) => format!(">= {lo}"),
                    (None, Some(hi)) => format!("<= {hi}"),
                    (None, None) => String::new(),
                };
                sink.error(
                    "term-range",
                    v.span(),
                    format!("term `{issue}` = {n}{unit} is outside the issue's range {bound}"),
                )
                .hint("check the figure, or widen min/max in negotiation.toml");
                return None;
            }
            Some(TermValue::Integer(n))
        }
        (IssueKind::Integer { unit, .. }, _) => {
            let unit = unit.as_deref().map(|u| format!(" (in {u})")).unwrap_or_default();
            mismatch(
                sink,
                "an integer",
                format!("write a whole number{unit} without quotes, e.g. 600_000"),
            );
            None
        }
        (IssueKind::Boolean, DeValue::Boolean(b)) => Some(TermValue::Boolean(*b)),
        (IssueKind::Boolean, _) => {
            mismatch(sink, "a boolean", "write true or false without quotes".to_owned());
            None
        }
        (IssueKind::Date, DeValue::Datetime(_) | DeValue::String(_)) => {
            reader::date(sink, v, issue).map(TermValue::Date)
        }
        (IssueKind::Date, _) => {
            mismatch(sink, "a date", "write a date as YYYY-MM-DD, e.g. 2026-03-01".to_owned());
            None
        }
    }
}

fn join<'a>(ids: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<&str> = ids.map(String::as_str).collect();
    if v.is_empty() {
        "(none)".to_owned()
    } else {
        v.join(", ")
    }
}
