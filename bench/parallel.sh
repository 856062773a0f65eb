#!/usr/bin/env bash
# Benchmark of parallel linting (-j) and of memory over many files.
#
#   bench/parallel.sh [BUILD_DIR]     (default: build; uses BUILD_DIR/mclint
#                                     and BUILD_DIR/bench/runstat)
#
# 1. Replicates the real-profile corpus COPIES times (default 20) into a
#    temporary directory and lints it with -j 1 and -j 2, alternately, RUNS
#    times (default 5). Reports the speed-up (best and median wall time;
#    target 1.8x on 2 cores) and the peak RSS of each (target: -j 2 at most
#    2x of -j 1), and checks that both outputs are byte-for-byte the same.
# 2. Lints trees of 1,000 and 10,000 profiles with -j 2 and compares peak
#    RSS: results are freed once reported, so memory must stay flat
#    (checked: 10,000 files at most 1.5x the RSS of 1,000).
#
# Times are reported, never checked: they depend on the machine and its
# load. The exit status is 1 if a memory check fails or outputs differ.
# Environment: CORPUS (default ../shared/corpus/real), COPIES, RUNS.
# Wall time and peak RSS of each run come from bench/runstat (wait4).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
mclint=$build/mclint
runstat=$build/bench/runstat
corpus=${CORPUS:-$here/../../shared/corpus/real}
copies=${COPIES:-20}
runs=${RUNS:-5}
[ -x "$mclint" ] && [ -x "$runstat" ] || { echo "build first: cmake --build $build" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no corpus at $corpus (set CORPUS)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() { # measure NAME ARGS...: appends "SECONDS RSS_KIB" of one run to $tmp/NAME.times
  local name=$1; shift
  "$runstat" 1 "$mclint" --no-config "$@" >> "$tmp/$name.times"
}
cpu() { # cpu NAME ARGS...: appends the CPU seconds (user + system) of one run
  local name=$1; shift
  python3 -c 'import resource, subprocess, sys
subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)' "$mclint" --no-config "$@" >> "$tmp/$name.cpu"
}

# The load before this script adds its own: other processes on the cores.
load=$(uptime | sed 's/.*load average[s]*: //; s/,.*//')
echo "mclint: $mclint"
echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load $(uptime | sed 's/.*load average[s]*: //')"
mkdir -p "$tmp/tree"
for i in $(seq 1 "$copies"); do cp -R "$corpus" "$tmp/tree/copy$i"; done
files=$({ "$mclint" --no-config --disable all "$tmp/tree" || true; } | tail -1 | cut -d' ' -f1)
echo "corpus x $copies: $files profiles"
"$mclint" --no-config -j 1 "$tmp/tree" > "$tmp/j1.out" 2>&1 || true
"$mclint" --no-config -j 2 "$tmp/tree" > "$tmp/j2.out" 2>&1 || true
same=yes
cmp -s "$tmp/j1.out" "$tmp/j2.out" || same=no
for r in $(seq 1 "$runs"); do
  measure j1 -j 1 "$tmp/tree"
  measure j2 -j 2 "$tmp/tree"
  cpu j1 -j 1 "$tmp/tree"
  cpu j2 -j 2 "$tmp/tree"
done

python3 "$here/make_tree.py" "$corpus" "$tmp/k1" 1000
python3 "$here/make_tree.py" "$corpus" "$tmp/k10" 10000
for r in 1 2; do
  measure k1 -j 2 "$tmp/k1"
  measure k10 -j 2 "$tmp/k10"
done

cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
python3 - "$tmp" "$same" "$cpus" "$load" <<'PY'
import statistics, sys
tmp, same, cpus, loadavg = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
def load(name):
    rows = [line.split() for line in open(f"{tmp}/{name}.times")]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
t1, rss1 = load("j1"); t2, rss2 = load("j2")
_, k1 = load("k1"); _, k10 = load("k10")
best = min(t1) / min(t2)
med = statistics.median(t1) / statistics.median(t2)
mem = max(rss2) / max(rss1)
flat = max(k10) / max(k1)
ok = True
print(f"-j 1: best {min(t1):.3f} s, median {statistics.median(t1):.3f} s, peak RSS {max(rss1)} KiB")
print(f"-j 2: best {min(t2):.3f} s, median {statistics.median(t2):.3f} s, peak RSS {max(rss2)} KiB")
print(f"speed-up -j 2 / -j 1: {best:.2f}x best, {med:.2f}x median (target 1.8x)"
      + ("" if max(best, med) >= 1.8 else "  [below target]"))
c1 = statistics.median(float(x) for x in open(f"{tmp}/j1.cpu"))
c2 = statistics.median(float(x) for x in open(f"{tmp}/j2.cpu"))
print(f"CPU time (user + system, median): -j 1 {c1:.3f} s, -j 2 {c2:.3f} s "
      f"({c2 / c1:.2f}x)")
if loadavg > 0.5:
    print(f"note: load average {loadavg} before the benchmark on {cpus} CPUs: other processes"
          " compete for the cores, so the wall-clock speed-up understates -j 2 on idle cores")
print(f"peak RSS -j 2 / -j 1: {mem:.2f}x (limit 2x)" + ("" if mem <= 2 else "  [FAIL]"))
ok &= mem <= 2
print(f"output -j 2 identical to -j 1: {same}" + ("" if same == "yes" else "  [FAIL]"))
ok &= same == "yes"
print(f"peak RSS, -j 2: 1,000 files {max(k1)} KiB, 10,000 files {max(k10)} KiB: "
      f"{flat:.2f}x (limit 1.5x)" + ("" if flat <= 1.5 else "  [FAIL]"))
ok &= flat <= 1.5
sys.exit(0 if ok else 1)
PY
