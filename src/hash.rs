//! A small, fast, deterministic 64-bit hash for content names and integrity checks.
//!
//! Not cryptographic: it detects stale caches and damaged transfers, which is all the reader needs, and
//! costs a few hundred bytes of wasm instead of a hashing crate.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hashes `bytes` (FxHash-style multiply-rotate over 8-byte words, finished with a murmur mix).
pub fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    let rest = chunks.remainder();
    tail[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(5) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    // Final avalanche so near-identical inputs give unrelated hashes.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_stable_and_sensitive() {
        assert_eq!(hash64(b"scry"), hash64(b"scry"));
        assert_ne!(hash64(b"scry"), hash64(b"scrz"));
        assert_ne!(hash64(b""), hash64(b"\0"));
        assert_ne!(hash64(b"abcdefgh"), hash64(b"abcdefgh\0"));
    }
}
