#!/usr/bin/env bash
# How the streaming engine scales with the number of subjects: 10^3, 10^4 and 10^5 subjects (and 10^6 with
# --million) through the 12-week core-strengthening regimen, with device-sampled 7-angle tests at 1 kHz before and
# after it (weeks 0 and 12; --test-weeks 0,6,12 adds the regimen's own mid-way test), on all cores, in release
# mode. Writes one CSV row per size:
#
#   subjects, wall_s, subjects_per_s, samples_per_s, peak_rss_mib, cpu_s, threads
#
# wall_s is the run's own wall time (manifest.json, performance.wall_s: draw, course, tests, writing, assembly);
# samples_per_s counts the samples the sampling kernel computed (zeroing, ramps and holds; rest intervals are never
# computed); peak_rss_mib is the process's peak resident memory (getrusage). Cost should grow linearly in the
# number of subjects and memory should stay flat; cpu_s / (wall_s * threads) tells how much of the cores the run
# got. Wall clock on a shared machine varies by 20-30 % and more: compare sizes within one run of this script, and
# say what else the machine was doing.
#
#   scripts/scale-run.sh [--million] [--gzip] [--threads T] [--test-weeks 0,12] [--out scale.csv] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=(1000 10000 100000)
out=scale.csv
keep=""
weeks=0,12
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --million) sizes+=(1000000) ;;
        --gzip) extra+=(--gzip) ;;
        --threads) extra+=(--threads "$2"); shift ;;
        --test-weeks) weeks=$2; shift ;;
        --out) out=$2; shift ;;
        --keep) keep=$2; shift ;;
        *) sed -n '2,16p' "$0" >&2; exit 2 ;;
    esac
    shift
done

swift build -c release --product lumbarsim 2>&1 | tail -n 1 >&2
lumbarsim=.build/release/lumbarsim
work=${keep:-$(mktemp -d /tmp/lumbarsim-scale.XXXXXX)}
mkdir -p "$work"
[ -n "$keep" ] || trap 'rm -rf "$work"' EXIT

echo "subjects,wall_s,subjects_per_s,samples_per_s,peak_rss_mib,cpu_s,threads" > "$out.partial"
for n in "${sizes[@]}"; do
    echo "scale-run: $n subjects" >&2
    rm -rf "$work/run-$n" "$work/.run-$n.partial"  # a kept folder's earlier (or interrupted) run
    "$lumbarsim" simulate --subjects "$n" --regimen core-strengthening --rate 1000 --seed 1 --test-weeks "$weeks" \
        "${extra[@]}" \
        --out "$work/run-$n" >&2
    python3 - "$work/run-$n/manifest.json" >> "$out.partial" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
p = m["performance"]
print(f'{p["subjects"]},{p["wall_s"]:.2f},{p["subjects_per_s"]:.1f},{p["samples_per_s"]:.4g},{p["peak_rss_mib"]:.1f},'
      f'{p["cpu_s"]:.2f},{m["threads"]}')
PY
    [ -n "$keep" ] || rm -rf "$work/run-$n"
done
mv "$out.partial" "$out"
cat "$out"
