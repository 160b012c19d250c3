//! What to search for: a profile, how many answers, and which agreements may answer.

use std::ops::RangeInclusive;

use crate::Profile;

/// How much each code counts in the similarity (see the crate docs for the formula).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weighting {
    /// Each code weighs its smoothed inverse document frequency in the corpus,
    /// `ln((N + 1) / (df + 1))`, so that codes nearly every agreement carries (such as
    /// `ImSrc`, "source of the agreement") count little and rare codes count much.
    #[default]
    Idf,
    /// Every code weighs 1: plain weighted Jaccard (Ruzicka) over levels.
    Uniform,
}

/// A peace process to leave out of the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessRef {
    /// The process of the agreement the profile was taken from (an error when the
    /// profile is not a corpus agreement's).
    SameAsProfile,
    /// A PA-X peace process number (`PP`).
    Id(u32),
    /// A PA-X peace process name (`PPName`), compared without regard to case.
    Name(String),
}

/// A precedent search: which profile, how many answers, and filters on the candidates.
///
/// Filters combine with "and"; within `stages` or `regions`, any listed value matches.
/// Stage and region names are compared without regard to case against the corpus's own
/// values (PA-X spellings such as `Cea` or `Europe and Eurasia`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The profile to find precedents for.
    pub profile: Profile,
    /// Most answers to return (0 gives none).
    pub top: usize,
    /// Keep only agreements at one of these PA-X stages (`Pre`, `SubPar`, `SubComp`,
    /// `Imp`, `Cea`, `Ren`, `Oth`); empty keeps all.
    pub stages: Vec<String>,
    /// Keep only agreements of one of these PA-X regions; empty keeps all.
    pub regions: Vec<String>,
    /// Keep only agreements dated in these years (both ends included).
    pub years: Option<RangeInclusive<i16>>,
    /// Leave out every agreement of this peace process.
    pub exclude_process: Option<ProcessRef>,
    /// Leave out these agreement ids. The profile's own agreement is always left out.
    pub exclude_ids: Vec<u32>,
    /// How codes are weighted.
    pub weighting: Weighting,
}

impl Query {
    /// A query for the `top` nearest agreements, with no filter and IDF weighting.
    pub fn new(profile: Profile, top: usize) -> Query {
        Query {
            profile,
            top,
            stages: Vec::new(),
            regions: Vec::new(),
            years: None,
            exclude_process: None,
            exclude_ids: Vec::new(),
            weighting: Weighting::Idf,
        }
    }
}
