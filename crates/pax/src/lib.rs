//! Reader of the PA-X v9 peace agreements export.
//!
//! PA-X (the Peace Agreements Database, PeaceRep, University of Edinburgh) publishes its
//! coded agreements as one CSV file: a row per agreement, metadata columns (`AgtId`,
//! `Agt`, `Dat`, `Stage`, ...) followed by one column per provision code. This crate
//! reads that file row by row into [`Agreement`]s, keeping only the codes an agreement
//! actually carries, and never stops at a bad row: each one becomes a [`Reject`] naming
//! its line and what was wrong. Only problems with the file as a whole (a missing
//! column, bytes that are not UTF-8) fail the read with a [`PaxError`].
//!
//! The code list and the highest level of each code come from
//! [`truce_model::pax_taxonomy`]; every code of that taxonomy must be a header column.
//!
//! Data source: <https://github.com/peacerep/pax-map> (`data/pax_all_agreements_data_v9.csv`).
//! Cite PA-X as Bell & Badanjak (2019), "Introducing PA-X", Journal of Peace Research 56(3).

mod agreement;
mod reader;

pub use agreement::Agreement;
pub use reader::{METADATA_COLUMNS, PaxError, PaxRead, PaxReader, Reject, RejectReason, Row, read_agreements};

#[cfg(test)]
mod tests;
