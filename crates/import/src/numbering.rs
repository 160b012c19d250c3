//! Provision numbers and ids, and the warnings about numbering the plan got wrong.

use std::collections::{HashMap, HashSet};

use crate::ImportWarning;
use crate::letters::{self, Script};
use crate::outline::{Kind, Label, Node, Outline};

/// Longest id the format allows.
pub(crate) const MAX_ID: usize = 64;

/// One provision of the skeleton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Provision {
    pub(crate) id: String,
    pub(crate) number: String,
    pub(crate) text: String,
    /// Input line of the provision's marker.
    pub(crate) line: usize,
    /// Comment lines to print above the provision (the headings of the sections it
    /// opens).
    pub(crate) headings: Vec<String>,
}

/// Numbers every item of `outline`, gives each provision an id starting with `prefix`
/// (which already ends in its separator), and collects the numbering warnings in line
/// order.
pub(crate) fn number(outline: &Outline, prefix: &str) -> (Vec<Provision>, Vec<ImportWarning>) {
    let nodes = &outline.nodes;
    let qualified = sections_restart(nodes);
    let width = pad_width(nodes);
    let mut numbers: Vec<String> = Vec::with_capacity(nodes.len());
    let mut suffixes: Vec<String> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let parent_number = node.parent.and_then(|p| numbers.get(p)).map(String::as_str);
        let parent_suffix = node.parent.and_then(|p| suffixes.get(p)).map(String::as_str);
        let (section_number, section_suffix) = match node.section.and_then(|s| nodes.get(s)) {
            Some(section) if qualified => {
                let value = plain_number(section);
                (
                    format!("{}.", letters::roman(value)),
                    format!("{}-", letters::roman(value).to_lowercase()),
                )
            }
            _ => (String::new(), String::new()),
        };
        let (number, suffix) = match (&node.kind, &node.label) {
            (Kind::Section, label) => {
                let roman = letters::roman(label_value(label));
                let suffix = roman.to_lowercase();
                (roman, suffix)
            }
            (Kind::Top, label) => {
                let value = label_value(label);
                (
                    format!("{section_number}{value}"),
                    format!("{section_suffix}{}", pad(value, width)),
                )
            }
            (Kind::Paragraph, label) => {
                let value = label_value(label);
                (value.to_string(), pad(value, width))
            }
            (Kind::Dotted(_), Label::Dotted(parts)) => {
                let mut number = section_number;
                let mut suffix = section_suffix;
                for (i, part) in parts.iter().enumerate() {
                    if i == 0 {
                        number.push_str(&part.to_string());
                        suffix.push_str(&pad(*part, width));
                    } else {
                        number.push_str(&format!(".{part}"));
                        suffix.push_str(&format!("-{part}"));
                    }
                }
                (number, suffix)
            }
            (_, label) => {
                let (own_number, own_suffix) = match label {
                    Label::Letter(c) => (c.to_string(), letters::transliterate(*c)),
                    other => {
                        let value = label_value(other);
                        if node.kind == Kind::Roman {
                            let roman = letters::roman(value).to_lowercase();
                            (roman.clone(), roman)
                        } else {
                            (value.to_string(), value.to_string())
                        }
                    }
                };
                let number = match parent_number {
                    Some(parent) => format!("{parent}.{own_number}"),
                    None => own_number,
                };
                // Letters follow a number directly ("06a"); anything else gets a dash.
                let suffix = match parent_suffix {
                    Some(parent) if node.kind == Kind::Letter && parent.ends_with(|c: char| c.is_ascii_digit()) => {
                        format!("{parent}{own_suffix}")
                    }
                    Some(parent) => format!("{parent}-{own_suffix}"),
                    None => own_suffix,
                };
                (number, suffix)
            }
        };
        numbers.push(number);
        suffixes.push(suffix);
    }

    let mut provisions = Vec::new();
    let mut headings = Vec::new();
    let mut ids = Ids::default();
    for (i, node) in nodes.iter().enumerate() {
        if node.kind == Kind::Section && node.has_children {
            let mut lines = node.paragraphs.iter();
            headings.push(match lines.next() {
                Some(first) => format!("{}. {first}", numbers[i]),
                None => format!("{}.", numbers[i]),
            });
            headings.extend(lines.cloned());
            continue;
        }
        let mut base = format!("{prefix}{}", suffixes[i]);
        if base.len() > MAX_ID - 10 {
            // Deeply nested labels: fall back to the position in the document.
            base = format!("{prefix}{}", pad(provisions.len() as u32 + 1, width));
        }
        provisions.push(Provision {
            id: ids.unique(base),
            number: numbers[i].clone(),
            text: node.paragraphs.join("\n"),
            line: node.line,
            headings: std::mem::take(&mut headings),
        });
    }

    let mut warnings = sequence_warnings(nodes, &numbers);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (provision, node) in provisions
        .iter()
        .zip(nodes.iter().filter(|n| !(n.kind == Kind::Section && n.has_children)))
    {
        if let Some(first) = seen.insert(&provision.number, provision.line) {
            warnings.push(ImportWarning::new(
                provision.line,
                format!(
                    "number {} repeats line {first}; `truce check` rejects a number used twice in one document, so renumber one of them",
                    provision.number
                ),
            ));
            // Keep pointing at the first use.
            seen.insert(&provision.number, first);
        }
        if provision.text.is_empty() && !node.has_children {
            warnings.push(ImportWarning::new(
                provision.line,
                format!("provision {} has no text", provision.number),
            ));
        }
    }
    if outline.unnumbered
        && let Some(first) = provisions.first()
    {
        warnings.push(ImportWarning::new(
            first.line,
            "no numbered items found: made one provision per paragraph".to_owned(),
        ));
    }
    warnings.sort_by_key(|w| w.line);
    (provisions, warnings)
}

