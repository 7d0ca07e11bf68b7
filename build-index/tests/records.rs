//! `scry --records` end to end: JSON Lines, JSON arrays and CSV with broken records, each named
//! by file and line, the rest indexed.

mod common;

use common::*;
use std::path::PathBuf;

/// Builds the fixture `records` (with the fixture `config`) into a temporary `out` folder, which
/// must succeed; the temporary folder, `out` and the build's stderr.
fn build(records: &str, config: Option<&str>) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = fixture("records").join(records);
    let config = config.map(|c| fixture("records").join(c));
    let extra = match &config {
        Some(c) => vec!["--config", arg(c)],
        None => vec![],
    };
    let err = assert_ok(&build_records(&file, &out, &extra));
    (dir, out, err)
}

fn warning_for(err: &str, file_line: &str) -> Option<String> {
    err.lines()
        .find(|l| l.starts_with("warning:") && l.contains(file_line))
        .map(str::to_string)
}

/// Asserts that the first warning at `file_line` (`FILE:LINE:`) says `what`.
#[track_caller]
fn assert_warning(err: &str, file_line: &str, what: &str) {
    assert!(
        warning_for(err, file_line).is_some_and(|w| w.contains(what)),
        "{err}"
    );
}

#[test]
fn json_lines_with_broken_lines_index_the_rest_and_name_each_line() {
    let (_dir, out, err) = build("cases.jsonl", Some("scry.toml"));
    for (line, why) in [
        (3, "invalid JSON"),
        (4, "field `title`"),
        (4, "field `year`"),
        (6, "expected a JSON object, found an array"),
        (8, "duplicate id \"c1\""),
        (9, "field `id`: expected text or a number, found an object"),
        (10, "field `tags`"),
        (11, "no `id` field"),
        (12, "no text"),
    ] {
        let at = format!("cases.jsonl:{line}:");
        let found = err
            .lines()
            .any(|l| l.starts_with("warning:") && l.contains(&at) && l.contains(why));
        assert!(found, "expected a warning at {at} about {why:?}:\n{err}");
    }
    assert!(warning_for(&err, "cases.jsonl:1:").is_none(), "{err}");
    assert!(err.contains("Indexed 5 records"), "{err}");

    let (total, rows) = search(&out, "seagrass", &[]);
    assert_eq!(total, 1);
    assert_eq!(rows[0].0, "https://example.org/cases/c1");
    assert_eq!(rows[0].1, "Seagrass restoration");
    // The record whose title was an object gets its first words as title.
    let (_, rows) = search(&out, "kelp", &[]);
    assert_eq!(rows[0].1, "Kelp farmers share a cooperative warehouse.");
    // Facets from arrays and from strings; the duplicate was skipped, the first kept.
    assert_eq!(search(&out, "volunteers", &["--filter", "tags:coast"]).0, 1);
    assert_eq!(search(&out, "residents", &["--filter", "tags:maps"]).0, 1);
    assert_eq!(search(&out, "duplicate", &[]).0, 0);
    assert_eq!(search(&out, "mangrove", &[]).0, 1);
}

#[test]
fn json_array_and_csv_work_and_name_bad_records() {
    let (_dir, out, err) = build("cases.json", Some("scry.toml"));
    assert_warning(&err, "cases.json:3:", "field `title`");
    assert_warning(&err, "cases.json:4:", "found a string");
    assert!(err.contains("Indexed 3 records"), "{err}");
    assert_eq!(search(&out, "oyster", &[]).0, 1);

    let (_dir, out, err) = build("cases.csv", Some("scry.toml"));
    assert_warning(&err, "cases.csv:3:", "row has 3 cells, the header has 5");
    assert_warning(&err, "cases.csv:4:", "row has 7 cells");
    assert!(err.contains("Indexed 2 records"), "{err}");
    assert_eq!(
        search(&out, "parrotfish", &["--filter", "tags:science"]).0,
        1,
        "CSV lists split at ';'"
    );
    let (_, rows) = search(&out, "lifeguards", &[]);
    assert_eq!(rows[0].1, "Quoted, title");

    let (_dir, out, err) = build("bad-utf8.csv", None);
    assert_warning(&err, "bad-utf8.csv:2:", "invalid UTF-8");
    assert_eq!(search(&out, "puffin", &[]).0, 1);
}

