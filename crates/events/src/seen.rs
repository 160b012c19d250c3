//! The table of accepted ids, for duplicate detection.
//!
//! Every accepted record's id is remembered with a hash of its record and its line, so
//! that a later record with the same id can be rejected, naming the first. A file holds
//! up to millions of ids, so the table is built for speed and size:
//!
//! - Most ids are numbers (UCDP, GDELT) or a short prefix and a number (ACLED's
//!   `UKR1234`). Such an id is split into its prefix (interned: a small index) and the
//!   number, which identify it exactly, with no hash that could collide. Their position
//!   in the table follows the number, so that ids that follow each other (files are
//!   usually sorted by id) land next to each other in memory: inserting a million ids
//!   then costs cache hits rather than a cache miss each.
//! - Other ids are keyed by a 128-bit hash (two keyed SipHash values with fixed keys):
//!   two different ids of one file collide with a probability of about n² / 2¹²⁹, which is
//!   nothing in practice (a collision would reject a record as a duplicate).
//!
//! About 32 bytes per id (100 MiB at peak for a million, while the table grows).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

use crate::hash::FastMap;

/// The first accepted record with an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct First {
    /// A hash of the record (see [`crate::csvio::record_hash`]).
    pub(crate) content: u64,
    /// Its line (or position in a JSON array).
    pub(crate) line: u64,
}

/// At most this many distinct prefixes are interned; ids with further prefixes are
/// hashed (a file with that many is not numbered in any useful sense).
const MAX_PREFIXES: usize = 1 << 16;

/// Longest number part kept as a number: 18 digits always fit in a `u64`.
const MAX_DIGITS: usize = 18;

/// Accepted ids (see the module docs).
#[derive(Default)]
pub(crate) struct SeenIds {
    numbered: HashMap<NumberedId, First, BuildHasherDefault<PassThrough>>,
    prefixes: HashMap<String, u32>,
    /// The prefix of the last numbered id and its index (most files have one prefix).
    last_prefix: Option<(String, u32)>,
    hashed: FastMap<u128, First>,
}

impl SeenIds {
    /// Records `id` as first seen at `first`, or returns the record that had it first.
    pub(crate) fn insert(&mut self, id: &str, first: First) -> Result<(), First> {
        if let Some(key) = self.numbered_key(id) {
            return insert(&mut self.numbered, key, first);
        }
        insert(&mut self.hashed, hashed_key(id), first)
    }

    fn numbered_key(&mut self, id: &str) -> Option<NumberedId> {
        let (prefix, number) = split_number(id)?;
        let prefix = match &self.last_prefix {
            Some((last, index)) if last == prefix => *index,
            _ => {
                let index = match self.prefixes.get(prefix) {
                    Some(&index) => index,
                    None if self.prefixes.len() < MAX_PREFIXES => {
                        let index = self.prefixes.len() as u32;
                        self.prefixes.insert(prefix.to_owned(), index);
                        index
                    }
                    None => return None,
                };
                self.last_prefix = Some((prefix.to_owned(), index));
                index
            }
        };
        Some(NumberedId { number, prefix })
    }
}

fn insert<K: Hash + Eq, S: std::hash::BuildHasher>(
    map: &mut HashMap<K, First, S>,
    key: K,
    first: First,
) -> Result<(), First> {
    match map.entry(key) {
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(first);
            Ok(())
        }
        std::collections::hash_map::Entry::Occupied(found) => Err(*found.get()),
    }
}

/// Splits an id into a prefix and a number without leading zeros, such that the id is
/// the prefix followed by the number's decimal digits: `"UKR0012"` → (`"UKR00"`, 12),
/// `"147997"` → (`""`, 147997). The split is unique, so equal pairs mean equal ids.
/// `None` when the id does not end in a non-zero number of at most 18 digits.
fn split_number(id: &str) -> Option<(&str, u64)> {
    let bytes = id.as_bytes();
    let digits = bytes.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let run = &bytes[bytes.len() - digits..];
    let zeros = run.iter().take_while(|&&b| b == b'0').count();
    let number = &run[zeros..];
    if number.is_empty() || number.len() > MAX_DIGITS {
        return None;
    }
    let value = number.iter().fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
    Some((&id[..bytes.len() - number.len()], value))
}

