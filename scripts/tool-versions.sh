# shellcheck shell=bash
# Pinned test-tool versions and cache locations for dynamodb-backup-operator.
# Sourced by scripts/install-tools.sh and scripts/env.sh (safe to source more than once).
# Every value can be overridden from the environment.

# --- Kubernetes test control plane (read by io.fabric8:kube-api-test 7.5.2) -----------------
# kube-api-test parses the folder name with Integer.parseInt on every dot-separated part,
# so the version MUST be purely numeric (1.34.12, never v1.34.12 or 1.34.12-foo).
: "${DDBB_K8S_VERSION:=1.34.12}"            # k8s.io/kubernetes v1.34.12, staging modules v0.34.12
: "${DDBB_ETCD_VERSION:=3.6.5}"             # go.etcd.io/etcd/server/v3; 3.6.5 = ETCD_VERSION of k8s 1.34.12 hack/lib/etcd.sh
: "${DDBB_HELM_VERSION:=3.22.0}"            # helm.sh/helm/v3 (latest 3.x on the Go module proxy)
: "${DDBB_MOTO_VERSION:=5.2.5}"             # moto[server] 5.x from PyPI
: "${DDBB_HELM_DOCS_VERSION:=1.14.2}"       # github.com/norwoodj/helm-docs (the chart's README from values.yaml)
# Prometheus 3.x is published on the Go module proxy as github.com/prometheus/prometheus v0.3XX.Y
# (3.16.0 -> v0.316.0; its go.mod needs go >= 1.26.7). promtool checks and unit-tests the chart's alerts.
: "${DDBB_PROMTOOL_VERSION:=3.16.0}"

# --- The single-node cluster (scripts/node-cluster.sh; kubelet & co. from the same k8s.io/kubernetes) --
# Debian packages, not pinned to a revision (Debian 12 ships containerd 1.6.20, runc 1.1.5).
: "${DDBB_NODE_PACKAGES:=containerd runc containernetworking-plugins gcc libc6-dev}"
# The pod sandbox image, built from scripts/node/pause.c and imported into containerd (never pulled)
: "${DDBB_PAUSE_IMAGE:=localhost/ddbbackup/pause:1}"

# --- Locations -----------------------------------------------------------------------------
: "${DDBB_TOOLS_CACHE:=${HOME}/.cache/ddbbackup}"        # helm, moto venv, Go wrapper modules
: "${KUBE_API_TEST_DIR:=${HOME}/.kubeapitest}"           # kube-api-test's own default dir
DDBB_BIN_DIR="${DDBB_TOOLS_CACHE}/bin"
DDBB_GOBUILD_DIR="${DDBB_TOOLS_CACHE}/gobuild"
DDBB_MOTO_VENV="${DDBB_TOOLS_CACHE}/moto-venv"
DDBB_K8S_PLATFORM="linux-amd64"
DDBB_K8S_BIN_DIR="${KUBE_API_TEST_DIR}/k8s/${DDBB_K8S_VERSION}-${DDBB_K8S_PLATFORM}"
DDBB_IMAGES_DIR="${DDBB_TOOLS_CACHE}/images"                # image archives built here (pause)
