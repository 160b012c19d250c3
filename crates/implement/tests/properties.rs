//! Properties of the evaluation over random plans and records:
//! - soundness under more evidence: a record that knows more (possible violations resolved,
//!   coverage extended, findings added) never makes a status possible that was excluded,
//!   so a met or breached verdict never turns into unknown (or into anything else);
//! - as of T, nothing dated after T changes the timeline.

mod common;

use common::{plan_from, scenario};
use proptest::prelude::*;
use truce_implement::{CeasefireRecord, Options, Record, RecordEvent, WhatIf, day_of, evaluate};
use truce_model::{Date, Negotiation};

const CF: &str = "minsk-ii-ceasefire";

fn start() -> i32 {
    day_of(Date::constant(2015, 2, 12))
}

#[derive(Debug, Clone)]
enum Atom {
    Met(usize),
    Breached(usize),
    Triggered(usize),
    Report(usize),
    Violations(u32, i64),
}

#[derive(Debug, Clone)]
struct Cond {
    atoms: Vec<(bool, Atom)>,
    and: bool,
}

#[derive(Debug, Clone)]
struct StepSpec {
    kind: u8,
    at: Option<i32>,
    when: Option<Cond>,
    within: i32,
    holds: (u32, i64),
    period: Option<i32>,
}

fn atom(n: usize) -> impl Strategy<Value = Atom> {
    prop_oneof![
        (0..n).prop_map(Atom::Met),
        (0..n).prop_map(Atom::Breached),
        (0..n).prop_map(Atom::Triggered),
        (0..2usize).prop_map(Atom::Report),
        (1..7u32, 1..3i64).prop_map(|(w, k)| Atom::Violations(w, k)),
    ]
}

fn cond(n: usize) -> impl Strategy<Value = Cond> {
    (prop::collection::vec((any::<bool>(), atom(n)), 1..3), any::<bool>()).prop_map(|(atoms, and)| Cond { atoms, and })
}

fn step(n: usize) -> impl Strategy<Value = StepSpec> {
    (
        0..3u8,
        prop::option::of(0..20i32),
        prop::option::of(cond(n)),
        1..15i32,
        (1..5u32, 1..3i64),
        prop::option::of(3..30i32),
    )
        .prop_map(|(kind, at, when, within, holds, period)| StepSpec {
            kind,
            at,
            when,
            within,
            holds,
            period,
        })
}

fn atom_text(a: &Atom) -> String {
    match a {
        Atom::Met(j) => format!("met('s{j}')"),
        Atom::Breached(j) => format!("breached('s{j}')"),
        Atom::Triggered(j) => format!("triggered('s{j}')"),
        Atom::Report(k) => format!("report('r{k}')"),
        Atom::Violations(w, k) => format!("violations('{CF}', {w}) < {k}"),
    }
}

fn plan_text(steps: &[StepSpec]) -> String {
    let mut t = String::from(
        "[implementation]\nid = \"p\"\ntitle = \"P\"\ndocument = \"minsk-package\"\ntimezone = \"Europe/Kyiv\"\nstart = 2015-02-12\n",
    );
    for (i, s) in steps.iter().enumerate() {
        t.push_str(&format!("\n[[steps]]\nid = \"s{i}\"\ntitle = \"S{i}\"\n"));
        let kind = ["obligation", "maintain", "milestone"][s.kind as usize];
        t.push_str(&format!("kind = \"{kind}\"\n"));
        if let Some(a) = s.at {
            t.push_str(&format!("at = {}\n", truce_implement::date_of(start() + a)));
        }
        if let Some(c) = &s.when {
            let parts: Vec<String> = c
                .atoms
                .iter()
                .map(|(neg, a)| format!("{}({})", if *neg { "!" } else { "" }, atom_text(a)))
                .collect();
            t.push_str(&format!(
                "when = \"{}\"\n",
                parts.join(if c.and { " && " } else { " || " })
            ));
        }
        match s.kind {
            0 => t.push_str(&format!("within = \"{}d\"\n", s.within)),
            1 => {
                t.push_str(&format!(
                    "holds = \"violations('{CF}', {}) < {}\"\n",
                    s.holds.0, s.holds.1
                ));
                if let Some(p) = s.period {
                    t.push_str(&format!("for = \"{p}d\"\n"));
                }
            }
            _ => {}
        }
    }
    t
}

/// A world that knows everything: events on exact days, all attributable, full
/// coverage, a finding for every obligation.
#[derive(Debug, Clone)]
struct World {
    events: Vec<(i32, u8, u8, bool)>,
    extra: Vec<(i32, u8)>,
    covered_to: i32,
    performed: Vec<(Option<i32>, bool)>,
    reports: Vec<Option<i32>>,
}

fn world(n: usize) -> impl Strategy<Value = World> {
    (
        prop::collection::vec((0..60i32, 0..3u8, 0..3u8, any::<bool>()), 0..12),
        prop::collection::vec((0..60i32, 0..3u8), 0..4),
        0..70i32,
        prop::collection::vec((prop::option::of(0..60i32), any::<bool>()), n),
        prop::collection::vec(prop::option::of(0..60i32), 2),
    )
        .prop_map(|(events, extra, covered_to, performed, reports)| World {
            events,
            extra,
            covered_to,
            performed,
            reports,
        })
}

