#!/usr/bin/env bash
# Benchmarks tfsc against numpy (OpenBLAS), PyTorch (eager, jit), ONNX
# Runtime and oneDNN on the issue's workloads, at 1 and 2 threads (and at 1
# thread with glibc's default malloc), medians, each also as a fraction of
# the machine's physical limit measured in the same run (bench/limits.c);
# writes docs/benchmarks.md and the chart docs/benchmarks.png; then
# bench/shapes.py's other shapes at one thread: docs/benchmarks-shapes.md.
#   bench/run.sh [--only REGEX] [--threads 1,2] [--no-untuned]   (installs
#   the peers, builds, runs: a few minutes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Peers: OpenBLAS behind numpy, PyTorch (Debian's; torch.onnx.export needs
# no `onnx` Python package), oneDNN 2.6 (Debian's, OpenMP); matplotlib for
# the chart.
if [ "$(id -u)" = 0 ]; then
  missing=""
  for p in libopenblas0-pthread python3-torch python3-matplotlib libdnnl-dev; do
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
# The oneDNN peer: bench/dnnl/bench.cpp against Debian's libdnnl (rebuilt
# when the source is newer). Without libdnnl-dev the onednn column shows "—".
build="${TFS_BUILD_DIR:-$root/build}"
dnnl_src="$root/bench/dnnl/bench.cpp" dnnl_bin="$build/bench/bench-dnnl"
if [ -f /usr/include/oneapi/dnnl/dnnl.hpp ]; then
  if [ ! -x "$dnnl_bin" ] || [ "$dnnl_src" -nt "$dnnl_bin" ]; then
    mkdir -p "$build/bench"
    cxx=clang++-22
    command -v "$cxx" >/dev/null || cxx=g++
    "$cxx" -O2 -std=c++17 -o "$dnnl_bin" "$dnnl_src" -ldnnl ||
      echo "bench/run.sh: bench-dnnl did not build; no oneDNN peer" >&2
  fi
else
  echo "bench/run.sh: libdnnl-dev not installed; no oneDNN peer" >&2
fi
# bench/limits: the machine's FMA peak and read/copy bandwidths, measured
# by run.py in each table's process for the "fraction of limit" column
# (rebuilt when the source is newer). Without it run.py falls back to a
# constant FMA peak and shows no bandwidth limits.
limits_src="$root/bench/limits.c" limits_bin="$build/bench/limits"
if [ ! -x "$limits_bin" ] || [ "$limits_src" -nt "$limits_bin" ]; then
  mkdir -p "$build/bench"
  ccomp=clang-22
  command -v "$ccomp" >/dev/null || ccomp=cc
  "$ccomp" -O2 -march=native -pthread -o "$limits_bin" "$limits_src" ||
    echo "bench/run.sh: bench/limits did not build; constant FMA peak," \
      "no bandwidth limits" >&2
fi
# Best settings for every peer: OpenBLAS's AVX-512 kernel on AVX-512 CPUs
# (the machine's environment selects Haswell there; forcing SkylakeX on a
# CPU without AVX-512 would fault), its own detection elsewhere, explicit
# thread counts (run.py sets them
# per table), freed memory kept (page faults cost ~10 us per 4 KiB page on
# these VMs; run.py also measures a 1-thread table without these two
# variables, glibc's default, unless --no-untuned).
if grep -qw avx512f /proc/cpuinfo; then
  export OPENBLAS_CORETYPE=SkylakeX
else
  unset OPENBLAS_CORETYPE
fi
export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296
/usr/bin/python3 "$root/bench/run.py" --build "$build" \
  --write "$root/docs/benchmarks.md" "$@"
# Shapes beyond the workloads (odd sizes, few channels, depthwise, pool) at
# one thread: docs/benchmarks-shapes.md. Skipped with --only.
case " $* " in
  *" --only "*) ;;
  *) /usr/bin/python3 "$root/bench/shapes.py" --build "$build" \
       --write "$root/docs/benchmarks-shapes.md" ;;
esac
