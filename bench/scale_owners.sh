#!/usr/bin/env bash
# Cost of one large realization as a user meets it: `otmec generate` writes
# the scaled default scenario's instance (B = 2 MHz x N, F_L = 2 GHz x N,
# seed S, stream 0) to a JSON file, and `otmec solve --threads 1` reads and
# solves it with default settings on one thread. Prints, per N: status, KKT
# residual, Newton iterations, CPU seconds of `otmec solve` (reading and
# writing included), CPU microseconds per owner, the solve's own share of
# them (`--timing`), its maximum resident memory and that memory per owner;
# then the ratio of the per-owner CPU time at each N to that at the smallest
# N. A benchmark, not a test: its figures decide nothing.
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
[ -x /usr/bin/time ] || { echo "scale_owners.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

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
    /usr/bin/time -f '%U %S %M' -o "$work/time" "$otmec" solve "$work/inst.json" -o "$work/sol.json" \
        --threads 1 --timing 2>"$work/timing"
    read -r user sys rss_kb <"$work/time"
    python3 - "$n" "$user" "$sys" "$rss_kb" "$work/sol.json" "$base" "$work/timing" <<'EOF'
import json, re, sys
n, user, system, rss_kb, path, base, timing = sys.argv[1:8]
n = int(n)
m = re.search(r"solve_cpu_s ([0-9.eE+-]+)", open(timing).read())
solve_us = float(m.group(1)) / n * 1e6 if m else float("nan")
cpu = float(user) + float(system)
sol = json.load(open(path))
it = sol.get("iterations", {})
us = cpu / n * 1e6
print("%9d %-9s %9.2g %6s %9.2f %11.2f %11.2f %9.0f %11.0f" % (
    n, sol["status"], sol.get("kkt_residual", float("nan")), it.get("ipm", "?"), cpu, us, solve_us,
    int(rss_kb) / 1024.0, int(rss_kb) * 1024.0 / n))
if base:
    print("%9s per-owner CPU time %.2fx that of the smallest N" % ("", us / float(base)))
open(path + ".us", "w").write(repr(us))
EOF
    [ -n "$base" ] || base=$(cat "$work/sol.json.us")
done
