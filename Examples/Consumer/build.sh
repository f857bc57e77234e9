#!/usr/bin/env bash
# Builds this consumer the way a user's package depends on LumbarSim: by URL and exact version. The repository's
# HEAD is cloned bare into a temporary folder and tagged, and the consumer resolves it from there, so SwiftPM treats
# LumbarSim as a version dependency (no unsafe flags allowed: its kernel gets the portable build). The consumer's
# tests.csv for 64 subjects must then be byte-identical to the checkout's own `lumbarsim simulate` (the Haswell
# kernel on x86-64).
#
#   Examples/Consumer/build.sh        # LUMBARSIM=path/to/lumbarsim skips the checkout's release build
set -euo pipefail
cd "$(dirname "$0")"
root=$(git rev-parse --show-toplevel)
work=$(mktemp -d /tmp/lumbarsim-consumer.XXXXXX)
trap 'rm -rf "$work"' EXIT

git clone -q --bare "$root" "$work/LumbarSim.git"
git -C "$work/LumbarSim.git" tag 0.0.0-consumer HEAD
mkdir "$work/consumer"
cp -R Package.swift Sources "$work/consumer/"   # a clean copy: its own .build and Package.resolved

echo "consumer: LumbarSim by URL and version (file://$work/LumbarSim.git, exact 0.0.0-consumer)"
cd "$work/consumer"
export LUMBARSIM_URL="file://$work/LumbarSim.git" LUMBARSIM_VERSION=0.0.0-consumer
swift build 2>&1 | tee "$work/build.log" | tail -n 1
grep -q "Build complete" "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
.build/debug/Consumer "$work/consumer-tests.csv"

if [ -z "${LUMBARSIM:-}" ]; then
    (cd "$root" && swift build -c release --product lumbarsim 2>&1 | tail -n 1)
    LUMBARSIM=$root/.build/release/lumbarsim
fi
(cd "$work" && "$LUMBARSIM" simulate --subjects 64 --seed 1 --out checkout > /dev/null)
cmp "$work/consumer-tests.csv" "$work/checkout/tests.csv"
echo "consumer: its tests.csv of 64 subjects is byte-identical to the checkout's lumbarsim simulate"
