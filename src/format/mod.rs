//! The index format: what `scry` writes and every reader reads.
//!
//! An index is a folder of immutable files. Each is gzip-compressed on disk and on the wire (the
//! browser inflates it with `DecompressionStream`, so no decompressor ships in the wasm), bundles of
//! large sites with a dictionary (see `d-<hash>.bin` below); everything below describes the bytes
//! *after* inflating.
//!
//! ```text
//! every file
//! +--------+---------+------+--------------------------------------------+
//! | "SCRY" | version | kind | payload (postcard; integers are varints)   |
//! | 4 B    | u16 LE  | u8   |                                            |
//! +--------+---------+------+--------------------------------------------+
//!
//! manifest.bin   kind 'M'  fetched first; size independent of the number of documents
//!   build: u64                 id of this build; every other file must agree with it
//!   tokenizer: TokenizerConfig queries are cut exactly as the corpus was
//!   fields: [FieldSpec]        name + BM25F weight; field 0 is the title
//!   documents: u32, avg_len: [f32]   corpus statistics for BM25F
//!   shards: [ShardRef]         range start, content hash, size: term ranges, in order
//!   bundles: BundleTable       documents per bundle (u16 each: ~1 byte per ~10 documents),
//!                              the number of tail bundles, the dictionary's hash (0: none)
//!   facets, sorts: [FileRef]   one file per facet / sort key
//!   norms: [u8]                empty (norms stored per hit in the shards), or fields × documents
//!                              norms, field after field (sites of up to a few thousand pages)
//!   inline: bytes              small corpora: the other files, embedded: a varint count, then
//!                              per file its name and its inflated bytes (each a varint length
//!                              and the bytes; read by hand, see varint::Cursor)
//!
//! t-<hash>.bin   kind 'T'  a term shard: an fst::Map (term -> ordinal) and the postings of its
//!                          terms, stored by column (see [`shard`]): doc ids, field masks, term
//!                          frequencies, one-byte length norms (of fields without a norms table
//!                          in the manifest), stems
//! p-<hash>.bin   kind 'P'  the positions of a shard's entries, named by the shard's hash and
//!                          checked against it: fetched only for phrases and proximity
//!
//! b<i>-<set>.bin kind 'B'  documents' stored fields (url, title, spans, meta), several per file;
//!                          <set> is a hash over all bundles of the build, so names need no per-file
//!                          table in the manifest. A long document keeps only its first KiBs
//!                          here (its head) and says which tail bundle holds the rest
//! x<i>-<set>.bin kind 'X'  the rest of long documents' text in parts of a few KiB (doc id, part,
//!                          text); a head lists its parts with the position each starts at, so
//!                          a result whose title and head hold no match fetches the shards'
//!                          positions and then just the part holding its best match
//! d-<hash>.bin             not an index structure: the raw bytes of a deflate dictionary the
//!                          bundles above were compressed with (large sites only). Such a bundle
//!                          is not gzip but "SCRD", the dictionary's file name (a length byte,
//!                          then the name) and raw deflate data that refers back into the
//!                          dictionary; readers inflate it behind a stored block holding the
//!                          dictionary (see `index::dict`). The manifest names it, so the browser
//!                          fetches it alongside a first result's bundle.
//! f-<hash>.bin   kind 'F'  a facet: per value, its sorted doc ids (delta varints)
//! o-<hash>.bin   kind 'O'  a sort key: per document, its rank (u32::MAX: no value)
//! ```
//!
//! Content-hashed names can be cached forever. The reader checks each file's hash (or, for bundles, its
//! build id and index) against the manifest and rejects a file from another build instead of giving
//! wrong answers.

pub mod postings;
pub mod shard;
pub mod varint;

pub use shard::{PositionsData, ShardData};

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::document::FieldSpec;
use crate::error::Error;
use crate::hash::hash64;
use crate::tokenize::TokenizerConfig;

/// The first four bytes of every (inflated) index file.
pub const MAGIC: &[u8; 4] = b"SCRY";
/// The version of the byte layout described above. Bump it on any incompatible change.
/// 3: bundles compressed with a shared deflate dictionary, per-document norms in the manifest (2: a long document's tail stored in
/// parts located by token position; 1: one tail per document).
pub const VERSION: u16 = 3;
/// The manifest's file name: the one name a reader must know.
pub const MANIFEST: &str = "manifest.bin";

