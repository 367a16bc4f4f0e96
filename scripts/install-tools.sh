#!/usr/bin/env bash
# Provision the test tools for dynamodb-backup-operator WITHOUT GitHub/cloud-bucket downloads:
#   * kube-apiserver, etcd, kubectl  -> built from the Go module proxy into
#       ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-amd64/   (io.fabric8:kube-api-test layout)
#   * helm v3                         -> built from the Go module proxy into ${DDBB_TOOLS_CACHE}/bin/helm
#   * helm-docs                       -> built from the Go module proxy into ${DDBB_TOOLS_CACHE}/bin/helm-docs
#   * promtool (Prometheus 3.x)       -> built from the Go module proxy into ${DDBB_TOOLS_CACHE}/bin/promtool
#   * moto[server] 5.x               -> PyPI, virtualenv ${DDBB_TOOLS_CACHE}/moto-venv
#   * podman, buildah, skopeo, runc  -> Debian packages (apt-get), for scripts/image.sh and ImageIT
#   * the single-node cluster of scripts/node-cluster.sh (needs root):
#       kubelet, kube-controller-manager, kube-scheduler -> built like kube-apiserver, same folder
#       node-packages: containerd, runc, CNI plugins, gcc -> Debian packages (apt-get)
#       pause-image: scripts/node/pause.c, static, as an image archive in ${DDBB_TOOLS_CACHE}/images
#
# Idempotent: a tool whose binary already reports the pinned version is skipped.
#
# Usage: scripts/install-tools.sh [--force] [tool...]
#   tool: kube-apiserver | etcd | kubectl | helm | helm-docs | promtool | moto | podman | kubelet |
#         kube-controller-manager | kube-scheduler | node-packages | pause-image |
#         node (= the last five)      (default: all of them)
#   --force (or DDBB_FORCE_REBUILD=1): rebuild/reinstall the selected tools even if present.
# Versions and locations: scripts/tool-versions.sh (each overridable from the environment).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tool-versions.sh
source "${SCRIPT_DIR}/tool-versions.sh"

FORCE="${DDBB_FORCE_REBUILD:-0}"
NODE_TOOLS=(node-packages kubelet kube-controller-manager kube-scheduler pause-image)
ALL_TOOLS=(kube-apiserver etcd kubectl helm helm-docs promtool moto podman "${NODE_TOOLS[@]}")
TOOLS=()
for arg in "$@"; do
  case "$arg" in
    --force|-f) FORCE=1 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    kube-apiserver|etcd|kubectl|helm|helm-docs|promtool|moto|podman) TOOLS+=("$arg") ;;
    kubelet|kube-controller-manager|kube-scheduler|node-packages|pause-image) TOOLS+=("$arg") ;;
    node) TOOLS+=("${NODE_TOOLS[@]}") ;;
    *) echo "install-tools: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[[ ${#TOOLS[@]} -gt 0 ]] || TOOLS=("${ALL_TOOLS[@]}")

K8S_TAG="v${DDBB_K8S_VERSION}"                        # k8s.io/kubernetes module version
STAGING_TAG="v0.${DDBB_K8S_VERSION#*.}"               # 1.34.12 -> v0.34.12 (k8s.io/* staging modules)
K8S_MINOR="$(cut -d. -f2 <<<"${DDBB_K8S_VERSION}")"
BUILD_DATE="2000-01-01T00:00:00Z"                     # fixed: keeps rebuilds reproducible

log()  { printf '[install-tools] %s\n' "$*"; }
die()  { printf '[install-tools] ERROR: %s\n' "$*" >&2; exit 1; }
CURRENT_STEP=""
trap 'rc=$?; [[ $rc -ne 0 && -n "$CURRENT_STEP" ]] && printf "[install-tools] ERROR: step \"%s\" failed (exit %s)\n" "$CURRENT_STEP" "$rc" >&2' EXIT

