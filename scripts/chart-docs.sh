#!/usr/bin/env bash
# Regenerates charts/dynamodb-backup-operator/README.md from README.md.gotmpl and the `# --`
# comments of values.yaml with helm-docs (built by scripts/install-tools.sh helm-docs).
# ChartReadmeIT checks that the committed file is current and that every value has a description.
#   scripts/chart-docs.sh          rewrite the README
#   scripts/chart-docs.sh --check  exit 1 if the committed README differs from what it would write
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh
HELM_DOCS="${DDBB_BIN_DIR}/helm-docs"
[[ -x "$HELM_DOCS" ]] || { echo "helm-docs is missing: bash scripts/install-tools.sh helm-docs" >&2; exit 1; }
CHART=charts/dynamodb-backup-operator
args=(--chart-search-root "$CHART" --sort-values-order file --log-level warning)
if [[ "${1:-}" == "--check" ]]; then
  if ! diff -u "$CHART/README.md" <("$HELM_DOCS" "${args[@]}" --dry-run); then
    echo "$CHART/README.md is stale: run scripts/chart-docs.sh" >&2
    exit 1
  fi
else
  "$HELM_DOCS" "${args[@]}"
fi
