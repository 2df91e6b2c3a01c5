#!/usr/bin/env bash
# Benchmarks tfsc against numpy (OpenBLAS) and PyTorch on the issue's
# workloads, at 1 and 2 threads, medians; writes docs/benchmarks.md.
#   bench/run.sh [--only REGEX] [--threads 1,2]   (installs the peers,
#   builds, runs: about 2 minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Peers: OpenBLAS behind numpy, PyTorch (Debian's); matplotlib for the chart.
if [ "$(id -u)" = 0 ]; then
  missing=""
  for p in libopenblas0-pthread python3-torch python3-matplotlib; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  if [ -n "$missing" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
  fi
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
