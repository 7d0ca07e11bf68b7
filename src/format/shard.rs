//! A term shard's postings, stored by column.
//!
//! Interleaving doc ids, frequencies, norms and positions term by term (as the builder accumulates
//! them) defeats gzip: each kind of number has its own statistics. Written as separate streams, the
//! shard compresses ~15% better. A reader decodes all streams once when the shard arrives (a few
//! tenths of a millisecond for a 50 KiB shard) and then serves every term as slices.
//!
//! ```text
//! ShardData (postcard)
//!   fst        term -> ordinal (0, 1, 2, … in term order)
//!   dfs        per term: document count                      varint
//!   docs       per entry: doc id delta within its term       varint (first of a term: absolute)
//!   masks      per entry: fields the term occurs in          varint (bit f = field f)
//!   tfs        per hit (entry × set field): term frequency   varint
//!   norms      per hit: the field's length, quantized        u8 (see postings::encode_norm);
//!              empty when the manifest lists them per document
//!   stems      per term: its stem, computed at build time    varint k+1: the stem is the term's
//!              (empty when the language has no stemmer)      first k bytes; 0: a string follows
//!
//! PositionsData (postcard), in a file of its own (`p-<hash>.bin`) beside each shard
//!   positions  per entry, Σ tf of its hits of them:          varint deltas (first absolute)
//! ```
//!
//! Positions are more than half of a shard's bytes and only phrases and proximity need them, so
//! they travel separately: a one-word query never downloads them.
//!
//! Stems are stored rather than computed at query time so that the browser needs no stemmer: the
//! wasm module stays small and language-independent, and every reader agrees with the build.

use serde::{Deserialize, Serialize};

use super::postings::{Entries, Entry, FieldHit};
use super::varint;

/// A term shard's payload.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardData {
    /// `fst::Map` bytes: term → ordinal.
    pub fst: Vec<u8>,
    /// Document frequency per term.
    pub dfs: Vec<u8>,
    /// Doc id deltas per entry.
    pub docs: Vec<u8>,
    /// Field masks per entry.
    pub masks: Vec<u8>,
    /// Term frequencies per hit.
    pub tfs: Vec<u8>,
    /// Norms per hit.
    pub norms: Vec<u8>,
    /// Stems per term (empty: no stemming).
    pub stems: Vec<u8>,
}

/// The positions of a shard's entries, in the shard's entry order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PositionsData {
    /// The content hash of the shard these positions belong to.
    pub shard: u64,
    /// `hash64` of `positions`.
    pub check: u64,
    /// Position deltas; each entry has Σ tf of them.
    pub positions: Vec<u8>,
}

impl ShardData {
    /// Appends a term's stem (call once per term, in term order, or never).
    pub fn push_stem(&mut self, term: &str, stem: &str) {
        if term.as_bytes().starts_with(stem.as_bytes()) {
            varint::put(&mut self.stems, stem.len() as u64 + 1);
        } else {
            varint::put(&mut self.stems, 0);
            varint::put(&mut self.stems, stem.len() as u64);
            self.stems.extend_from_slice(stem.as_bytes());
        }
    }

    /// Appends one term's postings: its `df` entries as the builder wrote them (see
    /// [`super::postings::put_entry`]), copied column by column as they are read, its positions to
    /// `positions`; without the norms when the manifest lists them per document (`doc_norms`).
    /// `None` when the entries do not decode (then the shard is unusable).
    pub fn push_term(
        &mut self,
        out: &mut PositionsData,
        df: u32,
        entries: &[u8],
        doc_norms: bool,
    ) -> Option<()> {
        varint::put(&mut self.dfs, u64::from(df));
        let mut entries = Entries::new(df, entries);
        for e in entries.by_ref() {
            let e = e?;
            varint::put(&mut self.docs, u64::from(e.delta));
            varint::put(&mut self.masks, u64::from(e.mask));
            for h in e.hits() {
                varint::put(&mut self.tfs, u64::from(h.tf));
                if !doc_norms {
                    self.norms.push(h.norm);
                }
            }
            // Positions are delta-coded the same way in both layouts.
            out.positions.extend_from_slice(e.positions);
        }
        entries.done().then_some(())
    }
}

/// A shard's postings, decoded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    /// Per term, its first entry; one more at the end.
    term_start: Vec<u32>,
    /// Per entry: doc id.
    docs: Vec<u32>,
    /// Per entry, its first hit; one more at the end.
    hit_start: Vec<u32>,
    hits: Vec<FieldHit>,
    /// Per entry, its first position; one more at the end.
    pos_start: Vec<u32>,
    /// All positions, once the positions file was attached.
    positions: Vec<u32>,
    /// Whether it was.
    has_positions: bool,
    /// Per term, its stem (empty: no stems stored).
    stems: Vec<Stem>,
}

