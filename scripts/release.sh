#!/usr/bin/env bash
# Builds the release artifacts of the version in pom.xml into target/release/, without publishing:
#
#   dynamodb-backup-operator-<version>.tar   the image (docker-archive, <image.name>:<version>)
#   dynamodb-backup-operator-<version>.tgz   the Helm chart (helm package)
#   kubectl-ddb-<version>.tar.gz             the kubectl plugin: launcher + jar (scripts/kubectl-plugin.sh)
#   krew-ddb.yaml                            its krew manifest, with the tarball's sha256
#   SHA256SUMS
#
# then prints the commands that publish them. Publishing needs registry credentials, so this
# script never runs them. Run the tests first (bash .ci/run); this script only packages.
#
# Usage: scripts/release.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=tool-versions.sh
source scripts/tool-versions.sh

T0=$SECONDS
log() { printf '[release] %s\n' "$*"; }
die() { printf '[release] ERROR: %s\n' "$*" >&2; exit 1; }

HELM="${DDBB_BIN_DIR}/helm"
[[ -x "$HELM" ]] || die "helm is missing: bash scripts/install-tools.sh helm"

read -r VERSION IMAGE_NAME < <(python3 - <<'PY'
import xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
pom = ET.parse("pom.xml").getroot()
print(pom.find("m:version", ns).text.strip(), pom.find("m:properties/m:image.name", ns).text.strip())
PY
)
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "pom.xml version '${VERSION}' is not a release version (x.y.z)"
chart_version="$(awk '/^version:/{print $2}' charts/dynamodb-backup-operator/Chart.yaml)"
chart_app="$(awk '/^appVersion:/{gsub(/"/, "", $2); print $2}' charts/dynamodb-backup-operator/Chart.yaml)"
[[ "$chart_version" == "$VERSION" && "$chart_app" == "$VERSION" ]] \
  || die "Chart.yaml version/appVersion (${chart_version}/${chart_app}) must be pom.xml's ${VERSION}"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then
  log "WARNING: the working tree has uncommitted changes; a release is built from a clean tag"
fi

OUT=target/release
rm -rf "$OUT"
mkdir -p "$OUT"

log "jar: mvn -DskipTests package"
mvn -B -q -DskipTests package
log "kubectl plugin: scripts/kubectl-plugin.sh"
bash scripts/kubectl-plugin.sh "$VERSION" "$OUT" >/dev/null
log "image: scripts/image.sh --check-modules"
bash scripts/image.sh --check-modules
cp target/image/dynamodb-backup-operator.tar "${OUT}/dynamodb-backup-operator-${VERSION}.tar"
log "chart: helm lint + helm package"
"$HELM" lint --strict charts/dynamodb-backup-operator >/dev/null
"$HELM" package charts/dynamodb-backup-operator --destination "$OUT" >/dev/null
(cd "$OUT" && sha256sum ./*.tar ./*.tgz ./*.tar.gz ./krew-ddb.yaml >SHA256SUMS)
log "done in $((SECONDS - T0))s:"
ls -l "$OUT"

REF="${IMAGE_NAME}:${VERSION}"
REGISTRY="${IMAGE_NAME%%/*}"
CHART_REPO="oci://${REGISTRY}/$(cut -d/ -f2 <<<"$IMAGE_NAME")/charts"
cat <<EOF

To publish (needs write access to ${REGISTRY}; not run by this script):

  git tag -s v${VERSION} -m "dynamodb-backup-operator ${VERSION}" && git push origin v${VERSION}
  skopeo login ${REGISTRY}
  skopeo copy docker-archive:${OUT}/dynamodb-backup-operator-${VERSION}.tar docker://${REF}
  skopeo inspect --format '{{.Digest}}' docker://${REF}      # the digest to quote in the release notes
  helm registry login ${REGISTRY}
  helm push ${OUT}/dynamodb-backup-operator-${VERSION}.tgz ${CHART_REPO}
  gh release create v${VERSION} ${OUT}/kubectl-ddb-${VERSION}.tar.gz ${OUT}/krew-ddb.yaml ${OUT}/SHA256SUMS
  # then open a pull request adding ${OUT}/krew-ddb.yaml as plugins/ddb.yaml to kubernetes-sigs/krew-index

Users then install with:
  kubectl krew install ddb      # once krew-index has it; before: kubectl krew install --manifest=krew-ddb.yaml
  helm install dynamodb-backup-operator ${CHART_REPO}/dynamodb-backup-operator --version ${VERSION} -n ddbbackup-system
EOF
