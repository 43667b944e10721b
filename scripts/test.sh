#!/usr/bin/env bash
# Builds otmec and runs the whole test suite twice: a Release build in build/
# (with the CUDA backend when a CUDA compiler is found; its GPU cases skip
# without a device, and with the MEX files for Octave, whose tests are
# written in Octave: label octave), then an AddressSanitizer + UBSan build in build-asan/
# without CUDA. Between the two, the CUDA tests run on the emulated runtime
# in build-emu/ (OTMEC_CUDA_EMULATION=ON: the kernels' own code on the host). The Release build has MPI (OpenMPI, from deps.sh) and runs
# the tests of runs over several processes; the sanitizer build is the
# build without MPI. Both have HDF5 (-DOTMEC_HDF5=ON: its tests must run);
# the shared build below is the build without it (its HDF5 tests skip,
# saying so). After the Release tests, the independent validation
# (tests/validation, label `validation`; its Python environment is created
# from PyPI in build/validation-venv on the first run) and its figures. Last,
# the package checks: a shared build without CUDA in build-shared/ with the
# tests of the public API, installed into a fresh prefix and used from outside the tree
# (tests/install/check.sh: pkg-config, find_package(otmec), exported symbols),
# and the Python package built by `pip install .` into a fresh virtual
# environment (build/python-venv, from PyPI) with its pytest tests. Last, a
# fuzz smoke run (scripts/fuzz.sh, 25 s for each of its 4 harnesses) where
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
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA=AUTO -DOTMEC_MPI="$mpi" -DOTMEC_HDF5=ON -DOTMEC_VALIDATION=ON \
    -DOTMEC_MATLAB=ON
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

echo "== CUDA emulation (build-emu/): the kernels of cuda/ run on the host =="
# The CUDA tests and the tool's --backend cuda on the emulated runtime of
# cuda/emulation (a fiber per CUDA thread, real barriers, checked shared
# memory): none may skip (label cuda-emulation; docs/gpu.md).
cmake -S . -B build-emu -DCMAKE_BUILD_TYPE=Release -DOTMEC_CUDA_EMULATION=ON -DOTMEC_MPI=OFF -DOTMEC_BUILD_BENCH=OFF
cmake --build build-emu -j "$jobs" --target cuda_emulation_tests
ctest --test-dir build-emu --output-on-failure -j2 -L cuda-emulation

echo "== AddressSanitizer + UBSan build (build-asan/) =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOTMEC_SANITIZE=ON -DOTMEC_CUDA=OFF -DOTMEC_MPI=OFF \
    -DOTMEC_HDF5=ON
cmake --build build-asan -j "$jobs"
ctest --test-dir build-asan --output-on-failure -j2 -LE slow

echo "== Shared library, install and consumers (build-shared/) =="
# The tests of the public API alone: they link libotmec.so; the others test the
# same code through the static copy, as the Release build already did.
cmake -S . -B build-shared -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DOTMEC_CUDA=OFF -DOTMEC_HDF5=OFF \
    -DOTMEC_BUILD_BENCH=OFF -DOTMEC_TESTS_PUBLIC_API_ONLY=ON
cmake --build build-shared -j "$jobs"
ctest --test-dir build-shared --output-on-failure -j2 -LE "validation|slow"
bash tests/install/check.sh build-shared

echo "== Python package (pip install . into build/python-venv; pytest) =="
python=${PYTHON:-python3}
"$python" -m venv --clear build/python-venv
# The build folder is kept between runs, so a rerun compiles only what changed.
build/python-venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -C build-dir=build/python-build -C cmake.define.OTMEC_CUDA=OFF ".[test]"
# pytest exits 5 when it collects no test: under set -e that fails too.
(cd python/tests && OTMEC_CLI="$PWD/../../build/otmec" ../../build/python-venv/bin/python -m pytest -q)

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
