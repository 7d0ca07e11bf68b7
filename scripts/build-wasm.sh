#!/usr/bin/env bash
# Builds every browser asset into www/dist/ under its final name — scry.js, scry-api.js,
# scry-highlight.js, scry-worker.js (with the wasm-bindgen glue bundled in), scry.css,
# scry_wasm_bg.wasm — and prints their gzip sizes.
# Then copies them to build-index/assets/, which the scry CLI embeds (and its packaged crate ships)
# and copies next to the index files it writes.
#
#   scripts/build-wasm.sh            # needs: the wasm32 target, wasm-bindgen-cli, tests/browser/node_modules,
#                                    # rust-src for the smaller build (scripts/setup.sh installs them all)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[build-wasm] $*" >&2; }

want=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "wasm-bindgen $want is needed (found: ${have:-none}); run scripts/setup.sh" >&2
  exit 1
fi
[ -d tests/browser/node_modules/esbuild ] || { echo "tests/browser/node_modules is missing; run scripts/setup.sh" >&2; exit 1; }

# Preferred: std rebuilt for size with panics that trap at once (no panic messages or formatting
# machinery in the module; about 8 KiB gzip less). It needs the rust-src component and nightly flags
# (RUSTC_BOOTSTRAP on the stable toolchain), so a plain build is the fallback. Its own target dir keeps
# the usual build's cache intact. -Zlocation-detail=none drops the source paths that
# #[track_caller] functions still carry (their panics trap without a message anyway).
wasm_args=(--lib --target wasm32-unknown-unknown --profile wasm --no-default-features --features wasm)
if RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
   cargo build -q "${wasm_args[@]}" -Z build-std=std,panic_abort --target-dir target/wasm-build-std; then
  log "cargo build (wasm32, profile wasm): build-std, panic=immediate-abort"
  wasm=target/wasm-build-std/wasm32-unknown-unknown/wasm/scry.wasm
else
  log "build-std failed; cargo build (wasm32, profile wasm): plain std (a larger module)"
  cargo build -q "${wasm_args[@]}"
  wasm=target/wasm32-unknown-unknown/wasm/scry.wasm
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name scry_wasm "$wasm"

log "wasm-opt -Oz"
# binaryen from npm (pinned in tests/browser/package.json), never the system one; only the features
# wasm-bindgen's output uses, so the module keeps loading in every browser that has them.
# Flattening and re-relooping before two -Oz rounds gives about 1 KiB (gzip) less than one -Oz;
# the producers and target-features sections are informational.
# --low-memory-unused lets loads and stores take a constant offset instead of an add (about 0.7 KiB
# gzip). It only differs where `pointer + offset` wraps past 4 GiB into the first KiB of memory;
# Rust never forms such pointers (the first KiB is the far end of the 1 MiB stack: it places the
# stack first and statics after it).
tests/browser/node_modules/.bin/wasm-opt --low-memory-unused --flatten --rereloop -Oz -Oz --converge \
  --strip-producers --strip-target-features \
  --enable-reference-types --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-multivalue --enable-mutable-globals \
  "$tmp/scry_wasm_bg.wasm" -o "$tmp/scry_wasm_bg.opt.wasm"
mv "$tmp/scry_wasm_bg.opt.wasm" "$tmp/scry_wasm_bg.wasm"

log "assets -> www/dist/"
node tests/browser/build-assets.mjs --glue "$tmp" --out www/dist

log "www/dist/ -> build-index/assets/ (embedded by the scry CLI)"
rm -rf build-index/assets.new
cp -r www/dist build-index/assets.new
rm -rf build-index/assets
mv build-index/assets.new build-index/assets
