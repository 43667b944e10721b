#!/usr/bin/env bash
# This tree's otmec against an earlier revision, side by side in one run:
#   1. bench_pipeline (CPU time and interior-point iterations per realization,
#      median / p90 / max) for N = 10, 100, 1000, 10000, the two builds
#      alternating size by size;
#   2. bench/compare_pipelines.py: the Monte Carlo matrix, realization by
#      realization (ratio loss, statuses, iterations).
# The revision (default 814a086, the pipeline before "one AO step, lambda
# inside the refinement") is exported with git archive and built in
# build/ref-REV without CUDA. Usage:
#   bash bench/compare_pipelines.sh [--rev REV] [--quick] [--skip-table] [--skip-matrix]
# Results go to stdout and build/compare-pipelines/. Takes 10-15 minutes on
# one core (--quick: about 2). Not a test: figures only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rev=814a086 quick=() table=1 matrix=1
while [ $# -gt 0 ]; do
    case "$1" in
    --rev) rev=$2; shift 2 ;;
    --quick) quick=(--quick); shift ;;
    --skip-table) table=0; shift ;;
    --skip-matrix) matrix=0; shift ;;
    -h | --help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "compare_pipelines.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
done
jobs=$(nproc 2>/dev/null || echo 2)
ref=build/ref-$rev
out=build/compare-pipelines

# this tree
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs" --target otmec_cli bench_pipeline >/dev/null
# the reference: its library and CLI, and this tree's bench against its header
if [ ! -x "$ref/build/otmec" ]; then
    rm -rf "$ref"
    mkdir -p "$ref"
    git archive "$rev" | tar -x -C "$ref"
    cmake -S "$ref" -B "$ref/build" -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=OFF -DOTMEC_BUILD_TESTS=OFF >/dev/null
    cmake --build "$ref/build" -j "$jobs" --target otmec otmec_cli >/dev/null
fi
cc -O2 -std=c11 -I"$ref/include" -I"$ref/build/generated" bench/bench_pipeline.c "$ref/build/libotmec.a" \
    -lm -fopenmp -o "$ref/build/bench_pipeline"

if [ "$table" = 1 ]; then
    if [ ${#quick[@]} -gt 0 ]; then
        sizes=(10 100 1000) reps=(100 10 2)
    else
        sizes=(10 100 1000 10000) reps=(300 30 5 1)
    fi
    echo "== CPU time and interior-point iterations per realization (scaled default scenario, one thread) =="
    header=()
    for k in "${!sizes[@]}"; do
        "$ref/build/bench_pipeline" "${header[@]}" --sizes "${sizes[$k]}" --reps "${reps[$k]}" --label "$rev"
        build/bench_pipeline --no-header --sizes "${sizes[$k]}" --reps "${reps[$k]}" --label this
        header=(--no-header)
    done
fi
if [ "$matrix" = 1 ]; then
    echo
    echo "== Monte Carlo matrix, realization by realization ($rev -> this tree) =="
    python3 bench/compare_pipelines.py --base "$ref/build/otmec" --new build/otmec -o "$out" "${quick[@]}"
fi
