#!/bin/sh
# Writes OUT/BuildCommit.swift naming the git commit of the package at ROOT, or "unknown" when ROOT is not the top of
# a git checkout (a tarball, or a copy inside some other repository). The file is replaced only when its text
# changes, so an unchanged commit does not recompile the tool.
# Usage: build-commit.sh ROOT OUT
set -u
root=$1
out=$2
mkdir -p "$out"
commit=unknown
if top=$(git -C "$root" rev-parse --show-toplevel 2>/dev/null) \
    && [ "$(cd "$top" && pwd -P)" = "$(cd "$root" && pwd -P)" ]; then
    commit=$(git -C "$root" rev-parse HEAD 2>/dev/null) || commit=unknown
fi
tmp="$out/BuildCommit.swift.tmp"
cat > "$tmp" <<SWIFT
/// The git commit this binary was built from, or "unknown" when it was not built from a git checkout.
enum BuildCommit {
    static let hash = "$commit"
}
SWIFT
if cmp -s "$tmp" "$out/BuildCommit.swift"; then rm -f "$tmp"; else mv "$tmp" "$out/BuildCommit.swift"; fi
