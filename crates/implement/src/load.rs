//! Reading implementation plans: one TOML file per document under a scenario's
//! `implementation/` directory, lowered field by field so that every problem is reported
//! with its place and a hint, in the same form as the agreement model's diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use truce_model::toml_fields::{
    self, Fields, Hint, Sink, choice, content_offset, date, id, provenance_list, string, suggest, table,
};
use truce_model::{Diagnostic, Negotiation, SourceFile, SourceMap};

use crate::cond::{Registry, Scope, compile};
use crate::plan::{Condition, Duration, Effect, Finding, Kind, MonthEnd, Plan, Silence, Step, Subject, day_of};

/// Largest plan file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

const DOCS: &str = "docs/implementation.md";
const TOP_KEYS: &[&str] = &["implementation", "provenance", "steps", "findings"];
const PLAN_KEYS: &[&str] = &["id", "title", "document", "timezone", "start", "summary"];
const STEP_KEYS: &[&str] = &[
    "id",
    "title",
    "kind",
    "provisions",
    "parties",
    "at",
    "when",
    "within",
    "by",
    "done",
    "silence",
    "holds",
    "for",
    "until",
    "hence",
    "lest",
    "group",
    "verified_by",
    "month_end",
    "effect",
    "provenance",
];
const FINDING_KEYS: &[&str] = &["report", "performed", "result", "date", "by", "provenance"];

/// The plans of a scenario and every problem found in them.
#[derive(Debug, Default)]
pub struct LoadedPlans {
    /// The plans that could be read (use for evaluation only without errors).
    pub plans: Vec<Plan>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedPlans {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        truce_model::count_errors(&self.diagnostics)
    }
}

/// Reads every `*.toml` file of `dir` (in name order) as a plan of `negotiation`, adding
/// the files to `sources`. A missing directory gives no plans and no diagnostic.
pub fn load_plans(dir: &Path, negotiation: &Negotiation, sources: &mut SourceMap) -> LoadedPlans {
    let (files, io) = toml_fields::read_toml_dir(dir, MAX_FILE_BYTES, "a plan", sources);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let mut loaded = load_plan_sources(negotiation, sources, &refs);
    loaded.diagnostics.extend(io);
    loaded.diagnostics.sort_by_key(|d| (d.file, d.span.start));
    loaded
}

/// Reads plans given as (name, text) pairs.
pub fn load_plan_sources(negotiation: &Negotiation, sources: &mut SourceMap, files: &[(&str, &str)]) -> LoadedPlans {
    let mut out = LoadedPlans::default();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let ceasefires: BTreeMap<String, Vec<String>> = negotiation
        .documents
        .iter()
        .flat_map(|d| &d.ceasefires)
        .map(|c| (c.id.clone(), c.zones.iter().map(|z| z.id.clone()).collect()))
        .collect();
    let territories: Vec<String> = negotiation
        .geometries
        .iter()
        .filter(|g| g.kind == truce_model::GeometryKind::Territory)
        .map(|g| g.id.clone())
        .collect();
    for (name, text) in files {
        let file = sources.add(SourceFile::new(*name, *text));
        let source = sources.get(file);
        let mut sink = Sink {
            file,
            source,
            diagnostics: &mut out.diagnostics,
        };
        if let Some((plan, span)) = lower_file(negotiation, &ceasefires, &territories, &source.text, &mut sink) {
            if let Some(first) = seen.get(&plan.id) {
                sink.error(
                    "duplicate-id",
                    span,
                    format!("plan `{}` is already defined in {first}", plan.id),
                )
                .hint("give each plan its own id");
                continue;
            }
            seen.insert(plan.id.clone(), name.to_string());
            let mut plan = plan;
            plan.file = file;
            out.plans.push(plan);
        }
    }
    out.diagnostics.sort_by_key(|d| (d.file, d.span.start));
    out
}

fn fields<'t, 'a>(table: &'t DeTable<'a>, span: Range<usize>, what: impl Into<String>) -> Fields<'t, 'a> {
    Fields::new(table, span, what).docs(DOCS)
}

