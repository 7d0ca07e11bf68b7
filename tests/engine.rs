//! End-to-end tests of the engine through the written files: build into memory, open the manifest,
//! feed the files the engine asks for, check answers.

use std::collections::HashMap;

use scry::document::{Document, Span, BODY, HEADING};
use scry::{Builder, BuilderConfig, Index, SearchOptions, SearchResults, Searcher};

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Builds `docs` into an in-memory file map (inflated).
fn build(docs: Vec<Document>, config: BuilderConfig) -> HashMap<String, Vec<u8>> {
    let mut b = Builder::new(config).unwrap();
    for d in docs {
        b.add(d).unwrap();
    }
    let mut files = HashMap::new();
    b.finish(&mut |name, bytes| {
        files.insert(name.to_string(), gunzip(bytes));
        Ok(())
    })
    .unwrap();
    files
}

struct Reader {
    index: Index,
    searcher: Searcher,
    files: HashMap<String, Vec<u8>>,
    fetched: Vec<String>,
}

impl Reader {
    fn open(files: HashMap<String, Vec<u8>>) -> Reader {
        Reader {
            index: Index::open(&files["manifest.bin"]).unwrap(),
            searcher: Searcher::default(),
            files,
            fetched: Vec::new(),
        }
    }

    /// The bytes of `name`, counted as fetched.
    fn fetch<'a>(
        files: &'a HashMap<String, Vec<u8>>,
        fetched: &mut Vec<String>,
        name: &str,
    ) -> Result<&'a [u8], scry::Error> {
        fetched.push(name.to_string());
        Ok(&files[name])
    }

    fn search_with(&mut self, q: &str, o: &SearchOptions) -> SearchResults {
        let (searcher, files, fetched) = (&self.searcher, &self.files, &mut self.fetched);
        let mut rounds = 0;
        self.index
            .settle(
                |i| {
                    rounds += 1;
                    assert!(rounds <= 10, "search did not settle");
                    searcher.search(i, q, o)
                },
                |name| Self::fetch(files, fetched, name),
            )
            .unwrap()
    }

    fn search(&mut self, q: &str) -> Vec<String> {
        let r = self.search_with(
            q,
            &SearchOptions {
                limit: 100,
                ..Default::default()
            },
        );
        r.hits.iter().map(|h| self.url(h.doc)).collect()
    }

    fn url(&mut self, doc: u32) -> String {
        self.view(doc, "").url
    }

    fn view(&mut self, doc: u32, q: &str) -> scry::DocView {
        let (searcher, files, fetched) = (&mut self.searcher, &self.files, &mut self.fetched);
        self.index
            .settle(
                |i| searcher.document(i, doc, q),
                |name| Self::fetch(files, fetched, name),
            )
            .unwrap()
    }
}

fn doc(url: &str, title: &str, body: &str) -> Document {
    Document {
        url: url.into(),
        title: title.into(),
        spans: vec![Span::new(BODY, body)],
        ..Default::default()
    }
}

fn corpus() -> Vec<Document> {
    vec![
        doc("/vacuum/", "VACUUM", "VACUUM reclaims storage occupied by dead tuples. Routine vacuuming is needed."),
        doc("/analyze/", "ANALYZE", "ANALYZE collects statistics about the contents of tables in the database."),
        doc("/autovacuum/", "The Autovacuum Daemon", "The autovacuum daemon automates the execution of VACUUM and ANALYZE commands."),
        doc("/index/", "CREATE INDEX", "CREATE INDEX constructs an index on the specified column of a table. Indexes speed up queries."),
        doc("/tables/", "Table basics", "A table in a relational database is much like a table on paper: rows and columns."),
        doc("/full/", "VACUUM FULL", "Full table rewrite: vacuum full rewrites the entire table into a new disk file."),
    ]
}

fn small_shards() -> BuilderConfig {
    BuilderConfig {
        shard_target_bytes: 64,
        bundle_target_bytes: 64,
        inline_limit_bytes: 0,
        ..Default::default()
    }
}

