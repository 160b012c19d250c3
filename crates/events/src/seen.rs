//! The table of accepted ids, for duplicate detection.
//!
//! Every accepted record's id is remembered with a 64-bit hash of its record and its
//! line, so that a later record with the same id can be rejected, naming the first, and
//! saying whether it repeats it exactly or differs from it. A file holds up to millions
//! of ids, so the table is built for size and speed:
//!
//! - Most ids are numbers (UCDP, GDELT) or a short prefix and a number (ACLED's
//!   `UKR1234`). Such an id is split into its prefix (interned: a small index) and the
//!   number, which identify it exactly, with no hash that could collide.
//! - Files are usually sorted by id. For each prefix, the ids that come in increasing
//!   order (each larger than every earlier one of that prefix) are appended to a
//!   [`Run`]: columns of 32-bit offsets of the number and of the line from those of
//!   their block of up to [`BLOCK`] entries, and the 64-bit record hashes. That is **16
//!   bytes per id** (plus 24 bytes per block), with no hashing and no empty slots: a new
//!   id larger than the last is known to be new without a look-up, and an older one is
//!   found by two binary searches. The columns grow by doubling; a large allocation is
//!   moved by remapping its pages, so growing does not need twice the memory.
//! - A numbered id smaller than the last one of its prefix that is not in the run goes
//!   into a hash map keyed by its prefix and number, exactly: both packed into 64 bits
//!   (16 for the prefix, 48 for the number; 24 bytes per entry, in a table at most 7/8
//!   full). Its slot follows the number ([`NumberHasher`]), so the ids of an unsorted
//!   file of dense numbers fill only as many pages of the table as they need, next to
//!   each other. A number of 2⁴⁸ or more is hashed like the other ids.
//! - Other ids are keyed by a 128-bit hash of the id (two SipHash values with fixed
//!   keys; 32 bytes per entry). One table serves one read, hence one source, so the
//!   source is not part of the key. Two different ids of one file collide with a
//!   probability of about n² / 2¹²⁹: for a billion hashed ids, about 10⁻²¹. A collision
//!   would reject a record as a duplicate of another.
//!
//! Lines are kept exactly: as 32-bit offsets in a run (a new block starts when an offset
//! would not fit), and in the maps as 32 bits with a side table for the rare line past
//! 2³² − 1. Two records whose 64-bit hashes are equal are called exact repeats: for two
//! different records of one id that happens with a probability of 2⁻⁶⁴.
//!
//! A sorted file of a million numbered ids thus takes about 16 MiB, and the same ids
//! shuffled about 50 MiB at peak, while the map grows (measured as the peak memory of
//! reading them: 25 and 60 MiB in all, against 71 and 74 MiB with the single hash map
//! of 32-byte entries this table replaced).

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash, Hasher};

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

/// Most entries of a run block: a binary search over the blocks, then one inside.
const BLOCK: usize = 256;

/// A line stored in a map as 32 bits; this value sends the reader to the side table.
const FAR_LINE: u32 = u32::MAX;

/// Accepted ids (see the module docs).
#[derive(Default)]
pub(crate) struct SeenIds {
    /// Interned prefixes of numbered ids.
    prefixes: HashMap<String, u32>,
    /// The prefix of the last numbered id and its index (most files have one prefix).
    last_prefix: Option<(String, u32)>,
    /// The increasing ids of each prefix, by prefix index.
    runs: Vec<Run>,
    /// Numbered ids that came out of order, by [`packed_key`].
    numbered: HashMap<u64, Slot, BuildHasherDefault<NumberHasher>>,
    /// Other ids, by a 128-bit hash.
    hashed: FastMap<[u64; 2], Slot>,
    /// Lines past [`FAR_LINE`] of the entries in the maps, by key.
    far_numbered: HashMap<u64, u64, BuildHasherDefault<NumberHasher>>,
    far_hashed: FastMap<[u64; 2], u64>,
}

/// A map entry's record: its hash and its line (or [`FAR_LINE`]).
#[derive(Debug, Clone, Copy)]
struct Slot {
    content: u64,
    line: u32,
}

impl SeenIds {
    /// Records `id` as first seen at `first`, or returns the record that had it first.
    pub(crate) fn insert(&mut self, id: &str, first: First) -> Result<(), First> {
        if let Some((prefix, number)) = self.numbered_key(id) {
            let run = &mut self.runs[prefix as usize];
            if run.is_after(number) {
                run.push(number, first);
                return Ok(());
            }
            if let Some(found) = run.find(number) {
                return Err(found);
            }
            if let Some(key) = packed_key(prefix, number) {
                return insert(&mut self.numbered, &mut self.far_numbered, key, first);
            }
        }
        insert(&mut self.hashed, &mut self.far_hashed, hashed_key(id), first)
    }

