#!/usr/bin/env bash
# Builds the operator's container image with no Docker engine and no registry, as a tar:
#
#   target/image/dynamodb-backup-operator.tar   docker-archive, one image tagged
#                                               <image.name>:<version> from pom.xml
#   target/image/image.ref                      that reference, one line
#
# and loads the tar into podman (so `podman run <ref>` runs what the tar holds). The same tar
# imports into containerd (`ctr -n k8s.io images import target/image/dynamodb-backup-operator.tar`)
# or a registry (`skopeo copy docker-archive:... docker://...`, see scripts/release.sh).
#
# How: jlink cuts the build machine's JDK 17 down to the modules the operator uses (cached in
# ${DDBB_TOOLS_CACHE}/image-runtime/), the C libraries it links against are copied next to it,
# and buildah builds image/Containerfile (FROM scratch) on that context. Needs buildah and
# podman (scripts/install-tools.sh podman installs them from Debian) and the packaged jar
# (built first with `mvn -DskipTests package` when missing).
#
# Usage: scripts/image.sh [--check-modules]
#   --check-modules  also run jdeps on the jar and fail if it needs a module the runtime lacks
#                    (~40 s; scripts/release.sh does it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh

T0=$SECONDS
log() { printf '[image] %s\n' "$*"; }
die() { printf '[image] ERROR: %s\n' "$*" >&2; exit 1; }

CHECK_MODULES=0
for arg in "$@"; do
  case "$arg" in
    --check-modules) CHECK_MODULES=1 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) die "unknown argument '$arg' (try --help)" ;;
  esac
done

# The modules of the runtime. jdeps also reports java.desktop (java.beans, used only by optional
# Jackson/SnakeYAML/commons-lang paths), java.compiler (annotation processors in JOSDK/javapoet,
# compile time only) and java.security.jgss (Kerberos auth in Apache HttpClient): left out on
# purpose. jdk.crypto.ec is a service provider jdeps cannot see: TLS with ECDHE needs it.
MODULES="java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml"
MODULES+=",jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.net,jdk.unsupported"
NOT_NEEDED="java.desktop java.compiler java.security.jgss"

OUT=target/image
TAR="${OUT}/dynamodb-backup-operator.tar"
JAR=target/dynamodb-backup-operator.jar
export CONTAINERS_CONF="${CONTAINERS_CONF:-${PWD}/image/containers.conf}"

for tool in buildah podman jlink python3; do
  command -v "$tool" >/dev/null 2>&1 \
    || die "$tool is not on PATH (buildah and podman: bash scripts/install-tools.sh podman)"
done
[[ "$(uname -s)-$(uname -m)" == "Linux-x86_64" ]] || die "builds a linux/amd64 image on linux/amd64 only"
java_spec="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')"
[[ "$java_spec" == "17" ]] || die "the image runs Java 17: JAVA_HOME/PATH must point at a JDK 17 (found ${java_spec:-none})"

# one build at a time per cache (worktrees share the runtime cache and podman's image store)
mkdir -p "${DDBB_TOOLS_CACHE}/image-runtime"
exec 8>"${DDBB_TOOLS_CACHE}/image-runtime/.lock"
if ! flock -n 8; then
  log "another image build holds ${DDBB_TOOLS_CACHE}/image-runtime/.lock - waiting"
  flock 8
fi

# ---- version and name: pom.xml is the one place ---------------------------------------------
read -r VERSION IMAGE_NAME < <(python3 - <<'PY'
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
pom = ET.parse("pom.xml").getroot()
print(pom.find("m:version", ns).text.strip(), pom.find("m:properties/m:image.name", ns).text.strip())
PY
)
REF="${IMAGE_NAME}:${VERSION}"

if [[ ! -f "$JAR" ]]; then
  log "no ${JAR}: mvn -DskipTests package"
  mvn -B -q -DskipTests package
fi

