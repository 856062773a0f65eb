#!/usr/bin/env bash
# Benchmark of the checks across files (rules MC55x, the run-level phase).
#
#   bench/repository.sh [BUILD_DIR]   (default: build; uses BUILD_DIR/mclint
#                                     and BUILD_DIR/bench/runstat)
#
# Replicates the real-profile corpus COPIES times (default 20, about 7,000
# files: every profile collides with its copies, whose display names and
# identifiers differ, the worst case for the comparison's output) and lints it with -j JOBS (default 2) with the checks
# across files and without them (--disable repository), alternately, RUNS
# times (default 5). Reports wall time (best and median), CPU time (user +
# system, median) and peak RSS of each, and the ratios; targets: time at
# most 1.2x, peak RSS at most 1.5x. Also checks that the output with the
# checks is the same for -j 1 and -j JOBS.
#
# Times are reported, never checked: they depend on the machine and its
# load (CPU time is the steadier figure on a shared machine). The exit
# status is 1 if the memory target is missed or outputs differ.
# Environment: CORPUS (default ../shared/corpus/real), COPIES, RUNS, JOBS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
mclint=$build/mclint
runstat=$build/bench/runstat
corpus=${CORPUS:-$here/../../shared/corpus/real}
copies=${COPIES:-20}
runs=${RUNS:-5}
jobs=${JOBS:-2}
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

load=$(uptime | sed 's/.*load average[s]*: //; s/,.*//')
echo "mclint: $mclint"
echo "machine: $(uname -sm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs, load $(uptime | sed 's/.*load average[s]*: //')"
mkdir -p "$tmp/tree"
# Each copy is another profile (its display name and identifiers get the
# copy's number) with the same UUIDs and settings, so that it collides with
# the others: byte-for-byte copies of one profile would not (they are one
# profile on a device), nor would versions of one (one top-level
# identifier). Signed and binary files stay byte copies.
for i in $(seq 1 "$copies"); do
  cp -R "$corpus" "$tmp/tree/copy$i"
  find "$tmp/tree/copy$i" -type f -exec perl -0pi -e \
    "if (/\\A\\s*</) { s{(<key>PayloadDisplayName</key>\\s*<string>)}{\\1copy $i }; s{(<key>PayloadIdentifier</key>\\s*<string>)([^<]*)}{\\1\\2.copy$i}g }" {} + 2> /dev/null || true
done
files=$({ "$mclint" --no-config --disable all "$tmp/tree" || true; } | tail -1 | cut -d' ' -f1)
echo "corpus x $copies: $files profiles, -j $jobs"
"$mclint" --no-config -j 1 "$tmp/tree" > "$tmp/j1.out" 2>&1 || true
"$mclint" --no-config -j "$jobs" "$tmp/tree" > "$tmp/jn.out" 2>&1 || true
same=yes
cmp -s "$tmp/j1.out" "$tmp/jn.out" || same=no
across=$(grep -cE '\[(profile-identifier-collision|payload-uuid-collision|payload-identifier-collision|conflicting-setting|single-payload-collision)\]$' "$tmp/j1.out" || true)
echo "findings across files: $across"
for r in $(seq 1 "$runs"); do
  measure with -j "$jobs" "$tmp/tree"
  measure without -j "$jobs" --disable repository "$tmp/tree"
  cpu with -j "$jobs" "$tmp/tree"
  cpu without -j "$jobs" --disable repository "$tmp/tree"
done

python3 - "$tmp" "$same" "$load" <<'PY'
import statistics, sys
tmp, same, loadavg = sys.argv[1], sys.argv[2], float(sys.argv[3])
def load(name):
    rows = [line.split() for line in open(f"{tmp}/{name}.times")]
    return [float(r[0]) for r in rows], [int(r[1]) for r in rows]
tw, rw = load("with"); to, ro = load("without")
cw = statistics.median(float(x) for x in open(f"{tmp}/with.cpu"))
co = statistics.median(float(x) for x in open(f"{tmp}/without.cpu"))
ok = True
print(f"without: best {min(to):.3f} s, median {statistics.median(to):.3f} s, CPU {co:.3f} s, peak RSS {max(ro)} KiB")
print(f"with:    best {min(tw):.3f} s, median {statistics.median(tw):.3f} s, CPU {cw:.3f} s, peak RSS {max(rw)} KiB")
best = min(tw) / min(to)
med = statistics.median(tw) / statistics.median(to)
print(f"time with / without: {best:.2f}x best, {med:.2f}x median wall, {cw / co:.2f}x CPU"
      " (target 1.2x)" + ("" if min(best, med, cw / co) <= 1.2 else "  [above target]"))
if loadavg > 0.5:
    print(f"note: load average {loadavg} before the benchmark: wall times are noisy; CPU time is steadier")
mem = max(rw) / max(ro)
print(f"peak RSS with / without: {mem:.2f}x (limit 1.5x)" + ("" if mem <= 1.5 else "  [FAIL]"))
ok &= mem <= 1.5
print(f"output with the checks, -j N identical to -j 1: {same}" + ("" if same == "yes" else "  [FAIL]"))
ok &= same == "yes"
sys.exit(0 if ok else 1)
PY
