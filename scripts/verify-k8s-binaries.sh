#!/usr/bin/env bash
# Smoke-test the kube-apiserver / etcd / kubectl built by scripts/install-tools.sh the way
# io.fabric8:kube-api-test 7.5.2 uses them (same flags, same kind of certificates), but bound to
# loopback only. Starts etcd + kube-apiserver in a temp dir, runs `kubectl get ns`, stops both.
#
# Usage: scripts/verify-k8s-binaries.sh        (exit 0 = binaries work)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tool-versions.sh
source "${SCRIPT_DIR}/tool-versions.sh"
B="${DDBB_K8S_BIN_DIR}"
for b in etcd kube-apiserver kubectl; do
  [[ -x "$B/$b" ]] || { echo "verify: $B/$b missing - run scripts/install-tools.sh" >&2; exit 1; }
done
command -v openssl >/dev/null || { echo "verify: openssl needed" >&2; exit 1; }

WORK="$(mktemp -d /tmp/ddbb-k8s-verify.XXXXXX)"
ETCD_PID="" API_PID=""
cleanup() {
  local rc=$?
  [[ -n "$API_PID" ]] && kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null || true
  [[ -n "$ETCD_PID" ]] && kill "$ETCD_PID" 2>/dev/null && wait "$ETCD_PID" 2>/dev/null || true
  if [[ $rc -ne 0 ]]; then
    echo "verify: FAILED - logs kept in $WORK" >&2
    tail -n 25 "$WORK/etcd.log" "$WORK/apiserver.log" >&2 2>/dev/null || true
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
ETCD_PORT="$(free_port)"; PEER_PORT="$(free_port)"; API_PORT="$(free_port)"

# Certificates like kube-api-test's CertManager: a self-signed API server cert (also used as the
# service-account signing key and as the client-side CA) and a self-signed client cert with
# O=system:masters that doubles as --client-ca-file.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=example.org" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster,DNS:kubernetes.default.svc.cluster.local" \
  -keyout "$WORK/apiserver.key" -out "$WORK/apiserver.crt" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/O=system:masters/CN=kubeapitest" \
  -keyout "$WORK/client.key" -out "$WORK/client.crt" 2>/dev/null

t0=$SECONDS
# etcd: kube-api-test flags, except listen on 127.0.0.1 instead of 0.0.0.0 (it still advertises 0.0.0.0 like kube-api-test)
"$B/etcd" -data-dir "$WORK/etcddata" -wal-dir "$WORK/etcdwal" \
  --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls "http://0.0.0.0:${ETCD_PORT}" \
  --initial-cluster "default=http://localhost:${PEER_PORT}" --initial-advertise-peer-urls "http://localhost:${PEER_PORT}" \
  --listen-peer-urls "http://localhost:${PEER_PORT}" >"$WORK/etcd.log" 2>&1 &
ETCD_PID=$!
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:${ETCD_PORT}/health" >/dev/null && break
  kill -0 "$ETCD_PID" 2>/dev/null || { echo "verify: etcd exited" >&2; exit 1; }
  sleep 0.2
done
curl -sf "http://127.0.0.1:${ETCD_PORT}/health" >/dev/null || { echo "verify: etcd not healthy" >&2; exit 1; }
echo "verify: etcd $("$B/etcd" --version | awk '/^etcd Version/{print $3}') healthy on 127.0.0.1:${ETCD_PORT} after $((SECONDS - t0))s"

t0=$SECONDS
# kube-apiserver: exactly kube-api-test's argument list (+ --bind-address=127.0.0.1)
"$B/kube-apiserver" --bind-address 127.0.0.1 \
  --cert-dir "$WORK" --secure-port "$API_PORT" --etcd-servers "http://127.0.0.1:${ETCD_PORT}" \
  --authorization-mode RBAC --service-account-issuer https://localhost \
  --service-account-signing-key-file "$WORK/apiserver.key" --service-account-signing-key-file "$WORK/apiserver.key" \
  --service-account-key-file "$WORK/apiserver.key" --service-account-issuer "$WORK/apiserver.crt" \
  --disable-admission-plugins ServiceAccount --client-ca-file "$WORK/client.crt" \
  --service-cluster-ip-range 10.0.0.0/24 --allow-privileged >"$WORK/apiserver.log" 2>&1 &
API_PID=$!

# readiness exactly like kube-api-test: kubectl with the client cert against https://127.0.0.1:<port>
KC=("$B/kubectl" "--client-certificate=$WORK/client.crt" "--client-key=$WORK/client.key"
    "--certificate-authority=$WORK/apiserver.crt" "--server=https://127.0.0.1:${API_PORT}" --request-timeout=5s)
export KUBECONFIG="$WORK/.kubeconfig"
ok=0
for _ in $(seq 1 300); do
  if "${KC[@]}" get ns default >/dev/null 2>&1; then ok=1; break; fi
  kill -0 "$API_PID" 2>/dev/null || { echo "verify: kube-apiserver exited" >&2; exit 1; }
  sleep 0.5
done
[[ $ok == 1 ]] || { echo "verify: kube-apiserver not ready after 150s" >&2; exit 1; }
echo "verify: kube-apiserver ready on https://127.0.0.1:${API_PORT} after $((SECONDS - t0))s"
"${KC[@]}" version
"${KC[@]}" get ns
"${KC[@]}" create namespace ddbb-verify >/dev/null && "${KC[@]}" get ns ddbb-verify -o name
echo "verify: OK"