/// Which structure a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The manifest.
    Manifest = b'M' as isize,
    /// A term shard.
    Shard = b'T' as isize,
    /// The positions of a term shard.
    Positions = b'P' as isize,
    /// A bundle of stored documents.
    Bundle = b'B' as isize,
    /// A bundle of long documents' tails.
    Tail = b'X' as isize,
    /// A facet's value sets.
    Facet = b'F' as isize,
    /// A sort key's ranks.
    Sort = b'O' as isize,
}

/// A file the manifest lists by content hash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileRef {
    /// Hash of the inflated bytes ([`content_hash`]); also names the file.
    pub hash: u64,
    /// Inflated size in bytes.
    pub size: u32,
}

/// A term shard: the terms from `first` up to the next shard's `first`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardRef {
    /// Where the shard's term range starts: the shortest prefix of its first term that sorts after
    /// the previous shard's last term (empty for the first shard).
    pub first: String,
    /// The shard file.
    pub file: FileRef,
    /// Inflated size of its positions file (named and checked by the shard's hash).
    pub positions_size: u32,
}

/// A facet or sort key and its file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedFile {
    /// The facet's or sort key's name.
    pub name: String,
    /// Its file.
    pub file: FileRef,
}

/// Where each document's stored fields are: bundle `i` holds the next `counts[i]` documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BundleTable {
    /// Hash over all bundles of this build: part of every bundle's name.
    pub set: u64,
    /// Documents per bundle, in doc id order.
    pub counts: Vec<u16>,
    /// Number of tail bundles.
    pub tails: u32,
    /// Content hash of the deflate dictionary the bundles were compressed with (0: none); see
    /// [`dictionary_name`].
    pub dictionary: u64,
}

/// The manifest: everything a reader needs before the first query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Id of this build.
    pub build: u64,
    /// How text was cut.
    pub tokenizer: TokenizerConfig,
    /// Text fields and weights; field 0 is the title.
    pub fields: Vec<FieldSpec>,
    /// Number of documents.
    pub documents: u32,
    /// Average length (tokens) of each field over all documents.
    pub avg_len: Vec<f32>,
    /// Term shards, in term order.
    pub shards: Vec<ShardRef>,
    /// Stored-field bundles.
    pub bundles: BundleTable,
    /// Facets.
    pub facets: Vec<NamedFile>,
    /// Sort keys.
    pub sorts: Vec<NamedFile>,
    /// Empty when norms are stored per hit in the shards; else every document's norm in every
    /// field (see [`postings::encode_norm`]), field after field: on sites small enough for the
    /// table to be cheap to fetch.
    pub norms: Vec<u8>,
    /// Small corpora: the other files embedded, `(name, inflated bytes)`.
    pub inline: Vec<u8>,
}

/// One stored span of a document (see [`crate::Span`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredSpan {
    /// Field id.
    pub field: u8,
    /// Section anchor, if this span starts one.
    pub anchor: Option<String>,
    /// The text.
    pub text: String,
}

/// A document's stored fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDoc {
    /// Result URL.
    pub url: String,
    /// Title.
    pub title: String,
    /// Text spans, in reading order.
    pub spans: Vec<StoredSpan>,
    /// Stored metadata.
    pub meta: Vec<(String, String)>,
    /// For a long document, the tail bundle of each part of the rest of its text, in order (see
    /// [`crate::index`]'s bundles module); `spans` then hold only its first few KiB.
    pub tail: Vec<u32>,
    /// The position of each tail part's first token: a reader finds which part holds a match from
    /// the match's positions.
    pub tail_starts: Vec<u32>,
}

/// A part of the rest of a long document's text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredTail {
    /// The document.
    pub doc: u32,
    /// Which part of the document's tail (0: the text right after the head).
    pub part: u32,
    /// The first span continues the previous part's last span (the cut fell inside it).
    pub continues: bool,
    /// The part's spans.
    pub spans: Vec<StoredSpan>,
}

// A bundle's payload is written by hand (the builder streams it):
// `set varint | index varint | check varint (hash of the docs' bytes) | count varint | StoredDoc…`,
// which is also the postcard encoding of `(u64, u32, u64, Vec<StoredDoc>)`.

/// A facet's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetData {
    /// Values in sorted order with their doc ids (delta varints).
    pub values: Vec<(String, Vec<u8>)>,
}

/// A sort key's payload: per document its rank (ascending order), `u32::MAX` when it has no value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SortData {
    /// Ranks, indexed by doc id.
    pub ranks: Vec<u32>,
}

/// Whether `name` can be an index file's name: a plain name, never a path (no separator, nothing
/// hidden or relative such as `..`), so reading it can never leave the index folder.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.')
}

