#!/usr/bin/env bash
# The fleet-scale benchmark (issues 7 and 15, docs/performance.md): the operator in-process against
# a real kube-apiserver and a simulated DynamoDB that enforces the account's quotas.
#
#   scripts/bench.sh fleet|herd|precision|idle|cost|seed|cli|replay|policy|exports|all   [herd-unlimited]
#   (cli: `kubectl ddb status -A` wall time over BENCH_CLI (100) schedules; needs the jar)
#   (replay: the replay command, BENCH_REPLAY_SHARDS (4) pods at once, over one incremental export of
#    BENCH_REPLAY_ITEMS (100000) changed items in BENCH_REPLAY_FILES (8) files, against moto;
#    BENCH_REPLAY_WPS: a per-pod write ceiling, none by default)
#   (policy: issue 25, BENCH_POLICY_TABLES (5000) tables with mixed tags under one policy selecting
#    by tags: discovery time and calls, the judge, the generated schedules' first start, a quiet
#    period, then a names-only policy; BENCH_POLICY_NAME_PATTERN (none) narrows the tag selector by
#    name, e.g. 't-00*'; BENCH_POLICY_QUIET_SECONDS (60); BENCH_POLICY_INTERVAL_MINUTES (60);
#    BENCH_POLICY_TAGGING=denied refuses GetResources, so tags are read one table at a time)
#   (exports: issue 23, BENCH_EXPORTS (1000) schedules with 15-minute incrementals over a seeded
#    base: one incremental window measured for BENCH_EXPORTS_MINUTES (20) at most; simulated
#    exports IN_PROGRESS BENCH_EXPORT_MIN_SECONDS..BENCH_EXPORT_MAX_SECONDS (300..600), latest
#    restorable time BENCH_EXPORT_LAG_SECONDS (300) behind the clock; about 25 minutes)
#   scripts/bench.sh compare <git-ref> fleet|herd|...|all
#
# Each scenario runs in its own JVM with its own control plane; figures go to stdout and to
# target/bench/<scenario>.txt. `compare` runs each scenario twice, first on the code of <git-ref>
# (built in target/bench-base with this checkout's benchmark sources, which compile against it)
# and then on this checkout, one after the other in the same invocation; the first run's figures
# go to target/bench/<scenario>-base.txt.
# BENCH_JAVA_OPTS adds JVM flags, e.g. a flight recording:
#   BENCH_JAVA_OPTS="-XX:StartFlightRecording=filename=target/bench/herd.jfr" scripts/bench.sh herd
# Sizes: BENCH_FLEET (10000) BENCH_FLEET_BACKUPS (30) BENCH_FLEET_QUIET_MINUTES (16)
#        BENCH_FLEET_WINDOW_MINUTES (10) BENCH_HERD (1000) BENCH_COST (50) BENCH_IDLE (1000)
#        BENCH_IDLE_SECONDS (90) BENCH_PRECISION_SCHEDULES (1) BENCH_PRECISION_MINUTES (50)
#        BENCH_SEED_BACKUPS (1000)
set -euo pipefail
cd "$(dirname "$0")/.."

base=""
if [[ "${1:-}" == "compare" ]]; then
  base="${2:?usage: $0 compare <git-ref> scenario...}"
  shift 2
fi
scenario="${1:-all}"
case "$scenario" in
  all) scenarios=(seed idle herd fleet) ;;
  memory|startup) scenarios=(fleet) ;;
  fleet|herd|herd-unlimited|precision|idle|cost|seed|cli|replay|policy|exports) scenarios=("$scenario") ;;
  *) echo "usage: $0 [compare <git-ref>] fleet|herd|precision|idle|cost|seed|cli|replay|policy|exports|all" >&2; exit 2 ;;
esac

build() { # $1: the directory of a checkout
  (cd "$1" && mvn -q -Pbench -DskipTests -Dspotless.check.skip=true -Dspotless.apply.skip=true test-compile)
}

if [[ -n "$base" ]]; then
  dir="$PWD/target/bench-base"
  rm -rf "$dir"
  mkdir -p "$dir"
  # the code of <git-ref>, with this checkout's benchmark sources
  git archive "$base" | tar -x -C "$dir"
  rm -rf "$dir/src/bench"
  cp -r src/bench "$dir/src/bench"
  base_code="$(git rev-parse --short "$base")"
  [[ -n "${BENCH_SKIP_BUILD:-}" ]] || build "$dir"
fi
if [[ " ${scenarios[*]} " == *" cli "* && -z "${BENCH_SKIP_BUILD:-}" ]]; then
  # the plugin runs from the packaged jar, as users run it: package in the same -Pbench build (a
  # build without the profile would compile the test classes again without the benchmark)
  mvn -q -Pbench -DskipTests -Dspotless.check.skip=true -Dspotless.apply.skip=true package
else
  [[ -n "${BENCH_SKIP_BUILD:-}" ]] || build "$PWD"
fi
head_code="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src/main || echo '+changes')"

run() { # $1: checkout, $2: scenario, $3: report name, $4: code label
  local cp="$1/target/classes:$1/target/test-classes:$(cat "$1/target/bench-classpath.txt")"
  echo "=== $2 ($4)"
  # -Xmx1g: the heap a pod with a 1.5 GiB limit would get; the figures are about the live set
  (cd "$1" && java -Xmx1g ${BENCH_JAVA_OPTS:-} \
    -Dlogback.configurationFile=src/bench/resources/logback-bench.xml \
    -Dproject.root="$1" -Dbench.code="$4" -Dbench.report="$3" \
    -cp "$cp" io.ddbbackup.operator.bench.Bench "$2")
  if [[ "$1" != "$PWD" ]]; then
    mkdir -p target/bench
    cp "$1/target/bench/$3.txt" "target/bench/$3.txt"
  fi
}

for s in "${scenarios[@]}"; do
  if [[ -n "$base" ]]; then
    run "$PWD/target/bench-base" "$s" "$s-base" "$base_code (before)"
  fi
  run "$PWD" "$s" "$s" "$head_code"
done
