#!/usr/bin/env bash
# The main job: install and build, then compile the seed's two-tower image
# filter (examples/image_filter.py, TF1 code) to a native shared object +
# C header with tfsc, and run it with tfs-run: its signature, its outputs on
# random inputs, and its latency.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" tfsc tfs-run
build="${TFS_BUILD_DIR:-$root/build}"
out="$build/demo"
mkdir -p "$out"
model="$root/examples/image_filter.py"

echo "== tfsc examples/image_filter.py -o $out/libimage_filter.so"
start=$(date +%s%N)
"$build/bin/tfsc" "$model" -o "$out/libimage_filter.so"
end=$(date +%s%N)
echo "compiled in $(((end - start) / 1000000)) ms:" \
  "$out/libimage_filter.so" "$out/libimage_filter.h"

echo "== tfs-run --info (one global per shared variable)"
"$build/bin/tfs-run" "$out/libimage_filter.so" --info

echo "== tfs-run --random-inputs (outputs: shape, first values, min/max/mean)"
"$build/bin/tfs-run" "$out/libimage_filter.so" --random-inputs

echo "== tfs-run --random-inputs --bench 20"
"$build/bin/tfs-run" "$out/libimage_filter.so" --random-inputs --bench 20
