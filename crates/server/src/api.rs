//! The JSON API (`/api/v1`), the analyses the pages share with it, and the OpenAPI
//! document generated from the endpoint table below.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use truce_compare::{AlignOptions, Override, align_documents};
use truce_implement::{Options, Timeline, WhatIf, build_record, day_of, evaluate, event_window, needs_events};
use truce_model::{Document, Export};
use truce_report::compare::Comparison;

use crate::layout::Problem;
use crate::{AppState, Scenario};

/// `?a=&b=`: the two documents to compare.
#[derive(Debug, Default, Deserialize)]
pub struct CompareQuery {
    /// The earlier document's id.
    pub a: Option<String>,
    /// The later document's id.
    pub b: Option<String>,
    /// Pages only: the link just saved, to say so.
    pub saved: Option<String>,
}

/// `?plan=&as_of=&what_if=`: which plan, as of which day, with which hypotheses.
#[derive(Debug, Default, Deserialize)]
pub struct TimelineQuery {
    /// The plan's id (default: the scenario's only plan).
    pub plan: Option<String>,
    /// YYYY-MM-DD (default: today in the plan's zone).
    pub as_of: Option<String>,
    /// Hypothetical findings, separated by commas or new lines (see `truce timeline`).
    pub what_if: Option<String>,
}

pub(crate) fn scenario<'s>(state: &'s AppState, id: &str) -> Result<&'s Scenario, Problem> {
    state
        .scenarios
        .get(id)
        .ok_or_else(|| Problem::not_found(format!("no negotiation `{id}`")))
}

pub(crate) fn document<'s>(s: &'s Scenario, id: &str) -> Result<&'s Document, Problem> {
    s.negotiation
        .document(id)
        .ok_or_else(|| Problem::not_found(format!("negotiation `{}` has no document `{id}`", s.negotiation.id)))
}

/// A comparison, rendered once for the API and for the page.
pub(crate) struct Compared {
    /// `truce.compare/1`.
    pub json: String,
    /// The page's parts.
    pub page: truce_report::html::Page,
}

/// The comparison of two documents of a scenario, computed once per pair and links
/// generation (scenarios never change while the server runs; reviewed links bump the
/// generation).
pub(crate) fn comparison<'s>(
    state: &AppState,
    s: &'s Scenario,
    q: &CompareQuery,
) -> Result<(Arc<Compared>, &'s Document, &'s Document), Problem> {
    let (Some(a), Some(b)) = (q.a.as_deref(), q.b.as_deref()) else {
        return Err(Problem::bad_request(
            "missing-parameter",
            "give two documents: ?a=<id>&b=<id>",
        ));
    };
    let (a, b) = (document(s, a)?, document(s, b)?);
    let generation = state.links_generation.load(std::sync::atomic::Ordering::Acquire);
    let key = (s.negotiation.id.clone(), a.id.clone(), b.id.clone(), generation);
    if let Some(hit) = state.compare_cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok((hit, a, b));
    }
    let overrides = overrides(state, s)?;
    let alignment = align_documents(a, b, &overrides, &AlignOptions::for_documents())
        .map_err(|e| Problem::bad_request("cannot-align", e.to_string()))?;
    let c = Comparison::new(&s.negotiation, a, b, &alignment);
    let compared = Arc::new(Compared {
        json: c.to_json(),
        page: truce_report::compare::html_page(&c, a, b),
    });
    if let Ok(mut cache) = state.compare_cache.lock() {
        cache.retain(|k, _| k.3 == generation);
        cache.insert(key, compared.clone());
    }
    Ok((compared, a, b))
}

