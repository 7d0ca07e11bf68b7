//! Writes seed corpora for the fuzz targets into `fuzz/corpus/<target>/`, from the real files of a
//! freshly built index (and of the committed format-1 fixture, when present):
//! `cargo run --manifest-path fuzz/Cargo.toml --bin seeds`.

use std::io::Read;
use std::path::{Path, PathBuf};

use scry_fuzz::{base, bundle_payload, positions_stream, QUERIES};

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let d = dir.join(target);
    std::fs::create_dir_all(&d).expect("create corpus dir");
    std::fs::write(d.join(format!("seed-{name}")), bytes).expect("write seed");
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir: PathBuf = root.join("corpus");
    let b = base();
    write(&dir, "manifest", "base", &b.files[scry::format::MANIFEST]);
    for (name, bytes) in &b.files {
        match name.chars().next() {
            Some('t') => write(&dir, "shard", name, bytes),
            Some('p') => write(&dir, "positions", name, &positions_stream(bytes)),
            Some('f') => write(&dir, "facet", name, bytes),
            Some('o') => write(&dir, "sort", name, bytes),
            Some('b') => write(&dir, "bundle", name, &bundle_payload(bytes)),
            Some('x') => write(&dir, "tail", name, &bundle_payload(bytes)),
            _ => {}
        }
    }
    // The format-1 fixture's files, inflated: more shapes of the same structures.
    let fixture = root.join("../tests/fixtures/index-v1");
    if let Ok(entries) = std::fs::read_dir(&fixture) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(gz) = std::fs::read(e.path()) else {
                continue;
            };
            let mut bytes = Vec::new();
            if flate2::read::GzDecoder::new(gz.as_slice())
                .read_to_end(&mut bytes)
                .is_err()
            {
                continue;
            }
            let target = match name.chars().next() {
                Some('m') => "manifest",
                Some('t') => "shard",
                Some('p') => {
                    write(
                        &dir,
                        "positions",
                        &format!("v1-{name}"),
                        &positions_stream(&bytes),
                    );
                    continue;
                }
                Some('f') => "facet",
                Some('o') => "sort",
                Some('b') => {
                    write(
                        &dir,
                        "bundle",
                        &format!("v1-{name}"),
                        &bundle_payload(&bytes),
                    );
                    continue;
                }
                _ => continue,
            };
            write(&dir, target, &format!("v1-{name}"), &bytes);
        }
    }
    let options = [
        "",
        r#"{"limit":5,"offset":1,"facets":true}"#,
        r#"{"filters":[{"facet":"kind","mode":"any","values":["command"]}],"sort":"-order"}"#,
        r#"{"filters":[{"facet":"tag","mode":"all","values":["t1","t2"]},{"facet":"kind","mode":"none","values":["x"]}],"sort":"order","limit":100}"#,
    ];
    for (i, q) in QUERIES.iter().enumerate() {
        for (j, o) in options.iter().enumerate() {
            let mut input = q.as_bytes().to_vec();
            if !o.is_empty() {
                input.push(0);
                input.extend_from_slice(o.as_bytes());
            }
            write(&dir, "query", &format!("{i}-{j}"), &input);
        }
    }
    for (j, o) in options.iter().enumerate().skip(1) {
        write(&dir, "json", &format!("options-{j}"), o.as_bytes());
    }
    write(
        &dir,
        "json",
        "values",
        br#"[1, -2.5e3, "a\u00e9\n", true, false, null, {"k": [{}]}]"#,
    );
    println!("seeds written to {}", dir.display());
}