    /// The interned prefix index and the number of a numbered id.
    fn numbered_key(&mut self, id: &str) -> Option<(u32, u64)> {
        let (prefix, number) = split_number(id)?;
        let prefix = match &self.last_prefix {
            // Lengths first: most ids have no prefix, and comparing two empty strings
            // through `memcmp` was measured to cost far more than it should (the pointer
            // of an empty `String` is dangling, and a masked vector load at it takes a
            // slow path on the processor measured).
            Some((last, index)) if last.len() == prefix.len() && (prefix.is_empty() || last == prefix) => *index,
            _ => {
                let index = match self.prefixes.get(prefix) {
                    Some(&index) => index,
                    None if self.prefixes.len() < MAX_PREFIXES => {
                        let index = self.prefixes.len() as u32;
                        self.prefixes.insert(prefix.to_owned(), index);
                        self.runs.push(Run::default());
                        index
                    }
                    None => return None,
                };
                self.last_prefix = Some((prefix.to_owned(), index));
                index
            }
        };
        Some((prefix, number))
    }
}

/// Inserts into one of the maps, or returns the entry already there.
fn insert<K: Hash + Eq + Copy, S: BuildHasher>(
    map: &mut HashMap<K, Slot, S>,
    far: &mut HashMap<K, u64, S>,
    key: K,
    first: First,
) -> Result<(), First> {
    match map.entry(key) {
        std::collections::hash_map::Entry::Vacant(slot) => {
            let line = match u32::try_from(first.line) {
                Ok(line) if line != FAR_LINE => line,
                _ => {
                    far.insert(key, first.line);
                    FAR_LINE
                }
            };
            slot.insert(Slot {
                content: first.content,
                line,
            });
            Ok(())
        }
        std::collections::hash_map::Entry::Occupied(found) => {
            let slot = *found.get();
            let line = match slot.line {
                FAR_LINE => far.get(&key).copied().unwrap_or(u64::from(FAR_LINE)),
                line => u64::from(line),
            };
            Err(First {
                content: slot.content,
                line,
            })
        }
    }
}

/// The ids of one prefix that came in increasing order (see the module docs).
#[derive(Default)]
struct Run {
    blocks: Vec<RunBlock>,
    /// Per entry: its number less its block's first number.
    numbers: Vec<u32>,
    /// Per entry: its line less its block's first line.
    lines: Vec<u32>,
    /// Per entry: the hash of its record.
    contents: Vec<u64>,
}

/// Where a block of a [`Run`] starts.
#[derive(Debug, Clone, Copy)]
struct RunBlock {
    number: u64,
    line: u64,
    /// Its first entry.
    start: usize,
}

impl Run {
    /// True when `number` is larger than every number of the run (or the run is
    /// empty): it can be appended, and is not in the run.
    fn is_after(&self, number: u64) -> bool {
        match (self.blocks.last(), self.numbers.last()) {
            (Some(block), Some(&offset)) => number > block.number + u64::from(offset),
            _ => true,
        }
    }

    /// Appends `number` (which [`Run::is_after`] the run).
    fn push(&mut self, number: u64, first: First) {
        let offsets = self.blocks.last().and_then(|block| {
            let full = self.numbers.len() - block.start >= BLOCK;
            let number = u32::try_from(number - block.number).ok()?;
            let line = u32::try_from(first.line.checked_sub(block.line)?).ok()?;
            (!full).then_some((number, line))
        });
        let (number_offset, line_offset) = offsets.unwrap_or_else(|| {
            self.blocks.push(RunBlock {
                number,
                line: first.line,
                start: self.numbers.len(),
            });
            (0, 0)
        });
        self.numbers.push(number_offset);
        self.lines.push(line_offset);
        self.contents.push(first.content);
    }

