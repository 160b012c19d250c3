//! End-to-end tests of `skeleton` through the public API.

use truce_import::{ImportError, ImportWarning, Skeleton, SkeletonOptions, decode, skeleton};

fn options(id: &str) -> SkeletonOptions {
    SkeletonOptions {
        id: id.to_owned(),
        ..SkeletonOptions::default()
    }
}

fn import(text: &str) -> Skeleton {
    match skeleton(text, &options("doc")) {
        Ok(made) => made,
        Err(error) => panic!("import failed: {error}"),
    }
}

/// (id, number, text) of every provision, read back from the TOML.
fn provisions(made: &Skeleton) -> Vec<(String, String, String)> {
    let table: toml::Table = match toml::from_str(&made.toml) {
        Ok(table) => table,
        Err(error) => panic!("skeleton is not TOML: {error}\n{}", made.toml),
    };
    let list = table
        .get("provisions")
        .and_then(toml::Value::as_array)
        .cloned()
        .unwrap_or_default();
    assert_eq!(list.len(), made.provisions);
    list.iter()
        .map(|p| {
            let field = |key: &str| p.get(key).and_then(toml::Value::as_str).unwrap_or_default().to_owned();
            (field("id"), field("number"), field("text"))
        })
        .collect()
}

fn numbers(made: &Skeleton) -> Vec<String> {
    provisions(made).into_iter().map(|p| p.1).collect()
}

fn texts(made: &Skeleton) -> Vec<String> {
    provisions(made).into_iter().map(|p| p.2).collect()
}

fn document(made: &Skeleton) -> toml::Table {
    let table: toml::Table = toml::from_str(&made.toml).unwrap_or_default();
    table
        .get("document")
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default()
}

fn messages(made: &Skeleton) -> Vec<(usize, &str)> {
    made.warnings.iter().map(|w| (w.line, w.message.as_str())).collect()
}

#[test]
fn every_top_level_numbering_scheme() {
    for plan in [
        "1. One\n2. Two\n3. Three",
        "1) One\n2) Two\n3) Three",
        "(1) One\n(2) Two\n(3) Three",
        "1 - One\n2 – Two\n3 — Three",
        "１． One\n２． Two\n３． Three",
    ] {
        let made = import(plan);
        assert_eq!(numbers(&made), ["1", "2", "3"], "{plan}");
        assert_eq!(texts(&made), ["One", "Two", "Three"], "{plan}");
        assert!(made.warnings.is_empty(), "{plan}: {:?}", made.warnings);
    }
}

#[test]
fn every_sub_point_scheme() {
    for plan in [
        "6. Parent\na. first\nb. second",
        "6. Parent\na) first\nb) second",
        "6. Parent\n(a) first\n(b) second",
        "6. Parent\n   a) first\n   b) second",
    ] {
        let made = import(plan);
        let got = provisions(&made);
        assert_eq!(got[1].0, "doc-06a", "{plan}");
        assert_eq!(got[1].1, "6.a", "{plan}");
        assert_eq!(got[2].1, "6.b", "{plan}");
        assert_eq!(got[2].2, "second", "{plan}");
    }
    let made = import("1. x\n1.1 first\n1.2. second\n2. y\n2.1) third");
    assert_eq!(numbers(&made), ["1", "1.1", "1.2", "2", "2.1"]);
    let made = import("1. x\n(a) a\n(i) one\n(ii) two\n(b) b");
    assert_eq!(numbers(&made), ["1", "1.a", "1.a.i", "1.a.ii", "1.b"]);
    assert!(made.warnings.is_empty(), "{:?}", made.warnings);
}

#[test]
fn ukrainian_plan() {
    let plan = "\
Мирний план (вигаданий приклад для тестів)
Складено посередниками.

І. ПРИПИНЕННЯ ВОГНЮ
1. Сторони припиняють вогонь з 00:00
наступного дня після підписання.
2. Обмін полоненими:
а) за принципом «всіх на всіх»;
б) протягом 30 днів;
в) через місію спостерігачів.
ІІ. ГАРАНТІЇ
3. Місія ОБСЄ стежить за дотриманням режиму тиші.
";
    let made = import(plan);
    let got = provisions(&made);
    let numbers: Vec<&str> = got.iter().map(|p| p.1.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "2.а", "2.б", "2.в", "3"]);
    let ids: Vec<&str> = got.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(ids, ["doc-01", "doc-02", "doc-02a", "doc-02b", "doc-02v", "doc-03"]);
    assert_eq!(
        got[0].2,
        "Сторони припиняють вогонь з 00:00 наступного дня після підписання."
    );
    // The Cyrillic І of the heading reads as the roman numeral I.
    assert!(made.toml.contains("# I. ПРИПИНЕННЯ ВОГНЮ"));
    assert_eq!(
        document(&made).get("title").and_then(toml::Value::as_str),
        Some("Мирний план (вигаданий приклад для тестів)")
    );
    assert!(made.warnings.is_empty(), "{:?}", made.warnings);
}

