#!/usr/bin/env bash
# Installs, builds and runs every test (lit suite incl. gtest unit tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
"$root/scripts/build.sh" check-tfs
