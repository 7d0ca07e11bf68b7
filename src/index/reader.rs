//! The reader: a cache of the index's files — a manifest plus whichever files have been added so far.
//!
//! Opening costs one small decode. Files come in as the engine asks for them
//! ([`Outcome::Need`](super::Outcome), see `fetch.rs`); each is checked against the manifest before
//! use, so a stale or damaged file gives an error, never wrong results. The same reader serves the
//! browser (files fetched over the network) and native callers (`DirIndex` reads them from disk).
//! The query side reads it through `lookup.rs` only.

use crate::automaton::{prefix_upper, Walk};
use crate::error::Error;
use crate::format::shard::{Columns, PostingsRef};
use crate::format::StoredTail;
use crate::format::{self, varint, Kind, Manifest, PositionsData, ShardData, StoredDoc};
use crate::hash::hash64;
use crate::sort::sort_by;
use crate::tokenize::Tokenizer;

/// A loaded term shard: its fst and its decoded postings columns.
#[derive(Debug)]
pub struct Shard {
    map: fst::Map<Vec<u8>>,
    columns: Columns,
}

impl Shard {
    /// The postings of `term`, if the shard holds it, read in place.
    pub(crate) fn get(&self, term: &str) -> Option<PostingsRef<'_>> {
        self.postings(self.ordinal(term)?)
    }

    /// The ordinal of `term`, if the shard holds it (see [`Shard::postings`]).
    pub(crate) fn ordinal(&self, term: &str) -> Option<usize> {
        let ordinal = self.map.get(term)? as usize;
        (ordinal < self.columns.terms()).then_some(ordinal)
    }

    /// The postings of the term with this ordinal, read in place.
    pub(crate) fn postings(&self, ordinal: usize) -> Option<PostingsRef<'_>> {
        self.columns.postings(ordinal)
    }

    /// The stored stem of `term`, if the shard holds it and the index stores stems.
    pub(crate) fn stem_of<'a>(&'a self, term: &'a str) -> Option<&'a str> {
        let ordinal = self.map.get(term)?;
        self.columns.stem(ordinal as usize, term)
    }

    /// The stored stem of the term with this fst value.
    pub(crate) fn stem_at<'a>(&'a self, ordinal: u64, term: &'a str) -> Option<&'a str> {
        self.columns.stem(ordinal as usize, term)
    }

    /// Document frequency of the term with this fst value.
    pub(crate) fn df(&self, ordinal: u64) -> u32 {
        self.columns.df(ordinal as usize)
    }

    /// The terms starting with `prefix` that `walk` accepts, in order, with their fst values.
    pub(crate) fn terms<'a>(
        &'a self,
        walk: Walk<'a>,
        prefix: &str,
    ) -> fst::map::Stream<'a, Walk<'a>> {
        let mut range = self.map.search(walk).ge(prefix);
        let upper = prefix_upper(prefix);
        if let Some(u) = &upper {
            range = range.lt(u);
        }
        fst::IntoStreamer::into_stream(range)
    }

    /// Whether the shard's positions have been added.
    pub(crate) fn has_positions(&self) -> bool {
        self.columns.has_positions()
    }
}

/// What a file holds. Listed files are found by name in `Index::names` (in this order where a
/// name fills several slots); tail bundles by [`Index::tail_index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Slot {
    Shard(usize),
    Bundle(usize),
    Facet(usize),
    Sort(usize),
    Positions(usize),
    Tail(usize),
}

/// A facet's values with their sorted doc ids.
pub(crate) type FacetValues = Vec<(String, Vec<u32>)>;

/// An open index: a cache of its files (see [`crate::index`]). The query side reads it through the narrow API in
/// `lookup.rs` and never changes it: only [`Index::add_file`] does.
#[derive(Debug)]
pub struct Index {
    pub(super) manifest: Manifest,
    pub(super) tokenizer: Tokenizer,
    pub(super) shards: Vec<Option<Shard>>,
    /// Positions files that arrived before their shard.
    pub(super) pending_positions: Vec<Option<PositionsData>>,
    pub(super) bundles: Vec<Option<Vec<StoredDoc>>>,
    /// Loaded tail bundles of long documents, with their index (a few per session; tail bundles are
    /// looked up by name rather than listed, so a manifest's count of them costs nothing up front).
    pub(super) tails: Vec<(u32, Vec<StoredTail>)>,
    /// First doc id of each bundle, plus the total at the end.
    pub(super) bundle_starts: Vec<u32>,
    pub(super) facets: Vec<Option<FacetValues>>,
    pub(super) sorts: Vec<Option<Vec<u32>>>,
    /// File names and what they hold, sorted by name. Tail bundles are not listed (see
    /// [`Index::tail_index`]).
    names: Vec<(String, Slot)>,
}

