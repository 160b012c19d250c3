//! Text normalisation: Unicode-aware word splitting, case folding, number folding and a
//! light stemmer for English and Russian/Ukrainian.
//!
//! The aligner compares bags of normalised words, so two provisions that differ only in
//! case, punctuation, digit grouping ("600,000" / "600 000" / "600000") or a plural
//! ending ("ceasefires" / "ceasefire", "войска" / "войск") look the same to it.

/// One normalised word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// The normalised spelling.
    pub text: &'a str,
    /// Whether the word is a number (digits, with a decimal point at most).
    pub numeric: bool,
}

/// Calls `emit` for each normalised word of `text`, in order.
///
/// A word is a maximal run of alphanumeric characters (any script). Han, Hiragana and
/// Katakana characters, which are written without spaces, are one word each. Numbers
/// absorb thousands separators (`,` `.` `'`, no-break and thin spaces followed by exactly
/// three digits) and keep a decimal point or comma as `.`. Words are lower-cased, `ё` is
/// folded to `е`, and with `stem` set a light suffix stripper runs on non-numbers.
pub(crate) fn for_each_token(text: &str, stem: bool, buf: &mut String, mut emit: impl FnMut(Token<'_>)) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < bytes.len() {
        // Find the start of a word.
        let b = bytes[pos];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                pos += 1;
                continue;
            }
        } else {
            let c = char_at(text, pos);
            if is_unspaced_script(c) {
                buf.clear();
                push_folded(buf, c);
                emit(Token {
                    text: buf,
                    numeric: false,
                });
                pos += c.len_utf8();
                continue;
            }
            if !c.is_alphanumeric() {
                pos += c.len_utf8();
                continue;
            }
        }
        if b.is_ascii_alphanumeric() {
            // Fast path: a lower-case ASCII word ending at an ASCII boundary is emitted
            // straight from the text, without copying.
            let end = pos + bytes[pos..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            let word = &text[pos..end];
            let numeric = word.bytes().all(|b| b.is_ascii_digit());
            let boundary = bytes
                .get(end)
                .is_none_or(|&next| next.is_ascii() && !(numeric && is_number_separator(char::from(next))));
            if boundary && !word.bytes().any(|b| b.is_ascii_uppercase()) {
                pos = end;
                if !stem || numeric {
                    emit(Token { text: word, numeric });
                    continue;
                }
                match english_stem(word.as_bytes()) {
                    EnglishStem::Keep => emit(Token { text: word, numeric }),
                    EnglishStem::Cut(n) => emit(Token {
                        text: &word[..word.len() - n],
                        numeric,
                    }),
                    EnglishStem::IesToY => {
                        buf.clear();
                        buf.push_str(&word[..word.len() - 3]);
                        buf.push('y');
                        emit(Token { text: buf, numeric });
                    }
                }
                continue;
            }
        }
        buf.clear();
        let mut numeric = true;
        while pos < bytes.len() {
            let b = bytes[pos];
            if b.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits, copied and folded at once.
                let run = bytes[pos..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                let piece = &text[pos..pos + run];
                numeric &= piece.bytes().all(|b| b.is_ascii_digit());
                let from = buf.len();
                buf.push_str(piece);
                buf[from..].make_ascii_lowercase();
                pos += run;
                continue;
            }
            let c = if b.is_ascii() {
                char::from(b)
            } else {
                char_at(text, pos)
            };
            if !b.is_ascii() && c.is_alphanumeric() && !is_unspaced_script(c) {
                push_folded(buf, c);
                numeric = false;
                pos += c.len_utf8();
                continue;
            }
            if numeric && is_number_separator(c) {
                let after = pos + c.len_utf8();
                let digits = bytes[after..].iter().take_while(|b| b.is_ascii_digit()).count();
                let has_point = buf.contains('.');
                if digits == 3 && !has_point {
                    // A digit group: drop the separator, the digits follow in the loop.
                    pos = after;
                    continue;
                }
                if digits > 0 && matches!(c, '.' | ',') && !has_point {
                    buf.push('.');
                    pos = after;
                    continue;
                }
            }
            break;
        }
        if stem && !numeric {
            stem_word(buf);
        }
        emit(Token { text: buf, numeric });
    }
}

/// The character starting at byte `pos`, a char boundary.
fn char_at(text: &str, pos: usize) -> char {
    text[pos..].chars().next().unwrap_or('\u{0}')
}

/// Characters of scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' // CJK extension A
        | '\u{4e00}'..='\u{9fff}' // CJK unified ideographs
        | '\u{f900}'..='\u{faff}' // CJK compatibility ideographs
    )
}

