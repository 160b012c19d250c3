//! Conditions: the CEL subset of red lines, with the implementation engine's own names
//! (`met`, `breached`, `triggered`, `elapsed`, `report`, `today`, metrics), lowered to a
//! small tree evaluated in three-valued (Kleene) logic.

use std::collections::BTreeMap;
use std::ops::Range;

use cel::common::ast::{CallExpr, Expr, IdedExpr, LiteralValue, operators};
use truce_positions::{CmpOp, Limits, Parsed, RuleError, parse_cel};

use crate::plan::{Day, Duration, MetricKind, MetricSpec, day_of};

/// True, false or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tri {
    /// Certainly false.
    False,
    /// Cannot tell.
    Unknown,
    /// Certainly true.
    True,
}

impl Tri {
    /// From a certain boolean.
    pub fn of(b: bool) -> Tri {
        if b { Tri::True } else { Tri::False }
    }

    /// Kleene negation.
    pub fn negate(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }

    /// Lower-case word.
    pub fn as_str(self) -> &'static str {
        match self {
            Tri::True => "true",
            Tri::False => "false",
            Tri::Unknown => "unknown",
        }
    }
}

/// What a step test asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepTest {
    /// `met('x')`
    Met,
    /// `breached('x')`
    Breached,
    /// `triggered('x')`
    Triggered,
}

impl StepTest {
    /// The function name.
    pub fn as_str(self) -> &'static str {
        match self {
            StepTest::Met => "met",
            StepTest::Breached => "breached",
            StepTest::Triggered => "triggered",
        }
    }
}

/// A lowered condition. Spans are byte ranges in the condition's text.
#[derive(Debug, Clone)]
pub enum Cond {
    /// `true` or `false`.
    Const(bool),
    /// `!c`
    Not(Box<Cond>),
    /// `a && b && ...`
    And(Vec<Cond>),
    /// `a || b || ...`
    Or(Vec<Cond>),
    /// `met('x')`, `breached('x')`, `triggered('x')`.
    Step {
        /// Which test.
        test: StepTest,
        /// The step's index.
        step: usize,
        /// Where.
        span: Range<usize>,
    },
    /// `elapsed('x', '8y')`.
    Elapsed {
        /// The step's index.
        step: usize,
        /// How long.
        dur: Duration,
        /// Where.
        span: Range<usize>,
    },
    /// `report('k')`.
    Report {
        /// Index into the plan's report keys.
        report: usize,
        /// Where.
        span: Range<usize>,
    },
    /// `today OP date('...')`.
    Today {
        /// Comparison, with `today` on the left.
        op: CmpOp,
        /// The date.
        day: Day,
    },
    /// `metric(...) OP n`.
    Metric {
        /// Index into the plan's metrics.
        metric: usize,
        /// Comparison, with the metric on the left.
        op: CmpOp,
        /// The constant.
        value: f64,
        /// Where.
        span: Range<usize>,
    },
}

impl Cond {
    /// Calls `f` on every atom (every node that is not a connective).
    pub fn atoms<'c>(&'c self, f: &mut impl FnMut(&'c Cond)) {
        match self {
            Cond::Not(c) => c.atoms(f),
            Cond::And(cs) | Cond::Or(cs) => cs.iter().for_each(|c| c.atoms(f)),
            other => f(other),
        }
    }