#[test]
fn exact_title_match_ranks_first() {
    let mut r = Reader::open(build(corpus(), small_shards()));
    let hits = r.search("vacuum ");
    assert_eq!(hits[0], "/vacuum/");
    assert!(hits.contains(&"/full/".to_string()));
    assert!(hits.contains(&"/autovacuum/".to_string()));
}

#[test]
fn terms_are_anded_and_excluded() {
    let mut r = Reader::open(build(corpus(), small_shards()));
    assert_eq!(r.search("vacuum rewrites "), vec!["/full/"]);
    let hits = r.search("vacuum -full ");
    assert!(!hits.contains(&"/full/".to_string()));
    assert!(hits.contains(&"/vacuum/".to_string()));
}

#[test]
fn prefix_matches_span_shards() {
    let mut r = Reader::open(build(corpus(), small_shards()));
    let hits = r.search("vac");
    for u in ["/vacuum/", "/autovacuum/", "/full/"] {
        assert!(hits.contains(&u.to_string()), "{u} missing from {hits:?}");
    }
    assert!(r.index.manifest().shards.len() > 5);
}

#[test]
fn typos_are_tolerated_and_respelled() {
    let mut r = Reader::open(build(corpus(), small_shards()));
    let res = r.search_with("statistcs ", &SearchOptions::default());
    assert_eq!(res.total, 1);
    assert_eq!(res.did_you_mean.as_deref(), Some("statistics "));
    let hits = r.search("vacumm");
    assert!(hits.contains(&"/vacuum/".to_string()), "{hits:?}");
}

#[test]
fn phrases_match_in_order_only() {
    let mut r = Reader::open(build(corpus(), small_shards()));
    assert_eq!(r.search("\"dead tuples\""), vec!["/vacuum/"]);
    assert!(r.search("\"tuples dead\"").is_empty());
}

#[test]
fn and_falls_back_to_partial_matches() {
    let mut r = Reader::open(build(corpus(), small_shards()));
    let res = r.search_with("statistics paper ", &SearchOptions::default());
    assert!(res.partial);
    assert_eq!(res.total, 2);
}

#[test]
fn excerpt_marks_matches_and_sections_become_sub_results() {
    let mut d = doc(
        "/guide/",
        "Guide",
        "Intro text about nothing in particular.",
    );
    d.spans.push(Span::anchored(
        HEADING,
        "Routine Vacuuming",
        "routine-vacuuming",
    ));
    d.spans.push(Span::new(
        BODY,
        "Run vacuum regularly so that dead rows are reclaimed.",
    ));
    let mut r = Reader::open(build(vec![d], small_shards()));
    let hits = r.search_with("vacuum ", &SearchOptions::default());
    let v = r.view(hits.hits[0].doc, "vacuum ");
    let marked: Vec<&str> = v.matches.iter().map(|&(s, e)| &v.excerpt[s..e]).collect();
    assert!(
        marked.iter().any(|m| m.eq_ignore_ascii_case("vacuum")),
        "{marked:?} in {}",
        v.excerpt
    );
    assert_eq!(v.sub.len(), 1);
    assert_eq!(v.sub[0].url, "/guide/#routine-vacuuming");
}

#[test]
fn small_corpus_is_one_inline_blob() {
    let files = build(corpus(), BuilderConfig::default());
    assert_eq!(files.len(), 1, "{:?}", files.keys().collect::<Vec<_>>());
    let mut r = Reader::open(files);
    assert_eq!(r.search("analyze ")[0], "/analyze/");
    assert!(r.fetched.is_empty());
}

#[test]
fn a_damaged_embedded_blob_is_refused_at_open() {
    use scry::format::{decode, encode, Kind, Manifest};
    let files = build(corpus(), BuilderConfig::default());
    let m: Manifest = decode("manifest.bin", Kind::Manifest, &files["manifest.bin"]).unwrap();
    assert!(!m.inline.is_empty());
    let mut cases: Vec<Vec<u8>> = (0..m.inline.len())
        .map(|n| m.inline[..n].to_vec())
        .collect();
    let mut longer = m.inline.clone();
    longer.push(0);
    cases.push(longer);
    let mut count = m.inline.clone();
    count[0] = 0x7f;
    cases.push(count);
    for (i, inline) in cases.into_iter().enumerate() {
        let mut bad = m.clone();
        bad.inline = inline;
        if i == 0 {
            continue; // empty: a manifest with nothing embedded, which is valid
        }
        assert!(
            Index::open(&encode(Kind::Manifest, &bad)).is_err(),
            "case {i} opened"
        );
    }
}

