//! Red-line rules: a small boolean formula over tests on single issues, evaluated in
//! three-valued logic on a partial assignment of terms.
//!
//! Rules are written in an expression language behind the [`RuleLanguage`] trait (the
//! one shipped is CEL, see [`crate::Cel`]); whatever the language, a rule compiles to
//! the same [`Formula`], which the assessment evaluates and the zone search turns into
//! solver clauses.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;

use serde::Serialize;
use truce_model::{Date, Issue, TermValue};

/// An expression language for red lines.
pub trait RuleLanguage {
    /// The language's name, as shown in messages (e.g. "CEL").
    fn name(&self) -> &'static str;

    /// Parses `source`, type-checks it against the issue space and compiles it to a
    /// [`Rule`]. An error carries the byte span of the offending part of `source`.
    fn compile(&self, source: &str, issues: &[Issue]) -> Result<Rule, RuleError>;
}

/// Why a rule could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RuleError {
    /// A stable kebab-case name for the kind of problem (e.g. `rule-unknown-issue`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// Byte span in the rule's source.
    pub span: Range<usize>,
    /// How to fix it.
    pub hint: Option<String>,
}

impl RuleError {
    /// A new error at `span`.
    pub fn new(code: &'static str, span: Range<usize>, message: impl Into<String>) -> Self {
        RuleError {
            code,
            message: message.into(),
            span,
            hint: None,
        }
    }

    /// Adds how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub(crate) fn hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Whether `a op b`.
    pub fn apply<T: Ord>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// An atomic test on the value of one issue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "test", rename_all = "kebab-case")]
pub enum Test {
    /// An enumerated issue takes this option.
    Option {
        /// Issue id.
        issue: String,
        /// Option id.
        option: String,
    },
    /// A boolean issue has this value.
    Boolean {
        /// Issue id.
        issue: String,
        /// The value tested for.
        value: bool,
    },
    /// An integer issue compared with a constant.
    Integer {
        /// Issue id.
        issue: String,
        /// The comparison, issue on the left.
        op: CmpOp,
        /// The constant.
        value: i64,
    },
    /// A date issue compared with a constant.
    Date {
        /// Issue id.
        issue: String,
        /// The comparison, issue on the left.
        op: CmpOp,
        /// The constant.
        #[serde(serialize_with = "crate::util::ser_date")]
        value: Date,
    },
}

impl Test {
    /// The issue tested.
    pub fn issue(&self) -> &str {
        match self {
            Test::Option { issue, .. }
            | Test::Boolean { issue, .. }
            | Test::Integer { issue, .. }
            | Test::Date { issue, .. } => issue,
        }
    }

    /// Whether the test holds for `value`; `None` when the value is of another type.
    pub fn eval(&self, value: &TermValue) -> Option<bool> {
        match (self, value) {
            (Test::Option { option, .. }, TermValue::Option(v)) => Some(v == option),
            (Test::Boolean { value: want, .. }, TermValue::Boolean(v)) => Some(v == want),
            (Test::Integer { op, value: c, .. }, TermValue::Integer(v)) => Some(op.apply(*v, *c)),
            (Test::Date { op, value: c, .. }, TermValue::Date(v)) => Some(op.apply(*v, *c)),
            _ => None,
        }
    }
}

impl fmt::Display for Test {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Test::Option { issue, option } => write!(f, "{issue} == '{option}'"),
            Test::Boolean { issue, value: true } => write!(f, "{issue}"),
            Test::Boolean { issue, value: false } => write!(f, "!{issue}"),
            Test::Integer { issue, op, value } => write!(f, "{issue} {} {value}", op.symbol()),
            Test::Date { issue, op, value } => write!(f, "{issue} {} date('{value}')", op.symbol()),
        }
    }
}

