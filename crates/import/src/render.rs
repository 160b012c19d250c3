//! Writing the skeleton as TOML.
//!
//! The layout (comments, blank lines, key order) is written by hand so the file reads
//! like the examples in docs/format.md; every value goes through the `toml` crate, which
//! does the quoting and escaping.

use crate::numbering::Provision;
use crate::options::{Checked, STAGES, STATUSES};

/// The preamble of the plan, as it goes into `[document]`.
pub(crate) struct Front<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) summary: Option<String>,
}

pub(crate) fn render(options: &Checked<'_>, front: &Front<'_>, provisions: &[Provision]) -> String {
    let mut out = Toml::default();
    out.comment("Document skeleton made by `truce import` from a plain-text plan.");
    out.comment("Fill in every field marked TODO, then code each provision with PA-X `codes`");
    out.comment("and issue `terms` (see docs/format.md). `truce check` rejects the file while");
    out.comment("the placeholder date, stage or status is still in place.");
    out.blank();

    out.raw("[document]");
    out.string("id", options.id);
    match front.title {
        Some(title) => out.string("title", title),
        None => {
            out.comment("TODO: the title of the document");
            out.string("title", "TODO");
        }
    }
    match &options.date {
        Some(date) => out.raw(&format!("date = {}", toml::Value::Datetime(*date))),
        None => {
            out.comment("TODO: the date of the document");
            out.string("date", "YYYY-MM-DD");
        }
    }
    match options.stage {
        Some(stage) => out.string("stage", stage),
        None => {
            out.comment(&format!("TODO: PA-X stage, one of {}", STAGES.join(" | ")));
            out.string("stage", "TODO");
        }
    }
    match options.status {
        Some(status) => out.string("status", status),
        None => {
            out.comment(&format!("TODO: one of {}", STATUSES.join(" | ")));
            out.string("status", "TODO");
        }
    }
    out.comment("authors = [\"...\"]  # optional: party ids");
    if let Some(summary) = &front.summary {
        out.string("summary", summary);
    }

    if let Some(source) = options.source {
        out.blank();
        out.raw("[[provenance]]");
        out.string("source", source);
        out.comment("TODO: who published the source");
        out.string("publisher", "TODO");
        out.comment("TODO: when the source published the text");
        out.string("date", "YYYY-MM-DD");
        out.comment("TODO: how far we trust this claim, from 0.0 to 1.0");
        out.comment("confidence = 0.5");
    }

    for provision in provisions {
        out.blank();
        for heading in &provision.headings {
            out.comment(heading);
        }
        out.raw(&format!("[[provisions]]  # from line {} of the plan", provision.line));
        out.string("id", &provision.id);
        out.string("number", &provision.number);
        out.string("text", &provision.text);
        out.comment("TODO: code this provision: PA-X code = level, issue id = value");
        out.raw("codes = {}");
        out.raw("terms = {}");
    }
    out.text
}

#[derive(Default)]
struct Toml {
    text: String,
}

impl Toml {
    fn raw(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    /// A comment line; characters a comment may not hold become spaces.
    fn comment(&mut self, text: &str) {
        self.text.push_str("# ");
        self.text
            .extend(text.chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }));
        self.text.push('\n');
    }

    fn string(&mut self, key: &str, value: &str) {
        let value = toml::Value::String(value.to_owned());
        self.raw(&format!("{key} = {value}"));
    }
}
