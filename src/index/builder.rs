//! The streaming index builder: add documents in order, `finish` into files.
//!
//! Postings grow per term in memory; past a memory budget the builder writes them out as a sorted run
//! and starts afresh ([`spill`](super::spill)), and `finish` merges the runs, so memory stays bounded
//! however large the corpus. Stored fields go to a temporary file as they come and are emitted as
//! bundles at the end, when the bundle set's name is known.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

use flate2::write::GzEncoder;
use flate2::Compression;

use super::bundles::Stored;
use super::dict;
use super::prepare::{PreparedDocument, Preparer};
use super::spill::{RunWriter, TermBuf, TermStream};
use crate::document::{Document, FieldId, FieldSpec};
use crate::error::Error;
use crate::format::{
    self, postings, varint, BundleTable, FacetData, FileRef, Kind, Manifest, NamedFile,
    PositionsData, ShardData, ShardRef, SortData,
};
use crate::hash::hash64;
use crate::tokenize::{Tokenizer, TokenizerConfig};

/// At most this many text fields (the postings' field mask is 16 bits).
pub const MAX_FIELDS: usize = 16;

/// How to build.
#[derive(Clone, Debug)]
pub struct BuilderConfig {
    /// Tokenizer settings, stored in the manifest.
    pub tokenizer: TokenizerConfig,
    /// Text fields; field 0 is the title. More can be added with [`Builder::add_field`].
    pub fields: Vec<FieldSpec>,
    /// Target size of a term shard before compression. One query fetches a shard per term.
    pub shard_target_bytes: usize,
    /// Target size of a bundle of stored documents before compression.
    pub bundle_target_bytes: usize,
    /// Postings kept in memory before a sorted run is spilled to disk.
    pub memory_budget_bytes: usize,
    /// Where spill files go (default: the system's temporary folder).
    pub spill_dir: Option<PathBuf>,
    /// When all files together are at most this large (inflated), they are embedded in the manifest
    /// and the index is a single file.
    pub inline_limit_bytes: usize,
    /// Size of the deflate dictionary trained on the stored documents (0: none). It is used only
    /// when the stored documents are at least [`DICTIONARY_USE`] times larger.
    pub dictionary_bytes: usize,
}

/// At most this many bytes of per-document norms go in the manifest (every first search fetches
/// them): 5,461 documents with the three fields of a site, fewer with more fields.
pub const DOC_NORMS_LIMIT: usize = 16 * 1024;

/// A dictionary is trained only for stored documents this many times its size or more: below, the
/// bytes it saves hardly pay for fetching it.
pub const DICTIONARY_USE: usize = 64;

impl Default for BuilderConfig {
    fn default() -> BuilderConfig {
        BuilderConfig {
            tokenizer: TokenizerConfig::default(),
            fields: FieldSpec::defaults(),
            shard_target_bytes: 8 * 1024,
            bundle_target_bytes: 4 * 1024,
            memory_budget_bytes: 512 << 20,
            spill_dir: None,
            inline_limit_bytes: 24 * 1024,
            dictionary_bytes: 8 * 1024,
        }
    }
}

/// Figures about a finished build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Documents indexed.
    pub documents: u64,
    /// Distinct terms.
    pub terms: u64,
    /// Term shards written.
    pub shards: u64,
    /// Bundles of stored documents written.
    pub bundles: u64,
    /// Files written, the manifest included.
    pub files: u64,
    /// Bytes written (compressed).
    pub bytes: u64,
    /// Sorted runs spilled to disk while building.
    pub spilled_runs: u64,
}

/// Builds an index: add documents in order, then [`Builder::finish`] writes the files. Postings past
/// the memory budget are written out as sorted runs that `finish` merges, so memory stays bounded
/// however large the corpus.
pub struct Builder {
    config: BuilderConfig,
    tokenizer: Tokenizer,
    next_doc: u32,
    terms: HashMap<String, TermBuf>,
    memory: usize,
    runs: Vec<RunWriter>,
    field_len_sums: Vec<u64>,
    /// Per field, each document's norm.
    doc_norms: Vec<Vec<u8>>,
    stored: Stored,
    facets: BTreeMap<String, BTreeMap<String, Vec<u32>>>,
    sorts: BTreeMap<String, Vec<(u32, String)>>,
    scratch: Vec<u8>,
}

