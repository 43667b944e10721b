#!/usr/bin/env bash
# Fuzzes each libFuzzer harness of tests/fuzz for SECONDS seconds (default 60):
# the instance reader, the scenario reader, the model checker and the solver
# on small instances, one after the other. Builds them first with clang in build-fuzz/ (OTMEC_FUZZ=ON:
# AddressSanitizer + UBSan, coverage for libFuzzer).
#
#   bash scripts/fuzz.sh [SECONDS] [HARNESS...]     HARNESS: instance scenario check solve
#
# Each harness starts from its seed corpus, tests/fuzz/corpus/NAME/ (read
# only), and keeps what it learns in build-fuzz/corpus/NAME/, so later runs
# go on from there. A finding stops that harness and leaves its input in
# build-fuzz/artifacts/; the script then fails. Reproduce with
#   build-fuzz/tests/fuzz/fuzz_NAME build-fuzz/artifacts/NAME-crash-...
# and, once fixed, copy the input into tests/fuzz/corpus/NAME/ so that the
# test suite replays it. Environment: FUZZ_BUILD (build folder, default
# build-fuzz), FUZZ_JOBS (build jobs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-60}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(instance scenario check solve)
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz.sh: SECONDS must be a positive whole number (got '$seconds')" >&2
    exit 2
fi
for h in "${harnesses[@]}"; do
    case "$h" in
        instance | scenario | check | solve) ;;
        *) echo "fuzz.sh: unknown harness '$h' (expected instance, scenario, check or solve)" >&2; exit 2 ;;
    esac
done
if ! command -v clang >/dev/null 2>&1 || ! command -v clang++ >/dev/null 2>&1; then
    echo "fuzz.sh: clang not found (apt-get install clang libclang-rt-dev)" >&2
    exit 2
fi

build=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOTMEC_FUZZ=ON \
    -DOTMEC_CUDA=OFF -DOTMEC_BUILD_TESTS=OFF -DOTMEC_BUILD_CLI=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target $(printf 'fuzz_%s ' "${harnesses[@]}")

status=0
for h in "${harnesses[@]}"; do
    corpus="$build/corpus/$h"
    mkdir -p "$corpus" "$build/artifacts"
    dict=()
    case "$h" in instance | scenario) dict=(-dict=tests/fuzz/json.dict) ;; esac
    echo "== fuzz_$h: ${seconds} s =="
    # -timeout: one input running that long is a finding too (a hang). A
    # solve, even limited to a few iterations, takes up to seconds with the
    # sanitizers on a loaded machine.
    timeout=10
    [ "$h" = solve ] && timeout=60
    if ! "$build/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 "${dict[@]}" -artifact_prefix="$build/artifacts/$h-" \
        "$corpus" "tests/fuzz/corpus/$h" 2>"$build/fuzz_$h.log"; then
        status=1
        echo "fuzz_$h: FAILED; log: $build/fuzz_$h.log" >&2
        grep -A 30 -m1 -E "ERROR|property does not hold|runtime error" "$build/fuzz_$h.log" >&2 || tail -n 30 "$build/fuzz_$h.log" >&2
    else
        grep -E "stat::number_of_executed_units|stat::average_exec_per_sec" "$build/fuzz_$h.log" || true
        echo "fuzz_$h: no finding; corpus $corpus ($(ls "$corpus" | wc -l) inputs)"
    fi
done
exit $status
