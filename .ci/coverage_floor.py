"""Fail when combined line or branch coverage is under its floor.

coverage.py's own --fail-under judges one figure that mixes lines and branches; the project
holds each to its own floor. Usage: coverage_floor.py coverage.json MIN_LINES MIN_BRANCHES
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    path, min_lines, min_branches = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    with open(path) as stream:
        totals = json.load(stream)["totals"]
    lines = 100 * totals["covered_lines"] / max(totals["num_statements"], 1)
    branches = 100 * totals["covered_branches"] / max(totals["num_branches"], 1)
    print(
        f"coverage: lines {lines:.2f}% ({totals['covered_lines']}/{totals['num_statements']}), "
        f"branches {branches:.2f}% ({totals['covered_branches']}/{totals['num_branches']}); "
        f"floors {min_lines:g}% and {min_branches:g}%"
    )
    failed = [
        f"{name} {value:.2f}% < {floor:g}%"
        for name, value, floor in (
            ("lines", lines, min_lines),
            ("branches", branches, min_branches),
        )
        if value < floor
    ]
    if failed:
        print("coverage: under the floor: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