impl Builder {
    /// A builder with these settings.
    pub fn new(config: BuilderConfig) -> Result<Builder, Error> {
        if config.fields.is_empty() || config.fields.len() > MAX_FIELDS {
            return Err(Error::build(format!(
                "between 1 and {MAX_FIELDS} fields are needed"
            )));
        }
        let dir = config.spill_dir.clone().unwrap_or_else(std::env::temp_dir);
        let stored = Stored::new(
            tempfile_in(&dir)?,
            tempfile_in(&dir)?,
            config.bundle_target_bytes as u64,
        );
        Ok(Builder {
            tokenizer: Tokenizer::new(&config.tokenizer),
            field_len_sums: vec![0; config.fields.len()],
            doc_norms: vec![Vec::new(); config.fields.len()],
            config,
            next_doc: 0,
            terms: HashMap::new(),
            memory: 0,
            runs: Vec::new(),
            stored,
            facets: BTreeMap::new(),
            sorts: BTreeMap::new(),
            scratch: Vec::new(),
        })
    }

    /// Adds a text field and returns its id.
    pub fn add_field(&mut self, spec: FieldSpec) -> Result<FieldId, Error> {
        if let Some(i) = self.config.fields.iter().position(|f| f.name == spec.name) {
            return Ok(i as FieldId);
        }
        if self.config.fields.len() >= MAX_FIELDS {
            return Err(Error::build(format!(
                "at most {MAX_FIELDS} fields are supported"
            )));
        }
        self.config.fields.push(spec);
        self.field_len_sums.push(0);
        self.doc_norms.push(vec![0; self.next_doc as usize]);
        Ok((self.config.fields.len() - 1) as FieldId)
    }

    /// The fields so far.
    pub fn fields(&self) -> &[FieldSpec] {
        &self.config.fields
    }

    /// A tokenizing handle for preparing documents on other threads.
    pub fn preparer(&self) -> Preparer {
        Preparer::new(self.tokenizer.clone())
    }

    /// Tokenizes and adds `doc`; returns its doc id.
    pub fn add(&mut self, doc: Document) -> Result<u32, Error> {
        let prepared = self.preparer().prepare(doc);
        self.add_prepared(prepared)
    }

    /// Adds a document prepared by a [`Preparer`]; returns its doc id.
    pub fn add_prepared(&mut self, doc: PreparedDocument) -> Result<u32, Error> {
        let id = self.next_doc;
        if id == u32::MAX {
            return Err(Error::build("more than 4 billion documents"));
        }
        let nfields = self.config.fields.len();
        if let Some((f, _)) = doc.field_lens.iter().find(|(f, _)| *f as usize >= nfields) {
            return Err(Error::build(format!(
                "document {} uses field {f}, which was not declared",
                doc.stored.url
            )));
        }
        let mut norms = [0u8; MAX_FIELDS];
        for &(f, len) in &doc.field_lens {
            norms[f as usize] = postings::encode_norm(len);
            self.field_len_sums[f as usize] += u64::from(len);
        }
        for (f, table) in self.doc_norms.iter_mut().enumerate() {
            table.push(norms[f]);
        }
        let mut hits = Vec::new();
        for t in doc.terms {
            hits.clear();
            for &(field, tf) in &t.hits {
                if field as usize >= nfields {
                    continue;
                }
                hits.push(postings::FieldHit {
                    field,
                    tf,
                    norm: norms[field as usize],
                });
            }
            let buf = match self.terms.get_mut(&t.term) {
                Some(b) => b,
                None => {
                    self.memory += t.term.len() + 96;
                    self.terms.entry(t.term).or_insert_with(|| TermBuf::new(id))
                }
            };
            let before = buf.bytes.capacity();
            let delta = if buf.df == 0 { id } else { id - buf.last_doc };
            postings::put_entry(
                &mut buf.bytes,
                delta,
                &hits,
                &t.positions,
                &mut self.scratch,
            );
            buf.df += 1;
            buf.last_doc = id;
            self.memory += buf.bytes.capacity() - before;
        }
        for (name, value) in doc.facets {
            let docs = self
                .facets
                .entry(name)
                .or_default()
                .entry(value)
                .or_default();
            if docs.last() != Some(&id) {
                docs.push(id);
            }
        }
        for (name, value) in doc.sort_keys {
            let keys = self.sorts.entry(name).or_default();
            if keys.last().map(|(d, _)| *d) != Some(id) {
                keys.push((id, value));
            }
        }
        self.stored.add(id, &doc.stored, &doc.cuts)?;
        self.next_doc += 1;
        if self.memory > self.config.memory_budget_bytes {
            self.spill()?;
        }
        Ok(id)
    }

