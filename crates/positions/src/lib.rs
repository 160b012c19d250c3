//! Parties' positions, draft assessment and the zone of possible agreement.
//!
//! A *position* is one party's file (see `docs/positions.md`): red lines written as rules
//! in a sandboxed expression language (CEL, behind the [`RuleLanguage`] trait), and
//! preferences (issue weights summing to 100, a 0..=100 score for every value of a
//! weighted issue, a reservation value), every part with provenance.
//!
//! - [`load_positions`] reads the files with located diagnostics, in the agreement
//!   model's style ([`truce_model::Diagnostic`]).
//! - [`assess`] checks one draft against every position: a party x red-line matrix of
//!   holds / broken / unknown (an open term is unknown, never a pass) with the provisions
//!   that decide each verdict, and each party's utility range.
//! - [`zopa`] searches the whole issue space with real solvers: a CDCL SAT solver
//!   (BatSat) for feasibility, minimal conflict sets (MARCO) and relaxations, a MILP
//!   solver (microlp) for the utilitarian, Pareto, Nash, Kalai-Smorodinsky and
//!   closest-to-draft packages, and a dedicated branch and bound (a dense dual simplex
//!   for LP bounds, checked by weak duality) for the egalitarian one. See
//!   `crates/positions/DESIGN.md`.
//!
//! ```
//! use truce_model::{SourceMap, load_sources};
//! use truce_positions::{ZopaOptions, load_position_sources, zopa};
//!
//! let negotiation = r#"
//! [negotiation]
//! id = "demo"
//! title = "Demo"
//! [[parties]]
//! id = "a"
//! name = "A"
//! kind = "state"
//! [[parties]]
//! id = "b"
//! name = "B"
//! kind = "state"
//! [[issues]]
//! id = "cap"
//! title = "Army ceiling"
//! type = "integer"
//! min = 0
//! max = 1000000
//! "#;
//! let loaded = load_sources(("negotiation.toml", negotiation), &[]);
//! let negotiation = loaded.negotiation.unwrap();
//! let claim = "[[provenance]]\nsource = \"https://example.org\"\npublisher = \"Example\"\ndate = 2025-11-23\nconfidence = 0.7\n";
//! let a = format!("[position]\nparty = \"a\"\n{claim}[[red_lines]]\nid = \"floor\"\ntext = \"No cap below 800,000.\"\nrule = \"cap >= 800000\"\n");
//! let b = format!("[position]\nparty = \"b\"\n{claim}[[red_lines]]\nid = \"ceiling\"\ntext = \"Cap at most 600,000.\"\nrule = \"cap <= 600000\"\n");
//! let mut sources = SourceMap::default();
//! let positions = load_position_sources(&negotiation, &mut sources, &[("a.toml", &a), ("b.toml", &b)]);
//! assert_eq!(positions.error_count(), 0);
//! let report = zopa(&negotiation, &positions.positions, &ZopaOptions::default()).unwrap();
//! assert!(!report.feasible);
//! assert_eq!(report.conflicts.unwrap().sets[0].red_lines.len(), 2);
//! ```

#![warn(missing_docs)]

mod assess;
mod cel;
pub mod instance;
mod load;
mod maxmin;
mod milp;
mod model;
mod position;
mod rule;
mod sat;
mod simplex;
mod space;
mod util;
mod zopa;

pub use assess::{Assessment, ConflictingTerm, PartyAssessment, RedLineAssessment, UtilityRange, assess};
pub use cel::{Cel, Limits, Parsed, parse as parse_cel};
pub use load::{LoadedPositions, MAX_FILE_BYTES, load_position_sources, load_position_sources_with, load_positions};
pub use position::{
    IssueUtility, PartyPosition, Positions, Preferences, RESERVATION_ID, RangeUtility, RedLine, RedLineRef, date_value,
};
pub use rule::{CmpOp, Formula, Rule, RuleError, RuleLanguage, Test, Truth};
pub use space::{Atom, Space, SpaceIssue, ValueKind};
pub use zopa::{
    Closest, ConflictMember, ConflictSet, Conflicts, Frontier, IssueValues, Package, Relaxation, SpaceSummary,
    TermChange, Zone, ZopaError, ZopaOptions, ZopaReport, zopa,
};
