#!/usr/bin/env bash
# A single-node Kubernetes cluster on this machine, for the tests that install the chart the way
# users do (docs/e2e.md, "The single-node cluster"): etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and a kubelet on containerd, all built or installed by scripts/install-tools.sh.
# No registry: the pause image and any image you import come from local archives.
#
# Usage (as root):
#   scripts/node-cluster.sh up     [--dir DIR]            start it; prints how to use it
#   scripts/node-cluster.sh import [--dir DIR] ARCHIVE... import image archives (docker or OCI tar)
#   scripts/node-cluster.sh down   [--dir DIR]            stop everything and restore the host
#   scripts/node-cluster.sh status [--dir DIR]
# DIR (default target/node-cluster) holds the state, the certificates and logs/; after `up`,
# DIR/cluster.env has KUBECONFIG and the addresses (shell syntax, also read by the tests).
#
# Network: everything listens on loopback or on the address of a bridge that has no uplink
# (DDBB_NODE_SUBNET, default 10.244.77.0/24; the bridge is DDBB_NODE_BRIDGE, default ddbb0):
#   - etcd, the controller-manager and the scheduler on 127.0.0.1;
#   - the API server and the kubelet on the bridge's address (.1), which the host and the pods
#     reach (the kubelet refuses a loopback node IP);
#   - pods on the bridge (CNI bridge + host-local, no masquerading, no iptables).
# There is no kube-proxy and no cluster DNS: a MutatingAdmissionPolicy gives every container
# KUBERNETES_SERVICE_HOST/PORT pointing at the API server's real address. A second one plays the
# EKS pod identity webhook: a pod whose ServiceAccount carries eks.amazonaws.com/role-arn gets
# AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE and a projected token for audience sts.amazonaws.com.
#
# Only one cluster per host (the kubelet's cgroups, sysctls and a few fixed paths are global);
# `up` refuses to start a second one. `down` undoes what the kubelet and containerd change on the
# host: sysctls, /kubepods cgroups, mounts, the bridge, /var/lib/kubelet/device-plugins,
# /var/log/containers, /var/lib/cni, /run/containerd.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=tool-versions.sh
source "${ROOT}/scripts/tool-versions.sh"

SUBNET="${DDBB_NODE_SUBNET:-10.244.77.0/24}"
BRIDGE="${DDBB_NODE_BRIDGE:-ddbb0}"
NODE_NAME="${DDBB_NODE_NAME:-ddbb-node}"
SERVICE_CIDR="${DDBB_NODE_SERVICE_CIDR:-10.96.0.0/24}"
PREFIX="${SUBNET%.*}"              # 10.244.77
GATEWAY="${PREFIX}.1"
SERVICE_IP="${SERVICE_CIDR%.*}.1"   # the `kubernetes` Service's ClusterIP (never served: no kube-proxy)
MARKER=/run/ddbbackup-node-cluster  # names the DIR of the cluster running on this host
# what the kubelet changes on the host unless protectKernelDefaults (which makes it fail instead)
SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops net.ipv4.ip_forward)
# fixed paths the kubelet, containerd and CNI create whatever their configuration says
HOST_PATHS=(/var/lib/kubelet /var/log/containers /var/lib/cni /run/containerd)

B="${DDBB_K8S_BIN_DIR}"
KUBECTL="${B}/kubectl"

say() { printf '[node-cluster] %s\n' "$*"; }
die() { printf '[node-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

CMD="${1:-}"
[[ -n "$CMD" ]] && shift
DIR="${ROOT}/target/node-cluster"
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) DIR="$2"; shift 2 ;;
    --dir=*) DIR="${1#--dir=}"; shift ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
LOGS="${DIR}/logs"
PIDS="${DIR}/pids"
PKI="${DIR}/pki"
CTRD_SOCK="${DIR}/containerd/containerd.sock"

ctr_() { ctr --address "$CTRD_SOCK" --namespace k8s.io "$@"; }
kc() { KUBECONFIG="${DIR}/admin.kubeconfig" "$KUBECTL" "$@"; }