    fn spill(&mut self) -> Result<(), Error> {
        let dir = self
            .config
            .spill_dir
            .clone()
            .unwrap_or_else(std::env::temp_dir);
        let mut terms: Vec<(String, TermBuf)> =
            std::mem::take(&mut self.terms).into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        self.runs.push(RunWriter::write(&dir, terms)?);
        self.memory = 0;
        Ok(())
    }

    /// Writes every file through `sink(name, gzip bytes)`, the manifest last.
    pub fn finish(
        mut self,
        sink: &mut dyn FnMut(&str, &[u8]) -> std::io::Result<()>,
    ) -> Result<BuildStats, Error> {
        let mut out = Output::new(sink, self.config.inline_limit_bytes);
        let mut stats = BuildStats {
            documents: u64::from(self.next_doc),
            spilled_runs: self.runs.len() as u64,
            ..BuildStats::default()
        };

        // Terms: merge the spilled runs with what is still in memory, cut into shards.
        let mut memory_terms: Vec<(String, TermBuf)> =
            std::mem::take(&mut self.terms).into_iter().collect();
        memory_terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let runs = std::mem::take(&mut self.runs);
        let mut stream = TermStream::new(runs, memory_terms)?;
        let mut shards: Vec<ShardRef> = Vec::new();
        // Small sites: every document's norms in the manifest, none in the shards.
        let doc_norms = self.doc_norms.iter().map(Vec::len).sum::<usize>() <= DOC_NORMS_LIMIT;
        let mut shard = ShardAcc::new(&self.tokenizer, doc_norms);
        // The last term of the shard before: a shard's range starts at the shortest prefix of its
        // first term that sorts after it (what the manifest lists, for every query to fetch).
        let mut last = String::new();
        while let Some((term, df, postings)) = stream.next_term()? {
            stats.terms += 1;
            if shard.bytes >= self.config.shard_target_bytes && !shard.terms.is_empty() {
                let done = std::mem::replace(&mut shard, ShardAcc::new(&self.tokenizer, doc_norms));
                last = done.terms.last().cloned().unwrap_or_default();
                shards.push(done.emit(&mut out)?);
            }
            if shard.terms.is_empty() && !shards.is_empty() {
                shard.start = separator(&last, &term).to_string();
            }
            shard.push(term, df, &postings)?;
        }
        if !shard.terms.is_empty() || shards.is_empty() {
            shards.push(shard.emit(&mut out)?);
        }
        stats.shards = shards.len() as u64;

        let mut facets = Vec::new();
        for (name, values) in std::mem::take(&mut self.facets) {
            let values = values
                .into_iter()
                .map(|(v, docs)| (v, encode_doc_set(&docs)))
                .collect();
            let bytes = format::encode(Kind::Facet, &FacetData { values });
            facets.push(NamedFile {
                name,
                file: out.file(Kind::Facet, &bytes)?,
            });
        }
        let mut sorts = Vec::new();
        for (name, keys) in std::mem::take(&mut self.sorts) {
            let ranks = sort_ranks(self.next_doc, keys);
            let bytes = format::encode(Kind::Sort, &SortData { ranks });
            sorts.push(NamedFile {
                name,
                file: out.file(Kind::Sort, &bytes)?,
            });
        }

        let (set, dictionary) = self.emit_bundles(&mut out)?;
        stats.bundles =
            (self.stored.heads.counts().len() + self.stored.tails.counts().len()) as u64;

        let documents = self.next_doc;
        let avg_len = self
            .field_len_sums
            .iter()
            .map(|&s| {
                if documents == 0 {
                    0.0
                } else {
                    (s as f64 / f64::from(documents)) as f32
                }
            })
            .collect();
        let mut manifest = Manifest {
            build: 0,
            tokenizer: self.config.tokenizer.clone(),
            fields: self.config.fields.clone(),
            documents,
            avg_len,
            shards,
            bundles: BundleTable {
                set,
                counts: self.stored.heads.counts().to_vec(),
                tails: self.stored.tails.counts().len() as u32,
                dictionary,
            },
            facets,
            sorts,
            norms: if doc_norms && documents > 0 {
                std::mem::take(&mut self.doc_norms).concat()
            } else {
                Vec::new()
            },
            inline: Vec::new(),
        };
        manifest.inline = out.take_inline();
        let mut ids = Vec::new();
        for s in &manifest.shards {
            ids.extend_from_slice(&s.file.hash.to_le_bytes());
        }
        ids.extend_from_slice(&set.to_le_bytes());
        for f in manifest.facets.iter().chain(&manifest.sorts) {
            ids.extend_from_slice(&f.file.hash.to_le_bytes());
        }
        manifest.build = hash64(&ids);
        let bytes = format::encode(Kind::Manifest, &manifest);
        out.write(format::MANIFEST, &bytes, true)?;
        stats.files = out.files;
        stats.bytes = out.bytes;
        Ok(stats)
    }

