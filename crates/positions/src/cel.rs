//! The CEL front end: a checked subset of the Common Expression Language.
//!
//! The `cel` crate parses the text (with its own recursion guard); this module then walks
//! the syntax tree, type-checks every operand against the issue space and lowers the
//! expression to a [`Formula`]. Evaluation never runs CEL's interpreter: rules are
//! decided by our own three-valued evaluator and by the solvers, so no CEL program is
//! executed, and nothing in a rule can loop, allocate without bound or call out.
//!
//! The subset:
//! - an issue by its id (`army_cap`), or `terms['id']` for ids that are not CEL names;
//! - `==`, `!=` between an issue and a literal of its type; `<`, `<=`, `>`, `>=` for
//!   integer and date issues; `issue in [literal, ...]`;
//! - a boolean issue on its own is a test (`nato_enlargement_halt`, `!nato_enlargement_halt`);
//! - `&&`, `||`, `!`, `c ? a : b`, `implies(a, b)` (our one added function), `true`, `false`;
//! - literals: strings (option ids), integers, `true`/`false`, `date('YYYY-MM-DD')`.
//!
//! Everything else (arithmetic, macros such as `all` or `exists`, maps, other functions)
//! is an error naming its position in the expression.

use std::ops::Range;

use cel::common::ast::{CallExpr, Expr, IdedExpr, LiteralValue, SourceInfo, operators};
use truce_model::{Date, Issue, IssueKind};

use crate::rule::{CmpOp, Formula, Rule, RuleError, RuleLanguage, Test};
use crate::util::{parse_date, suggest};

/// Bounds on what a rule may be, so that compiling and solving stay cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Longest expression, in bytes.
    pub max_len: usize,
    /// Deepest nesting of sub-expressions.
    pub max_depth: u16,
    /// Most elements in one `in [...]` list.
    pub max_list: usize,
    /// Most nodes in the compiled formula (a ternary repeats its condition, so nested
    /// ternaries could otherwise grow exponentially).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_len: 4096,
            max_depth: 32,
            max_list: 256,
            max_nodes: 4096,
        }
    }
}

/// The Common Expression Language, restricted to the subset above.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cel {
    /// Size bounds.
    pub limits: Limits,
}

impl RuleLanguage for Cel {
    fn name(&self) -> &'static str {
        "CEL"
    }

    fn compile(&self, source: &str, issues: &[Issue]) -> Result<Rule, RuleError> {
        let limits = self.limits;
        let parsed = parse(
            source,
            limits,
            "split it into several red lines",
            "write a condition over issues, e.g. `recognition == 'none'`",
            "docs/positions.md",
        )?;
        let mut lower = Lower {
            issues,
            parsed: &parsed,
            limits,
            nodes: 0,
        };
        let formula = lower.boolean(&parsed.expr, 0)?;
        Ok(Rule {
            source: source.to_owned(),
            formula,
        })
    }
}

/// A CEL expression parsed into the `cel` crate's syntax tree, with what is needed to
/// point at its parts. Other crates (the implementation engine's conditions) lower it
/// to their own forms; nothing here evaluates it.
#[derive(Debug)]
pub struct Parsed {
    /// The syntax tree.
    pub expr: IdedExpr,
    info: SourceInfo,
    chars: CharMap,
}

impl Parsed {
    /// The expression's text.
    pub fn source(&self) -> &str {
        &self.chars.source
    }

    /// Byte span of a node: from its recorded start, as wide as its text when known.
    pub fn span(&self, e: &IdedExpr) -> Range<usize> {
        let len = self.chars.source.len();
        let Some((start, stop)) = self.info.offset_for(e.id) else {
            return 0..len;
        };
        let start = self.chars.byte(start as usize);
        let width_end = match &e.expr {
            Expr::Ident(name) => start + name.len(),
            _ => self.chars.byte(stop as usize + 1),
        };
        start..width_end.clamp(start + 1, len.max(start + 1)).min(len)
    }
}

