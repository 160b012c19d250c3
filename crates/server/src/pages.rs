//! Server-rendered pages: plain HTML forms and links, readable without JavaScript.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use truce_implement::Timeline;
use truce_report::html::escape;

use crate::api::{CompareQuery, TimelineQuery, comparison, document as find_document, scenario, timeline as evaluate};
use crate::layout::{Problem, crumbs, href, page};
use crate::{AppState, Scenario};

fn respond(r: Result<String, Problem>) -> Response {
    match r {
        Ok(html) => Html(html).into_response(),
        Err(p) => p.html(),
    }
}

/// `GET /`: every negotiation.
pub async fn index(State(state): State<Arc<AppState>>) -> Response {
    let mut body = String::from("<ul>\n");
    for s in state.scenarios.values() {
        let n = &s.negotiation;
        let _ = writeln!(
            body,
            "<li><a href=\"/negotiations/{}\">{}</a>: {} documents, {} parties{}</li>",
            href(&n.id),
            escape(&n.title),
            n.documents.len(),
            n.parties.len(),
            if s.plans.is_empty() {
                ""
            } else {
                ", an implementation plan"
            }
        );
    }
    body.push_str("</ul>\n");
    Html(page(
        "Negotiations",
        "Drafts as structured provisions with sourced provenance; compare them, follow a point, replay an implementation plan.",
        &[],
        &body,
    ))
    .into_response()
}

/// `GET /negotiations/{id}`: parties, documents, and what can be done with them.
pub async fn negotiation(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    respond(scenario(&state, &id).map(|s| {
        let n = &s.negotiation;
        let mut body = String::new();
        if let Some(summary) = &n.summary {
            let _ = writeln!(body, "<p>{}</p>", escape(summary));
        }
        let _ = writeln!(body, "<h2>Parties</h2>\n<ul>");
        for p in &n.parties {
            let _ = writeln!(body, "<li>{} (<code>{}</code>)</li>", escape(&p.name), escape(&p.id));
        }
        let _ = writeln!(body, "</ul>\n<h2>Documents</h2>\n<table>\n<thead><tr><th scope=\"col\">date</th><th scope=\"col\">document</th><th scope=\"col\">status</th><th scope=\"col\">provisions</th><th scope=\"col\">sources</th></tr></thead>\n<tbody>");
        for d in &n.documents {
            let _ = writeln!(
                body,
                "<tr><td class=\"num\">{}</td><td><a href=\"/negotiations/{}/documents/{}\">{}</a></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                d.date,
                href(&n.id),
                href(&d.id),
                escape(&d.title),
                d.status.as_str(),
                d.provisions.len(),
                d.provenance.len()
            );
        }
        let _ = writeln!(body, "</tbody>\n</table>");
        let _ = writeln!(body, "<h2>Compare two drafts</h2>\n{}", compare_form(s, None, None));
        let _ = writeln!(
            body,
            "<h2>More</h2>\n<ul>\n<li><a href=\"/negotiations/{id}/evolution\">Evolution of every point across the documents</a></li>",
            id = href(&n.id)
        );
        if crate::positions_pages::has_positions(s) {
            let _ = writeln!(
                body,
                "<li><a href=\"/negotiations/{id}/positions\">Red lines: each party's verdict on each draft</a></li>\n\
                 <li><a href=\"/negotiations/{id}/zopa\">Zone of possible agreement</a></li>",
                id = href(&n.id)
            );
        }
        for p in &s.plans {
            let _ = writeln!(
                body,
                "<li><a href=\"/negotiations/{}/timeline?plan={}\">Implementation timeline: {}</a></li>",
                href(&n.id),
                href(&p.id),
                escape(&p.title)
            );
        }
        for (_, c) in truce_monitor::ceasefires(n) {
            let _ = writeln!(
                body,
                "<li><a href=\"/negotiations/{}/monitor?ceasefire={}\">Ceasefire monitoring: {}</a></li>",
                href(&n.id),
                href(&c.id),
                escape(&c.title)
            );
        }
        body.push_str("</ul>\n");
        page(&n.title, &format!("Negotiation {}", n.id), &[], &body)
    }))
}

