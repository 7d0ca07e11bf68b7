//! The index format, pinned two ways.
//!
//! 1. **Golden bytes**: a tiny index (three documents) is built and every file, inflated, must equal
//!    the hex dump committed in `tests/fixtures/golden/`. Any change to the bytes the builder writes
//!    shows up here first, so it is a decision, not an accident. To accept an intended change:
//!    `SCRY_BLESS=1 cargo test --test golden`, then commit `tests/fixtures/golden/`.
//! 2. **A committed index per format version** (`tests/fixtures/index-v1/`, `index-v2/`, …, written
//!    exactly as `scry` writes it: gzip files plus `manifest.bin`): every later reader must
//!    either answer its known queries or reject it with [`Error::Version`]; the current version's
//!    must answer. Damaged, truncated and other-build files made from the current one must give
//!    typed errors, never a panic and never wrong results.
//!
//! The current version's fixture is written by
//! `cargo test --test golden -- --ignored regenerate_index_fixture`; once a format has shipped, its
//! fixture must never be regenerated (that would defeat its purpose): bump the version instead.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use scry::document::{Document, Span, BODY, HEADING};
use scry::format::{MANIFEST, VERSION};
use scry::{Builder, BuilderConfig, DirIndex, Error, Filter, FilterMode, Index, Searcher};
use scry::{SearchOptions, SearchResults, TokenizerConfig};

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// The index files of a build, inflated (bundles with the build's dictionary, which is left out).
fn inflate_build(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    use scry::index::dict;
    let dictionaries: BTreeMap<&str, Vec<u8>> = files
        .iter()
        .filter(|(n, _)| n.starts_with("d-"))
        .map(|(n, gz)| (n.as_str(), gunzip(gz)))
        .collect();
    files
        .iter()
        .filter(|(n, _)| !n.starts_with("d-"))
        .map(|(n, bytes)| match dict::split(bytes) {
            Some((d, data)) => (
                n.clone(),
                dict::inflate(&dictionaries[d], data).expect("inflates with its dictionary"),
            ),
            None => (n.clone(), gunzip(bytes)),
        })
        .collect()
}

/// Builds `docs`; the files as the builder's sink receives them (gzip), by name.
fn build(docs: Vec<Document>, config: BuilderConfig) -> BTreeMap<String, Vec<u8>> {
    let mut b = Builder::new(config).expect("builder");
    for d in docs {
        b.add(d).expect("add");
    }
    let mut files = BTreeMap::new();
    b.finish(&mut |name, bytes| {
        files.insert(name.to_string(), bytes.to_vec());
        Ok(())
    })
    .expect("finish");
    files
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn blessing() -> bool {
    std::env::var("SCRY_BLESS").is_ok_and(|v| v == "1")
}

// ---------------------------------------------------------------------------------------------
// Golden bytes.

fn tiny_corpus() -> Vec<Document> {
    let mut a = Document {
        url: "/vacuum/".into(),
        title: "VACUUM".into(),
        spans: vec![
            Span::new(BODY, "VACUUM reclaims storage occupied by dead tuples."),
            Span::anchored(HEADING, "Routine Vacuuming", "routine"),
            Span::new(BODY, "Run it regularly: connect, then vacuum."),
        ],
        meta: vec![("section".into(), "Maintenance".into())],
        facets: vec![("kind".into(), "command".into())],
        sort_keys: vec![("order".into(), "2".into())],
    };
    a.facets.push(("tag".into(), "disk".into()));
    let b = Document {
        url: "/café/".into(),
        title: "Café json.dumps".into(),
        spans: vec![Span::new(
            BODY,
            "Connecting to the café: snake_case and camelCase identifiers.",
        )],
        meta: Vec::new(),
        facets: vec![("kind".into(), "concept".into())],
        sort_keys: vec![("order".into(), "1".into())],
    };
    let c = Document {
        url: "/empty/".into(),
        title: String::new(),
        ..Document::default()
    };
    vec![a, b, c]
}

fn tiny_config() -> BuilderConfig {
    BuilderConfig {
        tokenizer: TokenizerConfig {
            language: "en".into(),
            extra_word_chars: "+#".into(),
        },
        shard_target_bytes: 48,
        bundle_target_bytes: 64,
        inline_limit_bytes: 0,
        ..BuilderConfig::default()
    }
}

/// A hex dump, 32 bytes a line.
fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2 + bytes.len() / 16);
    for line in bytes.chunks(32) {
        for b in line {
            out.push_str(&format!("{b:02x}"));
        }
        out.push('\n');
    }
    out
}

