#!/usr/bin/env bash
# Installs everything tfsc needs on a fresh Debian 12 machine (run as root).
# Idempotent: when every package is already installed it only checks and exits.
set -euo pipefail

PACKAGES=(
  # compiler stack
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  liblld-22-dev libomp-22-dev zlib1g-dev libzstd-dev
  # build tools and libraries
  cmake ninja-build ccache libabsl-dev libgtest-dev
  # python front
  pybind11-dev python3-dev python3-numpy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
