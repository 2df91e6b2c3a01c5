#!/usr/bin/env bash
# Regenerates the ODS-generated documentation and copies it into
# docs/generated/ (the check-tfs suite fails while the committed copy is stale).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TFS_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" tfs-doc
cp "$build/docs/TFS/TFSDialect.md" "$root/docs/generated/TFSDialect.md"
echo "updated docs/generated/TFSDialect.md"
