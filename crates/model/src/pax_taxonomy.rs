//! The PA-X provision-code taxonomy, as static data.
//!
//! PA-X (the Peace Agreements Database, University of Edinburgh, PeaceRep) codes the
//! content of every agreement with about 250 provision codes. Version 9 of its coded
//! export has one column per code; [`CODES`] lists them in that column order, with the
//! thematic group each belongs to, the highest level it takes, and a short label
//! written for this project.
//!
//! Levels: codes that PA-X scores 0-3 have `max_level == 3` (1 rhetorical, 2 some
//! detail, 3 detailed); binary codes have `max_level == 1`. Level 0 means the code is
//! absent and is never stored.
//!
//! Source of the code list and levels: the PA-X v9 export as published in
//! <https://github.com/peacerep/pax-map> (`data/pax_all_agreements_data_v9.csv`);
//! meanings follow the PA-X codebook (<https://pax.peaceagreements.org/>). Cite PA-X as
//! Bell & Badanjak (2019), "Introducing PA-X", Journal of Peace Research 56(3).

/// Thematic group of a PA-X provision code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CodeGroup {
    /// Particular groups of people (children, refugees, minorities, ...).
    Groups,
    /// Women, men, gender and family.
    Gender,
    /// Definition of the state: self-determination, borders, secession, ...
    StateDefinition,
    /// Political institutions, elections, parties, constitutions, civil society.
    Governance,
    /// Political, territorial, economic and military power sharing.
    PowerSharing,
    /// Human rights, equality, citizenship, media, protection.
    HumanRights,
    /// Criminal justice, emergency law, courts, prisons.
    JusticeSector,
    /// Development, economy, taxation, banking.
    SocioEconomic,
    /// Land, property, cultural heritage, environment, water.
    Land,
    /// Ceasefire, security guarantees, armed forces, police, DDR, crime.
    SecuritySector,
    /// Amnesty, courts, prisoner release, victims, reparations, reconciliation.
    TransitionalJustice,
    /// Signatories, international missions, enforcement.
    Implementation,
}

impl CodeGroup {
    /// Every group, in the order PA-X presents them.
    pub const ALL: [CodeGroup; 12] = [
        CodeGroup::Groups,
        CodeGroup::Gender,
        CodeGroup::StateDefinition,
        CodeGroup::Governance,
        CodeGroup::PowerSharing,
        CodeGroup::HumanRights,
        CodeGroup::JusticeSector,
        CodeGroup::SocioEconomic,
        CodeGroup::Land,
        CodeGroup::SecuritySector,
        CodeGroup::TransitionalJustice,
        CodeGroup::Implementation,
    ];

    /// A short human label for the group.
    pub fn label(self) -> &'static str {
        match self {
            CodeGroup::Groups => "Groups",
            CodeGroup::Gender => "Gender",
            CodeGroup::StateDefinition => "State definition",
            CodeGroup::Governance => "Governance",
            CodeGroup::PowerSharing => "Power sharing",
            CodeGroup::HumanRights => "Human rights and equality",
            CodeGroup::JusticeSector => "Justice sector reform",
            CodeGroup::SocioEconomic => "Socio-economic reconstruction",
            CodeGroup::Land => "Land, property and environment",
            CodeGroup::SecuritySector => "Security sector",
            CodeGroup::TransitionalJustice => "Transitional justice",
            CodeGroup::Implementation => "Implementation",
        }
    }
}

/// One PA-X provision code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code exactly as the PA-X v9 column is named (`"SsrArm"`, `"PpsEx:St"`).
    pub code: &'static str,
    /// The thematic group the code belongs to.
    pub group: CodeGroup,
    /// Highest level the code takes: 1 for binary codes, 3 for codes scored 0-3.
    pub max_level: u8,
    /// A short human label, in our own words.
    pub label: &'static str,
}

/// Builds one table entry (keeps the table to one line per code).
const fn c(code: &'static str, group: CodeGroup, max_level: u8, label: &'static str) -> CodeInfo {
    CodeInfo {
        code,
        group,
        max_level,
        label,
    }
}

