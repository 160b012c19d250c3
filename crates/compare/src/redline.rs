//! Word-level redlines between two texts.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

/// One run of a redline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// Whether the run is kept, deleted from the first text or inserted by the second.
    pub op: ChangeOp,
    /// The run's text, with its spaces and punctuation as written.
    pub text: String,
}

/// What happens to a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    /// In both texts.
    Equal,
    /// Only in the first text.
    Delete,
    /// Only in the second text.
    Insert,
}

/// Word-level diff of `a` into `b`.
///
/// Words are split by the Unicode word-boundary rules (any script); spaces and
/// punctuation are runs of their own, so concatenating the `Equal` and `Delete` runs gives
/// back `a` and the `Equal` and `Insert` runs give back `b`. Within a changed stretch the
/// deletion comes before the insertion, and the spaces between changed words belong to
/// the change ("[-six hundred-]{+eight hundred+}" rather than word by word). Runs of the
/// same kind are merged.
///
/// Very long texts fall back to a coarser diff after two seconds rather than running on.
///
/// ```
/// use truce_compare::{redline, render_redline};
///
/// let changes = redline("The army is capped at 600,000.", "The army is capped at 800,000 personnel.");
/// assert_eq!(render_redline(&changes), "The army is capped at [-600,000-]{+800,000 personnel+}.");
/// ```
pub fn redline(a: &str, b: &str) -> Vec<Change> {
    let diff = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_unicode_words(a, b);
    let tokens: Vec<(ChangeOp, &str)> = diff
        .iter_all_changes()
        .map(|c| {
            let op = match c.tag() {
                ChangeTag::Equal => ChangeOp::Equal,
                ChangeTag::Delete => ChangeOp::Delete,
                ChangeTag::Insert => ChangeOp::Insert,
            };
            (op, c.value())
        })
        .collect();

    let mut out: Vec<Change> = Vec::new();
    let mut deleted = String::new();
    let mut inserted = String::new();
    let mut k = 0;
    while k < tokens.len() {
        let (op, text) = tokens[k];
        match op {
            ChangeOp::Delete => deleted.push_str(text),
            ChangeOp::Insert => inserted.push_str(text),
            ChangeOp::Equal => {
                let in_change = !deleted.is_empty() || !inserted.is_empty();
                // Equal non-word runs (spaces, punctuation) between two changes join them.
                let next_changes = tokens.get(k + 1).is_some_and(|&(next, _)| next != ChangeOp::Equal);
                if in_change && next_changes && !text.chars().any(char::is_alphanumeric) {
                    deleted.push_str(text);
                    inserted.push_str(text);
                } else {
                    flush(&mut out, &mut deleted, &mut inserted);
                    push(&mut out, ChangeOp::Equal, text);
                }
            }
        }
        k += 1;
    }
    flush(&mut out, &mut deleted, &mut inserted);
    out
}

fn flush(out: &mut Vec<Change>, deleted: &mut String, inserted: &mut String) {
    if !deleted.is_empty() {
        push(out, ChangeOp::Delete, deleted);
        deleted.clear();
    }
    if !inserted.is_empty() {
        push(out, ChangeOp::Insert, inserted);
        inserted.clear();
    }
}

fn push(out: &mut Vec<Change>, op: ChangeOp, text: &str) {
    match out.last_mut() {
        Some(last) if last.op == op => last.text.push_str(text),
        _ => out.push(Change {
            op,
            text: text.to_string(),
        }),
    }
}

/// Renders a redline as plain text, deletions as `[-...-]` and insertions as `{+...+}`
/// (the convention of `git diff --word-diff=plain`).
pub fn render_redline(changes: &[Change]) -> String {
    let mut out = String::new();
    for change in changes {
        match change.op {
            ChangeOp::Equal => out.push_str(&change.text),
            ChangeOp::Delete => {
                out.push_str("[-");
                out.push_str(&change.text);
                out.push_str("-]");
            }
            ChangeOp::Insert => {
                out.push_str("{+");
                out.push_str(&change.text);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebuild(changes: &[Change], keep: ChangeOp) -> String {
        changes
            .iter()
            .filter(|c| c.op == ChangeOp::Equal || c.op == keep)
            .map(|c| c.text.as_str())
            .collect()
    }

    #[test]
    fn identical_and_empty_texts() {
        assert_eq!(redline("", ""), vec![]);
        assert_eq!(render_redline(&redline("same text", "same text")), "same text");
        assert_eq!(
            redline("", "new"),
            vec![Change {
                op: ChangeOp::Insert,
                text: "new".into()
            }]
        );
        assert_eq!(
            redline("old", ""),
            vec![Change {
                op: ChangeOp::Delete,
                text: "old".into()
            }]
        );
    }

    #[test]
    fn neighbouring_changed_words_form_one_change() {
        let changes = redline("troops leave within 30 days", "forces leave within 60 calendar days");
        assert_eq!(
            render_redline(&changes),
            "[-troops-]{+forces+} leave within [-30-]{+60 calendar+} days"
        );
    }

    #[test]
    fn cyrillic_words_diff_as_words() {
        let a = "Численность ВСУ ограничивается 600 тысячами";
        let b = "Численность ВСУ ограничивается 800 тысячами военнослужащих";
        let changes = redline(a, b);
        assert_eq!(
            render_redline(&changes),
            "Численность ВСУ ограничивается [-600-]{+800+} тысячами{+ военнослужащих+}"
        );
        assert_eq!(rebuild(&changes, ChangeOp::Delete), a);
        assert_eq!(rebuild(&changes, ChangeOp::Insert), b);
    }

    #[test]
    fn serializes_ops_in_lower_case() {
        let json = serde_json::to_string(&redline("a", "b")).unwrap_or_default();
        assert_eq!(json, r#"[{"op":"delete","text":"a"},{"op":"insert","text":"b"}]"#);
    }
}
