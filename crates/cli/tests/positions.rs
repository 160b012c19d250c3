//! `truce assess` and `truce zopa` on the bundled Geneva positions.

mod common;

fn truce(args: &[&str]) -> (bool, String, String) {
    let r = common::truce_at(None, args);
    (r.ok(), r.stdout, r.stderr)
}

fn assess(doc: &str) -> serde_json::Value {
    let (ok, out, err) = truce(&["assess", doc, "--format", "json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["format"], "truce.assess/1");
    v["assessment"].clone()
}

fn verdict<'a>(a: &'a serde_json::Value, party: &str) -> &'a serde_json::Value {
    a["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .find(|p| p["party"] == party)
        .expect("party")
}

#[test]
fn ukraine_and_europe_reject_the_us_plan_and_say_why() {
    let a = assess("us-28-point-plan");
    for party in ["ua", "eu"] {
        let p = verdict(&a, party);
        assert_eq!(p["acceptable"], "broken", "{party}: {p}");
        let broken: Vec<&serde_json::Value> = p["red_lines"]
            .as_array()
            .expect("red lines")
            .iter()
            .filter(|r| r["status"] == "broken")
            .collect();
        // Recognition is among the reasons, and the provision responsible is point 21.
        let recognition = broken
            .iter()
            .find(|r| r["rule"].as_str().unwrap_or_default().contains("recognition"))
            .unwrap_or_else(|| panic!("{party} should object to recognition: {p}"));
        assert!(
            recognition["provisions"]
                .as_array()
                .expect("provisions")
                .iter()
                .any(|x| x == "us28-21"),
            "{recognition}"
        );
    }
}

#[test]
fn russia_rejects_the_european_counter_proposal() {
    let a = assess("e3-counter-proposal");
    let ru = verdict(&a, "ru");
    assert_eq!(ru["acceptable"], "broken", "{ru}");
    let broken: Vec<String> = ru["red_lines"]
        .as_array()
        .expect("red lines")
        .iter()
        .filter(|r| r["status"] == "broken")
        .map(|r| r["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(broken.iter().any(|id| id == "no-nato"), "{broken:?}");
}

#[test]
fn open_terms_are_unknown_never_a_pass() {
    // The Geneva framework leaves recognition open: recognition red lines are unknown.
    let a = assess("geneva-framework");
    for party in ["ua", "ru"] {
        let p = verdict(&a, party);
        for r in p["red_lines"].as_array().expect("red lines") {
            if r["rule"].as_str().unwrap_or_default().starts_with("recognition") {
                assert_eq!(r["status"], "unknown", "{party}: {r}");
            }
        }
    }
}

#[test]
fn the_four_parties_have_no_zone_and_a_small_conflict_core() {
    let (ok, out, err) = truce(&["zopa", "geneva-2025", "--format", "json"]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let z = &v["zopa"];
    assert_eq!(z["feasible"], false);
    let sets = z["conflicts"]["sets"].as_array().expect("sets");
    assert!(z["conflicts"]["complete"].as_bool().expect("complete"));
    assert!(!sets.is_empty());
    // Every set spans at least two parties and names the issues where they meet.
    for s in sets {
        let parties: std::collections::BTreeSet<&str> = s["red_lines"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| m["party"].as_str().expect("party"))
            .collect();
        assert!(parties.len() >= 2, "{s}");
        assert!(!s["issues"].as_array().expect("issues").is_empty(), "{s}");
    }
    // Recognition divides Russia from Ukraine: one set holds exactly those two red lines.
    assert!(sets.iter().any(|s| {
        let ids: Vec<String> = s["red_lines"]
            .as_array()
            .expect("members")
            .iter()
            .map(|m| {
                format!(
                    "{}/{}",
                    m["party"].as_str().unwrap_or(""),
                    m["id"].as_str().unwrap_or("")
                )
            })
            .collect();
        ids.len() == 2 && ids.contains(&"ru/recognition".to_owned()) && ids.contains(&"ua/no-recognition".to_owned())
    }));
    // Deterministic: the same bytes twice.
    let (_, again, _) = truce(&["zopa", "geneva-2025", "--format", "json"]);
    assert_eq!(out, again);
}

#[test]
fn html_reports_are_self_contained() {
    for args in [
        vec!["assess", "us-28-point-plan", "--format", "html"],
        vec!["zopa", "geneva-2025", "--format", "html"],
        vec!["compare", "us-28-point-plan", "e3-counter-proposal", "--format", "html"],
        vec!["evolution", "geneva-2025", "--format", "html"],
    ] {
        let (ok, out, err) = truce(&args);
        assert!(ok, "{args:?}: {err}");
        assert!(out.starts_with("<!DOCTYPE html>"), "{args:?}");
        assert!(
            !out.contains("<script") && !out.contains("http-equiv") && !out.contains("<link"),
            "{args:?}"
        );
        assert!(out.contains("@media print"), "{args:?}");
    }
}