fn unhex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|p| {
            u8::from_str_radix(std::str::from_utf8(p).unwrap_or("zz"), 16).expect("hex digits")
        })
        .collect()
}

/// Where two byte strings first differ, with a few bytes of context from each.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let context = |b: &[u8]| hex(&b[at.saturating_sub(4)..(at + 12).min(b.len())]);
    format!(
        "first difference at byte {at} (golden {} bytes, built {} bytes); golden ...{} built ...{}",
        want.len(),
        got.len(),
        context(want).trim(),
        context(got).trim()
    )
}

const BLESS_HINT: &str = "The bytes of the index format changed. If that is intended: bump \
     scry::format::VERSION when readers of the old bytes would misread the new ones (older \
     tests/fixtures/index-v<N> must still be read or rejected with Error::Version; write the new \
     version's with `cargo test --test golden -- --ignored regenerate_index_fixture`), then run \
     `SCRY_BLESS=1 cargo test --test golden` and commit tests/fixtures/golden/.";

#[test]
fn tiny_index_bytes_equal_the_golden_files() {
    let built: BTreeMap<String, Vec<u8>> = build(tiny_corpus(), tiny_config())
        .into_iter()
        .map(|(name, gz)| (name, gunzip(&gz)))
        .collect();
    assert!(
        built.len() > 4,
        "the tiny index should span several files: {:?}",
        built.keys()
    );
    let dir = fixtures().join("golden");
    if blessing() {
        std::fs::create_dir_all(&dir).expect("create golden dir");
        for entry in std::fs::read_dir(&dir).expect("read golden dir").flatten() {
            if entry.path().extension().is_some_and(|e| e == "hex") {
                std::fs::remove_file(entry.path()).expect("remove old golden file");
            }
        }
        for (name, bytes) in &built {
            std::fs::write(dir.join(format!("{name}.hex")), hex(bytes)).expect("write golden file");
        }
        eprintln!("blessed {} golden files in {}", built.len(), dir.display());
        return;
    }
    let mut golden = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)
        .expect("tests/fixtures/golden/ is missing")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(file) = name.strip_suffix(".hex") {
            let text = std::fs::read_to_string(entry.path()).expect("read golden file");
            golden.insert(file.to_string(), unhex(&text));
        }
    }
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&built),
        names(&golden),
        "the index's file names changed (they carry content hashes). {BLESS_HINT}"
    );
    for (name, bytes) in &built {
        let want = &golden[name];
        assert!(
            bytes == want,
            "{name}: {}. {BLESS_HINT}",
            first_difference(want, bytes)
        );
    }
}

/// The golden files are a readable index: whatever the bytes, they answer the tiny corpus.
#[test]
fn golden_files_are_a_working_index() {
    let dir = fixtures().join("golden");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir)
        .expect("tests/fixtures/golden/")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(file) = name.strip_suffix(".hex") {
            files.insert(
                file.to_string(),
                unhex(&std::fs::read_to_string(entry.path()).expect("read")),
            );
        }
    }
    let mut index = Index::open(&files[MANIFEST]).expect("golden manifest opens");
    let searcher = Searcher::default();
    let mut search = |q: &str| {
        let o = SearchOptions::default();
        let r = index
            .settle(|i| searcher.search(i, q, &o), |n| Ok(&files[n]))
            .expect("search, each golden file loading");
        r.hits.iter().map(|h| h.doc).collect::<Vec<_>>()
    };
    assert_eq!(search("vacuum "), vec![0]);
    assert_eq!(search("cafe "), vec![1]);
    assert_eq!(search("dumps "), vec![1]);
    let mut both = search("connect ");
    both.sort_unstable();
    assert_eq!(both, vec![0, 1], "connect and, by stem, connecting");
}

// ---------------------------------------------------------------------------------------------
// The committed index of each format version.

