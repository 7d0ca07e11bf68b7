#!/usr/bin/env bash
# The benchmark, in one command, from a clean clone: scry vs Pagefind on the PostgreSQL, Python and Rust
# docs (build time, peak RSS, index bytes, bytes and time of a first and a warm search in headless Chromium,
# known-item quality), plus MiniSearch, lunr and FlexSearch on the Python docs. Prints one markdown table
# and writes tests/bench/results/<date>.json. See tests/bench/README.md.
#
#   scripts/bench.sh                      # everything (about 15 minutes on 2 cores, plus a first compile)
#   scripts/bench.sh --quick              # PostgreSQL + Python, fewer queries (a few minutes)
#   scripts/bench.sh --sites pg,py        # pick sites: pg, py, rust
#   scripts/bench.sh --no-build ...       # use the scry binary and assets already built
#   other flags go to tests/bench/run.mjs: --seed N, --known N, --skip-build, --no-native, --no-browser,
#   --no-jslibs, --work DIR, --out FILE
#
# Installs what is missing, idempotently: Debian packages (the three doc sets, chromium, time, node), the
# pinned npm packages in tests/bench/node_modules, and (through scripts/setup.sh) the wasm toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[bench.sh] $*" >&2; }

build=1
args=()
for a in "$@"; do
  case "$a" in
    --no-build) build=0 ;;
    *) args+=("$a") ;;
  esac
done

# 1. Debian packages
need=()
for p in postgresql-doc-15 python3.11-doc rust-doc chromium time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  log "installing from Debian: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. npm packages, pinned by tests/bench/package-lock.json
if [ ! -d tests/bench/node_modules/pagefind ] || [ ! -d tests/bench/node_modules/@pagefind/linux-x64 ] \
   || [ tests/bench/package-lock.json -nt tests/bench/node_modules/.package-lock.json ]; then
  log "installing the benchmark's npm packages"
  (cd tests/bench && npm ci --no-audit --no-fund --loglevel=error)
fi

# 3. scry: the browser assets (when the scripts for them are there), then the scry CLI with them embedded
if [ "$build" = 1 ]; then
  if [ -x scripts/setup.sh ] || [ -f scripts/setup.sh ]; then
    log "scripts/setup.sh (wasm toolchain, browser-test packages)"
    bash scripts/setup.sh
  fi
  if [ -f scripts/build-wasm.sh ]; then
    log "scripts/build-wasm.sh (wasm + JS assets)"
    bash scripts/build-wasm.sh
  fi
  log "cargo build --release -p scry-search"
  cargo build --release -q -p scry-search
fi
[ -x target/release/scry ] || { echo "target/release/scry is missing (run without --no-build)" >&2; exit 1; }

# 4. the benchmark
log "load average now: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec node --expose-gc tests/bench/run.mjs "${args[@]}"
