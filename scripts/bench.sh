#!/usr/bin/env bash
# The fleet-scale benchmark (issue 7, docs/performance.md): the operator in-process against a real
# kube-apiserver and a simulated DynamoDB that enforces the account's quotas.
#
#   scripts/bench.sh memory|startup|herd|precision|idle|cost|seed|all   [herd-unlimited]
#
# Each scenario runs in its own JVM with its own control plane; figures go to stdout and to
# target/bench/<scenario>.txt. BENCH_JAVA_OPTS adds JVM flags, e.g. a flight recording:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=target/bench/herd.jfr" scripts/bench.sh herd
# Sizes: BENCH_FLEET (10000) BENCH_HERD (1000) BENCH_COST (50) BENCH_IDLE (1000)
#        BENCH_IDLE_SECONDS (90) BENCH_PRECISION_SCHEDULES (1) BENCH_PRECISION_MINUTES (50)
set -euo pipefail
cd "$(dirname "$0")/.."

scenario="${1:-all}"
case "$scenario" in
  all) scenarios=(seed idle cost herd precision memory) ;;
  memory|startup|herd|herd-unlimited|precision|idle|cost|seed) scenarios=("$scenario") ;;
  *) echo "usage: $0 memory|startup|herd|precision|idle|cost|seed|all" >&2; exit 2 ;;
esac

if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  mvn -q -Pbench -DskipTests test-compile
fi
cp="target/classes:target/test-classes:$(cat target/bench-classpath.txt)"

for s in "${scenarios[@]}"; do
  echo "=== $s"
  # -Xmx1g: the heap a pod with a 1.5 GiB limit would get; the figures are about the live set
  java -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -Dlogback.configurationFile=src/bench/resources/logback-bench.xml \
    -Dproject.root="$PWD" \
    -cp "$cp" io.ddbbackup.operator.bench.Bench "$s"
done
