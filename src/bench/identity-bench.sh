#!/usr/bin/env bash
# What the agent option identity=keep costs (docs/performance.md, "identity=keep"):
#   src/bench/identity-bench.sh [OBJECTS] [JAVA_HOME]
# Runs src/bench/IdentityBench.java twice, with identity=off and identity=keep, each in a fresh JVM.
set -euo pipefail
cd "$(dirname "$0")/../.."
objects=${1:-3000000}
java_home=${2:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
mvn -q -o -B -pl scanner compile >/dev/null || mvn -q -B -pl scanner compile
for options in identity=off identity=keep; do
    "$java_home/bin/java" -Xmx2g -XX:+UseSerialGC -cp scanner/target/classes src/bench/IdentityBench.java "$objects" "$options"
done
