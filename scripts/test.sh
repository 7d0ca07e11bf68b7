#!/usr/bin/env bash
# Every test: formatting, lints, doc links, the Rust tests (unit, integration, oracle property tests), a real
# wasm build, the fuzz targets compiled, and the browser tests in Chromium. Installs what it needs.
#   scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step prints its wall time when the next starts, and a summary at the end.
t0=$SECONDS; last=$SECONDS; name=""; times=()
step() {
  [ -n "$name" ] && times+=("$(printf '%4ds  %s' $((SECONDS - last)) "$name")")
  name=$*; last=$SECONDS
  printf '\n== %s\n' "$*" >&2
}
summary() {
  [ -n "$name" ] && times+=("$(printf '%4ds  %s' $((SECONDS - last)) "$name")")
  printf '\n== timings\n' >&2
  printf '%s\n' "${times[@]}" >&2
  printf '%4ds  total\n' $((SECONDS - t0)) >&2
}
trap summary EXIT

step "setup"
scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "wasm module and browser assets (www/dist/)"
scripts/build-wasm.sh

step "cargo clippy -D warnings (native and wasm32)"
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q --lib --target wasm32-unknown-unknown --no-default-features --features wasm -- -D warnings

step "cargo doc -D warnings (no broken doc links)"
RUSTDOCFLAGS="-D warnings" cargo doc -q --no-deps --workspace

step "cargo test"
cargo test -q --workspace 2>&1

if [ -f fuzz/Cargo.toml ]; then
  step "fuzz targets compile"
  cargo check -q --manifest-path fuzz/Cargo.toml --bins
fi

step "browser tests"
# The wasm and the assets were built above: run.sh does not build them again.
SCRY_ASSETS_BUILT=1 tests/browser/run.sh

step "install test: scripts/package.sh, then npm, pip and cargo install from the packed files"
tests/package/run.sh

step "generator integrations (real generators, in Chromium)"
tests/integrations/run.sh
