#!/usr/bin/env bash
# Shell benchmark: how long a person or a script waits for ashwood's answers.
#
#   src/bench/shell-bench.sh [OBJECTS]        (default 3000000)
#
# Generates an ashwood dump of OBJECTS objects (a linked chain over 50 types, each a short
# string-like record with a field name), then times, each best of 3:
#   - java -version                 the JVM's own start-up: the floor (the reference)
#   - ashwood --version             the command line's start-up
#   - query -e summarize            load + summarize, what a CI job pays
#   - query -e 'all Leaf7 --top 0' --json
#                                   load + one JSON document with OBJECTS/50 entries
# Prints one line per measurement. Needs bash, python3 and a built shell/target/ashwood.jar.
set -euo pipefail

objects=${1:-3000000}
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/shell/target/ashwood.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -q -B -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dump="$work/bench.jsonl"

python3 - "$objects" "$dump" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('{"format": "ashwood-heap", "version": 1}\n{"root": "jni_global", "ref": 1}\n')
    for i in range(n):
        nxt = i + 2 if i + 1 < n else 1
        f.write('{"address": %d, "type": "Leaf%d", "size": 16, "len": 3, "value": "abc", "refs": [%d], "fields": ["next"]}\n'
                % (i + 1, i % 50, nxt))
    f.write('{"footer": {"objects": %d, "refs": %d, "bytes": %d, "roots": 1, "elapsed_ms": 1}}\n' % (n, n, 16 * n))
PY

best_of_3() {   # prints the best wall time of three runs, in milliseconds
    local best=""
    for _ in 1 2 3; do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        local ms=$(( (end - start) / 1000000 ))
        if [[ -z "$best" || $ms -lt $best ]]; then best=$ms; fi
    done
    echo "$best"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "dump: $objects objects, $(( $(stat -c %s "$dump") / 1048576 )) MiB"
echo "java -version (reference):           $(best_of_3 java -version) ms"
echo "ashwood --version:                   $(best_of_3 java ${JAVA_OPTS:-} -jar "$jar" --version) ms"
echo "query -e summarize:                  $(best_of_3 java ${JAVA_OPTS:-} -jar "$jar" query "$dump" -e summarize) ms"
echo "query -e 'all Leaf7 --top 0' --json: $(best_of_3 java ${JAVA_OPTS:-} -jar "$jar" query "$dump" -e 'all Leaf7 --top 0' --json) ms"