/// The links reviewed in `negotiation.toml`, then those reviewed through the API (which
/// win where both name the same pair).
pub(crate) fn overrides(state: &AppState, s: &Scenario) -> Result<Vec<Override>, Problem> {
    let mut out: Vec<Override> = s.negotiation.links.iter().map(Override::from).collect();
    if state.store.as_ref().is_some_and(|p| p.exists()) {
        let stored = crate::write::open_store(state)?
            .links(&s.negotiation.id)
            .map_err(|e| Problem::bad_request("store", e.to_string()))?;
        for l in stored {
            out.retain(|o| !((o.a == l.a && o.b == l.b) || (o.a == l.b && o.b == l.a)));
            out.push(Override {
                a: l.a,
                b: l.b,
                confirmed: l.status == "confirmed",
            });
        }
    }
    Ok(out)
}

/// A plan's timeline as of a day.
pub(crate) fn timeline(state: &AppState, s: &Scenario, q: &TimelineQuery) -> Result<Timeline, Problem> {
    let plan = match (&q.plan, s.plans.len()) {
        (_, 0) => {
            return Err(Problem::not_found(format!(
                "negotiation `{}` has no implementation plan",
                s.negotiation.id
            )));
        }
        (None, 1) => &s.plans[0],
        (None, _) => {
            let ids: Vec<&str> = s.plans.iter().map(|p| p.id.as_str()).collect();
            return Err(Problem::bad_request(
                "missing-parameter",
                format!("choose a plan: ?plan= one of {}", ids.join(", ")),
            ));
        }
        (Some(id), _) => s
            .plans
            .iter()
            .find(|p| p.id == *id)
            .ok_or_else(|| Problem::not_found(format!("no plan `{id}`")))?,
    };
    let as_of = match q.as_of.as_deref().filter(|x| !x.is_empty()) {
        Some(d) => truce_model::toml_fields::parse_date(d)
            .map(day_of)
            .ok_or_else(|| Problem::bad_request("bad-date", format!("as_of `{d}` is not a date YYYY-MM-DD")))?,
        None => {
            let tz = jiff::tz::TimeZone::get(&plan.timezone)
                .map_err(|e| Problem::bad_request("bad-timezone", e.to_string()))?;
            day_of(tz.to_datetime(jiff::Timestamp::now()).date())
        }
    };
    let mut what_if = Vec::new();
    for w in q
        .what_if
        .as_deref()
        .unwrap_or("")
        .split([',', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        what_if.push(WhatIf::parse(w).map_err(|e| Problem::bad_request("bad-what-if", e))?);
    }
    let mut events = Vec::new();
    if needs_events(plan)
        && let Some(path) = state.store.as_ref().filter(|p| p.exists())
        && let Some((start, end)) = event_window(plan, as_of)
    {
        let store = truce_store::Store::open(path).map_err(|e| Problem::bad_request("store", e.to_string()))?;
        events = store
            .events_overlapping(start, end, None)
            .map_err(|e| Problem::bad_request("store", e.to_string()))?;
    }
    let geometries = crate::monitor_pages::geometries(state, s)?;
    let record = build_record(plan, &s.negotiation, &geometries, &events, as_of, None)
        .map_err(|e| Problem::bad_request("record", e))?;
    let options = Options {
        as_of,
        what_if,
        horizon: 3660,
        max_changes: 12,
    };
    evaluate(plan, &record, &options).map_err(|e| Problem::bad_request("cannot-evaluate", e.to_string()))
}

fn json(body: String) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn or_json(r: Result<String, Problem>) -> Response {
    match r {
        Ok(body) => json(body),
        Err(p) => p.json(),
    }
}

/// `GET /api/v1/negotiations`
pub async fn negotiations(State(state): State<Arc<AppState>>) -> Response {
    let list: Vec<serde_json::Value> = state
        .scenarios
        .values()
        .map(|s| {
            let n = &s.negotiation;
            serde_json::json!({
                "id": n.id,
                "title": n.title,
                "documents": n.documents.iter().map(|d| serde_json::json!({
                    "id": d.id, "title": d.title, "date": d.date.to_string(), "status": d.status.as_str(),
                })).collect::<Vec<_>>(),
                "plans": s.plans.iter().map(|p| p.id.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json(serde_json::json!({"format": "truce.negotiations/1", "negotiations": list}).to_string())
}

/// `GET /api/v1/negotiations/{id}`: the whole negotiation, as `truce export`.
pub async fn negotiation(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    match scenario(&state, &id) {
        Ok(s) => {
            let body = s
                .export
                .get_or_init(|| axum::body::Bytes::from(Export::negotiation(&s.negotiation).to_json()))
                .clone();
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(p) => p.json(),
    }
}

/// `GET /api/v1/negotiations/{id}/documents/{doc}`
pub async fn document_json(State(state): State<Arc<AppState>>, Path((id, doc)): Path<(String, String)>) -> Response {
    or_json(scenario(&state, &id).and_then(|s| Ok(Export::document(&s.negotiation.id, document(s, &doc)?).to_json())))
}

/// `GET /api/v1/negotiations/{id}/compare?a=&b=`
pub async fn compare(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Response {
    or_json(
        scenario(&state, &id)
            .and_then(|s| comparison(&state, s, &q))
            .map(|(c, _, _)| c.json.clone()),
    )
}

/// `GET /api/v1/negotiations/{id}/evolution`
pub async fn evolution(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    or_json(scenario(&state, &id).and_then(|s| {
        let n = &s.negotiation;
        let docs: Vec<&Document> = n.documents.iter().collect();
        let e = truce_compare::evolution(&docs, &overrides(&state, s)?, &AlignOptions::for_documents())
            .map_err(|e| Problem::bad_request("cannot-align", e.to_string()))?;
        Ok(truce_report::evolution::to_json(n, &e))
    }))
}

/// `GET /api/v1/negotiations/{id}/timeline?plan=&as_of=&what_if=`
pub async fn timeline_json(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> Response {
    or_json(
        scenario(&state, &id)
            .and_then(|s| timeline(&state, s, &q))
            .and_then(|t| serde_json::to_string_pretty(&t).map_err(|e| Problem::bad_request("json", e.to_string()))),
    )
}

/// One endpoint of the API, for the OpenAPI document.
pub(crate) struct Endpoint {
    /// `get` or `post`.
    pub method: &'static str,
    /// The path template, `{name}` for a path parameter.
    pub path: &'static str,
    /// One line.
    pub summary: &'static str,
    /// (name, `path` or `query`, required, description).
    pub params: &'static [(&'static str, &'static str, bool, &'static str)],
    /// What a success returns (its format).
    pub returns: &'static str,
}

const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations",
        summary: "Every negotiation loaded, with its documents and implementation plans",
        params: &[],
        returns: "truce.negotiations/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}",
        summary: "One negotiation in full (the normalized model)",
        params: &[("id", "path", true, "negotiation id")],
        returns: "truce.export/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/documents/{doc}",
        summary: "One document in full",
        params: &[
            ("id", "path", true, "negotiation id"),
            ("doc", "path", true, "document id"),
        ],
        returns: "truce.export/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/compare",
        summary: "Clause-by-clause comparison of two documents",
        params: &[
            ("id", "path", true, "negotiation id"),
            ("a", "query", true, "earlier document id"),
            ("b", "query", true, "later document id"),
        ],
        returns: "truce.compare/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/evolution",
        summary: "Every point followed across the negotiation's documents",
        params: &[("id", "path", true, "negotiation id")],
        returns: "truce.evolution/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/timeline",
        summary: "An implementation plan evaluated as of a day, with hypothetical findings",
        params: &[
            ("id", "path", true, "negotiation id"),
            ("plan", "query", false, "plan id (default: the only plan)"),
            (
                "as_of",
                "query",
                false,
                "YYYY-MM-DD (default: today in the plan's zone)",
            ),
            (
                "what_if",
                "query",
                false,
                "comma-separated: report:KEY@DATE, performed:STEP@DATE, not-performed:STEP@DATE, violations:CEASEFIRE@DATE=N",
            ),
        ],
        returns: "truce.timeline/1",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/links",
        summary: "Alignment links reviewed through the API",
        params: &[("id", "path", true, "negotiation id")],
        returns: "truce.links/1",
    },
    Endpoint {
        method: "post",
        path: "/api/v1/negotiations/{id}/links",
        summary: "Confirm or reject an alignment link (JSON body {a, b, status, note}); needs a token",
        params: &[("id", "path", true, "negotiation id")],
        returns: "the link as stored (201)",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/negotiations/{id}/provenance",
        summary: "Provenance claims added to provisions through the API",
        params: &[("id", "path", true, "negotiation id")],
        returns: "truce.claims/1",
    },
    Endpoint {
        method: "post",
        path: "/api/v1/negotiations/{id}/provenance",
        summary: "Add a provenance claim to a provision (JSON body {provision, source, publisher, date, confidence, note}); needs a token",
        params: &[("id", "path", true, "negotiation id")],
        returns: "the claim as stored (201)",
    },
    Endpoint {
        method: "post",
        path: "/api/v1/events",
        summary: "Upload an event file (the body, streamed to disk) into the store; needs a token",
        params: &[
            ("format", "query", false, "ucdp (default), acled or gdelt"),
            ("wait", "query", false, "false: answer 202 at once with a job to follow"),
        ],
        returns: "truce.ingest/1 (or truce.job/1 with 202)",
    },
    Endpoint {
        method: "get",
        path: "/api/v1/jobs/{id}",
        summary: "An upload's progress (records read) or outcome",
        params: &[("id", "path", true, "job number")],
        returns: "truce.job/1",
    },
];

/// `GET /api/openapi.json`: OpenAPI 3.1, from the endpoint table.
pub async fn openapi() -> Response {
    let mut paths = serde_json::Map::new();
    for e in ENDPOINTS
        .iter()
        .chain(crate::monitor_pages::ENDPOINTS)
        .chain(crate::positions_pages::ENDPOINTS)
    {
        let params: Vec<serde_json::Value> = e
            .params
            .iter()
            .map(|(name, place, required, description)| {
                serde_json::json!({
                    "name": name, "in": place, "required": required, "description": description,
                    "schema": {"type": "string"},
                })
            })
            .collect();
        let error = serde_json::json!({
            "description": "Bad input or not found",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        });
        let ok = if e.method == "post" && e.path.ends_with("/links") {
            "201"
        } else {
            "200"
        };
        let mut op = serde_json::json!({
            "summary": e.summary,
            "operationId": format!("{}_{}", e.method, e.path.trim_start_matches("/api/v1/").replace(['/', '{', '}'], "_")),
            "parameters": params,
            "responses": {
                ok: {
                    "description": format!("JSON: {}", e.returns),
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "400": error.clone(),
                "404": error.clone(),
            },
        });
        if e.method == "post" {
            op["security"] = serde_json::json!([{"bearer": []}]);
            op["responses"]["401"] = error.clone();
            op["responses"]["403"] = error.clone();
            op["responses"]["413"] = error.clone();
            let media = if e.path.ends_with("/links") {
                "application/json"
            } else {
                "application/octet-stream"
            };
            op["requestBody"] = serde_json::json!({"required": true, "content": {media: {"schema": {"type": if media == "application/json" { "object" } else { "string" }}}}});
        }
        let item = paths.entry(e.path.to_owned()).or_insert_with(|| serde_json::json!({}));
        item[e.method] = op;
    }
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": {"title": "truce", "version": env!("CARGO_PKG_VERSION"), "description": "Peace-process analyses as data: negotiations, comparisons, implementation timelines."},
        "paths": paths,
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": {"Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
        }}},
    });
    json(serde_json::to_string_pretty(&doc).unwrap_or_default())
}
