#!/usr/bin/env bash
# GPU check for a machine with an NVIDIA GPU and the CUDA toolkit but no
# package registry: builds with the CUDA backend, runs the GPU tests, runs
# compute-sanitizer (memcheck, racecheck, synccheck) on a small batch, and the
# benchmarks. Every log goes to $OUT (default ./gpu-check-out); the whole check
# is sized for 5 minutes on an H200 machine with 16 cores.
#
# What the machine may lack is carried along:
#   GTEST_SRC      GoogleTest source tree (default ./.carry/googletest, a copy
#                  of Debian's /usr/src/googletest); used when no installed
#                  GoogleTest is found.
#   RANDOM123_INC  folder holding Random123/philox.h (default ./.carry/random123,
#                  a copy of /usr/include/Random123 under it); without it the
#                  Philox known-answer test is not built.
# scripts/gpu-carry.sh fills .carry/ from this machine's packages. Without
# cJSON, JSON I/O, the CLI and the tests that need them are left out; the GPU
# tests and the benchmarks need none of it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

OUT=${OUT:-$PWD/gpu-check-out}
GTEST_SRC=${GTEST_SRC:-$PWD/.carry/googletest}
RANDOM123_INC=${RANDOM123_INC:-$PWD/.carry/random123}
BUILD=build-gpu
mkdir -p "$OUT"
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH"
fi

failed=()
# step NAME SECONDS COMMAND...: runs COMMAND under a time limit, its output
# in $OUT/NAME.log and on the terminal; records a failure and carries on.
step() {
    local name=$1 limit=$2
    shift 2
    echo "== $name: $*" | tee "$OUT/$name.log"
    if ! timeout "$limit" "$@" 2>&1 | tee -a "$OUT/$name.log"; then
        echo "== $name FAILED" | tee -a "$OUT/$name.log"
        failed+=("$name")
        return 1
    fi
}

step device 20 nvidia-smi

config=(-DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=ON -DOTMEC_GTEST_SOURCE_DIR="$GTEST_SRC")
if [ -f "$RANDOM123_INC/Random123/philox.h" ]; then
    config+=(-DOTMEC_RANDOM123_INCLUDE_DIR="$RANDOM123_INC")
fi
if step configure 60 cmake -S . -B "$BUILD" "${config[@]}" &&
    step build 120 cmake --build "$BUILD" -j "$(nproc)"; then
    # The GPU cases (each skips itself without a device) and the host-team
    # emulation of the kernel's control flow; CI runs the rest of the suite.
    step ctest 150 ctest --test-dir "$BUILD" --output-on-failure -j4 -R "Cuda|Team|Batch"
    if command -v compute-sanitizer >/dev/null 2>&1; then
        small=(--gtest_filter=CudaBatch.AgreesWithCpuOneOwner)
        step memcheck 60 compute-sanitizer --tool memcheck --error-exitcode 1 "$BUILD/tests/test_cuda_batch" "${small[@]}"
        step racecheck 60 compute-sanitizer --tool racecheck --error-exitcode 1 "$BUILD/tests/test_cuda_batch" "${small[@]}"
        step synccheck 60 compute-sanitizer --tool synccheck --error-exitcode 1 "$BUILD/tests/test_cuda_batch" "${small[@]}"
    else
        echo "compute-sanitizer not found" | tee "$OUT/sanitizer.log"
        failed+=(sanitizer)
    fi
    step bench 30 "$BUILD/bench_solve" --quick
    # The issue's grid in two steps, so that a slow N = 4000 leaves the rest
    # standing; the CPU column from 16 realizations a cell.
    step bench_backends 90 "$BUILD/bench_backends" --owners 100,1000 --realizations 1000,10000 \
        --cpu-realizations 16 --backend both
    step bench_backends_4000 90 "$BUILD/bench_backends" --owners 4000 --realizations 1000,10000 \
        --cpu-realizations 16 --backend both
fi

if [ ${#failed[@]} -ne 0 ]; then
    echo "gpu-check: FAILED: ${failed[*]} (logs in $OUT)" | tee "$OUT/result.log"
    exit 1
fi
echo "gpu-check: passed (logs in $OUT)" | tee "$OUT/result.log"