# wait_for <what> <seconds> cmd... : polls every 0.2 s
wait_for() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "${what} not ready within ${secs}s (logs in ${LOGS})"
    sleep 0.2
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start <name> cmd... : a daemon in its own session, output to logs/<name>.log, pid in pids/<name>
start() {
  local name="$1"; shift
  setsid "$@" </dev/null >"${LOGS}/${name}.log" 2>&1 &
  echo $! >"${PIDS}/${name}"
}

# stop <name> [seconds]: SIGTERM, then SIGKILL after the grace period
stop() {
  local name="$1" secs="${2:-15}" pid
  [[ -f "${PIDS}/${name}" ]] || return 0
  pid="$(cat "${PIDS}/${name}")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + secs))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "${PIDS}/${name}"
}

alive() { [[ -f "${PIDS}/$1" ]] && kill -0 "$(cat "${PIDS}/$1")" 2>/dev/null; }

# ---- certificates ------------------------------------------------------------------------------
# cert <name> <subject> [extensions]: a key and a certificate signed by the cluster's CA
cert() {
  local name="$1" subj="$2" ext="${3:-extendedKeyUsage=clientAuth}"
  openssl req -new -newkey rsa:2048 -nodes -subj "$subj" \
    -keyout "${PKI}/${name}.key" -out "${PKI}/${name}.csr" 2>/dev/null
  openssl x509 -req -in "${PKI}/${name}.csr" -CA "${PKI}/ca.crt" -CAkey "${PKI}/ca.key" \
    -CAcreateserial -days 2 -extfile <(printf '%s\n' "$ext") -out "${PKI}/${name}.crt" 2>/dev/null
  rm -f "${PKI}/${name}.csr"
}

kubeconfig() { # <file> <cert name>
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: node-cluster
  cluster:
    server: https://${GATEWAY}:${API_PORT}
    certificate-authority: ${PKI}/ca.crt
users:
- name: $2
  user:
    client-certificate: ${PKI}/$2.crt
    client-key: ${PKI}/$2.key
contexts:
- name: node-cluster
  context: {cluster: node-cluster, user: $2}
current-context: node-cluster
EOF
}

make_pki() {
  mkdir -p "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=ddbbackup-node-cluster-ca" \
    -keyout "${PKI}/ca.key" -out "${PKI}/ca.crt" 2>/dev/null
  cert apiserver "/CN=kube-apiserver" "$(printf '%s\n' \
    "subjectAltName=IP:${GATEWAY},IP:127.0.0.1,IP:${SERVICE_IP},DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
    "extendedKeyUsage=serverAuth")"
  cert admin "/O=system:masters/CN=node-cluster-admin"
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  cert controller-manager "/CN=system:kube-controller-manager"
  cert scheduler "/CN=system:kube-scheduler"
  cert kubelet "/O=system:nodes/CN=system:node:${NODE_NAME}"
  openssl genrsa -out "${PKI}/sa.key" 2048 2>/dev/null
  openssl rsa -in "${PKI}/sa.key" -pubout -out "${PKI}/sa.pub" 2>/dev/null
}

# ---- the host state the node changes ------------------------------------------------------------
save_host_state() {
  mkdir -p "${DIR}/host"
  local s p
  for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s")"; done >"${DIR}/host/sysctl"
  for p in "${HOST_PATHS[@]}" /var/lib/kubelet/device-plugins /var/lib/cni/results /run/containerd/s /run/containerd/fifo; do
    [[ -e "$p" ]] && echo "$p"
  done >"${DIR}/host/existing-paths" || true
}

