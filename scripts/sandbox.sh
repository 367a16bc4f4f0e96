#!/usr/bin/env bash
# A local sandbox: a real etcd + kube-apiserver, the moto AWS emulator with a demo table `orders`,
# the CRD and RBAC from this checkout, a sample schedule (every minute, keepLast 3) in namespace
# `demo`, and the operator jar running as its ServiceAccount with IRSA-style credentials.
# Everything listens on 127.0.0.1 only. Ctrl-C stops everything this script started.
#
# Usage: scripts/sandbox.sh            (state and logs in target/sandbox/)
# Needs the tools from scripts/install-tools.sh (run here first) and Java 17 + Maven.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\033[1m[sandbox]\033[0m %s\n' "$*"; }
die() { printf '[sandbox] ERROR: %s\n' "$*" >&2; exit 1; }

bash scripts/install-tools.sh kube-apiserver etcd kubectl moto
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh
KUBECTL="${DDBB_K8S_BIN_DIR}/kubectl"
for bin in etcd kube-apiserver kubectl; do
  [[ -x "${DDBB_K8S_BIN_DIR}/${bin}" ]] || die "${DDBB_K8S_BIN_DIR}/${bin} missing: run scripts/install-tools.sh"
done
[[ -x "${DDBB_MOTO_VENV}/bin/moto_server" ]] || die "moto missing: run scripts/install-tools.sh moto"

JAR="target/dynamodb-backup-operator.jar"
if [[ ! -f "$JAR" ]] || [[ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]]; then
  say "building the operator jar (mvn -DskipTests package)"
  mvn -q -B -DskipTests package
fi

DIR="${ROOT}/target/sandbox"
rm -rf "$DIR"
mkdir -p "$DIR/pki" "$DIR/etcd"
PIDS=()

cleanup() {
  trap - INT TERM EXIT
  echo
  say "stopping"
  local pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid="${PIDS[$i]}"
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  say "stopped; logs are in ${DIR}"
}
trap cleanup INT TERM EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ETCD_PORT="$(free_port)"; ETCD_PEER_PORT="$(free_port)"; API_PORT="$(free_port)"
MOTO_PORT="$(free_port)"; METRICS_PORT="$(free_port)"
REGION="eu-west-1"
MOTO="http://127.0.0.1:${MOTO_PORT}"

