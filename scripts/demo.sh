#!/usr/bin/env bash
# The main job at this stage: install, build, then run tfs-opt on the seed's
# image filter in the tfs dialect (verify, canonicalize, CSE) and show the
# result: both towers end up reading the same four variables.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh" tfs-opt
build="${TFS_BUILD_DIR:-$root/build}"
echo "== tfs-opt examples/image_filter.mlir -canonicalize -cse"
"$build/bin/tfs-opt" "$root/examples/image_filter.mlir" -canonicalize -cse