fn page(
    url: &str,
    title: &str,
    sections: &[(&str, &str, &str)],
    facets: &[(&str, &str)],
    order: u32,
) -> Document {
    let mut spans = Vec::new();
    for (heading, anchor, body) in sections {
        if !heading.is_empty() {
            spans.push(Span::anchored(HEADING, *heading, *anchor));
        }
        spans.push(Span::new(BODY, *body));
    }
    Document {
        url: url.into(),
        title: title.into(),
        spans,
        meta: vec![("source".into(), "fixture".into())],
        facets: facets
            .iter()
            .map(|(f, v)| (f.to_string(), v.to_string()))
            .collect(),
        sort_keys: vec![("order".into(), order.to_string())],
    }
}

/// The corpus of the format-1 fixture: a dozen pages in the manner of a documentation site.
fn fixture_corpus() -> Vec<Document> {
    vec![
        page("/sql-vacuum/", "VACUUM", &[
            ("", "", "VACUUM reclaims storage occupied by dead tuples. In normal operation, tuples that are deleted or obsoleted by an update are not physically removed from their table."),
            ("Routine Vacuuming", "routine", "Run VACUUM regularly, or let the autovacuum daemon do it."),
        ], &[("kind", "command"), ("section", "maintenance")], 3),
        page("/sql-analyze/", "ANALYZE", &[
            ("", "", "ANALYZE collects statistics about the contents of tables in the database, and stores the results in the pg_statistic system catalog."),
        ], &[("kind", "command"), ("section", "maintenance")], 1),
        page("/autovacuum/", "The Autovacuum Daemon", &[
            ("", "", "The autovacuum daemon automates the execution of VACUUM and ANALYZE commands. It checks for tables that have had a large number of inserted, updated or deleted tuples."),
        ], &[("kind", "concept"), ("section", "maintenance")], 5),
        page("/sql-createindex/", "CREATE INDEX", &[
            ("", "", "CREATE INDEX constructs an index on the specified column(s) of the specified relation. Indexes are primarily used to enhance database performance."),
            ("Index Methods", "methods", "PostgreSQL provides the index methods btree, hash, gist, spgist, gin, and brin."),
        ], &[("kind", "command"), ("section", "indexes")], 2),
        page("/indexes-types/", "Index Types", &[
            ("", "", "B-tree indexes handle equality and range queries on data that can be sorted. Hash indexes store a 32-bit hash code derived from the value of the indexed column."),
        ], &[("kind", "concept"), ("section", "indexes")], 4),
        page("/functions-json/", "JSON Functions and Operators", &[
            ("", "", "Use json_build_object and jsonb_set to build and modify values; json.dumps in Python produces the same text."),
        ], &[("kind", "reference"), ("section", "datatypes")], 6),
        page("/datatype-numeric/", "Numeric Types", &[
            ("", "", "Numeric types consist of two-, four-, and eight-byte integers, four- and eight-byte floating-point numbers, and selectable-precision decimals."),
        ], &[("kind", "reference"), ("section", "datatypes")], 7),
        page("/locale/", "Locale Support", &[
            ("", "", "Collation support: sorting café before cafe depends on the locale; naïve comparisons use byte order."),
        ], &[("kind", "concept"), ("section", "localization")], 8),
        page("/libpq-connect/", "Connecting to a Server", &[
            ("", "", "Client applications connect to the server through a Unix-domain socket or TCP/IP."),
            ("Connection Strings", "strings", "A connection string such as postgresql://localhost/mydb names every parameter."),
        ], &[("kind", "concept"), ("section", "clients")], 9),
        page("/sql-select/", "SELECT", &[
            ("", "", "SELECT retrieves rows from zero or more tables. The ORDER BY clause sorts the result rows."),
        ], &[("kind", "command"), ("section", "queries")], 10),
        page("/queries-order/", "Sorting Rows (ORDER BY)", &[
            ("", "", "After a query has produced an output table it can optionally be sorted with ORDER BY."),
        ], &[("kind", "concept"), ("section", "queries")], 11),
        page("/wal-intro/", "Write-Ahead Logging", &[
            ("", "", "Write-Ahead Logging (WAL) is a standard method for ensuring data integrity: changes to data files are written only after they have been logged."),
        ], &[("kind", "concept"), ("section", "reliability")], 12),
        long_page(),
    ]
}