# ---- sanity -------------------------------------------------------------------------------
[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || die "only linux-amd64 is supported (kube-api-test folder suffix -${DDBB_K8S_PLATFORM})"
[[ "${DDBB_K8S_VERSION}" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
  || die "DDBB_K8S_VERSION='${DDBB_K8S_VERSION}' must be purely numeric (e.g. 1.34.12): kube-api-test parses folder names with Integer.parseInt"

mkdir -p "${DDBB_TOOLS_CACHE}" "${DDBB_BIN_DIR}" "${DDBB_GOBUILD_DIR}" "${DDBB_K8S_BIN_DIR}" "${DDBB_IMAGES_DIR}"

# One installer at a time per cache (several engineers/worktrees share ~/.cache).
exec 9>"${DDBB_TOOLS_CACHE}/.install.lock"
if ! flock -n 9; then
  log "another install-tools run holds ${DDBB_TOOLS_CACHE}/.install.lock - waiting"
  flock 9
fi

need_go() {
  command -v go >/dev/null 2>&1 || die "go is not on PATH (needed to build kube-apiserver/etcd/kubectl/helm from the Go module proxy)"
}

# Common Go environment for the throwaway wrapper modules. CGO off, trimmed, stripped.
GO_ENV=(env GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOOS=linux GOARCH=amd64)

# run_logged <logfile> cmd...  : run at low priority, keep full log, show tail on failure
run_logged() {
  local logf="$1"; shift
  if ! nice -n 10 "$@" >>"$logf" 2>&1; then
    echo "----- last 40 lines of $logf -----" >&2
    tail -n 40 "$logf" >&2
    return 1
  fi
}

# go_wrapper_build <name> <dest-binary> <ldflags> <main.go content> <go.mod content>
# Generates a wrapper module in ${DDBB_GOBUILD_DIR}/<name>, resolves it, builds, installs atomically.
go_wrapper_build() {
  local name="$1" dest="$2" ldflags="$3" main_src="$4" gomod="$5"
  local dir="${DDBB_GOBUILD_DIR}/${name}"
  local logf="${dir}/build.log"
  mkdir -p "$dir"
  : >"$logf"
  # Rewrite go.mod only if it changed, so `go mod tidy` stays a cheap no-op on rebuilds.
  if [[ ! -f "$dir/go.mod.in" ]] || [[ "$(cat "$dir/go.mod.in")" != "$gomod" ]]; then
    printf '%s\n' "$gomod" >"$dir/go.mod.in"
    printf '%s\n' "$gomod" >"$dir/go.mod"
    rm -f "$dir/go.sum"
  fi
  printf '%s\n' "$main_src" >"$dir/main.go"
  log "  wrapper module: $dir (log: $logf)"
  (cd "$dir" && run_logged "$logf" "${GO_ENV[@]}" go mod tidy) || die "$name: 'go mod tidy' failed (Go module proxy reachable? see $logf)"
  (cd "$dir" && run_logged "$logf" "${GO_ENV[@]}" go build -trimpath -ldflags "-s -w ${ldflags}" -o "${dest}.tmp" .) \
    || die "$name: 'go build' failed (see $logf)"
  mv -f "${dest}.tmp" "$dest"
}

# ---- version probes (print the version the binary reports, or nothing) ---------------------
ver_kube_apiserver() { "${DDBB_K8S_BIN_DIR}/kube-apiserver" --version 2>/dev/null | awk '{print $2}'; }   # "Kubernetes v1.34.12"
ver_etcd()           { "${DDBB_K8S_BIN_DIR}/etcd" --version 2>/dev/null | awk '/^etcd Version:/{print $3}'; }
ver_kubectl()        { "${DDBB_K8S_BIN_DIR}/kubectl" version --client 2>/dev/null | awk '/^Client Version:/{print $3}'; }
ver_kubelet()        { "${DDBB_K8S_BIN_DIR}/kubelet" --version 2>/dev/null | awk '{print $2}'; }
ver_kube_controller_manager() { "${DDBB_K8S_BIN_DIR}/kube-controller-manager" --version 2>/dev/null | awk '{print $2}'; }
ver_kube_scheduler() { "${DDBB_K8S_BIN_DIR}/kube-scheduler" --version 2>/dev/null | awk '{print $2}'; }
ver_node_packages()  { local p; for p in ${DDBB_NODE_PACKAGES}; do   # "installed" once every one is
                         [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" == installed ]] || return 0
                       done; echo installed; }
ver_pause_image()    { cat "${DDBB_IMAGES_DIR}/pause.tar.source" 2>/dev/null; }   # the source's hash it was built from
ver_helm()           { local v d minor
                       v="$("${DDBB_BIN_DIR}/helm" version --template '{{.Version}}' 2>/dev/null)" || return 0
                       # the Kubernetes version helm template assumes (see build_helm): 1.20 = built without it
                       d="$(mktemp -d)"; mkdir -p "$d/templates"
                       printf 'apiVersion: v2\nname: probe\nversion: 0.0.1\n' >"$d/Chart.yaml"
                       printf 'minor: "{{ .Capabilities.KubeVersion.Minor }}"\n' >"$d/templates/probe.yaml"
                       minor="$("${DDBB_BIN_DIR}/helm" template probe "$d" 2>/dev/null | sed -n 's/^minor: "\([0-9]*\).*/\1/p')"
                       rm -rf "$d"
                       if [[ "${minor:-0}" -ge 28 ]]; then echo "$v"; else echo "$v assuming Kubernetes 1.${minor:-?}"; fi; }
ver_helm_docs()      { "${DDBB_BIN_DIR}/helm-docs" --version 2>/dev/null | awk '{print $3}'; }   # "helm-docs version 1.14.2"
ver_promtool()       { "${DDBB_BIN_DIR}/promtool" --version 2>/dev/null | awk 'NR == 1 {print $3}'; }   # "promtool, version 3.16.0 (...)"
# podman & co. come from the distribution (not pinned): all four on PATH is the version
ver_podman()         { local t; for t in podman buildah skopeo runc; do command -v "$t" >/dev/null 2>&1 || return 0; done
                       echo "podman+buildah+skopeo+runc"; }
ver_moto()           { [[ -x "${DDBB_BIN_DIR}/moto_server" ]] || return 0   # symlink part of the install
                       "${DDBB_MOTO_VENV}/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null; }

# ---- builders ------------------------------------------------------------------------------
# k8s_wrapper_gomod <module-name>: a go.mod requiring k8s.io/kubernetes at the pinned tag.
k8s_wrapper_gomod() {
  # Every k8s.io/* module that k8s.io/kubernetes requires at v0.0.0 is a staging module
  # (its go.mod maps them to ./staging/src/k8s.io/...). Outside the k/k repo we must
  # replace each with the published v0.<minor>.<patch> tag. Derive the list from the
  # module's own go.mod so it is always complete for the pinned release.
  local modfile
  modfile="$(cd "${DDBB_GOBUILD_DIR}" && "${GO_ENV[@]}" go mod download -json "k8s.io/kubernetes@${K8S_TAG}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$modfile" ]] || die "could not download k8s.io/kubernetes@${K8S_TAG} from the Go module proxy"
  local staging
  staging="$(awk '/^[[:space:]]+k8s\.io\/[^ ]+ v0\.0\.0$/ {print $1}' "$modfile" | sort -u)"
  [[ -n "$staging" ]] || die "no staging modules found in $modfile"
  local replaces="" m
  for m in $staging; do replaces+=$'\t'"${m} => ${m} ${STAGING_TAG}"$'\n'; done
  log "  k8s.io/kubernetes ${K8S_TAG} + $(wc -w <<<"$staging") staging replaces -> ${STAGING_TAG}" >&2
  printf '%s' "module ddbbackup.local/$1

go 1.25.0

require k8s.io/kubernetes ${K8S_TAG}

replace (
${replaces})"
}

# The version ldflags upstream sets on every Kubernetes binary.
k8s_version_ldflags() {
  local ld="" p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X ${p}.gitVersion=${K8S_TAG} -X ${p}.gitMajor=1 -X ${p}.gitMinor=${K8S_MINOR}"
    ld+=" -X ${p}.gitTreeState=clean -X ${p}.buildDate=${BUILD_DATE}"
  done
  printf '%s' "$ld"
}

build_kube_apiserver() {
  need_go
  local gomod
  gomod="$(k8s_wrapper_gomod kube-apiserver)" || exit 1
  local main_src='// Code generated by scripts/install-tools.sh. DO NOT EDIT.
// Same as k8s.io/kubernetes/cmd/kube-apiserver/apiserver.go.
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	command := app.NewAPIServerCommand()
	code := cli.Run(command)
	os.Exit(code)
}'
  log "  first build: 10-25 min on 2 cores"
  go_wrapper_build "kube-apiserver-${K8S_TAG}" "${DDBB_K8S_BIN_DIR}/kube-apiserver" "$(k8s_version_ldflags)" "$main_src" "$gomod"
}

# The node's components come from the same k8s.io/kubernetes module; with kube-apiserver's
# module and build caches warm they take about 80 s, 45 s and 6 s.
build_kubelet() {
  need_go
  local gomod
  gomod="$(k8s_wrapper_gomod kubelet)" || exit 1
  local main_src='// Code generated by scripts/install-tools.sh. DO NOT EDIT.
// Same as k8s.io/kubernetes/cmd/kubelet/kubelet.go.
package main

import (
	"context"
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kubelet/app"
)

func main() {
	command := app.NewKubeletCommand(context.Background())
	code := cli.Run(command)
	os.Exit(code)
}'
  go_wrapper_build "kubelet-${K8S_TAG}" "${DDBB_K8S_BIN_DIR}/kubelet" "$(k8s_version_ldflags)" "$main_src" "$gomod"
}

build_kube_controller_manager() {
  need_go
  local gomod
  gomod="$(k8s_wrapper_gomod kube-controller-manager)" || exit 1
  local main_src='// Code generated by scripts/install-tools.sh. DO NOT EDIT.
// Same as k8s.io/kubernetes/cmd/kube-controller-manager/controller-manager.go.
package main

import (
	"os"
	_ "time/tzdata"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-controller-manager/app"
)

func main() {
	command := app.NewControllerManagerCommand()
	code := cli.Run(command)
	os.Exit(code)
}'
  go_wrapper_build "kube-controller-manager-${K8S_TAG}" "${DDBB_K8S_BIN_DIR}/kube-controller-manager" \
    "$(k8s_version_ldflags)" "$main_src" "$gomod"
}

build_kube_scheduler() {
  need_go
  local gomod
  gomod="$(k8s_wrapper_gomod kube-scheduler)" || exit 1
  local main_src='// Code generated by scripts/install-tools.sh. DO NOT EDIT.
// Same as k8s.io/kubernetes/cmd/kube-scheduler/scheduler.go.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func main() {
	command := app.NewSchedulerCommand()
	code := cli.Run(command)
	os.Exit(code)
}'
  go_wrapper_build "kube-scheduler-${K8S_TAG}" "${DDBB_K8S_BIN_DIR}/kube-scheduler" "$(k8s_version_ldflags)" "$main_src" "$gomod"
}

# containerd (with its CRI plugin), runc and the CNI plugins come from Debian; gcc builds pause.
build_node_packages() {
  command -v apt-get >/dev/null 2>&1 || die "node-packages: no apt-get; install ${DDBB_NODE_PACKAGES} with your package manager"
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  local logf="${DDBB_TOOLS_CACHE}/node-packages.log"
  : >"$logf"
  run_logged "$logf" "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq \
    || die "node-packages: apt-get update failed (see $logf)"
  # shellcheck disable=SC2086 # the package list is a word list
  run_logged "$logf" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
      install -y -qq --no-install-recommends ${DDBB_NODE_PACKAGES} \
    || die "node-packages: apt-get install ${DDBB_NODE_PACKAGES} failed (see $logf)"
}

# The pause image as a docker-archive tar (what `ctr images import` reads), assembled by hand:
# one layer holding /pause, a config naming it as the entrypoint, and a manifest with the tag.
build_pause_image() {
  command -v gcc >/dev/null 2>&1 || die "pause-image: gcc missing (scripts/install-tools.sh node-packages installs it)"
  local src="${SCRIPT_DIR}/node/pause.c" work="${DDBB_IMAGES_DIR}/pause.build"
  rm -rf "$work"
  mkdir -p "$work/rootfs" "$work/archive"
  gcc -Os -static -s -o "$work/rootfs/pause" "$src" || die "pause-image: gcc -static failed (libc6-dev installed?)"
  chmod 0755 "$work/rootfs/pause"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    -C "$work/rootfs" -cf "$work/layer.tar" pause
  local diff_id config_id
  diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
  mkdir -p "$work/archive/${diff_id}"
  mv "$work/layer.tar" "$work/archive/${diff_id}/layer.tar"
  printf '%s' '{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",'\
'"config":{"User":"65535:65535","Entrypoint":["/pause"],"WorkingDir":"/"},'\
'"rootfs":{"type":"layers","diff_ids":["sha256:'"${diff_id}"'"]},'\
'"history":[{"created":"1970-01-01T00:00:00Z","created_by":"gcc -Os -static scripts/node/pause.c"}]}' \
    >"$work/config.json"
  config_id="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
  mv "$work/config.json" "$work/archive/${config_id}.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' \
    "$config_id" "${DDBB_PAUSE_IMAGE}" "$diff_id" >"$work/archive/manifest.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    -C "$work/archive" -cf "${DDBB_IMAGES_DIR}/pause.tar.tmp" manifest.json "${config_id}.json" "${diff_id}"
  mv -f "${DDBB_IMAGES_DIR}/pause.tar.tmp" "${DDBB_IMAGES_DIR}/pause.tar"
  pause_image_want >"${DDBB_IMAGES_DIR}/pause.tar.source"
  rm -rf "$work"
}
# what the pause image must have been built from: its source and its tag
pause_image_want() { printf '%s %s\n' "$(sha256sum "${SCRIPT_DIR}/node/pause.c" | cut -c1-16)" "${DDBB_PAUSE_IMAGE}"; }

build_etcd() {
  need_go
  # go.etcd.io/etcd/server/v3 has a main.go, but its go.mod carries replace directives,
  # so `go install ...@version` refuses it. Use a wrapper main instead.
  local gomod="module ddbbackup.local/etcd

go 1.24

require go.etcd.io/etcd/server/v3 v${DDBB_ETCD_VERSION}"
  local main_src='// Code generated by scripts/install-tools.sh. DO NOT EDIT.
// Same as go.etcd.io/etcd/server/v3/main.go.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}'
  # etcd's version is a constant in go.etcd.io/etcd/api/v3/version; no ldflags needed.
  go_wrapper_build "etcd-v${DDBB_ETCD_VERSION}" "${DDBB_K8S_BIN_DIR}/etcd" "" "$main_src" "$gomod"
}

build_kubectl() {
  need_go
  local gomod="module ddbbackup.local/kubectl

go 1.24

require k8s.io/kubectl ${STAGING_TAG}"
  local main_src='// Code generated by scripts/install-tools.sh. DO NOT EDIT.
// Same as k8s.io/kubernetes/cmd/kubectl/kubectl.go.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	"k8s.io/component-base/logs"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"

	_ "k8s.io/client-go/plugin/pkg/client/auth"
)

func main() {
	logs.GlogSetter(cmd.GetLogVerbosity(os.Args)) // nolint:errcheck
	command := cmd.NewDefaultKubectlCommand()
	if err := cli.RunNoErrOutput(command); err != nil {
		util.CheckErr(err)
	}
}'
  go_wrapper_build "kubectl-${STAGING_TAG}" "${DDBB_K8S_BIN_DIR}/kubectl" "$(k8s_version_ldflags)" "$main_src" "$gomod"
}

build_helm() {
  need_go
  # helm's go.mod has no replace directives, so plain `go install pkg@version` works.
  local logf="${DDBB_GOBUILD_DIR}/helm-build.log"
  : >"$logf"
  local tmpbin="${DDBB_GOBUILD_DIR}/helm-bin"
  mkdir -p "$tmpbin"
  # helm template/lint assume the Kubernetes version its Makefile writes in with ldflags (the
  # minor of the k8s.io/client-go it is built with); without them it assumes 1.20 and refuses
  # a chart with kubeVersion >= 1.28. Read that minor from helm's own go.mod.
  local modfile minor
  modfile="$(cd "${DDBB_GOBUILD_DIR}" && GOTOOLCHAIN=local go mod download -json "helm.sh/helm/v3@v${DDBB_HELM_VERSION}" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  minor="$(awk '$1 == "k8s.io/client-go" {split($2, v, "."); print v[2]}' "$modfile")"
  [[ "$minor" =~ ^[0-9]+$ ]] || die "helm: no k8s.io/client-go version in the go.mod of helm ${DDBB_HELM_VERSION}"
  local kube="-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${minor}"
  kube+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${minor}"
  run_logged "$logf" env GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$tmpbin" \
    go install -trimpath \
      -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v${DDBB_HELM_VERSION} -X helm.sh/helm/v3/internal/version.gitTreeState=clean ${kube}" \
      "helm.sh/helm/v3/cmd/helm@v${DDBB_HELM_VERSION}" \
    || die "helm: go install helm.sh/helm/v3/cmd/helm@v${DDBB_HELM_VERSION} failed (see $logf)"
  mv -f "$tmpbin/helm" "${DDBB_BIN_DIR}/helm"
}

build_helm_docs() {
  need_go
  local logf="${DDBB_GOBUILD_DIR}/helm-docs-build.log"
  : >"$logf"
  local tmpbin="${DDBB_GOBUILD_DIR}/helm-docs-bin"
  mkdir -p "$tmpbin"
  run_logged "$logf" env GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$tmpbin" \
    go install -trimpath -ldflags "-s -w -X main.version=${DDBB_HELM_DOCS_VERSION}" \
      "github.com/norwoodj/helm-docs/cmd/helm-docs@v${DDBB_HELM_DOCS_VERSION}" \
    || die "helm-docs: go install github.com/norwoodj/helm-docs/cmd/helm-docs@v${DDBB_HELM_DOCS_VERSION} failed (see $logf)"
  mv -f "$tmpbin/helm-docs" "${DDBB_BIN_DIR}/helm-docs"
}

# promtool: Prometheus 3.x tags are published as module versions v0.3MM.P (3.16.0 -> v0.316.0);
# its go.mod has no replace directives, so `go install pkg@version` works. The version it prints
# comes from github.com/prometheus/common/version, set with -X the way upstream's promu does.
promtool_module_version() {
  local major minor patch
  IFS=. read -r major minor patch <<<"${DDBB_PROMTOOL_VERSION}"
  [[ "$major" == 3 && "$minor" =~ ^[0-9]+$ && "$patch" =~ ^[0-9]+$ ]] \
    || die "DDBB_PROMTOOL_VERSION='${DDBB_PROMTOOL_VERSION}' must be a Prometheus 3.x release such as 3.16.0"
  printf 'v0.3%02d.%s' "$minor" "$patch"
}

build_promtool() {
  need_go
  local modver
  modver="$(promtool_module_version)" || exit 1
  local logf="${DDBB_GOBUILD_DIR}/promtool-build.log"
  : >"$logf"
  local tmpbin="${DDBB_GOBUILD_DIR}/promtool-bin"
  mkdir -p "$tmpbin"
  local v="github.com/prometheus/common/version"
  log "  github.com/prometheus/prometheus ${modver}; first build: several minutes on 2 cores"
  run_logged "$logf" env GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$tmpbin" \
    go install -trimpath \
      -ldflags "-s -w -X ${v}.Version=${DDBB_PROMTOOL_VERSION} -X ${v}.Branch=HEAD -X ${v}.BuildDate=${BUILD_DATE}" \
      "github.com/prometheus/prometheus/cmd/promtool@${modver}" \
    || die "promtool: go install github.com/prometheus/prometheus/cmd/promtool@${modver} failed (see $logf)"
  mv -f "$tmpbin/promtool" "${DDBB_BIN_DIR}/promtool"
}

build_moto() {
  local py="${DDBB_PYTHON:-python3}"
  command -v "$py" >/dev/null 2>&1 || die "$py not found"
  if ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    log "  python venv/ensurepip missing -> apt-get install python3-venv"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; } \
      || die "python3-venv is missing and apt-get install python3-venv failed"
  fi
  local logf="${DDBB_TOOLS_CACHE}/moto-install.log"
  : >"$logf"
  [[ "$FORCE" == 1 ]] && rm -rf "${DDBB_MOTO_VENV}"
  [[ -x "${DDBB_MOTO_VENV}/bin/python" ]] || run_logged "$logf" "$py" -m venv "${DDBB_MOTO_VENV}" \
    || die "could not create virtualenv ${DDBB_MOTO_VENV}"
  run_logged "$logf" "${DDBB_MOTO_VENV}/bin/python" -m pip install --disable-pip-version-check -q \
      "moto[server]==${DDBB_MOTO_VERSION}" \
    || die "pip install moto[server]==${DDBB_MOTO_VERSION} failed (see $logf)"
  [[ -x "${DDBB_MOTO_VENV}/bin/moto_server" ]] || die "moto_server entry point missing in ${DDBB_MOTO_VENV}/bin"
  ln -sfn "${DDBB_MOTO_VENV}/bin/moto_server" "${DDBB_BIN_DIR}/moto_server"
}

build_podman() {
  # Debian/Ubuntu packages (Debian 12: podman 4.3.1, buildah 1.28.2, runc 1.1.5); image/containers.conf
  # holds the two settings they need on a runner like this one (runc, rlimits)
  command -v apt-get >/dev/null 2>&1 || die "podman: no apt-get; install podman, buildah, skopeo and runc with your package manager"
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  local logf="${DDBB_TOOLS_CACHE}/podman-install.log"
  : >"$logf"
  run_logged "$logf" "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq \
    || die "podman: apt-get update failed (see $logf)"
  run_logged "$logf" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
      install -y -qq podman buildah skopeo runc \
    || die "podman: apt-get install podman buildah skopeo runc failed (see $logf)"
}

# ---- driver --------------------------------------------------------------------------------
# step <tool> <expected-version> <probe-fn> <build-fn>
step() {
  local tool="$1" want="$2" probe="$3" build="$4"
  local t0=$SECONDS have
  CURRENT_STEP="$tool"
  have="$($probe || true)"
  if [[ "$FORCE" != 1 && "$have" == "$want" ]]; then
    log "$tool $have already present - skipped ($((SECONDS - t0))s)"
  else
    if [[ -n "$have" ]]; then log "$tool: found '$have', want '$want' -> (re)building"
    else log "$tool $want: installing"; fi
    "$build"
    have="$($probe || true)"
    [[ "$have" == "$want" ]] || die "$tool: after install it reports version '${have:-<none>}', expected '$want'"
    log "$tool $have installed in $((SECONDS - t0))s"
  fi
  CURRENT_STEP=""
}

T_START=$SECONDS
log "cache: ${DDBB_TOOLS_CACHE}   kube-api-test dir: ${DDBB_K8S_BIN_DIR}"
# moto is mostly pip downloading while the Go builds are mostly compiling: on a fresh machine
# running it alongside saves several minutes.
MOTO_PID=""
for t in "${TOOLS[@]}"; do
  if [[ "$t" == moto ]]; then
    step moto "${DDBB_MOTO_VERSION}" ver_moto build_moto &
    MOTO_PID=$!
  fi
done
for t in "${TOOLS[@]}"; do
  case "$t" in
    kube-apiserver) step kube-apiserver "${K8S_TAG}"              ver_kube_apiserver build_kube_apiserver ;;
    etcd)           step etcd           "${DDBB_ETCD_VERSION}"    ver_etcd           build_etcd ;;
    kubectl)        step kubectl        "${K8S_TAG}"              ver_kubectl        build_kubectl ;;
    helm)           step helm           "v${DDBB_HELM_VERSION}"   ver_helm           build_helm ;;
    helm-docs)      step helm-docs      "${DDBB_HELM_DOCS_VERSION}" ver_helm_docs     build_helm_docs ;;
    promtool)       step promtool       "${DDBB_PROMTOOL_VERSION}" ver_promtool       build_promtool ;;
    podman)         step podman         podman+buildah+skopeo+runc ver_podman        build_podman ;;
    kubelet)        step kubelet        "${K8S_TAG}"              ver_kubelet        build_kubelet ;;
    kube-controller-manager)
                    step kube-controller-manager "${K8S_TAG}" ver_kube_controller_manager build_kube_controller_manager ;;
    kube-scheduler) step kube-scheduler "${K8S_TAG}"              ver_kube_scheduler build_kube_scheduler ;;
    node-packages)  step node-packages  installed                 ver_node_packages  build_node_packages ;;
    pause-image)    step pause-image    "$(pause_image_want)"     ver_pause_image    build_pause_image ;;
  esac
done
if [[ -n "$MOTO_PID" ]]; then
  wait "$MOTO_PID" || die "moto: install failed (see the lines above)"
fi

# kube-api-test sorts ALL <x>-linux-amd64 folders with Integer.parseInt per dot-part when no
# version is pinned; a non-numeric folder name breaks every test with NumberFormatException.
for d in "${KUBE_API_TEST_DIR}/k8s/"*"-${DDBB_K8S_PLATFORM}"; do
  [[ -d "$d" ]] || continue
  v="$(basename "$d")"; v="${v%-"${DDBB_K8S_PLATFORM}"}"
  [[ "$v" =~ ^[0-9]+(\.[0-9]+)*$ ]] || log "WARNING: '$d' is not purely numeric; kube-api-test will fail with NumberFormatException - remove or rename it"
done

log "all done in $((SECONDS - T_START))s. Use: source scripts/env.sh"
