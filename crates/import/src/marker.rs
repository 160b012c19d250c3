//! Recognising the marker that may open a line: `1.`, `(a)`, `II.`, `•` and so on.
//!
//! Recognition looks at one line only and accepts anything shaped like a marker. Whether
//! the marker really opens an item, or is the start of a wrapped sentence such as
//! "1.5 million troops", is decided by the outline, which knows the lists already open.

use crate::letters;

/// Characters that open an unnumbered item when followed by a space.
const BULLETS: &[char] = &[
    '•', '-', '–', '—', '*', '·', '◦', '▪', '‣', '●', '○', '■', '□', '⁃', '►', '➢',
];

/// How a number is set off from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Delim {
    /// `1.`
    Dot,
    /// `1)`
    Paren,
    /// `(1)`
    Parens,
    /// `1 -`, `1 –`, `1 —`
    Dash,
}

/// A marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `•`, `-`, `*` ...: an unnumbered item.
    Bullet(char),
    /// `1.`, `1)`, `(1)`, `1 -`.
    Number { value: u32, delim: Delim },
    /// `1.2`, `1.2.`, `1.2.3)`: two to four parts.
    Dotted(Vec<u32>),
    /// `a.`, `a)`, `(a)`, `б)`: one lower-case Latin or Cyrillic letter, as written.
    /// Single `i`, `v` and `x` may also be roman numerals; the outline decides.
    Letter { letter: char, delim: Delim },
    /// `ii.`, `(iv)`: a lower-case roman numeral of two or more digits.
    Roman { value: u32 },
    /// `I.`, `II)`: an upper-case roman numeral, a section heading.
    Section { value: u32 },
}

/// Longest marker looked at, in characters (`999.999.999.999.` is 16).
const WINDOW: usize = 24;

/// The marker opening `text` (already normalised by [`crate::lines`]) and the text
/// after it.
pub(crate) fn parse(text: &str) -> Option<(Marker, &str)> {
    let cur = Cursor::new(text);
    let first = cur.at(0)?;
    if BULLETS.contains(&first) && cur.ends(1) {
        return Some((Marker::Bullet(first), cur.body(1)));
    }
    if first == '(' {
        parenthesised(&cur)
    } else if first.is_ascii_digit() {
        numeric(&cur)
    } else if first.is_alphabetic() {
        lettered(&cur)
    } else {
        None
    }
}

/// The first characters of a line, with full-width forms (`１．`, `（ａ）`) folded to
/// ASCII so that they read like ordinary markers.
struct Cursor<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    complete: bool,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        let chars: Vec<(usize, char)> = text
            .char_indices()
            .take(WINDOW + 1)
            .map(|(i, c)| (i, fold_width(c)))
            .collect();
        let complete = chars.len() <= WINDOW;
        Cursor { text, chars, complete }
    }

    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|&(_, c)| c)
    }

    fn is_digit(&self, k: usize) -> bool {
        self.at(k).is_some_and(|c| c.is_ascii_digit())
    }

    /// Whether a marker may end before position `k`: a space or the end of the line
    /// follows.
    fn ends(&self, k: usize) -> bool {
        match self.at(k) {
            Some(' ') => true,
            Some(_) => false,
            None => self.complete,
        }
    }

    /// The text from position `k` on, trimmed.
    fn body(&self, k: usize) -> &'a str {
        let start = self.chars.get(k).map_or(self.text.len(), |&(i, _)| i);
        self.text.get(start..).unwrap_or("").trim()
    }

    /// One to three digits from `k`; more digits are a year or a quantity, not a
    /// marker.
    fn digits(&self, k: usize) -> Option<(u32, usize)> {
        let mut value = 0u32;
        let mut end = k;
        while let Some(d) = self.at(end).and_then(|c| c.to_digit(10)) {
            if end - k == 3 {
                return None;
            }
            value = value * 10 + d;
            end += 1;
        }
        (end > k).then_some((value, end))
    }

    /// A run of letters from `k`, at most eight.
    fn word(&self, k: usize) -> Option<(String, usize)> {
        let mut word = String::new();
        let mut end = k;
        while let Some(c) = self.at(end).filter(|c| c.is_alphabetic()) {
            if end - k == 8 {
                return None;
            }
            word.push(c);
            end += 1;
        }
        (end > k).then_some((word, end))
    }
}

fn fold_width(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

fn is_dash(c: Option<char>) -> bool {
    matches!(c, Some('-' | '–' | '—'))
}

fn numeric<'a>(cur: &Cursor<'a>) -> Option<(Marker, &'a str)> {
    let (value, k) = cur.digits(0)?;
    match cur.at(k) {
        Some('.') if cur.is_digit(k + 1) => {
            let mut parts = vec![value];
            let mut k = k;
            while cur.at(k) == Some('.') && cur.is_digit(k + 1) {
                let (part, next) = cur.digits(k + 1)?;
                parts.push(part);
                k = next;
            }
            if matches!(cur.at(k), Some('.' | ')')) {
                k += 1;
            }
            (parts.len() <= 4 && cur.ends(k)).then(|| (Marker::Dotted(parts), cur.body(k)))
        }
        Some('.') if cur.ends(k + 1) => Some((
            Marker::Number {
                value,
                delim: Delim::Dot,
            },
            cur.body(k + 1),
        )),
        Some(')') if cur.ends(k + 1) => Some((
            Marker::Number {
                value,
                delim: Delim::Paren,
            },
            cur.body(k + 1),
        )),
        Some(' ' | '-' | '–' | '—') => {
            let dash = if cur.at(k) == Some(' ') { k + 1 } else { k };
            (is_dash(cur.at(dash)) && cur.ends(dash + 1)).then(|| {
                (
                    Marker::Number {
                        value,
                        delim: Delim::Dash,
                    },
                    cur.body(dash + 1),
                )
            })
        }
        _ => None,
    }
}

