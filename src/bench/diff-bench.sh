#!/usr/bin/env bash
# What ashwood diff costs on two synthetic dumps of one identity=keep series (docs/performance.md, "diff"):
#   src/bench/diff-bench.sh [OBJECTS] [XMX]
# Writes two dumps with test-fixtures/generate/GenerateDump.java (OBJECTS, and 10% more with the
# same seed, so the first accounts keep their ids), marks them dumps 1 and 2 of one series, and
# times `ashwood diff` (both loads, both dominator trees, holders) with its peak RSS.
set -euo pipefail
cd "$(dirname "$0")/../.."
objects=${1:-3000000}
xmx=${2:-4g}
[[ -f shell/target/ashwood.jar ]] || mvn -q -o -B -pl shell -am package -DskipTests
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
java test-fixtures/generate/GenerateDump.java --format ashwood --objects "$objects" -o "$dir/1.jsonl" --seed 7 >/dev/null
java test-fixtures/generate/GenerateDump.java --format ashwood --objects $((objects * 11 / 10)) -o "$dir/2.jsonl" --seed 7 >/dev/null
for n in 1 2; do
    sed -i "1s/}\$/,\"ids\":\"stable\",\"series\":\"00000000000be9c4\",\"sequence\":$n}/" "$dir/$n.jsonl"
done
# Loading alone, for the share of the diff itself.
for n in 1 2; do
    /usr/bin/time -f "load $n.jsonl alone: %e s wall, %M KiB peak RSS" \
        java "-Xmx$xmx" -jar shell/target/ashwood.jar query "$dir/$n.jsonl" -e "summarize --top 1" >/dev/null
done
/usr/bin/time -f "diff: %e s wall, %M KiB peak RSS" java "-Xmx$xmx" -jar shell/target/ashwood.jar diff "$dir/1.jsonl" "$dir/2.jsonl" --top 3
