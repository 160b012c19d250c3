//! The searchable corpus: PA-X agreements laid out for a fast linear scan.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeSet, BinaryHeap};
use std::fmt;

use jiff::civil::Date;
use truce_model::pax_taxonomy::CODES;
use truce_pax::Agreement;
use truce_store::StoredAgreement;

use crate::profile::code_index;
use crate::{CodeLevel, Precedent, PrecedentError, ProcessRef, Profile, Query, SharedCode, Weighting};

/// Code weights are fixed-point integers: one unit of similarity weight is this many.
///
/// Integer weights make every score an exact ratio of two integers, so rankings and
/// ties do not depend on the order in which floating-point sums are taken.
pub const WEIGHT_SCALE: u32 = 1 << 16;

/// PA-X agreements ready to be searched for precedents.
///
/// Built once from the agreements (read from the store or straight from the export);
/// holds, for each of the 251 taxonomy codes, a column of one level byte per agreement,
/// the code weights, and each agreement's weighted mass, so that a search touches only
/// the columns of the codes the query carries.
pub struct Corpus {
    /// Agreements sorted by id.
    entries: Vec<Entry>,
    /// What the filters read, parallel to `entries` and kept small so a scan stays in cache.
    keys: Vec<Key>,
    /// Code-major levels: the level of code `c` in agreement `i` is at `c * n + i`.
    columns: Vec<u8>,
    /// Number of agreements carrying each code.
    document_frequency: Vec<u32>,
    /// Fixed-point IDF weight of each code.
    idf: Vec<u32>,
    /// [`WEIGHT_SCALE`] for every code.
    uniform: Vec<u32>,
    /// Sum of level times IDF weight, per agreement.
    mass_idf: Vec<u64>,
    /// Sum of level times uniform weight, per agreement.
    mass_uniform: Vec<u64>,
    /// Distinct stages, sorted.
    stages: Vec<String>,
    /// Distinct regions, sorted.
    regions: Vec<String>,
    /// Distinct peace processes, sorted by id.
    processes: Vec<(u32, String)>,
    /// Codes of the input that the taxonomy does not know, left out: `(agreement, code)`.
    unknown_codes: Vec<(u32, String)>,
}

/// One agreement's metadata and codes.
struct Entry {
    id: u32,
    name: String,
    date: Date,
    country: String,
    process_id: u32,
    process_name: String,
    region: String,
    stage: String,
    /// `(taxonomy index, level)`, sorted by index, levels 1..=max.
    codes: Vec<(u16, u8)>,
}

/// The fields of an agreement that the search filters on.
struct Key {
    id: u32,
    process_id: u32,
    year: i16,
    /// Position in `Corpus::stages`.
    stage: usize,
    /// Position in `Corpus::regions`.
    region: usize,
}

/// The fields a corpus needs from an agreement, whichever type it comes in.
struct Record<'a, C> {
    id: u32,
    name: &'a str,
    date: Date,
    country: &'a str,
    process_id: u32,
    process_name: &'a str,
    region: &'a str,
    stage: &'a str,
    codes: &'a [(C, u8)],
}

impl Corpus {
    /// A corpus of agreements read back from the store.
    ///
    /// Codes the taxonomy of this build does not know are left out and listed by
    /// [`Corpus::unknown_codes`]. Fails on a repeated id or a level above a code's maximum.
    pub fn from_stored(agreements: &[StoredAgreement]) -> Result<Corpus, PrecedentError> {
        Corpus::build(agreements.iter().map(|a| Record {
            id: a.id,
            name: &a.name,
            date: a.date,
            country: &a.country,
            process_id: a.process_id,
            process_name: &a.process_name,
            region: &a.region,
            stage: &a.stage,
            codes: &a.codes,
        }))
    }

