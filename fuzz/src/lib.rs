//! What the fuzz targets share: a small valid index built once per process, a way to put fuzzed
//! bytes *behind* the reader's integrity check, and a workout that runs queries and document views
//! over whatever was loaded.
//!
//! The reader checks every file's size and hash against the manifest before decoding it, so bytes
//! a fuzzer mutates are almost always turned away at that check. To reach the decoders, the shard,
//! positions, facet and sort targets rewrite the manifest so that it lists the fuzzed bytes' own
//! hash and size ([`with_file`]); the bundle target writes the bundle header (build set, index,
//! checksum) around the fuzzed payload ([`bundle_file`]). Everything else is the public API.

pub mod targets;

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::OnceLock;

use scry::document::{Document, Span, BODY, HEADING};
use scry::format::{self, varint, FileRef, Kind, Manifest, PositionsData};
use scry::hash::hash64;
use scry::query::expand::{MAX_PREFIX_TERMS, MAX_STEM_SCAN, MAX_TYPO_TERMS, MAX_TYPO_VISITS};
use scry::query::parse::{MAX_CLAUSES, MAX_PHRASE_WORDS};
use scry::query::MAX_TYPO_CLAUSES;
use scry::{Builder, BuilderConfig, Error, Filter, FilterMode, Index, SearchOptions, Searcher};
use scry::{SearchResults, TokenizerConfig};

/// The valid index the targets start from.
pub struct Base {
    /// The decoded manifest.
    pub manifest: Manifest,
    /// Every file, inflated, by name (the manifest included).
    pub files: BTreeMap<String, Vec<u8>>,
}

fn corpus() -> Vec<Document> {
    let pages = [
        (
            "/vacuum/",
            "VACUUM",
            "VACUUM reclaims storage occupied by dead tuples; run vacuum regularly.",
        ),
        (
            "/analyze/",
            "ANALYZE",
            "ANALYZE collects statistics about the contents of tables.",
        ),
        (
            "/café/",
            "Café json.dumps",
            "Connecting to the café: snake_case, camelCase and C++ identifiers.",
        ),
        (
            "/moscow/",
            "Москва 東京都",
            "Mixed scripts: москва, 東京都, naïve résumé.",
        ),
        (
            "/index/",
            "CREATE INDEX",
            "CREATE INDEX constructs an index; indexes speed up queries. Connection, connected.",
        ),
        (
            "/order/",
            "ORDER BY",
            "Sorting rows with ORDER BY; the order by clause sorts the result.",
        ),
    ];
    let mut docs: Vec<Document> = pages
        .iter()
        .enumerate()
        .map(|(i, (url, title, body))| Document {
            url: url.to_string(),
            title: title.to_string(),
            spans: vec![
                Span::anchored(HEADING, format!("Section {i}"), format!("s{i}")),
                Span::new(BODY, *body),
            ],
            meta: vec![("n".into(), i.to_string())],
            facets: vec![
                ("kind".into(), ["command", "concept"][i % 2].into()),
                ("tag".into(), format!("t{}", i % 3)),
            ],
            sort_keys: vec![("order".into(), (10 - i).to_string())],
        })
        .collect();
    // A long page: its head is stored in a bundle, the rest in a tail file, fetched only for a
    // query whose words are all past the head (`tailword`).
    let filler =
        "routine maintenance of tables and indexes keeps the planner informed. ".repeat(150);
    docs.push(Document {
        url: "/long/".into(),
        title: "A long page".into(),
        spans: vec![
            Span::new(BODY, filler),
            Span::anchored(HEADING, "Far down", "far"),
            Span::new(
                BODY,
                "tailword appears only here, after the head, with vacuum.",
            ),
        ],
        ..Document::default()
    });
    docs
}

/// The base index: one shard (so every term is in the fuzzed one), a few bundles, two facets,
/// one sort key, stems (English).
pub fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut b = Builder::new(BuilderConfig {
            tokenizer: TokenizerConfig {
                language: "en".into(),
                extra_word_chars: "+#".into(),
            },
            shard_target_bytes: 1 << 20,
            bundle_target_bytes: 200,
            inline_limit_bytes: 0,
            ..BuilderConfig::default()
        })
        .expect("builder");
        for d in corpus() {
            b.add(d).expect("add");
        }
        let mut files = BTreeMap::new();
        b.finish(&mut |name, gz| {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(gz).read_to_end(&mut out)?;
            files.insert(name.to_string(), out);
            Ok(())
        })
        .expect("finish");
        let manifest: Manifest =
            format::decode(format::MANIFEST, Kind::Manifest, &files[format::MANIFEST])
                .expect("manifest");
        Base { manifest, files }
    })
}

