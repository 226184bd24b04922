#!/usr/bin/env bash
# HPROF benchmark, one heap in one run (docs/performance.md, "Reading HPROF"):
#   src/bench/hprof-bench.sh [OBJECTS (default 5000000)] [JDK home (default: this java's)]
# 1. builds the scanner's benchmark heap (HeapBuilder) in a JVM and dumps it twice: HotSpot's own
#    `jcmd PID GC.heap_dump` (timed) and ashwood's JVMTI dump (JSON lines);
# 2. times, each in a fresh JVM, with peak RSS from /usr/bin/time: ashwood's load + summarize of the
#    HPROF file, the same of the JSONL dump (both through the ./ashwood launcher, with its JVM flags),
#    and Shark 2.14 indexing the HPROF file and building a class histogram (src/bench/shark, a
#    separate Maven project: benchmark scope only), with the JVM's defaults and with ashwood's flags.
# Files go to bench-out/hprof/ and are deleted at the end unless KEEP=1.
set -euo pipefail
trap 'echo "hprof-bench: failed at line $LINENO" >&2' ERR
cd "$(dirname "$0")/../.."
objects=${1:-5000000}
jdk=${2:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
out=bench-out/hprof
mkdir -p "$out"
rm -f "$out"/heap.hprof "$out"/heap.jsonl
# The shaded jar (the dist assembly step may fail offline after it is built).
mvn -q -o -B -pl scanner,loader,shell -am package -DskipTests >/dev/null 2>&1 || [[ -f shell/target/ashwood.jar ]]
mvn -q -o -B -pl scanner test-compile >/dev/null
# Shark's class path comes from Maven once (online the first time); the benchmark class is compiled
# directly by javac below: Maven's compile cannot see kotlin-stdlib, a runtime-scope dependency of Shark.
[[ -f src/bench/shark/target/classpath.txt ]] || (cd src/bench/shark && mvn -q -B package -DskipTests -Dmaven.main.skip=true >/dev/null)
mkdir -p src/bench/shark/target/classes
javac -d src/bench/shark/target/classes -cp "$(cat src/bench/shark/target/classpath.txt)" \
    src/bench/shark/src/main/java/dev/ashwood/bench/SharkBench.java
jar=shell/target/ashwood.jar
shark_cp="src/bench/shark/target/classes:$(cat src/bench/shark/target/classpath.txt)"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(uname -r); $(date -u +%FT%TZ)"
echo "jdk: $("$jdk/bin/java" -version 2>&1 | head -1)"
coproc HEAP { exec "$jdk/bin/java" -Xmx3g -XX:+UseParallelGC -cp scanner/target/test-classes dev.ashwood.scanner.bench.HeapBuilder "$objects"; }
read -r ready pid made <&"${HEAP[0]}"
echo "heap: $made objects built in pid $pid"
start=$(date +%s%N)
"$jdk/bin/jcmd" "$pid" GC.heap_dump -all "$PWD/$out/heap.hprof" | tail -1
echo "hotspot GC.heap_dump -all: $(( ($(date +%s%N) - start) / 1000000 )) ms wall, file $(stat -c %s "$out/heap.hprof") bytes"
java -jar "$jar" dump "$pid" -o "$PWD/$out/heap.jsonl"
echo exit >&"${HEAP[1]}"
wait "$HEAP_PID" 2>/dev/null || true

measure() {
    local label=$1; shift
    /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "$@" 2>&1 >/dev/null | grep -v '^ashwood: loaded' || true
}
# ashwood runs as its users run it, through the launcher (./ashwood: the JVM flags it passes, see
# there); Shark with the JVM's defaults, as shark-cli runs, and once more with ashwood's flags.
# The launcher's flags as it picks them here (see ./ashwood): its collector, C1 only on <= 2 CPUs,
# transparent huge pages where the kernel gives them on request.
launcher_gc="$(sed -n 's/^gc="*\([^"]*\)"*$/\1/p' ashwood)$( [ "$(nproc)" -le 2 ] && echo " -XX:TieredStopAtLevel=1")"
launcher_gc="$launcher_gc$(grep -qs '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled && echo " -XX:+UseTransparentHugePages")"
echo "ashwood launcher's JVM flags: $launcher_gc"
for round in 1 2; do
    echo "round $round"
    measure "ashwood HPROF load + summarize" ./ashwood query "$out/heap.hprof" -e "summarize --top 5"
    measure "ashwood JSONL load + summarize" ./ashwood query "$out/heap.jsonl" -e "summarize --top 5"
    /usr/bin/time -f "shark index + histogram: %e s wall, %M KB peak RSS" java -cp "$shark_cp" dev.ashwood.bench.SharkBench "$out/heap.hprof" 2>&1
    /usr/bin/time -f "shark ($launcher_gc) index + histogram: %e s wall, %M KB peak RSS" java $launcher_gc -cp "$shark_cp" \
        dev.ashwood.bench.SharkBench "$out/heap.hprof" 2>&1
done
[[ "${KEEP:-0}" == 1 ]] || rm -f "$out"/heap.hprof "$out"/heap.jsonl