#[test]
fn facets_filter_and_count() {
    let mut docs = corpus();
    for (i, d) in docs.iter_mut().enumerate() {
        d.facets.push((
            "kind".into(),
            if i % 2 == 0 { "command" } else { "concept" }.into(),
        ));
        d.sort_keys.push(("order".into(), format!("{}", 10 - i)));
    }
    let mut r = Reader::open(build(docs, small_shards()));
    let o = SearchOptions {
        limit: 100,
        facets: true,
        filters: vec![scry::Filter {
            facet: "kind".into(),
            mode: scry::FilterMode::Any,
            values: vec!["command".into()],
        }],
        sort: Some("order".into()),
        ..Default::default()
    };
    let res = r.search_with("table", &o);
    let all = &res.facets_all[0].values;
    assert_eq!(res.facets[0].name, "kind");
    assert!(all.iter().any(|(v, n)| v == "concept" && *n > 0));
    assert!(res.facets[0]
        .values
        .iter()
        .any(|(v, n)| v == "concept" && *n == 0));
    let ranks: Vec<u32> = res.hits.iter().map(|h| h.doc).collect();
    let mut sorted = ranks.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(
        ranks, sorted,
        "order key descends with doc id, so ascending sort reverses ids"
    );
}

#[test]
fn builds_are_deterministic() {
    let a = build(corpus(), small_shards());
    let b = build(corpus(), small_shards());
    assert_eq!(a, b);
}

#[test]
fn spilled_build_equals_in_memory_build() {
    let mut spill = small_shards();
    spill.memory_budget_bytes = 1;
    assert_eq!(build(corpus(), spill), build(corpus(), small_shards()));
}

#[test]
fn stem_siblings_match_without_a_stemmer_in_the_reader() {
    let config = BuilderConfig {
        tokenizer: scry::TokenizerConfig {
            language: "en".into(),
            ..Default::default()
        },
        ..small_shards()
    };
    let docs = vec![
        doc("/a/", "Connecting", "How connections are made."),
        doc("/b/", "Connected", "Once connected, the client waits."),
        doc("/c/", "Other", "Nothing about links here."),
    ];
    let mut r = Reader::open(build(docs, config));
    let hits = r.search("connected ");
    assert!(
        hits.contains(&"/a/".to_string()) && hits.contains(&"/b/".to_string()),
        "{hits:?}"
    );
    assert_eq!(hits[0], "/b/", "the exact form ranks first");
}

#[test]
fn a_compound_missing_from_the_vocabulary_matches_as_the_phrase_of_its_parts() {
    let docs = vec![
        doc(
            "/vec/",
            "Struct std::vec::Vec",
            "A contiguous growable array type, written as std::vec::Vec.",
        ),
        doc("/other/", "Vec notes", "vec of vec, loosely."),
        doc("/json/", "json", "Use json.dumps to serialize."),
    ];
    let mut r = Reader::open(build(docs, small_shards()));
    assert_eq!(r.search("vec::Vec "), vec!["/vec/"]);
    assert_eq!(
        r.search("vec::Ve"),
        vec!["/vec/"],
        "the last part is a prefix while typing"
    );
    assert_eq!(r.search("json.dumps "), vec!["/json/"]);
    assert_eq!(r.search("dumps "), vec!["/json/"]);
}