fn compare_form(s: &Scenario, a: Option<&str>, b: Option<&str>) -> String {
    let n = &s.negotiation;
    let options = |selected: Option<&str>| {
        n.documents
            .iter()
            .map(|d| {
                format!(
                    "<option value=\"{}\"{}>{} ({})</option>",
                    escape(&d.id),
                    if selected == Some(d.id.as_str()) {
                        " selected"
                    } else {
                        ""
                    },
                    escape(&d.title),
                    d.date
                )
            })
            .collect::<String>()
    };
    let first = n.documents.first().map(|d| d.id.as_str());
    let second = n.documents.get(1).map(|d| d.id.as_str());
    format!(
        "<form class=\"inline\" method=\"get\" action=\"/negotiations/{}/compare\">\n\
         <label for=\"a\">Earlier</label><select id=\"a\" name=\"a\">{}</select>\n\
         <label for=\"b\">Later</label><select id=\"b\" name=\"b\">{}</select>\n\
         <button type=\"submit\">Compare</button>\n</form>\n",
        href(&n.id),
        options(a.or(first)),
        options(b.or(second))
    )
}

/// `GET /negotiations/{id}/documents/{doc}`: the outline, terms and provenance.
pub async fn document(
    State(state): State<Arc<AppState>>,
    Path((id, doc)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Response {
    respond(scenario(&state, &id).and_then(|s| {
        let d = find_document(s, &doc)?;
        let mut body = String::new();
        if let Some(summary) = &d.summary {
            let _ = writeln!(body, "<p>{}</p>", escape(summary));
        }
        let _ = writeln!(body, "<h2>Provenance</h2>");
        body.push_str(&provenance(&d.provenance));
        let _ = writeln!(body, "<h2>Provisions</h2>");
        for p in &d.provisions {
            let heading = p
                .heading
                .as_deref()
                .map(|h| format!(": {}", escape(h)))
                .unwrap_or_default();
            let _ = writeln!(
                body,
                "<section id=\"{}\">\n<h3>{}{heading} <small class=\"muted\">{}</small></h3>\n<p>{}</p>",
                escape(&p.id),
                escape(&p.number),
                escape(&p.id),
                escape(&p.text)
            );
            if !p.terms.is_empty() {
                body.push_str("<ul class=\"terms\">");
                for (k, v) in &p.terms {
                    let _ = write!(body, "<li><code>{}</code> = {}</li>", escape(k), escape(&v.to_string()));
                }
                body.push_str("</ul>\n");
            }
            if !p.provenance.is_empty() {
                body.push_str(&provenance(&p.provenance));
            }
            body.push_str("</section>\n");
        }
        let claims = crate::write::stored_claims(&state, &s.negotiation.id)?;
        body.push_str(&crate::forms::claims_section(
            &s.negotiation.id,
            d,
            &claims,
            crate::forms::csrf_of(&headers).as_deref(),
        ));
        Ok(page(
            &d.title,
            &format!("{}, {}, {} provisions", d.date, d.status.as_str(), d.provisions.len()),
            &crumbs(s),
            &body,
        ))
    }))
}

fn provenance(claims: &[truce_model::Provenance]) -> String {
    let mut out = String::from("<ul class=\"provenance\">");
    for c in claims {
        let _ = write!(
            out,
            "<li>{} ({}), {}: <a href=\"{}\" rel=\"noreferrer\">{}</a>, confidence {:.2}{}</li>",
            escape(&c.publisher),
            c.date,
            if c.confidence >= 0.8 {
                "high"
            } else if c.confidence >= 0.5 {
                "medium"
            } else {
                "low"
            },
            escape(&c.source),
            escape(&c.source),
            c.confidence,
            c.note
                .as_deref()
                .map(|n| format!(". {}", escape(n)))
                .unwrap_or_default()
        );
    }
    out.push_str("</ul>\n");
    out
}

/// `GET /negotiations/{id}/compare?a=&b=`: the redline.
pub async fn compare(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Query(q): Query<CompareQuery>,
) -> Response {
    respond(scenario(&state, &id).and_then(|s| {
        let form = compare_form(s, q.a.as_deref(), q.b.as_deref());
        if q.a.is_none() && q.b.is_none() {
            return Ok(page(
                "Compare two drafts",
                "Choose an earlier and a later document.",
                &crumbs(s),
                &form,
            ));
        }
        let (c, a, b) = comparison(&state, s, &q)?;
        let p = &c.page;
        let saved = q
            .saved
            .as_deref()
            .map(|x| format!("<p role=\"status\">Saved the link {}.</p>\n", escape(x)))
            .unwrap_or_default();
        let review = crate::forms::link_form(&s.negotiation.id, a, b, crate::forms::csrf_of(&headers).as_deref());
        Ok(page(
            &p.title,
            &p.subtitle,
            &crumbs(s),
            &format!("{saved}{form}{}{review}", p.body),
        ))
    }))
}

/// `GET /negotiations/{id}/evolution`
pub async fn evolution(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    respond(scenario(&state, &id).and_then(|s| {
        let n = &s.negotiation;
        let docs: Vec<&truce_model::Document> = n.documents.iter().collect();
        let overrides = crate::api::overrides(&state, s)?;
        let e = truce_compare::evolution(&docs, &overrides, &truce_compare::AlignOptions::for_documents())
            .map_err(|e| Problem::bad_request("cannot-align", e.to_string()))?;
        let p = truce_report::evolution::html_page(n, &e);
        Ok(page(&p.title, &p.subtitle, &crumbs(s), &p.body))
    }))
}

/// `GET /negotiations/{id}/timeline?plan=&as_of=&what_if=`
pub async fn timeline(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(q): Query<TimelineQuery>,
) -> Response {
    respond(scenario(&state, &id).and_then(|s| {
        let t = evaluate(&state, s, &q)?;
        Ok(page(
            &t.title,
            &format!("Implements {}; days in {}; as of {}.", t.document, t.timezone, t.as_of),
            &crumbs(s),
            &timeline_body(s, &t, &q),
        ))
    }))
}

fn timeline_body(s: &Scenario, t: &Timeline, q: &TimelineQuery) -> String {
    let mut body = format!(
        "<form method=\"get\" action=\"/negotiations/{}/timeline\">\n\
         <input type=\"hidden\" name=\"plan\" value=\"{}\">\n\
         <p><label for=\"as_of\">As of</label> <input id=\"as_of\" name=\"as_of\" type=\"date\" value=\"{}\"></p>\n\
         <p><label for=\"what_if\">What if (one per line: report:KEY@DATE, performed:STEP@DATE, not-performed:STEP@DATE, violations:CEASEFIRE@DATE=N)</label><br>\n\
         <textarea id=\"what_if\" name=\"what_if\" rows=\"3\" cols=\"60\">{}</textarea></p>\n\
         <p><button type=\"submit\">Replay</button></p>\n</form>\n",
        href(&s.negotiation.id),
        escape(&t.plan),
        t.as_of,
        escape(q.what_if.as_deref().unwrap_or(""))
    );
    let counts: Vec<String> = t.counts.iter().map(|(k, v)| format!("{v} {}", escape(k))).collect();
    let _ = writeln!(body, "<p class=\"summary\">{}</p>", counts.join(", "));
    for line in t.what_if.iter().chain(&t.coverage).chain(&t.conflicts) {
        let _ = writeln!(body, "<p class=\"muted\">{}</p>", escape(line));
    }
    for c in &t.cycles {
        let _ = writeln!(
            body,
            "<p role=\"note\">Cycle: {} wait on each other.</p>",
            escape(&c.join(", "))
        );
    }
    let _ = writeln!(
        body,
        "<table>\n<thead><tr><th scope=\"col\">step</th><th scope=\"col\">status</th><th scope=\"col\">triggered</th><th scope=\"col\">deadline or end</th><th scope=\"col\">evidence</th></tr></thead>\n<tbody>"
    );
    for st in &t.steps {
        let class = if st.possible.len() == 1 {
            st.status.replace(' ', "-")
        } else {
            "unknown".to_owned()
        };
        let cell = |d: &Option<truce_implement::Days>| d.as_ref().map(|x| escape(&x.to_string())).unwrap_or_default();
        let evidence: String = st
            .evidence
            .iter()
            .map(|e| format!("<li>{}</li>", escape(e.trim())))
            .collect();
        let _ = writeln!(
            body,
            "<tr><td><code>{}</code><br>{}</td><td class=\"status-{}\">{}</td><td>{}</td><td>{}</td><td><ul>{}</ul></td></tr>",
            escape(&st.id),
            escape(&st.title),
            escape(&class),
            escape(&st.status),
            cell(&st.triggered),
            cell(&st.deadline),
            evidence
        );
    }
    body.push_str("</tbody>\n</table>\n");
    if !t.next.is_empty() {
        body.push_str("<h2>Next, without new evidence</h2>\n<ul>");
        for n in &t.next {
            let _ = write!(
                body,
                "<li>{}: <code>{}</code> {}</li>",
                n.date,
                escape(&n.step),
                escape(&n.status)
            );
        }
        body.push_str("</ul>\n");
    }
    body
}
