#!/usr/bin/env bash
# Builds the same sites with build-index and with Pagefind, alternating, and prints wall time, CPU
# time, peak RSS (GNU time) and index bytes on disk (scry: every index file, without the browser
# assets; Pagefind: index chunks + fragments + pf_meta, as written, gzip).
#
#   build-index/bench/compare-pagefind.sh PAGEFIND_BINARY [ROUNDS] [SITE…]
#   default sites: the Debian PostgreSQL, Python and Rust docs
set -euo pipefail
pf=${1:?path to the pagefind (or pagefind_extended) binary}
rounds=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))
sites=("$@")
[ ${#sites[@]} -gt 0 ] || sites=(/usr/share/doc/postgresql-doc-15/html /usr/share/doc/python3.11/html /usr/share/doc/rust-doc/html)
cd "$(dirname "$0")/../.."
cargo build -q --release -p scry-search
bi=$PWD/target/release/scry
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # label, out dir, command…
  local label=$1 out=$2; shift 2
  rm -rf "$out"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
  read -r wall user sys rss <"$work/time"
  local bytes
  if [ "$label" = scry ]; then
    bytes=$(find "$out" -maxdepth 1 -type f \( -name '*.bin' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
  else
    bytes=$(du -sbc "$out"/fragment "$out"/index "$out"/*.pf_meta | tail -1 | cut -f1)
  fi
  printf '%-9s %-10s wall %7.2f s  cpu %7.2f s  rss %8.1f MiB  index %8.2f MiB\n' \
    "$label" "$name" "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)"
}

for site in "${sites[@]}"; do
  name=$(basename "$(dirname "$site")")
  for _ in $(seq "$rounds"); do
    measure scry "$work/scry" "$bi" --site "$site" --out "$work/scry" --quiet
    measure pagefind "$work/pf" "$pf" --site "$site" --output-path "$work/pf"
  done
done