#[test]
fn past_its_head_a_long_document_fetches_only_the_part_its_positions_point_to() {
    // ~88 KiB of text: a head and about twenty tail parts, in several tail bundles.
    let mut body = String::from("Opening words. ");
    for i in 0..4000 {
        body.push_str(&format!("filler{} words here ", i % 7));
        if i == 1800 {
            body.push_str("the zeppelin landed ");
        }
        if i == 3400 {
            body.push_str("a zeppelin and a dirigible ");
        }
    }
    let docs = vec![
        doc("/long/", "Long", &body),
        doc("/other/", "Other", "zeppelin dirigible"),
    ];
    let files = build(docs, small_shards());
    let tails = Reader::open(files.clone()).index.manifest().bundles.tails;
    assert!(tails >= 3, "several tail bundles: {tails}");
    for (q, want) in [
        ("zeppelin ", vec!["the zeppelin landed"]),
        ("dirigible ", vec!["a zeppelin and a dirigible"]),
        (
            "zeppelin dirigible ",
            vec!["the zeppelin landed", "a zeppelin and a dirigible"],
        ),
    ] {
        let mut r = Reader::open(files.clone());
        let hits = r.search_with(q, &SearchOptions::default());
        let long = hits
            .hits
            .iter()
            .find(|h| h.doc == 0)
            .expect("the long page matches");
        let before = r.fetched.len();
        let v = r.view(long.doc, q);
        assert!(
            want.iter().any(|w| v.excerpt.contains(w)),
            "{q:?}: {}",
            v.excerpt
        );
        let fetched = &r.fetched[before..];
        let count = |prefix: &str| fetched.iter().filter(|f| f.starts_with(prefix)).count();
        assert_eq!(count("x"), 1, "one tail bundle: {fetched:?}");
        assert_eq!(count("p-"), 1, "one positions file said where: {fetched:?}");
    }
}

#[test]
fn a_long_document_fetches_its_tail_only_when_neither_title_nor_head_match() {
    let filler = "lorem ipsum dolor sit amet ".repeat(600);
    let body =
        format!("Opening words about vacuum. {filler} and finally the word zeppelin appears.");
    let mut r = Reader::open(build(vec![doc("/long/", "Long", &body)], small_shards()));
    let hits = r.search_with("vacuum ", &SearchOptions::default());
    let fetched_before = r.fetched.len();
    let v = r.view(hits.hits[0].doc, "vacuum ");
    assert!(v.excerpt.contains("vacuum"));
    let tails = |r: &Reader| r.index.manifest().bundles.tails;
    assert_eq!(tails(&r), 1);
    let hits = r.search_with("zeppelin ", &SearchOptions::default());
    assert_eq!(hits.total, 1);
    let v = r.view(hits.hits[0].doc, "zeppelin ");
    let marked: Vec<&str> = v.matches.iter().map(|&(s, e)| &v.excerpt[s..e]).collect();
    assert_eq!(
        marked,
        vec!["zeppelin"],
        "the excerpt comes from the tail: {}",
        v.excerpt
    );
    let _ = fetched_before;

    // A title match explains the result: the head's first words are its excerpt, no tail fetched.
    let mut r = Reader::open(build(
        vec![doc("/zeppelin/", "Zeppelin", &body)],
        small_shards(),
    ));
    let hits = r.search_with("zeppelin ", &SearchOptions::default());
    let before = r.fetched.len();
    let v = r.view(hits.hits[0].doc, "zeppelin ");
    assert!(v.excerpt.starts_with("Opening words"), "{}", v.excerpt);
    assert!(
        r.fetched[before..].iter().all(|f| !f.starts_with('x')),
        "no tail fetched: {:?}",
        &r.fetched[before..]
    );
}

/// Builds `docs` into `dir` as `scry` writes files (gzip, or framed with a dictionary).
fn build_into(dir: &std::path::Path, docs: Vec<Document>, config: BuilderConfig) {
    let mut b = Builder::new(config).unwrap();
    for d in docs {
        b.add(d).unwrap();
    }
    b.finish(&mut |name, bytes| std::fs::write(dir.join(name), bytes))
        .unwrap();
}

/// Pages that share boilerplate, as the pages of one site do; every tenth is long (head + tails).
fn site_pages() -> Vec<Document> {
    let words = [
        "replication",
        "standby",
        "checkpoint",
        "tablespace",
        "sequence",
        "trigger",
        "cursor",
        "partition",
        "collation",
        "extension",
        "publication",
        "subscription",
        "statistics",
    ];
    (0..300)
        .map(|i| {
            let mut body = String::new();
            let paragraphs = if i % 10 == 0 { 60 } else { 4 };
            for p in 0..paragraphs {
                let w = words[(i * 7 + p * 3) % words.len()];
                body.push_str(&format!(
                    "Section {p}. The {w} settings are described in the server configuration \
                     chapter; see the reference page of each command for its options. Page {i} \
                     adds that {w} number {} applies here. ",
                    i * 31 + p
                ));
            }
            Document {
                url: format!("/docs/page-{i}.html"),
                title: format!("Page {i}: {}", words[i % words.len()]),
                spans: vec![
                    Span::anchored(
                        HEADING,
                        format!("About {}", words[i % words.len()]),
                        "about",
                    ),
                    Span::new(BODY, body),
                ],
                ..Default::default()
            }
        })
        .collect()
}

