//! The evaluation semantics on small hand-written plans and on the bundled ones.

mod common;

use common::{bundled, one_plan, plan_from, scenario};
use truce_implement::{Options, Record, Timeline, WhatIf, day_of, evaluate, lint};
use truce_model::Date;

fn day(s: &str) -> i32 {
    day_of(s.parse::<Date>().unwrap())
}

fn at(plan: &truce_implement::Plan, date: &str, what_if: Vec<WhatIf>) -> Timeline {
    let mut o = Options::as_of(day(date));
    o.what_if = what_if;
    evaluate(plan, &Record::default(), &o).expect("evaluate")
}

fn status<'t>(t: &'t Timeline, id: &str) -> &'t str {
    &t.steps.iter().find(|s| s.id == id).expect(id).status
}

const HEAD: &str = r#"
[implementation]
id = "test"
title = "Test"
document = "minsk-package"
timezone = "Europe/Kyiv"
start = 2015-02-12
"#;

#[test]
fn an_obligation_is_due_then_met_or_breached_by_its_findings() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"pullback\"
title = \"Pull back\"
at = 2015-02-15
within = \"14d\"
silence = \"inaction\"
"
        ),
    );
    assert_eq!(status(&at(&plan, "2015-02-14", vec![]), "pullback"), "dormant");
    assert_eq!(status(&at(&plan, "2015-02-20", vec![]), "pullback"), "due");
    // The deadline is the 14th day after the trigger, inclusive.
    assert_eq!(status(&at(&plan, "2015-03-01", vec![]), "pullback"), "due");
    assert_eq!(status(&at(&plan, "2015-03-02", vec![]), "pullback"), "breached");
    let done = vec![WhatIf::Performed("pullback".into(), day("2015-02-25"), true)];
    assert_eq!(status(&at(&plan, "2015-03-10", done), "pullback"), "met");
    let late = vec![WhatIf::Performed("pullback".into(), day("2015-03-05"), true)];
    assert_eq!(status(&at(&plan, "2015-03-10", late), "pullback"), "breached");
}

#[test]
fn silence_is_unknown_unless_the_step_says_inaction() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"pullback\"
title = \"Pull back\"
at = 2015-02-15
within = \"14d\"
"
        ),
    );
    let t = at(&plan, "2015-03-10", vec![]);
    assert_eq!(status(&t, "pullback"), "unknown (met | breached)");
    // A finding that it was not done, dated after the deadline, settles it.
    let no = vec![WhatIf::Performed("pullback".into(), day("2015-03-02"), false)];
    assert_eq!(status(&at(&plan, "2015-03-10", no), "pullback"), "breached");
}

#[test]
fn whichever_is_earlier_and_reports_trigger_milestones() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"signing\"
kind = \"milestone\"
title = \"Signing\"
at = 2015-02-12

[[steps]]
id = \"transition\"
kind = \"milestone\"
title = \"Transition\"
when = \"elapsed('signing', '8y') || report('broader-conclusion')\"

[[steps]]
id = \"relief\"
title = \"Relief\"
when = \"met('transition')\"
within = \"30d\"
by = 2023-03-01
silence = \"inaction\"
"
        ),
    );
    let t = at(&plan, "2023-02-11", vec![]);
    assert_eq!(status(&t, "transition"), "pending");
    let t = at(&plan, "2023-02-12", vec![]);
    assert_eq!(status(&t, "transition"), "reached");
    // within 30 days (2023-03-14) or by 2023-03-01, whichever is earlier.
    let relief = t.steps.iter().find(|s| s.id == "relief").unwrap();
    assert_eq!(relief.deadline.as_ref().unwrap().to_string(), "2023-03-01");
    // A report brings the milestone forward.
    let t = at(
        &plan,
        "2020-01-01",
        vec![WhatIf::Report("broader-conclusion".into(), day("2019-06-01"))],
    );
    assert_eq!(status(&t, "transition"), "reached");
    assert_eq!(t.steps[1].triggered.as_ref().unwrap().to_string(), "2019-06-01");
}

#[test]
fn a_maintained_ceasefire_is_breached_by_one_attributable_violation_and_snaps_back() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"ceasefire\"
kind = \"maintain\"
title = \"Ceasefire\"
at = 2015-02-15
holds = \"violations('minsk-ii-ceasefire', 7) < 3\"

