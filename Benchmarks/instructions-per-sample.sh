#!/usr/bin/env bash
# Instructions per subject-sample of each kernel engine, counted by callgrind on kernel-compare's own workload:
# the Swift kernel (SamplingKernel.run), the vectorised C twin (cvk_run_batch) and the scalar C twin (csk_run_batch).
# Counts are deterministic for a given binary and input, unlike wall clock on a shared machine.
#
#   Benchmarks/instructions-per-sample.sh [SUBJECTS [SAMPLES]]      (default 64 subjects x 5000 samples)
set -euo pipefail
cd "$(dirname "$0")/.."
subjects=${1:-64} samples=${2:-5000}
swift build -c release --product kernel-compare >/dev/null
binary="$(swift build -c release --show-bin-path)/kernel-compare"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Each engine runs once on one thread and once on two: twice the subject-samples per toggled symbol.
for engine in 'swift:$s14SamplingKernelAAO3run_6effort9constants4ringAB6OutputVAA9LaneGroupV_SRySdGAA17LoadCellConstantsVSrys5SIMD8VySdGGtFZ' 'cvec:cvk_run_batch' 'c:csk_run_batch'; do
    name=${engine%%:*} symbol=${engine#*:}
    valgrind --tool=callgrind --callgrind-out-file="$work/$name.out" --toggle-collect="$symbol" \
        "$binary" --subjects "$subjects" --samples "$samples" --repeats 1 --numpy-subjects 1 >/dev/null 2>"$work/$name.log" ||
        { tail -n 20 "$work/$name.log" >&2; exit 2; }
    total=$(sed -n 's/^totals: *\([0-9][0-9]*\).*/\1/p' "$work/$name.out")
    awk -v n="$name" -v t="$total" -v s="$subjects" -v m="$samples" \
        'BEGIN { printf "%s: %.1f instructions per subject-sample (%d in %d x %d x 2 runs)\n", n, t / (2 * s * m), t, s, m }'
done