impl Index {
    /// Opens an index from its manifest's (inflated) bytes.
    pub fn open(manifest: &[u8]) -> Result<Index, Error> {
        let file = format::MANIFEST;
        let mut manifest: Manifest = format::decode(file, Kind::Manifest, manifest)?;
        let bad = |what: &str| Err(Error::corrupt(file, what.to_string()));
        if manifest.fields.is_empty()
            || manifest.fields.len() > 16
            || manifest.avg_len.len() != manifest.fields.len()
        {
            return bad("field table");
        }
        // Norms are looked up at field × documents + doc: the table must hold exactly that many.
        if !manifest.norms.is_empty()
            && manifest.norms.len() as u64
                != manifest.fields.len() as u64 * u64::from(manifest.documents)
        {
            return bad("norms table");
        }
        if manifest.shards.is_empty()
            || manifest.shards.windows(2).any(|w| w[0].first >= w[1].first)
        {
            return bad("shard table");
        }
        let mut bundle_starts = Vec::with_capacity(manifest.bundles.counts.len() + 1);
        let mut total: u64 = 0;
        for &c in &manifest.bundles.counts {
            bundle_starts.push(total as u32);
            total += u64::from(c);
        }
        if total != u64::from(manifest.documents) {
            return bad("bundle table does not add up to the document count");
        }
        bundle_starts.push(total as u32);
        let mut names = Vec::new();
        for (i, s) in manifest.shards.iter().enumerate() {
            names.push((format::file_name(Kind::Shard, s.file.hash), Slot::Shard(i)));
            names.push((
                format::file_name(Kind::Positions, s.file.hash),
                Slot::Positions(i),
            ));
        }
        for i in 0..manifest.bundles.counts.len() {
            names.push((
                format::bundle_name(Kind::Bundle, manifest.bundles.set, i as u32),
                Slot::Bundle(i),
            ));
        }
        for (i, f) in manifest.facets.iter().enumerate() {
            names.push((format::file_name(Kind::Facet, f.file.hash), Slot::Facet(i)));
        }
        for (i, f) in manifest.sorts.iter().enumerate() {
            names.push((format::file_name(Kind::Sort, f.file.hash), Slot::Sort(i)));
        }
        // Two files may have the same content, hence the same name: a name can fill several slots.
        sort_by(&mut names, |a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let inline = std::mem::take(&mut manifest.inline);
        let mut index = Index {
            tokenizer: Tokenizer::new(&manifest.tokenizer),
            shards: manifest.shards.iter().map(|_| None).collect(),
            pending_positions: manifest.shards.iter().map(|_| None).collect(),
            bundles: manifest.bundles.counts.iter().map(|_| None).collect(),
            tails: Vec::new(),
            facets: manifest.facets.iter().map(|_| None).collect(),
            sorts: manifest.sorts.iter().map(|_| None).collect(),
            bundle_starts,
            names,
            manifest,
        };
        let mut c = varint::Cursor::new(&inline);
        let n = if inline.is_empty() {
            Some(0)
        } else {
            c.count()
        };
        for _ in 0..n.unwrap_or(0) {
            let (Some(name), Some(bytes)) = (c.string(), c.bytes()) else {
                return bad("embedded files");
            };
            index.add_file(&name, bytes)?;
        }
        if n.is_none() || !c.done() {
            return bad("embedded files");
        }
        Ok(index)
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Number of documents.
    pub fn documents(&self) -> u32 {
        self.manifest.documents
    }

    /// The slots a file name fills (usually one; none for a name the manifest does not list).
    /// Tail bundles are not listed: see [`Index::tail_index`].
    fn slots(&self, name: &str) -> &[(String, Slot)] {
        let start = self.names.partition_point(|n| n.0.as_str() < name);
        let end = start
            + self.names[start..]
                .iter()
                .take_while(|n| n.0 == name)
                .count();
        &self.names[start..end]
    }

    /// The index of the tail bundle named `name`, if it is one of this build's.
    fn tail_index(&self, name: &str) -> Option<usize> {
        // Digits up to the '-', checked by rebuilding the name (no leading zeros, the right set).
        let mut i: u32 = 0;
        for b in name.strip_prefix('x')?.bytes().take_while(|&b| b != b'-') {
            if !b.is_ascii_digit() {
                return None;
            }
            i = i.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
        }
        (i < self.manifest.bundles.tails
            && name == format::bundle_name(Kind::Tail, self.manifest.bundles.set, i))
        .then_some(i as usize)
    }

    /// Whether the file `name` has been added.
    pub fn has_file(&self, name: &str) -> bool {
        if let Some(i) = self.tail_index(name) {
            return self.filled(Slot::Tail(i));
        }
        let slots = self.slots(name);
        !slots.is_empty() && slots.iter().all(|(_, slot)| self.filled(*slot))
    }

    /// Whether `slot` holds its file.
    fn filled(&self, slot: Slot) -> bool {
        match slot {
            Slot::Shard(i) => self.shards[i].is_some(),
            Slot::Positions(i) => {
                self.pending_positions[i].is_some()
                    || self.shards[i].as_ref().is_some_and(Shard::has_positions)
            }
            Slot::Bundle(i) => self.bundles[i].is_some(),
            Slot::Tail(i) => self.loaded_tail(i as u32).is_some(),
            Slot::Facet(i) => self.facets[i].is_some(),
            Slot::Sort(i) => self.sorts[i].is_some(),
        }
    }

    /// Adds a file the engine asked for: `bytes` inflated. Checked against the manifest first.
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        if let Some(i) = self.tail_index(name) {
            return self.add_slot(Slot::Tail(i), name, bytes);
        }
        let slots: Vec<Slot> = self.slots(name).iter().map(|s| s.1).collect();
        if slots.is_empty() {
            return Err(Error::UnknownFile {
                file: name.to_string(),
            });
        }
        for slot in slots {
            self.add_slot(slot, name, bytes)?;
        }
        Ok(())
    }

    fn add_slot(&mut self, slot: Slot, name: &str, bytes: &[u8]) -> Result<(), Error> {
        match slot {
            Slot::Shard(i) => {
                format::verify(name, &self.manifest.shards[i].file, bytes)?;
                let mut data: ShardData = format::decode(name, Kind::Shard, bytes)?;
                let map = fst::Map::new(std::mem::take(&mut data.fst))
                    .map_err(|_| Error::corrupt(name, "the term fst does not decode"))?;
                // The fst's own checksum: walking a damaged fst could panic inside the fst crate,
                // and the shard's hash only proves the file is the one the manifest names. Native
                // readers check it; the browser leaves it out (its CRC tables cost 12 KiB of wasm),
                // where only a forged manifest could name such a file, and a panic there is a
                // trapped worker whose error the page shows.
                #[cfg(not(target_arch = "wasm32"))]
                map.as_fst()
                    .verify()
                    .map_err(|e| Error::corrupt(name, e.to_string()))?;
                let m = &self.manifest;
                let columns = Columns::decode(&data, map.len(), m.documents, &m.norms)
                    .ok_or_else(|| Error::corrupt(name, "postings do not decode"))?;
                // Ordinals index the columns: every value must be one of them.
                let mut stream = fst::IntoStreamer::into_stream(map.search(Walk::All));
                let mut expected = 0u64;
                while let Some((_, ordinal)) = fst::Streamer::next(&mut stream) {
                    if ordinal != expected {
                        return Err(Error::corrupt(name, "term ordinals"));
                    }
                    expected += 1;
                }
                let mut shard = Shard { map, columns };
                if let Some(positions) = self.pending_positions[i].take() {
                    shard.columns.attach_positions(&positions).ok_or_else(|| {
                        let name =
                            format::file_name(Kind::Positions, self.manifest.shards[i].file.hash);
                        Error::corrupt(&name, "positions do not fit their shard")
                    })?;
                }
                self.shards[i] = Some(shard);
            }
            Slot::Positions(i) => {
                let shard = &self.manifest.shards[i];
                // By hand: PositionsData's postcard layout (see varint::Cursor).
                let mut c = varint::Cursor::new(format::payload(name, Kind::Positions, bytes)?);
                let data = (|| {
                    Some(PositionsData {
                        shard: c.u64()?,
                        check: c.u64()?,
                        positions: c.bytes()?.to_vec(),
                    })
                })()
                .filter(|_| c.done())
                .ok_or_else(|| Error::corrupt(name, "payload does not decode"))?;
                if data.shard != shard.file.hash || bytes.len() != shard.positions_size as usize {
                    return Err(Error::OtherBuild {
                        file: name.to_string(),
                    });
                }
                if hash64(&data.positions) != data.check {
                    return Err(Error::corrupt(name, "content does not match its checksum"));
                }
                match self.shards[i].as_mut() {
                    Some(shard) => shard
                        .columns
                        .attach_positions(&data)
                        .ok_or_else(|| Error::corrupt(name, "positions do not fit their shard"))?,
                    None => self.pending_positions[i] = Some(data),
                }
            }
            Slot::Bundle(i) => {
                let docs: Vec<StoredDoc> =
                    decode_bundle(name, Kind::Bundle, bytes, self.manifest.bundles.set, i)?;
                if docs.len() != usize::from(self.manifest.bundles.counts[i]) {
                    return Err(Error::OtherBuild {
                        file: name.to_string(),
                    });
                }
                self.bundles[i] = Some(docs);
            }
            // Checked before decoding: a tail already here is kept as it was checked.
            Slot::Tail(i) => {
                if self.loaded_tail(i as u32).is_none() {
                    let tails: Vec<StoredTail> =
                        decode_bundle(name, Kind::Tail, bytes, self.manifest.bundles.set, i)?;
                    self.tails.push((i as u32, tails));
                }
            }
            Slot::Facet(i) => {
                format::verify(name, &self.manifest.facets[i].file, bytes)?;
                // By hand: FacetData's postcard layout (see varint::Cursor).
                let documents = self.manifest.documents;
                let mut c = varint::Cursor::new(format::payload(name, Kind::Facet, bytes)?);
                let values = (|| {
                    let n = c.count()?;
                    let mut values = Vec::with_capacity(n);
                    for _ in 0..n {
                        let value = c.string()?;
                        values.push((value, decode_doc_set(c.bytes()?, documents)?));
                    }
                    Some(values)
                })()
                .filter(|_| c.done())
                .ok_or_else(|| Error::corrupt(name, "facet values or doc ids"))?;
                self.facets[i] = Some(values);
            }
            Slot::Sort(i) => {
                format::verify(name, &self.manifest.sorts[i].file, bytes)?;
                // By hand: SortData's postcard layout (see varint::Cursor).
                let mut c = varint::Cursor::new(format::payload(name, Kind::Sort, bytes)?);
                let ranks = (|| {
                    let n = c.count()?;
                    let mut ranks = Vec::with_capacity(n);
                    for _ in 0..n {
                        ranks.push(u32::try_from(c.u64()?).ok()?);
                    }
                    Some(ranks)
                })()
                .filter(|r| c.done() && r.len() == self.manifest.documents as usize)
                .ok_or_else(|| Error::corrupt(name, "rank count"))?;
                self.sorts[i] = Some(ranks);
            }
        }
        Ok(())
    }
}

/// Decodes delta-varint doc ids, each below `limit`.
pub(crate) fn decode_doc_set(bytes: &[u8], limit: u32) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut doc = 0u32;
    while pos < bytes.len() {
        let d = varint::get32(bytes, &mut pos)?;
        doc = if out.is_empty() {
            d
        } else {
            doc.checked_add(d).filter(|_| d > 0)?
        };
        if doc >= limit {
            return None;
        }
        out.push(doc);
    }
    Some(out)
}

