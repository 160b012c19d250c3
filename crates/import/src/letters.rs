//! Letters and roman numerals used as list labels.
//!
//! Sub-points are lettered in the Latin alphabet or in the Ukrainian or Russian one.
//! The two Cyrillic alphabets differ in a few letters (`ґ є і ї` in Ukrainian,
//! `ё ъ ы э` in Russian) and drafters often skip letters such as `й` or `ь`, so those
//! letters are *minor*: they sit between two core letters and never count as missing.

/// The alphabet a letter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// a ..= z
    Latin,
    /// Ukrainian and Russian lower-case letters.
    Cyrillic,
}

impl Script {
    /// Name used in warnings.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
        }
    }
}

/// Place of a letter in its alphabet: `core` counts the letters every list uses,
/// `minor` orders the optional letters that follow a core letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Rank {
    pub(crate) core: u32,
    pub(crate) minor: u32,
}

/// Lower-case Cyrillic letters: letter, core, minor, spelling in ids.
const CYRILLIC: &[(char, u32, u32, &str)] = &[
    ('а', 0, 0, "a"),
    ('б', 1, 0, "b"),
    ('в', 2, 0, "v"),
    ('г', 3, 0, "h"),
    ('ґ', 3, 1, "g"),
    ('д', 4, 0, "d"),
    ('е', 5, 0, "e"),
    ('є', 5, 1, "ye"),
    ('ё', 5, 2, "yo"),
    ('ж', 6, 0, "zh"),
    ('з', 7, 0, "z"),
    ('и', 8, 0, "y"),
    ('і', 8, 1, "i"),
    ('ї', 8, 2, "yi"),
    ('й', 8, 3, "j"),
    ('к', 9, 0, "k"),
    ('л', 10, 0, "l"),
    ('м', 11, 0, "m"),
    ('н', 12, 0, "n"),
    ('о', 13, 0, "o"),
    ('п', 14, 0, "p"),
    ('р', 15, 0, "r"),
    ('с', 16, 0, "s"),
    ('т', 17, 0, "t"),
    ('у', 18, 0, "u"),
    ('ф', 19, 0, "f"),
    ('х', 20, 0, "kh"),
    ('ц', 21, 0, "ts"),
    ('ч', 22, 0, "ch"),
    ('ш', 23, 0, "sh"),
    ('щ', 24, 0, "shch"),
    ('ъ', 24, 1, "qq"),
    ('ы', 24, 2, "yy"),
    ('ь', 24, 3, "q"),
    ('э', 24, 4, "ee"),
    ('ю', 25, 0, "yu"),
    ('я', 26, 0, "ya"),
];

/// Script and rank of a lower-case list letter; `None` for anything else.
pub(crate) fn letter(c: char) -> Option<(Script, Rank)> {
    if c.is_ascii_lowercase() {
        let core = u32::from(c) - u32::from('a');
        return Some((Script::Latin, Rank { core, minor: 0 }));
    }
    CYRILLIC
        .iter()
        .find(|entry| entry.0 == c)
        .map(|&(_, core, minor, _)| (Script::Cyrillic, Rank { core, minor }))
}

/// The core letter of `script` at position `core`.
pub(crate) fn core_letter(script: Script, core: u32) -> Option<char> {
    match script {
        Script::Latin => char::from_u32(u32::from('a') + core).filter(char::is_ascii_lowercase),
        Script::Cyrillic => CYRILLIC
            .iter()
            .find(|entry| entry.1 == core && entry.2 == 0)
            .map(|entry| entry.0),
    }
}

/// Spelling of a list letter inside a provision id (ASCII lower case).
pub(crate) fn transliterate(c: char) -> String {
    if c.is_ascii_lowercase() {
        return c.to_string();
    }
    match CYRILLIC.iter().find(|entry| entry.0 == c) {
        Some(entry) => entry.3.to_owned(),
        // Not a list letter: spell its code point so the id stays valid and unique.
        None => format!("u{:x}", u32::from(c)),
    }
}

const ROMAN: &[(u32, &str)] = &[
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

/// Upper-case roman numeral of `value` (empty for 0).
pub(crate) fn roman(mut value: u32) -> String {
    let mut out = String::new();
    for &(step, digits) in ROMAN {
        while value >= step {
            out.push_str(digits);
            value -= step;
        }
    }
    out
}

/// Value of an upper-case roman numeral made of `I V X L`, only in its canonical
/// spelling (so `IIII` and `VX` are not numerals).
pub(crate) fn roman_value(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    // Subtractive notation: a digit before a larger one counts negative. Malformed
    // spellings are caught by the round trip below.
    let total = values
        .iter()
        .enumerate()
        .fold(0i64, |acc, (i, &v)| match values.get(i + 1) {
            Some(&next) if next > v => acc - i64::from(v),
            _ => acc + i64::from(v),
        });
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    (roman(total) == s).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_round_trip() {
        for v in 1..=89 {
            assert_eq!(roman_value(&roman(v)), Some(v), "{v}");
        }
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("IL"), None);
        assert_eq!(roman_value(""), None);
        assert_eq!(roman_value("XIV"), Some(14));
    }

    #[test]
    fn cyrillic_ranks_treat_optional_letters_as_minor() {
        let (script, g) = letter('г').unwrap();
        assert_eq!(script, Script::Cyrillic);
        let (_, ghe) = letter('ґ').unwrap();
        let (_, d) = letter('д').unwrap();
        assert!(g < ghe && ghe < d);
        assert_eq!(d.core, g.core + 1);
        assert_eq!(core_letter(Script::Cyrillic, 9), Some('к'));
        assert_eq!(core_letter(Script::Latin, 2), Some('c'));
        assert_eq!(core_letter(Script::Latin, 26), None);
    }

    #[test]
    fn transliteration_is_ascii() {
        for &(c, ..) in CYRILLIC {
            let t = transliterate(c);
            assert!(t.bytes().all(|b| b.is_ascii_lowercase()), "{c} -> {t}");
        }
        assert_eq!(transliterate('б'), "b");
        assert_eq!(transliterate('x'), "x");
    }
}
