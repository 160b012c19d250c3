//! The zone of possible agreement: the packages every party can accept, or, when there
//! is none, why.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde::Serialize;
use truce_model::{Negotiation, TermValue};

use crate::maxmin;
use crate::milp::{self, Extra, Failure, Objective};
use crate::model::{GroupKind, Model};
use crate::position::{Positions, RedLineRef};
use crate::sat::{Answer, Oracle};
use crate::space::Space;

/// Limits and inputs of a zone search.
#[derive(Debug, Clone)]
pub struct ZopaOptions {
    /// Most minimal conflict sets to enumerate; the report says when more may exist.
    pub max_conflict_sets: usize,
    /// Most Pareto-optimal utility vectors to enumerate.
    pub max_frontier: usize,
    /// Wall-clock budget for the whole search.
    pub time_limit: Duration,
    /// A document whose terms the closest acceptable package should keep.
    pub draft: Option<String>,
}

impl Default for ZopaOptions {
    fn default() -> Self {
        ZopaOptions {
            max_conflict_sets: 100,
            max_frontier: 200,
            time_limit: Duration::from_secs(60),
            draft: None,
        }
    }
}

/// Why the zone could not be searched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ZopaError {
    /// The negotiation declares no issues.
    #[error("the negotiation declares no issues: there is nothing to agree on")]
    EmptyIssueSpace,
    /// An issue has no possible value (an enum without options, an empty integer range).
    #[error("issue `{0}` has no possible value")]
    EmptyIssue(String),
    /// No party has a position.
    #[error("no party has a position: add positions files")]
    NoPositions,
    /// The draft asked for is not a document of the negotiation.
    #[error("no document `{0}` in this negotiation")]
    UnknownDraft(String),
    /// A reservation value needs too large an encoding.
    #[error("the reservation value of `{0}` is too large to encode")]
    TooLarge(String),
    /// The time limit passed before the feasibility question was settled.
    #[error("the time limit passed before the zone was decided")]
    Timeout,
    /// A solver failed.
    #[error("solver failure: {0}")]
    Solver(String),
}

/// What `truce zopa` reports.
#[derive(Debug, Clone, Serialize)]
pub struct ZopaReport {
    /// Negotiation id.
    pub negotiation: String,
    /// Parties with a position.
    pub parties: Vec<String>,
    /// Number of red lines (reservation values included).
    pub constraints: usize,
    /// The discretised issue space.
    pub space: SpaceSummary,
    /// Whether some package is acceptable to every party.
    pub feasible: bool,
    /// When infeasible: the minimal conflict sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conflicts: Option<Conflicts>,
    /// When infeasible: the red lines whose relaxation alone opens a zone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relaxations: Vec<Relaxation>,
    /// Max of the sum of utilities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utilitarian: Option<Package>,
    /// Max of the least utility.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub egalitarian: Option<Package>,
    /// Pareto frontier of party utilities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frontier: Option<Frontier>,
    /// Nash bargaining package: max product of gains over reservation values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nash: Option<Package>,
    /// Kalai-Smorodinsky package: max of the least gain as a share of the party's ideal gain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kalai_smorodinsky: Option<Package>,
    /// The acceptable package closest to the draft.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest: Option<Closest>,
    /// Limits reached and other remarks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The issue space as searched.
#[derive(Debug, Clone, Serialize)]
pub struct SpaceSummary {
    /// Every issue with its value classes.
    pub issues: Vec<IssueValues>,
    /// Number of packages (saturating at `u128::MAX`), as a decimal string.
    pub packages: String,
}

/// An issue and its value classes.
#[derive(Debug, Clone, Serialize)]
pub struct IssueValues {
    /// Issue id.
    pub issue: String,
    /// Value classes, described.
    pub values: Vec<String>,
}

/// The minimal conflict sets.
#[derive(Debug, Clone, Serialize)]
pub struct Conflicts {
    /// Each set: red lines that cannot all hold, though any proper subset can.
    pub sets: Vec<ConflictSet>,
    /// Whether every minimal conflict set was found (false: more may exist).
    pub complete: bool,
}

/// One minimal conflict set.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictSet {
    /// Its red lines.
    pub red_lines: Vec<ConflictMember>,
    /// The issues they read.
    pub issues: Vec<String>,
    /// In plain language.
    pub explanation: String,
}

/// A red line in a conflict set.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictMember {
    /// Which red line.
    #[serde(flatten)]
    pub red_line: RedLineRef,
    /// What it says.
    pub text: String,
    /// Its rule.
    pub rule: String,
}

