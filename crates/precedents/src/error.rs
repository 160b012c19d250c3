//! What can go wrong building a corpus, a profile or a query.

/// Why a corpus, a profile or a search could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrecedentError {
    /// The query profile carries no code, so nothing can be compared.
    #[error("the profile carries no PA-X code, so there is nothing to compare")]
    EmptyProfile,
    /// A profile names a code the PA-X taxonomy does not have.
    #[error("{code:?} is not a PA-X provision code")]
    UnknownCode {
        /// The code as given.
        code: String,
    },
    /// A level above the highest level the code takes.
    #[error("{}code {code}: level {level} is above its maximum {max}", agreement_prefix(*.agreement))]
    LevelAboveMax {
        /// The agreement carrying the level, when it comes from the corpus.
        agreement: Option<u32>,
        /// The code.
        code: String,
        /// The level given.
        level: u8,
        /// The highest level the code takes.
        max: u8,
    },
    /// Two corpus agreements share one id.
    #[error("agreement {id} appears more than once in the corpus")]
    DuplicateAgreement {
        /// The repeated id.
        id: u32,
    },
    /// No corpus agreement has this id.
    #[error("no agreement with id {id} in the corpus")]
    UnknownAgreement {
        /// The id asked for.
        id: u32,
    },
    /// A stage filter names a stage no corpus agreement has.
    #[error("unknown stage {given:?}; valid stages: {}", valid.join(", "))]
    UnknownStage {
        /// The stage as given.
        given: String,
        /// The stages of the corpus, sorted.
        valid: Vec<String>,
    },
    /// A region filter names a region no corpus agreement has.
    #[error("unknown region {given:?}; valid regions: {}", valid.join(", "))]
    UnknownRegion {
        /// The region as given.
        given: String,
        /// The regions of the corpus, sorted.
        valid: Vec<String>,
    },
    /// A peace process (by id or name) that no corpus agreement belongs to.
    #[error("unknown peace process {given:?}{}", suggest(candidates))]
    UnknownProcess {
        /// The process as given.
        given: String,
        /// Corpus process names that contain the given text (case-insensitive), sorted;
        /// empty when none does.
        candidates: Vec<String>,
    },
    /// "Leave out the same process" was asked of a profile that is not a corpus agreement.
    #[error(
        "the profile does not come from a corpus agreement, so it has no peace process of its own; name the process to leave out"
    )]
    NoOwnProcess,
    /// The year range starts after it ends.
    #[error("the year range {start}..={end} is empty (it starts after it ends)")]
    EmptyYears {
        /// First year.
        start: i16,
        /// Last year.
        end: i16,
    },
}

fn agreement_prefix(agreement: Option<u32>) -> String {
    agreement.map_or_else(String::new, |id| format!("agreement {id}: "))
}

fn suggest(candidates: &[String]) -> String {
    if candidates.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}", candidates.join(", "))
    }
}
