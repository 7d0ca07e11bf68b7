//! The engine benchmark on a real site: build time and index bytes (through the `scry`
//! binary), then native query latency per kind of query (terms, short prefixes, 1- and 2-edit typos,
//! phrases, filtered) with every file the queries need already loaded — the browser's warm state.
//!
//!   cargo bench -p scry-search --bench engine                      # PostgreSQL docs
//!   cargo bench -p scry-search --bench engine -- /path/to/site     # any site
//!
//! It prints figures; it asserts nothing (timings on a shared 2-core machine are noisy).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use build_index::html::{extract, ExtractOptions};
use scry::document::{Document, Span, BODY, HEADING};
use scry::{Builder, BuilderConfig, DirIndex, Filter, FilterMode, SearchOptions, TokenizerConfig};

const DEFAULT_SITE: &str = "/usr/share/doc/postgresql-doc-15/html";

fn main() {
    let site = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SITE));
    if !site.is_dir() {
        eprintln!(
            "{} is not a folder (apt-get install postgresql-doc-15, or pass a site folder)",
            site.display()
        );
        return;
    }
    let scratch = std::env::temp_dir().join(format!("scry-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");

    // 1. The CLI, as a user runs it.
    let out = scratch.join("cli");
    let t = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_scry"))
        .args(["--quiet", "--site"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .status()
        .expect("run build-index");
    let build_time = t.elapsed();
    assert!(status.success(), "build-index failed");
    let (files, bytes, index_bytes) = folder_size(&out);
    println!("site: {}", site.display());
    println!(
        "build-index: {:.2} s, {files} files, {} KiB on disk ({} KiB index files)",
        build_time.as_secs_f64(),
        bytes / 1024,
        index_bytes / 1024
    );

    // 2. The same pages with a facet (the page's chapter, from its file name) for filtered queries.
    let faceted = scratch.join("faceted");
    let t = Instant::now();
    let docs = build_faceted(&site, &faceted);
    println!(
        "faceted library build: {docs} documents in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let mut index = DirIndex::open(&faceted).expect("open index");
    let kinds: [(&str, &[&str], bool); 7] = [
        (
            "single terms",
            &[
                "vacuum ",
                "replication ",
                "trigger ",
                "index ",
                "transaction ",
                "sequence ",
                "postgres_fdw ",
                "tablespace ",
            ],
            false,
        ),
        (
            "two terms",
            &[
                "create index ",
                "foreign key ",
                "wal archive ",
                "logical replication ",
            ],
            false,
        ),
        (
            "short prefixes",
            &["va", "rep", "tri", "con", "sel", "auto", "jso", "ind"],
            false,
        ),
        (
            "1-edit typos",
            &[
                "vacum ",
                "replicaton ",
                "trigegr ",
                "indx ",
                "sequnce ",
                "tablspace ",
            ],
            false,
        ),
        (
            "2-edit typos",
            &[
                "replcaiton ",
                "autovacum ",
                "transacton ",
                "tablsepace ",
                "partitoning ",
                "subscripton ",
            ],
            false,
        ),
        (
            "phrases",
            &[
                "\"dead tuples\" ",
                "\"write ahead log\" ",
                "\"foreign key\" ",
                "\"create table\" ",
            ],
            false,
        ),
        (
            "filtered",
            &["table ", "index ", "function ", "replication "],
            true,
        ),
    ];
    println!();
    println!("| queries | median | p90 | results (first query) |");
    println!("|---|---|---|---|");
    for (label, queries, filtered) in kinds {
        let mut options = SearchOptions::default();
        if filtered {
            options.filters = vec![Filter {
                facet: "chapter".into(),
                mode: FilterMode::Any,
                values: vec!["sql".into(), "functions".into()],
            }];
            options.facets = true;
        }
        // Warm: load the files each query needs.
        let mut first_total = 0;
        for (i, q) in queries.iter().enumerate() {
            let r = index.search(q, &options).expect("search");
            if i == 0 {
                first_total = r.total;
            }
        }
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..30 {
            for q in queries.iter() {
                let t = Instant::now();
                let r = index.search(q, &options).expect("search");
                times.push(t.elapsed());
                std::hint::black_box(r);
            }
        }
        times.sort();
        let median = times[times.len() / 2];
        let p90 = times[times.len() * 9 / 10];
        println!(
            "| {label} | {:.3} ms | {:.3} ms | {first_total} |",
            ms(median),
            ms(p90)
        );
    }
    // Bytes a cold reader fetches (gzip, as on the wire) for one query and its top 5 results'
    // data: the index's share of a first search (the JS and the wasm come on top).
    println!();
    println!("| first query, cold (CLI-built index) | files | KiB (gzip) |");
    println!("|---|---|---|");
    for q in [
        "vacuum",
        "create index",
        "autovac",
        "vacum",
        "\"dead tuples\"",
        "replication slot lag",
    ] {
        let mut cold = DirIndex::open(&out).expect("open index");
        let r = cold.search(q, &SearchOptions::default()).expect("search");
        for h in r.hits.iter().take(5) {
            cold.document(h.doc, q).expect("document");
        }
        let mut bytes = std::fs::metadata(out.join("manifest.bin"))
            .map(|m| m.len())
            .unwrap_or(0);
        for f in &cold.files_read {
            bytes += std::fs::metadata(out.join(f)).map(|m| m.len()).unwrap_or(0);
        }
        println!(
            "| `{q}` | {} | {:.1} |",
            cold.files_read.len() + 1,
            bytes as f64 / 1024.0
        );
    }
    println!();
    let mut doc_times = Vec::new();
    for q in ["vacuum ", "create index "] {
        let r = index.search(q, &SearchOptions::default()).expect("search");
        for h in r.hits.iter().take(5) {
            index.document(h.doc, q).expect("document");
            let t = Instant::now();
            std::hint::black_box(index.document(h.doc, q).expect("document"));
            doc_times.push(t.elapsed());
        }
    }
    doc_times.sort();
    if !doc_times.is_empty() {
        println!(
            "| excerpt of one result | {:.3} ms | | |",
            ms(doc_times[doc_times.len() / 2])
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Files, total bytes, and bytes of index files (`*.bin`) under `dir`.
fn folder_size(dir: &Path) -> (u64, u64, u64) {
    let (mut files, mut bytes, mut index) = (0, 0, 0);
    for entry in std::fs::read_dir(dir).expect("read output").flatten() {
        let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
        files += 1;
        bytes += len;
        if entry.path().extension().is_some_and(|e| e == "bin") {
            index += len;
        }
    }
    (files, bytes, index)
}

/// Indexes every page of `site` with a `chapter` facet; returns the number of documents.
fn build_faceted(site: &Path, out: &Path) -> usize {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(site)
        .expect("read site")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    let config = BuilderConfig {
        tokenizer: TokenizerConfig {
            language: "en".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut builder = Builder::new(config).expect("builder");
    let opts = ExtractOptions::default();
    for path in &pages {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let page = extract(&String::from_utf8_lossy(&bytes), &opts);
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let chapter = name.split('-').next().unwrap_or(name).to_string();
        let spans = page
            .spans
            .into_iter()
            .map(|s| match (s.heading, s.anchor) {
                (true, Some(a)) => Span::anchored(HEADING, s.text, a),
                (true, None) => Span::new(HEADING, s.text),
                (false, _) => Span::new(BODY, s.text),
            })
            .collect();
        builder
            .add(Document {
                url: format!("/{name}.html"),
                title: page.title,
                spans,
                facets: vec![("chapter".into(), chapter)],
                ..Default::default()
            })
            .expect("add");
    }
    std::fs::create_dir_all(out).expect("out");
    builder
        .finish(&mut |name, bytes| std::fs::write(out.join(name), bytes))
        .expect("finish");
    pages.len()
}
