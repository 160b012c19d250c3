//! Diagnostics: every problem found in the input, with its place and a hint.

use std::fmt::Write as _;
use std::ops::Range;

use crate::{FileId, SourceMap};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is wrong; `truce check` exits 1.
    Error,
    /// The input is suspicious but usable.
    Warning,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case name for the kind of problem (e.g. `unknown-pax-code`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file it is in, when it is in one.
    pub file: Option<FileId>,
    /// Byte span in that file.
    pub span: Range<usize>,
    /// A short note shown under the caret.
    pub label: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new error at `span` in `file`.
    pub fn error(code: &'static str, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: Some(file),
            span,
            label: None,
            hint: None,
        }
    }

    /// A new warning at `span` in `file`.
    pub fn warning(code: &'static str, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(code, file, span, message)
        }
    }

    /// Adds the note shown under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// `file:line:column` of the start of the span.
    pub fn location(&self, sources: &SourceMap) -> Option<String> {
        let file = sources.get(self.file?);
        let (line, column) = file.line_col(self.span.start);
        Some(format!("{}:{line}:{column}", file.name))
    }

    /// Renders the diagnostic in the manner of rustc: a header, the location, the source
    /// line with a caret under the span, and the hint. Time and output are bounded by the
    /// length of one (truncated) line, whatever the file's size.
    pub fn render(&self, sources: &SourceMap, options: &RenderOptions) -> String {
        let (bold, red, yellow, blue, reset) = if options.color {
            ("\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;34m", "\x1b[0m")
        } else {
            ("", "", "", "", "")
        };
        let sev_color = match self.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{sev_color}{}[{}]{reset}{bold}: {}{reset}",
            self.severity.as_str(),
            self.code,
            self.message
        );
        let Some(file_id) = self.file else {
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "  {blue}={reset} hint: {hint}");
            }
            return out;
        };
        let file = sources.get(file_id);
        let (line, column) = file.line_col(self.span.start);
        let gutter = line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(out, "{pad}{blue}-->{reset} {}:{line}:{column}", file.name);
        let _ = writeln!(out, "{pad} {blue}|{reset}");

        // The excerpt: one line, cut to a window around the caret so that a huge line
        // (a binary file, a minified blob) cannot make the output huge.
        const WINDOW: usize = 100;
        let text: Vec<char> = file.line_text(line).chars().collect();
        let line_range = file.line_range(line);
        let span_end = self
            .span
            .end
            .clamp(self.span.start, line_range.end.max(self.span.start));
        let caret_start = column - 1;
        let caret_len = file
            .text
            .get(self.span.start.min(file.text.len())..span_end.min(file.text.len()))
            .map_or(1, |s| s.chars().count())
            .max(1);
        let first = caret_start.saturating_sub(WINDOW / 2);
        let last = (first + WINDOW).min(text.len());
        let mut shown: String = text[first.min(text.len())..last]
            .iter()
            .map(|&c| if c == '\t' || c.is_control() { ' ' } else { c })
            .collect();
        let mut offset = caret_start - first;
        if first > 0 {
            shown.insert_str(0, "...");
            offset += 3;
        }
        if last < text.len() {
            shown.push_str("...");
        }
        let caret_len = caret_len.min((last.saturating_sub(caret_start)).max(1));
        let _ = writeln!(out, "{blue}{line}{reset} {blue}|{reset} {shown}");
        let label = self.label.as_deref().map(|l| format!(" {l}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad} {blue}|{reset} {}{sev_color}{}{label}{reset}",
            " ".repeat(offset),
            "^".repeat(caret_len)
        );
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "{pad} {blue}={reset} hint: {hint}");
        }
        out
    }
}

/// How to render diagnostics.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Use ANSI colours.
    pub color: bool,
}

/// The number of errors (not warnings) among `diagnostics`.
pub fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
}
