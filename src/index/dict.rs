//! A deflate dictionary for stored text: trained on the site's own bundles, shared by all of them.
//!
//! Bundles are small (a result fetches only its own), and deflate compresses a few KiB of text
//! poorly: every bundle starts with an empty window. A dictionary of the site's recurring phrases
//! (boilerplate, product names, markup of the stored format) gives each bundle a warm window: on
//! the PostgreSQL docs an 8 KiB dictionary makes heads 16% and tails 11% smaller, for one 3.6 KB
//! file fetched once per visit.
//!
//! Browsers' `DecompressionStream` takes no preset dictionary, and needs none: a raw deflate stream
//! that starts with a stored block holding the dictionary leaves the dictionary in the window,
//! and whatever follows may refer back into it. So the builder deflates each bundle with the
//! dictionary preset (zlib's `deflateSetDictionary`, raw deflate), and a reader puts a stored
//! block with the dictionary in front of it and drops the dictionary's bytes from the output.
//! See [`DICTIONARY_MAGIC`] for the file layout.
//!
//! Training follows zstd's COVER (after Liao, Petri, Moffat and Wirth, "Effective Construction of
//! Relative Lempel-Ziv Dictionaries", 2016): count in how many samples each 8-byte string
//! occurs, then in each of `size / 64` epochs of the samples pick the 64-byte segment whose distinct
//! strings are most frequent, and forget those strings so that later segments bring new ones. The
//! best segments go last, nearest to the data, where deflate's distance codes are cheapest.

use std::io::Read;

use flate2::read::DeflateDecoder;
use flate2::{Compress, Compression, FlushCompress, Status};

/// The first bytes of a file compressed with a dictionary, after which come the length of the
/// dictionary file's name (one byte), the name, and the raw deflate data.
pub const DICTIONARY_MAGIC: &[u8; 4] = b"SCRD";

/// Length of the strings counted.
const D: usize = 8;
/// Length of a segment picked per epoch.
const K: usize = 64;
/// Bits of the hash table of string counts (1 MiB of counters, whatever the input; more bits
/// measured no better dictionary, only a slower one).
const TABLE_BITS: u32 = 18;
/// At most this much sample text is read, evenly spread over the bundles (twice as much trained
/// no better dictionary on the PostgreSQL docs, in twice the time).
pub const SAMPLE_LIMIT: usize = 4 << 20;

fn slot(bytes: &[u8]) -> usize {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[..D]);
    (u64::from_le_bytes(w).wrapping_mul(0x9E37_79B1_85EB_CA87) >> (64 - TABLE_BITS)) as usize
}

/// Trains a dictionary of at most `size` bytes (at most 32 KiB, deflate's window) on `samples`.
/// Empty when the samples hold nothing worth sharing.
pub fn train(samples: &[&[u8]], size: usize) -> Vec<u8> {
    let size = size.min(32 * 1024);
    let table = 1usize << TABLE_BITS;
    // In how many samples each string occurs (hashed; collisions only blur the counts).
    let mut freq = vec![0u32; table];
    let mut seen = vec![u32::MAX; table];
    for (s, sample) in samples.iter().enumerate() {
        for w in sample.windows(D) {
            let h = slot(w);
            if seen[h] != s as u32 {
                seen[h] = s as u32;
                freq[h] += 1;
            }
        }
    }
    drop(seen);
    let data: Vec<u8> = samples.concat();
    let epochs = (size / K).max(1);
    let epoch_len = data.len() / epochs;
    if epoch_len < K {
        return Vec::new();
    }
    let mut in_window = vec![0u16; table];
    let mut segments: Vec<(u64, &[u8])> = Vec::with_capacity(epochs);
    for e in 0..epochs {
        let epoch = &data[e * epoch_len..(e + 1) * epoch_len];
        // Slide a window of K bytes (K - D + 1 strings) over the epoch; score = the counts of the
        // distinct strings in it.
        let (mut score, mut best) = (0u64, (0u64, 0usize));
        let strings = K - D + 1;
        for i in 0..=epoch.len() - D {
            let h = slot(&epoch[i..]);
            if in_window[h] == 0 {
                score += u64::from(freq[h]);
            }
            in_window[h] += 1;
            if i >= strings {
                let old = slot(&epoch[i - strings..]);
                in_window[old] -= 1;
                if in_window[old] == 0 {
                    score -= u64::from(freq[old]);
                }
            }
            if i + 1 >= strings && score > best.0 {
                best = (score, i + 1 - strings);
            }
        }
        for i in epoch.len().saturating_sub(D - 1 + strings)..=epoch.len() - D {
            in_window[slot(&epoch[i..])] = 0;
        }
        if best.0 == 0 {
            continue;
        }
        let segment = &epoch[best.1..best.1 + K];
        for w in segment.windows(D) {
            freq[slot(w)] = 0;
        }
        segments.push((best.0, segment));
    }
    segments.sort_by_key(|s| s.0);
    let mut dict: Vec<u8> = segments.iter().flat_map(|s| s.1.iter().copied()).collect();
    if dict.len() > size {
        dict.drain(..dict.len() - size);
    }
    dict
}