use CodeGroup as G;

/// Every code, in PA-X v9 column order.
#[rustfmt::skip]
pub static CODES: &[CodeInfo] = &[
    c("GCh",          G::Groups,              3, "Children/youth"),
    c("GChRhet",      G::Groups,              1, "Children/youth: rhetorical"),
    c("GChAntid",     G::Groups,              1, "Children/youth: anti-discrimination"),
    c("GChSubs",      G::Groups,              1, "Children/youth: substantive"),
    c("GChOth",       G::Groups,              1, "Children/youth: other"),
    c("GDis",         G::Groups,              3, "Disabled persons"),
    c("GDisRhet",     G::Groups,              1, "Disabled persons: rhetorical"),
    c("GDisAntid",    G::Groups,              1, "Disabled persons: anti-discrimination"),
    c("GDisSubs",     G::Groups,              1, "Disabled persons: substantive"),
    c("GDisOth",      G::Groups,              1, "Disabled persons: other"),
    c("GAge",         G::Groups,              3, "Elderly/age"),
    c("GAgeRhet",     G::Groups,              1, "Elderly/age: rhetorical"),
    c("GAgeAntid",    G::Groups,              1, "Elderly/age: anti-discrimination"),
    c("GAgeSubs",     G::Groups,              1, "Elderly/age: substantive"),
    c("GAgeOth",      G::Groups,              1, "Elderly/age: other"),
    c("GMig",         G::Groups,              3, "Migrant workers"),
    c("GMigRhet",     G::Groups,              1, "Migrant workers: rhetorical"),
    c("GMigAntid",    G::Groups,              1, "Migrant workers: anti-discrimination"),
    c("GMigSubs",     G::Groups,              1, "Migrant workers: substantive"),
    c("GMigOth",      G::Groups,              1, "Migrant workers: other"),
    c("GRa",          G::Groups,              3, "Racial/ethnic/national groups"),
    c("GRaRhet",      G::Groups,              1, "Racial/ethnic groups: rhetorical"),
    c("GRaAntid",     G::Groups,              1, "Racial/ethnic groups: anti-discrimination"),
    c("GRaSubs",      G::Groups,              1, "Racial/ethnic groups: substantive"),
    c("GRaOth",       G::Groups,              1, "Racial/ethnic groups: other"),
    c("GRe",          G::Groups,              3, "Religious groups"),
    c("GReRhet",      G::Groups,              1, "Religious groups: rhetorical"),
    c("GReAntid",     G::Groups,              1, "Religious groups: anti-discrimination"),
    c("GReSubs",      G::Groups,              1, "Religious groups: substantive"),
    c("GReOth",       G::Groups,              1, "Religious groups: other"),
    c("GInd",         G::Groups,              3, "Indigenous people"),
    c("GIndRhet",     G::Groups,              1, "Indigenous people: rhetorical"),
    c("GIndAntid",    G::Groups,              1, "Indigenous people: anti-discrimination"),
    c("GIndSubs",     G::Groups,              1, "Indigenous people: substantive"),
    c("GIndOth",      G::Groups,              1, "Indigenous people: other"),
    c("GOth",         G::Groups,              3, "Other groups"),
    c("GOthRhet",     G::Groups,              1, "Other groups: rhetorical"),
    c("GOthAntid",    G::Groups,              1, "Other groups: anti-discrimination"),
    c("GOthSubs",     G::Groups,              1, "Other groups: substantive"),
    c("GOthOth",      G::Groups,              1, "Other groups: other"),
    c("GRef",         G::Groups,              3, "Refugees/displaced persons"),
    c("GRefRhet",     G::Groups,              1, "Refugees/displaced persons: rhetorical"),
    c("GRefSubs",     G::Groups,              1, "Refugees/displaced persons: substantive"),
    c("GRefOth",      G::Groups,              1, "Refugees/displaced persons: other"),
    c("GSoc",         G::Groups,              3, "Social class"),
    c("GSocRhet",     G::Groups,              1, "Social class: rhetorical"),
    c("GSocAntid",    G::Groups,              1, "Social class: anti-discrimination"),
    c("GSocSubs",     G::Groups,              1, "Social class: substantive"),
    c("GSocOth",      G::Groups,              1, "Social class: other"),
    c("GeWom",        G::Gender,              1, "Women, girls and gender"),
    c("GeMe",         G::Gender,              1, "Men and boys"),
    c("GeMeNu",       G::Gender,              1, "Gender-neutral wording"),
    c("GeMeOth",      G::Gender,              1, "Men and boys: other"),
    c("GeLgbti",      G::Gender,              1, "LGBTI persons"),
    c("GeLgbtiPos",   G::Gender,              1, "LGBTI: inclusive mention"),
    c("GeLgbtiNeg",   G::Gender,              1, "LGBTI: exclusionary mention"),
    c("GeFa",         G::Gender,              1, "Family"),
    c("StGen",        G::StateDefinition,     1, "Nature of the state"),
    c("StCon",        G::StateDefinition,     1, "State configuration"),
    c("StSd",         G::StateDefinition,     1, "Self-determination"),
    c("StRef",        G::StateDefinition,     1, "Referendum on status"),
    c("StSym",        G::StateDefinition,     1, "State symbols"),
    c("StInd",        G::StateDefinition,     1, "Independence/secession"),
    c("StUni",        G::StateDefinition,     1, "Accession/unification"),
    c("StBor",        G::StateDefinition,     1, "Border delimitation"),
    c("StXbor",       G::StateDefinition,     1, "Cross-border arrangements"),
    c("Pol",          G::Governance,          3, "Political institutions"),
    c("PolGen",       G::Governance,          1, "Political institutions (general)"),
    c("PolNewInd",    G::Governance,          1, "New permanent institutions"),
    c("PolNewTemp",   G::Governance,          1, "Temporary/interim institutions"),
    c("Ele",          G::Governance,          3, "Elections"),
    c("ElecComm",     G::Governance,          3, "Electoral commission"),
    c("PolPar",       G::Governance,          3, "Political parties reform"),
    c("PolParTrans",  G::Governance,          1, "Armed group becomes party"),
    c("PolParOth",    G::Governance,          1, "Other party regulation"),
    c("Civso",        G::Governance,          1, "Civil society"),
    c("Tral",         G::Governance,          1, "Traditional/religious leaders"),
    c("Pubad",        G::Governance,          3, "Public administration"),
    c("ConGen",       G::Governance,          1, "Constitution (general mention)"),
    c("ConRen",       G::Governance,          3, "Constitution affirmed/renewed"),
    c("Cons",         G::Governance,          3, "Constitutional reform/making"),
    c("Polps",        G::PowerSharing,        3, "Political power sharing"),
    c("PpsGe",        G::PowerSharing,        1, "General power sharing"),
    c("PpsGe:St",     G::PowerSharing,        1, "General power sharing (state level)"),
    c("PpsGe:Sub",    G::PowerSharing,        1, "General power sharing (sub-state level)"),
    c("PpsEx",        G::PowerSharing,        1, "Executive coalition"),
    c("PpsEx:St",     G::PowerSharing,        1, "Executive coalition (state level)"),
    c("PpsEx:Sub",    G::PowerSharing,        1, "Executive coalition (sub-state level)"),
    c("PpsOro",       G::PowerSharing,        1, "Proportional legislature"),
    c("PpsOro:St",    G::PowerSharing,        1, "Proportional legislature (state level)"),
    c("PpsOro:Sub",   G::PowerSharing,        1, "Proportional legislature (sub-state level)"),
    c("PpsOthPr",     G::PowerSharing,        1, "Other proportionality"),
    c("PpsOthPr:St",  G::PowerSharing,        1, "Other proportionality (state level)"),
    c("PpsOthPr:Sub", G::PowerSharing,        1, "Other proportionality (sub-state level)"),
    c("PpsVet",       G::PowerSharing,        1, "Veto/communal majority"),
    c("PpsVet:St",    G::PowerSharing,        1, "Veto/communal majority (state level)"),
    c("PpsVet:Sub",   G::PowerSharing,        1, "Veto/communal majority (sub-state level)"),
    c("PpsAut",       G::PowerSharing,        1, "Segmental autonomy"),
    c("PpsAut:St",    G::PowerSharing,        1, "Segmental autonomy (state level)"),
    c("PpsAut:Sub",   G::PowerSharing,        1, "Segmental autonomy (sub-state level)"),
    c("PpsInt",       G::PowerSharing,        1, "International involvement"),
    c("PpsInt:St",    G::PowerSharing,        1, "International involvement (state level)"),
    c("PpsInt:Sub",   G::PowerSharing,        1, "International involvement (sub-state level)"),
    c("PpsOth",       G::PowerSharing,        1, "Other political power sharing"),
    c("PpsOth:St",    G::PowerSharing,        1, "Other political power sharing (state level)"),
    c("PpsOth:Sub",   G::PowerSharing,        1, "Other political power sharing (sub-state level)"),
    c("Terps",        G::PowerSharing,        3, "Territorial power sharing"),
    c("TpsSub",       G::PowerSharing,        1, "Federal/sub-divided state"),
    c("TpsLoc",       G::PowerSharing,        1, "Local/municipal government"),
    c("TpsAut",       G::PowerSharing,        1, "Territorial autonomy"),
    c("TpsOth",       G::PowerSharing,        1, "Other territorial power sharing"),
    c("Eps",          G::PowerSharing,        3, "Economic power sharing"),
    c("EpsRes",       G::PowerSharing,        1, "Resource sharing"),
    c("EpsFis",       G::PowerSharing,        1, "Fiscal federalism"),
    c("EpsOth",       G::PowerSharing,        1, "Other economic power sharing"),
    c("Mps",          G::PowerSharing,        3, "Military power sharing"),
    c("MpsMe",        G::PowerSharing,        1, "Merger of forces"),
    c("MpsJt",        G::PowerSharing,        1, "Joint command"),
    c("MpsPro",       G::PowerSharing,        1, "Proportional military representation"),
    c("MpsOth",       G::PowerSharing,        1, "Other military power sharing"),
    c("HrGen",        G::HumanRights,         1, "Human rights/rule of law"),
    c("HrBor",        G::HumanRights,         3, "Bill of rights/rights framework"),
    c("HrTrinc",      G::HumanRights,         1, "Treaty incorporation"),
    c("HrCp",         G::HumanRights,         1, "Civil and political rights"),
    c("CprLife",      G::HumanRights,         1, "Right to life"),
    c("CprTort",      G::HumanRights,         1, "Freedom from torture"),
    c("CprEq",        G::HumanRights,         3, "Equality"),
    c("CprSlav",      G::HumanRights,         1, "Freedom from slavery"),
    c("CprLib",       G::HumanRights,         1, "Liberty and security of person"),
    c("CprDet",       G::HumanRights,         1, "Humane treatment in detention"),
    c("CprFmov",      G::HumanRights,         1, "Freedom of movement"),
    c("CprFspe",      G::HumanRights,         1, "Freedom of expression"),
    c("CprFass",      G::HumanRights,         1, "Freedom of association"),
    c("CprTria",      G::HumanRights,         1, "Fair trial"),
    c("CprPriv",      G::HumanRights,         1, "Privacy and family life"),
    c("CprVote",      G::HumanRights,         1, "Voting and participation"),
    c("CprReli",      G::HumanRights,         1, "Thought, conscience and religion"),
    c("CprOth",       G::HumanRights,         1, "Other civil/political right"),
    c("HrSec",        G::HumanRights,         1, "Socio-economic rights"),
    c("SerProp",      G::HumanRights,         1, "Property"),
    c("SerWork",      G::HumanRights,         1, "Work"),
    c("SerHeal",      G::HumanRights,         1, "Health"),
    c("SerEdu",       G::HumanRights,         1, "Education"),
    c("SerStdl",      G::HumanRights,         1, "Adequate standard of living"),
    c("SerShel",      G::HumanRights,         1, "Shelter/housing"),
    c("SerSs",        G::HumanRights,         1, "Social security"),
    c("SerCult",      G::HumanRights,         1, "Cultural life"),
    c("SerOth",       G::HumanRights,         1, "Other socio-economic right"),
    c("HrCit",        G::HumanRights,         3, "Citizenship"),
    c("CitGen",       G::HumanRights,         1, "Citizenship (general)"),
    c("CitRights",    G::HumanRights,         1, "Rights of citizens"),
    c("CitDef",       G::HumanRights,         1, "Who is a citizen"),
    c("CitOth",       G::HumanRights,         1, "Citizenship: other"),
    c("HrDem",        G::HumanRights,         3, "Democracy"),
    c("HrDet",        G::HumanRights,         1, "Detention procedures"),
    c("Med",          G::HumanRights,         3, "Media and communication"),
    c("MedGov",       G::HumanRights,         1, "Media governance"),
    c("MedSubs",      G::HumanRights,         1, "Role of media"),
    c("MedLog",       G::HumanRights,         1, "Media logistics"),
    c("MedOth",       G::HumanRights,         1, "Media: other"),
    c("HrMob",        G::HumanRights,         1, "Mobility/access"),
    c("Prot",         G::HumanRights,         3, "Protection measures"),
    c("ProtCiv",      G::HumanRights,         1, "Protection of civilians"),
    c("ProtGrp",      G::HumanRights,         1, "Protection of groups"),
    c("ProtOth",      G::HumanRights,         1, "Other protection measures"),
    c("RiOth",        G::HumanRights,         1, "Other rights issues"),
    c("HrNi",         G::HumanRights,         3, "National human rights institution"),
    c("HrNiMe",       G::HumanRights,         1, "NHRI mentioned"),
    c("HrNiNe",       G::HumanRights,         1, "New or overhauled NHRI"),
    c("HrNiOth",      G::HumanRights,         1, "NHRI: other"),
    c("HrIi",         G::HumanRights,         3, "Regional/international rights bodies"),
    c("HrIiMon",      G::HumanRights,         1, "Call for rights monitoring"),
    c("HrIiBod",      G::HumanRights,         1, "Rights body given a task"),
    c("HrIiOth",      G::HumanRights,         1, "International rights bodies: other"),
    c("JusCr",        G::JusticeSector,       1, "Criminal justice and emergency law"),
    c("JusCrSp",      G::JusticeSector,       1, "Reform of specific laws"),
    c("JusCrSys",     G::JusticeSector,       1, "Criminal justice system reform"),
    c("JusCrPow",     G::JusticeSector,       1, "Criminal justice powers"),
    c("JusEm",        G::JusticeSector,       1, "State of emergency"),
    c("JusJu",        G::JusticeSector,       1, "Judiciary and courts"),
    c("JusPri",       G::JusticeSector,       1, "Prisons and detention"),
    c("JusTra",       G::JusticeSector,       1, "Traditional/religious law"),
    c("Dev",          G::SocioEconomic,       3, "Development/reconstruction"),
    c("DevSoc",       G::SocioEconomic,       1, "Socio-economic development"),
    c("DevHum",       G::SocioEconomic,       1, "Humanitarian assistance"),
    c("DevInfra",     G::SocioEconomic,       1, "Infrastructure and reconstruction"),
    c("NEC",          G::SocioEconomic,       1, "National economic plan"),
    c("NatRes",       G::SocioEconomic,       1, "Natural resources"),
    c("IntFu",        G::SocioEconomic,       1, "International funds"),
    c("Bus",          G::SocioEconomic,       3, "Business"),
    c("Tax",          G::SocioEconomic,       3, "Taxation"),
    c("TaxPo",        G::SocioEconomic,       1, "Power to tax"),
    c("TaxRef",       G::SocioEconomic,       1, "Tax reform"),
    c("TaxOth",       G::SocioEconomic,       1, "Taxation: other"),
    c("Ban",          G::SocioEconomic,       1, "Banks"),
    c("CenBan",       G::SocioEconomic,       1, "Central bank"),
    c("BanPers",      G::SocioEconomic,       1, "Personal/commercial banking"),
    c("BanInt",       G::SocioEconomic,       1, "International finance"),
    c("BanXb",        G::SocioEconomic,       1, "Cross-border money flows"),
    c("LaRef",        G::Land,                1, "Land reform/rights"),
    c("LaRefMan",     G::Land,                1, "Land reform and management"),
    c("LaRefRet",     G::Land,                1, "Property return/restitution"),
    c("LaRefOth",     G::Land,                1, "Land: other"),
    c("LaNom",        G::Land,                1, "Pastoralist/nomadic rights"),
    c("LaCH",         G::Land,                1, "Cultural heritage"),
    c("LaCHTa",       G::Land,                1, "Tangible heritage"),
    c("LaCHIt",       G::Land,                1, "Intangible heritage"),
    c("LaCHPro",      G::Land,                1, "Promotion of heritage values"),
    c("LaCHOth",      G::Land,                1, "Cultural heritage: other"),
    c("LaEn",         G::Land,                1, "Environment"),
    c("Wat",          G::Land,                1, "Water/riparian rights"),
    c("SsrGua",       G::SecuritySector,      1, "Security guarantees"),
    c("Ce",           G::SecuritySector,      3, "Ceasefire"),
    c("CeProv",       G::SecuritySector,      1, "Ceasefire provisions"),
    c("CeGen",        G::SecuritySector,      1, "General ceasefire reference"),
    c("SsrPol",       G::SecuritySector,      3, "Police"),
    c("SsrArm",       G::SecuritySector,      3, "Armed forces reform"),
    c("SsrDdr",       G::SecuritySector,      3, "Disarmament, demobilisation, reintegration"),
    c("DdrDemil",     G::SecuritySector,      1, "Demilitarisation"),
    c("DdrProg",      G::SecuritySector,      1, "DDR programme"),
    c("SsrInt",       G::SecuritySector,      3, "Intelligence services"),
    c("SsrPsf",       G::SecuritySector,      1, "Armed groups/parastatal forces"),
    c("SsrFf",        G::SecuritySector,      1, "Withdrawal of foreign forces"),
    c("Cor",          G::SecuritySector,      3, "Corruption"),
    c("SsrCrOcr",     G::SecuritySector,      3, "Crime/organised crime"),
    c("SsrDrugs",     G::SecuritySector,      3, "Drugs"),
    c("Terr",         G::SecuritySector,      1, "Terrorism"),
    c("TjGen",        G::TransitionalJustice, 3, "Transitional justice (general)"),
    c("TjAm",         G::TransitionalJustice, 3, "Amnesty/pardon"),
    c("TjAmPro",      G::TransitionalJustice, 1, "Amnesty/pardon granted"),
    c("TjSan",        G::TransitionalJustice, 1, "Relief from other sanctions"),
    c("TjPower",      G::TransitionalJustice, 1, "Power to grant amnesty"),
    c("TjAmBan",      G::TransitionalJustice, 1, "Amnesty excluded"),
    c("TjCou",        G::TransitionalJustice, 3, "Courts"),
    c("TjJaNc",       G::TransitionalJustice, 1, "National courts"),
    c("TjJaIc",       G::TransitionalJustice, 1, "International courts"),
    c("TjMech",       G::TransitionalJustice, 3, "Mechanism for the past"),
    c("TjPrire",      G::TransitionalJustice, 3, "Prisoner release"),
    c("TjVet",        G::TransitionalJustice, 3, "Vetting"),
    c("TjVic",        G::TransitionalJustice, 3, "Victims"),
    c("TjMis",        G::TransitionalJustice, 3, "Missing persons"),
    c("TjRep",        G::TransitionalJustice, 3, "Reparations"),
    c("TjRSym",       G::TransitionalJustice, 1, "Symbolic reparations"),
    c("TjRMa",        G::TransitionalJustice, 1, "Material reparations"),
    c("TjNR",         G::TransitionalJustice, 3, "Reconciliation"),
    c("ImUN",         G::Implementation,      1, "UN signatory"),
    c("ImOth",        G::Implementation,      1, "Other international signatory"),
    c("ImRef",        G::Implementation,      1, "Referendum on the agreement"),
    c("ImPK",         G::Implementation,      1, "International mission/force"),
    c("ImE",          G::Implementation,      1, "Enforcement mechanism"),
    c("ImSrc",        G::Implementation,      1, "Source of agreement text"),
];