    /// Indices of the steps it reads.
    pub fn steps(&self) -> Vec<usize> {
        let mut out = Vec::new();
        self.atoms(&mut |a| match a {
            Cond::Step { step, .. } | Cond::Elapsed { step, .. } => out.push(*step),
            _ => {}
        });
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Evaluates in Kleene logic, asking `atom` for every atom.
    pub fn eval(&self, atom: &mut impl FnMut(&Cond) -> Tri) -> Tri {
        match self {
            Cond::Const(b) => Tri::of(*b),
            Cond::Not(c) => c.eval(atom).negate(),
            Cond::And(cs) => {
                let mut out = Tri::True;
                for c in cs {
                    match c.eval(atom) {
                        Tri::False => return Tri::False,
                        Tri::Unknown => out = Tri::Unknown,
                        Tri::True => {}
                    }
                }
                out
            }
            Cond::Or(cs) => {
                let mut out = Tri::False;
                for c in cs {
                    match c.eval(atom) {
                        Tri::True => return Tri::True,
                        Tri::Unknown => out = Tri::Unknown,
                        Tri::False => {}
                    }
                }
                out
            }
            other => atom(other),
        }
    }
}

/// Compares an interval `[lo, hi]` (`hi = None`: unbounded) with a constant.
pub fn compare_interval(lo: f64, hi: Option<f64>, op: CmpOp, k: f64) -> Tri {
    let apply = |a: f64, b: f64| match op {
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    };
    let exact = hi == Some(lo);
    let outside = k < lo || hi.is_some_and(|h| k > h);
    match op {
        CmpOp::Eq if exact => Tri::of(lo == k),
        CmpOp::Eq if outside => Tri::False,
        CmpOp::Ne if exact => Tri::of(lo != k),
        CmpOp::Ne if outside => Tri::True,
        CmpOp::Eq | CmpOp::Ne => Tri::Unknown,
        // Decreasing predicates: true at the top means true throughout.
        CmpOp::Lt | CmpOp::Le => {
            if hi.is_some_and(|h| apply(h, k)) {
                Tri::True
            } else if !apply(lo, k) {
                Tri::False
            } else {
                Tri::Unknown
            }
        }
        CmpOp::Gt | CmpOp::Ge => {
            if apply(lo, k) {
                Tri::True
            } else if hi.is_some_and(|h| !apply(h, k)) {
                Tri::False
            } else {
                Tri::Unknown
            }
        }
    }
}

/// The names a condition can refer to.
pub struct Scope<'a> {
    /// Step ids, in plan order.
    pub steps: &'a [String],
    /// Ceasefire id to its zone ids, for every ceasefire of the scenario.
    pub ceasefires: &'a BTreeMap<String, Vec<String>>,
    /// Ids of the scenario's territory geometries.
    pub territories: &'a [String],
}

/// Where lowered metrics and report keys are registered.
#[derive(Default)]
pub struct Registry {
    /// Metrics, without repeats.
    pub metrics: Vec<MetricSpec>,
    /// Report keys, without repeats.
    pub reports: Vec<String>,
}

/// Parses and lowers a condition.
pub fn compile(source: &str, scope: &Scope<'_>, registry: &mut Registry) -> Result<Cond, RuleError> {
    let parsed = parse_cel(
        source,
        Limits::default(),
        "split the condition into several steps",
        "write a condition, e.g. `met('withdrawal')` or `violations('ceasefire', 30) < 5`",
        "docs/implementation.md",
    )?;
    let mut lower = Lower {
        parsed: &parsed,
        scope,
        registry,
        nodes: 0,
    };
    lower.boolean(&parsed.expr, 0)
}

struct Lower<'a, 'r> {
    parsed: &'a Parsed,
    scope: &'a Scope<'a>,
    registry: &'r mut Registry,
    nodes: usize,
}

const FUNCTIONS: &[&str] = &[
    "met",
    "breached",
    "triggered",
    "elapsed",
    "report",
    "violations",
    "deaths",
    "territory_change_km2",
    "date",
];

fn err(code: &'static str, span: Range<usize>, msg: impl Into<String>) -> RuleError {
    RuleError::new(code, span, msg)
}

impl Lower<'_, '_> {
    fn span(&self, e: &IdedExpr) -> Range<usize> {
        self.parsed.span(e)
    }

