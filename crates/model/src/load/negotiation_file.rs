//! Lowering `negotiation.toml`: parties and the issue space.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::reader::{self, Fields, Hint, Sink};
use crate::{AlignmentLink, Geometry, GeometryKind, Issue, IssueKind, IssueOption, LinkStatus, Party, PartyKind};

pub(crate) const TOP_KEYS: &[&str] = &["negotiation", "parties", "issues", "links", "geometries"];
pub(crate) const GEOMETRY_KEYS: &[&str] = &["id", "title", "kind", "path", "holder", "provenance"];
pub(crate) const LINK_KEYS: &[&str] = &["a", "b", "status", "note"];
pub(crate) const NEGOTIATION_KEYS: &[&str] = &["id", "title", "summary", "pax_process"];
pub(crate) const PARTY_KEYS: &[&str] = &["id", "name", "kind"];
pub(crate) const ISSUE_KEYS: &[&str] = &["id", "title", "type", "description", "unit", "min", "max", "options"];
pub(crate) const OPTION_KEYS: &[&str] = &["id", "label"];

const ISSUE_TYPES: [(&str, u8); 4] = [("enum", 0), ("integer", 1), ("boolean", 2), ("date", 3)];

/// What `negotiation.toml` declares, kept with what documents need to check against it.
#[derive(Default)]
pub(crate) struct NegotiationFile {
    pub header: Option<(String, String, Option<String>, Option<String>)>,
    pub parties: Vec<Party>,
    pub issues: Vec<Issue>,
    /// Ids of every issue written, including ones with errors (terms on those are not
    /// checked, to avoid a cascade of follow-on errors).
    pub declared_issues: BTreeSet<String>,
    pub party_ids: BTreeSet<String>,
    /// Confirmed or rejected alignment links, with the spans of their two ends.
    pub links: Vec<(AlignmentLink, Range<usize>, Range<usize>)>,
    /// Named geometry files, for ceasefire terms.
    pub geometries: Vec<Geometry>,
    /// Ids of every geometry written, with their kind when it could be read.
    pub geometry_kinds: BTreeMap<String, Option<GeometryKind>>,
}

impl NegotiationFile {
    pub fn issue(&self, id: &str) -> Option<&Issue> {
        self.issues.iter().find(|i| i.id == id)
    }
}

