#!/usr/bin/env bash
# The demo: builds the wasm and the browser assets, the scry CLI, indexes the OPSI sample
# (www/demo/opsi-cases.jsonl with www/demo/scry.toml) into demo-out/, then a real documentation
# site into demo-out/docs/ — Debian's Python 3.11 docs (installed with apt-get when missing and
# possible), else the Rust book of the installed toolchain — and serves both on 127.0.0.1.
#   scripts/demo.sh            # http://127.0.0.1:8080/ (the sample), http://127.0.0.1:8080/docs/
#   PORT=9000 scripts/demo.sh
#   DOCS=/path/to/built/html scripts/demo.sh   # any built site as the second demo
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

# The second demo: a real site with sections and facets.
docs=${DOCS:-}
name="the docs"
if [ -z "$docs" ]; then
  py=/usr/share/doc/python3.11/html
  if [ ! -f "$py/index.html" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[demo] installing python3.11-doc (Debian) for the docs demo" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11-doc >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11-doc >/dev/null 2>&1; } ||
      echo "[demo] python3.11-doc is not available here; trying the Rust book" >&2
  fi
  book="$(rustc --print sysroot 2>/dev/null)/share/doc/rust/html/book"
  if [ -f "$py/index.html" ]; then docs=$py name="the Python 3.11 docs"
  elif [ -f "$book/index.html" ]; then docs=$book name="the Rust book"
  fi
fi
if [ -n "$docs" ]; then
  node www/demo/docs.mjs "$docs" demo-out/docs "$name"
  # Served under /docs/: result links carry the prefix.
  printf '[site]\nbase_url = "/docs/"\n' > demo-out/docs-scry.toml
  target/release/scry --site demo-out/docs --config demo-out/docs-scry.toml
else
  echo "[demo] no documentation site found (set DOCS=folder): only the sample demo" >&2
fi

echo "[demo] serving demo-out/ at http://127.0.0.1:$port/ (Ctrl-C stops)" >&2
[ -d demo-out/docs ] && echo "[demo] $name: http://127.0.0.1:$port/docs/" >&2
if target/release/scry serve --help >/dev/null 2>&1; then
  exec target/release/scry serve demo-out --port "$port"
else
  exec node www/demo/serve.mjs demo-out "$port"
fi