/// The file name of a content-hashed file of `kind`.
pub fn file_name(kind: Kind, hash: u64) -> String {
    let letter = match kind {
        Kind::Manifest => return MANIFEST.to_string(),
        Kind::Shard => 't',
        Kind::Positions => 'p',
        Kind::Bundle => 'b',
        Kind::Tail => 'x',
        Kind::Facet => 'f',
        Kind::Sort => 'o',
    };
    name(letter, None, hash)
}

/// The file name of bundle `index` (of heads, or of tails) of the bundle set `set`.
pub fn bundle_name(kind: Kind, set: u64, index: u32) -> String {
    let letter = if kind == Kind::Tail { 'x' } else { 'b' };
    name(letter, Some(index), set & 0xffff_ffff_ffff)
}

/// The file name of the deflate dictionary with content hash `hash`: `d-<hash>.bin`.
pub fn dictionary_name(hash: u64) -> String {
    name('d', None, hash)
}

/// `<letter>[index]-<hash as 12 or more hex digits>.bin`, written by hand (`format!` would pull
/// `core::fmt` into the wasm module).
fn name(letter: char, index: Option<u32>, hash: u64) -> String {
    let mut out = String::with_capacity(24);
    out.push(letter);
    if let Some(index) = index {
        crate::json::push_u64(&mut out, u64::from(index));
    }
    out.push('-');
    crate::json::push_hex(&mut out, hash, 12);
    out.push_str(".bin");
    out
}

/// Serializes `value` as a file of `kind`: header + postcard payload (not yet compressed).
pub fn encode<T: Serialize>(kind: Kind, value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.push(kind as u8);
    // Serializing plain data into a Vec cannot fail.
    postcard::to_extend(value, out).unwrap_or_default()
}

/// Checks the header of `bytes` (named `file` in errors) and decodes a payload of `kind`.
pub fn decode<T: DeserializeOwned>(file: &str, kind: Kind, bytes: &[u8]) -> Result<T, Error> {
    postcard::from_bytes(payload(file, kind, bytes)?).map_err(|e| postcard_error(file, e))
}

/// A payload that does not decode, said without postcard's `Display` (which would pull `core::fmt`
/// into the wasm module).
pub(crate) fn postcard_error(file: &str, e: postcard::Error) -> Error {
    use postcard::Error as E;
    Error::corrupt(
        file,
        match e {
            E::DeserializeUnexpectedEnd => "payload ends too soon",
            E::DeserializeBadVarint => "payload has a bad varint",
            E::DeserializeBadUtf8 => "payload has invalid UTF-8",
            _ => "payload does not decode",
        },
    )
}

/// Checks magic bytes, format version and kind; returns the payload after the header.
pub fn payload<'a>(file: &str, kind: Kind, bytes: &'a [u8]) -> Result<&'a [u8], Error> {
    check_header(file, bytes)?;
    if bytes[6] != kind as u8 {
        let mut detail = String::from("holds a '");
        detail.push(bytes[6] as char);
        detail.push_str("' file where a '");
        detail.push(kind as u8 as char);
        detail.push_str("' file was expected");
        return Err(Error::corrupt(file, detail));
    }
    Ok(&bytes[7..])
}

/// Checks magic bytes and format version.
fn check_header(file: &str, bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() < 4 || &bytes[..4] != MAGIC {
        return Err(Error::NotAnIndexFile {
            file: file.to_string(),
        });
    }
    if bytes.len() < 7 {
        return Err(Error::corrupt(file, "truncated header"));
    }
    let got = u16::from_le_bytes([bytes[4], bytes[5]]);
    if got != VERSION {
        return Err(Error::Version {
            file: file.to_string(),
            expected: VERSION,
            got,
        });
    }
    Ok(())
}

/// The hash that names and checks a file: 48 bits of [`hash64`] — plenty to tell one site's files
/// apart, and 3 bytes shorter per file in the manifest than 64.
pub fn content_hash(bytes: &[u8]) -> u64 {
    hash64(bytes) & 0xffff_ffff_ffff
}

/// Checks that `bytes` are the file `reference` describes.
pub fn verify(file: &str, reference: &FileRef, bytes: &[u8]) -> Result<(), Error> {
    check_header(file, bytes)?;
    if bytes.len() != reference.size as usize || content_hash(bytes) != reference.hash {
        return Err(Error::OtherBuild {
            file: file.to_string(),
        });
    }
    Ok(())
}
