//! Fuzzes an implementation plan file against the bundled Minsk negotiation and the
//! Package of Measures (its provisions and ceasefire).
//!
//! Fails on: a panic while reading, linting or evaluating; a diagnostic whose span lies
//! outside the file; a plan that reads without errors but cannot be evaluated from its
//! start; two evaluations of the same plan giving different output.

#![no_main]

use libfuzzer_sys::fuzz_target;
use truce_implement::{Options, Record, evaluate, lint, load_plan_sources};
use truce_model::{Negotiation, SourceMap, load_sources};

const NEGOTIATION: &str = include_str!("../../scenarios/minsk-2014-2015/negotiation.toml");
const PACKAGE: &str = include_str!("../../scenarios/minsk-2014-2015/documents/03-minsk-package.toml");

fn negotiation() -> &'static Negotiation {
    static N: std::sync::OnceLock<Negotiation> = std::sync::OnceLock::new();
    N.get_or_init(|| {
        let loaded = load_sources(
            ("negotiation.toml", NEGOTIATION),
            &[("documents/03-minsk-package.toml", PACKAGE)],
        );
        loaded.negotiation.expect("the bundled Minsk scenario loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let n = negotiation();
    let mut sources = SourceMap::default();
    let loaded = load_plan_sources(n, &mut sources, &[("plan.toml", &text)]);
    for d in &loaded.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len() + 1, "span {:?} outside the file", d.span);
        let _ = d.render(&sources, &Default::default());
    }
    if loaded.error_count() > 0 {
        return;
    }
    for plan in &loaded.plans {
        let _ = lint(plan, n);
        let mut o = Options::as_of(plan.start + 400);
        o.horizon = 60;
        let a = evaluate(plan, &Record::default(), &o).expect("evaluates from its start");
        let b = evaluate(plan, &Record::default(), &o).expect("evaluates again");
        assert_eq!(a, b, "evaluation is not deterministic");
    }
});