fn lower_file(
    negotiation: &Negotiation,
    ceasefires: &BTreeMap<String, Vec<String>>,
    territories: &[String],
    text: &str,
    sink: &mut Sink<'_>,
) -> Option<(Plan, Range<usize>)> {
    let before = sink.diagnostics.len();
    let root = toml_fields::parse(sink);
    let syntax = sink.diagnostics.len() > before;
    let top = fields(root.get_ref(), 0..text.len(), "the plan file");
    top.finish(sink, TOP_KEYS);
    let (head, head_span) = match top.get("implementation") {
        Some(v) => table(sink, v, "implementation", "write an [implementation] table"),
        None => {
            if !syntax {
                sink.error(
                    "missing-key",
                    0..text.len().min(1),
                    "missing the [implementation] table",
                )
                .hint(format!(
                    "start the file with [implementation] id, title, document, timezone, start; see {DOCS}"
                ));
            }
            None
        }
    }?;
    let h = fields(head, head_span.clone(), "[implementation]");
    h.finish(sink, PLAN_KEYS);
    let plan_id = h.req_id(sink, "id");
    let title = h.req_string(sink, "title");
    let document = h.req_id(sink, "document");
    let doc = document.as_ref().and_then(|(d, span)| {
        let found = negotiation.documents.iter().find(|x| x.id == *d);
        if found.is_none() {
            sink.error(
                "unknown-document",
                span.clone(),
                format!("no document `{d}` in this negotiation"),
            )
            .hint(
                suggest(d, negotiation.documents.iter().map(|x| x.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| "name a document of the scenario's documents/ directory".to_owned()),
            );
        }
        found
    });
    let timezone = h.req_string(sink, "timezone").and_then(|(tz, span)| {
        if jiff::tz::TimeZone::get(&tz).is_ok() {
            Some(tz)
        } else {
            sink.error("unknown-timezone", span, format!("`{tz}` is not an IANA time zone"))
                .hint("write a zone such as \"Europe/Kyiv\", \"America/New_York\" or \"UTC\"");
            None
        }
    });
    let start = h.req_date(sink, "start").map(day_of);
    let summary = h.opt_string(sink, "summary");
    let provenance = provenance_list(&top, sink);

    // Steps: ids first, so that conditions can refer to any step.
    let step_tables = top.opt_tables(sink, "steps");
    let mut ids: Vec<String> = Vec::new();
    let mut id_spans: Vec<Range<usize>> = Vec::new();
    let mut seen = BTreeSet::new();
    for (t, span) in &step_tables {
        let f = fields(t, span.clone(), "a step");
        let (sid, sspan) = match f.get("id") {
            Some(v) => match id(sink, v, "id") {
                Some(s) => (s, v.span()),
                None => (String::new(), v.span()),
            },
            None => (String::new(), span.clone()),
        };
        if !sid.is_empty() && !seen.insert(sid.clone()) {
            sink.error("duplicate-id", sspan.clone(), format!("step `{sid}` is defined twice"))
                .hint("give each step its own id");
        }
        ids.push(sid);
        id_spans.push(sspan);
    }
    let scope = Scope {
        steps: &ids,
        ceasefires,
        territories,
    };
    let mut registry = Registry::default();
    let mut steps = Vec::new();
    let mut groups: BTreeMap<String, usize> = BTreeMap::new();
    type Named = Vec<(String, Range<usize>)>;
    let mut hence_of: Vec<(usize, Named, Named)> = Vec::new();
    for (i, (t, span)) in step_tables.iter().enumerate() {
        let f = fields(t, span.clone(), "a step");
        f.finish(sink, STEP_KEYS);
        if f.get("id").is_none() {
            f.required(sink, "id");
        }
        let title = f.req_string(sink, "title").map(|x| x.0).unwrap_or_default();
        let kind = f
            .get("kind")
            .and_then(|v| {
                choice(
                    sink,
                    v,
                    "kind",
                    &[
                        ("obligation", Kind::Obligation),
                        ("maintain", Kind::Maintain),
                        ("milestone", Kind::Milestone),
                    ],
                )
            })
            .unwrap_or(Kind::Obligation);
        let only = |sink: &mut Sink<'_>, key: &str, kinds: &[Kind], what: &str| {
            if let Some(v) = f.get(key)
                && !kinds.contains(&kind)
            {
                sink.error(
                    "key-not-for-kind",
                    v.span(),
                    format!("`{key}` does not apply to a {} step", kind.as_str()),
                )
                .hint(what.to_owned());
            }
        };
        only(
            sink,
            "done",
            &[Kind::Obligation],
            "`done` says when an obligation is performed; a maintained condition uses `holds`, a milestone `when`",
        );
        only(
            sink,
            "silence",
            &[Kind::Obligation],
            "`silence` applies to obligations performed by findings",
        );
        only(
            sink,
            "within",
            &[Kind::Obligation],
            "deadlines apply to obligations; a maintained condition lasts `for` a time or `until` a day",
        );
        only(
            sink,
            "by",
            &[Kind::Obligation],
            "deadlines apply to obligations; a maintained condition lasts `for` a time or `until` a day",
        );
        only(
            sink,
            "holds",
            &[Kind::Maintain],
            "`holds` is the condition a maintain step keeps; use kind = \"maintain\"",
        );
        only(
            sink,
            "for",
            &[Kind::Maintain],
            "`for` is how long a maintained condition must hold",
        );
        only(
            sink,
            "until",
            &[Kind::Maintain],
            "`until` is the last day a maintained condition must hold",
        );
        only(
            sink,
            "lest",
            &[Kind::Obligation, Kind::Maintain],
            "a milestone cannot be breached; use `hence`",
        );
        only(
            sink,
            "parties",
            &[Kind::Obligation, Kind::Maintain],
            "a milestone has no party: it arrives when its condition holds",
        );

        let provisions: Vec<String> = f
            .opt_ids(sink, "provisions")
            .into_iter()
            .filter_map(|(p, span)| {
                let d = doc?;
                if d.provisions.iter().any(|x| x.id == p) {
                    Some(p)
                } else {
                    sink.error(
                        "unknown-provision",
                        span,
                        format!("document `{}` has no provision `{p}`", d.id),
                    )
                    .hint(
                        suggest(&p, d.provisions.iter().map(|x| x.id.as_str()))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| "name provisions of the plan's document".to_owned()),
                    );
                    None
                }
            })
            .collect();
        let parties: Vec<String> = f
            .opt_ids(sink, "parties")
            .into_iter()
            .filter_map(|(p, span)| {
                if negotiation.parties.iter().any(|x| x.id == p) {
                    Some(p)
                } else {
                    sink.error("unknown-party", span, format!("no party `{p}` in this negotiation"))
                        .hint(
                            suggest(&p, negotiation.parties.iter().map(|x| x.id.as_str()))
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| "name parties of negotiation.toml".to_owned()),
                        );
                    None
                }
            })
            .collect();
        let at = f.get("at").and_then(|v| date(sink, v, "at")).map(day_of);
        let mut cond = |sink: &mut Sink<'_>, key: &str| -> Option<Condition> {
            let v = f.get(key)?;
            let src = string(sink, v, key)?;
            let base = content_offset(sink.source.text.as_str(), &v.span(), &src);
            match compile(&src, &scope, &mut registry) {
                Ok(c) => Some(Condition {
                    span: base.map_or(v.span(), |b| b..b + src.len()),
                    source: src,
                    cond: c,
                }),
                Err(e) => {
                    let span = match base {
                        Some(b) => b + e.span.start..b + e.span.end.max(e.span.start + 1),
                        None => v.span(),
                    };
                    let d = sink.error(e.code, span, format!("in `{key}`: {}", e.message));
                    if let Some(h) = e.hint {
                        d.hint(h);
                    }
                    None
                }
            }
        };
        let when = cond(sink, "when");
        let done = cond(sink, "done");
        let holds = cond(sink, "holds");
        if kind == Kind::Maintain && f.get("holds").is_none() {
            sink.error(
                "missing-key",
                span.clone(),
                "a maintain step needs `holds`, the condition it keeps",
            )
            .hint("e.g. holds = \"violations('ceasefire') == 0\"");
        }
        let duration = |sink: &mut Sink<'_>, key: &str| -> Option<(Duration, Range<usize>)> {
            let v = f.get(key)?;
            let s = string(sink, v, key)?;
            match Duration::parse(&s) {
                Some(d) => Some((d, v.span())),
                None => {
                    sink.error("bad-duration", v.span(), format!("`{s}` is not a duration"))
                        .hint("write a number and a unit: d (days), w (weeks), m (months), y (years), e.g. \"14d\"");
                    None
                }
            }
        };
        let within = duration(sink, "within");
        let period = duration(sink, "for");
        let by = f
            .get("by")
            .and_then(|v| date(sink, v, "by").map(|d| (day_of(d), v.span())));
        let until = f
            .get("until")
            .and_then(|v| date(sink, v, "until").map(|d| (day_of(d), v.span())));
        // Deadlines that cannot be met whatever happens.
        if let (Some(a), Some((b, bspan))) = (at, &by)
            && *b < a
        {
            sink.error(
                "impossible-deadline",
                bspan.clone(),
                "the deadline `by` is before the trigger date `at`",
            )
            .hint("the step could never be performed in time; check both dates");
        }
        if let (Some(a), Some((u, uspan))) = (at, &until)
            && *u < a
        {
            sink.error(
                "impossible-deadline",
                uspan.clone(),
                "`until` is before the trigger date `at`",
            )
            .hint("the period would end before it begins; check both dates");
        }
        if let (Some(s), Some((b, bspan))) = (start, &by)
            && *b < s
        {
            sink.error(
                "impossible-deadline",
                bspan.clone(),
                "the deadline `by` is before the plan's `start`",
            )
            .hint("no step of the plan can be performed before the plan starts");
        }
        let silence = f
            .get("silence")
            .and_then(|v| {
                choice(
                    sink,
                    v,
                    "silence",
                    &[("unknown", Silence::Unknown), ("inaction", Silence::Inaction)],
                )
            })
            .unwrap_or_default();
        let month_end = f.get("month_end").and_then(|v| {
            choice(
                sink,
                v,
                "month_end",
                &[("clamp", MonthEnd::Clamp), ("roll", MonthEnd::Roll)],
            )
        });
        let group = f.opt_string(sink, "group");
        if let Some(g) = &group {
            *groups.entry(g.clone()).or_default() += 1;
        }
        let effect = f.get("effect").and_then(|v| {
            let (t, tspan) = table(sink, v, "effect", "write effect = { key = \"...\", value = \"...\" }")?;
            let e = fields(t, tspan, "an effect");
            e.finish(sink, &["key", "value"]);
            Some(Effect {
                key: e.req_string(sink, "key")?.0,
                value: e.req_string(sink, "value")?.0,
            })
        });
        let hence = f.opt_ids(sink, "hence");
        let lest = f.opt_ids(sink, "lest");
        hence_of.push((i, hence, lest));
        let deadline_span = within
            .as_ref()
            .map(|w| w.1.clone())
            .or_else(|| by.as_ref().map(|b| b.1.clone()))
            .or_else(|| period.as_ref().map(|p| p.1.clone()))
            .or_else(|| until.as_ref().map(|u| u.1.clone()));
        steps.push(Step {
            id: ids[i].clone(),
            title,
            kind,
            provisions,
            parties,
            at,
            when,
            within: within.map(|w| w.0),
            by: by.map(|b| b.0),
            done,
            silence,
            holds,
            period: period.map(|p| p.0),
            until: until.map(|u| u.0),
            hence: Vec::new(),
            lest: Vec::new(),
            group,
            verified_by: f.opt_string(sink, "verified_by"),
            month_end,
            effect,
            provenance: provenance_list(&f, sink),
            span: span.clone(),
            deadline_span,
        });
    }
    for (i, hence, lest) in hence_of {
        for (list, key) in [(hence, "hence"), (lest, "lest")] {
            for (target, span) in list {
                match ids.iter().position(|x| *x == target) {
                    Some(j) if j == i => {
                        sink.error(
                            "self-reference",
                            span,
                            format!("step `{target}` names itself in `{key}`"),
                        )
                        .hint("a step cannot trigger itself");
                    }
                    Some(j) => {
                        if key == "hence" {
                            steps[i].hence.push(j);
                        } else {
                            steps[i].lest.push(j);
                        }
                    }
                    None => {
                        sink.error("unknown-step", span, format!("no step `{target}` in this plan"))
                            .hint(
                                suggest(&target, ids.iter().map(String::as_str))
                                    .map(|s| format!("did you mean `{s}`?"))
                                    .unwrap_or_else(|| format!("`{key}` names steps of this plan")),
                            );
                    }
                }
            }
        }
    }
    for s in &steps {
        if let Some(g) = &s.group
            && groups.get(g) == Some(&1)
        {
            sink.warning(
                "lonely-group",
                s.span.clone(),
                format!("step `{}` is the only member of group `{g}`", s.id),
            )
            .hint("a group makes several steps simultaneous; name the others or drop `group`");
        }
    }

    let mut findings = Vec::new();
    for (t, span) in top.opt_tables(sink, "findings") {
        let f = fields(t, span.clone(), "a finding");
        f.finish(sink, FINDING_KEYS);
        let subject = match (f.get("report"), f.get("performed")) {
            (Some(v), None) => string(sink, v, "report").map(Subject::Report),
            (None, Some(v)) => id(sink, v, "performed").and_then(|p| match ids.iter().position(|x| *x == p) {
                Some(j) if steps.get(j).is_some_and(|s| s.kind == Kind::Obligation) => Some(Subject::Performed(p)),
                Some(_) => {
                    sink.error(
                        "finding-not-obligation",
                        v.span(),
                        format!("step `{p}` is not an obligation: only obligations are performed"),
                    )
                    .hint("a milestone is reached by its condition, a maintained condition is judged by `holds`");
                    None
                }
                None => {
                    sink.error("unknown-step", v.span(), format!("no step `{p}` in this plan"))
                        .hint(
                            suggest(&p, ids.iter().map(String::as_str))
                                .map(|s| format!("did you mean `{s}`?"))
                                .unwrap_or_else(|| "`performed` names an obligation of this plan".to_owned()),
                        );
                    None
                }
            }),
            (Some(_), Some(v)) => {
                sink.error(
                    "finding-subject",
                    v.span(),
                    "a finding is about a report or a step's performance, not both",
                )
                .hint("split it into two findings");
                None
            }
            (None, None) => {
                sink.error(
                    "finding-subject",
                    span.clone(),
                    "a finding needs `report` or `performed`",
                )
                .hint("report = \"key\" for a verification report, performed = \"step\" for a step's performance");
                None
            }
        };
        let result = match f.get("result") {
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    sink.error("wrong-type", v.span(), "expected true or false for `result`")
                        .hint("result = false records that the step was found not performed");
                    true
                }
            },
            None => true,
        };
        let fdate = f.req_date(sink, "date");
        let by = f.opt_string(sink, "by");
        let provenance = provenance_list(&f, sink);
        if let (Some(subject), Some(date)) = (subject, fdate) {
            findings.push(Finding {
                subject,
                result,
                date,
                by,
                provenance,
                hypothetical: false,
            });
        }
    }

    let plan = Plan {
        id: plan_id?.0,
        title: title?.0,
        document: document?.0,
        timezone: timezone?,
        start: start?,
        summary,
        provenance,
        steps,
        findings,
        metrics: registry.metrics,
        reports: registry.reports,
        file: sink.file,
    };
    Some((plan, head_span))
}
