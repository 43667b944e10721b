#!/usr/bin/env bash
# The GPU check: everything a machine with an NVIDIA GPU can tell about the
# CUDA backend, in one command that fits a short device lease. Steps, in
# order of value, each under its own time limit and all under one budget, so
# that a slow step never takes the ones after it down:
#   device      nvidia-smi (the card as found; its settings are never touched)
#   configure   cmake, CUDA on, sm_90
#   build       only what the check runs (library, CUDA tests, benchmarks)
#   smoke       one realization on the device against the CPU
#   agreement   the CUDA tests: batch agreement, repeatability, chunking,
#               layouts, the test kernel (test_cuda_*), host teams (test_team)
#   bench_10 .. bench_1000
#               bench_backends at N = 10, 100, 1000 (and both layouts at N = 10)
#   memcheck, racecheck, synccheck, initcheck
#               compute-sanitizer on one small batch
#   register_cap
#               what the kernel's cap of 128 registers (16 warps, about twice
#               the spills) buys against 255 (8 warps): the kernel rebuilt
#               with OTMEC_CUDA_MIN_BLOCKS=1, both timed side by side
# Logs go to $OUT/logs.tar.gz (the device tool brings back at most 8 files),
# a one-page summary to $OUT/summary.md and the benchmark rows to
# $OUT/bench.txt.
#
# Environment:
#   OUT             where the results go (default ./gpu-check-out)
#   GPU_CHECK_BUDGET  seconds the whole check may take (default 360)
#   GPU_CHECK_EMULATE=1  the rehearsal: the same steps on the emulated runtime
#                   (OTMEC_CUDA_EMULATION=ON, no GPU needed; benchmarks and
#                   sanitizers shrink or are reported as not available)
#   GTEST_SRC, RANDOM123_INC  GoogleTest source and Random123 headers for a
#                   machine without a package registry (scripts/gpu-carry.sh
#                   fills ./.carry/ with both)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT=${OUT:-$PWD/gpu-check-out}
BUDGET=${GPU_CHECK_BUDGET:-360}
EMULATE=${GPU_CHECK_EMULATE:-0}
GTEST_SRC=${GTEST_SRC:-$PWD/.carry/googletest}
RANDOM123_INC=${RANDOM123_INC:-$PWD/.carry/random123}
BUILD=build-gpu
[ "$EMULATE" = 1 ] && BUILD=build-gpu-emu
LOGS=$OUT/logs
mkdir -p "$LOGS"
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH"
fi
start=$SECONDS
rows=()    # summary rows: step | result | seconds | limit
failed=()