#[test]
fn bundles_compressed_with_a_dictionary_read_back_the_same_and_are_smaller() {
    let with = tempfile::tempdir().unwrap();
    let without = tempfile::tempdir().unwrap();
    let config = |dictionary_bytes| BuilderConfig {
        inline_limit_bytes: 0,
        dictionary_bytes,
        ..Default::default()
    };
    build_into(with.path(), site_pages(), config(2048));
    build_into(without.path(), site_pages(), config(0));
    let listing = |dir: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, std::fs::read(e.path()).unwrap())
            })
            .collect();
        v.sort();
        v
    };
    let stored = |files: &[(String, Vec<u8>)]| -> usize {
        files
            .iter()
            .filter(|(n, _)| n.starts_with(['b', 'x', 'd']))
            .map(|(_, b)| b.len())
            .sum()
    };
    let (a, b) = (listing(with.path()), listing(without.path()));
    let dicts: Vec<_> = a.iter().filter(|(n, _)| n.starts_with("d-")).collect();
    assert_eq!(dicts.len(), 1, "one dictionary");
    assert!(b.iter().all(|(n, _)| !n.starts_with("d-")));
    for (n, bytes) in a.iter().filter(|(n, _)| n.starts_with(['b', 'x'])) {
        assert!(
            bytes.starts_with(b"SCRD"),
            "{n} is framed with its dictionary"
        );
    }
    assert!(
        a.iter().any(|(n, _)| n.starts_with('x')),
        "long pages have tails"
    );
    let (sa, sb) = (stored(&a), stored(&b));
    assert!(
        sa * 10 < sb * 8,
        "dictionary + bundles {sa} vs plain bundles {sb}"
    );

    let mut da = scry::DirIndex::open(with.path()).unwrap();
    let mut db = scry::DirIndex::open(without.path()).unwrap();
    let info = scry::api::info(da.index());
    assert!(
        info.contains(&format!("\"dictionary\":\"{}\"", dicts[0].0)),
        "{info}"
    );
    assert!(!scry::api::info(db.index()).contains("dictionary"));
    for q in [
        "replication",
        "checkpoint settings",
        "number 1860",
        "\"server configuration\"",
    ] {
        let ra = da.search(q, &SearchOptions::default()).unwrap();
        let rb = db.search(q, &SearchOptions::default()).unwrap();
        assert!(!ra.hits.is_empty(), "{q}");
        assert_eq!(ra.hits, rb.hits, "{q}");
        for h in &ra.hits {
            assert_eq!(
                da.document(h.doc, q).unwrap(),
                db.document(h.doc, q).unwrap()
            );
        }
    }

    // A damaged or missing dictionary: an error that names the file, never wrong text.
    let (dict_name, _) = dicts[0];
    let bundle = a
        .iter()
        .find(|(n, _)| n.starts_with('b'))
        .unwrap()
        .0
        .clone();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &vec![b'z'; 2048]).unwrap();
    std::fs::write(with.path().join(dict_name), gz.finish().unwrap()).unwrap();
    let err = scry::index::read_file(&with.path().join(&bundle))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(dict_name.as_str()) && err.contains("corrupt"),
        "{err}"
    );
    let mut fresh = scry::DirIndex::open(with.path()).unwrap();
    assert!(fresh.document(0, "").is_err());
    std::fs::remove_file(with.path().join(dict_name)).unwrap();
    let err = scry::index::read_file(&with.path().join(&bundle))
        .unwrap_err()
        .to_string();
    assert!(err.contains(dict_name.as_str()), "{err}");
}
