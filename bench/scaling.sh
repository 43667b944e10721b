#!/usr/bin/env bash
# Strong scaling of `otmec mc` over MPI ranks: the same run (fixed R) with
# `mpirun -np K` for K = 1 .. MAX_RANKS, one thread per rank, and one
# process without mpirun as the baseline. Prints, per K, the wall time of
# the whole command (MPI start-up included), the solving time summary.json
# records, realizations per second, speed-up and parallel efficiency against
# K = 1, and the rate per rank; and checks that every K wrote the same
# realizations.csv. cpu_s is the processor time of all ranks together (user
# + system, MPI start-up included): on a machine shared with other work the
# wall times scatter, while cpu_s still shows what splitting the run costs.
# A benchmark, not a test: its figures decide nothing.
#
# Usage: bash bench/scaling.sh [BUILD_DIR] [REALIZATIONS] [MAX_RANKS] [OWNERS]
#        (defaults: build 400 2 10; run from the repository root)
set -euo pipefail

build=${1:-build}
realizations=${2:-400}
max_ranks=${3:-2}
owners=${4:-10}
otmec="$build/otmec"
if [ ! -x "$otmec" ]; then
    echo "scaling.sh: $otmec not found: build first (cmake -S . -B $build && cmake --build $build)" >&2
    exit 2
fi
if ! command -v mpirun >/dev/null 2>&1; then
    echo "scaling.sh: no mpirun: install OpenMPI (bash scripts/deps.sh) and build with it" >&2
    exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=(mc --owners "$owners" --realizations "$realizations" --seed 1 --compare proposed --threads 1 --no-plot)
mpi=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" -eq 0 ] && mpi+=(--allow-run-as-root)

now() { date +%s.%N; }
TIMEFORMAT='%U %S'
# processor seconds of a command and everything it waited for
cpu_of() { { time "$@" >/dev/null; } 2>&1 | awk '{ print $1 + $2 }'; }
calc() { awk "BEGIN { print $1 }"; }
# solving time of a run directory, from summary.json
solve_time() { sed -n 's/.*"wall_time_s":[[:space:]]*\([0-9.eE+-]*\).*/\1/p' "$1/summary.json"; }

echo "otmec mc strong scaling: R = $realizations realizations of N = $owners owners, method proposed," \
    "1 thread per rank, $(nproc) cores"
t0=$(now)
cpu=$(cpu_of "$otmec" "${args[@]}" -o "$out/alone")
t1=$(now)
printf '%-14s %9s %9s %8s %12s %8s %10s %14s\n' processes wall_s solve_s cpu_s "realiz./s" speedup efficiency \
    "realiz./s/rank"
printf '%-14s %9.2f %9.2f %8.2f %12.1f %8s %10s %14.1f\n' "1 (no mpirun)" "$(calc "$t1 - $t0")" \
    "$(solve_time "$out/alone")" "$cpu" "$(calc "$realizations / $(solve_time "$out/alone")")" - - \
    "$(calc "$realizations / $(solve_time "$out/alone")")"
base=""
for k in $(seq 1 "$max_ranks"); do
    t0=$(now)
    cpu=$(cpu_of "${mpi[@]}" -np "$k" "$otmec" "${args[@]}" -o "$out/np$k")
    t1=$(now)
    wall=$(calc "$t1 - $t0")
    solve=$(solve_time "$out/np$k")
    rate=$(calc "$realizations / $solve")
    [ -z "$base" ] && base=$rate
    printf '%-14s %9.2f %9.2f %8.2f %12.1f %8.2f %10.2f %14.1f\n' "mpirun -np $k" "$wall" "$solve" "$cpu" "$rate" \
        "$(calc "$rate / $base")" "$(calc "$rate / $base / $k")" "$(calc "$rate / $k")"
    cmp -s "$out/alone/realizations.csv" "$out/np$k/realizations.csv" ||
        { echo "scaling.sh: mpirun -np $k wrote another realizations.csv" >&2; exit 1; }
done
echo "every K wrote the same realizations.csv"