[[steps]]
id = \"snapback\"
kind = \"milestone\"
title = \"Sanctions return\"
when = \"breached('ceasefire')\"
effect = {{ key = \"sanctions\", value = \"reimposed\" }}
"
        ),
    );
    // No events read: the record covers nothing, so the ceasefire is unknown.
    let t = at(&plan, "2015-02-20", vec![]);
    assert_eq!(status(&t, "ceasefire"), "unknown (in force | breached)");
    // With a record covering the period, no violations: in force, no snapback.
    let mut record = Record::default();
    record
        .ceasefires
        .entry("minsk-ii-ceasefire".into())
        .or_default()
        .covered = Some((day("2015-01-01"), day("2015-12-31")));
    let mut o = Options::as_of(day("2015-02-20"));
    let t = evaluate(&plan, &record, &o).unwrap();
    assert_eq!(status(&t, "ceasefire"), "in force");
    assert_eq!(status(&t, "snapback"), "pending");
    // Two violations in a week are tolerated, three are not.
    o.what_if = vec![WhatIf::Violations("minsk-ii-ceasefire".into(), day("2015-02-17"), 2)];
    let t = evaluate(&plan, &record, &o).unwrap();
    assert_eq!(status(&t, "ceasefire"), "in force");
    o.what_if
        .push(WhatIf::Violations("minsk-ii-ceasefire".into(), day("2015-02-19"), 1));
    let t = evaluate(&plan, &record, &o).unwrap();
    assert_eq!(status(&t, "ceasefire"), "breached");
    assert_eq!(status(&t, "snapback"), "reached");
    let c = t.steps.iter().find(|s| s.id == "ceasefire").unwrap();
    assert_eq!(c.breached.as_ref().unwrap().to_string(), "2015-02-19");
    assert!(
        c.evidence
            .iter()
            .any(|e| e.contains("attributable: what-if:2015-02-17-1")),
        "{:?}",
        c.evidence
    );
}

#[test]
fn a_group_triggers_together() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"release-a\"
title = \"A releases\"
at = 2015-03-01
group = \"exchange\"

[[steps]]
id = \"release-b\"
title = \"B releases\"
when = \"report('lists-agreed')\"
group = \"exchange\"
"
        ),
    );
    let t = at(&plan, "2015-03-05", vec![]);
    assert_eq!(status(&t, "release-a"), "dormant");
    let t = at(
        &plan,
        "2015-03-05",
        vec![WhatIf::Report("lists-agreed".into(), day("2015-02-20"))],
    );
    assert_eq!(t.steps[0].triggered.as_ref().unwrap().to_string(), "2015-03-01");
    assert_eq!(t.steps[1].triggered.as_ref().unwrap().to_string(), "2015-03-01");
}

#[test]
fn replay_as_of_is_deterministic() {
    let (_, plan) = bundled("jcpoa-2015");
    let a = serde_json::to_string(&at(&plan, "2025-10-01", vec![])).unwrap();
    let b = serde_json::to_string(&at(&plan, "2025-10-01", vec![])).unwrap();
    assert_eq!(a, b);
}

#[test]
fn jcpoa_milestones_and_default_on_inaction_snapback() {
    let (_, plan) = bundled("jcpoa-2015");
    let t = at(&plan, "2025-10-01", vec![]);
    let step = |id: &str| t.steps.iter().find(|s| s.id == id).expect(id);
    // UNSC 2231 endorsed the deal on 2015-07-20; Adoption Day is 90 days later.
    assert_eq!(step("adoption").triggered.as_ref().unwrap().to_string(), "2015-10-18");
    // Implementation Day came with the IAEA report of 2016-01-16.
    assert_eq!(
        step("implementation-day").triggered.as_ref().unwrap().to_string(),
        "2016-01-16"
    );
    // Transition Day: 8 years after Adoption Day (no broader-conclusion report).
    assert_eq!(
        step("transition-day").triggered.as_ref().unwrap().to_string(),
        "2023-10-18"
    );
    // Notified 2025-08-28; nothing adopted within 30 days; sanctions back at the start
    // of 2025-09-28 UTC (20:00 EDT on the 27th).
    assert_eq!(step("unsc-continuation").status, "breached");
    assert_eq!(step("snapback").status, "reached");
    assert_eq!(step("snapback").triggered.as_ref().unwrap().to_string(), "2025-09-28");
    let before = at(&plan, "2025-09-27", vec![]);
    assert_eq!(status(&before, "snapback"), "pending");
    // What if the Council had continued the relief in time?
    let what_if = vec![WhatIf::Performed("unsc-continuation".into(), day("2025-09-20"), true)];
    let t = at(&plan, "2025-10-01", what_if);
    assert_eq!(status(&t, "unsc-continuation"), "met");
    assert_eq!(status(&t, "snapback"), "pending");
}

