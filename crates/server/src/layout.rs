//! The page layout shared by every page, and errors as pages or JSON.

use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use truce_report::html::{STYLE, escape};

const EXTRA_STYLE: &str = "\
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.25rem .5rem}
nav.site{border-bottom:1px solid #ccc;margin-bottom:1rem;padding-bottom:.5rem}
nav.site a{margin-right:1rem}
form.inline label{margin-right:.5rem}form.inline select,form.inline input,form.inline textarea{margin-right:1rem}
a:focus,select:focus,input:focus,button:focus,textarea:focus{outline:3px solid #1a5fb4;outline-offset:2px}
.status-met,.status-reached{color:#1a7f37}.status-breached{color:#b42318;font-weight:600}
.status-unknown{color:#7a5b00}
@media print{nav.site,form{display:none}}
";

/// Percent-encodes a value for a path or a query (ids are `[a-z0-9_.-]` and pass as
/// they are).
pub(crate) fn href(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The breadcrumb back to a scenario's negotiation page.
pub(crate) fn crumbs(s: &crate::Scenario) -> Vec<(String, String)> {
    vec![(
        format!("/negotiations/{}", href(&s.negotiation.id)),
        s.negotiation.title.clone(),
    )]
}

/// A whole page: navigation, heading, subtitle and body (already escaped HTML).
pub fn page(title: &str, subtitle: &str, crumbs: &[(String, String)], body: &str) -> String {
    let mut nav = String::from(
        "<a href=\"/\">Negotiations</a><a href=\"/precedents\">Precedents</a><a href=\"/events/upload\">Upload events</a><a href=\"/sign-in\">Sign in</a>",
    );
    for (href, label) in crumbs {
        nav.push_str(&format!("<a href=\"{}\">{}</a>", escape(href), escape(label)));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t} · truce</title>\n<style>\n{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n\
         <a class=\"skip\" href=\"#main\">Skip to content</a>\n\
         <nav class=\"site\" aria-label=\"Site\">{nav}</nav>\n\
         <main id=\"main\">\n<h1>{t}</h1>\n<p class=\"muted\">{s}</p>\n{body}</main>\n</body>\n</html>\n",
        t = escape(title),
        s = escape(subtitle),
    )
}

/// A failed request: its status, a stable code and a message.
#[derive(Debug, Clone)]
pub struct Problem {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable kebab-case code.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
}

impl Problem {
    /// A new problem.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            status,
            code,
            message: message.into(),
        }
    }

    /// 404.
    pub fn not_found(what: impl Into<String>) -> Self {
        Problem::new(StatusCode::NOT_FOUND, "not-found", what)
    }

    /// 400.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// As JSON.
    pub fn json(&self) -> Response {
        let body = serde_json::json!({"error": self.code, "message": self.message});
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    }

    /// As a page.
    pub fn html(&self) -> Response {
        let body = format!("<p role=\"alert\">{}</p>\n", escape(&self.message));
        let title = format!(
            "{} {}",
            self.status.as_u16(),
            self.status.canonical_reason().unwrap_or("Error")
        );
        (self.status, Html(page(&title, self.code, &[], &body))).into_response()
    }

    /// As JSON under `/api`, as a page elsewhere.
    pub fn for_path(&self, path: &str) -> Response {
        if path.starts_with("/api/") {
            self.json()
        } else {
            self.html()
        }
    }
}
