//! Terminal text: styled words, wrapping that ignores escape codes, side-by-side columns.

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// As is.
    Plain,
    /// Deleted: red when coloured, `[-...-]` otherwise.
    Deleted,
    /// Inserted: green when coloured, `{+...+}` otherwise.
    Inserted,
}

/// A word with its style; `glue` means no space before it.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    style: Style,
    glue: bool,
}

/// Splits styled runs into words, keeping which words touch the previous one.
fn words(runs: &[(String, Style)]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut space_before = true;
    for (text, style) in runs {
        let mut current = String::new();
        for c in text.chars() {
            if c.is_whitespace() {
                if !current.is_empty() {
                    out.push(Word {
                        text: std::mem::take(&mut current),
                        style: *style,
                        glue: !space_before,
                    });
                }
                space_before = true;
            } else {
                current.push(c);
            }
        }
        if !current.is_empty() {
            out.push(Word {
                text: current,
                style: *style,
                glue: !space_before,
            });
            space_before = false;
        }
    }
    out
}

/// Wraps styled runs into lines of at most `width` visible characters (a longer word
/// gets a line of its own). Styled pieces are marked with colour or with markers.
pub fn wrap_styled(runs: &[(String, Style)], width: usize, color: bool) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut visible = 0;
    let mut open: Style = Style::Plain;
    let close = |line: &mut String, open: &mut Style, color: bool| {
        match (*open, color) {
            (Style::Plain, _) => {}
            (_, true) => line.push_str("\x1b[0m"),
            (Style::Deleted, false) => line.push_str("-]"),
            (Style::Inserted, false) => line.push_str("+}"),
        }
        *open = Style::Plain;
    };
    for w in words(runs) {
        let marker = if color || w.style == Style::Plain { 0 } else { 2 };
        let len = w.text.chars().count();
        let extra = if w.glue { 0 } else { usize::from(visible > 0) };
        if visible > 0 && visible + extra + len + 2 * marker > width {
            close(&mut line, &mut open, color);
            lines.push(std::mem::take(&mut line));
            visible = 0;
        } else if extra == 1 {
            // Keep a marked run together across the space.
            if open != w.style {
                close(&mut line, &mut open, color);
            }
            line.push(' ');
            visible += 1;
        }
        if open != w.style {
            close(&mut line, &mut open, color);
            match (w.style, color) {
                (Style::Plain, _) => {}
                (Style::Deleted, true) => line.push_str("\x1b[31;9m"),
                (Style::Inserted, true) => line.push_str("\x1b[32;4m"),
                (Style::Deleted, false) => {
                    line.push_str("[-");
                    visible += 2;
                }
                (Style::Inserted, false) => {
                    line.push_str("{+");
                    visible += 2;
                }
            }
            open = w.style;
        }
        line.push_str(&w.text);
        visible += len;
    }
    close(&mut line, &mut open, color);
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Visible width of a string: characters, not counting ANSI escape sequences.
pub fn visible_width(s: &str) -> usize {
    let mut n = 0;
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\x1b') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, _) => n += 1,
        }
    }
    n
}

/// Two columns side by side, separated by " │ ".
pub fn side_by_side(left: &[String], right: &[String], width: usize, indent: &str) -> String {
    let mut out = String::new();
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).map_or("", String::as_str);
        let r = right.get(i).map_or("", String::as_str);
        let pad = width.saturating_sub(visible_width(l));
        let line = format!("{indent}{l}{} │ {r}", " ".repeat(pad));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Left-aligned columns separated by two spaces, trailing spaces trimmed.
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| visible_width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < row.len() {
                line.push_str(&" ".repeat(widths[c] - visible_width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_markers_when_not_coloured() {
        let runs = vec![
            ("The army is capped at ".to_owned(), Style::Plain),
            ("600,000".to_owned(), Style::Deleted),
            ("800,000 personnel".to_owned(), Style::Inserted),
            (".".to_owned(), Style::Plain),
        ];
        let lines = wrap_styled(&runs, 80, false);
        assert_eq!(
            lines,
            vec!["The army is capped at [-600,000-]{+800,000 personnel+}.".to_owned()]
        );
        let narrow = wrap_styled(&runs, 20, false);
        assert!(
            narrow.iter().all(|l| visible_width(l) <= 20 || !l.contains(' ')),
            "{narrow:?}"
        );
        // A marked run cut by a line break is closed and reopened; the words are the same.
        let squash = |s: String| s.replace(' ', "").replace("-][-", "").replace("+}{+", "");
        assert_eq!(squash(narrow.concat()), squash(lines[0].clone()));
    }

    #[test]
    fn colour_codes_do_not_count_as_width() {
        let runs = vec![("kept ".to_owned(), Style::Plain), ("gone".to_owned(), Style::Deleted)];
        let lines = wrap_styled(&runs, 80, true);
        assert_eq!(visible_width(&lines[0]), "kept gone".len());
        assert!(lines[0].contains("\x1b[31;9mgone\x1b[0m"));
    }
}
