//! Helpers for the end-to-end tests: run the real binary, copy fixtures, search an index.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

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

/// Spawns the binary with `args`, its stdout and stderr piped to the test.
pub fn spawn_piped(args: &[&str]) -> Child {
    bin()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn build-index")
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `scry --site SITE [--out OUT] EXTRA...`
pub fn build_site(site: &Path, out: Option<&Path>, extra: &[&str]) -> Output {
    let mut args = vec!["--site", arg(site)];
    if let Some(out) = out {
        args.extend(["--out", arg(out)]);
    }
    args.extend_from_slice(extra);
    run(&args)
}

/// `scry --records FILE --out OUT EXTRA...`
pub fn build_records(file: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--records", arg(file), "--out", arg(out)];
    args.extend_from_slice(extra);
    run(&args)
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts that the run succeeded (showing its stderr if not); its stderr.
#[track_caller]
pub fn assert_ok(o: &Output) -> String {
    let err = stderr(o);
    assert!(o.status.success(), "{err}");
    err
}

/// Asserts that the run failed (showing its stderr if not); its stderr.
#[track_caller]
pub fn assert_fails(o: &Output) -> String {
    let err = stderr(o);
    assert!(!o.status.success(), "{err}");
    err
}

/// A temporary folder holding the folder `name` with `files` (relative path, contents) written
/// in it, parent folders made as needed; the temporary folder and the path of `name`.
pub fn temp_tree(name: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(name);
    std::fs::create_dir_all(&root).unwrap();
    write_files(&root, files);
    (dir, root)
}

/// Writes `files` (relative path, contents) under `root`, making parent folders as needed.
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (rel, contents) in files {
        let file = root.join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, contents).unwrap();
    }
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

/// `scry search --index INDEX ARGS...`
pub fn run_search(index: &Path, args: &[&str]) -> Output {
    let mut all = vec!["search", "--index", arg(index)];
    all.extend_from_slice(args);
    run(&all)
}

/// `scry search --json` → (total, [(url, title, excerpt)]).
pub fn search(index: &Path, query: &str, extra: &[&str]) -> (u64, Vec<(String, String, String)>) {
    let mut args = vec!["--json", "--limit", "50"];
    args.extend_from_slice(extra);
    args.push(query);
    let o = run_search(index, &args);
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

/// Peak resident memory of a process, in MiB (Linux).
pub fn peak_rss_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
