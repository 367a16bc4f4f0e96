#!/usr/bin/env bash
# Checks the deployment artefacts only: chart, kustomize bases, IAM, Argo CD scripts.
#   unit tests   io.ddbbackup.operator.deploy.*Test  (LuaJ, CRD copies, IAM, kustomize files)
#   HelmChartIT          helm lint + rendered output
#   DeployOnApiServerIT  server-side dry runs, kubectl auth can-i and the NOTES on a real kube-apiserver
#   ChartReadmeIT        the chart's README is what helm-docs generates from values.yaml
#   ImageIT              the image built by scripts/image.sh, run as the chart says (podman, moto)
# Needs the tools from scripts/install-tools.sh (built or installed on demand).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-tools.sh kube-apiserver etcd kubectl helm helm-docs moto podman
exec mvn -B verify \
  -Dtest='io.ddbbackup.operator.deploy.*Test' \
  -Dit.test='io.ddbbackup.operator.deploy.*IT' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
