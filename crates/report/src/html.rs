//! The HTML page shell shared by every report: escaping, inline style, print rules.

use std::fmt::Write as _;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Style of every page: readable on screen, black on white in print, high contrast
/// (WCAG AA) colours for deletions and insertions, which are also marked by strike-through
/// and underline so that colour is never the only signal.
/// The style sheet of every HTML page truce writes (no external resources).
pub const STYLE: &str = "\
:root{color-scheme:light;--fg:#111;--muted:#555;--line:#ccc;--del:#8b0000;--delbg:#fde8e8;--ins:#0b5d1e;--insbg:#e6f4ea}
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);margin:2rem auto;max-width:78rem;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
.muted{color:var(--muted)}table{border-collapse:collapse;width:100%}
th,td{border-top:1px solid var(--line);padding:.4rem .5rem;vertical-align:top;text-align:left}
th{font-weight:600}td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
del{color:var(--del);background:var(--delbg);text-decoration:line-through}
ins{color:var(--ins);background:var(--insbg);text-decoration:underline}
.kind{font-weight:600;white-space:nowrap}.terms{margin:.25rem 0 0;padding-left:1.1rem}
.summary span{display:inline-block;margin-right:1rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}tr{break-inside:avoid}a{color:inherit}}
";

/// A page's parts, for callers that lay pages out themselves (the web workbench).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The heading (and the document title).
    pub title: String,
    /// One line under the heading.
    pub subtitle: String,
    /// The HTML body, escaped.
    pub body: String,
}

impl Page {
    /// The whole self-contained page.
    pub fn render(&self) -> String {
        page(&self.title, &self.subtitle, &self.body)
    }
}

/// A whole page: `title` in the head and as the heading, then `body`.
pub fn page(title: &str, subtitle: &str, body: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"truce\">\n<title>{t}</title>\n<style>\n{STYLE}</style>\n</head>\n\
         <body>\n<main>\n<h1>{t}</h1>\n<p class=\"muted\">{s}</p>\n{body}</main>\n</body>\n</html>\n",
        t = escape(title),
        s = escape(subtitle),
    );
    out
}
