#!/usr/bin/env bash
# Spark fleet benchmark: 16 generated dumps of 1-2 M objects (4 processes x 4 dumps an hour apart,
# each process growing; one process's dumps gzip), then, in one run:
#   1. the single-machine loader loading and summarizing the 16 dumps one after another (one JVM,
#      with 1 then 2 parser threads),
#   2. the Spark job (src/spark/run-local.sh) in local mode on 1 core, then on 2 cores,
# and prints one Markdown table plus the job's own metrics (input partitions, tasks, shuffle
# bytes) from each run's report.json. Paste the output into docs/performance.md.
#
#   src/bench/spark-bench.sh [--scale F]      (F multiplies the object counts; default 1)
#
# Dumps are generated once into bench-out/spark/ and reused; outputs go to bench-out/spark-out-*
# (replaced on each run). Run it under the build lock on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."

scale=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    *) echo "spark-bench: unknown argument $1" >&2; exit 2 ;;
  esac
done

mvn -q -o -B -pl src/spark -am package -DskipTests
loader_jar=$(ls loader/target/ashwood-loader-*.jar | head -1)
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
cp="$loader_jar:$(ls "$m2"/com/fasterxml/jackson/core/jackson-core/2.18.2/jackson-core-2.18.2.jar):$(ls "$m2"/it/unimi/dsi/fastutil-core/8.5.15/fastutil-core-8.5.15.jar)"
mkdir -p bench-out/classes bench-out/spark
javac -d bench-out/classes -cp "$cp" src/bench/FleetLoaderBench.java

dumps=()
for pid in 11 12 13 14; do
  for h in 0 1 2 3; do
    objects=$(awk -v s="$scale" -v h="$h" -v p="$pid" 'BEGIN { printf "%d", s * (1000000 + 300000 * h + 20000 * (p - 11)) }')
    gz=""; suffix=jsonl
    if [ "$pid" = 14 ]; then gz="--gzip"; suffix=jsonl.gz; fi
    f="bench-out/spark/p$pid-h$h-$objects.$suffix"
    if [ ! -f "$f" ]; then
      java test-fixtures/generate/GenerateDump.java --format ashwood --objects "$objects" --seed "$pid$h" \
        --pid "$pid" --time "2026-11-21T0$h:00:00Z" -o "$f" $gz
    fi
    dumps+=("$f")
  done
done

echo "date: $(date -u +%Y-%m-%dT%H:%MZ); command: src/bench/spark-bench.sh --scale $scale"
echo "machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GB RAM; $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: ${#dumps[@]} dumps, $(du -cb "${dumps[@]}" | tail -1 | cut -f1) bytes on disk"

declare -A wall loader
for threads in 1 2; do
  t0=$(date +%s.%N)
  java -Xmx3g -cp "$cp:bench-out/classes" FleetLoaderBench "$threads" "${dumps[@]}" > "bench-out/spark-loader-$threads.txt"
  t1=$(date +%s.%N)
  loader[$threads]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
done
objects=$(awk '/^total/ {print $4}' bench-out/spark-loader-1.txt)

for cores in 1 2; do
  out="bench-out/spark-out-${cores}c"
  rm -rf "$out"
  t0=$(date +%s.%N)
  JAVA_OPTS="-Xmx6g" src/spark/run-local.sh "${dumps[@]}" -o "$out" --cores "$cores" > "bench-out/spark-report-${cores}c.txt"
  t1=$(date +%s.%N)
  wall[$cores]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
done

echo
echo "| run | wall (s) | objects/s | notes |"
echo "| --- | ---: | ---: | --- |"
for threads in 1 2; do
  echo "| loader, the dumps one after another, $threads parser thread(s) | ${loader[$threads]} | $(awk -v o="$objects" -v s="${loader[$threads]}" 'BEGIN { printf "%.0f", o / s }') | load + summarize in one JVM, its start included |"
done
for cores in 1 2; do
  echo "| Spark local[$cores] (run-local.sh) | ${wall[$cores]} | $(awk -v o="$objects" -v s="${wall[$cores]}" 'BEGIN { printf "%.0f", o / s }') | JVM and Spark start included |"
done
echo
for cores in 1 2; do
  echo "local[$cores]: $(grep '^Job:' "bench-out/spark-report-${cores}c.txt")"
  echo "  $(grep '^Phases:' "bench-out/spark-report-${cores}c.txt")"
done
echo
echo "growth found (local[2]):"
sed -n '/^Growth/,/^$/p' bench-out/spark-report-2c.txt | head -12
