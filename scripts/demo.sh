#!/usr/bin/env bash
# The demo: builds the wasm and the browser assets, the scry CLI, indexes the OPSI sample
# (www/demo/opsi-cases.jsonl with www/demo/scry.toml) into demo-out/, and serves it on 127.0.0.1.
#   scripts/demo.sh            # http://127.0.0.1:8080/
#   PORT=9000 scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}

scripts/setup.sh
scripts/build-wasm.sh
echo "[demo] cargo build --release -p scry-search" >&2
cargo build -q --release -p scry-search

rm -rf demo-out
node www/demo/build.mjs demo-out
target/release/scry --records www/demo/opsi-cases.jsonl --config www/demo/scry.toml --out demo-out/scry

echo "[demo] serving demo-out/ at http://127.0.0.1:$port/ (Ctrl-C stops)" >&2
if target/release/scry serve --help >/dev/null 2>&1; then
  exec target/release/scry serve demo-out --port "$port"
else
  exec node www/demo/serve.mjs demo-out "$port"
fi
