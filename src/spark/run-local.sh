#!/usr/bin/env bash
# Runs the fleet job in Spark local mode from this build (Spark comes from the Maven repository,
# not from a Spark installation):
#
#   src/spark/run-local.sh DUMPS... -o OUT [--top N] [--cores N]
#
# DUMPS are paths or globs (quote a glob so Spark expands it, e.g. 'dumps/*.jsonl.gz'); OUT must
# not exist. --cores N runs local[N] (default: every core). Builds the module (mvn -o package,
# output shown only on failure) when its classes are missing or older than a source or pom.
# JAVA_OPTS goes to the JVM (default -Xmx4g: in local mode the driver is the executor too).
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="$here/target"
stamp="$target/spark-classpath.txt"

cores='*'
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --cores)
      [ $# -ge 2 ] || { echo "run-local: --cores needs a number" >&2; exit 2; }
      [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "run-local: --cores needs a number, not '$2'" >&2; exit 2; }
      cores="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

needs_build() {
  [ -f "$stamp" ] && [ -f "$target/spark-jvm-options.txt" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/loader/pom.xml" "$root/loader/src/main" "$here/pom.xml" "$here/src/main" \
      -newer "$stamp" -print -quit 2>/dev/null)" ]
}

if needs_build; then
  echo "run-local: building src/spark..." >&2
  log=$(mktemp)
  if ! (cd "$root" && mvn -o -q -B -pl src/spark -am package -DskipTests) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "run-local: the build failed (output above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi

# A few shuffle partitions per core: Spark's default 200 is for clusters and costs seconds here.
if [ "$cores" = '*' ]; then shuffle=$(( $(nproc) * 4 )); else shuffle=$(( cores * 4 )); fi

# Dumps hold secrets and so do their tables: everything the job writes is private.
umask 077
# shellcheck disable=SC2046,SC2086
exec java ${JAVA_OPTS:--Xmx4g} $(cat "$target/spark-jvm-options.txt") \
  -Dlog4j2.configurationFile="$here/conf/log4j2.properties" \
  -Dspark.master="local[$cores]" -Dspark.ui.enabled=false -Dspark.sql.shuffle.partitions="$shuffle" \
  -Dspark.driver.host=localhost -Dspark.driver.bindAddress=127.0.0.1 \
  -cp "$target/classes:$(cat "$stamp")" dev.ashwood.spark.FleetJob "${args[@]}"