/// A red line whose relaxation alone opens a zone.
#[derive(Debug, Clone, Serialize)]
pub struct Relaxation {
    /// Which red line.
    #[serde(flatten)]
    pub red_line: RedLineRef,
    /// What it says.
    pub text: String,
    /// A package acceptable to all once it is dropped.
    pub example: Package,
}

/// A package: one value class per issue, with each party's utility.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Package {
    /// Issue id to the value (or value class) chosen.
    pub terms: BTreeMap<String, String>,
    /// Utility of each party with preferences, 0..=100.
    pub utilities: BTreeMap<String, f64>,
}

/// The Pareto frontier.
#[derive(Debug, Clone, Serialize)]
pub struct Frontier {
    /// One package per Pareto-optimal utility vector, by decreasing sum of utilities.
    pub packages: Vec<Package>,
    /// Whether the whole frontier was enumerated; Nash and Kalai-Smorodinsky are exact
    /// only then.
    pub complete: bool,
}

/// The acceptable package closest to a draft.
#[derive(Debug, Clone, Serialize)]
pub struct Closest {
    /// The draft's id.
    pub draft: String,
    /// Terms the package must change.
    pub changes: Vec<TermChange>,
    /// Terms the draft leaves open, with the value the package gives them.
    pub filled: BTreeMap<String, String>,
    /// The package.
    pub package: Package,
}

/// A term a package changes from a draft.
#[derive(Debug, Clone, Serialize)]
pub struct TermChange {
    /// Issue id.
    pub issue: String,
    /// The draft's value.
    pub from: String,
    /// The package's value.
    pub to: String,
    /// Provisions of the draft that set the term.
    pub provisions: Vec<String>,
}

/// What SAT probing found (see `Zone::probe`).
#[derive(Debug, Default)]
struct Probe {
    /// Atoms (issue, atom) that no package keeping every red line takes.
    impossible: Vec<(usize, usize)>,
    /// Packages of the zone found on the way; empty exactly when the zone is empty.
    packages: Vec<Vec<usize>>,
}

/// A zone search over one negotiation: the model and a SAT oracle, reusable for the
/// individual questions (the benchmark times them one by one).
pub struct Zone<'p> {
    model: Model,
    positions: &'p Positions,
}

