//! What the query side may ask of the file cache: which shard holds a term, and each kind of file
//! by its slot — the loaded data, or its name pushed on the caller's `need` list. This is the whole
//! of the reader's API towards `query`; the query side never sees the cache's fields.

use super::reader::{Index, Shard};
use crate::automaton::prefix_upper;
use crate::error::Error;
use crate::format::{self, Kind, StoredDoc, StoredTail};

impl Index {
    /// The tokenizer, with the settings the index was built with.
    pub(crate) fn tokenizer(&self) -> &crate::tokenize::Tokenizer {
        &self.tokenizer
    }

    /// The shard whose term range holds `term`.
    pub(crate) fn shard_for(&self, term: &str) -> usize {
        self.manifest
            .shards
            .partition_point(|s| s.first.as_str() <= term)
            .saturating_sub(1)
    }

    /// The shards whose term ranges can hold terms starting with `prefix`.
    pub(crate) fn shards_for_prefix(&self, prefix: &str) -> std::ops::Range<usize> {
        let start = self.shard_for(prefix);
        let end = match prefix_upper(prefix) {
            Some(upper) => self
                .manifest
                .shards
                .partition_point(|s| s.first.as_bytes() < upper.as_slice()),
            None => self.manifest.shards.len(),
        };
        start..end.max(start + 1)
    }

    /// Shard `i` if it has been added (`None` asks for nothing).
    pub(crate) fn loaded_shard(&self, i: usize) -> Option<&Shard> {
        self.shards[i].as_ref()
    }

    /// Shard `i`, or its name pushed on `need`.
    pub(crate) fn shard(&self, i: usize, need: &mut Vec<String>) -> Option<&Shard> {
        let s = self.shards[i].as_ref();
        if s.is_none() {
            push_once(
                need,
                format::file_name(Kind::Shard, self.manifest.shards[i].file.hash),
            );
        }
        s
    }

    /// Asks for shard `i`'s positions (and the shard) unless they are loaded; whether they are.
    pub(crate) fn positions(&self, i: usize, need: &mut Vec<String>) -> bool {
        let loaded = self.shards[i].as_ref().is_some_and(Shard::has_positions);
        if !loaded && self.pending_positions[i].is_none() {
            push_once(
                need,
                format::file_name(Kind::Positions, self.manifest.shards[i].file.hash),
            );
        }
        self.shard(i, need);
        loaded
    }

    /// The bundle holding `doc` and the doc's index inside it.
    pub(crate) fn bundle_of(&self, doc: u32) -> Option<(usize, usize)> {
        if doc >= self.manifest.documents {
            return None;
        }
        let b = self.bundle_starts.partition_point(|&s| s <= doc) - 1;
        Some((b, (doc - self.bundle_starts[b]) as usize))
    }

    /// The stored document `doc`, or its bundle's name pushed on `need`.
    pub(crate) fn stored(&self, doc: u32, need: &mut Vec<String>) -> Option<&StoredDoc> {
        let (b, i) = self.bundle_of(doc)?;
        match &self.bundles[b] {
            Some(docs) => docs.get(i),
            None => {
                push_once(
                    need,
                    format::bundle_name(Kind::Bundle, self.manifest.bundles.set, b as u32),
                );
                None
            }
        }
    }

    /// Tail bundle `t`, if loaded.
    pub(super) fn loaded_tail(&self, t: u32) -> Option<&[StoredTail]> {
        self.tails.iter().find(|x| x.0 == t).map(|x| x.1.as_slice())
    }

    /// Part `part` of document `doc`'s tail, from tail bundle `t`, or the bundle's name pushed on
    /// `need`.
    pub(crate) fn tail(
        &self,
        doc: u32,
        part: u32,
        t: u32,
        need: &mut Vec<String>,
    ) -> Result<Option<&StoredTail>, Error> {
        // A bundle past the manifest's count is asked for like any other, and refused by
        // `add_file` as a file of no slot.
        let name = || format::bundle_name(Kind::Tail, self.manifest.bundles.set, t);
        match self.loaded_tail(t) {
            None => {
                push_once(need, name());
                Ok(None)
            }
            Some(tails) => match tails.iter().find(|x| x.doc == doc && x.part == part) {
                Some(x) => Ok(Some(x)),
                None => Err(Error::corrupt(&name(), "a document's tail is missing")),
            },
        }
    }

    /// Facet `i`'s values, or its name pushed on `need`.
    pub(crate) fn facet(&self, i: usize, need: &mut Vec<String>) -> Option<&[(String, Vec<u32>)]> {
        let f = self.facets[i].as_deref();
        if f.is_none() {
            push_once(
                need,
                format::file_name(Kind::Facet, self.manifest.facets[i].file.hash),
            );
        }
        f
    }

    /// Sort key `i`'s ranks, or its name pushed on `need`.
    pub(crate) fn sort(&self, i: usize, need: &mut Vec<String>) -> Option<&[u32]> {
        let f = self.sorts[i].as_deref();
        if f.is_none() {
            push_once(
                need,
                format::file_name(Kind::Sort, self.manifest.sorts[i].file.hash),
            );
        }
        f
    }
}

fn push_once(need: &mut Vec<String>, name: String) {
    if !need.contains(&name) {
        need.push(name);
    }
}