/// Which manifest entry the fuzzed bytes replace.
#[derive(Clone, Copy, Debug)]
pub enum Slot {
    /// The (only) term shard.
    Shard,
    /// The shard's positions: the fuzzed bytes are the position stream, wrapped in a file that
    /// names the shard and carries the stream's checksum.
    Positions,
    /// The first facet.
    Facet,
    /// The sort key.
    Sort,
}

/// An open index and the files it may ask for: the base build's, some replaced.
pub struct Fuzzed {
    /// The reader.
    pub index: Index,
    /// The query engine's state.
    pub searcher: Searcher,
    /// Files by name.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Fuzzed {
    /// The base build, nothing loaded.
    pub fn base() -> Fuzzed {
        let files = base().files.clone();
        let index = Index::open(&files[format::MANIFEST]).expect("the base manifest opens");
        Fuzzed::new(index, files)
    }

    /// `index`, with `files` to answer what it asks for.
    pub fn new(index: Index, files: BTreeMap<String, Vec<u8>>) -> Fuzzed {
        Fuzzed {
            index,
            searcher: Searcher::default(),
            files,
        }
    }

    /// The bytes of `name`, for [`Index::settle`]: an unknown name is an error, as a missing file.
    fn fetch<'a>(files: &'a BTreeMap<String, Vec<u8>>, name: &str) -> Result<&'a [u8], Error> {
        files
            .get(name)
            .map(Vec::as_slice)
            .ok_or_else(|| Error::UnknownFile {
                file: name.to_string(),
            })
    }

    /// Adds the file `name` (from [`Fuzzed::files`]).
    pub fn add(&mut self, name: &str) -> bool {
        match self.files.get(name) {
            Some(bytes) => self.index.add_file(name, bytes).is_ok(),
            None => false,
        }
    }
}

/// A positions file for the shard whose hash is `shard`, holding `stream`.
pub fn positions_file(shard: u64, stream: &[u8]) -> Vec<u8> {
    let data = PositionsData {
        shard,
        check: hash64(stream),
        positions: stream.to_vec(),
    };
    format::encode(Kind::Positions, &data)
}

/// The position stream of a real positions file.
pub fn positions_stream(file: &[u8]) -> Vec<u8> {
    format::decode::<PositionsData>("p", Kind::Positions, file)
        .map(|d| d.positions)
        .unwrap_or_default()
}

/// A manifest that lists the fuzzed `bytes` in `slot` under their own hash and size, opened, and
/// the name they go under; the shard's positions file follows a fuzzed shard. `None` when the
/// manifest has no such entry.
pub fn with_file(slot: Slot, bytes: &[u8]) -> Option<(Fuzzed, String)> {
    let mut m = base().manifest.clone();
    let mut files = base().files.clone();
    let size = u32::try_from(bytes.len()).ok()?;
    let file = FileRef {
        hash: format::content_hash(bytes),
        size,
    };
    let name = match slot {
        Slot::Shard => {
            let shard = m.shards.first_mut()?;
            let old = format::file_name(Kind::Positions, shard.file.hash);
            let stream = positions_stream(files.get(&old)?);
            let positions = positions_file(file.hash, &stream);
            shard.positions_size = u32::try_from(positions.len()).ok()?;
            files.insert(format::file_name(Kind::Positions, file.hash), positions);
            shard.file = file.clone();
            format::file_name(Kind::Shard, file.hash)
        }
        Slot::Positions => {
            let shard = m.shards.first_mut()?;
            let wrapped = positions_file(shard.file.hash, bytes);
            shard.positions_size = u32::try_from(wrapped.len()).ok()?;
            let name = format::file_name(Kind::Positions, shard.file.hash);
            files.insert(name.clone(), wrapped);
            let manifest = format::encode(Kind::Manifest, &m);
            files.insert(format::MANIFEST.to_string(), manifest);
            let index =
                Index::open(&files[format::MANIFEST]).expect("a rewritten valid manifest opens");
            return Some((Fuzzed::new(index, files), name));
        }
        Slot::Facet => {
            m.facets.first_mut()?.file = file.clone();
            format::file_name(Kind::Facet, file.hash)
        }
        Slot::Sort => {
            m.sorts.first_mut()?.file = file.clone();
            format::file_name(Kind::Sort, file.hash)
        }
    };
    files.insert(name.clone(), bytes.to_vec());
    files.insert(
        format::MANIFEST.to_string(),
        format::encode(Kind::Manifest, &m),
    );
    let index = Index::open(&files[format::MANIFEST]).expect("a rewritten valid manifest opens");
    Some((Fuzzed::new(index, files), name))
}

