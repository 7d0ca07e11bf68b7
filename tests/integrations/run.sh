#!/usr/bin/env bash
# Generator integration tests: each *.test.mjs builds a real site with a real generator (installed from
# its registry into a cache outside the repository: $SCRY_TEST_CACHE, default ~/.cache/scry-tests),
# with scry installed from the packed artifacts of scripts/package.sh (target/dist/), then searches it in
# Chromium.
#   tests/integrations/run.sh                   # every generator
#   tests/integrations/run.sh mkdocs.test.mjs   # some
set -euo pipefail
cd "$(dirname "$0")/../.."
# Repack when the packed files are missing or older than what goes into them.
stale=""
if [ -f target/dist/SHA256SUMS ]; then
  stale=$(find packages build-index/assets build-index/src src -newer target/dist/SHA256SUMS -type f -print -quit 2>/dev/null || true)
fi
if [ ! -f target/dist/SHA256SUMS ] || [ -n "$stale" ] || [ "${SCRY_REPACK:-}" = 1 ]; then
  if [ -f build-index/assets/scry_wasm_bg.wasm ]; then
    scripts/package.sh --host-only --skip-assets
  else
    scripts/package.sh --host-only
  fi
fi
cd tests/integrations
if [ $# -eq 0 ]; then
  shopt -s nullglob
  set -- *.test.mjs
  if [ $# -eq 0 ]; then echo "[integrations] no tests" >&2; exit 0; fi
fi
exec node --test --test-concurrency=1 --test-timeout=900000 "$@"
