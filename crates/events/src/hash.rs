//! Hashes: two stable ones and fast ones for in-memory use.
//!
//! Stable hashes are written down and compared later, so they must give the same value on
//! every platform and in every version (`std`'s hashers promise no such thing):
//!
//! - [`StableHasher`] (128-bit FNV-1a) makes the ids of id-less mapped records; it is
//!   kept as it is, as those ids are stored;
//! - [`stable_hash128`] hashes an event's binary encoding for the store's change
//!   detection ([`crate::Event::content_hash`]), 16 bytes at a time rather than one.
//!
//! Neither is cryptographic: they tell records apart, they do not resist someone
//! crafting collisions.

const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// Incremental 128-bit FNV-1a.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StableHasher(u128);

impl StableHasher {
    pub(crate) fn new() -> Self {
        StableHasher(OFFSET)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u128::from(byte);
            self.0 = self.0.wrapping_mul(PRIME);
        }
    }

    /// Writes `bytes` followed by a separator that cannot occur in UTF-8 text, so that
    /// `["ab", "c"]` and `["a", "bc"]` hash differently.
    pub(crate) fn write_field(&mut self, bytes: &[u8]) {
        self.write(bytes);
        self.write(&[0xff]);
    }

    pub(crate) fn finish(self) -> u128 {
        self.0
    }

    /// The hash as 32 lowercase hex digits.
    #[cfg(test)]
    pub(crate) fn hex(self) -> String {
        format!("{:032x}", self.0)
    }
}

/// A stable 128-bit hash of a byte string (see the module docs): two 64-bit lanes, each
/// fed every 8-byte little-endian word of the input (the last one padded with zeros)
/// through a multiply-rotate step, started from constants mixed with the length, then
/// finished with the MurmurHash3 64-bit finaliser. Every step is a bijection of a
/// lane's state, so two inputs of the same length that differ in one word always hash
/// differently; other collisions have the chance of a random 128-bit value.
///
/// This function's results are stored: it must never change.
pub fn stable_hash128(bytes: &[u8]) -> u128 {
    const P1: u64 = 0x9e37_79b9_7f4a_7c15;
    const P2: u64 = 0xc2b2_ae3d_27d4_eb4f;
    fn fmix(mut k: u64) -> u64 {
        k ^= k >> 33;
        k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
        k ^= k >> 33;
        k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        k ^ (k >> 33)
    }
    let len = bytes.len() as u64;
    let mut a = 0x243f_6a88_85a3_08d3 ^ len;
    let mut b = 0x1319_8a2e_0370_7344 ^ len.rotate_left(32);
    let mut step = |w: u64| {
        a = (a ^ w).wrapping_mul(P1).rotate_left(29);
        b = (b ^ w.rotate_left(32)).wrapping_mul(P2).rotate_left(31);
    };
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        step(u64::from_le_bytes(w));
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        step(u64::from_le_bytes(w));
    }
    let high = fmix(a);
    let low = fmix(b ^ high);
    (u128::from(high) << 64) | u128::from(low)
}

/// A fast, non-cryptographic hasher for in-memory maps and duplicate detection (the
/// multiply-rotate scheme of rustc's FxHash, fed 8 bytes at a time). Not stable across
/// versions and not collision-resistant: used only where a collision costs a less precise
/// message, never a wrong decision.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FastHasher(u64);

