#!/usr/bin/env bash
# Checks the deployment artefacts only: chart, kustomize bases, IAM, Argo CD scripts.
#   unit tests   io.ddbbackup.operator.deploy.*Test  (LuaJ, CRD copies, IAM, kustomize files)
#   HelmChartIT          helm lint + rendered output
#   DeployOnApiServerIT  server-side dry runs and kubectl auth can-i on a real kube-apiserver
# Needs helm, kubectl, kube-apiserver and etcd from scripts/install-tools.sh (built on demand).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/install-tools.sh kube-apiserver etcd kubectl helm
exec mvn -B verify \
  -Dtest='io.ddbbackup.operator.deploy.*Test' \
  -Dit.test='io.ddbbackup.operator.deploy.*IT' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@"
