#!/usr/bin/env bash
# Builds otmec and runs the whole test suite twice: a Release build in build/
# (with the CUDA backend when a CUDA compiler is found; its GPU cases skip
# without a device), then an AddressSanitizer + UBSan build in build-asan/
# without CUDA. The Release build has MPI (OpenMPI, from deps.sh) and runs
# the tests of runs over several processes; the sanitizer build is the
# build without MPI. After the Release tests, the independent validation
# (tests/validation, label `validation`; its Python environment is created
# from PyPI in build/validation-venv on the first run) and its figures. Last,
# a fuzz smoke run (scripts/fuzz.sh, 25 s for each of its 4 harnesses) where
# clang with libFuzzer is available. Tests labelled `slow` are left out (run
# them with ctest -L slow).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/deps.sh

# The CUDA toolkit usually sits outside PATH; OTMEC_CUDA=AUTO looks on PATH.
if ! command -v nvcc >/dev/null 2>&1 && [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH"
fi
jobs=$(nproc 2>/dev/null || echo 2)

echo "== Release build (build/) =="
# MPI: required where mpirun is installed, so that its tests never skip unnoticed.
mpi=AUTO
command -v mpirun >/dev/null 2>&1 && mpi=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=AUTO -DOTMEC_MPI="$mpi" -DOTMEC_VALIDATION=ON
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j2 -LE "validation|slow"

echo "== Independent validation (tests/validation: CVXPY + Clarabel, SciPy; venv in build/) =="
ctest --test-dir build --output-on-failure -j2 -L validation
cat build/validation-report/sp2.txt build/validation-report/full.txt build/validation-report/p1.txt

# Smoke run of the benchmark: it must run; its timings decide nothing.
build/bench_solve --quick
if [ "$mpi" = ON ]; then
    bash bench/scaling.sh build 40 2 5
fi

echo "== AddressSanitizer + UBSan build (build-asan/) =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOTMEC_SANITIZE=ON -DOTMEC_CUDA=OFF -DOTMEC_MPI=OFF
cmake --build build-asan -j "$jobs"
ctest --test-dir build-asan --output-on-failure -j2 -LE slow

echo "== Fuzz smoke (build-fuzz/) =="
# clang and its libFuzzer runtime (deps.sh installs them where it can).
probe=$(mktemp)
if command -v clang >/dev/null 2>&1 &&
    echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d == 0 && n > 0; }' |
    clang -x c -fsanitize=fuzzer - -o "$probe" >/dev/null 2>&1; then
    rm -f "$probe"
    bash scripts/fuzz.sh 25
else
    rm -f "$probe"
    echo "test.sh: fuzz smoke SKIPPED: no clang with libFuzzer (apt-get install clang libclang-rt-dev)"
fi

echo "test.sh: all tests passed"