    /// Writes the bundles of heads and tails, compressed with a dictionary trained on them when
    /// they are large enough; returns the bundle set's id and the dictionary's hash (0: none).
    fn emit_bundles(&mut self, out: &mut Output<'_>) -> Result<(u64, u64), Error> {
        let heads = self.stored.heads.finish()?;
        let tails = self.stored.tails.finish()?;
        let all: Vec<u8> = heads
            .iter()
            .chain(&tails)
            .flat_map(|c| c.to_le_bytes())
            .collect();
        let set = hash64(&all);
        let size = self.config.dictionary_bytes;
        let total = self.stored.heads.bytes() + self.stored.tails.bytes();
        let dict = if size > 0 && total >= (size * DICTIONARY_USE) as u64 {
            self.train_dictionary(total, size)?
        } else {
            Vec::new()
        };
        let mut hash = 0;
        if dict.is_empty() {
            let mut write = |name: &str, bytes: &[u8]| out.write(name, bytes, false);
            self.stored.emit(set, &heads, &tails, &mut write)?;
        } else {
            hash = format::content_hash(&dict);
            let dict_name = format::dictionary_name(hash);
            // The dictionary and the bundles are files of their own, never embedded.
            out.stream()?;
            out.write(&dict_name, &dict, false)?;
            // Deflating at the best level is the costliest step of a build: batches of bundles
            // are compressed on every core, written in order.
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
            let batch = 16 * threads;
            let mut pending: Vec<(String, Vec<u8>)> = Vec::with_capacity(batch);
            let mut write = |name: &str, bytes: &[u8]| {
                pending.push((name.to_string(), bytes.to_vec()));
                if pending.len() < batch {
                    return Ok(());
                }
                compress_batch(&mut pending, &dict, &dict_name, threads, out)
            };
            self.stored.emit(set, &heads, &tails, &mut write)?;
            compress_batch(&mut pending, &dict, &dict_name, threads, out)?;
        }
        Ok((set, hash))
    }

    /// Trains the bundles' dictionary on at most [`dict::SAMPLE_LIMIT`] bytes of them, every n-th
    /// bundle of heads and tails.
    fn train_dictionary(&mut self, total: u64, size: usize) -> Result<Vec<u8>, Error> {
        let every = total.div_ceil(dict::SAMPLE_LIMIT as u64).max(1) as usize;
        let mut samples: Vec<Vec<u8>> = Vec::new();
        for seq in [&mut self.stored.heads, &mut self.stored.tails] {
            seq.each(|i, bytes| {
                if i % every == 0 {
                    samples.push(bytes.to_vec());
                }
            })?;
        }
        let refs: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
        Ok(dict::train(&refs, size))
    }
}

