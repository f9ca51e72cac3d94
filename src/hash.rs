//! Fingerprints kept between runs (the build's stamp, diagnostics' fingerprints):
//! 64-bit FNV-1a over bytes fed explicitly, the same on every platform, run and Rust
//! version, which `DefaultHasher` and the `Hash` impls it is fed by do not promise.
//! Not a defence against anyone: a changed input is told apart by chance only.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    Fnv64::new().bytes(bytes).finish()
}

/// A 64-bit FNV-1a fed piece by piece. Each piece of variable length is fed with
/// [`Fnv64::field`], its length first, so that two lists of pieces joined the same
/// way (`"ab" + "c"`, `"a" + "bc"`) differ.
#[derive(Clone, Copy, Debug)]
pub struct Fnv64(u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Self::new()
    }
}

impl Fnv64 {
    pub fn new() -> Fnv64 {
        Fnv64(OFFSET)
    }

    /// Feeds `bytes` as they are.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Fnv64 {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
        self
    }

    /// Feeds a large piece (a partner's `fiches.json`, hundreds of megabytes) eight
    /// bytes at a time: FNV-1a's step over each little-endian word, its length
    /// first, the tail byte by byte. Each step is one-to-one, so a piece that
    /// differs from another in one place always gives another value. Not FNV-1a's
    /// value of the bytes.
    pub fn words(&mut self, bytes: &[u8]) -> &mut Fnv64 {
        self.u64(bytes.len() as u64);
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.0 = (self.0 ^ u64::from_le_bytes(word)).wrapping_mul(PRIME);
        }
        self.bytes(words.remainder())
    }

    /// Feeds a number, as its eight little-endian bytes.
    pub fn u64(&mut self, n: u64) -> &mut Fnv64 {
        self.bytes(&n.to_le_bytes())
    }

    /// Feeds a piece of variable length: its length, then its bytes.
    pub fn field(&mut self, bytes: &[u8]) -> &mut Fnv64 {
        self.u64(bytes.len() as u64).bytes(bytes)
    }

    pub fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_tell_apart_a_change_anywhere_and_a_longer_piece() {
        let base: Vec<u8> = (0..37u8).collect();
        let of = |b: &[u8]| Fnv64::new().words(b).finish();
        let at = of(&base);
        for i in 0..base.len() {
            for bit in [0x01, 0x80] {
                let mut other = base.clone();
                other[i] ^= bit;
                assert_ne!(of(&other), at, "byte {i}, bit {bit:#x}");
            }
        }
        let mut longer = base.clone();
        longer.push(0);
        assert_ne!(of(&longer), at);
        assert_ne!(of(&[]), of(&[0]));
        assert_eq!(of(&base), at, "the same bytes, the same value");
    }

    #[test]
    fn fnv1a_64_matches_the_reference_values() {
        // From the FNV authors' test vectors.
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fields_keep_their_bounds() {
        let two = |a: &[u8], b: &[u8]| Fnv64::new().field(a).field(b).finish();
        assert_ne!(two(b"ab", b"c"), two(b"a", b"bc"));
        assert_ne!(two(b"", b"x"), two(b"x", b""));
        assert_eq!(two(b"ab", b"c"), two(b"ab", b"c"));
        assert_ne!(Fnv64::new().u64(1).finish(), Fnv64::new().u64(256).finish());
    }
}
