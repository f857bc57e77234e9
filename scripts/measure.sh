#!/usr/bin/env bash
# Measures on this machine and writes a JSON record under docs/measurements/ (kind, date, commit, machine, command,
# result), from which scripts/docs.sh renders docs/performance.md. Wall-clock numbers depend on the machine and on
# what else it is doing: measure on a quiet machine, and commit the record with the code it measured.
#
#   scripts/measure.sh kernel [kernel-compare options]        # kernel-compare --json: Swift SIMD vs C vs numpy
#   scripts/measure.sh throughput [device throughput options] # lumbarsim device throughput --json
#   scripts/measure.sh scale [scale-run.sh options]           # scripts/scale-run.sh: 10^3..10^5 (--million: 10^6)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-}
[ $# -gt 0 ] && shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
load() { cut -d' ' -f1 /proc/loadavg; }
before=$(load)
case $kind in
    kernel)
        swift build -c release --product kernel-compare 2>&1 | tail -n 1 >&2
        command=(.build/release/kernel-compare "$@")
        "${command[@]}" > "$out" ;;
    throughput)
        swift build -c release --product lumbarsim 2>&1 | tail -n 1 >&2
        command=(.build/release/lumbarsim device throughput --json "$@")
        "${command[@]}" > "$out" ;;
    scale)
        command=(scripts/scale-run.sh "$@")
        scripts/scale-run.sh --out "$out.csv" "$@" >&2
        python3 -c 'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1])))))' "$out.csv" > "$out"
        rm -f "$out.csv" ;;
    *) sed -n '2,9p' "$0" >&2; exit 2 ;;
esac
after=$(load)
date=$(date -u +%Y-%m-%d)
commit=$(git rev-parse HEAD)
dirty=$(git status --porcelain --untracked-files=no | grep -q . && echo true || echo false)
mkdir -p docs/measurements
record=docs/measurements/$kind-$date-${commit:0:10}.json
python3 - "$out" "$record" "$kind" "$date" "$commit" "$dirty" "$before" "$after" "${command[*]}" <<'PY'
import json, os, platform, sys
out, record, kind, date, commit, dirty, before, after, command = sys.argv[1:]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
json.dump({
    "kind": kind, "date": date, "commit": commit, "uncommitted_changes": dirty == "true", "command": command,
    "machine": {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform(), "load_before": before, "load_after": after},
    "result": json.load(open(out)),
}, open(record, "w"), indent=2, sort_keys=True)
open(record, "a").write("\n")
print(record)
PY
