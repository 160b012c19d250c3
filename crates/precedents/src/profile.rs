//! A provision-code profile: what a text says, as PA-X codes with their levels.

use std::collections::HashMap;
use std::sync::OnceLock;

use truce_model::Document;
use truce_model::pax_taxonomy::CODES;

use crate::PrecedentError;

/// A set of PA-X provision codes with their levels (1 to the code's maximum, at most 3).
///
/// Level 0 means absent and is never held. A profile comes from a corpus agreement
/// ([`Corpus::profile`](crate::Corpus::profile), which also remembers the agreement so a
/// search leaves it out) or from any code list ([`Profile::from_codes`],
/// [`Profile::from_document`] for a draft of a scenario).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Profile {
    /// `(taxonomy index, level)`, sorted by index, levels 1..=max.
    pub(crate) codes: Vec<(u16, u8)>,
    /// The corpus agreement the profile was taken from.
    pub(crate) agreement: Option<u32>,
}

impl Profile {
    /// A profile from `(code, level)` pairs.
    ///
    /// Codes must be PA-X taxonomy codes, spelt exactly (`"SsrArm"`); a level above the
    /// code's maximum is an error. Pairs with level 0 are skipped (absent); a code given
    /// twice keeps its highest level. An empty list gives an empty profile, which
    /// [`Corpus::search`](crate::Corpus::search) refuses.
    pub fn from_codes<S: AsRef<str>>(codes: impl IntoIterator<Item = (S, u8)>) -> Result<Profile, PrecedentError> {
        let mut levels = vec![0u8; CODES.len()];
        let mut seen = Vec::new();
        for (code, level) in codes {
            let code = code.as_ref();
            let index = code_index(code).ok_or_else(|| PrecedentError::UnknownCode { code: code.to_owned() })?;
            let max = CODES[usize::from(index)].max_level;
            if level > max {
                return Err(PrecedentError::LevelAboveMax {
                    agreement: None,
                    code: code.to_owned(),
                    level,
                    max,
                });
            }
            if level > 0 {
                let slot = &mut levels[usize::from(index)];
                if *slot == 0 {
                    seen.push(index);
                }
                *slot = (*slot).max(level);
            }
        }
        seen.sort_unstable();
        Ok(Profile {
            codes: seen.into_iter().map(|i| (i, levels[usize::from(i)])).collect(),
            agreement: None,
        })
    }

    /// The profile of a scenario document: for each code, the highest level any of its
    /// provisions gives it ([`Document::code_profile`]).
    pub fn from_document(document: &Document) -> Result<Profile, PrecedentError> {
        Profile::from_codes(document.code_profile())
    }

    /// The codes with their levels, in taxonomy (PA-X column) order.
    pub fn codes(&self) -> impl ExactSizeIterator<Item = (&'static str, u8)> + '_ {
        self.codes
            .iter()
            .map(|&(index, level)| (CODES[usize::from(index)].code, level))
    }

    /// The level of `code`, 0 when the profile does not carry it.
    pub fn level(&self, code: &str) -> u8 {
        code_index(code)
            .and_then(|index| self.codes.iter().find(|(i, _)| *i == index))
            .map_or(0, |&(_, level)| level)
    }

    /// Number of codes carried.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when no code is carried.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The corpus agreement this profile was taken from, if any.
    pub fn agreement(&self) -> Option<u32> {
        self.agreement
    }
}

/// Position of `code` in the taxonomy.
pub(crate) fn code_index(code: &str) -> Option<u16> {
    // A map rather than a scan of the table: building a corpus looks up some 70,000 codes.
    static POSITIONS: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    POSITIONS
        .get_or_init(|| {
            CODES
                .iter()
                .enumerate()
                .filter_map(|(i, info)| u16::try_from(i).ok().map(|i| (info.code, i)))
                .collect()
        })
        .get(code)
        .copied()
}
