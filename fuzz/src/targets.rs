//! The body of each fuzz target, callable from the libFuzzer entry points in `fuzz_targets/` and
//! from the `replay` binary (which runs saved inputs without libFuzzer, e.g. in a release build).

use std::borrow::Cow;

use scry::format::{self, Kind, ShardData};
use scry::SearchOptions;

use crate::{
    base, bundle_file, check_rejected_unless_identical, document, loaded, real_file, search,
};
use crate::{with_file, workout, Fuzzed, Slot, QUERIES};

/// The names `replay` knows, in the order of `fuzz_targets/`.
pub const NAMES: &[&str] = &[
    "manifest",
    "shard",
    "positions",
    "bundle",
    "facet",
    "sort",
    "query",
    "json",
];

/// Runs target `name` on `data`; `false` for an unknown name.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "manifest" => manifest(data),
        "shard" => shard(data),
        // The shard target without its fst kept valid (replay only): shows the fst crate's panics.
        "shard-raw" => behind_the_check(Slot::Shard, data),
        "positions" => positions(data),
        "bundle" => bundle(Kind::Bundle, data),
        "tail" => bundle(Kind::Tail, data),
        "facet" => behind_the_check(Slot::Facet, data),
        "sort" => behind_the_check(Slot::Sort, data),
        "query" => query(data),
        "json" => json(data),
        _ => return false,
    }
    true
}

/// `Index::open` on arbitrary bytes; a manifest that opens gets the base build's files and queries.
pub fn manifest(data: &[u8]) {
    if let Ok(index) = scry::Index::open(data) {
        let _ = scry::api::info(&index);
        let mut f = Fuzzed::new(index, base().files.clone());
        for q in QUERIES.iter().take(4) {
            search(&mut f, q, &SearchOptions::default());
        }
        for doc in 0..f.index.documents().min(8) {
            document(&mut f, doc, "vacuum ");
        }
    }
}

/// Fuzzed bytes in `slot`, listed in the manifest under their own hash; then every query.
pub fn behind_the_check(slot: Slot, data: &[u8]) {
    check_rejected_unless_identical(slot, data);
    if let Some((mut f, name)) = with_file(slot, data) {
        if f.add(&name) {
            workout(&mut f);
        }
    }
}

/// A shard's positions: only phrase queries (and their proximity ranking) read positions.
pub fn positions(data: &[u8]) {
    check_rejected_unless_identical(Slot::Positions, data);
    if let Some((mut f, name)) = with_file(Slot::Positions, data) {
        if f.add(&name) {
            for q in QUERIES.iter().filter(|q| q.contains('"')) {
                search(&mut f, q, &SearchOptions::default());
            }
            search(
                &mut f,
                "\"vacuum connect\" \"café json\"",
                &SearchOptions::default(),
            );
        }
    }
}

/// A term shard. Its fst stays valid: the `fst` crate panics on damaged fst bytes (its issues
/// #57, #146), which scry only meets behind the hash check, i.e. with a forged manifest. Fst bytes
/// other than the base shard's become the term list (one term a line) of a valid fst, so the
/// columns and the terms are fuzzed and the fst's own encoding is not.
pub fn shard(data: &[u8]) {
    check_rejected_unless_identical(Slot::Shard, data);
    let bytes = valid_fst(data);
    if let Some((mut f, name)) = with_file(Slot::Shard, &bytes) {
        if f.add(&name) {
            workout(&mut f);
        }
    }
}

fn valid_fst(data: &[u8]) -> Cow<'_, [u8]> {
    let Ok(mut shard) = format::decode::<ShardData>("t", Kind::Shard, data) else {
        return Cow::Borrowed(data);
    };
    let base_fst = real_file(Slot::Shard)
        .and_then(|(name, bytes)| format::decode::<ShardData>(&name, Kind::Shard, bytes).ok())
        .map(|s| s.fst);
    if Some(&shard.fst) == base_fst.as_ref() {
        return Cow::Borrowed(data);
    }
    let mut terms: Vec<&[u8]> = shard.fst.split(|&b| b == b'\n').collect();
    terms.sort_unstable();
    terms.dedup();
    let mut builder = fst::MapBuilder::memory();
    for (i, t) in terms.iter().enumerate() {
        builder.insert(t, i as u64).expect("sorted, distinct");
    }
    shard.fst = builder.into_inner().expect("in memory");
    Cow::Owned(format::encode(Kind::Shard, &shard))
}

/// A bundle of stored documents, or a tail file of long documents' remaining text: the fuzzed
/// bytes are its payload, wrapped in the header the reader checks; then every document's view.
pub fn bundle(kind: Kind, data: &[u8]) {
    let (name, bytes) = bundle_file(kind, 0, data);
    let mut f = Fuzzed::base();
    f.files.insert(name.clone(), bytes);
    if f.add(&name) {
        // The documents whose data came from the fuzzed file: bundle 0's, or the long page (the
        // base's last document), whose tail is fetched when its head holds no match.
        let (docs, queries): (std::ops::Range<u32>, &[&str]) = match kind {
            Kind::Tail => {
                let last = f.index.documents().saturating_sub(1);
                (last..last + 1, &["tailword ", "vacuum ", "\"far down\""])
            }
            _ => {
                let n = base().manifest.bundles.counts.first().copied().unwrap_or(0);
                (
                    0..u32::from(n),
                    &["vacuum ", "connect café ", "\"order by\"", "vac", ""],
                )
            }
        };
        for q in queries {
            for doc in docs.clone() {
                document(&mut f, doc, q);
            }
        }
        search(&mut f, "vacuum ", &SearchOptions::default());
    }
}

/// Query text, then after the first NUL byte the options as JSON, over the loaded base index.
pub fn query(data: &[u8]) {
    let (query, options) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let query = String::from_utf8_lossy(query);
    let options = options
        .and_then(|o| std::str::from_utf8(o).ok())
        .and_then(|o| scry::api::options_from_json(o).ok())
        .unwrap_or_default();
    let mut f = loaded();
    search(&mut f, &query, &options);
}

/// The wasm binding's JSON reader.
pub fn json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = scry::json::parse(text);
    if let Ok(options) = scry::api::options_from_json(text) {
        let mut out = String::new();
        for f in &options.filters {
            scry::json::string(&mut out, &f.facet);
            for v in &f.values {
                scry::json::string(&mut out, v);
            }
        }
    }
}