/// Whether top-level numbering starts again at 1 in a later section, so numbers need
/// the section in front ("II.1") to stay unique.
fn sections_restart(nodes: &[Node]) -> bool {
    let mut seen_head = false;
    let mut section_since = false;
    for node in nodes {
        let head = match (&node.kind, &node.label) {
            (Kind::Section, _) => {
                section_since = true;
                continue;
            }
            (Kind::Top, Label::Number(value)) => *value,
            (Kind::Dotted(_), Label::Dotted(parts)) => parts.first().copied().unwrap_or(0),
            _ => continue,
        };
        if seen_head && section_since && head == 1 {
            return true;
        }
        seen_head = true;
        section_since = false;
    }
    false
}

/// Digits of the zero-padded top-level number in ids: at least two.
fn pad_width(nodes: &[Node]) -> usize {
    let largest = nodes
        .iter()
        .filter_map(|n| match (&n.kind, &n.label) {
            (Kind::Top | Kind::Paragraph, Label::Number(value)) => Some(*value),
            (Kind::Dotted(_), Label::Dotted(parts)) => parts.first().copied(),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    largest.to_string().len().max(2)
}

fn pad(value: u32, width: usize) -> String {
    format!("{value:0width$}")
}

fn label_value(label: &Label) -> u32 {
    match label {
        Label::Number(value) => *value,
        _ => 0,
    }
}

fn plain_number(node: &Node) -> u32 {
    label_value(&node.label)
}

/// Ids handed out so far, and for each base id the next suffix to try (so a plan with
/// thousands of repeated numbers stays linear).
#[derive(Debug, Default)]
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, u64>,
}

impl Ids {
    /// `base`, or `base-2`, `base-3` ... whichever is free.
    fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

/// Where an item sits in its list, for comparing neighbours.
#[derive(Debug, Clone, Copy)]
enum Position {
    Number(u32),
    Letter(Script, letters::Rank),
}

fn position(node: &Node) -> Option<Position> {
    match &node.label {
        Label::Number(value) => Some(Position::Number(*value)),
        Label::Dotted(parts) => parts.last().map(|&v| Position::Number(v)),
        Label::Letter(c) => letters::letter(*c).map(|(script, rank)| Position::Letter(script, rank)),
    }
}

/// How a missing label is written in the style of `node`.
fn label_text(node: &Node, value: u32, script: Script) -> String {
    match node.kind {
        Kind::Section => letters::roman(value),
        Kind::Roman => letters::roman(value).to_lowercase(),
        Kind::Letter => letters::core_letter(script, value)
            .map(String::from)
            .unwrap_or_default(),
        _ => value.to_string(),
    }
}

/// `number` with its last part replaced by `label`: the number of a sibling.
fn sibling(number: &str, label: &str) -> String {
    match number.rsplit_once('.') {
        Some((stem, _)) => format!("{stem}.{label}"),
        None => label.to_owned(),
    }
}

/// Skipped numbers, numbers out of order, lists that do not start at 1 (or a), and
/// letter lists that mix Latin and Cyrillic.
fn sequence_warnings(nodes: &[Node], numbers: &[String]) -> Vec<ImportWarning> {
    let mut warnings = Vec::new();
    let mut compare = |prev: usize, cur: usize| {
        let (a, b) = (&nodes[prev], &nodes[cur]);
        let (from, to, script, back) = match (position(a), position(b)) {
            (Some(Position::Number(x)), Some(Position::Number(y))) => (x, y, Script::Latin, y < x),
            (Some(Position::Letter(_, x)), Some(Position::Letter(script, y))) => (x.core, y.core, script, y < x),
            _ => return,
        };
        let message = if back && to == 1 && b.kind != Kind::Letter {
            format!("numbering starts again at {} after {}", numbers[cur], numbers[prev])
        } else if back {
            format!("{} follows {}: out of order", numbers[cur], numbers[prev])
        } else if to > from.saturating_add(1) {
            let first = sibling(&numbers[cur], &label_text(b, from + 1, script));
            let missing = if to - from == 2 {
                format!("{first} is missing")
            } else {
                let last = sibling(&numbers[cur], &label_text(b, to - 1, script));
                format!("{first} to {last} are missing")
            };
            format!("{} follows {}: {missing}", numbers[cur], numbers[prev])
        } else {
            return;
        };
        warnings.push(ImportWarning::new(b.line, message));
    };

    let mut prev_top: Option<usize> = None;
    let mut prev_section: Option<usize> = None;
    let mut section_since = false;
    let mut lists: HashMap<(Option<usize>, Kind, Vec<u32>), usize> = HashMap::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut first_script: HashMap<Option<usize>, Script> = HashMap::new();
    let mut mixed: Vec<(usize, Script, Script)> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        match node.kind {
            Kind::Paragraph => {}
            Kind::Section => {
                if let Some(prev) = prev_section {
                    compare(prev, i);
                }
                prev_section = Some(i);
                section_since = true;
            }
            Kind::Top => {
                match prev_top {
                    None => starts.push(i),
                    Some(prev) => {
                        let restart = section_since && label_value(&node.label) == 1;
                        if !restart {
                            compare(prev, i);
                        }
                    }
                }
                prev_top = Some(i);
                section_since = false;
            }
            kind => {
                let prefix = match &node.label {
                    Label::Dotted(parts) => parts.split_last().map(|(_, p)| p.to_vec()),
                    _ => None,
                };
                let key = (node.parent, kind, prefix.unwrap_or_default());
                match lists.insert(key, i) {
                    Some(prev) => compare(prev, i),
                    None => starts.push(i),
                }
                if let Label::Letter(c) = node.label
                    && let Some((script, _)) = letters::letter(c)
                {
                    let first = *first_script.entry(node.parent).or_insert(script);
                    if first != script {
                        mixed.push((i, script, first));
                    }
                }
            }
        }
    }
    for i in starts {
        let first = match position(&nodes[i]) {
            Some(Position::Number(value)) => value == 1,
            Some(Position::Letter(_, rank)) => rank.core == 0,
            None => true,
        };
        if !first {
            let what = if nodes[i].kind == Kind::Top {
                "numbering"
            } else {
                "this list"
            };
            warnings.push(ImportWarning::new(
                nodes[i].line,
                format!("{what} starts at {}", numbers[i]),
            ));
        }
    }
    for (i, script, first) in mixed {
        warnings.push(ImportWarning::new(
            nodes[i].line,
            format!(
                "{} uses a {} letter in a list that began with a {} one; check for a look-alike letter",
                numbers[i],
                script.name(),
                first.name()
            ),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lines, outline};

    fn run(text: &str) -> (Vec<Provision>, Vec<ImportWarning>) {
        number(&outline::build(&lines::split(text)), "doc-")
    }

    fn numbers_and_ids(text: &str) -> Vec<(String, String)> {
        run(text).0.into_iter().map(|p| (p.number, p.id)).collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(n, i)| (n.to_string(), i.to_string())).collect()
    }

    #[test]
    fn letters_follow_their_number() {
        assert_eq!(
            numbers_and_ids("1. a\n2. b\n a) x\n (i) y\n (ii) z\n b) w"),
            pairs(&[
                ("1", "doc-01"),
                ("2", "doc-02"),
                ("2.a", "doc-02a"),
                ("2.a.i", "doc-02a-i"),
                ("2.a.ii", "doc-02a-ii"),
                ("2.b", "doc-02b"),
            ])
        );
    }

    #[test]
    fn cyrillic_letters_keep_their_script_in_numbers_only() {
        assert_eq!(
            numbers_and_ids("6. x\nа) y\nб) z\nв) w"),
            pairs(&[
                ("6", "doc-06"),
                ("6.а", "doc-06a"),
                ("6.б", "doc-06b"),
                ("6.в", "doc-06v"),
            ])
        );
    }

    #[test]
    fn sections_qualify_numbers_only_when_numbering_restarts() {
        let (provisions, warnings) = run("I. A\n1. x\n2. y\nII. B\n1. z");
        let numbers: Vec<_> = provisions.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["I.1", "I.2", "II.1"]);
        assert_eq!(provisions[2].id, "doc-ii-01");
        assert_eq!(provisions[0].headings, ["I. A"]);
        assert_eq!(provisions[2].headings, ["II. B"]);
        assert!(warnings.is_empty(), "{warnings:?}");

        let (provisions, _) = run("I. A\n1. x\nII. B\n2. z\nIII. Empty section");
        let numbers: Vec<_> = provisions.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(numbers, ["1", "2", "III"]);
        assert_eq!(provisions[2].id, "doc-iii");
    }

    #[test]
    fn skipped_repeated_and_backward_numbers_warn() {
        let (provisions, warnings) = run("1. a\n2. b\n4. c\n4. d\n3. e");
        assert_eq!(provisions.len(), 5);
        let ids: Vec<_> = provisions.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["doc-01", "doc-02", "doc-04", "doc-04-2", "doc-03"]);
        let lines: Vec<_> = warnings.iter().map(|w| (w.line, w.message.as_str())).collect();
        assert_eq!(lines[0], (3, "4 follows 2: 3 is missing"));
        assert_eq!(lines[1].0, 4);
        assert!(lines[1].1.starts_with("number 4 repeats line 3"));
        assert_eq!(lines[2], (5, "3 follows 4: out of order"));
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn letter_gaps_name_the_missing_letters() {
        let (_, warnings) = run("1. x\na) a\nd) d\n2. y\nа) а\nв) в");
        let messages: Vec<_> = warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "1.d follows 1.a: 1.b to 1.c are missing",
                "2.в follows 2.а: 2.б is missing"
            ]
        );
    }

    #[test]
    fn optional_cyrillic_letters_are_not_missing() {
        for text in [
            "1. x\nа) a\nб) b\nв) c\nг) d\nґ) e\nд) f",
            "1. x\nа) a\nб) b\nв) c\nг) d\nд) e\nе) f\nж) g\nз) h\nи) i\nі) j\nї) k\nй) l\nк) m",
            "1. x\nа) a\nб) b\nв) c\nг) d\nд) e\nе) f\nж) g\nз) h\nи) i\nк) m",
        ] {
            let (provisions, warnings) = run(text);
            assert!(provisions.len() > 6, "{provisions:?}");
            assert!(warnings.is_empty(), "{warnings:?}");
        }
    }

    #[test]
    fn mixed_scripts_warn() {
        // The first letter is a Cyrillic а that looks like a Latin a.
        let (_, warnings) = run("1. x\nа) a\nb) b");
        assert!(
            warnings[0]
                .message
                .contains("Latin letter in a list that began with a Cyrillic")
        );
    }

    #[test]
    fn lists_starting_late_warn() {
        let (_, warnings) = run("3. x\n4. y");
        assert_eq!(warnings[0].message, "numbering starts at 3");
    }

    #[test]
    fn dotted_ids() {
        assert_eq!(
            numbers_and_ids("1. x\n1.1 y\n1.1.1 z\n1.2 w"),
            pairs(&[
                ("1", "doc-01"),
                ("1.1", "doc-01-1"),
                ("1.1.1", "doc-01-1-1"),
                ("1.2", "doc-01-2"),
            ])
        );
    }

    #[test]
    fn wide_numbers_pad_wider() {
        let text: String = (1..=120).map(|n| format!("{n}. item\n")).collect();
        let (provisions, warnings) = run(&text);
        assert_eq!(provisions[0].id, "doc-001");
        assert_eq!(provisions[119].id, "doc-120");
        assert!(warnings.is_empty());
    }
}
