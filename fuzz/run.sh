#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) on nightly, starting from the
# seeds of fuzz/seeds/NAME/; what the search finds stays in fuzz/corpus/NAME/
# (ignored by Git). Needs `rustup toolchain install nightly` and `cargo install cargo-fuzz`.
#   bash fuzz/run.sh [SECONDS] [TARGET...]
# A failing input is written to fuzz/artifacts/NAME/: once fixed, copy it into
# fuzz/seeds/NAME/ so that `cargo test --test fuzz` keeps trying it on stable.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(fiche duration strip paths); fi
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  # -a: debug assertions (an overflow is a failure); no sanitizer: the code is safe Rust.
  cargo +nightly fuzz run -a -s none "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3000
done
