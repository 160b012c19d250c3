//! Precedents: the PA-X agreements nearest to a provision-code profile.
//!
//! PA-X codes what each peace agreement provides for with about 250 provision codes,
//! each at a level (1 rhetorical, 2 some detail, 3 detailed; binary codes are 0 or 1).
//! Given the profile of one agreement, or of a draft written in a scenario, this crate
//! finds the agreements of the corpus whose profiles are closest, and says why: which
//! codes both carry, and which only one side does.
//!
//! # Similarity
//!
//! For a query profile `q` and an agreement `a`, with `q_c` and `a_c` the levels
//! (0 when absent) of taxonomy code `c` and `w_c` the weight of the code, the score is
//! the weighted Jaccard (Ruzicka) similarity over levels:
//!
//! ```text
//!                 sum_c  w_c * min(q_c, a_c)
//! score(q, a) =  ----------------------------
//!                 sum_c  w_c * max(q_c, a_c)
//! ```
//!
//! It reads as "the share of the two texts' combined weighted content that both carry".
//! It lies in `[0, 1]`, is symmetric, is 1 only when both carry the same weighted codes
//! at the same levels, and ignores codes neither carries; a code one side carries at 3
//! and the other at 1 counts as an overlap of 1 out of 3. Levels are used as PA-X gives
//! them, so a detailed provision under a 0-3 code weighs up to three times a binary code.
//!
//! With [`Weighting::Idf`] (the default) each code weighs its smoothed inverse document
//! frequency in the corpus:
//!
//! ```text
//! w_c = round(65536 * ln((N + 1) / (df_c + 1))) / 65536
//! ```
//!
//! where `N` is the number of corpus agreements and `df_c` the number that carry `c`.
//! Boilerplate that nearly every agreement has counts little (in PA-X v9, `ImSrc`,
//! carried by 93% of agreements, weighs about 0.07), while a provision few agreements
//! make counts much (a code in one agreement weighs about 7): two texts agreeing on an
//! unusual provision is stronger evidence of a common model than two texts both naming
//! their source. A code every agreement carries weighs 0. [`Weighting::Uniform`] gives
//! every code the same weight: plain Ruzicka.
//!
//! Weights are fixed-point integers ([`WEIGHT_SCALE`]), so both sums are exact integers:
//! scores are compared as exact ratios, ties are real ties, and any other implementation
//! of the formula ranks the same way. Ties are broken by agreement id, lower first.
//! An agreement with score 0 shares no weighted code and is never an answer.
//!
//! # Speed
//!
//! The corpus keeps one column of level bytes per code. A search adds up
//! `w_c * min(q_c, a_c)` over the columns of the codes the query carries only (a few
//! dozen of 251), derives the denominator from per-agreement weighted masses
//! (`sum max = sum q + sum a - sum min`), then keeps the best `top`.
//!
//! # Example
//!
//! ```
//! # fn main() -> Result<(), truce_precedents::PrecedentError> {
//! use jiff::civil::Date;
//! use truce_precedents::{Corpus, ProcessRef, Query};
//!
//! let agreement = |id, process_id, codes: Vec<(&'static str, u8)>| truce_pax::Agreement {
//!     id,
//!     name: format!("Accord {id}"),
//!     date: Date::constant(2010, 1, 1),
//!     country: format!("Country {process_id}"),
//!     process_id,
//!     process_name: format!("Process {process_id}"),
//!     region: "Europe and Eurasia".into(),
//!     stage: "Cea".into(),
//!     substage: String::new(),
//!     agreement_type: "Intra".into(),
//!     status: String::new(),
//!     codes,
//! };
//! let corpus = Corpus::from_pax(&[
//!     agreement(1, 10, vec![("Ce", 2), ("SsrArm", 1)]),
//!     agreement(2, 10, vec![("Ce", 2), ("SsrArm", 1), ("TjAm", 2)]),
//!     agreement(3, 20, vec![("Ce", 1), ("Ele", 1)]),
//!     agreement(4, 30, vec![("Ele", 1)]),
//! ])?;
//!
//! // The nearest agreements to agreement 2 (which is itself left out).
//! let mut query = Query::new(corpus.profile(2)?, 5);
//! let found = corpus.search(&query)?;
//! assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [1, 3]);
//! assert_eq!(found[0].shared.len(), 2);
//! assert_eq!(found[0].only_query[0].code, "TjAm");
//!
//! // Precedents from other peace processes only.
//! query.exclude_process = Some(ProcessRef::SameAsProfile);
//! let found = corpus.search(&query)?;
//! assert_eq!(found.iter().map(|p| p.id).collect::<Vec<_>>(), [3]);
//! assert_eq!(found[0].shared[0].code, "Ce");
//! # Ok(())
//! # }
//! ```
//!
//! Data source: PA-X, <https://pax.peaceagreements.org/>; cite Bell & Badanjak (2019),
//! "Introducing PA-X", Journal of Peace Research 56(3).

mod corpus;
mod error;
mod precedent;
mod profile;
mod query;

pub use corpus::{Corpus, WEIGHT_SCALE};
pub use error::PrecedentError;
pub use precedent::{CodeLevel, Precedent, SharedCode};
pub use profile::Profile;
pub use query::{ProcessRef, Query, Weighting};

#[cfg(test)]
mod tests;