/// A page longer than a bundle's head: the end of its text is stored in a tail file.
fn long_page() -> Document {
    let filler =
        "Appendix paragraph about planner estimates and checkpoint spacing on busy servers. "
            .repeat(100);
    page(
        "/appendix/",
        "Appendix",
        &[
            ("", "", &filler),
            (
                "Epilogue",
                "epilogue",
                "The word zymurgy appears only at the very end.",
            ),
        ],
        &[("kind", "reference"), ("section", "appendix")],
        13,
    )
}

fn fixture_config() -> BuilderConfig {
    BuilderConfig {
        tokenizer: TokenizerConfig {
            language: "en".into(),
            extra_word_chars: String::new(),
        },
        shard_target_bytes: 256,
        bundle_target_bytes: 512,
        inline_limit_bytes: 0,
        // Small enough for the fixture's 11 KB of stored documents to get one.
        dictionary_bytes: 128,
        ..BuilderConfig::default()
    }
}

fn index_fixture(version: u16) -> PathBuf {
    fixtures().join(format!("index-v{version}"))
}

/// Writes `tests/fixtures/index-v<VERSION>/` from [`fixture_corpus`]. Run by hand, only while the
/// current format has not shipped: `cargo test --test golden -- --ignored regenerate_index_fixture`.
#[test]
#[ignore = "writes the committed fixture; run by hand"]
fn regenerate_index_fixture() {
    let dir = index_fixture(VERSION);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("clear old fixture");
    }
    std::fs::create_dir_all(&dir).expect("create fixture dir");
    let files = build(fixture_corpus(), fixture_config());
    for (name, gz) in &files {
        std::fs::write(dir.join(name), gz).expect("write fixture file");
    }
    eprintln!("wrote {} files to {}", files.len(), dir.display());
}

/// The current version's fixture's index files, inflated, by name (not the bundles' dictionary,
/// which the engine never reads: inflating the bundles needs it).
fn fixture_files() -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(index_fixture(VERSION))
        .expect("tests/fixtures/index-v<VERSION>/ is missing")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".bin") && !name.starts_with("d-") {
            files.insert(
                name,
                scry::index::read_file(&entry.path()).expect("read fixture"),
            );
        }
    }
    files
}

fn urls(dir: &mut DirIndex, r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| dir.document(h.doc, "").expect("document").url)
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn every_format_fixture_answers_known_queries_or_is_rejected_clearly() {
    for version in 1..=VERSION {
        assert!(
            index_fixture(version).is_dir(),
            "tests/fixtures/index-v{version}/ is missing"
        );
        match DirIndex::open(&index_fixture(version)) {
            Ok(mut dir) => fixture_answers_known_queries(&mut dir, version),
            Err(e @ Error::Version { got, .. }) if got == version && version != VERSION => {
                // A later format may drop an older one, but only with the error that says what
                // to do.
                let msg = e.to_string();
                assert!(msg.contains("rebuild") && msg.contains("upgrade"), "{msg}");
            }
            Err(e) => panic!("the format-{version} fixture no longer opens: {e}"),
        }
    }
}

