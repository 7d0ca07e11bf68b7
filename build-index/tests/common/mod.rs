//! Helpers for the end-to-end tests: run the real binary, copy fixtures, search an index.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scry"));
    // Never pick up a scry.toml from wherever the tests run.
    c.current_dir(std::env::temp_dir());
    c
}

/// Runs the binary with `args`.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run build-index")
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The committed fixtures folder `tests/fixtures/corpora/NAME`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/corpora")
        .join(name)
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `scry search --json` → (total, [(url, title, excerpt)]).
pub fn search(index: &Path, query: &str, extra: &[&str]) -> (u64, Vec<(String, String, String)>) {
    let mut args = vec![
        "search",
        "--index",
        index.to_str().unwrap(),
        "--json",
        "--limit",
        "50",
    ];
    args.extend_from_slice(extra);
    args.push(query);
    let o = run(&args);
    assert!(
        o.status.success(),
        "search {query:?} failed: {}",
        stderr(&o)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).expect("search --json prints JSON");
    let results = v["results"].as_array().unwrap();
    for r in results {
        assert!(r["score"].is_number(), "{r}");
    }
    let rows = results
        .iter()
        .map(|r| {
            (
                r["url"].as_str().unwrap().to_string(),
                r["title"].as_str().unwrap().to_string(),
                r["excerpt"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (v["total"].as_u64().unwrap(), rows)
}

/// Every file under `dir` with its bytes, sorted: a snapshot to compare.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}
