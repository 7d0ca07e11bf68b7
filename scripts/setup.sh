#!/usr/bin/env bash
# Installs, idempotently, everything the demo and the tests need: the wasm target and rust-src, wasm-bindgen-cli
# at the exact version the crate pins, Debian's Chromium, and the node packages for the browser tests and wasm-opt.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup] $*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! rustup component list --installed 2>/dev/null | grep -q '^rust-src'; then
  log "adding the rust-src component (the wasm build rebuilds std for size)"
  rustup component add rust-src || log "rust-src unavailable: scripts/build-wasm.sh falls back to a plain build"
fi

want=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (about 2 minutes)"
  cargo install -q wasm-bindgen-cli --version "$want"
fi

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -d tests/browser/node_modules/binaryen ] \
   || [ tests/browser/package.json -nt tests/browser/node_modules/.package-lock.json ]; then
  log "installing node packages for the browser tests"
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi
