# shellcheck shell=bash
# Source me:  source scripts/env.sh
# Puts the test tools built by scripts/install-tools.sh on PATH and exports what tests need.
_ddbb_env_dir="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)"
# shellcheck source=tool-versions.sh
source "${_ddbb_env_dir}/tool-versions.sh"

export DDBB_TOOLS_CACHE DDBB_BIN_DIR DDBB_MOTO_VENV DDBB_K8S_BIN_DIR
export DDBB_K8S_VERSION DDBB_ETCD_VERSION DDBB_HELM_VERSION DDBB_MOTO_VERSION

# io.fabric8:kube-api-test 7.5.2 reads these two STRING settings from the environment:
#   KUBE_API_TEST_DIR                 (default ~/.kubeapitest; binaries in <dir>/k8s/<ver>-linux-amd64/)
#   KUBE_API_TEST_API_SERVER_VERSION  (exact "1.34.12" or wildcard "1.34.*"; unset = newest folder)
# Do NOT export KUBE_API_TEST_OFFLINE_MODE / KUBE_API_TEST_STARTUP_TIMEOUT /
# KUBE_API_TEST_WAIT_FOR_ETCD_HEALTH_CHECK: 7.5.2 casts the env String to Boolean/Integer and
# throws ClassCastException. Offline mode is only needed when binaries are missing anyway
# (found binaries are never re-downloaded); set it in code with withOfflineMode(true).
export KUBE_API_TEST_DIR
export KUBE_API_TEST_API_SERVER_VERSION="${KUBE_API_TEST_API_SERVER_VERSION:-${DDBB_K8S_VERSION}}"

# moto (AWS mock). scripts/moto-server.sh start [port] launches it on 127.0.0.1.
# The venv itself is deliberately NOT put on PATH (it would shadow python3/pip).
export DDBB_MOTO_PYTHON="${DDBB_MOTO_VENV}/bin/python"
export MOTO_PORT="${MOTO_PORT:-5000}"
export MOTO_ENDPOINT="${MOTO_ENDPOINT:-http://127.0.0.1:${MOTO_PORT}}"

_ddbb_path_add() { case ":${PATH}:" in *":$1:"*) ;; *) PATH="$1:${PATH}" ;; esac; }
_ddbb_path_add "${DDBB_K8S_BIN_DIR}"        # kube-apiserver, etcd, kubectl
_ddbb_path_add "${DDBB_BIN_DIR}"            # helm, moto_server (symlink into the venv)
export PATH
unset -f _ddbb_path_add
unset _ddbb_env_dir