pub(crate) fn lower(root: &DeTable<'_>, root_span: Range<usize>, sink: &mut Sink<'_>) -> NegotiationFile {
    let mut out = NegotiationFile::default();
    let top = Fields::new(root, root_span, "negotiation.toml");
    top.finish(sink, TOP_KEYS);

    match top.opt_table(sink, "negotiation") {
        Some((t, span)) => {
            let f = Fields::new(t, span, "[negotiation]");
            f.finish(sink, NEGOTIATION_KEYS);
            let id = f.req_id(sink, "id");
            let title = f.req_string(sink, "title");
            let summary = f.opt_string(sink, "summary");
            let pax = f.opt_string(sink, "pax_process");
            if let (Some((id, _)), Some((title, _))) = (id, title) {
                out.header = Some((id, title, summary, pax));
            }
        }
        None => {
            if top.get("negotiation").is_none() {
                sink.error("missing-key", 0..0, "missing the [negotiation] table")
                    .hint("start the file with [negotiation] and its id and title");
            }
        }
    }

    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (t, span) in top.opt_tables(sink, "parties") {
        let f = Fields::new(t, span, "a party");
        f.finish(sink, PARTY_KEYS);
        let id = f.req_id(sink, "id");
        let name = f.req_string(sink, "name");
        let kind = f
            .required(sink, "kind")
            .and_then(|v| reader::choice(sink, v, "kind", &PartyKind::ALL));
        let Some((id, id_span)) = id else { continue };
        if let Some(first) = seen.get(&id) {
            duplicate(sink, "party", &id, id_span, first.clone());
            continue;
        }
        seen.insert(id.clone(), id_span);
        out.party_ids.insert(id.clone());
        if let (Some((name, _)), Some(kind)) = (name, kind) {
            out.parties.push(Party { id, name, kind });
        }
    }

    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (t, span) in top.opt_tables(sink, "issues") {
        let f = Fields::new(t, span.clone(), "an issue");
        f.finish(sink, ISSUE_KEYS);
        let id = f.req_id(sink, "id");
        let title = f.req_string(sink, "title");
        let description = f.opt_string(sink, "description");
        let kind = lower_issue_kind(&f, sink);
        let Some((id, id_span)) = id else { continue };
        if let Some(first) = seen.get(&id) {
            duplicate(sink, "issue", &id, id_span, first.clone());
            continue;
        }
        seen.insert(id.clone(), id_span);
        out.declared_issues.insert(id.clone());
        if let (Some((title, _)), Some(kind)) = (title, kind) {
            out.issues.push(Issue {
                id,
                title,
                description,
                kind,
            });
        }
    }
    for (t, span) in top.opt_tables(sink, "links") {
        let f = Fields::new(t, span, "a link");
        f.finish(sink, LINK_KEYS);
        let a = f.req_id(sink, "a");
        let b = f.req_id(sink, "b");
        let status = f
            .required(sink, "status")
            .and_then(|v| reader::choice(sink, v, "status", &LinkStatus::ALL));
        let note = f.opt_string(sink, "note");
        if let (Some((a, aspan)), Some((b, bspan)), Some(status)) = (a, b, status) {
            out.links.push((AlignmentLink { a, b, status, note }, aspan, bspan));
        }
    }
    lower_geometries(&top, sink, &mut out);
    out
}

fn lower_geometries(top: &Fields<'_, '_>, sink: &mut Sink<'_>, out: &mut NegotiationFile) {
    let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (t, span) in top.opt_tables(sink, "geometries") {
        let f = Fields::new(t, span, "a geometry");
        f.finish(sink, GEOMETRY_KEYS);
        let id = f.req_id(sink, "id");
        let title = f.req_string(sink, "title");
        let kind = f
            .required(sink, "kind")
            .and_then(|v| reader::choice(sink, v, "kind", &GeometryKind::ALL));
        let path = f.req_string(sink, "path");
        if let Some((p, pspan)) = &path {
            let relative = std::path::Path::new(p);
            if p.trim().is_empty()
                || relative.is_absolute()
                || relative
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir))
            {
                sink.error(
                    "bad-geometry-path",
                    pspan.clone(),
                    format!("geometry path `{p}` must be a relative path inside the scenario folder"),
                )
                .hint("write e.g. path = \"geo/contact-line.geojson\" (no leading /, no ..)");
            }
        }
        let holder = match f.get("holder") {
            Some(v) => reader::id(sink, v, "holder").and_then(|h| {
                if out.party_ids.contains(&h) {
                    Some(h)
                } else {
                    sink.error("unknown-party", v.span(), format!("unknown party `{h}` in `holder`"))
                        .label("not a party of this negotiation")
                        .hint_opt(reader::suggest(&h, out.party_ids.iter().map(String::as_str)));
                    None
                }
            }),
            None => None,
        };
        if kind == Some(GeometryKind::Territory) && f.get("holder").is_none() {
            let at = id.as_ref().map(|(_, s)| s.clone()).unwrap_or_default();
            sink.error("missing-key", at, "a territory geometry needs `holder`")
                .hint("name the party that holds the territory, e.g. holder = \"ru\"");
        }
        let provenance = super::document_file::provenance_list(&f, sink);
        let Some((id, id_span)) = id else { continue };
        if let Some(first) = seen.get(&id) {
            duplicate(sink, "geometry", &id, id_span, first.clone());
            continue;
        }
        seen.insert(id.clone(), id_span);
        out.geometry_kinds.insert(id.clone(), kind);
        if let (Some((title, _)), Some(kind), Some((path, _))) = (title, kind, path) {
            out.geometries.push(Geometry {
                id,
                title,
                kind,
                path: path.into(),
                holder,
                provenance,
            });
        }
    }
}

