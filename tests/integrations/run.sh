#!/usr/bin/env bash
# Generator integration tests: each *.test.mjs builds a real site with a real generator (installed from
# its registry into a cache outside the repository: $SCRY_TEST_CACHE, default ~/.cache/scry-tests),
# with scry installed from the packed artifacts of scripts/package.sh (target/dist/), then searches it in
# Chromium.
#   tests/integrations/run.sh                   # every generator
#   tests/integrations/run.sh mkdocs.test.mjs   # some
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f target/dist/SHA256SUMS ] || [ "${SCRY_REPACK:-}" = 1 ]; then
  scripts/package.sh --host-only
fi
cd tests/integrations
if [ $# -eq 0 ]; then set -- *.test.mjs; fi
exec node --test --test-concurrency=1 --test-timeout=900000 "$@"
