//! Postings: for one term, the documents it occurs in, per-field frequencies with one-byte length
//! norms, and positions (for phrases and proximity).
//!
//! Norms live here, next to the frequencies that need them, unless the field has more hits than
//! documents and the site is small enough for a per-document table in the manifest (a few KiB
//! that every first search fetches; then the shards carry no norm bytes for the field and are
//! about 30% smaller). Large sites keep them here: a table that grows with every page, fetched
//! up front, is what makes Pagefind's `pf_meta` heavy.
//!
//! The builder accumulates each term's postings interleaved, entry after entry ([`put_entry`]), in
//! memory and in spill runs; shards store them by column ([`super::shard`]), copied over entry by
//! entry ([`Entries`]). Readers see a term's entries in place in the shard's columns ([`Entry`]).

use super::varint;

/// A term's occurrences in one field of one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldHit {
    /// Field id.
    pub field: u8,
    /// Term frequency in the field.
    pub tf: u32,
    /// The field's quantized length (see [`encode_norm`]).
    pub norm: u8,
}

/// One document of a term's postings, read in place in its shard's columns
/// ([`super::shard::PostingsRef`]): nothing is copied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// Doc id.
    pub doc: u32,
    /// The term's hits in the document's fields, in field order.
    pub hits: &'a [FieldHit],
    /// Its positions in the document, ascending; empty until the shard's positions file is
    /// attached.
    pub positions: &'a [u32],
}

/// Field lengths up to this are stored exactly (titles: exact title matches need them).
const EXACT_NORMS: u32 = 24;
/// Above [`EXACT_NORMS`], each norm step is this factor longer. BM25 needs no finer lengths, and
/// fewer distinct values compress better.
const NORM_STEP: f64 = 1.12;

/// Quantizes a field length (in tokens) to one byte: exact up to 24, then logarithmic steps of 12%.
pub fn encode_norm(len: u32) -> u8 {
    if len <= EXACT_NORMS {
        return len as u8;
    }
    let steps = ((len as f64 / EXACT_NORMS as f64).ln() / NORM_STEP.ln()).round();
    (EXACT_NORMS as f64 + steps).min(255.0) as u8
}

/// The field length a norm byte stands for.
pub fn decode_norm(norm: u8) -> f32 {
    let n = u32::from(norm);
    if n <= EXACT_NORMS {
        return n as f32;
    }
    (EXACT_NORMS as f64 * NORM_STEP.powi((n - EXACT_NORMS) as i32)) as f32
}

/// Appends one document's entry. `delta` is the doc id minus the previous entry's (the doc id itself
/// for the first); `hits` in field order; `positions` ascending.
pub fn put_entry(
    out: &mut Vec<u8>,
    delta: u32,
    hits: &[FieldHit],
    positions: &[u32],
    scratch: &mut Vec<u8>,
) {
    varint::put(out, u64::from(delta));
    let mask = hits.iter().fold(0u64, |m, h| m | 1 << h.field);
    varint::put(out, mask);
    for h in hits {
        varint::put(out, u64::from(h.tf));
        out.push(h.norm);
    }
    scratch.clear();
    let mut prev = 0;
    for &p in positions {
        varint::put(scratch, u64::from(p - prev));
        prev = p;
    }
    varint::put(out, scratch.len() as u64);
    out.extend_from_slice(scratch);
}

/// Reads a term's entries as [`put_entry`] wrote them, one at a time and in place: the builder
/// re-encodes them into a shard's columns without decoding them into vectors first.
pub struct Entries<'a> {
    bytes: &'a [u8],
    pos: usize,
    left: u32,
    doc: Option<u32>,
}

/// One entry read by [`Entries`]: its numbers decoded, its positions still encoded.
#[derive(Clone, Copy, Debug)]
pub struct RawEntry<'a> {
    /// Doc id minus the previous entry's (the doc id itself for the first).
    pub delta: u32,
    /// The fields the term occurs in (bit f: field f).
    pub mask: u16,
    hits: [FieldHit; 16],
    /// Its position deltas as written (varints, the first absolute), checked to decode.
    pub positions: &'a [u8],
}

impl RawEntry<'_> {
    /// The term's hits in the document's fields, in field order.
    pub fn hits(&self) -> &[FieldHit] {
        &self.hits[..self.mask.count_ones() as usize]
    }
}

