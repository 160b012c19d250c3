//! Reading positions files: one TOML file per party, lowered field by field so that
//! every problem is reported with its place (file, byte span) and a hint, in the same
//! form as the agreement model's diagnostics.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use truce_model::toml_fields::{
    self, Fields, Hint, Sink, Value, date, integer_hinted, string, suggest, table_items, type_name,
};
use truce_model::{Diagnostic, FileId, Issue, IssueKind, Negotiation, Provenance, SourceFile, SourceMap};

use crate::cel::Cel;
use crate::position::{IssueUtility, PartyPosition, Positions, Preferences, RangeUtility, RedLine, date_value};
use crate::rule::{RuleLanguage, Truth};
use crate::zopa::Zone;

/// Largest positions file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

const TOP_KEYS: &[&str] = &["position", "provenance", "red_lines", "preferences"];
const POSITION_KEYS: &[&str] = &["party", "summary"];
const PROVENANCE_KEYS: &[&str] = &["source", "publisher", "date", "confidence", "note"];
const RED_LINE_KEYS: &[&str] = &["id", "text", "rule", "provenance"];
const PREFERENCE_KEYS: &[&str] = &["reservation", "weights", "utilities", "provenance"];
const RANGE_KEYS: &[&str] = &["min", "max", "utility"];