/// Parses `source` as CEL within `limits` (length and nesting depth). Errors carry the
/// byte span of the problem; `split_hint` is offered when the text is too long,
/// `empty_hint` when it is empty, and `docs` is the page named for the syntax.
pub fn parse(
    source: &str,
    limits: Limits,
    split_hint: &str,
    empty_hint: &str,
    docs: &str,
) -> Result<Parsed, RuleError> {
    if source.len() > limits.max_len {
        return Err(RuleError::new(
            "rule-too-long",
            limits.max_len..source.len(),
            format!(
                "the expression is {} bytes long; at most {} are allowed",
                source.len(),
                limits.max_len
            ),
        )
        .hint(split_hint));
    }
    if source.trim().is_empty() {
        return Err(RuleError::new("rule-empty", 0..source.len(), "the expression is empty").hint(empty_hint));
    }
    let chars = CharMap::new(source);
    let parsed = std::panic::catch_unwind(|| {
        cel::parser::Parser::new()
            .max_recursion_depth(limits.max_depth)
            .error_recovery_limit(4)
            .parse_with_source_info(source)
    });
    let (expr, info) = match parsed {
        Ok(Ok(p)) => p,
        Ok(Err(errors)) => {
            // The parser's own syntax messages are clearer than its follow-on ones.
            let first = errors
                .errors
                .iter()
                .find(|e| e.msg.starts_with("Syntax error"))
                .or_else(|| errors.errors.first());
            let (span, msg) = match first {
                Some(e) => (chars.line_col(e.pos.0, e.pos.1), tidy_parse_message(&e.msg)),
                None => (0..source.len(), "cannot parse the expression".to_owned()),
            };
            let all_text = errors
                .errors
                .iter()
                .map(|e| {
                    format!(
                        "{} {}",
                        e.msg,
                        e.source.as_ref().map(|s| s.to_string()).unwrap_or_default()
                    )
                })
                .collect::<String>()
                .to_lowercase();
            let depth = all_text.contains("recursion");
            let msg = if depth {
                "the expression nests too deeply".to_owned()
            } else {
                msg
            };
            let code = if depth { "rule-too-deep" } else { "rule-syntax" };
            let hint = if depth {
                format!("nest at most {} levels deep", limits.max_depth)
            } else {
                format!("see {docs} for the syntax")
            };
            return Err(RuleError::new(code, span, msg).hint(hint));
        }
        Err(_) => {
            return Err(RuleError::new(
                "rule-syntax",
                0..source.len(),
                "the CEL parser failed on this expression",
            )
            .hint(format!("simplify the expression; see {docs}")));
        }
    };
    Ok(Parsed { expr, info, chars })
}

/// Turns the parser's messages into one line without its token dump.
fn tidy_parse_message(msg: &str) -> String {
    let msg = msg.trim_start_matches("Syntax error: ");
    match msg.find(" expecting {") {
        Some(i) => format!("syntax error: {}", &msg[..i]),
        None => format!("syntax error: {msg}"),
    }
}

/// Character offsets (as the parser reports them) to byte offsets.
#[derive(Debug)]
struct CharMap {
    source: String,
    starts: Vec<usize>,
}

impl CharMap {
    fn new(source: &str) -> Self {
        let mut starts: Vec<usize> = source.char_indices().map(|(i, _)| i).collect();
        starts.push(source.len());
        CharMap {
            source: source.to_owned(),
            starts,
        }
    }

    fn byte(&self, char_offset: usize) -> usize {
        self.starts.get(char_offset).copied().unwrap_or(self.source.len())
    }

    /// Byte span of the character at 1-based `line`, 0-or-1-based `col` (as the parser
    /// reports them), one character wide.
    fn line_col(&self, line: isize, col: isize) -> Range<usize> {
        let mut line_start_char = 0usize;
        let mut current = 1isize;
        for (i, c) in self.source.chars().enumerate() {
            if current >= line {
                break;
            }
            if c == '\n' {
                current += 1;
                line_start_char = i + 1;
            }
        }
        let c = line_start_char + usize::try_from(col.max(1) - 1).unwrap_or(0);
        let start = self.byte(c);
        start..self.byte(c + 1).max(start)
    }
}

struct Lower<'a> {
    issues: &'a [Issue],
    parsed: &'a Parsed,
    limits: Limits,
    nodes: usize,
}

/// An operand of a comparison.
enum Operand<'a> {
    Issue(&'a Issue),
    Str(String),
    Int(i64),
    Bool(bool),
    Date(Date),
}

impl Operand<'_> {
    fn describe(&self) -> String {
        match self {
            Operand::Issue(i) => format!("the {} issue `{}`", i.kind.name(), i.id),
            Operand::Str(s) => format!("the string '{s}'"),
            Operand::Int(n) => format!("the integer {n}"),
            Operand::Bool(b) => format!("the boolean {b}"),
            Operand::Date(d) => format!("the date {d}"),
        }
    }
}

