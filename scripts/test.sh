#!/usr/bin/env bash
# The test suite with line coverage of Sources/: runs `swift test --enable-code-coverage` in the default build folder,
# then prints the covered share of each module and of Sources/ as a whole and fails below the gate. With arguments
# (e.g. --filter CourseTests) it passes them to `swift test` and reports no coverage, since a subset says nothing
# about it. One run serves both the README's test command and CI's coverage gate, so CI builds and runs the suite once.
# Usage: scripts/test.sh [SWIFT_TEST_ARGS...]      Gate: LUMBARSIM_COVERAGE_GATE (percent, default 95)
set -euo pipefail
cd "$(dirname "$0")/.."
gate=${LUMBARSIM_COVERAGE_GATE:-95}

if [ $# -gt 0 ]; then
    exec swift test "$@"
fi
swift test --enable-code-coverage
bin=$(swift build --show-bin-path)
llvm_cov="$(dirname "$(readlink -f "$(command -v swift)")")/llvm-cov"
"$llvm_cov" export -summary-only -instr-profile "$bin/codecov/default.profdata" "$bin/LumbarSimPackageTests.xctest" \
    > "$bin/codecov/summary.json"
python3 scripts/coverage_summary.py "$bin/codecov/summary.json" "$PWD/Sources/" "$gate"