/// The result of reading positions: what could be read, and every problem.
#[derive(Debug, Default)]
pub struct LoadedPositions {
    /// The positions (only the valid parts; use for analysis only without errors).
    pub positions: Positions,
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedPositions {
    /// Number of errors.
    pub fn error_count(&self) -> usize {
        truce_model::count_errors(&self.diagnostics)
    }
}

/// Reads every `*.toml` file of `dir` (in name order) as a positions file of
/// `negotiation`, adding the files to `sources` so that diagnostics render with the
/// scenario's other files. A missing directory gives no positions and no diagnostic.
pub fn load_positions(dir: &Path, negotiation: &Negotiation, sources: &mut SourceMap) -> LoadedPositions {
    let (files, io) = toml_fields::read_toml_dir(dir, MAX_FILE_BYTES, "a positions file", sources);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let mut loaded = load_position_sources(negotiation, sources, &refs);
    loaded.diagnostics.extend(io);
    loaded.diagnostics.sort_by_key(|d| (d.file, d.span.start));
    loaded
}

/// Reads positions files given as (name, text) pairs, with rules in CEL.
pub fn load_position_sources(
    negotiation: &Negotiation,
    sources: &mut SourceMap,
    files: &[(&str, &str)],
) -> LoadedPositions {
    load_position_sources_with(&Cel::default(), negotiation, sources, files)
}

/// Reads positions files with rules in the given language.
pub fn load_position_sources_with(
    language: &dyn RuleLanguage,
    negotiation: &Negotiation,
    sources: &mut SourceMap,
    files: &[(&str, &str)],
) -> LoadedPositions {
    let mut out = LoadedPositions::default();
    let mut seen: BTreeMap<String, FileId> = BTreeMap::new();
    let mut parsed = Vec::new();
    for (name, text) in files {
        let file = sources.add(SourceFile::new(*name, *text));
        let source = sources.get(file);
        let mut sink = Sink {
            file,
            source,
            diagnostics: &mut out.diagnostics,
        };
        if let Some(position) = lower_file(language, negotiation, &source.text, &mut sink) {
            if let Some(first) = seen.get(&position.0.party) {
                let first_name = sources.get(*first).name.clone();
                out.diagnostics.push(
                    Diagnostic::error(
                        "duplicate-party",
                        file,
                        position.1.clone(),
                        format!(
                            "party `{}` already has a positions file ({first_name})",
                            position.0.party
                        ),
                    )
                    .with_hint("keep one file per party"),
                );
                continue;
            }
            seen.insert(position.0.party.clone(), file);
            let mut p = position.0;
            p.file = Some(file);
            parsed.push(p);
        }
    }
    // Party order of the negotiation.
    parsed.sort_by_key(|p| {
        negotiation
            .parties
            .iter()
            .position(|q| q.id == p.party)
            .unwrap_or(usize::MAX)
    });
    // A party whose own red lines cannot all hold is an error in its file.
    for p in &parsed {
        let Some(file) = p.file else { continue };
        if p.red_lines.is_empty() {
            continue;
        }
        let alone = Positions {
            parties: vec![PartyPosition {
                preferences: None,
                ..p.clone()
            }],
        };
        let Ok(zone) = Zone::new(negotiation, &alone) else {
            continue;
        };
        if let Ok(Some(set)) = zone.minimal_conflict_set(None)
            && set.len() > 1
        {
            let names: Vec<String> = set.iter().map(|r| format!("`{}`", r.id)).collect();
            let first = p.red_lines.iter().find(|r| set.iter().any(|s| s.id == r.id));
            let span = first.map_or(0..0, |r| r.rule_span.clone());
            out.diagnostics.push(
                Diagnostic::error(
                    "contradictory-red-lines",
                    file,
                    span,
                    format!(
                        "the red lines {} of `{}` can never hold together",
                        names.join(", "),
                        p.party
                    ),
                )
                .with_hint("a party's own red lines must leave some package; fix or drop one of them"),
            );
        }
    }
    out.positions.parties = parsed;
    out.diagnostics.sort_by_key(|d| (d.file, d.span.start));
    out
}

/// A table of a positions file: missing keys point at `docs/positions.md`, and unknown
/// keys carry no label.
fn fields<'t, 'a>(table: &'t DeTable<'a>, span: Range<usize>, what: impl Into<String>) -> Fields<'t, 'a> {
    Fields::new(table, span, what)
        .docs("docs/positions.md")
        .unknown_key_label(None)
}

/// The positions file's wording for arrays of tables and tables.
trait PositionFields<'t, 'a> {
    /// An optional array of tables, each with its span.
    fn tables(&self, sink: &mut Sink<'_>, key: &str) -> Vec<(&'t DeTable<'a>, Range<usize>)>;
    /// An optional table.
    fn table(&self, sink: &mut Sink<'_>, key: &str) -> Option<(&'t DeTable<'a>, Range<usize>)>;
}

impl<'t, 'a> PositionFields<'t, 'a> for Fields<'t, 'a> {
    fn tables(&self, sink: &mut Sink<'_>, key: &str) -> Vec<(&'t DeTable<'a>, Range<usize>)> {
        let Some(v) = self.get(key) else { return Vec::new() };
        let DeValue::Array(items) = v.get_ref() else {
            sink.error(
                "wrong-type",
                v.span(),
                format!(
                    "expected an array of tables for `{key}`, found {}",
                    type_name(v.get_ref())
                ),
            )
            .hint(format!("write `[[{key}]]` sections"));
            return Vec::new();
        };
        table_items(sink, items, key)
    }

    fn table(&self, sink: &mut Sink<'_>, key: &str) -> Option<(&'t DeTable<'a>, Range<usize>)> {
        toml_fields::table(
            sink,
            self.get(key)?,
            key,
            &format!("write `[{key}]` or `{key} = {{ ... }}`"),
        )
    }
}

fn id(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<String> {
    let s = string(sink, v, key)?;
    if truce_model::is_valid_id(&s) {
        Some(s)
    } else {
        sink.error(
            "bad-id",
            v.span(),
            format!("`{s}` is not a valid identifier for `{key}`"),
        )
        .hint("identifiers match [a-z0-9][a-z0-9_.-]*, at most 64 bytes");
        None
    }
}

fn integer(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<i64> {
    integer_hinted(sink, v, key, None, "write a whole number without quotes")
}

/// A finite number. Unlike the shared reader, an infinity, a NaN or an integer beyond
/// 64 bits is reported too.
fn number(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<f64> {
    toml_fields::number(sink, v, key)
}

/// A score 0..=100.
fn score(sink: &mut Sink<'_>, v: &Value<'_>, key: &str) -> Option<u32> {
    let n = integer(sink, v, key)?;
    match u32::try_from(n) {
        Ok(s) if s <= 100 => Some(s),
        _ => {
            sink.error(
                "out-of-range",
                v.span(),
                format!("score {n} for `{key}` is outside 0..=100"),
            )
            .hint("score every value from 0 (worst) to 100 (best)");
            None
        }
    }
}

fn read_provenance(sink: &mut Sink<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Provenance> {
    let f = fields(t, span, "a provenance claim");
    f.finish(sink, PROVENANCE_KEYS);
    let source = f.req_string(sink, "source");
    let publisher = f.req_string(sink, "publisher");
    let date = f.required(sink, "date").and_then(|v| date(sink, v, "date"));
    let confidence = f.required(sink, "confidence").and_then(|v| {
        let c = number(sink, v, "confidence")?;
        if (0.0..=1.0).contains(&c) {
            Some(c)
        } else {
            sink.error("out-of-range", v.span(), format!("confidence {c} is outside 0.0..=1.0"))
                .hint("0.0 means no trust, 1.0 certainty");
            None
        }
    });
    let note = f.opt_string(sink, "note");
    Some(Provenance {
        source: source?.0,
        publisher: publisher?.0,
        date: date?,
        confidence: confidence?,
        note,
    })
}

fn lower_file(
    language: &dyn RuleLanguage,
    negotiation: &Negotiation,
    text: &str,
    sink: &mut Sink<'_>,
) -> Option<(PartyPosition, Range<usize>)> {
    let root = toml_fields::parse(sink);
    let root_span = 0..text.len();
    let top = fields(root.get_ref(), root_span, "the positions file");
    top.finish(sink, TOP_KEYS);

    let (party, party_span, summary) = match top.table(sink, "position") {
        Some((t, span)) => {
            let f = fields(t, span.clone(), "[position]");
            f.finish(sink, POSITION_KEYS);
            let summary = f.opt_string(sink, "summary");
            let party = f.required(sink, "party").and_then(|v| {
                let p = id(sink, v, "party")?;
                if negotiation.party(&p).is_some() {
                    Some((p, v.span()))
                } else {
                    sink.error(
                        "unknown-party",
                        v.span(),
                        format!("`{p}` is not a party of `{}`", negotiation.id),
                    )
                    .hint_opt(
                        suggest(&p, negotiation.parties.iter().map(|q| q.id.as_str())).or_else(|| {
                            Some(format!(
                                "parties: {}",
                                negotiation
                                    .parties
                                    .iter()
                                    .map(|q| q.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ))
                        }),
                    );
                    None
                }
            });
            match party {
                Some((p, s)) => (Some(p), s, summary),
                None => (None, span, summary),
            }
        }
        None => {
            if top.get("position").is_none() {
                sink.error("missing-key", 0..0, "missing the [position] table")
                    .hint("start the file with [position] and `party = \"<party id>\"`");
            }
            (None, 0..0, None)
        }
    };

    let claims = top.tables(sink, "provenance");
    if claims.is_empty() && top.get("provenance").is_none() {
        sink.error(
            "missing-provenance",
            party_span.clone(),
            "the position has no provenance",
        )
        .hint("add a [[provenance]] claim: source, publisher, date, confidence");
    }
    let provenance: Vec<Provenance> = claims
        .into_iter()
        .filter_map(|(t, span)| read_provenance(sink, t, span))
        .collect();

    let issues = &negotiation.issues;
    let mut red_lines = Vec::new();
    let mut ids: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (t, span) in top.tables(sink, "red_lines") {
        let f = fields(t, span.clone(), "a red line");
        f.finish(sink, RED_LINE_KEYS);
        let rid = f
            .required(sink, "id")
            .and_then(|v| id(sink, v, "id").map(|s| (s, v.span())));
        let text_field = f.req_string(sink, "text");
        if let Some((t, s)) = &text_field
            && t.trim().is_empty()
        {
            sink.warning("empty-text", s.clone(), "the red line has no text")
                .hint("say what it means in plain words");
        }
        let claims: Vec<Provenance> = f
            .tables(sink, "provenance")
            .into_iter()
            .filter_map(|(t, span)| read_provenance(sink, t, span))
            .collect();
        let rule_value = f.required(sink, "rule");
        let rule = rule_value.and_then(|v| {
            let src = string(sink, v, "rule")?;
            let base = toml_fields::content_offset(text, &v.span(), &src);
            let to_file = |r: &Range<usize>| match base {
                Some(b) => b + r.start..b + r.end.max(r.start + 1),
                None => v.span(),
            };
            match language.compile(&src, issues) {
                Ok(rule) => {
                    let rule_span = base.map_or(v.span(), |b| b..b + src.len());
                    match crate::assess::decide(&rule, issues, &BTreeMap::new()) {
                        Truth::Broken => {
                            sink.error(
                                "rule-never-holds",
                                rule_span.clone(),
                                "this rule can never hold: no package meets it",
                            )
                            .hint("the conditions contradict each other; check the comparisons");
                            None
                        }
                        Truth::Holds => {
                            sink.warning(
                                "rule-always-holds",
                                rule_span.clone(),
                                "this rule holds for every package",
                            )
                            .hint("a red line that nothing can break constrains nothing; check the comparisons");
                            Some((rule, rule_span))
                        }
                        Truth::Unknown => Some((rule, rule_span)),
                    }
                }
                Err(e) => {
                    let d = sink.error(
                        e.code,
                        to_file(&e.span),
                        format!("in rule ({}): {}", language.name(), e.message),
                    );
                    d.hint_opt(e.hint.clone());
                    None
                }
            }
        });
        let Some((rid, id_span)) = rid else { continue };
        if let Some(first) = ids.get(&rid) {
            sink.error(
                "duplicate-id",
                id_span,
                format!("red line `{rid}` is defined twice in this file"),
            )
            .hint(format!(
                "first defined at byte {}; give each red line its own id",
                first.start
            ));
            continue;
        }
        ids.insert(rid.clone(), id_span);
        if let (Some((text, _)), Some((rule, rule_span))) = (text_field, rule) {
            red_lines.push(RedLine {
                id: rid,
                text,
                rule,
                provenance: claims,
                rule_span,
            });
        }
    }

    let preferences = top
        .table(sink, "preferences")
        .and_then(|(t, span)| lower_preferences(sink, issues, t, span));

    let party = party?;
    Some((
        PartyPosition {
            party,
            summary,
            provenance,
            red_lines,
            preferences,
            file: None,
        },
        party_span,
    ))
}

fn lower_preferences(
    sink: &mut Sink<'_>,
    issues: &[Issue],
    t: &DeTable<'_>,
    span: Range<usize>,
) -> Option<Preferences> {
    let f = fields(t, span.clone(), "[preferences]");
    f.finish(sink, PREFERENCE_KEYS);
    let mut ok = true;
    let reservation = match f.get("reservation") {
        None => 0.0,
        Some(v) => match number(sink, v, "reservation") {
            Some(r) if (0.0..=100.0).contains(&r) => r,
            Some(r) => {
                sink.error(
                    "out-of-range",
                    v.span(),
                    format!("reservation value {r} is outside 0..=100"),
                )
                .hint("the reservation value is a utility, from 0 to 100");
                ok = false;
                0.0
            }
            None => {
                ok = false;
                0.0
            }
        },
    };
    let provenance: Vec<Provenance> = f
        .tables(sink, "provenance")
        .into_iter()
        .filter_map(|(t, span)| read_provenance(sink, t, span))
        .collect();
    let find = |name: &str| issues.iter().find(|i| i.id == name);
    let unknown_issue = |sink: &mut Sink<'_>, name: &str, span: Range<usize>| {
        sink.error("unknown-issue", span, format!("unknown issue `{name}`"))
            .hint_opt(suggest(name, issues.iter().map(|i| i.id.as_str())).or_else(|| {
                Some(format!(
                    "issues: {}",
                    issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ")
                ))
            }));
    };

    let mut weights = BTreeMap::new();
    let weights_span = match f.table(sink, "weights") {
        Some((wt, wspan)) => {
            let mut total: u64 = 0;
            for (key, v) in wt.iter() {
                let name: &str = key.get_ref();
                if find(name).is_none() {
                    unknown_issue(sink, name, key.span());
                    ok = false;
                    continue;
                }
                match integer(sink, v, name) {
                    Some(w) if (0..=100).contains(&w) => {
                        total += w as u64;
                        weights.insert(name.to_owned(), w as u32);
                    }
                    Some(w) => {
                        sink.error(
                            "out-of-range",
                            v.span(),
                            format!("weight {w} for `{name}` is outside 0..=100"),
                        );
                        ok = false;
                    }
                    None => ok = false,
                }
            }
            if ok && total != 100 {
                sink.error(
                    "weights-sum",
                    wspan.clone(),
                    format!("the weights add up to {total}, not 100"),
                )
                .hint("spread exactly 100 points across the issues the party cares about");
                ok = false;
            }
            wspan
        }
        None => {
            sink.error("missing-key", span.clone(), "missing `weights` in [preferences]")
                .hint("add [preferences.weights] with issue = points, summing to 100");
            return None;
        }
    };

    let mut utilities = BTreeMap::new();
    if let Some((ut, _)) = f.table(sink, "utilities") {
        for (key, v) in ut.iter() {
            let name: &str = key.get_ref();
            let Some(issue) = find(name) else {
                unknown_issue(sink, name, key.span());
                ok = false;
                continue;
            };
            if weights.get(name).is_none_or(|&w| w == 0) {
                sink.warning(
                    "unweighted-scores",
                    key.span(),
                    format!("`{name}` is scored but has no weight"),
                )
                .hint("its scores count for nothing; give it a weight or drop them");
            }
            match lower_utility(sink, issue, v) {
                Some(u) => {
                    utilities.insert(name.to_owned(), u);
                }
                None => ok = false,
            }
        }
    }
    for (name, &w) in &weights {
        if w > 0 && !utilities.contains_key(name) {
            sink.error(
                "missing-scores",
                weights_span.clone(),
                format!("`{name}` has weight {w} but no scores"),
            )
            .hint(format!("add `{name} = ...` under [preferences.utilities]"));
            ok = false;
        }
    }
    ok.then_some(Preferences {
        weights,
        utilities,
        reservation,
        provenance,
    })
}

fn lower_utility(sink: &mut Sink<'_>, issue: &Issue, v: &Value<'_>) -> Option<IssueUtility> {
    let name = issue.id.as_str();
    match (&issue.kind, v.get_ref()) {
        (IssueKind::Enum { options }, DeValue::Table(t)) => {
            let mut scores = BTreeMap::new();
            let mut ok = true;
            for (key, sv) in t.iter() {
                let opt: &str = key.get_ref();
                if !options.iter().any(|o| o.id == opt) {
                    sink.error(
                        "unknown-option",
                        key.span(),
                        format!("`{opt}` is not an option of `{name}`"),
                    )
                    .hint_opt(suggest(opt, options.iter().map(|o| o.id.as_str())).or_else(|| {
                        Some(format!(
                            "options: {}",
                            options.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(", ")
                        ))
                    }));
                    ok = false;
                    continue;
                }
                match score(sink, sv, opt) {
                    Some(s) => {
                        scores.insert(opt.to_owned(), s);
                    }
                    None => ok = false,
                }
            }
            let missing: Vec<&str> = options
                .iter()
                .map(|o| o.id.as_str())
                .filter(|o| !scores.contains_key(*o) && ok)
                .collect();
            if !missing.is_empty() {
                sink.error(
                    "missing-scores",
                    v.span(),
                    format!("options of `{name}` without a score: {}", missing.join(", ")),
                )
                .hint("score every option from 0 to 100");
                ok = false;
            }
            ok.then_some(IssueUtility::Options(scores))
        }
        (IssueKind::Boolean, DeValue::Table(t)) => {
            let f = fields(t, v.span(), format!("the scores of `{name}`"));
            f.finish(sink, &["true", "false"]);
            let yes = f.required(sink, "true").and_then(|s| score(sink, s, "true"));
            let no = f.required(sink, "false").and_then(|s| score(sink, s, "false"));
            Some(IssueUtility::Boolean { yes: yes?, no: no? })
        }
        (IssueKind::Integer { .. } | IssueKind::Date, DeValue::Array(items)) => {
            let is_date = matches!(issue.kind, IssueKind::Date);
            let mut ranges: Vec<(RangeUtility, Range<usize>)> = Vec::new();
            let mut ok = true;
            for item in items {
                let DeValue::Table(t) = item.get_ref() else {
                    sink.error(
                        "wrong-type",
                        item.span(),
                        "expected a range `{ min = .., max = .., utility = .. }`",
                    );
                    ok = false;
                    continue;
                };
                let f = fields(t, item.span(), format!("a range of `{name}`"));
                f.finish(sink, RANGE_KEYS);
                let bound = |sink: &mut Sink<'_>, key: &str| -> Result<Option<i64>, ()> {
                    match f.get(key) {
                        None => Ok(None),
                        Some(b) if is_date => date(sink, b, key).map(|d| Some(date_value(d))).ok_or(()),
                        Some(b) => integer(sink, b, key).map(Some).ok_or(()),
                    }
                };
                let min = bound(sink, "min");
                let max = bound(sink, "max");
                let utility = f.required(sink, "utility").and_then(|s| score(sink, s, "utility"));
                match (min, max, utility) {
                    (Ok(min), Ok(max), Some(utility)) => {
                        if let (Some(a), Some(b)) = (min, max)
                            && a > b
                        {
                            sink.error(
                                "empty-range",
                                item.span(),
                                format!("range {a}..={b} of `{name}` is empty"),
                            );
                            ok = false;
                            continue;
                        }
                        ranges.push((RangeUtility { min, max, utility }, item.span()));
                    }
                    _ => ok = false,
                }
            }
            if !ok {
                return None;
            }
            ranges.sort_by_key(|(r, _)| r.min.unwrap_or(i64::MIN));
            let (lo, hi) = match issue.kind {
                IssueKind::Integer { min, max, .. } => (min.unwrap_or(i64::MIN), max.unwrap_or(i64::MAX)),
                _ => (i64::MIN, i64::MAX),
            };
            // Disjoint, and covering lo..=hi.
            let mut next: Option<i64> = Some(lo);
            for (r, span) in &ranges {
                let start = r.min.unwrap_or(i64::MIN);
                match next {
                    None => {
                        sink.error(
                            "overlapping-ranges",
                            span.clone(),
                            format!("this range of `{name}` overlaps another"),
                        );
                        return None;
                    }
                    Some(n) if start > n && start > lo => {
                        let gap_end = start - 1;
                        sink.error(
                            "uncovered-values",
                            v.span(),
                            format!(
                                "values {}..={} of `{name}` have no score",
                                show(n, is_date),
                                show(gap_end.min(hi), is_date)
                            ),
                        )
                        .hint("the ranges must cover every value the issue allows");
                        return None;
                    }
                    Some(n) if start < n && start >= lo => {
                        sink.error(
                            "overlapping-ranges",
                            span.clone(),
                            format!("this range of `{name}` overlaps another"),
                        )
                        .hint("ranges are inclusive at both ends: 0..=599999 then 600000..=...");
                        return None;
                    }
                    _ => {}
                }
                next = match r.max {
                    None => None,
                    Some(m) => m.checked_add(1),
                };
                if r.max.is_some_and(|m| m >= hi) {
                    next = None;
                }
            }
            if let Some(n) = next
                && n <= hi
            {
                sink.error(
                    "uncovered-values",
                    v.span(),
                    format!("values from {} of `{name}` have no score", show(n, is_date)),
                )
                .hint("leave out `max` in the last range to cover everything above");
                return None;
            }
            Some(IssueUtility::Ranges(ranges.into_iter().map(|(r, _)| r).collect()))
        }
        (kind, other) => {
            let expected = match kind {
                IssueKind::Enum { .. } => "a table of option = score",
                IssueKind::Boolean => "a table `{ true = .., false = .. }`",
                _ => "an array of ranges `[{ max = .., utility = .. }, { min = .., utility = .. }]`",
            };
            sink.error(
                "wrong-type",
                v.span(),
                format!(
                    "scores of the {} issue `{name}` must be {expected}, found {}",
                    kind.name(),
                    type_name(other)
                ),
            );
            None
        }
    }
}

fn show(v: i64, is_date: bool) -> String {
    if is_date {
        crate::util::date_of_days(v).map_or_else(|| v.to_string(), |d| d.to_string())
    } else {
        v.to_string()
    }
}