fn record(w: &World, partial: bool) -> Record {
    let s = start();
    let mut events = Vec::new();
    for (k, &(d, before, after, sure)) in w.events.iter().enumerate() {
        let day = s + d;
        if partial && !sure {
            if d > w.covered_to && before == 0 {
                continue; // not yet known beyond the coverage
            }
            events.push(RecordEvent {
                id: format!("e{k}"),
                start: day - i32::from(before),
                end: day + i32::from(after),
                attributable: false,
                deaths: 0,
                zones: Vec::new(),
            });
        } else {
            events.push(RecordEvent {
                id: format!("e{k}"),
                start: day,
                end: day,
                attributable: true,
                deaths: 0,
                zones: Vec::new(),
            });
        }
    }
    if partial {
        // Possible violations that turn out not to be violations.
        for (k, &(d, width)) in w.extra.iter().enumerate() {
            events.push(RecordEvent {
                id: format!("x{k}"),
                start: s + d,
                end: s + d + i32::from(width),
                attributable: false,
                deaths: 0,
                zones: Vec::new(),
            });
        }
    }
    let covered = if partial { w.covered_to } else { 80 };
    let mut r = Record::default();
    r.ceasefires.insert(
        CF.into(),
        CeasefireRecord {
            events,
            covered: Some((s - 10, s + covered)),
        },
    );
    r
}

fn findings(w: &World, steps: &[StepSpec], partial: bool) -> Vec<WhatIf> {
    let s = start();
    let mut out = Vec::new();
    for (i, (spec, &(day, keep))) in steps.iter().zip(&w.performed).enumerate() {
        if spec.kind != 0 || (partial && !keep) {
            continue;
        }
        out.push(match day {
            Some(d) => WhatIf::Performed(format!("s{i}"), s + d, true),
            None => WhatIf::Performed(format!("s{i}"), s + 80, false),
        });
    }
    for (k, r) in w.reports.iter().enumerate() {
        if let Some(d) = r {
            out.push(WhatIf::Report(format!("r{k}"), s + d));
        }
    }
    out
}

fn negotiation() -> &'static Negotiation {
    static N: std::sync::OnceLock<Negotiation> = std::sync::OnceLock::new();
    N.get_or_init(|| scenario("minsk-2014-2015"))
}

fn plans() -> impl Strategy<Value = (Vec<StepSpec>, World)> {
    (2..6usize).prop_flat_map(|n| (prop::collection::vec(step(n), n), world(n)))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn more_evidence_never_widens_a_verdict((steps, w) in plans(), as_of in 0..70i32) {
        let (loaded, _) = plan_from(negotiation(), &plan_text(&steps));
        prop_assert_eq!(loaded.error_count(), 0);
        let plan = &loaded.plans[0];
        let mut o = Options::as_of(start() + as_of);
        o.horizon = 0;
        o.what_if = findings(&w, &steps, true);
        let partial = evaluate(plan, &record(&w, true), &o).unwrap();
        o.what_if = findings(&w, &steps, false);
        let truth = evaluate(plan, &record(&w, false), &o).unwrap();
        for (p, t) in partial.steps.iter().zip(&truth.steps) {
            for s in &t.possible {
                prop_assert!(p.possible.contains(s), "{}: {} under more evidence, {} before", p.id, t.status, p.status);
            }
            if p.possible.len() == 1 {
                prop_assert_eq!(&p.status, &t.status);
            }
        }
    }

    #[test]
    fn replay_as_of_t_ignores_data_dated_after_t((steps, w) in plans(), as_of in 0..60i32, later in prop::collection::vec((1..30i32, any::<bool>()), 1..6)) {
        let (loaded, _) = plan_from(negotiation(), &plan_text(&steps));
        let plan = &loaded.plans[0];
        let t = start() + as_of;
        let mut o = Options::as_of(t);
        o.what_if = findings(&w, &steps, true);
        let base = record(&w, true);
        let a = serde_json::to_string(&evaluate(plan, &base, &o).unwrap()).unwrap();
        // Events and findings dated after T.
        let mut more = base.clone();
        let rec = more.ceasefires.get_mut(CF).unwrap();
        for (k, &(d, sure)) in later.iter().enumerate() {
            rec.events.push(RecordEvent {
                id: format!("late{k}"),
                start: t + d,
                end: t + d,
                attributable: sure,
                deaths: 1,
                zones: Vec::new(),
            });
        }
        // The record goes on past T (coverage up to T itself is data about days <= T).
        if let Some((a, b)) = rec.covered && b >= t {
            rec.covered = Some((a, t + 40));
        }
        for (k, &(d, _)) in later.iter().enumerate() {
            o.what_if.push(WhatIf::Report(format!("r{}", k % 2), t + d));
            o.what_if.push(WhatIf::Performed(format!("s{}", k % steps.len()), t + d, true));
        }
        o.what_if.retain(|x| match x {
            WhatIf::Performed(s, _, _) => {
                let i: usize = s[1..].parse().unwrap();
                steps[i].kind == 0
            }
            _ => true,
        });
        let mut b = serde_json::to_value(evaluate(plan, &more, &o).unwrap()).unwrap();
        // The hypothetical findings are listed in the output; compare everything else.
        b["what_if"] = serde_json::Value::Null;
        let mut a: serde_json::Value = serde_json::from_str(&a).unwrap();
        a["what_if"] = serde_json::Value::Null;
        prop_assert_eq!(a, b);
    }
}