    fn boolean(&mut self, e: &IdedExpr, depth: u16) -> Result<Cond, RuleError> {
        self.nodes += 1;
        let limits = Limits::default();
        if self.nodes > limits.max_nodes || depth > limits.max_depth {
            return Err(err(
                "rule-too-large",
                self.span(e),
                "the condition is too large or nests too deeply",
            )
            .hint("split it into several steps"));
        }
        match &e.expr {
            Expr::Literal(LiteralValue::Boolean(b)) => Ok(Cond::Const(*b.inner())),
            Expr::Call(call) => self.call(e, call, depth),
            Expr::Ident(name) if name == "today" => Err(err(
                "rule-type",
                self.span(e),
                "`today` is a date, not a condition",
            )
            .hint("compare it with a date, e.g. `today >= date('2015-12-31')`")),
            Expr::Ident(name) => Err(err("rule-unknown-name", self.span(e), format!("unknown name `{name}`"))
                .hint("conditions use met('step'), breached('step'), triggered('step'), elapsed('step', '30d'), report('key'), today, violations(...), deaths(...)")),
            _ => Err(err("rule-type", self.span(e), "this is not a condition")
                .hint("a condition is true or false, e.g. `met('withdrawal')`")),
        }
    }

    fn call(&mut self, e: &IdedExpr, call: &CallExpr, depth: u16) -> Result<Cond, RuleError> {
        let name = call.func_name.as_str();
        let args = &call.args;
        if call.target.is_some() {
            return Err(err(
                "rule-unsupported",
                self.span(e),
                format!("methods such as `.{name}` are not supported"),
            )
            .hint("call functions directly, e.g. `met('x')`"));
        }
        match (name, args.len()) {
            (operators::LOGICAL_AND, _) | (operators::LOGICAL_OR, _) => {
                let mut parts = Vec::with_capacity(args.len());
                for a in args {
                    match (name, self.boolean(a, depth + 1)?) {
                        (operators::LOGICAL_AND, Cond::And(inner)) | (operators::LOGICAL_OR, Cond::Or(inner)) => {
                            parts.extend(inner)
                        }
                        (_, c) => parts.push(c),
                    }
                }
                Ok(if name == operators::LOGICAL_AND {
                    Cond::And(parts)
                } else {
                    Cond::Or(parts)
                })
            }
            (operators::LOGICAL_NOT, 1) => Ok(Cond::Not(Box::new(self.boolean(&args[0], depth + 1)?))),
            (operators::CONDITIONAL, 3) => {
                let c = self.boolean(&args[0], depth + 1)?;
                let a = self.boolean(&args[1], depth + 1)?;
                let b = self.boolean(&args[2], depth + 1)?;
                Ok(Cond::Or(vec![
                    Cond::And(vec![c.clone(), a]),
                    Cond::And(vec![Cond::Not(Box::new(c)), b]),
                ]))
            }
            (
                operators::EQUALS
                | operators::NOT_EQUALS
                | operators::LESS
                | operators::LESS_EQUALS
                | operators::GREATER
                | operators::GREATER_EQUALS,
                2,
            ) => {
                let op = match name {
                    operators::EQUALS => CmpOp::Eq,
                    operators::NOT_EQUALS => CmpOp::Ne,
                    operators::LESS => CmpOp::Lt,
                    operators::LESS_EQUALS => CmpOp::Le,
                    operators::GREATER => CmpOp::Gt,
                    _ => CmpOp::Ge,
                };
                self.comparison(e, op, &args[0], &args[1])
            }
            ("met" | "breached" | "triggered", 1) => {
                let step = self.step_arg(&args[0])?;
                let test = match name {
                    "met" => StepTest::Met,
                    "breached" => StepTest::Breached,
                    _ => StepTest::Triggered,
                };
                Ok(Cond::Step {
                    test,
                    step,
                    span: self.span(e),
                })
            }
            ("elapsed", 2) => {
                let step = self.step_arg(&args[0])?;
                let (text, span) = self.string_arg(&args[1], "a duration such as '30d', '6m' or '8y'")?;
                let dur = Duration::parse(&text).ok_or_else(|| {
                    err("rule-duration", span, format!("`{text}` is not a duration"))
                        .hint("write a number and a unit: d (days), w (weeks), m (months), y (years), e.g. '90d'")
                })?;
                Ok(Cond::Elapsed {
                    step,
                    dur,
                    span: self.span(e),
                })
            }
            ("report", 1) => {
                let (key, _) = self.string_arg(&args[0], "a report key")?;
                let report = match self.registry.reports.iter().position(|r| *r == key) {
                    Some(i) => i,
                    None => {
                        self.registry.reports.push(key);
                        self.registry.reports.len() - 1
                    }
                };
                Ok(Cond::Report {
                    report,
                    span: self.span(e),
                })
            }
            ("violations" | "deaths" | "territory_change_km2", _) => Err(err(
                "rule-type",
                self.span(e),
                format!("`{name}(...)` is a number, not a condition"),
            )
            .hint(format!("compare it with a number, e.g. `{name}('ceasefire', 30) < 5`"))),
            ("met" | "breached" | "triggered" | "report", n) => Err(err(
                "rule-arity",
                self.span(e),
                format!("`{name}` takes 1 argument, found {n}"),
            )
            .hint(format!("write {name}('id')"))),
            ("elapsed", n) => Err(err(
                "rule-arity",
                self.span(e),
                format!("`elapsed` takes 2 arguments, found {n}"),
            )
            .hint("write elapsed('step', '90d')")),
            _ => {
                let hint = truce_model::toml_fields::suggest(name, FUNCTIONS.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        "conditions use met, breached, triggered, elapsed, report, violations, deaths and today"
                            .to_owned()
                    });
                let what = if name.starts_with('_') {
                    "this operator".to_owned()
                } else {
                    format!("the function `{name}`")
                };
                Err(err(
                    "rule-unknown-function",
                    self.span(e),
                    format!("{what} is not supported here"),
                )
                .hint(hint))
            }
        }
    }

    fn string_arg(&self, e: &IdedExpr, what: &str) -> Result<(String, Range<usize>), RuleError> {
        match &e.expr {
            Expr::Literal(LiteralValue::String(s)) => Ok((s.inner().to_string(), self.span(e))),
            _ => Err(err("rule-type", self.span(e), format!("expected {what} in quotes"))
                .hint("write a string literal, e.g. 'withdrawal'")),
        }
    }

    fn int_arg(&self, e: &IdedExpr, what: &str) -> Result<i64, RuleError> {
        match &e.expr {
            Expr::Literal(LiteralValue::Int(n)) => Ok(*n.inner()),
            _ => Err(err("rule-type", self.span(e), format!("expected {what}")).hint("write a whole number, e.g. 30")),
        }
    }

    fn number_arg(&self, e: &IdedExpr) -> Result<f64, RuleError> {
        match &e.expr {
            Expr::Literal(LiteralValue::Int(n)) => Ok(*n.inner() as f64),
            Expr::Literal(LiteralValue::UInt(n)) => Ok(*n.inner() as f64),
            Expr::Literal(LiteralValue::Double(x)) if x.inner().is_finite() => Ok(*x.inner()),
            _ => Err(err(
                "rule-type",
                self.span(e),
                "expected a number to compare the metric with",
            )
            .hint("write a number, e.g. 5 or 0.5")),
        }
    }

    fn step_arg(&self, e: &IdedExpr) -> Result<usize, RuleError> {
        let (id, span) = self.string_arg(e, "a step id")?;
        self.scope.steps.iter().position(|s| *s == id).ok_or_else(|| {
            let hint = truce_model::toml_fields::suggest(&id, self.scope.steps.iter().map(String::as_str))
                .map(|s| format!("did you mean '{s}'?"))
                .unwrap_or_else(|| format!("the plan's steps are: {}", list(self.scope.steps.iter())));
            err("rule-unknown-step", span, format!("no step `{id}` in this plan")).hint(hint)
        })
    }

    fn comparison(&mut self, e: &IdedExpr, op: CmpOp, l: &IdedExpr, r: &IdedExpr) -> Result<Cond, RuleError> {
        let is_today = |x: &IdedExpr| matches!(&x.expr, Expr::Ident(n) if n == "today");
        let is_metric = |x: &IdedExpr| matches!(&x.expr, Expr::Call(c) if c.target.is_none() && matches!(c.func_name.as_str(), "violations" | "deaths" | "territory_change_km2"));
        if is_today(l) || is_today(r) {
            let (other, op) = if is_today(l) { (r, op) } else { (l, op.flip()) };
            let day = self.date_literal(other)?;
            return Ok(Cond::Today { op, day });
        }
        if is_metric(l) || is_metric(r) {
            let (m, other, op) = if is_metric(l) { (l, r, op) } else { (r, l, op.flip()) };
            let Expr::Call(call) = &m.expr else {
                unreachable!("checked above")
            };
            let metric = self.metric(m, call)?;
            let value = self.number_arg(other)?;
            return Ok(Cond::Metric {
                metric,
                op,
                value,
                span: self.span(e),
            });
        }
        Err(err(
            "rule-unsupported",
            self.span(e),
            "a comparison needs `today` or a metric (violations, deaths, territory_change_km2) on one side",
        )
        .hint("e.g. `today >= date('2015-12-31')` or `violations('ceasefire', 30) < 5`"))
    }

    fn date_literal(&self, e: &IdedExpr) -> Result<Day, RuleError> {
        if let Expr::Call(c) = &e.expr
            && c.func_name == "date"
            && c.args.len() == 1
            && c.target.is_none()
        {
            let (text, span) = self.string_arg(&c.args[0], "a date 'YYYY-MM-DD'")?;
            return truce_model::toml_fields::parse_date(&text).map(day_of).ok_or_else(|| {
                err("rule-date", span, format!("`{text}` is not a date")).hint("write date('YYYY-MM-DD')")
            });
        }
        Err(err("rule-type", self.span(e), "`today` compares with a date").hint("write date('YYYY-MM-DD')"))
    }

    fn metric(&mut self, e: &IdedExpr, call: &CallExpr) -> Result<usize, RuleError> {
        let kind = match call.func_name.as_str() {
            "violations" => MetricKind::Violations,
            "deaths" => MetricKind::Deaths,
            _ => MetricKind::TerritoryChange,
        };
        let args = &call.args;
        if kind == MetricKind::TerritoryChange {
            return self.territory_metric(e, args);
        }
        if args.is_empty() || args.len() > 3 {
            return Err(err(
                "rule-arity",
                self.span(e),
                format!("`{}` takes 1 to 3 arguments, found {}", kind.as_str(), args.len()),
            )
            .hint(format!("write {}('ceasefire'[, days[, 'zone']])", kind.as_str())));
        }
        let (ceasefire, cf_span) = self.string_arg(&args[0], "a ceasefire id")?;
        let Some(zones) = self.scope.ceasefires.get(&ceasefire) else {
            let hint = if self.scope.ceasefires.is_empty() {
                "the scenario declares no ceasefire; metrics count violations of a ceasefire declared in a document's [[ceasefires]]".to_owned()
            } else {
                truce_model::toml_fields::suggest(&ceasefire, self.scope.ceasefires.keys().map(String::as_str))
                    .map(|s| format!("did you mean '{s}'?"))
                    .unwrap_or_else(|| format!("the scenario's ceasefires are: {}", list(self.scope.ceasefires.keys())))
            };
            return Err(err(
                "rule-unknown-metric",
                cf_span,
                format!("no ceasefire `{ceasefire}` in this scenario: the monitor cannot compute this metric"),
            )
            .hint(hint));
        };
        let window = self.window_arg(args.get(1))?;
        let zone = match args.get(2) {
            Some(a) => {
                let (z, span) = self.string_arg(a, "a zone id")?;
                if !zones.contains(&z) {
                    return Err(err(
                        "rule-unknown-metric",
                        span,
                        format!("ceasefire `{ceasefire}` has no zone `{z}`"),
                    )
                    .hint(if zones.is_empty() {
                        "this ceasefire declares no zones".to_owned()
                    } else {
                        format!("its zones are: {}", list(zones.iter()))
                    }));
                }
                Some(z)
            }
            None => None,
        };
        Ok(self.register(MetricSpec {
            kind,
            source: ceasefire,
            window,
            zone,
        }))
    }

    fn register(&mut self, spec: MetricSpec) -> usize {
        match self.registry.metrics.iter().position(|m| *m == spec) {
            Some(i) => i,
            None => {
                self.registry.metrics.push(spec);
                self.registry.metrics.len() - 1
            }
        }
    }

    fn window_arg(&self, a: Option<&IdedExpr>) -> Result<u32, RuleError> {
        match a {
            Some(a) => {
                let n = self.int_arg(a, "a window in days")?;
                if !(1..=3660).contains(&n) {
                    return Err(err(
                        "rule-window",
                        self.span(a),
                        format!("a window of {n} days is out of range"),
                    )
                    .hint("use a window of 1 to 3660 days"));
                }
                Ok(n as u32)
            }
            None => Ok(1),
        }
    }

    fn territory_metric(&mut self, e: &IdedExpr, args: &[IdedExpr]) -> Result<usize, RuleError> {
        if args.is_empty() || args.len() > 2 {
            return Err(err(
                "rule-arity",
                self.span(e),
                format!("`territory_change_km2` takes 1 or 2 arguments, found {}", args.len()),
            )
            .hint("write territory_change_km2('territory'[, days])"));
        }
        let (id, span) = self.string_arg(&args[0], "a territory geometry id")?;
        if !self.scope.territories.contains(&id) {
            let hint = if self.scope.territories.is_empty() {
                "the scenario declares no territory geometry ([[geometries]] kind = \"territory\" in negotiation.toml)"
                    .to_owned()
            } else {
                format!(
                    "the scenario's territories are: {}",
                    list(self.scope.territories.iter())
                )
            };
            return Err(err(
                "rule-unknown-metric",
                span,
                format!("no territory geometry `{id}` in this scenario: the monitor cannot compute this metric"),
            )
            .hint(hint));
        }
        let window = self.window_arg(args.get(1))?;
        Ok(self.register(MetricSpec {
            kind: MetricKind::TerritoryChange,
            source: id,
            window,
            zone: None,
        }))
    }
}