fn fixture_answers_known_queries(dir: &mut DirIndex, version: u16) {
    assert_eq!(dir.index().documents(), 13);
    let names: Vec<String> = std::fs::read_dir(index_fixture(version))
        .expect("fixture")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for prefix in ["t-", "p-", "b0-", "x0-", "f-", "o-", "manifest.bin"] {
        assert!(
            names.iter().any(|n| n.starts_with(prefix)),
            "no {prefix}* file in the fixture: {names:?}"
        );
    }
    assert!(
        dir.index().manifest().shards.len() > 3,
        "the fixture spans several shards"
    );
    let o = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let ask = |dir: &mut DirIndex, q: &str, o: &SearchOptions| {
        let r = dir.search(q, o).unwrap_or_else(|e| panic!("{q:?}: {e}"));
        (urls(dir, &r), r)
    };

    let (hits, _) = ask(dir, "vacuum ", &o);
    assert_eq!(hits[0], "/sql-vacuum/", "exact title first: {hits:?}");
    assert_eq!(sorted(hits), ["/autovacuum/", "/sql-vacuum/"]);

    let (hits, _) = ask(dir, "vac", &o);
    assert_eq!(
        sorted(hits),
        ["/autovacuum/", "/sql-vacuum/"],
        "prefix while typing"
    );

    let (hits, r) = ask(dir, "statistcs ", &o);
    assert_eq!(hits, ["/sql-analyze/"]);
    assert_eq!(r.did_you_mean.as_deref(), Some("statistics "));

    let (hits, _) = ask(dir, "\"order by\"", &o);
    assert_eq!(sorted(hits), ["/queries-order/", "/sql-select/"]);

    let (hits, _) = ask(dir, "indexes -btree ", &o);
    assert_eq!(
        hits,
        ["/indexes-types/"],
        "stem of indexes, minus the page naming btree"
    );

    let (hits, _) = ask(dir, "cafe ", &o);
    assert_eq!(hits, ["/locale/"], "café folded");

    let (hits, _) = ask(dir, "connection ", &o);
    assert_eq!(
        hits,
        ["/libpq-connect/"],
        "connect, connection, connecting share a stem"
    );

    let (hits, r) = ask(dir, "vacuum wal ", &o);
    assert!(r.partial, "no page has both: best partial matches");
    assert_eq!(
        sorted(hits),
        ["/autovacuum/", "/sql-vacuum/", "/wal-intro/"]
    );

    let filtered = SearchOptions {
        filters: vec![Filter {
            facet: "kind".into(),
            mode: FilterMode::Any,
            values: vec!["command".into()],
        }],
        sort: Some("order".into()),
        facets: true,
        ..o.clone()
    };
    let (hits, r) = ask(dir, "tables ", &filtered);
    assert_eq!(
        hits,
        ["/sql-analyze/", "/sql-vacuum/", "/sql-select/"],
        "commands, by order"
    );
    let kind = r
        .facets_all
        .iter()
        .find(|f| f.name == "kind")
        .expect("kind counts");
    assert!(
        kind.values.contains(&("concept".to_string(), 2)),
        "{kind:?}"
    );

    let (hits, r) = ask(dir, "zymurgy ", &o);
    assert_eq!(hits, ["/appendix/"]);
    let view = dir.document(r.hits[0].doc, "zymurgy ").expect("document");
    assert!(
        view.excerpt.contains("zymurgy"),
        "the tail's text: {}",
        view.excerpt
    );
    assert!(
        view.sub.iter().any(|s| s.url == "/appendix/#epilogue"),
        "{:?}",
        view.sub
    );

    let (hits, r) = ask(dir, "routine vacuuming ", &o);
    assert_eq!(hits[0], "/sql-vacuum/");
    let view = dir
        .document(r.hits[0].doc, "routine vacuuming ")
        .expect("document");
    assert_eq!(view.title, "VACUUM");
    assert_eq!(view.meta, [("source".to_string(), "fixture".to_string())]);
    assert!(
        view.sub.iter().any(|s| s.url == "/sql-vacuum/#routine"),
        "{:?}",
        view.sub
    );
    let marked: Vec<&str> = view
        .matches
        .iter()
        .map(|&(s, e)| &view.excerpt[s..e])
        .collect();
    assert!(
        marked.iter().any(|m| m.eq_ignore_ascii_case("vacuuming")),
        "{marked:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Version skew and damaged files.

fn patched_version(bytes: &[u8], version: u16) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[4..6].copy_from_slice(&version.to_le_bytes());
    out
}

#[test]
fn manifest_of_another_format_version_is_rejected_with_advice() {
    let files = fixture_files();
    for other in [0, VERSION + 1, u16::MAX] {
        match Index::open(&patched_version(&files[MANIFEST], other)) {
            Err(e @ Error::Version { expected, got, .. }) => {
                assert_eq!((expected, got), (VERSION, other));
                let msg = e.to_string();
                assert!(msg.contains("rebuild") && msg.contains("upgrade"), "{msg}");
                assert!(msg.contains(&format!("format {other}")), "{msg}");
            }
            other => panic!("a manifest of format {other:?} was not rejected as another version"),
        }
    }
}

#[test]
fn files_of_another_format_version_are_rejected() {
    let files = fixture_files();
    let mut index = Index::open(&files[MANIFEST]).expect("fixture opens");
    for (name, bytes) in files.iter().filter(|(n, _)| n.as_str() != MANIFEST) {
        match index.add_file(name, &patched_version(bytes, VERSION + 1)) {
            Err(Error::Version { got, .. }) => assert_eq!(got, VERSION + 1),
            other => panic!("{name} of another format version: {other:?}"),
        }
        assert!(!index.has_file(name));
    }
}

/// The queries whose answers must not change however files were damaged before the good ones came.
const PROBES: &[&str] = &[
    "vacuum ",
    "vac",
    "statistcs ",
    "\"order by\"",
    "index -btree ",
    "tables ",
];

fn answers(index: &mut Index, files: &BTreeMap<String, Vec<u8>>) -> Vec<Vec<u32>> {
    let o = SearchOptions {
        limit: 100,
        sort: Some("order".into()),
        filters: vec![Filter {
            facet: "section".into(),
            mode: FilterMode::None,
            values: vec!["queries".into()],
        }],
        ..SearchOptions::default()
    };
    let mut searcher = Searcher::default();
    let fetch = |n: &str| Ok(&files[n]);
    PROBES
        .iter()
        .map(|q| {
            let r = index
                .settle(|i| searcher.search(i, q, &o), fetch)
                .expect("search, with good files");
            let docs: Vec<u32> = r.hits.iter().map(|h| h.doc).collect();
            for h in &r.hits {
                index
                    .settle(|i| searcher.document(i, h.doc, q), fetch)
                    .expect("document, with good files");
            }
            docs
        })
        .collect()
}

fn rejected(e: &Error) -> bool {
    matches!(
        e,
        Error::Corrupt { .. }
            | Error::OtherBuild { .. }
            | Error::NotAnIndexFile { .. }
            | Error::Version { .. }
    )
}

/// Every file truncated at every length, each byte flipped, a byte appended: a typed error each
/// time, the file still missing afterwards, and the right answers once the good file comes.
#[test]
fn damaged_files_are_rejected_and_never_change_answers() {
    let files = fixture_files();
    let expected = answers(
        &mut Index::open(&files[MANIFEST]).expect("fixture opens"),
        &files,
    );
    for (name, good) in files.iter().filter(|(n, _)| n.as_str() != MANIFEST) {
        let mut index = Index::open(&files[MANIFEST]).expect("fixture opens");
        let mut damaged: Vec<Vec<u8>> = (0..good.len()).map(|n| good[..n].to_vec()).collect();
        for at in 0..good.len() {
            for mask in [0x01, 0x80, 0xff] {
                let mut d = good.clone();
                d[at] ^= mask;
                damaged.push(d);
            }
        }
        let mut longer = good.clone();
        longer.push(0);
        damaged.push(longer);
        for d in &damaged {
            match index.add_file(name, d) {
                Err(e) => assert!(rejected(&e), "{name}: unexpected error {e:?}"),
                Ok(()) => panic!("{name}: damaged bytes were accepted ({} bytes)", d.len()),
            }
            assert!(
                !index.has_file(name),
                "{name}: a rejected file counts as loaded"
            );
        }
        assert_eq!(
            answers(&mut index, &files),
            expected,
            "{name}: answers changed after damaged copies were rejected"
        );
    }
}

/// A bundle's item count is outside its checksum: a tail file whose count was damaged to a smaller
/// one decoded fewer items and was accepted, leaving a document without its tail for the session.
#[test]
fn bundle_with_a_damaged_item_count_is_rejected() {
    let files = fixture_files();
    for (name, good) in files.iter().filter(|(n, _)| n.starts_with(['b', 'x'])) {
        // Header: magic, version, kind; then set, index and checksum varints; then the count.
        let mut pos = 7;
        for _ in 0..3 {
            while good[pos] & 0x80 != 0 {
                pos += 1;
            }
            pos += 1;
        }
        assert!(
            good[pos] > 0 && good[pos] < 0x80,
            "{name}: a one-byte count"
        );
        for count in 0..good[pos] {
            let mut damaged = good.clone();
            damaged[pos] = count;
            let mut index = Index::open(&files[MANIFEST]).expect("fixture opens");
            match index.add_file(name, &damaged) {
                Err(Error::Corrupt { .. } | Error::OtherBuild { .. }) => {}
                other => panic!("{name} with count {count}: {other:?}"),
            }
        }
    }
}

/// Manifests the `manifest` fuzz target found costly, kept in `tests/regressions/manifest-*`: each
/// opens or is rejected at once. The first claimed 484 million tail bundles in 68 bytes, and
/// opening it allocated a slot per tail (15 GB before being stopped); tails are now found by name.
#[test]
fn fuzz_found_manifests_open_or_fail_cheaply() {
    let dir = fixtures().join("../regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("tests/regressions").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("manifest-") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read");
        let start = std::time::Instant::now();
        let _ = Index::open(&bytes);
        assert!(
            start.elapsed().as_secs() < 2,
            "{name} took {:?}",
            start.elapsed()
        );
        seen += 1;
    }
    assert!(seen > 0);
    let files = fixture_files();
    let mut m: scry::format::Manifest =
        scry::format::decode(MANIFEST, scry::format::Kind::Manifest, &files[MANIFEST])
            .expect("manifest");
    // Tail bundles are looked up by name, not listed: a count of 4 billion costs nothing to open,
    // and names past the count are unknown files.
    m.bundles.tails = u32::MAX;
    let start = std::time::Instant::now();
    let mut index = Index::open(&scry::format::encode(scry::format::Kind::Manifest, &m))
        .expect("a manifest with a huge tail count opens");
    assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
    let set = m.bundles.set;
    let name = scry::format::bundle_name(scry::format::Kind::Tail, set, u32::MAX - 1);
    assert!(!index.has_file(&name));
    match index.add_file(&name, b"SCRY") {
        Err(Error::Corrupt { .. } | Error::Version { .. }) => {}
        other => panic!("{name}: {other:?}"),
    }
    m.bundles.tails = 2;
    let mut index =
        Index::open(&scry::format::encode(scry::format::Kind::Manifest, &m)).expect("open");
    let past = scry::format::bundle_name(scry::format::Kind::Tail, set, 2);
    match index.add_file(&past, b"SCRY") {
        Err(Error::UnknownFile { .. }) => {}
        other => panic!("{past}: {other:?}"),
    }
}

