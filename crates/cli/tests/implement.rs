//! `truce timeline` and `truce lint` end to end on the bundled scenarios.

mod common;

fn truce(args: &[&str]) -> (Option<i32>, String, String) {
    let store = tempfile::tempdir().expect("tempdir");
    let r = common::truce_at(Some(&store.path().join("empty.sqlite")), args);
    (r.code, r.stdout, r.stderr)
}

#[test]
fn lint_reports_the_minsk_loop_and_exits_by_severity() {
    let (code, out, err) = truce(&["lint", "minsk-2014-2015"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("warning[circular-condition]"), "{err}");
    assert!(err.contains("minsk-package.toml:233:9"), "{err}");
    assert!(out.contains("1 plan linted: 0 errors, 6 warnings"), "{out}");
    let (code, _, _) = truce(&["lint", "minsk-2014-2015", "--deny-warnings"]);
    assert_eq!(code, Some(1));
}

#[test]
fn timeline_as_of_with_what_if_in_every_format() {
    let (code, out, err) = truce(&["timeline", "jcpoa-2015", "--as-of", "2025-10-01"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("reached    snapback"), "{out}");
    let (code, out, err) = truce(&[
        "timeline",
        "jcpoa-2015",
        "--as-of",
        "2025-10-01",
        "--what-if",
        "performed:unsc-continuation@2025-09-20",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["format"], "truce.timeline/1");
    let snapback = json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "snapback")
        .unwrap();
    assert_eq!(snapback["status"], "pending");
    let (code, out, _) = truce(&[
        "timeline",
        "jcpoa-2015",
        "--as-of",
        "2025-10-01",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, Some(0));
    assert!(out.starts_with("# JCPOA"), "{out}");
    assert!(out.contains("| `snapback`"), "{out}");
    // Without events the Minsk ceasefire's metric is unknown, and the note says why.
    let (code, out, err) = truce(&["timeline", "minsk-2014-2015", "--as-of", "2015-03-01"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("the event store holds no events"), "{err}");
    assert!(out.contains("unknown (in force | breached) ceasefire"), "{out}");
}

#[test]
fn bad_arguments_get_clear_errors() {
    let (code, _, err) = truce(&["timeline", "jcpoa-2015", "--what-if", "performed:nope@2020-01-01"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no step `nope`"), "{err}");
    let (code, _, err) = truce(&["timeline", "jcpoa-2015", "--as-of", "2010-01-01"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("before the plan starts"), "{err}");
    let (code, _, err) = truce(&["timeline", "jcpoa-2015", "--what-if", "report:x"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("has no @DATE"), "{err}");
}