fn parenthesised<'a>(cur: &Cursor<'a>) -> Option<(Marker, &'a str)> {
    if cur.is_digit(1) {
        let (value, k) = cur.digits(1)?;
        return (cur.at(k) == Some(')') && cur.ends(k + 1)).then(|| {
            (
                Marker::Number {
                    value,
                    delim: Delim::Parens,
                },
                cur.body(k + 1),
            )
        });
    }
    let (word, k) = cur.word(1)?;
    if cur.at(k) != Some(')') || !cur.ends(k + 1) {
        return None;
    }
    let marker = letter_or_lower_roman(&word, Delim::Parens)?;
    Some((marker, cur.body(k + 1)))
}

fn lettered<'a>(cur: &Cursor<'a>) -> Option<(Marker, &'a str)> {
    let (word, k) = cur.word(0)?;
    let delim = match cur.at(k) {
        Some('.') => Delim::Dot,
        Some(')') => Delim::Paren,
        _ => return None,
    };
    if !cur.ends(k + 1) {
        return None;
    }
    let marker = letter_or_lower_roman(&word, delim).or_else(|| {
        // Ukrainian texts often type roman numerals with the Cyrillic І and Х.
        let upper: String = word
            .chars()
            .map(|c| match c {
                'І' => 'I',
                'Х' => 'X',
                other => other,
            })
            .collect();
        letters::roman_value(&upper).map(|value| Marker::Section { value })
    })?;
    Some((marker, cur.body(k + 1)))
}

fn letter_or_lower_roman(word: &str, delim: Delim) -> Option<Marker> {
    let mut chars = word.chars();
    if let (Some(letter), None) = (chars.next(), chars.next()) {
        return letters::letter(letter).map(|_| Marker::Letter { letter, delim });
    }
    let upper: String = word
        .chars()
        .map(|c| match c {
            'і' | 'i' => Some('I'),
            'х' | 'x' => Some('X'),
            'v' => Some('V'),
            'l' => Some('L'),
            _ => None,
        })
        .collect::<Option<_>>()?;
    letters::roman_value(&upper).map(|value| Marker::Roman { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(value: u32, delim: Delim) -> Marker {
        Marker::Number { value, delim }
    }

    #[test]
    fn numbers_in_every_delimiter() {
        assert_eq!(parse("1. Text"), Some((number(1, Delim::Dot), "Text")));
        assert_eq!(parse("12) Text"), Some((number(12, Delim::Paren), "Text")));
        assert_eq!(parse("(3) Text"), Some((number(3, Delim::Parens), "Text")));
        assert_eq!(parse("4 - Text"), Some((number(4, Delim::Dash), "Text")));
        assert_eq!(parse("5 – Text"), Some((number(5, Delim::Dash), "Text")));
        assert_eq!(parse("6— Text"), Some((number(6, Delim::Dash), "Text")));
        assert_eq!(parse("7."), Some((number(7, Delim::Dot), "")));
    }

    #[test]
    fn full_width_forms_fold() {
        assert_eq!(parse("１．Text"), None, "a marker needs a space after it");
        assert_eq!(parse("１． Text"), Some((number(1, Delim::Dot), "Text")));
        assert_eq!(parse("（２） Text"), Some((number(2, Delim::Parens), "Text")));
    }

    #[test]
    fn not_markers() {
        for text in [
            "2025. The year",
            "1.5km",
            "600 000 troops",
            "10-15 days",
            "1.2.3.4.5 x",
            "a.m. meeting",
            "Article 5",
            "(see below)",
            "-5 degrees",
            "**bold**",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn dotted_numbers() {
        assert_eq!(parse("1.2 Text"), Some((Marker::Dotted(vec![1, 2]), "Text")));
        assert_eq!(parse("1.2.3. Text"), Some((Marker::Dotted(vec![1, 2, 3]), "Text")));
        assert_eq!(parse("2.1) x"), Some((Marker::Dotted(vec![2, 1]), "x")));
    }

    #[test]
    fn letters_and_romans() {
        let letter = |letter, delim| Marker::Letter { letter, delim };
        assert_eq!(parse("a. x"), Some((letter('a', Delim::Dot), "x")));
        assert_eq!(parse("b) x"), Some((letter('b', Delim::Paren), "x")));
        assert_eq!(parse("(c) x"), Some((letter('c', Delim::Parens), "x")));
        assert_eq!(parse("б) x"), Some((letter('б', Delim::Paren), "x")));
        assert_eq!(parse("(ї) x"), Some((letter('ї', Delim::Parens), "x")));
        assert_eq!(parse("ii. x"), Some((Marker::Roman { value: 2 }, "x")));
        assert_eq!(parse("(iv) x"), Some((Marker::Roman { value: 4 }, "x")));
        assert_eq!(parse("(іі) x"), Some((Marker::Roman { value: 2 }, "x")));
        assert_eq!(parse("I. x"), Some((Marker::Section { value: 1 }, "x")));
        assert_eq!(parse("XIV) x"), Some((Marker::Section { value: 14 }, "x")));
        assert_eq!(parse("ІІ. x"), Some((Marker::Section { value: 2 }, "x")));
        assert_eq!(parse("A. x"), None);
        assert_eq!(parse("ab. x"), None);
    }

    #[test]
    fn bullets() {
        for b in ['•', '-', '–', '—', '*', '·'] {
            let text = format!("{b} item");
            assert_eq!(parse(&text), Some((Marker::Bullet(b), "item")), "{b}");
        }
    }
}
