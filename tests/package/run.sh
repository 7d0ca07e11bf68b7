#!/usr/bin/env bash
# The install test: packs the artifacts for this machine (scripts/package.sh --host-only, or all
# targets with SCRY_PACKAGE_ALL=1), installs each into a fresh temporary prefix and checks that every
# entry point (cargo install, npx scry, the Node API, pip's scry, the Python API) writes the same
# index. Assumes the browser assets are built (scripts/build-wasm.sh; the test command does it).
#   tests/package/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${SCRY_PACKAGE_ALL:-}" = 1 ]; then
  scripts/package.sh --skip-assets
else
  scripts/package.sh --host-only --skip-assets
fi
exec node --test --test-concurrency=1 --test-timeout=1200000 tests/package/install.test.mjs