/// Compresses `pending` bundles with the dictionary on `threads` threads and writes them, in order.
fn compress_batch(
    pending: &mut Vec<(String, Vec<u8>)>,
    dict: &[u8],
    dict_name: &str,
    threads: usize,
    out: &mut Output<'_>,
) -> Result<(), Error> {
    let chunk = pending.len().div_ceil(threads).max(1);
    let compressed: Vec<std::io::Result<Vec<u8>>> = std::thread::scope(|s| {
        let workers: Vec<_> = pending
            .chunks(chunk)
            .map(|c| {
                s.spawn(move || {
                    c.iter()
                        .map(|(_, bytes)| dict::deflate(dict, bytes))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for ((name, _), z) in pending.drain(..).zip(compressed) {
        out.write_compressed(&name, &dict::frame(dict_name, &z.map_err(io)?))?;
    }
    Ok(())
}

fn io(e: std::io::Error) -> Error {
    Error::io("scry could not use its temporary files", e)
}

fn tempfile_in(dir: &std::path::Path) -> Result<File, Error> {
    super::spill::anonymous_file(dir)
}

/// Encodes sorted, distinct doc ids as delta varints.
pub(crate) fn encode_doc_set(docs: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len());
    let mut prev = 0;
    for (i, &d) in docs.iter().enumerate() {
        varint::put(&mut out, u64::from(if i == 0 { d } else { d - prev }));
        prev = d;
    }
    out
}

/// Ranks documents by a sort key: numeric when every value parses as a number, else by string.
fn sort_ranks(documents: u32, mut keys: Vec<(u32, String)>) -> Vec<u32> {
    let numeric = keys
        .iter()
        .all(|(_, v)| v.trim().parse::<f64>().is_ok_and(|x| x.is_finite()));
    if numeric {
        keys.sort_by(|a, b| {
            let (x, y) = (
                a.1.trim().parse::<f64>().unwrap_or(0.0),
                b.1.trim().parse::<f64>().unwrap_or(0.0),
            );
            x.total_cmp(&y).then(a.0.cmp(&b.0))
        });
    } else {
        keys.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    }
    let mut ranks = vec![u32::MAX; documents as usize];
    for (rank, (doc, _)) in keys.iter().enumerate() {
        ranks[*doc as usize] = rank as u32;
    }
    ranks
}

struct ShardAcc<'t> {
    tokenizer: &'t Tokenizer,
    /// Where the shard's term range starts (empty for the first shard).
    start: String,
    terms: Vec<String>,
    data: ShardData,
    positions: PositionsData,
    bytes: usize,
    /// Whether the manifest lists norms per document.
    doc_norms: bool,
}

impl<'t> ShardAcc<'t> {
    fn new(tokenizer: &'t Tokenizer, doc_norms: bool) -> ShardAcc<'t> {
        ShardAcc {
            tokenizer,
            doc_norms,
            start: String::new(),
            terms: Vec::new(),
            data: ShardData::default(),
            positions: PositionsData::default(),
            bytes: 0,
        }
    }

    /// Adds a term: its `df` and its interleaved entries, as the builder accumulated them,
    /// re-encoded into the shard's columns as they are read.
    fn push(&mut self, term: String, df: u32, entries: &[u8]) -> Result<(), Error> {
        let before = self.positions.positions.len();
        self.data
            .push_term(&mut self.positions, df, entries, self.doc_norms)
            .ok_or_else(|| Error::build(format!("postings of {term:?} do not decode")))?;
        // The target counts what a query without phrases downloads: everything but positions.
        let positions = self.positions.positions.len() - before;
        if let Some(stem) = self.tokenizer.stem(&term) {
            self.data.push_stem(&term, &stem);
        }
        self.bytes += (entries.len() + term.len()).saturating_sub(positions);
        self.terms.push(term);
        Ok(())
    }

    fn emit(self, out: &mut Output<'_>) -> Result<ShardRef, Error> {
        let mut builder = fst::MapBuilder::memory();
        for (ordinal, term) in self.terms.iter().enumerate() {
            builder
                .insert(term, ordinal as u64)
                .map_err(|e| Error::encode("term order", e))?;
        }
        let mut data = self.data;
        data.fst = builder.into_inner().map_err(|e| Error::encode("", e))?;
        let bytes = format::encode(Kind::Shard, &data);
        let file = out.file(Kind::Shard, &bytes)?;
        let mut positions = self.positions;
        positions.shard = file.hash;
        positions.check = hash64(&positions.positions);
        let positions = format::encode(Kind::Positions, &positions);
        out.write(
            &format::file_name(Kind::Positions, file.hash),
            &positions,
            false,
        )?;
        Ok(ShardRef {
            first: self.start,
            file,
            positions_size: positions.len() as u32,
        })
    }
}

/// The shortest prefix of `next` that sorts after `last` (`last` < `next`): where `next`'s shard
/// starts. A term between the two cannot exist in either shard, so any such string splits them.
fn separator<'a>(last: &str, next: &'a str) -> &'a str {
    next.char_indices()
        .map(|(i, c)| &next[..i + c.len_utf8()])
        .find(|prefix| *prefix > last)
        .unwrap_or(next)
}

/// Writes files through the sink, compressing them; holds them back while the index may still fit
/// inline in the manifest.
struct Output<'a> {
    sink: &'a mut dyn FnMut(&str, &[u8]) -> std::io::Result<()>,
    held: Vec<(String, Vec<u8>)>,
    held_bytes: usize,
    inline_limit: usize,
    streaming: bool,
    files: u64,
    bytes: u64,
}

impl<'a> Output<'a> {
    fn new(
        sink: &'a mut dyn FnMut(&str, &[u8]) -> std::io::Result<()>,
        inline_limit: usize,
    ) -> Output<'a> {
        Output {
            sink,
            held: Vec::new(),
            held_bytes: 0,
            inline_limit,
            streaming: inline_limit == 0,
            files: 0,
            bytes: 0,
        }
    }

    /// Writes a content-named file and returns its reference.
    fn file(&mut self, kind: Kind, bytes: &[u8]) -> Result<FileRef, Error> {
        let hash = format::content_hash(bytes);
        self.write(&format::file_name(kind, hash), bytes, false)?;
        Ok(FileRef {
            hash,
            size: bytes.len() as u32,
        })
    }

    fn write(&mut self, name: &str, bytes: &[u8], last: bool) -> Result<(), Error> {
        if !self.streaming && !last {
            self.held_bytes += bytes.len();
            self.held.push((name.to_string(), bytes.to_vec()));
            if self.held_bytes <= self.inline_limit {
                return Ok(());
            }
            return self.stream();
        }
        self.emit(name, bytes)
    }

    /// Stops embedding: files held so far and every later one are written out.
    fn stream(&mut self) -> Result<(), Error> {
        self.streaming = true;
        for (name, bytes) in std::mem::take(&mut self.held) {
            self.emit(&name, &bytes)?;
        }
        Ok(())
    }

    /// Writes a file already compressed (call [`Output::stream`] first).
    fn write_compressed(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        debug_assert!(self.streaming);
        (self.sink)(name, bytes).map_err(|e| Error::io(format!("cannot write {name}"), e))?;
        self.files += 1;
        self.bytes += bytes.len() as u64;
        Ok(())
    }

    fn emit(&mut self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        let mut gz = GzEncoder::new(
            Vec::with_capacity(bytes.len() / 2 + 64),
            Compression::best(),
        );
        gz.write_all(bytes).map_err(io)?;
        let gz = gz.finish().map_err(io)?;
        (self.sink)(name, &gz).map_err(|e| Error::io(format!("cannot write {name}"), e))?;
        self.files += 1;
        self.bytes += gz.len() as u64;
        Ok(())
    }

    /// The held files as the manifest embeds them (see [`Manifest::inline`]); empty when none.
    fn take_inline(&mut self) -> Vec<u8> {
        let held = std::mem::take(&mut self.held);
        let mut out = Vec::new();
        if !held.is_empty() {
            varint::put(&mut out, held.len() as u64);
            for (name, bytes) in held {
                varint::put(&mut out, name.len() as u64);
                out.extend_from_slice(name.as_bytes());
                varint::put(&mut out, bytes.len() as u64);
                out.extend_from_slice(&bytes);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_site_s_norms_are_in_the_manifest_and_not_in_its_shards() {
        let mut b = Builder::new(BuilderConfig {
            inline_limit_bytes: 0,
            ..BuilderConfig::default()
        })
        .unwrap();
        for i in 0..50 {
            b.add(Document {
                url: format!("/{i}"),
                title: format!("Page {i}"),
                spans: vec![crate::Span::new(
                    crate::document::BODY,
                    format!("page {i} has words and more words, {} of them", i * 3),
                )],
                ..Document::default()
            })
            .unwrap();
        }
        let mut files = std::collections::BTreeMap::new();
        b.finish(&mut |name, gz| {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut out)?;
            files.insert(name.to_string(), out);
            Ok(())
        })
        .unwrap();
        let index = crate::Index::open(&files[format::MANIFEST]).unwrap();
        let norms = &index.manifest().norms;
        let body = crate::document::BODY as usize;
        assert_eq!(norms.len(), 3 * 50, "title, heading, body");
        assert_eq!(
            norms[body * 50 + 7],
            postings::encode_norm(10),
            "page 7 has 10 words"
        );
        assert_eq!(norms[50 + 7], 0, "no headings");
        let shard = files.keys().find(|n| n.starts_with("t-")).unwrap();
        let data: format::ShardData = format::decode(shard, Kind::Shard, &files[shard]).unwrap();
        assert!(data.norms.is_empty());
    }

    #[test]
    fn a_shard_starts_at_the_shortest_prefix_past_the_last_term() {
        assert_eq!(separator("apple", "banana"), "b");
        assert_eq!(separator("vacuum", "vacuumdb"), "vacuumd");
        assert_eq!(separator("pg_stat_all", "pg_stat_bgwriter"), "pg_stat_b");
        assert_eq!(separator("café", "cafés"), "cafés");
        assert_eq!(separator("caf", "caféine"), "café");
        assert_eq!(separator("", "a"), "a");
    }
}
