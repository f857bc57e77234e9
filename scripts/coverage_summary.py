#!/usr/bin/env python3
"""Line coverage of each module under SOURCES and of all of them, from `llvm-cov export -summary-only` JSON.

Usage: coverage_summary.py COVERAGE_JSON SOURCES_DIR MIN_PERCENT
Prints one row per module (Sources/<Module>/...) and the total; exits 1 when the total is below MIN_PERCENT.
"""
import json
import sys
from collections import defaultdict


def main():
    path, sources, gate = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if not sources.endswith("/"):
        sources += "/"
    with open(path) as f:
        files = json.load(f)["data"][0]["files"]
    covered, total = defaultdict(int), defaultdict(int)
    for entry in files:
        name = entry["filename"]
        if not name.startswith(sources):
            continue
        module = name[len(sources):].split("/", 1)[0]
        lines = entry["summary"]["lines"]
        covered[module] += lines["covered"]
        total[module] += lines["count"]
    if not total:
        sys.exit(f"coverage: no file under {sources} in {path}")
    width = max(len(m) for m in total)
    for module in sorted(total):
        print(f"{module:<{width}}  {100 * covered[module] / total[module]:6.2f} %  "
              f"({covered[module]} of {total[module]} lines)")
    share = 100 * sum(covered.values()) / sum(total.values())
    print(f"{'Sources/':<{width}}  {share:6.2f} %  ({sum(covered.values())} of {sum(total.values())} lines); gate {gate:g} %")
    if share < gate:
        sys.exit(f"coverage: {share:.2f} % of the lines of Sources/ is below the gate of {gate:g} %")


if __name__ == "__main__":
    main()