/// A term's stem as stored.
#[derive(Clone, Debug, PartialEq)]
enum Stem {
    /// The term's first bytes.
    Prefix(u32),
    /// Another string.
    Other(String),
}

impl Columns {
    /// Decodes the streams of `data` for `terms` terms, taking the norms from `doc_norms` when
    /// not empty (the manifest's table, checked to hold every field's `documents` norms); `None`
    /// if they are damaged or inconsistent.
    pub fn decode(
        data: &ShardData,
        terms: usize,
        documents: u32,
        doc_norms: &[u8],
    ) -> Option<Columns> {
        // Every entry takes at least one byte in `docs`: the counts read below can never make us
        // allocate more than the input's size.
        let mut c = Columns {
            term_start: Vec::with_capacity(terms + 1),
            docs: Vec::with_capacity(data.docs.len()),
            hit_start: Vec::with_capacity(data.docs.len() + 1),
            hits: Vec::with_capacity(data.norms.len()),
            pos_start: Vec::with_capacity(data.docs.len() + 1),
            positions: Vec::new(),
            has_positions: false,
            stems: Vec::new(),
        };
        let (mut d, mut m, mut t, mut n) = (0, 0, 0, 0);
        let mut total_positions: u64 = 0;
        let mut df_pos = 0;
        for _ in 0..terms {
            c.term_start.push(c.docs.len() as u32);
            let df = varint::get32(&data.dfs, &mut df_pos)?;
            if df == 0 || df as usize > data.docs.len() - d.min(data.docs.len()) {
                return None;
            }
            let mut doc = 0u32;
            for i in 0..df {
                let delta = varint::get32(&data.docs, &mut d)?;
                doc = if i == 0 {
                    delta
                } else {
                    doc.checked_add(delta).filter(|_| delta > 0)?
                };
                if doc >= documents {
                    return None;
                }
                c.docs.push(doc);
                c.hit_start.push(c.hits.len() as u32);
                c.pos_start.push(u32::try_from(total_positions).ok()?);
                let mask = varint::get(&data.masks, &mut m)?;
                if mask == 0 || mask >> 16 != 0 {
                    return None;
                }
                let mut count: u64 = 0;
                for field in 0..16u8 {
                    if mask & (1 << field) != 0 {
                        let tf = varint::get32(&data.tfs, &mut t)?;
                        let norm = if doc_norms.is_empty() {
                            n += 1;
                            *data.norms.get(n - 1)?
                        } else {
                            // A field past the manifest's fields is damage, not a panic.
                            *doc_norms.get(field as usize * documents as usize + doc as usize)?
                        };
                        count += u64::from(tf);
                        c.hits.push(FieldHit { field, tf, norm });
                    }
                }
                total_positions += count;
            }
        }
        if df_pos != data.dfs.len() || d != data.docs.len() || n != data.norms.len() {
            return None;
        }
        c.term_start.push(c.docs.len() as u32);
        c.hit_start.push(c.hits.len() as u32);
        c.pos_start.push(u32::try_from(total_positions).ok()?);
        if !data.stems.is_empty() {
            let mut s = 0;
            c.stems.reserve(terms);
            for _ in 0..terms {
                let k = varint::get(&data.stems, &mut s)?;
                if k > 0 {
                    c.stems.push(Stem::Prefix(u32::try_from(k - 1).ok()?));
                } else {
                    let len = varint::get(&data.stems, &mut s)? as usize;
                    let bytes = data.stems.get(s..s.checked_add(len)?)?;
                    s += len;
                    c.stems
                        .push(Stem::Other(String::from_utf8(bytes.to_vec()).ok()?));
                }
            }
            if s != data.stems.len() {
                return None;
            }
        }
        Some(c)
    }

    /// Decodes the shard's positions file; `None` if it does not fit the shard.
    pub fn attach_positions(&mut self, data: &PositionsData) -> Option<()> {
        let total = *self.pos_start.last()? as usize;
        // Every position takes at least one byte.
        if total > data.positions.len() {
            return None;
        }
        let mut positions = Vec::with_capacity(total);
        let mut p = 0;
        for e in 0..self.docs.len() {
            let mut x = 0u32;
            for k in self.pos_start[e]..self.pos_start[e + 1] {
                let delta = varint::get32(&data.positions, &mut p)?;
                x = if k == self.pos_start[e] {
                    delta
                } else {
                    x.checked_add(delta).filter(|_| delta > 0)?
                };
                positions.push(x);
            }
        }
        if p != data.positions.len() {
            return None;
        }
        self.positions = positions;
        self.has_positions = true;
        Some(())
    }

    /// Whether the positions file was attached.
    pub fn has_positions(&self) -> bool {
        self.has_positions
    }

    /// Number of terms.
    pub fn terms(&self) -> usize {
        self.term_start.len().saturating_sub(1)
    }

