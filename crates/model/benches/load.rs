//! Benchmarks of `load_sources`: parsing, lowering and cross-checking a whole negotiation
//! held in memory (no file I/O).
//!
//! Run with `cargo bench -p truce-model --bench load`. The generated negotiation has the
//! shape of `bench/gen_scenario.py` (documents of provisions with PA-X codes, typed terms,
//! bound parties, provenance and relations) but is built here, in memory, from a small
//! seeded generator, so the benchmark needs nothing outside the crate but the bundled
//! scenarios.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use divan::Bencher;
use truce_model::load_sources;

fn main() {
    divan::main();
}

/// A negotiation in memory: the negotiation file and the document files, `(name, text)`.
struct Scenario {
    negotiation: (String, String),
    documents: Vec<(String, String)>,
}

impl Scenario {
    /// Reads a bundled scenario directory into memory.
    fn read(dir: &Path) -> Scenario {
        let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("documents"))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        Scenario {
            negotiation: ("negotiation.toml".to_owned(), read(&dir.join("negotiation.toml"))),
            documents: paths.iter().map(|p| (p.display().to_string(), read(p))).collect(),
        }
    }

    /// Loads it, as `truce check` does after reading the files.
    fn load(&self) -> truce_model::Loaded {
        let docs: Vec<(&str, &str)> = self.documents.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        load_sources((&self.negotiation.0, &self.negotiation.1), &docs)
    }

    /// Total size of the texts in bytes.
    fn bytes(&self) -> usize {
        self.negotiation.1.len() + self.documents.iter().map(|(_, t)| t.len()).sum::<usize>()
    }

    /// Panics unless the scenario loads without errors (a benchmark of the error path
    /// would measure something else).
    fn assert_clean(&self) {
        let loaded = self.load();
        assert_eq!(
            loaded.error_count(),
            0,
            "benchmark scenario has errors: {:?}",
            loaded.diagnostics.first()
        );
    }
}

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }
}

const PARTIES: &[(&str, &str)] = &[
    ("north", "state"),
    ("south", "state"),
    ("east", "coalition"),
    ("west", "coalition"),
    ("un", "organisation"),
    ("osce", "organisation"),
    ("au", "organisation"),
    ("front", "armed-group"),
    ("militia", "armed-group"),
    ("envoy", "mediator"),
    ("church", "mediator"),
    ("guarantor", "state"),
];
const CODES: &[(&str, u64)] = &[
    ("Ce", 3),
    ("CeGen", 1),
    ("SsrArm", 3),
    ("SsrGua", 1),
    ("SsrDdr", 3),
    ("DdrDemil", 1),
    ("Mps", 3),
    ("TjAm", 3),
    ("TjPrire", 3),
    ("HrGen", 1),
    ("Prot", 3),
    ("Ele", 3),
    ("Cons", 3),
    ("StBor", 1),
    ("Terps", 3),
    ("Dev", 3),
    ("GRef", 3),
    ("ImUN", 1),
    ("ImE", 1),
    ("\"PpsEx:St\"", 1),
];
const STAGES: &[&str] = &["Pre", "SubPar", "SubComp", "Imp", "Cea", "Ren", "Oth"];
const STATUSES: &[&str] = &[
    "official",
    "leaked",
    "briefed",
    "reported",
    "counter-proposal",
    "proposal",
];
const RELATIONS: &[&str] = &["revises", "responds-to", "counter-proposal-to", "supersedes"];
const SENTENCES: &[&str] = &[
    "The parties shall withdraw all heavy weapons from the security zone within thirty days of signature.",
    "Both sides undertake to release every prisoner held in connection with the conflict under international monitoring.",
    "The signatories agree to establish a joint centre for control and coordination as set out in the annex.",
    "The monitoring mission shall verify compliance with the ceasefire in stages agreed by the working group.",
    "The government shall hold local elections under national law no later than the end of the year.",
    "Each party shall cap its armed forces at the agreed ceiling once the ceasefire has held for two weeks.",
];

/// Issues: (id, type); enums have options `option_a..option_d`, integers `0..=max`.
fn issues() -> Vec<(String, &'static str, i64)> {
    const KINDS: &[&str] = &["enum", "integer", "boolean", "date"];
    (0..40)
        .map(|i| {
            (
                format!("issue_{i:02}"),
                KINDS[i % 4],
                [90, 365, 250_000, 2_000_000][i % 4],
            )
        })
        .collect()
}

