#!/usr/bin/env bash
# Instructions per owner per interior-point iteration: callgrind counts the
# instructions of one otmec_solve (bench_pipeline, scaled default scenario,
# seed 1, stream 0, default settings, set-up and finish included) and divides
# them by N times its Newton iterations. A count, not a time: the same on a
# busy machine, which is why the cost issue states its target in it.
#
# Usage: bash bench/owner_iteration_cost.sh [BUILD_DIR] [SIZES...]
#        (defaults: build 100; run from the repository root; needs valgrind)
set -euo pipefail

build=${1:-build}
shift $(($# < 1 ? $# : 1))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100)
bench="$build/bench_pipeline"
[ -x "$bench" ] || { echo "owner_iteration_cost.sh: no $bench (build first)" >&2; exit 2; }
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null ||
    { echo "owner_iteration_cost.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf '%9s %11s %9s %14s\n' N Newton_it instr instr_per_owner_it
for n in "${sizes[@]}"; do
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bench" --no-header --sizes "$n" --reps 1 \
        >"$work/bench.txt" 2>"$work/valgrind.txt"
    # columns of bench_pipeline: build N R cpu_s_med cpu_s_p90 cpu_s_max ipm_med ...
    iterations=$(awk '{print $7}' "$work/bench.txt")
    instr=$(callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null |
        awk '/[: ]otmec_solve( |$)/ {gsub(",", "", $1); print $1; exit}')
    [ -n "$instr" ] && [ -n "$iterations" ] ||
        { echo "owner_iteration_cost.sh: no otmec_solve in the profile of N = $n" >&2; exit 1; }
    awk -v n="$n" -v it="$iterations" -v instr="$instr" \
        'BEGIN { printf "%9d %11d %9.3gM %14.0f\n", n, it, instr / 1e6, instr / (n * it) }'
done