/// Compresses `data` as a raw deflate stream that starts with `dict` in its window (zlib's preset
/// dictionary: the dictionary is only indexed, not compressed again for every bundle).
pub fn deflate(dict: &[u8], data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut c = Compress::new(Compression::best(), false);
    if !dict.is_empty() {
        c.set_dictionary(dict).map_err(std::io::Error::other)?;
    }
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(64));
        }
        let read = c.total_in() as usize;
        let status = c
            .compress_vec(&data[read..], &mut out, FlushCompress::Finish)
            .map_err(std::io::Error::other)?;
        if status == Status::StreamEnd {
            return Ok(out);
        }
    }
}

/// Inflates what [`deflate`] wrote: `None` when the data is damaged or `dict` is not the one it
/// was written with (a stored block cannot hold more than 65,535 bytes of dictionary either).
pub fn inflate(dict: &[u8], compressed: &[u8]) -> Option<Vec<u8>> {
    let n = u16::try_from(dict.len()).ok()?;
    let stored = [0, n as u8, (n >> 8) as u8, !n as u8, (!n >> 8) as u8];
    let mut out = Vec::with_capacity(dict.len() + compressed.len() * 3);
    DeflateDecoder::new(stored.chain(dict).chain(compressed))
        .read_to_end(&mut out)
        .ok()?;
    if out.len() < dict.len() {
        return None;
    }
    out.drain(..dict.len());
    Some(out)
}

/// The file a dictionary-compressed file names: its dictionary's file name and the deflate data.
/// `None` when `bytes` are not such a file (or its name is not a plain file name).
pub fn split(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let rest = bytes.strip_prefix(DICTIONARY_MAGIC)?;
    let (&len, rest) = rest.split_first()?;
    let name = std::str::from_utf8(rest.get(..len as usize)?).ok()?;
    if !crate::format::is_plain_name(name) {
        return None;
    }
    Some((name, &rest[len as usize..]))
}

/// Frames deflate data written with the dictionary file `name` (see [`split`]).
pub fn frame(name: &str, compressed: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(compressed.len() + name.len() + 5);
    out.extend_from_slice(DICTIONARY_MAGIC);
    out.push(name.len() as u8);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(compressed);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<Vec<u8>> {
        (0..200u32)
            .map(|i| {
                format!(
                    "PostgreSQL documentation page {i}: the configuration parameter shared_buffers \
                     sets the amount of memory the database server uses for shared memory buffers. \
                     Value {} is typical; see Chapter {} for details about resource consumption.",
                    i * 7919 % 1000,
                    i % 31
                )
                .into_bytes()
            })
            .collect()
    }

    #[test]
    fn a_trained_dictionary_shrinks_small_bundles_and_round_trips() {
        let samples = samples();
        let refs: Vec<&[u8]> = samples.iter().map(|s| s.as_slice()).collect();
        let dict = train(&refs, 1024);
        assert!(!dict.is_empty() && dict.len() <= 1024);
        let (mut plain, mut with) = (0, 0);
        for s in &samples {
            let mut gz = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
            std::io::Write::write_all(&mut gz, s).unwrap();
            plain += gz.finish().unwrap().len();
            let z = deflate(&dict, s).unwrap();
            with += z.len();
            assert_eq!(inflate(&dict, &z).as_deref(), Some(s.as_slice()));
        }
        assert!(with * 2 < plain, "{with} vs {plain}");
    }

    #[test]
    fn the_wrong_dictionary_or_damaged_data_is_refused_not_misread() {
        let samples = samples();
        let refs: Vec<&[u8]> = samples.iter().map(|s| s.as_slice()).collect();
        let dict = train(&refs, 1024);
        let z = deflate(&dict, &samples[3]).unwrap();
        let other: Vec<u8> = dict.iter().map(|b| b.wrapping_add(1)).collect();
        // Another dictionary of the same length: either refused or different bytes, never a panic.
        assert_ne!(inflate(&other, &z).as_deref(), Some(samples[3].as_slice()));
        for cut in 0..z.len() {
            assert_ne!(
                inflate(&dict, &z[..cut]).as_deref(),
                Some(samples[3].as_slice())
            );
        }
        assert_eq!(inflate(&vec![0; 70_000], &z), None);
    }

    #[test]
    fn tiny_or_empty_samples_give_no_dictionary() {
        assert!(train(&[], 8192).is_empty());
        assert!(train(&[b"short".as_slice()], 8192).is_empty());
        let z = deflate(&[], b"plain").unwrap();
        assert_eq!(inflate(&[], &z).as_deref(), Some(b"plain".as_slice()));
    }

    #[test]
    fn frames_name_their_dictionary_and_hostile_names_are_refused() {
        let f = frame("d-0123456789ab.bin", b"\x01\x02");
        assert_eq!(
            split(&f),
            Some(("d-0123456789ab.bin", b"\x01\x02".as_slice()))
        );
        for bad in ["../x", "a/b", ".hidden", ""] {
            assert_eq!(split(&frame(bad, b"")), None, "{bad}");
        }
        assert_eq!(split(b"SCRD\x09abc"), None);
        assert_eq!(split(b"SCRY\x02\x00B"), None);
    }
}