# waits until "$@" succeeds, at most $1 seconds
wait_for() {
  local what="$1" secs="$2"; shift 2
  for _ in $(seq $((secs * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "${what} did not come up within ${secs}s (logs in ${DIR})"
}

# ---- certificates and tokens (loopback only) ----
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$DIR/pki/apiserver.key" -out "$DIR/pki/apiserver.crt" 2>/dev/null
openssl genrsa -out "$DIR/pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$DIR/pki/sa.key" -pubout -out "$DIR/pki/sa.pub" 2>/dev/null
ADMIN_TOKEN="$(openssl rand -hex 24)"
echo "${ADMIN_TOKEN},sandbox-admin,sandbox-admin,\"system:masters\"" >"$DIR/pki/tokens.csv"

kubeconfig() { # <file> <user> <token>
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: sandbox
  cluster:
    server: https://127.0.0.1:${API_PORT}
    certificate-authority: ${DIR}/pki/apiserver.crt
users:
- name: $2
  user:
    token: $3
contexts:
- name: sandbox
  context: {cluster: sandbox, user: $2}
current-context: sandbox
EOF
}
export KUBECONFIG="$DIR/admin.kubeconfig"
kubeconfig "$KUBECONFIG" sandbox-admin "$ADMIN_TOKEN"

# ---- etcd + kube-apiserver ----
say "starting etcd on 127.0.0.1:${ETCD_PORT}"
"${DDBB_K8S_BIN_DIR}/etcd" --name sandbox --data-dir "$DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
  --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
  --initial-cluster "sandbox=http://127.0.0.1:${ETCD_PEER_PORT}" >"$DIR/etcd.log" 2>&1 &
PIDS+=($!)
wait_for etcd 30 curl -sf "http://127.0.0.1:${ETCD_PORT}/health"

say "starting kube-apiserver ${DDBB_K8S_VERSION} on https://127.0.0.1:${API_PORT}"
"${DDBB_K8S_BIN_DIR}/kube-apiserver" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
  --secure-port="${API_PORT}" --etcd-servers="http://127.0.0.1:${ETCD_PORT}" \
  --tls-cert-file="$DIR/pki/apiserver.crt" --tls-private-key-file="$DIR/pki/apiserver.key" \
  --cert-dir="$DIR/pki" --token-auth-file="$DIR/pki/tokens.csv" --authorization-mode=RBAC \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$DIR/pki/sa.pub" --service-account-signing-key-file="$DIR/pki/sa.key" \
  --service-cluster-ip-range=10.0.0.0/24 --disable-admission-plugins=ServiceAccount \
  >"$DIR/kube-apiserver.log" 2>&1 &
PIDS+=($!)
wait_for kube-apiserver 90 "$KUBECTL" get --raw /readyz

# ---- moto ----
say "starting moto on ${MOTO}"
"${DDBB_MOTO_VENV}/bin/moto_server" -H 127.0.0.1 -p "${MOTO_PORT}" >"$DIR/moto.log" 2>&1 &
PIDS+=($!)
wait_for moto 60 curl -sf "${MOTO}/moto-api/"

# DynamoDB's JSON protocol by hand; moto reads the region from the credential scope only
ddb() { # <operation> <json>
  curl -sf -X POST "${MOTO}/" -H "X-Amz-Target: DynamoDB_20120810.$1" \
    -H 'Content-Type: application/x-amz-json-1.0' \
    -H "Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0" \
    -d "$2"
}
ddb CreateTable '{"TableName":"orders","BillingMode":"PAY_PER_REQUEST",
  "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
  "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}' >/dev/null
say "created DynamoDB table orders in moto (${REGION})"

# ---- CRD, RBAC, the operator's ServiceAccount token ----
"$KUBECTL" apply -f crds/ >/dev/null
"$KUBECTL" wait --for=condition=Established --timeout=60s crd/dynamodbbackupschedules.ddbbackup.io >/dev/null
"$KUBECTL" create namespace ddbbackup-system >/dev/null
"$KUBECTL" apply -k config/rbac >/dev/null
SA_TOKEN="$("$KUBECTL" create token dynamodb-backup-operator -n ddbbackup-system --duration=24h)"
kubeconfig "$DIR/operator.kubeconfig" dynamodb-backup-operator "$SA_TOKEN"
say "installed crds/ and config/rbac/"

# ---- the operator: its ServiceAccount for Kubernetes, a web identity token for AWS ----
jwt_part() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
NOW="$(date +%s)"
printf '%s.%s.%s' "$(jwt_part '{"alg":"RS256","typ":"JWT"}')" \
  "$(jwt_part "{\"aud\":[\"sts.amazonaws.com\"],\"sub\":\"system:serviceaccount:ddbbackup-system:dynamodb-backup-operator\",\"iat\":${NOW},\"exp\":$((NOW + 86400))}")" \
  "$(jwt_part sandbox)" >"$DIR/web-identity-token"
say "starting the operator (log: ${DIR}/operator.log)"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE \
  KUBECONFIG="$DIR/operator.kubeconfig" AWS_REGION="$REGION" \
  AWS_ROLE_ARN=arn:aws:iam::123456789012:role/ddb-backup AWS_WEB_IDENTITY_TOKEN_FILE="$DIR/web-identity-token" \
  AWS_ENDPOINT_URL="$MOTO" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  java -jar "$JAR" --no-leader-election --http-host=127.0.0.1 --http-port="$METRICS_PORT" >"$DIR/operator.log" 2>&1 &
PIDS+=($!)
wait_for operator 90 grep -q "controller started" "$DIR/operator.log"

# ---- a sample schedule ----
"$KUBECTL" create namespace demo >/dev/null
"$KUBECTL" apply -f - >/dev/null <<'EOF'
apiVersion: ddbbackup.io/v1alpha1
kind: DynamoDBBackupSchedule
metadata:
  name: orders-every-minute
  namespace: demo
spec:
  tableName: orders
  schedule: "* * * * *"
  retention:
    keepLast: 3
EOF

cat >"$DIR/env.sh" <<EOF
export KUBECONFIG=${KUBECONFIG}
export MOTO_ENDPOINT=${MOTO}
EOF
cat <<EOF

  The sandbox is up (loopback only). In another shell:

    export KUBECONFIG=${KUBECONFIG}      # or: source ${DIR}/env.sh
    kubectl get ddbbs -A                 # kubectl: ${KUBECTL}
    kubectl describe ddbbs -n demo orders-every-minute
    kubectl annotate ddbbs -n demo orders-every-minute --overwrite ddbbackup.io/backup-now="\$(date +%s)"

  Backups in moto (DynamoDB ListBackups on ${MOTO}):

    curl -s -X POST ${MOTO}/ -H 'X-Amz-Target: DynamoDB_20120810.ListBackups' -H 'Content-Type: application/x-amz-json-1.0' -H 'Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0' -d '{"TableName":"orders"}'

  The operator's metrics: curl -s http://127.0.0.1:${METRICS_PORT}/metrics | grep ^ddbbackup_

  Logs (operator, moto, kube-apiserver, etcd): ${DIR}/
  Watching the schedules below; a backup lands at every minute boundary. Ctrl-C stops everything.

EOF
"$KUBECTL" get ddbbs -A -w &
PIDS+=($!)
wait "${PIDS[-1]}" || true
