//! Turning the bytes of a file into text.

use crate::ImportError;

/// Decodes `bytes` as UTF-8, with or without a byte-order mark (which is dropped).
///
/// UTF-16 input and invalid UTF-8 are errors; the latter names the offset of the first
/// bad byte, counted from the start of `bytes`.
///
/// ```
/// use truce_import::{decode, ImportError};
///
/// assert_eq!(decode(b"\xEF\xBB\xBF1. Text").unwrap(), "1. Text");
/// assert_eq!(
///     decode(b"1. Caf\xE9"),
///     Err(ImportError::InvalidUtf8 { offset: 6, byte: 0xE9 })
/// );
/// ```
pub fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ImportError::Utf16);
    }
    const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
    let (skipped, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, bytes),
    };
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let offset = error.valid_up_to();
            Err(ImportError::InvalidUtf8 {
                offset: skipped + offset,
                byte: body.get(offset).copied().unwrap_or_default(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_utf8_with_and_without_bom() {
        assert_eq!(decode("План".as_bytes()).unwrap(), "План");
        assert_eq!(decode(b"\xEF\xBB\xBFx").unwrap(), "x");
        assert_eq!(decode(b"").unwrap(), "");
    }

    #[test]
    fn names_the_offset_of_the_bad_byte() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\xFFcd"),
            Err(ImportError::InvalidUtf8 { offset: 5, byte: 0xFF })
        );
        // A character cut short at the end of the file.
        assert_eq!(
            decode(b"ab\xD0"),
            Err(ImportError::InvalidUtf8 { offset: 2, byte: 0xD0 })
        );
        let message = decode(b"\x80").unwrap_err().to_string();
        assert!(message.contains("offset 0"), "{message}");
    }

    #[test]
    fn rejects_utf16() {
        assert_eq!(decode(b"\xFF\xFE1\x00"), Err(ImportError::Utf16));
    }
}
