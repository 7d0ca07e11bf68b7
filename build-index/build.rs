//! Embeds the browser assets (scry.js, scry-api.js, scry-highlight.js, the worker, the wasm, the
//! CSS) in the binary, so `scry` alone writes a complete, servable search folder.
//!
//! They come from `assets/` inside this crate: `scripts/build-wasm.sh` builds them into `www/dist/`
//! and copies them here, and `cargo package` ships them, so `cargo install scry-search` needs no
//! wasm toolchain. A checkout without them does not compile: the error says how to make them (a
//! binary without its assets would write indexes no browser can use).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The files a complete asset folder holds; a folder missing one is an incomplete build.
const REQUIRED: &[&str] = &[
    "scry.js",
    "scry-api.js",
    "scry-highlight.js",
    "scry-worker.js",
    "scry.css",
    "scry_wasm_bg.wasm",
];

fn main() {
    let manifest_dir =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let assets = manifest_dir.join("assets");
    println!("cargo:rerun-if-changed={}", assets.display());
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    if assets.is_dir() {
        collect(&assets, &assets, &mut files);
    }
    files.sort();
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|r| !files.iter().any(|(name, _)| name == r))
        .collect();
    let mut code = String::new();
    if !missing.is_empty() {
        writeln!(
            code,
            "compile_error!({:?});",
            format!(
                "scry's browser assets are missing from {} (no {}). Build them with \
                 `scripts/build-wasm.sh` (it needs `scripts/setup.sh` once: the wasm32 target, \
                 wasm-bindgen-cli, node packages), then build again. A packaged crate carries them.",
                assets.display(),
                missing.join(", ")
            )
        )
        .unwrap();
    }
    code.push_str(
        "/// Browser assets from `assets/`: (path relative to the output folder, bytes).\n",
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
