#!/usr/bin/env bash
# Browser tests: builds the wasm and the assets (www/dist/), the scry CLI (which embeds them),
# then runs every tests/browser/*.test.mjs with Node's test runner against Debian's Chromium.
#   tests/browser/run.sh                 # everything
#   tests/browser/run.sh csp.test.mjs    # some files
#   SCRY_MOCK=1 tests/browser/run.sh     # the JS side alone, against the JS mock of the wasm interface
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/setup.sh
if [ "${SCRY_MOCK:-}" != 1 ]; then
  # scripts/test.sh has built the wasm and the assets already (SCRY_ASSETS_BUILT=1): once a run.
  [ "${SCRY_ASSETS_BUILT:-}" = 1 ] || scripts/build-wasm.sh
  echo "[run] cargo build --release -p scry-search" >&2
  cargo build -q --release -p scry-search
fi

cd tests/browser
if [ $# -eq 0 ]; then set -- *.test.mjs; fi
# A test that hangs (a browser stuck under load) fails after 3 minutes instead of holding up CI.
exec node --test --test-concurrency=1 --test-timeout=180000 "$@"
