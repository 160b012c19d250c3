//! Reading a spanned TOML tree field by field, recording every problem instead of
//! stopping at the first.
//!
//! This is the reader behind the scenario loader, made public so that other crates
//! reading their own hand-written TOML files (a party's positions file, for instance)
//! report mistakes in exactly the same form: a [`Diagnostic`] with a code, a byte
//! span in a [`SourceFile`], a message and a hint.
//!
//! A file is parsed with [`toml::de::DeTable::parse_recoverable`]; each table is then
//! wrapped in [`Fields`], whose methods take the keys one by one and push a diagnostic
//! into a [`Sink`] for every missing key, wrong type or bad value. [`Fields::finish`]
//! reports the keys nobody asked for. The free functions ([`string`], [`id`],
//! [`integer`], [`number`], [`date`], [`choice`], ...) read single values.
//!
//! ```
//! use toml::de::DeTable;
//! use truce_model::toml_fields::{Fields, Sink};
//! use truce_model::{SourceFile, SourceMap};
//!
//! let mut sources = SourceMap::default();
//! let file = sources.add(SourceFile::new("party.toml", "name = 3\ncolour = \"red\"\n"));
//! let source = sources.get(file);
//! let mut diagnostics = Vec::new();
//! let mut sink = Sink { file, source, diagnostics: &mut diagnostics };
//! let root = DeTable::parse(&source.text).unwrap();
//! let fields = Fields::new(root.get_ref(), 0..source.text.len(), "the file");
//! assert_eq!(fields.req_string(&mut sink, "name"), None);
//! fields.finish(&mut sink, &["name"]);
//! let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
//! assert_eq!(codes, ["wrong-type", "unknown-key"]);
//! ```

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::{Date, Diagnostic, FileId, SourceFile, is_valid_id};

/// A spanned TOML value.
pub type Value<'a> = Spanned<DeValue<'a>>;

/// Where diagnostics of one file go.
pub struct Sink<'d> {
    /// The file being read.
    pub file: FileId,
    /// Its text, for readers that need line numbers.
    pub source: &'d SourceFile,
    /// Where every diagnostic is pushed.
    pub diagnostics: &'d mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Records an error and returns it, so that a hint or label can be added.
    pub fn error(&mut self, code: &'static str, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::error(code, self.file, span, message))
    }

    /// Records a warning and returns it, so that a hint or label can be added.
    pub fn warning(&mut self, code: &'static str, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Diagnostic::warning(code, self.file, span, message))
    }

    fn push(&mut self, d: Diagnostic) -> &mut Diagnostic {
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }
}

/// Sets the hint of a diagnostic just recorded.
pub trait Hint {
    /// Sets the hint.
    fn hint(&mut self, hint: impl Into<String>) -> &mut Self;
    /// Sets the hint when there is one; keeps the current one otherwise.
    fn hint_opt(&mut self, hint: Option<String>) -> &mut Self;
    /// Sets the label shown under the span.
    fn label(&mut self, label: impl Into<String>) -> &mut Self;
}

impl Hint for Diagnostic {
    fn hint(&mut self, hint: impl Into<String>) -> &mut Self {
        self.hint = Some(hint.into());
        self
    }
    fn hint_opt(&mut self, hint: Option<String>) -> &mut Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
    fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(label.into());
        self
    }
}

/// "did you mean `x`?" for the closest of `candidates`, when one is close enough.
pub fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// The kind of a TOML value, as named in messages.
pub fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date/time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// One TOML table being read: the fields taken so far are remembered so that the rest
/// can be reported as unknown.
pub struct Fields<'t, 'a> {
    table: &'t DeTable<'a>,
    /// The document named in the hint of a missing key.
    docs: &'static str,
    /// The label under an unknown key, if any.
    unknown_key_label: Option<&'static str>,
    /// Span of the table (its header, or the whole inline table).
    pub span: Range<usize>,
    /// How the table is named in messages, e.g. "[document]" or "provision `us28-06`".
    pub what: String,
}

impl<'t, 'a> Fields<'t, 'a> {
    /// Starts reading `table`, found at `span` and named `what` in messages.
    pub fn new(table: &'t DeTable<'a>, span: Range<usize>, what: impl Into<String>) -> Self {
        Fields {
            table,
            docs: "docs/format.md",
            unknown_key_label: Some("not expected here"),
            span,
            what: what.into(),
        }
    }

    /// Names `docs` (a path such as `docs/format.md`, the default) in the hint of a
    /// missing key.
    pub fn docs(mut self, docs: &'static str) -> Self {
        self.docs = docs;
        self
    }

