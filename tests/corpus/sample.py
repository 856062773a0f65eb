#!/usr/bin/env python3
"""Draws the precision review's random sample from the corpus snapshots.

    tests/corpus/sample.py [SEED] [N]

Pools the errors and warnings of the three snapshots (tests/corpus/*.txt),
keeps one copy of a finding that several targets share, and prints a
random sample of N (default 150) with Python's random.sample, seeded
(default 2026), one per line: target, then the finding as the snapshot
has it. The review of a sample lives in docs/precision.md.
"""
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ["default", "ios17-unsupervised", "macos14"]
FINDING = re.compile(r"^(\S.*?):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$")


def findings():
    seen = {}
    for target in TARGETS:
        with open(os.path.join(HERE, target + ".txt"), encoding="utf-8") as f:
            for line in f:
                m = FINDING.match(line.rstrip("\n"))
                if m and line.rstrip("\n") not in seen:
                    seen[line.rstrip("\n")] = target
    return sorted(seen.items())


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 2026
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 150
    pool = findings()
    random.seed(seed)
    for line, target in random.sample(pool, min(n, len(pool))):
        print(f"{target}\t{line}")
    print(f"# {min(n, len(pool))} of {len(pool)} distinct errors and warnings, seed {seed}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