fn lower_issue_kind(f: &Fields<'_, '_>, sink: &mut Sink<'_>) -> Option<IssueKind> {
    let ty = f
        .required(sink, "type")
        .and_then(|v| reader::choice(sink, v, "type", &ISSUE_TYPES));
    // Keys that only some types take.
    let only = |sink: &mut Sink<'_>, key: &str, allowed_for: &str, ty_name: Option<&str>| {
        if let Some(v) = f.get(key) {
            let ty_name = ty_name.unwrap_or("this");
            sink.error(
                "misplaced-key",
                v.span(),
                format!("`{key}` applies only to {allowed_for} issues, not {ty_name} issues"),
            )
            .hint(format!("remove `{key}`, or change `type`"));
        }
    };
    let ty_name = ty.map(|t| ISSUE_TYPES[t as usize].0);
    match ty {
        Some(0) => {
            for key in ["unit", "min", "max"] {
                only(sink, key, "integer", ty_name);
            }
            let v = f.required(sink, "options")?;
            let items = reader::array(sink, v, "options")?;
            if items.is_empty() {
                sink.error("empty-options", v.span(), "an enum issue needs at least one option")
                    .hint("write options = [ { id = \"...\", label = \"...\" } ]");
                return None;
            }
            let mut options: Vec<IssueOption> = Vec::new();
            let mut ok = true;
            let mut seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
            for item in items {
                let DeValue::Table(t) = item.get_ref() else {
                    sink.error(
                        "wrong-type",
                        item.span(),
                        format!("expected an option table, found {}", reader::type_name(item.get_ref())),
                    )
                    .hint("write { id = \"de_facto\", label = \"Recognised de facto\" }");
                    ok = false;
                    continue;
                };
                let of = Fields::new(t, item.span(), "an option");
                of.finish(sink, OPTION_KEYS);
                let id = of.req_id(sink, "id");
                let label = of.req_string(sink, "label");
                match (id, label) {
                    (Some((id, id_span)), Some((label, _))) => {
                        if let Some(first) = seen.get(&id) {
                            duplicate(sink, "option", &id, id_span, first.clone());
                            ok = false;
                            continue;
                        }
                        seen.insert(id.clone(), id_span);
                        options.push(IssueOption { id, label });
                    }
                    _ => ok = false,
                }
            }
            ok.then_some(IssueKind::Enum { options })
        }
        Some(1) => {
            only(sink, "options", "enum", ty_name);
            let unit = f.opt_string(sink, "unit");
            let min = f.opt_int(sink, "min");
            let max = f.opt_int(sink, "max");
            if let (Some(lo), Some(hi)) = (min, max)
                && lo > hi
            {
                let span = f.get("min").map(|v| v.span()).unwrap_or_default();
                sink.error("bad-range", span, format!("`min` ({lo}) is greater than `max` ({hi})"))
                    .hint("swap the bounds");
                return None;
            }
            Some(IssueKind::Integer { unit, min, max })
        }
        Some(t) => {
            for key in ["unit", "min", "max"] {
                only(sink, key, "integer", ty_name);
            }
            only(sink, "options", "enum", ty_name);
            Some(if t == 2 { IssueKind::Boolean } else { IssueKind::Date })
        }
        None => None,
    }
}

pub(crate) fn duplicate(sink: &mut Sink<'_>, what: &str, id: &str, span: Range<usize>, first: Range<usize>) {
    let (line, _) = sink.source.line_col(first.start);
    sink.error("duplicate-id", span, format!("duplicate {what} id `{id}`"))
        .label("defined again here")
        .hint(format!(
            "first defined at line {line}; {what} ids must be unique, rename one of them"
        ));
}
