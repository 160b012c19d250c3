//! Time of one precedent search over the PA-X corpus (2,144 agreements).
//!
//! Reads the real PA-X v9 export from `$TRUCE_DATA` or `../shared/data` next to the
//! workspace root; when it is missing, builds a synthetic corpus of 2,144 agreements with
//! random codes instead (and says so), so the benchmark always runs.
//!
//! Run: `cargo bench -p truce-precedents --bench query`.

use std::fs::File;
use std::path::PathBuf;
use std::sync::OnceLock;

use jiff::civil::Date;
use truce_model::pax_taxonomy::CODES;
use truce_pax::Agreement;
use truce_precedents::{Corpus, ProcessRef, Query, Weighting};

const PAX_FILE: &str = "pa-x/pax_all_agreements_data_v9_paxmap_b71b846.csv";
/// Minsk II in the real corpus; any id of the synthetic one.
const QUERY_ID: u32 = 1364;

fn main() {
    divan::main();
}

fn real_agreements() -> Option<Vec<Agreement>> {
    let dir = match std::env::var_os("TRUCE_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    let path = dir.join(PAX_FILE);
    let file = File::open(&path).ok()?;
    let read = truce_pax::read_agreements(file, PAX_FILE).ok()?;
    eprintln!("corpus: real PA-X export, {} agreements", read.agreements.len());
    Some(read.agreements)
}

/// 2,144 agreements with ids 1..=2144, each carrying about 30 random codes at random
/// levels (a fixed-seed xorshift, so every run gets the same corpus).
fn synthetic_agreements() -> Vec<Agreement> {
    eprintln!("corpus: PA-X data not found, using 2,144 synthetic agreements");
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (1..=2144u32)
        .map(|id| {
            let codes = CODES
                .iter()
                .filter_map(|info| {
                    let roll = next();
                    (roll % 8 == 0).then(|| (info.code, 1 + ((roll >> 8) % u64::from(info.max_level)) as u8))
                })
                .collect();
            Agreement {
                id,
                name: format!("Synthetic {id}"),
                date: Date::constant(1990 + (id % 30) as i16, 1, 1),
                country: format!("Country {}", id % 150),
                process_id: id % 175,
                process_name: format!("Process {}", id % 175),
                region: format!("Region {}", id % 6),
                stage: ["Pre", "SubPar", "SubComp", "Imp", "Cea", "Ren", "Oth"][(id % 7) as usize].to_owned(),
                substage: String::new(),
                agreement_type: "Intra".to_owned(),
                status: String::new(),
                codes,
            }
        })
        .collect()
}

fn agreements() -> &'static [Agreement] {
    static AGREEMENTS: OnceLock<Vec<Agreement>> = OnceLock::new();
    AGREEMENTS.get_or_init(|| real_agreements().unwrap_or_else(synthetic_agreements))
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::from_pax(agreements()).unwrap_or_else(|e| panic!("corpus: {e}")))
}

fn query_for(top: usize) -> Query {
    let corpus = corpus();
    Query::new(corpus.profile(QUERY_ID).unwrap_or_else(|e| panic!("{e}")), top)
}

/// One search, top 5, IDF weighting (the default).
#[divan::bench]
fn search_top5(bencher: divan::Bencher) {
    let corpus = corpus();
    let query = query_for(5);
    bencher.bench(|| corpus.search(divan::black_box(&query)));
}

/// One search, top 5, other peace processes only.
#[divan::bench]
fn search_top5_other_processes(bencher: divan::Bencher) {
    let corpus = corpus();
    let mut query = query_for(5);
    query.exclude_process = Some(ProcessRef::SameAsProfile);
    bencher.bench(|| corpus.search(divan::black_box(&query)));
}

/// One search, top 5, plain Ruzicka.
#[divan::bench]
fn search_top5_uniform(bencher: divan::Bencher) {
    let corpus = corpus();
    let mut query = query_for(5);
    query.weighting = Weighting::Uniform;
    bencher.bench(|| corpus.search(divan::black_box(&query)));
}

/// One search returning every agreement that shares a code (the worst case for ranking
/// and for listing shared codes).
#[divan::bench]
fn search_all(bencher: divan::Bencher) {
    let corpus = corpus();
    let query = query_for(usize::MAX);
    bencher.bench(|| corpus.search(divan::black_box(&query)));
}

/// Building the corpus from agreements already read (done once per process).
#[divan::bench(sample_count = 20)]
fn build_corpus() -> Corpus {
    Corpus::from_pax(divan::black_box(agreements())).unwrap_or_else(|e| panic!("corpus: {e}"))
}