    /// Sets the label under an unknown key (by default "not expected here"); `None`
    /// shows none.
    pub fn unknown_key_label(mut self, label: Option<&'static str>) -> Self {
        self.unknown_key_label = label;
        self
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'t Value<'a>> {
        self.table.get(key)
    }

    /// Reports every key not in `allowed`.
    pub fn finish(&self, sink: &mut Sink<'_>, allowed: &[&str]) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if !allowed.contains(&name) {
                let d = sink.error(
                    "unknown-key",
                    key.span(),
                    format!("unknown key `{name}` in {}", self.what),
                );
                if let Some(label) = self.unknown_key_label {
                    d.label(label);
                }
                d.hint(
                    suggest(name, allowed.iter().copied())
                        .unwrap_or_else(|| format!("expected one of: {}", allowed.join(", "))),
                );
            }
        }
    }

    /// The value of a required key; a missing key is reported at the table's span.
    pub fn required(&self, sink: &mut Sink<'_>, key: &str) -> Option<&'t Value<'a>> {
        let v = self.get(key);
        if v.is_none() {
            sink.error(
                "missing-key",
                self.span.clone(),
                format!("missing required key `{key}` in {}", self.what),
            )
            .hint(format!("add `{key} = ...`; see {}", self.docs));
        }
        v
    }

    /// A required string.
    pub fn req_string(&self, sink: &mut Sink<'_>, key: &str) -> Option<(String, Range<usize>)> {
        let v = self.required(sink, key)?;
        string(sink, v, key).map(|s| (s, v.span()))
    }

    /// An optional string.
    pub fn opt_string(&self, sink: &mut Sink<'_>, key: &str) -> Option<String> {
        string(sink, self.get(key)?, key)
    }

    /// A required identifier.
    pub fn req_id(&self, sink: &mut Sink<'_>, key: &str) -> Option<(String, Range<usize>)> {
        let v = self.required(sink, key)?;
        id(sink, v, key).map(|s| (s, v.span()))
    }

    /// An optional integer.
    pub fn opt_int(&self, sink: &mut Sink<'_>, key: &str) -> Option<i64> {
        integer(sink, self.get(key)?, key)
    }

    /// A required date.
    pub fn req_date(&self, sink: &mut Sink<'_>, key: &str) -> Option<Date> {
        let v = self.required(sink, key)?;
        date(sink, v, key)
    }

    /// An optional array of identifiers, each with its span.
    pub fn opt_ids(&self, sink: &mut Sink<'_>, key: &str) -> Vec<(String, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let Some(items) = array(sink, v, key) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| id(sink, item, key).map(|s| (s, item.span())))
            .collect()
    }

    /// An optional array of tables, each with its span.
    pub fn opt_tables(&self, sink: &mut Sink<'_>, key: &str) -> Vec<(&'t DeTable<'a>, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let Some(items) = array(sink, v, key) else {
            return Vec::new();
        };
        table_items(sink, items, key)
    }

    /// An optional table.
    pub fn opt_table(&self, sink: &mut Sink<'_>, key: &str) -> Option<(&'t DeTable<'a>, Range<usize>)> {
        table(
            sink,
            self.get(key)?,
            key,
            &format!("write `{key} = {{ name = value, ... }}`"),
        )
    }
}

/// The items of the array `key` that are tables, each with its span; every other item
/// is reported.
pub fn table_items<'t, 'a>(
    sink: &mut Sink<'_>,
    items: &'t [Value<'a>],
    key: &str,
) -> Vec<(&'t DeTable<'a>, Range<usize>)> {
    items
        .iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::Table(t) => Some((t, item.span())),
            other => {
                sink.error(
                    "wrong-type",
                    item.span(),
                    format!("expected a table in `{key}`, found {}", type_name(other)),
                )
                .hint(format!("write `[[{key}]]` sections or inline tables `{{ ... }}`"));
                None
            }
        })
        .collect()
}

/// A table value, with its span; any other value is reported with `hint`.
pub fn table<'t, 'a>(
    sink: &mut Sink<'_>,
    v: &'t Value<'a>,
    key: &str,
    hint: &str,
) -> Option<(&'t DeTable<'a>, Range<usize>)> {
    match v.get_ref() {
        DeValue::Table(t) => Some((t, v.span())),
        other => {
            sink.error(
                "wrong-type",
                v.span(),
                format!("expected a table for `{key}`, found {}", type_name(other)),
            )
            .hint(hint);
            None
        }
    }
}