#[test]
fn lint_finds_the_minsk_ii_point_9_and_11_loop() {
    let (n, plan) = bundled("minsk-2014-2015");
    let diags = lint(&plan, &n);
    let cycle = diags
        .iter()
        .find(|d| d.code == "circular-condition")
        .expect("the cycle is found");
    assert!(cycle.message.contains("`border-control`"), "{}", cycle.message);
    assert!(cycle.message.contains("`constitutional-reform`"), "{}", cycle.message);
    assert!(
        diags
            .iter()
            .any(|d| d.code == "unreachable-step" && d.message.contains("`constitutional-reform`"))
    );
    assert!(diags.iter().any(|d| d.code == "unverifiable-anchor"), "{diags:#?}");
}

#[test]
fn lints_on_hand_written_plans() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"reform\"
title = \"Reform\"
when = \"today >= date('2016-01-01')\"
by = 2015-12-31

[[steps]]
id = \"monthly\"
title = \"Monthly review\"
when = \"report('x')\"
within = \"1m\"

[[steps]]
id = \"lift\"
kind = \"milestone\"
title = \"Lift\"
at = 2015-06-01
effect = {{ key = \"sanctions\", value = \"lifted\" }}

[[steps]]
id = \"keep\"
kind = \"milestone\"
title = \"Keep\"
at = 2015-06-01
effect = {{ key = \"sanctions\", value = \"kept\" }}

[[steps]]
id = \"after\"
kind = \"milestone\"
title = \"After\"
when = \"breached('lift')\"
"
        ),
    );
    let codes: Vec<&str> = lint(&plan, &n).iter().map(|d| d.code).collect();
    for c in [
        "impossible-deadline",
        "ambiguous-month-end",
        "conflicting-effects",
        "never-breached",
        "unreachable-step",
    ] {
        assert!(codes.contains(&c), "{c} missing from {codes:?}");
    }
}

#[test]
fn bad_input_is_reported_with_its_place() {
    let n = scenario("minsk-2014-2015");
    let text = format!(
        "{HEAD}
[[steps]]
id = \"a\"
title = \"A\"
when = \"met('b') && violations('no-such-ceasefire', 30) < 5\"
within = \"fortnight\"

[[steps]]
id = \"c\"
title = \"C\"
at = 2015-03-01
by = 2015-02-20
lest = [\"zz\"]
holds = \"true\"

[[findings]]
performed = \"nope\"
date = 2015-03-01
"
    );
    let (loaded, sources) = plan_from(&n, &text);
    let found: Vec<(String, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| (d.location(&sources).unwrap(), d.code))
        .collect();
    let expect = [
        ("plan.toml:12:13", "rule-unknown-step"),
        ("plan.toml:13:10", "bad-duration"),
        ("plan.toml:19:6", "impossible-deadline"),
        ("plan.toml:20:9", "unknown-step"),
        ("plan.toml:21:9", "key-not-for-kind"),
        ("plan.toml:24:13", "unknown-step"),
    ];
    for (loc, code) in expect {
        assert!(found.contains(&(loc.to_owned(), code)), "{loc} {code} not in {found:?}");
    }
    // The unknown ceasefire is reported once the unknown step is fixed.
    let fixed = text.replace("met('b') && ", "");
    let (loaded, sources) = plan_from(&n, &fixed);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == "rule-unknown-metric")
        .expect("unknown metric");
    assert_eq!(d.location(&sources).unwrap(), "plan.toml:12:20");
    assert!(d.hint.as_deref().unwrap().contains("minsk-ii-ceasefire"));
}

fn square(lon: f64, lat: f64, w: f64, h: f64) -> truce_geo::Territory {
    use geo::{LineString, MultiPolygon, Polygon};
    let ring = LineString::from(vec![
        (lon, lat),
        (lon + w, lat),
        (lon + w, lat + h),
        (lon, lat + h),
        (lon, lat),
    ]);
    truce_geo::Territory::new(MultiPolygon(vec![Polygon::new(ring, vec![])])).0
}

#[test]
fn territory_change_is_read_from_dated_snapshots() {
    let n = scenario("minsk-2014-2015");
    let plan = one_plan(
        &n,
        &format!(
            "{HEAD}
[[steps]]
id = \"line-holds\"
kind = \"maintain\"
title = \"The line does not move\"
at = 2015-02-15
holds = \"territory_change_km2('held-2015', 7) < 0.5\"
"
        ),
    );
    let ts = |s: &str| -> jiff::Timestamp { s.parse().unwrap() };
    let before = square(38.0, 48.0, 1.0, 1.0);
    let after = square(38.0, 48.0, 1.1, 1.0);
    let series = truce_geo::Series::new(vec![
        (ts("2015-02-01T00:00:00Z"), "a.geojson".into(), before.clone()),
        (ts("2015-02-20T12:00:00Z"), "b.geojson".into(), after.clone()),
    ]);
    let tz = jiff::tz::TimeZone::get("Europe/Kyiv").unwrap();
    let mut record = Record::default();
    let spec = plan.metrics[0].clone();
    record.add_territory(&spec, &series, &tz, day("2015-02-12"), day("2015-03-10"));
    let expected = truce_geo::change(&before, &after, &[]);
    let moved = expected.gained_km2 + expected.lost_km2;
    // A tenth of a degree of longitude by one of latitude near 48° N: about 830 km².
    assert!((800.0..860.0).contains(&moved), "{moved}");
    let t = evaluate(&plan, &record, &Options::as_of(day("2015-02-19"))).unwrap();
    assert_eq!(t.steps[0].status, "in force");
    // The new snapshot holds from 14:00 Kyiv time on the 20th: that day's window ends in it.
    let t = evaluate(&plan, &record, &Options::as_of(day("2015-02-25"))).unwrap();
    assert_eq!(t.steps[0].status, "breached");
    assert_eq!(t.steps[0].breached.as_ref().unwrap().to_string(), "2015-02-20");
    let evidence = t.steps[0].evidence.join("\n");
    assert!(
        evidence.contains(&format!("{moved:.1} km² (a.geojson -> b.geojson)")),
        "{evidence}"
    );
    // Without snapshots the metric is unknown, never zero.
    let t = evaluate(&plan, &Record::default(), &Options::as_of(day("2015-02-25"))).unwrap();
    assert_eq!(t.steps[0].status, "unknown (in force | breached)");
}

#[test]
fn an_unknown_territory_is_named_with_the_ones_there_are() {
    let n = scenario("minsk-2014-2015");
    let text = format!(
        "{HEAD}
[[steps]]
id = \"a\"
kind = \"milestone\"
title = \"A\"
when = \"territory_change_km2('front', 30) < 1\"
"
    );
    let (loaded, sources) = plan_from(&n, &text);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == "rule-unknown-metric")
        .expect("unknown territory");
    assert_eq!(d.location(&sources).unwrap(), "plan.toml:13:30");
    assert!(d.hint.as_deref().unwrap().contains("held-2015"), "{:?}", d.hint);
}