impl<'p> Zone<'p> {
    /// Builds the zone model of `positions` over the negotiation's issue space.
    pub fn new(negotiation: &Negotiation, positions: &'p Positions) -> Result<Zone<'p>, ZopaError> {
        Zone::with_space(Space::of(negotiation, positions), positions)
    }

    /// Builds the zone model over a given space.
    pub fn with_space(space: Space, positions: &'p Positions) -> Result<Zone<'p>, ZopaError> {
        if space.issues.is_empty() {
            return Err(ZopaError::EmptyIssueSpace);
        }
        if let Some(i) = space.issues.iter().find(|i| i.atoms.is_empty()) {
            return Err(ZopaError::EmptyIssue(i.id.clone()));
        }
        if positions.parties.is_empty() {
            return Err(ZopaError::NoPositions);
        }
        Ok(Zone {
            model: Model::new(space, positions),
            positions,
        })
    }

    /// The discretised space.
    pub fn space(&self) -> &Space {
        &self.model.space
    }

    /// Every constraint (red lines, then reservation values), in index order.
    pub fn constraints(&self) -> Vec<RedLineRef> {
        self.model.groups.iter().map(|g| g.name.clone()).collect()
    }

    fn oracle(&self, deadline: Option<Instant>) -> Result<Oracle, ZopaError> {
        Oracle::new(&self.model, deadline).map_err(|_| {
            let party = self
                .model
                .groups
                .iter()
                .find_map(|g| matches!(g.kind, GroupKind::Reservation { .. }).then(|| g.name.party.clone()))
                .unwrap_or_default();
            ZopaError::TooLarge(party)
        })
    }

    fn all(&self) -> Vec<usize> {
        (0..self.model.groups.len()).collect()
    }

    /// Some package acceptable to all, or `None` when the zone is empty.
    pub fn feasible(&self, deadline: Option<Instant>) -> Result<Option<Package>, ZopaError> {
        let mut o = self.oracle(deadline)?;
        match o.solve(&self.all()) {
            Answer::Sat(atoms) => Ok(Some(self.package(&atoms))),
            Answer::Unsat(_) => Ok(None),
            Answer::Timeout => Err(ZopaError::Timeout),
        }
    }

    /// An unsatisfiable core over all constraints (not necessarily minimal), or `None`
    /// when the zone is not empty.
    pub fn core(&self, deadline: Option<Instant>) -> Result<Option<Vec<RedLineRef>>, ZopaError> {
        let mut o = self.oracle(deadline)?;
        match o.solve(&self.all()) {
            Answer::Sat(_) => Ok(None),
            Answer::Unsat(core) => Ok(Some(self.names(&core))),
            Answer::Timeout => Err(ZopaError::Timeout),
        }
    }

    /// One minimal conflict set (a core shrunk by a deletion filter), or `None` when the
    /// zone is not empty.
    pub fn minimal_conflict_set(&self, deadline: Option<Instant>) -> Result<Option<Vec<RedLineRef>>, ZopaError> {
        let mut o = self.oracle(deadline)?;
        let core = match o.solve(&self.all()) {
            Answer::Sat(_) => return Ok(None),
            Answer::Unsat(core) => core,
            Answer::Timeout => return Err(ZopaError::Timeout),
        };
        let mus = shrink(&mut o, core).ok_or(ZopaError::Timeout)?;
        Ok(Some(self.names(&mus)))
    }

    /// Every minimal conflict set, up to `limit` (MARCO); the flag is true when the
    /// enumeration is complete.
    pub fn conflict_sets(
        &self,
        limit: usize,
        deadline: Option<Instant>,
    ) -> Result<(Vec<Vec<RedLineRef>>, bool), ZopaError> {
        let mut o = self.oracle(deadline)?;
        let (sets, complete) = self.marco(&mut o, limit, deadline);
        Ok((sets.iter().map(|s| self.names(s)).collect(), complete))
    }

    /// The utilitarian package (max sum of utilities) and its value in points
    /// (utility x 100, summed), or `None` when the zone is empty or nobody has
    /// preferences.
    pub fn utilitarian(&self, deadline: Option<Instant>) -> Result<Option<(Package, i64)>, ZopaError> {
        self.optimum(&Objective::Utilitarian, deadline)
    }

    /// The egalitarian package (max of the least utility) and that least utility in points.
    ///
    /// Solved by a dedicated branch and bound (`crate::maxmin`: LP bounds from a dense
    /// dual simplex, checked through Lagrangian duality, with propagation and
    /// reduced-cost fixing), after SAT probing; the MILP solver takes over only when the
    /// LP would be too large for the dense engine.
    pub fn egalitarian(&self, deadline: Option<Instant>) -> Result<Option<(Package, i64)>, ZopaError> {
        if self.model.utilities.is_empty() {
            return Ok(None);
        }
        let mut oracle = self.oracle(deadline)?;
        let Probe { impossible, packages } = self.probe(&mut oracle)?;
        if packages.is_empty() {
            return Ok(None);
        }
        let reservations = self.reservation_groups();
        match maxmin::solve(
            &self.model,
            &impossible,
            &packages,
            (&mut oracle, &reservations),
            deadline,
        ) {
            Ok(Some((atoms, _))) => self.egalitarian_answer(&atoms).map(Some),
            Ok(None) => Ok(None),
            Err(maxmin::Failure::Timeout) => Err(ZopaError::Timeout),
            Err(maxmin::Failure::TooLarge) => self.egalitarian_by_milp(impossible, deadline),
        }
    }

    /// The egalitarian package computed by the MILP solver instead (for comparisons and
    /// tests; [`Zone::egalitarian`] is the method to use).
    #[doc(hidden)]
    pub fn egalitarian_milp(&self, deadline: Option<Instant>) -> Result<Option<(Package, i64)>, ZopaError> {
        if self.model.utilities.is_empty() {
            return Ok(None);
        }
        let mut oracle = self.oracle(deadline)?;
        let impossible = self.probe(&mut oracle)?.impossible;
        self.egalitarian_by_milp(impossible, deadline)
    }

    fn egalitarian_by_milp(
        &self,
        impossible: Vec<(usize, usize)>,
        deadline: Option<Instant>,
    ) -> Result<Option<(Package, i64)>, ZopaError> {
        let active = vec![true; self.model.groups.len()];
        let extra = Extra {
            impossible,
            ..Extra::default()
        };
        match milp::solve(&self.model, &active, &Objective::Egalitarian, &extra, deadline) {
            Ok((atoms, _)) => self.egalitarian_answer(&atoms).map(Some),
            Err(Failure::Infeasible) => Ok(None),
            Err(Failure::Timeout(_)) => Err(ZopaError::Timeout),
            Err(Failure::Internal(e)) => Err(ZopaError::Solver(e)),
        }
    }

    /// A checked egalitarian package and its least utility in points.
    fn egalitarian_answer(&self, atoms: &[usize]) -> Result<(Package, i64), ZopaError> {
        self.verify(atoms)?;
        let least = self.model.utility_points(atoms).into_iter().min().unwrap_or(0);
        Ok((self.package(atoms), least))
    }

    fn optimum(&self, objective: &Objective, deadline: Option<Instant>) -> Result<Option<(Package, i64)>, ZopaError> {
        if self.model.utilities.is_empty() {
            return Ok(None);
        }
        let active = vec![true; self.model.groups.len()];
        match milp::solve(&self.model, &active, objective, &Extra::default(), deadline) {
            Ok((atoms, _)) => {
                self.verify(&atoms)?;
                let pts = self.model.utility_points(&atoms);
                Ok(Some((self.package(&atoms), pts.iter().sum())))
            }
            Err(Failure::Infeasible) => Ok(None),
            Err(Failure::Timeout(_)) => Err(ZopaError::Timeout),
            Err(Failure::Internal(e)) => Err(ZopaError::Solver(e)),
        }
    }

    /// Failed-literal probing with the SAT solver, red lines only: the atoms no package
    /// keeping every red line can take (so none of the zone either), and packages of the
    /// zone to start from (empty exactly when the zone is empty). The red lines are
    /// fixed on in the oracle; reservation values stay switched by assumption (see
    /// [`Zone::reservation_groups`]): through their decision diagrams, each probe would
    /// cost far more.
    fn probe(&self, o: &mut Oracle) -> Result<Probe, ZopaError> {
        let red_lines: Vec<usize> = (0..self.model.groups.len())
            .filter(|&g| matches!(self.model.groups[g].kind, GroupKind::RedLine { .. }))
            .collect();
        o.fix_on(&red_lines);
        let reservations = self.reservation_groups();
        let mut packages = Vec::new();
        match o.solve_with(&reservations, &[]) {
            Answer::Sat(atoms) => packages.push(atoms),
            Answer::Unsat(_) => return Ok(Probe::default()),
            Answer::Timeout => return Err(ZopaError::Timeout),
        }
        let mut possible: Vec<Vec<bool>> = self.model.x.iter().map(|row| vec![false; row.len()]).collect();
        let mut impossible = Vec::new();
        for (i, row) in self.model.x.iter().enumerate() {
            for (a, &v) in row.iter().enumerate() {
                if possible[i][a] {
                    continue;
                }
                match o.solve_with(&[], &[crate::model::Lit::pos(v)]) {
                    Answer::Sat(atoms) => {
                        for (j, &b) in atoms.iter().enumerate() {
                            possible[j][b] = true;
                        }
                        packages.push(atoms);
                    }
                    Answer::Unsat(_) => impossible.push((i, a)),
                    Answer::Timeout => return Err(ZopaError::Timeout),
                }
            }
        }
        Ok(Probe { impossible, packages })
    }

    /// The reservation-value groups.
    fn reservation_groups(&self) -> Vec<usize> {
        (0..self.model.groups.len())
            .filter(|&g| matches!(self.model.groups[g].kind, GroupKind::Reservation { .. }))
            .collect()
    }

    /// Checks a solver's package against every rule directly.
    fn verify(&self, atoms: &[usize]) -> Result<(), ZopaError> {
        for g in 0..self.model.groups.len() {
            if !self.model.group_holds(g, atoms, self.positions) {
                return Err(ZopaError::Solver(format!(
                    "a solver returned a package that breaks {}",
                    self.model.groups[g].name
                )));
            }
        }
        Ok(())
    }

    fn names(&self, groups: &[usize]) -> Vec<RedLineRef> {
        let mut v: Vec<RedLineRef> = groups.iter().map(|&g| self.model.groups[g].name.clone()).collect();
        v.sort();
        v
    }

    /// A package with its utilities.
    pub(crate) fn package(&self, atoms: &[usize]) -> Package {
        let terms = self
            .model
            .space
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| (issue.id.clone(), self.model.space.describe(i, atoms[i])))
            .collect();
        let pts = self.model.utility_points(atoms);
        let utilities = self
            .model
            .utilities
            .iter()
            .zip(pts)
            .map(|(u, p)| (u.party.clone(), p as f64 / 100.0))
            .collect();
        Package { terms, utilities }
    }

    /// MARCO: alternate between a map solver proposing unexplored subsets of
    /// constraints and the oracle, shrinking unsatisfiable subsets to minimal conflict
    /// sets and growing satisfiable ones to maximal satisfiable subsets.
    fn marco(&self, o: &mut Oracle, limit: usize, deadline: Option<Instant>) -> (Vec<Vec<usize>>, bool) {
        use batsat::{Lit as BLit, Solver, SolverInterface, SolverOpts, lbool};
        let n = self.model.groups.len();
        let mut map = Solver::new(SolverOpts::default(), crate::sat::Deadline(deadline));
        let s: Vec<batsat::Var> = (0..n).map(|_| map.new_var(lbool::TRUE, true)).collect();
        let mut sets: Vec<Vec<usize>> = Vec::new();
        loop {
            let r = map.solve_limited(&[]);
            if r == lbool::FALSE {
                return (sets, true);
            }
            if r != lbool::TRUE || sets.len() >= limit {
                return (sets, false);
            }
            let seed: Vec<usize> = (0..n).filter(|&g| map.value_var(s[g]) != lbool::FALSE).collect();
            match o.solve(&seed) {
                Answer::Timeout => return (sets, false),
                Answer::Sat(atoms) => {
                    // Grow to a maximal satisfiable subset: first every constraint the
                    // package already keeps, then the others one by one.
                    let mut mss: Vec<bool> = (0..n)
                        .map(|g| self.model.group_holds(g, &atoms, self.positions))
                        .collect();
                    for g in &seed {
                        mss[*g] = true;
                    }
                    for g in 0..n {
                        if mss[g] {
                            continue;
                        }
                        let trial: Vec<usize> = (0..n).filter(|&h| mss[h] || h == g).collect();
                        match o.solve(&trial) {
                            Answer::Sat(atoms) => {
                                for (h, m) in mss.iter_mut().enumerate() {
                                    if !*m && self.model.group_holds(h, &atoms, self.positions) {
                                        *m = true;
                                    }
                                }
                            }
                            Answer::Unsat(_) => {}
                            Answer::Timeout => return (sets, false),
                        }
                    }
                    let mut block: Vec<BLit> = (0..n).filter(|&g| !mss[g]).map(|g| BLit::new(s[g], true)).collect();
                    if block.is_empty() {
                        return (sets, true);
                    }
                    map.add_clause_reuse(&mut block);
                }
                Answer::Unsat(core) => {
                    let Some(mut mus) = shrink(o, core) else {
                        return (sets, false);
                    };
                    mus.sort_unstable();
                    let mut block: Vec<BLit> = mus.iter().map(|&g| BLit::new(s[g], false)).collect();
                    map.add_clause_reuse(&mut block);
                    sets.push(mus);
                }
            }
        }
    }

    /// Runs every analysis and writes the report.
    pub fn report(&self, negotiation: &Negotiation, options: &ZopaOptions) -> Result<ZopaReport, ZopaError> {
        let deadline = Instant::now() + options.time_limit;
        let deadline = Some(deadline);
        let space = &self.model.space;
        let mut report = ZopaReport {
            negotiation: negotiation.id.clone(),
            parties: self.positions.parties.iter().map(|p| p.party.clone()).collect(),
            constraints: self.model.groups.len(),
            space: SpaceSummary {
                issues: space
                    .issues
                    .iter()
                    .enumerate()
                    .map(|(i, issue)| IssueValues {
                        issue: issue.id.clone(),
                        values: (0..issue.atoms.len()).map(|a| space.describe(i, a)).collect(),
                    })
                    .collect(),
                packages: space.size().to_string(),
            },
            feasible: false,
            conflicts: None,
            relaxations: Vec::new(),
            utilitarian: None,
            egalitarian: None,
            frontier: None,
            nash: None,
            kalai_smorodinsky: None,
            closest: None,
            notes: Vec::new(),
        };
        let draft = match &options.draft {
            Some(id) => Some(
                negotiation
                    .document(id)
                    .ok_or_else(|| ZopaError::UnknownDraft(id.clone()))?,
            ),
            None => None,
        };
        let mut o = self.oracle(deadline)?;
        let all = self.all();
        match o.solve(&all) {
            Answer::Timeout => return Err(ZopaError::Timeout),
            Answer::Sat(_) => report.feasible = true,
            Answer::Unsat(_) => {
                let (sets, complete) = self.marco(&mut o, options.max_conflict_sets, deadline);
                if !complete {
                    report.notes.push(format!(
                        "stopped after {} minimal conflict sets ({}): more may exist",
                        sets.len(),
                        if sets.len() >= options.max_conflict_sets {
                            "the limit"
                        } else {
                            "the time limit"
                        }
                    ));
                }
                // Smallest sets first, then by name, whatever order MARCO found them in.
                let mut sets: Vec<ConflictSet> = sets.iter().map(|s| self.conflict_set(s)).collect();
                sets.sort_by(|a, b| {
                    a.red_lines.len().cmp(&b.red_lines.len()).then_with(|| {
                        let names =
                            |s: &ConflictSet| s.red_lines.iter().map(|m| m.red_line.clone()).collect::<Vec<_>>();
                        names(a).cmp(&names(b))
                    })
                });
                report.conflicts = Some(Conflicts { sets, complete });
                for g in 0..self.model.groups.len() {
                    let rest: Vec<usize> = all.iter().copied().filter(|&h| h != g).collect();
                    match o.solve(&rest) {
                        Answer::Sat(atoms) => report.relaxations.push(Relaxation {
                            red_line: self.model.groups[g].name.clone(),
                            text: self.group_text(g),
                            example: self.package(&atoms),
                        }),
                        Answer::Unsat(_) => {}
                        Answer::Timeout => {
                            report
                                .notes
                                .push("time limit reached while checking single relaxations".to_owned());
                            break;
                        }
                    }
                }
                if report.relaxations.is_empty() {
                    report
                        .notes
                        .push("no single red line, if relaxed, opens a zone: at least two must move".to_owned());
                }
                return Ok(report);
            }
        }
        let note = |report: &mut ZopaReport, what: &str, e: ZopaError| {
            report.notes.push(format!("{what}: {e}"));
        };
        let utilitarian = match self.utilitarian(deadline) {
            Ok(u) => u,
            Err(e) => {
                note(&mut report, "utilitarian package", e);
                None
            }
        };
        report.utilitarian = utilitarian.as_ref().map(|(p, _)| p.clone());
        match self.egalitarian(deadline) {
            Ok(e) => report.egalitarian = e.map(|(p, _)| p),
            Err(e) => note(&mut report, "egalitarian package", e),
        }
        if !self.model.utilities.is_empty() {
            match self.frontier(options.max_frontier, deadline) {
                Ok((points, complete)) => {
                    if !complete {
                        report.notes.push(format!(
                            "the Pareto frontier was cut at {} points: Nash and Kalai-Smorodinsky are the best among them",
                            points.len()
                        ));
                    }
                    report.nash = self.nash(&points).map(|a| self.package(a));
                    match self.ideals(deadline) {
                        Ok(ideal) => {
                            report.kalai_smorodinsky = self.kalai_smorodinsky(&points, &ideal).map(|a| self.package(a))
                        }
                        Err(e) => note(&mut report, "Kalai-Smorodinsky package", e),
                    }
                    report.frontier = Some(Frontier {
                        packages: points.iter().map(|a| self.package(a)).collect(),
                        complete,
                    });
                }
                Err(e) => note(&mut report, "Pareto frontier", e),
            }
        }
        if let Some(doc) = draft {
            match self.closest(doc, deadline) {
                Ok(c) => report.closest = c,
                Err(e) => note(&mut report, "closest package", e),
            }
        }
        Ok(report)
    }

    fn group_text(&self, g: usize) -> String {
        match &self.model.groups[g].kind {
            GroupKind::RedLine { text, .. } => text.clone(),
            GroupKind::Reservation { points, .. } => {
                format!("utility of at least {} (its reservation value)", *points as f64 / 100.0)
            }
        }
    }

    fn conflict_set(&self, groups: &[usize]) -> ConflictSet {
        let mut members = Vec::new();
        let mut issues: Vec<String> = Vec::new();
        for &g in groups {
            let group = &self.model.groups[g];
            let rule = match &group.kind {
                GroupKind::RedLine { rule, issues: used, .. } => {
                    for i in used {
                        if !issues.contains(i) {
                            issues.push(i.clone());
                        }
                    }
                    rule.clone()
                }
                GroupKind::Reservation { points, .. } => format!("utility >= {}", *points as f64 / 100.0),
            };
            members.push(ConflictMember {
                red_line: group.name.clone(),
                text: self.group_text(g),
                rule,
            });
        }
        members.sort_by(|a, b| a.red_line.cmp(&b.red_line));
        let parts: Vec<String> = members
            .iter()
            .map(|m| format!("{} requires: {} ({})", m.red_line.party, m.text, m.rule))
            .collect();
        let explanation = format!(
            "No package keeps all {} of these red lines together, though any {} of them can hold: {}.{}",
            members.len(),
            members.len().saturating_sub(1),
            parts.join("; "),
            if issues.is_empty() {
                String::new()
            } else {
                format!(" They meet on: {}.", issues.join(", "))
            }
        );
        ConflictSet {
            red_lines: members,
            issues,
            explanation,
        }
    }

    /// Pareto-optimal packages: each round maximises the sum of utilities over the
    /// packages not weakly dominated by any point found so far, which yields a new
    /// Pareto-optimal utility vector until none is left.
    fn frontier(&self, limit: usize, deadline: Option<Instant>) -> Result<(Vec<Vec<usize>>, bool), ZopaError> {
        let active = vec![true; self.model.groups.len()];
        let mut extra = Extra::default();
        let mut points = Vec::new();
        while points.len() < limit {
            match milp::solve(&self.model, &active, &Objective::Utilitarian, &extra, deadline) {
                Ok((atoms, _)) => {
                    self.verify(&atoms)?;
                    extra.not_dominated_by.push(self.model.utility_points(&atoms));
                    points.push(atoms);
                }
                Err(Failure::Infeasible) => return Ok((points, true)),
                Err(Failure::Timeout(_)) => return Ok((points, false)),
                Err(Failure::Internal(e)) => return Err(ZopaError::Solver(e)),
            }
        }
        Ok((points, false))
    }

    /// The gains over reservation values of a package, in points.
    fn gains(&self, atoms: &[usize]) -> Vec<i64> {
        self.model
            .utility_points(atoms)
            .iter()
            .zip(&self.model.utilities)
            .map(|(u, p)| u - p.reservation.min(*u))
            .collect()
    }

    /// Among `points`, the one with the largest product of gains (ties: largest sum).
    fn nash<'a>(&self, points: &'a [Vec<usize>]) -> Option<&'a Vec<usize>> {
        let key = |atoms: &Vec<usize>| -> (f64, i64) {
            let g = self.gains(atoms);
            let log: f64 = g
                .iter()
                .map(|&x| if x > 0 { (x as f64).ln() } else { f64::NEG_INFINITY })
                .sum();
            (log, g.iter().sum())
        };
        points.iter().max_by(|a, b| {
            let (la, sa) = key(a);
            let (lb, sb) = key(b);
            exact_product_cmp(&self.gains(a), &self.gains(b))
                .unwrap_or_else(|| la.total_cmp(&lb))
                .then(sa.cmp(&sb))
        })
    }

    /// Each party's best utility over the zone, in points.
    fn ideals(&self, deadline: Option<Instant>) -> Result<Vec<i64>, ZopaError> {
        let active = vec![true; self.model.groups.len()];
        (0..self.model.utilities.len())
            .map(
                |k| match milp::solve(&self.model, &active, &Objective::Party(k), &Extra::default(), deadline) {
                    Ok((atoms, _)) => Ok(self.model.utility_points(&atoms)[k]),
                    Err(Failure::Infeasible) => Ok(0),
                    Err(Failure::Timeout(_)) => Err(ZopaError::Timeout),
                    Err(Failure::Internal(e)) => Err(ZopaError::Solver(e)),
                },
            )
            .collect()
    }

    /// Among `points`, the one maximising the least ratio gain / ideal gain (ties:
    /// largest sum); compared exactly with integer cross-products.
    fn kalai_smorodinsky<'a>(&self, points: &'a [Vec<usize>], ideal: &[i64]) -> Option<&'a Vec<usize>> {
        let ideal_gain: Vec<i64> = ideal
            .iter()
            .zip(&self.model.utilities)
            .map(|(i, u)| (i - u.reservation).max(0))
            .collect();
        // The least ratio as a fraction (num, den), den > 0.
        let least = |atoms: &Vec<usize>| -> (i128, i128) {
            let g = self.gains(atoms);
            let mut best: (i128, i128) = (1, 1);
            for (x, &d) in g.iter().zip(&ideal_gain) {
                if d > 0 {
                    let r = (i128::from(*x), i128::from(d));
                    if r.0 * best.1 < best.0 * r.1 {
                        best = r;
                    }
                }
            }
            best
        };
        points.iter().max_by(|a, b| {
            let (na, da) = least(a);
            let (nb, db) = least(b);
            (na * db).cmp(&(nb * da)).then_with(|| {
                let sa: i64 = self.model.utility_points(a).iter().sum();
                let sb: i64 = self.model.utility_points(b).iter().sum();
                sa.cmp(&sb)
            })
        })
    }

    /// The acceptable package that changes the fewest of the draft's terms (open terms
    /// are free); among those, the one with the largest sum of utilities.
    fn closest(&self, doc: &truce_model::Document, deadline: Option<Instant>) -> Result<Option<Closest>, ZopaError> {
        let space = &self.model.space;
        let mut set: BTreeMap<usize, (TermValue, Vec<String>)> = BTreeMap::new();
        let mut conflicting = Vec::new();
        for p in &doc.provisions {
            for (issue, value) in &p.terms {
                let Some(i) = space.issue_index(issue) else { continue };
                match set.get_mut(&i) {
                    Some((v, provs)) => {
                        if v != value {
                            conflicting.push(i);
                        }
                        provs.push(p.id.clone());
                    }
                    None => {
                        set.insert(i, (value.clone(), vec![p.id.clone()]));
                    }
                }
            }
        }
        let targets: Vec<(usize, usize)> = set
            .iter()
            .filter(|(i, _)| !conflicting.contains(i))
            .filter_map(|(&i, (v, _))| space.atom_of(i, v).map(|a| (i, a)))
            .collect();
        let active = vec![true; self.model.groups.len()];
        let atoms = match milp::solve(
            &self.model,
            &active,
            &Objective::Closest(targets.clone()),
            &Extra::default(),
            deadline,
        ) {
            Ok((atoms, _)) => atoms,
            Err(Failure::Infeasible) => return Ok(None),
            Err(Failure::Timeout(_)) => return Err(ZopaError::Timeout),
            Err(Failure::Internal(e)) => return Err(ZopaError::Solver(e)),
        };
        self.verify(&atoms)?;
        let mut changes = Vec::new();
        let mut filled = BTreeMap::new();
        for (i, issue) in space.issues.iter().enumerate() {
            match set.get(&i) {
                Some((v, provs)) => {
                    let keeps = targets.iter().any(|&(ti, ta)| ti == i && ta == atoms[i]);
                    if !keeps {
                        changes.push(TermChange {
                            issue: issue.id.clone(),
                            from: v.to_string(),
                            to: space.describe(i, atoms[i]),
                            provisions: provs.clone(),
                        });
                    }
                }
                None => {
                    filled.insert(issue.id.clone(), space.describe(i, atoms[i]));
                }
            }
        }
        Ok(Some(Closest {
            draft: doc.id.clone(),
            changes,
            filled,
            package: self.package(&atoms),
        }))
    }

    /// Every package term as an atom index is internal; this gives the atom of each
    /// issue of a package, for tests.
    #[doc(hidden)]
    pub fn atoms_of(&self, package: &Package) -> Option<Vec<usize>> {
        self.model
            .space
            .issues
            .iter()
            .enumerate()
            .map(|(i, issue)| {
                let want = package.terms.get(&issue.id)?;
                (0..issue.atoms.len()).find(|&a| &self.model.space.describe(i, a) == want)
            })
            .collect()
    }

    /// Whether every constraint holds on a package given as atoms.
    #[doc(hidden)]
    pub fn holds(&self, atoms: &[usize]) -> bool {
        (0..self.model.groups.len()).all(|g| self.model.group_holds(g, atoms, self.positions))
    }

    /// Whether the named constraints can all hold together (a direct check, for tests).
    #[doc(hidden)]
    pub fn satisfiable(&self, names: &[RedLineRef]) -> Result<bool, ZopaError> {
        let idx: Vec<usize> = names
            .iter()
            .filter_map(|n| self.model.groups.iter().position(|g| &g.name == n))
            .collect();
        let mut o = self.oracle(None)?;
        match o.solve(&idx) {
            Answer::Sat(_) => Ok(true),
            Answer::Unsat(_) => Ok(false),
            Answer::Timeout => Err(ZopaError::Timeout),
        }
    }

    /// Utility points per party (in `Zone` party order) of a package given as atoms.
    #[doc(hidden)]
    pub fn points_of(&self, atoms: &[usize]) -> Vec<i64> {
        self.model.utility_points(atoms)
    }
}

