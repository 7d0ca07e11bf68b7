#!/usr/bin/env bash
# Writes every installable artifact of scry into target/dist/:
#   crates/   scry-search-core-V.crate, scry-search-V.crate    (cargo install: no wasm toolchain needed)
#   bin/      scry-V-<target>.tar.gz (.zip for Windows)        (the plain download)
#   npm/      scry-search-V.tgz + scry-search-<os>-<cpu>-V.tgz  (npx scry, the Node API)
#   python/   scry_search-V-py3-none-<platform>.whl             (pip install, the Python API)
#   SHA256SUMS
#
#   scripts/package.sh                  # every target this machine can build (cross builds by cargo-zigbuild)
#   scripts/package.sh --host-only      # Linux x86_64 only (what the tests install)
#   scripts/package.sh --skip-assets    # use build-index/assets/ as they are (the test command built them)
#
# Each binary is checked for its format (file(1)); the ones this machine can run are run. Cross builds
# and the zig toolchain live outside the repository ($SCRY_PACKAGE_CACHE, default ~/.cache/scry-package),
# so a warm run rebuilds only what changed. The release workflow (.github/workflows/release.yml) runs
# this same script.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
log() { echo "[package] $*" >&2; }

HOST_ONLY=0
SKIP_ASSETS=0
TARGETS_ARG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --host-only) HOST_ONLY=1 ;;
    --skip-assets) SKIP_ASSETS=1 ;;
    --targets) TARGETS_ARG="$2"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
CACHE=${SCRY_PACKAGE_CACHE:-$HOME/.cache/scry-package}
DIST=${SCRY_DIST_DIR:-$ROOT/target/dist}
export CARGO_TARGET_DIR=$CACHE/target

HOST_TARGET=x86_64-unknown-linux-musl
ALL_TARGETS="x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-gnu"
if [ -n "$TARGETS_ARG" ]; then TARGETS=$TARGETS_ARG
elif [ $HOST_ONLY = 1 ]; then TARGETS=$HOST_TARGET
else TARGETS=$ALL_TARGETS; fi

# npm's names for a Rust target: <platform>-<arch>, as process.platform / process.arch say.
npm_platform() {
  case "$1" in
    x86_64-unknown-linux-musl) echo "linux x64" ;;
    aarch64-unknown-linux-musl) echo "linux arm64" ;;
    x86_64-apple-darwin) echo "darwin x64" ;;
    aarch64-apple-darwin) echo "darwin arm64" ;;
    x86_64-pc-windows-gnu) echo "win32 x64" ;;
    *) echo "package.sh: no npm platform for $1" >&2; exit 1 ;;
  esac
}
# What file(1) must say of each binary.
expected_format() {
  case "$1" in
    x86_64-unknown-linux-musl) echo "ELF 64-bit LSB.*x86-64.*static" ;;
    aarch64-unknown-linux-musl) echo "ELF 64-bit LSB.*ARM aarch64.*static" ;;
    x86_64-apple-darwin) echo "Mach-O 64-bit x86_64 executable" ;;
    aarch64-apple-darwin) echo "Mach-O 64-bit arm64 executable" ;;
    x86_64-pc-windows-gnu) echo "PE32\\+ executable.*x86-64" ;;
  esac
}

# --- tools --------------------------------------------------------------------------------------
for t in $TARGETS; do
  if ! rustup target list --installed | grep -qx "$t"; then
    log "rustup target add $t"
    rustup target add "$t" >/dev/null
  fi
done
needs_zig=0
for t in $TARGETS; do [ "$t" != "$HOST_TARGET" ] && needs_zig=1; done
if [ $needs_zig = 1 ]; then
  if [ ! -x "$CACHE/venv/bin/cargo-zigbuild" ]; then
    log "installing cargo-zigbuild and ziglang (PyPI) into $CACHE/venv"
    python3 -m venv "$CACHE/venv"
    "$CACHE/venv/bin/pip" install -q cargo-zigbuild ziglang
  fi
  export PATH=$CACHE/venv/bin:$PATH
fi

# Linux aarch64 binaries are run under qemu's user-mode emulator when it can be had.
if echo "$TARGETS" | grep -q aarch64-unknown-linux-musl && ! command -v qemu-aarch64-static >/dev/null \
   && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  log "apt-get install qemu-user-static (to run the aarch64 binary)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static >/dev/null 2>&1 || log "  not available: the aarch64 binary is only checked for its format"
fi

# --- browser assets -----------------------------------------------------------------------------
if [ $SKIP_ASSETS = 0 ]; then
  scripts/setup.sh
  scripts/build-wasm.sh
fi
for f in scry.js scry-api.js scry-highlight.js scry-worker.js scry.css scry_wasm_bg.wasm; do
  [ -f "build-index/assets/$f" ] || { echo "build-index/assets/$f is missing: run scripts/build-wasm.sh" >&2; exit 1; }
done

rm -rf "$DIST"
mkdir -p "$DIST"/{crates,bin,npm,python}
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT

