#!/usr/bin/env bash
# Benchmark of the scanner against HotSpot's own heap dump, on one heap in one run.
#   src/bench/scanner-bench.sh [--objects 5000000] [--jdk /usr/lib/jvm/temurin-25-jdk-amd64] [--keep] [--gzip-rounds 3]
# Builds the scanner (agent and test classes) once, then runs dev.ashwood.scanner.bench.ScannerBench,
# which writes its files under bench-out/ in the repository and deletes them unless --keep.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -o -B -pl scanner test-compile >/dev/null || mvn -q -B -pl scanner test-compile
exec java -cp scanner/target/test-classes:scanner/target/classes dev.ashwood.scanner.bench.ScannerBench "$@"
