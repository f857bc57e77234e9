#!/usr/bin/env bash
# Installs what LumbarSim needs on a Debian machine when it is missing: OpenBLAS + LAPACKE (the numerical
# core), zlib (gzip output) and pkg-config (to find them). Idempotent and quiet when everything is present; run
# as root or with sudo.
set -euo pipefail
need=()
for pkg in libopenblas-dev liblapacke-dev zlib1g-dev pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "bootstrap: installing ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
command -v swift >/dev/null 2>&1 || { echo "bootstrap: swift not found; install a Swift 6.1+ toolchain" >&2; exit 1; }