    /// The stem of `term` (whose ordinal is `ordinal`); `None` when the index stores no stems.
    pub fn stem<'a>(&'a self, ordinal: usize, term: &'a str) -> Option<&'a str> {
        match self.stems.get(ordinal)? {
            Stem::Prefix(k) => term.get(..*k as usize),
            Stem::Other(s) => Some(s),
        }
    }

    /// Document frequency of term `ordinal`.
    pub fn df(&self, ordinal: usize) -> u32 {
        match (
            self.term_start.get(ordinal),
            self.term_start.get(ordinal + 1),
        ) {
            (Some(a), Some(b)) => b - a,
            _ => 0,
        }
    }

    /// The postings of term `ordinal`, read in place.
    pub fn postings(&self, ordinal: usize) -> Option<PostingsRef<'_>> {
        Some(PostingsRef {
            columns: self,
            first: *self.term_start.get(ordinal)? as usize,
            end: *self.term_start.get(ordinal + 1)? as usize,
        })
    }

    /// Entry `e` (of any term).
    fn entry(&self, e: usize) -> Entry<'_> {
        let (h, p) = (&self.hit_start, &self.pos_start);
        Entry {
            doc: self.docs[e],
            hits: &self.hits[h[e] as usize..h[e + 1] as usize],
            positions: self
                .positions
                .get(p[e] as usize..p[e + 1] as usize)
                .unwrap_or(&[]),
        }
    }
}

/// One term's postings in its shard's [`Columns`], borrowed: entries are read where they lie, and
/// finding one document's entry is a binary search over the term's doc ids.
#[derive(Clone, Copy, Debug)]
pub struct PostingsRef<'a> {
    columns: &'a Columns,
    /// The term's entries are `first..end` of the shard's.
    first: usize,
    end: usize,
}

impl<'a> PostingsRef<'a> {
    /// The number of documents (the term's document frequency).
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    /// Whether no document holds the term (never, in a shard that decoded).
    pub fn is_empty(&self) -> bool {
        self.first == self.end
    }

    /// The entries, in doc id order.
    pub fn entries(&self) -> impl ExactSizeIterator<Item = Entry<'a>> + 'a {
        let columns = self.columns;
        (self.first..self.end).map(move |e| columns.entry(e))
    }