/// A bundle file (`kind`: [`Kind::Bundle`] or [`Kind::Tail`]) for bundle `index` of the base
/// build around `payload` (item count, then items), with the header fields the reader checks
/// filled in: build set, index, checksum.
pub fn bundle_file(kind: Kind, index: u32, payload: &[u8]) -> (String, Vec<u8>) {
    let set = base().manifest.bundles.set;
    let mut pos = 0;
    let counted = varint::get(payload, &mut pos).map_or(0, |_| pos);
    let mut out = Vec::with_capacity(payload.len() + 32);
    out.extend_from_slice(format::MAGIC);
    out.extend_from_slice(&format::VERSION.to_le_bytes());
    out.push(kind as u8);
    varint::put(&mut out, set);
    varint::put(&mut out, u64::from(index));
    varint::put(&mut out, hash64(&payload[counted..]));
    out.extend_from_slice(payload);
    (format::bundle_name(kind, set, index), out)
}

/// The payload of a real bundle file: what [`bundle_file`] wraps.
pub fn bundle_payload(file: &[u8]) -> Vec<u8> {
    let mut pos = 7;
    for _ in 0..3 {
        if varint::get(file, &mut pos).is_none() {
            return Vec::new();
        }
    }
    file.get(pos..).unwrap_or_default().to_vec()
}

/// Postings lists one query may decode (see tests/hostile_queries.rs).
pub const MAX_POSTINGS: usize = MAX_CLAUSES * (2 * MAX_PHRASE_WORDS + MAX_STEM_SCAN)
    + MAX_PREFIX_TERMS
    + MAX_TYPO_CLAUSES * MAX_TYPO_TERMS;

/// Terms one query may visit, a prefix walk (bounded by the vocabulary) aside.
pub const MAX_VISITS: usize =
    MAX_CLAUSES * (MAX_STEM_SCAN + 1) + MAX_TYPO_CLAUSES * (MAX_TYPO_VISITS + 1);

/// Queries that reach every part of the engine: words, stems, prefixes, typos, phrases, exclusions.
pub const QUERIES: &[&str] = &[
    "vacuum ",
    "vac",
    "co",
    "statistcs ",
    "connecting indexes ",
    "\"order by\"",
    "\"dead tuples\" -analyze ",
    "café cafe naive ",
    "москва 東京都",
    "json.dumps snake_case c++ ",
    "zzzz qqqq",
];

fn options() -> [SearchOptions; 3] {
    [
        SearchOptions {
            limit: 5,
            facets: true,
            ..SearchOptions::default()
        },
        SearchOptions {
            limit: 3,
            offset: 1,
            sort: Some("-order".into()),
            filters: vec![Filter {
                facet: "kind".into(),
                mode: FilterMode::Any,
                values: vec!["command".into()],
            }],
            facets: true,
        },
        SearchOptions {
            sort: Some("order".into()),
            filters: vec![
                Filter {
                    facet: "tag".into(),
                    mode: FilterMode::All,
                    values: vec!["t1".into()],
                },
                Filter {
                    facet: "kind".into(),
                    mode: FilterMode::None,
                    values: vec!["concept".into()],
                },
            ],
            ..SearchOptions::default()
        },
    ]
}

/// Runs `query`, feeding the base build's files as they are asked for (a file the reader rejects
/// ends the search; asking for nothing, or again for a file it holds, is a bug: it panics).
/// Results, excerpts and their JSON are computed and checked for what must hold whatever the bytes.
pub fn search(f: &mut Fuzzed, query: &str, options: &SearchOptions) -> Option<SearchResults> {
    let (searcher, files) = (&f.searcher, &f.files);
    let results = match f.index.settle(
        |i| searcher.search(i, query, options),
        |n| Fuzzed::fetch(files, n),
    ) {
        Ok(r) => r,
        Err(e @ Error::Stalled { .. }) => panic!("search keeps asking for files: {e}"),
        Err(_) => return None,
    };
    assert!(results.hits.len() <= results.total);
    assert!(
        results.work.postings_decoded <= MAX_POSTINGS,
        "{:?}",
        results.work
    );
    assert!(
        results.work.terms_visited <= MAX_VISITS + 100_000,
        "{:?}",
        results.work
    );
    let _ = scry::api::results(&results);
    if let Some(hit) = results.hits.first() {
        document(f, hit.doc, query);
    }
    Some(results)
}