#[test]
fn russian_plan_with_numbered_sub_points() {
    let plan = "\
1. Прекращение огня:
1) на всей линии соприкосновения;
2) с 00:00 по местному времени.
2. Отвод тяжёлых вооружений на 15 км.
3. Обмен пленными:
а) всех на всех;
б) в течение месяца.
";
    let made = import(plan);
    assert_eq!(numbers(&made), ["1", "1.1", "1.2", "2", "3", "3.а", "3.б"]);
    let ids: Vec<String> = provisions(&made).into_iter().map(|p| p.0).collect();
    assert_eq!(ids[1], "doc-01-1");
    assert_eq!(ids[6], "doc-03b");
}

#[test]
fn wrapped_lines_and_paragraphs_join_their_item() {
    let plan = "\
1. The parties agree to a ceasefire
   along the whole contact line,
   including the airspace.

   It takes effect at midnight.
2. Forces are capped at
600 000 troops.
";
    let made = import(plan);
    assert_eq!(
        texts(&made),
        [
            "The parties agree to a ceasefire along the whole contact line, including the airspace.\nIt takes effect at midnight.",
            "Forces are capped at 600 000 troops.",
        ]
    );
}

#[test]
fn crlf_tabs_and_odd_spaces_read_like_plain_text() {
    let plain = "Plan\n\n1. One\n   wrapped\n2. Two\n   a) sub\n";
    let windows = plain.replace('\n', "\r\n");
    assert_eq!(import(&windows), import(plain));
    let odd = "\u{feff}Plan\r\n\r\n1.\tOne\r\n\u{a0}\u{a0}\u{a0}wrapped\r\n2.\u{a0}Two\r\n\t a)\u{202f}sub";
    assert_eq!(import(odd), import(plain));
}

#[test]
fn skipped_and_repeated_numbers_warn_with_their_line() {
    let made = import("Plan\n\n1. a\n2. b\n4. c\n4. d\n5. e\n5. e again\n");
    assert_eq!(made.provisions, 6);
    let warnings = messages(&made);
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert_eq!(warnings[0], (5, "4 follows 2: 3 is missing"));
    assert_eq!(warnings[1].0, 6);
    assert!(warnings[1].1.contains("number 4 repeats line 5"));
    assert_eq!(warnings[2].0, 8);
    let ids: Vec<String> = provisions(&made).into_iter().map(|p| p.0).collect();
    assert_eq!(ids[3], "doc-04-2");
    assert_eq!(ids[5], "doc-05-2");
    let shown = made.warnings[0].to_string();
    assert_eq!(shown, "line 5: 4 follows 2: 3 is missing");
}

#[test]
fn skipped_sub_points_warn() {
    let made = import("1. x\n   a) a\n   c) c\n");
    assert_eq!(messages(&made), [(3, "1.c follows 1.a: 1.b is missing")]);
}

#[test]
fn empty_input_has_no_provisions() {
    for text in ["", "\n\n", " \t\r\n\u{a0}", "-----\n* * *"] {
        assert_eq!(
            skeleton(text, &options("doc")),
            Err(ImportError::NoProvisions),
            "{text:?}"
        );
    }
}

#[test]
fn text_without_numbering_gives_one_provision_per_paragraph() {
    let made = import("A plan\n\nThe guns fall silent.\n\nPrisoners go home\nbefore winter.\n");
    assert_eq!(numbers(&made), ["1", "2"]);
    assert_eq!(
        texts(&made),
        ["The guns fall silent.", "Prisoners go home before winter."]
    );
    assert_eq!(
        made.warnings,
        [ImportWarning {
            line: 3,
            message: "no numbered items found: made one provision per paragraph".to_owned()
        }]
    );
    assert_eq!(
        document(&made).get("title").and_then(toml::Value::as_str),
        Some("A plan")
    );
}