impl<'a> Entries<'a> {
    /// The `df` entries at the start of `bytes`.
    pub fn new(df: u32, bytes: &'a [u8]) -> Entries<'a> {
        Entries {
            bytes,
            pos: 0,
            left: df,
            doc: None,
        }
    }

    /// Whether every entry was read and nothing follows them.
    pub fn done(&self) -> bool {
        self.left == 0 && self.pos == self.bytes.len()
    }

    fn read(&mut self) -> Option<RawEntry<'a>> {
        let bytes = self.bytes;
        let pos = &mut self.pos;
        let delta = varint::get32(bytes, pos)?;
        self.doc = Some(match self.doc {
            None => delta,
            Some(doc) => doc.checked_add(delta).filter(|_| delta > 0)?,
        });
        let mask = u16::try_from(varint::get(bytes, pos)?).ok()?;
        let mut hits = [FieldHit {
            field: 0,
            tf: 0,
            norm: 0,
        }; 16];
        let mut n = 0;
        for field in 0..16u8 {
            if mask & (1 << field) != 0 {
                let tf = varint::get32(bytes, pos)?;
                let norm = *bytes.get(*pos)?;
                *pos += 1;
                hits[n] = FieldHit { field, tf, norm };
                n += 1;
            }
        }
        let len = varint::get32(bytes, pos)? as usize;
        let positions = bytes.get(*pos..pos.checked_add(len)?)?;
        *pos += len;
        let (mut at, mut p) = (0, 0u32);
        while at < positions.len() {
            p = p.checked_add(varint::get32(positions, &mut at)?)?;
        }
        Some(RawEntry {
            delta,
            mask,
            hits,
            positions,
        })
    }
}

impl<'a> Iterator for Entries<'a> {
    /// An entry, or `None` where the bytes are damaged (the last item then).
    type Item = Option<RawEntry<'a>>;

    fn next(&mut self) -> Option<Option<RawEntry<'a>>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let entry = self.read();
        if entry.is_none() {
            self.left = 0;
        }
        Some(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norms_are_exact_when_short_and_monotonic_when_long() {
        for len in 0..=EXACT_NORMS {
            assert_eq!(decode_norm(encode_norm(len)), len as f32);
        }
        let mut prev = 0;
        for len in (EXACT_NORMS + 1..100_000).step_by(97) {
            let n = encode_norm(len);
            assert!(n >= prev);
            prev = n;
            let back = decode_norm(n);
            assert!(
                (back - len as f32).abs() / (len as f32) < 0.07,
                "{len} -> {back}"
            );
        }
        assert!(encode_norm(u32::MAX) >= encode_norm(1_000_000));
    }

    #[test]
    fn entries_round_trip() {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        varint::put(&mut out, 2);
        let h1 = [
            FieldHit {
                field: 0,
                tf: 1,
                norm: 3,
            },
            FieldHit {
                field: 2,
                tf: 2,
                norm: 99,
            },
        ];
        put_entry(&mut out, 5, &h1, &[0, 17, 40], &mut scratch);
        let h2 = [FieldHit {
            field: 15,
            tf: 1,
            norm: 1,
        }];
        put_entry(&mut out, 3, &h2, &[1000], &mut scratch);
        let mut entries = Entries::new(2, &out[1..]);
        let e: Vec<RawEntry> = entries.by_ref().map(Option::unwrap).collect();
        assert!(entries.done());
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].delta, 5);
        assert_eq!(e[0].delta + e[1].delta, 8);
        assert_eq!(e[0].hits(), &h1);
        assert_eq!(e[1].hits(), &h2);
        let (mut at, mut p, mut pos) = (0, 0, Vec::new());
        while at < e[0].positions.len() {
            p += varint::get32(e[0].positions, &mut at).unwrap();
            pos.push(p);
        }
        assert_eq!(pos, vec![0, 17, 40]);
    }

    #[test]
    fn damaged_postings_decode_to_none_not_panic() {
        let damaged = |df, bytes| Entries::new(df, bytes).any(|e| e.is_none());
        assert!(damaged(1, &[0xff, 0xff, 0xff, 0xff, 0x0f]));
        assert!(damaged(2, &[1, 1, 1, 3, 0]));
        assert!(damaged(5, &[]));
        // Doc ids must grow.
        assert!(damaged(2, &[1, 1, 1, 0, 0, 0, 1, 1, 1, 0]));
        let mut short = Entries::new(1, &[1, 1, 1, 3, 0, 0]);
        assert!(short.all(|e| e.is_some()));
        assert!(!short.done(), "bytes left over");
    }
}
