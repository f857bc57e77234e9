#!/usr/bin/env bash
# Builds this consumer the way a user's package depends on LumbarSim: by URL and exact version. The repository's
# HEAD is cloned bare into a temporary folder and tagged, and the consumer resolves it from there. It then builds the
# same consumer against the checkout by path (where SamplingKernel gets -target-cpu haswell on x86-64) and checks
# that both print the same bits: the portable kernel a dependent gets computes exactly what the Haswell build does.
#
#   Examples/Consumer/build.sh [--no-compare]
set -euo pipefail
cd "$(dirname "$0")"
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d /tmp/lumbarsim-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT

git clone -q --bare "$root" "$work/LumbarSim.git"
git -C "$work/LumbarSim.git" tag 0.0.0-consumer HEAD
cp -R Package.swift Sources "$work/"   # a clean copy: its own .build and Package.resolved

echo "consumer: LumbarSim by URL and version (file://$work/LumbarSim.git, exact 0.0.0-consumer)"
(cd "$work" && LUMBARSIM_URL="file://$work/LumbarSim.git" LUMBARSIM_VERSION=0.0.0-consumer swift build 2>&1 | tail -n 1)
(cd "$work" && .build/debug/Consumer) > "$work/by-version.txt"
[ "$(wc -l < "$work/by-version.txt")" -eq 64 ] || { echo "consumer: expected 64 subjects" >&2; exit 1; }
[ "${1:-}" = "--no-compare" ] && exit 0

echo "consumer: LumbarSim by path (the checkout's own kernel settings)"
swift build 2>&1 | tail -n 1
.build/debug/Consumer > "$work/by-path.txt"
cmp "$work/by-version.txt" "$work/by-path.txt"
echo "consumer: both builds report the same $(wc -l < "$work/by-path.txt") subjects' peaks, bit for bit"
