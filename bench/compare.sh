#!/usr/bin/env bash
# fiches against Hugo on the same generated corpus (examples/corpus.rs).
#
#   bash bench/compare.sh            # N = 1,000 and 10,000, 5 runs each
#   RUNS=7 SIZES="10000" bash bench/compare.sh
#
# Both tools build over their previous output, alternating run by run, so that
# a noisy machine hurts both alike. fiches runs with its default outputs except
# pagination and search (paginate = 0, search = false) and without base_url, so
# neither side writes a feed or a sitemap, as the Hugo site has none. Prints the
# median time and peak memory of each, and their ratio. Needs Hugo from Debian
# (apt-get install -y hugo).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
command -v hugo >/dev/null || { echo "Hugo is needed: apt-get install -y hugo" >&2; exit 2; }
cargo build --release --quiet --bin fiches --example corpus
FICHES=$PWD/target/release/fiches
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "fiches $($FICHES --version | cut -d' ' -f2), $(hugo version | cut -d' ' -f1-2)"
printf '\n%8s  %14s  %14s  %14s  %14s  %8s\n' "fiches" "fiches (s)" "Hugo (s)" "fiches (MB)" "Hugo (MB)" "ratio"
for n in $SIZES; do
  ./target/release/examples/corpus --n "$n" --out "$work/f$n" --hugo "$work/h$n" >/dev/null
  printf 'title = "Corpus"\nlanguage = "fr"\npaginate = 0\nsearch = false\n' > "$work/f$n/fiches.toml"
  # One build each first, so that every measured run is over a previous output.
  "$FICHES" build "$work/f$n" -o "$work/out-f$n" 2>/dev/null
  hugo --quiet -s "$work/h$n" -d "$work/out-h$n" >/dev/null
  : > "$work/f.times"; : > "$work/h.times"; : > "$work/f.mem"; : > "$work/h.mem"
  for _ in $(seq "$RUNS"); do
    # Touch one fiche so that fiches cannot skip the build as unchanged.
    touch "$(find "$work/f$n/content" -name '*.md' | head -1)"
    /usr/bin/time -f "%e %M" -o "$work/t" "$FICHES" build "$work/f$n" -o "$work/out-f$n" 2>/dev/null >/dev/null
    read -r t m < "$work/t"; echo "$t" >> "$work/f.times"; echo "$m" >> "$work/f.mem"
    /usr/bin/time -f "%e %M" -o "$work/t" hugo --quiet -s "$work/h$n" -d "$work/out-h$n" >/dev/null
    read -r t m < "$work/t"; echo "$t" >> "$work/h.times"; echo "$m" >> "$work/h.mem"
  done
  ft=$(median < "$work/f.times"); ht=$(median < "$work/h.times")
  fm=$(median < "$work/f.mem"); hm=$(median < "$work/h.mem")
  awk -v n="$n" -v ft="$ft" -v ht="$ht" -v fm="$fm" -v hm="$hm" \
    'BEGIN { printf "%8s  %14s  %14s  %14.0f  %14.0f  %7.1fx\n", n, ft, ht, fm/1024, hm/1024, ht/ft }'
done