# ---- the runtime: jlink + the C libraries, cached per JDK build, libc and module list --------
JAVA_HOME_REAL="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"
KEY_TEXT="$("${JAVA_HOME_REAL}/bin/java" -version 2>&1)|$(ldd --version 2>&1 | sed -n 1p)|${MODULES}|v2"
KEY="$(printf '%s' "$KEY_TEXT" | sha256sum | cut -c1-16)"
RUNTIME="${DDBB_TOOLS_CACHE}/image-runtime/${KEY}"
if [[ ! -f "${RUNTIME}/.complete" ]]; then
  t=$SECONDS
  log "jlink runtime ${KEY} (${MODULES})"
  rm -rf "${RUNTIME}.tmp"
  mkdir -p "${RUNTIME}.tmp/opt" "${RUNTIME}.tmp/lib/x86_64-linux-gnu" "${RUNTIME}.tmp/lib64" \
    "${RUNTIME}.tmp/etc" "${RUNTIME}.tmp/tmp" "${RUNTIME}.tmp/home/nonroot"
  "${JAVA_HOME_REAL}/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages \
    --no-header-files --compress=2 --output "${RUNTIME}.tmp/opt/java"
  # every shared library the launcher and the runtime's own libraries load (but libjvm &co,
  # which are in the runtime): glibc, libz, libstdc++, libgcc_s
  libs="$(ldd "${RUNTIME}.tmp/opt/java/bin/java" "${RUNTIME}.tmp/opt/java/lib/"*.so \
            "${RUNTIME}.tmp/opt/java/lib/server/libjvm.so" 2>/dev/null \
          | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | { grep -v "/opt/java/" || true; } | sort -u)"
  for lib in $libs; do
    cp -L "$lib" "${RUNTIME}.tmp/lib/x86_64-linux-gnu/$(basename "$lib")"
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "${RUNTIME}.tmp/lib64/ld-linux-x86-64.so.2"
  # a library missing from the image would only show when the container starts: check here
  missing="$(ldd "${RUNTIME}.tmp/opt/java/bin/java" "${RUNTIME}.tmp/opt/java/lib/server/libjvm.so" \
             | awk '/not found/{print $1}')"
  [[ -z "$missing" ]] || die "unresolved libraries: $missing"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' \
    >"${RUNTIME}.tmp/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"${RUNTIME}.tmp/etc/group"
  printf 'hosts: files dns\n' >"${RUNTIME}.tmp/etc/nsswitch.conf"
  chmod 1777 "${RUNTIME}.tmp/tmp"
  chown 65532:65532 "${RUNTIME}.tmp/home/nonroot" 2>/dev/null || true
  # fixed times: the runtime layer is the same bytes on every build from this cache
  find "${RUNTIME}.tmp" -exec touch -h -d @0 {} +
  touch "${RUNTIME}.tmp/.complete"
  rm -rf "$RUNTIME"
  mv "${RUNTIME}.tmp" "$RUNTIME"
  log "runtime $(du -sh --exclude=.complete "$RUNTIME" | cut -f1) in $((SECONDS - t))s, libraries: $(echo "$libs" | xargs -n1 basename | tr '\n' ' ')"
else
  log "runtime ${KEY} cached ($RUNTIME)"
fi

if [[ "$CHECK_MODULES" == 1 ]]; then
  log "jdeps: modules the jar needs"
  needed="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$JAR" | tail -1)"
  for m in ${needed//,/ }; do
    [[ ",${MODULES}," == *",${m},"* || " ${NOT_NEEDED} " == *" ${m} "* ]] \
      || die "the jar needs module ${m}, which the runtime lacks: add it to MODULES in $0"
  done
  log "jdeps: ${needed} - covered"
fi

# ---- the build context and the image -------------------------------------------------------
rm -rf "${OUT}/context" "$TAR"
mkdir -p "${OUT}/context/app"
cp -a "$RUNTIME" "${OUT}/context/runtime"
rm -f "${OUT}/context/runtime/.complete"
cp "$JAR" "${OUT}/context/app/dynamodb-backup-operator.jar"
cp LICENSE "${OUT}/context/app/LICENSE"
touch -d @0 "${OUT}/context/app" "${OUT}/context/app/dynamodb-backup-operator.jar" "${OUT}/context/app/LICENSE"

# the image's creation time is the last commit's: the same commit gives the same image
EPOCH="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
t=$SECONDS
buildah build --quiet --format docker --timestamp "$EPOCH" --build-arg "VERSION=${VERSION}" \
  -f image/Containerfile -t "$REF" "${OUT}/context" >/dev/null
buildah push --quiet "$REF" "docker-archive:${TAR}:${REF}"
# what runs is what the tar holds: drop the built copy, load the tar
podman rmi --force "$REF" >/dev/null 2>&1 || true
podman load --quiet --input "$TAR" >/dev/null
echo "$REF" >"${OUT}/image.ref"
id="$(podman image inspect --format '{{.Id}}' "$REF")"
echo "$((SECONDS - T0))" >"${OUT}/build-seconds"
log "built ${REF} (${id:0:12}) into ${TAR} ($(du -h "$TAR" | cut -f1)), loaded into podman; image $((SECONDS - t))s, total $((SECONDS - T0))s"