    /// A corpus of agreements read straight from the PA-X export.
    ///
    /// Fails on a repeated id or a level above a code's maximum.
    pub fn from_pax(agreements: &[Agreement]) -> Result<Corpus, PrecedentError> {
        Corpus::build(agreements.iter().map(|a| Record {
            id: a.id,
            name: &a.name,
            date: a.date,
            country: &a.country,
            process_id: a.process_id,
            process_name: &a.process_name,
            region: &a.region,
            stage: &a.stage,
            codes: &a.codes,
        }))
    }

    fn build<'a, C: AsRef<str> + 'a>(records: impl Iterator<Item = Record<'a, C>>) -> Result<Corpus, PrecedentError> {
        let mut entries = Vec::new();
        let mut unknown_codes = Vec::new();
        for record in records {
            let mut codes = Vec::with_capacity(record.codes.len());
            for (code, level) in record.codes {
                let code = code.as_ref();
                let Some(index) = code_index(code) else {
                    unknown_codes.push((record.id, code.to_owned()));
                    continue;
                };
                let max = CODES[usize::from(index)].max_level;
                if *level > max {
                    return Err(PrecedentError::LevelAboveMax {
                        agreement: Some(record.id),
                        code: code.to_owned(),
                        level: *level,
                        max,
                    });
                }
                if *level > 0 {
                    codes.push((index, *level));
                }
            }
            codes.sort_unstable();
            codes.dedup_by(|later, earlier| {
                // The same code twice: keep the higher level (the sort put it later).
                let same = later.0 == earlier.0;
                if same {
                    earlier.1 = earlier.1.max(later.1);
                }
                same
            });
            entries.push(Entry {
                id: record.id,
                name: record.name.to_owned(),
                date: record.date,
                country: record.country.to_owned(),
                process_id: record.process_id,
                process_name: record.process_name.to_owned(),
                region: record.region.to_owned(),
                stage: record.stage.to_owned(),
                codes,
            });
        }
        entries.sort_by_key(|e| e.id);
        if let Some(pair) = entries.windows(2).find(|pair| pair[0].id == pair[1].id) {
            return Err(PrecedentError::DuplicateAgreement { id: pair[0].id });
        }

        let stages: Vec<String> = entries
            .iter()
            .map(|e| e.stage.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let regions: Vec<String> = entries
            .iter()
            .map(|e| e.region.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let processes: Vec<(u32, String)> = entries
            .iter()
            .map(|e| (e.process_id, e.process_name.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let keys = entries
            .iter()
            .map(|e| Key {
                id: e.id,
                process_id: e.process_id,
                year: e.date.year(),
                // Both lists were built from these very values, so the search succeeds.
                stage: stages.binary_search(&e.stage).unwrap_or(0),
                region: regions.binary_search(&e.region).unwrap_or(0),
            })
            .collect();

        let n = entries.len();
        let mut columns = vec![0u8; CODES.len() * n];
        let mut document_frequency = vec![0u32; CODES.len()];
        for (i, entry) in entries.iter().enumerate() {
            for &(code, level) in &entry.codes {
                columns[usize::from(code) * n + i] = level;
                document_frequency[usize::from(code)] += 1;
            }
        }
        let idf: Vec<u32> = document_frequency.iter().map(|&df| idf_weight(n, df)).collect();
        let uniform = vec![WEIGHT_SCALE; CODES.len()];
        let mass = |weights: &[u32]| -> Vec<u64> {
            entries
                .iter()
                .map(|e| {
                    e.codes
                        .iter()
                        .map(|&(c, l)| u64::from(l) * u64::from(weights[usize::from(c)]))
                        .sum()
                })
                .collect()
        };
        let mass_idf = mass(&idf);
        let mass_uniform = mass(&uniform);
        Ok(Corpus {
            entries,
            keys,
            columns,
            document_frequency,
            idf,
            uniform,
            mass_idf,
            mass_uniform,
            stages,
            regions,
            processes,
            unknown_codes,
        })
    }

    /// Number of agreements.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the corpus holds no agreement.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when an agreement with this id is in the corpus.
    pub fn contains(&self, id: u32) -> bool {
        self.position(id).is_some()
    }

    /// The profile of corpus agreement `id`; a search with it leaves that agreement out.
    pub fn profile(&self, id: u32) -> Result<Profile, PrecedentError> {
        let entry = self
            .position(id)
            .map(|i| &self.entries[i])
            .ok_or(PrecedentError::UnknownAgreement { id })?;
        Ok(Profile {
            codes: entry.codes.clone(),
            agreement: Some(id),
        })
    }

    /// The distinct stages of the corpus agreements, sorted.
    pub fn stages(&self) -> &[String] {
        &self.stages
    }

    /// The distinct regions of the corpus agreements, sorted.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// The distinct peace processes `(PP, PPName)` of the corpus, sorted by number.
    pub fn processes(&self) -> &[(u32, String)] {
        &self.processes
    }

    /// The peace process number of corpus agreement `id`.
    pub fn process_of(&self, id: u32) -> Option<u32> {
        self.position(id).map(|i| self.entries[i].process_id)
    }

    /// Codes of the input that the taxonomy does not know, as `(agreement id, code)`;
    /// they were left out of the corpus.
    pub fn unknown_codes(&self) -> &[(u32, String)] {
        &self.unknown_codes
    }

    /// How many corpus agreements carry `code` (`None` for a code not in the taxonomy).
    pub fn document_frequency(&self, code: &str) -> Option<u32> {
        code_index(code).map(|i| self.document_frequency[usize::from(i)])
    }

    /// The IDF weight of `code` in this corpus, `ln((N + 1) / (df + 1))` rounded to
    /// 1/[`WEIGHT_SCALE`] (`None` for a code not in the taxonomy).
    pub fn idf_weight(&self, code: &str) -> Option<f64> {
        code_index(code).map(|i| f64::from(self.idf[usize::from(i)]) / f64::from(WEIGHT_SCALE))
    }

    /// The agreements nearest to `query.profile`, best first (see the crate docs for the
    /// similarity).
    ///
    /// Answers are sorted by score, highest first, then by id; an agreement that shares
    /// no weighted code with the profile (score 0) is never an answer. Fails on an empty
    /// profile, an unknown stage, region or process, or an empty year range; a `top` of
    /// 0 gives no answer once the query is found valid.
    pub fn search(&self, query: &Query) -> Result<Vec<Precedent>, PrecedentError> {
        let profile = &query.profile;
        if profile.is_empty() {
            return Err(PrecedentError::EmptyProfile);
        }
        let stage_filter = self.resolve(&query.stages, &self.stages, |given, valid| {
            PrecedentError::UnknownStage { given, valid }
        })?;
        let region_filter = self.resolve(&query.regions, &self.regions, |given, valid| {
            PrecedentError::UnknownRegion { given, valid }
        })?;
        if let Some(years) = query.years.as_ref().filter(|years| years.start() > years.end()) {
            return Err(PrecedentError::EmptyYears {
                start: *years.start(),
                end: *years.end(),
            });
        }
        let excluded_process = match &query.exclude_process {
            None => None,
            Some(process) => Some(self.resolve_process(process, profile)?),
        };
        if query.top == 0 {
            return Ok(Vec::new());
        }

        let (weights, masses) = match query.weighting {
            Weighting::Idf => (&self.idf, &self.mass_idf),
            Weighting::Uniform => (&self.uniform, &self.mass_uniform),
        };
        let n = self.entries.len();
        // Weighted overlap sum(min(q, a) * w) of every agreement, a column at a time.
        // u32 cannot overflow: a weight is at most 65536 * ln(N + 1), a level at most 3,
        // and 251 * 3 * 65536 * ln(N + 1) < 2^32 for any N below e^87.
        let mut overlap = vec![0u32; n];
        let mut query_mass = 0u64;
        for &(code, level) in &profile.codes {
            let weight = weights[usize::from(code)];
            query_mass += u64::from(level) * u64::from(weight);
            let column = &self.columns[usize::from(code) * n..(usize::from(code) + 1) * n];
            for (sum, &hit) in overlap.iter_mut().zip(column) {
                *sum += u32::from(hit.min(level)) * weight;
            }
        }

        // The best `top` so far, worst on top of the heap (`Ord` puts better first).
        let mut best: BinaryHeap<Candidate> = BinaryHeap::with_capacity(query.top.min(n));
        for (index, (&shared, key)) in overlap.iter().zip(&self.keys).enumerate() {
            if shared == 0
                || profile.agreement == Some(key.id)
                || excluded_process == Some(key.process_id)
                || stage_filter.as_ref().is_some_and(|keep| !keep[key.stage])
                || region_filter.as_ref().is_some_and(|keep| !keep[key.region])
                || query.years.as_ref().is_some_and(|years| !years.contains(&key.year))
                || query.exclude_ids.contains(&key.id)
            {
                continue;
            }
            let shared = u64::from(shared);
            // sum(max) = sum(q) + sum(a) - sum(min), code by code.
            let union = query_mass + masses[index] - shared;
            let candidate = Candidate {
                shared,
                union,
                id: key.id,
                index,
            };
            if best.len() < query.top {
                best.push(candidate);
            } else if let Some(mut worst) = best.peek_mut()
                && candidate < *worst
            {
                *worst = candidate;
            }
        }
        Ok(best
            .into_sorted_vec()
            .iter()
            .map(|c| self.precedent(c, profile, weights))
            .collect())
    }

    fn position(&self, id: u32) -> Option<usize> {
        self.keys.binary_search_by_key(&id, |k| k.id).ok()
    }

    /// Turns a list of names into a keep-mask over `valid` (`None` when the list is empty).
    fn resolve(
        &self,
        given: &[String],
        valid: &[String],
        error: impl Fn(String, Vec<String>) -> PrecedentError,
    ) -> Result<Option<Vec<bool>>, PrecedentError> {
        if given.is_empty() {
            return Ok(None);
        }
        let mut keep = vec![false; valid.len()];
        for name in given {
            let name_trimmed = name.trim();
            let found = valid.iter().position(|v| v.eq_ignore_ascii_case(name_trimmed));
            match found {
                Some(i) => keep[i] = true,
                None => return Err(error(name.clone(), valid.to_vec())),
            }
        }
        Ok(Some(keep))
    }

    fn resolve_process(&self, process: &ProcessRef, profile: &Profile) -> Result<u32, PrecedentError> {
        match process {
            ProcessRef::SameAsProfile => {
                let id = profile.agreement.ok_or(PrecedentError::NoOwnProcess)?;
                self.process_of(id).ok_or(PrecedentError::UnknownAgreement { id })
            }
            ProcessRef::Id(pp) => {
                if self.processes.iter().any(|(id, _)| id == pp) {
                    Ok(*pp)
                } else {
                    Err(PrecedentError::UnknownProcess {
                        given: pp.to_string(),
                        candidates: Vec::new(),
                    })
                }
            }
            ProcessRef::Name(name) => {
                let wanted = name.trim().to_lowercase();
                if let Some((id, _)) = self.processes.iter().find(|(_, n)| n.to_lowercase() == wanted) {
                    return Ok(*id);
                }
                let mut candidates: Vec<String> = self
                    .processes
                    .iter()
                    .filter(|(_, n)| !wanted.is_empty() && n.to_lowercase().contains(&wanted))
                    .map(|(_, n)| n.clone())
                    .collect();
                candidates.sort();
                Err(PrecedentError::UnknownProcess {
                    given: name.clone(),
                    candidates,
                })
            }
        }
    }

    fn precedent(&self, candidate: &Candidate, profile: &Profile, weights: &[u32]) -> Precedent {
        let entry = &self.entries[candidate.index];
        let weight = |code: u16| u64::from(weights[usize::from(code)]);
        let mut shared: Vec<(u64, u16, u8, u8)> = Vec::new();
        let mut only_query: Vec<(u64, u16, u8)> = Vec::new();
        let mut only_hit: Vec<(u64, u16, u8)> = Vec::new();
        let (mut q, mut h) = (profile.codes.iter().peekable(), entry.codes.iter().peekable());
        loop {
            match (q.peek().copied(), h.peek().copied()) {
                (Some(&(qc, ql)), Some(&(hc, hl))) if qc == hc => {
                    shared.push((u64::from(ql.min(hl)) * weight(qc), qc, ql, hl));
                    q.next();
                    h.next();
                }
                (Some(&(qc, ql)), Some(&(hc, _))) if qc < hc => {
                    only_query.push((u64::from(ql) * weight(qc), qc, ql));
                    q.next();
                }
                (Some(&(qc, ql)), None) => {
                    only_query.push((u64::from(ql) * weight(qc), qc, ql));
                    q.next();
                }
                (_, Some(&(hc, hl))) => {
                    only_hit.push((u64::from(hl) * weight(hc), hc, hl));
                    h.next();
                }
                (None, None) => break,
            }
        }
        shared.sort_unstable_by_key(|&(w, code, _, _)| (Reverse(w), code));
        only_query.sort_unstable_by_key(|&(w, code, _)| (Reverse(w), code));
        only_hit.sort_unstable_by_key(|&(w, code, _)| (Reverse(w), code));
        let name = |code: u16| CODES[usize::from(code)].code;
        Precedent {
            id: entry.id,
            name: entry.name.clone(),
            date: entry.date,
            country: entry.country.clone(),
            process_id: entry.process_id,
            process_name: entry.process_name.clone(),
            region: entry.region.clone(),
            stage: entry.stage.clone(),
            score: candidate.shared as f64 / candidate.union as f64,
            shared: shared
                .into_iter()
                .map(|(_, code, query, hit)| SharedCode {
                    code: name(code),
                    query,
                    hit,
                })
                .collect(),
            only_query: only_query
                .into_iter()
                .map(|(_, code, level)| CodeLevel {
                    code: name(code),
                    level,
                })
                .collect(),
            only_hit: only_hit
                .into_iter()
                .map(|(_, code, level)| CodeLevel {
                    code: name(code),
                    level,
                })
                .collect(),
        }
    }
}

impl fmt::Debug for Corpus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Corpus")
            .field("agreements", &self.entries.len())
            .field("stages", &self.stages)
            .field("regions", &self.regions)
            .field("processes", &self.processes.len())
            .field("unknown_codes", &self.unknown_codes.len())
            .finish()
    }
}

/// An agreement that passed the filters, with its score as an exact ratio.
struct Candidate {
    /// sum over codes of min(query, agreement) * weight.
    shared: u64,
    /// sum over codes of max(query, agreement) * weight; never 0 when `shared` is not.
    union: u64,
    id: u32,
    index: usize,
}

/// Best first: higher `shared / union` (compared exactly), then lower id.
impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        let left = u128::from(other.shared) * u128::from(self.union);
        let right = u128::from(self.shared) * u128::from(other.union);
        left.cmp(&right).then(self.id.cmp(&other.id))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// `round(WEIGHT_SCALE * ln((n + 1) / (df + 1)))`.
fn idf_weight(n: usize, df: u32) -> u32 {
    let ratio = (n as f64 + 1.0) / (f64::from(df) + 1.0);
    // ln of a ratio >= 1 is >= 0, and below 2^32 / 2^16 for any corpus that fits memory.
    (ratio.ln() * f64::from(WEIGHT_SCALE)).round() as u32
}