restore_host_state() {
  local line p
  if [[ -f "${DIR}/host/sysctl" ]]; then
    while IFS= read -r line; do sysctl -q -w "$line" >/dev/null || say "could not restore sysctl $line"; done <"${DIR}/host/sysctl"
  fi
  # the kubepods cgroups in every hierarchy, deepest first
  for p in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d "$p" ]] && find "$p" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
  # Only what this cluster left in the shared places (podman, for one, uses /var/lib/cni too);
  # a directory goes only when it is empty afterwards and did not exist before `up`.
  rm -f /var/lib/cni/results/ddbbackup-node-* 2>/dev/null || true
  local link
  for link in /var/log/containers/*.log; do   # the kubelet's links to this cluster's pod logs
    [[ -L "$link" && "$(readlink "$link")" == "${DIR}/"* ]] && rm -f "$link"
  done
  local existing=""
  [[ -f "${DIR}/host/existing-paths" ]] && existing="$(cat "${DIR}/host/existing-paths")"
  for p in /var/lib/kubelet/device-plugins /var/lib/cni/results /var/lib/cni /var/lib/kubelet \
           /var/log/containers /run/containerd/s /run/containerd/fifo /run/containerd; do
    [[ -d "$p" ]] || continue
    grep -qx "$p" <<<"$existing" && continue
    [[ "$p" == /var/lib/kubelet/device-plugins ]] && rm -f "$p"/kubelet.sock "$p"/DEPRECATION
    rmdir "$p" 2>/dev/null || say "left ${p}: not empty ($(ls -A "$p" | head -3 | tr '\n' ' '))"
  done
  return 0
}

# ---- up -------------------------------------------------------------------------------------------
write_containerd_config() {
  mkdir -p "${DIR}/containerd" "${DIR}/cni/net.d" "${DIR}/cni/ipam"
  cat >"${DIR}/containerd/config.toml" <<EOF
version = 2
root = "${DIR}/containerd/root"
state = "${DIR}/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "${CTRD_SOCK}"
[ttrpc]
  address = "${CTRD_SOCK}.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "${DIR}/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${DDBB_PAUSE_IMAGE}"
  # this VM refuses a negative oom_score_adj even to root; without this every sandbox fails
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "${DIR}/containerd/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "${DIR}/cni/net.d"
    max_conf_num = 1
EOF
  # no ipMasq (no iptables rules) and no default route: pods only talk to the bridge's address
  cat >"${DIR}/cni/net.d/10-ddbbackup-node.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "ddbbackup-node",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${BRIDGE}",
      "isGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${DIR}/cni/ipam",
        "ranges": [[{"subnet": "${SUBNET}", "gateway": "${GATEWAY}"}]]
      }
    }
  ]
}
EOF
}

write_kubelet_config() {
  mkdir -p "${DIR}/kubelet/root" "${DIR}/kubelet/pki" "${DIR}/kubelet/pod-logs" "${DIR}/kubelet/volume-plugins"
  cat >"${DIR}/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: ${GATEWAY}
port: ${KUBELET_PORT}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: ${KUBELET_HEALTHZ_PORT}
containerRuntimeEndpoint: unix://${CTRD_SOCK}
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
makeIPTablesUtilChains: false
podLogsDir: ${DIR}/kubelet/pod-logs
volumePluginDir: ${DIR}/kubelet/volume-plugins
resolvConf: /etc/resolv.conf
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: ${PKI}/ca.crt}
authorization:
  mode: AlwaysAllow
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  imagefs.available: 1%
  nodefs.inodesFree: 1%
# the images here cannot be pulled again: never collect them
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
EOF
}

# The cluster's stand-ins for kube-proxy and for the EKS pod identity webhook (see the header).
apply_admission_policies() {
  local token_volume='Object.spec.volumes{name: "aws-iam-token", projected: Object.spec.volumes.projected{
          defaultMode: 420, sources: [Object.spec.volumes.projected.sources{serviceAccountToken:
            Object.spec.volumes.projected.sources.serviceAccountToken{
              audience: "sts.amazonaws.com", expirationSeconds: 86400, path: "token"}}]}}'
  kc apply -f - >/dev/null <<EOF
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicy
metadata:
  name: ddbbackup-node-api-address
spec:
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: [v1]
      operations: [CREATE]
      resources: [pods]
  failurePolicy: Fail
  reinvocationPolicy: Never
  mutations:
  - patchType: ApplyConfiguration
    applyConfiguration:
      expression: >
        Object{spec: Object.spec{containers: object.spec.containers.map(c,
          Object.spec.containers{name: c.name, env: [
            Object.spec.containers.env{name: "KUBERNETES_SERVICE_HOST", value: "${GATEWAY}"},
            Object.spec.containers.env{name: "KUBERNETES_SERVICE_PORT", value: "${API_PORT}"},
            Object.spec.containers.env{name: "KUBERNETES_SERVICE_PORT_HTTPS", value: "${API_PORT}"}]})}}
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicyBinding
metadata:
  name: ddbbackup-node-api-address
spec:
  policyName: ddbbackup-node-api-address
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicy
metadata:
  name: ddbbackup-node-pod-identity
spec:
  paramKind:
    apiVersion: v1
    kind: ServiceAccount
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: [v1]
      operations: [CREATE]
      resources: [pods]
  failurePolicy: Fail
  reinvocationPolicy: Never
  variables:
  - name: roleArn
    expression: >
      params.metadata.name == (has(object.spec.serviceAccountName) ? object.spec.serviceAccountName : "default")
      && has(params.metadata.annotations)
      && "eks.amazonaws.com/role-arn" in params.metadata.annotations
      ? params.metadata.annotations["eks.amazonaws.com/role-arn"] : ""
  mutations:
  # the token volume by JSON patch: ApplyConfiguration may not set its atomic list of sources
  - patchType: JSONPatch
    jsonPatch:
      expression: >
        variables.roleArn == "" ? [] :
        has(object.spec.volumes)
        ? [JSONPatch{op: "add", path: "/spec/volumes/-", value: ${token_volume}}]
        : [JSONPatch{op: "add", path: "/spec/volumes", value: [${token_volume}]}]
  - patchType: ApplyConfiguration
    applyConfiguration:
      expression: >
        variables.roleArn == "" ? Object{} :
        Object{spec: Object.spec{
          containers: object.spec.containers.map(c, Object.spec.containers{name: c.name,
            env: [
              Object.spec.containers.env{name: "AWS_ROLE_ARN", value: variables.roleArn},
              Object.spec.containers.env{name: "AWS_WEB_IDENTITY_TOKEN_FILE",
                value: "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"},
              Object.spec.containers.env{name: "AWS_STS_REGIONAL_ENDPOINTS", value: "regional"}],
            volumeMounts: [Object.spec.containers.volumeMounts{name: "aws-iam-token",
              mountPath: "/var/run/secrets/eks.amazonaws.com/serviceaccount", readOnly: true}]})}}
---
apiVersion: admissionregistration.k8s.io/v1beta1
kind: MutatingAdmissionPolicyBinding
metadata:
  name: ddbbackup-node-pod-identity
spec:
  policyName: ddbbackup-node-pod-identity
  paramRef:
    # every ServiceAccount of the pod's namespace; the expression picks the pod's own
    selector: {}
    parameterNotFoundAction: Allow
EOF
}

up() {
  [[ "$(id -u)" == 0 ]] || die "must run as root (containerd, the kubelet's cgroups and mounts)"
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubelet kubectl; do
    [[ -x "${B}/${b}" ]] || die "${B}/${b} missing: run scripts/install-tools.sh"
  done
  for b in containerd ctr runc /usr/lib/cni/bridge /usr/lib/cni/host-local /usr/lib/cni/loopback openssl; do
    command -v "$b" >/dev/null 2>&1 || die "$b missing: run scripts/install-tools.sh node-packages"
  done
  [[ -f "${DDBB_IMAGES_DIR}/pause.tar" ]] || die "${DDBB_IMAGES_DIR}/pause.tar missing: run scripts/install-tools.sh pause-image"
  if [[ -f "$MARKER" ]]; then
    local other
    other="$(cat "$MARKER")"
    if [[ "$other" == "$DIR" ]]; then
      say "a previous cluster in ${DIR} was not torn down: tearing it down first"
      down
    else
      die "another node cluster runs on this host (${other}); stop it with: scripts/node-cluster.sh down --dir ${other}"
    fi
  fi
  ip link show "$BRIDGE" >/dev/null 2>&1 && die "network link ${BRIDGE} exists already (DDBB_NODE_BRIDGE picks another name)"

  local t0=$SECONDS
  rm -rf "${DIR:?}"/{pki,etcd,containerd,cni,kubelet,host,logs,pids,cluster.env,admin.kubeconfig}
  mkdir -p "$LOGS" "$PIDS"
  echo "$DIR" >"$MARKER"
  save_host_state

  ETCD_PORT="$(free_port)"; ETCD_PEER_PORT="$(free_port)"; API_PORT="$(free_port)"
  KUBELET_PORT="$(free_port)"; KUBELET_HEALTHZ_PORT="$(free_port)"
  KCM_PORT="$(free_port)"; SCHED_PORT="$(free_port)"
  make_pki
  local k
  for k in admin controller-manager scheduler kubelet; do kubeconfig "${DIR}/${k}.kubeconfig" "$k"; done

  # the bridge exists before the first pod so that the API server can listen on its address
  ip link add "$BRIDGE" type bridge
  ip addr add "${GATEWAY}/${SUBNET#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up

  start etcd "${B}/etcd" --name node-cluster --data-dir "${DIR}/etcd" \
    --listen-client-urls "http://127.0.0.1:${ETCD_PORT}" --advertise-client-urls "http://127.0.0.1:${ETCD_PORT}" \
    --listen-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" --initial-advertise-peer-urls "http://127.0.0.1:${ETCD_PEER_PORT}" \
    --initial-cluster "node-cluster=http://127.0.0.1:${ETCD_PEER_PORT}"

  write_containerd_config
  start containerd containerd --config "${DIR}/containerd/config.toml"

  wait_for etcd 30 curl -sf "http://127.0.0.1:${ETCD_PORT}/health"
  start kube-apiserver "${B}/kube-apiserver" \
    --bind-address="${GATEWAY}" --advertise-address="${GATEWAY}" --secure-port="${API_PORT}" \
    --etcd-servers="http://127.0.0.1:${ETCD_PORT}" \
    --tls-cert-file="${PKI}/apiserver.crt" --tls-private-key-file="${PKI}/apiserver.key" \
    --client-ca-file="${PKI}/ca.crt" --authorization-mode=Node,RBAC \
    --enable-admission-plugins=NodeRestriction \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${PKI}/sa.pub" --service-account-signing-key-file="${PKI}/sa.key" \
    --service-cluster-ip-range="${SERVICE_CIDR}" \
    --kubelet-client-certificate="${PKI}/apiserver-kubelet-client.crt" \
    --kubelet-client-key="${PKI}/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types=InternalIP \
    --feature-gates=MutatingAdmissionPolicy=true \
    --runtime-config=admissionregistration.k8s.io/v1beta1=true \
    --cert-dir="${PKI}"

  wait_for containerd 30 ctr_ version
  ctr_ images import --snapshotter overlayfs "${DDBB_IMAGES_DIR}/pause.tar" >/dev/null \
    || die "ctr images import ${DDBB_IMAGES_DIR}/pause.tar failed"

  wait_for kube-apiserver 90 kc get --raw /readyz
  local t_api=$((SECONDS - t0))
  apply_admission_policies

  start kube-controller-manager "${B}/kube-controller-manager" \
    --kubeconfig="${DIR}/controller-manager.kubeconfig" \
    --authentication-kubeconfig="${DIR}/controller-manager.kubeconfig" \
    --authorization-kubeconfig="${DIR}/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="${KCM_PORT}" --leader-elect=false \
    --use-service-account-credentials --flex-volume-plugin-dir="${DIR}/kubelet/volume-plugins" \
    --service-account-private-key-file="${PKI}/sa.key" --root-ca-file="${PKI}/ca.crt" \
    --cluster-signing-cert-file="${PKI}/ca.crt" --cluster-signing-key-file="${PKI}/ca.key"
  start kube-scheduler "${B}/kube-scheduler" \
    --kubeconfig="${DIR}/scheduler.kubeconfig" \
    --authentication-kubeconfig="${DIR}/scheduler.kubeconfig" \
    --authorization-kubeconfig="${DIR}/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="${SCHED_PORT}" --leader-elect=false

  write_kubelet_config
  start kubelet "${B}/kubelet" --config="${DIR}/kubelet/config.yaml" \
    --kubeconfig="${DIR}/kubelet.kubeconfig" --root-dir="${DIR}/kubelet/root" \
    --cert-dir="${DIR}/kubelet/pki" --hostname-override="${NODE_NAME}" --node-ip="${GATEWAY}"

  wait_for "node ${NODE_NAME}" 120 kc wait --for=condition=Ready "node/${NODE_NAME}" --timeout=1s
  local t_node=$((SECONDS - t0))
  # the ServiceAccount admission needs the namespace's default ServiceAccount before any pod
  wait_for "ServiceAccount default/default" 60 kc get serviceaccount default -n default
  # the runtime works end to end (sandbox, CNI, container): a pod of the pause image gets Ready
  kc apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Pod
metadata: {name: node-check, namespace: default}
spec:
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 0
  containers: [{name: pause, image: "${DDBB_PAUSE_IMAGE}", imagePullPolicy: Never}]
EOF
  if ! kc wait --for=condition=Ready pod/node-check -n default --timeout=60s >/dev/null 2>&1; then
    kc describe pod node-check -n default 2>&1 | tail -15 >&2
    die "a pod of ${DDBB_PAUSE_IMAGE} did not get Ready: the kubelet or containerd cannot run pods (logs in ${LOGS})"
  fi
  kc delete pod node-check -n default --wait=false >/dev/null

  cat >"${DIR}/cluster.env" <<EOF
KUBECONFIG=${DIR}/admin.kubeconfig
DDBB_NODE_DIR=${DIR}
DDBB_NODE_NAME=${NODE_NAME}
DDBB_NODE_GATEWAY=${GATEWAY}
DDBB_NODE_API_SERVER=https://${GATEWAY}:${API_PORT}
DDBB_NODE_CONTAINERD_SOCKET=${CTRD_SOCK}
EOF
  say "up in $((SECONDS - t0))s (API server ready at ${t_api}s, node Ready at ${t_node}s, then a pod):" \
    "node ${NODE_NAME}, API server https://${GATEWAY}:${API_PORT}"
  say "  export KUBECONFIG=${DIR}/admin.kubeconfig     # kubectl: ${KUBECTL}"
  say "  pods reach the host at ${GATEWAY} (start servers the pods need on that address)"
  say "  import images: scripts/node-cluster.sh import --dir ${DIR} <archive.tar>"
  say "  stop: scripts/node-cluster.sh down --dir ${DIR}      (logs: ${LOGS})"
}

import_images() {
  [[ ${#ARGS[@]} -gt 0 ]] || die "import: name at least one image archive"
  alive containerd || die "containerd of ${DIR} is not running (scripts/node-cluster.sh up first)"
  local a
  for a in "${ARGS[@]}"; do
    [[ -f "$a" ]] || die "import: $a not found"
    ctr_ images import --snapshotter overlayfs "$a" || die "ctr images import $a failed"
  done
  ctr_ images ls -q | grep -v '^sha256:' || true
}

# ---- down -----------------------------------------------------------------------------------------
down() {
  local t0=$SECONDS
  if alive kube-apiserver && alive kubelet; then
    # no controller may recreate what is deleted next; the kubelet then stops every pod cleanly
    stop kube-controller-manager & stop kube-scheduler & wait
    kc delete pods --all --all-namespaces --grace-period=5 --wait=false >/dev/null 2>&1 || true
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)) && [[ -n "$(kc get pods -A -o name 2>/dev/null)" ]]; do sleep 0.5; done
  fi
  stop kube-controller-manager & stop kube-scheduler & wait
  stop kubelet 30
  if alive containerd; then
    local id
    for id in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    for id in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$id" >/dev/null 2>&1 || true; done
    for id in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$id" >/dev/null 2>&1 || true; done
  fi
  stop containerd 30 & stop kube-apiserver & wait
  # shims outlive containerd by design: end the ones serving this cluster
  local pid
  for pid in $(pgrep -f "containerd-shim-runc-v2 .*-address ${CTRD_SOCK}" 2>/dev/null || true); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  stop etcd
  # mounts under the run's directory (pod volumes, netns, overlay snapshots), deepest first
  local m
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(
    awk -v d="${DIR}/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r)
  restore_host_state
  rm -rf "${DIR:?}"/{containerd,kubelet/root,cni/ipam,etcd}
  [[ -f "$MARKER" && "$(cat "$MARKER")" == "$DIR" ]] && rm -f "$MARKER"
  say "down in $((SECONDS - t0))s (logs kept in ${LOGS})"
}

status() {
  local n
  for n in etcd kube-apiserver containerd kube-controller-manager kube-scheduler kubelet; do
    if alive "$n"; then echo "$n: running (pid $(cat "${PIDS}/${n}"))"; else echo "$n: not running"; fi
  done
  if alive kube-apiserver; then kc get nodes -o wide 2>/dev/null || true; fi
}

case "$CMD" in
  up) up ;;
  down) down ;;
  import) import_images ;;
  status) status ;;
  *) sed -n '2,27p' "$0"; exit 2 ;;
esac