fn decode_bundle<T: serde::de::DeserializeOwned>(
    name: &str,
    kind: Kind,
    bytes: &[u8],
    set: u64,
    index: usize,
) -> Result<Vec<T>, Error> {
    // The count is outside the checksum: a damaged count must not decode fewer items silently.
    let (items, rest) = postcard::take_from_bytes(bundle_items(name, kind, bytes, set, index)?)
        .map_err(|e| format::postcard_error(name, e))?;
    if !rest.is_empty() {
        return Err(Error::corrupt(name, "bytes left after the last item"));
    }
    Ok(items)
}

/// A bundle's items (their count first), once its header and checksum are checked.
fn bundle_items<'a>(
    name: &str,
    kind: Kind,
    bytes: &'a [u8],
    set: u64,
    index: usize,
) -> Result<&'a [u8], Error> {
    let payload = format::payload(name, kind, bytes)?;
    let mut pos = 0;
    let bad = || Error::corrupt(name, "bundle header");
    let got_set = varint::get(payload, &mut pos).ok_or_else(bad)?;
    let got_index = varint::get(payload, &mut pos).ok_or_else(bad)?;
    let check = varint::get(payload, &mut pos).ok_or_else(bad)?;
    if got_set != set || got_index != index as u64 {
        return Err(Error::OtherBuild {
            file: name.to_string(),
        });
    }
    let count_start = pos;
    varint::get(payload, &mut pos).ok_or_else(bad)?;
    if hash64(&payload[pos..]) != check {
        return Err(Error::corrupt(name, "content does not match its checksum"));
    }
    Ok(&payload[count_start..])
}
