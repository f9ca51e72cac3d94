#!/usr/bin/env bash
# Photos: a cold build (empty cache: every photo decoded, turned, resized and encoded
# in 480/960/1600 px and full size) against a warm one after a text edit (every photo
# from .fiches-cache/: nothing encoded), on a site of N fiches with one large photo
# each (4000 × 3000 JPEG, with fake GPS metadata).
#
#   bash bench/photos.sh            # N = 50, 3 runs each
#   N=20 RUNS=5 bash bench/photos.sh
#
# Needs ImageMagick (convert) and exiftool (apt-get install -y imagemagick
# libimage-exiftool-perl).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-50}
RUNS=${RUNS:-3}
cargo build --release --quiet --bin fiches
FICHES=${CARGO_TARGET_DIR:-$PWD/target}/release/fiches
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

site=$work/site
mkdir -p "$site/content"
printf 'title = "Photos"\nbase_url = "https://exemple.org/"\nsearch = false\n' > "$site/fiches.toml"
convert -size 1000x750 plasma:tomato-steelblue -resize 4000x3000 -quality 90 "$work/base.jpg"
exiftool -q -overwrite_original -GPSLatitude=46.2 -GPSLatitudeRef=N -GPSLongitude=6.1 -GPSLongitudeRef=E "$work/base.jpg"
for i in $(seq "$N"); do
  d=$site/content/photo-$i
  mkdir -p "$d"
  # The same picture with one byte more after its end: another content hash.
  cp "$work/base.jpg" "$d/photo.jpg"; printf '%s' "$i" >> "$d/photo.jpg"
  printf '+++\ntitle = "Photo %s"\ndate = 2024-01-01\nvariant = "factual"\nsummary = "Une photo."\nauthors = ["A"]\nimage = "photo.jpg"\nimage_alt = "Une photo"\n+++\n\nTexte %s.\n' "$i" "$i" > "$d/index.md"
done
echo "machine: $(nproc) cores, $(uname -sr); $N photos of 4000 × 3000 ($(du -sh "$site/content" | cut -f1))"
: > "$work/cold"; : > "$work/warm"
for _ in $(seq "$RUNS"); do
  rm -rf "$site/.fiches-cache"
  /usr/bin/time -f "%e" -o "$work/t" "$FICHES" build "$site" -o "$work/out" --force >/dev/null 2>&1
  cat "$work/t" >> "$work/cold"
  sed -i "s/^Texte .*/Texte $RANDOM./" "$site/content/photo-1/index.md"
  /usr/bin/time -f "%e" -o "$work/t" "$FICHES" build "$site" -o "$work/out" >/dev/null 2>&1
  cat "$work/t" >> "$work/warm"
done
if exiftool -q -if '$GPSLatitude' -p '$FileName' -r "$work/out" | grep -q .; then
  echo "a published photo keeps its GPS position" >&2; exit 1
fi
printf 'cold build (empty cache): %s s\nwarm build after a text edit: %s s\n' \
  "$(median < "$work/cold")" "$(median < "$work/warm")"