finish() {
    {
        echo "# gpu-check summary"
        echo
        echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $( [ "$EMULATE" = 1 ] && echo 'REHEARSAL on the emulated runtime' || echo 'device run'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), budget ${BUDGET} s, used $((SECONDS - start)) s"
        echo
        echo "| step | result | seconds | limit |"
        echo "|---|---|---|---|"
        printf '%s\n' "${rows[@]}"
        echo
        if [ -s "$LOGS/device.log" ]; then
            echo '## Device'
            echo '```'
            grep -E "NVIDIA|Driver|MiB" "$LOGS/device.log" | head -6
            echo '```'
        fi
        echo '## Agreement (failures, if any)'
        echo '```'
        grep -hE "^\[  (FAILED|PASSED)|tests passed|tests failed" "$LOGS"/smoke.log "$LOGS"/agreement.log 2>/dev/null | sort | uniq -c | head -20
        echo '```'
        echo '## Benchmarks (bench_backends; full rows in bench.txt)'
        echo '```'
        cat "$OUT/bench.txt" 2>/dev/null
        echo '```'
        echo '## Sanitizers'
        echo '```'
        grep -hE "ERROR SUMMARY|not available" "$LOGS"/{memcheck,racecheck,synccheck,initcheck}.log 2>/dev/null
        echo '```'
        if [ ${#failed[@]} -ne 0 ]; then echo "FAILED: ${failed[*]}"; else echo "all steps passed"; fi
    } > "$OUT/summary.md"
    tar -C "$OUT" -czf "$OUT/logs.tar.gz" logs && rm -rf "$LOGS"
    cat "$OUT/summary.md"
}
trap finish EXIT

# step NAME LIMIT COMMAND...: COMMAND under min(LIMIT, what the budget has
# left), its output in $LOGS/NAME.log; a failure is recorded and the check
# carries on. Without 20 s of budget left a step is not started.
step() {
    local name=$1 limit=$2
    shift 2
    local left=$((BUDGET - (SECONDS - start)))
    if [ "$left" -lt 20 ]; then
        rows+=("| $name | not run: budget spent | 0 | $limit |")
        failed+=("$name")
        return 1
    fi
    [ "$limit" -gt "$left" ] && limit=$left
    local t0=$SECONDS rc
    echo "== $name (limit ${limit} s): $*" | tee "$LOGS/$name.log"
    timeout -k 5 "$limit" "$@" >>"$LOGS/$name.log" 2>&1
    rc=$?
    tail -n 3 "$LOGS/$name.log"
    local took=$((SECONDS - t0)) result=passed
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        result="TIMED OUT"
    elif [ $rc -ne 0 ]; then
        result="FAILED (exit $rc)"
    fi
    rows+=("| $name | $result | $took | $limit |")
    if [ "$result" != passed ]; then
        failed+=("$name")
        return 1
    fi
}

# not_available NAME WHY: a row for a step this machine cannot run.
not_available() {
    echo "$2: not available" > "$LOGS/$1.log"
    rows+=("| $1 | not available: $2 | 0 | - |")
}

if [ "$EMULATE" = 1 ]; then
    not_available device "emulated runtime, no GPU"
else
    step device 15 nvidia-smi
fi

config=(-DCMAKE_BUILD_TYPE=Release -DOTMEC_MPI=OFF -DOTMEC_PYTHON=OFF -DOTMEC_INSTALL=OFF
    -DOTMEC_GTEST_SOURCE_DIR="$GTEST_SRC")
if [ "$EMULATE" = 1 ]; then
    config+=(-DOTMEC_CUDA_EMULATION=ON)
else
    # A device that does not answer fails the CUDA tests instead of skipping them.
    config+=(-DOTMEC_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=90 -DOTMEC_CUDA_TESTS_MUST_RUN=ON)
fi
if [ -f "$RANDOM123_INC/Random123/philox.h" ]; then
    config+=(-DOTMEC_RANDOM123_INCLUDE_DIR="$RANDOM123_INC")
fi
targets=(test_cuda_batch test_cuda_owner_eval test_team bench_backends bench_solve)
step configure 60 cmake -S . -B "$BUILD" "${config[@]}" || exit 1
step build 240 cmake --build "$BUILD" -j "$(nproc)" --target "${targets[@]}" || exit 1
# The CLI cases (test_cuda_cli) need cJSON, absent on a machine without a
# package registry; the emulation runs them in CI.
[ -x "$BUILD/otmec" ] || [ "$EMULATE" = 1 ] || echo "no otmec CLI here (no cJSON): test_cuda_cli left to the emulation"

step smoke 60 "$BUILD/tests/test_cuda_batch" --gtest_filter=CudaBatch.SolveBackendCudaMatchesCpu
step agreement 150 bash -c "set -o pipefail; for t in test_cuda_batch test_cuda_owner_eval; do
    $BUILD/tests/\$t || exit 1; done; $BUILD/tests/test_team"

# The benchmark grid: the device solves every realization, the CPU (all cores)
# the first 16 of each cell. N = 10 twice more: each layout forced.
if [ "$EMULATE" = 1 ]; then
    grid10=(--owners 10 --realizations 40 --cpu-realizations 8)
    grid100=(--owners 100 --realizations 4 --cpu-realizations 2)
    grid1000=(--owners 1000 --realizations 1 --cpu-realizations 1)
else
    grid10=(--owners 10 --realizations 10000,100000 --cpu-realizations 256)
    grid100=(--owners 100 --realizations 1000,10000 --cpu-realizations 64)
    grid1000=(--owners 1000 --realizations 1000 --cpu-realizations 16)
fi
bench() { # bench NAME LIMIT ARGS...: bench_backends rows appended to bench.txt
    local name=$1 limit=$2
    shift 2
    step "$name" "$limit" "$BUILD/bench_backends" "$@" &&
        { echo "# $name: $*"; grep -E "^ *[0-9]+ +[0-9]+ " "$LOGS/$name.log"; } >>"$OUT/bench.txt"
}
bench bench_10 60 "${grid10[@]}"
bench bench_10_team1 45 "${grid10[@]}" --backend cuda --cuda-team 1
bench bench_10_team32 45 "${grid10[@]}" --backend cuda --cuda-team 32
bench bench_100 60 "${grid100[@]}"
bench bench_1000 60 "${grid1000[@]}"

# compute-sanitizer on one small batch (one realization of 10 owners).
small=("$BUILD/tests/test_cuda_batch" --gtest_filter=CudaBatch.SolveBackendCudaMatchesCpu)
for tool in memcheck racecheck synccheck initcheck; do
    if [ "$EMULATE" = 1 ]; then
        not_available "$tool" "the emulation checks barriers and shared memory itself (tests/test_cuda_emulation.cpp)"
    elif command -v compute-sanitizer >/dev/null 2>&1; then
        step "$tool" 60 compute-sanitizer --tool "$tool" --error-exitcode 1 "${small[@]}"
    else
        not_available "$tool" "compute-sanitizer not found"
        failed+=("$tool")
    fi
done

# The register cap against none, alternating, N = 10 (a thread per
# realization) and 100 (a team of 128): rows "cap 128" and "cap 255" in
# bench.txt (docs/gpu.md, "Why not none").
register_cap() {
    cmake -S . -B "$BUILD-255" "${config[@]}" -DOTMEC_CUDA_MIN_BLOCKS=1 >/dev/null &&
        cmake --build "$BUILD-255" -j "$(nproc)" --target bench_backends || return 1
    local round cap args
    for round in 1 2; do
        for cap in 128 255; do
            local dir=$BUILD
            [ "$cap" = 255 ] && dir=$BUILD-255
            for args in "${cap_grid10[*]}" "${cap_grid100[*]}"; do
                echo "# cap $cap, round $round: $args"
                # shellcheck disable=SC2086
                "$dir/bench_backends" --backend cuda --fp64-peak 34 $args || return 1
            done
        done
    done
}
if [ "$EMULATE" = 1 ]; then
    not_available register_cap "the emulated runtime has no registers"
else
    cap_grid10=(--owners 10 --realizations 100000)
    cap_grid100=(--owners 100 --realizations 10000)
    step register_cap 180 register_cap &&
        { echo "# register_cap: cap 128 (shipped) and 255, alternating"; grep -E "^# cap|^ *[0-9]+ +[0-9]+ " "$LOGS/register_cap.log"; } >>"$OUT/bench.txt"
fi

[ ${#failed[@]} -eq 0 ]
