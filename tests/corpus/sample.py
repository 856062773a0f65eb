#!/usr/bin/env python3
"""Draws the precision review's random sample from the corpus snapshots.

    tests/corpus/sample.py [SEED] [N]
    tests/corpus/sample.py --fresh SEED [N] [MIN_ERRORS]
    tests/corpus/sample.py --reviewed > tests/corpus/reviewed.txt

Pools the errors and warnings of the three snapshots (tests/corpus/*.txt),
keeps one copy of a finding that several targets share, and prints a
random sample of N (default 150) with Python's random.sample, seeded
(default 2026), one per line: target, then the finding as the snapshot
has it.

--fresh leaves out every finding already reviewed (tests/corpus/reviewed.txt:
file:line:col and rule) and draws MIN_ERRORS (default 94) of the N from the
errors (all of them if fewer), the rest from the warnings, each with
random.sample after random.seed(SEED); errors first, then warnings.

--reviewed rebuilds reviewed.txt from git history: the earlier samples,
drawn again from the snapshots of the commit each was drawn at
(PREVIOUS), plus the findings of every tests/corpus/review-*.tsv.
The reviews themselves are docs/precision.md and tests/corpus/review-*.tsv.
"""
import glob
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ["default", "ios17-unsupervised", "macos14"]
FINDING = re.compile(r"^(\S.*?):(\d+):(\d+): (error|warning): (.*) \[([a-z0-9-]+)\]$")
# seed, commit whose snapshots it was drawn from, and how its pool was made
PREVIOUS = [(10, "3fded1f", "grep"), (2026, "d1085f4", "pool"),
            (2027, "00dba24", "pool"), (2028, "973bbb0", "pool")]


def snapshot(target, commit=None):
    if commit is None:
        with open(os.path.join(HERE, target + ".txt"), encoding="utf-8") as f:
            return f.read().splitlines()
    return subprocess.run(["git", "show", f"{commit}:tests/corpus/{target}.txt"],
                          capture_output=True, text=True, check=True,
                          cwd=HERE).stdout.splitlines()


def findings(commit=None):
    seen = {}
    for target in TARGETS:
        for line in snapshot(target, commit):
            if FINDING.match(line) and line not in seen:
                seen[line] = target
    return sorted(seen.items())


def key(line):
    m = FINDING.match(line)
    return f"{m.group(1)}:{m.group(2)}:{m.group(3)} {m.group(6)}"


def previous_sample(seed, commit, how):
    if how == "grep":  # the first sample: every line with a severity, as a set
        lines = set()
        for target in TARGETS:
            lines.update(l for l in snapshot(target, commit)
                         if re.search(r": (error|warning): .*\[[a-z0-9-]+\]$", l))
        pool = sorted(lines)
    else:
        pool = [line for line, _ in findings(commit)]
    random.seed(seed)
    return [l for l in random.sample(pool, 150) if FINDING.match(l)]


def reviewed():
    keys = set()
    for seed, commit, how in PREVIOUS:
        keys.update(key(l) for l in previous_sample(seed, commit, how))
    for tsv in glob.glob(os.path.join(HERE, "review-*.tsv")):
        with open(tsv, encoding="utf-8") as f:
            for row in f:
                cols = row.rstrip("\n").split("\t")
                if len(cols) >= 3 and not row.startswith("target\t"):
                    keys.add(f"{cols[1]} {cols[2]}")
    return keys


def fresh(seed, n, min_errors):
    with open(os.path.join(HERE, "reviewed.txt"), encoding="utf-8") as f:
        done = set(l.rstrip("\n") for l in f if not l.startswith("#"))
    pool = [(l, t) for l, t in findings() if key(l) not in done]
    errors = [p for p in pool if ": error: " in p[0]]
    warnings = [p for p in pool if ": warning: " in p[0]]
    ne = min(min_errors, len(errors))
    random.seed(seed)
    sample = random.sample(errors, ne)
    sample += random.sample(warnings, min(n - ne, len(warnings)))
    print(f"# {len(sample)} ({ne} errors) of {len(pool)} distinct errors and warnings "
          f"not reviewed before ({len(errors)} errors), seed {seed}", file=sys.stderr)
    return sample


def main():
    args = sys.argv[1:]
    if args[:1] == ["--reviewed"]:
        print("# file:line:col rule of every finding reviewed in an earlier sample "
              "(tests/corpus/sample.py --reviewed)")
        for k in sorted(reviewed()):
            print(k)
        return
    if args[:1] == ["--fresh"]:
        seed = int(args[1])
        n = int(args[2]) if len(args) > 2 else 150
        min_errors = int(args[3]) if len(args) > 3 else 94
        sample = fresh(seed, n, min_errors)
    else:
        seed = int(args[0]) if args else 2026
        n = int(args[1]) if len(args) > 1 else 150
        pool = findings()
        random.seed(seed)
        sample = [(l, t) for l, t in random.sample(pool, min(n, len(pool)))]
        print(f"# {len(sample)} of {len(pool)} distinct errors and warnings, seed {seed}",
              file=sys.stderr)
    for line, target in sample:
        print(f"{target}\t{line}")


if __name__ == "__main__":
    main()