impl<'a> Lower<'a> {
    fn span(&self, e: &IdedExpr) -> Range<usize> {
        self.parsed.span(e)
    }

    fn count(&mut self, e: &IdedExpr) -> Result<(), RuleError> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(RuleError::new(
                "rule-too-large",
                self.span(e),
                format!(
                    "the rule expands to more than {} tests and connectives",
                    self.limits.max_nodes
                ),
            )
            .hint("nested conditionals repeat their condition; split the rule into several red lines"));
        }
        Ok(())
    }

    fn boolean(&mut self, e: &IdedExpr, depth: u16) -> Result<Formula, RuleError> {
        self.count(e)?;
        if depth > self.limits.max_depth {
            return Err(
                RuleError::new("rule-too-deep", self.span(e), "the rule nests too deeply")
                    .hint(format!("nest at most {} levels deep", self.limits.max_depth)),
            );
        }
        match &e.expr {
            Expr::Literal(LiteralValue::Boolean(b)) => Ok(Formula::Const(*b.inner())),
            Expr::Call(call) => self.call(e, call, depth),
            _ => match self.operand(e)? {
                Operand::Issue(issue) => match issue.kind {
                    IssueKind::Boolean => Ok(Formula::Test(Test::Boolean {
                        issue: issue.id.clone(),
                        value: true,
                    })),
                    _ => Err(RuleError::new(
                        "rule-type",
                        self.span(e),
                        format!("`{}` is a {} issue, not a condition", issue.id, issue.kind.name()),
                    )
                    .hint(example_test(issue))),
                },
                other => Err(RuleError::new(
                    "rule-type",
                    self.span(e),
                    format!("{} is not a condition", other.describe()),
                )
                .hint("a red line is a condition, e.g. `recognition == 'none'`")),
            },
        }
    }

    fn call(&mut self, e: &IdedExpr, call: &CallExpr, depth: u16) -> Result<Formula, RuleError> {
        let args = &call.args;
        let name = call.func_name.as_str();
        if call.target.is_some() {
            return Err(unsupported(self.span(e), &format!("the method `{name}`")));
        }
        match (name, args.len()) {
            (operators::LOGICAL_AND, _) | (operators::LOGICAL_OR, _) => {
                let mut parts = Vec::with_capacity(args.len());
                for a in args {
                    let f = self.boolean(a, depth + 1)?;
                    // Flatten nested chains of the same connective.
                    match (name, f) {
                        (operators::LOGICAL_AND, Formula::And(inner)) => parts.extend(inner),
                        (operators::LOGICAL_OR, Formula::Or(inner)) => parts.extend(inner),
                        (_, f) => parts.push(f),
                    }
                }
                Ok(if name == operators::LOGICAL_AND {
                    Formula::And(parts)
                } else {
                    Formula::Or(parts)
                })
            }
            (operators::LOGICAL_NOT, 1) => Ok(Formula::Not(Box::new(self.boolean(&args[0], depth + 1)?))),
            (operators::CONDITIONAL, 3) => {
                let c = self.boolean(&args[0], depth + 1)?;
                let a = self.boolean(&args[1], depth + 1)?;
                let b = self.boolean(&args[2], depth + 1)?;
                self.nodes += c.size() + 3;
                self.check_nodes(e)?;
                Ok(Formula::Or(vec![
                    Formula::And(vec![c.clone(), a]),
                    Formula::And(vec![Formula::Not(Box::new(c)), b]),
                ]))
            }
            ("implies", 2) => {
                let a = self.boolean(&args[0], depth + 1)?;
                let b = self.boolean(&args[1], depth + 1)?;
                Ok(Formula::Or(vec![Formula::Not(Box::new(a)), b]))
            }
            ("implies", n) => Err(RuleError::new(
                "rule-arity",
                self.span(e),
                format!("`implies` takes 2 arguments, found {n}"),
            )
            .hint("write implies(condition, consequence)")),
            (operators::EQUALS, 2)
            | (operators::NOT_EQUALS, 2)
            | (operators::LESS, 2)
            | (operators::LESS_EQUALS, 2)
            | (operators::GREATER, 2)
            | (operators::GREATER_EQUALS, 2) => {
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
            (operators::IN, 2) => self.membership(e, &args[0], &args[1]),
            (operators::INDEX, 2) | ("date", _) => match self.operand(e)? {
                Operand::Issue(issue) if matches!(issue.kind, IssueKind::Boolean) => Ok(Formula::Test(Test::Boolean {
                    issue: issue.id.clone(),
                    value: true,
                })),
                other => Err(RuleError::new(
                    "rule-type",
                    self.span(e),
                    format!("{} is not a condition", other.describe()),
                )),
            },
            (
                operators::ADD
                | operators::SUBSTRACT
                | operators::MULTIPLY
                | operators::DIVIDE
                | operators::MODULO
                | operators::NEGATE,
                _,
            ) => Err(RuleError::new(
                "rule-unsupported",
                self.span(e),
                "arithmetic is not supported in red lines",
            )
            .hint("compare an issue with a constant, e.g. `army_cap <= 800000`")),
            _ => Err(unsupported(
                self.span(e),
                &format!("the function `{}`", display_name(name)),
            )),
        }
    }

    fn check_nodes(&self, e: &IdedExpr) -> Result<(), RuleError> {
        if self.nodes > self.limits.max_nodes {
            return Err(RuleError::new(
                "rule-too-large",
                self.span(e),
                format!(
                    "the rule expands to more than {} tests and connectives",
                    self.limits.max_nodes
                ),
            )
            .hint("nested conditionals repeat their condition; split the rule into several red lines"));
        }
        Ok(())
    }

    /// An issue reference or a literal.
    fn operand(&mut self, e: &IdedExpr) -> Result<Operand<'a>, RuleError> {
        match &e.expr {
            Expr::Ident(_) | Expr::Select(_) => {
                let Some(name) = dotted_name(e) else {
                    return Err(unsupported(self.span(e), "this field selection"));
                };
                self.issue(&name, self.span(e))
            }
            Expr::Call(c) if c.func_name == operators::INDEX && c.args.len() == 2 => {
                let is_terms = matches!(&c.args[0].expr, Expr::Ident(n) if n == "terms");
                match (&c.args[1].expr, is_terms) {
                    (Expr::Literal(LiteralValue::String(s)), true) => self.issue(s.inner(), self.span(&c.args[1])),
                    _ => Err(RuleError::new(
                        "rule-unsupported",
                        self.span(e),
                        "indexing is only supported as terms['issue-id']",
                    )
                    .hint("refer to an issue by its id, or as terms['issue-id'] when the id has `-` or `.`")),
                }
            }
            Expr::Call(c) if c.func_name == "date" && c.target.is_none() => {
                let arg = match c.args.as_slice() {
                    [a] => a,
                    _ => {
                        return Err(RuleError::new("rule-arity", self.span(e), "`date` takes one argument")
                            .hint("write date('2026-03-01')"));
                    }
                };
                match &arg.expr {
                    Expr::Literal(LiteralValue::String(s)) => match parse_date(s.inner()) {
                        Some(d) => Ok(Operand::Date(d)),
                        None => Err(RuleError::new(
                            "rule-bad-date",
                            self.span(arg),
                            format!("'{}' is not a calendar date", s.inner()),
                        )
                        .hint("write a real date as YYYY-MM-DD, e.g. date('2026-03-01')")),
                    },
                    _ => Err(
                        RuleError::new("rule-type", self.span(arg), "`date` takes a string literal")
                            .hint("write date('2026-03-01')"),
                    ),
                }
            }
            Expr::Literal(lit) => match lit {
                LiteralValue::String(s) => Ok(Operand::Str(s.inner().to_owned())),
                LiteralValue::Int(n) => Ok(Operand::Int(*n.inner())),
                LiteralValue::UInt(n) => match i64::try_from(*n.inner()) {
                    Ok(n) => Ok(Operand::Int(n)),
                    Err(_) => Err(RuleError::new(
                        "rule-type",
                        self.span(e),
                        "integer does not fit in 64 bits",
                    )),
                },
                LiteralValue::Boolean(b) => Ok(Operand::Bool(*b.inner())),
                LiteralValue::Double(_) => {
                    Err(
                        RuleError::new("rule-type", self.span(e), "numbers with a fraction are not supported")
                            .hint("issues hold whole numbers; write an integer"),
                    )
                }
                LiteralValue::Null | LiteralValue::Bytes(_) => Err(RuleError::new(
                    "rule-type",
                    self.span(e),
                    "null and bytes literals are not supported",
                )),
            },
            Expr::List(_) => Err(RuleError::new("rule-type", self.span(e), "a list can only follow `in`")
                .hint("write `issue in ['a', 'b']`")),
            Expr::Comprehension(_) => Err(RuleError::new(
                "rule-unsupported",
                self.span(e),
                "macros such as all, exists, map and filter are not supported in red lines",
            )
            .hint("write the condition on each issue explicitly, joined with && or ||")),
            Expr::Map(_) | Expr::Struct(_) => Err(unsupported(self.span(e), "map and message literals")),
            Expr::Call(c)
                if matches!(
                    c.func_name.as_str(),
                    operators::ADD
                        | operators::SUBSTRACT
                        | operators::MULTIPLY
                        | operators::DIVIDE
                        | operators::MODULO
                        | operators::NEGATE
                ) =>
            {
                Err(RuleError::new(
                    "rule-unsupported",
                    self.span(e),
                    "arithmetic is not supported in red lines",
                )
                .hint("compare an issue with a constant, e.g. `army_cap <= 800000`"))
            }
            Expr::Call(c) => Err(unsupported(
                self.span(e),
                &format!("the function `{}` here", display_name(&c.func_name)),
            )),
            Expr::Unspecified => Err(RuleError::new("rule-syntax", self.span(e), "incomplete expression")),
        }
    }

    fn issue(&self, name: &str, span: Range<usize>) -> Result<Operand<'a>, RuleError> {
        match self.issues.iter().find(|i| i.id == name) {
            Some(issue) => Ok(Operand::Issue(issue)),
            None => Err(
                RuleError::new("rule-unknown-issue", span, format!("unknown issue `{name}`")).hint_opt(
                    suggest(name, self.issues.iter().map(|i| i.id.as_str())).or_else(|| {
                        Some(format!(
                            "issues of this negotiation: {}",
                            self.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>().join(", ")
                        ))
                    }),
                ),
            ),
        }
    }

    fn comparison(&mut self, e: &IdedExpr, op: CmpOp, l: &IdedExpr, r: &IdedExpr) -> Result<Formula, RuleError> {
        let left = self.operand(l)?;
        let right = self.operand(r)?;
        let (issue, op, value, value_node) = match (left, right) {
            (Operand::Issue(i), v) if !matches!(v, Operand::Issue(_)) => (i, op, v, r),
            (v, Operand::Issue(i)) if !matches!(v, Operand::Issue(_)) => (i, op.flip(), v, l),
            (Operand::Issue(a), Operand::Issue(b)) => {
                return Err(RuleError::new(
                    "rule-unsupported",
                    self.span(e),
                    format!("comparing two issues (`{}` and `{}`) is not supported", a.id, b.id),
                )
                .hint("compare each issue with a constant"));
            }
            (a, b) => {
                return Err(RuleError::new(
                    "rule-constant",
                    self.span(e),
                    format!(
                        "this compares {} with {}: no issue is involved",
                        a.describe(),
                        b.describe()
                    ),
                )
                .hint("compare an issue with a constant, e.g. `army_cap <= 800000`"));
            }
        };
        self.test(issue, op, value, self.span(value_node))
    }

    fn test(&self, issue: &Issue, op: CmpOp, value: Operand<'_>, span: Range<usize>) -> Result<Formula, RuleError> {
        let id = issue.id.clone();
        let mismatch = |value: &Operand<'_>| {
            RuleError::new(
                "rule-type",
                span.clone(),
                format!(
                    "`{}` is a {} issue and cannot be compared with {}",
                    issue.id,
                    issue.kind.name(),
                    value.describe()
                ),
            )
            .hint(example_test(issue))
        };
        let negate = |f: Formula, op: CmpOp| if op == CmpOp::Ne { Formula::Not(Box::new(f)) } else { f };
        match (&issue.kind, value) {
            (IssueKind::Enum { options }, Operand::Str(s)) => {
                if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                    return Err(RuleError::new(
                        "rule-type",
                        span,
                        format!(
                            "the options of `{}` have no order; `{}` does not apply",
                            issue.id,
                            op.symbol()
                        ),
                    )
                    .hint(format!("use == or !=, or `{} in [...]`", issue.id)));
                }
                if !options.iter().any(|o| o.id == s) {
                    return Err(RuleError::new(
                        "rule-unknown-option",
                        span,
                        format!("`{s}` is not an option of `{}`", issue.id),
                    )
                    .hint(suggest(&s, options.iter().map(|o| o.id.as_str())).unwrap_or_else(|| {
                        format!(
                            "options: {}",
                            options.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(", ")
                        )
                    })));
                }
                Ok(negate(Formula::Test(Test::Option { issue: id, option: s }), op))
            }
            (IssueKind::Boolean, Operand::Bool(b)) => match op {
                CmpOp::Eq | CmpOp::Ne => Ok(negate(Formula::Test(Test::Boolean { issue: id, value: b }), op)),
                _ => Err(RuleError::new(
                    "rule-type",
                    span,
                    format!("booleans have no order; `{}` does not apply", op.symbol()),
                )
                .hint("use == or !=")),
            },
            (IssueKind::Integer { .. }, Operand::Int(n)) => Ok(Formula::Test(Test::Integer {
                issue: id,
                op,
                value: n,
            })),
            (IssueKind::Date, Operand::Date(d)) => Ok(Formula::Test(Test::Date {
                issue: id,
                op,
                value: d,
            })),
            (IssueKind::Date, Operand::Str(s)) if parse_date(&s).is_some() => Err(RuleError::new(
                "rule-type",
                span,
                format!("`{}` is a date issue; '{s}' is a string", issue.id),
            )
            .hint(format!("write date('{s}')"))),
            (_, v) => Err(mismatch(&v)),
        }
    }

    fn membership(&mut self, e: &IdedExpr, l: &IdedExpr, r: &IdedExpr) -> Result<Formula, RuleError> {
        let issue = match self.operand(l)? {
            Operand::Issue(i) => i,
            other => {
                return Err(RuleError::new(
                    "rule-unsupported",
                    self.span(l),
                    format!("the left of `in` must be an issue, found {}", other.describe()),
                )
                .hint("write `issue in ['a', 'b']`"));
            }
        };
        let Expr::List(list) = &r.expr else {
            return Err(RuleError::new(
                "rule-unsupported",
                self.span(r),
                "the right of `in` must be a list literal",
            )
            .hint("write `issue in ['a', 'b']`"));
        };
        if list.elements.len() > self.limits.max_list {
            return Err(RuleError::new(
                "rule-too-large",
                self.span(r),
                format!(
                    "list of {} elements; at most {} are allowed",
                    list.elements.len(),
                    self.limits.max_list
                ),
            ));
        }
        let mut parts = Vec::with_capacity(list.elements.len());
        for item in &list.elements {
            self.count(item)?;
            let value = self.operand(item)?;
            if matches!(value, Operand::Issue(_)) {
                return Err(RuleError::new(
                    "rule-unsupported",
                    self.span(item),
                    "list elements must be constants",
                ));
            }
            parts.push(self.test(issue, CmpOp::Eq, value, self.span(item))?);
        }
        let _ = e;
        Ok(Formula::Or(parts))
    }
}