/// Compares the products of two gain vectors exactly when they fit in 128 bits.
fn exact_product_cmp(a: &[i64], b: &[i64]) -> Option<std::cmp::Ordering> {
    let prod = |v: &[i64]| -> Option<u128> {
        v.iter()
            .try_fold(1u128, |acc, &x| acc.checked_mul(u128::try_from(x.max(0)).ok()?))
    };
    Some(prod(a)?.cmp(&prod(b)?))
}

/// Shrinks an unsatisfiable set of groups to a minimal one by deletion, using each
/// smaller core the oracle returns. `None` on timeout.
fn shrink(o: &mut Oracle, core: Vec<usize>) -> Option<Vec<usize>> {
    let mut cur = core;
    let mut i = 0;
    while i < cur.len() {
        let trial: Vec<usize> = cur
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != i)
            .map(|(_, &g)| g)
            .collect();
        match o.solve(&trial) {
            Answer::Unsat(c) => {
                let before = cur[..i].iter().filter(|g| c.contains(g)).count();
                cur = trial.into_iter().filter(|g| c.contains(g)).collect();
                i = before;
            }
            Answer::Sat(_) => i += 1,
            Answer::Timeout => return None,
        }
    }
    Some(cur)
}

/// Runs the zone search over a negotiation.
pub fn zopa(negotiation: &Negotiation, positions: &Positions, options: &ZopaOptions) -> Result<ZopaReport, ZopaError> {
    Zone::new(negotiation, positions)?.report(negotiation, options)
}