#[test]
fn placeholders_until_options_are_given() {
    let made = import("1. x");
    let doc = document(&made);
    assert_eq!(doc.get("date").and_then(toml::Value::as_str), Some("YYYY-MM-DD"));
    assert_eq!(doc.get("title").and_then(toml::Value::as_str), Some("TODO"));
    assert_eq!(doc.get("stage").and_then(toml::Value::as_str), Some("TODO"));
    assert_eq!(doc.get("status").and_then(toml::Value::as_str), Some("TODO"));
    assert!(
        made.toml
            .contains("# TODO: the date of the document\ndate = \"YYYY-MM-DD\"")
    );
    assert!(!made.toml.contains("[[provenance]]"));

    let given = SkeletonOptions {
        id: "us-28".to_owned(),
        title: Some("US 28-point plan".to_owned()),
        date: Some("2025-11-20".to_owned()),
        status: Some("leaked".to_owned()),
        stage: Some("SubComp".to_owned()),
        source: Some("https://example.org/a \"quoted\" path".to_owned()),
        id_prefix: Some("us28".to_owned()),
    };
    let made = skeleton("Draft plan\n1. x", &given).unwrap_or_else(|e| panic!("{e}"));
    let doc = document(&made);
    assert_eq!(doc.get("date").map(ToString::to_string).as_deref(), Some("2025-11-20"));
    assert_eq!(doc.get("title").and_then(toml::Value::as_str), Some("US 28-point plan"));
    // The line the given title replaced is kept.
    assert_eq!(doc.get("summary").and_then(toml::Value::as_str), Some("Draft plan"));
    assert_eq!(provisions(&made)[0].0, "us28-01");
    let table: toml::Table = toml::from_str(&made.toml).unwrap_or_default();
    let source = table
        .get("provenance")
        .and_then(|p| p.get(0))
        .and_then(|p| p.get("source"))
        .and_then(toml::Value::as_str);
    assert_eq!(source, Some("https://example.org/a \"quoted\" path"));
    assert!(!made.toml.contains("stage = \"TODO\""));
}

#[test]
fn bad_options_are_errors() {
    let mut bad = options("Doc 1");
    assert!(matches!(
        skeleton("1. x", &bad),
        Err(ImportError::InvalidId { option: "id", .. })
    ));
    bad = options("doc");
    bad.date = Some("2025-02-30".to_owned());
    assert!(matches!(skeleton("1. x", &bad), Err(ImportError::InvalidDate { .. })));
}

#[test]
fn awkward_text_is_escaped_by_toml() {
    let made = import("1. He said \"stop\" \\ then '''left''' \"\"\" # not a comment\n2. Tab\there");
    assert_eq!(
        texts(&made),
        ["He said \"stop\" \\ then '''left''' \"\"\" # not a comment", "Tab here"]
    );
}

#[test]
fn ids_are_valid_and_unique() {
    let made = import("I. A\n1. x\nа) y\nґ) z\nщ) w\n1. again\n1. again\n(1) sub\nII. B\n1. restart\n1.1 dotted\n");
    let ids: Vec<String> = provisions(&made).into_iter().map(|p| p.0).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for id in &ids {
        assert!(id.len() <= 64, "{id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')),
            "{id}"
        );
    }
}

#[test]
fn output_is_deterministic() {
    let plan = include_str!("data/sample-plan.txt");
    assert_eq!(import(plan), import(plan));
}

#[test]
fn sample_plan() {
    let bytes = include_bytes!("data/sample-plan.txt");
    let text = decode(bytes).unwrap_or_else(|e| panic!("{e}"));
    let given = SkeletonOptions {
        source: Some("https://example.org/lakeland-plan".to_owned()),
        ..options("lakeland")
    };
    let made = skeleton(&text, &given).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        numbers(&made),
        [
            "1", "2", "2.a", "2.b", "2.c", "3", "4", "5", "5.a", "5.b", "5.b.i", "5.b.ii", "5.c", "6"
        ]
    );
    assert!(made.warnings.is_empty(), "{:?}", made.warnings);
    let third = &provisions(&made)[5];
    assert_eq!(third.0, "lakeland-03");
    assert!(third.2.ends_with("\n• the right to publish its reports."));
    insta::assert_snapshot!("sample-plan", made.toml);
}