/// A string value.
pub fn string(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        other => {
            sink.error(
                "wrong-type",
                v.span(),
                format!("expected a string for `{key}`, found {}", type_name(other)),
            )
            .hint("quote the value: \"...\"");
            None
        }
    }
}

/// An identifier value.
pub fn id(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<String> {
    let s = string(sink, v, key)?;
    if is_valid_id(&s) {
        Some(s)
    } else {
        let fixed: String = s
            .to_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        let fixed: String = fixed
            .trim_start_matches(['-', '_', '.'])
            .chars()
            .take(crate::ID_MAX_LEN)
            .collect();
        let example = if is_valid_id(&fixed) {
            format!(", e.g. `{fixed}`")
        } else {
            String::new()
        };
        sink.error(
            "bad-id",
            v.span(),
            format!("`{s}` is not a valid identifier for `{key}`"),
        )
        .label("lower-case letters, digits, `_`, `-`, `.`; at most 64 bytes")
        .hint(format!("identifiers match [a-z0-9][a-z0-9_.-]* (ASCII only){example}"));
        None
    }
}

/// An array value.
pub fn array<'t, 'a>(sink: &mut Sink<'_>, v: &'t Value<'a>, key: &str) -> Option<&'t [Value<'a>]> {
    match v.get_ref() {
        DeValue::Array(a) => Some(a),
        other => {
            sink.error(
                "wrong-type",
                v.span(),
                format!("expected an array for `{key}`, found {}", type_name(other)),
            )
            .hint(format!("write `{key} = [ ... ]`"));
            None
        }
    }
}

/// An integer value that fits in 64 bits.
pub fn integer(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<i64> {
    integer_hinted(
        sink,
        v,
        key,
        Some("values must lie between -9223372036854775808 and 9223372036854775807"),
        "write a whole number without quotes, e.g. 600000 or 600_000",
    )
}

/// An integer value that fits in 64 bits, with the caller's hints: `range_hint` for a
/// value too large, `type_hint` for a value that is not an integer.
pub fn integer_hinted(
    sink: &mut Sink<'_>,
    v: &Value<'_>,
    key: &str,
    range_hint: Option<&str>,
    type_hint: &str,
) -> Option<i64> {
    match v.get_ref() {
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some(n),
            Err(_) => {
                let d = sink.error(
                    "out-of-range",
                    v.span(),
                    format!("integer for `{key}` does not fit in 64 bits"),
                );
                if let Some(hint) = range_hint {
                    d.hint(hint);
                }
                None
            }
        },
        other => {
            sink.error(
                "wrong-type",
                v.span(),
                format!("expected an integer for `{key}`, found {}", type_name(other)),
            )
            .hint(type_hint);
            None
        }
    }
}

/// A number (integer or float). A float that does not parse is reported; infinities
/// and NaN are returned as they are.
pub fn number(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<f64> {
    let n = match v.get_ref() {
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        // Integers beyond 64 bits are not numbers we can use either.
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
        other => {
            sink.error(
                "wrong-type",
                v.span(),
                format!("expected a number for `{key}`, found {}", type_name(other)),
            )
            .hint("write a number without quotes, e.g. 0.8");
            return None;
        }
    };
    match n {
        Some(n) if n.is_finite() => Some(n),
        _ => {
            sink.error("wrong-type", v.span(), format!("`{key}` is not a finite number"))
                .hint("write an ordinary number, e.g. 0.8 (not inf, nan, or a value beyond 64 bits)");
            None
        }
    }
}

/// A calendar date, written as a TOML local date or a "YYYY-MM-DD" string.
pub fn date(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<Date> {
    let hint = "write a real calendar date as YYYY-MM-DD, e.g. 2025-11-20";
    match v.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => match Date::new(d.year as i16, d.month as i8, d.day as i8) {
                Ok(date) => Some(date),
                Err(_) => {
                    sink.error("bad-date", v.span(), format!("`{key}` is not a real calendar date"))
                        .hint(hint);
                    None
                }
            },
            _ => {
                sink.error(
                    "bad-date",
                    v.span(),
                    format!("`{key}` must be a date without a time of day"),
                )
                .hint(hint);
                None
            }
        },
        DeValue::String(s) => match parse_date(s) {
            Some(d) => Some(d),
            None => {
                sink.error("bad-date", v.span(), format!("`{s}` is not a date (for `{key}`)"))
                    .hint(hint);
                None
            }
        },
        other => {
            sink.error(
                "wrong-type",
                v.span(),
                format!("expected a date for `{key}`, found {}", type_name(other)),
            )
            .hint(hint);
            None
        }
    }
}

/// Parses exactly `YYYY-MM-DD` into a real calendar date.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: Range<usize>| -> Option<i32> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Date::new(i16::try_from(y).ok()?, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// The one of `choices` that `v` names; reports the choices otherwise.
pub fn choice<T: Copy>(sink: &mut Sink<'_>, v: &Value<'_>, key: &str, choices: &[(&'static str, T)]) -> Option<T> {
    let s = string(sink, v, key)?;
    if let Some((_, t)) = choices.iter().find(|(name, _)| *name == s) {
        return Some(*t);
    }
    let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
    sink.error("unknown-value", v.span(), format!("`{s}` is not a valid `{key}`"))
        .label(format!("expected one of: {}", names.join(", ")))
        .hint_opt(suggest(&s, names.iter().copied()));
    None
}

/// Byte offset of a string value's content within its TOML span, when the content is
/// written literally (no escapes); rule errors then point inside the expression.
pub fn content_offset(text: &str, span: &Range<usize>, content: &str) -> Option<usize> {
    let raw = text.get(span.clone())?;
    let mut off = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    if off == 3 {
        if raw[off..].starts_with("\r\n") {
            off += 2;
        } else if raw[off..].starts_with('\n') {
            off += 1;
        }
    }
    (raw.get(off..off + content.len())? == content).then_some(span.start + off)
}

pub use crate::load::document_file::provenance_list;

/// Reads every `*.toml` file directly in `dir`, in name order, for loaders of a
/// scenario's optional directories (positions, implementation plans). Files larger than
/// `max_bytes`, not UTF-8 or unreadable are added to `sources` with an error diagnostic
/// instead; `what` names such a file in the hint ("a positions file"). A missing
/// directory gives nothing and no diagnostic.
pub fn read_toml_dir(
    dir: &std::path::Path,
    max_bytes: u64,
    what: &str,
    sources: &mut crate::SourceMap,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    use crate::SourceFile;
    let mut files = Vec::new();
    let mut io = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (files, io);
    };
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    paths.sort();
    for p in paths {
        let name = p.display().to_string();
        if std::fs::metadata(&p).is_ok_and(|m| m.len() > max_bytes) {
            let id = sources.add(SourceFile::new(&name, ""));
            io.push(
                Diagnostic::error(
                    "file-too-large",
                    id,
                    0..0,
                    format!("{name} is larger than {}", size(max_bytes)),
                )
                .with_hint(format!("{what} is a short hand-written TOML file")),
            );
            continue;
        }
        match std::fs::read(&p) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => files.push((name, text)),
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                    let id = sources.add(SourceFile::new(&name, text));
                    io.push(
                        Diagnostic::error("not-utf8", id, at..at + 1, "the file is not valid UTF-8")
                            .with_hint("save the file as UTF-8"),
                    );
                }
            },
            Err(e) => {
                let id = sources.add(SourceFile::new(&name, ""));
                io.push(Diagnostic::error("io", id, 0..0, format!("cannot read {name}: {e}")));
            }
        }
    }
    (files, io)
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// At most this many TOML syntax errors are reported per file (a binary file would
/// otherwise yield one per byte); the rest are counted.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Parses TOML, turning syntax errors into diagnostics and keeping what was readable.
pub fn parse<'a>(sink: &mut Sink<'a>) -> toml::Spanned<DeTable<'a>> {
    let (root, errors) = DeTable::parse_recoverable(&sink.source.text);
    let total = errors.len();
    for e in errors.into_iter().take(MAX_SYNTAX_ERRORS) {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_owned();
        let first_line = message.lines().next().unwrap_or("invalid TOML").to_owned();
        if first_line.contains("date") || first_line.contains("time") {
            sink.error("bad-date", span, first_line)
                .hint("write a real calendar date as YYYY-MM-DD, e.g. 2025-11-20");
        } else {
            sink.error("syntax", span, format!("TOML syntax: {first_line}")).hint(
                "see https://toml.io for the syntax; strings need quotes, tables [name], arrays of tables [[name]]",
            );
        }
    }
    if total > MAX_SYNTAX_ERRORS {
        let end = sink.source.text.len();
        sink.error(
            "syntax",
            end..end,
            format!("{} more TOML syntax errors not shown", total - MAX_SYNTAX_ERRORS),
        )
        .hint("is this a TOML file at all?");
    }
    root
}