/// A shard whose fst bytes are damaged but whose hash the manifest lists (only a forged or broken
/// build can do that: the hash check stops every damaged copy) makes the `fst` crate panic while
/// its terms are read (its issues #57, #146): found by the `shard` fuzz target. The reader checks the
/// fst's own checksum (`Fst::verify`) before use.
#[test]
fn shard_with_a_damaged_fst_behind_a_matching_hash_is_an_error() {
    use scry::format::{content_hash, decode, encode, file_name, FileRef, Kind, Manifest};
    let bytes =
        std::fs::read(fixtures().join("../regressions/shard-damaged-fst.bin")).expect("input");
    let files = fixture_files();
    let mut m: Manifest = decode(MANIFEST, Kind::Manifest, &files[MANIFEST]).expect("manifest");
    let hash = content_hash(&bytes);
    m.shards[0].file = FileRef {
        hash,
        size: bytes.len() as u32,
    };
    let mut index = Index::open(&encode(Kind::Manifest, &m)).expect("opens");
    let result = index.add_file(&file_name(Kind::Shard, hash), &bytes);
    assert!(matches!(result, Err(Error::Corrupt { .. })), "{result:?}");
}

/// Files from another build of the index (a stale cache, a partial deploy) under this build's names.
#[test]
fn files_of_another_build_are_rejected_as_such() {
    let files = fixture_files();
    let mut corpus = fixture_corpus();
    corpus[0].spans.push(Span::new(
        BODY,
        "One more sentence, so this is another build.",
    ));
    corpus[4].facets.push(("kind".into(), "extra".into()));
    corpus[5].sort_keys[0].1 = "0".into();
    let other = inflate_build(build(corpus, fixture_config()));
    // The first letter of a name says its kind: t(erm shard), b(undle), f(acet), o(rder).
    let kind = |n: &str| n.chars().next();
    let mut tried = 0;
    for (name, good) in files.iter().filter(|(n, _)| n.as_str() != MANIFEST) {
        let mut index = Index::open(&files[MANIFEST]).expect("fixture opens");
        for (other_name, bytes) in other
            .iter()
            .filter(|(n, _)| kind(n) == kind(name) && n.as_str() != MANIFEST)
        {
            if bytes == good {
                continue; // unchanged content: the same file, legitimately
            }
            tried += 1;
            match index.add_file(name, bytes) {
                Err(Error::OtherBuild { file }) => assert_eq!(&file, name),
                other => panic!("{other_name} of another build, served as {name}: {other:?}"),
            }
            assert!(!index.has_file(name));
        }
    }
    assert!(tried > 20, "only {tried} cross-build files tried");
}