    /// The entry of `doc`, if it holds the term.
    pub fn find(&self, doc: u32) -> Option<Entry<'a>> {
        let docs = &self.columns.docs[self.first..self.end];
        let i = docs.binary_search(&doc).ok()?;
        Some(self.columns.entry(self.first + i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(field: u8, tf: u32) -> FieldHit {
        FieldHit { field, tf, norm: 7 }
    }

    /// Appends a term's entries `(doc, hits, positions)` as the builder does: interleaved first.
    fn push(
        data: &mut ShardData,
        pos: &mut PositionsData,
        entries: &[(u32, Vec<FieldHit>, Vec<u32>)],
        doc_norms: bool,
    ) {
        let (mut bytes, mut scratch, mut prev) = (Vec::new(), Vec::new(), 0);
        for (i, (doc, hits, positions)) in entries.iter().enumerate() {
            let delta = if i == 0 { *doc } else { doc - prev };
            super::super::postings::put_entry(&mut bytes, delta, hits, positions, &mut scratch);
            prev = *doc;
        }
        data.push_term(pos, entries.len() as u32, &bytes, doc_norms)
            .unwrap();
    }

    fn two_terms() -> (ShardData, PositionsData) {
        let (mut data, mut pos) = (ShardData::default(), PositionsData::default());
        push(
            &mut data,
            &mut pos,
            &[
                (3, vec![hit(0, 1), hit(2, 2)], vec![0, 10, 12]),
                (9, vec![hit(2, 1)], vec![4]),
            ],
            false,
        );
        push(
            &mut data,
            &mut pos,
            &[(0, vec![hit(15, 1)], vec![99])],
            false,
        );
        (data, pos)
    }

    #[test]
    fn columns_round_trip() {
        let (data, pos) = two_terms();
        let mut c = Columns::decode(&data, 2, 10, &[]).unwrap();
        assert_eq!(c.terms(), 2);
        assert_eq!((c.df(0), c.df(1), c.df(2)), (2, 1, 0));
        let p = c.postings(0).unwrap();
        assert_eq!(p.entries().map(|e| e.doc).collect::<Vec<_>>(), vec![3, 9]);
        let first = p.entries().next().unwrap();
        assert_eq!(first.hits, &[hit(0, 1), hit(2, 2)]);
        assert!(!c.has_positions());
        assert_eq!(first.positions, &[] as &[u32]);
        c.attach_positions(&pos).unwrap();
        let p = c.postings(0).unwrap();
        assert_eq!(p.entries().next().unwrap().positions, &[0, 10, 12]);
        let second = c.postings(1).unwrap().entries().next().unwrap();
        assert_eq!(second.positions, &[99]);
        assert_eq!(c.stem(0, "connected"), None);
    }

    #[test]
    fn one_document_s_entry_is_found_without_reading_the_others() {
        let (data, pos) = two_terms();
        let mut c = Columns::decode(&data, 2, 10, &[]).unwrap();
        c.attach_positions(&pos).unwrap();
        let p = c.postings(0).unwrap();
        assert_eq!((p.len(), p.is_empty()), (2, false));
        let e = p.find(9).unwrap();
        assert_eq!(
            (e.doc, e.hits, e.positions),
            (9, &[hit(2, 1)][..], &[4][..])
        );
        assert_eq!(p.find(0), None, "doc 0 holds the other term");
        assert_eq!(p.find(4), None);
        assert_eq!(c.postings(1).unwrap().find(0).unwrap().positions, &[99]);
        assert!(c.postings(2).is_none());
    }

    #[test]
    fn damaged_entries_are_not_pushed_into_a_shard() {
        let (mut data, mut pos) = (ShardData::default(), PositionsData::default());
        // Doc 1 field 0, tf 1, norm 3, one position; then a truncated entry.
        assert!(data
            .push_term(&mut pos, 2, &[1, 1, 1, 3, 1, 0, 2], false)
            .is_none());
        // One entry and a byte too many.
        let mut data = ShardData::default();
        assert!(data
            .push_term(&mut pos, 1, &[1, 1, 1, 3, 1, 0, 9], false)
            .is_none());
        let mut data = ShardData::default();
        assert!(data
            .push_term(&mut pos, 1, &[1, 1, 1, 3, 1, 0], false)
            .is_some());
    }

    #[test]
    fn stems_round_trip_as_prefixes_or_strings() {
        let (mut data, _) = two_terms();
        data.push_stem("connected", "connect");
        data.push_stem("happy", "happi");
        let c = Columns::decode(&data, 2, 10, &[]).unwrap();
        assert_eq!(c.stem(0, "connected"), Some("connect"));
        assert_eq!(c.stem(1, "happy"), Some("happi"));
        let mut bad = data.clone();
        bad.stems.push(1);
        assert!(Columns::decode(&bad, 2, 10, &[]).is_none());
    }

    #[test]
    fn inconsistent_columns_are_rejected() {
        let (mut data, mut pos) = (ShardData::default(), PositionsData::default());
        push(
            &mut data,
            &mut pos,
            &[(3, vec![hit(0, 2)], vec![0, 10])],
            false,
        );
        assert!(
            Columns::decode(&data, 1, 3, &[]).is_none(),
            "doc id beyond the corpus"
        );
        assert!(
            Columns::decode(&data, 2, 10, &[]).is_none(),
            "more terms than written"
        );
        let mut c = Columns::decode(&data, 1, 10, &[]).unwrap();
        let mut short = pos.clone();
        short.positions.pop();
        assert!(c.attach_positions(&short).is_none());
        let mut long = pos.clone();
        long.positions.push(1);
        assert!(c.attach_positions(&long).is_none());
        assert!(c.attach_positions(&pos).is_some());
        let mut bad = data.clone();
        bad.tfs = vec![0x7f];
        let mut c = Columns::decode(&bad, 1, 10, &[]).unwrap();
        assert!(
            c.attach_positions(&pos).is_none(),
            "frequencies that the positions do not match"
        );
    }

    #[test]
    fn norms_come_from_the_document_table_when_there_is_one() {
        let (mut data, mut pos) = (ShardData::default(), PositionsData::default());
        let entries = [
            (1, vec![hit(0, 1), hit(2, 2)], vec![0, 10, 12]),
            (4, vec![hit(2, 1)], vec![4]),
        ];
        push(&mut data, &mut pos, &entries, true);
        assert!(data.norms.is_empty());
        // Three fields of five documents, field after field.
        let table: Vec<u8> = (0..15).collect();
        let c = Columns::decode(&data, 1, 5, &table).unwrap();
        let p = c.postings(0).unwrap();
        let norms: Vec<(u8, u8)> = p
            .entries()
            .flat_map(|e| e.hits)
            .map(|h| (h.field, h.norm))
            .collect();
        assert_eq!(norms, vec![(0, 1), (2, 11), (2, 14)]);
        // Without the table the shard lacks norm bytes: refused, not misread.
        assert!(Columns::decode(&data, 1, 5, &[]).is_none());
        // A field the table has no norms for (found by the `shard` fuzz target): refused.
        let (mut data, mut pos) = (ShardData::default(), PositionsData::default());
        push(&mut data, &mut pos, &[(1, vec![hit(5, 1)], vec![0])], true);
        assert!(Columns::decode(&data, 1, 5, &table).is_none());
    }
}
