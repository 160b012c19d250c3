//! Identifiers: the stable names by which files refer to each other.

/// Longest identifier accepted, in bytes.
pub const ID_MAX_LEN: usize = 64;

/// Whether `s` is a valid identifier: `[a-z0-9][a-z0-9_.-]*`, at most [`ID_MAX_LEN`] bytes.
///
/// ```
/// assert!(truce_model::is_valid_id("us28-06"));
/// assert!(!truce_model::is_valid_id("Us28"));
/// assert!(!truce_model::is_valid_id("-x"));
/// ```
pub fn is_valid_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= ID_MAX_LEN
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.'))
}
