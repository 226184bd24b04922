#!/usr/bin/env bash
# Fails a CI job when a heap dump holds more than a budget of one type.
#
#   examples/ci-summary.sh DUMP TYPE MAX_BYTES
#   examples/ci-summary.sh heap.jsonl 'LeakyCache$Session' 1000000
#
# It runs `ashwood query DUMP -e 'summarize --top 0' --json` (one JSON document on stdout) and
# reads the row of TYPE with python3's json module, so nothing but bash and python3 is needed.
# Exit codes: 0 within budget, 1 over budget, 2 bad usage or ashwood failed.
set -euo pipefail

if [[ $# -ne 3 ]]; then
    echo "usage: $0 DUMP TYPE MAX_BYTES" >&2
    exit 2
fi
dump=$1 type=$2 max=$3
ashwood=${ASHWOOD:-"$(dirname "$0")/../ashwood"}

if ! summary=$("$ashwood" query "$dump" -e 'summarize --top 0' --json); then
    echo "$0: ashwood could not summarize $dump" >&2
    exit 2
fi

python3 - "$type" "$max" "$summary" <<'PY'
import json, sys
type_name, budget, summary = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
row = next((r for r in summary["rows"] if r["type"] == type_name), None)
used = row["bytes"] if row else 0
count = row["count"] if row else 0
verdict = "over" if used > budget else "within"
print(f"{type_name}: {count} objects, {used} bytes ({verdict} the budget of {budget} bytes)")
sys.exit(1 if used > budget else 0)
PY