fn list<'s>(items: impl Iterator<Item = &'s String>) -> String {
    let v: Vec<&str> = items.map(String::as_str).take(12).collect();
    v.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_compare_in_three_values() {
        assert_eq!(compare_interval(0.0, Some(0.0), CmpOp::Eq, 0.0), Tri::True);
        assert_eq!(compare_interval(1.0, Some(3.0), CmpOp::Eq, 0.0), Tri::False);
        assert_eq!(compare_interval(0.0, Some(3.0), CmpOp::Eq, 0.0), Tri::Unknown);
        assert_eq!(compare_interval(0.0, None, CmpOp::Lt, 5.0), Tri::Unknown);
        assert_eq!(compare_interval(5.0, None, CmpOp::Lt, 5.0), Tri::False);
        assert_eq!(compare_interval(2.0, Some(4.0), CmpOp::Lt, 5.0), Tri::True);
        assert_eq!(compare_interval(6.0, None, CmpOp::Gt, 5.0), Tri::True);
        assert_eq!(compare_interval(0.0, None, CmpOp::Ge, 1.0), Tri::Unknown);
        assert_eq!(compare_interval(0.0, Some(0.0), CmpOp::Ge, 1.0), Tri::False);
        assert_eq!(compare_interval(3.0, None, CmpOp::Ne, 0.0), Tri::True);
        assert_eq!(compare_interval(0.4, Some(0.4), CmpOp::Lt, 1.0), Tri::True);
        assert_eq!(compare_interval(0.0, None, CmpOp::Lt, 0.5), Tri::Unknown);
    }
}