/// A valid negotiation of `docs` documents of `provisions` provisions each.
fn generate(docs: usize, provisions: usize, seed: u64) -> Scenario {
    let mut rng = Rng(seed | 1);
    let issues = issues();
    let mut neg = String::from(
        "[negotiation]\nid = \"bench\"\ntitle = \"Generated benchmark negotiation\"\npax_process = \"Synthetic\"\n\n",
    );
    for (id, kind) in PARTIES {
        let _ = writeln!(
            neg,
            "[[parties]]\nid = \"{id}\"\nname = \"Party {id}\"\nkind = \"{kind}\"\n"
        );
    }
    for (id, kind, max) in &issues {
        let _ = writeln!(
            neg,
            "[[issues]]\nid = \"{id}\"\ntitle = \"Terms on {id}\"\ntype = \"{kind}\""
        );
        match *kind {
            "enum" => neg.push_str(
                "options = [\n  { id = \"option_a\", label = \"A\" },\n  { id = \"option_b\", label = \"B\" },\n  \
                 { id = \"option_c\", label = \"C\" },\n  { id = \"option_d\", label = \"D\" },\n]\n",
            ),
            "integer" => {
                let _ = writeln!(neg, "unit = \"days\"\nmin = 0\nmax = {max}");
            }
            _ => {}
        }
        neg.push('\n');
    }

    let start = jiff::civil::date(2014, 9, 5);
    let mut documents = Vec::with_capacity(docs);
    for d in 0..docs {
        let date = start + jiff::Span::new().days(i64::try_from(d * 7).unwrap_or(0));
        let mut t = String::with_capacity(provisions * 600);
        let _ = writeln!(
            t,
            "[document]\nid = \"draft-{d:04}\"\ntitle = \"Draft {d}\"\ndate = {date}\nstage = \"{}\"\nstatus = \"{}\"\n\
             authors = [\"{}\"]\nsummary = \"{}\"\n",
            rng.pick(STAGES),
            rng.pick(STATUSES),
            rng.pick(PARTIES).0,
            rng.pick(SENTENCES)
        );
        for k in 0..rng.range(1, 3) {
            let _ = writeln!(
                t,
                "[[provenance]]\nsource = \"https://news.example/{date}/draft-{d:04}-{k}\"\npublisher = \"Example News\"\n\
                 date = {date}\nconfidence = 0.{}\n",
                rng.range(3, 9)
            );
        }
        if d > 0 {
            let target = rng.range(d.saturating_sub(10) as u64, d as u64 - 1);
            let _ = writeln!(
                t,
                "[[relations]]\nkind = \"{}\"\ntarget = \"draft-{target:04}\"\n",
                rng.pick(RELATIONS)
            );
        }
        for p in 0..provisions {
            let _ = writeln!(t, "[[provisions]]\nid = \"d{d:04}-{p:04}\"\nnumber = \"{}\"", p + 1);
            if rng.chance(60) {
                t.push_str("heading = \"Security arrangements\"\n");
            }
            let _ = writeln!(t, "text = \"{} {}\"", rng.pick(SENTENCES), rng.pick(SENTENCES));
            let mut codes: Vec<String> = Vec::new();
            for _ in 0..rng.range(1, 4) {
                let (code, max) = *rng.pick(CODES);
                if !codes.iter().any(|c| c.starts_with(&format!("{code} "))) {
                    codes.push(format!("{code} = {}", rng.range(1, max)));
                }
            }
            let _ = writeln!(t, "codes = {{ {} }}", codes.join(", "));
            let n_terms = *rng.pick(&[0, 0, 1, 1, 2, 3]);
            if n_terms > 0 {
                let first = rng.range(0, 39) as usize;
                let terms: Vec<String> = (0..n_terms)
                    .map(|k| {
                        let (id, kind, max) = &issues[(first + k * 7) % issues.len()];
                        let value = match *kind {
                            "enum" => format!("\"option_{}\"", ['a', 'b', 'c', 'd'][rng.range(0, 3) as usize]),
                            "integer" => rng.range(0, *max as u64).to_string(),
                            "boolean" => rng.chance(50).to_string(),
                            _ => (date + jiff::Span::new().days(rng.range(1, 900) as i64)).to_string(),
                        };
                        format!("{id} = {value}")
                    })
                    .collect();
                let _ = writeln!(t, "terms = {{ {} }}", terms.join(", "));
            }
            if rng.chance(70) {
                let _ = writeln!(t, "binds = [\"{}\", \"{}\"]", PARTIES[p % 6].0, PARTIES[6 + p % 6].0);
            }
            if rng.chance(30) {
                let _ = writeln!(
                    t,
                    "[[provisions.provenance]]\nsource = \"https://news.example/{date}/draft-{d:04}#{p}\"\n\
                     publisher = \"Example News\"\ndate = {date}\nconfidence = 0.{}",
                    rng.range(3, 9)
                );
            }
            t.push('\n');
        }
        documents.push((format!("documents/{d:04}.toml"), t));
    }
    Scenario {
        negotiation: ("negotiation.toml".to_owned(), neg),
        documents,
    }
}

static GENERATED: LazyLock<Scenario> = LazyLock::new(|| {
    let s = generate(100, 200, 20_251_120);
    s.assert_clean();
    s
});

fn bundled(name: &str) -> Scenario {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios").join(name);
    let s = Scenario::read(&dir);
    s.assert_clean();
    s
}

static GENEVA: LazyLock<Scenario> = LazyLock::new(|| bundled("geneva-2025"));
static MINSK: LazyLock<Scenario> = LazyLock::new(|| bundled("minsk-2014-2015"));

/// 100 documents x 200 provisions (about 10 MB of TOML), the issue's target size.
#[divan::bench(sample_count = 15, sample_size = 1)]
fn generated_100x200(bencher: Bencher) {
    let s = &*GENERATED;
    bencher
        .counter(divan::counter::BytesCount::new(s.bytes()))
        .bench(|| s.load());
}

/// How the time grows with the number of documents (200 provisions each).
#[divan::bench(args = [10, 25, 50], sample_count = 20, sample_size = 1)]
fn generated_documents(bencher: Bencher, docs: usize) {
    let s = generate(docs, 200, 7);
    s.assert_clean();
    bencher
        .counter(divan::counter::BytesCount::new(s.bytes()))
        .bench(|| s.load());
}

/// The bundled Geneva 2025 scenario (five documents).
#[divan::bench]
fn bundled_geneva_2025(bencher: Bencher) {
    let s = &*GENEVA;
    bencher
        .counter(divan::counter::BytesCount::new(s.bytes()))
        .bench(|| s.load());
}

/// The bundled Minsk 2014-2015 scenario (three documents).
#[divan::bench]
fn bundled_minsk_2014_2015(bencher: Bencher) {
    let s = &*MINSK;
    bencher
        .counter(divan::counter::BytesCount::new(s.bytes()))
        .bench(|| s.load());
}