fn unsupported(span: Range<usize>, what: &str) -> RuleError {
    RuleError::new("rule-unsupported", span, format!("{what} is not supported in red lines")).hint(
        "red lines compare issues with constants, joined with &&, ||, !, c ? a : b and implies(a, b); see docs/positions.md",
    )
}

fn display_name(name: &str) -> String {
    name.trim_matches('_').replace("_", " ")
}

/// `a`, `a.b.c` as one dotted name.
fn dotted_name(e: &IdedExpr) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = e;
    loop {
        match &cur.expr {
            Expr::Ident(n) => {
                parts.push(n.as_str());
                parts.reverse();
                return Some(parts.join("."));
            }
            Expr::Select(s) if !s.test => {
                parts.push(s.field.as_str());
                cur = &s.operand;
            }
            _ => return None,
        }
    }
}

/// An example test on `issue`, for hints.
fn example_test(issue: &Issue) -> String {
    match &issue.kind {
        IssueKind::Enum { options } => match options.first() {
            Some(o) => format!("compare it with one of its options, e.g. `{} == '{}'`", issue.id, o.id),
            None => format!("compare it with one of its options, e.g. `{} == '...'`", issue.id),
        },
        IssueKind::Integer { .. } => format!("compare it with a whole number, e.g. `{} <= 100`", issue.id),
        IssueKind::Boolean => format!("use it on its own (`{0}`, `!{0}`) or compare with true/false", issue.id),
        IssueKind::Date => format!("compare it with a date, e.g. `{} <= date('2026-03-01')`", issue.id),
    }
}
