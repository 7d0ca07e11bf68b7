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
//! memory and in spill runs; shards store them by column ([`super::shard`]).

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

/// One document of a postings list, decoded except for its positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Doc id.
    pub doc: u32,
    /// Range of this entry's hits in [`Postings::hits`].
    pub hits: (u32, u32),
    /// Byte range of its encoded positions in the shard's postings.
    pub positions: (u32, u32),
}

/// A decoded postings list: entries in doc id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Postings {
    /// One per document.
    pub entries: Vec<Entry>,
    /// Field hits of all entries.
    pub hits: Vec<FieldHit>,
}

impl Postings {
    /// The field hits of `entry`.
    pub fn hits_of(&self, entry: &Entry) -> &[FieldHit] {
        &self.hits[entry.hits.0 as usize..entry.hits.1 as usize]
    }
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

/// Decodes the postings list starting at `offset` in `bytes`. `None` when the bytes are damaged.
pub fn decode(bytes: &[u8], offset: usize) -> Option<Postings> {
    let mut pos = offset;
    let df = varint::get32(bytes, &mut pos)? as usize;
    // Each entry takes at least 3 bytes: a corrupt df cannot make us allocate more than the file.
    if df > bytes.len().saturating_sub(pos) {
        return None;
    }
    let mut out = Postings {
        entries: Vec::with_capacity(df),
        hits: Vec::with_capacity(df),
    };
    let mut doc: u32 = 0;
    for i in 0..df {
        let delta = varint::get32(bytes, &mut pos)?;
        doc = if i == 0 {
            delta
        } else {
            doc.checked_add(delta).filter(|_| delta > 0)?
        };
        let mask = varint::get(bytes, &mut pos)?;
        if mask >> 16 != 0 {
            return None;
        }
        let start = out.hits.len() as u32;
        for field in 0..16u8 {
            if mask & (1 << field) != 0 {
                let tf = varint::get32(bytes, &mut pos)?;
                let norm = *bytes.get(pos)?;
                pos += 1;
                out.hits.push(FieldHit { field, tf, norm });
            }
        }
        let len = varint::get32(bytes, &mut pos)? as usize;
        let end = pos.checked_add(len).filter(|&e| e <= bytes.len())?;
        out.entries.push(Entry {
            doc,
            hits: (start, out.hits.len() as u32),
            positions: (pos as u32, end as u32),
        });
        pos = end;
    }
    Some(out)
}

/// Decodes the positions of `entry` from the shard's postings bytes into `out` (cleared first).
pub fn positions(bytes: &[u8], entry: &Entry, out: &mut Vec<u32>) -> Option<()> {
    out.clear();
    let (start, end) = (entry.positions.0 as usize, entry.positions.1 as usize);
    let slice = bytes.get(start..end)?;
    let mut pos = 0;
    let mut p: u32 = 0;
    while pos < slice.len() {
        p = p.checked_add(varint::get32(slice, &mut pos)?)?;
        out.push(p);
    }
    Some(())
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
        let p = decode(&out, 0).unwrap();
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].doc, 5);
        assert_eq!(p.entries[1].doc, 8);
        assert_eq!(p.hits_of(&p.entries[0]), &h1);
        assert_eq!(p.hits_of(&p.entries[1]), &h2);
        let mut pos = Vec::new();
        positions(&out, &p.entries[0], &mut pos).unwrap();
        assert_eq!(pos, vec![0, 17, 40]);
    }

    #[test]
    fn damaged_postings_decode_to_none_not_panic() {
        assert!(decode(&[0xff, 0xff, 0xff, 0xff, 0x0f], 0).is_none());
        assert!(decode(&[2, 1, 1, 1, 3, 0], 0).is_none());
        assert!(decode(&[], 5).is_none());
    }
}