/// A way to damage a file on disk: its new bytes, or `None` to delete it.
type Damage = Box<dyn Fn(&[u8]) -> Option<Vec<u8>>>;

/// On disk, through `DirIndex`: truncated gzip, an HTML error page, a missing file, another build's
/// file — each search fails with a typed error, and works again once the files are right.
#[test]
fn damaged_index_folder_gives_errors_then_recovers() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let originals: BTreeMap<String, Vec<u8>> = std::fs::read_dir(index_fixture(VERSION))
        .expect("fixture")
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    let restore = || {
        for (n, b) in &originals {
            std::fs::write(dir.join(n), b).expect("write");
        }
    };
    let other = build(
        vec![Document {
            url: "/x/".into(),
            title: "vacuum tables statistics".into(),
            ..Document::default()
        }],
        fixture_config(),
    );
    let other_shard = other
        .iter()
        .find(|(n, _)| n.starts_with("t-"))
        .map(|(_, b)| b.clone())
        .expect("shard");
    let damages: Vec<(&str, Damage)> = vec![
        (
            "truncated gzip",
            Box::new(|b| Some(b[..b.len() / 2].to_vec())),
        ),
        (
            "html error page",
            Box::new(|_| Some(b"<!doctype html><title>404</title>".to_vec())),
        ),
        ("missing", Box::new(|_| None)),
        (
            "another build",
            Box::new(move |_| Some(other_shard.clone())),
        ),
        ("empty", Box::new(|_| Some(Vec::new()))),
    ];
    let o = SearchOptions::default();
    restore();
    let want = DirIndex::open(dir)
        .expect("open")
        .search("vacuum ", &o)
        .expect("search")
        .hits;
    for (what, damage) in &damages {
        restore();
        for (n, b) in originals.iter().filter(|(n, _)| n.starts_with("t-")) {
            match damage(b) {
                Some(d) => std::fs::write(dir.join(n), d).expect("write"),
                None => std::fs::remove_file(dir.join(n)).expect("remove"),
            }
        }
        let mut index = DirIndex::open(dir).expect("the manifest is intact");
        match index.search("vacuum ", &o) {
            Err(
                Error::Corrupt { .. }
                | Error::OtherBuild { .. }
                | Error::NotAnIndexFile { .. }
                | Error::Io { .. },
            ) => {}
            other => panic!("{what} shards: {other:?}"),
        }
        restore();
        let hits = index
            .search("vacuum ", &o)
            .unwrap_or_else(|e| panic!("after {what}, restored: {e}"))
            .hits;
        assert_eq!(hits, want, "after {what}");
    }
}

/// A manifest whose per-document norms do not fit its documents (forged or damaged) is refused at
/// open, before any shard is read with it.
#[test]
fn a_norms_table_of_the_wrong_length_is_refused() {
    let files = fixture_files();
    let m: scry::format::Manifest =
        scry::format::decode(MANIFEST, scry::format::Kind::Manifest, &files[MANIFEST])
            .expect("manifest");
    assert_eq!(
        m.norms.len(),
        m.fields.len() * m.documents as usize,
        "the fixture has a norms table"
    );
    for len in [1, m.norms.len() - 1, m.norms.len() + 1] {
        let mut bad = m.clone();
        bad.norms.resize(len, 0);
        let r = Index::open(&scry::format::encode(scry::format::Kind::Manifest, &bad));
        assert!(
            matches!(r, Err(Error::Corrupt { .. })),
            "{len} norms: {r:?}"
        );
    }
}