const FAST_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FAST_SEED);
    }
}

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A fast, non-cryptographic 64-bit hash of a byte string, for in-memory comparisons
/// only (not stable across versions): four independent lanes over 64-byte blocks, each
/// lane folding 16 bytes at a time into itself with one 64 × 64 → 128-bit multiply (the
/// two halves of the product xored), so that long inputs (a whole CSV record) hash at
/// several bytes per cycle; then the tail, 16 bytes per lane, and a final mix of the
/// lanes and the length.
pub(crate) fn fast_hash(bytes: &[u8]) -> u64 {
    const K: [u64; 5] = [
        0x9e37_79b9_7f4a_7c15,
        0xc2b2_ae3d_27d4_eb4f,
        0x1656_67b1_9e37_79f9,
        0x85eb_ca77_c2b2_ae63,
        0xa076_1d64_78bd_642f,
    ];
    fn word(chunk: &[u8]) -> u64 {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        u64::from_le_bytes(w)
    }
    fn mix(a: u64, b: u64) -> u64 {
        let product = u128::from(a) * u128::from(b);
        product as u64 ^ (product >> 64) as u64
    }
    /// Folds up to 16 bytes into a lane (missing bytes read as zero; the length, mixed
    /// in at the end, tells such inputs apart).
    fn fold(lane: u64, k: u64, chunk: &[u8]) -> u64 {
        let (a, b) = chunk.split_at(chunk.len().min(8));
        mix(word(a) ^ lane, word(b) ^ k)
    }
    // Each lane starts from another constant than the one it xors its second words with,
    // so that its two words play different parts (else swapping them would collide).
    let mut lanes = [K[4], K[0], K[1], K[2]];
    let mut blocks = bytes.chunks_exact(64);
    for block in &mut blocks {
        for (j, (lane, chunk)) in lanes.iter_mut().zip(block.chunks_exact(16)).enumerate() {
            *lane = fold(*lane, K[j], chunk);
        }
    }
    // Under 64 bytes are left: at most one chunk of 16 per lane.
    for (j, chunk) in blocks.remainder().chunks(16).enumerate() {
        lanes[j] = fold(lanes[j], K[j], chunk);
    }
    let x = mix(lanes[0] ^ K[4], lanes[1] ^ bytes.len() as u64);
    let y = mix(lanes[2] ^ K[1], lanes[3] ^ K[3]);
    mix(x ^ K[2], y ^ K[4])
}

/// `BuildHasher` for maps keyed by values that are already hashes, or by dates.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use std::hash::Hasher;

    use super::{FastHasher, StableHasher, fast_hash, stable_hash128};

    #[test]
    fn fast_hasher_tells_short_inputs_apart() {
        let hash = |b: &[u8]| {
            let mut h = FastHasher::default();
            h.write(b);
            h.finish()
        };
        assert_ne!(hash(b"a"), hash(b"a\0"));
        assert_ne!(hash(b"12345678"), hash(b"12345679"));
        assert_ne!(hash(b""), hash(b"\0"));
    }

    #[test]
    fn fast_hash_tells_inputs_apart() {
        let base = vec![b'x'; 100];
        let mut seen = std::collections::HashSet::new();
        for len in 0..=base.len() {
            assert!(seen.insert(fast_hash(&base[..len])), "length {len}");
        }
        for at in 0..base.len() {
            let mut other = base.clone();
            other[at] = b'y';
            assert!(seen.insert(fast_hash(&other)), "byte {at}");
        }
    }

    #[test]
    fn stable_hash128_is_stable_and_tells_inputs_apart() {
        // Stored values, pinned when the function was written: they must never change.
        assert_eq!(
            format!("{:032x}", stable_hash128(b"")),
            "7acdbb98b1344213a880bb603e6b4361"
        );
        assert_eq!(
            format!("{:032x}", stable_hash128(b"ucdp-ged")),
            "746ac94cc52d4242566c824be011c321"
        );
        let base = vec![b'x'; 70];
        let mut seen = std::collections::HashSet::new();
        for len in 0..=base.len() {
            assert!(seen.insert(stable_hash128(&base[..len])), "length {len}");
        }
        for at in 0..base.len() {
            for b in [b'y', 0, 0xff] {
                let mut other = base.clone();
                other[at] = b;
                assert!(seen.insert(stable_hash128(&other)), "byte {at} = {b}");
            }
        }
    }

    #[test]
    fn known_values_do_not_change() {
        // FNV-1a 128 of the empty input is the offset basis; of "a" it is the published
        // test vector d228cb696f1a8caf78912b704e4a8964.
        assert_eq!(StableHasher::new().hex(), "6c62272e07bb014262b821756295c58d");
        let mut h = StableHasher::new();
        h.write(b"a");
        assert_eq!(h.hex(), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn fields_are_separated() {
        let mut a = StableHasher::new();
        a.write_field(b"ab");
        a.write_field(b"c");
        let mut b = StableHasher::new();
        b.write_field(b"a");
        b.write_field(b"bc");
        assert_ne!(a.finish(), b.finish());
    }
}