#[test]
fn geneva_relief_is_staged_and_snaps_back_on_a_renewed_attack() {
    let (_, plan) = bundled("geneva-2025");
    let signed = WhatIf::Report("agreement-signed".into(), day("2026-01-15"));
    let ceasefire = WhatIf::Report("ceasefire-verified".into(), day("2026-01-31"));
    let t = at(&plan, "2026-12-31", vec![signed.clone(), ceasefire.clone()]);
    // Six calendar months from 31 January, clamped: 31 July.
    assert_eq!(
        t.steps
            .iter()
            .find(|s| s.id == "relief-stage-1")
            .unwrap()
            .triggered
            .as_ref()
            .unwrap()
            .to_string(),
        "2026-07-31"
    );
    assert_eq!(status(&t, "relief-stage-2"), "pending");
    assert_eq!(status(&t, "snapback-tranche-1"), "pending");
    let attack = WhatIf::Report("renewed-attack".into(), day("2026-10-01"));
    let t = at(&plan, "2027-12-31", vec![signed, ceasefire, attack]);
    // The second stage never comes; both tranches snap back together.
    assert_eq!(status(&t, "relief-stage-2"), "pending");
    assert_eq!(status(&t, "snapback-tranche-1"), "reached");
    assert_eq!(status(&t, "snapback-tranche-2"), "reached");
    assert_eq!(
        t.steps
            .iter()
            .find(|s| s.id == "snapback-tranche-2")
            .unwrap()
            .triggered
            .as_ref()
            .unwrap()
            .to_string(),
        "2026-10-01"
    );
    assert!(t.conflicts.is_empty(), "{:?}", t.conflicts);
}
