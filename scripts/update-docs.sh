#!/usr/bin/env bash
# Regenerates the ODS-generated documentation (dialect reference, pass
# references) and copies it into docs/generated/ (the check-tfs suite fails
# while the committed copy is stale).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${TFS_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh" tfs-doc
for doc in TFSDialect TFSConversionPasses TFSCodegenPasses TFSTransformOps; do
  cp "$build/docs/TFS/$doc.md" "$root/docs/generated/$doc.md"
  echo "updated docs/generated/$doc.md"
done
