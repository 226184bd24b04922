#!/usr/bin/env bash
# Loader benchmark: generates (or reuses) a synthetic dump in bench-out/ and reports load time,
# objects/s, model bytes, summarize/referrers/total/collapse times and a bare jackson-core pass
# over the same file, as one Markdown table (paste it into docs/performance.md).
#
#   src/bench/loader-bench.sh [--objects N] [--format ashwood|meliae] [--heap SIZE] [--gzip] [--repeat R]
#
# --repeat R loads R times in the same JVM and reports the best and median after the first (the
# machine is shared: one run says little).
# Defaults: 3000000 objects, ashwood format, -Xmx2500m, the JVM's default collector (G1, as the
# shell runs; ParallelGC's fixed old generation cannot place a 30 M-object model in 2.5 GB).
# Extra JVM options go in JAVA_OPTS. Needs the loader built once (the script runs
# `mvn -q -o -pl loader -am package -DskipTests` if its jar is missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

objects=3000000
format=ashwood
heap=2500m
gzip=""
repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --objects) objects="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --gzip) gzip="--gzip"; shift ;;
    --repeat) repeat="$2"; shift 2 ;;
    *) echo "loader-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done

jar=$(ls loader/target/ashwood-loader-*.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  mvn -q -o -B -pl loader -am package -DskipTests
  jar=$(ls loader/target/ashwood-loader-*.jar | head -1)
fi
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$jar:$(ls "$m2"/com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar):$(ls "$m2"/it/unimi/dsi/fastutil-core/8.5.15/fastutil-core-8.5.15.jar)"

mkdir -p bench-out
suffix=$([ "$format" = ashwood ] && echo jsonl || echo json)
dump="bench-out/$format-$objects.$suffix${gzip:+.gz}"
if [ ! -f "$dump" ]; then
  java test-fixtures/generate/GenerateDump.java --format "$format" --objects "$objects" -o "$dump" $gzip
fi

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM options: -Xmx$heap ${JAVA_OPTS:-}"
# shellcheck disable=SC2086
java -Xmx"$heap" ${JAVA_OPTS:-} -cp "$cp" src/bench/LoaderBench.java "$dump" "$repeat"
