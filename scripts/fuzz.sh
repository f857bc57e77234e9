#!/usr/bin/env bash
# Coverage-guided fuzzing of LumbarSim's file decoders and command-line parser (libFuzzer through the Swift
# toolchain; Fuzz/README.md). Builds the package with -sanitize=fuzzer into .build-fuzz/, links Fuzz/Harness against
# its objects, then runs each target from a seed corpus of the bundled files.
#   scripts/fuzz.sh --smoke          a short run of every target (CI): fails on any crash, hang or refusal that
#                                    is not one short line naming the file
#   scripts/fuzz.sh --campaign [N]   N executions per target (default 1000000), one target after another; writes
#                                    the figures into Fuzz/README.md between its campaign markers
#   FUZZ_TARGETS="regimen cohort"    only these targets;  FUZZ_MAX_TIME=S caps each campaign target at S seconds;
#   FUZZ_JOBS=N                      N campaign targets at a time
#   scripts/fuzz.sh --report [N]     rewrites the table from the last campaign's logs (same FUZZ_* settings)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:---smoke}
runs=${2:-1000000}
targets=${FUZZ_TARGETS:-regimen cohort device study fitted cli}
scratch=.build-fuzz
work=$scratch/fuzz
mkdir -p "$work"
# What the harness is built from, taken now: a campaign outlasts commits made meanwhile.
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Fuzz || echo " with uncommitted changes")
# --report rewrites the README's table from the last campaign's logs (the build it ran is recorded with them).
[ "$mode" = --report ] && commit=$(cat "$work/campaign.commit")