/// A result's view for `query`, its offsets checked.
pub fn document(f: &mut Fuzzed, doc: u32, query: &str) {
    let (searcher, files) = (&mut f.searcher, &f.files);
    match f.index.settle(
        |i| searcher.document(i, doc, query),
        |n| Fuzzed::fetch(files, n),
    ) {
        Ok(v) => {
            for &(s, e) in v.matches.iter().chain(&v.title_matches) {
                assert!(s <= e, "match range {s}..{e}");
            }
            for &(s, e) in &v.matches {
                assert!(
                    v.excerpt.get(s..e).is_some(),
                    "match {s}..{e} outside the excerpt"
                );
            }
            for &(s, e) in &v.title_matches {
                assert!(
                    v.title.get(s..e).is_some(),
                    "match {s}..{e} outside the title"
                );
            }
            let _ = scry::api::document(&v, scry::api::Offsets::Utf16);
        }
        Err(e @ Error::Stalled { .. }) => panic!("document {doc} keeps asking for files: {e}"),
        Err(_) => {}
    }
}

/// Every query (each with one of the option sets, in turn) and every document's view.
pub fn workout(f: &mut Fuzzed) {
    let options = options();
    for (i, q) in QUERIES.iter().enumerate() {
        search(f, q, &options[i % options.len()]);
    }
    for doc in 0..f.index.documents().min(64) {
        document(f, doc, "vacuum connect ");
    }
}

/// The base build's file in `slot`: its name and bytes.
pub fn real_file(slot: Slot) -> Option<(String, &'static [u8])> {
    let m = &base().manifest;
    let name = match slot {
        Slot::Shard => format::file_name(Kind::Shard, m.shards.first()?.file.hash),
        Slot::Positions => format::file_name(Kind::Positions, m.shards.first()?.file.hash),
        Slot::Facet => format::file_name(Kind::Facet, m.facets.first()?.file.hash),
        Slot::Sort => format::file_name(Kind::Sort, m.sorts.first()?.file.hash),
    };
    let bytes = base().files.get(&name)?;
    Some((name, bytes))
}

/// Bytes served under a real file's name are accepted only if they are that file.
pub fn check_rejected_unless_identical(slot: Slot, data: &[u8]) {
    let Some((name, real)) = real_file(slot) else {
        return;
    };
    let mut f = Fuzzed::base();
    let accepted = f.index.add_file(&name, data).is_ok();
    assert_eq!(accepted, data == real, "{name}: integrity check");
}

/// The base index with every file loaded.
pub fn loaded() -> Fuzzed {
    let mut f = Fuzzed::base();
    let names: Vec<String> = f
        .files
        .keys()
        .filter(|n| n.as_str() != format::MANIFEST)
        .cloned()
        .collect();
    for name in names {
        assert!(f.add(&name), "a base file loads: {name}");
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The harness reaches the decoders: real bytes, rewrapped, load and answer.
    #[test]
    fn real_files_pass_through_the_harness() {
        for slot in [Slot::Shard, Slot::Positions, Slot::Facet, Slot::Sort] {
            let (_, real) = real_file(slot).expect("base file");
            let input = match slot {
                Slot::Positions => positions_stream(real),
                _ => real.to_vec(),
            };
            let (mut f, name) = with_file(slot, &input).expect("slot");
            assert!(f.add(&name), "{slot:?}");
            let r = search(&mut f, "\"order by\"", &SearchOptions::default()).expect("search");
            assert!(r.total > 0, "{slot:?}");
            check_rejected_unless_identical(slot, real);
        }
        let mut tails = 0;
        for (name, bytes) in base()
            .files
            .iter()
            .filter(|(n, _)| n.starts_with(['b', 'x']))
        {
            let index: u32 = name[1..name.find('-').expect("bundle name")]
                .parse()
                .expect("index");
            let kind = if name.starts_with('x') {
                Kind::Tail
            } else {
                Kind::Bundle
            };
            tails += usize::from(kind == Kind::Tail);
            let rebuilt = bundle_file(kind, index, &bundle_payload(bytes));
            assert_eq!(rebuilt, (name.clone(), bytes.clone()));
        }
        assert!(tails > 0, "the base index has a tail file");
        let mut f = loaded();
        let r = search(&mut f, "tailword ", &SearchOptions::default()).expect("search");
        assert_eq!(r.total, 1);
        let start = std::time::Instant::now();
        workout(&mut loaded());
        eprintln!("one workout: {:?}", start.elapsed());
    }
}