# --- crates -------------------------------------------------------------------------------------
# The install test runs `cargo install` from these files, which compiles them: no --verify here.
log "cargo package (scry-search-core, scry-search)"
cargo package -q --allow-dirty --no-verify -p scry-search-core -p scry-search
cp "$CARGO_TARGET_DIR/package/scry-search-core-$VERSION.crate" "$CARGO_TARGET_DIR/package/scry-search-$VERSION.crate" "$DIST/crates/"
# The crate must carry the assets, byte for byte.
mkdir -p "$STAGE/crate"
tar -xzf "$DIST/crates/scry-search-$VERSION.crate" -C "$STAGE/crate"
if ! diff -r build-index/assets "$STAGE/crate/scry-search-$VERSION/assets" >/dev/null; then
  echo "package.sh: the packaged crate's assets differ from build-index/assets" >&2; exit 1
fi

# --- binaries -----------------------------------------------------------------------------------
for t in $TARGETS; do
  if [ "$t" = "$HOST_TARGET" ]; then
    log "cargo build --profile dist --target $t"
    cargo build -q --profile dist --locked --target "$t" -p scry-search
  else
    log "cargo zigbuild --profile dist --target $t"
    cargo zigbuild -q --profile dist --locked --target "$t" -p scry-search
  fi
  exe=scry; case "$t" in *windows*) exe=scry.exe ;; esac
  bin=$CARGO_TARGET_DIR/$t/dist/$exe
  fmt=$(file -b "$bin")
  if ! echo "$fmt" | grep -Eq "$(expected_format "$t")"; then
    echo "package.sh: $bin is not what $t should be: $fmt" >&2; exit 1
  fi
  log "  $t: $fmt"
  if [ "$t" = "$HOST_TARGET" ]; then
    got=$("$bin" --version)
    [ "$got" = "scry $VERSION" ] || { echo "package.sh: $bin --version said '$got'" >&2; exit 1; }
  elif [ "$t" = aarch64-unknown-linux-musl ] && command -v qemu-aarch64-static >/dev/null; then
    got=$(qemu-aarch64-static "$bin" --version)
    [ "$got" = "scry $VERSION" ] || { echo "package.sh: $bin --version (qemu) said '$got'" >&2; exit 1; }
    log "  ran under qemu-aarch64-static: $got"
  fi
  mkdir -p "$STAGE/bin/$t"
  cp "$bin" "$STAGE/bin/$t/$exe"

  # The plain download.
  name=scry-$VERSION-$t
  mkdir -p "$STAGE/archive/$name"
  cp "$bin" LICENSE-MIT LICENSE-APACHE README.md "$STAGE/archive/$name/"
  touch -d @0 "$STAGE/archive/$name"/* "$STAGE/archive/$name"
  case "$t" in
    *windows*) (cd "$STAGE/archive" && zip -qX -r "$DIST/bin/$name.zip" "$name") ;;
    *) tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$STAGE/archive" -cf - "$name" \
         | gzip -n9 > "$DIST/bin/$name.tar.gz" ;;
  esac

  # The npm platform package.
  read -r os cpu <<<"$(npm_platform "$t")"
  pkg=scry-search-$os-$cpu
  dir=$STAGE/npm/$pkg
  mkdir -p "$dir/bin"
  cp "$bin" "$dir/bin/$exe"
  chmod 755 "$dir/bin/$exe"
  cp LICENSE-MIT LICENSE-APACHE "$dir/"
  cat > "$dir/package.json" <<JSON
{
  "name": "$pkg",
  "version": "$VERSION",
  "description": "The scry binary for $os $cpu (installed by the scry-search package).",
  "license": "MIT OR Apache-2.0",
  "os": ["$os"],
  "cpu": ["$cpu"],
  "files": ["bin/", "LICENSE-MIT", "LICENSE-APACHE"],
  "preferUnplugged": true
}
JSON
  printf '# %s\n\nThe `scry` binary for %s %s. Install [scry-search](https://www.npmjs.com/package/scry-search) instead: it picks this package on this platform.\n' "$pkg" "$os" "$cpu" > "$dir/README.md"
  (cd "$dir" && npm pack -q --pack-destination "$DIST/npm" >/dev/null)

  # The wheel.
  python3 packages/python/tools/wheel.py --binary "$bin" --target "$t" --out "$DIST/python" >/dev/null
done

# --- the main npm package -------------------------------------------------------------------------
main=$STAGE/npm/scry-search
cp -r packages/npm/scry-search "$main"
rm -rf "$main/node_modules"
cp LICENSE-MIT LICENSE-APACHE "$main/"
[ -f "$main/README.md" ] || cp packages/python/README.md "$main/README.md"
# Every platform package is an optional dependency at this exact version (npm installs the one whose
# os/cpu match); the list is the same whichever targets this run built.
node -e '
const fs = require("fs"), p = process.argv[1], v = process.argv[2];
const j = JSON.parse(fs.readFileSync(p, "utf8"));
j.version = v;
j.optionalDependencies = {};
for (const k of ["linux-x64", "linux-arm64", "darwin-x64", "darwin-arm64", "win32-x64"]) j.optionalDependencies["scry-search-" + k] = v;
fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");
' "$main/package.json" "$VERSION"
(cd "$main" && npm pack -q --pack-destination "$DIST/npm" >/dev/null)

(cd "$DIST" && find . -type f ! -name SHA256SUMS | sort | xargs sha256sum > SHA256SUMS)
log "target/dist:"
(cd "$DIST" && find . -type f | sort | xargs ls -l | awk '{printf "  %10d  %s\n", $5, $9}') >&2
