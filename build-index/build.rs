//! Embeds every file of `www/dist/` (the browser assets made by `scripts/build-wasm.sh`) in the
//! binary, so `build-index` alone can write a complete, servable search folder.
//!
//! A fresh clone has no `www/dist/` yet: the crate still builds (so `cargo test` and clippy work), with
//! an empty asset list that the binary reports at run time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let www = manifest_dir.join("..").join("www");
    let dist = www.join("dist");
    let mut files = Vec::new();
    if dist.is_dir() {
        println!("cargo:rerun-if-changed={}", dist.display());
        collect(&dist, &dist, &mut files);
    } else if www.is_dir() {
        // Watching www/ notices when dist/ appears.
        println!("cargo:rerun-if-changed={}", www.display());
    } else {
        println!("cargo:rerun-if-changed=build.rs");
    }
    files.sort();
    let mut code = String::new();
    code.push_str(
        "/// Browser assets from `www/dist/`: (path relative to the output folder, bytes).\n",
    );
    code.push_str("pub static ASSETS: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("assets.rs");
    std::fs::write(out, code).expect("write assets.rs");
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else if path.is_file() {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, path.canonicalize().unwrap_or(path)));
        }
    }
}
