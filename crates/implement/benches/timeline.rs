//! 10,000 steps evaluated day by day over five years of daily ceasefire metrics.
//!
//! `cargo bench -p truce-implement --bench timeline`

use std::sync::OnceLock;

use truce_implement::{CeasefireRecord, Options, Plan, Record, RecordEvent, WhatIf, day_of, load_plan_sources};
use truce_model::{Date, SourceMap, load_scenario};

const STEPS: usize = 10_000;
const DAYS: i32 = 5 * 365;

fn main() {
    divan::main();
}

fn start() -> i32 {
    day_of(Date::constant(2015, 2, 12))
}

/// A plan mixing maintained ceasefire conditions over 1-30-day windows, obligations
/// chained on their performance or breach, and milestones on elapsed time and reports.
fn plan_text() -> String {
    let mut t = String::from(
        "[implementation]\nid = \"bench\"\ntitle = \"Bench\"\ndocument = \"minsk-package\"\ntimezone = \"Europe/Kyiv\"\nstart = 2015-02-12\n",
    );
    for i in 0..STEPS {
        t.push_str(&format!("\n[[steps]]\nid = \"s{i}\"\ntitle = \"Step {i}\"\n"));
        match i % 4 {
            0 => t.push_str(&format!(
                "kind = \"maintain\"\nat = {}\nholds = \"violations('minsk-ii-ceasefire', {}) < {}\"\nfor = \"{}d\"\n",
                truce_implement::date_of(start() + (i % 365) as i32),
                1 + i % 30,
                2 + i % 40,
                90 + i % 300
            )),
            1 => t.push_str(&format!(
                "when = \"met('s{}') || breached('s{}')\"\nwithin = \"{}d\"\ndone = \"violations('minsk-ii-ceasefire', 7) < {}\"\n",
                i - 1,
                i - 1,
                1 + i % 60,
                1 + i % 9
            )),
            2 => t.push_str(&format!(
                "kind = \"milestone\"\nwhen = \"elapsed('s{}', '{}d') && report('r{}')\"\n",
                i - 2,
                30 + i % 200,
                i % 10
            )),
            _ => t.push_str(&format!("when = \"breached('s{}')\"\nwithin = \"30d\"\nsilence = \"inaction\"\n", i - 3)),
        }
    }
    t
}

fn fixture() -> &'static (Plan, Record, Options) {
    static F: OnceLock<(Plan, Record, Options)> = OnceLock::new();
    F.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/minsk-2014-2015");
        let n = load_scenario(&root).negotiation.expect("scenario");
        let text = plan_text();
        let mut sources = SourceMap::default();
        let loaded = load_plan_sources(&n, &mut sources, &[("bench.toml", &text)]);
        assert_eq!(loaded.error_count(), 0);
        let plan = loaded.plans.into_iter().next().expect("plan");
        // About three events a day for five years, one in four only possible.
        let mut events = Vec::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for k in 0..(DAYS as usize * 3) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let d = start() + (x % DAYS as u64) as i32;
            let possible = x.is_multiple_of(4);
            events.push(RecordEvent {
                id: format!("e{k}"),
                start: d,
                end: d + if possible { (x % 3) as i32 } else { 0 },
                attributable: !possible,
                deaths: (x % 5) as u32,
                zones: Vec::new(),
            });
        }
        let mut record = Record::default();
        record.ceasefires.insert(
            "minsk-ii-ceasefire".into(),
            CeasefireRecord {
                events,
                covered: Some((start() - 30, start() + DAYS)),
            },
        );
        let mut options = Options::as_of(start() + DAYS - 1);
        options.horizon = 0;
        options.what_if = (0..10)
            .map(|k| WhatIf::Report(format!("r{k}"), start() + 100 * k))
            .collect();
        // The work is real: steps end up in every status.
        let t = truce_implement::evaluate(&plan, &record, &options).expect("evaluate");
        assert!(t.counts.len() >= 4, "{:?}", t.counts);
        eprintln!("statuses as of the last day: {:?}", t.counts);
        (plan, record, options)
    })
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn ten_thousand_steps_five_years() -> usize {
    let (plan, record, options) = fixture();
    let t = truce_implement::evaluate(divan::black_box(plan), record, options).expect("evaluate");
    t.steps.len()
}