fn is_number_separator(c: char) -> bool {
    matches!(c, ',' | '.' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn push_folded(buf: &mut String, c: char) {
    if c.is_ascii() {
        buf.push(c.to_ascii_lowercase());
        return;
    }
    for lower in c.to_lowercase() {
        buf.push(if lower == 'ё' { 'е' } else { lower });
    }
}

/// Strips one inflectional ending, choosing the rules by the script of the last letter.
fn stem_word(word: &mut String) {
    let Some(&last) = word.as_bytes().last() else {
        return;
    };
    if last.is_ascii() {
        if word.is_ascii() {
            stem_english(word);
        }
    } else if word
        .chars()
        .next_back()
        .is_some_and(|c| ('\u{0400}'..='\u{04ff}').contains(&c))
    {
        stem_cyrillic(word);
    }
}

/// English: plural `-s`/`-es`/`-ies`, `-ed` and `-ing`, only on words long enough that
/// the rest still carries meaning.
fn stem_english(word: &mut String) {
    let n = word.len();
    match english_stem(word.as_bytes()) {
        EnglishStem::Keep => {}
        EnglishStem::Cut(k) => word.truncate(n - k),
        EnglishStem::IesToY => {
            word.truncate(n - 3);
            word.push('y');
        }
    }
}

/// What the English stemmer does to a lower-case ASCII word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EnglishStem {
    Keep,
    /// Drop this many bytes.
    Cut(usize),
    /// Replace a final "ies" by "y".
    IesToY,
}

fn english_stem(word: &[u8]) -> EnglishStem {
    let n = word.len();
    if n < 4 {
        return EnglishStem::Keep;
    }
    match word[n - 1] {
        b's' => {
            if n > 4 && word.ends_with(b"ies") {
                EnglishStem::IesToY
            } else if n > 4 && word.ends_with(b"sses") {
                EnglishStem::Cut(2)
            } else if matches!(word[n - 2], b's' | b'u' | b'i') {
                EnglishStem::Keep
            } else {
                EnglishStem::Cut(1)
            }
        }
        b'g' if n > 5 && word.ends_with(b"ing") => EnglishStem::Cut(3),
        b'd' if n > 4 && word[n - 2] == b'e' => EnglishStem::Cut(2),
        _ => EnglishStem::Keep,
    }
}

/// Russian and Ukrainian noun and adjective endings, longest first.
const CYRILLIC_ENDINGS: &[&str] = &[
    "иями", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ий", "ый", "ая", "яя", "ое", "ее",
    "ые", "ие", "ых", "их", "ую", "юю", "ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ів", "ої", "ї", "і", "а", "я",
    "ы", "и", "у", "ю", "е", "о", "ь",
];

fn stem_cyrillic(word: &mut String) {
    let chars = word.chars().count();
    for ending in CYRILLIC_ENDINGS {
        if word.ends_with(ending) && chars >= ending.chars().count() + 3 {
            word.truncate(word.len() - ending.len());
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, stem: bool) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        let mut buf = String::new();
        for_each_token(text, stem, &mut buf, |t| out.push((t.text.to_string(), t.numeric)));
        out
    }

    fn words(text: &str) -> Vec<String> {
        tokens(text, true).into_iter().map(|(w, _)| w).collect()
    }

    #[test]
    fn splits_on_punctuation_and_folds_case() {
        assert_eq!(
            words("Ukraine's Armed-Forces, (capped)."),
            ["ukraine", "s", "arm", "force", "capp"]
        );
    }

    #[test]
    fn folds_digit_groups_and_decimals() {
        assert_eq!(
            tokens("600,000 and 600 000 and 600\u{a0}000; 2.5 or 3,5", false),
            [
                ("600000".to_string(), true),
                ("and".to_string(), false),
                ("600".to_string(), true),
                ("000".to_string(), true),
                ("and".to_string(), false),
                ("600000".to_string(), true),
                ("2.5".to_string(), true),
                ("or".to_string(), false),
                ("3.5".to_string(), true),
            ]
        );
        assert_eq!(words("in 1.000.000 cases."), ["in", "1000000", "case"]);
        assert_eq!(words("Article 5."), ["article", "5"]);
    }

    #[test]
    fn cyrillic_words_are_lowercased_and_stemmed() {
        assert_eq!(
            words("Численность ВСУ ограничивается"),
            ["численност", "всу", "ограничиваетс"]
        );
        assert_eq!(words("войска"), words("войск"));
        assert_eq!(words("территории"), words("территория"));
        assert_eq!(words("Ёлка"), words("елка"));
    }

    #[test]
    fn ideographs_are_one_word_each() {
        assert_eq!(words("停火协议"), ["停", "火", "协", "议"]);
    }

    #[test]
    fn mixed_scripts_and_empty_text() {
        assert_eq!(words(""), Vec::<String>::new());
        assert_eq!(words(" \t ,;"), Vec::<String>::new());
        assert_eq!(words("NATO и Україна"), ["nato", "и", "україн"]);
    }

    #[test]
    fn stemming_is_light_and_optional() {
        assert_eq!(
            words("ceasefires ceasefire territories status"),
            ["ceasefire", "ceasefire", "territory", "status"]
        );
        assert_eq!(tokens("ceasefires", false)[0].0, "ceasefires");
    }
}
