//! The truce agreement model.
//!
//! A [`Negotiation`] holds [`Party`]s, an issue space of typed [`Issue`]s and a family of
//! [`Document`]s (drafts, leaks, counter-proposals), each made of ordered [`Provision`]s
//! that carry PA-X topic codes, typed [`TermValue`]s bound to the issue space, and
//! [`Provenance`] claims with a confidence.
//!
//! Scenarios are written by people as TOML (see `docs/format.md`). Loading never stops at
//! the first mistake: [`load_scenario`] returns whatever model it could build together
//! with *every* [`Diagnostic`], each pointing at a file, a byte span and a hint.
//!
//! ```
//! use truce_model::{load_sources, Severity};
//!
//! let negotiation = r#"
//! [negotiation]
//! id = "demo"
//! title = "A demo negotiation"
//!
//! [[parties]]
//! id = "a"
//! name = "Party A"
//! kind = "state"
//!
//! [[issues]]
//! id = "army_cap"
//! title = "Army ceiling"
//! type = "integer"
//! unit = "personnel"
//! "#;
//! let draft = r#"
//! [document]
//! id = "draft-1"
//! title = "First draft"
//! date = 2025-11-20
//! stage = "SubComp"
//! status = "proposal"
//!
//! [[provisions]]
//! id = "d1-01"
//! number = "1"
//! text = "The army is capped."
//! codes = { SsrArm = 3 }
//! terms = { army_cap = "six hundred thousand" }
//! "#;
//! let loaded = load_sources(
//!     ("negotiation.toml", negotiation),
//!     &[("documents/draft-1.toml", draft)],
//! );
//! assert_eq!(loaded.error_count(), 1);
//! let d = &loaded.diagnostics[0];
//! assert_eq!(d.severity, Severity::Error);
//! assert_eq!(d.code, "term-type");
//! ```

mod ceasefire;
mod diagnostic;
mod document;
mod export;
mod id;
mod issue;
mod load;
mod negotiation;
pub mod pax_taxonomy;
mod provenance;
mod provision;
mod schema;
mod source;
pub mod toml_fields;
mod write;

pub use ceasefire::{Ceasefire, EVENT_CLASSES, Geometry, GeometryKind, Zone, ZoneKind, ZoneSide};
pub use diagnostic::{Diagnostic, RenderOptions, Severity, count_errors};
pub use document::{Document, Relation, RelationKind, Stage, Status};
pub use export::{EXPORT_FORMAT, Export, ExportDocument, ExportNegotiation};
pub use id::{ID_MAX_LEN, is_valid_id};
pub use issue::{Issue, IssueKind, IssueOption, TermValue};
pub use load::{Loaded, find_scenario_root, load_scenario, load_sources};
pub use negotiation::{AlignmentLink, LinkStatus, Negotiation, Party, PartyKind};
pub use provenance::Provenance;
pub use provision::Provision;
pub use schema::{export_schema, input_schema};
pub use source::{FileId, SourceFile, SourceMap};
pub use write::{document_to_toml, negotiation_to_toml};

/// Calendar dates throughout the model (no time of day, no zone).
pub type Date = jiff::civil::Date;
