//! The workbench's forms: sign in with a token, review an alignment link, upload an
//! event file. Plain HTML forms (no script), each post checked against the CSRF cookie.

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Form, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use truce_report::html::escape;

use crate::AppState;
use crate::layout::{Problem, href, page};
use crate::write::{CSRF_COOKIE, LinkBody, TOKEN_COOKIE, authorize_form, cookie, new_csrf, put_link};

/// The CSRF value to put in forms, when the browser is signed in.
pub(crate) fn csrf_of(headers: &HeaderMap) -> Option<String> {
    cookie(headers, TOKEN_COOKIE)
        .and(cookie(headers, CSRF_COOKIE))
        .map(str::to_owned)
}

/// `GET /sign-in`
pub async fn sign_in_page(headers: HeaderMap) -> Response {
    let status = if csrf_of(&headers).is_some() {
        "<p role=\"status\">This browser is signed in. <form method=\"post\" action=\"/sign-out\"><button type=\"submit\">Sign out</button></form></p>"
    } else {
        ""
    };
    let body = format!(
        "{status}<form method=\"post\" action=\"/sign-in\">\n\
         <p><label for=\"token\">Token</label> <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required size=\"60\"></p>\n\
         <p><button type=\"submit\">Sign in</button></p>\n</form>\n\
         <p class=\"muted\">Make a token on the server's machine with <code>truce token create --name you</code>. \
         Signing in keeps it in a cookie of this browser for this site only.</p>\n"
    );
    Html(page(
        "Sign in",
        "Writes (reviewing links, uploading events) need a token.",
        &[],
        &body,
    ))
    .into_response()
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct SignIn {
    token: String,
}

/// `POST /sign-in`: checks the token and sets the cookies.
pub async fn sign_in(State(state): State<Arc<AppState>>, Form(f): Form<SignIn>) -> Response {
    let secret = f.token.trim().to_owned();
    let check = crate::write::open_store(&state).and_then(|s| {
        s.check_token(&secret)
            .map_err(|e| Problem::new(StatusCode::SERVICE_UNAVAILABLE, "store", e.to_string()))
    });
    match check {
        Ok(Some(_)) if secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') => {
            let csrf = match new_csrf() {
                Ok(c) => c,
                Err(p) => return p.html(),
            };
            let mut r = Redirect::to("/").into_response();
            for c in [
                format!("{TOKEN_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict"),
                format!("{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict"),
            ] {
                if let Ok(v) = HeaderValue::from_str(&c) {
                    r.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            r
        }
        Ok(_) => Problem::new(StatusCode::FORBIDDEN, "forbidden", "the token is unknown or revoked").html(),
        Err(p) => p.html(),
    }
}

/// `POST /sign-out`
pub async fn sign_out() -> Response {
    let mut r = Redirect::to("/").into_response();
    for name in [TOKEN_COOKIE, CSRF_COOKIE] {
        if let Ok(v) = HeaderValue::from_str(&format!("{name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

/// The review form under a comparison: pick a provision of each draft and a verdict.
pub(crate) fn link_form(
    negotiation: &str,
    a: &truce_model::Document,
    b: &truce_model::Document,
    csrf: Option<&str>,
) -> String {
    let Some(csrf) = csrf else {
        return "<p class=\"muted\"><a href=\"/sign-in\">Sign in</a> to confirm or reject a link between two provisions.</p>\n".to_owned();
    };
    let options = |d: &truce_model::Document| {
        d.provisions
            .iter()
            .map(|p| {
                format!(
                    "<option value=\"{}\">{} {}</option>",
                    escape(&p.id),
                    escape(&p.number),
                    escape(&p.id)
                )
            })
            .collect::<String>()
    };
    format!(
        "<h2>Review a link</h2>\n<form method=\"post\" action=\"/negotiations/{n}/links\">\n\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\n\
         <input type=\"hidden\" name=\"back_a\" value=\"{da}\"><input type=\"hidden\" name=\"back_b\" value=\"{db}\">\n\
         <p><label for=\"link-a\">Provision of {ta}</label> <select id=\"link-a\" name=\"a\">{oa}</select>\n\
         <label for=\"link-b\">Provision of {tb}</label> <select id=\"link-b\" name=\"b\">{ob}</select></p>\n\
         <fieldset><legend>Verdict</legend>\n\
         <label><input type=\"radio\" name=\"status\" value=\"confirmed\" checked> confirmed (always align them)</label>\n\
         <label><input type=\"radio\" name=\"status\" value=\"rejected\"> rejected (never align them)</label></fieldset>\n\
         <p><label for=\"note\">Note</label> <input id=\"note\" name=\"note\" size=\"60\" maxlength=\"2000\"></p>\n\
         <p><button type=\"submit\">Save the link</button></p>\n</form>\n",
        n = escape(negotiation),
        csrf = escape(csrf),
        da = escape(&a.id),
        db = escape(&b.id),
        ta = escape(&a.title),
        tb = escape(&b.title),
        oa = options(a),
        ob = options(b),
    )
}

/// The review form's fields.
#[derive(Deserialize)]
pub struct LinkForm {
    csrf: Option<String>,
    a: String,
    b: String,
    status: String,
    note: Option<String>,
    back_a: Option<String>,
    back_b: Option<String>,
}

/// `POST /negotiations/{id}/links` (form): saves the link and goes back to the comparison.
pub async fn post_link_form(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(f): Form<LinkForm>,
) -> Response {
    let run = || -> Result<String, Problem> {
        let token = authorize_form(&state, &headers, f.csrf.as_deref())?;
        put_link(
            &state,
            &id,
            LinkBody {
                a: f.a.clone(),
                b: f.b.clone(),
                status: f.status.clone(),
                note: f.note.clone(),
            },
            &token.name,
        )?;
        Ok(format!(
            "/negotiations/{}/compare?a={}&b={}&saved={}",
            href(&id),
            href(f.back_a.as_deref().unwrap_or("")),
            href(f.back_b.as_deref().unwrap_or("")),
            href(&format!("{}-{}", f.a, f.b))
        ))
    };
    match run() {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(p) => p.html(),
    }
}

/// `GET /events/upload`
pub async fn upload_page(headers: HeaderMap) -> Response {
    let body = match csrf_of(&headers) {
        None => "<p><a href=\"/sign-in\">Sign in</a> to upload an event file.</p>\n".to_owned(),
        Some(csrf) => format!(
            "<form method=\"post\" action=\"/events/upload\" enctype=\"multipart/form-data\">\n\
             <input type=\"hidden\" name=\"csrf\" value=\"{}\">\n\
             <p><label for=\"file\">Event file</label> <input id=\"file\" name=\"file\" type=\"file\" required></p>\n\
             <p><label for=\"format\">Layout</label> <select id=\"format\" name=\"format\">\
             <option value=\"ucdp\">UCDP GED CSV</option><option value=\"acled\">ACLED CSV</option><option value=\"gdelt\">GDELT 2.0 events</option></select></p>\n\
             <p><button type=\"submit\">Upload</button></p>\n</form>\n",
            escape(&csrf)
        ),
    };
    Html(page(
        "Upload events",
        "Conflict events into the store: every row accepted or rejected with its line and reason.",
        &[],
        &body,
    ))
    .into_response()
}

/// `POST /events/upload` (multipart form): saves the file as it arrives, starts the
/// ingest and sends the browser to its progress page.
pub async fn upload(State(state): State<Arc<AppState>>, headers: HeaderMap, mut form: Multipart) -> Response {
    use tokio::io::AsyncWriteExt;
    let mut csrf = None;
    let mut format = "ucdp".to_owned();
    let mut saved: Option<crate::write::UploadDir> = None;
    loop {
        let mut field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Problem::new(e.status(), "bad-form", e.body_text()).html(),
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" {
            // The CSRF field comes first in the form: refuse before writing anything.
            if let Err(p) = authorize_form(&state, &headers, csrf.as_deref()) {
                return p.html();
            }
            let dir = match crate::write::new_upload_dir() {
                Ok(d) => d,
                Err(p) => return p.html(),
            };
            let Ok(mut file) = tokio::fs::File::create(dir.0.join("upload")).await else {
                return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "io", "cannot write the upload").html();
            };
            let mut size = 0usize;
            loop {
                match field.chunk().await {
                    Ok(Some(bytes)) => {
                        size += bytes.len();
                        if size > crate::write::MAX_UPLOAD_BYTES {
                            return crate::write::too_large().html();
                        }
                        if file.write_all(&bytes).await.is_err() {
                            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "io", "cannot write the upload")
                                .html();
                        }
                    }
                    Ok(None) => break,
                    Err(e) => return Problem::new(e.status(), "bad-form", e.body_text()).html(),
                }
            }
            if file.flush().await.is_err() {
                return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "io", "cannot write the upload").html();
            }
            saved = Some(dir);
        } else {
            let Ok(text) = field.text().await else {
                return Problem::bad_request("bad-form", "a form field is not text").html();
            };
            match name.as_str() {
                "csrf" => csrf = Some(text),
                "format" => format = text,
                _ => {}
            }
        }
    }
    if let Err(p) = authorize_form(&state, &headers, csrf.as_deref()) {
        return p.html();
    }
    let Some(dir) = saved else {
        return Problem::bad_request("missing-file", "choose a file to upload").html();
    };
    let format = match crate::write::upload_format(&format) {
        Ok(f) => f,
        Err(p) => return p.html(),
    };
    let id = crate::write::start_job(&state, format, dir);
    Redirect::to(&format!("/events/jobs/{id}")).into_response()
}

/// `GET /events/jobs/{id}`: an upload's progress (the page refreshes itself every second,
/// without script, until it is done), then its counts and rejected rows.
pub async fn job_page(State(state): State<Arc<AppState>>, Path(id): Path<u64>) -> Response {
    let Some(job) = crate::write::job(&state, id) else {
        return Problem::not_found(format!("no upload {id} (only the last 100 are kept)")).html();
    };
    let rows = job.rows.load(std::sync::atomic::Ordering::Relaxed);
    let outcome = job.result.lock().ok().and_then(|r| r.clone());
    let s = match outcome {
        None => {
            let body = format!(
                "<p role=\"status\">Reading: <strong>{rows}</strong> records so far. This page refreshes every second.</p>\n"
            );
            let mut html = page("Upload events", "The file is being read into the store.", &[], &body);
            html = html.replacen("<head>\n", "<head>\n<meta http-equiv=\"refresh\" content=\"1\">\n", 1);
            return Html(html).into_response();
        }
        Some(Err(p)) => return p.html(),
        Some(Ok(s)) => s,
    };
    let mut body = format!(
        "<p class=\"summary\" role=\"status\"><span>read <strong id=\"read\">{}</strong></span> = \
         <span>accepted <strong id=\"accepted\">{}</strong></span> + <span>rejected <strong id=\"rejected\">{}</strong></span>; \
         new {}, changed {}, unchanged {}</p>\n",
        s.read, s.accepted, s.rejected, s.new, s.changed, s.unchanged
    );
    if !s.rejects.is_empty() {
        body.push_str("<table>\n<caption>Rejected rows</caption>\n<thead><tr><th scope=\"col\">line</th><th scope=\"col\">reason</th></tr></thead>\n<tbody>");
        for (line, reason) in &s.rejects {
            let _ = write!(
                body,
                "<tr><td class=\"num\">{line}</td><td>{}</td></tr>",
                escape(reason)
            );
        }
        body.push_str("</tbody>\n</table>\n");
    }
    Html(page("Upload events", "The file was read into the store.", &[], &body)).into_response()
}

/// Under a document: the claims added through the workbench, and (signed in) a form to
/// add one.
pub(crate) fn claims_section(
    negotiation: &str,
    d: &truce_model::Document,
    claims: &[truce_store::StoredClaim],
    csrf: Option<&str>,
) -> String {
    let mine: Vec<&truce_store::StoredClaim> = claims
        .iter()
        .filter(|c| d.provisions.iter().any(|p| p.id == c.provision))
        .collect();
    let mut out = String::from("<h2>Claims added in the workbench</h2>\n");
    if mine.is_empty() {
        out.push_str("<p class=\"muted\">None yet.</p>\n");
    } else {
        out.push_str("<ul class=\"provenance\" id=\"added-claims\">");
        for c in mine {
            let _ = write!(
                out,
                "<li><code>{}</code>: {} ({}): <a href=\"{}\" rel=\"noreferrer\">{}</a>, confidence {:.2}{}; added by {}</li>",
                escape(&c.provision),
                escape(&c.publisher),
                escape(&c.date),
                escape(&c.source),
                escape(&c.source),
                c.confidence,
                c.note
                    .as_deref()
                    .map(|n| format!(". {}", escape(n)))
                    .unwrap_or_default(),
                escape(&c.author)
            );
        }
        out.push_str("</ul>\n");
    }
    let Some(csrf) = csrf else {
        out.push_str("<p class=\"muted\"><a href=\"/sign-in\">Sign in</a> to add a provenance claim.</p>\n");
        return out;
    };
    let options: String = d
        .provisions
        .iter()
        .map(|p| {
            format!(
                "<option value=\"{}\">{} {}</option>",
                escape(&p.id),
                escape(&p.number),
                escape(&p.id)
            )
        })
        .collect();
    let _ = write!(
        out,
        "<form method=\"post\" action=\"/negotiations/{n}/documents/{doc}/provenance\">\n\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\n\
         <p><label for=\"claim-provision\">Provision</label> <select id=\"claim-provision\" name=\"provision\">{options}</select></p>\n\
         <p><label for=\"claim-source\">Source address</label> <input id=\"claim-source\" name=\"source\" size=\"60\" required></p>\n\
         <p><label for=\"claim-publisher\">Publisher</label> <input id=\"claim-publisher\" name=\"publisher\" required>\n\
         <label for=\"claim-date\">Published</label> <input id=\"claim-date\" name=\"date\" type=\"date\" required>\n\
         <label for=\"claim-confidence\">Confidence (0 to 1)</label> <input id=\"claim-confidence\" name=\"confidence\" type=\"number\" min=\"0\" max=\"1\" step=\"0.05\" value=\"0.5\" required></p>\n\
         <p><label for=\"claim-note\">Note</label> <input id=\"claim-note\" name=\"note\" size=\"60\" maxlength=\"2000\"></p>\n\
         <p><button type=\"submit\">Add the claim</button></p>\n</form>\n",
        n = escape(negotiation),
        doc = escape(&d.id),
        csrf = escape(csrf),
    );
    out
}

/// The claim form's fields.
#[derive(Deserialize)]
pub struct ClaimForm {
    csrf: Option<String>,
    provision: String,
    source: String,
    publisher: String,
    date: String,
    confidence: f64,
    note: Option<String>,
}

/// `POST /negotiations/{id}/documents/{doc}/provenance` (form)
pub async fn post_claim_form(
    State(state): State<Arc<AppState>>,
    Path((id, doc)): Path<(String, String)>,
    headers: HeaderMap,
    Form(f): Form<ClaimForm>,
) -> Response {
    let run = || -> Result<(), Problem> {
        let token = authorize_form(&state, &headers, f.csrf.as_deref())?;
        crate::write::put_claim(
            &state,
            &id,
            crate::write::ClaimBody {
                provision: f.provision.clone(),
                source: f.source.clone(),
                publisher: f.publisher.clone(),
                date: f.date.clone(),
                confidence: f.confidence,
                note: f.note.clone(),
            },
            &token.name,
        )?;
        Ok(())
    };
    match run() {
        Ok(()) => Redirect::to(&format!(
            "/negotiations/{}/documents/{}#added-claims",
            href(&id),
            href(&doc)
        ))
        .into_response(),
        Err(p) => p.html(),
    }
}