# The harness: built, then linked against the package objects.
build_harness() {
    local link_flags=()
    if [ -n "${FUZZ_REUSE_BUILD:-}" ]; then
        # CI's smoke: link the harness against an existing debug build (no second compile of the package). Only the
        # harness is instrumented then, so libFuzzer's guidance is weak: a regression check, not a campaign. That build
        # may carry code-coverage counters (--enable-code-coverage), whose runtime -profile-generate links.
        echo "== fuzz harness linked against $FUZZ_REUSE_BUILD"
        bin=$(realpath "$FUZZ_REUSE_BUILD")
        link_flags=(-profile-generate)
        export LLVM_PROFILE_FILE="$PWD/$work/profraw/%p.profraw"
    else
        echo "== fuzz build (release, -sanitize=fuzzer: every module instrumented)"
        swift build -c release --scratch-path "$scratch" --target lumbarsim \
            -Xswiftc -sanitize=fuzzer -Xswiftc -enable-testing 2>&1 | grep -E "error|Build" | tail -n 3
        bin=$(realpath "$(swift build -c release --scratch-path "$scratch" --show-bin-path)")
    fi
    checkouts=$(realpath "$bin/../../checkouts")
    # Every object of the package and its dependencies but the other executables, plugin tools and tests.
    objects=$(find "$bin/" -name '*.o' -path '*.build/*' \
        | grep -vE '/[^/]*(Tests|-tool|TestSupport|kernel_compare|generate_|snippet_extract|Snippets|SymbolKit|LumbarSimPackage)[^/]*\.build/')
    # The C modules: the package's own and the system libraries' (Sources/), and Yams's CYaml.
    modulemaps=$( (find "$bin/" -name module.modulemap | grep -v /include/; find Sources "$checkouts" -name module.modulemap) \
        | sed 's/^/-Xcc -fmodule-map-file=/')
    includes=$(find Sources -type d -name include | sed 's/^/-Xcc -I/')
    # shellcheck disable=SC2086
    swiftc -O -sanitize=fuzzer -parse-as-library "${link_flags[@]}" -I "$bin/Modules" $modulemaps $includes \
        Fuzz/Harness/*.swift $objects -lopenblas -llapacke -lz -o "$work/lumbarsim-fuzz"
    echo "fuzz harness: $work/lumbarsim-fuzz"
}
[ "$mode" = --report ] || build_harness

# Seeds: the bundled files of each kind, and Fuzz/seeds/ for study files and command lines.
seed() {
    local target=$1 dir=$work/corpus/$1
    mkdir -p "$dir"
    case $target in
        regimen) cp Datasets/regimens/*.yaml Datasets/validation/regimens/*.yaml "$dir"/ ;;
        cohort) cp Datasets/cohorts/*.yaml "$dir"/ ;;
        device) cp Datasets/device/*.yaml "$dir"/ ;;
        fitted) cp Datasets/calibration/fitted.yaml "$dir"/ ;;
        study) cp Fuzz/seeds/study/*.yaml "$dir"/ ;;
        cli) cp Fuzz/seeds/cli/* "$dir"/ ;;
    esac
}

# One target: libFuzzer's final stats into $work/<target>.log; findings into $work/findings/<target>/.
fuzz() {
    local target=$1; shift
    seed "$target"
    # A smoke reports only its own findings; a campaign's stay until the next campaign.
    [ "$mode" = --smoke ] && rm -rf "$work/findings/$target"
    mkdir -p "$work/findings/$target"
    # Swift's own backtracer would take SIGABRT and SIGILL from libFuzzer, which then keeps no crash input.
    SWIFT_BACKTRACE=enable=no LUMBARSIM_FUZZ_FINDINGS="$work/findings/$target" LUMBARSIM_FUZZ_TARGET=$target "$work/lumbarsim-fuzz" "$work/corpus/$target" -dict=Fuzz/yaml.dict \
        -artifact_prefix="$work/findings/$target/" -timeout=10 -rss_limit_mb=4096 -max_len=16384 \
        -print_final_stats=1 "$@" > "$work/$target.log" 2>&1 || true
}

# A row of the figures: executions, exec/s, edges, features, corpus, crashes, hangs, refusals not one short line
# (distinct inputs).
row() {
    local target=$1 log=$work/$1.log
    local execs speed cov ft corp crashes hangs refusals
    execs=$(grep -aoE 'stat::number_of_executed_units: +[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
    speed=$(grep -aoE 'stat::average_exec_per_sec: +[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
    corp=$(grep -oE 'corp: [0-9]+' "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0)
    crashes=$(find "$work/findings/$target" -name 'crash-*' | wc -l)
    hangs=$(find "$work/findings/$target" \( -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    refusals=$(find "$work/findings/$target" -name 'refusal-*' | wc -l)
    echo "| $target | $execs | $speed | $cov | $ft | $corp | $crashes | $hangs | $refusals |"
}

header="| target | executions | exec/s | edges (cov) | features (ft) | corpus | crashes | hangs | refusals not one short line |
|---|---|---|---|---|---|---|---|---|"

case $mode in
    --smoke)
        for target in $targets; do fuzz "$target" -max_total_time="${FUZZ_SMOKE_SECONDS:-10}"; done
        ;;
    --report) ;;
    --campaign)
        echo "$commit" > "$work/campaign.commit"
        # FUZZ_JOBS targets at a time (default 1): each libFuzzer process is single-threaded.
        jobs=${FUZZ_JOBS:-1}
        for target in $targets; do
            while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
            echo "== campaign: $target ($runs executions${FUZZ_MAX_TIME:+, at most $FUZZ_MAX_TIME s})"
            fuzz "$target" -runs="$runs" ${FUZZ_MAX_TIME:+-max_total_time=$FUZZ_MAX_TIME} &
        done
        wait
        cut -d' ' -f1 /proc/loadavg > "$work/campaign.load"
        ;;
    *) echo "usage: scripts/fuzz.sh [--smoke|--campaign [RUNS]|--report [RUNS]]" >&2; exit 64 ;;
esac

table="$header"
failed=0
for target in $targets; do
    line=$(row "$target")
    table="$table
$line"
    # crashes, hangs and bad refusals are the last three columns; all must be 0.
    echo "$line" | awk -F'|' '{ exit !($8 + $9 + $10 == 0 && $3 > 0) }' || { failed=1; tail -n 20 "$work/$target.log" >&2; }
done
echo "$table"

if [ "$mode" != --smoke ]; then
    python3 - "$table" "$runs" "${FUZZ_JOBS:-1}" "${FUZZ_MAX_TIME:-}" "$commit" "${FUZZ_REUSE_BUILD:-}" <<'PY'
import re, subprocess, sys, datetime
table, runs, jobs, max_time, commit, reused = sys.argv[1:7]
limit = f", each stopped after at most {max_time} s (FUZZ_MAX_TIME)" if max_time else ""
import glob, os
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
work = ".build-fuzz/fuzz"
load = open(f"{work}/campaign.load").read().strip() if os.path.exists(f"{work}/campaign.load") else "not recorded"
built = f"the harness linked against the existing build {reused}" if reused else "a fresh instrumented release build"
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
# When the campaign ended: its newest log.
ended = max(os.path.getmtime(f) for f in glob.glob(f"{work}/*.log"))
stamp = datetime.datetime.fromtimestamp(ended, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
block = (f"<!-- fuzz-campaign:begin (written by scripts/fuzz.sh --campaign; do not edit) -->\n"
         f"Campaign of {stamp}: `scripts/fuzz.sh --campaign {runs}` at commit {commit} ({built}), {swift}; {jobs} target(s) at a time"
         f"{limit}; {cores} cores, load average {load} as it ended (the machine is shared: exec/s is what was left).\n\n"
         f"{table}\n<!-- fuzz-campaign:end -->")
path = "Fuzz/README.md"
text = open(path).read()
text = re.sub(r"<!-- fuzz-campaign:begin.*?<!-- fuzz-campaign:end -->", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
print("figures written to Fuzz/README.md")
PY
fi
exit $failed