/// Looks a code up by its exact name.
///
/// ```
/// use truce_model::pax_taxonomy::{code, CodeGroup};
///
/// let arm = code("SsrArm");
/// assert_eq!(arm.map(|i| i.max_level), Some(3));
/// assert_eq!(arm.map(|i| i.group), Some(CodeGroup::SecuritySector));
/// assert!(code("NoSuchCode").is_none());
/// ```
pub fn code(name: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|info| info.code == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_has_all_v9_codes() {
        assert_eq!(CODES.len(), 251);
        assert_eq!(CODES.first().map(|i| i.code), Some("GCh"));
        assert_eq!(CODES.last().map(|i| i.code), Some("ImSrc"));
    }

    #[test]
    fn no_duplicate_codes() {
        let names: HashSet<&str> = CODES.iter().map(|i| i.code).collect();
        assert_eq!(names.len(), CODES.len());
    }

    #[test]
    fn levels_are_one_to_three() {
        for info in CODES {
            assert!(
                (1..=3).contains(&info.max_level),
                "{} has max level {}",
                info.code,
                info.max_level
            );
        }
    }

    #[test]
    fn labels_are_short_and_non_empty() {
        for info in CODES {
            assert!(!info.label.is_empty(), "{} has no label", info.code);
            assert!(info.label.len() <= 60, "{} label too long", info.code);
        }
    }

    #[test]
    fn lookup_finds_known_codes() {
        let arm = code("SsrArm");
        assert_eq!(arm.map(|i| i.max_level), Some(3));
        assert_eq!(arm.map(|i| i.group), Some(CodeGroup::SecuritySector));
        assert_eq!(code("Ce").map(|i| i.group), Some(CodeGroup::SecuritySector));
        assert_eq!(code("TjAm").map(|i| i.group), Some(CodeGroup::TransitionalJustice));
        assert_eq!(code("ImE").map(|i| i.max_level), Some(1));
        assert_eq!(code("Mps").map(|i| i.group), Some(CodeGroup::PowerSharing));
        assert_eq!(code("PpsEx:St").map(|i| i.max_level), Some(1));
        assert_eq!(code("GeWom").map(|i| i.group), Some(CodeGroup::Gender));
    }

    #[test]
    fn lookup_is_exact() {
        assert!(code("ssrarm").is_none());
        assert!(code("SsrArm ").is_none());
        assert!(code("").is_none());
        assert!(code("Nope").is_none());
    }

    #[test]
    fn every_group_is_used_and_labelled() {
        for group in CodeGroup::ALL {
            assert!(!group.label().is_empty());
            assert!(CODES.iter().any(|i| i.group == group), "{group:?} unused");
        }
    }

    #[test]
    fn groups_are_contiguous_in_column_order() {
        // PA-X lays its columns out group by group; the table keeps that order.
        let mut seen = Vec::new();
        for info in CODES {
            if seen.last() != Some(&info.group) {
                assert!(!seen.contains(&info.group), "{:?} split", info.group);
                seen.push(info.group);
            }
        }
        assert_eq!(seen, CodeGroup::ALL);
    }
}