/// 128 bits of id hash: two independent keyed SipHash values (fixed keys, so runs are
/// deterministic).
fn hashed_key(id: &str) -> u128 {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    };
    (u128::from(half(1)) << 64) | u128::from(half(2))
}

/// A numbered id: its interned prefix and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NumberedId {
    number: u64,
    prefix: u32,
}

impl Hash for NumberedId {
    /// A hash that keeps neighbouring numbers in neighbouring slots: the std map takes a
    /// slot from the low bits of the hash and a 7-bit tag from its top bits. The low
    /// bits are the number plus an offset that changes every 4,096 numbers (so that ids
    /// with a large power-of-two stride still spread) and with the prefix; the top bits
    /// are a mix of everything (so that tags tell neighbours apart).
    fn hash<H: Hasher>(&self, state: &mut H) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        const TAG: u64 = 0xfe00_0000_0000_0000;
        let block = (self.number >> 12) ^ (u64::from(self.prefix) << 40);
        let low = self.number.wrapping_add(block.wrapping_mul(K).rotate_left(17));
        let tag = (self.number ^ block.rotate_left(29)).wrapping_mul(K);
        state.write_u64((low & !TAG) | (tag & TAG));
    }
}

/// A hasher that passes on the one `u64` it is given ([`NumberedId`] mixes its own).
#[derive(Debug, Clone, Copy, Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn write(&mut self, bytes: &[u8]) {
        // Not used by `NumberedId`; a plain mix, should anything else ever be hashed.
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{First, SeenIds, split_number};

    #[test]
    fn numbers_split_off_uniquely() {
        assert_eq!(split_number("147997"), Some(("", 147997)));
        assert_eq!(split_number("UKR1234"), Some(("UKR", 1234)));
        assert_eq!(split_number("UKR0012"), Some(("UKR00", 12)));
        assert_eq!(split_number("a1b2"), Some(("a1b", 2)));
        assert_eq!(split_number("UKR0"), None);
        assert_eq!(split_number("abc"), None);
        assert_eq!(split_number(""), None);
        assert_eq!(split_number("1234567890123456789"), None);
        assert_eq!(split_number("123456789012345678"), Some(("", 123456789012345678)));
        assert_eq!(split_number("Донецьк7"), Some(("Донецьк", 7)));
    }

    #[test]
    fn duplicates_name_the_first() {
        let mut seen = SeenIds::default();
        let first = |line| First { content: 7, line };
        for (i, id) in ["1", "01", "UKR1", "UKR01", "x", "UKR0", "0", ""].iter().enumerate() {
            assert_eq!(seen.insert(id, first(i as u64)), Ok(()), "{id}");
        }
        assert_eq!(seen.insert("01", first(99)), Err(first(1)));
        assert_eq!(seen.insert("UKR0", first(99)), Err(first(5)));
        assert_eq!(seen.insert("", first(99)), Err(first(7)));
    }

    #[test]
    fn many_ids_with_strides_are_all_kept_apart() {
        let mut seen = SeenIds::default();
        let mut line = 0;
        for stride in [1u64, 2, 1000, 4096, 1 << 20, 1 << 40] {
            for i in 1..=3000u64 {
                line += 1;
                let id = format!("s{stride}-{}", i * stride);
                assert_eq!(seen.insert(&id, First { content: 0, line }), Ok(()), "{id}");
            }
        }
        assert_eq!(
            seen.insert("s1000-5000", First { content: 0, line: 0 })
                .map_err(|f| f.line),
            Err(6005)
        );
    }

    proptest! {
        /// The table answers like a plain set of strings.
        #[test]
        fn agrees_with_a_set(ids in proptest::collection::vec("[A0-9]{0,4}", 0..200)) {
            let mut seen = SeenIds::default();
            let mut plain = std::collections::HashMap::new();
            for (line, id) in ids.iter().enumerate() {
                let first = First { content: 0, line: line as u64 };
                let expected = match plain.get(id) {
                    Some(&l) => Err(First { content: 0, line: l }),
                    None => {
                        plain.insert(id.clone(), line as u64);
                        Ok(())
                    }
                };
                prop_assert_eq!(seen.insert(id, first), expected);
            }
        }
    }
}