#[test]
fn javascript_urls_are_refused() {
    let (_dir, out, err) = build("urls.jsonl", Some("urls.toml"));
    assert_warning(&err, "urls.jsonl:1:", "javascript:");
    assert_eq!(search(&out, "narwhal", &[]).0, 0);
    assert_eq!(search(&out, "walrus", &[]).1[0].0, "https://example.org/w");
}

#[test]
fn the_demo_corpus_works_without_and_with_a_config() {
    let data =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/opsi-cases.jsonl");
    let data = if data.is_file() {
        data
    } else {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../www/demo/opsi-cases.jsonl")
    };
    if !data.is_file() {
        eprintln!("skipping: no opsi-cases.jsonl here");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let err = assert_ok(&build_records(&data, &out, &[]));
    assert!(err.contains("guessed"), "a guessed mapping is shown: {err}");
    assert!(err.contains("Indexed 10 records"), "{err}");
    let (total, rows) = search(&out, "ukraine", &[]);
    assert_eq!(total, 1);
    assert!(
        rows[0].1.ends_with('…'),
        "title from the first words: {:?}",
        rows[0].1
    );

    let config = dir.path().join("scry.toml");
    std::fs::write(
        &config,
        "language = \"en\"\n[records]\nid = \"id\"\nurl = \"https://oecd-opsi.org/innovations/#{id}\"\ntitle_from = \"body\"\ntitle_words = 10\ntext = { body = 1.0 }\nfacets = [\"source\"]\n",
    )
    .unwrap();
    let o = build_records(&data, &out, &["--config", arg(&config), "--quiet"]);
    assert_ok(&o);
    assert!(
        o.stderr.is_empty(),
        "--quiet prints nothing on success: {}",
        stderr(&o)
    );
    let (_, rows) = search(
        &out,
        "councils",
        &["--filter", "source:https://oecd-opsi.org/innovations/"],
    );
    assert!(
        !rows.is_empty(),
        "stemming (council/councils) and the facet filter"
    );
    assert!(rows[0]
        .0
        .starts_with("https://oecd-opsi.org/innovations/#opsi-"));
}

#[test]
fn records_need_an_out_folder_and_a_readable_file() {
    let o = run(&[
        "--records",
        fixture("records").join("cases.jsonl").to_str().unwrap(),
    ]);
    let err = assert_fails(&o);
    assert!(err.contains("--out"), "{err}");
    let o = run(&["--records", "/nonexistent/file.jsonl", "--out", "/tmp/x"]);
    let err = assert_fails(&o);
    assert!(err.contains("/nonexistent/file.jsonl"), "{err}");
}

#[test]
fn records_with_nothing_usable_fail_and_a_broken_array_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "not json\n{\"id\": 1}\n[1]\n").unwrap();
    let out = dir.path().join("out");
    let err = assert_fails(&build_records(&bad, &out, &[]));
    assert!(
        err.contains("bad.jsonl:1:") && err.contains("bad.jsonl:3:"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");

    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "[\n  {\"id\": \"a\", \"body\": \"x\"},\n  {\"id\": \"b\" \"body\": \"y\"}\n]\n",
    )
    .unwrap();
    // The array is streamed: the record before the break is indexed, the broken one is named.
    let err = assert_ok(&build_records(&broken, &out, &[]));
    assert!(err.contains("broken.json:3: invalid JSON"), "{err}");
    assert!(err.contains("Indexed 1 record"), "{err}");
}

