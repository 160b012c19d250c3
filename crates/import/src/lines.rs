//! Splitting the input into lines and normalising their whitespace.

/// One input line, ready for marker recognition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based line number in the input.
    pub(crate) number: usize,
    /// Width of the leading whitespace (a tab counts 4).
    pub(crate) indent: usize,
    /// The text with every run of whitespace (tabs, non-breaking and other Unicode
    /// spaces, control characters) turned into one space, trimmed. Empty for blank
    /// lines and for separator lines such as `-----`.
    pub(crate) text: String,
    /// The line ends in a soft hyphen: the next line continues the same word.
    pub(crate) soft_break: bool,
}

/// Splits `input` at `\n`, `\r\n` or a lone `\r`, dropping a leading byte-order mark.
pub(crate) fn split(input: &str) -> Vec<Line> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut lines = Vec::new();
    let mut rest = input;
    let mut number = 1;
    loop {
        match rest.find(['\r', '\n']) {
            Some(i) => {
                lines.push(normalise(number, &rest[..i]));
                let width = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + width..];
                number += 1;
            }
            None => {
                lines.push(normalise(number, rest));
                return lines;
            }
        }
    }
}

/// Characters dropped outright: zero-width space, word joiner, byte-order mark,
/// direction marks and the soft hyphen.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{ad}'
    )
}

fn normalise(number: usize, raw: &str) -> Line {
    let mut indent = 0;
    let mut leading = true;
    let mut pending_space = false;
    let mut soft_break = false;
    let mut text = String::with_capacity(raw.len());
    for c in raw.chars() {
        if invisible(c) {
            soft_break |= c == '\u{ad}';
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            if leading {
                indent += if c == '\t' { 4 } else { 1 };
            } else {
                pending_space = true;
            }
            continue;
        }
        leading = false;
        soft_break = false;
        if pending_space {
            text.push(' ');
            pending_space = false;
        }
        text.push(c);
    }
    if is_separator(&text) {
        text.clear();
    }
    Line {
        number,
        indent,
        text,
        soft_break,
    }
}

/// A rule drawn with punctuation (`-----`, `* * *`, `=====`) separates paragraphs.
fn is_separator(text: &str) -> bool {
    let mut marks = 0;
    for c in text.chars() {
        match c {
            '-' | '–' | '—' | '*' | '_' | '=' | '~' | '#' | '·' | '•' | '.' => marks += 1,
            ' ' => {}
            _ => return false,
        }
    }
    marks >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_all_line_endings() {
        let lines = split("a\r\nb\rc\n\nd");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c", "", "d"]);
        assert_eq!(lines[4].number, 5);
    }

    #[test]
    fn normalises_whitespace_and_measures_indent() {
        let lines = split("\u{feff}\t 1.\u{a0}Both\u{202f} sides\u{200b}  stop \u{3000}");
        assert_eq!(lines[0].text, "1. Both sides stop");
        assert_eq!(lines[0].indent, 5);
    }

    #[test]
    fn separators_are_blank() {
        assert_eq!(split("-----")[0].text, "");
        assert_eq!(split("* * *")[0].text, "");
        assert_eq!(split("- x")[0].text, "- x");
        assert_eq!(split("...")[0].text, "");
    }

    #[test]
    fn soft_hyphen_at_end_is_a_soft_break() {
        let lines = split("nego\u{ad}\ntiation");
        assert!(lines[0].soft_break);
        assert_eq!(lines[0].text, "nego");
        assert!(!split("co\u{ad}operate")[0].soft_break);
    }
}
