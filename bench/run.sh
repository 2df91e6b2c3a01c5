#!/usr/bin/env bash
# Benchmarks tfsc against numpy (OpenBLAS), PyTorch (eager, jit) and ONNX
# Runtime on the issue's workloads, at 1 and 2 threads, medians; writes
# docs/benchmarks.md and the chart docs/benchmarks.png.
#   bench/run.sh [--only REGEX] [--threads 1,2]   (installs the peers,
#   builds, runs: a few minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Peers: OpenBLAS behind numpy, PyTorch (Debian's; torch.onnx.export needs
# no `onnx` Python package); matplotlib for the chart.
if [ "$(id -u)" = 0 ]; then
  missing=""
  for p in libopenblas0-pthread python3-torch python3-matplotlib; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
  fi
fi
# ONNX Runtime: the npm package's CPU library, into bench/ort/node_modules
# (git-ignored). --ignore-scripts: its post-install step downloads a GPU
# provider, which is not needed and cannot be fetched. Without Node/npm the
# onnxruntime column shows "—".
if [ "$(id -u)" = 0 ] && ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm || true
fi
if [ ! -d "$root/bench/ort/node_modules/onnxruntime-node" ]; then
  (cd "$root/bench/ort" && npm install --ignore-scripts --no-package-lock \
     --no-audit --no-fund) ||
    echo "bench/run.sh: onnxruntime-node not installed; no ONNX Runtime peer" >&2
fi
"$root/scripts/build.sh" tfsc tfs-run
# Best settings for every peer: OpenBLAS's AVX-512 kernel (the machine's
# environment selects Haswell), explicit thread counts (run.py sets them
# per table), freed memory kept (page faults cost ~10 us per 4 KiB page on
# these VMs).
export OPENBLAS_CORETYPE=SkylakeX
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296
exec /usr/bin/python3 "$root/bench/run.py" --build "${TFS_BUILD_DIR:-$root/build}" \
  --write "$root/docs/benchmarks.md" "$@"
