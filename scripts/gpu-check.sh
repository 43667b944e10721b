#!/usr/bin/env bash
# GPU check for a machine with an NVIDIA GPU and the CUDA toolkit but no
# package registry: builds with the CUDA backend, runs the test suite, runs
# compute-sanitizer on the CUDA test, and runs the quick benchmark. Every log
# goes to $OUT (default ./gpu-check-out); the whole check fits in 5 minutes.
#
# What the machine may lack is carried along:
#   GTEST_SRC      GoogleTest source tree (default ./.carry/googletest, a copy
#                  of Debian's /usr/src/googletest); used when no installed
#                  GoogleTest is found.
#   RANDOM123_INC  folder holding Random123/philox.h (default ./.carry/random123,
#                  a copy of /usr/include/Random123 under it); without it the
#                  Philox known-answer test is not built.
# Without cJSON, JSON I/O, the CLI and the tests that need them are left out.
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
    step ctest 60 ctest --test-dir "$BUILD" --output-on-failure -j4
    if command -v compute-sanitizer >/dev/null 2>&1; then
        step sanitizer 30 compute-sanitizer --tool memcheck --error-exitcode 1 "$BUILD/tests/test_cuda_owner_eval"
    else
        echo "compute-sanitizer not found" | tee "$OUT/sanitizer.log"
        failed+=(sanitizer)
    fi
    step bench 30 "$BUILD/bench_solve" --quick
fi

if [ ${#failed[@]} -ne 0 ]; then
    echo "gpu-check: FAILED: ${failed[*]} (logs in $OUT)" | tee "$OUT/result.log"
    exit 1
fi
echo "gpu-check: passed (logs in $OUT)" | tee "$OUT/result.log"
