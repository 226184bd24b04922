#!/usr/bin/env bash
# Loader benchmark: generates (or reuses) a synthetic dump in bench-out/ and reports load time,
# objects/s, model bytes, summarize/referrers/total/collapse times, the dominator tree with retained
# sizes (time, bytes kept and allocated per object, and the commands read from it) and a bare jackson-core pass
# over the same file, as one Markdown table (paste it into docs/performance.md).
#
#   src/bench/loader-bench.sh [--objects N] [--format ashwood|meliae] [--heap SIZE] [--gzip] [--repeat R]
#
# --repeat R loads R times in the same JVM and reports the best and median after the first (the
# machine is shared: one run says little).
# --min-heap also finds the smallest -Xmx (bisection in 16 MB steps, two loads each) that loads
# the dump: the honest measure of the loading peak.
# Defaults: 3000000 objects, ashwood format, -Xmx2500m, the JVM's default collector (G1, as the
# shell runs; ParallelGC's fixed old generation cannot place a 30 M-object model in 2.5 GB).
# Extra JVM options go in JAVA_OPTS. Builds the loader (`mvn -q -o -pl loader -am package
# -DskipTests`) when its jar is missing or older than its sources.
set -euo pipefail
cd "$(dirname "$0")/../.."

objects=3000000
format=ashwood
heap=2500m
gzip=""
repeat=1
minheap=""
while [ $# -gt 0 ]; do
  case "$1" in
    --objects) objects="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --gzip) gzip="--gzip"; shift ;;
    --repeat) repeat="$2"; shift 2 ;;
    --min-heap) minheap=1; shift ;;
    *) echo "loader-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done

jar=$(ls loader/target/ashwood-loader-*.jar 2>/dev/null | head -1 || true)
# Rebuild when the jar is missing or older than any loader source: a stale jar measures old code.
if [ -z "$jar" ] || [ -n "$(find pom.xml loader/pom.xml loader/src/main -newer "$jar" -print -quit)" ]; then
  mvn -q -o -B -pl loader -am package -DskipTests
  jar=$(ls loader/target/ashwood-loader-*.jar | head -1)
fi
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$jar:$(ls "$m2"/com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar):$(ls "$m2"/it/unimi/dsi/fastutil-core/8.5.15/fastutil-core-8.5.15.jar)"

mkdir -p bench-out/classes
# Compiled ahead, not run as a source file: javac in the measured JVM would take heap and time.
javac -d bench-out/classes -cp "$cp" src/bench/LoaderBench.java
cp="$cp:bench-out/classes"
suffix=$([ "$format" = ashwood ] && echo jsonl || echo json)
dump="bench-out/$format-$objects.$suffix${gzip:+.gz}"
if [ ! -f "$dump" ]; then
  java test-fixtures/generate/GenerateDump.java --format "$format" --objects "$objects" -o "$dump" $gzip
fi

echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM options: -Xmx$heap ${JAVA_OPTS:-}"
# shellcheck disable=SC2086
java -Xmx"$heap" ${JAVA_OPTS:-} -cp "$cp" LoaderBench "$dump" "$repeat"

if [ -n "$minheap" ]; then
  loads() {  # loads the dump twice with -Xmx$1m; true when both fit
    for try in 1 2; do
      java -Xmx"$1"m ${JAVA_OPTS:-} -cp "$cp" LoaderBench "$dump" --load-only >/dev/null 2>&1 || return 1
    done
  }
  lo=32; hi=4096   # bisection in 16 MB steps: lo does not fit, hi does
  while [ $((hi - lo)) -gt 16 ]; do
    mid=$(( (lo + hi) / 32 * 16 ))
    if loads "$mid"; then hi=$mid; else lo=$mid; fi
  done
  echo "| smallest -Xmx that loads it (16 MB steps, two loads each) | $hi MB |"
fi
