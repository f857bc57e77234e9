#!/bin/sh
# Writes OUT/BuildStamp.swift naming the git commit of the package at ROOT and whether its tracked files had
# uncommitted changes; "unknown" (and no dirty flag) when ROOT is not the top of a git
# checkout (a tarball, or a copy inside some other repository). The file is replaced only when its text changes, so
# an unchanged build does not recompile anything.
# Usage: build-commit.sh ROOT OUT
set -u
root=$1
out=$2
mkdir -p "$out"
commit=unknown
dirty=nil
if top=$(git -C "$root" rev-parse --show-toplevel 2>/dev/null) \
    && [ "$(cd "$top" && pwd -P)" = "$(cd "$root" && pwd -P)" ]; then
    if commit=$(git -C "$root" rev-parse HEAD 2>/dev/null); then
        if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then dirty=true; else dirty=false; fi
    else
        commit=unknown
    fi
fi
tmp="$out/BuildStamp.swift.tmp"
cat > "$tmp" <<SWIFT
/// What this binary was built from, recorded at build time (not read from the working tree at run time).
public enum BuildStamp {
    /// The git commit of the checkout, or "unknown" outside a git checkout.
    public static let commit = "$commit"
    /// Whether tracked files differed from that commit; nil outside a git checkout.
    public static let dirty: Bool? = $dirty
}
SWIFT
if cmp -s "$tmp" "$out/BuildStamp.swift"; then rm -f "$tmp"; else mv "$tmp" "$out/BuildStamp.swift"; fi