    /// The entry of `number`, if the run has it.
    fn find(&self, number: u64) -> Option<First> {
        let b = self
            .blocks
            .partition_point(|block| block.number <= number)
            .checked_sub(1)?;
        let block = self.blocks[b];
        let end = self.blocks.get(b + 1).map_or(self.numbers.len(), |next| next.start);
        let offset = u32::try_from(number - block.number).ok()?;
        let i = block.start + self.numbers[block.start..end].binary_search(&offset).ok()?;
        Some(First {
            content: self.contents[i],
            line: block.line + u64::from(self.lines[i]),
        })
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

/// The map key of a numbered id: its prefix index (below 2¹⁶) and number (below 2⁴⁸)
/// packed into 64 bits. `None` for a larger number.
fn packed_key(prefix: u32, number: u64) -> Option<u64> {
    (number >> 48 == 0).then(|| number | (u64::from(prefix) << 48))
}

/// The hasher of [`packed_key`]s: a hash that keeps neighbouring numbers in
/// neighbouring slots. The std map takes a slot from the low bits of the hash and a
/// 7-bit tag from its top bits. The low bits are the number plus an offset that changes
/// every 4,096 numbers (so that ids with a large power-of-two stride still spread) and
/// with the prefix; the top bits are a mix of everything (so that tags tell neighbours
/// apart).
#[derive(Debug, Clone, Copy, Default)]
struct NumberHasher(u64);

impl Hasher for NumberHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Not used by the `u64` keys; a plain mix, should anything else ever be hashed.
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, key: u64) {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        const TAG: u64 = 0xfe00_0000_0000_0000;
        let number = key & ((1 << 48) - 1);
        let prefix = key >> 48;
        let block = (number >> 12) ^ (prefix << 40);
        let low = number.wrapping_add(block.wrapping_mul(K).rotate_left(17));
        let tag = (number ^ block.rotate_left(29)).wrapping_mul(K);
        self.0 = (low & !TAG) | (tag & TAG);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// 128 bits of id hash: two independent keyed SipHash values (fixed keys, so runs are
/// deterministic).
fn hashed_key(id: &str) -> [u64; 2] {
    let half = |salt: u8| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        id.hash(&mut h);
        h.finish()
    };
    [half(1), half(2)]
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

    #[test]
    fn runs_keep_lines_and_contents_across_blocks() {
        let mut seen = SeenIds::default();
        // Increasing ids with gaps past 32 bits and lines past 32 bits: new blocks.
        let numbers: Vec<u64> = (1..=2000u64)
            .map(|i| if i > 1500 { i + (1 << 33) } else { i * 3 })
            .collect();
        let line_of = |i: usize| if i > 1000 { i as u64 + (1 << 40) } else { i as u64 * 2 };
        for (i, n) in numbers.iter().enumerate() {
            let first = First {
                content: *n ^ 0xabc,
                line: line_of(i),
            };
            assert_eq!(seen.insert(&format!("E{n}"), first), Ok(()));
        }
        // Blocks start every BLOCK entries, and where an offset would not fit in 32 bits.
        let starts: Vec<usize> = seen.runs[0].blocks.iter().map(|b| b.start).collect();
        assert_eq!(starts, [0, 256, 512, 768, 1001, 1257, 1500, 1756]);
        for (i, n) in numbers.iter().enumerate().rev() {
            let again = First { content: 0, line: 0 };
            let expected = First {
                content: *n ^ 0xabc,
                line: line_of(i),
            };
            assert_eq!(seen.insert(&format!("E{n}"), again), Err(expected), "E{n}");
        }
        // Numbers between those of the run, and before it, are new (kept in the map).
        for n in [2u64, 4, 3001, 1 << 33] {
            let first = First { content: 1, line: 5 };
            assert_eq!(seen.insert(&format!("E{n}"), first), Ok(()), "E{n}");
            assert_eq!(seen.insert(&format!("E{n}"), first), Err(first), "E{n}");
        }
        assert!(seen.numbered.len() == 4);
    }

    #[test]
    fn far_lines_are_kept_exactly_in_the_maps() {
        let mut seen = SeenIds::default();
        let far = First {
            content: 3,
            line: u64::from(u32::MAX) + 7,
        };
        let edge = First {
            content: 4,
            line: u64::from(u32::MAX),
        };
        for (id, first) in [("9", far), ("5", edge), ("text", far), ("more text", edge)] {
            assert_eq!(seen.insert(id, first), Ok(()), "{id}");
        }
        for (id, first) in [("9", far), ("5", edge), ("text", far), ("more text", edge)] {
            assert_eq!(seen.insert(id, First { content: 0, line: 1 }), Err(first), "{id}");
        }
        // A number too large to pack is hashed, and still found.
        let big = "281474976710656"; // 2^48
        assert_eq!(seen.insert(big, edge), Ok(()));
        assert_eq!(seen.insert("1", edge), Ok(()));
        assert_eq!(seen.insert(big, far), Err(edge));
    }

    proptest! {
        /// Numbered ids in any order, with any lines, are answered like a plain map.
        #[test]
        fn numbered_ids_agree_with_a_map(
            ids in proptest::collection::vec((0u8..3, 0u64..3000), 0..400),
            lines in proptest::collection::vec(any::<u64>(), 400),
        ) {
            let mut seen = SeenIds::default();
            let mut plain = std::collections::HashMap::new();
            for (i, (prefix, number)) in ids.iter().enumerate() {
                let id = format!("{}{number}", ["", "UKR", "x-"][*prefix as usize]);
                let first = First { content: number.wrapping_mul(31), line: lines[i] };
                let expected = match plain.get(&id) {
                    Some(&f) => Err(f),
                    None => {
                        plain.insert(id.clone(), first);
                        Ok(())
                    }
                };
                prop_assert_eq!(seen.insert(&id, first), expected, "{}", id);
            }
        }

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