/// A boolean formula over [`Test`]s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Formula {
    /// Always true or always false.
    Const(bool),
    /// One test.
    Test(Test),
    /// Negation.
    Not(Box<Formula>),
    /// Conjunction (true when empty).
    And(Vec<Formula>),
    /// Disjunction (false when empty).
    Or(Vec<Formula>),
}

impl Formula {
    /// Evaluates the formula in Kleene's three-valued logic: a test on an issue that
    /// `term` leaves open is unknown, and unknown propagates unless the other operands
    /// decide (`false && unknown` is false, `true || unknown` is true).
    pub fn eval<'t>(&self, term: &dyn Fn(&str) -> Option<&'t TermValue>) -> Truth {
        match self {
            Formula::Const(b) => Truth::from(*b),
            Formula::Test(t) => match term(t.issue()).and_then(|v| t.eval(v)) {
                Some(b) => Truth::from(b),
                None => Truth::Unknown,
            },
            Formula::Not(f) => f.eval(term).not(),
            Formula::And(fs) => {
                let mut out = Truth::Holds;
                for f in fs {
                    match f.eval(term) {
                        Truth::Broken => return Truth::Broken,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::Holds => {}
                    }
                }
                out
            }
            Formula::Or(fs) => {
                let mut out = Truth::Broken;
                for f in fs {
                    match f.eval(term) {
                        Truth::Holds => return Truth::Holds,
                        Truth::Unknown => out = Truth::Unknown,
                        Truth::Broken => {}
                    }
                }
                out
            }
        }
    }

    /// Calls `visit` on every test, left to right.
    pub fn for_each_test<'a>(&'a self, visit: &mut dyn FnMut(&'a Test)) {
        match self {
            Formula::Const(_) => {}
            Formula::Test(t) => visit(t),
            Formula::Not(f) => f.for_each_test(visit),
            Formula::And(fs) | Formula::Or(fs) => fs.iter().for_each(|f| f.for_each_test(visit)),
        }
    }

    /// Number of nodes.
    pub fn size(&self) -> usize {
        match self {
            Formula::Const(_) | Formula::Test(_) => 1,
            Formula::Not(f) => 1 + f.size(),
            Formula::And(fs) | Formula::Or(fs) => 1 + fs.iter().map(Formula::size).sum::<usize>(),
        }
    }
}

/// The truth value of a rule on a (possibly partial) assignment of terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Truth {
    /// The rule holds whatever the open terms become.
    Holds,
    /// The rule is broken whatever the open terms become.
    Broken,
    /// The rule depends on terms left open.
    Unknown,
}

impl Truth {
    /// Three-valued negation.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Truth {
        match self {
            Truth::Holds => Truth::Broken,
            Truth::Broken => Truth::Holds,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Truth::Holds => "holds",
            Truth::Broken => "broken",
            Truth::Unknown => "unknown",
        }
    }
}

impl From<bool> for Truth {
    fn from(b: bool) -> Truth {
        if b { Truth::Holds } else { Truth::Broken }
    }
}

/// A compiled red-line rule: its source text and its formula.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The expression as written.
    pub source: String,
    /// What it means.
    pub formula: Formula,
}

impl Rule {
    /// A rule from a formula (for rules built by code rather than parsed).
    pub fn from_formula(source: impl Into<String>, formula: Formula) -> Rule {
        Rule {
            source: source.into(),
            formula,
        }
    }

    /// The issues the rule reads, in order of first mention.
    pub fn issues(&self) -> Vec<&str> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        self.formula.for_each_test(&mut |t| {
            if seen.insert(t.issue()) {
                out.push(t.issue());
            }
        });
        out
    }

    /// Kleene evaluation on a partial assignment (see [`Formula::eval`]). This is sound
    /// but not complete: `x == 'a' || x != 'a'` is unknown here while it holds for every
    /// value of `x`; [`crate::assess`] decides such cases exactly with a solver.
    pub fn eval<'t>(&self, term: &dyn Fn(&str) -> Option<&'t TermValue>) -> Truth {
        self.formula.eval(term)
    }
}
