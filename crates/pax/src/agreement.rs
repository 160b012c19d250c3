//! One PA-X agreement: its metadata and the provision codes it carries.

use jiff::civil::Date;
use truce_model::pax_taxonomy::{self, CodeInfo};

/// One peace agreement as PA-X records it, with its non-zero provision codes.
///
/// Text fields are copied from the export with leading and trailing whitespace removed
/// and inner runs of whitespace (including line breaks inside quoted cells) collapsed
/// to one space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// PA-X agreement id (`AgtId`).
    pub id: u32,
    /// Agreement name as PA-X gives it (`Agt`).
    pub name: String,
    /// Date signed or agreed (`Dat`; the export writes it `dd/mm/yyyy`).
    pub date: Date,
    /// Country or entity (`Con`), possibly several joined by `/`.
    pub country: String,
    /// Peace process number (`PP`).
    pub process_id: u32,
    /// Peace process name (`PPName`).
    pub process_name: String,
    /// Region (`Reg`).
    pub region: String,
    /// Agreement stage code (`Stage`): `Pre`, `SubPar`, `SubComp`, `Imp`, `Cea`, `Ren`, `Oth`.
    pub stage: String,
    /// Sub-stage code (`StageSub`), such as `ImpMod` or `Ceas`.
    pub substage: String,
    /// Agreement/conflict type (`Agtp`): `Inter`, `InterIntra`, `Intra`, `IntraLocal`.
    pub agreement_type: String,
    /// Definition and status of the agreement (`Status`).
    pub status: String,
    /// Provision codes with a non-zero level, in taxonomy (PA-X column) order.
    pub codes: Vec<(&'static str, u8)>,
}

impl Agreement {
    /// The level of `code` in this agreement, or 0 when the agreement does not carry it.
    pub fn level(&self, code: &str) -> u8 {
        self.codes
            .iter()
            .find(|(name, _)| *name == code)
            .map_or(0, |&(_, level)| level)
    }

    /// The codes this agreement carries, with their taxonomy entries.
    pub fn code_infos(&self) -> impl Iterator<Item = (&'static CodeInfo, u8)> + '_ {
        self.codes
            .iter()
            .filter_map(|&(name, level)| pax_taxonomy::code(name).map(|info| (info, level)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Agreement {
        Agreement {
            id: 7,
            name: "Sample accord".into(),
            date: Date::constant(2001, 2, 3),
            country: "Atlantis".into(),
            process_id: 3,
            process_name: "Atlantis process".into(),
            region: "Nowhere".into(),
            stage: "Cea".into(),
            substage: "Ceas".into(),
            agreement_type: "Intra".into(),
            status: "Multiparty signed/agreed".into(),
            codes: vec![("Ce", 2), ("ImE", 1)],
        }
    }

    #[test]
    fn level_of_present_and_absent_codes() {
        let agreement = sample();
        assert_eq!(agreement.level("Ce"), 2);
        assert_eq!(agreement.level("ImE"), 1);
        assert_eq!(agreement.level("TjAm"), 0);
    }

    #[test]
    fn code_infos_follow_the_taxonomy() {
        let agreement = sample();
        let infos: Vec<_> = agreement
            .code_infos()
            .map(|(info, level)| (info.code, info.max_level, level))
            .collect();
        assert_eq!(infos, vec![("Ce", 3, 2), ("ImE", 1, 1)]);
    }
}
