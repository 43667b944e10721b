#!/usr/bin/env bash
# Cost of one large realization as a user meets it: `otmec generate` writes
# the scaled default scenario's instance (B = 2 MHz x N, F_L = 2 GHz x N,
# seed S, stream 0) to a JSON file, and `otmec solve --threads 1` reads and
# solves it with default settings on one thread. Prints, per N: status, KKT
# residual, Newton iterations, CPU seconds of `otmec solve` (reading and
# writing included), CPU microseconds per owner, the solve's own share of
# them (`--timing`), its maximum resident memory and that memory per owner;
# then the ratio of the per-owner CPU time at each N to that at the smallest
# N. Sizes up to 10^5 are solved five times and the medians are printed (at
# 10^4 one run takes a quarter of a second, and the machine's noise is a
# tenth of that); CPU times come from the kernel's accounting of the child
# (wait4), not /usr/bin/time's hundredths. A benchmark, not a test: its
# figures decide nothing.
#
# Usage: bash bench/scale_owners.sh [BUILD_DIR] [SEED] [SIZES...]
#        (defaults: build 1 10000 100000 1000000; run from the repository root)
set -euo pipefail

build=${1:-build}
seed=${2:-1}
shift $(($# < 2 ? $# : 2))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
otmec="$build/otmec"
[ -x "$otmec" ] || { echo "scale_owners.sh: no $otmec (build first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%9s %-9s %9s %6s %9s %11s %11s %9s %11s\n' N status kkt newton cpu_s us_per_own solve_us rss_MB B_per_own
base=""
for n in "${sizes[@]}"; do
    python3 - "$n" data/default.json "$work/scenario.json" <<'EOF'
import json, sys
n, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sc = json.load(open(src))
sc["N"] = n
sc["B_Hz"] *= n / 10.0
sc["F_L_Hz"] *= n / 10.0
json.dump(sc, open(dst, "w"))
EOF
    "$otmec" generate --scenario "$work/scenario.json" --owners "$n" --seed "$seed" --stream 0 -o "$work/inst.json"
    python3 - "$n" "$otmec" "$work" "$base" <<'EOF'
import json, os, re, statistics, subprocess, sys
n, otmec, work, base = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
runs = []
for _ in range(5 if n <= 100000 else 1):
    with open(os.path.join(work, "timing"), "w") as err:
        proc = subprocess.Popen([otmec, "solve", os.path.join(work, "inst.json"), "-o",
                                 os.path.join(work, "sol.json"), "--threads", "1", "--timing"], stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = status
    if status != 0:
        sys.exit("scale_owners.sh: otmec solve failed at N = %d" % n)
    m = re.search(r"solve_cpu_s ([0-9.eE+-]+)", open(os.path.join(work, "timing")).read())
    runs.append((usage.ru_utime + usage.ru_stime, float(m.group(1)) if m else float("nan"), usage.ru_maxrss))
cpu = statistics.median(r[0] for r in runs)
solve = statistics.median(r[1] for r in runs)
rss_kb = max(r[2] for r in runs)
sol = json.load(open(os.path.join(work, "sol.json")))
it = sol.get("iterations", {})
us = cpu / n * 1e6
print("%9d %-9s %9.2g %6s %9.3f %11.2f %11.2f %9.0f %11.0f" % (
    n, sol["status"], sol.get("kkt_residual", float("nan")), it.get("ipm", "?"), cpu, us, solve / n * 1e6,
    rss_kb / 1024.0, rss_kb * 1024.0 / n))
if base:
    print("%9s per-owner CPU time %.2fx that of the smallest N" % ("", us / float(base)))
open(os.path.join(work, "sol.json.us"), "w").write(repr(us))
EOF
    [ -n "$base" ] || base=$(cat "$work/sol.json.us")
done
