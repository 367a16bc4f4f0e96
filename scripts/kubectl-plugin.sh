#!/usr/bin/env bash
# Packages the kubectl plugin of a release: the kubectl-ddb launcher and the operator's jar (as
# kubectl-ddb.jar, which holds the plugin's classes) in one tarball, and the krew manifest that
# points at it with its sha256. scripts/release.sh calls it; it needs the jar built.
#
# Usage: scripts/kubectl-plugin.sh VERSION OUT_DIR
#   writes OUT_DIR/kubectl-ddb-VERSION.tar.gz and OUT_DIR/krew-ddb.yaml
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION="${1:?usage: scripts/kubectl-plugin.sh VERSION OUT_DIR}"
OUT="${2:?usage: scripts/kubectl-plugin.sh VERSION OUT_DIR}"
REPO_URL="https://github.com/ddbbackup/dynamodb-backup-operator"
JAR=target/dynamodb-backup-operator.jar
[[ -f "$JAR" ]] || { echo "[kubectl-plugin] ERROR: ${JAR} is missing: mvn -DskipTests package" >&2; exit 1; }

mkdir -p "$OUT"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
install -m 0755 scripts/kubectl-ddb "$stage/kubectl-ddb"
install -m 0644 "$JAR" "$stage/kubectl-ddb.jar"
install -m 0644 LICENSE "$stage/LICENSE"
tarball="$OUT/kubectl-ddb-${VERSION}.tar.gz"
# the same inputs give the same bytes: fixed order, owner and time
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime='@0' \
  -cf - kubectl-ddb kubectl-ddb.jar LICENSE | gzip -n >"$tarball"
sha="$(sha256sum "$tarball" | cut -d' ' -f1)"

platform() {
  cat <<EOP
  - selector:
      matchLabels:
        os: $1
        arch: $2
    uri: ${REPO_URL}/releases/download/v${VERSION}/kubectl-ddb-${VERSION}.tar.gz
    sha256: ${sha}
    bin: kubectl-ddb
    files:
      - from: kubectl-ddb
        to: .
      - from: kubectl-ddb.jar
        to: .
      - from: LICENSE
        to: .
EOP
}

{
  cat <<EOM
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: ddb
spec:
  version: v${VERSION}
  homepage: ${REPO_URL}
  shortDescription: Posture, backups, restores and prune previews of DynamoDB backup schedules
  description: |
    kubectl ddb is the command line of the dynamodb-backup-operator: status of every
    DynamoDBBackupSchedule worst first (with an exit code for CI), describe with the next slots
    and a prune preview computed by the operator's own retention code, backup and restore now
    with --wait, and --dry-run for each.
  caveats: |
    Needs a Java 17 or newer runtime (java on PATH or JAVA_HOME) and bash.
    The prune preview lists backups with the AWS SDK's default credentials (AWS_PROFILE, ...).
  platforms:
EOM
  for os_arch in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64; do
    platform "${os_arch%/*}" "${os_arch#*/}"
  done
} >"$OUT/krew-ddb.yaml"
echo "[kubectl-plugin] ${tarball} (sha256 ${sha}) and ${OUT}/krew-ddb.yaml"