/// Runs the binary with `args`, sampling its peak resident memory (Linux); output and peak MiB.
#[cfg(target_os = "linux")]
fn run_measured(args: &[&str]) -> (std::process::Output, u64) {
    let mut child = spawn_piped(args);
    let mut peak = 0u64;
    // The output is small (a few warnings): the pipes do not fill while we sample.
    while child.try_wait().unwrap().is_none() {
        if let Some(mib) = peak_rss_mib(child.id()) {
            peak = peak.max(mib);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    (child.wait_with_output().unwrap(), peak)
}

#[test]
#[cfg(target_os = "linux")]
fn a_57_mb_record_is_cut_with_warnings_and_memory_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    // 57 MB in all: 37 MB of text, a 10 MB title and a 10 MB meta field.
    let body = "lorem ipsum dolor sit amet ".repeat((37 << 20) / 27);
    let huge = serde_json::json!({
        "id": "huge",
        "url": "/huge",
        "title": "T".repeat(10 << 20),
        "body": body,
        "image": "x".repeat(10 << 20),
    });
    let small = serde_json::json!({"id": "s", "url": "/s", "title": "Small", "body": "guillemot"});
    let lines = format!("{small}\n{huge}\n");
    let jsonl = dir.path().join("big.jsonl");
    std::fs::write(&jsonl, &lines).unwrap();
    let array = dir.path().join("big.json");
    std::fs::write(&array, format!("[{small},\n{huge}]")).unwrap();
    let config = dir.path().join("scry.toml");
    std::fs::write(
        &config,
        "[records]\ntext = [\"body\"]\nmeta = [\"image\"]\n[index]\nmemory_mb = 64\n",
    )
    .unwrap();
    for (file, line) in [(&jsonl, 2), (&array, 2)] {
        let out = dir.path().join("out");
        let (o, peak) = run_measured(&[
            "--records",
            arg(file),
            "--config",
            arg(&config),
            "--out",
            arg(&out),
        ]);
        let err = stderr(&o);
        assert!(o.status.success(), "{err}");
        assert!(peak < 200, "{}: peak RSS {peak} MiB", file.display());
        let at = format!("{}:{line}: ", file.display());
        for what in ["field `body`", "the title is", "field `image`"] {
            assert!(
                err.lines().any(|l| l.contains(&at) && l.contains(what)),
                "no warning about {what} at {at}: {err}"
            );
        }
        let (total, rows) = search(&out, "lorem", &[]);
        assert_eq!(total, 1);
        assert!(rows[0].1.len() <= 1024, "the title was cut");
        assert_eq!(search(&out, "guillemot", &[]).0, 1);
    }
}

#[test]
fn off_site_urls_utf16_empty_files_and_repeated_columns_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = dir.path().join("links.jsonl");
    std::fs::write(
        &file,
        [
            r#"{"id": "1", "url": "//evil.example/x", "title": "a", "body": "a"}"#,
            r#"{"id": "2", "url": "\\\\evil.example\\y", "title": "b", "body": "b"}"#,
            r#"{"id": "3", "url": "/\\evil.example", "title": "c", "body": "c"}"#,
            r#"{"id": "4", "url": "/fine", "title": "d", "body": "kittiwake"}"#,
            r#"{"id": "5", "url": "https://other.example/ok", "title": "e", "body": "kittiwake"}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let err = assert_ok(&build_records(&file, &out, &[]));
    for line in 1..=3 {
        assert!(
            err.contains(&format!("links.jsonl:{line}: URL")) && err.contains("another host"),
            "{err}"
        );
    }
    assert_eq!(search(&out, "kittiwake", &[]).0, 2);
    // Allowed for the //host form when the config says so.
    let config = dir.path().join("scry.toml");
    std::fs::write(&config, "[records]\nallow_protocol_relative_urls = true\n").unwrap();
    let err = stderr(&build_records(&file, &out, &["--config", arg(&config)]));
    assert!(!err.contains("links.jsonl:1:"), "{err}");
    assert!(
        err.contains("links.jsonl:2:") && err.contains("links.jsonl:3:"),
        "{err}"
    );

    let utf16 = dir.path().join("u.jsonl");
    let text: Vec<u8> = "\u{feff}{\"id\": \"1\", \"body\": \"x\"}\n"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    std::fs::write(&utf16, text).unwrap();
    let err = assert_fails(&build_records(&utf16, &out, &[]));
    assert!(err.contains("UTF-16"), "{err}");

    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let err = assert_fails(&build_records(&empty, &out, &[]));
    assert!(
        err.contains("holds no records") && !err.contains("warnings above"),
        "{err}"
    );

    let csv = dir.path().join("dup.csv");
    std::fs::write(&csv, "id,title,body,title\n1,First,puffin,Second\n").unwrap();
    let err = assert_ok(&build_records(&csv, &out, &[]));
    assert!(err.contains("column 4 repeats the name \"title\""), "{err}");
    assert_eq!(search(&out, "puffin", &[]).1[0].1, "First");
}
